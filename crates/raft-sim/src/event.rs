//! What a server did and why: the plain data every step returns.
//!
//! Each [`NodeEvent`] names the rule of the paper that produced it and carries the fields
//! a reader needs to follow the decision (the terms compared, the vote already given, the
//! index where the logs disagreed). Views narrate them with [`Narration`]; tests assert on
//! them instead of on pixels.

use crate::ids::{Index, NodeId, Term};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a server became (or stayed) a follower.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepDown {
    /// A message carried a higher term (§5.1: "if one server's current term is smaller
    /// than the other's, then it updates its current term to the larger value").
    HigherTerm {
        /// Who sent it.
        from: NodeId,
    },
    /// A candidate heard from a leader of its own term (§5.2).
    LeaderDiscovered {
        /// The leader.
        leader: NodeId,
    },
    /// CheckQuorum: a leader that has not heard from a majority for an election timeout
    /// steps down (thesis §6.2).
    LostQuorum {
        /// How many servers (itself included) it heard from in that time.
        heard_from: usize,
    },
}

/// Why a vote (or pre-vote) was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VoteRefusal {
    /// The candidate's term is older than ours.
    StaleTerm {
        /// Our term.
        ours: Term,
    },
    /// We already voted for someone else in this term (one vote per term, §5.2).
    AlreadyVoted {
        /// Whom we voted for.
        for_candidate: NodeId,
    },
    /// The candidate's log is less up-to-date than ours (the election restriction, §5.4.1).
    LogNotUpToDate {
        /// The term of our last entry.
        our_last_term: Term,
        /// The index of our last entry.
        our_last_index: Index,
    },
    /// We heard from a live leader within the minimum election timeout (thesis §4.2.3
    /// and §9.6), so the candidate is disruptive, not needed.
    LeaderIsAlive {
        /// The leader we heard from, or ourselves if we lead.
        leader: NodeId,
    },
}

/// Why an AppendEntries was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppendRefusal {
    /// The sender's term is older than ours: it is a deposed leader.
    StaleTerm {
        /// Our term.
        ours: Term,
    },
    /// The consistency check failed: we have no entry at `prev_log_index` with
    /// `prev_log_term` (§5.3).
    LogMismatch {
        /// The index the leader's entries were meant to follow.
        prev_log_index: Index,
        /// The term the leader has there.
        prev_log_term: Term,
        /// The term we have there, if we have an entry there at all.
        ours: Option<Term>,
    },
}

/// One thing a server did, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeEvent {
    /// The election timer fired (or a timeout was forced) in `term`.
    ElectionTimeout {
        /// The server's term when the timer fired.
        term: Term,
        /// Whether it starts with a pre-vote round instead of a real election.
        pre_vote: bool,
    },
    /// Pre-Vote: asking whether it could win an election in `term + 1`, without changing term.
    BecamePreCandidate {
        /// The unchanged current term.
        term: Term,
    },
    /// A real election: the term is incremented and the server votes for itself.
    BecameCandidate {
        /// The new term.
        term: Term,
    },
    /// Won a majority of votes in `term` (§5.2).
    BecameLeader {
        /// The term it leads.
        term: Term,
    },
    /// Became a follower in `term`.
    BecameFollower {
        /// The (possibly new) term.
        term: Term,
        /// The leader, if known.
        leader: Option<NodeId>,
        /// Why.
        because: StepDown,
    },
    /// Granted its vote (or pre-vote) to a candidate.
    VoteGranted {
        /// The candidate.
        candidate: NodeId,
        /// The term of the election.
        term: Term,
        /// A pre-vote rather than a vote.
        pre_vote: bool,
    },
    /// Refused its vote (or pre-vote) to a candidate.
    VoteRefused {
        /// The candidate.
        candidate: NodeId,
        /// The term the candidate asked in.
        term: Term,
        /// A pre-vote rather than a vote.
        pre_vote: bool,
        /// Why.
        because: VoteRefusal,
    },
    /// A candidate counted an answer to its request.
    VoteCounted {
        /// Who answered.
        from: NodeId,
        /// Whether it was a yes.
        granted: bool,
        /// A pre-vote rather than a vote.
        pre_vote: bool,
        /// Yes votes so far, its own included.
        votes: usize,
        /// Yes votes needed (a majority).
        needed: usize,
    },
    /// A follower accepted an AppendEntries.
    Appended {
        /// The leader.
        leader: NodeId,
        /// The index the new entries follow.
        prev_log_index: Index,
        /// New entries added to the log.
        appended: u64,
        /// Where conflicting entries were deleted from, if any (§5.3).
        truncated_from: Option<Index>,
        /// How many entries that deletion removed.
        removed: u64,
    },
    /// A follower refused an AppendEntries.
    AppendRefused {
        /// The sender.
        leader: NodeId,
        /// Why.
        because: AppendRefusal,
    },
    /// A leader learnt that a follower's log matches its own up to `match_index`.
    MatchAdvanced {
        /// The follower.
        peer: NodeId,
        /// The highest index known to be replicated there.
        match_index: Index,
    },
    /// A leader moved a follower's next index back after a refusal (§5.3).
    NextIndexBackedOff {
        /// The follower.
        peer: NodeId,
        /// The next index it will try.
        next_index: Index,
    },
    /// The commit index advanced: entries up to `to` may be applied (§5.3, §5.4.2).
    Committed {
        /// The previous commit index.
        from: Index,
        /// The new commit index.
        to: Index,
    },
    /// A leader appended a client command to its log.
    Proposed {
        /// Where it went.
        index: Index,
        /// The command.
        command: u64,
    },
    /// A non-leader refused a client command.
    ProposalRefused {
        /// The command.
        command: u64,
        /// The leader it knows of, if any (clients retry there, §8).
        leader_hint: Option<NodeId>,
    },
    /// A message from an older term was ignored.
    StaleMessageIgnored {
        /// The sender.
        from: NodeId,
        /// The message's term.
        term: Term,
    },
}

/// A [`NodeEvent`] with the server it happened on: displays as one narration line.
#[derive(Clone, Copy, Debug)]
pub struct Narration<'a> {
    /// The server.
    pub node: NodeId,
    /// What it did.
    pub event: &'a NodeEvent,
}

impl fmt::Display for Narration<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.node;
        let vote = |pre: bool| if pre { "pre-vote" } else { "vote" };
        match *self.event {
            NodeEvent::ElectionTimeout {
                term,
                pre_vote: false,
            } => {
                write!(f, "{n} timed out in term {term} and asked for votes")
            }
            NodeEvent::ElectionTimeout {
                term,
                pre_vote: true,
            } => write!(
                f,
                "{n} timed out in term {term} and asked whether it could win term {}",
                term + 1
            ),
            NodeEvent::BecamePreCandidate { term } => {
                write!(f, "{n} became a pre-candidate, still in term {term}")
            }
            NodeEvent::BecameCandidate { term } => {
                write!(
                    f,
                    "{n} became a candidate in term {term} and voted for itself"
                )
            }
            NodeEvent::BecameLeader { term } => {
                write!(f, "{n} won a majority: leader of term {term}")
            }
            NodeEvent::BecameFollower {
                term,
                leader,
                because,
            } => {
                write!(f, "{n} became a follower in term {term}")?;
                if let Some(l) = leader {
                    write!(f, " of {l}")?;
                }
                match because {
                    StepDown::HigherTerm { from } => write!(f, " (saw a higher term from {from})"),
                    StepDown::LeaderDiscovered { leader } => {
                        write!(f, " ({leader} already leads this term)")
                    }
                    StepDown::LostQuorum { heard_from } => write!(
                        f,
                        " (CheckQuorum: heard from only {heard_from} servers in an election timeout)"
                    ),
                }
            }
            NodeEvent::VoteGranted {
                candidate,
                term,
                pre_vote,
            } => {
                write!(
                    f,
                    "{n} granted its {} to {candidate} for term {term}",
                    vote(pre_vote)
                )
            }
            NodeEvent::VoteRefused {
                candidate,
                term,
                pre_vote,
                because,
            } => {
                write!(
                    f,
                    "{n} refused its {} to {candidate} for term {term}: ",
                    vote(pre_vote)
                )?;
                match because {
                    VoteRefusal::StaleTerm { ours } => write!(f, "its own term {ours} is newer"),
                    VoteRefusal::AlreadyVoted { for_candidate } => {
                        write!(f, "already voted for {for_candidate}")
                    }
                    VoteRefusal::LogNotUpToDate { our_last_term, our_last_index } => write!(
                        f,
                        "its log (last entry {our_last_index} of term {our_last_term}) is more up-to-date"
                    ),
                    VoteRefusal::LeaderIsAlive { leader } => {
                        write!(f, "leader {leader} was heard from recently")
                    }
                }
            }
            NodeEvent::VoteCounted {
                from,
                granted,
                pre_vote,
                votes,
                needed,
            } => write!(
                f,
                "{n} got a {} from {from}: {votes} of {needed} {}s needed",
                if granted { "yes" } else { "no" },
                vote(pre_vote)
            ),
            NodeEvent::Appended {
                leader,
                prev_log_index,
                appended,
                truncated_from,
                removed,
            } => {
                write!(
                    f,
                    "{n} accepted {appended} entries from {leader} after index {prev_log_index}"
                )?;
                if let Some(t) = truncated_from {
                    write!(f, ", deleting {removed} conflicting entries from index {t}")?;
                }
                Ok(())
            }
            NodeEvent::AppendRefused { leader, because } => match because {
                AppendRefusal::StaleTerm { ours } => {
                    write!(
                        f,
                        "{n} refused entries from {leader}: its term {ours} is newer"
                    )
                }
                AppendRefusal::LogMismatch {
                    prev_log_index,
                    prev_log_term,
                    ours,
                } => {
                    write!(
                        f,
                        "{n} refused entries from {leader}: no entry {prev_log_index} of term {prev_log_term} ("
                    )?;
                    match ours {
                        Some(t) => write!(f, "it has term {t} there)"),
                        None => f.write_str("its log is shorter)"),
                    }
                }
            },
            NodeEvent::MatchAdvanced { peer, match_index } => {
                write!(f, "{n} knows {peer} matches its log up to {match_index}")
            }
            NodeEvent::NextIndexBackedOff { peer, next_index } => {
                write!(
                    f,
                    "{n} backs off and will send {peer} entries from {next_index}"
                )
            }
            NodeEvent::Committed { from, to } => {
                write!(f, "{n} committed entries {}..={to}", from + 1)
            }
            NodeEvent::Proposed { index, command } => {
                write!(f, "{n} appended client command {command} at index {index}")
            }
            NodeEvent::ProposalRefused {
                command,
                leader_hint,
            } => {
                write!(f, "{n} refused client command {command}: not the leader")?;
                match leader_hint {
                    Some(l) => write!(f, " (try {l})"),
                    None => Ok(()),
                }
            }
            NodeEvent::StaleMessageIgnored { from, term } => {
                write!(f, "{n} ignored a message from {from} of old term {term}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narration_reads_like_the_issue() {
        let e = NodeEvent::ElectionTimeout {
            term: 4,
            pre_vote: false,
        };
        let line = Narration {
            node: NodeId(2),
            event: &e,
        }
        .to_string();
        assert_eq!(line, "S3 timed out in term 4 and asked for votes");
    }
}
