//! The Raft election widget: a simulated cluster of 3 to 9 servers stepped one event at a
//! time, with crashes, partitions, dropped messages and client writes; scrubbing back in
//! time and forking a new future; and a live check of Raft's safety properties. The
//! algorithm is `raft-sim`'s; this module only keeps its [`History`](raft_sim::History)
//! in a signal and draws it.
//!
//! - `run`: the state as plain data (settings, history) and its parameters (share link);
//! - `drawing` and `logs`: the cluster and the logs as SVG strings;
//! - `text`: narration, message labels, the status line and the inspector's fields;
//! - `panels`: the inspector's and the invariants panel's contents;
//! - `markup`: the static frame of controls and panels, and the menus;
//! - `paint` (browser only): filling the frame after each change, and the two delegated
//!   event handlers that turn clicks and changes into commands and settings;
//! - here: the signals and the layout.
//!
//! The shared [`Playback`] owns the position; an effect moves the history there (a
//! snapshot plus replay, never a stored copy per event). Stepping at the end simulates
//! one more event. Nothing runs while paused.

mod drawing;
mod logs;
mod markup;
#[cfg(feature = "hydrate")]
mod paint;
mod panels;
mod run;
mod text;

use super::shared::{Narration, NarrationLog, Playback, PlaybackControls, ShareLink};
use drawing::Pick;
use leptos::either::Either;
use leptos::prelude::*;
use raft_sim::Command;
use run::{Run, Settings};
use widget_params::raft_election::{RaftElectionParams, MAX_EVENTS};

/// Time per event at 1× speed.
const INTERVAL_MS: u32 = 350;

/// The widget.
#[component]
pub(crate) fn RaftElection(params: RaftElectionParams) -> impl IntoView {
    // `Either`, not `into_any`: see `widgets::bundle::mount`.
    match Run::from_params(&params) {
        Ok(run) => Either::Left(view! { <Live run/> }),
        Err(e) => {
            let text = format!("The Raft widget could not start: {e}.");
            Either::Right(view! { <p class="widget-error" role="alert">{text}</p> })
        }
    }
}

/// What every part of the widget shares: the run, the position, the pick, the messages.
#[derive(Clone, Copy)]
pub(super) struct Shared {
    run: RwSignal<Run>,
    position: RwSignal<usize>,
    pick: RwSignal<Option<Pick>>,
    problem: RwSignal<Option<String>>,
    narration: Narration,
}

impl Shared {
    /// Give an outside command at the position shown (forking if in the past).
    fn act(&self, command: Command) {
        match self.run.try_update(|r| r.act(command)) {
            Some(Ok(line)) => {
                self.narration.say(line);
                self.problem.set(None);
                self.sync_position();
            }
            Some(Err(e)) => self.problem.set(Some(e)),
            None => {}
        }
    }

    /// Start over from `settings`, at the first event.
    fn restart(&self, settings: Settings, why: String) {
        match Run::start(settings) {
            Ok(run) => {
                self.run.set(run);
                self.position.set(0);
                self.pick.set(Some(Pick::Node(0)));
                self.problem.set(None);
                self.narration.say(why);
            }
            Err(e) => self
                .problem
                .set(Some(format!("Cannot start that run: {e}."))),
        }
    }

    fn sync_position(&self) {
        let p = self.run.with_untracked(|r| r.history.position() as usize);
        self.position.set(p);
    }
}

/// The widget once its run is built.
#[component]
fn Live(run: Run) -> impl IntoView {
    let start = run.history.position() as usize;
    let shared = Shared {
        run: RwSignal::new(run),
        position: RwSignal::new(start),
        pick: RwSignal::new(Some(Pick::Node(0))),
        problem: RwSignal::new(None),
        narration: Narration::new(14),
    };
    let Shared {
        run,
        position,
        pick,
        narration,
        problem,
    } = shared;

    // The scrubber and "step back" move `position`; the history follows it here.
    Effect::new(move |_| {
        let p = position.get();
        let here = run.with_untracked(|r| r.history.position() as usize);
        if p == here {
            return;
        }
        run.update(|r| r.history.seek(p as u64));
        let line = run.with_untracked(|r| {
            let what = if p + 1 == here {
                "Stepped back"
            } else {
                "Moved"
            };
            match p.checked_sub(1).and_then(|i| r.history.reports().get(i)) {
                Some(report) => format!("{what} to event {p}. {}", text::event_sentence(report)),
                None => format!("{what} to the start."),
            }
        });
        narration.say(line);
    });
    let step = Callback::new(move |()| {
        let said = run
            .try_update(|r| {
                r.step().then(|| {
                    r.history
                        .reports()
                        .get(r.history.position().saturating_sub(1) as usize)
                        .map(text::event_sentence)
                })
            })
            .flatten();
        match said {
            Some(line) => {
                narration.say(line.unwrap_or_default());
                shared.sync_position();
                true
            }
            None => {
                let why = run.with_untracked(|r| {
                    if r.history.position() >= MAX_EVENTS {
                        format!("The run has reached its limit of {MAX_EVENTS} events.")
                    } else {
                        "Nothing more can happen: every server is down and no message is in flight."
                            .to_string()
                    }
                });
                narration.say(why);
                false
            }
        }
    });
    let end = Signal::derive(move || run.with(|r| r.history.len() as usize));
    let playback = Playback::new(position, end, step, INTERVAL_MS);

    let share = Signal::derive(move || run.with(Run::params));
    let top = NodeRef::<leptos::html::Div>::new();
    let body = NodeRef::<leptos::html::Div>::new();
    // Fill the static frame after every change of the run, the pick or the problem.
    #[cfg(feature = "hydrate")]
    {
        let written = StoredValue::new(paint::Written::new());
        Effect::new(move |_| {
            let (Some(t), Some(b)) = (top.get(), body.get()) else {
                return;
            };
            let p = pick.get();
            let problem = problem.get();
            run.with(|r| {
                written.update_value(|w| paint::paint(&t, &b, r, p, problem.as_deref(), w))
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (problem, pick);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        paint::on_click(shared, &ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_body_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        paint::on_body_change(shared, &ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_settings_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        paint::on_settings_change(shared, &ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };

    view! {
        <section
            class="widget rf"
            data-testid="raft-widget"
            aria-label="Raft election stepper"
            on:keydown=move |ev| {
                playback.on_key(&ev);
            }
        >
            <div node_ref=top inner_html=markup::TOP on:change=on_settings_change></div>
            <PlaybackControls playback testid="raft"/>
            <div class="rf-body" node_ref=body inner_html=markup::BODY on:click=on_click on:change=on_body_change></div>
            <ShareLink params=share testid="raft-share"/>
            <NarrationLog narration label="What happened" testid="raft-log"/>
        </section>
    }
}
