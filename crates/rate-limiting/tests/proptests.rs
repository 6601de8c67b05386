//! Property tests of each algorithm's guarantee, over random parameters and arrivals.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use rate_limiting::*;
use std::num::{NonZeroU32, NonZeroU64};

fn nz32(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

fn nz64(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).unwrap()
}

/// Sorted arrival times: up to 200 gaps of 0..max_gap, some of them zero (bursts).
fn arrivals(max_gap: u64) -> impl Strategy<Value = Vec<Nanos>> {
    prop::collection::vec(prop_oneof![Just(0u64), 0..max_gap], 0..200).prop_map(|gaps| {
        gaps.iter()
            .scan(0u64, |t, g| {
                *t += g;
                Some(*t)
            })
            .collect()
    })
}

fn admitted_times(limiter: &mut impl RateLimiter, times: &[Nanos]) -> Vec<Nanos> {
    times
        .iter()
        .copied()
        .filter(|&t| limiter.decide(t).is_admitted())
        .collect()
}

fn any_config() -> impl Strategy<Value = AlgorithmConfig> {
    (0usize..7, 1u32..8, 1u64..2_000, 1u32..8).prop_map(|(k, limit, window, burst)| {
        let p = CommonParams {
            limit: nz32(limit),
            window: nz64(window),
            burst: nz32(burst),
        };
        p.config(AlgorithmKind::ALL[k])
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        // Failing cases are saved beside this file (`*.regressions`) and replayed first.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    })]

    /// Token bucket: in any interval of length t, accepted ≤ capacity + t / interval.
    #[test]
    fn token_bucket_bounds_every_interval(cap in 1u32..10, interval in 1u64..500, times in arrivals(400)) {
        let config = TokenBucketConfig { capacity: nz32(cap), refill: Rate::every(nz64(interval)) };
        let ok = admitted_times(&mut TokenBucket::new(config), &times);
        for i in 0..ok.len() {
            for j in i..ok.len() {
                let count = (j - i + 1) as u64;
                prop_assert!(count <= u64::from(cap) + (ok[j] - ok[i]) / interval,
                    "{count} accepted in [{}, {}]", ok[i], ok[j]);
            }
        }
    }

    /// GCRA with τ = (b − 1)·T makes exactly the token bucket's decisions, retry times included;
    /// and so does the leaky bucket used as a meter.
    #[test]
    fn gcra_and_leaky_meter_equal_the_token_bucket(cap in 1u32..10, interval in 1u64..500, times in arrivals(400)) {
        let rate = Rate::every(nz64(interval));
        let mut bucket = TokenBucket::new(TokenBucketConfig { capacity: nz32(cap), refill: rate });
        let mut gcra = Gcra::new(GcraConfig::from_burst(rate, nz32(cap)));
        let mut meter = LeakyMeter::new(LeakyMeterConfig { capacity: nz32(cap), leak: rate });
        for &t in &times {
            let b = bucket.decide(t).verdict;
            prop_assert_eq!(gcra.decide(t).verdict, b, "GCRA at t={}", t);
            prop_assert_eq!(meter.decide(t).verdict, b, "meter at t={}", t);
            let (s, g) = (bucket.state_at(t), gcra.state_at(t));
            prop_assert_eq!(u64::from(s.whole_tokens()), g.headroom());
        }
    }

    /// Fixed window: at most the limit in every aligned window.
    #[test]
    fn fixed_window_bounds_each_window(limit in 1u32..10, window in 1u64..2_000, times in arrivals(300)) {
        let mut c = FixedWindow::new(FixedWindowConfig { limit: nz32(limit), window: nz64(window) });
        let ok = admitted_times(&mut c, &times);
        for w in ok.chunk_by(|a, b| a / window == b / window) {
            prop_assert!(w.len() <= limit as usize);
        }
    }

    /// Fixed window: `limit` at the end of a window and `limit` at the start of the next
    /// all pass, so twice the limit gets through within one window length.
    #[test]
    fn fixed_window_admits_twice_the_limit_across_a_boundary(limit in 1u32..50, window in 2u64..10_000, k in 1u64..100) {
        let boundary = k * window;
        let mut c = FixedWindow::new(FixedWindowConfig { limit: nz32(limit), window: nz64(window) });
        let times: Vec<Nanos> = (0..limit).map(|_| boundary - 1).chain((0..limit).map(|_| boundary)).collect();
        let ok = admitted_times(&mut c, &times);
        prop_assert_eq!(ok.len(), 2 * limit as usize);
        prop_assert_eq!(summary::largest_in_window(&ok, window), 2 * limit);
    }

    /// Sliding log: at most the limit in every window of that length, and it never stores
    /// more than the limit.
    #[test]
    fn sliding_log_bounds_every_window(limit in 1u32..10, window in 1u64..2_000, times in arrivals(300)) {
        let mut log = SlidingLog::new(SlidingLogConfig { limit: nz32(limit), window: nz64(window) });
        let mut ok = Vec::new();
        for &t in &times {
            if log.decide(t).is_admitted() {
                ok.push(t);
            }
            prop_assert!(log.stored() <= limit as usize);
        }
        prop_assert!(summary::largest_in_window(&ok, window) <= limit);
    }

    /// Sliding-window counter: at most the limit in every aligned window, and never more than
    /// the fixed window admits there... and at most twice the limit in any sliding window.
    #[test]
    fn sliding_counter_bounds(limit in 1u32..10, window in 1u64..2_000, times in arrivals(300)) {
        let mut c = SlidingCounter::new(SlidingCounterConfig { limit: nz32(limit), window: nz64(window) });
        let ok = admitted_times(&mut c, &times);
        for w in ok.chunk_by(|a, b| a / window == b / window) {
            prop_assert!(w.len() <= limit as usize);
        }
        prop_assert!(summary::largest_in_window(&ok, window) <= 2 * limit);
    }

    /// Leaky queue: departures keep the leak interval, at most `capacity` wait, FIFO order.
    #[test]
    fn leaky_queue_smooths_and_bounds(cap in 1u32..10, interval in 1u64..500, times in arrivals(400)) {
        let mut q = LeakyQueue::new(LeakyQueueConfig { capacity: nz32(cap), leak: Rate::every(nz64(interval)) });
        let mut departures: Vec<Nanos> = Vec::new();
        for &t in &times {
            if let Some(delay) = q.decide(t).delay_nanos() {
                departures.push(t + delay);
            }
            let state = q.state_at(t);
            prop_assert!(state.waiting.len() <= cap as usize);
        }
        for pair in departures.windows(2) {
            prop_assert!(pair[1] >= pair[0] + interval);
        }
    }

    /// Every algorithm's `retry_at` is exact: with no request in between, one at `retry_at`
    /// passes and one a nanosecond earlier does not.
    #[test]
    fn retry_at_is_exact(config in any_config(), times in arrivals(300)) {
        let mut limiter = Limiter::new(config);
        for &t in &times {
            let before = limiter.clone();
            if let Some(retry) = limiter.decide(t).retry_at() {
                prop_assert!(retry > t);
                let mut at_retry = before.clone();
                prop_assert!(at_retry.decide(retry).is_admitted(), "{:?} rejected at retry_at {}", config, retry);
                let mut early = before;
                prop_assert!(!early.decide(retry - 1).is_admitted(), "{:?} admitted before retry_at {}", config, retry);
            }
        }
    }

    /// A snapshot (through JSON, as in a share link) continues exactly like the original.
    #[test]
    fn snapshots_resume_identically(config in any_config(), times in arrivals(300), cut in 0usize..200) {
        let mut original = Limiter::new(config);
        let cut = cut.min(times.len());
        for &t in &times[..cut] {
            original.decide(t);
        }
        let json = serde_json::to_string(&original).unwrap();
        let mut copy: Limiter = serde_json::from_str(&json).unwrap();
        for &t in &times[cut..] {
            prop_assert_eq!(original.decide(t), copy.decide(t));
        }
    }

    /// Nothing panics, whatever the parameters and however the times jump around.
    #[test]
    fn never_panics(kind in 0usize..7, limit in any::<NonZeroU32>(), window in any::<NonZeroU64>(),
                    burst in any::<NonZeroU32>(), times in prop::collection::vec(any::<u64>(), 0..50)) {
        let p = CommonParams { limit, window, burst };
        let mut l = Limiter::new(p.config(AlgorithmKind::ALL[kind]));
        for &t in &times {
            let d = l.decide(t);
            let _ = d.to_string();
            let _ = l.state_at(t).level();
        }
    }

    /// Generated traffic is sorted, capped, inside each source's range, and reproducible.
    #[test]
    fn traffic_is_sorted_capped_and_reproducible(seed in any::<u64>(), mean in 1u64..1_000, cap in 0u32..500) {
        let sources = vec![
            Source { pattern: Pattern::Poisson { mean_interval: nz64(mean) }, client: 0, start: 100, end: 50_000 },
            Source { pattern: Pattern::Bursts { size: nz32(5), every: nz64(mean * 10), spacing: 1 }, client: 1, start: 0, end: 20_000 },
        ];
        let traffic = Traffic { sources, seed, max_requests: cap };
        let a = traffic.arrivals();
        prop_assert!(a.len() <= cap as usize);
        prop_assert!(a.windows(2).all(|w| w[0].at <= w[1].at));
        prop_assert!(a.iter().all(|x| (x.client == 0 && (100..=50_000).contains(&x.at)) || (x.client == 1 && x.at <= 20_000)));
        prop_assert_eq!(a, traffic.arrivals());
    }

    /// Distributed, shared counter: with no sync delay the cluster keeps the limit per window;
    /// with any delay it never admits more than N × limit.
    #[test]
    fn shared_counter_overshoot_is_bounded(n in 1u32..6, limit in 1u32..10, window in 10u64..2_000,
                                           delay in 0u64..3_000, times in arrivals(100), seed in any::<u64>()) {
        let arrivals: Vec<Arrival> = times.iter().enumerate().map(|(i, &at)| Arrival { at, client: i as u32 }).collect();
        let config = ClusterConfig {
            instances: nz32(n),
            balancer: Balancer::Random { seed },
            sharing: Sharing::Shared { limit: nz32(limit), window: nz64(window), sync_delay: delay },
        };
        let run = ClusterRun::of(config, arrivals, window).unwrap();
        prop_assert!(run.max_per_aligned_window <= n * limit);
        if delay == 0 {
            prop_assert!(run.max_per_aligned_window <= limit);
        }
    }
}
