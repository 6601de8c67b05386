//! Live widgets inside notes.
//!
//! The content compiler leaves a `<div class="widget-mount" data-widget=NAME
//! data-params=JSON>` placeholder (with a fallback sentence for readers without
//! JavaScript) wherever a note embeds a widget. Once a page's body is in the document,
//! [`mount_all`] finds the placeholders, checks their parameters against the registry in
//! `widget-params`, and mounts each widget's view in place of its fallback.
//!
//! Registering a widget: add its parameter type to `crates/widget-params` (a line of its
//! registry), then add its arm here in `mount_widget`; the match is exhaustive, so the
//! build fails until both halves exist.

// The widgets are mounted in the browser only; natively (the pre-renderer, unit tests)
// their views are never built.
#[cfg(feature = "test-widget")]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod counter;
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod hash_ring;
pub(crate) mod shared;

use leptos::prelude::*;

/// Mounts every widget placeholder inside `body` once it is rendered (browser only),
/// and unmounts them when the page goes away.
pub(crate) fn mount_all(body: NodeRef<leptos::html::Div>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let Some(body) = body.get() else { return };
        let handles = send_wrapper::SendWrapper::new(mount_in(&body));
        on_cleanup(move || drop(handles));
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = body;
}

/// Mounts a widget in every placeholder inside `root`, in place of its fallback. A
/// placeholder whose parameters do not check out shows a message instead. Dropping the
/// returned handles unmounts the widgets.
#[cfg(feature = "hydrate")]
pub(crate) fn mount_in(root: &web_sys::Element) -> Vec<Box<dyn std::any::Any>> {
    use wasm_bindgen::JsCast;
    let Ok(nodes) = root.query_selector_all(".widget-mount") else {
        return Vec::new();
    };
    let mut handles: Vec<Box<dyn std::any::Any>> = Vec::new();
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
        let config = widget_params::WidgetConfig::from_json(&name, &params);
        // A widget's own page takes its state from the address (a share link), and falls
        // back to the placeholder's defaults, with a message, when it cannot.
        let (config, link_problem) = match config {
            Ok(defaults) if el.has_attribute("data-from-address") => {
                from_address(defaults, &crate::browser::location_search())
            }
            other => (other, None),
        };
        // In a note, a link to the widget's own page, where it has the whole screen.
        let own_page = match &config {
            Ok(c) if !el.has_attribute("data-from-address") => {
                Some((shared::share_path(c), c.title()))
            }
            _ => None,
        };
        el.set_inner_html("");
        el.set_attribute("data-mounted", "true").ok();
        handles.push(mount_widget(el, config, &name, link_problem, own_page));
    }
    handles
}

/// Mounts one widget (or the message saying why it cannot start) into `el`, after the
/// share link's problem, if any. Dropping the handle unmounts it.
///
/// Each widget is mounted with its own concrete view type, never as an `AnyView`: an
/// `AnyView` carries every rendering path of its type, including hydration, which a
/// mounted widget never uses but which would then be compiled into the WebAssembly for
/// the widget's whole tree.
#[cfg(feature = "hydrate")]
fn mount_widget(
    el: web_sys::HtmlElement,
    config: Result<widget_params::WidgetConfig, widget_params::ParamError>,
    name: &str,
    link_problem: Option<String>,
    own_page: Option<(String, &'static str)>,
) -> Box<dyn std::any::Any> {
    use leptos::mount::mount_to;
    use widget_params::WidgetConfig;
    // The view is built inside the mount, so its signals belong to the mount's owner
    // (and are disposed with it), whether or not the caller runs under an owner.
    let problem = move || {
        link_problem.map(|p| {
            view! { <p class="widget-error" role="alert" data-testid="widget-link-problem">{p}</p> }
        })
    };
    let open = move || {
        own_page.map(|(href, title)| {
            view! {
                <p class="widget-open">
                    <a href=href>{format!("Open the {} on its own page", title.to_lowercase())}</a>
                </p>
            }
        })
    };
    match config {
        Ok(WidgetConfig::HashRing(params)) => Box::new(mount_to(el, move || {
            view! { {problem()} <hash_ring::HashRing params/> {open()} }
        })),
        #[cfg(feature = "test-widget")]
        Ok(WidgetConfig::Counter(params)) => Box::new(mount_to(el, move || {
            view! { {problem()} <counter::Counter params/> {open()} }
        })),
        Err(e) => {
            let text = format!("The {name} widget could not start: {e}.");
            Box::new(mount_to(el, move || {
                view! { <p class="widget-error" role="alert">{text}</p> }
            }))
        }
    }
}

/// The widget state a share link's `query` asks for, or `defaults` and a sentence saying
/// why the link could not be used.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn from_address(
    defaults: widget_params::WidgetConfig,
    query: &str,
) -> (
    Result<widget_params::WidgetConfig, widget_params::ParamError>,
    Option<String>,
) {
    if query.trim_start_matches('?').is_empty() {
        return (Ok(defaults), None);
    }
    match widget_params::WidgetConfig::from_query(defaults.name(), query) {
        Ok(config) => (Ok(config), None),
        Err(e) => (
            Ok(defaults),
            Some(format!(
                "This link's settings could not be used ({e}), so the widget starts from its defaults."
            )),
        ),
    }
}

/// The mounting path, tested in a real browser with the test-only counter widget:
/// `cargo test -p site --lib --target wasm32-unknown-unknown --features hydrate,test-widget`
/// (`cargo xtask test` runs it).
#[cfg(all(
    test,
    target_arch = "wasm32",
    feature = "hydrate",
    feature = "test-widget"
))]
mod tests {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// A page fragment holding one placeholder, as the content compiler writes it.
    fn placeholder(name: &str, params: &str) -> web_sys::Element {
        let doc = web_sys::window()
            .and_then(|w| w.document())
            .expect("a document");
        let root = doc.create_element("div").expect("div");
        let mount = doc.create_element("div").expect("div");
        mount.set_class_name("widget-mount");
        mount.set_attribute("data-widget", name).expect("attribute");
        mount
            .set_attribute("data-params", params)
            .expect("attribute");
        mount.set_inner_html("<p class=\"widget-fallback\">This widget needs JavaScript.</p>");
        root.append_child(&mount).expect("append");
        doc.body()
            .expect("body")
            .append_child(&root)
            .expect("append");
        root
    }

    /// Lets the reactive system flush its queued effects.
    async fn next_task() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .expect("window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    #[wasm_bindgen_test]
    async fn a_registered_widget_replaces_its_fallback_and_runs() {
        let root = placeholder("counter", r#"{"start":3,"step":2}"#);
        let _handles = super::mount_in(&root);
        assert!(root
            .query_selector(".widget-fallback")
            .expect("query")
            .is_none());
        let button = root
            .query_selector("button")
            .expect("query")
            .expect("the counter's button");
        assert_eq!(button.text_content().as_deref(), Some("Count: 3"));
        button
            .dyn_ref::<web_sys::HtmlElement>()
            .expect("an element")
            .click();
        next_task().await;
        assert_eq!(button.text_content().as_deref(), Some("Count: 5"));
    }

    #[wasm_bindgen_test]
    async fn the_hash_ring_mounts_and_narrates_a_join() {
        let root = placeholder("hash-ring", r#"{"keys":200}"#);
        let _handles = super::mount_in(&root);
        let add = root
            .query_selector("[data-testid=hash-ring-add]")
            .expect("query")
            .expect("the add button");
        assert_eq!(add.text_content().as_deref(), Some("Add node D"));
        add.dyn_ref::<web_sys::HtmlElement>()
            .expect("an element")
            .click();
        next_task().await;
        let log = root
            .query_selector("[data-testid=hash-ring-log] li")
            .expect("query")
            .and_then(|li| li.text_content())
            .unwrap_or_default();
        assert!(log.starts_with("Node D joined: "), "{log}");
        let moved = root
            .query_selector("[data-testid=hash-ring-moved]")
            .expect("query")
            .and_then(|m| m.text_content())
            .unwrap_or_default();
        let moved: u32 = moved.parse().expect("a count");
        assert!(moved > 0 && moved <= 200, "{moved}");
        assert!(
            log.contains(&format!("{moved} of 200 keys moved, all to D")),
            "{log}"
        );
    }

    #[wasm_bindgen_test]
    fn bad_parameters_and_unknown_widgets_show_a_message() {
        let root = placeholder("counter", r#"{"step":99}"#);
        let _handles = super::mount_in(&root);
        let text = root.text_content().unwrap_or_default();
        assert!(
            text.contains("could not start") && text.contains("`step` must be 1 to 10"),
            "{text}"
        );

        let root = placeholder("no-such-widget", "{}");
        let _handles = super::mount_in(&root);
        let text = root.text_content().unwrap_or_default();
        assert!(text.contains("unknown widget `no-such-widget`"), "{text}");
    }
}

#[cfg(test)]
mod address_tests {
    use super::from_address;
    use widget_params::WidgetConfig;

    #[test]
    fn a_share_link_replaces_the_defaults_and_a_bad_one_keeps_them_with_a_reason() {
        let defaults = WidgetConfig::default_for("hash-ring").unwrap();
        let (config, problem) = from_address(defaults.clone(), "");
        assert_eq!((config.unwrap(), problem), (defaults.clone(), None));
        let (config, problem) = from_address(defaults.clone(), "?keys=400");
        assert_eq!(config.unwrap().to_query(), "keys=400");
        assert_eq!(problem, None);
        let (config, problem) = from_address(defaults.clone(), "?keys=lots");
        assert_eq!(config.unwrap(), defaults);
        let problem = problem.unwrap();
        assert!(
            problem.contains("`keys` must be a whole number") && problem.contains("defaults"),
            "{problem}"
        );
    }
}
