//! The figures the notes quote about their rate-limiter widgets, checked against the runs
//! of those very widget blocks (read from `content/`), so a note cannot drift from what
//! its widget shows. Native only: the blocks are parsed with the content compiler's TOML.

use super::cluster::figures;
use super::run::{by_client, run, Run};
use super::scenario::{build, MAIN_CLIENT};
use rate_limiting::{Summary, SECOND};
use widget_params::rate_limiter::RateLimiterParams;
use widget_params::WidgetConfig;

/// The parameters of the first `rate-limiter` block in `note` (a path under `content/`).
fn block(note: &str) -> RateLimiterParams {
    let path = format!("{}/content/{note}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("```widget rate-limiter\n").unwrap() + 23;
    let body = &text[start..start + text[start..].find("```").unwrap()];
    match WidgetConfig::from_toml("rate-limiter", body).unwrap() {
        WidgetConfig::RateLimiter(p) => p,
        other => panic!("{other:?}"),
    }
}

fn go(p: &RateLimiterParams) -> (Run, Vec<Summary>) {
    let r = run(build(p).unwrap());
    let sums = r.summaries(r.len());
    (r, sums)
}

/// (accepted, delayed, rejected) per row among the arrivals at or after `from`.
fn from(r: &Run, from: u64) -> Vec<(u32, u32, u32)> {
    r.rows
        .iter()
        .map(|row| {
            r.scenario
                .arrivals
                .iter()
                .zip(&row.decisions)
                .filter(|(a, _)| a.at >= from)
                .fold((0, 0, 0), |(a, d, j), (_, dec)| match dec.verdict {
                    rate_limiting::Verdict::Accepted => (a + 1, d, j),
                    rate_limiting::Verdict::Delayed { .. } => (a, d + 1, j),
                    rate_limiting::Verdict::Rejected { .. } => (a, d, j + 1),
                })
        })
        .collect()
}

#[test]
fn rate_limiting_algorithms_replays_the_worked_example() {
    let (r, _) = go(&block("apis/rate-limiting-algorithms.md"));
    // Rows in crate order: token bucket, meter, queue, fixed window, log, counter, GCRA.
    assert_eq!(
        from(&r, 75 * SECOND),
        vec![
            (2, 0, 2),
            (2, 0, 2),
            (0, 3, 1),
            (4, 0, 0),
            (0, 0, 4),
            (2, 0, 2),
            (2, 0, 2)
        ]
    );
}

#[test]
fn rate_limiting_concepts_shows_the_overshoot() {
    let p = block("apis/rate-limiting-concepts.md");
    let max = |p: &RateLimiterParams| {
        let r = run(build(p).unwrap());
        let f = figures(p, &r).unwrap();
        (
            f.run.max_per_aligned_window,
            f.run.total_admitted(),
            f.single.0,
        )
    };
    let (late, _, _) = max(&p);
    assert!(late > 10, "{late}");
    assert_eq!(
        max(&RateLimiterParams {
            sync_ms: 0,
            ..p.clone()
        })
        .0,
        10
    );
    let slow = max(&RateLimiterParams {
        sync_ms: 1_000,
        ..p.clone()
    })
    .0;
    assert!(slow >= 30, "{slow}");
    let split = max(&RateLimiterParams {
        sharing: "split".into(),
        ..p.clone()
    });
    assert!(split.0 <= 12, "{split:?}");
    let sticky = max(&RateLimiterParams {
        sharing: "split".into(),
        balancer: "sticky".into(),
        ..p
    });
    // One client on one instance with 3 of the 10: about a quarter of one limiter's total.
    assert_eq!(sticky.0, 3);
    assert!(
        f64::from(sticky.1) < 0.35 * f64::from(sticky.2),
        "{sticky:?}"
    );
}

#[test]
fn api_gateway_bursts_of_300_into_a_bucket_of_200() {
    let p = block("load-balancing/api-gateway.md");
    let (r, _) = go(&p);
    let first = from(&r, 0);
    let second = from(&r, 5 * SECOND);
    assert_eq!(
        (first[0].0 - second[0].0, first[0].2 - second[0].2),
        (200, 100)
    );
    assert_eq!(
        second[0],
        (400, 0, 200),
        "the bursts at 5 s and 10 s find it full"
    );
    assert_eq!(second[1], second[0], "GCRA decides the same");
    let every_second = RateLimiterParams {
        burst_every_ms: 1_000,
        ..p.clone()
    };
    let (r, _) = go(&every_second);
    let later = from(&r, SECOND);
    assert_eq!(later[0].0, 100 * 10, "about 100 of each later burst");
    let steady = RateLimiterParams {
        traffic: "steady".into(),
        per_second: 150.0,
        ..p
    };
    let (r, s) = go(&steady);
    let rate = f64::from(s[0].admitted() - 200) / (r.scenario.span as f64 / 1e9);
    assert!((95.0..=105.0).contains(&rate), "{rate}");
}

#[test]
fn message_queues_fill_and_drain_the_leaky_queue() {
    let p = block("messaging/message-queues.md");
    let (_, s) = go(&p);
    // Bursts at 0, 8, 16 and 24 s: each 1 at once, 20 waiting, 9 refused.
    assert_eq!((s[0].accepted, s[0].delayed, s[0].rejected), (4, 80, 36));
    assert_eq!(s[0].max_delay, 4 * SECOND);
    assert_eq!(s[1].admitted(), 80);
    let (_, bigger) = go(&RateLimiterParams {
        burst: 40,
        ..p.clone()
    });
    assert_eq!(bigger[0].rejected, 0);
    assert_eq!(bigger[0].max_delay, 5_800_000_000);
    let (_, closer) = go(&RateLimiterParams {
        burst_every_ms: 3_000,
        ..p
    });
    assert!(closer[0].rejected > 36, "{}", closer[0].rejected);
}

#[test]
fn ddos_flood_is_held_at_the_limit_and_a_shared_limit_starves_the_good_client() {
    let p = block("security/ddos-and-abuse-protection.md");
    let (r, s) = go(&p);
    let seconds = r.scenario.span as f64 / 1e9;
    for sum in &s {
        let per_second = f64::from(sum.admitted()) / seconds;
        assert!((18.0..=22.5).contains(&per_second), "{per_second}");
        assert!(sum.admitted_share() < 0.3, "{}", sum.admitted_share());
    }
    let mixed = RateLimiterParams {
        traffic: "mixed".into(),
        burst_size: 100,
        burst_every_ms: 1_000,
        ..p
    };
    let r = run(build(&mixed).unwrap());
    let steady = by_client(&r, r.len(), MAIN_CLIENT);
    // Token bucket, fixed window, sliding-window counter: the note names the fixed window.
    assert!(steady[0].0 > 0, "{steady:?}");
    assert_eq!(steady[1], (0, 100), "{steady:?}");
}
