//! `edgeauth-sim report` end to end: the quick suite writes every chart (SVG, PNG) and CSV, the
//! CSV numbers obey the model's invariants, and bad arguments fail with exit status 2 leaving
//! nothing behind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CHARTS: [&str; 9] = [
    "01_auth_cost_per_request",
    "02_latency_vs_load",
    "03_store_ops_vs_servers",
    "04_revocation_exposure_cdf",
    "05_ttl_tradeoff",
    "06_incident_revoke_all",
    "07_failures",
    "08_bytes_on_the_wire",
    "09_cores_per_100k_rps",
];

fn sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_edgeauth-sim"))
        .args(args)
        .output()
        .expect("spawn edgeauth-sim")
}

fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("report_cli-{name}"));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

/// A parsed CSV: header names and rows of fields (no field in these files contains a quote-
/// escaped comma except panel titles, which the parser handles).
struct Csv {
    cols: HashMap<String, usize>,
    rows: Vec<Vec<String>>,
}

fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(core::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

impl Csv {
    fn read(path: &Path) -> Self {
        let text = fs::read_to_string(path).unwrap();
        let mut lines = text.lines();
        let header = split_csv_line(lines.next().expect("header"));
        let cols = header
            .into_iter()
            .enumerate()
            .map(|(i, h)| (h, i))
            .collect();
        let rows = lines.map(split_csv_line).collect();
        Self { cols, rows }
    }

    fn get<'a>(&self, row: &'a [String], col: &str) -> &'a str {
        &row[*self
            .cols
            .get(col)
            .unwrap_or_else(|| panic!("no column {col}"))]
    }

    fn num(&self, row: &[String], col: &str) -> f64 {
        self.get(row, col).parse().unwrap_or(f64::NAN)
    }

    fn rows_where(&self, col: &str, pred: impl Fn(&str) -> bool) -> Vec<&Vec<String>> {
        self.rows
            .iter()
            .filter(|r| pred(self.get(r, col)))
            .collect()
    }
}

/// Seconds from the suite's duration labels (`30s`, `1.5min`, `6min`, `1h`).
fn label_seconds(label: &str) -> f64 {
    let token = label
        .split_whitespace()
        .find(|t| t.ends_with('s') || t.ends_with("min") || t.ends_with('h'));
    let t = token.unwrap_or_default().trim_end_matches(')');
    if let Some(v) = t.strip_suffix("min") {
        v.parse::<f64>().unwrap() * 60.0
    } else if let Some(v) = t.strip_suffix('h') {
        v.parse::<f64>().unwrap() * 3600.0
    } else {
        t.trim_end_matches('s').parse::<f64>().unwrap()
    }
}

#[test]
fn quick_report_writes_every_chart_and_csv_and_the_numbers_obey_the_model() {
    let dir = scratch("quick");
    let out = dir.join("results");
    let o = sim(&[
        "report",
        "--quick",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );

    let report = fs::read_to_string(out.join("REPORT.md")).unwrap();
    for id in CHARTS {
        for ext in ["svg", "png", "csv"] {
            let p = out.join("charts").join(format!("{id}.{ext}"));
            let len = fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
            assert!(len > 100, "{} missing or empty", p.display());
        }
        assert!(
            report.contains(&format!("charts/{id}.svg")),
            "REPORT.md does not show {id}"
        );
        assert!(
            report.contains(&format!("charts/{id}.csv")),
            "REPORT.md does not link {id}.csv"
        );
    }
    for needle in [
        "## Recommendation by use case",
        "Admin panel with instant logout",
        "git revision",
        "seed",
    ] {
        assert!(report.contains(needle), "REPORT.md lacks {needle:?}");
    }
    // Only the report's own files, and no staging folder next to the output.
    let names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["results".to_owned()]);

    let charts = out.join("charts");

    // Chart 1: a stateless JWT never waits on the store; a session always does.
    let c1 = Csv::read(&charts.join("01_auth_cost_per_request.csv"));
    let store = c1.rows_where("layer", |l| l.starts_with("store"));
    for r in &store {
        let v = c1.num(r, "us_per_request");
        match c1.get(r, "design") {
            d if d.starts_with("jwt ") => assert_eq!(v, 0.0, "{d}"),
            "session" => assert!(
                v > 100.0,
                "session store wait {v} µs below the 250 µs RTT median"
            ),
            _ => {}
        }
    }

    // Chart 3: jwt needs no store operations; session needs one per request (plus logins and
    // revocation writes), so its store load is proportional to the request rate.
    let c3 = Csv::read(&charts.join("03_store_ops_vs_servers.csv"));
    let jwt = c3.rows_where("series", |s| s.starts_with("jwt (0 ops/s"));
    assert!(!jwt.is_empty());
    for r in jwt {
        assert_eq!(c3.num(r, "store_ops_per_s"), 0.0);
    }
    let session = c3.rows_where("series", |s| s == "session");
    assert!(session.len() >= 2);
    for r in session {
        let rate = 50.0 * c3.num(r, "servers"); // quick suite: 50 requests/s per server
        let ratio = c3.num(r, "store_ops_per_s") / rate;
        assert!(
            (0.9..1.3).contains(&ratio),
            "session store ops / request rate = {ratio}"
        );
    }

    // Chart 4: session exposure is zero up to the network delay (drawn at the 1 ms floor);
    // a JWT is never accepted after its TTL.
    let c4 = Csv::read(&charts.join("04_revocation_exposure_cdf.csv"));
    let sess = c4.rows_where("series", |s| s == "session");
    assert!(!sess.is_empty());
    for r in sess {
        assert!(
            c4.num(r, "exposure_s") <= 0.005,
            "session exposure {}",
            c4.num(r, "exposure_s")
        );
    }
    let jwt = c4.rows_where("series", |s| s.starts_with("jwt TTL"));
    assert!(!jwt.is_empty());
    for r in jwt {
        let ttl = label_seconds(c4.get(r, "series"));
        assert!(
            c4.num(r, "exposure_s") <= ttl,
            "{}: {} > {ttl}",
            c4.get(r, "series"),
            c4.num(r, "exposure_s")
        );
    }

    // Chart 5: p99 exposure never exceeds the TTL.
    let c5 = Csv::read(&charts.join("05_ttl_tradeoff.csv"));
    let exp = c5.rows_where("y_quantity", |q| q == "exposure_p99_s");
    assert!(exp.len() >= 6);
    for r in exp {
        assert!(c5.num(r, "y") <= c5.num(r, "x") * 1.0001, "{:?}", r);
    }

    // Chart 9: no store cores for plain JWT.
    let c9 = Csv::read(&charts.join("09_cores_per_100k_rps.csv"));
    for r in c9.rows_where("layer", |l| l == "store cores") {
        if c9.get(r, "design").starts_with("jwt ") {
            assert_eq!(c9.num(r, "cores_per_100k_rps"), 0.0);
        }
    }
}

#[test]
fn unknown_option_is_refused_with_status_2() {
    let dir = scratch("unknown");
    let out = dir.join("results");
    let o = sim(&[
        "report",
        "--quick",
        "--no-such-option",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--no-such-option"));
    assert_eq!(
        fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing may be written"
    );
}

#[test]
fn unwritable_output_folder_is_refused_with_status_2_and_nothing_written() {
    // A regular file where a folder must be: refused even for root, unlike permission bits.
    let dir = scratch("unwritable");
    let file = dir.join("a-file");
    fs::write(&file, b"keep me").unwrap();
    for out in [file.join("results"), file.clone()] {
        let o = sim(&[
            "report",
            "--quick",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", out.display());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("not a folder") && err.contains("--out"),
            "message: {err}"
        );
    }
    let names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["a-file".to_owned()]);
    assert_eq!(fs::read(&file).unwrap(), b"keep me");
}

#[test]
fn broken_calibration_file_is_refused_with_status_2_before_any_output() {
    let dir = scratch("calibration");
    let cal = dir.join("cal.toml");
    fs::write(&cal, "machine = 3\n").unwrap();
    let out = dir.join("results");
    let o = sim(&[
        "report",
        "--quick",
        "--quiet",
        "--calibration",
        cal.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cal.toml") && err.contains("calibration"),
        "message: {err}"
    );
    let names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["cal.toml".to_owned()],
        "no output and no staging folder left"
    );
}
