//! The hash-ring widget: keys placed on nodes by consistent hashing (or one of the
//! schemes it is compared with), with nodes joining and leaving one explained step at a
//! time. The algorithm is `consistent-hashing`'s [`Cluster`]; this module only draws it.
//!
//! - `ring`: the SVG (owner arcs, virtual-node ticks, keys as dots);
//! - `loads`: the per-node load chart with the mean;
//! - `inspect`: one key's hash, owner and replica set (picked by number or by a tap);
//! - `controls`: the form (membership, weights, algorithm and its settings, keys);
//! - `presets`: starting states that each make one point;
//! - `compare`: all six schemes on the same keys and changes, side by side;
//! - here: the state (a `Cluster`, the undo [`History`], the last move report), how
//!   parameters become a cluster and back (notes, presets, share links).
//!
//! Every change goes through [`Cluster::apply`]; its [`Step`](consistent_hashing::Step)
//! gives the narration sentence and the moved keys, which are marked on the ring until
//! the next change. Nothing runs between changes.

mod compare;
mod controls;
mod inspect;
mod loads;
mod presets;
mod ring;

use super::shared::{History, Narration, NarrationLog, ShareLink};
use consistent_hashing::diff::thousands;
use consistent_hashing::{
    diff, Algorithm, AlgorithmKind, Change, Cluster, ClusterSpec, Epsilon, KeySet, Membership,
    MoveReport, Node, Replication, VirtualNodes, Weight,
};
use leptos::either::Either;
use leptos::prelude::*;
use widget_params::hash_ring::HashRingParams;

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
    // `Either`, not `into_any`: see `widgets::bundle::mount`.
    match start(&params) {
        Ok(cluster) => Either::Left(view! { <Live cluster params/> }),
        Err(e) => {
            let text = format!("The hash-ring widget could not start: {e}.");
            Either::Right(view! { <p class="widget-error" role="alert">{text}</p> })
        }
    }
}

/// The widget's state and the ways to change it, shared by its parts. `Copy`.
#[derive(Clone, Copy)]
struct State {
    cluster: RwSignal<Cluster>,
    /// Earlier states as specs (a few bytes each; a cluster with 100,000 keys is a
    /// megabyte), rebuilt when stepped back to.
    history: RwSignal<History<ClusterSpec>>,
    moved: RwSignal<Option<Moved>>,
    problem: RwSignal<Option<String>>,
    narration: Narration,
    /// The settings an algorithm without a ring (or without ε) does not hold, kept for
    /// when one that has them is chosen again.
    shown: RwSignal<HashRingParams>,
    picked: RwSignal<u32>,
}

impl State {
    /// Applies one change through the crate, narrating it and marking what moved.
    fn apply(self, change: Change) {
        let before = self.cluster.with_untracked(|c| c.spec().clone());
        // In place: `Cluster::apply` leaves the cluster as it was when it refuses a change,
        // so there is no copy of 100,000 keys to make first; readers hear of it once it
        // has worked.
        // `None` only once the widget is gone.
        let Some(result) = self.cluster.try_update_untracked(|c| c.apply(change)) else {
            return;
        };
        match result {
            Ok(step) => {
                self.history.update(|h| h.push(before));
                self.moved.set(step.moves.as_ref().map(Moved::of));
                self.narration.say(step.narration);
                self.problem.set(None);
                self.cluster.notify();
            }
            Err(e) => self
                .problem
                .set(Some(format!("That change was refused: {e}."))),
        }
    }

    /// Shows `target` in place of the current cluster, narrating what moved on the way.
    fn go_to(self, target: Cluster, how: &str) {
        self.cluster
            .with_untracked(|now| match diff(now.assignment(), target.assignment()) {
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
                    self.narration.say(format!("{how} {what}"));
                    self.moved.set(Some(Moved::of(&report)));
                }
                Err(_) => {
                    self.narration.say(format!(
                        "{how} Now {} keys.",
                        thousands(u64::from(target.spec().keys.count()))
                    ));
                    self.moved.set(None);
                }
            });
        self.problem.set(None);
        self.cluster.set(target);
    }

    /// Moves to the state `params` describe (a preset or the start), so it can be
    /// stepped back from.
    fn load(self, params: &HashRingParams, how: &str) {
        match start(params) {
            Ok(target) => {
                let now = self.cluster.with_untracked(|c| c.spec().clone());
                self.history.update(|h| h.push(now));
                self.shown.set(params.clone());
                self.go_to(target, how);
            }
            Err(e) => self.problem.set(Some(e.to_string())),
        }
    }

    fn step_back(self) {
        if let Some(previous) = self.history.try_update(History::back).flatten() {
            match Cluster::new(previous) {
                Ok(previous) => self.go_to(previous, "Stepped back."),
                Err(e) => self.problem.set(Some(e.to_string())),
            }
        }
    }

    /// The parameters that rebuild the current state.
    fn params(self) -> HashRingParams {
        self.cluster.with(|c| self.shown.with(|s| params_of(c, s)))
    }
}

/// The widget once its starting cluster is built.
#[component]
fn Live(cluster: Cluster, params: HashRingParams) -> impl IntoView {
    let state = State {
        cluster: RwSignal::new(cluster),
        history: RwSignal::new(History::new(UNDO_LIMIT)),
        moved: RwSignal::new(None),
        problem: RwSignal::new(None),
        narration: Narration::new(12),
        shown: RwSignal::new(params.clone()),
        picked: RwSignal::new(0),
    };
    let cluster = state.cluster;
    let moved = state.moved;
    let drawing = move || {
        let marks = moved.with(|m| m.as_ref().map(|m| m.keys.clone()).unwrap_or_default());
        cluster.with(|c| ring::svg(c, &marks))
    };
    let loads = Memo::new(move |_| cluster.with(|c| c.loads().clone()));
    let moved_line = move || match moved.with(|m| m.as_ref().map(|m| (m.count, m.total, m.ideal))) {
        Some((count, total, ideal)) => Either::Left(view! {
            <p class="hr-moved-line">
                "Last change: "
                <strong data-testid="hash-ring-moved">{thousands(count as u64)}</strong>
                " of " {thousands(total as u64)} " keys moved; the least any balanced scheme must move is about "
                {thousands(ideal.round() as u64)} "."
                <span class="hr-moved-key" aria-hidden="true">" Moved keys have a halo."</span>
            </p>
        }),
        None => Either::Right(view! {
            <p class="hr-moved-line">"Add or remove a node to see how many keys move."</p>
        }),
    };
    let sampled = move || {
        cluster.with(|c| {
            let n = c.spec().keys.count() as usize;
            let stride = ring::dot_stride(n);
            (stride > 1).then(|| {
                format!(
                    "Showing one key in {} ({} of {}).",
                    stride,
                    thousands(n.div_ceil(stride) as u64),
                    thousands(n as u64)
                )
            })
        })
    };
    let vnodes = Signal::derive(move || state.params().vnodes);
    let epsilon = Signal::derive(move || state.params().epsilon);
    view! {
        <section class="widget hr" data-testid="hash-ring-widget" aria-label="Hash ring">
            <controls::PresetBar state/>
            <div class="hr-main">
                <div class="hr-ring-col">
                    <div
                        class="hr-ring"
                        on:click=move |ev| inspect::pick_at(state, &ev)
                        on:pointermove=move |ev| {
                            if ev.pointer_type() == "mouse" {
                                inspect::pick_at(state, &ev);
                            }
                        }
                    >
                        <div class="hr-ring-drawing" inner_html=drawing></div>
                        <div
                            class="hr-ring-overlay"
                            inner_html=move || {
                                cluster.with(|c| ring::picked_svg(c, state.picked.get()))
                            }
                        ></div>
                    </div>
                    <p class="hr-sampled">{sampled}</p>
                </div>
                <div class="hr-side">
                    <controls::Controls state/>
                    <inspect::KeyInfo state/>
                    {moved_line}
                    {move || state.problem.get().map(|p| view! { <p class="widget-error" role="alert">{p}</p> })}
                </div>
            </div>
            <LoadChart loads=loads.into()/>
            <compare::Comparison cluster vnodes epsilon/>
            <NarrationLog narration=state.narration label="What changed" testid="hash-ring-log"/>
            <ShareLink
                params=Signal::derive(move || state.params())
                testid="hash-ring-share"
            />
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
