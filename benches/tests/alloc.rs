//! edgeauth (and the raw floors, except `rsa` 0.10's for RS*/PS*, whose `BoxedUint`s live on the
//! heap) never touch the heap; every peer does. A test binary of its own
//! with a single test: the counting allocator is process-wide, so no other test may run beside it.

use edgeauth_benches::alloc::measure;
use edgeauth_benches::{Alg, Library, cases};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[test]
fn edgeauth_never_allocates_and_peers_do() -> Result<(), String> {
    for alg in Alg::ALL {
        for mut case in cases(alg)? {
            let who = format!("{} {}", alg.name(), case.library.id());
            for op in [case.verify.as_mut(), case.encode.as_mut()]
                .into_iter()
                .flatten()
            {
                let per = measure(GLOBAL, 20, op.as_mut())?;
                if case.library.is_edgeauth() || (case.library == Library::Floor && !alg.is_rsa()) {
                    assert!(per.is_zero(), "{who}: {per:?}");
                } else {
                    assert!(per.allocations >= 1.0, "{who}: {per:?}");
                }
            }
        }
    }
    Ok(())
}
