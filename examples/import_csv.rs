//! Imports historical cases from a CSV (default: the public Q1 2022 "Operating Room Utilization" data set kept
//! in `orbit-core/tests/data/`, CC BY 4.0 via Kaggle, cleaned by dyellin/OR-Utilization-repo, MIT) into a
//! facility and prints the facility's KPIs for the file's dates: turnover, FCOTS, utilization, durations by
//! service, plus the import report.
//!
//! `cargo run --example import_csv [csv_path] [db_path]` — without `db_path` the store is in memory. With a
//! file, running again reuses the facility and imports nothing twice (every row is skipped).
//!
//! The data names no surgeons: the importer creates one synthetic surgeon per service (`Dr. <service>`), so the
//! per-surgeon figures below are per-service figures. Times are read in the facility's zone
//! (America/New_York).
use std::path::{Path, PathBuf};

use orbit_core::import::{ImportMapping, ImportOptions, parse};
use orbit_core::{AggregateQuery, FacilityTarget, NewFacility, Orbit, ProvisionConfig};

const FACILITY: &str = "OR Utilization Q1 2022";
const ZONE: &str = "America/New_York";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let csv_path: PathBuf = args.next().map(Into::into).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("orbit-core/tests/data/or_utilization_q1_2022.csv")
    });
    let orbit = match args.next() {
        Some(db) => Orbit::open(db)?,
        None => Orbit::open_in_memory()?,
    };
    let text = std::fs::read_to_string(&csv_path)?;
    eprintln!("orbit {}: importing {}", orbit_core::VERSION, csv_path.display());

    let system = orbit.system();
    let facility = match system.facilities()?.into_iter().find(|f| f.name == FACILITY) {
        Some(f) => f.id,
        None => {
            let new = NewFacility { name: FACILITY.into(), timezone: Some(ZONE.into()), ..NewFacility::default() };
            system.provision_facility(FacilityTarget::New(new), ProvisionConfig::default())?.facility_id
        }
    };

    let mapping = ImportMapping::default();
    let report = system.import_cases(&facility, &text, &mapping, &ImportOptions::default().creating_missing())?;
    println!("== import ({} rows, zone {})", report.rows, report.timezone);
    println!(
        "imported {}  validated {}  rejected {}  skipped {}  in {} ms ({:.0} rows/s)",
        report.imported, report.validated, report.rejected, report.skipped, report.elapsed_ms, report.rows_per_second
    );
    println!(
        "created {} rooms, {} procedure types, {} surgeons",
        report.created.rooms.len(),
        report.created.procedure_types.len(),
        report.created.surgeons.len()
    );
    for issue in report.rejected_rows.iter().take(10) {
        println!("  rejected row {} ({:?}): {} — {}", issue.row, issue.case_number, issue.code, issue.reason);
    }

    // The KPI period: the file's first to last scheduled date.
    let tz = orbit_core::values::timezone("timezone", &report.timezone)?;
    let dates: Vec<_> = parse::parse_csv(text.as_bytes(), &mapping, tz)?
        .into_iter()
        .filter_map(|r| r.ok())
        .map(|r| r.scheduled_date)
        .collect();
    let (Some(start), Some(end)) = (dates.iter().min(), dates.iter().max()) else {
        println!("no valid rows: no KPIs");
        return Ok(());
    };
    let (start, end) = (start.to_string(), end.to_string());
    let k = system.facility_kpis(&facility, &start, &end, None)?;
    println!("\n== KPIs {start} … {end}");
    println!("cases {}", k.volume.value);
    let rt = &k.room_turnover;
    println!(
        "room turnover: median {} min ({} turnovers, {}% ≤ {} min)",
        rt.result.value,
        rt.compliant_count + rt.non_compliant_count,
        rt.compliance_percent,
        rt.threshold_minutes
    );
    println!(
        "flip-room turnover: median {} min ({} turnovers)",
        k.flip_room_turnover.result.value,
        k.flip_room_turnover.compliant_count + k.flip_room_turnover.non_compliant_count
    );
    let f = &k.fcots;
    println!(
        "FCOTS ({}, grace {} min): {}% on time ({} of {} first cases)",
        f.milestone_label, f.grace_minutes, f.result.value, f.on_time_count, f.first_case_count
    );
    let u = &k.utilization;
    println!(
        "utilization: {}% ({} of {} available minutes, {} rooms × {} operating days)",
        u.result.value, u.actual_minutes, u.available_minutes, u.room_count, u.operating_days
    );
    for r in &u.rooms {
        println!("  {:<6} {:>3}%  {:>4} cases", r.room_name, r.utilization, r.case_count);
    }
    println!(
        "average case time {} min; mean surgical {:.1} min; facility median surgical {} min",
        k.avg_case_time.value, k.time_breakdown.surgical, k.leaderboard.facility_median_surgical_minutes
    );

    println!("\n== durations by service (minutes)");
    println!(
        "{:<16} {:>6} {:>12} {:>14} {:>13}",
        "service", "cases", "median case", "median surgical", "mean surgical"
    );
    let mut rows = k.leaderboard.rows.clone();
    rows.sort_by(|a, b| a.surgeon_name.cmp(&b.surgeon_name));
    for row in rows {
        let query = AggregateQuery {
            facility_id: facility.clone(),
            surgeon_id: Some(row.surgeon_id.clone()),
            procedure_type_id: None,
        };
        let stats = system.aggregate_stats("surgeon_overall_stats", &query)?;
        let stat = |key: &str| stats.first().and_then(|s| s.get(key)).and_then(|v| v.as_f64());
        println!(
            "{:<16} {:>6} {:>12} {:>14} {:>13}",
            row.surgeon_name.trim_start_matches("Dr. "),
            row.case_count,
            stat("median_duration").map_or("-".into(), |v| format!("{v:.1}")),
            stat("median_surgical_duration").map_or("-".into(), |v| format!("{v:.1}")),
            row.avg_surgical_minutes.map_or("-".into(), |v| format!("{v}")),
        );
    }
    Ok(())
}
