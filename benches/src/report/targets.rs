//! The published speed targets (issues 2 and 7), checked against the report's numbers.

use super::load::{AllocRow, Group};

/// One target and what the run measured for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// What is promised, in words.
    pub target: String,
    /// The measured ratio (or allocation count); `None` if the run lacks a benchmark it needs.
    pub measured: Option<f64>,
    /// How the measured value is expressed (`× floor`, `× faster`, `allocations`).
    pub unit: &'static str,
    /// Whether the target is met (`None` when not measured).
    pub met: Option<bool>,
}

/// `a`'s median divided by `b`'s, in the group named `group`.
fn ratio(groups: &[Group], group: &str, a: &str, b: &str) -> Option<f64> {
    let g = groups.iter().find(|g| g.name == group)?;
    Some(g.get(a)?.median_ns / g.get(b)?.median_ns)
}

fn at_most(target: &str, measured: Option<f64>, limit: f64, unit: &'static str) -> Check {
    Check {
        target: target.to_owned(),
        measured,
        unit,
        met: measured.map(|m| m <= limit),
    }
}

fn at_least(target: &str, measured: Option<f64>, limit: f64, unit: &'static str) -> Check {
    Check {
        target: target.to_owned(),
        measured,
        unit,
        met: measured.map(|m| m >= limit),
    }
}

/// Every target, in the order of the issues.
pub fn checks(groups: &[Group], allocs: Option<&[AllocRow]>) -> Vec<Check> {
    const FLOOR: &str = "× floor";
    const FASTER: &str = "× faster";
    let mut out = vec![
        at_most(
            "HS256 verify ≤ 2.0× floor (b64 sig + pre-keyed HMAC + ct compare)",
            ratio(groups, "hs256_verify", "edgeauth", "floor"),
            2.0,
            FLOOR,
        ),
        at_most(
            "EdDSA verify ≤ 1.05× ed25519-dalek verify_strict",
            ratio(groups, "eddsa_verify", "edgeauth", "floor"),
            1.05,
            FLOOR,
        ),
        at_most(
            "ES256 verify ≤ 1.05× p256 VerifyingKey::verify",
            ratio(groups, "es256_verify", "edgeauth", "floor"),
            1.05,
            FLOOR,
        ),
        at_least(
            "HS256 verify ≥ 2.5× faster than jsonwebtoken",
            ratio(groups, "hs256_verify", "jsonwebtoken", "edgeauth"),
            2.5,
            FASTER,
        ),
        at_least(
            "HS256 verify ≥ 2.5× faster than jwt-compact",
            ratio(groups, "hs256_verify", "jwt-compact", "edgeauth"),
            2.5,
            FASTER,
        ),
        at_least(
            "HS256 encode ≥ 1.5× faster than jsonwebtoken",
            ratio(groups, "hs256_encode", "jsonwebtoken", "edgeauth"),
            1.5,
            FASTER,
        ),
    ];
    for peer in ["jsonwebtoken", "jwt-simple", "jwt-compact"] {
        out.push(at_least(
            &format!("EdDSA verify faster than {peer}"),
            ratio(groups, "eddsa_verify", peer, "edgeauth"),
            1.0,
            FASTER,
        ));
    }
    let edgeauth_allocs = allocs.map(|rows| {
        rows.iter()
            .filter(|r| r.library.starts_with("edgeauth"))
            .map(|r| r.allocations + r.reallocations)
            .fold(0.0, f64::max)
    });
    out.push(at_most(
        "Zero heap allocations in edgeauth (every verify and encode)",
        edgeauth_allocs,
        0.0,
        "max allocations/op",
    ));
    out
}
