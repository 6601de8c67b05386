//! Leader election (§5.2 and §5.4.1 of the paper) and Pre-Vote (thesis §9.6).
//!
//! A follower that hears nothing for its randomised election timeout becomes a
//! candidate: it increments its term, votes for itself and asks everyone else for a vote.
//! A server grants at most one vote per term, first come first served, and only to a
//! candidate whose log is at least as up-to-date as its own (the election restriction,
//! which together with majority commitment gives Leader Completeness). A candidate with
//! votes from a majority becomes leader; one that hears from a leader of its term steps
//! down; one that times out tries again in a new term. Randomised timeouts make split
//! votes rare and short (§5.2, §9.3).
//!
//! With Pre-Vote, a server first asks "would you vote for me in term `t + 1`?" without
//! changing any term. Servers say yes only if its log is up-to-date and they have not
//! heard from a leader within the minimum election timeout. Only with a majority of yeses
//! does it start a real election, so a server cut off from the cluster cannot inflate its
//! term and depose a healthy leader when it returns (the disruptive-server problem).

use super::{Node, Role};
use crate::event::{NodeEvent, StepDown, VoteRefusal};
use crate::ids::{Index, NodeId, Term};
use crate::message::{Body, Message};

impl Node {
    /// The election timer fired: start a pre-vote round if Pre-Vote is on (and
    /// `force_real` is false), otherwise a real election.
    pub(super) fn start_election(&mut self, force_real: bool) {
        let pre_vote = self.config.pre_vote && !force_real;
        self.emit(NodeEvent::ElectionTimeout {
            term: self.term(),
            pre_vote,
        });
        self.leader = None;
        self.votes.iter_mut().for_each(|v| *v = None);
        if let Some(me) = self.votes.get_mut(self.id.index()) {
            *me = Some(true);
        }
        let (role, term) = if pre_vote {
            self.emit(NodeEvent::BecamePreCandidate { term: self.term() });
            (Role::PreCandidate, self.term() + 1)
        } else {
            self.persistent.term += 1;
            self.persistent.voted_for = Some(self.id);
            self.emit(NodeEvent::BecameCandidate { term: self.term() });
            (Role::Candidate, self.term())
        };
        self.role = role;
        self.reset_election_timer();
        let last_log_index = self.log().last_index();
        let last_log_term = self.log().last_term();
        let peers: Vec<NodeId> = self.peers().collect();
        for to in peers {
            self.ready.messages.push(Message {
                from: self.id,
                to,
                term,
                body: Body::RequestVote {
                    last_log_index,
                    last_log_term,
                    pre_vote,
                },
            });
        }
    }

    /// Decide a vote or pre-vote request whose term is not older than ours.
    pub(super) fn handle_vote_request(
        &mut self,
        msg: &Message,
        last_log_index: Index,
        last_log_term: Term,
        pre_vote: bool,
    ) {
        let candidate = msg.from;
        let refusal =
            self.vote_refusal(candidate, msg.term, last_log_index, last_log_term, pre_vote);
        let granted = refusal.is_none();
        match refusal {
            None => {
                if !pre_vote {
                    self.persistent.voted_for = Some(candidate);
                    self.reset_election_timer();
                }
                self.emit(NodeEvent::VoteGranted {
                    candidate,
                    term: msg.term,
                    pre_vote,
                });
            }
            Some(because) => self.emit(NodeEvent::VoteRefused {
                candidate,
                term: msg.term,
                pre_vote,
                because,
            }),
        }
        // A granted pre-vote answers in the proposed term; anything else in ours.
        let term = if pre_vote && granted {
            msg.term
        } else {
            self.term()
        };
        self.ready.messages.push(Message {
            from: self.id,
            to: candidate,
            term,
            body: Body::VoteResponse { granted, pre_vote },
        });
    }

    /// Why this server would refuse the vote, or `None` to grant it.
    fn vote_refusal(
        &self,
        candidate: NodeId,
        term: Term,
        last_log_index: Index,
        last_log_term: Term,
        pre_vote: bool,
    ) -> Option<VoteRefusal> {
        if pre_vote {
            // Thesis §9.6: refuse while a leader is known to be alive.
            if let Some(leader) = self.recent_leader() {
                return Some(VoteRefusal::LeaderIsAlive { leader });
            }
        }
        // One vote per term, first come first served (§5.2); a pre-vote for a later term
        // is not bound by this term's vote.
        let voted_for = self.persistent.voted_for;
        let free = (pre_vote && term > self.term()) || voted_for.is_none_or(|v| v == candidate);
        #[cfg(test)]
        let free = free || self.bugs.double_vote;
        if let (false, Some(for_candidate)) = (free, voted_for) {
            return Some(VoteRefusal::AlreadyVoted { for_candidate });
        }
        let up_to_date = self.log().is_up_to_date(last_log_term, last_log_index);
        #[cfg(test)]
        let up_to_date = up_to_date || self.bugs.skip_up_to_date_check;
        if !up_to_date {
            return Some(VoteRefusal::LogNotUpToDate {
                our_last_term: self.log().last_term(),
                our_last_index: self.log().last_index(),
            });
        }
        None
    }

    /// Count an answer to this server's (pre-)vote request.
    pub(super) fn handle_vote_response(
        &mut self,
        from: NodeId,
        term: Term,
        granted: bool,
        pre_vote: bool,
    ) {
        let current = match (pre_vote, self.role) {
            (false, Role::Candidate) => term == self.term(),
            (true, Role::PreCandidate) => {
                if granted {
                    term == self.term() + 1
                } else {
                    term == self.term()
                }
            }
            _ => false,
        };
        if !current {
            return;
        }
        if let Some(slot) = self.votes.get_mut(from.index()) {
            *slot = Some(granted);
        }
        let votes = self.votes.iter().filter(|v| **v == Some(true)).count();
        let needed = self.quorum();
        self.emit(NodeEvent::VoteCounted {
            from,
            granted,
            pre_vote,
            votes,
            needed,
        });
        if votes >= needed {
            if pre_vote {
                self.start_election(true);
            } else {
                self.become_leader();
            }
        }
    }

    /// Won the election: initialise `nextIndex`/`matchIndex` (figure 2) and assert
    /// leadership at once with heartbeats.
    pub(super) fn become_leader(&mut self) {
        self.role = Role::Leader;
        self.leader = Some(self.id);
        let next_index = self.log().last_index() + 1;
        for p in self.progress.iter_mut() {
            p.next_index = next_index;
            p.match_index = 0;
            p.recently_active = false;
        }
        self.emit(NodeEvent::BecameLeader { term: self.term() });
        self.heartbeat_deadline = self.now + u64::from(self.config.heartbeat());
        self.quorum_deadline = self.now + u64::from(self.config.election_min());
        self.broadcast_append();
    }

    /// CheckQuorum (thesis §6.2): step down unless a majority was heard from since the
    /// last check.
    pub(super) fn check_quorum(&mut self) {
        let me = self.id.index();
        let heard_from = self
            .progress
            .iter()
            .enumerate()
            .filter(|(i, p)| *i == me || p.recently_active)
            .count();
        self.progress
            .iter_mut()
            .for_each(|p| p.recently_active = false);
        self.quorum_deadline = self.now + u64::from(self.config.election_min());
        if heard_from < self.quorum() {
            let term = self.term();
            self.become_follower(term, None, StepDown::LostQuorum { heard_from });
        }
    }
}
