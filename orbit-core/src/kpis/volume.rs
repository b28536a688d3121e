//! Case volume (financials-kpis.md §8.6) and the same-day cancellation rate (§8.7): the two KPIs that count
//! cancelled cases. No `Connection`.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use chrono_tz::Tz;

use crate::kpis::model::{
    CancellationDetail, CancellationTiming, Cancellations, CaseVolume, DailyPoint, Direction, KpiCase, KpiInput,
    KpiResult, WeeklyCount,
};
use crate::kpis::rules::{CaseSet, DAILY_POINTS, daily_color, delta, round1, surgeon_name};
use crate::values;

/// The Sunday that starts the week of `date`.
pub fn week_start_sunday(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_sunday()))
}

/// Case volume of one period's set, without the comparison.
pub(crate) fn volume_in(set: &CaseSet, input: &KpiInput) -> CaseVolume {
    let mut weeks: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    let mut count = 0;
    for c in set.cases.iter().filter(|c| input.filter.passes(c)) {
        *weeks.entry(week_start_sunday(c.scheduled_date)).or_default() += 1;
        count += 1;
    }
    CaseVolume {
        value: count,
        previous_value: 0,
        delta: None,
        delta_type: None,
        weekly: weeks.into_iter().map(|(week_start, count)| WeeklyCount { week_start, count }).collect(),
    }
}

/// Case volume (§8.6; higher is better, every status counted) of `input.period`, compared with
/// `input.previous`.
pub fn case_volume(input: &KpiInput) -> CaseVolume {
    let mut out = volume_in(&CaseSet::of(input.cases, input.period), input);
    let previous = volume_in(&CaseSet::of(input.cases, input.previous), input).value;
    let d = delta(out.value as f64, previous as f64, Direction::HigherIsBetter);
    out.previous_value = previous;
    out.delta = d.map(|(v, _)| v);
    out.delta_type = d.map(|(_, t)| t);
    out
}

/// When a cancelled case was cancelled (§8.7): same-day iff `local_date(cancelled_at) = scheduled_date` or
/// cancelled_at is NULL; an earlier local date is `prior_day`, a later one `other`.
pub fn cancellation_timing(c: &KpiCase, tz: Tz) -> CancellationTiming {
    match c.cancelled_at.map(|at| values::local_date(at, tz)) {
        None => CancellationTiming::SameDay,
        Some(d) if d == c.scheduled_date => CancellationTiming::SameDay,
        Some(d) if d < c.scheduled_date => CancellationTiming::PriorDay,
        Some(_) => CancellationTiming::Other,
    }
}

/// Same-day cancellation rate of one period's set, without the comparison.
pub(crate) fn cancellations_in(set: &CaseSet, input: &KpiInput) -> Cancellations {
    let target = input.settings.cancellation_target_percent;
    let mut per_day: BTreeMap<NaiveDate, (usize, usize)> = BTreeMap::new();
    let mut details = Vec::new();
    let mut total = 0usize;
    for c in set.cases.iter().copied().filter(|c| input.filter.passes(c)) {
        total += 1;
        let day = per_day.entry(c.scheduled_date).or_default();
        day.1 += 1;
        if !c.is_cancelled() {
            continue;
        }
        let timing = cancellation_timing(c, input.tz);
        day.0 += usize::from(timing == CancellationTiming::SameDay);
        details.push(CancellationDetail {
            case_id: c.id.clone(),
            case_number: c.case_number.clone(),
            date: c.scheduled_date,
            cancelled_at: c.cancelled_at,
            cancelled_date: c.cancelled_at.map(|at| values::local_date(at, input.tz)),
            timing,
            surgeon_name: surgeon_name(c),
            room_name: c.room_name.clone(),
        });
    }
    details.sort_by(|a, b| (a.date, &a.case_number, &a.case_id).cmp(&(b.date, &b.case_number, &b.case_id)));
    let same_day = details.iter().filter(|d| d.timing == CancellationTiming::SameDay).count();
    let rate = if total == 0 { 0.0 } else { same_day as f64 / total as f64 * 100.0 };
    let skip = per_day.len().saturating_sub(DAILY_POINTS);
    let daily: Vec<DailyPoint> = per_day
        .iter()
        .skip(skip)
        .map(|(&date, &(same, n))| DailyPoint {
            date,
            numeric_value: same as f64,
            color: daily_color(same as f64 / n as f64 * 100.0, target, Direction::LowerIsBetter),
        })
        .collect();
    Cancellations {
        result: KpiResult::new(round1(rate), target, rate <= target, daily),
        rate,
        same_day_count: same_day as i64,
        cancelled_count: details.len() as i64,
        total_cases: total as i64,
        details,
    }
}

/// Same-day cancellation rate (§8.7; lower is better) of `input.period`, compared with `input.previous`.
pub fn cancellation_rate(input: &KpiInput) -> Cancellations {
    let mut out = cancellations_in(&CaseSet::of(input.cases, input.period), input);
    let previous = cancellations_in(&CaseSet::of(input.cases, input.previous), input);
    out.result.compare(previous.result.value, Direction::LowerIsBetter);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpis::model::{DeltaType, KpiColor, KpiSettings};
    use crate::kpis::testkit::{CaseBuilder, day, input, local, period, utc};

    /// E9: 40 cases on 2025-03-10 (America/New_York); one cancelled at 06:15 local that day, one at
    /// 2025-03-10T02:00Z (22:00 local on 03-09), one with NULL cancelled_at.
    fn e9_cases() -> Vec<KpiCase> {
        let d = day(10);
        let mut rows: Vec<KpiCase> = (0..37).map(|i| CaseBuilder::new(&format!("c{i:02}"), d).build()).collect();
        let cancelled = |id: &str| CaseBuilder::new(id, d).status("cancelled");
        rows.push(cancelled("x1").cancelled_at(Some(local(d, "06:15:00"))).build());
        rows.push(cancelled("x2").cancelled_at(Some(utc(d, "02:00:00"))).build());
        rows.push(cancelled("x3").cancelled_at(None).build());
        rows
    }

    #[test]
    fn worked_example_9_cancellation_rate() {
        let rows = e9_cases();
        let settings = KpiSettings::default();
        let out = cancellation_rate(&input(&rows, &settings, period(10, 10)));
        assert_eq!(out.total_cases, 40);
        assert_eq!((out.same_day_count, out.cancelled_count), (2, 3));
        assert_eq!(out.rate, 5.0);
        assert_eq!(out.result.value, 5.0);
        assert!(out.result.target_met, "5.0 ≤ 5");
        let timing: Vec<_> = out.details.iter().map(|d| (d.case_id.as_str(), d.timing)).collect();
        assert_eq!(
            timing,
            [
                ("x1", CancellationTiming::SameDay),
                ("x2", CancellationTiming::PriorDay),
                ("x3", CancellationTiming::SameDay)
            ]
        );
        assert_eq!(out.details[1].cancelled_date, Some(day(9)), "its UTC date is the scheduled date");
        assert_eq!(out.result.daily[0].numeric_value, 2.0);
        assert_eq!(out.result.daily[0].color, KpiColor::Green);
    }

    #[test]
    fn rate_rounds_to_one_decimal_and_later_cancellations_are_other() {
        let d = day(10);
        let mut rows: Vec<KpiCase> = (0..5).map(|i| CaseBuilder::new(&format!("c{i}"), d).build()).collect();
        rows.push(
            CaseBuilder::new("late", d).status("cancelled").cancelled_at(Some(local(day(11), "08:00:00"))).build(),
        );
        rows.push(CaseBuilder::new("same", d).status("cancelled").cancelled_at(Some(local(d, "08:00:00"))).build());
        let settings = KpiSettings::default();
        let out = cancellation_rate(&input(&rows, &settings, period(10, 10)));
        assert_eq!(out.details[0].timing, CancellationTiming::Other);
        assert!((out.rate - 100.0 / 7.0).abs() < 1e-12);
        assert_eq!(out.result.value, 14.3);
        assert!(!out.result.target_met);
        let none = cancellation_rate(&input(&[], &settings, period(10, 10)));
        assert_eq!((none.result.value, none.total_cases), (0.0, 0));
        assert!(none.result.target_met);
    }

    #[test]
    fn volume_counts_every_status_by_sunday_weeks() {
        // 2025-03-08 is a Saturday, 03-09 a Sunday.
        let rows = vec![
            CaseBuilder::new("a", day(8)).build(),
            CaseBuilder::new("b", day(9)).status("cancelled").build(),
            CaseBuilder::new("c", day(10)).build(),
            CaseBuilder::new("d", day(10)).draft().build(),
            CaseBuilder::new("e", day(3)).build(),
        ];
        let settings = KpiSettings::default();
        let out = case_volume(&input(&rows, &settings, period(8, 10)));
        assert_eq!(out.value, 3);
        let weeks: Vec<_> = out.weekly.iter().map(|w| (w.week_start, w.count)).collect();
        assert_eq!(weeks, [(day(2), 1), (day(9), 2)]);
        assert_eq!(week_start_sunday(day(9)), day(9));
        // Previous period 03-05..03-07 has no case → no delta; 03-03 is outside it.
        assert_eq!((out.previous_value, out.delta), (0, None));
        let out = case_volume(&input(&rows, &settings, period(8, 10)).with_previous(period(1, 7)));
        assert_eq!((out.previous_value, out.delta, out.delta_type), (1, Some(200.0), Some(DeltaType::Increase)));
    }
}
