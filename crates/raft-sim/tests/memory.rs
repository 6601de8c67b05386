//! The memory a history needs for stepping back and scrubbing: a 10,000-event run of
//! five servers, measured with a counting allocator (target: under 64 MB).

use raft_sim::{ClusterConfig, Command, History};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers to the system allocator and only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same layout, passed through.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same pointer and layout, passed through.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn a_10k_event_history_stays_under_64_mb() {
    let before = LIVE.load(Ordering::Relaxed);
    let mut h = History::new(ClusterConfig::new(5, 11).unwrap());
    for i in 0..10_000u64 {
        if i % 20 == 0 && h.cluster().leader().is_some() {
            let _ = h.apply(Command::ClientWrite { to: None });
        } else {
            h.step();
        }
    }
    let bytes = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    eprintln!(
        "10,000-event history: {:.2} MB live ({} snapshots, {} reports)",
        bytes as f64 / 1e6,
        h.snapshot_count(),
        h.len()
    );
    assert!(bytes < 64 << 20, "{bytes} bytes");
    // Scrubbing across the whole run keeps working.
    h.seek(0);
    h.seek(9_999);
    assert_eq!(h.position(), 9_999);
}
