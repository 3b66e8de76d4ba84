//! Reading a scenario file and turning every failure into a [`ScenarioError`] with a position.
//!
//! Syntax and schema errors (unknown key, wrong type, missing field) come from `toml`/`serde`,
//! which already know the byte span. Semantic problems found after parsing only know a dotted
//! field path; we re-parse the text into toml's spanned document tree and walk the path to find
//! the line, so both kinds of error read the same: `file:line:col: field: message`.

use core::fmt;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use super::{Problem, Scenario};

/// A scenario that parsed and passed validation, with its source kept for error positions.
#[derive(Debug, Clone)]
pub struct ScenarioFile {
    /// Where it was read from (`<inline>` for text).
    pub path: PathBuf,
    /// The TOML source.
    pub text: String,
    /// The parsed scenario.
    pub scenario: Scenario,
}

/// Why a scenario was refused. The CLI prints it and exits with status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// The file (or `<inline>`).
    pub path: PathBuf,
    /// 1-based line of the offending value, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Dotted field path, when known.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "`{field}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl core::error::Error for ScenarioError {}

impl ScenarioFile {
    /// Reads and parses `path` (no semantic validation yet: that needs the calibration).
    ///
    /// # Errors
    /// Unreadable file, TOML syntax error, unknown key, wrong type or missing field.
    pub fn read(path: &Path) -> Result<Self, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            path: path.to_owned(),
            line: None,
            column: None,
            field: None,
            message: format!("cannot read the scenario file: {e}"),
        })?;
        Self::parse(path, text)
    }

    /// Parses scenario text; `path` is only used in messages.
    ///
    /// # Errors
    /// TOML syntax error, unknown key, wrong type or missing field.
    pub fn parse(path: &Path, text: String) -> Result<Self, ScenarioError> {
        match toml::from_str::<Scenario>(&text) {
            Ok(scenario) => Ok(Self {
                path: path.to_owned(),
                text,
                scenario,
            }),
            Err(e) => {
                let (line, column) = match e.span() {
                    Some(span) => {
                        let (l, c) = line_col(&text, span.start);
                        (Some(l), Some(c))
                    }
                    None => (None, None),
                };
                Err(ScenarioError {
                    path: path.to_owned(),
                    line,
                    column,
                    field: None,
                    message: e.message().trim().to_owned(),
                })
            }
        }
    }

    /// Validates the scenario; `algs` are the algorithm names the calibration provides.
    ///
    /// # Errors
    /// Every semantic problem, each with its field and line.
    pub fn validate(&self, algs: &[&str]) -> Result<(), Vec<ScenarioError>> {
        let problems = self.scenario.problems(algs);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.iter().map(|p| self.locate(p)).collect())
        }
    }

    /// Attaches the file position of `problem.field` (the value's line, or its table's).
    #[must_use]
    pub fn locate(&self, problem: &Problem) -> ScenarioError {
        let pos = span_of(&self.text, &problem.field).map(|s| line_col(&self.text, s));
        ScenarioError {
            path: self.path.clone(),
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            field: Some(problem.field.clone()),
            message: problem.message.clone(),
        }
    }
}

/// 1-based line and column of byte offset `at`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.chars().count(), |i| before[i + 1..].chars().count())
        + 1;
    (line, col)
}

/// Byte offset of the value at a dotted path such as `store.outages[1].shard`. When the exact
/// key is absent (a defaulted field) the innermost table or array element that exists is used.
fn span_of(text: &str, field: &str) -> Option<usize> {
    let doc = DeTable::parse(text).ok()?;
    let mut best = None;
    let mut cur: Option<&DeValue<'_>> = None;
    let mut table: Option<&DeTable<'_>> = Some(doc.get_ref());
    for part in field.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let t = match (table, cur) {
            (Some(t), _) => t,
            (None, Some(v)) => v.as_table()?,
            (None, None) => return best,
        };
        let Some(v) = t.get(key) else { return best };
        best = Some(v.span().start);
        let mut val = v.get_ref();
        if let Some(i) = index {
            let Some(item) = val.as_array().and_then(|a| a.get(i)) else {
                return best;
            };
            best = Some(item.span().start);
            val = item.get_ref();
        }
        cur = Some(val);
        table = val.as_table();
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let t = "a = 1\nbb = 2\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        assert_eq!(line_col(t, 11), (2, 6));
    }

    #[test]
    fn spans_of_nested_paths() {
        let t = "x = 1\n[store]\nshards = 3\n[[store.outages]]\nstart_s = 1\n[[store.outages]]\nshard = 9\n";
        assert_eq!(line_col(t, span_of(t, "store.shards").unwrap_or(0)).0, 3);
        assert_eq!(
            line_col(t, span_of(t, "store.outages[1].shard").unwrap_or(0)).0,
            7
        );
        // A defaulted field falls back to the closest enclosing element.
        assert_eq!(
            line_col(t, span_of(t, "store.outages[0].duration_s").unwrap_or(0)).0,
            4
        );
        assert_eq!(span_of(t, "nothing.here"), None);
    }
}
