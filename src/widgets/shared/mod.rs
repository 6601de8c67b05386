//! Parts every widget shares, so the widgets behave alike.
//!
//! - [`History`]: the states a widget can step back to (undo of membership changes in
//!   the hash ring; of steps in the others). Plain data, no signals: keep it in a
//!   `RwSignal` and push the state *before* each change.
//! - [`Narration`] and [`NarrationLog`]: one sentence per change, shown in a list that
//!   screen readers announce (`role="log"`, `aria-live="polite"`). The sentence is the
//!   algorithm crate's own explanation (e.g. `MoveReport::summary()`), not the view's.
//!
//! Rules the shared parts follow, and a widget built on them should too: nothing runs
//! when the reader is idle (no timers, no animation loops; movement is a finite CSS
//! animation that `prefers-reduced-motion` turns off), every control is a real form
//! element with a label, and bad input becomes a message, never a panic.

mod history;
mod narration;

pub(crate) use history::History;
pub(crate) use narration::{Narration, NarrationLog};
