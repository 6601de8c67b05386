//! The site's data as the app sees it: the table of contents, known from the start, and
//! pages, loaded as the reader moves between them.

use book_model::{Page, Toc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// What the pre-renderer writes into every page (`<script id="sd-data">`) and the
/// browser reads before hydrating: exactly what the first render needs.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct InitialData {
    /// The whole table of contents (for the sidebar, the home page and prev/next).
    pub toc: Toc,
    /// The page being shown, if the address is a note.
    pub page: Option<Page>,
    /// Each widget's WebAssembly bundle, by widget name: the URL of its JavaScript
    /// module (with the site's base path), which pages import when they show it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub bundles: BTreeMap<String, String>,
}

impl InitialData {
    /// The data as the pre-renderer writes it into a page: the note's body HTML is left
    /// out, because the page already holds it (as `.note-body`) and writing it twice
    /// cost a note's first visit about 9 KB of gzip. The browser puts it back with
    /// [`InitialData::restore_body_html`] before hydrating.
    pub fn for_page_script(&self) -> Self {
        let mut data = self.clone();
        if let Some(page) = &mut data.page {
            page.html = String::new();
        }
        data
    }

    /// Puts back the body HTML that [`InitialData::for_page_script`] left out, read
    /// from the page. Hydration keeps the body the server rendered; the app needs the
    /// HTML only to show the page again after the reader navigates away and back.
    pub fn restore_body_html(&mut self, body_html: impl FnOnce() -> Option<String>) {
        if let Some(page) = &mut self.page {
            if page.html.is_empty() {
                page.html = body_html().unwrap_or_default();
            }
        }
    }
}

/// The stylesheet of the widget bundle whose module is at `bundle`: the same name ending
/// in `.css` (`cargo xtask build` writes the two side by side). Pages link it in their
/// head; a widget reached by client-side navigation loads it before mounting.
pub fn bundle_stylesheet(bundle: &str) -> String {
    format!("{}.css", bundle.strip_suffix(".js").unwrap_or(bundle))
}

/// Where a page's content stands.
#[derive(Clone, Debug)]
pub enum PageLoad {
    /// Being fetched.
    Loading,
    /// Ready to show.
    Ready(Arc<Page>),
    /// The fetch failed; the message says why.
    Failed(String),
}

/// The site's data, shared through context. `Copy`, so views capture it freely.
#[derive(Clone, Copy)]
pub struct Site {
    toc: StoredValue<Arc<Toc>>,
    pages: RwSignal<HashMap<String, PageLoad>>,
}

impl Site {
    /// The site's data, starting from what the page was rendered with.
    pub fn new(initial: InitialData) -> Self {
        let mut pages = HashMap::new();
        if let Some(page) = initial.page {
            pages.insert(page.path.clone(), PageLoad::Ready(Arc::new(page)));
        }
        Self {
            toc: StoredValue::new(Arc::new(initial.toc)),
            pages: RwSignal::new(pages),
        }
    }

    /// The table of contents.
    pub fn toc(&self) -> Arc<Toc> {
        self.toc.get_value()
    }

    /// Where page `path` stands (reactive). `None` until someone asks for it.
    pub fn page(&self, path: &str) -> Option<PageLoad> {
        self.pages.with(|p| p.get(path).cloned())
    }

    /// Starts fetching `path` unless it is loaded, loading, or not in the book.
    /// In the pre-renderer every page it shows is already loaded, so this does nothing.
    pub fn ensure(&self, path: &str) {
        let known = self.pages.with_untracked(|p| {
            matches!(p.get(path), Some(PageLoad::Ready(_) | PageLoad::Loading))
        });
        if known || self.toc.with_value(|t| t.find(path).is_none()) {
            return;
        }
        self.pages.update(|p| {
            p.insert(path.to_string(), PageLoad::Loading);
        });
        #[cfg(feature = "hydrate")]
        {
            let pages = self.pages;
            let path = path.to_string();
            leptos::task::spawn_local(async move {
                let url = book_model::page_json_url(crate::BASE, &path);
                let load = match crate::browser::fetch_text(&url).await {
                    Ok(text) => match serde_json::from_str::<Page>(&text) {
                        Ok(page) => PageLoad::Ready(Arc::new(page)),
                        Err(e) => PageLoad::Failed(format!("the page's data is damaged ({e})")),
                    },
                    Err(e) => PageLoad::Failed(e),
                };
                pages.update(|p| {
                    p.insert(path, load);
                });
            });
        }
    }

    /// Forgets a failed load so that [`Site::ensure`] tries again.
    pub fn retry(&self, path: &str) {
        self.pages.update(|p| {
            if matches!(p.get(path), Some(PageLoad::Failed(_))) {
                p.remove(path);
            }
        });
        self.ensure(path);
    }
}

/// The [`Site`] provided by [`crate::app::App`].
pub fn use_site() -> Site {
    expect_context::<Site>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_page(html: &str) -> InitialData {
        InitialData {
            page: Some(Page {
                path: "caching/cdn".into(),
                title: "CDNs".into(),
                summary: String::new(),
                tags: vec![],
                html: html.into(),
                headings: vec![],
                cards: vec![],
                word_count: 0,
            }),
            ..InitialData::default()
        }
    }

    fn html(data: &InitialData) -> &str {
        &data.page.as_ref().unwrap().html
    }

    #[test]
    fn the_page_script_leaves_out_the_body_and_the_browser_puts_it_back() {
        let full = with_page("<p>body</p>");
        let mut written = full.for_page_script();
        assert_eq!(html(&written), "");
        assert_eq!(html(&full), "<p>body</p>", "the original is untouched");
        written.restore_body_html(|| Some("<p>body</p>".into()));
        assert_eq!(html(&written), "<p>body</p>");
    }

    #[test]
    fn restoring_keeps_html_that_is_there_and_survives_a_missing_body() {
        let mut full = with_page("<p>kept</p>");
        full.restore_body_html(|| Some("<p>other</p>".into()));
        assert_eq!(html(&full), "<p>kept</p>");
        let mut written = with_page("");
        written.restore_body_html(|| None);
        assert_eq!(html(&written), "");
        let mut no_page = InitialData::default();
        no_page.restore_body_html(|| panic!("not asked without a page"));
    }
}
