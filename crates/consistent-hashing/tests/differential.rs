//! Differential tests against well-known implementations:
//!
//! - jump hash against the `jump-consistent-hash` crate (a transcription of Lamping and
//!   Veach's listing);
//! - the ring's lookup against the `hashring` crate (Karger-style ring, binary search),
//!   given the same point positions through a pass-through hasher.

use consistent_hashing::{jump_hash, HashRing, Membership, Placement, VirtualNodes};
use proptest::prelude::*;
use std::hash::{BuildHasher, Hash, Hasher};
use std::num::NonZeroU32;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn jump_agrees_with_jump_consistent_hash(key in any::<u64>(), buckets in 1u32..100_000) {
        let ours = jump_hash(key, NonZeroU32::new(buckets).unwrap());
        let theirs = jump_consistent_hash::hash(key, buckets as usize);
        prop_assert_eq!(ours, theirs);
    }
}

/// A hasher that returns the last `u64` written: lets `hashring` place points where we say.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used below; fold anything else in, so nothing is silent.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[derive(Clone, Copy, Default)]
struct BuildPassThrough;

impl BuildHasher for BuildPassThrough {
    type Hasher = PassThrough;
    fn build_hasher(&self) -> PassThrough {
        PassThrough::default()
    }
}

/// One of our ring's points, placed in `hashring` at its position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Point {
    position: u64,
    node: u32,
}

impl Hash for Point {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.position);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn ring_agrees_with_hashring(
        nodes in 1usize..20,
        vnodes in 1u32..50,
        keys in prop::collection::vec(any::<u64>(), 1..200),
    ) {
        let ours = HashRing::new(Membership::lettered(nodes).unwrap(), VirtualNodes::new(vnodes).unwrap()).unwrap();
        let mut theirs = hashring::HashRing::with_hasher(BuildPassThrough);
        for p in ours.points() {
            theirs.add(Point { position: p.position, node: p.node });
        }
        let mut probes = keys.clone();
        // Also probe exactly on, and just past, some points.
        for p in ours.points().take(20) {
            probes.push(p.position);
            probes.push(p.position.wrapping_add(1));
        }
        for key in probes {
            let expected = theirs.get(&key).map(|p| p.node as usize);
            prop_assert_eq!(Some(ours.owner(key)), expected, "key {}", key);
        }
    }
}
