//! Scaling charts: latency against offered load (chart 2, from the `Load` study) and shared-store
//! operations against cluster size (chart 3, from the `Scale` study).

use super::{Ctx, cluster_params, color, design_params, ms, num, pct};
use crate::model::DesignKind;
use crate::report::chart::{Axis, Figure, Legend, Panel, Plot, Series};
use crate::report::markdown::Section;
use crate::report::runner::Outcome;
use crate::report::suite::Study;

/// Designs of a study in first-appearance order, each with its runs in suite (x) order.
fn by_design<'a>(runs: &[&'a Outcome]) -> Vec<(DesignKind, Vec<&'a Outcome>)> {
    let mut out: Vec<(DesignKind, Vec<&'a Outcome>)> = Vec::new();
    for o in runs {
        match out.iter_mut().find(|(d, _)| *d == o.job.design) {
            Some((_, v)) => v.push(o),
            None => out.push((o.job.design, vec![o])),
        }
    }
    out
}

fn failed_fraction(o: &Outcome) -> f64 {
    o.summary.requests.failed as f64 / o.summary.requests.offered.max(1) as f64
}

/// The first run where the design stops keeping up: more than 1% of requests fail, or p99 is
/// more than ten times its value at the lightest load.
fn knee<'a>(runs: &[&'a Outcome]) -> Option<&'a Outcome> {
    let base = runs.first()?.summary.latency.p99_us.max(1.0);
    runs.iter()
        .copied()
        .find(|o| failed_fraction(o) > 0.01 || o.summary.latency.p99_us > 10.0 * base)
}

/// Chart 2: p50 and p99 latency against offered load, per design.
pub fn latency_vs_load(ctx: &Ctx<'_>) -> Section {
    let runs = ctx.study(Study::Load);
    let groups = by_design(&runs);
    let series = |q: fn(&Outcome) -> f64| -> Vec<Series> {
        groups
            .iter()
            .map(|(d, rs)| {
                Series::new(
                    d.name(),
                    color(*d),
                    rs.iter().map(|o| (o.job.x, q(o))).collect(),
                )
            })
            .collect()
    };
    let p50 = series(|o| o.summary.latency.p50_us / 1000.0);
    let p99 = series(|o| o.summary.latency.p99_us / 1000.0);
    let x = Axis::linear("offered load (requests/s)", "offered_rps");
    let figure = Figure {
        id: "02_latency_vs_load".into(),
        title: "Request latency against offered load: where the shared store saturates".into(),
        panels: vec![
            Panel {
                title: "median (p50) latency of accepted requests".into(),
                x: x.clone(),
                y: Axis::log("p50 latency (ms, log)", "p50_ms"),
                plot: Plot::Lines(p50),
                legend: Legend::UpperLeft,
            },
            Panel {
                title: "p99 latency of accepted requests".into(),
                x,
                y: Axis::log("p99 latency (ms, log)", "p99_ms"),
                plot: Plot::Lines(p99),
                legend: Legend::UpperLeft,
            },
        ],
    };

    let mut findings = Vec::new();
    let mut knees = Vec::new();
    for (d, rs) in &groups {
        let (Some(first), Some(last)) = (rs.first(), rs.last()) else {
            continue;
        };
        match knee(rs) {
            Some(k) => {
                // Name the resource that ran out: the store shard if it was the busier one.
                let store = k.summary.store.max_shard_utilisation;
                let cpu = k.summary.cpu.utilisation;
                let busy = if store >= cpu {
                    format!("store shard {} busy", pct(store))
                } else {
                    format!("server cores {} busy", pct(cpu))
                };
                knees.push(format!(
                    "{d} saturates at {} requests/s (p99 {} → {}, {} of requests failed, {busy})",
                    num(k.job.x),
                    ms(first.summary.latency.p99_us / 1000.0),
                    ms(k.summary.latency.p99_us / 1000.0),
                    pct(failed_fraction(k)),
                ));
            }
            None => knees.push(format!(
                "{d} keeps up to {} requests/s (p99 {} → {}, cores {} busy)",
                num(last.job.x),
                ms(first.summary.latency.p99_us / 1000.0),
                ms(last.summary.latency.p99_us / 1000.0),
                pct(last.summary.cpu.utilisation)
            )),
        }
    }
    findings.push(format!("{}.", knees.join("; ")));
    let jwt = groups.iter().find(|(d, _)| *d == DesignKind::Jwt);
    let sess = groups.iter().find(|(d, _)| *d == DesignKind::Session);
    if let (Some((_, j)), Some((_, s))) = (jwt, sess)
        && let (Some(j0), Some(s0)) = (j.first(), s.first())
    {
        findings.push(format!(
            "At light load the store round trip is the whole difference: p50 {} for jwt vs {} \
             for session at {} requests/s.",
            ms(j0.summary.latency.p50_us / 1000.0),
            ms(s0.summary.latency.p50_us / 1000.0),
            num(j0.job.x)
        ));
    }
    let mut parameters = runs.first().map(|o| cluster_params(o)).unwrap_or_default();
    if let Some(o) = runs.first() {
        let cap = f64::from(o.summary.servers * o.summary.cores) * 1e6
            / crate::report::suite::HANDLER_MEAN_US;
        parameters.push(format!(
            "offered load swept from {} to {} requests/s; the cluster's CPU capacity is about {} \
             requests/s and the store shard is sized to saturate at 60% of it",
            num(runs.iter().map(|o| o.job.x).fold(f64::INFINITY, f64::min)),
            num(runs.iter().map(|o| o.job.x).fold(0.0, f64::max)),
            num(cap)
        ));
    }
    parameters.push(design_params(ctx.defaults));
    Section {
        figure,
        parameters,
        findings,
    }
}

/// Chart 3: shared-store operations per second against the number of servers.
pub fn store_ops_vs_servers(ctx: &Ctx<'_>) -> Section {
    let runs = ctx.study(Study::Scale);
    let groups = by_design(&runs);
    let series: Vec<Series> = groups
        .iter()
        .map(|(d, rs)| {
            let all_zero = rs.iter().all(|o| o.summary.store.ops == 0);
            let name = if all_zero {
                format!("{d} (0 ops/s at every size)")
            } else {
                d.name().to_owned()
            };
            let mut s = Series::new(
                &name,
                color(*d),
                rs.iter()
                    .map(|o| (o.job.x, o.summary.store.ops_per_s))
                    .collect(),
            );
            if all_zero {
                s = s.dashed();
            }
            s
        })
        .collect();
    let figure = Figure {
        id: "03_store_ops_vs_servers".into(),
        title: "Shared-store operations per second needed, by cluster size".into(),
        panels: vec![Panel {
            title: "same load per server; zero-ops designs are listed but cannot sit on a log axis"
                .into(),
            x: Axis::log("servers (log)", "servers"),
            y: Axis::log("store operations per second (log)", "store_ops_per_s"),
            plot: Plot::Lines(series),
            legend: Legend::UpperLeft,
        }],
    };
    let mut findings = Vec::new();
    let at = |d: DesignKind, first: bool| -> Option<&Outcome> {
        let g = groups.iter().find(|(k, _)| *k == d)?;
        if first {
            g.1.first().copied()
        } else {
            g.1.last().copied()
        }
    };
    for first in [true, false] {
        let (Some(s), Some(j)) = (at(DesignKind::Session, first), at(DesignKind::Jwt, first))
        else {
            continue;
        };
        let mut parts = vec![
            format!("session needs {} ops/s", num(s.summary.store.ops_per_s)),
            format!("jwt needs {}", num(j.summary.store.ops_per_s)),
        ];
        for d in [
            DesignKind::SessionCached,
            DesignKind::JwtBlocklistPoll,
            DesignKind::RefreshRotation,
        ] {
            if let Some(o) = at(d, first) {
                parts.push(format!("{d} {}", num(o.summary.store.ops_per_s)));
            }
        }
        findings.push(format!(
            "At {} servers ({} requests/s) the store must serve: {}.",
            num(s.job.x),
            num(s.summary.offered_rate_per_s),
            parts.join(", ")
        ));
    }
    if let (Some(a), Some(b)) = (
        at(DesignKind::SessionCached, true),
        at(DesignKind::SessionCached, false),
    ) {
        let hit = |o: &Outcome| {
            o.summary.requests.cache_hits as f64 / o.summary.requests.offered.max(1) as f64
        };
        findings.push(format!(
            "A per-server session cache helps less as the cluster grows: its hit rate falls from \
             {} at {} servers to {} at {} servers, because each server sees each user less often.",
            pct(hit(a)),
            num(a.job.x),
            pct(hit(b)),
            num(b.job.x)
        ));
    }
    if let Some(s) = at(DesignKind::Session, false) {
        findings.push(format!(
            "Per request, session costs {:.3} store operations and jwt_blocklist_remote {:.3}: \
             their store load grows with traffic, so the store must be sharded as the cluster \
             grows, while poll and push load grows only with servers and revocations.",
            s.summary.store.ops_per_request,
            at(DesignKind::JwtBlocklistRemote, false)
                .map_or(0.0, |o| o.summary.store.ops_per_request)
        ));
    }
    let mut parameters = runs.first().map(|o| cluster_params(o)).unwrap_or_default();
    if let Some(o) = runs.first() {
        parameters.push(format!(
            "{} requests/s per server, 100 users per server, one store shard per 10 servers, \
             0.01 revocations/s per server",
            num(o.job.scenario.workload.rate / f64::from(o.job.scenario.cluster.servers))
        ));
    }
    parameters.push(design_params(ctx.defaults));
    Section {
        figure,
        parameters,
        findings,
    }
}
