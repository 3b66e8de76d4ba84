//! Shared fixtures for the edgeauth benchmarks: one token, one set of keys and one adapter per
//! library, so that the criterion benches (`benches/jwt.rs`), the allocation counter
//! (`benches/alloc_counts.rs`) and the tests all exercise exactly the same code.
//!
//! Every adapter performs the same *full verify*: signature, `exp`, `iss` and `aud` checks, then
//! extraction of `sub` and the `roles` array; and the same *encode* of the same claims. Each
//! operation returns a [`fixture::digest`] of what it extracted (or the token length for encode)
//! so that a test can check that every library really did the work being timed.

pub mod alloc;
pub mod case;
pub mod config;
pub mod fixture;
pub mod libs;
pub mod report;

pub use case::{Case, Library, Op, cases};
pub use fixture::Alg;
