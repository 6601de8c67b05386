//! LRU: evict the entry used least recently.
//!
//! The classic stack algorithm (Mattson, Gecsei, Slutz and Traiger, "Evaluation
//! techniques for storage hierarchies", IBM Systems Journal 9(2), 1970): the cache of
//! size `c` always holds the `c` most recently used keys, so a larger LRU cache holds a
//! superset of a smaller one and never hits less (the "stack property", tested here and
//! used by [`crate::mrc`] to compute every size's hit ratio in one pass).
//!
//! **The recency order is a ring of access stamps whose entries move lazily** (the
//! crate's `stamps` module), not a linked list. Every access gets a *stamp*, the number
//! of the access, and the map records each key's latest. A new key's entry is placed in
//! the ring at the stamp of its first access; a hit only records its stamp. To evict,
//! the cache takes the first entry from the front of the ring: if the key's latest
//! stamp is the entry's own, the key has not been used since and every other key was
//! used later, so it is the least recently used; if the key has been used since, its
//! entry moves forward to its latest stamp, where nothing else can be, and the next
//! entry is taken. That is why this is exact LRU, not an approximation: at every step
//! the cached set and the victim are those of the move-to-front list (the differential
//! test against the `lru` crate checks every outcome and victim, and property tests
//! check the order against a plain list, across compactions, rebuilds and snapshots).
//! Each hit leads to at most one later move (to the position of its stamp), and the
//! ring is compacted when it runs out of room, so both are amortised O(1).
//!
//! Why: a hit in a linked list touches the node, both neighbours and the head, each a
//! cache miss in a large cache; here a hit costs one hash lookup and a 4-byte store. The
//! map is a SwissTable (Google's design, from the `hashbrown` crate, as in the standard
//! library's `HashMap`) rather than the crate's own key index: looking up an absent key
//! reads only one-byte tags, which stay in cache, so a miss costs no cache miss to find
//! out. Its slots hold only the key (8 bytes); the latest stamps are a separate array
//! with one 4-byte stamp per bucket of the table, which the evictor reads for every
//! entry it takes from the front without touching the table, and the evictor asks the
//! processor for the next two entries' stamps and the next one's slot while the cache
//! serves the requests in between (the crate's `prefetch` module).
//!
//! **A ring entry is the number of the key's bucket in the table**, not the key, so
//! evicting the oldest key removes its slot directly, with no lookup, and the latest
//! stamps are kept by bucket. A SwissTable leaves its slots where they are while it
//! neither grows nor rehashes (an insert fills an empty bucket, a removal empties one),
//! and the cache rebuilds the table itself before an insert could make it grow, then
//! moves each stamp to its key's new bucket and places the ring's entries afresh.
//! `hashbrown` documents a bucket number as valid only until the table changes, so a
//! test (`slots_stay_in_their_buckets`) checks that slots stay put through inserts and
//! removals at this table's load, and `hashbrown` is held to one minor version. Should
//! an eviction ever reach an empty bucket, the cache builds itself afresh from the keys
//! its map holds: it stays within capacity and consistent, though in that case its
//! order would no longer be exact.
//!
//! Measured against the design before this one (hits cleared a live bit behind the back
//! of the ring and appended a new entry; the map's slots held the stamp beside the key):
//! 6 to 10% faster on the benchmark's Zipf trace (seven runs of a loop over the trace,
//! each the median of 12 passes alternating the two), and 4% in two criterion runs
//! alternating them. Without the early fetches the two ran at the same speed.
//!
//! Memory per cached key: 2.3 to 4.6 map buckets of 13 bytes (an 8-byte slot, a
//! one-byte tag and a 4-byte stamp; the table has room for twice the keys, and is
//! rebuilt so whenever the tombstones that removals leave in crowded groups use that
//! room up) and 4 to 8 ring positions of 4 bytes and a bit. For 100,000 entries, 5.5 MB:
//! 3.4 MB of map and stamps and 2.1 MB of ring.

use crate::hash::fold_mix;
use crate::policy::{Capacity, Key, Outcome, Policy, Reason};
use crate::prefetch::prefetch;
use crate::stamps::{Stamp, StampRing};
use hashbrown::hash_table::HashTable;
use serde::{Deserialize, Serialize, Serializer};

/// The number of a bucket of the map: where a cached key's slot is.
type Bucket = u32;

/// An LRU cache.
#[derive(Clone, Debug, Deserialize)]
#[serde(from = "LruSnapshot")]
pub struct Lru {
    capacity: Capacity,
    /// One entry per cached key, the bucket of its slot, placed at or before the key's
    /// latest stamp.
    ring: StampRing<Bucket>,
    /// The cached keys.
    map: HashTable<Key>,
    /// `latest[b]`: the latest stamp of the key in bucket `b` (one per bucket of the
    /// map; meaningless for empty buckets).
    latest: Vec<Stamp>,
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

/// How many of the next entries at the ring's front have their stamps fetched ahead of
/// time after an eviction (the next one's slot too). Two measured best: one, three or
/// four were 1 to 3% slower, six slower than none.
const LOOK_AHEAD: usize = 2;

impl Lru {
    /// An empty LRU cache.
    pub fn new(capacity: Capacity) -> Self {
        let n = capacity.as_usize().min(crate::PREALLOCATE);
        let map = Self::table_for(n);
        Self {
            capacity,
            ring: StampRing::with_room(n),
            latest: vec![0; map.num_buckets()],
            map,
        }
    }

    /// A table with room for twice `n` keys: removals leave tombstones, and this many
    /// free buckets keeps rebuilds rare (one in 10,000,000 requests of the benchmark's
    /// trace, against 42 with room for an eighth more than the keys, which made LRU 27%
    /// slower).
    fn table_for(n: usize) -> HashTable<Key> {
        HashTable::with_capacity(2 * n.max(1))
    }

    /// Inserts `key`, known to be absent, into `map`; returns its bucket.
    #[inline(always)]
    fn insert_into(map: &mut HashTable<Key>, key: Key) -> usize {
        map.insert_unique(fold_mix(key), key, |&k| fold_mix(k))
            .bucket_index()
    }

    /// The inner state for display.
    pub fn view(&self) -> LruView {
        let mut recency = self.oldest_first();
        recency.reverse();
        LruView { recency }
    }

    /// The cached keys, least recently used first: each put at its latest stamp's
    /// distance from the ring's front (all of them less than the ring's room), then read
    /// in order. A key whose stamp is out of that range or taken (which only a table
    /// that moved slots could cause: see [`Lru::evict_after_recovery`]) comes last.
    fn oldest_first(&self) -> Vec<Key> {
        let mut by_age: Vec<Option<Key>> = vec![None; self.ring.room()];
        let mut strays = Vec::new();
        for b in self.map.iter_buckets() {
            let (Some(&key), Some(&stamp)) = (self.map.get_bucket(b), self.latest.get(b)) else {
                continue;
            };
            match by_age.get_mut(self.ring.after_front(stamp) as usize) {
                Some(place @ None) => *place = Some(key),
                _ => strays.push(key),
            }
        }
        by_age.into_iter().flatten().chain(strays).collect()
    }

    /// The latest stamp and bucket of every cached key.
    fn latest_stamps<'a>(
        map: &'a HashTable<Key>,
        latest: &'a [Stamp],
    ) -> impl Iterator<Item = (Stamp, Bucket)> + 'a {
        map.iter_buckets()
            .filter_map(|b| Some((*latest.get(b)?, b as Bucket)))
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
        let bucket = Self::insert_into(&mut self.map, key);
        let stamp = self.ring.tick();
        self.ring.place(stamp, bucket as Bucket);
        if let Some(latest) = self.latest.get_mut(bucket) {
            *latest = stamp;
        }
        match victim {
            Some(victim) => Outcome::miss_evicting(victim, Reason::LeastRecentlyUsed),
            None => Outcome::Miss { evicted: None },
        }
    }

    /// Removes the least recently used key from the map and returns it. Entries at the
    /// front whose key has been used since they were placed move to the key's latest
    /// stamp on the way.
    fn evict(&mut self) -> Option<Key> {
        while let Some((stamp, bucket)) = self.ring.pop_front() {
            let latest = *self.latest.get(bucket as usize)?;
            if latest != stamp {
                self.ring.place(latest, bucket);
                continue;
            }
            self.fetch_upcoming();
            return match self.map.get_bucket_entry(bucket as usize) {
                Ok(entry) => Some(entry.remove().0),
                Err(_) => self.evict_after_recovery(),
            };
        }
        None
    }

    /// Asks the processor for what the next evictions will read: the latest stamps of
    /// the next [`LOOK_AHEAD`] entries at the front, and the first one's slot.
    #[inline(always)]
    fn fetch_upcoming(&self) {
        let mut first = true;
        self.ring.upcoming(LOOK_AHEAD, |bucket| {
            if let Some(latest) = self.latest.get(bucket as usize) {
                prefetch(latest);
            }
            if std::mem::take(&mut first) {
                if let Some(slot) = self.map.get_bucket(bucket as usize) {
                    prefetch(slot);
                }
            }
        });
    }

    /// The eviction for a ring entry that led to an empty bucket, which would mean the
    /// table moved slots without the cache knowing (`hashbrown` does not do that: see
    /// the module docs). Builds the cache afresh from its keys in the order their
    /// stamps give, then evicts again. Never expected to run.
    #[cold]
    fn evict_after_recovery(&mut self) -> Option<Key> {
        let snapshot = LruSnapshot {
            capacity: self.capacity,
            oldest_first: self.oldest_first(),
        };
        *self = Lru::from(snapshot);
        self.evict()
    }

    /// Moves every slot to a fresh table with room for twice the keys (which drops the
    /// tombstones), moves each latest stamp to its key's new bucket, and places every
    /// ring entry afresh at its key's latest stamp.
    #[cold]
    #[inline(never)]
    fn rebuild(&mut self) {
        let mut map = Self::table_for(self.map.len());
        let mut latest = vec![0; map.num_buckets()];
        for old in self.map.iter_buckets() {
            let (Some(&key), Some(&stamp)) = (self.map.get_bucket(old), self.latest.get(old))
            else {
                continue;
            };
            if let Some(slot) = latest.get_mut(Self::insert_into(&mut map, key)) {
                *slot = stamp;
            }
        }
        self.map = map;
        self.latest = latest;
        self.ring
            .settle(Self::latest_stamps(&self.map, &self.latest));
    }

    /// Compacts the ring and gives every cached key its new stamp.
    #[cold]
    #[inline(never)]
    fn compact(&mut self) {
        let order = self
            .ring
            .compact(Self::latest_stamps(&self.map, &self.latest));
        for (stamp, bucket) in order.into_iter().enumerate() {
            if let Some(latest) = self.latest.get_mut(bucket as usize) {
                *latest = stamp as Stamp;
            }
        }
    }
}

impl Policy for Lru {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        // Compacting first guarantees a stamp for this access, and no stamp is held
        // across it.
        if self.ring.is_full() {
            self.compact();
        }
        match self.map.find_bucket_index(fold_mix(key), |&k| k == key) {
            Some(bucket) => {
                let stamp = self.ring.tick();
                if let Some(latest) = self.latest.get_mut(bucket) {
                    *latest = stamp;
                }
                Outcome::Hit
            }
            None => self.admit(key),
        }
    }

    fn contains(&self, key: Key) -> bool {
        self.map.find(fold_mix(key), |&k| k == key).is_some()
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
        wrapping.ring = StampRing::with_room_from(8_192, Stamp::MAX - 300);
        let mut plain = Lru::new(cap(20));
        for i in 0..5_000u64 {
            let key = (i * 7919) % 37;
            assert_eq!(wrapping.access(key), plain.access(key), "request {i}");
        }
        assert_eq!(wrapping.view(), plain.view());
        assert!(Lru::latest_stamps(&wrapping.map, &wrapping.latest).all(|(stamp, _)| stamp < 5_000));
    }

    /// An eviction that reaches an empty bucket (which would mean the table moved a slot
    /// without the cache knowing; `hashbrown` does not) builds the cache afresh, which
    /// stays within capacity and consistent.
    #[test]
    fn an_eviction_that_finds_an_empty_bucket_recovers() {
        let mut c = Lru::new(cap(3));
        run_keys(&mut c, &[1, 2, 3]);
        // Key 1's slot "moves": out of its bucket, and 9 into another the ring does not
        // know.
        let one = c.map.find_bucket_index(fold_mix(1), |&k| k == 1);
        if let Ok(entry) = c.map.find_entry(fold_mix(1), |&k| k == 1) {
            entry.remove();
        }
        let nine = c
            .map
            .insert_unique(fold_mix(9), 9, |&k| fold_mix(k))
            .bucket_index();
        assert_ne!(one, Some(nine));
        assert_eq!(c.access(4).evicted().map(|e| e.key), Some(2));
        assert_eq!(c.len(), 3);
        assert_eq!(c.view().recency, vec![4, 9, 3]);
        assert_eq!(c.access(5).evicted().map(|e| e.key), Some(3));
    }

    /// What the ring relies on: between rebuilds, an insert or a removal leaves every
    /// other slot in its bucket. Checked at the load LRU runs its table at (as many keys
    /// as half its room, with removals leaving tombstones), through 200,000 evictions.
    #[test]
    fn slots_stay_in_their_buckets() {
        let n = 1_000u64;
        let mut map = Lru::table_for(n as usize);
        let mut buckets = std::collections::HashMap::new();
        let insert = Lru::insert_into;
        for key in 0..n {
            buckets.insert(key, insert(&mut map, key));
        }
        let mut rebuilds = 0;
        for round in 0..200_000u64 {
            let old = round.wrapping_mul(0x2545_F491_4F6C_DD1D) % (n + round);
            if let Ok(entry) = map.find_entry(fold_mix(old), |&k| k == old) {
                entry.remove();
                buckets.remove(&old);
            }
            if map.len() >= map.capacity() {
                map = Lru::table_for(map.len());
                for (&key, bucket) in buckets.iter_mut() {
                    *bucket = insert(&mut map, key);
                }
                rebuilds += 1;
            }
            let new = n + round;
            buckets.insert(new, insert(&mut map, new));
            if round % 1_000 == 0 {
                for (&key, &bucket) in &buckets {
                    let found = map.find_bucket_index(fold_mix(key), |&k| k == key);
                    assert_eq!(found, Some(bucket), "key {key} after {round} rounds");
                }
            }
        }
        assert!(rebuilds < 10, "{rebuilds} rebuilds");
    }
}
