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
    widget_timings(&dist, &mut report)?;
    crate_figures(&mut report)?;
    std::fs::write(root().join("BENCHMARKS.md"), &report)
        .map_err(|e| format!("BENCHMARKS.md: {e}"))?;
    println!("{report}");
    Ok(())
}

const HEADER: &str = "# Benchmarks\n\nEvery figure in the site sections is measured by `cargo xtask bench` (it rebuilds the\nrelease site, then measures it); rerun it to reproduce them. Sizes are bytes; gzip at\nlevel 9 and brotli at quality 11, as a static host or CDN would serve them. Measured on\nthe project's 2-core Debian machine with Debian's Chromium.\n";

/// The algorithm crates, whose READMEs hold their criterion figures.
const CRATES: [&str; 4] = [
    "consistent-hashing",
    "cache-policies",
    "raft-sim",
    "rate-limiting",
];

/// Runs the end-to-end suite's timing tests (`timing: ...`) against the release build,
/// which write `tests/e2e/results/<widget>.json`, and tabulates those files.
fn widget_timings(dist: &Path, report: &mut String) -> Result<(), String> {
    let results = root().join("tests/e2e/results");
    let _ = std::fs::remove_dir_all(&results);
    let addr = crate::serve::start(dist.to_path_buf(), crate::build::base())?;
    let mut tests: Vec<String> = std::fs::read_dir(root().join("tests/e2e"))
        .map_err(|e| format!("tests/e2e: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    tests.sort();
    let mut args = vec![
        "--test",
        "--test-concurrency=1",
        "--test-name-pattern=^timing",
    ];
    args.extend(tests.iter().map(String::as_str));
    let status = cmd("node", &args)
        .env("SITE_URL", format!("http://{addr}{}", crate::build::base()))
        .status()
        .map_err(|e| format!("node: {e}"))?;
    if !status.success() {
        return Err("the browser timing tests failed".into());
    }
    report.push_str("\n## Widgets in the browser\n\nMeasured by the end-to-end suite's `timing:` tests in headless Chromium (software\nrendering) against the release build; `cargo xtask bench` runs them, and each test says\nexactly what it times. Times are milliseconds, medians of the runs in the test; memory is\nthe WebAssembly memory's size afterwards (it never shrinks, so it is the peak).\n\n| widget | figure | value |\n|---|---|---:|\n");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&results)
        .map_err(|e| format!("{}: {e}", results.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for file in files {
        let widget = file
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let json: Value = serde_json::from_str(
            &std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?,
        )
        .map_err(|e| format!("{}: {e}", file.display()))?;
        let Some(figures) = json.as_object() else {
            continue;
        };
        for (name, value) in figures {
            writeln!(report, "| {widget} | `{name}` | {value} |").ok();
        }
    }
    report.push_str(WIDGET_TARGETS);
    Ok(())
}

/// The issues' in-browser targets, beside the table above.
const WIDGET_TARGETS: &str = "\nTargets from the issues: hash ring, a join or leave with 100,000 keys on 10 nodes of\n1,000 virtual nodes recomputed and redrawn within one 16 ms frame, under 32 MB of\nWebAssembly memory; cache eviction, 1,000,000 requests through all policies at one size\nunder 1 s, the exact LRU miss-ratio curve of 1,000,000 requests under 300 ms, under 128 MB;\nRaft, scrubbing to any point of a 10,000-event run redrawn under 16 ms, its history under\n64 MB; rate limiter, a 10,000-request timeline of every algorithm recomputed and redrawn\nunder 16 ms when a parameter changes, under 16 MB.\n";

/// Copies each algorithm crate's `## Benchmarks` section (its criterion figures, the
/// command that measures them, and the targets) from its README.
fn crate_figures(report: &mut String) -> Result<(), String> {
    report.push_str("\n## Algorithm crates\n\nEach crate measures itself with criterion (`cargo bench -p <crate>`); these sections are\ncopied from the crates' READMEs by `cargo xtask bench`.\n");
    for name in CRATES {
        let path = root().join("crates").join(name).join("README.md");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let Some(start) = text.find("## Benchmarks") else {
            return Err(format!("{}: no `## Benchmarks` section", path.display()));
        };
        let body = &text[start + "## Benchmarks".len()..];
        let end = body.find("\n## ").unwrap_or(body.len());
        writeln!(
            report,
            "\n### [{name}](crates/{name}/README.md)\n{}",
            body[..end].trim_end()
        )
        .ok();
    }
    Ok(())
}

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

/// Whether `file` belongs to a widget's bundle (`widget-<name>-<hash>.*`), which only
/// the pages showing that widget fetch.
fn is_bundle_file(file: &Path) -> bool {
    file.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("widget-"))
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
/// The note pages measured for a first visit: the one Lighthouse measures, and each
/// other widget's main note (a page pays for the app plus the widgets it shows).
const FIRST_VISIT_NOTES: [&str; 4] = [
    NOTE,
    "caching/cache-eviction-policies",
    "replication/raft-and-leader-election",
    "apis/rate-limiting-algorithms",
];

/// The first visit to each of [`FIRST_VISIT_NOTES`]; returns the largest text and total.
fn first_visit(dist: &Path, report: &mut String) -> Result<(u64, u64), String> {
    report.push_str("\n## First visit to a note page\n\nGzip bytes of what a first visit fetches: the page, the site's stylesheets, the app's\nmodule and WebAssembly, the bundles of the widgets on the page (the page's\n`modulepreload` links) with their WebAssembly and stylesheets, and the icon.\n\n| page | HTML + CSS (enough to read it) | everything |\n|---|---:|---:|\n");
    let (mut text, mut total) = (0, 0);
    for note in FIRST_VISIT_NOTES {
        let (t, all) = first_visit_to(dist, note)?;
        writeln!(report, "| `/notes/{note}/` | {t} | {all} |").ok();
        text = text.max(t);
        total = total.max(all);
    }
    writeln!(report, "| budget | {TEXT_BUDGET} | {TOTAL_BUDGET} |").ok();
    Ok((text, total))
}

/// The gzip bytes of the text (HTML + CSS) and of everything a first visit to `note`
/// fetches.
fn first_visit_to(dist: &Path, note: &str) -> Result<(u64, u64), String> {
    let html = sizes(&dist.join(format!("notes/{note}/index.html")))?.gzip;
    // The app's module and WebAssembly, and the bundles of the widgets on the page
    // (which the page names in its `modulepreload` links), each with its WebAssembly
    // and stylesheet.
    let page = std::fs::read_to_string(dist.join(format!("notes/{note}/index.html")))
        .map_err(|e| format!("the note page: {e}"))?;
    let mut css_files: Vec<PathBuf> = files_with(dist, "css")
        .into_iter()
        .filter(|f| !is_bundle_file(f))
        .collect();
    let mut code_files: Vec<PathBuf> = ["wasm", "js"]
        .iter()
        .flat_map(|e| files_with(dist, e))
        .filter(|f| {
            f.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("site-"))
        })
        .collect();
    for href in page.split("<link rel=\"modulepreload\" href=\"").skip(1) {
        let Some(url) = href.split('"').next() else {
            continue;
        };
        let file = url.rsplit('/').next().unwrap_or(url);
        code_files.push(dist.join(file));
        code_files.push(dist.join(file.replace(".js", "_bg.wasm")));
        css_files.push(dist.join(file.replace(".js", ".css")));
    }
    let css: u64 = css_files
        .iter()
        .map(|f| sizes(f).map(|s| s.gzip))
        .sum::<Result<u64, _>>()?;
    let code: u64 = code_files
        .iter()
        .map(|f| sizes(f).map(|s| s.gzip))
        .sum::<Result<u64, _>>()?;
    let icon: u64 = files_with(dist, "svg")
        .iter()
        .map(|f| sizes(f).map(|s| s.gzip))
        .sum::<Result<u64, _>>()?;
    let (text, total) = (html + css, html + css + code + icon);
    Ok((text, total))
}

fn lighthouse_table(dist: &Path, report: &mut String) -> Result<(), String> {
    let addr = crate::serve::start(dist.to_path_buf(), crate::build::base())?;
    let base = format!("http://{addr}{}", crate::build::base());
    let chromium = output(&mut cmd("sh", &["-c", "command -v chromium"])).unwrap_or_default();
    report.push_str("\n## Lighthouse (mobile preset, served gzip-compressed from localhost)\n\n| page | performance | accessibility | LCP | TBT | CLS | bytes transferred |\n|---|---:|---:|---:|---:|---:|---:|\n");
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
            "| {name} (`{path}`) | {} | {} | {:.2} s | {:.0} ms | {:.3} | {:.0} |",
            score("performance"),
            score("accessibility"),
            audit("largest-contentful-paint") / 1000.0,
            audit("total-blocking-time"),
            audit("cumulative-layout-shift"),
            audit("total-byte-weight")
        )
        .ok();
    }
    report.push_str(
        "\nTargets: performance ≥ 95, accessibility 100, LCP ≤ 1.5 s, TBT ≤ 200 ms, CLS ≤ 0.02.\n",
    );
    Ok(())
}
