//! Reads arrival times from stdin and prints, per algorithm, each request's decision.
//!
//! ```text
//! echo "0 0 0 0 50ms 100ms 990ms 1s 1s 1s" | cargo run -p rate-limiting --example decide -- --limit 3 --window 1s --burst 3
//! ```
//!
//! Times are separated by spaces, commas or newlines (`#` starts a comment), with an
//! optional unit (`ns`, `us`, `ms`, `s`; `--unit` for bare numbers, default `ms`), and must
//! not go backwards. Run with `--help` for the options.

use rate_limiting::traffic::{parse_times, Unit};
use rate_limiting::{AlgorithmKind, Arrival, CommonParams, Limiter, RateLimiter, Span, Summary};
use std::io::{Read, Write};
use std::num::{NonZeroU32, NonZeroU64};
use std::process::ExitCode;

const HELP: &str = "\
decide: run rate limiters over arrival times read from stdin

usage: decide [--limit N] [--window TIME] [--burst N] [--unit UNIT] [--algorithms LIST]

  --limit N          requests per window (and the sustained rate: limit/window); default 10
  --window TIME      the window, e.g. 1s or 250ms; default 1s
  --burst N          bucket capacity, queue length, GCRA burst; default 5
  --unit UNIT        unit of bare numbers on stdin: ns, us, ms or s; default ms
  --algorithms LIST  comma-separated, default all: token-bucket, leaky-meter, leaky-queue,
                     fixed-window, sliding-log, sliding-counter, gcra
  --help             this text";

struct Options {
    params: CommonParams,
    unit: Unit,
    kinds: Vec<AlgorithmKind>,
}

fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut limit = NonZeroU32::new(10).ok_or("zero")?;
    let mut burst = NonZeroU32::new(5).ok_or("zero")?;
    let mut window = NonZeroU64::new(rate_limiting::SECOND).ok_or("zero")?;
    let mut unit = Unit::Millis;
    let mut kinds = AlgorithmKind::ALL.to_vec();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            return Ok(None);
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value (see --help)"))?;
        let count = |what: &str| -> Result<NonZeroU32, String> {
            value.parse::<NonZeroU32>().map_err(|_| {
                format!(
                    "{what} must be a whole number from 1 to {}, not `{value}`",
                    u32::MAX
                )
            })
        };
        match flag.as_str() {
            "--limit" => limit = count("--limit")?,
            "--burst" => burst = count("--burst")?,
            "--window" => {
                let nanos = match parse_times(value, Unit::Millis) {
                    Ok(t) if t.len() == 1 => t.first().copied().unwrap_or(0),
                    Ok(_) => return Err(format!("--window takes one time, not `{value}`")),
                    Err(e) => return Err(format!("--window: {}", e.problem)),
                };
                window = NonZeroU64::new(nanos).ok_or("--window must be longer than zero")?;
            }
            "--unit" => {
                unit = Unit::from_suffix(value)
                    .ok_or_else(|| format!("--unit must be ns, us, ms or s, not `{value}`"))?;
            }
            "--algorithms" => {
                kinds = value
                    .split(',')
                    .map(|id| AlgorithmKind::from_id(id.trim()).map_err(|e| e.to_string()))
                    .collect::<Result<_, _>>()?;
            }
            other => return Err(format!("unknown option `{other}` (see --help)")),
        }
    }
    Ok(Some(Options {
        params: CommonParams {
            limit,
            window,
            burst,
        },
        unit,
        kinds,
    }))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_args(&args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            println!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("error: cannot read stdin: {e}");
        return ExitCode::FAILURE;
    }
    let times = match parse_times(&input, options.unit) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: stdin {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(i) = times.windows(2).position(|w| w[1] < w[0]) {
        eprintln!(
            "error: times must not go backwards: request {} at {} comes after one at {}",
            i + 2,
            Span(times[i + 1]),
            Span(times[i])
        );
        return ExitCode::from(2);
    }
    if times.is_empty() {
        eprintln!(
            "error: no arrival times on stdin (try: echo \"0 10ms 20ms\" | ... --example decide)"
        );
        return ExitCode::from(2);
    }
    let arrivals: Vec<Arrival> = times.iter().map(|&at| Arrival { at, client: 0 }).collect();
    match report(&options, &arrivals, &mut std::io::stdout().lock()) {
        Ok(()) => {}
        // The reader went away (`| head`): stop quietly.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("error: cannot write the report: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// Prints each algorithm's decisions and totals.
fn report(options: &Options, arrivals: &[Arrival], out: &mut impl Write) -> std::io::Result<()> {
    let p = options.params;
    writeln!(
        out,
        "{} requests; limit {} per {}, burst {}",
        arrivals.len(),
        p.limit,
        Span(p.window.get()),
        p.burst
    )?;
    for &kind in &options.kinds {
        let mut limiter = Limiter::new(p.config(kind));
        writeln!(out, "\n== {kind} ==")?;
        let mut decisions = Vec::with_capacity(arrivals.len());
        for a in arrivals {
            let d = limiter.decide(a.at);
            let at = format!("t={}", Span(a.at));
            writeln!(out, "{at:>12}  {:<32} {}", d.verdict.to_string(), d.because)?;
            decisions.push(d);
        }
        let s = Summary::of(arrivals, &decisions, p.window.get());
        writeln!(
            out,
            "-- {}/{} admitted ({:.0}%), {} delayed (longest {}), largest burst in {}: {}",
            s.admitted(),
            s.requests,
            100.0 * s.admitted_share(),
            s.delayed,
            Span(s.max_delay),
            Span(s.burst_window),
            s.largest_burst
        )?;
    }
    Ok(())
}
