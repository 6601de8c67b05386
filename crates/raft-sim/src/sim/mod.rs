//! Deterministic simulation testing: seeded random schedules of faults, checked after
//! every event.
//!
//! This is how FoundationDB, TigerBeetle and others test their consensus code, scaled to
//! a crate: [`run_seed`] builds a cluster from a seed (3 to 9 servers, Pre-Vote and
//! CheckQuorum each on or off), lets a seeded [`Chaos`] injector crash, restart,
//! partition, cut, heal, drop, duplicate and delay for a number of events, and runs the
//! [`Checker`] after every single event. Then it checks liveness: it heals the network,
//! restarts every server and, with no more faults, requires a leader to be elected and a
//! client write to commit within [`SimOptions::liveness_bound`] ticks.
//!
//! A failure comes back as a [`SeedFailure`] holding a *minimal replay*: the run's
//! commands shrunk by delta debugging (Zeller and Hildebrandt, "Simplifying and Isolating
//! Failure-Inducing Input", IEEE TSE 2002) to a smallest list that still breaks the same
//! property, as a [`Script`] that the command-line example replays event by event.

mod chaos;
mod shrink;

pub use chaos::{Chaos, ChaosRates};

use crate::checker::{Checker, Violation};
use crate::cluster::{Cluster, Command};
use crate::config::{ClusterConfig, NodeConfig};
use crate::history::Script;
use crate::ids::{Index, NodeId, Term, Time};
use crate::node::Role;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How a simulated run is shaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimOptions {
    /// Events with faults before the liveness phase.
    pub events: u64,
    /// How often faults and writes are injected.
    pub rates: ChaosRates,
    /// Ticks after the network is healed and every server restarted within which a
    /// leader must be elected and a client write to it committed.
    pub liveness_bound: Time,
}

impl Default for SimOptions {
    /// 1,000 faulty events; liveness within 3,000 ticks, i.e. ten of the longest
    /// election timeouts (300 ticks) of the default timing.
    fn default() -> Self {
        Self {
            events: 1_000,
            rates: ChaosRates::default(),
            liveness_bound: 3_000,
        }
    }
}

/// What went wrong in a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Failure {
    /// A safety property broke.
    Safety(Violation),
    /// No write committed within the bound after the faults stopped.
    Liveness {
        /// What was missing when the bound ran out.
        detail: String,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Safety(v) => write!(f, "{v}"),
            Failure::Liveness { detail } => write!(f, "liveness: {detail}"),
        }
    }
}

/// A failed seed, with a minimal replay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedFailure {
    /// The seed.
    pub seed: u64,
    /// What failed.
    pub failure: Failure,
    /// The shrunk run: replaying it reproduces the failure.
    pub replay: Script,
    /// The last events before the failure, narrated.
    pub tail: Vec<String>,
}

impl fmt::Display for SeedFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "seed {} failed: {}", self.seed, self.failure)?;
        writeln!(
            f,
            "minimal replay ({} commands, {} events):",
            self.replay.commands.len(),
            self.replay.len
        )?;
        for (step, c) in &self.replay.commands {
            writeln!(f, "  before event #{step}: {c}")?;
        }
        writeln!(f, "last events:")?;
        for line in &self.tail {
            writeln!(f, "  {line}")?;
        }
        writeln!(
            f,
            "replay it: save these lines and run `cargo run -p raft-sim --example raft-cli < FILE`"
        )?;
        write!(f, "{}", crate::script_text::to_text(&self.replay))
    }
}

/// What a passing run measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedStats {
    /// Events simulated (faulty phase and liveness phase).
    pub events: u64,
    /// Outside commands given.
    pub commands: u64,
    /// The highest term reached.
    pub max_term: Term,
    /// Entries committed.
    pub committed: Index,
    /// Ticks from healing to the liveness write's commit.
    pub recovery_ticks: Time,
}

/// The cluster a seed runs: size 3 to 9, Pre-Vote and CheckQuorum from the seed's bits,
/// default timing (election 150–300 ticks, heartbeat 50, delays 5–25).
pub fn config_for_seed(seed: u64) -> ClusterConfig {
    let size = 3 + (seed % 7) as u8;
    let node = NodeConfig::default()
        .with_pre_vote(seed & 8 != 0)
        .with_check_quorum(seed & 16 != 0);
    match ClusterConfig::new(size, seed) {
        Ok(c) => c.with_node(node),
        Err(_) => unreachable_config(seed),
    }
}

fn unreachable_config(seed: u64) -> ClusterConfig {
    // Sizes 3..=9 are always valid; this keeps the function total without panicking.
    ClusterConfig::new(ClusterConfig::MIN_SIZE, seed).unwrap_or_else(|_| unreachable_config(seed))
}

/// Run one seed: faults for `options.events` events, then the liveness phase, checking
/// safety after every event.
pub fn run_seed(seed: u64, options: &SimOptions) -> Result<SeedStats, Box<SeedFailure>> {
    run_config(config_for_seed(seed), options)
}

/// [`run_seed`] with an explicit configuration (its seed drives everything).
pub fn run_config(
    config: ClusterConfig,
    options: &SimOptions,
) -> Result<SeedStats, Box<SeedFailure>> {
    let seed = config.seed;
    run_with(&|| Cluster::new(config.clone()), seed, options)
}

/// Run the schedule of `seed` on clusters built by `make` (which must build the same
/// cluster every time: shrinking rebuilds it for each trial).
fn run_with(
    make: &dyn Fn() -> Cluster,
    seed: u64,
    options: &SimOptions,
) -> Result<SeedStats, Box<SeedFailure>> {
    let mut run = Run::new(make());
    let mut chaos = Chaos::new(seed, options.rates);
    let outcome = run
        .faulty_phase(&mut chaos, options.events)
        .and_then(|()| run.liveness_phase(options));
    match outcome {
        Ok(recovery_ticks) => Ok(run.stats(recovery_ticks)),
        Err(failure) => {
            let steps = run.cluster.steps();
            Err(Box::new(shrink::report(make, run.commands, failure, steps)))
        }
    }
}

/// [`run_seed`] with test-only protocol bugs switched on in every server.
#[cfg(test)]
pub(crate) fn run_seed_with_bugs(
    seed: u64,
    options: &SimOptions,
    bugs: crate::node::Bugs,
) -> Result<SeedStats, Box<SeedFailure>> {
    let config = config_for_seed(seed);
    let make = move || {
        let mut c = Cluster::new(config.clone());
        c.set_bugs(bugs);
        c
    };
    run_with(&make, seed, options)
}

/// A run in progress: the cluster, its checker and the commands given so far.
struct Run {
    cluster: Cluster,
    checker: Checker,
    commands: Vec<(u64, Command)>,
}

impl Run {
    fn new(cluster: Cluster) -> Self {
        Self {
            cluster,
            checker: Checker::new(),
            commands: Vec::new(),
        }
    }

    fn command(&mut self, c: Command) -> Result<(), Failure> {
        let step = self.cluster.steps();
        if self.cluster.apply(c.clone()).is_ok() {
            self.commands.push((step, c));
            self.checker.check(&self.cluster).map_err(Failure::Safety)?;
        }
        Ok(())
    }

    fn event(&mut self) -> Result<bool, Failure> {
        if self.cluster.step().is_none() {
            return Ok(false);
        }
        self.checker.check(&self.cluster).map_err(Failure::Safety)?;
        Ok(true)
    }

    fn faulty_phase(&mut self, chaos: &mut Chaos, events: u64) -> Result<(), Failure> {
        while self.cluster.steps() < events {
            match chaos.next_command(&self.cluster) {
                Some(c) => self.command(c)?,
                None => {
                    if !self.event()? {
                        // Everything is down and quiet: bring a server back.
                        self.command(Command::Restart(NodeId(0)))?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Heal, restart everyone, then require a leader and a committed write in time.
    fn liveness_phase(&mut self, options: &SimOptions) -> Result<Time, Failure> {
        self.command(Command::Heal)?;
        for i in 0..self.cluster.config().size() {
            if !self.cluster.is_up(NodeId(i)) {
                self.command(Command::Restart(NodeId(i)))?;
            }
        }
        let start = self.cluster.now();
        let deadline = start + options.liveness_bound;
        let mut pending: Option<(NodeId, Term, Index)> = None;
        while self.cluster.now() <= deadline {
            if let Some((leader, term, index)) = pending {
                match self.cluster.node(leader) {
                    Some(n) if n.role() == Role::Leader && n.term() == term => {
                        if n.commit_index() >= index {
                            return Ok(self.cluster.now() - start);
                        }
                    }
                    _ => pending = None,
                }
            }
            if pending.is_none() {
                if let Some(leader) = self.cluster.leader() {
                    self.command(Command::ClientWrite { to: Some(leader) })?;
                    pending = self
                        .cluster
                        .node(leader)
                        .map(|n| (leader, n.term(), n.log().last_index()));
                }
            }
            if !self.event()? {
                break;
            }
        }
        let leaders: Vec<String> = self
            .cluster
            .nodes()
            .iter()
            .map(|n| format!("{}:{:?}@{}", n.id(), n.role(), n.term()))
            .collect();
        Err(Failure::Liveness {
            detail: format!(
                "no write committed within {} ticks of healing (servers: {})",
                options.liveness_bound,
                leaders.join(" ")
            ),
        })
    }

    fn stats(&self, recovery_ticks: Time) -> SeedStats {
        SeedStats {
            events: self.cluster.steps(),
            commands: self.commands.len() as u64,
            max_term: self
                .cluster
                .nodes()
                .iter()
                .map(|n| n.term())
                .max()
                .unwrap_or(0),
            committed: self.checker.committed_len(),
            recovery_ticks,
        }
    }
}

#[cfg(test)]
mod tests;
