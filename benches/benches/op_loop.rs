//! Runs one benchmark operation in a loop, for instruction counting under callgrind, which is
//! immune to the noise of a shared machine (criterion measures wall time):
//!
//! ```text
//! valgrind --tool=callgrind --callgrind-out-file=cg.out \
//!     target/release/deps/op_loop-<hash> hs256_verify edgeauth 2000
//! ```
//! Run it twice with different iteration counts; the difference of the two totals divided by
//! the difference of the counts is the cost of one operation, set-up excluded
//! (`docs/performance.md` shows the numbers). Without arguments (as `cargo bench` runs it) it
//! does nothing.

use edgeauth_benches::{Alg, cases};

fn run(group: &str, library: &str, iters: u32) -> Result<(), String> {
    let (slug, op) = group
        .split_once('_')
        .ok_or_else(|| format!("group {group}: expected <alg>_<verify|encode>"))?;
    let alg = Alg::ALL
        .into_iter()
        .find(|a| a.slug() == slug)
        .ok_or_else(|| format!("unknown algorithm {slug}"))?;
    let mut case = cases(alg)?
        .into_iter()
        .find(|c| c.library.id() == library)
        .ok_or_else(|| format!("unknown library {library}"))?;
    let f = match op {
        "verify" => case.verify.as_mut(),
        "encode" => case.encode.as_mut(),
        _ => None,
    }
    .ok_or_else(|| format!("{library} has no {op} in {group}"))?;
    let mut sum = 0usize;
    for _ in 0..iters {
        sum = sum.wrapping_add(core::hint::black_box(f()?));
    }
    println!("{group} {library} x{iters}: digest sum {sum}");
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench` (and maybe a filter): nothing to do then.
    let [group, library, iters] = args.as_slice() else {
        return;
    };
    let result = iters
        .parse::<u32>()
        .map_err(|e| format!("iterations {iters}: {e}"))
        .and_then(|n| run(group, library, n));
    if let Err(e) = result {
        eprintln!("op_loop: {e}");
        std::process::exit(2);
    }
}
