//! Unit tests of the checker on hand-made states.

use super::*;
use crate::config::ClusterConfig;
use crate::log::RaftLog;
use crate::node::Persistent;

fn state(entries: &[(Term, u64)]) -> Persistent {
    let log = RaftLog::from_entries(
        entries
            .iter()
            .map(|&(term, command)| Entry { term, command })
            .collect(),
    );
    Persistent {
        term: 3,
        voted_for: None,
        log,
    }
}

#[test]
fn matching_logs_pass() {
    let c = Cluster::from_states(
        ClusterConfig::new(3, 0).unwrap(),
        vec![
            state(&[(1, 1), (2, 2)]),
            state(&[(1, 1), (2, 2), (3, 3)]),
            state(&[(1, 1), (3, 4)]),
        ],
    );
    let mut checker = Checker::new();
    assert!(checker.check(&c).is_ok());
    assert!(Property::ALL.iter().all(|p| checker.holds(*p)));
}

#[test]
fn log_matching_catches_a_different_prefix() {
    // Same index and term at 2, different entries at 1.
    let c = Cluster::from_states(
        ClusterConfig::new(3, 0).unwrap(),
        vec![state(&[(1, 1), (2, 2)]), state(&[(1, 9), (2, 2)])],
    );
    let mut checker = Checker::new();
    let v = checker.check(&c).unwrap_err();
    assert_eq!(v.property, Property::LogMatching);
    assert!(v.detail.contains("differ at index 1"), "{}", v.detail);
    assert!(!checker.holds(Property::LogMatching));
    assert_eq!(checker.violations().len(), 1);
}

#[test]
fn properties_explain_themselves() {
    for p in Property::ALL {
        assert!(!p.meaning().is_empty());
        assert_eq!(p.to_string(), p.name());
    }
}
