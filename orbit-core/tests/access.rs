//! Access contexts and tenant isolation (data-model.md §6, worked example W6).

mod common;

use common::Fixture;
use orbit_core::{AuditQuery, ErrorKind, Level, NewUser};

const NOBODY: &str = "0195f3c2-0000-7000-8000-0000000000ff";

#[test]
fn contexts_take_level_and_facility_from_the_users_row() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let (user, scope) = fx.member(&a, "coordinator", "Cora");
    let ctx = scope.context().unwrap();
    assert_eq!(ctx.level, Level::Coordinator);
    assert_eq!(ctx.facility_id.as_deref(), Some(a.as_str()));
    assert_eq!(ctx.user_id.as_deref(), Some(user.id.as_str()));
    // Naming the own facility is fine; any other is refused.
    assert!(fx.orbit.as_user_in(&user.id, &a).is_ok());
    let b = fx.facility("B");
    assert_eq!(fx.orbit.as_user_in(&user.id, &b).unwrap_err().kind(), ErrorKind::PermissionDenied);
    // A global admin's acting facility must exist.
    assert_eq!(fx.orbit.as_user_in(&fx.admin.id, NOBODY).unwrap_err().kind(), ErrorKind::NotFound);
    let acting = fx.orbit.as_user_in(&fx.admin.id, &b).unwrap().context().unwrap();
    assert_eq!((acting.level, acting.facility_id.as_deref()), (Level::GlobalAdmin, Some(b.as_str())));
}

#[test]
fn unknown_and_archived_users_cannot_open_a_context_even_with_an_old_handle() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    assert_eq!(fx.orbit.as_user(NOBODY).unwrap_err().kind(), ErrorKind::PermissionDenied);
    assert_eq!(fx.orbit.as_user("nope").unwrap_err().kind(), ErrorKind::InvalidInput);
    let (user, scope) = fx.member(&a, "user", "Uma");
    assert!(scope.facility(&a).is_ok());
    fx.raw().execute("UPDATE users SET is_active = 0 WHERE id = ?1", [&user.id]).unwrap();
    // Re-validated at the start of every call.
    assert_eq!(scope.facility(&a).unwrap_err().kind(), ErrorKind::PermissionDenied);
    assert_eq!(fx.orbit.as_user(&user.id).unwrap_err().kind(), ErrorKind::PermissionDenied);
}

#[test]
fn a_facility_of_another_tenant_is_invisible_w6() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    for level in ["facility_admin", "coordinator", "user"] {
        let (_, scope) = fx.member(&a, level, "Ann");
        assert_eq!(scope.facility(&a).unwrap().name, "A");
        let err = scope.facility(&b).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{level}");
        let random = scope.facility(NOBODY).unwrap_err();
        assert_eq!(err.to_string(), random.to_string(), "no existence leak");
        let names: Vec<String> = scope.facilities().unwrap().into_iter().map(|f| f.name).collect();
        assert_eq!(names, ["A"], "{level}");
    }
    let all: Vec<String> = fx.global_admin().facilities().unwrap().into_iter().map(|f| f.name).collect();
    assert_eq!(all, ["A", "B"]);
}

#[test]
fn users_of_another_facility_are_invisible_and_cannot_be_created_there() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    let (_, admin_a) = fx.member(&a, "facility_admin", "Ada");
    let (user_b, _) = fx.member(&b, "user", "Ben");
    assert_eq!(admin_a.user(&user_b.id).unwrap_err().kind(), ErrorKind::NotFound);
    let before = fx.count("SELECT count(*) FROM users");
    let err = admin_a
        .create_user(NewUser {
            facility_id: Some(b.clone()),
            first_name: "Eve".into(),
            last_name: "Intruder".into(),
            ..NewUser::default()
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().starts_with("facility_id"), "{err}");
    // Facility admins cannot create global admins; members cannot create anyone.
    let err = admin_a
        .create_user(NewUser {
            access_level: Some("global_admin".into()),
            first_name: "Max".into(),
            last_name: "Power".into(),
            ..NewUser::default()
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    let (_, coordinator) = fx.member(&a, "coordinator", "Cal");
    let before_coordinator = fx.count("SELECT count(*) FROM users");
    assert_eq!(before_coordinator, before + 1);
    let err = coordinator
        .create_user(NewUser { first_name: "Z".into(), last_name: "Z".into(), ..NewUser::default() })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert_eq!(fx.count("SELECT count(*) FROM users"), before_coordinator);
    // An admin's own facility is the default.
    let made = admin_a
        .create_user(NewUser { first_name: "Nia".into(), last_name: "Nurse".into(), ..NewUser::default() })
        .unwrap();
    assert_eq!(made.facility_id.as_deref(), Some(a.as_str()));
}

#[test]
fn user_input_is_validated_and_emails_are_global_identities() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let g = fx.global_admin();
    let base = NewUser {
        facility_id: Some(a.clone()),
        first_name: "Kim".into(),
        last_name: "Lee".into(),
        email: Some(" Kim.Lee@Example.ORG ".into()),
        ..NewUser::default()
    };
    let kim = g.create_user(base.clone()).unwrap();
    assert_eq!(kim.email.as_deref(), Some("kim.lee@example.org"));
    assert_eq!(kim.role, "admin");
    assert_eq!(g.create_user(base.clone()).unwrap_err().kind(), ErrorKind::Conflict);
    for (user, param) in [
        (NewUser { first_name: " ".into(), ..base.clone() }, "first_name"),
        (NewUser { email: Some("kim@".into()), ..base.clone() }, "email"),
        (NewUser { access_level: Some("root".into()), ..base.clone() }, "access_level"),
        (NewUser { role: Some("wizard".into()), email: None, ..base.clone() }, "role"),
        (NewUser { id: Some("123".into()), email: None, ..base.clone() }, "id"),
        (NewUser { facility_id: Some("zzz".into()), email: None, ..base.clone() }, "facility_id"),
    ] {
        let err = g.create_user(user).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{param}: {err}");
        assert!(err.to_string().starts_with(param), "{err}");
        assert!(!err.to_string().to_lowercase().contains("kim"), "no personal data in messages: {err}");
    }
}

#[test]
fn bootstrap_is_closed_once_a_global_admin_exists() {
    let fx = Fixture::new();
    let err = fx
        .orbit
        .bootstrap_global_admin(NewUser {
            first_name: "Second".into(),
            last_name: "Admin".into(),
            ..NewUser::default()
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
}

#[test]
fn device_reps_see_only_granted_facilities_projected() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    let raw = fx.raw();
    let rep = "0195f3c2-0000-7000-8000-00000000a001";
    raw.execute_batch(&format!(
        "INSERT INTO implant_companies (id, name, created_at, updated_at)
             VALUES ('0195f3c2-0000-7000-8000-00000000c001', 'Stryker', 0, 0);
         INSERT INTO users (id, role_id, access_level, first_name, last_name, implant_company_id, created_at)
             SELECT '{rep}', id, 'device_rep', 'Rey', 'Rep', '0195f3c2-0000-7000-8000-00000000c001', 0
             FROM user_roles WHERE name = 'device_rep';
         INSERT INTO facility_device_reps (id, facility_id, user_id, status, invited_at, created_at)
             VALUES ('0195f3c2-0000-7000-8000-00000000d001', '{a}', '{rep}', 'accepted', 0, 0),
                    ('0195f3c2-0000-7000-8000-00000000d002', '{b}', '{rep}', 'pending', 0, 0);"
    ))
    .unwrap();
    let scope = fx.orbit.as_user(rep).unwrap();
    let ctx = scope.context().unwrap();
    assert_eq!(ctx.granted_facilities, vec![a.clone()]);
    let fa = scope.facility(&a).unwrap();
    assert_eq!(fa.name, "A");
    assert_eq!((fa.or_hourly_rate_cents, fa.subscription_status.clone(), fa.created_at), (None, None, None));
    assert_eq!(scope.facility(&b).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(fx.orbit.as_user_in(rep, &b).unwrap_err().kind(), ErrorKind::PermissionDenied);
    raw.execute("UPDATE facility_device_reps SET status = 'revoked' WHERE user_id = ?1", [rep]).unwrap();
    assert_eq!(scope.facility(&a).unwrap_err().kind(), ErrorKind::NotFound, "revocation applies at the next call");
}

#[test]
fn audit_reads_follow_the_matrix() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    let (_, admin_a) = fx.member(&a, "facility_admin", "Ada");
    let (_, admin_b) = fx.member(&b, "facility_admin", "Bob");
    admin_a.create_user(NewUser { first_name: "Nia".into(), last_name: "N".into(), ..NewUser::default() }).unwrap();
    admin_b.create_user(NewUser { first_name: "Oli".into(), last_name: "O".into(), ..NewUser::default() }).unwrap();
    let rows = admin_a.audit_log(&AuditQuery::default()).unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.facility_id.as_deref() == Some(a.as_str())));
    let (coordinator, scope) = fx.member(&a, "coordinator", "Cal");
    let own = scope.audit_log(&AuditQuery::default()).unwrap();
    assert!(own.iter().all(|r| r.user_id.as_deref() == Some(coordinator.id.as_str())));
    let everything = fx.global_admin().audit_log(&AuditQuery { limit: Some(10_000), ..AuditQuery::default() }).unwrap();
    assert_eq!(everything.len() as i64, fx.count("SELECT count(*) FROM audit_log"));
    // Every created user was audited once, with its row and a call id.
    let created = fx.count("SELECT count(*) FROM audit_log WHERE action = 'users.created'");
    assert_eq!(created, fx.count("SELECT count(*) FROM users"));
}
