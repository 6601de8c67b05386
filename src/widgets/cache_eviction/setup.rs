//! One configuration made ready to show: its requests, its policies, and (in step mode)
//! the timeline with its snapshots. Rebuilt only when the configuration changes.

use super::source::{self, LoadedTrace, Requests};
use super::timeline::Timeline;
use cache_policies::{Capacity, PolicyKind};
use std::sync::Arc;
use widget_params::cache_eviction::{CacheEvictionParams, STEP_REQUESTS};
use widget_params::WidgetParams;

/// A configuration, ready.
#[derive(Clone, Debug)]
pub(super) struct Setup {
    /// Counts rebuilds, so views can tell one setup from the next.
    pub(super) generation: u64,
    /// The requests (in step mode, at most the first 10,000 of a loaded trace).
    pub(super) requests: Requests,
    /// The policies, in display order.
    pub(super) kinds: Vec<PolicyKind>,
    /// The cache size.
    pub(super) capacity: Capacity,
    /// The seed of the random policy.
    pub(super) seed: u64,
    /// Step mode's timeline.
    pub(super) timeline: Option<Arc<Timeline>>,
    /// Something the reader should know about this setup.
    pub(super) note: Option<String>,
}

/// Checks `p` and prepares it; the message says what is wrong.
pub(super) fn build(
    p: &CacheEvictionParams,
    loaded: Option<&LoadedTrace>,
    generation: u64,
) -> Result<Setup, String> {
    p.validate().map_err(|e| e.to_string())?;
    let capacity = source::capacity(p)?;
    let kinds = source::kinds(p);
    let mut requests = source::requests(p, loaded)?;
    let mut note = None;
    let uses_loaded = p.workload == "trace" && p.trace.is_empty();
    let limit = if p.is_step() {
        *STEP_REQUESTS.end() as usize
    } else {
        *widget_params::cache_eviction::RUN_REQUESTS.end() as usize
    };
    if requests.keys.len() > limit {
        note = Some(format!(
            "{} uses the first {} of the trace's {} requests.",
            if p.is_step() { "Step mode" } else { "Run mode" },
            super::chart::thousands(limit as u64),
            super::chart::thousands(requests.keys.len() as u64)
        ));
        requests.keys = requests.keys[..limit].into();
    }
    if uses_loaded {
        let origin = loaded.map(|t| t.origin.as_str()).unwrap_or("the trace");
        let extra = format!(
            "Requests come from {origin}, which stays in this page: a shared link does not include it."
        );
        note = Some(match note {
            Some(n) => format!("{extra} {n}"),
            None => extra,
        });
    }
    let timeline = p.is_step().then(|| {
        Arc::new(Timeline::new(
            kinds.clone(),
            capacity,
            p.seed,
            requests.keys.clone(),
        ))
    });
    Ok(Setup {
        generation,
        requests,
        kinds,
        capacity,
        seed: p.seed,
        timeline,
        note,
    })
}

/// `p` moved into `mode`, with its sizes brought into that mode's ranges; the second
/// value says what was changed, if anything.
pub(super) fn into_mode(
    mut p: CacheEvictionParams,
    mode: &str,
) -> (CacheEvictionParams, Option<String>) {
    p.mode = mode.to_string();
    let mut changed = Vec::new();
    let caps = p.capacity_range();
    if !caps.contains(&p.capacity) {
        p.capacity = p.capacity.clamp(*caps.start(), *caps.end());
        changed.push(format!("the cache size to {}", p.capacity));
    }
    let reqs = p.requests_range();
    if !reqs.contains(&p.requests) {
        p.requests = p.requests.clamp(*reqs.start(), *reqs.end());
        changed.push(format!(
            "the requests to {}",
            super::chart::thousands(u64::from(p.requests))
        ));
    }
    p.position = 0;
    let note =
        (!changed.is_empty()).then(|| format!("Set {} to fit {mode} mode.", changed.join(" and ")));
    (p, note)
}

#[cfg(test)]
mod tests {
    use super::super::source::read_trace;
    use super::super::source::Read;
    use super::*;

    #[test]
    fn step_mode_builds_a_timeline_and_run_mode_does_not() {
        let p = CacheEvictionParams::default();
        let s = build(&p, None, 1).unwrap();
        assert_eq!(s.timeline.as_ref().map(|t| t.len()), Some(200));
        let (run, note) = into_mode(p, "run");
        assert!(note.is_none());
        assert!(build(&run, None, 2).unwrap().timeline.is_none());
    }

    #[test]
    fn modes_clamp_sizes_and_say_so() {
        let p = CacheEvictionParams {
            mode: "run".into(),
            capacity: 5_000,
            requests: 1_000_000,
            ..CacheEvictionParams::default()
        };
        let (step, note) = into_mode(p, "step");
        assert_eq!((step.capacity, step.requests), (256, 10_000));
        assert_eq!(
            note.as_deref(),
            Some("Set the cache size to 256 and the requests to 10,000 to fit step mode.")
        );
        assert!(build(&step, None, 1).is_ok());
    }

    #[test]
    fn a_loaded_trace_is_used_and_trimmed_for_step_mode() {
        let text: String = (0..12_000).map(|i| format!("{}\n", i % 50)).collect();
        let Ok(Read::Loaded(t)) = read_trace(&text, "big.txt") else {
            panic!("loaded")
        };
        let p = CacheEvictionParams {
            workload: "trace".into(),
            ..CacheEvictionParams::default()
        };
        let s = build(&p, Some(&t), 1).unwrap();
        assert_eq!(s.requests.keys.len(), 10_000);
        let note = s.note.unwrap_or_default();
        assert!(
            note.contains("big.txt") && note.contains("first 10,000 of the trace's 12,000"),
            "{note}"
        );
        assert!(build(&p, None, 2).unwrap_err().contains("no trace"));
        let bad = CacheEvictionParams { capacity: 0, ..p };
        assert!(build(&bad, Some(&t), 3).unwrap_err().contains("`capacity`"));
    }
}
