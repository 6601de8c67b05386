//! Behaviour the literature states, reproduced.

use cache_policies::mrc::{run, simulate_curve, Counts};
use cache_policies::workload::Workload;
use cache_policies::{Capacity, Fifo, Key, PolicyKind};

fn capacity(n: u32) -> Capacity {
    Capacity::new(n).unwrap_or_else(|e| panic!("{e}"))
}

/// Belady, Nelson and Shedler (CACM 1969): on this reference string FIFO faults 9 times
/// with 3 frames but 10 times with 4.
#[test]
fn fifo_beladys_anomaly() {
    let trace: Vec<Key> = vec![1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
    let misses = |c| run(&mut Fifo::new(capacity(c)), &trace).misses;
    assert_eq!(misses(3), 9);
    assert_eq!(misses(4), 10);
    // LRU, a stack algorithm, cannot do that.
    let lru = |c| run(&mut PolicyKind::Lru.build(capacity(c), 0, &[]), &trace).misses;
    assert!(lru(4) <= lru(3));
}

fn miss_ratios(trace: &[Key], cap: u32) -> Vec<(PolicyKind, f64)> {
    PolicyKind::ALL
        .iter()
        .map(|&k| {
            let counts: Counts = simulate_curve(k, &[capacity(cap)], trace, 1)
                .first()
                .map(|p| p.counts)
                .unwrap_or_default();
            (k, counts.miss_ratio())
        })
        .collect()
}

fn ratio(all: &[(PolicyKind, f64)], kind: PolicyKind) -> f64 {
    all.iter()
        .find(|(k, _)| *k == kind)
        .map_or(1.0, |(_, r)| *r)
}

/// Yang et al. (SOSP 2023) and Zhang et al. (NSDI 2024): on a Zipf workload polluted by
/// scans and one-hit wonders, S3-FIFO and SIEVE have lower miss ratios than LRU.
#[test]
fn s3fifo_and_sieve_beat_lru_on_a_scan_heavy_zipf_mix() {
    let mix = Workload::Mix {
        objects: 20_000,
        skew: 1.0,
        scan_every: 5_000,
        scan_length: 1_000,
        one_hit_percent: 25,
    };
    let trace = mix.generate(7, 300_000).unwrap_or_default();
    let all = miss_ratios(&trace, 1_000);
    let lru = ratio(&all, PolicyKind::Lru);
    for kind in [PolicyKind::S3Fifo, PolicyKind::Sieve] {
        assert!(ratio(&all, kind) < lru, "{kind}: {all:?}");
    }
    // Belady is the floor.
    let belady = ratio(&all, PolicyKind::Belady);
    assert!(all.iter().all(|(_, r)| *r >= belady), "{all:?}");
}

/// A loop one entry longer than the cache: LRU and FIFO miss every time, while Belady
/// keeps all but one entry (Mattson et al., 1970).
#[test]
fn loops_defeat_lru() {
    let trace = Workload::Loop { objects: 101 }
        .generate(0, 10_100)
        .unwrap_or_default();
    let all = miss_ratios(&trace, 100);
    assert_eq!(ratio(&all, PolicyKind::Lru), 1.0);
    assert_eq!(ratio(&all, PolicyKind::Fifo), 1.0);
    assert!(ratio(&all, PolicyKind::Belady) < 0.05);
}

/// Frequency-aware policies keep a Zipf core that recency alone loses to scans.
#[test]
fn frequency_policies_resist_scans() {
    let mix = Workload::Mix {
        objects: 5_000,
        skew: 1.1,
        scan_every: 10_000,
        scan_length: 1_500,
        one_hit_percent: 0,
    };
    let trace = mix.generate(3, 200_000).unwrap_or_default();
    let all = miss_ratios(&trace, 500);
    let lru = ratio(&all, PolicyKind::Lru);
    for kind in [
        PolicyKind::WTinyLfu,
        PolicyKind::Arc,
        PolicyKind::TwoQ,
        PolicyKind::S3Fifo,
    ] {
        assert!(ratio(&all, kind) < lru, "{kind}: {all:?}");
    }
}
