//! Run mode: drives a [`Job`] in slices of about [`SLICE_MS`] milliseconds (yielding to
//! the browser between them, so the page stays responsive), shows progress, and draws
//! the results: final hit ratios, the hit ratio over time, the miss-ratio curves.
//! Nothing runs once the job is done or stopped; a hidden tab pauses it.

use super::chart::{self, thousands};
use super::draw::esc;
use super::job::{Job, Phase};
use super::setup::Setup;
use crate::widgets::shared::Narration;
use cache_policies::PolicyKind;
use leptos::prelude::*;
use std::fmt::Write;
use std::sync::Arc;

/// Work per slice before yielding to the browser.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const SLICE_MS: f64 = 40.0;
/// The panel (progress, charts, results) is redrawn at most this often while a run is
/// in progress, and whenever a phase ends: rebuilt after every 40 ms slice, it cost a
/// frame of rendering (about 9 ms here) per slice, and four redraws a second is plenty
/// for progress. (The run's measured time did not change beyond its run-to-run spread.)
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const REDRAW_MS: f64 = 250.0;
/// Requests per call to [`Job::advance`] between clock checks.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const CHUNK: usize = 1 << 16;

/// What a run measured about itself.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Timings {
    /// The policies at the chosen size, milliseconds.
    pub(super) policies_ms: Option<f64>,
    /// LRU's exact curve, one pass (the sum of its slices' work, shown once it is done).
    pub(super) lru_curve_ms: Option<f64>,
    /// LRU's curve's slices so far.
    lru_curve_so_far_ms: f64,
    /// All the curves.
    pub(super) curves_ms: Option<f64>,
    /// WebAssembly memory once done, bytes (memory only grows, so this is the peak).
    pub(super) memory: Option<f64>,
}

/// The run machinery: the job and the signals the view reads.
#[derive(Clone, Copy)]
pub(super) struct Runner {
    job: StoredValue<Option<Job>>,
    /// Bumped after a slice when the view should redraw (see [`REDRAW_MS`]).
    tick: RwSignal<u64>,
    /// When `tick` was last bumped by a slice.
    drawn_at: StoredValue<f64>,
    running: RwSignal<bool>,
    /// Bumped by every start and stop: a slice of an older run does nothing.
    generation: StoredValue<u64>,
    timings: RwSignal<Timings>,
    narration: Narration,
}

impl Runner {
    /// A runner with nothing to do yet.
    pub(super) fn new(narration: Narration) -> Self {
        Self {
            job: StoredValue::new(None),
            tick: RwSignal::new(0),
            drawn_at: StoredValue::new(0.0),
            running: RwSignal::new(false),
            generation: StoredValue::new(0),
            timings: RwSignal::new(Timings::default()),
            narration,
        }
    }

    /// Whether a run is in progress.
    pub(super) fn is_running(&self) -> bool {
        self.running.get()
    }

    /// Starts running `setup` (stopping any run in progress).
    pub(super) fn start(&self, setup: &Setup) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        self.job.set_value(Some(Job::new(
            setup.requests.keys.clone(),
            setup.kinds.clone(),
            setup.capacity,
            setup.seed,
        )));
        self.timings.set(Timings::default());
        self.running.set(true);
        self.tick.update(|t| *t += 1);
        #[cfg(feature = "hydrate")]
        {
            let runner = *self;
            let started = js_sys::Date::now();
            set_timeout(
                move || slice(runner, generation, started, started),
                std::time::Duration::ZERO,
            );
        }
    }

    /// Stops the run in progress, keeping what it computed.
    pub(super) fn stop(&self) {
        if self.running.get_untracked() {
            self.generation.update_value(|g| *g += 1);
            self.running.set(false);
            self.narration
                .say("Stopped the run; the charts show what was computed so far.");
        }
    }

    /// Forgets the job (when leaving run mode).
    pub(super) fn clear(&self) {
        self.generation.update_value(|g| *g += 1);
        self.running.set(false);
        self.job.set_value(None);
        self.tick.update(|t| *t += 1);
    }
}

/// Milliseconds since the epoch (the browser's clock; only timings use it).
#[cfg(feature = "hydrate")]
fn now() -> f64 {
    js_sys::Date::now()
}

/// Whether the page is hidden (a background tab).
#[cfg(feature = "hydrate")]
fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// The WebAssembly memory's size in bytes.
#[cfg(feature = "hydrate")]
fn wasm_memory() -> Option<f64> {
    use wasm_bindgen::JsCast;
    let memory = wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()?;
    let buffer = memory.buffer().dyn_into::<js_sys::ArrayBuffer>().ok()?;
    Some(f64::from(buffer.byte_length()))
}

/// One slice of run `generation`, begun at `started`; `curves_from` is when the curves
/// phase began (or the start, before it has).
#[cfg(feature = "hydrate")]
fn slice(r: Runner, generation: u64, started: f64, curves_from: f64) {
    // `try_`: the widget may have been unmounted (its signals disposed) since the last slice.
    if r.generation.try_get_value() != Some(generation) {
        return;
    }
    if hidden() {
        // Paused while hidden; look again in a while (no work is done meanwhile).
        set_timeout(
            move || slice(r, generation, started, curves_from),
            std::time::Duration::from_millis(500),
        );
        return;
    }
    let begin = now();
    let mut curves_from = curves_from;
    let mut phase_ended = false;
    let more = loop {
        let step = r.job.try_update_value(|job| {
            let Some(job) = job else {
                return (false, None, Phase::Done, Phase::Done);
            };
            let before = job.phase();
            // A call that starts in LRU's curve does only that (see `Job::at_lru_curve`).
            let in_lru_curve = job.at_lru_curve();
            let t = now();
            let more = job.advance(CHUNK);
            let lru = in_lru_curve.then(|| (now() - t, !job.at_lru_curve()));
            (more, lru, before, job.phase())
        });
        let Some((more, lru_ms, before, after)) = step else {
            break false;
        };
        phase_ended |= before != after;
        if before == Phase::Policies && after != Phase::Policies {
            let t = now();
            curves_from = t;
            r.timings
                .try_update(|tm| tm.policies_ms = Some(t - started));
            r.narration.say(finals_sentence(&r));
        }
        if let Some((ms, done)) = lru_ms {
            r.timings
                .try_update_untracked(|tm| tm.lru_curve_so_far_ms += ms);
            if done {
                r.timings
                    .try_update(|tm| tm.lru_curve_ms = Some(tm.lru_curve_so_far_ms));
            }
        }
        if !more || now() - begin > SLICE_MS {
            break more;
        }
    };
    let t = now();
    let due = r
        .drawn_at
        .try_get_value()
        .is_none_or(|at| t - at >= REDRAW_MS);
    if !more || phase_ended || due {
        r.drawn_at.try_set_value(t);
        r.tick.try_update(|t| *t += 1);
    }
    if more {
        set_timeout(
            move || slice(r, generation, started, curves_from),
            std::time::Duration::ZERO,
        );
    } else {
        let end = now();
        r.timings.try_update(|tm| {
            tm.curves_ms = Some(end - curves_from);
            tm.memory = wasm_memory();
        });
        r.running.try_set(false);
        r.narration.say("The miss-ratio curves are done: Belady's dashed line is the floor no policy can go below.");
    }
}

/// The narration once every policy has run: each one's hit ratio, best first.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn finals_sentence(r: &Runner) -> String {
    r.job
        .try_with_value(|job| {
            let Some(job) = job else { return String::new() };
            let mut rows: Vec<(PolicyKind, f64)> = job
                .kinds()
                .iter()
                .zip(&job.results().finals)
                .filter_map(|(k, c)| c.map(|c| (*k, c.hit_ratio())))
                .collect();
            // Best first; an insertion sort of at most 11 rows (the library sorts cost kilobytes).
            for i in 1..rows.len() {
                let mut j = i;
                while j > 0 && rows[j - 1].1 < rows[j].1 {
                    rows.swap(j - 1, j);
                    j -= 1;
                }
            }
            let list: Vec<String> = rows
                .iter()
                .map(|(k, r)| format!("{} {:.1}%", k.label(), r * 100.0))
                .collect();
            format!(
                "Ran {} requests through {} {} at {} entries. Hit ratios: {}.",
                thousands(job.requests() as u64),
                rows.len(),
                if rows.len() == 1 {
                    "policy"
                } else {
                    "policies"
                },
                thousands(u64::from(job.capacity().get())),
                list.join(", ")
            )
        })
        .unwrap_or_default()
}

/// The results as HTML: final hit ratios, the two charts, the curves' numbers.
fn results_html(job: &Job) -> String {
    let r = job.results();
    let kinds = job.kinds();
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(
        r#"<h3>Hit ratio at this size</h3><ol class="ce-finals" data-testid="cache-finals">"#,
    );
    for (k, c) in kinds.iter().zip(&r.finals) {
        let (width, text, attr) = match c {
            Some(c) => (
                c.hit_ratio() * 100.0,
                format!("{:.1}%", c.hit_ratio() * 100.0),
                format!(r#" data-hit-ratio="{:.6}""#, c.hit_ratio()),
            ),
            None => (0.0, "…".into(), String::new()),
        };
        let _ = write!(
            out,
            r#"<li class="ce-n{}" data-policy="{}"{attr}><span class="ce-final-name">{}</span><span class="ce-final-track"><span class="ce-final-bar" style="width:{width:.1}%"></span></span><span class="ce-final-value">{text}</span></li>"#,
            chart::slot(*k),
            k.name(),
            esc(k.label())
        );
    }
    out.push_str("</ol>");
    let series: Vec<(PolicyKind, &[f64])> = kinds
        .iter()
        .zip(&r.series)
        .filter(|(_, s)| !s.is_empty())
        .map(|(k, s)| (*k, s.as_slice()))
        .collect();
    // One key for both charts: each policy's colour, Belady's dashed.
    out.push_str(r#"<ul class="ce-key" aria-hidden="true">"#);
    for k in kinds {
        let _ = write!(
            out,
            r#"<li class="ce-n{}{}"><span class="ce-swatch"></span>{}</li>"#,
            chart::slot(*k),
            if *k == PolicyKind::Belady {
                " ce-key-floor"
            } else {
                ""
            },
            esc(k.label())
        );
    }
    out.push_str("</ul>");
    if !series.is_empty() {
        out.push_str(r#"<h3>Hit ratio over time</h3><div class="ce-chart-box" data-testid="cache-over-time">"#);
        out.push_str(&chart::over_time(&series, r.bucket_len, job.requests()));
        out.push_str("</div>");
    }
    let curves: Vec<(PolicyKind, &[cache_policies::mrc::CurvePoint])> = kinds
        .iter()
        .zip(&r.curves)
        .filter(|(_, c)| !c.is_empty())
        .map(|(k, c)| (*k, c.as_slice()))
        .collect();
    if !curves.is_empty() {
        out.push_str(r#"<h3>Miss ratio by cache size</h3><div class="ce-chart-box" data-testid="cache-curves">"#);
        out.push_str(&chart::curves(&curves, job.capacity().get()));
        let _ = write!(
            out,
            r#"</div><details class="ce-numbers"><summary>The curves' numbers ({} distinct keys)</summary><div class="ce-table-wrap"><table><thead><tr><th scope="col">size</th>"#,
            thousands(r.distinct)
        );
        for (k, _) in &curves {
            let _ = write!(out, r#"<th scope="col">{}</th>"#, esc(k.label()));
        }
        out.push_str("</tr></thead><tbody>");
        for size in &r.sizes {
            let _ = write!(
                out,
                r#"<tr><th scope="row">{}</th>"#,
                thousands(u64::from(size.get()))
            );
            for (_, pts) in &curves {
                match pts.iter().find(|p| p.capacity == size.get()) {
                    Some(p) => {
                        let _ = write!(out, "<td>{:.1}%</td>", p.counts.miss_ratio() * 100.0);
                    }
                    None => out.push_str("<td>…</td>"),
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div></details>");
    }
    out
}

/// A duration for people.
fn seconds(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// The status line and progress bar, the measured timings, then the results.
fn panel_html(runner: &Runner, setup: Option<&Setup>) -> String {
    let running = runner.running.get();
    let t = runner.timings.get();
    runner.job.with_value(|job| {
        let mut out = String::with_capacity(16 * 1024);
        let (status, progress) = match job {
            None => ("Not run yet.".to_string(), 0.0),
            Some(job) => (
                match job.phase() {
                    Phase::Policies => format!(
                        "Running the policies at {} entries: {:.0}%",
                        thousands(u64::from(job.capacity().get())),
                        job.progress() * 100.0
                    ),
                    Phase::Curves if running => format!(
                        "Computing the miss-ratio curves: {:.0}%",
                        job.progress() * 100.0
                    ),
                    Phase::Curves => "Stopped before the curves were finished.".to_string(),
                    Phase::Done => "Done.".to_string(),
                },
                job.progress(),
            ),
        };
        let _ = write!(
            out,
            r#"<div class="ce-row-controls"><progress class="ce-progress" data-testid="cache-progress" max="1" value="{progress:.3}" aria-label="Progress of the current phase"></progress><span class="ce-status" data-testid="cache-run-status" data-running="{running}">{}</span></div>"#,
            esc(&status)
        );
        let mut parts = Vec::new();
        if let (Some(ms), Some(s)) = (t.policies_ms, setup) {
            parts.push(format!(
                "{} requests through {} {} in {}",
                thousands(s.requests.keys.len() as u64),
                s.kinds.len(),
                if s.kinds.len() == 1 { "policy" } else { "policies" },
                seconds(ms)
            ));
        }
        if let Some(ms) = t.lru_curve_ms {
            parts.push(format!("LRU's exact curve for every size in one pass in {}", seconds(ms)));
        }
        if let Some(ms) = t.curves_ms {
            parts.push(format!("all curves in {}", seconds(ms)));
        }
        if let Some(bytes) = t.memory {
            parts.push(format!("WebAssembly memory {:.0} MB", bytes / 1_048_576.0));
        }
        let attr = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
        let _ = write!(
            out,
            r#"<p class="ce-timing" data-testid="cache-timing" data-policies-ms="{}" data-lru-curve-ms="{}" data-curves-ms="{}" data-memory-bytes="{}">{}</p>"#,
            attr(t.policies_ms),
            attr(t.lru_curve_ms),
            attr(t.curves_ms),
            attr(t.memory),
            if parts.is_empty() {
                String::new()
            } else {
                format!("Measured in this browser: {}.", parts.join("; "))
            }
        );
        if let Some(job) = job {
            out.push_str(&results_html(job));
        }
        out
    })
}

/// Run mode's panel: the buttons, then everything else as one HTML string redrawn after
/// each slice (the buttons stay put, so keyboard focus survives the redraws).
#[component]
pub(super) fn RunPanel(runner: Runner, setup: Signal<Option<Arc<Setup>>>) -> impl IntoView {
    let panel = move || {
        runner.tick.track();
        setup.with(|s| panel_html(&runner, s.as_deref()))
    };
    view! {
        <div class="ce-run" data-testid="cache-run">
            <div class="ce-row-controls">
                <button type="button" class="button" data-testid="cache-run-start"
                    on:click=move |_| { if let Some(s) = setup.get_untracked() { runner.start(&s) } }>
                    {move || if runner.is_running() { "Restart" } else { "Run" }}
                </button>
                <button type="button" class="button button-quiet" data-testid="cache-run-stop"
                    on:click=move |_| runner.stop() disabled=move || !runner.is_running()>
                    "Stop"
                </button>
            </div>
            <div inner_html=panel></div>
        </div>
    }
}
