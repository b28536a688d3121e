//! Surgeon leaderboard (financials-kpis.md §8.12). No `Connection`.

use std::collections::BTreeMap;

use crate::kpis::fcots::{first_case_start, first_cases};
use crate::kpis::model::{KpiCase, KpiInput, Leaderboard, LeaderboardRow, STATUS_COMPLETED};
use crate::kpis::rules::{CaseSet, js_round, mean, median, minutes, percent_rounded, surgeon_name, surgeon_order};
use crate::scoring::rules::clamp;

/// Surgical times (incision → closing) count only when 0 < t < this many minutes.
pub const MAX_SURGICAL_MINUTES: f64 = 600.0;
/// The facility median surgical time when no case has one.
pub const DEFAULT_FACILITY_SURGICAL_MINUTES: f64 = 90.0;
/// Weight of the FCOTS rate (capped at 100) in the score.
pub const FCOTS_WEIGHT: f64 = 0.4;
/// Points of the time ratio in the score.
pub const TIME_POINTS: f64 = 30.0;
/// Points of the case-count ratio in the score.
pub const VOLUME_POINTS: f64 = 30.0;
/// The time ratio of a surgeon without a surgical time.
pub const NO_TIME_RATIO: f64 = 0.5;
/// The highest score.
pub const MAX_SCORE: f64 = 100.0;

/// incision → closing minutes when 0 < t < 600.
fn surgical_minutes(c: &KpiCase) -> Option<f64> {
    let t = minutes(c.incision?, c.closing?);
    (t > 0.0 && t < MAX_SURGICAL_MINUTES).then_some(t)
}

/// The §8.12 step 4 score: round_js(0.4 × min(fcots, 100) + 30 × time_ratio + 30 × case_count /
/// max_case_count), capped at 100; time_ratio = clamp(1 − |avg − median| / median, 0, 1), 0.5 without avg.
pub fn leaderboard_score(fcots_rate: f64, avg_surgical: Option<f64>, facility_median: f64, volume_ratio: f64) -> f64 {
    let time_ratio =
        avg_surgical.map_or(NO_TIME_RATIO, |a| clamp(1.0 - (a - facility_median).abs() / facility_median, 0.0, 1.0));
    js_round(FCOTS_WEIGHT * fcots_rate.min(100.0) + TIME_POINTS * time_ratio + VOLUME_POINTS * volume_ratio)
        .min(MAX_SCORE)
}

/// The leaderboard of one period's set.
pub(crate) fn leaderboard_in(set: &CaseSet, input: &KpiInput) -> Leaderboard {
    let completed: Vec<&KpiCase> =
        set.timeline.iter().copied().filter(|c| c.status == STATUS_COMPLETED && c.surgeon_id.is_some()).collect();
    let times: Vec<f64> = completed.iter().filter_map(|c| surgical_minutes(c)).collect();
    let facility_median = median(&times).unwrap_or(DEFAULT_FACILITY_SURGICAL_MINUTES);
    let mut by_surgeon: BTreeMap<&str, Vec<&KpiCase>> = BTreeMap::new();
    for &c in &completed {
        by_surgeon.entry(c.surgeon_id.as_deref().unwrap_or_default()).or_default().push(c);
    }
    let max_case_count = by_surgeon.values().map(Vec::len).max().unwrap_or(0);
    let mut rows: Vec<(&KpiCase, LeaderboardRow)> = Vec::new();
    for cases in by_surgeon.values() {
        let counted: Vec<&KpiCase> = cases.iter().copied().filter(|c| input.filter.passes(c)).collect();
        let Some(&first) = counted.first() else { continue };
        let mine: Vec<f64> = counted.iter().filter_map(|c| surgical_minutes(c)).collect();
        let avg = (!mine.is_empty()).then(|| js_round(mean(&mine)));
        let starts: Vec<bool> = first_cases(cases.iter().copied())
            .into_iter()
            .filter(|c| input.filter.passes(c))
            .filter_map(|c| first_case_start(c, input.settings, input.tz))
            .map(|s| s.on_time)
            .collect();
        let fcots = percent_rounded(starts.iter().filter(|&&ok| ok).count(), starts.len());
        let volume_ratio = counted.len() as f64 / max_case_count as f64;
        rows.push((
            first,
            LeaderboardRow {
                surgeon_id: first.surgeon_id.clone().unwrap_or_default(),
                surgeon_name: surgeon_name(first).unwrap_or_default(),
                case_count: counted.len() as i64,
                avg_surgical_minutes: avg,
                fcots_rate: fcots,
                first_case_count: starts.len() as i64,
                score: leaderboard_score(fcots, avg, facility_median, volume_ratio),
            },
        ));
    }
    rows.sort_by(|(ca, a), (cb, b)| {
        b.score.total_cmp(&a.score).then_with(|| b.case_count.cmp(&a.case_count)).then_with(|| surgeon_order(ca, cb))
    });
    Leaderboard {
        facility_median_surgical_minutes: facility_median,
        max_case_count: max_case_count as i64,
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    }
}

/// The surgeon leaderboard (§8.12) of `input.period` (no comparison).
pub fn leaderboard(input: &KpiInput) -> Leaderboard {
    leaderboard_in(&CaseSet::of(input.cases, input.period), input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpis::model::{KpiFilter, KpiSettings};
    use crate::kpis::testkit::{CaseBuilder, day, input, period};

    fn case(id: &str, s: &str, room: &str, start: &str, pin: &str, incision: &str, closing: &str) -> KpiCase {
        CaseBuilder::new(id, day(10))
            .surgeon(s)
            .room(room)
            .start(start)
            .status("completed")
            .at("patient_in", pin)
            .at("incision", incision)
            .at("closing", closing)
            .build()
    }

    #[test]
    fn leaderboard_scores_and_order() {
        let rows = vec![
            // Dr A: 2 cases in OR1 (first on time), surgical 60 and 100 → avg 80.
            case("a1", "A", "OR1", "07:30", "07:30:00", "07:45:00", "08:45:00"),
            case("a2", "A", "OR1", "09:00", "09:10:00", "09:20:00", "11:00:00"),
            // Dr B: 1 case, first of OR2 but late; surgical 90.
            case("b1", "B", "OR2", "07:30", "07:45:00", "08:00:00", "09:30:00"),
            // Not completed: ignored.
            CaseBuilder::new("b2", day(10)).surgeon("B").room("OR2").start("10:00").status("in_progress").build(),
            // Dr C: surgical time ≥ 600 → none; no start time → no first case.
            CaseBuilder::new("c1", day(10))
                .surgeon("C")
                .room("OR3")
                .status("completed")
                .at("incision", "07:00:00")
                .at("closing", "17:00:00")
                .build(),
        ];
        let settings = KpiSettings::default();
        let out = leaderboard(&input(&rows, &settings, period(10, 10)));
        // Facility median of 60, 100, 90 = 90.
        assert_eq!(out.facility_median_surgical_minutes, 90.0);
        assert_eq!(out.max_case_count, 2);
        let r: Vec<_> = out
            .rows
            .iter()
            .map(|r| (r.surgeon_id.as_str(), r.case_count, r.avg_surgical_minutes, r.fcots_rate, r.score))
            .collect();
        // A: 0.4·100 + 30·(1 − 10/90) + 30·1 = 96.67 → 97; B: 0 + 30 + 15 = 45; C: 0 + 15 + 15 = 30.
        assert_eq!(r, [("A", 2, Some(80.0), 100.0, 97.0), ("B", 1, Some(90.0), 0.0, 45.0), ("C", 1, None, 0.0, 30.0)]);
        let none = leaderboard(&input(&[], &settings, period(10, 10)));
        assert_eq!((none.facility_median_surgical_minutes, none.max_case_count), (90.0, 0));
        assert!(none.rows.is_empty());
    }

    #[test]
    fn his_first_case_need_not_be_the_rooms_first() {
        let rows = vec![
            case("x1", "X", "OR1", "07:30", "07:30:00", "07:45:00", "08:45:00"),
            // Dr Y's earliest case in OR1 is the room's second: it counts for him (late: 09:00 → 09:10).
            case("y1", "Y", "OR1", "09:00", "09:10:00", "09:20:00", "10:50:00"),
        ];
        let settings = KpiSettings::default();
        let out = leaderboard(&input(&rows, &settings, period(10, 10)));
        let y = out.rows.iter().find(|r| r.surgeon_id == "Y").unwrap();
        assert_eq!((y.first_case_count, y.fcots_rate), (1, 0.0));
        // A filter keeps the reference values of the unfiltered set.
        let filter = KpiFilter { surgeon_ids: Some(vec!["Y".into()]), ..Default::default() };
        let out = leaderboard(&input(&rows, &settings, period(10, 10)).with_filter(filter));
        assert_eq!(out.rows.len(), 1);
        assert_eq!(out.facility_median_surgical_minutes, 75.0);
        assert_eq!(leaderboard_score(250.0, Some(75.0), 75.0, 1.0), 100.0, "capped");
    }
}
