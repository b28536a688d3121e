//! The milestone system v2.0 (lifecycle-and-stats.md §1 and worked example §7.5).

mod common;

use std::collections::BTreeMap;

use common::Fixture;
use orbit_core::ErrorKind;
use orbit_core::milestones::{NewTemplate, OverrideOutcome, TemplateItemInput};
use orbit_core::reference::{ListOptions, Record, RefTable};
use serde_json::{Map, Value, json};

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn by_name(rows: &[Record], name: &str) -> String {
    rows.iter().find(|r| r["name"] == json!(name)).unwrap()["id"].as_str().unwrap().to_string()
}

struct Setup {
    fx: Fixture,
    facility: String,
    admin: orbit_core::Scope,
    milestones: Vec<Record>,
    phases: Vec<Record>,
}

fn setup() -> Setup {
    let fx = Fixture::new();
    let facility = fx.facility("A");
    let (_, admin) = fx.member(&facility, "facility_admin", "Ada");
    let milestones = admin.list(RefTable::FacilityMilestones, &ListOptions::default()).unwrap();
    let phases = admin.list(RefTable::FacilityPhases, &ListOptions::default()).unwrap();
    Setup { fx, facility, admin, milestones, phases }
}

impl Setup {
    fn m(&self, name: &str) -> String {
        by_name(&self.milestones, name)
    }
    fn p(&self, name: &str) -> String {
        by_name(&self.phases, name)
    }
    fn item(&self, m: &str, p: Option<&str>) -> TemplateItemInput {
        TemplateItemInput { milestone_id: self.m(m), phase_id: p.map(|p| self.p(p)) }
    }
    fn template(&self, name: &str) -> String {
        let t = self
            .admin
            .create_template(NewTemplate {
                name: name.into(),
                items: vec![self.item("patient_in", Some("pre_op")), self.item("patient_out", Some("post_op"))],
                ..NewTemplate::default()
            })
            .unwrap();
        t.template["id"].as_str().unwrap().to_string()
    }
}

#[test]
fn custom_milestones_get_the_next_order_and_a_phase_group() {
    let s = setup();
    let a = &s.admin;
    let custom = a
        .create(RefTable::FacilityMilestones, &obj(json!({"name": "tourniquet_on", "display_name": "Tourniquet On"})))
        .unwrap();
    assert_eq!((custom["display_order"].clone(), custom["phase_group"].clone()), (json!(11), Value::Null));
    assert_eq!((custom["min_minutes"].clone(), custom["max_minutes"].clone()), (json!(1), json!(90)));
    assert_eq!(custom["validation_type"], json!("sequence_gap"));
    let left = a
        .create(RefTable::FacilityMilestones, &obj(json!({"name": "surgeon_left", "display_name": "Surgeon Left"})))
        .unwrap();
    assert_eq!(left["phase_group"], json!("closing"));
    let reserved = a.create(RefTable::FacilityMilestones, &obj(json!({"name": "incision", "display_name": "Cut"})));
    assert_eq!(reserved.unwrap_err().kind(), ErrorKind::InvalidInput);
    let again = a.create(RefTable::FacilityMilestones, &obj(json!({"name": "tourniquet_on", "display_name": "x"})));
    assert_eq!(again.unwrap_err().kind(), ErrorKind::Conflict);
    let id = custom["id"].as_str().unwrap();
    let inverted = a.update(RefTable::FacilityMilestones, id, &obj(json!({"min_minutes": 10, "max_minutes": 5})));
    assert_eq!(inverted.unwrap_err().kind(), ErrorKind::InvalidInput);
    let rename = a.update(RefTable::FacilityMilestones, id, &obj(json!({"name": "tq"})));
    assert_eq!(rename.unwrap_err().kind(), ErrorKind::InvalidInput);
    let ok =
        a.update(RefTable::FacilityMilestones, id, &obj(json!({"display_name": "TQ On", "max_minutes": 120}))).unwrap();
    assert_eq!(ok["max_minutes"], json!(120));
}

#[test]
fn archiving_milestones_keeps_the_status_machine_and_unpairs_first() {
    let s = setup();
    let a = &s.admin;
    for name in ["patient_in", "patient_out"] {
        assert_eq!(a.archive(RefTable::FacilityMilestones, &s.m(name)).unwrap_err().kind(), ErrorKind::InvalidInput);
    }
    let archived = a.archive(RefTable::FacilityMilestones, &s.m("closing")).unwrap();
    assert_eq!((archived["pair_with_id"].clone(), archived["is_active"].clone()), (Value::Null, json!(false)));
    let partner = a.get(RefTable::FacilityMilestones, &s.m("closing_complete")).unwrap();
    assert_eq!(
        (partner["pair_with_id"].clone(), partner["validation_type"].clone()),
        (Value::Null, json!("sequence_gap"))
    );
    a.restore(RefTable::FacilityMilestones, &s.m("closing")).unwrap();
}

#[test]
fn pairing_makes_the_earlier_milestone_the_start() {
    let s = setup();
    let a = &s.admin;
    let x = a.create(RefTable::FacilityMilestones, &obj(json!({"name": "tq_on", "display_name": "TQ on"}))).unwrap();
    let y = a.create(RefTable::FacilityMilestones, &obj(json!({"name": "tq_off", "display_name": "TQ off"}))).unwrap();
    let (xi, yi) = (x["id"].as_str().unwrap(), y["id"].as_str().unwrap());
    // Arguments in either order: x was created first (lower display_order), so x becomes the start.
    let (y_row, x_row) = a.pair_milestones(yi, xi).unwrap();
    let shape = |r: &Record| (r["pair_position"].clone(), r["validation_type"].clone());
    assert_eq!(shape(&x_row), (json!("start"), json!("duration")));
    assert_eq!(shape(&y_row), (json!("end"), json!("sequence_gap")));
    assert_eq!((y_row["pair_with_id"].clone(), x_row["pair_with_id"].clone()), (x["id"].clone(), y["id"].clone()));
    assert_eq!(a.pair_milestones(xi, &s.m("incision")).unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!(a.pair_milestones(&s.m("incision"), &s.m("incision")).unwrap_err().kind(), ErrorKind::InvalidInput);
    a.unpair_milestones(xi).unwrap();
    assert_eq!(a.unpair_milestones(xi).unwrap_err().kind(), ErrorKind::InvalidInput);
    let b = s.fx.facility("B");
    let (_, admin_b) = s.fx.member(&b, "facility_admin", "Bob");
    assert_eq!(admin_b.pair_milestones(xi, yi).unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn templates_follow_the_structure_rules() {
    let s = setup();
    let a = &s.admin;
    let out = a
        .create_template(NewTemplate {
            name: "Ortho".into(),
            description: Some("Joints".into()),
            items: vec![
                s.item("patient_in", Some("pre_op")),
                s.item("incision", Some("pre_op")),
                s.item("incision", Some("surgical")),
                s.item("patient_out", Some("surgical")),
                s.item("room_cleaned", None),
            ],
            ..NewTemplate::default()
        })
        .unwrap();
    let orders: Vec<i64> = out.items.iter().map(|i| i.display_order).collect();
    assert_eq!(orders, [1, 2, 3, 4, 5]);
    assert_eq!(out.template["is_default"], json!(false));
    assert!(out.warnings.iter().any(|w| w == "required structure missing: phase closing"), "{:?}", out.warnings);
    let twice = NewTemplate {
        name: "Bad".into(),
        items: vec![s.item("incision", Some("pre_op")), s.item("incision", Some("pre_op"))],
        ..NewTemplate::default()
    };
    assert_eq!(a.create_template(twice).unwrap_err().kind(), ErrorKind::InvalidTemplateStructure);
    let b = s.fx.facility("B");
    let foreign: String =
        s.fx.raw()
            .query_row("SELECT id FROM facility_milestones WHERE facility_id = ?1 LIMIT 1", [&b], |r| r.get(0))
            .unwrap();
    let other = NewTemplate {
        name: "Other".into(),
        items: vec![TemplateItemInput { milestone_id: foreign, phase_id: None }],
        ..NewTemplate::default()
    };
    assert_eq!(a.create_template(other).unwrap_err().kind(), ErrorKind::InvalidTemplateStructure);
    let mut map = BTreeMap::new();
    map.insert(s.p("closing"), s.p("surgical"));
    let sub = a.set_template_structure(
        out.template["id"].as_str().unwrap(),
        &[s.item("incision", Some("surgical")), s.item("closing", Some("closing"))],
        &map,
    );
    assert_eq!(sub.unwrap().items.len(), 2);
    let dup = NewTemplate { name: "Ortho".into(), ..NewTemplate::default() };
    assert_eq!(a.create_template(dup).unwrap_err().kind(), ErrorKind::Conflict);
    let (_, coordinator) = s.fx.member(&s.facility, "coordinator", "Cal");
    let denied = coordinator.create_template(NewTemplate { name: "Mine".into(), ..NewTemplate::default() });
    assert_eq!(denied.unwrap_err().kind(), ErrorKind::PermissionDenied);
}

#[test]
fn one_default_per_facility_and_archive_guards() {
    let s = setup();
    let a = &s.admin;
    let templates = a.list(RefTable::MilestoneTemplates, &ListOptions::default()).unwrap();
    let default = by_name(&templates, "Default");
    let ortho = s.template("Ortho");
    assert_eq!(a.archive(RefTable::MilestoneTemplates, &default).unwrap_err().kind(), ErrorKind::TemplateIsDefault);
    a.set_default_template(&ortho).unwrap();
    let after = a.list(RefTable::MilestoneTemplates, &ListOptions::default()).unwrap();
    let defaults: Vec<&Value> = after.iter().filter(|t| t["is_default"] == json!(true)).map(|t| &t["name"]).collect();
    assert_eq!(defaults, [&json!("Ortho")]);
    let p = a.create(RefTable::ProcedureTypes, &obj(json!({"name": "TKA", "milestone_template_id": default}))).unwrap();
    assert_eq!(a.archive(RefTable::MilestoneTemplates, &default).unwrap_err().kind(), ErrorKind::TemplateInUse);
    a.archive(RefTable::ProcedureTypes, p["id"].as_str().unwrap()).unwrap();
    a.archive(RefTable::MilestoneTemplates, &default).unwrap();
    assert_eq!(a.set_default_template(&default).unwrap_err().kind(), ErrorKind::InvalidInput);
    // A copy takes the items and never the default flag; renaming goes through the generic update.
    let copy = a.duplicate_template(&ortho, "Ortho copy").unwrap();
    assert_eq!((copy.items.len(), copy.template["is_default"].clone()), (2, json!(false)));
    let renamed =
        a.update(RefTable::MilestoneTemplates, copy.template["id"].as_str().unwrap(), &obj(json!({"name": "Ortho 2"})));
    assert_eq!(renamed.unwrap()["name"], json!("Ortho 2"));
}

#[test]
fn default_template_boundaries_w7_5() {
    let s = setup();
    let templates = s.admin.list(RefTable::MilestoneTemplates, &ListOptions::default()).unwrap();
    let b = s.admin.template_phase_boundaries(&by_name(&templates, "Default")).unwrap();
    let got: Vec<(String, String, String)> =
        b.into_iter().map(|b| (b.phase_name, b.start_milestone_name, b.end_milestone_name)).collect();
    let want = [
        ("pre_op", "patient_in", "incision"),
        ("surgical", "incision", "closing"),
        ("closing", "closing", "closing_complete"),
        ("post_op", "closing_complete", "patient_out"),
    ];
    let want: Vec<(String, String, String)> =
        want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(got, want);
}

#[test]
fn the_resolution_cascade_w7_5() {
    let s = setup();
    let a = &s.admin;
    let templates = a.list(RefTable::MilestoneTemplates, &ListOptions::default()).unwrap();
    let default = by_name(&templates, "Default");
    let knee = s.template("Knee");
    let ortho = s.template("Ortho");
    let surgeon = s.fx.member(&s.facility, "user", "Sam").0.id;
    let other = s.fx.member(&s.facility, "user", "Oli").0.id;
    let p = a.create(RefTable::ProcedureTypes, &obj(json!({"name": "TKA", "milestone_template_id": ortho}))).unwrap();
    let p = p["id"].as_str().unwrap().to_string();
    assert_eq!(a.set_surgeon_template_override(&surgeon, &p, &knee).unwrap(), OverrideOutcome::Set);
    let f = Some(s.facility.as_str());
    assert_eq!(a.resolve_template(f, Some(&surgeon), Some(&p)).unwrap(), knee);
    assert_eq!(a.resolve_template(f, Some(&other), Some(&p)).unwrap(), ortho);
    assert_eq!(a.resolve_template(f, None, None).unwrap(), default);
    // Unusable templates are skipped (written by another writer: the API refuses to archive a used one).
    let raw = s.fx.raw();
    raw.execute("UPDATE milestone_templates SET is_active = 0 WHERE id IN (?1, ?2)", [&ortho, &knee]).unwrap();
    assert_eq!(a.resolve_template(f, Some(&surgeon), Some(&p)).unwrap(), default);
    raw.execute("UPDATE milestone_templates SET is_default = 0 WHERE id = ?1", [&default]).unwrap();
    let err = a.resolve_template(f, Some(&surgeon), Some(&p)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoMilestoneTemplate);
    assert!(err.to_string().contains("Settings > Milestones"), "{err}");
}

#[test]
fn an_override_equal_to_the_effective_template_is_removed() {
    let s = setup();
    let a = &s.admin;
    let templates = a.list(RefTable::MilestoneTemplates, &ListOptions::default()).unwrap();
    let default = by_name(&templates, "Default");
    let knee = s.template("Knee");
    let surgeon = s.fx.member(&s.facility, "user", "Sam").0.id;
    let p = a.create(RefTable::ProcedureTypes, &obj(json!({"name": "TKA"}))).unwrap();
    let p = p["id"].as_str().unwrap().to_string();
    assert_eq!(a.set_surgeon_template_override(&surgeon, &p, &knee).unwrap(), OverrideOutcome::Set);
    assert_eq!(s.fx.count("SELECT count(*) FROM surgeon_template_overrides"), 1);
    assert_eq!(a.set_surgeon_template_override(&surgeon, &p, &default).unwrap(), OverrideOutcome::Removed);
    assert_eq!(s.fx.count("SELECT count(*) FROM surgeon_template_overrides"), 0);
    assert!(!a.remove_surgeon_template_override(&surgeon, &p).unwrap());
    let b = s.fx.facility("B");
    let stranger = s.fx.member(&b, "user", "Zed").0.id;
    assert_eq!(a.set_surgeon_template_override(&stranger, &p, &knee).unwrap_err().kind(), ErrorKind::NotFound);
}
