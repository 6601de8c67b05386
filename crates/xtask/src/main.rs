//! The project's tasks, run with `cargo xtask <task>` (see `.cargo/config.toml`).
//!
//! Each task installs what it needs first (pinned versions, only what is missing), so a
//! fresh Debian machine with rustup, cargo, node and npm needs nothing else:
//!
//! - `serve`: build the release site and serve it on http://127.0.0.1:8080/
//! - `test`: every check and test the CI runs
//! - `build`: the release site in `dist/`
//! - `bench`: measure bundle sizes, Lighthouse scores and in-browser timings into BENCHMARKS.md
//! - `setup`: only install the tools

mod bench;
mod build;
mod serve;
mod setup;
mod test;
mod util;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <serve [--port N] | test | build | bench | setup>

  serve   build the release site and serve it on http://127.0.0.1:8080/
  test    formatting, lints, unit and property tests, content checks, end-to-end tests
  build   build the release site into dist/ (set SITE_BASE=/path to host it under a path)
  bench   measure sizes, Lighthouse scores and in-browser timings into BENCHMARKS.md
  setup   install the pinned tools the other tasks need";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve::run(&args[1..]),
        Some("test") => test::run(),
        Some("build") => setup::for_build().and_then(|()| build::release()),
        Some("bench") => bench::run(),
        Some("setup") => setup::for_build().and_then(|()| setup::for_browser_tests()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
