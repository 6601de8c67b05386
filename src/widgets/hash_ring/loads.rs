//! The load chart: one bar per node (keys it owns, in its colour), with a line at the
//! mean, and the spread in words.

use super::ring::colour_slots;
use consistent_hashing::diff::thousands;
use consistent_hashing::LoadStats;
use leptos::prelude::*;

/// Bars for `loads`, scaled to the largest load (or the mean, if larger).
#[component]
pub(super) fn LoadChart(loads: Signal<LoadStats>) -> impl IntoView {
    let rows = move || {
        loads.with(|l| {
            let names: Vec<&str> = l.nodes.iter().map(|n| n.name.as_str()).collect();
            let slots = colour_slots(&names);
            let scale = f64::from(l.max).max(l.mean).max(1.0) * 1.05;
            let mean = l.mean / scale * 100.0;
            l.nodes
                .iter()
                .zip(slots)
                .map(|(n, slot)| {
                    let width = f64::from(n.keys) / scale * 100.0;
                    view! {
                        <li class="hr-load">
                            <span class="hr-load-name">{n.name.clone()}</span>
                            <span class="hr-load-track" aria-hidden="true">
                                <span
                                    class=format!("hr-load-bar hr-n{slot}")
                                    style=format!("width:{width:.1}%")
                                ></span>
                                <span class="hr-load-mean" style=format!("left:{mean:.1}%")></span>
                            </span>
                            <span class="hr-load-count">{thousands(u64::from(n.keys))}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let caption = move || {
        loads.with(|l| {
            format!(
                "Keys per node: mean {:.0}, busiest {} ({:.2}× the mean), standard deviation {:.1}",
                l.mean,
                thousands(u64::from(l.max)),
                if l.mean > 0.0 {
                    f64::from(l.max) / l.mean
                } else {
                    0.0
                },
                l.std_dev
            )
        })
    };
    view! {
        <figure class="hr-loads">
            <figcaption>{caption}</figcaption>
            <ul class="hr-load-list" data-testid="hash-ring-loads">{rows}</ul>
        </figure>
    }
}
