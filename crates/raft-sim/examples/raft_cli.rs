//! Run a seeded Raft scenario and print its event log.
//!
//! Reads a scenario in the language of `raft_sim::script_text` from standard input:
//!
//! ```text
//! cargo run -p raft-sim --example raft-cli <<'END'
//! size 5
//! seed 42
//! run 60          # elect a leader
//! write           # a client write to the leader
//! run 20
//! crash S3
//! partition S1 S2 | S3 S4 S5
//! run 200
//! heal
//! run 100
//! END
//! ```
//!
//! Every event is printed with what each server did and why; at the end, each server's
//! role, term and log, and the verdict of the safety checker. With `--quiet`, only the
//! final summary. Exits with status 1 if a safety property broke, 2 on bad input.

use raft_sim::script_text::{self, Action};
use raft_sim::{History, Property};
use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let quiet = std::env::args()
        .skip(1)
        .any(|a| a == "--quiet" || a == "-q");
    if let Some(bad) = std::env::args()
        .skip(1)
        .find(|a| a != "--quiet" && a != "-q")
    {
        eprintln!("error: unknown argument `{bad}` (the scenario is read from standard input; the only option is --quiet)");
        return ExitCode::from(2);
    }
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("error: cannot read standard input: {e}");
        return ExitCode::from(2);
    }
    let scenario = match script_text::parse(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut run = History::new(scenario.config.clone());
    let mut printed = 0usize;
    for (k, action) in scenario.actions.iter().enumerate() {
        match action {
            Action::Run(n) => {
                for _ in 0..*n {
                    if run.step().is_none() {
                        break;
                    }
                }
            }
            Action::Until(n) => {
                while run.len() < *n {
                    if run.step().is_none() {
                        break;
                    }
                }
            }
            Action::Command(c) => {
                if let Err(e) = run.apply(c.clone()) {
                    eprintln!(
                        "error: action {} (`{}`) refused: {e}",
                        k + 1,
                        script_text::command_text(c)
                    );
                    return ExitCode::from(2);
                }
            }
        }
        if !quiet {
            for r in run.reports().iter().skip(printed) {
                println!("{r}");
            }
        }
        printed = run.reports().len();
    }
    let c = run.cluster();
    println!("--- after {} events, t={} ---", run.len(), c.now());
    for n in c.nodes() {
        let terms: Vec<String> = n
            .log()
            .entries()
            .iter()
            .map(|e| e.term.to_string())
            .collect();
        println!(
            "{} {:<12} term {:<3} commit {:<3} log [{}]",
            n.id(),
            if c.is_up(n.id()) {
                format!("{:?}", n.role())
            } else {
                "down".into()
            },
            n.term(),
            n.commit_index(),
            terms.join(" ")
        );
    }
    for p in Property::ALL {
        let verdict = if run.checker().holds(p) {
            "holds"
        } else {
            "VIOLATED"
        };
        println!("{:<22} {verdict}", p.name());
    }
    match run.violation() {
        Some(v) => {
            println!("{v}");
            ExitCode::from(1)
        }
        None => ExitCode::SUCCESS,
    }
}
