//! LFU: evict the entry used fewest times, in O(1) per access.
//!
//! The O(1) structure is Shah, Mitra and Matani's ("An O(1) algorithm for implementing
//! the LFU cache eviction scheme", 2010): a list of frequency buckets in ascending order
//! of use count, each holding a list of the entries with that count. A hit moves an
//! entry to the next bucket (creating the bucket with count + 1 if it is missing and
//! dropping its old bucket if it empties); the victim is taken from the first bucket.
//! Both lists are threaded through index-based slabs.
//!
//! **Tie-break rule:** among the entries with the fewest uses, the one that reached that
//! count longest ago is evicted. Each use moves an entry to the newest end of its new
//! bucket, so this is the least recently used of the least frequently used.
//!
//! Counts start at 1 on insertion and are forgotten on eviction (no aging): LFU keeps
//! formerly popular keys long after they cool down, the weakness that W-TinyLFU's
//! periodic halving and ARC's adaptivity address.
//!
//! Memory: a 24-byte item node per entry, a bucket node per distinct count, and one
//! key-index entry.

use crate::index::KeyIndex;
use crate::policy::{Capacity, Eviction, Key, Outcome, Policy, Reason};
use crate::slab::{List, Slab, NIL};
use serde::{Deserialize, Serialize};

/// An LFU cache.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Lfu {
    capacity: Capacity,
    /// Entries; payload: the index of their bucket.
    items: Slab<u32>,
    /// Buckets; a bucket node's `key` is its use count, its payload the list of entries
    /// with that count (most recent first).
    buckets: Slab<List>,
    /// The buckets, lowest count at the head.
    order: List,
    len: u32,
    map: KeyIndex,
}

/// LFU's inner state for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LfuView {
    /// The buckets, fewest uses first: the use count and its keys, most recent first
    /// (the victim is the last key of the first bucket).
    pub buckets: Vec<(u64, Vec<Key>)>,
}

impl Lfu {
    /// An empty LFU cache.
    pub fn new(capacity: Capacity) -> Self {
        let n = capacity.as_usize().min(crate::PREALLOCATE);
        Self {
            capacity,
            items: Slab::with_capacity(n),
            buckets: Slab::with_capacity(64),
            order: List::default(),
            len: 0,
            map: KeyIndex::with_capacity(n),
        }
    }

    /// The inner state for display.
    pub fn view(&self) -> LfuView {
        LfuView {
            buckets: self
                .buckets
                .iter(&self.order)
                .map(|b| (b.key, self.items.iter(&b.data).map(|n| n.key).collect()))
                .collect(),
        }
    }

    /// Moves entry `idx` from its bucket to the next count's bucket.
    #[inline]
    fn bump(&mut self, idx: u32) {
        let bucket = self.items.node(idx).data;
        let count = self.buckets.node(bucket).key;
        let next = self.buckets.node(bucket).next;
        let target = if next != NIL && self.buckets.node(next).key == count + 1 {
            next
        } else {
            let fresh = self.buckets.alloc(count + 1, List::default());
            self.buckets.insert_after(&mut self.order, bucket, fresh);
            fresh
        };
        self.items
            .unlink(&mut self.buckets.node_mut(bucket).data, idx);
        self.items
            .push_front(&mut self.buckets.node_mut(target).data, idx);
        self.items.node_mut(idx).data = target;
        self.drop_if_empty(bucket);
    }

    #[inline]
    fn drop_if_empty(&mut self, bucket: u32) {
        if self.buckets.node(bucket).data.len == 0 {
            self.buckets.unlink(&mut self.order, bucket);
            self.buckets.release(bucket);
        }
    }

    /// Removes the victim and returns its node (for reuse) and eviction.
    fn evict(&mut self) -> Option<(u32, Eviction)> {
        let bucket = self.order.head;
        if bucket == NIL {
            return None;
        }
        let uses = self.buckets.node(bucket).key;
        let idx = self
            .items
            .pop_back(&mut self.buckets.node_mut(bucket).data)?;
        self.drop_if_empty(bucket);
        let key = self.items.node(idx).key;
        self.map.remove(key);
        Some((
            idx,
            Eviction {
                key,
                because: Reason::LeastFrequentlyUsed { uses },
            },
        ))
    }
}

impl Policy for Lfu {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        if let Some(idx) = self.map.get(key) {
            self.bump(idx);
            return Outcome::Hit;
        }
        let (idx, evicted) = match (self.len >= self.capacity.get()).then(|| self.evict()) {
            Some(Some((idx, eviction))) => {
                self.items.node_mut(idx).key = key;
                (idx, Some(eviction))
            }
            _ => {
                self.len += 1;
                (self.items.alloc(key, NIL), None)
            }
        };
        let first = self.order.head;
        let bucket = if first != NIL && self.buckets.node(first).key == 1 {
            first
        } else {
            let fresh = self.buckets.alloc(1, List::default());
            self.buckets.push_front(&mut self.order, fresh);
            fresh
        };
        self.items
            .push_front(&mut self.buckets.node_mut(bucket).data, idx);
        self.items.node_mut(idx).data = bucket;
        self.map.insert(key, idx);
        Outcome::Miss { evicted }
    }

    fn contains(&self, key: Key) -> bool {
        self.map.contains_key(key)
    }

    fn len(&self) -> usize {
        self.len as usize
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
    fn evicts_fewest_uses_with_lru_tie_break() {
        let mut c = Lfu::new(cap(3));
        run_keys(&mut c, &[1, 1, 2, 3, 2, 1]);
        assert_eq!(
            c.view().buckets,
            vec![(1, vec![3]), (2, vec![2]), (3, vec![1])]
        );
        let out = c.access(4);
        assert_eq!(
            out.evicted(),
            Some(Eviction {
                key: 3,
                because: Reason::LeastFrequentlyUsed { uses: 1 }
            })
        );
        // 2 reaches three uses; 4 is then the only entry with one use.
        run_keys(&mut c, &[2]);
        assert_eq!(c.access(5).evicted().map(|e| e.key), Some(4));
        assert_eq!(c.access(6).evicted().map(|e| e.key), Some(5));
        assert_eq!(c.view().buckets, vec![(1, vec![6]), (3, vec![2, 1])]);
    }
}
