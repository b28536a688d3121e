//! Legacy averages (lifecycle-and-stats.md §5.4, deprecated, outside D9): `surgeon_procedure_averages` and
//! `surgeon_milestone_averages`, kept for consumers of the old platform's tables.
//!
//! A key (surgeon, procedure) is rebuilt whenever one of its cases enters `completed` (the dispatcher's
//! aggregates step); other keys may lag until their next completion or `recalculate_surgeon_averages`.
//! Source: the key's cases that are not excluded and have patient_in and patient_out recorded. Milestone
//! averages take source-typed milestones other than patient_in recorded at or after patient_in (the same
//! rule as `case_milestone_stats`, §5.1). Averages are rounded to one decimal, half away from zero. A
//! rebuild keeps `created_at` of surviving rows and deletes rows whose key has no samples left.

use crate::store::Cached;
use std::collections::BTreeMap;

use rusqlite::OptionalExtension;

use crate::access::{Level, Scope};
use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::values;

/// A key's averages in one statement: per case its patient_in and patient_out, then the total (pi → po,
/// first row, type NULL) and one row per source milestone type (pi → milestone), as sums of milliseconds
/// and counts. One pass over the key's rows inside SQLite (no row crosses into Rust), with exact integer
/// sums; a key of a few thousand cases takes milliseconds.
const KEY_AVERAGES_SQL: &str = "WITH m AS (
        SELECT cm.case_id, fm.name, fm.source_milestone_type_id AS type_id, cm.recorded_at AS at
        FROM cases c JOIN case_milestones cm ON cm.case_id = c.id JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
        WHERE c.surgeon_id = ?1 AND c.procedure_type_id = ?2 AND c.is_excluded_from_metrics = 0
          AND cm.recorded_at IS NOT NULL),
    k AS (
        SELECT case_id, max(CASE WHEN name = 'patient_in' THEN at END) AS pi,
               max(CASE WHEN name = 'patient_out' THEN at END) AS po
        FROM m GROUP BY case_id HAVING pi IS NOT NULL AND po IS NOT NULL)
    SELECT NULL, sum(po - pi), count(*) FROM k
    UNION ALL
    SELECT m.type_id, sum(m.at - k.pi), count(*) FROM m JOIN k ON k.case_id = m.case_id
    WHERE m.type_id IS NOT NULL AND m.name <> 'patient_in' AND m.at >= k.pi
    GROUP BY m.type_id";

/// A sum of minutes and its count.
#[derive(Default)]
struct Mean {
    sum: f64,
    n: i64,
}

/// The averages of a key: (mean minutes pi → po, samples), and per source milestone type (pi → milestone).
fn key_averages(conn: &rusqlite::Connection, surgeon: &str, procedure: &str) -> Result<(Mean, BTreeMap<String, Mean>)> {
    let mut stmt = conn.prepare_cached(KEY_AVERAGES_SQL)?;
    let mut rows = stmt.query([surgeon, procedure])?;
    let (mut total, mut by_type) = (Mean::default(), BTreeMap::<String, Mean>::new());
    while let Some(row) = rows.next()? {
        let (type_id, sum, n): (Option<String>, Option<i64>, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let mean = Mean { sum: sum.unwrap_or(0) as f64 / 60_000.0, n };
        match type_id {
            None => total = mean,
            Some(t) => {
                by_type.insert(t, mean);
            }
        }
    }
    Ok((total, by_type))
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Rebuilds the legacy rows of one (surgeon, procedure) key.
pub(crate) fn rebuild_key(tx: &rusqlite::Connection, now: Millis, surgeon: &str, procedure: &str) -> Result<()> {
    let (total, by_type) = key_averages(tx, surgeon, procedure)?;
    let milestones: Vec<(String, f64, i64)> = by_type.into_iter().map(|(t, m)| (t, m.sum / m.n as f64, m.n)).collect();
    let n = total.n;
    match (n > 0).then(|| total.sum / n as f64) {
        Some(avg) => {
            tx.prepare_cached(
                "INSERT INTO surgeon_procedure_averages (id, surgeon_id, procedure_type_id, avg_total_minutes, sample_size,
                     created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                 ON CONFLICT (surgeon_id, procedure_type_id) DO UPDATE SET avg_total_minutes = excluded.avg_total_minutes,
                     sample_size = excluded.sample_size, updated_at = excluded.updated_at",
            )?
            .execute(rusqlite::params![values::new_id(), surgeon, procedure, round1(avg), n, now])?;
        }
        _ => {
            tx.execute_cached(
                "DELETE FROM surgeon_procedure_averages WHERE surgeon_id = ?1 AND procedure_type_id = ?2",
                [surgeon, procedure],
            )?;
        }
    }
    let kept: Vec<&str> = milestones.iter().map(|(t, _, _)| t.as_str()).collect();
    tx.execute_cached(
        "DELETE FROM surgeon_milestone_averages WHERE surgeon_id = ?1 AND procedure_type_id = ?2
           AND milestone_type_id NOT IN (SELECT value FROM json_each(?3))",
        rusqlite::params![surgeon, procedure, serde_json::to_string(&kept).expect("strings serialise")],
    )?;
    for (milestone, avg, n) in &milestones {
        tx.prepare_cached(
            "INSERT INTO surgeon_milestone_averages (id, surgeon_id, procedure_type_id, milestone_type_id,
                 avg_minutes_from_start, sample_size, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
             ON CONFLICT (surgeon_id, procedure_type_id, milestone_type_id) DO UPDATE SET
                 avg_minutes_from_start = excluded.avg_minutes_from_start, sample_size = excluded.sample_size,
                 updated_at = excluded.updated_at",
        )?
        .execute(rusqlite::params![values::new_id(), surgeon, procedure, milestone, round1(*avg), n, now])?;
    }
    Ok(())
}

impl Scope {
    /// `recalculate_surgeon_averages(facility)`: rebuilds every legacy key of the facility's surgeons (keys
    /// of its cases, and existing rows of its surgeons, which are deleted when no samples remain). Facility
    /// admins rebuild their own facility, global admins and the system any. Returns the keys rebuilt.
    pub fn recalculate_surgeon_averages(&self, facility_id: &str) -> Result<u64> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        self.write("recalculate_surgeon_averages", |call| {
            let exists: Option<i64> = call
                .tx
                .query_row_cached("SELECT 1 FROM facilities WHERE id = ?1", [&facility], |r| r.get(0))
                .optional()?;
            if exists.is_none() || !call.ctx.sees_facility(&facility) {
                return Err(Error::not_found("facility_id"));
            }
            if !matches!(call.ctx.level, Level::System | Level::GlobalAdmin | Level::FacilityAdmin) {
                return Err(Error::denied("only facility admins rebuild the averages"));
            }
            let keys: Vec<(String, String)> = call
                .tx
                .prepare(
                    "SELECT surgeon_id, procedure_type_id FROM cases
                       WHERE facility_id = ?1 AND surgeon_id IS NOT NULL AND procedure_type_id IS NOT NULL
                     UNION
                     SELECT a.surgeon_id, a.procedure_type_id FROM surgeon_procedure_averages a
                       JOIN users u ON u.id = a.surgeon_id WHERE u.facility_id = ?1
                     UNION
                     SELECT a.surgeon_id, a.procedure_type_id FROM surgeon_milestone_averages a
                       JOIN users u ON u.id = a.surgeon_id WHERE u.facility_id = ?1
                     ORDER BY 1, 2",
                )?
                .query_map([&facility], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (s, p) in &keys {
                rebuild_key(call.tx, call.now, s, p)?;
            }
            Ok(keys.len() as u64)
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_decimal_half_away_from_zero() {
        assert_eq!(super::round1(100.25), 100.3);
        assert_eq!(super::round1(29.833_333), 29.8);
        assert_eq!(super::round1(-0.05), -0.1);
    }
}
