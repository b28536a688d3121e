//! Patient flow driven by the case lifecycle (lifecycle-and-stats.md §6): check-in creation with its
//! DST-correct expected arrival, arrival refresh on schedule edits, and the forward-only patient-status
//! progression when milestones are first recorded. These are automatic side effects: not audited.
//! Escort status links (§7 of scheduling-patientflow.md) live in [`escort`].

pub mod checkin;
pub mod escort;
pub mod rules;

use crate::store::Cached;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, OptionalExtension};

use crate::access::Scope;
use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::values;

/// Default lead time (minutes before the scheduled start) when neither the procedure nor the facility sets one.
pub const DEFAULT_ARRIVAL_LEAD_MINUTES: i64 = 90;

/// The scheduled start assumed for a case without a start time.
pub const DEFAULT_START_TIME: &str = "07:00:00";

/// The patient status a milestone moves the check-in to when first recorded (§6.2).
pub fn status_for_milestone(name: &str) -> Option<&'static str> {
    match name {
        "patient_in" => Some("in_pre_op"),
        "incision" => Some("in_surgery"),
        "patient_out" => Some("in_recovery"),
        "room_cleaned" => Some("ready_for_discharge"),
        _ => None,
    }
}

/// The rank of a patient status (= its seeded display order; no_show 0).
fn rank(conn: &Connection, status_id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT display_order FROM patient_statuses WHERE id = ?1")?
        .query_row([status_id], |r| r.get(0))?)
}

/// `local_instant(scheduled_date, start_time ?? 07:00) − lead`, lead = procedure ?? facility ?? 90 minutes.
pub(crate) fn expected_arrival(conn: &Connection, case_id: &str) -> Result<Millis> {
    let (date, time, tz, lead): (String, Option<String>, String, i64) = conn
        .prepare_cached(
            "SELECT c.scheduled_date, c.start_time, f.timezone,
                    coalesce(p.arrival_lead_time_minutes, f.default_arrival_lead_time_minutes, ?2)
             FROM cases c JOIN facilities f ON f.id = c.facility_id
             LEFT JOIN procedure_types p ON p.id = c.procedure_type_id WHERE c.id = ?1",
        )?
        .query_row(rusqlite::params![case_id, DEFAULT_ARRIVAL_LEAD_MINUTES], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|_| Error::invalid("scheduled_date", "invalid"))?;
    let time = NaiveTime::parse_from_str(time.as_deref().unwrap_or(DEFAULT_START_TIME), "%H:%M:%S")
        .map_err(|_| Error::invalid("start_time", "invalid"))?;
    Ok(values::local_instant(date, time, values::timezone("timezone", &tz)?) - lead * 60_000)
}

/// Inserts the case's check-in if it has none (status `expected`); returns whether one was inserted.
pub(crate) fn ensure_checkin(conn: &Connection, case_id: &str, now: Millis) -> Result<bool> {
    let exists: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM patient_checkins WHERE case_id = ?1)")?
        .query_row([case_id], |r| r.get(0))?;
    if exists {
        return Ok(false);
    }
    let arrival = expected_arrival(conn, case_id)?;
    conn.prepare_cached(
        "INSERT INTO patient_checkins (id, facility_id, case_id, patient_id, patient_status_id, status_updated_at,
             expected_arrival_time, created_at, updated_at)
         SELECT ?1, c.facility_id, c.id, c.patient_id, s.id, ?3, ?4, ?3, ?3
         FROM cases c, patient_statuses s WHERE c.id = ?2 AND s.name = 'expected'",
    )?
    .execute(rusqlite::params![values::new_id(), case_id, now, arrival])?;
    Ok(true)
}

/// Recomputes an existing check-in's expected arrival and copies the case's patient (never its status).
pub(crate) fn refresh_checkin(conn: &Connection, case_id: &str, now: Millis) -> Result<()> {
    let arrival = expected_arrival(conn, case_id)?;
    conn.prepare_cached(
        "UPDATE patient_checkins SET expected_arrival_time = ?2,
             patient_id = (SELECT patient_id FROM cases WHERE id = ?1), updated_at = ?3
         WHERE case_id = ?1 AND (expected_arrival_time IS NOT ?2 OR patient_id IS NOT (SELECT patient_id FROM cases WHERE id = ?1))",
    )?
    .execute(rusqlite::params![case_id, arrival, now])?;
    Ok(())
}

/// Moves the check-in forward when `milestone` was first recorded (never backwards).
pub(crate) fn progress(conn: &Connection, case_id: &str, milestone: &str, by: Option<&str>, now: Millis) -> Result<()> {
    let Some(target) = status_for_milestone(milestone) else {
        return Ok(());
    };
    let current: Option<String> = conn
        .prepare_cached("SELECT patient_status_id FROM patient_checkins WHERE case_id = ?1")?
        .query_row([case_id], |r| r.get(0))
        .optional()?;
    let Some(current) = current else { return Ok(()) };
    let target_id: String =
        conn.prepare_cached("SELECT id FROM patient_statuses WHERE name = ?1")?.query_row([target], |r| r.get(0))?;
    if rank(conn, &target_id)? > rank(conn, &current)? {
        conn.prepare_cached(
            "UPDATE patient_checkins SET patient_status_id = ?2, status_updated_at = ?3, status_updated_by = ?4,
                 updated_at = ?3 WHERE case_id = ?1",
        )?
        .execute(rusqlite::params![case_id, target_id, now, by])?;
    }
    Ok(())
}

/// A case's check-in as the lifecycle maintains it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Checkin {
    /// Id.
    pub id: String,
    /// Case.
    pub case_id: String,
    /// Patient status name.
    pub patient_status: String,
    /// Expected arrival (UTC epoch ms).
    pub expected_arrival_time: Option<i64>,
    /// Last status change.
    pub status_updated_at: i64,
}

impl Scope {
    /// The check-in of a case, if it has one (`NotFound` if the case is not visible; device reps never
    /// see check-ins).
    pub fn case_checkin(&self, case_id: &str) -> Result<Option<Checkin>> {
        let id = values::parse_uuid("case_id", case_id)?;
        self.read(|conn, ctx| {
            ctx.case_facility(conn, &id, false)?;
            Ok(conn
                .query_row_cached(
                    "SELECT k.id, k.case_id, s.name, k.expected_arrival_time, k.status_updated_at
                     FROM patient_checkins k JOIN patient_statuses s ON s.id = k.patient_status_id WHERE k.case_id = ?1",
                    [&id],
                    |r| {
                        Ok(Checkin {
                            id: r.get(0)?,
                            case_id: r.get(1)?,
                            patient_status: r.get(2)?,
                            expected_arrival_time: r.get(3)?,
                            status_updated_at: r.get(4)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    /// Inserts the missing check-ins of a facility's non-draft, non-cancelled cases on `date`; returns how
    /// many were inserted (members of the facility, global admins, the system).
    pub fn ensure_checkin_records(&self, facility_id: &str, date: &str) -> Result<u64> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let date = values::date("date", date)?.format("%Y-%m-%d").to_string();
        self.write("ensure_checkin_records", |call| {
            if !call.ctx.sees_facility(&facility) {
                return Err(Error::not_found("facility_id"));
            }
            if !(call.ctx.level.is_member() || call.ctx.level.spans_facilities()) {
                return Err(Error::denied("only facility members create check-ins"));
            }
            let ids: Vec<String> = call
                .tx
                .prepare(
                    "SELECT c.id FROM cases c JOIN case_statuses s ON s.id = c.status_id
                     WHERE c.facility_id = ?1 AND c.scheduled_date = ?2 AND c.is_draft = 0 AND s.name <> 'cancelled'
                       AND NOT EXISTS (SELECT 1 FROM patient_checkins k WHERE k.case_id = c.id)",
                )?
                .query_map([&facility, &date], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in &ids {
                ensure_checkin(call.tx, id, call.now)?;
            }
            Ok(ids.len() as u64)
        })
    }
}
