//! `edgeauth-sim report`: runs the built-in scenario suite and writes charts, CSV and REPORT.md.

pub mod chart;
pub mod render;
