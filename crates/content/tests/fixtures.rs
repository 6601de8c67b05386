//! Fixture tests: each folder in `tests/fixtures/<case>/` holds a small `content/` and an
//! `expected.txt`: the rendered book (for a good book) or the exact diagnostics (for a
//! bad one). Regenerate after an intended change with `UPDATE_EXPECT=1 cargo test`.
//! The fixtures themselves are written by `tests/make_fixtures.py`.

use std::fmt::Write;
use std::path::Path;

/// The output of compiling a fixture, as text to compare.
fn snapshot(case: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case);
    match content::compile_book(&dir.join("content"), "/base") {
        Ok(book) => render_book(&book, &dir),
        Err(diags) => {
            let prefix = format!("{}/", dir.display());
            diags
                .iter()
                .map(|d| format!("{}\n", d.to_string().replace(&prefix, "")))
                .collect()
        }
    }
}

fn render_book(book: &content::Book, dir: &Path) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "toc: {:?}\n", book.toc);
    for a in &book.assets {
        let _ = writeln!(
            s,
            "asset: {} <- {}",
            a.dest,
            a.source.strip_prefix(dir).unwrap_or(&a.source).display()
        );
    }
    for p in &book.pages {
        let _ = writeln!(s, "\n=== page {} ===", p.path);
        let _ = writeln!(
            s,
            "title: {}\nsummary: {}\ntags: {:?}\nwords: {}",
            p.title, p.summary, p.tags, p.word_count
        );
        for h in &p.headings {
            let _ = writeln!(s, "heading: h{} #{} {}", h.level, h.id, h.text);
        }
        for c in &p.cards {
            let _ = writeln!(
                s,
                "card {}\n  q: {}\n  a: {}",
                c.id,
                c.q_html,
                c.a_html.trim_end().replace('\n', "\n     ")
            );
        }
        let _ = writeln!(s, "--- html ---\n{}", p.html.trim_end());
    }
    s
}

fn check(case: &str) {
    let got = snapshot(case);
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
        .join("expected.txt");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if got != want {
        panic!("fixture `{case}` differs from expected.txt (UPDATE_EXPECT=1 to accept):\n--- got ---\n{got}");
    }
}

macro_rules! fixtures {
    ($($name:ident => $case:literal,)*) => {
        $( #[test] fn $name() { check($case); } )*
    };
}

fixtures! {
    everything => "everything",
    summary_errors => "summary-errors",
    front_matter_errors => "front-matter-errors",
    heading_errors => "heading-errors",
    raw_html_errors => "raw-html-errors",
    link_errors => "link-errors",
    math_errors => "math-errors",
    diagram_errors => "diagram-errors",
    widget_errors => "widget-errors",
    card_errors => "card-errors",
}

#[test]
fn everything_compiles_and_uses_the_base_path() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/everything/content");
    let book = content::compile_book(&dir, "/base").unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(book.toc.page_count(), 3);
    assert_eq!(book.widget_count(), 2);
    assert_eq!(book.card_count(), 15);
    let page = &book.pages[2].html;
    assert!(page.contains("href=\"/base/notes/ch/\""));
    assert!(page.contains("href=\"/base/notes/introduction/#welcome\""));
    assert!(page.contains("src=\"/base/content-assets/ch/ring.svg\""));
    assert_eq!(book.assets[0].dest, "content-assets/ch/ring.svg");
    let no_base = content::compile_book(&dir, "").unwrap_or_else(|d| panic!("{d:?}"));
    assert!(no_base.pages[2].html.contains("href=\"/notes/ch/\""));
}

#[test]
fn a_missing_summary_is_an_error() {
    let err = content::compile_book(Path::new("/nonexistent/content"), "").unwrap_err();
    assert_eq!(err.len(), 1);
    assert!(err[0]
        .to_string()
        .starts_with("/nonexistent/content/SUMMARY.md:0: cannot read SUMMARY.md"));
}
