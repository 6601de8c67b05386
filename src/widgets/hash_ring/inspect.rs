//! Inspecting one key: its hash, owner and replica set, picked by number or by tapping
//! the ring (the key nearest the tapped angle).

use super::State;
use consistent_hashing::Cluster;
use leptos::prelude::*;

/// The sentence about key `index` of `cluster`.
pub(super) fn describe(cluster: &Cluster, index: u32) -> String {
    let Some(info) = cluster.key_info(index.min(cluster.spec().keys.count().saturating_sub(1)))
    else {
        return String::new();
    };
    let name = |i: u32| {
        cluster
            .spec()
            .membership
            .node(i as usize)
            .map_or("?", |n| n.name.as_str())
            .to_string()
    };
    let replicas: Vec<String> = info.replicas.iter().map(|&i| name(i)).collect();
    let mut line = format!(
        "Key {} hashes to {:#018x}; owner {}; kept on {}",
        info.index,
        info.hash,
        name(info.owner),
        replicas.join(", ")
    );
    if info.preferred != info.owner {
        line.push_str(&format!(
            " (its first choice, {}, was full)",
            name(info.preferred)
        ));
    }
    line.push('.');
    line
}

/// The key whose ring position is nearest `position` (angular distance, either way).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(super) fn nearest_key(cluster: &Cluster, position: u64) -> Option<u32> {
    cluster
        .assignment()
        .keys
        .iter()
        .enumerate()
        .min_by_key(|(_, &hash)| {
            let d = hash.wrapping_sub(position);
            d.min(d.wrapping_neg())
        })
        .map(|(i, _)| i as u32)
}

/// The ring position at angle `radians` clockwise from the top.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(super) fn position_at(radians: f64) -> u64 {
    let turn = radians.rem_euclid(std::f64::consts::TAU) / std::f64::consts::TAU;
    (turn * 18_446_744_073_709_551_616.0) as u64
}

/// Picks the key nearest a click or tap on the ring.
pub(super) fn pick_at(state: State, ev: &leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let r = el.get_bounding_client_rect();
        let dx = f64::from(ev.client_x()) - (r.left() + r.width() / 2.0);
        let dy = f64::from(ev.client_y()) - (r.top() + r.height() / 2.0);
        // Clockwise from the top: atan2 of (x, -y).
        let position = position_at(dx.atan2(-dy));
        if let Some(i) = state.cluster.with_untracked(|c| nearest_key(c, position)) {
            state.picked.set(i);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, ev);
}

/// The key picker and what it says about the key.
#[component]
pub(super) fn KeyInfo(state: State) -> impl IntoView {
    let cluster = state.cluster;
    let picked = state.picked;
    let count = move || cluster.with(|c| c.spec().keys.count());
    let on_pick = move |ev| {
        if let Ok(i) = event_target_value(&ev).trim().parse::<u32>() {
            picked.set(i.min(count().saturating_sub(1)));
        }
    };
    view! {
        <div class="hr-row hr-inspect">
            <label class="hr-field">
                <span>"Inspect key number (or tap the ring)"</span>
                <input
                    type="number"
                    data-testid="hash-ring-pick"
                    min="0"
                    max=move || count().saturating_sub(1).to_string()
                    prop:value=move || picked.get().to_string()
                    on:change=on_pick
                />
            </label>
            <p class="hr-key-info" data-testid="hash-ring-key" aria-live="polite">
                {move || cluster.with(|c| describe(c, picked.get()))}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use widget_params::hash_ring::HashRingParams;

    #[test]
    fn a_tap_finds_the_key_at_that_angle() {
        let cluster = super::super::start(&HashRingParams::default()).unwrap();
        for i in [0u32, 17, 500, 999] {
            let hash = cluster.assignment().keys[i as usize];
            let angle = hash as f64 / 18_446_744_073_709_551_616.0 * std::f64::consts::TAU;
            let found = nearest_key(&cluster, position_at(angle)).unwrap();
            assert_eq!(cluster.assignment().keys[found as usize], hash);
        }
        assert_eq!(position_at(0.0), 0);
        assert_eq!(position_at(std::f64::consts::PI), 1 << 63);
    }

    #[test]
    fn the_description_names_owner_and_replicas() {
        let params = HashRingParams {
            replication: 2,
            ..HashRingParams::default()
        };
        let cluster = super::super::start(&params).unwrap();
        let line = describe(&cluster, 3);
        assert!(line.starts_with("Key 3 hashes to 0x"), "{line}");
        assert!(line.contains("; kept on ") && line.contains(", "), "{line}");
    }
}
