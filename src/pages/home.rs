//! The home page: what the site is, the chapters, where to start, and where the reader
//! left off.

use crate::data::use_site;
use crate::storage::Progress;
use book_model::note_url;
use leptos::prelude::*;

/// The home page.
#[component]
pub(crate) fn HomePage() -> impl IntoView {
    let toc = use_site().toc();
    let progress = expect_context::<Progress>();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        crate::browser::set_title_and_description(crate::SITE_NAME, crate::HOME_DESCRIPTION)
    });
    let start = toc
        .reading_order()
        .next()
        .map(|e| note_url(crate::BASE, &e.path))
        .unwrap_or_default();
    let pages = toc.page_count();
    let chapters = toc
        .chapters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let count = c.pages.len() + 1;
            view! {
                <li class="chapter-card">
                    <a href=note_url(crate::BASE, &c.entry.path)>
                        <span class="chapter-number">{format!("{:02}", i + 1)}</span>
                        <span class="chapter-title">{c.entry.title.clone()}</span>
                        <span class="chapter-count">{format!("{count} pages")}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    // Every registered widget, with a link to its own page.
    let widgets = widget_params::widget_infos()
        .into_iter()
        .filter(|w| !toc.pages_using(w.name).is_empty())
        .map(|w| {
            view! {
                <li class="widget-card">
                    <a href=crate::route::widget_url(crate::BASE, w.name)>
                        <span class="widget-card-title">{w.title}</span>
                        <span class="widget-card-summary">{w.summary}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let continue_link = move || {
        progress.last_read().map(|last| {
            view! {
                <a class="button button-quiet" data-testid="continue" href=note_url(crate::BASE, &last.path)>
                    "Continue: " {last.title}
                </a>
            }
        })
    };
    view! {
        <div class="home">
            <section class="hero">
                <h1>"Learn system design by playing with it"</h1>
                <p class="hero-lede">
                    "A book of study notes on how large systems are built, with live widgets that run the real algorithms in your browser: a consistent-hash ring, a cache-eviction playground, a Raft election stepper and a rate-limiter timeline."
                </p>
                <p class="hero-facts">{format!("{} chapters · {pages} pages · revision cards on every page", toc.chapters.len())}</p>
                <p class="hero-actions">
                    <a class="button" href=start>"Start reading"</a>
                    {continue_link}
                </p>
            </section>
            <section class="widgets" aria-labelledby="widgets-title">
                <h2 id="widgets-title">"Widgets"</h2>
                <ul class="widget-grid">{widgets}</ul>
            </section>
            <section class="chapters" aria-labelledby="chapters-title">
                <h2 id="chapters-title">"Chapters"</h2>
                <ol class="chapter-grid">{chapters}</ol>
            </section>
        </div>
    }
}
