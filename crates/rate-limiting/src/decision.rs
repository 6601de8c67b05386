//! What a limiter decided about one request, and why.
//!
//! A [`Decision`] is plain data: the [`Verdict`] (accepted, delayed or rejected, with the
//! earliest time a rejected request would pass) and the [`Reason`], which carries the inner
//! numbers that led there so a view can narrate the step and a test can assert on it.

use crate::time::{Nanos, Span};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The outcome for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verdict {
    /// Passed on at once.
    Accepted,
    /// Admitted, but held in a queue and passed on `delay` nanoseconds after it arrived.
    Delayed {
        /// How long the request waits before it is passed on.
        delay: Nanos,
    },
    /// Refused. If no other request is admitted meanwhile, one arriving at `retry_at` passes.
    Rejected {
        /// The earliest time at which a request would be admitted.
        retry_at: Nanos,
    },
}

/// Why a limiter decided what it did: the inner state behind the verdict.
///
/// Counts are whole requests after the decision. Token and water levels are kept in
/// nanoseconds (no division on the hot path); [`Reason::whole_units`] converts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reason {
    /// Token bucket: a whole token was available and was taken.
    TokenTaken {
        /// Refill time left in the bucket after this request (`tokens × interval`);
        /// see [`Reason::whole_units`].
        credit: Nanos,
        /// Nanoseconds per token.
        interval: Nanos,
    },
    /// Token bucket: less than one whole token in the bucket.
    NoToken,
    /// Leaky bucket (meter): the request fitted under the bucket's rim.
    BucketHasRoom {
        /// Water level after the request in nanoseconds of drain time (`requests × interval`).
        level: Nanos,
        /// Nanoseconds to drain one request's worth.
        interval: Nanos,
    },
    /// Leaky bucket (meter): one more request would overflow the bucket.
    BucketFull {
        /// The bucket's capacity in requests.
        capacity: u32,
    },
    /// Leaky bucket (queue): the queue was empty, so the request went straight through.
    SentAtOnce,
    /// Leaky bucket (queue): the request joined the queue.
    Queued {
        /// Requests waiting ahead of it.
        ahead: u32,
    },
    /// Leaky bucket (queue): the queue was full, so the request was dropped.
    QueueFull {
        /// The queue's capacity.
        capacity: u32,
    },
    /// Fixed window: the current window's count was under the limit.
    WindowHasRoom {
        /// Index of the window (`now / window length`).
        window: u64,
        /// Requests counted in this window, including this one.
        count: u32,
    },
    /// Fixed window: the current window already holds `limit` requests.
    WindowFull {
        /// Index of the window.
        window: u64,
        /// The per-window limit.
        limit: u32,
    },
    /// Sliding log: fewer than `limit` logged requests in the last window length.
    LogHasRoom {
        /// Logged requests in the window ending now, including this one.
        in_window: u32,
    },
    /// Sliding log: the log already holds `limit` requests from the last window length.
    LogFull {
        /// Arrival time of the oldest logged request; it leaves the window at `oldest + window`.
        oldest: Nanos,
    },
    /// Sliding-window counter: the weighted estimate, with this request, stays within the limit.
    EstimateUnder {
        /// The estimate including this request, in thousandths of a request (rounded up).
        estimate_milli: u64,
    },
    /// Sliding-window counter: the weighted estimate with this request would exceed the limit.
    EstimateOver {
        /// The estimate including this request, in thousandths of a request (rounded up).
        estimate_milli: u64,
    },
    /// GCRA: the request arrived no earlier than `TAT − τ`.
    Conforming {
        /// The new theoretical arrival time.
        tat: Nanos,
    },
    /// GCRA: the request arrived before `TAT − τ`.
    TooEarly {
        /// The theoretical arrival time, unchanged.
        tat: Nanos,
    },
    /// Distributed, shared counter: this instance's (possibly stale) count was under the limit.
    SharedHasRoom {
        /// Requests this instance believes are in the window, including this one.
        seen: u32,
        /// Requests actually admitted cluster-wide in the window, including this one.
        actual: u32,
    },
    /// Distributed, shared counter: this instance's count was at the limit.
    SharedFull {
        /// Requests this instance believes are in the window.
        seen: u32,
        /// Requests actually admitted cluster-wide in the window.
        actual: u32,
    },
}

/// One request's decision: the verdict and the reason behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Decision {
    /// What happened to the request.
    pub verdict: Verdict,
    /// Why.
    pub because: Reason,
}

impl Decision {
    /// An accepted request.
    pub const fn accept(because: Reason) -> Self {
        Self {
            verdict: Verdict::Accepted,
            because,
        }
    }

    /// A request admitted after `delay`.
    pub const fn delay(delay: Nanos, because: Reason) -> Self {
        Self {
            verdict: Verdict::Delayed { delay },
            because,
        }
    }

    /// A rejected request that would pass at `retry_at`.
    pub const fn reject(retry_at: Nanos, because: Reason) -> Self {
        Self {
            verdict: Verdict::Rejected { retry_at },
            because,
        }
    }

    /// Whether the request was admitted (at once or after a delay).
    pub const fn is_admitted(&self) -> bool {
        !matches!(self.verdict, Verdict::Rejected { .. })
    }

    /// The delay of an admitted request (zero when accepted at once), `None` when rejected.
    pub const fn delay_nanos(&self) -> Option<Nanos> {
        match self.verdict {
            Verdict::Accepted => Some(0),
            Verdict::Delayed { delay } => Some(delay),
            Verdict::Rejected { .. } => None,
        }
    }

    /// When a rejected request would pass, `None` when admitted.
    pub const fn retry_at(&self) -> Option<Nanos> {
        match self.verdict {
            Verdict::Rejected { retry_at } => Some(retry_at),
            _ => None,
        }
    }
}

impl Reason {
    /// For a token taken, whole tokens left; for a bucket with room, its level in whole
    /// requests (rounded up); `None` for other reasons.
    pub fn whole_units(&self) -> Option<u64> {
        match *self {
            Reason::TokenTaken { credit, interval } => Some(credit / interval.max(1)),
            Reason::BucketHasRoom { level, interval } => Some(level.div_ceil(interval.max(1))),
            _ => None,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Verdict::Accepted => f.write_str("accepted"),
            Verdict::Delayed { delay } => write!(f, "delayed by {}", Span(delay)),
            Verdict::Rejected { retry_at } => write!(f, "rejected until t={}", Span(retry_at)),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Reason::TokenTaken { credit, interval } => {
                write!(f, "took a token; {} left", credit / interval.max(1))
            }
            Reason::NoToken => f.write_str("less than one token in the bucket"),
            Reason::BucketHasRoom { level, interval } => {
                write!(
                    f,
                    "fits in the bucket; level now {}",
                    level.div_ceil(interval.max(1))
                )
            }
            Reason::BucketFull { capacity } => {
                write!(
                    f,
                    "the bucket is full ({capacity} requests) and would overflow"
                )
            }
            Reason::SentAtOnce => f.write_str("the queue was empty; sent at once"),
            Reason::Queued { ahead } => write!(f, "joined the queue; {ahead} waiting ahead"),
            Reason::QueueFull { capacity } => {
                write!(f, "the queue is full ({capacity} waiting); dropped")
            }
            Reason::WindowHasRoom { window, count } => {
                write!(f, "request {count} in window {window}")
            }
            Reason::WindowFull { window, limit } => {
                write!(f, "window {window} already has its {limit} requests")
            }
            Reason::LogHasRoom { in_window } => {
                write!(f, "{in_window} requests logged in the last window")
            }
            Reason::LogFull { oldest } => write!(
                f,
                "the log is full; its oldest entry (t={}) must leave the window first",
                Span(oldest)
            ),
            Reason::EstimateUnder { estimate_milli } => {
                write!(
                    f,
                    "weighted estimate {} is within the limit",
                    Milli(estimate_milli)
                )
            }
            Reason::EstimateOver { estimate_milli } => {
                write!(
                    f,
                    "weighted estimate {} would exceed the limit",
                    Milli(estimate_milli)
                )
            }
            Reason::Conforming { tat } => {
                write!(
                    f,
                    "conforming; theoretical arrival time now t={}",
                    Span(tat)
                )
            }
            Reason::TooEarly { tat } => {
                write!(f, "too early for theoretical arrival time t={}", Span(tat))
            }
            Reason::SharedHasRoom { seen, actual } => {
                write!(
                    f,
                    "this instance sees {seen} in the window (really {actual})"
                )
            }
            Reason::SharedFull { seen, actual } => {
                write!(
                    f,
                    "this instance sees {seen} in the window, the limit (really {actual})"
                )
            }
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.verdict, self.because)
    }
}

/// Thousandths shown as a decimal (`1250` → `1.25`).
struct Milli(u64);

impl fmt::Display for Milli {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{}.{:03}", self.0 / 1000, self.0 % 1000);
        f.write_str(text.trim_end_matches('0').trim_end_matches('.'))
    }
}
