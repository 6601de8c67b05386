//! The fault injector: a seeded generator of outside commands.
//!
//! Before each event, [`Chaos::next_command`] decides from its own generator whether to
//! give the cluster a client write or a fault (crash, restart, partition into random
//! groups, one-way cut, heal, drop, duplicate or delay an in-flight message, forced
//! timeout) instead of letting the next natural event happen. The probabilities are
//! [`ChaosRates`]; every command it gives goes through [`Cluster::apply`] like a user's,
//! so a failing run is replayed from the recorded commands alone.

use crate::cluster::{Cluster, Command};
use crate::ids::NodeId;
use crate::rng::SplitMix64;
use serde::{Deserialize, Serialize};

/// How often the injector acts, in chances per million events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChaosRates {
    /// A client write to the leader (or, one time in four, to a random server).
    pub write: u32,
    /// Any fault.
    pub fault: u32,
}

impl Default for ChaosRates {
    /// A write every ~30 events and a fault every ~25: enough churn that leaders are
    /// deposed, logs diverge and get repaired many times in a 1,000-event run.
    fn default() -> Self {
        Self {
            write: 33_000,
            fault: 40_000,
        }
    }
}

/// The seeded fault injector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chaos {
    rng: SplitMix64,
    rates: ChaosRates,
}

impl Chaos {
    /// An injector drawing from `seed`.
    pub fn new(seed: u64, rates: ChaosRates) -> Self {
        Self {
            rng: SplitMix64::new(seed ^ 0xC4A0_5C4A_05C4_A05C),
            rates,
        }
    }

    /// The command to give before the next event, if any.
    pub fn next_command(&mut self, cluster: &Cluster) -> Option<Command> {
        if self.rng.chance(self.rates.write) {
            let to = if self.rng.below(4) == 0 {
                Some(self.any_node(cluster))
            } else {
                None
            };
            let c = Command::ClientWrite { to };
            return cluster.check_command(&c).is_ok().then_some(c);
        }
        if !self.rng.chance(self.rates.fault) {
            return None;
        }
        let c = self.fault(cluster)?;
        cluster.check_command(&c).is_ok().then_some(c)
    }

    fn any_node(&mut self, cluster: &Cluster) -> NodeId {
        NodeId(self.rng.below(u64::from(cluster.config().size())) as u8)
    }

    fn any_message(&mut self, cluster: &Cluster) -> Option<u64> {
        let n = cluster.in_flight().len() as u64;
        let i = usize::try_from(self.rng.below(n)).ok()?;
        cluster.in_flight().get(i).map(|e| e.id)
    }

    fn fault(&mut self, cluster: &Cluster) -> Option<Command> {
        let size = cluster.config().size();
        let up = cluster.up().iter().filter(|u| **u).count();
        Some(match self.rng.below(100) {
            0..=14 => {
                // Keep at least one server up so time keeps moving.
                if up <= 1 {
                    return None;
                }
                Command::Crash(self.any_node(cluster))
            }
            15..=34 => Command::Restart(self.any_node(cluster)),
            35..=44 => {
                let k = 2 + self.rng.below(2);
                let mut groups: Vec<Vec<NodeId>> = vec![Vec::new(); k as usize];
                for i in 0..size {
                    let g = self.rng.below(k) as usize;
                    if let Some(group) = groups.get_mut(g) {
                        group.push(NodeId(i));
                    }
                }
                Command::Partition { groups }
            }
            45..=49 => {
                let from = self.any_node(cluster);
                let to = self.any_node(cluster);
                Command::Cut { from, to }
            }
            50..=64 => Command::Heal,
            65..=79 => Command::Drop {
                message: self.any_message(cluster)?,
            },
            80..=89 => Command::Duplicate {
                message: self.any_message(cluster)?,
            },
            90..=94 => {
                let by = 1 + self.rng.below(u64::from(cluster.config().delay_max()) * 4);
                Command::Delay {
                    message: self.any_message(cluster)?,
                    by,
                }
            }
            _ => Command::ForceTimeout(self.any_node(cluster)),
        })
    }
}
