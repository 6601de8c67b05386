//! Live widgets: each one is compiled into a WebAssembly module of its own (a *bundle*,
//! `src/bin/widget_<name>.rs`), which only the pages that show it load.
//!
//! The content compiler leaves a `<div class="widget-mount" data-widget=NAME
//! data-params=JSON>` placeholder (with a fallback sentence for readers without
//! JavaScript) wherever a note embeds a widget; widget pages and embeds carry the same
//! placeholder, marked to take the widget's state from the address.
//!
//! - App side (`loader`): once a page's body is in the document, [`mount_all`] finds the
//!   placeholders, imports each widget's bundle (its URL comes from the page's data; the
//!   browser caches it) and asks it to mount, and unmounts it when the page goes away.
//! - Bundle side (`bundle`): the bundle's `mount` export checks the parameters (or the
//!   share link's), mounts the widget's view in place of the fallback, and returns a
//!   function that unmounts it. Each bundle runs its own small Leptos runtime.
//!
//! Why bundles: the reader's app is the same for every page, while a widget's code
//! (its algorithm crate and its views) is as large as the app itself; in one module,
//! every page would pay for every widget.
//!
//! Registering a widget: add its parameter type to `crates/widget-params` (a line of its
//! registry), its view in a folder here, an entry below (`mount_<name>`), and its bundle
//! in `src/bin/widget_<name>.rs` plus a `[[bin]]` in Cargo.toml (`cargo xtask build`
//! builds one bundle per registered widget and fails if one is missing).

// The widgets are mounted in the browser only; natively (the pre-renderer, unit tests)
// their views are never built.
#[cfg(feature = "hydrate")]
mod bundle;
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod cache_eviction;
#[cfg(feature = "test-widget")]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod counter;
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod hash_ring;
#[cfg(feature = "hydrate")]
mod loader;
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod raft_election;
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod rate_limiter;
pub(crate) mod shared;

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
pub(crate) use loader::set_bundles;

/// Mounts every widget placeholder inside `body` once it is rendered (browser only),
/// and unmounts them when the page goes away.
pub(crate) fn mount_all(body: NodeRef<leptos::html::Div>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let Some(body) = body.get() else { return };
        let handles = send_wrapper::SendWrapper::new(loader::mount_in(&body));
        on_cleanup(move || drop(handles));
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = body;
}

/// The hash ring bundle's entry (see `src/bin/widget_hash_ring.rs`).
#[cfg(feature = "hydrate")]
pub fn mount_hash_ring(
    el: web_sys::HtmlElement,
    params_json: &str,
    from_address: bool,
) -> wasm_bindgen::JsValue {
    bundle::mount(el, params_json, from_address, |params| {
        view! { <hash_ring::HashRing params/> }
    })
}

/// The Raft election stepper bundle's entry (see `src/bin/widget_raft_election.rs`).
#[cfg(feature = "hydrate")]
pub fn mount_raft_election(
    el: web_sys::HtmlElement,
    params_json: &str,
    from_address: bool,
) -> wasm_bindgen::JsValue {
    bundle::mount(el, params_json, from_address, |params| {
        view! { <raft_election::RaftElection params/> }
    })
}

/// The rate limiter bundle's entry (see `src/bin/widget_rate_limiter.rs`).
#[cfg(feature = "hydrate")]
pub fn mount_rate_limiter(
    el: web_sys::HtmlElement,
    params_json: &str,
    from_address: bool,
) -> wasm_bindgen::JsValue {
    bundle::mount(el, params_json, from_address, |params| {
        view! { <rate_limiter::RateLimiterWidget params/> }
    })
}

/// The cache-eviction playground's bundle entry (see `src/bin/widget_cache_eviction.rs`).
#[cfg(feature = "hydrate")]
pub fn mount_cache_eviction(
    el: web_sys::HtmlElement,
    params_json: &str,
    from_address: bool,
) -> wasm_bindgen::JsValue {
    bundle::mount(el, params_json, from_address, |params| {
        view! { <cache_eviction::CacheEviction params/> }
    })
}

/// The test-only counter's entry, for the DOM tests.
#[cfg(all(feature = "hydrate", feature = "test-widget"))]
pub fn mount_counter(
    el: web_sys::HtmlElement,
    params_json: &str,
    from_address: bool,
) -> wasm_bindgen::JsValue {
    bundle::mount(el, params_json, from_address, |params| {
        view! { <counter::Counter params/> }
    })
}

/// The bundle side of mounting (and the loader's message for a widget with no bundle),
/// tested in a real browser with the test-only counter widget and the hash ring:
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

    /// Mounts the placeholder in `root` with a bundle entry, as the loader does once the
    /// bundle has loaded; returns the function that unmounts it.
    fn mount_with(
        root: &web_sys::Element,
        entry: fn(web_sys::HtmlElement, &str, bool) -> wasm_bindgen::JsValue,
    ) -> wasm_bindgen::JsValue {
        let el: web_sys::HtmlElement = root
            .query_selector(".widget-mount")
            .expect("query")
            .expect("a placeholder")
            .dyn_into()
            .expect("an element");
        let params = el.get_attribute("data-params").unwrap_or_default();
        entry(el, &params, false)
    }

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
        let unmount = mount_with(&root, super::mount_counter);
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
        // In a note, the widget links to its own page.
        let open = root
            .query_selector(".widget-open a")
            .expect("query")
            .expect("the link to the widget's page");
        assert_eq!(
            open.get_attribute("href").as_deref(),
            Some("/widgets/counter/?start=3&step=2")
        );
        // Unmounting removes the widget.
        unmount
            .dyn_ref::<js_sys::Function>()
            .expect("an unmount function")
            .call0(&wasm_bindgen::JsValue::NULL)
            .expect("unmounts");
        assert!(root.query_selector("button").expect("query").is_none());
    }

    #[wasm_bindgen_test]
    async fn the_hash_ring_mounts_and_narrates_a_join() {
        let root = placeholder("hash-ring", r#"{"keys":200}"#);
        let _unmount = mount_with(&root, super::mount_hash_ring);
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
    async fn the_raft_stepper_mounts_steps_and_crashes_a_server() {
        let root = placeholder("raft-election", r#"{"nodes":3}"#);
        let _unmount = mount_with(&root, super::mount_raft_election);
        next_task().await;
        let find = |sel: &str| root.query_selector(sel).expect("query").expect(sel);
        let click = |sel: &str| {
            find(sel)
                .dyn_ref::<web_sys::HtmlElement>()
                .expect("an element")
                .click()
        };
        assert_eq!(
            root.query_selector_all("[data-node]").expect("q").length(),
            3
        );
        click("[data-testid=raft-step]");
        next_task().await;
        let log = find("[data-testid=raft-log] li")
            .text_content()
            .unwrap_or_default();
        assert!(log.starts_with("Event 1 (t="), "{log}");
        assert!(
            log.contains("timed out in term 0 and asked for votes"),
            "{log}"
        );
        assert_eq!(
            find("[data-testid=raft-crash]").text_content().as_deref(),
            Some("Crash S1")
        );
        click("[data-testid=raft-crash]");
        next_task().await;
        let log = find("[data-testid=raft-log] li")
            .text_content()
            .unwrap_or_default();
        assert_eq!(log, "Event 2: Crash S1.");
        assert_eq!(root.query_selector_all(".rf-down").expect("q").length(), 1);
        assert_eq!(
            find("[data-testid=raft-crash]").text_content().as_deref(),
            Some("Restart S1")
        );
    }

    #[wasm_bindgen_test]
    async fn the_cache_playground_mounts_and_narrates_a_step_with_the_crates_reason() {
        let root = placeholder(
            "cache-eviction",
            r#"{"policies":["fifo"],"capacity":1,"workload":"trace","trace":["a","b"]}"#,
        );
        let _unmount = mount_with(&root, super::mount_cache_eviction);
        let step = root
            .query_selector("[data-testid=cache-step]")
            .expect("query")
            .expect("the step button");
        for _ in 0..2 {
            step.dyn_ref::<web_sys::HtmlElement>()
                .expect("an element")
                .click();
            next_task().await;
        }
        let log = root
            .query_selector("[data-testid=cache-log] li")
            .expect("query")
            .and_then(|li| li.text_content())
            .unwrap_or_default();
        assert_eq!(
            log,
            "Request 2 of 2, key b: FIFO missed and evicted a: it was the oldest entry (first in, first out)."
        );
    }

    #[wasm_bindgen_test]
    async fn the_rate_limiter_mounts_and_decides_a_request_sent_by_hand() {
        let root = placeholder(
            "rate-limiter",
            r#"{"traffic":"manual","algorithms":["token-bucket"],"limit":1,"burst":1}"#,
        );
        let _unmount = mount_with(&root, super::mount_rate_limiter);
        let send = root
            .query_selector("[data-testid=rate-send]")
            .expect("query")
            .expect("the send button");
        for _ in 0..2 {
            send.dyn_ref::<web_sys::HtmlElement>()
                .expect("an element")
                .click();
            next_task().await;
        }
        let log = root
            .query_selector("[data-testid=rate-log] li")
            .expect("query")
            .and_then(|li| li.text_content())
            .unwrap_or_default();
        assert!(
            log.starts_with("Sent by hand. Request 2 at t=")
                && log.contains("token bucket rejected until"),
            "{log}"
        );
        let cell = |col: &str| {
            root.query_selector(&format!("tr[data-algorithm=token-bucket] [data-col={col}]"))
                .expect("query")
                .and_then(|c| c.text_content())
                .unwrap_or_default()
        };
        assert_eq!(
            (cell("accepted"), cell("rejected")),
            ("1".into(), "1".into())
        );
    }

    #[wasm_bindgen_test]
    fn bad_parameters_and_unknown_widgets_show_a_message() {
        let root = placeholder("counter", r#"{"step":99}"#);
        let _unmount = mount_with(&root, super::mount_counter);
        let text = root.text_content().unwrap_or_default();
        assert!(
            text.contains("could not start") && text.contains("`step` must be 1 to 10"),
            "{text}"
        );

        // The app's loader, for a widget the page's data has no bundle for.
        let root = placeholder("no-such-widget", "{}");
        let _handles = super::loader::mount_in(&root);
        let text = root.text_content().unwrap_or_default();
        assert!(text.contains("not part of this build"), "{text}");
    }
}
