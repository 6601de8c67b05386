//! Maglev hashing, with a prime table size.
//!
//! Daniel E. Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load
//! Balancer", NSDI 2016, section 3.4 (Pseudocode 1). A lookup table of `M` slots, `M`
//! prime, is filled once per membership; a lookup is one multiply and one array read.
//!
//! Each node derives a permutation of the slots from two hashes of its name:
//! `offset = h₁(name) mod M`, `skip = h₂(name) mod (M − 1) + 1`, and its `j`-th preferred
//! slot is `(offset + j·skip) mod M`. Because `M` is prime and `1 ≤ skip < M`, the
//! sequence visits every slot exactly once. The nodes then take turns: on its turn a node
//! claims its next preferred slot that is still empty, until all `M` slots are full.
//!
//! - **Balance:** turns alternate, so the nodes' slot counts differ by at most one. The
//!   paper picks `M > 100·N` so that "at most a 1% difference in hash space" separates
//!   nodes; it uses `M = 65,537` and `M = 655,373` ([`TableSize::SMALL`],
//!   [`TableSize::LARGE`]).
//! - **Disruption:** when the membership changes, the table is refilled; a surviving node
//!   keeps most of its slots but not all, so a few keys move between nodes that did not
//!   change. The paper trades this small extra disruption for the balance; the larger
//!   `M`, the closer to minimal.
//!
//! **Weights** (this crate's extension, in the spirit of the paper's note on weighted
//! backends): a node of weight `w` takes `w` turns per round, so its slot count is close
//! to `M·w/W`.
//!
//! Slots are found with Lemire's multiply-shift instead of `hash mod M` (the same
//! uniformity, no division). A key's replica set here is the distinct owners of the slots
//! following its slot, this crate's choice. Memory: 4 bytes per slot (262 KB for
//! `M = 65,537`), plus 24 bytes per node while filling.

use crate::hash::{combine, reduce};
use crate::node::Membership;
use crate::placement::{index_u32, AlgorithmKind, Placement};
use crate::stats::Theory;
use crate::Error;
use serde::{Deserialize, Serialize};

/// The seed of `h₁` (the offset).
const OFFSET_SEED: u64 = 0x6f66_6673_6574; // "offset"
/// The seed of `h₂` (the skip).
const SKIP_SEED: u64 = 0x736b_6970; // "skip"

/// A prime Maglev table size, from 3 to [`TableSize::MAX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct TableSize(u32);

impl TableSize {
    /// The paper's smaller table, 65,537 slots (a Fermat prime, 2^16 + 1).
    pub const SMALL: TableSize = TableSize(65_537);
    /// The paper's larger table, 655,373 slots.
    pub const LARGE: TableSize = TableSize(655_373);
    /// The largest size accepted (a 64 MiB table).
    pub const MAX: u32 = 1 << 24;

    /// A prime size, 3 to [`TableSize::MAX`].
    pub fn new(size: u32) -> Result<Self, Error> {
        if !(3..=Self::MAX).contains(&size) {
            return Err(Error::OutOfRange {
                what: "the Maglev table size",
                allowed: format!("a prime from 3 to {}", Self::MAX),
                given: size.to_string(),
            });
        }
        if !is_prime(size) {
            return Err(Error::NotPrime { size });
        }
        Ok(TableSize(size))
    }

    /// The smallest prime size at least `size` (at least 3).
    pub fn at_least(size: u32) -> Result<Self, Error> {
        let mut candidate = size.max(3);
        while candidate <= Self::MAX {
            if is_prime(candidate) {
                return Ok(TableSize(candidate));
            }
            candidate += 1;
        }
        TableSize::new(candidate)
    }

    /// The number of slots.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for TableSize {
    type Error = Error;
    fn try_from(size: u32) -> Result<Self, Error> {
        TableSize::new(size)
    }
}

impl From<TableSize> for u32 {
    fn from(size: TableSize) -> u32 {
        size.0
    }
}

/// Trial division; the sizes are at most 2^24, so at most 2,048 divisions.
pub fn is_prime(n: u32) -> bool {
    if n < 2 {
        return false;
    }
    if n.is_multiple_of(2) {
        return n == 2;
    }
    let n = u64::from(n);
    let mut d = 3u64;
    while d * d <= n {
        if n % d == 0 {
            return false;
        }
        d += 2;
    }
    true
}

/// Maglev hashing over a membership.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "MaglevSpec", into = "MaglevSpec")]
pub struct Maglev {
    membership: Membership,
    size: TableSize,
    table: Vec<u32>,
}

/// What a [`Maglev`] table is built from (and serialised as).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MaglevSpec {
    /// The nodes.
    pub membership: Membership,
    /// The table size.
    pub table_size: TableSize,
}

impl Maglev {
    /// Fill the table. Fails if the nodes' turns per round (the sum of the weights)
    /// exceed the table size.
    pub fn new(membership: Membership, size: TableSize) -> Result<Self, Error> {
        let m = u64::from(size.get());
        let turns = membership.total_weight();
        if turns > m {
            return Err(Error::TableTooSmall {
                size: size.get(),
                nodes: turns,
            });
        }
        // Per node: offset, skip, and `next`, the index of its next preferred slot.
        let mut perms: Vec<(u64, u64, u64, u32)> = membership
            .nodes()
            .iter()
            .map(|node| {
                let h = node.name_hash();
                let offset = combine(h, OFFSET_SEED) % m;
                let skip = combine(h, SKIP_SEED) % (m - 1) + 1;
                (offset, skip, 0, node.weight.get())
            })
            .collect();
        const EMPTY: u32 = u32::MAX;
        let mut table = vec![EMPTY; size.get() as usize];
        let mut filled = 0u64;
        'fill: loop {
            for (index, (offset, skip, next, weight)) in perms.iter_mut().enumerate() {
                for _ in 0..*weight {
                    // The permutation visits every slot once, so an empty one turns up
                    // within `m` steps while the table is not full.
                    loop {
                        let slot = ((*offset + *next * *skip) % m) as usize;
                        *next += 1;
                        match table.get_mut(slot) {
                            Some(entry) if *entry == EMPTY => {
                                *entry = index_u32(index);
                                break;
                            }
                            Some(_) if *next < m => {}
                            _ => break,
                        }
                    }
                    filled += 1;
                    if filled >= m {
                        break 'fill;
                    }
                }
            }
        }
        Ok(Maglev {
            membership,
            size,
            table,
        })
    }

    /// The table size.
    pub fn table_size(&self) -> TableSize {
        self.size
    }

    /// The lookup table: `table()[slot]` is the owning node's index.
    pub fn table(&self) -> &[u32] {
        &self.table
    }

    /// The slot a key hashes to.
    #[inline]
    pub fn slot(&self, key: u64) -> usize {
        reduce(key, u64::from(self.size.get())) as usize
    }

    /// How many slots each node holds, in membership order.
    pub fn slot_counts(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.membership.len()];
        for &owner in &self.table {
            if let Some(c) = counts.get_mut(owner as usize) {
                *c += 1;
            }
        }
        counts
    }
}

impl Placement for Maglev {
    fn kind(&self) -> AlgorithmKind {
        AlgorithmKind::Maglev
    }

    fn membership(&self) -> &Membership {
        &self.membership
    }

    #[inline]
    fn owner(&self, key: u64) -> usize {
        self.table.get(self.slot(key)).map_or(0, |&o| o as usize)
    }

    fn replicas_into(&self, key: u64, count: usize, out: &mut Vec<usize>) {
        out.clear();
        let count = count.min(self.membership.len());
        let start = self.slot(key);
        let len = self.table.len();
        for step in 0..len {
            if out.len() >= count {
                break;
            }
            let owner = self
                .table
                .get((start + step) % len)
                .map_or(0, |&o| o as usize);
            if !out.contains(&owner) {
                out.push(owner);
            }
        }
    }

    fn theory(&self, keys: usize) -> Theory {
        Theory::independent(&self.membership, keys)
    }
}

impl TryFrom<MaglevSpec> for Maglev {
    type Error = Error;
    fn try_from(spec: MaglevSpec) -> Result<Self, Error> {
        Maglev::new(spec.membership, spec.table_size)
    }
}

impl From<Maglev> for MaglevSpec {
    fn from(m: Maglev) -> MaglevSpec {
        MaglevSpec {
            membership: m.membership,
            table_size: m.size,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::{Node, Weight};

    #[test]
    fn primes() {
        assert!(is_prime(65_537));
        assert!(is_prime(655_373));
        assert!(!is_prime(65_535));
        assert!(!is_prime(1));
        assert!(is_prime(2));
        assert_eq!(TableSize::new(100), Err(Error::NotPrime { size: 100 }));
        assert!(TableSize::new(1).is_err());
        assert_eq!(TableSize::at_least(100).unwrap().get(), 101);
        assert_eq!(TableSize::at_least(0).unwrap().get(), 3);
        assert!(TableSize::at_least(u32::MAX).is_err());
    }

    #[test]
    fn table_is_full_and_balanced() {
        let m = Maglev::new(
            Membership::lettered(7).unwrap(),
            TableSize::new(701).unwrap(),
        )
        .unwrap();
        assert!(m.table().iter().all(|&o| o < 7));
        let counts = m.slot_counts();
        let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
        assert!(hi - lo <= 1, "{counts:?}");
        assert_eq!(counts.iter().sum::<u32>(), 701);
    }

    #[test]
    fn weights_give_turns() {
        let members = Membership::new(vec![
            Node::new("a"),
            Node::weighted("b", Weight::new(3).unwrap()),
        ])
        .unwrap();
        let m = Maglev::new(members, TableSize::new(1009).unwrap()).unwrap();
        let counts = m.slot_counts();
        // 1009 · 3/4 ≈ 756.75.
        assert!((755..=758).contains(&counts[1]), "{counts:?}");
    }

    #[test]
    fn too_small_a_table_is_refused() {
        let r = Maglev::new(Membership::lettered(5).unwrap(), TableSize::new(3).unwrap());
        assert_eq!(r, Err(Error::TableTooSmall { size: 3, nodes: 5 }));
        assert!(Maglev::new(Membership::lettered(3).unwrap(), TableSize::new(3).unwrap()).is_ok());
    }

    #[test]
    fn serde_round_trip() {
        let m = Maglev::new(
            Membership::lettered(3).unwrap(),
            TableSize::new(101).unwrap(),
        )
        .unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json,
            r#"{"membership":[{"name":"A","weight":1},{"name":"B","weight":1},{"name":"C","weight":1}],"table_size":101}"#
        );
        assert_eq!(serde_json::from_str::<Maglev>(&json).unwrap(), m);
        assert!(serde_json::from_str::<Maglev>(&json.replace("101", "100")).is_err());
    }
}
