//! Live widgets inside notes.
//!
//! The content compiler leaves a `<div class="widget-mount" data-widget=NAME
//! data-params=JSON>` placeholder (with a fallback sentence for readers without
//! JavaScript) wherever a note embeds a widget. Once a page's body is in the document,
//! [`mount_all`] finds the placeholders, checks their parameters against the registry in
//! `widget-params`, and mounts each widget's view in place of its fallback.
//!
//! Registering a widget: add its parameter type to `crates/widget-params` (a variant of
//! `WidgetConfig`), then add its view here in [`view_for`]; the match is exhaustive, so
//! the build fails until both halves exist.

#[cfg(feature = "test-widget")]
mod counter;

use leptos::prelude::*;

/// Mounts every widget placeholder inside `body` once it is rendered (browser only),
/// and unmounts them when the page goes away.
pub(crate) fn mount_all(body: NodeRef<leptos::html::Div>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        let Some(body) = body.get() else { return };
        let Ok(nodes) = body.query_selector_all(".widget-mount") else {
            return;
        };
        let mut handles = Vec::new();
        for i in 0..nodes.length() {
            let Some(el) = nodes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            else {
                continue;
            };
            let name = el.get_attribute("data-widget").unwrap_or_default();
            let params = el
                .get_attribute("data-params")
                .unwrap_or_else(|| "{}".into());
            let view = match widget_params::WidgetConfig::from_json(&name, &params) {
                Ok(config) => view_for(config),
                Err(e) => invalid(&name, &e.to_string()),
            };
            el.set_inner_html("");
            el.set_attribute("data-mounted", "true").ok();
            handles.push(leptos::mount::mount_to(el, move || view));
        }
        let handles = send_wrapper::SendWrapper::new(handles);
        on_cleanup(move || drop(handles));
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = body;
}

/// The view of a registered widget.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn view_for(config: widget_params::WidgetConfig) -> AnyView {
    match config {
        #[cfg(feature = "test-widget")]
        widget_params::WidgetConfig::Counter(params) => {
            view! { <counter::Counter params/> }.into_any()
        }
    }
}

/// What a placeholder shows when its parameters do not check out. The content compiler
/// rejects bad parameters at build time, so this is only reached by a stale or edited page.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn invalid(name: &str, message: &str) -> AnyView {
    let text = format!("The {name} widget could not start: {message}.");
    view! { <p class="widget-error" role="alert">{text}</p> }.into_any()
}
