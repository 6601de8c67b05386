//! Unit tests of the simulated cluster.

use super::*;
use crate::config::ClusterConfig;
use crate::event::NodeEvent;

fn cluster(size: u8, seed: u64) -> Cluster {
    Cluster::new(ClusterConfig::new(size, seed).unwrap())
}

fn run_until_leader(c: &mut Cluster, max: usize) -> NodeId {
    for _ in 0..max {
        if let Some(l) = c.leader() {
            return l;
        }
        c.step();
    }
    panic!("no leader after {max} events");
}

#[test]
fn a_fresh_cluster_elects_a_leader() {
    let mut c = cluster(5, 1);
    let l = run_until_leader(&mut c, 500);
    assert_eq!(c.node(l).unwrap().role(), Role::Leader);
    assert!(
        c.now() >= 150,
        "nobody times out before the shortest election timeout"
    );
}

#[test]
fn the_same_seed_gives_the_same_run_byte_for_byte() {
    let mut a = cluster(5, 7);
    let mut b = cluster(5, 7);
    for i in 0..400 {
        if i == 100 {
            let l = run_until_leader(&mut a, 500);
            a.apply(Command::Crash(l)).unwrap();
            b.apply(Command::Crash(l)).unwrap();
        }
        let ra = a.step().cloned();
        let rb = b.step().cloned();
        assert_eq!(ra, rb);
    }
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    let mut c = cluster(5, 8);
    for _ in 0..400 {
        c.step();
    }
    assert_ne!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&c).unwrap()
    );
}

#[test]
fn crashing_the_leader_leads_to_a_new_one() {
    let mut c = cluster(3, 3);
    let l = run_until_leader(&mut c, 500);
    let term = c.node(l).unwrap().term();
    c.apply(Command::Crash(l)).unwrap();
    assert!(!c.is_up(l));
    let l2 = run_until_leader(&mut c, 2_000);
    assert_ne!(l, l2);
    assert!(c.node(l2).unwrap().term() > term);
    c.apply(Command::Restart(l)).unwrap();
    assert_eq!(c.node(l).unwrap().role(), Role::Follower);
}

#[test]
fn a_minority_partition_keeps_a_stale_leader_that_cannot_commit() {
    let mut c = cluster(5, 4);
    let l = run_until_leader(&mut c, 500);
    let others: Vec<NodeId> = (0..5).map(NodeId).filter(|&n| n != l).collect();
    c.apply(Command::Partition {
        groups: vec![vec![l, others[0]]],
    })
    .unwrap();
    c.apply(Command::ClientWrite { to: Some(l) }).unwrap();
    for _ in 0..3_000 {
        c.step();
    }
    let stale = c.node(l).unwrap();
    assert_eq!(
        stale.role(),
        Role::Leader,
        "without CheckQuorum it never learns"
    );
    assert_eq!(stale.commit_index(), 0);
    let new = c.leader().unwrap();
    assert!(c.node(new).unwrap().term() > stale.term());
    // Healing: the stale leader sees the higher term and steps down; its entry is lost.
    c.apply(Command::Heal).unwrap();
    for _ in 0..500 {
        c.step();
    }
    assert_ne!(c.node(l).unwrap().role(), Role::Leader);
}

#[test]
fn commands_are_validated() {
    let mut c = cluster(3, 5);
    assert_eq!(
        c.apply(Command::Crash(NodeId(3))).unwrap_err(),
        CommandError::UnknownNode(NodeId(3))
    );
    assert_eq!(
        c.apply(Command::Restart(NodeId(0))).unwrap_err(),
        CommandError::NodeUp(NodeId(0))
    );
    assert_eq!(
        c.apply(Command::Drop { message: 99 }).unwrap_err(),
        CommandError::NoSuchMessage(99)
    );
    assert_eq!(
        c.apply(Command::ClientWrite { to: None }).unwrap_err(),
        CommandError::NoLeader
    );
    assert_eq!(
        c.apply(Command::Cut {
            from: NodeId(1),
            to: NodeId(1)
        })
        .unwrap_err(),
        CommandError::SelfLink(NodeId(1))
    );
    let twice = Command::Partition {
        groups: vec![vec![NodeId(0)], vec![NodeId(0)]],
    };
    assert_eq!(
        c.apply(twice).unwrap_err(),
        CommandError::ServerInTwoGroups(NodeId(0))
    );
    assert_eq!(c.steps(), 0, "refused commands are not events");
    c.apply(Command::Crash(NodeId(0))).unwrap();
    assert_eq!(
        c.apply(Command::Crash(NodeId(0))).unwrap_err(),
        CommandError::NodeDown(NodeId(0))
    );
    assert_eq!(c.steps(), 1);
}

#[test]
fn drop_duplicate_and_delay_act_on_messages_in_flight() {
    let mut c = cluster(3, 6);
    c.apply(Command::ForceTimeout(NodeId(0))).unwrap();
    let ids: Vec<u64> = c.in_flight().iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), 2);
    c.apply(Command::Drop { message: ids[0] }).unwrap();
    assert_eq!(c.in_flight().len(), 1);
    c.apply(Command::Duplicate { message: ids[1] }).unwrap();
    assert_eq!(c.in_flight().len(), 2);
    let before = c
        .in_flight()
        .iter()
        .find(|e| e.id == ids[1])
        .unwrap()
        .deliver_at;
    c.apply(Command::Delay {
        message: ids[1],
        by: 40,
    })
    .unwrap();
    assert_eq!(
        c.in_flight()
            .iter()
            .find(|e| e.id == ids[1])
            .unwrap()
            .deliver_at,
        before + 40
    );
}

#[test]
fn messages_across_a_cut_are_lost_at_delivery() {
    let mut c = cluster(3, 6);
    c.apply(Command::Cut {
        from: NodeId(0),
        to: NodeId(1),
    })
    .unwrap();
    c.apply(Command::ForceTimeout(NodeId(0))).unwrap();
    let mut lost = 0;
    while let Some(r) = c.step() {
        if let Cause::Lost {
            because: Loss::Partitioned,
            envelope,
        } = &r.cause
        {
            assert_eq!(
                (envelope.message.from, envelope.message.to),
                (NodeId(0), NodeId(1))
            );
            lost += 1;
        }
        if c.steps() > 50 {
            break;
        }
    }
    assert!(lost >= 1);
}

#[test]
fn client_writes_commit_and_reports_narrate() {
    let mut c = cluster(5, 9);
    let l = run_until_leader(&mut c, 500);
    let r = c.apply(Command::ClientWrite { to: None }).unwrap();
    assert!(r
        .events
        .iter()
        .any(|(n, e)| *n == l && matches!(e, NodeEvent::Proposed { index: 1, .. })));
    for _ in 0..200 {
        c.step();
    }
    assert!(c.nodes().iter().all(|n| n.commit_index() == 1));
    let text = c.last_report().to_string();
    assert!(text.starts_with('#'));
}

#[test]
fn an_idle_cluster_of_crashed_servers_has_no_next_event() {
    let mut c = cluster(3, 2);
    for i in 0..3 {
        c.apply(Command::Crash(NodeId(i))).unwrap();
    }
    c.in_flight.clear();
    assert!(c.step().is_none());
    assert_eq!(c.next_event_time(), None);
}
