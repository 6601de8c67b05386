//! A small text language for scenarios: what the command-line example reads, and how a
//! failing simulation seed prints its minimal replay.
//!
//! One directive per line; `#` starts a comment. Settings come first:
//!
//! ```text
//! size 5                 # servers, 3 to 9
//! seed 42
//! pre-vote on            # or off (the default)
//! check-quorum off
//! timing 150 300 50      # election timeout min, max; heartbeat (ticks)
//! delay 5 25             # message delay min, max (ticks)
//! ```
//!
//! then actions, run in order:
//!
//! ```text
//! run 200                # 200 more events
//! until 500              # events until event number 500
//! crash S1 | restart S1 | timeout S2
//! write | write S3       # client write to the leader, or to S3
//! partition S1 S2 | S3 S4 S5
//! cut S1 S2              # one way: S1's messages no longer reach S2
//! heal
//! drop 17 | duplicate 17 | hold 17 40   # in-flight message #17 (hold = delay by 40 ticks)
//! ```

use crate::cluster::Command;
use crate::config::{ClusterConfig, NodeConfig};
use crate::history::Script;
use crate::ids::NodeId;
use std::fmt;

/// One action of a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Run this many events.
    Run(u64),
    /// Run events until the event count reaches this number.
    Until(u64),
    /// Give an outside command.
    Command(Command),
}

/// A parsed scenario: the configuration and the actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The cluster's configuration.
    pub config: ClusterConfig,
    /// What to do, in order.
    pub actions: Vec<Action>,
}

/// A scenario that did not parse: the line number (from 1) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The line, counting from 1.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parse a scenario.
pub fn parse(text: &str) -> Result<Scenario, ParseError> {
    let mut size = 5u8;
    let mut seed = 0u64;
    let mut node = NodeConfig::default();
    let mut delay = (5u32, 25u32);
    let mut actions = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let err = |message: String| ParseError { line, message };
        let words: Vec<&str> = raw
            .split('#')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let Some((&head, args)) = words.split_first() else {
            continue;
        };
        let setting = matches!(
            head,
            "size" | "seed" | "pre-vote" | "check-quorum" | "timing" | "delay"
        );
        if setting && !actions.is_empty() {
            return Err(err(format!("`{head}` must come before the first action")));
        }
        match head {
            "size" => size = number(args, 0, line)?,
            "seed" => seed = number(args, 0, line)?,
            "pre-vote" => node.pre_vote = on_off(args, line)?,
            "check-quorum" => node.check_quorum = on_off(args, line)?,
            "timing" => {
                let (lo, hi, hb) = (
                    number(args, 0, line)?,
                    number(args, 1, line)?,
                    number(args, 2, line)?,
                );
                let (pv, cq) = (node.pre_vote, node.check_quorum);
                node = NodeConfig::new(lo, hi, hb).map_err(|e| err(e.to_string()))?;
                node = node.with_pre_vote(pv).with_check_quorum(cq);
            }
            "delay" => delay = (number(args, 0, line)?, number(args, 1, line)?),
            "run" => actions.push(Action::Run(number(args, 0, line)?)),
            "until" => actions.push(Action::Until(number(args, 0, line)?)),
            _ => actions.push(Action::Command(command(head, args, line)?)),
        }
    }
    let config = ClusterConfig::new(size, seed)
        .and_then(|c| c.with_node(node).with_delay(delay.0, delay.1))
        .map_err(|e| ParseError {
            line: 0,
            message: e.to_string(),
        })?;
    Ok(Scenario { config, actions })
}

fn number<T: std::str::FromStr>(args: &[&str], i: usize, line: usize) -> Result<T, ParseError> {
    let word = args.get(i).ok_or(ParseError {
        line,
        message: format!("missing number (argument {})", i + 1),
    })?;
    word.parse().map_err(|_| ParseError {
        line,
        message: format!("`{word}` is not a valid number here"),
    })
}

fn on_off(args: &[&str], line: usize) -> Result<bool, ParseError> {
    match args.first() {
        Some(&"on") => Ok(true),
        Some(&"off") => Ok(false),
        _ => Err(ParseError {
            line,
            message: "expected `on` or `off`".into(),
        }),
    }
}

fn node_id(word: &str, line: usize) -> Result<NodeId, ParseError> {
    let bad = || ParseError {
        line,
        message: format!("`{word}` is not a server name like S1"),
    };
    let n: u8 = word
        .strip_prefix(['S', 's'])
        .ok_or_else(bad)?
        .parse()
        .map_err(|_| bad())?;
    n.checked_sub(1).map(NodeId).ok_or_else(bad)
}

fn node_arg(args: &[&str], i: usize, line: usize) -> Result<NodeId, ParseError> {
    let word = args.get(i).ok_or(ParseError {
        line,
        message: "missing server name (like S1)".into(),
    })?;
    node_id(word, line)
}

fn command(head: &str, args: &[&str], line: usize) -> Result<Command, ParseError> {
    Ok(match head {
        "crash" => Command::Crash(node_arg(args, 0, line)?),
        "restart" => Command::Restart(node_arg(args, 0, line)?),
        "timeout" => Command::ForceTimeout(node_arg(args, 0, line)?),
        "write" => Command::ClientWrite {
            to: args.first().map(|w| node_id(w, line)).transpose()?,
        },
        "drop" => Command::Drop {
            message: number(args, 0, line)?,
        },
        "duplicate" => Command::Duplicate {
            message: number(args, 0, line)?,
        },
        "hold" => Command::Delay {
            message: number(args, 0, line)?,
            by: number(args, 1, line)?,
        },
        "cut" => Command::Cut {
            from: node_arg(args, 0, line)?,
            to: node_arg(args, 1, line)?,
        },
        "heal" => Command::Heal,
        "partition" => {
            let mut groups = vec![Vec::new()];
            for w in args {
                if *w == "|" {
                    groups.push(Vec::new());
                } else if let Some(g) = groups.last_mut() {
                    g.push(node_id(w, line)?);
                }
            }
            Command::Partition { groups }
        }
        other => {
            return Err(ParseError {
                line,
                message: format!("unknown directive `{other}`"),
            })
        }
    })
}

/// Write a script in this language (starting states other than empty are not expressible
/// and are left out).
pub fn to_text(script: &Script) -> String {
    let c = &script.config;
    let n = c.node();
    let mut out = format!(
        "size {}\nseed {}\npre-vote {}\ncheck-quorum {}\ntiming {} {} {}\ndelay {} {}\n",
        c.size(),
        c.seed,
        if n.pre_vote { "on" } else { "off" },
        if n.check_quorum { "on" } else { "off" },
        n.election_min(),
        n.election_max(),
        n.heartbeat(),
        c.delay_min(),
        c.delay_max()
    );
    for (step, command) in &script.commands {
        out.push_str(&format!("until {step}\n{}\n", command_text(command)));
    }
    out.push_str(&format!("until {}\n", script.len));
    out
}

/// One command in this language.
pub fn command_text(c: &Command) -> String {
    let s = |n: &NodeId| n.to_string();
    match c {
        Command::Crash(n) => format!("crash {}", s(n)),
        Command::Restart(n) => format!("restart {}", s(n)),
        Command::ForceTimeout(n) => format!("timeout {}", s(n)),
        Command::ClientWrite { to: Some(n) } => format!("write {}", s(n)),
        Command::ClientWrite { to: None } => "write".into(),
        Command::Drop { message } => format!("drop {message}"),
        Command::Duplicate { message } => format!("duplicate {message}"),
        Command::Delay { message, by } => format!("hold {message} {by}"),
        Command::Cut { from, to } => format!("cut {} {}", s(from), s(to)),
        Command::Heal => "heal".into(),
        Command::Partition { groups } => {
            let groups: Vec<String> = groups
                .iter()
                .map(|g| g.iter().map(s).collect::<Vec<_>>().join(" "))
                .collect();
            format!("partition {}", groups.join(" | "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_settings_and_actions() {
        let s = parse(
            "size 3\nseed 7\npre-vote on\n# comment\nrun 10\ncrash S1\npartition S1 S2 | S3\nwrite\nwrite S2\nhold 4 9\nuntil 50\n",
        )
        .unwrap();
        assert_eq!(s.config.size(), 3);
        assert_eq!(s.config.seed, 7);
        assert!(s.config.node().pre_vote);
        assert_eq!(s.actions.len(), 7);
        assert_eq!(
            s.actions[2],
            Action::Command(Command::Partition {
                groups: vec![vec![NodeId(0), NodeId(1)], vec![NodeId(2)]]
            })
        );
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(parse("size 3\nfly S1").unwrap_err().line, 2);
        assert_eq!(parse("crash S0").unwrap_err().line, 1);
        assert_eq!(parse("run x").unwrap_err().line, 1);
        assert_eq!(parse("run 1\nsize 3").unwrap_err().line, 2);
        assert!(parse("size 12")
            .unwrap_err()
            .message
            .contains("between 3 and 9"));
        assert!(parse("timing 10 20 30").is_err());
    }

    #[test]
    fn scripts_round_trip_through_text() {
        let script = Script {
            config: ClusterConfig::new(4, 3).unwrap(),
            initial: vec![],
            commands: vec![(5, Command::Crash(NodeId(1))), (9, Command::Heal)],
            len: 20,
            position: 20,
        };
        let s = parse(&to_text(&script)).unwrap();
        assert_eq!(s.config, script.config);
        assert_eq!(s.actions[1], Action::Command(Command::Crash(NodeId(1))));
        assert_eq!(s.actions.last(), Some(&Action::Until(20)));
    }
}
