//! Operational KPIs through the public API (financials-kpis.md §0.3, §7–8): the loader over real lifecycles,
//! filters, the facility score and access. The formulas are tested beside the engine (`kpis::*`).

mod common;

use common::w::{W, at, obj};
use orbit_core::ErrorKind;
use orbit_core::kpis::model::KpiFilter;
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::scheduling::store::RoomDayInput;
use serde_json::json;

/// 2026-03-02 (EST) in OR1: three cases with patient_in and patient_out (the first on time, turnovers of 25 and
/// 35 minutes) and a fourth cancelled that morning.
fn monday(w: &W) -> Vec<String> {
    let mut ids = Vec::new();
    for (number, start, pi, po) in [
        ("K1", "07:30", "2026-03-02T12:30:00Z", "2026-03-02T13:30:00Z"),
        ("K2", "09:00", "2026-03-02T13:55:00Z", "2026-03-02T14:55:00Z"),
        ("K3", "10:30", "2026-03-02T15:30:00Z", "2026-03-02T16:30:00Z"),
    ] {
        let case = w.case(number, "2026-03-02", start);
        w.record(&case, "patient_in", pi);
        w.record(&case, "patient_out", po);
        ids.push(case);
    }
    let cancelled = w.case("K4", "2026-03-02", "13:00");
    w.clock.set(at("2026-03-02T15:00:00Z"));
    let reason = w.admin.list(RefTable::CancellationReasons, &ListOptions::default()).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    w.user.cancel_case(&cancelled, Some(&reason), None).unwrap();
    ids.push(cancelled);
    ids
}

#[test]
fn kpis_of_a_real_day() {
    let w = W::new("2026-02-20T12:00:00Z");
    monday(&w);
    let k = w.user.facility_kpis(&w.f, "2026-03-02", "2026-03-02", None).unwrap();
    assert_eq!((k.fcots.first_case_count, k.fcots.on_time_count, k.fcots.result.value), (1, 1, 100.0));
    assert_eq!((k.room_turnover.median_minutes, k.room_turnover.result.value), (Some(30.0), 30.0));
    assert_eq!((k.cancellations.same_day_count, k.cancellations.total_cases, k.cancellations.rate), (1, 4, 25.0));
    assert_eq!(k.utilization.actual_minutes, 180.0, "three hour-long cases");
    assert_eq!(k.volume.value, 4, "volume counts cancelled cases (§8.6)");
    // The facility score reads the four values as returned, and facility_score is the same computation.
    let s = &k.score_inputs;
    let expected = w.user.compute_facility_score(
        s.utilization_pct,
        s.median_turnover_minutes,
        s.fcots_pct,
        s.cancellation_rate_pct,
    );
    assert_eq!(k.facility_score, expected.unwrap());
    assert_eq!(w.user.facility_score(&w.f, "2026-03-02", "2026-03-02").unwrap(), k.facility_score);
    // The next day compares against this one.
    let next = w.user.facility_kpis(&w.f, "2026-03-03", "2026-03-03", None).unwrap();
    assert_eq!((next.volume.value, next.volume.previous_value), (0, 4));
    // Filters select what is reported: another surgeon has none of these cases.
    let other = w.another_surgeon("Otto");
    let filter = KpiFilter { surgeon_ids: Some(vec![other]), ..KpiFilter::default() };
    let none = w.user.facility_kpis(&w.f, "2026-03-02", "2026-03-02", Some(filter)).unwrap();
    assert_eq!((none.fcots.first_case_count, none.volume.value), (0, 0));
}

#[test]
fn bad_requests_and_access() {
    let w = W::new("2026-02-20T12:00:00Z");
    let err = w.user.facility_kpis(&w.f, "2026-03-05", "2026-03-02", None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(w.user.facility_score(&w.f, "2026-13-01", "2026-03-02").unwrap_err().kind(), ErrorKind::InvalidInput);
    let g = w.fx.facility("G");
    let (_, outsider) = w.fx.member(&g, "facility_admin", "Otto");
    assert_eq!(outsider.facility_kpis(&w.f, "2026-03-02", "2026-03-02", None).unwrap_err().kind(), ErrorKind::NotFound);
    // Empty periods are all zeros, not errors.
    let k = w.user.facility_kpis(&w.f, "2026-03-02", "2026-03-08", None).unwrap();
    assert_eq!((k.volume.value, k.fcots.result.value, k.cancellations.rate), (0, 0.0, 0.0));
}

/// §8.13 over a real block (E12 in the facility's zone): Dr Surgeon's Monday block 07:00–15:00 in OR1, the room
/// open 07:00–17:00, three completed cases 07:10–09:00, 09:30–11:45, 12:05–13:00 (EST, UTC−5).
#[test]
fn block_utilization_of_a_real_block_day() {
    let w = W::new("2026-02-20T12:00:00Z");
    let block = obj(json!({"surgeon_id": w.surgeon, "or_room_id": w.room, "day_of_week": 1, "start_time": "07:00",
                           "end_time": "15:00", "effective_start": "2026-01-01"}));
    w.admin.create(RefTable::BlockSchedules, &block).unwrap();
    let week: Vec<RoomDayInput> = (0..7)
        .map(|d| RoomDayInput {
            day_of_week: d,
            is_closed: d == 0 || d == 6,
            open_time: Some("07:00".into()),
            close_time: Some("17:00".into()),
        })
        .collect();
    w.admin.set_room_week(&w.room, &week, Some("2026-01-01")).unwrap();
    w.admin.update(RefTable::Facilities, &w.f, &obj(json!({"or_hourly_rate": 6000}))).unwrap();
    for (number, start, pi, po) in [
        ("B1", "07:00", "2026-03-02T12:10:00Z", "2026-03-02T14:00:00Z"),
        ("B2", "09:30", "2026-03-02T14:30:00Z", "2026-03-02T16:45:00Z"),
        ("B3", "12:00", "2026-03-02T17:05:00Z", "2026-03-02T18:00:00Z"),
    ] {
        let case = w.case(number, "2026-03-02", start);
        w.record(&case, "patient_in", pi);
        w.record(&case, "patient_out", po);
        assert_eq!(w.status(&case), "completed");
    }
    let b = w.user.block_utilization(&w.f, "2026-03-02", "2026-03-02", None).unwrap();
    let day = &b.block_days[0];
    assert_eq!((day.duration_minutes, day.used_minutes, day.turnover_minutes), (480.0, 300.0, 50.0));
    assert_eq!(
        (day.remaining_minutes, day.overrun_minutes, day.utilization_pct, day.case_count),
        (120.0, 0.0, 63.0, 3)
    );
    let s = &b.surgeons[0];
    assert_eq!(
        (s.surgeon_name.as_deref(), s.avg_utilization_pct, s.cases_outside_block),
        (Some("Dr. Surgeon"), 63.0, 0)
    );
    // What fits: P's median 110 minutes + median turnover 25 > 120 remaining.
    let fits = &s.what_fits[0];
    assert_eq!(
        (fits.case_count, fits.total_needed_minutes, fits.fits, fits.estimated_revenue),
        (3, 135.0, false, None)
    );
    // 120 unused minutes at 60.00 / h.
    assert_eq!((b.summary.avg_util, b.summary.unused_block_cost), (63.0, Some(12_000)));
    let room = &b.rooms[0];
    assert_eq!((room.available_minutes, room.used_minutes, room.avg_utilization_pct), (600.0, 300.0, 50.0));
    assert_eq!((room.block_allocation_pct, room.unblocked_minutes, room.days_active), (80.0, 120.0, 1));
    // The whole week: the block recurs on Mondays only; the room is open five days.
    let week = w.user.block_utilization(&w.f, "2026-03-02", "2026-03-08", None).unwrap();
    assert_eq!(
        (week.summary.block_day_count, week.rooms[0].open_days, week.rooms[0].avg_utilization_pct),
        (1, 5, 10.0)
    );
    // Filters select block days by the block's surgeon; other facilities' members see nothing.
    let other = w.another_surgeon("Otto");
    let filter = KpiFilter { surgeon_ids: Some(vec![other]), ..KpiFilter::default() };
    let none = w.user.block_utilization(&w.f, "2026-03-02", "2026-03-02", Some(filter)).unwrap();
    assert_eq!((none.summary.block_day_count, none.surgeons.len(), none.rooms[0].used_minutes), (0, 0, 0.0));
    let g = w.fx.facility("G");
    let (_, outsider) = w.fx.member(&g, "facility_admin", "Otto");
    let err = outsider.block_utilization(&w.f, "2026-03-02", "2026-03-02", None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = w.user.block_utilization(&w.f, "2025-01-01", "2026-03-02", None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "more than 366 days");
}
