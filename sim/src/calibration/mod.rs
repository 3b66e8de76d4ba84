//! Per-algorithm costs: the calibration file format, the committed default, and the `calibrate`
//! measurement that runs the `edgeauth` core itself.
//!
//! The simulator's CPU numbers are only as good as these. They are measured, not guessed: the
//! `calibrate` command encodes and verifies a realistic token with each algorithm the core
//! supports, and times session-cookie checks, on the machine it runs on. A default produced by
//! that same command is committed (`sim/calibration/default.toml`) so runs work out of the box.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Costs of one signature algorithm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlgorithmCost {
    /// Full verification of one token (parse, signature, claims), µs.
    pub verify_us: f64,
    /// Encoding and signing one token, µs (0 for RS256: the core verifies RSA only; such tokens
    /// are minted by an identity provider, off the simulated cluster).
    pub sign_us: f64,
    /// Length of the encoded token, bytes.
    pub token_bytes: u32,
}

/// Costs of the session-cookie path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionCost {
    /// Parsing the cookie and checking the session ID's HMAC tag, µs (the store lookup itself is
    /// modelled separately).
    pub check_us: f64,
    /// Creating a session: generating the ID, hashing its verifier, writing `Set-Cookie`, µs.
    pub create_us: f64,
    /// Length of the `Cookie` value sent on each request, bytes.
    pub cookie_bytes: u32,
}

/// A calibration file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// The machine the numbers were measured on.
    pub machine: String,
    /// The command that produced the file.
    pub generated_by: String,
    /// Version of the `edgeauth` core measured.
    pub edgeauth_version: String,
    /// Costs per algorithm name (`HS256`, `EdDSA`, `ES256`, …).
    pub algorithms: BTreeMap<String, AlgorithmCost>,
    /// Costs of session cookies.
    pub session: SessionCost,
}

/// Why a calibration file could not be used.
#[derive(Debug)]
pub enum CalibrationError {
    /// The file could not be read.
    Io(std::io::Error),
    /// The file is not a valid calibration.
    Parse(toml::de::Error),
    /// A cost is negative or not a number.
    Invalid(String),
}

impl core::fmt::Display for CalibrationError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Io(e) => write!(f, "cannot read the calibration file: {e}"),
            Self::Parse(e) => write!(f, "invalid calibration file: {e}"),
            Self::Invalid(m) => write!(f, "invalid calibration file: {m}"),
        }
    }
}

impl core::error::Error for CalibrationError {}

/// The committed default calibration, as TOML text.
pub const DEFAULT_TOML: &str = include_str!("../../calibration/default.toml");

impl Calibration {
    /// Parses calibration TOML and checks every cost is a finite non-negative number.
    ///
    /// # Errors
    /// Syntax errors, unknown keys, or invalid costs.
    pub fn from_toml(text: &str) -> Result<Self, CalibrationError> {
        let c: Self = toml::from_str(text).map_err(CalibrationError::Parse)?;
        let ok = |v: f64| v.is_finite() && v >= 0.0;
        for (name, a) in &c.algorithms {
            if !ok(a.verify_us) || !ok(a.sign_us) {
                return Err(CalibrationError::Invalid(format!(
                    "costs of `{name}` must be finite and non-negative"
                )));
            }
        }
        if !ok(c.session.check_us) || !ok(c.session.create_us) {
            return Err(CalibrationError::Invalid(
                "session costs must be finite and non-negative".into(),
            ));
        }
        Ok(c)
    }

    /// Reads a calibration file.
    ///
    /// # Errors
    /// See [`Calibration::from_toml`]; also I/O errors.
    pub fn read(path: &Path) -> Result<Self, CalibrationError> {
        let text = std::fs::read_to_string(path).map_err(CalibrationError::Io)?;
        Self::from_toml(&text)
    }

    /// The committed default.
    ///
    /// # Errors
    /// Only if the committed file is broken (a unit test parses it).
    pub fn committed_default() -> Result<Self, CalibrationError> {
        Self::from_toml(DEFAULT_TOML)
    }

    /// Costs of algorithm `name`, if calibrated.
    #[must_use]
    pub fn algorithm(&self, name: &str) -> Option<&AlgorithmCost> {
        self.algorithms.get(name)
    }

    /// Names of the calibrated algorithms.
    #[must_use]
    pub fn algorithm_names(&self) -> Vec<&str> {
        self.algorithms.keys().map(String::as_str).collect()
    }

    /// Serializes to TOML.
    ///
    /// # Errors
    /// Never in practice (all fields are plain data).
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        toml::to_string_pretty(self)
    }
}

mod measure;
mod rs256_fixture;

pub use measure::{MeasureOptions, measure};
