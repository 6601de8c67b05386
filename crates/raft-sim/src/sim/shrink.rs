//! Shrinking a failing run to a minimal replay.
//!
//! The run is replayed with subsets of its commands (each applied at the event number it
//! was originally given at; one that no longer applies is skipped). Delta debugging's
//! greedy form: try removing halves, then quarters, … then single commands, keeping any
//! removal after which the same property still breaks. The result is 1-minimal: removing
//! any one remaining command makes the failure go away.

use super::{Failure, SeedFailure};
use crate::checker::{Checker, Property, Violation};
use crate::cluster::{Cluster, Command};
use crate::history::Script;

/// How many events past the original failure a shrunk run may take to fail.
const SLACK: u64 = 500;

/// Replay `commands` on `cluster` until `len` events, calling `visit` after each event
/// (stop early when it returns true). Each command is given at its event number; when
/// nothing can happen before then (every server down, nothing in flight) the next
/// command that applies is given at once. Commands that no longer apply are skipped.
pub(crate) fn replay_into(
    cluster: &mut Cluster,
    commands: &[(u64, Command)],
    len: u64,
    mut visit: impl FnMut(&Cluster) -> bool,
) {
    let mut next = commands.iter().peekable();
    while cluster.steps() < len {
        let progressed = match next.next_if(|(s, _)| *s <= cluster.steps()) {
            Some((_, c)) => cluster.apply(c.clone()).is_ok(),
            None => {
                cluster.step().is_some()
                    || next.by_ref().any(|(_, c)| cluster.apply(c.clone()).is_ok())
            }
        };
        if progressed {
            if visit(cluster) {
                return;
            }
        } else if next.peek().is_none() {
            return;
        }
    }
}

/// Replay `commands` and return the first violation of `property`.
pub(crate) fn replay(
    make: &dyn Fn() -> Cluster,
    commands: &[(u64, Command)],
    property: Property,
    limit: u64,
) -> Option<Violation> {
    let mut cluster = make();
    let mut checker = Checker::new();
    let mut broke = None;
    replay_into(&mut cluster, commands, limit, |c| {
        if let Err(v) = checker.check(c) {
            if v.property == property {
                broke = Some(v);
                return true;
            }
        }
        false
    });
    broke
}

/// The narrated last `n` events of a replay up to event `len`.
fn tail(
    make: &dyn Fn() -> Cluster,
    commands: &[(u64, Command)],
    len: u64,
    n: usize,
) -> Vec<String> {
    let mut cluster = make();
    let mut lines = std::collections::VecDeque::new();
    replay_into(&mut cluster, commands, len, |c| {
        lines.push_back(c.last_report().to_string());
        if lines.len() > n {
            lines.pop_front();
        }
        false
    });
    lines.into()
}

/// Build the failure report, shrinking the commands when a safety property broke.
pub(super) fn report(
    make: &dyn Fn() -> Cluster,
    mut commands: Vec<(u64, Command)>,
    failure: Failure,
    steps: u64,
) -> SeedFailure {
    let mut len = match &failure {
        Failure::Safety(v) => v.step + 1,
        Failure::Liveness { .. } => steps,
    };
    let mut shrunk = None;
    if let Failure::Safety(v) = &failure {
        let limit = v.step + SLACK;
        let mut chunk = commands.len().div_ceil(2);
        while chunk >= 1 && !commands.is_empty() {
            let mut i = 0;
            while i < commands.len() {
                let mut trial = commands.clone();
                trial.drain(i..(i + chunk).min(trial.len()));
                match replay(make, &trial, v.property, limit) {
                    Some(v) => {
                        commands = trial;
                        len = v.step + 1;
                        shrunk = Some(v);
                    }
                    None => i += chunk,
                }
            }
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
    // Report the failure as the shrunk run shows it.
    let failure = shrunk.map_or(failure, Failure::Safety);
    let tail = tail(make, &commands, len, 25);
    let config = make().config().clone();
    let replay = Script {
        config,
        initial: Vec::new(),
        commands,
        len,
        position: len,
    };
    SeedFailure {
        seed: replay.config.seed,
        failure,
        replay,
        tail,
    }
}
