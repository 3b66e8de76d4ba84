//! Loading criterion's output: every `<group>/<function>[/<value>]/new/{benchmark,estimates}.json`
//! under the criterion directory, grouped and put in report order.

use crate::case::Library;
use crate::fixture::Alg;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One benchmark's result: the median time per iteration and its 95% confidence interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// Criterion group id (`hs256_verify`).
    pub group: String,
    /// Benchmark id inside the group (`edgeauth`, or `function/value`).
    pub id: String,
    /// Median, nanoseconds per iteration.
    pub median_ns: f64,
    /// Lower bound of the 95% confidence interval of the median.
    pub lower_ns: f64,
    /// Upper bound of the 95% confidence interval of the median.
    pub upper_ns: f64,
    /// Elements per iteration, when the bench declared `Throughput::Elements`.
    pub elements: Option<u64>,
}

impl Estimate {
    /// Elements per second at the median, when a throughput was declared.
    pub fn elements_per_sec(&self) -> Option<f64> {
        #[allow(clippy::cast_precision_loss)] // element counts are far below 2^52
        self.elements.map(|n| n as f64 * 1e9 / self.median_ns)
    }
}

/// A criterion group with its benchmarks in report order.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Group id.
    pub name: String,
    /// The benchmarks.
    pub entries: Vec<Estimate>,
}

impl Group {
    /// The benchmark with this id.
    pub fn get(&self, id: &str) -> Option<&Estimate> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The `floor` benchmark, if the group has one.
    pub fn floor(&self) -> Option<&Estimate> {
        self.get("floor")
    }
}

#[derive(Deserialize)]
struct BenchmarkJson {
    group_id: String,
    function_id: Option<String>,
    value_str: Option<String>,
    throughput: Option<Throughput>,
}

#[derive(Deserialize)]
enum Throughput {
    Elements(u64),
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct EstimatesJson {
    median: Stat,
}

#[derive(Deserialize)]
struct Stat {
    point_estimate: f64,
    confidence_interval: Interval,
}

#[derive(Deserialize)]
struct Interval {
    lower_bound: f64,
    upper_bound: f64,
}

/// Position of an id in the report: [`Library::ALL`]'s order (floor, edgeauth variants, peers),
/// then anything else alphabetically.
fn rank(id: &str) -> (usize, String) {
    let pos = Library::ALL
        .iter()
        .position(|l| l.id() == id)
        .unwrap_or(Library::ALL.len());
    (pos, id.to_owned())
}

/// Position of a group: the JWT groups per algorithm first, in [`Alg::ALL`]'s order (verify
/// before encode), then the rest alphabetically.
fn group_rank(name: &str) -> (usize, String) {
    let pos = name
        .split_once('_')
        .and_then(|(alg, op)| {
            let a = Alg::ALL.iter().position(|x| x.slug() == alg)?;
            let o = ["verify", "encode"].iter().position(|x| *x == op)?;
            Some(a * 2 + o)
        })
        .unwrap_or(Alg::ALL.len() * 2);
    (pos, name.to_owned())
}

fn find_new_dirs(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            if path.join("estimates.json").is_file() && path.join("benchmark.json").is_file() {
                out.push(path);
            }
        } else if path.file_name().is_none_or(|n| n != "report") {
            find_new_dirs(&path, out)?;
        }
    }
    Ok(())
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads every benchmark under `criterion_dir` and groups them in report order.
pub fn load_groups(criterion_dir: &Path) -> Result<Vec<Group>, String> {
    let mut dirs = Vec::new();
    find_new_dirs(criterion_dir, &mut dirs)
        .map_err(|e| format!("{}: {e}", criterion_dir.display()))?;
    let mut groups: BTreeMap<(usize, String), Vec<Estimate>> = BTreeMap::new();
    for dir in dirs {
        let bench: BenchmarkJson = read_json(&dir.join("benchmark.json"))?;
        let est: EstimatesJson = read_json(&dir.join("estimates.json"))?;
        let id = match (bench.function_id, bench.value_str) {
            (Some(f), Some(v)) => format!("{f}/{v}"),
            (Some(f), None) => f,
            (None, Some(v)) => v,
            (None, None) => String::from("-"),
        };
        let elements = match bench.throughput {
            Some(Throughput::Elements(n)) => Some(n),
            _ => None,
        };
        groups
            .entry(group_rank(&bench.group_id))
            .or_default()
            .push(Estimate {
                group: bench.group_id,
                id,
                median_ns: est.median.point_estimate,
                lower_ns: est.median.confidence_interval.lower_bound,
                upper_ns: est.median.confidence_interval.upper_bound,
                elements,
            });
    }
    Ok(groups
        .into_iter()
        .map(|((_, name), mut entries)| {
            entries.sort_by_key(|e| rank(&e.id));
            Group { name, entries }
        })
        .collect())
}

/// Merges several criterion runs of the same benches: every row is taken from the run where its
/// median was lowest (with that run's confidence interval), groups and rows in report order.
///
/// Why the minimum: on a shared machine, load from other tenants only ever adds time, and it
/// comes in windows of seconds that hit whichever row is being measured, not the whole group
/// alike. Back-to-back runs of the same binary moved single rows by up to 1.7× here while the
/// others stayed put (`docs/performance.md`). A row's fastest run is the closest estimate of its
/// undisturbed cost; a row missing from some runs is taken from the runs that have it.
pub fn fastest_of(runs: Vec<Vec<Group>>) -> Vec<Group> {
    let mut merged: BTreeMap<(usize, String), Vec<Estimate>> = BTreeMap::new();
    for entry in runs.into_iter().flatten().flat_map(|g| g.entries) {
        let rows = merged.entry(group_rank(&entry.group)).or_default();
        match rows.iter_mut().find(|e| e.id == entry.id) {
            Some(kept) if kept.median_ns <= entry.median_ns => {}
            Some(kept) => *kept = entry,
            None => rows.push(entry),
        }
    }
    merged
        .into_iter()
        .map(|((_, name), mut entries)| {
            entries.sort_by_key(|e| rank(&e.id));
            Group { name, entries }
        })
        .collect()
}

/// Heap activity of one library in one group, from `alloc_counts.json`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AllocRow {
    /// Group id (`hs256_verify`).
    pub group: String,
    /// Library id.
    pub library: String,
    /// Allocations per operation.
    pub allocations: f64,
    /// Reallocations per operation.
    pub reallocations: f64,
    /// Bytes requested per operation.
    pub bytes: f64,
}

#[derive(Deserialize)]
struct AllocFile {
    rows: Vec<AllocRow>,
}

/// Reads `alloc_counts.json` from the criterion directory; `Ok(None)` if the allocation bench
/// has not been run.
pub fn load_allocs(criterion_dir: &Path) -> Result<Option<Vec<AllocRow>>, String> {
    let path = criterion_dir.join("alloc_counts.json");
    if !path.is_file() {
        return Ok(None);
    }
    read_json::<AllocFile>(&path).map(|f| Some(f.rows))
}

#[cfg(test)]
mod tests {
    use super::{Estimate, Group, fastest_of, group_rank, rank};

    fn row(group: &str, id: &str, median_ns: f64) -> Estimate {
        Estimate {
            group: group.to_owned(),
            id: id.to_owned(),
            median_ns,
            lower_ns: median_ns - 1.0,
            upper_ns: median_ns + 1.0,
            elements: None,
        }
    }

    #[test]
    fn merged_runs_keep_each_rows_fastest_run() {
        let first = vec![Group {
            name: "hs256_verify".to_owned(),
            entries: vec![
                row("hs256_verify", "floor", 320.0),
                row("hs256_verify", "edgeauth", 1100.0),
            ],
        }];
        let second = vec![
            Group {
                name: "eddsa_verify".to_owned(),
                entries: vec![row("eddsa_verify", "floor", 47_000.0)],
            },
            Group {
                name: "hs256_verify".to_owned(),
                entries: vec![
                    row("hs256_verify", "jsonwebtoken", 3400.0),
                    row("hs256_verify", "edgeauth", 730.0),
                    row("hs256_verify", "floor", 330.0),
                ],
            },
        ];
        let merged = fastest_of(vec![first, second]);
        let names: Vec<&str> = merged.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["hs256_verify", "eddsa_verify"]);
        let hs = &merged[0];
        let ids: Vec<&str> = hs.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["floor", "edgeauth", "jsonwebtoken"]);
        assert_eq!(hs.entries[0], row("hs256_verify", "floor", 320.0));
        assert_eq!(hs.entries[1], row("hs256_verify", "edgeauth", 730.0));
        assert_eq!(hs.entries[2].median_ns, 3400.0);
        assert_eq!(merged[1].entries, [row("eddsa_verify", "floor", 47_000.0)]);
    }

    #[test]
    fn groups_follow_the_algorithm_list_then_the_rest() {
        let mut names = [
            "session_check",
            "ps512_verify",
            "es384_encode",
            "rs256_verify",
            "es384_verify",
            "hs256_encode",
            "hs256_verify",
        ];
        names.sort_by_key(|n| group_rank(n));
        assert_eq!(
            names,
            [
                "hs256_verify",
                "hs256_encode",
                "es384_verify",
                "es384_encode",
                "rs256_verify",
                "ps512_verify",
                "session_check",
            ]
        );
    }

    #[test]
    fn rows_put_the_floor_first_and_edgeauth_variants_before_peers() {
        let mut ids = ["jwt-compact", "zzz", "edgeauth-fast", "floor", "edgeauth"];
        ids.sort_by_key(|id| rank(id));
        assert_eq!(
            ids,
            ["floor", "edgeauth", "edgeauth-fast", "jwt-compact", "zzz"]
        );
    }
}
