//! Belady's optimal policy (MIN): evict the entry whose next use is furthest away.
//!
//! Belady, "A study of replacement algorithms for a virtual-storage computer", IBM
//! Systems Journal 5(2), 1966; its optimality for demand paging was proved by Mattson,
//! Gecsei, Slutz and Traiger (IBM Systems Journal 9(2), 1970). No online policy can
//! hit more often on the same trace, so its hit ratio is the ceiling every other curve
//! is measured against. It needs the future, so it is built from the whole trace:
//! [`Belady::new`] computes each request's next use in one backward pass, and the cache
//! keeps its entries in a max-heap by next use. A hit pushes the key's new next use and
//! leaves the old heap entry behind as stale; eviction pops until it finds a live entry,
//! and the heap is rebuilt from the live entries when stale ones outnumber them, so an
//! access costs O(log c) amortised and the heap stays within a constant factor of `c`.
//!
//! Requests must follow the trace it was built from. A request that does not match the
//! trace at its position (or comes after its end) is still served, but its key's next
//! use is unknown and treated as "never"; [`Belady::off_trace`] counts them.
//!
//! Memory: 16 bytes per trace request (the trace and its next-use table, shared by
//! clones), plus a map entry and up to three 16-byte heap entries per cached key.

use crate::hash::BuildKeyHasher;
use crate::policy::{Capacity, Eviction, Key, Outcome, Policy, Reason};
use serde::{Deserialize, Serialize};
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

/// A next-use value meaning "never used again".
const NEVER: u64 = u64::MAX;
/// Priorities at or above this are "never" (they are `u64::MAX - position`).
const NEVER_FLOOR: u64 = 1 << 63;

/// Belady's optimal (offline) cache.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Belady {
    capacity: Capacity,
    trace: Arc<[Key]>,
    /// For each position, the position of the same key's next request, or [`NEVER`].
    next_use: Arc<[u64]>,
    position: u64,
    off_trace: u64,
    /// Cached key → its eviction priority (its next use, or a "never" rank).
    cached: HashMap<Key, u64, BuildKeyHasher>,
    /// (priority, key), largest first; entries whose priority no longer matches
    /// `cached` are stale.
    order: BinaryHeap<(u64, Key)>,
}

/// Belady's inner state for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeladyView {
    /// Cached keys with their next use (`None`: never), furthest first: the first goes next.
    pub entries: Vec<(Key, Option<u64>)>,
    /// The index of the next request in the trace.
    pub position: u64,
}

impl Belady {
    /// A cache that knows `trace` in advance.
    pub fn new(capacity: Capacity, trace: &[Key]) -> Self {
        let mut last_seen: HashMap<Key, u64, BuildKeyHasher> = HashMap::default();
        let mut next_use = vec![NEVER; trace.len()];
        for (i, key) in trace.iter().enumerate().rev() {
            if let Some(slot) = next_use.get_mut(i) {
                *slot = last_seen.insert(*key, i as u64).unwrap_or(NEVER);
            }
        }
        Self {
            capacity,
            trace: trace.into(),
            next_use: next_use.into(),
            position: 0,
            off_trace: 0,
            cached: HashMap::default(),
            order: BinaryHeap::new(),
        }
    }

    /// Requests that did not match the trace (served with an unknown future).
    pub fn off_trace(&self) -> u64 {
        self.off_trace
    }

    /// The inner state for display.
    pub fn view(&self) -> BeladyView {
        let mut live: Vec<(u64, Key)> = self.cached.iter().map(|(&k, &p)| (p, k)).collect();
        live.sort_unstable_by(|a, b| b.cmp(a));
        BeladyView {
            entries: live
                .into_iter()
                .map(|(p, k)| (k, (p < NEVER_FLOOR).then_some(p)))
                .collect(),
            position: self.position,
        }
    }
}

impl Policy for Belady {
    fn access(&mut self, key: Key) -> Outcome {
        let at = self.position;
        self.position += 1;
        let next = match (self.trace.get(at as usize), self.next_use.get(at as usize)) {
            (Some(&expected), Some(&next)) if expected == key => next,
            _ => {
                self.off_trace += 1;
                NEVER
            }
        };
        let priority = if next == NEVER { NEVER - at } else { next };
        if self.order.len() > 2 * self.cached.len() + 64 {
            // Drop the stale entries.
            self.order = self.cached.iter().map(|(&k, &p)| (p, k)).collect();
        }
        if let Some(old) = self.cached.get_mut(&key) {
            *old = priority;
            self.order.push((priority, key));
            return Outcome::Hit;
        }
        let mut evicted = None;
        if self.cached.len() >= self.capacity.as_usize() {
            while let Some((p, victim)) = self.order.pop() {
                if self.cached.get(&victim) == Some(&p) {
                    self.cached.remove(&victim);
                    let next_use = (p < NEVER_FLOOR).then_some(p);
                    let because = Reason::FurthestNextUse { next_use };
                    evicted = Some(Eviction {
                        key: victim,
                        because,
                    });
                    break;
                }
            }
        }
        self.cached.insert(key, priority);
        self.order.push((priority, key));
        Outcome::Miss { evicted }
    }

    fn contains(&self, key: Key) -> bool {
        self.cached.contains_key(&key)
    }

    fn len(&self) -> usize {
        self.cached.len()
    }

    fn capacity(&self) -> Capacity {
        self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::cap;

    #[test]
    fn evicts_the_furthest_next_use() {
        let trace = [1, 2, 3, 1, 2, 4, 1, 2, 3];
        let mut c = Belady::new(cap(2), &trace);
        let outcomes: Vec<Outcome> = trace.iter().map(|&k| c.access(k)).collect();
        // At request 2 (key 3), 1 is next used at 3 and 2 at 4: 2 goes.
        assert_eq!(
            outcomes[2].evicted(),
            Some(Eviction {
                key: 2,
                because: Reason::FurthestNextUse { next_use: Some(4) }
            })
        );
        let hits = outcomes.iter().filter(|o| o.is_hit()).count();
        assert_eq!(hits, 2);
        assert_eq!(c.off_trace(), 0);
    }

    #[test]
    fn off_trace_requests_are_served() {
        let mut c = Belady::new(cap(1), &[1]);
        c.access(1);
        assert!(!c.access(9).is_hit());
        assert!(c.access(9).is_hit());
        assert_eq!(c.off_trace(), 2);
        assert_eq!(c.view().entries, vec![(9, None)]);
    }
}
