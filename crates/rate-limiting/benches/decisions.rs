//! Decisions per second for each algorithm (the target: at least 100 million per
//! second for the token bucket and GCRA, single thread), and the time to recompute a
//! 10,000-request timeline across all algorithms (the widget's per-change budget is 16 ms
//! in the browser; this is the native figure).
//!
//! Run: `cargo bench -p rate-limiting --bench decisions`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rate_limiting::*;
use std::hint::black_box;
use std::num::{NonZeroU32, NonZeroU64};

const N: usize = 10_000;

fn params() -> CommonParams {
    CommonParams {
        limit: NonZeroU32::new(100).unwrap(),
        window: NonZeroU64::new(SECOND).unwrap(),
        burst: NonZeroU32::new(20).unwrap(),
    }
}

/// 10,000 Poisson arrivals at about 1.2 × the limit's rate, so both verdicts occur.
fn arrivals() -> Vec<Arrival> {
    let mean = NonZeroU64::new(8_300 * MICROSECOND).unwrap();
    Traffic::single(
        Pattern::Poisson {
            mean_interval: mean,
        },
        u64::MAX,
        1,
        N as u32,
    )
    .arrivals()
}

fn run<L: RateLimiter>(mut limiter: L, times: &[Nanos]) -> usize {
    let mut admitted = 0;
    for &t in times {
        admitted += usize::from(limiter.decide(black_box(t)).is_admitted());
    }
    admitted
}

fn decisions(c: &mut Criterion) {
    let times: Vec<Nanos> = arrivals().iter().map(|a| a.at).collect();
    let p = params();
    let mut group = c.benchmark_group("decisions");
    group.throughput(Throughput::Elements(times.len() as u64));
    let bucket = TokenBucketConfig {
        capacity: p.burst,
        refill: p.rate(),
    };
    group.bench_function("token-bucket", |b| {
        b.iter(|| run(TokenBucket::new(bucket), &times))
    });
    let gcra = GcraConfig::from_burst(p.rate(), p.burst);
    group.bench_function("gcra", |b| b.iter(|| run(Gcra::new(gcra), &times)));
    for kind in AlgorithmKind::ALL {
        let config = p.config(kind);
        group.bench_with_input(
            BenchmarkId::new("enum", kind.id()),
            &config,
            |b, &config| b.iter(|| run(Limiter::new(config), &times)),
        );
    }
    group.finish();
}

fn timeline(c: &mut Criterion) {
    let arrivals = arrivals();
    let configs = params().all();
    let mut group = c.benchmark_group("timeline");
    group.throughput(Throughput::Elements(
        (arrivals.len() * configs.len()) as u64,
    ));
    group.bench_function("10k-requests-7-algorithms", |b| {
        b.iter(|| Timeline::run(&configs, black_box(arrivals.clone()), SECOND))
    });
    group.finish();
}

criterion_group!(benches, decisions, timeline);
criterion_main!(benches);
