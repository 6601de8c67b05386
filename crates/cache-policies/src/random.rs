//! Random replacement: evict a uniformly chosen entry, from a seeded generator.
//!
//! The baseline of Belady's 1966 study ("A study of replacement algorithms for a
//! virtual-storage computer", IBM Systems Journal 5(2)) and the policy of some CPU
//! caches. The generator is the crate's seeded [`Rng`], part of the state, so
//! the same seed and trace give the same evictions on every platform.
//!
//! Memory: a `u64` per slot plus one key-index entry, and 32 bytes of generator.

use crate::index::{KeyIndex, Probe};
use crate::policy::{Capacity, Key, Outcome, Policy, Reason};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// A random-replacement cache.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RandomPolicy {
    capacity: Capacity,
    keys: Vec<Key>,
    rng: Rng,
    map: KeyIndex,
}

/// Random replacement's inner state for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RandomView {
    /// The cached keys by slot.
    pub slots: Vec<Key>,
}

impl RandomPolicy {
    /// An empty cache whose choices are fixed by `seed`.
    pub fn new(capacity: Capacity, seed: u64) -> Self {
        let n = capacity.as_usize().min(crate::PREALLOCATE);
        Self {
            capacity,
            keys: Vec::with_capacity(n),
            rng: Rng::new(seed),
            map: KeyIndex::with_capacity(n),
        }
    }

    /// The inner state for display.
    pub fn view(&self) -> RandomView {
        RandomView {
            slots: self.keys.clone(),
        }
    }
}

impl Policy for RandomPolicy {
    #[inline]
    fn access(&mut self, key: Key) -> Outcome {
        let victim = match self.map.probe(key) {
            Probe::Found(..) => return Outcome::Hit,
            Probe::Vacant(cell) => {
                if self.keys.len() < self.capacity.as_usize() {
                    self.map.insert_at(cell, key, self.keys.len() as u32);
                    self.keys.push(key);
                    return Outcome::Miss { evicted: None };
                }
                let at = self.rng.below(u64::from(self.capacity.get())) as u32;
                self.map.insert_at(cell, key, at);
                std::mem::replace(&mut self.keys[at as usize], key)
            }
        };
        self.map.remove(victim);
        Outcome::miss_evicting(victim, Reason::Random)
    }

    fn contains(&self, key: Key) -> bool {
        self.map.contains_key(key)
    }

    fn len(&self) -> usize {
        self.keys.len()
    }

    fn capacity(&self) -> Capacity {
        self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{cap, run_keys};

    #[test]
    fn seeded_choices_repeat() {
        let trace: Vec<Key> = (0..200).map(|i| (i * 7) % 23).collect();
        let mut a = RandomPolicy::new(cap(5), 42);
        let mut b = RandomPolicy::new(cap(5), 42);
        let ea: Vec<Outcome> = trace.iter().map(|&k| a.access(k)).collect();
        let eb: Vec<Outcome> = trace.iter().map(|&k| b.access(k)).collect();
        assert_eq!(ea, eb);
        let mut c = RandomPolicy::new(cap(5), 43);
        run_keys(&mut c, &trace);
        assert_ne!(a.view(), c.view());
    }
}
