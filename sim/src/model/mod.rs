//! The model: a cluster of servers, a shared store, users with credentials, and the auth designs
//! that connect them. Pure state transitions driven by `crate::engine`; results come out as a
//! [`RunSummary`].

mod arrivals;
mod cluster;
mod design;
mod metrics;
mod sim;
mod store;
pub mod summary;
mod users;

pub use design::{Design, DesignKind, Policy, designs_from};
pub use sim::simulate;
pub use summary::{
    CpuSummary, LoadSummary, RequestCounts, RevocationSummary, RunSummary, StoreSummary,
    TimeSeries, WireSummary,
};
