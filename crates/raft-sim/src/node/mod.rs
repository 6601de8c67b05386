//! One Raft server as a pure state machine (figure 2 of the paper).
//!
//! In the style of tikv's raft-rs, a [`Node`] does no I/O and reads no clock: the caller
//! passes the virtual time to [`Node::tick`] (timers), [`Node::step`] (an incoming
//! message) and [`Node::propose`] (a client command), and then collects the node's
//! output with [`Node::ready`]: the messages to send and the [`NodeEvent`]s saying what
//! happened and why. The election timeout is drawn from the node's own seeded
//! [`SplitMix64`], never from global randomness.
//!
//! State is split as the paper splits it:
//!
//! * [`Persistent`]: `currentTerm`, `votedFor` and the log. The simulation treats
//!   storage as synchronous: whatever a step changed is durable before its messages leave,
//!   which is what §5 requires ("updated on stable storage before responding to RPCs").
//! * Everything else (role, commit index, leader, votes, `nextIndex`/`matchIndex`,
//!   timers) is volatile and lost in a crash: [`Node::restart`] starts from the persistent
//!   part alone, as a follower with commit index 0.
//!
//! The election rules live in `election.rs`, log replication and commitment in
//! `replication.rs`.

mod election;
mod replication;

use crate::config::NodeConfig;
use crate::event::{NodeEvent, StepDown};
use crate::ids::{Index, NodeId, Term, Time};
use crate::log::RaftLog;
use crate::message::{Body, Message};
use crate::rng::SplitMix64;
use serde::{Deserialize, Serialize};

/// A server's role (§5.1), with Pre-Vote's extra one (thesis §9.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Passive: answers leaders and candidates.
    Follower,
    /// Pre-Vote: probing whether it could win, without changing its term.
    PreCandidate,
    /// Asking for votes in a new term.
    Candidate,
    /// Handles client commands and replicates the log.
    Leader,
}

/// The state that survives a crash: figure 2's "persistent state on all servers".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Persistent {
    /// `currentTerm`: the latest term this server has seen.
    pub term: Term,
    /// `votedFor`: the candidate it voted for in `term`, if any.
    pub voted_for: Option<NodeId>,
    /// The log.
    pub log: RaftLog,
}

/// A leader's view of one follower: figure 2's `nextIndex` and `matchIndex`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The index of the next entry to send.
    pub next_index: Index,
    /// The highest index known to be replicated on the follower.
    pub match_index: Index,
    /// Heard from since the last CheckQuorum round.
    pub recently_active: bool,
}

/// A server's output since the last [`Node::ready`]: messages to send and what happened.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ready {
    /// Messages for the network, in the order they were produced.
    pub messages: Vec<Message>,
    /// What the server did, with reasons.
    pub events: Vec<NodeEvent>,
}

/// Why a client command was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProposeError {
    /// Only the leader takes commands; the hint is the leader this server knows of.
    NotLeader {
        /// The leader, if known.
        leader_hint: Option<NodeId>,
    },
}

/// Test-only fault switches that break the protocol on purpose, to prove the checker
/// catches each kind of bug. They exist only in this crate's own test builds.
#[cfg(test)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Bugs {
    /// Grant a vote even after voting for someone else in the same term.
    pub(crate) double_vote: bool,
    /// Grant votes without the election restriction (§5.4.1).
    pub(crate) skip_up_to_date_check: bool,
    /// Commit an entry from an earlier term once it is on a majority (figure 8's hazard).
    pub(crate) commit_by_counting_replicas: bool,
    /// Accept AppendEntries without the consistency check, appending after one's own log.
    pub(crate) skip_consistency_check: bool,
}

/// One Raft server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    id: NodeId,
    size: u8,
    config: NodeConfig,
    persistent: Persistent,
    role: Role,
    leader: Option<NodeId>,
    commit_index: Index,
    /// Per server: `Some(granted)` once it answered this round's (pre-)vote request.
    votes: Vec<Option<bool>>,
    /// Per server, meaningful while leader.
    progress: Vec<Progress>,
    now: Time,
    election_deadline: Time,
    /// The length of the election timeout drawn last (for drawing the timer arc).
    election_timeout: Time,
    heartbeat_deadline: Time,
    quorum_deadline: Time,
    last_leader_contact: Option<Time>,
    rng: SplitMix64,
    ready: Ready,
    #[cfg(test)]
    #[serde(skip)]
    pub(crate) bugs: Bugs,
}

impl Node {
    /// A fresh server `id` in a cluster of `size`, at time `now`, with an empty log; its
    /// election timeouts are drawn from a generator seeded with `seed`.
    pub fn new(id: NodeId, size: u8, config: NodeConfig, seed: u64, now: Time) -> Self {
        Self::restart(id, size, config, Persistent::default(), seed, now)
    }

    /// A server coming back from a crash (or starting from a given state): it keeps only
    /// `persistent`, and starts as a follower with commit index 0 and a fresh timer.
    pub fn restart(
        id: NodeId,
        size: u8,
        config: NodeConfig,
        persistent: Persistent,
        seed: u64,
        now: Time,
    ) -> Self {
        let n = usize::from(size);
        let mut node = Self {
            id,
            size,
            config,
            persistent,
            role: Role::Follower,
            leader: None,
            commit_index: 0,
            votes: vec![None; n],
            progress: vec![Progress::default(); n],
            now,
            election_deadline: now,
            election_timeout: 0,
            heartbeat_deadline: now,
            quorum_deadline: now,
            last_leader_contact: None,
            rng: SplitMix64::new(seed),
            ready: Ready::default(),
            #[cfg(test)]
            bugs: Bugs::default(),
        };
        node.reset_election_timer();
        node
    }

    /// This server's id.
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// Its role.
    pub fn role(&self) -> Role {
        self.role
    }
    /// Its current term.
    pub fn term(&self) -> Term {
        self.persistent.term
    }
    /// Whom it voted for in the current term.
    pub fn voted_for(&self) -> Option<NodeId> {
        self.persistent.voted_for
    }
    /// Its log.
    pub fn log(&self) -> &RaftLog {
        &self.persistent.log
    }
    /// The state that survives a crash.
    pub fn persistent(&self) -> &Persistent {
        &self.persistent
    }
    /// The highest index known to be committed.
    pub fn commit_index(&self) -> Index {
        self.commit_index
    }
    /// The leader it currently follows (itself when leading).
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }
    /// Its settings.
    pub fn config(&self) -> &NodeConfig {
        &self.config
    }
    /// The last time it was given.
    pub fn now(&self) -> Time {
        self.now
    }
    /// When its election timer fires (followers and candidates).
    pub fn election_deadline(&self) -> Time {
        self.election_deadline
    }
    /// The length of the current election timeout, for drawing the timer's arc.
    pub fn election_timeout(&self) -> Time {
        self.election_timeout
    }
    /// Each server's answer to the current (pre-)vote round, by node index.
    pub fn votes(&self) -> &[Option<bool>] {
        &self.votes
    }
    /// Each follower's replication progress, by node index (meaningful while leader).
    pub fn progress(&self) -> &[Progress] {
        &self.progress
    }
    /// How many servers make a majority.
    pub fn quorum(&self) -> usize {
        usize::from(self.size) / 2 + 1
    }

    /// The next time at which [`tick`](Self::tick) has something to do.
    pub fn next_deadline(&self) -> Time {
        match self.role {
            Role::Leader if self.config.check_quorum => {
                self.heartbeat_deadline.min(self.quorum_deadline)
            }
            Role::Leader => self.heartbeat_deadline,
            _ => self.election_deadline,
        }
    }

    /// Hand over everything produced since the last call.
    pub fn ready(&mut self) -> Ready {
        std::mem::take(&mut self.ready)
    }

    /// Move the output into the caller's buffers (keeps this node's buffers' capacity).
    pub fn drain_ready(&mut self, messages: &mut Vec<Message>, events: &mut Vec<NodeEvent>) {
        messages.append(&mut self.ready.messages);
        events.append(&mut self.ready.events);
    }

    /// Exchange this node's output buffers with `buffers` (which should be empty): the
    /// allocation-free way for a driver to collect output and hand back spare capacity.
    pub fn swap_ready(&mut self, buffers: &mut Ready) {
        std::mem::swap(&mut self.ready, buffers);
    }

    /// Whether output is waiting.
    pub fn has_ready(&self) -> bool {
        !self.ready.messages.is_empty() || !self.ready.events.is_empty()
    }

    /// Advance the virtual clock to `now` and fire any timer that is due: an election
    /// timeout for followers and candidates; heartbeats (and CheckQuorum) for leaders.
    pub fn tick(&mut self, now: Time) {
        self.now = self.now.max(now);
        if self.role == Role::Leader {
            if self.config.check_quorum && self.now >= self.quorum_deadline {
                self.check_quorum();
            }
            if self.role == Role::Leader && self.now >= self.heartbeat_deadline {
                self.heartbeat_deadline = self.now + u64::from(self.config.heartbeat());
                self.broadcast_append();
            }
        } else if self.now >= self.election_deadline {
            self.start_election(false);
        }
    }

    /// Make the election timer fire now (a user's "force timeout"). Leaders ignore it and
    /// return `false`.
    pub fn timeout_now(&mut self, now: Time) -> bool {
        self.now = self.now.max(now);
        if self.role == Role::Leader {
            return false;
        }
        self.start_election(false);
        true
    }

    /// Handle one incoming message at time `now`. Messages addressed to another server
    /// are ignored.
    pub fn step(&mut self, now: Time, msg: &Message) {
        self.now = self.now.max(now);
        if msg.to != self.id || msg.from.index() >= usize::from(self.size) || msg.from == self.id {
            return;
        }
        if msg.term > self.term() && !self.handle_higher_term(msg) {
            return;
        }
        if msg.term < self.term() {
            self.handle_lower_term(msg);
            return;
        }
        match &msg.body {
            Body::RequestVote {
                last_log_index,
                last_log_term,
                pre_vote,
            } => self.handle_vote_request(msg, *last_log_index, *last_log_term, *pre_vote),
            Body::VoteResponse { granted, pre_vote } => {
                self.handle_vote_response(msg.from, msg.term, *granted, *pre_vote)
            }
            Body::AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            } => self.handle_append(
                msg.from,
                *prev_log_index,
                *prev_log_term,
                entries,
                *leader_commit,
            ),
            Body::AppendResponse {
                success,
                index,
                last_index,
            } => self.handle_append_response(msg.from, *success, *index, *last_index),
        }
    }

    /// A client command. Leaders append it and start replicating; others refuse with
    /// the leader they know of.
    pub fn propose(&mut self, now: Time, command: u64) -> Result<Index, ProposeError> {
        self.now = self.now.max(now);
        if self.role != Role::Leader {
            let leader_hint = self.leader.filter(|&l| l != self.id);
            self.emit(NodeEvent::ProposalRefused {
                command,
                leader_hint,
            });
            return Err(ProposeError::NotLeader { leader_hint });
        }
        let index = self.persistent.log.push(crate::log::Entry {
            term: self.term(),
            command,
        });
        self.emit(NodeEvent::Proposed { index, command });
        self.broadcast_append();
        Ok(index)
    }

    /// Handle a message of a higher term: usually adopt the term and become a follower
    /// (§5.1). Returns whether the message should then be processed as usual.
    fn handle_higher_term(&mut self, msg: &Message) -> bool {
        match msg.body {
            // A pre-vote request never changes the receiver's term; a granted pre-vote
            // answer carries the term the pre-candidate proposed.
            Body::RequestVote { pre_vote: true, .. } => return true,
            Body::VoteResponse {
                pre_vote: true,
                granted: true,
            } => return true,
            Body::RequestVote {
                pre_vote: false, ..
            } => {
                if let Some(leader) = self.leader_lease() {
                    // CheckQuorum's lease: a server that heard from a leader recently
                    // neither adopts the term nor votes (thesis §4.2.3).
                    self.emit(NodeEvent::VoteRefused {
                        candidate: msg.from,
                        term: msg.term,
                        pre_vote: false,
                        because: crate::event::VoteRefusal::LeaderIsAlive { leader },
                    });
                    return false;
                }
            }
            _ => {}
        }
        let leader = matches!(msg.body, Body::AppendEntries { .. }).then_some(msg.from);
        self.become_follower(msg.term, leader, StepDown::HigherTerm { from: msg.from });
        true
    }

    /// Answer a message of an older term: tell a stale candidate or leader our term (so
    /// it steps down), and ignore stale answers.
    fn handle_lower_term(&mut self, msg: &Message) {
        let ours = self.term();
        match msg.body {
            Body::RequestVote { pre_vote, .. } => {
                self.emit(NodeEvent::VoteRefused {
                    candidate: msg.from,
                    term: msg.term,
                    pre_vote,
                    because: crate::event::VoteRefusal::StaleTerm { ours },
                });
                self.send(
                    msg.from,
                    Body::VoteResponse {
                        granted: false,
                        pre_vote,
                    },
                );
            }
            Body::AppendEntries { .. } => {
                self.emit(NodeEvent::AppendRefused {
                    leader: msg.from,
                    because: crate::event::AppendRefusal::StaleTerm { ours },
                });
                let last_index = self.log().last_index();
                self.send(
                    msg.from,
                    Body::AppendResponse {
                        success: false,
                        index: 0,
                        last_index,
                    },
                );
            }
            _ => self.emit(NodeEvent::StaleMessageIgnored {
                from: msg.from,
                term: msg.term,
            }),
        }
    }

    /// Become a follower in `term` (resetting the vote if the term is new).
    fn become_follower(&mut self, term: Term, leader: Option<NodeId>, because: StepDown) {
        if term > self.persistent.term {
            self.persistent.term = term;
            self.persistent.voted_for = None;
        }
        self.role = Role::Follower;
        self.leader = leader;
        self.reset_election_timer();
        self.emit(NodeEvent::BecameFollower {
            term: self.term(),
            leader,
            because,
        });
    }

    /// The leader this server heard from within the minimum election timeout, if
    /// CheckQuorum's lease is on (a leader counts itself).
    fn leader_lease(&self) -> Option<NodeId> {
        if !self.config.check_quorum {
            return None;
        }
        self.recent_leader()
    }

    /// The leader heard from within the minimum election timeout (itself if leading).
    fn recent_leader(&self) -> Option<NodeId> {
        if self.role == Role::Leader {
            return Some(self.id);
        }
        let contact = self.last_leader_contact?;
        let fresh = self.now < contact + u64::from(self.config.election_min());
        self.leader.filter(|_| fresh && self.role == Role::Follower)
    }

    /// Draw a new election timeout and restart the timer.
    fn reset_election_timer(&mut self) {
        let (lo, hi) = (self.config.election_min(), self.config.election_max());
        self.election_timeout = self.rng.range_inclusive(u64::from(lo), u64::from(hi));
        self.election_deadline = self.now + self.election_timeout;
    }

    fn emit(&mut self, event: NodeEvent) {
        self.ready.events.push(event);
    }

    fn send(&mut self, to: NodeId, body: Body) {
        let term = self.term();
        self.ready.messages.push(Message {
            from: self.id,
            to,
            term,
            body,
        });
    }

    /// Every other server's id.
    fn peers(&self) -> impl Iterator<Item = NodeId> {
        let me = self.id;
        (0..self.size).map(NodeId).filter(move |&p| p != me)
    }
}

#[cfg(test)]
mod tests;
