//! LRU: evict the entry used least recently.
//!
//! The classic stack algorithm (Mattson, Gecsei, Slutz and Traiger, "Evaluation
//! techniques for storage hierarchies", IBM Systems Journal 9(2), 1970): the cache of
//! size `c` always holds the `c` most recently used keys, so a larger LRU cache holds a
//! superset of a smaller one and never hits less (the "stack property", tested here and
//! used by [`crate::mrc`] to compute every size's hit ratio in one pass).
//!
//! **The recency order is a ring of access stamps with lazy deletion** (the crate's
//! `stamps` module), not a linked list. Every access appends an entry to the ring, and
//! the append's number, its *stamp*, becomes the key's latest stamp in a hash map. A hit
//! does not unlink anything: it clears the live bit of the key's previous entry and
//! appends a new one. So the live entries are exactly one per cached key, in order of
//! last use, and the first live entry from the front is the least recently used key.
//! That is why this is exact LRU, not an approximation: at every step the cached set and
//! the victim are those of the move-to-front list (the differential test against the
//! `lru` crate checks every outcome and victim, and a property test checks the order
//! against a plain list, across compactions and snapshots). Retired entries are skipped
//! when evicting and dropped when the ring is compacted, which is amortised O(1).
//!
//! Why: a hit in a linked list touches the node, both neighbours and the head, each a
//! cache miss in a large cache; here a hit costs one hash lookup, a bit cleared and an
//! append to the ring. The map is a SwissTable (Google's design, from the `hashbrown`
//! crate, as in the standard library's `HashMap`) rather than the crate's own key index:
//! looking up an absent key reads only one-byte tags, which stay in cache, so a miss
//! costs no cache miss to find out (an earlier version of this design measured about
//! 10% faster on it than on the crate's index). Its slots are 12 bytes (the key in two
//! 4-byte halves and a 4-byte stamp) instead of the 16 a `HashMap<u64, u64>` takes, so
//! more of the table stays in the processor's cache (about 7% faster on the reference
//! trace, and 1 MB less at 100,000 entries).
//!
//! **A ring entry is the number of the key's bucket in the table**, not the key, so
//! evicting the oldest key removes its slot directly, with no lookup. A SwissTable
//! leaves its slots where they are while it neither grows nor rehashes (an insert fills
//! an empty bucket, a removal empties one), and the cache rebuilds the table itself
//! before an insert could make it grow, then points every entry at its key's new
//! bucket. `hashbrown` documents a bucket number as valid only until the table
//! changes, so an eviction also checks that the bucket it reaches holds the stamp it
//! popped; if it ever did not, the cache would find the key by its stamp and point
//! every entry again (tested by scrambling the entries), so a change in `hashbrown`
//! could cost speed but never a wrong answer. The ring and the bucket numbers together
//! made LRU about 10% faster on the benchmark's Zipf trace than the queue of keys they
//! replaced (66.4 against 59.1 and 60.0 M requests/s in criterion runs the same day)
//! and about 47% faster when every request misses (31.0 against 21.1 M/s, medians of 12
//! runs of a loop over 10,000,000 distinct keys): that queue slid its live entries back
//! to its start every few hundred thousand appends, and looked each evicted key up
//! again to remove it.
//!
//! Memory per cached key: 2.3 to 4.6 map slots of 13 bytes (a 12-byte slot and a
//! one-byte tag; the table has room for twice the keys, and is rebuilt so whenever the
//! tombstones that removals leave in crowded groups use that room up) and 4 to 8 ring
//! slots of 4 bytes and a bit. For 100,000 entries, 5.5 MB: 3.4 MB of map and 2.1 MB of
//! ring.

use crate::hash::fold_mix;
use crate::policy::{Capacity, Key, Outcome, Policy, Reason};
use crate::stamps::{Stamp, StampQueue};
use hashbrown::hash_table::HashTable;
use serde::{Deserialize, Serialize, Serializer};

/// The number of a bucket of the map: where a cached key's slot is.
type Bucket = u32;

/// An LRU cache.
#[derive(Clone, Debug, Deserialize)]
#[serde(from = "LruSnapshot")]
pub struct Lru {
    capacity: Capacity,
    /// Every access in order since the last compaction, as the bucket of its key's slot;
    /// one live entry per cached key.
    ring: StampQueue<Bucket>,
    /// The cached keys, each with its latest stamp.
    map: HashTable<Slot>,
}

/// A map entry: a key and its latest stamp in 12 bytes. The key is kept as two halves,
/// so that the slot needs only 4-byte alignment (a `(u64, u32)` pair takes 16).
#[derive(Clone, Copy, Debug)]
struct Slot {
    key: [u32; 2],
    stamp: Stamp,
}

impl Slot {
    fn new(key: Key, stamp: Stamp) -> Self {
        Self {
            key: [key as u32, (key >> 32) as u32],
            stamp,
        }
    }

    #[inline(always)]
    fn key(&self) -> Key {
        Key::from(self.key[0]) | Key::from(self.key[1]) << 32
    }

    #[inline(always)]
    fn is(&self, key: Key) -> bool {
        self.key() == key
    }

    fn hash(&self) -> u64 {
        fold_mix(self.key())
    }
}

/// A snapshot: the cached keys, least recently used first. Replaying them rebuilds the
/// same cache, and the size stays bounded by the capacity however long the run was.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct LruSnapshot {
    capacity: Capacity,
    oldest_first: Vec<Key>,
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
            ring: StampQueue::with_room(n),
            map: Self::table_for(n),
        }
    }

    /// A table with room for twice `n` keys: removals leave tombstones, and this many
    /// free buckets keeps rebuilds rare (one in 10,000,000 requests of the benchmark's
    /// trace, against 42 with room for an eighth more than the keys, which made LRU 27%
    /// slower).
    fn table_for(n: usize) -> HashTable<Slot> {
        HashTable::with_capacity(2 * n.max(1))
    }

    /// The inner state for display.
    pub fn view(&self) -> LruView {
        let mut recency = self.oldest_first();
        recency.reverse();
        LruView { recency }
    }

    /// The cached keys, least recently used first: the ring's live entries in order,
    /// each checked against the stamp in its bucket (a key whose bucket the ring had
    /// wrong, which `hashbrown` does not do today, is found by its stamp instead).
    fn oldest_first(&self) -> Vec<Key> {
        self.ring
            .live()
            .into_iter()
            .filter_map(|(stamp, bucket)| {
                let slot = self.map.get_bucket(bucket as usize);
                match slot.filter(|s| s.stamp == stamp) {
                    Some(slot) => Some(slot.key()),
                    None => self.map.iter().find(|s| s.stamp == stamp).map(Slot::key),
                }
            })
            .collect()
    }

    /// A miss: evicts the least recently used key if the cache is full, then caches
    /// `key`. Out of line, so that the hit path is small enough to inline into loops.
    #[inline(never)]
    fn admit(&mut self, key: Key) -> Outcome {
        let victim = if self.map.len() < self.capacity.as_usize() {
            None
        } else {
            self.evict()
        };
        // The insert below must not grow or rehash the table, which would move slots
        // without telling the ring.
        if self.map.len() >= self.map.capacity() {
            self.rebuild();
        }
        let entry = self
            .map
            .insert_unique(fold_mix(key), Slot::new(key, 0), Slot::hash);
        let bucket = entry.bucket_index() as Bucket;
        entry.into_mut().stamp = self.ring.push(bucket);
        match victim {
            Some(victim) => Outcome::miss_evicting(victim, Reason::LeastRecentlyUsed),
            None => Outcome::Miss { evicted: None },
        }
    }

    /// Removes the least recently used key from the map and returns it.
    fn evict(&mut self) -> Option<Key> {
        let (stamp, bucket) = self.ring.pop_oldest()?;
        match self.map.get_bucket_entry(bucket as usize) {
            Ok(entry) if entry.get().stamp == stamp => Some(entry.remove().0.key()),
            _ => self.evict_lost(stamp),
        }
    }

    /// Evicts the key whose latest stamp is `stamp` when the ring's bucket for it was
    /// wrong (which `hashbrown` does not do today: see the module docs), and points
    /// every entry at its key's bucket again. O(n), and never expected to run.
    #[cold]
    fn evict_lost(&mut self, stamp: Stamp) -> Option<Key> {
        let found = self
            .map
            .iter_buckets()
            .find(|&b| self.map.get_bucket(b).is_some_and(|s| s.stamp == stamp));
        let key = found
            .and_then(|b| self.map.get_bucket_entry(b).ok())
            .map(|entry| entry.remove().0.key());
        self.point_ring_at_buckets();
        key
    }

    /// Moves every slot to a fresh table with room for twice the keys (which drops the
    /// tombstones), then points the ring at the new buckets.
    #[cold]
    #[inline(never)]
    fn rebuild(&mut self) {
        let mut map = Self::table_for(self.map.len());
        for slot in self.map.drain() {
            map.insert_unique(slot.hash(), slot, Slot::hash);
        }
        self.map = map;
        self.point_ring_at_buckets();
    }

    /// Sets the ring entry of every cached key's latest stamp to its bucket.
    fn point_ring_at_buckets(&mut self) {
        for bucket in self.map.iter_buckets() {
            if let Some(slot) = self.map.get_bucket(bucket) {
                self.ring.set(slot.stamp, bucket as Bucket);
            }
        }
    }

    /// Compacts the ring and gives every cached key its new stamp, walking the map in
    /// memory order (cheaper than looking each key up).
    #[cold]
    #[inline(never)]
    fn compact(&mut self) {
        let renumbering = self.ring.compact();
        for slot in self.map.iter_mut() {
            if let Some(new) = renumbering.apply(slot.stamp) {
                slot.stamp = new;
            }
        }
    }

    /// Points every ring entry at bucket 0, as a change in `hashbrown` that moved slots
    /// would leave them.
    #[cfg(test)]
    fn scramble_ring(&mut self) {
        for slot in self.map.iter() {
            self.ring.set(slot.stamp, 0);
        }
    }
}

impl Policy for Lru {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        // Compacting first guarantees room for this access's append, and no stamp is
        // held across it.
        if self.ring.is_full() {
            self.compact();
        }
        match self.map.find_entry(fold_mix(key), |s| s.is(key)) {
            Ok(mut entry) => {
                let stamp = entry.get().stamp;
                if !self.ring.is_newest(stamp) {
                    self.ring.retire(stamp);
                    let bucket = entry.bucket_index() as Bucket;
                    entry.get_mut().stamp = self.ring.push(bucket);
                }
                Outcome::Hit
            }
            Err(_) => self.admit(key),
        }
    }

    fn contains(&self, key: Key) -> bool {
        self.map.find(fold_mix(key), |s| s.is(key)).is_some()
    }

    fn len(&self) -> usize {
        self.map.len()
    }

    fn capacity(&self) -> Capacity {
        self.capacity
    }
}

impl From<LruSnapshot> for Lru {
    fn from(snapshot: LruSnapshot) -> Self {
        let mut lru = Lru::new(snapshot.capacity);
        for key in snapshot.oldest_first {
            lru.access(key);
        }
        lru
    }
}

impl Serialize for Lru {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        LruSnapshot {
            capacity: self.capacity,
            oldest_first: self.oldest_first(),
        }
        .serialize(serializer)
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

    #[test]
    fn an_evicted_key_is_absent_and_can_come_back() {
        let mut c = Lru::new(cap(2));
        run_keys(&mut c, &[1, 2, 3]);
        assert!(!c.contains(1));
        assert!(!c.access(1).is_hit());
        assert!(c.contains(1) && c.contains(3) && !c.contains(2));
        assert_eq!(c.view().recency, vec![1, 3]);
    }

    #[test]
    fn snapshots_stay_small_over_long_runs_of_hits() {
        let mut c = Lru::new(cap(4));
        let size = |c: &Lru| serde_json::to_string(c).map(|s| s.len()).unwrap_or(0);
        run_keys(&mut c, &[1, 2, 3]);
        let early = size(&c);
        for i in 0..100_000 {
            c.access(i % 3 + 1);
        }
        assert_eq!(size(&c), early);
        assert_eq!(c.view().recency, vec![1, 3, 2]);
    }

    /// Rebuilding the table moves every slot; the ring must follow them.
    #[test]
    fn rebuilds_keep_the_ring_pointing_at_the_right_keys() {
        let mut rebuilt = Lru::new(cap(50));
        let mut plain = Lru::new(cap(50));
        for i in 0..20_000u64 {
            let key = (i * 7919) % 173 + (i % 11) * 1000;
            if i % 97 == 0 {
                rebuilt.rebuild();
            }
            assert_eq!(rebuilt.access(key), plain.access(key), "request {i}");
        }
        assert_eq!(rebuilt.view(), plain.view());
    }

    /// Stamps wrap around at 2^32 (a ring that never compacts gets there after 4
    /// billion accesses): the order survives it.
    #[test]
    fn stamps_wrap_around() {
        let mut wrapping = Lru::new(cap(20));
        // Room for every append of the test, so that no compaction renumbers the
        // stamps before they wrap.
        wrapping.ring = StampQueue::with_room_from(8_192, Stamp::MAX - 300);
        let mut plain = Lru::new(cap(20));
        for i in 0..5_000u64 {
            let key = (i * 7919) % 37;
            assert_eq!(wrapping.access(key), plain.access(key), "request {i}");
        }
        assert_eq!(wrapping.view(), plain.view());
        assert!(wrapping.ring.live().iter().all(|&(stamp, _)| stamp < 5_000));
    }

    /// A slot that moved without the ring knowing (which `hashbrown` does not do) costs
    /// a search, never a wrong victim.
    #[test]
    fn a_ring_pointing_at_wrong_buckets_heals() {
        let mut c = Lru::new(cap(3));
        run_keys(&mut c, &[1, 2, 3, 1]);
        c.scramble_ring();
        assert_eq!(c.view().recency, vec![1, 3, 2]);
        assert_eq!(c.access(4).evicted().map(|e| e.key), Some(2));
        assert_eq!(c.access(5).evicted().map(|e| e.key), Some(3));
        assert_eq!(c.access(6).evicted().map(|e| e.key), Some(1));
        assert_eq!(c.view().recency, vec![6, 5, 4]);
    }
}
