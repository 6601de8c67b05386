//! The pieces of a note page around its body.

use book_model::{note_url, Card, Heading, TocEntry};
use leptos::prelude::*;

/// The page's revision cards, each answer hidden until the reader asks for it.
/// `<details>` does the hiding, so the cards work before the WebAssembly arrives.
#[component]
pub(crate) fn Cards(cards: Vec<Card>) -> impl IntoView {
    if cards.is_empty() {
        return None;
    }
    let items = cards
        .into_iter()
        .map(|card| {
            view! {
                <li class="card" data-card-id=card.id>
                    <details>
                        <summary>
                            <span class="card-q" inner_html=card.q_html></span>
                            <span class="card-reveal" aria-hidden="true"></span>
                        </summary>
                        <div class="card-a" inner_html=card.a_html></div>
                    </details>
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <section class="cards" aria-labelledby="sd-cards">
            <h2 id="sd-cards">"Revision cards"</h2>
            <p class="cards-hint">"Answer each question in your head, then open it to check."</p>
            <ol class="card-list">{items}</ol>
        </section>
    })
}

/// Links to the previous and next pages in reading order (also ← and →).
#[component]
pub(crate) fn Pager(prev: Option<TocEntry>, next: Option<TocEntry>) -> impl IntoView {
    view! {
        <nav class="pager" aria-label="Previous and next pages">
            {prev.map(|e| view! {
                <a class="pager-prev" rel="prev" href=note_url(crate::BASE, &e.path)>
                    <span class="pager-label">"← Previous"</span>
                    <span class="pager-title">{e.title}</span>
                </a>
            })}
            {next.map(|e| view! {
                <a class="pager-next" rel="next" href=note_url(crate::BASE, &e.path)>
                    <span class="pager-label">"Next →"</span>
                    <span class="pager-title">{e.title}</span>
                </a>
            })}
        </nav>
    }
}

/// The page's headings, with the section being read highlighted.
#[component]
pub(crate) fn PageToc(headings: Vec<Heading>) -> impl IntoView {
    if headings.is_empty() {
        return None;
    }
    let active = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    {
        let ids: Vec<String> = headings.iter().map(|h| h.id.clone()).collect();
        Effect::new(move |_| {
            let watch = crate::browser::observe::watch_sections(&ids, move |id| active.set(id));
            let watch = send_wrapper::SendWrapper::new(watch);
            on_cleanup(move || drop(watch));
        });
    }
    let items = headings
        .into_iter()
        .map(|h| {
            let id = h.id.clone();
            view! {
                <li class=format!("page-toc-level-{}", h.level)>
                    <a href=format!("#{}", h.id) class:active=move || active.with(|a| *a == id)>{h.text}</a>
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <aside class="page-toc" aria-labelledby="page-toc-title">
            <h2 id="page-toc-title">"On this page"</h2>
            <ol>{items}</ol>
        </aside>
    })
}
