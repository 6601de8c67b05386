//! The four scenarios the widget offers ready-made, each a full set of parameters and one
//! sentence saying what to look at.

use widget_params::rate_limiter::RateLimiterParams;

/// A ready-made scenario.
pub(super) struct Preset {
    /// Its value in the preset list.
    pub(super) slug: &'static str,
    /// Its name.
    pub(super) title: &'static str,
    /// What to look at, narrated when it is chosen.
    pub(super) look_for: &'static str,
    /// Its parameters.
    pub(super) params: fn() -> RateLimiterParams,
}

fn ids(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| (*s).to_string()).collect()
}

/// Ten requests in 200 ms straddling the one-second boundary.
fn window_boundary() -> RateLimiterParams {
    RateLimiterParams {
        algorithms: ids(&[
            "fixed-window",
            "sliding-counter",
            "sliding-log",
            "token-bucket",
        ]),
        limit: 5,
        window_ms: 1_000,
        burst: 5,
        traffic: "manual".into(),
        manual: vec![900, 920, 940, 960, 980, 1_000, 1_020, 1_040, 1_060, 1_080],
        duration_ms: 3_000,
        ..RateLimiterParams::default()
    }
}

/// A steady client sharing one limit with a client that sends bursts.
fn bursty_vs_steady() -> RateLimiterParams {
    RateLimiterParams {
        algorithms: ids(&["token-bucket", "fixed-window", "sliding-log", "gcra"]),
        limit: 5,
        window_ms: 1_000,
        burst: 5,
        traffic: "mixed".into(),
        per_second: 2.0,
        burst_size: 10,
        burst_every_ms: 1_000,
        duration_ms: 10_000,
        ..RateLimiterParams::default()
    }
}

/// Bursts into a queue that drains at a fixed rate, against a meter that rejects instead.
fn queue_latency() -> RateLimiterParams {
    RateLimiterParams {
        algorithms: ids(&["leaky-queue", "leaky-meter", "token-bucket"]),
        limit: 4,
        window_ms: 1_000,
        burst: 8,
        traffic: "bursts".into(),
        burst_size: 10,
        burst_every_ms: 4_000,
        duration_ms: 12_000,
        ..RateLimiterParams::default()
    }
}

/// GCRA beside the token bucket it equals, on random traffic.
fn gcra_one_number() -> RateLimiterParams {
    RateLimiterParams {
        algorithms: ids(&["token-bucket", "gcra"]),
        limit: 5,
        window_ms: 1_000,
        burst: 3,
        traffic: "poisson".into(),
        per_second: 7.0,
        duration_ms: 10_000,
        seed: 7,
        ..RateLimiterParams::default()
    }
}

/// Every preset, in the order the list shows them.
pub(super) const PRESETS: [Preset; 4] = [
    Preset {
        slug: "window-boundary",
        title: "The window-boundary burst",
        look_for: "Ten requests land within 200 ms across the one-second boundary: the fixed \
                   window admits all ten (twice its limit of 5), the sliding log only five.",
        params: window_boundary,
    },
    Preset {
        slug: "bursty-vs-steady",
        title: "Bursty client vs steady client",
        look_for: "Both clients share one limit of 5 a second. Each burst of 10 takes all a \
                   window allows, so the fixed window and the sliding log reject every request of \
                   the steady client, which sends only 2 a second; the token bucket refills in \
                   between and lets them through.",
        params: bursty_vs_steady,
    },
    Preset {
        slug: "queue-latency",
        title: "A queue that adds latency",
        look_for: "The queue sends the first of each burst of 10 at once and holds 8 more, \
                   releasing one every 250 ms: only one is dropped, but the last waits 2 s. The \
                   meter, the same bucket without the queue, rejects 2 of each burst instead.",
        params: queue_latency,
    },
    Preset {
        slug: "gcra-one-number",
        title: "Why GCRA needs one number",
        look_for: "GCRA stores one timestamp (the theoretical arrival time), the token bucket two \
                   numbers, yet every mark in the two rows is the same.",
        params: gcra_one_number,
    },
];

/// The preset with this slug.
pub(super) fn find(slug: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::super::{run::run, scenario::build, scenario::MAIN_CLIENT};
    use super::*;
    use widget_params::WidgetParams;

    fn admitted(slug: &str) -> Vec<(String, u32, u32)> {
        let params = (find(slug).unwrap().params)();
        params.validate().unwrap();
        let run = run(build(&params).unwrap());
        run.rows
            .iter()
            .zip(run.summaries(run.len()))
            .map(|(row, s)| {
                (
                    row.config.kind().id().to_string(),
                    s.admitted(),
                    s.largest_burst,
                )
            })
            .collect()
    }

    #[test]
    fn the_window_boundary_burst_admits_twice_the_limit_in_a_fixed_window_only() {
        let rows = admitted("window-boundary");
        assert_eq!(rows[0], ("fixed-window".into(), 10, 10));
        assert_eq!(rows[2], ("sliding-log".into(), 5, 5));
    }

    #[test]
    fn the_queue_delays_what_the_meter_rejects() {
        let params = (find("queue-latency").unwrap().params)();
        let run = run(build(&params).unwrap());
        let s = run.summaries(run.len());
        // Four bursts of ten: per burst one sent at once, eight held, one dropped.
        assert_eq!((s[0].accepted, s[0].delayed, s[0].rejected), (4, 32, 4));
        assert_eq!(s[0].max_delay, 2_000_000_000);
        assert_eq!((s[1].admitted(), s[1].delayed, s[1].rejected), (32, 0, 8));
    }

    #[test]
    fn gcra_decides_exactly_as_the_token_bucket() {
        let params = (find("gcra-one-number").unwrap().params)();
        let run = run(build(&params).unwrap());
        let verdicts = |i: usize| -> Vec<bool> {
            run.rows[i]
                .decisions
                .iter()
                .map(|d| d.is_admitted())
                .collect()
        };
        assert_eq!(verdicts(0), verdicts(1));
        assert!(
            verdicts(0).contains(&false),
            "the traffic must exceed the limit"
        );
    }

    #[test]
    fn the_bursty_client_starves_the_steady_one_in_the_windows() {
        let params = (find("bursty-vs-steady").unwrap().params)();
        let run = run(build(&params).unwrap());
        let steady = super::super::run::by_client(&run, run.len(), MAIN_CLIENT);
        // Rows: token bucket, fixed window, sliding log, GCRA; (admitted, sent) each.
        assert_eq!(steady[1], (0, 20));
        assert_eq!(steady[2], (0, 20));
        assert_eq!(steady[0], (20, 20));
        assert_eq!(steady[3], steady[0]);
    }
}
