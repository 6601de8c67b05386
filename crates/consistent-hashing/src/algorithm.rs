//! Choosing an algorithm at run time: [`Algorithm`] (its parameters, as plain data) and
//! [`Placer`] (any built placement, behind the common [`Placement`] trait).

use crate::bounded::{BoundedLoads, Epsilon};
use crate::jump::Jump;
use crate::maglev::{Maglev, TableSize};
use crate::modulo::Modulo;
use crate::node::Membership;
use crate::placement::{AlgorithmKind, Assignment, Placement};
use crate::rendezvous::Rendezvous;
use crate::ring::{HashRing, VirtualNodes};
use crate::stats::Theory;
use crate::Error;
use serde::{Deserialize, Serialize};

/// An algorithm and its parameters: everything but the membership.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "algorithm", rename_all = "kebab-case")]
pub enum Algorithm {
    /// A hash ring with this many virtual nodes per unit of weight.
    Ring {
        /// Virtual nodes per unit of weight.
        vnodes: VirtualNodes,
    },
    /// Weighted rendezvous hashing.
    Rendezvous,
    /// Jump consistent hash.
    Jump,
    /// Maglev hashing with a prime table size.
    Maglev {
        /// The table size.
        table_size: TableSize,
    },
    /// A ring with bounded loads.
    BoundedLoads {
        /// Virtual nodes per unit of weight.
        vnodes: VirtualNodes,
        /// The balance parameter.
        epsilon: Epsilon,
    },
    /// `hash(key) mod n`.
    Modulo,
}

impl Algorithm {
    /// The defaults for each kind: 100 virtual nodes, the paper's small Maglev table,
    /// `ε = 0.25`.
    pub fn default_for(kind: AlgorithmKind) -> Self {
        let vnodes = VirtualNodes::DEFAULT;
        match kind {
            AlgorithmKind::Ring => Algorithm::Ring { vnodes },
            AlgorithmKind::Rendezvous => Algorithm::Rendezvous,
            AlgorithmKind::Jump => Algorithm::Jump,
            AlgorithmKind::Maglev => Algorithm::Maglev {
                table_size: TableSize::SMALL,
            },
            AlgorithmKind::BoundedLoads => Algorithm::BoundedLoads {
                vnodes,
                epsilon: Epsilon::DEFAULT,
            },
            AlgorithmKind::Modulo => Algorithm::Modulo,
        }
    }

    /// Which algorithm.
    pub fn kind(&self) -> AlgorithmKind {
        match self {
            Algorithm::Ring { .. } => AlgorithmKind::Ring,
            Algorithm::Rendezvous => AlgorithmKind::Rendezvous,
            Algorithm::Jump => AlgorithmKind::Jump,
            Algorithm::Maglev { .. } => AlgorithmKind::Maglev,
            Algorithm::BoundedLoads { .. } => AlgorithmKind::BoundedLoads,
            Algorithm::Modulo => AlgorithmKind::Modulo,
        }
    }

    /// Build the placement over `membership`.
    pub fn build(&self, membership: Membership) -> Result<Placer, Error> {
        Ok(match *self {
            Algorithm::Ring { vnodes } => Placer::Ring(HashRing::new(membership, vnodes)?),
            Algorithm::Rendezvous => Placer::Rendezvous(Rendezvous::new(membership)),
            Algorithm::Jump => Placer::Jump(Jump::new(membership)),
            Algorithm::Maglev { table_size } => {
                Placer::Maglev(Maglev::new(membership, table_size)?)
            }
            Algorithm::BoundedLoads { vnodes, epsilon } => {
                Placer::BoundedLoads(BoundedLoads::new(membership, vnodes, epsilon)?)
            }
            Algorithm::Modulo => Placer::Modulo(Modulo::new(membership)),
        })
    }
}

impl Default for Algorithm {
    fn default() -> Self {
        Algorithm::default_for(AlgorithmKind::Ring)
    }
}

/// Any placement, built. Serialises as its algorithm and membership; deserialising
/// rebuilds (and re-validates) it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "algorithm", rename_all = "kebab-case")]
#[allow(clippy::large_enum_variant)] // Built once per membership; boxing buys nothing.
pub enum Placer {
    /// A hash ring.
    Ring(HashRing),
    /// Rendezvous hashing.
    Rendezvous(Rendezvous),
    /// Jump hash.
    Jump(Jump),
    /// Maglev.
    Maglev(Maglev),
    /// Bounded loads.
    BoundedLoads(BoundedLoads),
    /// `mod n`.
    Modulo(Modulo),
}

impl Placer {
    /// The placement behind the common trait.
    pub fn as_placement(&self) -> &dyn Placement {
        match self {
            Placer::Ring(p) => p,
            Placer::Rendezvous(p) => p,
            Placer::Jump(p) => p,
            Placer::Maglev(p) => p,
            Placer::BoundedLoads(p) => p,
            Placer::Modulo(p) => p,
        }
    }

    /// The ring, for the algorithms that have one (ring, bounded loads): its points
    /// and arcs are what a view draws.
    pub fn ring(&self) -> Option<&HashRing> {
        match self {
            Placer::Ring(r) => Some(r),
            Placer::BoundedLoads(b) => Some(b.ring()),
            _ => None,
        }
    }
}

impl Placement for Placer {
    fn kind(&self) -> AlgorithmKind {
        self.as_placement().kind()
    }

    fn membership(&self) -> &Membership {
        self.as_placement().membership()
    }

    fn owner(&self, key: u64) -> usize {
        self.as_placement().owner(key)
    }

    fn replicas_into(&self, key: u64, count: usize, out: &mut Vec<usize>) {
        self.as_placement().replicas_into(key, count, out)
    }

    fn theory(&self, keys: usize) -> Theory {
        self.as_placement().theory(keys)
    }

    fn assign(&self, keys: &[u64]) -> Assignment {
        self.as_placement().assign(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::Membership;

    #[test]
    fn every_placer_round_trips_through_json() {
        let m = Membership::lettered(3).unwrap();
        for kind in AlgorithmKind::ALL {
            let algorithm = Algorithm::default_for(kind);
            assert_eq!(algorithm.kind(), kind);
            let placer = algorithm.build(m.clone()).unwrap();
            let json = serde_json::to_string(&placer).unwrap();
            let back: Placer = serde_json::from_str(&json).unwrap();
            assert_eq!(back, placer, "{json}");
            let json = serde_json::to_string(&algorithm).unwrap();
            assert_eq!(serde_json::from_str::<Algorithm>(&json).unwrap(), algorithm);
        }
    }

    #[test]
    fn algorithm_json_is_readable() {
        let json = serde_json::to_string(&Algorithm::default()).unwrap();
        assert_eq!(json, r#"{"algorithm":"ring","vnodes":100}"#);
        let bad = r#"{"algorithm":"maglev","table_size":100}"#;
        assert!(serde_json::from_str::<Algorithm>(bad).is_err());
    }

    #[test]
    fn ring_view_is_available_for_ring_algorithms() {
        let m = Membership::lettered(2).unwrap();
        for kind in AlgorithmKind::ALL {
            let placer = Algorithm::default_for(kind).build(m.clone()).unwrap();
            let has_ring = matches!(kind, AlgorithmKind::Ring | AlgorithmKind::BoundedLoads);
            assert_eq!(placer.ring().is_some(), has_ring);
        }
    }
}
