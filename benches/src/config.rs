//! The criterion configuration every bench in this package uses, including the quick mode.
//!
//! `EDGEAUTH_BENCH_QUICK=1` shortens warm-up and measurement so that a full `cargo bench` stays
//! under five minutes on a two-core machine; the numbers are noisier but the ratios hold. The
//! default settings are criterion's (3 s warm-up, 5 s measurement, 100 samples) minus one second
//! of warm-up, which is plenty for sub-millisecond operations.
//!
//! Every criterion bench in this package must use [`criterion()`]: this package enables plotters'
//! `ab_glyph` text rendering (for `bench-report`'s PNG charts), which turns off plotters' system
//! font lookup, so criterion's own plots find no font and panic (`FontUnavailable`) unless the
//! compiled-in DejaVu Sans is registered first, as [`criterion()`] does.

use core::time::Duration;
use criterion::Criterion;

/// The environment variable that selects the quick mode.
pub const QUICK_ENV: &str = "EDGEAUTH_BENCH_QUICK";

/// Whether `EDGEAUTH_BENCH_QUICK` is set to something other than `0` or the empty string.
pub fn quick() -> bool {
    std::env::var(QUICK_ENV).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The criterion settings for this run: quick (0.3 s warm-up, 0.8 s measurement, 30 samples)
/// or full (2 s warm-up, 5 s measurement, 100 samples).
/// Quick mode also skips criterion's HTML plots. `criterion_group!` applies the command-line
/// arguments on top.
pub fn criterion() -> Criterion {
    let c = Criterion::default();
    let c = if crate::report::chart::register_font().is_ok() {
        c
    } else {
        c.without_plots()
    };
    if quick() {
        c.without_plots()
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_millis(800))
            .sample_size(30)
    } else {
        c.warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(5))
            .sample_size(100)
    }
}

/// Thread CPU time (`CLOCK_THREAD_CPUTIME_ID`) as a criterion measurement.
///
/// On a shared machine the benchmark thread is descheduled for long stretches, which wall time
/// counts and CPU time does not; the JWT groups therefore report CPU time per operation. What
/// remains is the interference other processes cause while this thread runs (caches, SMT
/// siblings), which affects every library in a group alike.
#[derive(Clone, Copy, Debug, Default)]
pub struct CpuTime;

impl criterion::measurement::Measurement for CpuTime {
    type Intermediate = cpu_time::ThreadTime;
    type Value = Duration;

    fn start(&self) -> Self::Intermediate {
        cpu_time::ThreadTime::now()
    }

    fn end(&self, i: Self::Intermediate) -> Self::Value {
        i.elapsed()
    }

    fn add(&self, v1: &Self::Value, v2: &Self::Value) -> Self::Value {
        *v1 + *v2
    }

    fn zero(&self) -> Self::Value {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Self::Value) -> f64 {
        value.as_secs_f64() * 1e9
    }

    fn formatter(&self) -> &dyn criterion::measurement::ValueFormatter {
        static WALL: criterion::measurement::WallTime = criterion::measurement::WallTime;
        criterion::measurement::Measurement::formatter(&WALL)
    }
}

/// [`criterion()`]'s settings, measuring thread CPU time ([`CpuTime`]) instead of wall time.
pub fn criterion_cpu() -> Criterion<CpuTime> {
    criterion().with_measurement(CpuTime)
}
