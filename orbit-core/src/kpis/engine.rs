//! The convenience that computes every period KPI at once ([`facility_kpis`]) and the dashboard extras of
//! financials-kpis.md §8.14 (rooms running behind, the facility score stub). No `Connection`.

use chrono_tz::Tz;

use crate::clock::Millis;
use crate::kpis::fcots::fcots;
use crate::kpis::idle::idle_time;
use crate::kpis::leaderboard::leaderboard;
use crate::kpis::model::{
    FacilityKpis, FacilityScoreInputs, KpiCase, KpiFilter, KpiInput, KpiRoom, KpiSettings, RoomBehind,
    STATUS_IN_PROGRESS,
};
use crate::kpis::rules::{minutes, room_order, surgeon_name};
use crate::kpis::timing::{avg_case_time, non_operative_time, tardiness, time_breakdown};
use crate::kpis::turnover::{flip_room_turnover, room_turnover, surgical_turnover};
use crate::kpis::utilization::or_utilization;
use crate::kpis::volume::{cancellation_rate, case_volume};
use crate::scoring::FacilityScore;
use crate::values;

/// Expected minutes of an in-progress case without a surgeon or procedure duration (§8.14).
pub const DEFAULT_EXPECTED_CASE_MINUTES: f64 = 120.0;

/// The facility score stub (§8.14; scoring.md §8) of the four KPI values: the scoring engine's
/// `compute_facility_score` (the cancellation rate is a percentage and is divided by 100 there).
pub fn facility_score(inputs: FacilityScoreInputs) -> FacilityScore {
    crate::scoring::compute_facility_score(
        inputs.utilization_pct,
        inputs.median_turnover_minutes,
        inputs.fcots_pct,
        inputs.cancellation_rate_pct,
    )
}

/// Every period KPI of §8 (block utilization, §8.13, excepted) for `input`, with deltas against
/// `input.previous`, plus the facility score of the four values it reads (OR utilization %, same-room
/// turnover median in whole minutes, FCOTS %, same-day cancellation % with 1 dp). `rooms` are the facility's
/// rooms (archived ones included) for OR-utilization capacity.
pub fn facility_kpis(input: &KpiInput, rooms: &[KpiRoom]) -> FacilityKpis {
    let fcots = fcots(input);
    let room_turnover = room_turnover(input);
    let utilization = or_utilization(input, rooms);
    let cancellations = cancellation_rate(input);
    let score_inputs = FacilityScoreInputs {
        utilization_pct: utilization.result.value,
        median_turnover_minutes: room_turnover.result.value,
        fcots_pct: fcots.result.value,
        cancellation_rate_pct: cancellations.result.value,
    };
    FacilityKpis {
        flip_room_turnover: flip_room_turnover(input),
        surgical_turnover: surgical_turnover(input),
        volume: case_volume(input),
        tardiness: tardiness(input),
        non_operative: non_operative_time(input),
        idle: idle_time(input),
        time_breakdown: time_breakdown(input),
        avg_case_time: avg_case_time(input),
        leaderboard: leaderboard(input),
        facility_score: facility_score(score_inputs),
        score_inputs,
        fcots,
        room_turnover,
        utilization,
        cancellations,
    }
}

/// Rooms running behind (§8.14) at `now`: today's (facility-local date of `now`) `in_progress` cases of the
/// KPI set (no drafts, no excluded cases) with a patient_in and passing the filters, whose expected end —
/// patient_in + (expected duration ?? 120) + `behind_schedule_grace_minutes` minutes — is before `now`.
/// Sorted by room (display_order, name, id), then case_number, id.
pub fn rooms_running_behind(
    cases: &[KpiCase],
    settings: &KpiSettings,
    tz: Tz,
    now: Millis,
    filter: &KpiFilter,
) -> Vec<RoomBehind> {
    let today = values::local_date(now, tz);
    let mut behind: Vec<(&KpiCase, RoomBehind)> = cases
        .iter()
        .filter(|c| !c.is_draft && !c.is_excluded && c.scheduled_date == today && c.status == STATUS_IN_PROGRESS)
        .filter(|c| filter.passes(c))
        .filter_map(|c| {
            let patient_in = c.patient_in?;
            let expected = c.expected_duration_minutes.unwrap_or(DEFAULT_EXPECTED_CASE_MINUTES);
            let allowed = expected + settings.behind_schedule_grace_minutes as f64;
            let expected_end = patient_in + (allowed * 60_000.0).round() as Millis;
            (now > expected_end).then(|| {
                let row = RoomBehind {
                    case_id: c.id.clone(),
                    case_number: c.case_number.clone(),
                    room_id: c.or_room_id.clone(),
                    room_name: c.room_name.clone(),
                    surgeon_name: surgeon_name(c),
                    patient_in,
                    expected_end,
                    minutes_behind: minutes(expected_end, now),
                };
                (c, row)
            })
        })
        .collect();
    behind.sort_by(|(a, _), (b, _)| {
        room_order(a, b).then_with(|| a.case_number.cmp(&b.case_number)).then_with(|| a.id.cmp(&b.id))
    });
    behind.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpis::model::{FcotsMilestone, KpiColor};
    use crate::kpis::testkit::{CaseBuilder, TZ, day, input, local, period, room};
    use crate::scoring::Period;
    use chrono::Duration;
    use proptest::prelude::*;

    #[test]
    fn facility_score_stub_divides_the_cancellation_rate_by_100() {
        let s = facility_score(FacilityScoreInputs {
            utilization_pct: 80.0,
            median_turnover_minutes: 30.0,
            fcots_pct: 50.0,
            cancellation_rate_pct: 5.0,
        });
        // mean(0.8, 0.5, 0.5, 0.95) = 0.6875 → 69 (B "Strong"); a fraction would have zeroed the last term.
        assert_eq!(s.score, 69);
        assert_eq!(s.grade.letter, "B");
        assert_eq!(s.components.cancellation, 95);
    }

    #[test]
    fn facility_kpis_returns_the_score_inputs_in_scoring_form() {
        let d = day(10);
        let c = |id: &str, room: &str, start: &str, pin: &str, pout: &str| {
            CaseBuilder::new(id, d)
                .surgeon("A")
                .room(room)
                .start(start)
                .status("completed")
                .at("patient_in", pin)
                .at("patient_out", pout)
        };
        let mut rows = vec![
            c("a", "OR1", "07:30", "07:30:00", "09:10:00").build(),
            c("b", "OR1", "09:30", "09:35:00", "11:40:00").build(),
            c("c", "OR1", "12:00", "12:15:00", "14:00:00").build(),
            c("d", "OR2", "07:30", "07:40:00", "10:00:00").build(),
        ];
        rows.extend((0..5).map(|i| CaseBuilder::new(&format!("x{i}"), d).status("cancelled").build()));
        let rooms = vec![room("OR1", 10.0), room("OR2", 10.0)];
        let settings = KpiSettings::default();
        let k = facility_kpis(&input(&rows, &settings, period(10, 10)), &rooms);
        // Utilization: 100 + 125 + 105 + 140 = 470 of 1 200 → 39.17 → 39.
        // Turnover: median(25, 35) = 30. FCOTS: 1 of 2 on time → 50. Cancellations: 5 of 9 → 55.6.
        assert_eq!(
            k.score_inputs,
            FacilityScoreInputs {
                utilization_pct: 39.0,
                median_turnover_minutes: 30.0,
                fcots_pct: 50.0,
                cancellation_rate_pct: 55.6
            }
        );
        assert_eq!(k.facility_score, facility_score(k.score_inputs));
        assert_eq!(k.volume.value, 9);
        assert_eq!(k.leaderboard.rows.len(), 1);
        let json = serde_json::to_value(&k).unwrap();
        assert_eq!(json["fcots"]["value"], 50.0, "the common shape is flattened");
        assert_eq!(json["fcots"]["daily"][0]["color"], "red");
        assert_eq!(json["utilization"]["target"], 75.0);
    }

    #[test]
    fn rooms_running_behind_uses_expected_duration_and_grace() {
        let d = day(10);
        let now = local(d, "11:00:00");
        let running =
            |id: &str, pin: &str| CaseBuilder::new(id, d).room(id).status("in_progress").at("patient_in", pin);
        let rows = vec![
            // 120 + 15 = 135 min after 08:40 = 10:55 < 11:00 → behind by 5.
            running("OR1", "08:40:00").build(),
            // Exactly at the expected end: not behind.
            running("OR2", "08:45:00").build(),
            // Expected 30 min: 30 + 15 after 10:00 = 10:45 → behind by 15.
            running("OR3", "10:00:00").expected(30.0).build(),
            // Not in progress, another day, no patient_in: never behind.
            CaseBuilder::new("OR4", d).room("OR4").status("completed").at("patient_in", "06:00:00").build(),
            CaseBuilder::new("OR5", day(9)).room("OR5").status("in_progress").at("patient_in", "06:00:00").build(),
            CaseBuilder::new("OR6", d).room("OR6").status("in_progress").build(),
        ];
        let settings = KpiSettings::default();
        let out = rooms_running_behind(&rows, &settings, TZ, now, &KpiFilter::default());
        let r: Vec<_> = out.iter().map(|r| (r.case_id.as_str(), r.minutes_behind)).collect();
        assert_eq!(r, [("OR1", 5.0), ("OR3", 15.0)]);
    }

    // ─── Properties ──────────────────────────────────────────────────────────────────────────────────────────

    type RawCase = (u8, Option<u8>, Option<u8>, i64, Option<(u32, u32)>, Option<i64>, Option<i64>, Option<i64>, u8);

    fn arb_case() -> impl Strategy<Value = RawCase> {
        (
            0u8..4,
            prop::option::weighted(0.9, 0u8..3),
            prop::option::weighted(0.9, 0u8..3),
            0i64..4,
            prop::option::weighted(0.85, (6u32..16, prop_oneof![Just(0u32), Just(30u32), 0u32..60])),
            prop::option::weighted(0.85, -30i64..90),
            prop::option::weighted(0.85, 1i64..300),
            prop::option::weighted(0.8, -5i64..60),
            0u8..10,
        )
    }

    /// Builds cases from the random tuples (unique ids, repeated case numbers, varied statuses).
    fn build(raw: &[RawCase]) -> Vec<KpiCase> {
        raw.iter()
            .enumerate()
            .map(|(i, &(surgeon, room, procedure, offset, start, late, duration, incision_after, kind))| {
                let date = day(10) + Duration::days(offset);
                let mut b = CaseBuilder::new(&format!("case-{i:03}"), date).number(&format!("N{}", i % 5));
                b = b.surgeon(&format!("S{surgeon}"));
                if let Some(r) = room {
                    b = b.room(&format!("OR{r}"));
                }
                if let Some(p) = procedure {
                    b = b.procedure(&format!("P{p}"));
                }
                let slot = start.unwrap_or((8, 0));
                if let Some((h, m)) = start {
                    b = b.start(&format!("{h:02}:{m:02}"));
                }
                b = b.status(match kind {
                    0 => "cancelled",
                    1 => "in_progress",
                    2 => "scheduled",
                    _ => "completed",
                });
                if kind == 9 {
                    b = b.pa_closes(5);
                }
                let mut c = b.build();
                c.is_draft = kind == 8 && i % 2 == 0;
                let slot_at = local(date, &format!("{:02}:{:02}:00", slot.0, slot.1));
                c.patient_in = late.map(|l| slot_at + l * 60_000 + (i as i64 * 7_919) % 60_000);
                if let (Some(pin), Some(d)) = (c.patient_in, duration) {
                    c.patient_out = Some(pin + d * 60_000);
                    if let Some(after) = incision_after {
                        c.incision = Some(pin + after * 60_000);
                        c.closing = Some(pin + (d * 60_000 * 3) / 4);
                        c.closing_complete = Some(pin + (d * 60_000 * 7) / 8);
                    }
                }
                c.cancelled_at = (kind == 0).then(|| slot_at - offset * 3_600_000);
                c.expected_duration_minutes = duration.map(|d| d as f64);
                c
            })
            .collect()
    }

    fn all(rows: &[KpiCase], settings: &KpiSettings) -> FacilityKpis {
        let p = Period::new(day(11), day(13)).unwrap();
        let rooms = vec![room("OR0", 10.0), room("OR1", 8.0)];
        facility_kpis(&KpiInput::new(rows, settings, TZ, p), &rooms)
    }

    fn in_range(x: f64, lo: f64, hi: f64) -> bool {
        x.is_finite() && lo <= x && x <= hi
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn results_do_not_depend_on_row_order(raw in prop::collection::vec(arb_case(), 0..40), seed in any::<u64>(),
                                              incision in any::<bool>()) {
            let rows = build(&raw);
            let mut shuffled = rows.clone();
            // A deterministic permutation from the seed.
            let n = shuffled.len();
            for i in (1..n).rev() {
                let j = ((seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64)) >> 33) as usize % (i + 1);
                shuffled.swap(i, j);
            }
            let milestone = if incision { FcotsMilestone::Incision } else { FcotsMilestone::PatientIn };
            let settings = KpiSettings { fcots_milestone: milestone, ..KpiSettings::default() };
            prop_assert_eq!(all(&rows, &settings), all(&shuffled, &settings));
        }

        #[test]
        fn percentages_stay_in_range_and_utilization_is_capped(raw in prop::collection::vec(arb_case(), 0..40)) {
            let rows = build(&raw);
            let settings = KpiSettings::default();
            let k = all(&rows, &settings);
            prop_assert!(in_range(k.fcots.result.value, 0.0, 100.0));
            prop_assert!(in_range(k.room_turnover.compliance_percent, 0.0, 100.0));
            prop_assert!(in_range(k.flip_room_turnover.compliance_percent, 0.0, 100.0));
            prop_assert!(in_range(k.surgical_turnover.same_room.compliance_percent, 0.0, 100.0));
            prop_assert!(in_range(k.surgical_turnover.flip_room.compliance_percent, 0.0, 100.0));
            prop_assert!(in_range(k.cancellations.result.value, 0.0, 100.0));
            prop_assert!(in_range(k.utilization.actual_value, 0.0, 150.0));
            prop_assert!(in_range(k.utilization.result.value, 0.0, 150.0));
            prop_assert!(in_range(k.utilization.scheduled_value, 0.0, 150.0));
            prop_assert!(k.utilization.rooms.iter().all(|r| in_range(r.utilization, 0.0, 150.0)));
            prop_assert!(k.utilization.result.daily.iter().all(|p| in_range(p.numeric_value, 0.0, 150.0)));
            prop_assert!(k.fcots.result.daily.iter().all(|p| in_range(p.numeric_value, 0.0, 100.0)));
            prop_assert!(in_range(k.room_turnover.result.value, 0.0, 180.0));
            prop_assert!(k.room_turnover.details.iter().all(|d| in_range(d.turnover_minutes, 0.0, 180.0)));
            prop_assert!(in_range(k.surgical_turnover.flip_room.result.value, 0.0, 180.0));
            prop_assert!(k.leaderboard.rows.iter().all(|r| in_range(r.score, 0.0, 100.0) && in_range(r.fcots_rate, 0.0, 100.0)));
            prop_assert!(in_range(k.non_operative.share_percent, 0.0, f64::MAX));
            prop_assert!(k.idle.days.iter().flat_map(|d| d.gaps.iter()).all(|g| g.idle_minutes > 0.0 && g.optimal_call_delta >= 0.0));
            prop_assert!(in_range(k.facility_score.score as f64, 0.0, 100.0));
            prop_assert_eq!(k.fcots.first_case_count, k.fcots.late_count + k.fcots.on_time_count);
            prop_assert_eq!(k.surgical_turnover.total_transitions, k.surgical_turnover.same_room.count + k.surgical_turnover.flip_room.count);
            prop_assert!(k.cancellations.same_day_count <= k.cancellations.cancelled_count);
            prop_assert!(k.cancellations.total_cases == k.volume.value);
            prop_assert!(k.fcots.result.daily.iter().all(|p| p.color != KpiColor::Yellow || p.numeric_value < 85.0));
        }

        #[test]
        fn filters_never_add_results(raw in prop::collection::vec(arb_case(), 0..40), s in 0u8..4, r in 0u8..3) {
            let rows = build(&raw);
            let settings = KpiSettings::default();
            let p = Period::new(day(11), day(13)).unwrap();
            let rooms = vec![room("OR0", 10.0), room("OR1", 8.0)];
            let full = facility_kpis(&KpiInput::new(&rows, &settings, TZ, p), &rooms);
            let filter = KpiFilter { surgeon_ids: Some(vec![format!("S{s}")]), room_ids: Some(vec![format!("OR{r}")]), procedure_ids: None };
            let part = facility_kpis(&KpiInput::new(&rows, &settings, TZ, p).with_filter(filter), &rooms);
            prop_assert!(part.fcots.first_case_count <= full.fcots.first_case_count);
            prop_assert!(part.room_turnover.details.len() <= full.room_turnover.details.len());
            prop_assert!(part.flip_room_turnover.details.len() <= full.flip_room_turnover.details.len());
            prop_assert!(part.surgical_turnover.total_transitions <= full.surgical_turnover.total_transitions);
            prop_assert!(part.idle.gap_count <= full.idle.gap_count);
            prop_assert!(part.volume.value <= full.volume.value);
            prop_assert!(part.utilization.actual_minutes <= full.utilization.actual_minutes + 1e-9);
            prop_assert_eq!(part.utilization.operating_days, full.utilization.operating_days);
            prop_assert_eq!(part.leaderboard.facility_median_surgical_minutes, full.leaderboard.facility_median_surgical_minutes);
            // Every kept first case and turnover of the filtered run is one of the full run.
            for d in &part.fcots.details {
                prop_assert!(full.fcots.details.contains(d));
            }
            for d in &part.room_turnover.details {
                prop_assert!(full.room_turnover.details.contains(d));
            }
        }
    }
}
