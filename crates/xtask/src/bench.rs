//! `cargo xtask bench`: measures what the site claims about itself and writes
//! BENCHMARKS.md: the release bundle's sizes, what a first visit to a note page
//! transfers, and Lighthouse's scores for the home page and a note page.

use crate::util::{cmd, output, root};
use flate2::{write::GzEncoder, Compression};
use serde_json::Value;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The note page measured: long, with math, code, a table and a diagram.
const NOTE: &str = "partitioning/consistent-hashing";
/// Budget: gzip bytes of what a note page needs to show its text (HTML and CSS).
const TEXT_BUDGET: u64 = 60_000;
/// Budget: gzip bytes of everything a first visit to a note page fetches.
const TOTAL_BUDGET: u64 = 400_000;

/// Builds the release site, measures it and writes BENCHMARKS.md.
pub(crate) fn run() -> Result<(), String> {
    crate::setup::for_build()?;
    crate::setup::for_browser_tests()?;
    crate::build::release()?;
    let dist = root().join("dist");
    let mut report = String::from(HEADER);
    bundle_table(&dist, &mut report)?;
    let (text, total) = first_visit(&dist, &mut report)?;
    lighthouse_table(&dist, &mut report)?;
    writeln!(report, "\nBudgets: text of a note page {} (limit {TEXT_BUDGET} B gzip), whole first visit {} (limit {TOTAL_BUDGET} B gzip).",
        verdict(text <= TEXT_BUDGET), verdict(total <= TOTAL_BUDGET)).ok();
    report.push_str(CRATES);
    std::fs::write(root().join("BENCHMARKS.md"), &report)
        .map_err(|e| format!("BENCHMARKS.md: {e}"))?;
    println!("{report}");
    Ok(())
}

const HEADER: &str = "# Benchmarks\n\nEvery figure in the site sections is measured by `cargo xtask bench` (it rebuilds the\nrelease site, then measures it); rerun it to reproduce them. Sizes are bytes; gzip at\nlevel 9 and brotli at quality 11, as a static host or CDN would serve them. Measured on\nthe project's 2-core Debian machine with Debian's Chromium.\n";

/// Where the algorithm crates' own figures live (each crate's README has the commands).
const CRATES: &str = "\n## Algorithm crates\n\nEach crate measures itself with criterion; its README has the figures, the command\nthat produced them and how they compare with the targets:\n\n| crate | command |\n|---|---|\n| [consistent-hashing](crates/consistent-hashing/README.md) | `cargo bench -p consistent-hashing --bench lookup` |\n| [cache-policies](crates/cache-policies/README.md) | `cargo bench -p cache-policies --bench throughput` |\n| [raft-sim](crates/raft-sim/README.md) | `cargo bench -p raft-sim --bench simulation` |\n| [rate-limiting](crates/rate-limiting/README.md) | `cargo bench -p rate-limiting --bench decisions` |\n\nIn-browser timings of the widgets are added here as each widget lands.\n";

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT MET"
    }
}

/// Raw, gzip and brotli sizes of a file.
struct Sizes {
    raw: u64,
    gzip: u64,
    brotli: u64,
}

fn sizes(path: &Path) -> Result<Sizes, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(&bytes).map_err(|e| e.to_string())?;
    let gzip = gz.finish().map_err(|e| e.to_string())?.len() as u64;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut bytes.as_slice(), &mut br, &params).map_err(|e| e.to_string())?;
    Ok(Sizes {
        raw: bytes.len() as u64,
        gzip,
        brotli: br.len() as u64,
    })
}

fn files_with(dist: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dist)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

fn bundle_table(dist: &Path, report: &mut String) -> Result<(), String> {
    report
        .push_str("\n## Release bundle\n\n| file | raw | gzip | brotli |\n|---|---:|---:|---:|\n");
    let note_html = dist.join(format!("notes/{NOTE}/index.html"));
    let mut files: Vec<PathBuf> = ["wasm", "js", "css"]
        .iter()
        .flat_map(|e| files_with(dist, e))
        .collect();
    files.push(dist.join("index.html"));
    files.push(note_html);
    for file in files {
        let s = sizes(&file)?;
        let name = file
            .strip_prefix(dist)
            .unwrap_or(&file)
            .display()
            .to_string();
        writeln!(
            report,
            "| `{name}` | {} | {} | {} |",
            s.raw, s.gzip, s.brotli
        )
        .ok();
    }
    Ok(())
}

/// What a first visit to the note page fetches, gzip: (HTML + CSS, everything).
fn first_visit(dist: &Path, report: &mut String) -> Result<(u64, u64), String> {
    let html = sizes(&dist.join(format!("notes/{NOTE}/index.html")))?.gzip;
    let css: u64 = files_with(dist, "css")
        .iter()
        .map(|f| sizes(f).map(|s| s.gzip))
        .sum::<Result<u64, _>>()?;
    let code: u64 = ["wasm", "js"]
        .iter()
        .flat_map(|e| files_with(dist, e))
        .map(|f| sizes(&f).map(|s| s.gzip))
        .sum::<Result<u64, _>>()?;
    let icon: u64 = files_with(dist, "svg")
        .iter()
        .map(|f| sizes(f).map(|s| s.gzip))
        .sum::<Result<u64, _>>()?;
    let (text, total) = (html + css, html + css + code + icon);
    writeln!(
        report,
        "\n## First visit to a note page\n\n`/notes/{NOTE}/`, gzip bytes:\n\n| what | bytes | budget |\n|---|---:|---:|\n| HTML + CSS (enough to read the page) | {text} | {TEXT_BUDGET} |\n| everything (with the WebAssembly, JS and icon) | {total} | {TOTAL_BUDGET} |"
    )
    .ok();
    Ok((text, total))
}

fn lighthouse_table(dist: &Path, report: &mut String) -> Result<(), String> {
    let addr = crate::serve::start(dist.to_path_buf(), crate::build::base())?;
    let base = format!("http://{addr}{}", crate::build::base());
    let chromium = output(&mut cmd("sh", &["-c", "command -v chromium"])).unwrap_or_default();
    report.push_str("\n## Lighthouse (mobile preset, served gzip-compressed from localhost)\n\n| page | performance | accessibility | LCP | TBT | CLS |\n|---|---:|---:|---:|---:|---:|\n");
    for (name, path) in [
        ("home", "/".to_string()),
        ("note", format!("/notes/{NOTE}/")),
    ] {
        let url = format!("{base}{path}");
        let out = root().join(format!("target/lighthouse-{name}.json"));
        let status = cmd(
            "npx",
            &[
                "--no-install", "lighthouse", &url, "--quiet", "--output=json", &format!("--output-path={}", out.display()),
                "--only-categories=performance,accessibility",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking --disable-component-update --disable-sync",
            ],
        )
        .env("CHROME_PATH", chromium.trim())
        .status()
        .map_err(|e| format!("lighthouse: {e}"))?;
        if !status.success() {
            return Err(format!("lighthouse failed on {url}"));
        }
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(&out).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
        let score = |cat: &str| {
            json["categories"][cat]["score"]
                .as_f64()
                .map(|s| format!("{:.0}", s * 100.0))
                .unwrap_or("?".into())
        };
        let audit = |id: &str| {
            json["audits"][id]["numericValue"]
                .as_f64()
                .unwrap_or(f64::NAN)
        };
        writeln!(
            report,
            "| {name} (`{path}`) | {} | {} | {:.2} s | {:.0} ms | {:.3} |",
            score("performance"),
            score("accessibility"),
            audit("largest-contentful-paint") / 1000.0,
            audit("total-blocking-time"),
            audit("cumulative-layout-shift")
        )
        .ok();
    }
    report.push_str(
        "\nTargets: performance ≥ 95, accessibility 100, LCP ≤ 1.5 s, TBT ≤ 200 ms, CLS ≤ 0.02.\n",
    );
    Ok(())
}
