//! Markdown to HTML: one pass over pulldown-cmark's events that checks and rewrites
//! them (headings, links, math, alerts, raw HTML) and hands fenced blocks to
//! [`crate::blocks`]. Everything the book-level checks need later (link targets,
//! anchors, files) is collected in [`Out`].

use crate::blocks;
use crate::diagnostics::Lines;
use crate::escape::html;
use crate::headings::{open_tag, Ids};
use crate::links::{asset_dest, classify, Target};
use crate::markdown;
use crate::math::to_mathml;
use book_model::{note_url, Card, Heading};
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};
use std::collections::HashSet;

/// Where the Markdown being rendered comes from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ctx<'a> {
    /// The content file, `/`-separated, relative to the root (`caching/lru.md`).
    pub(crate) file: &'a str,
    /// The page path (`caching/lru`).
    pub(crate) path: &'a str,
    /// The site's base path.
    pub(crate) base: &'a str,
    /// Inside a card: no headings, cards or widgets.
    pub(crate) nested: bool,
}

/// A link to check once every page is compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ref {
    /// The file line of the link.
    pub(crate) line: usize,
    /// The destination as written.
    pub(crate) dest: String,
    /// The page path it points at.
    pub(crate) path: String,
    /// The anchor it points at, if any.
    pub(crate) anchor: Option<String>,
}

/// What rendering a page collects besides its HTML.
#[derive(Debug, Default)]
pub(crate) struct Out {
    pub(crate) errs: Vec<(usize, String)>,
    pub(crate) refs: Vec<Ref>,
    /// Files (images, SVGs) the page links, with the line.
    pub(crate) files: Vec<(usize, String)>,
    pub(crate) headings: Vec<Heading>,
    /// Every heading id on the page (all levels).
    pub(crate) anchors: HashSet<String>,
    pub(crate) ids: Ids,
    pub(crate) cards: Vec<Card>,
    /// The lines of the page's cards blocks.
    pub(crate) card_blocks: Vec<usize>,
    pub(crate) words: usize,
    pub(crate) diagrams: usize,
    pub(crate) widgets: usize,
}

struct OpenHeading<'a> {
    level: u8,
    text: String,
    events: Vec<Event<'a>>,
}

struct OpenCode {
    info: String,
    line: usize,
    fenced: bool,
    body: String,
}

/// Render `src` (whose offsets map to file lines through `lines`) to HTML.
/// Screen readers announce a column by its header, so an empty header cell is an error.
fn check_table_header(
    event: &Event<'_>,
    line: usize,
    in_head: &mut bool,
    has_text: &mut Option<bool>,
    out: &mut Out,
) {
    match event {
        Event::Start(Tag::TableHead) => *in_head = true,
        Event::End(TagEnd::TableHead) => *in_head = false,
        Event::Start(Tag::TableCell) if *in_head => *has_text = Some(false),
        Event::Text(t) | Event::Code(t) | Event::InlineMath(t) if !t.trim().is_empty() => {
            if let Some(seen) = has_text.as_mut() {
                *seen = true;
            }
        }
        Event::End(TagEnd::TableCell) if *in_head => {
            if *has_text == Some(false) {
                out.errs.push((line, "a table header cell is empty: name every column, since screen readers announce cells by their header".into()));
            }
            *has_text = None;
        }
        _ => {}
    }
}

pub(crate) fn render(src: &str, lines: &Lines, ctx: Ctx<'_>, out: &mut Out) -> String {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<OpenHeading<'_>> = None;
    let mut code: Option<OpenCode> = None;
    let mut prose = String::new();
    // Inside a raw HTML block: `Some(reported)`, so a block is reported once.
    let mut html_block: Option<bool> = None;
    // Inside a table's header row: whether the current header cell has any text yet.
    let mut in_table_head = false;
    let mut header_cell_has_text: Option<bool> = None;
    for (event, range) in markdown::parser(src).into_offset_iter() {
        let line = lines.line(range.start);
        check_table_header(
            &event,
            line,
            &mut in_table_head,
            &mut header_cell_has_text,
            out,
        );
        if let Some(c) = code.as_mut() {
            match event {
                Event::Text(t) => c.body.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(c) = code.take() {
                        let html = blocks::render(&c.info, c.fenced, &c.body, c.line, ctx, out);
                        events.push(Event::Html(html.into()));
                    }
                }
                _ => {}
            }
            continue;
        }
        let mapped: Option<Event<'_>> = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let (info, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => (info.trim().to_string(), true),
                    CodeBlockKind::Indented => (String::new(), false),
                };
                code = Some(OpenCode {
                    info,
                    line,
                    fenced,
                    body: String::new(),
                });
                None
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let level = level as u8;
                if ctx.nested {
                    out.errs
                        .push((line, "headings are not allowed in cards".into()));
                } else if level == 1 {
                    out.errs.push((line, "a `#` heading in the body: the page title comes from the front matter, so sections start at `##`".into()));
                }
                heading = Some(OpenHeading {
                    level,
                    text: String::new(),
                    events: Vec::new(),
                });
                None
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    let id = out.ids.unique(&h.text);
                    out.anchors.insert(id.clone());
                    if matches!(h.level, 2 | 3) && !ctx.nested {
                        out.headings.push(Heading {
                            level: h.level,
                            id: id.clone(),
                            text: h.text.trim().to_string(),
                        });
                    }
                    events.push(Event::Html(open_tag(h.level, &id).into()));
                    events.extend(h.events);
                    events.push(Event::Html(format!("</h{}>\n", h.level).into()));
                    prose.push(' ');
                }
                None
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert(kind);
                Some(Event::Html(
                    format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{title}</p>\n").into(),
                ))
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Some(Event::Html("</div>\n".into())),
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some(false);
                None
            }
            Event::End(TagEnd::HtmlBlock) => {
                html_block = None;
                None
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if html_block != Some(true) {
                    raw_html(&raw, line, out);
                }
                if html_block.is_some() {
                    html_block = Some(true);
                }
                None
            }
            Event::InlineMath(tex) => math(&tex, false, line, out),
            Event::DisplayMath(tex) => math(&tex, true, line, out),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if link_type == LinkType::Email {
                    dest_url
                } else {
                    link(&dest_url, false, line, ctx, out)
                };
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = link(&dest_url, true, line, ctx, out);
                Some(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::Text(t) => {
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&t);
                }
                prose.push_str(&t);
                Some(Event::Text(t))
            }
            Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&t);
                }
                prose.push(' ');
                Some(Event::Code(t))
            }
            e @ (Event::End(_) | Event::SoftBreak | Event::HardBreak) => {
                prose.push(' ');
                Some(e)
            }
            e => Some(e),
        };
        // A wide table scrolls sideways inside a focusable wrapper, so a keyboard can
        // scroll it too.
        let (before, after) = match &mapped {
            Some(Event::Start(Tag::Table(_))) => {
                (Some("<div class=\"table-wrap\" tabindex=\"0\">\n"), None)
            }
            Some(Event::End(TagEnd::Table)) => (None, Some("</div>\n")),
            _ => (None, None),
        };
        if let Some(html) = before {
            events.push(Event::Html(html.into()));
        }
        if let Some(e) = mapped {
            match heading.as_mut() {
                Some(h) => h.events.push(e),
                None => events.push(e),
            }
        }
        if let Some(html) = after {
            events.push(Event::Html(html.into()));
        }
    }
    if !ctx.nested {
        out.words += count_words(&prose);
    }
    let mut html = String::with_capacity(src.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Words of prose: whitespace-separated runs holding a letter or digit.
fn count_words(prose: &str) -> usize {
    prose
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

fn raw_html(raw: &str, line: usize, out: &mut Out) {
    let snippet: String = raw
        .trim()
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(40)
        .collect();
    out.errs.push((
        line,
        format!("raw HTML is not allowed in notes (found `{snippet}`): use Markdown, or write `\\<` if you meant a literal `<`"),
    ));
}

fn math<'a>(tex: &str, display: bool, line: usize, out: &mut Out) -> Option<Event<'a>> {
    match to_mathml(tex, display) {
        Ok(m) => Some(Event::InlineHtml(m.into())),
        Err(e) => {
            out.errs.push((line, e));
            Some(Event::Text(CowStr::from(String::new())))
        }
    }
}

/// Check and rewrite a link or image destination.
fn link<'a>(dest: &str, image: bool, line: usize, ctx: Ctx<'_>, out: &mut Out) -> CowStr<'a> {
    match classify(ctx.file, dest) {
        Ok(Target::External) => dest.to_string().into(),
        Ok(Target::SamePage(anchor)) if !image => {
            out.refs.push(Ref {
                line,
                dest: dest.into(),
                path: ctx.path.into(),
                anchor: Some(anchor),
            });
            dest.to_string().into()
        }
        Ok(Target::Page { path, anchor }) if !image => {
            let url = note_url(ctx.base, &path)
                + &anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default();
            out.refs.push(Ref {
                line,
                dest: dest.into(),
                path,
                anchor,
            });
            url.into()
        }
        Ok(Target::File(file)) => {
            let url = format!("{}/{}", ctx.base, asset_dest(&file));
            out.files.push((line, file));
            url.into()
        }
        Ok(_) => {
            out.errs.push((
                line,
                format!(
                    "image `{}` must be a picture file, not a note or an anchor",
                    html(dest)
                ),
            ));
            dest.to_string().into()
        }
        Err(msg) => {
            out.errs.push((line, msg));
            dest.to_string().into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (String, Out) {
        let mut out = Out::default();
        let ctx = Ctx {
            file: "ch/page.md",
            path: "ch/page",
            base: "/b",
            nested: false,
        };
        let html = render(src, &Lines::new(src, 1), ctx, &mut out);
        (html, out)
    }

    #[test]
    fn headings_get_ids_anchors_and_toc_entries() {
        let (html, out) = run("## Why `LRU`?\n\n### Why `LRU`?\n\n#### Deep\n");
        assert!(
            html.starts_with("<h2 id=\"why-lru\"><a class=\"anchor\" href=\"#why-lru\""),
            "{html}"
        );
        assert!(html.contains("<h3 id=\"why-lru-1\">"));
        assert_eq!(out.headings.len(), 2);
        assert!(out.anchors.contains("deep"));
    }

    #[test]
    fn level_one_headings_and_raw_html_are_errors() {
        let (_, out) = run("# Title\n\ntext <b>bold\n\n<div>\nx\n</div>\n\n<!-- c -->\n");
        let lines: Vec<usize> = out.errs.iter().map(|e| e.0).collect();
        assert_eq!(lines, [1, 3, 5, 9], "{:?}", out.errs);
        assert!(out.errs[1]
            .1
            .starts_with("raw HTML is not allowed in notes (found `<b>`)"));
    }

    #[test]
    fn links_are_rewritten_with_the_base() {
        let (html, out) =
            run("[a](other.md#x) [b](../index.md) [c](https://e.org) [d](#here) ![e](pic.svg)\n");
        assert!(html.contains("href=\"/b/notes/ch/other/#x\""), "{html}");
        assert!(
            html.contains("href=\"/b/notes/index/\"")
                || html.contains("href=\"/b/notes//\"")
                || !out.errs.is_empty(),
            "{html}"
        );
        assert!(html.contains("href=\"https://e.org\""));
        assert!(html.contains("href=\"#here\""));
        assert!(html.contains("src=\"/b/content-assets/ch/pic.svg\""));
        assert_eq!(out.files, [(1, "ch/pic.svg".to_string())]);
        assert_eq!(out.refs.len(), 3);
    }

    #[test]
    fn alerts_math_and_words() {
        let (html, out) = run("> [!WARNING]\n> Mind the gap.\n\nArea $a^2$ is\n\n$$\\frac{1}{2}$$\n\n```rust\nlet x = 1;\n```\n");
        assert!(html.starts_with("<div class=\"alert alert-warning\" role=\"note\"><p class=\"alert-title\">Warning</p>"), "{html}");
        assert!(html.contains("<math"), "{html}");
        assert!(html.contains("<pre class=\"hl-code\" data-lang=\"rust\" tabindex=\"0\">"));
        assert_eq!(out.words, 5, "Mind the gap. Area is");
        assert!(out.errs.is_empty(), "{:?}", out.errs);
    }

    #[test]
    fn empty_table_header_cells_are_errors() {
        let (_, out) = run("| | A |\n|---|---|\n| x | |\n");
        assert_eq!(out.errs.len(), 1, "{:?}", out.errs);
        assert!(out.errs[0].1.contains("table header cell is empty"));
        let (_, out) = run("| `k` | $n$ |\n|---|---|\n| | |\n");
        assert!(out.errs.is_empty(), "{:?}", out.errs);
    }

    #[test]
    fn words_skip_code_math_diagrams_widgets_and_cards() {
        let src = "One two `code` three.\n\n```dot\ndigraph { a -> b; }\n```\n\n```widget counter\n```\n\n\
                   ```cards\n[[card]]\nq = \"Many words here?\"\na = \"Yes many.\"\n```\n\n$x + y$ four\n";
        let (html, out) = run(src);
        assert_eq!(out.words, 4, "{html}");
        assert_eq!((out.diagrams, out.widgets, out.cards.len()), (1, 1, 1));
        assert!(!html.contains("Many words"));
    }

    #[test]
    fn email_autolinks_and_footnotes_pass_through() {
        let (html, out) = run("Mail <me@example.org>.[^1]\n\n[^1]: Note.\n");
        assert!(html.contains("href=\"mailto:me@example.org\""), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
        assert!(out.errs.is_empty() && out.refs.is_empty(), "{:?}", out.errs);
    }
}
