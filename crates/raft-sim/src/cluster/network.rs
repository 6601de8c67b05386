//! The simulated network's connectivity: which directed links are cut.
//!
//! A partition into groups cuts every link between servers of different groups, in both
//! directions; a one-way cut blocks a single direction (the asymmetric failures that make
//! CheckQuorum and Pre-Vote matter). Connectivity is checked when a message would be
//! delivered, so a message already in flight when a partition starts is lost.

use crate::ids::NodeId;
use serde::{Deserialize, Serialize};

/// Which directed links are cut, as an `n × n` table (`from * n + to`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    size: u8,
    cut: Vec<bool>,
}

impl Network {
    /// A fully connected network of `size` servers.
    pub fn new(size: u8) -> Self {
        let n = usize::from(size);
        Self {
            size,
            cut: vec![false; n * n],
        }
    }

    fn slot(&self, from: NodeId, to: NodeId) -> Option<usize> {
        let n = usize::from(self.size);
        (from.index() < n && to.index() < n).then(|| from.index() * n + to.index())
    }

    /// Whether a message from `from` reaches `to`.
    pub fn allows(&self, from: NodeId, to: NodeId) -> bool {
        self.slot(from, to)
            .and_then(|i| self.cut.get(i))
            .is_some_and(|c| !c)
    }

    /// Whether any link is cut.
    pub fn is_partitioned(&self) -> bool {
        self.cut.iter().any(|&c| c)
    }

    /// Cut one direction.
    pub fn cut(&mut self, from: NodeId, to: NodeId) {
        if let Some(c) = self.slot(from, to).and_then(|i| self.cut.get_mut(i)) {
            *c = true;
        }
    }

    /// Reconnect everything.
    pub fn heal(&mut self) {
        self.cut.iter_mut().for_each(|c| *c = false);
    }

    /// Replace the cuts with a partition: `group[i]` is server `i`'s group; servers in
    /// different groups cannot reach each other in either direction.
    pub fn partition(&mut self, group: &[u8]) {
        let n = usize::from(self.size);
        for from in 0..n {
            for to in 0..n {
                let apart = group.get(from) != group.get(to);
                if let Some(c) = self.cut.get_mut(from * n + to) {
                    *c = apart;
                }
            }
        }
    }

    /// Each server's group, when the cuts form a symmetric partition: servers that reach
    /// each other share a number (used by views to colour the groups).
    pub fn groups(&self) -> Vec<u8> {
        let n = self.size;
        let mut group: Vec<Option<u8>> = vec![None; usize::from(n)];
        let mut next = 0u8;
        for a in 0..n {
            if group.get(usize::from(a)).copied().flatten().is_some() {
                continue;
            }
            for b in a..n {
                let together = a == b
                    || (self.allows(NodeId(a), NodeId(b)) && self.allows(NodeId(b), NodeId(a)));
                if together {
                    if let Some(g) = group.get_mut(usize::from(b)) {
                        if g.is_none() {
                            *g = Some(next);
                        }
                    }
                }
            }
            next += 1;
        }
        group.into_iter().map(|g| g.unwrap_or(0)).collect()
    }

    /// Whether some group of at least `quorum` servers (among those `up`) can all reach
    /// each other both ways.
    pub fn has_connected_majority(&self, up: &[bool], quorum: usize) -> bool {
        let n = self.size;
        (0..n).any(|a| {
            up.get(usize::from(a)).copied().unwrap_or(false)
                && (0..n)
                    .filter(|&b| {
                        up.get(usize::from(b)).copied().unwrap_or(false)
                            && (a == b
                                || (self.allows(NodeId(a), NodeId(b))
                                    && self.allows(NodeId(b), NodeId(a))))
                    })
                    .count()
                    >= quorum
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_cut_both_ways_and_cuts_one() {
        let mut net = Network::new(5);
        assert!(net.allows(NodeId(0), NodeId(4)));
        net.partition(&[0, 0, 1, 1, 1]);
        assert!(net.allows(NodeId(0), NodeId(1)));
        assert!(!net.allows(NodeId(0), NodeId(2)));
        assert!(!net.allows(NodeId(3), NodeId(1)));
        assert_eq!(net.groups(), [0, 0, 1, 1, 1]);
        assert!(net.has_connected_majority(&[true; 5], 3));
        assert!(!net.has_connected_majority(&[true, true, true, false, true], 3));
        net.heal();
        assert!(!net.is_partitioned());
        net.cut(NodeId(0), NodeId(1));
        assert!(!net.allows(NodeId(0), NodeId(1)));
        assert!(net.allows(NodeId(1), NodeId(0)));
        assert!(!net.allows(NodeId(0), NodeId(9)));
    }
}
