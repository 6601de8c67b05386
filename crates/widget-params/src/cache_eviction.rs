//! The cache-eviction widget: one request stream through several replacement policies
//! side by side, stepped request by request or run in bulk with miss-ratio curves.
//!
//! ```toml
//! mode = "step"                       # step (one request at a time) or run (in bulk)
//! policies = ["lru", "fifo", "sieve", "s3-fifo", "belady"]  # 1 to 11 distinct names
//! capacity = 8                        # entries: 1 to 256 in step mode, 1 to 1,000,000 in run mode
//! workload = "zipf"                   # zipf, uniform, scan, loop, mix, shifting, trace
//! objects = 40                        # distinct keys of zipf, uniform, loop, mix, shifting
//! skew = 0.9                          # zipf exponent, 0 to 3 (zipf, mix, shifting)
//! requests = 200                      # 1 to 10,000 in step mode, 1 to 2,000,000 in run mode
//! scan_every = 100                    # mix: requests between scan starts (at least scan_length)
//! scan_length = 20                    # mix: keys per scan
//! one_hit = 10                        # mix: percent of other requests that are one-hit wonders
//! shift_every = 500                   # shifting: requests between shifts
//! shift_by = 20                       # shifting: how far the working set moves
//! seed = 1                            # which random stream (any whole number from 0)
//! position = 0                        # step mode: requests already served
//! trace = ["1", "2", "3"]             # workload "trace": the keys, at most 500, no commas
//! ```
//!
//! Every field is flat (a string, number or list of short strings), so the whole state
//! fits in a readable share link.

use crate::{ParamError, WidgetParams};
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// The policies' names, as the `cache-policies` crate spells them.
pub const POLICIES: [&str; 11] = [
    "fifo",
    "lru",
    "lfu",
    "clock",
    "random",
    "two-q",
    "arc",
    "sieve",
    "s3-fifo",
    "w-tinylfu",
    "belady",
];

/// The workloads: the crate's generators, plus `trace` (the keys in [`CacheEvictionParams::trace`]
/// or a trace the reader pastes or uploads).
pub const WORKLOADS: [&str; 7] = [
    "zipf", "uniform", "scan", "loop", "mix", "shifting", "trace",
];

/// The modes: `step` (one request at a time, each policy drawn) and `run` (in bulk, with charts).
pub const MODES: [&str; 2] = ["step", "run"];

/// Cache sizes step mode draws (each structure is drawn entry by entry).
pub const STEP_CAPACITY: RangeInclusive<u32> = 1..=256;
/// Cache sizes run mode accepts.
pub const RUN_CAPACITY: RangeInclusive<u32> = 1..=1_000_000;
/// Trace lengths step mode accepts (every position can be scrubbed to).
pub const STEP_REQUESTS: RangeInclusive<u32> = 1..=10_000;
/// Trace lengths run mode accepts (the trace and Belady's table of next uses stay in memory).
pub const RUN_REQUESTS: RangeInclusive<u32> = 1..=2_000_000;
/// Distinct keys a generated workload may draw from.
pub const OBJECTS: RangeInclusive<u64> = 1..=100_000_000;
/// Zipf exponents accepted.
pub const SKEW: RangeInclusive<f64> = 0.0..=3.0;
/// The most keys a trace in the parameters (and so in a link) may hold.
pub const MAX_TRACE_KEYS: usize = 500;
/// The longest key in a trace held in the parameters.
pub const MAX_KEY_CHARS: usize = 32;

/// The cache-eviction widget's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheEvictionParams {
    /// One of [`MODES`].
    pub mode: String,
    /// The policies compared, 1 to 11 distinct names from [`POLICIES`].
    pub policies: Vec<String>,
    /// Cache size in entries ([`STEP_CAPACITY`] or [`RUN_CAPACITY`]).
    pub capacity: u32,
    /// One of [`WORKLOADS`].
    pub workload: String,
    /// Distinct keys of the generated workloads, in [`OBJECTS`].
    pub objects: u64,
    /// The Zipf exponent, in [`SKEW`].
    pub skew: f64,
    /// Requests generated ([`STEP_REQUESTS`] or [`RUN_REQUESTS`]).
    pub requests: u32,
    /// Mix: requests between the starts of two scans.
    pub scan_every: u32,
    /// Mix: fresh keys per scan (at most `scan_every`).
    pub scan_length: u32,
    /// Mix: percentage (0 to 100) of the other requests that are one-hit wonders.
    pub one_hit: u8,
    /// Shifting: requests between two moves of the working set (at least 1).
    pub shift_every: u32,
    /// Shifting: how far the working set's keys move each time.
    pub shift_by: u32,
    /// The seed of the workload and of the random policy.
    pub seed: u64,
    /// Step mode: how many requests have been served.
    pub position: u32,
    /// Workload `trace`: the keys, in order (numbers are used as they are, text is hashed).
    pub trace: Vec<String>,
}

impl Default for CacheEvictionParams {
    fn default() -> Self {
        Self {
            mode: "step".into(),
            policies: ["lru", "fifo", "sieve", "s3-fifo", "belady"]
                .map(String::from)
                .to_vec(),
            capacity: 8,
            workload: "zipf".into(),
            objects: 40,
            skew: 0.9,
            requests: 200,
            scan_every: 100,
            scan_length: 20,
            one_hit: 10,
            shift_every: 500,
            shift_by: 20,
            seed: 1,
            position: 0,
            trace: Vec::new(),
        }
    }
}

impl CacheEvictionParams {
    /// Whether the widget starts in step mode.
    pub fn is_step(&self) -> bool {
        self.mode != "run"
    }

    /// The capacities this mode accepts.
    pub fn capacity_range(&self) -> RangeInclusive<u32> {
        if self.is_step() {
            STEP_CAPACITY
        } else {
            RUN_CAPACITY
        }
    }

    /// The trace lengths this mode accepts.
    pub fn requests_range(&self) -> RangeInclusive<u32> {
        if self.is_step() {
            STEP_REQUESTS
        } else {
            RUN_REQUESTS
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
    why: &str,
) -> Result<(), ParamError> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(ParamError::new(format!(
            "`{field}` must be {} to {}{why}, not {value}",
            range.start(),
            range.end()
        )))
    }
}

impl WidgetParams for CacheEvictionParams {
    const NAME: &'static str = "cache-eviction";
    const TITLE: &'static str = "Cache-eviction playground";
    const SUMMARY: &'static str = "Send one request stream through LRU, LFU, FIFO, CLOCK, ARC, 2Q, S3-FIFO, SIEVE and W-TinyLFU side by side against Belady's optimum: step request by request, or run millions and compare hit ratios and miss-ratio curves.";

    fn validate(&self) -> Result<(), ParamError> {
        one_of("mode", &self.mode, &MODES)?;
        one_of("workload", &self.workload, &WORKLOADS)?;
        if self.policies.is_empty() || self.policies.len() > POLICIES.len() {
            return Err(ParamError::new(format!(
                "`policies` must list 1 to {} names, not {}",
                POLICIES.len(),
                self.policies.len()
            )));
        }
        for (i, p) in self.policies.iter().enumerate() {
            one_of("policies", p, &POLICIES)?;
            if self.policies[..i].contains(p) {
                return Err(ParamError::new(format!(
                    "`policies` must be distinct: {p:?} is listed twice"
                )));
            }
        }
        let in_mode = if self.is_step() {
            " in step mode"
        } else {
            " in run mode"
        };
        within("capacity", self.capacity, &self.capacity_range(), in_mode)?;
        within("requests", self.requests, &self.requests_range(), in_mode)?;
        within("objects", self.objects, &OBJECTS, "")?;
        if !self.skew.is_finite() {
            return Err(ParamError::new("`skew` must be a number from 0 to 3"));
        }
        within("skew", self.skew, &SKEW, "")?;
        if self.scan_every == 0 || self.scan_length > self.scan_every {
            return Err(ParamError::new(format!(
                "`scan_every` must be at least 1 and at least `scan_length` ({}), not {}",
                self.scan_length, self.scan_every
            )));
        }
        within("one_hit", self.one_hit, &(0..=100), "")?;
        if self.shift_every == 0 {
            return Err(ParamError::new("`shift_every` must be at least 1"));
        }
        if self.trace.len() > MAX_TRACE_KEYS {
            return Err(ParamError::new(format!(
                "`trace` may hold at most {MAX_TRACE_KEYS} keys in the parameters, not {} (upload longer traces in the widget)",
                self.trace.len()
            )));
        }
        for key in &self.trace {
            let chars = key.chars().count();
            if chars == 0 || chars > MAX_KEY_CHARS || key.trim() != key || key.contains(',') {
                return Err(ParamError::new(format!(
                    "trace keys must be 1 to {MAX_KEY_CHARS} characters, with no commas and no spaces around them, not {key:?}"
                )));
            }
        }
        let length = if self.workload == "trace" {
            self.trace.len() as u64
        } else {
            u64::from(self.requests)
        };
        if u64::from(self.position) > length {
            return Err(ParamError::new(format!(
                "`position` must be at most the number of requests ({length}), not {}",
                self.position
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::WidgetConfig;

    #[test]
    fn empty_body_gives_defaults() {
        let cfg = WidgetConfig::from_json("cache-eviction", "{}").unwrap();
        assert_eq!(
            cfg.params_json(),
            r#"{"mode":"step","policies":["lru","fifo","sieve","s3-fifo","belady"],"capacity":8,"workload":"zipf","objects":40,"skew":0.9,"requests":200,"scan_every":100,"scan_length":20,"one_hit":10,"shift_every":500,"shift_by":20,"seed":1,"position":0,"trace":[]}"#
        );
    }

    #[test]
    fn out_of_range_values_are_rejected_with_the_range() {
        for (json, expected) in [
            (r#"{"mode":"fast"}"#, "`mode` must be one of step, run"),
            (
                r#"{"policies":[]}"#,
                "`policies` must list 1 to 11 names, not 0",
            ),
            (r#"{"policies":["lru","lru"]}"#, "\"lru\" is listed twice"),
            (r#"{"policies":["mru"]}"#, "`policies` must be one of fifo,"),
            (
                r#"{"capacity":0}"#,
                "`capacity` must be 1 to 256 in step mode, not 0",
            ),
            (r#"{"capacity":300}"#, "1 to 256 in step mode, not 300"),
            (
                r#"{"mode":"run","capacity":2000000}"#,
                "1 to 1000000 in run mode",
            ),
            (
                r#"{"requests":20000}"#,
                "`requests` must be 1 to 10000 in step mode",
            ),
            (r#"{"workload":"video"}"#, "`workload` must be one of zipf,"),
            (r#"{"objects":0}"#, "`objects` must be 1 to"),
            (r#"{"skew":3.5}"#, "`skew` must be 0 to 3, not 3.5"),
            (
                r#"{"scan_every":5,"scan_length":6}"#,
                "`scan_every` must be at least 1",
            ),
            (r#"{"one_hit":101}"#, "`one_hit` must be 0 to 100"),
            (r#"{"shift_every":0}"#, "`shift_every` must be at least 1"),
            (r#"{"trace":["a,b"]}"#, "trace keys must be 1 to 32"),
            (r#"{"trace":[" a"]}"#, "trace keys must be 1 to 32"),
            (
                r#"{"position":201}"#,
                "`position` must be at most the number of requests (200)",
            ),
            (
                r#"{"workload":"trace","trace":["1","2"],"position":3}"#,
                "(2), not 3",
            ),
            (r#"{"colour":1}"#, "unknown field"),
        ] {
            let err = WidgetConfig::from_json("cache-eviction", json).unwrap_err();
            assert!(err.message.contains(expected), "{json}: {err}");
        }
        let long: Vec<String> = (0..501).map(|i| format!("\"{i}\"")).collect();
        let json = format!(r#"{{"workload":"trace","trace":[{}]}}"#, long.join(","));
        let err = WidgetConfig::from_json("cache-eviction", &json).unwrap_err();
        assert!(err.message.contains("at most 500 keys"), "{err}");
        assert!(WidgetConfig::from_json(
            "cache-eviction",
            r#"{"mode":"run","capacity":100000,"requests":1000000}"#
        )
        .is_ok());
    }

    #[cfg(feature = "toml")]
    #[test]
    fn toml_bodies_parse_like_json() {
        let cfg = WidgetConfig::from_toml(
            "cache-eviction",
            "policies = [\"fifo\"]\nworkload = \"trace\"\ntrace = [\"1\", \"2\", \"1\"]\ncapacity = 3\n",
        )
        .unwrap();
        assert!(cfg.params_json().contains(r#""trace":["1","2","1"]"#));
    }
}
