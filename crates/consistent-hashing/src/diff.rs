//! Move reports: which keys a membership change moved, from where to where, and how
//! that compares with the least any placement could move.
//!
//! Nodes are matched by name across the change. A node *gains* if its share of the
//! total weight rose (an added node, or every other node when one leaves) and *loses* if
//! its share fell. A balanced placement must move at least
//! `ideal = K·Σ max(0, share_after − share_before)` keys, the keys gaining nodes have to
//! take: `K/(n + 1)` when one of `n + 1` equal nodes joins, `K/n` when one of `n` leaves.
//! A change is **monotone** when every move goes from a losing node to a gaining node:
//! what the consistent algorithms promise ("adding a node moves keys only onto it;
//! removing one moves only its keys").

use crate::placement::Assignment;
use crate::Error;
use serde::{Deserialize, Serialize};

/// One key that changed owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    /// The key's position in the key list.
    pub index: u32,
    /// The key's hash.
    pub key: u64,
    /// The old owner, an index into [`MoveReport::nodes`].
    pub from: u32,
    /// The new owner, an index into [`MoveReport::nodes`].
    pub to: u32,
}

/// How many keys moved between one pair of nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// The old owner, an index into [`MoveReport::nodes`].
    pub from: u32,
    /// The new owner, an index into [`MoveReport::nodes`].
    pub to: u32,
    /// How many keys.
    pub count: u32,
}

/// What a membership change did to a key list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoveReport {
    /// Every node on either side: the nodes before, in order, then the nodes added.
    pub nodes: Vec<String>,
    /// Nodes present only after (indices into `nodes`).
    pub added: Vec<u32>,
    /// Nodes present only before.
    pub removed: Vec<u32>,
    /// Nodes whose share of the weight rose.
    pub gaining: Vec<u32>,
    /// Nodes whose share of the weight fell.
    pub losing: Vec<u32>,
    /// Every key that moved, in key order.
    pub moves: Vec<Move>,
    /// Moves grouped by (from, to), sorted.
    pub routes: Vec<Route>,
    /// Keys in the list.
    pub total: usize,
    /// The least number of moves that keeps the placement balanced.
    pub ideal: f64,
    /// Every move went from a losing node to a gaining node.
    pub monotone: bool,
}

/// Compare two placements of the same key list.
///
/// ```
/// use consistent_hashing::{diff, Algorithm, KeySet, Membership, Node, Placement};
/// let keys = KeySet::uniform(1, 4_000).unwrap().keys();
/// let before = Membership::lettered(3).unwrap();
/// let after = before.with_added(Node::new("D")).unwrap();
/// let ring = Algorithm::default();
/// let report = diff(
///     &ring.build(before).unwrap().assign(&keys),
///     &ring.build(after).unwrap().assign(&keys),
/// )
/// .unwrap();
/// assert!(report.monotone); // every moved key went to D
/// assert_eq!(report.ideal, 1_000.0);
/// println!("{}", report.summary()); // "D joined: 1,023 of 4,000 keys moved, all to D …"
/// ```
pub fn diff(before: &Assignment, after: &Assignment) -> Result<MoveReport, Error> {
    if before.keys != after.keys || before.owners.len() != after.owners.len() {
        return Err(Error::KeysDiffer {
            before: before.keys.len(),
            after: after.keys.len(),
        });
    }
    Ok(diff_owners(before, after))
}

/// [`diff`] for two placements already known to be of the same key list (comparing
/// 100,000 keys byte by byte is a millisecond in WebAssembly, a tenth of a frame).
pub(crate) fn diff_owners(before: &Assignment, after: &Assignment) -> MoveReport {
    let b_nodes = before.membership.nodes();
    let a_nodes = after.membership.nodes();
    let mut nodes: Vec<String> = b_nodes.iter().map(|n| n.name.clone()).collect();
    let mut added = Vec::new();
    // after index -> union index
    let mut after_to_union = Vec::with_capacity(a_nodes.len());
    for node in a_nodes {
        match before.membership.index_of(&node.name) {
            Some(i) => after_to_union.push(u32::try_from(i).unwrap_or(u32::MAX)),
            None => {
                let i = u32::try_from(nodes.len()).unwrap_or(u32::MAX);
                nodes.push(node.name.clone());
                added.push(i);
                after_to_union.push(i);
            }
        }
    }
    let removed: Vec<u32> = (0..b_nodes.len())
        .filter(|&i| {
            b_nodes
                .get(i)
                .is_some_and(|n| after.membership.index_of(&n.name).is_none())
        })
        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect();

    // Shares as (weight, total) pairs, compared exactly by cross-multiplication.
    let (w_before, w_after) = (
        before.membership.total_weight(),
        after.membership.total_weight(),
    );
    let weight_in = |m: &crate::Membership, name: &str| {
        m.index_of(name)
            .and_then(|i| m.node(i))
            .map_or(0, |n| u64::from(n.weight.get()))
    };
    let mut gaining = Vec::new();
    let mut losing = Vec::new();
    let mut gain_sum = 0.0;
    for (i, name) in nodes.iter().enumerate() {
        let (wb, wa) = (
            weight_in(&before.membership, name),
            weight_in(&after.membership, name),
        );
        let lhs = u128::from(wa) * u128::from(w_before);
        let rhs = u128::from(wb) * u128::from(w_after);
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        if lhs > rhs {
            gaining.push(i);
            gain_sum += wa as f64 / w_after.max(1) as f64 - wb as f64 / w_before.max(1) as f64;
        } else if lhs < rhs {
            losing.push(i);
        }
    }

    let mut moves = Vec::new();
    for (index, ((&key, &b), &a)) in before
        .keys
        .iter()
        .zip(&before.owners)
        .zip(&after.owners)
        .enumerate()
    {
        let to = after_to_union.get(a as usize).copied().unwrap_or(u32::MAX);
        if b != to {
            moves.push(Move {
                index: u32::try_from(index).unwrap_or(u32::MAX),
                key,
                from: b,
                to,
            });
        }
    }
    let mut pairs: Vec<(u32, u32)> = moves.iter().map(|m| (m.from, m.to)).collect();
    pairs.sort_unstable();
    let mut routes: Vec<Route> = Vec::new();
    for (from, to) in pairs {
        match routes.last_mut() {
            Some(r) if r.from == from && r.to == to => r.count += 1,
            _ => routes.push(Route { from, to, count: 1 }),
        }
    }
    let monotone = routes
        .iter()
        .all(|r| losing.contains(&r.from) && gaining.contains(&r.to));
    MoveReport {
        total: before.keys.len(),
        ideal: before.keys.len() as f64 * gain_sum,
        nodes,
        added,
        removed,
        gaining,
        losing,
        moves,
        routes,
        monotone,
    }
}

impl MoveReport {
    /// How many keys moved.
    pub fn moved(&self) -> usize {
        self.moves.len()
    }

    /// The fraction of keys that moved.
    pub fn moved_fraction(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.moved() as f64 / self.total as f64
        }
    }

    /// The fraction a minimal change moves.
    pub fn ideal_fraction(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.ideal / self.total as f64
        }
    }

    /// The name of node `i` of [`MoveReport::nodes`].
    pub fn name(&self, i: u32) -> &str {
        self.nodes.get(i as usize).map_or("?", String::as_str)
    }

    /// The change in words: "D joined", "B left", "C's weight changed".
    pub fn change(&self) -> String {
        let names = |ids: &[u32]| {
            ids.iter()
                .map(|&i| self.name(i))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self.added.as_slice(), self.removed.as_slice()) {
            ([], []) if self.gaining.is_empty() => "Nothing changed".into(),
            ([], []) => "Weights changed".into(),
            (a, []) => format!("{} joined", names(a)),
            ([], r) => format!("{} left", names(r)),
            (a, r) => format!("{} joined and {} left", names(a), names(r)),
        }
    }

    /// One sentence for an accessible log, e.g.
    /// "D joined: 812 of 4,000 keys moved, all to D (ideal 800)."
    pub fn summary(&self) -> String {
        let targets: Vec<u32> = {
            let mut t: Vec<u32> = self.routes.iter().map(|r| r.to).collect();
            t.dedup();
            t.sort_unstable();
            t.dedup();
            t
        };
        let sources: Vec<u32> = {
            let mut s: Vec<u32> = self.routes.iter().map(|r| r.from).collect();
            s.sort_unstable();
            s.dedup();
            s
        };
        let whereto = match (targets.as_slice(), sources.as_slice()) {
            (_, _) if self.moves.is_empty() => String::new(),
            ([one], _) => format!(", all to {}", self.name(*one)),
            (_, [one]) => format!(", all from {}", self.name(*one)),
            _ if self.monotone => ", only where they had to".to_string(),
            _ => format!(", between {} pairs of nodes", self.routes.len()),
        };
        format!(
            "{}: {} of {} keys moved{} (ideal {}).",
            self.change(),
            thousands(self.moved() as u64),
            thousands(self.total as u64),
            whereto,
            thousands(libm::round(self.ideal) as u64),
        )
    }
}

/// `1234567` → `"1,234,567"`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Algorithm, KeySet, Membership, Node, Placement, Weight};

    fn assign(alg: Algorithm, m: &Membership, keys: &[u64]) -> Assignment {
        alg.build(m.clone()).unwrap().assign(keys)
    }

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(4_000), "4,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn join_and_leave() {
        let keys = KeySet::uniform(3, 4_000).unwrap().keys();
        let m = Membership::lettered(3).unwrap();
        let m4 = m.with_added(Node::new("D")).unwrap();
        let ring = Algorithm::default();
        let join = diff(&assign(ring, &m, &keys), &assign(ring, &m4, &keys)).unwrap();
        assert_eq!(join.added, vec![3]);
        assert_eq!(join.gaining, vec![3]);
        assert_eq!(join.losing, vec![0, 1, 2]);
        assert!(join.monotone);
        assert!(join.routes.iter().all(|r| r.to == 3));
        assert!(
            join.summary().starts_with("D joined: "),
            "{}",
            join.summary()
        );
        assert!(join.summary().contains("all to D"), "{}", join.summary());

        let m_less = m4.without("B").unwrap();
        let leave = diff(&assign(ring, &m4, &keys), &assign(ring, &m_less, &keys)).unwrap();
        assert_eq!(leave.removed, vec![1]);
        assert!(leave.monotone);
        assert!(leave.routes.iter().all(|r| r.from == 1));
        assert!((leave.ideal - 1_000.0).abs() < 1e-6);
        assert!(
            leave.summary().contains("all from B"),
            "{}",
            leave.summary()
        );
    }

    #[test]
    fn weight_change() {
        let keys = KeySet::uniform(4, 3_000).unwrap().keys();
        let m = Membership::lettered(3).unwrap();
        let heavy = m.with_weight("C", Weight::new(4).unwrap()).unwrap();
        let alg = Algorithm::Rendezvous;
        let r = diff(&assign(alg, &m, &keys), &assign(alg, &heavy, &keys)).unwrap();
        assert_eq!(r.gaining, vec![2]);
        assert!(r.monotone);
        // C goes from 1/3 to 4/6: ideal = 3000 · (2/3 − 1/3) = 1000.
        assert!((r.ideal - 1_000.0).abs() < 1e-6);
        assert_eq!(r.change(), "Weights changed");
    }

    #[test]
    fn different_keys_are_refused() {
        let m = Membership::lettered(2).unwrap();
        let a = assign(Algorithm::Modulo, &m, &[1, 2]);
        let b = assign(Algorithm::Modulo, &m, &[1, 3]);
        assert!(matches!(diff(&a, &b), Err(Error::KeysDiffer { .. })));
        let same = diff(&a, &a).unwrap();
        assert_eq!(same.moved(), 0);
        assert_eq!(same.change(), "Nothing changed");
        assert!(same.monotone);
    }
}
