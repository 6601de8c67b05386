//! The state a view steps: an algorithm, a membership, a key set and a replication
//! factor, changed one explained step at a time.
//!
//! [`Cluster::apply`] takes a [`Change`] (add a node, remove one, change a weight, the
//! algorithm, the keys or the replication factor), rebuilds the placement, and returns a
//! [`Step`]: the move report against the state before, the new load statistics and one
//! sentence of narration. The cluster is a value: clone it before a change to step back,
//! serialise it for a share link (only the four inputs are written; deserialising
//! rebuilds and re-checks everything).

use crate::algorithm::{Algorithm, Placer};
use crate::diff::{diff_owners, thousands, MoveReport};
use crate::keys::KeySet;
use crate::node::{Membership, Node, Weight};
use crate::placement::{Assignment, Placement};
use crate::stats::LoadStats;
use crate::Error;
use serde::{Deserialize, Serialize};
use std::num::NonZeroU8;

/// How many distinct nodes hold each key, 1 to [`Replication::MAX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Replication(NonZeroU8);

impl Replication {
    /// The most replicas accepted.
    pub const MAX: u8 = 9;
    /// One copy: no replication.
    pub const ONE: Replication = Replication(NonZeroU8::MIN);

    /// 1 to [`Replication::MAX`].
    pub fn new(n: u8) -> Result<Self, Error> {
        match NonZeroU8::new(n) {
            Some(v) if n <= Self::MAX => Ok(Replication(v)),
            _ => Err(Error::OutOfRange {
                what: "the replication factor",
                allowed: format!("1 to {}", Self::MAX),
                given: n.to_string(),
            }),
        }
    }

    /// The factor.
    pub fn get(self) -> u8 {
        self.0.get()
    }
}

impl TryFrom<u8> for Replication {
    type Error = Error;
    fn try_from(n: u8) -> Result<Self, Error> {
        Replication::new(n)
    }
}

impl From<Replication> for u8 {
    fn from(r: Replication) -> u8 {
        r.get()
    }
}

/// One change a learner can make.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    /// A node joins (appended to the membership).
    AddNode {
        /// Its name.
        name: String,
        /// Its weight.
        weight: Weight,
    },
    /// A node leaves.
    RemoveNode {
        /// Its name.
        name: String,
    },
    /// A node's weight changes.
    SetWeight {
        /// Its name.
        name: String,
        /// The new weight.
        weight: Weight,
    },
    /// Another algorithm, or other parameters (virtual nodes, table size, ε).
    SetAlgorithm {
        /// The algorithm.
        algorithm: Algorithm,
    },
    /// Another key set.
    SetKeys {
        /// The keys.
        keys: KeySet,
    },
    /// Another replication factor.
    SetReplication {
        /// The factor.
        replication: Replication,
    },
}

/// What one change did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The change applied.
    pub change: Change,
    /// Which keys moved (absent when the key set itself changed).
    pub moves: Option<MoveReport>,
    /// The loads after the change.
    pub loads: LoadStats,
    /// One sentence for the log.
    pub narration: String,
}

/// Everything a view shows about one key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInfo {
    /// The key's position in the list.
    pub index: u32,
    /// The key's hash: its position on the ring.
    pub hash: u64,
    /// The owner's index in the membership.
    pub owner: u32,
    /// The node the algorithm would choose for the key alone; differs from `owner` only
    /// under bounded loads, when that node was full.
    pub preferred: u32,
    /// The replica set, owner first (for a lone key; see [`Placement::replicas_into`]).
    pub replicas: Vec<u32>,
}

/// The four inputs a [`Cluster`] is built from (and serialised as).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterSpec {
    /// The algorithm and its parameters.
    pub algorithm: Algorithm,
    /// The nodes.
    pub membership: Membership,
    /// The keys.
    pub keys: KeySet,
    /// The replication factor.
    pub replication: Replication,
}

/// A placement of a key set, steppable and serialisable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ClusterSpec", into = "ClusterSpec")]
pub struct Cluster {
    spec: ClusterSpec,
    placer: Placer,
    assignment: Assignment,
    /// The assignment's load statistics, computed once (a pass over every key).
    loads: LoadStats,
}

impl Cluster {
    /// Build and place every key.
    pub fn new(spec: ClusterSpec) -> Result<Self, Error> {
        let keys = spec.keys.keys();
        Self::placing(spec, &keys)
    }

    /// Build `spec`, whose key set is `keys` (already generated).
    fn placing(spec: ClusterSpec, keys: &[u64]) -> Result<Self, Error> {
        let placer = spec.algorithm.build(spec.membership.clone())?;
        let assignment = placer.assign(keys);
        let loads = LoadStats::of(&assignment);
        Ok(Cluster {
            spec,
            placer,
            assignment,
            loads,
        })
    }

    /// The inputs.
    pub fn spec(&self) -> &ClusterSpec {
        &self.spec
    }

    /// The built placement (for the ring's points and arcs, Maglev's table, …).
    pub fn placer(&self) -> &Placer {
        &self.placer
    }

    /// Where every key is.
    pub fn assignment(&self) -> &Assignment {
        &self.assignment
    }

    /// The load statistics now.
    pub fn loads(&self) -> &LoadStats {
        &self.loads
    }

    /// Everything about key `index`, if it exists.
    pub fn key_info(&self, index: u32) -> Option<KeyInfo> {
        let hash = *self.assignment.keys.get(index as usize)?;
        let owner = *self.assignment.owners.get(index as usize)?;
        let replicas = self
            .placer
            .replicas(hash, usize::from(self.spec.replication.get()))
            .into_iter()
            .map(crate::placement::index_u32)
            .collect();
        let preferred = crate::placement::index_u32(self.placer.owner(hash));
        Some(KeyInfo {
            index,
            hash,
            owner,
            preferred,
            replicas,
        })
    }

    /// Apply a change; on error the cluster is unchanged.
    pub fn apply(&mut self, change: Change) -> Result<Step, Error> {
        let mut spec = self.spec.clone();
        match &change {
            Change::AddNode { name, weight } => {
                spec.membership = spec
                    .membership
                    .with_added(Node::weighted(name.clone(), *weight))?;
            }
            Change::RemoveNode { name } => spec.membership = spec.membership.without(name)?,
            Change::SetWeight { name, weight } => {
                spec.membership = spec.membership.with_weight(name, *weight)?;
            }
            Change::SetAlgorithm { algorithm } => spec.algorithm = *algorithm,
            Change::SetKeys { keys } => spec.keys = *keys,
            Change::SetReplication { replication } => spec.replication = *replication,
        }
        let (next, moves) = match change {
            Change::SetKeys { .. } => (Cluster::new(spec)?, None),
            // The same keys: reuse them, and compare owners without comparing keys.
            _ => {
                let next = Cluster::placing(spec, &self.assignment.keys)?;
                let moves = diff_owners(&self.assignment, &next.assignment);
                (next, Some(moves))
            }
        };
        let loads = next.loads.clone();
        let narration = narrate(&change, moves.as_ref(), &self.spec);
        *self = next;
        Ok(Step {
            change,
            moves,
            loads,
            narration,
        })
    }
}

/// One sentence for the log: the change, then what moved (from the move report).
fn narrate(change: &Change, moves: Option<&MoveReport>, before: &ClusterSpec) -> String {
    let tail = |report: &MoveReport| {
        // "D joined: 812 of 4,000 keys moved, all to D (ideal 800)."
        report
            .summary()
            .split_once(": ")
            .map(|(_, rest)| rest.to_string())
            .unwrap_or_default()
    };
    let head = match change {
        Change::AddNode { name, .. } => format!("Node {name} joined"),
        Change::RemoveNode { name } => format!("Node {name} left"),
        Change::SetWeight { name, weight } => {
            format!("Node {name}'s weight is now {}", weight.get())
        }
        Change::SetAlgorithm { algorithm } => {
            if algorithm.kind() == before.algorithm.kind() {
                format!("New {} parameters", algorithm.kind().label())
            } else {
                format!(
                    "Switched from {} to {}",
                    before.algorithm.kind().label(),
                    algorithm.kind().label()
                )
            }
        }
        Change::SetKeys { keys } => {
            return format!(
                "Now {} keys from seed {}{}.",
                thousands(u64::from(keys.count())),
                keys.seed(),
                if keys.hot_percent() > 0 {
                    format!(", {}% of them one hot key", keys.hot_percent())
                } else {
                    String::new()
                }
            )
        }
        Change::SetReplication { replication } => {
            return format!(
                "Each key is now kept on {} node{}; no key changed owner.",
                replication.get(),
                if replication.get() == 1 { "" } else { "s" }
            )
        }
    };
    match moves {
        Some(report) => format!("{head}: {}", tail(report)),
        None => format!("{head}."),
    }
}

impl TryFrom<ClusterSpec> for Cluster {
    type Error = Error;
    fn try_from(spec: ClusterSpec) -> Result<Self, Error> {
        Cluster::new(spec)
    }
}

impl From<Cluster> for ClusterSpec {
    fn from(c: Cluster) -> ClusterSpec {
        c.spec
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::placement::AlgorithmKind;

    fn cluster(kind: AlgorithmKind) -> Cluster {
        Cluster::new(ClusterSpec {
            algorithm: Algorithm::default_for(kind),
            membership: Membership::lettered(4).unwrap(),
            keys: KeySet::uniform(9, 4_000).unwrap(),
            replication: Replication::new(2).unwrap(),
        })
        .unwrap()
    }

    #[test]
    fn a_join_is_narrated_and_counted() {
        let mut c = cluster(AlgorithmKind::Ring);
        let step = c
            .apply(Change::AddNode {
                name: "E".into(),
                weight: Weight::ONE,
            })
            .unwrap();
        let moves = step.moves.unwrap();
        assert!(moves.monotone);
        let expected = format!(
            "Node E joined: {} of 4,000 keys moved, all to E (ideal 800).",
            thousands(moves.moved() as u64)
        );
        assert_eq!(step.narration, expected);
        assert_eq!(c.spec().membership.len(), 5);
        assert_eq!(step.loads.keys, 4_000);
    }

    #[test]
    fn a_refused_change_leaves_the_cluster_alone() {
        let mut c = cluster(AlgorithmKind::Maglev);
        let before = c.clone();
        assert!(c.apply(Change::RemoveNode { name: "Z".into() }).is_err());
        assert!(c
            .apply(Change::AddNode {
                name: "A".into(),
                weight: Weight::ONE
            })
            .is_err());
        assert_eq!(c, before);
    }

    #[test]
    fn key_info_and_replicas() {
        let c = cluster(AlgorithmKind::Rendezvous);
        let info = c.key_info(5).unwrap();
        assert_eq!(info.replicas.len(), 2);
        assert_eq!(info.replicas[0], info.owner);
        assert_eq!(info.hash, c.spec().keys.key(5));
        assert!(c.key_info(4_000).is_none());
    }

    #[test]
    fn other_changes_narrate() {
        let mut c = cluster(AlgorithmKind::Ring);
        let step = c
            .apply(Change::SetReplication {
                replication: Replication::new(3).unwrap(),
            })
            .unwrap();
        assert_eq!(step.moves.as_ref().map(|m| m.moved()), Some(0));
        assert!(step.narration.contains("3 nodes"), "{}", step.narration);
        let keys = KeySet::new(2, 100, 20).unwrap();
        let step = c.apply(Change::SetKeys { keys }).unwrap();
        assert!(step.moves.is_none());
        assert_eq!(
            step.narration,
            "Now 100 keys from seed 2, 20% of them one hot key."
        );
        let step = c
            .apply(Change::SetAlgorithm {
                algorithm: Algorithm::default_for(AlgorithmKind::Modulo),
            })
            .unwrap();
        assert!(step
            .narration
            .starts_with("Switched from hash ring to mod n: "));
    }

    #[test]
    fn snapshot_is_the_four_inputs() {
        let c = cluster(AlgorithmKind::BoundedLoads);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            json,
            r#"{"algorithm":{"algorithm":"bounded-loads","vnodes":100,"epsilon":250},"membership":[{"name":"A","weight":1},{"name":"B","weight":1},{"name":"C","weight":1},{"name":"D","weight":1}],"keys":{"seed":9,"count":4000,"hot_percent":0},"replication":2}"#
        );
        assert_eq!(serde_json::from_str::<Cluster>(&json).unwrap(), c);
        let bad = json.replace(r#""replication":2"#, r#""replication":0"#);
        assert!(serde_json::from_str::<Cluster>(&bad).is_err());
    }
}
