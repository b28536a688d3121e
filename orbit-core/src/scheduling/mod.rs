//! The scheduling engine (scheduling-patientflow.md §1.2, §2, §3, §4): operating-room weekly hours with
//! effective dates, surgeon block schedules with their recurrence model, facility closures and recurring
//! holidays, the status of a day, the US federal holiday generator, and the room and block time available on
//! a date.
//!
//! This module is the **pure** part: plain data in (rows of `room_schedules`, `block_schedules`,
//! `facility_closures`, `facility_holidays`, `or_rooms` as [`model`] structs), plain data out. No SQL, no I/O,
//! no access checks; the store layer (loading one facility's rows, the writes with their transactions and
//! audit rows, "local today" defaults) and the bindings build on it, calling the `validate_…` helpers before
//! writing.
//!
//! [`store`] is that store layer: it loads one facility's rows, serves the read calls on
//! [`crate::Scope`] (`day_status`, `block_occurrences`, `available_time`), the writes the generic reference
//! calls do not cover (`set_room_week`, block delete/restore and exceptions, closure and holiday deletion),
//! and the row hook through which the reference calls (`create` / `update` of `block_schedules`,
//! `facility_closures`, `facility_holidays`) run the `validate_…` helpers before writing.
//!
//! ```
//! use chrono::NaiveDate;
//! use orbit_core::scheduling::{BlockSchedule, Calendar, DateRange, Recurrence, expand_blocks};
//! let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let time = |s: &str| chrono::NaiveTime::parse_from_str(s, "%H:%M").unwrap();
//! let block = BlockSchedule {
//!     id: "b1".into(),
//!     surgeon_id: "s1".into(),
//!     or_room_id: None,
//!     day_of_week: 1, // Monday
//!     start_time: time("07:00"),
//!     end_time: time("15:00"),
//!     recurrence: "last_only".parse().unwrap(),
//!     effective_start: day("2025-01-01"),
//!     effective_end: None,
//!     exception_dates: vec![],
//!     deleted_at: None,
//! };
//! let march = DateRange::new(day("2025-03-01"), day("2025-03-31")).unwrap();
//! let occurrences = expand_blocks(&[block], Calendar::default(), march);
//! assert_eq!(occurrences.len(), 1);
//! assert_eq!((occurrences[0].date, occurrences[0].duration_minutes), (day("2025-03-31"), 480));
//! assert_eq!(Recurrence::LastOnly.label(), "Last week of month");
//! ```
//!
//! # Where the spec lives
//!
//! | spec | code |
//! |---|---|
//! | §0 `DOW`, `week_of_month`, `is_last`, wall-clock minutes | [`rules::dow`], [`rules::week_of_month`], [`rules::is_last`], [`rules::wall_minutes`] |
//! | §0 whole-minute schedule times | [`validate::schedule_time`], [`validate::whole_minute`] |
//! | §0 `local_instant` (for real minutes, KPI §8.13) | [`Window`], [`BlockOccurrence::window`], [`RoomAvailability::window`] (over [`crate::values::local_instant`]) |
//! | §1.1 `available_hours` recompute | [`rules::room_available_hours`] |
//! | §1.2 rows, resolution, default week (D-S1) | [`RoomSchedule`], [`rules::room_hours`], [`RoomDayHours::default_week`] |
//! | §1.2 save steps 1–3 (D-S2) | [`rules::plan_room_week_save`] → [`RoomWeekPlan`]; [`validate::validate_room_week`] |
//! | §2.1 rows, exceptions | [`BlockSchedule`] (`add_exception`, `remove_exception`), [`validate::validate_block`], [`validate::parse_exception_dates`], [`validate::exception_dates_json`] |
//! | §2.2 recurrence (D-S3) | [`Recurrence`], [`rules::occurs_on`] (one day), [`rules::expand_block`] (a range) |
//! | §2.3 block occurrences | [`availability::expand_blocks`], [`availability::block_occurrence`], [`BlockOccurrence`] |
//! | §3.1 closures | [`Closure`], [`validate::validate_closure`] |
//! | §3.2 holidays | [`Holiday`], [`HolidayKind`], [`holidays::holiday_matches`], [`holidays::holiday_dates`], [`validate::validate_holiday`] |
//! | §3.3 day status (D-S4) | [`holidays::day_status`], [`holidays::is_facility_closed`], [`Calendar`], [`DayStatus`] |
//! | §3.4 US federal holidays | [`holidays::us_federal_holidays`], [`holidays::us_holiday_dates`], [`holidays::is_us_holiday`], [`holidays::count_us_holidays`] |
//! | §4.1 room availability | [`availability::room_availability`], [`RoomAvailability`] |
//! | §4.2–4.4 available time (D-S5) | [`availability::available_time`], [`availability::available_time_on`], [`FacilitySchedule`], [`AvailableTime`] |
//! | §12 examples 1–3 | the tests of [`rules`], [`holidays`], [`availability`] (`worked_example_…`) |
//!
//! # Choices the spec leaves open
//!
//! 1. **Input contract.** The store passes one facility's rows, parsed: times as [`chrono::NaiveTime`], dates as
//!    [`chrono::NaiveDate`], `exception_dates` through [`parse_exception_dates`], `day_of_week` / `month` /
//!    `day` / `week_of_month` as `u8`. Values the table CHECKs forbid (a weekday 7, …) simply never match.
//!    Rows of other rooms passed to the room functions are ignored.
//! 2. **Occurrence order.** The engine knows no surgeon names: occurrences are ordered by date, start_time,
//!    then the blocks' input order (a stable sort), so the store passes blocks ordered by surgeon last name,
//!    first name, block id to get §2.3's order. The `surgeon?` / `room?` filters of §2.3 choose which blocks
//!    are passed. Exceptions are honoured whether or not the list is sorted.
//! 3. **Unavailable occurrences** (closed day, or a partial holiday closing at or before the block's start)
//!    have `effective_end_time = None` and duration 0: the spec defines an effective end only for available
//!    ones. `is_available` ⇔ duration > 0.
//! 4. **Day status details.** A closure day that also matches holidays reports `holiday_name` (the full-day
//!    holiday if any, else the earliest-closing partial one) but `is_partial_holiday = false` and no
//!    `partial_close_time`: the day is closed, there is nothing to truncate. Ties among several full-day
//!    holidays, or partial ones closing at the same time, go to the smallest name (names are unique per
//!    facility). A row with `is_partial = 1` but no close time (forbidden by the CHECK) counts as full-day; a
//!    close time on a non-partial row is ignored.
//! 5. **Holiday matching** evaluates §3.2's formula as written, so a legacy row with both kinds set matches
//!    either date; writes go through [`validate_holiday`] (one kind per row). A fixed 02-29 holiday occurs in
//!    leap years only (no shifting of any kind for facility holidays).
//! 6. **Room resolution tie** beyond the spec's (effective_start, created_at): the greater id (UUIDv7, so the
//!    later insert).
//! 7. **Room availability shape.** `open_time` / `close_time` are `None` when the room has no time at all
//!    (inactive or deleted room, closed day, closed weekday). With a partial holiday closing before the room
//!    opens, `close_time` is that close time (earlier than `open_time`) and the minutes are 0, as the formula
//!    `max(0, close − open)` gives.
//! 8. **Available time lines.** One room line per room passed, in input order (inactive rooms appear with 0
//!    minutes; the facility total is the same as over active rooms only). A block's minutes count towards its
//!    surgeon and the day's total even when its room is not listed or is inactive (§2.3 never looks at room
//!    state), and towards a room line only when `or_room_id` is that room. Surgeon lines: every surgeon with an
//!    occurrence that date, available or not (so a block lost to a holiday shows as 0), ordered by surgeon id.
//!    `unblocked_minutes` of the day = Σ of the rooms' unblocked minutes.
//! 9. **DST** (D-S5): every minute count here is wall-clock. The KPI spec's real minutes come from the
//!    [`Window`] helpers (instants by [`crate::values::local_instant`]), which the engine itself never needs.
//! 10. **Ranges.** [`DateRange::new`] refuses `end < start` (`InvalidInput` on `end`); the engine sets no
//!     maximum length (the store or API may).
//! 11. **US holiday sets.** [`us_holiday_dates`]`(a, b)` is the union of the lists of years a..=b, so it may
//!     hold December 31 of a − 1 and omits a December 31 of b that belongs to b + 1's list;
//!     [`count_us_holidays`]`(start, end)` counts distinct dates in `[start, end]` from the lists of
//!     year(start)..=year(end) + 1, consistent with [`is_us_holiday`]. Years outside chrono's range give empty
//!     lists.
//! 12. **Room week save plan.** The Conflict check (a later week) comes first, even when rows with the same
//!     start exist. [`RoomWeekPlan::UpdateInPlace`] updates by day_of_week and inserts any weekday missing from
//!     that version (the library always writes all seven). The `effective_start = local today` default needs
//!     the facility time zone and the clock, so it is the store's.
//! 13. **`available_hours`** ignores closed days' times; a non-positive open length (impossible after
//!     validation) counts 0 minutes.
//! 14. **Validation.** `exception_dates` must be sorted and distinct when validated (normalize with
//!     [`normalize_exception_dates`] first); a block whose effective span holds no occurrence is allowed
//!     (not impossible, just empty); `week_of_month` must be 1..5 and a fixed `day` at most the month's length
//!     with February ≤ 29; holiday names are trimmed, non-empty, ≤ 100 characters; a closed room day's times
//!     must be whole minutes but need not be ordered. Error messages name the column (`days[n].close_time` for
//!     a week) and never echo the value.
//! 15. **[`HolidayKind`]** is derived, not stored; its string forms (`fixed_date`, `nth_weekday`,
//!     `last_weekday`) are the library's own.

pub mod availability;
pub mod holidays;
pub mod model;
pub mod rules;
pub mod store;
pub mod validate;

#[cfg(test)]
mod fixtures;

pub use availability::{available_time, available_time_on, block_occurrence, expand_blocks, room_availability};
pub use holidays::{
    count_us_holidays, day_status, holiday_dates, holiday_matches, is_facility_closed, is_us_holiday,
    us_federal_holidays, us_holiday_dates,
};
pub use model::{
    AvailableTime, BlockOccurrence, BlockSchedule, Calendar, Closure, DEFAULT_AVAILABLE_HOURS, DEFAULT_CLOSE_TIME,
    DEFAULT_OPEN_DAYS, DEFAULT_OPEN_TIME, DateRange, DayStatus, FacilitySchedule, Holiday, HolidayKind,
    LAST_WEEK_OF_MONTH, MAX_CLOSURE_REASON_CHARS, MAX_HOLIDAY_NAME_CHARS, MIN_AVAILABLE_HOURS, Recurrence, Room,
    RoomAvailability, RoomDayHours, RoomHours, RoomSchedule, RoomTime, RoomWeekPlan, SurgeonBlockTime, UsHoliday,
    Window,
};
pub use rules::{
    dow, expand_block, is_last, last_weekday_of_month, nth_weekday_of_month, occurs_on, plan_room_week_save,
    room_available_hours, room_hours, wall_minutes, week_of_month,
};
pub use validate::{
    exception_dates_json, normalize_exception_dates, parse_exception_dates, schedule_time, validate_block,
    validate_closure, validate_holiday, validate_room_week, whole_minute,
};
