//! The traffic patterns one source can follow.

use super::rng::SplitMix64;
use crate::time::Nanos;
use serde::{Deserialize, Serialize};
use std::num::{NonZeroU32, NonZeroU64};

/// How one source sends requests.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pattern {
    /// One request every `interval`, like a well-behaved poller.
    Steady {
        /// The gap between requests.
        interval: NonZeroU64,
    },
    /// `size` requests `spacing` apart, a burst every `every`.
    Bursts {
        /// Requests per burst.
        size: NonZeroU32,
        /// From the start of one burst to the start of the next.
        every: NonZeroU64,
        /// The gap between requests within a burst (0: all at once).
        spacing: Nanos,
    },
    /// A Poisson process: independent, exponentially distributed gaps with this mean
    /// (independent users, each request unplanned).
    Poisson {
        /// The mean gap between requests.
        mean_interval: NonZeroU64,
    },
    /// The rate changes linearly from one request per `from_interval` to one per
    /// `to_interval` over `over` nanoseconds, then holds (a launch, a slow-down).
    Ramp {
        /// The gap at the start.
        from_interval: NonZeroU64,
        /// The gap at the end of the ramp.
        to_interval: NonZeroU64,
        /// How long the ramp lasts.
        over: NonZeroU64,
    },
    /// Given times (a reader's clicks, a pasted log): used as they are, sorted, and not
    /// shifted by the source's start.
    Times {
        /// The arrival times.
        at: Vec<Nanos>,
    },
}

/// One client following one pattern between `start` and `end` (inclusive).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Source {
    /// The pattern.
    pub pattern: Pattern,
    /// The client it stands for.
    pub client: u32,
    /// The first request is at `start` (or after it, for Poisson).
    pub start: Nanos,
    /// No request after `end`.
    pub end: Nanos,
}

impl Source {
    /// This source's arrival times, sorted, at most `cap` of them.
    pub(crate) fn times(&self, rng: &mut SplitMix64, cap: usize) -> Vec<Nanos> {
        let mut out = Vec::new();
        let push = |t: Nanos, out: &mut Vec<Nanos>| -> bool {
            if t > self.end || out.len() >= cap {
                return false;
            }
            out.push(t);
            true
        };
        match &self.pattern {
            Pattern::Steady { interval } => {
                let mut t = self.start;
                while push(t, &mut out) {
                    t = match t.checked_add(interval.get()) {
                        Some(next) => next,
                        None => break,
                    };
                }
            }
            Pattern::Bursts {
                size,
                every,
                spacing,
            } => {
                let mut burst = self.start;
                'bursts: loop {
                    for i in 0..u64::from(size.get()) {
                        let t = burst.saturating_add(i.saturating_mul(*spacing));
                        if !push(t, &mut out) {
                            break 'bursts;
                        }
                    }
                    burst = match burst.checked_add(every.get()) {
                        Some(next) => next,
                        None => break,
                    };
                }
                out.sort_unstable();
            }
            Pattern::Poisson { mean_interval } => {
                let mean = mean_interval.get() as f64;
                let mut t = self.start;
                loop {
                    // Inverse transform: −mean·ln(1 − U) is exponential with this mean.
                    let gap = -mean * libm::log(1.0 - rng.next_f64());
                    t = t.saturating_add(gap as u64);
                    if t == u64::MAX || !push(t, &mut out) {
                        break;
                    }
                }
            }
            Pattern::Ramp {
                from_interval,
                to_interval,
                over,
            } => {
                let (r0, r1) = (
                    1.0 / from_interval.get() as f64,
                    1.0 / to_interval.get() as f64,
                );
                let over = over.get() as f64;
                let mut t = self.start;
                while push(t, &mut out) {
                    let progress = ((t - self.start) as f64 / over).min(1.0);
                    let rate = r0 + (r1 - r0) * progress;
                    let gap = ((1.0 / rate) as u64).max(1);
                    t = match t.checked_add(gap) {
                        Some(next) => next,
                        None => break,
                    };
                }
            }
            Pattern::Times { at } => {
                let mut sorted = at.clone();
                sorted.sort_unstable();
                for t in sorted {
                    if !push(t, &mut out) {
                        break;
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(pattern: Pattern, end: Nanos) -> Source {
        Source {
            pattern,
            client: 0,
            start: 0,
            end,
        }
    }

    fn nz(n: u64) -> NonZeroU64 {
        NonZeroU64::new(n).unwrap()
    }

    #[test]
    fn steady_and_bursts() {
        let mut rng = SplitMix64::new(0);
        let s = source(Pattern::Steady { interval: nz(25) }, 100);
        assert_eq!(s.times(&mut rng, 100), vec![0, 25, 50, 75, 100]);
        let b = Pattern::Bursts {
            size: NonZeroU32::new(2).unwrap(),
            every: nz(100),
            spacing: 0,
        };
        assert_eq!(
            source(b, 250).times(&mut rng, 100),
            vec![0, 0, 100, 100, 200, 200]
        );
    }

    #[test]
    fn ramp_speeds_up() {
        let mut rng = SplitMix64::new(0);
        let r = Pattern::Ramp {
            from_interval: nz(100),
            to_interval: nz(10),
            over: nz(1_000),
        };
        let t = source(r, 2_000).times(&mut rng, 10_000);
        let first_gap = t[1] - t[0];
        let last_gap = t[t.len() - 1] - t[t.len() - 2];
        assert_eq!((first_gap, last_gap), (100, 10));
    }

    #[test]
    fn caps_and_end_hold_even_at_the_end_of_time() {
        let mut rng = SplitMix64::new(0);
        let s = Source {
            pattern: Pattern::Steady {
                interval: nz(u64::MAX),
            },
            client: 0,
            start: 5,
            end: u64::MAX,
        };
        assert_eq!(s.times(&mut rng, 10), vec![5]);
        let p = Source {
            pattern: Pattern::Poisson {
                mean_interval: nz(u64::MAX),
            },
            client: 0,
            start: 0,
            end: u64::MAX,
        };
        assert!(p.times(&mut rng, 10).len() <= 10);
        let given = source(
            Pattern::Times {
                at: vec![30, 10, 20, 500],
            },
            100,
        );
        assert_eq!(given.times(&mut rng, 2), vec![10, 20]);
    }
}
