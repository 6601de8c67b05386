//! The deterministic simulation test: 10,000 seeds of 1,000+ events each, with crashes,
//! restarts, partitions, one-way cuts, drops, duplicates and reorderings, checking Raft's
//! five safety properties after every event and liveness once the faults stop.
//!
//! Run it with `cargo test -p raft-sim --release --test simulation` (debug builds are
//! about 20 times slower). A failing seed prints its minimal replay.

use raft_sim::sim::{run_seed, SimOptions};
use std::time::Instant;

/// Seeds in total, split over `SHARDS` tests that the harness runs in parallel.
const SEEDS: u64 = 10_000;
const SHARDS: u64 = 4;

fn shard(k: u64) {
    let options = SimOptions::default();
    let start = Instant::now();
    let (mut events, mut worst_recovery, mut max_term, mut committed) = (0u64, 0u64, 0u64, 0u64);
    for seed in (k * SEEDS / SHARDS)..((k + 1) * SEEDS / SHARDS) {
        match run_seed(seed, &options) {
            Ok(stats) => {
                assert!(
                    stats.events >= options.events,
                    "seed {seed} ran only {} events",
                    stats.events
                );
                events += stats.events;
                worst_recovery = worst_recovery.max(stats.recovery_ticks);
                max_term = max_term.max(stats.max_term);
                committed += stats.committed;
            }
            Err(failure) => panic!("{failure}"),
        }
    }
    eprintln!(
        "shard {k}: {} seeds, {events} events in {:.2?}; slowest recovery {worst_recovery} ticks (bound {}); highest term {max_term}; {committed} entries committed",
        SEEDS / SHARDS,
        start.elapsed(),
        options.liveness_bound
    );
}

#[test]
fn seeds_0_to_2499() {
    shard(0);
}

#[test]
fn seeds_2500_to_4999() {
    shard(1);
}

#[test]
fn seeds_5000_to_7499() {
    shard(2);
}

#[test]
fn seeds_7500_to_9999() {
    shard(3);
}
