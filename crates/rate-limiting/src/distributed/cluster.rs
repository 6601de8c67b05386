//! The cluster simulation: a balancer in front of `N` limiter instances.

use super::{Balancer, ClusterConfig, Sharing};
use crate::algorithm::Limiter;
use crate::decision::{Decision, Reason};
use crate::error::ConfigError;
use crate::limiter::RateLimiter;
use crate::summary::largest_in_window;
use crate::time::Nanos;
use crate::traffic::{Arrival, SplitMix64};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Which instance took a request, and what it decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClusterDecision {
    /// The instance the balancer chose.
    pub instance: u32,
    /// Its decision.
    pub decision: Decision,
}

/// One fixed-window counter shared by all instances, with delayed visibility.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct SharedCounter {
    /// Admissions in the current window, oldest first: (time, instance).
    admitted: VecDeque<(Nanos, u32)>,
    window_index: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
enum Instances {
    Split(Vec<Limiter>),
    Shared(SharedCounter),
}

/// `N` limiter instances behind a load balancer; a plain value like every limiter.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cluster {
    config: ClusterConfig,
    rng: SplitMix64,
    turn: u32,
    instances: Instances,
    last: Nanos,
}

impl Cluster {
    /// A fresh cluster. Fails if a split limit would leave an instance with nothing.
    pub fn new(config: ClusterConfig) -> Result<Self, ConfigError> {
        let n = config.instances;
        let instances = match config.sharing {
            Sharing::Split { config: global } => Instances::Split(
                (0..n.get())
                    .map(|i| global.split(n, i).map(Limiter::new))
                    .collect::<Result<_, _>>()?,
            ),
            Sharing::Shared { .. } => Instances::Shared(SharedCounter {
                admitted: VecDeque::new(),
                window_index: 0,
            }),
        };
        let seed = match config.balancer {
            Balancer::Random { seed } => seed,
            _ => 0,
        };
        Ok(Self {
            config,
            rng: SplitMix64::new(seed),
            turn: 0,
            instances,
            last: 0,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    fn route(&mut self, arrival: Arrival) -> u32 {
        let n = self.config.instances.get();
        match self.config.balancer {
            Balancer::RoundRobin => {
                let i = self.turn;
                self.turn = (self.turn + 1) % n;
                i
            }
            Balancer::Random { .. } => u32::try_from(self.rng.below(u64::from(n))).unwrap_or(0),
            Balancer::ByClient => arrival.client % n,
        }
    }

    /// Routes one request and lets the chosen instance decide.
    pub fn decide(&mut self, arrival: Arrival) -> ClusterDecision {
        let now = arrival.at.max(self.last);
        self.last = now;
        let instance = self.route(arrival);
        let decision = match (&mut self.instances, self.config.sharing) {
            (Instances::Split(limiters), _) => match limiters.get_mut(instance as usize) {
                Some(limiter) => limiter.decide(now),
                None => Decision::reject(now, Reason::NoToken),
            },
            (
                Instances::Shared(counter),
                Sharing::Shared {
                    limit,
                    window,
                    sync_delay,
                },
            ) => counter.decide(now, instance, limit.get(), window.get(), sync_delay),
            (Instances::Shared(_), Sharing::Split { .. }) => Decision::reject(now, Reason::NoToken),
        };
        ClusterDecision { instance, decision }
    }
}

impl SharedCounter {
    fn decide(
        &mut self,
        now: Nanos,
        instance: u32,
        limit: u32,
        window: Nanos,
        delay: Nanos,
    ) -> Decision {
        let index = now / window;
        if index != self.window_index {
            self.admitted.clear();
            self.window_index = index;
        }
        let actual = u32::try_from(self.admitted.len()).unwrap_or(u32::MAX);
        let seen = self
            .admitted
            .iter()
            .filter(|&&(at, from)| from == instance || at.saturating_add(delay) <= now)
            .count();
        let seen = u32::try_from(seen).unwrap_or(u32::MAX);
        if seen < limit {
            self.admitted.push_back((now, instance));
            Decision::accept(Reason::SharedHasRoom {
                seen: seen + 1,
                actual: actual + 1,
            })
        } else {
            let next = index.saturating_add(1).saturating_mul(window);
            Decision::reject(next, Reason::SharedFull { seen, actual })
        }
    }
}

/// A whole run of a cluster over some arrivals, with the figures that show what went wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterRun {
    /// One decision per arrival.
    pub decisions: Vec<ClusterDecision>,
    /// Requests routed to each instance.
    pub routed: Vec<u32>,
    /// Requests admitted by each instance.
    pub admitted: Vec<u32>,
    /// The most requests admitted cluster-wide within any span of `burst_window`.
    pub largest_burst: u32,
    /// The most requests admitted cluster-wide in one aligned window `[k·w, (k+1)·w)` of
    /// length `burst_window`: compare with the limit to see the overshoot.
    pub max_per_aligned_window: u32,
    /// The span used for `largest_burst` (the limit's window).
    pub burst_window: Nanos,
}

impl ClusterRun {
    /// Runs `config` over `arrivals` (sorted here), measuring bursts over `burst_window`.
    pub fn of(
        config: ClusterConfig,
        mut arrivals: Vec<Arrival>,
        burst_window: Nanos,
    ) -> Result<Self, ConfigError> {
        arrivals.sort();
        let mut cluster = Cluster::new(config)?;
        let n = config.instances.get() as usize;
        let (mut routed, mut admitted) = (vec![0u32; n], vec![0u32; n]);
        let mut passed = Vec::new();
        let decisions: Vec<ClusterDecision> = arrivals
            .iter()
            .map(|&a| {
                let d = cluster.decide(a);
                let i = d.instance as usize;
                if let Some(r) = routed.get_mut(i) {
                    *r += 1;
                }
                if let Some(delay) = d.decision.delay_nanos() {
                    if let Some(x) = admitted.get_mut(i) {
                        *x += 1;
                    }
                    passed.push(a.at.saturating_add(delay));
                }
                d
            })
            .collect();
        passed.sort_unstable();
        let largest_burst = largest_in_window(&passed, burst_window);
        let max_per_aligned_window = max_per_aligned(&passed, burst_window);
        Ok(Self {
            decisions,
            routed,
            admitted,
            largest_burst,
            max_per_aligned_window,
            burst_window,
        })
    }

    /// Requests admitted cluster-wide.
    pub fn total_admitted(&self) -> u32 {
        self.admitted.iter().sum()
    }
}

/// The most of these sorted times falling in one aligned window of length `window`.
fn max_per_aligned(sorted: &[Nanos], window: Nanos) -> u32 {
    let window = window.max(1);
    let mut best = 0u32;
    let mut run = 0u32;
    let mut current = None;
    for &t in sorted {
        let index = t / window;
        if current == Some(index) {
            run += 1;
        } else {
            current = Some(index);
            run = 1;
        }
        best = best.max(run);
    }
    best
}
