//! Schema tests: the migrated database against the checked-in snapshot and the spec's table list, the
//! soft-delete sync triggers on every soft-delete table, foreign-key indexes, seeds.

use std::collections::BTreeSet;

use rusqlite::{Connection, params};

use super::*;

/// A freshly migrated in-memory database (raw connection, for schema-level checks).
fn migrated() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate(&mut conn).unwrap();
    conn
}

fn strings(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

/// The 69 base tables of data-model.md §3.1–3.10, §3.12 and §7.
const BASE_TABLES: [&str; 69] = [
    "facilities",
    "users",
    "user_roles",
    "facility_device_reps",
    "device_rep_facility_access",
    "case_statuses",
    "patient_statuses",
    "issue_types",
    "resolution_types",
    "body_regions",
    "procedure_categories",
    "procedure_techniques",
    "milestone_types",
    "phase_templates",
    "milestone_template_types",
    "milestone_template_type_items",
    "procedure_type_templates",
    "cost_category_templates",
    "payer_templates",
    "complexity_templates",
    "cancellation_reason_templates",
    "preop_checklist_field_templates",
    "analytics_settings_template",
    "facility_milestones",
    "facility_phases",
    "milestone_templates",
    "milestone_template_items",
    "surgeon_template_overrides",
    "procedure_types",
    "surgeon_procedure_duration",
    "or_rooms",
    "room_schedules",
    "block_schedules",
    "facility_closures",
    "facility_holidays",
    "cancellation_reasons",
    "complexities",
    "delay_types",
    "implant_companies",
    "preop_checklist_fields",
    "flag_rules",
    "facility_analytics_settings",
    "cost_categories",
    "payers",
    "procedure_cost_items",
    "surgeon_cost_items",
    "procedure_reimbursements",
    "financial_targets",
    "cases",
    "case_milestones",
    "case_staff",
    "case_delays",
    "case_flags",
    "case_implant_companies",
    "case_device_companies",
    "case_complexities",
    "patients",
    "patient_checkins",
    "escort_status_links",
    "case_completion_stats",
    "case_milestone_stats",
    "metric_issues",
    "surgeon_scorecards",
    "surgeon_procedure_averages",
    "surgeon_milestone_averages",
    "permission_templates",
    "facility_permissions",
    "audit_log",
    "case_history",
];

fn user_tables(conn: &Connection) -> Vec<String> {
    strings(
        conn,
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name <> 'refinery_schema_history' ORDER BY name",
    )
}

#[test]
fn schema_matches_snapshot() {
    let conn = migrated();
    let mut stmt = conn
        .prepare(
            "SELECT type, name, sql FROM sqlite_schema
             WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND tbl_name <> 'refinery_schema_history'
             ORDER BY tbl_name, CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name",
        )
        .unwrap();
    let dump: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!("-- {} {}\n{};\n", r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    let text = format!("-- application_id {app_id}\n{}", dump.join("\n"));
    insta::assert_snapshot!("schema", text);
}

#[test]
fn base_tables_are_the_69_of_the_spec_and_all_strict() {
    let conn = migrated();
    let actual: BTreeSet<String> = user_tables(&conn).into_iter().collect();
    let expected: BTreeSet<String> = BASE_TABLES.iter().map(|s| s.to_string()).collect();
    assert_eq!(expected.len(), 69);
    assert_eq!(actual, expected);
    for t in &actual {
        let strict: i64 =
            conn.query_row("SELECT strict FROM pragma_table_list WHERE name = ?1", [t], |r| r.get(0)).unwrap();
        assert_eq!(strict, 1, "{t} is not STRICT");
        let pk: String =
            conn.query_row("SELECT name FROM pragma_table_info(?1) WHERE pk = 1", [t], |r| r.get(0)).unwrap();
        assert_eq!(pk, "id", "{t}: primary key");
        let has_created_at: i64 = conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info(?1) WHERE name = 'created_at' AND \"notnull\" = 1",
                [t],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(has_created_at, 1, "{t}: created_at NOT NULL");
    }
}

#[test]
fn application_id_marks_the_database_as_orbit() {
    let conn = migrated();
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(app_id, APPLICATION_ID);
    assert_eq!(APPLICATION_ID, 1_330_790_996);
}

#[test]
fn soft_delete_family_is_exactly_the_tables_with_the_three_columns_and_a_trigger() {
    let conn = migrated();
    let with_columns: BTreeSet<String> = user_tables(&conn)
        .into_iter()
        .filter(|t| {
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM pragma_table_info(?1) WHERE name IN ('is_active','deleted_at','deleted_by')",
                    [t],
                    |r| r.get(0),
                )
                .unwrap();
            n == 3
        })
        .collect();
    let expected: BTreeSet<String> = SOFT_DELETE_TABLES.iter().map(|s| s.to_string()).collect();
    assert_eq!(with_columns, expected);
    let triggers: BTreeSet<String> = strings(
        &conn,
        "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%_soft_delete_sync_trigger'",
    )
    .into_iter()
    .collect();
    let expected_triggers: BTreeSet<String> =
        SOFT_DELETE_TABLES.iter().map(|t| format!("{t}_soft_delete_sync_trigger")).collect();
    assert_eq!(triggers, expected_triggers);
}

/// Inserts one row into `table` with every NOT NULL column that has no default filled with a value that
/// passes the table's CHECKs (foreign keys are off in this test); `facility_id` is always set.
fn insert_minimal_row(conn: &Connection, table: &str, id: &str) {
    let mut stmt = conn
        .prepare(
            "SELECT name, type FROM pragma_table_info(?1)
             WHERE (\"notnull\" = 1 AND dflt_value IS NULL) OR name = 'facility_id'",
        )
        .unwrap();
    let cols: Vec<(String, String)> =
        stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap();
    let mut names = Vec::new();
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    for (name, ty) in cols {
        use rusqlite::types::Value;
        let v = match (name.as_str(), ty.as_str()) {
            ("id", _) => Value::Text(id.to_string()),
            ("type", _) => Value::Text("debit".into()),
            ("category", _) => Value::Text("clinical".into()),
            ("field_key", _) => Value::Text(format!("k{}", &id[24..])),
            ("expected_duration_minutes", _) => Value::Integer(60),
            (n, "TEXT") if n.ends_with("_id") => Value::Text(crate::values::new_id()),
            (_, "TEXT") => Value::Text(format!("x-{id}")),
            (_, "INTEGER") => Value::Integer(1),
            (_, "REAL") => Value::Real(1.0),
            (n, t) => panic!("{table}.{n}: unexpected type {t}"),
        };
        names.push(name);
        values.push(v);
    }
    let placeholders = vec!["?"; names.len()].join(", ");
    let sql = format!("INSERT INTO {table} ({}) VALUES ({placeholders})", names.join(", "));
    conn.execute(&sql, rusqlite::params_from_iter(values)).unwrap_or_else(|e| panic!("{table}: {e}"));
}

#[test]
fn soft_delete_sync_rules_hold_on_every_soft_delete_table() {
    // data-model.md §9 W1, replayed on each of the 25 tables. `now` is the trigger's clock.
    let conn = migrated();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    const T: i64 = 1_700_000_000_000;
    const T2: i64 = 1_700_000_100_000;
    // (before is_active, before deleted_at, SET clause, after is_active, after deleted_at; None = "now")
    type Row = (i64, Option<i64>, &'static str, i64, Result<Option<i64>, ()>);
    let cases: [Row; 8] = [
        (1, None, "deleted_at = 1700000000000", 0, Ok(Some(T))),
        (0, Some(T), "deleted_at = NULL", 1, Ok(None)),
        (1, None, "is_active = 0", 0, Err(())),
        (0, Some(T), "is_active = 1", 1, Ok(None)),
        (1, None, "is_active = 0, deleted_at = 1700000000000", 0, Ok(Some(T))),
        (0, Some(T), "deleted_at = 1700000100000", 0, Ok(Some(T2))),
        (1, None, "deleted_by = NULL", 1, Ok(None)),
        (1, Some(T), "deleted_at = NULL, is_active = 0", 1, Ok(None)),
    ];
    for table in SOFT_DELETE_TABLES {
        for (i, (a0, d0, set, a1, d1)) in cases.iter().enumerate() {
            let id = crate::values::new_id();
            insert_minimal_row(&conn, table, &id);
            conn.execute(&format!("UPDATE {table} SET deleted_by = 'keep' WHERE id = ?1"), [&id]).unwrap();
            force_state(&conn, table, &id, *a0, *d0);
            let before_ms = chrono::Utc::now().timestamp_millis();
            conn.execute(&format!("UPDATE {table} SET {set} WHERE id = ?1"), [&id]).unwrap();
            let after_ms = chrono::Utc::now().timestamp_millis();
            let (a, d, by): (i64, Option<i64>, Option<String>) = conn
                .query_row(
                    &format!("SELECT is_active, deleted_at, deleted_by FROM {table} WHERE id = ?1"),
                    [&id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .unwrap();
            let case = i + 1;
            assert_eq!(a, *a1, "{table} W1 case {case}: is_active");
            match d1 {
                Ok(expected) => assert_eq!(d, *expected, "{table} W1 case {case}: deleted_at"),
                Err(()) => {
                    let d = d.unwrap_or_else(|| panic!("{table} W1 case {case}: deleted_at not stamped"));
                    assert!(d >= before_ms - 1 && d <= after_ms + 1, "{table} W1 case {case}: now");
                }
            }
            if !set.contains("deleted_by") {
                assert_eq!(by.as_deref(), Some("keep"), "{table} W1 case {case}: deleted_by untouched");
            }
        }
    }
}

/// Writes the "before" state (is_active, deleted_at) as given, bypassing the sync trigger (drops and
/// recreates it), so that even W1's legacy-inconsistent row (1, T) can be set up.
fn force_state(conn: &Connection, table: &str, id: &str, a: i64, d: Option<i64>) {
    let name = format!("{table}_soft_delete_sync_trigger");
    let sql: String = conn.query_row("SELECT sql FROM sqlite_schema WHERE name = ?1", [&name], |r| r.get(0)).unwrap();
    conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    conn.execute(&format!("UPDATE {table} SET is_active = ?2, deleted_at = ?3 WHERE id = ?1"), params![id, a, d])
        .unwrap();
    conn.execute_batch(&sql).unwrap();
}

#[test]
fn foreign_key_columns_lead_an_index_unless_they_are_actors() {
    // data-model.md §1.4.4: SQLite scans the child table on parent delete otherwise.
    let conn = migrated();
    let actor = |c: &str| c.ends_with("_by");
    for t in user_tables(&conn) {
        let fks = strings(&conn, &format!("SELECT \"from\" FROM pragma_foreign_key_list('{t}')"));
        let indexes = strings(&conn, &format!("SELECT name FROM pragma_index_list('{t}')"));
        for col in fks.iter().filter(|c| !actor(c)) {
            let served = indexes.iter().any(|ix| {
                let lead: Option<String> =
                    conn.query_row("SELECT name FROM pragma_index_info(?1) WHERE seqno = 0", [ix], |r| r.get(0)).ok();
                let sql: Option<String> =
                    conn.query_row("SELECT sql FROM sqlite_schema WHERE name = ?1", [ix], |r| r.get(0)).unwrap_or(None);
                let partial_ok = match sql.as_deref().and_then(|s| s.split_once(" WHERE ")) {
                    None => true,
                    Some((_, cond)) => cond.trim() == format!("{col} IS NOT NULL"),
                };
                lead.as_deref() == Some(col.as_str()) && partial_ok
            }) || (col == "id");
            assert!(served, "{t}.{col} has no index led by it");
        }
    }
}

#[test]
fn system_cancellation_reason_cannot_be_archived_by_any_writer() {
    let conn = migrated();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    let id = crate::values::new_id();
    insert_minimal_row(&conn, "cancellation_reasons", &id);
    conn.execute("UPDATE cancellation_reasons SET is_system = 1 WHERE id = ?1", [&id]).unwrap();
    for set in ["is_active = 0", "deleted_at = 5"] {
        let err = conn.execute(&format!("UPDATE cancellation_reasons SET {set} WHERE id = ?1"), [&id]).unwrap_err();
        assert_eq!(crate::Error::from(err).kind(), crate::ErrorKind::InvalidInput, "{set}");
    }
    conn.execute("UPDATE cancellation_reasons SET display_name = 'EHR' WHERE id = ?1", [&id]).unwrap();
}

#[test]
fn migration_is_idempotent_and_records_every_version() {
    let mut conn = migrated();
    migrate(&mut conn).unwrap();
    assert_eq!(applied_versions(&conn).unwrap(), embedded_versions());
    let fk_on: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk_on, 1);
}

#[test]
fn seeds_match_the_spec() {
    // data-model.md §5.1–5.3 and flags.md §9.1.
    let conn = migrated();
    let count = |t: &str| -> i64 { conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap() };
    for (table, n) in [
        ("case_statuses", 6),
        ("patient_statuses", 9),
        ("user_roles", 9),
        ("issue_types", 6),
        ("resolution_types", 4),
        ("permission_templates", 4),
        ("milestone_types", 10),
        ("phase_templates", 4),
        ("milestone_template_types", 1),
        ("milestone_template_type_items", 13),
        ("payer_templates", 5),
        ("cost_category_templates", 4),
        ("cancellation_reason_templates", 1),
        ("analytics_settings_template", 1),
        ("flag_rules", 9),
    ] {
        assert_eq!(count(table), n, "{table}");
    }
    let statuses = strings(&conn, "SELECT name FROM case_statuses ORDER BY display_order");
    assert_eq!(statuses, ["scheduled", "in_progress", "completed", "delayed", "on_hold", "cancelled"]);
    // The milestone ids are fixed and the pairs symmetric.
    let incision: String =
        conn.query_row("SELECT id FROM milestone_types WHERE name = 'incision'", [], |r| r.get(0)).unwrap();
    assert_eq!(incision, "3a2cf767-9097-4c2c-b8ff-199bac76aeca");
    let asymmetric: i64 = conn
        .query_row(
            "SELECT count(*) FROM milestone_types a JOIN milestone_types b ON a.pair_with_id = b.id
             WHERE b.pair_with_id IS NOT a.id OR a.pair_position = b.pair_position",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(asymmetric, 0);
    let items = strings(
        &conn,
        "SELECT m.name || '/' || coalesce(p.name, '-') FROM milestone_template_type_items i
         JOIN milestone_types m ON m.id = i.milestone_type_id
         LEFT JOIN phase_templates p ON p.id = i.phase_template_id ORDER BY i.display_order",
    );
    assert_eq!(
        items,
        [
            "patient_in/pre_op",
            "anes_start/pre_op",
            "anes_end/pre_op",
            "prep_drape_start/pre_op",
            "prep_drape_complete/pre_op",
            "incision/pre_op",
            "incision/surgical",
            "closing/surgical",
            "closing/closing",
            "closing_complete/closing",
            "closing_complete/post_op",
            "patient_out/post_op",
            "room_cleaned/-",
        ]
    );
    let (same, flip, util): (f64, f64, f64) = conn
        .query_row(
            "SELECT turnover_target_same_surgeon, turnover_target_flip_room, utilization_target_percent
             FROM analytics_settings_template",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((same, flip, util), (45.0, 15.0, 75.0));
    let rules = strings(
        &conn,
        "SELECT name || '|' || metric || '|' || threshold_type || '|' || threshold_value || '|' || comparison_scope
                || '|' || severity FROM flag_rules WHERE facility_id IS NULL AND is_built_in = 1 AND is_enabled = 1
         ORDER BY display_order",
    );
    assert_eq!(
        rules,
        [
            "Long Total Case Time|total_case_time|median_plus_sd|1.0|facility|warning",
            "Long Total Case Time (Personal)|total_case_time|median_plus_sd|1.0|personal|info",
            "Long Surgical Time|surgical_time|median_plus_sd|1.0|facility|warning",
            "Long Pre-Op Time|pre_op_time|median_plus_sd|1.0|facility|info",
            "Surgeon Readiness Gap|surgeon_readiness_gap|median_plus_sd|1.5|personal|warning",
            "Slow Room Turnover|turnover_time|median_plus_sd|1.0|facility|warning",
            "Late First Case Start|fcots_delay|absolute|15.0|facility|warning",
            "Long Anesthesia Induction|anesthesia_time|median_plus_sd|1.0|facility|info",
            "Long Closing Time|closing_time|median_plus_sd|1.0|facility|info",
        ]
    );
}

#[test]
fn access_matrix_classifies_exactly_the_base_tables() {
    let conn = migrated();
    let tables: BTreeSet<String> = user_tables(&conn).into_iter().collect();
    let classified: BTreeSet<String> =
        crate::access::matrix::TABLE_CLASSES.iter().map(|(t, _)| t.to_string()).collect();
    assert_eq!(classified, tables);
}

mod soft_delete_property {
    use proptest::prelude::*;

    use super::*;

    /// One UPDATE a writer might issue: each column left alone, or set (deleted_at to an instant or NULL).
    #[derive(Debug, Clone)]
    struct Write {
        is_active: Option<bool>,
        deleted_at: Option<Option<i64>>,
    }

    fn write() -> impl Strategy<Value = Write> {
        (proptest::option::of(any::<bool>()), proptest::option::of(proptest::option::of(1_000i64..2_000)))
            .prop_map(|(is_active, deleted_at)| Write { is_active, deleted_at })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever sequence of updates any writer issues, a row that starts consistent stays consistent:
        /// active ⇔ no deletion stamp (data-model.md §4.2), on every soft-delete table.
        #[test]
        fn sync_trigger_keeps_active_and_deleted_at_consistent(
            table in proptest::sample::select(SOFT_DELETE_TABLES.to_vec()),
            writes in proptest::collection::vec(write(), 1..12),
        ) {
            let conn = migrated();
            conn.pragma_update(None, "foreign_keys", false).unwrap();
            let id = crate::values::new_id();
            insert_minimal_row(&conn, table, &id);
            for w in &writes {
                let mut sets = Vec::new();
                if let Some(a) = w.is_active {
                    sets.push(format!("is_active = {}", i64::from(a)));
                }
                match w.deleted_at {
                    Some(Some(t)) => sets.push(format!("deleted_at = {t}")),
                    Some(None) => sets.push("deleted_at = NULL".to_string()),
                    None => {}
                }
                if sets.is_empty() {
                    continue;
                }
                conn.execute(&format!("UPDATE {table} SET {} WHERE id = ?1", sets.join(", ")), [&id]).unwrap();
                let (a, d): (i64, Option<i64>) = conn
                    .query_row(&format!("SELECT is_active, deleted_at FROM {table} WHERE id = ?1"), [&id], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .unwrap();
                prop_assert_eq!(a == 1, d.is_none(), "{} after {:?}", table, w);
            }
        }
    }
}

/// FNV-1a 64 of a file's bytes: a stable fingerprint for the immutability check.
fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

#[test]
fn landed_migrations_are_immutable() {
    // A landed migration is never edited (data-model.md §1.1.2): add a new V{n} file instead, and append
    // its fingerprint here in the same commit.
    let landed: [(&str, u64); 3] = [
        ("V1__base_schema.sql", 0x53b3_e7a4_b1ae_76ec),
        ("V2__seeds.sql", 0x4b9c_e8b4_967e_574c),
        ("V3__stats_indexes.sql", 0x63ed_b976_05a8_42af),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('V') && n.ends_with(".sql"))
        .collect();
    files.sort();
    for (name, expected) in landed {
        let bytes = std::fs::read(dir.join(name)).unwrap_or_else(|_| panic!("{name} was removed"));
        assert_eq!(fingerprint(&bytes), expected, "{name} was edited after it landed");
    }
    assert_eq!(files.len(), embedded_versions().len(), "every migration file is embedded");
    assert!(files.len() >= landed.len());
}
