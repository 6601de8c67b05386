//! Seeded key sets: the same seed always gives the same keys.
//!
//! Key `i` of seed `s` is `fmix64(s + (i + 1)·φ)` with `φ = 0x9e37_79b9_7f4a_7c15`
//! (2^64 divided by the golden ratio): the SplitMix64 sequence of Steele, Lea and Flood
//! ("Fast Splittable Pseudorandom Number Generators", OOPSLA 2014) with MurmurHash3's
//! finaliser. The keys are uniform on the ring and independent of anything else.
//!
//! A *hot key* models skew: a share of the list are copies of one key, so the node that
//! owns it is overloaded, which is what bounded loads are for.

use crate::hash::mix64;
use crate::Error;
use serde::{Deserialize, Serialize};

/// The SplitMix64 increment, 2^64 / golden ratio.
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// A seeded list of keys, described by three numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "KeySetSpec", into = "KeySetSpec")]
pub struct KeySet {
    seed: u64,
    count: u32,
    hot_percent: u8,
}

/// The plain fields of a [`KeySet`], checked by [`KeySet::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySetSpec {
    /// The seed.
    pub seed: u64,
    /// How many keys.
    pub count: u32,
    /// What percentage of the keys are copies of one hot key.
    #[serde(default)]
    pub hot_percent: u8,
}

impl KeySet {
    /// The most keys a set may hold.
    pub const MAX_COUNT: u32 = 1_000_000;

    /// `count` keys (0 to [`KeySet::MAX_COUNT`]) from `seed`, with `hot_percent` (0 to 100)
    /// of them copies of one hot key.
    pub fn new(seed: u64, count: u32, hot_percent: u8) -> Result<Self, Error> {
        if count > Self::MAX_COUNT {
            return Err(Error::OutOfRange {
                what: "the number of keys",
                allowed: format!("0 to {}", Self::MAX_COUNT),
                given: count.to_string(),
            });
        }
        if hot_percent > 100 {
            return Err(Error::OutOfRange {
                what: "the hot key's share",
                allowed: "0 to 100 percent".into(),
                given: hot_percent.to_string(),
            });
        }
        Ok(KeySet {
            seed,
            count,
            hot_percent,
        })
    }

    /// `count` uniform keys, no hot key.
    pub fn uniform(seed: u64, count: u32) -> Result<Self, Error> {
        Self::new(seed, count, 0)
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// How many keys.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// The hot key's share, in percent.
    pub fn hot_percent(&self) -> u8 {
        self.hot_percent
    }

    /// The hot key's hash (whether or not any copies are in the list).
    pub fn hot_key(&self) -> u64 {
        mix64(self.seed ^ 0x0068_6f74_5f6b_6579) // "hot_key"
    }

    /// Whether key `i` is a copy of the hot key.
    pub fn is_hot(&self, i: u32) -> bool {
        self.hot_percent > 0
            && mix64(self.seed.rotate_left(17) ^ u64::from(i)) % 100 < u64::from(self.hot_percent)
    }

    /// Key `i`'s hash.
    pub fn key(&self, i: u32) -> u64 {
        if self.is_hot(i) {
            self.hot_key()
        } else {
            mix64(
                self.seed
                    .wrapping_add((u64::from(i) + 1).wrapping_mul(GOLDEN)),
            )
        }
    }

    /// Every key, in order.
    pub fn keys(&self) -> Vec<u64> {
        (0..self.count).map(|i| self.key(i)).collect()
    }
}

impl TryFrom<KeySetSpec> for KeySet {
    type Error = Error;
    fn try_from(spec: KeySetSpec) -> Result<Self, Error> {
        KeySet::new(spec.seed, spec.count, spec.hot_percent)
    }
}

impl From<KeySet> for KeySetSpec {
    fn from(k: KeySet) -> KeySetSpec {
        KeySetSpec {
            seed: k.seed,
            count: k.count,
            hot_percent: k.hot_percent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_distinct() {
        let a = KeySet::uniform(7, 1_000).unwrap().keys();
        let b = KeySet::uniform(7, 1_000).unwrap().keys();
        assert_eq!(a, b);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 1_000);
        assert_ne!(a, KeySet::uniform(8, 1_000).unwrap().keys());
        // A longer list extends a shorter one.
        assert_eq!(&KeySet::uniform(7, 2_000).unwrap().keys()[..1_000], &a[..]);
    }

    #[test]
    fn hot_share() {
        let set = KeySet::new(1, 10_000, 30).unwrap();
        let hot = set.keys().iter().filter(|&&k| k == set.hot_key()).count();
        assert!((2_800..3_200).contains(&hot), "{hot}");
        assert!(KeySet::new(1, 10, 101).is_err());
        assert!(KeySet::new(1, KeySet::MAX_COUNT + 1, 0).is_err());
    }
}
