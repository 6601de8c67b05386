//! The controls: what a run starts from (preset, cluster size, seed, Pre-Vote and
//! CheckQuorum), and what the reader can do to it (crash or restart the picked server,
//! force its timeout, drop or duplicate the picked message, send a client write, cut the
//! network into two sides, heal). Every control is a form element with a label.

use super::drawing::Pick;
use super::run::Settings;
use super::Shared;
use leptos::prelude::*;
use raft_sim::{Command, NodeId, Preset, Role};
use widget_params::raft_election::NODES;

/// The preset menu, cluster size, seed and the two switches.
#[component]
pub(super) fn SettingsControls(shared: Shared) -> impl IntoView {
    let run = shared.run;
    let settings = move || run.with(|r| r.settings);
    let on_preset = move |ev| {
        let value = event_target_value(&ev);
        let (next, why) = match Preset::from_slug(&value) {
            Some(p) => (
                Settings::for_preset(p),
                format!("Preset: {}. {}", p.title(), p.description()),
            ),
            None => {
                let s = Settings {
                    preset: None,
                    ..settings()
                };
                (s, format!("A free run of {} servers.", s.nodes))
            }
        };
        shared.restart(next, why);
    };
    let on_nodes = move |ev| {
        let Ok(n) = event_target_value(&ev).parse::<u8>() else {
            return;
        };
        let n = n.clamp(*NODES.start(), *NODES.end());
        let s = Settings {
            preset: None,
            nodes: n,
            ..settings()
        };
        shared.restart(s, format!("A free run of {n} servers."));
    };
    let on_seed = move |ev| {
        let Ok(seed) = event_target_value(&ev).trim().parse::<u64>() else {
            shared
                .problem
                .set(Some("The seed must be a whole number from 0.".into()));
            return;
        };
        let s = Settings { seed, ..settings() };
        shared.restart(s, format!("Started again with seed {seed}."));
    };
    let switch = move |name: &'static str, set: fn(&mut Settings, bool)| {
        move |ev| {
            let on = event_target_checked(&ev);
            let mut s = settings();
            set(&mut s, on);
            let state = if on { "on" } else { "off" };
            shared.restart(s, format!("Started again with {name} {state}."));
        }
    };
    let description = move || {
        settings().preset.map_or(
            "A free run: nothing is staged. Play, or act on a server or a message.",
            Preset::description,
        )
    };
    view! {
        <div class="rf-settings">
            <label class="widget-field rf-preset">
                <span>"Scenario"</span>
                <select data-testid="raft-preset" on:change=on_preset
                    inner_html=move || preset_options(settings().preset)></select>
            </label>
            <label class="widget-field">
                <span>"Servers"</span>
                <select data-testid="raft-nodes" on:change=on_nodes
                    inner_html=move || size_options(settings().nodes)></select>
            </label>
            <label class="widget-field rf-seed">
                <span>"Seed"</span>
                <input type="number" min="0" inputmode="numeric" data-testid="raft-seed"
                    prop:value=move || settings().seed.to_string() on:change=on_seed/>
            </label>
            <label class="rf-check">
                <input type="checkbox" data-testid="raft-pre-vote"
                    prop:checked=move || settings().pre_vote
                    on:change=switch("Pre-Vote", |s, on| s.pre_vote = on)/>
                <span>"Pre-Vote"</span>
            </label>
            <label class="rf-check">
                <input type="checkbox" data-testid="raft-check-quorum"
                    prop:checked=move || settings().check_quorum
                    on:change=switch("CheckQuorum", |s, on| s.check_quorum = on)/>
                <span>"CheckQuorum"</span>
            </label>
            <p class="rf-about" data-testid="raft-about">{description}</p>
        </div>
    }
}

/// The scenario menu's `<option>`s, with `now` selected (markup: one text update per
/// change instead of a reactive node per option).
fn preset_options(now: Option<Preset>) -> String {
    let mut out = format!(
        r#"<option value=""{}>Free run</option>"#,
        if now.is_none() { " selected" } else { "" }
    );
    for p in Preset::ALL {
        let selected = if now == Some(p) { " selected" } else { "" };
        out.push_str(&format!(
            r#"<option value="{}"{selected}>{}</option>"#,
            p.slug(),
            p.title()
        ));
    }
    out
}

/// The cluster sizes' `<option>`s, with `now` selected.
fn size_options(now: u8) -> String {
    NODES
        .map(|n| {
            let selected = if n == now { " selected" } else { "" };
            format!(r#"<option value="{n}"{selected}>{n}</option>"#)
        })
        .collect()
}

/// The actions: on the picked server or message, and on the whole cluster.
#[component]
pub(super) fn Actions(shared: Shared) -> impl IntoView {
    let Shared { run, pick, .. } = shared;
    let size = move || run.with(|r| r.history.cluster().nodes().len());
    // The picked server (S1 when a message or nothing is picked).
    let server = move || match pick.get() {
        Some(Pick::Node(i)) if usize::from(i) < size() => NodeId(i),
        _ => NodeId(0),
    };
    let up = move || run.with(|r| r.history.cluster().is_up(server()));
    let leads = move || {
        run.with(|r| {
            r.history
                .cluster()
                .node(server())
                .is_some_and(|n| n.role() == Role::Leader)
        })
    };
    let message = move || match pick.get() {
        Some(Pick::Message(id)) => run
            .with(|r| r.history.cluster().in_flight().iter().any(|e| e.id == id))
            .then_some(id),
        _ => None,
    };
    let side = RwSignal::new(Vec::<bool>::new());
    let on_side = move |i: usize, on: bool| {
        side.update(|s| {
            s.resize(size(), false);
            if let Some(x) = s.get_mut(i) {
                *x = on;
            }
        })
    };
    let cut = move |_| {
        let n = size();
        let chosen: Vec<NodeId> = side.with(|s| {
            (0..n)
                .filter(|&i| s.get(i).copied().unwrap_or(false))
                .map(|i| NodeId(i as u8))
                .collect()
        });
        if chosen.is_empty() || chosen.len() == n {
            shared.problem.set(Some(
                "Tick the servers on one side of the cut (some, not all).".into(),
            ));
            return;
        }
        let rest: Vec<NodeId> = (0..n as u8)
            .map(NodeId)
            .filter(|id| !chosen.contains(id))
            .collect();
        shared.act(Command::Partition {
            groups: vec![chosen, rest],
        });
    };
    view! {
        <div class="rf-actions" role="group" aria-label="Act on the cluster">
            <div class="widget-row">
                <button class="button" type="button" data-testid="raft-crash"
                    on:click=move |_| {
                        let s = server();
                        shared.act(if up() { Command::Crash(s) } else { Command::Restart(s) });
                    }>
                    {move || format!("{} {}", if up() { "Crash" } else { "Restart" }, server())}
                </button>
                <button class="button button-quiet" type="button" data-testid="raft-timeout"
                    disabled=move || !up() || leads()
                    on:click=move |_| shared.act(Command::ForceTimeout(server()))>
                    {move || format!("Time out {}", server())}
                </button>
                <button class="button button-quiet" type="button" data-testid="raft-write"
                    on:click=move |_| shared.act(Command::ClientWrite { to: None })>
                    "Client write"
                </button>
            </div>
            <div class="widget-row">
                <button class="button button-quiet" type="button" data-testid="raft-drop"
                    disabled=move || message().is_none()
                    on:click=move |_| {
                        if let Some(message) = message() {
                            shared.act(Command::Drop { message });
                        }
                    }>
                    {move || message().map_or("Drop a message".to_string(), |m| format!("Drop #{m}"))}
                </button>
                <button class="button button-quiet" type="button" data-testid="raft-dup"
                    disabled=move || message().is_none()
                    on:click=move |_| {
                        if let Some(message) = message() {
                            shared.act(Command::Duplicate { message });
                        }
                    }>
                    "Duplicate it"
                </button>
            </div>
            <fieldset class="rf-partition">
                <legend>"Partition: tick one side, then cut"</legend>
                <div class="rf-sides">
                    {move || {
                        (0..size())
                            .map(|i| {
                                let name = NodeId(i as u8).to_string();
                                view! {
                                    <label class="rf-check">
                                        <input type="checkbox" data-testid=format!("raft-side-{}", i + 1)
                                            prop:checked=move || side.with(|s| s.get(i).copied().unwrap_or(false))
                                            on:change=move |ev| on_side(i, event_target_checked(&ev))/>
                                        <span>{name}</span>
                                    </label>
                                }
                            })
                            .collect_view()
                    }}
                </div>
                <div class="widget-row">
                    <button class="button button-quiet" type="button" data-testid="raft-partition" on:click=cut>
                        "Cut the network"
                    </button>
                    <button class="button button-quiet" type="button" data-testid="raft-heal"
                        disabled=move || !run.with(|r| r.history.cluster().network().is_partitioned())
                        on:click=move |_| shared.act(Command::Heal)>
                        "Heal"
                    </button>
                </div>
            </fieldset>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menus_select_the_current_choice() {
        let html = preset_options(Some(Preset::SplitVote));
        assert_eq!(html.matches("<option").count(), 8);
        assert!(html.contains(r#"<option value="split-vote" selected>A split vote</option>"#));
        assert!(preset_options(None).starts_with(r#"<option value="" selected>"#));
        let sizes = size_options(7);
        assert_eq!(sizes.matches("<option").count(), 7);
        assert!(sizes.contains(r#"<option value="7" selected>7</option>"#));
    }
}
