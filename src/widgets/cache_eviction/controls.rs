//! The form: presets, mode, policies, cache size, workload and its parameters, seed, and
//! the reader's own trace (pasted or uploaded, read in the page).
//!
//! Why it is built this way: the form is static markup written once as an HTML string,
//! with one delegated `change` and one `click` handler and one effect that copies the
//! parameters into the fields. A reactive view per field costs several kilobytes of
//! WebAssembly each, and the site has a size budget. Every control is still a real form
//! element with a label; number fields commit on change (Tab or Enter).

// Natively (the pre-renderer) only the markup is used; the handlers run in the browser.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use super::chart::{slot, thousands};
use super::draw::esc;
use super::presets::{preset, PRESETS};
use super::setup::into_mode;
use super::source::{read_trace, Read};
use super::State;
use cache_policies::PolicyKind;
use leptos::prelude::{GetUntracked, Set};
use std::fmt::Write;
use widget_params::cache_eviction::CacheEvictionParams;

/// Generated workloads (everything but `trace`).
const GENERATED: &str = "zipf uniform scan loop mix shifting";

/// The number fields: parameter, label, the workloads that use it (empty: all).
const NUMBERS: [(&str, &str, &str); 10] = [
    ("capacity", "Cache size", ""),
    ("requests", "Requests", GENERATED),
    ("objects", "Distinct keys", "zipf uniform loop mix shifting"),
    ("skew", "Skew", "zipf mix shifting"),
    ("scan_every", "Scan every", "mix"),
    ("scan_length", "Scan length", "mix"),
    ("one_hit", "One-hit wonders %", "mix"),
    ("shift_every", "Shift every", "shifting"),
    ("shift_by", "Shift by", "shifting"),
    ("seed", "Seed", ""),
];

/// The workloads' menu entries.
const WORKLOADS: [(&str, &str); 7] = [
    ("zipf", "Zipf (skewed popularity)"),
    ("uniform", "Uniform"),
    ("scan", "Sequential scan"),
    ("loop", "Loop"),
    ("mix", "Zipf + scans + one-hit wonders"),
    ("shifting", "Shifting working set"),
    ("trace", "Your trace"),
];

/// The form's markup (static: the effect fills in the values).
pub(super) fn html() -> String {
    let mut out = String::with_capacity(8 * 1024);
    out.push_str(r#"<div class="ce-row-controls"><label class="ce-field"><span>Preset</span><select data-field="preset" data-testid="cache-preset"><option value="">Choose a lesson…</option>"#);
    for p in &PRESETS {
        let _ = write!(out, r#"<option value="{}">{}</option>"#, p.id, esc(p.name));
    }
    out.push_str(r#"</select></label><label class="ce-field"><span>Mode</span><select data-field="mode" data-testid="cache-mode"><option value="step">Step through requests</option><option value="run">Run in bulk</option></select></label>"#);
    number(&mut out, NUMBERS[0]);
    out.push_str(r#"</div><p class="ce-about" data-role="about" data-testid="cache-preset-about" hidden></p><fieldset class="ce-policies-pick"><legend>Policies</legend>"#);
    for kind in PolicyKind::ALL {
        let _ = write!(
            out,
            r#"<label class="ce-check ce-n{}"><input type="checkbox" data-field="policy" data-policy="{}" data-testid="cache-policy-pick-{}"><span>{}</span></label>"#,
            slot(kind),
            kind.name(),
            kind.name(),
            esc(kind.label())
        );
    }
    out.push_str(r#"</fieldset><div class="ce-row-controls"><label class="ce-field"><span>Workload</span><select data-field="workload" data-testid="cache-workload">"#);
    for (value, label) in WORKLOADS {
        let _ = write!(out, r#"<option value="{value}">{label}</option>"#);
    }
    out.push_str("</select></label>");
    for field in &NUMBERS[1..] {
        number(&mut out, *field);
    }
    out.push_str(r#"</div><details class="ce-trace" data-role="trace"><summary>Your own trace</summary><p class="ce-hint-text">One key per line (numbers, or any text such as URLs), or CSV with a <code>key</code> column. It is read in this page and never sent anywhere. Up to 500 short keys go into the share link; a longer trace stays in the page only.</p><label class="ce-field ce-wide"><span>Paste keys</span><textarea rows="4" data-role="trace-text" data-testid="cache-trace-text" placeholder="1&#10;2&#10;3&#10;4&#10;1&#10;2&#10;5"></textarea></label><div class="ce-row-controls"><button type="button" class="button" data-action="use-trace" data-testid="cache-trace-use">Use these keys</button><label class="ce-field"><span>Or upload a file</span><input type="file" data-field="file" accept=".txt,.csv,.log,text/plain,text/csv" data-testid="cache-trace-file"></label></div></details>"#);
    out
}

fn number(out: &mut String, (field, label, show): (&str, &str, &str)) {
    let step = if field == "skew" { "0.05" } else { "1" };
    let shown = if show.is_empty() {
        String::new()
    } else {
        format!(r#" data-show="{show}""#)
    };
    let _ = write!(
        out,
        r#"<label class="ce-field"{shown}><span>{label}</span><input type="number" inputmode="decimal" step="{step}" data-field="{field}" data-testid="cache-{}"></label>"#,
        field.replace('_', "-")
    );
}

/// What a field shows for `p` (`None`: not a valued field).
pub(super) fn value_of(p: &CacheEvictionParams, field: &str) -> Option<String> {
    Some(match field {
        "mode" => p.mode.clone(),
        "workload" => p.workload.clone(),
        "capacity" => p.capacity.to_string(),
        "requests" => p.requests.to_string(),
        "objects" => p.objects.to_string(),
        "skew" => hundredths(p.skew),
        "scan_every" => p.scan_every.to_string(),
        "scan_length" => p.scan_length.to_string(),
        "one_hit" => p.one_hit.to_string(),
        "shift_every" => p.shift_every.to_string(),
        "shift_by" => p.shift_by.to_string(),
        "seed" => p.seed.to_string(),
        _ => return None,
    })
}

/// `x` with two decimals, trailing zeros dropped ("0.9", "1"). Integer arithmetic keeps
/// the float formatting machinery out of the WebAssembly.
fn hundredths(x: f64) -> String {
    let h = (x * 100.0).round().max(0.0) as u64;
    match h % 100 {
        0 => (h / 100).to_string(),
        f if f % 10 == 0 => format!("{}.{}", h / 100, f / 10),
        f => format!("{}.{f:02}", h / 100),
    }
}

/// A plain decimal such as "0.95" (no sign, no exponent), without the float parser.
fn decimal(text: &str) -> Option<f64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if (whole.is_empty() && frac.is_empty()) || frac.len() > 6 {
        return None;
    }
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(frac) {
        return None;
    }
    let w: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let f: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    Some(w as f64 + f as f64 / 10f64.powi(frac.len() as i32))
}

fn whole<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.parse::<T>()
        .map_err(|_| format!("{text:?} is not a whole number in range"))
}

/// Stores `text` into number field `field` of `p`.
fn set_number(p: &mut CacheEvictionParams, field: &str, text: &str) -> Result<(), String> {
    match field {
        "capacity" => p.capacity = whole(text)?,
        "requests" => p.requests = whole(text)?,
        "objects" => p.objects = whole(text)?,
        "skew" => p.skew = decimal(text).ok_or_else(|| format!("{text:?} is not a number"))?,
        "scan_every" => p.scan_every = whole(text)?,
        "scan_length" => p.scan_length = whole(text)?,
        "one_hit" => p.one_hit = whole(text)?,
        "shift_every" => p.shift_every = whole(text)?,
        "shift_by" => p.shift_by = whole(text)?,
        "seed" => p.seed = whole(text)?,
        _ => return Err(format!("no field {field}")),
    }
    Ok(())
}

/// What a change to a field asks for.
#[derive(Debug, PartialEq)]
pub(super) enum Action {
    /// Apply these parameters and narrate the sentence.
    Apply(CacheEvictionParams, String),
    /// Refuse, with this message.
    Problem(String),
    /// Nothing to do.
    Nothing,
}

/// The change of field `field` (`policy` with `extra` the policy's name) to `value`
/// (`checked` for checkboxes), from parameters `p`.
pub(super) fn on_field(
    p: &CacheEvictionParams,
    field: &str,
    extra: &str,
    value: &str,
    checked: bool,
) -> Action {
    let mut next = p.clone();
    next.position = 0;
    match field {
        "preset" => match preset(value) {
            Some(pr) => Action::Apply((pr.params)(), format!("Preset: {}. {}", pr.name, pr.about)),
            None => Action::Nothing,
        },
        "mode" => {
            let (next, note) = into_mode(p.clone(), value);
            let say = format!(
                "Switched to {}.{}",
                if next.is_step() {
                    "step mode"
                } else {
                    "run mode"
                },
                note.map(|n| format!(" {n}")).unwrap_or_default()
            );
            Action::Apply(next, say)
        }
        "policy" => {
            let Some(kind) = PolicyKind::ALL.into_iter().find(|k| k.name() == extra) else {
                return Action::Nothing;
            };
            let keep = |k: &PolicyKind| {
                if *k == kind {
                    checked
                } else {
                    p.policies.iter().any(|n| n == k.name())
                }
            };
            next.policies = PolicyKind::ALL
                .iter()
                .filter(|k| keep(k))
                .map(|k| k.name().to_string())
                .collect();
            if next.policies.is_empty() {
                return Action::Problem("Keep at least one policy.".into());
            }
            let verb = if checked { "Added" } else { "Removed" };
            Action::Apply(next, format!("{verb} {}.", kind.label()))
        }
        "workload" => {
            next.workload = value.to_string();
            let say = format!("Workload: {value}.");
            Action::Apply(next, say)
        }
        _ => {
            let Some((_, label, _)) = NUMBERS.iter().find(|(f, _, _)| *f == field) else {
                return Action::Nothing;
            };
            match set_number(&mut next, field, value.trim()) {
                Ok(()) => Action::Apply(
                    next,
                    format!("Changed {} to {}.", lower_first(label), value.trim()),
                ),
                Err(e) => Action::Problem(format!("{label}: {e}.")),
            }
        }
    }
}

/// `label` with its first letter in lower case (labels are ASCII).
fn lower_first(label: &str) -> String {
    let mut out = label.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    out
}

/// Uses the text of a trace (pasted, or the file `origin`): in the parameters if short,
/// else kept in the page.
pub(super) fn use_trace(state: State, text: &str, origin: &str) {
    match read_trace(text, origin) {
        Ok(read) => {
            let mut next = state.params.get_untracked();
            next.workload = "trace".into();
            next.position = 0;
            let say = match read {
                Read::InParams(keys) => {
                    let say = format!(
                        "Using {origin} ({} requests); the link includes it.",
                        keys.len()
                    );
                    state.loaded.set(None);
                    next.trace = keys;
                    say
                }
                Read::Loaded(t) => {
                    let say = format!(
                        "Using {origin} ({} requests). It is too long for a link, so a shared link will not include it.",
                        thousands(t.keys.len() as u64)
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
    }
}

/// The browser side: the delegated handlers and the effect that fills in the fields.
#[cfg(feature = "hydrate")]
pub(super) mod dom {
    use super::*;
    use wasm_bindgen::{JsCast, JsValue};

    /// The largest file read (a 2,000,000-line trace of long keys fits).
    const MAX_FILE_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

    fn set(el: &web_sys::Element, prop: &str, value: JsValue) {
        let _ = js_sys::Reflect::set(el, &JsValue::from_str(prop), &value);
    }

    fn get(el: &web_sys::Element, prop: &str) -> JsValue {
        js_sys::Reflect::get(el, &JsValue::from_str(prop)).unwrap_or(JsValue::UNDEFINED)
    }

    /// Copies `p` into the form under `root`: values, checkboxes, which fields show.
    pub(in super::super) fn sync(root: &web_sys::Element, p: &CacheEvictionParams) {
        let Ok(nodes) = root.query_selector_all("[data-field], [data-show], [data-role=trace]")
        else {
            return;
        };
        for i in 0..nodes.length() {
            let Some(el) = nodes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            if let Some(show) = el.get_attribute("data-show") {
                let _ = el.toggle_attribute_with_force(
                    "hidden",
                    !show.split(' ').any(|w| w == p.workload),
                );
            }
            if el.get_attribute("data-role").as_deref() == Some("trace") && p.workload == "trace" {
                set(&el, "open", JsValue::TRUE);
            }
            let Some(field) = el.get_attribute("data-field") else {
                continue;
            };
            if field == "policy" {
                let name = el.get_attribute("data-policy").unwrap_or_default();
                set(
                    &el,
                    "checked",
                    JsValue::from_bool(p.policies.contains(&name)),
                );
            } else if let Some(v) = value_of(p, &field) {
                if get(&el, "value").as_string().as_deref() != Some(v.as_str()) {
                    set(&el, "value", JsValue::from_str(&v));
                }
            }
        }
    }

    /// The delegated `change` handler.
    pub(in super::super) fn on_change(state: State, root: &web_sys::Element, ev: &web_sys::Event) {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let field = el.get_attribute("data-field").unwrap_or_default();
        if field == "file" {
            read_file(state, &el);
            return;
        }
        let extra = el.get_attribute("data-policy").unwrap_or_default();
        let value = get(&el, "value").as_string().unwrap_or_default();
        let checked = get(&el, "checked").as_bool().unwrap_or(false);
        let params = state.params.get_untracked();
        match on_field(&params, &field, &extra, &value, checked) {
            Action::Apply(next, say) => {
                if field == "preset" {
                    state.loaded.set(None);
                    show_about(root, &value);
                }
                // A refused value stays in its field, next to the message.
                state.apply(next, Some(say));
            }
            Action::Problem(message) => {
                state.error.set(Some(message));
                if field == "policy" {
                    sync(root, &params);
                }
            }
            Action::Nothing => {}
        }
    }

    /// Shows what preset `id` teaches, under the menu.
    fn show_about(root: &web_sys::Element, id: &str) {
        if let Ok(Some(p)) = root.query_selector("[data-role=about]") {
            let about = preset(id).map(|p| p.about);
            p.set_text_content(about);
            let _ = p.toggle_attribute_with_force("hidden", about.is_none());
        }
    }

    /// The delegated `click` handler (the "Use these keys" button).
    pub(in super::super) fn on_click(state: State, root: &web_sys::Element, ev: &web_sys::Event) {
        let action = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-action]").ok().flatten())
            .and_then(|el| el.get_attribute("data-action"));
        if action.as_deref() == Some("use-trace") {
            if let Ok(Some(area)) = root.query_selector("[data-role=trace-text]") {
                let text = get(&area, "value").as_string().unwrap_or_default();
                use_trace(state, &text, "the pasted trace");
            }
        }
    }

    /// Reads the chosen file with the File API (in the page; nothing is uploaded).
    fn read_file(state: State, el: &web_sys::Element) {
        let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() else {
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
                Ok(text) => use_trace(state, &text.as_string().unwrap_or_default(), &name),
                Err(_) => state.error.set(Some(format!("Could not read {name}."))),
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use widget_params::WidgetParams;

    #[test]
    fn the_form_has_a_labelled_field_for_every_parameter_it_sets() {
        let html = html();
        for (field, label, _) in NUMBERS {
            assert!(
                html.contains(&format!("<span>{label}</span><input type=\"number\"")),
                "{field}"
            );
            assert!(
                value_of(&CacheEvictionParams::default(), field).is_some(),
                "{field}"
            );
        }
        assert_eq!(html.matches("type=\"checkbox\"").count(), 11);
        assert_eq!(html.matches("<label").count(), 11 + 10 + 3 + 2);
    }

    #[test]
    fn field_changes_become_checked_parameters() {
        let p = CacheEvictionParams::default();
        let Action::Apply(next, say) = on_field(&p, "capacity", "", " 12 ", false) else {
            panic!("applied")
        };
        assert_eq!(
            (next.capacity, say.as_str()),
            (12, "Changed cache size to 12.")
        );
        assert_eq!(
            on_field(&p, "capacity", "", "lots", false),
            Action::Problem("Cache size: \"lots\" is not a whole number in range.".into())
        );
        let Action::Apply(next, say) = on_field(&p, "policy", "clock", "", true) else {
            panic!("applied")
        };
        assert_eq!(
            next.policies,
            ["fifo", "lru", "clock", "sieve", "s3-fifo", "belady"]
        );
        assert_eq!(say, "Added CLOCK.");
        let one = CacheEvictionParams {
            policies: vec!["lru".into()],
            ..p.clone()
        };
        assert_eq!(
            on_field(&one, "policy", "lru", "", false),
            Action::Problem("Keep at least one policy.".into())
        );
        let Action::Apply(run, _) = on_field(&p, "mode", "", "run", false) else {
            panic!("applied")
        };
        assert!(!run.is_step() && run.validate().is_ok());
        let Action::Apply(pre, say) = on_field(&p, "preset", "", "anomaly", false) else {
            panic!("applied")
        };
        assert_eq!(pre.trace.len(), 12);
        assert!(say.starts_with("Preset: FIFO's anomaly."));
        assert_eq!(on_field(&p, "preset", "", "", false), Action::Nothing);
        let Action::Apply(skewed, _) = on_field(&p, "skew", "", "1.25", false) else {
            panic!("applied")
        };
        assert_eq!(skewed.skew, 1.25);
        assert!(matches!(
            on_field(&p, "skew", "", "1e3", false),
            Action::Problem(_)
        ));
        assert!(matches!(
            on_field(&p, "skew", "", "-1", false),
            Action::Problem(_)
        ));
    }

    #[test]
    fn decimals_without_the_float_machinery() {
        assert_eq!(hundredths(0.9), "0.9");
        assert_eq!(hundredths(1.0), "1");
        assert_eq!(hundredths(0.99), "0.99");
        assert_eq!(decimal("0.95"), Some(0.95));
        assert_eq!(decimal(".5"), Some(0.5));
        assert_eq!(decimal("2"), Some(2.0));
        assert_eq!(decimal(""), None);
        assert_eq!(decimal("."), None);
        assert_eq!(decimal("1.2.3"), None);
    }
}
