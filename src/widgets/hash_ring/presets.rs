//! The hash ring's presets: starting states that each make one point, with a sentence
//! saying what to do and what to look for.

use widget_params::hash_ring::HashRingParams;

/// A named starting state.
pub(super) struct Preset {
    /// The button's label.
    pub(super) label: &'static str,
    /// What to try, said in the log when the preset is chosen.
    pub(super) hint: &'static str,
    /// The state.
    pub(super) params: fn() -> HashRingParams,
}

fn nodes(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// Every preset, in the order the widget offers them.
pub(super) const PRESETS: [Preset; 4] = [
    Preset {
        label: "Why not mod n",
        hint: "Add a node: with hash mod n most keys change owner (about four in five going from 4 nodes to 5). Then switch the algorithm to the ring and add one again.",
        params: || HashRingParams {
            algorithm: "modulo".into(),
            nodes: nodes(&["A", "B", "C", "D"]),
            keys: 2_000,
            ..HashRingParams::default()
        },
    },
    Preset {
        label: "Too few virtual nodes",
        hint: "With one point per node the arcs are very uneven: look at the load chart. Raise the virtual nodes to 100 and watch the bars level out.",
        params: || HashRingParams {
            algorithm: "ring".into(),
            nodes: nodes(&["A", "B", "C", "D", "E"]),
            vnodes: 1,
            keys: 2_000,
            ..HashRingParams::default()
        },
    },
    Preset {
        label: "A heavy node",
        hint: "D has weight 3, so it gets three times the points and about half the keys. Pick D and change its weight to see its share follow.",
        params: || HashRingParams {
            algorithm: "ring".into(),
            nodes: nodes(&["A", "B", "C", "D"]),
            weights: vec![1, 1, 1, 3],
            vnodes: 50,
            keys: 2_000,
            ..HashRingParams::default()
        },
    },
    Preset {
        label: "Bounded loads under a hot key",
        hint: "A fifth of the keys are copies of one hot key. Bounded loads caps every node at 1.25× the mean, so the copies spill over to the next nodes; switch to the plain ring and one node takes them all.",
        params: || HashRingParams {
            algorithm: "bounded-loads".into(),
            nodes: nodes(&["A", "B", "C", "D", "E"]),
            vnodes: 50,
            keys: 2_000,
            hot: 20,
            epsilon: 250,
            ..HashRingParams::default()
        },
    },
];

#[cfg(test)]
mod tests {
    use super::PRESETS;
    use widget_params::WidgetParams;

    #[test]
    fn every_preset_is_valid_and_builds_a_cluster() {
        for p in &PRESETS {
            let params = (p.params)();
            params.validate().unwrap();
            super::super::start(&params).unwrap();
        }
    }

    #[test]
    fn each_preset_shows_what_it_says() {
        use consistent_hashing::{Change, Weight};
        // Why not mod n: a join moves most keys.
        let mut c = super::super::start(&(PRESETS[0].params)()).unwrap();
        let step = c
            .apply(Change::AddNode {
                name: "E".into(),
                weight: Weight::ONE,
            })
            .unwrap();
        let moved = step.moves.unwrap().moved();
        assert!(moved > 1_400, "{moved} of 2,000 moved under mod n");
        // Too few virtual nodes: the busiest node is well above the mean.
        let c = super::super::start(&(PRESETS[1].params)()).unwrap();
        let l = c.loads();
        assert!(f64::from(l.max) > 1.4 * l.mean, "{l:?}");
        // A heavy node: D holds far more than any other.
        let c = super::super::start(&(PRESETS[2].params)()).unwrap();
        let l = c.loads();
        let d = l.nodes.iter().find(|n| n.name == "D").unwrap().keys;
        assert!(
            l.nodes.iter().all(|n| n.name == "D" || 2 * n.keys < d),
            "{l:?}"
        );
        // The hot key: bounded loads keeps every node under its cap, the ring does not.
        let bounded = super::super::start(&(PRESETS[3].params)())
            .unwrap()
            .loads()
            .clone();
        let ring = super::super::start(&widget_params::hash_ring::HashRingParams {
            algorithm: "ring".into(),
            ..(PRESETS[3].params)()
        })
        .unwrap()
        .loads()
        .clone();
        assert!(
            f64::from(bounded.max) <= 1.25 * bounded.mean + 1.0,
            "{bounded:?}"
        );
        assert!(f64::from(ring.max) > 1.5 * ring.mean, "{ring:?}");
    }
}
