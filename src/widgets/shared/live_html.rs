//! [`LiveHtml`]: a `div` whose markup follows a reactive string, changed in place.
//!
//! Setting `innerHTML` on every change throws the old elements away: the browser styles
//! and lays out every new one, and whatever the reader was doing with an old one is lost
//! (on a phone, a table scrolled sideways jumps back to its start at every step of a
//! playback, and focus drops to the page). Here the new markup is parsed apart from the
//! page, then the live elements are changed only where they differ from it: attributes
//! set or removed, text replaced, elements added, removed or, where the kind differs,
//! swapped. The result is exactly the markup's elements, and an unchanged part of a
//! drawing costs nothing to redraw.
//!
//! The comparison runs in JavaScript (a few lines, below): done from WebAssembly it
//! would copy every attribute's text across, 100 KB of path data per change in the rate
//! limiter.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(inline_js = r#"
const parser = document.createElement('template');
function same_kind(a, b) {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName && a.namespaceURI === b.namespaceURI;
}
function sync_attributes(live, next) {
  for (const name of live.getAttributeNames()) {
    if (!next.hasAttribute(name)) live.removeAttribute(name);
  }
  for (const { name, value } of next.attributes) {
    if (live.getAttribute(name) !== value) live.setAttribute(name, value);
  }
}
function sync_children(live, next) {
  let old = live.firstChild;
  let wanted = next.firstChild;
  while (wanted) {
    const following = wanted.nextSibling;
    if (!old) {
      live.appendChild(wanted);
    } else {
      const after = old.nextSibling;
      if (!same_kind(old, wanted)) {
        live.replaceChild(wanted, old);
      } else if (old.nodeType === Node.ELEMENT_NODE) {
        sync_attributes(old, wanted);
        sync_children(old, wanted);
      } else if (old.nodeValue !== wanted.nodeValue) {
        old.nodeValue = wanted.nodeValue;
      }
      old = after;
    }
    wanted = following;
  }
  while (old) {
    const after = old.nextSibling;
    old.remove();
    old = after;
  }
}
export function morph_inner_html(host, html) {
  parser.innerHTML = html;
  sync_children(host, parser.content);
  parser.innerHTML = '';
}
"#)]
    extern "C" {
        /// Makes `host`'s contents the elements of `html`, changing the live ones in
        /// place where they differ.
        pub(super) fn morph_inner_html(host: &web_sys::Element, html: &str);
    }
}

/// A `div` of class `class` holding the markup `html` returns, updated in place when it
/// changes (see the module docs). Outside the browser it is plain `inner_html`.
#[component]
pub(crate) fn LiveHtml(
    class: &'static str,
    html: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let host = NodeRef::<leptos::html::Div>::new();
        Effect::new(move |_| {
            let markup = html();
            if let Some(el) = host.get() {
                browser::morph_inner_html(&el, &markup);
            }
        });
        view! { <div class=class node_ref=host></div> }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        view! { <div class=class inner_html=html></div> }
    }
}
