//! What a row of the timeline adds up to: counts, the accepted share, the longest delay and
//! the largest burst admitted within any window.

use crate::decision::{Decision, Verdict};
use crate::time::Nanos;
use crate::traffic::Arrival;
use serde::{Deserialize, Serialize};

/// Totals for one algorithm over one run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Summary {
    /// Requests decided.
    pub requests: u32,
    /// Accepted at once.
    pub accepted: u32,
    /// Admitted after a delay.
    pub delayed: u32,
    /// Rejected.
    pub rejected: u32,
    /// The longest delay of an admitted request.
    pub max_delay: Nanos,
    /// The most requests passed on (at arrival plus delay) within any span of `burst_window`.
    pub largest_burst: u32,
    /// The span used for [`largest_burst`](Self::largest_burst).
    pub burst_window: Nanos,
}

impl Summary {
    /// Sums up `decisions`, made about `arrivals` (the two in step; extra items in either
    /// are ignored), measuring bursts over spans of `burst_window` nanoseconds.
    pub fn of(arrivals: &[Arrival], decisions: &[Decision], burst_window: Nanos) -> Summary {
        let mut s = Summary {
            burst_window,
            ..Summary::default()
        };
        let mut passed = Vec::with_capacity(decisions.len());
        for (arrival, decision) in arrivals.iter().zip(decisions) {
            s.requests += 1;
            match decision.verdict {
                Verdict::Accepted => s.accepted += 1,
                Verdict::Delayed { delay } => {
                    s.delayed += 1;
                    s.max_delay = s.max_delay.max(delay);
                }
                Verdict::Rejected { .. } => s.rejected += 1,
            }
            if let Some(delay) = decision.delay_nanos() {
                passed.push(arrival.at.saturating_add(delay));
            }
        }
        passed.sort_unstable();
        s.largest_burst = largest_in_window(&passed, burst_window);
        s
    }

    /// Admitted requests (at once or delayed).
    pub fn admitted(&self) -> u32 {
        self.accepted + self.delayed
    }

    /// The admitted share in `[0, 1]` (1 when there were no requests).
    pub fn admitted_share(&self) -> f64 {
        if self.requests == 0 {
            1.0
        } else {
            f64::from(self.admitted()) / f64::from(self.requests)
        }
    }
}

/// The most of these sorted times within any half-open span `[s, s + window)`.
pub fn largest_in_window(sorted: &[Nanos], window: Nanos) -> u32 {
    if window == 0 {
        return 0;
    }
    let mut best = 0;
    let mut start = 0;
    for (end, &t) in sorted.iter().enumerate() {
        // `start ≤ end` always holds, since `t − t = 0 < window`; saturation guards unsorted input.
        while start < end
            && sorted
                .get(start)
                .is_some_and(|&s| t.saturating_sub(s) >= window)
        {
            start += 1;
        }
        best = best.max(end + 1 - start);
    }
    u32::try_from(best).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::Reason;

    #[test]
    fn counts_and_bursts() {
        let arrivals: Vec<Arrival> = [0, 1, 2, 10]
            .iter()
            .map(|&at| Arrival { at, client: 0 })
            .collect();
        let decisions = [
            Decision::accept(Reason::SentAtOnce),
            Decision::delay(5, Reason::Queued { ahead: 0 }),
            Decision::reject(9, Reason::QueueFull { capacity: 1 }),
            Decision::accept(Reason::SentAtOnce),
        ];
        let s = Summary::of(&arrivals, &decisions, 5);
        assert_eq!(
            (s.requests, s.accepted, s.delayed, s.rejected, s.max_delay),
            (4, 2, 1, 1, 5)
        );
        // Passed on at 0, 6 and 10: at most two within any 5 ns.
        assert_eq!(s.largest_burst, 2);
        assert_eq!(s.admitted_share(), 0.75);
    }

    #[test]
    fn window_edges_are_half_open() {
        assert_eq!(largest_in_window(&[0, 10, 20], 10), 1);
        assert_eq!(largest_in_window(&[0, 9, 20], 10), 2);
        assert_eq!(largest_in_window(&[], 10), 0);
        assert_eq!(largest_in_window(&[5, 5, 5], 0), 0);
    }
}
