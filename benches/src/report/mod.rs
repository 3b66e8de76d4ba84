//! `bench-report`: reads criterion's `estimates.json` files (and `alloc_counts.json`), and writes
//! `summary.md`, `summary.json` and one bar chart per group (SVG and PNG).
//!
//! The numbers come only from criterion's files (of one run, or of several back-to-back runs
//! merged row by row, [`load::fastest_of`]); the report computes ratios (to the group's `floor`,
//! to each peer) and checks the published targets against them, so the summary can never drift
//! from the measurements.

pub mod chart;
pub mod json;
pub mod load;
pub mod markdown;
pub mod provenance;
pub mod targets;

pub use load::{AllocRow, Estimate, Group, fastest_of, load_allocs, load_groups};
