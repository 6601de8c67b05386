//! GCRA, the generic cell rate algorithm: a token bucket in one number.
//!
//! GCRA keeps a single timestamp, the *theoretical arrival time* (TAT): when the next
//! request would be due if traffic flowed at exactly the sustained rate. Two parameters
//! shape it: the *emission interval* `T` (one request per `T` at the sustained rate) and
//! the *tolerance* `τ` (how far ahead of schedule a request may arrive). A request at `t`:
//!
//! - is **rejected** if `t < TAT − τ` (too early); it would conform at `TAT − τ`;
//! - otherwise is **accepted**, and `TAT ← max(t, TAT) + T`.
//!
//! This is the *virtual scheduling* form of the algorithm defined for ATM networks in
//! ITU-T Recommendation I.371, *Traffic control and congestion control in B-ISDN*, Annex 1
//! (the definition of the GCRA), and in the ATM Forum's *Traffic Management Specification
//! Version 4.0* (af-tm-0056.000, April 1996). The same annex gives the equivalent
//! "continuous-state leaky bucket" form, which is [`crate::leaky_meter`].
//!
//! **Why one number is enough.** A token bucket of capacity `b` refilling one token per `T`
//! holds `credit = b·T − (TAT − t)` nanoseconds of refill; "at least one token" is
//! `credit ≥ T`, that is `t ≥ TAT − (b − 1)·T`. So GCRA with `τ = (b − 1)·T` makes exactly
//! the token bucket's decisions while storing one timestamp instead of a count and a
//! timestamp; that is why `governor` and Redis-based limiters use it. [`GcraConfig::from_burst`]
//! builds that `τ`, and a property test checks the equivalence decision for decision.
//!
//! **Parameters.** `emission_interval` (`T`) and `tolerance` (`τ`); the largest burst is
//! `⌊τ / T⌋ + 1`.
//!
//! **Weaknesses.** The same as the token bucket's (a whole burst at one instant), plus a
//! less intuitive configuration: users think in "requests per window", not `T` and `τ`.

use crate::decision::{Decision, Reason};
use crate::limiter::RateLimiter;
use crate::time::{Nanos, Rate};
use serde::{Deserialize, Serialize};
use std::num::NonZeroU32;

/// GCRA's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GcraConfig {
    /// `T`: the sustained rate as one request per interval.
    pub emission_interval: Rate,
    /// `τ`: how many nanoseconds ahead of schedule a request may arrive.
    pub tolerance: Nanos,
}

impl GcraConfig {
    /// The GCRA that decides exactly as a token bucket of capacity `burst` refilled at `rate`:
    /// `τ = (burst − 1) × T` (saturating).
    pub fn from_burst(rate: Rate, burst: NonZeroU32) -> Self {
        let tolerance = u64::from(burst.get() - 1).saturating_mul(rate.interval_nanos());
        Self {
            emission_interval: rate,
            tolerance,
        }
    }

    /// The largest burst admitted at one instant: `⌊τ / T⌋ + 1`.
    pub fn burst(&self) -> u64 {
        (self.tolerance / self.emission_interval.interval_nanos()).saturating_add(1)
    }
}

/// The inner state of a GCRA limiter at some instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GcraState {
    /// The theoretical arrival time.
    pub tat: Nanos,
    /// `T`.
    pub emission_interval: Nanos,
    /// `τ`.
    pub tolerance: Nanos,
    /// The instant this state describes.
    pub now: Nanos,
}

impl GcraState {
    /// The earliest time a request conforms: `TAT − τ`.
    pub fn allow_at(&self) -> Nanos {
        self.tat.saturating_sub(self.tolerance)
    }

    /// Requests that would conform if sent at once now (the equivalent bucket's whole tokens).
    pub fn headroom(&self) -> u64 {
        // Accepting k more at `now` needs now ≥ max(TAT, now) + (k − 1)·T − τ.
        let ahead = self.tat.saturating_sub(self.now);
        match self.tolerance.checked_sub(ahead) {
            Some(slack) => slack / self.emission_interval.max(1) + 1,
            None => 0,
        }
    }
}

/// A GCRA limiter; its TAT starts at zero (a full bucket).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Gcra {
    config: GcraConfig,
    tat: Nanos,
    last: Nanos,
}

impl Gcra {
    /// A fresh limiter.
    pub fn new(config: GcraConfig) -> Self {
        Self {
            config,
            tat: 0,
            last: 0,
        }
    }

    /// The parameters.
    pub fn config(&self) -> &GcraConfig {
        &self.config
    }
}

impl RateLimiter for Gcra {
    type State = GcraState;

    #[inline]
    fn decide(&mut self, now: Nanos) -> Decision {
        let now = now.max(self.last);
        self.last = now;
        let allow_at = self.tat.saturating_sub(self.config.tolerance);
        if now < allow_at {
            Decision::reject(allow_at, Reason::TooEarly { tat: self.tat })
        } else {
            let t = self.config.emission_interval.interval_nanos();
            self.tat = self.tat.max(now).saturating_add(t);
            Decision::accept(Reason::Conforming { tat: self.tat })
        }
    }

    fn state_at(&self, now: Nanos) -> GcraState {
        GcraState {
            tat: self.tat,
            emission_interval: self.config.emission_interval.interval_nanos(),
            tolerance: self.config.tolerance,
            now: now.max(self.last),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroU64;

    fn gcra(interval: u64, burst: u32) -> Gcra {
        Gcra::new(GcraConfig::from_burst(
            Rate::every(NonZeroU64::new(interval).unwrap()),
            NonZeroU32::new(burst).unwrap(),
        ))
    }

    #[test]
    fn burst_then_steady() {
        let mut g = gcra(100, 3);
        assert_eq!(g.state_at(0).headroom(), 3);
        assert_eq!(
            g.decide(0),
            Decision::accept(Reason::Conforming { tat: 100 })
        );
        assert!(g.decide(0).is_admitted());
        assert!(g.decide(0).is_admitted());
        assert_eq!(g.state_at(0).headroom(), 0);
        assert_eq!(
            g.decide(0),
            Decision::reject(100, Reason::TooEarly { tat: 300 })
        );
        assert!(g.decide(100).is_admitted());
        assert_eq!(g.config().burst(), 3);
    }

    #[test]
    fn zero_tolerance_spaces_requests_exactly() {
        let mut g = gcra(10, 1);
        assert!(g.decide(0).is_admitted());
        assert_eq!(g.decide(9).retry_at(), Some(10));
        assert!(g.decide(10).is_admitted());
    }

    #[test]
    fn idle_time_is_not_banked_beyond_the_tolerance() {
        let mut g = gcra(10, 2);
        assert!(g.decide(1_000).is_admitted());
        assert!(g.decide(1_000).is_admitted());
        assert!(!g.decide(1_000).is_admitted());
    }

    #[test]
    fn saturates_at_the_end_of_time() {
        let mut g = gcra(u64::MAX, u32::MAX);
        assert!(g.decide(u64::MAX).is_admitted());
        assert_eq!(g.state_at(0).tat, u64::MAX);
    }
}
