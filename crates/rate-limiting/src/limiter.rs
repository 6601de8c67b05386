//! The one small trait every algorithm implements.

use crate::decision::Decision;
use crate::time::Nanos;

/// A rate limiter driven by a virtual clock.
///
/// Callers pass the arrival time of each request. Time must not go backwards: a `now`
/// earlier than the latest time seen is treated as that latest time (so a late caller
/// cannot rewind a limiter's state, and nothing panics).
pub trait RateLimiter {
    /// The inner state, as plain data for display (tokens, queue, window counts, log, TAT).
    type State;

    /// Decide about one request arriving at `now`, updating the state.
    fn decide(&mut self, now: Nanos) -> Decision;

    /// The state as it would be seen at `now`, without changing anything (a token bucket
    /// shows its refill, a queue its departures). Useful to draw the state between requests.
    fn state_at(&self, now: Nanos) -> Self::State;
}
