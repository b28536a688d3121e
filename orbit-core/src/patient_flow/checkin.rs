//! The manual check-in workflow (scheduling-patientflow.md §6.4, §6.5): status changes with the arrival
//! stamp, escort and note edits, checklist responses and their completion, and the day's check-in board.
//!
//! Access: anyone allowed to write the case (global admins, facility admins, coordinators, users of the
//! case's facility). Device reps and anonymous callers never see check-ins (`NotFound`, as for case calls);
//! rows of other facilities are `NotFound`. The board is a facility read (`PermissionDenied` for device reps).

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value};

use super::rules::{self, BoardFilter, ChecklistField, DailyStatus};
use crate::access::matrix::{self, WriteScope};
use crate::access::{Call, Level, Scope};
use crate::audit::{self, AuditEntry};
use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::values;

/// The longest escort name, phone or relationship (characters).
pub const MAX_ESCORT_CHARS: usize = 200;

/// The longest check-in note (characters).
pub const MAX_NOTES_CHARS: usize = 2000;

/// The text columns [`Scope::update_checkin`] edits (besides `escort_notified_at`).
const TEXT_COLUMNS: [(&str, usize); 4] = [
    ("escort_name", MAX_ESCORT_CHARS),
    ("escort_phone", MAX_ESCORT_CHARS),
    ("escort_relationship", MAX_ESCORT_CHARS),
    ("notes", MAX_NOTES_CHARS),
];

/// A check-in as case writers see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckinRecord {
    /// Id.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// The facility.
    pub facility_id: String,
    /// The case's patient.
    pub patient_id: Option<String>,
    /// Patient status name (`expected`, `checked_in`, …).
    pub patient_status: String,
    /// Last status change (UTC epoch ms).
    pub status_updated_at: Millis,
    /// Who changed it last (`None` for the system or a deleted user).
    pub status_updated_by: Option<String>,
    /// Expected arrival (UTC epoch ms).
    pub expected_arrival_time: Option<Millis>,
    /// Actual arrival, stamped by the first manual `checked_in`.
    pub actual_arrival_time: Option<Millis>,
    /// When the patient was checked in.
    pub checked_in_at: Option<Millis>,
    /// Who checked the patient in.
    pub checked_in_by: Option<String>,
    /// The checklist answers, keyed by field_key.
    pub checklist_responses: Value,
    /// When the checklist was completed (cleared by any later response change).
    pub checklist_completed_at: Option<Millis>,
    /// Who completed it.
    pub checklist_completed_by: Option<String>,
    /// Escort's name.
    pub escort_name: Option<String>,
    /// Escort's phone.
    pub escort_phone: Option<String>,
    /// Escort's relationship to the patient.
    pub escort_relationship: Option<String>,
    /// When the escort was notified (UTC epoch ms).
    pub escort_notified_at: Option<Millis>,
    /// Notes.
    pub notes: Option<String>,
    /// Created (UTC epoch ms).
    pub created_at: Millis,
    /// Last change (UTC epoch ms).
    pub updated_at: Millis,
}

/// One case of the day's check-in board (§6.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckinBoardRow {
    /// The case.
    pub case_id: String,
    /// Its number.
    pub case_number: String,
    /// Facility-local `YYYY-MM-DD`.
    pub scheduled_date: String,
    /// `HH:MM:SS` start time.
    pub start_time: Option<String>,
    /// Room.
    pub or_room_id: Option<String>,
    /// Surgeon.
    pub surgeon_id: Option<String>,
    /// Procedure type.
    pub procedure_type_id: Option<String>,
    /// The check-in (`None` when the case has none: `daily_status` = `no_record`).
    pub checkin_id: Option<String>,
    /// Patient status name.
    pub patient_status: Option<String>,
    /// Expected arrival (UTC epoch ms).
    pub expected_arrival_time: Option<Millis>,
    /// Actual arrival (UTC epoch ms).
    pub actual_arrival_time: Option<Millis>,
    /// When the patient was checked in.
    pub checked_in_at: Option<Millis>,
    /// When the checklist was completed.
    pub checklist_completed_at: Option<Millis>,
    /// `no_record` | `complete` | `checked_in` | `pending`.
    pub daily_status: DailyStatus,
    /// Late against the expected arrival at the library clock's reading.
    pub is_late: bool,
}

const RECORD_SQL: &str = "SELECT k.id, k.case_id, k.facility_id, k.patient_id, s.name, k.status_updated_at,
        k.status_updated_by, k.expected_arrival_time, k.actual_arrival_time, k.checked_in_at, k.checked_in_by,
        k.checklist_responses, k.checklist_completed_at, k.checklist_completed_by, k.escort_name, k.escort_phone,
        k.escort_relationship, k.escort_notified_at, k.notes, k.created_at, k.updated_at
    FROM patient_checkins k JOIN patient_statuses s ON s.id = k.patient_status_id WHERE k.id = ?1";

fn record_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CheckinRecord> {
    let responses: String = r.get(11)?;
    Ok(CheckinRecord {
        id: r.get(0)?,
        case_id: r.get(1)?,
        facility_id: r.get(2)?,
        patient_id: r.get(3)?,
        patient_status: r.get(4)?,
        status_updated_at: r.get(5)?,
        status_updated_by: r.get(6)?,
        expected_arrival_time: r.get(7)?,
        actual_arrival_time: r.get(8)?,
        checked_in_at: r.get(9)?,
        checked_in_by: r.get(10)?,
        checklist_responses: serde_json::from_str(&responses).unwrap_or_else(|_| Value::Object(Map::new())),
        checklist_completed_at: r.get(12)?,
        checklist_completed_by: r.get(13)?,
        escort_name: r.get(14)?,
        escort_phone: r.get(15)?,
        escort_relationship: r.get(16)?,
        escort_notified_at: r.get(17)?,
        notes: r.get(18)?,
        created_at: r.get(19)?,
        updated_at: r.get(20)?,
    })
}

fn load(conn: &Connection, id: &str) -> Result<Option<CheckinRecord>> {
    Ok(conn.prepare_cached(RECORD_SQL)?.query_row([id], record_from_row).optional()?)
}

/// The check-in when the call's context may write its case: `NotFound` for rows it does not see (other
/// facilities, device reps, anonymous), `PermissionDenied` for levels that cannot write cases.
fn load_for_write(call: &Call<'_>, checkin_id: &str) -> Result<CheckinRecord> {
    let record = load(call.tx, checkin_id)?
        .filter(|r| call.ctx.sees_facility(&r.facility_id) && call.ctx.level != Level::DeviceRep)
        .ok_or_else(|| Error::not_found("checkin_id"))?;
    match matrix::write_scope("patient_checkins", call.ctx.level) {
        WriteScope::All | WriteScope::OwnFacility => Ok(record),
        _ => Err(Error::denied("this access level cannot change check-ins")),
    }
}

fn reload(call: &Call<'_>, id: &str) -> Result<CheckinRecord> {
    load(call.tx, id)?.ok_or_else(|| Error::not_found("checkin_id"))
}

/// The facility's checklist fields, active and archived, by display order then key.
fn checklist_fields(conn: &Connection, facility_id: &str) -> Result<Vec<ChecklistField>> {
    let mut stmt = conn.prepare_cached(
        "SELECT field_key, field_type, options, is_required, (is_active = 1 AND deleted_at IS NULL)
         FROM preop_checklist_fields WHERE facility_id = ?1 ORDER BY display_order, field_key",
    )?;
    let rows = stmt.query_map([facility_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get(3)?, r.get(4)?))
    })?;
    rows.map(|row| {
        let (field_key, field_type, options, is_required, is_active) = row?;
        let options = options.and_then(|o| serde_json::from_str::<Vec<String>>(&o).ok()).unwrap_or_default();
        Ok(ChecklistField { field_key, field_type: field_type.parse()?, options, is_required, is_active })
    })
    .collect()
}

fn case_number(conn: &Connection, case_id: &str) -> Result<String> {
    Ok(conn.prepare_cached("SELECT case_number FROM cases WHERE id = ?1")?.query_row([case_id], |r| r.get(0))?)
}

/// An `update_checkin` value: the column's new value as stored, and its audit form.
fn edit_value(key: &str, value: &Value) -> Result<(rusqlite::types::Value, Value)> {
    use rusqlite::types::Value as Sql;
    if key == "escort_notified_at" {
        return match value {
            Value::Null => Ok((Sql::Null, Value::Null)),
            v => {
                let ms = values::json_i64(v)
                    .ok_or_else(|| Error::invalid(key, "must be null or an instant (UTC epoch milliseconds)"))?;
                Ok((Sql::Integer(ms), Value::String(values::rfc3339_ms(ms))))
            }
        };
    }
    let Some((_, max)) = TEXT_COLUMNS.iter().find(|(c, _)| *c == key) else {
        return Err(Error::invalid(
            key,
            "is not an editable check-in field (escort_name, escort_phone, escort_relationship, escort_notified_at, \
             notes)",
        ));
    };
    let text = match value {
        Value::Null => None,
        Value::String(s) => values::text(key, Some(s), *max)?,
        _ => return Err(Error::invalid(key, "must be null or a string")),
    };
    Ok(match text {
        Some(s) => (Sql::Text(s.clone()), Value::String(s)),
        None => (Sql::Null, Value::Null),
    })
}

/// The current value of an editable column, in the stored and audit forms of [`edit_value`].
fn current_value(record: &CheckinRecord, key: &str) -> (rusqlite::types::Value, Value) {
    use rusqlite::types::Value as Sql;
    let text = |v: &Option<String>| match v {
        Some(s) => (Sql::Text(s.clone()), Value::String(s.clone())),
        None => (Sql::Null, Value::Null),
    };
    match key {
        "escort_name" => text(&record.escort_name),
        "escort_phone" => text(&record.escort_phone),
        "escort_relationship" => text(&record.escort_relationship),
        "notes" => text(&record.notes),
        _ => match record.escort_notified_at {
            Some(ms) => (Sql::Integer(ms), Value::String(values::rfc3339_ms(ms))),
            None => (Sql::Null, Value::Null),
        },
    }
}

impl Scope {
    /// Sets the patient status of check-in `checkin_id` by name (§6.4, any status may be chosen) and returns
    /// the check-in. Stamps status_updated_at/by; the first `checked_in` of a patient without an arrival also
    /// stamps actual_arrival_time = checked_in_at = now and checked_in_by. The current status again writes
    /// nothing. Not audited (like the automatic progression).
    pub fn set_patient_status(&self, checkin_id: &str, status: &str) -> Result<CheckinRecord> {
        let id = values::parse_uuid("checkin_id", checkin_id)?;
        self.write("set_patient_status", |call| {
            let record = load_for_write(call, &id)?;
            let status_id: String = call
                .tx
                .prepare_cached("SELECT id FROM patient_statuses WHERE name = ?1")?
                .query_row([status], |r| r.get(0))
                .optional()?
                .ok_or_else(|| {
                    Error::invalid(
                        "status",
                        "must be a patient status name (expected, checked_in, in_pre_op, ready_for_or, in_surgery, \
                         in_recovery, ready_for_discharge, discharged, no_show)",
                    )
                })?;
            if record.patient_status == status {
                return Ok(record);
            }
            call.tx
                .prepare_cached(
                    "UPDATE patient_checkins SET patient_status_id = ?2, status_updated_at = ?3, status_updated_by = ?4,
                         updated_at = ?3 WHERE id = ?1",
                )?
                .execute(rusqlite::params![id, status_id, call.now, call.ctx.user_id])?;
            if status == "checked_in" && record.actual_arrival_time.is_none() {
                call.tx
                    .prepare_cached(
                        "UPDATE patient_checkins SET actual_arrival_time = ?2, checked_in_at = ?2, checked_in_by = ?3
                         WHERE id = ?1",
                    )?
                    .execute(rusqlite::params![id, call.now, call.ctx.user_id])?;
            }
            reload(call, &id)
        })
    }

    /// Edits the escort and note columns of check-in `checkin_id` (§6.4): `fields` may hold only
    /// `escort_name`, `escort_phone`, `escort_relationship` (strings up to [`MAX_ESCORT_CHARS`]), `notes` (up
    /// to [`MAX_NOTES_CHARS`]) and `escort_notified_at` (epoch ms); null or an empty string clears a column.
    /// Audited as `patient_checkins.updated` labelled with the case number; nothing is written when no value
    /// changes.
    pub fn update_checkin(&self, checkin_id: &str, fields: &Map<String, Value>) -> Result<CheckinRecord> {
        let id = values::parse_uuid("checkin_id", checkin_id)?;
        self.write("update_checkin", |call| {
            let record = load_for_write(call, &id)?;
            let mut old_values = Map::new();
            let mut new_values = Map::new();
            let mut sets = Vec::new();
            let mut params: Vec<rusqlite::types::Value> = vec![id.clone().into(), call.now.into()];
            for (key, value) in fields {
                let (sql, audit_form) = edit_value(key, value)?;
                let (old_sql, old_audit) = current_value(&record, key);
                if sql == old_sql {
                    continue;
                }
                params.push(sql);
                sets.push(format!("{key} = ?{}", params.len()));
                old_values.insert(key.clone(), old_audit);
                new_values.insert(key.clone(), audit_form);
            }
            if sets.is_empty() {
                return Ok(record);
            }
            call.tx.execute(
                &format!("UPDATE patient_checkins SET {}, updated_at = ?2 WHERE id = ?1", sets.join(", ")),
                rusqlite::params_from_iter(params),
            )?;
            let entry = AuditEntry {
                action: "patient_checkins.updated".into(),
                target_type: "patient_checkins",
                target_id: id.clone(),
                target_label: Some(case_number(call.tx, &record.case_id)?),
                facility_id: Some(record.facility_id.clone()),
                old_values: Some(old_values),
                new_values: Some(new_values),
                metadata: Map::new(),
            };
            audit::record(call, entry)?;
            reload(call, &id)
        })
    }

    /// Replaces the checklist responses of check-in `checkin_id` after validating them against the
    /// facility's checklist fields, active and archived (§6.5; `InvalidInput` naming the key, nothing
    /// written). A change clears checklist_completed_at/by; the same responses again write nothing.
    pub fn set_checklist_responses(&self, checkin_id: &str, responses: &Value) -> Result<CheckinRecord> {
        let id = values::parse_uuid("checkin_id", checkin_id)?;
        self.write("set_checklist_responses", |call| {
            let record = load_for_write(call, &id)?;
            let fields = checklist_fields(call.tx, &record.facility_id)?;
            let responses = Value::Object(rules::validate_responses(&fields, responses)?);
            if responses == record.checklist_responses {
                return Ok(record);
            }
            call.tx
                .prepare_cached(
                    "UPDATE patient_checkins SET checklist_responses = ?2, checklist_completed_at = NULL,
                         checklist_completed_by = NULL, updated_at = ?3 WHERE id = ?1",
                )?
                .execute(rusqlite::params![id, responses.to_string(), call.now])?;
            reload(call, &id)
        })
    }

    /// Marks the checklist of check-in `checkin_id` complete (checklist_completed_at/by) when every active
    /// required field is answered, else `InvalidInput` naming the missing keys. An already completed
    /// checklist keeps its first completion (nothing written).
    pub fn complete_checklist(&self, checkin_id: &str) -> Result<CheckinRecord> {
        let id = values::parse_uuid("checkin_id", checkin_id)?;
        self.write("complete_checklist", |call| {
            let record = load_for_write(call, &id)?;
            let fields = checklist_fields(call.tx, &record.facility_id)?;
            let empty = Map::new();
            let responses = record.checklist_responses.as_object().unwrap_or(&empty);
            let missing = rules::missing_required(&fields, responses);
            if !missing.is_empty() {
                return Err(Error::invalid(
                    "checklist_responses",
                    format!("required fields are unanswered: {}", missing.join(", ")),
                ));
            }
            if record.checklist_completed_at.is_some() {
                return Ok(record);
            }
            call.tx
                .prepare_cached(
                    "UPDATE patient_checkins SET checklist_completed_at = ?2, checklist_completed_by = ?3,
                         updated_at = ?2 WHERE id = ?1",
                )?
                .execute(rusqlite::params![id, call.now, call.ctx.user_id])?;
            reload(call, &id)
        })
    }

    /// The check-in board of facility `facility_id` on `date` (§6.4): its non-draft, non-cancelled cases with
    /// their check-in state, derived `daily_status` and `is_late` at the library clock's reading, ordered by
    /// expected arrival, start time and case number. `filter`: all (default), expected, checked_in,
    /// in_pre_op, ready_for_or, completed. Members of the facility and global admins (device reps:
    /// `PermissionDenied`).
    pub fn checkin_board(&self, facility_id: &str, date: &str, filter: Option<&str>) -> Result<Vec<CheckinBoardRow>> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let date = values::date("date", date)?.format("%Y-%m-%d").to_string();
        let filter: BoardFilter = filter.map(str::parse).transpose()?.unwrap_or(BoardFilter::All);
        let now = self.now_ms();
        self.read(|conn, ctx| {
            ctx.check_member_read(conn, &facility, "check-in boards")?;
            let mut stmt = conn.prepare_cached(
                "SELECT c.id, c.case_number, c.scheduled_date, c.start_time, c.or_room_id, c.surgeon_id,
                        c.procedure_type_id, k.id, ps.name, k.expected_arrival_time, k.actual_arrival_time,
                        k.checked_in_at, k.checklist_completed_at
                 FROM cases c JOIN case_statuses s ON s.id = c.status_id
                 LEFT JOIN patient_checkins k ON k.case_id = c.id
                 LEFT JOIN patient_statuses ps ON ps.id = k.patient_status_id
                 WHERE c.facility_id = ?1 AND c.scheduled_date = ?2 AND c.is_draft = 0 AND s.name <> 'cancelled'
                 ORDER BY k.expected_arrival_time IS NULL, k.expected_arrival_time, c.start_time IS NULL,
                          c.start_time, c.case_number, c.id",
            )?;
            let rows = stmt.query_map([&facility, &date], |r| {
                let checkin_id: Option<String> = r.get(7)?;
                let patient_status: Option<String> = r.get(8)?;
                let expected_arrival_time: Option<Millis> = r.get(9)?;
                let actual_arrival_time: Option<Millis> = r.get(10)?;
                let checked_in_at: Option<Millis> = r.get(11)?;
                let checklist_completed_at: Option<Millis> = r.get(12)?;
                let daily_status = rules::daily_status(
                    checkin_id.as_ref().map(|_| (checklist_completed_at.is_some(), checked_in_at.is_some())),
                );
                let is_late = patient_status
                    .as_deref()
                    .is_some_and(|s| rules::is_late(s, expected_arrival_time, actual_arrival_time, now));
                Ok(CheckinBoardRow {
                    case_id: r.get(0)?,
                    case_number: r.get(1)?,
                    scheduled_date: r.get(2)?,
                    start_time: r.get(3)?,
                    or_room_id: r.get(4)?,
                    surgeon_id: r.get(5)?,
                    procedure_type_id: r.get(6)?,
                    checkin_id,
                    patient_status,
                    expected_arrival_time,
                    actual_arrival_time,
                    checked_in_at,
                    checklist_completed_at,
                    daily_status,
                    is_late,
                })
            })?;
            let rows: Vec<CheckinBoardRow> = rows.collect::<rusqlite::Result<_>>()?;
            Ok(rows.into_iter().filter(|r| filter.accepts(r.patient_status.as_deref())).collect())
        })
    }
}
