//! The cluster drawn as one SVG string: servers around a circle (role, term, vote, and
//! an arc for the time left on the election timer, or until a leader's next heartbeat),
//! the messages in flight at their place between sender and receiver, and cut links as
//! dashed lines. One string per change is far cheaper than hundreds of reactive nodes,
//! and nothing here runs between changes.
//!
//! Servers carry `data-node` and messages `data-msg`, so a click on the drawing can say
//! what was picked; the inspector's `<select>` is the keyboard's way to the same thing.

use super::text::{esc, message_glyph, role_word};
use raft_sim::{Body, Cause, Cluster, Envelope, NodeId, Role};
use std::f64::consts::TAU;
use std::fmt::Write;

/// The drawing's square `viewBox` and its circle.
const SIZE: f64 = 360.0;
const CENTRE: f64 = SIZE / 2.0;
const RADIUS: f64 = 122.0;

/// A message mark's half-width: small, so that a broadcast's marks do not pile up.
const MARK: f64 = 7.0;

/// What the reader has picked to inspect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pick {
    /// A server, by index.
    Node(u8),
    /// A message in flight, by id.
    Message(u64),
}

/// Where server `i` of `n` sits: clockwise from the top.
pub(super) fn place(i: usize, n: usize) -> (f64, f64) {
    let a = i as f64 / n.max(1) as f64 * TAU;
    (CENTRE + RADIUS * a.sin(), CENTRE - RADIUS * a.cos())
}

/// The radius of a server's disc: as large as fits between neighbours.
fn node_radius(n: usize) -> f64 {
    let chord = 2.0 * RADIUS * (TAU / 2.0 / n.max(3) as f64).sin();
    (chord * 0.36).min(30.0)
}

/// Where a message is drawn: along its link (moved aside so the two directions do not
/// overlap), at the share of its delay that has passed.
pub(super) fn message_at(e: &Envelope, now: u64, n: usize) -> (f64, f64) {
    let (ax, ay) = place(e.message.from.index(), n);
    let (bx, by) = place(e.message.to.index(), n);
    let span = e.deliver_at.saturating_sub(e.sent_at).max(1) as f64;
    let done = (now.saturating_sub(e.sent_at) as f64 / span).clamp(0.0, 1.0);
    // Start and end clear of the discs and their timer rings.
    let r = node_radius(n) + 7.0 + MARK;
    let (dx, dy) = (bx - ax, by - ay);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let t = r + done * (len - 2.0 * r).max(0.0);
    // Perpendicular offset: to the right of the direction of travel.
    let (ox, oy) = (-uy * 7.0, ux * 7.0);
    (ax + ux * t + ox, ay + uy * t + oy)
}

/// The message's class for its colour: votes, appends, and answers (pre-votes drawn
/// dashed).
fn message_class(e: &Envelope) -> &'static str {
    match &e.message.body {
        Body::RequestVote { pre_vote: true, .. } => "rf-m-vote rf-m-pre",
        Body::VoteResponse {
            pre_vote: true,
            granted: true,
        } => "rf-m-yes rf-m-pre",
        Body::VoteResponse {
            pre_vote: true,
            granted: false,
        } => "rf-m-no rf-m-pre",
        Body::RequestVote { .. } => "rf-m-vote",
        Body::VoteResponse { granted: true, .. } => "rf-m-yes",
        Body::VoteResponse { granted: false, .. } => "rf-m-no",
        Body::AppendEntries { entries, .. } if entries.is_empty() => "rf-m-beat",
        Body::AppendEntries { .. } => "rf-m-append",
        Body::AppendResponse { success: true, .. } => "rf-m-yes",
        Body::AppendResponse { success: false, .. } => "rf-m-no",
    }
}

/// The server the latest event happened at, to ring it.
fn acted(cluster: &Cluster) -> Option<NodeId> {
    match &cluster.last_report().cause {
        Cause::Timer(n) => Some(*n),
        Cause::Delivered(e) => Some(e.message.to),
        _ => cluster.last_report().events.first().map(|(n, _)| *n),
    }
}

/// The whole drawing, with `pick` outlined.
pub(super) fn svg(cluster: &Cluster, pick: Option<Pick>) -> String {
    let nodes = cluster.nodes();
    let n = nodes.len();
    let now = cluster.now();
    let r = node_radius(n);
    let mut out = String::with_capacity(4_096 + 160 * cluster.in_flight().len());
    let _ = write!(
        out,
        r#"<svg class="rf-svg" viewBox="0 0 {SIZE} {SIZE}" role="img" aria-label="{}">"#,
        esc(&summary(cluster))
    );
    // Cut links, under everything else.
    let net = cluster.network();
    if net.is_partitioned() {
        out.push_str(r#"<g class="rf-cuts">"#);
        for a in 0..n {
            for b in a + 1..n {
                let ab = net.allows(NodeId(a as u8), NodeId(b as u8));
                let ba = net.allows(NodeId(b as u8), NodeId(a as u8));
                if ab && ba {
                    continue;
                }
                let (x1, y1) = place(a, n);
                let (x2, y2) = place(b, n);
                let class = if ab || ba {
                    "rf-cut rf-cut-one"
                } else {
                    "rf-cut"
                };
                let _ = write!(
                    out,
                    r#"<line class="{class}" x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}"/>"#
                );
            }
        }
        out.push_str("</g>");
    }
    // Messages under the servers, so that a server's labels stay readable.
    out.push_str(r#"<g class="rf-msgs">"#);
    for e in cluster.in_flight() {
        let (x, y) = message_at(e, now, n);
        let mut class = format!("rf-msg {}", message_class(e));
        if pick == Some(Pick::Message(e.id)) {
            class.push_str(" rf-picked");
        }
        let glyph = message_glyph(&e.message);
        // Vote traffic in circles, log traffic in squares (wider for "+12").
        let shape = if matches!(
            e.message.body,
            Body::RequestVote { .. } | Body::VoteResponse { .. }
        ) {
            format!(r#"<circle r="{MARK}"/>"#)
        } else {
            let w = (2.0 * MARK).max(4.0 + 6.0 * glyph.chars().count() as f64);
            format!(
                r#"<rect x="{:.1}" y="{}" width="{w:.1}" height="{}" rx="3"/>"#,
                -w / 2.0,
                -MARK,
                2.0 * MARK
            )
        };
        let _ = write!(
            out,
            r#"<g class="{class}" data-msg="{}" transform="translate({x:.1},{y:.1})"><title>{}</title>{shape}<text y="3.5">{glyph}</text></g>"#,
            e.id,
            esc(&format!("#{} {}", e.id, e.message)),
        );
    }
    out.push_str("</g>");
    let just = acted(cluster);
    for (i, node) in nodes.iter().enumerate() {
        let (x, y) = place(i, n);
        let up = cluster.is_up(node.id());
        let role = if up {
            role_class(node.role())
        } else {
            "rf-down"
        };
        let mut class = format!("rf-node {role}");
        if just == Some(node.id()) {
            class.push_str(" rf-just");
        }
        if pick == Some(Pick::Node(i as u8)) {
            class.push_str(" rf-picked");
        }
        let _ = write!(
            out,
            r#"<g class="{class}" data-node="{i}" transform="translate({x:.1},{y:.1})"><title>{}</title>"#,
            esc(&format!("{} ({})", node.id(), role_word(node.role(), up)))
        );
        // The timer arc: the share of the timeout still to run.
        if up {
            let (left, whole) = match node.role() {
                Role::Leader => (
                    node.next_deadline().saturating_sub(now),
                    u64::from(node.config().heartbeat()),
                ),
                _ => (
                    node.election_deadline().saturating_sub(now),
                    node.election_timeout(),
                ),
            };
            let share = (left as f64 / whole.max(1) as f64).clamp(0.0, 1.0);
            let ring = r + 5.0;
            let c = TAU * ring;
            let _ = write!(
                out,
                r#"<circle class="rf-timer-track" r="{ring:.1}"/><circle class="rf-timer" r="{ring:.1}" stroke-dasharray="{:.1} {c:.1}" transform="rotate(-90)"/>"#,
                share * c
            );
        }
        let _ = write!(out, r#"<circle class="rf-disc" r="{r:.1}"/>"#);
        let _ = write!(
            out,
            r#"<text class="rf-name" y="-3">{}</text><text class="rf-term" y="11">{}</text>"#,
            node.id(),
            if up {
                format!("term {}", node.term())
            } else {
                "down".to_string()
            }
        );
        // Role, and the vote, under the disc: centred, so nothing leaves the drawing.
        let _ = write!(
            out,
            r#"<text class="rf-role" y="{:.1}">{}</text>"#,
            r + 13.0,
            role_word(node.role(), up)
        );
        if let Some(v) = node.voted_for().filter(|_| node.role() != Role::Leader) {
            let _ = write!(
                out,
                r#"<text class="rf-role" y="{:.1}">voted {v}</text>"#,
                r + 24.0
            );
        }
        out.push_str("</g>");
    }
    let _ = write!(
        out,
        r#"<text class="rf-clock" x="{CENTRE}" y="{}">t = {now}</text><text class="rf-clock-sub" x="{CENTRE}" y="{}">{} in flight</text></svg>"#,
        CENTRE - 2.0,
        CENTRE + 14.0,
        match cluster.in_flight().len() {
            1 => "1 message".to_string(),
            k => format!("{k} messages"),
        }
    );
    out
}

fn role_class(role: Role) -> &'static str {
    match role {
        Role::Follower => "rf-follower",
        Role::PreCandidate => "rf-precandidate",
        Role::Candidate => "rf-candidate",
        Role::Leader => "rf-leader",
    }
}

/// One sentence describing the whole picture, for screen readers.
pub(super) fn summary(cluster: &Cluster) -> String {
    let servers: Vec<String> = cluster
        .nodes()
        .iter()
        .map(|n| {
            let up = cluster.is_up(n.id());
            format!(
                "{} {} in term {}",
                n.id(),
                role_word(n.role(), up).to_lowercase(),
                n.term()
            )
        })
        .collect();
    format!(
        "Time {}: {}; {} messages in flight{}",
        cluster.now(),
        servers.join(", "),
        cluster.in_flight().len(),
        if cluster.network().is_partitioned() {
            "; the network is partitioned"
        } else {
            ""
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::{ClusterConfig, Command};

    fn cluster(n: u8) -> Cluster {
        Cluster::new(ClusterConfig::new(n, 4).unwrap())
    }

    #[test]
    fn every_server_and_message_is_drawn_once() {
        let mut c = cluster(5);
        while c.in_flight().is_empty() {
            c.step();
        }
        let svg = svg(&c, Some(Pick::Node(2)));
        assert_eq!(svg.matches("data-node=").count(), 5);
        assert_eq!(svg.matches("data-msg=").count(), c.in_flight().len());
        assert_eq!(svg.matches("rf-picked").count(), 1);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn messages_travel_from_sender_to_receiver() {
        let mut c = cluster(3);
        while c.in_flight().is_empty() {
            c.step();
        }
        let e = c.in_flight()[0].clone();
        let (sx, sy) = place(e.message.from.index(), 3);
        let (rx, ry) = place(e.message.to.index(), 3);
        let d = |(x, y): (f64, f64), (a, b): (f64, f64)| ((x - a).powi(2) + (y - b).powi(2)).sqrt();
        let start = message_at(&e, e.sent_at, 3);
        let end = message_at(&e, e.deliver_at, 3);
        assert!(d(start, (sx, sy)) < d(start, (rx, ry)));
        assert!(d(end, (rx, ry)) < d(end, (sx, sy)));
    }

    #[test]
    fn cuts_and_crashes_show() {
        let mut c = cluster(5);
        c.apply(Command::Partition {
            groups: vec![vec![NodeId(0), NodeId(1)]],
        })
        .unwrap();
        c.apply(Command::Crash(NodeId(4))).unwrap();
        let svg = svg(&c, None);
        // {S1,S2} against {S3,S4,S5}: 2 × 3 links cut.
        assert_eq!(svg.matches(r#"class="rf-cut""#).count(), 6);
        assert_eq!(svg.matches("rf-down").count(), 1);
        assert!(summary(&c).ends_with("the network is partitioned"));
    }

    #[test]
    fn the_largest_cluster_fits_its_discs_between_neighbours() {
        let r = node_radius(9);
        let (x0, y0) = place(0, 9);
        let (x1, y1) = place(1, 9);
        let gap = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
        assert!(2.0 * (r + 5.0) < gap, "{r} {gap}");
    }
}
