//! The manual check-in workflow (scheduling-patientflow.md §6.4, §6.5) through the public API: status changes
//! and the arrival stamp, escort edits and their audit, checklist responses and completion, the board, and
//! access refusals.

mod common;

use common::w::{W, at, obj};
use orbit_core::patient_flow::rules::DailyStatus;
use orbit_core::reference::RefTable;
use orbit_core::{AuditQuery, ErrorKind};
use serde_json::{Value, json};

/// W at 2026-02-10 10:00Z with a case on 2026-02-10 08:00 New York (expected 11:30Z) and its check-in.
fn setup() -> (W, String, String) {
    let w = W::new("2026-02-10T10:00:00Z");
    let case = w.case("C-1", "2026-02-10", "08:00:00");
    let checkin = w.user.case_checkin(&case).unwrap().expect("a check-in").id;
    (w, case, checkin)
}

/// Fields consent:toggle (required), ride:dropdown, npo_time:time, escort:contact (required), and an
/// archived required toggle `old`.
fn fields(w: &W) {
    for (key, ty, required, options) in [
        ("consent", "toggle", true, None),
        ("ride", "dropdown", false, Some(json!(["Family", "Taxi"]))),
        ("npo_time", "time", false, None),
        ("escort", "contact", true, None),
        ("old", "toggle", true, None),
    ] {
        let mut f = json!({"field_key": key, "display_label": key, "field_type": ty, "is_required": required});
        if let Some(o) = options {
            f["options"] = o;
        }
        let row = w.admin.create(RefTable::PreopChecklistFields, &obj(f)).unwrap();
        if key == "old" {
            w.admin.archive(RefTable::PreopChecklistFields, row["id"].as_str().unwrap()).unwrap();
        }
    }
}

#[test]
fn set_patient_status_checked_in_stamps_the_arrival_once() {
    let (w, _, checkin) = setup();
    let uma = w.user.context().unwrap().user_id;
    w.clock.set(at("2026-02-10T11:40:00Z"));
    let k = w.user.set_patient_status(&checkin, "checked_in").unwrap();
    let now = at("2026-02-10T11:40:00Z");
    assert_eq!(k.patient_status, "checked_in");
    assert_eq!((k.status_updated_at, k.status_updated_by.clone()), (now, uma.clone()));
    assert_eq!((k.actual_arrival_time, k.checked_in_at, k.checked_in_by.clone()), (Some(now), Some(now), uma));
    // Away and back: the arrival stays the first one.
    w.clock.set(at("2026-02-10T11:50:00Z"));
    let k = w.admin.set_patient_status(&checkin, "in_pre_op").unwrap();
    assert_eq!((k.patient_status.as_str(), k.status_updated_at), ("in_pre_op", at("2026-02-10T11:50:00Z")));
    let k = w.admin.set_patient_status(&checkin, "checked_in").unwrap();
    assert_eq!((k.actual_arrival_time, k.checked_in_at), (Some(now), Some(now)));
    // Any status may be chosen, backwards included.
    assert_eq!(w.user.set_patient_status(&checkin, "expected").unwrap().patient_status, "expected");
    assert_eq!(w.user.set_patient_status(&checkin, "no_show").unwrap().patient_status, "no_show");
}

#[test]
fn set_patient_status_same_status_writes_nothing() {
    let (w, _, checkin) = setup();
    w.user.set_patient_status(&checkin, "in_pre_op").unwrap();
    let before = w.content();
    w.clock.set(at("2026-02-10T12:00:00Z"));
    let k = w.admin.set_patient_status(&checkin, "in_pre_op").unwrap();
    assert_eq!(k.status_updated_at, at("2026-02-10T10:00:00Z"));
    w.assert_unchanged(&before, "same status");
    let e = w.user.set_patient_status(&checkin, "sleeping").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.to_string().starts_with("status:"), "{e}");
    w.assert_unchanged(&before, "unknown status");
}

#[test]
fn manual_status_then_automatic_progression() {
    let (w, case, checkin) = setup();
    w.user.set_patient_status(&checkin, "checked_in").unwrap();
    w.record(&case, "patient_in", "2026-02-10T12:50:00Z");
    assert_eq!(w.checkin(&case).0, "in_pre_op");
}

#[test]
fn update_checkin_edits_escort_columns_and_is_audited() {
    let (w, _, checkin) = setup();
    let k = w
        .user
        .update_checkin(
            &checkin,
            &obj(json!({"escort_name": "Eve", "escort_phone": "555-0100", "escort_relationship": "daughter",
                        "escort_notified_at": at("2026-02-10T09:00:00Z"), "notes": "wheelchair"})),
        )
        .unwrap();
    assert_eq!(k.escort_name.as_deref(), Some("Eve"));
    assert_eq!(k.escort_phone.as_deref(), Some("555-0100"));
    assert_eq!(k.escort_relationship.as_deref(), Some("daughter"));
    assert_eq!(k.escort_notified_at, Some(at("2026-02-10T09:00:00Z")));
    assert_eq!(k.notes.as_deref(), Some("wheelchair"));
    let rows = w
        .admin
        .audit_log(&AuditQuery { action: Some("patient_checkins.updated".into()), ..AuditQuery::default() })
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].target_id.as_str(), rows[0].target_label.as_deref()), (checkin.as_str(), Some("C-1")));
    assert_eq!(rows[0].new_values.as_ref().unwrap()["escort_notified_at"], json!("2026-02-10T09:00:00.000Z"));
    assert_eq!(rows[0].old_values.as_ref().unwrap()["escort_name"], Value::Null);
    // Clearing one column audits just that column; the same values again write nothing.
    let k = w.user.update_checkin(&checkin, &obj(json!({"notes": null, "escort_name": "Eve"}))).unwrap();
    assert_eq!(k.notes, None);
    let before = w.content();
    w.user.update_checkin(&checkin, &obj(json!({"notes": "", "escort_name": "Eve"}))).unwrap();
    w.assert_unchanged(&before, "no change");
    let rows = w
        .admin
        .audit_log(&AuditQuery { action: Some("patient_checkins.updated".into()), ..AuditQuery::default() })
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].new_values, Some(json!({"notes": null})));
    // Other columns are not editable here; mistyped values are refused; nothing written.
    for (fields, key) in [
        (json!({"patient_status_id": "x"}), "patient_status_id"),
        (json!({"checked_in_at": 1}), "checked_in_at"),
        (json!({"escort_name": 5}), "escort_name"),
        (json!({"escort_notified_at": "soon"}), "escort_notified_at"),
        (json!({"notes": "n".repeat(2001)}), "notes"),
    ] {
        let e = w.user.update_checkin(&checkin, &obj(fields)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.to_string().starts_with(&format!("{key}:")), "{e}");
    }
    w.assert_unchanged(&before, "refused edits");
}

#[test]
fn set_checklist_responses_validates_and_writes_nothing_on_failure() {
    let (w, _, checkin) = setup();
    fields(&w);
    let k = w
        .user
        .set_checklist_responses(&checkin, &json!({"consent": true, "ride": "Taxi", "npo_time": "22:00"}))
        .unwrap();
    assert_eq!(k.checklist_responses, json!({"consent": true, "ride": "Taxi", "npo_time": "22:00"}));
    let before = w.content();
    for (responses, key) in [
        (json!({"ride": "Bus"}), "ride"),
        (json!({"unknown": 1}), "unknown"),
        (json!({"npo_time": "24:00"}), "npo_time"),
        (json!({"consent": "yes"}), "consent"),
        (json!({"escort": {"name": "A", "email": "a@b"}}), "escort"),
        (json!(["consent"]), "responses"),
    ] {
        let e = w.user.set_checklist_responses(&checkin, &responses).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{responses}");
        assert!(e.to_string().starts_with(&format!("{key}:")), "{e}");
    }
    w.assert_unchanged(&before, "invalid responses");
    // An archived field's key is accepted; null means unanswered.
    let k = w.user.set_checklist_responses(&checkin, &json!({"old": true, "ride": null})).unwrap();
    assert_eq!(k.checklist_responses, json!({"old": true, "ride": null}));
}

#[test]
fn complete_checklist_requires_active_required_fields_and_is_cleared_by_changes() {
    let (w, _, checkin) = setup();
    fields(&w);
    let uma = w.user.context().unwrap().user_id;
    let e = w.user.complete_checklist(&checkin).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.to_string().contains("consent, escort") || e.to_string().contains("escort, consent"), "{e}");
    assert!(!e.to_string().contains("old"), "archived fields are never required: {e}");
    w.user.set_checklist_responses(&checkin, &json!({"consent": false, "escort": {"name": ""}})).unwrap();
    let e = w.user.complete_checklist(&checkin).unwrap_err();
    assert!(e.to_string().contains("consent") && e.to_string().contains("escort"), "{e}");
    w.user.set_checklist_responses(&checkin, &json!({"consent": true, "escort": {"phone": "555"}})).unwrap();
    w.clock.set(at("2026-02-10T11:00:00Z"));
    let k = w.user.complete_checklist(&checkin).unwrap();
    assert_eq!((k.checklist_completed_at, k.checklist_completed_by.clone()), (Some(at("2026-02-10T11:00:00Z")), uma));
    // The same responses again keep the completion; a change clears it.
    let k = w.user.set_checklist_responses(&checkin, &json!({"escort": {"phone": "555"}, "consent": true})).unwrap();
    assert!(k.checklist_completed_at.is_some());
    let k = w.user.set_checklist_responses(&checkin, &json!({"consent": true, "escort": {"phone": "556"}})).unwrap();
    assert_eq!((k.checklist_completed_at, k.checklist_completed_by), (None, None));
}

#[test]
fn checkin_board_derives_daily_status_and_lateness() {
    let (w, case, checkin) = setup();
    let late = w.case("C-2", "2026-02-10", "07:00:00"); // expected 10:30Z
    w.case("C-3", "2026-02-11", "07:00:00"); // another day: not on the board
    fields(&w);
    w.fx.raw().execute("DELETE FROM patient_checkins WHERE case_id = ?1", [&late]).unwrap();
    let board = w.user.checkin_board(&w.f, "2026-02-10", None).unwrap();
    assert_eq!(board.len(), 2);
    assert_eq!((board[0].case_id.as_str(), board[0].daily_status), (case.as_str(), DailyStatus::Pending));
    assert!(!board[0].is_late);
    assert_eq!((board[1].case_id.as_str(), board[1].daily_status), (late.as_str(), DailyStatus::NoRecord));
    w.user.ensure_checkin_records(&w.f, "2026-02-10").unwrap();
    w.clock.set(at("2026-02-10T11:00:00Z"));
    let board = w.user.checkin_board(&w.f, "2026-02-10", Some("expected")).unwrap();
    assert_eq!(board[0].case_id, late);
    assert!(board[0].is_late && !board[1].is_late);
    // Checked in after the expected arrival: late; the checklist completed: complete.
    w.clock.set(at("2026-02-10T11:45:00Z"));
    w.user.set_patient_status(&checkin, "checked_in").unwrap();
    let board = w.user.checkin_board(&w.f, "2026-02-10", Some("checked_in")).unwrap();
    assert_eq!(board.len(), 1);
    assert_eq!((board[0].daily_status, board[0].is_late), (DailyStatus::CheckedIn, true));
    w.user.set_checklist_responses(&checkin, &json!({"consent": true, "escort": {"name": "E"}})).unwrap();
    w.user.complete_checklist(&checkin).unwrap();
    w.user.set_patient_status(&checkin, "discharged").unwrap();
    let board = w.user.checkin_board(&w.f, "2026-02-10", Some("completed")).unwrap();
    assert_eq!((board.len(), board[0].daily_status), (1, DailyStatus::Complete));
    assert_eq!(w.user.checkin_board(&w.f, "2026-02-10", Some("nope")).unwrap_err().kind(), ErrorKind::InvalidInput);
}

#[test]
fn checkin_calls_refuse_reps_anonymous_and_other_facilities() {
    let (w, _, checkin) = setup();
    fields(&w);
    let g = w.fx.facility("G");
    let (_, other) = w.fx.member(&g, "facility_admin", "Otto");
    let rep = w.device_rep();
    let before_rep = w.content();
    for scope in [&other, &rep, &w.fx.orbit.anonymous()] {
        for e in [
            scope.set_patient_status(&checkin, "checked_in").unwrap_err(),
            scope.update_checkin(&checkin, &obj(json!({"notes": "x"}))).unwrap_err(),
            scope.set_checklist_responses(&checkin, &json!({"consent": true})).unwrap_err(),
            scope.complete_checklist(&checkin).unwrap_err(),
        ] {
            assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
        }
    }
    assert_eq!(other.checkin_board(&w.f, "2026-02-10", None).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(rep.checkin_board(&w.f, "2026-02-10", None).unwrap_err().kind(), ErrorKind::PermissionDenied);
    assert_eq!(w.fx.orbit.anonymous().checkin_board(&w.f, "2026-02-10", None).unwrap_err().kind(), ErrorKind::NotFound);
    w.assert_unchanged(&before_rep, "refused calls");
    // A global admin writes every facility.
    w.fx.global_admin().set_patient_status(&checkin, "checked_in").unwrap();
}
