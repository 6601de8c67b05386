//! TinyLFU's frequency sketch: a count-min sketch of 4-bit counters, a doorkeeper Bloom
//! filter in front of it, and periodic halving.
//!
//! Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
//! ACM Transactions on Storage 13(4), 2017, sections 3.3–3.4:
//! - **Count-min sketch** (Cormode and Muthukrishnan, 2005): `DEPTH = 4` rows of
//!   counters, one counter per row per key, the estimate being the row minimum (never an
//!   underestimate; collisions only add). There are four counters per cache entry in
//!   all (the capacity rounded up to a power of two, times four, at least 512), as in
//!   Caffeine. As in Caffeine's current layout, the table is cut into 64-byte blocks and
//!   a key's four counters all live in one block (one cache line): the block is chosen
//!   by the hash's high half, and row `i` owns words `2i` and `2i + 1` of each block.
//! - **4-bit counters** (`MAX_COUNT = 15`), sixteen to a `u64`: the reset below keeps
//!   counts small, so four bits suffice and the sketch costs 4 rows × 4 bits = 2 bytes
//!   per cached entry.
//! - **Doorkeeper**: a Bloom filter (two bit positions per key) that absorbs each key's
//!   first occurrence per period, so the many keys seen once never reach the counters.
//!   The estimate adds 1 when the key is in the doorkeeper. It has the next power of two
//!   at or above the sample size bits.
//! - **Reset** ("freshness"): after `SAMPLE_FACTOR = 10` × capacity recorded accesses
//!   every counter is halved, the doorkeeper cleared and the sample count halved, so old
//!   popularity fades.
//!
//! Counters use the standard (non-conservative) update: all four are incremented.

use crate::hash::{fold_mix, mix64};
use crate::policy::{Capacity, Key};
use serde::{Deserialize, Serialize};

/// Rows of the count-min sketch.
const DEPTH: usize = 4;
/// Saturation value of a 4-bit counter.
const MAX_COUNT: u64 = 15;
/// Accesses per reset period, as a multiple of the capacity.
const SAMPLE_FACTOR: u32 = 10;
/// Words per 64-byte block.
const BLOCK_WORDS: usize = 8;
/// Each nibble's top bit cleared, for halving sixteen counters at once.
const HALF_MASK: u64 = 0x7777_7777_7777_7777;

/// The sketch and its doorkeeper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrequencySketch {
    /// Blocks of [`BLOCK_WORDS`] words.
    table: Vec<u64>,
    /// Blocks, minus one (a power of two minus one).
    block_mask: u32,
    /// Doorkeeper bits.
    doorkeeper: Vec<u64>,
    /// Doorkeeper size in bits, minus one.
    door_mask: u32,
    samples: u32,
    sample_limit: u32,
    resets: u64,
}

/// The sketch's state for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SketchView {
    /// The counters, row by row (`DEPTH` rows of 32 counters per block).
    pub counters: Vec<Vec<u8>>,
    /// How many doorkeeper bits are set, out of `doorkeeper_bits`.
    pub doorkeeper_set: u32,
    /// The doorkeeper's size in bits.
    pub doorkeeper_bits: u32,
    /// Accesses recorded in the current period.
    pub samples: u32,
    /// Accesses per period (the reset happens when `samples` reaches it).
    pub sample_limit: u32,
    /// Resets so far.
    pub resets: u64,
}

impl FrequencySketch {
    /// A sketch sized for a cache of `capacity` entries.
    pub fn new(capacity: Capacity) -> Self {
        let words = (capacity.get().max(128).next_power_of_two() / 4) as usize;
        let sample_limit = capacity.get().saturating_mul(SAMPLE_FACTOR);
        let door_bits = sample_limit.max(64).next_power_of_two();
        Self {
            table: vec![0; words],
            block_mask: (words / BLOCK_WORDS) as u32 - 1,
            doorkeeper: vec![0; door_bits as usize / 64],
            door_mask: door_bits - 1,
            samples: 0,
            sample_limit,
            resets: 0,
        }
    }

    /// The word index and bit shift of `key`'s counter in each row: one block, row `i`
    /// in word `2i` or `2i + 1` of it, nibble chosen by hash bits.
    #[inline(always)]
    fn slots(&self, hash: u64) -> [(usize, u32); DEPTH] {
        let block = (((hash >> 32) as u32) & self.block_mask) as usize * BLOCK_WORDS;
        let mut out = [(0usize, 0u32); DEPTH];
        for (row, slot) in out.iter_mut().enumerate() {
            let bits = (hash >> (row * 8)) as u32;
            *slot = (
                block + row * 2 + (bits & 1) as usize,
                ((bits >> 1) & 15) * 4,
            );
        }
        out
    }

    /// The doorkeeper's two bit positions for `key`.
    #[inline(always)]
    fn door_bits(&self, hash: u64) -> [u32; 2] {
        let g = fold_mix(hash);
        [
            (g as u32) & self.door_mask,
            ((g >> 32) as u32) & self.door_mask,
        ]
    }

    #[inline(always)]
    fn door_contains(&self, bits: [u32; 2]) -> bool {
        bits.iter().all(|&b| {
            self.doorkeeper
                .get(b as usize >> 6)
                .is_some_and(|w| w >> (b & 63) & 1 == 1)
        })
    }

    /// The estimated frequency of `key` in the current period (0 to 16).
    #[inline(always)]
    pub fn estimate(&self, key: Key) -> u8 {
        let hash = mix64(key);
        let min = self
            .slots(hash)
            .iter()
            .map(|&(w, s)| self.table.get(w).map_or(0, |word| (word >> s) & MAX_COUNT))
            .min()
            .unwrap_or(0);
        min as u8 + u8::from(self.door_contains(self.door_bits(hash)))
    }

    /// Records one access to `key`.
    #[inline]
    pub fn record(&mut self, key: Key) {
        let hash = mix64(key);
        let door = self.door_bits(hash);
        if self.door_contains(door) {
            for (w, s) in self.slots(hash) {
                if let Some(word) = self.table.get_mut(w) {
                    if (*word >> s) & MAX_COUNT < MAX_COUNT {
                        *word += 1 << s;
                    }
                }
            }
        } else {
            for b in door {
                if let Some(word) = self.doorkeeper.get_mut(b as usize >> 6) {
                    *word |= 1 << (b & 63);
                }
            }
        }
        self.samples += 1;
        if self.samples >= self.sample_limit {
            self.reset();
        }
    }

    /// Halves every counter, clears the doorkeeper and halves the sample count.
    fn reset(&mut self) {
        for word in &mut self.table {
            *word = (*word >> 1) & HALF_MASK;
        }
        self.doorkeeper.fill(0);
        self.samples /= 2;
        self.resets += 1;
    }

    /// The state for display.
    pub fn view(&self) -> SketchView {
        let counters = (0..DEPTH)
            .map(|row| {
                self.table
                    .chunks(BLOCK_WORDS)
                    .flat_map(|block| block.iter().skip(row * 2).take(2))
                    .flat_map(|&w| (0..16).map(move |n| ((w >> (n * 4)) & MAX_COUNT) as u8))
                    .collect()
            })
            .collect();
        SketchView {
            counters,
            doorkeeper_set: self.doorkeeper.iter().map(|w| w.count_ones()).sum(),
            doorkeeper_bits: self.door_mask + 1,
            samples: self.samples,
            sample_limit: self.sample_limit,
            resets: self.resets,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::cap;

    #[test]
    fn counts_after_the_doorkeeper_and_halves_on_reset() {
        let mut s = FrequencySketch::new(cap(10)); // sample limit 100
        assert_eq!(s.estimate(7), 0);
        s.record(7);
        assert_eq!(s.estimate(7), 1, "first sighting: the doorkeeper only");
        for _ in 0..5 {
            s.record(7);
        }
        assert_eq!(s.estimate(7), 6);
        for _ in 0..30 {
            s.record(7);
        }
        assert_eq!(
            s.estimate(7),
            16,
            "counters saturate at 15, plus the doorkeeper"
        );
        for k in 1000..1064 {
            s.record(k);
        }
        // 100 samples: the reset halved the counters and cleared the doorkeeper.
        assert_eq!(s.view().resets, 1);
        assert_eq!(s.estimate(7), 7);
        assert!(s.view().samples < 100);
    }
}
