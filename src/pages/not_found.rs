//! The page for an address the site does not have.

use leptos::prelude::*;

/// "Not found", with ways back into the book.
#[component]
pub(crate) fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        crate::browser::set_title_and_description(
            &format!("Page not found · {}", crate::SITE_NAME),
            "This address is not part of the book.",
        )
    });
    let home = format!("{}/", crate::BASE);
    let intro = book_model::note_url(crate::BASE, "introduction");
    view! {
        <section class="not-found" data-testid="not-found">
            <p class="not-found-code" aria-hidden="true">"404"</p>
            <h1>"This page is not in the book"</h1>
            <p>"The address may be mistyped, or the page may have moved. Every page is listed in the table of contents."</p>
            <p class="not-found-links">
                <a class="button" href=home>"Go to the home page"</a>
                <a class="button button-quiet" href=intro>"Start with the introduction"</a>
            </p>
        </section>
    }
}
