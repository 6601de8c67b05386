//! The checker has teeth: each test-only protocol bug is caught by the simulation, and
//! the failure's minimal replay reproduces it.

use super::*;
use crate::checker::Property;
use crate::node::Bugs;

/// Run seeds until one fails; return the failure (or panic if none does).
fn caught(bugs: Bugs, allowed: &[Property], max_seeds: u64) -> Box<SeedFailure> {
    caught_with(&SimOptions::default(), bugs, allowed, max_seeds)
}

fn caught_with(
    options: &SimOptions,
    bugs: Bugs,
    allowed: &[Property],
    max_seeds: u64,
) -> Box<SeedFailure> {
    for seed in 0..max_seeds {
        if let Err(f) = run_seed_with_bugs(seed, options, bugs) {
            match &f.failure {
                Failure::Safety(v) if allowed.contains(&v.property) => return f,
                other => panic!("seed {seed}: {bugs:?} broke an unexpected property: {other}"),
            }
        }
    }
    panic!("{bugs:?} was not caught in {max_seeds} seeds")
}

/// The minimal replay, run again with the same bugs, breaks the same property.
fn replay_reproduces(f: &SeedFailure, bugs: Bugs) {
    let Failure::Safety(v) = &f.failure else {
        panic!("not a safety failure")
    };
    let config = f.replay.config.clone();
    let make = move || {
        let mut c = Cluster::new(config.clone());
        c.set_bugs(bugs);
        c
    };
    let again = shrink::replay(&make, &f.replay.commands, v.property, f.replay.len);
    assert_eq!(
        again.as_ref().map(|a| a.step),
        Some(v.step),
        "replay did not reproduce:\n{f}"
    );
    // The printed form parses back into the same script.
    let text = crate::script_text::to_text(&f.replay);
    let parsed = crate::script_text::parse(&text).unwrap();
    assert_eq!(parsed.config, f.replay.config);
}

#[test]
fn granting_two_votes_in_one_term_is_caught() {
    let bugs = Bugs {
        double_vote: true,
        ..Bugs::default()
    };
    let f = caught(bugs, &[Property::ElectionSafety], 200);
    replay_reproduces(&f, bugs);
    eprintln!("{f}");
}

#[test]
fn voting_without_the_up_to_date_check_is_caught() {
    let bugs = Bugs {
        skip_up_to_date_check: true,
        ..Bugs::default()
    };
    let f = caught(
        bugs,
        &[
            Property::LeaderCompleteness,
            Property::StateMachineSafety,
            Property::LeaderAppendOnly,
            Property::LogMatching,
        ],
        500,
    );
    replay_reproduces(&f, bugs);
}

#[test]
fn committing_old_terms_by_counting_replicas_is_caught() {
    let bugs = Bugs {
        commit_by_counting_replicas: true,
        ..Bugs::default()
    };
    // Figure 8's hazard needs a leader to come back to an old entry after another term
    // wrote over its index elsewhere: more crashes and writes make that common enough.
    let rates = ChaosRates {
        write: 200_000,
        fault: 200_000,
    };
    let options = SimOptions {
        rates,
        ..SimOptions::default()
    };
    let f = caught_with(
        &options,
        bugs,
        &[Property::LeaderCompleteness, Property::StateMachineSafety],
        3000,
    );
    eprintln!("{f}");
    replay_reproduces(&f, bugs);
}

#[test]
fn skipping_the_consistency_check_is_caught() {
    let bugs = Bugs {
        skip_consistency_check: true,
        ..Bugs::default()
    };
    let f = caught(
        bugs,
        &[
            Property::LogMatching,
            Property::StateMachineSafety,
            Property::LeaderCompleteness,
        ],
        200,
    );
    replay_reproduces(&f, bugs);
}

#[test]
fn a_correct_run_is_deterministic() {
    let options = SimOptions {
        events: 300,
        ..SimOptions::default()
    };
    let a = run_seed(77, &options).unwrap();
    let b = run_seed(77, &options).unwrap();
    assert_eq!(a, b);
    assert!(a.events >= 300);
}

#[test]
fn seed_configs_cover_sizes_and_options() {
    let configs: Vec<_> = (0..32).map(config_for_seed).collect();
    for size in 3..=9 {
        assert!(configs.iter().any(|c| c.size() == size));
    }
    assert!(configs
        .iter()
        .any(|c| c.node().pre_vote && c.node().check_quorum));
    assert!(configs
        .iter()
        .any(|c| !c.node().pre_vote && !c.node().check_quorum));
}

#[test]
fn figure_8_with_commitment_by_counting_is_caught() {
    use crate::figures::{figure8, scenario_config};
    let mut c = Cluster::from_states(scenario_config(5, 2).unwrap(), figure8());
    c.set_bugs(Bugs {
        commit_by_counting_replicas: true,
        ..Bugs::default()
    });
    let mut checker = Checker::new();
    let mut broke = None;
    let mut go = |c: &mut Cluster, cmd: Option<Command>, steps: usize| {
        if let Some(cmd) = cmd {
            c.apply(cmd).unwrap();
            broke = broke.take().or(checker.check(c).err());
        }
        // `usize::MAX` steps means: until no message is in flight.
        let mut left = steps;
        while left > 0 && !(steps == usize::MAX && c.in_flight().is_empty()) {
            left -= 1;
            c.step();
            broke = broke.take().or(checker.check(c).err());
        }
    };
    go(&mut c, Some(Command::Crash(NodeId(4))), 0);
    go(&mut c, Some(Command::ForceTimeout(NodeId(0))), 60);
    // The buggy leader of term 4 commits index 2 (term 2) by counting replicas.
    assert!(c.node(NodeId(0)).unwrap().commit_index() >= 2);
    go(&mut c, Some(Command::Crash(NodeId(0))), usize::MAX);
    go(&mut c, Some(Command::Restart(NodeId(4))), 0);
    go(&mut c, Some(Command::ForceTimeout(NodeId(4))), usize::MAX);
    go(&mut c, Some(Command::ForceTimeout(NodeId(4))), 30);
    let v = broke.expect("the checker must catch figure 8's hazard");
    assert_eq!(v.property, Property::LeaderCompleteness, "{v}");
}
