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
#[inline]
#[must_use]
pub fn to_nanos(ns: f64) -> Nanos {
    if ns.is_nan() || ns <= 0.0 {
        0
    } else if ns >= u64::MAX as f64 {
        u64::MAX
    } else {
        // `f64::round` without SSE4.1 is a library call (a tenth of the run loop's instructions
        // once, two calls per request); this is the same rounding (half away from zero) in a
        // truncating conversion and a compare. Below 2^52 the subtraction is exact; at or above
        // it every `f64` is an integer, so `frac` is 0. `0 < ns < 2^64` here, so neither the
        // cast nor the increment can wrap. Below 2^63 the conversions go through `i64`, which
        // x86-64 converts in one instruction each way (`u64` takes a branchy sequence).
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        if ns < I64_LIMIT {
            let t = ns as i64;
            let frac = ns - t as f64;
            t as u64 + u64::from(frac >= 0.5)
        } else {
            let t = ns as u64;
            let frac = ns - t as f64;
            t + u64::from(frac >= 0.5)
        }
    }
}

/// 2^63: below it, `f64` ↔ integer conversions can go through `i64`.
const I64_LIMIT: f64 = 9_223_372_036_854_775_808.0;

/// `x as f64`, through `i64` when it fits (one instruction instead of a branchy sequence; the
/// same integer, so the same correctly rounded result).
#[inline]
#[must_use]
pub fn nanos_to_f64(x: Nanos) -> f64 {
    #[allow(clippy::cast_possible_wrap)]
    if x < 1 << 63 {
        x as i64 as f64
    } else {
        x as f64
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
        for x in [0, 1, (1 << 53) + 1, (1 << 63) - 1, 1 << 63, u64::MAX] {
            assert_eq!(nanos_to_f64(x).to_bits(), (x as f64).to_bits(), "{x}");
        }
    }

    #[test]
    fn to_nanos_rounds_exactly_like_f64_round() {
        // Halves, values next to halves, the 2^52/2^53 boundaries and the top of the range.
        let mut cases = vec![
            0.5,
            1.5,
            2.5,
            0.499_999_999_999_999_94,
            1e-300,
            4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            9_007_199_254_740_993.0,
            9_223_372_036_854_774_784.0,
            9_223_372_036_854_775_808.0,
            18_446_744_073_709_549_568.0,
        ];
        let mut x = 0.37_f64;
        for _ in 0..100_000 {
            x = (x * 1.618_033_988_749_895 + 0.1).fract();
            cases.push(x * 1e12);
            cases.push(x * 10.0);
            cases.push((x * 1e6).floor() + 0.5);
        }
        for ns in cases {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let expected = ns.round() as u64;
            assert_eq!(to_nanos(ns), expected, "{ns}");
            assert_eq!(to_nanos(f64::from_bits(ns.to_bits() + 1)), {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let e = f64::from_bits(ns.to_bits() + 1).round() as u64;
                e
            });
        }
    }
}
