//! Load statistics of an assignment, next to what theory expects.
//!
//! A node of weight `w` out of a total `W` should receive `K·w/W` of `K` keys: its
//! *expected* load. The statistics below measure how far the actual counts stray from
//! it; [`Theory`] says how far they should stray for the algorithm used.
//!
//! The models behind [`Theory`] (all approximations, good when keys and points are many):
//!
//! - **Independent placement** (rendezvous, jump, Maglev, `mod n`): each key lands on
//!   node `i` with probability `pᵢ = wᵢ/W` independently, so a node's count is binomial,
//!   `σᵢ² = K·pᵢ(1 − pᵢ)` ("balls into bins"; Raab and Steger, RANDOM 1998). Maglev's
//!   table shares differ from `pᵢ` by at most one entry in `M`, which adds nothing visible.
//! - **Ring** with `P` points: a node with `c` points owns a share made of `c` arcs, each
//!   about exponential with mean `1/P`, so its share varies by `√c/P` on top of the
//!   binomial spread: `σᵢ² = K·pᵢ(1 − pᵢ) + K²·c/P²`. Hence the `1/√v` rule for `v`
//!   virtual nodes.
//! - **Bounded loads**: no node exceeds its cap `⌈(1 + ε)·K·w/W⌉` (a hard guarantee).
//!
//! The expected largest load is estimated as `maxᵢ(Kpᵢ + σᵢ·√(2 ln n))`, the Gaussian
//! extreme-value estimate for `n` nodes.

use crate::node::Membership;
use crate::placement::Assignment;
use serde::{Deserialize, Serialize};

/// What theory expects of a placement's spread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Theory {
    /// The typical deviation of a node's load from its expected load (root mean square
    /// over nodes), when theory gives one.
    pub std_dev: Option<f64>,
    /// The expected largest load, when theory gives one.
    pub max: Option<f64>,
    /// A hard cap no node exceeds (bounded loads).
    pub cap: Option<u32>,
    /// The model, in a sentence.
    pub model: String,
}

impl Theory {
    /// Independent placement: each key on node `i` with probability `wᵢ/W`.
    pub fn independent(membership: &Membership, keys: usize) -> Self {
        let (std_dev, max) = spread(membership, keys, |_, _| 0.0);
        Theory {
            std_dev: Some(std_dev),
            max: Some(max),
            cap: None,
            model:
                "each key independently on a node with probability weight/total: σ = √(K·p(1 − p))"
                    .into(),
        }
    }

    /// A ring of `points` points (each node holding `weight × vnodes`).
    pub fn ring(membership: &Membership, points: usize, keys: usize) -> Self {
        let total_weight = membership.total_weight().max(1) as f64;
        let k = keys as f64;
        let p = points.max(1) as f64;
        let (std_dev, max) = spread(membership, keys, |weight, _| {
            let c = p * weight / total_weight;
            k * k * c / (p * p)
        });
        Theory {
            std_dev: Some(std_dev),
            max: Some(max),
            cap: None,
            model:
                "arcs ≈ exponential: σ² = K·p(1 − p) + K²·c/P² for c of P points (≈ 1/√v relative)"
                    .into(),
        }
    }

    /// Bounded loads with per-node caps.
    pub fn capped(cap: u32) -> Self {
        Theory {
            std_dev: None,
            max: Some(f64::from(cap)),
            cap: Some(cap),
            model: "no node holds more than ⌈(1 + ε)·K·w/W⌉ keys".into(),
        }
    }
}

/// RMS standard deviation and expected maximum, with `extra(weight, p)` added to each
/// node's binomial variance.
fn spread(membership: &Membership, keys: usize, extra: impl Fn(f64, f64) -> f64) -> (f64, f64) {
    let total_weight = membership.total_weight().max(1) as f64;
    let k = keys as f64;
    let n = membership.len().max(1) as f64;
    let tail = if n > 1.0 {
        libm::sqrt(2.0 * libm::log(n))
    } else {
        0.0
    };
    let mut sum_var = 0.0;
    let mut max = 0.0f64;
    for node in membership.nodes() {
        let weight = f64::from(node.weight.get());
        let p = weight / total_weight;
        let var = k * p * (1.0 - p) + extra(weight, p);
        sum_var += var;
        max = max.max(k * p + libm::sqrt(var) * tail);
    }
    (libm::sqrt(sum_var / n), max)
}

/// One node's load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeLoad {
    /// The node's name.
    pub name: String,
    /// The node's weight.
    pub weight: u32,
    /// How many keys it owns.
    pub keys: u32,
    /// How many it should own: `K·w/W`.
    pub expected: f64,
}

/// Load statistics of an assignment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadStats {
    /// Per node, in membership order.
    pub nodes: Vec<NodeLoad>,
    /// Total keys.
    pub keys: usize,
    /// Mean keys per node.
    pub mean: f64,
    /// The fewest keys on a node.
    pub min: u32,
    /// The most keys on a node.
    pub max: u32,
    /// Root mean square deviation of the loads from their expected values (the standard
    /// deviation, when weights are equal).
    pub std_dev: f64,
    /// The largest ratio of a node's load to its expected load (1.0 is perfect balance;
    /// `max / mean` when weights are equal).
    pub peak_to_expected: f64,
    /// What theory expects.
    pub theory: Theory,
}

impl LoadStats {
    /// The statistics of an assignment.
    pub fn of(assignment: &Assignment) -> Self {
        let counts = assignment.counts();
        let membership = &assignment.membership;
        let total_weight = membership.total_weight().max(1) as f64;
        let keys = assignment.keys.len();
        let k = keys as f64;
        let nodes: Vec<NodeLoad> = membership
            .nodes()
            .iter()
            .zip(&counts)
            .map(|(node, &count)| NodeLoad {
                name: node.name.clone(),
                weight: node.weight.get(),
                keys: count,
                expected: k * f64::from(node.weight.get()) / total_weight,
            })
            .collect();
        let n = nodes.len().max(1) as f64;
        let sum_sq: f64 = nodes
            .iter()
            .map(|l| (f64::from(l.keys) - l.expected).powi(2))
            .sum();
        let peak = nodes
            .iter()
            .filter(|l| l.expected > 0.0)
            .map(|l| f64::from(l.keys) / l.expected)
            .fold(0.0, f64::max);
        LoadStats {
            keys,
            mean: k / n,
            min: counts.iter().copied().min().unwrap_or(0),
            max: counts.iter().copied().max().unwrap_or(0),
            std_dev: libm::sqrt(sum_sq / n),
            peak_to_expected: peak,
            theory: assignment.theory.clone(),
            nodes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modulo::Modulo;
    use crate::placement::Placement;

    #[test]
    fn perfect_balance() {
        let m = Membership::lettered(4).unwrap();
        let placement = Modulo::new(m);
        let keys: Vec<u64> = (0..400).collect();
        let stats = LoadStats::of(&placement.assign(&keys));
        assert_eq!(stats.min, 100);
        assert_eq!(stats.max, 100);
        assert_eq!(stats.std_dev, 0.0);
        assert_eq!(stats.peak_to_expected, 1.0);
        assert_eq!(stats.mean, 100.0);
        // Binomial: sqrt(400 · 1/4 · 3/4) = sqrt(75).
        let sd = stats.theory.std_dev.unwrap();
        assert!((sd - 75f64.sqrt()).abs() < 1e-9);
    }
}
