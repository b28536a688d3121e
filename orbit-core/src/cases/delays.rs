//! Case delays (flags.md §8; lifecycle-and-stats.md §2.4): each report writes one `case_delays` row and its
//! `case_flags` delay row in one transaction; note edits and deletes keep the pair in sync. No status
//! change, history, detection, stats or neighbours.

use crate::store::Cached;
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::{check_case_ref, load_for_write};
use crate::access::Scope;
use crate::audit::{self, AuditEntry};
use crate::error::{Error, ErrorKind, Result};
use crate::values::{self, MAX_TEXT_CHARS};

/// A reported delay (the `case_delays` row and its flag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseDelay {
    /// `case_delays.id`.
    pub id: String,
    /// The paired `case_flags` row.
    pub flag_id: String,
    /// Case.
    pub case_id: String,
    /// Delay type.
    pub delay_type_id: String,
    /// Delay type display name (the flag's label).
    pub label: String,
    /// Minutes, if given.
    pub duration_minutes: Option<i64>,
    /// Note.
    pub note: Option<String>,
    /// The milestone it was reported at.
    pub facility_milestone_id: Option<String>,
    /// When reported.
    pub recorded_at: i64,
}

const DELAY_SELECT: &str = "SELECT d.id, f.id, d.case_id, d.delay_type_id, t.display_name, d.duration_minutes, d.notes,
    f.facility_milestone_id, d.recorded_at
    FROM case_delays d JOIN case_flags f ON f.case_delay_id = d.id JOIN delay_types t ON t.id = d.delay_type_id";

fn delay_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseDelay> {
    Ok(CaseDelay {
        id: r.get(0)?,
        flag_id: r.get(1)?,
        case_id: r.get(2)?,
        delay_type_id: r.get(3)?,
        label: r.get(4)?,
        duration_minutes: r.get(5)?,
        note: r.get(6)?,
        facility_milestone_id: r.get(7)?,
        recorded_at: r.get(8)?,
    })
}

/// The case of delay `id`, checked for writing (a delay of an invisible case is `NotFound`, like a
/// nonexistent one).
fn delay_case(call: &crate::access::Call<'_>, id: &str) -> Result<crate::cases::history::CaseState> {
    let case: String = call
        .tx
        .query_row_cached("SELECT case_id FROM case_delays WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found("delay_id"))?;
    let (_, state) = load_for_write(call, &case).map_err(|e| match e.kind() {
        ErrorKind::NotFound => Error::not_found("delay_id"),
        _ => e,
    })?;
    Ok(state)
}

impl Scope {
    /// Reports a delay on a non-draft case of the caller's facility.
    pub fn report_case_delay(
        &self,
        case_id: &str,
        delay_type_id: &str,
        duration_minutes: Option<i64>,
        note: Option<&str>,
        facility_milestone_id: Option<&str>,
    ) -> Result<CaseDelay> {
        let note = values::text("note", note, MAX_TEXT_CHARS)?;
        if duration_minutes.is_some_and(|d| d < 0) {
            return Err(Error::invalid("duration_minutes", "must be ≥ 0"));
        }
        self.write("report_case_delay", |call| {
            let (case, state) = load_for_write(call, case_id)?;
            if state.is_draft {
                return Err(Error::new(ErrorKind::CaseIsDraft, "the case is a draft"));
            }
            let delay_type = check_case_ref(call.tx, &state.facility_id, "delay_type_id", "delay_types", delay_type_id)?;
            let milestone = match facility_milestone_id {
                None => None,
                Some(m) => {
                    let m = values::parse_uuid("facility_milestone_id", m)?;
                    let ok: bool = call.tx.query_row_cached(
                        "SELECT EXISTS (SELECT 1 FROM facility_milestones WHERE id = ?1 AND facility_id = ?2)",
                        [&m, &state.facility_id],
                        |r| r.get(0),
                    )?;
                    if !ok {
                        return Err(Error::not_found("facility_milestone_id"));
                    }
                    Some(m)
                }
            };
            let id = values::new_id();
            call.tx.execute_cached(
                "INSERT INTO case_delays (id, case_id, delay_type_id, notes, duration_minutes, recorded_at, recorded_by,
                     created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6)",
                rusqlite::params![id, case, delay_type, note, duration_minutes, call.now, call.ctx.user_id],
            )?;
            call.tx.execute_cached(
                "INSERT INTO case_flags (id, facility_id, case_id, flag_type, delay_type_id, case_delay_id, duration_minutes,
                     severity, note, created_by, facility_milestone_id, created_at)
                 VALUES (?1, ?2, ?3, 'delay', ?4, ?5, ?6, 'warning', ?7, ?8, ?9, ?10)",
                rusqlite::params![
                    values::new_id(),
                    state.facility_id,
                    case,
                    delay_type,
                    id,
                    duration_minutes,
                    note,
                    call.ctx.user_id,
                    milestone,
                    call.now
                ],
            )?;
            audit::record(
                call,
                AuditEntry {
                    action: "delay.added".into(),
                    target_type: "case_delays",
                    target_id: id.clone(),
                    target_label: Some(format!("Delay on Case #{}", state.case_number)),
                    facility_id: Some(state.facility_id.clone()),
                    new_values: audit::row_values(call.tx, "case_delays", &id)?,
                    ..AuditEntry::default()
                },
            )?;
            Ok(call.tx.query_row(&format!("{DELAY_SELECT} WHERE d.id = ?1"), [&id], delay_from_row)?)
        })
    }

    /// Edits a delay's note (mirrored on its flag); the only editable field.
    pub fn update_case_delay_note(&self, delay_id: &str, note: Option<&str>) -> Result<CaseDelay> {
        let note = values::text("note", note, MAX_TEXT_CHARS)?;
        let id = values::parse_uuid("delay_id", delay_id)?;
        self.write("update_case_delay_note", |call| {
            let state = delay_case(call, &id)?;
            let old = audit::row_values(call.tx, "case_delays", &id)?;
            let n = call.tx.execute_cached(
                "UPDATE case_delays SET notes = ?2 WHERE id = ?1 AND notes IS NOT ?2",
                rusqlite::params![id, note],
            )?;
            if n > 0 {
                call.tx.execute_cached(
                    "UPDATE case_flags SET note = ?2 WHERE case_delay_id = ?1",
                    rusqlite::params![id, note],
                )?;
                let label = Some(format!("Delay on Case #{}", state.case_number));
                audit::row_change(call, "case_delays", "updated", &id, label, Some(state.facility_id.clone()), old)?;
            }
            Ok(call.tx.query_row(&format!("{DELAY_SELECT} WHERE d.id = ?1"), [&id], delay_from_row)?)
        })
    }

    /// Deletes a delay and its flag.
    pub fn delete_case_delay(&self, delay_id: &str) -> Result<()> {
        let id = values::parse_uuid("delay_id", delay_id)?;
        self.write("delete_case_delay", |call| {
            let state = delay_case(call, &id)?;
            let old = audit::row_values(call.tx, "case_delays", &id)?;
            // The flag goes with its delay (ON DELETE CASCADE).
            call.tx.execute_cached("DELETE FROM case_delays WHERE id = ?1", [&id])?;
            audit::record(
                call,
                AuditEntry {
                    action: "delay.deleted".into(),
                    target_type: "case_delays",
                    target_id: id.clone(),
                    target_label: Some(format!("Delay on Case #{}", state.case_number)),
                    facility_id: Some(state.facility_id.clone()),
                    old_values: old,
                    ..AuditEntry::default()
                },
            )
        })
    }

    /// The delays of a case, oldest first.
    pub fn case_delays(&self, case_id: &str) -> Result<Vec<CaseDelay>> {
        let id = values::parse_uuid("case_id", case_id)?;
        self.read(|conn, ctx| {
            ctx.case_facility(conn, &id, false)?;
            let mut stmt =
                conn.prepare_cached(&format!("{DELAY_SELECT} WHERE d.case_id = ?1 ORDER BY d.recorded_at, d.id"))?;
            let rows = stmt.query_map([&id], delay_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
