//! The `edgeauth-sim` command line: `run`, `sweep`, `calibrate`, `validate`.
//!
//! Exit status: 0 success; 2 invalid input (scenario, calibration or arguments — nothing is
//! written); 1 anything else (I/O, a failed validation). Each subcommand is one variant of
//! [`Command`] and one arm in [`dispatch`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::calibration::{MeasureOptions, measure};
use crate::model::{DesignKind, RunSummary};
use crate::output::{summary_csv, write_atomic, write_run};
use crate::progress::Progress;
use crate::run::{Vary, load, run_designs, run_sweep, sweep_points, sweep_runs};
use crate::validate::{
    MEAN_TOLERANCE, P99_TOLERANCE, QueueModel, QueueParams, QueueResult, run_queue, standard_suite,
};

/// Exit status for invalid input.
pub const EXIT_INVALID: u8 = 2;
/// Exit status for other failures.
pub const EXIT_FAILURE: u8 = 1;

/// Deterministic discrete-event simulator of JWT and session-cookie authentication designs.
#[derive(Debug, Parser)]
#[command(name = "edgeauth-sim", version, about)]
pub struct Cli {
    /// No progress bar and no informational messages on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every design of a scenario; write summary.json, summary.csv, timeseries.csv and
    /// exposure.csv.
    Run(RunArgs),
    /// Run a scenario for several values of one parameter (in parallel).
    Sweep(SweepArgs),
    /// Measure the edgeauth core on this machine and write a calibration file.
    Calibrate(CalibrateArgs),
    /// Run the engine as an M/M/1, M/M/c or M/D/1 queue and compare with closed forms.
    Validate(ValidateArgs),
    /// Run the built-in scenario suite and write charts (SVG, PNG), CSV and REPORT.md.
    Report(crate::report::ReportArgs),
}

/// Options shared by `run` and `sweep`.
#[derive(Debug, Args)]
pub struct ScenarioArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    /// Output folder (default: `out/<scenario name>`).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Calibration file (overrides the scenario's `costs.calibration` and the default).
    #[arg(long)]
    pub calibration: Option<PathBuf>,
    /// Only these designs (repeatable; default: every design the scenario enables).
    #[arg(long = "design", value_name = "NAME")]
    pub designs: Vec<String>,
    /// Override the scenario's seed.
    #[arg(long)]
    pub seed: Option<u64>,
}

/// `run` options.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario options.
    #[command(flatten)]
    pub scenario: ScenarioArgs,
}

/// `sweep` options.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario options.
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// The parameter and its values: NAME=V1,V2,... with NAME one of servers, cores, rate,
    /// users, shards, ttl, store_rtt, store_service, cache_ttl, poll, seed.
    #[arg(long)]
    pub vary: Vary,
}

/// `calibrate` options.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Where to write the calibration (TOML) [default: stdout].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Description of this machine [default: CPU model and core count].
    #[arg(long)]
    pub machine: Option<String>,
    /// Shorter measurement (less precise).
    #[arg(long)]
    pub quick: bool,
}

/// The queue for `validate`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModelArg {
    /// M/M/1.
    Mm1,
    /// M/M/c.
    Mmc,
    /// M/D/1.
    Md1,
}

/// `validate` options. Without `--model`, runs the standard suite and fails if a tolerance is
/// missed.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Queue model.
    #[arg(long, value_enum)]
    pub model: Option<ModelArg>,
    /// Servers (M/M/c).
    #[arg(long, default_value_t = 1)]
    pub servers: u32,
    /// Arrival rate λ per second.
    #[arg(long)]
    pub arrival_rate: Option<f64>,
    /// Service rate μ per second per server.
    #[arg(long)]
    pub service_rate: Option<f64>,
    /// Customers to simulate.
    #[arg(long, default_value_t = 1_000_000)]
    pub customers: u64,
    /// RNG seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Parses the process arguments and runs.
#[must_use]
pub fn main() -> ExitCode {
    dispatch(Cli::parse())
}

/// Runs a parsed command line.
#[must_use]
pub fn dispatch(cli: Cli) -> ExitCode {
    let quiet = cli.quiet;
    match cli.command {
        Command::Run(a) => cmd_run(&a, quiet),
        Command::Sweep(a) => cmd_sweep(&a, quiet),
        Command::Calibrate(a) => cmd_calibrate(&a, quiet),
        Command::Validate(a) => cmd_validate(&a),
        Command::Report(a) => crate::report::command(&a, quiet),
    }
}

fn invalid(msg: impl core::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(EXIT_INVALID)
}

fn failure(msg: impl core::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(EXIT_FAILURE)
}

fn selected(names: &[String]) -> Result<Vec<DesignKind>, String> {
    names
        .iter()
        .map(|n| {
            DesignKind::from_name(n).ok_or_else(|| {
                let all: Vec<&str> = DesignKind::ALL.iter().map(|d| d.name()).collect();
                format!("unknown design `{n}`; one of: {}", all.join(", "))
            })
        })
        .collect()
}

fn prepare(a: &ScenarioArgs) -> Result<(crate::run::Loaded, Vec<DesignKind>, PathBuf), String> {
    let mut loaded = load(&a.file, a.calibration.as_deref()).map_err(|e| e.to_string())?;
    if let Some(seed) = a.seed {
        loaded.file.scenario.seed = seed;
    }
    let only = selected(&a.designs)?;
    for k in &only {
        if !crate::run::enabled(&loaded.file.scenario.designs, *k) {
            return Err(format!(
                "design `{k}` is not enabled in {} (add a [designs.{k}] table)",
                a.file.display()
            ));
        }
    }
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("out").join(&loaded.file.scenario.name));
    Ok((loaded, only, out))
}

fn print_table(rows: &[(String, &RunSummary)]) {
    println!(
        "{:<28} {:>10} {:>10} {:>10} {:>10} {:>11} {:>9} {:>12} {:>9}",
        "design",
        "p50 µs",
        "p99 µs",
        "auth µs",
        "store µs",
        "store op/s",
        "failed",
        "exposure p99",
        "wrong ok"
    );
    for (label, s) in rows {
        println!(
            "{:<28} {:>10.1} {:>10.1} {:>10.2} {:>10.1} {:>11.0} {:>9} {:>11.3}s {:>9}",
            label,
            s.latency.p50_us,
            s.latency.p99_us,
            s.cpu.auth_us_per_request,
            s.store.us_per_request,
            s.store.ops_per_s,
            s.requests.failed,
            s.revocation.exposure_p99_s,
            s.revocation.wrongly_accepted
        );
    }
}

fn cmd_run(a: &RunArgs, quiet: bool) -> ExitCode {
    let (loaded, only, out) = match prepare(&a.scenario) {
        Ok(x) => x,
        Err(e) => return invalid(e),
    };
    let s = &loaded.file.scenario;
    let runs = DesignKind::ALL
        .iter()
        .filter(|k| crate::run::enabled(&s.designs, **k) && (only.is_empty() || only.contains(k)))
        .count();
    let progress = Progress::new(runs, quiet);
    let summaries = run_designs(s, &loaded.calibration, &only, &|i, f| progress.update(i, f));
    progress.finish();
    if let Err(e) = write_run(&out, &summaries) {
        return failure(format!("writing {}: {e}", out.display()));
    }
    let rows: Vec<(String, &RunSummary)> = summaries
        .iter()
        .map(|s| (s.design.name().to_owned(), s))
        .collect();
    print_table(&rows);
    if !quiet {
        eprintln!("wrote {}", out.display());
    }
    ExitCode::SUCCESS
}

fn cmd_sweep(a: &SweepArgs, quiet: bool) -> ExitCode {
    let (loaded, only, out) = match prepare(&a.scenario) {
        Ok(x) => x,
        Err(e) => return invalid(e),
    };
    let points = match sweep_points(&loaded, &a.vary) {
        Ok(p) => p,
        Err(e) => return invalid(e),
    };
    let progress = Progress::new(sweep_runs(&points, &only), quiet);
    let results = run_sweep(&points, &loaded.calibration, &only, &|i, f| {
        progress.update(i, f);
    });
    progress.finish();
    let name = a.vary.param.name();
    let rows: Vec<(Vec<String>, &RunSummary)> = results
        .iter()
        .map(|(v, s)| (vec![name.to_owned(), v.to_string()], s))
        .collect();
    let csv = summary_csv(&["parameter", "value"], &rows);
    let json = match serde_json::to_string_pretty(
        &results
            .iter()
            .map(|(v, s)| serde_json::json!({ "parameter": name, "value": v, "summary": s }))
            .collect::<Vec<_>>(),
    ) {
        Ok(j) => j,
        Err(e) => return failure(e),
    };
    let written = write_atomic(&out.join("sweep.csv"), csv.as_bytes())
        .and_then(|()| write_atomic(&out.join("sweep.json"), json.as_bytes()));
    if let Err(e) = written {
        return failure(format!("writing {}: {e}", out.display()));
    }
    let table: Vec<(String, &RunSummary)> = results
        .iter()
        .map(|(v, s)| (format!("{name}={v} {}", s.design), s))
        .collect();
    print_table(&table);
    if !quiet {
        eprintln!("wrote {}", out.display());
    }
    ExitCode::SUCCESS
}

/// A one-line description of this machine: CPU model and logical core count.
#[must_use]
pub fn machine_description() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    format!("{model}, {cores} logical cores, {}", std::env::consts::OS)
}

fn cmd_calibrate(a: &CalibrateArgs, quiet: bool) -> ExitCode {
    let machine = a.machine.clone().unwrap_or_else(machine_description);
    let opts = if a.quick {
        MeasureOptions {
            batch_ms: 1,
            batches: 20,
        }
    } else {
        MeasureOptions::default()
    };
    if !quiet {
        eprintln!("measuring the edgeauth core on: {machine}");
    }
    let cal = match measure(&machine, opts) {
        Ok(c) => c,
        Err(e) => return failure(e),
    };
    let text = match cal.to_toml() {
        Ok(t) => format!(
            "# Costs of the edgeauth core, measured by `edgeauth-sim calibrate`{}.\n{t}",
            if a.quick { " --quick" } else { "" }
        ),
        Err(e) => return failure(e),
    };
    match &a.out {
        Some(p) => {
            if let Err(e) = write_atomic(p, text.as_bytes()) {
                return failure(format!("writing {}: {e}", p.display()));
            }
            if !quiet {
                eprintln!("wrote {}", p.display());
            }
        }
        None => print!("{text}"),
    }
    ExitCode::SUCCESS
}

fn print_queue(r: &QueueResult) {
    let p = &r.params;
    println!(
        "{:?} c={} λ={} μ={} ρ={:.3} customers={}",
        p.model, p.servers, p.arrival_rate, p.service_rate, r.utilisation, p.customers
    );
    println!(
        "  mean wait     simulated {:.6e} s   closed form {:.6e} s   error {:+.2}% (tolerance ±{}%)",
        r.sim_mean_wait_s,
        r.expected_mean_wait_s,
        r.mean_wait_error() * 100.0,
        MEAN_TOLERANCE * 100.0
    );
    println!(
        "  mean sojourn  simulated {:.6e} s   closed form {:.6e} s",
        r.sim_mean_sojourn_s, r.expected_mean_sojourn_s
    );
    match (r.expected_p99_sojourn_s, r.p99_error()) {
        (Some(e), Some(err)) => println!(
            "  p99 sojourn   simulated {:.6e} s   closed form {:.6e} s   error {:+.2}% (tolerance ±{}%)",
            r.sim_p99_sojourn_s,
            e,
            err * 100.0,
            P99_TOLERANCE * 100.0
        ),
        _ => println!(
            "  p99 sojourn   simulated {:.6e} s   (no closed form used for this model)",
            r.sim_p99_sojourn_s
        ),
    }
    println!("  {}", if r.within_tolerance() { "PASS" } else { "FAIL" });
}

fn cmd_validate(a: &ValidateArgs) -> ExitCode {
    let params = match a.model {
        None => standard_suite(a.customers, a.seed),
        Some(m) => {
            let (Some(l), Some(mu)) = (a.arrival_rate, a.service_rate) else {
                return invalid("--model needs --arrival-rate and --service-rate");
            };
            vec![QueueParams {
                model: match m {
                    ModelArg::Mm1 => QueueModel::Mm1,
                    ModelArg::Mmc => QueueModel::Mmc,
                    ModelArg::Md1 => QueueModel::Md1,
                },
                servers: a.servers,
                arrival_rate: l,
                service_rate: mu,
                customers: a.customers,
                seed: a.seed,
            }]
        }
    };
    let mut all_ok = true;
    for p in params {
        match run_queue(p) {
            Ok(r) => {
                all_ok &= r.within_tolerance();
                print_queue(&r);
            }
            Err(e) => return invalid(e),
        }
    }
    if all_ok || a.model.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILURE)
    }
}
