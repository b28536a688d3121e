//! Plain-data inputs and outputs of the scheduling engine (scheduling-patientflow.md §1.2, §2, §3, §4): one
//! struct per stored row the engine reads (filled by the store from `room_schedules`, `block_schedules`,
//! `facility_closures`, `facility_holidays`, `or_rooms`), the closed vocabularies with their stored values,
//! and the computed outputs (day status, block occurrences, room and block time). No `Connection`.
//!
//! Conventions (§0): `day_of_week` is 0 = Sunday … 6 = Saturday; dates are facility-local [`NaiveDate`]s
//! (`YYYY-MM-DD`); schedule times are facility-local wall-clock [`NaiveTime`]s (`HH:MM:SS`, whole minutes).

use std::fmt;
use std::str::FromStr;

use chrono::{Duration, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::values;

// ─── Constants ───────────────────────────────────────────────────────────────────────────────────────────────

/// `const` form of `NaiveTime::from_hms_opt(h, m, 0)` for the constants below.
const fn hm(h: u32, m: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(h, m, 0) {
        Some(t) => t,
        None => panic!("invalid constant time"),
    }
}

/// Opening time of the default week (§1.2, D-S1) and the column default of `room_schedules.open_time`.
pub const DEFAULT_OPEN_TIME: NaiveTime = hm(7, 0);
/// Closing time of the default week (§1.2, D-S1) and the column default of `room_schedules.close_time`.
pub const DEFAULT_CLOSE_TIME: NaiveTime = hm(17, 0);
/// The weekdays (`day_of_week`) the default week is open: Monday–Friday.
pub const DEFAULT_OPEN_DAYS: [u8; 5] = [1, 2, 3, 4, 5];
/// `or_rooms.available_hours` of a week without an open day, and the legacy default (§1.1).
pub const DEFAULT_AVAILABLE_HOURS: f64 = 10.0;
/// Lower bound of a recomputed `or_rooms.available_hours` (the column's CHECK is > 0, §1.1).
pub const MIN_AVAILABLE_HOURS: f64 = 0.1;
/// Maximum length (characters) of `facility_closures.reason` (§3.1).
pub const MAX_CLOSURE_REASON_CHARS: usize = 200;
/// Maximum length (characters) of `facility_holidays.name` (§3.2).
pub const MAX_HOLIDAY_NAME_CHARS: usize = 100;
/// Highest `facility_holidays.week_of_month`; this value means "the last such weekday of the month" (§3.2).
pub const LAST_WEEK_OF_MONTH: u8 = 5;

// ─── Vocabularies ────────────────────────────────────────────────────────────────────────────────────────────

/// `block_schedules.recurrence_type` (§2.2): which of the matching weekdays of a month a block occurs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// `weekly`: every week (the column default).
    #[default]
    Weekly,
    /// `biweekly`: every other week, anchored at `effective_start`.
    Biweekly,
    /// `first_third_fifth`: the 1st, 3rd and 5th such weekday of the month.
    FirstThirdFifth,
    /// `second_fourth`: the 2nd and 4th such weekday of the month.
    SecondFourth,
    /// `first_only`: the 1st such weekday of the month.
    FirstOnly,
    /// `second_only`: the 2nd such weekday of the month.
    SecondOnly,
    /// `third_only`: the 3rd such weekday of the month.
    ThirdOnly,
    /// `fourth_only`: the 4th such weekday of the month.
    FourthOnly,
    /// `last_only`: the last such weekday of the month (a 4th one when the month has no 5th).
    LastOnly,
}

impl Recurrence {
    /// Every value, in the order of the §2.2 table.
    pub const ALL: [Recurrence; 9] = [
        Recurrence::Weekly,
        Recurrence::Biweekly,
        Recurrence::FirstThirdFifth,
        Recurrence::SecondFourth,
        Recurrence::FirstOnly,
        Recurrence::SecondOnly,
        Recurrence::ThirdOnly,
        Recurrence::FourthOnly,
        Recurrence::LastOnly,
    ];

    /// The stored value (`weekly`, `biweekly`, `first_third_fifth`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Recurrence::Weekly => "weekly",
            Recurrence::Biweekly => "biweekly",
            Recurrence::FirstThirdFifth => "first_third_fifth",
            Recurrence::SecondFourth => "second_fourth",
            Recurrence::FirstOnly => "first_only",
            Recurrence::SecondOnly => "second_only",
            Recurrence::ThirdOnly => "third_only",
            Recurrence::FourthOnly => "fourth_only",
            Recurrence::LastOnly => "last_only",
        }
    }

    /// The display label of §2.2 ("Every week", "1st, 3rd & 5th week", …).
    pub fn label(self) -> &'static str {
        match self {
            Recurrence::Weekly => "Every week",
            Recurrence::Biweekly => "Every other week",
            Recurrence::FirstThirdFifth => "1st, 3rd & 5th week",
            Recurrence::SecondFourth => "2nd & 4th week",
            Recurrence::FirstOnly => "1st week only",
            Recurrence::SecondOnly => "2nd week only",
            Recurrence::ThirdOnly => "3rd week only",
            Recurrence::FourthOnly => "4th week only",
            Recurrence::LastOnly => "Last week of month",
        }
    }

    /// The `week_of_month` values (1..5) a "week n" rule accepts; `None` for `weekly`, `biweekly` and
    /// `last_only`, which are not "week n" rules.
    pub fn weeks_of_month(self) -> Option<&'static [u8]> {
        match self {
            Recurrence::FirstThirdFifth => Some(&[1, 3, 5]),
            Recurrence::SecondFourth => Some(&[2, 4]),
            Recurrence::FirstOnly => Some(&[1]),
            Recurrence::SecondOnly => Some(&[2]),
            Recurrence::ThirdOnly => Some(&[3]),
            Recurrence::FourthOnly => Some(&[4]),
            Recurrence::Weekly | Recurrence::Biweekly | Recurrence::LastOnly => None,
        }
    }
}

impl fmt::Display for Recurrence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Recurrence {
    type Err = Error;

    /// Parses a stored value; anything else is `InvalidInput` on `recurrence_type`.
    fn from_str(s: &str) -> Result<Self> {
        Recurrence::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            Error::invalid(
                "recurrence_type",
                "must be one of weekly, biweekly, first_third_fifth, second_fourth, first_only, second_only, \
                 third_only, fourth_only, last_only",
            )
        })
    }
}

/// The kind of a `facility_holidays` row (§3.2). Not a stored column: derived from which of `day`,
/// `week_of_month`, `day_of_week` are set ([`Holiday::kind`]); the string form is for bindings and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// `fixed_date`: `month` + `day` (e.g. Christmas, 12-25).
    FixedDate,
    /// `nth_weekday`: `month` + `week_of_month` 1..4 + `day_of_week` (e.g. Thanksgiving, 4th Thursday of November).
    NthWeekday,
    /// `last_weekday`: `month` + `week_of_month` 5 + `day_of_week` (e.g. Memorial Day, last Monday of May).
    LastWeekday,
}

impl HolidayKind {
    /// Every value.
    pub const ALL: [HolidayKind; 3] = [HolidayKind::FixedDate, HolidayKind::NthWeekday, HolidayKind::LastWeekday];

    /// The string form (`fixed_date`, `nth_weekday`, `last_weekday`).
    pub fn as_str(self) -> &'static str {
        match self {
            HolidayKind::FixedDate => "fixed_date",
            HolidayKind::NthWeekday => "nth_weekday",
            HolidayKind::LastWeekday => "last_weekday",
        }
    }
}

impl fmt::Display for HolidayKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for HolidayKind {
    type Err = Error;

    /// Parses the string form; anything else is `InvalidInput` on `kind`.
    fn from_str(s: &str) -> Result<Self> {
        HolidayKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::invalid("kind", "must be one of fixed_date, nth_weekday, last_weekday"))
    }
}

// ─── Inputs (rows) ───────────────────────────────────────────────────────────────────────────────────────────

/// An inclusive range of facility-local dates `[start, end]`. [`DateRange::new`] refuses `end < start`; a
/// range built otherwise with `end < start` is empty (no days, no occurrences).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateRange {
    /// First date (inclusive).
    pub start: NaiveDate,
    /// Last date (inclusive), never before `start`.
    pub end: NaiveDate,
}

impl DateRange {
    /// `[start, end]`; `end` before `start` is `InvalidInput` on `end`.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self> {
        if end < start {
            return Err(Error::invalid("end", "must not be before start"));
        }
        Ok(DateRange { start, end })
    }

    /// The single day `[d, d]`.
    pub fn day(d: NaiveDate) -> Self {
        DateRange { start: d, end: d }
    }

    /// Whether `d` lies in the range.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// Number of days in the range (0 when `end < start`).
    pub fn num_days(&self) -> i64 {
        ((self.end - self.start).num_days() + 1).max(0)
    }

    /// Every date of the range, ascending.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let end = self.end;
        self.start.iter_days().take_while(move |d| *d <= end)
    }
}

/// An `or_rooms` row, as far as availability needs it (§4.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    /// `or_rooms.id`.
    pub id: String,
    /// `or_rooms.is_active`.
    pub is_active: bool,
    /// `or_rooms.deleted_at`.
    pub deleted_at: Option<Millis>,
}

impl Room {
    /// Active and not deleted: only such a room has available time.
    pub fn is_available(&self) -> bool {
        self.is_active && self.deleted_at.is_none()
    }
}

/// A `room_schedules` row (§1.2): the open hours of one weekday of a room, effective over
/// `[effective_start, effective_end]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomSchedule {
    /// `room_schedules.id`.
    pub id: String,
    /// `room_schedules.or_room_id`.
    pub or_room_id: String,
    /// `room_schedules.day_of_week` (0 = Sunday … 6 = Saturday).
    pub day_of_week: u8,
    /// `room_schedules.open_time`.
    pub open_time: NaiveTime,
    /// `room_schedules.close_time`.
    pub close_time: NaiveTime,
    /// `room_schedules.is_closed`.
    pub is_closed: bool,
    /// `room_schedules.effective_start` (inclusive).
    pub effective_start: NaiveDate,
    /// `room_schedules.effective_end` (inclusive; `None` = open-ended).
    pub effective_end: Option<NaiveDate>,
    /// `room_schedules.created_at` (the resolution tie-break).
    pub created_at: Millis,
}

/// One day of a weekly schedule as saved by `set_room_week` (§1.2): seven of these, one per `day_of_week`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomDayHours {
    /// 0 = Sunday … 6 = Saturday.
    pub day_of_week: u8,
    /// The room is closed that weekday (`open_time`/`close_time` are then kept but not used).
    pub is_closed: bool,
    /// Opening time (whole minutes).
    pub open_time: NaiveTime,
    /// Closing time (whole minutes; after `open_time` unless closed).
    pub close_time: NaiveTime,
}

impl RoomDayHours {
    /// The default week's hours for `day_of_week` (D-S1): Monday–Friday 07:00–17:00, weekend closed.
    pub fn default_for(day_of_week: u8) -> Self {
        RoomDayHours {
            day_of_week,
            is_closed: !DEFAULT_OPEN_DAYS.contains(&day_of_week),
            open_time: DEFAULT_OPEN_TIME,
            close_time: DEFAULT_CLOSE_TIME,
        }
    }

    /// The whole default week, Sunday first.
    pub fn default_week() -> [RoomDayHours; 7] {
        std::array::from_fn(|i| RoomDayHours::default_for(i as u8))
    }
}

/// A `block_schedules` row (§2.1), as far as the recurrence needs it. `exception_dates` is the parsed JSON
/// array (see [`crate::scheduling::parse_exception_dates`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockSchedule {
    /// `block_schedules.id`.
    pub id: String,
    /// `block_schedules.surgeon_id`.
    pub surgeon_id: String,
    /// `block_schedules.or_room_id` (optional room of the block).
    pub or_room_id: Option<String>,
    /// `block_schedules.day_of_week` (0 = Sunday … 6 = Saturday).
    pub day_of_week: u8,
    /// `block_schedules.start_time`.
    pub start_time: NaiveTime,
    /// `block_schedules.end_time` (after `start_time`).
    pub end_time: NaiveTime,
    /// `block_schedules.recurrence_type`.
    pub recurrence: Recurrence,
    /// `block_schedules.effective_start` (inclusive; also the biweekly anchor).
    pub effective_start: NaiveDate,
    /// `block_schedules.effective_end` (inclusive; `None` = open-ended).
    pub effective_end: Option<NaiveDate>,
    /// `block_schedules.exception_dates`: skipped dates (stored sorted and distinct).
    pub exception_dates: Vec<NaiveDate>,
    /// `block_schedules.deleted_at`: a deleted block never occurs.
    pub deleted_at: Option<Millis>,
}

impl BlockSchedule {
    /// `add_exception(date)` (§2.1) on the (sorted, distinct) list: inserts `d` in order; `false` if it was
    /// already there (idempotent). Any date is accepted, an occurrence or not.
    pub fn add_exception(&mut self, d: NaiveDate) -> bool {
        match self.exception_dates.binary_search(&d) {
            Ok(_) => false,
            Err(i) => {
                self.exception_dates.insert(i, d);
                true
            }
        }
    }

    /// `remove_exception(date)` (§2.1) on the list; `false` if `d` was not there.
    pub fn remove_exception(&mut self, d: NaiveDate) -> bool {
        let before = self.exception_dates.len();
        self.exception_dates.retain(|x| *x != d);
        self.exception_dates.len() != before
    }
}

/// A `facility_closures` row (§3.1): the facility is closed the whole `closure_date`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    /// `facility_closures.id`.
    pub id: String,
    /// `facility_closures.closure_date`.
    pub closure_date: NaiveDate,
    /// `facility_closures.reason` (≤ 200 characters).
    pub reason: Option<String>,
}

/// A `facility_holidays` row (§3.2): a yearly holiday, on a fixed date or on the nth / last weekday of a month,
/// closing the facility all day or (partial) from `partial_close_time` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    /// `facility_holidays.id`.
    pub id: String,
    /// `facility_holidays.name` (unique in the facility).
    pub name: String,
    /// `facility_holidays.month` (1..12).
    pub month: u8,
    /// `facility_holidays.day` (fixed date: 1..31).
    pub day: Option<u8>,
    /// `facility_holidays.week_of_month` (nth weekday: 1..4, or 5 = last).
    pub week_of_month: Option<u8>,
    /// `facility_holidays.day_of_week` (nth weekday: 0 = Sunday … 6 = Saturday).
    pub day_of_week: Option<u8>,
    /// `facility_holidays.is_active`: an inactive holiday never matches.
    pub is_active: bool,
    /// `facility_holidays.is_partial`.
    pub is_partial: bool,
    /// `facility_holidays.partial_close_time` (set iff `is_partial`).
    pub partial_close_time: Option<NaiveTime>,
}

impl Holiday {
    /// The row's kind under the library's one-kind-per-row rule (§3.2): `day` alone → fixed date;
    /// `week_of_month` and `day_of_week` (and no `day`) → nth weekday (1..4) or last weekday (5). Any other
    /// combination is `InvalidInput` on `day`.
    pub fn kind(&self) -> Result<HolidayKind> {
        match (self.day, self.week_of_month, self.day_of_week) {
            (Some(_), None, None) => Ok(HolidayKind::FixedDate),
            (None, Some(LAST_WEEK_OF_MONTH), Some(_)) => Ok(HolidayKind::LastWeekday),
            (None, Some(_), Some(_)) => Ok(HolidayKind::NthWeekday),
            _ => Err(Error::invalid(
                "day",
                "a holiday is either a fixed date (day set; week_of_month and day_of_week unset) or an nth \
                 weekday (week_of_month and day_of_week set; day unset)",
            )),
        }
    }

    /// The close time that makes the holiday partial: `partial_close_time` when `is_partial`; `None` for a
    /// full-day holiday (a partial row without a close time, which the table's CHECK forbids, counts as full).
    pub fn partial_close(&self) -> Option<NaiveTime> {
        if self.is_partial { self.partial_close_time } else { None }
    }
}

// ─── Outputs ─────────────────────────────────────────────────────────────────────────────────────────────────

/// `day_status(d)` (§3.3): closure and holiday state of one facility-local date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayStatus {
    /// The date.
    pub date: NaiveDate,
    /// A closure or a full-day holiday: no room or block time at all.
    pub is_closed: bool,
    /// The closure's reason (`None` without a closure, or when its reason is NULL).
    pub closure_reason: Option<String>,
    /// The matching holiday's name (full-day holidays first, then the earliest-closing partial one), also on
    /// a closure day.
    pub holiday_name: Option<String>,
    /// A partial holiday applies (never on a closed day).
    pub is_partial_holiday: bool,
    /// The partial holiday's close time (earliest of several); `None` unless `is_partial_holiday`.
    pub partial_close_time: Option<NaiveTime>,
}

/// A facility-local window turned into instants (for the KPI spec §8.13, which measures real minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// `local_instant(date, start)` in epoch ms.
    pub start: Millis,
    /// `local_instant(date, end)` in epoch ms.
    pub end: Millis,
}

impl Window {
    /// The instants of `[start, end]` on `date` in `tz` (§0 `local_instant`: gap → shifted forward, ambiguous →
    /// earlier).
    pub fn local(date: NaiveDate, start: NaiveTime, end: NaiveTime, tz: Tz) -> Self {
        Window { start: values::local_instant(date, start, tz), end: values::local_instant(date, end, tz) }
    }

    /// Real (elapsed) minutes of the window, fractional; differs from the wall-clock length only on a day whose
    /// window contains a DST transition.
    pub fn real_minutes(&self) -> f64 {
        (self.end - self.start) as f64 / 60_000.0
    }
}

/// One row of `block_occurrences` (§2.3): a block on a date where it occurs, with the day's closure state
/// applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockOccurrence {
    /// The block.
    pub block_id: String,
    /// The block's surgeon.
    pub surgeon_id: String,
    /// The block's room, if any.
    pub or_room_id: Option<String>,
    /// The date.
    pub date: NaiveDate,
    /// The block's start time.
    pub start_time: NaiveTime,
    /// The block's end time.
    pub end_time: NaiveTime,
    /// The end after a partial holiday's truncation (`min(end_time, close)`); `None` when unavailable.
    pub effective_end_time: Option<NaiveTime>,
    /// Wall-clock minutes `start_time → effective_end_time` (D-S5); 0 when unavailable.
    pub duration_minutes: i64,
    /// From [`DayStatus::is_closed`].
    pub is_closed: bool,
    /// From [`DayStatus::closure_reason`].
    pub closure_reason: Option<String>,
    /// From [`DayStatus::holiday_name`].
    pub holiday_name: Option<String>,
    /// From [`DayStatus::is_partial_holiday`].
    pub is_partial_holiday: bool,
    /// From [`DayStatus::partial_close_time`].
    pub partial_close_time: Option<NaiveTime>,
    /// Open and not cut away by a partial holiday; then `duration_minutes` > 0 ("an available block day").
    pub is_available: bool,
}

impl BlockOccurrence {
    /// The instants of `[start_time, effective_end_time]` in `tz`; `None` when unavailable.
    pub fn window(&self, tz: Tz) -> Option<Window> {
        let end = self.effective_end_time.filter(|_| self.is_available)?;
        Some(Window::local(self.date, self.start_time, end, tz))
    }
}

/// The weekly hours that apply to a room on a date (§1.2 resolution).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomHours {
    /// The winning `room_schedules` row; `None` when the default week applies (D-S1).
    pub schedule_id: Option<String>,
    /// The schedule marks that weekday closed.
    pub is_closed: bool,
    /// Opening time.
    pub open_time: NaiveTime,
    /// Closing time.
    pub close_time: NaiveTime,
}

/// `room_availability(room, d)` (§4.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomAvailability {
    /// The room.
    pub or_room_id: String,
    /// The date.
    pub date: NaiveDate,
    /// Opening time; `None` when the room has no time that day (inactive or deleted room, closed day, closed
    /// weekday).
    pub open_time: Option<NaiveTime>,
    /// `min(schedule close, partial close)`; `None` exactly when `open_time` is. May precede `open_time` when a
    /// partial holiday closes before opening (then `available_minutes` is 0).
    pub close_time: Option<NaiveTime>,
    /// `max(0, close − open)` wall-clock minutes (D-S5).
    pub available_minutes: i64,
}

impl RoomAvailability {
    /// The instants of `[open_time, close_time]` in `tz`; `None` when `available_minutes` is 0.
    pub fn window(&self, tz: Tz) -> Option<Window> {
        match (self.open_time, self.close_time) {
            (Some(open), Some(close)) if self.available_minutes > 0 => Some(Window::local(self.date, open, close, tz)),
            _ => None,
        }
    }
}

/// One room's line of [`AvailableTime`] (§4.1, §4.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomTime {
    /// The room.
    pub or_room_id: String,
    /// As [`RoomAvailability::open_time`].
    pub open_time: Option<NaiveTime>,
    /// As [`RoomAvailability::close_time`].
    pub close_time: Option<NaiveTime>,
    /// As [`RoomAvailability::available_minutes`].
    pub available_minutes: i64,
    /// Σ durations of the day's available block days whose `or_room_id` is this room.
    pub block_minutes: i64,
    /// `max(0, available_minutes − block_minutes)`.
    pub unblocked_minutes: i64,
}

/// One surgeon's block time on a date (§4.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurgeonBlockTime {
    /// The surgeon.
    pub surgeon_id: String,
    /// Σ durations of his available block days that date (0 when all of them are unavailable).
    pub block_minutes: i64,
}

/// Available time of one date (§4.4): the day status, room time per room, block time per surgeon and room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailableTime {
    /// The date.
    pub date: NaiveDate,
    /// `day_status(date)` (§3.3).
    pub day_status: DayStatus,
    /// Facility room time: Σ `available_minutes` over the rooms (§4.2; inactive rooms contribute 0).
    pub room_minutes: i64,
    /// Block time: Σ durations of every available block day, with or without a room (§4.3).
    pub block_minutes: i64,
    /// Σ `unblocked_minutes` over the rooms.
    pub unblocked_minutes: i64,
    /// One line per room given, in input order.
    pub rooms: Vec<RoomTime>,
    /// One line per surgeon with a block occurrence that date (available or not), by surgeon id.
    pub surgeons: Vec<SurgeonBlockTime>,
}

/// A US federal holiday (§3.4) with its observed date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsHoliday {
    /// The holiday's name ("New Year's Day", …).
    pub name: String,
    /// The observed date.
    pub date: NaiveDate,
}

/// What `set_room_week` must write (§1.2 save, D-S2), from [`crate::scheduling::plan_room_week_save`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum RoomWeekPlan {
    /// Step 2: the room already has rows with exactly the new effective_start (a second save the same day):
    /// update those rows in place, by day_of_week (inserting any weekday that has none).
    UpdateInPlace {
        /// The rows to update.
        row_ids: Vec<String>,
    },
    /// Step 3: end the listed rows on `effective_end` (the day before the new start), then insert the 7 new
    /// rows with `effective_end` NULL.
    NewVersion {
        /// Rows starting before the new start and still effective on it.
        end_row_ids: Vec<String>,
        /// The new start − 1 day.
        effective_end: NaiveDate,
    },
}

/// The facility calendar a day status is computed from: closures and recurring holidays.
#[derive(Debug, Clone, Copy, Default)]
pub struct Calendar<'a> {
    /// The facility's `facility_closures` rows.
    pub closures: &'a [Closure],
    /// The facility's `facility_holidays` rows (inactive ones are ignored).
    pub holidays: &'a [Holiday],
}

/// Everything §4 available time reads for a facility.
#[derive(Debug, Clone, Copy, Default)]
pub struct FacilitySchedule<'a> {
    /// Closures and holidays.
    pub calendar: Calendar<'a>,
    /// The rooms to report (typically the facility's non-deleted rooms, in display order).
    pub rooms: &'a [Room],
    /// The rooms' `room_schedules` rows (any order; rows of rooms not listed are ignored).
    pub room_schedules: &'a [RoomSchedule],
    /// The facility's blocks (deleted ones never occur). Blocks with ties on (date, start time) keep this
    /// order in occurrence lists; pass them by surgeon last name, first name, block id for the §2.3 order.
    pub blocks: &'a [BlockSchedule],
}

/// `end − start` in whole days (negative when `end` is earlier).
pub(crate) fn days_between(start: NaiveDate, end: NaiveDate) -> i64 {
    (end - start).num_days()
}

/// `d + n` days, `None` outside chrono's range.
pub(crate) fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_add_signed(Duration::days(n))
}
