//! The record of one simulated event: what caused it and what every server did.

use super::command::Command;
use super::Envelope;
use crate::event::{Narration, NodeEvent};
use crate::ids::{NodeId, Time};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a message never arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Loss {
    /// The link from sender to receiver is cut.
    Partitioned,
    /// The receiver is down.
    ReceiverDown,
}

/// What one event was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cause {
    /// Nothing yet (the state before the first step).
    Start,
    /// A message arrived.
    Delivered(Envelope),
    /// A message reached its delivery time but was lost.
    Lost {
        /// The message.
        envelope: Envelope,
        /// Why.
        because: Loss,
    },
    /// A server's timer fired (an election timeout, or a leader's heartbeat/CheckQuorum).
    Timer(NodeId),
    /// An outside command.
    Command(Command),
}

/// One event of a run: its number, time, cause, and what the servers did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepReport {
    /// How many events happened before this one.
    pub step: u64,
    /// The virtual time of the event.
    pub time: Time,
    /// What the event was.
    pub cause: Cause,
    /// What each server did, in order.
    pub events: Vec<(NodeId, NodeEvent)>,
    /// Ids of the messages sent during the event.
    pub sent: Vec<u64>,
}

impl Default for StepReport {
    fn default() -> Self {
        Self {
            step: 0,
            time: 0,
            cause: Cause::Start,
            events: Vec::new(),
            sent: Vec::new(),
        }
    }
}

impl StepReport {
    /// The narration lines of this event's server events.
    pub fn narration(&self) -> impl Iterator<Item = Narration<'_>> {
        self.events
            .iter()
            .map(|(node, event)| Narration { node: *node, event })
    }
}

impl fmt::Display for StepReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{} t={} ", self.step, self.time)?;
        match &self.cause {
            Cause::Start => f.write_str("start")?,
            Cause::Delivered(e) => write!(f, "deliver #{} {}", e.id, e.message)?,
            Cause::Lost { envelope, because } => {
                let why = match because {
                    Loss::Partitioned => "link cut",
                    Loss::ReceiverDown => "receiver down",
                };
                write!(f, "lost #{} {} ({why})", envelope.id, envelope.message)?
            }
            Cause::Timer(n) => write!(f, "timer {n}")?,
            Cause::Command(c) => write!(f, "command: {c}")?,
        }
        for line in self.narration() {
            write!(f, "\n    {line}")?;
        }
        Ok(())
    }
}
