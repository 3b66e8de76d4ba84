//! What produced a report: the command, the commit, the CPU and the date.

use std::process::Command;

/// Facts about the run, printed at the top of every output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// The command that produced the criterion data.
    pub command: String,
    /// `git rev-parse --short=12 HEAD`, `-dirty` if tracked files outside `results/` differ.
    pub commit: String,
    /// CPU model and logical core count.
    pub cpu: String,
    /// UTC date and time the report was written (`YYYY-MM-DD HH:MM UTC`).
    pub date: String,
    /// How many criterion runs the report merged (each row from the run where it was fastest,
    /// see [`super::load::fastest_of`]); 1 for a plain run.
    pub runs: usize,
}

impl Provenance {
    /// Detects commit, CPU and date for `command`, whose data came from `runs` criterion runs.
    pub fn detect(command: &str, runs: usize) -> Self {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| cpu_model(&s))
            .unwrap_or_else(|| "unknown CPU".to_owned());
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Provenance {
            command: command.to_owned(),
            commit: commit(),
            cpu: format!("{cpu}, {cores} logical cores"),
            date: utc_date(secs),
            runs,
        }
    }
}

/// The first `model name` of a `/proc/cpuinfo` text.
pub fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        (k.trim() == "model name").then(|| v.split_whitespace().collect::<Vec<_>>().join(" "))
    })
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn commit() -> String {
    let Some(rev) = git(&["rev-parse", "--short=12", "HEAD"]) else {
        return "unknown".to_owned();
    };
    // `results/` is what the report writes: a second report over the same runs must not call the
    // code that produced them dirty.
    let dirty = git(&[
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
        ":/",
        ":(exclude,top)results",
    ])
    .is_some_and(|s| !s.is_empty());
    if dirty { format!("{rev}-dirty") } else { rev }
}

/// Formats unix seconds as `YYYY-MM-DD HH:MM UTC` (proleptic Gregorian, H. Hinnant's
/// `civil_from_days`).
pub fn utc_date(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_match_known_instants() {
        assert_eq!(utc_date(0), "1970-01-01 00:00 UTC");
        // 2000-02-29T12:34:00Z, a leap day in a century leap year.
        assert_eq!(utc_date(951_827_640), "2000-02-29 12:34 UTC");
        // The benchmark token's exp: 2100-01-01T00:00:00Z.
        assert_eq!(utc_date(4_102_444_800), "2100-01-01 00:00 UTC");
    }

    #[test]
    fn cpu_model_is_the_first_model_name() {
        let info =
            "processor\t: 0\nmodel name\t: AMD  EPYC 7B13\nprocessor\t: 1\nmodel name\t: other\n";
        assert_eq!(cpu_model(info).as_deref(), Some("AMD EPYC 7B13"));
        assert_eq!(cpu_model("processor: 0\n"), None);
    }
}
