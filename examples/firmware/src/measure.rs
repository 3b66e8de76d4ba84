//! Worst-case stack (painting) and emulated instruction counts (SysTick under `-icount shift=0`).
//!
//! **Stack.** [`paint_stack`] fills the free RAM between the end of the statics (`_stack_end`,
//! provided by `cortex-m-rt`'s linker script) and the current stack pointer with a known word.
//! [`stack_used`] runs a closure, then scans upward from `_stack_end` for the first word that is no
//! longer the paint: the distance from the caller's stack pointer to that word is the closure's
//! high-water mark, including the frames of the closure and of everything it calls. A local that
//! is reserved but never written stays painted and is not counted (a known limit of painting; it
//! errs low by at most such untouched bytes at the deepest point).
//!
//! Besides the calibration loop (inline assembly), this is the example's only `unsafe`: writing
//! and reading RAM below the stack pointer needs raw pointers. It is sound because nothing lives below the stack pointer on Cortex-M (there is no red
//! zone), the painted range is above every static (`_stack_end`) and below the live stack, and
//! exceptions that fire meanwhile only push frames below the stack pointer, which is painted space.
//!
//! **Instructions.** QEMU with `-icount shift=0` advances its virtual clock by exactly 1 ns per
//! executed guest instruction, and the emulated SysTick counts that clock (25 MHz on MPS2, one
//! tick per 40 instructions). [`Ticks`] counts SysTick ticks (wraps included) around a closure;
//! `measure.sh` converts ticks to instructions with a calibration run of a known instruction count
//! ([`calibrate`]), so no clock rate is assumed. These are *emulated instructions*, not cycles:
//! QEMU does not model pipeline stalls, flash wait states or multi-cycle instructions.

use core::sync::atomic::{AtomicU32, Ordering};
use cortex_m::peripheral::SYST;
use cortex_m::peripheral::syst::SystClkSource;
use cortex_m_rt::exception;

/// The word painted on free stack memory.
const PAINT: u32 = 0xC5AC_CE55;

unsafe extern "C" {
    /// First address after `.bss`/`.uninit`: the lowest address the stack may grow to.
    static _stack_end: u32;
}

fn stack_floor() -> usize {
    // Taking the address of an extern static reads nothing.
    (&raw const _stack_end as usize + 3) & !3
}

/// Bytes left unpainted below the stack pointer read in [`paint_stack`]: the compiler may read
/// the stack pointer before the function's prologue pushes its own frame, which must not be
/// overwritten. A measured function that uses less stack than this is reported as using this much.
const PAINT_MARGIN: usize = 128;

/// Paints every word from the stack floor up to `PAINT_MARGIN` (128) bytes below the stack pointer.
#[inline(never)]
pub fn paint_stack() {
    let top = (cortex_m::register::msp::read() as usize).saturating_sub(PAINT_MARGIN) & !3;
    let mut addr = stack_floor();
    while addr < top {
        // SAFETY: `addr` is word-aligned, inside RAM, above every static and below the stack
        // pointer of this function, so no live object is there (see the module documentation).
        unsafe { core::ptr::write_volatile(addr as *mut u32, PAINT) };
        addr += 4;
    }
}

/// Lowest address whose paint was overwritten (the stack pointer's low-water mark).
fn lowest_touched(limit: usize) -> usize {
    let mut addr = stack_floor();
    while addr < limit {
        // SAFETY: as in `paint_stack`: aligned, in RAM, between the statics and the live stack.
        let word = unsafe { core::ptr::read_volatile(addr as *const u32) };
        if word != PAINT {
            return addr;
        }
        addr += 4;
    }
    limit
}

/// Runs `f` on freshly painted stack and returns its result and its stack high-water mark in
/// bytes (measured from this function's stack pointer).
#[inline(never)]
pub fn stack_used<T>(f: impl FnOnce() -> T) -> (T, usize) {
    paint_stack();
    let base = cortex_m::register::msp::read() as usize;
    let result = f();
    let low = lowest_touched(base);
    (result, base.saturating_sub(low))
}

/// Marks where `measure.py`'s execution-trace profile starts counting (the first call only). The
/// two markers have different bodies so the compiler cannot merge them into one address.
#[inline(never)]
pub fn trace_start() {
    core::hint::black_box(0x5354_4152_u32);
}

/// Marks where the execution-trace profile stops counting.
#[inline(never)]
pub fn trace_end() {
    core::hint::black_box(0x454e_4421_u32);
}

/// SysTick wraps since the counter was started.
static WRAPS: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    WRAPS.fetch_add(1, Ordering::Relaxed);
}

/// SysTick-based tick counter (24-bit counter plus a wrap count kept by the SysTick exception).
pub struct Ticks {
    syst: SYST,
}

const RELOAD: u32 = 0x00FF_FFFF;

impl Ticks {
    /// Takes the SysTick peripheral (core clock source, maximum reload).
    pub fn new(mut syst: SYST) -> Self {
        syst.disable_counter();
        syst.set_clock_source(SystClkSource::Core);
        syst.set_reload(RELOAD);
        syst.enable_interrupt();
        Ticks { syst }
    }

    /// Runs `f` and returns its result and the SysTick ticks it took.
    #[inline(never)]
    pub fn count<T>(&mut self, f: impl FnOnce() -> T) -> (T, u64) {
        WRAPS.store(0, Ordering::Relaxed);
        self.syst.clear_current();
        self.syst.enable_counter();
        let result = f();
        self.syst.disable_counter();
        // A wrap in the last instructions pends the exception; let it run before reading.
        cortex_m::asm::dsb();
        cortex_m::asm::isb();
        let current = u64::from(SYST::get_current());
        let wraps = u64::from(WRAPS.load(Ordering::Relaxed));
        // The counter starts at 0 and reloads on the first tick; the exception fires when it
        // reaches 0 again, so after `t` ticks: t = wraps * period + (period - current) % period.
        let period = u64::from(RELOAD) + 1;
        (result, wraps * period + (period - current) % period)
    }
}

/// Iterations of the calibration loop.
const CALIBRATION_LOOPS: u32 = 20_000_000;

/// Instructions executed by the calibration loop: two (`subs`, `bne`) per iteration.
pub const CALIBRATION_INSTRUCTIONS: u64 = 2 * CALIBRATION_LOOPS as u64;

/// Runs exactly `2 * n` instructions (`n` ≥ 1): a register-only `subs; bne` loop written here, so
/// the count does not depend on another crate's delay implementation.
#[inline(never)]
fn spin(n: u32) {
    // SAFETY: the loop only decrements a register it owns; it touches no memory and no stack.
    unsafe {
        core::arch::asm!(
            "2:",
            "subs {0}, #1",
            "bne 2b",
            inout(reg) n => _,
            options(nomem, nostack),
        );
    }
}

/// Ticks taken by [`CALIBRATION_INSTRUCTIONS`] instructions (plus the few of the call itself).
pub fn calibrate(ticks: &mut Ticks) -> u64 {
    ticks.count(|| spin(CALIBRATION_LOOPS)).1
}
