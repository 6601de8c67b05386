//! CLOCK (second chance): FIFO that spares entries used since the hand last passed.
//!
//! Corbató's approximation of LRU ("A paging experiment with the Multics system", MIT
//! Project MAC report MAC-M-384, 1968). The slots form a circle with a hand. A hit sets
//! the entry's reference bit and moves nothing. On a miss in a full cache the hand
//! sweeps: an entry with its bit set gets a second chance (the bit is cleared and the
//! hand moves on); the first entry with a clear bit is evicted, the new key takes its
//! slot and the hand moves past it. New entries start with a clear bit (as in
//! libCacheSim's `Clock`), so a key must be hit once to earn its second chance.
//!
//! Memory: a `u64` key and a `bool` per slot plus one key-index entry. A sweep visits
//! each slot at most twice, so a miss is O(1) amortised.

use crate::index::{KeyIndex, Probe};
use crate::policy::{Capacity, Key, Outcome, Policy, Reason};
use serde::{Deserialize, Serialize};

/// A CLOCK cache.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Clock {
    capacity: Capacity,
    keys: Vec<Key>,
    referenced: Vec<bool>,
    hand: u32,
    map: KeyIndex,
}

/// CLOCK's inner state for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    /// The slots in circle order: each key and its reference bit.
    pub slots: Vec<(Key, bool)>,
    /// The slot the hand points at (where the next sweep starts).
    pub hand: usize,
}

impl Clock {
    /// An empty CLOCK cache.
    pub fn new(capacity: Capacity) -> Self {
        let n = capacity.as_usize().min(crate::PREALLOCATE);
        Self {
            capacity,
            keys: Vec::with_capacity(n),
            referenced: Vec::with_capacity(n),
            hand: 0,
            map: KeyIndex::with_capacity(n),
        }
    }

    /// The inner state for display.
    pub fn view(&self) -> ClockView {
        ClockView {
            slots: self
                .keys
                .iter()
                .copied()
                .zip(self.referenced.iter().copied())
                .collect(),
            hand: self.hand as usize,
        }
    }
}

impl Policy for Clock {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        let victim = match self.map.probe(key) {
            Probe::Found(found, _) => {
                self.referenced[found as usize] = true;
                return Outcome::Hit;
            }
            Probe::Vacant(cell) => {
                if self.keys.len() < self.capacity.as_usize() {
                    self.map.insert_at(cell, key, self.keys.len() as u32);
                    self.keys.push(key);
                    self.referenced.push(false);
                    return Outcome::Miss { evicted: None };
                }
                let last = self.capacity.get() - 1;
                let mut hand = self.hand;
                while std::mem::replace(&mut self.referenced[hand as usize], false) {
                    hand = if hand == last { 0 } else { hand + 1 };
                }
                self.map.insert_at(cell, key, hand);
                let victim = std::mem::replace(&mut self.keys[hand as usize], key);
                self.hand = if hand == last { 0 } else { hand + 1 };
                victim
            }
        };
        self.map.remove(victim);
        Outcome::miss_evicting(victim, Reason::ClockHand)
    }

    fn contains(&self, key: Key) -> bool {
        self.map.contains_key(key)
    }

    fn len(&self) -> usize {
        self.keys.len()
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
    fn referenced_entries_get_a_second_chance() {
        let mut c = Clock::new(cap(3));
        run_keys(&mut c, &[1, 2, 3, 1]);
        assert_eq!(c.view().slots, vec![(1, true), (2, false), (3, false)]);
        // The hand spares 1 (clearing its bit) and evicts 2.
        assert_eq!(c.access(4).evicted().map(|e| e.key), Some(2));
        let view = c.view();
        assert_eq!(view.slots, vec![(1, false), (4, false), (3, false)]);
        assert_eq!(view.hand, 2);
        assert_eq!(c.access(5).evicted().map(|e| e.key), Some(3));
    }

    #[test]
    fn all_referenced_degrades_to_fifo() {
        let mut c = Clock::new(cap(2));
        run_keys(&mut c, &[1, 2, 1, 2]);
        assert_eq!(c.access(3).evicted().map(|e| e.key), Some(1));
    }
}
