//! The report's charts: each builder reads the suite's results and returns a chart, the scenario
//! parameters behind it, and sentences computed from its numbers.
//!
//! Builders never run simulations and never state a number they did not read from a
//! [`RunSummary`](crate::model::RunSummary), the calibration, or a token the core encoded.
//! Colours are fixed per design so a design looks the same in every chart.

mod cost;
mod failures;
mod load;
mod revocation;

use super::chart::Rgb;
use super::markdown::Section;
use super::runner::{Outcome, SuiteResults};
use super::suite::{Defaults, HANDLER_MEAN_US, STORE_SERVICE_MEAN_US, Size, Study, fmt_duration};
use super::tokens::TokenSize;
use crate::calibration::Calibration;
use crate::model::DesignKind;

/// Everything a chart builder may read.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// Results of every job.
    pub results: &'a SuiteResults,
    /// The suite's design parameters.
    pub defaults: &'a Defaults,
    /// The calibration the runs used.
    pub cal: &'a Calibration,
    /// Full or quick.
    pub size: Size,
    /// Token sizes encoded by the core.
    pub tokens: &'a [TokenSize],
}

impl<'a> Ctx<'a> {
    /// Outcomes of one study, in suite order.
    pub fn study(&self, s: Study) -> Vec<&'a Outcome> {
        self.results
            .outcomes
            .iter()
            .filter(|o| o.job.study == s)
            .collect()
    }

    /// The first outcome of a study for a design.
    pub fn find(&self, s: Study, d: DesignKind) -> Option<&'a Outcome> {
        self.results
            .outcomes
            .iter()
            .find(|o| o.job.study == s && o.job.design == d)
    }
}

/// Builds every chart section, in report order.
pub fn build_all(ctx: &Ctx<'_>) -> Vec<Section> {
    vec![
        cost::auth_cost(ctx),
        load::latency_vs_load(ctx),
        load::store_ops_vs_servers(ctx),
        revocation::exposure_cdf(ctx),
        revocation::ttl_tradeoff(ctx),
        revocation::incident(ctx),
        failures::failures(ctx),
        cost::wire(ctx),
        cost::cores(ctx),
    ]
}

/// Fixed colour of a design (the Tableau 10 palette, readable on white and by most colour-blind
/// readers when combined with the legend order).
pub fn color(d: DesignKind) -> Rgb {
    match d {
        DesignKind::Jwt => Rgb(31, 119, 180),
        DesignKind::JwtBlocklistRemote => Rgb(255, 127, 14),
        DesignKind::JwtBlocklistPoll => Rgb(44, 160, 44),
        DesignKind::JwtBlocklistPush => Rgb(148, 103, 189),
        DesignKind::Session => Rgb(214, 39, 40),
        DesignKind::SessionCached => Rgb(140, 86, 75),
        DesignKind::SessionSticky => Rgb(227, 119, 194),
        DesignKind::RefreshRotation => Rgb(23, 190, 207),
    }
}

/// A lighter or darker variant of a colour, for several series of one design (e.g. JWT TTLs).
pub fn shade(c: Rgb, k: usize) -> Rgb {
    let f = [1.0, 0.65, 0.4, 1.35][k % 4];
    let ch = |v: u8| -> u8 {
        let v = f64::from(v);
        let out = if f <= 1.0 {
            v * f
        } else {
            v + (255.0 - v) * (f - 1.0)
        };
        out.round().clamp(0.0, 255.0) as u8
    };
    Rgb(ch(c.0), ch(c.1), ch(c.2))
}

/// Microseconds for prose: `0.42 µs`, `37 µs`, `1.2 ms`.
pub fn us(v: f64) -> String {
    if v >= 1000.0 {
        ms(v / 1000.0)
    } else if v >= 10.0 {
        format!("{v:.0} µs")
    } else {
        format!("{v:.2} µs")
    }
}

/// Milliseconds for prose: `0.30 ms`, `12 ms`, `1.5 s`.
pub fn ms(v: f64) -> String {
    if v >= 1000.0 {
        secs(v / 1000.0)
    } else if v >= 10.0 {
        format!("{v:.0} ms")
    } else {
        format!("{v:.2} ms")
    }
}

/// Seconds for prose: `0.4 ms`, `2.5 s`, `14.8 min`.
pub fn secs(v: f64) -> String {
    if v == 0.0 {
        "0 s".to_owned()
    } else if v < 1.0 {
        ms(v * 1000.0)
    } else if v < 120.0 {
        format!("{v:.1} s")
    } else if v < 7200.0 {
        format!("{:.1} min", v / 60.0)
    } else {
        format!("{:.1} h", v / 3600.0)
    }
}

/// A rate or count for prose: `0`, `12`, `4.5k`, `1.2M` (thousands separators would be
/// locale-dependent).
pub fn num(v: f64) -> String {
    if v.abs() >= 1000.0 {
        super::render::fmt_num(v)
    } else if v == v.round() {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// A fraction as a percentage for prose.
pub fn pct(v: f64) -> String {
    let p = v * 100.0;
    if p == 0.0 {
        "0%".to_owned()
    } else if p < 0.1 {
        format!("{p:.3}%")
    } else if p < 10.0 {
        format!("{p:.1}%")
    } else {
        format!("{p:.0}%")
    }
}

/// Measured seconds of a run (after warm-up).
pub fn measured_s(o: &Outcome) -> f64 {
    (o.summary.duration_s - o.summary.warmup_s).max(1e-9)
}

/// Parameter lines shared by most charts: cluster, handler, store.
pub fn cluster_params(o: &Outcome) -> Vec<String> {
    let s = &o.job.scenario;
    vec![
        format!(
            "cluster: {} servers × {} cores, round-robin balancing; handler CPU exponential, mean {} µs",
            s.cluster.servers, s.cluster.cores, HANDLER_MEAN_US
        ),
        format!(
            "store: {} shard(s), service exponential mean {} µs, capacity {} operations per shard; \
             network round trip lognormal p50 250 µs / p99 1 ms",
            s.store.shards,
            match s.store.service {
                crate::scenario::DistSpec::Exponential { mean_us } => num(mean_us),
                _ => num(STORE_SERVICE_MEAN_US),
            },
            s.store.capacity
        ),
        format!(
            "workload: Poisson arrivals at {} requests/s from {} users, {} simulated ({} warm-up)",
            num(s.workload.rate),
            num(f64::from(s.workload.users)),
            secs(s.duration_s),
            secs(s.warmup_s)
        ),
    ]
}

/// Parameter line for the designs' settings.
pub fn design_params(d: &Defaults) -> String {
    format!(
        "designs: {} tokens, TTL {} (refresh_rotation access token {}); blocklist poll every {}; \
         push delay lognormal p50 {} / p99 {}; session cache {}",
        d.alg,
        fmt_duration(d.ttl_s),
        fmt_duration(d.access_ttl_s),
        fmt_duration(d.poll_s),
        ms(d.push_p50_us / 1000.0),
        ms(d.push_p99_us / 1000.0),
        fmt_duration(d.cache_ttl_s)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_units() {
        assert_eq!(us(0.4234), "0.42 µs");
        assert_eq!(us(37.2), "37 µs");
        assert_eq!(us(1500.0), "1.50 ms");
        assert_eq!(secs(0.0004), "0.40 ms");
        assert_eq!(secs(900.0), "15.0 min");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(12_345.0), "12.3k");
        assert_eq!(pct(0.25), "25%");
        assert_eq!(pct(0.0123), "1.2%");
    }

    #[test]
    fn shades_stay_in_range() {
        let c = Rgb(200, 10, 0);
        assert_eq!(shade(c, 0), c);
        assert_eq!(shade(c, 2), Rgb(80, 4, 0));
        let light = shade(c, 3);
        assert!(light.0 > 200 && light.1 > 10);
    }
}
