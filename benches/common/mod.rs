//! The setup the store benchmarks share: a file store in a temporary directory with one provisioned facility
//! (New York), its admin and user, surgeons, rooms and procedures made through the public API. The history
//! itself is bulk inserted by each bench, in the layout it measures.
#![allow(dead_code)] // each bench uses part of it

use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{FacilityTarget, NewFacility, NewUser, Orbit, ProvisionConfig, Scope};
use serde_json::json;

/// A facility in a fresh file store.
pub struct Facility {
    /// Keeps the directory alive.
    pub dir: tempfile::TempDir,
    /// The database file.
    pub path: std::path::PathBuf,
    /// The store.
    pub orbit: Orbit,
    /// The facility id.
    pub f: String,
    /// A facility admin.
    pub admin: Scope,
    /// A user (member without admin rights).
    pub user: Scope,
    /// Surgeon ids.
    pub surgeons: Vec<String>,
    /// Room ids (R0, R1, …).
    pub rooms: Vec<String>,
    /// Procedure type ids (P0, P1, …).
    pub procedures: Vec<String>,
}

/// `{…}` as a JSON object.
pub fn obj(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    v.as_object().unwrap().clone()
}

/// A provisioned facility with `surgeons` surgeons ("S{i}" "S{i}-last"), `rooms` rooms and `procedures`
/// procedure types.
pub fn facility(surgeons: usize, rooms: usize, procedures: usize) -> Facility {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let orbit = Orbit::open(&path).unwrap();
    let ga = orbit
        .bootstrap_global_admin(NewUser { first_name: "G".into(), last_name: "A".into(), ..Default::default() })
        .unwrap();
    let g = orbit.as_user(&ga.id).unwrap();
    let nf = NewFacility { name: "F".into(), ..Default::default() };
    let f = g.provision_facility(FacilityTarget::New(nf), ProvisionConfig::default()).unwrap().facility_id;
    let member = |level: &str, role: Option<&str>, name: &str| {
        g.create_user(NewUser {
            facility_id: Some(f.clone()),
            access_level: Some(level.into()),
            role: role.map(str::to_string),
            first_name: name.into(),
            last_name: format!("{name}-last"),
            ..Default::default()
        })
        .unwrap()
        .id
    };
    let admin = orbit.as_user(&member("facility_admin", None, "Ada")).unwrap();
    let user = orbit.as_user(&member("user", None, "Uma")).unwrap();
    let surgeons = (0..surgeons).map(|i| member("user", Some("surgeon"), &format!("S{i}"))).collect();
    let rooms =
        (0..rooms).map(|i| id(admin.create(RefTable::OrRooms, &obj(json!({"name": format!("R{i}")}))))).collect();
    let procedures = (0..procedures)
        .map(|i| id(admin.create(RefTable::ProcedureTypes, &obj(json!({"name": format!("P{i}")})))))
        .collect();
    Facility { dir, path, orbit, f, admin, user, surgeons, rooms, procedures }
}

/// The id of a created record.
pub fn id(r: orbit_core::Result<orbit_core::reference::Record>) -> String {
    r.unwrap()["id"].as_str().unwrap().to_string()
}

impl Facility {
    /// The ids of the facility's milestones `names`, in that order.
    pub fn milestones(&self, names: &[&str]) -> Vec<String> {
        let all = self.admin.list(RefTable::FacilityMilestones, &ListOptions::default()).unwrap();
        names.iter().map(|n| id(Ok(all.iter().find(|m| m["name"] == *n).unwrap().clone()))).collect()
    }

    /// Copies the built store to `ORBIT_BENCH_KEEP` when set (to study query plans on it).
    pub fn keep_copy(&self, raw: &rusqlite::Connection) {
        if let Ok(copy) = std::env::var("ORBIT_BENCH_KEEP") {
            raw.execute("VACUUM INTO ?1", [&copy]).unwrap();
            eprintln!("store copied to {copy}");
        }
    }
}

/// The rows one piece of work inserted, captured to be written again with plain prepared INSERTs: the floor
/// the pipeline is compared with ("the same rows, raw SQLite").
pub struct CapturedRows {
    /// (table, column names, values) of every row inserted, in insertion order per table.
    rows: Vec<(String, Vec<String>, Vec<rusqlite::types::Value>)>,
    /// The `id` values of the captured rows (renamed in every copy, with every value that refers to them).
    ids: std::collections::HashSet<String>,
}

/// Runs `work` and captures the rows it inserted: those whose rowid is above each table's maximum before.
/// (Rows it only updated are not part of the floor, which flatters the floor, not the pipeline.)
pub fn capture_inserted_rows(conn: &rusqlite::Connection, work: impl FnOnce()) -> CapturedRows {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let max_rowid = |t: &str| -> i64 {
        conn.query_row(&format!("SELECT coalesce(max(rowid), 0) FROM \"{t}\""), [], |r| r.get(0)).unwrap()
    };
    let before: Vec<(String, i64)> = tables.iter().map(|t| (t.clone(), max_rowid(t))).collect();
    work();
    let mut captured = CapturedRows { rows: Vec::new(), ids: Default::default() };
    for (t, max) in before {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" WHERE rowid > ?1 ORDER BY rowid")).unwrap();
        let cols: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let mut q = stmt.query([max]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let vals: Vec<rusqlite::types::Value> = (0..cols.len()).map(|i| r.get(i).unwrap()).collect();
            if let Some(i) = cols.iter().position(|c| c == "id")
                && let rusqlite::types::Value::Text(id) = &vals[i]
            {
                captured.ids.insert(id.clone());
            }
            captured.rows.push((t.clone(), cols.clone(), vals));
        }
    }
    captured
}

impl CapturedRows {
    /// How many rows one copy writes.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Writes copy `k` of the captured rows with prepared INSERTs (cached statements) in the caller's
    /// transaction: every captured id, and every value equal to one, gets a fresh id for this copy, and
    /// `case_number` a per-copy suffix, so each copy is a distinct, consistent set of rows.
    pub fn insert_copy(&self, conn: &rusqlite::Connection, k: usize) {
        use rusqlite::types::Value;
        let fresh: std::collections::HashMap<&str, String> =
            self.ids.iter().map(|id| (id.as_str(), orbit_core::values::new_id())).collect();
        for (table, cols, vals) in &self.rows {
            let names = cols.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
            let marks = vec!["?"; cols.len()].join(", ");
            let mut stmt = conn.prepare_cached(&format!("INSERT INTO \"{table}\" ({names}) VALUES ({marks})")).unwrap();
            let row: Vec<Value> = cols
                .iter()
                .zip(vals)
                .map(|(c, v)| match v {
                    Value::Text(s) if c == "case_number" => Value::Text(format!("{s}-floor-{k}")),
                    Value::Text(s) => fresh.get(s.as_str()).map_or_else(|| v.clone(), |n| Value::Text(n.clone())),
                    _ => v.clone(),
                })
                .collect();
            stmt.execute(rusqlite::params_from_iter(row)).unwrap();
        }
    }
}
