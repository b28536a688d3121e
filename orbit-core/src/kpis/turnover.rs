//! Turnover KPIs (financials-kpis.md §8.2 same-room, §8.3 flip-room, §8.4 surgical turnover split). No
//! `Connection`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::clock::Millis;
use crate::kpis::model::{
    Direction, KpiCase, KpiInput, KpiResult, KpiSettings, RoomChange, RoomTurnover, SurgicalTransition,
    SurgicalTurnover, SurgicalTurnoverKind, TurnoverDetail,
};
use crate::kpis::rules::{
    CaseSet, daily_vs_target, done, js_round, median, minutes, percent_rounded, room_order, room_timelines,
    rounded_or_zero, scheduled_start, surgeon_days, surgeon_name, surgeon_order,
};

/// Room and flip turnovers are kept only when 0 < t < this many minutes (§8.2 step 2, §8.3 step 2).
pub const MAX_ROOM_TURNOVER_MINUTES: f64 = 180.0;
/// Surgical turnovers longer than this many minutes are skipped (§8.4 step 2).
pub const MAX_SURGICAL_TURNOVER_MINUTES: f64 = 180.0;

/// A kept room turnover: the room predecessor, the incoming case and t.
#[derive(Debug, Clone, Copy)]
pub struct RoomGap<'a> {
    /// The outgoing case (room predecessor).
    pub from: &'a KpiCase,
    /// The incoming case.
    pub to: &'a KpiCase,
    /// minutes(from.patient_out → to.patient_in), 0 < t < 180.
    pub minutes: f64,
}

/// t of a predecessor → incoming pair when both instants exist and 0 < t < 180.
fn room_gap_minutes(from: &KpiCase, to: &KpiCase) -> Option<f64> {
    let t = minutes(from.patient_out?, to.patient_in?);
    (t > 0.0 && t < MAX_ROOM_TURNOVER_MINUTES).then_some(t)
}

/// Every kept same-room turnover of a timeline (§8.2 steps 1–2), unfiltered, by (date, room id, position).
pub fn room_gaps<'a>(timeline: &[&'a KpiCase]) -> Vec<RoomGap<'a>> {
    let mut out = Vec::new();
    for cases in room_timelines(timeline).values() {
        for pair in cases.windows(2) {
            if let Some(t) = room_gap_minutes(pair[0], pair[1]) {
                out.push(RoomGap { from: pair[0], to: pair[1], minutes: t });
            }
        }
    }
    out
}

/// A kept turnover with its optional flip origin, before it becomes a detail row.
struct Kept<'a> {
    gap: RoomGap<'a>,
    origin: Option<&'a KpiCase>,
}

/// The §8.2 step 3 result over kept turnovers (shared by §8.3).
fn room_turnover_result(mut kept: Vec<Kept>, settings: &KpiSettings) -> RoomTurnover {
    kept.sort_by(|a, b| {
        a.gap.to.scheduled_date.cmp(&b.gap.to.scheduled_date).then_with(|| room_order(a.gap.to, b.gap.to))
    });
    let threshold = settings.turnover_threshold_minutes;
    let values: Vec<f64> = kept.iter().map(|k| k.gap.minutes).collect();
    let compliant = values.iter().filter(|&&t| t <= threshold).count();
    let med = median(&values);
    let compliance = percent_rounded(compliant, values.len());
    let mut per_day: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
    for k in &kept {
        per_day.entry(k.gap.to.scheduled_date).or_default().push(k.gap.minutes);
    }
    let daily: BTreeMap<NaiveDate, f64> = per_day.iter().filter_map(|(&d, v)| Some((d, median(v)?))).collect();
    let target = settings.turnover_compliance_target_percent;
    let details = kept
        .iter()
        .map(|k| TurnoverDetail {
            date: k.gap.to.scheduled_date,
            room_id: k.gap.to.or_room_id.clone().unwrap_or_default(),
            room_name: k.gap.to.room_name.clone(),
            origin_room_id: k.origin.and_then(|o| o.or_room_id.clone()),
            origin_room_name: k.origin.and_then(|o| o.room_name.clone()),
            from_case_id: k.gap.from.id.clone(),
            from_case_number: k.gap.from.case_number.clone(),
            from_surgeon_name: surgeon_name(k.gap.from),
            to_case_id: k.gap.to.id.clone(),
            to_case_number: k.gap.to.case_number.clone(),
            to_surgeon_name: surgeon_name(k.gap.to),
            turnover_minutes: js_round(k.gap.minutes),
            is_compliant: k.gap.minutes <= threshold,
        })
        .collect();
    RoomTurnover {
        result: KpiResult::new(
            rounded_or_zero(med),
            target,
            compliance >= target,
            daily_vs_target(&daily, threshold, Direction::LowerIsBetter),
        ),
        median_minutes: med,
        compliance_percent: compliance,
        threshold_minutes: threshold,
        compliant_count: compliant as i64,
        non_compliant_count: (values.len() - compliant) as i64,
        details,
    }
}

/// Same-room turnover of one period's set, without the comparison.
pub(crate) fn room_turnover_in(set: &CaseSet, input: &KpiInput) -> RoomTurnover {
    let kept = room_gaps(&set.timeline)
        .into_iter()
        .filter(|g| input.filter.passes(g.to))
        .map(|gap| Kept { gap, origin: None })
        .collect();
    room_turnover_result(kept, input.settings)
}

/// Same-room turnover (§8.2; lower is better) of `input.period`, compared with `input.previous`.
pub fn room_turnover(input: &KpiInput) -> RoomTurnover {
    let mut out = room_turnover_in(&CaseSet::of(input.cases, input.period), input);
    let previous = room_turnover_in(&CaseSet::of(input.cases, input.previous), input);
    out.result.compare(previous.result.value, Direction::LowerIsBetter);
    out
}

/// The surgeon-timeline order of §8.3 step 1 (D-K4): one instant per case — incision, else patient_in, else
/// scheduled start (cases with none last) — then case_number, id.
pub fn surgeon_timeline_order(a: &KpiCase, b: &KpiCase, tz: Tz) -> Ordering {
    let key = |c: &KpiCase| -> (bool, Option<Millis>) {
        let at = c.incision.or(c.patient_in).or_else(|| scheduled_start(c, tz));
        (at.is_none(), at)
    };
    key(a).cmp(&key(b)).then_with(|| a.case_number.cmp(&b.case_number)).then_with(|| a.id.cmp(&b.id))
}

/// Flip-room turnover of one period's set, without the comparison.
pub(crate) fn flip_room_turnover_in(set: &CaseSet, input: &KpiInput) -> RoomTurnover {
    let rooms = room_timelines(&set.timeline);
    let mut kept = Vec::new();
    for mut cases in surgeon_days(&set.timeline).into_values() {
        cases.sort_by(|a, b| surgeon_timeline_order(a, b, input.tz));
        for pair in cases.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let (Some(room_a), Some(room_b)) = (a.or_room_id.as_deref(), b.or_room_id.as_deref()) else { continue };
            if room_a == room_b || !input.filter.passes(b) {
                continue;
            }
            let Some(room) = rooms.get(&(b.scheduled_date, room_b)) else { continue };
            let Some(pos) = room.iter().position(|c| std::ptr::eq(*c, b)) else { continue };
            if pos == 0 {
                continue;
            }
            let from = room[pos - 1];
            if let Some(t) = room_gap_minutes(from, b) {
                kept.push(Kept { gap: RoomGap { from, to: b, minutes: t }, origin: Some(a) });
            }
        }
    }
    // Within a room-day the incoming cases come in room order.
    kept.sort_by_key(|k| room_timeline_position(&rooms, k.gap.to));
    room_turnover_result(kept, input.settings)
}

/// The position of a case in its room-day timeline (usize::MAX when absent).
fn room_timeline_position(rooms: &BTreeMap<(NaiveDate, &str), Vec<&KpiCase>>, c: &KpiCase) -> usize {
    c.or_room_id
        .as_deref()
        .and_then(|r| rooms.get(&(c.scheduled_date, r)))
        .and_then(|v| v.iter().position(|x| std::ptr::eq(*x, c)))
        .unwrap_or(usize::MAX)
}

/// Flip-room turnover (§8.3; facility perspective, lower is better) of `input.period`, compared with
/// `input.previous`.
pub fn flip_room_turnover(input: &KpiInput) -> RoomTurnover {
    let mut out = flip_room_turnover_in(&CaseSet::of(input.cases, input.period), input);
    let previous = flip_room_turnover_in(&CaseSet::of(input.cases, input.previous), input);
    out.result.compare(previous.result.value, Direction::LowerIsBetter);
    out
}

/// One kind of §8.4 over its transitions.
fn surgical_kind(transitions: &[&SurgicalTransition], target: f64) -> SurgicalTurnoverKind {
    let values: Vec<f64> = transitions.iter().map(|t| t.minutes).collect();
    let med = median(&values);
    let within = values.iter().filter(|&&t| t <= target).count();
    let mut per_day: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
    for t in transitions {
        per_day.entry(t.date).or_default().push(t.minutes);
    }
    let daily: BTreeMap<NaiveDate, f64> = per_day.iter().filter_map(|(&d, v)| Some((d, median(v)?))).collect();
    SurgicalTurnoverKind {
        result: KpiResult::new(
            rounded_or_zero(med),
            target,
            med.is_none_or(|m| m <= target),
            daily_vs_target(&daily, target, Direction::LowerIsBetter),
        ),
        median_minutes: med,
        compliance_percent: percent_rounded(within, values.len()),
        count: values.len() as i64,
    }
}

/// Surgical turnover split of one period's set, without the comparison.
pub(crate) fn surgical_turnover_in(set: &CaseSet, input: &KpiInput) -> SurgicalTurnover {
    let with_incision: Vec<&KpiCase> = set.timeline.iter().copied().filter(|c| c.incision.is_some()).collect();
    let mut kept: Vec<(&KpiCase, &KpiCase, f64, RoomChange)> = Vec::new();
    for mut cases in surgeon_days(&with_incision).into_values() {
        cases.sort_by(|a, b| {
            a.incision.cmp(&b.incision).then_with(|| a.case_number.cmp(&b.case_number)).then_with(|| a.id.cmp(&b.id))
        });
        for pair in cases.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let (Some(room_a), Some(room_b)) = (a.or_room_id.as_deref(), b.or_room_id.as_deref()) else { continue };
            let (Some(done_a), Some(incision)) = (done(a), b.incision) else { continue };
            let t = minutes(done_a, incision);
            if t > MAX_SURGICAL_TURNOVER_MINUTES || !input.filter.passes(b) {
                continue;
            }
            let kind = if room_a == room_b { RoomChange::SameRoom } else { RoomChange::Flip };
            kept.push((a, b, t.max(0.0), kind));
        }
    }
    kept.sort_by(|x, y| {
        x.1.scheduled_date
            .cmp(&y.1.scheduled_date)
            .then_with(|| surgeon_order(x.1, y.1))
            .then_with(|| x.1.incision.cmp(&y.1.incision))
            .then_with(|| x.1.id.cmp(&y.1.id))
    });
    let details: Vec<SurgicalTransition> = kept
        .into_iter()
        .map(|(a, b, t, kind)| SurgicalTransition {
            date: b.scheduled_date,
            surgeon_id: b.surgeon_id.clone().unwrap_or_default(),
            surgeon_name: surgeon_name(b).unwrap_or_default(),
            from_case_id: a.id.clone(),
            from_case_number: a.case_number.clone(),
            from_room_id: a.or_room_id.clone().unwrap_or_default(),
            to_case_id: b.id.clone(),
            to_case_number: b.case_number.clone(),
            to_room_id: b.or_room_id.clone().unwrap_or_default(),
            minutes: t,
            kind,
        })
        .collect();
    let of_kind = |k: RoomChange| details.iter().filter(|t| t.kind == k).collect::<Vec<_>>();
    let settings = input.settings;
    SurgicalTurnover {
        same_room: surgical_kind(&of_kind(RoomChange::SameRoom), settings.turnover_target_same_surgeon),
        flip_room: surgical_kind(&of_kind(RoomChange::Flip), settings.turnover_target_flip_room),
        total_transitions: details.len() as i64,
        details,
    }
}

/// Surgical turnover split (§8.4; surgeon perspective, lower is better) of `input.period`, each kind compared
/// with `input.previous`.
pub fn surgical_turnover(input: &KpiInput) -> SurgicalTurnover {
    let mut out = surgical_turnover_in(&CaseSet::of(input.cases, input.period), input);
    let previous = surgical_turnover_in(&CaseSet::of(input.cases, input.previous), input);
    out.same_room.result.compare(previous.same_room.result.value, Direction::LowerIsBetter);
    out.flip_room.result.compare(previous.flip_room.result.value, Direction::LowerIsBetter);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpis::model::KpiFilter;
    use crate::kpis::testkit::{CaseBuilder, day, input, period};

    /// E7: OR1 A out 09:10 → B in 09:35 (25), B out 11:40 → C in 12:15 (35); OR2 D out 10:00 → E in 13:10
    /// (190, dropped).
    fn e7_cases() -> Vec<KpiCase> {
        let d = day(10);
        let case = |id: &str, room: &str, start: &str| CaseBuilder::new(id, d).room(room).surgeon(id).start(start);
        vec![
            case("A", "OR1", "07:30").at("patient_in", "07:30:00").at("patient_out", "09:10:00").build(),
            case("B", "OR1", "09:30").at("patient_in", "09:35:00").at("patient_out", "11:40:00").build(),
            case("C", "OR1", "12:00").at("patient_in", "12:15:00").at("patient_out", "14:00:00").build(),
            case("D", "OR2", "08:00").at("patient_in", "08:00:00").at("patient_out", "10:00:00").build(),
            case("E", "OR2", "13:00").at("patient_in", "13:10:00").at("patient_out", "15:00:00").build(),
        ]
    }

    #[test]
    fn worked_example_7_room_turnover() {
        let rows = e7_cases();
        let settings = KpiSettings::default();
        let out = room_turnover(&input(&rows, &settings, period(10, 10)));
        assert_eq!(out.result.value, 30.0);
        assert_eq!(out.median_minutes, Some(30.0));
        assert_eq!(out.compliance_percent, 50.0);
        assert_eq!(out.result.target, 80.0);
        assert!(!out.result.target_met);
        assert_eq!((out.compliant_count, out.non_compliant_count), (1, 1));
        let d: Vec<_> = out
            .details
            .iter()
            .map(|d| (d.from_case_number.as_str(), d.to_case_number.as_str(), d.turnover_minutes, d.is_compliant))
            .collect();
        assert_eq!(d, [("A", "B", 25.0, true), ("B", "C", 35.0, false)]);
        assert_eq!(out.details[0].to_surgeon_name.as_deref(), Some("Dr. B"));
        assert_eq!(out.result.daily.len(), 1);
        assert_eq!(out.result.daily[0].numeric_value, 30.0);
        assert_eq!(out.result.daily[0].color, crate::kpis::model::KpiColor::Green);
    }

    #[test]
    fn no_turnovers_gives_zero_and_cancelled_cases_never_break_adjacency() {
        let settings = KpiSettings::default();
        let out = room_turnover(&input(&[], &settings, period(10, 10)));
        assert_eq!((out.result.value, out.compliance_percent, out.median_minutes), (0.0, 0.0, None));
        assert!(!out.result.target_met);
        let d = day(10);
        let rows = vec![
            CaseBuilder::new("a", d).room("OR1").start("07:30").at("patient_out", "09:00:00").build(),
            CaseBuilder::new("x", d).room("OR1").start("09:00").status("cancelled").build(),
            CaseBuilder::new("b", d).room("OR1").start("09:30").at("patient_in", "09:20:00").build(),
            // A draft or an excluded case neither.
            CaseBuilder::new("y", d).room("OR1").start("09:10").draft().build(),
            CaseBuilder::new("z", d).room("OR1").start("09:15").excluded().build(),
        ];
        let out = room_turnover(&input(&rows, &settings, period(10, 10)));
        assert_eq!(out.details.len(), 1);
        assert_eq!((out.details[0].from_case_id.as_str(), out.details[0].to_case_id.as_str()), ("a", "b"));
        assert_eq!(out.result.value, 20.0);
    }

    #[test]
    fn zero_and_negative_gaps_are_dropped_and_nulls_sort_last() {
        let d = day(10);
        let rows = vec![
            CaseBuilder::new("a", d)
                .room("OR1")
                .start("07:00")
                .at("patient_in", "07:00:00")
                .at("patient_out", "08:00:00")
                .build(),
            CaseBuilder::new("b", d)
                .room("OR1")
                .start("08:00")
                .at("patient_in", "08:00:00")
                .at("patient_out", "09:00:00")
                .build(),
            CaseBuilder::new("c", d)
                .room("OR1")
                .start("09:00")
                .at("patient_in", "08:50:00")
                .at("patient_out", "10:00:00")
                .build(),
            // No start time: last in the room, after c.
            CaseBuilder::new("d", d).room("OR1").at("patient_in", "10:30:00").build(),
        ];
        let settings = KpiSettings::default();
        let out = room_turnover(&input(&rows, &settings, period(10, 10)));
        let pairs: Vec<_> = out.details.iter().map(|d| (d.from_case_id.as_str(), d.to_case_id.as_str())).collect();
        assert_eq!(pairs, [("c", "d")], "t = 0 and t < 0 are not turnovers");
    }

    #[test]
    fn flip_room_turnover_uses_the_destination_room_predecessor() {
        let d = day(10);
        let rows = vec![
            // Dr S: OR1 then OR2. OR2's predecessor of S2 is T1 (another surgeon).
            CaseBuilder::new("S1", d)
                .surgeon("S")
                .room("OR1")
                .start("07:30")
                .at("patient_in", "07:30:00")
                .at("incision", "07:50:00")
                .at("patient_out", "09:00:00")
                .build(),
            CaseBuilder::new("T1", d)
                .surgeon("T")
                .room("OR2")
                .start("07:30")
                .at("patient_in", "07:30:00")
                .at("patient_out", "09:10:00")
                .build(),
            CaseBuilder::new("S2", d)
                .surgeon("S")
                .room("OR2")
                .start("09:30")
                .at("patient_in", "09:22:00")
                .at("incision", "09:40:00")
                .at("patient_out", "11:00:00")
                .build(),
            // Dr S back to OR1: S3's room predecessor is S1.
            CaseBuilder::new("S3", d)
                .surgeon("S")
                .room("OR1")
                .start("11:00")
                .at("patient_in", "11:10:00")
                .at("incision", "11:30:00")
                .build(),
            // Dr U flips into OR3 as its first case: skipped.
            CaseBuilder::new("U1", d)
                .surgeon("U")
                .room("OR1")
                .start("14:00")
                .at("patient_in", "14:00:00")
                .at("patient_out", "15:00:00")
                .build(),
            CaseBuilder::new("U2", d).surgeon("U").room("OR3").start("15:00").at("patient_in", "15:10:00").build(),
        ];
        let settings = KpiSettings::default();
        let out = flip_room_turnover(&input(&rows, &settings, period(10, 10)));
        let d: Vec<_> = out
            .details
            .iter()
            .map(|d| (d.from_case_id.as_str(), d.to_case_id.as_str(), d.origin_room_id.as_deref(), d.turnover_minutes))
            .collect();
        // S2: T1 out 09:10 → S2 in 09:22 = 12; S3: S1 out 09:00 → S3 in 11:10 = 130.
        assert_eq!(d, [("S1", "S3", Some("OR2"), 130.0), ("T1", "S2", Some("OR1"), 12.0)]);
        assert_eq!(out.result.value, 71.0);
        assert_eq!(out.compliance_percent, 50.0);
        assert_eq!(out.details[1].room_id, "OR2", "details name the destination room");
    }

    #[test]
    fn surgical_turnover_split_kinds_and_skips() {
        let d = day(10);
        let rows = vec![
            // Dr S: A (OR1) closing_complete 09:00 → B (OR1) incision 09:40: same room 40.
            CaseBuilder::new("A", d)
                .surgeon("S")
                .room("OR1")
                .at("incision", "08:00:00")
                .at("closing", "08:50:00")
                .at("closing_complete", "09:00:00")
                .build(),
            CaseBuilder::new("B", d)
                .surgeon("S")
                .room("OR1")
                .at("incision", "09:40:00")
                .at("closing", "10:30:00")
                .build(),
            // B done 10:30 (closing) → C (OR2) incision 10:20: t = −10 → 0, flip.
            CaseBuilder::new("C", d).surgeon("S").room("OR2").at("incision", "10:20:00").build(),
            // C has no done time → pair C → D skipped.
            CaseBuilder::new("D", d).surgeon("S").room("OR1").at("incision", "12:00:00").build(),
            // Dr T: a NULL room skips the pair; t > 180 skips.
            CaseBuilder::new("E", d).surgeon("T").at("incision", "08:00:00").at("closing", "09:00:00").build(),
            CaseBuilder::new("F", d)
                .surgeon("T")
                .room("OR3")
                .at("incision", "09:30:00")
                .at("closing", "10:00:00")
                .build(),
            CaseBuilder::new("G", d).surgeon("T").room("OR3").at("incision", "13:01:00").build(),
            // No incision: not in the timeline.
            CaseBuilder::new("H", d).surgeon("T").room("OR3").at("patient_in", "10:05:00").build(),
        ];
        let settings = KpiSettings::default();
        let out = surgical_turnover(&input(&rows, &settings, period(10, 10)));
        assert_eq!(out.total_transitions, 2);
        assert_eq!(
            (out.same_room.count, out.same_room.result.value, out.same_room.median_minutes),
            (1, 40.0, Some(40.0))
        );
        assert!(out.same_room.result.target_met, "40 ≤ 45");
        assert_eq!(out.same_room.compliance_percent, 100.0);
        assert_eq!((out.flip_room.count, out.flip_room.result.value), (1, 0.0));
        assert!(out.flip_room.result.target_met);
        let kinds: Vec<_> =
            out.details.iter().map(|t| (t.from_case_id.as_str(), t.to_case_id.as_str(), t.kind)).collect();
        assert_eq!(kinds, [("A", "B", RoomChange::SameRoom), ("B", "C", RoomChange::Flip)]);
        let none = surgical_turnover(&input(&[], &settings, period(10, 10)));
        assert!(none.same_room.result.target_met && none.flip_room.result.target_met, "true when none");
        assert_eq!(none.same_room.compliance_percent, 0.0);
        let filtered = surgical_turnover(
            &input(&rows, &settings, period(10, 10))
                .with_filter(KpiFilter { room_ids: Some(vec!["OR2".into()]), ..Default::default() }),
        );
        assert_eq!(filtered.total_transitions, 1, "kept when the later case passes");
    }
}
