//! The cache-eviction playground: one request stream through several replacement
//! policies side by side, against Belady's optimum. The policies, workloads, trace
//! parser and miss-ratio curves are the `cache-policies` crate's; this module only
//! drives and draws them.
//!
//! - `source`: the requests (a seeded workload, the keys in the parameters, or a trace
//!   the reader pasted or uploaded) and how keys are named on screen;
//! - `setup`: a configuration made ready (checked, its requests built, its timeline);
//! - `timeline`: step mode's snapshots every K requests, and replay to any position;
//! - `step_view`, `draw`: step mode's picture (each policy's own structure);
//! - `job`, `run_view`, `chart`: run mode's sliced computation and its charts;
//! - `presets`: named lessons, and the sentence that narrates a step;
//! - `controls`: the form.
//!
//! The whole state is the parameters (plus the playback position), so a share link
//! restores it exactly; only an uploaded trace too long for a link stays in the page.

mod chart;
mod controls;
mod draw;
mod job;
mod presets;
mod run_view;
mod setup;
mod source;
mod step_view;
mod timeline;

use super::shared::{Narration, NarrationLog, Playback, PlaybackControls, ShareLink};
use leptos::prelude::*;
use run_view::{RunPanel, Runner};
use setup::Setup;
use source::LoadedTrace;
use std::sync::Arc;
use widget_params::cache_eviction::CacheEvictionParams;

/// Milliseconds per step when playing at 1x.
const STEP_MS: u32 = 700;

/// The widget's state: the parameters and what was built from them.
#[derive(Clone, Copy)]
pub(super) struct State {
    /// The configuration (in step mode its `position` is the one the widget started at;
    /// the current one is [`State::position`]).
    params: RwSignal<CacheEvictionParams>,
    /// A trace the reader gave that the parameters cannot hold.
    loaded: RwSignal<Option<LoadedTrace>>,
    /// The configuration, built; `None` until one is valid.
    setup: RwSignal<Option<Arc<Setup>>>,
    /// What is wrong with the last change, if anything.
    error: RwSignal<Option<String>>,
    /// Step mode: requests served.
    position: RwSignal<usize>,
    narration: Narration,
    runner: Runner,
    generation: StoredValue<u64>,
}

impl State {
    /// Makes `next` the configuration if it checks out (else shows why and keeps the
    /// current one); `say` is narrated on success. Run mode starts running at once.
    fn apply(&self, next: CacheEvictionParams, say: Option<String>) -> bool {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let built = self
            .loaded
            .with_untracked(|l| setup::build(&next, l.as_ref(), generation));
        match built {
            Ok(s) => {
                let s = Arc::new(s);
                let len = s.timeline.as_ref().map_or(0, |t| t.len());
                self.error.set(None);
                self.position.set((next.position as usize).min(len));
                self.setup.set(Some(s.clone()));
                if next.is_step() {
                    self.runner.clear();
                } else {
                    self.runner.start(&s);
                }
                self.params.set(next);
                if let Some(text) = say {
                    self.narration.say(text);
                }
                true
            }
            Err(e) => {
                self.error
                    .set(Some(format!("That change was not applied: {e}.")));
                false
            }
        }
    }

    /// The current parameters, position included: what a share link carries.
    fn current(&self) -> CacheEvictionParams {
        let mut p = self.params.get();
        let uses_loaded = p.workload == "trace" && p.trace.is_empty();
        p.position = if p.is_step() && !uses_loaded {
            self.position.get() as u32
        } else {
            0
        };
        p
    }
}

/// The widget.
#[component]
pub(crate) fn CacheEviction(params: CacheEvictionParams) -> impl IntoView {
    let narration = Narration::new(12);
    let state = State {
        params: RwSignal::new(params.clone()),
        loaded: RwSignal::new(None),
        setup: RwSignal::new(None),
        error: RwSignal::new(None),
        position: RwSignal::new(0),
        narration,
        runner: Runner::new(narration),
        generation: StoredValue::new(0),
    };
    // Run mode starts computing at once (in the browser; natively nothing is scheduled).
    if !state.apply(params.clone(), None) {
        state.params.set(params);
    }

    let end = Signal::derive(move || {
        state.setup.with(|s| {
            s.as_ref()
                .and_then(|s| s.timeline.as_ref())
                .map_or(0, |t| t.len())
        })
    });
    let step = Callback::new(move |()| {
        let end = end.get_untracked();
        let p = state.position.get_untracked();
        if p < end {
            state.position.set(p + 1);
        }
        p + 1 < end
    });
    let playback = Playback::new(state.position, end, step, STEP_MS);

    // Narrate every move of the position within one configuration.
    Effect::new(move |prev: Option<(u64, usize)>| {
        let position = state.position.get();
        let generation = state.setup.with(|s| s.as_ref().map_or(0, |s| s.generation));
        if let Some((g, p)) = prev {
            if g == generation && p != position {
                state.setup.with_untracked(|s| {
                    if let Some((s, t)) =
                        s.as_ref().and_then(|s| s.timeline.as_ref().map(|t| (s, t)))
                    {
                        let moment = t.at(position);
                        narration.say(presets::step_sentence(&moment, &s.kinds, &s.requests));
                    }
                });
            }
        }
        (generation, position)
    });

    let picture = move || {
        let position = state.position.get();
        state.setup.with(|s| {
            s.as_ref()
                .and_then(|s| {
                    s.timeline
                        .as_ref()
                        .map(|t| step_view::html(s, &t.at(position)))
                })
                .unwrap_or_default()
        })
    };
    let is_step = move || state.params.with(CacheEvictionParams::is_step);
    // The error and the setup's note, as one string (a view per message costs more).
    let messages = move || {
        let mut out = String::new();
        if let Some(e) = state.error.get() {
            out.push_str(&format!(
                r#"<p class="widget-error" role="alert" data-testid="cache-error">{}</p>"#,
                draw::esc(&e)
            ));
        }
        if let Some(n) = state
            .setup
            .with(|s| s.as_ref().and_then(|s| s.note.clone()))
        {
            out.push_str(&format!(
                r#"<p class="ce-note" data-testid="cache-note">{}</p>"#,
                draw::esc(&n)
            ));
        }
        out
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if is_step() {
            playback.on_key(&ev);
        }
    };
    let setup_signal = Signal::derive(move || state.setup.get());
    let share = Signal::derive(move || state.current());
    let form = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let p = state.params.get();
        if let Some(root) = form.get() {
            controls::dom::sync(&root, &p);
        }
    });
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        if let Some(root) = form.get_untracked() {
            controls::dom::on_change(state, &root, &ev);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        if let Some(root) = form.get_untracked() {
            controls::dom::on_click(state, &root, &ev);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };

    view! {
        <div class="widget ce" role="group" data-testid="cache-widget" aria-label="Cache eviction playground" on:keydown=on_key>
            <div class="ce-messages" inner_html=messages></div>
            <div class="ce-step" data-testid="cache-step-mode" hidden=move || !is_step()>
                <PlaybackControls playback testid="cache"/>
                <div class="ce-picture" inner_html=picture></div>
                <p class="ce-legend">
                    "Highlighted: the key just requested. Dashed red: the next to be evicted; dashed grey: a ghost (remembered, not cached); a dot: a set reference or visited bit; a ring: the hand. Small numbers are counts."
                </p>
            </div>
            <div hidden=is_step>
                <RunPanel runner=state.runner setup=setup_signal/>
            </div>
            <NarrationLog narration label="What happened" testid="cache-log"/>
            <h3 class="ce-settings-title">"Settings"</h3>
            <div class="ce-controls" node_ref=form inner_html=controls::html() on:change=on_change on:click=on_click></div>
            <ShareLink params=share testid="cache-share"/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_state_carries_the_position_only_for_link_traces() {
        let owner = Owner::new();
        owner.with(|| {
            let narration = Narration::new(4);
            let state = State {
                params: RwSignal::new(CacheEvictionParams::default()),
                loaded: RwSignal::new(None),
                setup: RwSignal::new(None),
                error: RwSignal::new(None),
                position: RwSignal::new(0),
                narration,
                runner: Runner::new(narration),
                generation: StoredValue::new(0),
            };
            assert!(state.apply(
                CacheEvictionParams {
                    position: 30,
                    ..CacheEvictionParams::default()
                },
                None
            ));
            assert_eq!(state.position.get_untracked(), 30);
            state.position.set(31);
            assert_eq!(state.current().position, 31);
            // A bad change is refused with a message, and the old setup stays.
            let bad = CacheEvictionParams {
                capacity: 0,
                ..CacheEvictionParams::default()
            };
            assert!(!state.apply(bad, None));
            assert!(state
                .error
                .get_untracked()
                .is_some_and(|e| e.contains("`capacity`")));
            assert_eq!(state.params.get_untracked().capacity, 8);
        });
    }
}
