//! W-TinyLFU: a small LRU window in front of a segmented LRU, with TinyLFU admission.
//!
//! Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
//! ACM Transactions on Storage 13(4), 2017, section 4 (W-TinyLFU), the design Caffeine
//! uses. Every access is recorded in a [`FrequencySketch`]. A new key enters the
//! **window**, an LRU of 1% of the cache. When the cache is full, the window's LRU entry
//! (the *candidate*) must win admission to the **main** cache against main's *victim*
//! (the LRU entry of probation, or of protected if probation is empty): the candidate
//! is admitted only if its estimated frequency is strictly higher; the loser is
//! evicted. The main cache is a segmented LRU (Karedla, Love and Wherry, IEEE Computer
//! 27(3), 1994): **probation** (20%) takes admitted entries, a hit there promotes the
//! entry to **protected** (80%), whose overflow is demoted back to probation's MRU end.
//!
//! Constants (Caffeine's defaults): window 1% of the capacity (at least 1), protected
//! 80% of the main cache. Caffeine also adapts the window size by hill climbing and
//! admits a few losers at random against hash flooding; this implementation keeps the
//! paper's fixed 1% window and deterministic rule.
//!
//! Memory: a 24-byte slab node and one key-index entry per cached key, plus the sketch
//! (about 2 bytes per entry of counters and 10 bits of doorkeeper).

use crate::index::KeyIndex;
use crate::policy::{Capacity, Eviction, Key, Outcome, Policy, Reason};
use crate::sketch::{FrequencySketch, SketchView};
use crate::slab::{List, Slab, NIL};
use serde::{Deserialize, Serialize};

const WINDOW: u8 = 0;
const PROBATION: u8 = 1;
const PROTECTED: u8 = 2;
/// The window's share of the capacity, in percent.
const WINDOW_PERCENT: u32 = 1;
/// Protected's share of the main cache, in percent.
const PROTECTED_PERCENT: u64 = 80;

/// A W-TinyLFU cache.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WTinyLfu {
    capacity: Capacity,
    window_cap: u32,
    main_cap: u32,
    protected_cap: u32,
    /// Payload: the segment the entry is in.
    slab: Slab<u8>,
    /// Window, probation, protected; MRU at the head.
    lists: [List; 3],
    sketch: FrequencySketch,
    map: KeyIndex,
}

/// W-TinyLFU's inner state for display (every list most recently used first; each key
/// with its current frequency estimate).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WTinyLfuView {
    /// The admission window.
    pub window: Vec<(Key, u8)>,
    /// Main cache, probation segment.
    pub probation: Vec<(Key, u8)>,
    /// Main cache, protected segment.
    pub protected: Vec<(Key, u8)>,
    /// The frequency sketch.
    pub sketch: SketchView,
}

impl WTinyLfu {
    /// An empty W-TinyLFU cache.
    pub fn new(capacity: Capacity) -> Self {
        let n = capacity.as_usize().min(crate::PREALLOCATE);
        let window_cap = capacity.share(WINDOW_PERCENT);
        let main_cap = capacity.get() - window_cap;
        let protected_cap = ((u64::from(main_cap) * PROTECTED_PERCENT / 100) as u32).max(1);
        Self {
            capacity,
            window_cap,
            main_cap,
            protected_cap,
            slab: Slab::with_capacity(n),
            lists: [List::default(); 3],
            sketch: FrequencySketch::new(capacity),
            map: KeyIndex::with_capacity(n),
        }
    }

    /// The inner state for display.
    pub fn view(&self) -> WTinyLfuView {
        let keys = |l: u8| {
            self.slab
                .iter(&self.lists[l as usize])
                .map(|n| (n.key, self.sketch.estimate(n.key)))
                .collect()
        };
        WTinyLfuView {
            window: keys(WINDOW),
            probation: keys(PROBATION),
            protected: keys(PROTECTED),
            sketch: self.sketch.view(),
        }
    }

    /// The frequency sketch (for estimates of keys not cached).
    pub fn sketch(&self) -> &FrequencySketch {
        &self.sketch
    }

    #[inline]
    fn shift(&mut self, idx: u32, from: u8, to: u8) {
        self.slab.unlink(&mut self.lists[from as usize], idx);
        self.slab.push_front(&mut self.lists[to as usize], idx);
        self.slab.node_mut(idx).data = to;
    }

    /// Removes a node from its list and the cache entirely.
    fn remove(&mut self, idx: u32, list: u8) -> Key {
        self.slab.unlink(&mut self.lists[list as usize], idx);
        let key = self.slab.node(idx).key;
        self.map.remove(key);
        self.slab.release(idx);
        key
    }

    /// Frees one slot of a full cache: the admission contest.
    fn evict(&mut self) -> Option<Eviction> {
        let candidate = self.lists[WINDOW as usize].tail;
        let (victim, victim_list) = if self.lists[PROBATION as usize].tail != NIL {
            (self.lists[PROBATION as usize].tail, PROBATION)
        } else {
            (self.lists[PROTECTED as usize].tail, PROTECTED)
        };
        if candidate == NIL && victim == NIL {
            return None;
        }
        if victim == NIL || self.main_cap == 0 {
            let key = self.remove(candidate, WINDOW);
            return Some(Eviction {
                key,
                because: Reason::TinyLfuWindow,
            });
        }
        let victim_freq = self.sketch.estimate(self.slab.node(victim).key);
        if candidate == NIL {
            let key = self.remove(victim, victim_list);
            let because = Reason::TinyLfuReplaced {
                candidate: 0,
                victim: victim_freq,
            };
            return Some(Eviction { key, because });
        }
        let candidate_freq = self.sketch.estimate(self.slab.node(candidate).key);
        if candidate_freq > victim_freq {
            let key = self.remove(victim, victim_list);
            self.shift(candidate, WINDOW, PROBATION);
            let because = Reason::TinyLfuReplaced {
                candidate: candidate_freq,
                victim: victim_freq,
            };
            Some(Eviction { key, because })
        } else {
            let key = self.remove(candidate, WINDOW);
            let because = Reason::TinyLfuRejected {
                candidate: candidate_freq,
                victim: victim_freq,
            };
            Some(Eviction { key, because })
        }
    }
}

impl Policy for WTinyLfu {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        self.sketch.record(key);
        if let Some(idx) = self.map.get(key) {
            match self.slab.node(idx).data {
                PROBATION => {
                    self.shift(idx, PROBATION, PROTECTED);
                    if self.lists[PROTECTED as usize].len > self.protected_cap {
                        let demoted = self.lists[PROTECTED as usize].tail;
                        self.shift(demoted, PROTECTED, PROBATION);
                    }
                }
                list => self.slab.move_to_front(&mut self.lists[list as usize], idx),
            }
            return Outcome::Hit;
        }
        let evicted = if self.len() >= self.capacity.as_usize() {
            self.evict()
        } else {
            None
        };
        let idx = self.slab.alloc(key, WINDOW);
        self.slab.push_front(&mut self.lists[WINDOW as usize], idx);
        self.map.insert(key, idx);
        if self.lists[WINDOW as usize].len > self.window_cap {
            let spill = self.lists[WINDOW as usize].tail;
            self.shift(spill, WINDOW, PROBATION);
        }
        Outcome::Miss { evicted }
    }

    fn contains(&self, key: Key) -> bool {
        self.map.contains_key(key)
    }

    fn len(&self) -> usize {
        self.lists.iter().map(|l| l.len as usize).sum()
    }

    fn capacity(&self) -> Capacity {
        self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{cap, run_keys};

    #[test]
    fn frequent_keys_survive_a_scan() {
        let mut c = WTinyLfu::new(cap(10)); // window 1, main 9, protected 7
        for _ in 0..5 {
            run_keys(&mut c, &(1..=9).collect::<Vec<_>>());
        }
        // A scan of new keys: each loses the admission contest.
        for k in 100..130 {
            let out = c.access(k);
            if let Some(Eviction { because, .. }) = out.evicted() {
                assert!(
                    matches!(
                        because,
                        Reason::TinyLfuRejected { .. } | Reason::TinyLfuWindow
                    ) || matches!(because, Reason::TinyLfuReplaced { .. })
                );
            }
        }
        let kept = (1..=9).filter(|&k| c.contains(k)).count();
        assert!(kept >= 8, "only {kept} of the 9 hot keys survived");
        let view = c.view();
        assert_eq!(view.window.len(), 1);
        assert!(view.protected.len() <= 7);
        assert_eq!(c.len(), 10);
    }

    #[test]
    fn candidate_with_higher_frequency_replaces_the_victim() {
        let mut c = WTinyLfu::new(cap(3)); // window 1, main 2
        run_keys(&mut c, &[1, 2, 3]);
        run_keys(&mut c, &[5, 5, 5]); // 5's window hits raise its estimate
        let out = c.access(6);
        assert!(matches!(
            out.evicted(),
            Some(Eviction {
                because: Reason::TinyLfuReplaced { .. },
                ..
            })
        ));
        assert!(c.contains(5) && c.contains(6));
    }
}
