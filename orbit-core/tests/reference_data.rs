//! Reference data through the public API: the generic lifecycle on every table, soft deletes, audit,
//! bad input, and tenant isolation generated over the table list (data-model.md §3, §4, §6).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::Fixture;
use orbit_core::reference::{ListOptions, Ownership, RefTable};
use orbit_core::{AuditQuery, ErrorKind, ManualClock, NewUser, OpenOptions, Orbit, Scope};
use serde_json::{Map, Value, json};

static SEQ: AtomicUsize = AtomicUsize::new(0);

/// A valid input object for `table` with unique names.
fn sample(table: RefTable) -> Map<String, Value> {
    let n = SEQ.fetch_add(1, Ordering::SeqCst);
    let v = match table {
        RefTable::BodyRegions | RefTable::ProcedureTechniques => {
            json!({"name": format!("region_{n}"), "display_name": format!("Région {n} — ünïcode")})
        }
        RefTable::ProcedureCategories => {
            json!({"name": format!("cat_{n}"), "display_name": format!("Category {n}")})
        }
        RefTable::UserRoles => json!({"name": format!("role_{n}")}),
        RefTable::ProcedureTypeTemplates | RefTable::ProcedureTypes => {
            json!({"name": format!("Total Knee {n}"), "implant_category": "total_knee"})
        }
        RefTable::CostCategoryTemplates | RefTable::CostCategories => {
            json!({"name": format!("Supplies {n}"), "type": "debit", "description": "disposables"})
        }
        RefTable::PayerTemplates | RefTable::Payers => json!({"name": format!("Payer {n}")}),
        RefTable::ComplexityTemplates | RefTable::Complexities => {
            json!({"name": format!("complex_{n}"), "display_name": format!("Complex {n}")})
        }
        RefTable::CancellationReasonTemplates | RefTable::CancellationReasons => {
            json!({"name": format!("reason_{n}"), "display_name": format!("Reason {n}"), "category": "patient"})
        }
        RefTable::PreopChecklistFieldTemplates | RefTable::PreopChecklistFields => {
            json!({"field_key": format!("consent_{n}"), "display_label": format!("Consent {n}"),
                   "field_type": "dropdown", "options": ["yes", "no"]})
        }
        RefTable::OrRooms => json!({"name": format!("OR {n}")}),
        RefTable::DelayTypes => {
            json!({"name": format!("delay_{n}"), "display_name": format!("Delay {n}")})
        }
        RefTable::ImplantCompanies => json!({"name": format!("Company {n}")}),
        RefTable::Patients => {
            json!({"first_name": "Jane", "last_name": format!("Doe{n}"), "mrn": format!("MRN{n}"),
                                     "date_of_birth": "1980-02-29"})
        }
        RefTable::FacilityPermissions | RefTable::PermissionTemplates => {
            json!({"access_level": "coordinator", "permission_key": format!("feature_{n}.view"), "granted": true})
        }
        RefTable::FacilityMilestones => json!({"name": format!("custom_{n}"), "display_name": format!("Custom {n}")}),
        RefTable::FacilityPhases => {
            json!({"name": format!("phase_{n}"), "display_name": format!("Phase {n}"), "color_key": "teal"})
        }
        // `create_in` puts a surgeon of the row's facility in place of this placeholder.
        RefTable::BlockSchedules => json!({"surgeon_id": "0195f3c2-0000-7000-8000-0000000000aa", "day_of_week": 1,
                   "start_time": "07:00", "end_time": "15:00", "effective_start": "2025-01-06"}),
        RefTable::FacilityClosures => {
            json!({"closure_date": format!("2030-{:02}-{:02}", 1 + n % 12, 1 + n / 12 % 28), "reason": "Flood"})
        }
        RefTable::FacilityHolidays => json!({"name": format!("Holiday {n}"), "month": 11, "week_of_month": 4,
                   "day_of_week": 4}),
        t => unreachable!("{t} rows are not created through create()"),
    };
    v.as_object().unwrap().clone()
}

/// A field to change in `update` tests.
fn edit(table: RefTable) -> (&'static str, Value) {
    match table {
        RefTable::UserRoles
        | RefTable::Payers
        | RefTable::PayerTemplates
        | RefTable::OrRooms
        | RefTable::ImplantCompanies
        | RefTable::ProcedureTypes
        | RefTable::ProcedureTypeTemplates => {
            ("name", json!(format!("Renamed {}", SEQ.fetch_add(1, Ordering::SeqCst))))
        }
        RefTable::PreopChecklistFields | RefTable::PreopChecklistFieldTemplates => ("display_label", json!("Changed")),
        RefTable::Patients => ("notes", json!("allergic to latex")),
        RefTable::FacilityPermissions | RefTable::PermissionTemplates => ("granted", json!(false)),
        RefTable::FacilityMilestones => ("max_minutes", json!(120)),
        RefTable::BlockSchedules => ("notes", json!("robot week")),
        RefTable::FacilityClosures => ("reason", json!("Power outage")),
        RefTable::FacilityHolidays => ("day_of_week", json!(3)),
        _ => ("display_order", json!(42)),
    }
}

fn audit_count(fx: &Fixture) -> i64 {
    fx.count("SELECT count(*) FROM audit_log")
}

/// A row of `table` created by the global admin in `facility` (facility and hybrid tables) or globally.
fn create_in(fx: &Fixture, table: RefTable, facility: &str) -> Map<String, Value> {
    let mut input = sample(table);
    if table.spec().ownership != Ownership::Global {
        input.insert("facility_id".into(), json!(facility));
    }
    if table == RefTable::BlockSchedules {
        input.insert("surgeon_id".into(), json!(fx.member(facility, "user", "Sam").0.id));
    }
    fx.global_admin().create(table, &input).unwrap()
}

#[test]
fn every_reference_table_supports_the_full_lifecycle_with_audit() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let g = fx.global_admin();
    for &table in RefTable::ALL.iter().filter(|t| t.spec().creatable) {
        let row = create_in(&fx, table, &a);
        let id = row["id"].as_str().unwrap().to_string();
        assert_eq!(g.get(table, &id).unwrap(), row, "{table}");
        assert!(g.list(table, &ListOptions::default()).unwrap().iter().any(|r| r["id"] == row["id"]), "{table}");
        let (field, value) = edit(table);
        let mut change = Map::new();
        change.insert(field.into(), value.clone());
        let updated = g.update(table, &id, &change).unwrap();
        assert_eq!(updated[field], value, "{table}");
        // The same values again change nothing and write nothing.
        let before = audit_count(&fx);
        assert_eq!(g.update(table, &id, &change).unwrap(), updated, "{table}");
        assert_eq!(audit_count(&fx), before, "{table}: no-op update is not audited");
        let actions = |fx: &Fixture| -> Vec<String> {
            fx.global_admin()
                .audit_log(&AuditQuery { limit: Some(10_000), ..AuditQuery::default() })
                .unwrap()
                .into_iter()
                .filter(|r| r.target_id == id)
                .map(|r| r.action)
                .collect()
        };
        if table.spec().soft_delete {
            let archived = g.archive(table, &id).unwrap();
            assert_eq!(archived["is_active"], json!(false), "{table}");
            assert_eq!(archived["deleted_by"], json!(fx.admin.id), "{table}");
            assert!(archived["deleted_at"].is_i64(), "{table}");
            assert!(!g.list(table, &ListOptions::default()).unwrap().iter().any(|r| r["id"] == row["id"]), "{table}");
            let all = g.list(table, &ListOptions { include_archived: true, ..ListOptions::default() }).unwrap();
            assert!(all.iter().any(|r| r["id"] == row["id"]), "{table}");
            assert_eq!(g.get(table, &id).unwrap()["is_active"], json!(false), "{table}: get returns archived rows");
            let restored = g.restore(table, &id).unwrap();
            assert_eq!((restored["is_active"].clone(), restored["deleted_at"].clone()), (json!(true), Value::Null));
            assert_eq!(restored["deleted_by"], Value::Null);
            let mut a = actions(&fx);
            a.reverse();
            let t = table.as_str();
            assert_eq!(
                a,
                [format!("{t}.created"), format!("{t}.updated"), format!("{t}.archived"), format!("{t}.restored")]
            );
        } else {
            assert_eq!(g.archive(table, &id).unwrap_err().kind(), ErrorKind::InvalidInput, "{table}");
            assert_eq!(actions(&fx).len(), 2, "{table}");
        }
    }
}

#[test]
fn rows_of_another_facility_are_invisible_and_unwritable_for_every_table() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    let scoped: Vec<RefTable> = RefTable::ALL
        .iter()
        .copied()
        .filter(|t| t.spec().creatable && t.spec().ownership != Ownership::Global)
        .collect();
    assert!(scoped.len() >= 10);
    let members: Vec<(String, Scope)> =
        ["facility_admin", "coordinator", "user"].iter().map(|l| (l.to_string(), fx.member(&a, l, "Ann").1)).collect();
    for &table in &scoped {
        let theirs = create_in(&fx, table, &b);
        let id = theirs["id"].as_str().unwrap();
        for (level, scope) in &members {
            let err = scope.get(table, id).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::NotFound, "{table} {level}");
            let random = scope.get(table, "0195f3c2-0000-7000-8000-0000000000ff").unwrap_err();
            assert_eq!(err.to_string(), random.to_string(), "{table}: no existence leak");
            let listed = scope.list(table, &ListOptions { include_archived: true, ..ListOptions::default() }).unwrap();
            assert!(listed.iter().all(|r| r["facility_id"] != json!(b)), "{table} {level}: list leaks B");
            let before = audit_count(&fx);
            let (field, value) = edit(table);
            let mut change = Map::new();
            change.insert(field.into(), value);
            assert_eq!(scope.update(table, id, &change).unwrap_err().kind(), ErrorKind::NotFound, "{table}");
            if table.spec().soft_delete {
                assert_eq!(scope.archive(table, id).unwrap_err().kind(), ErrorKind::NotFound, "{table}");
            }
            let mut into_b = sample(table);
            into_b.insert("facility_id".into(), json!(b));
            let err = scope.create(table, &into_b).unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::NotFound), "{table} {level}: {err}");
            assert_eq!(audit_count(&fx), before, "{table} {level}: nothing written");
            assert_eq!(g_get(&fx, table, id), theirs, "{table}: row untouched");
        }
    }
}

fn g_get(fx: &Fixture, table: RefTable, id: &str) -> Map<String, Value> {
    fx.global_admin().get(table, id).unwrap()
}

#[test]
fn the_matrix_decides_who_writes_what_w6() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let (_, admin) = fx.member(&a, "facility_admin", "Ada");
    let (_, user) = fx.member(&a, "user", "Uma");
    let room = admin.create(RefTable::OrRooms, &sample(RefTable::OrRooms)).unwrap();
    assert_eq!(room["facility_id"], json!(a));
    let id = room["id"].as_str().unwrap();
    // A user sees its facility's rooms but cannot change them.
    assert_eq!(user.get(RefTable::OrRooms, id).unwrap()["id"], room["id"]);
    let err = user.update(RefTable::OrRooms, id, &sample(RefTable::OrRooms)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert_eq!(
        user.create(RefTable::Payers, &sample(RefTable::Payers)).unwrap_err().kind(),
        ErrorKind::PermissionDenied
    );
    // Members read the global templates but only global admins write them.
    assert!(!user.list(RefTable::PayerTemplates, &ListOptions::default()).unwrap().is_empty());
    assert_eq!(
        admin.create(RefTable::PayerTemplates, &sample(RefTable::PayerTemplates)).unwrap_err().kind(),
        ErrorKind::PermissionDenied
    );
    // Members create patients; archiving them is for facility admins.
    let patient = user.create(RefTable::Patients, &sample(RefTable::Patients)).unwrap();
    let pid = patient["id"].as_str().unwrap();
    assert_eq!(user.archive(RefTable::Patients, pid).unwrap_err().kind(), ErrorKind::PermissionDenied);
    admin.archive(RefTable::Patients, pid).unwrap();
    // A facility admin writes facility rows of hybrid tables, never the global ones.
    let mine = admin.create(RefTable::DelayTypes, &sample(RefTable::DelayTypes)).unwrap();
    assert_eq!(mine["facility_id"], json!(a));
    let global = fx.global_admin().create(RefTable::DelayTypes, &sample(RefTable::DelayTypes)).unwrap();
    assert_eq!(global["facility_id"], Value::Null);
    let gid = global["id"].as_str().unwrap();
    assert_eq!(admin.get(RefTable::DelayTypes, gid).unwrap()["id"], global["id"]);
    assert_eq!(admin.archive(RefTable::DelayTypes, gid).unwrap_err().kind(), ErrorKind::PermissionDenied);
    let mut global_input = sample(RefTable::DelayTypes);
    global_input.insert("facility_id".into(), Value::Null);
    assert_eq!(admin.create(RefTable::DelayTypes, &global_input).unwrap_err().kind(), ErrorKind::PermissionDenied);
    // The patient's audit row is labelled without patient data.
    let rows = fx
        .global_admin()
        .audit_log(&AuditQuery { action: Some("patients.created".into()), ..AuditQuery::default() })
        .unwrap();
    assert_eq!(rows[0].target_label.as_deref(), Some("Patient"));
}

#[test]
fn bad_input_is_refused_with_the_field_named_and_nothing_written() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    let (_, admin) = fx.member(&a, "facility_admin", "Ada");
    let g = fx.global_admin();
    let b_template: String =
        fx.raw().query_row("SELECT id FROM milestone_templates WHERE facility_id = ?1", [&b], |r| r.get(0)).unwrap();
    let region = g.create(RefTable::BodyRegions, &sample(RefTable::BodyRegions)).unwrap();
    g.archive(RefTable::BodyRegions, region["id"].as_str().unwrap()).unwrap();
    let with = |table: RefTable, key: &str, value: Value| {
        let mut m = sample(table);
        m.insert(key.into(), value);
        (table, m)
    };
    type Case = ((RefTable, Map<String, Value>), &'static str, ErrorKind);
    let cases: Vec<Case> = vec![
        (with(RefTable::OrRooms, "name", json!("  ")), "name", ErrorKind::InvalidInput),
        (with(RefTable::OrRooms, "name", json!("x".repeat(201))), "name", ErrorKind::InvalidInput),
        (with(RefTable::OrRooms, "name", json!(7)), "name", ErrorKind::InvalidInput),
        (with(RefTable::OrRooms, "available_hours", json!(0)), "available_hours", ErrorKind::InvalidInput),
        (with(RefTable::OrRooms, "available_hours", json!(24.5)), "available_hours", ErrorKind::InvalidInput),
        (with(RefTable::OrRooms, "colour", json!("red")), "colour", ErrorKind::InvalidInput),
        (with(RefTable::CostCategories, "type", json!("refund")), "type", ErrorKind::InvalidInput),
        (
            with(RefTable::ProcedureTypes, "expected_duration_minutes", json!(0)),
            "expected_duration_minutes",
            ErrorKind::InvalidInput,
        ),
        (
            with(RefTable::ProcedureTypes, "body_region_id", json!("not-an-id")),
            "body_region_id",
            ErrorKind::InvalidInput,
        ),
        (
            with(RefTable::ProcedureTypes, "body_region_id", region["id"].clone()),
            "body_region_id",
            ErrorKind::InvalidInput,
        ),
        (
            with(RefTable::ProcedureTypes, "milestone_template_id", json!(b_template)),
            "milestone_template_id",
            ErrorKind::NotFound,
        ),
        (
            with(RefTable::ProcedureTypes, "technique_id", json!("0195f3c2-0000-7000-8000-0000000000ff")),
            "technique_id",
            ErrorKind::NotFound,
        ),
        (with(RefTable::PreopChecklistFields, "options", Value::Null), "options", ErrorKind::InvalidInput),
        (with(RefTable::PreopChecklistFields, "field_key", json!("Bad Key")), "field_key", ErrorKind::InvalidInput),
        (with(RefTable::Patients, "date_of_birth", json!("2023-02-29")), "date_of_birth", ErrorKind::InvalidInput),
        (with(RefTable::Patients, "email", json!("jane@")), "email", ErrorKind::InvalidInput),
        (
            with(RefTable::Complexities, "procedure_category_ids", json!(["zz"])),
            "procedure_category_ids",
            ErrorKind::InvalidInput,
        ),
        (with(RefTable::Payers, "facility_id", json!("nope")), "facility_id", ErrorKind::InvalidInput),
    ];
    let before = audit_count(&fx);
    for ((table, input), field, kind) in cases {
        let err = admin.create(table, &input).unwrap_err();
        assert_eq!(err.kind(), kind, "{table}.{field}: {err}");
        assert!(err.to_string().starts_with(field), "{table}: {err}");
        assert!(!err.to_string().contains("Jane"), "no patient data in messages");
    }
    let missing = admin.create(RefTable::Payers, &Map::new()).unwrap_err();
    assert_eq!((missing.kind(), missing.to_string().starts_with("name")), (ErrorKind::InvalidInput, true));
    assert_eq!(admin.get(RefTable::Payers, "123").unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!("no_such_table".parse::<RefTable>().unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!(audit_count(&fx), before);
}

#[test]
fn unique_names_conflict_and_archived_names_stay_taken() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let (_, admin) = fx.member(&a, "facility_admin", "Ada");
    let err = admin.create(RefTable::Payers, &json!({"name": "Medicare"}).as_object().unwrap().clone()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.to_string().starts_with("payers:"), "{err}");
    // A second facility may reuse the name.
    let b = fx.facility("B");
    let mut input = json!({"name": "Local Plan"}).as_object().unwrap().clone();
    admin.create(RefTable::Payers, &input).unwrap();
    input.insert("facility_id".into(), json!(b));
    fx.global_admin().create(RefTable::Payers, &input).unwrap();
}

#[test]
fn guards_and_side_effects_of_archiving() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let (_, admin) = fx.member(&a, "facility_admin", "Ada");
    let reasons = admin.list(RefTable::CancellationReasons, &ListOptions::default()).unwrap();
    let system = reasons.iter().find(|r| r["is_system"] == json!(true)).unwrap();
    let err = admin.archive(RefTable::CancellationReasons, system["id"].as_str().unwrap()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    // Seeded roles keep their names; added roles can be renamed; nobody archives roles.
    let g = fx.global_admin();
    let roles = g.list(RefTable::UserRoles, &ListOptions::default()).unwrap();
    let surgeon = roles.iter().find(|r| r["name"] == json!("surgeon")).unwrap();
    let rename = json!({"name": "operator"}).as_object().unwrap().clone();
    assert_eq!(
        g.update(RefTable::UserRoles, surgeon["id"].as_str().unwrap(), &rename).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    let added = g.create(RefTable::UserRoles, &json!({"name": "scrub"}).as_object().unwrap().clone()).unwrap();
    g.update(RefTable::UserRoles, added["id"].as_str().unwrap(), &rename).unwrap();
    // An update that sets is_active archives (deleted_by is the actor).
    let room = admin.create(RefTable::OrRooms, &sample(RefTable::OrRooms)).unwrap();
    let off = json!({"is_active": false}).as_object().unwrap().clone();
    let archived = admin.update(RefTable::OrRooms, room["id"].as_str().unwrap(), &off).unwrap();
    assert_eq!((archived["is_active"].clone(), archived["deleted_by"].is_string()), (json!(false), true));
}

#[test]
fn archiving_a_cost_category_archives_its_rules_and_hides_it_after_30_days() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(1_780_000_000_000);
    let orbit = Orbit::open_with(dir.path().join("o.db"), OpenOptions::default().with_clock(clock.clone())).unwrap();
    let ga = orbit
        .bootstrap_global_admin(NewUser { first_name: "G".into(), last_name: "A".into(), ..NewUser::default() })
        .unwrap();
    let g = orbit.as_user(&ga.id).unwrap();
    let f = g
        .provision_facility(
            orbit_core::FacilityTarget::New(orbit_core::NewFacility { name: "A".into(), ..Default::default() }),
            Default::default(),
        )
        .unwrap()
        .facility_id;
    let admin = g
        .create_user(NewUser {
            facility_id: Some(f.clone()),
            access_level: Some("facility_admin".into()),
            first_name: "F".into(),
            last_name: "A".into(),
            ..NewUser::default()
        })
        .unwrap();
    let admin = orbit.as_user(&admin.id).unwrap();
    let cat = admin.create(RefTable::CostCategories, &sample(RefTable::CostCategories)).unwrap();
    let cid = cat["id"].as_str().unwrap().to_string();
    let raw = rusqlite::Connection::open(dir.path().join("o.db")).unwrap();
    raw.execute(
        "INSERT INTO flag_rules (id, facility_id, name, metric, cost_category_id, category, created_at, updated_at)
         VALUES ('0195f3c2-0000-7000-8000-00000000e001', ?1, 'Supplies cost', ?2, ?3, 'financial', 0, 0)",
        rusqlite::params![f, format!("cost_category_{cid}"), cid],
    )
    .unwrap();
    admin.archive(RefTable::CostCategories, &cid).unwrap();
    let rule_active: i64 =
        raw.query_row("SELECT is_active FROM flag_rules WHERE cost_category_id = ?1", [&cid], |r| r.get(0)).unwrap();
    assert_eq!(rule_active, 0);
    admin.restore(RefTable::CostCategories, &cid).unwrap();
    let rule_active: i64 =
        raw.query_row("SELECT is_active FROM flag_rules WHERE cost_category_id = ?1", [&cid], |r| r.get(0)).unwrap();
    assert_eq!(rule_active, 0, "restoring the category does not restore its rules");
    admin.archive(RefTable::CostCategories, &cid).unwrap();
    clock.advance(30 * 24 * 3_600_000 + 1);
    assert_eq!(admin.get(RefTable::CostCategories, &cid).unwrap_err().kind(), ErrorKind::NotFound);
    let all =
        admin.list(RefTable::CostCategories, &ListOptions { include_archived: true, ..Default::default() }).unwrap();
    assert!(all.iter().all(|r| r["id"] != json!(cid)));
    assert_eq!(admin.restore(RefTable::CostCategories, &cid).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(g.restore(RefTable::CostCategories, &cid).unwrap()["is_active"], json!(true));
}

#[test]
fn rooms_get_the_next_display_order() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let (_, admin) = fx.member(&a, "facility_admin", "Ada");
    let first = admin.create(RefTable::OrRooms, &sample(RefTable::OrRooms)).unwrap();
    let second = admin.create(RefTable::OrRooms, &sample(RefTable::OrRooms)).unwrap();
    let mut fixed = sample(RefTable::OrRooms);
    fixed.insert("display_order".into(), json!(10));
    let third = admin.create(RefTable::OrRooms, &fixed).unwrap();
    let fourth = admin.create(RefTable::OrRooms, &sample(RefTable::OrRooms)).unwrap();
    let orders: Vec<i64> =
        [first, second, third, fourth].iter().map(|r| r["display_order"].as_i64().unwrap()).collect();
    assert_eq!(orders, [1, 2, 10, 11]);
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[test]
fn facilities_are_updated_by_their_admins_and_billing_only_by_global_admins() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    let (_, admin) = fx.member(&a, "facility_admin", "Ada");
    let (_, coordinator) = fx.member(&a, "coordinator", "Cal");
    let t = RefTable::Facilities;
    let row = admin
        .update(t, &a, &obj(json!({"name": "A Surgery", "timezone": "Europe/Paris", "or_hourly_rate": 6000})))
        .unwrap();
    assert_eq!(
        (row["name"].clone(), row["timezone"].clone(), row["or_hourly_rate"].clone()),
        (json!("A Surgery"), json!("Europe/Paris"), json!(6000))
    );
    let billing = obj(json!({"subscription_status": "active"}));
    assert_eq!(admin.update(t, &a, &billing).unwrap_err().kind(), ErrorKind::PermissionDenied);
    assert_eq!(admin.update(t, &b, &obj(json!({"name": "Mine now"}))).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(coordinator.update(t, &a, &obj(json!({"name": "X"}))).unwrap_err().kind(), ErrorKind::PermissionDenied);
    assert_eq!(
        admin.update(t, &a, &obj(json!({"timezone": "Mars/Base"}))).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(admin.create(t, &obj(json!({"name": "New"}))).unwrap_err().kind(), ErrorKind::InvalidInput);
    let g = fx.global_admin();
    assert_eq!(g.update(t, &a, &billing).unwrap()["subscription_status"], json!("active"));
    assert_eq!(coordinator.list(t, &ListOptions::default()).unwrap().len(), 1);
    assert_eq!(g.list(t, &ListOptions::default()).unwrap().len(), 2);
    let q = AuditQuery { action: Some("facilities.updated".into()), ..AuditQuery::default() };
    let audit = g.audit_log(&q).unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[1].new_values.as_ref().unwrap()["timezone"], json!("Europe/Paris"));
    assert_eq!(audit[1].old_values.as_ref().unwrap()["timezone"], json!("America/New_York"));
}

#[test]
fn users_follow_the_user_management_rules() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    let (ada, admin) = fx.member(&a, "facility_admin", "Ada");
    let (uma, user) = fx.member(&a, "user", "Uma");
    let (bob, _) = fx.member(&b, "user", "Bob");
    let t = RefTable::Users;
    let denied = ErrorKind::PermissionDenied;
    // Self: profile fields only; never one's own level.
    let me = user.update(t, &uma.id, &obj(json!({"phone": "555-0100", "first_name": "Umma"}))).unwrap();
    assert_eq!(me["first_name"], json!("Umma"));
    let raise = obj(json!({"access_level": "facility_admin"}));
    assert_eq!(user.update(t, &uma.id, &raise).unwrap_err().kind(), denied);
    let lower = obj(json!({"access_level": "user"}));
    assert_eq!(admin.update(t, &ada.id, &lower).unwrap_err().kind(), denied);
    // A user sees colleagues but cannot change them.
    assert_eq!(user.get(t, &ada.id).unwrap()["id"], json!(ada.id));
    assert_eq!(user.update(t, &ada.id, &obj(json!({"phone": "1"}))).unwrap_err().kind(), denied);
    // Facility admins manage their members, never across facilities, never to global admin.
    let to_coordinator = obj(json!({"access_level": "coordinator"}));
    assert_eq!(admin.update(t, &uma.id, &to_coordinator).unwrap()["access_level"], json!("coordinator"));
    let to_global = obj(json!({"access_level": "global_admin"}));
    assert_eq!(admin.update(t, &uma.id, &to_global).unwrap_err().kind(), denied);
    assert_eq!(admin.get(t, &bob.id).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(admin.archive(t, &bob.id).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(admin.archive(t, &ada.id).unwrap_err().kind(), ErrorKind::InvalidInput);
    let new_user = obj(json!({"first_name": "X", "last_name": "Y"}));
    assert_eq!(admin.create(t, &new_user).unwrap_err().kind(), ErrorKind::InvalidInput);
    // Archiving closes the door at the next call; restoring opens it again.
    admin.archive(t, &uma.id).unwrap();
    assert_eq!(user.get(t, &uma.id).unwrap_err().kind(), denied);
    admin.restore(t, &uma.id).unwrap();
    assert!(user.get(t, &uma.id).is_ok());
    let listed: Vec<String> =
        admin.list(t, &ListOptions::default()).unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string()).collect();
    assert!(listed.contains(&uma.id) && !listed.contains(&bob.id));
    // Global admins change anything; e-mails stay unique (the one permitted cross-tenant signal).
    let g = fx.global_admin();
    g.update(t, &bob.id, &obj(json!({"email": "bob@b.test"}))).unwrap();
    let taken = obj(json!({"email": "BOB@b.test"}));
    assert_eq!(g.update(t, &uma.id, &taken).unwrap_err().kind(), ErrorKind::Conflict);
}

#[test]
fn facility_admins_grant_feature_permissions_to_their_members() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let (_, admin) = fx.member(&a, "facility_admin", "Ada");
    let (_, coordinator) = fx.member(&a, "coordinator", "Cal");
    let perms = admin.list(RefTable::FacilityPermissions, &ListOptions::default()).unwrap();
    assert_eq!(perms.len(), 4);
    let scores = perms
        .iter()
        .find(|p| p["access_level"] == json!("coordinator") && p["permission_key"] == json!("scores.view"))
        .unwrap();
    assert!(!coordinator.context().unwrap().has_permission(&fx.raw(), "scores.view").unwrap());
    let id = scores["id"].as_str().unwrap();
    let grant = obj(json!({"granted": true}));
    assert_eq!(
        coordinator.update(RefTable::FacilityPermissions, id, &grant).unwrap_err().kind(),
        ErrorKind::PermissionDenied
    );
    admin.update(RefTable::FacilityPermissions, id, &grant).unwrap();
    assert!(coordinator.context().unwrap().has_permission(&fx.raw(), "scores.view").unwrap());
    let template = obj(json!({"access_level": "user", "permission_key": "x.y"}));
    assert_eq!(admin.create(RefTable::PermissionTemplates, &template).unwrap_err().kind(), ErrorKind::PermissionDenied);
}

#[test]
fn settings_and_system_vocabularies_are_edited_within_their_rules() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    let (_, admin) = fx.member(&a, "facility_admin", "Ada");
    let (_, coordinator) = fx.member(&a, "coordinator", "Cal");
    let g = fx.global_admin();
    // Facility analytics settings: the facility admin tunes its own, within the ranges.
    let t = RefTable::FacilityAnalyticsSettings;
    let mine = admin.list(t, &ListOptions::default()).unwrap();
    assert_eq!(mine.len(), 1);
    let id = mine[0]["id"].as_str().unwrap().to_string();
    let row =
        admin.update(t, &id, &obj(json!({"turnover_target_same_surgeon": 40, "fcots_milestone": "incision"}))).unwrap();
    assert_eq!(
        (row["turnover_target_same_surgeon"].clone(), row["fcots_milestone"].clone()),
        (json!(40.0), json!("incision"))
    );
    for bad in [
        json!({"fcots_grace_minutes": 31}),
        json!({"start_time_floor_minutes": 4}),
        json!({"fcots_milestone": "closing"}),
    ] {
        assert_eq!(admin.update(t, &id, &obj(bad)).unwrap_err().kind(), ErrorKind::InvalidInput);
    }
    assert_eq!(
        coordinator.update(t, &id, &obj(json!({"min_case_threshold": 20}))).unwrap_err().kind(),
        ErrorKind::PermissionDenied
    );
    let theirs = g.list(t, &ListOptions { facility_id: Some(b.clone()), ..ListOptions::default() }).unwrap();
    let theirs = theirs[0]["id"].as_str().unwrap();
    assert_eq!(
        admin.update(t, theirs, &obj(json!({"min_case_threshold": 20}))).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(admin.create(t, &obj(json!({}))).unwrap_err().kind(), ErrorKind::InvalidInput);
    // The template: global admins only.
    let tmpl = g.list(RefTable::AnalyticsSettingsTemplate, &ListOptions::default()).unwrap();
    let tid = tmpl[0]["id"].as_str().unwrap();
    let change = obj(json!({"operating_days_per_year": 260}));
    assert_eq!(
        admin.update(RefTable::AnalyticsSettingsTemplate, tid, &change).unwrap_err().kind(),
        ErrorKind::PermissionDenied
    );
    assert_eq!(
        g.update(RefTable::AnalyticsSettingsTemplate, tid, &change).unwrap()["operating_days_per_year"],
        json!(260)
    );
    // System vocabularies: display columns only, global admins only, never created.
    let statuses = g.list(RefTable::PatientStatuses, &ListOptions::default()).unwrap();
    let expected = statuses.iter().find(|s| s["name"] == json!("expected")).unwrap();
    let sid = expected["id"].as_str().unwrap();
    let relabel = obj(json!({"display_name": "Awaited", "color": "teal"}));
    assert_eq!(g.update(RefTable::PatientStatuses, sid, &relabel).unwrap()["display_name"], json!("Awaited"));
    assert_eq!(admin.update(RefTable::PatientStatuses, sid, &relabel).unwrap_err().kind(), ErrorKind::PermissionDenied);
    let rename = obj(json!({"name": "awaited"}));
    assert_eq!(g.update(RefTable::PatientStatuses, sid, &rename).unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!(
        g.create(RefTable::CaseStatuses, &obj(json!({"display_order": 9}))).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(g.archive(RefTable::IssueTypes, sid).unwrap_err().kind(), ErrorKind::InvalidInput);
}

#[test]
fn only_global_admins_move_users_between_facilities() {
    let fx = Fixture::new();
    let a = fx.facility("A");
    let b = fx.facility("B");
    let (_, admin) = fx.member(&a, "facility_admin", "Ada");
    let (uma, _) = fx.member(&a, "user", "Uma");
    let to_b = obj(json!({"facility_id": b}));
    assert_eq!(admin.update(RefTable::Users, &uma.id, &to_b).unwrap_err().kind(), ErrorKind::PermissionDenied);
    let moved = fx.global_admin().update(RefTable::Users, &uma.id, &to_b).unwrap();
    assert_eq!(moved["facility_id"], json!(b));
    assert_eq!(admin.get(RefTable::Users, &uma.id).unwrap_err().kind(), ErrorKind::NotFound);
    let nowhere = obj(json!({"facility_id": "0195f3c2-0000-7000-8000-0000000000ff"}));
    assert_eq!(fx.global_admin().update(RefTable::Users, &uma.id, &nowhere).unwrap_err().kind(), ErrorKind::NotFound);
}
