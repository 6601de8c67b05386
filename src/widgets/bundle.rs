//! The bundle side of mounting: what a widget bundle's `mount` export does with the
//! placeholder the app hands it.

use super::shared::{share_path, state_from_link};
use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use widget_params::WidgetConfig;

/// Mounts widget `name` in `el` (a placeholder), in place of its fallback, and returns a
/// JavaScript function that unmounts it.
///
/// The parameters are the placeholder's (`params_json`, checked again here), or, on the
/// widget's own page (`from_address`), the share link's in the address; a link that
/// cannot be used says why above the widget, which then starts from `params_json`. In a
/// note, a link under the widget opens it on its own page. `view` builds the widget for
/// its own variant of [`WidgetConfig`] (`None` for any other).
///
/// The view is the widget's own type, never an `AnyView`: an `AnyView` carries every
/// rendering path of its type, hydration included, which a mounted widget never uses
/// but would then be compiled into the bundle.
pub(super) fn mount<V, F>(
    el: web_sys::HtmlElement,
    name: &str,
    params_json: &str,
    from_address: bool,
    view: F,
) -> JsValue
where
    V: IntoView + 'static,
    F: FnOnce(WidgetConfig) -> Option<V> + 'static,
{
    console_error_panic_hook::set_once();
    let (config, link_problem) = match WidgetConfig::from_json(name, params_json) {
        Ok(defaults) if from_address => {
            state_from_link(defaults, &crate::browser::location_search())
        }
        other => (other, None),
    };
    let own_page = match &config {
        Ok(c) if !from_address => Some((share_path(c), c.title())),
        _ => None,
    };
    let name = name.to_string();
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
        let widget = match config.map(view) {
            Ok(Some(widget)) => Either::Left(widget),
            Ok(None) => Either::Right(format!(
                "The {name} widget could not start: this bundle holds another widget."
            )),
            Err(e) => Either::Right(format!("The {name} widget could not start: {e}.")),
        };
        let widget =
            widget.map_right(|text| view! { <p class="widget-error" role="alert">{text}</p> });
        view! { {problem} {widget} {open} }
    });
    Closure::once_into_js(move || drop(handle))
}
