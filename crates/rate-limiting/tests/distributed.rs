//! Deterministic simulations of the distributed mode: what goes wrong at scale.

use rate_limiting::*;
use std::num::{NonZeroU32, NonZeroU64};

fn nz32(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

fn nz64(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).unwrap()
}

/// A flood: one request every millisecond for ten seconds, from 100 clients in turn.
fn flood() -> Vec<Arrival> {
    (0..10_000u64)
        .map(|i| Arrival {
            at: i * MILLISECOND,
            client: (i % 100) as u32,
        })
        .collect()
}

fn shared(n: u32, delay: Nanos, balancer: Balancer) -> ClusterConfig {
    ClusterConfig {
        instances: nz32(n),
        balancer,
        sharing: Sharing::Shared {
            limit: nz32(100),
            window: nz64(SECOND),
            sync_delay: delay,
        },
    }
}

#[test]
fn a_perfect_shared_counter_keeps_the_limit() {
    let run = ClusterRun::of(shared(4, 0, Balancer::RoundRobin), flood(), SECOND).unwrap();
    assert_eq!(run.max_per_aligned_window, 100);
    assert_eq!(run.total_admitted(), 1_000);
}

#[test]
fn sync_delay_lets_every_instance_admit_the_limit() {
    // The others' admissions arrive 2 s late: longer than the window, so each of the
    // 4 instances admits the full 100 on its own: a 4× overshoot.
    let run = ClusterRun::of(shared(4, 2 * SECOND, Balancer::RoundRobin), flood(), SECOND).unwrap();
    assert_eq!(run.max_per_aligned_window, 400);
    // A shorter delay overshoots less: the first 50 ms pass before anyone hears of anyone.
    let run = ClusterRun::of(
        shared(4, 50 * MILLISECOND, Balancer::RoundRobin),
        flood(),
        SECOND,
    )
    .unwrap();
    assert!(
        run.max_per_aligned_window > 100 && run.max_per_aligned_window < 400,
        "{}",
        run.max_per_aligned_window
    );
}

#[test]
fn the_decision_explains_the_stale_view() {
    let mut cluster = Cluster::new(shared(2, SECOND, Balancer::RoundRobin)).unwrap();
    let d0 = cluster.decide(Arrival { at: 0, client: 0 });
    let d1 = cluster.decide(Arrival { at: 1, client: 0 });
    assert_eq!((d0.instance, d1.instance), (0, 1));
    assert_eq!(
        d1.decision.because,
        Reason::SharedHasRoom { seen: 1, actual: 2 }
    );
}

#[test]
fn a_split_limit_with_sticky_routing_starves_a_hot_client() {
    let config = ClusterConfig {
        instances: nz32(4),
        balancer: Balancer::ByClient,
        sharing: Sharing::Split {
            config: AlgorithmConfig::FixedWindow(FixedWindowConfig {
                limit: nz32(100),
                window: nz64(SECOND),
            }),
        },
    };
    // One hot client: all its traffic lands on one instance, which has a quarter of the limit.
    let hot: Vec<Arrival> = flood()
        .into_iter()
        .map(|a| Arrival { client: 7, ..a })
        .collect();
    let run = ClusterRun::of(config, hot, SECOND).unwrap();
    assert_eq!(run.routed, vec![0, 0, 0, 10_000]);
    assert_eq!(run.max_per_aligned_window, 25);
    // Spread evenly, the same split admits the full limit.
    let run = ClusterRun::of(config, flood(), SECOND).unwrap();
    assert_eq!(run.max_per_aligned_window, 100);
}

#[test]
fn a_split_token_bucket_divides_its_burst() {
    let bucket = AlgorithmConfig::TokenBucket(TokenBucketConfig {
        capacity: nz32(10),
        refill: Rate::per_second(nz32(10)),
    });
    let config = ClusterConfig {
        instances: nz32(3),
        balancer: Balancer::RoundRobin,
        sharing: Sharing::Split { config: bucket },
    };
    let burst: Vec<Arrival> = (0..30).map(|c| Arrival { at: 0, client: c }).collect();
    let run = ClusterRun::of(config, burst, SECOND).unwrap();
    // Shares 4 + 3 + 3: the burst capacity is split, not multiplied.
    assert_eq!(run.admitted, vec![4, 3, 3]);
}

#[test]
fn splitting_too_small_a_limit_is_an_error() {
    let config = ClusterConfig {
        instances: nz32(5),
        balancer: Balancer::RoundRobin,
        sharing: Sharing::Split {
            config: AlgorithmConfig::SlidingLog(SlidingLogConfig {
                limit: nz32(3),
                window: nz64(SECOND),
            }),
        },
    };
    let err = Cluster::new(config).unwrap_err();
    assert_eq!(
        err,
        ConfigError::LimitTooSmallToSplit {
            limit: 3,
            instances: 5
        }
    );
    assert!(err
        .to_string()
        .contains("cannot be split among 5 instances"));
}

#[test]
fn random_routing_is_seeded_and_snapshots_resume() {
    let config = shared(3, 10 * MILLISECOND, Balancer::Random { seed: 9 });
    let a = ClusterRun::of(config, flood(), SECOND).unwrap();
    assert_eq!(a, ClusterRun::of(config, flood(), SECOND).unwrap());
    let other = ClusterRun::of(
        shared(3, 10 * MILLISECOND, Balancer::Random { seed: 10 }),
        flood(),
        SECOND,
    )
    .unwrap();
    assert_ne!(a.routed, other.routed);

    let mut cluster = Cluster::new(config).unwrap();
    let arrivals = flood();
    let (head, tail) = arrivals.split_at(5_000);
    for &x in head {
        cluster.decide(x);
    }
    let mut copy: Cluster =
        serde_json::from_str(&serde_json::to_string(&cluster).unwrap()).unwrap();
    for &x in tail {
        assert_eq!(cluster.decide(x), copy.decide(x));
    }
}
