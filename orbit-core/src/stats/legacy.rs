//! Legacy averages (lifecycle-and-stats.md §5.4, deprecated, outside D9): `surgeon_procedure_averages` and
//! `surgeon_milestone_averages`, kept for consumers of the old platform's tables.
//!
//! A key (surgeon, procedure) is rebuilt whenever one of its cases enters `completed` (the dispatcher's
//! aggregates step); other keys may lag until their next completion or `recalculate_surgeon_averages`.
//! Source: the key's cases that are not excluded and have patient_in and patient_out recorded. Milestone
//! averages take source-typed milestones other than patient_in recorded at or after patient_in (the same
//! rule as `case_milestone_stats`, §5.1). Averages are rounded to one decimal, half away from zero. A
//! rebuild keeps `created_at` of surviving rows and deletes rows whose key has no samples left.

use rusqlite::OptionalExtension;

use crate::access::{Call, Level, Scope};
use crate::error::{Error, Result};
use crate::values;

const SOURCE: &str = "WITH src AS (
    SELECT c.id,
      (SELECT cm.recorded_at FROM case_milestones cm JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
        WHERE cm.case_id = c.id AND fm.name = 'patient_in') AS pi,
      (SELECT cm.recorded_at FROM case_milestones cm JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
        WHERE cm.case_id = c.id AND fm.name = 'patient_out') AS po
    FROM cases c WHERE c.surgeon_id = ?1 AND c.procedure_type_id = ?2 AND c.is_excluded_from_metrics = 0)";

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Rebuilds the legacy rows of one (surgeon, procedure) key.
pub(crate) fn rebuild_key(call: &Call<'_>, surgeon: &str, procedure: &str) -> Result<()> {
    let tx = call.tx;
    let (avg, n): (Option<f64>, i64) = tx
        .prepare_cached(&format!(
            "{SOURCE} SELECT avg((po - pi) / 60000.0), count(*) FROM src WHERE pi IS NOT NULL AND po IS NOT NULL"
        ))?
        .query_row([surgeon, procedure], |r| Ok((r.get(0)?, r.get(1)?)))?;
    match avg {
        Some(avg) if n > 0 => {
            tx.prepare_cached(
                "INSERT INTO surgeon_procedure_averages (id, surgeon_id, procedure_type_id, avg_total_minutes, sample_size,
                     created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                 ON CONFLICT (surgeon_id, procedure_type_id) DO UPDATE SET avg_total_minutes = excluded.avg_total_minutes,
                     sample_size = excluded.sample_size, updated_at = excluded.updated_at",
            )?
            .execute(rusqlite::params![values::new_id(), surgeon, procedure, round1(avg), n, call.now])?;
        }
        _ => {
            tx.execute(
                "DELETE FROM surgeon_procedure_averages WHERE surgeon_id = ?1 AND procedure_type_id = ?2",
                [surgeon, procedure],
            )?;
        }
    }
    let milestones: Vec<(String, f64, i64)> = tx
        .prepare_cached(&format!(
            "{SOURCE} SELECT fm.source_milestone_type_id, avg((cm.recorded_at - src.pi) / 60000.0), count(*)
             FROM src JOIN case_milestones cm ON cm.case_id = src.id
             JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
             WHERE src.pi IS NOT NULL AND src.po IS NOT NULL AND fm.source_milestone_type_id IS NOT NULL
               AND fm.name <> 'patient_in' AND cm.recorded_at >= src.pi
             GROUP BY fm.source_milestone_type_id"
        ))?
        .query_map([surgeon, procedure], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let kept: Vec<&str> = milestones.iter().map(|(t, _, _)| t.as_str()).collect();
    tx.execute(
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
        .execute(rusqlite::params![
            values::new_id(),
            surgeon,
            procedure,
            milestone,
            round1(*avg),
            n,
            call.now
        ])?;
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
            let exists: Option<i64> =
                call.tx.query_row("SELECT 1 FROM facilities WHERE id = ?1", [&facility], |r| r.get(0)).optional()?;
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
                rebuild_key(call, s, p)?;
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
