//! The engine reproduces closed-form queueing theory (issue 5, "Validation").
//!
//! Each test pushes 10^6 customers through the event-driven queue at utilisation 0.8 and compares
//! with formulas computed here, independently of `edgeauth_sim::validate`'s own helpers:
//! M/M/1 (`W_q = ρ/(μ−λ)`, sojourn ~ Exp(μ−λ)), M/M/c (Erlang C), M/D/1 (Pollaczek–Khinchine).
//! Tolerances: ±5% on the mean wait, ±6% on the p99 sojourn.

use edgeauth_sim::validate::{QueueModel, QueueParams, run_queue};

const CUSTOMERS: u64 = 1_000_000;

fn params(model: QueueModel, servers: u32, lambda: f64, mu: f64) -> QueueParams {
    QueueParams {
        model,
        servers,
        arrival_rate: lambda,
        service_rate: mu,
        customers: CUSTOMERS,
        seed: 2026,
    }
}

fn rel(sim: f64, expected: f64) -> f64 {
    (sim - expected) / expected
}

/// Erlang C computed the textbook way (factorials; fine for small c).
fn erlang_c(c: u32, a: f64) -> f64 {
    let fact = |n: u32| (1..=n).map(f64::from).product::<f64>();
    let rho = a / f64::from(c);
    let top = a.powi(c as i32) / fact(c) / (1.0 - rho);
    let bottom: f64 = (0..c).map(|k| a.powi(k as i32) / fact(k)).sum::<f64>() + top;
    top / bottom
}

#[test]
fn mm1_mean_wait_and_p99_sojourn() {
    let (lambda, mu) = (800.0, 1_000.0);
    let r = run_queue(params(QueueModel::Mm1, 1, lambda, mu));
    assert!(r.is_ok(), "{r:?}");
    let Ok(r) = r else { return };
    let rho: f64 = lambda / mu;
    let wq = rho / (mu - lambda);
    let p99 = (100.0f64).ln() / (mu - lambda);
    assert!(
        rel(r.sim_mean_wait_s, wq).abs() <= 0.05,
        "wait {} vs {wq}",
        r.sim_mean_wait_s
    );
    assert!(
        rel(r.sim_p99_sojourn_s, p99).abs() <= 0.06,
        "p99 {} vs {p99}",
        r.sim_p99_sojourn_s
    );
    assert!((r.utilisation - 0.8).abs() < 1e-12);
    // Two events per customer (arrival, departure) plus the warm-up customers.
    assert_eq!(r.events, 2 * (CUSTOMERS + CUSTOMERS / 100));
}

#[test]
fn mmc_erlang_c_mean_wait_and_p99_sojourn() {
    let (c, lambda, mu) = (4u32, 3_200.0, 1_000.0);
    let r = run_queue(params(QueueModel::Mmc, c, lambda, mu));
    assert!(r.is_ok(), "{r:?}");
    let Ok(r) = r else { return };
    let a = lambda / mu;
    let pw = erlang_c(c, a);
    let rate = f64::from(c) * mu - lambda;
    let wq = pw / rate;
    // P(T > t) = (1−P_W)e^{−μt} + P_W·(rate·e^{−μt} − μ·e^{−rate·t})/(rate − μ); solve = 0.01.
    let tail = |t: f64| {
        (1.0 - pw) * (-mu * t).exp()
            + pw * (rate * (-mu * t).exp() - mu * (-rate * t).exp()) / (rate - mu)
    };
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..100 {
        let mid = (lo + hi) / 2.0;
        if tail(mid) > 0.01 { lo = mid } else { hi = mid }
    }
    let p99 = (lo + hi) / 2.0;
    assert!(
        rel(r.sim_mean_wait_s, wq).abs() <= 0.05,
        "wait {} vs {wq}",
        r.sim_mean_wait_s
    );
    assert!(
        rel(r.sim_p99_sojourn_s, p99).abs() <= 0.06,
        "p99 {} vs {p99}",
        r.sim_p99_sojourn_s
    );
}

#[test]
fn md1_pollaczek_khinchine_mean_wait() {
    let (lambda, mu) = (800.0, 1_000.0);
    let r = run_queue(params(QueueModel::Md1, 1, lambda, mu));
    assert!(r.is_ok(), "{r:?}");
    let Ok(r) = r else { return };
    // P-K: W_q = λ·E[S²] / (2(1−ρ)) with E[S²] = 1/μ² for constant service.
    let rho = lambda / mu;
    let wq = lambda * (1.0 / (mu * mu)) / (2.0 * (1.0 - rho));
    assert!(
        rel(r.sim_mean_wait_s, wq).abs() <= 0.05,
        "wait {} vs {wq}",
        r.sim_mean_wait_s
    );
    // Constant service: sojourn = wait + exactly 1/μ, so the means differ by 1 ms.
    assert!((r.sim_mean_sojourn_s - r.sim_mean_wait_s - 1.0 / mu).abs() < 1e-9);
}

#[test]
fn mmc_at_lower_load_with_more_servers() {
    let (c, lambda, mu) = (16u32, 11_200.0, 1_000.0); // ρ = 0.7
    let r = run_queue(params(QueueModel::Mmc, c, lambda, mu));
    assert!(r.is_ok(), "{r:?}");
    let Ok(r) = r else { return };
    let wq = erlang_c(c, lambda / mu) / (f64::from(c) * mu - lambda);
    assert!(
        rel(r.sim_mean_wait_s, wq).abs() <= 0.05,
        "wait {} vs {wq}",
        r.sim_mean_wait_s
    );
}

#[test]
fn same_seed_same_numbers() {
    let p = QueueParams {
        customers: 20_000,
        ..params(QueueModel::Mmc, 3, 2_000.0, 1_000.0)
    };
    assert_eq!(run_queue(p), run_queue(p));
    assert_ne!(run_queue(p), run_queue(QueueParams { seed: 9, ..p }));
}
