//! Device companies on cases and tray tracking (scheduling-patientflow.md §9, §10) through the public API.

mod common;

use common::w::{W, at, obj};
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{AuditQuery, ErrorKind, NewCase, Scope};
use serde_json::json;

/// W at Monday 2026-03-09 08:00 EDT, plus a rep-required procedure and two global companies.
struct T {
    w: W,
    knee: String,
    acme: String,
}

fn setup() -> T {
    let w = W::new("2026-03-09T12:00:00Z");
    let knee =
        w.admin.create(RefTable::ProcedureTypes, &obj(json!({"name": "Knee", "requires_rep": true}))).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
    let acme = company(&w.admin, "Acme Ortho");
    T { w, knee, acme }
}

fn company(scope: &Scope, name: &str) -> String {
    scope.create(RefTable::ImplantCompanies, &obj(json!({"name": name}))).unwrap()["id"].as_str().unwrap().to_string()
}

/// The global company "Stryker" of `W::device_rep`.
fn stryker(w: &W) -> String {
    w.fx.raw()
        .query_row("SELECT id FROM implant_companies WHERE name = 'Stryker' AND facility_id IS NULL", [], |r| r.get(0))
        .unwrap()
}

fn case(t: &T, number: &str, date: &str, start: Option<&str>, procedure: &str) -> String {
    t.w.user
        .create_case(NewCase {
            case_number: number.into(),
            scheduled_date: date.into(),
            start_time: start.map(Into::into),
            or_room_id: Some(t.w.room.clone()),
            surgeon_id: Some(t.w.surgeon.clone()),
            procedure_type_id: Some(procedure.to_string()),
            ..NewCase::default()
        })
        .unwrap()
}

fn actions(w: &W, prefix: &str) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> =
        w.fx.global_admin()
            .audit_log(&AuditQuery { limit: Some(1000), ..AuditQuery::default() })
            .unwrap()
            .into_iter()
            .filter(|r| r.action.starts_with(prefix))
            .map(|r| (r.action, r.target_type))
            .collect();
    rows.reverse();
    rows
}

#[test]
fn assign_company_adds_a_pending_tray_only_when_a_rep_is_required() {
    let t = setup();
    let plain = case(&t, "1", "2026-03-10", Some("07:30"), &t.w.procedure);
    let knee = case(&t, "2", "2026-03-10", Some("09:00"), &t.knee);

    let s = t.w.user.assign_company(&plain, &t.acme).unwrap();
    assert_eq!((s.requires_rep, s.tray_status.as_str()), (false, "no_rep_needed"));
    assert_eq!(s.companies.len(), 1);
    assert_eq!(s.companies[0].tray_id, None);

    assert_eq!(t.w.user.case_tray_status(&knee).unwrap().tray_status, "no_company_assigned");
    let s = t.w.user.assign_company(&knee, &t.acme).unwrap();
    assert_eq!((s.requires_rep, s.tray_status.as_str()), (true, "awaiting_response"));
    assert_eq!(s.companies[0].tray_status.as_deref(), Some("pending"));
    assert_eq!(s.companies[0].last_modified_platform.as_deref(), Some("web"));

    assert_eq!(t.w.user.assign_company(&knee, &t.acme).unwrap_err().kind(), ErrorKind::Conflict);
    let other = t.w.fx.facility("Other");
    let (_, other_admin) = t.w.fx.member(&other, "facility_admin", "Olga");
    let foreign = company(&other_admin, "Foreign Co");
    assert_eq!(t.w.user.assign_company(&knee, &foreign).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(other_admin.assign_company(&knee, &t.acme).unwrap_err().kind(), ErrorKind::NotFound);

    // The case starts requiring a rep: its assigned company gets a pending tray row (cases::update_case).
    t.w.user.update_case(&plain, &obj(json!({"rep_required_override": true}))).unwrap();
    let s = t.w.user.case_tray_status(&plain).unwrap();
    assert_eq!(s.tray_status, "awaiting_response");
    assert_eq!(s.companies[0].tray_status.as_deref(), Some("pending"));
    // It stops: rows kept, status no_rep_needed.
    t.w.user.update_case(&plain, &obj(json!({"rep_required_override": false}))).unwrap();
    let s = t.w.user.case_tray_status(&plain).unwrap();
    assert_eq!(s.tray_status, "no_rep_needed");
    assert!(s.companies[0].tray_id.is_some());

    let s = t.w.user.remove_company(&knee, &t.acme).unwrap();
    assert_eq!(s.tray_status, "no_company_assigned");
    let raw = t.w.fx.raw();
    let rows: i64 = raw
        .query_row(
            "SELECT (SELECT count(*) FROM case_implant_companies WHERE case_id = ?1)
                  + (SELECT count(*) FROM case_device_companies WHERE case_id = ?1)",
            [&knee],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0);
    assert_eq!(t.w.user.remove_company(&knee, &t.acme).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(
        actions(&t.w, "case.implant_company"),
        vec![
            ("case.implant_company_added".to_string(), "case_implant_companies".to_string()),
            ("case.implant_company_added".to_string(), "case_implant_companies".to_string()),
            ("case.implant_company_removed".to_string(), "case_implant_companies".to_string()),
        ]
    );
}

#[test]
fn tray_lifecycle_follows_the_transition_table_worked_example() {
    let t = setup();
    let b = company(&t.w.admin, "Bravo");
    let c = case(&t, "1", "2026-03-10", Some("07:30"), &t.knee);
    t.w.user.assign_company(&c, &t.acme).unwrap();
    t.w.user.assign_company(&c, &b).unwrap();
    assert_eq!(t.w.admin.case_tray_status(&c).unwrap().tray_status, "awaiting_response");

    let a = t.w.admin.tray_action(&c, &t.acme, "confirm_consignment", None, Some("ios")).unwrap();
    assert_eq!(a.tray_status.as_deref(), Some("consignment"));
    assert_eq!(a.confirmed_at, Some(at("2026-03-09T12:00:00Z")));
    assert_eq!(a.last_modified_platform.as_deref(), Some("ios"));
    let bt = t.w.admin.tray_action(&c, &b, "confirm_loaners", Some(2), None).unwrap();
    assert_eq!((bt.tray_status.as_deref(), bt.loaner_tray_count), (Some("loaners_confirmed"), Some(2)));
    let bt = t.w.admin.tray_action(&c, &b, "confirm_loaners", Some(3), None).unwrap();
    assert_eq!(bt.loaner_tray_count, Some(3));
    assert_eq!(t.w.admin.case_tray_status(&c).unwrap().tray_status, "awaiting_delivery");
    let sum = t.w.user.spd_case_summary(&t.w.f, "2026-03-10", "2026-03-10").unwrap();
    assert_eq!(sum[0].total_expected_trays, 3);

    t.w.clock.set(at("2026-03-09T13:00:00Z"));
    let bt = t.w.admin.tray_action(&c, &b, "deliver", None, None).unwrap();
    assert_eq!((bt.tray_status.as_deref(), bt.delivered_tray_count), (Some("delivered"), Some(3)));
    assert_eq!(bt.delivered_at, Some(at("2026-03-09T13:00:00Z")));
    assert_eq!(bt.confirmed_at, Some(at("2026-03-09T12:00:00Z")));
    assert_eq!(t.w.admin.case_tray_status(&c).unwrap().tray_status, "ready");

    // Refused transitions and bad input write nothing.
    let before = t.w.content();
    for (company, action, count) in [
        (&t.acme, "deliver", None),
        (&t.acme, "confirm_loaners", Some(1)),
        (&b, "confirm_consignment", None),
        (&b, "deliver", Some(2)),
    ] {
        let e = t.w.admin.tray_action(&c, company, action, count, None).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidState, "{action}");
    }
    for (action, count) in [("confirm_loaners", None), ("confirm_loaners", Some(0)), ("ship", None), ("reset", Some(1))]
    {
        let e = t.w.admin.tray_action(&c, &b, action, count, None).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{action}");
    }
    t.w.assert_unchanged(&before, "refused tray actions");

    let bt = t.w.admin.tray_action(&c, &b, "reset", None, None).unwrap();
    assert_eq!(bt.tray_status.as_deref(), Some("pending"));
    assert_eq!((bt.loaner_tray_count, bt.delivered_tray_count), (None, None));
    assert_eq!((bt.confirmed_at, bt.delivered_at, bt.confirmed_by, bt.delivered_by), (None, None, None, None));
    assert_eq!(t.w.admin.tray_action(&c, &b, "reset", None, None).unwrap_err().kind(), ErrorKind::InvalidState);
    t.w.admin.tray_action(&c, &t.acme, "reset", None, None).unwrap();
    t.w.admin.tray_action(&c, &t.acme, "confirm_loaners", Some(1), None).unwrap();
    t.w.admin.tray_action(&c, &t.acme, "deliver", Some(2), None).unwrap();

    let n = t.w.admin.set_rep_notes(&c, &b, Some("Trays at the loading dock"), Some("android")).unwrap();
    assert_eq!(n.rep_notes.as_deref(), Some("Trays at the loading dock"));
    assert_eq!(n.tray_status.as_deref(), Some("pending"));
    let long = "x".repeat(2001);
    assert_eq!(t.w.admin.set_rep_notes(&c, &b, Some(&long), None).unwrap_err().kind(), ErrorKind::InvalidInput);

    let got = actions(&t.w, "device_rep.");
    let names: Vec<&str> = got.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        names,
        [
            "device_rep.access_accepted",
            "device_rep.tray_consignment_confirmed",
            "device_rep.tray_loaners_confirmed",
            "device_rep.tray_loaners_confirmed",
            "device_rep.trays_delivered",
            "device_rep.tray_status_reset",
            "device_rep.tray_status_reset",
            "device_rep.tray_loaners_confirmed",
            "device_rep.trays_delivered",
            "device_rep.notes_updated",
        ][1..]
    );
    assert!(got.iter().all(|(_, target)| target == "case_device_company"));
    let last =
        t.w.fx
            .global_admin()
            .audit_log(&AuditQuery { action: Some("device_rep.notes_updated".into()), ..AuditQuery::default() })
            .unwrap();
    let meta = last[0].metadata.as_ref().unwrap();
    assert_eq!(meta["platform"], "android");
    assert_eq!(meta["case_id"], c.as_str());
    assert_eq!(meta["implant_company_id"], b.as_str());
}

#[test]
fn tray_writers_are_the_company_reps_and_admins() {
    let t = setup();
    let rep = t.w.device_rep();
    let k = stryker(&t.w);
    let c = case(&t, "1", "2026-03-10", Some("07:30"), &t.knee);
    let hidden = case(&t, "2", "2026-03-10", Some("09:00"), &t.knee);
    t.w.user.assign_company(&c, &k).unwrap();
    t.w.user.assign_company(&c, &t.acme).unwrap();
    t.w.user.assign_company(&hidden, &t.acme).unwrap();

    let before = t.w.content();
    let kind =
        |r: orbit_core::Result<_>| r.map(|_: orbit_core::device_reps::trays::CaseCompanyTray| ()).unwrap_err().kind();
    assert_eq!(kind(t.w.user.tray_action(&c, &k, "confirm_consignment", None, None)), ErrorKind::PermissionDenied);
    assert_eq!(kind(t.w.user.set_rep_notes(&c, &k, Some("n"), None)), ErrorKind::PermissionDenied);
    // The rep sees the case (his company is on it) but Acme's tray is not his.
    assert_eq!(kind(rep.tray_action(&c, &t.acme, "confirm_consignment", None, None)), ErrorKind::PermissionDenied);
    assert_eq!(kind(rep.tray_action(&hidden, &t.acme, "confirm_consignment", None, None)), ErrorKind::NotFound);
    assert_eq!(rep.assign_company(&c, &t.acme).unwrap_err().kind(), ErrorKind::PermissionDenied);
    assert_eq!(rep.remove_company(&c, &k).unwrap_err().kind(), ErrorKind::PermissionDenied);
    assert_eq!(rep.assign_company(&hidden, &k).unwrap_err().kind(), ErrorKind::NotFound);
    t.w.assert_unchanged(&before, "refused writers");

    let r = rep.tray_action(&c, &k, "confirm_loaners", Some(2), Some("ios")).unwrap();
    assert_eq!(r.confirmed_by, rep.context().unwrap().user_id);
    rep.set_rep_notes(&c, &k, Some("2 sets"), None).unwrap();

    // A facility copy of the rep's global company (source_company_id = K) matches too.
    let copy = company(&t.w.admin, "Stryker Local");
    t.w.fx.raw().execute("UPDATE implant_companies SET source_company_id = ?1 WHERE id = ?2", [&k, &copy]).unwrap();
    t.w.user.assign_company(&hidden, &copy).unwrap();
    rep.tray_action(&hidden, &copy, "confirm_consignment", None, None).unwrap();

    // The rep's view is his rows only.
    let s = rep.case_tray_status(&c).unwrap();
    assert_eq!(s.companies.len(), 1);
    assert_eq!(s.tray_status, "awaiting_delivery");
    assert_eq!(t.w.admin.case_tray_status(&c).unwrap().tray_status, "awaiting_response");
    let s = rep.case_tray_status(&hidden).unwrap();
    assert_eq!((s.companies.len(), s.tray_status.as_str()), (1, "ready"));
}

#[test]
fn spd_summary_counts_trays_per_case() {
    let t = setup();
    let rep = t.w.device_rep();
    let k = stryker(&t.w);
    let c1 = case(&t, "1", "2026-03-10", Some("09:00"), &t.knee);
    case(&t, "2", "2026-03-10", Some("07:30"), &t.knee);
    let c3 = case(&t, "3", "2026-03-11", None, &t.w.procedure);
    let cancelled = case(&t, "4", "2026-03-10", Some("10:00"), &t.knee);
    let outside = case(&t, "5", "2026-03-12", Some("10:00"), &t.knee);
    for c in [&c1, &cancelled, &outside] {
        t.w.user.assign_company(c, &t.acme).unwrap();
    }
    t.w.user.assign_company(&c1, &k).unwrap();
    t.w.user.assign_company(&c3, &t.acme).unwrap();
    t.w.admin.tray_action(&c1, &t.acme, "confirm_loaners", Some(4), None).unwrap();
    t.w.admin.tray_action(&c1, &t.acme, "deliver", Some(3), None).unwrap();
    let reason = t.w.admin.list(RefTable::CancellationReasons, &ListOptions::default()).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    t.w.user.cancel_case(&cancelled, Some(&reason), None).unwrap();

    let s = t.w.user.spd_case_summary(&t.w.f, "2026-03-10", "2026-03-11").unwrap();
    let got: Vec<(&str, bool, &str, i64, i64, i64, i64)> = s
        .iter()
        .map(|r| {
            (
                r.case_number.as_str(),
                r.requires_rep,
                r.tray_status.as_str(),
                r.total_expected_trays,
                r.total_delivered_trays,
                r.company_count,
                r.pending_count,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("2", true, "no_company_assigned", 0, 0, 0, 0),
            ("1", true, "awaiting_response", 4, 3, 2, 1),
            ("3", false, "no_rep_needed", 0, 0, 1, 0),
        ]
    );
    // The rep: his visible cases, his rows only.
    let s = rep.spd_case_summary(&t.w.f, "2026-03-10", "2026-03-11").unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!((s[0].case_number.as_str(), s[0].total_expected_trays, s[0].company_count), ("1", 0, 1));
    assert_eq!(s[0].tray_status, "awaiting_response");

    assert_eq!(
        t.w.user.spd_case_summary(&t.w.f, "2026-03-11", "2026-03-10").unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    let other = t.w.fx.facility("Other");
    assert_eq!(t.w.user.spd_case_summary(&other, "2026-03-10", "2026-03-10").unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(t.w.user.trays_needing_reminder(&other).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(t.w.user.case_tray_status(&outside).unwrap().tray_status, "awaiting_response");
}

#[test]
fn reminders_use_the_facility_windows() {
    // Now: Monday 2026-03-09 08:00 EDT (12:00Z).
    let t = setup();
    let rep = t.w.device_rep();
    let k = stryker(&t.w);
    let soon = case(&t, "1", "2026-03-10", Some("07:30"), &t.knee); // 23.5 h ahead
    let later = case(&t, "2", "2026-03-10", Some("08:30"), &t.knee); // 24.5 h ahead
    let no_time = case(&t, "3", "2026-03-10", None, &t.knee); // 07:00 → 23 h ahead
    let today = case(&t, "4", "2026-03-09", Some("11:00"), &t.knee); // 3 h ahead
    let today_late = case(&t, "5", "2026-03-09", Some("13:00"), &t.knee); // 5 h ahead
    let past = case(&t, "6", "2026-03-09", Some("07:00"), &t.knee); // started
    let plain = case(&t, "7", "2026-03-09", Some("10:00"), &t.w.procedure); // no rep needed
    for c in [&soon, &later, &no_time, &today, &today_late, &past, &plain] {
        t.w.user.assign_company(c, &t.acme).unwrap();
    }
    t.w.user.assign_company(&soon, &k).unwrap();
    for c in [&today, &today_late] {
        t.w.admin.tray_action(c, &t.acme, "confirm_loaners", Some(1), None).unwrap();
    }
    t.w.user.update_case(&plain, &obj(json!({"rep_required_override": true}))).unwrap();
    t.w.user.update_case(&plain, &obj(json!({"rep_required_override": false}))).unwrap();

    let r = t.w.user.trays_needing_reminder(&t.w.f).unwrap();
    let got: Vec<(&str, &str, &str)> =
        r.iter().map(|x| (x.case_number.as_str(), x.company_name.as_str(), x.reminder.as_str())).collect();
    assert_eq!(
        got,
        [
            ("4", "Acme Ortho", "delivery"),
            ("3", "Acme Ortho", "response"),
            ("1", "Acme Ortho", "response"),
            ("1", "Stryker", "response")
        ]
    );
    assert_eq!(r[1].case_start, at("2026-03-10T11:00:00Z"));

    let r = rep.trays_needing_reminder(&t.w.f).unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].case_number.as_str(), r[0].company_name.as_str()), ("1", "Stryker"));

    // Facility windows are settings: widen the delivery window to 6 h.
    t.w.fx.raw().execute("UPDATE facilities SET rep_delivery_reminder_hours_before_case = 6", []).unwrap();
    let r = t.w.user.trays_needing_reminder(&t.w.f).unwrap();
    assert!(r.iter().any(|x| x.case_number == "5" && x.reminder == "delivery"));
    // Later on, the pending case one day ahead comes into its window.
    t.w.clock.set(at("2026-03-09T13:00:00Z"));
    let r = t.w.user.trays_needing_reminder(&t.w.f).unwrap();
    assert!(r.iter().any(|x| x.case_number == "2"));
}

#[test]
fn a_procedure_type_that_starts_requiring_a_rep_gets_pending_trays_on_open_cases() {
    let t = setup();
    let open = case(&t, "1", "2026-03-10", Some("07:30"), &t.w.procedure);
    let cancelled = case(&t, "2", "2026-03-10", Some("09:00"), &t.w.procedure);
    let overridden = case(&t, "3", "2026-03-10", Some("10:00"), &t.w.procedure);
    for c in [&open, &cancelled, &overridden] {
        t.w.user.assign_company(c, &t.acme).unwrap();
    }
    t.w.user.update_case(&overridden, &obj(json!({"rep_required_override": false}))).unwrap();
    let reason = t.w.admin.list(RefTable::CancellationReasons, &ListOptions::default()).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    t.w.user.cancel_case(&cancelled, Some(&reason), None).unwrap();

    t.w.admin.update(RefTable::ProcedureTypes, &t.w.procedure, &obj(json!({"requires_rep": true}))).unwrap();
    let tray = |c: &str| t.w.admin.case_tray_status(c).unwrap().companies[0].tray_status.clone();
    assert_eq!(tray(&open).as_deref(), Some("pending"));
    assert_eq!(t.w.admin.case_tray_status(&open).unwrap().tray_status, "awaiting_response");
    assert_eq!(tray(&cancelled), None);
    assert_eq!(tray(&overridden), None);
    assert_eq!(t.w.admin.case_tray_status(&overridden).unwrap().tray_status, "no_rep_needed");

    // Turning it off keeps the rows; the status reports no_rep_needed.
    t.w.admin.update(RefTable::ProcedureTypes, &t.w.procedure, &obj(json!({"requires_rep": false}))).unwrap();
    assert_eq!(tray(&open).as_deref(), Some("pending"));
    assert_eq!(t.w.admin.case_tray_status(&open).unwrap().tray_status, "no_rep_needed");
}
