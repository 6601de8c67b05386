//! Every policy behind one value: [`PolicyKind`] names them, [`AnyPolicy`] holds one,
//! [`PolicyView`] is its inner state for display.
//!
//! A view (or the command-line example) that compares policies side by side holds a
//! `Vec<AnyPolicy>`; the `match` in [`AnyPolicy::access`] is a jump table, cheap next to
//! the hash lookup. For the fastest loops use the concrete types directly.

use crate::policy::{Capacity, Error, Key, Outcome, Policy};
use crate::{
    arc::ArcView, belady::BeladyView, clock::ClockView, fifo::FifoView, lfu::LfuView, lru::LruView,
    random::RandomView, s3fifo::S3FifoView, sieve::SieveView, tinylfu::WTinyLfuView,
    two_q::TwoQView,
};
use crate::{
    ArcPolicy, Belady, Clock, Fifo, Lfu, Lru, RandomPolicy, S3Fifo, Sieve, TwoQ, WTinyLfu,
};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The policies, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyKind {
    /// First in, first out.
    Fifo,
    /// Least recently used.
    Lru,
    /// Least frequently used (O(1), LRU among ties).
    Lfu,
    /// CLOCK (second chance).
    Clock,
    /// Random replacement (seeded).
    Random,
    /// 2Q (Johnson and Shasha, 1994).
    TwoQ,
    /// ARC (Megiddo and Modha, 2003).
    Arc,
    /// SIEVE (Zhang et al., 2024).
    Sieve,
    /// S3-FIFO (Yang et al., 2023).
    S3Fifo,
    /// W-TinyLFU (Einziger, Friedman and Manes, 2017).
    WTinyLfu,
    /// Belady's optimal offline policy (needs the whole trace).
    Belady,
}

impl PolicyKind {
    /// Every policy, in display order.
    pub const ALL: [PolicyKind; 11] = [
        PolicyKind::Fifo,
        PolicyKind::Lru,
        PolicyKind::Lfu,
        PolicyKind::Clock,
        PolicyKind::Random,
        PolicyKind::TwoQ,
        PolicyKind::Arc,
        PolicyKind::Sieve,
        PolicyKind::S3Fifo,
        PolicyKind::WTinyLfu,
        PolicyKind::Belady,
    ];

    /// The short name used in URLs, CSV output and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Fifo => "fifo",
            PolicyKind::Lru => "lru",
            PolicyKind::Lfu => "lfu",
            PolicyKind::Clock => "clock",
            PolicyKind::Random => "random",
            PolicyKind::TwoQ => "two-q",
            PolicyKind::Arc => "arc",
            PolicyKind::Sieve => "sieve",
            PolicyKind::S3Fifo => "s3-fifo",
            PolicyKind::WTinyLfu => "w-tinylfu",
            PolicyKind::Belady => "belady",
        }
    }

    /// The name as people write it ("S3-FIFO", "W-TinyLFU").
    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::Fifo => "FIFO",
            PolicyKind::Lru => "LRU",
            PolicyKind::Lfu => "LFU",
            PolicyKind::Clock => "CLOCK",
            PolicyKind::Random => "Random",
            PolicyKind::TwoQ => "2Q",
            PolicyKind::Arc => "ARC",
            PolicyKind::Sieve => "SIEVE",
            PolicyKind::S3Fifo => "S3-FIFO",
            PolicyKind::WTinyLfu => "W-TinyLFU",
            PolicyKind::Belady => "Belady (optimal)",
        }
    }

    /// Whether the policy needs the future (only Belady's).
    pub fn is_offline(self) -> bool {
        self == PolicyKind::Belady
    }

    /// Builds an empty cache. `seed` is used by the random policy; `trace` only by
    /// Belady's, which must then be fed exactly that trace.
    pub fn build(self, capacity: Capacity, seed: u64, trace: &[Key]) -> AnyPolicy {
        match self {
            PolicyKind::Fifo => AnyPolicy::Fifo(Fifo::new(capacity)),
            PolicyKind::Lru => AnyPolicy::Lru(Lru::new(capacity)),
            PolicyKind::Lfu => AnyPolicy::Lfu(Lfu::new(capacity)),
            PolicyKind::Clock => AnyPolicy::Clock(Clock::new(capacity)),
            PolicyKind::Random => AnyPolicy::Random(RandomPolicy::new(capacity, seed)),
            PolicyKind::TwoQ => AnyPolicy::TwoQ(TwoQ::new(capacity)),
            PolicyKind::Arc => AnyPolicy::Arc(ArcPolicy::new(capacity)),
            PolicyKind::Sieve => AnyPolicy::Sieve(Sieve::new(capacity)),
            PolicyKind::S3Fifo => AnyPolicy::S3Fifo(S3Fifo::new(capacity)),
            PolicyKind::WTinyLfu => AnyPolicy::WTinyLfu(Box::new(WTinyLfu::new(capacity))),
            PolicyKind::Belady => AnyPolicy::Belady(Belady::new(capacity, trace)),
        }
    }
}

impl fmt::Display for PolicyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for PolicyKind {
    type Err = Error;

    /// Parses a name case-insensitively, ignoring `-` and `_` ("S3FIFO", "2q" work too).
    fn from_str(s: &str) -> Result<Self, Error> {
        let squash = |t: &str| {
            t.chars()
                .filter(|c| *c != '-' && *c != '_')
                .collect::<String>()
                .to_lowercase()
        };
        let wanted = squash(s.trim());
        let wanted = if wanted == "2q" {
            "twoq".to_string()
        } else {
            wanted
        };
        PolicyKind::ALL
            .into_iter()
            .find(|k| squash(k.name()) == wanted)
            .ok_or_else(|| Error::UnknownPolicy {
                name: s.to_string(),
            })
    }
}

/// Any one of the policies, as a value.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[allow(missing_docs)] // Each variant holds the policy of the same name.
pub enum AnyPolicy {
    Fifo(Fifo),
    Lru(Lru),
    Lfu(Lfu),
    Clock(Clock),
    Random(RandomPolicy),
    TwoQ(TwoQ),
    Arc(ArcPolicy),
    Sieve(Sieve),
    S3Fifo(S3Fifo),
    WTinyLfu(Box<WTinyLfu>),
    Belady(Belady),
}

/// Any policy's inner state, for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)] // Each variant holds the view of the policy of the same name.
pub enum PolicyView {
    Fifo(FifoView),
    Lru(LruView),
    Lfu(LfuView),
    Clock(ClockView),
    Random(RandomView),
    TwoQ(TwoQView),
    Arc(ArcView),
    Sieve(SieveView),
    S3Fifo(S3FifoView),
    WTinyLfu(Box<WTinyLfuView>),
    Belady(BeladyView),
}

macro_rules! each {
    ($self:expr, $p:ident => $body:expr) => {
        match $self {
            AnyPolicy::Fifo($p) => $body,
            AnyPolicy::Lru($p) => $body,
            AnyPolicy::Lfu($p) => $body,
            AnyPolicy::Clock($p) => $body,
            AnyPolicy::Random($p) => $body,
            AnyPolicy::TwoQ($p) => $body,
            AnyPolicy::Arc($p) => $body,
            AnyPolicy::Sieve($p) => $body,
            AnyPolicy::S3Fifo($p) => $body,
            AnyPolicy::WTinyLfu($p) => $body,
            AnyPolicy::Belady($p) => $body,
        }
    };
}

impl AnyPolicy {
    /// Which policy this is.
    pub fn kind(&self) -> PolicyKind {
        match self {
            AnyPolicy::Fifo(_) => PolicyKind::Fifo,
            AnyPolicy::Lru(_) => PolicyKind::Lru,
            AnyPolicy::Lfu(_) => PolicyKind::Lfu,
            AnyPolicy::Clock(_) => PolicyKind::Clock,
            AnyPolicy::Random(_) => PolicyKind::Random,
            AnyPolicy::TwoQ(_) => PolicyKind::TwoQ,
            AnyPolicy::Arc(_) => PolicyKind::Arc,
            AnyPolicy::Sieve(_) => PolicyKind::Sieve,
            AnyPolicy::S3Fifo(_) => PolicyKind::S3Fifo,
            AnyPolicy::WTinyLfu(_) => PolicyKind::WTinyLfu,
            AnyPolicy::Belady(_) => PolicyKind::Belady,
        }
    }

    /// The inner state for display (allocates; not for hot loops).
    pub fn view(&self) -> PolicyView {
        match self {
            AnyPolicy::Fifo(p) => PolicyView::Fifo(p.view()),
            AnyPolicy::Lru(p) => PolicyView::Lru(p.view()),
            AnyPolicy::Lfu(p) => PolicyView::Lfu(p.view()),
            AnyPolicy::Clock(p) => PolicyView::Clock(p.view()),
            AnyPolicy::Random(p) => PolicyView::Random(p.view()),
            AnyPolicy::TwoQ(p) => PolicyView::TwoQ(p.view()),
            AnyPolicy::Arc(p) => PolicyView::Arc(p.view()),
            AnyPolicy::Sieve(p) => PolicyView::Sieve(p.view()),
            AnyPolicy::S3Fifo(p) => PolicyView::S3Fifo(p.view()),
            AnyPolicy::WTinyLfu(p) => PolicyView::WTinyLfu(Box::new(p.view())),
            AnyPolicy::Belady(p) => PolicyView::Belady(p.view()),
        }
    }
}

impl AnyPolicy {
    /// Feeds `trace` and counts hits and misses, choosing the policy once rather than
    /// once per access (the loop is then the concrete policy's own, with its `access`
    /// inlined): what long runs should call.
    pub fn run(&mut self, trace: &[Key]) -> crate::mrc::Counts {
        use crate::mrc::run;
        match self {
            AnyPolicy::Fifo(p) => run(p, trace),
            AnyPolicy::Lru(p) => run(p, trace),
            AnyPolicy::Lfu(p) => run(p, trace),
            AnyPolicy::Clock(p) => run(p, trace),
            AnyPolicy::Random(p) => run(p, trace),
            AnyPolicy::TwoQ(p) => run(p, trace),
            AnyPolicy::Arc(p) => run(p, trace),
            AnyPolicy::Sieve(p) => run(p, trace),
            AnyPolicy::S3Fifo(p) => run(p, trace),
            AnyPolicy::WTinyLfu(p) => run(&mut **p, trace),
            AnyPolicy::Belady(p) => run(p, trace),
        }
    }
}

impl Policy for AnyPolicy {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        each!(self, p => p.access(key))
    }

    fn contains(&self, key: Key) -> bool {
        each!(self, p => p.contains(key))
    }

    fn len(&self) -> usize {
        each!(self, p => p.len())
    }

    fn capacity(&self) -> Capacity {
        each!(self, p => p.capacity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::cap;

    #[test]
    fn names_round_trip() {
        for kind in PolicyKind::ALL {
            assert_eq!(kind.name().parse::<PolicyKind>(), Ok(kind));
            assert_eq!(kind.build(cap(4), 1, &[]).kind(), kind);
        }
        assert_eq!("S3FIFO".parse::<PolicyKind>(), Ok(PolicyKind::S3Fifo));
        assert_eq!("2Q".parse::<PolicyKind>(), Ok(PolicyKind::TwoQ));
        let err = "lruu".parse::<PolicyKind>().err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("unknown policy \"lruu\"")));
    }

    #[test]
    fn a_run_counts_like_access_by_access() {
        let trace: Vec<Key> = (0..500).map(|i| (i * 7919) % 61).collect();
        for kind in PolicyKind::ALL {
            let mut whole = kind.build(cap(9), 5, &trace);
            let mut one = kind.build(cap(9), 5, &trace);
            let counts = whole.run(&trace);
            let hits = trace.iter().filter(|&&k| one.access(k).is_hit()).count() as u64;
            assert_eq!((counts.hits, counts.misses), (hits, 500 - hits), "{kind}");
            assert_eq!(whole.view(), one.view(), "{kind}");
        }
    }

    #[test]
    fn snapshots_round_trip_through_serde() {
        let trace: Vec<Key> = (0..50).map(|i| (i * 13) % 17).collect();
        for kind in PolicyKind::ALL {
            let mut p = kind.build(cap(5), 3, &trace);
            for &k in &trace[..25] {
                p.access(k);
            }
            let json = serde_json::to_string(&p).unwrap_or_default();
            let back: Result<AnyPolicy, _> = serde_json::from_str(&json);
            let Ok(mut back) = back else {
                panic!("{kind}: snapshot did not parse")
            };
            assert_eq!(back.view(), p.view(), "{kind}");
            for &k in &trace[25..] {
                assert_eq!(back.access(k), p.access(k), "{kind}");
            }
        }
    }
}
