//! Throughput of every policy on the reference trace: 10,000,000 requests of
//! Zipf 0.99 over 1,000,000 objects, a cache of 100,000 entries, one thread, the trace
//! generated before timing. LRU is measured against the `lru` crate in the same run.
//! Also: the one-pass LRU miss-ratio curve and a run through all policies of a
//! 1,000,000-request trace (the browser targets' work, natively).
//!
//! `cargo bench -p cache-policies --bench throughput`

use cache_policies::mrc::{run, LruCurve};
use cache_policies::workload::Workload;
use cache_policies::{
    ArcPolicy, Capacity, Clock, Fifo, Key, Lfu, Lru, Policy, PolicyKind, RandomPolicy, S3Fifo,
    Sieve, TwoQ, WTinyLfu,
};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::num::NonZeroUsize;
use std::time::Duration;

const REQUESTS: usize = 10_000_000;
const OBJECTS: u64 = 1_000_000;
const CACHE: u32 = 100_000;

fn trace(len: usize) -> Vec<Key> {
    Workload::Zipf {
        objects: OBJECTS,
        skew: 0.99,
    }
    .generate(42, len)
    .unwrap_or_else(|e| panic!("{e}"))
}

fn capacity() -> Capacity {
    Capacity::new(CACHE).unwrap_or_else(|e| panic!("{e}"))
}

fn bench_policy<P: Policy>(c: &mut Criterion, name: &str, trace: &[Key], build: impl Fn() -> P) {
    let mut group = c.benchmark_group("zipf0.99-1M-objects-10M-requests-100k-cache");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(trace.len() as u64));
    group.bench_function(name, |b| {
        b.iter(|| {
            let mut policy = build();
            black_box(run(&mut policy, black_box(trace)))
        })
    });
    group.finish();
}

fn policies(c: &mut Criterion) {
    let trace = trace(REQUESTS);
    let cap = capacity();
    bench_policy(c, "fifo", &trace, || Fifo::new(cap));
    bench_policy(c, "clock", &trace, || Clock::new(cap));
    bench_policy(c, "sieve", &trace, || Sieve::new(cap));
    bench_policy(c, "lru", &trace, || Lru::new(cap));
    {
        let mut group = c.benchmark_group("zipf0.99-1M-objects-10M-requests-100k-cache");
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(8));
        group.throughput(Throughput::Elements(trace.len() as u64));
        group.bench_function("lru-crate", |b| {
            b.iter(|| {
                let size = NonZeroUsize::new(CACHE as usize).unwrap_or(NonZeroUsize::MIN);
                let mut cache: lru::LruCache<Key, ()> = lru::LruCache::new(size);
                let mut hits = 0u64;
                for &key in black_box(&trace) {
                    if cache.get(&key).is_some() {
                        hits += 1;
                    } else {
                        cache.push(key, ());
                    }
                }
                black_box(hits)
            })
        });
        group.finish();
    }
    bench_policy(c, "arc", &trace, || ArcPolicy::new(cap));
    bench_policy(c, "s3-fifo", &trace, || S3Fifo::new(cap));
    bench_policy(c, "w-tinylfu", &trace, || WTinyLfu::new(cap));
    bench_policy(c, "lfu", &trace, || Lfu::new(cap));
    bench_policy(c, "two-q", &trace, || TwoQ::new(cap));
    bench_policy(c, "random", &trace, || RandomPolicy::new(cap, 1));
}

fn curves(c: &mut Criterion) {
    let trace = trace(1_000_000);
    let mut group = c.benchmark_group("1M-requests");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(trace.len() as u64));
    group.bench_function("lru-curve-one-pass", |b| {
        b.iter(|| black_box(LruCurve::compute(black_box(&trace))))
    });
    group.bench_function("all-policies-at-100k", |b| {
        b.iter(|| {
            for kind in PolicyKind::ALL {
                let mut policy = kind.build(capacity(), 1, &trace);
                black_box(run(&mut policy, &trace));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, policies, curves);
criterion_main!(benches);
