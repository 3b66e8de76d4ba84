//! Running scenarios: load a file with its calibration, run every enabled design (in parallel),
//! and sweep a parameter over several values.
//!
//! Designs and sweep points are independent runs with their own seeded RNG, so running them on
//! rayon's thread pool changes wall time only: results are collected in a fixed order and are
//! identical to a sequential run.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::calibration::{Calibration, CalibrationError};
use crate::model::{DesignKind, RunSummary, designs_from, simulate};
use crate::scenario::{DistSpec, Problem, Scenario, ScenarioError, ScenarioFile};

/// A scenario file ready to run.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The parsed and validated scenario.
    pub file: ScenarioFile,
    /// The costs it runs with.
    pub calibration: Calibration,
}

/// Why a scenario could not be loaded. The CLI exits with status 2 for these.
#[derive(Debug)]
pub enum LoadError {
    /// The scenario is invalid; every problem found, with positions.
    Scenario(Vec<ScenarioError>),
    /// The calibration file is unusable.
    Calibration(PathBuf, CalibrationError),
}

impl core::fmt::Display for LoadError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Scenario(errs) => {
                for (i, e) in errs.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
            Self::Calibration(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl core::error::Error for LoadError {}

/// Reads `path`, picks the calibration (`override_cal`, else the scenario's `costs.calibration`
/// relative to the scenario file, else the committed default) and validates.
///
/// # Errors
/// See [`LoadError`].
pub fn load(path: &Path, override_cal: Option<&Path>) -> Result<Loaded, LoadError> {
    let file = ScenarioFile::read(path).map_err(|e| LoadError::Scenario(vec![e]))?;
    let cal_path = override_cal.map(Path::to_path_buf).or_else(|| {
        file.scenario
            .costs
            .calibration
            .as_ref()
            .map(|c| path.parent().unwrap_or(Path::new(".")).join(c))
    });
    let calibration = match &cal_path {
        Some(p) => Calibration::read(p).map_err(|e| LoadError::Calibration(p.clone(), e))?,
        None => Calibration::committed_default()
            .map_err(|e| LoadError::Calibration("<committed default>".into(), e))?,
    };
    file.validate(&calibration.algorithm_names())
        .map_err(LoadError::Scenario)?;
    Ok(Loaded { file, calibration })
}

/// Runs the enabled designs of a validated scenario (all, or only those in `only`), in
/// parallel. `progress(i, fraction)` reports design `i`'s progress.
#[must_use]
pub fn run_designs(
    scenario: &Scenario,
    cal: &Calibration,
    only: &[DesignKind],
    progress: &(dyn Fn(usize, f64) + Sync),
) -> Vec<RunSummary> {
    let designs: Vec<_> = designs_from(&scenario.designs, cal, scenario.costs.local_lookup_us)
        .into_iter()
        .filter(|d| only.is_empty() || only.contains(&d.kind))
        .collect();
    designs
        .par_iter()
        .enumerate()
        .map(|(i, d)| simulate(scenario, d, &mut |f| progress(i, f)))
        .collect()
}

/// A parameter `sweep --vary` can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepParam {
    /// `cluster.servers`.
    Servers,
    /// `cluster.cores`.
    Cores,
    /// `workload.rate`.
    Rate,
    /// `workload.users`.
    Users,
    /// `store.shards`.
    Shards,
    /// Token lifetime of every JWT design (`ttl_s`; `access_ttl_s` for `refresh_rotation`).
    Ttl,
    /// Store round trip: the median (lognormal, p99 scaled alike), mean (exponential) or value.
    StoreRtt,
    /// Mean (or constant value) of the store's service time, µs.
    StoreService,
    /// `designs.session_cached.cache_ttl_s`.
    CacheTtl,
    /// `designs.jwt_blocklist_poll.poll_s`.
    Poll,
    /// `seed`.
    Seed,
}

impl SweepParam {
    /// Every parameter with its `--vary` name.
    pub const ALL: [(&'static str, Self); 11] = [
        ("servers", Self::Servers),
        ("cores", Self::Cores),
        ("rate", Self::Rate),
        ("users", Self::Users),
        ("shards", Self::Shards),
        ("ttl", Self::Ttl),
        ("store_rtt", Self::StoreRtt),
        ("store_service", Self::StoreService),
        ("cache_ttl", Self::CacheTtl),
        ("poll", Self::Poll),
        ("seed", Self::Seed),
    ];

    /// The `--vary` name.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("?", |(n, _)| n)
    }
}

/// A parsed `--vary NAME=V1,V2,...`.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// Which parameter.
    pub param: SweepParam,
    /// Its values, as numbers.
    pub values: Vec<f64>,
}

impl core::str::FromStr for Vary {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, vals) = s
            .split_once('=')
            .ok_or_else(|| format!("expected NAME=V1,V2,... got `{s}`"))?;
        let param = SweepParam::ALL
            .iter()
            .find(|(n, _)| *n == name.trim())
            .map(|(_, p)| *p)
            .ok_or_else(|| {
                let names: Vec<&str> = SweepParam::ALL.iter().map(|(n, _)| *n).collect();
                format!("unknown parameter `{name}`; one of: {}", names.join(", "))
            })?;
        let values = vals
            .split(',')
            .map(|v| {
                v.trim()
                    .parse::<f64>()
                    .map_err(|_| format!("`{v}` is not a number"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if values.is_empty() {
            return Err("give at least one value".into());
        }
        Ok(Self { param, values })
    }
}

fn as_u32(v: f64) -> u32 {
    if v.is_finite() && v >= 0.0 && v <= f64::from(u32::MAX) {
        // Range-checked just above.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = v.round() as u32;
        n
    } else {
        0
    }
}

fn scale_dist(d: &mut DistSpec, v: f64) {
    *d = match *d {
        DistSpec::Constant { .. } => DistSpec::Constant { us: v },
        DistSpec::Exponential { .. } => DistSpec::Exponential { mean_us: v },
        DistSpec::Lognormal { p50_us, p99_us } => DistSpec::Lognormal {
            p50_us: v,
            p99_us: if p50_us > 0.0 { p99_us * v / p50_us } else { v },
        },
    };
}

/// The scenario with `param` set to `v`. Invalid results (e.g. 0 servers) are caught by the
/// validation that [`sweep_points`] runs on every point.
#[must_use]
pub fn apply(s: &Scenario, param: SweepParam, v: f64) -> Scenario {
    let mut s = s.clone();
    let d = &mut s.designs;
    match param {
        SweepParam::Servers => s.cluster.servers = as_u32(v),
        SweepParam::Cores => s.cluster.cores = as_u32(v),
        SweepParam::Rate => s.workload.rate = v,
        SweepParam::Users => s.workload.users = as_u32(v),
        SweepParam::Shards => s.store.shards = as_u32(v),
        SweepParam::Ttl => {
            for p in [d.jwt.as_mut(), d.jwt_blocklist_remote.as_mut()]
                .into_iter()
                .flatten()
            {
                p.ttl_s = v;
            }
            if let Some(p) = d.jwt_blocklist_poll.as_mut() {
                p.ttl_s = v;
            }
            if let Some(p) = d.jwt_blocklist_push.as_mut() {
                p.ttl_s = v;
            }
            if let Some(p) = d.refresh_rotation.as_mut() {
                p.access_ttl_s = v;
            }
        }
        SweepParam::StoreRtt => scale_dist(&mut s.store.rtt, v),
        SweepParam::StoreService => scale_dist(&mut s.store.service, v),
        SweepParam::CacheTtl => {
            if let Some(p) = d.session_cached.as_mut() {
                p.cache_ttl_s = v;
            }
        }
        SweepParam::Poll => {
            if let Some(p) = d.jwt_blocklist_poll.as_mut() {
                p.poll_s = v;
            }
        }
        SweepParam::Seed => {
            s.seed = if v.is_finite() && v >= 0.0 {
                // Seeds are integers written as numbers; non-integers round.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let n = v.round() as u64;
                n
            } else {
                0
            };
        }
    }
    s
}

/// Builds and validates every sweep point.
///
/// # Errors
/// The problems of the first invalid point, attributed to the `--vary` option.
pub fn sweep_points(loaded: &Loaded, vary: &Vary) -> Result<Vec<(f64, Scenario)>, LoadError> {
    let algs = loaded.calibration.algorithm_names();
    vary.values
        .iter()
        .map(|&v| {
            let s = apply(&loaded.file.scenario, vary.param, v);
            let problems: Vec<Problem> = s.problems(&algs);
            if problems.is_empty() {
                Ok((v, s))
            } else {
                Err(LoadError::Scenario(
                    problems
                        .into_iter()
                        .map(|p| ScenarioError {
                            path: PathBuf::from(format!("--vary {}={v}", vary.param.name())),
                            line: None,
                            column: None,
                            field: Some(p.field),
                            message: p.message,
                        })
                        .collect(),
                ))
            }
        })
        .collect()
}

/// Runs every (point, design) pair in parallel; results in point order, then design order.
#[must_use]
pub fn run_sweep(
    points: &[(f64, Scenario)],
    cal: &Calibration,
    only: &[DesignKind],
    progress: &(dyn Fn(usize, f64) + Sync),
) -> Vec<(f64, RunSummary)> {
    let jobs: Vec<(f64, &Scenario, crate::model::Design)> = points
        .iter()
        .flat_map(|(v, s)| {
            designs_from(&s.designs, cal, s.costs.local_lookup_us)
                .into_iter()
                .filter(|d| only.is_empty() || only.contains(&d.kind))
                .map(move |d| (*v, s, d))
        })
        .collect();
    jobs.par_iter()
        .enumerate()
        .map(|(i, (v, s, d))| (*v, simulate(s, d, &mut |f| progress(i, f))))
        .collect()
}

/// Number of runs [`run_sweep`] will do (for progress bars).
#[must_use]
pub fn sweep_runs(points: &[(f64, Scenario)], only: &[DesignKind]) -> usize {
    points
        .iter()
        .map(|(_, s)| {
            DesignKind::ALL
                .iter()
                .filter(|k| enabled(&s.designs, **k) && (only.is_empty() || only.contains(k)))
                .count()
        })
        .sum()
}

/// Whether design `k` is enabled in `d`.
#[must_use]
pub fn enabled(d: &crate::scenario::Designs, k: DesignKind) -> bool {
    match k {
        DesignKind::Jwt => d.jwt.is_some(),
        DesignKind::JwtBlocklistRemote => d.jwt_blocklist_remote.is_some(),
        DesignKind::JwtBlocklistPoll => d.jwt_blocklist_poll.is_some(),
        DesignKind::JwtBlocklistPush => d.jwt_blocklist_push.is_some(),
        DesignKind::Session => d.session.is_some(),
        DesignKind::SessionCached => d.session_cached.is_some(),
        DesignKind::SessionSticky => d.session_sticky.is_some(),
        DesignKind::RefreshRotation => d.refresh_rotation.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_parsing() {
        let v: Result<Vary, _> = "servers=10,100, 1000".parse();
        assert_eq!(
            v,
            Ok(Vary {
                param: SweepParam::Servers,
                values: vec![10.0, 100.0, 1000.0]
            })
        );
        assert!("servers".parse::<Vary>().is_err());
        assert!("nope=1".parse::<Vary>().is_err());
        assert!("rate=1,x".parse::<Vary>().is_err());
    }

    #[test]
    fn lognormal_rtt_scales_its_tail_with_its_median() {
        let mut d = DistSpec::Lognormal {
            p50_us: 200.0,
            p99_us: 1_000.0,
        };
        scale_dist(&mut d, 400.0);
        assert_eq!(
            d,
            DistSpec::Lognormal {
                p50_us: 400.0,
                p99_us: 2_000.0
            }
        );
    }
}
