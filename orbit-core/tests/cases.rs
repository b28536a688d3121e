//! The case lifecycle (lifecycle-and-stats.md §2, §3, §6 and worked examples §7.1, §7.3, §7.5).

mod common;

use common::w::{W, at, obj};
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{ErrorKind, NewCase};
use serde_json::{Map, Value, json};

#[test]
fn two_case_lifecycle_w7_1() {
    let w = W::new("2026-02-09T15:00:00Z");
    let c1 = w.case("1001", "2026-02-10", "07:30");
    assert_eq!(w.user.case_milestones(&c1).unwrap().len(), 10);
    assert_eq!(w.history(&c1), [("created".to_string(), json!({}))]);
    assert_eq!(w.checkin(&c1), ("expected".into(), at("2026-02-10T11:00:00Z")));
    let out = w.record(&c1, "patient_in", "2026-02-10T12:35:20Z");
    assert_eq!((out.status.as_str(), out.skipped_predecessors, out.auto_validated), ("in_progress", 0, false));
    assert_eq!(w.checkin(&c1).0, "in_pre_op");
    assert_eq!(w.history(&c1)[1].0, "status_change");
    w.record(&c1, "incision", "2026-02-10T13:10:00Z");
    assert_eq!(w.checkin(&c1).0, "in_surgery");
    w.record(&c1, "closing", "2026-02-10T14:20:40Z");
    let done = w.record(&c1, "patient_out", "2026-02-10T14:40:50Z");
    assert_eq!((done.status.as_str(), done.unresolved_issues, done.auto_validated), ("completed", 0, true));
    let (validated, by): (i64, Option<String>) =
        w.fx.raw()
            .query_row("SELECT data_validated, validated_by FROM cases WHERE id = ?1", [&c1], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
    assert_eq!((validated, by), (1, None));
    let last = w.history(&c1).pop().unwrap();
    assert_eq!(last.0, "status_change");
    assert_eq!(last.1["data_validated"], json!({"old": "false", "new": "true"}));
    assert_eq!(last.1.as_object().unwrap().keys().collect::<Vec<_>>(), ["status_id", "data_validated"]);
    assert_eq!(w.checkin(&c1).0, "in_recovery");
    // Only milestones change the patient status; re-recording and undo never move it back.
    let c2 = w.case("1002", "2026-02-10", "10:00");
    assert_eq!(w.checkin(&c2), ("expected".into(), at("2026-02-10T13:30:00Z")));
    let actions: Vec<String> = w
        .fx
        .raw()
        .prepare("SELECT action FROM audit_log WHERE target_id = ?1 OR target_id IN (SELECT id FROM case_milestones WHERE case_id = ?1) ORDER BY rowid")
        .unwrap()
        .query_map([&c1], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        actions,
        [
            "case.created",
            "milestone.recorded",
            "case.status_changed",
            "milestone.recorded",
            "milestone.recorded",
            "milestone.recorded",
            "case.status_changed",
            "case.validated",
        ]
    );
}

#[test]
fn re_recording_the_same_instant_writes_nothing() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = w.case("1", "2026-02-10", "07:30");
    w.record(&c, "patient_in", "2026-02-10T12:35:20Z");
    let before = w.content();
    w.user.record_milestone(&c, w.m("patient_in"), Some(at("2026-02-10T12:35:20Z")), None).unwrap();
    w.assert_unchanged(&before, "refused call");
}

#[test]
fn dst_day_expected_arrivals_w7_3() {
    let w = W::new("2026-03-07T15:00:00Z");
    let a = w.case("A", "2026-03-08", "01:30");
    let b = w.case("B", "2026-03-08", "03:30");
    assert_eq!(w.checkin(&a).1, at("2026-03-08T05:00:00Z"));
    assert_eq!(w.checkin(&b).1, at("2026-03-08T06:00:00Z"));
    // Both cases run through the DST change and auto-validate (all gaps within 1–90 minutes).
    for (case, times) in [
        (&a, ["2026-03-08T06:40:00Z", "2026-03-08T06:55:00Z", "2026-03-08T07:05:00Z", "2026-03-08T07:20:00Z"]),
        (&b, ["2026-03-08T07:35:00Z", "2026-03-08T07:50:00Z", "2026-03-08T08:30:00Z", "2026-03-08T08:45:00Z"]),
    ] {
        let mut last = None;
        for (m, t) in ["patient_in", "incision", "closing", "patient_out"].iter().zip(times) {
            last = Some(w.record(case, m, t));
        }
        assert!(last.unwrap().auto_validated);
    }
}

#[test]
fn out_of_order_recording_and_stale_cases_w7_5() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = w.case("1", "2026-02-10", "07:30");
    // incision first at 08:00 local (13:00Z): five predecessors of the Default template are unrecorded.
    let first = w.record(&c, "incision", "2026-02-10T13:00:00Z");
    assert_eq!((first.skipped_predecessors, first.status.as_str()), (5, "scheduled"));
    w.record(&c, "patient_in", "2026-02-10T13:05:00Z");
    let issues = w.user.case_issues(&c).unwrap();
    assert_eq!(issues.len(), 1);
    assert_eq!(
        (issues[0].issue_type.as_str(), issues[0].detected_value, issues[0].expected_min),
        ("impossible", Some(-5.0), Some(0.0))
    );
    let done = w.record(&c, "patient_out", "2026-02-10T14:00:00Z");
    assert_eq!((done.status.as_str(), done.auto_validated, done.unresolved_issues), ("completed", false, 1));
    // Stale: scheduled 2026-02-09, nothing recorded; the sweep at 2026-02-11T15:00Z finds it.
    let s = w.case("2", "2026-02-09", "07:30");
    w.clock.set(at("2026-02-11T15:00:00Z"));
    let report = w.user.run_data_quality_sweep(None).unwrap();
    assert_eq!(report.unresolved_by_type.get("stale"), Some(&1));
    let stale = w.user.case_issues(&s).unwrap();
    assert_eq!((stale[0].issue_type.as_str(), stale[0].detected_value), ("stale", Some(2.0)));
    assert_eq!(stale[0].details, Some(json!({"scheduled_date": "2026-02-09", "days_overdue": 2})));
    // Recording patient_in later deletes the open issue.
    w.user.record_milestone(&s, w.m("patient_in"), None, None).unwrap();
    assert!(w.user.case_issues(&s).unwrap().is_empty());
    // Resolving an issue keeps it out of later runs' way.
    let id = issues[0].id.clone();
    let resolved = w.user.resolve_issue(&id, Some("approved"), Some("checked")).unwrap();
    assert_eq!(resolved.resolution_type.as_deref(), Some("approved"));
    assert_eq!(w.user.resolve_issue(&id, None, None).unwrap_err().kind(), ErrorKind::InvalidState);
}

#[test]
fn history_rows_list_exactly_the_changed_tracked_columns_w4() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = w.case("1", "2026-03-02", "07:30");
    w.user.update_case(&c, &obj(json!({"start_time": "08:00", "notes": "Bring loaner tray"}))).unwrap();
    let h = w.history(&c);
    assert_eq!(h.len(), 2);
    assert_eq!(h[1].0, "updated");
    assert_eq!(
        h[1].1,
        json!({"start_time": {"old": "07:30:00", "new": "08:00:00"}, "notes": {"old": null, "new": "Bring loaner tray"}})
    );
    assert_eq!(w.checkin(&c).1, at("2026-03-02T11:30:00Z"), "expected arrival follows the new start");
    // A patch that changes nothing writes nothing; surgeon_left_at writes audit but no history.
    let before = w.content();
    w.user.update_case(&c, &obj(json!({"notes": "Bring loaner tray"}))).unwrap();
    w.assert_unchanged(&before, "refused call");
    w.user.set_surgeon_left(&c, Some(at("2026-02-10T12:00:00Z"))).unwrap();
    assert_eq!(w.history(&c).len(), 2);
    // Cancelling writes one `cancelled` row.
    let reason = w.admin.list(RefTable::CancellationReasons, &ListOptions::default()).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    w.user.cancel_case(&c, Some(&reason), Some("patient ill")).unwrap();
    let last = w.history(&c).pop().unwrap();
    assert_eq!(last.0, "cancelled");
    let keys: Vec<&String> = last.1.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["status_id", "cancelled_at", "cancellation_reason_id", "cancellation_notes"]);
}

#[test]
fn cancel_and_restore() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = w.case("1", "2026-02-10", "07:30");
    w.record(&c, "patient_in", "2026-02-10T12:35:00Z");
    let b = w.fx.facility("B");
    let before = w.content();
    assert_eq!(w.user.cancel_case(&c, None, None).unwrap_err().kind(), ErrorKind::CancellationReasonRequired);
    let foreign: String =
        w.fx.raw().query_row("SELECT id FROM cancellation_reasons WHERE facility_id = ?1", [&b], |r| r.get(0)).unwrap();
    assert_eq!(w.user.cancel_case(&c, Some(&foreign), None).unwrap_err().kind(), ErrorKind::NotFound);
    w.assert_unchanged(&before, "refused call");
    let reason = w.admin.list(RefTable::CancellationReasons, &ListOptions::default()).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    w.user.cancel_case(&c, Some(&reason), None).unwrap();
    assert_eq!(w.status(&c), "cancelled");
    let cancelled: String =
        w.fx.raw()
            .query_row("SELECT new_values FROM audit_log WHERE action = 'case.cancelled'", [], |r| r.get(0))
            .unwrap();
    let v: Value = serde_json::from_str(&cancelled).unwrap();
    assert_eq!((v["had_milestones"].clone(), v["milestone_count"].clone()), (json!(true), json!(1)));
    assert_eq!(v["cancellation_reason"], json!("ehr_system_cancellation"));
    assert_eq!(w.user.record_milestone(&c, w.m("incision"), None, None).unwrap_err().kind(), ErrorKind::CaseCancelled);
    w.user.restore_case(&c).unwrap();
    assert_eq!(w.status(&c), "scheduled");
    let cols: (Option<i64>, Option<String>) =
        w.fx.raw()
            .query_row("SELECT cancelled_at, cancellation_reason_id FROM cases WHERE id = ?1", [&c], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
    assert_eq!(cols, (None, None));
    // Milestones were kept: recording patient_in again starts the case.
    w.user.record_milestone(&c, w.m("patient_in"), None, None).unwrap();
    assert_eq!(w.status(&c), "in_progress");
}

#[test]
fn drafts_have_nothing_until_finalized() {
    let w = W::new("2026-02-10T12:00:00Z");
    let d = w
        .user
        .create_case(NewCase {
            case_number: "D1".into(),
            scheduled_date: "2026-02-12".into(),
            is_draft: true,
            ..NewCase::default()
        })
        .unwrap();
    assert!(w.user.case_milestones(&d).unwrap().is_empty());
    assert_eq!(w.user.case_checkin(&d).unwrap(), None);
    assert_eq!(w.user.record_milestone(&d, w.m("patient_in"), None, None).unwrap_err().kind(), ErrorKind::CaseIsDraft);
    for err in [w.user.set_case_status(&d, "delayed"), w.user.restore_case(&d), w.user.cancel_case(&d, None, None)] {
        assert_eq!(err.unwrap_err().kind(), ErrorKind::CaseIsDraft);
    }
    w.user.finalize_draft(&d, &obj(json!({"start_time": "09:00", "or_room_id": w.room}))).unwrap();
    assert_eq!(w.user.case_milestones(&d).unwrap().len(), 10);
    assert_eq!(w.checkin(&d).0, "expected");
    assert_eq!(w.user.finalize_draft(&d, &Map::new()).unwrap_err().kind(), ErrorKind::NotADraft);
    let h = w.history(&d);
    assert_eq!(h[1].1["is_draft"], json!({"old": "true", "new": "false"}));
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = w.case("1", "2026-02-10", "07:30");
    let b = w.fx.facility("B");
    let foreign: String =
        w.fx.raw()
            .query_row("SELECT id FROM facility_milestones WHERE facility_id = ?1 AND name = 'incision'", [&b], |r| {
                r.get(0)
            })
            .unwrap();
    let before = w.content();
    let err = w.user.record_milestone(&c, w.m("patient_in"), Some(at("2026-02-10T12:05:01Z")), None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::FutureTimestamp);
    assert_eq!(w.user.record_milestone(&c, &foreign, None, None).unwrap_err().kind(), ErrorKind::MilestoneNotFound);
    assert_eq!(w.user.record_milestone(&c, "nope", None, None).unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!(w.user.undo_milestone(&c, w.m("incision")).unwrap_err().kind(), ErrorKind::MilestoneNotRecorded);
    assert_eq!(w.user.validate_case(&c).unwrap_err().kind(), ErrorKind::NotCompleted);
    let dup = NewCase { case_number: "1".into(), scheduled_date: "2026-02-11".into(), ..NewCase::default() };
    assert_eq!(w.user.create_case(dup).unwrap_err().kind(), ErrorKind::Conflict);
    let bad_date = NewCase { case_number: "2".into(), scheduled_date: "2026-02-30".into(), ..NewCase::default() };
    assert_eq!(w.user.create_case(bad_date).unwrap_err().kind(), ErrorKind::InvalidInput);
    w.assert_unchanged(&before, "refused calls");
    let (_, admin_b) = w.fx.member(&b, "facility_admin", "Bob");
    let room_b =
        admin_b.create(RefTable::OrRooms, &obj(json!({"name": "B1"}))).unwrap()["id"].as_str().unwrap().to_string();
    let before_b = w.content();
    let cross = NewCase {
        case_number: "3".into(),
        scheduled_date: "2026-02-11".into(),
        or_room_id: Some(room_b),
        ..NewCase::default()
    };
    let err = w.user.create_case(cross).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().starts_with("or_room_id"), "{err}");
    w.assert_unchanged(&before_b, "refused call");
    // Another facility's users see nothing; device reps write nothing.
    let (_, user_b) = w.fx.member(&b, "user", "Bea");
    assert_eq!(user_b.record_milestone(&c, w.m("patient_in"), None, None).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(user_b.get_case(&c).unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn template_is_re_resolved_until_something_is_recorded() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = w.case("1", "2026-02-10", "07:30");
    let short = w
        .admin
        .create_template(orbit_core::milestones::NewTemplate {
            name: "Short".into(),
            items: vec![
                orbit_core::milestones::TemplateItemInput { milestone_id: w.m("patient_in").into(), phase_id: None },
                orbit_core::milestones::TemplateItemInput { milestone_id: w.m("patient_out").into(), phase_id: None },
            ],
            ..Default::default()
        })
        .unwrap()
        .template["id"]
        .as_str()
        .unwrap()
        .to_string();
    let p2 =
        w.admin.create(RefTable::ProcedureTypes, &obj(json!({"name": "P2", "milestone_template_id": short}))).unwrap();
    w.user.update_case(&c, &obj(json!({"procedure_type_id": p2["id"]}))).unwrap();
    assert_eq!(w.user.case_milestones(&c).unwrap().len(), 2);
    w.record(&c, "patient_in", "2026-02-10T12:30:00Z");
    w.user.update_case(&c, &obj(json!({"procedure_type_id": w.procedure}))).unwrap();
    assert_eq!(w.user.case_milestones(&c).unwrap().len(), 2, "kept once something is recorded");
}

#[test]
fn validation_and_exclusion_are_idempotent_and_audited() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = w.case("1", "2026-02-10", "07:30");
    w.record(&c, "patient_in", "2026-02-10T12:30:00Z");
    w.record(&c, "incision", "2026-02-10T12:31:00Z");
    w.record(&c, "patient_out", "2026-02-10T15:30:00Z"); // closing missing: a 179-minute gap → timeout
    assert_eq!(w.status(&c), "completed");
    w.user.validate_case(&c).unwrap();
    let before = w.content();
    w.user.validate_case(&c).unwrap();
    w.assert_unchanged(&before, "validating twice is a no-op");
    w.user.exclude_case(&c, Some("Equipment failure")).unwrap();
    let before = w.content();
    w.user.exclude_case(&c, None).unwrap();
    w.assert_unchanged(&before, "refused call");
    w.user.unexclude_case(&c).unwrap();
    // Undoing patient_out invalidates automatically.
    w.clock.set(at("2026-02-10T15:40:00Z"));
    assert_eq!(w.user.undo_milestone(&c, w.m("patient_out")).unwrap(), "in_progress");
    let validated: i64 =
        w.fx.raw().query_row("SELECT data_validated FROM cases WHERE id = ?1", [&c], |r| r.get(0)).unwrap();
    assert_eq!(validated, 0);
    let actions: Vec<String> =
        w.fx.raw()
            .prepare("SELECT action FROM audit_log WHERE target_id = ?1 AND action LIKE 'case.%' ORDER BY rowid")
            .unwrap()
            .query_map([&c], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
    assert_eq!(
        actions,
        [
            "case.created",
            "case.status_changed",
            "case.status_changed",
            "case.validated",
            "case.excluded",
            "case.unexcluded",
            "case.status_changed",
            "case.invalidated",
        ]
    );
}

#[test]
fn delays_are_reported_as_a_row_and_its_flag() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = w.case("1", "2026-02-10", "07:30");
    let t = w
        .admin
        .create(RefTable::DelayTypes, &obj(json!({"name": "late_surgeon", "display_name": "Late surgeon"})))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let d = w.user.report_case_delay(&c, &t, Some(15), Some("traffic"), Some(w.m("patient_in"))).unwrap();
    assert_eq!((d.label.as_str(), d.duration_minutes, d.note.as_deref()), ("Late surgeon", Some(15), Some("traffic")));
    let flag: (String, String, Option<String>) =
        w.fx.raw()
            .query_row("SELECT flag_type, severity, note FROM case_flags WHERE case_delay_id = ?1", [&d.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
    assert_eq!(flag, ("delay".into(), "warning".into(), Some("traffic".into())));
    let edited = w.user.update_case_delay_note(&d.id, Some("snow")).unwrap();
    assert_eq!(edited.note.as_deref(), Some("snow"));
    assert_eq!(w.user.case_delays(&c).unwrap().len(), 1);
    let before = w.content();
    assert_eq!(w.user.report_case_delay(&c, &t, Some(-1), None, None).unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!(w.user.report_case_delay(&c, "nope", None, None, None).unwrap_err().kind(), ErrorKind::InvalidInput);
    w.assert_unchanged(&before, "refused delay reports");
    w.user.delete_case_delay(&d.id).unwrap();
    assert_eq!(w.fx.count("SELECT count(*) FROM case_flags"), 0);
    let actions = w.fx.count(
        "SELECT count(*) FROM audit_log WHERE action IN ('delay.added', 'delay.deleted', 'case_delays.updated')",
    );
    assert_eq!(actions, 3);
}

/// A threshold flag on the case (flag detection arrives with the flag issue), to watch it go.
fn raw_threshold_flag(w: &W, case: &str) {
    w.fx.raw()
        .execute(
            "INSERT INTO case_flags (id, facility_id, case_id, flag_type, created_at)
             SELECT ?2, facility_id, id, 'threshold', 0 FROM cases WHERE id = ?1",
            [case, &orbit_core::values::new_id()],
        )
        .unwrap();
}

fn completed_case(w: &W, n: &str) -> String {
    let c = w.case(n, "2026-02-10", "07:30");
    w.record(&c, "patient_in", "2026-02-10T12:30:00Z");
    w.record(&c, "patient_out", "2026-02-10T13:30:00Z");
    c
}

#[test]
fn step_1_primary_rows_carry_updated_at() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = w.case("1", "2026-02-10", "07:30");
    w.record(&c, "patient_in", "2026-02-10T12:30:00Z");
    let (row, case): (i64, i64) =
        w.fx.raw()
            .query_row(
                "SELECT m.updated_at, c.updated_at FROM case_milestones m JOIN cases c ON c.id = m.case_id
             JOIN facility_milestones f ON f.id = m.facility_milestone_id WHERE c.id = ?1 AND f.name = 'patient_in'",
                [&c],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
    assert_eq!((row, case), (at("2026-02-10T12:30:00Z"), at("2026-02-10T12:30:00Z")));
}

#[test]
fn step_2_closing_hands_off_to_the_pa() {
    let w = W::new("2026-02-10T12:00:00Z");
    w.fx.raw()
        .execute(
            "UPDATE users SET closing_workflow = 'pa_closes', closing_handoff_minutes = 10 WHERE id = ?1",
            [&w.surgeon],
        )
        .unwrap();
    let c = w.case("1", "2026-02-10", "07:30");
    w.record(&c, "patient_in", "2026-02-10T12:30:00Z");
    w.record(&c, "closing", "2026-02-10T13:00:00Z");
    let left = || -> Option<i64> {
        w.fx.raw().query_row("SELECT surgeon_left_at FROM cases WHERE id = ?1", [&c], |r| r.get(0)).unwrap()
    };
    assert_eq!(left(), Some(at("2026-02-10T13:10:00Z")));
    w.clock.set(at("2026-02-10T13:15:00Z"));
    w.user.undo_milestone(&c, w.m("closing")).unwrap();
    assert_eq!(left(), None);
}

#[test]
fn step_3_an_excluded_case_is_never_auto_validated() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = w.case("1", "2026-02-10", "07:30");
    w.user.exclude_case(&c, None).unwrap();
    w.record(&c, "patient_in", "2026-02-10T12:30:00Z");
    let out = w.record(&c, "patient_out", "2026-02-10T13:30:00Z");
    assert_eq!((out.status.as_str(), out.auto_validated), ("completed", false));
    w.user.validate_case(&c).unwrap();
}

#[test]
fn step_4_one_history_row_covers_completion_and_validation() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = completed_case(&w, "1");
    let h = w.history(&c);
    assert_eq!(h.len(), 3, "created, start, completion+validation");
    assert_eq!(h[2].1.as_object().unwrap().len(), 2);
}

#[test]
fn step_7_invalidation_removes_the_derived_rows() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = completed_case(&w, "1");
    raw_threshold_flag(&w, &c);
    assert_eq!(w.fx.count("SELECT count(*) FROM case_completion_stats"), 1);
    assert_eq!(w.fx.count("SELECT count(*) FROM case_milestone_stats"), 1);
    w.user.invalidate_case(&c).unwrap();
    for t in ["case_completion_stats", "case_milestone_stats", "case_flags"] {
        assert_eq!(w.fx.count(&format!("SELECT count(*) FROM {t}")), 0, "{t}");
    }
}

#[test]
fn step_8_exclusion_syncs_the_stats_row() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = completed_case(&w, "1");
    raw_threshold_flag(&w, &c);
    w.clock.set(at("2026-02-10T14:00:00Z"));
    w.user.exclude_case(&c, Some("Equipment failure")).unwrap();
    let row: (i64, Option<i64>, Option<String>) =
        w.fx.raw()
            .query_row(
                "SELECT is_excluded, excluded_at, exclusion_reason FROM case_completion_stats WHERE case_id = ?1",
                [&c],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
    assert_eq!(row, (1, Some(at("2026-02-10T14:00:00Z")), Some("Equipment failure".into())));
    assert_eq!(w.fx.count("SELECT count(*) FROM case_milestone_stats"), 0);
    assert_eq!(w.fx.count("SELECT count(*) FROM case_flags WHERE flag_type = 'threshold'"), 0);
    w.user.unexclude_case(&c).unwrap();
    assert_eq!(
        w.fx.count("SELECT count(*) FROM case_completion_stats WHERE is_excluded = 0 AND exclusion_reason IS NULL"),
        1
    );
}

#[test]
fn step_9_checkins_move_forward_only_and_follow_the_schedule() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = w.case("1", "2026-02-10", "07:30");
    w.record(&c, "room_cleaned", "2026-02-10T12:10:00Z");
    assert_eq!(w.checkin(&c).0, "ready_for_discharge");
    w.record(&c, "patient_in", "2026-02-10T12:20:00Z");
    assert_eq!(w.checkin(&c).0, "ready_for_discharge", "never backwards");
    // A procedure with its own lead time moves the expected arrival.
    let p = w
        .admin
        .create(RefTable::ProcedureTypes, &obj(json!({"name": "Quick", "arrival_lead_time_minutes": 30})))
        .unwrap();
    let d = w.case("2", "2026-02-12", "09:00");
    w.user.update_case(&d, &obj(json!({"procedure_type_id": p["id"]}))).unwrap();
    assert_eq!(w.checkin(&d).1, at("2026-02-12T13:30:00Z"));
    assert_eq!(w.user.ensure_checkin_records(&w.f, "2026-02-12").unwrap(), 0);
}

#[test]
fn cases_from_the_default_template_get_ten_rows_in_first_appearance_order_w2() {
    let w = W::new("2026-02-10T12:00:00Z");
    let c = w.case("1", "2026-02-10", "07:30");
    let names: Vec<String> = w.user.case_milestones(&c).unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(
        names,
        [
            "patient_in",
            "anes_start",
            "anes_end",
            "prep_drape_start",
            "prep_drape_complete",
            "incision",
            "closing",
            "closing_complete",
            "patient_out",
            "room_cleaned"
        ]
    );
}

#[test]
fn phase_durations_of_a_case_w7_1() {
    let w = W::new("2026-02-09T15:00:00Z");
    let c = w.case("1001", "2026-02-10", "07:30");
    w.record(&c, "patient_in", "2026-02-10T12:35:20Z");
    w.record(&c, "incision", "2026-02-10T13:10:00Z");
    w.record(&c, "closing", "2026-02-10T14:20:40Z");
    w.record(&c, "patient_out", "2026-02-10T14:40:50Z");
    let d: Vec<(String, Option<f64>)> = w
        .user
        .case_phase_durations(&c)
        .unwrap()
        .into_iter()
        .map(|d| (d.phase.phase_name, d.duration_seconds))
        .collect();
    assert_eq!(
        d,
        [
            ("pre_op".to_string(), Some(2080.0)),
            ("surgical".to_string(), Some(4240.0)),
            ("closing".to_string(), None),
            ("post_op".to_string(), None),
        ]
    );
}

#[test]
fn a_case_that_starts_requiring_a_rep_gets_pending_tray_rows() {
    let w = W::new("2026-02-10T12:00:00Z");
    let k = w.admin.create(RefTable::ImplantCompanies, &obj(json!({"name": "Stryker"}))).unwrap();
    let c = w
        .user
        .create_case(NewCase {
            case_number: "1".into(),
            scheduled_date: "2026-02-11".into(),
            implant_company_ids: vec![k["id"].as_str().unwrap().to_string()],
            ..NewCase::default()
        })
        .unwrap();
    assert_eq!(w.fx.count("SELECT count(*) FROM case_implant_companies"), 1);
    assert_eq!(w.fx.count("SELECT count(*) FROM case_device_companies"), 0);
    w.user.update_case(&c, &obj(json!({"rep_required_override": true}))).unwrap();
    assert_eq!(w.fx.count("SELECT count(*) FROM case_device_companies WHERE tray_status = 'pending'"), 1);
}
