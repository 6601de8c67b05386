//! A ring of access stamps with lazy deletion: the recency order behind [`crate::Lru`].
//!
//! Every access appends an entry (for LRU, where its key's slot is) at the back and gets
//! a *stamp*, the number of the append. The caller keeps each key's latest stamp and
//! [`retire`]s the previous one on a hit, which clears a bit instead of unlinking a node.
//! So the entries whose bit is still set are exactly one per cached key, in order of
//! last use, and [`pop_oldest`] finds the least recently used key by skipping cleared
//! bits, 64 at a time.
//!
//! The entries live in a ring whose room is a power of two: a stamp's low bits are its
//! position, and appending wraps around to positions the front has already passed,
//! which hold only retired or popped entries. Only when every position from the front
//! to the back is taken (a long run of hits appends without evicting) is the ring
//! compacted: its live entries are copied out in order, and the returned
//! [`Renumbering`] tells the caller each one's new stamp. The room is then the power of
//! two at or above [`GROWTH`] times the live entries, so a compaction of `n` entries
//! comes at most once per `(GROWTH - 1) · n` appends (amortised O(1)), and the ring holds
//! at most `2 · GROWTH` slots per key cached at the last compaction (and at least
//! [`MIN_ROOM`]).
//!
//! On a steady workload the front keeps ahead of the back and the ring never compacts:
//! on the benchmark's Zipf trace, the least recently used entry of a 100,000-entry LRU
//! sits about 313,000 appends behind the newest, inside a room of 524,288. (A queue that
//! slid its live entries back to its start whenever its end was reached spent about 12%
//! of LRU's time doing so.)
//!
//! [`retire`]: StampQueue::retire
//! [`pop_oldest`]: StampQueue::pop_oldest

/// Room per live entry after a compaction (before rounding up to a power of two):
/// amortised compaction cost against memory.
const GROWTH: usize = 4;
/// The least room, so tiny caches do not compact every few accesses.
const MIN_ROOM: usize = 64;

/// The number of an append, counted from the last compaction and wrapping at 2^32; its
/// low bits are its position in the ring. 32 bits are enough, since the room is at most
/// 2^26 ([`GROWTH`] times [`crate::MAX_CAPACITY`], a power of two already), and
/// they keep LRU's map slots small.
pub(crate) type Stamp = u32;

/// Entries in access order with a live bit each, in a ring.
#[derive(Clone, Debug)]
pub(crate) struct StampQueue<T> {
    /// `entries[s & mask]`: the entry appended with stamp `s`. Its length is the room,
    /// allocated up front, so an append is a store, never a reallocation.
    entries: Vec<T>,
    /// Bit `s & mask` set: stamp `s` is its key's latest access (64 stamps per word).
    live: Vec<u64>,
    /// The room less one: a stamp's position is `stamp & mask`.
    mask: usize,
    /// The stamp of the oldest entry not yet popped; every live stamp lies from here
    /// up to `back`.
    front: Stamp,
    /// The stamp the next append gets.
    back: Stamp,
}

impl<T: Copy + Default> StampQueue<T> {
    /// An empty queue with room for at least `n` appends before the first compaction.
    pub(crate) fn with_room(n: usize) -> Self {
        let room = n.max(MIN_ROOM).next_power_of_two();
        Self {
            entries: vec![T::default(); room],
            live: vec![0; room / 64],
            mask: room - 1,
            front: 0,
            back: 0,
        }
    }

    /// An empty queue whose first append gets stamp `first` (tests of the wrap at 2^32).
    #[cfg(test)]
    pub(crate) fn with_room_from(n: usize, first: Stamp) -> Self {
        let mut queue = Self::with_room(n);
        queue.front = first;
        queue.back = first;
        queue
    }

    /// How many stamps lie from the front up to the back.
    #[inline(always)]
    fn span(&self) -> usize {
        self.back.wrapping_sub(self.front) as usize
    }

    /// Whether the next append must wait for a [`compact`](Self::compact): every
    /// position is taken.
    #[inline(always)]
    pub(crate) fn is_full(&self) -> bool {
        self.span() > self.mask
    }

    /// Whether `stamp` is the newest entry (so a hit on it changes no order).
    #[inline(always)]
    pub(crate) fn is_newest(&self, stamp: Stamp) -> bool {
        stamp.wrapping_add(1) == self.back
    }

    /// Appends `entry` as live; returns its stamp. Call only when not [`is_full`](Self::is_full).
    #[inline(always)]
    pub(crate) fn push(&mut self, entry: T) -> Stamp {
        let stamp = self.back;
        let position = stamp as usize & self.mask;
        if let Some(slot) = self.entries.get_mut(position) {
            *slot = entry;
        }
        if let Some(word) = self.live.get_mut(position / 64) {
            *word |= 1u64 << (position % 64);
        }
        self.back = stamp.wrapping_add(1);
        stamp
    }

    /// Marks `stamp` as superseded: its key was accessed again.
    #[inline(always)]
    pub(crate) fn retire(&mut self, stamp: Stamp) {
        let position = stamp as usize & self.mask;
        if let Some(word) = self.live.get_mut(position / 64) {
            *word &= !(1u64 << (position % 64));
        }
    }

    /// Points the entry of `stamp` elsewhere (for LRU: its key's slot moved).
    pub(crate) fn set(&mut self, stamp: Stamp, entry: T) {
        if let Some(slot) = self.entries.get_mut(stamp as usize & self.mask) {
            *slot = entry;
        }
    }

    /// The stamp of the oldest live entry.
    #[inline(always)]
    fn oldest(&self) -> Option<Stamp> {
        if self.span() == 0 {
            return None;
        }
        let start = self.front as usize & self.mask;
        let words = self.live.len();
        let mut w = start / 64;
        let mut word = *self.live.get(w)? & (u64::MAX << (start % 64));
        // After a full turn this is the front's own word again, taken whole: its bits
        // before the front are the newest entries.
        for _ in 0..words {
            if word != 0 {
                break;
            }
            w = if w + 1 == words { 0 } else { w + 1 };
            word = *self.live.get(w)?;
        }
        if word == 0 {
            return None;
        }
        let position = w * 64 + word.trailing_zeros() as usize;
        let ahead = position.wrapping_sub(start) & self.mask;
        Some(self.front.wrapping_add(ahead as Stamp))
    }

    /// Removes the oldest live entry; returns its stamp and the entry.
    #[inline(always)]
    pub(crate) fn pop_oldest(&mut self) -> Option<(Stamp, T)> {
        let stamp = self.oldest()?;
        self.retire(stamp);
        self.front = stamp.wrapping_add(1);
        let entry = self.entries.get(stamp as usize & self.mask).copied()?;
        Some((stamp, entry))
    }

    /// Copies the live entries out in order to a new ring with room for at least
    /// [`GROWTH`] times as many. Returns the map from old stamps to new ones, for the
    /// caller's records of latest stamps. Kept out of line: inlined into LRU, it made
    /// LRU's loop 7% slower.
    #[cold]
    #[inline(never)]
    pub(crate) fn compact(&mut self) -> Renumbering {
        let mut kept = Vec::new();
        self.for_each_live(|position| kept.extend(self.entries.get(position).copied()));
        let renumbering = Renumbering::of(std::mem::take(&mut self.live), self.front, self.mask);
        let live = kept.len();
        let room = (live * GROWTH).max(MIN_ROOM).next_power_of_two();
        kept.resize(room, T::default());
        self.entries = kept;
        self.live = (0..room / 64)
            .map(|w| {
                let bits = live.saturating_sub(w * 64).min(64) as u32;
                u64::MAX.checked_shr(64 - bits).unwrap_or(0)
            })
            .collect();
        self.mask = room - 1;
        self.front = 0;
        self.back = live as Stamp;
        renumbering
    }

    /// The live entries with their stamps, oldest (next to be evicted) first.
    pub(crate) fn live(&self) -> Vec<(Stamp, T)> {
        let start = self.front as usize & self.mask;
        let mut live = Vec::new();
        self.for_each_live(|position| {
            let ahead = position.wrapping_sub(start) & self.mask;
            let stamp = self.front.wrapping_add(ahead as Stamp);
            live.extend(self.entries.get(position).map(|&entry| (stamp, entry)));
        });
        live
    }

    /// Calls `f` with the position of every live entry, in ring order from the front:
    /// the front's word from the front on, the other words, then the front's word
    /// before the front (the newest entries, once the ring has wrapped).
    fn for_each_live(&self, mut f: impl FnMut(usize)) {
        let words = self.live.len();
        let start = self.front as usize & self.mask;
        let first = start / 64;
        let high = u64::MAX << (start % 64);
        for step in 0..=words {
            let w = (first + step) % words.max(1);
            let word = self.live.get(w).copied().unwrap_or(0);
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

    /// The live entries, oldest first.
    #[cfg(test)]
    fn live_entries(&self) -> Vec<T> {
        self.live().into_iter().map(|(_, entry)| entry).collect()
    }
}

/// Old stamps to new ones after a compaction: a live entry's new stamp is the number of
/// live entries before it in ring order, from the front.
pub(crate) struct Renumbering {
    /// The live bits, as they were.
    words: Vec<u64>,
    /// Per word: how many live entries come before its positions in ring order. The
    /// front's own word is split: its bits from the front on come first (none before
    /// them), its bits before the front come last (`last_base` before them).
    bases: Vec<Stamp>,
    /// The front's position.
    start: usize,
    /// The room less one.
    mask: usize,
    /// How many live entries come before the low bits of the front's word.
    last_base: Stamp,
}

impl Renumbering {
    fn of(words: Vec<u64>, front: Stamp, mask: usize) -> Self {
        let start = front as usize & mask;
        let first = start / 64;
        let high = u64::MAX << (start % 64);
        let mut bases = vec![0; words.len()];
        let mut count = 0;
        for step in 0..words.len() {
            let w = (first + step) % words.len();
            let word = words.get(w).copied().unwrap_or(0);
            if let Some(base) = bases.get_mut(w) {
                *base = count;
            }
            let word = if step == 0 { word & high } else { word };
            count += word.count_ones();
        }
        Self {
            words,
            bases,
            start,
            mask,
            last_base: count,
        }
    }

    /// The new stamp of the entry that had `stamp`, or `None` if it was not live.
    pub(crate) fn apply(&self, stamp: Stamp) -> Option<Stamp> {
        let position = stamp as usize & self.mask;
        let w = position / 64;
        let bit = 1u64 << (position % 64);
        let word = *self.words.get(w)?;
        if word & bit == 0 {
            return None;
        }
        let high = u64::MAX << (self.start % 64);
        let (bits, base) = if w != self.start / 64 {
            (word, *self.bases.get(w)?)
        } else if bit & high != 0 {
            (word & high, 0)
        } else {
            (word & !high, self.last_base)
        };
        Some(base + Stamp::from((bits & (bit - 1)).count_ones()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::VecDeque;

    type Queue = StampQueue<u64>;

    #[test]
    fn pops_skip_retired_entries_and_compaction_keeps_the_order() {
        let mut q = Queue::with_room(0);
        let a = q.push(10);
        let b = q.push(20);
        let c = q.push(30);
        q.retire(a);
        let a2 = q.push(10);
        assert_eq!(q.live_entries(), vec![20, 30, 10]);
        assert!(q.is_newest(a2) && !q.is_newest(c));
        assert_eq!(q.pop_oldest(), Some((b, 20)));
        let renumbering = q.compact();
        assert_eq!(renumbering.apply(a), None, "retired");
        assert_eq!(renumbering.apply(b), None, "popped");
        assert_eq!(renumbering.apply(c), Some(0));
        assert_eq!(renumbering.apply(a2), Some(1));
        assert_eq!(q.live_entries(), vec![30, 10]);
        assert_eq!(q.push(40), 2);
        assert_eq!(q.pop_oldest(), Some((0, 30)));
    }

    #[test]
    fn room_follows_the_live_entries() {
        let mut q = Queue::with_room(0);
        let mut stamp = q.push(1);
        while !q.is_full() {
            q.retire(stamp);
            stamp = q.push(1);
        }
        assert_eq!(q.compact().apply(stamp), Some(0));
        assert_eq!(q.live_entries(), vec![1]);
        let mut appends = 0;
        while !q.is_full() {
            q.push(appends);
            appends += 1;
        }
        assert_eq!(appends, MIN_ROOM as u64 - 1);
        q.compact();
        assert_eq!(q.live_entries().len(), MIN_ROOM);
        assert_eq!(q.entries.len(), MIN_ROOM * GROWTH);
    }

    #[test]
    fn appends_wrap_into_positions_the_front_has_passed() {
        let mut q = Queue::with_room(64);
        for entry in 0..40 {
            q.push(entry);
        }
        for entry in 0..30 {
            assert_eq!(q.pop_oldest().map(|(_, e)| e), Some(entry));
        }
        for entry in 40..94 {
            q.push(entry);
        }
        assert!(
            q.is_full(),
            "64 positions, 64 entries from the front to the back"
        );
        assert_eq!(q.live_entries(), (30..94).collect::<Vec<_>>());
        // Compacting a ring whose front is mid-word and whose newest entries sit before
        // it keeps the order.
        let renumbering = q.compact();
        assert_eq!(renumbering.apply(30), Some(0));
        assert_eq!(renumbering.apply(64), Some(34), "position 0, wrapped");
        assert_eq!(renumbering.apply(93), Some(63));
        assert_eq!(q.live_entries(), (30..94).collect::<Vec<_>>());
    }

    #[derive(Debug, Clone)]
    enum Op {
        Append(u64),
        Hit(usize),
        Pop,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (0u64..1000).prop_map(Op::Append),
            4 => any::<usize>().prop_map(Op::Hit),
            2 => Just(Op::Pop),
        ]
    }

    /// Appends, compacting first when full, as LRU does; the model learns new stamps.
    fn append(q: &mut Queue, model: &mut VecDeque<(Stamp, u64)>, entry: u64) {
        if q.is_full() {
            let renumbering = q.compact();
            for (stamp, _) in model.iter_mut() {
                *stamp = renumbering.apply(*stamp).unwrap_or(Stamp::MAX);
            }
        }
        let stamp = q.push(entry);
        model.push_back((stamp, entry));
    }

    proptest! {
        /// Against a list of the live entries with their stamps, across wrap-arounds and
        /// compactions.
        #[test]
        fn behaves_like_a_list_of_live_entries(
            room in 0usize..200,
            ops in prop::collection::vec(op(), 0..600),
            first_stamp in prop_oneof![Just(0), Just(u32::MAX - 100), any::<Stamp>()],
        ) {
            // Stamps wrap at 2^32 on a ring that never compacts: start anywhere.
            let mut q = Queue::with_room_from(room, first_stamp);
            let mut model: VecDeque<(Stamp, u64)> = VecDeque::new();
            for op in ops {
                match op {
                    Op::Append(entry) => append(&mut q, &mut model, entry),
                    Op::Hit(i) => {
                        let len = model.len().max(1);
                        if let Some((stamp, entry)) = model.remove(i % len) {
                            q.retire(stamp);
                            append(&mut q, &mut model, entry);
                        }
                    }
                    Op::Pop => prop_assert_eq!(q.pop_oldest(), model.pop_front()),
                }
                let entries: Vec<u64> = model.iter().map(|&(_, e)| e).collect();
                prop_assert_eq!(q.live_entries(), entries);
                prop_assert_eq!(q.live(), Vec::from(model.clone()));
                if let Some(&(newest, _)) = model.back() {
                    prop_assert!(q.is_newest(newest));
                }
            }
        }
    }
}
