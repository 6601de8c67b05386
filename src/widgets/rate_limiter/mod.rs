//! The rate-limiter widget: the same arrivals through several rate-limiting algorithms on
//! one timeline, each request a mark (accepted, delayed or rejected) and each algorithm's
//! inner state drawn under its row; or, in the distributed view, through a cluster of
//! limiter instances, to show the overshoot. The algorithms are the `rate-limiting`
//! crate's; this module only runs and draws them.
//!
//! - `scenario`: parameters → the crate's configurations and seeded arrivals;
//! - `run`: every algorithm over the arrivals in one pass, totals and states at a position;
//! - `marks`: the drawing primitives (marks per time slice, the plot frame);
//! - `draw`: the timeline view as one HTML string; `cluster`: the distributed view;
//! - `presets`: the four ready-made scenarios; `controls`: the form;
//! - `state`: the parameters, the run, the playhead, and every change (validated, narrated);
//! - `notes_check` (tests): the figures the notes quote, re-run from their widget blocks;
//! - here: the component, its layout and its keys.
//!
//! The whole state is the parameters plus the playhead position, so the share link
//! restores it exactly; requests sent by hand are kept as times in `manual`.

mod cluster;
mod controls;
mod draw;
mod marks;
#[cfg(all(test, feature = "ssr"))]
mod notes_check;
mod presets;
mod run;
mod scenario;

mod state;

use super::shared::{
    key_target, KeyTarget, LiveHtml, NarrationLog, Playback, PlaybackControls, ShareLink,
};
use leptos::prelude::*;
use run::Run;
use state::State;
use widget_params::rate_limiter::RateLimiterParams;

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
    let config = Signal::derive(move || state.current());
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if playback.on_key(&ev)
            || ev.alt_key()
            || ev.ctrl_key()
            || ev.meta_key()
            || key_target(&ev) == KeyTarget::Typing
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
            <LiveHtml class="rl-output" html=move || state.output()/>
            <NarrationLog narration=state.narration label="What happened" testid="rate-log"/>
            <ShareLink params=config testid="rate-share"/>
        </section>
    }
}
