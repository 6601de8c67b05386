//! Named scenarios that each show one thing Raft does, as recorded [`History`]s.
//!
//! A preset is a starting state (size, timing, sometimes the logs of a figure of the
//! paper) plus the outside [`Command`]s that stage the scenario: "crash the leader once
//! one is elected and a write has committed". The commands are found by running the
//! simulation and acting when the condition is met, so a preset adapts to the seed and
//! to the Pre-Vote and CheckQuorum switches instead of hard-coding event numbers that
//! would only be right for one run. Every loop is bounded: a seed on which a condition
//! is never met gives a shorter scenario, never a hang or a panic.
//!
//! | preset | what it shows |
//! |---|---|
//! | [`Preset::CleanElection`] | one server times out first, wins every vote, and leads term 1 |
//! | [`Preset::SplitVote`] | two candidates split four votes 2–2; a new term breaks the tie |
//! | [`Preset::LeaderCrash`] | the leader crashes; the others elect a new one in a higher term; it rejoins as a follower |
//! | [`Preset::StaleLeader`] | a leader cut off with a minority keeps leading an old term; its write never commits and is erased after the heal |
//! | [`Preset::LogRepair`] | figure 7: a new leader repairs missing, extra and conflicting entries |
//! | [`Preset::DisruptiveServer`] | an isolated server inflates its term and deposes a healthy leader when it returns |
//! | [`Preset::DisruptivePreVote`] | the same with Pre-Vote: the term stays put and the leader keeps leading |
//!
//! The crate's tests (`presets::tests`) assert on each preset's events that it really
//! shows what it claims.

use crate::cluster::{Cause, Cluster, Command};
use crate::config::{ClusterConfig, ConfigError};
use crate::event::NodeEvent;
use crate::figures;
use crate::history::History;
use crate::ids::NodeId;
use crate::message::Body;
use crate::node::Role;

/// A named scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// A fresh cluster of five elects its first leader without contest.
    CleanElection,
    /// Two servers of four stand at once and split the votes.
    SplitVote,
    /// The leader crashes; a new one is elected; the old one comes back as a follower.
    LeaderCrash,
    /// A minority partition holding the leader: a stale leader that cannot commit.
    StaleLeader,
    /// Figure 7's logs: a new leader of term 8 repairs every follower.
    LogRepair,
    /// A partitioned server returns with a high term and forces an election.
    DisruptiveServer,
    /// The same, with Pre-Vote on: the returning server changes nothing.
    DisruptivePreVote,
}

/// The switches a preset may be run with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresetOptions {
    /// The seed of every random choice.
    pub seed: u64,
    /// Pre-Vote on or off.
    pub pre_vote: bool,
    /// CheckQuorum on or off.
    pub check_quorum: bool,
}

/// Events a preset may spend waiting for one condition before giving up on it.
const PATIENCE: u64 = 3_000;

impl Preset {
    /// Every preset, in the order a menu lists them.
    pub const ALL: [Preset; 7] = [
        Preset::CleanElection,
        Preset::SplitVote,
        Preset::LeaderCrash,
        Preset::StaleLeader,
        Preset::LogRepair,
        Preset::DisruptiveServer,
        Preset::DisruptivePreVote,
    ];

    /// The name used in URLs and widget parameters.
    pub fn slug(self) -> &'static str {
        match self {
            Preset::CleanElection => "clean-election",
            Preset::SplitVote => "split-vote",
            Preset::LeaderCrash => "leader-crash",
            Preset::StaleLeader => "stale-leader",
            Preset::LogRepair => "log-repair",
            Preset::DisruptiveServer => "disruptive-server",
            Preset::DisruptivePreVote => "disruptive-pre-vote",
        }
    }

    /// The preset named `slug`, if any.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// A short title for menus.
    pub fn title(self) -> &'static str {
        match self {
            Preset::CleanElection => "A clean election",
            Preset::SplitVote => "A split vote",
            Preset::LeaderCrash => "The leader crashes",
            Preset::StaleLeader => "A minority partition with a stale leader",
            Preset::LogRepair => "A log that must be repaired (figure 7)",
            Preset::DisruptiveServer => "The disruptive server, without Pre-Vote",
            Preset::DisruptivePreVote => "The disruptive server, with Pre-Vote",
        }
    }

    /// What to watch for, in one or two sentences.
    pub fn description(self) -> &'static str {
        match self {
            Preset::CleanElection => "All five servers start as followers. The one whose randomised timer fires first becomes a candidate in term 1, collects a majority of votes and starts sending heartbeats.",
            Preset::SplitVote => "S1 and S2 time out together in a cluster of four. The network delivers their requests in opposite orders, so each gets two votes of the three needed; nobody wins term 1, and a randomised timeout breaks the tie in a later term.",
            Preset::LeaderCrash => "A leader is elected and commits a write, then crashes. The others stop hearing heartbeats, elect a new leader in a higher term, and the old leader restarts as a follower that catches up.",
            Preset::StaleLeader => "The leader and one follower are cut off from the other three. The old leader still believes it leads, but its write reaches only two of five servers and never commits; the majority elects a new leader and commits its own write. After the heal the stale leader steps down and its entry is replaced.",
            Preset::LogRepair => "The logs of figure 7 of the paper. S1 stands for term 8; S4 and S5 refuse because their logs are more up-to-date. Once elected, S1 backs off each follower's next index until the logs match, fills in missing entries and deletes conflicting ones.",
            Preset::DisruptiveServer => "S5 is cut off. Without Pre-Vote each of its election timeouts raises its term. When it returns, its high term makes the healthy leader step down, and the cluster holds an election it did not need.",
            Preset::DisruptivePreVote => "The same cut-off server with Pre-Vote: it only asks whether it could win, nobody answers, and its term never moves. When it returns it simply follows the leader, which is never disturbed.",
        }
    }

    /// The switches the preset is meant to be seen with.
    pub fn default_options(self) -> PresetOptions {
        PresetOptions {
            seed: match self {
                Preset::CleanElection => 2,
                Preset::SplitVote => 2,
                _ => 3,
            },
            pre_vote: self == Preset::DisruptivePreVote,
            check_quorum: false,
        }
    }

    /// How many servers the preset uses.
    pub fn size(self) -> u8 {
        match self {
            Preset::SplitVote => 4,
            Preset::LogRepair => 7,
            _ => 5,
        }
    }

    /// The configuration the preset runs with.
    pub fn config(self, options: PresetOptions) -> Result<ClusterConfig, ConfigError> {
        let config = match self {
            Preset::LogRepair => figures::scenario_config(self.size(), options.seed)?,
            _ => ClusterConfig::new(self.size(), options.seed)?,
        };
        let node = config
            .node()
            .clone()
            .with_pre_vote(options.pre_vote)
            .with_check_quorum(options.check_quorum);
        Ok(config.with_node(node))
    }

    /// Record the scenario: the returned history holds every event, positioned at its
    /// end. (Every preset's configuration is valid; the error is only passed on.)
    pub fn history(self, options: PresetOptions) -> Result<History, ConfigError> {
        let config = self.config(options)?;
        let initial = match self {
            Preset::LogRepair => figures::figure7(),
            _ => Vec::new(),
        };
        let mut s = Stager {
            h: History::from_states(config, initial),
        };
        match self {
            Preset::CleanElection => {
                s.until(|c| c.leader().is_some());
                s.heartbeats(2);
            }
            Preset::SplitVote => split_vote(&mut s),
            Preset::LeaderCrash => {
                s.elect_and_commit();
                if let Some(old) = s.h.cluster().leader() {
                    s.apply(Command::Crash(old));
                    s.until(|c| c.leader().is_some_and(|l| l != old));
                    s.heartbeats(1);
                    s.apply(Command::Restart(old));
                    s.until(|c| {
                        c.leader().is_some_and(|l| match (c.node(l), c.node(old)) {
                            (Some(l), Some(o)) => {
                                o.commit_index() >= l.commit_index() && o.term() == l.term()
                            }
                            _ => true,
                        })
                    });
                    s.heartbeats(1);
                }
            }
            Preset::StaleLeader => stale_leader(&mut s),
            Preset::LogRepair => {
                s.apply(Command::ForceTimeout(NodeId(0)));
                s.until(|c| c.node(NodeId(0)).is_some_and(|n| n.role() == Role::Leader));
                s.apply(Command::ClientWrite {
                    to: Some(NodeId(0)),
                });
                s.until(|c| {
                    let leader = c.node(NodeId(0)).map(|n| n.log().entries().to_vec());
                    c.nodes().iter().all(|n| {
                        Some(n.log().entries().to_vec()) == leader
                            && n.commit_index() == n.log().last_index()
                    })
                });
            }
            Preset::DisruptiveServer | Preset::DisruptivePreVote => disruptive(&mut s),
        }
        Ok(s.h)
    }
}

/// Records a scenario, acting when conditions are met.
struct Stager {
    h: History,
}

impl Stager {
    /// Step until `done` holds (true) or patience runs out or nothing can happen (false).
    fn until(&mut self, done: impl Fn(&Cluster) -> bool) -> bool {
        for _ in 0..PATIENCE {
            if done(self.h.cluster()) {
                return true;
            }
            if self.h.step().is_none() {
                return false;
            }
        }
        done(self.h.cluster())
    }

    /// Give a command; one that does not apply is skipped.
    fn apply(&mut self, command: Command) -> bool {
        self.h.apply(command).is_ok()
    }

    /// Let the current leader (if any) send `rounds` more heartbeat rounds, and their
    /// answers arrive.
    fn heartbeats(&mut self, rounds: u32) {
        let Some(leader) = self.h.cluster().leader() else {
            return;
        };
        let mut fired = 0;
        for _ in 0..PATIENCE {
            if fired >= rounds {
                break;
            }
            let Some(r) = self.h.step() else { return };
            if r.cause == Cause::Timer(leader) {
                fired += 1;
            }
        }
        self.until(|c| {
            !c.in_flight().iter().any(|e| {
                matches!(
                    e.message.body,
                    Body::AppendEntries { .. } | Body::AppendResponse { .. }
                )
            })
        });
    }

    /// Elect a leader and commit one client write on every server that is up.
    fn elect_and_commit(&mut self) {
        self.until(|c| c.leader().is_some());
        self.heartbeats(1);
        if self.apply(Command::ClientWrite { to: None }) {
            let index = self
                .h
                .cluster()
                .nodes()
                .iter()
                .map(|n| n.log().last_index())
                .max();
            self.until(|c| {
                c.nodes()
                    .iter()
                    .filter(|n| c.is_up(n.id()))
                    .all(|n| Some(n.commit_index()) >= index)
            });
        }
    }
}

/// S1 and S2 stand together; holding back one request each way splits the other two.
fn split_vote(s: &mut Stager) {
    s.apply(Command::ForceTimeout(NodeId(0)));
    s.apply(Command::ForceTimeout(NodeId(1)));
    // S3 hears S1 first and S4 hears S2 first: hold S2's request to S3 and S1's to S4
    // long enough that the other one arrives before them.
    let hold = |from: u8, to: u8, c: &Cluster| {
        c.in_flight()
            .iter()
            .find(|e| {
                e.message.from == NodeId(from)
                    && e.message.to == NodeId(to)
                    && matches!(e.message.body, Body::RequestVote { .. })
            })
            .map(|e| e.id)
    };
    let by = s.h.cluster().config().delay_max().into();
    for (from, to) in [(1, 2), (0, 3)] {
        if let Some(message) = hold(from, to, s.h.cluster()) {
            s.apply(Command::Delay { message, by });
        }
    }
    s.until(|c| c.leader().is_some());
    s.heartbeats(1);
}

/// Elect, cut the leader off with one follower, write on both sides, heal.
fn stale_leader(s: &mut Stager) {
    s.elect_and_commit();
    let Some(old) = s.h.cluster().leader() else {
        return;
    };
    let size = s.h.cluster().config().size();
    let buddy = NodeId((old.0 + 1) % size);
    let minority = vec![old, buddy];
    let majority: Vec<NodeId> = (0..size)
        .map(NodeId)
        .filter(|n| !minority.contains(n))
        .collect();
    s.apply(Command::Partition {
        groups: vec![minority, majority.clone()],
    });
    s.apply(Command::ClientWrite { to: Some(old) });
    let old_term = s.h.cluster().node(old).map_or(0, |n| n.term());
    s.until(|c| {
        majority.iter().any(|&n| {
            c.node(n)
                .is_some_and(|x| x.role() == Role::Leader && x.term() > old_term)
        })
    });
    s.heartbeats(1);
    s.apply(Command::ClientWrite { to: None });
    s.until(|c| {
        c.leader()
            .and_then(|l| c.node(l))
            .is_some_and(|l| l.commit_index() == l.log().last_index())
    });
    s.heartbeats(1);
    s.apply(Command::Heal);
    s.until(|c| {
        let (Some(l), Some(o)) = (c.leader().and_then(|l| c.node(l)), c.node(old)) else {
            return false;
        };
        o.role() == Role::Follower && o.log() == l.log() && o.commit_index() == l.commit_index()
    });
    s.heartbeats(1);
}

/// Elect, isolate S5 (or S4 if S5 leads) for several election timeouts, heal.
fn disruptive(s: &mut Stager) {
    s.elect_and_commit();
    let Some(leader) = s.h.cluster().leader() else {
        return;
    };
    let size = s.h.cluster().config().size();
    let last = NodeId(size - 1);
    let lonely = if leader == last {
        NodeId(size - 2)
    } else {
        last
    };
    let others: Vec<NodeId> = (0..size).map(NodeId).filter(|&n| n != lonely).collect();
    s.apply(Command::Partition {
        groups: vec![vec![lonely], others],
    });
    // Three election timeouts of the lonely server.
    let mut timeouts = 0;
    for _ in 0..PATIENCE {
        if timeouts >= 3 {
            break;
        }
        let Some(r) = s.h.step() else { break };
        if r.events
            .iter()
            .any(|(n, e)| *n == lonely && matches!(e, NodeEvent::ElectionTimeout { .. }))
        {
            timeouts += 1;
        }
    }
    s.apply(Command::Heal);
    // Until the cluster is whole again: one leader that everyone up follows in its term.
    s.until(|c| {
        let Some(l) = c.leader().and_then(|l| c.node(l)) else {
            return false;
        };
        c.nodes().iter().all(|n| {
            n.term() == l.term() && (n.role() == Role::Leader || n.leader() == Some(l.id()))
        })
    });
    s.heartbeats(1);
}

#[cfg(test)]
mod tests;
