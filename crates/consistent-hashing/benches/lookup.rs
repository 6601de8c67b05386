//! Lookup cost of every algorithm at 10, 100 and 1,000 nodes (the ring also at 100 and
//! 1,000 virtual nodes, and as a plain binary search over its points), jump hash beside a
//! plain transcription of the paper's loop, and the cost of one membership change over
//! 100,000 keys.
//!
//! Keys are precomputed hashes, cycled through so that lookups do not hit one cache line.
//! Run: `cargo bench -p consistent-hashing --bench lookup` (see the README for the exact
//! command and figures).

use consistent_hashing::{
    Algorithm, Change, Cluster, ClusterSpec, Epsilon, KeySet, Membership, Placement, Placer,
    Replication, TableSize, VirtualNodes, Weight,
};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::num::NonZeroU32;
use std::time::Duration;

const KEYS: usize = 1 << 14;

fn keys() -> Vec<u64> {
    KeySet::uniform(42, KEYS as u32).unwrap().keys()
}

fn build(alg: Algorithm, nodes: usize) -> Placer {
    alg.build(Membership::lettered(nodes).unwrap()).unwrap()
}

/// The paper's loop, transcribed plainly (Lamping and Veach 2014, Figure 1).
#[inline(never)]
fn paper_jump(mut key: u64, num_buckets: i32) -> i32 {
    let (mut b, mut j): (i64, i64) = (-1, 0);
    while j < i64::from(num_buckets) {
        b = j;
        key = key.wrapping_mul(2862933555777941757).wrapping_add(1);
        j = ((b + 1) as f64 * ((1i64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
    }
    b as i32
}

fn bench_lookup(c: &mut Criterion) {
    let keys = keys();
    let mut group = c.benchmark_group("lookup");
    group.throughput(Throughput::Elements(1));
    let v100 = VirtualNodes::new(100).unwrap();
    let v1000 = VirtualNodes::new(1_000).unwrap();
    let cases: Vec<(&str, Algorithm)> = vec![
        ("ring-v100", Algorithm::Ring { vnodes: v100 }),
        ("ring-v1000", Algorithm::Ring { vnodes: v1000 }),
        ("rendezvous", Algorithm::Rendezvous),
        ("jump", Algorithm::Jump),
        (
            "maglev-65537",
            Algorithm::Maglev {
                table_size: TableSize::SMALL,
            },
        ),
        (
            "maglev-655373",
            Algorithm::Maglev {
                table_size: TableSize::LARGE,
            },
        ),
        ("modulo", Algorithm::Modulo),
    ];
    for nodes in [10usize, 100, 1_000] {
        for (name, alg) in &cases {
            let placer = build(*alg, nodes);
            // Concrete types, so the call is what a caller that knows its algorithm pays.
            let mut i = 0usize;
            macro_rules! run {
                ($p:expr) => {
                    group.bench_function(BenchmarkId::new(*name, nodes), |b| {
                        b.iter(|| {
                            i = (i + 1) & (KEYS - 1);
                            $p.owner(black_box(keys[i]))
                        })
                    })
                };
            }
            match &placer {
                Placer::Ring(p) => run!(p),
                Placer::Rendezvous(p) => run!(p),
                Placer::Jump(p) => run!(p),
                Placer::Maglev(p) => run!(p),
                Placer::Modulo(p) => run!(p),
                Placer::BoundedLoads(p) => run!(p),
            };
        }
        let mut i = 0usize;
        let n = i32::try_from(nodes).unwrap();
        group.bench_function(BenchmarkId::new("jump-paper-loop", nodes), |b| {
            b.iter(|| {
                i = (i + 1) & (KEYS - 1);
                paper_jump(black_box(keys[i]), black_box(n))
            })
        });
        let mut i = 0usize;
        let nz = NonZeroU32::new(nodes as u32).unwrap();
        group.bench_function(BenchmarkId::new("jump-hash-fn", nodes), |b| {
            b.iter(|| {
                i = (i + 1) & (KEYS - 1);
                consistent_hashing::jump_hash(black_box(keys[i]), black_box(nz))
            })
        });
        // The ring's lookup without its bucket index: a plain binary search over the
        // same sorted points (the search the target names), measured beside it.
        if let Placer::Ring(ring) = build(Algorithm::Ring { vnodes: v1000 }, nodes) {
            let (positions, owners): (Vec<u64>, Vec<u32>) =
                ring.points().map(|p| (p.position, p.node)).unzip();
            let mut i = 0usize;
            group.bench_function(BenchmarkId::new("ring-v1000-binary-search", nodes), |b| {
                b.iter(|| {
                    i = (i + 1) & (KEYS - 1);
                    let key = black_box(keys[i]);
                    let at = positions.partition_point(|&p| p < key);
                    owners[if at == positions.len() { 0 } else { at }]
                })
            });
        }
    }
    group.finish();
}

fn bench_bounded(c: &mut Criterion) {
    // Bounded loads has no stateless lookup: measure placing a whole list, per key.
    let keys = keys();
    let mut group = c.benchmark_group("bounded-place");
    group.throughput(Throughput::Elements(KEYS as u64));
    for nodes in [10usize, 100, 1_000] {
        let alg = Algorithm::BoundedLoads {
            vnodes: VirtualNodes::new(100).unwrap(),
            epsilon: Epsilon::DEFAULT,
        };
        let placer = build(alg, nodes);
        group.bench_function(BenchmarkId::new("eps-0.25-v100", nodes), |b| {
            b.iter(|| placer.assign(black_box(&keys)))
        });
    }
    group.finish();
}

fn bench_membership_change(c: &mut Criterion) {
    // The widget's target case: 100,000 keys, 10 nodes of 1,000 virtual nodes; one node
    // joins. Includes rebuilding the ring, placing every key, and the move report.
    let mut group = c.benchmark_group("membership-change");
    group.sample_size(10);
    let cluster = Cluster::new(ClusterSpec {
        algorithm: Algorithm::Ring {
            vnodes: VirtualNodes::new(1_000).unwrap(),
        },
        membership: Membership::lettered(10).unwrap(),
        keys: KeySet::uniform(1, 100_000).unwrap(),
        replication: Replication::ONE,
    })
    .unwrap();
    group.bench_function("ring-10x1000-100k-keys-add", |b| {
        b.iter(|| {
            let mut c = cluster.clone();
            c.apply(Change::AddNode {
                name: "K".into(),
                weight: Weight::ONE,
            })
            .unwrap()
        })
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
}

criterion_group! { name = benches; config = config(); targets = bench_lookup, bench_bounded, bench_membership_change }
criterion_main!(benches);
