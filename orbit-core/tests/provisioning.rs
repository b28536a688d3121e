//! Provisioning a facility (data-model.md §5.4 and worked example W2).

mod common;

use common::Fixture;
use orbit_core::{AuditQuery, ErrorKind, FacilityTarget, NewFacility, ProvisionConfig};

#[test]
fn provisioning_a_fresh_facility_copies_every_part_w2() {
    let fx = Fixture::new();
    let report = fx
        .global_admin()
        .provision_facility(
            FacilityTarget::New(NewFacility {
                name: "  Riverside Surgery Center ".into(),
                timezone: Some("America/Chicago".into()),
                ..NewFacility::default()
            }),
            ProvisionConfig::default(),
        )
        .unwrap();
    assert!(report.created);
    let f = report.facility_id.clone();
    let expected = [
        ("milestones", 10),
        ("facility_phases", 4),
        ("procedures", 0),
        ("milestone_templates", 1),
        ("milestone_template_items", 13),
        ("flag_rules", 9),
        ("analytics_settings", 1),
        ("payers", 5),
        ("delay_types", 0),
        ("cost_categories", 4),
        ("implant_companies", 0),
        ("complexities", 0),
        ("cancellation_reasons", 1),
        ("preop_checklist_fields", 0),
        ("permissions", 4),
    ];
    assert_eq!(report.parts, expected.to_vec());
    for (table, n) in [
        ("facility_milestones", 10),
        ("facility_phases", 4),
        ("milestone_templates", 1),
        ("payers", 5),
        ("cost_categories", 4),
        ("flag_rules", 9),
        ("facility_analytics_settings", 1),
        ("cancellation_reasons", 1),
        ("facility_permissions", 4),
        ("procedure_types", 0),
    ] {
        assert_eq!(fx.count(&format!("SELECT count(*) FROM {table} WHERE facility_id = '{f}'")), n, "{table}");
    }
    let raw = fx.raw();
    // Pairs translated to the facility's copies, symmetric, min 1 / max 90 / sequence_gap, phase groups.
    let pairs: Vec<(String, String, String)> = raw
        .prepare(
            "SELECT a.name, b.name, a.pair_position FROM facility_milestones a
             JOIN facility_milestones b ON b.id = a.pair_with_id AND b.pair_with_id = a.id
             WHERE a.facility_id = ?1 ORDER BY a.display_order",
        )
        .unwrap()
        .query_map([&f], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let pairs: Vec<(&str, &str, &str)> = pairs.iter().map(|(a, b, p)| (a.as_str(), b.as_str(), p.as_str())).collect();
    assert_eq!(
        pairs,
        [
            ("anes_start", "anes_end", "start"),
            ("anes_end", "anes_start", "end"),
            ("prep_drape_start", "prep_drape_complete", "start"),
            ("prep_drape_complete", "prep_drape_start", "end"),
            ("closing", "closing_complete", "start"),
            ("closing_complete", "closing", "end"),
        ]
    );
    let odd: i64 = raw
        .query_row(
            "SELECT count(*) FROM facility_milestones WHERE facility_id = ?1
             AND (min_minutes <> 1 OR max_minutes <> 90 OR validation_type <> 'sequence_gap'
                  OR phase_group IS NOT CASE name WHEN 'incision' THEN 'surgical' WHEN 'closing' THEN 'closing'
                     WHEN 'closing_complete' THEN 'closing' WHEN 'patient_out' THEN 'post_op'
                     WHEN 'room_cleaned' THEN 'post_op' ELSE 'pre_op' END)",
            [&f],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(odd, 0);
    // The Default template is the facility's default, its items numbered 1..13 with translated phases.
    let items: Vec<String> = raw
        .prepare(
            "SELECT i.display_order || ':' || m.name || '/' || coalesce(p.name, '-')
             FROM milestone_templates t JOIN milestone_template_items i ON i.template_id = t.id
             JOIN facility_milestones m ON m.id = i.facility_milestone_id AND m.facility_id = t.facility_id
             LEFT JOIN facility_phases p ON p.id = i.facility_phase_id AND p.facility_id = t.facility_id
             WHERE t.facility_id = ?1 AND t.name = 'Default' AND t.is_default = 1 ORDER BY i.display_order",
        )
        .unwrap()
        .query_map([&f], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(items.len(), 13);
    assert_eq!(items[0], "1:patient_in/pre_op");
    assert_eq!(items[6], "7:incision/surgical");
    assert_eq!(items[12], "13:room_cleaned/-");
    let (same, flip, util): (f64, f64, f64) = raw
        .query_row(
            "SELECT turnover_target_same_surgeon, turnover_target_flip_room, utilization_target_percent
             FROM facility_analytics_settings WHERE facility_id = ?1",
            [&f],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((same, flip, util), (45.0, 15.0, 75.0));
    let (reason, system): (String, i64) = raw
        .query_row("SELECT name, is_system FROM cancellation_reasons WHERE facility_id = ?1", [&f], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((reason.as_str(), system), ("ehr_system_cancellation", 1));
    assert_eq!(
        fx.count(&format!("SELECT count(*) FROM facility_permissions WHERE facility_id = '{f}' AND granted = 0")),
        4
    );
    assert_eq!(
        fx.count(&format!(
            "SELECT count(*) FROM flag_rules WHERE facility_id = '{f}' AND is_built_in = 1 AND source_rule_id IS NOT NULL"
        )),
        9
    );
    // One audit row, with the per-part counts and the new facility row.
    let audit = fx
        .global_admin()
        .audit_log(&AuditQuery { action: Some("facilities.provisioned".into()), ..AuditQuery::default() })
        .unwrap();
    assert_eq!(audit.len(), 1);
    let row = &audit[0];
    assert_eq!(row.facility_id.as_deref(), Some(f.as_str()));
    assert_eq!(row.user_id.as_deref(), Some(fx.admin.id.as_str()));
    let meta = row.metadata.as_ref().unwrap();
    assert_eq!(meta["parts"]["milestones"], 10);
    assert_eq!(meta["operation"], "provision_facility");
    assert_eq!(meta["call_id"].as_str().unwrap().len(), 36);
    let new = row.new_values.as_ref().unwrap();
    assert_eq!(new["name"], "Riverside Surgery Center");
    assert_eq!(new["timezone"], "America/Chicago");
    assert_eq!(new["is_demo"], false);
    assert!(new["created_at"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn provisioning_again_inserts_nothing_and_writes_no_audit_row() {
    let fx = Fixture::new();
    let f = fx.facility("North");
    let before = fx.count("SELECT count(*) FROM audit_log");
    let again =
        fx.orbit.system().provision_facility(FacilityTarget::Existing(f.clone()), ProvisionConfig::default()).unwrap();
    assert!(!again.created);
    assert_eq!(again.total(), 0, "{:?}", again.parts);
    assert_eq!(fx.count("SELECT count(*) FROM audit_log"), before);
}

#[test]
fn provisioning_adds_only_missing_parts_and_never_recreates_archived_copies() {
    let fx = Fixture::new();
    let gadmin = fx.global_admin();
    let f = gadmin
        .provision_facility(
            FacilityTarget::New(NewFacility { name: "Partial".into(), ..NewFacility::default() }),
            ProvisionConfig { payers: false, ..ProvisionConfig::default() },
        )
        .unwrap()
        .facility_id;
    assert_eq!(fx.count(&format!("SELECT count(*) FROM payers WHERE facility_id = '{f}'")), 0);
    fx.raw()
        .execute("UPDATE cost_categories SET is_active = 0 WHERE facility_id = ?1 AND name = 'Implants'", [&f])
        .unwrap();
    let report = gadmin.provision_facility(FacilityTarget::Existing(f.clone()), ProvisionConfig::default()).unwrap();
    assert_eq!(report.count("payers"), 5);
    assert_eq!(report.total(), 5);
    assert_eq!(fx.count(&format!("SELECT count(*) FROM cost_categories WHERE facility_id = '{f}'")), 4);
}

#[test]
fn milestone_templates_need_milestones_and_phases_and_nothing_is_written() {
    let fx = Fixture::new();
    let before = fx.count("SELECT count(*) FROM facilities");
    let err = fx
        .global_admin()
        .provision_facility(
            FacilityTarget::New(NewFacility { name: "Broken".into(), ..NewFacility::default() }),
            ProvisionConfig { facility_phases: false, ..ProvisionConfig::default() },
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("config.milestone_templates"), "{err}");
    assert_eq!(fx.count("SELECT count(*) FROM facilities"), before);
}

#[test]
fn bad_facility_fields_are_refused_before_anything_is_written() {
    let fx = Fixture::new();
    let before = fx.count("SELECT count(*) FROM facilities");
    for (facility, param) in [
        (NewFacility { name: "   ".into(), ..NewFacility::default() }, "name"),
        (NewFacility { name: "x".repeat(201), ..NewFacility::default() }, "name"),
        (
            NewFacility { name: "Mars".into(), timezone: Some("Mars/Olympus_Mons".into()), ..NewFacility::default() },
            "timezone",
        ),
        (
            NewFacility { name: "Neg".into(), or_hourly_rate_cents: Some(-1), ..NewFacility::default() },
            "or_hourly_rate_cents",
        ),
    ] {
        let err = fx
            .global_admin()
            .provision_facility(FacilityTarget::New(facility), ProvisionConfig::default())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.to_string().starts_with(param), "{err}");
    }
    let err = fx
        .global_admin()
        .provision_facility(FacilityTarget::Existing("not-a-uuid".into()), ProvisionConfig::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = fx
        .global_admin()
        .provision_facility(
            FacilityTarget::Existing("0195f3c2-0000-7000-8000-000000000000".into()),
            ProvisionConfig::default(),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(fx.count("SELECT count(*) FROM facilities"), before);
}

#[test]
fn only_global_admins_and_the_system_provision() {
    let fx = Fixture::new();
    let f = fx.facility("Only");
    let (_, admin) = fx.member(&f, "facility_admin", "Fay");
    let err = admin.provision_facility(FacilityTarget::Existing(f.clone()), ProvisionConfig::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
}
