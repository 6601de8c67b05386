//! The starting states of the paper's figures 7 and 8, for scenario tests and presets.
//!
//! Figure 7 shows the logs a new leader (of term 8) can find on its followers: missing
//! entries (a, b), extra uncommitted entries (c, d), or both (e, f). Figure 8 shows why
//! a leader must not commit an entry of an earlier term by counting replicas. Commands
//! are numbered `term * 100 + index` so entries are easy to tell apart in a view.

use crate::config::{ClusterConfig, ConfigError};
use crate::ids::{NodeId, Term};
use crate::log::{Entry, RaftLog};
use crate::node::Persistent;

/// A persistent state with the given term, vote and log (one term per entry).
pub fn state(term: Term, voted_for: Option<NodeId>, terms: &[Term]) -> Persistent {
    let entries = terms
        .iter()
        .enumerate()
        .map(|(i, &t)| Entry {
            term: t,
            command: t * 100 + i as u64 + 1,
        })
        .collect();
    Persistent {
        term,
        voted_for,
        log: RaftLog::from_entries(entries),
    }
}

/// Figure 7's logs on seven servers: S1 is the server about to become leader for term
/// 8; S2 to S7 are followers (a) to (f). Everyone's current term is 7.
pub fn figure7() -> Vec<Persistent> {
    [
        &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6][..],
        &[1, 1, 1, 4, 4, 5, 5, 6, 6],
        &[1, 1, 1, 4],
        &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
        &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
        &[1, 1, 1, 4, 4, 4, 4],
        &[1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
    ]
    .iter()
    .map(|terms| state(7, None, terms))
    .collect()
}

/// Figure 8 at the start of its step (c), on five servers: S1 (leader in term 2)
/// replicated index 2 only to S2 and crashed; S5 was elected in term 3 by S3, S4 and
/// itself, wrote a different index 2, and crashed. S1 is back and about to be elected
/// in term 4 (its term is 3 here so that one timeout takes it to 4).
pub fn figure8() -> Vec<Persistent> {
    let s5 = Some(NodeId(4));
    vec![
        state(3, None, &[1, 2]),
        state(2, None, &[1, 2]),
        state(3, s5, &[1]),
        state(3, s5, &[1]),
        state(3, s5, &[1, 3]),
    ]
}

/// A configuration for scenario runs: `size` servers with unit message delays (1–2
/// ticks) and long election timeouts (1,000–2,000 ticks, heartbeat 100), so nothing
/// times out unless a scenario forces it.
pub fn scenario_config(size: u8, seed: u64) -> Result<ClusterConfig, ConfigError> {
    let node = crate::config::NodeConfig::new(1_000, 2_000, 100)?;
    ClusterConfig::new(size, seed)?
        .with_node(node)
        .with_delay(1, 2)
}
