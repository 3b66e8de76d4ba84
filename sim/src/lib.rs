//! `edgeauth-sim`: a deterministic discrete-event simulator of authentication designs (stateless
//! JWTs, blocklists, server-side sessions, caches, sticky sessions, refresh-token rotation) on a
//! cluster of servers and a shared store.
//!
//! The crate is a library first, so reports, benches and tests drive the same code as the CLI:
//! - [`engine`]: clock, event queue, RNG, distributions, FCFS resources, latency histograms;
//! - [`scenario`]: the TOML scenario schema and its strict validation;
//! - [`model`]: the cluster/store/credential model and its results ([`model::RunSummary`]);
//! - [`validate`]: the engine run as a plain M/M/1, M/M/c or M/D/1 queue against closed forms;
//! - [`calibration`]: per-algorithm costs measured on the `edgeauth` core;
//! - [`run`]: running scenarios and sweeps (in parallel) and writing their outputs.

pub mod bench_support;
pub mod calibration;
pub mod cli;
pub mod engine;
pub mod model;
pub mod output;
pub mod progress;
pub mod report;
pub mod run;
pub mod scenario;
pub mod validate;
