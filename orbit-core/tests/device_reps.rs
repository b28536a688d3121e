//! Device reps: invitations, acceptance, revocation, and what a rep can read (data-model.md §6.5).

mod common;

use common::Fixture;
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{ErrorKind, NewDeviceRep, RepInvitee};
use serde_json::json;

fn company(fx: &Fixture) -> String {
    let input = json!({"name": "Stryker"}).as_object().unwrap().clone();
    let c = fx.global_admin().create(RefTable::ImplantCompanies, &input).unwrap();
    c["id"].as_str().unwrap().to_string()
}

#[test]
fn a_rep_is_invited_accepts_sees_projections_and_loses_access_on_revoke() {
    let fx = Fixture::new();
    let k = company(&fx);
    let a = fx.facility("A");
    let b = fx.facility("B");
    let (_, admin_a) = fx.member(&a, "facility_admin", "Ada");
    let (_, admin_b) = fx.member(&b, "facility_admin", "Bob");
    let invite = admin_a
        .invite_device_rep(
            None,
            RepInvitee::New(NewDeviceRep {
                first_name: "Rey".into(),
                last_name: "Rep".into(),
                email: Some("rey@stryker.test".into()),
                implant_company_id: k.clone(),
                ..NewDeviceRep::default()
            }),
        )
        .unwrap();
    assert_eq!((invite.status.as_str(), invite.facility_id.as_str()), ("pending", a.as_str()));
    let rep_id = invite.user_id.clone();
    let rep = fx.orbit.as_user(&rep_id).unwrap();
    assert!(rep.context().unwrap().granted_facilities.is_empty());
    // Inviting an existing rep again while pending is a conflict; B invites the same rep too.
    let again = admin_a.invite_device_rep(None, RepInvitee::Existing(rep_id.clone())).unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Conflict);
    admin_b.invite_device_rep(None, RepInvitee::Existing(rep_id.clone())).unwrap();
    // Only the rep accepts.
    assert_eq!(admin_a.accept_device_rep_invitation(&a).unwrap_err().kind(), ErrorKind::PermissionDenied);
    let accepted = rep.accept_device_rep_invitation(&a).unwrap();
    assert_eq!(accepted.status, "accepted");
    assert!(accepted.accepted_at.is_some());
    assert_eq!(fx.count("SELECT count(*) FROM device_rep_facility_access"), 1);
    assert_eq!(rep.accept_device_rep_invitation(&a).unwrap_err().kind(), ErrorKind::InvalidState);
    // What the rep reads: granted facility's rooms (projected), global and own-company companies; no payers.
    let admin = &admin_a;
    let room = admin.create(RefTable::OrRooms, &json!({"name": "OR 1"}).as_object().unwrap().clone()).unwrap();
    admin_b.create(RefTable::OrRooms, &json!({"name": "OR B"}).as_object().unwrap().clone()).unwrap();
    let rooms = rep.list(RefTable::OrRooms, &ListOptions::default()).unwrap();
    assert_eq!(rooms.len(), 1);
    assert_eq!(rooms[0]["id"], room["id"]);
    assert!(!rooms[0].contains_key("available_hours") && !rooms[0].contains_key("created_at"));
    assert!(rep.list(RefTable::Payers, &ListOptions::default()).unwrap().is_empty());
    let payer_id =
        admin.list(RefTable::Payers, &ListOptions::default()).unwrap()[0]["id"].as_str().unwrap().to_string();
    assert_eq!(rep.get(RefTable::Payers, &payer_id).unwrap_err().kind(), ErrorKind::NotFound);
    assert!(rep.list(RefTable::PayerTemplates, &ListOptions::default()).unwrap().is_empty());
    let companies = rep.list(RefTable::ImplantCompanies, &ListOptions::default()).unwrap();
    assert!(companies.iter().any(|c| c["id"] == json!(k)));
    let facility = rep.get(RefTable::Facilities, &a).unwrap();
    assert!(facility.contains_key("timezone") && !facility.contains_key("subscription_status"));
    assert_eq!(rep.get(RefTable::Facilities, &b).unwrap_err().kind(), ErrorKind::NotFound);
    // Reps write nothing of the reference data.
    let err = rep
        .create(RefTable::OrRooms, &json!({"name": "x", "facility_id": a}).as_object().unwrap().clone())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    // Members see the reps linked to their facility.
    assert!(admin_a.get(RefTable::Users, &rep_id).is_ok());
    assert_eq!(admin_a.device_rep_links(None).unwrap().len(), 1);
    assert_eq!(rep.device_rep_links(None).unwrap().len(), 2);
    // Revocation applies at the rep's next call; re-inviting makes the link pending again.
    let (_, coordinator) = fx.member(&a, "coordinator", "Cal");
    assert_eq!(coordinator.revoke_device_rep(&a, &rep_id).unwrap_err().kind(), ErrorKind::PermissionDenied);
    assert_eq!(admin_b.revoke_device_rep(&a, &rep_id).unwrap_err().kind(), ErrorKind::NotFound);
    admin_a.revoke_device_rep(&a, &rep_id).unwrap();
    assert_eq!(fx.count("SELECT count(*) FROM device_rep_facility_access"), 0);
    assert!(rep.list(RefTable::OrRooms, &ListOptions::default()).unwrap().is_empty());
    assert_eq!(rep.get(RefTable::Facilities, &a).unwrap_err().kind(), ErrorKind::NotFound);
    let re = admin_a.invite_device_rep(None, RepInvitee::Existing(rep_id.clone())).unwrap();
    assert_eq!((re.status.as_str(), re.accepted_at), ("pending", None));
    // Every step was audited with its action name.
    let actions: Vec<String> = fx
        .raw()
        .prepare("SELECT action FROM audit_log WHERE target_type = 'facility_device_reps' ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        actions,
        [
            "facility_device_reps.created",
            "facility_device_reps.created",
            "device_rep.access_accepted",
            "device_rep.access_revoked",
            "facility_device_reps.updated",
        ]
    );
}

#[test]
fn invitations_refuse_bad_input_and_foreign_ids() {
    let fx = Fixture::new();
    let k = company(&fx);
    let a = fx.facility("A");
    let b = fx.facility("B");
    let (member_b, _) = fx.member(&b, "user", "Bea");
    let (_, admin_a) = fx.member(&a, "facility_admin", "Ada");
    let before = fx.count("SELECT count(*) FROM users");
    let new = |company: &str, first: &str| {
        RepInvitee::New(NewDeviceRep {
            first_name: first.into(),
            last_name: "Rep".into(),
            implant_company_id: company.into(),
            ..NewDeviceRep::default()
        })
    };
    assert_eq!(admin_a.invite_device_rep(None, new(&k, " ")).unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!(admin_a.invite_device_rep(None, new("nope", "Rey")).unwrap_err().kind(), ErrorKind::InvalidInput);
    let local =
        admin_a.create(RefTable::ImplantCompanies, &json!({"name": "Local"}).as_object().unwrap().clone()).unwrap();
    let err = admin_a.invite_device_rep(None, new(local["id"].as_str().unwrap(), "Rey")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "a rep's company is a global one");
    let err = admin_a.invite_device_rep(None, RepInvitee::Existing(member_b.id.clone())).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "members are not reps");
    let err = admin_a.invite_device_rep(Some(&b), new(&k, "Rey")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(fx.count("SELECT count(*) FROM users"), before);
    assert_eq!(fx.count("SELECT count(*) FROM facility_device_reps"), 0);
}

#[test]
fn deleting_a_facility_cascades_and_is_for_global_admins_only() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    let (_, admin_a) = fx.member(&a, "facility_admin", "Ada");
    assert_eq!(admin_a.delete_facility(&a).unwrap_err().kind(), ErrorKind::PermissionDenied);
    assert_eq!(admin_a.delete_facility(&b).unwrap_err().kind(), ErrorKind::NotFound);
    fx.global_admin().delete_facility(&a).unwrap();
    assert_eq!(fx.count(&format!("SELECT count(*) FROM facility_milestones WHERE facility_id = '{a}'")), 0);
    assert_eq!(fx.count(&format!("SELECT count(*) FROM users WHERE facility_id = '{a}'")), 0);
    assert_eq!(fx.count(&format!("SELECT count(*) FROM facility_milestones WHERE facility_id = '{b}'")), 10);
    let (old, meta): (String, String) = fx
        .raw()
        .query_row("SELECT old_values, metadata FROM audit_log WHERE action = 'facilities.deleted'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(old.contains("\"name\":\"A\""));
    assert!(meta.contains("\"users\":1"), "{meta}");
    assert_eq!(fx.count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

#[test]
fn sign_ins_are_recorded_without_audit() {
    let fx = Fixture::new();
    let before = fx.count("SELECT count(*) FROM audit_log");
    fx.orbit.record_sign_in(&fx.admin.id).unwrap();
    assert_eq!(fx.count("SELECT count(*) FROM users WHERE last_login_at IS NOT NULL"), 1);
    assert_eq!(fx.count("SELECT count(*) FROM audit_log"), before);
    assert_eq!(
        fx.orbit.record_sign_in("0195f3c2-0000-7000-8000-0000000000ff").unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn rep_links_of_another_facility_are_invisible() {
    let fx = Fixture::new();
    let k = company(&fx);
    let a = fx.facility("A");
    let b = fx.facility("B");
    let (_, admin_b) = fx.member(&b, "facility_admin", "Bob");
    admin_b
        .invite_device_rep(
            None,
            RepInvitee::New(NewDeviceRep {
                first_name: "Rey".into(),
                last_name: "Rep".into(),
                implant_company_id: k,
                ..NewDeviceRep::default()
            }),
        )
        .unwrap();
    for level in ["facility_admin", "coordinator", "user"] {
        let (_, scope) = fx.member(&a, level, "Ann");
        assert!(scope.device_rep_links(None).unwrap().is_empty(), "{level}");
        assert!(scope.device_rep_links(Some(&b)).unwrap().is_empty(), "{level}");
    }
    assert_eq!(fx.global_admin().device_rep_links(None).unwrap().len(), 1);
}
