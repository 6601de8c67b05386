//! `SUMMARY.md`: the table of contents, the one place that orders the book.
//!
//! The format is a strict subset of mdBook's: a `# Summary` heading, optional prefix
//! links (`[Introduction](introduction.md)`), then a list whose top-level items are
//! chapters (`- [Title](chapter/index.md)`) and whose second-level items are the
//! chapter's pages. It is read line by line so every error names its line.

use crate::diagnostics::Diagnostic;
use crate::links::page_path;
use book_model::{Toc, TocChapter, TocEntry};
use std::collections::HashMap;
use std::path::Path;

/// A page the summary lists, with where it is listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Listed {
    /// The file's path inside the root, with `/` separators (`caching/index.md`).
    pub(crate) file: String,
    /// The page path (`caching`).
    pub(crate) path: String,
    /// The line of `SUMMARY.md` that lists it.
    pub(crate) line: usize,
}

/// The parsed summary: the table of contents and every listed page in reading order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Summary {
    pub(crate) toc: Toc,
    pub(crate) listed: Vec<Listed>,
}

/// Parse `text` (the contents of `file`); the errors do not stop the parse.
pub(crate) fn parse(file: &Path, text: &str, diags: &mut Vec<Diagnostic>) -> Summary {
    let mut summary = Summary::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut heading_seen = false;
    let mut in_list = false;
    let mut err = |line: usize, msg: String| diags.push(Diagnostic::new(file, line, msg));

    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        if !heading_seen {
            if raw.trim() != "# Summary" {
                err(
                    line,
                    "SUMMARY.md must start with the line `# Summary`".into(),
                );
            }
            heading_seen = true;
            if raw.trim() == "# Summary" {
                continue;
            }
        }
        let indent = raw.len() - raw.trim_start().len();
        let body = raw.trim();
        let (is_item, link) = match body.strip_prefix("- ").or_else(|| body.strip_prefix("* ")) {
            Some(rest) => (true, rest.trim()),
            None => (false, body),
        };
        let Some((title, target)) = parse_link(link) else {
            err(
                line,
                format!("malformed line `{body}`: expected `- [Title](folder/page.md)`"),
            );
            continue;
        };
        if title.trim().is_empty() {
            err(
                line,
                "empty title: write the page's title between the brackets".into(),
            );
            continue;
        }
        if let Err(msg) = check_target(target) {
            err(line, msg);
            continue;
        }
        let entry = TocEntry {
            path: page_path(target),
            title: title.trim().to_string(),
        };
        match (is_item, indent) {
            (false, _) if in_list => {
                err(
                    line,
                    "a link after the list starts must be a list item (`- [Title](page.md)`)"
                        .into(),
                );
                continue;
            }
            (false, _) => {
                if target == "index.md" {
                    err(line, "the book has no root `index.md` page; link a named page such as `introduction.md`".into());
                    continue;
                }
                summary.toc.prefix.push(entry.clone());
            }
            (true, 0) => {
                in_list = true;
                if !target.ends_with("/index.md") {
                    err(line, format!("chapter `{title}` must link its folder's `index.md` (like `chapter/index.md`), not `{target}`"));
                    continue;
                }
                summary.toc.chapters.push(TocChapter {
                    entry: entry.clone(),
                    pages: Vec::new(),
                });
            }
            (true, 1..=4) => {
                in_list = true;
                let Some(chapter) = summary.toc.chapters.last_mut() else {
                    err(line, "a page is listed before any chapter; put it under a `- [Chapter](chapter/index.md)` item".into());
                    continue;
                };
                chapter.pages.push(entry.clone());
            }
            (true, _) => {
                err(line, "list nested too deep: the book has chapters and pages only (indent pages by two spaces)".into());
                continue;
            }
        }
        if let Some(first) = seen.get(target) {
            err(
                line,
                format!("`{target}` is listed twice (first on line {first})"),
            );
        } else {
            seen.insert(target.to_string(), line);
        }
        summary.listed.push(Listed {
            file: target.to_string(),
            path: entry.path,
            line,
        });
    }
    if !heading_seen {
        err(
            1,
            "SUMMARY.md is empty: it must start with `# Summary` and list the book's pages".into(),
        );
    }
    // A page listed twice keeps its first place only.
    let mut kept = std::collections::HashSet::new();
    summary.listed.retain(|l| kept.insert(l.file.clone()));
    summary
}

/// Split `[title](target)` into its parts.
fn parse_link(s: &str) -> Option<(&str, &str)> {
    let inner = s.strip_prefix('[')?.strip_suffix(')')?;
    let mid = inner.rfind("](")?;
    Some((&inner[..mid], inner[mid + 2..].trim()))
}

/// A summary target must be a relative `.md` path inside the root.
fn check_target(target: &str) -> Result<(), String> {
    if !target.ends_with(".md") {
        return Err(format!(
            "`{target}` is not a Markdown page: summary entries link `.md` files"
        ));
    }
    if target.starts_with('/') || target.contains("://") || target.contains('\\') {
        return Err(format!(
            "`{target}` must be a path relative to the content folder"
        ));
    }
    if target
        .split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == "..")
        || target.contains('#')
    {
        return Err(format!("`{target}` must be a plain path like `chapter/page.md` (no `..`, `.`, `#` or empty parts)"));
    }
    Ok(())
}

/// Every `.md` file under `root` (SUMMARY.md at the root excluded), as `/`-separated
/// relative paths, sorted.
pub(crate) fn markdown_files(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                walk(&entry.path(), &rel, out);
            } else if name.ends_with(".md") && rel != "SUMMARY.md" {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, "", &mut out);
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Summary, Vec<String>) {
        let mut d = Vec::new();
        let s = parse(Path::new("SUMMARY.md"), text, &mut d);
        (s, d.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn parses_prefix_chapters_and_pages() {
        let (s, d) = run("# Summary\n\n[Intro](introduction.md)\n\n- [A](a/index.md)\n  - [X [1]](a/x.md)\n- [B](b/index.md)\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.toc.prefix[0].path, "introduction");
        assert_eq!(s.toc.chapters[0].entry.path, "a");
        assert_eq!(s.toc.chapters[0].pages[0].title, "X [1]");
        assert_eq!(s.toc.chapters[1].entry.path, "b");
        assert_eq!(s.listed.len(), 4);
        assert_eq!(s.listed[2].line, 6);
    }

    #[test]
    fn reports_every_bad_line() {
        let (_, d) = run("# Summary\n- [A](a/a.md)\n  - [X](a/x.md)\nnot a link\n- [B](b/index.md)\n  - [X](a/x.md)\n      - [Y](b/y.md)\n- [C](../c/index.md)\n");
        assert_eq!(
            d,
            [
                "SUMMARY.md:2: chapter `A` must link its folder's `index.md` (like `chapter/index.md`), not `a/a.md`",
                "SUMMARY.md:3: a page is listed before any chapter; put it under a `- [Chapter](chapter/index.md)` item",
                "SUMMARY.md:4: malformed line `not a link`: expected `- [Title](folder/page.md)`",
                "SUMMARY.md:7: list nested too deep: the book has chapters and pages only (indent pages by two spaces)",
                "SUMMARY.md:8: `../c/index.md` must be a plain path like `chapter/page.md` (no `..`, `.`, `#` or empty parts)",
            ]
        );
    }

    #[test]
    fn duplicates_and_a_missing_heading_are_errors() {
        let (s, d) = run("- [A](a/index.md)\n  - [X](a/x.md)\n  - [X again](a/x.md)\n");
        assert_eq!(
            d[0],
            "SUMMARY.md:1: SUMMARY.md must start with the line `# Summary`"
        );
        assert_eq!(
            d[1],
            "SUMMARY.md:3: `a/x.md` is listed twice (first on line 2)"
        );
        assert_eq!(s.listed.len(), 2);
    }
}
