//! Property tests of the invariants every placement promises (or, for `mod n`, breaks).
//!
//! Case counts are kept small (the suite runs in a few seconds in debug builds); the
//! regressions file next to this one pins every failure proptest ever found.

use consistent_hashing::{
    diff, Algorithm, AlgorithmKind, BoundedLoads, Change, Cluster, ClusterSpec, Epsilon, KeySet,
    Membership, Node, Placement, Replication, TableSize, VirtualNodes, Weight,
};
use proptest::prelude::*;

/// A membership of 1 to 12 nodes with weights 1 to 4 and distinct names.
fn membership() -> impl Strategy<Value = Membership> {
    prop::collection::vec(1u32..=4, 1..=12).prop_map(|weights| {
        let nodes = weights
            .iter()
            .enumerate()
            .map(|(i, &w)| Node::weighted(format!("n{i}"), Weight::new(w).unwrap()))
            .collect();
        Membership::new(nodes).unwrap()
    })
}

/// Every algorithm that promises minimal disruption, with small parameters.
fn consistent_algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        (1u32..=64).prop_map(|v| Algorithm::Ring {
            vnodes: VirtualNodes::new(v).unwrap()
        }),
        Just(Algorithm::Rendezvous),
    ]
}

fn any_algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        consistent_algorithm(),
        Just(Algorithm::Jump),
        Just(Algorithm::Modulo),
        Just(Algorithm::Maglev {
            table_size: TableSize::new(1_009).unwrap()
        }),
        (1u32..=32, 50u32..2_000).prop_map(|(v, e)| Algorithm::BoundedLoads {
            vnodes: VirtualNodes::new(v).unwrap(),
            epsilon: Epsilon::from_permille(e).unwrap(),
        }),
    ]
}

fn keys() -> impl Strategy<Value = Vec<u64>> {
    (any::<u64>(), 0u32..600).prop_map(|(seed, n)| KeySet::uniform(seed, n).unwrap().keys())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Adding a node moves keys only onto it (ring, rendezvous, with any weights).
    #[test]
    fn join_moves_keys_only_onto_the_new_node(
        alg in consistent_algorithm(), m in membership(), keys in keys(), w in 1u32..=4,
    ) {
        let grown = m.with_added(Node::weighted("new", Weight::new(w).unwrap())).unwrap();
        let before = alg.build(m).unwrap().assign(&keys);
        let after = alg.build(grown).unwrap().assign(&keys);
        let report = diff(&before, &after).unwrap();
        prop_assert!(report.monotone);
        for mv in &report.moves {
            prop_assert_eq!(report.name(mv.to), "new");
        }
    }

    /// Removing a node moves only its keys (ring, rendezvous).
    #[test]
    fn leave_moves_only_the_leavers_keys(
        alg in consistent_algorithm(), m in membership(), keys in keys(), pick in any::<prop::sample::Index>(),
    ) {
        prop_assume!(m.len() > 1);
        let gone = m.nodes()[pick.index(m.len())].name.clone();
        let shrunk = m.without(&gone).unwrap();
        let before = alg.build(m).unwrap().assign(&keys);
        let after = alg.build(shrunk).unwrap().assign(&keys);
        let report = diff(&before, &after).unwrap();
        prop_assert!(report.monotone);
        for mv in &report.moves {
            prop_assert_eq!(report.name(mv.from), gone.as_str());
        }
    }

    /// Raising a node's weight moves keys only onto it (ring, rendezvous).
    #[test]
    fn heavier_node_only_gains(
        alg in consistent_algorithm(), m in membership(), keys in keys(), pick in any::<prop::sample::Index>(),
    ) {
        let node = m.nodes()[pick.index(m.len())].clone();
        let heavier = Weight::new(node.weight.get() + 2).unwrap();
        let changed = m.with_weight(&node.name, heavier).unwrap();
        let report = diff(&alg.build(m).unwrap().assign(&keys), &alg.build(changed).unwrap().assign(&keys)).unwrap();
        for mv in &report.moves {
            prop_assert_eq!(report.name(mv.to), node.name.as_str());
        }
    }

    /// Jump hash: appending a bucket moves keys only onto it, dropping the last moves only
    /// its keys.
    #[test]
    fn jump_is_minimal_at_the_end(n in 1usize..=40, keys in keys()) {
        let m = Membership::lettered(n).unwrap();
        let grown = Membership::lettered(n + 1).unwrap();
        let report = diff(
            &Algorithm::Jump.build(m).unwrap().assign(&keys),
            &Algorithm::Jump.build(grown.clone()).unwrap().assign(&keys),
        ).unwrap();
        prop_assert!(report.monotone);
        let newest = grown.nodes()[n].name.clone();
        prop_assert!(report.moves.iter().all(|mv| report.name(mv.to) == newest));
    }

    /// `mod n` is not consistent: with enough keys, a join moves keys between old nodes.
    #[test]
    fn mod_n_is_not_minimal(n in 2usize..=12, seed in any::<u64>()) {
        let keys = KeySet::uniform(seed, 500).unwrap().keys();
        let m = Membership::lettered(n).unwrap();
        let grown = Membership::lettered(n + 1).unwrap();
        let report = diff(
            &Algorithm::Modulo.build(m).unwrap().assign(&keys),
            &Algorithm::Modulo.build(grown).unwrap().assign(&keys),
        ).unwrap();
        prop_assert!(!report.monotone);
        prop_assert!(report.moved() as f64 > 1.5 * report.ideal);
    }

    /// Bounded loads: no node ever holds more than its cap, hot key or not.
    #[test]
    fn bounded_loads_never_exceed_the_cap(
        m in membership(), seed in any::<u64>(), count in 0u32..2_000, hot in 0u8..=60,
        eps in 10u32..3_000, v in 1u32..=40,
    ) {
        let b = BoundedLoads::new(m, VirtualNodes::new(v).unwrap(), Epsilon::from_permille(eps).unwrap()).unwrap();
        let keys = KeySet::new(seed, count, hot).unwrap().keys();
        let caps = b.caps(keys.len());
        let a = b.assign(&keys);
        for (load, cap) in a.counts().iter().zip(&caps) {
            prop_assert!(load <= cap, "{} > {}", load, cap);
        }
        let stats = consistent_hashing::LoadStats::of(&a);
        prop_assert!(f64::from(stats.max) <= stats.theory.max.unwrap());
    }

    /// Replica sets: distinct nodes, owner first, as many as asked for or every node.
    #[test]
    fn replica_sets_are_distinct(alg in any_algorithm(), m in membership(), key in any::<u64>(), r in 1usize..=6) {
        let p = alg.build(m.clone()).unwrap();
        let reps = p.replicas(key, r);
        prop_assert_eq!(reps.len(), r.min(m.len()));
        prop_assert_eq!(reps[0], p.owner(key));
        let mut sorted = reps.clone();
        sorted.sort_unstable();
        sorted.dedup();
        prop_assert_eq!(sorted.len(), reps.len());
        prop_assert!(reps.iter().all(|&i| i < m.len()));
    }

    /// Every owner is a node of the membership, and placing twice gives the same result.
    #[test]
    fn placement_is_deterministic(alg in any_algorithm(), m in membership(), keys in keys()) {
        let a = alg.build(m.clone()).unwrap().assign(&keys);
        let b = alg.build(m.clone()).unwrap().assign(&keys);
        prop_assert!(a.owners.iter().all(|&o| (o as usize) < m.len()));
        prop_assert_eq!(a, b);
    }

    /// Any sequence of changes, valid or not, leaves a consistent cluster, and a snapshot
    /// (serialised and read back) is the same cluster.
    #[test]
    fn cluster_survives_any_changes(
        alg in any_algorithm(),
        ops in prop::collection::vec((0u8..6, 0usize..8, 0u32..6), 1..12),
    ) {
        let mut cluster = Cluster::new(ClusterSpec {
            algorithm: alg,
            membership: Membership::lettered(3).unwrap(),
            keys: KeySet::uniform(1, 300).unwrap(),
            replication: Replication::new(2).unwrap(),
        }).unwrap();
        for (op, who, num) in ops {
            let name = consistent_hashing::node::letter_name(who);
            let change = match op {
                0 => Change::AddNode { name, weight: Weight::new(num.max(1)).unwrap() },
                1 => Change::RemoveNode { name },
                2 => Change::SetWeight { name, weight: Weight::new(num + 1).unwrap() },
                3 => Change::SetKeys { keys: KeySet::new(u64::from(num), num * 50, (num * 10) as u8).unwrap() },
                4 => Change::SetReplication { replication: Replication::new(num as u8 + 1).unwrap() },
                _ => Change::SetAlgorithm { algorithm: Algorithm::default_for(AlgorithmKind::ALL[who % 6]) },
            };
            let before = cluster.clone();
            match cluster.apply(change) {
                Ok(step) => {
                    prop_assert!(!step.narration.is_empty());
                    if let Some(moves) = &step.moves {
                        prop_assert_eq!(moves.total, cluster.assignment().keys.len());
                    }
                }
                Err(_) => prop_assert_eq!(&cluster, &before),
            }
        }
        let json = serde_json::to_string(&cluster).unwrap();
        let back: Cluster = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, cluster);
    }
}
