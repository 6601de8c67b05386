//! Commands as short words for URLs: `crash:2@150` is "crash S2 at event 150".
//!
//! A share link carries a run as its settings plus the list of outside commands with the
//! event number each was given at (see [`Script`](crate::Script)). In a URL query that
//! list is comma-separated, so one command must be one short word with no comma and no
//! space. Servers are numbered from 1, as they are shown (`S1`…`S9`):
//!
//! | word | command |
//! |---|---|
//! | `crash:2@150` | crash S2 |
//! | `restart:2@300` | restart S2 |
//! | `timeout:3@0` | force S3's election timer to fire |
//! | `write@90`, `write:1@90` | a client write to the leader, or to S1 |
//! | `drop:17@40`, `dup:17@40` | drop or duplicate in-flight message #17 |
//! | `hold:17+30@40` | delay message #17 by 30 ticks |
//! | `part:12\|345@200` | partition into {S1,S2} and {S3,S4,S5} |
//! | `cut:1>2@200` | cut the link from S1 to S2, one way |
//! | `heal@400` | reconnect everything |

use crate::cluster::Command;
use crate::ids::NodeId;
use std::fmt;

/// A word that is not a command; the message says what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeError {
    /// The word.
    pub word: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "action `{}`: {}", self.word, self.message)
    }
}

impl std::error::Error for CodeError {}

/// The word for `command` given at event number `at`.
pub fn encode(at: u64, command: &Command) -> String {
    let n = |id: &NodeId| u16::from(id.0) + 1;
    let body = match command {
        Command::Crash(id) => format!("crash:{}", n(id)),
        Command::Restart(id) => format!("restart:{}", n(id)),
        Command::ForceTimeout(id) => format!("timeout:{}", n(id)),
        Command::ClientWrite { to: None } => "write".into(),
        Command::ClientWrite { to: Some(id) } => format!("write:{}", n(id)),
        Command::Drop { message } => format!("drop:{message}"),
        Command::Duplicate { message } => format!("dup:{message}"),
        Command::Delay { message, by } => format!("hold:{message}+{by}"),
        Command::Partition { groups } => {
            let groups: Vec<String> = groups
                .iter()
                .map(|g| g.iter().map(|id| n(id).to_string()).collect())
                .collect();
            format!("part:{}", groups.join("|"))
        }
        Command::Cut { from, to } => format!("cut:{}>{}", n(from), n(to)),
        Command::Heal => "heal".into(),
    };
    format!("{body}@{at}")
}

/// The command and event number a word stands for.
pub fn decode(word: &str) -> Result<(u64, Command), CodeError> {
    let fail = |message: &str| CodeError {
        word: word.into(),
        message: message.into(),
    };
    let (body, at) = word
        .rsplit_once('@')
        .ok_or_else(|| fail("expected `@` and the event number, as in `crash:2@150`"))?;
    let at: u64 = at
        .parse()
        .map_err(|_| fail("the event number after `@` must be a whole number"))?;
    let (verb, arg) = match body.split_once(':') {
        Some((v, a)) => (v, Some(a)),
        None => (body, None),
    };
    let server = |text: &str| -> Result<NodeId, CodeError> {
        match text.parse::<u8>() {
            Ok(k @ 1..=9) => Ok(NodeId(k - 1)),
            _ => Err(fail("servers are numbered 1 to 9")),
        }
    };
    let arg = arg.ok_or_else(|| fail("this action needs an argument after `:`"));
    let number = |text: &str| -> Result<u64, CodeError> {
        text.parse().map_err(|_| fail("expected a message number"))
    };
    let command =
        match verb {
            "crash" => Command::Crash(server(arg.clone()?)?),
            "restart" => Command::Restart(server(arg.clone()?)?),
            "timeout" => Command::ForceTimeout(server(arg.clone()?)?),
            "write" => Command::ClientWrite {
                to: arg.clone().ok().map(server).transpose()?,
            },
            "drop" => Command::Drop {
                message: number(arg.clone()?)?,
            },
            "dup" => Command::Duplicate {
                message: number(arg.clone()?)?,
            },
            "hold" => {
                let (m, by) = arg
                    .clone()?
                    .split_once('+')
                    .ok_or_else(|| fail("expected `hold:MESSAGE+TICKS`"))?;
                Command::Delay {
                    message: number(m)?,
                    by: number(by)?,
                }
            }
            "part" => {
                let mut groups = Vec::new();
                for g in arg.clone()?.split('|') {
                    let members = g
                        .chars()
                        .map(|c| server(c.encode_utf8(&mut [0; 4])))
                        .collect::<Result<Vec<_>, _>>()?;
                    if members.is_empty() {
                        return Err(fail("a partition group cannot be empty"));
                    }
                    groups.push(members);
                }
                Command::Partition { groups }
            }
            "cut" => {
                let (a, b) = arg
                    .clone()?
                    .split_once('>')
                    .ok_or_else(|| fail("expected `cut:FROM>TO`"))?;
                Command::Cut {
                    from: server(a)?,
                    to: server(b)?,
                }
            }
            "heal" => Command::Heal,
            _ => return Err(fail(
                "unknown action (crash, restart, timeout, write, drop, dup, hold, part, cut, heal)",
            )),
        };
    if arg.is_ok() && matches!(command, Command::Heal) {
        return Err(fail("`heal` takes no argument"));
    }
    Ok((at, command))
}

/// Decode a whole list, which must be in order of event number.
pub fn decode_all<S: AsRef<str>>(words: &[S]) -> Result<Vec<(u64, Command)>, CodeError> {
    let mut out: Vec<(u64, Command)> = Vec::with_capacity(words.len());
    for w in words {
        let (at, c) = decode(w.as_ref())?;
        if out.last().is_some_and(|(prev, _)| *prev > at) {
            return Err(CodeError {
                word: w.as_ref().into(),
                message: "actions must be listed in order of event number".into(),
            });
        }
        out.push((at, c));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_round_trips() {
        let all = [
            Command::Crash(NodeId(1)),
            Command::Restart(NodeId(8)),
            Command::ForceTimeout(NodeId(0)),
            Command::ClientWrite { to: None },
            Command::ClientWrite {
                to: Some(NodeId(2)),
            },
            Command::Drop { message: 17 },
            Command::Duplicate { message: 0 },
            Command::Delay { message: 4, by: 30 },
            Command::Partition {
                groups: vec![
                    vec![NodeId(0), NodeId(1)],
                    vec![NodeId(2), NodeId(3), NodeId(4)],
                ],
            },
            Command::Cut {
                from: NodeId(0),
                to: NodeId(1),
            },
            Command::Heal,
        ];
        for (i, c) in all.into_iter().enumerate() {
            let word = encode(i as u64 * 10, &c);
            assert!(!word.contains(',') && !word.contains(' '), "{word}");
            assert_eq!(decode(&word), Ok((i as u64 * 10, c)), "{word}");
        }
        assert_eq!(encode(150, &Command::Crash(NodeId(1))), "crash:2@150");
        assert_eq!(
            encode(
                200,
                &Command::Partition {
                    groups: vec![vec![NodeId(0), NodeId(1)], vec![NodeId(2)]]
                }
            ),
            "part:12|3@200"
        );
    }

    #[test]
    fn bad_words_say_what_is_wrong() {
        for (word, expected) in [
            ("crash:2", "expected `@`"),
            ("crash:2@x", "whole number"),
            ("crash:0@1", "numbered 1 to 9"),
            ("crash:10@1", "numbered 1 to 9"),
            ("crash@1", "needs an argument"),
            ("fly:1@1", "unknown action"),
            ("hold:3@1", "hold:MESSAGE+TICKS"),
            ("part:12||3@1", "cannot be empty"),
            ("part:1a@1", "numbered 1 to 9"),
            ("cut:12@1", "cut:FROM>TO"),
            ("heal:1@1", "takes no argument"),
        ] {
            let e = decode(word).unwrap_err();
            assert!(e.to_string().contains(expected), "{word}: {e}");
        }
        assert!(decode_all(&["heal@5", "heal@4"]).is_err());
        assert_eq!(decode_all(&["heal@4", "write@4"]).unwrap().len(), 2);
    }
}
