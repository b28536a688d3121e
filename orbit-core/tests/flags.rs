//! Flag rules: the catalog, management and validation (flags.md §3, §4, §9).

mod common;

use common::w::{W, obj};
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{ErrorKind, NewFlagRule};
use serde_json::json;

fn rule(metric: &str, ty: &str, value: f64) -> NewFlagRule {
    NewFlagRule {
        name: format!("{metric} {ty}"),
        metric: metric.into(),
        threshold_type: Some(ty.into()),
        threshold_value: Some(value),
        ..NewFlagRule::default()
    }
}

#[test]
fn provisioning_seeds_the_nine_built_in_rules_and_seeding_again_adds_nothing() {
    let w = W::new("2026-02-09T15:00:00Z");
    let rules = w.user.flag_rules(Some(&w.f), false).unwrap();
    let names: Vec<&str> = rules.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 9);
    assert_eq!(names[0], "Long Total Case Time");
    assert!(rules.iter().all(|r| r["is_built_in"] == json!(true) && r["source_rule_id"].is_string()));
    assert_eq!(w.admin.seed_facility_flag_rules(&w.f).unwrap(), 0);
    let templates = w.user.flag_rules(None, false).unwrap();
    assert_eq!(templates.len(), 9);
    assert!(templates.iter().all(|r| r["facility_id"].is_null()));
    // A deleted copy comes back on the next seeding.
    let id = rules[0]["id"].as_str().unwrap();
    w.fx.raw().execute("DELETE FROM flag_rules WHERE id = ?1", [id]).unwrap();
    assert_eq!(w.admin.seed_facility_flag_rules(&w.f).unwrap(), 1);
    assert_eq!(w.user.seed_facility_flag_rules(&w.f).unwrap_err().kind(), ErrorKind::PermissionDenied);
}

#[test]
fn the_catalog_lists_static_metrics_then_active_cost_categories() {
    let w = W::new("2026-02-09T15:00:00Z");
    let catalog = w.user.metric_catalog(None).unwrap();
    let categories = w.admin.list(RefTable::CostCategories, &ListOptions::default()).unwrap();
    assert_eq!(catalog.len(), 21 + categories.len());
    assert_eq!(catalog[0].id, "total_case_time");
    let dynamic = &catalog[21];
    assert!(dynamic.id.starts_with("cost_category_"));
    assert_eq!((dynamic.category, dynamic.supports_median), ("financial", true));
    assert!(dynamic.name.ends_with(" Cost"));
}

#[test]
fn custom_rules_take_their_category_and_milestones_from_the_catalog() {
    let w = W::new("2026-02-09T15:00:00Z");
    let loss = w
        .admin
        .create_flag_rule(NewFlagRule {
            name: "Case Operating at Loss".into(),
            metric: "case_profit".into(),
            operator: Some("lt".into()),
            threshold_type: Some("absolute".into()),
            threshold_value: Some(0.0),
            threshold_value_max: Some(5.0),
            severity: Some("critical".into()),
            ..NewFlagRule::default()
        })
        .unwrap();
    assert_eq!(loss["category"], json!("financial"));
    assert_eq!(loss["threshold_value_max"], json!(null), "v_max is cleared outside between");
    assert_eq!(loss["display_order"], json!(81), "after the last built-in (80)");
    assert_eq!((loss["is_built_in"].clone(), loss["facility_id"].clone()), (json!(false), json!(w.f)));
    let gap = w.admin.create_flag_rule(rule("surgeon_readiness_gap", "percentile", 90.0)).unwrap();
    assert_eq!(
        (gap["start_milestone"].clone(), gap["end_milestone"].clone()),
        (json!("prep_drape_complete"), json!("incision"))
    );
    // A cost category metric records its category.
    let category = w.admin.list(RefTable::CostCategories, &ListOptions::default()).unwrap()[0]["id"].clone();
    let metric = format!("cost_category_{}", category.as_str().unwrap());
    let implants = w.admin.create_flag_rule(rule(&metric, "median_plus_sd", 1.0)).unwrap();
    assert_eq!(implants["cost_category_id"], category);
    // Archiving the category archives its rules.
    w.admin.archive(RefTable::CostCategories, category.as_str().unwrap()).unwrap();
    let active = w.admin.flag_rules(Some(&w.f), false).unwrap();
    assert!(!active.iter().any(|r| r["id"] == implants["id"]));
    // Archive and restore a custom rule.
    let id = loss["id"].as_str().unwrap();
    assert_eq!(w.admin.archive_flag_rule(id).unwrap()["is_active"], json!(false));
    assert!(!w.admin.archive_flag_rule(id).unwrap()["deleted_at"].is_null(), "archiving twice is a no-op");
    let restored = w.admin.restore_flag_rule(id).unwrap();
    assert_eq!((restored["is_active"].clone(), restored["deleted_at"].clone()), (json!(true), json!(null)));
}

#[test]
fn bad_rule_definitions_are_refused_with_coded_errors_and_write_nothing() {
    let w = W::new("2026-02-09T15:00:00Z");
    let before = w.content();
    let kind = |r: orbit_core::Result<orbit_core::reference::Record>| r.unwrap_err().kind();
    assert_eq!(kind(w.admin.create_flag_rule(rule("no_such_metric", "absolute", 1.0))), ErrorKind::InvalidInput);
    let inverted = NewFlagRule { threshold_value_max: Some(5.0), ..rule("total_case_time", "between", 10.0) };
    assert_eq!(kind(w.admin.create_flag_rule(inverted)), ErrorKind::InvalidInput);
    assert_eq!(kind(w.admin.create_flag_rule(rule("total_case_time", "percentile", -5.0))), ErrorKind::InvalidInput);
    assert_eq!(kind(w.admin.create_flag_rule(rule("fcots_delay", "median_plus_sd", 1.0))), ErrorKind::InvalidInput);
    let unknown_category = format!("cost_category_{}", orbit_core::values::new_id());
    assert_eq!(kind(w.admin.create_flag_rule(rule(&unknown_category, "absolute", 1.0))), ErrorKind::InvalidInput);
    assert_eq!(
        kind(w.admin.create_flag_rule(NewFlagRule { name: " ".into(), ..rule("total_case_time", "absolute", 1.0) })),
        ErrorKind::InvalidInput
    );
    let bad_severity = NewFlagRule { severity: Some("fatal".into()), ..rule("total_case_time", "absolute", 1.0) };
    assert_eq!(kind(w.admin.create_flag_rule(bad_severity)), ErrorKind::InvalidInput);
    // Only facility admins write the facility's rules; only global admins the templates.
    assert_eq!(kind(w.user.create_flag_rule(rule("total_case_time", "absolute", 1.0))), ErrorKind::PermissionDenied);
    let template = NewFlagRule { template: true, ..rule("total_case_time", "absolute", 1.0) };
    assert_eq!(kind(w.admin.create_flag_rule(template)), ErrorKind::PermissionDenied);
    w.assert_unchanged(&before, "refused rule writes");
}

#[test]
fn built_in_rules_keep_their_identity_and_are_disabled_rather_than_archived() {
    let w = W::new("2026-02-09T15:00:00Z");
    let built_in = w.admin.flag_rules(Some(&w.f), false).unwrap()[0].clone();
    let id = built_in["id"].as_str().unwrap();
    let kind = |r: orbit_core::Result<orbit_core::reference::Record>| r.unwrap_err().kind();
    assert_eq!(kind(w.admin.update_flag_rule(id, &obj(json!({"name": "Mine"})))), ErrorKind::InvalidInput);
    assert_eq!(kind(w.admin.update_flag_rule(id, &obj(json!({"metric": "surgical_time"})))), ErrorKind::InvalidInput);
    assert_eq!(kind(w.admin.archive_flag_rule(id)), ErrorKind::InvalidInput);
    assert_eq!(kind(w.admin.update_flag_rule(id, &obj(json!({"threshold_value": -1.0})))), ErrorKind::InvalidInput);
    let updated = w
        .admin
        .update_flag_rule(
            id,
            &obj(json!({"is_enabled": false, "severity": "critical", "threshold_type": "between",
                        "threshold_value": 60, "threshold_value_max": 240})),
        )
        .unwrap();
    assert_eq!((updated["is_enabled"].clone(), updated["severity"].clone()), (json!(false), json!("critical")));
    assert_eq!(
        (updated["threshold_value"].clone(), updated["threshold_value_max"].clone()),
        (json!(60.0), json!(240.0))
    );
    // Switching away from between clears v_max.
    let back = w.admin.update_flag_rule(id, &obj(json!({"threshold_type": "absolute"}))).unwrap();
    assert_eq!(back["threshold_value_max"], json!(null));
    // Every rule write is audited.
    let audit = w.admin.audit_log(&Default::default()).unwrap();
    assert!(audit.iter().filter(|a| a.action == "flag_rules.updated").count() >= 2);
    // Device reps and other facilities see nothing.
    let g = w.fx.facility("G");
    let (_, outsider) = w.fx.member(&g, "facility_admin", "Otto");
    assert_eq!(kind(outsider.update_flag_rule(id, &obj(json!({"is_enabled": true})))), ErrorKind::NotFound);
    assert_eq!(outsider.flag_rules(Some(&w.f), false).unwrap_err().kind(), ErrorKind::NotFound);
}

/// Five completed days of surgeon S / procedure P (New York, 07:30 starts, patient_in 07:35): total minutes
/// [41, 44, 45, 47, 52], incision 20 minutes after patient_in, closing 10 minutes before patient_out.
fn five_days(w: &W) -> Vec<String> {
    let iso = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap().to_rfc3339();
    [41, 44, 45, 47, 52]
        .iter()
        .enumerate()
        .map(|(k, total)| {
            let date = format!("2026-02-1{k}");
            let case = w.case(&format!("F{k}"), &date, "07:30");
            let pi = common::w::at(&format!("{date}T12:35:00Z"));
            for (m, offset) in [("patient_in", 0), ("incision", 20), ("closing", total - 10), ("patient_out", *total)] {
                w.record(&case, m, &iso(pi + offset * 60_000));
            }
            case
        })
        .collect()
}

fn rule_id(w: &W, name: &str) -> String {
    let rules = w.admin.flag_rules(Some(&w.f), false).unwrap();
    rules.iter().find(|r| r["name"] == name).unwrap()["id"].as_str().unwrap().to_string()
}

#[test]
fn detection_runs_at_validation_worked_example_3() {
    let w = W::new("2026-02-09T15:00:00Z");
    let cases = five_days(&w);
    // The first four had fewer than three values in their window, or were within the threshold.
    for c in &cases[..4] {
        let labels: Vec<String> = w.user.case_flags(c).unwrap().into_iter().map(|f| f.label).collect();
        assert!(!labels.iter().any(|l| l.starts_with("Long Total Case Time")), "{labels:?}");
    }
    let flags = w.user.case_flags(&cases[4]).unwrap();
    let got: Vec<(&str, &str, Option<f64>, Option<f64>)> =
        flags.iter().map(|f| (f.label.as_str(), f.severity.as_str(), f.metric_value, f.threshold_value)).collect();
    assert_eq!(
        got,
        [
            ("Long Total Case Time", "warning", Some(52.0), Some(49.0)),
            ("Long Surgical Time", "warning", Some(22.0), Some(19.0)),
            ("Long Total Case Time (Personal)", "info", Some(52.0), Some(49.0)),
        ]
    );
    assert_eq!((flags[0].category.as_str(), flags[0].comparison_scope.as_deref()), ("timing", Some("facility")));
}

#[test]
fn detection_is_idempotent_and_follows_rules_and_eligibility_worked_example_18() {
    let w = W::new("2026-02-09T15:00:00Z");
    let cases = five_days(&w);
    let last = &cases[4];
    let before = w.user.case_flags(last).unwrap();
    let again = w.admin.redetect_case_flags(last).unwrap();
    assert_eq!((again.evaluated, again.inserted, again.updated, again.deleted), (1, 0, 0, 0));
    assert_eq!(w.user.case_flags(last).unwrap(), before, "same rows, same ids, same values");
    // Disabling a rule removes its flag at the next detection; the others stay untouched.
    w.admin.update_flag_rule(&rule_id(&w, "Long Surgical Time"), &obj(json!({"is_enabled": false}))).unwrap();
    let counts = w.admin.redetect_facility_flags(&w.f, "2026-02-10", "2026-02-14").unwrap();
    assert_eq!((counts.evaluated, counts.deleted), (5, 1));
    let after: Vec<String> = w.user.case_flags(last).unwrap().into_iter().map(|f| f.id).collect();
    assert_eq!(after, [before[0].id.clone(), before[2].id.clone()]);
    // A reported delay survives exclusion; threshold flags do not.
    let delay_type = w
        .admin
        .create(RefTable::DelayTypes, &obj(json!({"name": "equipment", "display_name": "Equipment Delay"})))
        .unwrap();
    w.user.report_case_delay(last, delay_type["id"].as_str().unwrap(), Some(5), None, None).unwrap();
    w.user.exclude_case(last, Some("audit")).unwrap();
    let left: Vec<(String, String)> =
        w.user.case_flags(last).unwrap().into_iter().map(|f| (f.flag_type, f.label)).collect();
    assert_eq!(left, [("delay".to_string(), "Equipment Delay".to_string())]);
    // Only facility admins re-run detection.
    assert_eq!(w.user.redetect_case_flags(last).unwrap_err().kind(), ErrorKind::PermissionDenied);
}

#[test]
fn financial_flags_need_the_financial_permission() {
    let w = W::new("2026-02-09T15:00:00Z");
    w.admin.update(RefTable::Facilities, &w.f, &obj(json!({"or_hourly_rate": 6000}))).unwrap();
    w.admin
        .create_flag_rule(NewFlagRule {
            name: "Case Operating at Loss".into(),
            metric: "case_profit".into(),
            operator: Some("lt".into()),
            threshold_type: Some("absolute".into()),
            threshold_value: Some(0.0),
            severity: Some("critical".into()),
            ..NewFlagRule::default()
        })
        .unwrap();
    let cases = five_days(&w);
    let admin_view = w.admin.case_flags(&cases[0]).unwrap();
    assert_eq!(admin_view[0].label, "Case Operating at Loss", "critical first");
    assert_eq!((admin_view[0].metric_value, admin_view[0].threshold_value), (Some(-41.0), Some(0.0)));
    let user_view = w.user.case_flags(&cases[0]).unwrap();
    assert!(user_view.iter().all(|f| f.category != "financial"), "users without flags.financial see none");
    // The analytics are computed as if those flags did not exist.
    let admin_stats = w.admin.flag_analytics(&w.f, "2026-02-10", "2026-02-14").unwrap();
    let user_stats = w.user.flag_analytics(&w.f, "2026-02-10", "2026-02-14").unwrap();
    assert_eq!(admin_stats.summary.critical_count, 5, "every case runs at a loss");
    assert_eq!((user_stats.summary.critical_count, user_stats.summary.total_flags), (0, 3));
    assert!(user_stats.flag_rule_breakdown.iter().all(|r| r.category != "financial"));
}

#[test]
fn flag_analytics_over_a_real_week() {
    let w = W::new("2026-02-09T15:00:00Z");
    let cases = five_days(&w);
    let delay_type = w
        .admin
        .create(RefTable::DelayTypes, &obj(json!({"name": "equipment", "display_name": "Equipment Delay"})))
        .unwrap();
    w.user.report_case_delay(&cases[0], delay_type["id"].as_str().unwrap(), Some(5), None, None).unwrap();
    let a = w.user.flag_analytics(&w.f, "2026-02-10", "2026-02-14").unwrap();
    let s = &a.summary;
    assert_eq!((s.total_cases, s.flagged_cases, s.total_flags, s.delayed_cases), (5, 2, 4, 1));
    assert_eq!((s.flag_rate, s.delay_rate, s.avg_flags_per_case), (40.0, 20.0, 2.0));
    assert_eq!((s.critical_count, s.warning_count, s.info_count), (0, 3, 1));
    assert_eq!((s.flag_rate_trend, s.delay_rate_trend), (0.0, 0.0), "no cases in the previous period");
    assert_eq!(a.sparkline_data.flag_rate, [40.0]);
    assert_eq!(a.weekly_trend.len(), 1);
    assert_eq!(a.weekly_trend[0].week, "Feb 09");
    let days: Vec<(&str, u64, u64)> =
        a.day_of_week_heatmap.iter().map(|d| (d.day.as_str(), d.timing, d.total)).collect();
    assert_eq!(days, [("Tue", 0, 1), ("Sat", 3, 3)]);
    let sam = &a.surgeon_flags[0];
    assert_eq!((sam.name.as_str(), sam.cases, sam.flagged_cases, sam.flags), ("Sam Surgeon", 5, 2, 4));
    assert_eq!((sam.rate, sam.prev_rate, sam.trend), (40.0, None, 0.0));
    assert_eq!(a.room_flags[0].room, "OR1");
    assert_eq!(
        (a.room_flags[0].top_issue.as_str(), a.room_flags[0].top_delay.as_str()),
        ("Long Surgical Time", "Equipment Delay")
    );
    let recent: Vec<&str> = a.recent_flagged_cases.iter().map(|c| c.case_id.as_str()).collect();
    assert_eq!(recent, [cases[4].as_str(), cases[0].as_str()]);
    assert_eq!(a.delay_type_breakdown[0].avg_duration, Some(5));
    assert!(a.patterns.is_empty(), "{:?}", a.patterns);
    // The next week compares against this one.
    let next = w.user.flag_analytics(&w.f, "2026-02-15", "2026-02-19").unwrap();
    assert_eq!((next.summary.total_cases, next.summary.flag_rate_trend), (0, 0.0));
    // Dates are checked; other facilities' members see nothing; device reps are refused.
    assert_eq!(w.user.flag_analytics(&w.f, "2026-02-14", "2026-02-10").unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!(w.user.flag_analytics(&w.f, "2026-02-30", "2026-03-01").unwrap_err().kind(), ErrorKind::InvalidInput);
    let g = w.fx.facility("G");
    let (_, outsider) = w.fx.member(&g, "facility_admin", "Otto");
    assert_eq!(outsider.flag_analytics(&w.f, "2026-02-10", "2026-02-14").unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn surgeon_day_indicators_over_a_real_day() {
    let w = W::new("2026-02-09T15:00:00Z");
    let cases = five_days(&w);
    let day = w.user.surgeon_day_indicators(&w.surgeon, "2026-02-14").unwrap();
    assert_eq!(day.len(), 1);
    assert_eq!(day[0].case_id, cases[4]);
    let got: Vec<(&str, &str, &str, &str)> = day[0]
        .indicators
        .iter()
        .map(|i| (i.indicator_type.as_str(), i.severity.as_str(), i.label.as_str(), i.detail.as_str()))
        .collect();
    // 07:30 EST start, in at 07:35; surgical phase 22 min against the median of [11, 14, 15, 17, 22].
    assert_eq!(
        got,
        [
            ("late_start", "info", "Late Start", "+5m vs scheduled"),
            ("extended_phase", "caution", "Extended Surgical", "22m vs 15m med (+47%)"),
        ]
    );
    // The shortest case (41 min against a 45 min median) is fast only beyond 15 %: it is not.
    let first = w.user.surgeon_day_indicators(&w.surgeon, "2026-02-10").unwrap();
    assert!(first[0].indicators.iter().all(|i| i.indicator_type != "fast_case"));
    assert!(w.user.surgeon_day_indicators(&w.surgeon, "2026-02-15").unwrap().is_empty());
    let g = w.fx.facility("G");
    let (_, outsider) = w.fx.member(&g, "facility_admin", "Otto");
    assert_eq!(outsider.surgeon_day_indicators(&w.surgeon, "2026-02-14").unwrap_err().kind(), ErrorKind::NotFound);
}

/// A case's flags as (label, value, threshold).
type FlagValues = Vec<(String, Option<f64>, Option<f64>)>;

#[test]
fn a_batch_deferring_detection_gives_the_flags_of_per_case_detection_in_one_pass() {
    let flags_of = |w: &W, cases: &[String]| -> Vec<FlagValues> {
        cases
            .iter()
            .map(|c| {
                w.user
                    .case_flags(c)
                    .unwrap()
                    .into_iter()
                    .map(|f| (f.label, f.metric_value, f.threshold_value))
                    .collect()
            })
            .collect()
    };
    // The legacy averages (deferred the same way): values by milestone type, ids left out.
    let legacy_of = |w: &W| -> Vec<(String, f64, i64)> {
        let raw = w.fx.raw();
        let mut stmt = raw
            .prepare(
                "SELECT 'total', avg_total_minutes, sample_size FROM surgeon_procedure_averages
                 UNION ALL
                 SELECT mt.name, a.avg_minutes_from_start, a.sample_size FROM surgeon_milestone_averages a
                 JOIN milestone_types mt ON mt.id = a.milestone_type_id
                 ORDER BY 1",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    };
    let per_case = W::new("2026-02-09T15:00:00Z");
    let expected = flags_of(&per_case, &five_days(&per_case));
    assert!(!expected[4].is_empty(), "the history must raise flags for the comparison to mean something");
    let expected_legacy = legacy_of(&per_case);
    assert!(expected_legacy.len() > 1 && expected_legacy.iter().all(|(_, _, n)| *n == 5), "{expected_legacy:?}");

    let deferred = W::new("2026-02-09T15:00:00Z");
    let mut inside = Vec::new();
    let cases = deferred
        .user
        .batch_deferring_detection(|s| {
            let cases = five_days(&deferred);
            // Inside the batch the detection has not run yet.
            inside = s.case_flags(&cases[4]).unwrap();
            Ok(cases)
        })
        .unwrap();
    assert!(inside.is_empty());
    assert_eq!(flags_of(&deferred, &cases), expected);
    assert_eq!(legacy_of(&deferred), expected_legacy);
    // Nothing is left for a re-detection to do.
    let again = deferred.admin.redetect_facility_flags(&deferred.f, "2026-02-10", "2026-02-14").unwrap();
    assert_eq!((again.evaluated, again.inserted, again.updated, again.deleted), (5, 0, 0, 0));

    // A failing batch writes nothing, the deferred detection included.
    let failed = W::new("2026-02-09T15:00:00Z");
    let before = failed.content();
    let err = failed
        .user
        .batch_deferring_detection(|_| -> orbit_core::Result<()> {
            five_days(&failed);
            Err(orbit_core::Error::invalid("test", "abandon the batch"))
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    failed.assert_unchanged(&before, "an abandoned deferring batch");
}
