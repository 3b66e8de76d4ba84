//! The progress bar: one bar over every run of a command, shown only on a terminal, only when
//! not `--quiet`, and only once the command has been running for a second (short runs stay
//! silent, so scripted use and CI logs are clean).

use core::sync::atomic::{AtomicU64, Ordering};
use core::time::Duration;
use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Shared progress of `runs` parallel runs, each reporting a fraction done.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    start: Instant,
    enabled: bool,
    shown: core::sync::atomic::AtomicBool,
    per_run: Vec<AtomicU64>,
}

const STEPS: u64 = 1_000;

impl Progress {
    /// A bar for `runs` runs; drawn only if `!quiet` and stderr is a terminal.
    #[must_use]
    pub fn new(runs: usize, quiet: bool) -> Self {
        let bar =
            ProgressBar::with_draw_target(Some(runs as u64 * STEPS), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {percent:>3}% eta {eta}",
        ) {
            bar.set_style(style);
        }
        Self {
            bar,
            start: Instant::now(),
            enabled: !quiet && std::io::stderr().is_terminal(),
            shown: core::sync::atomic::AtomicBool::new(false),
            per_run: (0..runs).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    /// Run `i` is `fraction` (0..=1) done.
    pub fn update(&self, i: usize, fraction: f64) {
        let Some(slot) = self.per_run.get(i) else {
            return;
        };
        // Clamped to 0..=STEPS before the conversion.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let steps = (fraction.clamp(0.0, 1.0) * STEPS as f64) as u64;
        slot.store(steps, Ordering::Relaxed);
        if !self.enabled {
            return;
        }
        if !self.shown.load(Ordering::Relaxed) {
            if self.start.elapsed() < Duration::from_secs(1) {
                return;
            }
            if !self.shown.swap(true, Ordering::Relaxed) {
                self.bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
        let total: u64 = self.per_run.iter().map(|a| a.load(Ordering::Relaxed)).sum();
        self.bar.set_position(total);
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
