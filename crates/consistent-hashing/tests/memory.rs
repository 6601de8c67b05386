//! The memory target: 100,000 keys on 10 nodes of 1,000 virtual nodes each stay
//! under 32 MB. Measured here natively with a counting allocator (peak live heap); in
//! WebAssembly pointers and `usize` are half as wide, so the heap is no larger.

use consistent_hashing::{
    Algorithm, Change, Cluster, ClusterSpec, KeySet, Membership, Replication, VirtualNodes, Weight,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(live, Ordering::SeqCst);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn hundred_thousand_keys_fit_in_32_mb() {
    let start = LIVE.load(Ordering::SeqCst);
    PEAK.store(start, Ordering::SeqCst);
    let mut cluster = Cluster::new(ClusterSpec {
        algorithm: Algorithm::Ring {
            vnodes: VirtualNodes::new(1_000).unwrap(),
        },
        membership: Membership::lettered(10).unwrap(),
        keys: KeySet::uniform(1, 100_000).unwrap(),
        replication: Replication::new(3).unwrap(),
    })
    .unwrap();
    let resident = LIVE.load(Ordering::SeqCst) - start;
    // A join keeps the old and new placements and the move report alive at once.
    let step = cluster
        .apply(Change::AddNode {
            name: "K".into(),
            weight: Weight::ONE,
        })
        .unwrap();
    let peak = PEAK.load(Ordering::SeqCst) - start;
    eprintln!(
        "resident {:.1} MB, peak during a join {:.1} MB ({} keys moved)",
        resident as f64 / 1e6,
        peak as f64 / 1e6,
        step.moves.as_ref().map_or(0, |m| m.moved())
    );
    assert!(peak < 32 * 1024 * 1024, "peak {peak} bytes");
}
