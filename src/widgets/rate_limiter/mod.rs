//! The rate-limiter widget: the same arrivals through several rate-limiting algorithms on
//! one timeline, each request a mark (accepted, delayed or rejected) and each algorithm's
//! inner state drawn under its row; or, in the distributed view, through a cluster of
//! limiter instances, to show the overshoot. The algorithms are the `rate-limiting`
//! crate's; this module only runs and draws them.
//!
//! - `scenario`: parameters → the crate's configurations and seeded arrivals;
//! - `run`: every algorithm over the arrivals in one pass, totals and states at a position;
//! - `draw`: the timeline as one HTML string; `cluster`: the distributed view;
//! - `presets`: the four ready-made scenarios; `controls`: the form;
//! - here: the state (the parameters and the playhead) and the layout.
//!
//! The whole state is the parameters plus the playhead position, so the share link
//! restores it exactly; requests sent by hand are kept as times in `manual`.

mod cluster;
mod controls;
mod draw;
#[cfg(all(test, feature = "ssr"))]
mod notes_check;
mod presets;
mod run;
mod scenario;

use leptos::prelude::*;
use rate_limiting::{Nanos, Summary, MILLISECOND};
use run::{describe, Run};
use widget_params::rate_limiter::{RateLimiterParams, ALL, MAX_MANUAL, MAX_MANUAL_MS};
use widget_params::WidgetParams;

use super::shared::{Narration, NarrationLog, Playback, PlaybackControls, ShareLink};
use widget_params::WidgetConfig;

/// The widget's reactive state, shared by its parts.
#[derive(Clone, Copy)]
pub(super) struct State {
    /// The parameters (their `position` is not used: see `position`).
    params: RwSignal<RateLimiterParams>,
    /// The run of the current parameters, or what is wrong with them.
    run: Memo<Result<Run, String>>,
    /// Requests decided so far.
    position: RwSignal<usize>,
    /// Each row's totals and state (in words) at the playhead.
    at_position: Memo<Option<(Vec<Summary>, Vec<String>)>>,
    /// The distributed view's run, computed only while that view is shown.
    cluster: Memo<Option<Result<cluster::ClusterFigures, String>>>,
    /// The last problem with the reader's input.
    problem: RwSignal<Option<String>>,
    /// One sentence per change.
    narration: Narration,
    /// Wall-clock time (ms) of the last request sent by hand, for the gap to the next.
    last_send: StoredValue<Option<f64>>,
}

impl State {
    fn new(params: RateLimiterParams) -> Self {
        let start = params.position;
        let params = RwSignal::new(params);
        // Always "changed": comparing two 70,000-decision runs would cost as much as the
        // run, and the parameters only change when something did.
        let run = Memo::new_with_compare(
            move |_| params.with(|p| scenario::build(p).map(run::run)),
            |_, _| true,
        );
        let len = run.with_untracked(|r| r.as_ref().map_or(0, Run::len));
        let position = RwSignal::new((start as usize).min(len));
        let at_position = Memo::new_with_compare(
            move |_| {
                let p = position.get();
                run.with(|r| {
                    r.as_ref().ok().map(|run| {
                        let states = run.states(p).iter().map(describe).collect();
                        (run.summaries(p), states)
                    })
                })
            },
            |_, _| true,
        );
        let cluster = Memo::new_with_compare(
            move |_| {
                params.with(|p| {
                    (p.view == "distributed").then(|| {
                        run.with(|r| match r {
                            Ok(run) => cluster::figures(p, run),
                            Err(e) => Err(e.clone()),
                        })
                    })
                })
            },
            |_, _| true,
        );
        Self {
            params,
            run,
            position,
            at_position,
            cluster,
            problem: RwSignal::new(None),
            narration: Narration::new(12),
            last_send: StoredValue::new(None),
        }
    }

    /// The number of arrivals in the current run.
    fn len_untracked(&self) -> usize {
        self.run.with_untracked(|r| r.as_ref().map_or(0, Run::len))
    }

    /// Replaces the parameters if they check out (else says why), keeping the playhead at
    /// the end if it was there, and narrates `what` with the new totals.
    fn apply(&self, next: RateLimiterParams, what: &str) {
        if let Err(e) = next.validate() {
            self.problem
                .set(Some(format!("That change was refused: {e}.")));
            return;
        }
        let at_end = self.position.get_untracked() >= self.len_untracked();
        self.params.set(next);
        let len = self.len_untracked();
        self.position
            .update(|p| *p = if at_end { len } else { (*p).min(len) });
        self.problem.set(None);
        let totals = self.run.with_untracked(|r| match r {
            Ok(run) => self.at_position.with_untracked(|a| {
                a.as_ref()
                    .map(|(sums, _)| totals_sentence(run, sums))
                    .unwrap_or_default()
            }),
            Err(e) => e.clone(),
        });
        self.narration.say(format!("{what} {totals}"));
    }

    /// Changes the parameters with `f`.
    fn edit(&self, what: &str, f: impl FnOnce(&mut RateLimiterParams)) {
        let mut next = self.params.get_untracked();
        f(&mut next);
        self.apply(next, what);
    }

    /// Moves the playhead to `position`, narrating the request it decides when it moves
    /// one forward.
    fn go_to(&self, position: usize) {
        let len = self.len_untracked();
        let position = position.min(len);
        let before = self.position.get_untracked();
        if position == before {
            return;
        }
        self.position.set(position);
        if position == before + 1 {
            if let Some(line) = self
                .run
                .with_untracked(|r| r.as_ref().ok().and_then(|r| r.narrate(before)))
            {
                self.narration.say(line);
            }
        }
    }

    /// Sends one request by hand: it arrives at the playhead's last request plus the time
    /// the reader took since the previous one sent by hand (at most two windows), and is
    /// decided at once.
    fn send(&self, now_ms: Option<f64>) {
        let params = self.params.get_untracked();
        if params.manual.len() >= MAX_MANUAL {
            self.problem.set(Some(format!(
                "At most {MAX_MANUAL} requests can be sent by hand; clear them to send more."
            )));
            return;
        }
        let position = self.position.get_untracked();
        let base: Nanos = self.run.with_untracked(|r| {
            r.as_ref()
                .ok()
                .and_then(|r| {
                    position
                        .checked_sub(1)
                        .and_then(|i| r.scenario.arrivals.get(i))
                })
                .map_or(0, |a| a.at)
        });
        let gap = match (self.last_send.get_value(), now_ms) {
            (Some(then), Some(now)) => ((now - then).max(0.0) as u64).min(2 * params.window_ms),
            _ => 0,
        };
        self.last_send.set_value(now_ms);
        let at_ms = (base.div_ceil(MILLISECOND) + gap).min(MAX_MANUAL_MS);
        let mut next = params;
        next.manual.push(at_ms);
        next.manual.sort_unstable();
        if let Err(e) = next.validate() {
            self.problem
                .set(Some(format!("That request was refused: {e}.")));
            return;
        }
        self.params.set(next);
        self.problem.set(None);
        let at = at_ms * MILLISECOND;
        let (decided, line) = self.run.with_untracked(|r| match r {
            Ok(run) => {
                let decided = run.scenario.arrivals.partition_point(|a| a.at <= at);
                (decided, decided.checked_sub(1).and_then(|i| run.narrate(i)))
            }
            Err(e) => (0, Some(e.clone())),
        });
        self.position.set(decided);
        if let Some(line) = line {
            self.narration.say(format!("Sent by hand. {line}"));
        }
    }

    /// The view below the controls, as one HTML string: the timeline with its totals,
    /// or the cluster.
    fn output(&self) -> String {
        let p = self.position.get();
        self.run.with(|r| {
            let run = match r {
                Ok(run) => run,
                Err(e) => return error_html(&format!("The timeline cannot run: {e}.")),
            };
            self.cluster.with(|c| match c {
                Some(Ok(f)) => cluster::html(f, run, p),
                Some(Err(e)) => error_html(&format!("The cluster cannot run: {e}.")),
                None => self.at_position.with(|a| match a {
                    Some((sums, states)) => draw::html(run, p, sums, states),
                    None => String::new(),
                }),
            })
        })
    }

    /// The parameters as they stand, with the playhead, for the share link.
    fn current(&self) -> RateLimiterParams {
        let len = self.run.with(|r| r.as_ref().map_or(0, Run::len));
        let position = self.position.get();
        let mut p = self.params.get();
        p.position = if position >= len {
            ALL
        } else {
            u32::try_from(position).unwrap_or(ALL)
        };
        p
    }
}

/// "Of 48 requests decided, token bucket admits 28, fixed window admits 30, …".
fn totals_sentence(run: &Run, sums: &[Summary]) -> String {
    let parts: Vec<String> = run
        .rows
        .iter()
        .zip(sums)
        .map(|(row, s)| format!("{} admits {}", row.config.kind().label(), s.admitted()))
        .collect();
    let decided = sums.first().map_or(0, |s| s.requests);
    format!("Of {decided} requests decided, {}.", parts.join(", "))
}

/// A message in place of the output.
fn error_html(message: &str) -> String {
    format!(r#"<p class="widget-error">{}</p>"#, draw::esc(message))
}

/// Wall-clock milliseconds, in the browser only (hand-sent gaps are measured with it).
fn now_ms() -> Option<f64> {
    #[cfg(feature = "hydrate")]
    {
        Some(js_sys::Date::now())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// How long one step (one request decided) lasts at 1× when playing.
const STEP_MS: u32 = 250;

/// The widget.
#[component]
pub(crate) fn RateLimiterWidget(params: RateLimiterParams) -> impl IntoView {
    let state = State::new(params);
    let end = Signal::derive(move || state.run.with(|r| r.as_ref().map_or(0, Run::len)));
    let step = Callback::new(move |()| {
        let next = state.position.get_untracked() + 1;
        state.go_to(next);
        next < state.len_untracked()
    });
    let playback = Playback::new(state.position, end, step, STEP_MS);
    let config = Signal::derive(move || WidgetConfig::RateLimiter(state.current()));
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        // Space belongs to the focused button or box (press it, tick it); the shared
        // shortcut would take it over and play instead.
        let space_on_control = ev.key() == " " && on_control(&ev);
        if (!space_on_control && playback.on_key(&ev))
            || ev.alt_key()
            || ev.ctrl_key()
            || ev.meta_key()
            || in_text_field(&ev)
        {
            return;
        }
        if ev.key() == "r" {
            ev.prevent_default();
            playback.pause();
            state.send(now_ms());
        }
    };
    view! {
        <section
            class="widget rl"
            data-testid="rate-widget"
            aria-label="Rate limiter"
            on:keydown=on_key
        >
            <controls::Controls state/>
            <PlaybackControls playback testid="rate"/>
            <p class="widget-error" role="alert" hidden=move || state.problem.with(Option::is_none)>
                {move || state.problem.get()}
            </p>
            <div class="rl-output" inner_html=move || state.output()></div>
            <NarrationLog narration=state.narration label="What happened" testid="rate-log"/>
            <ShareLink config testid="rate-share"/>
        </section>
    }
}

/// Whether a key event comes from a control that Space activates (a button, a box, a
/// list, a disclosure or a link).
fn on_control(ev: &leptos::ev::KeyboardEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                matches!(
                    el.tag_name().to_ascii_lowercase().as_str(),
                    "button" | "input" | "select" | "textarea" | "summary" | "a"
                )
            })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

/// Whether a key event comes from a field that takes typing (its keys are not shortcuts).
fn in_text_field(ev: &leptos::ev::KeyboardEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| match el.tag_name().to_ascii_lowercase().as_str() {
                "textarea" | "select" => true,
                // A slider, a box or a button takes no typing: `r` still sends from there.
                "input" => !matches!(
                    el.get_attribute("type").as_deref(),
                    Some("range" | "checkbox" | "radio" | "button")
                ),
                _ => el.has_attribute("contenteditable"),
            })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sending_by_hand_lands_after_the_playhead_and_is_decided() {
        let owner = Owner::new();
        owner.with(|| {
            let state = State::new(RateLimiterParams {
                traffic: "manual".into(),
                algorithms: vec!["token-bucket".into()],
                limit: 2,
                burst: 2,
                ..RateLimiterParams::default()
            });
            assert_eq!(state.position.get_untracked(), 0);
            state.send(Some(1_000.0));
            state.send(Some(1_000.0));
            state.send(Some(1_100.0));
            state.send(Some(9_000.0));
            let p = state.params.get_untracked();
            // Three at 0 and 100 ms, then a long pause capped at two windows.
            assert_eq!(p.manual, vec![0, 0, 100, 2_100]);
            assert_eq!(state.position.get_untracked(), 4);
            let current = state.current();
            assert_eq!(current.position, ALL);
            state.run.with_untracked(|r| {
                let run = r.as_ref().unwrap();
                let s = run.summaries(4);
                assert_eq!((s[0].accepted, s[0].rejected), (3, 1));
            });
        });
    }

    #[test]
    fn a_change_keeps_the_playhead_at_the_end_or_clamps_it() {
        let owner = Owner::new();
        owner.with(|| {
            let state = State::new(RateLimiterParams::default());
            assert_eq!(state.position.get_untracked(), 48);
            state.edit("Bigger bursts.", |p| p.burst_size = 10);
            assert_eq!(state.position.get_untracked(), 60);
            state.go_to(3);
            state.edit("Smaller bursts.", |p| p.burst_size = 2);
            assert_eq!(state.position.get_untracked(), 3);
            state.edit("Bad.", |p| p.limit = 0);
            assert!(state
                .problem
                .get_untracked()
                .unwrap()
                .contains("`limit` must be 1"));
            assert_eq!(state.params.get_untracked().limit, 5);
            assert_eq!(state.current().position, 3);
        });
    }
}
