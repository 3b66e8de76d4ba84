//! Where a report's numbers came from: the machine, the operating system and the source revision.
//!
//! Costs in the report are measured on the machine that runs it (calibration), so a reader must
//! know which CPU produced them and from which commit. Everything here is best effort and never
//! fails: a value that cannot be read is reported as `unknown` rather than stopping a report.

use std::fs;
use std::process::Command;

/// Facts about the machine and checkout a report was produced on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// CPU model name (`model name` in `/proc/cpuinfo` on Linux).
    pub cpu: String,
    /// Logical cores available to this process.
    pub cores: usize,
    /// Operating system and kernel release.
    pub os: String,
    /// `git rev-parse --short=12 HEAD`, with `-dirty` when tracked files have local changes.
    pub git: String,
}

impl Provenance {
    /// Reads the facts of the current machine and working directory.
    pub fn detect() -> Self {
        let cpu = fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| cpu_model(&s))
            .unwrap_or_else(|| "unknown".to_owned());
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let kernel = fs::read_to_string("/proc/sys/kernel/osrelease")
            .map(|s| s.trim().to_owned())
            .unwrap_or_default();
        let os = if kernel.is_empty() {
            std::env::consts::OS.to_owned()
        } else {
            format!("{} {kernel}", std::env::consts::OS)
        };
        Self {
            cpu,
            cores,
            os,
            git: git_revision(),
        }
    }
}

/// The first `model name` line of a `/proc/cpuinfo` text (x86) or `Hardware`/`CPU part` fallback
/// is not attempted: on other layouts the model is `None` and the report says `unknown`.
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

/// The checked-out revision, or `unknown` outside a git checkout or without git.
pub fn git_revision() -> String {
    match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(rev) if !rev.is_empty() => {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|s| !s.is_empty());
            if dirty { format!("{rev}-dirty") } else { rev }
        }
        _ => "unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_model_is_the_first_model_name_with_spaces_collapsed() {
        let info = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R)  CPU @ 2.20GHz\n\
                    processor\t: 1\nmodel name\t: other\n";
        assert_eq!(
            cpu_model(info).as_deref(),
            Some("Intel(R) Xeon(R) CPU @ 2.20GHz")
        );
        assert_eq!(cpu_model("processor : 0\nHardware : BCM2835\n"), None);
    }
}
