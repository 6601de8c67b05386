//! A note (or chapter) page: fetched when the reader navigates to it, shown with its
//! on-page contents, revision cards and previous/next links.

use super::note_parts::{Cards, PageToc, Pager};
use crate::data::{use_site, PageLoad};
use crate::pages::not_found::NotFoundPage;
use crate::storage::Progress;
use book_model::{note_url, Page};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use std::sync::Arc;

/// The page at `path`, or the 404 page if the book has no such page.
#[component]
pub(crate) fn NotePage(path: String) -> impl IntoView {
    let site = use_site();
    if site.toc().find(&path).is_none() {
        return Either::Left(view! { <NotFoundPage/> });
    }
    {
        let path = path.clone();
        Effect::new(move |_| site.ensure(&path));
    }
    let retry_path = path.clone();
    Either::Right(view! {
        {move || match site.page(&path) {
            Some(PageLoad::Ready(page)) => EitherOf3::A(view! { <Article page/> }),
            Some(PageLoad::Failed(message)) => {
                let retry_path = retry_path.clone();
                EitherOf3::B(view! {
                    <section class="load-error" role="alert">
                        <h1>"This page could not be loaded"</h1>
                        <p>{format!("Sorry: {message}.")}</p>
                        <button class="button" on:click=move |_| site.retry(&retry_path)>"Try again"</button>
                    </section>
                })
            }
            _ => EitherOf3::C(view! { <p class="loading" aria-busy="true">"Loading…"</p> }),
        }}
    })
}

#[component]
fn Article(page: Arc<Page>) -> impl IntoView {
    let toc = use_site().toc();
    let chapter = toc
        .chapter_of(&page.path)
        .filter(|c| c.entry.path != page.path)
        .map(|c| c.entry.clone());
    let (prev, next) = toc.neighbours(&page.path);
    let (prev, next) = (prev.cloned(), next.cloned());
    let progress = expect_context::<Progress>();
    let body_ref = NodeRef::<leptos::html::Div>::new();
    {
        let page = page.clone();
        Effect::new(move |_| {
            progress.record_visit(&page.path, &page.title);
            #[cfg(feature = "hydrate")]
            {
                crate::browser::set_title_and_description(
                    &format!("{} · {}", page.title, crate::SITE_NAME),
                    &page.summary,
                );
                crate::browser::after_navigation();
            }
        });
    }
    crate::widgets::mount_all(body_ref);
    view! {
        <div class="note-layout">
            <article class="note" aria-labelledby="note-title">
                {chapter.map(|c| view! { <p class="breadcrumb"><a href=note_url(crate::BASE, &c.path)>{c.title}</a></p> })}
                <h1 id="note-title">{page.title.clone()}</h1>
                <p class="lede">{page.summary.clone()}</p>
                <div class="note-body" node_ref=body_ref inner_html=page.html.clone()></div>
                <Cards cards=page.cards.clone()/>
                <Pager prev next/>
            </article>
            <PageToc headings=page.headings.clone()/>
        </div>
    }
}
