//! Shared helpers for the edgeauth benchmarks.
