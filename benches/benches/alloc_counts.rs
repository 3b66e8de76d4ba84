//! Heap allocations per verify and per encode, for every library and algorithm, counted by a
//! `stats_alloc` global allocator; prints a table and writes `alloc_counts.json` next to
//! criterion's output (`$CARGO_TARGET_DIR/criterion/`) for `bench-report`. Exits non-zero if
//! edgeauth allocates at all.

use edgeauth_benches::alloc::measure;
use edgeauth_benches::{Alg, cases};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};
use std::alloc::System;
use std::path::PathBuf;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Where criterion writes: `CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`, else the
/// `criterion` folder of the target directory this binary was built in.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    // target/<profile>/deps/alloc_counts-<hash>
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.join("criterion")))
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}

fn run() -> Result<bool, String> {
    const RUNS: u32 = 200;
    let mut rows = Vec::new();
    let mut edgeauth_clean = true;
    println!(
        "{:<6} {:<7} {:<15} {:>8} {:>8} {:>8}",
        "alg", "op", "library", "allocs", "reallocs", "bytes"
    );
    for alg in Alg::ALL {
        for mut case in cases(alg)? {
            for (op_name, op) in [("verify", &mut case.verify), ("encode", &mut case.encode)] {
                let Some(op) = op.as_mut() else { continue };
                let per = measure(GLOBAL, RUNS, op.as_mut())
                    .map_err(|e| format!("{} {op_name} {}: {e}", alg.name(), case.library.id()))?;
                println!(
                    "{:<6} {:<7} {:<15} {:>8.2} {:>8.2} {:>8.0}",
                    alg.name(),
                    op_name,
                    case.library.id(),
                    per.allocations,
                    per.reallocations,
                    per.bytes
                );
                if case.library.is_edgeauth() && !per.is_zero() {
                    edgeauth_clean = false;
                }
                rows.push(serde_json::json!({
                    "group": format!("{}_{op_name}", alg.slug()),
                    "library": case.library.id(),
                    "allocations": per.allocations,
                    "reallocations": per.reallocations,
                    "bytes": per.bytes,
                }));
            }
        }
    }
    let dir = criterion_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join("alloc_counts.json");
    let json = serde_json::to_string_pretty(&serde_json::json!({ "runs": RUNS, "rows": rows }))
        .map_err(|e| e.to_string())?;
    std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(edgeauth_clean)
}

fn main() {
    // `cargo bench -- <filter>` passes criterion-style arguments; this binary takes none.
    match run() {
        Ok(true) => {}
        Ok(false) => {
            eprintln!("error: edgeauth allocated on the heap");
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
