//! Running several limiters on the same arrivals: all at once ([`Timeline`]) or one request
//! at a time ([`Simulation`], which a view can step, snapshot and rewind).

use crate::algorithm::{AlgorithmConfig, Limiter, StateView};
use crate::decision::Decision;
use crate::error::OutOfOrder;
use crate::limiter::RateLimiter;
use crate::summary::Summary;
use crate::time::Nanos;
use crate::traffic::Arrival;
use serde::{Deserialize, Serialize};

/// One algorithm's row: its configuration, one decision per arrival, and the totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The algorithm and its parameters.
    pub config: AlgorithmConfig,
    /// The decision for each arrival, in order.
    pub decisions: Vec<Decision>,
    /// The totals.
    pub summary: Summary,
}

/// Every algorithm's decisions on the same arrivals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    /// The arrivals, sorted by time.
    pub arrivals: Vec<Arrival>,
    /// One row per configuration, in the order given.
    pub rows: Vec<Row>,
}

impl Timeline {
    /// Runs each configuration over `arrivals` (sorted here if they are not), measuring
    /// bursts over spans of `burst_window`.
    pub fn run(
        configs: &[AlgorithmConfig],
        mut arrivals: Vec<Arrival>,
        burst_window: Nanos,
    ) -> Self {
        arrivals.sort();
        let rows = configs
            .iter()
            .map(|&config| {
                let mut limiter = Limiter::new(config);
                let decisions: Vec<Decision> =
                    arrivals.iter().map(|a| limiter.decide(a.at)).collect();
                let summary = Summary::of(&arrivals, &decisions, burst_window);
                Row {
                    config,
                    decisions,
                    summary,
                }
            })
            .collect();
        Self { arrivals, rows }
    }

    /// The state of `config`'s limiter at each of `times` (sorted ascending), replaying
    /// the arrivals once: requests at a sample time are decided before it is sampled. This
    /// draws "tokens over time", queue lengths and window counts under a row.
    pub fn sample_states(
        config: AlgorithmConfig,
        arrivals: &[Arrival],
        times: &[Nanos],
    ) -> Vec<StateView> {
        let mut limiter = Limiter::new(config);
        let mut next = arrivals.iter().peekable();
        times
            .iter()
            .map(|&t| {
                while let Some(a) = next.next_if(|a| a.at <= t) {
                    limiter.decide(a.at);
                }
                limiter.state_at(t)
            })
            .collect()
    }
}

/// What one step decided: the arrival and each limiter's decision, in row order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The position of the arrival in the run.
    pub index: usize,
    /// The arrival.
    pub arrival: Arrival,
    /// One decision per limiter.
    pub decisions: Vec<Decision>,
}

/// A run that advances one request at a time. It is a plain value: clone it to keep a
/// snapshot, serialise it for a share link, [`rewind`](Self::rewind) to go back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Simulation {
    configs: Vec<AlgorithmConfig>,
    limiters: Vec<Limiter>,
    arrivals: Vec<Arrival>,
    /// How many arrivals have been decided.
    cursor: usize,
}

impl Simulation {
    /// A run of these limiters over `arrivals` (sorted here), before the first request.
    pub fn new(configs: Vec<AlgorithmConfig>, mut arrivals: Vec<Arrival>) -> Self {
        arrivals.sort();
        let limiters = configs.iter().copied().map(Limiter::new).collect();
        Self {
            configs,
            limiters,
            arrivals,
            cursor: 0,
        }
    }

    /// Decides the next arrival, or `None` when every arrival has been decided.
    pub fn step(&mut self) -> Option<Step> {
        let arrival = *self.arrivals.get(self.cursor)?;
        let decisions = self
            .limiters
            .iter_mut()
            .map(|l| l.decide(arrival.at))
            .collect();
        let index = self.cursor;
        self.cursor += 1;
        Some(Step {
            index,
            arrival,
            decisions,
        })
    }

    /// Decides every arrival up to and including time `until`.
    pub fn run_until(&mut self, until: Nanos) -> Vec<Step> {
        let mut steps = Vec::new();
        while self
            .arrivals
            .get(self.cursor)
            .is_some_and(|a| a.at <= until)
        {
            steps.extend(self.step());
        }
        steps
    }

    /// Adds a request sent by hand at `at`, after every arrival already decided; it is
    /// decided in time order with the pending ones. Earlier than the last decided arrival
    /// is an error: the limiters cannot be rewound by a late request.
    pub fn send(&mut self, arrival: Arrival) -> Result<(), OutOfOrder> {
        let latest = self.now();
        if self.cursor > 0 && arrival.at < latest {
            return Err(OutOfOrder {
                at: arrival.at,
                latest,
            });
        }
        let pending = self.arrivals.get(self.cursor..).unwrap_or(&[]);
        let pos = self.cursor + pending.partition_point(|a| a <= &arrival);
        self.arrivals.insert(pos, arrival);
        Ok(())
    }

    /// Goes back (or forward) to the state after `decided` arrivals, by replaying from the
    /// start (cheap: millions of decisions per millisecond).
    pub fn rewind(&mut self, decided: usize) {
        let target = decided.min(self.arrivals.len());
        if target < self.cursor {
            self.limiters = self.configs.iter().copied().map(Limiter::new).collect();
            self.cursor = 0;
        }
        while self.cursor < target {
            self.step();
        }
    }

    /// The time of the last decided arrival (0 before the first).
    pub fn now(&self) -> Nanos {
        self.cursor
            .checked_sub(1)
            .and_then(|i| self.arrivals.get(i))
            .map_or(0, |a| a.at)
    }

    /// How many arrivals have been decided.
    pub fn decided(&self) -> usize {
        self.cursor
    }

    /// All arrivals, decided and pending.
    pub fn arrivals(&self) -> &[Arrival] {
        &self.arrivals
    }

    /// The configurations, in row order.
    pub fn configs(&self) -> &[AlgorithmConfig] {
        &self.configs
    }

    /// Each limiter's state at `at` (no earlier than [`now`](Self::now)).
    pub fn states_at(&self, at: Nanos) -> Vec<StateView> {
        self.limiters.iter().map(|l| l.state_at(at)).collect()
    }
}
