//! Rendezvous (highest random weight) hashing, weighted.
//!
//! David G. Thaler and Chinya V. Ravishankar, "Using Name-Based Mappings to Increase Hit
//! Rates", IEEE/ACM Transactions on Networking 6(1), 1998 (the HRW algorithm). Every
//! node scores every key with a hash of the pair, `h(key, node)`, and the key goes to the
//! node with the highest score. A key's **replica set** is the `N` highest-scoring nodes.
//!
//! Consistency is immediate: a key's scores on the other nodes do not depend on whether a
//! node is present, so adding a node moves a key only if the new node now scores highest
//! (onto the new node), and removing one moves only the keys it was winning. Lookup costs
//! one hash per node, `O(n)`, which is why large systems put a ring or a table in front.
//!
//! **Weights** use the logarithmic method of Schindelhauer and Schomaker ("Weighted
//! Distributed Hash Tables", SPAA 2005; popularised by Resch, "New Hashing Algorithms
//! for Data Storage", 2015): with `u ∈ (0, 1)` the score's hash as a uniform number, the
//! score is `w / −ln u`. Since `−ln u / w` is exponential with rate `w`, and the least of
//! independent exponentials is the one of rate `w` with probability `w/W`, a node wins
//! exactly its weight's share of keys; one node's score still does not depend on the
//! others, so consistency holds with weights too.
//!
//! When all weights are equal the plain integer hash is compared instead (the same
//! ranking, since `1/−ln u` grows with `u`, without a logarithm). `ln` comes from the
//! `libm` crate, so the float path gives the same bits natively and in WebAssembly.
//! Ties (equal scores) go to the node with the larger name hash. Memory: 16 bytes per
//! node.

use crate::hash::{combine, unit_open};
use crate::node::Membership;
use crate::placement::{AlgorithmKind, Placement};
use crate::stats::Theory;
use serde::{Deserialize, Serialize};

/// Weighted rendezvous hashing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "RendezvousSpec", into = "RendezvousSpec")]
pub struct Rendezvous {
    membership: Membership,
    /// The hash of each node's name.
    seeds: Vec<u64>,
    /// Each node's weight as a float; empty when all weights are equal.
    weights: Vec<f64>,
}

impl Rendezvous {
    /// Rendezvous hashing over `membership`.
    pub fn new(membership: Membership) -> Self {
        let seeds = membership
            .nodes()
            .iter()
            .map(|node| node.name_hash())
            .collect();
        let weights = if membership.uniform_weights() {
            Vec::new()
        } else {
            membership
                .nodes()
                .iter()
                .map(|node| f64::from(node.weight.get()))
                .collect()
        };
        Rendezvous {
            membership,
            seeds,
            weights,
        }
    }

    /// The score of `key` on node `index` (higher wins); for drawing a score table.
    pub fn score(&self, key: u64, index: usize) -> f64 {
        let Some(&seed) = self.seeds.get(index) else {
            return f64::NEG_INFINITY;
        };
        let h = combine(key, seed);
        let w = self.weights.get(index).copied().unwrap_or(1.0);
        w / -libm::log(unit_open(h))
    }

    /// Every node's rank key for `key`: comparable, higher wins.
    fn ranked(&self, key: u64) -> impl Iterator<Item = (Score, usize)> + '_ {
        self.seeds.iter().enumerate().map(move |(i, &seed)| {
            let h = combine(key, seed);
            let score = match self.weights.get(i) {
                Some(&w) => Score::Weighted(w / -libm::log(unit_open(h)), seed),
                None => Score::Plain(h, seed),
            };
            (score, i)
        })
    }
}

/// A score, ordered so that higher wins and ties go to the larger seed.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Score {
    Plain(u64, u64),
    Weighted(f64, u64),
}

impl Score {
    fn beats(&self, other: &Score) -> bool {
        match (self, other) {
            (Score::Plain(a, sa), Score::Plain(b, sb)) => (a, sa) > (b, sb),
            (Score::Weighted(a, sa), Score::Weighted(b, sb)) => a > b || (a == b && sa > sb),
            // Never mixed: one rendezvous uses one kind.
            _ => false,
        }
    }
}

impl Placement for Rendezvous {
    fn kind(&self) -> AlgorithmKind {
        AlgorithmKind::Rendezvous
    }

    fn membership(&self) -> &Membership {
        &self.membership
    }

    fn owner(&self, key: u64) -> usize {
        let mut best: Option<(Score, usize)> = None;
        for (score, i) in self.ranked(key) {
            match best {
                Some((b, _)) if !score.beats(&b) => {}
                _ => best = Some((score, i)),
            }
        }
        best.map_or(0, |(_, i)| i)
    }

    fn replicas_into(&self, key: u64, count: usize, out: &mut Vec<usize>) {
        out.clear();
        let mut all: Vec<(Score, usize)> = self.ranked(key).collect();
        // Highest first.
        all.sort_by(|a, b| {
            if a.0.beats(&b.0) {
                std::cmp::Ordering::Less
            } else if b.0.beats(&a.0) {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        });
        out.extend(all.iter().take(count).map(|&(_, i)| i));
    }

    fn theory(&self, keys: usize) -> Theory {
        Theory::independent(&self.membership, keys)
    }
}

/// What a [`Rendezvous`] is built from (and serialised as).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RendezvousSpec {
    /// The nodes.
    pub membership: Membership,
}

impl From<RendezvousSpec> for Rendezvous {
    fn from(spec: RendezvousSpec) -> Self {
        Rendezvous::new(spec.membership)
    }
}

impl From<Rendezvous> for RendezvousSpec {
    fn from(r: Rendezvous) -> RendezvousSpec {
        RendezvousSpec {
            membership: r.membership,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::mix64;
    use crate::node::{Node, Weight};

    #[test]
    fn owner_is_first_replica() {
        let r = Rendezvous::new(Membership::lettered(7).unwrap());
        for key in (0..500u64).map(mix64) {
            let reps = r.replicas(key, 3);
            assert_eq!(reps[0], r.owner(key));
            assert_eq!(reps.len(), 3);
        }
    }

    #[test]
    fn weights_shift_load() {
        let m = Membership::new(vec![
            Node::new("a"),
            Node::weighted("b", Weight::new(3).unwrap()),
        ])
        .unwrap();
        let r = Rendezvous::new(m);
        let keys = 20_000u64;
        let to_b = (0..keys).map(mix64).filter(|&k| r.owner(k) == 1).count();
        // Expect 3/4 = 15,000 (σ ≈ 61).
        assert!((14_700..15_300).contains(&to_b), "{to_b}");
    }

    #[test]
    fn weighted_and_plain_agree_when_weights_equal() {
        let m = Membership::lettered(5).unwrap();
        let plain = Rendezvous::new(m.clone());
        let mut forced = Rendezvous::new(m);
        forced.weights = vec![1.0; 5];
        for key in (0..2_000u64).map(mix64) {
            assert_eq!(plain.owner(key), forced.owner(key));
        }
    }

    #[test]
    fn serde_round_trip() {
        let r = Rendezvous::new(Membership::lettered(3).unwrap());
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Rendezvous>(&json).unwrap(), r);
    }
}
