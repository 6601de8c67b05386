//! A widget's own page (`/widgets/<name>/`), where it fills the screen, and its
//! frameless twin for other sites' iframes (`/embed/<name>/`).
//!
//! Both start from the widget's defaults in the pre-rendered HTML; in the browser the
//! mount reads the address's query (a share link) instead, and says so if it cannot be
//! used (see `widgets::mount_in`).

use crate::data::use_site;
use crate::route::widget_url;
use book_model::note_url;
use leptos::either::Either;
use leptos::prelude::*;
use widget_params::{widget_info, WidgetInfo};

/// The placeholder the widget is mounted into: the same markup the content compiler
/// writes into notes, marked to take its parameters from the address. Its parameters
/// are `{}`, every one at its default (so the app carries no widget's parameter code).
fn placeholder(widget: &WidgetInfo) -> String {
    format!(
        "<div class=\"widget-mount\" data-widget=\"{}\" data-params=\"{{}}\" data-from-address=\"true\">\
         <p class=\"widget-fallback\">This is an interactive {} widget; it needs JavaScript to run.</p></div>",
        widget.name, widget.name
    )
}

/// The widget `name` filling the page, with links to the notes that explain it.
#[component]
pub(crate) fn WidgetPage(name: String) -> impl IntoView {
    let Some(widget) = widget_info(&name) else {
        return Either::Left(view! { <crate::pages::not_found::NotFoundPage/> });
    };
    let (title, summary) = (widget.title, widget.summary);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        crate::browser::set_title_and_description(
            &format!("{title} · {}", crate::SITE_NAME),
            summary,
        );
        crate::browser::after_navigation();
    });
    let uses = use_site().toc().pages_using(&name).to_vec();
    let mount = NodeRef::<leptos::html::Div>::new();
    crate::widgets::mount_all(mount);
    Either::Right(view! {
        <article class="widget-page" aria-labelledby="widget-title">
            <p class="breadcrumb">"Widget"</p>
            <h1 id="widget-title">{title}</h1>
            <p class="lede">{summary}</p>
            // The widget's own headings are `<h3>`s (it sits under a note's "Try it" `<h2>`
            // elsewhere), so its page gives them the same parent.
            <h2 class="widget-page-try">"Try it"</h2>
            <div class="widget-page-stage" node_ref=mount inner_html=placeholder(&widget)></div>
            {(!uses.is_empty()).then(|| view! {
                <section class="widget-page-uses" aria-labelledby="widget-uses">
                    <h2 id="widget-uses">"Read about it"</h2>
                    <p>"These notes explain what the widget shows, and embed it with a scenario to try:"</p>
                    <ul>
                        {uses.into_iter().map(|e| view! {
                            <li><a href=note_url(crate::BASE, &e.path)>{e.title}</a></li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    })
}

/// The widget `name` alone, for an `<iframe>` on another site. It tells its parent how
/// tall it is (see `public/embed.js`), and links back to its page here.
#[component]
pub(crate) fn EmbedPage(name: String) -> impl IntoView {
    let Some(widget) = widget_info(&name) else {
        return Either::Left(view! { <p class="widget-error" role="alert">"No such widget."</p> });
    };
    let mount = NodeRef::<leptos::html::Div>::new();
    crate::widgets::mount_all(mount);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| crate::browser::report_height_to_parent());
    let page = widget_url(crate::BASE, &name);
    Either::Right(view! {
        <main class="embed" id="main">
            <div class="embed-stage" node_ref=mount inner_html=placeholder(&widget)></div>
            <p class="embed-credit">
                <a href=page target="_blank" rel="noopener">
                    {format!("{} · {}", widget.title, crate::SITE_NAME)}
                </a>
            </p>
        </main>
    })
}
