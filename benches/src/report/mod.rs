//! `bench-report`: reads criterion's `estimates.json` files (and `alloc_counts.json`), and writes
//! `summary.md`, `summary.json` and one bar chart per group (SVG and PNG).
//!
//! The numbers come only from the files of one criterion run; the report computes ratios (to the
//! group's `floor`, to each peer) and checks the published targets against them, so the summary
//! can never drift from the measurements.

pub mod chart;
pub mod json;
pub mod load;
pub mod markdown;
pub mod provenance;
pub mod targets;

pub use load::{AllocRow, Estimate, Group, load_allocs, load_groups};
