//! Differential test: our GCRA against the `governor` crate's, both on a fake clock, over
//! random arrival streams. Every decision and every "not until" time must match exactly.

use governor::clock::{Clock, FakeRelativeClock};
use governor::{Quota, RateLimiter as Governor};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use rate_limiting::{Gcra, GcraConfig, Nanos, Rate, RateLimiter};
use std::num::{NonZeroU32, NonZeroU64};
use std::time::Duration;

/// Runs both limiters over `times` and returns the first disagreement, if any.
fn compare(quota: Quota, ours: GcraConfig, times: &[Nanos]) -> Result<(), String> {
    let clock = FakeRelativeClock::default();
    let theirs = Governor::direct_with_clock(quota, clock.clone());
    let mut ours = Gcra::new(ours);
    let mut now = 0u64;
    for &t in times {
        clock.advance(Duration::from_nanos(t - now));
        now = t;
        assert_eq!(u64::from(clock.now()), t);
        let expected = theirs
            .check()
            .map_err(|not_until| u64::from(not_until.earliest_possible()));
        let got = ours.decide(t);
        let got = match got.retry_at() {
            None => Ok(()),
            Some(retry) => Err(retry),
        };
        if got != expected {
            return Err(format!("at t={t}: governor {expected:?}, ours {got:?}"));
        }
    }
    Ok(())
}

fn arrivals(max_gap: u64) -> impl Strategy<Value = Vec<Nanos>> {
    prop::collection::vec(prop_oneof![Just(0u64), 0..max_gap, 0..max_gap * 20], 1..300).prop_map(
        |gaps| {
            gaps.iter()
                .scan(0u64, |t, g| {
                    *t += g;
                    Some(*t)
                })
                .collect()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        // Failing cases are saved beside this file (`*.regressions`) and replayed first.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    })]

    /// Quotas built from a period and a burst.
    #[test]
    fn matches_governor_with_period_and_burst(period in 1u64..5_000, burst in 1u32..20, times in arrivals(2_000)) {
        let quota = Quota::with_period(Duration::from_nanos(period)).unwrap().allow_burst(NonZeroU32::new(burst).unwrap());
        let rate = Rate::every(NonZeroU64::new(period).unwrap());
        let ours = GcraConfig::from_burst(rate, NonZeroU32::new(burst).unwrap());
        prop_assert_eq!(compare(quota, ours, &times), Ok(()));
    }

    /// `Quota::per_second(n)` and `Rate::per_second(n)` truncate the same way.
    #[test]
    fn matches_governor_per_second(n in 1u32..2_000, times in arrivals(5_000_000)) {
        let n = NonZeroU32::new(n).unwrap();
        let ours = GcraConfig::from_burst(Rate::per_second(n), n);
        prop_assert_eq!(compare(Quota::per_second(n), ours, &times), Ok(()));
    }
}

#[test]
fn matches_governor_on_a_long_poisson_stream() {
    use rate_limiting::{Pattern, Traffic, MILLISECOND, SECOND};
    let traffic = Traffic::single(
        Pattern::Poisson {
            mean_interval: NonZeroU64::new(MILLISECOND).unwrap(),
        },
        60 * SECOND,
        42,
        100_000,
    );
    let times: Vec<Nanos> = traffic.arrivals().iter().map(|a| a.at).collect();
    assert!(times.len() > 50_000);
    let n = NonZeroU32::new(500).unwrap();
    let burst = NonZeroU32::new(25).unwrap();
    let quota = Quota::per_second(n).allow_burst(burst);
    let ours = GcraConfig::from_burst(Rate::per_second(n), burst);
    assert_eq!(compare(quota, ours, &times), Ok(()));
}
