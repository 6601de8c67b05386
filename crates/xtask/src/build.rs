//! The release build: Trunk compiles the app to WebAssembly and writes `dist/`; each
//! widget's bundle is compiled, bound and optimised into `dist/` beside it; then the
//! pre-renderer compiles the book and renders every page into it.

use crate::util::{cmd, root, run};
use std::path::PathBuf;

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
    for widget in widget_params::widget_names() {
        bundle(widget, base)?;
    }
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

/// Where cargo puts its output.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Builds widget `name`'s bundle (the `widget-<name>` binary) the way Trunk builds the
/// app: compiled for wasm32 in release, bound with wasm-bindgen (as an ES module), and
/// shrunk with npm's wasm-opt; then written to `dist/widget-<name>-<hash>.js`,
/// `..._bg.wasm` and `.css` (the widget's styles, from `style/widgets/<name>.css`), named
/// by a hash of their content so they can be cached for good.
fn bundle(name: &str, base: &str) -> Result<(), String> {
    let bin = format!("widget-{name}");
    run(cmd(
        "cargo",
        &[
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--no-default-features",
            "--features",
            "hydrate",
            "--bin",
            &bin,
        ],
    )
    .env("SITE_BASE", base))?;
    let wasm = target_dir()
        .join("wasm32-unknown-unknown/release")
        .join(format!("{bin}.wasm"));
    let out = target_dir().join("bundles");
    let out_str = out.to_string_lossy().into_owned();
    run(&mut cmd(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            "--out-dir",
            &out_str,
            "--out-name",
            &bin,
            &wasm.to_string_lossy(),
        ],
    ))?;
    let bound = out.join(format!("{bin}_bg.wasm"));
    let small = out.join(format!("{bin}_opt.wasm"));
    run(&mut cmd(
        "wasm-opt",
        &[
            "-Oz",
            "--converge",
            &bound.to_string_lossy(),
            "-o",
            &small.to_string_lossy(),
        ],
    ))?;
    let read = |p: &PathBuf| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let js = String::from_utf8(read(&out.join(format!("{bin}.js")))?)
        .map_err(|e| format!("{bin}.js: {e}"))?;
    let js = compact_js(&js);
    let wasm_bytes = read(&small)?;
    // The widget's own styles travel with its bundle, so a page pays only for the
    // widgets it shows.
    let css_path = root().join(format!("style/widgets/{name}.css"));
    let css = compact_css(
        &String::from_utf8(read(&css_path)?).map_err(|e| format!("{}: {e}", css_path.display()))?,
    );
    let hash = format!(
        "{:016x}",
        fnv1a(&[js.as_bytes(), &wasm_bytes, css.as_bytes()])
    );
    let bg_name = format!("{bin}_bg.wasm");
    if !js.contains(&bg_name) {
        return Err(format!(
            "{bin}.js does not name {bg_name}; wasm-bindgen's output changed"
        ));
    }
    let js = js.replace(&bg_name, &format!("{bin}-{hash}_bg.wasm"));
    let dist = root().join("dist");
    let write = |file: String, bytes: &[u8]| {
        std::fs::write(dist.join(&file), bytes).map_err(|e| format!("dist/{file}: {e}"))
    };
    write(format!("{bin}-{hash}.js"), js.as_bytes())?;
    write(format!("{bin}-{hash}_bg.wasm"), &wasm_bytes)?;
    write(format!("{bin}-{hash}.css"), css.as_bytes())?;
    Ok(())
}

/// wasm-bindgen's JavaScript without its comments, indentation and blank lines (Trunk
/// minifies the app's; this does the part that is safe line by line, since the glue has
/// no multi-line strings: about a seventh of each bundle's gzip bytes).
fn compact_js(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_comment = false;
    for line in js.lines() {
        let line = line.trim();
        if in_comment {
            in_comment = !line.contains("*/");
            continue;
        }
        if line.starts_with("/*") {
            in_comment = !line.contains("*/");
            continue;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A stylesheet without its comments, indentation and blank lines (Trunk minifies the
/// app's stylesheets; widget stylesheets are written by hand, so this is enough).
fn compact_css(css: &str) -> String {
    let mut bare = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        bare.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    bare.push_str(rest);
    let mut out = String::with_capacity(bare.len());
    for line in bare.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// FNV-1a over `parts`: a content hash for file names (not for security).
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.iter().flat_map(|p| p.iter()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::{compact_css, compact_js, fnv1a};

    #[test]
    fn compacting_css_drops_comments_indentation_and_blank_lines() {
        let css = "/* Title\n   more. */\n\n.a { color: red; } /* why */ .b {\n    margin: 0;\n}\n/* unclosed";
        assert_eq!(
            compact_css(css),
            ".a { color: red; }  .b {\nmargin: 0;\n}\n"
        );
    }

    #[test]
    fn compacting_keeps_the_code_and_drops_comments_and_indentation() {
        let js = "/**\n * Docs.\n */\nexport function f(a) {\n    // why\n    return `${a}/*x*/`;\n}\n\n/* one */\nlet b = 1; // trailing kept\n";
        assert_eq!(
            compact_js(js),
            "export function f(a) {\nreturn `${a}/*x*/`;\n}\nlet b = 1; // trailing kept\n"
        );
    }

    #[test]
    fn the_content_hash_is_fnv1a() {
        // The published FNV-1a 64-bit test vectors.
        assert_eq!(fnv1a(&[b""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(&[b"a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(&[b"foo", b"bar"]), fnv1a(&[b"foobar"]));
    }
}
