//! Jump consistent hash.
//!
//! John Lamping and Eric Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
//! 2014 (arXiv:1406.2294). It maps a 64-bit key to one of `n` buckets numbered `0..n`
//! with no memory beyond `n` and in `O(ln n)` expected time, and it is perfectly
//! consistent: going from `n` to `n + 1` buckets moves exactly the keys that now land in
//! bucket `n`, an expected `1/(n + 1)` of them, and no others.
//!
//! The key seeds a linear congruential generator (multiplier `2862933555777941757`,
//! increment 1; the paper's constant). Starting at bucket `b = 0`, each step draws the
//! next bucket index `j = ⌊(b + 1) · 2^31 / (r + 1)⌋` at which the key would "jump",
//! with `r` the generator's top 31 bits; the loop stops when `j ≥ n` and returns the last
//! `b`. The floating-point division is the paper's: IEEE 754 doubles give the same
//! result natively and in WebAssembly.
//!
//! **Limitation:** buckets are numbers, not names. Only adding or removing the *last*
//! bucket is minimal; removing bucket `i < n − 1` renumbers every later node, so in this
//! crate (where bucket `i` is the membership's `i`-th node) removing a node from the
//! middle moves the keys of every node after it too. Jump hash suits storage shards that
//! are only ever appended, not caches whose arbitrary members fail. It also has no
//! weights (they are ignored here).
//!
//! A key's replica set here is the owner's bucket and the following buckets (wrapping);
//! that is this crate's choice, not the paper's.

use crate::node::Membership;
use crate::placement::{AlgorithmKind, Placement};
use crate::stats::Theory;
use serde::{Deserialize, Serialize};
use std::num::NonZeroU32;

/// The paper's linear congruential multiplier.
const LCG_MULTIPLIER: u64 = 2_862_933_555_777_941_757;

/// Lamping and Veach's jump consistent hash: the bucket in `0..buckets` for `key`.
///
/// ```
/// use consistent_hashing::jump::jump_hash;
/// use std::num::NonZeroU32;
/// let ten = NonZeroU32::new(10).unwrap();
/// let bucket = jump_hash(42, ten);
/// assert!(bucket < 10);
/// // Growing to 11 buckets either keeps the key or moves it to the new bucket 10.
/// let after = jump_hash(42, NonZeroU32::new(11).unwrap());
/// assert!(after == bucket || after == 10);
/// ```
#[inline]
pub fn jump_hash(mut key: u64, buckets: NonZeroU32) -> u32 {
    let n = i64::from(buckets.get());
    let mut b: i64 = -1;
    let mut j: i64 = 0;
    while j < n {
        b = j;
        key = key.wrapping_mul(LCG_MULTIPLIER).wrapping_add(1);
        // (b + 1) ≤ 2^32 and the quotient ≤ 2^31, so the product fits in i64.
        j = ((b + 1) as f64 * ((1i64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
    }
    // 0 ≤ b < n ≤ u32::MAX.
    b as u32
}

/// Jump consistent hash over a membership (bucket `i` is node `i`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "JumpSpec", into = "JumpSpec")]
pub struct Jump {
    membership: Membership,
    buckets: NonZeroU32,
}

/// What a [`Jump`] is built from (and serialised as).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JumpSpec {
    /// The nodes, in bucket order.
    pub membership: Membership,
}

impl Jump {
    /// Buckets numbered in membership order.
    pub fn new(membership: Membership) -> Self {
        // A membership holds 1 to 10,000 nodes, so both fallbacks are unreachable.
        let n = u32::try_from(membership.len()).unwrap_or(u32::MAX);
        let buckets = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        Jump {
            membership,
            buckets,
        }
    }
}

impl From<JumpSpec> for Jump {
    fn from(spec: JumpSpec) -> Self {
        Jump::new(spec.membership)
    }
}

impl From<Jump> for JumpSpec {
    fn from(j: Jump) -> JumpSpec {
        JumpSpec {
            membership: j.membership,
        }
    }
}

impl Placement for Jump {
    fn kind(&self) -> AlgorithmKind {
        AlgorithmKind::Jump
    }

    fn membership(&self) -> &Membership {
        &self.membership
    }

    #[inline]
    fn owner(&self, key: u64) -> usize {
        jump_hash(key, self.buckets) as usize
    }

    fn replicas_into(&self, key: u64, count: usize, out: &mut Vec<usize>) {
        out.clear();
        let n = self.membership.len();
        let first = self.owner(key);
        out.extend((0..count.min(n)).map(|i| (first + i) % n));
    }

    fn theory(&self, keys: usize) -> Theory {
        Theory::independent(&self.membership, keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nz(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).unwrap()
    }

    #[test]
    fn one_bucket_takes_all() {
        for key in [0, 1, u64::MAX] {
            assert_eq!(jump_hash(key, nz(1)), 0);
        }
    }

    #[test]
    fn known_values() {
        // Computed with the paper's C++ listing (and agreed by the jump-consistent-hash
        // crate's documentation: key 1 → 55 and key 2 → 46 of 60 buckets).
        assert_eq!(jump_hash(0, nz(60)), 0);
        assert_eq!(jump_hash(1, nz(60)), 55);
        assert_eq!(jump_hash(2, nz(60)), 46);
    }

    #[test]
    fn growing_moves_only_to_new_bucket() {
        for key in (0..2_000u64).map(crate::hash::mix64) {
            for n in 1..40 {
                let before = jump_hash(key, nz(n));
                let after = jump_hash(key, nz(n + 1));
                assert!(after == before || after == n);
            }
        }
    }

    #[test]
    fn huge_bucket_counts_do_not_overflow() {
        for key in [0, 1, u64::MAX, 0xdead_beef] {
            assert!(jump_hash(key, nz(u32::MAX)) < u32::MAX);
        }
    }
}
