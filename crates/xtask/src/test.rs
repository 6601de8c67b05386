//! `cargo xtask test`: everything the CI checks, in the order that fails fastest.

use crate::util::{cmd, on_path, output, root, run as exec};

/// Runs every check and test; the first failure stops the run.
pub(crate) fn run() -> Result<(), String> {
    crate::setup::for_build()?;
    crate::setup::for_browser_tests()?;
    exec(&mut cmd("cargo", &["fmt", "--all", "--check"]))?;
    exec(&mut cmd(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--features",
            "ssr,test-widget",
            "--",
            "-D",
            "warnings",
        ],
    ))?;
    for features in ["hydrate", "hydrate,test-widget"] {
        exec(&mut cmd(
            "cargo",
            &[
                "clippy",
                "-p",
                "site",
                "--target",
                "wasm32-unknown-unknown",
                "--no-default-features",
                "--features",
                features,
                "--",
                "-D",
                "warnings",
            ],
        ))?;
    }
    unit_tests()?;
    wasm_tests()?;
    content_checks()?;
    // The browser tests run twice: against a site at a domain's root, and against one
    // under a path (as on a GitHub Pages project site), where every link must carry it.
    for base in ["", "/base-path-test"] {
        crate::build::release_at(base)?;
        browser_tests(base)?;
    }
    Ok(())
}

/// The workspace's native tests: nextest when it is installed (it runs test binaries in
/// parallel), plus the doctests, which nextest does not run.
fn unit_tests() -> Result<(), String> {
    let features = ["--workspace", "--features", "ssr,test-widget"];
    if on_path("cargo-nextest") {
        let mut args = vec!["nextest", "run", "--no-fail-fast"];
        args.extend(features);
        exec(&mut cmd("cargo", &args))?;
        let mut doc = vec!["test", "--doc"];
        doc.extend(features);
        exec(&mut cmd("cargo", &doc))
    } else {
        let mut args = vec!["test"];
        args.extend(features);
        exec(&mut cmd("cargo", &args))
    }
}

/// The app's DOM code (mounting widgets) tested in headless Chromium, through
/// wasm-bindgen's test runner (see `.cargo/config.toml` and `webdriver.json`).
fn wasm_tests() -> Result<(), String> {
    let driver = output(&mut cmd("sh", &["-c", "command -v chromedriver"])).unwrap_or_default();
    exec(
        cmd(
            "cargo",
            &[
                "test",
                "-p",
                "site",
                "--lib",
                "--target",
                "wasm32-unknown-unknown",
                "--no-default-features",
                "--features",
                "hydrate,test-widget",
            ],
        )
        .env("CHROMEDRIVER", driver.trim()),
    )
}

/// The book compiles with no error, and the notes are original writing.
fn content_checks() -> Result<(), String> {
    exec(&mut cmd(
        "cargo",
        &[
            "run",
            "--quiet",
            "--profile",
            "prerender",
            "-p",
            "content",
            "--bin",
            "content-check",
            "--",
            "content",
        ],
    ))?;
    let copycheck = root().join("../shared/tools/copycheck");
    if copycheck.exists() {
        exec(&mut cmd(
            "python3",
            &[&copycheck.to_string_lossy(), "content"],
        ))
    } else {
        println!("copycheck is not beside the project (../shared/tools/copycheck): skipped");
        Ok(())
    }
}

/// The end-to-end tests: Node's test runner drives Debian's Chromium with Playwright
/// against the release build in `dist/` (built for `base`), served the way a static host
/// serves it.
fn browser_tests(base: &str) -> Result<(), String> {
    let root = root();
    let addr = crate::serve::start(root.join("dist"), base.to_string())?;
    let mut files: Vec<String> = std::fs::read_dir(root.join("tests/e2e"))
        .map_err(|e| format!("tests/e2e: {e}"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut args = vec!["--test", "--test-concurrency=1"];
    args.extend(files.iter().map(String::as_str));
    exec(cmd("node", &args).env("SITE_URL", format!("http://{addr}{base}")))
}
