//! OR utilization vs room available hours (financials-kpis.md §8.5) and the room-capacity derivation it
//! reads. Block and schedule-based room utilization (§8.13) are in [`crate::kpis::blocks`]. No
//! `Connection`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::kpis::model::{
    Direction, KpiCase, KpiFilter, KpiInput, KpiResult, KpiRoom, RoomCapacity, RoomUtilization, Utilization,
};
use crate::kpis::rules::{CaseSet, daily_vs_target, js_round, mean, median, minutes, round1};
use crate::kpis::turnover::room_gaps;
use crate::scoring::Period;

/// Utilization percentages (total, per room-day, daily, scheduled) are capped at this value.
pub const UTILIZATION_CAP_PERCENT: f64 = 150.0;
/// `or_rooms.available_hours` default, used for a room a case names but the room list lacks.
pub const DEFAULT_AVAILABLE_HOURS: f64 = 10.0;
/// Minutes per hour.
const MINUTES_PER_HOUR: f64 = 60.0;

/// min(x, 150).
fn capped(x: f64) -> f64 {
    x.min(UTILIZATION_CAP_PERCENT)
}

/// part / whole × 100, capped; 0 when whole ≤ 0.
fn capped_percent(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { capped(part / whole * 100.0) } else { 0.0 }
}

/// The capacity rooms of one period's set (§8.5, D-K11): the active, non-deleted rooms plus every room
/// (archived included) that a non-cancelled case of the set names, restricted by the room filter. Hours are
/// `available_hours` (minutes per day = hours × 60); `using_real_hours` = the room has a saved week. A room
/// a case names but `rooms` lacks gets [`DEFAULT_AVAILABLE_HOURS`] and the case's room name and order.
/// Returned in room order (display_order, name, id); duplicate room ids keep the first row.
pub(crate) fn capacities_of(rooms: &[KpiRoom], set: &CaseSet, filter: &KpiFilter) -> Vec<RoomCapacity> {
    let mut by_id: BTreeMap<&str, &KpiRoom> = BTreeMap::new();
    for r in rooms {
        by_id.entry(r.id.as_str()).or_insert(r);
    }
    let mut out: BTreeMap<&str, RoomCapacity> = BTreeMap::new();
    let from_room = |r: &KpiRoom| RoomCapacity {
        room_id: r.id.clone(),
        room_name: r.name.clone(),
        display_order: r.display_order,
        available_hours: r.available_hours,
        available_minutes_per_day: r.available_hours * MINUTES_PER_HOUR,
        using_real_hours: r.has_saved_week,
    };
    for r in by_id.values().filter(|r| r.is_active) {
        out.insert(r.id.as_str(), from_room(r));
    }
    for c in &set.timeline {
        let Some(id) = c.or_room_id.as_deref() else { continue };
        if out.contains_key(id) {
            continue;
        }
        let capacity = match by_id.get(id) {
            Some(r) => from_room(r),
            None => RoomCapacity {
                room_id: id.to_string(),
                room_name: c.room_name.clone().unwrap_or_else(|| id.to_string()),
                display_order: c.room_display_order,
                available_hours: DEFAULT_AVAILABLE_HOURS,
                available_minutes_per_day: DEFAULT_AVAILABLE_HOURS * MINUTES_PER_HOUR,
                using_real_hours: false,
            },
        };
        out.insert(id, capacity);
    }
    let mut list: Vec<RoomCapacity> =
        out.into_values().filter(|r| filter.passes_room(Some(r.room_id.as_str()))).collect();
    list.sort_by(|a, b| (a.display_order, &a.room_name, &a.room_id).cmp(&(b.display_order, &b.room_name, &b.room_id)));
    list
}

/// The §8.5 room-capacity derivation for `period` from plain room rows and the case rows (drafts, excluded
/// and cancelled cases never add a room).
pub fn room_capacities(rooms: &[KpiRoom], cases: &[KpiCase], period: Period, filter: &KpiFilter) -> Vec<RoomCapacity> {
    capacities_of(rooms, &CaseSet::of(cases, period), filter)
}

/// patient_in → patient_out minutes when positive.
fn duration(c: &KpiCase) -> Option<f64> {
    let m = minutes(c.patient_in?, c.patient_out?);
    (m > 0.0).then_some(m)
}

/// Per-room accumulation.
#[derive(Default)]
struct RoomDays {
    minutes_by_day: BTreeMap<NaiveDate, f64>,
    case_count: i64,
}

/// OR utilization of one period's set over `capacity`, without the comparison.
pub(crate) fn utilization_in(set: &CaseSet, input: &KpiInput, capacity: &[RoomCapacity]) -> Utilization {
    let settings = input.settings;
    let capacity: Vec<&RoomCapacity> =
        capacity.iter().filter(|r| input.filter.passes_room(Some(r.room_id.as_str()))).collect();
    let by_id: BTreeMap<&str, &RoomCapacity> = capacity.iter().map(|r| (r.room_id.as_str(), *r)).collect();
    let per_day = capacity.iter().fold(0.0, |acc, r| acc + r.available_minutes_per_day);
    let operating_days = set.timeline.iter().map(|c| c.scheduled_date).collect::<BTreeSet<_>>().len().max(1);
    let available = per_day * operating_days as f64;

    let counted: Vec<&KpiCase> = set
        .timeline
        .iter()
        .copied()
        .filter(|c| c.or_room_id.as_deref().is_some_and(|r| by_id.contains_key(r)) && input.filter.passes(c))
        .collect();
    let mut actual = 0.0;
    let mut scheduled = 0.0;
    let mut by_day: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    let mut rooms: BTreeMap<&str, RoomDays> = BTreeMap::new();
    for c in &counted {
        let m = duration(c).unwrap_or(0.0);
        actual += m;
        scheduled += c.expected_duration_minutes.filter(|&e| e > 0.0).unwrap_or(0.0);
        *by_day.entry(c.scheduled_date).or_default() += m;
        let room = rooms.entry(c.or_room_id.as_deref().unwrap_or_default()).or_default();
        room.case_count += 1;
        *room.minutes_by_day.entry(c.scheduled_date).or_default() += m;
    }
    let actual_value = capped_percent(actual, available);
    let target = settings.utilization_target_percent;
    let daily: BTreeMap<NaiveDate, f64> = by_day.iter().map(|(&d, &m)| (d, capped_percent(m, per_day))).collect();

    let gaps = room_gaps(&set.timeline);
    let mut out_rooms: Vec<RoomUtilization> = rooms
        .iter()
        .map(|(&id, days)| {
            let cap = by_id[id];
            let room_day: Vec<f64> =
                days.minutes_by_day.values().map(|&m| capped_percent(m, cap.available_minutes_per_day)).collect();
            let used = days.minutes_by_day.values().fold(0.0, |acc, m| acc + m);
            let turnovers: Vec<f64> = gaps
                .iter()
                .filter(|g| g.to.or_room_id.as_deref() == Some(id) && input.filter.passes(g.to))
                .map(|g| g.minutes)
                .collect();
            RoomUtilization {
                room_id: cap.room_id.clone(),
                room_name: cap.room_name.clone(),
                display_order: cap.display_order,
                utilization: js_round(mean(&room_day)),
                used_minutes: js_round(used),
                case_count: days.case_count,
                days_active: days.minutes_by_day.len() as i64,
                available_hours: cap.available_hours,
                using_real_hours: cap.using_real_hours,
                turnover_median_minutes: median(&turnovers),
                turnover_count: turnovers.len() as i64,
            }
        })
        .collect();
    out_rooms.sort_by(|a, b| {
        a.utilization
            .total_cmp(&b.utilization)
            .then_with(|| (a.display_order, &a.room_name, &a.room_id).cmp(&(b.display_order, &b.room_name, &b.room_id)))
    });
    Utilization {
        result: KpiResult::new(
            js_round(actual_value),
            target,
            actual_value >= target,
            daily_vs_target(&daily, target, Direction::HigherIsBetter),
        ),
        actual_value,
        actual_minutes: actual,
        available_minutes: available,
        available_minutes_per_day: per_day,
        operating_days: operating_days as i64,
        scheduled_value: round1(capped_percent(scheduled, available)),
        scheduled_minutes: scheduled,
        room_count: capacity.len() as i64,
        rooms_above_target: out_rooms.iter().filter(|r| r.utilization >= target).count() as i64,
        rooms: out_rooms,
    }
}

/// OR utilization vs room available hours (§8.5; higher is better, capped) of `input.period`, compared with
/// `input.previous`; each period's capacity is derived from `rooms` by [`room_capacities`].
pub fn or_utilization(input: &KpiInput, rooms: &[KpiRoom]) -> Utilization {
    let current = CaseSet::of(input.cases, input.period);
    let previous = CaseSet::of(input.cases, input.previous);
    let mut out = utilization_in(&current, input, &capacities_of(rooms, &current, &input.filter));
    let before = utilization_in(&previous, input, &capacities_of(rooms, &previous, &input.filter));
    out.result.compare(before.result.value, Direction::HigherIsBetter);
    out
}

/// OR utilization over caller-computed capacity (the extension point for other capacity sources): the
/// current and previous periods' rooms with their minutes per operating day. The room filter still applies;
/// every other rule of §8.5 is unchanged (a case counts only when its room is in the capacity).
pub fn utilization_with_capacity(input: &KpiInput, current: &[RoomCapacity], previous: &[RoomCapacity]) -> Utilization {
    let mut out = utilization_in(&CaseSet::of(input.cases, input.period), input, current);
    let before = utilization_in(&CaseSet::of(input.cases, input.previous), input, previous);
    out.result.compare(before.result.value, Direction::HigherIsBetter);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpis::model::KpiSettings;
    use crate::kpis::testkit::{CaseBuilder, day, input, period, room};

    /// E11: two rooms at 10 h (1 200 min/day), 2 operating days (2 400), 1 500 actual minutes.
    fn e11() -> (Vec<KpiRoom>, Vec<KpiCase>) {
        let rooms = vec![room("OR1", 10.0), room("OR2", 10.0)];
        let case = |id: &str, d: u32, r: &str, hms_in: &str, hms_out: &str| {
            CaseBuilder::new(id, day(d))
                .room(r)
                .start("07:00")
                .at("patient_in", hms_in)
                .at("patient_out", hms_out)
                .build()
        };
        let cases = vec![
            case("a", 10, "OR1", "07:00:00", "13:00:00"), // 360
            case("b", 10, "OR2", "07:00:00", "12:00:00"), // 300
            case("c", 11, "OR1", "07:00:00", "14:00:00"), // 420
            case("d", 11, "OR2", "07:00:00", "14:00:00"), // 420
        ];
        (rooms, cases)
    }

    #[test]
    fn worked_example_11_utilization() {
        let (rooms, cases) = e11();
        let settings = KpiSettings::default();
        let out = or_utilization(&input(&cases, &settings, period(10, 11)), &rooms);
        assert_eq!(out.available_minutes_per_day, 1200.0);
        assert_eq!(out.operating_days, 2);
        assert_eq!(out.available_minutes, 2400.0);
        assert_eq!(out.actual_minutes, 1500.0);
        assert_eq!(out.actual_value, 62.5);
        assert_eq!(out.result.value, 63.0);
        assert_eq!(out.result.target, 75.0);
        assert!(!out.result.target_met);
        // Daily: 660 / 1200 = 55 %, 840 / 1200 = 70 %.
        let daily: Vec<f64> = out.result.daily.iter().map(|p| p.numeric_value).collect();
        assert!((daily[0] - 55.0).abs() < 1e-9 && (daily[1] - 70.0).abs() < 1e-9, "{daily:?}");
        // Rooms: OR1 mean(60, 70) = 65; OR2 mean(50, 70) = 60 → ascending.
        let r: Vec<_> = out.rooms.iter().map(|r| (r.room_id.as_str(), r.utilization, r.used_minutes)).collect();
        assert_eq!(r, [("OR2", 60.0, 720.0), ("OR1", 65.0, 780.0)]);
        assert_eq!(out.rooms_above_target, 0);
        assert_eq!(out.room_count, 2);
    }

    #[test]
    fn capacity_counts_active_rooms_and_archived_rooms_with_cases() {
        let mut rooms = vec![room("OR1", 10.0), room("OR2", 8.0), room("OR3", 12.0)];
        rooms[2].is_active = false;
        rooms[1].has_saved_week = true;
        let d = day(10);
        let cases = vec![
            CaseBuilder::new("a", d).room("OR3").at("patient_in", "07:00:00").at("patient_out", "19:00:00").build(),
            // An archived room whose only case is cancelled adds no capacity; nor does a draft.
            CaseBuilder::new("x", d).room("OR4").status("cancelled").build(),
            CaseBuilder::new("y", d).room("OR5").draft().build(),
            // A room the list lacks: default 10 h.
            CaseBuilder::new("b", d).room("OR6").at("patient_in", "07:00:00").at("patient_out", "08:00:00").build(),
        ];
        let caps = room_capacities(&rooms, &cases, period(10, 10), &KpiFilter::default());
        let ids: Vec<_> =
            caps.iter().map(|c| (c.room_id.as_str(), c.available_minutes_per_day, c.using_real_hours)).collect();
        assert_eq!(ids, [("OR1", 600.0, false), ("OR2", 480.0, true), ("OR3", 720.0, false), ("OR6", 600.0, false)]);
        let settings = KpiSettings::default();
        let out = or_utilization(&input(&cases, &settings, period(10, 10)), &rooms);
        assert_eq!(out.available_minutes, 2400.0);
        assert_eq!(out.actual_minutes, 780.0);
        let filter = KpiFilter { room_ids: Some(vec!["OR3".into()]), ..Default::default() };
        let out = or_utilization(&input(&cases, &settings, period(10, 10)).with_filter(filter), &rooms);
        assert_eq!((out.available_minutes, out.actual_minutes, out.result.value), (720.0, 720.0, 100.0));
        assert_eq!(out.rooms_above_target, 1);
    }

    #[test]
    fn caps_zero_capacity_scheduled_variant_and_surgeon_filter() {
        let rooms = vec![room("OR1", 1.0)];
        let d = day(10);
        let cases = vec![
            CaseBuilder::new("a", d)
                .room("OR1")
                .surgeon("S")
                .expected(100.0)
                .at("patient_in", "07:00:00")
                .at("patient_out", "09:00:00")
                .build(),
            CaseBuilder::new("b", d).room("OR1").surgeon("T").expected(0.0).build(),
            CaseBuilder::new("c", day(11)).surgeon("T").expected(45.0).build(),
        ];
        let settings = KpiSettings::default();
        let out = or_utilization(&input(&cases, &settings, period(10, 11)), &rooms);
        // 120 min over 60 min/day × 2 operating days = 100 %; the room-day is 200 % → capped 150.
        assert_eq!(out.actual_value, 100.0);
        assert_eq!(out.rooms[0].utilization, 150.0);
        assert_eq!(out.result.daily[0].numeric_value, 150.0);
        assert_eq!((out.scheduled_minutes, out.scheduled_value), (100.0, 83.3), "room-less and 0 values skipped");
        // A surgeon filter keeps the operating days and capacity of the unfiltered set.
        let filter = KpiFilter { surgeon_ids: Some(vec!["T".into()]), ..Default::default() };
        let out = or_utilization(&input(&cases, &settings, period(10, 11)).with_filter(filter), &rooms);
        assert_eq!((out.operating_days, out.available_minutes, out.actual_minutes), (2, 120.0, 0.0));
        assert_eq!(out.rooms.len(), 1, "a room with a counted case and no duration");
        assert_eq!(out.rooms[0].utilization, 0.0);
        // No capacity at all.
        let out = or_utilization(&input(&cases, &settings, period(10, 11)), &[]);
        assert_eq!(out.available_minutes_per_day, 600.0, "OR1 from the case, default hours");
        let none = or_utilization(&input(&[], &settings, period(10, 11)), &[]);
        assert_eq!((none.result.value, none.operating_days, none.available_minutes), (0.0, 1, 0.0));
    }

    #[test]
    fn caller_capacity_is_used_as_given() {
        let (_, cases) = e11();
        let settings = KpiSettings::default();
        let cap = |id: &str, minutes: f64| RoomCapacity {
            room_id: id.into(),
            room_name: id.into(),
            display_order: 0,
            available_hours: minutes / 60.0,
            available_minutes_per_day: minutes,
            using_real_hours: true,
        };
        let out = utilization_with_capacity(
            &input(&cases, &settings, period(10, 11)),
            &[cap("OR1", 500.0), cap("OR2", 500.0)],
            &[],
        );
        assert_eq!(out.actual_value, 75.0);
        assert!(out.result.target_met);
    }
}
