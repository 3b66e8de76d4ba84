//! Hostile JSON behind a *valid* signature, judged by `serde_json`: see
//! `core/tests/common/json_oracle.rs` for what must hold (the same check runs in
//! `cargo test` as `tests/json_differential.rs`, on generated documents).
//!
//! Input layout: everything before the first 0xFF byte is the header (0xFF never occurs in UTF-8,
//! so it cannot be part of a document); without one, the input is the payload under the plain
//! header `{"alg":"HS256","typ":"JWT"}`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/json_oracle.rs"]
mod json_oracle;

fuzz_target!(|data: &[u8]| {
    let (header, payload) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (json_oracle::PLAIN_HEADER, data),
    };
    json_oracle::check(header, payload);
});
