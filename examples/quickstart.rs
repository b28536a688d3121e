//! The README's first command: opens (or creates) the embedded default database, provisions the demo
//! facility of scheduling-patientflow.md §11.8, generates a 90-day history (and a month of scheduled cases)
//! through the real case lifecycle, and prints a report: facility KPIs of the last 90 days, the most frequent
//! flags, surgeon scorecards and a financial line. Progress goes to stderr, the report to stdout.
//!
//! ```text
//! cargo run --release --example quickstart [path] [--days N] [--ahead N] [--seed N] [--regenerate]
//! ```
//!
//! - `path`: the database file (default `./orbit-demo.db`).
//! - `--days N` (or `ORBIT_QUICKSTART_DAYS`): days of history (default 90).
//! - `--ahead N` (or `ORBIT_QUICKSTART_AHEAD`): days of scheduled cases after today (default: one month).
//! - `--seed N`: the generator's seed (default 2026).
//! - `--regenerate`: purge the demo facility's cases and generate again.
//!
//! Running it twice is safe: the demo facility is reused, and when it already holds cases the generation is
//! skipped and the report is printed from what is there (`--regenerate` purges and regenerates; the same
//! seed, options and day give the same history).

use std::time::Instant;

use orbit_core::demo::{DemoConfig, Progress};
use orbit_core::{AggregateQuery, Orbit, Scope};

struct Options {
    path: std::path::PathBuf,
    days: u32,
    ahead: Option<u32>,
    seed: u64,
    regenerate: bool,
}

fn options() -> Result<Options, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let number = |flag: &str, v: Option<String>| -> Result<Option<u64>, String> {
        v.map(|v| v.parse::<u64>().map_err(|_| format!("{flag} needs a whole number, got {v:?}"))).transpose()
    };
    let path = match args.first() {
        Some(a) if a.starts_with("--") => orbit_examples::DEFAULT_DB.into(),
        _ => orbit_examples::db_path_from_args(),
    };
    let mut o = Options {
        path,
        days: number("ORBIT_QUICKSTART_DAYS", env("ORBIT_QUICKSTART_DAYS"))?.unwrap_or(90) as u32,
        ahead: number("ORBIT_QUICKSTART_AHEAD", env("ORBIT_QUICKSTART_AHEAD"))?.map(|d| d as u32),
        seed: 2026,
        regenerate: false,
    };
    let mut it = args.iter().skip_while(|a| !a.starts_with("--"));
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--days" => o.days = number(flag, it.next().cloned())?.ok_or("--days needs a value")? as u32,
            "--ahead" => o.ahead = Some(number(flag, it.next().cloned())?.ok_or("--ahead needs a value")? as u32),
            "--seed" => o.seed = number(flag, it.next().cloned())?.ok_or("--seed needs a value")?,
            "--regenerate" => o.regenerate = true,
            other => return Err(format!("unknown option {other} (see the doc comment of examples/quickstart.rs)")),
        }
    }
    Ok(o)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let o = options()?;
    let started = Instant::now();
    eprintln!("orbit {}: opening {}", orbit_core::VERSION, o.path.display());
    let orbit = Orbit::open(&o.path)?;
    let system = orbit.system();
    let demo = system.provision_demo_facility(o.seed)?;
    let facility = system.facility(&demo.facility_id)?;
    eprintln!("{} {} ({})", if demo.created { "provisioned" } else { "reusing" }, facility.name, facility.id);

    let existing = count_cases(&orbit, &facility.id)?;
    if existing > 0 && !o.regenerate {
        eprintln!("the facility already holds {existing} cases: reporting on them (pass --regenerate to rebuild)");
    } else {
        generate(&system, &facility.id, &o)?;
    }
    report(&system, &facility.id, &facility.timezone, o.days)?;
    eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn count_cases(orbit: &Orbit, facility: &str) -> Result<i64, Box<dyn std::error::Error>> {
    let mut session = orbit.system().open_sql_session()?;
    let result =
        session.query("SELECT count(*) FROM cases WHERE facility_id = ?1", &[serde_json::Value::from(facility)])?;
    Ok(result.rows.first().and_then(|r| r.first()).and_then(serde_json::Value::as_i64).unwrap_or(0))
}

fn generate(system: &Scope, facility: &str, o: &Options) -> Result<(), Box<dyn std::error::Error>> {
    let config = DemoConfig { days_of_history: Some(o.days), days_ahead: o.ahead, ..DemoConfig::default() };
    eprintln!("generating {} days of history (seed {}) through the case lifecycle…", o.days, o.seed);
    let t0 = Instant::now();
    let mut last_week = String::new();
    let mut on_progress = |p: Progress<'_>| {
        // One line per calendar week (Monday dates), and the last case.
        let week = week_of(p.date);
        if week != last_week || p.done == p.total {
            let secs = t0.elapsed().as_secs_f64().max(1e-9);
            eprintln!("  {} {:>5}/{} cases  {:>6.1} cases/s", p.date, p.done, p.total, p.done as f64 / secs);
            last_week = week;
        }
    };
    let r = system.generate_demo_data_with_progress(facility, Some(&config), o.seed, None, &mut on_progress)?;
    let secs = t0.elapsed().as_secs_f64();
    eprintln!(
        "generated {} cases ({} historical: {} completed, {} cancelled, {} left for review; {} scheduled), \
         {} milestones, {} delays in {:.1} s ({:.0} cases/s)",
        r.cases,
        r.historical,
        r.completed,
        r.cancelled,
        r.unvalidated,
        r.scheduled,
        r.milestones,
        r.delays,
        secs,
        r.cases as f64 / secs.max(1e-9)
    );
    Ok(())
}

/// The Monday of a `YYYY-MM-DD` date's week (for progress lines).
fn week_of(date: &str) -> String {
    use chrono::{Datelike, NaiveDate};
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|d| (d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()))).to_string())
        .unwrap_or_default()
}

fn report(system: &Scope, facility: &str, tz: &str, days: u32) -> Result<(), Box<dyn std::error::Error>> {
    let zone: chrono_tz::Tz = tz.parse()?;
    let today = chrono::Utc::now().with_timezone(&zone).date_naive();
    let end = (today - chrono::Days::new(1)).to_string();
    let start = (today - chrono::Days::new(u64::from(days.clamp(1, 365)))).to_string();
    let k = system.facility_kpis(facility, &start, &end, None)?;
    println!("\n== Demo Surgery Center, {start} … {end} ==");
    println!("Facility KPIs");
    println!("  cases                {:>8}", k.volume.value);
    println!(
        "  first-case on time   {:>7.0} %   ({} of {} first cases, grace {} min)",
        k.fcots.result.value, k.fcots.on_time_count, k.fcots.first_case_count, k.fcots.grace_minutes
    );
    println!(
        "  room turnover        {:>6} min   median; {:.0} % within {} min",
        fmt_opt(k.room_turnover.median_minutes),
        k.room_turnover.compliance_percent,
        k.room_turnover.threshold_minutes
    );
    println!("  flip-room turnover   {:>6} min   median", fmt_opt(k.flip_room_turnover.median_minutes));
    println!("  OR utilization       {:>7.0} %", k.utilization.result.value);
    println!(
        "  cancellations        {:>7.1} %   ({} cancelled, {} same day)",
        k.cancellations.rate, k.cancellations.cancelled_count, k.cancellations.same_day_count
    );
    println!("  tardiness            {:>6.0} min   per day", k.tardiness.mean_minutes);
    println!("  non-operative time   {:>6.0} min   per case", k.non_operative.mean_minutes);
    println!("  average case time    {:>6.0} min", k.avg_case_time.value);
    println!(
        "  facility score       {:>8}   ({} {})",
        k.facility_score.score, k.facility_score.grade.letter, k.facility_score.grade.label
    );

    let f = system.flag_analytics(facility, &start, &end)?;
    println!(
        "\nFlags: {} of {} cases flagged ({:.1} %), {} with a delay",
        f.summary.flagged_cases, f.summary.total_cases, f.summary.flag_rate, f.summary.delayed_cases
    );
    let mut rules = f.flag_rule_breakdown.clone();
    rules.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    for r in rules.iter().take(5) {
        println!("  {:>4}  {:<44} {:<8} {:>5.1} %", r.count, r.name, r.severity, r.pct);
    }
    for d in f.delay_type_breakdown.iter().take(3) {
        println!("  {:>4}  delay: {:<37} {:>8} {:>5.1} %", d.count, d.name, "", d.pct);
    }

    let scores = system.compute_orbit_scores(facility, &start, &end, false)?;
    println!("\nSurgeon scorecards (ORbit Score)");
    println!(
        "  {:<16} {:>5} {:>9} {:>6} {:>6} {:>6} {:>6}  grade",
        "surgeon", "cases", "composite", "profit", "consis", "sched", "avail"
    );
    let mut cards = scores.scorecards.clone();
    cards.sort_by(|a, b| b.composite.cmp(&a.composite).then(a.surgeon_name.cmp(&b.surgeon_name)));
    for c in &cards {
        let p = &c.pillars;
        println!(
            "  {:<16} {:>5} {:>9} {:>6} {:>6} {:>6} {:>6}  {} {}",
            c.surgeon_name,
            c.case_count,
            c.composite,
            p.profitability,
            p.consistency,
            p.sched_adherence,
            p.availability,
            c.grade.letter,
            c.grade.label
        );
    }
    for s in &scores.insufficient {
        println!("  {:<16} {:>5}  (too few cases to score)", s.surgeon_name, s.case_count);
    }

    let rows = system.aggregate_stats(
        "facility_procedure_stats",
        &AggregateQuery { facility_id: facility.into(), ..AggregateQuery::default() },
    )?;
    let (mut profit, mut n) = (0i64, 0i64);
    for r in &rows {
        profit += r.get("total_profit").and_then(serde_json::Value::as_i64).unwrap_or(0);
        n += r.get("sample_size").and_then(serde_json::Value::as_i64).unwrap_or(0);
    }
    if n > 0 {
        println!(
            "\nFinancials (validated cases, all dates): profit ${} over {} cases, ${} per case",
            dollars(profit),
            n,
            dollars(profit / n)
        );
    }
    Ok(())
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |m| format!("{m:.0}"))
}

/// Cents as whole dollars with thousands separators.
fn dollars(cents: i64) -> String {
    let d = (cents as f64 / 100.0).round() as i64;
    let s = d.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if d < 0 { format!("-{out}") } else { out }
}
