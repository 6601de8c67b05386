//! Running commands and finding the project's folders.

use std::path::PathBuf;
use std::process::Command;

/// The workspace root (where the top `Cargo.toml` is). `cargo xtask` (`cargo run`) sets
/// `CARGO_MANIFEST_DIR` when it runs the binary, which names the checkout being worked
/// in even when several checkouts share one target directory and so one `xtask`
/// binary; the path compiled in is the fallback.
pub(crate) fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from("."))
}

/// A command that runs in the workspace root, with the project's npm tools first on PATH
/// (so Trunk finds npm's `wasm-opt`, never Debian's).
pub(crate) fn cmd(program: &str, args: &[&str]) -> Command {
    let root = root();
    let mut command = Command::new(program);
    command.args(args).current_dir(&root);
    let npm_bin = root.join("node_modules/.bin");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![npm_bin];
    paths.extend(std::env::split_paths(&path));
    if let Ok(joined) = std::env::join_paths(paths) {
        command.env("PATH", joined);
    }
    command
}

/// Runs `command`, failing with a message that names it.
pub(crate) fn run(command: &mut Command) -> Result<(), String> {
    let shown = describe(command);
    println!("▶ {shown}");
    let status = command
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs `command` and returns its standard output, or `None` if it cannot run or fails.
pub(crate) fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether `program` can be found on PATH.
pub(crate) fn on_path(program: &str) -> bool {
    output(Command::new("sh").args(["-c", &format!("command -v {program}")])).is_some()
}

fn describe(command: &Command) -> String {
    let mut parts = vec![command.get_program().to_string_lossy().into_owned()];
    parts.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}
