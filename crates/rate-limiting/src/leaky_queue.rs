//! Leaky bucket as a queue: requests wait in a bounded FIFO that is served at a constant
//! rate; a request that finds the queue full is dropped.
//!
//! The queue passes one request on every `leak.interval` nanoseconds. A request arriving
//! when the server is idle goes straight through; otherwise it joins the queue and leaves
//! at `max(arrival, previous departure + interval)`, so its *delay* is known the moment it
//! arrives. At most `capacity` requests wait at once; the next one is dropped and would fit
//! when the head of the queue leaves.
//!
//! The output is perfectly smooth (never two departures closer than `interval`), which is
//! what Turner's original leaky bucket (IEEE Communications Magazine 24(10), 1986) was for,
//! and is how nginx's `limit_req` with a `burst` (and no `nodelay`) behaves. It admits the
//! same requests as GCRA with `τ = capacity × interval` in "delay" mode (Tanenbaum,
//! *Computer Networks*, 5th ed., section 5.4.2, describes both bucket flavours).
//!
//! **Memory.** The queue holds at most `capacity` departure times (8 bytes each), whatever
//! the traffic.
//!
//! **Parameters.** `capacity`: waiting room; `leak`: the service rate.
//!
//! **Weaknesses.** It adds latency instead of failing fast: under sustained overload every
//! admitted request waits about `capacity × interval`, and a burst is smoothed even when the
//! backend could have taken it at once.

use crate::decision::{Decision, Reason};
use crate::limiter::RateLimiter;
use crate::time::{Nanos, Rate};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::num::NonZeroU32;

/// A leaky bucket (queue)'s parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LeakyQueueConfig {
    /// How many requests may wait at once.
    pub capacity: NonZeroU32,
    /// One request leaves every `leak.interval` nanoseconds.
    pub leak: Rate,
}

/// The inner state of a leaky bucket (queue) at some instant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LeakyQueueState {
    /// Departure times of the requests still waiting, oldest first.
    pub waiting: Vec<Nanos>,
    /// The queue's capacity.
    pub capacity: u32,
    /// The earliest time the next admitted request could leave.
    pub next_departure: Nanos,
}

/// A leaky bucket used as a queue, empty at time zero.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LeakyQueue {
    config: LeakyQueueConfig,
    /// Departure times of waiting requests, oldest first; all later than `last`.
    waiting: VecDeque<Nanos>,
    /// When the most recently admitted request leaves (or left).
    last_departure: Option<Nanos>,
    last: Nanos,
}

impl LeakyQueue {
    /// An empty queue.
    pub fn new(config: LeakyQueueConfig) -> Self {
        Self {
            config,
            waiting: VecDeque::new(),
            last_departure: None,
            last: 0,
        }
    }

    /// The parameters.
    pub fn config(&self) -> &LeakyQueueConfig {
        &self.config
    }

    fn departure_for(&self, now: Nanos) -> Nanos {
        match self.last_departure {
            None => now,
            Some(d) => d.saturating_add(self.config.leak.interval_nanos()).max(now),
        }
    }
}

impl RateLimiter for LeakyQueue {
    type State = LeakyQueueState;

    fn decide(&mut self, now: Nanos) -> Decision {
        let now = now.max(self.last);
        self.last = now;
        while self.waiting.front().is_some_and(|&d| d <= now) {
            self.waiting.pop_front();
        }
        let ahead = u32::try_from(self.waiting.len()).unwrap_or(u32::MAX);
        let capacity = self.config.capacity.get();
        if ahead >= capacity {
            let retry_at = self.waiting.front().copied().unwrap_or(now);
            return Decision::reject(retry_at, Reason::QueueFull { capacity });
        }
        let departure = self.departure_for(now);
        self.last_departure = Some(departure);
        if departure == now {
            Decision::accept(Reason::SentAtOnce)
        } else {
            self.waiting.push_back(departure);
            Decision::delay(departure - now, Reason::Queued { ahead })
        }
    }

    fn state_at(&self, now: Nanos) -> LeakyQueueState {
        let now = now.max(self.last);
        LeakyQueueState {
            waiting: self.waiting.iter().copied().filter(|&d| d > now).collect(),
            capacity: self.config.capacity.get(),
            next_departure: self.departure_for(now),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::Verdict;
    use std::num::NonZeroU64;

    fn queue(capacity: u32, interval: u64) -> LeakyQueue {
        LeakyQueue::new(LeakyQueueConfig {
            capacity: NonZeroU32::new(capacity).unwrap(),
            leak: Rate::every(NonZeroU64::new(interval).unwrap()),
        })
    }

    #[test]
    fn a_burst_is_smoothed_then_dropped() {
        let mut q = queue(2, 100);
        assert_eq!(q.decide(0), Decision::accept(Reason::SentAtOnce));
        assert_eq!(
            q.decide(0),
            Decision::delay(100, Reason::Queued { ahead: 0 })
        );
        assert_eq!(
            q.decide(0),
            Decision::delay(200, Reason::Queued { ahead: 1 })
        );
        assert_eq!(
            q.decide(0),
            Decision::reject(100, Reason::QueueFull { capacity: 2 })
        );
        assert_eq!(q.state_at(150).waiting, vec![200]);
        assert_eq!(q.decide(100).verdict, Verdict::Delayed { delay: 200 });
    }

    #[test]
    fn an_idle_server_sends_at_once() {
        let mut q = queue(1, 100);
        assert!(q.decide(0).is_admitted());
        assert_eq!(q.decide(50).delay_nanos(), Some(50));
        assert_eq!(q.decide(1_000), Decision::accept(Reason::SentAtOnce));
        assert_eq!(q.state_at(1_000).next_departure, 1_100);
    }
}
