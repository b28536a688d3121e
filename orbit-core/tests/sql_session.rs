//! The scoped read-only SQL session (data-model.md §6.7, W6): what each context sees, and the bypass
//! attempts the spec lists, each refused.

mod common;

use std::time::Duration;

use common::Fixture;
use orbit_core::reference::RefTable;
use orbit_core::{ErrorKind, NewDeviceRep, NewUser, Orbit, RepInvitee};
use serde_json::{Value, json};

fn scalar(session: &mut orbit_core::SqlSession, sql: &str) -> Value {
    session.query(sql, &[]).unwrap().rows[0][0].clone()
}

#[test]
fn a_coordinator_counts_only_its_facility_w6() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    for n in 0..3 {
        fx.raw_case(&a, &format!("A-{n}"), false);
    }
    fx.raw_case(&b, "B-1", false);
    let (_, coordinator) = fx.member(&a, "coordinator", "Cal");
    let mut s = coordinator.open_sql_session().unwrap();
    assert_eq!(scalar(&mut s, "SELECT count(*) FROM cases"), json!(3));
    assert_eq!(scalar(&mut s, "SELECT count(*) FROM facilities"), json!(1));
    assert_eq!(scalar(&mut s, "SELECT count(DISTINCT facility_id) FROM facility_milestones"), json!(1));
    assert_eq!(scalar(&mut s, "SELECT count(*) FROM milestone_types"), json!(10));
    // Joins across relations work; parameters bind.
    let r = s
        .query(
            "SELECT c.case_number, s.name FROM cases c JOIN case_statuses s ON s.id = c.status_id
             WHERE c.case_number = ?1",
            &[json!("A-1")],
        )
        .unwrap();
    assert_eq!(r.columns, ["case_number", "name"]);
    assert_eq!(r.rows, vec![vec![json!("A-1"), json!("scheduled")]]);
    let mut g = fx.global_admin().open_sql_session().unwrap();
    assert_eq!(scalar(&mut g, "SELECT count(*) FROM cases"), json!(4));
}

#[test]
fn bypass_attempts_are_refused() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    fx.raw_case(&b, "B-1", false);
    let (_, coordinator) = fx.member(&a, "coordinator", "Cal");
    let mut s = coordinator.open_sql_session().unwrap();
    let path = fx.dir.path().join("orbit.db");
    let attach = format!("ATTACH DATABASE '{}' AS real", path.display());
    let attempts = [
        "WITH cases AS (SELECT * FROM main.cases) SELECT count(*) FROM cases",
        "SELECT count(*) FROM main.cases",
        "SELECT count(*) FROM \"main\".\"cases\"",
        "SELECT count(*) FROM temp.cases",
        "SELECT * FROM [temp].sqlite_master",
        attach.as_str(),
        "SELECT * FROM sqlite_schema",
        "SELECT * FROM sqlite_master",
        "SELECT * FROM sqlite_temp_schema",
        "SELECT name FROM pragma_table_info('cases')",
        "SELECT * FROM pragma_database_list",
        "PRAGMA database_list",
        "SELECT load_extension('/tmp/evil')",
        "SELECT sqlite_compileoption_get(0)",
        "SELECT * FROM dbstat",
        "SELECT 1; SELECT 2",
        "SELECT 1; DELETE FROM cases",
        "DELETE FROM cases",
        "INSERT INTO cases (id) VALUES ('x')",
        "UPDATE cases SET notes = 'x'",
        "CREATE TABLE t (x)",
        "DROP TABLE cases",
        "BEGIN",
        "VACUUM",
        "EXPLAIN SELECT * FROM cases",
        "EXPLAIN QUERY PLAN SELECT * FROM cases",
        "SELECT * FROM payers_not_a_table_but_denied WHERE 0",
        "WITH x AS (SELECT 1) SELECT * FROM pragma_table_info('cases')",
        "WITH x AS (SELECT 1) SELECT * FROM x, sqlite_master",
        "SELECT * FROM (SELECT * FROM sqlite_schema)",
    ];
    for sql in attempts {
        let err = s.query(sql, &[]).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::PermissionDenied | ErrorKind::InvalidInput), "{sql}: {err}");
        if !sql.contains("payers_not_a_table") {
            assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{sql}: {err}");
        }
    }
    // The session still works, and still sees nothing of B.
    assert_eq!(scalar(&mut s, "SELECT count(*) FROM cases"), json!(0));
    assert_eq!(scalar(&mut s, "SELECT count(*) FROM json_each('[1,2,3]')"), json!(3));
    assert_eq!(scalar(&mut s, "SELECT sqrt(16) + abs(-1)"), json!(5.0));
    // A CTE that shadows a forbidden name reads only itself.
    assert_eq!(scalar(&mut s, "WITH sqlite_master AS (SELECT 7 AS v) SELECT v FROM sqlite_master"), json!(7));
    assert_eq!(
        scalar(
            &mut s,
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5) SELECT sum(x) FROM n"
        ),
        json!(15)
    );
}

#[test]
fn relations_columns_and_gates_follow_the_context() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let case_id = fx.raw_case(&a, "A-1", false);
    let raw = fx.raw();
    let surgeon = fx.member(&a, "user", "Sam").0;
    raw.execute_batch(&format!(
        "INSERT INTO surgeon_scorecards (id, facility_id, surgeon_id, period_start, period_end, composite_score,
             created_at, updated_at)
         VALUES ('0195f3c2-0000-7000-8000-00000000f001', '{a}', '{}', '2026-01-01', '2026-03-31', 61, 0, 0);
         INSERT INTO flag_rules (id, facility_id, name, metric, category, created_at, updated_at)
         VALUES ('0195f3c2-0000-7000-8000-00000000f002', '{a}', 'Loss', 'case_profit', 'financial', 0, 0);
         INSERT INTO case_flags (id, facility_id, case_id, flag_type, flag_rule_id, created_at)
         VALUES ('0195f3c2-0000-7000-8000-00000000f003', '{a}', '{case_id}', 'threshold',
                 '0195f3c2-0000-7000-8000-00000000f002', 0);",
        surgeon.id
    ))
    .unwrap();
    let (_, coordinator) = fx.member(&a, "coordinator", "Cal");
    let (_, admin) = fx.member(&a, "facility_admin", "Ada");
    let mut c = coordinator.open_sql_session().unwrap();
    let mut f = admin.open_sql_session().unwrap();
    // Without scores.view / flags.financial (the seeded defaults) the gated rows are absent.
    assert_eq!(scalar(&mut c, "SELECT count(*) FROM surgeon_scorecards"), json!(0));
    assert_eq!(scalar(&mut c, "SELECT count(*) FROM case_flags"), json!(0));
    assert_eq!(scalar(&mut f, "SELECT count(*) FROM surgeon_scorecards"), json!(1));
    assert_eq!(scalar(&mut f, "SELECT count(*) FROM case_flags"), json!(1));
    // Granting the permission to coordinators opens them up (new session).
    raw.execute(
        "UPDATE facility_permissions SET granted = 1 WHERE facility_id = ?1 AND access_level = 'coordinator'",
        [&a],
    )
    .unwrap();
    let mut c2 = coordinator.open_sql_session().unwrap();
    assert_eq!(scalar(&mut c2, "SELECT count(*) FROM surgeon_scorecards"), json!(1));
    assert_eq!(scalar(&mut c2, "SELECT count(*) FROM case_flags"), json!(1));
    // token_hash is never a column; audit rows of members are their own.
    let rels = c.relations();
    let escort = rels.iter().find(|r| r.name == "escort_status_links").unwrap();
    assert!(!escort.columns.contains(&"token_hash".to_string()));
    assert!(rels.iter().any(|r| r.name == "audit_log"));
    let own: Value =
        scalar(&mut c, "SELECT count(*) FROM audit_log WHERE user_id IS NOT (SELECT user_id FROM audit_log LIMIT 0)");
    assert_eq!(own, json!(0), "a coordinator who wrote nothing sees no audit rows");
    // Soft-deleted rows are included; filter them yourself.
    let room = admin.create(RefTable::OrRooms, &json!({"name": "OR 9"}).as_object().unwrap().clone()).unwrap();
    admin.archive(RefTable::OrRooms, room["id"].as_str().unwrap()).unwrap();
    let mut f2 = admin.open_sql_session().unwrap();
    assert_eq!(scalar(&mut f2, "SELECT count(*) FROM or_rooms WHERE is_active = 0"), json!(1));
}

#[test]
fn device_reps_see_their_projection() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let g = fx.global_admin();
    let k = g.create(RefTable::ImplantCompanies, &json!({"name": "Stryker"}).as_object().unwrap().clone()).unwrap();
    let k = k["id"].as_str().unwrap().to_string();
    let copy: String = fx
        .raw()
        .query_row("SELECT id FROM implant_companies WHERE facility_id = ?1", [&a], |r| r.get(0))
        .unwrap_or_else(|_| {
            // The facility was provisioned before the company existed: provision again to copy it.
            g.provision_facility(orbit_core::FacilityTarget::Existing(a.clone()), Default::default()).unwrap();
            fx.raw().query_row("SELECT id FROM implant_companies WHERE facility_id = ?1", [&a], |r| r.get(0)).unwrap()
        });
    let (_, admin) = fx.member(&a, "facility_admin", "Ada");
    let link = admin
        .invite_device_rep(
            None,
            RepInvitee::New(NewDeviceRep {
                first_name: "Rey".into(),
                last_name: "Rep".into(),
                implant_company_id: k,
                ..Default::default()
            }),
        )
        .unwrap();
    let rep = fx.orbit.as_user(&link.user_id).unwrap();
    rep.accept_device_rep_invitation(&a).unwrap();
    let visible = fx.raw_case(&a, "A-1", false);
    let draft = fx.raw_case(&a, "A-2", true);
    fx.raw_case(&a, "A-3", false);
    for case in [&visible, &draft] {
        fx.raw()
            .execute(
                "INSERT INTO case_implant_companies (id, case_id, implant_company_id, created_at) VALUES (?1, ?2, ?3, 0)",
                [&orbit_core::values::new_id(), case, &copy],
            )
            .unwrap();
    }
    let mut s = rep.open_sql_session().unwrap();
    let r = s.query("SELECT id FROM cases", &[]).unwrap();
    assert_eq!(r.rows, vec![vec![json!(visible)]]);
    let names: Vec<String> = s.relations().into_iter().map(|r| r.name).collect();
    assert!(!names.contains(&"payers".to_string()) && !names.contains(&"patients".to_string()));
    assert!(!names.contains(&"case_milestones".to_string()));
    assert!(!names.contains(&"surgeon_procedure_stats".to_string()), "reps read no aggregates");
    let err = s.query("SELECT notes FROM cases", &[]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "no such column for a rep: {err}");
    let users = s.relations().into_iter().find(|r| r.name == "users").unwrap();
    assert_eq!(users.columns, ["id", "facility_id", "role_id", "first_name", "last_name", "is_active"]);
    assert_eq!(scalar(&mut s, "SELECT count(*) FROM case_implant_companies"), json!(1));
}

#[test]
fn statements_are_stopped_by_the_time_limit() {
    let fx = Fixture::new();
    let mut s = fx.global_admin().open_sql_session().unwrap();
    s.set_time_limit(Duration::from_millis(50));
    let err = s
        .query("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n", &[])
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Interrupted);
    assert_eq!(scalar(&mut s, "SELECT 1"), json!(1));
}

#[test]
fn a_session_is_a_snapshot_until_refreshed() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let mut s = fx.global_admin().open_sql_session().unwrap();
    fx.raw_case(&a, "A-1", false);
    assert_eq!(scalar(&mut s, "SELECT count(*) FROM cases"), json!(0));
    s.refresh().unwrap();
    assert_eq!(scalar(&mut s, "SELECT count(*) FROM cases"), json!(1));
}

#[test]
fn in_memory_stores_have_sessions_too() {
    let orbit = Orbit::open_in_memory().unwrap();
    let ga = orbit
        .bootstrap_global_admin(NewUser { first_name: "G".into(), last_name: "A".into(), ..NewUser::default() })
        .unwrap();
    let mut s = orbit.as_user(&ga.id).unwrap().open_sql_session().unwrap();
    assert_eq!(scalar(&mut s, "SELECT count(*) FROM users"), json!(1));
    assert_eq!(scalar(&mut s, "SELECT count(*) FROM case_statuses"), json!(6));
}
