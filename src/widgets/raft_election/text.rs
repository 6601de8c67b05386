//! The widget's words: narration of an event (the crate's own sentences), short message
//! labels and marks, and the fields the inspector lists for a server or a message.

use raft_sim::{Body, Cause, Cluster, Envelope, Loss, Message, Node, Role, StepReport};

/// Escapes text for SVG markup.
pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A role in words (a server that is down has none).
pub(super) fn role_word(role: Role, up: bool) -> &'static str {
    if !up {
        return "Down";
    }
    match role {
        Role::Follower => "Follower",
        Role::PreCandidate => "Pre-candidate",
        Role::Candidate => "Candidate",
        Role::Leader => "Leader",
    }
}

/// A message's mark in the drawing: one or two characters (the legend under the drawing
/// explains them); its shape and colour say the rest.
pub(super) fn message_glyph(m: &Message) -> String {
    match &m.body {
        Body::RequestVote { .. } => "?".into(),
        Body::VoteResponse { granted, .. }
        | Body::AppendResponse {
            success: granted, ..
        } => if *granted { "✓" } else { "✗" }.into(),
        Body::AppendEntries { entries, .. } if entries.is_empty() => "♥".into(),
        Body::AppendEntries { entries, .. } => format!("+{}", entries.len()),
    }
}

/// A message's label in the inspector: its kind, short, with the answer or entry count.
pub(super) fn message_label(m: &Message) -> String {
    match &m.body {
        Body::RequestVote {
            pre_vote: false, ..
        } => "Vote?".into(),
        Body::RequestVote { pre_vote: true, .. } => "Pre?".into(),
        Body::VoteResponse { granted, pre_vote } => format!(
            "{}{}",
            if *pre_vote { "Pre" } else { "Vote" },
            if *granted { "✓" } else { "✗" }
        ),
        Body::AppendEntries { entries, .. } if entries.is_empty() => "♥".into(),
        Body::AppendEntries { entries, .. } => format!("AE+{}", entries.len()),
        Body::AppendResponse { success, .. } => format!("AE{}", if *success { "✓" } else { "✗" }),
    }
}

/// The sentence for one event: its number and time, what caused it, and what each
/// server did, in the crate's words.
pub(super) fn event_sentence(report: &StepReport) -> String {
    let cause = match &report.cause {
        Cause::Start => "the start".to_string(),
        Cause::Delivered(e) => format!("{} arrived", e.message),
        Cause::Lost { envelope, because } => format!(
            "{} was lost ({})",
            envelope.message,
            match because {
                Loss::Partitioned => "the link is cut",
                Loss::ReceiverDown => "the receiver is down",
            }
        ),
        Cause::Timer(n) => format!("{n}'s timer fired"),
        Cause::Command(c) => super::run::capitalise(&c.to_string()),
    };
    let mut line = format!("Event {} (t={}): {cause}", report.step + 1, report.time);
    for n in report.narration() {
        line.push_str("; ");
        line.push_str(&n.to_string());
    }
    line.push('.');
    line
}

/// The status line: who leads, the highest term, and a warning when two servers both
/// believe they lead (markup, with the test ids the end-to-end tests read).
pub(super) fn status_html(cluster: &Cluster) -> String {
    let leader = cluster.leader().and_then(|l| cluster.node(l)).map_or_else(
        || "no leader".to_string(),
        |l| format!("{} leads term {}", l.id(), l.term()),
    );
    let term = cluster.nodes().iter().map(|n| n.term()).max().unwrap_or(0);
    let leading = cluster
        .nodes()
        .iter()
        .filter(|n| cluster.is_up(n.id()) && n.role() == Role::Leader)
        .count();
    format!(
        r#"<strong data-testid="raft-leader">{leader}</strong> · highest term <span data-testid="raft-term">{term}</span>{}"#,
        if leading > 1 {
            " · two servers believe they lead (in different terms)"
        } else {
            ""
        }
    )
}

/// The fields of a server, as (name, value) rows.
pub(super) fn node_fields(cluster: &Cluster, node: &Node) -> Vec<(&'static str, String)> {
    let up = cluster.is_up(node.id());
    let none = || "none".to_string();
    let mut rows = vec![
        ("server", node.id().to_string()),
        ("role", role_word(node.role(), up).to_string()),
        ("currentTerm", node.term().to_string()),
        (
            "votedFor",
            node.voted_for().map_or_else(none, |v| v.to_string()),
        ),
        (
            "log",
            format!(
                "{} entries, last of term {}",
                node.log().last_index(),
                node.log().last_term()
            ),
        ),
    ];
    if !up {
        rows.push((
            "note",
            "down: only the persistent state above survives".into(),
        ));
        return rows;
    }
    rows.push(("commitIndex", node.commit_index().to_string()));
    rows.push(("leader", node.leader().map_or_else(none, |l| l.to_string())));
    if node.role() == Role::Leader {
        rows.push(("next heartbeat", format!("t = {}", node.next_deadline())));
        let progress: Vec<String> = node
            .progress()
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != node.id().index())
            .map(|(i, p)| format!("S{}: next {}, match {}", i + 1, p.next_index, p.match_index))
            .collect();
        rows.push(("nextIndex / matchIndex", progress.join("; ")));
    } else {
        rows.push((
            "election timer",
            format!(
                "fires at t = {} (timeout {})",
                node.election_deadline(),
                node.election_timeout()
            ),
        ));
    }
    if matches!(node.role(), Role::Candidate | Role::PreCandidate) {
        let votes: Vec<String> = node
            .votes()
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|g| format!("S{} {}", i + 1, if g { "yes" } else { "no" })))
            .collect();
        rows.push((
            "votes",
            format!("{} (needs {})", votes.join(", "), node.quorum()),
        ));
    }
    rows
}

/// The fields of a message in flight, as (name, value) rows.
pub(super) fn message_fields(e: &Envelope) -> Vec<(&'static str, String)> {
    let m = &e.message;
    let mut rows = vec![
        ("message", format!("#{} {}", e.id, m.kind())),
        ("from → to", format!("{} → {}", m.from, m.to)),
        ("term", m.term.to_string()),
        (
            "sent / arrives",
            format!("t = {} / t = {}", e.sent_at, e.deliver_at),
        ),
    ];
    match &m.body {
        Body::RequestVote {
            last_log_index,
            last_log_term,
            pre_vote,
        } => {
            rows.push(("lastLogIndex", last_log_index.to_string()));
            rows.push(("lastLogTerm", last_log_term.to_string()));
            rows.push(("pre-vote", pre_vote.to_string()));
        }
        Body::VoteResponse { granted, pre_vote } => {
            rows.push(("voteGranted", granted.to_string()));
            rows.push(("pre-vote", pre_vote.to_string()));
        }
        Body::AppendEntries {
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit,
        } => {
            rows.push(("prevLogIndex", prev_log_index.to_string()));
            rows.push(("prevLogTerm", prev_log_term.to_string()));
            let list: Vec<String> = entries
                .iter()
                .map(|en| format!("{} (term {})", en.command, en.term))
                .collect();
            rows.push((
                "entries",
                if list.is_empty() {
                    "none (a heartbeat)".into()
                } else {
                    list.join(", ")
                },
            ));
            rows.push(("leaderCommit", leader_commit.to_string()));
        }
        Body::AppendResponse {
            success,
            index,
            last_index,
        } => {
            rows.push(("success", success.to_string()));
            rows.push(("index", index.to_string()));
            rows.push(("last index", last_index.to_string()));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::{ClusterConfig, NodeId};

    #[test]
    fn a_timeout_is_narrated_in_the_crates_words() {
        let mut c = Cluster::new(ClusterConfig::new(3, 1).unwrap());
        let r = c.step().unwrap().clone();
        let line = event_sentence(&r);
        assert!(line.starts_with("Event 1 (t="), "{line}");
        assert!(line.contains("'s timer fired; S"), "{line}");
        assert!(
            line.contains("timed out in term 0 and asked for votes"),
            "{line}"
        );
        let msg = c.in_flight()[0].clone();
        let fields = message_fields(&msg);
        assert_eq!(fields[0].1, format!("#{} RequestVote", msg.id));
        assert!(fields.iter().any(|(k, v)| *k == "lastLogIndex" && v == "0"));
        assert_eq!(message_label(&msg.message), "Vote?");
        assert_eq!(message_glyph(&msg.message), "?");
        let cand = c.node(msg.message.from).unwrap();
        let rows = node_fields(&c, cand);
        assert!(rows
            .iter()
            .any(|(k, v)| *k == "votes" && v.contains("needs 2")));
        let other = c.node(NodeId((msg.message.from.0 + 1) % 3)).unwrap();
        assert!(node_fields(&c, other)
            .iter()
            .any(|(k, _)| *k == "election timer"));
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(esc(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
