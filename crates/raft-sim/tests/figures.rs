//! Scenario tests of the paper's figures 7 and 8 (Ongaro and Ousterhout, 2014).

use raft_sim::figures::{figure7, figure8, scenario_config};
use raft_sim::{Checker, Cluster, Command, NodeEvent, NodeId, Role, Term, VoteRefusal};

/// Run events until `done` holds, checking safety after each; panics after `max`.
fn run_until(
    c: &mut Cluster,
    checker: &mut Checker,
    max: usize,
    done: impl Fn(&Cluster) -> bool,
) -> Vec<(NodeId, NodeEvent)> {
    let mut events = Vec::new();
    for _ in 0..max {
        if done(c) {
            return events;
        }
        let r = c.step().expect("an event");
        events.extend(r.events.iter().cloned());
        checker.check(c).unwrap();
    }
    panic!("condition not reached in {max} events");
}

fn apply(c: &mut Cluster, checker: &mut Checker, cmd: Command) -> Vec<(NodeId, NodeEvent)> {
    let events = c.apply(cmd).unwrap().events.clone();
    checker.check(c).unwrap();
    events
}

fn terms(c: &Cluster, n: u8) -> Vec<Term> {
    c.node(NodeId(n))
        .unwrap()
        .log()
        .entries()
        .iter()
        .map(|e| e.term)
        .collect()
}

fn is_leader(n: u8, term: Term) -> impl Fn(&Cluster) -> bool {
    move |c| {
        c.node(NodeId(n))
            .is_some_and(|x| x.role() == Role::Leader && x.term() == term)
    }
}

#[test]
fn figure_7_a_new_leader_repairs_every_kind_of_follower_log() {
    let mut c = Cluster::from_states(scenario_config(7, 1).unwrap(), figure7());
    let mut checker = Checker::new();
    apply(&mut c, &mut checker, Command::ForceTimeout(NodeId(0)));
    let events = run_until(&mut c, &mut checker, 200, is_leader(0, 8));
    // (c) and (d) hold more up-to-date logs and refuse; (a), (b), (e), (f) grant.
    for refuser in [3, 4] {
        assert!(events.iter().any(|(n, e)| *n == NodeId(refuser)
            && matches!(
                e,
                NodeEvent::VoteRefused {
                    because: VoteRefusal::LogNotUpToDate { .. },
                    ..
                }
            )));
    }
    apply(
        &mut c,
        &mut checker,
        Command::ClientWrite {
            to: Some(NodeId(0)),
        },
    );
    let leader_log = terms(&c, 0);
    assert_eq!(leader_log, [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 8]);
    let events = run_until(&mut c, &mut checker, 2_000, |c| {
        (1..7).all(|n| terms(c, n) == leader_log)
            && c.nodes().iter().all(|n| n.commit_index() == 11)
    });
    // (f) needed next-index back-off, and lost its entries from index 4 on.
    assert!(events.iter().any(|(n, e)| *n == NodeId(0)
        && matches!(
            e,
            NodeEvent::NextIndexBackedOff {
                peer: NodeId(6),
                ..
            }
        )));
    assert!(events.iter().any(|(n, e)| *n == NodeId(6)
        && matches!(
            e,
            NodeEvent::Appended {
                truncated_from: Some(4),
                removed: 8,
                ..
            }
        )));
    // (d) lost its two uncommitted term-7 entries; (b) and (e) caught up.
    assert!(events.iter().any(|(n, e)| *n == NodeId(4)
        && matches!(
            e,
            NodeEvent::Appended {
                truncated_from: Some(11),
                ..
            }
        )));
}

/// Figure 8 (c): S1, leader of term 4, gets index 2 (term 2) onto a majority.
fn figure8_leader_of_term_4() -> (Cluster, Checker) {
    let mut c = Cluster::from_states(scenario_config(5, 2).unwrap(), figure8());
    let mut checker = Checker::new();
    apply(&mut c, &mut checker, Command::Crash(NodeId(4)));
    apply(&mut c, &mut checker, Command::ForceTimeout(NodeId(0)));
    run_until(&mut c, &mut checker, 200, is_leader(0, 4));
    run_until(&mut c, &mut checker, 200, |c| {
        (1..4).all(|n| terms(c, n) == [1, 2])
    });
    (c, checker)
}

#[test]
fn figure_8_an_old_term_entry_on_a_majority_is_not_committed() {
    let (mut c, mut checker) = figure8_leader_of_term_4();
    assert_eq!(
        c.node(NodeId(0)).unwrap().commit_index(),
        0,
        "index 2 is from term 2: counting replicas is not enough"
    );
    // (d): S1 crashes; S5 comes back and can win (its last term 3 beats 2) ...
    apply(&mut c, &mut checker, Command::Crash(NodeId(0)));
    run_until(&mut c, &mut checker, 100, |c| c.in_flight().is_empty());
    apply(&mut c, &mut checker, Command::Restart(NodeId(4)));
    apply(&mut c, &mut checker, Command::ForceTimeout(NodeId(4)));
    run_until(&mut c, &mut checker, 100, |c| c.in_flight().is_empty());
    apply(&mut c, &mut checker, Command::ForceTimeout(NodeId(4)));
    run_until(&mut c, &mut checker, 200, is_leader(4, 5));
    // ... and overwrites index 2 everywhere, which is safe because it was never committed.
    apply(
        &mut c,
        &mut checker,
        Command::ClientWrite {
            to: Some(NodeId(4)),
        },
    );
    run_until(&mut c, &mut checker, 500, |c| {
        (1..4).all(|n| terms(c, n) == [1, 3, 5])
    });
    assert!(checker.violations().is_empty());
}

#[test]
fn figure_8_a_current_term_entry_commits_and_blocks_the_stale_candidate() {
    let (mut c, mut checker) = figure8_leader_of_term_4();
    // (e): S1 replicates an entry of its own term to a majority: now 1..=3 commit.
    apply(
        &mut c,
        &mut checker,
        Command::ClientWrite {
            to: Some(NodeId(0)),
        },
    );
    run_until(&mut c, &mut checker, 200, |c| {
        c.node(NodeId(0)).unwrap().commit_index() == 3
    });
    apply(&mut c, &mut checker, Command::Crash(NodeId(0)));
    run_until(&mut c, &mut checker, 100, |c| c.in_flight().is_empty());
    apply(&mut c, &mut checker, Command::Restart(NodeId(4)));
    for _ in 0..3 {
        let events = apply(&mut c, &mut checker, Command::ForceTimeout(NodeId(4)));
        assert!(events
            .iter()
            .any(|(_, e)| matches!(e, NodeEvent::BecameCandidate { .. })));
        run_until(&mut c, &mut checker, 100, |c| c.in_flight().is_empty());
        assert_ne!(
            c.node(NodeId(4)).unwrap().role(),
            Role::Leader,
            "S5's log lacks a committed entry"
        );
    }
    assert!(checker.violations().is_empty());
}
