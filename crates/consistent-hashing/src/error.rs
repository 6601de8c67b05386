//! The crate's one error type.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a configuration or a membership change was refused.
///
/// Every fallible constructor and change returns this; nothing in the crate panics on
/// caller input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Error {
    /// A membership must hold at least one node.
    NoNodes,
    /// A node's name is empty.
    EmptyName,
    /// Two nodes share a name (names identify nodes across membership changes).
    DuplicateNode {
        /// The repeated name.
        name: String,
    },
    /// No node has this name.
    UnknownNode {
        /// The name asked for.
        name: String,
    },
    /// A count that must be at least one was zero.
    Zero {
        /// Which parameter.
        what: &'static str,
    },
    /// A Maglev table size that is not prime.
    NotPrime {
        /// The size given.
        size: u32,
    },
    /// A parameter outside its allowed range.
    OutOfRange {
        /// Which parameter.
        what: &'static str,
        /// The allowed range, in words.
        allowed: String,
        /// The value given, as text.
        given: String,
    },
    /// The Maglev table has fewer slots than there are nodes.
    TableTooSmall {
        /// The table size.
        size: u32,
        /// The number of nodes (with weights, the number of turns per round).
        nodes: u64,
    },
    /// A move report compares two placements of different key lists.
    KeysDiffer {
        /// Keys in the placement before.
        before: usize,
        /// Keys in the placement after.
        after: usize,
    },
    /// The ring would hold more points than the crate allows.
    TooManyPoints {
        /// The points asked for.
        points: u64,
        /// The limit.
        limit: u64,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoNodes => f.write_str("a placement needs at least one node"),
            Error::EmptyName => f.write_str("a node's name must not be empty"),
            Error::DuplicateNode { name } => write!(f, "there is already a node named `{name}`"),
            Error::UnknownNode { name } => write!(f, "there is no node named `{name}`"),
            Error::Zero { what } => write!(f, "{what} must be at least 1"),
            Error::NotPrime { size } => {
                write!(f, "the Maglev table size must be prime, and {size} is not")
            }
            Error::OutOfRange { what, allowed, given } => {
                write!(f, "{what} must be {allowed}, not {given}")
            }
            Error::TableTooSmall { size, nodes } => write!(
                f,
                "the Maglev table ({size} slots) must be larger than the nodes' turns per round ({nodes})"
            ),
            Error::KeysDiffer { before, after } => write!(
                f,
                "a move report needs the same keys before and after ({before} keys before, {after} after, or the keys differ)"
            ),
            Error::TooManyPoints { points, limit } => {
                write!(f, "the ring would hold {points} points; the limit is {limit}")
            }
        }
    }
}

impl std::error::Error for Error {}
