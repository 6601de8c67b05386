//! The comparison view: all six schemes on the same keys and the same membership
//! changes (a node joins; the last node leaves), side by side: keys moved against the
//! ideal, the busiest node after, and how long placing every key took here.

use consistent_hashing::compare::{compare, Comparison};
use consistent_hashing::diff::thousands;
use consistent_hashing::{Algorithm, AlgorithmKind, Cluster, Node};
use leptos::either::Either;
use leptos::prelude::*;

/// One scheme's row.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Row {
    kind: AlgorithmKind,
    joined: Comparison,
    left: Option<Comparison>,
    /// Nanoseconds per key to place every key, measured in this browser (0 natively).
    place_ns: f64,
}

/// The algorithms compared, with the widget's virtual nodes and ε for the ring-based ones.
fn algorithms(vnodes: u32, epsilon: u32) -> Vec<Algorithm> {
    AlgorithmKind::ALL
        .into_iter()
        .map(|kind| {
            super::algorithm(kind, vnodes, epsilon).unwrap_or_else(|_| Algorithm::default_for(kind))
        })
        .collect()
}

/// Runs the comparison on `cluster`'s keys and membership.
pub(super) fn run(cluster: &Cluster, vnodes: u32, epsilon: u32) -> Result<Vec<Row>, String> {
    let spec = cluster.spec();
    let keys = spec.keys.keys();
    let before = &spec.membership;
    let joined = before
        .with_added(Node::new(before.next_free_name()))
        .map_err(|e| e.to_string())?;
    let left = before
        .nodes()
        .last()
        .filter(|_| before.len() > 1)
        .map(|n| before.without(&n.name))
        .transpose()
        .map_err(|e| e.to_string())?;
    let algorithms = algorithms(vnodes, epsilon);
    let joins = compare(&algorithms, before, &joined, &keys).map_err(|e| e.to_string())?;
    let leaves = match &left {
        Some(left) => compare(&algorithms, before, left, &keys)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(Some)
            .collect(),
        None => vec![None; joins.len()],
    };
    Ok(algorithms
        .iter()
        .zip(joins.into_iter().zip(leaves))
        .map(|(algorithm, (joined, left))| Row {
            kind: algorithm.kind(),
            joined,
            left,
            place_ns: time_placement(algorithm, before, &keys),
        })
        .collect())
}

/// Nanoseconds per key to place `keys` on `membership` (measured in the browser only).
fn time_placement(
    algorithm: &Algorithm,
    membership: &consistent_hashing::Membership,
    keys: &[u64],
) -> f64 {
    #[cfg(feature = "hydrate")]
    {
        use consistent_hashing::Placement;
        let Ok(placer) = algorithm.build(membership.clone()) else {
            return 0.0;
        };
        // The page's clock is coarse (often 0.1 ms), so repeat until enough time has
        // passed to measure.
        let start = crate::browser::now_ms();
        let mut rounds = 0u32;
        let mut elapsed = 0.0;
        while elapsed < 8.0 && rounds < 1_000 {
            std::hint::black_box(placer.assign(keys));
            rounds += 1;
            elapsed = crate::browser::now_ms() - start;
        }
        elapsed * 1e6 / (f64::from(rounds) * keys.len().max(1) as f64)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (algorithm, membership, keys);
        0.0
    }
}

fn moved_cell(c: &Comparison) -> String {
    let share = c.moved as f64
        / c.before
            .nodes
            .iter()
            .map(|n| f64::from(n.keys))
            .sum::<f64>()
            .max(1.0);
    format!(
        "{} ({:.0}%; ideal {})",
        thousands(c.moved as u64),
        share * 100.0,
        thousands(c.ideal.round() as u64)
    )
}

fn busiest(c: &Comparison) -> String {
    if c.after.mean > 0.0 {
        format!("{:.2}×", f64::from(c.after.max) / c.after.mean)
    } else {
        "–".into()
    }
}

/// The table, filled in when the reader asks (placing every key six times over is
/// too much work to redo on every change).
#[component]
pub(super) fn Comparison(
    cluster: RwSignal<Cluster>,
    vnodes: Signal<u32>,
    epsilon: Signal<u32>,
) -> impl IntoView {
    let rows = RwSignal::new(None::<Result<Vec<Row>, String>>);
    // A comparison describes the cluster it was run on; any change makes it stale.
    Effect::new(move |_| {
        cluster.track();
        rows.set(None);
    });
    let run_now = move |_| {
        let result =
            cluster.with_untracked(|c| run(c, vnodes.get_untracked(), epsilon.get_untracked()));
        rows.set(Some(result));
    };
    let table = move || match rows.get() {
        None => None,
        Some(Err(e)) => Some(Either::Left(
            view! { <p class="widget-error" role="alert">{e}</p> },
        )),
        Some(Ok(rows)) => {
            let (join_name, leave_name) = cluster.with_untracked(|c| {
                let m = &c.spec().membership;
                (
                    m.next_free_name(),
                    m.nodes().last().map(|n| n.name.clone()).unwrap_or_default(),
                )
            });
            Some(Either::Right(view! {
                <div class="hr-compare-wrap" tabindex="0">
                <table class="hr-compare" data-testid="hash-ring-compare-table">
                    <caption>{format!("The same keys under each scheme: {join_name} joins, or {leave_name} leaves.")}</caption>
                    <thead><tr>
                        <th scope="col">"Scheme"</th>
                        <th scope="col">{format!("Keys moved when {join_name} joins")}</th>
                        <th scope="col">{format!("Keys moved when {leave_name} leaves")}</th>
                        <th scope="col">"Busiest node after the join"</th>
                        <th scope="col">"Placing a key here"</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr data-scheme=r.kind.slug()>
                                <th scope="row">{r.kind.label()}</th>
                                <td>{moved_cell(&r.joined)}</td>
                                <td>{r.left.as_ref().map_or("–".to_string(), moved_cell)}</td>
                                <td>{busiest(&r.joined)}</td>
                                <td>{if r.place_ns > 0.0 { format!("{:.0} ns", r.place_ns) } else { "–".into() }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }))
        }
    };
    view! {
        <section class="hr-compare-section" aria-label="Compare the schemes">
            <div class="widget-row">
                <button class="button button-quiet" type="button" data-testid="hash-ring-compare" on:click=run_now>
                    "Compare all six schemes on these keys"
                </button>
            </div>
            {table}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use widget_params::hash_ring::HashRingParams;

    #[test]
    fn the_comparison_covers_every_scheme_and_mod_n_moves_most() {
        let cluster = super::super::start(&HashRingParams {
            nodes: ["A", "B", "C", "D"].iter().map(|s| s.to_string()).collect(),
            keys: 2_000,
            ..HashRingParams::default()
        })
        .unwrap();
        let rows = run(&cluster, 100, 250).unwrap();
        assert_eq!(rows.len(), AlgorithmKind::ALL.len());
        let moved = |k: AlgorithmKind| rows.iter().find(|r| r.kind == k).unwrap().joined.moved;
        assert!(moved(AlgorithmKind::Modulo) > 1_400);
        for k in [
            AlgorithmKind::Ring,
            AlgorithmKind::Rendezvous,
            AlgorithmKind::Jump,
        ] {
            assert!(moved(k) < 700, "{k:?} moved {}", moved(k));
        }
        assert!(rows.iter().all(|r| r.left.is_some()));
    }
}
