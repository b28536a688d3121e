//! Operational KPIs through the public API (financials-kpis.md §0.3, §7–8): the loader over real lifecycles,
//! filters, the facility score and access. The formulas are tested beside the engine (`kpis::*`).

mod common;

use common::w::{W, at};
use orbit_core::ErrorKind;
use orbit_core::kpis::model::KpiFilter;
use orbit_core::reference::{ListOptions, RefTable};

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
