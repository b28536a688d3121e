//! Named fixtures shared by the integration tests. They call the public API, so the same code paths run.
#![allow(dead_code)]

pub mod rng;
pub mod w;

use orbit_core::{FacilityTarget, NewFacility, NewUser, Orbit, ProvisionConfig, Scope, User};
use rusqlite::Connection;

/// A file store in a temp dir (WAL), plus a raw connection for assertions on stored rows.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub orbit: Orbit,
    pub admin: User,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture::open(orbit_core::OpenOptions::default())
    }

    /// A fixture whose library clock stands at `start_ms` until moved.
    pub fn with_clock(start_ms: i64) -> (Fixture, std::sync::Arc<orbit_core::ManualClock>) {
        let clock = orbit_core::ManualClock::new(start_ms);
        (Fixture::open(orbit_core::OpenOptions::default().with_clock(clock.clone())), clock)
    }

    fn open(options: orbit_core::OpenOptions) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let orbit = Orbit::open_with(dir.path().join("orbit.db"), options).unwrap();
        let admin = orbit
            .bootstrap_global_admin(NewUser {
                first_name: "Grace".into(),
                last_name: "Admin".into(),
                email: Some("grace@orbit.test".into()),
                ..NewUser::default()
            })
            .unwrap();
        Fixture { dir, orbit, admin }
    }

    pub fn raw(&self) -> Connection {
        Connection::open(self.dir.path().join("orbit.db")).unwrap()
    }

    pub fn global_admin(&self) -> Scope {
        self.orbit.as_user(&self.admin.id).unwrap()
    }

    /// Provisions a facility with the default config and returns its id.
    pub fn facility(&self, name: &str) -> String {
        self.global_admin()
            .provision_facility(
                FacilityTarget::New(NewFacility { name: name.into(), ..NewFacility::default() }),
                ProvisionConfig::default(),
            )
            .unwrap()
            .facility_id
    }

    /// Creates a member of `facility_id` with `level` and returns a scope acting as them.
    pub fn member(&self, facility_id: &str, level: &str, first_name: &str) -> (User, Scope) {
        let user = self
            .global_admin()
            .create_user(NewUser {
                facility_id: Some(facility_id.into()),
                access_level: Some(level.into()),
                role: Some("nurse".into()),
                first_name: first_name.into(),
                last_name: "Tester".into(),
                ..NewUser::default()
            })
            .unwrap();
        let scope = self.orbit.as_user(&user.id).unwrap();
        (user, scope)
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.raw().query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

impl Fixture {
    /// Inserts a bare case row directly (the case lifecycle API arrives with its own issue); returns its id.
    pub fn raw_case(&self, facility_id: &str, case_number: &str, is_draft: bool) -> String {
        let id = orbit_core::values::new_id();
        self.raw()
            .execute(
                "INSERT INTO cases (id, facility_id, case_number, scheduled_date, status_id, is_draft, notes,
                     created_at, updated_at)
                 SELECT ?1, ?2, ?3, '2026-03-02', id, ?4, 'private note', 0, 0 FROM case_statuses WHERE name = 'scheduled'",
                rusqlite::params![id, facility_id, case_number, is_draft],
            )
            .unwrap();
        id
    }
}

/// The rows of `sql`, each as `column=value` text, without the `skip` columns.
pub fn rows_text(raw: &Connection, sql: &str, skip: &[&str]) -> Vec<String> {
    let mut stmt = raw.prepare(sql).unwrap();
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    stmt.query_map([], |r| {
        Ok(names
            .iter()
            .enumerate()
            .filter(|(_, n)| !skip.contains(&n.as_str()))
            .map(|(i, n)| format!("{n}={:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
            .collect::<Vec<_>>()
            .join(" "))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// The names of the store's tables (SQLite's own left out), in name order.
pub fn table_names(raw: &Connection) -> Vec<String> {
    raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// A fingerprint of every row of every table of `raw` (for "a refused call writes nothing").
pub fn content(raw: &Connection) -> String {
    let tables = table_names(raw);
    let mut out = String::new();
    for t in tables {
        let mut stmt = raw.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            out.push_str(&t);
            for i in 0..n {
                out.push_str(&format!("|{:?}", row.get_ref(i).unwrap()));
            }
            out.push('\n');
        }
    }
    out
}
