//! Named starting points that each show one lesson, and the sentence that narrates a
//! step (built from the crate's own eviction reasons).

use super::source::Requests;
use super::timeline::Moment;
use cache_policies::{Outcome, PolicyKind};
use widget_params::cache_eviction::CacheEvictionParams;

/// A named configuration.
pub(super) struct Preset {
    /// Its value in the preset menu.
    pub(super) id: &'static str,
    /// Its name.
    pub(super) name: &'static str,
    /// What it shows and what to look at.
    pub(super) about: &'static str,
    /// The parameters it sets.
    pub(super) params: fn() -> CacheEvictionParams,
}

fn list(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// The presets, in menu order.
pub(super) const PRESETS: [Preset; 5] = [
    Preset {
        id: "scan",
        name: "Scan pollutes LRU",
        about: "A popular core of 30 keys is interrupted every 120 requests by a scan of 30 fresh keys. Step through a scan: LRU and CLOCK let the scan push the popular keys out; 2Q, ARC and S3-FIFO keep scan keys in a probation area and lose little.",
        params: || CacheEvictionParams {
            policies: list(&["lru", "clock", "two-q", "arc", "s3-fifo", "belady"]),
            capacity: 12,
            workload: "mix".into(),
            objects: 30,
            skew: 0.8,
            requests: 600,
            scan_every: 120,
            scan_length: 30,
            one_hit: 0,
            ..CacheEvictionParams::default()
        },
    },
    Preset {
        id: "one-hit",
        name: "One-hit wonders",
        about: "A third of the requests are keys never seen again (o1, o2, …). FIFO and LRU give each one a full trip through the cache; S3-FIFO and SIEVE drop them quickly, and W-TinyLFU refuses to admit them.",
        params: || CacheEvictionParams {
            policies: list(&["fifo", "lru", "sieve", "s3-fifo", "w-tinylfu", "belady"]),
            capacity: 10,
            workload: "mix".into(),
            objects: 40,
            skew: 1.0,
            requests: 600,
            scan_every: 600,
            scan_length: 0,
            one_hit: 33,
            ..CacheEvictionParams::default()
        },
    },
    Preset {
        id: "anomaly",
        name: "FIFO's anomaly",
        about: "Belady's classic trace 1 2 3 4 1 2 5 1 2 3 4 5. Run it: FIFO misses 9 times with 3 entries but 10 times with 4, so its curve goes up where LRU's (a stack algorithm) can only go down.",
        params: || CacheEvictionParams {
            mode: "run".into(),
            policies: list(&["fifo", "lru", "belady"]),
            capacity: 3,
            workload: "trace".into(),
            trace: list(&["1", "2", "3", "4", "1", "2", "5", "1", "2", "3", "4", "5"]),
            ..CacheEvictionParams::default()
        },
    },
    Preset {
        id: "frequency",
        name: "Frequency vs recency",
        about: "The popular keys change every 2,000 requests. LFU clings to keys that used to be popular and its hit ratio falls after each shift; LRU adapts at once, and ARC and W-TinyLFU get the best of both.",
        params: || CacheEvictionParams {
            mode: "run".into(),
            policies: list(&["lru", "lfu", "arc", "w-tinylfu", "belady"]),
            capacity: 50,
            workload: "shifting".into(),
            objects: 400,
            skew: 1.0,
            requests: 20_000,
            shift_every: 2_000,
            shift_by: 400,
            ..CacheEvictionParams::default()
        },
    },
    Preset {
        id: "redis",
        name: "Redis maxmemory policies",
        about: "Redis's allkeys-lru, allkeys-lfu and allkeys-random, modelled by exact LRU, LFU and random eviction (Redis itself samples a few keys and evicts the best of them, which comes close to these). On a skewed workload, random is not far behind; compare the curves.",
        params: || CacheEvictionParams {
            mode: "run".into(),
            policies: list(&["lru", "lfu", "random", "belady"]),
            capacity: 1_000,
            workload: "zipf".into(),
            objects: 10_000,
            skew: 0.9,
            requests: 100_000,
            ..CacheEvictionParams::default()
        },
    },
];

/// The preset named `id`.
pub(super) fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// The narration of the request that led to `moment`: each policy's outcome, with the
/// crate's reason for any eviction.
pub(super) fn step_sentence(moment: &Moment, kinds: &[PolicyKind], requests: &Requests) -> String {
    let total = requests.keys.len();
    let Some((key, outcomes)) = &moment.last else {
        return format!("Back at the start: no requests served yet, {total} to go.");
    };
    let parts: Vec<String> = kinds
        .iter()
        .zip(outcomes)
        .map(|(k, o)| match o {
            Outcome::Hit => format!("{} hit", k.label()),
            Outcome::Miss { evicted: None } => format!("{} missed (there was room)", k.label()),
            Outcome::Miss {
                evicted: Some(e), ..
            } => format!(
                "{} missed and evicted {}: {}",
                k.label(),
                requests.label(e.key),
                e.because
            ),
        })
        .collect();
    format!(
        "Request {} of {total}, key {}: {}.",
        moment.position,
        requests.label(*key),
        parts.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widgets::cache_eviction::source::requests;
    use crate::widgets::cache_eviction::timeline::Timeline;
    use cache_policies::Capacity;
    use widget_params::WidgetParams;

    #[test]
    fn every_preset_is_valid() {
        for p in &PRESETS {
            let params = (p.params)();
            assert_eq!(params.validate(), Ok(()), "{}", p.id);
            assert!(requests(&params, None).is_ok(), "{}", p.id);
            assert!(preset(p.id).is_some());
        }
    }

    #[test]
    fn a_step_is_narrated_with_the_crates_reasons() {
        let params = (PRESETS[2].params)();
        let r = requests(&params, None).unwrap();
        let kinds = vec![PolicyKind::Fifo, PolicyKind::Lru];
        let t = Timeline::new(kinds.clone(), Capacity::new(3).unwrap(), 0, r.keys.clone());
        assert_eq!(
            step_sentence(&t.at(1), &kinds, &r),
            "Request 1 of 12, key 1: FIFO missed (there was room); LRU missed (there was room)."
        );
        assert_eq!(
            step_sentence(&t.at(4), &kinds, &r),
            "Request 4 of 12, key 4: FIFO missed and evicted 1: it was the oldest entry (first in, first out); LRU missed and evicted 1: it was the least recently used."
        );
        assert!(step_sentence(&t.at(0), &kinds, &r).starts_with("Back at the start"));
    }
}
