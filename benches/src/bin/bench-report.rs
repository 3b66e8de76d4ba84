//! `bench-report`: turns criterion's output into `results/bench/` (summary.md, summary.json and a
//! bar chart per group).
//!
//! ```text
//! cargo run --release -p edgeauth-benches --bin bench-report -- \
//!     [--criterion-dir DIR]... [--out DIR] [--command "how the run was produced"]
//! ```
//! `--criterion-dir` defaults to `$CARGO_TARGET_DIR/criterion`, else `target/criterion`. Given
//! more than once, the runs are merged row by row, each row from the run where it was fastest
//! (`report::load::fastest_of`), and `alloc_counts.json` is read from the first directory.
//! `--out` defaults to `results/bench`.

use edgeauth_benches::report::provenance::Provenance;
use edgeauth_benches::report::{chart, fastest_of, load_allocs, load_groups, markdown, targets};
use std::path::PathBuf;

struct Args {
    criterion_dirs: Vec<PathBuf>,
    out: PathBuf,
    command: String,
    charts: bool,
}

const USAGE: &str =
    "usage: bench-report [--criterion-dir DIR]... [--out DIR] [--command TEXT] [--no-charts]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        criterion_dirs: Vec::new(),
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
            "--criterion-dir" => args.criterion_dirs.push(PathBuf::from(value()?)),
            "--out" => args.out = PathBuf::from(value()?),
            "--command" => args.command = value()?,
            "--no-charts" => args.charts = false,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    if args.criterion_dirs.is_empty() {
        args.criterion_dirs.push(
            std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(|| PathBuf::from("target"), PathBuf::from)
                .join("criterion"),
        );
    }
    Ok(args)
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let runs = args
        .criterion_dirs
        .iter()
        .map(|dir| load_groups(dir))
        .collect::<Result<Vec<_>, _>>()?;
    let run_count = runs.len();
    let groups = fastest_of(runs);
    let first_dir = args.criterion_dirs.first().ok_or(USAGE)?;
    if groups.is_empty() {
        return Err(format!(
            "no criterion results under {} (run `cargo bench -p edgeauth-benches` first, or \
             pass --criterion-dir)",
            first_dir.display()
        ));
    }
    let allocs = load_allocs(first_dir)?;
    let checks = targets::checks(&groups, allocs.as_deref());
    let provenance = Provenance::detect(&args.command, run_count);
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
