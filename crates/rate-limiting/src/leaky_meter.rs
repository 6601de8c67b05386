//! Leaky bucket as a meter: a bucket that leaks at a constant rate; each request pours in
//! one unit, and a request that would make it overflow is rejected.
//!
//! The bucket holds at most `capacity` requests' worth of water and drains one request's
//! worth every `leak.interval` nanoseconds. A request conforms if, after draining, there is
//! room for one more unit; conforming requests pass at once (nothing waits; compare
//! [`crate::leaky_queue`], where they wait in a queue instead).
//!
//! This is the "continuous-state leaky bucket algorithm" of ITU-T Recommendation I.371,
//! Annex 1, and of the ATM Forum's *Traffic Management Specification Version 4.0* (1996);
//! the metaphor goes back to Turner, *New directions in communications*, IEEE
//! Communications Magazine 24(10), 1986. It is the mirror image of the
//! token bucket (water level = capacity − tokens) and makes the same decisions as GCRA with
//! `τ = (capacity − 1) × interval`. A property test checks all three agree.
//!
//! **Exact arithmetic.** The level is stored in nanoseconds of drain time (one request is
//! `interval` nanoseconds of water), so draining is a subtraction of elapsed time.
//!
//! **Parameters.** `capacity`: the burst it absorbs; `leak`: the sustained rate.
//!
//! **Weaknesses.** As the token bucket's; and the name is ambiguous (meter or queue), which
//! is why this crate has both.

use crate::decision::{Decision, Reason};
use crate::limiter::RateLimiter;
use crate::time::{Nanos, Rate};
use serde::{Deserialize, Serialize};
use std::num::NonZeroU32;

/// A leaky bucket (meter)'s parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LeakyMeterConfig {
    /// How many requests' worth of water the bucket holds.
    pub capacity: NonZeroU32,
    /// One request's worth drains every `leak.interval` nanoseconds.
    pub leak: Rate,
}

/// The inner state of a leaky bucket (meter) at some instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LeakyMeterState {
    /// The water level in nanoseconds of drain time (`requests × interval`).
    pub level: Nanos,
    /// Nanoseconds to drain one request's worth.
    pub interval: Nanos,
    /// The capacity in requests.
    pub capacity: u32,
}

impl LeakyMeterState {
    /// The level in requests, including the partial one (for drawing only).
    pub fn requests(&self) -> f64 {
        self.level as f64 / self.interval as f64
    }
}

/// A leaky bucket used as a meter, empty at time zero.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LeakyMeter {
    config: LeakyMeterConfig,
    level: Nanos,
    last: Nanos,
}

impl LeakyMeter {
    /// An empty bucket.
    pub fn new(config: LeakyMeterConfig) -> Self {
        Self {
            config,
            level: 0,
            last: 0,
        }
    }

    /// The parameters.
    pub fn config(&self) -> &LeakyMeterConfig {
        &self.config
    }

    #[inline]
    fn level_at(&self, now: Nanos) -> Nanos {
        self.level.saturating_sub(now.saturating_sub(self.last))
    }
}

impl RateLimiter for LeakyMeter {
    type State = LeakyMeterState;

    #[inline]
    fn decide(&mut self, now: Nanos) -> Decision {
        let now = now.max(self.last);
        let interval = self.config.leak.interval_nanos();
        let rim = u64::from(self.config.capacity.get()).saturating_mul(interval);
        let level = self.level_at(now);
        self.last = now;
        self.level = level;
        let after = level.saturating_add(interval);
        if after <= rim {
            self.level = after;
            Decision::accept(Reason::BucketHasRoom {
                level: after,
                interval,
            })
        } else {
            // Room for one more once the level drains to `rim − interval`.
            let wait = after - rim;
            let capacity = self.config.capacity.get();
            Decision::reject(now.saturating_add(wait), Reason::BucketFull { capacity })
        }
    }

    fn state_at(&self, now: Nanos) -> LeakyMeterState {
        LeakyMeterState {
            level: self.level_at(now.max(self.last)),
            interval: self.config.leak.interval_nanos(),
            capacity: self.config.capacity.get(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroU64;

    fn meter(capacity: u32, interval: u64) -> LeakyMeter {
        LeakyMeter::new(LeakyMeterConfig {
            capacity: NonZeroU32::new(capacity).unwrap(),
            leak: Rate::every(NonZeroU64::new(interval).unwrap()),
        })
    }

    #[test]
    fn fills_then_overflows() {
        let mut m = meter(2, 100);
        assert_eq!(
            m.decide(0),
            Decision::accept(Reason::BucketHasRoom {
                level: 100,
                interval: 100
            })
        );
        assert_eq!(m.decide(0).because.whole_units(), Some(2));
        assert_eq!(
            m.decide(0),
            Decision::reject(100, Reason::BucketFull { capacity: 2 })
        );
        assert_eq!(m.decide(30).retry_at(), Some(100));
        assert!(m.decide(100).is_admitted());
    }

    #[test]
    fn drains_at_the_leak_rate() {
        let mut m = meter(1, 100);
        assert!(m.decide(0).is_admitted());
        assert_eq!(m.state_at(25).level, 75);
        assert_eq!(m.state_at(25).requests(), 0.75);
        assert_eq!(m.state_at(500).level, 0);
    }
}
