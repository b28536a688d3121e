//! Hostile input (issue "Reliability and security", property 3): every public entry point that takes
//! outside data is fed arbitrary input, and must answer with a coded error or a result — never a panic —
//! and a refused call must leave the whole database unchanged.
//!
//! Entry points: the generic operation table (`api::invoke`, which the Python, Node and C bindings call with
//! the caller's JSON) for every operation of `api::OPERATIONS` — so the CSV importer (`import_cases`),
//! settings (`update` of `facility_analytics_settings`, `provision_facility` configs), checklist responses
//! and flag rule definitions are reached through it too — plus focused generators for checklist responses,
//! analytics settings, flag rules and the scoped SQL session's statements. Arguments are proptest values:
//! JSON of any shape with keys drawn from the operation's argument names and the field names of the
//! records, and values mixing edge numbers, odd strings and ids of real rows (so calls get past the id
//! lookups and reach the validation behind them).
//!
//! Beyond "no panic": a failure must not be `Storage` (code 23) — that code means the library let an input
//! reach SQLite unchecked (the one exception is the SQL session, whose statements are SQLite's to judge;
//! there syntax errors are `InvalidInput` and run-time limits `Interrupted`).
//!
//! A committed seed corpus (`tests/data/fuzz_seeds.json`) is replayed first. Bounded by default
//! (`ORBIT_FUZZ_CASES` unset: 6 argument sets per operation, 96 per focused generator); set
//! `ORBIT_FUZZ_CASES=<n>` for the long form (n per operation and per generator).

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use common::w::{W, obj};
use orbit_core::api::{OPERATIONS, invoke};
use orbit_core::reference::RefTable;
use orbit_core::{ErrorKind, Scope};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Value, json};

const SEEDS: &str = include_str!("data/fuzz_seeds.json");

fn cases(default: u32) -> u32 {
    std::env::var("ORBIT_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config { cases, failure_persistence: None, max_shrink_iters: 64, ..Config::default() })
}

/// The world the inputs are aimed at: facility F with members of every level, a completed case, a scheduled
/// case with a check-in, checklist fields of every type, a device rep.
struct Target {
    w: W,
    coordinator: Scope,
    rep: Scope,
    ga: Scope,
    anonymous: Scope,
    checkin: String,
    settings_id: String,
    rule_id: String,
    /// Strings that name real things (ids, tables, statuses, dates): values the generators draw from.
    pool: Vec<String>,
    /// A connection of its own, for `PRAGMA data_version`.
    raw: rusqlite::Connection,
    calls: std::cell::Cell<u64>,
    always_full: bool,
    /// The last fingerprint and the data_version it was taken at.
    fingerprint: std::cell::RefCell<Option<(i64, String)>>,
    /// Outcomes so far: index 0 = success, else the error code.
    outcomes: std::cell::RefCell<[u64; 24]>,
}

fn target() -> Target {
    let w = W::new("2026-02-09T15:00:00Z");
    let (_, coordinator) = w.fx.member(&w.f, "coordinator", "Cora");
    let rep = w.device_rep();
    let done = w.case("1001", "2026-02-10", "07:30");
    for (m, t) in ["patient_in", "incision", "closing", "patient_out"].iter().zip([
        "2026-02-10T12:35:00Z",
        "2026-02-10T13:10:00Z",
        "2026-02-10T14:20:00Z",
        "2026-02-10T14:40:00Z",
    ]) {
        w.record(&done, m, t);
    }
    w.clock.set(common::w::at("2026-02-11T15:00:00Z"));
    let open = w.case("1002", "2026-02-12", "08:00");
    for (key, ty, options) in [
        ("consent", "toggle", None),
        ("ride", "dropdown", Some(json!(["Family", "Taxi"]))),
        ("npo_time", "time", None),
        ("escort", "contact", None),
        ("weight", "number", None),
        ("note", "text", None),
        ("surgery_day", "date", None),
    ] {
        let mut f = json!({"field_key": key, "display_label": key, "field_type": ty, "is_required": key == "consent"});
        if let Some(o) = options {
            f["options"] = o;
        }
        w.admin.create(RefTable::PreopChecklistFields, &obj(f)).unwrap();
    }
    let checkin = w.user.case_checkin(&open).unwrap().expect("a check-in").id;
    let settings_id = invoke(&w.admin, "list", &json!({"table": "facility_analytics_settings"})).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let rule = invoke(
        &w.admin,
        "create_flag_rule",
        &json!({"rule": {"name": "Long", "metric": "total_case_time", "operator": "gt", "threshold_type": "absolute",
            "threshold_value": 180}}),
    )
    .unwrap();
    let rule_id = rule["id"].as_str().unwrap().to_string();
    let ga = w.fx.global_admin();
    let anonymous = w.fx.orbit.anonymous();
    let mut pool: Vec<String> = vec![
        w.f.clone(),
        w.room.clone(),
        w.surgeon.clone(),
        w.procedure.clone(),
        done,
        open,
        checkin.clone(),
        settings_id.clone(),
        rule_id.clone(),
        w.fx.admin.id.clone(),
    ];
    pool.extend(w.milestones.values().cloned());
    pool.extend(RefTable::ALL.iter().map(|t| t.as_str().to_string()));
    pool.extend(OPERATIONS.iter().map(|o| o.name.to_string()));
    pool.extend(orbit_core::stats::aggregates::RELATIONS.iter().map(|r| r.to_string()));
    for s in [
        "global_admin",
        "facility_admin",
        "coordinator",
        "user",
        "device_rep",
        "surgeon",
        "nurse",
        "scheduled",
        "in_progress",
        "completed",
        "cancelled",
        "checked_in",
        "2026-02-10",
        "2026-02-29",
        "2026-13-01",
        "0000-01-01",
        "9999-12-31",
        "07:30",
        "24:00",
        "25:61:99",
        "2026-02-10T12:00:00Z",
        "America/New_York",
        "Mars/Olympus",
        "total_case_time",
        "case_margin",
        "gt",
        "between",
        "absolute",
        "percentage_of_median",
        "personal",
        "critical",
        "confirm",
        "deliver",
        "a,b,c\n1,2,3\n",
        "case_number,date\n\"unterminated,2026-02-10\n",
    ] {
        pool.push(s.to_string());
    }
    let raw = w.fx.raw();
    Target {
        w,
        coordinator,
        rep,
        ga,
        anonymous,
        checkin,
        settings_id,
        rule_id,
        pool,
        raw,
        calls: Default::default(),
        always_full: false,
        outcomes: Default::default(),
        fingerprint: Default::default(),
    }
}

impl Target {
    fn scope(&self, actor: u8) -> &Scope {
        match actor % 6 {
            0 => &self.w.user,
            1 => &self.w.admin,
            2 => &self.coordinator,
            3 => &self.rep,
            4 => &self.ga,
            _ => &self.anonymous,
        }
    }

    /// Calls `f`; a panic, a `Storage` failure (unless `storage_ok`) or a change made by a failing call fails
    /// the case.
    fn check<T: std::fmt::Debug>(
        &self,
        what: &str,
        storage_ok: bool,
        f: impl FnOnce() -> orbit_core::Result<T>,
    ) -> Result<(), TestCaseError> {
        // Two witnesses of "nothing written": `PRAGMA data_version` of a separate connection (changes iff any
        // other connection committed; checked on every call), and the full fingerprint of every row of every
        // table (`W::content`, ~15 ms, so on every FULL_EVERY-th call and on every seed-corpus call).
        let n = self.calls.get();
        self.calls.set(n + 1);
        let full = self.always_full || n.is_multiple_of(FULL_EVERY);
        let version = self.data_version();
        let before = full.then(|| self.content_at(version));
        let r = catch_unwind(AssertUnwindSafe(f));
        let r = match r {
            Ok(r) => {
                self.outcomes.borrow_mut()[r.as_ref().map_or_else(|e| e.code() as usize, |_| 0)] += 1;
                r
            }
            Err(p) => {
                let msg =
                    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()));
                return Err(TestCaseError::fail(format!("{what}: panicked: {msg:?}")));
            }
        };
        if let Err(e) = &r {
            prop_assert!(
                storage_ok || e.kind() != ErrorKind::Storage,
                "{what}: failed with Storage (unchecked input reached SQLite): {e}"
            );
            prop_assert!((1..=23).contains(&e.code()), "{what}: uncoded error {e}");
            prop_assert!(self.data_version() == version, "{what}: failed ({e}) but committed a write");
            if let Some(before) = before {
                prop_assert!(self.w.content() == before, "{what}: failed ({e}) but changed the database");
            }
        }
        Ok(())
    }

    /// The fingerprint, recomputed only when a commit moved `data_version` since the last one.
    fn content_at(&self, version: i64) -> String {
        let mut cache = self.fingerprint.borrow_mut();
        match &*cache {
            Some((v, c)) if *v == version => c.clone(),
            _ => {
                let c = self.w.content();
                *cache = Some((version, c.clone()));
                c
            }
        }
    }

    fn data_version(&self) -> i64 {
        self.raw.query_row("PRAGMA data_version", [], |r| r.get(0)).unwrap()
    }
}

/// The full-database fingerprint is compared on every FULL_EVERY-th random call.
const FULL_EVERY: u64 = 8;

// ---------------------------------------------------------------------------------------------------------
// Generators.

fn leaf(pool: Vec<String>) -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![0i64, -1, 1, 2, 59, 60, 1_000_000, i64::MAX, i64::MIN, 4_102_444_800_000])
            .prop_map(Value::from),
        prop::sample::select(vec![0.5f64, -0.0, 1e300, -1e300, 1e-300, 99.999, f64::MAX]).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        "\\PC{0,24}".prop_map(Value::from),
        prop::sample::select(vec![
            String::new(),
            " ".into(),
            "\u{0}".into(),
            "'; DROP TABLE cases; --".into(),
            "%".into(),
            "\u{202e}evil".into(),
            "x".repeat(20_000),
            "00000000-0000-0000-0000-000000000000".into(),
            "01A216D3-753B-7701-8FBC-12D8FD54838B".into(),
            "NaN".into(),
            "-1".into(),
            "1e999".into(),
        ])
        .prop_map(Value::from),
        prop::sample::select(pool.clone()).prop_map(Value::from),
        prop::sample::select(pool).prop_map(Value::from),
    ]
    .boxed()
}

const KEYS: &[&str] = &[
    "id",
    "name",
    "facility_id",
    "case_number",
    "scheduled_date",
    "start_time",
    "or_room_id",
    "surgeon_id",
    "procedure_type_id",
    "first_name",
    "last_name",
    "email",
    "access_level",
    "role",
    "metric",
    "operator",
    "threshold_type",
    "threshold_value",
    "threshold_value_max",
    "comparison_scope",
    "severity",
    "is_enabled",
    "display_name",
    "field_key",
    "field_type",
    "is_required",
    "options",
    "day_of_week",
    "month",
    "day",
    "notes",
    "status",
    "timezone",
    "user_id",
    "role_id",
    "op",
    "args",
    "as",
    "surgeon_ids",
    "room_ids",
    "milestones",
    "amount",
    "costs",
];

fn json_value(pool: Vec<String>, keys: Vec<String>) -> BoxedStrategy<Value> {
    leaf(pool)
        .prop_recursive(3, 24, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(keys.clone()), inner), 0..6)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

/// An argument object for an operation: its own keys (most of the time) plus stray ones, any values.
fn args_for(names: &[&str], pool: Vec<String>) -> BoxedStrategy<Value> {
    let own: Vec<String> = names.iter().map(|n| n.trim_end_matches('?').to_string()).collect();
    let mut keys: Vec<String> = KEYS.iter().map(|k| k.to_string()).collect();
    keys.extend(own.iter().cloned());
    let value = json_value(pool, keys.clone());
    let own_part = if own.is_empty() {
        Just(Vec::new()).boxed()
    } else {
        prop::collection::vec((prop::sample::select(own), value.clone()), 0..6).boxed()
    };
    prop_oneof![
        8 => (own_part, prop::collection::vec((prop::sample::select(keys), value.clone()), 0..2))
            .prop_map(|(a, b)| Value::Object(a.into_iter().chain(b).collect::<Map<_, _>>())),
        1 => value,
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------------------
// The seed corpus.

#[test]
fn seed_corpus_gives_coded_errors_and_writes_nothing_on_failure() {
    let t = Target { always_full: true, ..target() };
    let seeds: Value = serde_json::from_str(SEEDS).unwrap();
    let sub = |v: &Value| -> Value {
        // "$checkin", "$facility", … name the target's rows.
        let text = v.to_string();
        let text = text
            .replace("$checkin", &t.checkin)
            .replace("$facility", &t.w.f)
            .replace("$room", &t.w.room)
            .replace("$surgeon", &t.w.surgeon)
            .replace("$procedure", &t.w.procedure)
            .replace("$settings", &t.settings_id)
            .replace("$rule", &t.rule_id);
        serde_json::from_str(&text).unwrap()
    };
    let mut n = 0;
    for call in seeds["calls"].as_array().unwrap() {
        let (op, args) = (call["op"].as_str().unwrap(), sub(&call["args"]));
        for actor in 0..6u8 {
            t.check(&format!("seed {op} {args} as actor {actor}"), false, || invoke(t.scope(actor), op, &args))
                .unwrap_or_else(|e| panic!("{e}"));
            n += 1;
        }
    }
    for sql in seeds["sql"].as_array().unwrap() {
        let sql = sql.as_str().unwrap();
        // A member, a device rep (the §6.5 projection) and a global admin (every relation).
        for actor in [0u8, 3, 4] {
            let Ok(mut session) = t.scope(actor).open_sql_session() else { continue };
            session.set_time_limit(Duration::from_millis(100));
            t.check(&format!("seed sql {sql:?}"), false, || session.query(sql, &[])).unwrap_or_else(|e| panic!("{e}"));
            n += 1;
        }
    }
    assert!(n > 100);
    // The data_version witness is live: a committed write moves it.
    let v = t.data_version();
    invoke(&t.w.admin, "create", &json!({"table": "or_rooms", "fields": {"name": "Witness"}})).unwrap();
    assert_ne!(t.data_version(), v);
}

// ---------------------------------------------------------------------------------------------------------
// Every operation of the table.

#[test]
fn every_operation_survives_arbitrary_arguments() {
    let t = target();
    let per_op = cases(6);
    for op in OPERATIONS {
        let strategy = (args_for(op.args, t.pool.clone()), any::<u8>());
        let mut r = runner(per_op);
        r.run(&strategy, |(args, actor)| {
            t.check(&format!("{} {args} as actor {actor}", op.name), false, || invoke(t.scope(actor), op.name, &args))
        })
        .unwrap_or_else(|e| panic!("{}: {e}", op.name));
    }
    let o = t.outcomes.borrow();
    eprintln!(
        "{} calls over {} operations: {} succeeded; failures by code: {:?}",
        o.iter().sum::<u64>(),
        OPERATIONS.len(),
        o[0],
        o.iter().enumerate().skip(1).filter(|(_, n)| **n > 0).collect::<Vec<_>>()
    );
    drop(o);
    // Not an operation / not an object.
    for (op, args) in [("drop_everything", json!({})), ("get_case", json!([1, 2])), ("get_case", json!("x"))] {
        let e = invoke(&t.w.user, op, &args).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Focused generators.

#[test]
fn checklist_responses_survive_arbitrary_json() {
    let t = target();
    let keys: Vec<String> =
        ["consent", "ride", "npo_time", "escort", "weight", "note", "surgery_day", "name", "phone", "unknown"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    let strategy = (json_value(t.pool.clone(), keys), any::<u8>());
    runner(cases(96))
        .run(&strategy, |(responses, actor)| {
            let scope = t.scope(actor);
            t.check(&format!("set_checklist_responses {responses}"), false, || {
                scope.set_checklist_responses(&t.checkin, &responses)
            })?;
            t.check("complete_checklist", false, || {
                invoke(scope, "complete_checklist", &json!({"checkin_id": t.checkin}))
            })
        })
        .unwrap();
}

#[test]
fn analytics_settings_updates_survive_arbitrary_fields() {
    let t = target();
    let mut keys: Vec<String> =
        RefTable::FacilityAnalyticsSettings.spec().fields.iter().map(|f| f.column.to_string()).collect();
    keys.extend(["id", "facility_id", "created_at", "updated_at", "bogus"].map(String::from));
    let value = json_value(t.pool.clone(), keys.clone());
    let fields = prop::collection::vec((prop::sample::select(keys), value), 0..6)
        .prop_map(|kv| Value::Object(kv.into_iter().collect()));
    runner(cases(96))
        .run(&(fields, any::<u8>()), |(fields, actor)| {
            let args = json!({"table": "facility_analytics_settings", "id": t.settings_id, "fields": fields});
            t.check(&format!("update settings {fields}"), false, || invoke(t.scope(actor), "update", &args))
        })
        .unwrap();
}

#[test]
fn flag_rule_definitions_survive_arbitrary_fields() {
    let t = target();
    let keys: Vec<String> = [
        "name",
        "description",
        "metric",
        "operator",
        "threshold_type",
        "threshold_value",
        "threshold_value_max",
        "comparison_scope",
        "severity",
        "is_enabled",
        "facility_id",
        "template",
        "category",
        "display_order",
    ]
    .map(String::from)
    .to_vec();
    let value = json_value(t.pool.clone(), keys.clone());
    let rule = prop::collection::vec((prop::sample::select(keys), value), 0..8)
        .prop_map(|kv| Value::Object(kv.into_iter().collect()));
    runner(cases(96))
        .run(&(rule, any::<bool>(), any::<u8>()), |(rule, create, actor)| {
            let scope = t.scope(actor);
            if create {
                t.check(&format!("create_flag_rule {rule}"), false, || {
                    invoke(scope, "create_flag_rule", &json!({"rule": rule}))
                })
            } else {
                t.check(&format!("update_flag_rule {rule}"), false, || {
                    invoke(scope, "update_flag_rule", &json!({"rule_id": t.rule_id, "fields": rule}))
                })
            }
        })
        .unwrap();
}

const SQL_FRAGMENTS: &[&str] = &[
    "SELECT",
    "WITH",
    "*",
    "count(*)",
    "FROM",
    "cases",
    "case_milestones",
    "users",
    "facilities",
    "surgeon_overall_stats",
    "escort_status_links",
    "refinery_schema_history",
    "sqlite_schema",
    "sqlite_master",
    "main.cases",
    "temp.t",
    "json_each('[1,2]')",
    "pragma_table_info('cases')",
    "load_extension('x')",
    "randomblob(16)",
    "zeroblob(10)",
    "WHERE",
    "1=1",
    "OR",
    "UNION ALL",
    "SELECT 1",
    "x AS (SELECT 1)",
    "r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r)",
    "(",
    ")",
    ",",
    ";",
    "; DELETE FROM cases",
    "INSERT INTO cases VALUES (1)",
    "ATTACH 'other.db' AS o",
    "DETACH main",
    "PRAGMA writable_schema=1",
    "EXPLAIN",
    "BEGIN",
    "VACUUM",
    "CREATE TABLE t(x)",
    "'",
    "\"",
    "`",
    "[x",
    "--",
    "/*",
    "*/",
    "?",
    "?999999",
    ":name",
    "@x",
    "$y",
    "x'00'",
    "9223372036854775808",
    "1e999",
    "ORDER BY 1",
    "LIMIT -1",
    "GROUP BY",
    "ḟàçïłïţý",
    "\u{0}",
];

#[test]
fn sql_session_statements_survive_arbitrary_text() {
    let t = target();
    let fragments =
        prop::collection::vec(prop::sample::select(SQL_FRAGMENTS.to_vec()), 0..10).prop_map(|v| v.join(" "));
    let statement = prop_oneof![
        6 => fragments,
        2 => "\\PC{0,60}",
        1 => fragments_prefixed(),
    ];
    let params = prop::collection::vec(leaf(t.pool.clone()), 0..3);
    runner(cases(96))
        .run(&(statement, params, any::<u8>()), |(sql, params, actor)| {
            let Ok(mut session) = t.scope(actor).open_sql_session() else { return Ok(()) };
            session.set_time_limit(Duration::from_millis(100));
            t.check(&format!("sql {sql:?} {params:?}"), false, || session.query(&sql, &params))
        })
        .unwrap();
}

/// Statements that pass the first-token check (`SELECT …`/`WITH …`) and so reach SQLite's parser and the
/// authorizer.
fn fragments_prefixed() -> BoxedStrategy<String> {
    (
        prop::sample::select(vec!["SELECT", "WITH", "select", "  WITH RECURSIVE"]),
        prop::collection::vec(prop::sample::select(SQL_FRAGMENTS.to_vec()), 1..8),
    )
        .prop_map(|(head, rest)| format!("{head} {}", rest.join(" ")))
        .boxed()
}
