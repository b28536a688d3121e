//! The stats pipeline at 10,000 and 100,000 cases (`ORBIT_BENCH_SIZES=10000,100000` to change them):
//!
//! - full lifecycle throughput (create → record patient_in, incision, closing, patient_out → completed and
//!   auto-validated, stats and neighbours included) with one transaction per call, one per case
//!   (`Scope::batch` around a case) and one per 100 cases, the last also with detection deferred to the batch's
//!   end (`Scope::batch_deferring_detection`);
//! - the floor: the rows one lifecycle inserts, written again with plain prepared INSERTs (100 cases' worth per
//!   transaction), so the pipeline's throughput is reported as a fraction of the raw SQLite write rate;
//! - re-detecting every flag rule over the whole history (`redetect_facility_flags`);
//! - aggregate read latency (a whole facility, and one surgeon × procedure), `case_pace` and the median calls.
//!
//! Each store is one facility with 4 rooms, 6 surgeons and 5 procedures, 20 cases a day; its history is bulk
//! inserted and then priced by `refresh_stats` (the full rebuild, timed and printed). New cases go to the
//! days right after it, laid out the same way, so their neighbours and 90-day flag windows are real.
//!
//! `cargo bench --bench stats_lifecycle`
use std::time::Instant;

mod common;

use common::obj;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use orbit_core::reference::RefTable;
use orbit_core::{AggregateQuery, NewCase, Scope};
use serde_json::json;

const PER_DAY: usize = 20;
const ROOMS: usize = 4;

struct Store {
    _fx: common::Facility,
    f: String,
    admin: Scope,
    user: Scope,
    rooms: Vec<String>,
    surgeons: Vec<String>,
    procedures: Vec<String>,
    milestones: Vec<String>,
    /// Position of the next API-made case in the layout (the history holds the first ones).
    next: usize,
}

fn store(cases: usize) -> Store {
    let fx = common::facility(6, ROOMS, 5);
    let (f, admin, user, path) = (fx.f.clone(), fx.admin.clone(), fx.user.clone(), fx.path.clone());
    let (rooms, surgeons, procedures) = (fx.rooms.clone(), fx.surgeons.clone(), fx.procedures.clone());
    admin.update(RefTable::Facilities, &f, &obj(json!({"or_hourly_rate": 6000}))).unwrap();
    let milestones = fx.milestones(&["patient_in", "incision", "closing", "patient_out"]);

    // The history: bulk rows straight into the file, the same layout as `lifecycle` below.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch("BEGIN").unwrap();
    raw.execute(
        "CREATE TEMP TABLE gen AS
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1),
         k AS (SELECT i, i / 20 AS day, (i % 20) % 4 AS room, (i % 20) / 4 AS slot FROM n),
         t AS (SELECT *, date('2010-01-01', '+' || day || ' days') AS d,
                      (unixepoch(date('2010-01-01', '+' || day || ' days') || ' 12:00:00') + slot * 6000 + (i % 7) * 60) * 1000 AS pi
               FROM k)
         SELECT i, printf('%08x-0000-7000-8000-%012x', i, i) AS id, d, room, slot, (day + room) % 6 AS surgeon,
                i % 5 AS procedure, pi, pi + (20 + i % 11) * 60000 AS inc, pi + (60 + i % 37) * 60000 AS cl,
                pi + (75 + i % 37 + i % 9) * 60000 AS po
         FROM t",
        [cases as i64],
    )
    .unwrap();
    raw.execute(
        "INSERT INTO cases (id, facility_id, case_number, scheduled_date, start_time, or_room_id, surgeon_id,
             procedure_type_id, status_id, milestone_template_id, data_validated, validated_at, created_at, updated_at)
         SELECT g.id, ?1, 'H-' || g.i, g.d, time('07:00:00', '+' || (g.slot * 100) || ' minutes'),
                json_extract(?2, '$[' || g.room || ']'), json_extract(?3, '$[' || g.surgeon || ']'),
                json_extract(?4, '$[' || g.procedure || ']'), (SELECT id FROM case_statuses WHERE name = 'completed'),
                (SELECT id FROM milestone_templates WHERE facility_id = ?1 AND is_default = 1), 1, g.po, g.pi, g.po
         FROM gen g",
        rusqlite::params![
            f,
            serde_json::to_string(&rooms).unwrap(),
            serde_json::to_string(&surgeons).unwrap(),
            serde_json::to_string(&procedures).unwrap()
        ],
    )
    .unwrap();
    raw.execute(
        "INSERT INTO case_milestones (id, case_id, facility_milestone_id, recorded_at, created_at, updated_at)
         SELECT printf('%08x-%04x-7000-9000-%012x', g.i, m.rowid % 65536, g.i), g.id, m.id,
                CASE m.name WHEN 'patient_in' THEN g.pi WHEN 'incision' THEN g.inc WHEN 'closing' THEN g.cl
                            WHEN 'patient_out' THEN g.po END, g.pi, g.po
         FROM gen g JOIN facility_milestones m ON m.facility_id = ?1",
        [&f],
    )
    .unwrap();
    raw.execute_batch(if std::env::var("ORBIT_BENCH_ANALYZE").is_ok() {
        "DROP TABLE gen; COMMIT; ANALYZE"
    } else {
        "DROP TABLE gen; COMMIT"
    })
    .unwrap();
    let started = Instant::now();
    let n = admin.refresh_stats(Some(&f)).unwrap();
    eprintln!("refresh_stats (full rebuild) of {n} cases: {:.1} s", started.elapsed().as_secs_f64());
    fx.keep_copy(&raw);
    // New cases continue the history's layout on the days right after it, so their 90-day flag windows are full.
    Store { _fx: fx, f, admin, user, rooms, surgeons, procedures, milestones, next: cases }
}

impl Store {
    /// One case's lifecycle through the API, on the days after the history (the same layout, numbering on).
    fn lifecycle(&mut self, s: &Scope) {
        let i = self.next;
        self.next += 1;
        let (day, j) = (i / PER_DAY, i % PER_DAY);
        let (room, slot) = (j % ROOMS, j / ROOMS);
        let date = (chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap() + chrono::Duration::days(day as i64))
            .format("%Y-%m-%d")
            .to_string();
        let start = 7 * 60 + slot * 100;
        let case = s
            .create_case(NewCase {
                case_number: format!("L-{i}"),
                scheduled_date: date.clone(),
                start_time: Some(format!("{:02}:{:02}", start / 60, start % 60)),
                or_room_id: Some(self.rooms[room].clone()),
                surgeon_id: Some(self.surgeons[(day + room) % 6].clone()),
                procedure_type_id: Some(self.procedures[i % 5].clone()),
                ..NewCase::default()
            })
            .unwrap();
        let pi = orbit_core::values::parse_rfc3339("t", &format!("{date}T12:00:00Z")).unwrap()
            + (slot as i64 * 100 + (i % 7) as i64) * 60_000;
        let offsets = [0, 20 + i % 11, 60 + i % 37, 75 + i % 37 + i % 9];
        for (m, minutes) in self.milestones.clone().iter().zip(offsets) {
            s.record_milestone(&case, m, Some(pi + minutes as i64 * 60_000), None).unwrap();
        }
    }
}

fn sizes() -> Vec<usize> {
    std::env::var("ORBIT_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000])
}

fn stats(c: &mut Criterion) {
    for n in sizes() {
        eprintln!("building a store of {n} cases…");
        let mut s = store(n);
        let user = s.user.clone();
        let mut group = c.benchmark_group(format!("stats_{n}_cases"));
        group.sample_size(10);
        // flags.md §7.4 over the whole history: every validated case against its own 90-day window.
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function("redetect_facility_flags_all_cases", |b| {
            b.iter(|| {
                let counts = s.admin.redetect_facility_flags(&s.f, "2000-01-01", "2099-12-31").unwrap();
                assert_eq!(counts.evaluated, n as u64);
            })
        });
        group.throughput(Throughput::Elements(1));
        group.bench_function("lifecycle_tx_per_call", |b| b.iter(|| s.lifecycle(&user)));
        group.bench_function("lifecycle_tx_per_case", |b| {
            b.iter(|| {
                user.batch(|b| {
                    s.lifecycle(b);
                    Ok(())
                })
                .unwrap()
            })
        });
        group.throughput(Throughput::Elements(100));
        group.bench_function(BenchmarkId::new("lifecycle_tx_per_100_cases", 100), |b| {
            b.iter(|| {
                user.batch(|b| {
                    for _ in 0..100 {
                        s.lifecycle(b);
                    }
                    Ok(())
                })
                .unwrap()
            })
        });
        // The bulk path (importers, generated histories): detection once per batch, one window per date.
        group.bench_function(BenchmarkId::new("lifecycle_tx_per_100_cases_deferred_detection", 100), |b| {
            b.iter(|| {
                user.batch_deferring_detection(|b| {
                    for _ in 0..100 {
                        s.lifecycle(b);
                    }
                    Ok(())
                })
                .unwrap()
            })
        });
        group.throughput(Throughput::Elements(1));
        let facility = AggregateQuery { facility_id: s.f.clone(), ..Default::default() };
        let one = AggregateQuery {
            surgeon_id: Some(s.surgeons[0].clone()),
            procedure_type_id: Some(s.procedures[0].clone()),
            ..facility.clone()
        };
        for relation in ["surgeon_procedure_stats", "surgeon_milestone_stats"] {
            group.bench_function(format!("read_{relation}_facility"), |b| {
                b.iter(|| user.aggregate_stats(relation, &facility).unwrap())
            });
            group.bench_function(format!("read_{relation}_one_key"), |b| {
                b.iter(|| user.aggregate_stats(relation, &one).unwrap())
            });
        }
        // A live case at incision for the pace read.
        let live = user
            .create_case(NewCase {
                case_number: "LIVE".into(),
                scheduled_date: "2026-02-10".into(),
                start_time: Some("07:00".into()),
                or_room_id: Some(s.rooms[0].clone()),
                surgeon_id: Some(s.surgeons[0].clone()),
                procedure_type_id: Some(s.procedures[0].clone()),
                ..NewCase::default()
            })
            .unwrap();
        let t0 = orbit_core::values::parse_rfc3339("t", "2026-02-10T12:00:00Z").unwrap();
        user.record_milestone(&live, &s.milestones[0], Some(t0), None).unwrap();
        user.record_milestone(&live, &s.milestones[1], Some(t0 + 25 * 60_000), None).unwrap();
        group.bench_function("case_pace", |b| b.iter(|| user.case_pace(&live, Some(t0 + 30 * 60_000)).unwrap()));
        group.bench_function("milestone_interval_medians", |b| {
            b.iter(|| user.milestone_interval_medians(Some(&s.surgeons[0]), &s.procedures[0], &s.f).unwrap())
        });
        // The floor (last, as it adds rows): the rows one lifecycle inserts, written again with plain prepared
        // INSERTs, 100 cases' worth in one transaction — the raw SQLite write rate for the same rows.
        let raw = rusqlite::Connection::open(&s._fx.path).unwrap();
        raw.set_prepared_statement_cache_capacity(256);
        let captured = common::capture_inserted_rows(&raw, || s.lifecycle(&user));
        eprintln!("floor: one lifecycle inserts {} rows", captured.len());
        let mut copy = 0;
        group.throughput(Throughput::Elements(100));
        group.bench_function(BenchmarkId::new("floor_plain_inserts_per_100_cases", 100), |b| {
            b.iter(|| {
                // Foreign keys are checked at commit: the copy writes tables in name order, not parent first.
                raw.execute_batch("BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON").unwrap();
                for _ in 0..100 {
                    captured.insert_copy(&raw, copy);
                    copy += 1;
                }
                raw.execute_batch("COMMIT").unwrap();
            })
        });
        group.finish();
    }
}

criterion_group!(benches, stats);
criterion_main!(benches);
