//! The test-only counter widget (see `widget_params::counter`): proves the mounting path
//! from a note's widget block to a live component.

use leptos::prelude::*;
use widget_params::counter::CounterParams;

/// A button that counts.
#[component]
pub(crate) fn Counter(params: CounterParams) -> impl IntoView {
    let count = RwSignal::new(params.start);
    view! {
        <div class="widget widget-counter" data-testid="counter-widget">
            <button class="button" on:click=move |_| count.update(|c| *c += params.step)>
                "Count: " {move || count.get()}
            </button>
        </div>
    }
}
