//! The historical-case importer through the public API: the real Q1 2022 data set (KPIs checked against an
//! independent computation from the CSV itself), per-row rejections without partial cases, re-import safety,
//! dry runs, options and access.

mod common;

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use common::Fixture;
use common::w::{W, at};
use orbit_core::import::{ImportMapping, ImportOptions, ImportReport, MilestoneColumn, RowCode};
use orbit_core::reference::RefTable;
use orbit_core::{AggregateQuery, ErrorKind, FacilityTarget, NewFacility, ProvisionConfig, Scope};
use serde_json::json;

const DATA: &str = include_str!("data/or_utilization_q1_2022.csv");
const NOW: &str = "2026-03-09T12:00:00Z";

// ─── The independent reading of the CSV ───────────────────────────────────────────────────────────────────────

/// One data-set row as the test reads it (local wall-clock times, no zone: differences are in minutes of
/// local time, which equal real minutes on every day of the file since no case spans the DST change).
#[derive(Debug, Clone)]
struct Row {
    number: String,
    date: NaiveDate,
    room: String,
    service: String,
    sched: NaiveDateTime,
    wheels_in: NaiveDateTime,
    incision: NaiveDateTime,
    closing: NaiveDateTime,
    wheels_out: NaiveDateTime,
}

fn rows() -> Vec<Row> {
    let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
    let mut reader = csv::Reader::from_reader(DATA.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Row {
                number: r[1].to_string(),
                date: NaiveDate::parse_from_str(&r[2], "%Y-%m-%d").unwrap(),
                room: r[3].to_string(),
                service: r[4].to_string(),
                sched: t(&r[8]),
                wheels_in: t(&r[9]),
                incision: t(&r[10]),
                closing: t(&r[11]),
                wheels_out: t(&r[12]),
            }
        })
        .collect()
}

fn minutes(a: NaiveDateTime, b: NaiveDateTime) -> f64 {
    (b - a).num_seconds() as f64 / 60.0
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// JavaScript's Math.round (half up), as the KPI spec's round_js.
fn round_js(x: f64) -> f64 {
    (x + 0.5).floor()
}

/// Room-days in the KPI order: start time, then patient_in, then case number.
fn room_days(rows: &[Row]) -> BTreeMap<(NaiveDate, String), Vec<Row>> {
    let mut days: BTreeMap<(NaiveDate, String), Vec<Row>> = BTreeMap::new();
    for r in rows {
        days.entry((r.date, r.room.clone())).or_default().push(r.clone());
    }
    for cases in days.values_mut() {
        cases.sort_by(|a, b| (a.sched, a.wheels_in, &a.number).cmp(&(b.sched, b.wheels_in, &b.number)));
    }
    days
}

// ─── Fixtures ─────────────────────────────────────────────────────────────────────────────────────────────────

/// A fresh New York facility (no rooms) provisioned with `config`, and a facility admin of it.
fn facility(fx: &Fixture, name: &str, config: ProvisionConfig) -> (String, Scope) {
    let f = fx
        .global_admin()
        .provision_facility(
            FacilityTarget::New(NewFacility {
                name: name.into(),
                timezone: Some("America/New_York".into()),
                ..NewFacility::default()
            }),
            config,
        )
        .unwrap()
        .facility_id;
    let (_, admin) = fx.member(&f, "facility_admin", "Ada");
    (f, admin)
}

fn creating() -> ImportOptions {
    ImportOptions::default().creating_missing()
}

fn codes(report: &ImportReport) -> Vec<(String, RowCode)> {
    report.rejected_rows.iter().map(|i| (i.case_number.clone().unwrap_or_default(), i.code)).collect()
}

// ─── The real data set ────────────────────────────────────────────────────────────────────────────────────────

/// The whole file into a fresh, fully provisioned facility, then its Q1 KPIs against a straightforward
/// computation from the CSV.
///
/// Runtime (debug build, 2 shared cores): ~55–70 s for the import (30–40 rows/s), ~1–2 s for the rest. The
/// import batches defer flag detection to each batch's end (ADR 0006); with per-call detection every validated
/// case loaded its 90-day window, a row's cost grew with the cases already imported (`record_milestone` ×4:
/// 46 → 177 ms per row between rows 200 and 1,200) and the file took 5–6 min (6–7 rows/s).
#[test]
fn import_real_data_kpis_match_an_independent_computation() {
    let (fx, _clock) = Fixture::with_clock(at(NOW));
    let (f, admin) = facility(&fx, "Q1 2022", ProvisionConfig::default());
    let data = rows();
    assert_eq!(data.len(), 2172);

    let report = admin.import_cases(&f, DATA, &ImportMapping::default(), &creating()).unwrap();
    eprintln!(
        "imported {} rows in {} ms ({:.0} rows/s, debug build)",
        report.rows, report.elapsed_ms, report.rows_per_second
    );
    // The file is clean: every row becomes a validated case.
    assert_eq!((report.rows, report.imported, report.validated), (2172, 2172, 2172));
    assert_eq!((report.rejected, report.skipped), (0, 0), "{:?}", codes(&report));
    assert_eq!(report.timezone, "America/New_York");
    assert_eq!(report.created.rooms.len(), 8);
    assert_eq!(report.created.rooms[0].name, "OR 1");
    assert_eq!(report.created.procedure_types.len(), 32);
    assert_eq!(report.created.surgeons.len(), 10);
    assert_eq!(fx.count(&format!("SELECT count(*) FROM cases WHERE facility_id = '{f}'")), 2172);
    assert_eq!(
        fx.count(&format!(
            "SELECT count(*) FROM case_milestones cm JOIN cases c ON c.id = cm.case_id
             WHERE c.facility_id = '{f}' AND cm.recorded_at IS NOT NULL"
        )),
        4 * 2172
    );
    assert_eq!(
        fx.count(&format!("SELECT count(*) FROM case_completion_stats WHERE facility_id = '{f}'")),
        2172,
        "validated cases get their stats rows"
    );
    // A created procedure type carries the median booked minutes of its rows.
    let bunion = admin.list(RefTable::ProcedureTypes, &Default::default()).unwrap();
    let lapidus = bunion.iter().find(|p| p["name"] == "Lapidus bunionectomy (28297)").unwrap();
    assert!(lapidus["expected_duration_minutes"].as_i64().unwrap() > 0);

    // Flags follow from the lifecycle (detected once per batch): a full re-detection changes nothing.
    assert!(fx.count(&format!("SELECT count(*) FROM case_flags WHERE facility_id = '{f}'")) > 0);
    let redetect = admin.redetect_facility_flags(&f, "2022-01-01", "2022-03-31").unwrap();
    eprintln!("re-detection: {redetect:?}");
    assert_eq!((redetect.inserted, redetect.updated, redetect.deleted), (0, 0, 0));

    // Re-importing the same file doubles nothing.
    let again = admin.import_cases(&f, DATA, &ImportMapping::default(), &creating()).unwrap();
    assert_eq!((again.imported, again.skipped, again.rejected), (0, 2172, 0));
    assert!(again.skipped_rows.iter().all(|i| i.code == RowCode::AlreadyImported));
    assert_eq!(again.created, Default::default());
    assert_eq!(fx.count(&format!("SELECT count(*) FROM cases WHERE facility_id = '{f}'")), 2172);

    let started = std::time::Instant::now();
    let kpis = admin.facility_kpis(&f, "2022-01-01", "2022-03-31", None).unwrap();
    eprintln!("re-import {} ms; facility_kpis {} ms", again.elapsed_ms, started.elapsed().as_millis());
    let (grace, threshold, milestone): (f64, f64, String) = fx
        .raw()
        .query_row(
            "SELECT fcots_grace_minutes, turnover_threshold_minutes, fcots_milestone
             FROM facility_analytics_settings WHERE facility_id = ?1",
            [&f],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(milestone, "patient_in");

    // Volume.
    assert_eq!(kpis.volume.value, 2172);

    // Same-room turnover: consecutive cases of a room-day, out → in, 0 < t < 180.
    let days = room_days(&data);
    let turnovers: Vec<f64> = days
        .values()
        .flat_map(|c| c.windows(2).map(|w| minutes(w[0].wheels_out, w[1].wheels_in)).collect::<Vec<_>>())
        .filter(|t| *t > 0.0 && *t < 180.0)
        .collect();
    let turnover_median = median(turnovers.clone()).unwrap();
    assert_eq!(kpis.room_turnover.median_minutes, Some(turnover_median));
    assert_eq!(kpis.room_turnover.result.value, round_js(turnover_median));
    let compliant = turnovers.iter().filter(|t| **t <= threshold).count() as i64;
    assert_eq!(kpis.room_turnover.compliant_count, compliant);
    assert_eq!(kpis.room_turnover.non_compliant_count, turnovers.len() as i64 - compliant);

    // FCOTS: each room-day's first case, scheduled start (seconds ignored) → wheels-in, on time ≤ grace. The
    // KPI reads the scheduled start in the facility zone and the imported instants: a wrong DST handling would
    // shift every March room-day after the 13th by an hour.
    let (mut on_time, mut late) = (0, 0);
    for cases in days.values() {
        let first = &cases[0];
        let delay = minutes(first.sched.with_second(0).unwrap(), first.wheels_in);
        if delay <= grace { on_time += 1 } else { late += 1 }
    }
    assert_eq!(kpis.fcots.first_case_count, days.len() as i64);
    assert_eq!((kpis.fcots.on_time_count, kpis.fcots.late_count), (on_time, late));
    assert_eq!(kpis.fcots.result.value, round_js(on_time as f64 / days.len() as f64 * 100.0));
    let after_dst: Vec<_> = kpis.fcots.details.iter().filter(|d| d.date.to_string() == "2022-03-14").collect();
    assert!(!after_dst.is_empty());
    for d in after_dst {
        let first = &days[&(d.date, d.room_name.clone().unwrap().trim_start_matches("OR ").to_string())][0];
        assert_eq!(d.actual_start, first.wheels_in.format("%H:%M").to_string(), "local wall-clock time survives DST");
    }

    // Utilization: Σ in → out over 8 rooms × 10 h × operating days.
    let operating_days = data.iter().map(|r| r.date).collect::<std::collections::BTreeSet<_>>().len() as i64;
    let actual: f64 = data.iter().map(|r| minutes(r.wheels_in, r.wheels_out)).filter(|m| *m > 0.0).sum();
    let available = 8.0 * 10.0 * 60.0 * operating_days as f64;
    let u = &kpis.utilization;
    assert_eq!((u.operating_days, u.room_count), (operating_days, 8));
    assert_eq!(u.actual_minutes, actual);
    assert_eq!(u.available_minutes, available);
    assert!((u.actual_value - (actual / available * 100.0).min(150.0)).abs() < 1e-9);
    assert_eq!(u.result.value, round_js(u.actual_value));

    // Facility median surgical time (incision → closing, 0 < t < 600) and average case time.
    let surgical = |rs: &[&Row]| -> Vec<f64> {
        rs.iter().map(|r| minutes(r.incision, r.closing)).filter(|t| *t > 0.0 && *t < 600.0).collect()
    };
    let all: Vec<&Row> = data.iter().collect();
    assert_eq!(kpis.leaderboard.facility_median_surgical_minutes, median(surgical(&all)).unwrap());
    let totals: Vec<f64> = data.iter().map(|r| minutes(r.wheels_in, r.wheels_out)).collect();
    assert_eq!(kpis.avg_case_time.value, round_js(mean(&totals)));

    // Durations by service (one synthetic surgeon per service): the leaderboard's mean surgical minutes, the
    // stats relation's median case duration, and the filtered average case time.
    let surgeons: HashMap<String, String> = report
        .created
        .surgeons
        .iter()
        .map(|s| (s.name.trim_start_matches("Service ").to_string(), s.id.clone()))
        .collect();
    let mut by_service: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in &data {
        by_service.entry(&r.service).or_default().push(r);
    }
    assert_eq!(by_service.len(), 10);
    for (service, rs) in &by_service {
        let surgeon = &surgeons[*service];
        let row = kpis.leaderboard.rows.iter().find(|x| &x.surgeon_id == surgeon).unwrap();
        assert_eq!(row.surgeon_name, format!("Dr. {service}"));
        assert_eq!(row.case_count, rs.len() as i64, "{service}");
        assert_eq!(row.avg_surgical_minutes, Some(round_js(mean(&surgical(rs)))), "{service}");
        let totals: Vec<f64> = rs.iter().map(|r| minutes(r.wheels_in, r.wheels_out)).collect();
        let stats = admin
            .aggregate_stats(
                "surgeon_overall_stats",
                &AggregateQuery { facility_id: f.clone(), surgeon_id: Some(surgeon.clone()), procedure_type_id: None },
            )
            .unwrap();
        assert_eq!(stats.len(), 1);
        assert_eq!(stats[0]["total_cases"], json!(rs.len()), "{service}");
        assert_eq!(stats[0]["median_duration"].as_f64(), median(totals.clone()), "{service}");
    }
    let ortho = surgeons["Orthopedics"].clone();
    let filter = orbit_core::kpis::model::KpiFilter { surgeon_ids: Some(vec![ortho]), ..Default::default() };
    let ortho_kpis = admin.facility_kpis(&f, "2022-01-01", "2022-03-31", Some(filter)).unwrap();
    let ortho_totals: Vec<f64> = by_service["Orthopedics"].iter().map(|r| minutes(r.wheels_in, r.wheels_out)).collect();
    assert_eq!(ortho_kpis.avg_case_time.value, round_js(mean(&ortho_totals)));
    assert!((ortho_kpis.time_breakdown.total - mean(&ortho_totals)).abs() < 1e-9);
}

// ─── Row rules, atomicity, options ────────────────────────────────────────────────────────────────────────────

const HEADER: &str = "index,encounter_id,date ,or_suite,service,cpt_code,cpt_desc,booked_dur,or_sched,wheels_in,start_time,end_time,wheels_out,actual_dur,timing\n";

fn line(number: &str, date: &str, room: &str, times: [&str; 5]) -> String {
    let [sched, a, b, c, d] = times;
    format!("0,{number},{date},{room},ENT,1001,Tonsillectomy,60,{sched},{a},{b},{c},{d},0,0\n")
}

/// Setup W's facility: room `OR1`, procedure `P`; rows name no surgeon (service unmapped) and the procedure
/// by description only.
fn w_mapping() -> ImportMapping {
    ImportMapping { service: None, procedure_code: None, ..ImportMapping::default() }
}

fn case_count(w: &W, number: &str) -> i64 {
    w.fx.count(&format!("SELECT count(*) FROM cases WHERE facility_id = '{}' AND case_number = '{number}'", w.f))
}

#[test]
fn import_rejects_bad_rows_without_partial_cases() {
    let w = W::new(NOW);
    let day = ["2022-03-14 07:00", "2022-03-14 07:00", "2022-03-14 07:20", "2022-03-14 08:00", "2022-03-14 08:15"];
    let csv = [
        HEADER.to_string(),
        line("G1", "2022-03-14", "OR1", day),
        line("B-time", "2022-03-14", "OR1", ["08:30", "soon", "", "", ""]),
        line("B-order", "2022-03-14", "OR1", ["08:30", "09:00", "08:50", "09:30", "09:40"]),
        line("B-room", "2022-03-14", "OR9", ["08:30", "08:30", "08:40", "09:00", "09:10"]),
        line("G1", "2022-03-14", "OR1", day),
        // Passes the parser; the lifecycle refuses its last milestone (after the library clock), once the case
        // and three milestones are written: all of it is rolled back with the row.
        line("B-future", "2026-03-09", "OR1", ["06:00", "06:00", "06:10", "06:20", "23:30"]),
        // Validation is on and nothing completes the case.
        "1,G2,2022-03-14,OR1,ENT,1001,P,60,09:00,,,,,0,0\n".to_string(),
    ]
    .concat()
    .replace("Tonsillectomy", "P");
    let options = ImportOptions { batch_size: 2, ..ImportOptions::default() };
    let audit_before = w.fx.count("SELECT count(*) FROM audit_log");
    let report = w.user.import_cases(&w.f, &csv, &w_mapping(), &options).unwrap();
    assert_eq!((report.rows, report.imported, report.validated, report.rejected), (7, 1, 1, 6));
    assert_eq!(
        codes(&report),
        [
            ("B-time".into(), RowCode::InvalidTime),
            ("B-order".into(), RowCode::MilestonesOutOfOrder),
            ("B-room".into(), RowCode::UnknownRoom),
            ("G1".into(), RowCode::DuplicateInFile),
            ("B-future".into(), RowCode::Refused(ErrorKind::FutureTimestamp)),
            ("G2".into(), RowCode::Refused(ErrorKind::NotCompleted)),
        ]
    );
    let rows: Vec<u64> = report.rejected_rows.iter().map(|i| i.row).collect();
    assert_eq!(rows, [2, 3, 4, 5, 6, 7]);
    assert!(report.rejected_rows[0].reason.starts_with("wheels_in:"), "{}", report.rejected_rows[0].reason);
    for number in ["B-time", "B-order", "B-room", "B-future", "G2"] {
        assert_eq!(case_count(&w, number), 0, "{number} left nothing behind");
    }
    assert_eq!(case_count(&w, "G1"), 1);
    // Rolled-back rows leave no audit either: G1's rows plus the import's own row only.
    assert_eq!(w.fx.count("SELECT count(*) FROM audit_log WHERE target_label LIKE '%B-future%'"), 0);
    assert!(w.fx.count("SELECT count(*) FROM audit_log") > audit_before);
    assert_eq!(w.fx.count("SELECT count(*) FROM audit_log WHERE action = 'cases.imported'"), 1);

    // G1: EDT instants (2022-03-14 is after the DST change), validated, stats written.
    let (id, validated, room, procedure): (String, bool, String, String) =
        w.fx.raw()
            .query_row(
                "SELECT id, data_validated, or_room_id, procedure_type_id FROM cases WHERE case_number = 'G1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
    assert!(validated);
    assert_eq!((room, procedure), (w.room.clone(), w.procedure.clone()));
    let recorded: Vec<(String, i64)> =
        w.user.case_milestones(&id).unwrap().into_iter().filter_map(|m| m.recorded_at.map(|t| (m.name, t))).collect();
    assert_eq!(
        recorded,
        [
            ("patient_in".to_string(), at("2022-03-14T11:00:00Z")),
            ("incision".to_string(), at("2022-03-14T11:20:00Z")),
            ("closing".to_string(), at("2022-03-14T12:00:00Z")),
            ("patient_out".to_string(), at("2022-03-14T12:15:00Z")),
        ]
    );
    assert_eq!(w.fx.count(&format!("SELECT count(*) FROM case_completion_stats WHERE case_id = '{id}'")), 1);

    // Without validation, an incomplete row is imported as the lifecycle leaves it.
    let g2 = format!("{HEADER}1,G2,2022-03-14,OR1,ENT,1001,P,60,09:00,2022-03-14 09:05,,,,0,0\n");
    let options = ImportOptions { validate: false, ..ImportOptions::default() };
    let report = w.user.import_cases(&w.f, &g2, &w_mapping(), &options).unwrap();
    assert_eq!((report.imported, report.validated, report.rejected), (1, 0, 0));
    let g2_id: String =
        w.fx.raw().query_row("SELECT id FROM cases WHERE case_number = 'G2'", [], |r| r.get(0)).unwrap();
    assert_eq!(w.status(&g2_id), "in_progress");
}

#[test]
fn import_dry_run_reports_and_writes_nothing() {
    let w = W::new(NOW);
    let csv = format!(
        "{HEADER}{}{}",
        line("D1", "2022-03-11", "7", ["07:00", "07:00", "07:10", "07:40", "07:50"]),
        line("D2", "2022-03-11", "OR1", ["08:00", "08:00", "08:10", "08:40", "07:50"]),
    );
    let cases_before = w.fx.count("SELECT count(*) FROM cases");
    let rooms_before = w.fx.count("SELECT count(*) FROM or_rooms");
    let audit_before = w.fx.count("SELECT count(*) FROM audit_log");
    let options = ImportOptions { dry_run: true, create_rooms: true, ..ImportOptions::default() };
    let report = w.admin.import_cases(&w.f, &csv.replace("Tonsillectomy", "P"), &w_mapping(), &options).unwrap();
    assert!(report.dry_run);
    assert_eq!((report.imported, report.rejected), (1, 1));
    assert_eq!(report.rejected_rows[0].code, RowCode::MilestonesOutOfOrder);
    assert_eq!(report.created.rooms.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["OR 7"]);
    assert_eq!(w.fx.count("SELECT count(*) FROM cases"), cases_before);
    assert_eq!(w.fx.count("SELECT count(*) FROM or_rooms"), rooms_before);
    assert_eq!(w.fx.count("SELECT count(*) FROM audit_log"), audit_before);
}

#[test]
fn import_reads_times_in_the_requested_zone() {
    let w = W::new(NOW);
    let csv = format!(
        "{HEADER}{}{}",
        line("Z-est", "2022-03-11", "OR1", ["07:00", "07:00", "07:10", "07:40", "07:50"]),
        line("Z-edt", "2022-03-14", "OR1", ["07:00", "07:00", "07:10", "07:40", "07:50"]),
    )
    .replace("Tonsillectomy", "P");
    w.user.import_cases(&w.f, &csv, &w_mapping(), &ImportOptions::default()).unwrap();
    let utc_csv = csv.replace("Z-", "U-");
    let options = ImportOptions { timezone: Some("UTC".into()), ..ImportOptions::default() };
    let report = w.user.import_cases(&w.f, &utc_csv, &w_mapping(), &options).unwrap();
    assert_eq!((report.imported, report.timezone.as_str()), (2, "UTC"));
    let patient_in = |number: &str| -> i64 {
        w.fx.raw()
            .query_row(
                "SELECT cm.recorded_at FROM case_milestones cm JOIN cases c ON c.id = cm.case_id
                 JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
                 WHERE c.case_number = ?1 AND fm.name = 'patient_in'",
                [number],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(patient_in("Z-est"), at("2022-03-11T12:00:00Z"));
    assert_eq!(patient_in("Z-edt"), at("2022-03-14T11:00:00Z"));
    assert_eq!(patient_in("U-est"), at("2022-03-11T07:00:00Z"));
    assert_eq!(patient_in("U-edt"), at("2022-03-14T07:00:00Z"));
}

#[test]
fn import_refusals_and_access() {
    let w = W::new(NOW);
    let csv = format!("{HEADER}{}", line("A1", "2022-03-11", "9", ["07:00", "07:00", "07:10", "07:40", "07:50"]))
        .replace("Tonsillectomy", "P");
    let m = w_mapping();
    let o = ImportOptions::default();
    let kind = |r: orbit_core::Result<ImportReport>| r.unwrap_err().kind();
    // Facilities the caller does not see.
    assert_eq!(kind(w.user.import_cases(&orbit_core::values::new_id(), &csv, &m, &o)), ErrorKind::NotFound);
    let other = w.fx.facility("Other");
    assert_eq!(kind(w.user.import_cases(&other, &csv, &m, &o)), ErrorKind::NotFound);
    assert_eq!(kind(w.device_rep().import_cases(&w.f, &csv, &m, &o)), ErrorKind::NotFound);
    assert_eq!(kind(w.fx.orbit.anonymous().import_cases(&w.f, &csv, &m, &o)), ErrorKind::NotFound);
    // Bad mapping, header, zone, options.
    let bad = ImportMapping { room: Some("suite".into()), ..w_mapping() };
    assert_eq!(kind(w.user.import_cases(&w.f, &csv, &bad, &o)), ErrorKind::InvalidInput);
    let bad = ImportMapping { milestones: vec![MilestoneColumn::new("wheels_in", "teleported")], ..w_mapping() };
    assert_eq!(kind(w.user.import_cases(&w.f, &csv, &bad, &o)), ErrorKind::MilestoneNotFound);
    let zone = ImportOptions { timezone: Some("Mars/Olympus".into()), ..ImportOptions::default() };
    assert_eq!(kind(w.user.import_cases(&w.f, &csv, &m, &zone)), ErrorKind::InvalidInput);
    let batch = ImportOptions { batch_size: 0, ..ImportOptions::default() };
    assert_eq!(kind(w.user.import_cases(&w.f, &csv, &m, &batch)), ErrorKind::InvalidInput);
    assert_eq!(kind(w.user.import_cases(&w.f, "", &m, &o)), ErrorKind::InvalidInput);
    // A member may import but not create rooms: the rows naming the room are rejected, the call succeeds.
    let create = ImportOptions { create_rooms: true, ..ImportOptions::default() };
    let report = w.user.import_cases(&w.f, &csv, &m, &create).unwrap();
    assert_eq!((report.imported, report.rejected), (0, 1));
    let issue = &report.rejected_rows[0];
    assert_eq!(issue.code, RowCode::UnknownRoom);
    assert!(issue.reason.contains("PermissionDenied"), "{}", issue.reason);
    assert!(report.created.rooms.is_empty());
    // The facility admin may: the room `OR 9` is created once and the row imported.
    let report = w.admin.import_cases(&w.f, &csv, &m, &create).unwrap();
    assert_eq!((report.imported, report.created.rooms.len()), (1, 1));
    let rooms = w.admin.list(RefTable::OrRooms, &Default::default()).unwrap();
    assert!(rooms.iter().any(|r| r["name"] == "OR 9"));
    // Surgeons by name through a surgeon column: W's `Sam Surgeon` is found, nobody is created.
    let with_surgeon = csv.replace("A1", "A2").replace(",ENT,", ",Sam Surgeon,");
    let mapping = ImportMapping { surgeon: Some("service".into()), ..w_mapping() };
    let report = w.user.import_cases(&w.f, &with_surgeon, &mapping, &o).unwrap();
    assert_eq!((report.imported, report.created.surgeons.len()), (1, 0));
    let surgeon: String =
        w.fx.raw().query_row("SELECT surgeon_id FROM cases WHERE case_number = 'A2'", [], |r| r.get(0)).unwrap();
    assert_eq!(surgeon, w.surgeon);
}
