//! The RPCs of figure 2 of the paper, as one-way messages.
//!
//! Raft's two RPCs (RequestVote and AppendEntries) are modelled as a request message and
//! a separate response message, as in raft-rs, so a simulated network can delay, drop,
//! duplicate and reorder each half on its own. Pre-Vote (thesis §9.6) reuses
//! RequestVote with a flag: the term in a pre-vote request is the term the sender *would*
//! use, and receiving one changes nobody's term.

use crate::ids::{Index, NodeId, Term};
use crate::log::Entry;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A message between two servers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The sender.
    pub from: NodeId,
    /// The receiver.
    pub to: NodeId,
    /// The sender's current term (for a pre-vote request: the term it would stand in).
    pub term: Term,
    /// What kind of message, with its fields.
    pub body: Body,
}

/// The fields of each kind of message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Body {
    /// "Vote for me" (§5.2), or with `pre_vote` "would you vote for me?" (thesis §9.6).
    RequestVote {
        /// The index of the candidate's last log entry.
        last_log_index: Index,
        /// The term of the candidate's last log entry.
        last_log_term: Term,
        /// A Pre-Vote probe rather than a real request.
        pre_vote: bool,
    },
    /// The answer to a [`Body::RequestVote`].
    VoteResponse {
        /// Whether the vote (or pre-vote) was granted.
        granted: bool,
        /// Whether this answers a pre-vote.
        pre_vote: bool,
    },
    /// Replicate entries and/or assert leadership (a heartbeat when `entries` is empty).
    AppendEntries {
        /// The index of the entry just before the new ones.
        prev_log_index: Index,
        /// The term of that entry (the consistency check, §5.3).
        prev_log_term: Term,
        /// The entries to store (none for a heartbeat).
        entries: Vec<Entry>,
        /// The leader's commit index.
        leader_commit: Index,
    },
    /// The answer to an [`Body::AppendEntries`].
    AppendResponse {
        /// Whether the follower's log matched at `prev_log_index`.
        success: bool,
        /// On success, the index up to which the follower's log now matches the leader's;
        /// on failure, the `prev_log_index` that was rejected (so a stale or duplicated
        /// rejection can be told apart from a fresh one).
        index: Index,
        /// The follower's last log index (a hint that lets the leader skip back at once
        /// over entries the follower does not have, §5.3's optimisation in its simplest form).
        last_index: Index,
    },
}

impl Message {
    /// A short name of the message's kind, for views and narration.
    pub fn kind(&self) -> &'static str {
        match &self.body {
            Body::RequestVote {
                pre_vote: false, ..
            } => "RequestVote",
            Body::RequestVote { pre_vote: true, .. } => "PreVote",
            Body::VoteResponse {
                pre_vote: false, ..
            } => "VoteResponse",
            Body::VoteResponse { pre_vote: true, .. } => "PreVoteResponse",
            Body::AppendEntries { entries, .. } if entries.is_empty() => "Heartbeat",
            Body::AppendEntries { .. } => "AppendEntries",
            Body::AppendResponse { .. } => "AppendResponse",
        }
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}→{} term {}",
            self.kind(),
            self.from,
            self.to,
            self.term
        )?;
        match &self.body {
            Body::RequestVote { last_log_index, last_log_term, .. } => {
                write!(f, " (last entry {last_log_index} of term {last_log_term})")
            }
            Body::VoteResponse { granted, .. } => {
                f.write_str(if *granted { " granted" } else { " refused" })
            }
            Body::AppendEntries { prev_log_index, prev_log_term, entries, leader_commit } => write!(
                f,
                " ({} entries after {prev_log_index} of term {prev_log_term}, commit {leader_commit})",
                entries.len()
            ),
            Body::AppendResponse { success: true, index, .. } => write!(f, " ok, matches to {index}"),
            Body::AppendResponse { success: false, index, last_index } => {
                write!(f, " rejected at {index} (last index {last_index})")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_describe_themselves() {
        let m = Message {
            from: NodeId(0),
            to: NodeId(2),
            term: 4,
            body: Body::RequestVote {
                last_log_index: 7,
                last_log_term: 3,
                pre_vote: false,
            },
        };
        assert_eq!(
            m.to_string(),
            "RequestVote S1→S3 term 4 (last entry 7 of term 3)"
        );
        let hb = Message {
            body: Body::AppendEntries {
                prev_log_index: 0,
                prev_log_term: 0,
                entries: vec![],
                leader_commit: 0,
            },
            ..m
        };
        assert_eq!(hb.kind(), "Heartbeat");
    }
}
