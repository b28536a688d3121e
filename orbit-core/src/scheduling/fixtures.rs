//! Test builders for the scheduling engine: short constructors for rows and dates.

use chrono::{NaiveDate, NaiveTime};

use crate::scheduling::holidays::day_status;
use crate::scheduling::model::{BlockSchedule, Closure, DayStatus, Holiday, Recurrence, Room, RoomSchedule};

/// A date from `YYYY-MM-DD`.
pub(crate) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// A time from `HH:MM`.
pub(crate) fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").expect("test time")
}

/// A time from hour and minute.
pub(crate) fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("test time")
}

/// A block `id` of surgeon `s-<id>` on `day_of_week`, 07:00–17:00, no room, open-ended from `start`.
pub(crate) fn block(id: &str, day_of_week: u8, recurrence: Recurrence, start: &str) -> BlockSchedule {
    BlockSchedule {
        id: id.into(),
        surgeon_id: format!("s-{id}"),
        or_room_id: None,
        day_of_week,
        start_time: t("07:00"),
        end_time: t("17:00"),
        recurrence,
        effective_start: d(start),
        effective_end: None,
        exception_dates: Vec::new(),
        deleted_at: None,
    }
}

/// `b` with other times.
pub(crate) fn timed(b: BlockSchedule, start: &str, end: &str) -> BlockSchedule {
    BlockSchedule { start_time: t(start), end_time: t(end), ..b }
}

/// `b` in room `room`.
pub(crate) fn in_room(b: BlockSchedule, room: &str) -> BlockSchedule {
    BlockSchedule { or_room_id: Some(room.into()), ..b }
}

/// An active room.
pub(crate) fn room(id: &str) -> Room {
    Room { id: id.into(), is_active: true, deleted_at: None }
}

/// An open-ended, open `room_schedules` row.
pub(crate) fn room_row(
    id: &str,
    room: &str,
    day_of_week: u8,
    (open, close): (&str, &str),
    start: &str,
    created_at: i64,
) -> RoomSchedule {
    RoomSchedule {
        id: id.into(),
        or_room_id: room.into(),
        day_of_week,
        open_time: t(open),
        close_time: t(close),
        is_closed: false,
        effective_start: d(start),
        effective_end: None,
        created_at,
    }
}

/// A closure on `date`.
pub(crate) fn closure(date: &str, reason: Option<&str>) -> Closure {
    Closure { id: format!("c-{date}"), closure_date: d(date), reason: reason.map(str::to_string) }
}

/// An active full-day fixed-date holiday.
pub(crate) fn fixed_holiday(name: &str, month: u8, day: u8) -> Holiday {
    Holiday {
        id: format!("h-{name}"),
        name: name.into(),
        month,
        day: Some(day),
        week_of_month: None,
        day_of_week: None,
        is_active: true,
        is_partial: false,
        partial_close_time: None,
    }
}

/// An active full-day nth-weekday holiday (week 5 = last).
pub(crate) fn nth_holiday(name: &str, month: u8, day_of_week: u8, week: u8) -> Holiday {
    Holiday { day: None, week_of_month: Some(week), day_of_week: Some(day_of_week), ..fixed_holiday(name, month, 1) }
}

/// `h` made partial, closing at `close` (`HH:MM`).
pub(crate) fn partial(h: Holiday, close: &str) -> Holiday {
    Holiday { is_partial: true, partial_close_time: Some(t(close)), ..h }
}

/// `day_status` shorthand.
pub(crate) fn day_status_of(closures: &[Closure], holidays: &[Holiday], date: NaiveDate) -> DayStatus {
    day_status(closures, holidays, date)
}
