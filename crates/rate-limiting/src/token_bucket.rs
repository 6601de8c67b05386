//! Token bucket: a bucket of `capacity` tokens, refilled continuously at a fixed rate.
//!
//! Each request takes one token; a request that finds less than one whole token is
//! rejected. Tokens refill continuously, one every `refill.interval` nanoseconds, and the
//! bucket never holds more than `capacity`. So in any interval of length `t` at most
//! `capacity + t / interval` requests are accepted: short bursts up to `capacity` pass,
//! and the long-run rate is the refill rate.
//!
//! The algorithm is folklore from traffic shaping; its standard statement is the "token
//! bucket filter" of Turner, *New directions in communications (or which way to the
//! information age?)*, IEEE Communications Magazine 24(10), 1986, and the (r, b) arrival
//! curve of Cruz, *A calculus for network delay, Part I*, IEEE Trans. Information Theory
//! 37(1), 1991.
//!
//! **Exact arithmetic.** Tokens are stored as *refill time*: `credit` nanoseconds of refill,
//! so one token is `interval` nanoseconds of credit and the bucket holds at most
//! `capacity × interval`. Refilling is adding elapsed time, taking a token is subtracting
//! `interval`: all integers, no rounding, and the same bits everywhere. In this form the
//! bucket is exactly GCRA with tolerance `τ = (capacity − 1) × interval` (see
//! [`crate::gcra`]; a property test checks the two agree decision for decision).
//!
//! **Parameters.** `capacity`: the largest burst; `refill`: the sustained rate.
//!
//! **Weaknesses.** A full bucket admits `capacity` requests at the same instant, so a
//! downstream service must absorb the whole burst; the state (tokens and a timestamp) is
//! two numbers per key, where GCRA needs one.

use crate::decision::{Decision, Reason};
use crate::limiter::RateLimiter;
use crate::time::{Nanos, Rate};
use serde::{Deserialize, Serialize};
use std::num::NonZeroU32;

/// A token bucket's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TokenBucketConfig {
    /// The most tokens the bucket holds: the largest burst accepted at one instant.
    pub capacity: NonZeroU32,
    /// One token is added every `refill.interval` nanoseconds.
    pub refill: Rate,
}

/// The inner state of a token bucket at some instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TokenBucketState {
    /// Stored refill time in nanoseconds: `tokens × interval`.
    pub credit: Nanos,
    /// Nanoseconds per token (the refill interval).
    pub interval: Nanos,
    /// The bucket's capacity in tokens.
    pub capacity: u32,
}

impl TokenBucketState {
    /// Whole tokens in the bucket.
    pub fn whole_tokens(&self) -> u32 {
        whole(self.credit, self.interval)
    }

    /// Tokens in the bucket including the partial one (for drawing only).
    pub fn tokens(&self) -> f64 {
        self.credit as f64 / self.interval as f64
    }
}

/// A token bucket, starting full at time zero.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TokenBucket {
    config: TokenBucketConfig,
    /// Refill time stored at `last` (at most `capacity × interval`).
    credit: Nanos,
    /// The latest time seen.
    last: Nanos,
}

impl TokenBucket {
    /// A full bucket with these parameters.
    pub fn new(config: TokenBucketConfig) -> Self {
        Self {
            config,
            credit: max_credit(&config),
            last: 0,
        }
    }

    /// The parameters.
    pub fn config(&self) -> &TokenBucketConfig {
        &self.config
    }

    #[inline]
    fn credit_at(&self, now: Nanos) -> Nanos {
        let elapsed = now.saturating_sub(self.last);
        self.credit
            .saturating_add(elapsed)
            .min(max_credit(&self.config))
    }
}

#[inline]
fn max_credit(config: &TokenBucketConfig) -> Nanos {
    u64::from(config.capacity.get()).saturating_mul(config.refill.interval_nanos())
}

fn whole(credit: Nanos, interval: Nanos) -> u32 {
    u32::try_from(credit / interval.max(1)).unwrap_or(u32::MAX)
}

impl RateLimiter for TokenBucket {
    type State = TokenBucketState;

    #[inline]
    fn decide(&mut self, now: Nanos) -> Decision {
        let now = now.max(self.last);
        let interval = self.config.refill.interval_nanos();
        let credit = self.credit_at(now);
        self.last = now;
        if credit >= interval {
            self.credit = credit - interval;
            Decision::accept(Reason::TokenTaken {
                credit: self.credit,
                interval,
            })
        } else {
            self.credit = credit;
            Decision::reject(now.saturating_add(interval - credit), Reason::NoToken)
        }
    }

    fn state_at(&self, now: Nanos) -> TokenBucketState {
        TokenBucketState {
            credit: self.credit_at(now.max(self.last)),
            interval: self.config.refill.interval_nanos(),
            capacity: self.config.capacity.get(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::Verdict;
    use std::num::NonZeroU64;

    fn bucket(capacity: u32, interval: u64) -> TokenBucket {
        TokenBucket::new(TokenBucketConfig {
            capacity: NonZeroU32::new(capacity).unwrap(),
            refill: Rate::every(NonZeroU64::new(interval).unwrap()),
        })
    }

    #[test]
    fn a_full_bucket_admits_a_burst_of_capacity() {
        let mut b = bucket(3, 100);
        for left in [2, 1, 0] {
            let d = b.decide(0);
            assert_eq!(
                d,
                Decision::accept(Reason::TokenTaken {
                    credit: left * 100,
                    interval: 100
                })
            );
            assert_eq!(d.because.whole_units(), Some(left));
        }
        assert_eq!(b.decide(0), Decision::reject(100, Reason::NoToken));
    }

    #[test]
    fn refills_continuously_and_exactly() {
        let mut b = bucket(1, 100);
        assert!(b.decide(0).is_admitted());
        assert_eq!(b.decide(40).verdict, Verdict::Rejected { retry_at: 100 });
        assert_eq!(b.state_at(70).credit, 70);
        assert!(b.decide(100).is_admitted());
        assert!(!b.decide(199).is_admitted());
        assert!(b.decide(200).is_admitted());
    }

    #[test]
    fn never_holds_more_than_capacity() {
        let b = bucket(2, 10);
        let s = b.state_at(1_000_000);
        assert_eq!(s.whole_tokens(), 2);
        assert_eq!(s.tokens(), 2.0);
    }

    #[test]
    fn time_going_backwards_is_clamped() {
        let mut b = bucket(1, 100);
        assert!(b.decide(500).is_admitted());
        assert_eq!(b.decide(10).retry_at(), Some(600));
    }

    #[test]
    fn huge_parameters_saturate_instead_of_panicking() {
        let mut b = bucket(u32::MAX, u64::MAX);
        assert!(b.decide(u64::MAX).is_admitted());
        assert!(!b.decide(u64::MAX).is_admitted());
    }
}
