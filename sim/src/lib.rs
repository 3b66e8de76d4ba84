//! The edgeauth simulator library. The engine and model land with the simulator issue.
pub mod report;
