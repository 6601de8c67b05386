//! Parts every widget shares, so the widgets behave alike.
//!
//! - [`History`]: the states a widget can step back to (undo of membership changes in
//!   the hash ring; of steps in the others). Plain data, no signals: keep it in a
//!   `RwSignal` and push the state *before* each change.
//! - [`Narration`] and [`NarrationLog`]: one sentence per change, shown in a list that
//!   screen readers announce (`role="log"`, `aria-live="polite"`). The sentence is the
//!   algorithm crate's own explanation (e.g. `MoveReport::summary()`), not the view's.
//! - [`ShareLink`]: the address of the widget's own page with its current state in the
//!   query (`WidgetConfig::to_query`), to copy, open or embed. A widget's whole shareable
//!   state is its parameters, so a link restores it exactly.
//! - [`Playback`] and [`PlaybackControls`]: play, pause, step, step back, speed and a
//!   scrubber over a position the widget owns, with shared keyboard shortcuts.
//! - [`Tenths`]: a coordinate written into SVG path data quickly (one decimal).
//! - [`LiveHtml`]: a `div` whose markup follows a string, changed in place rather than
//!   rebuilt, so a redraw restyles only what changed and keeps scroll and focus.
//!
//! Rules the shared parts follow, and a widget built on them should too: nothing runs
//! when the reader is idle (no timers, no animation loops; movement is a finite CSS
//! animation that `prefers-reduced-motion` turns off), every control is a real form
//! element with a label, and bad input becomes a message, never a panic.

mod history;
mod live_html;
mod narration;
// Used by the widgets that move through time, which land after it.
#[allow(dead_code)]
mod playback;
mod share;
mod svg;

pub(crate) use history::History;
pub(crate) use live_html::LiveHtml;
pub(crate) use narration::{Narration, NarrationLog};
#[allow(unused_imports)] // Used by the widgets that move through time.
pub(crate) use playback::{key_target, KeyTarget, Playback, PlaybackControls};
pub(crate) use share::ShareLink;
#[cfg(feature = "hydrate")]
pub(crate) use share::{share_path, state_from_link};
pub(crate) use svg::Tenths;
