//! A recorded run that can step back, scrub to any event and fork a new future.
//!
//! Because the [`Cluster`] is deterministic, a run is fully described by its starting
//! state and the outside [`Command`]s with the event numbers at which they were given.
//! A [`History`] records exactly that, plus every event's [`StepReport`] (for narration)
//! and a snapshot of the cluster and [`Checker`] every `snapshot_every` events. Going
//! back to event *k* restores the nearest snapshot at or before *k* and replays at most
//! `snapshot_every - 1` events; it never stores a copy of the cluster per event. Giving
//! a command while in the past forks: the recorded future is discarded and a new one
//! begins.
//!
//! Memory: one [`StepReport`] per event (a few dozen bytes plus any delivered entries),
//! one command per outside action, and one cluster snapshot (servers' logs, messages in
//! flight) per `snapshot_every` events. The crate's memory test measures a 10,000-event
//! run of five servers.

use crate::checker::{Checker, Violation};
use crate::cluster::{Cluster, Command, CommandError, StepReport};
use crate::config::ClusterConfig;
use crate::node::Persistent;
use serde::{Deserialize, Serialize};

/// A snapshot of the run at one event number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Snapshot {
    cluster: Cluster,
    checker: Checker,
}

/// The compact description of a run: enough to rebuild its [`History`] exactly.
/// This is what a share link carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Script {
    /// The cluster's configuration (with the seed).
    pub config: ClusterConfig,
    /// Starting persistent states, when not the empty default (scenario presets).
    pub initial: Vec<Persistent>,
    /// The outside commands, each with the event number at which it was given.
    pub commands: Vec<(u64, Command)>,
    /// How many events were recorded.
    pub len: u64,
    /// The event number being viewed.
    pub position: u64,
}

/// A recorded, replayable run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    initial: Vec<Persistent>,
    snapshot_every: u64,
    snapshots: Vec<Snapshot>,
    commands: Vec<(u64, Command)>,
    reports: Vec<StepReport>,
    cluster: Cluster,
    checker: Checker,
}

impl History {
    /// Events between snapshots unless told otherwise.
    pub const DEFAULT_SNAPSHOT_EVERY: u64 = 128;

    /// A new run of a fresh cluster.
    pub fn new(config: ClusterConfig) -> Self {
        Self::from_states(config, Vec::new())
    }

    /// A new run whose servers start from the given persistent states.
    pub fn from_states(config: ClusterConfig, initial: Vec<Persistent>) -> Self {
        let cluster = Cluster::from_states(config, initial.clone());
        let mut checker = Checker::new();
        let _ = checker.check(&cluster);
        let snapshots = vec![Snapshot {
            cluster: cluster.clone(),
            checker: checker.clone(),
        }];
        Self {
            initial,
            snapshot_every: Self::DEFAULT_SNAPSHOT_EVERY,
            snapshots,
            commands: Vec::new(),
            reports: Vec::new(),
            cluster,
            checker,
        }
    }

    /// The same history, taking snapshots every `every` events from now on (at least 1).
    pub fn with_snapshot_every(mut self, every: std::num::NonZeroU64) -> Self {
        self.snapshot_every = every.get();
        self
    }

    /// Rebuild a history from its script: replays every recorded event, then moves to
    /// the script's position. Commands that no longer apply are skipped, so a hand-edited
    /// script still loads.
    pub fn from_script(script: &Script) -> Self {
        let mut h = Self::from_states(script.config.clone(), script.initial.clone());
        let mut commands = script.commands.iter().peekable();
        while h.len() < script.len {
            let progressed = match commands.next_if(|(step, _)| *step <= h.len()) {
                Some((_, c)) => h.apply(c.clone()).is_ok(),
                None => {
                    h.step().is_some() || commands.by_ref().any(|(_, c)| h.apply(c.clone()).is_ok())
                }
            };
            if !progressed && commands.peek().is_none() {
                break;
            }
        }
        h.seek(script.position);
        h
    }

    /// The script that rebuilds this history.
    pub fn script(&self) -> Script {
        Script {
            config: self.cluster.config().clone(),
            initial: self.initial.clone(),
            commands: self.commands.clone(),
            len: self.len(),
            position: self.position(),
        }
    }

    /// The cluster at the current position.
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }
    /// The checker at the current position.
    pub fn checker(&self) -> &Checker {
        &self.checker
    }
    /// The event number being viewed (how many events happened before now).
    pub fn position(&self) -> u64 {
        self.cluster.steps()
    }
    /// How many events are recorded.
    pub fn len(&self) -> u64 {
        self.reports.len() as u64
    }
    /// Whether nothing is recorded yet.
    pub fn is_empty(&self) -> bool {
        self.reports.is_empty()
    }
    /// Every recorded event's report, the first first.
    pub fn reports(&self) -> &[StepReport] {
        &self.reports
    }
    /// The outside commands with the event number each was given at.
    pub fn commands(&self) -> &[(u64, Command)] {
        &self.commands
    }
    /// How many snapshots are held.
    pub fn snapshot_count(&self) -> usize {
        self.snapshots.len()
    }

    /// The next event: replayed from the record when in the past, new otherwise.
    /// Returns `None` when nothing can happen.
    pub fn step(&mut self) -> Option<&StepReport> {
        let pos = self.position();
        if pos < self.len() {
            self.replay_one();
            return self.reports.get(usize::try_from(pos).ok()?);
        }
        self.cluster.step()?;
        self.record();
        self.reports.last()
    }

    /// Give an outside command now. In the past, this forks: the recorded future is
    /// discarded first. A refused command changes nothing.
    pub fn apply(&mut self, command: Command) -> Result<&StepReport, CommandError> {
        let pos = self.position();
        self.cluster.check_command(&command)?;
        if pos < self.len() {
            self.fork_at(pos);
        }
        self.cluster.apply(command.clone())?;
        self.commands.push((pos, command));
        self.record();
        Ok(self.reports.last().unwrap_or(self.cluster.last_report()))
    }

    /// Go back one event (nothing happens at event 0).
    pub fn step_back(&mut self) {
        let pos = self.position();
        if pos > 0 {
            self.seek(pos - 1);
        }
    }

    /// Move to event number `target` (clamped to the recorded range): restore the nearest
    /// snapshot at or before it and replay the rest.
    pub fn seek(&mut self, target: u64) {
        let target = target.min(self.len());
        let here = self.position();
        if target < here || target >= here + self.snapshot_every {
            let i = self
                .snapshots
                .partition_point(|s| s.cluster.steps() <= target);
            if let Some(s) = i.checked_sub(1).and_then(|i| self.snapshots.get(i)) {
                self.cluster = s.cluster.clone();
                self.checker = s.checker.clone();
            }
        }
        while self.position() < target {
            if !self.replay_one() {
                break;
            }
        }
    }

    /// The first violation the checker has found up to the current position.
    pub fn violation(&self) -> Option<&Violation> {
        self.checker.violations().first()
    }

    /// Redo recorded event number `position()`. Returns false if that is impossible.
    fn replay_one(&mut self) -> bool {
        let pos = self.position();
        let i = self.commands.partition_point(|(s, _)| *s < pos);
        let ok = match self.commands.get(i).filter(|(s, _)| *s == pos) {
            Some((_, c)) => self.cluster.apply(c.clone()).is_ok(),
            None => self.cluster.step().is_some(),
        };
        if ok {
            let _ = self.checker.check(&self.cluster);
        }
        ok
    }

    /// Store the event just performed: its report, the checker's verdict, a snapshot.
    fn record(&mut self) {
        let _ = self.checker.check(&self.cluster);
        self.reports.push(self.cluster.last_report().clone());
        if self.position().is_multiple_of(self.snapshot_every) {
            self.snapshots.push(Snapshot {
                cluster: self.cluster.clone(),
                checker: self.checker.clone(),
            });
        }
    }

    /// Discard everything recorded after event number `pos`.
    fn fork_at(&mut self, pos: u64) {
        self.reports
            .truncate(usize::try_from(pos).unwrap_or(usize::MAX));
        self.commands.retain(|(s, _)| *s < pos);
        self.snapshots.retain(|s| s.cluster.steps() <= pos);
    }
}

#[cfg(test)]
mod tests;
