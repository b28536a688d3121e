//! The ORbit Score at scale (scoring.md): one facility with 50 surgeons and 100,000 validated cases in the
//! scored period (`ORBIT_BENCH_SCORE_CASES` to change the count).
//!
//! - `compute_orbit_scores`: the whole call (load the period's and previous period's scored cases with their
//!   milestones, profits and delay flags, then score), with and without diagnostics;
//! - `score_facility`: the pure engine alone on the same cases, already in memory;
//! - the floor: one plain `SELECT` of the same case rows and milestone rows on the file, in the same run.
//!
//! The history is bulk inserted (4 milestones a case, a stats row with a profit, a delay flag on every 20th
//! case), spread over the 90-day period across 20 rooms and 10 procedures.
//!
//! `cargo bench --bench scoring`
mod common;

use common::obj;
use criterion::{Criterion, criterion_group, criterion_main};
use orbit_core::reference::RefTable;
use orbit_core::scoring::{Period, ScoreCase, ScoreSettings, score_facility};
use serde_json::json;

const SURGEONS: usize = 50;
const ROOMS: usize = 20;
const PROCEDURES: usize = 10;

fn store(cases: usize) -> common::Facility {
    let fx = common::facility(SURGEONS, ROOMS, PROCEDURES);
    let (f, path, admin) = (&fx.f, &fx.path, &fx.admin);
    let (surgeons, rooms, procedures) = (&fx.surgeons, &fx.rooms, &fx.procedures);
    let delay_type =
        common::id(admin.create(RefTable::DelayTypes, &obj(json!({"name": "late", "display_name": "Late"}))));
    assert!(!fx.milestones(&["prep_drape_complete"]).is_empty());

    let raw = rusqlite::Connection::open(path).unwrap();
    raw.execute_batch("BEGIN").unwrap();
    // Case i: day i × 90 / n of 2026-01-01.. (rows in date order, as a facility books them), surgeon i % 50,
    // room i % 20, procedure (i / 50) % 10; start 07:00 + 30 min slots; patient_in 0–19 min late; prep 10 min later; incision 1–12 min after prep; out 45–164 min.
    raw.execute(
        "CREATE TEMP TABLE gen AS
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1),
         k AS (SELECT i, i * 90 / ?1 AS day, i % 50 AS surgeon, i % 20 AS room, (i / 50) % 10 AS procedure,
                      (i / 20) % 20 AS slot FROM n),
         t AS (SELECT *, date('2026-01-01', '+' || day || ' days') AS d,
                      (unixepoch(date('2026-01-01', '+' || day || ' days') || ' 12:00:00') + slot * 1800) * 1000 AS sched
               FROM k)
         SELECT i, printf('%08x-0000-7000-8000-%012x', i, i) AS id, d, surgeon, room, procedure, slot,
                sched + (i % 20) * 60000 AS pi, sched + (i % 20 + 10) * 60000 AS prep,
                sched + (i % 20 + 11 + i % 12) * 60000 AS inc, sched + (i % 20 + 45 + (i * 7) % 120) * 60000 AS po
         FROM t",
        [cases as i64],
    )
    .unwrap();
    raw.execute(
        "INSERT INTO cases (id, facility_id, case_number, scheduled_date, start_time, or_room_id, surgeon_id,
             procedure_type_id, status_id, data_validated, validated_at, created_at, updated_at)
         SELECT g.id, ?1, 'H-' || g.i, g.d, time('07:00:00', '+' || (g.slot * 30) || ' minutes'),
                json_extract(?2, '$[' || g.room || ']'), json_extract(?3, '$[' || g.surgeon || ']'),
                json_extract(?4, '$[' || g.procedure || ']'), (SELECT id FROM case_statuses WHERE name = 'completed'),
                1, g.po, g.pi, g.po
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
                CASE m.name WHEN 'patient_in' THEN g.pi WHEN 'prep_drape_complete' THEN g.prep
                            WHEN 'incision' THEN g.inc WHEN 'patient_out' THEN g.po END, g.pi, g.po
         FROM gen g JOIN facility_milestones m ON m.facility_id = ?1
           AND m.name IN ('patient_in', 'prep_drape_complete', 'incision', 'patient_out')",
        [&f],
    )
    .unwrap();
    raw.execute(
        "INSERT INTO case_completion_stats (id, facility_id, case_id, case_number, case_date, surgeon_id,
             procedure_type_id, profit, created_at, updated_at)
         SELECT printf('%08x-0000-7000-a000-%012x', g.i, g.i), ?1, g.id, 'H-' || g.i, g.d,
                json_extract(?2, '$[' || g.surgeon || ']'), json_extract(?3, '$[' || g.procedure || ']'),
                150000 + (g.i * 7919) % 400000 - 100000, g.po, g.po
         FROM gen g",
        rusqlite::params![f, serde_json::to_string(&surgeons).unwrap(), serde_json::to_string(&procedures).unwrap()],
    )
    .unwrap();
    raw.execute(
        "INSERT INTO case_flags (id, facility_id, case_id, flag_type, delay_type_id, duration_minutes, severity, created_at)
         SELECT printf('%08x-0000-7000-b000-%012x', g.i, g.i), ?1, g.id, 'delay', ?2, 10, 'warning', g.po
         FROM gen g WHERE g.i % 20 = 0",
        rusqlite::params![f, delay_type],
    )
    .unwrap();
    raw.execute_batch("DROP TABLE gen; COMMIT").unwrap();
    fx.keep_copy(&raw);
    drop(raw);
    fx
}

fn cases() -> usize {
    std::env::var("ORBIT_BENCH_SCORE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

fn scoring(c: &mut Criterion) {
    let n = cases();
    eprintln!("building a store of {n} cases…");
    let s = store(n);
    let (start, end) = ("2026-01-01", "2026-03-31");
    let scores = s.admin.compute_orbit_scores(&s.f, start, end, false).unwrap();
    assert_eq!(scores.scorecards.len(), SURGEONS, "every surgeon is scored");
    let mut group = c.benchmark_group(format!("scoring_{n}_cases_{SURGEONS}_surgeons"));
    group.sample_size(10);
    group.bench_function("compute_orbit_scores", |b| {
        b.iter(|| s.admin.compute_orbit_scores(&s.f, start, end, false).unwrap())
    });
    group.bench_function("compute_orbit_scores_with_diagnostics", |b| {
        b.iter(|| s.admin.compute_orbit_scores(&s.f, start, end, true).unwrap())
    });
    // The engine alone, on the same cases in memory (rebuilt from the file with plain SQL).
    let raw = rusqlite::Connection::open(&s.path).unwrap();
    let in_memory = load_plainly(&raw);
    assert_eq!(in_memory.len(), n);
    let period = Period {
        start: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        end: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
    };
    let tz = chrono_tz::America::New_York;
    let settings = ScoreSettings::default();
    assert_eq!(score_facility(&settings, tz, &in_memory, period, false).unwrap(), scores, "same scores as the call");
    group.bench_function("score_facility_engine_only", |b| {
        b.iter(|| score_facility(&settings, tz, &in_memory, period, false).unwrap())
    });
    // The floor: reading the same case and milestone rows with plain statements, nothing else.
    group.bench_function("floor_plain_select_of_the_rows", |b| {
        b.iter(|| {
            let mut n = 0usize;
            let mut cases = raw
                .prepare_cached("SELECT id, case_number, surgeon_id, scheduled_date, start_time FROM cases")
                .unwrap();
            let mut rows = cases.query([]).unwrap();
            while let Some(r) = rows.next().unwrap() {
                n += r.get_ref(0).unwrap().as_str().unwrap().len();
            }
            let mut marks =
                raw.prepare_cached("SELECT case_id, facility_milestone_id, recorded_at FROM case_milestones").unwrap();
            let mut rows = marks.query([]).unwrap();
            while let Some(r) = rows.next().unwrap() {
                n += r.get::<_, i64>(2).unwrap() as usize & 1;
            }
            n
        })
    });
    group.finish();
}

/// The scored cases straight from the file (every case of the bench qualifies).
fn load_plainly(raw: &rusqlite::Connection) -> Vec<ScoreCase> {
    let mut out: Vec<ScoreCase> = raw
        .prepare(
            "SELECT c.id, c.case_number, c.surgeon_id, u.first_name, u.last_name, c.procedure_type_id, p.name,
                    c.or_room_id, c.scheduled_date, c.start_time, st.profit,
                    (SELECT count(*) FROM case_flags f WHERE f.case_id = c.id AND +f.flag_type = 'delay')
             FROM cases c JOIN users u ON u.id = c.surgeon_id JOIN procedure_types p ON p.id = c.procedure_type_id
             JOIN case_completion_stats st ON st.case_id = c.id ORDER BY c.id",
        )
        .unwrap()
        .query_map([], |r| {
            let date: String = r.get(8)?;
            Ok(ScoreCase {
                id: r.get(0)?,
                case_number: r.get(1)?,
                surgeon_id: r.get(2)?,
                surgeon_first_name: r.get(3)?,
                surgeon_last_name: r.get(4)?,
                procedure_type_id: r.get(5)?,
                procedure_name: r.get(6)?,
                or_room_id: r.get(7)?,
                scheduled_date: chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap(),
                start_time: r.get(9)?,
                profit: r.get::<_, Option<i64>>(10)?.map(|c| c as f64 / 100.0),
                delay_flag_count: r.get(11)?,
                ..ScoreCase::default()
            })
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let index: std::collections::HashMap<String, usize> =
        out.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
    let mut stmt = raw
        .prepare(
            "SELECT cm.case_id, fm.name, cm.recorded_at FROM case_milestones cm
             JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id",
        )
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        let (case, name, at): (String, String, i64) = (r.get(0).unwrap(), r.get(1).unwrap(), r.get(2).unwrap());
        let c = &mut out[index[&case]];
        match name.as_str() {
            "patient_in" => c.patient_in = Some(at),
            "prep_drape_complete" => c.prep_drape_complete = Some(at),
            "incision" => c.incision = Some(at),
            _ => c.patient_out = Some(at),
        }
    }
    out
}

criterion_group!(benches, scoring);
criterion_main!(benches);
