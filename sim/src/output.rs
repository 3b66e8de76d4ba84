//! Writing results: atomic file writes and the CSV/JSON layouts of run and sweep outputs.
//!
//! Every file is written to a temporary sibling and renamed into place, so a crash or Ctrl-C never
//! leaves a truncated CSV that a later report would silently read. Numbers are printed with Rust's
//! shortest round-trip float formatting, which is deterministic: the same run gives the same bytes.

use core::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use crate::model::RunSummary;

/// Writes `bytes` to `path` atomically (temporary file in the same folder, fsync, rename).
///
/// # Errors
/// Any I/O error; the temporary file is removed on failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(d) = dir {
        std::fs::create_dir_all(d)?;
    }
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("output path has no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dir.map_or_else(|| tmp_name.clone().into(), |d| d.join(&tmp_name));
    let res = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res
}

/// Column names of [`summary_csv`], after the `extra` key columns.
pub const SUMMARY_COLUMNS: &[&str] = &[
    "scenario",
    "design",
    "seed",
    "servers",
    "cores",
    "shards",
    "offered_rate_per_s",
    "offered",
    "accepted",
    "refused",
    "failed",
    "failed_store_outage",
    "failed_store_overload",
    "failed_server_down",
    "logins",
    "forced_relogins",
    "refreshes",
    "cache_hits",
    "served_stale",
    "latency_mean_us",
    "latency_p50_us",
    "latency_p90_us",
    "latency_p99_us",
    "latency_p999_us",
    "latency_max_us",
    "auth_cpu_us_per_request",
    "handler_cpu_us_per_request",
    "cpu_utilisation",
    "store_ops_per_s",
    "store_ops_per_request",
    "store_us_per_request",
    "max_shard_utilisation",
    "credential_bytes_per_request",
    "store_bytes_per_request",
    "revocations",
    "wrongly_accepted",
    "exposure_mean_s",
    "exposure_p50_s",
    "exposure_p99_s",
    "exposure_max_s",
    "exposure_censored",
    "load_max_over_mean",
    "server_failures",
    "events",
];

fn row(s: &RunSummary) -> Vec<String> {
    let r = &s.requests;
    let l = &s.latency;
    vec![
        csv_field(&s.scenario),
        s.design.name().to_owned(),
        s.seed.to_string(),
        s.servers.to_string(),
        s.cores.to_string(),
        s.shards.to_string(),
        s.offered_rate_per_s.to_string(),
        r.offered.to_string(),
        r.accepted.to_string(),
        r.refused.to_string(),
        r.failed.to_string(),
        r.failed_store_outage.to_string(),
        r.failed_store_overload.to_string(),
        r.failed_server_down.to_string(),
        r.logins.to_string(),
        r.forced_relogins.to_string(),
        r.refreshes.to_string(),
        r.cache_hits.to_string(),
        r.served_stale.to_string(),
        l.mean_us.to_string(),
        l.p50_us.to_string(),
        l.p90_us.to_string(),
        l.p99_us.to_string(),
        l.p999_us.to_string(),
        l.max_us.to_string(),
        s.cpu.auth_us_per_request.to_string(),
        s.cpu.handler_us_per_request.to_string(),
        s.cpu.utilisation.to_string(),
        s.store.ops_per_s.to_string(),
        s.store.ops_per_request.to_string(),
        s.store.us_per_request.to_string(),
        s.store.max_shard_utilisation.to_string(),
        s.wire.credential_bytes_per_request.to_string(),
        s.wire.store_bytes_per_request.to_string(),
        s.revocation.revocations.to_string(),
        s.revocation.wrongly_accepted.to_string(),
        s.revocation.exposure_mean_s.to_string(),
        s.revocation.exposure_p50_s.to_string(),
        s.revocation.exposure_p99_s.to_string(),
        s.revocation.exposure_max_s.to_string(),
        s.revocation.censored.to_string(),
        s.load.max_over_mean.to_string(),
        s.load.server_failures.to_string(),
        s.events.to_string(),
    ]
}

/// Quotes a CSV field when it contains a separator, quote or line break (RFC 4180).
#[must_use]
pub fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_owned()
    }
}

/// One row per summary; `keys` adds leading columns (e.g. the swept parameter and its value).
#[must_use]
pub fn summary_csv(key_names: &[&str], rows: &[(Vec<String>, &RunSummary)]) -> String {
    let mut out = String::new();
    let header: Vec<&str> = key_names.iter().chain(SUMMARY_COLUMNS).copied().collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for (keys, s) in rows {
        let mut cells: Vec<String> = keys.iter().map(|k| csv_field(k)).collect();
        cells.extend(row(s));
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// Long-form time series of every summary: one row per design and bucket.
#[must_use]
pub fn timeseries_csv(summaries: &[RunSummary]) -> String {
    let mut out = String::from(
        "design,t_s,offered,accepted,refused,failed,error_rate,wrongly_accepted,store_ops,logins\n",
    );
    for s in summaries {
        let t = &s.timeseries;
        let err = t.error_rate();
        for (i, start) in t.bucket_starts_s().iter().enumerate() {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{}",
                s.design.name(),
                start,
                t.offered[i],
                t.accepted[i],
                t.refused[i],
                t.failed[i],
                err[i],
                t.wrongly_accepted[i],
                t.store_ops[i],
                t.logins[i]
            );
        }
    }
    out
}

/// Exposure-window samples of every summary: `design,window_s`.
#[must_use]
pub fn exposure_csv(summaries: &[RunSummary]) -> String {
    let mut out = String::from("design,window_s\n");
    for s in summaries {
        for w in &s.revocation.exposure_samples_s {
            let _ = writeln!(out, "{},{}", s.design.name(), w);
        }
    }
    out
}

/// Writes the outputs of one `run` into `dir`: `summary.json`, `summary.csv`, `timeseries.csv`,
/// `exposure.csv`.
///
/// # Errors
/// I/O or serialization errors.
pub fn write_run(dir: &Path, summaries: &[RunSummary]) -> std::io::Result<()> {
    let json = serde_json::to_string_pretty(summaries).map_err(std::io::Error::other)?;
    write_atomic(&dir.join("summary.json"), json.as_bytes())?;
    let rows: Vec<(Vec<String>, &RunSummary)> = summaries.iter().map(|s| (vec![], s)).collect();
    write_atomic(&dir.join("summary.csv"), summary_csv(&[], &rows).as_bytes())?;
    write_atomic(
        &dir.join("timeseries.csv"),
        timeseries_csv(summaries).as_bytes(),
    )?;
    write_atomic(
        &dir.join("exposure.csv"),
        exposure_csv(summaries).as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("edgeauth-sim-out-{}", std::process::id()));
        let p = dir.join("a").join("f.txt");
        assert!(write_atomic(&p, b"one").is_ok());
        assert!(write_atomic(&p, b"two").is_ok());
        assert_eq!(std::fs::read(&p).ok(), Some(b"two".to_vec()));
        let names: Vec<_> = std::fs::read_dir(dir.join("a"))
            .map(|r| r.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(names, vec![std::ffi::OsString::from("f.txt")]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
