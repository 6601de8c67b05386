//! Step mode's time travel: the state of every policy at any position of the trace,
//! rebuilt from the nearest snapshot.
//!
//! Policies are plain values, so a snapshot is a clone. Snapshots are taken every `every`
//! requests, with `every` chosen so there are at most [`MAX_SNAPSHOTS`] of them: memory
//! stays bounded however long the trace and however often the reader steps back and
//! forth, and showing any position replays at most `every` requests per policy.

use cache_policies::{AnyPolicy, Capacity, Key, Outcome, Policy, PolicyKind};
use std::sync::Arc;

/// The most snapshots kept for one trace.
pub(super) const MAX_SNAPSHOTS: usize = 64;
/// The fewest requests between two snapshots (replaying that many is instant).
const MIN_EVERY: usize = 16;

/// Every policy's state after some number of requests, with their hits so far.
#[derive(Clone, Debug)]
pub(super) struct Frame {
    /// The policies, in the order of [`Timeline::kinds`].
    pub(super) policies: Vec<AnyPolicy>,
    /// Hits of each policy so far.
    pub(super) hits: Vec<u64>,
}

/// What a position shows: the state after `position` requests and what the last one did.
#[derive(Clone, Debug)]
pub(super) struct Moment {
    /// How many requests have been served.
    pub(super) position: usize,
    /// The state after them.
    pub(super) frame: Frame,
    /// The last request's key and each policy's outcome for it (none at position 0).
    pub(super) last: Option<(Key, Vec<Outcome>)>,
}

/// One trace through several policies, with snapshots.
#[derive(Clone, Debug)]
pub(super) struct Timeline {
    trace: Arc<[Key]>,
    every: usize,
    /// `snapshots[i]`: the state after `i * every` requests.
    snapshots: Vec<Frame>,
}

impl Timeline {
    /// Runs `trace` through fresh `kinds` caches of `capacity`, keeping snapshots.
    pub(super) fn new(
        kinds: Vec<PolicyKind>,
        capacity: Capacity,
        seed: u64,
        trace: Arc<[Key]>,
    ) -> Self {
        let every = trace.len().div_ceil(MAX_SNAPSHOTS - 1).max(MIN_EVERY);
        let mut frame = Frame {
            policies: kinds
                .iter()
                .map(|k| k.build(capacity, seed, &trace))
                .collect(),
            hits: vec![0; kinds.len()],
        };
        let mut snapshots = vec![frame.clone()];
        for (i, chunk) in trace.chunks(every).enumerate() {
            for &key in chunk {
                frame.access(key);
            }
            // The state after the whole trace is never needed as a starting point.
            if (i + 1) * every < trace.len() {
                snapshots.push(frame.clone());
            }
        }
        Self {
            trace,
            every,
            snapshots,
        }
    }

    /// How many requests there are (the last position).
    pub(super) fn len(&self) -> usize {
        self.trace.len()
    }

    /// How many snapshots are kept.
    #[cfg(test)]
    pub(super) fn snapshot_count(&self) -> usize {
        self.snapshots.len()
    }

    /// The state after `position` requests (clamped to the trace).
    pub(super) fn at(&self, position: usize) -> Moment {
        let position = position.min(self.trace.len());
        if position == 0 {
            return Moment {
                position,
                frame: self.snapshots[0].clone(),
                last: None,
            };
        }
        // Start from the snapshot before the last request, so its outcome is seen.
        let start = ((position - 1) / self.every).min(self.snapshots.len() - 1);
        let mut frame = self.snapshots[start].clone();
        let mut outcomes = Vec::new();
        for &key in &self.trace[start * self.every..position] {
            outcomes = frame.access(key);
        }
        Moment {
            position,
            frame,
            last: Some((self.trace[position - 1], outcomes)),
        }
    }
}

impl Frame {
    /// Sends `key` to every policy; returns their outcomes.
    fn access(&mut self, key: Key) -> Vec<Outcome> {
        self.policies
            .iter_mut()
            .zip(self.hits.iter_mut())
            .map(|(p, hits)| {
                let outcome = p.access(key);
                *hits += u64::from(outcome.is_hit());
                outcome
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cache_policies::workload::Workload;

    fn cap(n: u32) -> Capacity {
        Capacity::new(n).unwrap()
    }

    #[test]
    fn any_position_matches_a_straight_run() {
        let trace: Arc<[Key]> = Workload::Zipf {
            objects: 30,
            skew: 0.8,
        }
        .generate(3, 1000)
        .unwrap()
        .into();
        let kinds = PolicyKind::ALL.to_vec();
        let timeline = Timeline::new(kinds.clone(), cap(6), 9, trace.clone());
        assert!(timeline.snapshot_count() <= MAX_SNAPSHOTS);
        let mut straight: Vec<AnyPolicy> =
            kinds.iter().map(|k| k.build(cap(6), 9, &trace)).collect();
        let mut hits = vec![0u64; kinds.len()];
        for (i, &key) in trace.iter().enumerate() {
            let outcomes: Vec<Outcome> = straight.iter_mut().map(|p| p.access(key)).collect();
            for (h, o) in hits.iter_mut().zip(&outcomes) {
                *h += u64::from(o.is_hit());
            }
            // Checking every position would be slow in debug builds; every 37th and the ends.
            if i % 37 == 0 || i + 1 == trace.len() {
                let m = timeline.at(i + 1);
                assert_eq!(m.frame.hits, hits, "position {}", i + 1);
                assert_eq!(m.last, Some((key, outcomes)), "position {}", i + 1);
                for (a, b) in m.frame.policies.iter().zip(&straight) {
                    assert_eq!(a.view(), b.view(), "{} at {}", a.kind(), i + 1);
                }
            }
        }
        let start = timeline.at(0);
        assert!(start.last.is_none() && start.frame.hits.iter().all(|&h| h == 0));
        assert_eq!(timeline.at(5000).position, 1000, "clamped");
    }

    #[test]
    fn snapshots_stay_bounded_for_the_longest_trace() {
        let trace: Arc<[Key]> = (0..10_000u64).map(|i| i % 97).collect();
        let timeline = Timeline::new(vec![PolicyKind::Lru], cap(8), 0, trace);
        assert!(
            timeline.snapshot_count() <= MAX_SNAPSHOTS,
            "{}",
            timeline.snapshot_count()
        );
        let short = Timeline::new(vec![PolicyKind::Lru], cap(8), 0, Arc::from(vec![1, 2, 1]));
        assert_eq!(short.snapshot_count(), 1);
        assert_eq!(short.at(3).frame.hits, vec![1]);
    }
}
