//! Puts `memory.x` where `cortex-m-rt`'s `link.x` finds it, and relinks when it changes.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn core::error::Error>> {
    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?);
    fs::copy("memory.x", out.join("memory.x"))?;
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=build.rs");
    Ok(())
}
