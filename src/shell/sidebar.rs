//! The book's table of contents, built from `SUMMARY.md`: chapters that fold, the current
//! page highlighted and scrolled into view, visited pages ticked. On phone-sized screens
//! it is a drawer opened from the top bar.

use crate::app::Drawer;
use crate::data::use_site;
use crate::route::Route;
use crate::storage::Progress;
use book_model::{note_url, TocChapter, TocEntry};
use leptos::prelude::*;

/// The sidebar for the page at `current`.
#[component]
pub(crate) fn Sidebar(current: Memo<Route>) -> impl IntoView {
    let toc = use_site().toc();
    let drawer = expect_context::<Drawer>().0;
    let current_path = Memo::new(move |_| match current.get() {
        Route::Note(path) => Some(path),
        _ => None,
    });
    // Close the drawer after a navigation, and keep the current entry in view.
    Effect::new(move |_| {
        current_path.track();
        drawer.set(false);
        #[cfg(feature = "hydrate")]
        request_animation_frame(crate::browser::reveal_current_in_sidebar);
    });
    let prefix = toc
        .prefix
        .iter()
        .map(|e| view! { <li><EntryLink entry=e.clone() current_path/></li> })
        .collect_view();
    let chapters = toc
        .chapters
        .iter()
        .enumerate()
        .map(|(i, c)| view! { <ChapterItem number=i + 1 chapter=c.clone() current_path/> })
        .collect_view();
    view! {
        <nav id="sidebar" class="sidebar" class:open=move || drawer.get() aria-label="Table of contents">
            <ol class="toc">{prefix}{chapters}</ol>
        </nav>
    }
}

#[component]
fn ChapterItem(
    number: usize,
    chapter: TocChapter,
    current_path: Memo<Option<String>>,
) -> impl IntoView {
    let chapter_path = chapter.entry.path.clone();
    let page_paths: Vec<String> = chapter.pages.iter().map(|p| p.path.clone()).collect();
    let holds_current = move || {
        current_path.with(|c| {
            c.as_ref()
                .is_some_and(|c| *c == chapter_path || page_paths.contains(c))
        })
    };
    // Open when it holds the current page; the reader can fold it either way.
    let open = RwSignal::new(holds_current());
    Effect::new(move |_| {
        if holds_current() {
            open.set(true);
        }
    });
    let list_id = format!("toc-{}", chapter.entry.path.replace('/', "-"));
    let title = chapter.entry.title.clone();
    let pages = chapter
        .pages
        .into_iter()
        .map(|p| view! { <li><EntryLink entry=p current_path/></li> })
        .collect_view();
    view! {
        <li class="toc-chapter">
            <div class="toc-chapter-row">
                <button
                    class="toc-fold"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls=list_id.clone()
                    aria-label=format!("Show or hide the pages of {title}")
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12"><path d="M5 3l6 5-6 5z" fill="currentColor"/></svg>
                </button>
                <span class="toc-number" aria-hidden="true">{number}"."</span>
                <EntryLink entry=chapter.entry current_path/>
            </div>
            <ol id=list_id class="toc-pages" hidden=move || !open.get()>{pages}</ol>
        </li>
    }
}

#[component]
fn EntryLink(entry: TocEntry, current_path: Memo<Option<String>>) -> impl IntoView {
    let progress = expect_context::<Progress>();
    let path = entry.path.clone();
    let is_current = {
        let path = path.clone();
        move || current_path.with(|c| c.as_deref() == Some(path.as_str()))
    };
    let visited = Signal::derive(move || progress.visited(&path));
    view! {
        <a
            href=note_url(crate::BASE, &entry.path)
            aria-current=move || is_current().then_some("page")
            class:visited=visited
        >
            {entry.title}
            <span class="visually-hidden">{move || if visited.get() { " (read)" } else { "" }}</span>
        </a>
    }
}
