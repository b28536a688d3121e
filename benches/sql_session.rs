//! Opening a scoped SQL session and running a first query on a store of 100,000 cases, next to the same
//! count run directly on the file (the floor), measured in one run.
//!
//! `cargo bench --bench sql_session`
use criterion::{Criterion, criterion_group, criterion_main};
use orbit_core::{FacilityTarget, NewFacility, NewUser, Orbit, ProvisionConfig};

const CASES: i64 = 100_000;

fn setup(dir: &std::path::Path) -> (Orbit, String) {
    let path = dir.join("bench.db");
    let orbit = Orbit::open(&path).unwrap();
    let ga = orbit
        .bootstrap_global_admin(NewUser { first_name: "G".into(), last_name: "A".into(), ..NewUser::default() })
        .unwrap();
    let g = orbit.as_user(&ga.id).unwrap();
    let mut facilities = Vec::new();
    for name in ["A", "B"] {
        let nf = NewFacility { name: name.into(), ..NewFacility::default() };
        facilities.push(g.provision_facility(FacilityTarget::New(nf), ProvisionConfig::default()).unwrap().facility_id);
    }
    let coordinator = g
        .create_user(NewUser {
            facility_id: Some(facilities[0].clone()),
            access_level: Some("coordinator".into()),
            first_name: "C".into(),
            last_name: "O".into(),
            ..NewUser::default()
        })
        .unwrap();
    // Bulk rows straight into the file: the case lifecycle API is not part of this benchmark.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO cases (id, facility_id, case_number, scheduled_date, status_id, created_at, updated_at)
         SELECT printf('0195f3c2-%04x-7000-8000-%012x', i % 65536, i), CASE i % 2 WHEN 0 THEN ?2 ELSE ?3 END,
                'C-' || i, date('2025-01-01', '+' || (i % 365) || ' days'),
                (SELECT id FROM case_statuses WHERE name = 'completed'), 0, 0
         FROM n",
        rusqlite::params![CASES, facilities[0], facilities[1]],
    )
    .unwrap();
    (orbit, coordinator.id)
}

fn sql_session(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (orbit, coordinator) = setup(dir.path());
    let scope = orbit.as_user(&coordinator).unwrap();
    let mut group = c.benchmark_group("sql_session_100k_cases");
    group.sample_size(20);
    group.bench_function("open", |b| b.iter(|| scope.open_sql_session().unwrap()));
    group.bench_function("open_and_count_or_rooms", |b| {
        b.iter(|| scope.open_sql_session().unwrap().query("SELECT count(*) FROM or_rooms", &[]).unwrap())
    });
    group.bench_function("open_and_count_cases", |b| {
        b.iter(|| scope.open_sql_session().unwrap().query("SELECT count(*) FROM cases", &[]).unwrap())
    });
    let mut session = scope.open_sql_session().unwrap();
    session.query("SELECT count(*) FROM cases", &[]).unwrap();
    group.bench_function("second_count_cases_same_session", |b| {
        b.iter(|| session.query("SELECT count(*) FROM cases", &[]).unwrap())
    });
    let raw = rusqlite::Connection::open(dir.path().join("bench.db")).unwrap();
    let facility: String =
        raw.query_row("SELECT facility_id FROM users WHERE id = ?1", [&coordinator], |r| r.get(0)).unwrap();
    group.bench_function("floor_direct_count_cases_of_facility", |b| {
        b.iter(|| {
            raw.query_row("SELECT count(*) FROM cases WHERE facility_id = ?1", [&facility], |r| r.get::<_, i64>(0))
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, sql_session);
criterion_main!(benches);
