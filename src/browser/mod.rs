//! Thin, fallible wrappers over the browser APIs the app uses. Only compiled for the
//! browser (`hydrate`); every function returns `Option`/`Result` instead of panicking,
//! since a panic in WebAssembly takes the whole page down.

use crate::data::InitialData;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub(crate) mod observe;

/// The document, if there is one.
pub(crate) fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The data the pre-renderer wrote into the page. A page without it (or with damaged
/// data) still hydrates, as the 404 page.
pub(crate) fn read_initial_data() -> InitialData {
    let mut data: InitialData = document()
        .and_then(|d| d.get_element_by_id("sd-data"))
        .and_then(|el| el.text_content())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    // Read before hydration, so before any widget is mounted into the body.
    data.restore_body_html(|| {
        let body = document()?
            .query_selector("article.note .note-body")
            .ok()??;
        Some(body.inner_html())
    });
    data
}

/// Fetches `url` and returns its body, or a message a reader can understand.
pub(crate) async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let offline = "the page could not be fetched: check your connection";
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| offline.to_string())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| offline.to_string())?;
    if !response.ok() {
        return Err(format!(
            "the server answered {} for {url}",
            response.status()
        ));
    }
    let text = response.text().map_err(|_| offline.to_string())?;
    let text = JsFuture::from(text)
        .await
        .map_err(|_| offline.to_string())?;
    text.as_string().ok_or_else(|| offline.to_string())
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The string stored under `key`, if any (and if storage is available).
pub(crate) fn storage_get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; fails when storage is full, disabled or missing.
pub(crate) fn storage_set(key: &str, value: &str) -> Result<(), ()> {
    local_storage()
        .ok_or(())?
        .set_item(key, value)
        .map_err(|_| ())
}

/// Removes `key` from storage (if storage is available).
pub(crate) fn storage_remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Whether the page currently shows the dark theme (a pick, or else the system's).
pub(crate) fn effective_theme_is_dark() -> bool {
    let picked = document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("data-theme"));
    match picked.as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches()),
    }
}

/// Applies theme `name` (`"light"` or `"dark"`) to the page.
pub(crate) fn set_theme(name: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", name);
    }
}

/// Sets the document's title and meta description.
pub(crate) fn set_title_and_description(title: &str, description: &str) {
    let Some(doc) = document() else { return };
    doc.set_title(title);
    if let Ok(Some(meta)) = doc.query_selector("meta[name=description]") {
        let _ = meta.set_attribute("content", description);
    }
}

/// Scrolls the element with id `id` into view, or the page to the top when `id` is empty.
pub(crate) fn scroll_to_anchor_or_top(id: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let target = (!id.is_empty())
        .then(|| document()?.get_element_by_id(id))
        .flatten();
    match target {
        Some(el) => el.scroll_into_view(),
        None => window.scroll_to_with_x_and_y(0.0, 0.0),
    }
}

/// Scrolls the sidebar so that its current entry is visible, without moving the page.
pub(crate) fn reveal_current_in_sidebar() {
    let Some(doc) = document() else { return };
    let (Ok(Some(sidebar)), Ok(Some(current))) = (
        doc.query_selector("#sidebar"),
        doc.query_selector("#sidebar [aria-current=page]"),
    ) else {
        return;
    };
    let (Ok(sidebar), Ok(current)) = (
        sidebar.dyn_into::<web_sys::HtmlElement>(),
        current.dyn_into::<web_sys::HtmlElement>(),
    ) else {
        return;
    };
    let top = current.offset_top();
    let view = sidebar.client_height();
    if top < sidebar.scroll_top() || top > sidebar.scroll_top() + view - 40 {
        sidebar.set_scroll_top((top - view / 3).max(0));
    }
}

/// Whether keyboard focus is somewhere typing happens (so shortcuts must stay quiet).
pub(crate) fn focus_is_in_a_text_field() -> bool {
    let Some(active) = document().and_then(|d| d.active_element()) else {
        return false;
    };
    let tag = active.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || active.get_attribute("contenteditable").is_some()
}

/// Whether the app has shown its first view (the pre-rendered one).
static FIRST_VIEW_SHOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Called when a page's content is on screen: after a client-side navigation, scrolls
/// to the address's anchor or to the top. The first view is left alone, so a reload
/// keeps the reader's place.
pub(crate) fn after_navigation() {
    use std::sync::atomic::Ordering;
    if !FIRST_VIEW_SHOWN.swap(true, Ordering::Relaxed) {
        return;
    }
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let id = hash.trim_start_matches('#');
    let id = js_sys::decode_uri_component(id)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    scroll_to_anchor_or_top(&id);
    if let Some(main) = document().and_then(|d| d.get_element_by_id("main")) {
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = main.focus_with_options(&options);
        }
    }
}

/// Marks the document as hydrated (`<html data-hydrated="true">`).
pub(crate) fn mark_hydrated() {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}

/// The address's query string, with its `?` (empty when there is none).
pub(crate) fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page's origin (`https://example.org`), or `""` if unknown.
pub(crate) fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Puts `text` on the clipboard; the promise's outcome is not awaited (the field beside
/// the copy button shows the same text, for when the clipboard is refused).
pub(crate) fn copy_to_clipboard(text: &str) -> bool {
    match web_sys::window() {
        Some(w) => {
            let _ = w.navigator().clipboard().write_text(text);
            true
        }
        None => false,
    }
}

/// Whether the page is hidden (another tab, a minimised window).
pub(crate) fn page_is_hidden() -> bool {
    document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// Calls `on_hidden` whenever the page becomes hidden, until the returned guard drops.
pub(crate) fn on_page_hidden(on_hidden: impl Fn() + 'static) -> Option<ListenerGuard> {
    let doc = document()?;
    let callback = Closure::<dyn Fn()>::new(move || {
        if page_is_hidden() {
            on_hidden();
        }
    });
    doc.add_event_listener_with_callback("visibilitychange", callback.as_ref().unchecked_ref())
        .ok()?;
    Some(ListenerGuard {
        target: doc.into(),
        event: "visibilitychange",
        callback,
    })
}

/// Removes an event listener when dropped.
pub(crate) struct ListenerGuard {
    target: web_sys::EventTarget,
    event: &'static str,
    callback: Closure<dyn Fn()>,
}

impl Drop for ListenerGuard {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            self.event,
            self.callback.as_ref().unchecked_ref(),
        );
    }
}

/// In an iframe, tells the parent page how tall the document is whenever that changes,
/// so `public/embed.js` can size the frame (no scroll bars inside other people's posts).
pub(crate) fn report_height_to_parent() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let Some(body) = document().and_then(|d| d.body()) else {
        return;
    };
    let callback = Closure::<dyn Fn()>::new(move || {
        let Some(height) = document()
            .and_then(|d| d.document_element())
            .map(|e| e.scroll_height())
        else {
            return;
        };
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"source".into(), &"system-design-widget".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, "*");
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&body);
        // The observer lives as long as the frame's document.
        callback.forget();
        std::mem::forget(observer);
    }
}

/// Milliseconds on the page's monotonic clock (`performance.now()`), for timings shown
/// to the reader; 0 where there is no clock.
pub(crate) fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
