//! LRU: evict the entry used least recently.
//!
//! The classic stack algorithm (Mattson, Gecsei, Slutz and Traiger, "Evaluation
//! techniques for storage hierarchies", IBM Systems Journal 9(2), 1970): the cache of
//! size `c` always holds the `c` most recently used keys, so a larger LRU cache holds a
//! superset of a smaller one and never hits less (the "stack property", tested here and
//! used by [`crate::mrc`] to compute every size's hit ratio in one pass).
//!
//! The recency order is a doubly linked list threaded through an index-based slab: a hit
//! moves its node to the head, a miss in a full cache reuses the tail node for the new
//! key. Memory: a 16-byte node per entry plus one key-index entry.

use crate::index::{KeyIndex, Probe};
use crate::policy::{Capacity, Key, Outcome, Policy, Reason};
use crate::slab::{List, Slab};
use serde::{Deserialize, Serialize};

/// An LRU cache.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Lru {
    capacity: Capacity,
    slab: Slab<()>,
    /// Most recently used at the head.
    list: List,
    map: KeyIndex,
}

/// LRU's inner state for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LruView {
    /// The cached keys, most recently used first (the last one goes next).
    pub recency: Vec<Key>,
}

impl Lru {
    /// An empty LRU cache.
    pub fn new(capacity: Capacity) -> Self {
        let n = capacity.as_usize().min(crate::PREALLOCATE);
        Self {
            capacity,
            slab: Slab::with_capacity(n),
            list: List::default(),
            map: KeyIndex::with_capacity(n),
        }
    }

    /// The inner state for display.
    pub fn view(&self) -> LruView {
        LruView {
            recency: self.slab.iter(&self.list).map(|n| n.key).collect(),
        }
    }
}

impl Policy for Lru {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        let victim = match self.map.probe(key) {
            Probe::Found(found, _) => {
                self.slab.move_to_front(&mut self.list, found);
                return Outcome::Hit;
            }
            Probe::Vacant(cell) => {
                if self.list.len < self.capacity.get() {
                    let idx = self.slab.alloc(key, ());
                    self.slab.push_front(&mut self.list, idx);
                    self.map.insert_at(cell, key, idx);
                    return Outcome::Miss { evicted: None };
                }
                let idx = self.list.tail;
                self.map.insert_at(cell, key, idx);
                let victim = std::mem::replace(&mut self.slab.node_mut(idx).key, key);
                self.slab.move_to_front(&mut self.list, idx);
                victim
            }
        };
        self.map.remove(victim);
        Outcome::miss_evicting(victim, Reason::LeastRecentlyUsed)
    }

    fn contains(&self, key: Key) -> bool {
        self.map.contains_key(key)
    }

    fn len(&self) -> usize {
        self.list.len as usize
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
    fn evicts_least_recently_used() {
        let mut c = Lru::new(cap(3));
        run_keys(&mut c, &[1, 2, 3, 1]);
        assert_eq!(c.view().recency, vec![1, 3, 2]);
        assert_eq!(c.access(4).evicted().map(|e| e.key), Some(2));
        assert_eq!(c.view().recency, vec![4, 1, 3]);
        assert!(c.access(1).is_hit());
        assert_eq!(c.access(5).evicted().map(|e| e.key), Some(3));
    }

    #[test]
    fn capacity_one() {
        let mut c = Lru::new(cap(1));
        assert_eq!(c.access(1), Outcome::Miss { evicted: None });
        assert!(c.access(1).is_hit());
        assert_eq!(c.access(2).evicted().map(|e| e.key), Some(1));
        assert_eq!(c.len(), 1);
    }
}
