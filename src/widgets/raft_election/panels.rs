//! The inspector (every field of the picked server or message, picked by a click in the
//! drawing or with its `<select>`) and the invariants panel (each of Raft's safety
//! properties, whether it has held so far at the position shown, and what it means).

use super::drawing::Pick;
use super::text::{esc, message_fields, message_label, node_fields};
use super::Shared;
use leptos::prelude::*;
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
fn parse_pick(value: &str) -> Option<Pick> {
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

/// The inspector.
#[component]
pub(super) fn Inspector(shared: Shared) -> impl IntoView {
    let Shared { run, pick, .. } = shared;
    let options = move || run.with(|r| options_html(r.history.cluster(), pick.get()));
    let fields = move || run.with(|r| fields_html(r.history.cluster(), pick.get()));
    view! {
        <div class="rf-inspector" data-testid="raft-inspector">
            <label class="widget-field">
                <span>"Inspect and act on (or click the drawing)"</span>
                <select data-testid="raft-pick" inner_html=options
                    on:change=move |ev| pick.set(parse_pick(&event_target_value(&ev)))></select>
            </label>
            <dl class="rf-fields" inner_html=fields></dl>
        </div>
    }
}

/// The invariants panel.
#[component]
pub(super) fn Invariants(shared: Shared) -> impl IntoView {
    let run = shared.run;
    let rows = move || run.with(|r| invariants_html(r.history.checker()));
    let checks = move || {
        run.with(|r| {
            format!(
                "Checked after every event: {} checks up to event {}.",
                r.history.checker().checks(),
                r.history.position()
            )
        })
    };
    view! {
        <section class="rf-invariants" aria-label="Safety properties" data-testid="raft-invariants">
            <h3>"Safety properties (figure 3 of the Raft paper)"</h3>
            <ul inner_html=rows></ul>
            <p class="rf-checks">{checks}</p>
        </section>
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
    }
}
