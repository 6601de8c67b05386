//! Keyboard shortcuts: ← and → move to the previous and next page, Escape closes the
//! table-of-contents drawer.

use crate::route::Route;
use leptos::prelude::*;

/// Installs the shortcuts for as long as the app lives (browser only).
pub(crate) fn install_shortcuts(current: Memo<Route>) {
    #[cfg(feature = "hydrate")]
    {
        use crate::app::Drawer;
        use crate::data::use_site;
        use leptos_router::hooks::use_navigate;

        let site = use_site();
        let drawer = expect_context::<Drawer>().0;
        let navigate = use_navigate();
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() == "Escape" {
                drawer.set(false);
                return;
            }
            if ev.alt_key()
                || ev.ctrl_key()
                || ev.meta_key()
                || ev.shift_key()
                || crate::browser::focus_is_in_a_text_field()
            {
                return;
            }
            let Route::Note(path) = current.get_untracked() else {
                return;
            };
            let toc = site.toc();
            let (prev, next) = toc.neighbours(&path);
            let target = match ev.key().as_str() {
                "ArrowLeft" => prev,
                "ArrowRight" => next,
                _ => None,
            };
            if let Some(entry) = target {
                ev.prevent_default();
                // The URL already carries the base path: the router must not add it again.
                let options = leptos_router::NavigateOptions {
                    resolve: false,
                    ..Default::default()
                };
                navigate(&book_model::note_url(crate::BASE, &entry.path), options);
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = current;
}
