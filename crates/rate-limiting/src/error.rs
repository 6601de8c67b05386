//! The crate's small error types. Decisions themselves never fail.

use crate::time::Nanos;
use std::fmt;

/// A configuration that cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// No algorithm has this identifier.
    UnknownAlgorithm(String),
    /// Splitting the limit among the instances would leave some with nothing.
    LimitTooSmallToSplit {
        /// The limit (or burst, or queue capacity) being split.
        limit: u32,
        /// The number of instances.
        instances: u32,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::UnknownAlgorithm(id) => write!(
                f,
                "unknown algorithm `{id}` (known: token-bucket, leaky-meter, leaky-queue, \
                 fixed-window, sliding-log, sliding-counter, gcra)"
            ),
            ConfigError::LimitTooSmallToSplit { limit, instances } => write!(
                f,
                "a limit of {limit} cannot be split among {instances} instances \
                 (each needs at least 1)"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Arrival times that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The 1-based line of the bad token.
    pub line: usize,
    /// The token as written.
    pub token: String,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: `{}`: {}", self.line, self.token, self.problem)
    }
}

impl std::error::Error for ParseError {}

/// A request sent by hand earlier than the last one already decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfOrder {
    /// The time given.
    pub at: Nanos,
    /// The latest time already decided.
    pub latest: Nanos,
}

impl fmt::Display for OutOfOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a request at {} ns is earlier than the last one decided ({} ns); time only moves forward",
            self.at, self.latest
        )
    }
}

impl std::error::Error for OutOfOrder {}
