//! The content compiler: parses, checks and renders the book in `content/`.
//!
//! [`compile_book`] reads `SUMMARY.md` and every page it lists, and returns the
//! [`book_model`] values the site ships, or every error found, each naming a file and
//! line, sorted. Nothing is interpreted in the browser: Markdown, math (MathML), code
//! highlighting (classed spans, see [`highlight_css`]) and diagrams (inline SVG) are
//! all done here.
//!
//! The format is the project's `content-format.md` (beside the repository, in `shared/`); in short:
//!
//! - `SUMMARY.md` orders the book ([`summary`](crate) module); every `.md` file must
//!   be listed and every listed file must exist.
//! - A page starts with TOML front matter (`title`, `summary`, optional `tags`)
//!   between `+++` lines.
//! - Headings `##`–`######` get stable ids and a copyable anchor; `#` is an error.
//! - Relative `.md` links (with optional `#anchor`) are checked and rewritten to
//!   [`book_model::note_url`]; other relative files become [`Asset`]s.
//! - Fenced blocks: code (highlighted), `dot` (diagram), `widget NAME` (mount point),
//!   `cards` (revision cards, at least five per page).
//! - Raw HTML is an error: it would make the output's markup unpredictable for hydration.
//!
//! Architecture invariant: compiling never panics, whatever the input (a proptest and a
//! fuzz target check it); third-party renderers run behind a panic guard.

mod blocks;
mod book;
mod cards;
mod diagnostics;
mod diagram;
mod diagram_svg;
mod escape;
mod front_matter;
mod headings;
mod highlight;
mod links;
mod markdown;
mod math;
mod page;
mod render;
mod summary;
mod widgets;

use std::path::PathBuf;

pub use book::compile_book;
pub use diagnostics::Diagnostic;
pub use highlight::css as highlight_css;
pub use page::compile_page;

/// The compiled book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Book {
    /// The table of contents, as `SUMMARY.md` orders it.
    pub toc: book_model::Toc,
    /// Every page, in reading order.
    pub pages: Vec<book_model::Page>,
    /// Files the pages link (images beside a page), to copy to the site.
    pub assets: Vec<Asset>,
}

/// A file to copy into the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    /// Where it is on disk (the root joined with its path).
    pub source: PathBuf,
    /// Where it goes, relative to the site root: `content-assets/<path in content/>`.
    pub dest: String,
}

impl Book {
    /// Words of prose in the whole book.
    pub fn word_count(&self) -> usize {
        self.pages.iter().map(|p| p.word_count).sum()
    }

    /// Revision cards in the whole book.
    pub fn card_count(&self) -> usize {
        self.pages.iter().map(|p| p.cards.len()).sum()
    }

    /// Widget mount points in the whole book.
    pub fn widget_count(&self) -> usize {
        self.pages
            .iter()
            .map(|p| p.html.matches("<div class=\"widget-mount\"").count())
            .sum()
    }
}
