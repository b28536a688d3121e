//! Per-case stats through the lifecycle (lifecycle-and-stats.md §4, worked examples §7.1–7.4).

mod common;

use common::w::{W, at, obj};
use orbit_core::reference::{ListOptions, RefTable};
use serde_json::{Value, json};

/// Setup W's money: OR rate $60/h, Soft Goods (debit) $1000, Rebate (credit) $100, default reimbursement
/// $5000, all effective 2026-01-01 (raw rows: the pricing API arrives with the financials issue).
fn price(w: &W) {
    w.admin.update(RefTable::Facilities, &w.f, &obj(json!({"or_hourly_rate": 6000}))).unwrap();
    for c in w.admin.list(RefTable::CostCategories, &ListOptions::default()).unwrap() {
        w.admin.archive(RefTable::CostCategories, c["id"].as_str().unwrap()).unwrap();
    }
    let soft =
        w.admin.create(RefTable::CostCategories, &obj(json!({"name": "Soft Goods (W)", "type": "debit"}))).unwrap();
    let rebate = w.admin.create(RefTable::CostCategories, &obj(json!({"name": "Rebate", "type": "credit"}))).unwrap();
    let raw = w.fx.raw();
    for (category, amount) in [(&soft, 100_000), (&rebate, 10_000)] {
        raw.execute(
            "INSERT INTO procedure_cost_items (id, facility_id, procedure_type_id, cost_category_id, amount, effective_from,
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, '2026-01-01', 0, 0)",
            rusqlite::params![orbit_core::values::new_id(), w.f, w.procedure, category["id"].as_str().unwrap(), amount],
        )
        .unwrap();
    }
    raw.execute(
        "INSERT INTO procedure_reimbursements (id, facility_id, procedure_type_id, payer_id, reimbursement, effective_date,
             created_at, updated_at) VALUES (?1, ?2, ?3, NULL, 500000, '2026-01-01', 0, 0)",
        rusqlite::params![orbit_core::values::new_id(), w.f, w.procedure],
    )
    .unwrap();
}

fn stats(w: &W, case: &str) -> Value {
    Value::Object(w.user.case_stats(case).unwrap().expect("a stats row"))
}

fn run(w: &W, case: &str, times: [&str; 4]) {
    for (m, t) in ["patient_in", "incision", "closing", "patient_out"].iter().zip(times) {
        w.record(case, m, t);
    }
}

/// The two cases of W7.1 (2026-02-10, room OR1, surgeon S, procedure P), run to completion.
fn two_case_day(w: &W) -> (String, String) {
    let c1 = w.case("1001", "2026-02-10", "07:30");
    run(w, &c1, ["2026-02-10T12:35:20Z", "2026-02-10T13:10:00Z", "2026-02-10T14:20:40Z", "2026-02-10T14:40:50Z"]);
    let c2 = w.case("1002", "2026-02-10", "10:00");
    run(w, &c2, ["2026-02-10T15:05:00Z", "2026-02-10T15:30:00Z", "2026-02-10T16:00:00Z", "2026-02-10T16:20:00Z"]);
    (c1, c2)
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() < 1e-4
}

#[test]
fn two_case_stats_w7_1_and_the_edited_patient_out_w7_2() {
    let w = W::new("2026-02-09T15:00:00Z");
    price(&w);
    let c1 = w.case("1001", "2026-02-10", "07:30");
    run(&w, &c1, ["2026-02-10T12:35:20Z", "2026-02-10T13:10:00Z", "2026-02-10T14:20:40Z", "2026-02-10T14:40:50Z"]);
    let s1 = stats(&w, &c1);
    assert_eq!(
        (s1["total_duration_minutes"].clone(), s1["surgical_duration_minutes"].clone()),
        (json!(126), json!(71))
    );
    assert_eq!(s1["actual_start_time"], json!("07:35:20"));
    assert!(close(&s1["schedule_variance_minutes"], 5.3333));
    assert_eq!((s1["room_case_sequence"].clone(), s1["surgeon_case_sequence"].clone()), (json!(1), json!(1)));
    assert_eq!((s1["is_first_case_of_day_room"].clone(), s1["surgeon_room_count"].clone()), (json!(true), json!(1)));
    assert_eq!(
        (s1["room_turnover_minutes"].clone(), s1["anesthesia_duration_minutes"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(
        (s1["or_time_cost"].clone(), s1["total_debits"].clone(), s1["total_credits"].clone()),
        (json!(12_600), json!(100_000), json!(10_000))
    );
    assert_eq!(
        (s1["net_cost"].clone(), s1["reimbursement"].clone(), s1["profit"].clone()),
        (json!(90_000), json!(500_000), json!(397_400))
    );
    assert_eq!(s1["cost_source"], json!("procedure_default"));
    let ms: Vec<(String, f64)> = w
        .fx
        .raw()
        .prepare("SELECT t.name, s.minutes_from_start FROM case_milestone_stats s JOIN milestone_types t ON t.id = s.milestone_type_id WHERE s.case_id = ?1 ORDER BY 2")
        .unwrap()
        .query_map([&c1], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let names: Vec<&str> = ms.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["incision", "closing", "patient_out"]);
    assert!((ms[0].1 - 34.6667).abs() < 1e-4 && (ms[1].1 - 105.3333).abs() < 1e-4 && (ms[2].1 - 125.5).abs() < 1e-9);
    // C2: its patient_in recomputes C1 (unchanged), and C2 turns over after C1.
    let c2 = w.case("1002", "2026-02-10", "10:00");
    run(&w, &c2, ["2026-02-10T15:05:00Z", "2026-02-10T15:30:00Z", "2026-02-10T16:00:00Z", "2026-02-10T16:20:00Z"]);
    let s2 = stats(&w, &c2);
    assert_eq!((s2["total_duration_minutes"].clone(), s2["surgical_duration_minutes"].clone()), (json!(75), json!(30)));
    assert_eq!((s2["room_case_sequence"].clone(), s2["is_first_case_of_day_room"].clone()), (json!(2), json!(false)));
    assert!(close(&s2["room_turnover_minutes"], 24.1667) && close(&s2["surgical_turnover_minutes"], 69.3333));
    assert_eq!((s2["or_time_cost"].clone(), s2["profit"].clone()), (json!(7_500), json!(402_500)));
    assert_eq!(stats(&w, &c1), s1, "C1 unchanged by C2's milestones");
    // §7.2: re-recording C1's patient_out recomputes C2's turnover in the same call.
    w.clock.set(at("2026-02-10T16:30:00Z"));
    w.user.record_milestone(&c1, w.m("patient_out"), Some(at("2026-02-10T14:45:50Z")), None).unwrap();
    let s1 = stats(&w, &c1);
    assert_eq!(
        (s1["total_duration_minutes"].clone(), s1["or_time_cost"].clone(), s1["profit"].clone()),
        (json!(131), json!(13_100), json!(396_900))
    );
    let s2b = stats(&w, &c2);
    assert!(close(&s2b["room_turnover_minutes"], 19.1667));
    assert!(close(&s2b["surgical_turnover_minutes"], 69.3333));
    assert_eq!(s2b["profit"], json!(402_500));
    // A full rebuild of a consistent store writes nothing.
    let before = w.content();
    assert_eq!(w.admin.refresh_stats(None).unwrap(), 2);
    w.assert_unchanged(&before, "refresh_stats on a consistent store");
}

#[test]
fn dst_day_stats_w7_3() {
    let w = W::new("2026-03-07T15:00:00Z");
    let a = w.case("A", "2026-03-08", "01:30");
    let b = w.case("B", "2026-03-08", "03:30");
    run(&w, &a, ["2026-03-08T06:40:00Z", "2026-03-08T06:55:00Z", "2026-03-08T07:05:00Z", "2026-03-08T07:20:00Z"]);
    run(&w, &b, ["2026-03-08T07:35:00Z", "2026-03-08T07:50:00Z", "2026-03-08T08:30:00Z", "2026-03-08T08:45:00Z"]);
    let sa = stats(&w, &a);
    assert_eq!((sa["total_duration_minutes"].clone(), sa["surgical_duration_minutes"].clone()), (json!(40), json!(10)));
    assert_eq!(sa["actual_start_time"], json!("01:40:00"));
    assert!(close(&sa["schedule_variance_minutes"], 10.0));
    let sb = stats(&w, &b);
    assert_eq!((sb["total_duration_minutes"].clone(), sb["surgical_duration_minutes"].clone()), (json!(70), json!(40)));
    assert!(close(&sb["schedule_variance_minutes"], 5.0));
    assert!(close(&sb["room_turnover_minutes"], 15.0) && close(&sb["surgical_turnover_minutes"], 45.0));
    assert_eq!((sb["room_case_sequence"].clone(), sb["surgeon_case_sequence"].clone()), (json!(2), json!(2)));
}

#[test]
fn exclusion_keeps_the_row_marked_w7_4() {
    let w = W::new("2026-02-09T15:00:00Z");
    let (c1, c2) = two_case_day(&w);
    let before_c1 = stats(&w, &c1);
    w.clock.set(at("2026-02-11T09:00:00Z"));
    w.user.exclude_case(&c2, Some("Equipment failure")).unwrap();
    let s2 = stats(&w, &c2);
    assert_eq!((s2["is_excluded"].clone(), s2["exclusion_reason"].clone()), (json!(true), json!("Equipment failure")));
    assert_eq!(s2["excluded_at"], json!(at("2026-02-11T09:00:00Z")));
    assert!(s2["excluded_by"].is_string());
    assert_eq!(w.fx.count(&format!("SELECT count(*) FROM case_milestone_stats WHERE case_id = '{c2}'")), 0);
    assert_eq!(stats(&w, &c1), before_c1, "no other case is recomputed");
    w.user.unexclude_case(&c2).unwrap();
    let back = stats(&w, &c2);
    assert_eq!((back["is_excluded"].clone(), back["excluded_at"].clone()), (json!(false), Value::Null));
    assert_eq!(w.fx.count(&format!("SELECT count(*) FROM case_milestone_stats WHERE case_id = '{c2}'")), 3);
    // Excluded before validation: the row written at validation says so.
    let c3 = w.case("1003", "2026-02-10", "12:00");
    w.user.exclude_case(&c3, None).unwrap();
    run(&w, &c3, ["2026-02-10T17:00:00Z", "2026-02-10T17:20:00Z", "2026-02-10T17:50:00Z", "2026-02-10T18:10:00Z"]);
    w.user.validate_case(&c3).unwrap();
    let s3 = stats(&w, &c3);
    assert_eq!(
        (s3["is_excluded"].clone(), s3["excluded_by"].clone(), s3["exclusion_reason"].clone()),
        (json!(true), Value::Null, json!("Case excluded from metrics"))
    );
}

#[test]
fn configuration_changes_reprice_validated_cases() {
    let w = W::new("2026-02-09T15:00:00Z");
    price(&w);
    let c1 = w.case("1001", "2026-02-10", "07:30");
    run(&w, &c1, ["2026-02-10T12:35:20Z", "2026-02-10T13:10:00Z", "2026-02-10T14:20:40Z", "2026-02-10T14:40:50Z"]);
    assert_eq!(stats(&w, &c1)["profit"], json!(397_400));
    // A new OR rate re-prices history (no effective dating): $30/h → or_time_cost 6300.
    w.admin.update(RefTable::Facilities, &w.f, &obj(json!({"or_hourly_rate": 3000}))).unwrap();
    assert_eq!(
        (stats(&w, &c1)["or_time_cost"].clone(), stats(&w, &c1)["profit"].clone()),
        (json!(6_300), json!(403_700))
    );
    // Archiving a cost category removes its amount.
    let rebate = w
        .admin
        .list(RefTable::CostCategories, &ListOptions::default())
        .unwrap()
        .into_iter()
        .find(|c| c["name"] == json!("Rebate"))
        .unwrap();
    w.admin.archive(RefTable::CostCategories, rebate["id"].as_str().unwrap()).unwrap();
    assert_eq!((stats(&w, &c1)["total_credits"].clone(), stats(&w, &c1)["profit"].clone()), (json!(0), json!(393_700)));
    // A time-zone change moves the actual start time.
    w.admin.update(RefTable::Facilities, &w.f, &obj(json!({"timezone": "America/Chicago"}))).unwrap();
    assert_eq!(stats(&w, &c1)["actual_start_time"], json!("06:35:20"));
}

fn aggregate(w: &W, relation: &str, surgeon: Option<&str>) -> Vec<Value> {
    let q = orbit_core::AggregateQuery {
        facility_id: w.f.clone(),
        surgeon_id: surgeon.map(str::to_string),
        procedure_type_id: None,
    };
    w.user.aggregate_stats(relation, &q).unwrap().into_iter().map(Value::Object).collect()
}

#[test]
fn aggregates_follow_the_committed_rows() {
    let w = W::new("2026-02-09T15:00:00Z");
    price(&w);
    let (_, c2) = two_case_day(&w);
    let sp = aggregate(&w, "surgeon_procedure_stats", Some(&w.surgeon));
    assert_eq!(sp.len(), 1);
    let r = &sp[0];
    let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys[..5], ["facility_id", "surgeon_id", "procedure_type_id", "sample_size", "avg_duration"]);
    assert_eq!(keys.len(), 40, "3 keys and 37 statistics (data-model.md §3.11)");
    assert_eq!(
        (r["sample_size"].clone(), r["min_duration"].clone(), r["max_duration"].clone()),
        (json!(2), json!(75), json!(126))
    );
    assert!(close(&r["avg_duration"], 100.5) && close(&r["median_duration"], 100.5));
    assert!(close(&r["p25_duration"], 87.75) && close(&r["p75_duration"], 113.25));
    assert!(close(&r["stddev_duration"], 51.0 / 2f64.sqrt()));
    // Turnovers skip the first case of the day; the first-case delay keeps only it.
    assert!(close(&r["avg_room_turnover"], 24.1667) && r["stddev_room_turnover"].is_null());
    assert!(close(&r["avg_surgical_turnover"], 69.3333));
    assert_eq!(r["first_case_count"], json!(1));
    assert!(close(&r["avg_first_case_delay"], 5.3333));
    // Money statistics in dollars, the exact sum in cents.
    assert!(close(&r["avg_profit"], 3_999.5) && close(&r["avg_reimbursement"], 5_000.0));
    assert_eq!(r["total_profit"], json!(799_900));
    assert_eq!((r["first_case_date"].clone(), r["last_case_date"].clone()), (json!("2026-02-10"), json!("2026-02-10")));
    let fp = aggregate(&w, "facility_procedure_stats", None);
    assert_eq!((fp[0]["sample_size"].clone(), fp[0]["surgeon_count"].clone()), (json!(2), json!(1)));
    assert_eq!(fp[0]["avg_duration"], r["avg_duration"]);
    let ov = &aggregate(&w, "surgeon_overall_stats", None)[0];
    assert_eq!(
        (ov["total_cases"].clone(), ov["days_worked"].clone(), ov["procedure_type_count"].clone()),
        (json!(2), json!(1), json!(1))
    );
    assert_eq!((ov["cases_last_30_days"].clone(), ov["multi_room_case_count"].clone()), (json!(2), json!(0)));
    let sm = aggregate(&w, "surgeon_milestone_stats", None);
    let names: Vec<&str> = sm.iter().map(|m| m["milestone_name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3);
    for name in ["incision", "closing", "patient_out"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let out = sm.iter().find(|m| m["milestone_name"] == json!("patient_out")).unwrap();
    assert_eq!(out["sample_size"], json!(2));
    assert!(close(&out["median_minutes_from_start"], (125.5 + 75.0) / 2.0));
    assert_eq!(aggregate(&w, "facility_milestone_stats", None)[0]["surgeon_count"], json!(1));
    // Fresh after every commit: excluding a case leaves its group at once.
    w.user.exclude_case(&c2, None).unwrap();
    let r = &aggregate(&w, "surgeon_procedure_stats", None)[0];
    assert_eq!((r["sample_size"].clone(), r["avg_room_turnover"].clone()), (json!(1), Value::Null));
    assert_eq!(aggregate(&w, "surgeon_milestone_stats", None)[0]["sample_size"], json!(1));
    // cases_last_* count back from today in the facility's zone.
    w.clock.set(at("2026-04-01T12:00:00Z"));
    assert_eq!(aggregate(&w, "surgeon_overall_stats", None)[0]["cases_last_90_days"], json!(1));
    assert_eq!(aggregate(&w, "surgeon_overall_stats", None)[0]["cases_last_30_days"], json!(0));
}

#[test]
fn aggregate_reads_refuse_bad_requests() {
    use orbit_core::{AggregateQuery, ErrorKind};
    let w = W::new("2026-02-09T15:00:00Z");
    let q = |surgeon: Option<&str>| AggregateQuery {
        facility_id: w.f.clone(),
        surgeon_id: surgeon.map(str::to_string),
        procedure_type_id: None,
    };
    let kind = |r: orbit_core::Result<Vec<_>>| r.unwrap_err().kind();
    assert_eq!(kind(w.user.aggregate_stats("cases", &q(None))), ErrorKind::InvalidInput);
    assert_eq!(kind(w.user.aggregate_stats("facility_procedure_stats", &q(Some(&w.surgeon)))), ErrorKind::InvalidInput);
    let elsewhere = AggregateQuery { facility_id: orbit_core::values::new_id(), ..q(None) };
    assert_eq!(kind(w.user.aggregate_stats("surgeon_overall_stats", &elsewhere)), ErrorKind::NotFound);
    assert!(w.user.aggregate_stats("surgeon_overall_stats", &q(None)).unwrap().is_empty(), "no stats rows yet");
}

#[test]
fn pace_against_the_surgeons_history() {
    let w = W::new("2026-02-09T15:00:00Z");
    two_case_day(&w);
    // Tomorrow 07:30 New York = 12:30Z.
    let c3 = w.case("1003", "2026-02-11", "07:30");
    assert_eq!(w.user.case_pace(&c3, None).unwrap(), None, "nothing recorded yet");
    w.record(&c3, "patient_in", "2026-02-11T12:35:00Z");
    let p = w.user.case_pace(&c3, Some(at("2026-02-11T12:40:00Z"))).unwrap().expect("a pace");
    assert_eq!((p.current_milestone.as_str(), p.expected_to_milestone_minutes), ("patient_in", 0.0));
    assert_eq!((p.expected_total_minutes, p.procedure_samples, p.milestone_samples), (100.5, 2, 2));
    assert!(!p.has_enough_data, "2 < 10 samples");
    assert_eq!((p.pace_minutes, p.pace_status), (Some(-10.0), Some("slightly_behind")));
    assert_eq!((p.detail_pace_minutes, p.detail_pace_status), (Some(0.0), Some("on_pace")));
    assert_eq!(p.progress, 0.0);
    // At incision the surgeon's median to incision (34.67 and 25 min) is 29.83.
    w.record(&c3, "incision", "2026-02-11T13:00:00Z");
    let p = w.user.case_pace(&c3, None).unwrap().expect("a pace");
    assert_eq!(p.current_milestone, "incision");
    let expected = (34.0 + 2.0 / 3.0 + 25.0) / 2.0;
    assert!((p.expected_to_milestone_minutes - expected).abs() < 1e-9);
    assert!((p.progress - expected / 100.5).abs() < 1e-9);
    assert!((p.detail_pace_minutes.unwrap() - (expected - 25.0)).abs() < 1e-9);
    assert_eq!((p.pace_status, p.detail_pace_status), (Some("on_pace"), Some("on_pace")));
    // Without a procedure there is no history to pace against.
    w.user.update_case(&c3, &obj(json!({"procedure_type_id": null}))).unwrap();
    assert_eq!(w.user.case_pace(&c3, None).unwrap(), None);
}

#[test]
fn legacy_averages_follow_completions_and_the_full_rebuild() {
    let w = W::new("2026-02-09T15:00:00Z");
    let (_, c2) = two_case_day(&w);
    let procedure_avg = || -> (f64, i64) {
        w.fx.raw()
            .query_row("SELECT avg_total_minutes, sample_size FROM surgeon_procedure_averages", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap()
    };
    let milestone_avgs = || -> Vec<(String, f64, i64)> {
        w.fx.raw()
            .prepare(
                "SELECT t.name, a.avg_minutes_from_start, a.sample_size FROM surgeon_milestone_averages a
                 JOIN milestone_types t ON t.id = a.milestone_type_id ORDER BY 2",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    // (125.5 + 75) / 2 = 100.25 → 100.3 (one decimal, half away from zero).
    assert_eq!(procedure_avg(), (100.3, 2));
    assert_eq!(
        milestone_avgs(),
        [("incision".into(), 29.8, 2), ("closing".into(), 80.2, 2), ("patient_out".into(), 100.3, 2)]
    );
    // Exclusion is not a completion: the key lags until the full rebuild.
    w.user.exclude_case(&c2, None).unwrap();
    assert_eq!(procedure_avg(), (100.3, 2));
    assert_eq!(w.user.recalculate_surgeon_averages(&w.f).unwrap_err().kind(), orbit_core::ErrorKind::PermissionDenied);
    assert_eq!(w.admin.recalculate_surgeon_averages(&w.f).unwrap(), 1);
    assert_eq!(procedure_avg(), (125.5, 1));
    assert_eq!(milestone_avgs()[0], ("incision".into(), 34.7, 1));
    // A consistent key rebuilds to the same values.
    w.admin.recalculate_surgeon_averages(&w.f).unwrap();
    assert_eq!(procedure_avg(), (125.5, 1));
}

#[test]
fn cost_precedence_surgeon_override_payer_and_effective_dates() {
    let w = W::new("2026-02-09T15:00:00Z");
    price(&w);
    let categories = w.admin.list(RefTable::CostCategories, &ListOptions::default()).unwrap();
    let soft =
        categories.iter().find(|c| c["name"] == json!("Soft Goods (W)")).unwrap()["id"].as_str().unwrap().to_string();
    let payer = w.admin.create(RefTable::Payers, &obj(json!({"name": "Acme Health"}))).unwrap();
    let payer = payer["id"].as_str().unwrap();
    let raw = w.fx.raw();
    // Soft Goods overrides for this surgeon: current (from 2026-01-01), ended before the case, not yet in force.
    for (amount, from, to) in
        [(80_000, "2026-01-01", None), (60_000, "2026-02-01", Some("2026-02-05")), (70_000, "2026-03-01", None)]
    {
        raw.execute(
            "INSERT INTO surgeon_cost_items (id, facility_id, procedure_type_id, cost_category_id, amount, effective_from,
                 effective_to, surgeon_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, 0)",
            rusqlite::params![orbit_core::values::new_id(), w.f, w.procedure, soft, amount, from, to, w.surgeon],
        )
        .unwrap();
    }
    // The payer's reimbursement: an older and a current rate, and one that starts after the case.
    for (amount, date) in [(550_000, "2025-06-01"), (600_000, "2026-01-15"), (650_000, "2026-02-11")] {
        raw.execute(
            "INSERT INTO procedure_reimbursements (id, facility_id, procedure_type_id, payer_id, reimbursement,
                 effective_date, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0)",
            rusqlite::params![orbit_core::values::new_id(), w.f, w.procedure, payer, amount, date],
        )
        .unwrap();
    }
    let with_payer = w.case("1001", "2026-02-10", "07:30");
    w.user.update_case(&with_payer, &obj(json!({"payer_id": payer}))).unwrap();
    run(
        &w,
        &with_payer,
        ["2026-02-10T12:35:20Z", "2026-02-10T13:10:00Z", "2026-02-10T14:20:40Z", "2026-02-10T14:40:50Z"],
    );
    let s = stats(&w, &with_payer);
    // Soft Goods from the surgeon's current override, Rebate (no override) from the procedure default.
    assert_eq!(
        (s["total_debits"].clone(), s["total_credits"].clone(), s["cost_source"].clone()),
        (json!(80_000), json!(10_000), json!("surgeon_override"))
    );
    assert_eq!(s["reimbursement"], json!(600_000));
    assert_eq!(s["profit"], json!(600_000 - (80_000 - 10_000) - 12_600));
    // Without a payer the default reimbursement applies.
    let no_payer = w.case("1002", "2026-02-10", "10:00");
    run(
        &w,
        &no_payer,
        ["2026-02-10T15:05:00Z", "2026-02-10T15:30:00Z", "2026-02-10T16:00:00Z", "2026-02-10T16:20:00Z"],
    );
    assert_eq!(stats(&w, &no_payer)["reimbursement"], json!(500_000));
}

/// (name, [display order,] surgeon median, surgeon n, facility median, facility n).
type IntervalRow<'a> = (&'a str, i64, Option<f64>, i64, Option<f64>, i64);
type PhaseRow<'a> = (&'a str, Option<f64>, i64, Option<f64>, i64);

/// Six completed, validated days: five of surgeon S, the last of a second surgeon. Minutes after patient_in
/// (12:35Z) of incision, closing and patient_out.
fn median_history(w: &W) -> Vec<String> {
    let s2 = w.another_surgeon("Second");
    let shape = [(20, 80, 90), (25, 95, 105), (30, 110, 120), (35, 120, 130), (40, 128, 138), (60, 110, 140)];
    let iso = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap().to_rfc3339();
    shape
        .iter()
        .enumerate()
        .map(|(k, (inc, cl, po))| {
            let date = format!("2026-02-1{k}");
            let case = w.case(&format!("M{k}"), &date, "07:30");
            if k == 5 {
                w.user.update_case(&case, &obj(json!({"surgeon_id": s2}))).unwrap();
            }
            let pi = at(&format!("{date}T12:35:00Z"));
            let times = [pi, pi + inc * 60_000, pi + cl * 60_000, pi + po * 60_000].map(iso);
            run(w, &case, [&times[0], &times[1], &times[2], &times[3]]);
            case
        })
        .collect()
}

#[test]
fn milestone_interval_medians_follow_the_template_placements() {
    let w = W::new("2026-02-09T15:00:00Z");
    median_history(&w);
    let rows = w.user.milestone_interval_medians(Some(&w.surgeon), &w.procedure, &w.f).unwrap();
    let got: Vec<IntervalRow> = rows
        .iter()
        .map(|r| {
            (
                r.milestone_name.as_str(),
                r.display_order,
                r.surgeon_median_minutes,
                r.surgeon_case_count,
                r.facility_median_minutes,
                r.facility_case_count,
            )
        })
        .collect();
    // The default template: 13 placements; incision, closing and closing_complete each sit on a shared
    // boundary, so their first placement has a 0 interval. Unrecorded placements are skipped.
    assert_eq!(got.len(), 13);
    assert_eq!(got[0], ("patient_in", 1, Some(30.0), 5, Some(32.5), 6));
    assert_eq!(got[1], ("anes_start", 2, None, 0, None, 0));
    assert_eq!(got[5], ("incision", 6, None, 0, None, 0));
    assert_eq!(got[6], ("incision", 7, Some(80.0), 5, Some(75.0), 6)); // surgical: 60 70 80 85 88 | 50
    assert_eq!(got[7], ("closing", 8, None, 0, None, 0));
    assert_eq!(got[8], ("closing", 9, Some(10.0), 5, Some(10.0), 6));
    assert_eq!(got[11], ("patient_out", 12, None, 0, None, 0), "the last recorded placement has no interval");
    assert_eq!(rows[0].phase_group.as_deref(), Some("pre_op"));
    // Without a surgeon, only the facility columns.
    let rows = w.user.milestone_interval_medians(None, &w.procedure, &w.f).unwrap();
    assert_eq!((rows[0].surgeon_median_minutes, rows[0].surgeon_case_count), (None, 0));
    assert_eq!(rows[0].facility_median_minutes, Some(32.5));
}

#[test]
fn phase_medians_need_five_facility_cases() {
    let w = W::new("2026-02-09T15:00:00Z");
    let cases = median_history(&w);
    let template = w.user.resolve_template(Some(&w.f), Some(&w.surgeon), Some(&w.procedure)).unwrap();
    let phases = |w: &W| w.user.phase_medians(&w.f, &w.procedure, Some(&w.surgeon), Some(&template)).unwrap();
    let rows = phases(&w);
    let got: Vec<PhaseRow> = rows
        .iter()
        .map(|r| {
            (r.phase_name.as_str(), r.surgeon_median_minutes, r.surgeon_n, r.facility_median_minutes, r.facility_n)
        })
        .collect();
    assert_eq!(
        got,
        [
            ("pre_op", Some(30.0), 5, Some(32.5), 6),
            ("surgical", Some(80.0), 5, Some(75.0), 6),
            ("closing", None, 0, None, 0),
            ("post_op", None, 0, None, 0),
        ],
        "closing_complete is never recorded, so the last two phases have no samples"
    );
    // Exclusion leaves the population; below five facility cases the facility median is NULL, the
    // surgeon's never.
    w.user.exclude_case(&cases[0], None).unwrap();
    w.user.exclude_case(&cases[1], None).unwrap();
    let pre = &phases(&w)[0];
    assert_eq!(
        (pre.surgeon_median_minutes, pre.surgeon_n, pre.facility_median_minutes, pre.facility_n),
        (Some(35.0), 3, None, 4)
    );
    assert!(w.user.phase_medians(&w.f, &w.procedure, None, None).unwrap().is_empty(), "no template, no rows");
}

#[test]
fn median_reads_refuse_what_the_caller_cannot_name() {
    use orbit_core::ErrorKind;
    let w = W::new("2026-02-09T15:00:00Z");
    let other = orbit_core::values::new_id();
    let kind = |e: orbit_core::Error| e.kind();
    assert_eq!(kind(w.user.milestone_interval_medians(None, &w.procedure, &other).unwrap_err()), ErrorKind::NotFound);
    assert_eq!(kind(w.user.milestone_interval_medians(None, &other, &w.f).unwrap_err()), ErrorKind::NotFound);
    assert_eq!(kind(w.user.phase_medians(&w.f, &w.procedure, None, Some(&other)).unwrap_err()), ErrorKind::NotFound);
    assert_eq!(kind(w.user.phase_medians(&w.f, "nope", None, None).unwrap_err()), ErrorKind::InvalidInput);
    let g = w.fx.facility("G");
    let (_, outsider) = w.fx.member(&g, "facility_admin", "Otto");
    assert_eq!(kind(outsider.phase_medians(&w.f, &w.procedure, None, None).unwrap_err()), ErrorKind::NotFound);
}

#[test]
fn sql_sessions_hold_the_aggregates_the_library_computes() {
    let w = W::new("2026-02-09T15:00:00Z");
    price(&w);
    two_case_day(&w);
    // Another facility's stats stay out of this facility's session.
    let g = w.fx.facility("G");
    let g_case = w.fx.raw_case(&g, "G-1", false);
    w.fx.raw()
        .execute(
            "INSERT INTO case_completion_stats (id, facility_id, case_id, case_number, case_date, surgeon_id,
                 procedure_type_id, total_duration_minutes, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'G-1', '2026-02-10', ?4, ?5, 50, 0, 0)",
            rusqlite::params![orbit_core::values::new_id(), g, g_case, w.surgeon, w.procedure],
        )
        .unwrap();
    let mut session = w.user.open_sql_session().unwrap();
    for relation in orbit_core::stats::aggregates::RELATIONS {
        let expected = aggregate(&w, relation, None);
        let info = session.relations().into_iter().find(|r| r.name == *relation).expect("a session relation");
        let got = session.query(&format!("SELECT * FROM {relation}"), &[]).unwrap();
        assert_eq!(got.columns, info.columns);
        let rows: Vec<Value> = got
            .rows
            .iter()
            .map(|row| Value::Object(got.columns.iter().cloned().zip(row.iter().cloned()).collect()))
            .collect();
        // Booleans are not among the aggregate columns, so the SQL values equal the library's JSON.
        assert_eq!(rows, expected, "{relation}");
        assert!(!rows.is_empty(), "{relation} has rows");
        let outside = session.query(&format!("SELECT count(*) FROM {relation} WHERE facility_id = ?1"), &[json!(g)]);
        assert_eq!(outside.unwrap().rows, [[json!(0)]]);
    }
    let global =
        w.fx.global_admin()
            .open_sql_session()
            .unwrap()
            .query("SELECT count(*) FROM facility_procedure_stats WHERE facility_id = ?1", &[json!(g)]);
    assert_eq!(global.unwrap().rows, [[json!(1)]], "a global admin's session holds every facility's groups");
    // SQL over them needs no library function.
    let median = session.query("SELECT median_duration FROM surgeon_procedure_stats", &[]).unwrap();
    assert!(close(&median.rows[0][0], 100.5));
}

#[test]
fn milestone_stats_follow_a_surgeon_change_on_a_validated_case() {
    // Found by the rebuild property: the rows kept their old surgeon when only identity columns changed.
    let w = W::new("2026-02-09T15:00:00Z");
    let c1 = w.case("1001", "2026-02-10", "07:30");
    run(&w, &c1, ["2026-02-10T12:35:20Z", "2026-02-10T13:10:00Z", "2026-02-10T14:20:40Z", "2026-02-10T14:40:50Z"]);
    let other = w.fx.member(&w.f, "user", "Otto").0.id;
    w.user.update_case(&c1, &obj(json!({"surgeon_id": other, "scheduled_date": "2026-02-11"}))).unwrap();
    let stale: i64 = w
        .fx
        .raw()
        .query_row(
            "SELECT count(*) FROM case_milestone_stats WHERE case_id = ?1 AND (surgeon_id IS NOT ?2 OR case_date <> '2026-02-11')",
            [&c1, &other],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0);
}
