//! Recording a milestone on a store of 1,000 cases and on one of 1,000,000 (`ORBIT_BENCH_LARGE` to change
//! it): the cost must not grow with the store (indexes, no scans). Both stores are built in the same run;
//! the report gives the ratio.
//!
//! `cargo bench --bench record_milestone`
use criterion::{Criterion, criterion_group, criterion_main};
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{FacilityTarget, NewCase, NewFacility, NewUser, Orbit, ProvisionConfig, Scope};

struct Store {
    _dir: tempfile::TempDir,
    user: Scope,
    case: String,
    incision: String,
}

/// A provisioned facility with `cases` cases (bulk rows, 10 milestones each) plus one live case through the API.
fn store(cases: i64) -> Store {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let orbit = Orbit::open(&path).unwrap();
    let ga = orbit
        .bootstrap_global_admin(NewUser { first_name: "G".into(), last_name: "A".into(), ..Default::default() })
        .unwrap();
    let g = orbit.as_user(&ga.id).unwrap();
    let f = g
        .provision_facility(
            FacilityTarget::New(NewFacility { name: "F".into(), ..Default::default() }),
            ProvisionConfig::default(),
        )
        .unwrap()
        .facility_id;
    let user = g
        .create_user(NewUser {
            facility_id: Some(f.clone()),
            first_name: "U".into(),
            last_name: "U".into(),
            ..Default::default()
        })
        .unwrap();
    let user = orbit.as_user(&user.id).unwrap();
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch("BEGIN").unwrap();
    raw.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO cases (id, facility_id, case_number, scheduled_date, status_id, milestone_template_id, created_at, updated_at)
         SELECT printf('%08x-0000-7000-8000-%012x', i, i), ?2, 'B-' || i, date('2020-01-01', '+' || (i % 2000) || ' days'),
                (SELECT id FROM case_statuses WHERE name = 'completed'),
                (SELECT id FROM milestone_templates WHERE facility_id = ?2), 0, 0
         FROM n",
        rusqlite::params![cases, f],
    )
    .unwrap();
    raw.execute(
        "INSERT INTO case_milestones (id, case_id, facility_milestone_id, recorded_at, created_at, updated_at)
         SELECT substr(c.id, 1, 24) || printf('%012x', m.display_order * 100000000 + CAST(substr(c.id, 25) AS INTEGER)),
                c.id, m.id, 1577880000000 + m.display_order * 600000, 0, 0
         FROM cases c JOIN facility_milestones m ON m.facility_id = c.facility_id WHERE c.case_number LIKE 'B-%'",
        [],
    )
    .unwrap();
    raw.execute_batch("COMMIT; ANALYZE").unwrap();
    let case = user
        .create_case(NewCase { case_number: "LIVE".into(), scheduled_date: "2026-02-10".into(), ..Default::default() })
        .unwrap();
    let milestones = user.list(RefTable::FacilityMilestones, &ListOptions::default()).unwrap();
    let id = |n: &str| milestones.iter().find(|m| m["name"] == n).unwrap()["id"].as_str().unwrap().to_string();
    user.record_milestone(&case, &id("patient_in"), None, None).unwrap();
    Store { _dir: dir, user, case, incision: id("incision") }
}

fn record(c: &mut Criterion) {
    let large: i64 = std::env::var("ORBIT_BENCH_LARGE").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let mut group = c.benchmark_group("record_milestone");
    group.sample_size(50);
    for (label, n) in [("1k_cases", 1_000), ("large_cases", large)] {
        eprintln!("building a store of {n} cases…");
        let s = store(n);
        let mut minute = 0i64;
        let base = orbit_core::values::parse_rfc3339("t", "2026-02-10T12:00:00Z").unwrap();
        group.bench_function(label, |b| {
            b.iter(|| {
                // Re-record incision at a new instant each time: a full call (detection, audit) on a live case.
                minute = (minute + 1) % 240;
                s.user.record_milestone(&s.case, &s.incision, Some(base + minute * 60_000), None).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, record);
criterion_main!(benches);
