//! Cache replacement policies as deterministic, explainable state machines.
//!
//! Eleven policies behind one small trait, [`Policy`]: an access returns
//! [`Outcome::Hit`], or [`Outcome::Miss`] with the [`Eviction`] it caused in a full
//! cache, the victim's key and a [`Reason`] that reads as a sentence. Every policy is a
//! plain value (`Clone`, `serde`), so a view can snapshot, rewind and replay it, and
//! exposes its inner state through a `view()` method (recency order, frequency buckets,
//! ghost lists, the clock hand, queues, sketch counters). Nothing reads a clock or global
//! randomness: the random policy and the workloads take a seed, and the same seed and
//! inputs give the same run natively and in WebAssembly.
//!
//! ```
//! use cache_policies::{Capacity, Eviction, Lru, Policy, PolicyKind, Reason};
//!
//! let capacity = Capacity::new(2)?;
//! let mut lru = Lru::new(capacity);
//! lru.access(1);
//! lru.access(2);
//! assert!(lru.access(1).is_hit());
//! let evicted = lru.access(3).evicted();
//! assert_eq!(evicted, Some(Eviction { key: 2, because: Reason::LeastRecentlyUsed }));
//! assert_eq!(lru.view().recency, vec![3, 1]);
//!
//! // Any policy by name, e.g. for a side-by-side comparison.
//! let trace = [1, 2, 3, 1, 2, 4, 1, 2, 3];
//! let mut s3 = "s3-fifo".parse::<PolicyKind>()?.build(capacity, 0, &trace);
//! let counts = cache_policies::mrc::run(&mut s3, &trace);
//! assert_eq!(counts.hits + counts.misses, 9);
//! # Ok::<(), cache_policies::Error>(())
//! ```
//!
//! Beyond the policies: [`workload`] generates seeded request streams (Zipf, uniform,
//! scan, loop, a Zipf/scan/one-hit-wonder mix, a shifting working set), [`trace`]
//! parses user traces with line-numbered errors, and [`mrc`] computes miss-ratio
//! curves: LRU's exactly for every size in one pass, the others by simulation, with
//! Belady's as the floor.
//!
//! # The policies
//!
//! | policy | source | a hit costs | a miss (full) costs | what it guarantees |
//! |---|---|---|---|---|
//! | [`Fifo`] | Belady 1966 | nothing | O(1) | evicts in arrival order; not a stack algorithm (Belady's anomaly) |
//! | [`Lru`] | Mattson et al. 1970 | O(1): a stamp stored | O(1) amortised | holds the `c` most recently used keys; stack property |
//! | [`Lfu`] | Shah, Mitra, Matani 2010 | O(1) | O(1) | evicts the fewest uses, ties to the least recent |
//! | [`Clock`] | Corbató 1968 | sets a bit | O(1) amortised | FIFO with a second chance for referenced keys |
//! | [`RandomPolicy`] | Belady 1966 | nothing | O(1) | uniform victim from a seeded generator |
//! | [`TwoQ`] | Johnson, Shasha 1994 | O(1) | O(1) | keys must prove reuse (via A1out) to enter Am; scans stay in A1in |
//! | [`ArcPolicy`] | Megiddo, Modha 2003 | O(1) | O(1) | adapts the recency/frequency split from ghost hits; ≤ 2c keys tracked |
//! | [`Sieve`] | Zhang et al. 2024 | sets a bit | O(1) amortised | quick demotion of unvisited new keys; survivors keep their place |
//! | [`S3Fifo`] | Yang et al. 2023 | increments a 2-bit count | O(1) amortised | one-hit wonders leave via the small queue; ghost hits go to main |
//! | [`WTinyLfu`] | Einziger, Friedman, Manes 2017 | O(1) + sketch | O(1) + sketch | admits to main only keys estimated more frequent than the victim |
//! | [`Belady`] | Belady 1966 | O(log c) amortised | O(log c) amortised | optimal: no policy hits more on the same trace (offline) |
//!
//! Every policy keeps these invariants, checked by property tests: it never holds more
//! than its capacity; a hit never evicts; a miss evicts exactly one entry when the cache
//! is full and none otherwise; after an access the key is cached.
//!
//! # Memory per cached entry
//!
//! Keys are `u64`. Every policy but LRU finds keys through an open-addressing index of
//! 16-byte `(key, slot)` cells kept at most half full, so 32 to 64 bytes per indexed key
//! (cached keys, plus ghost keys where the policy has them), and stores per entry:
//!
//! | policy | per entry, besides the map | extra |
//! |---|---|---|
//! | FIFO, random | 8 B (key) | |
//! | CLOCK | 9 B (key, bit) | |
//! | LRU | no index: a SwissTable of 8 B slots, each bucket with a 1 B tag and a 4 B latest stamp, with room for twice the keys (30 to 60 B per key) | stamp ring: 4 to 8 positions of 4 B and a bit per key |
//! | SIEVE, 2Q, ARC, W-TinyLFU, LFU | 24 B (key, links, a tag or bit) | LFU: a node per distinct count |
//! | S3-FIFO | 16 B (key, count) + 4 B queue slot | |
//! | 2Q | | A1out: 8 B + a map entry per ghost (c/2 ghosts) |
//! | ARC | | B1, B2: a 24 B node + a map entry per ghost (up to c) |
//! | S3-FIFO | | ghost queue: 8 B + a map entry per ghost (0.9c) |
//! | W-TinyLFU | | sketch: 2 B of counters + ~10 bits of doorkeeper per entry |
//! | Belady | a map entry + up to 3 heap entries (16 B) | 16 B per request of the trace |
//!
//! So a 100,000-entry LRU takes about 5.5 MB (3.4 MB of map and stamps, 2.1 MB of ring), ARC and
//! S3-FIFO about 15 MB.
//!
//! # Panics
//!
//! None on any input: capacities are [`Capacity`] values checked at construction
//! (1 to [`MAX_CAPACITY`]), workloads and traces return [`Error`]s.

mod any;
pub mod arc;
pub mod belady;
pub mod clock;
mod fenwick;
pub mod fifo;
mod ghost;
pub mod hash;
mod index;
pub mod lfu;
pub mod lru;
pub mod mrc;
mod policy;
mod prefetch;
pub mod random;
pub mod rng;
pub mod s3fifo;
pub mod sieve;
pub mod sketch;
mod slab;
mod stamps;
#[cfg(test)]
mod test_util;
pub mod tinylfu;
pub mod trace;
pub mod two_q;
pub mod workload;
mod zipf;

pub use any::{AnyPolicy, PolicyKind, PolicyView};
pub use arc::ArcPolicy;
pub use belady::Belady;
pub use clock::Clock;
pub use fifo::Fifo;
pub use lfu::Lfu;
pub use lru::Lru;
pub use policy::{Capacity, Error, Eviction, Key, Outcome, Policy, Reason, MAX_CAPACITY};
pub use random::RandomPolicy;
pub use s3fifo::S3Fifo;
pub use sieve::Sieve;
pub use tinylfu::WTinyLfu;
pub use two_q::TwoQ;

/// How many entries a new cache reserves room for up front (more grow on demand), so a
/// huge capacity costs memory only as it fills.
const PREALLOCATE: usize = 1 << 16;
