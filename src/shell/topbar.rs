//! The bar across the top: the menu button (phones), the site's name, the theme toggle.

use crate::app::Drawer;
use crate::shell::theme::ThemeToggle;
use leptos::prelude::*;

/// The top bar.
#[component]
pub(crate) fn TopBar() -> impl IntoView {
    let drawer = expect_context::<Drawer>().0;
    view! {
        <header class="topbar">
            <button
                class="icon-button menu-button"
                aria-controls="sidebar"
                aria-expanded=move || if drawer.get() { "true" } else { "false" }
                aria-label="Table of contents"
                on:click=move |_| drawer.update(|open| *open = !*open)
            >
                <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
                    <path d="M3 6h18M3 12h18M3 18h18" stroke="currentColor" stroke-width="2" fill="none" stroke-linecap="round"/>
                </svg>
            </button>
            <a class="brand" href=format!("{}/", crate::BASE)>
                <span class="brand-mark" aria-hidden="true">"◐"</span>
                {crate::SITE_NAME}
            </a>
            <span class="topbar-spacer"></span>
            <ThemeToggle/>
        </header>
    }
}
