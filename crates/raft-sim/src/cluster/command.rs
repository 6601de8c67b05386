//! What a user (or the fault injector) can do to a running cluster.
//!
//! Every command is one recorded event of the run, so a history of commands plus the seed
//! replays the run exactly. A command that cannot apply (restarting a server that is up,
//! dropping a message that is no longer in flight) is refused with a [`CommandError`] and
//! changes nothing.

use crate::ids::{NodeId, Time};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An outside action on the cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// Crash a server: it loses its volatile state; messages to it are lost.
    Crash(NodeId),
    /// Restart a crashed server from its persistent state.
    Restart(NodeId),
    /// Make a server's election timer fire now.
    ForceTimeout(NodeId),
    /// A client write, sent to `to` or, when `None`, to the server that believes it
    /// leads the highest term.
    ClientWrite {
        /// The server the client contacts.
        to: Option<NodeId>,
    },
    /// Lose one in-flight message.
    Drop {
        /// The message's id.
        message: u64,
    },
    /// Send a copy of one in-flight message, with its own random delay.
    Duplicate {
        /// The message's id.
        message: u64,
    },
    /// Hold one in-flight message back, so later messages overtake it.
    Delay {
        /// The message's id.
        message: u64,
        /// Extra ticks.
        by: Time,
    },
    /// Split the servers into groups that cannot reach each other (replacing any cuts).
    /// Servers not listed form one more group together.
    Partition {
        /// The groups.
        groups: Vec<Vec<NodeId>>,
    },
    /// Cut the link from one server to another, in that direction only.
    Cut {
        /// The sender side.
        from: NodeId,
        /// The receiver side.
        to: NodeId,
    },
    /// Reconnect every link.
    Heal,
}

/// Why a command was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommandError {
    /// There is no server with this id in the cluster.
    UnknownNode(NodeId),
    /// The server is down.
    NodeDown(NodeId),
    /// The server is already up.
    NodeUp(NodeId),
    /// A leader has no election timer to force.
    NodeIsLeader(NodeId),
    /// No server is up and leading, so the write has nowhere to go.
    NoLeader,
    /// No message with this id is in flight.
    NoSuchMessage(u64),
    /// A server appears in two groups.
    ServerInTwoGroups(NodeId),
    /// A link from a server to itself.
    SelfLink(NodeId),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownNode(n) => write!(f, "there is no server {n} in this cluster"),
            Self::NodeDown(n) => write!(f, "{n} is down"),
            Self::NodeUp(n) => write!(f, "{n} is already up"),
            Self::NodeIsLeader(n) => write!(f, "{n} is the leader and has no election timer"),
            Self::NoLeader => {
                f.write_str("no server is leading, so the client has nowhere to write")
            }
            Self::NoSuchMessage(id) => write!(f, "message #{id} is not in flight"),
            Self::ServerInTwoGroups(n) => write!(f, "{n} is in two groups"),
            Self::SelfLink(n) => write!(f, "{n} cannot be cut off from itself"),
        }
    }
}

impl std::error::Error for CommandError {}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Crash(n) => write!(f, "crash {n}"),
            Self::Restart(n) => write!(f, "restart {n}"),
            Self::ForceTimeout(n) => write!(f, "force {n} to time out"),
            Self::ClientWrite { to: Some(n) } => write!(f, "client write to {n}"),
            Self::ClientWrite { to: None } => f.write_str("client write to the leader"),
            Self::Drop { message } => write!(f, "drop message #{message}"),
            Self::Duplicate { message } => write!(f, "duplicate message #{message}"),
            Self::Delay { message, by } => write!(f, "delay message #{message} by {by} ticks"),
            Self::Partition { groups } => {
                f.write_str("partition")?;
                for g in groups {
                    f.write_str(" {")?;
                    for (i, n) in g.iter().enumerate() {
                        if i > 0 {
                            f.write_str(",")?;
                        }
                        write!(f, "{n}")?;
                    }
                    f.write_str("}")?;
                }
                Ok(())
            }
            Self::Cut { from, to } => write!(f, "cut {from}→{to}"),
            Self::Heal => f.write_str("heal the network"),
        }
    }
}
