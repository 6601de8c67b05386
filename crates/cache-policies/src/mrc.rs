//! Miss-ratio curves: hit and miss counts as a function of cache size.
//!
//! **LRU, exactly, for every size in one pass.** LRU is a stack algorithm (Mattson,
//! Gecsei, Slutz and Traiger, "Evaluation techniques for storage hierarchies", IBM
//! Systems Journal 9(2), 1970): a request hits in a cache of size `c` exactly when its
//! *stack distance* (the number of distinct keys requested since its previous request,
//! itself included) is at most `c`. So one histogram of stack distances gives every
//! size's hits. Distances are counted with an order-statistic structure over time
//! (Bennett and Kruskal, "LRU stack processing", IBM J. R&D 19(4), 1975): a Fenwick
//! tree (Fenwick, Software: Practice and Experience 24(3), 1994) marks each key's
//! latest request time, and the distance of a reuse is the number
//! of marks after the key's previous time. O(log n) per request, 4 bytes per request of
//! tree and a key-index entry per distinct key.
//!
//! **Other policies** are not stack algorithms (FIFO's anomaly shows a bigger cache can
//! miss more), so their curves are simulated at a set of sizes, each an independent run.
//! **Belady's** curve, simulated the same way, is the floor no policy can go below.

use crate::fenwick::Fenwick;
use crate::index::KeyIndex;
use crate::policy::{Capacity, Key, Policy};
use crate::PolicyKind;
use serde::{Deserialize, Serialize};

/// The one-pass LRU curve, computed a piece at a time: [`feed`](Self::feed) it the
/// trace in slices (between frames in a browser, say), then [`finish`](Self::finish).
/// The result is the same however the trace is cut.
#[derive(Clone, Debug)]
pub struct LruCurveBuilder {
    /// Each key's latest request time.
    last: KeyIndex,
    /// A mark at each key's latest request time.
    tree: Fenwick,
    /// `histogram[d]`: requests at stack distance `d` (1-based); cold misses are not
    /// counted.
    histogram: Vec<u64>,
    /// Requests read so far: the next request's time.
    time: u32,
}

impl LruCurveBuilder {
    /// A builder sized for about `requests` requests (more are fine: it grows).
    pub fn new(requests: usize) -> Self {
        Self {
            last: KeyIndex::with_capacity(1024),
            tree: Fenwick::new(requests.max(1)),
            histogram: vec![0; 1],
            time: 0,
        }
    }

    /// Reads the next requests of the trace. Times are `u32`s, so requests past the
    /// `u32::MAX - 1`th in all are ignored (far more than
    /// [`crate::workload::MAX_REQUESTS`]).
    pub fn feed(&mut self, keys: &[Key]) {
        let room = (u32::MAX - 1 - self.time) as usize;
        let keys = keys.get(..keys.len().min(room)).unwrap_or(keys);
        let needed = self.time as usize + keys.len();
        if needed > self.tree.len() {
            self.grow(needed);
        }
        for &key in keys {
            let t = self.time;
            let marks = self.last.len() as u32;
            if let Some(prev) = self.last.insert(key, t) {
                let distance = (marks - self.tree.prefix(prev as usize) + 1) as usize;
                if distance >= self.histogram.len() {
                    self.histogram.resize(distance + 1, 0);
                }
                if let Some(slot) = self.histogram.get_mut(distance) {
                    *slot += 1;
                }
                self.tree.decrement(prev as usize);
            }
            self.tree.increment(t as usize);
            self.time += 1;
        }
    }

    /// How many requests have been read.
    pub fn requests(&self) -> u64 {
        u64::from(self.time)
    }

    /// The curve of the requests read.
    pub fn finish(self) -> LruCurve {
        let mut histogram = self.histogram;
        histogram.resize(self.last.len() + 1, 0);
        let mut total = 0;
        let hits = histogram
            .iter()
            .map(|&h| {
                total += h;
                total
            })
            .collect();
        LruCurve {
            requests: u64::from(self.time),
            hits,
        }
    }

    /// Rebuilds the tree with room for at least `needed` times (doubling, so growing is
    /// amortised O(log n) per request): the marks are the keys' latest times.
    #[cold]
    fn grow(&mut self, needed: usize) {
        let mut tree = Fenwick::new(needed.max(2 * self.tree.len()));
        for (_, t) in self.last.iter() {
            tree.increment(t as usize);
        }
        self.tree = tree;
    }
}

/// Hits and misses of one run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Requests that hit.
    pub hits: u64,
    /// Requests that missed.
    pub misses: u64,
}

impl Counts {
    /// Hits over requests (0 for no requests).
    pub fn hit_ratio(&self) -> f64 {
        let total = self.hits + self.misses;
        if total == 0 {
            0.0
        } else {
            self.hits as f64 / total as f64
        }
    }

    /// Misses over requests (0 for no requests).
    pub fn miss_ratio(&self) -> f64 {
        let total = self.hits + self.misses;
        if total == 0 {
            0.0
        } else {
            self.misses as f64 / total as f64
        }
    }
}

/// Feeds `trace` to `policy` and counts its hits and misses (call it on successive
/// slices to run a long trace in pieces).
pub fn run<P: Policy + ?Sized>(policy: &mut P, trace: &[Key]) -> Counts {
    let hits = trace.iter().filter(|&&k| policy.access(k).is_hit()).count() as u64;
    Counts {
        hits,
        misses: trace.len() as u64 - hits,
    }
}

/// One point of a curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// The cache size.
    pub capacity: u32,
    /// Hits and misses at that size.
    pub counts: Counts,
}

/// The exact LRU hit counts for every cache size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LruCurve {
    requests: u64,
    /// `hits[c]`: hits of an LRU cache of size `c` (index 0 is 0), up to the number of
    /// distinct keys, past which nothing changes.
    hits: Vec<u64>,
}

impl LruCurve {
    /// Computes the curve of `trace` in one pass (what [`LruCurveBuilder`] does when
    /// fed the whole trace at once).
    ///
    /// Times are stored as `u32`, so at most `u32::MAX - 1` requests are read (far more
    /// than [`crate::workload::MAX_REQUESTS`]).
    pub fn compute(trace: &[Key]) -> Self {
        let mut builder = LruCurveBuilder::new(trace.len());
        builder.feed(trace);
        builder.finish()
    }

    /// The number of distinct keys (past this size, every reuse hits).
    pub fn distinct_keys(&self) -> u64 {
        self.hits.len().saturating_sub(1) as u64
    }

    /// Hits and misses of an LRU cache of `capacity` entries.
    pub fn counts(&self, capacity: u64) -> Counts {
        let index = (capacity.min(self.distinct_keys())) as usize;
        let hits = self.hits.get(index).copied().unwrap_or(0);
        Counts {
            hits,
            misses: self.requests - hits,
        }
    }

    /// The curve at the given sizes.
    pub fn points(&self, capacities: &[Capacity]) -> Vec<CurvePoint> {
        capacities
            .iter()
            .map(|c| CurvePoint {
                capacity: c.get(),
                counts: self.counts(u64::from(c.get())),
            })
            .collect()
    }
}

/// A policy's curve by simulation: one run of `trace` per size (`seed` for the random
/// policy). Belady's curve comes the same way, with the trace as its future.
pub fn simulate_curve(
    kind: PolicyKind,
    capacities: &[Capacity],
    trace: &[Key],
    seed: u64,
) -> Vec<CurvePoint> {
    capacities
        .iter()
        .map(|&c| {
            let mut policy = kind.build(c, seed, trace);
            CurvePoint {
                capacity: c.get(),
                counts: run(&mut policy, trace),
            }
        })
        .collect()
}

/// About `points` sizes from 1 to `max`, spaced evenly on a log scale, no duplicates.
pub fn log_spaced_sizes(max: Capacity, points: u32) -> Vec<Capacity> {
    let max = max.get();
    let points = points.max(2);
    let mut sizes: Vec<Capacity> = (0..points)
        .filter_map(|i| {
            let f = f64::from(i) / f64::from(points - 1);
            let size = libm::round(libm::pow(f64::from(max), f)) as u32;
            Capacity::new(size.clamp(1, max)).ok()
        })
        .collect();
    sizes.dedup();
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::cap;
    use crate::Lru;

    #[test]
    fn stack_distances_by_hand() {
        // a b c a b d a: distances of the reuses: a→3, b→3, a→3.
        let trace = [1, 2, 3, 1, 2, 4, 1];
        let curve = LruCurve::compute(&trace);
        assert_eq!(curve.distinct_keys(), 4);
        assert_eq!(curve.counts(2).hits, 0);
        assert_eq!(curve.counts(3).hits, 3);
        assert_eq!(curve.counts(100), Counts { hits: 3, misses: 4 });
        for c in 1..=5 {
            let mut lru = Lru::new(cap(c));
            assert_eq!(
                run(&mut lru, &trace),
                curve.counts(u64::from(c)),
                "size {c}"
            );
        }
    }

    #[test]
    fn sizes_are_log_spaced() {
        let sizes: Vec<u32> = log_spaced_sizes(cap(1000), 4)
            .iter()
            .map(|c| c.get())
            .collect();
        assert_eq!(sizes, vec![1, 10, 100, 1000]);
        assert_eq!(log_spaced_sizes(cap(1), 5).len(), 1);
    }
}
