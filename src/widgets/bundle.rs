//! The bundle side of mounting: what a widget bundle's `mount` export does with the
//! placeholder the app hands it.

use super::shared::{share_path, state_from_link};
use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use widget_params::{params_from_json, WidgetParams};

/// Mounts the widget whose parameters are `P` in `el` (a placeholder), in place of its
/// fallback, and returns a JavaScript function that unmounts it.
///
/// The parameters are the placeholder's (`params_json`, checked again here), or, on the
/// widget's own page (`from_address`), the share link's in the address; a link that
/// cannot be used says why above the widget, which then starts from `params_json`. In a
/// note, a link under the widget opens it on its own page. `view` builds the widget.
///
/// Generic over `P` rather than taking a `WidgetConfig`, so a bundle carries only its own
/// widget's parameter code; and the view is the widget's own type, never an `AnyView`,
/// which would carry every rendering path of its type, hydration included, which a
/// mounted widget never uses.
pub(super) fn mount<P, V, F>(
    el: web_sys::HtmlElement,
    params_json: &str,
    from_address: bool,
    view: F,
) -> JsValue
where
    P: WidgetParams + Send + Sync + 'static,
    V: IntoView + 'static,
    F: FnOnce(P) -> V + 'static,
{
    console_error_panic_hook::set_once();
    let (params, link_problem) = match params_from_json::<P>(params_json) {
        Ok(defaults) if from_address => {
            let (params, problem) = state_from_link(defaults, &crate::browser::location_search());
            (Ok(params), problem)
        }
        other => (other, None),
    };
    let own_page = match &params {
        Ok(p) if !from_address => Some((share_path(p), P::TITLE)),
        _ => None,
    };
    let name = P::NAME;
    el.set_inner_html("");
    let _ = el.set_attribute("data-mounted", "true");
    // The view is built inside the mount, so its signals belong to the mount's owner and
    // are disposed with it.
    let handle = leptos::mount::mount_to(el, move || {
        let problem = link_problem.map(|p| {
            view! { <p class="widget-error" role="alert" data-testid="widget-link-problem">{p}</p> }
        });
        let open = own_page.map(|(href, title)| {
            view! {
                <p class="widget-open">
                    <a href=href>{format!("Open the {} on its own page", title.to_lowercase())}</a>
                </p>
            }
        });
        let widget = match params.map(view) {
            Ok(widget) => Either::Left(widget),
            Err(e) => Either::Right(format!("The {name} widget could not start: {e}.")),
        };
        let widget =
            widget.map_right(|text| view! { <p class="widget-error" role="alert">{text}</p> });
        view! { {problem} {widget} {open} }
    });
    Closure::once_into_js(move || drop(handle))
}
