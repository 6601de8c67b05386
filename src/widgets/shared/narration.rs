//! The narration log: one sentence per change, announced to screen readers.

use leptos::prelude::*;

/// The sentences a widget has said, newest first, at most `limit` of them.
#[derive(Clone, Copy)]
pub(crate) struct Narration {
    lines: RwSignal<Vec<(u64, String)>>,
    next: RwSignal<u64>,
    limit: usize,
}

impl Narration {
    /// An empty log keeping the newest `limit` sentences.
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            lines: RwSignal::new(Vec::new()),
            next: RwSignal::new(0),
            limit: limit.max(1),
        }
    }

    /// Adds a sentence.
    pub(crate) fn say(&self, text: impl Into<String>) {
        let id = self.next.get_untracked();
        self.next.set(id + 1);
        let limit = self.limit;
        let text = text.into();
        self.lines.update(|lines| {
            lines.insert(0, (id, text));
            lines.truncate(limit);
        });
    }
}

/// The log as a list, newest first. `label` names it for assistive technology (e.g.
/// "What changed"); `testid` is its `data-testid`.
#[component]
pub(crate) fn NarrationLog(
    narration: Narration,
    label: &'static str,
    testid: &'static str,
) -> impl IntoView {
    // The lines scroll when they overflow; `tabindex` lets a keyboard scroll them too.
    view! {
        <div class="widget-log">
            <h3 class="widget-log-title">{label}</h3>
            <div class="widget-log-lines" role="log" aria-live="polite" aria-label=label data-testid=testid tabindex="0">
                <ol>
                    <For
                        each=move || narration.lines.get()
                        key=|(id, _)| *id
                        children=|(_, text)| view! { <li>{text}</li> }
                    />
                </ol>
            </div>
        </div>
    }
}
