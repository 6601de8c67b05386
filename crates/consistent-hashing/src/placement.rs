//! The common trait every algorithm implements, and the placement of a key list.

use crate::node::Membership;
use crate::stats::Theory;
use serde::{Deserialize, Serialize};

/// Which algorithm, as plain data (for labels, URLs and tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlgorithmKind {
    /// A hash ring with virtual nodes ([`crate::ring`]).
    Ring,
    /// Rendezvous (highest random weight) hashing ([`crate::rendezvous`]).
    Rendezvous,
    /// Jump consistent hash ([`crate::jump`]).
    Jump,
    /// Maglev hashing ([`crate::maglev`]).
    Maglev,
    /// Consistent hashing with bounded loads ([`crate::bounded`]).
    BoundedLoads,
    /// `hash(key) mod n` ([`crate::modulo`]).
    Modulo,
}

impl AlgorithmKind {
    /// Every algorithm, in the order the comparison table shows them.
    pub const ALL: [AlgorithmKind; 6] = [
        AlgorithmKind::Ring,
        AlgorithmKind::Rendezvous,
        AlgorithmKind::Jump,
        AlgorithmKind::Maglev,
        AlgorithmKind::BoundedLoads,
        AlgorithmKind::Modulo,
    ];

    /// A short human name.
    pub fn label(self) -> &'static str {
        match self {
            AlgorithmKind::Ring => "hash ring",
            AlgorithmKind::Rendezvous => "rendezvous",
            AlgorithmKind::Jump => "jump hash",
            AlgorithmKind::Maglev => "Maglev",
            AlgorithmKind::BoundedLoads => "bounded loads",
            AlgorithmKind::Modulo => "mod n",
        }
    }

    /// The name used in URLs and on the command line.
    pub fn slug(self) -> &'static str {
        match self {
            AlgorithmKind::Ring => "ring",
            AlgorithmKind::Rendezvous => "rendezvous",
            AlgorithmKind::Jump => "jump",
            AlgorithmKind::Maglev => "maglev",
            AlgorithmKind::BoundedLoads => "bounded-loads",
            AlgorithmKind::Modulo => "modulo",
        }
    }

    /// The kind named by [`AlgorithmKind::slug`].
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.slug() == slug)
    }

    /// Whether a membership change moves only the keys it must: adding a node moves keys
    /// only onto it, removing one moves only its keys.
    ///
    /// Jump hash promises it only for adding or removing the *last* bucket. Maglev comes
    /// close but does not promise it (a few entries move between surviving nodes), nor do
    /// bounded loads (an overflow can cascade) or `mod n` (almost every key moves).
    pub fn minimal_disruption(self) -> bool {
        matches!(
            self,
            AlgorithmKind::Ring | AlgorithmKind::Rendezvous | AlgorithmKind::Jump
        )
    }
}

/// What every placement algorithm provides.
///
/// Keys are `u64` hashes (see [`crate::hash`]); nodes are indices into
/// [`Placement::membership`]'s node list.
pub trait Placement {
    /// Which algorithm this is.
    fn kind(&self) -> AlgorithmKind;

    /// The nodes keys are placed onto.
    fn membership(&self) -> &Membership;

    /// The index of the node that owns `key` when it is placed alone.
    ///
    /// For every algorithm but bounded loads this is *the* owner. With bounded loads a
    /// key's owner depends on the keys placed before it: use [`Placement::assign`].
    fn owner(&self, key: u64) -> usize;

    /// The key's replica set: up to `count` distinct nodes, the owner first, written into
    /// `out` (cleared first). Fewer than `count` when there are fewer nodes.
    fn replicas_into(&self, key: u64, count: usize, out: &mut Vec<usize>);

    /// The key's replica set as a new vector (see [`Placement::replicas_into`]).
    fn replicas(&self, key: u64, count: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(count.min(self.membership().len()));
        self.replicas_into(key, count, &mut out);
        out
    }

    /// What theory expects of the spread of `keys` keys over the nodes.
    fn theory(&self, keys: usize) -> Theory;

    /// Place every key of `keys`, in order.
    fn assign(&self, keys: &[u64]) -> Assignment {
        let owners = keys.iter().map(|&key| index_u32(self.owner(key))).collect();
        Assignment::new(self, keys.to_vec(), owners)
    }
}

/// An index as `u32`: memberships hold at most [`Membership::MAX_NODES`] nodes, so this
/// never saturates in practice.
pub(crate) fn index_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Where each key of a list went: the input of move reports and load statistics.
///
/// Memory: 12 bytes per key (the key's `u64` hash and its owner's `u32` index) plus the
/// membership.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// The algorithm that placed the keys.
    pub kind: AlgorithmKind,
    /// The nodes the keys were placed onto.
    pub membership: Membership,
    /// The keys, in the order they were placed.
    pub keys: Vec<u64>,
    /// `owners[i]` is the index in `membership` of the node owning `keys[i]`.
    pub owners: Vec<u32>,
    /// What theory expects of the spread.
    pub theory: Theory,
}

impl Assignment {
    /// Bundle a placement's result.
    pub fn new<P: Placement + ?Sized>(placement: &P, keys: Vec<u64>, owners: Vec<u32>) -> Self {
        Assignment {
            kind: placement.kind(),
            membership: placement.membership().clone(),
            theory: placement.theory(keys.len()),
            keys,
            owners,
        }
    }

    /// The name of the node owning the `i`-th key.
    pub fn owner_name(&self, i: usize) -> Option<&str> {
        let owner = *self.owners.get(i)?;
        self.membership
            .node(owner as usize)
            .map(|node| node.name.as_str())
    }

    /// How many keys each node owns, in membership order.
    pub fn counts(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.membership.len()];
        for &owner in &self.owners {
            if let Some(count) = counts.get_mut(owner as usize) {
                *count = count.saturating_add(1);
            }
        }
        counts
    }
}
