//! Escort status links (scheduling-patientflow.md §7): generation, revocation, listing, the anonymous view,
//! and that the token never reaches storage.

mod common;

use common::w::{W, at, obj};
use orbit_core::patient_flow::escort::{LINK_NOT_FOUND, token_hash};
use orbit_core::reference::RefTable;
use orbit_core::{ErrorKind, NewCase, Scope};
use serde_json::{Value, json};

/// W at 2026-02-09 15:00Z with a case on 2026-02-10 08:00 (New York) and its check-in.
fn setup() -> (W, String, String) {
    let w = W::new("2026-02-09T15:00:00Z");
    let case = w.case("C-1", "2026-02-10", "08:00:00");
    let checkin = w.user.case_checkin(&case).unwrap().expect("a check-in").id;
    (w, case, checkin)
}

fn assert_link_not_found(scope: &Scope, token: &str) {
    let e = scope.escort_status(token).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{token:?}");
    assert_eq!(e.to_string(), LINK_NOT_FOUND, "{token:?}");
}

fn cancel(w: &W, case: &str) {
    let reason: String =
        w.fx.raw()
            .query_row("SELECT id FROM cancellation_reasons WHERE facility_id = ?1", [&w.f], |r| r.get(0))
            .unwrap();
    w.user.cancel_case(case, Some(&reason), None).unwrap();
}

#[test]
fn generate_escort_link_returns_a_fresh_token_and_the_default_expiry() {
    let (w, _, checkin) = setup();
    let link = w.user.generate_escort_link(&checkin, None).unwrap();
    assert_eq!(link.token.len(), 32);
    assert!(link.token.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    // Midnight after 2026-02-10 in New York (EST) is 05:00Z; + 12 h.
    assert_eq!(link.expires_at, at("2026-02-11T17:00:00Z"));
    let stored: String =
        w.fx.raw()
            .query_row("SELECT token_hash FROM escort_status_links WHERE id = ?1", [&link.id], |r| r.get(0))
            .unwrap();
    assert_eq!(stored, token_hash(&link.token));
    let explicit = w.user.generate_escort_link(&checkin, Some(at("2026-02-09T18:00:00Z"))).unwrap();
    assert_eq!(explicit.expires_at, at("2026-02-09T18:00:00Z"));
    assert_ne!(explicit.token, link.token);
}

#[test]
fn generate_escort_link_refuses_past_expiries_and_cancelled_cases() {
    let (w, case, checkin) = setup();
    let now = at("2026-02-09T15:00:00Z");
    for bad in [now, now - 1] {
        assert_eq!(w.user.generate_escort_link(&checkin, Some(bad)).unwrap_err().kind(), ErrorKind::InvalidInput);
    }
    // The default expiry has passed: InvalidState; an explicit future expiry still works.
    w.clock.set(at("2026-02-11T17:00:00Z"));
    assert_eq!(w.user.generate_escort_link(&checkin, None).unwrap_err().kind(), ErrorKind::InvalidState);
    w.user.generate_escort_link(&checkin, Some(at("2026-02-11T18:00:00Z"))).unwrap();
    w.clock.set(now);
    cancel(&w, &case);
    let e = w.user.generate_escort_link(&checkin, Some(at("2026-02-11T18:00:00Z"))).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::CaseCancelled);
}

#[test]
fn escort_status_counts_views_and_shows_exactly_the_listed_fields() {
    let (w, case, checkin) = setup();
    // Identity, escort and notes data that must never reach the anonymous view.
    let patient = w
        .admin
        .create(
            RefTable::Patients,
            &obj(json!({"first_name": "Patricia", "last_name": "Privatename", "mrn": "MRN-998877",
                         "date_of_birth": "1961-04-05"})),
        )
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let case2 = w
        .user
        .create_case(NewCase {
            case_number: "C-2".into(),
            scheduled_date: "2026-02-10".into(),
            start_time: Some("09:30:00".into()),
            or_room_id: Some(w.room.clone()),
            surgeon_id: Some(w.surgeon.clone()),
            procedure_type_id: Some(w.procedure.clone()),
            patient_id: Some(patient.clone()),
            notes: Some("case note Xylophone".into()),
            ..NewCase::default()
        })
        .unwrap();
    let checkin2 = w.user.case_checkin(&case2).unwrap().unwrap().id;
    for (key, label, ty, escort, order) in [
        ("ride", "Ride home", "text", true, 2),
        ("consent", "Consent signed", "toggle", true, 1),
        ("contact", "Escort contact", "contact", true, 3),
        ("internal", "Internal only", "text", false, 4),
    ] {
        w.admin
            .create(
                RefTable::PreopChecklistFields,
                &obj(json!({"field_key": key, "display_label": label, "field_type": ty,
                             "show_on_escort_page": escort, "display_order": order})),
            )
            .unwrap();
    }
    w.fx.raw()
        .execute(
            "UPDATE patient_checkins SET escort_name = 'Eve Escortson', escort_phone = '555-0199',
                 escort_relationship = 'Sister', notes = 'check-in note Quetzal',
                 checklist_responses = ?2 WHERE id = ?1",
            rusqlite::params![
                checkin2,
                json!({"ride": "Taxi", "contact": {"name": "Eve Escortson", "phone": "555-0199"},
                       "internal": "secret Zanzibar"})
                .to_string()
            ],
        )
        .unwrap();
    let link = w.user.generate_escort_link(&checkin2, None).unwrap();
    let anonymous = w.fx.orbit.anonymous();
    w.clock.set(at("2026-02-09T16:00:00Z"));
    let view = anonymous.escort_status(&link.token).unwrap();
    let json = serde_json::to_value(&view).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "facility_name",
            "facility_logo",
            "case_number",
            "procedure_name",
            "surgeon_name",
            "scheduled_date",
            "scheduled_time",
            "patient_status",
            "status_updated_at",
            "expected_arrival_time",
            "actual_arrival_time",
            "escort_fields",
        ]
    );
    let status_keys: Vec<&str> = json["patient_status"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(status_keys, ["name", "display_name", "description", "color", "icon"]);
    assert_eq!(json["facility_name"], "F");
    assert_eq!(json["case_number"], "C-2");
    assert_eq!(json["procedure_name"], "P");
    assert_eq!(json["surgeon_name"], "Dr. Surgeon");
    assert_eq!(json["scheduled_date"], "2026-02-10");
    assert_eq!(json["scheduled_time"], "09:30");
    assert_eq!(json["patient_status"]["name"], "expected");
    assert_eq!(
        json["escort_fields"],
        json!([
            {"field_key": "consent", "display_label": "Consent signed", "value": null},
            {"field_key": "ride", "display_label": "Ride home", "value": "Taxi"},
        ])
    );
    let text = json.to_string();
    for secret in [
        "Patricia",
        "Privatename",
        "MRN-998877",
        "1961-04-05",
        "Eve",
        "Escortson",
        "555-0199",
        "Sister",
        "Quetzal",
        "Xylophone",
        "Zanzibar",
        "OR1",
        patient.as_str(),
        case2.as_str(),
        checkin2.as_str(),
        link.id.as_str(),
        link.token.as_str(),
        case.as_str(),
        checkin.as_str(),
    ] {
        assert!(!text.contains(secret), "the escort view leaks {secret:?}: {text}");
    }
    // view_count and last_viewed_at.
    w.clock.set(at("2026-02-09T16:05:00Z"));
    anonymous.escort_status(&link.token).unwrap();
    let listed = w.user.list_escort_links(&checkin2).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].view_count, listed[0].last_viewed_at), (2, Some(at("2026-02-09T16:05:00Z"))));
    let listed_json = serde_json::to_string(&listed).unwrap();
    assert!(!listed_json.contains(&link.token) && !listed_json.contains(&token_hash(&link.token)));
    assert!(!listed_json.contains("token"), "{listed_json}");
}

#[test]
fn escort_status_hides_a_status_not_shown_on_the_escort_page() {
    let (w, _, checkin) = setup();
    let link = w.user.generate_escort_link(&checkin, None).unwrap();
    w.fx.raw()
        .execute(
            "UPDATE patient_checkins SET patient_status_id = (SELECT id FROM patient_statuses WHERE name = 'no_show')
             WHERE id = ?1",
            [&checkin],
        )
        .unwrap();
    let view = w.fx.orbit.anonymous().escort_status(&link.token).unwrap();
    assert_eq!((view.patient_status, view.status_updated_at), (None, None));
    assert!(view.expected_arrival_time.is_some());
}

#[test]
fn escort_status_failures_are_one_indistinguishable_not_found() {
    let (w, case, checkin) = setup();
    let anonymous = w.fx.orbit.anonymous();
    let expiring = w.user.generate_escort_link(&checkin, Some(at("2026-02-09T16:00:00Z"))).unwrap();
    anonymous.escort_status(&expiring.token).unwrap();
    // Expired (expires_at is exclusive).
    w.clock.set(at("2026-02-09T16:00:00Z"));
    assert_link_not_found(&anonymous, &expiring.token);
    // Replaced by a newer link.
    let revoked = w.user.generate_escort_link(&checkin, None).unwrap();
    let current = w.user.generate_escort_link(&checkin, None).unwrap();
    assert_link_not_found(&anonymous, &revoked.token);
    anonymous.escort_status(&current.token).unwrap();
    // Unknown, malformed and empty tokens.
    let mut wrong = current.token.clone();
    wrong.replace_range(0..1, if wrong.starts_with('A') { "B" } else { "A" });
    for token in [
        wrong.as_str(),
        "",
        "abc",
        "not a token at all!",
        "ÄÖÜ-ünïcödé-😀",
        &"A".repeat(33),
        &"A".repeat(10_000),
        &current.token[..31],
        &format!("{} ", current.token),
        &current.token.to_uppercase(),
        &token_hash(&current.token),
    ] {
        assert_link_not_found(&anonymous, token);
    }
    // Revoked explicitly; then cancelling the case revokes a newer one.
    w.user.revoke_escort_link(&current.id).unwrap();
    assert_link_not_found(&anonymous, &current.token);
    let last = w.user.generate_escort_link(&checkin, None).unwrap();
    cancel(&w, &case);
    assert_link_not_found(&anonymous, &last.token);
    // Members get the same answer for a bad token; the message never carries the token.
    let e = w.user.escort_status(&last.token).unwrap_err();
    assert!(!e.to_string().contains(&last.token));
    assert_eq!(e.to_string(), LINK_NOT_FOUND);
}

#[test]
fn generate_escort_link_deactivates_older_links_and_revoke_is_audited() {
    let (w, _, checkin) = setup();
    let first = w.user.generate_escort_link(&checkin, None).unwrap();
    w.clock.set(at("2026-02-09T15:10:00Z"));
    let second = w.user.generate_escort_link(&checkin, None).unwrap();
    let links = w.user.list_escort_links(&checkin).unwrap();
    assert_eq!(links.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(), [second.id.as_str(), first.id.as_str()]);
    assert!(links[0].is_active && links[0].revoked_at.is_none());
    assert!(!links[1].is_active);
    assert_eq!(links[1].revoked_at, Some(at("2026-02-09T15:10:00Z")));
    assert_eq!(links[0].created_by.as_deref(), w.user.context().unwrap().user_id.as_deref());
    w.clock.set(at("2026-02-09T15:20:00Z"));
    let revoked = w.admin.revoke_escort_link(&second.id).unwrap();
    assert!(!revoked.is_active);
    assert_eq!(revoked.revoked_at, Some(at("2026-02-09T15:20:00Z")));
    // Revoking again changes nothing (and audits nothing).
    w.clock.set(at("2026-02-09T15:30:00Z"));
    assert_eq!(w.admin.revoke_escort_link(&second.id).unwrap(), revoked);
    let actions: Vec<(String, String, String)> =
        w.fx.raw()
            .prepare(
                "SELECT action, target_id, coalesce(target_label, '') FROM audit_log
             WHERE target_type = 'escort_status_links' ORDER BY created_at, rowid",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
    assert_eq!(
        actions,
        [
            ("checkin.escort_link_generated".to_string(), first.id.clone(), "C-1".to_string()),
            ("checkin.escort_link_generated".to_string(), second.id.clone(), "C-1".to_string()),
            ("checkin.escort_link_revoked".to_string(), second.id.clone(), "C-1".to_string()),
        ]
    );
    // No audit row, anywhere, carries a token or a hash.
    for token in [&first.token, &second.token] {
        for needle in [token.clone(), token_hash(token)] {
            let n = w.fx.count(&format!(
                "SELECT count(*) FROM audit_log WHERE instr(coalesce(old_values, '') || coalesce(new_values, '')
                     || metadata || coalesce(target_label, ''), '{needle}') > 0"
            ));
            assert_eq!(n, 0);
        }
    }
}

#[test]
fn cancelling_a_case_revokes_its_checkin_links() {
    let (w, case, checkin) = setup();
    let link = w.user.generate_escort_link(&checkin, None).unwrap();
    w.clock.set(at("2026-02-09T15:30:00Z"));
    cancel(&w, &case);
    let links = w.user.list_escort_links(&checkin).unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!((links[0].is_active, links[0].revoked_at), (false, Some(at("2026-02-09T15:30:00Z"))));
    assert_link_not_found(&w.fx.orbit.anonymous(), &link.token);
}

#[test]
fn escort_links_are_for_members_of_the_facility() {
    let (w, _, checkin) = setup();
    let link = w.user.generate_escort_link(&checkin, None).unwrap();
    // Global admins and coordinators of F may; a member of another facility sees nothing.
    w.fx.global_admin().list_escort_links(&checkin).unwrap();
    let (_, coordinator) = w.fx.member(&w.f, "coordinator", "Cora");
    coordinator.list_escort_links(&checkin).unwrap();
    let g = w.fx.facility("G");
    let (_, other) = w.fx.member(&g, "facility_admin", "Otto");
    assert_eq!(other.generate_escort_link(&checkin, None).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(other.list_escort_links(&checkin).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(other.revoke_escort_link(&link.id).unwrap_err().kind(), ErrorKind::NotFound);
    // A device rep granted F is refused.
    let rep = w.device_rep();
    for e in [
        rep.generate_escort_link(&checkin, None).unwrap_err(),
        rep.list_escort_links(&checkin).unwrap_err(),
        rep.revoke_escort_link(&link.id).unwrap_err(),
    ] {
        assert_eq!(e.kind(), ErrorKind::PermissionDenied, "{e}");
    }
    // The anonymous context gets the escort view only.
    let anonymous = w.fx.orbit.anonymous();
    assert_eq!(anonymous.generate_escort_link(&checkin, None).unwrap_err().kind(), ErrorKind::PermissionDenied);
    assert_eq!(anonymous.list_escort_links(&checkin).unwrap_err().kind(), ErrorKind::PermissionDenied);
    assert_eq!(anonymous.revoke_escort_link(&link.id).unwrap_err().kind(), ErrorKind::PermissionDenied);
    anonymous.escort_status(&link.token).unwrap();
    // Nothing was written by the refused calls: still one link, active.
    let links = w.user.list_escort_links(&checkin).unwrap();
    assert_eq!((links.len(), links[0].is_active), (1, true));
}

#[test]
fn the_token_never_reaches_the_database_file_or_its_wal() {
    let (w, _, checkin) = setup();
    let first = w.user.generate_escort_link(&checkin, None).unwrap();
    let second = w.user.generate_escort_link(&checkin, None).unwrap();
    w.fx.orbit.anonymous().escort_status(&second.token).unwrap();
    w.user.revoke_escort_link(&second.id).unwrap();
    let dir = w.fx.dir.path().to_path_buf();
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_default();
    let contains = |hay: &[u8], needle: &str| hay.windows(needle.len()).any(|win| win == needle.as_bytes());
    let hashes = [token_hash(&first.token), token_hash(&second.token)];
    // Before a checkpoint the new pages live in the WAL; after it, in the main file.
    let mut seen = Vec::new();
    for checkpoint in [false, true] {
        if checkpoint {
            let raw = w.fx.raw();
            raw.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
        }
        let bytes = [read("orbit.db"), read("orbit.db-wal"), read("orbit.db-journal")].concat();
        for token in [&first.token, &second.token] {
            assert!(!contains(&bytes, token), "the token is in the database files (checkpoint: {checkpoint})");
        }
        seen.push(hashes.iter().all(|h| contains(&bytes, h)));
    }
    // The search looks at the right bytes: the stored hashes are found.
    assert_eq!(seen, [true, true]);
    drop(w);
}

#[test]
fn escort_operations_run_through_the_operation_table() {
    let (w, _, checkin) = setup();
    let created = orbit_core::api::invoke(&w.user, "generate_escort_link", &json!({"checkin_id": checkin})).unwrap();
    let token = created["token"].as_str().unwrap().to_string();
    let anonymous = w.fx.orbit.anonymous();
    let view = orbit_core::api::invoke(&anonymous, "escort_status", &json!({"token": token})).unwrap();
    assert_eq!(view["case_number"], "C-1");
    for args in [json!({}), json!({"token": ""}), json!({"token": "x"})] {
        let e = orbit_core::api::invoke(&anonymous, "escort_status", &args).unwrap_err();
        assert_eq!((e.kind(), e.to_string()), (ErrorKind::NotFound, LINK_NOT_FOUND.to_string()));
    }
    let listed = orbit_core::api::invoke(&w.user, "list_escort_links", &json!({"checkin_id": checkin})).unwrap();
    assert_eq!(listed[0]["view_count"], 1);
    let link_id = created["id"].clone();
    let revoked = orbit_core::api::invoke(&w.user, "revoke_escort_link", &json!({"link_id": link_id})).unwrap();
    assert_eq!(revoked["is_active"], Value::Bool(false));
}
