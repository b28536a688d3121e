//! The pure calendar rules (scheduling-patientflow.md §0, §1, §2.2): the date primitives `DOW`,
//! `week_of_month`, `is_last`, nth / last weekday of a month, wall-clock minutes; the block recurrence
//! ([`occurs_on`] for one day, [`expand_block`] for a range); the effective-dated room hours ([`room_hours`]) and
//! the `set_room_week` save plan and `available_hours`. No `Connection`.

use std::cmp::Ordering;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

use crate::error::{Error, Result};
use crate::flags::rules::js_round;
use crate::scheduling::model::{
    BlockSchedule, DEFAULT_AVAILABLE_HOURS, DateRange, MIN_AVAILABLE_HOURS, Recurrence, RoomDayHours, RoomHours,
    RoomSchedule, RoomWeekPlan, add_days, days_between,
};

// ─── Date primitives (§0, §3.4) ──────────────────────────────────────────────────────────────────────────────

/// `DOW(d)`: 0 = Sunday … 6 = Saturday.
pub fn dow(d: NaiveDate) -> u8 {
    d.weekday().num_days_from_sunday() as u8
}

/// `week_of_month(d) = ceil(day_of_month(d) / 7)` (1..5): d is the nth such weekday of its month.
pub fn week_of_month(d: NaiveDate) -> u8 {
    ((d.day() - 1) / 7 + 1) as u8
}

/// Number of days of `month` (1..12) in `year`; 0 for a month outside 1..12.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 0,
    }
}

/// `is_last(d) ⇔ month(d + 7 days) ≠ month(d)`: d is the last such weekday of its month.
pub fn is_last(d: NaiveDate) -> bool {
    d.day() + 7 > days_in_month(d.year(), d.month())
}

/// The `n`th (1..5) weekday `day_of_week` of a month: day `1 + ((weekday − DOW(1st) + 7) mod 7) + 7(n − 1)`
/// (§3.4); `None` when the month has no such day (a 5th one, or invalid arguments).
pub fn nth_weekday_of_month(year: i32, month: u32, day_of_week: u8, n: u8) -> Option<NaiveDate> {
    if day_of_week > 6 || !(1..=5).contains(&n) {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let day = 1 + (u32::from(day_of_week) + 7 - u32::from(dow(first))) % 7 + 7 * (u32::from(n) - 1);
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The last weekday `day_of_week` of a month: `last_day − ((DOW(last_day) − weekday + 7) mod 7)` (§3.4).
pub fn last_weekday_of_month(year: i32, month: u32, day_of_week: u8) -> Option<NaiveDate> {
    if day_of_week > 6 {
        return None;
    }
    let last = NaiveDate::from_ymd_opt(year, month, days_in_month(year, month))?;
    let back = (u32::from(dow(last)) + 7 - u32::from(day_of_week)) % 7;
    NaiveDate::from_ymd_opt(year, month, last.day() - back)
}

/// Minutes since midnight of a wall-clock time (seconds ignored: schedule times are whole minutes).
pub fn minute_of_day(t: NaiveTime) -> i64 {
    i64::from(t.hour()) * 60 + i64::from(t.minute())
}

/// Wall-clock minutes from `start` to `end`: the difference of minutes-of-day (§0, D-S5), negative when `end`
/// is earlier. A 07:00–17:00 day is always 600 minutes, DST or not.
pub fn wall_minutes(start: NaiveTime, end: NaiveTime) -> i64 {
    minute_of_day(end) - minute_of_day(start)
}

/// The first date ≥ `d` whose `DOW` is `day_of_week` (0..6).
fn next_weekday(d: NaiveDate, day_of_week: u8) -> Option<NaiveDate> {
    add_days(d, i64::from((day_of_week + 7 - dow(d)) % 7))
}

/// The months `(year, month)` from `start`'s to `end`'s, ascending.
fn months(start: NaiveDate, end: NaiveDate) -> impl Iterator<Item = (i32, u32)> {
    let first = i64::from(start.year()) * 12 + i64::from(start.month0());
    let last = i64::from(end.year()) * 12 + i64::from(end.month0());
    (first..=last).map(|m| (m.div_euclid(12) as i32, m.rem_euclid(12) as u32 + 1))
}

// ─── Block recurrence (§2.2) ─────────────────────────────────────────────────────────────────────────────────

/// Whether the recurrence rule alone (§2.2 table) holds on `d`, a date with the block's weekday on or after
/// `effective_start`.
fn rule_holds(recurrence: Recurrence, effective_start: NaiveDate, d: NaiveDate) -> bool {
    match recurrence {
        Recurrence::Weekly => true,
        Recurrence::Biweekly => days_between(effective_start, d).rem_euclid(14) < 7,
        Recurrence::LastOnly => is_last(d),
        other => other.weeks_of_month().is_some_and(|w| w.contains(&week_of_month(d))),
    }
}

/// The effective dates of `block` inside `range`: `[max(start, effective_start), min(end, effective_end ??
/// end)]`, `None` if empty.
fn effective_span(block: &BlockSchedule, range: DateRange) -> Option<(NaiveDate, NaiveDate)> {
    let lo = range.start.max(block.effective_start);
    let hi = block.effective_end.map_or(range.end, |e| e.min(range.end));
    (lo <= hi).then_some((lo, hi))
}

/// Whether `block` occurs on `d` (§2.2): not deleted; `effective_start ≤ d`; `effective_end` NULL or `d ≤
/// effective_end`; `DOW(d) = day_of_week`; `d ∉ exception_dates`; and the recurrence rule holds. The single
/// occurrence function of the calendar, availability and utilization (D-S3).
pub fn occurs_on(block: &BlockSchedule, d: NaiveDate) -> bool {
    block.deleted_at.is_none()
        && block.effective_start <= d
        && block.effective_end.is_none_or(|e| d <= e)
        && dow(d) == block.day_of_week
        && !block.exception_dates.contains(&d)
        && rule_holds(block.recurrence, block.effective_start, d)
}

/// Every date of `range` on which `block` occurs, ascending; exactly `range.days().filter(|d| occurs_on(block,
/// *d))`, computed without visiting each day: weekly and biweekly rules step 7 / 14 days from the first
/// occurrence (biweekly: the first matching weekday on or after `effective_start`, then every 14 days), "week n"
/// and last-week rules compute the nth / last weekday of each month of the range.
pub fn expand_block(block: &BlockSchedule, range: DateRange) -> Vec<NaiveDate> {
    let Some((lo, hi)) = effective_span(block, range) else { return Vec::new() };
    if block.deleted_at.is_some() || block.day_of_week > 6 {
        return Vec::new();
    }
    let mut dates = Vec::new();
    match block.recurrence {
        Recurrence::Weekly | Recurrence::Biweekly => {
            let step = if block.recurrence == Recurrence::Weekly { 7 } else { 14 };
            // Biweekly occurrences are anchor + 14k, anchor = the first matching weekday ≥ effective_start.
            let anchor = if step == 7 { lo } else { block.effective_start };
            let Some(mut d) = next_weekday(anchor, block.day_of_week) else { return dates };
            if d < lo {
                let Some(next) = add_days(d, days_between(d, lo).div_euclid(step) * step) else { return dates };
                d = next;
                if d < lo {
                    let Some(next) = add_days(d, step) else { return dates };
                    d = next;
                }
            }
            while d <= hi {
                dates.push(d);
                let Some(next) = add_days(d, step) else { break };
                d = next;
            }
        }
        recurrence => {
            for (year, month) in months(lo, hi) {
                let candidates: Vec<NaiveDate> = match recurrence.weeks_of_month() {
                    Some(weeks) => {
                        weeks.iter().filter_map(|n| nth_weekday_of_month(year, month, block.day_of_week, *n)).collect()
                    }
                    None => last_weekday_of_month(year, month, block.day_of_week).into_iter().collect(),
                };
                dates.extend(candidates.into_iter().filter(|d| lo <= *d && *d <= hi));
            }
        }
    }
    dates.retain(|d| !block.exception_dates.contains(d));
    dates
}

// ─── Room hours (§1) ─────────────────────────────────────────────────────────────────────────────────────────

/// Resolution order of two candidate rows: greater effective_start, then later created_at, then greater id
/// (ids are UUIDv7, so the later insert).
fn schedule_precedence(a: &RoomSchedule, b: &RoomSchedule) -> Ordering {
    (a.effective_start, a.created_at, &a.id).cmp(&(b.effective_start, b.created_at, &b.id))
}

/// Whether a `room_schedules` row applies on `d`: weekday, `effective_start ≤ d`, `effective_end` NULL or ≥ d.
fn schedule_applies(row: &RoomSchedule, d: NaiveDate) -> bool {
    row.day_of_week == dow(d) && row.effective_start <= d && row.effective_end.is_none_or(|e| e >= d)
}

/// `room_schedule(room, d)` (§1.2) over the given rows of one room: the applying row with the greatest
/// effective_start (tie: latest created_at, then greatest id); no row → the default week (D-S1).
pub(crate) fn resolve_hours<'a>(rows: impl IntoIterator<Item = &'a RoomSchedule>, d: NaiveDate) -> RoomHours {
    match rows.into_iter().filter(|r| schedule_applies(r, d)).max_by(|a, b| schedule_precedence(a, b)) {
        Some(row) => RoomHours {
            schedule_id: Some(row.id.clone()),
            is_closed: row.is_closed,
            open_time: row.open_time,
            close_time: row.close_time,
        },
        None => {
            let default = RoomDayHours::default_for(dow(d));
            RoomHours {
                schedule_id: None,
                is_closed: default.is_closed,
                open_time: default.open_time,
                close_time: default.close_time,
            }
        }
    }
}

/// The weekly hours of room `or_room_id` on `d` (§1.2 resolution) from `schedules` (rows of other rooms are
/// ignored); the default week when no row applies.
pub fn room_hours(schedules: &[RoomSchedule], or_room_id: &str, d: NaiveDate) -> RoomHours {
    resolve_hours(schedules.iter().filter(|r| r.or_room_id == or_room_id), d)
}

/// The writes of `set_room_week(room, days, effective_start)` (§1.2 steps 1–3, D-S2) given the room's existing
/// rows (rows of other rooms are ignored): a row starting after `effective_start` → `Conflict`; rows starting on
/// it → update in place; else end the rows still effective on it the day before. Step 4 is
/// [`room_available_hours`].
pub fn plan_room_week_save(
    rows: &[RoomSchedule],
    or_room_id: &str,
    effective_start: NaiveDate,
) -> Result<RoomWeekPlan> {
    let rows: Vec<&RoomSchedule> = rows.iter().filter(|r| r.or_room_id == or_room_id).collect();
    if rows.iter().any(|r| r.effective_start > effective_start) {
        return Err(Error::conflict("effective_start: a later week exists for this room"));
    }
    let same: Vec<String> =
        rows.iter().filter(|r| r.effective_start == effective_start).map(|r| r.id.clone()).collect();
    if !same.is_empty() {
        return Ok(RoomWeekPlan::UpdateInPlace { row_ids: same });
    }
    let effective_end = effective_start
        .pred_opt()
        .ok_or_else(|| Error::invalid("effective_start", "must be after the first representable date"))?;
    let end_row_ids = rows
        .iter()
        .filter(|r| r.effective_start < effective_start && r.effective_end.is_none_or(|e| e >= effective_start))
        .map(|r| r.id.clone())
        .collect();
    Ok(RoomWeekPlan::NewVersion { end_row_ids, effective_end })
}

/// `or_rooms.available_hours` after saving `week` (§1.1): `round1(mean over open days of (close − open) hours)`
/// with `round1(x) = round_js(10x) / 10`, at least [`MIN_AVAILABLE_HOURS`]; [`DEFAULT_AVAILABLE_HOURS`] when
/// no day is open. Hours are wall-clock (D-S5).
pub fn room_available_hours(week: &[RoomDayHours]) -> f64 {
    let open: Vec<i64> =
        week.iter().filter(|d| !d.is_closed).map(|d| wall_minutes(d.open_time, d.close_time).max(0)).collect();
    if open.is_empty() {
        return DEFAULT_AVAILABLE_HOURS;
    }
    let mean_hours = open.iter().sum::<i64>() as f64 / 60.0 / open.len() as f64;
    (js_round(mean_hours * 10.0) / 10.0).max(MIN_AVAILABLE_HOURS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::scheduling::fixtures::*;
    use proptest::prelude::*;

    fn march_mondays(block: &BlockSchedule) -> Vec<u32> {
        let range = DateRange::new(d("2025-03-01"), d("2025-03-31")).unwrap();
        let expanded: Vec<u32> = expand_block(block, range).iter().map(|x| x.day()).collect();
        let per_day: Vec<u32> = range.days().filter(|x| occurs_on(block, *x)).map(|x| x.day()).collect();
        assert_eq!(expanded, per_day, "{:?}", block.recurrence);
        expanded
    }

    #[test]
    fn worked_example_1_recurrence_march_2025_mondays() {
        let monday = |r| block("b", 1, r, "2025-01-01");
        assert_eq!(
            [3, 10, 17, 24, 31].map(|x| week_of_month(d(&format!("2025-03-{x:02}")))),
            [1, 2, 3, 4, 5],
            "weeks 1–5"
        );
        assert_eq!(march_mondays(&monday(Recurrence::Weekly)), [3, 10, 17, 24, 31]);
        assert_eq!(march_mondays(&monday(Recurrence::FirstThirdFifth)), [3, 17, 31]);
        assert_eq!(march_mondays(&monday(Recurrence::SecondFourth)), [10, 24]);
        assert_eq!(march_mondays(&monday(Recurrence::FourthOnly)), [24]);
        assert_eq!(march_mondays(&monday(Recurrence::LastOnly)), [31], "24 is week 4 but not last");
        assert!(!is_last(d("2025-03-24")) && is_last(d("2025-03-31")));
        let mut biweekly = block("b", 1, Recurrence::Biweekly, "2025-03-03");
        assert_eq!(march_mondays(&biweekly), [3, 17, 31]);
        biweekly.exception_dates = vec![d("2025-03-17")];
        assert_eq!(march_mondays(&biweekly), [3, 31], "the exception removes the 17th");
    }

    #[test]
    fn remaining_week_n_rules() {
        let monday = |r| block("b", 1, r, "2025-01-01");
        assert_eq!(march_mondays(&monday(Recurrence::FirstOnly)), [3]);
        assert_eq!(march_mondays(&monday(Recurrence::SecondOnly)), [10]);
        assert_eq!(march_mondays(&monday(Recurrence::ThirdOnly)), [17]);
    }

    #[test]
    fn last_week_is_the_4th_weekday_in_a_month_without_a_5th() {
        // February 2025 has four Mondays (3, 10, 17, 24): the last one is also the 4th.
        let range = DateRange::new(d("2025-02-01"), d("2025-02-28")).unwrap();
        let last = block("b", 1, Recurrence::LastOnly, "2025-01-01");
        let fourth = block("b", 1, Recurrence::FourthOnly, "2025-01-01");
        let ftf = block("b", 1, Recurrence::FirstThirdFifth, "2025-01-01");
        assert_eq!(expand_block(&last, range), [d("2025-02-24")]);
        assert_eq!(expand_block(&fourth, range), [d("2025-02-24")]);
        assert_eq!(expand_block(&ftf, range), [d("2025-02-03"), d("2025-02-17")], "no 5th Monday");
        assert!(nth_weekday_of_month(2025, 2, 1, 5).is_none());
    }

    #[test]
    fn fifth_weekdays() {
        // 2024-02-29 (leap day) is the 5th Thursday of February 2024.
        assert_eq!(nth_weekday_of_month(2024, 2, 4, 5), Some(d("2024-02-29")));
        assert_eq!(last_weekday_of_month(2024, 2, 4), Some(d("2024-02-29")));
        assert_eq!(nth_weekday_of_month(2023, 2, 4, 5), None);
        let thu = block("b", 4, Recurrence::FirstThirdFifth, "2024-01-01");
        let year = DateRange::new(d("2024-01-01"), d("2024-12-31")).unwrap();
        let fifths: Vec<NaiveDate> = expand_block(&thu, year).into_iter().filter(|x| week_of_month(*x) == 5).collect();
        // Thursdays 2024: 5th ones in Feb, May, Aug, Oct.
        assert_eq!(fifths, [d("2024-02-29"), d("2024-05-30"), d("2024-08-29"), d("2024-10-31")]);
    }

    #[test]
    fn biweekly_anchors_at_effective_start_across_a_year_boundary() {
        // effective_start on a Wednesday: the first Monday on or after it (2024-12-23) is the first occurrence.
        let b = block("b", 1, Recurrence::Biweekly, "2024-12-18");
        let range = DateRange::new(d("2024-12-01"), d("2025-02-10")).unwrap();
        let expected = ["2024-12-23", "2025-01-06", "2025-01-20", "2025-02-03"].map(d);
        assert_eq!(expand_block(&b, range), expected);
        // A range starting mid-cycle keeps the anchor.
        let late = DateRange::new(d("2025-01-07"), d("2025-01-31")).unwrap();
        assert_eq!(expand_block(&b, late), [d("2025-01-20")]);
        assert!(!occurs_on(&b, d("2024-12-30")) && occurs_on(&b, d("2025-01-06")));
        // Changing effective_start re-anchors.
        let moved = block("b", 1, Recurrence::Biweekly, "2024-12-30");
        assert_eq!(expand_block(&moved, range)[0], d("2024-12-30"));
        assert!(!occurs_on(&moved, d("2025-01-06")));
    }

    #[test]
    fn effective_dates_are_inclusive() {
        let mut b = block("b", 1, Recurrence::Weekly, "2025-03-10");
        b.effective_end = Some(d("2025-03-24"));
        assert!(!occurs_on(&b, d("2025-03-03")));
        assert!(occurs_on(&b, d("2025-03-10")), "effective_start is inclusive");
        assert!(occurs_on(&b, d("2025-03-24")), "effective_end is inclusive");
        assert!(!occurs_on(&b, d("2025-03-31")));
        let range = DateRange::new(d("2025-03-01"), d("2025-04-30")).unwrap();
        assert_eq!(expand_block(&b, range), ["2025-03-10", "2025-03-17", "2025-03-24"].map(d));
    }

    #[test]
    fn deleted_blocks_and_other_weekdays_never_occur() {
        let mut b = block("b", 1, Recurrence::Weekly, "2025-01-01");
        assert!(!occurs_on(&b, d("2025-03-04")), "a Tuesday");
        b.deleted_at = Some(1);
        assert!(!occurs_on(&b, d("2025-03-03")));
        assert!(expand_block(&b, DateRange::new(d("2025-03-01"), d("2025-03-31")).unwrap()).is_empty());
    }

    #[test]
    fn exceptions_are_kept_sorted_and_idempotent() {
        let mut b = block("b", 1, Recurrence::Weekly, "2025-01-01");
        assert!(b.add_exception(d("2025-03-17")));
        assert!(b.add_exception(d("2025-03-03")));
        assert!(!b.add_exception(d("2025-03-17")), "idempotent");
        assert!(b.add_exception(d("2025-03-05")), "any valid date, occurrence or not");
        assert_eq!(b.exception_dates, ["2025-03-03", "2025-03-05", "2025-03-17"].map(d));
        assert!(b.remove_exception(d("2025-03-05")) && !b.remove_exception(d("2025-03-05")));
        assert!(!occurs_on(&b, d("2025-03-03")) && occurs_on(&b, d("2025-03-10")));
    }

    #[test]
    fn room_schedule_versions_resolve_by_start_then_created_at() {
        let v1 = room_row("v1", "r", 1, ("07:00", "17:00"), "2025-01-01", 1);
        let v2 = room_row("v2", "r", 1, ("07:30", "15:30"), "2025-04-01", 2);
        let rows = [v2, v1];
        let h = room_hours(&rows, "r", d("2025-03-31"));
        assert_eq!((h.schedule_id.as_deref(), wall_minutes(h.open_time, h.close_time)), (Some("v1"), 600));
        let h = room_hours(&rows, "r", d("2025-04-07"));
        assert_eq!((h.schedule_id.as_deref(), wall_minutes(h.open_time, h.close_time)), (Some("v2"), 480));
        // Same start: the later created_at wins.
        let later = room_row("v2b", "r", 1, ("08:00", "12:00"), "2025-04-01", 3);
        let rows = [rows[0].clone(), rows[1].clone(), later];
        assert_eq!(room_hours(&rows, "r", d("2025-04-07")).schedule_id.as_deref(), Some("v2b"));
        // Another room's rows are ignored; no row → default week (D-S1).
        let h = room_hours(&rows, "other", d("2025-04-07"));
        assert_eq!((h.schedule_id, h.is_closed, h.open_time, h.close_time), (None, false, t("07:00"), t("17:00")));
        assert!(room_hours(&rows, "other", d("2025-04-06")).is_closed, "Sunday is closed in the default week");
        assert!(room_hours(&rows, "r", d("2025-04-08")).schedule_id.is_none(), "no Tuesday row → default week");
    }

    #[test]
    fn room_schedule_effective_end_is_inclusive() {
        let mut v1 = room_row("v1", "r", 1, ("07:00", "17:00"), "2025-01-01", 1);
        v1.effective_end = Some(d("2025-03-31"));
        let v1 = [v1];
        assert_eq!(room_hours(&v1, "r", d("2025-03-31")).schedule_id.as_deref(), Some("v1"));
        assert_eq!(room_hours(&v1, "r", d("2025-04-07")).schedule_id, None, "ended → default week");
        assert_eq!(room_hours(&v1, "r", d("2024-12-30")).schedule_id, None, "before start → default week");
    }

    #[test]
    fn worked_example_3_room_week_saves() {
        let v1 = room_row("v1", "r", 1, ("07:00", "17:00"), "2025-01-01", 1);
        let v2 = room_row("v2", "r", 1, ("07:30", "15:30"), "2025-04-01", 2);
        let rows = [v1.clone(), v2.clone()];
        // Saving a second time on v2's start updates that version in place.
        assert_eq!(
            plan_room_week_save(&rows, "r", d("2025-04-01")).unwrap(),
            RoomWeekPlan::UpdateInPlace { row_ids: vec!["v2".into()] }
        );
        // A start before v2's → Conflict.
        let e = plan_room_week_save(&rows, "r", d("2025-03-15")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Conflict);
        // v2 was created by ending v1 the day before.
        assert_eq!(
            plan_room_week_save(&[v1], "r", d("2025-04-01")).unwrap(),
            RoomWeekPlan::NewVersion { end_row_ids: vec!["v1".into()], effective_end: d("2025-03-31") }
        );
        // A later save ends only the rows still effective on the new start.
        let mut ended = room_row("old", "r", 1, ("07:00", "17:00"), "2024-01-01", 0);
        ended.effective_end = Some(d("2024-12-31"));
        assert_eq!(
            plan_room_week_save(&[ended, v2], "r", d("2025-06-01")).unwrap(),
            RoomWeekPlan::NewVersion { end_row_ids: vec!["v2".into()], effective_end: d("2025-05-31") }
        );
        assert_eq!(
            plan_room_week_save(&[], "r", d("2025-06-01")).unwrap(),
            RoomWeekPlan::NewVersion { end_row_ids: vec![], effective_end: d("2025-05-31") }
        );
    }

    #[test]
    fn worked_example_3_available_hours() {
        let mut week = RoomDayHours::default_week();
        week[5].close_time = t("13:00");
        assert_eq!(room_available_hours(&week), 9.2, "round1(46 / 5)");
        assert_eq!(room_available_hours(&RoomDayHours::default_week()), 10.0);
        let closed = [0, 1, 2, 3, 4, 5, 6].map(|i| RoomDayHours { is_closed: true, ..RoomDayHours::default_for(i) });
        assert_eq!(room_available_hours(&closed), DEFAULT_AVAILABLE_HOURS, "no open day");
        let mut tiny = closed;
        tiny[1] = RoomDayHours { is_closed: false, open_time: t("07:00"), close_time: t("07:01"), day_of_week: 1 };
        assert_eq!(room_available_hours(&tiny), MIN_AVAILABLE_HOURS, "at least 0.1");
        // round_js: 7.25 h → 72.5 → 73 → 7.3.
        tiny[1].close_time = t("14:15");
        assert_eq!(room_available_hours(&tiny), 7.3);
    }

    #[test]
    fn wall_minutes_ignore_dst() {
        // D-S5: a 07:00–17:00 day is 600 minutes on any date; the helper does not even know the date.
        assert_eq!(wall_minutes(t("07:00"), t("17:00")), 600);
        assert_eq!(wall_minutes(t("01:00"), t("05:00")), 240);
    }

    #[test]
    fn date_ranges_are_inclusive_and_ordered() {
        let e = DateRange::new(d("2025-03-02"), d("2025-03-01")).unwrap_err();
        assert_eq!((e.kind(), e.to_string().as_str()), (ErrorKind::InvalidInput, "end: must not be before start"));
        let r = DateRange::new(d("2025-02-27"), d("2025-03-01")).unwrap();
        assert_eq!((r.num_days(), r.days().count()), (3, 3));
        assert!(r.contains(d("2025-03-01")) && !r.contains(d("2025-03-02")));
        let reversed = DateRange { start: d("2025-03-10"), end: d("2025-03-03") };
        assert_eq!((reversed.num_days(), reversed.days().count()), (0, 0));
        assert!(expand_block(&block("b", 1, Recurrence::Weekly, "2025-01-01"), reversed).is_empty());
    }

    #[test]
    fn nth_and_last_weekday_formulas() {
        assert_eq!(nth_weekday_of_month(2025, 11, 4, 4), Some(d("2025-11-27")), "Thanksgiving 2025");
        assert_eq!(last_weekday_of_month(2025, 5, 1), Some(d("2025-05-26")), "Memorial Day 2025");
        assert_eq!(nth_weekday_of_month(2025, 9, 1, 1), Some(d("2025-09-01")), "the 1st is a Monday");
        assert_eq!(nth_weekday_of_month(2025, 9, 1, 6), None);
        assert_eq!(nth_weekday_of_month(2025, 9, 7, 1), None);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
    }

    // ─── Properties ───────────────────────────────────────────────────────────────────────────────────────

    fn arb_block() -> impl Strategy<Value = BlockSchedule> {
        (
            0u8..7,
            prop::sample::select(Recurrence::ALL.to_vec()),
            0i64..1100,
            prop::option::of(0i64..500),
            prop::collection::vec(0i64..1100, 0..6),
            prop::bool::weighted(0.1),
        )
            .prop_map(|(day, recurrence, start, len, exceptions, deleted)| {
                let base = d("2023-06-01");
                let mut b = block("b", day, recurrence, "2023-06-01");
                b.effective_start = add_days(base, start).unwrap();
                b.effective_end = len.map(|n| add_days(b.effective_start, n).unwrap());
                b.exception_dates = exceptions.into_iter().map(|n| add_days(base, n).unwrap()).collect();
                b.exception_dates.sort();
                b.exception_dates.dedup();
                b.deleted_at = deleted.then_some(1);
                b
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// REQUIRED: expanding a year of blocks equals evaluating each day on its own.
        #[test]
        fn expanding_a_year_equals_evaluating_each_day(b in arb_block(), offset in 0i64..900) {
            let start = add_days(d("2023-01-01"), offset).unwrap();
            let range = DateRange::new(start, add_days(start, 364).unwrap()).unwrap();
            let per_day: Vec<NaiveDate> = range.days().filter(|x| occurs_on(&b, *x)).collect();
            prop_assert_eq!(expand_block(&b, range), per_day);
        }

        #[test]
        fn short_ranges_agree_too(b in arb_block(), offset in 0i64..1200, len in 0i64..40) {
            let start = add_days(d("2023-01-01"), offset).unwrap();
            let range = DateRange::new(start, add_days(start, len).unwrap()).unwrap();
            let per_day: Vec<NaiveDate> = range.days().filter(|x| occurs_on(&b, *x)).collect();
            prop_assert_eq!(expand_block(&b, range), per_day);
        }

        #[test]
        fn nth_and_last_weekday_agree_with_week_of_month(year in 1990i32..2100, month in 1u32..13, day in 0u8..7) {
            for n in 1..=5u8 {
                let by_scan = (1..=days_in_month(year, month))
                    .map(|x| NaiveDate::from_ymd_opt(year, month, x).unwrap())
                    .find(|x| dow(*x) == day && week_of_month(*x) == n);
                prop_assert_eq!(nth_weekday_of_month(year, month, day, n), by_scan);
            }
            let last = last_weekday_of_month(year, month, day).unwrap();
            prop_assert!(is_last(last) && dow(last) == day && last.month() == month);
        }
    }
}
