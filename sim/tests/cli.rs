//! The command line: invalid scenarios exit 2 with the field and line and write nothing; `run`
//! writes its files atomically and byte-identically for the same seed; `validate` compares with
//! closed forms.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_edgeauth-sim"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("edgeauth-sim-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    let _ = std::fs::create_dir_all(&d);
    d
}

const GOOD: &str = r#"name = "cli"
seed = 9
duration_s = 2.0

[cluster]
servers = 2
cores = 2
handler = { dist = "exponential", mean_us = 100 }

[workload]
rate = 2000.0
users = 100

[store]
rtt = { dist = "lognormal", p50_us = 200, p99_us = 900 }

[revocation]
rate = 5.0

[designs.jwt]
alg = "EdDSA"
ttl_s = 60.0

[designs.session]
"#;

fn run_with(dir: &Path, text: &str, args: &[&str]) -> Output {
    let f = dir.join("s.toml");
    assert!(std::fs::write(&f, text).is_ok());
    let out = dir.join("out");
    let o = bin()
        .arg("--quiet")
        .args(args)
        .arg(&f)
        .arg("--out")
        .arg(&out)
        .output();
    assert!(o.is_ok());
    let Ok(o) = o else { unreachable!() };
    o
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Each row: a change to the good scenario, and what the error must mention.
const INVALID: &[(&str, &str, &[&str])] = &[
    (
        "[cluster]\nservers = 2",
        "[cluster]\nservers = 2\nservrs = 3",
        &["s.toml:7", "unknown field `servrs`"],
    ),
    (
        "rate = 2000.0",
        "rate = -5.0",
        &["s.toml:11", "`workload.rate`", "greater than zero"],
    ),
    (
        "servers = 2",
        "servers = 0",
        &["s.toml:6", "`cluster.servers`", "at least 1"],
    ),
    (
        "p99_us = 900",
        "p99_us = 100",
        &["s.toml:15", "`store.rtt.p99_us`", "below p50_us"],
    ),
    (
        "alg = \"EdDSA\"",
        "alg = \"none\"",
        &["s.toml:21", "`designs.jwt.alg`", "unknown algorithm"],
    ),
    (
        "[designs.session]",
        "[designs.sesion]",
        &["s.toml:24", "unknown field `sesion`"],
    ),
    (
        "duration_s = 2.0",
        "duration_s = \"long\"",
        &["s.toml:3", "invalid type"],
    ),
];

#[test]
fn invalid_scenarios_exit_2_name_field_and_line_and_write_nothing() {
    let dir = tmp("invalid");
    for (from, to, needles) in INVALID {
        assert!(GOOD.contains(from), "{from}");
        let o = run_with(&dir, &GOOD.replacen(from, to, 1), &["run"]);
        assert_eq!(o.status.code(), Some(2), "{to}: {}", stderr(&o));
        let e = stderr(&o);
        for n in *needles {
            assert!(e.contains(n), "`{to}`: expected `{n}` in: {e}");
        }
        assert!(!dir.join("out").exists(), "{to}: output written");
    }
}

#[test]
fn run_writes_outputs_and_is_byte_identical_for_the_same_seed() {
    let dir = tmp("run");
    let o = run_with(&dir, GOOD, &["run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = [
        "summary.json",
        "summary.csv",
        "timeseries.csv",
        "exposure.csv",
    ];
    let first: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(dir.join("out").join(f)).unwrap_or_default())
        .collect();
    assert!(first.iter().all(|b| !b.is_empty()));
    let csv = String::from_utf8_lossy(&first[1]).into_owned();
    assert_eq!(csv.lines().count(), 3, "header + jwt + session: {csv}");
    assert!(
        csv.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("cli,jwt,9,"))
    );
    let o = run_with(&dir, GOOD, &["run"]);
    assert!(o.status.success());
    for (f, before) in files.iter().zip(&first) {
        let after = std::fs::read(dir.join("out").join(f)).unwrap_or_default();
        assert!(&after == before, "{f} differs between identical runs");
    }
    // No temporary files left behind.
    let names: Vec<String> = std::fs::read_dir(dir.join("out"))
        .map(|r| {
            r.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(names.len(), 4, "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sweep_writes_one_row_per_value_and_design() {
    let dir = tmp("sweep");
    let o = run_with(
        &dir,
        GOOD,
        &["sweep", "--vary", "rate=1000,3000", "--design", "session"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.join("out").join("sweep.csv")).unwrap_or_default();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[1].starts_with("rate,1000,cli,session,"));
    assert!(rows[2].starts_with("rate,3000,cli,session,"));
    let bad = run_with(&dir, GOOD, &["sweep", "--vary", "servers=0"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("`cluster.servers`"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn validate_prints_closed_forms_and_refuses_unstable_queues() {
    let o = bin()
        .args([
            "validate",
            "--model",
            "mmc",
            "--servers",
            "2",
            "--arrival-rate",
            "1000",
        ])
        .args(["--service-rate", "1000", "--customers", "20000"])
        .output();
    assert!(o.is_ok());
    let Ok(o) = o else { return };
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    // M/M/2 at a = 1: Erlang C = 1/3, W_q = (1/3)/(2000 − 1000) s.
    assert!(out.contains("closed form 3.333333e-4 s"), "{out}");
    let o = bin()
        .args([
            "validate",
            "--model",
            "mm1",
            "--arrival-rate",
            "2",
            "--service-rate",
            "1",
        ])
        .output();
    assert!(o.as_ref().is_ok_and(|o| o.status.code() == Some(2)));
}
