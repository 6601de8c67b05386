//! SIEVE: a FIFO queue with a hand that sifts out entries not visited since its last pass.
//!
//! From Zhang, Yang, Yue, Vigfusson and Rashmi, "SIEVE is Simpler than LRU: an
//! Efficient Turn-Key Eviction Algorithm for Web Caches", NSDI 2024. New keys enter at
//! the head of a queue; a hit only sets the entry's `visited` bit. To evict, a hand
//! starts where it last stopped (the tail at first) and walks towards the head,
//! clearing `visited` bits, until it finds an unvisited entry: that one is evicted and
//! the hand stays at its newer neighbour (wrapping to the tail past the head). Unlike
//! CLOCK, survivors are not moved: they keep their place among old entries, while new
//! entries that are never reused are the first the hand meets ("quick demotion"), which
//! is why SIEVE beats LRU on web traces full of one-hit wonders.
//!
//! Memory: a 24-byte slab node (key, links, bit) per entry plus one key-index entry.

use crate::index::{KeyIndex, Probe};
use crate::policy::{Capacity, Key, Outcome, Policy, Reason};
use crate::slab::{List, Slab, NIL};
use serde::{Deserialize, Serialize};

/// A SIEVE cache.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Sieve {
    capacity: Capacity,
    /// Node payload: the `visited` bit.
    slab: Slab<bool>,
    /// Newest at the head.
    queue: List,
    /// Where the next eviction's search starts; `NIL` means the tail.
    hand: u32,
    map: KeyIndex,
}

/// SIEVE's inner state for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SieveView {
    /// The queue, newest first: each key and its `visited` bit.
    pub queue: Vec<(Key, bool)>,
    /// The key the hand points at, or `None` when it will start from the tail.
    pub hand: Option<Key>,
}

impl Sieve {
    /// An empty SIEVE cache.
    pub fn new(capacity: Capacity) -> Self {
        let n = capacity.as_usize().min(crate::PREALLOCATE);
        Self {
            capacity,
            slab: Slab::with_capacity(n),
            queue: List::default(),
            hand: NIL,
            map: KeyIndex::with_capacity(n),
        }
    }

    /// The inner state for display.
    pub fn view(&self) -> SieveView {
        SieveView {
            queue: self
                .slab
                .iter(&self.queue)
                .map(|n| (n.key, n.data))
                .collect(),
            hand: (self.hand != NIL).then(|| self.slab.node(self.hand).key),
        }
    }
}

impl Policy for Sieve {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        let victim = match self.map.probe(key) {
            Probe::Found(found, _) => {
                self.slab.node_mut(found).data = true;
                return Outcome::Hit;
            }
            Probe::Vacant(cell) => {
                if self.queue.len < self.capacity.get() {
                    let idx = self.slab.alloc(key, false);
                    self.slab.push_front(&mut self.queue, idx);
                    self.map.insert_at(cell, key, idx);
                    return Outcome::Miss { evicted: None };
                }
                let mut at = if self.hand != NIL {
                    self.hand
                } else {
                    self.queue.tail
                };
                loop {
                    let node = self.slab.node_mut(at);
                    if !node.data {
                        break;
                    }
                    node.data = false;
                    at = if node.prev != NIL {
                        node.prev
                    } else {
                        self.queue.tail
                    };
                }
                self.hand = self.slab.node(at).prev;
                self.map.insert_at(cell, key, at);
                let victim = std::mem::replace(&mut self.slab.node_mut(at).key, key);
                self.slab.move_to_front(&mut self.queue, at);
                victim
            }
        };
        self.map.remove(victim);
        Outcome::miss_evicting(victim, Reason::SieveUnvisited)
    }

    fn contains(&self, key: Key) -> bool {
        self.map.contains_key(key)
    }

    fn len(&self) -> usize {
        self.queue.len as usize
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
    fn hand_sifts_from_the_tail_and_remembers_its_place() {
        let mut c = Sieve::new(cap(3));
        run_keys(&mut c, &[1, 2, 3, 1, 2]);
        assert_eq!(c.view().queue, vec![(3, false), (2, true), (1, true)]);
        // The hand clears 1 and 2 and evicts 3; it then points past the head: the tail.
        assert_eq!(c.access(4).evicted().map(|e| e.key), Some(3));
        let view = c.view();
        assert_eq!(view.queue, vec![(4, false), (2, false), (1, false)]);
        assert_eq!(view.hand, None);
        assert_eq!(c.access(5).evicted().map(|e| e.key), Some(1));
        assert_eq!(c.view().hand, Some(2));
        assert!(c.access(4).is_hit());
        assert_eq!(c.access(6).evicted().map(|e| e.key), Some(2));
    }
}
