//! Closures and holidays (scheduling-patientflow.md §3): matching a facility's recurring holidays on a date or
//! listing their dates in a year (§3.2), the day status of a date (§3.3, D-S4), and the US federal holiday
//! generator with its observed dates (§3.4). No `Connection`.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, NaiveTime};

use crate::scheduling::model::{Calendar, Closure, DayStatus, Holiday, LAST_WEEK_OF_MONTH, UsHoliday};
use crate::scheduling::rules::{dow, is_last, last_weekday_of_month, nth_weekday_of_month, week_of_month};

// ─── Facility holidays (§3.2) ────────────────────────────────────────────────────────────────────────────────

/// Whether `holiday` matches `d` (§3.2): active, `month(d) = month`, and either `day = day_of_month(d)`, or
/// `DOW(d) = day_of_week` and (`week_of_month ≤ 4` and `week_of_month(d) = week_of_month`, or `week_of_month = 5`
/// and `is_last(d)`). Evaluated as written, so a legacy row with both kinds set matches either.
pub fn holiday_matches(holiday: &Holiday, d: NaiveDate) -> bool {
    if !holiday.is_active || u32::from(holiday.month) != d.month() {
        return false;
    }
    let fixed = holiday.day.is_some_and(|day| u32::from(day) == d.day());
    let weekday = match (holiday.week_of_month, holiday.day_of_week) {
        (Some(w), Some(day)) if day == dow(d) => {
            if w == LAST_WEEK_OF_MONTH {
                is_last(d)
            } else {
                w == week_of_month(d)
            }
        }
        _ => false,
    };
    fixed || weekday
}

/// The dates of `year` on which `holiday` matches, ascending (none when inactive; a fixed 02-29 only in leap
/// years; at most two for a legacy row with both kinds set). Equal to filtering every day of the year through
/// [`holiday_matches`].
pub fn holiday_dates(holiday: &Holiday, year: i32) -> Vec<NaiveDate> {
    if !holiday.is_active {
        return Vec::new();
    }
    let month = u32::from(holiday.month);
    let fixed = holiday.day.and_then(|day| NaiveDate::from_ymd_opt(year, month, u32::from(day)));
    let weekday = match (holiday.week_of_month, holiday.day_of_week) {
        (Some(LAST_WEEK_OF_MONTH), Some(day)) => last_weekday_of_month(year, month, day),
        (Some(w), Some(day)) if w < LAST_WEEK_OF_MONTH => nth_weekday_of_month(year, month, day, w),
        _ => None,
    };
    let dates: BTreeSet<NaiveDate> = fixed.into_iter().chain(weekday).collect();
    dates.into_iter().collect()
}

// ─── Day status (§3.3) ───────────────────────────────────────────────────────────────────────────────────────

/// `day_status(d)` (§3.3, D-S4) from the facility's closures and holidays:
/// - a closure on d ⇒ closed with its reason (takes precedence; the holiday name is still reported);
/// - else a matching full-day holiday ⇒ closed with its name;
/// - else a matching partial holiday ⇒ open, partial, the earliest close time and its holiday's name.
///
/// Ties: among several full-day holidays, or partial ones closing at the same time, the smallest name.
pub fn day_status(closures: &[Closure], holidays: &[Holiday], d: NaiveDate) -> DayStatus {
    let closure = closures.iter().find(|c| c.closure_date == d);
    let matching = || holidays.iter().filter(|h| holiday_matches(h, d));
    let full_day = matching().filter(|h| h.partial_close().is_none()).min_by(|a, b| a.name.cmp(&b.name));
    let partial: Option<(NaiveTime, &Holiday)> = matching()
        .filter_map(|h| h.partial_close().map(|t| (t, h)))
        .min_by(|(ta, a), (tb, b)| ta.cmp(tb).then_with(|| a.name.cmp(&b.name)));
    let holiday_name = full_day.or(partial.map(|(_, h)| h)).map(|h| h.name.clone());
    let is_closed = closure.is_some() || full_day.is_some();
    let partial_close_time = if is_closed { None } else { partial.map(|(t, _)| t) };
    DayStatus {
        date: d,
        is_closed,
        closure_reason: closure.and_then(|c| c.reason.clone()),
        holiday_name,
        is_partial_holiday: partial_close_time.is_some(),
        partial_close_time,
    }
}

/// `is_facility_closed(d)` = `day_status(d).is_closed` (partial holidays are not closures).
pub fn is_facility_closed(closures: &[Closure], holidays: &[Holiday], d: NaiveDate) -> bool {
    day_status(closures, holidays, d).is_closed
}

impl Calendar<'_> {
    /// [`day_status`] over this calendar.
    pub fn day_status(&self, d: NaiveDate) -> DayStatus {
        day_status(self.closures, self.holidays, d)
    }

    /// [`is_facility_closed`] over this calendar.
    pub fn is_closed(&self, d: NaiveDate) -> bool {
        is_facility_closed(self.closures, self.holidays, d)
    }
}

// ─── US federal holidays (§3.4) ──────────────────────────────────────────────────────────────────────────────

/// The observed date of a fixed-date federal holiday: Saturday → the preceding Friday, Sunday → the following
/// Monday.
fn observed(d: NaiveDate) -> Option<NaiveDate> {
    match dow(d) {
        6 => d.pred_opt(),
        0 => d.succ_opt(),
        _ => Some(d),
    }
}

/// How a federal holiday's date is found.
enum FederalRule {
    /// Month and day, observed.
    Fixed(u32, u32),
    /// Month, weekday, n.
    Nth(u32, u8, u8),
    /// Month, weekday: the last one.
    Last(u32, u8),
}

/// The 11 US federal holidays, in calendar order.
const US_FEDERAL: [(&str, FederalRule); 11] = [
    ("New Year's Day", FederalRule::Fixed(1, 1)),
    ("Martin Luther King Jr. Day", FederalRule::Nth(1, 1, 3)),
    ("Presidents' Day", FederalRule::Nth(2, 1, 3)),
    ("Memorial Day", FederalRule::Last(5, 1)),
    ("Juneteenth", FederalRule::Fixed(6, 19)),
    ("Independence Day", FederalRule::Fixed(7, 4)),
    ("Labor Day", FederalRule::Nth(9, 1, 1)),
    ("Columbus Day", FederalRule::Nth(10, 1, 2)),
    ("Veterans Day", FederalRule::Fixed(11, 11)),
    ("Thanksgiving Day", FederalRule::Nth(11, 4, 4)),
    ("Christmas Day", FederalRule::Fixed(12, 25)),
];

/// `us_federal_holidays(year)` (§3.4): the 11 federal holidays of `year` with their observed dates,
/// ascending. A New Year's Day on a Saturday is observed on December 31 of the previous year and listed here
/// (under `year`). Empty for a year outside chrono's date range.
pub fn us_federal_holidays(year: i32) -> Vec<UsHoliday> {
    US_FEDERAL
        .iter()
        .filter_map(|(name, rule)| {
            let date = match *rule {
                FederalRule::Fixed(month, day) => NaiveDate::from_ymd_opt(year, month, day).and_then(observed),
                FederalRule::Nth(month, weekday, n) => nth_weekday_of_month(year, month, weekday, n),
                FederalRule::Last(month, weekday) => last_weekday_of_month(year, month, weekday),
            }?;
            Some(UsHoliday { name: (*name).to_string(), date })
        })
        .collect()
}

/// `us_holiday_dates(start_year, end_year)`: the set of dates listed by `us_federal_holidays(y)` for every `y`
/// in `start_year..=end_year` (so it may hold December 31 of `start_year − 1`, and never holds an observed
/// New Year's Day of `end_year + 1`). Empty when `end_year < start_year`.
pub fn us_holiday_dates(start_year: i32, end_year: i32) -> BTreeSet<NaiveDate> {
    (start_year..=end_year).flat_map(us_federal_holidays).map(|h| h.date).collect()
}

/// `is_us_holiday(d)`: `d` is listed by `us_federal_holidays` of `year(d)` or `year(d) + 1` (2021-12-31, the
/// observed New Year's Day 2022, is a holiday).
pub fn is_us_holiday(d: NaiveDate) -> bool {
    [d.year(), d.year() + 1].into_iter().flat_map(us_federal_holidays).any(|h| h.date == d)
}

/// `count_us_holidays(start, end)`: the number of distinct US federal holiday dates in `[start, end]` (the
/// lists of `year(start)` … `year(end) + 1`); 0 when `end < start`.
pub fn count_us_holidays(start: NaiveDate, end: NaiveDate) -> usize {
    if end < start {
        return 0;
    }
    us_holiday_dates(start.year(), end.year() + 1).range(start..=end).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduling::fixtures::*;
    use crate::scheduling::model::add_days;
    use proptest::prelude::*;

    #[test]
    fn worked_example_2_holidays_thanksgiving_and_memorial_day() {
        let thanksgiving = nth_holiday("Thanksgiving", 11, 4, 4);
        let memorial = nth_holiday("Memorial Day", 5, 1, 5);
        assert!(holiday_matches(&thanksgiving, d("2025-11-27")));
        assert!(!holiday_matches(&thanksgiving, d("2025-11-20")) && !holiday_matches(&thanksgiving, d("2025-11-28")));
        assert!(holiday_matches(&memorial, d("2025-05-26")));
        assert!(!holiday_matches(&memorial, d("2025-05-19")), "the 3rd Monday");
        assert_eq!(holiday_dates(&thanksgiving, 2025), [d("2025-11-27")]);
        assert_eq!(holiday_dates(&memorial, 2025), [d("2025-05-26")]);
        // 2021: May has five Mondays; week 5 = last = the 5th (31st).
        assert_eq!(holiday_dates(&memorial, 2021), [d("2021-05-31")]);
    }

    #[test]
    fn last_weekday_is_the_4th_when_there_is_no_5th() {
        // May 2025's Mondays are 5, 12, 19, 26: week 5 (last) is the 26th, the 4th one.
        let memorial = nth_holiday("Memorial Day", 5, 1, 5);
        assert_eq!(week_of_month(d("2025-05-26")), 4);
        assert!(holiday_matches(&memorial, d("2025-05-26")));
        // A week-4 rule in a month with five such weekdays picks the 4th, not the last.
        let fourth = nth_holiday("Fourth Monday", 3, 1, 4);
        assert_eq!(holiday_dates(&fourth, 2025), [d("2025-03-24")]);
    }

    #[test]
    fn fixed_dates_and_leap_days() {
        let christmas = fixed_holiday("Christmas", 12, 25);
        assert!(holiday_matches(&christmas, d("2027-12-25")), "no observed shifting for facility holidays");
        assert!(!holiday_matches(&christmas, d("2027-12-24")));
        let leap = fixed_holiday("Leap day", 2, 29);
        assert_eq!(holiday_dates(&leap, 2024), [d("2024-02-29")]);
        assert!(holiday_dates(&leap, 2025).is_empty());
    }

    #[test]
    fn inactive_holidays_never_match() {
        let mut christmas = fixed_holiday("Christmas", 12, 25);
        christmas.is_active = false;
        assert!(!holiday_matches(&christmas, d("2025-12-25")));
        assert!(holiday_dates(&christmas, 2025).is_empty());
        assert!(!day_status(&[], &[christmas], d("2025-12-25")).is_closed);
    }

    #[test]
    fn closures_take_precedence_and_keep_the_holiday_name() {
        let closures = [closure("2025-12-25", Some("Flood"))];
        let holidays = [fixed_holiday("Christmas", 12, 25)];
        let s = day_status(&closures, &holidays, d("2025-12-25"));
        assert_eq!(
            s,
            DayStatus {
                date: d("2025-12-25"),
                is_closed: true,
                closure_reason: Some("Flood".into()),
                holiday_name: Some("Christmas".into()),
                is_partial_holiday: false,
                partial_close_time: None,
            }
        );
        let plain = day_status(&closures, &[], d("2025-12-25"));
        assert!(plain.is_closed && plain.holiday_name.is_none());
        let no_reason = day_status(&[closure("2025-12-26", None)], &[], d("2025-12-26"));
        assert!(no_reason.is_closed && no_reason.closure_reason.is_none());
        assert!(!day_status(&closures, &holidays, d("2025-12-24")).is_closed);
    }

    #[test]
    fn a_closure_on_a_partial_holiday_reports_the_name_but_no_partial_close() {
        let holidays = [partial(fixed_holiday("Christmas Eve", 12, 24), "12:00")];
        let s = day_status(&[closure("2025-12-24", None)], &holidays, d("2025-12-24"));
        assert!(s.is_closed && !s.is_partial_holiday && s.partial_close_time.is_none());
        assert_eq!(s.holiday_name.as_deref(), Some("Christmas Eve"));
    }

    #[test]
    fn full_day_wins_then_earliest_partial_d_s4() {
        let eve = partial(fixed_holiday("Eve", 12, 24), "12:00");
        let early = partial(nth_holiday("Early", 12, 3, 4), "10:00"); // 4th Wednesday: 2025-12-24
        let full = fixed_holiday("Staff day", 12, 24);
        let day = d("2025-12-24");
        let s = day_status(&[], &[eve.clone(), early.clone()], day);
        assert!(!s.is_closed, "partial holidays are not closures");
        assert!(!is_facility_closed(&[], &[eve.clone(), early.clone()], day));
        assert_eq!((s.is_partial_holiday, s.partial_close_time), (true, Some(t("10:00"))));
        assert_eq!(s.holiday_name.as_deref(), Some("Early"));
        let s = day_status(&[], &[eve.clone(), full, early], day);
        assert!(s.is_closed && !s.is_partial_holiday && s.partial_close_time.is_none());
        assert_eq!(s.holiday_name.as_deref(), Some("Staff day"));
        // Same close time: the smaller name.
        let also_noon = partial(fixed_holiday("Another", 12, 24), "12:00");
        assert_eq!(day_status(&[], &[eve, also_noon], day).holiday_name.as_deref(), Some("Another"));
    }

    #[test]
    fn calendar_is_a_shorthand() {
        let closures = [closure("2025-07-03", None)];
        let cal = Calendar { closures: &closures, holidays: &[] };
        assert!(cal.is_closed(d("2025-07-03")) && !cal.is_closed(d("2025-07-02")));
        assert_eq!(cal.day_status(d("2025-07-03")), day_status(&closures, &[], d("2025-07-03")));
    }

    #[test]
    fn us_federal_holidays_2025() {
        let list: Vec<(String, NaiveDate)> = us_federal_holidays(2025).into_iter().map(|h| (h.name, h.date)).collect();
        let expected = [
            ("New Year's Day", "2025-01-01"),
            ("Martin Luther King Jr. Day", "2025-01-20"),
            ("Presidents' Day", "2025-02-17"),
            ("Memorial Day", "2025-05-26"),
            ("Juneteenth", "2025-06-19"),
            ("Independence Day", "2025-07-04"),
            ("Labor Day", "2025-09-01"),
            ("Columbus Day", "2025-10-13"),
            ("Veterans Day", "2025-11-11"),
            ("Thanksgiving Day", "2025-11-27"),
            ("Christmas Day", "2025-12-25"),
        ]
        .map(|(n, x)| (n.to_string(), d(x)));
        assert_eq!(list, expected);
    }

    #[test]
    fn us_federal_holidays_use_observed_dates() {
        // 2022: New Year's Day on a Saturday → Friday 2021-12-31, listed under 2022; Christmas on a Sunday →
        // Monday 12-26; Juneteenth on a Sunday → Monday 06-20.
        let y2022 = us_federal_holidays(2022);
        assert_eq!(y2022[0].date, d("2021-12-31"));
        assert_eq!(y2022.iter().find(|h| h.name == "Juneteenth").unwrap().date, d("2022-06-20"));
        assert_eq!(y2022.last().unwrap().date, d("2022-12-26"));
        // 2026: Independence Day on a Saturday → Friday 07-03.
        assert!(us_federal_holidays(2026).iter().any(|h| h.date == d("2026-07-03")));
        assert!(is_us_holiday(d("2021-12-31")), "consults the list of year + 1");
        assert!(!is_us_holiday(d("2022-01-01")), "the Saturday itself is not observed");
        assert!(!is_us_holiday(d("2021-12-30")));
        assert!(us_holiday_dates(2022, 2022).contains(&d("2021-12-31")));
        assert!(!us_holiday_dates(2021, 2021).contains(&d("2021-12-31")));
        assert_eq!(count_us_holidays(d("2021-12-01"), d("2021-12-31")), 2, "Christmas (obs. 12-24) and 12-31");
        assert_eq!(count_us_holidays(d("2025-01-01"), d("2025-12-31")), 11);
        assert_eq!(count_us_holidays(d("2025-12-31"), d("2025-01-01")), 0);
        assert_eq!(us_holiday_dates(2025, 2024).len(), 0);
    }

    fn arb_holiday() -> impl Strategy<Value = Holiday> {
        (1u8..13, prop::option::of(1u8..32), prop::option::of((1u8..6, 0u8..7)), any::<bool>()).prop_map(
            |(month, day, weekday, is_active)| {
                let mut h = fixed_holiday("h", month, 1);
                h.day = day;
                h.week_of_month = weekday.map(|w| w.0);
                h.day_of_week = weekday.map(|w| w.1);
                h.is_active = is_active;
                h
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn holiday_dates_equal_matching_each_day(h in arb_holiday(), year in 1995i32..2060) {
            let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
            let by_day: Vec<NaiveDate> = (0..366)
                .filter_map(|n| add_days(first, n))
                .filter(|x| x.year() == year && holiday_matches(&h, *x))
                .collect();
            prop_assert_eq!(holiday_dates(&h, year), by_day);
        }

        #[test]
        fn us_holidays_are_eleven_ascending_weekdays(year in 1900i32..2200) {
            let list = us_federal_holidays(year);
            prop_assert_eq!(list.len(), 11);
            prop_assert!(list.windows(2).all(|w| w[0].date < w[1].date));
            prop_assert!(list.iter().all(|h| (1..=5).contains(&dow(h.date)) && is_us_holiday(h.date)));
        }
    }
}
