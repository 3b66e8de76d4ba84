//! Shared parts of the edgeauth firmware example (Cortex-M4, `thumbv7em-none-eabi`, no allocator).
//!
//! Three binaries link this library:
//! - `cases`: the functional check. It verifies the fixture tokens (signed on the host by an
//!   independent Python implementation, see `fixtures/gen_fixtures.py`) with the full edgeauth
//!   verifier and prints one line per case; `run.sh` asserts every line and the exit code.
//! - `jwt`: one `Verifier::verify` of a valid token per enabled algorithm, measured (stack
//!   high-water mark and emulated instructions); its size is the "JWT" flash figure.
//! - `bare`: the same signature check with the primitive crate alone (no JOSE, no JSON, no claims),
//!   measured the same way; its size is the "bare" flash figure.
//!
//! No crate in the graph may allocate: there is no `#[global_allocator]`, and `alloc` is not even
//! linked, so any dependency that needed the heap would fail to build.
//!
//! The only `unsafe` code of the example is in [`measure`] (stack painting needs raw pointers,
//! the calibration loop is inline assembly). The edgeauth core itself forbids `unsafe`.

#![no_std]

pub mod fixtures;
pub mod measure;
pub mod out;

use core::panic::PanicInfo;
use cortex_m_semihosting::debug;

/// Any panic is a failed run: print where it happened and exit QEMU with a non-zero status.
///
/// The message is not formatted (that would link `core::fmt` into the measured binaries); the
/// location is enough to find the cause.
#[panic_handler]
fn panic(info: &PanicInfo<'_>) -> ! {
    let mut o = out::Out::new();
    o.str("PANIC");
    if let Some(loc) = info.location() {
        o.str(" at ")
            .str(loc.file())
            .str(":")
            .u64(u64::from(loc.line()));
    }
    o.nl();
    fail()
}

/// Ends the run with exit status 0 (QEMU exits with the firmware's status through semihosting).
pub fn succeed() -> ! {
    debug::exit(debug::EXIT_SUCCESS);
    #[allow(clippy::empty_loop)]
    loop {}
}

/// Ends the run with exit status 1.
pub fn fail() -> ! {
    debug::exit(debug::EXIT_FAILURE);
    #[allow(clippy::empty_loop)]
    loop {}
}
