//! Migrations keep data (issue "Reliability and security", property 5): a frozen database of the first
//! schema a store could ever hold, with representative rows of the main tables, migrates to the current
//! version with every row intact — checked row by row and through the public API.
//!
//! The frozen database is `tests/data/schema_v1.sql`, a text SQL dump (committed, never regenerated unless
//! the fixture itself must change). "The first schema" is migrations V1 (base schema) + V2 (seeds): `open`
//! applies every pending migration in one grouped transaction, so no store ever existed at V1 without V2,
//! and V1's rows reference V2's vocabularies (case statuses, roles). The dump holds that schema's exact DDL
//! (taken from a database migrated with refinery's `Target::Version(2)`), refinery's history rows for V1 and
//! V2 (with their checksums, so an edit of a landed migration is caught at open), and the rows a real store
//! held: they were written through the public API (two facilities, users of every access level, rooms,
//! procedures, completed cases with milestones and stats rows, flags, delays, staff, a cancelled case, a
//! check-in with checklist responses and an escort link, blocks, a holiday, audit and history rows).
//!
//! Regenerate (only when the fixture must change; the file is meant to stay frozen):
//! `cargo test -p orbit-core --test migration_data -- --ignored regenerate_frozen_v1_dump`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::w::{W, at, obj};
use orbit_core::api::invoke;
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{Orbit, Scope};
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use serde_json::{Value, json};

mod v2_migrations {
    refinery::embed_migrations!("../migrations");
}

const DUMP: &str = include_str!("data/schema_v1.sql");
const DUMP_PATH: &str = "tests/data/schema_v1.sql";
const TOKEN_LINE: &str = "-- escort_token: ";
const HISTORY: &str = "refinery_schema_history";

fn call(scope: &Scope, op: &str, args: Value) -> Value {
    invoke(scope, op, &args).unwrap_or_else(|e| panic!("{op} {args}: {e}"))
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_else(|| panic!("no id in {v}")).to_string()
}

// ---------------------------------------------------------------------------------------------------------
// The frozen database's content, read back.

/// Every row of every table except refinery's history, per table, as printable tuples.
fn rows_by_table(conn: &Connection) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for t in common::table_names(conn).into_iter().filter(|t| t != HISTORY) {
        let mut list = common::rows_text(conn, &format!("SELECT * FROM \"{t}\""), &[]);
        list.sort();
        out.insert(t, list);
    }
    out
}

fn ids(conn: &Connection, sql: &str, param: Option<&str>) -> BTreeSet<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    let rows = match param {
        Some(p) => stmt.query_map([p], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>(),
        None => stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>(),
    };
    rows.unwrap()
}

fn count(conn: &Connection, sql: &str, param: &str) -> usize {
    conn.query_row(sql, [param], |r| r.get::<_, i64>(0)).unwrap() as usize
}

fn load_frozen(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("frozen.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(DUMP).unwrap();
    path
}

#[test]
fn frozen_dump_is_the_first_schema_with_rows_in_the_main_tables() {
    let dir = tempfile::tempdir().unwrap();
    let conn = Connection::open(load_frozen(dir.path())).unwrap();
    let applied = ids(&conn, "SELECT CAST(version AS TEXT) FROM refinery_schema_history", None);
    assert_eq!(applied, BTreeSet::from(["1".to_string(), "2".to_string()]));
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(app_id, orbit_core::schema::APPLICATION_ID);
    let rows = rows_by_table(&conn);
    for table in [
        "facilities",
        "users",
        "or_rooms",
        "procedure_types",
        "facility_milestones",
        "cases",
        "case_milestones",
        "case_staff",
        "case_delays",
        "case_flags",
        "case_completion_stats",
        "case_milestone_stats",
        "surgeon_procedure_averages",
        "patient_checkins",
        "escort_status_links",
        "block_schedules",
        "facility_holidays",
        "facility_device_reps",
        "flag_rules",
        "audit_log",
        "case_history",
    ] {
        assert!(!rows[table].is_empty(), "the frozen database has no {table} rows");
    }
    let levels = ids(&conn, "SELECT DISTINCT access_level FROM users", None);
    for level in ["global_admin", "facility_admin", "coordinator", "user", "device_rep"] {
        assert!(levels.contains(level), "no {level} user in the frozen database");
    }
}

#[test]
fn frozen_v1_database_migrates_with_every_row_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = load_frozen(dir.path());
    let before = rows_by_table(&Connection::open(&path).unwrap());

    let orbit = Orbit::open(&path).unwrap();
    assert_eq!(orbit.schema_version().unwrap(), orbit_core::schema::latest_version());
    let raw = Connection::open(&path).unwrap();
    let applied: Vec<i64> = raw
        .prepare("SELECT version FROM refinery_schema_history ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(applied, orbit_core::schema::embedded_versions());

    // Row level: every table of the first schema still holds exactly the same rows, cell for cell. (A future
    // migration that transforms data states its transformation here.)
    let after = rows_by_table(&raw);
    for (table, rows) in &before {
        let now = after.get(table).unwrap_or_else(|| panic!("table {table} disappeared"));
        assert_eq!(now.len(), rows.len(), "{table}: row count changed");
        for (a, b) in rows.iter().zip(now) {
            assert_eq!(a, b, "{table}: a row changed");
        }
    }
    // Opening again is a no-op.
    drop(orbit);
    let orbit = Orbit::open(&path).unwrap();
    assert_eq!(rows_by_table(&raw), after);

    // API level, as the global admin of the frozen store.
    let admin_id: String =
        raw.query_row("SELECT id FROM users WHERE access_level = 'global_admin'", [], |r| r.get(0)).unwrap();
    let admin = orbit.as_user(&admin_id).unwrap();
    let facilities: BTreeSet<String> =
        call(&admin, "facilities", json!({})).as_array().unwrap().iter().map(id).collect();
    assert_eq!(facilities, ids(&raw, "SELECT id FROM facilities", None));

    // Every reference table lists exactly the stored rows.
    let mut failures = Vec::new();
    for &table in RefTable::ALL {
        let listed = match admin.list(table, &ListOptions { include_archived: true, ..ListOptions::default() }) {
            Ok(rows) => rows,
            Err(e) => {
                failures.push(format!("list {}: {e}", table.as_str()));
                continue;
            }
        };
        let listed: BTreeSet<String> = listed.iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
        let stored = ids(&raw, &format!("SELECT id FROM \"{}\"", table.as_str()), None);
        assert_eq!(listed, stored, "list {}", table.as_str());
        for row_id in &stored {
            let got = admin.get(table, row_id).unwrap_or_else(|e| panic!("get {} {row_id}: {e}", table.as_str()));
            assert_eq!(got["id"].as_str(), Some(row_id.as_str()));
        }
    }
    assert!(failures.is_empty(), "reference reads failed on the migrated store:\n{}", failures.join("\n"));

    // Every user resolves, every non-deleted one can act.
    for user_id in ids(&raw, "SELECT id FROM users", None) {
        let u = call(&admin, "user", json!({"user_id": user_id}));
        assert_eq!(u["id"], json!(user_id));
        orbit.as_user(&user_id).unwrap();
    }

    // Every case with its milestones, staff, delays, flags, stats row and check-in.
    let cases = ids(&raw, "SELECT id FROM cases", None);
    for case_id in &cases {
        let case = call(&admin, "get_case", json!({"case_id": case_id}));
        let number: String =
            raw.query_row("SELECT case_number FROM cases WHERE id = ?1", [case_id], |r| r.get(0)).unwrap();
        assert_eq!(case["case_number"], json!(number));
        let per_case = |op: &str, table: &str| {
            let got = call(&admin, op, json!({"case_id": case_id})).as_array().unwrap().len();
            let stored = count(&raw, &format!("SELECT count(*) FROM {table} WHERE case_id = ?1"), case_id);
            assert_eq!(got, stored, "{op} of case {number}");
        };
        per_case("case_milestones", "case_milestones");
        per_case("case_staff", "case_staff");
        per_case("case_delays", "case_delays");
        per_case("case_flags", "case_flags");
        let stats = call(&admin, "case_stats", json!({"case_id": case_id}));
        let stored = count(&raw, "SELECT count(*) FROM case_completion_stats WHERE case_id = ?1", case_id);
        assert_eq!(!stats.is_null(), stored == 1, "case_stats of case {number}");
        let checkin = call(&admin, "case_checkin", json!({"case_id": case_id}));
        let stored = ids(&raw, "SELECT id FROM patient_checkins WHERE case_id = ?1", Some(case_id));
        match stored.iter().next() {
            Some(k) => assert_eq!(checkin["id"], json!(k), "check-in of case {number}"),
            None => assert!(checkin.is_null()),
        }
    }

    // Per facility: flag rules, device-rep links, blocks, the aggregates over the stats rows, audit.
    for f in &facilities {
        let rules = call(&admin, "flag_rules", json!({"facility_id": f, "include_archived": true}));
        let stored = count(&raw, "SELECT count(*) FROM flag_rules WHERE facility_id = ?1", f);
        assert_eq!(rules.as_array().unwrap().len(), stored, "flag rules of {f}");
        let links = call(&admin, "device_rep_links", json!({"facility_id": f}));
        let stored = count(&raw, "SELECT count(*) FROM facility_device_reps WHERE facility_id = ?1", f);
        assert_eq!(links.as_array().unwrap().len(), stored, "device-rep links of {f}");
        let completed = count(&raw, "SELECT count(*) FROM case_completion_stats WHERE facility_id = ?1", f);
        let overall = call(&admin, "aggregate_stats", json!({"relation": "surgeon_overall_stats", "facility_id": f}));
        assert_eq!(overall.as_array().unwrap().is_empty(), completed == 0, "surgeon_overall_stats of {f}");
        let audit = call(&admin, "audit_log", json!({"facility_id": f, "limit": 10_000}));
        let stored = count(&raw, "SELECT count(*) FROM audit_log WHERE facility_id = ?1", f);
        assert_eq!(audit.as_array().unwrap().len(), stored, "audit rows of {f}");
    }
    let blocks_of_f =
        raw.query_row("SELECT facility_id FROM block_schedules LIMIT 1", [], |r| r.get::<_, String>(0)).unwrap();
    let occurrences = call(
        &admin,
        "block_occurrences",
        json!({"facility_id": blocks_of_f, "start_date": "2026-02-01", "end_date": "2026-03-31"}),
    );
    assert!(!occurrences.as_array().unwrap().is_empty());

    // The escort link made before the migration still opens with its token.
    let token = DUMP.lines().find_map(|l| l.strip_prefix(TOKEN_LINE)).expect("the dump names its escort token");
    let status = call(&orbit.anonymous(), "escort_status", json!({"token": token}));
    assert!(status.is_object());
}

// ---------------------------------------------------------------------------------------------------------
// The generator (run once; see the module docs).

/// The representative store, written through the public API by the current library.
fn build_world() -> (W, String) {
    let w = W::new("2026-02-09T15:00:00Z");
    let fx = &w.fx;
    let (_, coordinator) = fx.member(&w.f, "coordinator", "Cora");
    let rep = w.device_rep();
    let rep_id = rep.context().unwrap().user_id;
    let nurse = fx.member(&w.f, "user", "Nia").0.id;

    // Two completed cases (stats rows, milestone stats, legacy averages, flags), staff and a delay.
    let run = |case: &str, times: [&str; 4]| {
        for (m, t) in ["patient_in", "incision", "closing", "patient_out"].iter().zip(times) {
            w.record(case, m, t);
        }
    };
    let c1 = w.case("1001", "2026-02-10", "07:30");
    call(&w.user, "add_staff", json!({"case_id": c1, "user_id": nurse, "role": "nurse"}));
    run(&c1, ["2026-02-10T12:35:20Z", "2026-02-10T13:10:00Z", "2026-02-10T14:20:40Z", "2026-02-10T14:40:50Z"]);
    let c2 = w.case("1002", "2026-02-10", "10:00");
    run(&c2, ["2026-02-10T15:05:00Z", "2026-02-10T16:30:00Z", "2026-02-10T18:00:00Z", "2026-02-10T18:40:00Z"]);
    let delay_type = id(&Value::Object(
        w.admin
            .create(RefTable::DelayTypes, &obj(json!({"name": "late_start", "display_name": "Late start"})))
            .unwrap(),
    ));
    call(&w.user, "report_case_delay", json!({"case_id": c2, "delay_type_id": delay_type, "duration_minutes": 15}));
    call(&w.admin, "redetect_case_flags", json!({"case_id": c2}));

    // A cancelled case, a future case with a check-in, checklist responses and an escort link.
    w.clock.set(at("2026-02-11T15:00:00Z"));
    let c3 = w.case("1003", "2026-02-12", "08:00");
    let reason = id(&w.admin.list(RefTable::CancellationReasons, &ListOptions::default()).unwrap()[0].clone().into());
    call(&coordinator, "cancel_case", json!({"case_id": c3, "cancellation_reason_id": reason}));
    let c4 = w.case("1004", "2026-02-12", "09:00");
    w.admin
        .create(
            RefTable::PreopChecklistFields,
            &obj(json!({"field_key": "ride", "display_label": "Ride", "field_type": "text", "is_required": false})),
        )
        .unwrap();
    let checkin = w.user.case_checkin(&c4).unwrap().expect("a check-in").id;
    call(&w.user, "set_checklist_responses", json!({"checkin_id": checkin, "responses": {"ride": "Bus"}}));
    call(&w.user, "set_patient_status", json!({"checkin_id": checkin, "status": "checked_in"}));
    let link =
        call(&w.user, "generate_escort_link", json!({"checkin_id": checkin, "expires_at": at("2099-01-01T00:00:00Z")}));
    let token = link["token"].as_str().unwrap().to_string();
    call(&rep, "device_rep_links", json!({}));
    let _ = rep_id;

    // Scheduling: a block, a holiday; a custom flag rule.
    w.admin
        .create(
            RefTable::BlockSchedules,
            &obj(json!({"surgeon_id": w.surgeon, "or_room_id": w.room, "day_of_week": 2, "start_time": "07:00",
                "end_time": "15:00", "recurrence_type": "weekly", "effective_start": "2026-01-01"})),
        )
        .unwrap();
    w.admin.create(RefTable::FacilityHolidays, &obj(json!({"name": "Founders", "month": 7, "day": 4}))).unwrap();
    call(
        &w.admin,
        "create_flag_rule",
        json!({"rule": {"name": "Long case", "metric": "total_case_time", "operator": "gt",
            "threshold_type": "absolute", "threshold_value": 180}}),
    );

    // A second facility with its own admin, room and case.
    let g = fx.facility("G");
    let (_, g_admin) = fx.member(&g, "facility_admin", "Gil");
    let (_, g_user) = fx.member(&g, "user", "Gus");
    let g_room = id(&Value::Object(g_admin.create(RefTable::OrRooms, &obj(json!({"name": "G-OR1"}))).unwrap()));
    call(
        &g_user,
        "create_case",
        json!({"case": {"case_number": "G-1", "scheduled_date": "2026-02-13", "start_time": "08:00", "or_room_id": g_room}}),
    );
    (w, token)
}

/// An SQL literal for one stored value.
fn literal(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        // Exponent form keeps a REAL a REAL (e.g. 3.0 → 3e0) and round-trips exactly.
        ValueRef::Real(f) => format!("{f:e}"),
        ValueRef::Text(t) => format!("'{}'", String::from_utf8(t.to_vec()).unwrap().replace('\'', "''")),
        ValueRef::Blob(b) => format!("X'{}'", b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
    }
}

fn insert_rows(out: &mut String, conn: &Connection, table: &str) {
    let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid")).unwrap();
    let cols: Vec<String> = stmt.column_names().map(|c| format!("\"{c}\"")).collect();
    let mut rows = stmt.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        let values: Vec<String> = (0..cols.len()).map(|i| literal(row.get_ref(i).unwrap())).collect();
        out.push_str(&format!("INSERT INTO \"{table}\" ({}) VALUES ({});\n", cols.join(", "), values.join(", ")));
    }
}

#[test]
#[ignore = "generator: rewrites tests/data/schema_v1.sql (run only to change the frozen fixture)"]
fn regenerate_frozen_v1_dump() {
    let (w, token) = build_world();
    let data = w.fx.raw();
    data.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();

    // The first schema's exact DDL and history, from refinery stopping at V2.
    let dir = tempfile::tempdir().unwrap();
    let mut ddl = Connection::open(dir.path().join("v2.db")).unwrap();
    v2_migrations::migrations::runner()
        .set_target(refinery::Target::Version(2))
        .set_grouped(true)
        .run(&mut ddl)
        .unwrap();
    let schema = |kinds: &str| -> Vec<(String, String)> {
        ddl.prepare(&format!(
            "SELECT name, sql FROM sqlite_schema WHERE type IN ({kinds}) AND sql IS NOT NULL
                 AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
        ))
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    let tables = schema("'table'");
    let mut out = String::new();
    out.push_str(
        "-- Frozen orbit database at the first schema (migrations V1 + V2), with representative rows written\n\
         -- through the public API. Loaded by orbit-core/tests/migration_data.rs. Do not edit by hand; see that\n\
         -- file's docs before regenerating (the point of this file is that it does not change).\n",
    );
    out.push_str(&format!("{TOKEN_LINE}{token}\n"));
    out.push_str(&format!(
        "PRAGMA application_id = {};\nPRAGMA foreign_keys = OFF;\nBEGIN;\n",
        orbit_core::schema::APPLICATION_ID
    ));
    for (_, sql) in &tables {
        out.push_str(sql);
        out.push_str(";\n");
    }
    // Rows before indexes and triggers, so no trigger rewrites a frozen row while loading.
    for (name, _) in &tables {
        let source = if name == HISTORY { &ddl } else { &data };
        insert_rows(&mut out, source, name);
    }
    for (_, sql) in schema("'index', 'trigger', 'view'") {
        out.push_str(&sql);
        out.push_str(";\n");
    }
    out.push_str("COMMIT;\n");
    std::fs::write(Path::new(env!("CARGO_MANIFEST_DIR")).join(DUMP_PATH), out).unwrap();
}
