//! Placement of keys onto nodes: consistent hashing and the schemes it is compared with.
//!
//! Six algorithms sit behind one small trait, [`Placement`]: given a key's 64-bit hash,
//! which node owns it ([`Placement::owner`]) and which nodes hold its replicas
//! ([`Placement::replicas`]). Around them, the crate measures what a membership change
//! costs: [`diff()`] reports exactly which keys moved, from where to where, against the
//! least any balanced placement must move, and [`LoadStats`] reports the load per node
//! next to what theory expects ([`Theory`]).
//!
//! Everything is a pure, deterministic value: no clock, no global randomness, no
//! platform-dependent float functions ([`hash`] is integer-only, logarithms come from
//! `libm`), so the same inputs give the same placement natively and in WebAssembly.
//! Configurations are checked when built ([`Weight`], [`VirtualNodes`], [`TableSize`]
//! only hold valid values; a [`Membership`] is never empty and has distinct names), and
//! nothing panics on caller input.
//!
//! # Usage
//!
//! ```
//! use consistent_hashing::{diff, hash::hash_str, Algorithm, KeySet, LoadStats, Membership, Node,
//!     Placement, VirtualNodes};
//!
//! let nodes = Membership::from_names(["A", "B", "C"])?;
//! let ring = Algorithm::Ring { vnodes: VirtualNodes::new(100)? };
//! let placement = ring.build(nodes.clone())?;
//!
//! // One key: its owner and its replica set (the next distinct nodes clockwise).
//! let key = hash_str("user:42");
//! let owner = &nodes.nodes()[placement.owner(key)].name;
//! assert_eq!(placement.replicas(key, 2)[0], placement.owner(key));
//!
//! // A membership change over 10,000 keys: who moved, and how even the load is.
//! let keys = KeySet::uniform(7, 10_000)?.keys();
//! let before = placement.assign(&keys);
//! let after = ring.build(nodes.with_added(Node::new("D"))?)?.assign(&keys);
//! let report = diff(&before, &after)?;
//! assert!(report.monotone); // every moved key went to D
//! assert!((report.moved_fraction() - 0.25).abs() < 0.08); // about 1/(n + 1)
//! let loads = LoadStats::of(&after);
//! assert_eq!(loads.nodes.iter().map(|n| n.keys as usize).sum::<usize>(), 10_000);
//! println!("{} ({owner} owned user:42)", report.summary());
//! # Ok::<(), consistent_hashing::Error>(())
//! ```
//!
//! For a view that steps through changes, [`Cluster`] holds an algorithm, a membership,
//! a seeded [`KeySet`] and a replication factor; [`Cluster::apply`] takes a [`Change`]
//! and returns a [`Step`] (the move report, the loads after, a sentence of narration).
//! It serialises as its four inputs only, so a snapshot is small enough for a URL.
//!
//! # What each algorithm guarantees
//!
//! `n` nodes, `K` keys. "Minimal" means a join moves keys only onto the new node and a
//! leave moves only the leaver's keys, an expected `1/(n + 1)` and `1/n` of them.
//!
//! | algorithm | module | lookup | on a join or leave | balance | weights | memory |
//! |---|---|---|---|---|---|---|
//! | hash ring, `v` virtual nodes | [`ring`] | `O(1)` expected: a bucket of the circle, then a binary search of its few points | minimal | share strays about `1/√v` | yes (more points) | 20 B per point |
//! | rendezvous (HRW) | [`rendezvous`] | `O(n)` hashes | minimal | binomial (as random) | yes (`w / −ln u`) | 16 B per node |
//! | jump hash | [`jump`] | `O(ln n)`, no memory | minimal only at the end of the list | binomial | no | none |
//! | Maglev, table `M` | [`maglev`] | `O(1)` table read | near-minimal (a few extra moves, fewer as `M` grows) | slots differ by ≤ 1: within 1% for `M > 100n` | yes (turns) | 4 B per slot |
//! | bounded loads, `ε` | [`bounded`] | ring walk past full nodes, `O(1/ε²)` expected | not minimal (overflow cascades) | hard cap `⌈(1 + ε)K/n⌉` | yes (caps) | ring + 8 B per node |
//! | `hash mod n` | [`modulo`] | one division | about `n/(n + 1)` of keys move | binomial | no | none |
//!
//! An [`Assignment`] of `K` keys costs 12 bytes per key (hash and owner); a move report
//! 24 bytes per moved key. 100,000 keys on 10 nodes of 1,000 virtual nodes take about
//! 1.4 MB, 3.5 MB at the peak of a join (measured in `tests/memory.rs`).
//!
//! # Hashing
//!
//! Keys and node names are hashed with [`hash::hash_bytes`] (FNV-1a 64 and the
//! MurmurHash3 finaliser): stable across runs, platforms and builds, unlike Rust's
//! randomly seeded `DefaultHasher`. Key sets for demonstrations come from a seed
//! ([`KeySet`]).

pub mod algorithm;
pub mod bounded;
pub mod cluster;
pub mod compare;
pub mod diff;
mod error;
pub mod hash;
pub mod jump;
pub mod keys;
pub mod maglev;
pub mod modulo;
pub mod node;
pub mod placement;
mod points;
pub mod rendezvous;
pub mod ring;
pub mod stats;

pub use algorithm::{Algorithm, Placer};
pub use bounded::{BoundedFill, BoundedLoads, BoundedSpec, BoundedStep, Epsilon};
pub use cluster::{Change, Cluster, ClusterSpec, KeyInfo, Replication, Step};
pub use compare::{compare, Comparison};
pub use diff::{diff, Move, MoveReport, Route};
pub use error::Error;
pub use jump::{jump_hash, Jump, JumpSpec};
pub use keys::KeySet;
pub use maglev::{Maglev, MaglevSpec, TableSize};
pub use modulo::Modulo;
pub use node::{Membership, Node, Weight};
pub use placement::{AlgorithmKind, Assignment, Placement};
pub use rendezvous::{Rendezvous, RendezvousSpec};
pub use ring::{HashRing, RingArc, RingPoint, RingSpec, VirtualNodes};
pub use stats::{LoadStats, NodeLoad, Theory};
