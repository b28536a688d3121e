//! The synthetic data generator through the store (scheduling-patientflow.md §11): the default fixture,
//! a small generation through the real lifecycle, determinism, purge and regenerate, access refusals.

mod common;

use common::Fixture;
use common::w::{at, obj};
use orbit_core::demo::DemoConfig;
use orbit_core::{ErrorKind, Scope};
use serde_json::{Value, json};

const NOW: &str = "2026-03-10T17:00:00Z";
const TODAY: &str = "2026-03-10";

struct Demo {
    fx: Fixture,
    f: String,
    surgeons: Vec<String>,
}

fn demo() -> Demo {
    let (fx, _clock) = Fixture::with_clock(at(NOW));
    let d = fx.global_admin().provision_demo_facility(1).unwrap();
    assert!(d.created);
    Demo { f: d.facility_id, surgeons: d.surgeon_ids, fx }
}

impl Demo {
    fn admin(&self) -> Scope {
        self.fx.member(&self.f, "facility_admin", "Ada").1
    }

    fn id(&self, table: &str, name: &str) -> String {
        self.fx
            .raw()
            .query_row(&format!("SELECT id FROM {table} WHERE facility_id = ?1 AND name = ?2"), [&self.f, name], |r| {
                r.get(0)
            })
            .unwrap()
    }

    /// Baker (average joint, Mon/Wed/Fri OR 3, late starts and long turnovers) over two weeks of history and
    /// one week ahead.
    fn small_config(&self) -> DemoConfig {
        let procedures: Vec<String> = ["THA", "TKA"].iter().map(|p| self.id("procedure_types", p)).collect();
        let room = self.id("or_rooms", "OR 3");
        let config = json!({
            "days_of_history": 14, "days_ahead": 7,
            "surgeons": [{
                "surgeon_id": self.surgeons[1], "specialty": "joint", "speed_profile": "average",
                "operating_days": [1, 3, 5], "day_rooms": {"1": [room], "3": [room], "5": [room]},
                "procedure_type_ids": procedures, "preferred_vendor": "Zimmer Biomet",
                "outliers": {"lateStarts": {"enabled": true, "frequency": 20},
                             "longTurnovers": {"enabled": true, "frequency": 15}}
            }]
        });
        DemoConfig::from_json(config.as_object()).unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.fx.raw().query_row(sql, [&self.f], |r| r.get(0)).unwrap()
    }

    /// The facility's generated content, ids replaced by names or case numbers: one line per case (its
    /// columns, milestones and stats profit), per flag and per delay.
    fn content(&self) -> Vec<String> {
        let raw = self.fx.raw();
        let rows = |sql: &str| -> Vec<String> {
            let mut stmt = raw.prepare(sql).unwrap();
            let n = stmt.column_count();
            stmt.query_map([&self.f], |r| {
                Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
        };
        let mut out = rows(
            "SELECT c.case_number, c.scheduled_date, c.start_time, s.name, r.name, u.last_name, p.name, y.name,
                    c.operative_side, c.call_time, c.called_back_at, c.surgeon_left_at, c.cancelled_at,
                    cr.name, c.data_validated, n.case_number,
                    (SELECT group_concat(fm.name || '@' || cm.recorded_at, ',') FROM case_milestones cm
                       JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
                      WHERE cm.case_id = c.id AND cm.recorded_at IS NOT NULL),
                    (SELECT group_concat(k.name, ',') FROM case_complexities x JOIN complexities k ON k.id = x.complexity_id
                      WHERE x.case_id = c.id),
                    (SELECT group_concat(su.last_name || ':' || sr.name, ',') FROM case_staff st
                       JOIN users su ON su.id = st.user_id JOIN user_roles sr ON sr.id = st.role_id WHERE st.case_id = c.id),
                    (SELECT group_concat(ic.name, ',') FROM case_implant_companies ci
                       JOIN implant_companies ic ON ic.id = ci.implant_company_id WHERE ci.case_id = c.id),
                    st.profit, st.total_duration_minutes
             FROM cases c JOIN case_statuses s ON s.id = c.status_id
             LEFT JOIN or_rooms r ON r.id = c.or_room_id LEFT JOIN users u ON u.id = c.surgeon_id
             LEFT JOIN procedure_types p ON p.id = c.procedure_type_id LEFT JOIN payers y ON y.id = c.payer_id
             LEFT JOIN cancellation_reasons cr ON cr.id = c.cancellation_reason_id
             LEFT JOIN cases n ON n.id = c.called_next_case_id
             LEFT JOIN case_completion_stats st ON st.case_id = c.id
             WHERE c.facility_id = ?1 ORDER BY c.case_number",
        );
        out.extend(rows(
            "SELECT c.case_number, f.flag_type, coalesce(fr.name, dt.name), f.metric_value, f.severity
             FROM case_flags f JOIN cases c ON c.id = f.case_id LEFT JOIN flag_rules fr ON fr.id = f.flag_rule_id
             LEFT JOIN delay_types dt ON dt.id = f.delay_type_id
             WHERE f.facility_id = ?1 ORDER BY 1, 2, 3",
        ));
        out.extend(rows(
            "SELECT c.case_number, dt.name, d.duration_minutes, d.recorded_at FROM case_delays d
             JOIN cases c ON c.id = d.case_id JOIN delay_types dt ON dt.id = d.delay_type_id
             WHERE c.facility_id = ?1 ORDER BY 1",
        ));
        out
    }
}

#[test]
fn provision_demo_facility_builds_the_fixture_once() {
    let d = demo();
    let raw = d.fx.raw();
    let one = |sql: &str| -> Value {
        raw.query_row(sql, [&d.f], |r| {
            let v: rusqlite::types::Value = r.get(0)?;
            Ok(match v {
                rusqlite::types::Value::Integer(i) => json!(i),
                rusqlite::types::Value::Text(t) => json!(t),
                _ => Value::Null,
            })
        })
        .unwrap()
    };
    assert_eq!(
        one("SELECT name || '|' || timezone || '|' || case_number_prefix FROM facilities WHERE id = ?1"),
        json!("Demo Surgery Center|America/New_York|DEMO")
    );
    assert_eq!(one("SELECT or_hourly_rate FROM facilities WHERE id = ?1"), json!(150_000));
    assert_eq!(one("SELECT is_demo FROM facilities WHERE id = ?1"), json!(1));
    assert_eq!(
        one("SELECT group_concat(name, ',') FROM (SELECT name FROM or_rooms WHERE facility_id = ?1 ORDER BY name)"),
        json!("OR 1,OR 2,OR 3,OR 4")
    );
    assert_eq!(one("SELECT count(*) FROM procedure_types WHERE facility_id = ?1"), json!(14));
    assert_eq!(one("SELECT count(*) FROM procedure_types WHERE facility_id = ?1 AND requires_rep = 1"), json!(0));
    assert_eq!(
        one("SELECT expected_duration_minutes FROM procedure_types WHERE facility_id = ?1 AND name = 'Mako THA'"),
        json!(130)
    );
    // Pricing: THA default 14 500, Medicare 80 % = 11 600; costs; the rebate credit; zero costs skipped.
    assert_eq!(one("SELECT reimbursement FROM procedure_reimbursements r JOIN procedure_types p ON p.id = r.procedure_type_id
                    WHERE r.facility_id = ?1 AND p.name = 'THA' AND r.payer_id IS NULL AND r.effective_date = '2000-01-01'"),
        json!(1_450_000));
    assert_eq!(one("SELECT reimbursement FROM procedure_reimbursements r JOIN procedure_types p ON p.id = r.procedure_type_id
                    JOIN payers y ON y.id = r.payer_id WHERE r.facility_id = ?1 AND p.name = 'THA' AND y.name = 'Medicare'"),
        json!(1_160_000));
    assert_eq!(
        one("SELECT amount FROM procedure_cost_items i JOIN procedure_types p ON p.id = i.procedure_type_id
                    JOIN cost_categories k ON k.id = i.cost_category_id
                    WHERE i.facility_id = ?1 AND p.name = 'Kyphoplasty' AND k.name = 'Device Rep Rebates'"),
        json!(10_000)
    );
    assert_eq!(
        one("SELECT count(*) FROM procedure_cost_items i JOIN procedure_types p ON p.id = i.procedure_type_id
                    WHERE i.facility_id = ?1 AND p.name = 'Carpal Tunnel Release'"),
        json!(2)
    );
    assert_eq!(
        one("SELECT display_name FROM delay_types WHERE facility_id = ?1 AND name = 'equipment_issue'"),
        json!("Equipment Issue")
    );
    assert_eq!(
        one("SELECT category FROM cancellation_reasons WHERE facility_id = ?1 AND name = 'abnormal_labs'"),
        json!("clinical")
    );
    assert_eq!(one("SELECT count(*) FROM implant_companies WHERE facility_id = ?1"), json!(3));
    assert_eq!(
        one(
            "SELECT count(*) FROM payers WHERE facility_id = ?1 AND name IN ('BCBS', 'Aetna', 'UnitedHealthcare', 'Medicare')"
        ),
        json!(4)
    );
    assert_eq!(one("SELECT count(*) FROM complexities WHERE facility_id = ?1"), json!(2));
    assert_eq!(
        one("SELECT group_concat(n, ',') FROM (SELECT r.name || '=' || count(*) AS n FROM users u
                    JOIN user_roles r ON r.id = u.role_id WHERE u.facility_id = ?1 GROUP BY r.name ORDER BY r.name)"),
        json!("anesthesiologist=3,crna=2,nurse=5,surgeon=6,tech=9")
    );
    assert_eq!(
        one(
            "SELECT closing_workflow || ':' || closing_handoff_minutes FROM users WHERE facility_id = ?1 AND last_name = 'Adams'"
        ),
        json!("pa_closes:10")
    );
    assert_eq!(d.surgeons.len(), 6);
    // Idempotent: the second call reuses the facility and inserts nothing.
    let before = d.fx.count("SELECT count(*) FROM users") + d.fx.count("SELECT count(*) FROM procedure_types");
    let again = d.fx.global_admin().provision_demo_facility(99).unwrap();
    assert_eq!((again.facility_id.as_str(), again.created), (d.f.as_str(), false));
    assert_eq!(again.surgeon_ids, d.surgeons);
    assert_eq!(d.fx.count("SELECT count(*) FROM users") + d.fx.count("SELECT count(*) FROM procedure_types"), before);
    // Global admins and the system only.
    let e = d.admin().provision_demo_facility(1).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::PermissionDenied);
    assert_eq!(d.fx.orbit.system().provision_demo_facility(1).unwrap().facility_id, d.f);
}

#[test]
fn a_small_generation_runs_the_real_lifecycle() {
    let d = demo();
    let admin = d.admin();
    let mut seen = 0;
    let report = admin
        .generate_demo_data_with_progress(&d.f, Some(&d.small_config()), 7, Some(TODAY), &mut |p| {
            seen += 1;
            assert_eq!(p.done, seen);
        })
        .unwrap();
    assert_eq!(seen as u64, report.cases);
    assert_eq!((report.start_date.as_str(), report.end_date.as_str()), ("2026-02-24", "2026-03-17"));
    // Mon/Wed/Fri from 2026-02-24 to 2026-03-17: 6 historical dates, 3 from today (a Tuesday) on; 4–6 cases each.
    assert!((24..=36).contains(&report.historical), "{report:?}");
    assert!((12..=18).contains(&report.scheduled), "{report:?}");
    assert_eq!(report.cases, report.historical + report.scheduled);
    assert_eq!(report.cancelled as i64, (0.03 * report.historical as f64).round() as i64);
    assert_eq!(report.completed, report.historical - report.cancelled);
    assert_eq!(d.count("SELECT count(*) FROM cases WHERE facility_id = ?1"), report.cases as i64);
    assert_eq!(
        d.fx.raw()
            .query_row("SELECT min(case_number) FROM cases WHERE facility_id = ?1", [&d.f], |r| r.get::<_, String>(0))
            .unwrap(),
        "DEMO-00001"
    );
    // Lifecycle results: completed cases have stats, validated ones (all but the unvalidated share) flags;
    // scheduled ones have check-ins and pending milestones.
    let completed = d.count(
        "SELECT count(*) FROM cases c JOIN case_statuses s ON s.id = c.status_id WHERE c.facility_id = ?1 AND s.name = 'completed'",
    );
    assert_eq!(completed, report.completed as i64);
    assert_eq!(
        d.count("SELECT count(*) FROM cases WHERE facility_id = ?1 AND data_validated = 1"),
        (report.completed - report.unvalidated) as i64
    );
    assert_eq!(
        d.count("SELECT count(*) FROM case_completion_stats WHERE facility_id = ?1 AND profit IS NOT NULL"),
        (report.completed - report.unvalidated) as i64
    );
    assert!(d.count("SELECT count(*) FROM case_flags WHERE facility_id = ?1 AND flag_type = 'delay'") >= 1);
    assert_eq!(
        d.count("SELECT count(*) FROM case_delays d JOIN cases c ON c.id = d.case_id WHERE c.facility_id = ?1"),
        report.delays as i64
    );
    assert!(d.count("SELECT count(*) FROM case_flags WHERE facility_id = ?1 AND flag_type = 'threshold'") >= 1);
    assert!(d.count("SELECT count(*) FROM patient_checkins WHERE facility_id = ?1") >= report.scheduled as i64);
    assert_eq!(
        d.count(
            "SELECT count(*) FROM case_milestones m JOIN cases c ON c.id = m.case_id
                 WHERE c.facility_id = ?1 AND m.recorded_at IS NOT NULL"
        ),
        report.milestones as i64
    );
    // Joint cases of a Zimmer Biomet surgeon carry the company and a complexity; staff of OR 3.
    assert_eq!(
        d.count(
            "SELECT count(*) FROM cases c JOIN case_statuses s ON s.id = c.status_id
                 WHERE c.facility_id = ?1 AND s.name <> 'cancelled'
                   AND NOT EXISTS (SELECT 1 FROM case_implant_companies x WHERE x.case_id = c.id)"
        ),
        0
    );
    assert_eq!(
        d.count(
            "SELECT count(*) FROM cases c WHERE c.facility_id = ?1
                   AND NOT EXISTS (SELECT 1 FROM case_complexities x WHERE x.case_id = c.id)"
        ),
        0
    );
    assert_eq!(
        d.count(
            "SELECT count(*) FROM cases c JOIN case_statuses s ON s.id = c.status_id
                 WHERE c.facility_id = ?1 AND s.name <> 'cancelled'
                   AND (SELECT count(*) FROM case_staff x WHERE x.case_id = c.id) <> 4"
        ),
        0
    );
    // Cancellations: stamped before the scheduled start (6–18 h, so before today), no milestones.
    assert_eq!(
        d.count(&format!(
            "SELECT count(*) FROM cases c JOIN case_statuses s ON s.id = c.status_id WHERE c.facility_id = ?1
             AND s.name = 'cancelled' AND (c.cancelled_at IS NULL OR c.cancelled_at >= {}
             OR EXISTS (SELECT 1 FROM case_milestones m WHERE m.case_id = c.id AND m.recorded_at IS NOT NULL))",
            at("2026-03-10T04:00:00Z")
        )),
        0
    );
    // Historical completed cases have a call time; future ones none.
    assert_eq!(
        d.count(&format!(
            "SELECT count(*) FROM cases WHERE facility_id = ?1 AND scheduled_date >= '{TODAY}' AND call_time IS NOT NULL"
        )),
        0
    );
    // Audit: one summary row for the generation (and one for its purge), no per-step rows.
    let audit: Vec<(String, Value)> =
        d.fx.raw()
            .prepare(
                "SELECT action, metadata FROM audit_log WHERE facility_id = ?1 AND action LIKE 'demo.%' ORDER BY rowid",
            )
            .unwrap()
            .query_map([&d.f], |r| Ok((r.get(0)?, serde_json::from_str(&r.get::<_, String>(1)?).unwrap())))
            .unwrap()
            .map(Result::unwrap)
            .collect();
    let actions: Vec<&str> = audit.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["demo.purged", "demo.generated"]);
    assert_eq!(audit[1].1["cases"], json!(report.cases));
    assert_eq!(
        d.count("SELECT count(*) FROM audit_log WHERE facility_id = ?1 AND (action LIKE 'case%' OR action LIKE 'milestone.%')"),
        0
    );
    // The reads the quickstart prints work on the result.
    let kpis = admin.facility_kpis(&d.f, "2026-02-24", "2026-03-09", None).unwrap();
    assert!(kpis.volume.value > 0, "{:?}", kpis.volume);
    let flags = admin.flag_analytics(&d.f, "2026-02-24", "2026-03-09").unwrap();
    assert!(flags.summary.flagged_cases > 0);
    // Detection ran once over the generated cases when the batch ended (ADR 0006): a re-detection of the whole
    // history now finds nothing to change.
    let again = admin.redetect_facility_flags(&d.f, "2026-02-24", "2026-03-17").unwrap();
    assert!(again.evaluated > 0);
    assert_eq!((again.inserted, again.updated, again.deleted), (0, 0, 0), "{again:?}");
}

#[test]
fn same_seed_config_today_and_database_give_the_same_content() {
    let a = demo();
    let b = demo();
    let ra = a.admin().generate_demo_data(&a.f, Some(&a.small_config()), 11, Some(TODAY)).unwrap();
    let rb = b.admin().generate_demo_data(&b.f, Some(&b.small_config()), 11, Some(TODAY)).unwrap();
    assert_eq!(ra.cases, rb.cases);
    let (ca, cb) = (a.content(), b.content());
    assert!(ca.len() > ra.cases as usize);
    assert_eq!(ca, cb);
    // Another seed gives another history.
    let c = demo();
    c.admin().generate_demo_data(&c.f, Some(&c.small_config()), 12, Some(TODAY)).unwrap();
    assert_ne!(c.content(), ca);
}

#[test]
fn purge_then_regenerate_gives_the_first_generation_again() {
    let d = demo();
    let admin = d.admin();
    let config = d.small_config();
    admin.generate_demo_data(&d.f, Some(&config), 5, Some(TODAY)).unwrap();
    let first = d.content();
    let users = d.fx.count("SELECT count(*) FROM users");
    let cases = d.count("SELECT count(*) FROM cases WHERE facility_id = ?1");
    let purged = admin.purge_case_data(&d.f).unwrap();
    assert_eq!(purged.cases as i64, cases);
    assert!(purged.cases > 0 && purged.milestones > 0 && purged.flags > 0);
    for table in [
        "cases",
        "case_flags",
        "case_completion_stats",
        "case_milestone_stats",
        "metric_issues",
        "case_history",
        "patient_checkins",
    ] {
        assert_eq!(d.count(&format!("SELECT count(*) FROM {table} WHERE facility_id = ?1")), 0, "{table}");
    }
    assert_eq!(d.fx.count("SELECT count(*) FROM case_milestones"), 0);
    assert_eq!(d.fx.count("SELECT count(*) FROM surgeon_procedure_averages"), 0);
    assert_eq!(d.fx.count("SELECT count(*) FROM users"), users, "users are kept");
    assert_eq!(
        d.count("SELECT count(*) FROM procedure_reimbursements WHERE facility_id = ?1"),
        28,
        "configuration is kept"
    );
    assert_eq!(d.count("SELECT count(*) FROM audit_log WHERE facility_id = ?1 AND action = 'demo.purged'"), 2);
    // Numbering restarts after a purge; the same seed gives the same content.
    admin.generate_demo_data(&d.f, Some(&config), 5, Some(TODAY)).unwrap();
    assert_eq!(d.content(), first);
    // Without purge_first the numbering continues after the largest DEMO number.
    let mut more = config.clone();
    more.purge_first = false;
    let before = d.count("SELECT count(*) FROM cases WHERE facility_id = ?1");
    let report = admin.generate_demo_data(&d.f, Some(&more), 6, Some(TODAY)).unwrap();
    assert_eq!(d.count("SELECT count(*) FROM cases WHERE facility_id = ?1"), before + report.cases as i64);
    let next: String =
        d.fx.raw()
            .query_row(
                "SELECT case_number FROM cases WHERE facility_id = ?1 ORDER BY case_number LIMIT 1 OFFSET ?2",
                rusqlite::params![d.f, before],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(next, format!("DEMO-{:05}", before + 1));
}

#[test]
fn generation_and_purge_refusals() {
    let d = demo();
    let config = d.small_config();
    let before = d.fx.count("SELECT count(*) FROM cases");
    let (_, coordinator) = d.fx.member(&d.f, "coordinator", "Cody");
    let (_, user) = d.fx.member(&d.f, "user", "Uma");
    for scope in [&coordinator, &user] {
        assert_eq!(
            scope.generate_demo_data(&d.f, Some(&config), 1, Some(TODAY)).unwrap_err().kind(),
            ErrorKind::PermissionDenied
        );
        assert_eq!(scope.purge_case_data(&d.f).unwrap_err().kind(), ErrorKind::PermissionDenied);
    }
    // Another facility's admin does not see this one.
    let other = d.fx.facility("Other");
    let (_, other_admin) = d.fx.member(&other, "facility_admin", "Olga");
    assert_eq!(
        other_admin.generate_demo_data(&d.f, Some(&config), 1, Some(TODAY)).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(other_admin.purge_case_data(&d.f).unwrap_err().kind(), ErrorKind::NotFound);
    let admin = d.admin();
    // today after the clock's date; a malformed date.
    let e = admin.generate_demo_data(&d.f, Some(&config), 1, Some("2026-03-11")).unwrap_err();
    assert_eq!((e.kind(), e.to_string().contains("today")), (ErrorKind::InvalidInput, true));
    assert_eq!(admin.generate_demo_data(&d.f, None, 1, Some("2026-3-1")).unwrap_err().kind(), ErrorKind::InvalidInput);
    // A room of another facility → NotFound naming the key.
    let mut bad = config.clone();
    let foreign_room =
        d.fx.global_admin()
            .create(orbit_core::reference::RefTable::OrRooms, &obj(json!({"facility_id": other, "name": "X"})))
            .unwrap();
    bad.surgeons.as_mut().unwrap()[0].day_rooms.insert(1, vec![foreign_room["id"].as_str().unwrap().to_string()]);
    let e = admin.generate_demo_data(&d.f, Some(&bad), 1, Some(TODAY)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(e.to_string().contains("config.surgeons[0].day_rooms.1"), "{e}");
    // A facility without the roster needs explicit surgeons.
    let e = d.fx.global_admin().generate_demo_data(&other, None, 1, Some(TODAY)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    // Nothing was written by the refused calls.
    assert_eq!(d.fx.count("SELECT count(*) FROM cases"), before);
    assert_eq!(d.fx.count("SELECT count(*) FROM audit_log WHERE action LIKE 'demo.gen%' OR action = 'demo.purged'"), 0);
}

#[test]
fn the_default_roster_generates_through_the_ops_table() {
    // The full §11.8 roster over a few days, called the way the bindings call it.
    let d = demo();
    let args =
        json!({"facility_id": d.f, "seed": 3, "today": TODAY, "config": {"days_of_history": 7, "days_ahead": 2}});
    let r = orbit_core::api::invoke(&d.admin(), "generate_demo_data", &args).unwrap();
    // Mar 3–9: Tue 3 (Adams, Chen, Diaz), Wed 4 (Baker, Diaz, Foster), Thu 5 (Adams, Chen, Evans),
    // Fri 6 (Baker, Diaz, Foster), Mon 9 (Adams, Baker, Evans); today Tue 10 and Wed 11 are scheduled.
    assert!(r["historical"].as_u64().unwrap() >= 15 * 3);
    assert!(r["scheduled"].as_u64().unwrap() >= 6 * 3);
    // Adams's flip days link cases and stamp surgeon_left_at = closing + 10 minutes.
    assert!(d.count("SELECT count(*) FROM cases WHERE facility_id = ?1 AND called_next_case_id IS NOT NULL") > 0);
    assert_eq!(
        d.count("SELECT count(*) FROM cases c JOIN users u ON u.id = c.surgeon_id
                 JOIN case_milestones m ON m.case_id = c.id JOIN facility_milestones fm ON fm.id = m.facility_milestone_id
                 WHERE c.facility_id = ?1 AND u.last_name = 'Adams' AND fm.name = 'closing' AND m.recorded_at IS NOT NULL
                   AND c.surgeon_left_at <> m.recorded_at + 600000"),
        0
    );
    // Hand cases have no anesthesia milestones.
    assert_eq!(
        d.count("SELECT count(*) FROM cases c JOIN users u ON u.id = c.surgeon_id
                 JOIN case_milestones m ON m.case_id = c.id JOIN facility_milestones fm ON fm.id = m.facility_milestone_id
                 WHERE c.facility_id = ?1 AND u.last_name IN ('Diaz', 'Evans') AND fm.name = 'anes_start'
                   AND m.recorded_at IS NOT NULL"),
        0
    );
    let e = orbit_core::api::invoke(&d.admin(), "generate_demo_data", &json!({"facility_id": d.f})).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    let e = orbit_core::api::invoke(&d.admin(), "generate_demo_data", &json!({"facility_id": d.f, "seed": -1}))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
}
