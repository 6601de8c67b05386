//! The small value types every other module speaks in: node ids, terms, log indexes and
//! virtual time.
//!
//! Terms and indexes are plain `u64`s, as in the paper (figure 2): term 0 and index 0
//! mean "none yet", so the first real term and the first log entry are both 1.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A Raft term: a logical clock that numbers elections (§5.1 of the paper).
pub type Term = u64;

/// The position of an entry in the log, starting at 1 (0 means "before the first entry").
pub type Index = u64;

/// Virtual time in ticks. Nothing in this crate reads a wall clock: time is an argument.
pub type Time = u64;

/// A server in the cluster, numbered from 0; shown to people as `S1`, `S2`, ….
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NodeId(pub u8);

impl NodeId {
    /// The position of this node in per-node tables.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S{}", u16::from(self.0) + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_ids_display_from_one() {
        assert_eq!(NodeId(0).to_string(), "S1");
        assert_eq!(NodeId(8).to_string(), "S9");
        assert_eq!(NodeId(255).to_string(), "S256");
    }
}
