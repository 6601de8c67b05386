//! The widget's form: view and preset, sending by hand, the limit's knobs, the traffic
//! and the algorithms (and the cluster's knobs in the distributed view). Every control is
//! a labelled form element; every change goes through `State::edit`, which validates it
//! and says what is wrong instead of applying a bad value.

use super::presets::{find, PRESETS};
use super::{now_ms, State};
use leptos::prelude::*;
use rate_limiting::AlgorithmKind;
use widget_params::rate_limiter::{BALANCERS, TRAFFIC};

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
) -> impl IntoView {
    view! {
        <label class="rl-field">
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
    put: fn(&mut widget_params::rate_limiter::RateLimiterParams, T),
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
    let text = move |f: fn(&widget_params::rate_limiter::RateLimiterParams) -> String| {
        Signal::derive(move || p.with(f))
    };
    let traffic = move || p.with(|p| p.traffic.clone());
    let shows = move |slugs: &'static [&'static str]| move || !slugs.contains(&traffic().as_str());
    let distributed = move || p.with(|p| p.view == "distributed");
    let by_hand = move || p.with(|p| p.manual.len());

    let on_preset = move |ev| {
        let slug = event_target_value(&ev);
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

    view! {
        <div class="rl-controls">
            <div class="rl-bar">
                <label class="rl-field">
                    <span>"View"</span>
                    <select
                        data-testid="rate-view"
                        prop:value=move || p.with(|p| p.view.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            state.edit(&format!("Showing the {v} view."), |p| p.view = v.clone());
                        }
                    >
                        <option value="timeline">"Timeline: algorithms side by side"</option>
                        <option value="distributed">"Distributed: instances behind a balancer"</option>
                    </select>
                </label>
                <label class="rl-field">
                    <span>"Preset"</span>
                    <select data-testid="rate-preset" on:change=on_preset>
                        <option value="">"Choose a scenario…"</option>
                        {PRESETS
                            .iter()
                            .map(|pr| view! { <option value=pr.slug>{pr.title}</option> })
                            .collect_view()}
                    </select>
                </label>
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
                <label class="rl-field">
                    <span>"Pattern"</span>
                    <select
                        data-testid="rate-traffic"
                        prop:value=traffic
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            state.edit(&format!("Traffic: {}.", traffic_label(&v)), |p| p.traffic = v.clone());
                        }
                    >
                        {TRAFFIC
                            .iter()
                            .map(|t| view! { <option value=*t>{traffic_label(t)}</option> })
                            .collect_view()}
                    </select>
                </label>
                <div class="rl-field-wrap" hidden=shows(&["steady", "poisson", "ramp", "mixed"])>
                    <NumberField label="Requests per second" testid="rate-per-second" state
                        value=text(|p| p.per_second.to_string()) min="0.1" max="2000" step="any"
                        set=setter(state, "per_second", |p, n| p.per_second = n)/>
                </div>
                <div class="rl-field-wrap" hidden=shows(&["bursts", "mixed"])>
                    <NumberField label="Requests per burst" testid="rate-burst-size" state
                        value=text(|p| p.burst_size.to_string()) min="1" max="1000"
                        set=setter(state, "burst_size", |p, n| p.burst_size = n)/>
                </div>
                <div class="rl-field-wrap" hidden=shows(&["bursts", "mixed"])>
                    <NumberField label="A burst every (ms)" testid="rate-burst-every" state
                        value=text(|p| p.burst_every_ms.to_string()) min="10" max="600000" step="10"
                        set=setter(state, "burst_every_ms", |p, n| p.burst_every_ms = n)/>
                </div>
                <div class="rl-field-wrap" hidden=shows(&["ramp"])>
                    <NumberField label="Ramp up to (per second)" testid="rate-ramp-to" state
                        value=text(|p| p.ramp_to.to_string()) min="0.1" max="2000" step="any"
                        set=setter(state, "ramp_to", |p, n| p.ramp_to = n)/>
                </div>
                <NumberField label="Duration (ms)" testid="rate-duration" state
                    value=text(|p| p.duration_ms.to_string()) min="100" max="600000" step="100"
                    set=setter(state, "duration_ms", |p, n| p.duration_ms = n)/>
                <div class="rl-field-wrap" hidden=shows(&["poisson"])>
                    <NumberField label="Seed" testid="rate-seed" state
                        value=text(|p| p.seed.to_string()) min="0" max="18446744073709551615"
                        set=setter(state, "seed", |p, n| p.seed = n)/>
                </div>
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
                <label class="rl-field">
                    <span>"The limit is"</span>
                    <select
                        data-testid="rate-sharing"
                        prop:value=move || p.with(|p| p.sharing.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            state.edit(&format!("Sharing: {v}."), |p| p.sharing = v.clone());
                        }
                    >
                        <option value="split">"split: each instance gets 1/N"</option>
                        <option value="shared">"shared: one counter, synced late"</option>
                    </select>
                </label>
                <label class="rl-field">
                    <span>"Balancer"</span>
                    <select
                        data-testid="rate-balancer"
                        prop:value=move || p.with(|p| p.balancer.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            state.edit(&format!("Balancer: {v}."), |p| p.balancer = v.clone());
                        }
                    >
                        {BALANCERS
                            .iter()
                            .map(|b| view! { <option value=*b>{*b}</option> })
                            .collect_view()}
                    </select>
                </label>
                <NumberField label="Sync delay (ms)" testid="rate-sync" state
                    value=text(|p| p.sync_ms.to_string()) min="0" max="60000" step="10"
                    set=setter(state, "sync_ms", |p, n| p.sync_ms = n)/>
            </fieldset>
        </div>
    }
}
