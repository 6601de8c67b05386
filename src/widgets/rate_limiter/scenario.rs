//! From the widget's flat parameters to what the `rate-limiting` crate runs: one
//! configuration per chosen algorithm (all built from the same "limit per window, bursts
//! of burst" knobs, so the comparison is fair) and the seeded arrivals, with the requests
//! sent by hand merged in.

use rate_limiting::traffic::{Pattern, Source};
use rate_limiting::{
    AlgorithmConfig, AlgorithmKind, Arrival, CommonParams, Nanos, Traffic, MILLISECOND, SECOND,
};
use std::num::{NonZeroU32, NonZeroU64};
use widget_params::rate_limiter::{RateLimiterParams, MAX_REQUESTS};

/// The client of the main pattern (and of the steady client in `mixed`).
pub(super) const MAIN_CLIENT: u32 = 0;
/// The bursty client of `mixed`.
pub(super) const BURSTY_CLIENT: u32 = 1;
/// Requests sent by hand.
pub(super) const HAND_CLIENT: u32 = 2;

/// What one run compares: the algorithms' configurations and the arrivals.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Scenario {
    /// The shared knobs.
    pub(super) common: CommonParams,
    /// One configuration per row, in the order of the parameters.
    pub(super) configs: Vec<AlgorithmConfig>,
    /// Every arrival, sorted by time.
    pub(super) arrivals: Vec<Arrival>,
    /// The span the timeline shows: the traffic's duration, or further if a request sent
    /// by hand lies beyond it.
    pub(super) span: Nanos,
}

fn nonzero_u32(field: &str, n: u32) -> Result<NonZeroU32, String> {
    NonZeroU32::new(n).ok_or_else(|| format!("`{field}` must be at least 1"))
}

fn nonzero_u64(field: &str, n: u64) -> Result<NonZeroU64, String> {
    NonZeroU64::new(n).ok_or_else(|| format!("`{field}` must be at least 1"))
}

/// The gap between requests at `per_second` requests per second.
fn interval(field: &str, per_second: f64) -> Result<NonZeroU64, String> {
    if !(per_second.is_finite() && per_second > 0.0) {
        return Err(format!("`{field}` must be a positive number"));
    }
    // Truncation to whole nanoseconds, as `Rate::new` does; at least 1 ns.
    nonzero_u64(field, ((SECOND as f64 / per_second) as u64).max(1))
}

/// The shared knobs of these parameters.
pub(super) fn common(p: &RateLimiterParams) -> Result<CommonParams, String> {
    Ok(CommonParams {
        limit: nonzero_u32("limit", p.limit)?,
        window: nonzero_u64("window_ms", p.window_ms.saturating_mul(MILLISECOND))?,
        burst: nonzero_u32("burst", p.burst)?,
    })
}

/// The pattern sources of these parameters (without the requests sent by hand).
fn sources(p: &RateLimiterParams, end: Nanos) -> Result<Vec<Source>, String> {
    let source = |pattern, client, start| Source {
        pattern,
        client,
        start,
        end,
    };
    let bursts = || -> Result<Pattern, String> {
        Ok(Pattern::Bursts {
            size: nonzero_u32("burst_size", p.burst_size)?,
            every: nonzero_u64(
                "burst_every_ms",
                p.burst_every_ms.saturating_mul(MILLISECOND),
            )?,
            // A burst arrives at one instant: the hardest case for every limiter.
            spacing: 0,
        })
    };
    Ok(match p.traffic.as_str() {
        "steady" => vec![source(
            Pattern::Steady {
                interval: interval("per_second", p.per_second)?,
            },
            MAIN_CLIENT,
            0,
        )],
        "bursts" => vec![source(bursts()?, MAIN_CLIENT, 0)],
        "poisson" => vec![source(
            Pattern::Poisson {
                mean_interval: interval("per_second", p.per_second)?,
            },
            MAIN_CLIENT,
            0,
        )],
        "ramp" => vec![source(
            Pattern::Ramp {
                from_interval: interval("per_second", p.per_second)?,
                to_interval: interval("ramp_to", p.ramp_to)?,
                over: nonzero_u64("duration_ms", end)?,
            },
            MAIN_CLIENT,
            0,
        )],
        "mixed" => {
            let steady = interval("per_second", p.per_second)?;
            vec![
                // The steady client's requests sit half a gap after each of the bursty
                // client's bursts would start, so neither hides the other on the timeline.
                source(
                    Pattern::Steady { interval: steady },
                    MAIN_CLIENT,
                    steady.get() / 2,
                ),
                source(bursts()?, BURSTY_CLIENT, 0),
            ]
        }
        "manual" => Vec::new(),
        other => return Err(format!("unknown traffic pattern {other:?}")),
    })
}

/// The arrivals of the traffic built last. A change of limit or algorithm keeps the
/// traffic, so the widget reuses its arrivals instead of drawing 10,000 of them again.
#[derive(Debug, Default)]
pub(super) struct LastArrivals(Option<(Traffic, Vec<Arrival>)>);

impl LastArrivals {
    /// The arrivals of `traffic`: a copy of the last ones if it is the same traffic.
    fn of(&mut self, traffic: Traffic) -> Vec<Arrival> {
        match &self.0 {
            Some((last, arrivals)) if *last == traffic => arrivals.clone(),
            _ => {
                let arrivals = traffic.arrivals();
                self.0 = Some((traffic, arrivals.clone()));
                arrivals
            }
        }
    }
}

/// The scenario of these parameters, or a message saying what is wrong with them.
pub(super) fn build(p: &RateLimiterParams) -> Result<Scenario, String> {
    build_reusing(p, &mut LastArrivals::default())
}

/// [`build`], reusing the arrivals in `last` when the traffic has not changed.
pub(super) fn build_reusing(
    p: &RateLimiterParams,
    last: &mut LastArrivals,
) -> Result<Scenario, String> {
    let common = common(p)?;
    let configs = p
        .algorithms
        .iter()
        .map(|id| {
            AlgorithmKind::from_id(id)
                .map(|kind| common.config(kind))
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    if configs.is_empty() {
        return Err("choose at least one algorithm".into());
    }
    let end = p.duration_ms.saturating_mul(MILLISECOND);
    let mut sources = sources(p, end)?;
    if !p.manual.is_empty() {
        sources.push(Source {
            pattern: Pattern::Times {
                at: p
                    .manual
                    .iter()
                    .map(|&ms| ms.saturating_mul(MILLISECOND))
                    .collect(),
            },
            client: HAND_CLIENT,
            start: 0,
            end: Nanos::MAX,
        });
    }
    let traffic = Traffic {
        sources,
        seed: p.seed,
        max_requests: MAX_REQUESTS,
    };
    let arrivals = last.of(traffic);
    let last = arrivals.last().map_or(0, |a| a.at);
    Ok(Scenario {
        common,
        configs,
        arrivals,
        span: end.max(last.saturating_add(last / 50)).max(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> RateLimiterParams {
        RateLimiterParams::default()
    }

    #[test]
    fn the_defaults_are_bursts_of_eight_every_two_seconds_for_all_seven() {
        let s = build(&params()).unwrap();
        assert_eq!(s.configs.len(), 7);
        assert_eq!(
            s.arrivals.len(),
            5 * 8 + 8,
            "bursts at 0, 2, 4, 6, 8 and 10 s"
        );
        // The last burst lands at 10 s exactly; the span leaves it a margin.
        assert_eq!(s.span, 10_200 * MILLISECOND);
    }

    /// A change of limit reuses the arrivals, a change of traffic draws new ones: either
    /// way the scenario is the one a fresh build makes.
    #[test]
    fn reused_arrivals_are_those_a_fresh_build_draws() {
        let mut last = LastArrivals::default();
        let poisson = RateLimiterParams {
            traffic: "poisson".into(),
            ..params()
        };
        let first = build_reusing(&poisson, &mut last).unwrap();
        let other_limit = RateLimiterParams {
            limit: poisson.limit + 5,
            ..poisson.clone()
        };
        let relimited = build_reusing(&other_limit, &mut last).unwrap();
        assert_eq!(relimited, build(&other_limit).unwrap());
        assert_eq!(relimited.arrivals, first.arrivals);
        let other_seed = RateLimiterParams {
            seed: poisson.seed + 1,
            ..poisson.clone()
        };
        let reseeded = build_reusing(&other_seed, &mut last).unwrap();
        assert_eq!(reseeded, build(&other_seed).unwrap());
        assert_ne!(reseeded.arrivals, first.arrivals);
    }

    #[test]
    fn every_pattern_builds_and_hand_sent_requests_join_in_time_order() {
        for traffic in widget_params::rate_limiter::TRAFFIC {
            let p = RateLimiterParams {
                traffic: traffic.into(),
                manual: vec![12_000, 5],
                ..params()
            };
            let s = build(&p).unwrap();
            assert!(
                s.arrivals.windows(2).all(|w| w[0].at <= w[1].at),
                "{traffic}"
            );
            let hand: Vec<Nanos> = s
                .arrivals
                .iter()
                .filter(|a| a.client == HAND_CLIENT)
                .map(|a| a.at)
                .collect();
            assert_eq!(hand, vec![5 * MILLISECOND, 12 * SECOND], "{traffic}");
            // A request sent after the traffic's end stretches the timeline to show it.
            assert!(s.span > 12 * SECOND, "{traffic}");
        }
    }

    #[test]
    fn a_ten_thousand_request_run_is_capped_at_ten_thousand() {
        let p = RateLimiterParams {
            traffic: "poisson".into(),
            per_second: 2_000.0,
            duration_ms: 60_000,
            ..params()
        };
        assert_eq!(build(&p).unwrap().arrivals.len(), 10_000);
    }

    #[test]
    fn bad_values_become_messages() {
        let p = RateLimiterParams {
            per_second: f64::NAN,
            traffic: "steady".into(),
            ..params()
        };
        assert_eq!(
            build(&p).unwrap_err(),
            "`per_second` must be a positive number"
        );
        let p = RateLimiterParams {
            algorithms: vec!["lru".into()],
            ..params()
        };
        assert!(build(&p).unwrap_err().contains("unknown algorithm `lru`"));
    }
}
