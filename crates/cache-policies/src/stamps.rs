//! A ring of access stamps whose entries move forward lazily: the recency order behind
//! [`crate::Lru`].
//!
//! Every access gets a *stamp*, the number of the access, from [`tick`]; the caller
//! keeps each key's latest stamp. An entry (for LRU, where its key's slot is) is
//! [`place`]d at one stamp's position: a new key at the stamp of its first access. A hit
//! places nothing: the key's entry stays where it was, behind its latest stamp, and the
//! position of that stamp stays empty, since no other key can have used it.
//!
//! [`pop_front`] hands back the first placed entry from the front. The caller compares
//! the entry's position with its key's latest stamp: if they are equal, no access since
//! has been to that key, and every other key's latest stamp lies further on, so it is the
//! least recently used key. If the key has been used since, the caller places the entry
//! again at its latest stamp (free, as above) and pops the next one. So each cached key
//! has exactly one placed entry, at or behind its latest stamp, and the first entry that
//! sits at its key's latest stamp is exactly the one a move-to-front list would evict.
//!
//! Why lazily: moving an entry on every hit means clearing a bit somewhere behind the
//! back of the ring, a write to a random place on the path of every hit (the design
//! before this one did that). Here a hit writes only its key's stamp, and the moves
//! happen at the front, one per key that was used since it was placed, where the next
//! entries to look at are known in advance and can be fetched early ([`upcoming`]).
//!
//! The entries live in a ring whose room is a power of two: a stamp's low bits are its
//! position, and positions the front has passed are reused. Only when the stamps from
//! the front to the next one span every position (a long run of hits with no eviction)
//! is the ring compacted: the caller lists every key's latest stamp and entry, and
//! [`compact`] lays them out afresh from stamp 0, oldest first, in a room that is the
//! power of two at or above [`GROWTH`] times as many. So a compaction of `n` entries
//! comes at most once per `(GROWTH - 1) · n` accesses (amortised O(1)), and the ring
//! holds at most `2 · GROWTH` positions per key cached at the last compaction (and at
//! least [`MIN_ROOM`]).
//!
//! On a steady workload the front keeps ahead of the back and the ring never compacts:
//! on the benchmark's Zipf trace, the least recently used key of a 100,000-entry LRU was
//! last used about 313,000 accesses before the newest, inside a room of 524,288.
//!
//! [`tick`]: StampRing::tick
//! [`place`]: StampRing::place
//! [`pop_front`]: StampRing::pop_front
//! [`upcoming`]: StampRing::upcoming
//! [`compact`]: StampRing::compact

/// Room per key after a compaction (before rounding up to a power of two): amortised
/// compaction cost against memory.
const GROWTH: usize = 4;
/// The least room, so tiny caches do not compact every few accesses.
const MIN_ROOM: usize = 64;

/// The number of an access, counted from the last compaction and wrapping at 2^32; its
/// low bits are its position in the ring. 32 bits are enough, since the room is at most
/// 2^26 ([`GROWTH`] times [`crate::MAX_CAPACITY`], a power of two already), and they keep
/// LRU's record of latest stamps small.
pub(crate) type Stamp = u32;

/// Entries placed at the stamps of accesses, in a ring.
#[derive(Clone, Debug)]
pub(crate) struct StampRing<T> {
    /// `entries[s & mask]`: the entry placed at stamp `s`, if bit `s & mask` of `placed`
    /// is set. Its length is the room, allocated up front, so a placement is a store,
    /// never a reallocation.
    entries: Vec<T>,
    /// Bit `s & mask` set: an entry is placed at stamp `s` (64 positions per word).
    placed: Vec<u64>,
    /// The room less one: a stamp's position is `stamp & mask`.
    mask: usize,
    /// The first stamp not yet popped; every placed entry lies from here up to `next`.
    front: Stamp,
    /// The stamp the next access gets.
    next: Stamp,
}

impl<T: Copy + Default> StampRing<T> {
    /// An empty ring with room for at least `n` accesses before the first compaction.
    pub(crate) fn with_room(n: usize) -> Self {
        let room = n.max(MIN_ROOM).next_power_of_two();
        Self {
            entries: vec![T::default(); room],
            placed: vec![0; room / 64],
            mask: room - 1,
            front: 0,
            next: 0,
        }
    }

    /// An empty ring whose first access gets stamp `first` (tests of the wrap at 2^32).
    #[cfg(test)]
    pub(crate) fn with_room_from(n: usize, first: Stamp) -> Self {
        let mut ring = Self::with_room(n);
        ring.front = first;
        ring.next = first;
        ring
    }

    /// Whether every position is taken by a stamp from the front up to the next: the
    /// next [`tick`](Self::tick) must wait for a [`compact`](Self::compact).
    #[inline(always)]
    pub(crate) fn is_full(&self) -> bool {
        self.next.wrapping_sub(self.front) as usize > self.mask
    }

    /// A new access's stamp. Call only when not [`is_full`](Self::is_full).
    #[inline(always)]
    pub(crate) fn tick(&mut self) -> Stamp {
        let stamp = self.next;
        self.next = stamp.wrapping_add(1);
        stamp
    }

    /// How many positions the ring has.
    pub(crate) fn room(&self) -> usize {
        self.entries.len()
    }

    /// How far `stamp` lies after the front, in accesses.
    #[inline(always)]
    pub(crate) fn after_front(&self, stamp: Stamp) -> u32 {
        stamp.wrapping_sub(self.front)
    }

    /// Places `entry` at `stamp`, which must be a stamp from the front up to the next
    /// that nothing is placed at (a key's first access, or its latest).
    #[inline(always)]
    pub(crate) fn place(&mut self, stamp: Stamp, entry: T) {
        let position = stamp as usize & self.mask;
        if let Some(slot) = self.entries.get_mut(position) {
            *slot = entry;
        }
        if let Some(word) = self.placed.get_mut(position / 64) {
            *word |= 1u64 << (position % 64);
        }
    }

    /// The position of the first placed entry from the front, if any.
    #[inline(always)]
    fn first_placed(&self) -> Option<usize> {
        if self.next == self.front {
            return None;
        }
        let start = self.front as usize & self.mask;
        let words = self.placed.len();
        let mut w = start / 64;
        let mut word = *self.placed.get(w)? & (u64::MAX << (start % 64));
        // After a full turn this is the front's own word again, taken whole: its bits
        // before the front are the newest stamps.
        for _ in 0..words {
            if word != 0 {
                break;
            }
            w = if w + 1 == words { 0 } else { w + 1 };
            word = *self.placed.get(w)?;
        }
        (word != 0).then(|| w * 64 + word.trailing_zeros() as usize)
    }

    /// Removes the first placed entry from the front, and moves the front past it;
    /// returns its stamp and the entry.
    #[inline(always)]
    pub(crate) fn pop_front(&mut self) -> Option<(Stamp, T)> {
        let position = self.first_placed()?;
        if let Some(word) = self.placed.get_mut(position / 64) {
            *word &= !(1u64 << (position % 64));
        }
        let ahead = position.wrapping_sub(self.front as usize) & self.mask;
        let stamp = self.front.wrapping_add(ahead as Stamp);
        self.front = stamp.wrapping_add(1);
        let entry = self.entries.get(position).copied()?;
        Some((stamp, entry))
    }

    /// Calls `f` with up to `n` of the next placed entries from the front, in order,
    /// looking no further than the front's word and the one after it: the entries the
    /// next [`pop_front`](Self::pop_front)s will return, for fetching what they need
    /// ahead of time.
    #[inline(always)]
    pub(crate) fn upcoming(&self, n: usize, mut f: impl FnMut(T)) {
        let start = self.front as usize & self.mask;
        let w = start / 64;
        let words = [
            self.placed
                .get(w)
                .map_or(0, |&word| word & (u64::MAX << (start % 64))),
            self.placed
                .get((w + 1) % self.placed.len())
                .copied()
                .unwrap_or(0),
        ];
        let bases = [w * 64, ((w + 1) * 64) & self.mask];
        let positions = words.into_iter().zip(bases).flat_map(|(mut word, base)| {
            std::iter::from_fn(move || {
                let bit = (word != 0).then(|| word.trailing_zeros() as usize)?;
                word &= word - 1;
                Some(base + bit)
            })
        });
        for position in positions.take(n) {
            if let Some(&entry) = self.entries.get(position) {
                f(entry);
            }
        }
    }

    /// Lays out afresh every key's entry, given as its latest stamp and entry, oldest
    /// first from stamp 0, in a ring with room for at least [`GROWTH`] times as many.
    /// Returns the entries in their new order: the entry at index `i` now has stamp `i`.
    /// Kept out of line: it runs rarely, and only the hot paths belong in LRU's loop.
    #[cold]
    #[inline(never)]
    pub(crate) fn compact(&mut self, latest: impl Iterator<Item = (Stamp, T)>) -> Vec<T> {
        self.settle(latest);
        let mut order = Vec::new();
        self.for_each_placed(|position| order.extend(self.entries.get(position).copied()));
        let len = order.len();
        let room = (len * GROWTH).max(MIN_ROOM).next_power_of_two();
        self.entries = order.clone();
        self.entries.resize(room, T::default());
        self.placed = (0..room / 64)
            .map(|w| {
                let bits = len.saturating_sub(w * 64).min(64) as u32;
                u64::MAX.checked_shr(64 - bits).unwrap_or(0)
            })
            .collect();
        self.mask = room - 1;
        self.front = 0;
        self.next = len as Stamp;
        order
    }

    /// Clears every placement, then places each entry at its key's latest stamp (each
    /// from the front up to the next). The order stays the same; only the lazy moves
    /// are done at once. Used when the caller's entries changed (LRU's table was
    /// rebuilt), and before compacting.
    #[cold]
    pub(crate) fn settle(&mut self, latest: impl Iterator<Item = (Stamp, T)>) {
        self.placed.fill(0);
        for (stamp, entry) in latest {
            self.place(stamp, entry);
        }
    }

    /// Calls `f` with the position of every placed entry, in ring order from the front:
    /// the front's word from the front on, the other words, then the front's word before
    /// the front (the newest stamps, once the ring has wrapped).
    fn for_each_placed(&self, mut f: impl FnMut(usize)) {
        let words = self.placed.len();
        let start = self.front as usize & self.mask;
        let first = start / 64;
        let high = u64::MAX << (start % 64);
        for step in 0..=words {
            let w = (first + step) % words.max(1);
            let word = self.placed.get(w).copied().unwrap_or(0);
            let mut bits = match step {
                0 => word & high,
                last if last == words => word & !high,
                _ => word,
            };
            while bits != 0 {
                f(w * 64 + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
    }

    /// The placed entries with their stamps, in ring order from the front.
    #[cfg(test)]
    fn placed_entries(&self) -> Vec<(Stamp, T)> {
        let start = self.front as usize & self.mask;
        let mut placed = Vec::new();
        self.for_each_placed(|position| {
            let ahead = position.wrapping_sub(start) & self.mask;
            let stamp = self.front.wrapping_add(ahead as Stamp);
            placed.extend(self.entries.get(position).map(|&entry| (stamp, entry)));
        });
        placed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    type Ring = StampRing<u64>;

    /// A model user of the ring: keys with latest stamps, evicted the lazy way. Returns
    /// the evicted key, and checks each move lands on a free position.
    fn evict(ring: &mut Ring, latest: &mut HashMap<u64, Stamp>) -> Option<u64> {
        loop {
            let (stamp, key) = ring.pop_front()?;
            let last = *latest.get(&key)?;
            if last == stamp {
                latest.remove(&key);
                return Some(key);
            }
            assert!(
                ring.placed_entries().iter().all(|&(s, _)| s != last),
                "the latest stamp's position is free"
            );
            ring.place(last, key);
        }
    }

    #[test]
    fn evicts_in_order_of_last_use_and_moves_used_entries_forward() {
        let mut ring = Ring::with_room(0);
        let mut latest = HashMap::new();
        for key in [1, 2, 3] {
            let stamp = ring.tick();
            ring.place(stamp, key);
            latest.insert(key, stamp);
        }
        // A hit on 1: no placement, only its latest stamp.
        latest.insert(1, ring.tick());
        assert_eq!(ring.placed_entries(), vec![(0, 1), (1, 2), (2, 3)]);
        assert_eq!(evict(&mut ring, &mut latest), Some(2));
        assert_eq!(
            ring.placed_entries(),
            vec![(2, 3), (3, 1)],
            "1 moved to stamp 3"
        );
        assert_eq!(evict(&mut ring, &mut latest), Some(3));
        assert_eq!(evict(&mut ring, &mut latest), Some(1));
        assert_eq!(evict(&mut ring, &mut latest), None);
    }

    #[test]
    fn compaction_lays_entries_out_by_latest_stamp() {
        let mut ring = Ring::with_room(0);
        let a = ring.tick();
        ring.place(a, 10);
        let b = ring.tick();
        ring.place(b, 20);
        let a2 = ring.tick();
        let order = ring.compact([(a2, 10), (b, 20)].into_iter());
        assert_eq!(order, vec![20, 10]);
        assert_eq!(ring.placed_entries(), vec![(0, 20), (1, 10)]);
        assert_eq!(ring.tick(), 2);
        assert_eq!(ring.entries.len(), MIN_ROOM);
    }

    #[test]
    fn upcoming_lists_the_next_placed_entries_across_a_word() {
        let mut ring = Ring::with_room(128);
        for entry in 0..100 {
            let stamp = ring.tick();
            if entry % 3 == 0 {
                ring.place(stamp, entry);
            }
        }
        for _ in 0..20 {
            ring.pop_front();
        }
        // Popped 0, 3, ..., 57: the front is at stamp 58.
        let mut seen = Vec::new();
        ring.upcoming(4, |entry| seen.push(entry));
        assert_eq!(seen, vec![60, 63, 66, 69]);
    }

    #[derive(Debug, Clone)]
    enum Op {
        Access(u64),
        Evict,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            6 => (0u64..60).prop_map(Op::Access),
            2 => Just(Op::Evict),
        ]
    }

    proptest! {
        /// Used as LRU uses it, the ring evicts what a move-to-front list evicts, across
        /// wrap-arounds of the stamps and compactions.
        #[test]
        fn evicts_like_a_move_to_front_list(
            room in 0usize..200,
            ops in prop::collection::vec(op(), 0..600),
            first_stamp in prop_oneof![Just(0), Just(u32::MAX - 100), any::<Stamp>()],
        ) {
            let mut ring = Ring::with_room_from(room, first_stamp);
            let mut latest: HashMap<u64, Stamp> = HashMap::new();
            let mut list: Vec<u64> = Vec::new();
            for op in ops {
                match op {
                    Op::Access(key) => {
                        if ring.is_full() {
                            let order = ring.compact(latest.iter().map(|(&k, &s)| (s, k)));
                            for (stamp, key) in order.into_iter().enumerate() {
                                latest.insert(key, stamp as Stamp);
                            }
                        }
                        let stamp = ring.tick();
                        if latest.insert(key, stamp).is_none() {
                            ring.place(stamp, key);
                        }
                        list.retain(|&k| k != key);
                        list.push(key);
                    }
                    Op::Evict => {
                        let expected = (!list.is_empty()).then(|| list.remove(0));
                        prop_assert_eq!(evict(&mut ring, &mut latest), expected);
                    }
                }
                prop_assert_eq!(ring.placed_entries().len(), list.len());
            }
        }
    }
}
