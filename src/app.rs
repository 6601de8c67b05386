//! The root component: the router, the page frame and the view for each route.

use crate::data::{InitialData, Site};
use crate::pages::{
    home::HomePage,
    not_found::NotFoundPage,
    note::NotePage,
    widget::{EmbedPage, WidgetPage},
};
use crate::route::{self, Route};
use crate::shell::{notices::Notices, sidebar::Sidebar, topbar::TopBar};
use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;

/// Whether the sidebar drawer is open (phone-sized screens only).
#[derive(Clone, Copy)]
pub struct Drawer(pub RwSignal<bool>);

/// The whole app. `initial` is the data the page was pre-rendered with.
#[component]
pub fn App(
    /// The data the page was pre-rendered with.
    initial: InitialData,
) -> impl IntoView {
    provide_context(Site::new(initial));
    provide_context(Drawer(RwSignal::new(false)));
    crate::storage::provide_progress();
    view! {
        <Router base=crate::BASE>
            <Frame/>
        </Router>
    }
}

/// The frame every page shares: skip link, top bar, sidebar, and the route's view.
#[component]
fn Frame() -> impl IntoView {
    let location = use_location();
    let current = Memo::new(move |_| route::parse(&location.pathname.get(), crate::BASE));
    let drawer = expect_context::<Drawer>().0;
    crate::shell::keys::install_shortcuts(current);
    #[cfg(feature = "hydrate")]
    {
        // Tells tests (and anything else watching) that the app is live.
        Effect::new(move |_| crate::browser::mark_hydrated());
        // A link click only updates the address bar once the router is told the new view
        // is ready (`<Routes>` would do it; this app matches routes itself, in `route.rs`).
        let url = use_context::<leptos_router::location::BrowserUrl>();
        Effect::new(move |_| {
            current.track();
            if let Some(url) = &url {
                leptos_router::location::LocationProvider::ready_to_complete(url);
            }
        });
    }
    // An embed shows the widget alone (it never navigates to a framed route: its one
    // link opens a new tab).
    if let Route::Embed(name) = current.get_untracked() {
        return Either::Left(view! { <EmbedPage name/> });
    }
    // `Either`s rather than `AnyView`s: an `AnyView` compiles in every rendering path of
    // its type (async hydration among them), which this app never uses.
    Either::Right(view! {
        <a class="skip-link" href="#main">"Skip to the content"</a>
        <TopBar/>
        <div class="frame">
            <Sidebar current/>
            <div class="scrim" class:shown=move || drawer.get() on:click=move |_| drawer.set(false)></div>
            <main id="main" tabindex="-1">
                <Notices/>
                {move || match current.get() {
                    Route::Home => EitherOf4::A(view! { <HomePage/> }),
                    Route::Note(path) => EitherOf4::B(view! { <NotePage path/> }),
                    Route::Widget(name) => EitherOf4::C(view! { <WidgetPage name/> }),
                    Route::NotFound | Route::Embed(_) => EitherOf4::D(view! { <NotFoundPage/> }),
                }}
            </main>
        </div>
    })
}
