//! 2Q: a FIFO for keys seen once, an LRU for keys proven popular, and a ghost queue.
//!
//! Johnson and Shasha, "2Q: A Low Overhead High Performance Buffer Management
//! Replacement Algorithm", VLDB 1994 (the "full version" of section 2.2). A new key
//! enters **A1in**, a FIFO of about a quarter of the cache; a hit there changes nothing
//! (the paper treats quick re-references as correlated, not as proof of popularity).
//! When A1in holds more than its share (`Kin`), its oldest entry is evicted and its key
//! remembered in **A1out**, a ghost FIFO of `Kout` keys. A miss on a key still in A1out
//! is the proof: the key goes to **Am**, an LRU of the rest. Otherwise the victim is
//! Am's least recently used entry. A scan therefore flows through A1in and A1out without
//! disturbing Am.
//!
//! Constants, as the paper recommends: `Kin` = 25% of the capacity, `Kout` = 50%.
//!
//! Memory: a 24-byte slab node per entry, plus a `u64` per ghost slot, plus one
//! key-index entry per cached or remembered key.

use crate::ghost::{Ghosts, GHOST};
use crate::index::KeyIndex;
use crate::policy::{Capacity, Eviction, Key, Outcome, Policy, Reason};
use crate::slab::{List, Slab};
use serde::{Deserialize, Serialize};

/// Kin: A1in's share of the capacity, in percent.
const KIN_PERCENT: u32 = 25;
/// Kout: A1out's size as a share of the capacity, in percent.
const KOUT_PERCENT: u32 = 50;

/// A 2Q cache.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TwoQ {
    capacity: Capacity,
    kin: u32,
    /// Payload: whether the entry is in Am (else A1in).
    slab: Slab<bool>,
    a1in: List,
    am: List,
    a1out: Ghosts,
    map: KeyIndex,
}

/// 2Q's inner state for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoQView {
    /// A1in, newest first (the last key goes next).
    pub a1in: Vec<Key>,
    /// A1out (ghost keys, not cached), oldest first.
    pub a1out: Vec<Key>,
    /// Am, most recently used first.
    pub am: Vec<Key>,
    /// Kin, A1in's size threshold.
    pub kin: u32,
}

impl TwoQ {
    /// An empty 2Q cache.
    pub fn new(capacity: Capacity) -> Self {
        let n = capacity.as_usize().min(crate::PREALLOCATE);
        Self {
            capacity,
            kin: capacity.share(KIN_PERCENT),
            slab: Slab::with_capacity(n),
            a1in: List::default(),
            am: List::default(),
            a1out: Ghosts::new(capacity.share(KOUT_PERCENT)),
            map: KeyIndex::with_capacity(n),
        }
    }

    /// The inner state for display.
    pub fn view(&self) -> TwoQView {
        TwoQView {
            a1in: self.slab.iter(&self.a1in).map(|n| n.key).collect(),
            a1out: self.a1out.keys(&self.map),
            am: self.slab.iter(&self.am).map(|n| n.key).collect(),
            kin: self.kin,
        }
    }

    /// Frees one slot if the cache is full ("reclaimfor" in the paper).
    fn reclaim(&mut self) -> Option<Eviction> {
        if self.a1in.len + self.am.len < self.capacity.get() {
            return None;
        }
        if self.a1in.len > self.kin || self.am.len == 0 {
            let idx = self.slab.pop_back(&mut self.a1in)?;
            let key = self.slab.node(idx).key;
            self.slab.release(idx);
            self.a1out.remember(&mut self.map, key);
            Some(Eviction {
                key,
                because: Reason::TwoQueueFirstIn,
            })
        } else {
            let idx = self.slab.pop_back(&mut self.am)?;
            let key = self.slab.node(idx).key;
            self.slab.release(idx);
            self.map.remove(key);
            Some(Eviction {
                key,
                because: Reason::TwoQueueMainLru,
            })
        }
    }
}

impl Policy for TwoQ {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        let to_main = match self.map.get(key) {
            Some(idx) if idx & GHOST == 0 => {
                if self.slab.node(idx).data {
                    self.slab.move_to_front(&mut self.am, idx);
                }
                return Outcome::Hit;
            }
            Some(_) => {
                // Unmark the ghost before evicting: the ring may overwrite its slot.
                self.map.remove(key);
                self.a1out.revived();
                true
            }
            None => false,
        };
        let evicted = self.reclaim();
        let idx = self.slab.alloc(key, to_main);
        let list = if to_main {
            &mut self.am
        } else {
            &mut self.a1in
        };
        self.slab.push_front(list, idx);
        self.map.insert(key, idx);
        Outcome::Miss { evicted }
    }

    fn contains(&self, key: Key) -> bool {
        self.map.get(key).is_some_and(|v| v & GHOST == 0)
    }

    fn len(&self) -> usize {
        (self.a1in.len + self.am.len) as usize
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
    fn ghost_hit_promotes_to_am_and_scans_pass_through() {
        let mut c = TwoQ::new(cap(4)); // Kin = 1, Kout = 2
        run_keys(&mut c, &[1, 2, 3, 4]);
        assert_eq!(c.view().a1in, vec![4, 3, 2, 1]);
        // A1in is over Kin: its oldest goes, remembered in A1out.
        assert_eq!(
            c.access(5).evicted(),
            Some(Eviction {
                key: 1,
                because: Reason::TwoQueueFirstIn
            })
        );
        assert_eq!(c.view().a1out, vec![1]);
        assert!(!c.contains(1));
        // 1 returns while remembered: it goes to Am.
        assert_eq!(c.access(1).evicted().map(|e| e.key), Some(2));
        let view = c.view();
        assert_eq!(view.am, vec![1]);
        assert_eq!(view.a1out, vec![2]);
        // A scan of new keys only churns A1in.
        run_keys(&mut c, &[10, 11, 12, 13, 14]);
        assert!(c.contains(1));
        assert!(c.access(1).is_hit());
    }
}
