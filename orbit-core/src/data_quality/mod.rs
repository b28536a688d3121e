//! Data-quality detection (lifecycle-and-stats.md §3): the run for one case (step 3 of every case call),
//! the sweep that drives the time-based rules, issue resolution and listing.

pub mod rules;

use crate::store::Cached;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::{Level, Scope};
use crate::audit::{self, AuditEntry};
use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::values::{self, MAX_TEXT_CHARS};

use rules::{CaseFacts, DetectedIssue, MilestoneFacts};

/// How long an unresolved issue stays listed after its last detection.
pub const ISSUE_TTL_MS: i64 = 30 * 24 * 60 * 60 * 1000;

/// The facts of case `case_id`, or `None` when it is not eligible (validated or excluded).
fn facts(conn: &Connection, case_id: &str, now: Millis) -> Result<Option<(String, CaseFacts, Vec<MilestoneFacts>)>> {
    type Row = (String, String, i64, String, i64, i64, Option<String>, String);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT c.facility_id, s.name, c.is_draft, c.scheduled_date, c.data_validated, c.is_excluded_from_metrics,
                    c.milestone_template_id, f.timezone
             FROM cases c JOIN case_statuses s ON s.id = c.status_id JOIN facilities f ON f.id = c.facility_id
             WHERE c.id = ?1",
        )?
        .query_row([case_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })
        .optional()?;
    let Some((facility, status, draft, date, validated, excluded, template, tz)) = row else {
        return Err(Error::not_found("case_id"));
    };
    if validated == 1 || excluded == 1 {
        return Ok(None);
    }
    let tz: Tz = values::timezone("timezone", &tz)?;
    let active_id = |name: &str| -> Result<Option<String>> {
        Ok(conn
            .prepare_cached(
                "SELECT id FROM facility_milestones WHERE facility_id = ?1 AND name = ?2 AND is_active = 1",
            )?
            .query_row([&facility, name], |r| r.get(0))
            .optional()?)
    };
    let case = CaseFacts {
        status,
        is_draft: draft == 1,
        scheduled_date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or_default(),
        today: values::local_date(now, tz),
        now,
        patient_in_id: active_id("patient_in")?,
        patient_out_id: active_id("patient_out")?,
    };
    let rows = milestone_facts(conn, case_id, template.as_deref())?;
    Ok(Some((facility, case, rows)))
}

/// The case's rows of active facility milestones, with their sequence positions (§1.7): the minimum item
/// order in the stamped template; with no template, the facility order; otherwise none.
pub(crate) fn milestone_facts(conn: &Connection, case_id: &str, template: Option<&str>) -> Result<Vec<MilestoneFacts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT cm.id, fm.id, fm.name, cm.recorded_at,
                CASE WHEN ?2 IS NULL THEN fm.display_order
                     ELSE (SELECT min(i.display_order) FROM milestone_template_items i
                           WHERE i.template_id = ?2 AND i.facility_milestone_id = fm.id) END,
                fm.validation_type, fm.min_minutes, fm.max_minutes, fm.pair_with_id
         FROM case_milestones cm JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
         WHERE cm.case_id = ?1 AND fm.is_active = 1
         ORDER BY cm.id",
    )?;
    let rows = stmt.query_map(rusqlite::params![case_id, template], |r| {
        Ok(MilestoneFacts {
            row_id: r.get(0)?,
            facility_milestone_id: r.get(1)?,
            name: r.get(2)?,
            recorded_at: r.get(3)?,
            position: r.get(4)?,
            validation_type: r.get(5)?,
            min_minutes: r.get(6)?,
            max_minutes: r.get(7)?,
            pair_with_id: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Runs detection for one case (step 3): upserts the detected issues (resolved rows are never touched),
/// deletes the case's unresolved issues that no longer hold, and returns the number of unresolved issues —
/// or `None` when the case is not eligible (validated or excluded) and nothing ran.
pub(crate) fn run(conn: &Connection, case_id: &str, now: Millis) -> Result<Option<u32>> {
    let Some((facility, case, rows)) = facts(conn, case_id, now)? else {
        return Ok(None);
    };
    let detected = rules::detect(&case, &rows);
    let mut keep: Vec<(String, String)> = Vec::with_capacity(detected.len());
    for issue in &detected {
        upsert(conn, &facility, case_id, issue, now)?;
        keep.push((issue.facility_milestone_id.clone().unwrap_or_default(), issue.issue_type.to_string()));
    }
    let open: Vec<(String, String, String)> = conn
        .prepare_cached(
            "SELECT i.id, coalesce(i.facility_milestone_id, ''), t.name FROM metric_issues i
             JOIN issue_types t ON t.id = i.issue_type_id WHERE i.case_id = ?1 AND i.resolved_at IS NULL",
        )?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, milestone, kind) in &open {
        if !keep.contains(&(milestone.clone(), kind.clone())) {
            conn.prepare_cached("DELETE FROM metric_issues WHERE id = ?1")?.execute([id])?;
        }
    }
    let unresolved: u32 = conn
        .prepare_cached("SELECT count(*) FROM metric_issues WHERE case_id = ?1 AND resolved_at IS NULL")?
        .query_row([case_id], |r| r.get(0))?;
    Ok(Some(unresolved))
}

fn upsert(conn: &Connection, facility: &str, case_id: &str, issue: &DetectedIssue, now: Millis) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO metric_issues (id, facility_id, case_id, issue_type_id, facility_milestone_id, milestone_id,
             detected_value, expected_min, expected_max, details, detected_at, expires_at, created_at)
         SELECT ?1, ?2, ?3, t.id, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10 FROM issue_types t WHERE t.name = ?12
         ON CONFLICT (case_id, COALESCE(facility_milestone_id, ''), issue_type_id) DO UPDATE SET
             milestone_id = excluded.milestone_id, detected_value = excluded.detected_value,
             expected_min = excluded.expected_min, expected_max = excluded.expected_max, details = excluded.details,
             detected_at = excluded.detected_at, expires_at = excluded.expires_at
         WHERE metric_issues.resolved_at IS NULL",
    )?
    .execute(rusqlite::params![
        values::new_id(),
        facility,
        case_id,
        issue.facility_milestone_id,
        issue.milestone_row_id,
        issue.detected_value,
        issue.expected_min,
        issue.expected_max,
        issue.details.to_string(),
        now,
        now + ISSUE_TTL_MS,
        issue.issue_type,
    ])?;
    Ok(())
}

/// What a sweep examined and found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    /// Cases examined.
    pub cases_examined: u64,
    /// Unresolved issues of those cases after the sweep, per issue type.
    pub unresolved_by_type: BTreeMap<String, u64>,
}

/// An issue as a reader sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Id.
    pub id: String,
    /// Case.
    pub case_id: String,
    /// Issue type name.
    pub issue_type: String,
    /// Milestone the issue is about.
    pub facility_milestone_id: Option<String>,
    /// Measured value.
    pub detected_value: Option<f64>,
    /// Expected minimum.
    pub expected_min: Option<f64>,
    /// Expected maximum.
    pub expected_max: Option<f64>,
    /// Details object.
    pub details: Option<Value>,
    /// Resolution type name, once resolved.
    pub resolution_type: Option<String>,
    /// When resolved.
    pub resolved_at: Option<i64>,
    /// When last detected.
    pub detected_at: i64,
    /// Hidden from open listings after this instant.
    pub expires_at: i64,
}

const ISSUE_SELECT: &str = "SELECT i.id, i.case_id, t.name, i.facility_milestone_id, i.detected_value, i.expected_min,
    i.expected_max, i.details, r.name, i.resolved_at, i.detected_at, i.expires_at
    FROM metric_issues i JOIN issue_types t ON t.id = i.issue_type_id
    LEFT JOIN resolution_types r ON r.id = i.resolution_type_id";

fn issue_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Issue> {
    let details: Option<String> = r.get(7)?;
    Ok(Issue {
        id: r.get(0)?,
        case_id: r.get(1)?,
        issue_type: r.get(2)?,
        facility_milestone_id: r.get(3)?,
        detected_value: r.get(4)?,
        expected_min: r.get(5)?,
        expected_max: r.get(6)?,
        details: details.and_then(|d| serde_json::from_str(&d).ok()),
        resolution_type: r.get(8)?,
        resolved_at: r.get(9)?,
        detected_at: r.get(10)?,
        expires_at: r.get(11)?,
    })
}

impl Scope {
    /// Runs detection for every eligible non-draft case of a facility (or of every facility visible to the
    /// context when `facility_id` is `None`; global admins and the system only) whose time-based rules may
    /// apply: scheduled, delayed or on hold with a past date, or in progress / delayed. Writes only
    /// `metric_issues` (no audit, no auto-validation).
    pub fn run_data_quality_sweep(&self, facility_id: Option<&str>) -> Result<SweepReport> {
        let facility = facility_id.map(|f| values::parse_uuid("facility_id", f)).transpose()?;
        self.write("run_data_quality_sweep", |call| {
            let scope_facility = match (&facility, call.ctx.level) {
                (Some(f), _) if call.ctx.sees_facility(f) => Some(f.clone()),
                (Some(_), _) => return Err(Error::not_found("facility_id")),
                (None, Level::System | Level::GlobalAdmin) => None,
                (None, _) if call.ctx.level.is_member() => call.ctx.facility_id.clone(),
                (None, _) => return Err(Error::denied("a sweep needs a facility")),
            };
            if !call.ctx.level.is_member() && !call.ctx.level.spans_facilities() {
                return Err(Error::denied("only facility members run the data-quality sweep"));
            }
            let ids: Vec<(String, String)> = call
                .tx
                .prepare(
                    "SELECT c.id, f.timezone FROM cases c JOIN case_statuses s ON s.id = c.status_id
                     JOIN facilities f ON f.id = c.facility_id
                     WHERE (?1 IS NULL OR c.facility_id = ?1) AND c.is_draft = 0 AND c.data_validated = 0
                       AND c.is_excluded_from_metrics = 0 AND s.name IN ('scheduled', 'delayed', 'on_hold', 'in_progress')
                     ORDER BY c.scheduled_date, c.id",
                )?
                .query_map([&scope_facility], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut examined = Vec::new();
            for (id, tz) in ids {
                let today = values::local_date(call.now, values::timezone("timezone", &tz)?);
                let due: bool = call.tx.query_row_cached(
                    "SELECT (s.name IN ('in_progress', 'delayed')) OR (s.name IN ('scheduled', 'on_hold') AND c.scheduled_date < ?2)
                     FROM cases c JOIN case_statuses s ON s.id = c.status_id WHERE c.id = ?1",
                    rusqlite::params![id, today.format("%Y-%m-%d").to_string()],
                    |r| r.get(0),
                )?;
                if due {
                    run(call.tx, &id, call.now)?;
                    examined.push(id);
                }
            }
            let mut by_type = BTreeMap::new();
            for id in &examined {
                let mut stmt = call.tx.prepare_cached(
                    "SELECT t.name, count(*) FROM metric_issues i JOIN issue_types t ON t.id = i.issue_type_id
                     WHERE i.case_id = ?1 AND i.resolved_at IS NULL GROUP BY t.name",
                )?;
                for row in stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
                    let (t, n) = row?;
                    *by_type.entry(t).or_insert(0) += n as u64;
                }
            }
            Ok(SweepReport { cases_examined: examined.len() as u64, unresolved_by_type: by_type })
        })
    }

    /// Resolves an issue (any member of the case's facility): stamps `resolved_at`, `resolved_by`, the
    /// resolution type (by name: approved, excluded, corrected, expired) and notes.
    pub fn resolve_issue(&self, issue_id: &str, resolution_type: Option<&str>, notes: Option<&str>) -> Result<Issue> {
        let id = values::parse_uuid("issue_id", issue_id)?;
        let notes = values::text("notes", notes, MAX_TEXT_CHARS)?;
        self.write("resolve_issue", |call| {
            let row: Option<(String, Option<i64>, String)> = call
                .tx
                .query_row_cached(
                    "SELECT facility_id, resolved_at, case_id FROM metric_issues WHERE id = ?1",
                    [&id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((facility, resolved, case_id)) = row.filter(|(f, _, _)| call.ctx.sees_facility(f)) else {
                return Err(Error::not_found("issue_id"));
            };
            if !(call.ctx.level.is_member() || call.ctx.level.spans_facilities()) {
                return Err(Error::denied("only facility members resolve data-quality issues"));
            }
            if resolved.is_some() {
                return Err(Error::new(crate::error::ErrorKind::InvalidState, "the issue is already resolved"));
            }
            let type_id: Option<String> = match resolution_type {
                None => None,
                Some(name) => Some(
                    call.tx
                        .query_row_cached("SELECT id FROM resolution_types WHERE name = ?1", [name], |r| r.get(0))
                        .optional()?
                        .ok_or_else(|| {
                            Error::invalid("resolution_type", "must be one of approved, excluded, corrected, expired")
                        })?,
                ),
            };
            let old = audit::row_values(call.tx, "metric_issues", &id)?;
            call.tx.execute_cached(
                "UPDATE metric_issues SET resolved_at = ?2, resolved_by = ?3, resolution_type_id = ?4, resolution_notes = ?5
                 WHERE id = ?1",
                rusqlite::params![id, call.now, call.ctx.user_id, type_id, notes],
            )?;
            let new = audit::row_values(call.tx, "metric_issues", &id)?.unwrap_or_default();
            let (o, n) = crate::rows::changed(&old.unwrap_or_default(), &new);
            let action = match resolution_type {
                Some("approved") => "data_quality.issue_approved",
                Some("excluded") => "data_quality.issue_excluded",
                _ => "data_quality.issue_resolved",
            };
            let label: Option<String> =
                call.tx.query_row_cached("SELECT 'Case #' || case_number FROM cases WHERE id = ?1", [&case_id], |r| r.get(0))?;
            audit::record(
                call,
                AuditEntry {
                    action: action.into(),
                    target_type: "metric_issues",
                    target_id: id.clone(),
                    target_label: label,
                    facility_id: Some(facility),
                    old_values: Some(o),
                    new_values: Some(n),
                    metadata: Map::new(),
                },
            )?;
            Ok(call.tx.query_row(&format!("{ISSUE_SELECT} WHERE i.id = ?1"), [&id], issue_from_row)?)
        })
    }

    /// The issues of a case (unresolved first, then resolved), if the case is visible.
    pub fn case_issues(&self, case_id: &str) -> Result<Vec<Issue>> {
        let id = values::parse_uuid("case_id", case_id)?;
        self.read(|conn, ctx| {
            ctx.case_facility(conn, &id, false)?;
            let mut stmt = conn.prepare_cached(&format!(
                "{ISSUE_SELECT} WHERE i.case_id = ?1 ORDER BY i.resolved_at IS NOT NULL, t.name, i.id"
            ))?;
            let rows = stmt.query_map([&id], issue_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
