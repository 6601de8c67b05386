//! A Fenwick (binary indexed) tree of counts: the order-statistic structure behind the
//! one-pass LRU miss-ratio curve.
//!
//! Fenwick, "A new data structure for cumulative frequency tables", Software: Practice
//! and Experience 24(3), 1994. Position `i` holds a count; adding to a position and
//! summing a prefix both take O(log n) time, in a flat `Vec<u32>` with no pointers.

/// Counts over positions `0..n`.
#[derive(Clone, Debug)]
pub(crate) struct Fenwick {
    tree: Vec<u32>,
}

impl Fenwick {
    /// `n` positions, all zero.
    pub(crate) fn new(n: usize) -> Self {
        Self {
            tree: vec![0; n + 1],
        }
    }

    /// How many positions there are.
    pub(crate) fn len(&self) -> usize {
        self.tree.len() - 1
    }

    /// Adds 1 at position `i` (ignored if out of range).
    #[inline]
    pub(crate) fn increment(&mut self, i: usize) {
        let mut j = i + 1;
        while let Some(slot) = self.tree.get_mut(j) {
            *slot = slot.wrapping_add(1);
            j += j & j.wrapping_neg();
        }
    }

    /// Subtracts 1 at position `i` (ignored if out of range).
    #[inline]
    pub(crate) fn decrement(&mut self, i: usize) {
        let mut j = i + 1;
        while let Some(slot) = self.tree.get_mut(j) {
            *slot = slot.wrapping_sub(1);
            j += j & j.wrapping_neg();
        }
    }

    /// The sum of positions `0..=i`.
    #[inline]
    pub(crate) fn prefix(&self, i: usize) -> u32 {
        let mut j = (i + 1).min(self.tree.len().saturating_sub(1));
        let mut sum = 0u32;
        while j > 0 {
            sum = sum.wrapping_add(self.tree.get(j).copied().unwrap_or(0));
            j &= j - 1;
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_sums() {
        let mut f = Fenwick::new(10);
        for i in [0, 3, 3, 9] {
            f.increment(i);
        }
        assert_eq!(f.prefix(0), 1);
        assert_eq!(f.prefix(2), 1);
        assert_eq!(f.prefix(3), 3);
        assert_eq!(f.prefix(9), 4);
        f.decrement(3);
        assert_eq!(f.prefix(9), 3);
        assert_eq!(f.prefix(100), 3);
    }
}
