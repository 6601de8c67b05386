//! The `content-check` binary: its summary line, its diagnostics and exit codes.

use std::path::Path;
use std::process::Command;

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_content-check"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
        .output()
        .expect("run content-check");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_good_book_prints_one_summary_line() {
    let (code, out) = run(&["everything/content"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("everything/content: 3 pages, ")
            && out.contains(" words, 15 cards, 2 widgets ("),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn a_bad_book_prints_each_diagnostic_and_exits_1() {
    let (code, out) = run(&["heading-errors/content"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "heading-errors/content/ch/page.md:6: a `#` heading in the body: the page title comes from the front matter, so sections start at `##`\n"
    );
}

#[test]
fn print_css_prints_the_checked_in_stylesheet() {
    let (code, out) = run(&["--print-css"]);
    assert_eq!(code, 0);
    let on_disk =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("highlight.css"))
            .unwrap();
    assert_eq!(out, on_disk);
}

#[test]
fn a_missing_folder_is_an_error() {
    let (code, out) = run(&["no-such-folder"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("no-such-folder/SUMMARY.md:0: cannot read SUMMARY.md"),
        "{out}"
    );
}
