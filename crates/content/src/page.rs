//! One page: front matter, body, cards, and the checks that need only the page.

use crate::blocks::too_few_cards;
use crate::diagnostics::{self, Diagnostic, Lines};
use crate::front_matter;
use crate::links::page_path;
use crate::render::{render, Ctx, Out};
use book_model::Page;

/// A compiled page and what the book-level checks still need.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) page: Page,
    /// Errors (`line`, message) and pending link and file checks.
    pub(crate) out: Out,
}

/// Compile the content file `file` (`/`-separated, relative to the root) with `text`.
pub(crate) fn compile(file: &str, text: &str, base: &str) -> Compiled {
    let path = page_path(file);
    let mut out = Out::default();
    let split = front_matter::split(text, &mut out.errs);
    let ctx = Ctx {
        file,
        path: &path,
        base,
        nested: false,
    };
    let html = render(
        split.body,
        &Lines::new(split.body, split.body_line),
        ctx,
        &mut out,
    );
    if let Some(msg) = too_few_cards(&path, &out) {
        let last_line = split.body_line + split.body.lines().count().saturating_sub(1);
        let line = out.card_blocks.last().copied().unwrap_or(last_line.max(1));
        out.errs.push((line, msg));
    }
    let front = split.front.unwrap_or_default();
    let page = Page {
        path,
        title: front.title,
        summary: front.summary,
        tags: front.tags,
        html,
        headings: std::mem::take(&mut out.headings),
        cards: std::mem::take(&mut out.cards),
        word_count: out.words,
    };
    Compiled { page, out }
}

/// Compile one page on its own: every check except those that need other pages or
/// the file system (links to other notes, linked files). `file` is the page's path in
/// the content folder (`caching/lru.md`); diagnostics name it as given.
///
/// Never panics, whatever `text` holds.
pub fn compile_page(file: &str, text: &str, base: &str) -> Result<Page, Vec<Diagnostic>> {
    let c = compile(file, text, base);
    let mut diags: Vec<Diagnostic> = c
        .out
        .errs
        .iter()
        .map(|(l, m)| Diagnostic::new(file, *l, m.clone()))
        .collect();
    for r in c.out.refs.iter().filter(|r| r.path == c.page.path) {
        if let Some(msg) = missing_anchor(r.anchor.as_deref(), &c.out, &r.dest) {
            diags.push(Diagnostic::new(file, r.line, msg));
        }
    }
    diagnostics::sort(&mut diags);
    if diags.is_empty() {
        Ok(c.page)
    } else {
        Err(diags)
    }
}

/// The error for a link to `anchor` on a page whose render is `target`, if it is missing.
pub(crate) fn missing_anchor(anchor: Option<&str>, target: &Out, dest: &str) -> Option<String> {
    let anchor = anchor?;
    (!target.anchors.contains(anchor)).then(|| {
        let mut known: Vec<&str> = target.anchors.iter().map(String::as_str).collect();
        known.sort_unstable();
        let hint = if known.is_empty() {
            "it has no headings".to_string()
        } else {
            format!("its anchors: {}", known.join(", "))
        };
        format!("link `{dest}`: no heading with the anchor `#{anchor}` ({hint})")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARDS: &str = "```cards\n[[card]]\nq = \"1\"\na = \"a\"\n[[card]]\nq = \"2\"\na = \"a\"\n[[card]]\nq = \"3\"\na = \"a\"\n[[card]]\nq = \"4\"\na = \"a\"\n[[card]]\nq = \"5\"\na = \"a\"\n```\n";

    #[test]
    fn a_good_page_compiles() {
        let text = format!("+++\ntitle = \"T\"\nsummary = \"S.\"\n+++\n\n## Intro\n\nSee [below](#intro).\n\n{CARDS}");
        let page = compile_page("ch/p.md", &text, "").unwrap();
        assert_eq!(page.path, "ch/p");
        assert_eq!(page.cards.len(), 5);
        assert_eq!(page.word_count, 3);
        assert!(!page.html.contains("card"));
    }

    #[test]
    fn body_lines_count_the_front_matter() {
        let text =
            format!("+++\ntitle = \"T\"\nsummary = \"S.\"\n+++\n\n# Oops\n[x](#nowhere)\n{CARDS}");
        let errs: Vec<String> = compile_page("ch/p.md", &text, "")
            .unwrap_err()
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].starts_with("ch/p.md:6: a `#` heading"), "{errs:?}");
        assert!(errs[1].starts_with("ch/p.md:7: link `#nowhere`: no heading with the anchor `#nowhere` (its anchors: oops)"), "{errs:?}");
    }

    #[test]
    fn too_few_cards_names_the_page() {
        let text = "+++\ntitle = \"T\"\nsummary = \"S.\"\n+++\nBody.\n";
        let errs = compile_page("ch/p.md", text, "").unwrap_err();
        assert_eq!(errs[0].to_string(), "ch/p.md:5: page `ch/p` has 0 revision cards; every page needs at least 5 in a ```cards block");
    }
}
