//! The panels' contents as markup: the inspector (every field of the picked server or
//! message, picked by a click in the drawing or with its `<select>`), the invariants panel
//! (each of Raft's safety properties, whether it has held so far at the position shown,
//! and what it means), and what the action buttons act on.

use super::drawing::Pick;
use super::text::{esc, message_fields, message_label, node_fields};
use raft_sim::{Checker, Cluster, NodeId, Property};
use std::fmt::Write;

/// The value of a pick in the `<select>`: `n3` for server index 3, `m17` for message 17.
fn pick_value(pick: Option<Pick>) -> String {
    match pick {
        Some(Pick::Node(i)) => format!("n{i}"),
        Some(Pick::Message(id)) => format!("m{id}"),
        None => String::new(),
    }
}

/// The pick a `<select>` value names.
pub(super) fn parse_pick(value: &str) -> Option<Pick> {
    if let Some(i) = value.strip_prefix('n') {
        return i.parse().ok().map(Pick::Node);
    }
    value
        .strip_prefix('m')
        .and_then(|id| id.parse().ok())
        .map(Pick::Message)
}

/// The `<option>`s of the inspector's `<select>`: every server, then every message in
/// flight, with `pick` selected (markup, so the list costs one text update per change).
pub(super) fn options_html(cluster: &Cluster, pick: Option<Pick>) -> String {
    let now = pick_value(pick);
    let mut out = String::new();
    let mut option = |value: String, label: String| {
        let selected = if value == now { " selected" } else { "" };
        let _ = write!(
            out,
            r#"<option value="{value}"{selected}>{}</option>"#,
            esc(&label)
        );
    };
    for i in 0..cluster.nodes().len() {
        option(
            pick_value(Some(Pick::Node(i as u8))),
            NodeId(i as u8).to_string(),
        );
    }
    let mut msgs: Vec<_> = cluster.in_flight().iter().collect();
    msgs.sort_by_key(|e| e.id);
    for e in msgs {
        option(
            pick_value(Some(Pick::Message(e.id))),
            format!(
                "#{} {} {}→{}",
                e.id,
                message_label(&e.message),
                e.message.from,
                e.message.to
            ),
        );
    }
    out
}

/// The picked thing's fields as `<div><dt>…</dt><dd>…</dd></div>` rows.
pub(super) fn fields_html(cluster: &Cluster, pick: Option<Pick>) -> String {
    let rows = match pick {
        Some(Pick::Node(i)) => cluster
            .node(NodeId(i))
            .map(|n| node_fields(cluster, n))
            .unwrap_or_default(),
        Some(Pick::Message(id)) => match cluster.in_flight().iter().find(|e| e.id == id) {
            Some(e) => message_fields(e),
            None => vec![(
                "message",
                format!("#{id} is no longer in flight at this point"),
            )],
        },
        None => Vec::new(),
    };
    let mut out = String::new();
    for (k, v) in rows {
        let _ = write!(out, "<div><dt>{}</dt><dd>{}</dd></div>", esc(k), esc(&v));
    }
    out
}

/// The invariants as `<li>`s: each property, whether it has held up to here, what it means.
pub(super) fn invariants_html(checker: &Checker) -> String {
    let mut out = String::new();
    for p in Property::ALL {
        let broken = checker.violations().iter().find(|v| v.property == p);
        let (class, mark, detail) = match broken {
            None => ("rf-holds", "✓ holds", String::new()),
            Some(v) => ("rf-broken", "✗ violated", format!(" {v}.")),
        };
        let _ = write!(
            out,
            r#"<li class="{class}"><strong>{}</strong> <span class="rf-verdict">{mark}</span><span class="rf-meaning">: {}.{}</span></li>"#,
            p.name(),
            esc(p.meaning()),
            esc(&detail)
        );
    }
    out
}

/// What the action buttons act on: the picked server (S1 when a message is picked), and
/// the picked message if it is still in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Target {
    /// The server.
    pub(super) server: NodeId,
    /// Whether it is up.
    pub(super) up: bool,
    /// Whether it leads (a leader has no election timer to force).
    pub(super) leads: bool,
    /// The picked message, while in flight.
    pub(super) message: Option<u64>,
}

/// The target of the action buttons for `pick`.
pub(super) fn target(cluster: &Cluster, pick: Option<Pick>) -> Target {
    let server = match pick {
        Some(Pick::Node(i)) if usize::from(i) < cluster.nodes().len() => NodeId(i),
        _ => NodeId(0),
    };
    let message = match pick {
        Some(Pick::Message(id)) => cluster.in_flight().iter().any(|e| e.id == id).then_some(id),
        _ => None,
    };
    Target {
        server,
        up: cluster.is_up(server),
        leads: cluster
            .node(server)
            .is_some_and(|n| n.role() == raft_sim::Role::Leader),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_round_trip_through_the_select() {
        for p in [
            Some(Pick::Node(0)),
            Some(Pick::Node(8)),
            Some(Pick::Message(123)),
        ] {
            assert_eq!(parse_pick(&pick_value(p)), p);
        }
        assert_eq!(parse_pick(""), None);
        assert_eq!(parse_pick("nx"), None);
    }

    #[test]
    fn the_panels_list_servers_messages_fields_and_properties() {
        use raft_sim::ClusterConfig;
        let mut c = Cluster::new(ClusterConfig::new(3, 1).unwrap());
        c.step();
        let id = c.in_flight()[0].id;
        let html = options_html(&c, Some(Pick::Message(id)));
        assert_eq!(html.matches("<option").count(), 3 + c.in_flight().len());
        assert_eq!(html.matches(" selected").count(), 1);
        assert!(html.contains(&format!(r#"<option value="m{id}" selected>#{id} Vote? "#)));
        let fields = fields_html(&c, Some(Pick::Message(id)));
        assert!(
            fields.contains("<dt>lastLogTerm</dt><dd>0</dd>"),
            "{fields}"
        );
        assert!(fields_html(&c, Some(Pick::Message(9_999))).contains("no longer in flight"));
        let checker = raft_sim::Checker::new();
        assert_eq!(invariants_html(&checker).matches("rf-holds").count(), 5);
        let t = target(&c, Some(Pick::Message(id)));
        assert_eq!((t.server, t.up, t.message), (NodeId(0), true, Some(id)));
        assert_eq!(target(&c, Some(Pick::Message(9_999))).message, None);
        assert_eq!(target(&c, Some(Pick::Node(7))).server, NodeId(0));
    }
}
