//! Messages to the reader that are not part of a page: saved progress that could not be
//! read, and similar things the reader should know about but that must not stop them.

use leptos::prelude::*;

/// The notices shown above the page, shared through context.
#[derive(Clone, Copy)]
pub(crate) struct NoticeBoard(RwSignal<Vec<String>>);

impl NoticeBoard {
    /// An empty board.
    pub(crate) fn new() -> Self {
        Self(RwSignal::new(Vec::new()))
    }

    /// Shows `message` until the reader dismisses it.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(crate) fn post(&self, message: impl Into<String>) {
        let message = message.into();
        self.0.update(|m| {
            if !m.contains(&message) {
                m.push(message);
            }
        });
    }
}

/// The notices, each with a button to dismiss it.
#[component]
pub(crate) fn Notices() -> impl IntoView {
    let board = expect_context::<NoticeBoard>().0;
    view! {
        <div class="notices" role="status" aria-live="polite">
            <For
                each=move || board.get().into_iter().enumerate()
                key=|(_, m)| m.clone()
                children=move |(_, message)| {
                    let text = message.clone();
                    view! {
                        <p class="notice">
                            <span>{text}</span>
                            <button class="notice-dismiss" on:click=move |_| board.update(|m| m.retain(|x| x != &message))>
                                "Dismiss"
                            </button>
                        </p>
                    }
                }
            />
        </div>
    }
}
