//! Property tests of the invariants every policy must keep.

use cache_policies::mrc::{run, LruCurve, LruCurveBuilder};
use cache_policies::{AnyPolicy, Capacity, Key, Outcome, Policy, PolicyKind};
use proptest::prelude::*;

fn capacity(n: u32) -> Capacity {
    Capacity::new(n).unwrap_or_else(|e| panic!("{e}"))
}

/// Short traces over a small key space, so caches fill, evict and reuse.
fn traces() -> impl Strategy<Value = Vec<Key>> {
    prop::collection::vec(0u64..24, 0..300)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Never above capacity; a hit never evicts; a miss evicts only when full, exactly
    /// one entry, never the requested key; afterwards the key is cached and the victim not.
    #[test]
    fn access_invariants(trace in traces(), cap in 1u32..12, seed in any::<u64>()) {
        for kind in PolicyKind::ALL {
            let mut p: AnyPolicy = kind.build(capacity(cap), seed, &trace);
            let mut distinct = std::collections::HashSet::new();
            for &key in &trace {
                let was_cached = p.contains(key);
                let len_before = p.len();
                let out = p.access(key);
                distinct.insert(key);
                prop_assert_eq!(out.is_hit(), was_cached, "{}: hit iff cached", kind);
                match out {
                    Outcome::Hit => prop_assert_eq!(p.len(), len_before, "{}: a hit changed the size", kind),
                    Outcome::Miss { evicted: Some(e) } => {
                        prop_assert_eq!(len_before, cap as usize, "{}: evicted while not full", kind);
                        prop_assert_ne!(e.key, key, "{}", kind);
                        prop_assert!(!p.contains(e.key), "{}: victim still cached", kind);
                    }
                    Outcome::Miss { evicted: None } => {
                        prop_assert!(len_before < cap as usize, "{}: full but nothing evicted", kind);
                    }
                }
                prop_assert!(p.contains(key), "{}: requested key not cached", kind);
                prop_assert!(p.len() <= cap as usize, "{}: above capacity", kind);
                prop_assert_eq!(p.len(), distinct.len().min(cap as usize), "{}", kind);
            }
        }
    }

    /// Belady's hits are at least every other policy's, on any trace.
    #[test]
    fn belady_is_optimal(trace in traces(), cap in 1u32..12, seed in any::<u64>()) {
        let best = run(&mut PolicyKind::Belady.build(capacity(cap), seed, &trace), &trace).hits;
        for kind in PolicyKind::ALL {
            let hits = run(&mut kind.build(capacity(cap), seed, &trace), &trace).hits;
            prop_assert!(hits <= best, "{} hit {} > Belady's {}", kind, hits, best);
        }
    }

    /// LRU's stack property: hits never fall as the cache grows; and the one-pass curve
    /// equals simulation at every size.
    #[test]
    fn lru_stack_property_and_curve(trace in traces()) {
        let curve = LruCurve::compute(&trace);
        let mut previous = 0;
        for cap in 1u32..=26 {
            let counts = run(&mut PolicyKind::Lru.build(capacity(cap), 0, &[]), &trace);
            prop_assert!(counts.hits >= previous, "size {}: {} < {}", cap, counts.hits, previous);
            prop_assert_eq!(counts, curve.counts(u64::from(cap)), "size {}", cap);
            previous = counts.hits;
        }
    }

    /// The curve built a piece at a time, from a builder sized too small (so it grows),
    /// is the curve computed in one go.
    #[test]
    fn lru_curve_in_pieces(trace in traces(), cuts in proptest::collection::vec(0usize..40, 0..6), hint in 0usize..8) {
        let mut builder = LruCurveBuilder::new(hint);
        let mut at = 0;
        for cut in cuts {
            let end = (at + cut).min(trace.len());
            builder.feed(&trace[at..end]);
            at = end;
        }
        builder.feed(&trace[at..]);
        prop_assert_eq!(builder.requests(), trace.len() as u64);
        prop_assert_eq!(builder.finish(), LruCurve::compute(&trace));
    }

    /// Belady's curve never rises with size either (MIN is a stack algorithm too).
    #[test]
    fn belady_stack_property(trace in traces()) {
        let mut previous = 0;
        for cap in 1u32..=12 {
            let hits = run(&mut PolicyKind::Belady.build(capacity(cap), 0, &trace), &trace).hits;
            prop_assert!(hits >= previous);
            previous = hits;
        }
    }

    /// Same seed, same inputs: the same outcomes, byte for byte, and snapshots resume.
    #[test]
    fn deterministic_and_resumable(trace in traces(), cap in 1u32..12, seed in any::<u64>()) {
        let half = trace.len() / 2;
        for kind in PolicyKind::ALL {
            let mut a = kind.build(capacity(cap), seed, &trace);
            let mut b = kind.build(capacity(cap), seed, &trace);
            let first: Vec<Outcome> = trace[..half].iter().map(|&k| a.access(k)).collect();
            let again: Vec<Outcome> = trace[..half].iter().map(|&k| b.access(k)).collect();
            prop_assert_eq!(&first, &again);
            let mut fork = a.clone();
            let rest_a: Vec<Outcome> = trace[half..].iter().map(|&k| a.access(k)).collect();
            let rest_f: Vec<Outcome> = trace[half..].iter().map(|&k| fork.access(k)).collect();
            prop_assert_eq!(rest_a, rest_f, "{}", kind);
        }
    }
}
