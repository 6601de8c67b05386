//! The hash ring's form: presets, membership (add, remove, weigh a node), the algorithm
//! and its settings, and the keys. Every control is a labelled form element; each change
//! goes through [`State::apply`] and is narrated.

use super::presets::PRESETS;
use super::{algorithm, epsilon_of, vnodes_of, State};
use consistent_hashing::diff::thousands;
use consistent_hashing::{AlgorithmKind, Change, KeySet, Replication, Weight};
use leptos::prelude::*;
use widget_params::hash_ring::{
    HashRingParams, EPSILON, HOT, KEYS, MAX_NODES, REPLICATION, VNODES, WEIGHT,
};

/// The choices offered for the number of keys, virtual nodes, hot share and ε. A value
/// from a note or a link that is not among them is offered too.
const KEY_CHOICES: [u32; 9] = [
    100, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000,
];
const VNODE_CHOICES: [u32; 10] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000];
const HOT_CHOICES: [u8; 6] = [0, 5, 10, 20, 30, 50];
const EPSILON_CHOICES: [u32; 6] = [50, 100, 250, 500, 1_000, 2_000];

/// `choices` plus `current` (if within `range` and missing), sorted.
fn options<T: Copy + Ord>(
    choices: &[T],
    current: T,
    range: &std::ops::RangeInclusive<T>,
) -> Vec<T> {
    let mut all: Vec<T> = choices.to_vec();
    if range.contains(&current) && !all.contains(&current) {
        all.push(current);
    }
    all.sort_unstable();
    all
}

/// A labelled `<select>` of numbers. Deliberately not generic, so the WebAssembly holds
/// one copy of it however many selects there are: values travel as `u64`.
fn number_select(
    label: &'static str,
    testid: &'static str,
    choices: Vec<(u64, String)>,
    current: Signal<u64>,
    disabled: Signal<bool>,
    on_pick: Callback<u64>,
) -> impl IntoView {
    view! {
        <label class="hr-field">
            <span>{label}</span>
            <select
                data-testid=testid
                disabled=disabled
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<u64>() {
                        on_pick.run(v);
                    }
                }
            >
                {choices
                    .into_iter()
                    .map(|(v, text)| view! { <option value=v.to_string() selected=move || current.get() == v>{text}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// `choices` (plus `current`, if in `range`) as (value, label) pairs.
fn labelled<T: Copy + Ord + Into<u64>>(
    choices: &[T],
    current: T,
    range: &std::ops::RangeInclusive<T>,
    show: fn(u64) -> String,
) -> Vec<(u64, String)> {
    options(choices, current, range)
        .into_iter()
        .map(|v| (v.into(), show(v.into())))
        .collect()
}

/// One button per preset.
#[component]
pub(super) fn PresetBar(state: State) -> impl IntoView {
    view! {
        <div class="hr-presets" role="group" aria-label="Presets">
            <span class="hr-presets-label">"Try:"</span>
            {PRESETS
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let pick = move |_| {
                        let preset = &PRESETS[i];
                        state.load(&(preset.params)(), &format!("Preset “{}”.", preset.label));
                        state.narration.say(preset.hint);
                    };
                    view! {
                        <button class="button button-quiet" type="button"
                            data-testid=format!("hash-ring-preset-{i}") on:click=pick>{p.label}</button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Membership, algorithm and key controls.
#[component]
pub(super) fn Controls(state: State) -> impl IntoView {
    let cluster = state.cluster;
    let initial = StoredValue::new(state.params_untracked());
    // Every control reads a memo, which only notifies when its own value changes: a join
    // then touches the node list and nothing else here. Re-setting an unchanged `<select>`
    // costs a style and layout pass (and a browser form-tracking task) in the frame.
    let params = Memo::new(move |_| state.params());
    let field =
        move |of: fn(&HashRingParams) -> u64| Signal::from(Memo::new(move |_| params.with(of)));
    let node_names = Memo::new(move |_| {
        cluster.with(|c| {
            c.spec()
                .membership
                .nodes()
                .iter()
                .map(|n| n.name.clone())
                .collect::<Vec<_>>()
        })
    });
    let node_names = move || node_names.get();
    let node_count = Memo::new(move |_| cluster.with(|c| c.spec().membership.len()));
    let node_count = move || node_count.get();
    let next_name = Memo::new(move |_| cluster.with(|c| c.spec().membership.next_free_name()));
    let next_name = move || next_name.get();
    let chosen = RwSignal::new(None::<String>);
    // The node the node controls act on: the chosen one while it is a member, else the last.
    let selected = Memo::new(move |_| {
        let names = node_names();
        chosen
            .get()
            .filter(|n| names.contains(n))
            .or_else(|| names.last().cloned())
            .unwrap_or_default()
    });
    let selected = move || selected.get();
    let selected_weight = Memo::new(move |_| {
        let name = selected();
        cluster.with(|c| {
            c.spec()
                .membership
                .nodes()
                .iter()
                .find(|n| n.name == name)
                .map_or(1, |n| n.weight.get())
        })
    });
    let selected_weight = move || selected_weight.get();
    let kind = Memo::new(move |_| cluster.with(|c| c.spec().algorithm.kind()));
    let kind = move || kind.get();
    let has_ring = Memo::new(move |_| cluster.with(|c| vnodes_of(&c.spec().algorithm).is_some()));
    let bounded = Memo::new(move |_| cluster.with(|c| epsilon_of(&c.spec().algorithm).is_some()));
    let bounded = move || bounded.get();
    let seed = field(|p| p.seed);
    let params = move || params.get();
    let set_algorithm = move |kind: AlgorithmKind, vnodes: u32, epsilon: u32| {
        state.shown.update(|s| {
            s.vnodes = vnodes;
            s.epsilon = epsilon;
        });
        match algorithm(kind, vnodes, epsilon) {
            Ok(algorithm) => state.apply(Change::SetAlgorithm { algorithm }),
            Err(e) => state.problem.set(Some(e.to_string())),
        }
    };
    let set_keys = move |count: u32, hot: u8, seed: u64| match KeySet::new(seed, count, hot) {
        Ok(keys) => state.apply(Change::SetKeys { keys }),
        Err(e) => state.problem.set(Some(e.to_string())),
    };
    let p0 = initial.get_value();
    let set_replication = move |r: u8| match Replication::new(r) {
        Ok(replication) => state.apply(Change::SetReplication { replication }),
        Err(e) => state.problem.set(Some(e.to_string())),
    };
    let on_seed = move |text: String| match text.trim().parse::<u64>() {
        Ok(seed) => {
            let p = params();
            set_keys(p.keys, p.hot, seed)
        }
        Err(_) => state
            .problem
            .set(Some("The seed must be a whole number from 0.".into())),
    };

    view! {
        <div class="hr-controls">
            <div class="hr-row">
                <button class="button" type="button" data-testid="hash-ring-add"
                    disabled=move || { node_count() >= MAX_NODES }
                    on:click=move |_| state.apply(Change::AddNode { name: next_name(), weight: Weight::ONE })>
                    "Add node " {next_name}
                </button>
                <button class="button button-quiet" type="button" data-testid="hash-ring-undo"
                    disabled=move || !state.history.with(|h| h.can_go_back())
                    on:click=move |_| state.step_back()>"Step back"</button>
                <button class="button button-quiet" type="button" data-testid="hash-ring-reset"
                    on:click=move |_| {
                        if state.params_untracked() != initial.get_value() {
                            state.load(&initial.get_value(), "Reset to the start.");
                        }
                    }>"Reset"</button>
            </div>
            <div class="hr-row">
                <label class="hr-field">
                    <span>"Node"</span>
                    <select data-testid="hash-ring-remove-choice" prop:value=selected
                        on:change=move |ev| chosen.set(Some(event_target_value(&ev)))>
                        {move || node_names().into_iter().map(|n| {
                            let is = n == selected();
                            view! { <option value=n.clone() selected=is>{n.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button class="button button-quiet" type="button" data-testid="hash-ring-remove"
                    disabled=move || { node_count() <= 1 }
                    on:click=move |_| state.apply(Change::RemoveNode { name: selected() })>
                    "Remove " {selected}
                </button>
                <label class="hr-field">
                    <span>"Its weight"</span>
                    <select data-testid="hash-ring-weight" prop:value=move || selected_weight().to_string()
                        on:change=move |ev| {
                            let Ok(w) = event_target_value(&ev).parse::<u32>() else { return };
                            match Weight::new(w) {
                                Ok(weight) => state.apply(Change::SetWeight { name: selected(), weight }),
                                Err(e) => state.problem.set(Some(e.to_string())),
                            }
                        }>
                        {WEIGHT.map(|w| view! {
                            <option value=w.to_string() selected=move || selected_weight() == w>{format!("{w}×")}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="hr-row">
                <label class="hr-field">
                    <span>"Algorithm"</span>
                    <select data-testid="hash-ring-algorithm" prop:value=move || kind().slug()
                        on:change=move |ev| {
                            if let Some(k) = AlgorithmKind::from_slug(&event_target_value(&ev)) {
                                let p = params();
                                set_algorithm(k, p.vnodes, p.epsilon);
                            }
                        }>
                        {AlgorithmKind::ALL.into_iter().map(|k| view! {
                            <option value=k.slug() selected=move || kind() == k>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                {number_select(
                    "Virtual nodes per node", "hash-ring-vnodes",
                    labelled(&VNODE_CHOICES, p0.vnodes, &VNODES, thousands),
                    field(|p| u64::from(p.vnodes)),
                    Signal::derive(move || !has_ring.get()),
                    Callback::new(move |v: u64| { let p = params(); set_algorithm(kind(), v as u32, p.epsilon) }),
                )}
                {move || bounded().then(|| number_select(
                    "Cap (1 + ε) × mean", "hash-ring-epsilon",
                    labelled(&EPSILON_CHOICES, p0.epsilon, &EPSILON, |e| format!("{:.2}×", 1.0 + e as f64 / 1000.0)),
                    field(|p| u64::from(p.epsilon)),
                    Signal::derive(|| false),
                    Callback::new(move |e: u64| { let p = params(); set_algorithm(kind(), p.vnodes, e as u32) }),
                ))}
            </div>
            <div class="hr-row">
                {number_select(
                    "Keys", "hash-ring-keys",
                    labelled(&KEY_CHOICES, p0.keys, &KEYS, thousands),
                    field(|p| u64::from(p.keys)),
                    Signal::derive(|| false),
                    Callback::new(move |k: u64| { let p = params(); set_keys(k as u32, p.hot, p.seed) }),
                )}
                {number_select(
                    "One hot key's share", "hash-ring-hot",
                    labelled(&HOT_CHOICES, p0.hot, &HOT, |h| format!("{h}%")),
                    field(|p| u64::from(p.hot)),
                    Signal::derive(|| false),
                    Callback::new(move |h: u64| { let p = params(); set_keys(p.keys, h as u8, p.seed) }),
                )}
                {number_select(
                    "Copies of each key", "hash-ring-replication",
                    labelled(&[1u8, 2, 3, 4, 5], p0.replication, &REPLICATION, |r| r.to_string()),
                    field(|p| u64::from(p.replication)),
                    Signal::derive(|| false),
                    Callback::new(move |r: u64| set_replication(r as u8)),
                )}
                <label class="hr-field">
                    <span>"Seed"</span>
                    <input type="number" min="0" inputmode="numeric" data-testid="hash-ring-seed"
                        prop:value=move || seed.get().to_string()
                        on:change=move |ev| on_seed(event_target_value(&ev))/>
                </label>
            </div>
        </div>
    }
}

impl State {
    /// [`State::params`] without tracking.
    fn params_untracked(self) -> HashRingParams {
        untrack(move || self.params())
    }
}
