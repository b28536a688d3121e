//! The store layer of the scheduling engine (scheduling-patientflow.md §1–§4): loading one facility's
//! `or_rooms`, `room_schedules`, `block_schedules`, `facility_closures` and `facility_holidays` rows into the
//! engine's plain types, the read calls on [`Scope`] (`day_status`, `block_occurrences`, `available_time`), and
//! the row hook the generic reference calls run before writing a block, closure or holiday.
//!
//! Writes of blocks, closures and holidays go through the generic reference API (`create` / `update` with
//! `table = "block_schedules" | "facility_closures" | "facility_holidays"`); [`check_reference_row`] runs the
//! engine's `validate_…` helpers on the row as it will be stored, so an impossible row is refused with
//! `InvalidInput` naming the column and nothing is written.
//!
//! Reads: members of the facility and global admins ([`AccessContext::check_member_read`]); device reps and
//! anonymous callers are refused (`PermissionDenied`), other facilities are `NotFound`. Ranges are at most
//! [`MAX_RANGE_DAYS`] days.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::access::matrix::{self, WriteScope};
use crate::access::{AccessContext, Call, Scope};
use crate::audit::AuditEntry;
use crate::error::{Error, ErrorKind, Result};
use crate::reference::{Record, RefTable};
use crate::scheduling::model::{
    AvailableTime, BlockOccurrence, BlockSchedule, Calendar, Closure, DEFAULT_CLOSE_TIME, DEFAULT_OPEN_TIME, DateRange,
    DayStatus, FacilitySchedule, Holiday, Recurrence, Room, RoomDayHours, RoomSchedule, RoomWeekPlan,
};
use crate::scheduling::{availability, rules, validate};
use crate::scoring::Period;
use crate::values;

/// The longest range `block_occurrences` and `available_time` accept, in days (inclusive of both ends).
pub const MAX_RANGE_DAYS: i64 = 366;

// ---------------------------------------------------------------------------------------------------------
// Row hook of the generic reference calls

/// Checks a `block_schedules`, `facility_closures` or `facility_holidays` row as it will be stored (the input
/// of a create, or the stored row merged with an update's fields) with the engine's validation
/// ([`validate::validate_block`], [`validate::validate_closure`], [`validate::validate_holiday`]).
pub(crate) fn check_reference_row(table: RefTable, row: &Map<String, Value>) -> Result<()> {
    match table {
        RefTable::BlockSchedules => validate::validate_block(&block_from_json(row)?),
        RefTable::FacilityHolidays => validate::validate_holiday(&holiday_from_json(row)?),
        RefTable::FacilityClosures => validate::validate_closure(&Closure {
            id: String::new(),
            closure_date: json_date(row, "closure_date")?,
            reason: json_str(row, "reason")?.map(str::to_string),
        }),
        _ => Ok(()),
    }
}

fn json_str<'a>(row: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>> {
    match row.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::invalid(key, "must be a string")),
    }
}

fn json_req_str<'a>(row: &'a Map<String, Value>, key: &str) -> Result<&'a str> {
    json_str(row, key)?.ok_or_else(|| Error::invalid(key, "is required"))
}

fn json_date(row: &Map<String, Value>, key: &str) -> Result<NaiveDate> {
    values::date(key, json_req_str(row, key)?)
}

fn json_small(row: &Map<String, Value>, key: &str) -> Result<Option<u8>> {
    match row.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => values::json_i64(v)
            .and_then(|n| u8::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| Error::invalid(key, "is out of range")),
    }
}

fn json_bool(row: &Map<String, Value>, key: &str, default: bool) -> Result<bool> {
    match row.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(v) => values::json_i64(v).map(|n| n != 0).ok_or_else(|| Error::invalid(key, "must be true or false")),
    }
}

fn block_from_json(row: &Map<String, Value>) -> Result<BlockSchedule> {
    let exception_dates = match row.get("exception_dates") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => validate::parse_exception_dates(s)?,
        Some(v) => validate::parse_exception_dates(&v.to_string())?,
    };
    Ok(BlockSchedule {
        id: json_str(row, "id")?.unwrap_or_default().to_string(),
        surgeon_id: json_str(row, "surgeon_id")?.unwrap_or_default().to_string(),
        or_room_id: json_str(row, "or_room_id")?.map(str::to_string),
        day_of_week: json_small(row, "day_of_week")?.ok_or_else(|| Error::invalid("day_of_week", "is required"))?,
        start_time: validate::schedule_time("start_time", json_req_str(row, "start_time")?)?,
        end_time: validate::schedule_time("end_time", json_req_str(row, "end_time")?)?,
        recurrence: json_str(row, "recurrence_type")?.map_or(Ok(Recurrence::Weekly), str::parse)?,
        effective_start: json_date(row, "effective_start")?,
        effective_end: json_str(row, "effective_end")?.map(|s| values::date("effective_end", s)).transpose()?,
        exception_dates,
        deleted_at: None,
    })
}

fn holiday_from_json(row: &Map<String, Value>) -> Result<Holiday> {
    Ok(Holiday {
        id: String::new(),
        name: json_req_str(row, "name")?.to_string(),
        month: json_small(row, "month")?.ok_or_else(|| Error::invalid("month", "is required"))?,
        day: json_small(row, "day")?,
        week_of_month: json_small(row, "week_of_month")?,
        day_of_week: json_small(row, "day_of_week")?,
        is_active: json_bool(row, "is_active", true)?,
        is_partial: json_bool(row, "is_partial", false)?,
        partial_close_time: json_str(row, "partial_close_time")?
            .map(|s| validate::schedule_time("partial_close_time", s))
            .transpose()?,
    })
}

// ---------------------------------------------------------------------------------------------------------
// Loading one facility's rows

fn sql_date(s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

fn sql_time(s: &str) -> rusqlite::Result<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M:%S").map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

fn sql_u8(v: i64) -> u8 {
    // Values the CHECKs forbid never match (engine choice 1): map them out of every range.
    u8::try_from(v).unwrap_or(u8::MAX)
}

const ROOMS_SQL: &str = "SELECT id, is_active, deleted_at FROM or_rooms WHERE facility_id = ?1 AND deleted_at IS NULL \
     ORDER BY display_order, name, id";

pub(crate) fn load_rooms(conn: &Connection, facility: &str) -> Result<Vec<Room>> {
    Ok(conn
        .prepare_cached(ROOMS_SQL)?
        .query_map([facility], |r| {
            Ok(Room { id: r.get(0)?, is_active: r.get::<_, i64>(1)? == 1, deleted_at: r.get(2)? })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

const ROOM_SCHEDULES_SQL: &str = "SELECT id, or_room_id, day_of_week, open_time, close_time, is_closed, \
     effective_start, effective_end, created_at FROM room_schedules WHERE facility_id = ?1";

pub(crate) fn load_room_schedules(conn: &Connection, facility: &str) -> Result<Vec<RoomSchedule>> {
    let mut stmt = conn.prepare_cached(ROOM_SCHEDULES_SQL)?;
    let rows = stmt.query_map([facility], |r| {
        Ok(RoomSchedule {
            id: r.get(0)?,
            or_room_id: r.get(1)?,
            day_of_week: sql_u8(r.get(2)?),
            open_time: sql_time(&r.get::<_, String>(3)?)?,
            close_time: sql_time(&r.get::<_, String>(4)?)?,
            is_closed: r.get::<_, i64>(5)? == 1,
            effective_start: sql_date(&r.get::<_, String>(6)?)?,
            effective_end: r.get::<_, Option<String>>(7)?.as_deref().map(sql_date).transpose()?,
            created_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The non-deleted blocks of the facility ordered by surgeon last name, first name, block id (§2.3's order
/// after date and start time; the engine's sort is stable), optionally of one surgeon and/or one room.
const BLOCKS_SQL: &str = "SELECT b.id, b.surgeon_id, b.or_room_id, b.day_of_week, b.start_time, b.end_time, \
     b.recurrence_type, b.effective_start, b.effective_end, b.exception_dates \
     FROM block_schedules b LEFT JOIN users u ON u.id = b.surgeon_id \
     WHERE b.facility_id = ?1 AND b.deleted_at IS NULL \
       AND (?2 IS NULL OR b.surgeon_id = ?2) AND (?3 IS NULL OR b.or_room_id = ?3) \
     ORDER BY u.last_name, u.first_name, b.id";

pub(crate) fn load_blocks(
    conn: &Connection,
    facility: &str,
    surgeon: Option<&str>,
    room: Option<&str>,
) -> Result<Vec<BlockSchedule>> {
    let mut stmt = conn.prepare_cached(BLOCKS_SQL)?;
    let raw = stmt.query_map(rusqlite::params![facility, surgeon, room], |r| {
        Ok((
            BlockSchedule {
                id: r.get(0)?,
                surgeon_id: r.get(1)?,
                or_room_id: r.get(2)?,
                day_of_week: sql_u8(r.get(3)?),
                start_time: sql_time(&r.get::<_, String>(4)?)?,
                end_time: sql_time(&r.get::<_, String>(5)?)?,
                recurrence: Recurrence::default(),
                effective_start: sql_date(&r.get::<_, String>(7)?)?,
                effective_end: r.get::<_, Option<String>>(8)?.as_deref().map(sql_date).transpose()?,
                exception_dates: Vec::new(),
                deleted_at: None,
            },
            r.get::<_, String>(6)?,
            r.get::<_, String>(9)?,
        ))
    })?;
    let mut blocks = Vec::new();
    for row in raw {
        let (mut block, recurrence, exceptions) = row?;
        block.recurrence = recurrence.parse()?;
        block.exception_dates = validate::parse_exception_dates(&exceptions)?;
        blocks.push(block);
    }
    Ok(blocks)
}

pub(crate) fn load_closures(conn: &Connection, facility: &str) -> Result<Vec<Closure>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, closure_date, reason FROM facility_closures WHERE facility_id = ?1 ORDER BY closure_date, id",
    )?;
    let rows = stmt.query_map([facility], |r| {
        Ok(Closure { id: r.get(0)?, closure_date: sql_date(&r.get::<_, String>(1)?)?, reason: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn load_holidays(conn: &Connection, facility: &str) -> Result<Vec<Holiday>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, month, day, week_of_month, day_of_week, is_active, is_partial, partial_close_time \
         FROM facility_holidays WHERE facility_id = ?1 ORDER BY name, id",
    )?;
    let rows = stmt.query_map([facility], |r| {
        Ok(Holiday {
            id: r.get(0)?,
            name: r.get(1)?,
            month: sql_u8(r.get(2)?),
            day: r.get::<_, Option<i64>>(3)?.map(sql_u8),
            week_of_month: r.get::<_, Option<i64>>(4)?.map(sql_u8),
            day_of_week: r.get::<_, Option<i64>>(5)?.map(sql_u8),
            is_active: r.get::<_, i64>(6)? == 1,
            is_partial: r.get::<_, i64>(7)? == 1,
            partial_close_time: r.get::<_, Option<String>>(8)?.as_deref().map(sql_time).transpose()?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A checked range of two call arguments (`start_date`, `end_date`), at most [`MAX_RANGE_DAYS`] days.
fn range(start_date: &str, end_date: &str) -> Result<DateRange> {
    let Period { start, end } = Period::parse(start_date, end_date)?;
    let range = DateRange::new(start, end)?;
    if range.num_days() > MAX_RANGE_DAYS {
        return Err(Error::invalid("end_date", format!("the range must span at most {MAX_RANGE_DAYS} days")));
    }
    Ok(range)
}

fn optional_id(param: &str, id: Option<&str>) -> Result<Option<String>> {
    id.map(|v| values::parse_uuid(param, v)).transpose()
}

fn check_read(conn: &Connection, ctx: &AccessContext, facility: &str) -> Result<()> {
    ctx.check_member_read(conn, facility, "schedules")
}

impl Scope {
    /// The status of facility-local `date` (§3.3): closure, full-day or partial holiday.
    pub fn day_status(&self, facility_id: &str, date: &str) -> Result<DayStatus> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let d = values::date("date", date)?;
        self.read(|conn, ctx| {
            check_read(conn, ctx, &facility)?;
            let closures = load_closures(conn, &facility)?;
            let holidays = load_holidays(conn, &facility)?;
            Ok(Calendar { closures: &closures, holidays: &holidays }.day_status(d))
        })
    }

    /// The block occurrences of the facility in `[start_date, end_date]` (§2.3), ordered by date, start time,
    /// surgeon last name, first name, block id; only the blocks of `surgeon_id` and/or `or_room_id` when given.
    pub fn block_occurrences(
        &self,
        facility_id: &str,
        start_date: &str,
        end_date: &str,
        surgeon_id: Option<&str>,
        or_room_id: Option<&str>,
    ) -> Result<Vec<BlockOccurrence>> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let range = range(start_date, end_date)?;
        let surgeon = optional_id("surgeon_id", surgeon_id)?;
        let room = optional_id("or_room_id", or_room_id)?;
        self.read(|conn, ctx| {
            check_read(conn, ctx, &facility)?;
            let blocks = load_blocks(conn, &facility, surgeon.as_deref(), room.as_deref())?;
            let closures = load_closures(conn, &facility)?;
            let holidays = load_holidays(conn, &facility)?;
            Ok(availability::expand_blocks(&blocks, Calendar { closures: &closures, holidays: &holidays }, range))
        })
    }

    /// The available room and block time of every date in `[start_date, end_date]` (§4): day status, per-room
    /// availability with block and unblocked minutes, per-surgeon block minutes.
    pub fn available_time(&self, facility_id: &str, start_date: &str, end_date: &str) -> Result<Vec<AvailableTime>> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let range = range(start_date, end_date)?;
        self.read(|conn, ctx| {
            check_read(conn, ctx, &facility)?;
            let rooms = load_rooms(conn, &facility)?;
            let room_schedules = load_room_schedules(conn, &facility)?;
            let blocks = load_blocks(conn, &facility, None, None)?;
            let closures = load_closures(conn, &facility)?;
            let holidays = load_holidays(conn, &facility)?;
            let schedule = FacilitySchedule {
                calendar: Calendar { closures: &closures, holidays: &holidays },
                rooms: &rooms,
                room_schedules: &room_schedules,
                blocks: &blocks,
            };
            Ok(availability::available_time(&schedule, range))
        })
    }
}

// ---------------------------------------------------------------------------------------------------------
// Writes the generic reference calls do not cover

/// One day of a [`Scope::set_room_week`] call (§1.2): `open_time` / `close_time` default to the column
/// defaults 07:00 / 17:00.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomDayInput {
    /// 0 = Sunday … 6 = Saturday.
    pub day_of_week: i64,
    /// The room is closed that weekday.
    #[serde(default)]
    pub is_closed: bool,
    /// `HH:MM` or `HH:MM:SS`, a whole minute.
    pub open_time: Option<String>,
    /// `HH:MM` or `HH:MM:SS`, a whole minute.
    pub close_time: Option<String>,
}

/// What [`Scope::set_room_week`] saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomWeek {
    /// The room.
    pub or_room_id: String,
    /// The saved version's start.
    pub effective_start: NaiveDate,
    /// `update_in_place` (a second save with the same start) or `new_version`.
    pub action: String,
    /// The seven days, Sunday first.
    pub days: Vec<RoomDayHours>,
    /// The room's recomputed `available_hours` (§1.1).
    pub available_hours: f64,
}

/// The `days` argument of `set_room_week` in the operation table: an array of [`RoomDayInput`] objects.
pub(crate) fn room_days_from_json(value: Option<&Value>) -> Result<Vec<RoomDayInput>> {
    let wrong = || Error::invalid("days", "must be an array of {day_of_week, is_closed, open_time, close_time}");
    let items = value.and_then(Value::as_array).ok_or_else(wrong)?;
    items.iter().map(|v| serde_json::from_value(v.clone()).map_err(|_| wrong())).collect()
}

fn parse_days(days: &[RoomDayInput]) -> Result<Vec<RoomDayHours>> {
    let mut out = Vec::with_capacity(days.len());
    for (i, day) in days.iter().enumerate() {
        let dow = u8::try_from(day.day_of_week)
            .ok()
            .filter(|d| *d <= 6)
            .ok_or_else(|| Error::invalid(&format!("days[{i}].day_of_week"), "must be between 0 and 6"))?;
        let time = |param: &str, v: &Option<String>, default: NaiveTime| match v {
            Some(s) => validate::schedule_time(&format!("days[{dow}].{param}"), s),
            None => Ok(default),
        };
        out.push(RoomDayHours {
            day_of_week: dow,
            is_closed: day.is_closed,
            open_time: time("open_time", &day.open_time, DEFAULT_OPEN_TIME)?,
            close_time: time("close_time", &day.close_time, DEFAULT_CLOSE_TIME)?,
        });
    }
    validate::validate_room_week(&out)?;
    out.sort_by_key(|d| d.day_of_week);
    Ok(out)
}

/// A facility-admin (own facility) or global-admin write of `table` rows of `facility`; others of the
/// facility get `PermissionDenied`, outsiders `NotFound` on `param`.
fn check_writer(ctx: &AccessContext, table: &str, facility: &str, param: &str) -> Result<()> {
    if !ctx.sees_facility(facility) {
        return Err(Error::not_found(param));
    }
    match matrix::write_scope(table, ctx.level) {
        WriteScope::All => Ok(()),
        WriteScope::OwnFacility if ctx.facility_id.as_deref() == Some(facility) => Ok(()),
        _ => Err(Error::denied(format!("only facility admins change {}", table.replace('_', " ")))),
    }
}

/// `(facility_id, name, deleted)` of a room, `NotFound` on `param` when it does not exist.
fn room_row(conn: &Connection, id: &str, param: &str) -> Result<(String, String, bool)> {
    conn.prepare_cached("SELECT facility_id, name, deleted_at IS NOT NULL FROM or_rooms WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| Error::not_found(param))
}

const INSERT_ROOM_DAY_SQL: &str = "INSERT INTO room_schedules (id, facility_id, or_room_id, day_of_week, open_time, \
     close_time, is_closed, effective_start, effective_end, created_at, updated_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, ?9, ?9)";

fn insert_room_day(call: &Call<'_>, facility: &str, room: &str, start: NaiveDate, day: &RoomDayHours) -> Result<()> {
    call.tx.prepare_cached(INSERT_ROOM_DAY_SQL)?.execute(rusqlite::params![
        values::new_id(),
        facility,
        room,
        day.day_of_week,
        day.open_time.format("%H:%M:%S").to_string(),
        day.close_time.format("%H:%M:%S").to_string(),
        day.is_closed,
        start.to_string(),
        call.now
    ])?;
    Ok(())
}

/// A block (`deleted` tells whether it is soft-deleted): `(facility_id, exception_dates)`.
fn block_row(conn: &Connection, ctx: &AccessContext, id: &str) -> Result<(String, String, bool)> {
    let row: Option<(String, String, bool)> = conn
        .prepare_cached(
            "SELECT facility_id, exception_dates, deleted_at IS NOT NULL FROM block_schedules WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    row.filter(|(f, _, _)| ctx.sees_facility(f)).ok_or_else(|| Error::not_found("block_id"))
}

impl Scope {
    /// Saves the weekly hours of a room from `effective_start` (default: facility-local today), §1.2: a later
    /// version → `Conflict`; a version with the same start is updated in place; otherwise the open versions
    /// end the day before and seven rows are inserted. Recomputes `or_rooms.available_hours` (§1.1). One
    /// transaction, audited as `room_schedules.saved` on the room.
    pub fn set_room_week(
        &self,
        or_room_id: &str,
        days: &[RoomDayInput],
        effective_start: Option<&str>,
    ) -> Result<RoomWeek> {
        let room = values::parse_uuid("or_room_id", or_room_id)?;
        let days = parse_days(days)?;
        let start = effective_start.map(|s| values::date("effective_start", s)).transpose()?;
        self.write("set_room_week", |call| {
            let (facility, name, deleted) = room_row(call.tx, &room, "or_room_id")?;
            check_writer(&call.ctx, "room_schedules", &facility, "or_room_id")?;
            if deleted {
                return Err(Error::invalid("or_room_id", "refers to an archived room"));
            }
            let start = match start {
                Some(s) => s,
                None => {
                    let today = crate::stats::aggregates::facility_today(call.tx, &facility, call.now)?
                        .ok_or_else(|| Error::not_found("facility_id"))?;
                    values::date("effective_start", &today)?
                }
            };
            let existing: Vec<RoomSchedule> =
                load_room_schedules(call.tx, &facility)?.into_iter().filter(|r| r.or_room_id == room).collect();
            let plan = rules::plan_room_week_save(&existing, &room, start)?;
            let action = match &plan {
                RoomWeekPlan::UpdateInPlace { row_ids } => {
                    for day in &days {
                        let row = existing.iter().find(|r| row_ids.contains(&r.id) && r.day_of_week == day.day_of_week);
                        match row {
                            Some(row) => {
                                call.tx.execute(
                                    "UPDATE room_schedules SET open_time = ?1, close_time = ?2, is_closed = ?3, \
                                     updated_at = ?4 WHERE id = ?5",
                                    rusqlite::params![
                                        day.open_time.format("%H:%M:%S").to_string(),
                                        day.close_time.format("%H:%M:%S").to_string(),
                                        day.is_closed,
                                        call.now,
                                        row.id
                                    ],
                                )?;
                            }
                            None => insert_room_day(call, &facility, &room, start, day)?,
                        }
                    }
                    "update_in_place"
                }
                RoomWeekPlan::NewVersion { end_row_ids, effective_end } => {
                    for id in end_row_ids {
                        call.tx.execute(
                            "UPDATE room_schedules SET effective_end = ?1, updated_at = ?2 WHERE id = ?3",
                            rusqlite::params![effective_end.to_string(), call.now, id],
                        )?;
                    }
                    for day in &days {
                        insert_room_day(call, &facility, &room, start, day)?;
                    }
                    "new_version"
                }
            };
            let available_hours = rules::room_available_hours(&days);
            let old = crate::audit::row_values(call.tx, "or_rooms", &room)?;
            call.tx.execute(
                "UPDATE or_rooms SET available_hours = ?1 WHERE id = ?2",
                rusqlite::params![available_hours, room],
            )?;
            let week = RoomWeek {
                or_room_id: room.clone(),
                effective_start: start,
                action: action.to_string(),
                days,
                available_hours,
            };
            let mut new_values = match serde_json::to_value(&week)? {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            new_values.remove("or_room_id");
            crate::audit::record(
                call,
                AuditEntry {
                    action: "room_schedules.saved".into(),
                    target_type: "or_rooms",
                    target_id: room.clone(),
                    target_label: Some(name),
                    facility_id: Some(facility),
                    old_values: old.map(|o| o.into_iter().filter(|(k, _)| k == "available_hours").collect()),
                    new_values: Some(new_values),
                    ..AuditEntry::default()
                },
            )?;
            Ok(week)
        })
    }

    /// Soft-deletes a block (`deleted_at`, `deleted_by`; §2.1): it no longer occurs anywhere. Deleting a
    /// deleted block is a no-op. Audited as `block_schedules.archived` (the generic soft-delete verb).
    pub fn delete_block(&self, block_id: &str) -> Result<Record> {
        self.set_block_deleted(block_id, true)
    }

    /// Restores a soft-deleted block (clears `deleted_at` and `deleted_by`). Audited as
    /// `block_schedules.restored`.
    pub fn restore_block(&self, block_id: &str) -> Result<Record> {
        self.set_block_deleted(block_id, false)
    }

    fn set_block_deleted(&self, block_id: &str, deleted: bool) -> Result<Record> {
        let id = values::parse_uuid("block_id", block_id)?;
        self.write(if deleted { "delete_block" } else { "restore_block" }, |call| {
            let (facility, _, is_deleted) = block_row(call.tx, &call.ctx, &id)?;
            check_writer(&call.ctx, "block_schedules", &facility, "block_id")?;
            if is_deleted != deleted {
                let old = crate::audit::row_values(call.tx, "block_schedules", &id)?;
                if deleted {
                    call.tx.execute(
                        "UPDATE block_schedules SET deleted_at = ?1, deleted_by = ?2, updated_at = ?1 WHERE id = ?3",
                        rusqlite::params![call.now, call.ctx.user_id, id],
                    )?;
                } else {
                    call.tx.execute(
                        "UPDATE block_schedules SET deleted_at = NULL, deleted_by = NULL, updated_at = ?1 WHERE id = ?2",
                        rusqlite::params![call.now, id],
                    )?;
                }
                let verb = if deleted { "archived" } else { "restored" };
                crate::audit::row_change(call, "block_schedules", verb, &id, None, Some(facility), old)?;
            }
            crate::reference::get_in(call.tx, RefTable::BlockSchedules, &call.ctx, call.now, &id)
        })
    }

    /// Adds a skipped date to a block (§2.1 `add_exception`): idempotent; any valid date is accepted (one
    /// that is not an occurrence has no effect). Audited as `block_schedules.updated` when the list changes.
    pub fn add_block_exception(&self, block_id: &str, date: &str) -> Result<Record> {
        self.set_block_exception(block_id, date, true)
    }

    /// Removes a skipped date from a block (§2.1 `remove_exception`); idempotent.
    pub fn remove_block_exception(&self, block_id: &str, date: &str) -> Result<Record> {
        self.set_block_exception(block_id, date, false)
    }

    fn set_block_exception(&self, block_id: &str, date: &str, add: bool) -> Result<Record> {
        let id = values::parse_uuid("block_id", block_id)?;
        let d = values::date("date", date)?;
        self.write(if add { "add_block_exception" } else { "remove_block_exception" }, |call| {
            let (facility, exceptions, _) = block_row(call.tx, &call.ctx, &id)?;
            check_writer(&call.ctx, "block_schedules", &facility, "block_id")?;
            let mut dates = validate::parse_exception_dates(&exceptions)?;
            let changed = if add {
                !dates.contains(&d) && {
                    dates.push(d);
                    true
                }
            } else {
                let before = dates.len();
                dates.retain(|x| *x != d);
                dates.len() != before
            };
            if changed {
                let old = crate::audit::row_values(call.tx, "block_schedules", &id)?;
                call.tx.execute(
                    "UPDATE block_schedules SET exception_dates = ?1, updated_at = ?2 WHERE id = ?3",
                    rusqlite::params![validate::exception_dates_json(&dates), call.now, id],
                )?;
                crate::audit::row_change(call, "block_schedules", "updated", &id, None, Some(facility), old)?;
            }
            crate::reference::get_in(call.tx, RefTable::BlockSchedules, &call.ctx, call.now, &id)
        })
    }

    /// Hard-deletes a closure (§3.1); audited as `facility_closures.deleted` with the old row.
    pub fn delete_closure(&self, closure_id: &str) -> Result<()> {
        self.delete_calendar_row(RefTable::FacilityClosures, "closure_id", closure_id)
    }

    /// Hard-deletes a holiday (§3.2; to switch it off keep it and update `is_active`); audited as
    /// `facility_holidays.deleted` with the old row.
    pub fn delete_holiday(&self, holiday_id: &str) -> Result<()> {
        self.delete_calendar_row(RefTable::FacilityHolidays, "holiday_id", holiday_id)
    }

    fn delete_calendar_row(&self, table: RefTable, param: &'static str, id: &str) -> Result<()> {
        let id = values::parse_uuid(param, id)?;
        let operation = if table == RefTable::FacilityClosures { "delete_closure" } else { "delete_holiday" };
        self.write(operation, |call| {
            let row = crate::reference::get_in(call.tx, table, &call.ctx, call.now, &id)
                .map_err(|e| if e.kind() == ErrorKind::NotFound { Error::not_found(param) } else { e })?;
            let facility = row.get("facility_id").and_then(Value::as_str).unwrap_or_default().to_string();
            check_writer(&call.ctx, table.as_str(), &facility, param)?;
            let label = row.get(if table == RefTable::FacilityHolidays { "name" } else { "closure_date" });
            let label = label.and_then(Value::as_str).map(str::to_string);
            let old = crate::audit::row_values(call.tx, table.as_str(), &id)?;
            call.tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [&id])?;
            crate::audit::row_change(call, table.as_str(), "deleted", &id, label, Some(facility), old)
        })
    }
}
