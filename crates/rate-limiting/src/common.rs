//! One set of knobs for every algorithm, so a timeline can compare them fairly.
//!
//! The widget's controls speak in "`limit` requests per `window`, bursts up to `burst`";
//! [`CommonParams::config`] turns that into each algorithm's own parameters:
//!
//! | algorithm | built as |
//! |---|---|
//! | token bucket | capacity `burst`, one token per `window / limit` |
//! | leaky bucket (meter) | capacity `burst`, leaks one per `window / limit` |
//! | leaky bucket (queue) | `burst` waiting places, serves one per `window / limit` |
//! | fixed window, sliding log, sliding-window counter | `limit` per `window` |
//! | GCRA | `T = window / limit`, `τ = (burst − 1) × T` |

use crate::algorithm::{AlgorithmConfig, AlgorithmKind};
use crate::fixed_window::FixedWindowConfig;
use crate::gcra::GcraConfig;
use crate::leaky_meter::LeakyMeterConfig;
use crate::leaky_queue::LeakyQueueConfig;
use crate::sliding_counter::SlidingCounterConfig;
use crate::sliding_log::SlidingLogConfig;
use crate::time::{Nanos, Rate};
use crate::token_bucket::TokenBucketConfig;
use serde::{Deserialize, Serialize};
use std::num::{NonZeroU32, NonZeroU64};

/// "`limit` requests per `window`, bursts up to `burst`."
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CommonParams {
    /// Requests allowed per window (and the sustained rate: `limit / window`).
    pub limit: NonZeroU32,
    /// The window length in nanoseconds.
    pub window: NonZeroU64,
    /// The largest burst (bucket capacity, queue length, GCRA burst).
    pub burst: NonZeroU32,
}

impl CommonParams {
    /// The sustained rate, `limit` per `window`.
    pub fn rate(&self) -> Rate {
        Rate::new(self.limit, self.window)
    }

    /// The window length.
    pub fn window_nanos(&self) -> Nanos {
        self.window.get()
    }

    /// This algorithm's configuration for these knobs.
    pub fn config(&self, kind: AlgorithmKind) -> AlgorithmConfig {
        let (limit, window, burst, rate) = (self.limit, self.window, self.burst, self.rate());
        match kind {
            AlgorithmKind::TokenBucket => AlgorithmConfig::TokenBucket(TokenBucketConfig {
                capacity: burst,
                refill: rate,
            }),
            AlgorithmKind::LeakyMeter => AlgorithmConfig::LeakyMeter(LeakyMeterConfig {
                capacity: burst,
                leak: rate,
            }),
            AlgorithmKind::LeakyQueue => AlgorithmConfig::LeakyQueue(LeakyQueueConfig {
                capacity: burst,
                leak: rate,
            }),
            AlgorithmKind::FixedWindow => {
                AlgorithmConfig::FixedWindow(FixedWindowConfig { limit, window })
            }
            AlgorithmKind::SlidingLog => {
                AlgorithmConfig::SlidingLog(SlidingLogConfig { limit, window })
            }
            AlgorithmKind::SlidingCounter => {
                AlgorithmConfig::SlidingCounter(SlidingCounterConfig { limit, window })
            }
            AlgorithmKind::Gcra => AlgorithmConfig::Gcra(GcraConfig::from_burst(rate, burst)),
        }
    }

    /// Every algorithm's configuration, in [`AlgorithmKind::ALL`] order.
    pub fn all(&self) -> Vec<AlgorithmConfig> {
        AlgorithmKind::ALL.iter().map(|&k| self.config(k)).collect()
    }
}
