//! The widget's form: view and preset, sending by hand, the limit's knobs, the traffic
//! and the algorithms (and the cluster's knobs in the distributed view). Every control is
//! a labelled form element; every change goes through `State::edit`, which validates it
//! and says what is wrong instead of applying a bad value.

use super::now_ms;
use super::presets::{find, PRESETS};
use super::state::State;
use leptos::prelude::*;
use rate_limiting::AlgorithmKind;
use widget_params::rate_limiter::{RateLimiterParams, BALANCERS, TRAFFIC};

/// A traffic pattern's name in the list.
fn traffic_label(slug: &str) -> &'static str {
    match slug {
        "steady" => "Steady",
        "bursts" => "Bursts",
        "poisson" => "Poisson (random)",
        "ramp" => "Ramp",
        "mixed" => "Steady client + bursty client",
        _ => "Only requests sent by hand",
    }
}

/// A number field that commits on change; `set` gets the text and returns an error
/// message when it is not a number.
#[component]
fn NumberField(
    label: &'static str,
    testid: &'static str,
    value: Signal<String>,
    min: &'static str,
    max: &'static str,
    #[prop(default = "1")] step: &'static str,
    set: Callback<String, Result<(), String>>,
    state: State,
    /// Hidden while the traffic pattern does not use it.
    #[prop(optional)]
    hidden: Option<Signal<bool>>,
) -> impl IntoView {
    view! {
        <label class="rl-field" hidden=move || hidden.is_some_and(|h| h.get())>
            <span>{label}</span>
            <input
                type="number"
                inputmode="decimal"
                data-testid=testid
                min=min
                max=max
                step=step
                prop:value=value
                on:change=move |ev| {
                    if let Err(e) = set.run(event_target_value(&ev)) {
                        state.problem.set(Some(e));
                    }
                }
            />
        </label>
    }
}

/// A list field: `options` are (value, text) pairs; `set` gets the chosen value.
#[component]
fn SelectField(
    label: &'static str,
    testid: &'static str,
    options: Vec<(&'static str, &'static str)>,
    value: Signal<String>,
    set: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="rl-field">
            <span>{label}</span>
            <select data-testid=testid prop:value=value on:change=move |ev| set.run(event_target_value(&ev))>
                {options
                    .into_iter()
                    .map(|(v, text)| view! { <option value=v>{text}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Parses a field's text, or says which field did not hold a number.
fn number<T: std::str::FromStr>(field: &str, text: &str) -> Result<T, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("`{field}` needs a number, not {:?}.", text.trim()))
}

/// Builds a number field's callback: parse, then edit the parameters.
fn setter<T: std::str::FromStr + Copy + std::fmt::Display + 'static>(
    state: State,
    field: &'static str,
    put: fn(&mut RateLimiterParams, T),
) -> Callback<String, Result<(), String>> {
    Callback::new(move |text: String| {
        let n: T = number(field, &text)?;
        state.edit(&format!("Set {field} to {n}."), |p| put(p, n));
        Ok(())
    })
}

/// The form.
#[component]
pub(super) fn Controls(state: State) -> impl IntoView {
    let p = state.params;
    let text = move |f: fn(&RateLimiterParams) -> String| Signal::derive(move || p.with(f));
    let shows = move |slugs: &'static [&'static str]| {
        move || p.with(|p| !slugs.contains(&p.traffic.as_str()))
    };
    let distributed = move || p.with(|p| p.view == "distributed");
    let by_hand = move || p.with(|p| p.manual.len());

    let on_preset = move |slug: String| {
        if let Some(preset) = find(&slug) {
            let mut next = (preset.params)();
            next.view = p.with_untracked(|p| p.view.clone());
            state.apply(
                next,
                &format!("Preset: {}. {}", preset.title, preset.look_for),
            );
        }
    };
    let toggle = move |kind: AlgorithmKind, on: bool| {
        state.edit(
            &format!("{} {}.", if on { "Added" } else { "Removed" }, kind.label()),
            |p| {
                let id = kind.id().to_string();
                if on && !p.algorithms.contains(&id) {
                    p.algorithms.push(id);
                    // Keep the crate's row order whatever order they were ticked in.
                    p.algorithms.sort_unstable_by_key(|a| {
                        AlgorithmKind::from_id(a).map_or(usize::MAX, |k| k as usize)
                    });
                } else if !on {
                    p.algorithms.retain(|a| *a != id);
                }
            },
        );
    };

    let pick = move |edit: fn(&mut RateLimiterParams, String), what: fn(&str) -> String| {
        Callback::new(move |v: String| state.edit(&what(&v), |p| edit(p, v.clone())))
    };
    let hidden_unless = move |slugs: &'static [&'static str]| Signal::derive(shows(slugs));

    view! {
        <div class="rl-controls">
            <div class="rl-bar">
                <SelectField label="View" testid="rate-view"
                    options=vec![
                        ("timeline", "Timeline: algorithms side by side"),
                        ("distributed", "Distributed: instances behind a balancer"),
                    ]
                    value=text(|p| p.view.clone())
                    set=pick(|p, v| p.view = v, |v| format!("Showing the {v} view."))/>
                <SelectField label="Preset" testid="rate-preset"
                    options=std::iter::once(("", "Choose a scenario…"))
                        .chain(PRESETS.iter().map(|pr| (pr.slug, pr.title)))
                        .collect()
                    value=Signal::stored(String::new())
                    set=Callback::new(on_preset)/>
                <div class="rl-send">
                    <button
                        class="button"
                        data-testid="rate-send"
                        aria-keyshortcuts="r"
                        on:click=move |_| state.send(now_ms())
                    >
                        "Send a request (r)"
                    </button>
                    <button
                        class="button button-quiet"
                        data-testid="rate-clear"
                        disabled=move || by_hand() == 0
                        on:click=move |_| {
                            state.edit("Cleared the requests sent by hand.", |p| p.manual.clear());
                        }
                    >
                        "Clear " {by_hand} " sent by hand"
                    </button>
                </div>
            </div>
            <fieldset class="rl-group">
                <legend>"The limit"</legend>
                <NumberField label="Limit (requests per window)" testid="rate-limit" state
                    value=text(|p| p.limit.to_string()) min="1" max="1000"
                    set=setter(state, "limit", |p, n| p.limit = n)/>
                <NumberField label="Window (ms)" testid="rate-window" state
                    value=text(|p| p.window_ms.to_string()) min="10" max="60000" step="10"
                    set=setter(state, "window_ms", |p, n| p.window_ms = n)/>
                <NumberField label="Burst (bucket, queue, GCRA)" testid="rate-burst" state
                    value=text(|p| p.burst.to_string()) min="1" max="1000"
                    set=setter(state, "burst", |p, n| p.burst = n)/>
            </fieldset>
            <fieldset class="rl-group">
                <legend>"Traffic"</legend>
                <SelectField label="Pattern" testid="rate-traffic"
                    options=TRAFFIC.iter().map(|t| (*t, traffic_label(t))).collect()
                    value=text(|p| p.traffic.clone())
                    set=pick(|p, v| p.traffic = v, |v| format!("Traffic: {}.", traffic_label(v)))/>
                <NumberField hidden=hidden_unless(&["steady", "poisson", "ramp", "mixed"]) label="Requests per second" testid="rate-per-second" state
                    value=text(|p| p.per_second.to_string()) min="0.1" max="2000" step="any"
                    set=setter(state, "per_second", |p, n| p.per_second = n)/>
                <NumberField hidden=hidden_unless(&["bursts", "mixed"]) label="Requests per burst" testid="rate-burst-size" state
                    value=text(|p| p.burst_size.to_string()) min="1" max="1000"
                    set=setter(state, "burst_size", |p, n| p.burst_size = n)/>
                <NumberField hidden=hidden_unless(&["bursts", "mixed"]) label="A burst every (ms)" testid="rate-burst-every" state
                    value=text(|p| p.burst_every_ms.to_string()) min="10" max="600000" step="10"
                    set=setter(state, "burst_every_ms", |p, n| p.burst_every_ms = n)/>
                <NumberField hidden=hidden_unless(&["ramp"]) label="Ramp up to (per second)" testid="rate-ramp-to" state
                    value=text(|p| p.ramp_to.to_string()) min="0.1" max="2000" step="any"
                    set=setter(state, "ramp_to", |p, n| p.ramp_to = n)/>
                <NumberField label="Duration (ms)" testid="rate-duration" state
                    value=text(|p| p.duration_ms.to_string()) min="100" max="600000" step="100"
                    set=setter(state, "duration_ms", |p, n| p.duration_ms = n)/>
                <NumberField hidden=hidden_unless(&["poisson"]) label="Seed" testid="rate-seed" state
                    value=text(|p| p.seed.to_string()) min="0" max="18446744073709551615"
                    set=setter(state, "seed", |p, n| p.seed = n)/>
            </fieldset>
            <fieldset class="rl-group rl-algos">
                <legend>{move || if distributed() { "Algorithm (the first ticked is split)" } else { "Algorithms" }}</legend>
                {AlgorithmKind::ALL
                    .into_iter()
                    .map(|kind| {
                        let checked = move || p.with(|p| p.algorithms.iter().any(|a| a == kind.id()));
                        let last = move || p.with(|p| p.algorithms.len() == 1) && checked();
                        view! {
                            <label class="rl-check">
                                <input
                                    type="checkbox"
                                    data-testid=format!("rate-algo-{}", kind.id())
                                    prop:checked=checked
                                    disabled=last
                                    on:change=move |ev| toggle(kind, event_target_checked(&ev))
                                />
                                <span>{kind.label()}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <fieldset class="rl-group" hidden=move || !distributed()>
                <legend>"The cluster"</legend>
                <NumberField label="Instances" testid="rate-instances" state
                    value=text(|p| p.instances.to_string()) min="2" max="16"
                    set=setter(state, "instances", |p, n| p.instances = n)/>
                <SelectField label="The limit is" testid="rate-sharing"
                    options=vec![
                        ("split", "split: each instance gets 1/N"),
                        ("shared", "shared: one counter, synced late"),
                    ]
                    value=text(|p| p.sharing.clone())
                    set=pick(|p, v| p.sharing = v, |v| format!("Sharing: {v}."))/>
                <SelectField label="Balancer" testid="rate-balancer"
                    options=BALANCERS.iter().map(|b| (*b, *b)).collect()
                    value=text(|p| p.balancer.clone())
                    set=pick(|p, v| p.balancer = v, |v| format!("Balancer: {v}."))/>
                <NumberField label="Sync delay (ms)" testid="rate-sync" state
                    value=text(|p| p.sync_ms.to_string()) min="0" max="60000" step="10"
                    set=setter(state, "sync_ms", |p, n| p.sync_ms = n)/>
            </fieldset>
        </div>
    }
}
