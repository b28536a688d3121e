//! Tenant isolation, adversarially (issue "Reliability and security", property 4).
//!
//! A seeded random scenario: three facilities, users of every access level (global_admin, facility_admin,
//! coordinator, user) and a device rep granted one facility (and merely invited by a second), random case
//! work through the public API interleaved with cross-tenant write attempts (each must fail and write
//! nothing). Then every read path we can enumerate is asked, as every user, for everything in the store:
//! `facilities`, `list`/`get` of every reference table (`RefTable::ALL`), every case and its per-case reads,
//! every facility-parameterised read of the operation table (stats aggregates, KPIs, scores, flags,
//! scheduling, financials, audit…), and every relation of the scoped SQL session. Each answer may hold
//! only rows of the facilities that user may see (device reps: only the §6.5 projection).
//!
//! Escort tokens: random and guessed tokens (near misses of a real token included) are `NotFound` with the
//! one fixed message; tokens are unique and 192-bit random; they expire and can be revoked. The token is
//! never compared in Rust: `escort_status` hashes the presented string (SHA-256) and looks the hash up
//! through the `escort_status_links.token_hash` index, so response time does not depend on how many leading
//! characters of a real token a guess shares (a B-tree lookup over hashes leaks at most where an unrelated
//! hash value sorts, which reveals nothing usable about any token).
//!
//! Bounded by default (2 seeds × 60 operations, 256 random escort guesses); `ORBIT_FUZZ_CASES=<n>` runs n seeds
//! (3× the operations per seed, n × 256 guesses) for release checks, `ORBIT_FUZZ_SEED=<s>` replays one seed. Each run prints its seed.

mod common;

use common::rng::Rng;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use common::Fixture;
use common::w::{at, obj};
use orbit_core::api::invoke;
use orbit_core::patient_flow::escort::LINK_NOT_FOUND;
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{ErrorKind, ManualClock, Scope};
use rusqlite::Connection;
use serde_json::{Value, json};

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn call(scope: &Scope, op: &str, args: Value) -> Value {
    invoke(scope, op, &args).unwrap_or_else(|e| panic!("{op} {args}: {e}"))
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}")).to_string()
}

const MILESTONES: [&str; 4] = ["patient_in", "incision", "closing", "patient_out"];
const DATES: [&str; 3] = ["2026-02-10", "2026-02-11", "2026-02-12"];

struct Fac {
    id: String,
    admin: Scope,
    coordinator: Scope,
    user: Scope,
    surgeon: String,
    room: String,
    procedure: String,
    milestones: BTreeMap<String, String>,
    cases: Vec<String>,
}

impl Fac {
    fn member(&self, rng: &mut Rng) -> &Scope {
        match rng.below(3) {
            0 => &self.admin,
            1 => &self.coordinator,
            _ => &self.user,
        }
    }
}

struct World {
    fx: Fixture,
    clock: Arc<ManualClock>,
    ga: Scope,
    facs: Vec<Fac>,
    company: String,
    rep: Scope,
    rep_id: String,
    /// Per case: its facility index and the next milestone to record.
    progress: BTreeMap<String, (usize, usize)>,
    numbers: usize,
}

/// A viewer: a scope, its level, and the facilities it may see.
struct Viewer<'a> {
    name: String,
    scope: &'a Scope,
    level: &'static str,
    user_id: String,
    permitted: BTreeSet<String>,
}

fn world() -> World {
    let (fx, clock) = Fixture::with_clock(at("2026-02-09T15:00:00Z"));
    let ga = fx.global_admin();
    let company = s(&ga.create(RefTable::ImplantCompanies, &obj(json!({"name": "Stryker"}))).unwrap()["id"]);
    let mut facs = Vec::new();
    for name in ["Alpha", "Beta", "Gamma"] {
        let id = fx.facility(name);
        let (_, admin) = fx.member(&id, "facility_admin", &format!("{name}Admin"));
        let (_, coordinator) = fx.member(&id, "coordinator", &format!("{name}Coord"));
        let (_, user) = fx.member(&id, "user", &format!("{name}User"));
        let surgeon = call(
            &ga,
            "create_user",
            json!({"user": {"facility_id": id, "role": "surgeon", "first_name": name, "last_name": "Surgeon"}}),
        );
        let room = s(&admin.create(RefTable::OrRooms, &obj(json!({"name": format!("{name} OR1")}))).unwrap()["id"]);
        let procedure =
            s(&admin.create(RefTable::ProcedureTypes, &obj(json!({"name": format!("{name} knee")}))).unwrap()["id"]);
        let milestones = admin
            .list(RefTable::FacilityMilestones, &ListOptions::default())
            .unwrap()
            .into_iter()
            .map(|m| (s(&m["name"]), s(&m["id"])))
            .collect();
        facs.push(Fac {
            id,
            admin,
            coordinator,
            user,
            surgeon: s(&surgeon["id"]),
            room,
            procedure,
            milestones,
            cases: Vec::new(),
        });
    }
    // The rep: invited and accepted by Alpha, only invited by Beta, unknown to Gamma.
    let invite = call(
        &facs[0].admin,
        "invite_device_rep",
        json!({"rep": {"first_name": "Rey", "last_name": "Rep", "implant_company_id": company}}),
    );
    let rep_id = s(&invite["user_id"]);
    let rep = fx.orbit.as_user(&rep_id).unwrap();
    call(&rep, "accept_device_rep_invitation", json!({"facility_id": facs[0].id}));
    call(&facs[1].admin, "invite_device_rep", json!({"user_id": rep_id}));
    World { fx, clock, ga, facs, company, rep, rep_id, progress: BTreeMap::new(), numbers: 0 }
}

impl World {
    fn viewers(&self) -> Vec<Viewer<'_>> {
        let all: BTreeSet<String> = self.facs.iter().map(|f| f.id.clone()).collect();
        let mut v = vec![Viewer {
            name: "global_admin".into(),
            user_id: self.fx.admin.id.clone(),
            scope: &self.ga,
            level: "global_admin",
            permitted: all,
        }];
        for f in &self.facs {
            for (level, scope) in [("facility_admin", &f.admin), ("coordinator", &f.coordinator), ("user", &f.user)] {
                v.push(Viewer {
                    name: format!("{level} of {}", f.id),
                    user_id: scope.context().unwrap().user_id.unwrap(),
                    scope,
                    level,
                    permitted: BTreeSet::from([f.id.clone()]),
                });
            }
        }
        v.push(Viewer {
            name: "device_rep".into(),
            user_id: self.rep_id.clone(),
            scope: &self.rep,
            level: "device_rep",
            permitted: BTreeSet::from([self.facs[0].id.clone()]),
        });
        v
    }

    fn new_case(&mut self, rng: &mut Rng) {
        let fi = rng.below(self.facs.len());
        let assign = rng.below(2) == 0;
        self.new_case_in(fi, assign, rng);
    }

    fn new_case_in(&mut self, fi: usize, assign: bool, rng: &mut Rng) {
        self.numbers += 1;
        let f = &self.facs[fi];
        let scope = f.member(rng);
        let hour = 7 + rng.below(8);
        let case = call(
            scope,
            "create_case",
            json!({"case": {"case_number": format!("N{}", self.numbers), "scheduled_date": rng.pick(&DATES),
                "start_time": format!("{hour:02}:00"), "or_room_id": f.room, "surgeon_id": f.surgeon,
                "procedure_type_id": f.procedure}}),
        );
        let case = s(&case);
        if assign {
            call(scope, "assign_company", json!({"case_id": case, "implant_company_id": self.company}));
        }
        self.facs[fi].cases.push(case.clone());
        self.progress.insert(case, (fi, 0));
    }

    fn record(&mut self, rng: &mut Rng) {
        let open: Vec<String> = self.progress.iter().filter(|(_, (_, n))| *n < 4).map(|(c, _)| c.clone()).collect();
        if open.is_empty() {
            return;
        }
        let case = rng.pick(&open).clone();
        self.record_case(&case, rng);
    }

    fn record_case(&mut self, case: &str, rng: &mut Rng) {
        let (fi, n) = self.progress[case];
        let f = &self.facs[fi];
        let date: String =
            self.fx.raw().query_row("SELECT scheduled_date FROM cases WHERE id = ?1", [case], |r| r.get(0)).unwrap();
        // 13:00Z + 40 min per step: after the earliest start in New York.
        self.clock.set(at(&format!("{date}T13:00:00Z")) + (n as i64) * 40 * 60_000);
        let m = &f.milestones[MILESTONES[n]];
        call(f.member(rng), "record_milestone", json!({"case_id": case, "facility_milestone_id": m}));
        self.progress.insert(case.to_string(), (fi, n + 1));
    }

    fn content(&self) -> String {
        common::content(&self.fx.raw())
    }

    /// A member of one facility aims a write at another facility's rows: refused, nothing written.
    fn cross_tenant_write(&self, rng: &mut Rng) {
        let a = rng.below(self.facs.len());
        let b = (a + 1 + rng.below(self.facs.len() - 1)) % self.facs.len();
        let (fa, fb) = (&self.facs[a], &self.facs[b]);
        let actor = fa.member(rng);
        let Some(case) = fb.cases.first() else { return };
        let attempts = [
            ("record_milestone", json!({"case_id": case, "facility_milestone_id": fb.milestones["patient_in"]})),
            ("update_case", json!({"case_id": case, "patch": {"notes": "mine now"}})),
            ("cancel_case", json!({"case_id": case})),
            ("delete_case", json!({"case_id": case})),
            ("add_staff", json!({"case_id": case, "user_id": fa.surgeon, "role": "surgeon"})),
            ("assign_company", json!({"case_id": case, "implant_company_id": self.company})),
            ("exclude_case", json!({"case_id": case, "reason": "x"})),
            ("create", json!({"table": "or_rooms", "fields": {"facility_id": fb.id, "name": "Stolen"}})),
            ("update", json!({"table": "or_rooms", "id": fb.room, "fields": {"name": "Renamed"}})),
            ("archive", json!({"table": "procedure_types", "id": fb.procedure})),
            ("update", json!({"table": "facilities", "id": fb.id, "fields": {"name": "Taken"}})),
            (
                "create_case",
                json!({"case": {"facility_id": fb.id, "case_number": "X1", "scheduled_date": "2026-02-10"}}),
            ),
            (
                "create_case",
                json!({"case": {"case_number": "X2", "scheduled_date": "2026-02-10", "or_room_id": fb.room}}),
            ),
            ("ensure_checkin_records", json!({"facility_id": fb.id, "date": "2026-02-10"})),
            ("refresh_stats", json!({"facility_id": fb.id})),
            ("seed_facility_flag_rules", json!({"facility_id": fb.id})),
            ("purge_case_data", json!({"facility_id": fb.id})),
            ("set_financial_target", json!({"facility_id": fb.id, "year": 2026, "month": 2, "profit_target": 1})),
            ("revoke_device_rep", json!({"facility_id": self.facs[0].id, "user_id": self.rep_id})),
        ];
        let (op, args) = rng.pick(&attempts);
        if *op == "revoke_device_rep" && a == 0 {
            return;
        }
        let before = self.content();
        let e = invoke(actor, op, args).expect_err(&format!("{op} {args} across tenants succeeded"));
        assert!(
            matches!(e.kind(), ErrorKind::NotFound | ErrorKind::PermissionDenied | ErrorKind::InvalidInput),
            "{op} {args}: unexpected kind {:?} ({e})",
            e.kind()
        );
        assert_eq!(self.content(), before, "{op} {args}: a refused cross-tenant write changed the store");
        // The rep may not touch trays of a facility it was never granted.
        if let Some(case) = self.facs[1].cases.first() {
            let before = self.content();
            let r = invoke(
                &self.rep,
                "tray_action",
                &json!({"case_id": case, "implant_company_id": self.company, "action": "confirm"}),
            );
            assert!(r.is_err(), "rep tray action in an ungranted facility succeeded");
            assert_eq!(self.content(), before);
        }
    }
}

fn has_column(raw: &Connection, table: &str, column: &str) -> bool {
    raw.prepare(&format!("SELECT 1 FROM pragma_table_info('{table}') WHERE name = ?1"))
        .unwrap()
        .exists([column])
        .unwrap()
}

fn strings(raw: &Connection, sql: &str) -> Vec<(String, Option<String>)> {
    raw.prepare(sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Facility ids found in a JSON result: every `facility_id` member at any depth.
fn facility_ids(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if let (true, Value::String(f)) = (k == "facility_id", x) {
                    out.insert(f.clone());
                }
                facility_ids(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| facility_ids(x, out)),
        _ => {}
    }
}

fn refused(r: &orbit_core::Result<Value>) -> bool {
    matches!(r, Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::PermissionDenied))
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// The device-rep columns of `cases` (data-model.md §6.5).
const REP_CASE_COLUMNS: &[&str] = &[
    "id",
    "facility_id",
    "case_number",
    "scheduled_date",
    "start_time",
    "or_room_id",
    "procedure_type_id",
    "status_id",
    "surgeon_id",
    "operative_side",
    "rep_required_override",
    "cancelled_at",
    "created_at",
    "updated_at",
];

fn check_reads(w: &World, seed: u64) {
    let raw = w.fx.raw();
    let all_facilities: BTreeSet<String> = w.facs.iter().map(|f| f.id.clone()).collect();
    // Cases a rep may see: granted facility, not a draft, the rep's company assigned.
    let rep_cases: BTreeSet<String> = strings(
        &raw,
        "SELECT c.id, NULL FROM cases c WHERE c.facility_id IN (SELECT facility_id FROM device_rep_facility_access)
           AND c.is_draft = 0 AND EXISTS (SELECT 1 FROM case_implant_companies k WHERE k.case_id = c.id)",
    )
    .into_iter()
    .map(|(c, _)| c)
    .collect();
    assert!(!rep_cases.is_empty(), "seed {seed}: the rep sees no case, so its projection went untested");
    let completed: i64 = raw.query_row("SELECT count(*) FROM case_completion_stats", [], |r| r.get(0)).unwrap();
    assert!(completed > 0, "seed {seed}: no completed case");
    let cases = strings(&raw, "SELECT id, facility_id FROM cases");
    for v in w.viewers() {
        let ctx = format!("seed {seed}, {}", v.name);
        let allowed = |f: &str| v.permitted.contains(f);

        // facilities
        let listed = call(v.scope, "facilities", json!({}));
        let seen: BTreeSet<String> = listed.as_array().unwrap().iter().map(|f| s(&f["id"])).collect();
        assert_eq!(seen, v.permitted, "{ctx}: facilities");

        // Every reference table: list shows only permitted rows; get of a foreign row is refused.
        for &table in RefTable::ALL {
            let name = table.as_str();
            let list = v.scope.list(table, &ListOptions { include_archived: true, ..ListOptions::default() });
            let rows = match list {
                Ok(rows) => rows,
                Err(e) => {
                    assert!(
                        matches!(e.kind(), ErrorKind::PermissionDenied | ErrorKind::NotFound),
                        "{ctx}: list {name}: {e}"
                    );
                    Vec::new()
                }
            };
            for r in &rows {
                let f = if table == RefTable::Facilities { r.get("id") } else { r.get("facility_id") };
                if let Some(Value::String(f)) = f {
                    assert!(allowed(f), "{ctx}: list {name} shows a row of facility {f}");
                }
                if v.level == "device_rep" && table == RefTable::Users {
                    let own = r["id"] == json!(v.user_id);
                    assert!(own || r.get("facility_id").is_some_and(|f| f.is_string()), "{ctx}: rep sees user {r:?}");
                    if !own {
                        let mut keys: Vec<&str> = r.keys().map(String::as_str).collect();
                        keys.sort_unstable();
                        for k in keys {
                            assert!(
                                ["id", "facility_id", "role_id", "first_name", "last_name", "is_active"].contains(&k),
                                "{ctx}: rep sees users.{k}"
                            );
                        }
                    }
                }
            }
            let (key, filter) = if table == RefTable::Facilities {
                ("id", "id")
            } else if has_column(&raw, name, "facility_id") {
                ("id", "facility_id")
            } else {
                continue;
            };
            for (id, f) in strings(&raw, &format!("SELECT {key}, {filter} FROM \"{name}\" WHERE {filter} IS NOT NULL"))
            {
                let f = f.unwrap();
                if !allowed(&f) {
                    let r = v.scope.get(table, &id);
                    assert!(r.is_err(), "{ctx}: get {name} {id} of facility {f} succeeded");
                }
            }
        }

        // Cases and their per-case reads.
        for (case, f) in &cases {
            let f = f.as_deref().unwrap();
            let visible = match v.level {
                "global_admin" => true,
                "device_rep" => rep_cases.contains(case),
                _ => allowed(f),
            };
            let got = invoke(v.scope, "get_case", &json!({"case_id": case}));
            assert_eq!(got.is_ok(), visible, "{ctx}: get_case of a case of {f}: {got:?}");
            if let (Ok(c), "device_rep") = (&got, v.level) {
                for k in c.as_object().unwrap().keys() {
                    assert!(REP_CASE_COLUMNS.contains(&k.as_str()), "{ctx}: rep sees cases.{k}");
                }
            }
            if allowed(f) && v.level != "device_rep" {
                continue;
            }
            for op in [
                "case_milestones",
                "case_flags",
                "case_stats",
                "case_checkin",
                "case_staff",
                "case_delays",
                "case_issues",
                "case_pace",
                "case_phase_durations",
                "project_case",
                "compare_case_financials",
                "case_financial_summary",
                "case_tray_status",
            ] {
                let r = invoke(v.scope, op, &json!({"case_id": case}));
                let ok = refused(&r) || (v.level == "device_rep" && allowed(f) && r.as_ref().is_ok_and(empty));
                // A rep reads tray status of its visible cases (§6.5); nothing else per case.
                let rep_trays = v.level == "device_rep" && op == "case_tray_status" && visible;
                assert!(ok || rep_trays, "{ctx}: {op} of a case of {f}: {r:?}");
            }
        }

        // Facility-parameterised reads, aimed at every facility the viewer may not see.
        for fac in w.facs.iter().filter(|x| !allowed(&x.id)) {
            let f = &fac.id;
            let mut reads = vec![
                ("facility", json!({"facility_id": f})),
                ("device_rep_links", json!({"facility_id": f})),
                ("checkin_board", json!({"facility_id": f, "date": "2026-02-10"})),
                ("spd_case_summary", json!({"facility_id": f, "start_date": "2026-02-01", "end_date": "2026-02-28"})),
                ("trays_needing_reminder", json!({"facility_id": f})),
                ("financial_targets", json!({"facility_id": f, "year": 2026})),
                ("target_progress", json!({"facility_id": f, "year": 2026, "month": 2})),
                (
                    "financial_analytics",
                    json!({"facility_id": f, "start_date": "2026-02-01", "end_date": "2026-02-28"}),
                ),
                ("milestone_interval_medians", json!({"facility_id": f, "procedure_type_id": fac.procedure})),
                ("phase_medians", json!({"facility_id": f, "procedure_type_id": fac.procedure})),
                ("metric_catalog", json!({"facility_id": f})),
                ("flag_rules", json!({"facility_id": f})),
                ("flag_analytics", json!({"facility_id": f, "start_date": "2026-02-01", "end_date": "2026-02-28"})),
                (
                    "compute_orbit_scores",
                    json!({"facility_id": f, "start_date": "2026-02-01", "end_date": "2026-02-28"}),
                ),
                ("compute_surgeon_scorecard", json!({"facility_id": f, "surgeon_id": fac.surgeon})),
                ("surgeon_improvement_plan", json!({"facility_id": f, "surgeon_id": fac.surgeon})),
                ("latest_surgeon_scorecards", json!({"facility_id": f})),
                ("facility_kpis", json!({"facility_id": f, "start_date": "2026-02-01", "end_date": "2026-02-28"})),
                ("facility_score", json!({"facility_id": f, "start_date": "2026-02-01", "end_date": "2026-02-28"})),
                ("block_utilization", json!({"facility_id": f, "start_date": "2026-02-01", "end_date": "2026-02-28"})),
                ("day_status", json!({"facility_id": f, "date": "2026-02-10"})),
                ("block_occurrences", json!({"facility_id": f, "start_date": "2026-02-01", "end_date": "2026-02-28"})),
                ("available_time", json!({"facility_id": f, "start_date": "2026-02-01", "end_date": "2026-02-28"})),
                (
                    "resolve_template",
                    json!({"facility_id": f, "surgeon_id": fac.surgeon, "procedure_type_id": fac.procedure}),
                ),
                ("full_day_financials", json!({"facility_id": f, "surgeon_id": fac.surgeon, "date": "2026-02-10"})),
                ("surgeon_day_indicators", json!({"surgeon_id": fac.surgeon, "date": "2026-02-10"})),
                ("procedure_pricing", json!({"procedure_type_id": fac.procedure})),
                ("procedure_pricing_history", json!({"procedure_type_id": fac.procedure})),
                ("surgeon_overrides", json!({"surgeon_id": fac.surgeon})),
            ];
            for relation in orbit_core::stats::aggregates::RELATIONS {
                reads.push(("aggregate_stats", json!({"relation": relation, "facility_id": f})));
            }
            if v.level == "device_rep" {
                // Its own invitation rows (pending ones included) are the rep's to read (§6.5).
                let links = call(v.scope, "device_rep_links", json!({"facility_id": f}));
                for l in links.as_array().unwrap() {
                    assert_eq!(l["user_id"], json!(v.user_id), "{ctx}: rep sees another rep's link");
                }
                reads.retain(|(op, _)| *op != "device_rep_links");
            }
            for (op, args) in reads {
                // Refused, or an empty answer (nothing of the facility shown).
                let r = invoke(v.scope, op, &args);
                assert!(refused(&r) || r.as_ref().is_ok_and(empty), "{ctx}: {op} {args} of a foreign facility: {r:?}");
            }
            // A facility filter on list / audit of a foreign facility shows nothing of it.
            for (op, args) in [
                ("list", json!({"table": "or_rooms", "facility_id": f})),
                ("list", json!({"table": "flag_rules", "facility_id": f})),
                ("audit_log", json!({"facility_id": f, "limit": 10_000})),
            ] {
                let r = invoke(v.scope, op, &args);
                if let Ok(rows) = &r {
                    let mut seen = BTreeSet::new();
                    facility_ids(rows, &mut seen);
                    assert!(!seen.contains(f), "{ctx}: {op} {args} shows rows of {f}");
                }
            }
        }

        // Whole-store reads without a facility argument.
        for (op, args) in [
            ("audit_log", json!({"limit": 10_000})),
            ("device_rep_links", json!({})),
            ("flag_rules", json!({"include_archived": true})),
            ("metric_catalog", json!({})),
        ] {
            if let Ok(r) = invoke(v.scope, op, &args) {
                if v.level == "device_rep" && op == "device_rep_links" {
                    for l in r.as_array().unwrap() {
                        assert_eq!(l["user_id"], json!(v.user_id), "{ctx}: rep sees another rep's link");
                    }
                    continue;
                }
                let mut seen = BTreeSet::new();
                facility_ids(&r, &mut seen);
                assert!(seen.is_subset(&v.permitted), "{ctx}: {op} shows facilities {seen:?}");
            }
        }

        // The scoped SQL session: every relation, every row.
        let mut session = v.scope.open_sql_session().unwrap();
        for rel in session.relations() {
            assert!(!rel.columns.iter().any(|c| c == "token_hash"), "{ctx}: {} exposes token_hash", rel.name);
            let q = session.query(&format!("SELECT * FROM \"{}\"", rel.name), &[]).unwrap();
            let fcol = if rel.name == "facilities" {
                q.columns.iter().position(|c| c == "id")
            } else {
                q.columns.iter().position(|c| c == "facility_id")
            };
            // Own rows (a rep's invitations and grants, one's own audit rows) may name any facility.
            let own_rows =
                ["facility_device_reps", "device_rep_facility_access", "audit_log"].contains(&rel.name.as_str());
            let ucol = q.columns.iter().position(|c| c == "user_id").filter(|_| own_rows);
            if let Some(i) = fcol {
                for row in &q.rows {
                    if ucol.is_some_and(|u| row[u] == json!(v.user_id)) {
                        continue;
                    }
                    if let Value::String(f) = &row[i] {
                        assert!(allowed(f), "{ctx}: session {} shows a row of facility {f}", rel.name);
                    }
                }
            }
            if rel.name == "cases" {
                let id = q.columns.iter().position(|c| c == "id").unwrap();
                let seen: BTreeSet<String> = q.rows.iter().map(|r| s(&r[id])).collect();
                let expected: BTreeSet<String> = cases
                    .iter()
                    .filter(|(c, f)| match v.level {
                        "global_admin" => true,
                        "device_rep" => rep_cases.contains(c),
                        _ => allowed(f.as_deref().unwrap()),
                    })
                    .map(|(c, _)| c.clone())
                    .collect();
                assert_eq!(seen, expected, "{ctx}: session cases");
                if v.level == "device_rep" {
                    for c in &q.columns {
                        assert!(REP_CASE_COLUMNS.contains(&c.as_str()), "{ctx}: session shows rep cases.{c}");
                    }
                }
            }
        }
        // The session cannot reach outside its relations.
        for sql in
            ["SELECT * FROM main.cases", "SELECT * FROM sqlite_schema", "ATTACH 'x.db' AS x", "PRAGMA database_list"]
        {
            assert!(session.query(sql, &[]).is_err(), "{ctx}: session ran {sql}");
        }
    }
    let _ = all_facilities;
}

fn run_seed(seed: u64, ops: usize) {
    eprintln!("tenant_isolation seed {seed} ({ops} operations); replay with ORBIT_FUZZ_SEED={seed}");
    let mut rng = Rng(seed);
    let mut w = world();
    // Every facility starts with a case of the rep's company (visible to the rep only in Alpha), and one
    // case runs to completion (stats rows, flags).
    for fi in 0..w.facs.len() {
        w.new_case_in(fi, true, &mut rng);
    }
    let first = w.facs[0].cases[0].clone();
    for _ in 0..4 {
        w.record_case(&first, &mut rng);
    }
    for _ in 0..ops {
        match rng.below(10) {
            0..=2 => w.new_case(&mut rng),
            3..=6 => w.record(&mut rng),
            _ => w.cross_tenant_write(&mut rng),
        }
    }
    check_reads(&w, seed);
}

#[test]
fn random_operations_never_leak_rows_across_tenants() {
    if let Some(seed) = env_u64("ORBIT_FUZZ_SEED") {
        return run_seed(seed, 60);
    }
    let long = env_u64("ORBIT_FUZZ_CASES");
    let seeds = long.unwrap_or(2);
    let ops = if long.is_some() { 180 } else { 60 };
    for i in 0..seeds {
        run_seed(0x0A11_CE00 + i, ops);
    }
}

#[test]
fn escort_tokens_cannot_be_guessed_and_expire() {
    let mut rng = Rng(env_u64("ORBIT_FUZZ_SEED").unwrap_or(7));
    let mut w = world();
    w.new_case(&mut rng);
    let case = w.facs.iter().find_map(|f| f.cases.first().cloned()).unwrap();
    let f = &w.facs[w.progress[&case].0];
    let checkin = s(&call(&f.user, "case_checkin", json!({"case_id": case}))["id"]);
    let link = call(&f.user, "generate_escort_link", json!({"checkin_id": checkin}));
    let token = s(&link["token"]);
    let anon = w.fx.orbit.anonymous();
    call(&anon, "escort_status", json!({"token": token}));

    let not_found = |t: &str| {
        let e = invoke(&anon, "escort_status", &json!({"token": t})).expect_err(t);
        assert_eq!((e.kind(), e.to_string()), (ErrorKind::NotFound, LINK_NOT_FOUND.to_string()), "{t:?}");
    };
    // Near misses of the real token.
    let alphabet: Vec<char> = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".chars().collect();
    for i in 0..token.len() {
        let mut t: Vec<char> = token.chars().collect();
        t[i] = if t[i] == 'A' { 'B' } else { 'A' };
        not_found(&t.into_iter().collect::<String>());
    }
    for t in [
        String::new(),
        token[..31].to_string(),
        format!("{token}A"),
        format!(" {token}"),
        token.to_uppercase(),
        token.to_lowercase(),
        orbit_core::patient_flow::escort::token_hash(&token),
        link["id"].as_str().unwrap().to_string(),
        "%".into(),
        "' OR 1=1 --".into(),
        "\u{0}".into(),
    ] {
        if t != token {
            not_found(&t);
        }
    }
    // Random well-formed guesses.
    let guesses = 256 * env_u64("ORBIT_FUZZ_CASES").unwrap_or(1) as usize;
    for _ in 0..guesses {
        let t: String = (0..32).map(|_| *rng.pick(&alphabet)).collect();
        not_found(&t);
    }
    // Tokens are unique (192 random bits each); a new link supersedes the check-in's older ones.
    let mut seen = BTreeSet::from([token.clone()]);
    for _ in 0..64 {
        let t = s(&call(&f.user, "generate_escort_link", json!({"checkin_id": checkin}))["token"]);
        assert_eq!(t.len(), 32);
        assert!(seen.insert(t), "a token repeated");
    }
    not_found(&token);
    // Revoked: gone. Expired: gone, even for the live token.
    let revoked = call(&f.user, "generate_escort_link", json!({"checkin_id": checkin}));
    call(&f.user, "revoke_escort_link", json!({"link_id": revoked["id"]}));
    not_found(&s(&revoked["token"]));
    let live = call(&f.user, "generate_escort_link", json!({"checkin_id": checkin}));
    let (token, expires) = (s(&live["token"]), live["expires_at"].as_i64().unwrap());
    w.clock.set(expires - 1);
    call(&anon, "escort_status", json!({"token": token}));
    w.clock.set(expires);
    not_found(&token);
    // A foreign member can neither list nor revoke the links.
    let other = w.facs.iter().find(|x| x.id != f.id).unwrap();
    assert!(refused(&invoke(&other.admin, "list_escort_links", &json!({"checkin_id": checkin}))));
    assert!(invoke(&other.admin, "revoke_escort_link", &json!({"link_id": link["id"]})).is_err());
    // The stored row holds the hash only.
    let stored: i64 =
        w.fx.raw()
            .query_row("SELECT count(*) FROM escort_status_links WHERE token_hash = ?1", [&token], |r| r.get(0))
            .unwrap();
    assert_eq!(stored, 0);
}
