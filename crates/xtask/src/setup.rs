//! Installing the pinned tools, only what is missing. Versions are checked, not assumed:
//! a wrong version is replaced, never used.
//!
//! | tool | version | from |
//! |---|---|---|
//! | wasm32 target | the toolchain's | rustup |
//! | Trunk | 0.21.14 (0.22 needs a newer rustc) | crates.io |
//! | wasm-bindgen-cli | exactly the `wasm-bindgen` in Cargo.lock | crates.io |
//! | wasm-opt, Playwright, axe, Lighthouse | package-lock.json | npm |
//! | Chromium and ChromeDriver | Debian's | apt |

use crate::util::{cmd, on_path, output, root, run};
use std::process::Command;

const TRUNK_VERSION: &str = "0.21.14";

/// What building the site needs: the wasm target, Trunk, wasm-bindgen and npm's tools.
pub(crate) fn for_build() -> Result<(), String> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    npm_tools()
}

/// What the browser tests need besides the build: Debian's Chromium and its driver.
pub(crate) fn for_browser_tests() -> Result<(), String> {
    if on_path("chromium") && on_path("chromedriver") {
        return Ok(());
    }
    println!("Chromium or its driver is missing: installing Debian's packages");
    let sudo: &[&str] = if is_root() { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = sudo.to_vec();
        all.push("apt-get");
        all.extend_from_slice(args);
        let mut command = Command::new(all[0]);
        command
            .args(&all[1..])
            .env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut command)
    };
    apt(&["update"])?;
    apt(&[
        "install",
        "-y",
        "--no-install-recommends",
        "chromium",
        "fonts-dejavu-core",
    ])
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

fn wasm_target() -> Result<(), String> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result<(), String> {
    let version = output(Command::new("trunk").arg("--version")).unwrap_or_default();
    if version.trim() == format!("trunk {TRUNK_VERSION}") {
        return Ok(());
    }
    println!("Installing Trunk {TRUNK_VERSION} (about 15 minutes on 2 cores, once)");
    run(Command::new("cargo").args(["install", "--locked", &format!("trunk@{TRUNK_VERSION}")]))
}

/// wasm-bindgen-cli must match the `wasm-bindgen` crate exactly. It is installed without
/// `--locked`: its own lockfile asks for crates newer than some registry mirrors carry.
fn wasm_bindgen() -> Result<(), String> {
    let want = locked_version("wasm-bindgen")?;
    let have = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) {
        return Ok(());
    }
    println!("Installing wasm-bindgen-cli {want} (about 5 minutes, once)");
    run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &want]))
}

/// `npm ci` once per lockfile: a copy of the lockfile it installed is kept beside the
/// packages, so a changed lockfile (or a missing tree) reinstalls.
fn npm_tools() -> Result<(), String> {
    let root = root();
    let lock = std::fs::read(root.join("package-lock.json"))
        .map_err(|e| format!("package-lock.json: {e}"))?;
    let stamp = root.join("node_modules/.installed-package-lock.json");
    let installed = std::fs::read(&stamp).ok();
    if installed.as_deref() == Some(lock.as_slice())
        && root.join("node_modules/.bin/wasm-opt").exists()
    {
        return Ok(());
    }
    run(&mut cmd("npm", &["ci", "--no-audit", "--no-fund"]))?;
    std::fs::write(&stamp, &lock).map_err(|e| format!("{}: {e}", stamp.display()))
}

/// The version of `package` in Cargo.lock.
pub(crate) fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    let end = lock[start..].find('"').ok_or("Cargo.lock is malformed")? + start;
    Ok(lock[start..end].to_string())
}
