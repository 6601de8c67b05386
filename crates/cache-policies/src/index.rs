//! The key index: an open-addressing hash table from `u64` keys to `u32` slot numbers.
//!
//! Every access of every policy but LRU (which uses a SwissTable, `hashbrown`'s
//! `HashTable`, see [`crate::lru`]) starts with a lookup here, and every miss in a full cache adds
//! one key and removes another, so this table is the hot path. It is a flat
//! array of 16-byte `(key, value)` cells with linear probing (Peterson, 1957; Knuth,
//! TAOCP vol. 3, §6.4): a lookup usually reads one cache line, with no separate control
//! bytes and no pointers. Deletion shifts later cells of the same run back (Knuth's
//! Algorithm R), so there are no tombstones and probe runs stay short. The table keeps
//! at most half its cells full (it doubles before passing that), which bounds the
//! expected probes per lookup at about 1.5 for a hit and 2.5 for a miss.
//!
//! A cell is empty when its value is [`EMPTY`] (`u32::MAX`); values are slot numbers
//! below 2^31 (or 2^31 + a ghost slot), so every `u64` is a valid key. The hash is
//! [`fold_mix`](crate::hash::fold_mix): fixed, so runs are reproducible byte for byte.
//!
//! Serialised as the list of `(key, value)` pairs, rebuilt on load.

use crate::hash::fold_mix;
use serde::{Deserialize, Serialize};

/// The value marking an empty cell.
const EMPTY: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cell {
    key: u64,
    value: u32,
}

const VACANT: Cell = Cell {
    key: 0,
    value: EMPTY,
};

/// Where a probe for a key ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Probe {
    /// The key is present with this value, at this cell.
    Found(u32, usize),
    /// The key is absent; this empty cell is where it would go.
    Vacant(usize),
}

/// A `u64 → u32` map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<(u64, u32)>", into = "Vec<(u64, u32)>")]
pub(crate) struct KeyIndex {
    cells: Vec<Cell>,
    mask: usize,
    len: usize,
}

impl KeyIndex {
    /// An empty index with room for `n` keys before it grows.
    pub(crate) fn with_capacity(n: usize) -> Self {
        let cells = (n.max(4) * 2).next_power_of_two();
        Self {
            cells: vec![VACANT; cells],
            mask: cells - 1,
            len: 0,
        }
    }

    #[inline(always)]
    fn home(&self, key: u64) -> usize {
        (fold_mix(key) as usize) & self.mask
    }

    /// Finds `key`, or the empty cell where it would be inserted.
    #[inline(always)]
    pub(crate) fn probe(&self, key: u64) -> Probe {
        let mut i = self.home(key);
        loop {
            match self.cells.get(i) {
                Some(c) if c.value == EMPTY => return Probe::Vacant(i),
                Some(c) if c.key == key => return Probe::Found(c.value, i),
                Some(_) => i = (i + 1) & self.mask,
                // Unreachable: `i` is masked and the table is never full.
                None => return Probe::Vacant(0),
            }
        }
    }

    /// The value of `key`, if present.
    #[inline(always)]
    pub(crate) fn get(&self, key: u64) -> Option<u32> {
        match self.probe(key) {
            Probe::Found(v, _) => Some(v),
            Probe::Vacant(_) => None,
        }
    }

    /// Whether `key` is present.
    #[inline(always)]
    pub(crate) fn contains_key(&self, key: u64) -> bool {
        self.get(key).is_some()
    }

    /// Overwrites the value in the cell a [`Probe::Found`] returned.
    #[inline(always)]
    pub(crate) fn set_at(&mut self, cell: usize, value: u32) {
        if let Some(c) = self.cells.get_mut(cell) {
            c.value = value;
        }
    }

    /// Inserts an absent key into the cell a [`Probe::Vacant`] just returned (with no
    /// change to the table in between).
    #[inline(always)]
    pub(crate) fn insert_at(&mut self, cell: usize, key: u64, value: u32) {
        if let Some(c) = self.cells.get_mut(cell) {
            *c = Cell { key, value };
            self.len += 1;
            if self.len * 2 > self.cells.len() {
                self.grow();
            }
        }
    }

    /// Inserts or overwrites; returns the previous value.
    #[inline(always)]
    pub(crate) fn insert(&mut self, key: u64, value: u32) -> Option<u32> {
        match self.probe(key) {
            Probe::Found(old, cell) => {
                self.set_at(cell, value);
                Some(old)
            }
            Probe::Vacant(cell) => {
                self.insert_at(cell, key, value);
                None
            }
        }
    }

    /// Removes `key`; returns its value.
    #[inline]
    pub(crate) fn remove(&mut self, key: u64) -> Option<u32> {
        let Probe::Found(value, mut hole) = self.probe(key) else {
            return None;
        };
        // Backward-shift deletion: move later cells of the run into the hole when their
        // home position does not lie cyclically in (hole, cell].
        let mut i = hole;
        loop {
            i = (i + 1) & self.mask;
            let Some(&cell) = self.cells.get(i) else {
                break;
            };
            if cell.value == EMPTY {
                break;
            }
            let home = self.home(cell.key);
            let stays = if hole <= i {
                hole < home && home <= i
            } else {
                hole < home || home <= i
            };
            if !stays {
                if let Some(h) = self.cells.get_mut(hole) {
                    *h = cell;
                }
                hole = i;
            }
        }
        if let Some(h) = self.cells.get_mut(hole) {
            *h = VACANT;
        }
        self.len -= 1;
        Some(value)
    }

    /// How many keys are present.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.cells);
        let size = old.len() * 2;
        self.cells = vec![VACANT; size];
        self.mask = size - 1;
        self.len = 0;
        for c in old.into_iter().filter(|c| c.value != EMPTY) {
            if let Probe::Vacant(cell) = self.probe(c.key) {
                if let Some(slot) = self.cells.get_mut(cell) {
                    *slot = c;
                    self.len += 1;
                }
            }
        }
    }

    /// The present `(key, value)` pairs, in table order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.cells
            .iter()
            .filter(|c| c.value != EMPTY)
            .map(|c| (c.key, c.value))
    }
}

impl From<Vec<(u64, u32)>> for KeyIndex {
    fn from(pairs: Vec<(u64, u32)>) -> Self {
        let mut index = Self::with_capacity(pairs.len());
        for (key, value) in pairs.into_iter().filter(|&(_, v)| v != EMPTY) {
            index.insert(key, value);
        }
        index
    }
}

impl From<KeyIndex> for Vec<(u64, u32)> {
    fn from(index: KeyIndex) -> Self {
        index.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn behaves_like_a_hash_map() {
        let mut ours = KeyIndex::with_capacity(2);
        let mut reference = HashMap::new();
        let mut x = 1u64;
        for step in 0..20_000u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let base = if step % 7 == 0 { u64::MAX - 400 } else { 0 };
            let key = base + (x >> 33) % 300;
            match x % 3 {
                0 => assert_eq!(ours.remove(key), reference.remove(&key)),
                _ => assert_eq!(ours.insert(key, step), reference.insert(key, step)),
            }
            assert_eq!(ours.len(), reference.len());
        }
        for (k, v) in &reference {
            assert_eq!(ours.get(*k), Some(*v));
        }
        let back: KeyIndex = Vec::from(ours.clone()).into();
        assert_eq!(back.len(), ours.len());
        assert!(reference.keys().all(|k| back.contains_key(*k)));
    }
}
