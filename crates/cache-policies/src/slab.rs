//! An arena of doubly linked nodes addressed by `u32` indices.
//!
//! Recency lists (ARC, 2Q, SIEVE, W-TinyLFU, LFU's buckets) need O(1) removal from
//! the middle. Instead of heap-allocated nodes and pointers, every node lives in one
//! `Vec`, links are 32-bit indices and freed nodes are recycled through a free list. A
//! node with a `u64` key and no payload takes 16 bytes; neighbours are often close in
//! memory, and the whole structure is a plain value that clones and serialises.
//!
//! Several lists can share one slab (ARC keeps its four lists in one): a [`List`] is just
//! a head, a tail and a length, passed to the slab's methods.
//!
//! Indices come only from the slab itself, never from a caller, so indexing cannot be
//! driven out of bounds by any input.

use serde::{Deserialize, Serialize};

/// The "no node" index.
pub(crate) const NIL: u32 = u32::MAX;

/// One node: a key, its links and a payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Node<T> {
    /// The key stored here.
    pub(crate) key: u64,
    /// The neighbour towards the list's head (newer end), or [`NIL`].
    pub(crate) prev: u32,
    /// The neighbour towards the list's tail (older end), or [`NIL`].
    pub(crate) next: u32,
    /// Per-policy data (a list tag, a frequency, a visited bit).
    pub(crate) data: T,
}

/// A list threaded through a [`Slab`]: head is the newest end, tail the oldest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct List {
    pub(crate) head: u32,
    pub(crate) tail: u32,
    pub(crate) len: u32,
}

impl Default for List {
    fn default() -> Self {
        Self {
            head: NIL,
            tail: NIL,
            len: 0,
        }
    }
}

/// The arena.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Slab<T> {
    nodes: Vec<Node<T>>,
    /// Head of the free list (threaded through `next`), or [`NIL`].
    free: u32,
}

impl<T: Copy> Slab<T> {
    /// An empty slab with room for `n` nodes before it reallocates.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            nodes: Vec::with_capacity(n),
            free: NIL,
        }
    }

    /// A node, by index.
    #[inline(always)]
    pub(crate) fn node(&self, idx: u32) -> &Node<T> {
        &self.nodes[idx as usize]
    }

    /// A node, by index, mutably.
    #[inline(always)]
    pub(crate) fn node_mut(&mut self, idx: u32) -> &mut Node<T> {
        &mut self.nodes[idx as usize]
    }

    /// Stores a new unlinked node and returns its index.
    #[inline(always)]
    pub(crate) fn alloc(&mut self, key: u64, data: T) -> u32 {
        if self.free != NIL {
            let idx = self.free;
            let node = &mut self.nodes[idx as usize];
            self.free = node.next;
            *node = Node {
                key,
                prev: NIL,
                next: NIL,
                data,
            };
            idx
        } else {
            let idx = self.nodes.len() as u32;
            self.nodes.push(Node {
                key,
                prev: NIL,
                next: NIL,
                data,
            });
            idx
        }
    }

    /// Returns an unlinked node to the free list.
    #[inline(always)]
    pub(crate) fn release(&mut self, idx: u32) {
        let free = self.free;
        let node = &mut self.nodes[idx as usize];
        node.prev = NIL;
        node.next = free;
        self.free = idx;
    }

    /// Links an unlinked node at the head (newest end) of `list`.
    #[inline(always)]
    pub(crate) fn push_front(&mut self, list: &mut List, idx: u32) {
        let old_head = list.head;
        {
            let node = &mut self.nodes[idx as usize];
            node.prev = NIL;
            node.next = old_head;
        }
        if old_head != NIL {
            self.nodes[old_head as usize].prev = idx;
        } else {
            list.tail = idx;
        }
        list.head = idx;
        list.len += 1;
    }

    /// Links an unlinked node right after `at` (towards the tail) in `list`.
    #[inline(always)]
    pub(crate) fn insert_after(&mut self, list: &mut List, at: u32, idx: u32) {
        let after = self.nodes[at as usize].next;
        {
            let node = &mut self.nodes[idx as usize];
            node.prev = at;
            node.next = after;
        }
        self.nodes[at as usize].next = idx;
        if after != NIL {
            self.nodes[after as usize].prev = idx;
        } else {
            list.tail = idx;
        }
        list.len += 1;
    }

    /// Unlinks a node from `list` (it must be in it).
    #[inline(always)]
    pub(crate) fn unlink(&mut self, list: &mut List, idx: u32) {
        let (prev, next) = {
            let node = &self.nodes[idx as usize];
            (node.prev, node.next)
        };
        if prev != NIL {
            self.nodes[prev as usize].next = next;
        } else {
            list.head = next;
        }
        if next != NIL {
            self.nodes[next as usize].prev = prev;
        } else {
            list.tail = prev;
        }
        list.len -= 1;
    }

    /// Moves a node of `list` to its head.
    #[inline(always)]
    pub(crate) fn move_to_front(&mut self, list: &mut List, idx: u32) {
        if list.head != idx {
            self.unlink(list, idx);
            self.push_front(list, idx);
        }
    }

    /// Unlinks and returns the tail (oldest) node of `list`, if any.
    #[inline(always)]
    pub(crate) fn pop_back(&mut self, list: &mut List) -> Option<u32> {
        let tail = list.tail;
        if tail == NIL {
            return None;
        }
        self.unlink(list, tail);
        Some(tail)
    }

    /// The indices of `list`, head (newest) first.
    pub(crate) fn iter(&self, list: &List) -> ListIter<'_, T> {
        ListIter {
            slab: self,
            at: list.head,
        }
    }
}

/// Walks a list from head to tail.
pub(crate) struct ListIter<'a, T> {
    slab: &'a Slab<T>,
    at: u32,
}

impl<'a, T: Copy> Iterator for ListIter<'a, T> {
    type Item = &'a Node<T>;

    fn next(&mut self) -> Option<Self::Item> {
        let node = self.slab.nodes.get(self.at as usize)?;
        self.at = node.next;
        Some(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(slab: &Slab<()>, list: &List) -> Vec<u64> {
        slab.iter(list).map(|n| n.key).collect()
    }

    #[test]
    fn lists_link_unlink_and_recycle() {
        let mut slab = Slab::with_capacity(4);
        let mut list = List::default();
        let a = slab.alloc(1, ());
        let b = slab.alloc(2, ());
        let c = slab.alloc(3, ());
        slab.push_front(&mut list, a);
        slab.push_front(&mut list, b);
        slab.push_front(&mut list, c);
        assert_eq!(keys(&slab, &list), vec![3, 2, 1]);
        slab.move_to_front(&mut list, a);
        assert_eq!(keys(&slab, &list), vec![1, 3, 2]);
        assert_eq!(slab.pop_back(&mut list), Some(b));
        slab.release(b);
        let d = slab.alloc(4, ());
        assert_eq!(d, b, "freed nodes are reused");
        slab.insert_after(&mut list, a, d);
        assert_eq!(keys(&slab, &list), vec![1, 4, 3]);
        assert_eq!(list.len, 3);
        slab.unlink(&mut list, c);
        assert_eq!(keys(&slab, &list), vec![1, 4]);
        assert_eq!(slab.node(list.tail).key, 4);
    }
}
