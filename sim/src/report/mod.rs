//! `edgeauth-sim report`: calibrate on this machine, run the built-in scenario suite in parallel,
//! and write every chart (SVG + PNG), its CSV, and `REPORT.md` — all or nothing.
//!
//! The pipeline, one module per step:
//! [`output`] checks the output folder up front and stages files; [`calibration`](crate::calibration)
//! measures the core; [`suite`] lists the jobs and [`runner`] runs them; [`tokens`] encodes sample
//! tokens; [`figures`] turns results into charts and sentences; [`recommend`] fills the summary
//! table; [`chart`], [`render`] and [`markdown`] draw and write. Nothing here changes how the
//! model behaves: the report only reads [`RunSummary`](crate::model::RunSummary) values.

pub mod chart;
pub mod figures;
pub mod machine;
pub mod markdown;
pub mod output;
pub mod recommend;
pub mod render;
pub mod runner;
pub mod suite;
pub mod tokens;

use core::fmt;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::calibration::{Calibration, MeasureOptions, measure};
use markdown::{CalibrationRow, ReportDoc};
use output::{OutputError, Staging};
use suite::{Defaults, Size};

/// Options of `edgeauth-sim report`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// Output folder; `REPORT.md` and `charts/` inside it are replaced as a whole, other files
    /// are left alone.
    #[arg(long, default_value = "results")]
    pub out: PathBuf,
    /// Smaller suite on a scaled-down cluster and clock (under 30 s; for CI and tests).
    #[arg(long)]
    pub quick: bool,
    /// Base seed: job i of the suite uses seed + i.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Use this calibration file instead of measuring the core now.
    #[arg(long)]
    pub calibration: Option<PathBuf>,
}

/// Why a report could not be produced.
#[derive(Debug)]
pub enum ReportError {
    /// The output folder is unusable (checked before any work).
    Output(OutputError),
    /// The calibration file could not be used.
    Calibration(String),
    /// Measuring the core failed.
    Measure(String),
    /// A chart could not be drawn.
    Render(render::RenderError),
    /// The suite produced no result for a job (a bug).
    Suite(String),
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Output(e) => e.fmt(f),
            Self::Calibration(e) => write!(f, "{e}"),
            Self::Measure(e) => write!(f, "calibration failed: {e}"),
            Self::Render(e) => e.fmt(f),
            Self::Suite(e) => write!(f, "internal error: job {e} enables no design"),
        }
    }
}

impl core::error::Error for ReportError {}

impl ReportError {
    /// 2 for bad input (output folder, calibration file), 1 for failures during the run.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Output(_) | Self::Calibration(_) => 2,
            Self::Render(_) | Self::Measure(_) | Self::Suite(_) => 1,
        }
    }
}

impl From<OutputError> for ReportError {
    fn from(e: OutputError) -> Self {
        Self::Output(e)
    }
}

impl From<render::RenderError> for ReportError {
    fn from(e: render::RenderError) -> Self {
        Self::Render(e)
    }
}

/// What a finished report wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// Files relative to the output folder.
    pub files: Vec<String>,
    /// Seconds spent simulating.
    pub simulate_s: f64,
    /// Seconds for the whole command.
    pub total_s: f64,
}

/// `edgeauth-sim report` as called by the CLI: prints a one-line summary unless `quiet`, and
/// maps errors to exit status 2 (bad input, nothing written) or 1.
pub fn command(args: &ReportArgs, quiet: bool) -> ExitCode {
    match run(args, !quiet) {
        Ok(w) => {
            if !quiet {
                eprintln!(
                    "wrote {} files to {} in {:.1} s ({:.1} s simulating)",
                    w.files.len(),
                    args.out.display(),
                    w.total_s,
                    w.simulate_s
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn calibration(
    args: &ReportArgs,
    size: Size,
    cpu: &str,
) -> Result<(Calibration, String), ReportError> {
    if let Some(p) = &args.calibration {
        let c = Calibration::read(p)
            .map_err(|e| ReportError::Calibration(format!("{}: {e}", p.display())))?;
        return Ok((c, format!("read from `{}` ({})", p.display(), c_machine(p))));
    }
    // Many short batches, fastest kept (see `calibration::measure`): robust on a busy machine.
    let opts = match size {
        Size::Full => MeasureOptions {
            batch_ms: 2,
            batches: 150,
        },
        Size::Quick => MeasureOptions {
            batch_ms: 1,
            batches: 20,
        },
    };
    let c = measure(cpu, opts).map_err(ReportError::Measure)?;
    let how = format!(
        "measured by this run on the edgeauth core (fastest of {} batches of {} ms per operation)",
        opts.batches, opts.batch_ms
    );
    Ok((c, how))
}

fn c_machine(p: &std::path::Path) -> String {
    Calibration::read(p).map(|c| c.machine).unwrap_or_default()
}

/// Runs the whole report. The output folder is checked before anything else, and nothing in it
/// changes unless every file was produced.
pub fn run(args: &ReportArgs, progress: bool) -> Result<Written, ReportError> {
    let start = Instant::now();
    let staging = Staging::begin(&args.out)?;
    let size = if args.quick { Size::Quick } else { Size::Full };
    let provenance = machine::Provenance::detect();
    let (cal, cal_source) = calibration(
        args,
        size,
        &format!("{} ({} cores)", provenance.cpu, provenance.cores),
    )?;
    let defaults = Defaults::new(size, &cal);
    let jobs = suite::jobs(size, args.seed, &defaults);
    let results = runner::run(jobs, &cal, progress).map_err(|e| ReportError::Suite(e.0))?;
    let tokens = tokens::sizes(&defaults.algs);
    let ctx = figures::Ctx {
        results: &results,
        defaults: &defaults,
        cal: &cal,
        size,
        tokens: &tokens,
    };
    let sections = figures::build_all(&ctx);
    let recommendations = recommend::recommendations(&ctx);

    for s in &sections {
        let id = &s.figure.id;
        staging.write(
            &format!("charts/{id}.svg"),
            render::to_svg(&s.figure)?.as_bytes(),
        )?;
        render::to_png(&s.figure, &staging.path(&format!("charts/{id}.png"))?)?;
        staging.write(&format!("charts/{id}.csv"), s.figure.csv().as_bytes())?;
    }
    let mut calibration: Vec<CalibrationRow> = cal
        .algorithms
        .iter()
        .map(|(name, a)| CalibrationRow {
            name: format!("{name} verify (sign {:.2} µs)", a.sign_us),
            cpu_us: a.verify_us,
            bytes: a.token_bytes as usize,
        })
        .collect();
    calibration.push(CalibrationRow {
        name: format!(
            "session cookie check (create {:.2} µs)",
            cal.session.create_us
        ),
        cpu_us: cal.session.check_us,
        bytes: cal.session.cookie_bytes as usize,
    });
    let doc = ReportDoc {
        command: format!(
            "cargo run --release -p edgeauth-sim -- report{}{}",
            if args.quick { " --quick" } else { "" },
            if args.seed == 1 {
                String::new()
            } else {
                format!(" --seed {}", args.seed)
            }
        ),
        suite: if args.quick {
            "quick".into()
        } else {
            "full".into()
        },
        seed: args.seed,
        provenance,
        calibration_source: cal_source,
        calibration,
        runs: results.outcomes.len(),
        simulated_requests: results
            .outcomes
            .iter()
            .map(|o| o.summary.requests.offered)
            .sum(),
        wall_s: results.wall_s,
        recommendations,
        sections,
    };
    staging.write("REPORT.md", markdown::render(&doc).as_bytes())?;
    let files = staging.commit()?;
    Ok(Written {
        files,
        simulate_s: results.wall_s,
        total_s: start.elapsed().as_secs_f64(),
    })
}
