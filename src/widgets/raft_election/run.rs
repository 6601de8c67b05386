//! The widget's state as plain data: the settings, the recorded run, and the conversion
//! between them and the widget's parameters (which are also its share link).
//!
//! Everything here is pure and tested natively; the component only keeps these values in
//! signals and draws them.

use raft_sim::{compact, ClusterConfig, Command, History, NodeConfig, Preset, PresetOptions};
use widget_params::raft_election::{RaftElectionParams, MAX_EVENTS};

/// What a run is started from: a preset or a free run, and the switches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Settings {
    /// The preset, or `None` for a free run.
    pub(super) preset: Option<Preset>,
    /// Servers (a preset fixes its own).
    pub(super) nodes: u8,
    /// The seed.
    pub(super) seed: u64,
    /// Pre-Vote.
    pub(super) pre_vote: bool,
    /// CheckQuorum.
    pub(super) check_quorum: bool,
}

impl Settings {
    /// The settings a parameter set names.
    pub(super) fn of(params: &RaftElectionParams) -> Self {
        let preset = params.preset();
        Self {
            preset,
            nodes: preset.map_or(params.nodes, Preset::size),
            seed: params.seed,
            pre_vote: params.pre_vote,
            check_quorum: params.check_quorum,
        }
    }

    /// The settings a preset is meant to be seen with.
    pub(super) fn for_preset(preset: Preset) -> Self {
        let o = preset.default_options();
        Self {
            preset: Some(preset),
            nodes: preset.size(),
            seed: o.seed,
            pre_vote: o.pre_vote,
            check_quorum: o.check_quorum,
        }
    }

    /// The run these settings start: the preset's recorded scenario, or an empty run.
    pub(super) fn base(&self) -> Result<History, String> {
        match self.preset {
            Some(p) => p
                .history(PresetOptions {
                    seed: self.seed,
                    pre_vote: self.pre_vote,
                    check_quorum: self.check_quorum,
                })
                .map_err(|e| e.to_string()),
            None => {
                let node = NodeConfig::default()
                    .with_pre_vote(self.pre_vote)
                    .with_check_quorum(self.check_quorum);
                ClusterConfig::new(self.nodes, self.seed)
                    .map(|c| History::new(c.with_node(node)))
                    .map_err(|e| e.to_string())
            }
        }
    }
}

/// A run being shown: the settings, the history, and whether the outside commands are
/// the reader's (then a share link must carry them) or only the preset's.
#[derive(Clone, Debug)]
pub(super) struct Run {
    /// What the run started from.
    pub(super) settings: Settings,
    /// The recorded run, positioned at the event shown.
    pub(super) history: History,
    /// Whether the commands differ from the preset's own.
    pub(super) acted: bool,
}

impl Run {
    /// Rebuild the run a parameter set describes: the base run, the actions replayed at
    /// their event numbers, extended to `events`, positioned at `position`.
    pub(super) fn from_params(params: &RaftElectionParams) -> Result<Self, String> {
        let settings = Settings::of(params);
        let base = settings.base()?;
        let commands = compact::decode_all(&params.actions).map_err(|e| e.to_string())?;
        let acted = !commands.is_empty();
        let mut history = if acted {
            let mut script = base.script();
            let last = commands.last().map_or(0, |(at, _)| at + 1);
            script.commands = commands;
            script.len = last.max(params.events).min(MAX_EVENTS);
            script.position = script.len;
            History::from_script(&script)
        } else {
            base
        };
        let want = params.events.max(params.position).min(MAX_EVENTS);
        while history.len() < want && history.step().is_some() {}
        history.seek(params.position);
        Ok(Self {
            settings,
            history,
            acted,
        })
    }

    /// A fresh run of `settings`, shown from its first event.
    pub(super) fn start(settings: Settings) -> Result<Self, String> {
        let mut history = settings.base()?;
        history.seek(0);
        Ok(Self {
            settings,
            history,
            acted: false,
        })
    }

    /// The parameters that rebuild this run exactly, as shown.
    pub(super) fn params(&self) -> RaftElectionParams {
        let s = &self.settings;
        let actions = if self.acted {
            self.history
                .commands()
                .iter()
                .map(|(at, c)| compact::encode(*at, c))
                .collect()
        } else {
            Vec::new()
        };
        RaftElectionParams {
            preset: s.preset.map(|p| p.slug().to_string()).unwrap_or_default(),
            nodes: s.nodes,
            seed: s.seed,
            pre_vote: s.pre_vote,
            check_quorum: s.check_quorum,
            actions,
            events: self.history.len(),
            position: self.history.position(),
        }
    }

    /// One event forward: replayed when in the past, simulated at the end. Returns false
    /// when nothing more can happen (or the run is as long as a run may be).
    pub(super) fn step(&mut self) -> bool {
        if self.history.position() >= MAX_EVENTS {
            return false;
        }
        self.history.step().is_some()
    }

    /// Give an outside command at the position shown (forking if in the past). Returns
    /// the sentence to narrate, or why the command was refused.
    pub(super) fn act(&mut self, command: Command) -> Result<String, String> {
        let forked = self.history.position() < self.history.len();
        let at = self.history.position();
        let text = command.to_string();
        let report = self
            .history
            .apply(command)
            .map_err(|e| format!("Cannot {text}: {e}."))?;
        self.acted = true;
        let mut line = format!("Event {}: {}", report.step + 1, capitalise(&text));
        for n in report.narration() {
            line.push_str("; ");
            line.push_str(&n.to_string());
        }
        line.push('.');
        if forked {
            line = format!("Forked a new future at event {at}. {line}");
        }
        Ok(line)
    }
}

/// `text` with its first letter in capitals.
pub(super) fn capitalise(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::NodeId;

    fn params() -> RaftElectionParams {
        RaftElectionParams::default()
    }

    #[test]
    fn a_free_run_starts_empty_and_grows_by_stepping() {
        let mut run = Run::from_params(&params()).unwrap();
        assert_eq!((run.history.len(), run.history.position()), (0, 0));
        assert_eq!(run.history.cluster().nodes().len(), 5);
        for _ in 0..50 {
            assert!(run.step());
        }
        assert_eq!(run.history.len(), 50);
        let p = run.params();
        assert_eq!((p.events, p.position, p.actions.len()), (50, 50, 0));
    }

    #[test]
    fn params_round_trip_the_exact_state_after_acting_in_the_past() {
        let mut run = Run::from_params(&params()).unwrap();
        while run.history.cluster().leader().is_none() {
            assert!(run.step());
        }
        let leader = run.history.cluster().leader().unwrap();
        let line = run.act(Command::Crash(leader)).unwrap();
        assert!(line.contains(&format!("Crash {leader}")), "{line}");
        for _ in 0..200 {
            run.step();
        }
        // Back in time, and a different future.
        run.history.seek(20);
        let line = run.act(Command::ForceTimeout(NodeId(0))).unwrap();
        assert!(
            line.starts_with("Forked a new future at event 20."),
            "{line}"
        );
        assert!(line.contains("S1 timed out"), "{line}");
        for _ in 0..30 {
            run.step();
        }
        run.history.seek(40);
        let p = run.params();
        assert_eq!(p.actions, ["timeout:1@20"]);
        assert_eq!((p.events, p.position), (51, 40));
        let again = Run::from_params(&p).unwrap();
        assert_eq!(again.history.cluster(), run.history.cluster());
        assert_eq!(again.history.reports(), run.history.reports());
        assert_eq!(again.params(), p);
    }

    #[test]
    fn a_preset_loads_at_its_start_with_its_scenario_ahead() {
        let p = RaftElectionParams {
            preset: "leader-crash".into(),
            ..params()
        };
        let mut settings = Settings::of(&p);
        let o = Preset::LeaderCrash.default_options();
        settings.seed = o.seed;
        let run = Run::from_params(&RaftElectionParams { seed: o.seed, ..p }).unwrap();
        assert_eq!(run.history.position(), 0);
        assert!(run.history.len() > 20);
        assert!(run
            .history
            .commands()
            .iter()
            .any(|(_, c)| matches!(c, Command::Crash(_))));
        // Without the reader acting, the link names only the preset.
        assert!(run.params().actions.is_empty());
        assert_eq!(
            Run::start(settings).unwrap().history.len(),
            run.history.len()
        );
    }

    #[test]
    fn refused_commands_say_why_and_change_nothing() {
        let mut run = Run::from_params(&params()).unwrap();
        let before = run.history.clone();
        let e = run.act(Command::Restart(NodeId(1))).unwrap_err();
        assert_eq!(e, "Cannot restart S2: S2 is already up.");
        assert_eq!(run.history, before);
        assert!(!run.acted);
    }

    #[test]
    fn runs_stop_growing_at_the_limit() {
        let p = RaftElectionParams {
            events: MAX_EVENTS,
            position: MAX_EVENTS,
            ..params()
        };
        let mut run = Run::from_params(&p).unwrap();
        assert_eq!(run.history.len(), MAX_EVENTS);
        assert!(!run.step());
    }
}
