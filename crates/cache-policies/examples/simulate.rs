//! Runs a trace from standard input through cache policies and prints, for each policy
//! and capacity, one CSV line: `policy,capacity,hits,misses`.
//!
//! ```text
//! cargo run --release -p cache-policies --example simulate -- \
//!     --policies lru,sieve,s3-fifo --capacities 100,1000 < trace.txt
//! ```
//!
//! The trace is one key per line, or CSV with a header and a `key` column (`--column`
//! picks another). Without `--capacities`, ten sizes from 1 to the number of distinct
//! keys, spaced on a log scale. Without `--policies`, all of them.

use cache_policies::mrc::{log_spaced_sizes, simulate_curve, LruCurve};
use cache_policies::trace::{parse_trace, TraceFormat};
use cache_policies::{Capacity, PolicyKind};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: simulate [--policies LIST] [--capacities LIST] [--format auto|lines|csv] [--column NAME] [--seed N] < TRACE

Reads a trace (one key per line, or CSV with a header) from standard input and prints
`policy,capacity,hits,misses` for every policy and capacity.

  --policies LIST     comma-separated, from: fifo, lru, lfu, clock, random, two-q, arc,
                      sieve, s3-fifo, w-tinylfu, belady (default: all)
  --capacities LIST   comma-separated cache sizes in entries (default: ten sizes from 1
                      to the number of distinct keys, log-spaced)
  --format F          auto (default), lines or csv
  --column NAME       the CSV key column (default: key)
  --seed N            seed of the random policy (default: 0)";

struct Options {
    policies: Vec<PolicyKind>,
    capacities: Option<Vec<Capacity>>,
    format: TraceFormat,
    seed: u64,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        policies: PolicyKind::ALL.to_vec(),
        capacities: None,
        format: TraceFormat::Auto,
        seed: 0,
    };
    let mut column = None;
    let mut csv = false;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--policies" => {
                options.policies = value
                    .split(',')
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| s.parse::<PolicyKind>().map_err(|e| e.to_string()))
                    .collect::<Result<_, _>>()?;
            }
            "--capacities" => {
                let sizes = value
                    .split(',')
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| {
                        let n: u32 = s.trim().parse().map_err(|_| {
                            format!("capacity {s:?} is not a whole number of entries")
                        })?;
                        Capacity::new(n).map_err(|e| e.to_string())
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                options.capacities = Some(sizes);
            }
            "--format" => match value.as_str() {
                "auto" => options.format = TraceFormat::Auto,
                "lines" => options.format = TraceFormat::Lines,
                "csv" => csv = true,
                other => return Err(format!("unknown format {other:?}: use auto, lines or csv")),
            },
            "--column" => column = Some(value.clone()),
            "--seed" => {
                options.seed = value
                    .parse()
                    .map_err(|_| format!("seed {value:?} is not a number"))?;
            }
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    if csv || column.is_some() {
        options.format = TraceFormat::Csv { column };
    }
    if options.policies.is_empty() {
        return Err("--policies names no policy".into());
    }
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_args(&args) {
        Ok(o) => o,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("error: could not read the trace from standard input: {e}");
        return ExitCode::from(2);
    }
    let trace = match parse_trace(&text, &options.format) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    drop(text);
    let lru = LruCurve::compute(&trace);
    let capacities = options.capacities.unwrap_or_else(|| {
        let distinct = u32::try_from(lru.distinct_keys()).unwrap_or(u32::MAX);
        match Capacity::new(distinct.clamp(1, cache_policies::MAX_CAPACITY)) {
            Ok(max) => log_spaced_sizes(max, 10),
            Err(_) => Vec::new(),
        }
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut lines = vec!["policy,capacity,hits,misses".to_string()];
    for kind in options.policies {
        // LRU's curve is exact for every size in one pass; the others are simulated.
        let points = if kind == PolicyKind::Lru {
            lru.points(&capacities)
        } else {
            simulate_curve(kind, &capacities, &trace, options.seed)
        };
        for p in points {
            lines.push(format!(
                "{},{},{},{}",
                kind.name(),
                p.capacity,
                p.counts.hits,
                p.counts.misses
            ));
        }
    }
    for line in lines {
        if writeln!(out, "{line}").is_err() {
            return ExitCode::from(1);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
