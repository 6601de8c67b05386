//! Rendering routes to HTML documents at build time (native, feature `ssr`).
//!
//! The `prerender` binary compiles the book, then renders every route with the same
//! components the browser hydrates, into Trunk's own `index.html` (which already carries
//! the hashed script and style tags). Each page gets its data as JSON in
//! `<script id="sd-data">`, so the first render in the browser matches the HTML exactly
//! (all but the note's body HTML, which the browser reads back from the page).

use crate::app::App;
use crate::data::InitialData;
use any_spawner::Executor;
use futures::StreamExt;
use hydration_context::{SharedContext, SsrSharedContext};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use leptos_router::location::RequestUrl;
use std::sync::Arc;

/// A route rendered to the parts of an HTML document.
pub struct Rendered {
    /// The `<body>`'s inner HTML.
    pub body: String,
    /// The JavaScript that hydration expects to find (resolved resources and errors).
    pub hydration_script: String,
}

/// Prepares the async executor the renderer needs; call once before [`render`].
pub fn init() {
    let _ = Executor::init_futures_executor();
}

/// Renders the app at `url` (including the base path) with `initial` as its data.
pub fn render(url: &str, initial: InitialData) -> Rendered {
    let shared = Arc::new(SsrSharedContext::new());
    let owner = Owner::new_root(Some(shared.clone() as Arc<dyn SharedContext + Send + Sync>));
    let body = owner.with(|| {
        provide_context(RequestUrl::new(url));
        view! { <App initial/> }.to_html()
    });
    let hydration_script = match shared.pending_data() {
        Some(stream) => futures::executor::block_on(stream.collect::<Vec<String>>()).concat(),
        None => String::new(),
    };
    drop(owner);
    Rendered {
        body,
        hydration_script,
    }
}

/// What goes into a page's `<head>` besides Trunk's tags.
pub struct Head<'a> {
    /// The document title.
    pub title: &'a str,
    /// The meta description.
    pub description: &'a str,
    /// The bundles of the page's widgets: each one's module is fetched early and its
    /// stylesheet linked.
    pub preload: Vec<&'a str>,
}

/// Fills Trunk's `index.html` with a rendered route. The template's `<body>` must be
/// empty: hydration starts at the body's first child.
pub fn fill_template(
    template: &str,
    head: &Head<'_>,
    initial: &InitialData,
    rendered: &Rendered,
) -> Result<String, String> {
    let title = escape_text(head.title);
    let description = escape_attr(head.description);
    let data = script_safe_json(&initial.for_page_script())?;
    let preload: String = head
        .preload
        .iter()
        .map(|href| {
            format!(
                "<link rel=\"stylesheet\" href=\"{}\">\n<link rel=\"modulepreload\" href=\"{}\">\n",
                escape_attr(&crate::data::bundle_stylesheet(href)),
                escape_attr(href)
            )
        })
        .collect();
    let head_extra = format!(
        "{preload}<meta name=\"description\" content=\"{description}\">\n\
         <script id=\"sd-data\" type=\"application/json\">{data}</script>\n\
         <script>{}</script>\n</head>",
        rendered.hydration_script
    );
    let doc = replace_once(template, "</head>", &head_extra)?;
    let doc = replace_title(&doc, &title)?;
    replace_once(
        &doc,
        "<body></body>",
        &format!("<body>{}</body>", rendered.body),
    )
}

fn replace_once(haystack: &str, needle: &str, with: &str) -> Result<String, String> {
    match haystack.find(needle) {
        Some(at) => Ok(format!(
            "{}{with}{}",
            &haystack[..at],
            &haystack[at + needle.len()..]
        )),
        None => Err(format!("the template has no `{needle}`")),
    }
}

fn replace_title(doc: &str, title: &str) -> Result<String, String> {
    let start = doc.find("<title>").ok_or("the template has no <title>")?;
    let end = doc[start..]
        .find("</title>")
        .ok_or("the template's <title> is not closed")?
        + start;
    Ok(format!(
        "{}<title>{title}</title>{}",
        &doc[..start],
        &doc[end + "</title>".len()..]
    ))
}

/// JSON that can sit inside a `<script>` element: `<` is escaped so that no string in
/// it can close the element.
fn script_safe_json(value: &InitialData) -> Result<String, String> {
    let json = serde_json::to_string(value).map_err(|e| e.to_string())?;
    Ok(json.replace('<', "\\u003c"))
}

fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use book_model::{Page, Toc, TocChapter, TocEntry};

    fn entry(path: &str, title: &str) -> TocEntry {
        TocEntry {
            path: path.into(),
            title: title.into(),
        }
    }

    fn book() -> (Toc, Page) {
        let toc = Toc {
            prefix: vec![entry("introduction", "Introduction")],
            chapters: vec![TocChapter {
                entry: entry("caching", "Caching"),
                pages: vec![entry("caching/cdn", "CDNs")],
            }],
            widget_uses: vec![book_model::WidgetUse {
                widget: "hash-ring".into(),
                pages: vec![entry("caching/cdn", "CDNs")],
            }],
        };
        let page = Page {
            path: "caching/cdn".into(),
            title: "Content delivery networks".into(),
            summary: "Caches at the edge.".into(),
            tags: vec![],
            html: "<h2 id=\"why\">Why</h2><p>Because <b>latency</b>.</p>".into(),
            headings: vec![book_model::Heading {
                level: 2,
                id: "why".into(),
                text: "Why".into(),
            }],
            cards: vec![book_model::Card {
                id: "caching/cdn#1".into(),
                q_html: "Q?".into(),
                a_html: "<p>A.</p>".into(),
            }],
            word_count: 3,
        };
        (toc, page)
    }

    const TEMPLATE: &str = "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>";

    #[test]
    fn a_note_renders_its_title_body_cards_and_neighbours() {
        init();
        let (toc, page) = book();
        let r = render(
            "/notes/caching/cdn/",
            InitialData {
                toc,
                page: Some(page),
                ..InitialData::default()
            },
        );
        assert!(r.body.contains("Content delivery networks"));
        assert!(r.body.contains("<b>latency</b>"));
        assert!(r.body.contains("Revision cards"));
        assert!(
            r.body.contains("href=\"/notes/caching/\""),
            "previous link to the chapter"
        );
        assert!(
            r.body.contains("aria-current=\"page\""),
            "sidebar marks the current page"
        );
        assert!(r.hydration_script.contains("__RESOLVED_RESOURCES"));
    }

    #[test]
    fn home_lists_chapters_and_unknown_paths_render_not_found() {
        init();
        let (toc, _) = book();
        let home = render(
            "/",
            InitialData {
                toc: toc.clone(),
                ..InitialData::default()
            },
        );
        assert!(home.body.contains("Caching") && home.body.contains("2 pages"));
        let missing = render(
            "/notes/nowhere/",
            InitialData {
                toc,
                ..InitialData::default()
            },
        );
        assert!(missing.body.contains("data-testid=\"not-found\""));
    }

    #[test]
    fn the_template_gets_title_description_data_and_body() {
        init();
        let (toc, page) = book();
        let initial = InitialData {
            toc,
            page: Some(page),
            ..InitialData::default()
        };
        let r = render("/notes/caching/cdn/", initial.clone());
        let head = Head {
            title: "A <b> & \"c\"",
            description: "d\"</script>",
            preload: vec!["/widget-hash-ring-0123456789abcdef.js"],
        };
        let doc = fill_template(TEMPLATE, &head, &initial, &r).unwrap();
        assert!(doc.contains("<title>A &lt;b&gt; &amp; \"c\"</title>"));
        assert!(doc.contains(
            "<link rel=\"modulepreload\" href=\"/widget-hash-ring-0123456789abcdef.js\">"
        ));
        assert!(doc
            .contains("<link rel=\"stylesheet\" href=\"/widget-hash-ring-0123456789abcdef.css\">"));
        assert!(doc.contains("content=\"d&quot;&lt;/script&gt;\""));
        assert!(
            !doc.contains("<b>latency</b></"),
            "no raw `<` inside the data script"
        );
        assert!(
            doc.contains("<body><"),
            "body starts with the app, no whitespace"
        );
        let data = &doc[doc.find("id=\"sd-data\"").unwrap()..];
        let data = &data[..data.find("</script>").unwrap()];
        assert!(
            data.contains("Content delivery networks"),
            "the page's title is in the data"
        );
        assert!(
            !data.contains("latency"),
            "the body's HTML is not written twice: the browser reads it from the page"
        );
        assert!(doc.contains("<b>latency</b>"), "the body is in the page");
        assert!(fill_template("<html></html>", &head, &initial, &r).is_err());
    }
}
