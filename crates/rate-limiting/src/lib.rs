//! Rate-limiting algorithms as pure, deterministic state machines on a virtual clock.
//!
//! Seven algorithms behind one small trait, [`RateLimiter`]: `decide(now)` says whether a
//! request arriving at `now` is accepted, delayed or rejected (and, if rejected, when the
//! next request would pass), and *why*; `state_at(now)` shows the inner state (tokens,
//! queue, window counts, log, theoretical arrival time) for drawing. Time is an argument,
//! in integer nanoseconds ([`Nanos`]): there is no wall clock, no float in any decision and
//! no global randomness, so the same inputs give the same decisions, bit for bit, natively
//! and in WebAssembly. Every limiter, decision and snapshot is `Clone` and serialisable.
//!
//! On top of the algorithms: [`Timeline`] and [`Simulation`] run several limiters on the
//! same arrivals (all at once, or one step at a time for a view to step, rewind and
//! share); [`traffic`] generates seeded arrivals (steady, bursts, Poisson, ramps, given
//! times); [`distributed`] puts `N` instances behind a load balancer, with the limit split
//! between them or one counter shared with a synchronisation delay, to show the overshoot.
//!
//! ```
//! use rate_limiting::{CommonParams, AlgorithmKind, Limiter, RateLimiter, Verdict, SECOND};
//! use std::num::{NonZeroU32, NonZeroU64};
//!
//! // 10 requests per second, bursts of up to 3.
//! let params = CommonParams {
//!     limit: NonZeroU32::new(10).unwrap(),
//!     window: NonZeroU64::new(SECOND).unwrap(),
//!     burst: NonZeroU32::new(3).unwrap(),
//! };
//! let mut gcra = Limiter::new(params.config(AlgorithmKind::Gcra));
//! for _ in 0..3 {
//!     assert!(gcra.decide(0).is_admitted());
//! }
//! let fourth = gcra.decide(0);
//! // One request per 100 ms is the sustained rate, so the fourth waits for that.
//! assert_eq!(fourth.verdict, Verdict::Rejected { retry_at: 100_000_000 });
//! println!("{fourth}"); // "rejected until t=100 ms: too early for theoretical arrival time t=300 ms"
//! ```
//!
//! # What each algorithm guarantees
//!
//! `W` is the window, `L` the limit, `b` the burst (capacity), `T` the emission interval
//! (one request per `T`). Each guarantee is checked by a property test.
//!
//! | algorithm | guarantee | state per key | weakness |
//! |---|---|---|---|
//! | [token bucket](token_bucket) | accepted in any interval of length `t` ≤ `b + t/T` | 16 bytes (credit, time) | a full burst at one instant |
//! | [leaky bucket, meter](leaky_meter) | the same decisions as the token bucket | 16 bytes (level, time) | as the token bucket |
//! | [leaky bucket, queue](leaky_queue) | departures at least `T` apart; at most `b` waiting | ≤ `b` × 8 bytes + 24 | adds latency (up to `b·T`) |
//! | [fixed window](fixed_window) | ≤ `L` per aligned window | 12 bytes (index, count) | `2L` across a boundary |
//! | [sliding log](sliding_log) | ≤ `L` in every window of length `W` | ≤ `L` × 8 bytes | memory grows with `L` |
//! | [sliding-window counter](sliding_counter) | ≤ `L` per aligned window; approximately `L` per sliding window | 16 bytes (index, two counts) | an estimate |
//! | [GCRA](gcra) | the token bucket's decisions exactly, with `τ = (b − 1)·T` | 8 bytes (TAT) | two less intuitive knobs |
//!
//! (Each struct also keeps its configuration and the latest time seen; the sizes above are
//! what a keyed store would need per key.)
//!
//! # Panics
//!
//! None: configurations are built from `NonZero` integers, arithmetic saturates, and a
//! `now` earlier than the latest seen is treated as the latest.

pub mod algorithm;
pub mod common;
pub mod decision;
pub mod distributed;
pub mod error;
pub mod fixed_window;
pub mod gcra;
pub mod leaky_meter;
pub mod leaky_queue;
pub mod limiter;
pub mod sliding_counter;
pub mod sliding_log;
pub mod summary;
pub mod time;
pub mod timeline;
pub mod token_bucket;
pub mod traffic;

pub use algorithm::{AlgorithmConfig, AlgorithmKind, Limiter, StateView};
pub use common::CommonParams;
pub use decision::{Decision, Reason, Verdict};
pub use distributed::{Balancer, Cluster, ClusterConfig, ClusterDecision, ClusterRun, Sharing};
pub use error::{ConfigError, OutOfOrder, ParseError};
pub use fixed_window::{FixedWindow, FixedWindowConfig};
pub use gcra::{Gcra, GcraConfig};
pub use leaky_meter::{LeakyMeter, LeakyMeterConfig};
pub use leaky_queue::{LeakyQueue, LeakyQueueConfig};
pub use limiter::RateLimiter;
pub use sliding_counter::{SlidingCounter, SlidingCounterConfig};
pub use sliding_log::{SlidingLog, SlidingLogConfig};
pub use summary::Summary;
pub use time::{Nanos, Rate, Span, MICROSECOND, MILLISECOND, SECOND};
pub use timeline::{Row, Simulation, Step, Timeline};
pub use token_bucket::{TokenBucket, TokenBucketConfig};
pub use traffic::{Arrival, Pattern, Source, Traffic};
