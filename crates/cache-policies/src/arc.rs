//! ARC: an adaptive split between recency and frequency, tuned by ghost hits.
//!
//! Megiddo and Modha, "ARC: A Self-Tuning, Low Overhead Replacement Cache", FAST 2003
//! (the algorithm of its Figure 4). For a cache of `c` entries ARC keeps four LRU lists:
//! **T1** (cached, seen once recently), **T2** (cached, seen at least twice), and their
//! ghosts **B1** and **B2** (keys recently evicted from T1 and T2, without data), with
//! `|T1| + |B1| ≤ c` and `|T1| + |T2| + |B1| + |B2| ≤ 2c`. A target `p` for T1's size
//! moves with the ghosts: a miss found in B1 means T1 was too small, so `p` grows by
//! `max(|B2| / |B1|, 1)`; a miss found in B2 shrinks it by `max(|B1| / |B2|, 1)`.
//! `REPLACE` evicts T1's LRU entry into B1 when T1 exceeds `p` (or equals it and the
//! miss came from B2), and T2's LRU entry into B2 otherwise. Any hit moves the entry to
//! T2's MRU end; a ghost hit also lands in T2.
//!
//! The divisions are integer divisions and `p` an integer in `0..=c`, as in most
//! implementations (the paper lets `p` be real).
//!
//! Memory: a 24-byte slab node per cached or ghost entry (at most `2c` nodes) and one
//! key-index entry each: roughly twice LRU's footprint.

use crate::index::KeyIndex;
use crate::policy::{Capacity, Eviction, Key, Outcome, Policy, Reason};
use crate::slab::{List, Slab};
use serde::{Deserialize, Serialize};

const T1: u8 = 0;
const T2: u8 = 1;
const B1: u8 = 2;
const B2: u8 = 3;

/// An ARC cache.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ArcPolicy {
    capacity: Capacity,
    /// The target size of T1.
    p: u32,
    /// Payload: which list the node is in.
    slab: Slab<u8>,
    /// T1, T2, B1, B2, each with its MRU end at the head.
    lists: [List; 4],
    map: KeyIndex,
}

/// ARC's inner state for display (every list most recently used first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArcView {
    /// Cached keys seen once recently.
    pub t1: Vec<Key>,
    /// Cached keys seen at least twice.
    pub t2: Vec<Key>,
    /// Ghost keys evicted from T1.
    pub b1: Vec<Key>,
    /// Ghost keys evicted from T2.
    pub b2: Vec<Key>,
    /// The adaptive target size of T1.
    pub p: u32,
}

impl ArcPolicy {
    /// An empty ARC cache.
    pub fn new(capacity: Capacity) -> Self {
        let n = capacity.as_usize().min(crate::PREALLOCATE);
        Self {
            capacity,
            p: 0,
            slab: Slab::with_capacity(2 * n),
            lists: [List::default(); 4],
            map: KeyIndex::with_capacity(2 * n),
        }
    }

    /// The inner state for display.
    pub fn view(&self) -> ArcView {
        let keys = |l: u8| {
            self.slab
                .iter(&self.lists[l as usize])
                .map(|n| n.key)
                .collect()
        };
        ArcView {
            t1: keys(T1),
            t2: keys(T2),
            b1: keys(B1),
            b2: keys(B2),
            p: self.p,
        }
    }

    #[inline]
    fn len_of(&self, list: u8) -> u32 {
        self.lists[list as usize].len
    }

    /// Moves node `idx` from list `from` to the MRU end of list `to`.
    #[inline]
    fn shift(&mut self, idx: u32, from: u8, to: u8) {
        self.slab.unlink(&mut self.lists[from as usize], idx);
        self.slab.push_front(&mut self.lists[to as usize], idx);
        self.slab.node_mut(idx).data = to;
    }

    /// Deletes the LRU entry of a ghost list entirely.
    fn drop_ghost(&mut self, list: u8) {
        if let Some(idx) = self.slab.pop_back(&mut self.lists[list as usize]) {
            let key = self.slab.node(idx).key;
            self.map.remove(key);
            self.slab.release(idx);
        }
    }

    /// The paper's `REPLACE`: demotes T1's or T2's LRU entry to its ghost list.
    fn replace(&mut self, hit_in_b2: bool) -> Option<Eviction> {
        let t1 = self.len_of(T1);
        let prefer_t1 = t1 >= 1 && ((hit_in_b2 && t1 == self.p) || t1 > self.p);
        let from_t1 = prefer_t1 || self.len_of(T2) == 0;
        let (from, to, because) = if from_t1 {
            (T1, B1, Reason::ArcRecency { target: self.p })
        } else {
            (T2, B2, Reason::ArcFrequency { target: self.p })
        };
        let idx = self.lists[from as usize].tail;
        if idx == crate::slab::NIL {
            return None;
        }
        self.shift(idx, from, to);
        Some(Eviction {
            key: self.slab.node(idx).key,
            because,
        })
    }
}

impl Policy for ArcPolicy {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        let c = self.capacity.get();
        if let Some(idx) = self.map.get(key) {
            let list = self.slab.node(idx).data;
            let evicted = match list {
                T1 | T2 => {
                    self.shift(idx, list, T2);
                    return Outcome::Hit;
                }
                B1 => {
                    let delta = (self.len_of(B2) / self.len_of(B1).max(1)).max(1);
                    self.p = self.p.saturating_add(delta).min(c);
                    self.replace(false)
                }
                _ => {
                    let delta = (self.len_of(B1) / self.len_of(B2).max(1)).max(1);
                    self.p = self.p.saturating_sub(delta);
                    self.replace(true)
                }
            };
            self.shift(idx, list, T2);
            return Outcome::Miss { evicted };
        }
        let l1 = self.len_of(T1) + self.len_of(B1);
        let total = l1 + self.len_of(T2) + self.len_of(B2);
        let mut evicted = None;
        if l1 >= c {
            if self.len_of(T1) < c {
                self.drop_ghost(B1);
                evicted = self.replace(false);
            } else if let Some(idx) = self.slab.pop_back(&mut self.lists[T1 as usize]) {
                let victim = self.slab.node(idx).key;
                self.map.remove(victim);
                self.slab.release(idx);
                evicted = Some(Eviction {
                    key: victim,
                    because: Reason::ArcRecency { target: self.p },
                });
            }
        } else if total >= c {
            if total >= 2 * c {
                self.drop_ghost(B2);
            }
            evicted = self.replace(false);
        }
        let idx = self.slab.alloc(key, T1);
        self.slab.push_front(&mut self.lists[T1 as usize], idx);
        self.map.insert(key, idx);
        Outcome::Miss { evicted }
    }

    fn contains(&self, key: Key) -> bool {
        self.map
            .get(key)
            .is_some_and(|idx| self.slab.node(idx).data <= T2)
    }

    fn len(&self) -> usize {
        (self.len_of(T1) + self.len_of(T2)) as usize
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
    fn ghost_hits_adapt_the_target() {
        let mut c = ArcPolicy::new(cap(2));
        run_keys(&mut c, &[1, 2]);
        assert_eq!(c.view().t1, vec![2, 1]);
        // T1 is full (|T1| = c): its LRU entry is dropped outright.
        assert_eq!(c.access(3).evicted().map(|e| e.key), Some(1));
        assert!(c.access(3).is_hit());
        let view = c.view();
        assert_eq!((view.t1.clone(), view.t2.clone()), (vec![2], vec![3]));
        // A new key: T1 (1) > p (0), so 2 is demoted to ghost list B1.
        assert_eq!(
            c.access(4).evicted(),
            Some(Eviction {
                key: 2,
                because: Reason::ArcRecency { target: 0 }
            })
        );
        assert_eq!(c.view().b1, vec![2]);
        // 2 returns from B1: p grows, and 2 lands in T2.
        let out = c.access(2);
        assert!(!out.is_hit());
        let view = c.view();
        assert_eq!(view.p, 1);
        assert!(view.t2.contains(&2));
        assert_eq!(c.len(), 2);
    }
}
