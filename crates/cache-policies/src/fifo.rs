//! FIFO: evict the entry that entered first.
//!
//! The oldest replacement rule there is (it appears already in Belady's 1966 study,
//! "A study of replacement algorithms for a virtual-storage computer", IBM Systems
//! Journal 5(2)). A hit changes nothing; a miss in a full cache overwrites the oldest
//! slot of a ring buffer. FIFO is not a stack algorithm: a larger FIFO cache can miss
//! more on the same trace (Belady, Nelson and Shedler, "An anomaly in space-time
//! characteristics of certain programs running in a paging machine", CACM 12(6), 1969),
//! which the crate's tests show.
//!
//! Memory: a `u64` per slot plus one key-index entry.

use crate::index::{KeyIndex, Probe};
use crate::policy::{Capacity, Key, Outcome, Policy, Reason};
use serde::{Deserialize, Serialize};

/// A FIFO cache.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fifo {
    capacity: Capacity,
    /// A ring of keys; once full, `oldest` is the next slot to overwrite.
    keys: Vec<Key>,
    oldest: u32,
    map: KeyIndex,
}

/// FIFO's inner state for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FifoView {
    /// The cached keys, oldest (next to go) first.
    pub queue: Vec<Key>,
}

impl Fifo {
    /// An empty FIFO cache.
    pub fn new(capacity: Capacity) -> Self {
        Self {
            capacity,
            keys: Vec::with_capacity(capacity.as_usize().min(crate::PREALLOCATE)),
            oldest: 0,
            map: KeyIndex::with_capacity(capacity.as_usize().min(crate::PREALLOCATE)),
        }
    }

    /// The inner state for display.
    pub fn view(&self) -> FifoView {
        let split = (self.oldest as usize).min(self.keys.len());
        let (newer, older) = self.keys.split_at(split);
        FifoView {
            queue: older.iter().chain(newer).copied().collect(),
        }
    }
}

impl Policy for Fifo {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        let victim = match self.map.probe(key) {
            Probe::Found(..) => return Outcome::Hit,
            Probe::Vacant(cell) => {
                if self.keys.len() < self.capacity.as_usize() {
                    self.map.insert_at(cell, key, self.keys.len() as u32);
                    self.keys.push(key);
                    return Outcome::Miss { evicted: None };
                }
                let at = self.oldest;
                self.map.insert_at(cell, key, at);
                self.oldest = if at + 1 == self.capacity.get() {
                    0
                } else {
                    at + 1
                };
                std::mem::replace(&mut self.keys[at as usize], key)
            }
        };
        self.map.remove(victim);
        Outcome::miss_evicting(victim, Reason::FirstIn)
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
    fn evicts_in_arrival_order_and_ignores_hits() {
        let mut c = Fifo::new(cap(3));
        run_keys(&mut c, &[1, 2, 3, 1]);
        assert_eq!(c.view().queue, vec![1, 2, 3]);
        let out = c.access(4);
        assert_eq!(out.evicted().map(|e| e.key), Some(1));
        assert_eq!(c.view().queue, vec![2, 3, 4]);
        assert_eq!(c.access(5).evicted().map(|e| e.key), Some(2));
        assert!(!c.contains(1) && c.contains(5));
    }
}
