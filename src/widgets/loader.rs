//! The app side of mounting: import the bundle of each widget on the page and ask it to
//! mount in its placeholder; unmount it when the page goes away.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(inline_js = r#"
const loaded = new Map();
function stylesheet(href) {
  const linked = [...document.querySelectorAll('link[rel="stylesheet"]')]
    .find((link) => link.getAttribute('href') === href);
  if (linked) return Promise.resolve();
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  const ready = new Promise((resolve, reject) => {
    link.onload = resolve;
    link.onerror = () => { link.remove(); reject(new Error(`its styles (${href}) did not load`)); };
  });
  document.head.append(link);
  return ready;
}
export function load_bundle(url, css) {
  let bundle = loaded.get(url);
  if (!bundle) {
    const module = import(url).then(async (module) => { await module.default(); return module; });
    bundle = Promise.all([module, stylesheet(css)]).then(([module]) => module);
    bundle.catch(() => loaded.delete(url));
    loaded.set(url, bundle);
  }
  return bundle;
}
"#)]
extern "C" {
    /// Imports the bundle at `url` once, initialises its WebAssembly and makes sure its
    /// stylesheet `css` is linked and loaded (a page that showed the widget from the start
    /// links it in its head); the promise resolves to the bundle's module. A failed load
    /// is retried next time.
    fn load_bundle(url: &str, css: &str) -> js_sys::Promise;
}

thread_local! {
    /// Each widget's bundle URL (from the page's data), by widget name.
    static BUNDLES: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
}

/// Remembers where each widget's bundle is (called once, from the page's data).
pub(crate) fn set_bundles(bundles: BTreeMap<String, String>) {
    BUNDLES.with(|b| *b.borrow_mut() = bundles);
}

fn bundle_url(name: &str) -> Option<String> {
    BUNDLES.with(|b| b.borrow().get(name).cloned())
}

/// A widget being loaded or mounted; unmounts it when dropped, or, if it is still
/// loading, makes sure it is unmounted as soon as it arrives.
#[derive(Default)]
struct Mounted {
    unmount: Option<js_sys::Function>,
    gone: bool,
}

struct Guard(Rc<RefCell<Mounted>>);

impl Drop for Guard {
    fn drop(&mut self) {
        let mut mounted = self.0.borrow_mut();
        mounted.gone = true;
        if let Some(unmount) = mounted.unmount.take() {
            let _ = unmount.call0(&JsValue::NULL);
        }
    }
}

/// Starts mounting a widget in every placeholder inside `root`. Dropping the returned
/// handles unmounts the widgets.
pub(super) fn mount_in(root: &web_sys::Element) -> Vec<Box<dyn std::any::Any>> {
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
        let from_address = el.has_attribute("data-from-address");
        let Some(url) = bundle_url(&name) else {
            show_problem(
                &el,
                &format!("The {name} widget is not part of this build of the site."),
            );
            continue;
        };
        if let Ok(Some(fallback)) = el.query_selector(".widget-fallback") {
            fallback.set_text_content(Some("Loading the widget…"));
        }
        let mounted = Rc::new(RefCell::new(Mounted::default()));
        handles.push(Box::new(Guard(mounted.clone())));
        wasm_bindgen_futures::spawn_local(async move {
            match load_and_mount(&url, &el, &params, from_address).await {
                Ok(unmount) => {
                    let unmount = unmount.dyn_into::<js_sys::Function>().ok();
                    let mut state = mounted.borrow_mut();
                    if state.gone {
                        // The page went away while the bundle loaded.
                        if let Some(unmount) = unmount {
                            let _ = unmount.call0(&JsValue::NULL);
                        }
                    } else {
                        state.unmount = unmount;
                    }
                }
                Err(e) if !mounted.borrow().gone => {
                    let why = e
                        .dyn_ref::<js_sys::Error>()
                        .map(|e| String::from(e.message()))
                        .or_else(|| e.as_string())
                        .unwrap_or_else(|| "unknown error".into());
                    show_problem(
                        &el,
                        &format!(
                            "The {name} widget could not be loaded ({why}). Reload the page to try again."
                        ),
                    );
                }
                Err(_) => {}
            }
        });
    }
    handles
}

/// Imports the bundle and calls its `mount(el, params_json, from_address)`; returns the
/// function that unmounts the widget.
async fn load_and_mount(
    url: &str,
    el: &web_sys::HtmlElement,
    params: &str,
    from_address: bool,
) -> Result<JsValue, JsValue> {
    let module = wasm_bindgen_futures::JsFuture::from(load_bundle(
        url,
        &crate::data::bundle_stylesheet(url),
    ))
    .await?;
    let mount: js_sys::Function = js_sys::Reflect::get(&module, &"mount".into())?.dyn_into()?;
    mount.call3(&JsValue::NULL, el, &params.into(), &from_address.into())
}

/// Replaces a placeholder's content with a message.
fn show_problem(el: &web_sys::HtmlElement, message: &str) {
    el.set_inner_html("");
    if let Some(doc) = crate::browser::document() {
        if let Ok(p) = doc.create_element("p") {
            p.set_class_name("widget-error");
            let _ = p.set_attribute("role", "alert");
            p.set_text_content(Some(message));
            let _ = el.append_child(&p);
        }
    }
}
