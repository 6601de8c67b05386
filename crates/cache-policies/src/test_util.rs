//! Helpers for the unit tests.

use crate::policy::{Capacity, Key, Policy};

/// A capacity known to be valid.
pub(crate) fn cap(n: u32) -> Capacity {
    Capacity::new(n).unwrap_or_else(|e| panic!("{e}"))
}

/// Feeds keys to a policy.
pub(crate) fn run_keys(p: &mut impl Policy, keys: &[Key]) {
    for &k in keys {
        p.access(k);
    }
}
