//! The operational KPIs in the store (financials-kpis.md §0.3, §7–8): the loader of a facility's case rows,
//! rooms and settings, and the query calls on [`Scope`].
//!
//! Access (§0.3): members of the facility and global admins; device reps and anonymous callers are refused
//! (`PermissionDenied`), facilities the caller does not see are `NotFound`.
//!
//! The loader reads the cases of the previous period through the reported one in one pass, with their
//! recorded milestones of the ten names §7.2 maps (the case's rows of the covering milestone index, in the
//! index's own order so a case's rows arrive together); statuses, rooms, surgeons, procedures and expected
//! durations come from small side reads. The engine applies the case-set rules itself (drafts, exclusions,
//! cancellations), so every case of the dates is loaded.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use rustc_hash::FxHashMap as HashMap;

use crate::access::Scope;
use crate::clock::Millis;
use crate::error::Error;
use crate::error::Result;
use crate::kpis::blocks::block_utilization;
use crate::kpis::engine::facility_kpis;
use crate::kpis::model::{
    BlockInputs, BlockUtilization, ClosingWorkflow, FacilityKpis, FcotsMilestone, KpiCase, KpiFilter, KpiInput,
    KpiRoom, KpiSettings, MILESTONE_NAMES, SurgeonRef,
};
use crate::rows::text;
use crate::scheduling::store::{
    MAX_RANGE_DAYS, load_blocks, load_closures, load_holidays, load_room_schedules, load_rooms,
};
use crate::scheduling::{Calendar, DateRange, FacilitySchedule, RoomAvailability, available_time, expand_blocks};
use crate::scoring::{FacilityScore, Period};
use crate::values;

/// The facility's KPI settings: its `facility_analytics_settings` row, else the defaults.
pub(crate) fn settings(conn: &Connection, facility: &str) -> Result<KpiSettings> {
    let row = conn
        .prepare_cached(
            "SELECT fcots_milestone, fcots_grace_minutes, fcots_target_percent, turnover_threshold_minutes,
                    turnover_compliance_target_percent, turnover_target_same_surgeon, turnover_target_flip_room,
                    utilization_target_percent, cancellation_target_percent, tardiness_target_minutes,
                    non_op_warn_minutes, non_op_bad_minutes, idle_combined_target_minutes, idle_flip_target_minutes,
                    idle_same_room_target_minutes, behind_schedule_grace_minutes
             FROM facility_analytics_settings WHERE facility_id = ?1",
        )?
        .query_row([facility], |r| {
            let mut v = [0.0; 14];
            for (i, slot) in v.iter_mut().enumerate() {
                *slot = r.get(i + 1)?;
            }
            Ok((r.get::<_, String>(0)?, v, r.get::<_, i64>(15)?))
        })
        .optional()?;
    let Some((milestone, v, behind_grace)) = row else { return Ok(KpiSettings::default()) };
    Ok(KpiSettings {
        fcots_milestone: milestone.parse::<FcotsMilestone>()?,
        fcots_grace_minutes: v[0],
        fcots_target_percent: v[1],
        turnover_threshold_minutes: v[2],
        turnover_compliance_target_percent: v[3],
        turnover_target_same_surgeon: v[4],
        turnover_target_flip_room: v[5],
        utilization_target_percent: v[6],
        cancellation_target_percent: v[7],
        tardiness_target_minutes: v[8],
        non_op_warn_minutes: v[9],
        non_op_bad_minutes: v[10],
        idle_combined_target_minutes: v[11],
        idle_flip_target_minutes: v[12],
        idle_same_room_target_minutes: v[13],
        behind_schedule_grace_minutes: behind_grace,
    })
}

/// The facility's rooms (archived ones included, for capacity), with whether each has a saved week.
pub(crate) fn rooms(conn: &Connection, facility: &str) -> Result<Vec<KpiRoom>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.id, r.name, r.display_order, r.available_hours, r.is_active = 1 AND r.deleted_at IS NULL,
                    EXISTS (SELECT 1 FROM room_schedules s WHERE s.or_room_id = r.id)
             FROM or_rooms r WHERE r.facility_id = ?1 ORDER BY r.display_order, r.name, r.id",
        )?
        .query_map([facility], |r| {
            Ok(KpiRoom {
                id: r.get(0)?,
                name: r.get(1)?,
                display_order: r.get(2)?,
                available_hours: r.get(3)?,
                is_active: r.get(4)?,
                has_saved_week: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Small id → attributes maps of the facility.
struct Side {
    statuses: HashMap<String, String>,
    rooms: HashMap<String, (String, i64)>,
    surgeons: HashMap<String, (String, String, ClosingWorkflow, i64)>,
    procedures: HashMap<String, (String, Option<f64>)>,
    durations: HashMap<(String, String), f64>,
    milestones: HashMap<String, &'static str>,
}

fn side(conn: &Connection, facility: &str) -> Result<Side> {
    let statuses = conn
        .prepare_cached("SELECT id, name FROM case_statuses")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let rooms = conn
        .prepare_cached("SELECT id, name, display_order FROM or_rooms WHERE facility_id = ?1")?
        .query_map([facility], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let mut surgeons = HashMap::default();
    let mut stmt = conn.prepare_cached(
        "SELECT id, first_name, last_name, closing_workflow, closing_handoff_minutes FROM users WHERE facility_id = ?1",
    )?;
    let mut rows = stmt.query([facility])?;
    while let Some(r) = rows.next()? {
        let workflow: String = r.get(3)?;
        surgeons.insert(r.get(0)?, (r.get(1)?, r.get(2)?, workflow.parse::<ClosingWorkflow>()?, r.get(4)?));
    }
    let procedures = conn
        .prepare_cached("SELECT id, name, expected_duration_minutes FROM procedure_types WHERE facility_id = ?1")?
        .query_map([facility], |r| Ok((r.get(0)?, (r.get(1)?, r.get::<_, Option<i64>>(2)?.map(|m| m as f64)))))?
        .collect::<rusqlite::Result<_>>()?;
    let durations = conn
        .prepare_cached(
            "SELECT surgeon_id, procedure_type_id, expected_duration_minutes FROM surgeon_procedure_duration
             WHERE facility_id = ?1 AND is_active = 1 AND deleted_at IS NULL",
        )?
        .query_map([facility], |r| Ok(((r.get(0)?, r.get(1)?), r.get::<_, i64>(2)? as f64)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut milestones = HashMap::default();
    for name in MILESTONE_NAMES {
        let id: Option<String> = conn
            .prepare_cached("SELECT id FROM facility_milestones WHERE facility_id = ?1 AND name = ?2")?
            .query_row([facility, name], |r| r.get(0))
            .optional()?;
        milestones.extend(id.map(|id| (id, name)));
    }
    Ok(Side { statuses, rooms, surgeons, procedures, durations, milestones })
}

/// Every case of `facility` dated in `dates`, with its milestones (§7.1–7.2), by date.
pub(crate) fn load_cases(conn: &Connection, facility: &str, dates: Period) -> Result<Vec<KpiCase>> {
    let side = side(conn, facility)?;
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.case_number, c.scheduled_date, c.start_time, c.status_id, c.is_draft, c.is_excluded_from_metrics,
                c.or_room_id, c.surgeon_id, c.procedure_type_id, c.surgeon_left_at, c.cancelled_at,
                cm.facility_milestone_id, cm.recorded_at
         FROM cases c
         LEFT JOIN case_milestones cm ON cm.case_id = c.id AND cm.recorded_at IS NOT NULL
         WHERE c.facility_id = ?1 AND c.scheduled_date BETWEEN ?2 AND ?3
         ORDER BY c.scheduled_date, c.rowid",
    )?;
    let mut rows = stmt.query([facility, &dates.start.to_string(), &dates.end.to_string()])?;
    let mut cases: Vec<KpiCase> = Vec::new();
    let mut date = (String::new(), NaiveDate::default());
    while let Some(r) = rows.next()? {
        let id = text(r, 0)?.unwrap_or_default();
        if cases.last().is_none_or(|last| last.id != id) {
            let day = text(r, 2)?.unwrap_or_default();
            if date.0 != day {
                date = (day.to_string(), values::date("scheduled_date", day)?);
            }
            let room: Option<String> = r.get(7)?;
            let surgeon: Option<String> = r.get(8)?;
            let procedure: Option<String> = r.get(9)?;
            let room_row = room.as_ref().and_then(|id| side.rooms.get(id));
            let surgeon_row = surgeon.as_ref().and_then(|id| side.surgeons.get(id));
            let procedure_row = procedure.as_ref().and_then(|id| side.procedures.get(id));
            let expected = match (&surgeon, &procedure) {
                (Some(s), Some(p)) => side.durations.get(&(s.clone(), p.clone())).copied(),
                _ => None,
            }
            .or_else(|| procedure_row.and_then(|p| p.1));
            cases.push(KpiCase {
                id: id.to_string(),
                case_number: r.get(1)?,
                scheduled_date: date.1,
                start_time: r.get(3)?,
                status: text(r, 4)?.and_then(|s| side.statuses.get(s)).cloned().unwrap_or_default(),
                is_draft: r.get(5)?,
                is_excluded: r.get(6)?,
                room_name: room_row.map(|x| x.0.clone()),
                room_display_order: room_row.map_or(0, |x| x.1),
                or_room_id: room,
                surgeon_first_name: surgeon_row.map(|x| x.0.clone()),
                surgeon_last_name: surgeon_row.map(|x| x.1.clone()),
                closing_workflow: surgeon_row.map(|x| x.2).unwrap_or_default(),
                closing_handoff_minutes: surgeon_row.map_or(0, |x| x.3),
                surgeon_id: surgeon,
                procedure_name: procedure_row.map(|x| x.0.clone()),
                procedure_type_id: procedure,
                expected_duration_minutes: expected,
                surgeon_left_at: r.get(10)?,
                cancelled_at: r.get(11)?,
                ..KpiCase::default()
            });
        }
        let Some(name) = text(r, 12)?.and_then(|m| side.milestones.get(m)) else { continue };
        let at: Millis = r.get(13)?;
        if let Some(c) = cases.last_mut() {
            c.set_milestone(name, Some(at));
        }
    }
    Ok(cases)
}

/// Loads the inputs of `period` and computes every KPI.
fn compute(conn: &Connection, facility: &str, period: Period, filter: KpiFilter) -> Result<FacilityKpis> {
    let settings = settings(conn, facility)?;
    let tz: String = conn.query_row("SELECT timezone FROM facilities WHERE id = ?1", [facility], |r| r.get(0))?;
    let cases = load_cases(conn, facility, period.with_previous())?;
    let rooms = rooms(conn, facility)?;
    let input = KpiInput::new(&cases, &settings, values::timezone("timezone", &tz)?, period).with_filter(filter);
    Ok(facility_kpis(&input, &rooms))
}

/// The names (`Dr. <last>`) of the surgeons with a block in the facility.
fn block_surgeon_names(conn: &Connection, facility: &str) -> Result<Vec<SurgeonRef>> {
    Ok(conn
        .prepare_cached(
            "SELECT DISTINCT u.id, u.last_name FROM block_schedules b JOIN users u ON u.id = b.surgeon_id
             WHERE b.facility_id = ?1 ORDER BY u.id",
        )?
        .query_map([facility], |r| {
            Ok(SurgeonRef {
                surgeon_id: r.get(0)?,
                surgeon_name: crate::scoring::engine::surgeon_name(&r.get::<_, String>(1)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Each procedure's default reimbursement (payer NULL, cents) active on `date` (§8.13 step 5, D-K9): the
/// latest row with effective_date ≤ date (ties: created_at, id), as the cost function resolves it.
fn default_reimbursements(conn: &Connection, facility: &str, date: NaiveDate) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT procedure_type_id, reimbursement FROM procedure_reimbursements
         WHERE facility_id = ?1 AND payer_id IS NULL AND effective_date <= ?2
         ORDER BY procedure_type_id, effective_date DESC, created_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([facility, &date.to_string()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out: Vec<(String, i64)> = Vec::new();
    for row in rows {
        let (procedure, amount) = row?;
        if out.last().is_none_or(|last| last.0 != procedure) {
            out.push((procedure, amount));
        }
    }
    Ok(out)
}

/// Loads the case rows of `period` and the scheduling engine's block occurrences and room open hours, and
/// computes §8.13.
fn compute_blocks(conn: &Connection, facility: &str, period: Period, filter: KpiFilter) -> Result<BlockUtilization> {
    let range = DateRange::new(period.start, period.end)?;
    if range.num_days() > MAX_RANGE_DAYS {
        return Err(Error::invalid("end_date", format!("the range must span at most {MAX_RANGE_DAYS} days")));
    }
    let settings = settings(conn, facility)?;
    let (tz, rate): (String, Option<i64>) =
        conn.query_row("SELECT timezone, or_hourly_rate FROM facilities WHERE id = ?1", [facility], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let cases = load_cases(conn, facility, period)?;
    let kpi_rooms = rooms(conn, facility)?;
    let schedule_rooms = load_rooms(conn, facility)?;
    let room_schedules = load_room_schedules(conn, facility)?;
    let blocks = load_blocks(conn, facility, None, None)?;
    let closures = load_closures(conn, facility)?;
    let holidays = load_holidays(conn, facility)?;
    let calendar = Calendar { closures: &closures, holidays: &holidays };
    let occurrences = expand_blocks(&blocks, calendar, range);
    let schedule =
        FacilitySchedule { calendar, rooms: &schedule_rooms, room_schedules: &room_schedules, blocks: &blocks };
    let room_days: Vec<RoomAvailability> = available_time(&schedule, range)
        .into_iter()
        .flat_map(|day| {
            day.rooms.into_iter().map(move |r| RoomAvailability {
                or_room_id: r.or_room_id,
                date: day.date,
                open_time: r.open_time,
                close_time: r.close_time,
                available_minutes: r.available_minutes,
            })
        })
        .collect();
    let names = block_surgeon_names(conn, facility)?;
    let reimbursements = default_reimbursements(conn, facility, period.end)?;
    let inputs = BlockInputs {
        occurrences: &occurrences,
        room_days: &room_days,
        rooms: &kpi_rooms,
        surgeon_names: &names,
        default_reimbursements: &reimbursements,
        or_hourly_rate: rate,
    };
    let input = KpiInput::new(&cases, &settings, values::timezone("timezone", &tz)?, period).with_filter(filter);
    Ok(block_utilization(&input, &inputs))
}

impl Scope {
    /// Block utilization and schedule-based room utilization (financials-kpis.md §8.13) for the facility over
    /// [start_date, end_date] (at most 366 days): block days with their attached completed cases, per-surgeon
    /// totals with "what fits", the weekly trend, the summary and each open room's utilization. `filter`
    /// narrows which results are reported (§7.1: block days by the block's surgeon and room).
    pub fn block_utilization(
        &self,
        facility_id: &str,
        start_date: &str,
        end_date: &str,
        filter: Option<KpiFilter>,
    ) -> Result<BlockUtilization> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let period = Period::parse(start_date, end_date)?;
        self.read(|conn, ctx| {
            ctx.check_member_read(conn, &facility, "operational KPIs")?;
            compute_blocks(conn, &facility, period, filter.unwrap_or_default())
        })
    }

    /// Every operational KPI of financials-kpis.md §8 (block utilization: [`Scope::block_utilization`]) for the facility over
    /// [start_date, end_date], each with its delta against the previous period of the same length, the
    /// facility score and its four inputs. `filter` narrows which results are reported (§7.1).
    pub fn facility_kpis(
        &self,
        facility_id: &str,
        start_date: &str,
        end_date: &str,
        filter: Option<KpiFilter>,
    ) -> Result<FacilityKpis> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let period = Period::parse(start_date, end_date)?;
        self.read(|conn, ctx| {
            ctx.check_member_read(conn, &facility, "operational KPIs")?;
            compute(conn, &facility, period, filter.unwrap_or_default())
        })
    }

    /// `facility_score(facility, start, end)` (scoring.md §8): the facility score of the period's OR
    /// utilization, median same-room turnover, FCOTS and same-day cancellation rate, as the KPI calls return
    /// them.
    pub fn facility_score(&self, facility_id: &str, start_date: &str, end_date: &str) -> Result<FacilityScore> {
        Ok(self.facility_kpis(facility_id, start_date, end_date, None)?.facility_score)
    }
}
