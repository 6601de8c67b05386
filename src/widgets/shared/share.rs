//! The share link: the address of a widget's own page that restores its current state,
//! and the one-line embed code for other sites.

//!
//! Everything here is generic over the widget's own parameter type, rather than going
//! through `WidgetConfig`: a widget's bundle then carries only its own parameters' code.

use crate::route::{embed_url, widget_url};
use leptos::prelude::*;
use widget_params::{params_from_query, params_to_query, WidgetParams};

/// The site-relative address of the widget's own page with state `params` in the query.
pub(crate) fn share_path<P: WidgetParams>(params: &P) -> String {
    with_query(widget_url(crate::BASE, P::NAME), &params_to_query(params))
}

/// The site-relative address of the widget's frameless page for an iframe.
pub(crate) fn embed_path<P: WidgetParams>(params: &P) -> String {
    with_query(embed_url(crate::BASE, P::NAME), &params_to_query(params))
}

fn with_query(path: String, query: &str) -> String {
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// The widget state a share link's `query` asks for, or `defaults` and a sentence saying
/// why the link could not be used.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(crate) fn state_from_link<P: WidgetParams>(defaults: P, query: &str) -> (P, Option<String>) {
    if query.trim_start_matches('?').is_empty() {
        return (defaults, None);
    }
    match params_from_query::<P>(query) {
        Ok(params) => (params, None),
        Err(e) => (
            defaults,
            Some(format!(
                "This link's settings could not be used ({e}), so the widget starts from its defaults."
            )),
        ),
    }
}

/// The embed code for state `params`: the iframe that `public/embed.js` sizes.
fn embed_code<P: WidgetParams>(origin: &str, params: &P) -> String {
    format!(
        "<iframe src=\"{origin}{}\" title=\"{}\" style=\"width:100%;border:0\" height=\"640\" loading=\"lazy\"></iframe>\n<script src=\"{origin}{}/embed.js\" async></script>",
        embed_path(params),
        P::TITLE,
        crate::BASE
    )
}

/// "Copy link", the link itself, the embed code, and a link to the widget's own page,
/// all for `params`, the widget's current state.
#[component]
pub(crate) fn ShareLink<P>(
    /// The widget's current state as parameters.
    params: Signal<P>,
    /// The prefix of the `data-testid`s: `{testid}-copy`, `{testid}-url`, `{testid}-open`.
    testid: &'static str,
) -> impl IntoView
where
    P: WidgetParams + Send + Sync + 'static,
{
    // The origin is only known in the browser; the pre-rendered HTML has none.
    let origin = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| origin.set(crate::browser::origin()));
    let url = move || format!("{}{}", origin.get(), params.with(share_path));
    let code = move || params.with(|p| embed_code(&origin.get(), p));
    let copied = RwSignal::new(None::<&'static str>);
    let copy = move |what: &'static str, text: String| {
        #[cfg(feature = "hydrate")]
        let ok = crate::browser::copy_to_clipboard(&text);
        #[cfg(not(feature = "hydrate"))]
        let ok = {
            let _ = text;
            false
        };
        copied.set(Some(if ok {
            what
        } else {
            "Copying is not allowed here; select the text instead."
        }));
    };
    view! {
        <details class="widget-share">
            <summary>"Share, open full screen, or embed"</summary>
            <div class="widget-share-body">
                <label class="widget-field">
                    <span>"Link to this exact state"</span>
                    <input type="text" readonly data-testid=format!("{testid}-url") prop:value=url
                        on:focus=|ev| select_all(&ev)/>
                </label>
                <div class="widget-row">
                    <button class="button" type="button" data-testid=format!("{testid}-copy")
                        on:click=move |_| copy("Link copied.", url())>"Copy link"</button>
                    <a class="button button-quiet" data-testid=format!("{testid}-open")
                        href=move || params.with(share_path)>"Open on its own page"</a>
                </div>
                <label class="widget-field">
                    <span>"Embed it in your own page"</span>
                    <textarea readonly rows="3" data-testid=format!("{testid}-embed") prop:value=code
                        on:focus=|ev| select_all(&ev)></textarea>
                </label>
                <button class="button button-quiet" type="button"
                    on:click=move |_| copy("Embed code copied.", code())>"Copy embed code"</button>
                <p class="widget-share-status" role="status">{move || copied.get()}</p>
            </div>
        </details>
    }
}

/// Selects a read-only field's text when it gets focus, ready to copy by hand.
fn select_all(ev: &leptos::ev::FocusEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let target = ev.target();
        if let Some(input) = target
            .clone()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.select();
        } else if let Some(area) =
            target.and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            area.select();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

#[cfg(test)]
mod tests {
    use super::*;
    use widget_params::hash_ring::HashRingParams;

    #[test]
    fn a_share_link_replaces_the_defaults_and_a_bad_one_keeps_them_with_a_reason() {
        let defaults = HashRingParams::default();
        let (params, problem) = state_from_link(defaults.clone(), "");
        assert_eq!((params, problem), (defaults.clone(), None));
        let (params, problem) = state_from_link(defaults.clone(), "?keys=400");
        assert_eq!(params_to_query(&params), "keys=400");
        assert_eq!(problem, None);
        let (params, problem) = state_from_link(defaults.clone(), "?keys=lots");
        assert_eq!(params, defaults);
        let problem = problem.unwrap();
        assert!(
            problem.contains("`keys` must be a whole number") && problem.contains("defaults"),
            "{problem}"
        );
    }

    #[test]
    fn links_carry_only_what_differs_from_the_defaults() {
        assert_eq!(
            share_path(&HashRingParams::default()),
            "/widgets/hash-ring/"
        );
        let changed: HashRingParams = params_from_query("keys=400").unwrap();
        assert_eq!(share_path(&changed), "/widgets/hash-ring/?keys=400");
        assert_eq!(embed_path(&changed), "/embed/hash-ring/?keys=400");
        let code = embed_code("https://x.org", &changed);
        assert!(code.contains("src=\"https://x.org/embed/hash-ring/?keys=400\""));
        assert!(code.contains("<script src=\"https://x.org/embed.js\" async>"));
    }
}
