//! Unit tests of recording, stepping back, scrubbing and forking.

use super::*;
use crate::ids::NodeId;
use std::num::NonZeroU64;

fn history(seed: u64) -> History {
    History::new(ClusterConfig::new(5, seed).unwrap())
        .with_snapshot_every(NonZeroU64::new(16).unwrap())
}

fn run(h: &mut History, events: u64) {
    for _ in 0..events {
        h.step();
    }
}

#[test]
fn stepping_back_and_forward_retraces_the_run() {
    let mut h = history(1);
    run(&mut h, 200);
    h.apply(Command::Crash(NodeId(2))).unwrap();
    run(&mut h, 100);
    let end = h.cluster().clone();
    let end_checker = h.checker().clone();
    for _ in 0..150 {
        h.step_back();
    }
    assert_eq!(h.position(), 151);
    assert_eq!(h.len(), 301);
    run(&mut h, 150);
    assert_eq!(h.cluster(), &end);
    assert_eq!(h.checker(), &end_checker);
}

#[test]
fn seeking_lands_on_the_same_state_from_either_direction() {
    let mut h = history(2);
    run(&mut h, 300);
    h.seek(123);
    let a = h.cluster().clone();
    h.seek(0);
    assert_eq!(h.position(), 0);
    h.seek(123);
    assert_eq!(h.cluster(), &a);
    h.seek(10_000);
    assert_eq!(h.position(), 300);
    assert_eq!(h.reports()[122].step, 122);
}

#[test]
fn acting_in_the_past_forks_a_new_future() {
    let mut h = history(3);
    run(&mut h, 300);
    h.seek(100);
    h.apply(Command::Crash(NodeId(0))).unwrap();
    assert_eq!(h.len(), 101);
    assert_eq!(h.position(), 101);
    assert_eq!(h.commands().len(), 1);
    run(&mut h, 50);
    assert_eq!(h.len(), 151);
    // A refused command does not fork.
    h.seek(120);
    assert!(h.apply(Command::Crash(NodeId(0))).is_err());
    assert_eq!(h.len(), 151);
}

#[test]
fn scripts_rebuild_the_same_history() {
    let mut h = history(4);
    run(&mut h, 100);
    h.apply(Command::Partition {
        groups: vec![vec![NodeId(0), NodeId(1)]],
    })
    .unwrap();
    run(&mut h, 100);
    h.apply(Command::Heal).unwrap();
    run(&mut h, 50);
    h.seek(170);
    let script = h.script();
    let json = serde_json::to_string(&script).unwrap();
    let back: Script = serde_json::from_str(&json).unwrap();
    let rebuilt = History::from_script(&back);
    assert_eq!(rebuilt.position(), 170);
    assert_eq!(rebuilt.len(), h.len());
    assert_eq!(rebuilt.cluster(), h.cluster());
    assert_eq!(rebuilt.reports(), h.reports());
}

#[test]
fn histories_serialise() {
    let mut h = history(5);
    run(&mut h, 50);
    let json = serde_json::to_string(&h).unwrap();
    let back: History = serde_json::from_str(&json).unwrap();
    assert_eq!(back, h);
}
