//! The inspector (every field of the picked server or message, picked by a click in the
//! drawing or with its `<select>`) and the invariants panel (each of Raft's safety
//! properties, whether it has held so far at the position shown, and what it means).

use super::drawing::Pick;
use super::text::{message_fields, message_label, node_fields};
use super::Shared;
use leptos::prelude::*;
use raft_sim::{NodeId, Property};

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

/// The inspector.
#[component]
pub(super) fn Inspector(shared: Shared) -> impl IntoView {
    let Shared { run, pick, .. } = shared;
    let options = move || {
        run.with(|r| {
            let c = r.history.cluster();
            let mut list: Vec<(String, String)> = (0..c.nodes().len())
                .map(|i| {
                    (
                        pick_value(Some(Pick::Node(i as u8))),
                        NodeId(i as u8).to_string(),
                    )
                })
                .collect();
            let mut msgs: Vec<_> = c.in_flight().iter().collect();
            msgs.sort_by_key(|e| e.id);
            list.extend(msgs.into_iter().map(|e| {
                (
                    pick_value(Some(Pick::Message(e.id))),
                    format!(
                        "#{} {} {}→{}",
                        e.id,
                        message_label(&e.message),
                        e.message.from,
                        e.message.to
                    ),
                )
            }));
            list
        })
    };
    let rows = move || {
        run.with(|r| {
            let c = r.history.cluster();
            match pick.get() {
                Some(Pick::Node(i)) => c
                    .node(NodeId(i))
                    .map(|n| node_fields(c, n))
                    .unwrap_or_default(),
                Some(Pick::Message(id)) => match c.in_flight().iter().find(|e| e.id == id) {
                    Some(e) => message_fields(e),
                    None => vec![(
                        "message",
                        format!("#{id} is no longer in flight at this point"),
                    )],
                },
                None => Vec::new(),
            }
        })
    };
    view! {
        <div class="rf-inspector" data-testid="raft-inspector">
            <label class="widget-field">
                <span>"Inspect and act on (or click the drawing)"</span>
                <select data-testid="raft-pick"
                    prop:value=move || pick_value(pick.get())
                    on:change=move |ev| pick.set(parse_pick(&event_target_value(&ev)))>
                    {move || {
                        let now = pick_value(pick.get());
                        options()
                            .into_iter()
                            .map(|(value, label)| {
                                let selected = value == now;
                                view! { <option value=value selected=selected>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <dl class="rf-fields">
                {move || {
                    rows()
                        .into_iter()
                        .map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> })
                        .collect_view()
                }}
            </dl>
        </div>
    }
}

/// The invariants panel.
#[component]
pub(super) fn Invariants(shared: Shared) -> impl IntoView {
    let run = shared.run;
    let rows = move || {
        run.with(|r| {
            let checker = r.history.checker();
            Property::ALL
                .into_iter()
                .map(|p| {
                    let broken = checker.violations().iter().find(|v| v.property == p);
                    let (class, mark, detail) = match broken {
                        None => ("rf-holds", "✓ holds", String::new()),
                        Some(v) => ("rf-broken", "✗ violated", format!(" {v}.")),
                    };
                    view! {
                        <li class=class>
                            <strong>{p.name()}</strong>
                            " "
                            <span class="rf-verdict">{mark}</span>
                            <span class="rf-meaning">{format!(": {}.{detail}", p.meaning())}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
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
            <ul>{rows}</ul>
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
}
