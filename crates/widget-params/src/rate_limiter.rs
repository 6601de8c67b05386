//! The rate-limiter widget: the same arrivals run through several rate-limiting
//! algorithms on one timeline, or through a cluster of limiter instances.
//!
//! Every field is flat (a string, a number, a bool or a list of those) so the whole state
//! of the widget, including the requests a reader sent by hand and where the playhead is,
//! fits in a readable share link.
//!
//! ```toml
//! view = "timeline"          # timeline or distributed
//! algorithms = ["token-bucket", "leaky-meter", "leaky-queue", "fixed-window",
//!               "sliding-log", "sliding-counter", "gcra"]   # 1 to 7, no repeats
//! limit = 5                  # requests per window, 1 to 1,000
//! window_ms = 1000           # the window, 10 ms to 60 s (the rate is limit / window)
//! burst = 5                  # bucket capacity, queue length, GCRA burst: 1 to 1,000
//! traffic = "bursts"         # steady, bursts, poisson, ramp, mixed (steady + bursty client), manual
//! per_second = 4.0           # steady/Poisson rate, ramp start, the steady client: 0.1 to 2,000
//! burst_size = 8             # requests per burst, 1 to 1,000
//! burst_every_ms = 2000      # from one burst to the next, 10 ms to 10 min
//! ramp_to = 20.0             # the ramp's rate at its end, per second, 0.1 to 2,000
//! duration_ms = 10000        # how long the traffic runs, 100 ms to 10 min
//! seed = 1                   # the seed of Poisson gaps and the random balancer
//! manual = [0, 120, 250]     # requests sent by hand, in ms (at most 1,000, each ≤ 10 min)
//! instances = 3              # distributed view: limiter instances, 2 to 16
//! sharing = "shared"         # split (each instance gets 1/N) or shared (one counter, synced late)
//! balancer = "round-robin"   # round-robin, random or sticky (by client)
//! sync_ms = 200              # shared counter: how late other instances see an admission, 0 to 60 s
//! position = 4294967295      # requests decided so far (the playhead); the default means all
//! ```
//!
//! At most [`MAX_REQUESTS`] requests are generated (the earliest are kept).

use crate::{ParamError, WidgetParams};
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// The algorithms, by the ids the `rate-limiting` crate gives them, in timeline order.
pub const ALGORITHMS: [&str; 7] = [
    "token-bucket",
    "leaky-meter",
    "leaky-queue",
    "fixed-window",
    "sliding-log",
    "sliding-counter",
    "gcra",
];
/// The views.
pub const VIEWS: [&str; 2] = ["timeline", "distributed"];
/// The traffic patterns.
pub const TRAFFIC: [&str; 6] = ["steady", "bursts", "poisson", "ramp", "mixed", "manual"];
/// How a cluster shares its limit.
pub const SHARING: [&str; 2] = ["split", "shared"];
/// How the load balancer routes requests.
pub const BALANCERS: [&str; 3] = ["round-robin", "random", "sticky"];

/// The range of `limit` and of `burst`.
pub const COUNT: RangeInclusive<u32> = 1..=1_000;
/// The range of `window_ms`.
pub const WINDOW_MS: RangeInclusive<u64> = 10..=60_000;
/// The range of traffic rates (`per_second`, `ramp_to`).
pub const PER_SECOND: RangeInclusive<f64> = 0.1..=2_000.0;
/// The range of `burst_every_ms`.
pub const BURST_EVERY_MS: RangeInclusive<u64> = 10..=600_000;
/// The range of `duration_ms`.
pub const DURATION_MS: RangeInclusive<u64> = 100..=600_000;
/// The range of `instances`.
pub const INSTANCES: RangeInclusive<u32> = 2..=16;
/// The range of `sync_ms`.
pub const SYNC_MS: RangeInclusive<u64> = 0..=60_000;
/// The most requests sent by hand.
pub const MAX_MANUAL: usize = 1_000;
/// The latest time of a request sent by hand, in ms.
pub const MAX_MANUAL_MS: u64 = 600_000;
/// The most requests a run holds (the earliest are kept).
pub const MAX_REQUESTS: u32 = 10_000;
/// The `position` that means "every request decided".
pub const ALL: u32 = u32::MAX;

/// The rate limiter's starting state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimiterParams {
    /// `timeline` or `distributed`.
    pub view: String,
    /// The algorithms compared, each one of [`ALGORITHMS`], 1 to 7 without repeats.
    pub algorithms: Vec<String>,
    /// Requests per window, in [`COUNT`].
    pub limit: u32,
    /// The window in milliseconds, in [`WINDOW_MS`].
    pub window_ms: u64,
    /// The burst (bucket capacity, queue length, GCRA burst), in [`COUNT`].
    pub burst: u32,
    /// The traffic pattern, one of [`TRAFFIC`].
    pub traffic: String,
    /// Requests per second of the steady and Poisson patterns, the ramp's start and the
    /// steady client of `mixed`, in [`PER_SECOND`].
    pub per_second: f64,
    /// Requests per burst (`bursts`, `mixed`), in [`COUNT`].
    pub burst_size: u32,
    /// Milliseconds from one burst to the next, in [`BURST_EVERY_MS`].
    pub burst_every_ms: u64,
    /// The ramp's rate at its end, per second, in [`PER_SECOND`].
    pub ramp_to: f64,
    /// How long the traffic runs, in [`DURATION_MS`].
    pub duration_ms: u64,
    /// The seed of Poisson gaps and of the random balancer.
    pub seed: u64,
    /// Requests sent by hand, in milliseconds: at most [`MAX_MANUAL`], each at most
    /// [`MAX_MANUAL_MS`].
    pub manual: Vec<u64>,
    /// Distributed view: limiter instances, in [`INSTANCES`].
    pub instances: u32,
    /// Distributed view: `split` or `shared`.
    pub sharing: String,
    /// Distributed view: one of [`BALANCERS`].
    pub balancer: String,
    /// Distributed view, shared counter: the synchronisation delay in ms, in [`SYNC_MS`].
    pub sync_ms: u64,
    /// How many requests have been decided (the playhead); [`ALL`] (the default) or any
    /// number past the last request means all of them.
    pub position: u32,
}

impl Default for RateLimiterParams {
    fn default() -> Self {
        Self {
            view: "timeline".into(),
            algorithms: ALGORITHMS.iter().map(|s| (*s).to_string()).collect(),
            limit: 5,
            window_ms: 1_000,
            burst: 5,
            traffic: "bursts".into(),
            per_second: 4.0,
            burst_size: 8,
            burst_every_ms: 2_000,
            ramp_to: 20.0,
            duration_ms: 10_000,
            seed: 1,
            manual: Vec::new(),
            instances: 3,
            sharing: "shared".into(),
            balancer: "round-robin".into(),
            sync_ms: 200,
            position: ALL,
        }
    }
}

fn one_of(field: &str, value: &str, allowed: &[&str]) -> Result<(), ParamError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(ParamError::new(format!(
            "`{field}` must be one of {}, not {value:?}",
            allowed.join(", ")
        )))
    }
}

fn within<T: PartialOrd + std::fmt::Display>(
    field: &str,
    value: T,
    range: &RangeInclusive<T>,
) -> Result<(), ParamError> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(ParamError::new(format!(
            "`{field}` must be {} to {}, not {value}",
            range.start(),
            range.end()
        )))
    }
}

impl WidgetParams for RateLimiterParams {
    const NAME: &'static str = "rate-limiter";
    const TITLE: &'static str = "Rate-limiter timeline";
    const SUMMARY: &'static str = "Send bursts, steady or random traffic (or click requests in) \
        and watch token bucket, leaky bucket, fixed window, sliding log, sliding-window counter \
        and GCRA accept, delay or reject the same requests, with their inner state over time.";

    fn validate(&self) -> Result<(), ParamError> {
        one_of("view", &self.view, &VIEWS)?;
        if self.algorithms.is_empty() || self.algorithms.len() > ALGORITHMS.len() {
            return Err(ParamError::new(format!(
                "`algorithms` must list 1 to 7 of {}, not {}",
                ALGORITHMS.join(", "),
                self.algorithms.len()
            )));
        }
        for (i, a) in self.algorithms.iter().enumerate() {
            one_of("algorithms", a, &ALGORITHMS)?;
            if self.algorithms[..i].contains(a) {
                return Err(ParamError::new(format!("`algorithms` lists {a:?} twice")));
            }
        }
        within("limit", self.limit, &COUNT)?;
        within("window_ms", self.window_ms, &WINDOW_MS)?;
        within("burst", self.burst, &COUNT)?;
        one_of("traffic", &self.traffic, &TRAFFIC)?;
        within("per_second", self.per_second, &PER_SECOND)?;
        within("burst_size", self.burst_size, &COUNT)?;
        within("burst_every_ms", self.burst_every_ms, &BURST_EVERY_MS)?;
        within("ramp_to", self.ramp_to, &PER_SECOND)?;
        within("duration_ms", self.duration_ms, &DURATION_MS)?;
        if self.manual.len() > MAX_MANUAL {
            return Err(ParamError::new(format!(
                "`manual` may list at most {MAX_MANUAL} times, not {}",
                self.manual.len()
            )));
        }
        if let Some(&t) = self.manual.iter().find(|&&t| t > MAX_MANUAL_MS) {
            return Err(ParamError::new(format!(
                "`manual` times must be 0 to {MAX_MANUAL_MS} ms, not {t}"
            )));
        }
        within("instances", self.instances, &INSTANCES)?;
        one_of("sharing", &self.sharing, &SHARING)?;
        one_of("balancer", &self.balancer, &BALANCERS)?;
        within("sync_ms", self.sync_ms, &SYNC_MS)?;
        if self.sharing == "split" && self.limit.min(self.burst) < self.instances {
            return Err(ParamError::new(format!(
                "a split limit gives each of the {} instances a share of `limit` and `burst`, \
                 so both must be at least {} (they are {} and {})",
                self.instances, self.instances, self.limit, self.burst
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::WidgetConfig;

    #[test]
    fn empty_body_gives_defaults_that_validate() {
        let cfg = WidgetConfig::from_json("rate-limiter", "{}").unwrap();
        let json = cfg.params_json();
        assert!(json.contains(r#""traffic":"bursts""#), "{json}");
        assert!(json.contains(r#""position":4294967295"#), "{json}");
    }

    #[test]
    fn out_of_range_values_are_rejected_with_the_range() {
        for (json, expected) in [
            (
                r#"{"view":"map"}"#,
                "`view` must be one of timeline, distributed",
            ),
            (r#"{"algorithms":[]}"#, "`algorithms` must list 1 to 7"),
            (
                r#"{"algorithms":["lru"]}"#,
                "`algorithms` must be one of token-bucket",
            ),
            (r#"{"algorithms":["gcra","gcra"]}"#, "lists \"gcra\" twice"),
            (r#"{"limit":0}"#, "`limit` must be 1 to 1000, not 0"),
            (
                r#"{"window_ms":5}"#,
                "`window_ms` must be 10 to 60000, not 5",
            ),
            (r#"{"burst":1001}"#, "`burst` must be 1 to 1000"),
            (r#"{"traffic":"flood"}"#, "`traffic` must be one of steady"),
            (
                r#"{"per_second":0}"#,
                "`per_second` must be 0.1 to 2000, not 0",
            ),
            (r#"{"ramp_to":5000}"#, "`ramp_to` must be 0.1 to 2000"),
            (r#"{"burst_every_ms":1}"#, "`burst_every_ms` must be 10"),
            (r#"{"duration_ms":50}"#, "`duration_ms` must be 100"),
            (
                r#"{"manual":[700000]}"#,
                "`manual` times must be 0 to 600000 ms",
            ),
            (r#"{"instances":1}"#, "`instances` must be 2 to 16, not 1"),
            (
                r#"{"sharing":"both"}"#,
                "`sharing` must be one of split, shared",
            ),
            (
                r#"{"balancer":"hash"}"#,
                "`balancer` must be one of round-robin",
            ),
            (r#"{"sync_ms":60001}"#, "`sync_ms` must be 0 to 60000"),
            (
                r#"{"sharing":"split","instances":4,"limit":3}"#,
                "both must be at least 4",
            ),
            (r#"{"colour":1}"#, "unknown field"),
            (r#"{"seed":-1}"#, "invalid value"),
        ] {
            let err = WidgetConfig::from_json("rate-limiter", json).unwrap_err();
            assert!(err.message.contains(expected), "{json}: {err}");
        }
        let many = format!("{{\"manual\":[{}]}}", vec!["1"; 1001].join(","));
        assert!(WidgetConfig::from_json("rate-limiter", &many).is_err());
    }

    #[test]
    fn a_whole_state_round_trips_through_a_share_link() {
        use super::RateLimiterParams;
        let config = WidgetConfig::RateLimiter(RateLimiterParams {
            algorithms: vec!["gcra".into(), "sliding-log".into()],
            per_second: 4.5,
            manual: vec![0, 0, 990, 1_250],
            view: "distributed".into(),
            sync_ms: 0,
            position: 12,
            ..RateLimiterParams::default()
        });
        let query = config.to_query();
        assert_eq!(
            query,
            "algorithms=gcra,sliding-log&manual=0,0,990,1250&per_second=4.5&position=12&sync_ms=0&view=distributed"
        );
        assert_eq!(
            WidgetConfig::from_query("rate-limiter", &query).unwrap(),
            config
        );
        let err = WidgetConfig::from_query("rate-limiter", "manual=1,x").unwrap_err();
        assert!(!err.message.is_empty());
    }

    #[cfg(feature = "toml")]
    #[test]
    fn toml_bodies_parse_like_json() {
        let cfg = WidgetConfig::from_toml(
            "rate-limiter",
            "algorithms = [\"fixed-window\", \"sliding-log\"]\nlimit = 3\nmanual = [0, 990, 1000]\n",
        )
        .unwrap();
        let json = cfg.params_json();
        assert!(
            json.contains(r#""algorithms":["fixed-window","sliding-log"],"limit":3"#),
            "{json}"
        );
        assert!(json.contains(r#""manual":[0,990,1000]"#), "{json}");
    }
}
