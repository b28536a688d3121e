//! Write-side validation for the scheduling tables (scheduling-patientflow.md §0, §1.2, §2.1, §3.1, §3.2): the
//! store calls these before writing, so impossible rules never reach the database. Every failure is
//! `InvalidInput` naming the column (`day_of_week`, `end_time`, `week_of_month`, `days[2].close_time`, …) and the
//! rule, never the rejected value.

use chrono::{NaiveDate, NaiveTime, Timelike};

use crate::error::{Error, Result};
use crate::scheduling::model::{
    BlockSchedule, Closure, Holiday, HolidayKind, LAST_WEEK_OF_MONTH, MAX_CLOSURE_REASON_CHARS, MAX_HOLIDAY_NAME_CHARS,
    RoomDayHours,
};
use crate::scheduling::rules::days_in_month;
use crate::values;

/// `InvalidInput` on `param` unless `t` is a whole minute (§0: schedule times have seconds `00`).
pub fn whole_minute(param: &str, t: NaiveTime) -> Result<()> {
    if t.second() != 0 || t.nanosecond() != 0 {
        return Err(Error::invalid(param, "must be a whole minute (seconds 00)"));
    }
    Ok(())
}

/// Parses a schedule time given as `HH:MM` or `HH:MM:SS` ([`values::time`]) and checks it is a whole minute.
pub fn schedule_time(param: &str, value: &str) -> Result<NaiveTime> {
    let normalized = values::time(param, value)?;
    let t = NaiveTime::parse_from_str(&normalized, "%H:%M:%S")
        .map_err(|_| Error::invalid(param, "must be a time HH:MM:SS or HH:MM (00:00–23:59)"))?;
    whole_minute(param, t)?;
    Ok(t)
}

/// `InvalidInput` on `param` unless `day_of_week` is 0..6 (0 = Sunday).
fn check_day_of_week(param: &str, day_of_week: u8) -> Result<()> {
    if day_of_week > 6 {
        return Err(Error::invalid(param, "must be between 0 (Sunday) and 6 (Saturday)"));
    }
    Ok(())
}

/// `InvalidInput` on `effective_end` when it precedes `effective_start` (both inclusive).
fn check_effective(start: NaiveDate, end: Option<NaiveDate>) -> Result<()> {
    if end.is_some_and(|e| e < start) {
        return Err(Error::invalid("effective_end", "must not be before effective_start"));
    }
    Ok(())
}

/// Checks a `block_schedules` row before a create or update (§2.1): `day_of_week` 0..6; whole-minute times
/// with `end_time > start_time`; `effective_end` NULL or ≥ `effective_start`; `exception_dates` sorted and
/// distinct (see [`normalize_exception_dates`]). The recurrence is a closed enum, so "week 6" cannot be
/// expressed; an effective span with no occurrence at all is allowed.
pub fn validate_block(block: &BlockSchedule) -> Result<()> {
    check_day_of_week("day_of_week", block.day_of_week)?;
    whole_minute("start_time", block.start_time)?;
    whole_minute("end_time", block.end_time)?;
    if block.end_time <= block.start_time {
        return Err(Error::invalid("end_time", "must be after start_time"));
    }
    check_effective(block.effective_start, block.effective_end)?;
    if block.exception_dates.windows(2).any(|w| w[0] >= w[1]) {
        return Err(Error::invalid("exception_dates", "must be sorted and distinct"));
    }
    Ok(())
}

/// Checks a `facility_holidays` row before a create or update (§3.2): name non-empty (trimmed) and ≤ 100
/// characters; `month` 1..12; exactly one kind ([`Holiday::kind`]); a fixed `day` 1..(days of that month, Feb
/// ≤ 29); `week_of_month` 1..5 (5 = last) and `day_of_week` 0..6; `partial_close_time` set iff `is_partial`,
/// a whole minute.
pub fn validate_holiday(holiday: &Holiday) -> Result<()> {
    values::name("name", &holiday.name, MAX_HOLIDAY_NAME_CHARS)?;
    if !(1..=12).contains(&holiday.month) {
        return Err(Error::invalid("month", "must be between 1 and 12"));
    }
    match holiday.kind()? {
        HolidayKind::FixedDate => {
            // The month's length in a leap year: February allows 29.
            let max = days_in_month(2000, u32::from(holiday.month));
            if !holiday.day.is_some_and(|day| (1..=max).contains(&u32::from(day))) {
                return Err(Error::invalid("day", format!("must be between 1 and {max} for that month")));
            }
        }
        HolidayKind::NthWeekday | HolidayKind::LastWeekday => {
            if !holiday.week_of_month.is_some_and(|w| (1..=LAST_WEEK_OF_MONTH).contains(&w)) {
                return Err(Error::invalid("week_of_month", "must be between 1 and 5 (5 = the last such weekday)"));
            }
            check_day_of_week("day_of_week", holiday.day_of_week.unwrap_or(u8::MAX))?;
        }
    }
    match (holiday.is_partial, holiday.partial_close_time) {
        (true, Some(t)) => whole_minute("partial_close_time", t),
        (true, None) => Err(Error::invalid("partial_close_time", "is required for a partial holiday")),
        (false, Some(_)) => Err(Error::invalid("partial_close_time", "must be unset unless the holiday is partial")),
        (false, None) => Ok(()),
    }
}

/// Checks a `facility_closures` row before an insert (§3.1): `reason` at most 200 characters.
pub fn validate_closure(closure: &Closure) -> Result<()> {
    values::text("reason", closure.reason.as_deref(), MAX_CLOSURE_REASON_CHARS)?;
    Ok(())
}

/// Checks the `days` of `set_room_week` (§1.2): exactly 7 entries, one per `day_of_week` 0..6 (any order);
/// whole-minute times; an open day closes after it opens.
pub fn validate_room_week(days: &[RoomDayHours]) -> Result<()> {
    let mut seen = [false; 7];
    for day in days {
        check_day_of_week("days.day_of_week", day.day_of_week)?;
        seen[usize::from(day.day_of_week)] = true;
    }
    if days.len() != 7 || seen.contains(&false) {
        return Err(Error::invalid("days", "must hold exactly one entry per day_of_week 0..6"));
    }
    for day in days {
        let n = day.day_of_week;
        whole_minute(&format!("days[{n}].open_time"), day.open_time)?;
        whole_minute(&format!("days[{n}].close_time"), day.close_time)?;
        if !day.is_closed && day.close_time <= day.open_time {
            return Err(Error::invalid(&format!("days[{n}].close_time"), "must be after open_time on an open day"));
        }
    }
    Ok(())
}

/// Sorts and de-duplicates exception dates (the stored form of `exception_dates`, §2.1).
pub fn normalize_exception_dates(mut dates: Vec<NaiveDate>) -> Vec<NaiveDate> {
    dates.sort_unstable();
    dates.dedup();
    dates
}

/// Parses the `exception_dates` JSON column (an array of `YYYY-MM-DD` strings), normalized
/// ([`normalize_exception_dates`]); anything else is `InvalidInput` on `exception_dates`.
pub fn parse_exception_dates(json: &str) -> Result<Vec<NaiveDate>> {
    let invalid = || Error::invalid("exception_dates", "must be a JSON array of YYYY-MM-DD dates");
    let items: Vec<String> = serde_json::from_str(json).map_err(|_| invalid())?;
    let dates = items.iter().map(|s| values::date("exception_dates", s)).collect::<Result<Vec<_>>>()?;
    Ok(normalize_exception_dates(dates))
}

/// The `exception_dates` column value: a JSON array of `YYYY-MM-DD` strings (normalized).
pub fn exception_dates_json(dates: &[NaiveDate]) -> String {
    let text: Vec<String> = normalize_exception_dates(dates.to_vec()).iter().map(|d| d.to_string()).collect();
    serde_json::Value::from(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::scheduling::fixtures::*;
    use crate::scheduling::model::Recurrence;

    fn param_of(e: Error) -> String {
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        e.to_string().split(':').next().unwrap().to_string()
    }

    #[test]
    fn schedule_times_are_whole_minutes() {
        assert_eq!(schedule_time("open_time", "07:30").unwrap(), t("07:30"));
        assert_eq!(schedule_time("open_time", "07:30:00").unwrap(), t("07:30"));
        assert_eq!(param_of(schedule_time("open_time", "07:30:15").unwrap_err()), "open_time");
        assert_eq!(param_of(schedule_time("open_time", "24:00").unwrap_err()), "open_time");
        let with_seconds = NaiveTime::from_hms_opt(7, 0, 1).unwrap();
        assert!(whole_minute("x", with_seconds).is_err());
    }

    #[test]
    fn blocks_refuse_impossible_rules() {
        let ok = block("b", 1, Recurrence::Weekly, "2025-01-01");
        assert!(validate_block(&ok).is_ok());
        let bad_day = BlockSchedule { day_of_week: 7, ..ok.clone() };
        assert_eq!(param_of(validate_block(&bad_day).unwrap_err()), "day_of_week");
        let backwards = timed(ok.clone(), "15:00", "07:00");
        assert_eq!(param_of(validate_block(&backwards).unwrap_err()), "end_time");
        let empty = timed(ok.clone(), "07:00", "07:00");
        assert_eq!(param_of(validate_block(&empty).unwrap_err()), "end_time");
        let seconds = BlockSchedule { start_time: NaiveTime::from_hms_opt(7, 0, 30).unwrap(), ..ok.clone() };
        assert_eq!(param_of(validate_block(&seconds).unwrap_err()), "start_time");
        let ends_early = BlockSchedule { effective_end: Some(d("2024-12-31")), ..ok.clone() };
        assert_eq!(param_of(validate_block(&ends_early).unwrap_err()), "effective_end");
        let same_day = BlockSchedule { effective_end: Some(d("2025-01-01")), ..ok.clone() };
        assert!(validate_block(&same_day).is_ok(), "effective_end = effective_start is allowed");
        let unsorted = BlockSchedule { exception_dates: vec![d("2025-03-10"), d("2025-03-03")], ..ok.clone() };
        assert_eq!(param_of(validate_block(&unsorted).unwrap_err()), "exception_dates");
        let fixed = BlockSchedule { exception_dates: normalize_exception_dates(unsorted.exception_dates), ..ok };
        assert!(validate_block(&fixed).is_ok());
    }

    #[test]
    fn holidays_refuse_impossible_rules() {
        assert!(validate_holiday(&fixed_holiday("Christmas", 12, 25)).is_ok());
        assert!(validate_holiday(&fixed_holiday("Leap", 2, 29)).is_ok(), "Feb ≤ 29");
        assert!(validate_holiday(&nth_holiday("Memorial Day", 5, 1, 5)).is_ok());
        let cases = [
            (fixed_holiday("x", 2, 30), "day"),
            (fixed_holiday("x", 4, 31), "day"),
            (fixed_holiday("x", 13, 1), "month"),
            (fixed_holiday("x", 0, 1), "month"),
            (fixed_holiday("   ", 1, 1), "name"),
            (fixed_holiday(&"n".repeat(101), 1, 1), "name"),
            (nth_holiday("x", 1, 1, 6), "week_of_month"),
            (nth_holiday("x", 1, 1, 0), "week_of_month"),
            (nth_holiday("x", 1, 7, 1), "day_of_week"),
            (Holiday { day: Some(1), ..nth_holiday("x", 1, 1, 1) }, "day"),
            (Holiday { day_of_week: None, ..nth_holiday("x", 1, 1, 1) }, "day"),
            (Holiday { day: None, ..fixed_holiday("x", 1, 1) }, "day"),
            (Holiday { is_partial: true, ..fixed_holiday("x", 12, 24) }, "partial_close_time"),
            (Holiday { partial_close_time: Some(t("12:00")), ..fixed_holiday("x", 12, 24) }, "partial_close_time"),
            (
                Holiday {
                    partial_close_time: NaiveTime::from_hms_opt(12, 0, 5),
                    ..partial(fixed_holiday("x", 12, 24), "12:00")
                },
                "partial_close_time",
            ),
        ];
        for (h, param) in cases {
            assert_eq!(param_of(validate_holiday(&h).unwrap_err()), param, "{h:?}");
        }
        assert!(validate_holiday(&partial(fixed_holiday("Eve", 12, 24), "12:00")).is_ok());
    }

    #[test]
    fn holiday_kinds() {
        assert_eq!(fixed_holiday("x", 1, 1).kind().unwrap(), HolidayKind::FixedDate);
        assert_eq!(nth_holiday("x", 11, 4, 4).kind().unwrap(), HolidayKind::NthWeekday);
        assert_eq!(nth_holiday("x", 5, 1, 5).kind().unwrap(), HolidayKind::LastWeekday);
        for k in HolidayKind::ALL {
            assert_eq!(k.as_str().parse::<HolidayKind>().unwrap(), k);
        }
        assert!("weekly".parse::<HolidayKind>().is_err());
    }

    #[test]
    fn recurrence_values_round_trip() {
        for r in Recurrence::ALL {
            assert_eq!(r.as_str().parse::<Recurrence>().unwrap(), r);
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
        assert_eq!(param_of("monthly".parse::<Recurrence>().unwrap_err()), "recurrence_type");
        assert_eq!(Recurrence::default(), Recurrence::Weekly);
        assert_eq!(Recurrence::LastOnly.label(), "Last week of month");
    }

    #[test]
    fn closures_limit_the_reason() {
        assert!(validate_closure(&closure("2025-07-03", Some(&"r".repeat(200)))).is_ok());
        assert!(validate_closure(&closure("2025-07-03", None)).is_ok());
        assert_eq!(param_of(validate_closure(&closure("2025-07-03", Some(&"r".repeat(201)))).unwrap_err()), "reason");
    }

    #[test]
    fn room_weeks_need_seven_distinct_days() {
        let week = RoomDayHours::default_week();
        assert!(validate_room_week(&week).is_ok());
        assert_eq!(param_of(validate_room_week(&week[..6]).unwrap_err()), "days");
        let mut twice = week;
        twice[6].day_of_week = 5;
        assert_eq!(param_of(validate_room_week(&twice).unwrap_err()), "days");
        let mut eight = week.to_vec();
        eight.push(week[1]);
        assert_eq!(param_of(validate_room_week(&eight).unwrap_err()), "days");
        let mut backwards = week;
        backwards[2].close_time = t("06:00");
        assert_eq!(param_of(validate_room_week(&backwards).unwrap_err()), "days[2].close_time");
        let mut closed_backwards = week;
        closed_backwards[0].close_time = t("06:00");
        assert!(validate_room_week(&closed_backwards).is_ok(), "a closed day's times are not checked for order");
        let mut bad_day = week;
        bad_day[0].day_of_week = 9;
        assert_eq!(param_of(validate_room_week(&bad_day).unwrap_err()), "days.day_of_week");
    }

    #[test]
    fn exception_dates_json_round_trip() {
        let dates = parse_exception_dates(r#"["2025-03-17","2025-03-03","2025-03-17"]"#).unwrap();
        assert_eq!(dates, [d("2025-03-03"), d("2025-03-17")]);
        assert_eq!(exception_dates_json(&dates), r#"["2025-03-03","2025-03-17"]"#);
        assert_eq!(exception_dates_json(&[]), "[]");
        assert!(parse_exception_dates("[]").unwrap().is_empty());
        for bad in [r#"["2025-02-30"]"#, r#"[20250303]"#, "{}", "not json", r#"["2025-3-3"]"#] {
            assert_eq!(param_of(parse_exception_dates(bad).unwrap_err()), "exception_dates", "{bad}");
        }
    }
}
