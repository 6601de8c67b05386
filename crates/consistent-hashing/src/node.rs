//! Nodes and memberships: the set of nodes keys are placed onto.
//!
//! A node is identified by its name: the name is what the algorithms hash, so the same
//! name lands in the same place in any membership, and a move report can say "from B to
//! D" across a change. A [`Membership`] is never empty and never holds two nodes with the
//! same name; both are checked when it is built, so every algorithm can assume them.

use crate::hash::hash_str;
use crate::Error;
use serde::{Deserialize, Serialize};
use std::num::NonZeroU32;

/// A node's relative capacity, 1 to [`Weight::MAX`].
///
/// A node of weight 2 should receive twice the keys of a node of weight 1 (the ring
/// gives it twice the virtual nodes, rendezvous hashing scales its score, Maglev gives
/// it two turns per round). Jump hash and `mod n` ignore weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Weight(NonZeroU32);

impl Weight {
    /// The largest weight accepted.
    pub const MAX: u32 = 1_000;
    /// Weight 1, the default.
    pub const ONE: Weight = Weight(NonZeroU32::MIN);

    /// A weight from 1 to [`Weight::MAX`].
    pub fn new(weight: u32) -> Result<Self, Error> {
        match NonZeroU32::new(weight) {
            Some(w) if weight <= Self::MAX => Ok(Weight(w)),
            _ => Err(Error::OutOfRange {
                what: "a node's weight",
                allowed: format!("1 to {}", Self::MAX),
                given: weight.to_string(),
            }),
        }
    }

    /// The weight as a number.
    pub fn get(self) -> u32 {
        self.0.get()
    }
}

impl Default for Weight {
    fn default() -> Self {
        Weight::ONE
    }
}

impl TryFrom<u32> for Weight {
    type Error = Error;
    fn try_from(weight: u32) -> Result<Self, Error> {
        Weight::new(weight)
    }
}

impl From<Weight> for u32 {
    fn from(weight: Weight) -> u32 {
        weight.get()
    }
}

/// One node: a name (its identity, and what is hashed) and a weight.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Node {
    /// The node's name; hashed to place it.
    pub name: String,
    /// The node's relative capacity.
    #[serde(default)]
    pub weight: Weight,
}

impl Node {
    /// A node of weight 1.
    pub fn new(name: impl Into<String>) -> Self {
        Node {
            name: name.into(),
            weight: Weight::ONE,
        }
    }

    /// A node with a weight.
    pub fn weighted(name: impl Into<String>, weight: Weight) -> Self {
        Node {
            name: name.into(),
            weight,
        }
    }

    /// The hash of the node's name, the seed of everything an algorithm derives from it.
    pub fn name_hash(&self) -> u64 {
        hash_str(&self.name)
    }
}

/// A non-empty list of nodes with distinct, non-empty names.
///
/// The order matters only to jump hash and `mod n`, which number the nodes (bucket `i`
/// is the `i`-th node); every other algorithm depends on names and weights alone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Node>", into = "Vec<Node>")]
pub struct Membership {
    nodes: Vec<Node>,
}

impl Membership {
    /// The largest membership accepted (the benchmarks go to 1,000).
    pub const MAX_NODES: usize = 10_000;

    /// Check and build a membership.
    pub fn new(nodes: Vec<Node>) -> Result<Self, Error> {
        if nodes.is_empty() {
            return Err(Error::NoNodes);
        }
        if nodes.len() > Self::MAX_NODES {
            return Err(Error::OutOfRange {
                what: "the number of nodes",
                allowed: format!("1 to {}", Self::MAX_NODES),
                given: nodes.len().to_string(),
            });
        }
        let mut names: Vec<&str> = Vec::with_capacity(nodes.len());
        for node in &nodes {
            if node.name.is_empty() {
                return Err(Error::EmptyName);
            }
            names.push(&node.name);
        }
        names.sort_unstable();
        if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(Error::DuplicateNode {
                name: pair[0].to_string(),
            });
        }
        Ok(Membership { nodes })
    }

    /// A membership of weight-1 nodes with these names.
    pub fn from_names<I, S>(names: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::new(names.into_iter().map(Node::new).collect())
    }

    /// `count` weight-1 nodes named `A`, `B`, … `Z`, `AA`, `AB`, … (spreadsheet columns).
    pub fn lettered(count: usize) -> Result<Self, Error> {
        Self::from_names((0..count).map(letter_name))
    }

    /// The nodes, in order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// How many nodes (never zero).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Always false: a membership is never empty. Present for API symmetry.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node at `index`, if any.
    pub fn node(&self, index: usize) -> Option<&Node> {
        self.nodes.get(index)
    }

    /// The index of the node with this name.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.nodes.iter().position(|node| node.name == name)
    }

    /// The sum of the weights.
    pub fn total_weight(&self) -> u64 {
        self.nodes
            .iter()
            .map(|node| u64::from(node.weight.get()))
            .sum()
    }

    /// True when every node has the same weight.
    pub fn uniform_weights(&self) -> bool {
        self.nodes
            .windows(2)
            .all(|pair| pair[0].weight == pair[1].weight)
    }

    /// This membership with `node` appended at the end.
    pub fn with_added(&self, node: Node) -> Result<Self, Error> {
        let mut nodes = self.nodes.clone();
        nodes.push(node);
        Self::new(nodes)
    }

    /// This membership without the node named `name` (the others keep their order).
    pub fn without(&self, name: &str) -> Result<Self, Error> {
        let index = self
            .index_of(name)
            .ok_or_else(|| Error::UnknownNode { name: name.into() })?;
        let mut nodes = self.nodes.clone();
        nodes.remove(index);
        Self::new(nodes)
    }

    /// This membership with the named node's weight changed.
    pub fn with_weight(&self, name: &str, weight: Weight) -> Result<Self, Error> {
        let index = self
            .index_of(name)
            .ok_or_else(|| Error::UnknownNode { name: name.into() })?;
        let mut nodes = self.nodes.clone();
        if let Some(node) = nodes.get_mut(index) {
            node.weight = weight;
        }
        Self::new(nodes)
    }

    /// A name not yet used, in the `A`, `B`, … sequence: what "add a node" would call it.
    pub fn next_free_name(&self) -> String {
        (0..)
            .map(letter_name)
            .find(|name| self.index_of(name).is_none())
            .unwrap_or_default()
    }
}

impl TryFrom<Vec<Node>> for Membership {
    type Error = Error;
    fn try_from(nodes: Vec<Node>) -> Result<Self, Error> {
        Membership::new(nodes)
    }
}

impl From<Membership> for Vec<Node> {
    fn from(membership: Membership) -> Vec<Node> {
        membership.nodes
    }
}

/// The `index`-th spreadsheet column name: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn letter_name(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        // rem < 26, so the cast cannot truncate.
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(letter_name(0), "A");
        assert_eq!(letter_name(25), "Z");
        assert_eq!(letter_name(26), "AA");
        assert_eq!(letter_name(27), "AB");
        assert_eq!(letter_name(701), "ZZ");
        assert_eq!(letter_name(702), "AAA");
    }

    #[test]
    fn rejects_bad_memberships() {
        assert_eq!(Membership::new(vec![]), Err(Error::NoNodes));
        assert_eq!(Membership::from_names([""]), Err(Error::EmptyName));
        assert_eq!(
            Membership::from_names(["a", "b", "a"]),
            Err(Error::DuplicateNode { name: "a".into() })
        );
        assert!(Weight::new(0).is_err());
        assert!(Weight::new(Weight::MAX + 1).is_err());
    }

    #[test]
    fn changes() {
        let m = Membership::lettered(3).unwrap();
        assert_eq!(m.next_free_name(), "D");
        let m2 = m.without("B").unwrap();
        assert_eq!(m2.next_free_name(), "B");
        assert!(m2.without("B").is_err());
        assert!(m.with_added(Node::new("A")).is_err());
        assert!(Membership::lettered(1).unwrap().without("A").is_err());
        let heavy = m.with_weight("C", Weight::new(3).unwrap()).unwrap();
        assert_eq!(heavy.total_weight(), 5);
        assert!(!heavy.uniform_weights());
    }

    #[test]
    fn serde_validates() {
        let m = Membership::lettered(2).unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"[{"name":"A","weight":1},{"name":"B","weight":1}]"#);
        assert_eq!(serde_json::from_str::<Membership>(&json).unwrap(), m);
        assert!(serde_json::from_str::<Membership>("[]").is_err());
        assert!(serde_json::from_str::<Membership>(r#"[{"name":"A","weight":0}]"#).is_err());
    }
}
