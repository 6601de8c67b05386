//! The compiled book as plain data.
//!
//! The content compiler (`crates/content`) turns `content/` into these values; the
//! pre-renderer writes them to HTML and JSON; the web app reads them back. Keeping the
//! types in one small crate with no heavy dependencies means the WebAssembly bundle pays
//! only for `serde`, never for the Markdown tool-chain.
//!
//! Paths are the note's path inside `content/` without `.md`, and with a trailing
//! `/index` removed: `caching/cache-eviction-policies`, `caching` (a chapter's own page),
//! `introduction`. [`note_url`] turns one into the address the app serves it at.

use serde::{Deserialize, Serialize};

/// One entry of the table of contents: where a page lives and what it is called there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    /// The page's path (see the crate docs).
    pub path: String,
    /// The title `SUMMARY.md` gives the page.
    pub title: String,
}

/// A chapter: its own page and the pages under it, in `SUMMARY.md` order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocChapter {
    /// The chapter's own page (`<chapter>/index.md`).
    pub entry: TocEntry,
    /// The chapter's pages in reading order.
    pub pages: Vec<TocEntry>,
}

/// The whole table of contents, as `SUMMARY.md` orders it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toc {
    /// Pages listed before the first chapter (the introduction).
    pub prefix: Vec<TocEntry>,
    /// The chapters in order.
    pub chapters: Vec<TocChapter>,
    /// Which pages embed each widget, for the widgets' own pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub widget_uses: Vec<WidgetUse>,
}

/// The pages that embed one widget.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetUse {
    /// The widget's registered name (`hash-ring`).
    pub widget: String,
    /// The pages that embed it, in reading order.
    pub pages: Vec<TocEntry>,
}

impl Toc {
    /// Every page in reading order: prefix pages, then each chapter page followed by its pages.
    pub fn reading_order(&self) -> impl Iterator<Item = &TocEntry> + '_ {
        self.prefix.iter().chain(
            self.chapters
                .iter()
                .flat_map(|c| std::iter::once(&c.entry).chain(c.pages.iter())),
        )
    }

    /// The entry for `path`, if the book lists it.
    pub fn find(&self, path: &str) -> Option<&TocEntry> {
        self.reading_order().find(|e| e.path == path)
    }

    /// The chapter that holds `path` (as its own page or as one of its pages).
    pub fn chapter_of(&self, path: &str) -> Option<&TocChapter> {
        self.chapters
            .iter()
            .find(|c| c.entry.path == path || c.pages.iter().any(|p| p.path == path))
    }

    /// The pages before and after `path` in reading order.
    pub fn neighbours(&self, path: &str) -> (Option<&TocEntry>, Option<&TocEntry>) {
        let order: Vec<&TocEntry> = self.reading_order().collect();
        match order.iter().position(|e| e.path == path) {
            Some(i) => (
                i.checked_sub(1).map(|j| order[j]),
                order.get(i + 1).copied(),
            ),
            None => (None, None),
        }
    }

    /// The pages that embed `widget`, in reading order.
    pub fn pages_using(&self, widget: &str) -> &[TocEntry] {
        self.widget_uses
            .iter()
            .find(|u| u.widget == widget)
            .map_or(&[], |u| u.pages.as_slice())
    }

    /// How many pages the book has in all.
    pub fn page_count(&self) -> usize {
        self.reading_order().count()
    }
}

/// A heading of a page, for the on-page table of contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// 2 for `##`, 3 for `###` (the page title is the only level 1).
    pub level: u8,
    /// The anchor, unique within the page (`write-back-cache`).
    pub id: String,
    /// The heading's plain text.
    pub text: String,
}

/// A revision card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// Stable identity: the page path, `#`, and a hash of the question's source text,
    /// so that editing an answer keeps a learner's progress.
    pub id: String,
    /// The question, rendered to inline HTML.
    pub q_html: String,
    /// The answer, rendered to HTML.
    pub a_html: String,
}

/// A compiled page: everything the app needs to show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// The page's path (see the crate docs).
    pub path: String,
    /// The front matter's `title`.
    pub title: String,
    /// The front matter's `summary`: one sentence, used for the meta description.
    pub summary: String,
    /// The front matter's `tags`.
    pub tags: Vec<String>,
    /// The body rendered to HTML, cards removed. Headings carry `id`s; widgets are
    /// `<div class="widget-mount" data-widget="NAME" data-params="JSON">` placeholders
    /// with a fallback inside that reads well with JavaScript off.
    pub html: String,
    /// The page's `##` and `###` headings in order.
    pub headings: Vec<Heading>,
    /// The page's revision cards in order.
    pub cards: Vec<Card>,
    /// Words of prose in the body (code, math and diagrams not counted).
    pub word_count: usize,
}

/// The address of the page at `path`, under the site's base path (`""` or `/sub/dir`).
///
/// Every page lives in a folder of its own (`notes/<path>/index.html`), so the address
/// ends with a slash: this is what static hosts serve without any rewrite rules.
pub fn note_url(base: &str, path: &str) -> String {
    format!("{base}/notes/{path}/")
}

/// The address of the JSON of the page at `path`, which the app fetches on navigation.
pub fn page_json_url(base: &str, path: &str) -> String {
    format!("{base}/content/{path}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> TocEntry {
        TocEntry {
            path: path.into(),
            title: path.to_uppercase(),
        }
    }

    fn toc() -> Toc {
        Toc {
            prefix: vec![entry("introduction")],
            chapters: vec![
                TocChapter {
                    entry: entry("a"),
                    pages: vec![entry("a/x"), entry("a/y")],
                },
                TocChapter {
                    entry: entry("b"),
                    pages: vec![],
                },
            ],
            widget_uses: vec![],
        }
    }

    #[test]
    fn reading_order_puts_each_chapter_page_before_its_pages() {
        let order: Vec<_> = toc().reading_order().map(|e| e.path.clone()).collect();
        assert_eq!(order, ["introduction", "a", "a/x", "a/y", "b"]);
    }

    #[test]
    fn neighbours_cross_chapter_boundaries() {
        let t = toc();
        let (prev, next) = t.neighbours("a/y");
        assert_eq!(prev.map(|e| e.path.as_str()), Some("a/x"));
        assert_eq!(next.map(|e| e.path.as_str()), Some("b"));
        assert_eq!(t.neighbours("introduction").0, None);
        assert_eq!(t.neighbours("b").1, None);
        assert_eq!(t.neighbours("missing"), (None, None));
    }

    #[test]
    fn chapter_of_finds_pages_and_the_chapter_page() {
        let t = toc();
        assert_eq!(
            t.chapter_of("a/x").map(|c| c.entry.path.as_str()),
            Some("a")
        );
        assert_eq!(t.chapter_of("a").map(|c| c.entry.path.as_str()), Some("a"));
        assert!(t.chapter_of("introduction").is_none());
        assert_eq!(t.page_count(), 5);
    }

    #[test]
    fn urls_carry_the_base_path() {
        assert_eq!(note_url("", "a/x"), "/notes/a/x/");
        assert_eq!(note_url("/sd", "a"), "/sd/notes/a/");
        assert_eq!(page_json_url("/sd", "a/x"), "/sd/content/a/x.json");
    }
}
