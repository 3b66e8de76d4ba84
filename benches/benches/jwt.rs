//! Per-algorithm criterion groups: `<alg>_verify` and `<alg>_encode`, each with the raw-primitive
//! floor, edgeauth and every peer that supports the algorithm, on the same token, in the same
//! run. The RSA algorithms (RS*/PS*) have a verify group only: edgeauth does not sign RSA, and an
//! encode group without edgeauth would compare nothing. Times are thread CPU time
//! ([`edgeauth_benches::config::CpuTime`]), robust to a shared, oversubscribed machine.

use criterion::{Criterion, criterion_group, criterion_main};
use edgeauth_benches::config::CpuTime;
use edgeauth_benches::{Alg, cases, config};

fn bench_alg(c: &mut Criterion<CpuTime>, alg: Alg) {
    let mut cases = match cases(alg) {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!("{}: setup failed: {e}", alg.name());
            std::process::exit(2);
        }
    };
    for (op_name, pick) in [("verify", true), ("encode", false)] {
        let present = |c: &edgeauth_benches::Case| {
            if pick {
                c.verify.is_some()
            } else {
                c.encode.is_some()
            }
        };
        if !cases.iter().any(present) {
            continue;
        }
        let mut group = c.benchmark_group(format!("{}_{op_name}", alg.slug()));
        for case in &mut cases {
            let op = if pick {
                &mut case.verify
            } else {
                &mut case.encode
            };
            let Some(op) = op.as_mut() else { continue };
            // A wrong setup must fail loudly, not time an error path.
            if let Err(e) = op() {
                eprintln!("{} {op_name} {}: {e}", alg.name(), case.library.id());
                std::process::exit(2);
            }
            group.bench_function(case.library.id(), |b| b.iter(&mut *op));
        }
        group.finish();
    }
}

fn jwt(c: &mut Criterion<CpuTime>) {
    for alg in Alg::ALL {
        bench_alg(c, alg);
    }
}

criterion_group! {
    name = benches;
    config = config::criterion_cpu();
    targets = jwt
}
criterion_main!(benches);
