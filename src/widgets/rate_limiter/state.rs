//! The widget's state: its parameters, the run they give (recomputed only when they
//! change), the playhead, and the totals at the playhead; every change goes through here,
//! is validated, and is narrated.

use super::cluster;
use super::draw;
use super::marks;
use super::run::{self, describe, Run};
use super::scenario::{self, LastArrivals};
use crate::widgets::shared::Narration;
use leptos::prelude::*;
use rate_limiting::{Nanos, Summary, MILLISECOND};
use widget_params::rate_limiter::{RateLimiterParams, ALL, MAX_MANUAL, MAX_MANUAL_MS};
use widget_params::WidgetParams;

/// The widget's reactive state, shared by its parts.
#[derive(Clone, Copy)]
pub(super) struct State {
    /// The parameters (their `position` is not used: see `position`).
    pub(super) params: RwSignal<RateLimiterParams>,
    /// The run of the current parameters, or what is wrong with them.
    pub(super) run: Memo<Result<Run, String>>,
    /// Requests decided so far.
    pub(super) position: RwSignal<usize>,
    /// Each row's totals and state (in words) at the playhead.
    pub(super) at_position: Memo<Option<(Vec<Summary>, Vec<String>)>>,
    /// The distributed view's run, computed only while that view is shown.
    pub(super) cluster: Memo<Option<Result<cluster::ClusterFigures, String>>>,
    /// The last problem with the reader's input.
    pub(super) problem: RwSignal<Option<String>>,
    /// One sentence per change.
    pub(super) narration: Narration,
    /// Wall-clock time (ms) of the last request sent by hand, for the gap to the next.
    pub(super) last_send: StoredValue<Option<f64>>,
}

impl State {
    pub(super) fn new(params: RateLimiterParams) -> Self {
        let start = params.position;
        let params = RwSignal::new(params);
        // Always "changed": comparing two 70,000-decision runs would cost as much as the
        // run, and the parameters only change when something did.
        let last_arrivals = StoredValue::new(LastArrivals::default());
        let run = Memo::new_with_compare(
            move |_| {
                params.with(|p| {
                    last_arrivals
                        .try_update_value(|last| scenario::build_reusing(p, last))
                        .unwrap_or_else(|| scenario::build(p))
                        .map(run::run)
                })
            },
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
    pub(super) fn len_untracked(&self) -> usize {
        self.run.with_untracked(|r| r.as_ref().map_or(0, Run::len))
    }

    /// Replaces the parameters if they check out (else says why), keeping the playhead at
    /// the end if it was there, and narrates `what` with the new totals.
    pub(super) fn apply(&self, next: RateLimiterParams, what: &str) {
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
    pub(super) fn edit(&self, what: &str, f: impl FnOnce(&mut RateLimiterParams)) {
        let mut next = self.params.get_untracked();
        f(&mut next);
        self.apply(next, what);
    }

    /// Moves the playhead to `position`, narrating the request it decides when it moves
    /// one forward.
    pub(super) fn go_to(&self, position: usize) {
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
    pub(super) fn send(&self, now_ms: Option<f64>) {
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
    pub(super) fn output(&self) -> String {
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
    pub(super) fn current(&self) -> RateLimiterParams {
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
    format!(r#"<p class="widget-error">{}</p>"#, marks::esc(message))
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
