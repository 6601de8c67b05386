//! Playback: play and pause, step, step back, speed and a scrubber, for the widgets that
//! move through time (the Raft stepper, the rate-limiter timeline, the cache playground's
//! step mode).
//!
//! A widget owns its `position` (how many steps have happened) and renders the state at
//! that position; [`Playback`] only moves it. Stepping forward is the widget's own
//! callback, since it may have to compute the next step (run the simulation one more
//! event) rather than just move along a recording. The timer runs only while playing,
//! and playing stops when the page is hidden, when the widget scrolls out of view, and
//! when the callback says nothing more can happen.

use leptos::prelude::*;

/// The speeds offered, as multiples of the widget's own pace.
const SPEEDS: [(&str, f64); 6] = [
    ("¼×", 0.25),
    ("½×", 0.5),
    ("1×", 1.0),
    ("2×", 2.0),
    ("4×", 4.0),
    ("8×", 8.0),
];

/// The playback state of one widget. `Copy`: hand it to closures freely.
#[derive(Clone, Copy)]
pub(crate) struct Playback {
    /// Where the widget is: 0 ..= `end`.
    pub(crate) position: RwSignal<usize>,
    /// The furthest position the scrubber reaches.
    pub(crate) end: Signal<usize>,
    playing: RwSignal<bool>,
    speed: RwSignal<f64>,
    step: Callback<(), bool>,
    interval_ms: u32,
}

impl Playback {
    /// Playback over `position` (0 ..= `end`). `step` advances one step (moving
    /// `position` itself) and returns `false` when nothing more can happen;
    /// `interval_ms` is the time per step at 1×.
    pub(crate) fn new(
        position: RwSignal<usize>,
        end: Signal<usize>,
        step: Callback<(), bool>,
        interval_ms: u32,
    ) -> Self {
        let playback = Self {
            position,
            end,
            playing: RwSignal::new(false),
            speed: RwSignal::new(1.0),
            step,
            interval_ms: interval_ms.max(1),
        };
        #[cfg(feature = "hydrate")]
        playback.run_timer();
        playback
    }

    /// While playing, calls `step` every `interval_ms / speed`; nothing otherwise.
    #[cfg(feature = "hydrate")]
    fn run_timer(self) {
        Effect::new(move |_| {
            if !self.playing.get() {
                return;
            }
            let every = f64::from(self.interval_ms) / self.speed.get();
            let tick = move || {
                if !self.step.run(()) {
                    self.playing.set(false);
                }
            };
            let every = std::time::Duration::from_millis(every.max(1.0) as u64);
            if let Ok(handle) = set_interval_with_handle(tick, every) {
                on_cleanup(move || handle.clear());
            }
        });
        let guard = crate::browser::on_page_hidden(move || self.playing.set(false));
        let guard = send_wrapper::SendWrapper::new(guard);
        on_cleanup(move || drop(guard));
    }

    /// Whether it is playing.
    pub(crate) fn is_playing(&self) -> bool {
        self.playing.get()
    }

    /// Plays if paused, pauses if playing.
    pub(crate) fn toggle(&self) {
        self.playing.update(|p| *p = !*p);
    }

    /// Stops playing.
    pub(crate) fn pause(&self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
        }
    }

    /// One step forward (pausing first).
    pub(crate) fn step(&self) {
        self.pause();
        self.step.run(());
    }

    /// One step back (pausing first).
    pub(crate) fn back(&self) {
        self.pause();
        self.position.update(|p| *p = p.saturating_sub(1));
    }

    /// Handles the shared shortcuts: Space or `k` plays and pauses, `.` or `l` steps,
    /// `,` or `j` steps back. Returns whether it handled the key (and then prevents the
    /// browser's default, such as scrolling on Space). Keys typed into a text field or
    /// with a modifier, and Space on a button, box, slider or link, are left alone.
    pub(crate) fn on_key(&self, ev: &leptos::ev::KeyboardEvent) -> bool {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return false;
        }
        match key_target(ev) {
            KeyTarget::Typing => return false,
            // Space presses the focused button or ticks the focused box; it only plays
            // when focus is elsewhere in the widget.
            KeyTarget::Control if ev.key() == " " => return false,
            _ => {}
        }
        match ev.key().as_str() {
            " " | "k" => self.toggle(),
            "." | "l" => self.step(),
            "," | "j" => self.back(),
            _ => return false,
        }
        ev.prevent_default();
        ev.stop_propagation();
        true
    }
}

/// What a key went to, for deciding whether a shortcut may take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyTarget {
    /// A field that takes typing (text, a list): its keys are never shortcuts.
    Typing,
    /// A control that Space activates (a button, a box, a slider, a link): Space keeps
    /// its own meaning there.
    Control,
    /// Anything else in the widget.
    Other,
}

/// What `ev`'s key went to.
pub(crate) fn key_target(ev: &leptos::ev::KeyboardEvent) -> KeyTarget {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return KeyTarget::Other;
        };
        match el.tag_name().to_ascii_lowercase().as_str() {
            "textarea" | "select" => KeyTarget::Typing,
            "input" => match el.get_attribute("type").as_deref() {
                Some("range" | "checkbox" | "radio" | "button" | "submit" | "reset") => {
                    KeyTarget::Control
                }
                _ => KeyTarget::Typing,
            },
            "button" | "a" | "summary" => KeyTarget::Control,
            _ if el.has_attribute("contenteditable") => KeyTarget::Typing,
            _ => KeyTarget::Other,
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        KeyTarget::Other
    }
}

/// The controls: play/pause, step back, step, speed and the scrubber. Test ids are
/// `{testid}-play`, `-back`, `-step`, `-speed` and `-scrub`.
#[component]
pub(crate) fn PlaybackControls(playback: Playback, testid: &'static str) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let Some(root) = root.get() else { return };
        let widget = root.closest(".widget").ok().flatten();
        let watched: &web_sys::Element = widget.as_ref().unwrap_or(&root);
        let guard = crate::browser::observe::on_leaving_view(watched, move || playback.pause());
        let guard = send_wrapper::SendWrapper::new(guard);
        on_cleanup(move || drop(guard));
    });
    let Playback {
        position,
        end,
        playing,
        speed,
        ..
    } = playback;
    view! {
        <div class="widget-playback" node_ref=root role="group" aria-label="Playback">
            <button class="button" type="button" data-testid=format!("{testid}-play")
                aria-keyshortcuts="Space k" aria-pressed=move || playing.get().to_string()
                on:click=move |_| playback.toggle()>
                {move || if playing.get() { "Pause" } else { "Play" }}
            </button>
            <button class="button button-quiet" type="button" data-testid=format!("{testid}-back")
                aria-keyshortcuts=", j" disabled=move || position.get() == 0
                on:click=move |_| playback.back()>"Step back"</button>
            <button class="button button-quiet" type="button" data-testid=format!("{testid}-step")
                aria-keyshortcuts=". l" on:click=move |_| playback.step()>"Step"</button>
            <label class="widget-playback-speed">
                <span>"Speed"</span>
                <select data-testid=format!("{testid}-speed")
                    on:change=move |ev| {
                        if let Ok(s) = event_target_value(&ev).parse::<f64>() {
                            speed.set(s);
                        }
                    }>
                    {SPEEDS.into_iter().map(|(label, s)| view! {
                        <option value=s.to_string() selected=move || speed.get() == s>{label}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="widget-playback-scrub">
                <span>{move || format!("Step {} of {}", position.get(), end.get())}</span>
                <input type="range" min="0" data-testid=format!("{testid}-scrub")
                    max=move || end.get().to_string()
                    prop:value=move || position.get().to_string()
                    on:input=move |ev| {
                        if let Ok(p) = event_target_value(&ev).parse::<usize>() {
                            playback.pause();
                            position.set(p.min(end.get_untracked()));
                        }
                    }/>
            </label>
        </div>
    }
}
