//! The simulated cluster: 3 to 9 [`Node`]s, a virtual clock and an unreliable network.
//!
//! The cluster is itself a deterministic state machine. [`Cluster::step`] performs the
//! next event, which is whichever comes first on the virtual clock: a message reaching
//! its delivery time, or a server's timer. Message delays are drawn from the cluster's
//! seeded generator, so messages overtake each other naturally (reordering). Outside
//! actions, [`Command`]s, are events too ([`Cluster::apply`]): crash and restart,
//! force a timeout, a client write, drop, duplicate or delay a message, partition the
//! network into groups, cut one direction of a link, heal. Given the same configuration
//! and the same commands at the same step numbers, a run is identical byte for byte,
//! which is what [`History`](crate::history::History) builds time travel on.
//!
//! Ties are broken deterministically: messages before timers, then by message id or
//! node id.

mod command;
mod network;
mod report;

pub use command::{Command, CommandError};
pub use network::Network;
pub use report::{Cause, Loss, StepReport};

use crate::config::ClusterConfig;
use crate::ids::{NodeId, Time};
use crate::message::Message;
use crate::node::{Node, Persistent, Ready, Role};
use crate::rng::SplitMix64;
use serde::{Deserialize, Serialize};

/// A message in flight, with its id and its delivery time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// A number unique within the run.
    pub id: u64,
    /// The message.
    pub message: Message,
    /// When it was sent.
    pub sent_at: Time,
    /// When it arrives (unless lost).
    pub deliver_at: Time,
}

/// A simulated Raft cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    config: ClusterConfig,
    nodes: Vec<Node>,
    up: Vec<bool>,
    network: Network,
    in_flight: Vec<Envelope>,
    now: Time,
    steps: u64,
    next_message: u64,
    next_command: u64,
    rng: SplitMix64,
    report: StepReport,
    /// Spare output buffers swapped with each node's (no allocation per event).
    #[serde(skip)]
    scratch: Ready,
    #[cfg(test)]
    #[serde(skip)]
    bugs: crate::node::Bugs,
}

impl Cluster {
    /// A fresh cluster: every server up, empty logs, term 0, at time 0.
    pub fn new(config: ClusterConfig) -> Self {
        let states = vec![Persistent::default(); usize::from(config.size())];
        Self::from_states(config, states)
    }

    /// A cluster whose servers start from the given persistent states (terms, votes and
    /// logs), for scenarios such as the logs of figure 7. Missing states are empty;
    /// extra ones are ignored.
    pub fn from_states(config: ClusterConfig, mut states: Vec<Persistent>) -> Self {
        let size = config.size();
        states.resize(usize::from(size), Persistent::default());
        let mut rng = SplitMix64::new(config.seed);
        let nodes = (0..size)
            .zip(states)
            .map(|(i, p)| {
                Node::restart(NodeId(i), size, config.node().clone(), p, rng.next_u64(), 0)
            })
            .collect();
        Self {
            network: Network::new(size),
            up: vec![true; usize::from(size)],
            nodes,
            in_flight: Vec::new(),
            now: 0,
            steps: 0,
            next_message: 0,
            next_command: 1,
            rng,
            report: StepReport::default(),
            scratch: Ready::default(),
            config,
            #[cfg(test)]
            bugs: Default::default(),
        }
    }

    /// Switch on test-only protocol bugs in every server (now and after restarts).
    #[cfg(test)]
    pub(crate) fn set_bugs(&mut self, bugs: crate::node::Bugs) {
        self.bugs = bugs;
        self.nodes.iter_mut().for_each(|n| n.bugs = bugs);
    }

    /// The configuration.
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }
    /// Every server (a crashed one shows only its persistent state).
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }
    /// One server.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }
    /// Whether a server is up.
    pub fn is_up(&self, id: NodeId) -> bool {
        self.up.get(id.index()).copied().unwrap_or(false)
    }
    /// Which servers are up, by index.
    pub fn up(&self) -> &[bool] {
        &self.up
    }
    /// The network's cuts.
    pub fn network(&self) -> &Network {
        &self.network
    }
    /// Messages in flight, in no particular order.
    pub fn in_flight(&self) -> &[Envelope] {
        &self.in_flight
    }
    /// The virtual time.
    pub fn now(&self) -> Time {
        self.now
    }
    /// How many events have happened.
    pub fn steps(&self) -> u64 {
        self.steps
    }
    /// The report of the latest event.
    pub fn last_report(&self) -> &StepReport {
        &self.report
    }

    /// The up server that leads the highest term, if any.
    pub fn leader(&self) -> Option<NodeId> {
        self.nodes
            .iter()
            .filter(|n| self.is_up(n.id()) && n.role() == Role::Leader)
            .max_by_key(|n| n.term())
            .map(Node::id)
    }

    /// When the next event would happen, if any is pending.
    pub fn next_event_time(&self) -> Option<Time> {
        let msg = self.in_flight.iter().map(|e| e.deliver_at).min();
        let timer = self.next_timer().map(|(t, _)| t);
        match (msg, timer) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn next_timer(&self) -> Option<(Time, NodeId)> {
        self.nodes
            .iter()
            .zip(&self.up)
            .filter(|(_, up)| **up)
            .map(|(n, _)| (n.next_deadline(), n.id()))
            .min()
    }

    /// Perform the next event: the earliest message delivery or timer. Returns `None`
    /// when nothing can happen (every server down and no message in flight).
    pub fn step(&mut self) -> Option<&StepReport> {
        let next_msg = self
            .in_flight
            .iter()
            .enumerate()
            .min_by_key(|(_, e)| (e.deliver_at, e.id))
            .map(|(i, e)| (e.deliver_at, i));
        let next_timer = self.next_timer();
        let deliver = match (next_msg, next_timer) {
            (Some((tm, i)), Some((tt, _))) if tm <= tt => Some(i),
            (Some((_, i)), None) => Some(i),
            (_, Some(_)) => None,
            (None, None) => return None,
        };
        self.begin_report();
        match (deliver, next_timer) {
            (Some(i), _) => {
                let envelope = self.in_flight.swap_remove(i);
                self.now = self.now.max(envelope.deliver_at);
                self.deliver(envelope);
            }
            (None, Some((t, id))) => {
                self.now = self.now.max(t);
                if let Some(node) = self.nodes.get_mut(id.index()) {
                    node.tick(self.now);
                }
                self.report.cause = Cause::Timer(id);
                self.collect(id);
            }
            (None, None) => {}
        }
        self.report.time = self.now;
        self.steps += 1;
        Some(&self.report)
    }

    fn begin_report(&mut self) {
        self.report.step = self.steps;
        self.report.time = self.now;
        self.report.events.clear();
        self.report.sent.clear();
    }

    fn deliver(&mut self, envelope: Envelope) {
        let (from, to) = (envelope.message.from, envelope.message.to);
        let loss = if !self.network.allows(from, to) {
            Some(Loss::Partitioned)
        } else if !self.is_up(to) {
            Some(Loss::ReceiverDown)
        } else {
            None
        };
        match loss {
            Some(because) => self.report.cause = Cause::Lost { envelope, because },
            None => {
                if let Some(node) = self.nodes.get_mut(to.index()) {
                    node.step(self.now, &envelope.message);
                }
                self.report.cause = Cause::Delivered(envelope);
                self.collect(to);
            }
        }
    }

    /// Move a server's output into the report and its messages onto the network.
    fn collect(&mut self, id: NodeId) {
        let Some(node) = self.nodes.get_mut(id.index()) else {
            return;
        };
        if !node.has_ready() {
            return;
        }
        node.swap_ready(&mut self.scratch);
        let Ready { messages, events } = &mut self.scratch;
        self.report.events.extend(events.drain(..).map(|e| (id, e)));
        for message in messages.drain(..) {
            Self::send_via(
                &mut self.rng,
                &mut self.next_message,
                &mut self.in_flight,
                &mut self.report,
                &self.config,
                self.now,
                message,
            );
        }
        // Hand the (now empty) buffers back, keeping their capacity.
        if let Some(node) = self.nodes.get_mut(id.index()) {
            node.swap_ready(&mut self.scratch);
        }
    }

    fn send(&mut self, message: Message) {
        Self::send_via(
            &mut self.rng,
            &mut self.next_message,
            &mut self.in_flight,
            &mut self.report,
            &self.config,
            self.now,
            message,
        );
    }

    /// Put a message on the network with a random delay.
    fn send_via(
        rng: &mut SplitMix64,
        next_message: &mut u64,
        in_flight: &mut Vec<Envelope>,
        report: &mut StepReport,
        config: &ClusterConfig,
        now: Time,
        message: Message,
    ) {
        let id = *next_message;
        *next_message += 1;
        let delay =
            rng.range_inclusive(u64::from(config.delay_min()), u64::from(config.delay_max()));
        in_flight.push(Envelope {
            id,
            message,
            sent_at: now,
            deliver_at: now + delay,
        });
        report.sent.push(id);
    }

    /// Apply an outside command as one event. A refused command changes nothing and is
    /// not an event.
    pub fn apply(&mut self, command: Command) -> Result<&StepReport, CommandError> {
        self.check_command(&command)?;
        self.begin_report();
        self.execute(&command);
        self.report.cause = Cause::Command(command);
        self.steps += 1;
        Ok(&self.report)
    }

    fn check_node(&self, id: NodeId) -> Result<(), CommandError> {
        if id.index() < self.nodes.len() {
            Ok(())
        } else {
            Err(CommandError::UnknownNode(id))
        }
    }

    fn check_up(&self, id: NodeId) -> Result<(), CommandError> {
        self.check_node(id)?;
        if self.is_up(id) {
            Ok(())
        } else {
            Err(CommandError::NodeDown(id))
        }
    }

    fn check_message(&self, id: u64) -> Result<usize, CommandError> {
        self.in_flight
            .iter()
            .position(|e| e.id == id)
            .ok_or(CommandError::NoSuchMessage(id))
    }

    /// Whether `command` would be accepted now (without applying it).
    pub fn check_command(&self, command: &Command) -> Result<(), CommandError> {
        match command {
            Command::Crash(n) => self.check_up(*n),
            Command::Restart(n) => {
                self.check_node(*n)?;
                if self.is_up(*n) {
                    Err(CommandError::NodeUp(*n))
                } else {
                    Ok(())
                }
            }
            Command::ForceTimeout(n) => {
                self.check_up(*n)?;
                match self.node(*n) {
                    Some(node) if node.role() == Role::Leader => {
                        Err(CommandError::NodeIsLeader(*n))
                    }
                    _ => Ok(()),
                }
            }
            Command::ClientWrite { to: Some(n) } => self.check_up(*n),
            Command::ClientWrite { to: None } => {
                self.leader().map(|_| ()).ok_or(CommandError::NoLeader)
            }
            Command::Drop { message }
            | Command::Duplicate { message }
            | Command::Delay { message, .. } => self.check_message(*message).map(|_| ()),
            Command::Partition { groups } => {
                let mut seen = vec![false; self.nodes.len()];
                for &n in groups.iter().flatten() {
                    self.check_node(n)?;
                    match seen.get_mut(n.index()) {
                        Some(s) if *s => return Err(CommandError::ServerInTwoGroups(n)),
                        Some(s) => *s = true,
                        None => return Err(CommandError::UnknownNode(n)),
                    }
                }
                Ok(())
            }
            Command::Cut { from, to } => {
                self.check_node(*from)?;
                self.check_node(*to)?;
                if from == to {
                    Err(CommandError::SelfLink(*from))
                } else {
                    Ok(())
                }
            }
            Command::Heal => Ok(()),
        }
    }

    /// Carry out a validated command.
    fn execute(&mut self, command: &Command) {
        let size = self.config.size();
        match command {
            Command::Crash(n) => {
                if let Some(node) = self.nodes.get_mut(n.index()) {
                    // Only the persistent state survives.
                    let persistent = node.persistent().clone();
                    let config = self.config.node().clone();
                    *node = Node::restart(*n, size, config, persistent, 0, self.now);
                }
                if let Some(up) = self.up.get_mut(n.index()) {
                    *up = false;
                }
            }
            Command::Restart(n) => {
                let seed = self.rng.next_u64();
                if let Some(node) = self.nodes.get_mut(n.index()) {
                    let persistent = node.persistent().clone();
                    let config = self.config.node().clone();
                    *node = Node::restart(*n, size, config, persistent, seed, self.now);
                    #[cfg(test)]
                    {
                        node.bugs = self.bugs;
                    }
                }
                if let Some(up) = self.up.get_mut(n.index()) {
                    *up = true;
                }
            }
            Command::ForceTimeout(n) => {
                if let Some(node) = self.nodes.get_mut(n.index()) {
                    node.timeout_now(self.now);
                }
                self.collect(*n);
            }
            Command::ClientWrite { to } => {
                let target = to.or_else(|| self.leader());
                let command = self.next_command;
                self.next_command += 1;
                if let Some(id) = target {
                    if let Some(node) = self.nodes.get_mut(id.index()) {
                        let _ = node.propose(self.now, command);
                    }
                    self.collect(id);
                }
            }
            Command::Drop { message } => {
                if let Ok(i) = self.check_message(*message) {
                    self.in_flight.swap_remove(i);
                }
            }
            Command::Duplicate { message } => {
                if let Ok(i) = self.check_message(*message) {
                    if let Some(copy) = self.in_flight.get(i).map(|e| e.message.clone()) {
                        self.send(copy);
                    }
                }
            }
            Command::Delay { message, by } => {
                if let Ok(i) = self.check_message(*message) {
                    if let Some(e) = self.in_flight.get_mut(i) {
                        e.deliver_at = e.deliver_at.saturating_add(*by);
                    }
                }
            }
            Command::Partition { groups } => {
                let extra = u8::try_from(groups.len()).unwrap_or(u8::MAX);
                let mut group = vec![extra; usize::from(size)];
                for (g, members) in groups.iter().enumerate() {
                    for n in members {
                        if let Some(slot) = group.get_mut(n.index()) {
                            *slot = u8::try_from(g).unwrap_or(u8::MAX);
                        }
                    }
                }
                self.network.partition(&group);
            }
            Command::Cut { from, to } => self.network.cut(*from, *to),
            Command::Heal => self.network.heal(),
        }
    }
}

#[cfg(test)]
mod tests;
