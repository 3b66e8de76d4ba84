//! Failure chart (chart 7): error rate through a store outage, and what one server failure does
//! to sticky sessions (forced re-logins, load skew) compared with a shared store.

use super::{Ctx, cluster_params, color, design_params, num, pct, secs};
use crate::model::DesignKind;
use crate::report::chart::{Axis, Figure, Legend, Panel, Plot, Series};
use crate::report::markdown::Section;
use crate::report::runner::Outcome;
use crate::report::suite::Study;

/// Failed fraction of the requests completed inside `[from, to)` seconds.
fn error_rate_between(o: &Outcome, from: f64, to: f64) -> f64 {
    let ts = &o.summary.timeseries;
    let (mut failed, mut done) = (0u64, 0u64);
    for (i, t) in ts.bucket_starts_s().into_iter().enumerate() {
        if t >= from && t + ts.bucket_s <= to {
            failed += ts.failed[i];
            done += ts.accepted[i] + ts.refused[i] + ts.failed[i];
        }
    }
    if done == 0 {
        0.0
    } else {
        failed as f64 / done as f64
    }
}

/// Chart 7: failures.
pub fn failures(ctx: &Ctx<'_>) -> Section {
    let outage = ctx.study(Study::Outage);
    let crash = ctx.study(Study::ServerFailure);
    let error_series: Vec<Series> = outage
        .iter()
        .map(|o| {
            let ts = &o.summary.timeseries;
            let pts = ts
                .bucket_starts_s()
                .into_iter()
                .zip(ts.error_rate())
                .map(|(t, e)| (t, e * 100.0))
                .collect();
            let mut s = Series::new(&o.job.label, color(o.job.design), pts).step();
            if o.job.design == DesignKind::Jwt {
                s = s.dashed();
            }
            s
        })
        .collect();
    let login_series: Vec<Series> = crash
        .iter()
        .map(|o| {
            let ts = &o.summary.timeseries;
            let pts = ts
                .bucket_starts_s()
                .into_iter()
                .zip(&ts.logins)
                .map(|(t, &n)| (t, n as f64 / ts.bucket_s))
                .collect();
            Series::new(&format!("{} logins", o.job.label), color(o.job.design), pts).step()
        })
        .collect();
    let skew_series: Vec<Series> = crash
        .iter()
        .map(|o| {
            let per = &o.summary.load.requests_per_server;
            let mean = per.iter().sum::<u64>() as f64 / per.len().max(1) as f64;
            let pts = per
                .iter()
                .enumerate()
                .map(|(i, &n)| (i as f64, if mean > 0.0 { n as f64 / mean } else { 0.0 }))
                .collect();
            Series::new(&o.job.label, color(o.job.design), pts)
        })
        .collect();
    let figure = Figure {
        id: "07_failures".into(),
        title: "Failures: store outage, and one server failing under sticky sessions".into(),
        panels: vec![
            Panel {
                title: "error rate during a store outage".into(),
                x: Axis::linear("time (s)", "t_s"),
                y: Axis::linear("failed requests (%)", "failed_pct"),
                plot: Plot::Lines(error_series),
                legend: Legend::UpperRight,
            },
            Panel {
                title: "logins per second when server 0 fails".into(),
                x: Axis::linear("time (s)", "t_s"),
                y: Axis::linear("logins per second", "logins_per_s"),
                plot: Plot::Lines(login_series),
                legend: Legend::UpperRight,
            },
            Panel {
                title: "requests per server over the run (server 0 failed)".into(),
                x: Axis::linear("server index", "server"),
                y: Axis::linear("requests relative to the mean", "relative_load"),
                plot: Plot::Lines(skew_series),
                legend: Legend::LowerRight,
            },
        ],
    };

    let mut findings = Vec::new();
    if let Some(o) = outage.first()
        && let Some(w) = o.job.scenario.store.outages.first()
    {
        let (from, to) = (w.start_s, w.start_s + w.duration_s);
        let rates: Vec<String> = outage
            .iter()
            .map(|o| format!("{} {}", o.job.label, pct(error_rate_between(o, from, to))))
            .collect();
        findings.push(format!(
            "During the {} store outage the failed share of requests was: {}.",
            secs(w.duration_s),
            rates.join(", ")
        ));
        if let Some(c) = outage
            .iter()
            .find(|o| o.job.design == DesignKind::SessionCached)
        {
            findings.push(format!(
                "session_cached served {} requests from stale cache entries instead of failing \
                 them; jwt never touches the store, and the locally held blocklists keep \
                 working with the last list they had.",
                num(c.summary.requests.served_stale as f64)
            ));
        }
    }
    let sticky = crash
        .iter()
        .find(|o| o.job.design == DesignKind::SessionSticky);
    let shared = crash.iter().find(|o| o.job.design == DesignKind::Session);
    if let (Some(s), Some(h)) = (sticky, shared) {
        findings.push(format!(
            "When one of {} servers fails, session_sticky forces {} re-logins and {} requests \
             fail, and its busiest server carries {:.2}× the mean load; with a shared store the \
             same failure forces {} re-logins ({} failed requests, busiest server {:.2}× the mean).",
            s.summary.servers,
            num(s.summary.requests.forced_relogins as f64),
            num(s.summary.requests.failed as f64),
            s.summary.load.max_over_mean,
            num(h.summary.requests.forced_relogins as f64),
            num(h.summary.requests.failed as f64),
            h.summary.load.max_over_mean
        ));
    }
    let mut parameters = outage
        .first()
        .map(|o| cluster_params(o))
        .unwrap_or_default();
    if let Some(o) = outage.first()
        && let Some(w) = o.job.scenario.store.outages.first()
    {
        parameters.push(format!(
            "store outage (all shards) from {} to {}; session_cached serves stale entries on error",
            secs(w.start_s),
            secs(w.start_s + w.duration_s)
        ));
    }
    if let Some(o) = crash.first()
        && let Some(f) = o.job.scenario.server_failures.first()
    {
        parameters.push(format!(
            "server {} fails at {} and returns empty {} later",
            f.server,
            secs(f.at_s),
            secs(f.down_s)
        ));
    }
    parameters.push(design_params(ctx.defaults));
    Section {
        figure,
        parameters,
        findings,
    }
}
