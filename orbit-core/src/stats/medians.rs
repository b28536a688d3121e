//! Milestone interval medians and phase medians (lifecycle-and-stats.md §5.4), computed on read.
//!
//! Population, shared by both: the facility's cases of the procedure that are completed, validated, not
//! excluded and not drafts, whatever template they were stamped with, with their recorded milestones.
//! Medians are `percentile_cont(.5)` over unrounded minutes.
//!
//! Choices the spec leaves open (written down here): both calls take the procedure as required and the
//! surgeon as optional (without one, the surgeon columns are NULL and 0); a procedure that is not the
//! facility's is `NotFound`; when the resolution cascade finds no template, interval medians have no rows,
//! like phase medians for a NULL template; phase rows also carry `phase_id`, which `parent_phase_id` refers to.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::access::Scope;
use crate::clock::Millis;
use crate::error::{Error, ErrorKind, Result};
use crate::milestones;
use crate::stats::aggregates::{may_read, percentile_cont};
use crate::stats::rules::minutes;
use crate::values;

/// The facility median of a phase is NULL below this many cases.
pub const PHASE_FACILITY_MIN_N: usize = 5;

/// One template placement with the median time to the next recorded placement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalMedian {
    /// Milestone name.
    pub milestone_name: String,
    /// The placement's facility milestone.
    pub facility_milestone_id: String,
    /// The placement's item display order.
    pub display_order: i64,
    /// The milestone's phase group.
    pub phase_group: Option<String>,
    /// Median interval (minutes) over the surgeon's cases.
    pub surgeon_median_minutes: Option<f64>,
    /// Intervals > 0 behind the surgeon median.
    pub surgeon_case_count: i64,
    /// Median interval (minutes) over the facility's cases.
    pub facility_median_minutes: Option<f64>,
    /// Intervals > 0 behind the facility median.
    pub facility_case_count: i64,
}

/// One phase of a template with its median duration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseMedian {
    /// Phase id.
    pub phase_id: String,
    /// Phase name.
    pub phase_name: String,
    /// Phase display name.
    pub phase_display_name: String,
    /// Colour key.
    pub color_key: Option<String>,
    /// Phase display order.
    pub display_order: i64,
    /// Parent phase (sub-phases).
    pub parent_phase_id: Option<String>,
    /// Median duration (minutes) over the surgeon's cases.
    pub surgeon_median_minutes: Option<f64>,
    /// Cases behind the surgeon median.
    pub surgeon_n: i64,
    /// Median duration (minutes) over the facility's cases; NULL below [`PHASE_FACILITY_MIN_N`] cases.
    pub facility_median_minutes: Option<f64>,
    /// Cases behind the facility median.
    pub facility_n: i64,
}

/// A population case: its surgeon and recorded instants by facility milestone.
struct Sample {
    surgeon: Option<String>,
    recorded: BTreeMap<String, Millis>,
}

fn population(conn: &Connection, facility: &str, procedure: &str) -> Result<Vec<Sample>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.surgeon_id, cm.facility_milestone_id, cm.recorded_at
         FROM cases c JOIN case_statuses st ON st.id = c.status_id
         JOIN case_milestones cm ON cm.case_id = c.id AND cm.recorded_at IS NOT NULL
         WHERE c.facility_id = ?1 AND c.procedure_type_id = ?2 AND st.name = 'completed' AND c.data_validated = 1
           AND c.is_excluded_from_metrics = 0 AND c.is_draft = 0
         ORDER BY c.id",
    )?;
    let rows = stmt.query_map([facility, procedure], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?, r.get::<_, Millis>(3)?))
    })?;
    let mut out: Vec<(String, Sample)> = Vec::new();
    for row in rows {
        let (case, surgeon, milestone, at) = row?;
        if out.last().is_none_or(|(id, _)| *id != case) {
            out.push((case, Sample { surgeon, recorded: BTreeMap::new() }));
        }
        out.last_mut().expect("pushed").1.recorded.insert(milestone, at);
    }
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// The facility and surgeon samples of one output row.
#[derive(Default)]
struct Split {
    facility: Vec<f64>,
    surgeon: Vec<f64>,
}

impl Split {
    fn push(&mut self, sample: &Sample, surgeon: Option<&str>, value: f64) {
        self.facility.push(value);
        if surgeon.is_some() && sample.surgeon.as_deref() == surgeon {
            self.surgeon.push(value);
        }
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    percentile_cont(&v, 0.5)
}

/// Interval medians per placement: for each case, the placements whose milestone is recorded, in order; each
/// gets the minutes to the next one (the last none), and only intervals > 0 count.
fn interval_medians(
    placements: &[(String, String, i64, Option<String>)],
    samples: &[Sample],
    surgeon: Option<&str>,
) -> Vec<IntervalMedian> {
    let mut splits: Vec<Split> = placements.iter().map(|_| Split::default()).collect();
    for s in samples {
        let recorded: Vec<(usize, Millis)> =
            placements.iter().enumerate().filter_map(|(i, p)| s.recorded.get(&p.0).map(|at| (i, *at))).collect();
        for w in recorded.windows(2) {
            let interval = minutes(w[0].1, w[1].1);
            if interval > 0.0 {
                splits[w[0].0].push(s, surgeon, interval);
            }
        }
    }
    placements
        .iter()
        .zip(splits)
        .map(|((id, name, order, group), split)| IntervalMedian {
            milestone_name: name.clone(),
            facility_milestone_id: id.clone(),
            display_order: *order,
            phase_group: group.clone(),
            surgeon_case_count: split.surgeon.len() as i64,
            surgeon_median_minutes: median(split.surgeon),
            facility_case_count: split.facility.len() as i64,
            facility_median_minutes: median(split.facility),
        })
        .collect()
}

fn check_procedure(conn: &Connection, facility: &str, procedure: &str) -> Result<()> {
    conn.query_row(
        "SELECT 1 FROM procedure_types WHERE id = ?1 AND facility_id = ?2",
        [procedure, facility],
        |_| Ok(()),
    )
    .optional()?
    .ok_or_else(|| Error::not_found("procedure_type_id"))
}

fn check_facility(conn: &Connection, ctx: &crate::access::AccessContext, facility: &str) -> Result<()> {
    let exists = conn.query_row("SELECT 1 FROM facilities WHERE id = ?1", [facility], |_| Ok(())).optional()?;
    match exists.filter(|_| may_read(ctx, facility)) {
        Some(()) => Ok(()),
        None => Err(Error::not_found("facility_id")),
    }
}

impl Scope {
    /// `milestone_interval_medians(surgeon, procedure, facility)` (§5.4): one row per placement of the
    /// template the cascade resolves for (facility, surgeon, procedure), in item order.
    pub fn milestone_interval_medians(
        &self,
        surgeon_id: Option<&str>,
        procedure_type_id: &str,
        facility_id: &str,
    ) -> Result<Vec<IntervalMedian>> {
        let surgeon = surgeon_id.map(|s| values::parse_uuid("surgeon_id", s)).transpose()?;
        let procedure = values::parse_uuid("procedure_type_id", procedure_type_id)?;
        let facility = values::parse_uuid("facility_id", facility_id)?;
        self.read(|conn, ctx| {
            check_facility(conn, ctx, &facility)?;
            check_procedure(conn, &facility, &procedure)?;
            let template =
                match milestones::resolve_template_id(conn, &facility, surgeon.as_deref(), Some(procedure.as_str())) {
                    Ok(t) => t,
                    Err(e) if e.kind() == ErrorKind::NoMilestoneTemplate => return Ok(Vec::new()),
                    Err(e) => return Err(e),
                };
            let placements: Vec<(String, String, i64, Option<String>)> = conn
                .prepare_cached(
                    "SELECT i.facility_milestone_id, fm.name, i.display_order, fm.phase_group
                     FROM milestone_template_items i JOIN facility_milestones fm ON fm.id = i.facility_milestone_id
                     WHERE i.template_id = ?1 AND fm.is_active = 1 ORDER BY i.display_order, i.id",
                )?
                .query_map([&template], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let samples = population(conn, &facility, &procedure)?;
            Ok(interval_medians(&placements, &samples, surgeon.as_deref()))
        })
    }

    /// `phase_medians(facility, procedure, surgeon, template)` (§5.4): one row per derived phase of the
    /// template; a case counts for a phase when both boundaries are recorded and end > start. No template, no
    /// rows.
    pub fn phase_medians(
        &self,
        facility_id: &str,
        procedure_type_id: &str,
        surgeon_id: Option<&str>,
        template_id: Option<&str>,
    ) -> Result<Vec<PhaseMedian>> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let procedure = values::parse_uuid("procedure_type_id", procedure_type_id)?;
        let surgeon = surgeon_id.map(|s| values::parse_uuid("surgeon_id", s)).transpose()?;
        let template = template_id.map(|t| values::parse_uuid("template_id", t)).transpose()?;
        self.read(|conn, ctx| {
            check_facility(conn, ctx, &facility)?;
            check_procedure(conn, &facility, &procedure)?;
            let Some(template) = template else {
                return Ok(Vec::new());
            };
            conn.query_row(
                "SELECT 1 FROM milestone_templates WHERE id = ?1 AND facility_id = ?2",
                [&template, &facility],
                |_| Ok(()),
            )
            .optional()?
            .ok_or_else(|| Error::not_found("template_id"))?;
            let boundaries = milestones::phase_boundaries(conn, &template)?;
            let samples = population(conn, &facility, &procedure)?;
            Ok(boundaries
                .into_iter()
                .map(|b| {
                    let mut split = Split::default();
                    for s in &samples {
                        let start = s.recorded.get(&b.start_milestone_id);
                        let end = s.recorded.get(&b.end_milestone_id);
                        if let (Some(&start), Some(&end)) = (start, end)
                            && end > start
                        {
                            split.push(s, surgeon.as_deref(), minutes(start, end));
                        }
                    }
                    let facility_n = split.facility.len();
                    PhaseMedian {
                        phase_id: b.phase_id,
                        phase_name: b.phase_name,
                        phase_display_name: b.phase_display_name,
                        color_key: b.color_key,
                        display_order: b.display_order,
                        parent_phase_id: b.parent_phase_id,
                        surgeon_n: split.surgeon.len() as i64,
                        surgeon_median_minutes: median(split.surgeon),
                        facility_n: facility_n as i64,
                        facility_median_minutes: median(split.facility).filter(|_| facility_n >= PHASE_FACILITY_MIN_N),
                    }
                })
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(surgeon: &str, recorded: &[(&str, i64)]) -> Sample {
        Sample {
            surgeon: Some(surgeon.to_string()),
            recorded: recorded.iter().map(|(m, min)| (m.to_string(), min * 60_000)).collect(),
        }
    }

    fn placement(id: &str, order: i64) -> (String, String, i64, Option<String>) {
        (id.to_string(), id.to_string(), order, None)
    }

    #[test]
    fn intervals_skip_unrecorded_placements_and_a_shared_boundary_gives_its_first_placement_zero() {
        // a → b → b (shared boundary, two placements) → c
        let placements = [placement("a", 1), placement("b", 2), placement("b", 3), placement("c", 4)];
        let samples = [
            sample("s1", &[("a", 0), ("b", 10), ("c", 30)]),
            sample("s2", &[("a", 0), ("c", 40)]), // b unrecorded: a's interval runs to c
            sample("s1", &[("a", 0), ("b", 20), ("c", 25)]),
        ];
        let rows = interval_medians(&placements, &samples, Some("s1"));
        assert_eq!(rows[0].facility_case_count, 3);
        assert_eq!(rows[0].facility_median_minutes, Some(20.0)); // 10, 40, 20
        assert_eq!(rows[0].surgeon_case_count, 2);
        assert_eq!(rows[0].surgeon_median_minutes, Some(15.0)); // 10, 20
        assert_eq!((rows[1].facility_median_minutes, rows[1].facility_case_count), (None, 0));
        assert_eq!(rows[2].facility_median_minutes, Some(12.5)); // 20, 5
        assert_eq!((rows[3].facility_median_minutes, rows[3].facility_case_count), (None, 0));
    }

    #[test]
    fn without_a_surgeon_the_surgeon_columns_are_empty() {
        let rows =
            interval_medians(&[placement("a", 1), placement("b", 2)], &[sample("s", &[("a", 0), ("b", 7)])], None);
        assert_eq!((rows[0].surgeon_median_minutes, rows[0].surgeon_case_count), (None, 0));
        assert_eq!(rows[0].facility_median_minutes, Some(7.0));
    }
}
