//! The engine run as a plain queue, against closed-form queueing theory.
//!
//! If the engine (event ordering, clock, RNG, distributions, histograms) is right, an open FCFS
//! queue with Poisson arrivals must reproduce textbook results: M/M/1, M/M/c (Erlang C) and M/D/1
//! (Pollaczek–Khinchine). This module simulates such a queue the classic way — arrival and
//! departure events, an explicit waiting line — and computes the closed forms, so the `validate`
//! command and the tests can compare the two. It also serves as the independent reference for the
//! event-free [`MultiServerFcfs`](crate::engine::MultiServerFcfs) shortcut the model uses.

use std::collections::VecDeque;

use serde::Serialize;

use crate::engine::{Dist, EventQueue, LatencyRecorder, Nanos, SimRng, as_secs};

/// Which queue to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QueueModel {
    /// Poisson arrivals, exponential service, one server.
    Mm1,
    /// Poisson arrivals, exponential service, `c` servers.
    Mmc,
    /// Poisson arrivals, constant service, one server.
    Md1,
}

/// Parameters of a validation run. Rates are per second.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QueueParams {
    /// The queue.
    pub model: QueueModel,
    /// Servers (forced to 1 for M/M/1 and M/D/1).
    pub servers: u32,
    /// λ, arrivals per second.
    pub arrival_rate: f64,
    /// μ, services per second per server.
    pub service_rate: f64,
    /// Customers measured (after a warm-up of `customers / 100`).
    pub customers: u64,
    /// RNG seed.
    pub seed: u64,
}

/// Simulated and closed-form values, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QueueResult {
    /// The parameters.
    pub params: QueueParams,
    /// Offered utilisation ρ = λ / (c·μ).
    pub utilisation: f64,
    /// Mean wait in line, simulated.
    pub sim_mean_wait_s: f64,
    /// Mean wait in line, closed form.
    pub expected_mean_wait_s: f64,
    /// Mean sojourn (wait + service), simulated.
    pub sim_mean_sojourn_s: f64,
    /// Mean sojourn, closed form.
    pub expected_mean_sojourn_s: f64,
    /// 99th percentile sojourn, simulated.
    pub sim_p99_sojourn_s: f64,
    /// 99th percentile sojourn, closed form (M/M/1 and M/M/c only).
    pub expected_p99_sojourn_s: Option<f64>,
    /// Events processed by the engine.
    pub events: u64,
}

/// Why a validation run was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueParamError(pub String);

impl core::fmt::Display for QueueParamError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for QueueParamError {}

/// Erlang C: probability that an arrival waits in an M/M/c queue with offered load `a = λ/μ`.
#[must_use]
pub fn erlang_c(c: u32, a: f64) -> f64 {
    let c_f = f64::from(c);
    let rho = a / c_f;
    if rho >= 1.0 {
        return 1.0;
    }
    // Σ_{k<c} a^k/k!, built term by term to stay finite for large c.
    let (mut term, mut sum) = (1.0f64, 1.0f64);
    for k in 1..c {
        term *= a / f64::from(k);
        sum += term;
    }
    let last = term * a / c_f / (1.0 - rho);
    last / (sum + last)
}

/// Mean wait in line of M/M/c: `C(c, λ/μ) / (cμ − λ)`.
#[must_use]
pub fn mmc_mean_wait(c: u32, lambda: f64, mu: f64) -> f64 {
    erlang_c(c, lambda / mu) / (f64::from(c) * mu - lambda)
}

/// Mean wait in line of M/D/1 (Pollaczek–Khinchine with zero service variance): `ρ / (2μ(1−ρ))`.
#[must_use]
pub fn md1_mean_wait(lambda: f64, mu: f64) -> f64 {
    let rho = lambda / mu;
    rho / (2.0 * mu * (1.0 - rho))
}

/// `P(T > t)` for the M/M/c sojourn time `T = W + S`: `W` is 0 with probability `1 − C` and
/// otherwise `Exp(cμ − λ)`; `S ~ Exp(μ)`; the sum of the two exponentials is hypoexponential.
#[must_use]
pub fn mmc_sojourn_tail(c: u32, lambda: f64, mu: f64, t: f64) -> f64 {
    let pc = erlang_c(c, lambda / mu);
    let a = f64::from(c) * mu - lambda;
    let both = if (a - mu).abs() < 1e-12 * mu {
        (-mu * t).exp() * (1.0 + mu * t)
    } else {
        (a * (-mu * t).exp() - mu * (-a * t).exp()) / (a - mu)
    };
    (1.0 - pc) * (-mu * t).exp() + pc * both
}

/// The `q` quantile of the M/M/c sojourn time, by bisection on [`mmc_sojourn_tail`].
#[must_use]
pub fn mmc_sojourn_quantile(c: u32, lambda: f64, mu: f64, q: f64) -> f64 {
    let target = 1.0 - q;
    let (mut lo, mut hi) = (0.0f64, 1.0 / mu);
    while mmc_sojourn_tail(c, lambda, mu, hi) > target {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mmc_sojourn_tail(c, lambda, mu, mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[derive(Debug, Clone, Copy)]
enum QEv {
    Arrive,
    Depart,
}

/// Simulates the queue event by event and returns simulated and closed-form values.
///
/// # Errors
/// Non-positive or non-finite rates, zero servers or customers, or ρ ≥ 1 (no steady state).
pub fn run_queue(p: QueueParams) -> Result<QueueResult, QueueParamError> {
    let c = match p.model {
        QueueModel::Mmc => p.servers,
        QueueModel::Mm1 | QueueModel::Md1 => 1,
    };
    let (lambda, mu) = (p.arrival_rate, p.service_rate);
    if !(lambda.is_finite() && lambda > 0.0 && mu.is_finite() && mu > 0.0) {
        return Err(QueueParamError(
            "arrival and service rates must be finite and greater than zero".into(),
        ));
    }
    if c == 0 {
        return Err(QueueParamError("servers must be at least 1".into()));
    }
    if p.customers == 0 {
        return Err(QueueParamError("customers must be at least 1".into()));
    }
    let rho = lambda / (f64::from(c) * mu);
    if rho >= 1.0 {
        return Err(QueueParamError(format!(
            "utilisation λ/(c·μ) = {rho:.3} is not below 1: the queue has no steady state"
        )));
    }
    let service = match p.model {
        QueueModel::Md1 => Dist::Constant(crate::engine::to_nanos(1e9 / mu)),
        _ => Dist::Exponential { mean_ns: 1e9 / mu },
    };
    let inter = Dist::Exponential {
        mean_ns: 1e9 / lambda,
    };
    let warmup = p.customers / 100;
    let total = p.customers + warmup;
    let mut rng = SimRng::seed_from(p.seed);
    let mut q: EventQueue<QEv> = EventQueue::for_event_rate(2.0 * lambda);
    let mut line: VecDeque<Nanos> = VecDeque::new();
    let mut busy = 0u32;
    let (mut arrived, mut started) = (0u64, 0u64);
    let mut wait_sum = 0u128;
    let mut sojourn = LatencyRecorder::new();
    q.schedule_at(inter.sample(&mut rng), QEv::Arrive);
    // Starts service for a customer that arrived at `arrival`: records its wait and schedules
    // its departure. Sojourn is known at start (FCFS: nothing overtakes it).
    let mut start = |now: Nanos, arrival: Nanos, q: &mut EventQueue<QEv>, rng: &mut SimRng| {
        let s = service.sample(rng);
        if started >= warmup {
            wait_sum += u128::from(now - arrival);
            sojourn.record(now - arrival + s);
        }
        started += 1;
        q.schedule_at(now + s, QEv::Depart);
    };
    while let Some((now, ev)) = q.pop() {
        match ev {
            QEv::Arrive => {
                arrived += 1;
                if arrived < total {
                    let t = now + inter.sample(&mut rng);
                    q.schedule_at(t, QEv::Arrive);
                }
                if busy < c {
                    busy += 1;
                    start(now, now, &mut q, &mut rng);
                } else {
                    line.push_back(now);
                }
            }
            QEv::Depart => match line.pop_front() {
                Some(a) => start(now, a, &mut q, &mut rng),
                None => busy -= 1,
            },
        }
    }
    let n = p.customers as f64;
    let expected_wait = match p.model {
        QueueModel::Md1 => md1_mean_wait(lambda, mu),
        _ => mmc_mean_wait(c, lambda, mu),
    };
    Ok(QueueResult {
        params: p,
        utilisation: rho,
        sim_mean_wait_s: wait_sum as f64 / n / 1e9,
        expected_mean_wait_s: expected_wait,
        sim_mean_sojourn_s: sojourn.mean_ns() / 1e9,
        expected_mean_sojourn_s: expected_wait + 1.0 / mu,
        sim_p99_sojourn_s: as_secs(sojourn.quantile_ns(0.99)),
        expected_p99_sojourn_s: match p.model {
            QueueModel::Md1 => None,
            _ => Some(mmc_sojourn_quantile(c, lambda, mu, 0.99)),
        },
        events: q.events_processed(),
    })
}

/// Relative tolerance on mean waits promised by the validation suite.
pub const MEAN_TOLERANCE: f64 = 0.05;
/// Relative tolerance on p99 sojourn times promised by the validation suite.
pub const P99_TOLERANCE: f64 = 0.06;

/// The standard validation suite: M/M/1, M/M/4 and M/D/1, each at ρ = 0.8 (the hardest load the
/// tolerances are promised for) with `customers` customers.
#[must_use]
pub fn standard_suite(customers: u64, seed: u64) -> Vec<QueueParams> {
    let base = QueueParams {
        model: QueueModel::Mm1,
        servers: 1,
        arrival_rate: 800.0,
        service_rate: 1_000.0,
        customers,
        seed,
    };
    vec![
        base,
        QueueParams {
            model: QueueModel::Mmc,
            servers: 4,
            arrival_rate: 3_200.0,
            ..base
        },
        QueueParams {
            model: QueueModel::Md1,
            ..base
        },
    ]
}

impl QueueResult {
    /// Relative error of the simulated mean wait.
    #[must_use]
    pub fn mean_wait_error(&self) -> f64 {
        (self.sim_mean_wait_s - self.expected_mean_wait_s) / self.expected_mean_wait_s
    }

    /// Relative error of the simulated p99 sojourn, when a closed form exists.
    #[must_use]
    pub fn p99_error(&self) -> Option<f64> {
        self.expected_p99_sojourn_s
            .map(|e| (self.sim_p99_sojourn_s - e) / e)
    }

    /// Whether both errors are within [`MEAN_TOLERANCE`] and [`P99_TOLERANCE`].
    #[must_use]
    pub fn within_tolerance(&self) -> bool {
        self.mean_wait_error().abs() <= MEAN_TOLERANCE
            && self.p99_error().is_none_or(|e| e.abs() <= P99_TOLERANCE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::MultiServerFcfs;

    #[test]
    fn erlang_c_known_values() {
        // c = 1: C = ρ.
        assert!((erlang_c(1, 0.7) - 0.7).abs() < 1e-12);
        // c = 2, a = 1: C = (1/2 · 1/(1/2)) / (1 + 1 + 1) = 1/3.
        assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
        // M/M/1 sojourn is Exp(μ − λ): p99 = ln(100)/(μ − λ).
        let p99 = mmc_sojourn_quantile(1, 8.0, 10.0, 0.99);
        assert!((p99 - 100f64.ln() / 2.0).abs() < 1e-9, "{p99}");
        assert!((md1_mean_wait(0.5, 1.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn event_free_fcfs_matches_the_event_driven_queue_exactly() {
        // Same arrivals and services through both: every wait must be identical.
        let mut rng = SimRng::seed_from(42);
        let c = 3;
        let arr = Dist::Exponential { mean_ns: 1_000.0 };
        let svc = Dist::Exponential { mean_ns: 2_500.0 };
        let mut t = 0;
        let jobs: Vec<(Nanos, Nanos)> = (0..20_000)
            .map(|_| {
                t += arr.sample(&mut rng);
                (t, svc.sample(&mut rng))
            })
            .collect();
        let mut fcfs = MultiServerFcfs::new(c);
        let shortcut: Vec<Nanos> = jobs
            .iter()
            .map(|&(a, s)| fcfs.admit(a, s).start - a)
            .collect();
        // Reference: explicit line and departure events.
        #[derive(Clone, Copy)]
        enum E {
            A(usize),
            D,
        }
        let mut q = EventQueue::new();
        for (i, &(a, _)) in jobs.iter().enumerate() {
            q.schedule_at(a, E::A(i));
        }
        let mut line = VecDeque::new();
        let mut busy = 0;
        let mut waits = vec![0; jobs.len()];
        while let Some((now, e)) = q.pop() {
            match e {
                E::A(i) if busy < c => {
                    busy += 1;
                    q.schedule_at(now + jobs[i].1, E::D);
                }
                E::A(i) => line.push_back(i),
                E::D => match line.pop_front() {
                    Some(i) => {
                        waits[i] = now - jobs[i].0;
                        q.schedule_at(now + jobs[i].1, E::D);
                    }
                    None => busy -= 1,
                },
            }
        }
        assert_eq!(shortcut, waits);
        assert!(waits.iter().filter(|&&w| w > 0).count() > 1_000);
    }

    #[test]
    fn refuses_unstable_or_invalid_queues() {
        let p = QueueParams {
            model: QueueModel::Mmc,
            servers: 2,
            arrival_rate: 20.0,
            service_rate: 10.0,
            customers: 10,
            seed: 1,
        };
        assert!(run_queue(p).is_err());
        assert!(run_queue(QueueParams { servers: 0, ..p }).is_err());
        assert!(
            run_queue(QueueParams {
                arrival_rate: -1.0,
                ..p
            })
            .is_err()
        );
    }
}
