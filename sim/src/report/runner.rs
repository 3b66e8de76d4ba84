//! Runs the suite's jobs in parallel (rayon) behind one progress bar (indicatif).
//!
//! Jobs are independent and each is deterministic given its scenario and seed, so running them
//! in any order on any number of threads gives the same results; the output keeps the suite's
//! order. The heaviest jobs start first so the last core is not left with a long straggler.
//! The bar counts simulated requests, not jobs, because job sizes differ by a factor of 100.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::suite::Job;
use crate::calibration::Calibration;
use crate::model::{RunSummary, designs_from, simulate};

/// A job with its result.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// What was run.
    pub job: Job,
    /// What it produced.
    pub summary: RunSummary,
}

/// Results of a whole suite.
#[derive(Debug, Clone)]
pub struct SuiteResults {
    /// In suite order.
    pub outcomes: Vec<Outcome>,
    /// Wall-clock seconds spent simulating.
    pub wall_s: f64,
}

/// A job whose scenario enables no design (a bug in the suite, reported rather than panicking).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoDesign(pub String);

/// Runs every job; the bar is drawn on stderr when `progress` is set and stderr is a terminal.
pub fn run(jobs: Vec<Job>, cal: &Calibration, progress: bool) -> Result<SuiteResults, NoDesign> {
    let total: f64 = jobs.iter().map(Job::weight).sum();
    let bar = if progress {
        ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} simulating {bar:40} {percent:>3}% {human_pos}/{human_len} requests, eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let start = Instant::now();
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by(|&a, &b| jobs[b].weight().total_cmp(&jobs[a].weight()));
    let mut done: Vec<(usize, Result<RunSummary, NoDesign>)> = order
        .par_iter()
        .map(|&i| {
            let job = &jobs[i];
            let s = &job.scenario;
            let weight = job.weight() as u64;
            let mut done = 0u64;
            let r = designs_from(&s.designs, cal, s.costs.local_lookup_us)
                .first()
                .map(|design| {
                    simulate(s, design, &mut |f| {
                        let now = (weight as f64 * f.clamp(0.0, 1.0)) as u64;
                        if now > done {
                            bar.inc(now - done);
                            done = now;
                        }
                    })
                })
                .ok_or_else(|| NoDesign(s.name.clone()));
            bar.inc(weight.saturating_sub(done));
            (i, r)
        })
        .collect();
    bar.finish_and_clear();
    done.sort_by_key(|(i, _)| *i);
    let mut outcomes = Vec::with_capacity(jobs.len());
    for (job, (_, r)) in jobs.into_iter().zip(done) {
        outcomes.push(Outcome { job, summary: r? });
    }
    Ok(SuiteResults {
        outcomes,
        wall_s: start.elapsed().as_secs_f64(),
    })
}
