//! Sliding-window log: remember the time of every accepted request in the last window.
//!
//! A request at `t` is accepted if fewer than `limit` accepted requests happened in the
//! window `(t − W, t]`; its time is then appended to the log. Entries older than the
//! window are dropped as time moves on. This is the exact answer to "at most `limit` per
//! any window of length `W`", with no boundary effect; it is the "sliding log" of Google
//! Cloud's *Rate-limiting strategies and techniques* and of Figma's engineering post *An
//! alternative approach to rate limiting* (2017), usually kept in a Redis sorted set.
//!
//! **Guarantee.** At most `limit` accepted requests in every half-open window `[s, s + W)`.
//!
//! **Memory.** Only accepted requests are logged and the log never holds more than `limit`
//! of them (8 bytes each), so memory is bounded by the limit, not by the traffic: a flood of
//! rejected requests costs nothing.
//!
//! **Weaknesses.** Memory and time grow with the limit (a limit of a million per hour keeps
//! up to a million timestamps per key), which is why the sliding-window counter exists.

use crate::decision::{Decision, Reason};
use crate::limiter::RateLimiter;
use crate::time::Nanos;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::num::{NonZeroU32, NonZeroU64};

/// A sliding log's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SlidingLogConfig {
    /// Requests allowed in any window of length `window`.
    pub limit: NonZeroU32,
    /// The window length `W` in nanoseconds.
    pub window: NonZeroU64,
}

/// The inner state of a sliding log at some instant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SlidingLogState {
    /// Times of the accepted requests in the window ending at the instant, oldest first.
    pub log: Vec<Nanos>,
    /// The limit.
    pub limit: u32,
}

/// A sliding-window log.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SlidingLog {
    config: SlidingLogConfig,
    /// Accepted times, oldest first; never more than `limit` entries.
    log: VecDeque<Nanos>,
    last: Nanos,
}

impl SlidingLog {
    /// An empty log.
    pub fn new(config: SlidingLogConfig) -> Self {
        Self {
            config,
            log: VecDeque::new(),
            last: 0,
        }
    }

    /// The parameters.
    pub fn config(&self) -> &SlidingLogConfig {
        &self.config
    }

    /// Entries currently stored (at most the limit); exposed for the memory-bound test.
    pub fn stored(&self) -> usize {
        self.log.len()
    }

    /// Whether an entry at `at` is still inside the window ending at `now`.
    fn in_window(&self, at: Nanos, now: Nanos) -> bool {
        now - at < self.config.window.get()
    }
}

impl RateLimiter for SlidingLog {
    type State = SlidingLogState;

    fn decide(&mut self, now: Nanos) -> Decision {
        let now = now.max(self.last);
        self.last = now;
        while let Some(&oldest) = self.log.front() {
            if self.in_window(oldest, now) {
                break;
            }
            self.log.pop_front();
        }
        let limit = self.config.limit.get();
        let len = u32::try_from(self.log.len()).unwrap_or(u32::MAX);
        match self.log.front() {
            Some(&oldest) if len >= limit => {
                let retry_at = oldest.saturating_add(self.config.window.get());
                Decision::reject(retry_at, Reason::LogFull { oldest })
            }
            _ => {
                self.log.push_back(now);
                Decision::accept(Reason::LogHasRoom { in_window: len + 1 })
            }
        }
    }

    fn state_at(&self, now: Nanos) -> SlidingLogState {
        let now = now.max(self.last);
        SlidingLogState {
            log: self
                .log
                .iter()
                .copied()
                .filter(|&at| self.in_window(at, now))
                .collect(),
            limit: self.config.limit.get(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(limit: u32, window: u64) -> SlidingLog {
        SlidingLog::new(SlidingLogConfig {
            limit: NonZeroU32::new(limit).unwrap(),
            window: NonZeroU64::new(window).unwrap(),
        })
    }

    #[test]
    fn slides_instead_of_resetting() {
        let mut l = log(2, 1_000);
        assert_eq!(
            l.decide(900),
            Decision::accept(Reason::LogHasRoom { in_window: 1 })
        );
        assert!(l.decide(950).is_admitted());
        assert_eq!(
            l.decide(1_000),
            Decision::reject(1_900, Reason::LogFull { oldest: 900 })
        );
        assert!(!l.decide(1_899).is_admitted());
        assert!(l.decide(1_900).is_admitted());
        assert_eq!(l.state_at(1_949).log, vec![950, 1_900]);
        assert_eq!(l.state_at(1_950).log, vec![1_900]);
    }

    #[test]
    fn rejected_requests_are_not_stored() {
        let mut l = log(3, 1_000_000);
        for t in 0..10_000 {
            l.decide(t);
        }
        assert_eq!(l.stored(), 3);
    }
}
