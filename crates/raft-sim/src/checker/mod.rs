//! A live checker of Raft's safety properties (figure 3 of the paper).
//!
//! After every event of a [`Cluster`], [`Checker::check`] looks at every server's state
//! and verifies the five properties the paper proves:
//!
//! | property | what must hold |
//! |---|---|
//! | Election Safety | at most one leader can be elected in a given term (§5.2) |
//! | Leader Append-Only | a leader never overwrites or deletes entries in its log; it only appends (§5.3) |
//! | Log Matching | if two logs contain an entry with the same index and term, the logs are identical in all entries up through that index (§5.3) |
//! | Leader Completeness | if an entry is committed in a given term, it is present in the logs of the leaders of all higher-numbered terms (§5.4) |
//! | State Machine Safety | if a server has applied an entry at an index, no other server ever applies a different entry for that index (§5.4.3) |
//!
//! The checker keeps the little history these need: the leader of each term ever seen,
//! every committed entry with the earliest term in which some server saw it committed,
//! each leader's log length when last checked, and how far each server's commit index was
//! checked. Applying an entry is modelled as committing it (the simulated state machine
//! applies synchronously), and a restarted server re-applies from index 1.
//!
//! The checker is part of a run's state (`Clone`, serialisable), so a view that scrubs a
//! history shows the properties as they stood at that point.

mod properties;

use crate::cluster::Cluster;
use crate::ids::{Index, NodeId, Term};
use crate::log::Entry;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// One of Raft's safety properties.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Property {
    /// At most one leader per term.
    ElectionSafety,
    /// Leaders only append.
    LeaderAppendOnly,
    /// Same index and term means same prefix.
    LogMatching,
    /// Committed entries are in every later leader's log.
    LeaderCompleteness,
    /// No two servers apply different entries at one index.
    StateMachineSafety,
}

impl Property {
    /// All five, in the paper's order.
    pub const ALL: [Property; 5] = [
        Property::ElectionSafety,
        Property::LeaderAppendOnly,
        Property::LogMatching,
        Property::LeaderCompleteness,
        Property::StateMachineSafety,
    ];

    /// The property's name as the paper writes it.
    pub fn name(self) -> &'static str {
        match self {
            Property::ElectionSafety => "Election Safety",
            Property::LeaderAppendOnly => "Leader Append-Only",
            Property::LogMatching => "Log Matching",
            Property::LeaderCompleteness => "Leader Completeness",
            Property::StateMachineSafety => "State Machine Safety",
        }
    }

    /// What the property means, in the words of figure 3.
    pub fn meaning(self) -> &'static str {
        match self {
            Property::ElectionSafety => "at most one leader can be elected in a given term",
            Property::LeaderAppendOnly => {
                "a leader never overwrites or deletes entries in its log; it only appends new entries"
            }
            Property::LogMatching => {
                "if two logs contain an entry with the same index and term, then the logs are identical in all entries up through the given index"
            }
            Property::LeaderCompleteness => {
                "if a log entry is committed in a given term, then that entry will be present in the logs of the leaders for all higher-numbered terms"
            }
            Property::StateMachineSafety => {
                "if a server has applied a log entry at a given index to its state machine, no other server will ever apply a different log entry for the same index"
            }
        }
    }
}

impl fmt::Display for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A broken property: which, when, and the evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// The property.
    pub property: Property,
    /// The number of the event after which it was found broken.
    pub step: u64,
    /// The evidence, in words.
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} violated after event #{}: {}",
            self.property, self.step, self.detail
        )
    }
}

impl std::error::Error for Violation {}

/// A committed entry and the earliest term in which a server was seen to commit it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Committed {
    entry: Entry,
    term: Term,
}

/// A leader as last checked: its term and its log's length and last entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct LeaderWatch {
    term: Term,
    len: Index,
    last: Option<Entry>,
    /// Committed entries `1..=complete_upto` are known to be in this leader's log (its
    /// log only grows, which the append-only check enforces, so they stay there).
    complete_upto: usize,
}

/// The safety checker. Feed it the cluster after every event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checker {
    leaders: BTreeMap<Term, NodeId>,
    committed: Vec<Committed>,
    applied: Vec<Index>,
    watch: Vec<Option<LeaderWatch>>,
    /// Each server's log length and last entry when last checked.
    fingerprints: Vec<(Index, Option<Entry>)>,
    violations: Vec<Violation>,
    checks: u64,
}

impl Checker {
    /// A checker with no history.
    pub fn new() -> Self {
        Self::default()
    }

    /// Check every property against the cluster's current state. Returns the first
    /// property found broken by this event, and remembers every one found.
    pub fn check(&mut self, cluster: &Cluster) -> Result<(), Violation> {
        let n = cluster.nodes().len();
        self.applied.resize(n, 0);
        self.watch.resize(n, None);
        self.fingerprints.resize(n, (0, None));
        self.checks += 1;
        let step = cluster.steps();
        let mut found: Option<Violation> = None;
        let mut note = |r: Result<(), (Property, String)>, all: &mut Vec<Violation>| {
            if let Err((property, detail)) = r {
                let v = Violation {
                    property,
                    step,
                    detail,
                };
                if !all.iter().any(|old| old.property == property) {
                    all.push(v.clone());
                }
                if found.is_none() {
                    found = Some(v);
                }
            }
        };
        let r = self.election_safety(cluster);
        note(r, &mut self.violations);
        let r = self.state_machine_safety(cluster);
        note(r, &mut self.violations);
        let r = self.leader_append_only_and_completeness(cluster);
        note(r, &mut self.violations);
        let r = self.log_matching(cluster);
        note(r, &mut self.violations);
        found.map_or(Ok(()), Err)
    }

    /// The first violation of each property found so far.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether a property has held at every check so far.
    pub fn holds(&self, property: Property) -> bool {
        !self.violations.iter().any(|v| v.property == property)
    }

    /// How many times [`check`](Self::check) ran.
    pub fn checks(&self) -> u64 {
        self.checks
    }

    /// The leader of each term ever seen.
    pub fn leaders(&self) -> &BTreeMap<Term, NodeId> {
        &self.leaders
    }

    /// How many entries are known to be committed.
    pub fn committed_len(&self) -> Index {
        self.committed.len() as Index
    }
}

#[cfg(test)]
mod tests;
