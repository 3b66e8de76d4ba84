//! `edgeauth-sim report`: runs the built-in scenario suite and writes charts, CSV and REPORT.md.

pub mod chart;
pub mod machine;
pub mod markdown;
pub mod output;
pub mod render;
