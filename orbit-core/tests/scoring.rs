//! The ORbit Score through the public API (scoring.md §1, §5–§7): the loader over real lifecycles, settings,
//! persistence and access. The formulas themselves are tested beside the engine (`scoring::rules`,
//! `scoring::engine`, `scoring::plan`).

mod common;

use common::w::{W, at, obj};
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{ErrorKind, NewCase};
use serde_json::json;

/// A completed case of `surgeon` on 2026-03-`day` (New York, EST): start `start`, patient_in `late` minutes
/// after it, prep/drape complete 10 minutes later, incision `gap` minutes after that (when given), patient_out
/// `duration` minutes after patient_in.
fn case(w: &W, surgeon: &str, date: &str, start: &str, late: i64, gap: Option<i64>, duration: i64) -> String {
    let number = format!("{surgeon}-{date}-{start}");
    let case = w
        .user
        .create_case(NewCase {
            case_number: number[number.len() - 22..].into(),
            scheduled_date: date.into(),
            start_time: Some(start.into()),
            or_room_id: Some(w.room.clone()),
            surgeon_id: Some(surgeon.into()),
            procedure_type_id: Some(w.procedure.clone()),
            ..NewCase::default()
        })
        .unwrap();
    let scheduled = at(&format!("{date}T{start}:00-05:00"));
    let pi = scheduled + late * 60_000;
    let iso = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap().to_rfc3339();
    w.record(&case, "patient_in", &iso(pi));
    if let Some(gap) = gap {
        w.record(&case, "prep_drape_complete", &iso(pi + 10 * 60_000));
        w.record(&case, "incision", &iso(pi + (10 + gap) * 60_000));
    }
    w.record(&case, "patient_out", &iso(pi + duration * 60_000));
    case
}

fn settings_id(w: &W) -> String {
    let rows = w.admin.list(RefTable::FacilityAnalyticsSettings, &ListOptions::default()).unwrap();
    rows[0]["id"].as_str().unwrap().to_string()
}

/// Surgeons A (Sam, 4 cases with late starts, prep gaps and one delay), B (4 punctual cases of equal length,
/// and 4 very late ones in the previous period) and C (2 cases: no scorecard, but a peer) in one procedure;
/// min_case_threshold 4, min_procedure_cases 2.
struct Facility {
    w: W,
    a: String,
    b: String,
    a_cases: Vec<String>,
}

fn facility() -> Facility {
    let w = W::new("2026-02-20T12:00:00Z");
    w.admin
        .update(
            RefTable::FacilityAnalyticsSettings,
            &settings_id(&w),
            &obj(json!({"min_case_threshold": 4, "min_procedure_cases": 2})),
        )
        .unwrap();
    let a = w.surgeon.clone();
    let b = w.another_surgeon("Bea");
    let c = w.another_surgeon("Cy");
    let delay =
        w.admin.create(RefTable::DelayTypes, &obj(json!({"name": "late_surgeon", "display_name": "Late"}))).unwrap();
    let mut a_cases = Vec::new();
    for (k, (late, gap, duration)) in [(0, 2, 60), (10, 5, 70), (20, 13, 80), (0, 4, 70)].into_iter().enumerate() {
        let id = case(&w, &a, &format!("2026-03-0{}", k + 2), "07:30", late, Some(gap), duration);
        if k == 2 {
            w.user.report_case_delay(&id, delay["id"].as_str().unwrap(), Some(15), None, None).unwrap();
        }
        a_cases.push(id);
    }
    for day in 2..6 {
        case(&w, &b, &format!("2026-03-0{day}"), "12:00", 0, None, 90);
    }
    for day in ["2026-02-26", "2026-02-27", "2026-02-28", "2026-03-01"] {
        case(&w, &b, day, "12:00", 30, None, 90);
    }
    for (day, duration) in [(2, 80), (3, 90)] {
        case(&w, &c, &format!("2026-03-0{day}"), "15:00", 0, None, duration);
    }
    Facility { w, a, b, a_cases }
}

#[test]
fn scores_of_a_real_facility() {
    let Facility { w, a, b, a_cases } = facility();
    let scores = w.admin.compute_orbit_scores(&w.f, "2026-03-02", "2026-03-05", true).unwrap();
    type Card<'a> = (&'a str, [i64; 4], i64, &'a str, Option<i64>);
    let cards: Vec<Card> = scores
        .scorecards
        .iter()
        .map(|c| {
            let p = &c.pillars;
            let pillars = [p.profitability, p.consistency, p.sched_adherence, p.availability];
            (c.surgeon_id.as_str(), pillars, c.composite, c.trend.as_str(), c.previous_composite)
        })
        .collect();
    // Consistency: CVs A 0.1166, B 0, C 0.0832 (C is a peer without a scorecard) → median 0.0832, MAD 0.0335
    // → A 33 (1 MAD), B 91. A's adherence overs 0, 7, 17, 0 → 70; gaps 2, 5, 13, 4 → 68 and one delay in four
    // cases → 50 → availability 59. Profit is the same per minute for everyone → 50. Composites 78 and 53;
    // B's previous period (all 30 minutes late) scored 45 on its own.
    assert_eq!(
        cards,
        [(b.as_str(), [50, 91, 100, 75], 78, "up", Some(45)), (a.as_str(), [50, 33, 70, 59], 53, "stable", None)]
    );
    assert_eq!(scores.scorecards[0].surgeon_name, "Dr. Surgeon");
    assert_eq!(scores.scorecards[1].case_count, 4);
    assert!(scores.scorecards[1].diagnostics.is_some());
    assert_eq!(scores.insufficient.len(), 1, "{:?}", scores.insufficient);
    assert_eq!(scores.insufficient[0].case_count, 2);
    let plain = w.admin.compute_orbit_scores(&w.f, "2026-03-02", "2026-03-05", false).unwrap();
    assert!(plain.scorecards.iter().all(|c| c.diagnostics.is_none()));
    // One surgeon's card (with diagnostics), the insufficient case, and the improvement plan.
    let card = w.admin.compute_surgeon_scorecard(&w.f, &a, Some("2026-03-02"), Some("2026-03-05")).unwrap();
    assert_eq!(card.composite, 53);
    let adherence = &card.diagnostics.as_ref().unwrap().sched_adherence;
    assert_eq!((adherence.total_cases_scored, adherence.cases_within_grace), (4, 2));
    let c = &scores.insufficient[0].surgeon_id;
    let err = w.admin.compute_surgeon_scorecard(&w.f, c, Some("2026-03-02"), Some("2026-03-05")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientCases);
    let plan = w.admin.surgeon_improvement_plan(&w.f, &a, Some("2026-03-02"), Some("2026-03-05"), None).unwrap();
    assert_eq!(plan.current_composite, 53);
    assert!(!plan.recommendations.is_empty());
    // Without dates: the 90 days ending facility-local today (the library clock).
    w.clock.set(at("2026-03-06T03:00:00Z")); // 22:00 on 2026-03-05 in New York
    assert_eq!(w.admin.compute_surgeon_scorecard(&w.f, &a, None, None).unwrap().composite, 53);
    w.clock.set(at("2026-06-10T12:00:00Z"));
    let err = w.admin.compute_surgeon_scorecard(&w.f, &a, None, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientCases, "the March cases are outside 2026-03-12..2026-06-10");
    // Excluded cases are not scored: A drops below the threshold.
    w.user.exclude_case(&a_cases[0], Some("audit")).unwrap();
    let scores = w.admin.compute_orbit_scores(&w.f, "2026-03-02", "2026-03-05", false).unwrap();
    assert_eq!(scores.scorecards.len(), 1);
    assert!(scores.insufficient.iter().any(|s| s.surgeon_id == a && s.case_count == 3));
}

#[test]
fn bad_requests_and_access() {
    let Facility { w, a, .. } = facility();
    let kind = |r: orbit_core::Result<orbit_core::scoring::OrbitScores>| r.unwrap_err().kind();
    assert_eq!(kind(w.admin.compute_orbit_scores(&w.f, "2026-03-05", "2026-03-02", false)), ErrorKind::InvalidInput);
    assert_eq!(kind(w.admin.compute_orbit_scores(&w.f, "2026-02-30", "2026-03-02", false)), ErrorKind::InvalidInput);
    let half = w.admin.compute_surgeon_scorecard(&w.f, &a, Some("2026-03-02"), None).unwrap_err();
    assert_eq!(half.kind(), ErrorKind::InvalidInput);
    // Users without scores.view, other facilities' members and device reps see no scores.
    assert_eq!(kind(w.user.compute_orbit_scores(&w.f, "2026-03-02", "2026-03-05", false)), ErrorKind::PermissionDenied);
    let g = w.fx.facility("G");
    let (_, outsider) = w.fx.member(&g, "facility_admin", "Otto");
    assert_eq!(kind(outsider.compute_orbit_scores(&w.f, "2026-03-02", "2026-03-05", false)), ErrorKind::NotFound);
    assert_eq!(w.user.latest_surgeon_scorecards(&w.f).unwrap_err().kind(), ErrorKind::PermissionDenied);
    // Only global admins (and the system) refresh every facility.
    assert_eq!(w.admin.refresh_all_surgeon_scorecards().unwrap_err().kind(), ErrorKind::PermissionDenied);
    // Settings are range-checked: nothing is written.
    let bad =
        w.admin.update(RefTable::FacilityAnalyticsSettings, &settings_id(&w), &obj(json!({"min_case_threshold": 0})));
    let bad = bad.unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::InvalidInput, "{bad}");
    let rows = w.admin.list(RefTable::FacilityAnalyticsSettings, &ListOptions::default()).unwrap();
    assert_eq!(rows[0]["min_case_threshold"], 4);
    // The facility score is pure: worked example 7.
    let s = w.user.compute_facility_score(70.0, 30.0, 80.0, 2.1).unwrap();
    assert_eq!((s.score, s.grade.letter.as_str()), (74, "B"));
    assert_eq!(w.user.compute_facility_score(f64::NAN, 30.0, 80.0, 2.1).unwrap_err().kind(), ErrorKind::InvalidInput);
}

#[test]
fn refresh_upserts_keeps_ids_and_deletes_surgeons_that_no_longer_qualify() {
    let Facility { w, a, b, .. } = facility();
    let first = w.admin.refresh_surgeon_scorecards(&w.f, "2026-03-02", "2026-03-05").unwrap();
    let rows: Vec<(&str, i64, Option<&str>, &str)> = first
        .iter()
        .map(|r| (r.surgeon_id.as_str(), r.composite_score, r.trend.as_deref(), r.grade.letter.as_str()))
        .collect();
    assert_eq!(rows, [(b.as_str(), 78, Some("up"), "B"), (a.as_str(), 53, Some("stable"), "C")]);
    assert_eq!((first[0].profitability_score, first[0].previous_composite), (Some(50), Some(45)));
    // A second refresh keeps ids and created_at, and moves updated_at.
    w.clock.set(at("2026-03-10T12:00:00Z"));
    let again = w.admin.refresh_surgeon_scorecards(&w.f, "2026-03-02", "2026-03-05").unwrap();
    assert_eq!(again.iter().map(|r| &r.id).collect::<Vec<_>>(), first.iter().map(|r| &r.id).collect::<Vec<_>>());
    assert_eq!(again[0].created_at, first[0].created_at);
    assert!(again[0].updated_at > first[0].updated_at);
    // An earlier period: latest_surgeon_scorecards picks each surgeon's latest period_end.
    let earlier = w.admin.refresh_surgeon_scorecards(&w.f, "2026-02-26", "2026-03-01").unwrap();
    assert_eq!(earlier.len(), 1, "only B had cases then");
    let latest = w.admin.latest_surgeon_scorecards(&w.f).unwrap();
    assert_eq!(latest.iter().map(|r| r.period_end.as_str()).collect::<Vec<_>>(), ["2026-03-05", "2026-03-05"]);
    // Raising the threshold: nobody qualifies, the period's rows go.
    w.admin
        .update(RefTable::FacilityAnalyticsSettings, &settings_id(&w), &obj(json!({"min_case_threshold": 5})))
        .unwrap();
    assert!(w.admin.refresh_surgeon_scorecards(&w.f, "2026-03-02", "2026-03-05").unwrap().is_empty());
    let latest = w.admin.latest_surgeon_scorecards(&w.f).unwrap();
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[0].period_end, "2026-03-01");
    // Each refresh wrote one audit row.
    let audit = w
        .admin
        .audit_log(&orbit_core::AuditQuery {
            action: Some("surgeon_scorecards.refreshed".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(audit.len(), 4);
    // The nightly job: every facility over its default period (here 2025-12-10..2026-03-10).
    let all = w.fx.global_admin().refresh_all_surgeon_scorecards().unwrap();
    let mine = all.iter().find(|r| r.facility_id == w.f).unwrap();
    assert_eq!(
        (mine.period_start.as_str(), mine.period_end.as_str(), mine.scorecards),
        ("2025-12-10", "2026-03-10", 1)
    );
}

#[test]
fn refreshing_one_surgeon_writes_only_their_row() {
    let Facility { w, a, .. } = facility();
    let row = w.admin.refresh_surgeon_scorecard(&w.f, &a, Some("2026-03-02"), Some("2026-03-05")).unwrap().unwrap();
    assert_eq!((row.surgeon_id.as_str(), row.composite_score, row.case_count), (a.as_str(), 53, 4));
    let latest = w.admin.latest_surgeon_scorecards(&w.f).unwrap();
    assert_eq!(latest.len(), 1, "B's row is not written by A's refresh");
    // Below the threshold: no row any more.
    w.admin
        .update(RefTable::FacilityAnalyticsSettings, &settings_id(&w), &obj(json!({"min_case_threshold": 5})))
        .unwrap();
    assert!(w.admin.refresh_surgeon_scorecard(&w.f, &a, Some("2026-03-02"), Some("2026-03-05")).unwrap().is_none());
    assert!(w.admin.latest_surgeon_scorecards(&w.f).unwrap().is_empty());
    assert_eq!(w.user.refresh_surgeon_scorecard(&w.f, &a, None, None).unwrap_err().kind(), ErrorKind::PermissionDenied);
}
