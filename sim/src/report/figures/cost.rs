//! Per-request cost charts from the `Cost` study: auth time per request (chart 1), bytes on the
//! wire (chart 8) and cores per 100k requests/s (chart 9).

use super::{Ctx, cluster_params, design_params, measured_s, num, us};
use crate::report::chart::{Axis, Figure, Layer, Legend, Panel, Plot, Rgb};
use crate::report::markdown::Section;
use crate::report::runner::Outcome;
use crate::report::suite::Study;
use crate::report::tokens::CLAIM_COUNTS;

const CPU: Rgb = Rgb(31, 119, 180);
const STORE: Rgb = Rgb(255, 127, 14);

/// Requests per second the scaled figures refer to.
const SCALE_RPS: f64 = 100_000.0;

fn total_us(o: &Outcome) -> f64 {
    o.summary.cpu.auth_us_per_request + o.summary.store.us_per_request
}

/// Chart 1: server CPU and store/network time per request, stacked, per design and algorithm.
pub fn auth_cost(ctx: &Ctx<'_>) -> Section {
    let runs = ctx.study(Study::Cost);
    let categories: Vec<String> = runs.iter().map(|o| o.job.label.clone()).collect();
    let cpu: Vec<f64> = runs
        .iter()
        .map(|o| o.summary.cpu.auth_us_per_request)
        .collect();
    let store: Vec<f64> = runs
        .iter()
        .map(|o| o.summary.store.us_per_request)
        .collect();
    let figure = Figure {
        id: "01_auth_cost_per_request".into(),
        title: "Authentication cost per request, by design and algorithm".into(),
        panels: vec![Panel {
            title: "mean per request: server CPU + waiting on the shared store".into(),
            x: Axis::linear("design and signature algorithm", "design"),
            y: Axis::linear("time per request (µs)", "us_per_request"),
            plot: Plot::Stacked {
                categories,
                layers: vec![
                    Layer::new("server CPU for auth (µs)", CPU, cpu),
                    Layer::new("store + network wait (µs)", STORE, store),
                ],
            },
            legend: Legend::UpperLeft,
        }],
    };

    let mut findings = Vec::new();
    let jwts: Vec<&&Outcome> = runs
        .iter()
        .filter(|o| o.job.design == crate::model::DesignKind::Jwt)
        .collect();
    let fastest = jwts
        .iter()
        .min_by(|a, b| total_us(a).total_cmp(&total_us(b)));
    let slowest = jwts
        .iter()
        .max_by(|a, b| total_us(a).total_cmp(&total_us(b)));
    if let (Some(f), Some(s)) = (fastest, slowest) {
        findings.push(format!(
            "A stateless JWT costs only server CPU: {} per request with {} up to {} with {}, and \
             no store time at all.",
            us(f.summary.cpu.auth_us_per_request),
            f.job.alg,
            us(s.summary.cpu.auth_us_per_request),
            s.job.alg
        ));
    }
    if let (Some(sess), Some(f), Some(s)) = (
        ctx.find(Study::Cost, crate::model::DesignKind::Session),
        fastest,
        slowest,
    ) {
        let times = |o: &Outcome| {
            let r = total_us(sess) / total_us(o).max(1e-9);
            if r >= 1.0 {
                format!("{r:.1}× the cost of a {} check", o.job.alg)
            } else {
                format!(
                    "{:.1}× cheaper than a {} check",
                    1.0 / r.max(1e-9),
                    o.job.alg
                )
            }
        };
        findings.push(format!(
            "A session lookup costs {} of CPU but {} waiting on the store per request: {} in \
             total, {} and {}.",
            us(sess.summary.cpu.auth_us_per_request),
            us(sess.summary.store.us_per_request),
            us(total_us(sess)),
            times(f),
            times(s)
        ));
    }
    let max = runs
        .iter()
        .max_by(|a, b| total_us(a).total_cmp(&total_us(b)));
    let cached = ctx.find(Study::Cost, crate::model::DesignKind::SessionCached);
    if let (Some(m), Some(c)) = (max, cached) {
        findings.push(format!(
            "The most expensive design here is {} at {} per request; a local session cache cuts \
             the session's store wait to {} ({} of requests hit the cache).",
            m.job.label,
            us(total_us(m)),
            us(c.summary.store.us_per_request),
            super::pct(
                c.summary.requests.cache_hits as f64 / c.summary.requests.offered.max(1) as f64
            )
        ));
    }
    let mut parameters = runs.first().map(|o| cluster_params(o)).unwrap_or_default();
    parameters.push(design_params(ctx.defaults));
    parameters.push(
        "one revocation per second (blocklist and session designs write it to the store)".into(),
    );
    Section {
        figure,
        parameters,
        findings,
    }
}

/// Chart 8: credential bytes per request (by algorithm and claim count, and the session cookie)
/// and what they add up to at cluster scale.
pub fn wire(ctx: &Ctx<'_>) -> Section {
    let cookie = f64::from(ctx.cal.session.cookie_bytes);
    let algs: Vec<String> = {
        let mut a: Vec<String> = Vec::new();
        for t in ctx.tokens {
            if !a.contains(&t.alg) {
                a.push(t.alg.clone());
            }
        }
        a
    };
    let mut categories: Vec<String> = algs.clone();
    categories.push("session cookie".into());
    let palette = [Rgb(158, 202, 225), Rgb(66, 146, 198), Rgb(8, 69, 148)];
    let layers: Vec<Layer> = CLAIM_COUNTS
        .iter()
        .enumerate()
        .map(|(k, &n)| {
            let mut v: Vec<f64> = algs
                .iter()
                .map(|a| {
                    ctx.tokens
                        .iter()
                        .find(|t| &t.alg == a && t.claims == n)
                        .map_or(f64::NAN, |t| t.bytes as f64)
                })
                .collect();
            v.push(cookie);
            Layer::new(&format!("{n} claims"), palette[k % 3], v)
        })
        .collect();

    let runs = ctx.study(Study::Cost);
    let bw_categories: Vec<String> = runs.iter().map(|o| o.job.label.clone()).collect();
    let mbit = |bytes_per_req: f64| bytes_per_req * SCALE_RPS * 8.0 / 1e6;
    let cred: Vec<f64> = runs
        .iter()
        .map(|o| mbit(o.summary.wire.credential_bytes_per_request))
        .collect();
    let store: Vec<f64> = runs
        .iter()
        .map(|o| mbit(o.summary.wire.store_bytes_per_request))
        .collect();
    let figure = Figure {
        id: "08_bytes_on_the_wire".into(),
        title: "Bytes on the wire: credential size and cluster bandwidth".into(),
        panels: vec![
            Panel {
                title: "credential sent with every request (core-encoded tokens)".into(),
                x: Axis::linear("credential", "credential"),
                y: Axis::linear("bytes per request", "bytes"),
                plot: Plot::Grouped { categories, layers },
                legend: Legend::UpperRight,
            },
            Panel {
                title: format!(
                    "bandwidth at {} requests/s (simulated runs)",
                    num(SCALE_RPS)
                ),
                x: Axis::linear("design", "design"),
                y: Axis::linear("bandwidth (Mbit/s)", "mbit_per_s"),
                plot: Plot::Stacked {
                    categories: bw_categories,
                    layers: vec![
                        Layer::new("client → server credential", CPU, cred),
                        Layer::new("server ↔ store", STORE, store),
                    ],
                },
                legend: Legend::UpperRight,
            },
        ],
    };

    let mut findings = Vec::new();
    let tok = |a: &str, n: usize| {
        ctx.tokens
            .iter()
            .find(|t| t.alg == a && t.claims == n)
            .map(|t| t.bytes)
    };
    if let (Some(small), Some(big)) = (tok(&ctx.defaults.alg, 3), tok(&ctx.defaults.alg, 30)) {
        findings.push(format!(
            "An {} token grows from {} bytes with 3 claims to {} bytes with 30; the session \
             cookie is {} bytes whatever the user's attributes, {:.1}× smaller than the \
             10-claim token ({} bytes).",
            ctx.defaults.alg,
            small,
            big,
            cookie,
            tok(&ctx.defaults.alg, 10).map_or(0.0, |b| b as f64 / cookie.max(1.0)),
            tok(&ctx.defaults.alg, 10).unwrap_or(0)
        ));
    }
    let jwt = runs
        .iter()
        .copied()
        .find(|o| o.job.design == crate::model::DesignKind::Jwt && o.job.alg == ctx.defaults.alg);
    let sess = ctx.find(Study::Cost, crate::model::DesignKind::Session);
    if let (Some(j), Some(s)) = (jwt, sess) {
        let jw = &j.summary.wire;
        let sw = &s.summary.wire;
        findings.push(format!(
            "At {} requests/s, {} tokens take {} Mbit/s of request bandwidth; sessions take {} \
             Mbit/s of cookies plus {} Mbit/s between servers and the store ({} bytes per \
             lookup).",
            num(SCALE_RPS),
            j.job.alg,
            num(mbit(jw.credential_bytes_per_request)),
            num(mbit(sw.credential_bytes_per_request)),
            num(mbit(sw.store_bytes_per_request)),
            num(sw.store_bytes_per_request / s.summary.store.ops_per_request.max(1e-9))
        ));
    }
    let derived: Vec<&str> = ctx
        .tokens
        .iter()
        .filter(|t| !t.encoded)
        .map(|t| t.alg.as_str())
        .collect();
    let mut parameters = vec![
        "tokens: header {alg, kid, typ}; claims added in the order sub, exp, iat, iss, aud, nbf, \
         jti, scope, role, tenant, then 20 profile/authorization claims (see sim/src/report/tokens.rs)"
            .to_owned(),
        format!("session cookie value: {} bytes (calibration)", cookie),
    ];
    if !derived.is_empty() {
        parameters.push(format!(
            "{} sizes are derived from the HS256 token plus the algorithm's signature length \
             (this build cannot sign with it)",
            derived.join(", ")
        ));
    }
    parameters.extend(runs.first().map(|o| cluster_params(o)).unwrap_or_default());
    Section {
        figure,
        parameters,
        findings,
    }
}

/// Chart 9: cores needed per 100k requests/s for authentication, by algorithm and design.
pub fn cores(ctx: &Ctx<'_>) -> Section {
    let runs = ctx.study(Study::Cost);
    let per_100k = |o: &Outcome| SCALE_RPS / o.summary.offered_rate_per_s.max(1e-9);
    let server: Vec<f64> = runs
        .iter()
        .map(|o| o.summary.cpu.auth_core_seconds / measured_s(o) * per_100k(o))
        .collect();
    // The store's busy fraction is measured per shard; these runs use one shard, so busy
    // fraction × shards is the store cores in use.
    let store: Vec<f64> = runs
        .iter()
        .map(|o| o.summary.store.max_shard_utilisation * f64::from(o.summary.shards) * per_100k(o))
        .collect();
    let categories: Vec<String> = runs.iter().map(|o| o.job.label.clone()).collect();
    let figure = Figure {
        id: "09_cores_per_100k_rps".into(),
        title: format!(
            "Cores needed for authentication per {} requests/s",
            num(SCALE_RPS)
        ),
        panels: vec![Panel {
            title: "server cores (verify, cookie checks, logins) + store cores (lookups)".into(),
            x: Axis::linear("design and signature algorithm", "design"),
            y: Axis::linear("cores per 100k requests/s", "cores_per_100k_rps"),
            plot: Plot::Stacked {
                categories,
                layers: vec![
                    Layer::new("server cores for auth", CPU, server.clone()),
                    Layer::new("store cores", STORE, store.clone()),
                ],
            },
            legend: Legend::UpperLeft,
        }],
    };
    let mut findings = Vec::new();
    let jwt_rows: Vec<(String, f64)> = runs
        .iter()
        .zip(&server)
        .filter(|(o, _)| o.job.design == crate::model::DesignKind::Jwt)
        .map(|(o, c)| (o.job.alg.clone(), *c))
        .collect();
    if !jwt_rows.is_empty() {
        let list: Vec<String> = jwt_rows
            .iter()
            .map(|(a, c)| format!("{a} {} cores", num(*c)))
            .collect();
        findings.push(format!(
            "Verifying JWTs at {} requests/s takes {} (server CPU only).",
            num(SCALE_RPS),
            list.join(", ")
        ));
    }
    if let Some(i) = runs
        .iter()
        .position(|o| o.job.design == crate::model::DesignKind::Session)
    {
        let worst = jwt_rows.iter().map(|r| r.1).fold(0.0, f64::max);
        findings.push(format!(
            "A session lookup takes {} server cores plus {} store cores; the store cores sit on \
             one shared tier that every server depends on, while signature work spreads over \
             the servers (the slowest algorithm needs {} cores in total across the fleet).",
            num(server[i]),
            num(store[i]),
            num(worst)
        ));
    }
    let mut parameters = runs.first().map(|o| cluster_params(o)).unwrap_or_default();
    parameters.push(
        "cores = measured auth core-seconds per simulated second, scaled linearly to 100k requests/s; \
         store cores = busy fraction of the store shard, scaled the same way"
            .into(),
    );
    Section {
        figure,
        parameters,
        findings,
    }
}
