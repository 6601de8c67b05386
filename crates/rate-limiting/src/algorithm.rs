//! One enum over every algorithm, so a view can hold a list of limiters of different kinds,
//! snapshot them and draw their state without generics.

use crate::decision::Decision;
use crate::error::ConfigError;
use crate::fixed_window::{FixedWindow, FixedWindowConfig, FixedWindowState};
use crate::gcra::{Gcra, GcraConfig, GcraState};
use crate::leaky_meter::{LeakyMeter, LeakyMeterConfig, LeakyMeterState};
use crate::leaky_queue::{LeakyQueue, LeakyQueueConfig, LeakyQueueState};
use crate::limiter::RateLimiter;
use crate::sliding_counter::{SlidingCounter, SlidingCounterConfig, SlidingCounterState};
use crate::sliding_log::{SlidingLog, SlidingLogConfig, SlidingLogState};
use crate::time::Nanos;
use crate::token_bucket::{TokenBucket, TokenBucketConfig, TokenBucketState};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::num::NonZeroU32;

/// Which algorithm (for labels, URL state and choosing rows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AlgorithmKind {
    /// [`crate::token_bucket`].
    TokenBucket,
    /// [`crate::leaky_meter`].
    LeakyMeter,
    /// [`crate::leaky_queue`].
    LeakyQueue,
    /// [`crate::fixed_window`].
    FixedWindow,
    /// [`crate::sliding_log`].
    SlidingLog,
    /// [`crate::sliding_counter`].
    SlidingCounter,
    /// [`crate::gcra`].
    Gcra,
}

impl AlgorithmKind {
    /// Every algorithm, in the order the timeline shows them.
    pub const ALL: [AlgorithmKind; 7] = [
        AlgorithmKind::TokenBucket,
        AlgorithmKind::LeakyMeter,
        AlgorithmKind::LeakyQueue,
        AlgorithmKind::FixedWindow,
        AlgorithmKind::SlidingLog,
        AlgorithmKind::SlidingCounter,
        AlgorithmKind::Gcra,
    ];

    /// A short human name.
    pub const fn label(self) -> &'static str {
        match self {
            AlgorithmKind::TokenBucket => "token bucket",
            AlgorithmKind::LeakyMeter => "leaky bucket (meter)",
            AlgorithmKind::LeakyQueue => "leaky bucket (queue)",
            AlgorithmKind::FixedWindow => "fixed window",
            AlgorithmKind::SlidingLog => "sliding log",
            AlgorithmKind::SlidingCounter => "sliding-window counter",
            AlgorithmKind::Gcra => "GCRA",
        }
    }

    /// A stable identifier (`token-bucket`), for URLs and the command line.
    pub const fn id(self) -> &'static str {
        match self {
            AlgorithmKind::TokenBucket => "token-bucket",
            AlgorithmKind::LeakyMeter => "leaky-meter",
            AlgorithmKind::LeakyQueue => "leaky-queue",
            AlgorithmKind::FixedWindow => "fixed-window",
            AlgorithmKind::SlidingLog => "sliding-log",
            AlgorithmKind::SlidingCounter => "sliding-counter",
            AlgorithmKind::Gcra => "gcra",
        }
    }

    /// The kind with this [`id`](Self::id).
    pub fn from_id(id: &str) -> Result<Self, ConfigError> {
        Self::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .ok_or_else(|| ConfigError::UnknownAlgorithm(id.to_string()))
    }
}

impl fmt::Display for AlgorithmKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The parameters of any one algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AlgorithmConfig {
    /// A token bucket.
    TokenBucket(TokenBucketConfig),
    /// A leaky bucket used as a meter.
    LeakyMeter(LeakyMeterConfig),
    /// A leaky bucket used as a queue.
    LeakyQueue(LeakyQueueConfig),
    /// A fixed-window counter.
    FixedWindow(FixedWindowConfig),
    /// A sliding-window log.
    SlidingLog(SlidingLogConfig),
    /// A sliding-window counter.
    SlidingCounter(SlidingCounterConfig),
    /// GCRA.
    Gcra(GcraConfig),
}

impl AlgorithmConfig {
    /// Which algorithm this configures.
    pub const fn kind(&self) -> AlgorithmKind {
        match self {
            AlgorithmConfig::TokenBucket(_) => AlgorithmKind::TokenBucket,
            AlgorithmConfig::LeakyMeter(_) => AlgorithmKind::LeakyMeter,
            AlgorithmConfig::LeakyQueue(_) => AlgorithmKind::LeakyQueue,
            AlgorithmConfig::FixedWindow(_) => AlgorithmKind::FixedWindow,
            AlgorithmConfig::SlidingLog(_) => AlgorithmKind::SlidingLog,
            AlgorithmConfig::SlidingCounter(_) => AlgorithmKind::SlidingCounter,
            AlgorithmConfig::Gcra(_) => AlgorithmKind::Gcra,
        }
    }

    /// The share of this limit given to instance `index` of `n` in a split cluster: counts
    /// and capacities divided as evenly as possible (the first `limit mod n` instances get
    /// one more), rates divided by `n`. Fails if some instance would get a zero limit.
    pub fn split(&self, n: NonZeroU32, index: u32) -> Result<AlgorithmConfig, ConfigError> {
        let share = |total: NonZeroU32| -> Result<NonZeroU32, ConfigError> {
            let (q, r) = (total.get() / n.get(), total.get() % n.get());
            let mine = q + u32::from(index < r);
            NonZeroU32::new(mine).ok_or(ConfigError::LimitTooSmallToSplit {
                limit: total.get(),
                instances: n.get(),
            })
        };
        Ok(match *self {
            AlgorithmConfig::TokenBucket(c) => AlgorithmConfig::TokenBucket(TokenBucketConfig {
                capacity: share(c.capacity)?,
                refill: c.refill.split(n),
            }),
            AlgorithmConfig::LeakyMeter(c) => AlgorithmConfig::LeakyMeter(LeakyMeterConfig {
                capacity: share(c.capacity)?,
                leak: c.leak.split(n),
            }),
            AlgorithmConfig::LeakyQueue(c) => AlgorithmConfig::LeakyQueue(LeakyQueueConfig {
                capacity: share(c.capacity)?,
                leak: c.leak.split(n),
            }),
            AlgorithmConfig::FixedWindow(c) => AlgorithmConfig::FixedWindow(FixedWindowConfig {
                limit: share(c.limit)?,
                window: c.window,
            }),
            AlgorithmConfig::SlidingLog(c) => AlgorithmConfig::SlidingLog(SlidingLogConfig {
                limit: share(c.limit)?,
                window: c.window,
            }),
            AlgorithmConfig::SlidingCounter(c) => {
                AlgorithmConfig::SlidingCounter(SlidingCounterConfig {
                    limit: share(c.limit)?,
                    window: c.window,
                })
            }
            AlgorithmConfig::Gcra(c) => {
                let burst = u32::try_from(c.burst()).unwrap_or(u32::MAX);
                let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
                AlgorithmConfig::Gcra(GcraConfig::from_burst(
                    c.emission_interval.split(n),
                    share(burst)?,
                ))
            }
        })
    }
}

/// The inner state of any one algorithm, for display.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StateView {
    /// Tokens.
    TokenBucket(TokenBucketState),
    /// Water level.
    LeakyMeter(LeakyMeterState),
    /// The waiting queue.
    LeakyQueue(LeakyQueueState),
    /// The current window's count.
    FixedWindow(FixedWindowState),
    /// The log.
    SlidingLog(SlidingLogState),
    /// The two window counts and the estimate.
    SlidingCounter(SlidingCounterState),
    /// The theoretical arrival time.
    Gcra(GcraState),
}

impl StateView {
    /// One number to plot over time: tokens, level, queue length, window count, log length,
    /// estimate, or GCRA's equivalent tokens (whole requests that would pass at once).
    pub fn level(&self) -> f64 {
        match self {
            StateView::TokenBucket(s) => s.tokens(),
            StateView::LeakyMeter(s) => s.requests(),
            StateView::LeakyQueue(s) => s.waiting.len() as f64,
            StateView::FixedWindow(s) => f64::from(s.count),
            StateView::SlidingLog(s) => s.log.len() as f64,
            StateView::SlidingCounter(s) => s.estimate_milli as f64 / 1000.0,
            StateView::Gcra(s) => s.headroom() as f64,
        }
    }
}

/// Any one limiter: enum dispatch, so a list of mixed limiters is `Clone` and serialisable.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Limiter {
    /// A token bucket.
    TokenBucket(TokenBucket),
    /// A leaky bucket used as a meter.
    LeakyMeter(LeakyMeter),
    /// A leaky bucket used as a queue.
    LeakyQueue(LeakyQueue),
    /// A fixed-window counter.
    FixedWindow(FixedWindow),
    /// A sliding-window log.
    SlidingLog(SlidingLog),
    /// A sliding-window counter.
    SlidingCounter(SlidingCounter),
    /// GCRA.
    Gcra(Gcra),
}

impl Limiter {
    /// A fresh limiter for this configuration.
    pub fn new(config: AlgorithmConfig) -> Self {
        match config {
            AlgorithmConfig::TokenBucket(c) => Limiter::TokenBucket(TokenBucket::new(c)),
            AlgorithmConfig::LeakyMeter(c) => Limiter::LeakyMeter(LeakyMeter::new(c)),
            AlgorithmConfig::LeakyQueue(c) => Limiter::LeakyQueue(LeakyQueue::new(c)),
            AlgorithmConfig::FixedWindow(c) => Limiter::FixedWindow(FixedWindow::new(c)),
            AlgorithmConfig::SlidingLog(c) => Limiter::SlidingLog(SlidingLog::new(c)),
            AlgorithmConfig::SlidingCounter(c) => Limiter::SlidingCounter(SlidingCounter::new(c)),
            AlgorithmConfig::Gcra(c) => Limiter::Gcra(Gcra::new(c)),
        }
    }

    /// The configuration it was built from.
    pub fn config(&self) -> AlgorithmConfig {
        match self {
            Limiter::TokenBucket(l) => AlgorithmConfig::TokenBucket(*l.config()),
            Limiter::LeakyMeter(l) => AlgorithmConfig::LeakyMeter(*l.config()),
            Limiter::LeakyQueue(l) => AlgorithmConfig::LeakyQueue(*l.config()),
            Limiter::FixedWindow(l) => AlgorithmConfig::FixedWindow(*l.config()),
            Limiter::SlidingLog(l) => AlgorithmConfig::SlidingLog(*l.config()),
            Limiter::SlidingCounter(l) => AlgorithmConfig::SlidingCounter(*l.config()),
            Limiter::Gcra(l) => AlgorithmConfig::Gcra(*l.config()),
        }
    }

    /// Which algorithm this is.
    pub fn kind(&self) -> AlgorithmKind {
        self.config().kind()
    }
}

impl RateLimiter for Limiter {
    type State = StateView;

    #[inline]
    fn decide(&mut self, now: Nanos) -> Decision {
        match self {
            Limiter::TokenBucket(l) => l.decide(now),
            Limiter::LeakyMeter(l) => l.decide(now),
            Limiter::LeakyQueue(l) => l.decide(now),
            Limiter::FixedWindow(l) => l.decide(now),
            Limiter::SlidingLog(l) => l.decide(now),
            Limiter::SlidingCounter(l) => l.decide(now),
            Limiter::Gcra(l) => l.decide(now),
        }
    }

    fn state_at(&self, now: Nanos) -> StateView {
        match self {
            Limiter::TokenBucket(l) => StateView::TokenBucket(l.state_at(now)),
            Limiter::LeakyMeter(l) => StateView::LeakyMeter(l.state_at(now)),
            Limiter::LeakyQueue(l) => StateView::LeakyQueue(l.state_at(now)),
            Limiter::FixedWindow(l) => StateView::FixedWindow(l.state_at(now)),
            Limiter::SlidingLog(l) => StateView::SlidingLog(l.state_at(now)),
            Limiter::SlidingCounter(l) => StateView::SlidingCounter(l.state_at(now)),
            Limiter::Gcra(l) => StateView::Gcra(l.state_at(now)),
        }
    }
}
