//! The hash-ring widget: keys placed on nodes by consistent hashing (or one of the
//! schemes it is compared with), with nodes joining and leaving.
//!
//! ```toml
//! algorithm = "ring"          # ring, rendezvous, jump, maglev, bounded-loads, modulo
//! nodes = ["A", "B", "C"]     # 1 to 16 distinct names, each 1 to 12 characters
//! weights = [1, 1, 3]         # each node's weight, 1 to 10 (empty: all 1)
//! vnodes = 10                 # virtual nodes per node (ring and bounded loads), 1 to 1,000
//! keys = 1000                 # 50 to 100,000
//! hot = 0                     # percent of the keys that are one hot key, 0 to 50
//! epsilon = 250               # bounded loads' slack in thousandths (cap = (1 + ε) × mean), 50 to 2,000
//! replication = 1             # copies of each key, 1 to 5
//! seed = 1                    # which keys (any whole number from 0)
//! ```

use crate::{ParamError, WidgetParams};
use serde::{Deserialize, Serialize};

/// The algorithms a note may start the widget on, by their URL names.
pub const ALGORITHMS: [&str; 6] = [
    "ring",
    "rendezvous",
    "jump",
    "maglev",
    "bounded-loads",
    "modulo",
];

/// The most nodes the widget shows.
pub const MAX_NODES: usize = 16;
/// The longest node name.
pub const MAX_NAME: usize = 12;
/// The range of virtual nodes per node.
pub const VNODES: std::ops::RangeInclusive<u32> = 1..=1_000;
/// The range of the number of keys.
pub const KEYS: std::ops::RangeInclusive<u32> = 50..=100_000;
/// The range of a node's weight.
pub const WEIGHT: std::ops::RangeInclusive<u32> = 1..=10;
/// The range of the hot key's share of the keys, in percent.
pub const HOT: std::ops::RangeInclusive<u8> = 0..=50;
/// The range of bounded loads' ε, in thousandths.
pub const EPSILON: std::ops::RangeInclusive<u32> = 50..=2_000;
/// The range of the replication factor.
pub const REPLICATION: std::ops::RangeInclusive<u8> = 1..=5;

/// The hash ring's starting state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HashRingParams {
    /// The placement algorithm, one of [`ALGORITHMS`].
    pub algorithm: String,
    /// The nodes' names, 1 to [`MAX_NODES`], distinct.
    pub nodes: Vec<String>,
    /// Each node's weight, in [`WEIGHT`], in the order of `nodes`; empty means all 1.
    pub weights: Vec<u32>,
    /// Virtual nodes per node, in [`VNODES`].
    pub vnodes: u32,
    /// How many keys, in [`KEYS`].
    pub keys: u32,
    /// The percentage of the keys that are copies of one hot key, in [`HOT`].
    pub hot: u8,
    /// Bounded loads' ε in thousandths, in [`EPSILON`].
    pub epsilon: u32,
    /// Copies of each key, in [`REPLICATION`].
    pub replication: u8,
    /// The seed the keys are drawn from.
    pub seed: u64,
}

impl Default for HashRingParams {
    fn default() -> Self {
        Self {
            algorithm: "ring".into(),
            nodes: vec!["A".into(), "B".into(), "C".into()],
            weights: Vec::new(),
            vnodes: 10,
            keys: 1_000,
            hot: 0,
            epsilon: 250,
            replication: 1,
            seed: 1,
        }
    }
}

impl WidgetParams for HashRingParams {
    const NAME: &'static str = "hash-ring";
    const TITLE: &'static str = "Hash ring";
    const SUMMARY: &'static str =
        "Place keys on nodes with consistent hashing and five other schemes, add and remove nodes, and count how many keys move.";

    fn validate(&self) -> Result<(), ParamError> {
        if !ALGORITHMS.contains(&self.algorithm.as_str()) {
            return Err(ParamError::new(format!(
                "`algorithm` must be one of {}, not {:?}",
                ALGORITHMS.join(", "),
                self.algorithm
            )));
        }
        if self.nodes.is_empty() || self.nodes.len() > MAX_NODES {
            return Err(ParamError::new(format!(
                "`nodes` must list 1 to {MAX_NODES} names, not {}",
                self.nodes.len()
            )));
        }
        for (i, name) in self.nodes.iter().enumerate() {
            let chars = name.chars().count();
            if chars == 0 || chars > MAX_NAME || name.trim() != name {
                return Err(ParamError::new(format!(
                    "node names must be 1 to {MAX_NAME} characters with no spaces around them, not {name:?}"
                )));
            }
            if self.nodes[..i].contains(name) {
                return Err(ParamError::new(format!(
                    "node names must be distinct: {name:?} is listed twice"
                )));
            }
        }
        if !self.weights.is_empty() && self.weights.len() != self.nodes.len() {
            return Err(ParamError::new(format!(
                "`weights` must give one weight per node ({}), or none, not {}",
                self.nodes.len(),
                self.weights.len()
            )));
        }
        if let Some(w) = self.weights.iter().find(|w| !WEIGHT.contains(w)) {
            return Err(ParamError::new(format!(
                "each weight must be {} to {}, not {w}",
                WEIGHT.start(),
                WEIGHT.end()
            )));
        }
        if !HOT.contains(&self.hot) {
            return Err(ParamError::new(format!(
                "`hot` must be {} to {} percent, not {}",
                HOT.start(),
                HOT.end(),
                self.hot
            )));
        }
        if !EPSILON.contains(&self.epsilon) {
            return Err(ParamError::new(format!(
                "`epsilon` must be {} to {} thousandths, not {}",
                EPSILON.start(),
                EPSILON.end(),
                self.epsilon
            )));
        }
        if !VNODES.contains(&self.vnodes) {
            return Err(ParamError::new(format!(
                "`vnodes` must be {} to {}, not {}",
                VNODES.start(),
                VNODES.end(),
                self.vnodes
            )));
        }
        if !KEYS.contains(&self.keys) {
            return Err(ParamError::new(format!(
                "`keys` must be {} to {}, not {}",
                KEYS.start(),
                KEYS.end(),
                self.keys
            )));
        }
        if !REPLICATION.contains(&self.replication) {
            return Err(ParamError::new(format!(
                "`replication` must be {} to {}, not {}",
                REPLICATION.start(),
                REPLICATION.end(),
                self.replication
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::WidgetConfig;

    #[test]
    fn empty_body_gives_defaults() {
        let cfg = WidgetConfig::from_json("hash-ring", "{}").unwrap();
        assert_eq!(
            cfg.params_json(),
            r#"{"algorithm":"ring","nodes":["A","B","C"],"weights":[],"vnodes":10,"keys":1000,"hot":0,"epsilon":250,"replication":1,"seed":1}"#
        );
    }

    #[test]
    fn out_of_range_values_are_rejected_with_the_range() {
        for (json, expected) in [
            (
                r#"{"algorithm":"magic"}"#,
                "`algorithm` must be one of ring,",
            ),
            (r#"{"nodes":[]}"#, "`nodes` must list 1 to 16 names, not 0"),
            (r#"{"nodes":["A","A"]}"#, "\"A\" is listed twice"),
            (r#"{"nodes":[""]}"#, "node names must be 1 to 12"),
            (r#"{"nodes":[" A"]}"#, "node names must be 1 to 12"),
            (r#"{"vnodes":0}"#, "`vnodes` must be 1 to 1000, not 0"),
            (r#"{"keys":10}"#, "`keys` must be 50 to 100000, not 10"),
            (
                r#"{"weights":[1]}"#,
                "one weight per node (3), or none, not 1",
            ),
            (
                r#"{"weights":[1,0,1]}"#,
                "each weight must be 1 to 10, not 0",
            ),
            (r#"{"hot":51}"#, "`hot` must be 0 to 50 percent"),
            (r#"{"epsilon":10}"#, "`epsilon` must be 50 to 2000"),
            (
                r#"{"replication":6}"#,
                "`replication` must be 1 to 5, not 6",
            ),
            (r#"{"colour":1}"#, "unknown field"),
            (r#"{"seed":-1}"#, "invalid value"),
        ] {
            let err = WidgetConfig::from_json("hash-ring", json).unwrap_err();
            assert!(err.message.contains(expected), "{json}: {err}");
        }
        let many: Vec<String> = (0..17).map(|i| format!("\"n{i}\"")).collect();
        let json = format!(r#"{{"nodes":[{}]}}"#, many.join(","));
        assert!(WidgetConfig::from_json("hash-ring", &json).is_err());
    }

    #[cfg(feature = "toml")]
    #[test]
    fn toml_bodies_parse_like_json() {
        let cfg = WidgetConfig::from_toml(
            "hash-ring",
            "algorithm = \"maglev\"\nnodes = [\"x\", \"y\"]\nkeys = 400\n",
        )
        .unwrap();
        assert_eq!(
            cfg.params_json(),
            r#"{"algorithm":"maglev","nodes":["x","y"],"weights":[],"vnodes":10,"keys":400,"hot":0,"epsilon":250,"replication":1,"seed":1}"#
        );
    }
}
