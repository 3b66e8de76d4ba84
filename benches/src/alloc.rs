//! Counting heap allocations per operation with a `stats_alloc` global allocator.
//!
//! The allocator itself must be declared by the binary (`#[global_allocator]` in
//! `benches/alloc_counts.rs` and the tests), never here: timing benches link this library too and
//! must run on the plain system allocator.

use core::alloc::GlobalAlloc;
use stats_alloc::{Region, StatsAlloc};

/// Heap activity of one operation, averaged over the measured runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PerOp {
    /// Allocations per operation (`alloc` calls, `realloc` not included).
    pub allocations: f64,
    /// Reallocations per operation.
    pub reallocations: f64,
    /// Bytes requested per operation (allocations and the growth of reallocations).
    pub bytes: f64,
}

impl PerOp {
    /// Whether the operation touched the heap at all.
    pub fn is_zero(&self) -> bool {
        self.allocations == 0.0 && self.reallocations == 0.0
    }
}

/// Runs `op` once to warm up (lazy statics, thread-locals, first-call caches), then `runs` times
/// under `allocator`'s counters, and returns the averages. Errors from `op` are returned.
pub fn measure<A: GlobalAlloc>(
    allocator: &StatsAlloc<A>,
    runs: u32,
    op: &mut dyn FnMut() -> Result<usize, String>,
) -> Result<PerOp, String> {
    op()?;
    let region = Region::new(allocator);
    for _ in 0..runs {
        core::hint::black_box(op()?);
    }
    let stats = region.change();
    let n = f64::from(runs.max(1));
    #[allow(clippy::cast_precision_loss)] // counts and byte totals stay far below 2^52
    Ok(PerOp {
        allocations: stats.allocations as f64 / n,
        reallocations: stats.reallocations as f64 / n,
        bytes: (stats.bytes_allocated + stats.bytes_reallocated.max(0).unsigned_abs()) as f64 / n,
    })
}
