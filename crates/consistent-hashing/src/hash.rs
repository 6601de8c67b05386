//! A stable, well-mixed 64-bit hash: the same bits on every platform and every run.
//!
//! Rust's `DefaultHasher` is seeded at random per process and may change between
//! releases, so a placement built on it could not be shared in a link or checked in a
//! test. Every algorithm in this crate hashes through this module instead.
//!
//! - Bytes (key and node names) go through **FNV-1a 64** (Fowler, Noll and Vo; see
//!   IETF draft `draft-eastlake-fnv`), a byte-at-a-time hash with offset basis
//!   `0xcbf2_9ce4_8422_2325` and prime `0x0000_0100_0000_01b3`. FNV-1a alone mixes its
//!   high bits poorly, so its output is passed through the finaliser below.
//! - Integers go through **`fmix64`**, the 64-bit finaliser of MurmurHash3 (Austin
//!   Appleby, 2011): two xor-shift-multiply rounds with the constants
//!   `0xff51_afd7_ed55_8ccd` and `0xc4ce_b9fe_1a85_ec53`. It is a bijection on `u64`
//!   with full avalanche: flipping one input bit flips each output bit with
//!   probability close to one half.
//!
//! Only integer arithmetic is used (wrapping multiply, xor, shift), so the results are
//! identical natively and in WebAssembly. This is not a cryptographic hash: an adversary
//! who can choose keys can make them collide.

/// FNV-1a's 64-bit offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a's 64-bit prime, 2^40 + 2^8 + 0xb3.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// MurmurHash3's 64-bit finaliser (`fmix64`): a bijection with full avalanche.
///
/// ```
/// use consistent_hashing::hash::mix64;
/// assert_eq!(mix64(0), 0);
/// assert_ne!(mix64(1), mix64(2));
/// ```
#[inline]
pub const fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// Hash bytes to a well-mixed `u64`: FNV-1a 64 followed by [`mix64`].
///
/// ```
/// use consistent_hashing::hash::hash_bytes;
/// // Stable across runs, platforms and releases of this crate's major version.
/// assert_eq!(hash_bytes(b"alice"), hash_bytes(b"alice"));
/// assert_ne!(hash_bytes(b"alice"), hash_bytes(b"bob"));
/// ```
#[inline]
pub const fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(FNV_PRIME);
        i += 1;
    }
    mix64(h)
}

/// Hash a string key (its UTF-8 bytes) to its position in `u64` space.
#[inline]
pub fn hash_str(key: &str) -> u64 {
    hash_bytes(key.as_bytes())
}

/// Combine two hashes into a third that depends on both, well mixed.
///
/// Used for "the hash of key *k* under node *n*" (rendezvous hashing) and "the hash of
/// virtual node *i* of node *n*" (the ring). The golden-ratio multiplier breaks the
/// symmetry `combine(a, b) == combine(b, a)`.
#[inline]
pub const fn combine(a: u64, b: u64) -> u64 {
    mix64(a ^ mix64(b.wrapping_add(0x9e37_79b9_7f4a_7c15)))
}

/// Map a hash uniformly onto `0..n` without a division (Lemire's multiply-shift,
/// "Fast Random Integer Generation in an Interval", ACM TOMACS 2019).
///
/// Uses the hash's high bits, so it needs a well-mixed input such as [`mix64`]'s output.
#[inline]
pub const fn reduce(hash: u64, n: u64) -> u64 {
    ((hash as u128 * n as u128) >> 64) as u64
}

/// A hash mapped to a float in the open interval (0, 1), from its top 52 bits.
///
/// Never 0 and never 1, so `ln` of it is finite and negative.
#[inline]
pub fn unit_open(hash: u64) -> f64 {
    // (h + 0.5) / 2^52 with h in 0..2^52: exact in f64 (53 significant bits), and at most
    // 1 − 2^-53, the largest double below 1.
    ((hash >> 12) as f64 + 0.5) * (1.0 / 4_503_599_627_370_496.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_published_vectors() {
        // FNV-1a 64 test vectors from draft-eastlake-fnv, before the finaliser.
        fn fnv(bytes: &[u8]) -> u64 {
            bytes
                .iter()
                .fold(FNV_OFFSET, |h, &b| (h ^ b as u64).wrapping_mul(FNV_PRIME))
        }
        assert_eq!(fnv(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(hash_bytes(b"a"), mix64(0xaf63_dc4c_8601_ec8c));
    }

    #[test]
    fn hash_is_pinned() {
        // Pinned so a change to the hash (which would move every key) fails a test.
        assert_eq!(mix64(1), 0xb456_bcfc_34c2_cb2c);
        assert_eq!(hash_str("key-0"), hash_bytes(b"key-0"));
    }

    #[test]
    fn unit_open_stays_inside() {
        for h in [0, 1, u64::MAX, u64::MAX >> 1, 1 << 11] {
            let u = unit_open(h);
            assert!(u > 0.0 && u < 1.0, "{h} -> {u}");
        }
    }

    #[test]
    fn reduce_covers_range() {
        assert_eq!(reduce(0, 10), 0);
        assert_eq!(reduce(u64::MAX, 10), 9);
        assert_eq!(reduce(u64::MAX / 2, 10), 4);
    }

    #[test]
    fn mix_avalanches() {
        // Flipping one input bit flips about half the output bits on average.
        let mut flipped = 0u32;
        for i in 0..64u32 {
            let x = 0x0123_4567_89ab_cdefu64;
            flipped += (mix64(x) ^ mix64(x ^ (1 << i))).count_ones();
        }
        let mean = f64::from(flipped) / 64.0;
        assert!((28.0..36.0).contains(&mean), "mean flipped bits {mean}");
    }
}
