//! Differential tests: LRU against the `lru` crate and against a plain list, and the
//! one-pass LRU curve against simulation at every size.

use cache_policies::mrc::{run, LruCurve};
use cache_policies::workload::Workload;
use cache_policies::{Capacity, Eviction, Key, Lru, Outcome, Policy, Reason};
use proptest::prelude::*;
use std::num::NonZeroUsize;

fn capacity(n: u32) -> Capacity {
    Capacity::new(n).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs both LRUs side by side; every outcome and every victim must agree.
fn agree_with_lru_crate(trace: &[Key], cap: u32) -> Result<(), TestCaseError> {
    let mut ours = Lru::new(capacity(cap));
    let size = NonZeroUsize::new(cap as usize).unwrap_or(NonZeroUsize::MIN);
    let mut theirs: lru::LruCache<Key, ()> = lru::LruCache::new(size);
    for (i, &key) in trace.iter().enumerate() {
        let out = ours.access(key);
        let their_hit = theirs.get(&key).is_some();
        prop_assert_eq!(out.is_hit(), their_hit, "request {} (key {})", i, key);
        if !their_hit {
            let their_victim = theirs.push(key, ()).map(|(k, ())| k);
            prop_assert_eq!(out.evicted().map(|e| e.key), their_victim, "request {}", i);
        }
        prop_assert_eq!(ours.len(), theirs.len());
    }
    let mut their_order: Vec<Key> = theirs.iter().map(|(k, ())| *k).collect();
    let ours_order = ours.view().recency;
    prop_assert_eq!(&ours_order, &their_order);
    their_order.clear();
    Ok(())
}

/// The reference: LRU as a list, most recently used first, moved by hand.
struct ListLru {
    cap: usize,
    recency: Vec<Key>,
}

impl ListLru {
    fn access(&mut self, key: Key) -> Outcome {
        if let Some(at) = self.recency.iter().position(|&k| k == key) {
            self.recency.remove(at);
            self.recency.insert(0, key);
            return Outcome::Hit;
        }
        self.recency.insert(0, key);
        let evicted = (self.recency.len() > self.cap)
            .then(|| self.recency.pop())
            .flatten()
            .map(|key| Eviction {
                key,
                because: Reason::LeastRecentlyUsed,
            });
        Outcome::Miss { evicted }
    }
}

/// Runs `trace` through both, every outcome, size, membership and order compared, with
/// the cache saved and restored through JSON after `restore_at` requests.
fn agree_with_a_list(trace: &[Key], cap: u32, restore_at: usize) -> Result<(), TestCaseError> {
    let mut ours = Lru::new(capacity(cap));
    let mut list = ListLru {
        cap: cap as usize,
        recency: Vec::new(),
    };
    for (i, &key) in trace.iter().enumerate() {
        if i == restore_at {
            let json =
                serde_json::to_string(&ours).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(
                json.len() < 64 + 24 * cap as usize,
                "snapshot of {} bytes",
                json.len()
            );
            ours = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(
            ours.access(key),
            list.access(key),
            "request {} (key {})",
            i,
            key
        );
        prop_assert_eq!(ours.len(), list.recency.len());
        prop_assert_eq!(&ours.view().recency, &list.recency, "after request {}", i);
        for k in 0..key + 2 {
            prop_assert_eq!(ours.contains(k), list.recency.contains(&k), "key {}", k);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn lru_matches_the_lru_crate(trace in prop::collection::vec(0u64..40, 0..500), cap in 1u32..30) {
        agree_with_lru_crate(&trace, cap)?;
    }

    /// Small key spaces and long traces: mostly hits, so most keys' entries in the
    /// stamp ring lie behind their latest use and move forward on eviction, and the ring
    /// wraps around and compacts many times; evicted keys come back soon after.
    #[test]
    fn lru_matches_a_list_across_compactions_and_snapshots(
        keys in 1u64..24,
        trace in prop::collection::vec(0u64..1_000, 0..3_000),
        cap in 1u32..16,
        restore_at in 0usize..3_000,
    ) {
        let trace: Vec<Key> = trace.into_iter().map(|k| k % keys).collect();
        agree_with_a_list(&trace, cap, restore_at)?;
    }
}

#[test]
fn lru_matches_the_lru_crate_on_zipf() {
    let trace = Workload::Zipf {
        objects: 5_000,
        skew: 0.9,
    }
    .generate(3, 100_000);
    let trace = trace.unwrap_or_default();
    for cap in [1, 10, 500, 4_000] {
        agree_with_lru_crate(&trace, cap).unwrap_or_else(|e| panic!("size {cap}: {e}"));
    }
}

#[test]
fn one_pass_curve_equals_simulation_at_every_size() {
    let trace = Workload::Zipf {
        objects: 800,
        skew: 0.8,
    }
    .generate(9, 6_000)
    .unwrap_or_default();
    let curve = LruCurve::compute(&trace);
    let distinct = curve.distinct_keys() as u32;
    assert!(distinct > 500);
    for cap in 1..=distinct + 2 {
        let simulated = run(&mut Lru::new(capacity(cap)), &trace);
        assert_eq!(simulated, curve.counts(u64::from(cap)), "size {cap}");
    }
}
