//! Running a scenario: every algorithm's decisions on the same arrivals, and its inner
//! state sampled over time for the line under its row, in one pass per algorithm. Then,
//! for a playhead position, the totals so far and each limiter's state at that moment.

use super::scenario::Scenario;
use rate_limiting::{
    AlgorithmConfig, AlgorithmKind, Decision, Limiter, Nanos, RateLimiter, Span, StateView, Summary,
};

/// How many slices the timeline's width is cut into: marks are counted per slice and the
/// state is sampled at each slice boundary. It bounds the drawing's size whatever the
/// traffic (10,000 requests draw as fast as 10).
pub(super) const COLUMNS: usize = 400;

/// One algorithm over the whole run.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct RowRun {
    /// The algorithm and its parameters.
    pub(super) config: AlgorithmConfig,
    /// One decision per arrival.
    pub(super) decisions: Vec<Decision>,
    /// The state's level ([`StateView::level`]) at `k × span / COLUMNS`, for `k` in
    /// `0..=COLUMNS`, after every arrival at or before that instant.
    pub(super) levels: Vec<f32>,
    /// The top of the state's scale: the capacity or limit, or the highest level seen.
    pub(super) ceiling: f64,
    /// The limiter after every arrival (the state at the end, without a replay).
    pub(super) last: Limiter,
}

/// Every algorithm over the whole run.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Run {
    /// What was run.
    pub(super) scenario: Scenario,
    /// One row per configuration.
    pub(super) rows: Vec<RowRun>,
    /// The sample instants, `k × span / COLUMNS` for `k` in `0..=COLUMNS`.
    pub(super) times: Vec<Nanos>,
}

/// The instant of sample `k`.
pub(super) fn sample_time(span: Nanos, k: usize) -> Nanos {
    ((u128::from(span) * k as u128) / COLUMNS as u128) as Nanos
}

/// The nominal top of an algorithm's state: its capacity or its limit.
fn nominal_ceiling(config: &AlgorithmConfig) -> f64 {
    match config {
        AlgorithmConfig::TokenBucket(c) => f64::from(c.capacity.get()),
        AlgorithmConfig::LeakyMeter(c) => f64::from(c.capacity.get()),
        AlgorithmConfig::LeakyQueue(c) => f64::from(c.capacity.get()),
        AlgorithmConfig::FixedWindow(c) => f64::from(c.limit.get()),
        AlgorithmConfig::SlidingLog(c) => f64::from(c.limit.get()),
        AlgorithmConfig::SlidingCounter(c) => f64::from(c.limit.get()),
        AlgorithmConfig::Gcra(c) => c.burst() as f64,
    }
}

/// Runs one configuration over the arrivals, sampling its state at `times` as it goes.
fn run_row(config: AlgorithmConfig, scenario: &Scenario, times: &[Nanos]) -> RowRun {
    let mut limiter = Limiter::new(config);
    let mut decisions = Vec::with_capacity(scenario.arrivals.len());
    let mut levels = Vec::with_capacity(times.len());
    let mut next = times.iter().copied().peekable();
    for arrival in &scenario.arrivals {
        while let Some(t) = next.next_if(|&t| t < arrival.at) {
            levels.push(limiter.state_at(t).level() as f32);
        }
        decisions.push(limiter.decide(arrival.at));
    }
    for t in next {
        levels.push(limiter.state_at(t).level() as f32);
    }
    let highest = levels.iter().copied().fold(0.0f32, f32::max);
    RowRun {
        config,
        decisions,
        levels,
        ceiling: nominal_ceiling(&config).max(f64::from(highest)).max(1.0),
        last: limiter,
    }
}

/// Runs every configuration of the scenario.
pub(super) fn run(scenario: Scenario) -> Run {
    // Computed once: a 128-bit division per arrival and row would cost more, in
    // WebAssembly, than the decisions themselves.
    let times: Vec<Nanos> = (0..=COLUMNS)
        .map(|k| sample_time(scenario.span, k))
        .collect();
    let rows = scenario
        .configs
        .iter()
        .map(|&config| run_row(config, &scenario, &times))
        .collect();
    Run {
        scenario,
        rows,
        times,
    }
}

impl Run {
    /// How many arrivals there are (the playhead's end).
    pub(super) fn len(&self) -> usize {
        self.scenario.arrivals.len()
    }

    /// The instant of the playhead after `position` decisions: the last decided arrival's
    /// time (0 before the first), or the end of the span once all are decided.
    pub(super) fn playhead(&self, position: usize) -> Nanos {
        if position >= self.len() {
            return self.scenario.span;
        }
        position
            .checked_sub(1)
            .and_then(|i| self.scenario.arrivals.get(i))
            .map_or(0, |a| a.at)
    }

    /// Each row's totals over the first `position` arrivals; bursts are measured over the
    /// limit's window.
    pub(super) fn summaries(&self, position: usize) -> Vec<Summary> {
        let p = position.min(self.len());
        let arrivals = self.scenario.arrivals.get(..p).unwrap_or(&[]);
        let window = self.scenario.common.window_nanos();
        self.rows
            .iter()
            .map(|row| Summary::of(arrivals, row.decisions.get(..p).unwrap_or(&[]), window))
            .collect()
    }

    /// Each row's state after the first `position` arrivals, seen at the playhead.
    pub(super) fn states(&self, position: usize) -> Vec<StateView> {
        let p = position.min(self.len());
        let at = self.playhead(position);
        self.rows
            .iter()
            .map(|row| {
                if p == self.len() {
                    return row.last.state_at(at);
                }
                let mut limiter = Limiter::new(row.config);
                for a in self.scenario.arrivals.get(..p).unwrap_or(&[]) {
                    limiter.decide(a.at);
                }
                limiter.state_at(at)
            })
            .collect()
    }

    /// The sentence for the step that decided arrival `index` (0-based): every
    /// algorithm's decision in the crate's own words.
    pub(super) fn narrate(&self, index: usize) -> Option<String> {
        let arrival = self.scenario.arrivals.get(index)?;
        let parts: Vec<String> = self
            .rows
            .iter()
            .filter_map(|row| {
                let d = row.decisions.get(index)?;
                Some(format!("{} {d}", row.config.kind().label()))
            })
            .collect();
        Some(format!(
            "Request {} at t={}: {}.",
            index + 1,
            Span(arrival.at),
            parts.join("; ")
        ))
    }
}

/// For each row, `(admitted, sent)` among the first `position` requests of `client`.
pub(super) fn by_client(run: &Run, position: usize, client: u32) -> Vec<(u32, u32)> {
    run.rows
        .iter()
        .map(|row| {
            run.scenario
                .arrivals
                .iter()
                .zip(&row.decisions)
                .take(position)
                .filter(|(a, _)| a.client == client)
                .fold((0, 0), |(ok, all), (_, d)| {
                    (ok + u32::from(d.is_admitted()), all + 1)
                })
        })
        .collect()
}

/// One line describing a limiter's state, for the summary table.
pub(super) fn describe(state: &StateView) -> String {
    match state {
        StateView::TokenBucket(s) => format!("{:.1} of {} tokens", s.tokens(), s.capacity),
        StateView::LeakyMeter(s) => format!("level {:.1} of {}", s.requests(), s.capacity),
        StateView::LeakyQueue(s) => format!("{} of {} waiting", s.waiting.len(), s.capacity),
        StateView::FixedWindow(s) => {
            format!("window {}: {} of {}", s.window, s.count, s.limit)
        }
        StateView::SlidingLog(s) => format!("{} of {} in the log", s.log.len(), s.limit),
        StateView::SlidingCounter(s) => format!(
            "estimate {:.2} of {} (previous {}, current {})",
            s.estimate_milli as f64 / 1000.0,
            s.limit,
            s.previous,
            s.current
        ),
        StateView::Gcra(s) => format!("TAT t={}; {} would pass now", Span(s.tat), s.headroom()),
    }
}

/// What the line under a row plots, in words.
pub(super) fn level_name(kind: AlgorithmKind) -> &'static str {
    match kind {
        AlgorithmKind::TokenBucket => "tokens",
        AlgorithmKind::LeakyMeter => "water level",
        AlgorithmKind::LeakyQueue => "queue length",
        AlgorithmKind::FixedWindow => "count in the window",
        AlgorithmKind::SlidingLog => "entries in the log",
        AlgorithmKind::SlidingCounter => "weighted estimate",
        AlgorithmKind::Gcra => "requests that would pass (from the TAT)",
    }
}

#[cfg(test)]
mod tests {
    use super::super::scenario::build;
    use super::*;
    use rate_limiting::{Timeline, SECOND};
    use widget_params::rate_limiter::RateLimiterParams;

    #[test]
    fn the_one_pass_equals_the_crates_timeline_and_its_state_samples() {
        let params = RateLimiterParams {
            traffic: "poisson".into(),
            per_second: 9.0,
            ..RateLimiterParams::default()
        };
        let scenario = build(&params).unwrap();
        let run = run(scenario.clone());
        let timeline = Timeline::run(
            &scenario.configs,
            scenario.arrivals.clone(),
            scenario.common.window_nanos(),
        );
        let times: Vec<Nanos> = (0..=COLUMNS)
            .map(|k| sample_time(scenario.span, k))
            .collect();
        for (row, expected) in run.rows.iter().zip(&timeline.rows) {
            assert_eq!(row.decisions, expected.decisions);
            let samples = Timeline::sample_states(row.config, &scenario.arrivals, &times);
            for (k, (level, state)) in row.levels.iter().zip(&samples).enumerate() {
                // The crate's sampler counts arrivals *at* a sample time; the widget draws
                // the state just before them. They differ only at such instants.
                if !scenario.arrivals.iter().any(|a| a.at == times[k]) {
                    assert_eq!(*level, state.level() as f32, "{:?} at {k}", row.config);
                }
            }
            assert_eq!(run.summaries(run.len())[0].requests as usize, run.len());
        }
        assert_eq!(
            run.summaries(run.len()),
            timeline.rows.iter().map(|r| r.summary).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_playhead_totals_and_states_follow_the_position() {
        // Three requests at once against a limit of 2 per second.
        let params = RateLimiterParams {
            algorithms: vec!["token-bucket".into(), "fixed-window".into()],
            limit: 2,
            burst: 2,
            traffic: "manual".into(),
            manual: vec![0, 0, 0, 1_500],
            duration_ms: 2_000,
            ..RateLimiterParams::default()
        };
        let run = run(build(&params).unwrap());
        assert_eq!(run.len(), 4);
        assert_eq!(run.playhead(0), 0);
        assert_eq!(run.playhead(4), 2 * SECOND);
        let s = run.summaries(3);
        assert_eq!((s[0].accepted, s[0].rejected), (2, 1));
        assert_eq!(s[1].largest_burst, 2);
        let states = run.states(2);
        assert_eq!(describe(&states[0]), "0.0 of 2 tokens");
        assert_eq!(describe(&states[1]), "window 0: 2 of 2");
        let line = run.narrate(2).unwrap();
        assert!(
            line.starts_with("Request 3 at t=0: token bucket rejected until t=500 ms: "),
            "{line}"
        );
        assert!(line.contains("fixed window rejected until t=1 s"), "{line}");
        assert_eq!(run.narrate(9), None);
        // At the end the state comes from the run's own limiter, as a replay would give it.
        let mut replay = Limiter::new(run.rows[0].config);
        for a in &run.scenario.arrivals {
            replay.decide(a.at);
        }
        assert_eq!(run.states(4)[0], replay.state_at(2 * SECOND));
    }
}
