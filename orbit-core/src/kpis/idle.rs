//! Surgeon idle time and callback advice (financials-kpis.md §8.10). No `Connection`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::kpis::model::{
    CallbackStatus, Direction, IdleCase, IdleGap, IdleSurgeonDay, IdleSurgeonSummary, IdleTime, KpiCase, KpiInput,
    KpiResult, RoomChange, SurgeonRef,
};
use crate::kpis::rules::{
    CaseSet, daily_vs_target, done, js_round, mean, median, minutes, start_time, surgeon_days, surgeon_name,
    surgeon_order,
};

/// Minutes a flip room needs after the call (`optimal_call_delta` buffer of a flip gap).
pub const FLIP_CALL_BUFFER_MINUTES: f64 = 5.0;
/// Minutes a same-room turnover needs after the call (buffer of a same-room gap).
pub const SAME_ROOM_CALL_BUFFER_MINUTES: f64 = 3.0;
/// A same-room gap longer than this flags its surgeon (`surgeons_with_long_same_room_gaps`).
pub const LONG_SAME_ROOM_GAP_MINUTES: f64 = 15.0;
/// Median flip idle at or below this → `call_later`.
pub const CALL_LATER_MAX_FLIP_IDLE_MINUTES: f64 = 2.0;
/// Median flip idle at or below this (and above the call-later bound) → `on_track`.
pub const ON_TRACK_MAX_FLIP_IDLE_MINUTES: f64 = 5.0;
/// Above the on-track bound, a median flip callback delta above this → `call_sooner`.
pub const CALL_SOONER_MIN_DELTA_MINUTES: f64 = 3.0;

/// A kept gap with its cases.
#[derive(Debug, Clone, Copy)]
struct Gap<'a> {
    a: &'a KpiCase,
    b: &'a KpiCase,
    idle: f64,
    delta: f64,
    kind: RoomChange,
}

/// The gap between consecutive cases A → B of a surgeon-day (§8.10 step 2); `None` unless idle > 0.
fn gap<'a>(a: &'a KpiCase, b: &'a KpiCase) -> Option<Gap<'a>> {
    let switch = matches!((a.or_room_id.as_deref(), b.or_room_id.as_deref()), (Some(x), Some(y)) if x != y);
    let next_start = if switch { b.patient_in } else { b.incision.or(b.patient_in) };
    let idle = minutes(done(a)?, next_start?);
    if idle <= 0.0 {
        return None;
    }
    let (kind, buffer) = if switch {
        (RoomChange::Flip, FLIP_CALL_BUFFER_MINUTES)
    } else {
        (RoomChange::SameRoom, SAME_ROOM_CALL_BUFFER_MINUTES)
    };
    Some(Gap { a, b, idle, delta: (idle - buffer).max(0.0), kind })
}

/// The callback advice of §8.10 step 5 from a surgeon's flip-gap count and unrounded medians.
pub fn callback_status(flip_gaps: usize, median_flip_idle: f64, median_call_delta: f64) -> CallbackStatus {
    if flip_gaps == 0 {
        CallbackStatus::TurnoverOnly
    } else if median_flip_idle <= CALL_LATER_MAX_FLIP_IDLE_MINUTES {
        CallbackStatus::CallLater
    } else if median_flip_idle <= ON_TRACK_MAX_FLIP_IDLE_MINUTES || median_call_delta <= CALL_SOONER_MIN_DELTA_MINUTES {
        CallbackStatus::OnTrack
    } else {
        CallbackStatus::CallSooner
    }
}

/// An analysed surgeon-day (≥ 2 ordered cases).
struct Day<'a> {
    date: NaiveDate,
    is_flip_day: bool,
    reported: bool,
    cases: Vec<&'a KpiCase>,
    gaps: Vec<Gap<'a>>,
}

/// The analysed surgeon-days of a timeline (§8.10 steps 1–2), gaps kept when the later case passes the
/// filters.
fn analysed_days<'a>(timeline: &[&'a KpiCase], input: &KpiInput) -> Vec<Day<'a>> {
    let mut out = Vec::new();
    for ((_, date), cases) in surgeon_days(timeline) {
        if cases.len() < 2 {
            continue;
        }
        let rooms: BTreeSet<&str> = cases.iter().filter_map(|c| c.or_room_id.as_deref()).collect();
        let mut ordered: Vec<&KpiCase> = cases.iter().copied().filter(|c| start_time(c).is_some()).collect();
        if ordered.len() < 2 {
            continue;
        }
        ordered.sort_by(|a, b| (start_time(a), &a.case_number, &a.id).cmp(&(start_time(b), &b.case_number, &b.id)));
        let gaps = ordered
            .windows(2)
            .filter(|pair| input.filter.passes(pair[1]))
            .filter_map(|pair| gap(pair[0], pair[1]))
            .collect();
        out.push(Day {
            date,
            is_flip_day: rooms.len() >= 2,
            reported: cases.iter().any(|c| input.filter.passes(c)),
            cases: ordered,
            gaps,
        });
    }
    out
}

/// A §8.10 step 3 KPI over gap minutes: value = round_js(mean), met iff mean ≤ target (or, with `met_if_none`,
/// when there are none); daily = the day's mean gap.
fn idle_kpi(gaps: &[&Gap], target: f64, met_if_none: bool) -> KpiResult {
    let values: Vec<f64> = gaps.iter().map(|g| g.idle).collect();
    let m = mean(&values);
    let mut per_day: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
    for g in gaps {
        per_day.entry(g.b.scheduled_date).or_default().push(g.idle);
    }
    let daily: BTreeMap<NaiveDate, f64> = per_day.iter().map(|(&d, v)| (d, mean(v))).collect();
    let met = (met_if_none && values.is_empty()) || m <= target;
    KpiResult::new(js_round(m), target, met, daily_vs_target(&daily, target, Direction::LowerIsBetter))
}

fn idle_case(c: &KpiCase) -> IdleCase {
    IdleCase {
        case_id: c.id.clone(),
        case_number: c.case_number.clone(),
        room_id: c.or_room_id.clone(),
        room_name: c.room_name.clone(),
        scheduled_start: c.start_time.clone().unwrap_or_default(),
        patient_in: c.patient_in,
        patient_out: c.patient_out,
    }
}

fn idle_gap(g: &Gap) -> IdleGap {
    IdleGap {
        from_case_id: g.a.id.clone(),
        from_case_number: g.a.case_number.clone(),
        to_case_id: g.b.id.clone(),
        to_case_number: g.b.case_number.clone(),
        from_room_id: g.a.or_room_id.clone(),
        to_room_id: g.b.or_room_id.clone(),
        idle_minutes: g.idle,
        optimal_call_delta: g.delta,
        gap_type: g.kind,
    }
}

fn surgeon_ref(c: &KpiCase) -> SurgeonRef {
    SurgeonRef {
        surgeon_id: c.surgeon_id.clone().unwrap_or_default(),
        surgeon_name: surgeon_name(c).unwrap_or_default(),
    }
}

/// One surgeon's summary (§8.10 step 5).
fn surgeon_summary(first: &KpiCase, gaps: &[&Gap], case_count: i64) -> IdleSurgeonSummary {
    let all: Vec<f64> = gaps.iter().map(|g| g.idle).collect();
    let of = |k: RoomChange| gaps.iter().filter(|g| g.kind == k).copied().collect::<Vec<_>>();
    let (flip, same) = (of(RoomChange::Flip), of(RoomChange::SameRoom));
    let flip_idle: Vec<f64> = flip.iter().map(|g| g.idle).collect();
    let flip_delta: Vec<f64> = flip.iter().map(|g| g.delta).collect();
    let same_idle: Vec<f64> = same.iter().map(|g| g.idle).collect();
    let median_flip_idle = median(&flip_idle).unwrap_or(0.0);
    let median_call_delta = median(&flip_delta).unwrap_or(0.0);
    let r = surgeon_ref(first);
    IdleSurgeonSummary {
        surgeon_id: r.surgeon_id,
        surgeon_name: r.surgeon_name,
        gap_count: all.len() as i64,
        flip_gap_count: flip.len() as i64,
        same_room_gap_count: same.len() as i64,
        median_idle_minutes: median(&all).unwrap_or(0.0),
        median_flip_idle_minutes: median_flip_idle,
        median_same_room_idle_minutes: median(&same_idle).unwrap_or(0.0),
        median_call_delta_minutes: median_call_delta,
        case_count,
        status: callback_status(flip.len(), median_flip_idle, median_call_delta),
    }
}

/// Idle time of one period's set, without the comparisons.
pub(crate) fn idle_in(set: &CaseSet, input: &KpiInput) -> IdleTime {
    let settings = input.settings;
    let days = analysed_days(&set.timeline, input);
    let gaps: Vec<&Gap> = days.iter().flat_map(|d| d.gaps.iter()).collect();
    let of = |k: RoomChange| gaps.iter().filter(|g| g.kind == k).copied().collect::<Vec<_>>();
    let (flip, same) = (of(RoomChange::Flip), of(RoomChange::SameRoom));

    let mut long: Vec<&KpiCase> = same.iter().filter(|g| g.idle > LONG_SAME_ROOM_GAP_MINUTES).map(|g| g.b).collect();
    long.sort_by(|a, b| surgeon_order(a, b));
    long.dedup_by(|a, b| a.surgeon_id == b.surgeon_id);

    let mut day_rows: Vec<(&KpiCase, IdleSurgeonDay)> = days
        .iter()
        .filter(|d| !d.gaps.is_empty())
        .map(|d| {
            let idle: Vec<f64> = d.gaps.iter().map(|g| g.idle).collect();
            let r = surgeon_ref(d.cases[0]);
            let row = IdleSurgeonDay {
                surgeon_id: r.surgeon_id,
                surgeon_name: r.surgeon_name,
                date: d.date,
                is_flip_day: d.is_flip_day,
                cases: d.cases.iter().map(|c| idle_case(c)).collect(),
                gaps: d.gaps.iter().map(idle_gap).collect(),
                avg_idle_minutes: mean(&idle),
                total_idle_minutes: idle.iter().fold(0.0, |acc, x| acc + x),
            };
            (d.cases[0], row)
        })
        .collect();
    day_rows.sort_by(|(ca, a), (cb, b)| {
        b.total_idle_minutes
            .total_cmp(&a.total_idle_minutes)
            .then_with(|| a.date.cmp(&b.date))
            .then_with(|| surgeon_order(ca, cb))
    });

    // Per surgeon: the gaps, a case for the names (the first in set order) and the filtered case count.
    let mut by_surgeon: BTreeMap<&str, Vec<&Gap>> = BTreeMap::new();
    for g in &gaps {
        by_surgeon.entry(g.b.surgeon_id.as_deref().unwrap_or_default()).or_default().push(g);
    }
    let mut surgeons: Vec<(&KpiCase, IdleSurgeonSummary)> = by_surgeon
        .into_iter()
        .map(|(id, gs)| {
            let mine: Vec<&KpiCase> =
                set.timeline.iter().copied().filter(|c| c.surgeon_id.as_deref() == Some(id)).collect();
            let case_count = mine.iter().filter(|c| input.filter.passes(c)).count() as i64;
            // Every gap's later case is in the timeline, so `mine` is never empty.
            let first = mine.first().copied().unwrap_or(gs[0].b);
            (first, surgeon_summary(first, &gs, case_count))
        })
        .collect();
    surgeons.sort_by(|(ca, a), (cb, b)| {
        a.status
            .cmp(&b.status)
            .then_with(|| b.median_call_delta_minutes.total_cmp(&a.median_call_delta_minutes))
            .then_with(|| surgeon_order(ca, cb))
    });

    let flip_deltas: Vec<f64> = flip.iter().map(|g| g.delta).collect();
    IdleTime {
        combined: idle_kpi(&gaps, settings.idle_combined_target_minutes, false),
        flip: idle_kpi(&flip, settings.idle_flip_target_minutes, true),
        same_room: idle_kpi(&same, settings.idle_same_room_target_minutes, true),
        surgeon_days_with_gaps: day_rows.len() as i64,
        gap_count: gaps.len() as i64,
        flip_gap_count: flip.len() as i64,
        same_room_gap_count: same.len() as i64,
        flip_surgeon_days: days.iter().filter(|d| d.is_flip_day && d.reported).count() as i64,
        avg_flip_call_delta: mean(&flip_deltas),
        surgeons_with_long_same_room_gaps: long.into_iter().map(surgeon_ref).collect(),
        days: day_rows.into_iter().map(|(_, d)| d).collect(),
        surgeons: surgeons.into_iter().map(|(_, s)| s).collect(),
    }
}

/// Surgeon idle time and callback advice (§8.10; lower is better) of `input.period`, the three KPIs compared
/// with `input.previous`.
pub fn idle_time(input: &KpiInput) -> IdleTime {
    let mut out = idle_in(&CaseSet::of(input.cases, input.period), input);
    let previous = idle_in(&CaseSet::of(input.cases, input.previous), input);
    out.combined.compare(previous.combined.value, Direction::LowerIsBetter);
    out.flip.compare(previous.flip.value, Direction::LowerIsBetter);
    out.same_room.compare(previous.same_room.value, Direction::LowerIsBetter);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpis::model::{KpiFilter, KpiSettings};
    use crate::kpis::testkit::{CaseBuilder, day, input, period};

    /// E8: Dr P (`pa_closes`, handoff 5), starts 07:30 / 08:15 / 09:45.
    fn e8_cases() -> Vec<KpiCase> {
        let d = day(10);
        let p = |id: &str, room: &str, start: &str| {
            CaseBuilder::new(id, d).surgeon("P").pa_closes(5).room(room).start(start)
        };
        vec![
            p("1", "OR1", "07:30")
                .at("patient_in", "07:30:00")
                .at("incision", "07:50:00")
                .at("closing", "09:00:00")
                .build(),
            p("2", "OR2", "08:15")
                .at("patient_in", "09:08:00")
                .at("incision", "09:20:00")
                .at("closing", "10:00:00")
                .build(),
            p("3", "OR1", "09:45").at("patient_in", "10:20:00").at("incision", "10:35:00").build(),
        ]
    }

    #[test]
    fn worked_example_8_idle_and_callback() {
        let rows = e8_cases();
        let settings = KpiSettings::default();
        let out = idle_time(&input(&rows, &settings, period(10, 10)));
        let gaps: Vec<_> =
            out.days[0].gaps.iter().map(|g| (g.idle_minutes, g.optimal_call_delta, g.gap_type)).collect();
        assert_eq!(gaps, [(3.0, 0.0, RoomChange::Flip), (15.0, 10.0, RoomChange::Flip)]);
        assert_eq!(out.flip.value, 9.0);
        assert_eq!(out.flip.target, 5.0);
        assert!(!out.flip.target_met);
        assert_eq!(out.combined.value, 9.0);
        assert!(out.combined.target_met, "9 ≤ 10");
        assert!(out.same_room.target_met, "no same-room gaps");
        assert_eq!(out.avg_flip_call_delta, 5.0);
        assert_eq!((out.flip_surgeon_days, out.surgeon_days_with_gaps), (1, 1));
        let s = &out.surgeons[0];
        assert_eq!((s.median_flip_idle_minutes, s.median_call_delta_minutes), (9.0, 5.0));
        assert_eq!(s.status, CallbackStatus::CallSooner);
        assert_eq!((s.case_count, s.surgeon_name.as_str()), (3, "Dr. P"));
        assert_eq!(out.days[0].total_idle_minutes, 18.0);
        assert!(out.days[0].is_flip_day);
    }

    #[test]
    fn callback_status_thresholds() {
        assert_eq!(callback_status(0, 0.0, 0.0), CallbackStatus::TurnoverOnly);
        assert_eq!(callback_status(1, 2.0, 0.0), CallbackStatus::CallLater);
        assert_eq!(callback_status(1, 5.0, 0.0), CallbackStatus::OnTrack);
        assert_eq!(callback_status(1, 5.5, 3.0), CallbackStatus::OnTrack);
        assert_eq!(callback_status(1, 5.5, 3.5), CallbackStatus::CallSooner);
    }

    #[test]
    fn same_room_gaps_use_incision_and_skip_missing_times() {
        let d = day(10);
        let q = |id: &str, start: Option<&str>| {
            let b = CaseBuilder::new(id, d).surgeon("Q").room("OR1");
            match start {
                Some(s) => b.start(s),
                None => b,
            }
        };
        let rows = vec![
            q("a", Some("07:00")).at("closing_complete", "08:00:00").build(),
            // Same room: next_start = incision 08:20 → 20 (> 15: a long same-room gap).
            q("b", Some("08:00"))
                .at("patient_in", "08:05:00")
                .at("incision", "08:20:00")
                .at("closing_complete", "09:00:00")
                .build(),
            // No incision: patient_in 08:59 → idle ≤ 0, no gap.
            q("c", Some("09:00")).at("patient_in", "08:59:00").build(),
            // No start time: not ordered.
            q("d", None).at("patient_in", "12:00:00").build(),
            // Another surgeon with one case only.
            CaseBuilder::new("z", d).surgeon("Z").room("OR2").start("07:00").build(),
        ];
        let settings = KpiSettings::default();
        let out = idle_time(&input(&rows, &settings, period(10, 10)));
        assert_eq!((out.gap_count, out.same_room_gap_count, out.flip_gap_count), (1, 1, 0));
        assert_eq!(out.same_room.value, 20.0);
        assert!(!out.same_room.target_met);
        assert!(out.flip.target_met, "met when there are no flip gaps");
        assert_eq!(out.surgeons_with_long_same_room_gaps[0].surgeon_id, "Q");
        assert_eq!(out.surgeons[0].status, CallbackStatus::TurnoverOnly);
        assert_eq!(out.surgeons[0].case_count, 4);
        assert_eq!(out.days[0].cases.len(), 3);
        assert_eq!(out.flip_surgeon_days, 0);
        let filtered = idle_time(
            &input(&rows, &settings, period(10, 10))
                .with_filter(KpiFilter { surgeon_ids: Some(vec!["Z".into()]), ..Default::default() }),
        );
        assert_eq!((filtered.gap_count, filtered.surgeons.len()), (0, 0));
        assert_eq!((filtered.combined.value, filtered.combined.target_met), (0.0, true));
    }
}
