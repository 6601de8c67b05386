//! The form: presets, mode, policies, cache size, workload and its parameters, seed,
//! the reader's own trace (pasted or uploaded, read in the page), and the share link.
//! Every control is a real form element with a label; number fields commit on change.

use super::presets::{preset, PRESETS};
use super::setup::into_mode;
use super::source::{read_trace, Read};
use super::State;
use crate::widgets::shared::ShareLink;
use cache_policies::PolicyKind;
use leptos::prelude::*;
use widget_params::cache_eviction::CacheEvictionParams;
use widget_params::WidgetConfig;

/// The largest file read (a 2,000,000-line trace of long keys fits).
const MAX_FILE_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// A labelled number field that commits on change. `write` stores the parsed value into
/// the parameters, or says why it cannot.
#[component]
fn NumberField(
    state: State,
    label: &'static str,
    testid: &'static str,
    value: fn(&CacheEvictionParams) -> String,
    write: fn(&mut CacheEvictionParams, &str) -> Result<(), String>,
    #[prop(optional)] step: Option<&'static str>,
) -> impl IntoView {
    let on_change = move |ev| {
        let text = event_target_value(&ev);
        let mut next = state.params.get_untracked();
        next.position = 0;
        match write(&mut next, text.trim()) {
            Ok(()) => {
                let say = format!("Changed {} to {}.", label.to_lowercase(), text.trim());
                state.apply(next, Some(say));
            }
            Err(e) => state.error.set(Some(format!("{label}: {e}."))),
        }
    };
    view! {
        <label class="ce-field">
            <span>{label}</span>
            <input
                type="number"
                inputmode="decimal"
                step=step.unwrap_or("1")
                data-testid=testid
                prop:value=move || state.params.with(value)
                on:change=on_change
            />
        </label>
    }
}

/// Parses a whole number for a field.
fn whole<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.parse::<T>()
        .map_err(|_| format!("{text:?} is not a whole number in range"))
}

/// The form.
#[component]
pub(super) fn Controls(state: State) -> impl IntoView {
    let params = state.params;
    let chosen_preset = RwSignal::new(String::new());
    let trace_text = RwSignal::new(String::new());
    let workload = move || params.with(|p| p.workload.clone());
    let shows = move |which: &'static [&'static str]| {
        move || params.with(|p| which.contains(&p.workload.as_str()))
    };

    let on_preset = move |ev| {
        let id = event_target_value(&ev);
        chosen_preset.set(id.clone());
        if let Some(p) = preset(&id) {
            state.loaded.set(None);
            state.apply(
                (p.params)(),
                Some(format!("Preset: {}. {}", p.name, p.about)),
            );
        }
    };
    let about = move || chosen_preset.with(|id| preset(id).map(|p| p.about));
    let on_mode = move |ev| {
        let (next, note) = into_mode(params.get_untracked(), &event_target_value(&ev));
        let say = format!(
            "Switched to {}.{}",
            if next.is_step() {
                "step mode"
            } else {
                "run mode"
            },
            note.map(|n| format!(" {n}")).unwrap_or_default()
        );
        state.apply(next, Some(say));
    };
    let toggle = move |kind: PolicyKind, on: bool| {
        let mut next = params.get_untracked();
        let mut names: Vec<&str> = next.policies.iter().map(String::as_str).collect();
        if on {
            names.push(kind.name());
        } else {
            names.retain(|n| *n != kind.name());
        }
        if names.is_empty() {
            state.error.set(Some("Keep at least one policy.".into()));
            return;
        }
        next.policies = PolicyKind::ALL
            .iter()
            .filter(|k| names.contains(&k.name()))
            .map(|k| k.name().to_string())
            .collect();
        next.position = 0;
        let say = format!("{} {}.", if on { "Added" } else { "Removed" }, kind.label());
        state.apply(next, Some(say));
    };
    let on_workload = move |ev| {
        let mut next = params.get_untracked();
        next.workload = event_target_value(&ev);
        next.position = 0;
        let say = format!("Workload: {}.", next.workload);
        state.apply(next, Some(say));
    };
    let use_text = move |text: &str, origin: &str| match read_trace(text, origin) {
        Ok(read) => {
            let mut next = params.get_untracked();
            next.workload = "trace".into();
            next.position = 0;
            let say = match read {
                Read::InParams(keys) => {
                    let say = format!(
                        "Using {} ({} requests); the link includes it.",
                        origin,
                        keys.len()
                    );
                    state.loaded.set(None);
                    next.trace = keys;
                    say
                }
                Read::Loaded(t) => {
                    let say = format!(
                        "Using {} ({} requests). It is too long for a link, so a shared link will not include it.",
                        origin,
                        super::chart::thousands(t.keys.len() as u64)
                    );
                    state.loaded.set(Some(t));
                    next.trace = Vec::new();
                    say
                }
            };
            state.apply(next, Some(say));
        }
        Err(e) => state
            .error
            .set(Some(format!("Could not read {origin}: {e}."))),
    };
    let on_use = move |_| use_text(&trace_text.get_untracked(), "the pasted trace");
    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let name = file.name();
            if file.size() > MAX_FILE_BYTES {
                state.error.set(Some(format!(
                    "{name} is {:.0} MB; traces up to 64 MB are read.",
                    file.size() / 1_048_576.0
                )));
                return;
            }
            leptos::task::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                // The widget may have gone while the file was read.
                if state.params.try_get_untracked().is_none() {
                    return;
                }
                match text {
                    Ok(text) => use_text(&text.as_string().unwrap_or_default(), &name),
                    Err(_) => state.error.set(Some(format!("Could not read {name}."))),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, MAX_FILE_BYTES);
    };
    let share = Signal::derive(move || WidgetConfig::CacheEviction(state.current()));

    view! {
        <div class="ce-controls">
            <div class="ce-row-controls">
                <label class="ce-field">
                    <span>"Preset"</span>
                    <select data-testid="cache-preset" prop:value=move || chosen_preset.get() on:change=on_preset>
                        <option value="">"Choose a lesson…"</option>
                        {PRESETS.iter().map(|p| view! { <option value=p.id>{p.name}</option> }).collect_view()}
                    </select>
                </label>
                <label class="ce-field">
                    <span>"Mode"</span>
                    <select data-testid="cache-mode" prop:value=move || params.with(|p| p.mode.clone()) on:change=on_mode>
                        <option value="step">"Step through requests"</option>
                        <option value="run">"Run in bulk"</option>
                    </select>
                </label>
                <NumberField state label="Cache size" testid="cache-capacity"
                    value=|p| p.capacity.to_string()
                    write=|p, t| { p.capacity = whole(t)?; Ok(()) }/>
            </div>
            {move || about().map(|a| view! { <p class="ce-about" data-testid="cache-preset-about">{a}</p> })}
            <fieldset class="ce-policies-pick">
                <legend>"Policies"</legend>
                {PolicyKind::ALL
                    .into_iter()
                    .map(|kind| {
                        view! {
                            <label class=format!("ce-check ce-n{}", super::chart::slot(kind))>
                                <input
                                    type="checkbox"
                                    data-testid=format!("cache-policy-pick-{}", kind.name())
                                    prop:checked=move || params.with(|p| p.policies.iter().any(|n| n == kind.name()))
                                    on:change=move |ev| toggle(kind, event_target_checked(&ev))
                                />
                                <span>{kind.label()}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="ce-row-controls">
                <label class="ce-field">
                    <span>"Workload"</span>
                    <select data-testid="cache-workload" prop:value=workload on:change=on_workload>
                        <option value="zipf">"Zipf (skewed popularity)"</option>
                        <option value="uniform">"Uniform"</option>
                        <option value="scan">"Sequential scan"</option>
                        <option value="loop">"Loop"</option>
                        <option value="mix">"Zipf + scans + one-hit wonders"</option>
                        <option value="shifting">"Shifting working set"</option>
                        <option value="trace">"Your trace"</option>
                    </select>
                </label>
                <Show when=shows(&["zipf", "uniform", "scan", "loop", "mix", "shifting"])>
                    <NumberField state label="Requests" testid="cache-requests"
                        value=|p| p.requests.to_string()
                        write=|p, t| { p.requests = whole(t)?; Ok(()) }/>
                </Show>
                <Show when=shows(&["zipf", "uniform", "loop", "mix", "shifting"])>
                    <NumberField state label="Distinct keys" testid="cache-objects"
                        value=|p| p.objects.to_string()
                        write=|p, t| { p.objects = whole(t)?; Ok(()) }/>
                </Show>
                <Show when=shows(&["zipf", "mix", "shifting"])>
                    <NumberField state label="Skew" testid="cache-skew" step="0.05"
                        value=|p| p.skew.to_string()
                        write=|p, t| {
                            p.skew = t.parse::<f64>().map_err(|_| format!("{t:?} is not a number"))?;
                            Ok(())
                        }/>
                </Show>
                <Show when=shows(&["mix"])>
                    <NumberField state label="Scan every" testid="cache-scan-every"
                        value=|p| p.scan_every.to_string()
                        write=|p, t| { p.scan_every = whole(t)?; Ok(()) }/>
                    <NumberField state label="Scan length" testid="cache-scan-length"
                        value=|p| p.scan_length.to_string()
                        write=|p, t| { p.scan_length = whole(t)?; Ok(()) }/>
                    <NumberField state label="One-hit wonders %" testid="cache-one-hit"
                        value=|p| p.one_hit.to_string()
                        write=|p, t| { p.one_hit = whole(t)?; Ok(()) }/>
                </Show>
                <Show when=shows(&["shifting"])>
                    <NumberField state label="Shift every" testid="cache-shift-every"
                        value=|p| p.shift_every.to_string()
                        write=|p, t| { p.shift_every = whole(t)?; Ok(()) }/>
                    <NumberField state label="Shift by" testid="cache-shift-by"
                        value=|p| p.shift_by.to_string()
                        write=|p, t| { p.shift_by = whole(t)?; Ok(()) }/>
                </Show>
                <NumberField state label="Seed" testid="cache-seed"
                    value=|p| p.seed.to_string()
                    write=|p, t| { p.seed = whole(t)?; Ok(()) }/>
            </div>
            <details class="ce-trace" open=move || workload() == "trace">
                <summary>"Your own trace"</summary>
                <p class="ce-hint-text">
                    "One key per line (numbers, or any text such as URLs), or CSV with a "<code>"key"</code>
                    " column. It is read in this page and never sent anywhere. Up to 500 short keys go into the share link; a longer trace stays in the page only."
                </p>
                <label class="ce-field ce-wide">
                    <span>"Paste keys"</span>
                    <textarea
                        rows="4"
                        data-testid="cache-trace-text"
                        prop:value=move || trace_text.get()
                        on:input=move |ev| trace_text.set(event_target_value(&ev))
                        placeholder="1\n2\n3\n4\n1\n2\n5"
                    ></textarea>
                </label>
                <div class="ce-row-controls">
                    <button class="button" data-testid="cache-trace-use" on:click=on_use>"Use these keys"</button>
                    <label class="ce-field">
                        <span>"Or upload a file"</span>
                        <input type="file" accept=".txt,.csv,.log,text/plain,text/csv" data-testid="cache-trace-file" on:change=on_file/>
                    </label>
                </div>
            </details>
            <ShareLink config=share testid="cache-share"/>
        </div>
    }
}
