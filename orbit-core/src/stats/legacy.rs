//! Legacy averages (lifecycle-and-stats.md §5.4, deprecated, outside D9): `surgeon_procedure_averages` and
//! `surgeon_milestone_averages`, kept for consumers of the old platform's tables.
//!
//! A key (surgeon, procedure) is rebuilt whenever one of its cases enters `completed` (the dispatcher's
//! aggregates step); other keys may lag until their next completion or `recalculate_surgeon_averages`.
//! Source: the key's cases that are not excluded and have patient_in and patient_out recorded. Milestone
//! averages take source-typed milestones other than patient_in recorded at or after patient_in (the same
//! rule as `case_milestone_stats`, §5.1). Averages are rounded to one decimal, half away from zero. A
//! rebuild keeps `created_at` of surviving rows and deletes rows whose key has no samples left.

use std::collections::{BTreeMap, HashMap};

use rusqlite::OptionalExtension;

use crate::access::{Call, Level, Scope};
use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::values;

/// The key's recorded milestones, case by case: one index range scan, no joins (the milestone names and
/// source types come from a small per-call map), so a rebuild costs one pass over the key's rows.
const KEY_ROWS_SQL: &str = "SELECT cm.case_id, cm.facility_milestone_id, cm.recorded_at
    FROM cases c JOIN case_milestones cm ON cm.case_id = c.id
    WHERE c.surgeon_id = ?1 AND c.procedure_type_id = ?2 AND c.is_excluded_from_metrics = 0
      AND cm.recorded_at IS NOT NULL";

/// Running mean of minutes.
#[derive(Default)]
struct Mean {
    sum: f64,
    n: i64,
}

impl Mean {
    fn add(&mut self, minutes: f64) {
        self.sum += minutes;
        self.n += 1;
    }
}

/// The averages of a key: total (pi → po) and per source milestone type (pi → milestone).
fn key_averages(conn: &rusqlite::Connection, surgeon: &str, procedure: &str) -> Result<(Mean, BTreeMap<String, Mean>)> {
    let mut facility_milestones: HashMap<String, (String, Option<String>)> = HashMap::new();
    // Per case: (facility milestone name, source type, instant) of its recorded milestones.
    let mut cases: BTreeMap<String, Vec<(String, Option<String>, Millis)>> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(KEY_ROWS_SQL)?;
    let mut rows = stmt.query([surgeon, procedure])?;
    while let Some(row) = rows.next()? {
        let (case, milestone, at): (String, String, Millis) = (row.get(0)?, row.get(1)?, row.get(2)?);
        if !facility_milestones.contains_key(&milestone) {
            let info = conn
                .prepare_cached("SELECT name, source_milestone_type_id FROM facility_milestones WHERE id = ?1")?
                .query_row([&milestone], |r| Ok((r.get(0)?, r.get(1)?)))?;
            facility_milestones.insert(milestone.clone(), info);
        }
        let (name, source) = &facility_milestones[&milestone];
        cases.entry(case).or_default().push((name.clone(), source.clone(), at));
    }
    let (mut total, mut by_type) = (Mean::default(), BTreeMap::<String, Mean>::new());
    for recorded in cases.values() {
        let at = |name: &str| recorded.iter().find(|(n, ..)| n == name).map(|(.., t)| *t);
        let (Some(pi), Some(po)) = (at("patient_in"), at("patient_out")) else {
            continue;
        };
        total.add((po - pi) as f64 / 60_000.0);
        for (name, source, t) in recorded {
            if let Some(source) = source.as_ref().filter(|_| name != "patient_in" && *t >= pi) {
                by_type.entry(source.clone()).or_default().add((t - pi) as f64 / 60_000.0);
            }
        }
    }
    Ok((total, by_type))
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Rebuilds the legacy rows of one (surgeon, procedure) key.
pub(crate) fn rebuild_key(call: &Call<'_>, surgeon: &str, procedure: &str) -> Result<()> {
    let tx = call.tx;
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
            .execute(rusqlite::params![values::new_id(), surgeon, procedure, round1(avg), n, call.now])?;
        }
        _ => {
            tx.execute(
                "DELETE FROM surgeon_procedure_averages WHERE surgeon_id = ?1 AND procedure_type_id = ?2",
                [surgeon, procedure],
            )?;
        }
    }
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
