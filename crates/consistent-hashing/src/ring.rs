//! A hash ring with virtual nodes and weights (consistent hashing).
//!
//! Karger, Lehman, Leighton, Panigrahy, Levine and Lewin, "Consistent Hashing and Random
//! Trees: Distributed Caching Protocols for Relieving Hot Spots on the World Wide Web",
//! STOC 1997, section 4. Keys and nodes are hashed onto the same circle of 2^64 points;
//! a key belongs to the first node point at or after it, going clockwise (upwards,
//! wrapping from 2^64 − 1 to 0).
//!
//! One point per node leaves arcs of very uneven length (the largest is about
//! `ln n` times the mean), so each node is placed at many points, its *virtual nodes*
//! (Karger et al. use `κ log n` copies; Dynamo, section 4.2 of DeCandia et al., SOSP
//! 2007, popularised the name). A node of weight `w` gets `w × vnodes` points. With `v`
//! points per node the relative spread of a node's share is about `1/√v`.
//!
//! When a node joins, its points split existing arcs and it takes only keys from the
//! arcs it splits; when it leaves, its arcs merge into their clockwise neighbours. No
//! other key moves, and the expected fraction moved is the node's share, `1/(n+1)` on
//! joining, `1/n` on leaving.
//!
//! A key's **replica set** is the next `N` *distinct* nodes clockwise from the key
//! (Dynamo's "preference list"), skipping further points of nodes already chosen.
//!
//! Point `i` of a node is at `combine(hash(name), i)`; the points are kept sorted, and a
//! lookup finds a key's successor through an index of the circle's top bits (the
//! private `points` module). Memory: 16 bytes per point (position, owner, index) plus 4
//! bytes per index bucket (about one bucket per point).

use crate::node::Membership;
use crate::placement::{AlgorithmKind, Placement};
use crate::points::Points;
use crate::stats::Theory;
use crate::Error;
use serde::{Deserialize, Serialize};
use std::num::NonZeroU32;

/// Virtual nodes per unit of weight, 1 to [`VirtualNodes::MAX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct VirtualNodes(NonZeroU32);

impl VirtualNodes {
    /// The largest count accepted.
    pub const MAX: u32 = 10_000;
    /// 100 virtual nodes, the default (a node's share then strays about 10%).
    pub const DEFAULT: VirtualNodes = VirtualNodes(NonZeroU32::new(100).unwrap());

    /// Between 1 and [`VirtualNodes::MAX`].
    pub fn new(count: u32) -> Result<Self, Error> {
        match NonZeroU32::new(count) {
            Some(n) if count <= Self::MAX => Ok(VirtualNodes(n)),
            _ => Err(Error::OutOfRange {
                what: "virtual nodes per node",
                allowed: format!("1 to {}", Self::MAX),
                given: count.to_string(),
            }),
        }
    }

    /// The count.
    pub fn get(self) -> u32 {
        self.0.get()
    }
}

impl TryFrom<u32> for VirtualNodes {
    type Error = Error;
    fn try_from(count: u32) -> Result<Self, Error> {
        VirtualNodes::new(count)
    }
}

impl From<VirtualNodes> for u32 {
    fn from(v: VirtualNodes) -> u32 {
        v.get()
    }
}

/// One point of the ring, for drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RingPoint {
    /// Where on the ring, 0 to 2^64 − 1 clockwise.
    pub position: u64,
    /// The owning node's index in the membership.
    pub node: u32,
    /// Which of the node's virtual nodes this is (0-based).
    pub vnode: u32,
}

/// A stretch of the ring owned by one node: keys in `(start, end]`, wrapping past 2^64 − 1
/// when `start >= end`.
///
/// A ring of one point has one arc, the whole circle (`start == end`); no other arc has
/// `start == end`, since positions on a ring are distinct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RingArc {
    /// The previous point's position (exclusive).
    pub start: u64,
    /// This point's position (inclusive).
    pub end: u64,
    /// The owning node's index in the membership.
    pub node: u32,
}

impl RingArc {
    /// The arc's length in ring units (2^64 for a ring with a single point).
    pub fn len(&self) -> u128 {
        if self.start < self.end {
            u128::from(self.end - self.start)
        } else {
            (1u128 << 64) - u128::from(self.start - self.end)
        }
    }

    /// Never true: every arc holds at least its end point. Present for API symmetry.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// A hash ring with virtual nodes and weights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RingSpec", into = "RingSpec")]
pub struct HashRing {
    membership: Membership,
    vnodes: VirtualNodes,
    points: Points,
}

/// What a [`HashRing`] is built from (and serialised as).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RingSpec {
    /// The nodes.
    pub membership: Membership,
    /// Virtual nodes per unit of weight.
    pub vnodes: VirtualNodes,
}

impl HashRing {
    /// Build the ring; fails only if it would exceed the point limit (2,097,152 points).
    pub fn new(membership: Membership, vnodes: VirtualNodes) -> Result<Self, Error> {
        let points = Points::build(&membership, vnodes)?;
        Ok(HashRing {
            membership,
            vnodes,
            points,
        })
    }

    /// Virtual nodes per unit of weight.
    pub fn vnodes(&self) -> VirtualNodes {
        self.vnodes
    }

    /// How many points the ring holds.
    pub fn point_count(&self) -> usize {
        self.points.len()
    }

    /// Every point, clockwise from 0.
    pub fn points(&self) -> impl Iterator<Item = RingPoint> + '_ {
        let p = &self.points;
        p.positions
            .iter()
            .zip(&p.owners)
            .zip(&p.vnodes)
            .map(|((&position, &node), &vnode)| RingPoint {
                position,
                node,
                vnode,
            })
    }

    /// Every arc, in the order of the points that end them.
    pub fn arcs(&self) -> impl Iterator<Item = RingArc> + '_ {
        let positions = &self.points.positions;
        let last = positions.last().copied().unwrap_or(0);
        let starts = std::iter::once(last).chain(positions.iter().copied());
        starts.zip(self.points()).map(|(start, point)| RingArc {
            start,
            end: point.position,
            node: point.node,
        })
    }

    /// Each node's share of the ring (its arcs' total length / 2^64), in membership order.
    pub fn shares(&self) -> Vec<f64> {
        let mut lengths = vec![0u128; self.membership.len()];
        for arc in self.arcs() {
            if let Some(total) = lengths.get_mut(arc.node as usize) {
                *total += arc.len();
            }
        }
        lengths
            .into_iter()
            .map(|len| len as f64 / 18_446_744_073_709_551_616.0)
            .collect()
    }

    /// The index of the point that owns `key` (for highlighting it).
    pub fn point_of(&self, key: u64) -> usize {
        self.points.successor(key)
    }

    pub(crate) fn into_membership(self) -> Membership {
        self.membership
    }

    pub(crate) fn sorted_points(&self) -> &Points {
        &self.points
    }
}

impl Placement for HashRing {
    fn kind(&self) -> AlgorithmKind {
        AlgorithmKind::Ring
    }

    fn membership(&self) -> &Membership {
        &self.membership
    }

    #[inline]
    fn owner(&self, key: u64) -> usize {
        self.points.owner_at(self.points.successor(key))
    }

    fn replicas_into(&self, key: u64, count: usize, out: &mut Vec<usize>) {
        self.points
            .distinct_from(self.points.successor(key), count, out);
    }

    fn theory(&self, keys: usize) -> Theory {
        Theory::ring(&self.membership, self.points.len(), keys)
    }
}

impl TryFrom<RingSpec> for HashRing {
    type Error = Error;
    fn try_from(spec: RingSpec) -> Result<Self, Error> {
        HashRing::new(spec.membership, spec.vnodes)
    }
}

impl From<HashRing> for RingSpec {
    fn from(ring: HashRing) -> RingSpec {
        RingSpec {
            membership: ring.membership,
            vnodes: ring.vnodes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::{Node, Weight};

    fn ring(nodes: usize, vnodes: u32) -> HashRing {
        HashRing::new(
            Membership::lettered(nodes).unwrap(),
            VirtualNodes::new(vnodes).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn owner_is_clockwise_successor() {
        let r = ring(3, 4);
        let points: Vec<RingPoint> = r.points().collect();
        assert_eq!(points.len(), 12);
        for pair in points.windows(2) {
            assert!(pair[0].position <= pair[1].position);
        }
        // A key exactly on a point belongs to it; one just past belongs to the next.
        for (i, p) in points.iter().enumerate() {
            assert_eq!(r.owner(p.position), p.node as usize);
            let next = points[(i + 1) % points.len()];
            if p.position < u64::MAX {
                assert_eq!(r.owner(p.position + 1), next.node as usize);
            }
        }
        // Past the last point wraps to the first.
        assert_eq!(r.owner(u64::MAX), points[0].node as usize);
    }

    #[test]
    fn replicas_are_distinct_and_start_with_owner() {
        let r = ring(5, 10);
        for key in [0, 1 << 40, u64::MAX / 3, u64::MAX] {
            let reps = r.replicas(key, 3);
            assert_eq!(reps.len(), 3);
            assert_eq!(reps[0], r.owner(key));
            assert!(reps[0] != reps[1] && reps[1] != reps[2] && reps[0] != reps[2]);
        }
        assert_eq!(r.replicas(7, 9).len(), 5);
    }

    #[test]
    fn arcs_cover_the_ring() {
        let r = ring(4, 8);
        let total: u128 = r.arcs().map(|a| a.len()).sum();
        assert_eq!(total, 1u128 << 64);
        let shares: f64 = r.shares().iter().sum();
        assert!((shares - 1.0).abs() < 1e-9);
        let single = ring(1, 1);
        assert_eq!(single.arcs().next().map(|a| a.len()), Some(1u128 << 64));
    }

    #[test]
    fn weight_multiplies_points() {
        let m = Membership::new(vec![
            Node::new("a"),
            Node::weighted("b", Weight::new(3).unwrap()),
        ])
        .unwrap();
        let r = HashRing::new(m, VirtualNodes::new(10).unwrap()).unwrap();
        assert_eq!(r.points().filter(|p| p.node == 1).count(), 30);
    }

    #[test]
    fn order_of_membership_does_not_matter() {
        let a = Membership::from_names(["x", "y", "z"]).unwrap();
        let b = Membership::from_names(["z", "x", "y"]).unwrap();
        let ra = HashRing::new(a.clone(), VirtualNodes::new(16).unwrap()).unwrap();
        let rb = HashRing::new(b.clone(), VirtualNodes::new(16).unwrap()).unwrap();
        for key in (0..1000u64).map(crate::hash::mix64) {
            assert_eq!(a.nodes()[ra.owner(key)].name, b.nodes()[rb.owner(key)].name);
        }
    }

    #[test]
    fn point_limit_is_enforced() {
        let m = Membership::lettered(300).unwrap();
        assert!(matches!(
            HashRing::new(m, VirtualNodes::new(10_000).unwrap()),
            Err(Error::TooManyPoints { .. })
        ));
    }

    #[test]
    fn serde_round_trip_rebuilds() {
        let r = ring(3, 5);
        let json = serde_json::to_string(&r).unwrap();
        let back: HashRing = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }
}
