//! Consistent hashing with bounded loads.
//!
//! Vahab Mirrokni, Mikkel Thorup and Morteza Zadimoghaddam, "Consistent Hashing with
//! Bounded Loads", SODA 2018 (arXiv:1608.01350). Keys and nodes sit on a hash ring as in
//! [`crate::ring`], but every node has a capacity: with `K` keys, `n` nodes and a
//! balance parameter `ε > 0`, no node may hold more than `⌈(1 + ε)·K/n⌉` keys. A key
//! goes clockwise from its hash to the first node *that still has room*. The caps add up
//! to at least `(1 + ε)·K`, so a key always finds one.
//!
//! The paper proves that the maximum load is at most `(1 + ε)` times the average (by
//! construction), that a key visits an expected `O(1/ε²)` nodes before it finds room,
//! and that a membership change moves an expected `O(1/ε²)` keys per key that must move.
//! Vimeo's HAProxy patch (Rodland, 2016) brought it to production.
//!
//! Because a key's owner depends on the keys placed before it, the placement is a
//! *process*: [`BoundedFill`] places keys one at a time in a given order, and every
//! placement says which full nodes it passed ([`BoundedStep`]). [`Placement::assign`]
//! replays the whole list from empty, so the same keys in the same order always land in
//! the same places. Weights scale the caps: node `i` holds at most
//! `⌈(1 + ε)·K·wᵢ/W⌉`. A key's replica set (for a lone key) is the ring's.
//!
//! Memory: the ring's 16 bytes per point, plus 8 bytes per node while filling.

use crate::node::Membership;
use crate::placement::{index_u32, AlgorithmKind, Assignment, Placement};
use crate::ring::{HashRing, VirtualNodes};
use crate::stats::Theory;
use crate::Error;
use serde::{Deserialize, Serialize};

/// The balance parameter `ε`, held in thousandths so that caps are computed exactly (in
/// integers) and a share link restores it bit for bit: caps are `(1 + ε)` times the
/// average, `ε` from 0.010 to 10.000.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Epsilon(u32);

impl Epsilon {
    /// The smallest `ε` accepted, in thousandths (0.01: a key may then pass many nodes).
    pub const MIN_PERMILLE: u32 = 10;
    /// The largest `ε` accepted, in thousandths (10: the caps rarely bind).
    pub const MAX_PERMILLE: u32 = 10_000;
    /// `ε = 0.25`, Vimeo's choice (a node holds at most 125% of the average).
    pub const DEFAULT: Epsilon = Epsilon(250);

    /// `ε` in thousandths, from [`Epsilon::MIN_PERMILLE`] to [`Epsilon::MAX_PERMILLE`]
    /// (`250` is `ε = 0.25`).
    pub fn from_permille(permille: u32) -> Result<Self, Error> {
        if (Self::MIN_PERMILLE..=Self::MAX_PERMILLE).contains(&permille) {
            Ok(Epsilon(permille))
        } else {
            Err(Error::OutOfRange {
                what: "ε (bounded loads, in thousandths)",
                allowed: format!("{} to {}", Self::MIN_PERMILLE, Self::MAX_PERMILLE),
                given: permille.to_string(),
            })
        }
    }

    /// `ε` in thousandths.
    pub fn permille(self) -> u32 {
        self.0
    }

    /// `ε` as a number (0.25 for 250‰).
    pub fn get(self) -> f64 {
        f64::from(self.0) / 1000.0
    }
}

impl Default for Epsilon {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<u32> for Epsilon {
    type Error = Error;
    fn try_from(permille: u32) -> Result<Self, Error> {
        Epsilon::from_permille(permille)
    }
}

impl From<Epsilon> for u32 {
    fn from(e: Epsilon) -> u32 {
        e.0
    }
}

/// Consistent hashing with bounded loads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "BoundedSpec", into = "BoundedSpec")]
pub struct BoundedLoads {
    ring: HashRing,
    epsilon: Epsilon,
}

/// What a [`BoundedLoads`] is built from (and serialised as).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoundedSpec {
    /// The nodes.
    pub membership: Membership,
    /// Virtual nodes per unit of weight on the underlying ring.
    pub vnodes: VirtualNodes,
    /// The balance parameter.
    pub epsilon: Epsilon,
}

/// One key placed by [`BoundedFill::place`], and why there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundedStep {
    /// The key.
    pub key: u64,
    /// The node the plain ring would choose.
    pub preferred: u32,
    /// The node that took it.
    pub owner: u32,
    /// Full nodes passed on the way, in clockwise order (may repeat a node whose
    /// virtual nodes were met more than once).
    pub passed_full: Vec<u32>,
    /// The owner's load after taking the key.
    pub load: u32,
    /// The owner's cap.
    pub cap: u32,
}

/// The state of a bounded-load placement in progress: each node's load and cap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundedFill {
    /// Keys held, per node.
    pub loads: Vec<u32>,
    /// The most keys each node may hold.
    pub caps: Vec<u32>,
}

impl BoundedLoads {
    /// Build the ring underneath; fails only past the ring's point limit.
    pub fn new(
        membership: Membership,
        vnodes: VirtualNodes,
        epsilon: Epsilon,
    ) -> Result<Self, Error> {
        Ok(BoundedLoads {
            ring: HashRing::new(membership, vnodes)?,
            epsilon,
        })
    }

    /// The ring underneath (its points and arcs show each key's preferred node).
    pub fn ring(&self) -> &HashRing {
        &self.ring
    }

    /// The balance parameter.
    pub fn epsilon(&self) -> Epsilon {
        self.epsilon
    }

    /// Virtual nodes per unit of weight.
    pub fn vnodes(&self) -> VirtualNodes {
        self.ring.vnodes()
    }

    /// Each node's cap for `keys` keys: `⌈(1 + ε)·K·w/W⌉`, at least 1, computed exactly in
    /// integers.
    pub fn caps(&self, keys: usize) -> Vec<u32> {
        let total = u128::from(self.ring.membership().total_weight().max(1)) * 1000;
        let scale = u128::from(1000 + self.epsilon.0) * keys as u128;
        self.ring
            .membership()
            .nodes()
            .iter()
            .map(|node| {
                let cap = (scale * u128::from(node.weight.get())).div_ceil(total);
                u32::try_from(cap).unwrap_or(u32::MAX).max(1)
            })
            .collect()
    }

    /// An empty fill sized for `keys` keys.
    pub fn start(&self, keys: usize) -> BoundedFill {
        BoundedFill {
            loads: vec![0; self.ring.membership().len()],
            caps: self.caps(keys),
        }
    }
}

impl BoundedFill {
    /// Place one key: clockwise from its hash to the first node below its cap.
    ///
    /// If every node is full (only when more keys are placed than the fill was sized
    /// for), the key goes to its preferred node over the cap, and `load > cap` says so.
    pub fn place(&mut self, bounded: &BoundedLoads, key: u64) -> BoundedStep {
        let points = bounded.ring.sorted_points();
        let start = points.successor(key);
        let preferred = index_u32(points.owner_at(start));
        let mut passed_full = Vec::new();
        let len = points.len();
        let mut owner = preferred;
        for step in 0..len {
            let node = points.owner_at((start + step) % len);
            let (load, cap) = (self.load(node), self.cap(node));
            if load < cap {
                owner = index_u32(node);
                break;
            }
            passed_full.push(index_u32(node));
        }
        if let Some(load) = self.loads.get_mut(owner as usize) {
            *load = load.saturating_add(1);
        }
        BoundedStep {
            key,
            preferred,
            owner,
            passed_full,
            load: self.load(owner as usize),
            cap: self.cap(owner as usize),
        }
    }

    fn load(&self, node: usize) -> u32 {
        self.loads.get(node).copied().unwrap_or(u32::MAX)
    }

    fn cap(&self, node: usize) -> u32 {
        self.caps.get(node).copied().unwrap_or(0)
    }
}

impl Placement for BoundedLoads {
    fn kind(&self) -> AlgorithmKind {
        AlgorithmKind::BoundedLoads
    }

    fn membership(&self) -> &Membership {
        self.ring.membership()
    }

    /// The plain ring's owner: where a lone key goes (no node is full yet).
    fn owner(&self, key: u64) -> usize {
        self.ring.owner(key)
    }

    fn replicas_into(&self, key: u64, count: usize, out: &mut Vec<usize>) {
        self.ring.replicas_into(key, count, out);
    }

    fn theory(&self, keys: usize) -> Theory {
        Theory::capped(self.caps(keys).into_iter().max().unwrap_or(0))
    }

    fn assign(&self, keys: &[u64]) -> Assignment {
        let mut fill = self.start(keys.len());
        let owners = keys
            .iter()
            .map(|&key| fill.place(self, key).owner)
            .collect();
        Assignment::new(self, keys.to_vec(), owners)
    }
}

impl TryFrom<BoundedSpec> for BoundedLoads {
    type Error = Error;
    fn try_from(spec: BoundedSpec) -> Result<Self, Error> {
        BoundedLoads::new(spec.membership, spec.vnodes, spec.epsilon)
    }
}

impl From<BoundedLoads> for BoundedSpec {
    fn from(b: BoundedLoads) -> BoundedSpec {
        let vnodes = b.ring.vnodes();
        BoundedSpec {
            membership: b.ring.into_membership(),
            vnodes,
            epsilon: b.epsilon,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::mix64;

    fn bounded(nodes: usize, permille: u32) -> BoundedLoads {
        BoundedLoads::new(
            Membership::lettered(nodes).unwrap(),
            VirtualNodes::new(20).unwrap(),
            Epsilon::from_permille(permille).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn caps_hold() {
        let b = bounded(5, 100);
        let keys: Vec<u64> = (0..1_000u64).map(mix64).collect();
        let a = b.assign(&keys);
        let cap = *b.caps(1_000).iter().max().unwrap();
        assert_eq!(cap, 220);
        assert!(a.counts().iter().all(|&c| c <= cap));
    }

    #[test]
    fn a_hot_key_spills_clockwise() {
        let b = bounded(4, 250);
        // 100 copies of one key: cap is ⌈1.25 · 25⌉ = 32 per node.
        let keys = vec![12_345u64; 100];
        let mut fill = b.start(keys.len());
        let steps: Vec<BoundedStep> = keys.iter().map(|&k| fill.place(&b, k)).collect();
        assert!(steps[..32]
            .iter()
            .all(|s| s.owner == s.preferred && s.passed_full.is_empty()));
        assert_ne!(steps[32].owner, steps[32].preferred);
        assert_eq!(steps[32].passed_full.first(), Some(&steps[32].preferred));
        assert!(fill.loads.iter().all(|&l| l <= 32));
    }

    #[test]
    fn overfilling_goes_over_the_cap_without_panicking() {
        let b = bounded(2, 10);
        let mut fill = b.start(0);
        let steps: Vec<BoundedStep> = (0..5u64).map(|k| fill.place(&b, mix64(k))).collect();
        assert!(steps.iter().any(|s| s.load > s.cap));
    }

    #[test]
    fn epsilon_range() {
        assert!(Epsilon::from_permille(0).is_err());
        assert!(Epsilon::from_permille(9).is_err());
        assert!(Epsilon::from_permille(10_001).is_err());
        assert_eq!(Epsilon::from_permille(500).unwrap().get(), 0.5);
    }
}
