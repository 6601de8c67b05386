//! `hash(key) mod n`: the baseline every demonstration compares against.
//!
//! Node `i` of the membership owns the keys whose hash leaves remainder `i` when divided
//! by `n`. Lookup is one division and the load is as even as the hash, but changing `n`
//! changes almost every remainder: going from `n` to `n + 1` nodes keeps a key in place
//! only when `h mod n = h mod (n + 1)`, which happens for about `1/(n + 1)` of keys, so
//! about `n/(n + 1)` of all keys move, instead of the `1/(n + 1)` a consistent scheme
//! moves. That is the problem consistent hashing (Karger et al., STOC 1997) solves.
//!
//! Weights are ignored. A key's replica set is the next nodes in membership order:
//! `h mod n`, `h mod n + 1`, … (wrapping).

use crate::node::Membership;
use crate::placement::{AlgorithmKind, Placement};
use crate::stats::Theory;
use serde::{Deserialize, Serialize};

/// `hash(key) mod n`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Modulo {
    membership: Membership,
}

impl Modulo {
    /// Place keys on `membership` by remainder.
    pub fn new(membership: Membership) -> Self {
        Modulo { membership }
    }
}

impl Placement for Modulo {
    fn kind(&self) -> AlgorithmKind {
        AlgorithmKind::Modulo
    }

    fn membership(&self) -> &Membership {
        &self.membership
    }

    #[inline]
    fn owner(&self, key: u64) -> usize {
        // A membership is never empty, so `max(1)` changes nothing but the proof.
        (key % (self.membership.len().max(1) as u64)) as usize
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

    #[test]
    fn remainder() {
        let m = Modulo::new(Membership::lettered(3).unwrap());
        assert_eq!(m.owner(7), 1);
        assert_eq!(m.replicas(7, 3), vec![1, 2, 0]);
        assert_eq!(m.replicas(7, 10), vec![1, 2, 0]);
    }

    #[test]
    fn growing_moves_most_keys() {
        let before = Modulo::new(Membership::lettered(4).unwrap());
        let after = Modulo::new(Membership::lettered(5).unwrap());
        let keys: Vec<u64> = (0..10_000u64).map(crate::hash::mix64).collect();
        let moved = keys
            .iter()
            .filter(|&&k| before.owner(k) != after.owner(k))
            .count();
        // About 4/5 move.
        assert!((7_600..8_400).contains(&moved), "{moved}");
    }
}
