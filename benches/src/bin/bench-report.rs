//! `bench-report`: turns one criterion run into `results/bench/` (summary.md, summary.json and a
//! bar chart per group).
//!
//! ```text
//! cargo run --release -p edgeauth-benches --bin bench-report -- \
//!     [--criterion-dir DIR] [--out DIR] [--command "how the run was produced"]
//! ```
//! `--criterion-dir` defaults to `$CARGO_TARGET_DIR/criterion`, else `target/criterion`;
//! `--out` defaults to `results/bench`.

use edgeauth_benches::report::provenance::Provenance;
use edgeauth_benches::report::{chart, load_allocs, load_groups, markdown, targets};
use std::path::PathBuf;

struct Args {
    criterion_dir: PathBuf,
    out: PathBuf,
    command: String,
    charts: bool,
}

const USAGE: &str =
    "usage: bench-report [--criterion-dir DIR] [--out DIR] [--command TEXT] [--no-charts]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        criterion_dir: std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| PathBuf::from("target"), PathBuf::from)
            .join("criterion"),
        out: PathBuf::from("results/bench"),
        command: "cargo bench -p edgeauth-benches".to_owned(),
        charts: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--criterion-dir" => args.criterion_dir = PathBuf::from(value()?),
            "--out" => args.out = PathBuf::from(value()?),
            "--command" => args.command = value()?,
            "--no-charts" => args.charts = false,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(args)
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let groups = load_groups(&args.criterion_dir)?;
    if groups.is_empty() {
        return Err(format!(
            "no criterion results under {} (run `cargo bench -p edgeauth-benches` first, or \
             pass --criterion-dir)",
            args.criterion_dir.display()
        ));
    }
    let allocs = load_allocs(&args.criterion_dir)?;
    let checks = targets::checks(&groups, allocs.as_deref());
    let provenance = Provenance::detect(&args.command);
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    if args.charts {
        for g in &groups {
            chart::render(g, &args.out)?;
        }
    }
    let md = markdown::summary(
        &provenance,
        &groups,
        allocs.as_deref(),
        &checks,
        args.charts,
    );
    let md_path = args.out.join("summary.md");
    std::fs::write(&md_path, md).map_err(|e| format!("{}: {e}", md_path.display()))?;
    let json =
        edgeauth_benches::report::json::summary(&provenance, &groups, allocs.as_deref(), &checks);
    let json_path = args.out.join("summary.json");
    std::fs::write(&json_path, json).map_err(|e| format!("{}: {e}", json_path.display()))?;
    println!(
        "wrote {} ({} groups, {} benchmarks)",
        md_path.display(),
        groups.len(),
        groups.iter().map(|g| g.entries.len()).sum::<usize>()
    );
    for c in &checks {
        let status = match c.met {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "not measured",
        };
        let measured = c
            .measured
            .map_or(String::new(), |m| format!("{m:.2} {}", c.unit));
        println!("  {status:<12} {} — {measured}", c.target);
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench-report: {e}");
        std::process::exit(2);
    }
}
