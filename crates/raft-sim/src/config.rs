//! Configurations that cannot be built invalid.
//!
//! [`NodeConfig`] holds one server's timing and the two optional extensions of the thesis
//! (Ongaro, "Consensus: Bridging Theory and Practice", 2014, §9.6): Pre-Vote and
//! CheckQuorum, both off by default as in the paper's basic algorithm. [`ClusterConfig`]
//! adds the cluster size (3 to 9 servers), the simulated network's message delays and the
//! seed. Both are checked when built and when deserialised (`serde(try_from)`), so a bad
//! share link yields a [`ConfigError`], never a broken simulation.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a configuration was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfigError {
    /// The election timeout range is empty or starts at zero.
    ElectionTimeout {
        /// The shortest timeout asked for, in ticks.
        min: u32,
        /// The longest timeout asked for, in ticks.
        max: u32,
    },
    /// Heartbeats must be sent more often than the shortest election timeout, or
    /// followers would time out under a healthy leader (§5.6: broadcastTime ≪ electionTimeout).
    HeartbeatTooSlow {
        /// The heartbeat interval asked for, in ticks.
        heartbeat: u32,
        /// The shortest election timeout, in ticks.
        election_min: u32,
    },
    /// A zero heartbeat interval or a zero batch size.
    Zero(&'static str),
    /// The cluster size is outside 3..=9.
    ClusterSize(u8),
    /// The message delay range is empty or starts at zero.
    Delay {
        /// The shortest delay asked for, in ticks.
        min: u32,
        /// The longest delay asked for, in ticks.
        max: u32,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ElectionTimeout { min, max } => write!(
                f,
                "election timeout range {min}..={max} must start at 1 or more and not be empty"
            ),
            Self::HeartbeatTooSlow { heartbeat, election_min } => write!(
                f,
                "heartbeat interval {heartbeat} must be shorter than the shortest election timeout {election_min}"
            ),
            Self::Zero(what) => write!(f, "{what} must be at least 1"),
            Self::ClusterSize(n) => write!(f, "cluster size {n} must be between 3 and 9"),
            Self::Delay { min, max } => write!(
                f,
                "message delay range {min}..={max} must start at 1 or more and not be empty"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

/// One server's settings: timing in ticks and the optional thesis extensions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawNodeConfig", into = "RawNodeConfig")]
pub struct NodeConfig {
    election_min: u32,
    election_max: u32,
    heartbeat: u32,
    max_batch: u32,
    /// Pre-Vote (thesis §9.6): ask whether an election could be won before bumping the term.
    pub pre_vote: bool,
    /// CheckQuorum (thesis §6.2 and §9.6): a leader steps down when it has not heard from
    /// a majority for an election timeout, and followers that heard from a leader within
    /// the minimum election timeout ignore vote requests (the leader lease).
    pub check_quorum: bool,
}

/// The unchecked form of [`NodeConfig`], as it appears in serialised data.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct RawNodeConfig {
    election_min: u32,
    election_max: u32,
    heartbeat: u32,
    max_batch: u32,
    pre_vote: bool,
    check_quorum: bool,
}

impl TryFrom<RawNodeConfig> for NodeConfig {
    type Error = ConfigError;
    fn try_from(r: RawNodeConfig) -> Result<Self, ConfigError> {
        let mut c = NodeConfig::new(r.election_min, r.election_max, r.heartbeat)?;
        c = c.with_max_batch(r.max_batch)?;
        c.pre_vote = r.pre_vote;
        c.check_quorum = r.check_quorum;
        Ok(c)
    }
}

impl From<NodeConfig> for RawNodeConfig {
    fn from(c: NodeConfig) -> Self {
        Self {
            election_min: c.election_min,
            election_max: c.election_max,
            heartbeat: c.heartbeat,
            max_batch: c.max_batch,
            pre_vote: c.pre_vote,
            check_quorum: c.check_quorum,
        }
    }
}

impl Default for NodeConfig {
    /// Election timeouts of 150–300 ticks and heartbeats every 50, the paper's suggested
    /// 150–300 ms (§9.3) read as one tick per millisecond; Pre-Vote and CheckQuorum off.
    fn default() -> Self {
        Self {
            election_min: 150,
            election_max: 300,
            heartbeat: 50,
            max_batch: 64,
            pre_vote: false,
            check_quorum: false,
        }
    }
}

impl NodeConfig {
    /// Election timeouts drawn uniformly from `election_min..=election_max` ticks and a
    /// heartbeat every `heartbeat` ticks (which must be below `election_min`).
    pub fn new(election_min: u32, election_max: u32, heartbeat: u32) -> Result<Self, ConfigError> {
        if election_min == 0 || election_max < election_min {
            return Err(ConfigError::ElectionTimeout {
                min: election_min,
                max: election_max,
            });
        }
        if heartbeat == 0 {
            return Err(ConfigError::Zero("heartbeat interval"));
        }
        if heartbeat >= election_min {
            return Err(ConfigError::HeartbeatTooSlow {
                heartbeat,
                election_min,
            });
        }
        Ok(Self {
            election_min,
            election_max,
            heartbeat,
            ..Self::default()
        })
    }

    /// The same settings with at most `max_batch` entries per AppendEntries message.
    pub fn with_max_batch(mut self, max_batch: u32) -> Result<Self, ConfigError> {
        if max_batch == 0 {
            return Err(ConfigError::Zero("entries per AppendEntries"));
        }
        self.max_batch = max_batch;
        Ok(self)
    }

    /// The same settings with Pre-Vote switched on or off.
    pub fn with_pre_vote(mut self, on: bool) -> Self {
        self.pre_vote = on;
        self
    }

    /// The same settings with CheckQuorum switched on or off.
    pub fn with_check_quorum(mut self, on: bool) -> Self {
        self.check_quorum = on;
        self
    }

    /// The shortest election timeout, in ticks.
    pub fn election_min(&self) -> u32 {
        self.election_min
    }

    /// The longest election timeout, in ticks.
    pub fn election_max(&self) -> u32 {
        self.election_max
    }

    /// The interval between a leader's heartbeats, in ticks.
    pub fn heartbeat(&self) -> u32 {
        self.heartbeat
    }

    /// The most entries one AppendEntries message carries.
    pub fn max_batch(&self) -> u32 {
        self.max_batch
    }
}

/// A whole simulated cluster's settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawClusterConfig", into = "RawClusterConfig")]
pub struct ClusterConfig {
    size: u8,
    node: NodeConfig,
    delay_min: u32,
    delay_max: u32,
    /// The seed every random choice of the run (timeouts, delays) is drawn from.
    pub seed: u64,
}

/// The unchecked form of [`ClusterConfig`], as it appears in serialised data.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct RawClusterConfig {
    size: u8,
    node: NodeConfig,
    delay_min: u32,
    delay_max: u32,
    seed: u64,
}

impl TryFrom<RawClusterConfig> for ClusterConfig {
    type Error = ConfigError;
    fn try_from(r: RawClusterConfig) -> Result<Self, ConfigError> {
        ClusterConfig::new(r.size, r.seed)?
            .with_node(r.node)
            .with_delay(r.delay_min, r.delay_max)
    }
}

impl From<ClusterConfig> for RawClusterConfig {
    fn from(c: ClusterConfig) -> Self {
        Self {
            size: c.size,
            node: c.node,
            delay_min: c.delay_min,
            delay_max: c.delay_max,
            seed: c.seed,
        }
    }
}

impl ClusterConfig {
    /// The smallest cluster this simulator builds.
    pub const MIN_SIZE: u8 = 3;
    /// The largest cluster this simulator builds.
    pub const MAX_SIZE: u8 = 9;

    /// A cluster of `size` servers (3 to 9) with default node settings and message
    /// delays of 5–25 ticks (well under the 50-tick heartbeat, as §5.6 requires).
    pub fn new(size: u8, seed: u64) -> Result<Self, ConfigError> {
        if !(Self::MIN_SIZE..=Self::MAX_SIZE).contains(&size) {
            return Err(ConfigError::ClusterSize(size));
        }
        Ok(Self {
            size,
            node: NodeConfig::default(),
            delay_min: 5,
            delay_max: 25,
            seed,
        })
    }

    /// The same cluster with these node settings.
    pub fn with_node(mut self, node: NodeConfig) -> Self {
        self.node = node;
        self
    }

    /// The same cluster with message delays drawn uniformly from `min..=max` ticks.
    pub fn with_delay(mut self, min: u32, max: u32) -> Result<Self, ConfigError> {
        if min == 0 || max < min {
            return Err(ConfigError::Delay { min, max });
        }
        self.delay_min = min;
        self.delay_max = max;
        Ok(self)
    }

    /// The number of servers.
    pub fn size(&self) -> u8 {
        self.size
    }

    /// Every server's settings.
    pub fn node(&self) -> &NodeConfig {
        &self.node
    }

    /// The shortest message delay, in ticks.
    pub fn delay_min(&self) -> u32 {
        self.delay_min
    }

    /// The longest message delay, in ticks.
    pub fn delay_max(&self) -> u32 {
        self.delay_max
    }

    /// How many votes or replicas make a majority: `size / 2 + 1`.
    pub fn quorum(&self) -> usize {
        usize::from(self.size) / 2 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_configurations_are_refused() {
        assert!(NodeConfig::new(0, 10, 1).is_err());
        assert!(NodeConfig::new(10, 9, 1).is_err());
        assert!(NodeConfig::new(10, 20, 0).is_err());
        assert!(NodeConfig::new(10, 20, 10).is_err());
        assert!(NodeConfig::default().with_max_batch(0).is_err());
        assert!(ClusterConfig::new(2, 0).is_err());
        assert!(ClusterConfig::new(10, 0).is_err());
        assert!(ClusterConfig::new(3, 0).unwrap().with_delay(0, 1).is_err());
        assert!(ClusterConfig::new(3, 0).unwrap().with_delay(3, 2).is_err());
    }

    #[test]
    fn quorum_is_a_majority() {
        for (n, q) in [(3, 2), (4, 3), (5, 3), (7, 4), (9, 5)] {
            assert_eq!(ClusterConfig::new(n, 0).unwrap().quorum(), q);
        }
    }

    #[test]
    fn deserialising_checks_too() {
        let good = ClusterConfig::new(5, 9).unwrap();
        let json = serde_json::to_string(&good).unwrap();
        assert_eq!(serde_json::from_str::<ClusterConfig>(&json).unwrap(), good);
        let bad = json.replace("\"size\":5", "\"size\":12");
        assert!(serde_json::from_str::<ClusterConfig>(&bad).is_err());
        let bad = json.replace("\"heartbeat\":50", "\"heartbeat\":500");
        assert!(serde_json::from_str::<ClusterConfig>(&bad).is_err());
    }

    #[test]
    fn errors_read_well() {
        let e = ClusterConfig::new(1, 0).unwrap_err();
        assert_eq!(e.to_string(), "cluster size 1 must be between 3 and 9");
    }
}
