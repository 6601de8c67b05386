//! Throughput of every policy on the reference trace: 10,000,000 requests of
//! Zipf 0.99 over 1,000,000 objects, a cache of 100,000 entries, one thread, the trace
//! generated before timing. LRU is measured against the `lru` crate in the same run.
//! Also: the one-pass LRU miss-ratio curve and a run through all policies of a
//! 1,000,000-request trace (the browser targets' work, natively).
//!
//! `cargo bench -p cache-policies --bench throughput`
//!
//! For scale, `lookup-floor` times one table lookup per request and nothing else.

use cache_policies::hash::KeyHasher;
use cache_policies::mrc::{run, LruCurve};
use cache_policies::workload::Workload;
use cache_policies::{
    ArcPolicy, Capacity, Clock, Fifo, Key, Lfu, Lru, Policy, PolicyKind, RandomPolicy, S3Fifo,
    Sieve, TwoQ, WTinyLfu,
};
use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use hashbrown::HashTable;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault};
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

/// The criterion group of the benchmarks on the reference trace.
const ZIPF: &str = "zipf0.99-1M-objects-10M-requests-100k-cache";

/// A group of 10 samples, measured for `seconds`, whose throughput counts `requests`.
fn group_of<'a>(
    c: &'a mut Criterion,
    name: &str,
    requests: usize,
    seconds: u64,
) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(seconds));
    group.throughput(Throughput::Elements(requests as u64));
    group
}

fn bench_policy<P: Policy>(c: &mut Criterion, name: &str, trace: &[Key], build: impl Fn() -> P) {
    bench_in(c, ZIPF, name, trace, build);
}

fn bench_in<P: Policy>(
    c: &mut Criterion,
    group: &str,
    name: &str,
    trace: &[Key],
    build: impl Fn() -> P,
) {
    let mut group = group_of(c, group, trace.len(), 8);
    group.bench_function(name, |b| {
        b.iter(|| {
            let mut policy = build();
            black_box(run(&mut policy, black_box(trace)))
        })
    });
    group.finish();
}

/// The `lru` crate on `trace`, used the usual way: `get`, and `push` on a miss.
fn bench_lru_crate(c: &mut Criterion, group: &str, trace: &[Key]) {
    let mut group = group_of(c, group, trace.len(), 8);
    group.bench_function("lru-crate", |b| {
        b.iter(|| {
            let size = NonZeroUsize::new(CACHE as usize).unwrap_or(NonZeroUsize::MIN);
            let mut cache: lru::LruCache<Key, ()> = lru::LruCache::new(size);
            let mut hits = 0u64;
            for &key in black_box(trace) {
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

fn policies(c: &mut Criterion) {
    let trace = trace(REQUESTS);
    let cap = capacity();
    bench_policy(c, "fifo", &trace, || Fifo::new(cap));
    bench_policy(c, "clock", &trace, || Clock::new(cap));
    bench_policy(c, "sieve", &trace, || Sieve::new(cap));
    bench_policy(c, "lru", &trace, || Lru::new(cap));
    bench_lru_crate(c, ZIPF, &trace);
    lookup_floor(c, &trace);
    bench_policy(c, "arc", &trace, || ArcPolicy::new(cap));
    bench_policy(c, "s3-fifo", &trace, || S3Fifo::new(cap));
    bench_policy(c, "w-tinylfu", &trace, || WTinyLfu::new(cap));
    bench_policy(c, "lfu", &trace, || Lfu::new(cap));
    bench_policy(c, "two-q", &trace, || TwoQ::new(cap));
    bench_policy(c, "random", &trace, || RandomPolicy::new(cap, 1));
    all_misses(c);
}

/// LRU against the `lru` crate when every request misses: 2,000,000 distinct keys
/// (scattered by an odd multiplier) through a cache of 100,000, so each request admits
/// one key and evicts another.
fn all_misses(c: &mut Criterion) {
    const GROUP: &str = "distinct-keys-2M-requests-100k-cache";
    let trace: Vec<Key> = (0..2_000_000u64)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .collect();
    let cap = capacity();
    bench_in(c, GROUP, "lru", &trace, || Lru::new(cap));
    bench_lru_crate(c, GROUP, &trace);
}

/// What one table lookup per request costs on the reference trace: the 100,000 keys
/// requested most often, in a table of LRU's layout (8-byte slots holding the key, and a
/// 32-bit stamp per bucket beside the table) and of the size LRU's table settles at
/// (262,144 buckets), every request looked up and a hit's stamp stored, as LRU's hit
/// does. A cache does at least this much per request; LRU adds admitting and evicting
/// on a miss.
fn lookup_floor(c: &mut Criterion, trace: &[Key]) {
    let hasher = BuildHasherDefault::<KeyHasher>::default();
    let hash = |key: Key| hasher.hash_one(key);
    let mut counts: HashMap<Key, u32, BuildHasherDefault<KeyHasher>> = HashMap::default();
    for &key in trace {
        *counts.entry(key).or_default() += 1;
    }
    let mut by_count: Vec<(Key, u32)> = counts.into_iter().collect();
    by_count.sort_unstable_by_key(|&(key, count)| (std::cmp::Reverse(count), key));
    let mut table: HashTable<Key> = HashTable::with_capacity(2 * CACHE as usize);
    for &(key, _) in by_count.iter().take(CACHE as usize) {
        table.insert_unique(hash(key), key, |&k| hash(k));
    }
    let mut stamps = vec![0u32; table.num_buckets()];
    let mut group = group_of(c, ZIPF, trace.len(), 5);
    group.bench_function("lookup-floor", |b| {
        b.iter(|| {
            let mut hits = 0u32;
            for &key in black_box(trace) {
                if let Some(bucket) = table.find_bucket_index(hash(key), |&k| k == key) {
                    hits += 1;
                    if let Some(stamp) = stamps.get_mut(bucket) {
                        *stamp = hits;
                    }
                }
            }
            black_box(hits)
        })
    });
    group.finish();
}

fn curves(c: &mut Criterion) {
    let trace = trace(1_000_000);
    let mut group = group_of(c, "1M-requests", trace.len(), 5);
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
