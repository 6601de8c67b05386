//! Log replication and commitment (§5.3 and §5.4.2 of the paper).
//!
//! A leader sends each follower the entries from that follower's `nextIndex`, together
//! with the index and term of the entry just before them. The follower accepts only if
//! its log has that entry (the consistency check); otherwise the leader backs
//! `nextIndex` off and retries, and eventually reaches the point where the logs agree,
//! after which the follower deletes its conflicting suffix and takes the leader's
//! entries. Heartbeats are the same message, sent every heartbeat interval. Sending is
//! pipelined: `nextIndex` moves past entries as soon as they are sent, so each entry
//! normally travels once; a lost message is noticed when the follower refuses a later
//! one, and `nextIndex` moves back.
//!
//! An entry is committed once the leader has it on a majority *and* it is from the
//! leader's current term; earlier entries are then committed indirectly, by the Log
//! Matching Property. Counting replicas of an earlier term's entry is not enough: that is
//! the hazard of figure 8, which the scenario tests replay.

use super::{Node, Role};
use crate::event::{AppendRefusal, NodeEvent, StepDown};
use crate::ids::{Index, NodeId, Term};
use crate::log::Entry;
use crate::message::Body;

impl Node {
    /// Send every follower what it is missing (or a heartbeat).
    pub(super) fn broadcast_append(&mut self) {
        for peer in 0..self.size {
            if peer != self.id.0 {
                self.send_append(NodeId(peer));
            }
        }
    }

    /// Send one follower the entries from its `nextIndex` (at most the batch size).
    pub(super) fn send_append(&mut self, to: NodeId) {
        let Some(p) = self.progress.get(to.index()) else {
            return;
        };
        let last = self.log().last_index();
        let next_index = p.next_index.clamp(1, last + 1);
        let prev_log_index = next_index - 1;
        let prev_log_term = self.log().term_at(prev_log_index).unwrap_or(0);
        let max = usize::try_from(self.config.max_batch()).unwrap_or(usize::MAX);
        let entries = self.log().slice_from(next_index, max);
        let leader_commit = self.commit_index;
        // Pipelining: assume the entries will arrive, so the next send starts after them
        // rather than repeating them. A loss shows up as a refusal (of this message or of
        // a later heartbeat), which moves `nextIndex` back.
        if let Some(p) = self.progress.get_mut(to.index()) {
            p.next_index = next_index + entries.len() as Index;
        }
        self.send(
            to,
            Body::AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            },
        );
    }

    /// A follower's side of AppendEntries, for a message of its current term.
    pub(super) fn handle_append(
        &mut self,
        leader: NodeId,
        prev_log_index: Index,
        prev_log_term: Term,
        entries: &[Entry],
        leader_commit: Index,
    ) {
        if self.role == Role::Leader {
            // Two leaders in one term cannot happen in a correct cluster (Election Safety).
            return;
        }
        if self.role != Role::Follower {
            let term = self.term();
            self.become_follower(term, Some(leader), StepDown::LeaderDiscovered { leader });
        } else {
            self.leader = Some(leader);
            self.reset_election_timer();
        }
        self.last_leader_contact = Some(self.now);
        let matches = self.log().matches(prev_log_index, prev_log_term);
        #[cfg(test)]
        let (matches, prev_log_index) = if self.bugs.skip_consistency_check && !matches {
            (true, self.log().last_index())
        } else {
            (matches, prev_log_index)
        };
        if !matches {
            let ours = self.log().term_at(prev_log_index);
            self.emit(NodeEvent::AppendRefused {
                leader,
                because: AppendRefusal::LogMismatch {
                    prev_log_index,
                    prev_log_term,
                    ours,
                },
            });
            let last_index = self.log().last_index();
            self.send(
                leader,
                Body::AppendResponse {
                    success: false,
                    index: prev_log_index,
                    last_index,
                },
            );
            return;
        }
        let outcome = self.persistent.log.merge(prev_log_index, entries);
        let last_new = prev_log_index + entries.len() as Index;
        if !entries.is_empty() {
            self.emit(NodeEvent::Appended {
                leader,
                prev_log_index,
                appended: outcome.appended,
                truncated_from: outcome.truncated_from,
                removed: outcome.removed,
            });
        }
        let new_commit = leader_commit.min(last_new);
        self.advance_commit(new_commit);
        let last_index = self.log().last_index();
        self.send(
            leader,
            Body::AppendResponse {
                success: true,
                index: last_new,
                last_index,
            },
        );
    }

    /// A leader's side: record progress, back off on refusal, and try to commit.
    pub(super) fn handle_append_response(
        &mut self,
        from: NodeId,
        success: bool,
        index: Index,
        last_index: Index,
    ) {
        if self.role != Role::Leader {
            return;
        }
        let last = self.log().last_index();
        let Some(p) = self.progress.get_mut(from.index()) else {
            return;
        };
        p.recently_active = true;
        if success {
            let index = index.min(last);
            if index > p.match_index {
                p.match_index = index;
                p.next_index = p.next_index.max(index + 1);
                self.emit(NodeEvent::MatchAdvanced {
                    peer: from,
                    match_index: index,
                });
                self.maybe_commit();
            }
            if self
                .progress
                .get(from.index())
                .is_some_and(|p| p.next_index <= last)
            {
                self.send_append(from);
            }
        } else if index > p.match_index && index < p.next_index {
            // A refusal at `index` tells us the follower lacks entry `index` as we have it:
            // step back to it, or straight to the follower's end if its log is shorter.
            // (A refusal at or below `matchIndex`, or at or above `nextIndex`, is stale or
            // duplicated and ignored.)
            p.next_index = index.min(last_index + 1).max(p.match_index + 1);
            let next_index = p.next_index;
            self.emit(NodeEvent::NextIndexBackedOff {
                peer: from,
                next_index,
            });
            self.send_append(from);
        }
    }

    /// Commit the highest index replicated on a majority, if it is from this term.
    fn maybe_commit(&mut self) {
        let me = self.id.index();
        let own = self.log().last_index();
        // At most 9 servers: sort the match indexes on the stack, highest first.
        let mut matched = [0 as Index; crate::config::ClusterConfig::MAX_SIZE as usize];
        for (i, p) in self.progress.iter().enumerate() {
            if let Some(m) = matched.get_mut(i) {
                *m = if i == me { own } else { p.match_index };
            }
        }
        matched.sort_unstable_by(|a, b| b.cmp(a));
        let Some(&n) = matched.get(self.quorum() - 1) else {
            return;
        };
        if n <= self.commit_index {
            return;
        }
        let current_term = self.log().term_at(n) == Some(self.term());
        #[cfg(test)]
        let current_term = current_term || self.bugs.commit_by_counting_replicas;
        if current_term {
            self.advance_commit(n);
            // Tell followers promptly rather than at the next heartbeat.
            self.broadcast_append();
        }
    }

    /// Raise the commit index to `to` if that is higher.
    pub(super) fn advance_commit(&mut self, to: Index) {
        if to > self.commit_index {
            let from = self.commit_index;
            self.commit_index = to;
            self.emit(NodeEvent::Committed { from, to });
        }
    }
}
