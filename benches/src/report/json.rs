//! `summary.json`: the same data as `summary.md`, for scripts.

use super::load::{AllocRow, Group};
use super::provenance::Provenance;
use super::targets::Check;
use serde_json::{Value, json};

/// The JSON document (pretty-printed).
pub fn summary(
    provenance: &Provenance,
    groups: &[Group],
    allocs: Option<&[AllocRow]>,
    checks: &[Check],
) -> String {
    let groups: Vec<Value> = groups
        .iter()
        .map(|g| {
            let floor = g.floor().map(|f| f.median_ns);
            let entries: Vec<Value> = g
                .entries
                .iter()
                .map(|e| {
                    let alloc = allocs.and_then(|rows| {
                        rows.iter().find(|r| r.group == g.name && r.library == e.id)
                    });
                    json!({
                        "id": e.id,
                        "median_ns": e.median_ns,
                        "ci95_ns": [e.lower_ns, e.upper_ns],
                        "ratio_to_floor": floor.map(|f| e.median_ns / f),
                        "elements_per_sec": e.elements_per_sec(),
                        "allocations_per_op": alloc.map(|a| a.allocations),
                        "reallocations_per_op": alloc.map(|a| a.reallocations),
                    })
                })
                .collect();
            json!({ "group": g.name, "entries": entries })
        })
        .collect();
    let checks: Vec<Value> = checks
        .iter()
        .map(
            |c| json!({ "target": c.target, "measured": c.measured, "unit": c.unit, "met": c.met }),
        )
        .collect();
    let doc = json!({
        "command": provenance.command,
        "commit": provenance.commit,
        "cpu": provenance.cpu,
        "date": provenance.date,
        "runs": provenance.runs,
        "targets": checks,
        "groups": groups,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
