//! Ghost queues: a bounded FIFO of keys recently evicted, remembered without their data.
//!
//! 2Q's A1out and S3-FIFO's ghost queue G remember evicted keys so that a quick return
//! can be treated as proof of reuse. The ghost keys live in the policy's own key index
//! (one lookup answers "cached, ghost or unknown"): the map's value is the ring slot with
//! the [`GHOST`] bit set. The ring itself is a plain array of keys; when a slot is
//! overwritten, its old key is dropped from the map only if the map still points at that
//! slot (the key may have come back, or been remembered again elsewhere since).
//!
//! Memory: a `u64` per ghost slot plus one key-index entry per live ghost key.

use crate::index::KeyIndex;
use crate::policy::Key;
use serde::{Deserialize, Serialize};

/// The tag bit marking a key-index value as a ghost ring slot.
pub(crate) const GHOST: u32 = 1 << 31;

/// A ring of remembered keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Ghosts {
    keys: Vec<Key>,
    /// The slot the next key is written to (the oldest once the ring is full).
    next: u32,
    capacity: u32,
    /// How many slots hold a live ghost (still pointed at by the map).
    len: u32,
}

impl Ghosts {
    /// An empty ring of `capacity` slots (at least 1).
    pub(crate) fn new(capacity: u32) -> Self {
        let capacity = capacity.max(1);
        Self {
            keys: Vec::with_capacity((capacity as usize).min(crate::PREALLOCATE)),
            next: 0,
            capacity,
            len: 0,
        }
    }

    /// Remembers `key` (overwriting its map entry), forgetting the oldest if full.
    #[inline]
    pub(crate) fn remember(&mut self, map: &mut KeyIndex, key: Key) {
        let slot = self.next;
        let tagged = GHOST | slot;
        if let Some(old) = self.keys.get_mut(slot as usize) {
            let old_key = std::mem::replace(old, key);
            if map.get(old_key) == Some(tagged) {
                map.remove(old_key);
                self.len = self.len.saturating_sub(1);
            }
        } else {
            self.keys.push(key);
        }
        map.insert(key, tagged);
        self.len += 1;
        self.next = if slot + 1 == self.capacity {
            0
        } else {
            slot + 1
        };
    }

    /// Notes that a ghost key came back (the caller has removed or overwritten its map
    /// entry before any further [`Ghosts::remember`]).
    #[inline]
    pub(crate) fn revived(&mut self) {
        self.len = self.len.saturating_sub(1);
    }

    /// How many keys are remembered.
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    /// The remembered keys, oldest first.
    pub(crate) fn keys(&self, map: &KeyIndex) -> Vec<Key> {
        let n = self.keys.len();
        (0..n)
            .map(|i| (self.next as usize + i) % n)
            .filter_map(|slot| {
                let key = *self.keys.get(slot)?;
                (map.get(key) == Some(GHOST | slot as u32)).then_some(key)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::KeyIndex;

    #[test]
    fn remembers_a_bounded_number_of_keys() {
        let mut map = KeyIndex::with_capacity(4);
        let mut g = Ghosts::new(2);
        g.remember(&mut map, 1);
        g.remember(&mut map, 2);
        assert_eq!(g.keys(&map), vec![1, 2]);
        g.remember(&mut map, 3);
        assert_eq!(g.keys(&map), vec![2, 3]);
        assert!(!map.contains_key(1));
        // Key 2 comes back: the caller points its entry elsewhere.
        map.insert(2, 0);
        g.revived();
        assert_eq!(g.keys(&map), vec![3]);
        g.remember(&mut map, 4);
        assert_eq!(map.get(2), Some(0), "a revived key is not dropped");
        assert_eq!(g.keys(&map), vec![3, 4]);
        assert_eq!(g.len(), 2);
    }
}
