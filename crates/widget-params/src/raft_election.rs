//! The Raft election widget: a simulated cluster stepped event by event, with faults.
//!
//! ```toml
//! preset = "leader-crash"   # "" (a free run) or one of raft_sim's preset slugs
//! nodes = 5                 # servers, 3 to 9 (a preset fixes its own size)
//! seed = 1                  # every random choice of the run (timeouts, delays)
//! pre_vote = false          # Pre-Vote (thesis §9.6)
//! check_quorum = false      # CheckQuorum (thesis §6.2)
//! actions = ["crash:2@150", "heal@400"]   # outside commands at event numbers
//! events = 0                # how many events are recorded (0: the preset's own length)
//! position = 0              # the event number shown
//! ```
//!
//! The whole state of the widget is these parameters: the run is deterministic, so the
//! settings plus the commands (in `raft_sim::compact`'s words) rebuild it exactly. With a
//! preset, `actions`, when given, replace the preset's own staged commands (a share link
//! made after acting in the past carries the whole forked list).

use crate::{ParamError, WidgetParams};
use raft_sim::{compact, Preset};
use serde::{Deserialize, Serialize};

/// The cluster sizes the widget offers.
pub const NODES: std::ops::RangeInclusive<u8> = 3..=9;
/// The most events a run may record (bounds the work a link can ask for).
pub const MAX_EVENTS: u64 = 20_000;
/// The most outside commands a run may carry.
pub const MAX_ACTIONS: usize = 300;

/// The Raft widget's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RaftElectionParams {
    /// A preset's slug, or empty for a free run.
    pub preset: String,
    /// Servers in a free run, in [`NODES`].
    pub nodes: u8,
    /// The seed.
    pub seed: u64,
    /// Pre-Vote on or off.
    pub pre_vote: bool,
    /// CheckQuorum on or off.
    pub check_quorum: bool,
    /// Outside commands as `raft_sim::compact` words, in order of event number.
    pub actions: Vec<String>,
    /// Events recorded (0: as many as the preset and the actions need).
    pub events: u64,
    /// The event number shown.
    pub position: u64,
}

impl Default for RaftElectionParams {
    fn default() -> Self {
        Self {
            preset: String::new(),
            nodes: 5,
            seed: 1,
            pre_vote: false,
            check_quorum: false,
            actions: Vec::new(),
            events: 0,
            position: 0,
        }
    }
}

impl RaftElectionParams {
    /// The preset, if one is named (and known).
    pub fn preset(&self) -> Option<Preset> {
        Preset::from_slug(&self.preset)
    }
}

impl WidgetParams for RaftElectionParams {
    const NAME: &'static str = "raft-election";
    const TITLE: &'static str = "Raft election stepper";
    const SUMMARY: &'static str = "Step a Raft cluster of 3 to 9 servers event by event: crash servers, cut the network, drop messages and send writes, scrub back in time and fork a new future, while a live checker watches Raft's safety properties.";

    fn validate(&self) -> Result<(), ParamError> {
        if !self.preset.is_empty() && self.preset().is_none() {
            let names: Vec<&str> = Preset::ALL.iter().map(|p| p.slug()).collect();
            return Err(ParamError::new(format!(
                "`preset` must be empty or one of {}, not {:?}",
                names.join(", "),
                self.preset
            )));
        }
        if !NODES.contains(&self.nodes) {
            return Err(ParamError::new(format!(
                "`nodes` must be {} to {}, not {}",
                NODES.start(),
                NODES.end(),
                self.nodes
            )));
        }
        if self.actions.len() > MAX_ACTIONS {
            return Err(ParamError::new(format!(
                "`actions` may list at most {MAX_ACTIONS} actions, not {}",
                self.actions.len()
            )));
        }
        let commands = compact::decode_all(&self.actions)
            .map_err(|e| ParamError::new(format!("`actions`: {e}")))?;
        if let Some((at, _)) = commands.last().filter(|(at, _)| *at >= MAX_EVENTS) {
            return Err(ParamError::new(format!(
                "`actions`: event {at} is past the last allowed event {}",
                MAX_EVENTS - 1
            )));
        }
        for (name, value) in [("events", self.events), ("position", self.position)] {
            if value > MAX_EVENTS {
                return Err(ParamError::new(format!(
                    "`{name}` must be at most {MAX_EVENTS}, not {value}"
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::WidgetConfig;

    #[test]
    fn empty_body_gives_defaults() {
        let cfg = WidgetConfig::from_json("raft-election", "{}").unwrap();
        assert_eq!(
            cfg.params_json(),
            r#"{"preset":"","nodes":5,"seed":1,"pre_vote":false,"check_quorum":false,"actions":[],"events":0,"position":0}"#
        );
    }

    #[test]
    fn bad_values_are_rejected_with_what_is_allowed() {
        for (json, expected) in [
            (r#"{"preset":"chaos"}"#, "one of clean-election, split-vote"),
            (r#"{"nodes":2}"#, "`nodes` must be 3 to 9, not 2"),
            (r#"{"nodes":10}"#, "`nodes` must be 3 to 9, not 10"),
            (r#"{"actions":["crash:0@1"]}"#, "numbered 1 to 9"),
            (
                r#"{"actions":["heal@9","heal@3"]}"#,
                "in order of event number",
            ),
            (
                r#"{"actions":["heal@20000"]}"#,
                "past the last allowed event",
            ),
            (r#"{"events":20001}"#, "`events` must be at most 20000"),
            (r#"{"position":99999}"#, "`position` must be at most 20000"),
            (r#"{"speed":2}"#, "unknown field"),
        ] {
            let err = WidgetConfig::from_json("raft-election", json).unwrap_err();
            assert!(err.message.contains(expected), "{json}: {err}");
        }
        let good = r#"{"preset":"stale-leader","actions":["crash:2@150","part:12|345@200","heal@400"],"position":300}"#;
        let config = WidgetConfig::from_json("raft-election", good).unwrap();
        // A share link carries the same state.
        let query = config.to_query();
        assert_eq!(
            WidgetConfig::from_query("raft-election", &query),
            Ok(config)
        );
    }
}
