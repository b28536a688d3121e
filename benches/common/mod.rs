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
