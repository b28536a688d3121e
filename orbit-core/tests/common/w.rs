//! Setup W of lifecycle-and-stats.md §7 and helpers shared by the lifecycle tests.
#![allow(dead_code)]

use std::collections::BTreeMap;

use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::values::parse_rfc3339;
use orbit_core::{ManualClock, NewCase, Scope};
use serde_json::{Map, Value, json};

use super::Fixture;

pub fn at(s: &str) -> i64 {
    parse_rfc3339("t", s).unwrap()
}

pub fn obj(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

/// Setup W of §7: facility F (New York), room OR1, surgeon S, procedure P, a user U recording.
pub struct W {
    pub fx: Fixture,
    pub clock: std::sync::Arc<ManualClock>,
    pub f: String,
    pub user: Scope,
    pub admin: Scope,
    pub room: String,
    pub surgeon: String,
    pub procedure: String,
    pub milestones: BTreeMap<String, String>,
}

impl W {
    pub fn new(now: &str) -> W {
        let (fx, clock) = Fixture::with_clock(at(now));
        let f = fx.facility("F");
        let (_, admin) = fx.member(&f, "facility_admin", "Ada");
        let (_, user) = fx.member(&f, "user", "Uma");
        let room =
            admin.create(RefTable::OrRooms, &obj(json!({"name": "OR1"}))).unwrap()["id"].as_str().unwrap().to_string();
        let surgeon = fx
            .global_admin()
            .create_user(orbit_core::NewUser {
                facility_id: Some(f.clone()),
                role: Some("surgeon".into()),
                first_name: "Sam".into(),
                last_name: "Surgeon".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        let procedure = admin.create(RefTable::ProcedureTypes, &obj(json!({"name": "P"}))).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let milestones = admin
            .list(RefTable::FacilityMilestones, &ListOptions::default())
            .unwrap()
            .into_iter()
            .map(|m| (m["name"].as_str().unwrap().to_string(), m["id"].as_str().unwrap().to_string()))
            .collect();
        W { fx, clock, f, user, admin, room, surgeon, procedure, milestones }
    }

    /// Another surgeon of F.
    pub fn another_surgeon(&self, first_name: &str) -> String {
        self.fx
            .global_admin()
            .create_user(orbit_core::NewUser {
                facility_id: Some(self.f.clone()),
                role: Some("surgeon".into()),
                first_name: first_name.into(),
                last_name: "Surgeon".into(),
                ..Default::default()
            })
            .unwrap()
            .id
    }

    /// A device rep (company "Stryker") invited by F's admin who accepted F.
    pub fn device_rep(&self) -> Scope {
        let company = self.fx.global_admin().create(RefTable::ImplantCompanies, &obj(json!({"name": "Stryker"})));
        let invite = self
            .admin
            .invite_device_rep(
                None,
                orbit_core::RepInvitee::New(orbit_core::NewDeviceRep {
                    first_name: "Rey".into(),
                    last_name: "Rep".into(),
                    implant_company_id: company.unwrap()["id"].as_str().unwrap().to_string(),
                    ..orbit_core::NewDeviceRep::default()
                }),
            )
            .unwrap();
        let rep = self.fx.orbit.as_user(&invite.user_id).unwrap();
        rep.accept_device_rep_invitation(&self.f).unwrap();
        rep
    }

    pub fn m(&self, name: &str) -> &str {
        &self.milestones[name]
    }

    pub fn case(&self, number: &str, date: &str, start: &str) -> String {
        self.user
            .create_case(NewCase {
                case_number: number.into(),
                scheduled_date: date.into(),
                start_time: Some(start.into()),
                or_room_id: Some(self.room.clone()),
                surgeon_id: Some(self.surgeon.clone()),
                procedure_type_id: Some(self.procedure.clone()),
                ..NewCase::default()
            })
            .unwrap()
    }

    /// Records `milestone` at `when` with the clock set to that instant.
    pub fn record(&self, case: &str, milestone: &str, when: &str) -> orbit_core::RecordOutcome {
        self.clock.set(at(when));
        self.user.record_milestone(case, self.m(milestone), None, None).unwrap()
    }

    pub fn status(&self, case: &str) -> String {
        self.fx
            .raw()
            .query_row(
                "SELECT s.name FROM cases c JOIN case_statuses s ON s.id = c.status_id WHERE c.id = ?1",
                [case],
                |r| r.get(0),
            )
            .unwrap()
    }

    pub fn history(&self, case: &str) -> Vec<(String, Value)> {
        self.fx
            .raw()
            .prepare(
                "SELECT change_type, changed_fields FROM case_history WHERE case_id = ?1 ORDER BY created_at, rowid",
            )
            .unwrap()
            .query_map([case], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .unwrap()
            .map(|r| {
                let (t, f) = r.unwrap();
                (t, serde_json::from_str(&f).unwrap())
            })
            .collect()
    }

    pub fn checkin(&self, case: &str) -> (String, i64) {
        let c = self.user.case_checkin(case).unwrap().expect("a check-in");
        (c.patient_status, c.expected_arrival_time.unwrap())
    }

    /// Asserts the database content equals `before` (without printing whole tables on failure).
    pub fn assert_unchanged(&self, before: &str, what: &str) {
        let now = self.content();
        if now != before {
            let a: Vec<&str> = before.lines().collect();
            let b: Vec<&str> = now.lines().collect();
            let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
            let table = |l: Option<&&str>| l.map(|l| l.split('|').next().unwrap_or("").to_string());
            panic!(
                "{what}: database changed (rows {} → {}; first difference in table {:?}/{:?})",
                a.len(),
                b.len(),
                table(a.get(first)),
                table(b.get(first))
            );
        }
    }

    /// A fingerprint of every row of every table (for "a refused call writes nothing").
    pub fn content(&self) -> String {
        super::content(&self.fx.raw())
    }
}
