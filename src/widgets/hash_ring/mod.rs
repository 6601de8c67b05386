//! The hash-ring widget: keys placed on nodes by consistent hashing (or one of the
//! schemes it is compared with), with nodes joining and leaving one explained step at a
//! time. The algorithm is `consistent-hashing`'s [`Cluster`]; this module only draws it.
//!
//! - `ring`: the SVG (owner arcs, virtual-node ticks, keys as dots);
//! - `loads`: the per-node load chart with the mean;
//! - here: the state (a `Cluster`, the undo [`History`], the last move report) and the
//!   controls.
//!
//! Every change goes through [`Cluster::apply`]; its [`Step`](consistent_hashing::Step)
//! gives the narration sentence and the moved keys, which are marked on the ring until
//! the next change. Nothing runs between changes.

mod loads;
mod ring;

use super::shared::{History, Narration, NarrationLog, ShareLink};
use consistent_hashing::diff::thousands;
use consistent_hashing::{
    diff, Algorithm, AlgorithmKind, Change, Cluster, ClusterSpec, Epsilon, KeySet, Membership,
    MoveReport, Node, Replication, VirtualNodes, Weight,
};
use leptos::prelude::*;
use widget_params::hash_ring::{HashRingParams, KEYS, MAX_NODES, VNODES};
use widget_params::WidgetConfig;

/// How many changes can be stepped back.
const UNDO_LIMIT: usize = 50;

/// What the last change moved.
#[derive(Clone, Debug, PartialEq)]
struct Moved {
    count: usize,
    total: usize,
    ideal: f64,
    /// `keys[i]`: whether key `i` moved.
    keys: Vec<bool>,
}

impl Moved {
    fn of(report: &MoveReport) -> Self {
        let mut keys = vec![false; report.total];
        for m in &report.moves {
            if let Some(k) = keys.get_mut(m.index as usize) {
                *k = true;
            }
        }
        Moved {
            count: report.moved(),
            total: report.total,
            ideal: report.ideal,
            keys,
        }
    }
}

/// The algorithm of `kind` with `vnodes` virtual nodes and slack `epsilon` (in
/// thousandths) where it has them.
fn algorithm(
    kind: AlgorithmKind,
    vnodes: u32,
    epsilon: u32,
) -> Result<Algorithm, consistent_hashing::Error> {
    Ok(match kind {
        AlgorithmKind::Ring => Algorithm::Ring {
            vnodes: VirtualNodes::new(vnodes)?,
        },
        AlgorithmKind::BoundedLoads => Algorithm::BoundedLoads {
            vnodes: VirtualNodes::new(vnodes)?,
            epsilon: Epsilon::from_permille(epsilon)?,
        },
        other => Algorithm::default_for(other),
    })
}

/// The virtual nodes per node of `algorithm`, if it has a ring.
fn vnodes_of(algorithm: &Algorithm) -> Option<u32> {
    match algorithm {
        Algorithm::Ring { vnodes } | Algorithm::BoundedLoads { vnodes, .. } => Some(vnodes.get()),
        _ => None,
    }
}

/// Bounded loads' ε in thousandths, if `algorithm` is bounded loads.
fn epsilon_of(algorithm: &Algorithm) -> Option<u32> {
    match algorithm {
        Algorithm::BoundedLoads { epsilon, .. } => Some(epsilon.permille()),
        _ => None,
    }
}

/// The cluster a set of parameters describes (a note's starting state, a preset, or a
/// share link's).
fn start(params: &HashRingParams) -> Result<Cluster, consistent_hashing::Error> {
    let kind = AlgorithmKind::from_slug(&params.algorithm).unwrap_or(AlgorithmKind::Ring);
    let nodes = params
        .nodes
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let weight = params.weights.get(i).copied().unwrap_or(1);
            Ok(Node::weighted(name.clone(), Weight::new(weight)?))
        })
        .collect::<Result<Vec<_>, consistent_hashing::Error>>()?;
    Cluster::new(ClusterSpec {
        algorithm: algorithm(kind, params.vnodes, params.epsilon)?,
        membership: Membership::new(nodes)?,
        keys: KeySet::new(params.seed, params.keys, params.hot)?,
        replication: Replication::new(params.replication)?,
    })
}

/// The parameters that rebuild `cluster` exactly (its share link). `shown` carries the
/// slider values an algorithm without a ring or ε does not hold.
fn params_of(cluster: &Cluster, shown: &HashRingParams) -> HashRingParams {
    let spec = cluster.spec();
    let nodes = spec.membership.nodes();
    let weights: Vec<u32> = nodes.iter().map(|n| n.weight.get()).collect();
    HashRingParams {
        algorithm: spec.algorithm.kind().slug().to_string(),
        nodes: nodes.iter().map(|n| n.name.clone()).collect(),
        weights: if weights.iter().all(|&w| w == 1) {
            Vec::new()
        } else {
            weights
        },
        vnodes: vnodes_of(&spec.algorithm).unwrap_or(shown.vnodes),
        keys: spec.keys.count(),
        hot: spec.keys.hot_percent(),
        epsilon: epsilon_of(&spec.algorithm).unwrap_or(shown.epsilon),
        replication: spec.replication.get(),
        seed: spec.keys.seed(),
    }
}

/// The widget.
#[component]
pub(crate) fn HashRing(params: HashRingParams) -> impl IntoView {
    match start(&params) {
        Ok(cluster) => view! { <Live cluster params/> }.into_any(),
        Err(e) => {
            let text = format!("The hash-ring widget could not start: {e}.");
            view! { <p class="widget-error" role="alert">{text}</p> }.into_any()
        }
    }
}

/// The widget once its starting cluster is built.
#[component]
fn Live(cluster: Cluster, params: HashRingParams) -> impl IntoView {
    let cluster = RwSignal::new(cluster);
    let history = RwSignal::new(History::<Cluster>::new(UNDO_LIMIT));
    let moved = RwSignal::new(None::<Moved>);
    let problem = RwSignal::new(None::<String>);
    let narration = Narration::new(12);
    // The sliders' values an algorithm without a ring (or without ε) does not hold.
    let shown = RwSignal::new(params.clone());
    let to_remove = RwSignal::new(None::<String>);
    let picked = RwSignal::new(0u32);

    let apply = move |change: Change| {
        let before = cluster.get_untracked();
        let mut next = before.clone();
        match next.apply(change) {
            Ok(step) => {
                history.update(|h| h.push(before));
                moved.set(step.moves.as_ref().map(Moved::of));
                narration.say(step.narration);
                problem.set(None);
                cluster.set(next);
            }
            Err(e) => problem.set(Some(format!("That change was refused: {e}."))),
        }
    };
    // Shows `target` in place of the current cluster, narrating what moved on the way.
    let go_to = move |target: Cluster, how: &str| {
        cluster.with_untracked(|now| match diff(now.assignment(), target.assignment()) {
            Ok(report) => {
                let what = if report.added.is_empty() && report.removed.is_empty() {
                    format!(
                        "{}: {} of {} keys moved (ideal {}).",
                        target.spec().algorithm.kind().label(),
                        thousands(report.moved() as u64),
                        thousands(report.total as u64),
                        thousands(report.ideal.round() as u64)
                    )
                } else {
                    report.summary()
                };
                narration.say(format!("{how} {what}"));
                moved.set(Some(Moved::of(&report)));
            }
            Err(_) => {
                narration.say(format!(
                    "{how} Back to {} keys.",
                    thousands(u64::from(target.spec().keys.count()))
                ));
                moved.set(None);
            }
        });
        problem.set(None);
        cluster.set(target);
    };
    let step_back = move || {
        if let Some(previous) = history.try_update(History::back).flatten() {
            go_to(previous, "Stepped back.");
        }
    };
    let initial = StoredValue::new(cluster.get_untracked());
    let reset = move || {
        let now = cluster.get_untracked();
        let first = initial.get_value();
        if now.spec() != first.spec() {
            history.update(|h| h.push(now));
            go_to(first, "Reset to the start.");
        }
    };

    let node_names = move || {
        cluster.with(|c| {
            c.spec()
                .membership
                .nodes()
                .iter()
                .map(|n| n.name.clone())
                .collect::<Vec<_>>()
        })
    };
    let node_count = move || cluster.with(|c| c.spec().membership.len());
    let next_name = move || cluster.with(|c| c.spec().membership.next_free_name());
    // The node "Remove" acts on: the chosen one while it is still a member, else the last.
    let removal = move || {
        let names = node_names();
        to_remove
            .get()
            .filter(|n| names.contains(n))
            .or_else(|| names.last().cloned())
            .unwrap_or_default()
    };
    let kind = move || cluster.with(|c| c.spec().algorithm.kind());
    let full = move || node_count() >= MAX_NODES;
    let alone = move || node_count() <= 1;
    let has_ring = move || cluster.with(|c| vnodes_of(&c.spec().algorithm).is_some());
    let vnodes_now = move || {
        cluster
            .with(|c| vnodes_of(&c.spec().algorithm))
            .unwrap_or_else(|| shown.with(|p| p.vnodes))
    };
    let key_count = move || cluster.with(|c| c.spec().keys.count());

    let add = move |_| {
        if full() {
            return;
        }
        apply(Change::AddNode {
            name: next_name(),
            weight: Weight::ONE,
        });
    };
    let remove = move |_| {
        if alone() {
            return;
        }
        apply(Change::RemoveNode { name: removal() });
    };
    let on_algorithm = move |ev| {
        let Some(kind) = AlgorithmKind::from_slug(&event_target_value(&ev)) else {
            return;
        };
        match algorithm(kind, vnodes_now(), shown.get_untracked().epsilon) {
            Ok(algorithm) => apply(Change::SetAlgorithm { algorithm }),
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    let on_vnodes = move |ev| {
        let Ok(n) = event_target_value(&ev).parse::<u32>() else {
            return;
        };
        let n = n.clamp(*VNODES.start(), *VNODES.end());
        shown.update(|p| p.vnodes = n);
        if has_ring() {
            match algorithm(kind(), n, shown.get_untracked().epsilon) {
                Ok(algorithm) => apply(Change::SetAlgorithm { algorithm }),
                Err(e) => problem.set(Some(e.to_string())),
            }
        }
    };
    let on_keys = move |ev| {
        let Ok(n) = event_target_value(&ev).parse::<u32>() else {
            return;
        };
        let n = n.clamp(*KEYS.start(), *KEYS.end());
        let seed = cluster.with_untracked(|c| c.spec().keys.seed());
        match KeySet::uniform(seed, n) {
            Ok(keys) => apply(Change::SetKeys { keys }),
            Err(e) => problem.set(Some(e.to_string())),
        }
    };

    let drawing = move || {
        let marks = moved.with(|m| m.as_ref().map(|m| m.keys.clone()).unwrap_or_default());
        cluster.with(|c| ring::svg(c, &marks, picked.get()))
    };
    let on_pick = move |ev| {
        if let Ok(i) = event_target_value(&ev).trim().parse::<u32>() {
            picked.set(i.min(key_count().saturating_sub(1)));
        }
    };
    let key_line = move || {
        cluster.with(|c| {
            let Some(info) = c.key_info(picked.get().min(c.spec().keys.count().saturating_sub(1)))
            else {
                return String::new();
            };
            let name = |i: u32| {
                c.spec()
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
        })
    };
    let loads = Signal::derive(move || cluster.with(Cluster::loads));
    let moved_line = move || {
        match moved.get() {
        Some(m) => view! {
            <p class="hr-moved-line">
                "Last change: "
                <strong data-testid="hash-ring-moved">{thousands(m.count as u64)}</strong>
                " of " {thousands(m.total as u64)} " keys moved; the least any balanced scheme must move is about "
                {thousands(m.ideal.round() as u64)} "."
                <span class="hr-moved-key" aria-hidden="true">" Moved keys are ringed."</span>
            </p>
        }
        .into_any(),
        None => view! {
            <p class="hr-moved-line">"Add or remove a node to see how many keys move."</p>
        }
        .into_any(),
    }
    };

    view! {
        <section class="widget hr" data-testid="hash-ring-widget" aria-label="Hash ring">
            <div class="hr-main">
                <div class="hr-ring" inner_html=drawing></div>
                <div class="hr-side">
                    <div class="hr-controls">
                        <div class="hr-row">
                            <button
                                class="button"
                                data-testid="hash-ring-add"
                                on:click=add
                                disabled=full
                            >
                                "Add node " {next_name}
                            </button>
                            <button
                                class="button button-quiet"
                                data-testid="hash-ring-undo"
                                on:click=move |_| step_back()
                                disabled=move || !history.with(History::can_go_back)
                            >
                                "Step back"
                            </button>
                            <button
                                class="button button-quiet"
                                data-testid="hash-ring-reset"
                                on:click=move |_| reset()
                            >
                                "Reset"
                            </button>
                        </div>
                        <div class="hr-row">
                            <label class="hr-field">
                                <span>"Node to remove"</span>
                                <select
                                    data-testid="hash-ring-remove-choice"
                                    prop:value=removal
                                    on:change=move |ev| to_remove.set(Some(event_target_value(&ev)))
                                >
                                    {move || {
                                        node_names()
                                            .into_iter()
                                            .map(|n| {
                                                let selected = n == removal();
                                                view! { <option value=n.clone() selected=selected>{n.clone()}</option> }
                                            })
                                            .collect_view()
                                    }}
                                </select>
                            </label>
                            <button
                                class="button button-quiet"
                                data-testid="hash-ring-remove"
                                on:click=remove
                                disabled=alone
                            >
                                "Remove " {removal}
                            </button>
                        </div>
                        <label class="hr-field">
                            <span>"Algorithm"</span>
                            <select
                                data-testid="hash-ring-algorithm"
                                prop:value=move || kind().slug()
                                on:change=on_algorithm
                            >
                                {AlgorithmKind::ALL
                                    .into_iter()
                                    .map(|k| {
                                        view! {
                                            <option value=k.slug() selected=move || kind() == k>
                                                {k.label()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                        <label class="hr-field">
                            <span>
                                "Virtual nodes per node: " <output>{vnodes_now}</output>
                                {move || (!has_ring()).then_some(" (only the ring algorithms use them)")}
                            </span>
                            <input
                                type="range"
                                data-testid="hash-ring-vnodes"
                                min=*VNODES.start()
                                max=*VNODES.end()
                                prop:value=move || vnodes_now().to_string()
                                disabled=move || !has_ring()
                                on:change=on_vnodes
                            />
                        </label>
                        <label class="hr-field">
                            <span>"Keys: " <output>{move || thousands(u64::from(key_count()))}</output></span>
                            <input
                                type="range"
                                data-testid="hash-ring-keys"
                                min=*KEYS.start()
                                max=*KEYS.end()
                                step="50"
                                prop:value=move || key_count().to_string()
                                on:change=on_keys
                            />
                        </label>
                    </div>
                    <div class="hr-row hr-inspect">
                        <label class="hr-field">
                            <span>"Inspect key number (drawn larger)"</span>
                            <input
                                type="number"
                                data-testid="hash-ring-pick"
                                min="0"
                                max=move || key_count().saturating_sub(1).to_string()
                                prop:value=move || picked.get().to_string()
                                on:change=on_pick
                            />
                        </label>
                        <p class="hr-key-info" data-testid="hash-ring-key">{key_line}</p>
                    </div>
                    {moved_line}
                    {move || problem.get().map(|p| view! { <p class="widget-error" role="alert">{p}</p> })}
                </div>
            </div>
            <LoadChart loads/>
            <ShareLink
                config=Signal::derive(move || {
                    WidgetConfig::HashRing(cluster.with(|c| shown.with(|s| params_of(c, s))))
                })
                testid="hash-ring-share"
            />
            <NarrationLog narration label="What changed" testid="hash-ring-log"/>
        </section>
    }
}

use loads::LoadChart;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_parameters_start_a_cluster_and_a_join_moves_keys_onto_the_new_node() {
        let mut cluster = start(&HashRingParams::default()).unwrap();
        let step = cluster
            .apply(Change::AddNode {
                name: "D".into(),
                weight: Weight::ONE,
            })
            .unwrap();
        let moved = Moved::of(step.moves.as_ref().unwrap());
        assert!(moved.count > 0 && moved.count < 1_000, "{moved:?}");
        assert_eq!(moved.keys.iter().filter(|&&m| m).count(), moved.count);
        assert!(
            step.narration.starts_with("Node D joined: "),
            "{}",
            step.narration
        );
    }

    #[test]
    fn every_algorithm_starts_from_its_slug() {
        for slug in widget_params::hash_ring::ALGORITHMS {
            let params = HashRingParams {
                algorithm: slug.into(),
                ..HashRingParams::default()
            };
            let cluster = start(&params).unwrap();
            assert_eq!(cluster.spec().algorithm.kind().slug(), slug);
        }
    }
}
