//! A counting global allocator for tests and benches.
//!
//! Install it in a test or bench binary, then measure a closure:
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOC: edgeauth_alloc_counter::CountingAllocator = edgeauth_alloc_counter::CountingAllocator;
//!
//! let (allocations, result) = edgeauth_alloc_counter::count(|| do_work());
//! assert_eq!(allocations, 0);
//! ```
//!
//! Only allocations made *on the calling thread* while the closure runs are counted, so the test
//! harness's own threads cannot disturb a measurement.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

/// Forwards to the system allocator and counts allocations (and reallocations) made on a thread
/// inside [`count`].
pub struct CountingAllocator;

fn record() {
    // `try_with`: during thread teardown the thread-locals may be gone; never panic in an allocator.
    let counting = COUNTING.try_with(Cell::get).unwrap_or(false);
    if counting {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so `System`'s
// guarantees carry over; the bookkeeping touches only const-initialised thread-locals (no
// allocation, no re-entrancy).
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record();
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record();
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record();
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Runs `f` and returns how many heap allocations it made on this thread, with its result.
///
/// Only meaningful when [`CountingAllocator`] is the binary's `#[global_allocator]`; otherwise
/// the count is always zero, so tests should also call [`is_installed`].
pub fn count<R>(f: impl FnOnce() -> R) -> (usize, R) {
    ALLOCATIONS.with(|c| c.set(0));
    COUNTING.with(|c| c.set(true));
    let result = f();
    COUNTING.with(|c| c.set(false));
    (ALLOCATIONS.with(Cell::get), result)
}

/// Whether the counting allocator is really installed (it counts a deliberate allocation).
pub fn is_installed() -> bool {
    let (n, boxed) = count(|| Box::new(std::hint::black_box(42u64)));
    drop(boxed);
    n == 1
}
