//! Property tests of the invariants: for any schedule of commands, Raft's five safety
//! properties hold after every event; a run is a pure function of its script; scrubbing
//! lands on the same state however it gets there; the log's merge keeps the leader's
//! entries and never drops a matching prefix.

use proptest::prelude::*;
use raft_sim::{Checker, ClusterConfig, Command, Entry, History, NodeConfig, NodeId, RaftLog};

/// One step of a schedule: let `n` events happen, then maybe give a command.
fn command(size: u8) -> impl Strategy<Value = Option<Command>> {
    let node = (0..size).prop_map(NodeId);
    prop_oneof![
        4 => Just(None),
        1 => node.clone().prop_map(|n| Some(Command::Crash(n))),
        1 => node.clone().prop_map(|n| Some(Command::Restart(n))),
        1 => node.clone().prop_map(|n| Some(Command::ForceTimeout(n))),
        2 => proptest::option::of(node.clone()).prop_map(|to| Some(Command::ClientWrite { to })),
        1 => proptest::collection::vec(0..3u8, size as usize).prop_map(move |g| {
            let mut groups = vec![Vec::new(); 3];
            for (i, k) in g.iter().enumerate() {
                groups[*k as usize].push(NodeId(i as u8));
            }
            Some(Command::Partition { groups })
        }),
        1 => (node.clone(), node).prop_map(|(from, to)| Some(Command::Cut { from, to })),
        1 => Just(Some(Command::Heal)),
    ]
}

/// Size, seed, Pre-Vote, CheckQuorum, and the steps.
type Schedule = (u8, u64, bool, bool, Vec<(u8, Option<Command>)>);

fn schedule() -> impl Strategy<Value = Schedule> {
    (3u8..=9, any::<u64>(), any::<bool>(), any::<bool>()).prop_flat_map(|(size, seed, pv, cq)| {
        let steps = proptest::collection::vec((1u8..40, command(size)), 1..40);
        (Just(size), Just(seed), Just(pv), Just(cq), steps)
    })
}

fn build(size: u8, seed: u64, pv: bool, cq: bool, steps: &[(u8, Option<Command>)]) -> History {
    let node = NodeConfig::default()
        .with_pre_vote(pv)
        .with_check_quorum(cq);
    let config = ClusterConfig::new(size, seed).unwrap().with_node(node);
    let mut h = History::new(config);
    for (events, command) in steps {
        for _ in 0..*events {
            h.step();
        }
        if let Some(c) = command {
            let _ = h.apply(c.clone());
        }
    }
    h
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn safety_holds_after_every_event((size, seed, pv, cq, steps) in schedule()) {
        let h = build(size, seed, pv, cq, &steps);
        prop_assert!(h.violation().is_none(), "{:?}", h.violation());
        prop_assert_eq!(h.checker().checks(), h.len() + 1);
    }

    #[test]
    fn a_run_is_a_function_of_its_script((size, seed, pv, cq, steps) in schedule(), back in 0u64..2_000) {
        let h = build(size, seed, pv, cq, &steps);
        let again = History::from_script(&h.script());
        prop_assert_eq!(again.cluster(), h.cluster());
        // Scrubbing back and forth lands on the same state as replaying straight there.
        let target = h.len().saturating_sub(back);
        let mut a = h.clone();
        a.seek(target);
        a.seek(0);
        a.seek(target);
        let mut b = History::from_script(&h.script());
        b.seek(target);
        prop_assert_eq!(a.cluster(), b.cluster());
        prop_assert_eq!(a.checker(), b.checker());
    }

    #[test]
    fn merge_keeps_a_matching_prefix_and_takes_the_leaders_entries(
        ours in proptest::collection::vec(1u64..4, 0..12),
        theirs in proptest::collection::vec(1u64..4, 0..12),
        prev in 0usize..12,
    ) {
        let entry = |t: &u64| Entry { term: *t, command: *t };
        let mut log = RaftLog::from_entries(ours.iter().map(entry).collect());
        let prev = prev.min(ours.len());
        let new: Vec<Entry> = theirs.iter().map(entry).collect();
        log.merge(prev as u64, &new);
        // The prefix up to `prev` is untouched, and the leader's entries follow it.
        prop_assert_eq!(&log.entries()[..prev], &ours.iter().map(entry).collect::<Vec<_>>()[..prev]);
        prop_assert_eq!(&log.entries()[prev..prev + new.len()], &new[..]);
        // Nothing beyond them is kept unless everything matched (no conflict).
        let conflict = new.iter().enumerate().any(|(k, e)| ours.get(prev + k).is_some_and(|t| *t != e.term));
        if conflict {
            prop_assert_eq!(log.last_index() as usize, prev + new.len());
        } else {
            prop_assert_eq!(log.last_index() as usize, ours.len().max(prev + new.len()));
        }
    }
}

#[test]
fn a_fresh_checker_accepts_a_fresh_cluster() {
    let c = raft_sim::Cluster::new(ClusterConfig::new(3, 0).unwrap());
    assert!(Checker::new().check(&c).is_ok());
}
