//! First case on-time start (financials-kpis.md §8.1) and the first-case selection it shares with the
//! leaderboard (§8.12). No `Connection`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::clock::Millis;
use crate::kpis::model::{Direction, Fcots, FcotsDetail, FcotsMilestone, KpiCase, KpiInput, KpiResult, KpiSettings};
use crate::kpis::rules::{
    CaseSet, daily_vs_target, local_hhmm, minutes, percent_rounded, room_day_order, scheduled_start, start_time,
    surgeon_name,
};

/// The first case of every room-day among `cases` (§8.1 steps 1–2): cases with a room and a (parseable)
/// start_time, per (scheduled_date, room) the minimum of [`room_day_order`] (smallest start_time, then
/// recorded patient_in with missing last, case_number, id). Returned by (date, room id).
pub fn first_cases<'a>(cases: impl IntoIterator<Item = &'a KpiCase>) -> Vec<&'a KpiCase> {
    let mut firsts: BTreeMap<(NaiveDate, &str), &KpiCase> = BTreeMap::new();
    for c in cases.into_iter().filter(|c| start_time(c).is_some()) {
        let Some(room) = c.or_room_id.as_deref() else { continue };
        let slot = firsts.entry((c.scheduled_date, room)).or_insert(c);
        if room_day_order(c, slot).is_lt() {
            *slot = c;
        }
    }
    firsts.into_values().collect()
}

/// A first case measured against its scheduled start (§8.1 steps 3–4).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FirstCaseStart {
    /// The scheduled start instant (seconds of start_time ignored).
    pub scheduled: Millis,
    /// The actual start (the FCOTS milestone).
    pub actual: Millis,
    /// minutes(scheduled → actual), unrounded, negative when early.
    pub delay: f64,
    /// delay ≤ grace.
    pub on_time: bool,
}

/// The start of a first case; `None` when the FCOTS milestone is not recorded (the room-day is skipped) or
/// the case has no start_time.
pub fn first_case_start(c: &KpiCase, settings: &KpiSettings, tz: Tz) -> Option<FirstCaseStart> {
    let actual = match settings.fcots_milestone {
        FcotsMilestone::PatientIn => c.patient_in,
        FcotsMilestone::Incision => c.incision,
    }?;
    let scheduled = scheduled_start(c, tz)?;
    let delay = minutes(scheduled, actual);
    Some(FirstCaseStart { scheduled, actual, delay, on_time: delay <= settings.fcots_grace_minutes })
}

/// FCOTS of one period's set, without the comparison.
pub(crate) fn fcots_in(set: &CaseSet, input: &KpiInput) -> Fcots {
    let settings = input.settings;
    let mut details = Vec::new();
    let mut per_day: BTreeMap<NaiveDate, (usize, usize)> = BTreeMap::new();
    for c in first_cases(set.timeline.iter().copied()) {
        if !input.filter.passes(c) {
            continue;
        }
        let Some(start) = first_case_start(c, settings, input.tz) else { continue };
        let day = per_day.entry(c.scheduled_date).or_default();
        day.0 += usize::from(start.on_time);
        day.1 += 1;
        details.push(FcotsDetail {
            case_id: c.id.clone(),
            case_number: c.case_number.clone(),
            date: c.scheduled_date,
            room_id: c.or_room_id.clone().unwrap_or_default(),
            room_name: c.room_name.clone(),
            surgeon_id: c.surgeon_id.clone(),
            surgeon_name: surgeon_name(c),
            scheduled_start: local_hhmm(start.scheduled, input.tz),
            actual_start: local_hhmm(start.actual, input.tz),
            delay_minutes: start.delay.max(0.0),
            is_on_time: start.on_time,
        });
    }
    details.sort_by(|a, b| {
        (a.date, &a.room_name, &a.room_id, &a.case_id).cmp(&(b.date, &b.room_name, &b.room_id, &b.case_id))
    });
    let on_time = details.iter().filter(|d| d.is_on_time).count();
    let value = percent_rounded(on_time, details.len());
    let target = settings.fcots_target_percent;
    let daily: BTreeMap<NaiveDate, f64> =
        per_day.into_iter().map(|(d, (ok, n))| (d, ok as f64 / n as f64 * 100.0)).collect();
    Fcots {
        result: KpiResult::new(
            value,
            target,
            value >= target,
            daily_vs_target(&daily, target, Direction::HigherIsBetter),
        ),
        on_time_count: on_time as i64,
        late_count: (details.len() - on_time) as i64,
        first_case_count: details.len() as i64,
        milestone_label: settings.fcots_milestone.label().to_string(),
        grace_minutes: settings.fcots_grace_minutes,
        details,
    }
}

/// FCOTS (§8.1; higher is better) of `input.period`, compared with `input.previous`.
pub fn fcots(input: &KpiInput) -> Fcots {
    let mut out = fcots_in(&CaseSet::of(input.cases, input.period), input);
    let previous = fcots_in(&CaseSet::of(input.cases, input.previous), input);
    out.result.compare(previous.result.value, Direction::HigherIsBetter);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpis::testkit::{CaseBuilder, TZ, day, input, period};

    /// E6: America/New_York, 2025-03-10 (EDT), grace 2.
    fn e6_cases() -> Vec<KpiCase> {
        let d = day(10);
        vec![
            // OR1: first case 07:30, patient_in 11:31:30Z = 07:31:30 local → delay 1.5 → on time.
            CaseBuilder::new("or1-a", d)
                .room("OR1")
                .surgeon("A")
                .start("07:30")
                .at_utc("patient_in", "11:31:30")
                .build(),
            CaseBuilder::new("or1-b", d).room("OR1").surgeon("A").start("09:00").at("patient_in", "09:30:00").build(),
            // OR2: 07:30 case cancelled (ignored); next 08:00, patient_in 08:05 → late.
            CaseBuilder::new("or2-x", d).room("OR2").surgeon("B").start("07:30").status("cancelled").build(),
            CaseBuilder::new("or2-a", d).room("OR2").surgeon("B").start("08:00").at("patient_in", "08:05:00").build(),
            // OR3: first case 07:00 without patient_in → skipped; the 08:00 case is not promoted.
            CaseBuilder::new("or3-a", d).room("OR3").surgeon("C").start("07:00").build(),
            CaseBuilder::new("or3-b", d).room("OR3").surgeon("C").start("08:00").at("patient_in", "08:00:00").build(),
        ]
    }

    #[test]
    fn worked_example_6_fcots_time_zone_and_cancellation() {
        let rows = e6_cases();
        let settings = KpiSettings::default();
        let out = fcots(&input(&rows, &settings, period(10, 10)));
        assert_eq!(out.result.value, 50.0);
        assert_eq!((out.late_count, out.first_case_count, out.on_time_count), (1, 2, 1));
        assert_eq!(out.result.target, 85.0);
        assert!(!out.result.target_met);
        assert_eq!(out.milestone_label, "wheels-in");
        let d: Vec<_> = out.details.iter().map(|d| (d.case_id.as_str(), d.delay_minutes, d.is_on_time)).collect();
        assert_eq!(d, [("or1-a", 1.5, true), ("or2-a", 5.0, false)]);
        assert_eq!((out.details[0].scheduled_start.as_str(), out.details[0].actual_start.as_str()), ("07:30", "07:31"));
        assert_eq!(out.details[0].surgeon_name.as_deref(), Some("Dr. A"));
        assert_eq!(out.result.daily.len(), 1);
        assert_eq!(out.result.daily[0].numeric_value, 50.0);
        assert_eq!(out.result.delta, None, "no previous first cases");
    }

    #[test]
    fn no_first_cases_gives_zero() {
        let settings = KpiSettings::default();
        let out = fcots(&input(&[], &settings, period(10, 10)));
        assert_eq!((out.result.value, out.first_case_count, out.result.target_met), (0.0, 0, false));
        assert!(out.details.is_empty() && out.result.daily.is_empty());
    }

    #[test]
    fn incision_milestone_grace_boundary_and_ties() {
        let d = day(10);
        let rows = vec![
            // Same start: the earlier patient_in is first; early starts are on time with delay 0.
            CaseBuilder::new("b", d)
                .room("OR1")
                .start("07:30")
                .at("patient_in", "07:20:00")
                .at("incision", "07:32:00")
                .build(),
            CaseBuilder::new("a", d).room("OR1").start("07:30:00").at("patient_in", "07:25:00").build(),
            // Missing patient_in sorts last among equal starts; then case_number, id.
            CaseBuilder::new("c", d).room("OR2").start("07:30").build(),
            CaseBuilder::new("e", d)
                .room("OR2")
                .start("07:30")
                .number("N1")
                .at("patient_in", "07:29:00")
                .at("incision", "07:40:00")
                .build(),
            CaseBuilder::new("f", d)
                .room("OR2")
                .start("07:30")
                .number("N0")
                .at("patient_in", "07:29:00")
                .at("incision", "07:31:00")
                .build(),
        ];
        let mut settings = KpiSettings { fcots_milestone: FcotsMilestone::Incision, ..KpiSettings::default() };
        let out = fcots(&input(&rows, &settings, period(10, 10)));
        let d: Vec<_> = out.details.iter().map(|d| (d.case_id.as_str(), d.delay_minutes, d.is_on_time)).collect();
        assert_eq!(d, [("b", 2.0, true), ("f", 1.0, true)], "delay exactly the grace is on time");
        assert_eq!(out.milestone_label, "incision");
        settings.fcots_milestone = FcotsMilestone::PatientIn;
        let out = fcots(&input(&rows, &settings, period(10, 10)));
        let d: Vec<_> = out.details.iter().map(|d| (d.case_id.as_str(), d.delay_minutes)).collect();
        assert_eq!(d, [("b", 0.0), ("f", 0.0)]);
        assert_eq!(out.result.value, 100.0);
        assert!(out.result.target_met);
    }

    #[test]
    fn filters_select_first_cases_without_promoting_others() {
        let rows = e6_cases();
        let settings = KpiSettings::default();
        let filter = crate::kpis::model::KpiFilter { surgeon_ids: Some(vec!["B".into()]), ..Default::default() };
        let out = fcots(&input(&rows, &settings, period(10, 10)).with_filter(filter));
        assert_eq!(out.details.iter().map(|d| d.case_id.as_str()).collect::<Vec<_>>(), ["or2-a"]);
        assert_eq!(out.result.value, 0.0);
        let filter = crate::kpis::model::KpiFilter { room_ids: Some(vec!["OR3".into()]), ..Default::default() };
        let out = fcots(&input(&rows, &settings, period(10, 10)).with_filter(filter));
        assert_eq!(out.first_case_count, 0, "OR3's first case has no actual; its second is not promoted");
    }

    #[test]
    fn delta_against_the_previous_period() {
        let mut rows = e6_cases();
        // Previous day (the default previous period of a one-day period): one on-time first case.
        rows.push(CaseBuilder::new("prev", day(9)).room("OR1").start("07:30").at("patient_in", "07:30:00").build());
        let settings = KpiSettings::default();
        let out = fcots(&input(&rows, &settings, period(10, 10)));
        assert_eq!(out.result.previous_value, 100.0);
        assert_eq!(out.result.delta, Some(50.0));
        assert_eq!(out.result.delta_type, Some(crate::kpis::model::DeltaType::Decrease));
        let _ = TZ;
    }
}
