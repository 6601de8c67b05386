//! S3-FIFO: a small FIFO to filter one-hit wonders, a main FIFO with reinsertion, and a
//! ghost FIFO.
//!
//! Yang, Zhang, Qiu, Yue and Rashmi, "FIFO queues are all you need for cache eviction",
//! SOSP 2023. Most keys in real traces are requested once and never again. S3-FIFO
//! admits a new key into a **small** FIFO (10% of the cache); when it reaches the tail,
//! it moves to the **main** FIFO if it was hit while in the small queue, and is evicted
//! otherwise, its key remembered in a **ghost** FIFO. A miss on a remembered key goes
//! straight to main. Main is a FIFO with lazy promotion: each entry carries a 2-bit
//! frequency (hits, capped at 3); at main's tail an entry with frequency above 0 is
//! reinserted at the head with its frequency decremented, and an entry at 0 is evicted.
//!
//! Constants, as the paper and its reference implementation (libCacheSim's `S3FIFO`)
//! set them:
//! - small queue: 10% of the capacity (at least 1 entry); main: the rest;
//! - ghost queue: as many keys as main holds (90% of the capacity);
//! - `MAX_FREQ = 3`: a 2-bit counter;
//! - `MOVE_TO_MAIN = 1`: one hit while in the small queue earns the move to main. A
//!   moved entry starts main with frequency 0, so it must be hit again there to survive
//!   main's tail.
//!
//! Each miss in a full cache evicts exactly one entry: moves from small to main
//! continue until one entry leaves the cache (from small to the ghost queue, or from
//! main when the moves overfill it), as in libCacheSim.
//!
//! Memory: a 16-byte entry and two 4-byte queue slots per cached key, a `u64` per ghost
//! slot, and one key-index entry per cached or remembered key.

use crate::ghost::{Ghosts, GHOST};
use crate::index::KeyIndex;
use crate::policy::{Capacity, Eviction, Key, Outcome, Policy, Reason};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// The small queue's share of the capacity, in percent.
const SMALL_PERCENT: u32 = 10;
/// The frequency counter's ceiling (2 bits).
const MAX_FREQ: u8 = 3;
/// Hits in the small queue needed to move to main.
const MOVE_TO_MAIN: u8 = 1;

/// A cached entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    key: Key,
    freq: u8,
}

/// An S3-FIFO cache.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct S3Fifo {
    capacity: Capacity,
    small_target: u32,
    main_target: u32,
    entries: Vec<Entry>,
    free: Vec<u32>,
    /// Entry indices, oldest at the front.
    small: VecDeque<u32>,
    /// Entry indices, oldest at the front.
    main: VecDeque<u32>,
    ghost: Ghosts,
    map: KeyIndex,
}

/// S3-FIFO's inner state for display (queues oldest first: the front goes next).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct S3FifoView {
    /// The small queue: key and frequency.
    pub small: Vec<(Key, u8)>,
    /// The main queue: key and frequency.
    pub main: Vec<(Key, u8)>,
    /// The ghost queue's keys (not cached).
    pub ghost: Vec<Key>,
    /// The small queue's target size.
    pub small_target: u32,
}

impl S3Fifo {
    /// An empty S3-FIFO cache.
    pub fn new(capacity: Capacity) -> Self {
        let n = capacity.as_usize().min(crate::PREALLOCATE);
        let small_target = capacity.share(SMALL_PERCENT);
        let main_target = capacity.get() - small_target;
        Self {
            capacity,
            small_target,
            main_target,
            entries: Vec::with_capacity(n),
            free: Vec::new(),
            small: VecDeque::with_capacity(n.min(small_target as usize + 1)),
            main: VecDeque::with_capacity(n),
            ghost: Ghosts::new(main_target),
            map: KeyIndex::with_capacity(n + n / 2),
        }
    }

    /// The inner state for display.
    pub fn view(&self) -> S3FifoView {
        let list = |q: &VecDeque<u32>| {
            q.iter()
                .filter_map(|&i| self.entries.get(i as usize).map(|e| (e.key, e.freq)))
                .collect()
        };
        S3FifoView {
            small: list(&self.small),
            main: list(&self.main),
            ghost: self.ghost.keys(&self.map),
            small_target: self.small_target,
        }
    }

    /// How many keys the ghost queue remembers.
    pub fn ghost_len(&self) -> usize {
        self.ghost.len()
    }

    /// Evicts exactly one entry (when the cache is not empty).
    fn evict(&mut self) -> Option<Eviction> {
        while self.small.len() >= self.small_target as usize || self.main.is_empty() {
            let idx = self.small.pop_front()?;
            let entry = &mut self.entries[idx as usize];
            if entry.freq >= MOVE_TO_MAIN {
                entry.freq = 0;
                self.main.push_back(idx);
                if self.main.len() > self.main_target as usize {
                    return self.evict_main();
                }
            } else {
                let key = entry.key;
                self.free.push(idx);
                self.ghost.remember(&mut self.map, key);
                return Some(Eviction {
                    key,
                    because: Reason::S3FifoSmall,
                });
            }
        }
        self.evict_main()
    }

    /// Evicts from main: reinserts entries with uses left, evicts the first without.
    fn evict_main(&mut self) -> Option<Eviction> {
        loop {
            let idx = self.main.pop_front()?;
            let entry = &mut self.entries[idx as usize];
            if entry.freq > 0 {
                entry.freq -= 1;
                self.main.push_back(idx);
            } else {
                let key = entry.key;
                self.free.push(idx);
                self.map.remove(key);
                return Some(Eviction {
                    key,
                    because: Reason::S3FifoMain,
                });
            }
        }
    }
}

impl Policy for S3Fifo {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        let to_main = match self.map.get(key) {
            Some(idx) if idx & GHOST == 0 => {
                let entry = &mut self.entries[idx as usize];
                entry.freq = (entry.freq + 1).min(MAX_FREQ);
                return Outcome::Hit;
            }
            Some(_) => {
                // Unmark the ghost before evicting: the ring may overwrite its slot.
                self.map.remove(key);
                self.ghost.revived();
                true
            }
            None => false,
        };
        let full = self.small.len() + self.main.len() >= self.capacity.as_usize();
        let evicted = if full { self.evict() } else { None };
        let entry = Entry { key, freq: 0 };
        let idx = match self.free.pop() {
            Some(idx) => {
                self.entries[idx as usize] = entry;
                idx
            }
            None => {
                self.entries.push(entry);
                (self.entries.len() - 1) as u32
            }
        };
        if to_main {
            self.main.push_back(idx);
        } else {
            self.small.push_back(idx);
        }
        self.map.insert(key, idx);
        Outcome::Miss { evicted }
    }

    fn contains(&self, key: Key) -> bool {
        self.map.get(key).is_some_and(|v| v & GHOST == 0)
    }

    fn len(&self) -> usize {
        self.small.len() + self.main.len()
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
    fn one_hit_wonders_leave_through_the_small_queue() {
        let mut c = S3Fifo::new(cap(10)); // small 1, main 9, ghost 9
        run_keys(&mut c, &[1, 1]);
        run_keys(&mut c, &(2..=10).collect::<Vec<_>>());
        // Full: 1 was hit in small, so it moves to main; 2 is evicted to the ghost queue.
        let out = c.access(11);
        assert_eq!(
            out.evicted(),
            Some(Eviction {
                key: 2,
                because: Reason::S3FifoSmall
            })
        );
        assert!(c.contains(1));
        assert_eq!(c.view().ghost, vec![2]);
        // 2 returns from the ghost queue straight into main.
        assert!(!c.access(2).is_hit());
        let view = c.view();
        assert!(view.main.iter().any(|&(k, _)| k == 2));
        assert!(view.ghost.is_empty() || !view.ghost.contains(&2));
        assert_eq!(c.len(), 10);
    }

    #[test]
    fn main_reinserts_entries_with_uses_left() {
        let mut c = S3Fifo::new(cap(2)); // small 1, main 1
        run_keys(&mut c, &[1, 1, 2]);
        // 1 was hit, so it moves to main; 2 was not, so it leaves for the ghost queue.
        assert_eq!(c.access(3).evicted().map(|e| e.key), Some(2));
        assert_eq!(c.view().main, vec![(1, 0)]);
        run_keys(&mut c, &[1, 4, 3]);
        // 3 came back from the ghost queue into main, now [1 (freq 1), 3 (freq 0)].
        assert_eq!(c.view().main, vec![(1, 1), (3, 0)]);
        // Main's tail (1) has a use left: reinserted with freq 0; 3 is evicted.
        assert_eq!(
            c.access(5).evicted(),
            Some(Eviction {
                key: 3,
                because: Reason::S3FifoMain
            })
        );
        assert_eq!(c.len(), 2);
    }
}
