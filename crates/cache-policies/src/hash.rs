//! Fast, deterministic hashing of `u64` keys.
//!
//! The policies' key index (an open-addressing table) and the crate's other maps hash every
//! key, so the hasher sits on the hot path. Keys are `u64`s, so a single 64×64→128-bit multiply by an odd constant,
//! folded (high half XOR low half), mixes every input bit into every output bit: the
//! same "folded multiply" that `ahash` and `foldhash` use, without their per-process
//! random seeds. A fixed seed keeps runs byte-for-byte reproducible (map iteration
//! order included), natively and in WebAssembly; the price is no protection against
//! keys chosen adversarially to collide, which a simulator does not need.

use std::hash::{BuildHasherDefault, Hasher};

/// The multiplier: the 64-bit golden-ratio constant (odd, with well-spread bits).
const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

/// A hasher for `u64` keys: one folded multiply.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyHasher {
    state: u64,
}

impl Hasher for KeyHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.state
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        // Not used for `u64` keys; kept correct for any other key type.
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (dst, src) in word.iter_mut().zip(chunk) {
                *dst = *src;
            }
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u64(&mut self, value: u64) {
        self.state = fold_mix(self.state ^ value);
    }

    #[inline]
    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }
}

/// The folded multiply: the high and low halves of `x × MULTIPLIER`, XORed.
#[inline(always)]
pub(crate) fn fold_mix(x: u64) -> u64 {
    let product = u128::from(x) * u128::from(MULTIPLIER);
    (product as u64) ^ ((product >> 64) as u64)
}

/// A stronger 64-bit mixer (SplitMix64's finaliser) for the sketch's hash functions,
/// where the counters' indices are taken from the low bits.
#[inline(always)]
pub(crate) fn mix64(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Builds [`KeyHasher`]s (all with the same fixed seed).
pub type BuildKeyHasher = BuildHasherDefault<KeyHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn hashes_are_fixed_and_spread() {
        let build = BuildKeyHasher::default();
        assert_eq!(build.hash_one(1u64), build.hash_one(1u64));
        assert_ne!(build.hash_one(1u64), build.hash_one(2u64));
        // Consecutive keys land in different top-7-bit groups most of the time.
        let tops: std::collections::HashSet<u64> =
            (0..64u64).map(|k| build.hash_one(k) >> 57).collect();
        assert!(tops.len() > 30);
    }
}
