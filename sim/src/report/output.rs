//! All-or-nothing output: the report is written into a staging folder and moved into place only
//! once every file exists.
//!
//! A report run takes minutes; if it fails (or is interrupted) half way, the reader must still see
//! the previous complete report, never a mix of old and new charts. So every file goes into a
//! hidden staging folder next to the output folder (same file system, so the final moves are
//! renames), and [`Staging::commit`] moves each top-level entry into the output folder with one
//! rename each: a file replaces its old version atomically, and a folder we own (`charts/`) is
//! swapped whole. Files in the output folder that the report does not write (another tool's
//! results) are left alone. A staging folder that is dropped without `commit` deletes itself.
//!
//! This module does not know what a chart or a report is: it moves bytes.

use core::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why the output folder cannot be written. Each variant says which path and what to do.
#[derive(Debug)]
pub enum OutputError {
    /// The output path exists but is not a folder.
    NotADirectory(PathBuf),
    /// A path on the way to the output folder exists and is not a folder.
    BlockedBy(PathBuf),
    /// The file system refused an operation on this path.
    Io(PathBuf, io::Error),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotADirectory(p) => write!(
                f,
                "output path {} exists and is not a folder; pass --out with a folder path",
                p.display()
            ),
            Self::BlockedBy(p) => write!(
                f,
                "cannot create the output folder: {} is not a folder; pass --out with another path",
                p.display()
            ),
            Self::Io(p, e) => write!(
                f,
                "cannot write the output folder at {}: {e}; check permissions or pass --out with \
                 a writable folder",
                p.display()
            ),
        }
    }
}

impl core::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Io(_, e) => Some(e),
            _ => None,
        }
    }
}

fn io_err(p: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |e| OutputError::Io(p.to_path_buf(), e)
}

/// A staging folder for one report run.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
}

/// "No such path": missing, or a file stands where a folder was expected (found when walking up).
fn absent(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// The closest existing ancestor of `p` (or `p` itself), which must be a folder.
fn existing_ancestor(p: &Path) -> Result<PathBuf, OutputError> {
    let mut cur = Some(p);
    while let Some(c) = cur {
        let probe = if c.as_os_str().is_empty() {
            Path::new(".")
        } else {
            c
        };
        match fs::metadata(probe) {
            Ok(m) if m.is_dir() => return Ok(probe.to_path_buf()),
            Ok(_) => return Err(OutputError::BlockedBy(probe.to_path_buf())),
            Err(e) if absent(&e) => cur = c.parent(),
            Err(e) => return Err(OutputError::Io(probe.to_path_buf(), e)),
        }
    }
    Ok(PathBuf::from("."))
}

impl Staging {
    /// Checks that `out` can be written and creates the staging folder next to it. Fails before
    /// any work is done, so a bad `--out` costs nothing and leaves nothing behind.
    pub fn begin(out: &Path) -> Result<Self, OutputError> {
        match fs::metadata(out) {
            Ok(m) if !m.is_dir() => return Err(OutputError::NotADirectory(out.to_path_buf())),
            Ok(_) => {
                // The final renames need write access to `out` itself: probe it now, not after
                // minutes of simulation.
                let probe = out.join(format!(".edgeauth-report-probe-{}", std::process::id()));
                fs::write(&probe, b"").map_err(io_err(out))?;
                fs::remove_file(&probe).map_err(io_err(&probe))?;
            }
            Err(e) if absent(&e) => {}
            Err(e) => return Err(OutputError::Io(out.to_path_buf(), e)),
        }
        let base = existing_ancestor(out.parent().unwrap_or(Path::new(".")))?;
        let name = out
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let dir = base.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            // Left over by a crashed run of a process with the same id: not ours to keep.
            fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
        }
        fs::create_dir(&dir).map_err(io_err(&dir))?;
        Ok(Self {
            out: out.to_path_buf(),
            dir,
            committed: false,
        })
    }

    /// The output folder this staging area will be moved into.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Path of `rel` inside the staging folder (for writers that want a path, like the PNG
    /// encoder); parent folders are created.
    pub fn path(&self, rel: &str) -> Result<PathBuf, OutputError> {
        let p = self.dir.join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        Ok(p)
    }

    /// Writes `bytes` to `rel` inside the staging folder and flushes it to disk.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let p = self.path(rel)?;
        let mut f = fs::File::create(&p).map_err(io_err(&p))?;
        f.write_all(bytes).map_err(io_err(&p))?;
        f.sync_all().map_err(io_err(&p))?;
        Ok(())
    }

    /// Moves everything into the output folder: one rename per top-level entry. Returns the
    /// relative paths written, sorted.
    pub fn commit(mut self) -> Result<Vec<String>, OutputError> {
        let mut written = Vec::new();
        collect_files(&self.dir, "", &mut written).map_err(io_err(&self.dir))?;
        written.sort();
        if !self.out.exists() {
            if let Some(parent) = self.out.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(io_err(parent))?;
            }
            fs::rename(&self.dir, &self.out).map_err(io_err(&self.out))?;
            self.committed = true;
            return Ok(written);
        }
        let mut entries: Vec<PathBuf> = fs::read_dir(&self.dir)
            .map_err(io_err(&self.dir))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(io_err(&self.dir))?;
        // Folders first, the Markdown last: a reader who opens REPORT.md mid-commit sees either
        // the old report or the new one with its new charts already in place.
        entries.sort_by_key(|p| (!p.is_dir(), p.clone()));
        let trash = self.dir.join(".replaced");
        for src in entries {
            let Some(name) = src.file_name() else {
                continue;
            };
            let dst = self.out.join(name);
            if src.is_dir() && dst.is_dir() {
                fs::create_dir_all(&trash).map_err(io_err(&trash))?;
                fs::rename(&dst, trash.join(name)).map_err(io_err(&dst))?;
            }
            fs::rename(&src, &dst).map_err(io_err(&dst))?;
        }
        fs::remove_dir_all(&self.dir).map_err(io_err(&self.dir))?;
        self.committed = true;
        Ok(written)
    }
}

fn collect_files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
    for e in fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if e.file_type()?.is_dir() {
            collect_files(&e.path(), &rel, out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // Best effort: a failure here leaves only a hidden folder, never a half report.
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("edgeauth-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn commit_into_new_folder_then_replace_keeping_foreign_files() {
        let root = scratch("replace");
        let out = root.join("a/b/results");
        let s = Staging::begin(&out).unwrap();
        s.write("charts/one.csv", b"1").unwrap();
        s.write("REPORT.md", b"v1").unwrap();
        assert!(!out.exists(), "nothing appears before commit");
        assert_eq!(
            s.commit().unwrap(),
            vec!["REPORT.md".to_owned(), "charts/one.csv".to_owned()]
        );
        fs::write(out.join("bench.md"), b"not ours").unwrap();

        let s = Staging::begin(&out).unwrap();
        s.write("charts/two.csv", b"2").unwrap();
        s.write("REPORT.md", b"v2").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("REPORT.md")).unwrap(), b"v2");
        assert!(
            !out.join("charts/one.csv").exists(),
            "stale chart removed with the old folder"
        );
        assert_eq!(fs::read(out.join("charts/two.csv")).unwrap(), b"2");
        assert_eq!(fs::read(out.join("bench.md")).unwrap(), b"not ours");
        let leftovers: Vec<_> = fs::read_dir(root.join("a/b")).unwrap().collect();
        assert_eq!(
            leftovers.len(),
            1,
            "only results/ remains, no staging folder"
        );
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn dropped_staging_leaves_nothing() {
        let root = scratch("drop");
        let out = root.join("results");
        {
            let s = Staging::begin(&out).unwrap();
            s.write("charts/x.svg", b"<svg/>").unwrap();
        }
        assert_eq!(fs::read_dir(&root).unwrap().count(), 0);
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn file_in_the_way_is_refused_up_front() {
        let root = scratch("blocked");
        let file = root.join("file.txt");
        fs::write(&file, b"x").unwrap();
        assert!(matches!(
            Staging::begin(&file),
            Err(OutputError::NotADirectory(_))
        ));
        assert!(matches!(
            Staging::begin(&file.join("sub")),
            Err(OutputError::BlockedBy(_))
        ));
        assert_eq!(fs::read_dir(&root).unwrap().count(), 1);
        fs::remove_dir_all(root).unwrap();
    }
}
