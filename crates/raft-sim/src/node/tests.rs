//! Unit tests of one server, each naming the rule of the paper it checks.

use super::*;
use crate::event::{AppendRefusal, VoteRefusal};
use crate::log::Entry;

fn config() -> NodeConfig {
    NodeConfig::new(100, 200, 20).unwrap()
}

fn node(id: u8) -> Node {
    Node::new(NodeId(id), 3, config(), u64::from(id), 0)
}

fn with_log(id: u8, term: Term, terms: &[Term]) -> Node {
    let log = RaftLog::from_entries(
        terms
            .iter()
            .map(|&t| Entry {
                term: t,
                command: t * 100,
            })
            .collect(),
    );
    Node::restart(
        NodeId(id),
        3,
        config(),
        Persistent {
            term,
            voted_for: None,
            log,
        },
        9,
        0,
    )
}

fn vote_request(from: u8, to: u8, term: Term, last_index: Index, last_term: Term) -> Message {
    Message {
        from: NodeId(from),
        to: NodeId(to),
        term,
        body: Body::RequestVote {
            last_log_index: last_index,
            last_log_term: last_term,
            pre_vote: false,
        },
    }
}

fn granted(out: &Ready) -> Option<bool> {
    out.messages.iter().find_map(|m| match m.body {
        Body::VoteResponse { granted, .. } => Some(granted),
        _ => None,
    })
}

/// Make `n` (in a cluster of 3) leader by timing out and collecting one vote.
fn elect(n: &mut Node) {
    let t = n.election_deadline();
    n.tick(t);
    let term = n.term();
    n.ready();
    let from = if n.id() == NodeId(0) { 1 } else { 0 };
    n.step(
        t,
        &Message {
            from: NodeId(from),
            to: n.id(),
            term,
            body: Body::VoteResponse {
                granted: true,
                pre_vote: false,
            },
        },
    );
    assert_eq!(n.role(), Role::Leader);
}

#[test]
fn election_timeouts_are_seeded_and_in_range() {
    // §5.2: randomised timeouts, here from the node's own seeded generator.
    let a = node(0);
    let b = Node::new(NodeId(0), 3, config(), 0, 0);
    assert_eq!(a.election_deadline(), b.election_deadline());
    assert!((100..=200).contains(&a.election_deadline()));
}

#[test]
fn a_follower_that_times_out_becomes_a_candidate() {
    // §5.2: increment the term, vote for itself, send RequestVote to every other server.
    let mut n = node(0);
    n.tick(n.election_deadline() - 1);
    assert_eq!(n.role(), Role::Follower);
    n.tick(n.election_deadline());
    assert_eq!(
        (n.role(), n.term(), n.voted_for()),
        (Role::Candidate, 1, Some(NodeId(0)))
    );
    let out = n.ready();
    assert_eq!(out.messages.len(), 2);
    assert!(out.events.contains(&NodeEvent::BecameCandidate { term: 1 }));
}

#[test]
fn one_vote_per_term_first_come_first_served() {
    // §5.2: "each server will vote for at most one candidate in a given term".
    let mut n = node(0);
    n.step(1, &vote_request(1, 0, 1, 0, 0));
    assert_eq!(granted(&n.ready()), Some(true));
    n.step(2, &vote_request(2, 0, 1, 0, 0));
    let out = n.ready();
    assert_eq!(granted(&out), Some(false));
    assert!(out.events.iter().any(|e| matches!(
        e,
        NodeEvent::VoteRefused {
            because: VoteRefusal::AlreadyVoted {
                for_candidate: NodeId(1)
            },
            ..
        }
    )));
    // A repeated request from the same candidate is granted again.
    n.step(3, &vote_request(1, 0, 1, 0, 0));
    assert_eq!(granted(&n.ready()), Some(true));
}

#[test]
fn votes_go_only_to_up_to_date_logs() {
    // §5.4.1: compare the last entries' terms, then the logs' lengths.
    let mut n = with_log(0, 3, &[1, 3]);
    n.step(1, &vote_request(1, 0, 4, 5, 2));
    assert_eq!(granted(&n.ready()), Some(false));
    n.step(1, &vote_request(2, 0, 4, 1, 3));
    assert_eq!(granted(&n.ready()), Some(false));
    n.step(1, &vote_request(2, 0, 4, 2, 3));
    assert_eq!(granted(&n.ready()), Some(true));
}

#[test]
fn stale_terms_are_refused_and_higher_terms_adopted() {
    // §5.1: a higher term turns anyone into a follower; a lower one is refused.
    let mut n = with_log(0, 5, &[]);
    n.step(1, &vote_request(1, 0, 4, 0, 0));
    assert_eq!(granted(&n.ready()), Some(false));
    let mut leader = node(1);
    elect(&mut leader);
    leader.ready();
    leader.step(10, &vote_request(2, 1, 9, 0, 0));
    assert_eq!((leader.role(), leader.term()), (Role::Follower, 9));
}

#[test]
fn a_majority_of_votes_makes_a_leader_that_sends_heartbeats() {
    let mut n = node(0);
    elect(&mut n);
    let out = n.ready();
    assert!(out.events.contains(&NodeEvent::BecameLeader { term: 1 }));
    assert_eq!(
        out.messages
            .iter()
            .filter(|m| m.kind() == "Heartbeat")
            .count(),
        2
    );
    // Heartbeats repeat every heartbeat interval.
    let t = n.next_deadline();
    n.tick(t);
    assert_eq!(n.ready().messages.len(), 2);
}

#[test]
fn the_consistency_check_refuses_a_gap_and_truncates_conflicts() {
    // §5.3.
    let mut f = with_log(1, 2, &[1, 1, 2]);
    let append = |prev: Index, prev_term: Term, terms: &[Term]| Message {
        from: NodeId(0),
        to: NodeId(1),
        term: 3,
        body: Body::AppendEntries {
            prev_log_index: prev,
            prev_log_term: prev_term,
            entries: terms
                .iter()
                .map(|&t| Entry {
                    term: t,
                    command: 7,
                })
                .collect(),
            leader_commit: 0,
        },
    };
    f.step(1, &append(3, 3, &[3]));
    let out = f.ready();
    assert!(out.events.iter().any(|e| matches!(
        e,
        NodeEvent::AppendRefused {
            because: AppendRefusal::LogMismatch {
                prev_log_index: 3,
                ours: Some(2),
                ..
            },
            ..
        }
    )));
    f.step(2, &append(2, 1, &[3, 3]));
    let out = f.ready();
    assert!(out.events.iter().any(|e| matches!(
        e,
        NodeEvent::Appended {
            truncated_from: Some(3),
            removed: 1,
            appended: 2,
            ..
        }
    )));
    let terms: Vec<Term> = f.log().entries().iter().map(|e| e.term).collect();
    assert_eq!(terms, [1, 1, 3, 3]);
    assert_eq!(f.leader(), Some(NodeId(0)));
}

#[test]
fn a_leader_backs_off_next_index_after_a_refusal() {
    let mut l = with_log(0, 2, &[1, 2, 2]);
    elect(&mut l);
    l.ready();
    assert_eq!(l.progress()[1].next_index, 4);
    let refuse = Message {
        from: NodeId(1),
        to: NodeId(0),
        term: 3,
        body: Body::AppendResponse {
            success: false,
            index: 3,
            last_index: 1,
        },
    };
    l.step(5, &refuse);
    // The follower's log ends at 1, so skip straight to 2 and resend from there.
    let out = l.ready();
    assert!(out.events.contains(&NodeEvent::NextIndexBackedOff {
        peer: NodeId(1),
        next_index: 2
    }));
    let resent = out.messages.iter().find(|m| m.to == NodeId(1)).unwrap();
    assert!(
        matches!(&resent.body, Body::AppendEntries { prev_log_index: 1, entries, .. } if entries.len() == 2)
    );
    // Pipelining: the entries count as sent.
    assert_eq!(l.progress()[1].next_index, 4);
    // A refusal at or below what is known to match is stale and ignored.
    l.step(
        6,
        &Message {
            from: NodeId(1),
            to: NodeId(0),
            term: 3,
            body: Body::AppendResponse {
                success: true,
                index: 3,
                last_index: 3,
            },
        },
    );
    l.ready();
    l.step(7, &refuse);
    assert!(l.ready().events.is_empty());
}

#[test]
fn only_current_term_entries_are_committed_by_counting() {
    // §5.4.2 and figure 8: an old-term entry on a majority is not committed ...
    let mut l = with_log(0, 2, &[1, 2]);
    elect(&mut l);
    l.ready();
    let ok = |index| Message {
        from: NodeId(1),
        to: NodeId(0),
        term: 3,
        body: Body::AppendResponse {
            success: true,
            index,
            last_index: index,
        },
    };
    l.step(5, &ok(2));
    assert_eq!(l.commit_index(), 0);
    // ... until an entry of the current term is, which commits everything before it.
    l.propose(6, 42).unwrap();
    l.step(7, &ok(3));
    assert_eq!(l.commit_index(), 3);
}

#[test]
fn followers_refuse_proposals_with_a_hint() {
    let mut f = node(1);
    assert_eq!(
        f.propose(0, 1),
        Err(ProposeError::NotLeader { leader_hint: None })
    );
}

#[test]
fn pre_vote_does_not_change_terms() {
    // Thesis §9.6.
    let cfg = config().with_pre_vote(true);
    let mut n = Node::new(NodeId(0), 3, cfg.clone(), 1, 0);
    n.tick(n.election_deadline());
    assert_eq!((n.role(), n.term()), (Role::PreCandidate, 0));
    let out = n.ready();
    assert!(out
        .messages
        .iter()
        .all(|m| m.term == 1 && m.kind() == "PreVote"));
    let mut peer = Node::new(NodeId(1), 3, cfg, 2, 0);
    peer.step(1, &out.messages[0]);
    assert_eq!(peer.term(), 0);
    let answer = peer.ready().messages.remove(0);
    n.step(2, &answer);
    // One yes plus its own makes a majority of three: now the real election.
    assert_eq!((n.role(), n.term()), (Role::Candidate, 1));
}

#[test]
fn check_quorum_makes_an_isolated_leader_step_down() {
    let mut l = Node::new(NodeId(0), 3, config().with_check_quorum(true), 0, 0);
    elect(&mut l);
    let mut t = l.now();
    while l.role() == Role::Leader && t < 1_000 {
        t = l.next_deadline();
        l.tick(t);
    }
    assert_eq!(l.role(), Role::Follower);
    assert!(l.ready().events.iter().any(|e| matches!(
        e,
        NodeEvent::BecameFollower {
            because: StepDown::LostQuorum { heard_from: 1 },
            ..
        }
    )));
}

#[test]
fn a_restart_keeps_only_persistent_state() {
    let mut l = with_log(0, 2, &[1, 2]);
    elect(&mut l);
    let p = l.persistent().clone();
    let r = Node::restart(NodeId(0), 3, config(), p.clone(), 5, 50);
    assert_eq!(r.persistent(), &p);
    assert_eq!(
        (r.role(), r.commit_index(), r.leader()),
        (Role::Follower, 0, None)
    );
}

#[test]
fn messages_for_others_or_from_unknown_servers_are_ignored() {
    let mut n = node(0);
    n.step(1, &vote_request(1, 2, 5, 0, 0));
    n.step(1, &vote_request(7, 0, 5, 0, 0));
    n.step(1, &vote_request(0, 0, 5, 0, 0));
    assert_eq!(n.term(), 0);
    assert!(!n.has_ready());
}
