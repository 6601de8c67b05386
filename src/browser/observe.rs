//! Watches which section of a page is being read, with an `IntersectionObserver` (no
//! scroll handler, so no work happens while nothing moves).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Stops observing when dropped.
pub(crate) struct SectionWatch {
    observer: web_sys::IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for SectionWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `on_active` with the id of the heading the reader has most recently scrolled
/// past (the top fifth of the viewport counts as "being read").
pub(crate) fn watch_sections(
    ids: &[String],
    on_active: impl Fn(String) + 'static,
) -> Option<SectionWatch> {
    let document = super::document()?;
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        for entry in entries.iter() {
            let Ok(entry) = entry.dyn_into::<web_sys::IntersectionObserverEntry>() else {
                continue;
            };
            if entry.is_intersecting() {
                on_active(entry.target().id());
            }
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("0px 0px -80% 0px");
    let observer = web_sys::IntersectionObserver::new_with_options(
        callback.as_ref().unchecked_ref(),
        &options,
    )
    .ok()?;
    for id in ids {
        if let Some(el) = document.get_element_by_id(id) {
            observer.observe(&el);
        }
    }
    Some(SectionWatch {
        observer,
        _callback: callback,
    })
}

/// Calls `on_gone` whenever `element` leaves the viewport entirely, until dropped (a
/// playing widget scrolled out of sight stops using the CPU).
pub(crate) fn on_leaving_view(
    element: &web_sys::Element,
    on_gone: impl Fn() + 'static,
) -> Option<SectionWatch> {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let gone = entries.iter().any(|entry| {
            entry
                .dyn_into::<web_sys::IntersectionObserverEntry>()
                .is_ok_and(|e| !e.is_intersecting())
        });
        if gone {
            on_gone();
        }
    });
    let observer = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(element);
    Some(SectionWatch {
        observer,
        _callback: callback,
    })
}
