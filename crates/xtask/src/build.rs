//! The release build: Trunk compiles the app to WebAssembly and writes `dist/`, then the
//! pre-renderer compiles the book and renders every page into it.

use crate::util::{cmd, run};

/// The base path the site is built for (`SITE_BASE`, e.g. `/notes`; empty for a root).
pub(crate) fn base() -> String {
    std::env::var("SITE_BASE")
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string()
}

/// Builds the release site into `dist/`, for the base path in `SITE_BASE`.
pub(crate) fn release() -> Result<(), String> {
    release_at(&base())
}

/// Builds the release site into `dist/`, to be served under `base` ("" for a root).
pub(crate) fn release_at(base: &str) -> Result<(), String> {
    if !base.is_empty() && (!base.starts_with('/') || base.contains(char::is_whitespace)) {
        return Err(format!("SITE_BASE must look like /some/path, not {base:?}"));
    }
    let public_url = format!("{base}/");
    // Trunk runs cargo offline (it must never download tools), so fetch crates first.
    run(&mut cmd("cargo", &["fetch", "--locked"]))?;
    run(cmd(
        "trunk",
        &["build", "--release", "--public-url", &public_url],
    )
    .env("SITE_BASE", base))?;
    run(cmd(
        "cargo",
        &[
            "run",
            "--quiet",
            "--profile",
            "prerender",
            "--features",
            "ssr",
            "--bin",
            "prerender",
            "--",
            "dist",
            "content",
        ],
    )
    .env("SITE_BASE", base))
}
