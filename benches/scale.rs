//! orbit on a store of 1,000,000 cases (`ORBIT_BENCH_SCALE_CASES` to change it): per-call latency
//! percentiles and the peak resident memory of each measured phase.
//!
//! The store holds 10 facilities of N/10 cases each, 40 cases a day over the days before 2026-02-09 (10 rooms,
//! 20 surgeons, 10 procedures per facility), every case completed and validated with patient_in, incision,
//! closing and patient_out recorded and a stats row; the rows are bulk inserted in date order, as facilities
//! book them. The measured facility is the first; "90 days" is 2025-11-11 … 2026-02-08 (3,600 cases).
//!
//! Phases (each call timed on its own with `Instant`; p50 and p99 are nearest-rank):
//! - `record_milestone`: re-recording incision on a live case at a new instant (a full call: row, detection,
//!   audit, one durable commit);
//! - `lifecycle`: one new case through the API in one batch (create → four milestones → completed and
//!   validated, stats, neighbours, detection);
//! - `facility_kpis` over 90 days; `aggregate_stats("surgeon_procedure_stats")` for the facility over all
//!   time; `compute_orbit_scores` over 90 days; `flag_analytics` over 90 days.
//!
//! Peak RSS: the process's high-water mark (`VmHWM`), reset through `/proc/self/clear_refs` before each phase,
//! so each figure is that phase's own peak (the store's page cache included).
//!
//! `cargo bench --bench scale` (a release build; building the store takes a few minutes). With
//! `ORBIT_BENCH_JSON=path` the figures are also written as JSON (used by `benches/compare.sh`).
mod common;

use std::time::Instant;

use common::{id, obj};
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{AggregateQuery, FacilityTarget, NewCase, NewFacility, NewUser, Orbit, ProvisionConfig, Scope};
use serde_json::{Value, json};

const FACILITIES: usize = 10;
const PER_DAY: usize = 40;
const ROOMS: usize = 10;
const SURGEONS: usize = 20;
const PROCEDURES: usize = 10;
const LAST_DAY: &str = "2026-02-08";
const PERIOD: (&str, &str) = ("2025-11-11", "2026-02-08");

struct Facility {
    f: String,
    user: Scope,
    admin: Scope,
    rooms: Vec<String>,
    surgeons: Vec<String>,
    procedures: Vec<String>,
}

fn facility(g: &Scope, orbit: &Orbit, k: usize) -> Facility {
    let nf = NewFacility {
        name: format!("F{k}"),
        timezone: Some("America/New_York".into()),
        or_hourly_rate_cents: Some(150_000),
        ..Default::default()
    };
    let f = g.provision_facility(FacilityTarget::New(nf), ProvisionConfig::default()).unwrap().facility_id;
    let member = |level: &str, role: Option<&str>, name: String| {
        g.create_user(NewUser {
            facility_id: Some(f.clone()),
            access_level: Some(level.into()),
            role: role.map(str::to_string),
            first_name: name.clone(),
            last_name: format!("{name}-last"),
            ..Default::default()
        })
        .unwrap()
        .id
    };
    let admin = orbit.as_user(&member("facility_admin", None, format!("Ada{k}"))).unwrap();
    let user = orbit.as_user(&member("user", None, format!("Uma{k}"))).unwrap();
    let surgeons = (0..SURGEONS).map(|i| member("user", Some("surgeon"), format!("S{k}-{i}"))).collect();
    let rooms =
        (0..ROOMS).map(|i| id(admin.create(RefTable::OrRooms, &obj(json!({"name": format!("OR {i}")}))))).collect();
    let procedures = (0..PROCEDURES)
        .map(|i| id(admin.create(RefTable::ProcedureTypes, &obj(json!({"name": format!("P{i}")})))))
        .collect();
    Facility { f, user, admin, rooms, surgeons, procedures }
}

/// Bulk history of one facility: `cases` rows ending on `LAST_DAY`, 40 a day (4 per room, 100-minute slots).
fn history(raw: &rusqlite::Connection, fx: &Facility, k: usize, cases: usize) {
    let days = cases.div_ceil(PER_DAY) as i64;
    raw.execute_batch("BEGIN").unwrap();
    raw.execute(
        "CREATE TEMP TABLE gen AS
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1),
         k AS (SELECT i, i / 40 AS day, (i % 40) % 10 AS room, (i % 40) / 10 AS slot FROM n),
         t AS (SELECT *, date(?2, '-' || (?3 - 1 - day) || ' days') AS d FROM k),
         u AS (SELECT *, (unixepoch(d || ' 12:00:00') + slot * 6000 + (i % 7) * 60) * 1000 AS pi FROM t)
         SELECT i, printf('%08x-%04x-7000-8000-%012x', i, ?4, i) AS id, d, room, slot, (day + room * 3 + slot) % 20 AS surgeon,
                i % 10 AS procedure, pi, pi + (20 + i % 11) * 60000 AS inc, pi + (60 + i % 37) * 60000 AS cl,
                pi + (75 + i % 37 + i % 9) * 60000 AS po
         FROM u",
        rusqlite::params![cases as i64, LAST_DAY, days, k as i64],
    )
    .unwrap();
    let arrays = rusqlite::params![
        fx.f,
        serde_json::to_string(&fx.rooms).unwrap(),
        serde_json::to_string(&fx.surgeons).unwrap(),
        serde_json::to_string(&fx.procedures).unwrap()
    ];
    raw.execute(
        "INSERT INTO cases (id, facility_id, case_number, scheduled_date, start_time, or_room_id, surgeon_id,
             procedure_type_id, status_id, milestone_template_id, data_validated, validated_at, created_at, updated_at)
         SELECT g.id, ?1, 'H-' || g.i, g.d, time('07:00:00', '+' || (g.slot * 100) || ' minutes'),
                json_extract(?2, '$[' || g.room || ']'), json_extract(?3, '$[' || g.surgeon || ']'),
                json_extract(?4, '$[' || g.procedure || ']'), (SELECT id FROM case_statuses WHERE name = 'completed'),
                (SELECT id FROM milestone_templates WHERE facility_id = ?1 AND is_default = 1), 1, g.po, g.pi, g.po
         FROM gen g",
        arrays,
    )
    .unwrap();
    raw.execute(
        "INSERT INTO case_milestones (id, case_id, facility_milestone_id, recorded_at, created_at, updated_at)
         SELECT printf('%08x-%04x-7000-9000-%012x', g.i, m.display_order * 16 + ?2, g.i), g.id, m.id,
                CASE m.name WHEN 'patient_in' THEN g.pi WHEN 'incision' THEN g.inc WHEN 'closing' THEN g.cl
                            WHEN 'patient_out' THEN g.po END, g.pi, g.po
         FROM gen g JOIN facility_milestones m ON m.facility_id = ?1",
        rusqlite::params![fx.f, k as i64],
    )
    .unwrap();
    raw.execute(
        "INSERT INTO case_completion_stats (id, facility_id, case_id, case_number, surgeon_id, procedure_type_id,
             or_room_id, case_date, scheduled_start_time, total_duration_minutes, surgical_duration_minutes,
             is_first_case_of_day_room, room_case_sequence, reimbursement, total_debits, or_time_cost, profit,
             or_cost, or_hourly_rate, cost_source, created_at, updated_at)
         SELECT printf('%08x-%04x-7000-a000-%012x', g.i, ?2, g.i), c.facility_id, c.id, c.case_number, c.surgeon_id,
                c.procedure_type_id, c.or_room_id, c.scheduled_date, c.start_time, (g.po - g.pi) / 60000,
                (g.cl - g.inc) / 60000, g.slot = 0, g.slot + 1, 1200000, 450000, (g.po - g.pi) / 60000 * 2500,
                1200000 - 450000 - (g.po - g.pi) / 60000 * 2500, (g.po - g.pi) / 60000 * 2500, 150000,
                'procedure_default', g.po, g.po
         FROM gen g JOIN cases c ON c.id = g.id",
        rusqlite::params![fx.f, k as i64],
    )
    .unwrap();
    raw.execute_batch("DROP TABLE gen; COMMIT").unwrap();
}

/// Resets the process's peak-RSS mark (Linux: writing 5 to clear_refs), so `peak_rss_mib` is the next phase's.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(f64::NAN);
    kib / 1024.0
}

/// Times `runs` calls of `f` one by one; returns (p50, p99, mean) in milliseconds and the phase's peak RSS.
fn measure(name: &str, runs: usize, mut f: impl FnMut(usize)) -> Value {
    reset_peak();
    let mut ms: Vec<f64> = (0..runs)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let rss = peak_rss_mib();
    ms.sort_by(f64::total_cmp);
    let rank = |p: f64| ms[((p * runs as f64).ceil() as usize).clamp(1, runs) - 1];
    let (p50, p99, mean) = (rank(0.50), rank(0.99), ms.iter().sum::<f64>() / runs as f64);
    println!("| {name} | {runs} | {p50:.2} | {p99:.2} | {mean:.2} | {rss:.0} |");
    json!({"name": name, "runs": runs, "p50_ms": p50, "p99_ms": p99, "mean_ms": mean, "peak_rss_mib": rss})
}

fn main() {
    let total: usize = std::env::var("ORBIT_BENCH_SCALE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let per_facility = total / FACILITIES;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scale.db");
    let orbit = Orbit::open(&path).unwrap();
    let ga = orbit
        .bootstrap_global_admin(NewUser { first_name: "G".into(), last_name: "A".into(), ..Default::default() })
        .unwrap();
    let g = orbit.as_user(&ga.id).unwrap();
    let started = Instant::now();
    reset_peak();
    let raw = rusqlite::Connection::open(&path).unwrap();
    let facilities: Vec<Facility> = (0..FACILITIES)
        .map(|k| {
            let fx = facility(&g, &orbit, k);
            history(&raw, &fx, k, per_facility);
            eprintln!(
                "facility {}/{FACILITIES}: {per_facility} cases ({:.0} s)",
                k + 1,
                started.elapsed().as_secs_f64()
            );
            fx
        })
        .collect();
    let build_s = started.elapsed().as_secs_f64();
    let build_rss = peak_rss_mib();
    let size_mib = std::fs::metadata(&path).map(|m| m.len() as f64 / 1048576.0).unwrap_or(f64::NAN);
    eprintln!("store of {total} cases built in {build_s:.0} s ({size_mib:.0} MiB)");
    drop(raw);

    let fx = &facilities[0];
    let milestones = fx.admin.list(RefTable::FacilityMilestones, &ListOptions::default()).unwrap();
    let ms = |n: &str| id(Ok(milestones.iter().find(|m| m["name"] == n).unwrap().clone()));
    let lifecycle_ms = [ms("patient_in"), ms("incision"), ms("closing"), ms("patient_out")];
    let base = orbit_core::values::parse_rfc3339("t", "2026-02-09T12:00:00Z").unwrap();

    println!("| phase ({total} cases) | calls | p50 ms | p99 ms | mean ms | peak RSS MiB |");
    println!("|---|---|---|---|---|---|");
    let mut rows = Vec::new();
    // A live case at patient_in, then incision re-recorded at a new instant per call.
    let live = fx
        .user
        .create_case(NewCase {
            case_number: "LIVE".into(),
            scheduled_date: "2026-02-09".into(),
            start_time: Some("07:00".into()),
            or_room_id: Some(fx.rooms[0].clone()),
            surgeon_id: Some(fx.surgeons[0].clone()),
            procedure_type_id: Some(fx.procedures[0].clone()),
            ..NewCase::default()
        })
        .unwrap();
    fx.user.record_milestone(&live, &lifecycle_ms[0], Some(base), None).unwrap();
    rows.push(measure("record_milestone", 1_000, |i| {
        let at = base + (1 + i as i64 % 240) * 60_000;
        fx.user.record_milestone(&live, &lifecycle_ms[1], Some(at), None).unwrap();
    }));
    rows.push(measure("lifecycle (one case, one batch)", 100, |i| {
        fx.user
            .batch(|s| {
                let case = s.create_case(NewCase {
                    case_number: format!("N-{i}"),
                    scheduled_date: "2026-02-09".into(),
                    start_time: Some("09:00".into()),
                    or_room_id: Some(fx.rooms[1 + i % (ROOMS - 1)].clone()),
                    surgeon_id: Some(fx.surgeons[i % SURGEONS].clone()),
                    procedure_type_id: Some(fx.procedures[i % PROCEDURES].clone()),
                    ..NewCase::default()
                })?;
                let pi = base + (i as i64 * 3) * 60_000;
                for (m, minutes) in lifecycle_ms.iter().zip([0, 25, 70, 85]) {
                    s.record_milestone(&case, m, Some(pi + minutes * 60_000), None)?;
                }
                Ok(())
            })
            .unwrap()
    }));
    rows.push(measure("facility_kpis, 90 days", 20, |_| {
        fx.user.facility_kpis(&fx.f, PERIOD.0, PERIOD.1, None).unwrap();
    }));
    let all = AggregateQuery { facility_id: fx.f.clone(), ..Default::default() };
    rows.push(measure("aggregate surgeon_procedure_stats, facility, all time", 5, |_| {
        fx.user.aggregate_stats("surgeon_procedure_stats", &all).unwrap();
    }));
    let one = AggregateQuery {
        surgeon_id: Some(fx.surgeons[0].clone()),
        procedure_type_id: Some(fx.procedures[0].clone()),
        ..all.clone()
    };
    rows.push(measure("aggregate surgeon_procedure_stats, one surgeon × procedure", 20, |_| {
        fx.user.aggregate_stats("surgeon_procedure_stats", &one).unwrap();
    }));
    rows.push(measure("compute_orbit_scores, 90 days", 10, |_| {
        fx.admin.compute_orbit_scores(&fx.f, PERIOD.0, PERIOD.1, false).unwrap();
    }));
    rows.push(measure("flag_analytics, 90 days", 10, |_| {
        fx.admin.flag_analytics(&fx.f, PERIOD.0, PERIOD.1).unwrap();
    }));
    println!(
        "\nstore: {total} cases in {FACILITIES} facilities, {size_mib:.0} MiB, built in {build_s:.0} s (peak RSS {build_rss:.0} MiB)"
    );
    if let Ok(out) = std::env::var("ORBIT_BENCH_JSON") {
        let doc = json!({"cases": total, "facilities": FACILITIES, "build_s": build_s, "size_mib": size_mib,
                         "build_peak_rss_mib": build_rss, "phases": rows});
        std::fs::write(out, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    }
}
