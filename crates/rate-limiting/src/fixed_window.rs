//! Fixed-window counter: at most `limit` requests per aligned window of time.
//!
//! Time is cut into windows `[k·W, (k+1)·W)`; each window has a counter, reset when the
//! next window starts. A request is accepted while its window's count is under the limit.
//! It is the simplest limiter to run on a shared store (one `INCR` with an expiry per
//! key and window), which is why it is everywhere; see the Redis documentation's "Pattern:
//! Rate limiter" under `INCR`, and Google Cloud's architecture guide *Rate-limiting
//! strategies and techniques* for the trade-offs against the other counters.
//!
//! **Guarantee.** At most `limit` accepted requests in every aligned window.
//!
//! **Weakness: the boundary burst.** Windows are aligned, not sliding: a client can send
//! `limit` requests at the end of one window and `limit` more at the start of the next,
//! so up to `2 × limit` requests pass within a span of length `W` that straddles the
//! boundary. A test shows it.
//!
//! **Memory.** One window index and one count.

use crate::decision::{Decision, Reason};
use crate::limiter::RateLimiter;
use crate::time::Nanos;
use serde::{Deserialize, Serialize};
use std::num::{NonZeroU32, NonZeroU64};

/// A fixed-window counter's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FixedWindowConfig {
    /// Requests allowed per window.
    pub limit: NonZeroU32,
    /// The window length `W` in nanoseconds.
    pub window: NonZeroU64,
}

/// The inner state of a fixed-window counter at some instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FixedWindowState {
    /// The window the instant falls in.
    pub window: u64,
    /// When that window started.
    pub window_start: Nanos,
    /// Requests accepted in it so far.
    pub count: u32,
    /// The per-window limit.
    pub limit: u32,
}

/// A fixed-window counter.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FixedWindow {
    config: FixedWindowConfig,
    window: u64,
    count: u32,
    last: Nanos,
}

impl FixedWindow {
    /// A counter at zero.
    pub fn new(config: FixedWindowConfig) -> Self {
        Self {
            config,
            window: 0,
            count: 0,
            last: 0,
        }
    }

    /// The parameters.
    pub fn config(&self) -> &FixedWindowConfig {
        &self.config
    }

    fn count_in(&self, window: u64) -> u32 {
        if window == self.window {
            self.count
        } else {
            0
        }
    }
}

impl RateLimiter for FixedWindow {
    type State = FixedWindowState;

    #[inline]
    fn decide(&mut self, now: Nanos) -> Decision {
        let now = now.max(self.last);
        self.last = now;
        let window = now / self.config.window.get();
        self.count = self.count_in(window);
        self.window = window;
        let limit = self.config.limit.get();
        if self.count < limit {
            self.count += 1;
            Decision::accept(Reason::WindowHasRoom {
                window,
                count: self.count,
            })
        } else {
            let next = window
                .saturating_add(1)
                .saturating_mul(self.config.window.get());
            Decision::reject(next, Reason::WindowFull { window, limit })
        }
    }

    fn state_at(&self, now: Nanos) -> FixedWindowState {
        let now = now.max(self.last);
        let window = now / self.config.window.get();
        FixedWindowState {
            window,
            window_start: window.saturating_mul(self.config.window.get()),
            count: self.count_in(window),
            limit: self.config.limit.get(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter(limit: u32, window: u64) -> FixedWindow {
        FixedWindow::new(FixedWindowConfig {
            limit: NonZeroU32::new(limit).unwrap(),
            window: NonZeroU64::new(window).unwrap(),
        })
    }

    #[test]
    fn counts_per_window_and_resets() {
        let mut c = counter(2, 1_000);
        assert_eq!(
            c.decide(10),
            Decision::accept(Reason::WindowHasRoom {
                window: 0,
                count: 1
            })
        );
        assert!(c.decide(20).is_admitted());
        assert_eq!(
            c.decide(30),
            Decision::reject(
                1_000,
                Reason::WindowFull {
                    window: 0,
                    limit: 2
                }
            )
        );
        assert!(c.decide(1_000).is_admitted());
        assert_eq!(c.state_at(1_500).count, 1);
        assert_eq!(c.state_at(2_000).count, 0);
    }

    #[test]
    fn the_boundary_burst_admits_twice_the_limit_in_one_window_length() {
        let mut c = counter(5, 1_000);
        let arrivals = (0..5).map(|i| 995 + i).chain((0..5).map(|i| 1_000 + i));
        let admitted = arrivals.filter(|&t| c.decide(t).is_admitted()).count();
        // Ten requests within 10 ns, against a limit of 5 per 1,000 ns.
        assert_eq!(admitted, 10);
    }
}
