//! The sorted points of a ring, shared by [`HashRing`](crate::ring::HashRing) and
//! [`BoundedLoads`](crate::bounded::BoundedLoads), and the search for a key's successor.
//!
//! A plain binary search over 10,000 points takes 14 dependent steps per key, and
//! placing 100,000 keys that way is most of a membership change. Since positions are
//! uniform hashes, the circle is also cut into `2^b` equal buckets (about one per point)
//! and `starts[j]` records the first point in bucket `j`: a key's successor is then
//! among the few points of the key's own bucket, or it is the first point after it.
//! This is the classic bucket index over uniformly distributed keys (Knuth, TAOCP
//! vol. 3, §6.4's discussion of address calculation); it changes no answer, only the
//! cost of finding it.

use crate::hash::combine;
use crate::node::Membership;
use crate::placement::index_u32;
use crate::ring::VirtualNodes;
use crate::Error;

/// The most index bits: 2^16 buckets (256 KiB) even for the largest rings, whose
/// buckets then hold about 32 points each.
const MAX_BITS: u32 = 16;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Points {
    pub(crate) positions: Vec<u64>,
    pub(crate) owners: Vec<u32>,
    pub(crate) vnodes: Vec<u32>,
    /// `starts[j]`: the index of the first point at or after bucket `j`'s start
    /// (`j << shift`); `starts[2^b] == len`.
    starts: Vec<u32>,
    /// `64 − b`: a key's bucket is `key >> shift`.
    shift: u32,
}

impl Points {
    /// The most points a ring may hold (32 MiB of points).
    pub(crate) const LIMIT: u64 = 2 * 1024 * 1024;

    pub(crate) fn build(membership: &Membership, vnodes: VirtualNodes) -> Result<Self, Error> {
        let total = membership.total_weight() * u64::from(vnodes.get());
        if total > Self::LIMIT {
            return Err(Error::TooManyPoints {
                points: total,
                limit: Self::LIMIT,
            });
        }
        // (position, name hash, vnode, node index): sorting on the first three makes the
        // order independent of the membership's order, even on a position tie.
        let mut all: Vec<(u64, u64, u32, u32)> = Vec::with_capacity(total as usize);
        for (index, node) in membership.nodes().iter().enumerate() {
            let seed = node.name_hash();
            let count = node.weight.get() * vnodes.get();
            for vnode in 0..count {
                all.push((
                    combine(seed, u64::from(vnode)),
                    seed,
                    vnode,
                    index_u32(index),
                ));
            }
        }
        all.sort_unstable();
        // Two points at one position (odds about 10⁻⁷ even at 2 million points): the
        // first in sort order owns every key there, so the second is dropped.
        all.dedup_by_key(|p| p.0);
        let positions: Vec<u64> = all.iter().map(|p| p.0).collect();
        let (starts, shift) = bucket_starts(&positions);
        Ok(Points {
            owners: all.iter().map(|p| p.3).collect(),
            vnodes: all.iter().map(|p| p.2).collect(),
            positions,
            starts,
            shift,
        })
    }

    /// The index of the first point at or after `key`, wrapping to 0.
    #[inline]
    pub(crate) fn successor(&self, key: u64) -> usize {
        let bucket = (key >> self.shift) as usize;
        // Points before `lo` lie in earlier buckets (below `key`); points from `hi` on
        // lie in later ones (above it). The answer is in `lo..=hi`.
        let (lo, hi) = match (self.starts.get(bucket), self.starts.get(bucket + 1)) {
            (Some(&lo), Some(&hi)) => (lo as usize, hi as usize),
            _ => (0, self.positions.len()),
        };
        let within = self
            .positions
            .get(lo..hi)
            .map_or(0, |run| run.partition_point(|&p| p < key));
        let i = lo + within;
        if i == self.positions.len() {
            0
        } else {
            i
        }
    }

    #[inline]
    pub(crate) fn owner_at(&self, point: usize) -> usize {
        self.owners.get(point).map_or(0, |&o| o as usize)
    }

    /// Distinct owners clockwise from point `start`, at most `count`.
    pub(crate) fn distinct_from(&self, start: usize, count: usize, out: &mut Vec<usize>) {
        out.clear();
        let len = self.owners.len();
        for step in 0..len {
            if out.len() >= count {
                break;
            }
            let owner = self.owner_at((start + step) % len);
            if !out.contains(&owner) {
                out.push(owner);
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.positions.len()
    }
}

/// The bucket index of sorted `positions`: `b` bits with `2^b` about the number of
/// points (1 to [`MAX_BITS`]), and the first point of every bucket.
fn bucket_starts(positions: &[u64]) -> (Vec<u32>, u32) {
    let bits = positions
        .len()
        .next_power_of_two()
        .trailing_zeros()
        .clamp(1, MAX_BITS);
    let shift = 64 - bits;
    let buckets = 1usize << bits;
    let mut starts = Vec::with_capacity(buckets + 1);
    let mut point = 0;
    for bucket in 0..buckets {
        while positions
            .get(point)
            .is_some_and(|&p| ((p >> shift) as usize) < bucket)
        {
            point += 1;
        }
        starts.push(index_u32(point));
    }
    starts.push(index_u32(positions.len()));
    (starts, shift)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain binary search the index stands in for.
    fn searched(positions: &[u64], key: u64) -> usize {
        let i = positions.partition_point(|&p| p < key);
        if i == positions.len() {
            0
        } else {
            i
        }
    }

    fn points_at(mut positions: Vec<u64>) -> Points {
        positions.sort_unstable();
        positions.dedup();
        let (starts, shift) = bucket_starts(&positions);
        Points {
            owners: vec![0; positions.len()],
            vnodes: vec![0; positions.len()],
            positions,
            starts,
            shift,
        }
    }

    proptest! {
        #[test]
        fn the_index_finds_what_binary_search_finds(
            positions in proptest::collection::vec(any::<u64>(), 1..300),
            keys in proptest::collection::vec(any::<u64>(), 1..50),
        ) {
            let points = points_at(positions);
            // Random keys, and each point itself and its neighbours (the edges of runs).
            let edges = points.positions.iter().flat_map(|&p| [p, p.wrapping_sub(1), p.wrapping_add(1)]);
            for key in keys.into_iter().chain(edges).chain([0, u64::MAX]) {
                prop_assert_eq!(points.successor(key), searched(&points.positions, key));
            }
        }

        #[test]
        fn clustered_points_share_a_bucket_and_are_still_found(
            base in any::<u64>(),
            offsets in proptest::collection::vec(0u64..1_000, 1..200),
            key_offsets in proptest::collection::vec(0u64..1_100, 1..50),
        ) {
            let points = points_at(offsets.iter().map(|&o| base.wrapping_add(o)).collect());
            for o in key_offsets {
                let key = base.wrapping_add(o);
                prop_assert_eq!(points.successor(key), searched(&points.positions, key));
            }
        }
    }

    #[test]
    fn buckets_are_about_one_per_point_and_bounded() {
        let points = points_at(
            (0..10_000u64)
                .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
                .collect(),
        );
        assert_eq!(points.starts.len(), (1 << 14) + 1);
        assert_eq!(*points.starts.last().unwrap() as usize, points.len());
        let huge = points_at(
            (0..200_000u64)
                .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
                .collect(),
        );
        assert_eq!(huge.starts.len(), (1 << MAX_BITS) + 1);
        let one = points_at(vec![42]);
        assert_eq!(one.successor(41), 0);
        assert_eq!(one.successor(43), 0, "past the last point the ring wraps");
    }
}
