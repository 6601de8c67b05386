//! Seeded, reproducible traffic: steady, bursts, Poisson, ramps and given timestamps.
//!
//! A [`Traffic`] is a list of [`Source`]s (each a [`Pattern`] for one client, in a time
//! range) and a seed. [`Traffic::arrivals`] turns it into a sorted list of [`Arrival`]s;
//! the same value always gives the same list, natively and in WebAssembly (the generator is
//! [`SplitMix64`], and the one transcendental function, `ln` for Poisson gaps, comes from
//! the pure-Rust `libm`).

mod pattern;
mod rng;
mod text;

pub use pattern::{Pattern, Source};
pub use rng::SplitMix64;
pub use text::{parse_times, Unit};

use crate::time::Nanos;
use serde::{Deserialize, Serialize};

/// One request arriving at a limiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Arrival {
    /// When it arrives.
    pub at: Nanos,
    /// Which client sent it (for the load balancer's sticky routing and for colouring).
    pub client: u32,
}

/// A traffic scenario: several sources, one seed, and a cap on the number of requests.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Traffic {
    /// The sources, merged by arrival time.
    pub sources: Vec<Source>,
    /// The seed every random choice derives from.
    pub seed: u64,
    /// At most this many arrivals are generated (the earliest ones are kept).
    pub max_requests: u32,
}

impl Traffic {
    /// A scenario with one source.
    pub fn single(pattern: Pattern, end: Nanos, seed: u64, max_requests: u32) -> Self {
        let source = Source {
            pattern,
            client: 0,
            start: 0,
            end,
        };
        Self {
            sources: vec![source],
            seed,
            max_requests,
        }
    }

    /// The arrivals, sorted by time (ties by source order), at most `max_requests` of them.
    pub fn arrivals(&self) -> Vec<Arrival> {
        let cap = usize::try_from(self.max_requests).unwrap_or(usize::MAX);
        let mut all: Vec<(Nanos, usize, u32)> = Vec::new();
        for (index, source) in self.sources.iter().enumerate() {
            // Each source draws from its own stream, so adding a source never changes another.
            let mut rng =
                SplitMix64::new(self.seed ^ (index as u64).wrapping_mul(0xA076_1D64_78BD_642F));
            let times = source.times(&mut rng, cap);
            all.extend(times.into_iter().map(|at| (at, index, source.client)));
        }
        all.sort_unstable();
        all.truncate(cap);
        all.into_iter()
            .map(|(at, _, client)| Arrival { at, client })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::MILLISECOND;
    use std::num::{NonZeroU32, NonZeroU64};

    fn nz(n: u64) -> NonZeroU64 {
        NonZeroU64::new(n).unwrap()
    }

    #[test]
    fn same_seed_same_arrivals_and_different_seed_different() {
        let t = Traffic::single(
            Pattern::Poisson {
                mean_interval: nz(MILLISECOND),
            },
            1_000 * MILLISECOND,
            7,
            10_000,
        );
        let a = t.arrivals();
        assert_eq!(a, t.arrivals());
        let other = Traffic { seed: 8, ..t }.arrivals();
        assert_ne!(a, other);
        assert!(a.windows(2).all(|w| w[0].at <= w[1].at));
        // About 1,000 arrivals at a mean gap of 1 ms over 1 s.
        assert!((850..1_150).contains(&a.len()), "{}", a.len());
    }

    #[test]
    fn sources_merge_in_time_order_and_cap() {
        let steady = Source {
            pattern: Pattern::Steady { interval: nz(10) },
            client: 1,
            start: 0,
            end: 100,
        };
        let bursts = Source {
            pattern: Pattern::Bursts {
                size: NonZeroU32::new(3).unwrap(),
                every: nz(50),
                spacing: 1,
            },
            client: 2,
            start: 5,
            end: 100,
        };
        let t = Traffic {
            sources: vec![steady, bursts],
            seed: 1,
            max_requests: 8,
        };
        let a = t.arrivals();
        let times: Vec<_> = a.iter().map(|x| (x.at, x.client)).collect();
        assert_eq!(
            times,
            vec![
                (0, 1),
                (5, 2),
                (6, 2),
                (7, 2),
                (10, 1),
                (20, 1),
                (30, 1),
                (40, 1)
            ]
        );
    }
}
