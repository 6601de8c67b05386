//! Raft as a pure, deterministic state machine, with a simulated cluster to drive it, a
//! recorded history to travel in, and a checker of its safety properties.
//!
//! The algorithm is the one of Diego Ongaro and John Ousterhout, "In Search of an
//! Understandable Consensus Algorithm", USENIX ATC 2014 (figure 2 is the specification
//! followed here), with two extensions from Ongaro's thesis, "Consensus: Bridging Theory
//! and Practice", Stanford 2014: Pre-Vote and CheckQuorum (§9.6 and §6.2), both off by
//! default. The shape follows tikv's raft-rs: a [`Node`] is driven by
//! [`tick`](Node::tick), [`step`](Node::step) and [`propose`](Node::propose), and its
//! output is collected with [`ready`](Node::ready); there is no I/O, no thread and no
//! clock inside, and the randomised election timeout comes from a seeded generator the
//! node owns.
//!
//! | module | what it holds |
//! |---|---|
//! | [`node`] | one server: roles, terms, votes, the log, `nextIndex`/`matchIndex`, timers |
//! | [`cluster`] | 3–9 servers, a virtual clock, seeded message delays and faults |
//! | [`history`] | a recorded run: step back, scrub, fork, share as a [`Script`] |
//! | [`checker`] | the five safety properties of figure 3, after every event |
//! | [`sim`] | seeded fault injection, liveness check and failure shrinking |
//! | [`presets`] | named scenarios (a clean election, a split vote, a stale leader…) |
//! | [`compact`] | commands as short URL words (`crash:2@150`) for share links |
//! | [`script_text`] | the scenario language of the command-line example |
//! | [`figures`] | the starting logs of the paper's figures 7 and 8 |
//!
//! # What is guaranteed
//!
//! | property | guaranteed by | checked by |
//! |---|---|---|
//! | Election Safety | one vote per term, majorities intersect (§5.2) | [`Checker`], every event |
//! | Leader Append-Only | leaders never truncate (§5.3) | [`Checker`], every event |
//! | Log Matching | the AppendEntries consistency check (§5.3) | [`Checker`], every event |
//! | Leader Completeness | the election restriction + current-term commitment (§5.4) | [`Checker`], every event |
//! | State Machine Safety | the four above (§5.4.3) | [`Checker`], every event |
//! | Liveness | randomised timeouts (§5.2, §9.3); not guaranteed under faults (FLP) | [`sim`]: once faults stop, a write commits within a stated bound |
//! | Determinism | no wall clock, no global randomness | same seed and commands give the same run, byte for byte |
//!
//! # Example
//!
//! ```
//! use raft_sim::{ClusterConfig, Command, History, NodeId, Role};
//!
//! let config = ClusterConfig::new(5, 42).expect("5 servers is a valid size");
//! let mut run = History::new(config);
//! // Let the cluster elect a leader.
//! while run.cluster().leader().is_none() {
//!     run.step();
//! }
//! let leader = run.cluster().leader().unwrap();
//! assert_eq!(run.cluster().node(leader).unwrap().role(), Role::Leader);
//!
//! // Crash it, and watch another server take over.
//! run.apply(Command::Crash(leader)).unwrap();
//! while run.cluster().leader().is_none() {
//!     run.step();
//! }
//! assert_ne!(run.cluster().leader(), Some(leader));
//! assert!(run.violation().is_none(), "the checker ran after every event");
//!
//! // Every event explains itself.
//! for line in run.reports().iter().flat_map(|r| r.narration()).take(3) {
//!     println!("{line}"); // e.g. "S4 timed out in term 0 and asked for votes"
//! }
//!
//! // Travel back to the first event and fork a different future there.
//! run.seek(1);
//! run.apply(Command::Crash(NodeId(2))).unwrap();
//! assert_eq!((run.position(), run.len()), (2, 2));
//! ```
//!
//! # Memory
//!
//! A log entry costs 16 bytes (term and command) in each server's log. A [`History`]
//! costs one [`StepReport`] per event plus one cluster snapshot every
//! [`History::DEFAULT_SNAPSHOT_EVERY`] events; the crate's README gives the measured
//! figure for a 10,000-event run.

pub mod checker;
pub mod cluster;
pub mod compact;
pub mod config;
pub mod event;
pub mod figures;
pub mod history;
pub mod ids;
pub mod log;
pub mod message;
pub mod node;
pub mod presets;
pub mod rng;
pub mod script_text;
pub mod sim;

pub use checker::{Checker, Property, Violation};
pub use cluster::{Cause, Cluster, Command, CommandError, Envelope, Loss, StepReport};
pub use config::{ClusterConfig, ConfigError, NodeConfig};
pub use event::{AppendRefusal, Narration, NodeEvent, StepDown, VoteRefusal};
pub use history::{History, Script};
pub use ids::{Index, NodeId, Term, Time};
pub use log::{Entry, RaftLog};
pub use message::{Body, Message};
pub use node::{Node, Persistent, Progress, ProposeError, Ready, Role};
pub use presets::{Preset, PresetOptions};
pub use rng::SplitMix64;
