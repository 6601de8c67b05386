//! Run mode's work, cut into slices so the page stays responsive: first every policy
//! through the whole trace at the chosen size (one policy at a time, so only one cache's
//! memory is alive), recording the hit ratio over time; then the miss-ratio curves:
//! LRU's exactly for every size in one pass (itself in slices), the others (and
//! Belady's floor) simulated at a set of sizes.
//!
//! Pure and clock-free: the view decides how much work a slice gets and when it runs.

// Natively (the pre-renderer) nothing drives a job; only the browser and the tests do.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use cache_policies::mrc::{log_spaced_sizes, Counts, CurvePoint, LruCurveBuilder};
use cache_policies::{AnyPolicy, Capacity, Key, PolicyKind};
use std::sync::Arc;

/// Points on the hit-ratio-over-time chart.
const MAX_BUCKETS: usize = 100;
/// When a trace has at most this many distinct keys, curves are simulated at every size.
const EVERY_SIZE_UP_TO: u64 = 40;

/// Which part of the work is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Phase {
    /// Every policy at the chosen size.
    Policies,
    /// The miss-ratio curves.
    Curves,
    /// Finished.
    Done,
}

/// What has been computed so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Results {
    /// Requests per point of the hit-ratio-over-time chart.
    pub(super) bucket_len: usize,
    /// Per policy: the hit ratio of each completed bucket of requests.
    pub(super) series: Vec<Vec<f64>>,
    /// Per policy: hits and misses over the whole trace, once it has run.
    pub(super) finals: Vec<Option<Counts>>,
    /// The distinct keys of the trace (known once LRU's curve is computed).
    pub(super) distinct: u64,
    /// The cache sizes of the curves.
    pub(super) sizes: Vec<Capacity>,
    /// Per policy: its curve at `sizes` (LRU's exact; the others as far as simulated).
    pub(super) curves: Vec<Vec<CurvePoint>>,
}

/// The slice of work in progress.
#[derive(Clone, Debug)]
enum Stage {
    Policies {
        index: usize,
        policy: AnyPolicy,
        at: usize,
        hits: u64,
        /// Hits in the bucket now filling.
        bucket_hits: u64,
    },
    LruCurve(LruCurveBuilder),
    Curves {
        index: usize,
        size: usize,
        policy: AnyPolicy,
        at: usize,
        hits: u64,
    },
    Done,
}

/// A run-mode computation.
#[derive(Clone, Debug)]
pub(super) struct Job {
    trace: Arc<[Key]>,
    kinds: Vec<PolicyKind>,
    capacity: Capacity,
    seed: u64,
    stage: Stage,
    results: Results,
}

impl Job {
    /// A job running `trace` through `kinds` at `capacity` (and then the curves).
    pub(super) fn new(
        trace: Arc<[Key]>,
        kinds: Vec<PolicyKind>,
        capacity: Capacity,
        seed: u64,
    ) -> Self {
        let buckets = trace.len().clamp(1, MAX_BUCKETS);
        let results = Results {
            bucket_len: trace.len().div_ceil(buckets).max(1),
            series: vec![Vec::new(); kinds.len()],
            finals: vec![None; kinds.len()],
            curves: vec![Vec::new(); kinds.len()],
            ..Results::default()
        };
        let stage = match kinds.first() {
            Some(k) => Stage::Policies {
                index: 0,
                policy: k.build(capacity, seed, &trace),
                at: 0,
                hits: 0,
                bucket_hits: 0,
            },
            None => Stage::Done,
        };
        Self {
            trace,
            kinds,
            capacity,
            seed,
            stage,
            results,
        }
    }

    /// The policies, in display order.
    pub(super) fn kinds(&self) -> &[PolicyKind] {
        &self.kinds
    }

    /// The trace's length.
    pub(super) fn requests(&self) -> usize {
        self.trace.len()
    }

    /// The chosen cache size.
    pub(super) fn capacity(&self) -> Capacity {
        self.capacity
    }

    /// What has been computed so far.
    pub(super) fn results(&self) -> &Results {
        &self.results
    }

    /// Which part of the work is running.
    pub(super) fn phase(&self) -> Phase {
        match self.stage {
            Stage::Policies { .. } => Phase::Policies,
            Stage::LruCurve(_) | Stage::Curves { .. } => Phase::Curves,
            Stage::Done => Phase::Done,
        }
    }

    /// Whether the job is computing LRU's exact curve. A call to [`Job::advance`] that
    /// starts there does nothing else, so the caller can time the curve on its own.
    pub(super) fn at_lru_curve(&self) -> bool {
        matches!(self.stage, Stage::LruCurve(_))
    }

    /// How far the current phase is, from 0 to 1. In the curves phase, LRU's exact
    /// curve counts as one policy's share and comes first.
    pub(super) fn progress(&self) -> f64 {
        let n = self.trace.len().max(1) as f64;
        let shares = self.kinds.len() as f64 + 1.0;
        match &self.stage {
            Stage::Policies { index, at, .. } => {
                (*index as f64 * n + *at as f64) / (self.kinds.len() as f64 * n)
            }
            Stage::LruCurve(builder) => builder.requests() as f64 / n / shares,
            Stage::Curves {
                index, size, at, ..
            } => {
                let per_kind = self.results.sizes.len().max(1) as f64;
                let done = (*index as f64 * per_kind + *size as f64) * n + *at as f64;
                (1.0 + done / (per_kind * n)) / shares
            }
            Stage::Done => 1.0,
        }
    }

    /// Does about `budget` requests' worth of work; returns whether work remains.
    pub(super) fn advance(&mut self, budget: usize) -> bool {
        let mut left = budget.max(1);
        while left > 0 {
            let (used, next) = self.work(left);
            left = left.saturating_sub(used.max(1));
            if let Some(stage) = next {
                let leaving_curve = self.at_lru_curve();
                self.stage = stage;
                // LRU's curve gets calls of its own, so the caller can time it.
                if leaving_curve || self.at_lru_curve() {
                    return !matches!(self.stage, Stage::Done);
                }
            }
            if matches!(self.stage, Stage::Done) {
                return false;
            }
        }
        true
    }

    /// One piece of work of at most `left` requests: how many it used, and the stage
    /// that follows if this one ended.
    fn work(&mut self, left: usize) -> (usize, Option<Stage>) {
        let trace = self.trace.clone();
        let bucket_len = self.results.bucket_len;
        match &mut self.stage {
            Stage::Policies {
                index,
                policy,
                at,
                hits,
                bucket_hits,
            } => {
                // Stop at bucket boundaries so each bucket's ratio is exact.
                let bucket_end = (*at / bucket_len + 1) * bucket_len;
                let end = (*at + left).min(bucket_end).min(trace.len());
                let counts = policy.run(&trace[*at..end]);
                *hits += counts.hits;
                *bucket_hits += counts.hits;
                let used = end - *at;
                *at = end;
                if end == bucket_end || end == trace.len() {
                    let first = (end - 1) / bucket_len * bucket_len;
                    self.results.series[*index].push(*bucket_hits as f64 / (end - first) as f64);
                    *bucket_hits = 0;
                }
                if end < trace.len() {
                    return (used, None);
                }
                self.results.finals[*index] = Some(Counts {
                    hits: *hits,
                    misses: trace.len() as u64 - *hits,
                });
                let next = *index + 1;
                (
                    used,
                    Some(match self.kinds.get(next) {
                        Some(k) => Stage::Policies {
                            index: next,
                            policy: k.build(self.capacity, self.seed, &trace),
                            at: 0,
                            hits: 0,
                            bucket_hits: 0,
                        },
                        None => Stage::LruCurve(LruCurveBuilder::new(trace.len())),
                    }),
                )
            }
            Stage::LruCurve(builder) => {
                let at = builder.requests() as usize;
                let end = (at + left).min(trace.len());
                builder.feed(&trace[at..end]);
                if end < trace.len() {
                    return (end - at, None);
                }
                let curve = std::mem::replace(builder, LruCurveBuilder::new(0)).finish();
                self.results.distinct = curve.distinct_keys();
                self.results.sizes = curve_sizes(curve.distinct_keys(), self.capacity, trace.len());
                if let Some(i) = self.kinds.iter().position(|&k| k == PolicyKind::Lru) {
                    self.results.curves[i] = curve.points(&self.results.sizes);
                }
                (end - at, Some(self.curve_stage(0, 0)))
            }
            Stage::Curves {
                index,
                size,
                policy,
                at,
                hits,
            } => {
                let end = (*at + left).min(trace.len());
                *hits += policy.run(&trace[*at..end]).hits;
                let used = end - *at;
                *at = end;
                if end < trace.len() {
                    return (used, None);
                }
                let capacity = self.results.sizes[*size];
                self.results.curves[*index].push(CurvePoint {
                    capacity: capacity.get(),
                    counts: Counts {
                        hits: *hits,
                        misses: trace.len() as u64 - *hits,
                    },
                });
                let (i, s) = (*index, *size + 1);
                (used, Some(self.curve_stage(i, s)))
            }
            Stage::Done => (0, None),
        }
    }

    /// The simulation of policy `index` at size number `size`, skipping LRU (exact
    /// already) and moving on past the last size.
    fn curve_stage(&self, mut index: usize, mut size: usize) -> Stage {
        loop {
            if size >= self.results.sizes.len() {
                index += 1;
                size = 0;
            }
            let Some(&kind) = self.kinds.get(index) else {
                return Stage::Done;
            };
            if kind == PolicyKind::Lru || self.results.sizes.is_empty() {
                index += 1;
                continue;
            }
            return Stage::Curves {
                index,
                size,
                policy: kind.build(self.results.sizes[size], self.seed, &self.trace),
                at: 0,
                hits: 0,
            };
        }
    }
}

/// The sizes to draw curves at: every size for a handful of distinct keys, else about
/// a dozen (eight for long traces) log-spaced up to the distinct keys, plus the chosen size.
fn curve_sizes(distinct: u64, chosen: Capacity, requests: usize) -> Vec<Capacity> {
    let top = distinct.clamp(1, u64::from(cache_policies::MAX_CAPACITY)) as u32;
    let mut sizes: Vec<Capacity> = if distinct <= EVERY_SIZE_UP_TO {
        (1..=top).filter_map(|c| Capacity::new(c).ok()).collect()
    } else {
        let points = if requests > 200_000 { 8 } else { 12 };
        Capacity::new(top)
            .map(|t| log_spaced_sizes(t, points))
            .unwrap_or_default()
    };
    // `sizes` is ascending; put the chosen size in its place.
    if chosen.get() < top {
        if let Err(at) = sizes.binary_search(&chosen) {
            sizes.insert(at, chosen);
        }
    }
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;
    use cache_policies::mrc::{run, simulate_curve};
    use cache_policies::workload::Workload;

    fn cap(n: u32) -> Capacity {
        Capacity::new(n).unwrap()
    }

    fn finish(job: &mut Job, budget: usize) -> usize {
        let mut slices = 1;
        while job.advance(budget) {
            slices += 1;
            assert!(slices < 100_000, "the job never ends");
        }
        slices
    }

    #[test]
    fn sliced_runs_match_whole_runs() {
        let trace: Arc<[Key]> = Workload::Zipf {
            objects: 500,
            skew: 0.9,
        }
        .generate(4, 5_000)
        .unwrap()
        .into();
        let kinds = vec![PolicyKind::Fifo, PolicyKind::Lru, PolicyKind::Belady];
        let mut job = Job::new(trace.clone(), kinds.clone(), cap(50), 1);
        assert_eq!(job.phase(), Phase::Policies);
        let slices = finish(&mut job, 777);
        assert!(slices > 10, "{slices}");
        assert_eq!(job.phase(), Phase::Done);
        assert_eq!(job.progress(), 1.0);
        let r = job.results();
        assert_eq!(r.bucket_len, 50);
        for (i, &kind) in kinds.iter().enumerate() {
            let whole = run(&mut kind.build(cap(50), 1, &trace), &trace);
            assert_eq!(r.finals[i], Some(whole), "{kind}");
            assert_eq!(r.series[i].len(), 100, "{kind}");
            let mean = r.series[i].iter().sum::<f64>() / 100.0;
            assert!((mean - whole.hit_ratio()).abs() < 1e-9, "{kind}");
            assert_eq!(
                r.curves[i],
                simulate_curve(kind, &r.sizes, &trace, 1),
                "{kind}'s curve"
            );
        }
        assert!(r.sizes.contains(&cap(50)));
        assert_eq!(
            r.distinct,
            trace.iter().collect::<std::collections::HashSet<_>>().len() as u64
        );
    }

    #[test]
    fn lrus_curve_gets_calls_of_its_own_and_progress_never_falls() {
        let trace: Arc<[Key]> = Workload::Uniform { objects: 300 }
            .generate(2, 5_000)
            .unwrap()
            .into();
        let kinds = vec![PolicyKind::Fifo, PolicyKind::Lru, PolicyKind::Belady];
        let mut job = Job::new(trace, kinds, cap(50), 1);
        let (mut phase, mut progress) = (job.phase(), job.progress());
        let mut curve_calls = 0;
        loop {
            let in_curve = job.at_lru_curve();
            let more = job.advance(600);
            if in_curve {
                curve_calls += 1;
                let r = job.results();
                assert!(
                    r.curves[0].is_empty() && r.curves[2].is_empty(),
                    "no other work"
                );
            }
            if job.phase() == phase {
                assert!(job.progress() >= progress, "{phase:?}");
            }
            (phase, progress) = (job.phase(), job.progress());
            if !more {
                break;
            }
        }
        assert_eq!(curve_calls, 5_000usize.div_ceil(600));
        assert_eq!(job.results().curves[1].len(), job.results().sizes.len());
    }

    #[test]
    fn fifos_anomaly_shows_in_its_curve() {
        let trace: Arc<[Key]> = Arc::from(vec![1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]);
        let mut job = Job::new(trace, vec![PolicyKind::Fifo, PolicyKind::Belady], cap(3), 0);
        finish(&mut job, 5);
        let r = job.results();
        let sizes: Vec<u32> = r.sizes.iter().map(|c| c.get()).collect();
        assert_eq!(sizes, vec![1, 2, 3, 4, 5]);
        let fifo: Vec<u64> = r.curves[0].iter().map(|p| p.counts.misses).collect();
        assert_eq!(fifo[2], 9);
        assert_eq!(fifo[3], 10, "more misses with a bigger cache");
        // Belady's floor lies under FIFO everywhere.
        for (f, b) in r.curves[0].iter().zip(&r.curves[1]) {
            assert!(b.counts.misses <= f.counts.misses);
        }
        // A 12-request trace still gives a point per request on the time chart.
        assert_eq!(r.series[0].len(), 12);
    }

    #[test]
    fn no_policies_is_done_at_once() {
        let mut job = Job::new(Arc::from(vec![1, 2]), Vec::new(), cap(1), 0);
        assert!(!job.advance(10));
        assert_eq!(job.phase(), Phase::Done);
    }
}
