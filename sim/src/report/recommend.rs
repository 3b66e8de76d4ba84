//! The summary table: a recommended design per seed use case, chosen by explicit rules applied to
//! the measured numbers.
//!
//! Each use case states its requirements as thresholds on measured quantities (store operations
//! per request, p99 exposure after a revocation, error rate during a store outage) and lists the
//! designs in order of preference (simplest to operate first). The recommendation is the first
//! design whose measurements meet every threshold; the reason quotes those measurements, and the
//! first rejected design is named with the number that ruled it out. If nothing qualifies, the
//! row says so instead of guessing.

use super::figures::{Ctx, num, pct, secs, us};
use super::markdown::Recommendation;
use super::suite::{Study, fmt_duration};
use crate::model::DesignKind;

/// What the report measured about one design in the reference configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// The design.
    pub design: DesignKind,
    /// Auth CPU per request, µs (cost study).
    pub cpu_us: f64,
    /// Store wait per request, µs (cost study).
    pub store_us: f64,
    /// Store operations per request (cost study).
    pub ops_per_request: f64,
    /// p99 exposure after a revocation, s (exposure study, suite-default TTL).
    pub exposure_p99_s: f64,
    /// Failed share of requests during the store outage (outage study), when measured.
    pub outage_error: Option<f64>,
    /// Credential bytes per request (cost study).
    pub bytes: f64,
}

/// Collects [`Measured`] for every design present in the cost and exposure studies.
pub fn measured(ctx: &Ctx<'_>) -> Vec<Measured> {
    let d = ctx.defaults;
    DesignKind::ALL
        .into_iter()
        .filter_map(|design| {
            let cost = ctx
                .study(Study::Cost)
                .into_iter()
                .find(|o| o.job.design == design && (o.job.alg.is_empty() || o.job.alg == d.alg))?;
            let expected_ttl = if design == DesignKind::RefreshRotation {
                d.access_ttl_s
            } else {
                d.ttl_s
            };
            let exposure = ctx.study(Study::Exposure).into_iter().find(|o| {
                o.job.design == design
                    && (o.job.ttl_s == 0.0 || (o.job.ttl_s - expected_ttl).abs() < 1e-9)
            })?;
            let outage = ctx.find(Study::Outage, design).map(|o| {
                let w = o.job.scenario.store.outages.first();
                let ts = &o.summary.timeseries;
                let (mut f, mut n) = (0u64, 0u64);
                for (i, t) in ts.bucket_starts_s().into_iter().enumerate() {
                    if w.is_some_and(|w| {
                        t >= w.start_s && t + ts.bucket_s <= w.start_s + w.duration_s
                    }) {
                        f += ts.failed[i];
                        n += ts.accepted[i] + ts.refused[i] + ts.failed[i];
                    }
                }
                if n == 0 { 0.0 } else { f as f64 / n as f64 }
            });
            Some(Measured {
                design,
                cpu_us: cost.summary.cpu.auth_us_per_request,
                store_us: cost.summary.store.us_per_request,
                ops_per_request: cost.summary.store.ops_per_request,
                exposure_p99_s: exposure.summary.revocation.exposure_p99_s,
                outage_error: outage,
                bytes: cost.summary.wire.credential_bytes_per_request,
            })
        })
        .collect()
}

/// A requirement: a description and a check that returns the failing number when violated.
struct Req {
    check: fn(&Measured, &Limits) -> Result<(), String>,
}

/// Thresholds, in the suite's (possibly scaled) time.
#[derive(Debug, Clone, Copy)]
struct Limits {
    instant_s: f64,
    bounded_s: f64,
}

fn no_store_per_request(m: &Measured, _: &Limits) -> Result<(), String> {
    if m.ops_per_request <= 0.1 {
        Ok(())
    } else {
        Err(format!(
            "{:.2} store operations per request",
            m.ops_per_request
        ))
    }
}

fn instant_revocation(m: &Measured, l: &Limits) -> Result<(), String> {
    if m.exposure_p99_s <= l.instant_s {
        Ok(())
    } else {
        Err(format!("p99 exposure {}", secs(m.exposure_p99_s)))
    }
}

fn bounded_revocation(m: &Measured, l: &Limits) -> Result<(), String> {
    if m.exposure_p99_s <= l.bounded_s {
        Ok(())
    } else {
        Err(format!("p99 exposure {}", secs(m.exposure_p99_s)))
    }
}

/// Whether a user stays logged in past one token lifetime without logging in again: sessions
/// live server-side, refresh rotation renews silently; a bare JWT (with or without a blocklist)
/// forces a login at every expiry. A property of the design, not a measurement.
fn long_lived_login(m: &Measured, _: &Limits) -> Result<(), String> {
    if matches!(
        m.design,
        DesignKind::Jwt
            | DesignKind::JwtBlocklistRemote
            | DesignKind::JwtBlocklistPoll
            | DesignKind::JwtBlocklistPush
    ) {
        Err("a fresh login at every token expiry (no refresh)".into())
    } else {
        Ok(())
    }
}

fn survives_store_outage(m: &Measured, _: &Limits) -> Result<(), String> {
    match m.outage_error {
        Some(e) if e > 0.01 => Err(format!(
            "{} of requests failed during the store outage",
            pct(e)
        )),
        _ => Ok(()),
    }
}

struct UseCase {
    name: &'static str,
    needs: &'static str,
    reqs: Vec<Req>,
    prefer: Vec<DesignKind>,
}

fn describe(m: &Measured) -> String {
    format!(
        "{} CPU + {} store wait per request, {:.2} store ops/request, {} credential bytes per \
         request, p99 exposure {}{}",
        us(m.cpu_us),
        us(m.store_us),
        m.ops_per_request,
        num(m.bytes.round()),
        secs(m.exposure_p99_s),
        m.outage_error.map_or(String::new(), |e| format!(
            ", {} failed in the store outage",
            pct(e)
        ))
    )
}

fn design_label(d: DesignKind, ctx: &Ctx<'_>) -> String {
    match d {
        DesignKind::RefreshRotation => format!(
            "refresh_rotation: {} {} access JWT in memory + rotating refresh token in an HttpOnly cookie",
            fmt_duration(ctx.defaults.access_ttl_s),
            ctx.defaults.alg
        ),
        DesignKind::Jwt => format!(
            "jwt ({}, TTL {})",
            ctx.defaults.alg,
            fmt_duration(ctx.defaults.ttl_s)
        ),
        d => d.name().to_owned(),
    }
}

/// The summary table.
pub fn recommendations(ctx: &Ctx<'_>) -> Vec<Recommendation> {
    let ms = measured(ctx);
    let t = super::suite::time_scale(ctx.size);
    let limits = Limits {
        instant_s: 1.0,
        bounded_s: 300.0 * t * 1.0001,
    };
    let cases = vec![
        UseCase {
            name: "SPA + API on another domain",
            needs: "no store call per API request, revocation bounded by 5 min, no re-login at token expiry",
            reqs: vec![
                Req {
                    check: no_store_per_request,
                },
                Req {
                    check: bounded_revocation,
                },
            ],
            prefer: vec![
                DesignKind::RefreshRotation,
                DesignKind::JwtBlocklistPush,
                DesignKind::Session,
            ],
        },
        UseCase {
            name: "Microservices chain",
            needs: "every hop checks the caller without a network call, survives a store outage",
            reqs: vec![
                Req {
                    check: no_store_per_request,
                },
                Req {
                    check: survives_store_outage,
                },
            ],
            prefer: vec![
                DesignKind::Jwt,
                DesignKind::JwtBlocklistPush,
                DesignKind::Session,
            ],
        },
        UseCase {
            name: "Admin panel with instant logout",
            needs: "a revoked login stops working within 1 s",
            reqs: vec![Req {
                check: instant_revocation,
            }],
            prefer: vec![
                DesignKind::Session,
                DesignKind::JwtBlocklistRemote,
                DesignKind::JwtBlocklistPush,
            ],
        },
        UseCase {
            name: "Mobile API",
            needs: "no store call per request, revocation bounded by 5 min, long-lived login",
            reqs: vec![
                Req {
                    check: no_store_per_request,
                },
                Req {
                    check: bounded_revocation,
                },
                Req {
                    check: long_lived_login,
                },
            ],
            prefer: vec![
                DesignKind::RefreshRotation,
                DesignKind::JwtBlocklistPush,
                DesignKind::SessionCached,
            ],
        },
        UseCase {
            name: "Machine-to-machine",
            needs: "cheapest per-request check, no shared state between services",
            reqs: vec![
                Req {
                    check: no_store_per_request,
                },
                Req {
                    check: survives_store_outage,
                },
            ],
            prefer: vec![DesignKind::Jwt, DesignKind::RefreshRotation],
        },
    ];
    cases
        .into_iter()
        .map(|c| {
            let mut rejected: Vec<String> = Vec::new();
            let mut chosen = None;
            for d in &c.prefer {
                let Some(m) = ms.iter().find(|m| m.design == *d) else {
                    continue;
                };
                let fails: Vec<String> = c
                    .reqs
                    .iter()
                    .filter_map(|r| (r.check)(m, &limits).err())
                    .collect();
                if fails.is_empty() {
                    chosen = Some(m);
                    break;
                }
                rejected.push(format!("{d} ruled out by {}", fails.join(" and ")));
            }
            match chosen {
                Some(m) => {
                    let mut reason = format!("Needs: {}. Measured: {}.", c.needs, describe(m));
                    if let Some(r) = rejected.first() {
                        reason.push_str(&format!(" ({r}.)"));
                    }
                    if m.design == DesignKind::Jwt
                        && c.name == "Machine-to-machine"
                        && let Some(fast) = fastest_alg(ctx)
                    {
                        reason.push_str(&format!(" Fastest asymmetric verify measured: {fast}."));
                    }
                    let mut design = design_label(m.design, ctx);
                    if c.name == "Mobile API" {
                        // A native app has no browser cookie jar: same pattern, with the refresh
                        // token in the platform's secure storage.
                        design = design.replace("an HttpOnly cookie", "the OS keystore");
                    }
                    Recommendation {
                        use_case: c.name.into(),
                        design,
                        reason,
                    }
                }
                None => Recommendation {
                    use_case: c.name.into(),
                    design: "none of the simulated designs meets the requirements".into(),
                    reason: format!("Needs: {}. {}.", c.needs, rejected.join("; ")),
                },
            }
        })
        .collect()
}

/// The asymmetric algorithm with the cheapest measured JWT check, as prose (HMAC is left out:
/// every verifying service would hold the signing secret).
fn fastest_alg(ctx: &Ctx<'_>) -> Option<String> {
    ctx.study(Study::Cost)
        .into_iter()
        .filter(|o| o.job.design == DesignKind::Jwt && !o.job.alg.starts_with("HS"))
        .min_by(|a, b| {
            a.summary
                .cpu
                .auth_us_per_request
                .total_cmp(&b.summary.cpu.auth_us_per_request)
        })
        .map(|o| {
            format!(
                "{} at {} per request ({} requests/s per core)",
                o.job.alg,
                us(o.summary.cpu.auth_us_per_request),
                num(1e6 / o.summary.cpu.auth_us_per_request.max(1e-9))
            )
        })
}
