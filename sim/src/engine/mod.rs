//! The discrete-event engine: simulated time, the event queue, the run's random-number source,
//! sampling distributions, FCFS resources and latency statistics.
//!
//! The engine knows nothing about authentication. It owns the clock and the order of events; the
//! model (`crate::model`) owns the state transitions. Everything here is deterministic: time is an
//! integer number of nanoseconds, ties are broken by insertion order, and all randomness comes from
//! one seeded generator per run.

pub mod dist;
pub mod fcfs;
pub mod queue;
pub mod rng;
pub mod stats;

pub use dist::Dist;
pub use fcfs::MultiServerFcfs;
pub use queue::EventQueue;
pub use rng::SimRng;
pub use stats::{LatencyRecorder, LatencySummary};

/// Simulated time in nanoseconds since the start of the run.
///
/// Integer time keeps runs bit-for-bit reproducible: no floating-point rounding ever decides the
/// order of two events. 2^64 ns is about 584 years, far beyond any scenario.
pub type Nanos = u64;

/// Nanoseconds per second.
pub const NS_PER_S: u64 = 1_000_000_000;
/// Nanoseconds per microsecond.
pub const NS_PER_US: u64 = 1_000;

/// Converts seconds (from a scenario file) to nanoseconds, rounding to the nearest nanosecond.
///
/// Negative and non-finite inputs are refused by scenario validation before they get here; this
/// saturates instead of panicking so that a bug upstream cannot crash a long sweep.
#[must_use]
pub fn secs(s: f64) -> Nanos {
    to_nanos(s * 1e9)
}

/// Converts microseconds to nanoseconds (see [`secs`] for rounding and saturation).
#[must_use]
pub fn micros(us: f64) -> Nanos {
    to_nanos(us * 1e3)
}

/// Converts a nanosecond count held in an `f64` to [`Nanos`], saturating at the bounds.
#[must_use]
pub fn to_nanos(ns: f64) -> Nanos {
    if ns.is_nan() || ns <= 0.0 {
        0
    } else if ns >= u64::MAX as f64 {
        u64::MAX
    } else {
        // Rounded and range-checked just above, so the cast cannot wrap.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = ns.round() as u64;
        n
    }
}

/// Converts nanoseconds to seconds for reporting.
#[must_use]
pub fn as_secs(ns: Nanos) -> f64 {
    ns as f64 / 1e9
}

/// Converts nanoseconds to microseconds for reporting.
#[must_use]
pub fn as_micros(ns: Nanos) -> f64 {
    ns as f64 / 1e3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_and_saturate() {
        assert_eq!(secs(1.5), 1_500_000_000);
        assert_eq!(micros(0.0004), 0);
        assert_eq!(micros(0.0006), 1);
        assert_eq!(secs(-1.0), 0);
        assert_eq!(secs(f64::NAN), 0);
        assert_eq!(secs(f64::INFINITY), u64::MAX);
        assert!((as_secs(2_500_000_000) - 2.5).abs() < 1e-12);
        assert!((as_micros(1_500) - 1.5).abs() < 1e-12);
    }
}
