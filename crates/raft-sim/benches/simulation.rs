//! Simulated events per second: a 5-server cluster stepping through elections,
//! heartbeats and replication (with a client write every 20 events), with and without
//! the safety checker after every event, and a history scrub of a 10,000-event run.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use raft_sim::{Checker, Cluster, ClusterConfig, Command, History};
use std::hint::black_box;

const EVENTS: u64 = 10_000;

fn run(check: bool) -> u64 {
    let mut cluster = Cluster::new(ClusterConfig::new(5, 7).expect("valid"));
    let mut checker = Checker::new();
    for i in 0..EVENTS {
        if i % 20 == 0 && cluster.leader().is_some() {
            let _ = cluster.apply(Command::ClientWrite { to: None });
        } else {
            cluster.step();
        }
        if check {
            let _ = checker.check(&cluster);
        }
    }
    cluster.steps()
}

fn events(c: &mut Criterion) {
    let mut g = c.benchmark_group("five_servers");
    g.throughput(Throughput::Elements(EVENTS));
    g.bench_function("events", |b| b.iter(|| black_box(run(false))));
    g.bench_function("events_checked", |b| b.iter(|| black_box(run(true))));
    g.finish();
}

fn scrub(c: &mut Criterion) {
    let mut h = History::new(ClusterConfig::new(5, 7).expect("valid"));
    for i in 0..EVENTS {
        if i % 20 == 0 && h.cluster().leader().is_some() {
            let _ = h.apply(Command::ClientWrite { to: None });
        } else {
            h.step();
        }
    }
    let mut target = 0u64;
    c.bench_function("history_seek_10k", |b| {
        b.iter(|| {
            // A pseudo-random walk over the whole run: each seek restores a snapshot and replays.
            target = (target + 3_181) % EVENTS;
            h.seek(black_box(target));
        })
    });
}

criterion_group!(benches, events, scrub);
criterion_main!(benches);
