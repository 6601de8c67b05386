//! The study site: a Leptos app whose every page is rendered to HTML at build time (the
//! `prerender` binary, feature `ssr`) and hydrated in the browser (feature `hydrate`).
//!
//! The same components run on both sides, so everything they render must come from data
//! both sides have: the table of contents and the current page, which the pre-renderer
//! writes into each page as JSON ([`data::InitialData`]). What only the browser knows
//! (storage, the system theme, scroll position) is read in effects, after hydration.

// `#[component]` generates `pub` props structs whatever the function's visibility.
#![allow(unreachable_pub)]
// Leptos views are deeply nested types; release builds of the page views need a deeper limit.
#![recursion_limit = "256"]

pub mod app;
#[cfg(feature = "hydrate")]
mod browser;
pub mod data;
mod pages;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod route;
mod shell;
mod storage;
pub mod widgets;

/// The site's name, shown in the top bar and page titles.
pub const SITE_NAME: &str = "System Design, Played";

/// The home page's meta description.
pub const HOME_DESCRIPTION: &str =
    "Study notes on system design with live widgets that run the real algorithms in your browser.";

/// The path the site is served under: `""` at a domain's root, `/repo` on a project page.
/// Set at build time with the `SITE_BASE` environment variable (no trailing slash).
pub const BASE: &str = match option_env!("SITE_BASE") {
    Some(base) => base,
    None => "",
};

/// The browser entry point: reads the page's data and hydrates the pre-rendered HTML.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let initial = browser::read_initial_data();
    widgets::set_bundles(initial.bundles.clone());
    leptos::mount::hydrate_body(move || leptos::prelude::view! { <app::App initial/> });
}
