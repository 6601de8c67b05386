//! A queue of access stamps with lazy deletion: the recency order behind [`crate::Lru`].
//!
//! Every access appends its key at the back and gets the position it was written at,
//! its *stamp*. The caller keeps each key's latest stamp and [`retire`]s the previous
//! one on a hit, which clears a bit instead of unlinking a node. So the entries whose bit
//! is still set are exactly one per cached key, in order of last use, and [`pop_oldest`]
//! finds the least recently used key by skipping cleared bits, 64 at a time.
//!
//! Retired entries pile up (a run of hits evicts nothing), so when the queue reaches its
//! room it is compacted in place: live entries slide to the front in order, and the
//! returned [`Renumbering`] tells the caller each one's new stamp. The room is then
//! [`GROWTH`] times the live entries, so a compaction of `n` entries comes at most once
//! per `(GROWTH - 1) · n` appends (amortised O(1)), and the queue holds at most `GROWTH`
//! slots per key cached at the last compaction (and at least [`MIN_ROOM`]). A larger
//! room compacts less often but spreads the bits a hit clears and the appends over more
//! memory: 4 measured fastest (2, 3, 6, 8 and 16 were slower).
//!
//! [`retire`]: StampQueue::retire
//! [`pop_oldest`]: StampQueue::pop_oldest

use crate::policy::Key;

/// Room per live entry after a compaction: amortised compaction cost against memory.
const GROWTH: usize = 4;
/// The least room, so tiny caches do not compact on every few accesses.
const MIN_ROOM: usize = 64;

/// A position in the queue: 32 bits are enough, since the room is at most [`GROWTH`]
/// times [`crate::MAX_CAPACITY`] (2^26 slots), and they keep LRU's map slots small.
pub(crate) type Stamp = u32;

/// Keys in access order with a live bit each.
#[derive(Clone, Debug)]
pub(crate) struct StampQueue {
    /// `keys[s]`: the key accessed at stamp `s`, for `s < back`. Allocated to the room
    /// up front, so an append is a store, not a `Vec::push` that may reallocate.
    keys: Vec<Key>,
    /// Bit `s` set: stamp `s` is its key's latest access (64 stamps per word).
    live: Vec<u64>,
    /// Every stamp before this one is retired or was popped: its bit is clear.
    front: usize,
    /// The next stamp; appending past `keys.len()` waits for a compaction.
    back: usize,
}

impl StampQueue {
    /// An empty queue with room for `n` appends before the first compaction.
    pub(crate) fn with_room(n: usize) -> Self {
        let mut queue = Self {
            keys: Vec::new(),
            live: Vec::new(),
            front: 0,
            back: 0,
        };
        queue.resize(n);
        queue
    }

    fn resize(&mut self, room: usize) {
        let room = room.max(MIN_ROOM);
        self.keys.resize(room, 0);
        self.live.resize(room.div_ceil(64), 0);
    }

    /// Whether the next append must wait for a [`compact`](Self::compact).
    #[inline(always)]
    pub(crate) fn is_full(&self) -> bool {
        self.back >= self.keys.len()
    }

    /// Whether `stamp` is the newest entry (so a hit on it changes no order).
    #[inline(always)]
    pub(crate) fn is_newest(&self, stamp: Stamp) -> bool {
        stamp + 1 == self.back as Stamp
    }

    /// Appends `key` as live; returns its stamp. Call only when not [`is_full`](Self::is_full).
    #[inline(always)]
    pub(crate) fn push(&mut self, key: Key) -> Stamp {
        let stamp = self.back;
        if let Some(slot) = self.keys.get_mut(stamp) {
            *slot = key;
        }
        if let Some(word) = self.live.get_mut(stamp / 64) {
            *word |= 1u64 << (stamp % 64);
        }
        self.back = stamp + 1;
        stamp as Stamp
    }

    /// Marks `stamp` as superseded: its key was accessed again.
    #[inline(always)]
    pub(crate) fn retire(&mut self, stamp: Stamp) {
        if let Some(word) = self.live.get_mut((stamp / 64) as usize) {
            *word &= !(1u64 << (stamp % 64));
        }
    }

    /// The oldest live stamp (moving `front` up to it past retired ones).
    #[inline(always)]
    fn oldest(&mut self) -> Option<usize> {
        let mut w = self.front / 64;
        let mut word = *self.live.get(w)?;
        while word == 0 {
            w += 1;
            word = *self.live.get(w)?;
        }
        self.front = w * 64 + word.trailing_zeros() as usize;
        Some(self.front)
    }

    /// Whether `stamp`, some key's latest, is still queued: every evicted key's latest
    /// stamp lies before `front`, every cached key's at or after it.
    #[inline(always)]
    pub(crate) fn is_queued(&self, stamp: Stamp) -> bool {
        stamp >= self.front as Stamp
    }

    /// Removes and returns the oldest live key.
    #[inline(always)]
    pub(crate) fn pop_oldest(&mut self) -> Option<Key> {
        let stamp = self.oldest()?;
        self.retire(stamp as Stamp);
        self.front = stamp + 1;
        self.keys.get(stamp).copied()
    }

    /// Slides the live entries to the front, in order, and resets the room. Returns the
    /// map from old stamps to new ones, for the caller's records of latest stamps.
    pub(crate) fn compact(&mut self) -> Renumbering {
        let old = std::mem::take(&mut self.live);
        let mut words = Vec::with_capacity(old.len());
        let mut kept = 0;
        for (w, &word) in old.iter().enumerate() {
            words.push((word, kept as Stamp));
            let mut bits = word;
            while bits != 0 {
                let stamp = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                // `kept <= stamp`, so this never overwrites an entry still to be read.
                let key = self.keys.get(stamp).copied().unwrap_or_default();
                if let Some(slot) = self.keys.get_mut(kept) {
                    *slot = key;
                }
                kept += 1;
            }
        }
        self.live = old;
        self.live.clear();
        self.live.resize(kept / 64, u64::MAX);
        if kept % 64 != 0 {
            self.live.push(u64::MAX >> (64 - kept % 64));
        }
        self.front = 0;
        self.back = kept;
        self.resize(kept * GROWTH);
        Renumbering { words }
    }

    /// The live keys, oldest (next to be evicted) first.
    pub(crate) fn live_keys(&self) -> Vec<Key> {
        let mut keys = Vec::new();
        for (w, &word) in self.live.iter().enumerate().skip(self.front / 64) {
            let mut bits = word;
            while bits != 0 {
                keys.extend(self.keys.get(w * 64 + bits.trailing_zeros() as usize));
                bits &= bits - 1;
            }
        }
        keys
    }
}

/// Old stamps to new ones after a compaction: a live entry's new stamp is the number of
/// live entries before it.
pub(crate) struct Renumbering {
    /// Per 64 old stamps: their live bits, and how many live entries came before them
    /// (side by side, so that renumbering a stamp reads one cache line).
    words: Vec<(u64, Stamp)>,
}

impl Renumbering {
    /// The new stamp of the entry that had `stamp`, or `None` if it was not live.
    pub(crate) fn apply(&self, stamp: Stamp) -> Option<Stamp> {
        let (word, before) = self.words.get((stamp / 64) as usize).copied()?;
        let bit = 1u64 << (stamp % 64);
        (word & bit != 0).then(|| before + Stamp::from((word & (bit - 1)).count_ones()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_skip_retired_entries_and_compaction_keeps_the_order() {
        let mut q = StampQueue::with_room(0);
        let a = q.push(10);
        let b = q.push(20);
        let c = q.push(30);
        q.retire(a);
        let a2 = q.push(10);
        assert_eq!(q.live_keys(), vec![20, 30, 10]);
        assert!(q.is_newest(a2) && !q.is_newest(c));
        assert_eq!(q.pop_oldest(), Some(20));
        assert!(!q.is_queued(b) && q.is_queued(c));
        let renumbering = q.compact();
        assert_eq!(renumbering.apply(a), None, "retired");
        assert_eq!(renumbering.apply(b), None, "popped");
        assert_eq!(renumbering.apply(c), Some(0));
        assert_eq!(renumbering.apply(a2), Some(1));
        assert_eq!(q.live_keys(), vec![30, 10]);
        assert_eq!(q.push(40), 2);
        assert_eq!(q.pop_oldest(), Some(30));
    }

    #[test]
    fn room_follows_the_live_entries() {
        let mut q = StampQueue::with_room(0);
        let mut stamp = q.push(1);
        while !q.is_full() {
            q.retire(stamp);
            stamp = q.push(1);
        }
        assert_eq!(q.compact().apply(stamp), Some(0));
        assert_eq!(q.live_keys(), vec![1]);
        let mut appends = 0;
        while !q.is_full() {
            q.push(appends);
            appends += 1;
        }
        assert_eq!(appends, MIN_ROOM as u64 - 1);
        q.compact();
        assert_eq!(q.live_keys().len(), MIN_ROOM);
        assert_eq!(q.keys.len(), MIN_ROOM * GROWTH);
    }
}
