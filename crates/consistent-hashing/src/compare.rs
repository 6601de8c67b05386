//! Several algorithms on the same keys and the same membership change, side by side:
//! the data behind a comparison table (keys moved against the ideal, imbalance after).

use crate::algorithm::Algorithm;
use crate::diff::{diff, Route};
use crate::node::Membership;
use crate::placement::{AlgorithmKind, Placement};
use crate::stats::LoadStats;
use crate::Error;
use serde::{Deserialize, Serialize};

/// One algorithm's row of a comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The algorithm and its parameters.
    pub algorithm: Algorithm,
    /// Which algorithm (for labels).
    pub kind: AlgorithmKind,
    /// Keys that changed owner.
    pub moved: usize,
    /// The least a balanced placement must move.
    pub ideal: f64,
    /// Every move went from a losing node to a gaining node.
    pub monotone: bool,
    /// Moves grouped by (from, to); node indices refer to `nodes`.
    pub routes: Vec<Route>,
    /// The nodes on either side of the change (see [`crate::MoveReport::nodes`]).
    pub nodes: Vec<String>,
    /// The loads before the change.
    pub before: LoadStats,
    /// The loads after the change.
    pub after: LoadStats,
}

/// Run each algorithm on `keys` over `before` and `after`, and compare.
///
/// ```
/// use consistent_hashing::{compare::compare, Algorithm, AlgorithmKind, KeySet, Membership, Node};
/// let algorithms: Vec<Algorithm> = AlgorithmKind::ALL.into_iter().map(Algorithm::default_for).collect();
/// let before = Membership::lettered(4).unwrap();
/// let after = before.with_added(Node::new("E")).unwrap();
/// let keys = KeySet::uniform(3, 2_000).unwrap().keys();
/// let rows = compare(&algorithms, &before, &after, &keys).unwrap();
/// let modulo = rows.iter().find(|r| r.kind == AlgorithmKind::Modulo).unwrap();
/// let ring = rows.iter().find(|r| r.kind == AlgorithmKind::Ring).unwrap();
/// assert!(modulo.moved > 3 * ring.moved);
/// ```
pub fn compare(
    algorithms: &[Algorithm],
    before: &Membership,
    after: &Membership,
    keys: &[u64],
) -> Result<Vec<Comparison>, Error> {
    algorithms
        .iter()
        .map(|algorithm| {
            let a = algorithm.build(before.clone())?.assign(keys);
            let b = algorithm.build(after.clone())?.assign(keys);
            let report = diff(&a, &b)?;
            Ok(Comparison {
                algorithm: *algorithm,
                kind: algorithm.kind(),
                moved: report.moved(),
                ideal: report.ideal,
                monotone: report.monotone,
                routes: report.routes,
                nodes: report.nodes,
                before: LoadStats::of(&a),
                after: LoadStats::of(&b),
            })
        })
        .collect()
}
