//! Revocation charts: exposure-window CDFs (chart 4), the TTL trade-off (chart 5) and the
//! revoke-everything incident timeline (chart 6).

use super::{Ctx, cluster_params, color, design_params, num, secs, shade};
use crate::model::DesignKind;
use crate::report::chart::{Axis, Figure, Legend, Panel, Plot, Series};
use crate::report::markdown::Section;
use crate::report::runner::Outcome;
use crate::report::suite::{Study, fmt_duration};

/// Exposure windows shorter than this are drawn at this value on the log axis (the CSV says
/// the same: it holds the drawn points).
pub const EXPOSURE_FLOOR_S: f64 = 0.001;

/// Points of an empirical CDF at 201 evenly spaced quantiles (nearest rank), floored for a log
/// axis. Enough to draw a smooth curve while keeping the CSV small.
pub fn cdf_points(samples: &[f64]) -> Vec<(f64, f64)> {
    let mut v: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return Vec::new();
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    (0..=200)
        .map(|k| {
            let q = f64::from(k) / 200.0;
            let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
            (v[rank - 1].max(EXPOSURE_FLOOR_S), rank as f64 / n as f64)
        })
        .collect()
}

/// Colour of a run: its design's, shaded for the 2nd, 3rd… run of the same design.
fn run_color(runs: &[&Outcome], i: usize) -> crate::report::chart::Rgb {
    let d = runs[i].job.design;
    let k = runs[..i].iter().filter(|o| o.job.design == d).count();
    shade(color(d), k)
}

/// Chart 4: CDF of exposure windows per design.
pub fn exposure_cdf(ctx: &Ctx<'_>) -> Section {
    let runs = ctx.study(Study::Exposure);
    let series: Vec<Series> = runs
        .iter()
        .enumerate()
        .map(|(i, o)| {
            Series::new(
                &o.job.label,
                run_color(&runs, i),
                cdf_points(&o.summary.revocation.exposure_samples_s),
            )
            .step()
        })
        .collect();
    let figure = Figure {
        id: "04_revocation_exposure_cdf".into(),
        title: "How long a revoked credential keeps working (exposure window CDF)".into(),
        panels: vec![Panel {
            title: "revoke → last request accepted with that credential".into(),
            x: Axis::log(
                "exposure window (s, log; below 1 ms drawn at 1 ms)",
                "exposure_s",
            ),
            y: Axis::linear("fraction of revocations", "fraction"),
            plot: Plot::Lines(series),
            legend: Legend::UpperLeft,
        }],
    };
    let mut findings = Vec::new();
    let row = |o: &Outcome| {
        let r = &o.summary.revocation;
        format!(
            "{} p50 {} / p99 {}",
            o.job.label,
            secs(r.exposure_p50_s),
            secs(r.exposure_p99_s)
        )
    };
    let instant: Vec<String> = runs
        .iter()
        .filter(|o| {
            matches!(
                o.job.design,
                DesignKind::Session | DesignKind::JwtBlocklistRemote
            )
        })
        .map(|o| row(o))
        .collect();
    findings.push(format!(
        "Designs that read the store on every request stop a revoked credential within the \
         network round trip: {}.",
        instant.join("; ")
    ));
    let jwts: Vec<String> = runs
        .iter()
        .filter(|o| o.job.design == DesignKind::Jwt)
        .map(|o| {
            let r = &o.summary.revocation;
            format!(
                "{}: p99 {} (max {}, bound {})",
                o.job.label,
                secs(r.exposure_p99_s),
                secs(r.exposure_max_s),
                fmt_duration(o.job.ttl_s)
            )
        })
        .collect();
    findings.push(format!(
        "A plain JWT stays usable until it expires, so its exposure is spread over the whole TTL: {}.",
        jwts.join("; ")
    ));
    let mids: Vec<String> = runs
        .iter()
        .filter(|o| {
            matches!(
                o.job.design,
                DesignKind::SessionCached
                    | DesignKind::JwtBlocklistPoll
                    | DesignKind::JwtBlocklistPush
                    | DesignKind::RefreshRotation
            )
        })
        .map(|o| row(o))
        .collect();
    let wrongly: u64 = runs
        .iter()
        .map(|o| o.summary.revocation.wrongly_accepted)
        .sum();
    findings.push(format!(
        "In between: {}. Over all designs {} requests were accepted after their credential was revoked.",
        mids.join("; "),
        num(wrongly as f64)
    ));
    let mut parameters = runs.first().map(|o| cluster_params(o)).unwrap_or_default();
    if let Some(o) = runs.first() {
        let r = &o.job.scenario.revocation;
        parameters.push(format!(
            "{} individual revocations spread evenly from {} to {}; the run lasts until the \
             longest token has expired",
            r.at_s.len(),
            secs(r.at_s.first().copied().unwrap_or(0.0)),
            secs(r.at_s.last().copied().unwrap_or(0.0))
        ));
    }
    parameters.push(design_params(ctx.defaults));
    Section {
        figure,
        parameters,
        findings,
    }
}

/// Chart 5: exposure p99 and refresh/login load against the token lifetime.
pub fn ttl_tradeoff(ctx: &Ctx<'_>) -> Section {
    let runs = ctx.study(Study::Ttl);
    let of = |d: DesignKind| -> Vec<&Outcome> {
        runs.iter().copied().filter(|o| o.job.design == d).collect()
    };
    let jwt = of(DesignKind::Jwt);
    let rot = of(DesignKind::RefreshRotation);
    let per_s = |o: &Outcome, n: u64| n as f64 / super::measured_s(o);
    let exposure = vec![
        Series::new(
            "jwt",
            color(DesignKind::Jwt),
            jwt.iter()
                .map(|o| (o.job.x, o.summary.revocation.exposure_p99_s))
                .collect(),
        ),
        Series::new(
            "refresh_rotation",
            color(DesignKind::RefreshRotation),
            rot.iter()
                .map(|o| (o.job.x, o.summary.revocation.exposure_p99_s))
                .collect(),
        ),
        Series::new(
            "TTL (upper bound)",
            crate::report::chart::Rgb(120, 120, 120),
            jwt.iter().map(|o| (o.job.x, o.job.x)).collect(),
        )
        .dashed(),
    ];
    let load = vec![
        Series::new(
            "jwt: logins at expiry (/s)",
            color(DesignKind::Jwt),
            jwt.iter()
                .map(|o| (o.job.x, per_s(o, o.summary.requests.logins)))
                .collect(),
        )
        .dashed(),
        Series::new(
            "refresh_rotation: refreshes (/s)",
            color(DesignKind::RefreshRotation),
            rot.iter()
                .map(|o| (o.job.x, per_s(o, o.summary.requests.refreshes)))
                .collect(),
        ),
    ];
    let x = Axis::log("token lifetime, TTL (s, log)", "ttl_s");
    let figure = Figure {
        id: "05_ttl_tradeoff".into(),
        title: "Token lifetime trade-off: revocation exposure against refresh load".into(),
        panels: vec![
            Panel {
                title: "p99 exposure window after a revocation".into(),
                x: x.clone(),
                y: Axis::log("p99 exposure (s, log)", "exposure_p99_s"),
                plot: Plot::Lines(exposure),
                legend: Legend::UpperLeft,
            },
            Panel {
                title: "token endpoint load".into(),
                x,
                y: Axis::log("logins or refreshes per second (log)", "per_s"),
                plot: Plot::Lines(load),
                legend: Legend::UpperRight,
            },
        ],
    };
    let mut findings = Vec::new();
    if let (Some(a), Some(b)) = (rot.first(), rot.last()) {
        let users = f64::from(a.job.scenario.workload.users);
        findings.push(format!(
            "Going from a {} to a {} access token cuts refreshes from {} to {} per second for \
             {} active users ({} vs {} per 1,000 users), and lets a revoked token live longer: \
             p99 exposure {} vs {}.",
            fmt_duration(a.job.x),
            fmt_duration(b.job.x),
            num(per_s(a, a.summary.requests.refreshes)),
            num(per_s(b, b.summary.requests.refreshes)),
            num(users),
            num(per_s(a, a.summary.requests.refreshes) * 1000.0 / users),
            num(per_s(b, b.summary.requests.refreshes) * 1000.0 / users),
            secs(a.summary.revocation.exposure_p99_s),
            secs(b.summary.revocation.exposure_p99_s)
        ));
    }
    let within = jwt
        .iter()
        .chain(rot.iter())
        .all(|o| o.summary.revocation.exposure_max_s <= o.job.x * 1.0001);
    let worst = jwt
        .iter()
        .chain(rot.iter())
        .map(|o| o.summary.revocation.exposure_max_s / o.job.x.max(1e-9))
        .fold(0.0, f64::max);
    findings.push(format!(
        "Exposure is bounded by the TTL in every run ({}: the longest window was {:.0}% of its TTL); \
         the TTL is the revocation delay you accept when nothing else is checked.",
        if within { "holds" } else { "VIOLATED" },
        worst * 100.0
    ));
    let mut parameters = runs.first().map(|o| cluster_params(o)).unwrap_or_default();
    parameters.push(format!(
        "TTL swept over {}; each run lasts 2 × TTL + {} with 200 revocations",
        jwt.iter()
            .map(|o| fmt_duration(o.job.x))
            .collect::<Vec<_>>()
            .join(", "),
        fmt_duration(600.0 * crate::report::suite::time_scale(ctx.size))
    ));
    Section {
        figure,
        parameters,
        findings,
    }
}

/// Chart 6: requests accepted with a revoked credential after "revoke everything".
pub fn incident(ctx: &Ctx<'_>) -> Section {
    let runs = ctx.study(Study::Incident);
    let series: Vec<Series> = runs
        .iter()
        .map(|o| {
            let ts = &o.summary.timeseries;
            let at = o.job.x;
            let pts = ts
                .bucket_starts_s()
                .into_iter()
                .zip(&ts.wrongly_accepted)
                .map(|(t, &n)| (t - at, n as f64 / ts.bucket_s))
                .filter(|(t, _)| *t >= -at.min(60.0))
                .collect();
            Series::new(&o.job.label, color(o.job.design), pts).step()
        })
        .collect();
    let figure = Figure {
        id: "06_incident_revoke_all".into(),
        title: "Incident: \"revoke everyone\" — requests still accepted with a revoked credential"
            .into(),
        panels: vec![Panel {
            title: "every credential revoked at t = 0".into(),
            x: Axis::linear("time since the revocation (s)", "t_since_revoke_s"),
            y: Axis::linear(
                "wrongly accepted requests per second",
                "wrongly_accepted_per_s",
            ),
            plot: Plot::Lines(series),
            legend: Legend::UpperRight,
        }],
    };
    let mut parts = Vec::new();
    for o in &runs {
        let ts = &o.summary.timeseries;
        let last = ts
            .wrongly_accepted
            .iter()
            .rposition(|&n| n > 0)
            .map(|i| (i as f64 + 1.0) * ts.bucket_s - o.job.x);
        parts.push(match last {
            Some(t) => format!(
                "{} until about {} ({} requests)",
                o.job.label,
                secs(t.max(0.0)),
                num(o.summary.revocation.wrongly_accepted as f64)
            ),
            None => format!("{} none", o.job.label),
        });
    }
    let mut findings = vec![format!(
        "Wrongly accepted requests after the revocation: {}.",
        parts.join("; ")
    )];
    if let Some(j) = runs.iter().find(|o| o.job.design == DesignKind::Jwt) {
        findings.push(format!(
            "With plain JWTs the incident lasts one full TTL ({}): the only fix is rotating the \
             signing key, which logs everyone out; a store-backed check ends it within one \
             round trip, a polled blocklist within one poll period.",
            fmt_duration(j.job.ttl_s)
        ));
    }
    let mut parameters = runs.first().map(|o| cluster_params(o)).unwrap_or_default();
    if let Some(o) = runs.first() {
        parameters.push(format!(
            "revoke-all at {}; time series in buckets of {}",
            secs(o.job.x),
            secs(o.job.scenario.bucket_s)
        ));
    }
    parameters.push(design_params(ctx.defaults));
    Section {
        figure,
        parameters,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdf_of_known_samples() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        let p = cdf_points(&samples);
        assert_eq!(p.len(), 201);
        assert_eq!(p[0], (1.0, 0.01));
        assert_eq!(p[100], (50.0, 0.5));
        assert_eq!(p[200], (100.0, 1.0));
        // Zeros are floored for the log axis.
        assert_eq!(cdf_points(&[0.0])[0], (EXPOSURE_FLOOR_S, 1.0));
        assert!(cdf_points(&[]).is_empty());
    }
}
