//! The light/dark theme toggle.
//!
//! The theme follows the system until the reader picks one; the pick is remembered in
//! storage. A tiny script in `index.html` applies a remembered pick before the first
//! paint (no flash), and the CSS does the rest, so the button renders the same on the
//! server and in the browser: both icons are in the markup and CSS shows the right one.

use leptos::prelude::*;

/// The storage key of the reader's theme pick (`"light"` or `"dark"`); the inline script
/// in `index.html` reads the same key.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(crate) const THEME_KEY: &str = "sd-theme";

/// A button that switches between the light and dark themes.
#[component]
pub(crate) fn ThemeToggle() -> impl IntoView {
    view! {
        <button
            class="icon-button theme-toggle"
            data-testid="theme-toggle"
            aria-label="Switch between light and dark theme"
            title="Switch between light and dark theme"
            on:click=move |_| toggle()
        >
            <svg class="icon-moon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                <path d="M20 14.5A8.5 8.5 0 0 1 9.5 4a8.5 8.5 0 1 0 10.5 10.5z" fill="currentColor"/>
            </svg>
            <svg class="icon-sun" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                <circle cx="12" cy="12" r="4.5" fill="currentColor"/>
                <path d="M12 1.5v3M12 19.5v3M1.5 12h3M19.5 12h3M4.6 4.6l2.1 2.1M17.3 17.3l2.1 2.1M4.6 19.4l2.1-2.1M17.3 6.7l2.1-2.1"
                    stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
            </svg>
        </button>
    }
}

#[cfg(feature = "hydrate")]
fn toggle() {
    let next = if crate::browser::effective_theme_is_dark() {
        "light"
    } else {
        "dark"
    };
    crate::browser::set_theme(next);
    crate::storage::save_raw(THEME_KEY, next);
}

#[cfg(not(feature = "hydrate"))]
fn toggle() {}
