//! Projections, projection vs actual, the case drawer, full-day financials and financial analytics through the
//! public API (financials-kpis.md §0.3, §3, §3.1, §3.2, §4, §6): the cost function and aggregate medians over
//! real lifecycles, the source cascades, worked example E3, and access. The arithmetic (E4 included) is
//! tested beside the engines (`financials::projection`, `financials::rollups`).

mod common;

use std::collections::BTreeMap;

use common::w::{W, at, obj};
use orbit_core::financials::full_day::DayRowSource;
use orbit_core::financials::pricing::{ProcedurePricingInput, SurgeonOverridesInput};
use orbit_core::financials::projection::{
    Confidence, DataQualitySource, DurationSource, FigureSource, MarginRating, RevenueSource,
};
use orbit_core::financials::rollups::FinancialFilter;
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{ErrorKind, NewCase, Scope};
use serde_json::json;

/// E2's money on W's procedure P ("TKA") with W's surgeon as Dr A: OR rate 1 500.00/h; Implants 4 200.00 from
/// 2025-01-01 then 4 500.00 from 2025-06-01; Soft Goods 350.00 and Device Rep Rebates (credit) 200.00 from
/// 2025-01-01; Dr A's Soft Goods override 500.00 from 2025-03-01; default reimbursement 12 000.00 from
/// 2025-01-01; Medicare 10 500.00 from 2025-01-01 and 11 000.00 from 2025-07-01.
struct Priced {
    w: W,
    medicare: String,
    /// Dr B and Dr C (W's surgeon is Dr A).
    b: String,
    c: String,
    /// A second procedure Q without pricing (expected duration 45 min; Dr A's scheduled duration 50 min).
    q: String,
}

fn id(v: &serde_json::Map<String, serde_json::Value>) -> String {
    v["id"].as_str().unwrap().to_string()
}

fn priced() -> Priced {
    let w = W::new("2025-06-10T12:00:00Z");
    w.admin.update(RefTable::Facilities, &w.f, &obj(json!({"or_hourly_rate": 150_000}))).unwrap();
    let categories: BTreeMap<String, String> = w
        .admin
        .list(RefTable::CostCategories, &ListOptions::default())
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_string(), id(c)))
        .collect();
    let payers: BTreeMap<String, String> = w
        .admin
        .list(RefTable::Payers, &ListOptions::default())
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_string(), id(c)))
        .collect();
    let medicare = payers["Medicare"].clone();
    let costs = |implants: i64| {
        BTreeMap::from([
            (categories["Implants"].clone(), implants),
            (categories["Soft Goods"].clone(), 35_000),
            (categories["Device Rep Rebates"].clone(), 20_000),
        ])
    };
    w.admin
        .set_procedure_pricing(&ProcedurePricingInput {
            procedure_type_id: w.procedure.clone(),
            effective_from: Some("2025-01-01".into()),
            costs: costs(420_000),
            default_reimbursement: Some(1_200_000),
            payer_reimbursements: BTreeMap::from([(medicare.clone(), 1_050_000)]),
        })
        .unwrap();
    w.admin
        .set_procedure_pricing(&ProcedurePricingInput {
            procedure_type_id: w.procedure.clone(),
            effective_from: Some("2025-06-01".into()),
            costs: costs(450_000),
            default_reimbursement: None,
            payer_reimbursements: BTreeMap::new(),
        })
        .unwrap();
    w.admin.set_reimbursement_version(&w.procedure, Some(&medicare), 1_100_000, Some("2025-07-01")).unwrap();
    w.admin
        .set_surgeon_overrides(&SurgeonOverridesInput {
            surgeon_id: w.surgeon.clone(),
            procedure_type_id: w.procedure.clone(),
            effective_from: Some("2025-03-01".into()),
            overrides: BTreeMap::from([(categories["Soft Goods"].clone(), 50_000)]),
        })
        .unwrap();
    let b = w.another_surgeon("Bea");
    let c = w.another_surgeon("Cy");
    let q = id(&w
        .admin
        .create(RefTable::ProcedureTypes, &obj(json!({"name": "Q", "expected_duration_minutes": 45})))
        .unwrap());
    insert_surgeon_duration_raw(&w, &w.surgeon, &q, 50);
    Priced { w, medicare, b, c, q }
}

/// A surgeon's scheduled duration, written by SQL on the store file: no public call writes
/// `surgeon_procedure_duration` yet.
fn insert_surgeon_duration_raw(w: &W, surgeon: &str, procedure: &str, minutes: i64) {
    w.fx.raw()
        .execute(
            "INSERT INTO surgeon_procedure_duration (id, facility_id, surgeon_id, procedure_type_id, expected_duration_minutes,
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, 0)",
            rusqlite::params![orbit_core::values::new_id(), w.f, surgeon, procedure, minutes],
        )
        .unwrap();
}

struct CaseSpec<'a> {
    number: &'a str,
    date: &'a str,
    start: Option<&'a str>,
    surgeon: Option<&'a str>,
    procedure: Option<&'a str>,
    payer: Option<&'a str>,
}

fn create(w: &W, s: CaseSpec<'_>) -> String {
    w.user
        .create_case(NewCase {
            case_number: s.number.into(),
            scheduled_date: s.date.into(),
            start_time: s.start.map(str::to_string),
            or_room_id: Some(w.room.clone()),
            surgeon_id: s.surgeon.map(str::to_string),
            procedure_type_id: s.procedure.map(str::to_string),
            payer_id: s.payer.map(str::to_string),
            ..NewCase::default()
        })
        .unwrap()
}

/// Runs a case through patient_in, incision (+10 min), closing (−10 min) and patient_out (completion with no
/// open issue validates it, so it gets a stats row).
fn complete(w: &W, case: &str, pi: &str, po: &str) {
    let shift = |t: &str, minutes: i64| orbit_core::values::rfc3339_ms(at(t) + minutes * 60_000);
    w.record(case, "patient_in", pi);
    w.record(case, "incision", &shift(pi, 10));
    w.record(case, "closing", &shift(po, -10));
    w.record(case, "patient_out", po);
    assert!(w.user.case_stats(case).unwrap().is_some(), "the completed case has stats");
}

/// Dr A's two June TKA cases (90 and 95 min, Medicare) and Dr B's (100 min, no payer): surgeon medians A 92.5
/// min / 10 500.00, facility medians 95 min / 10 500.00.
fn history(p: &Priced) -> [String; 3] {
    let (w, a) = (&p.w, p.w.surgeon.as_str());
    let spec = |number, date, surgeon, payer| CaseSpec {
        number,
        date,
        start: Some("08:00"),
        surgeon: Some(surgeon),
        procedure: Some(w.procedure.as_str()),
        payer,
    };
    let h1 = create(w, spec("H1", "2025-06-16", a, Some(p.medicare.as_str())));
    complete(w, &h1, "2025-06-16T12:00:00Z", "2025-06-16T13:30:00Z");
    let h2 = create(w, spec("H2", "2025-06-17", a, Some(p.medicare.as_str())));
    complete(w, &h2, "2025-06-17T12:00:00Z", "2025-06-17T13:35:00Z");
    let hb = create(w, spec("HB", "2025-06-18", &p.b, None));
    complete(w, &hb, "2025-06-18T12:00:00Z", "2025-06-18T13:40:00Z");
    [h1, h2, hb]
}

#[test]
fn worked_example_e3_projection_through_the_store() {
    let p = priced();
    history(&p);
    let w = &p.w;
    let x = create(
        w,
        CaseSpec {
            number: "X",
            date: "2025-07-10",
            start: Some("09:00"),
            surgeon: Some(&w.surgeon),
            procedure: Some(&w.procedure),
            payer: Some(&p.medicare),
        },
    );
    let e3 = w.user.project_case(&x).unwrap();
    assert_eq!((e3.projected_duration_minutes, e3.duration_source), (Some(92.5), Some(DurationSource::SurgeonMedian)));
    assert_eq!(e3.duration_label.as_deref(), Some("Based on Dr Surgeon's median of 93 min"));
    assert_eq!((e3.supply_debits, e3.supply_credits, e3.cost_source), (500_000, 20_000, "surgeon_override"));
    assert_eq!((e3.revenue, e3.revenue_source), (Some(1_100_000), Some(RevenueSource::PayerRate)));
    assert_eq!((e3.or_cost, e3.profit), (Some(231_250), Some(388_750)), "2 312.50 and 3 887.50");
    assert!((e3.margin_percent.unwrap() - 35.340_909).abs() < 1e-5, "{:?}", e3.margin_percent);
    let items: Vec<(&str, i64, &str)> =
        e3.items.iter().map(|i| (i.category_name.as_str(), i.amount, i.source)).collect();
    assert!(items.contains(&("Soft Goods", 50_000, "surgeon_override")), "{items:?}");
    assert!(items.contains(&("Implants", 450_000, "procedure_default")), "{items:?}");
    assert!(items.contains(&("Hard Goods", 0, "none")), "{items:?}");

    // The drawer of the projected case: benchmarks of the three validated TKA cases (Dr A's two).
    let s = w.user.case_financial_summary(&x).unwrap();
    assert_eq!((s.hero.source, s.hero.profit, s.hero.total_costs), (FigureSource::Projected, Some(388_750), 711_250));
    assert_eq!((s.facility_benchmark.case_count, s.surgeon_benchmark.case_count, s.benchmark_case_count), (3, 2, 10));
    assert_eq!((s.margin_rating, s.surgeon_margin_rating), (MarginRating::Good, MarginRating::Good), "too few cases");
    assert_eq!(
        (s.data_quality.cost_source, s.data_quality.confidence),
        (DataQualitySource::Projected, Confidence::Low)
    );
    let labels: Vec<&str> = s.cost_breakdown.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["Implants", "OR Time", "Soft Goods", "Credits"]);
    // Not yet done: every actual is null.
    let c = w.user.compare_case_financials(&x).unwrap();
    assert!(!c.has_actuals && c.lines.iter().all(|l| l.actual.is_none()));
    assert_eq!(c.projected_profit, Some(388_750));
}

#[test]
fn projection_source_cascades() {
    let p = priced();
    history(&p);
    let w = &p.w;
    let (a, tka) = (w.surgeon.as_str(), w.procedure.as_str());
    let project = |number, date, surgeon: Option<&str>, procedure: Option<&str>, payer: Option<&str>| {
        let case = create(w, CaseSpec { number, date, start: Some("10:00"), surgeon, procedure, payer });
        w.user.project_case(&case).unwrap()
    };
    // Duration: surgeon median → facility median → scheduled (surgeon's, then procedure's) → none.
    let facility = project("D1", "2025-07-10", Some(&p.c), Some(tka), None);
    assert_eq!(
        (facility.projected_duration_minutes, facility.duration_source),
        (Some(95.0), Some(DurationSource::FacilityMedian))
    );
    assert_eq!(facility.duration_label.as_deref(), Some("Facility median: 95 min"));
    assert_eq!(facility.or_cost, Some(237_500));
    // Revenue: no payer → the default row.
    assert_eq!((facility.revenue, facility.revenue_source), (Some(1_200_000), Some(RevenueSource::ProcedureDefault)));
    assert_eq!(facility.cost_source, "procedure_default");
    let own = project("D2", "2025-07-10", Some(a), Some(&p.q), None);
    assert_eq!((own.projected_duration_minutes, own.duration_source), (Some(50.0), Some(DurationSource::Scheduled)));
    assert_eq!((own.duration_label.as_deref(), own.or_cost), (Some("Scheduled: 50 min"), Some(125_000)));
    assert_eq!((own.revenue, own.revenue_source, own.profit, own.margin_percent), (None, None, None, None));
    assert!(own.has_data, "an OR cost is data");
    let expected = project("D3", "2025-07-10", Some(&p.c), Some(&p.q), None);
    assert_eq!(expected.projected_duration_minutes, Some(45.0));
    let bare = project("D4", "2025-07-10", None, None, None);
    assert_eq!((bare.projected_duration_minutes, bare.or_cost, bare.revenue), (None, None, None));
    assert!(!bare.has_data && bare.items.is_empty());
    // Before any pricing: no configured revenue → the surgeon's median reimbursement → the facility's.
    let surgeon = project("R1", "2024-12-02", Some(a), Some(tka), None);
    assert_eq!((surgeon.revenue, surgeon.revenue_source), (Some(1_050_000), Some(RevenueSource::SurgeonMedian)));
    assert_eq!((surgeon.supply_debits, surgeon.supply_credits), (0, 0));
    let fac = project("R2", "2024-12-02", Some(&p.c), Some(tka), None);
    assert_eq!((fac.revenue, fac.revenue_source), (Some(1_050_000), Some(RevenueSource::FacilityMedian)));
    // Cancelled cases are never projected.
    let cancelled = create(
        w,
        CaseSpec { number: "Z", date: "2025-07-10", start: None, surgeon: Some(a), procedure: Some(tka), payer: None },
    );
    cancel(w, &cancelled);
    for err in [
        w.user.project_case(&cancelled).unwrap_err(),
        w.user.compare_case_financials(&cancelled).unwrap_err(),
        w.user.case_financial_summary(&cancelled).unwrap_err(),
    ] {
        assert_eq!(err.kind(), ErrorKind::CaseCancelled);
    }
}

fn cancel(w: &W, case: &str) {
    let reason = w.admin.list(RefTable::CancellationReasons, &ListOptions::default()).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    w.user.cancel_case(case, Some(&reason), None).unwrap();
}

#[test]
fn comparison_and_drawer_of_a_completed_case() {
    let p = priced();
    let [h1, _, hb] = history(&p);
    let w = &p.w;
    let c = w.user.compare_case_financials(&h1).unwrap();
    assert!(c.has_actuals);
    let revenue = &c.lines[0];
    assert_eq!(
        (revenue.label, revenue.projected, revenue.actual, revenue.delta),
        ("Revenue", Some(1_050_000), Some(1_050_000), Some(0))
    );
    // Actual: 90 min at 1 500.00/h = 2 250.00; projected with Dr A's median of 92.5 min = 2 312.50.
    let or = &c.lines[1];
    assert_eq!((or.projected, or.actual, or.delta), (Some(231_250), Some(225_000), Some(-6_250)));
    assert_eq!((c.actual_profit, c.profit_delta), (Some(1_050_000 - 500_000 + 20_000 - 225_000), Some(6_250)));
    let s = w.user.case_financial_summary(&h1).unwrap();
    assert_eq!((s.hero.source, s.hero.revenue, s.hero.total_costs), (FigureSource::Actual, Some(1_050_000), 705_000));
    assert_eq!(
        (s.facility_benchmark.case_count, s.surgeon_benchmark.case_count),
        (2, 1),
        "the case itself is left out"
    );
    assert_eq!((s.data_quality.cost_source, s.data_quality.confidence), (DataQualitySource::Actual, Confidence::High));
    assert_eq!(s.cost_breakdown.iter().find(|l| l.label == "OR Time").unwrap().amount, 225_000, "the actual OR cost");
    // An excluded case leaves the benchmarks.
    w.user.exclude_case(&hb, None).unwrap();
    let s = w.user.case_financial_summary(&h1).unwrap();
    assert_eq!(s.facility_benchmark.case_count, 1);
}

#[test]
fn full_day_rows_actual_projected_and_none() {
    let p = priced();
    history(&p);
    let w = &p.w;
    let (a, tka) = (w.surgeon.as_str(), w.procedure.as_str());
    let spec = |number, start, procedure, payer| CaseSpec {
        number,
        date: "2025-07-10",
        start,
        surgeon: Some(a),
        procedure,
        payer,
    };
    let x = create(w, spec("X", Some("09:00"), Some(tka), Some(p.medicare.as_str())));
    let y = create(w, spec("Y", Some("07:30"), Some(tka), Some(p.medicare.as_str())));
    let qcase = create(w, spec("QC", Some("10:00"), Some(p.q.as_str()), None));
    let z = create(w, spec("Z", Some("11:00"), Some(tka), None));
    let late = create(w, spec("L", None, None, None));
    // Dr B's case that day and a draft of Dr A's are not rows.
    create(
        w,
        CaseSpec {
            number: "B1",
            date: "2025-07-10",
            start: Some("08:00"),
            surgeon: Some(&p.b),
            procedure: Some(tka),
            payer: None,
        },
    );
    w.user
        .create_case(NewCase {
            case_number: "DR".into(),
            scheduled_date: "2025-07-10".into(),
            surgeon_id: Some(a.into()),
            is_draft: true,
            ..NewCase::default()
        })
        .unwrap();
    // Y: 07:30–09:10 EDT (100 min) → OR 2 500.00, Medicare 11 000.00, debits 5 000.00, credit 200.00.
    complete(w, &y, "2025-07-10T11:30:00Z", "2025-07-10T13:10:00Z");
    cancel(w, &z);
    let day = w.user.full_day_financials(&w.f, a, "2025-07-10", None).unwrap();
    let order: Vec<&str> = day.rows.iter().map(|r| r.case_number.as_str()).collect();
    assert_eq!(order, ["Y", "X", "QC", "Z", "L"], "by start_time, missing last; no draft, no other surgeon");
    let sources: Vec<DayRowSource> = day.rows.iter().map(|r| r.source).collect();
    let (actual, projected, none) = (DayRowSource::Actual, DayRowSource::Projected, DayRowSource::None);
    assert_eq!(sources, [actual, projected, projected, none, projected]);
    let yr = &day.rows[0];
    assert_eq!((yr.revenue, yr.total_costs, yr.profit), (Some(1_100_000), Some(730_000), Some(370_000)));
    assert_eq!(yr.status, "completed");
    let xp = w.user.project_case(&x).unwrap();
    let xr = &day.rows[1];
    assert_eq!((xr.revenue, xr.profit, xr.margin_pct), (xp.revenue, xp.profit, xp.margin_percent));
    assert_eq!(xr.total_costs, Some(xp.or_cost.unwrap() + 480_000));
    let qr = &day.rows[2];
    assert_eq!((qr.revenue, qr.total_costs, qr.profit, qr.margin_pct), (None, Some(125_000), None, None));
    assert_eq!((day.rows[3].status.as_str(), day.rows[3].revenue), ("cancelled", None));
    assert_eq!((day.actual_count, day.projected_count), (1, 3));
    assert_eq!(day.total_revenue, 2_200_000);
    assert_eq!(day.total_profit, 370_000 + xp.profit.unwrap());
    assert!((day.total_margin.unwrap() - day.total_profit as f64 / 2_200_000.0 * 100.0).abs() < 1e-12);
    // Without projections only the actual row has figures.
    let bare = w.user.full_day_financials(&w.f, a, "2025-07-10", Some(false)).unwrap();
    let sources: Vec<DayRowSource> = bare.rows.iter().map(|r| r.source).collect();
    assert_eq!(sources, [actual, none, none, none, none]);
    assert_eq!((bare.total_revenue, bare.projected_count), (1_100_000, 0));
    let _ = (qcase, late);
    // A user of another facility is not a surgeon here.
    let g = w.fx.facility("G");
    let (stranger, _) = w.fx.member(&g, "user", "Stan");
    assert_eq!(
        w.user.full_day_financials(&w.f, &stranger.id, "2025-07-10", None).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(w.user.full_day_financials(&w.f, a, "2025-7-10", None).unwrap_err().kind(), ErrorKind::InvalidInput);
}

#[test]
fn analytics_over_real_stats_rows() {
    let p = priced();
    let [h1, h2, hb] = history(&p);
    let w = &p.w;
    let profit = |case: &str| w.user.case_stats(case).unwrap().unwrap()["profit"].as_i64().unwrap();
    let a =
        w.user.financial_analytics(&w.f, "2025-06-01", "2025-06-30", None, Some(("2025-05-01", "2025-05-31"))).unwrap();
    let s = &a.summary.totals;
    assert_eq!(s.total_cases, 3);
    assert_eq!(s.total_profit, profit(&h1) + profit(&h2) + profit(&hb));
    assert_eq!((s.total_or_minutes, s.median_duration), (285, Some(95.0)));
    assert_eq!(a.summary.cost_per_minute, 25.0, "1 500.00 / 60");
    // Dr B's 100 min exceed the facility median of 95 by 5 min.
    assert!((a.summary.excess_time_cost - 125.0).abs() < 1e-9);
    let names: Vec<&str> = a.surgeons.iter().map(|x| x.surgeon_name.as_str()).collect();
    assert_eq!(names, ["Dr. Surgeon", "Dr. Surgeon"], "both named Surgeon, by total profit");
    assert_eq!(a.procedures.len(), 1);
    assert_eq!((a.procedures[0].surgeon_count, a.procedures[0].facility_median_duration), (2, Some(95.0)));
    let payers: Vec<(&str, i64)> = a.payer_mix.iter().map(|x| (x.payer_name.as_str(), x.case_count)).collect();
    assert_eq!(payers, [("Medicare", 2), ("Unknown Payer", 1)]);
    assert_eq!(a.profit_histogram.iter().map(|b| b.count).sum::<i64>(), 3);
    let months: Vec<&str> = a.monthly_trend.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months, ["2025-05", "2025-06"]);
    let cmp = a.comparison.unwrap();
    assert_eq!(
        (cmp.total_cases.current, cmp.total_cases.previous, cmp.total_cases.delta_pct),
        (Some(3.0), Some(0.0), None)
    );
    // Filters select rows; excluded cases never count (D-F8).
    let only_a = FinancialFilter { surgeon_id: Some(w.surgeon.clone()), procedure_type_id: None };
    let f = w.user.financial_analytics(&w.f, "2025-06-01", "2025-06-30", Some(only_a), None).unwrap();
    assert_eq!((f.summary.totals.total_cases, f.surgeons.len(), f.comparison.is_none()), (2, 1, true));
    w.user.exclude_case(&hb, None).unwrap();
    let e = w.user.financial_analytics(&w.f, "2025-06-01", "2025-06-30", None, None).unwrap();
    assert_eq!(e.summary.totals.total_cases, 2);
    // Bad requests.
    let err = w.user.financial_analytics(&w.f, "2025-06-30", "2025-06-01", None, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let bad = FinancialFilter { surgeon_id: Some("nope".into()), procedure_type_id: None };
    let err = w.user.financial_analytics(&w.f, "2025-06-01", "2025-06-30", Some(bad), None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[test]
fn financial_reads_are_for_facility_members() {
    let p = priced();
    let [h1, ..] = history(&p);
    let w = &p.w;
    let (_, coordinator) = w.fx.member(&w.f, "coordinator", "Cora");
    let global = w.fx.global_admin();
    for scope in [&coordinator, &global, &w.admin] {
        scope.project_case(&h1).unwrap();
        scope.financial_analytics(&w.f, "2025-06-01", "2025-06-30", None, None).unwrap();
        scope.full_day_financials(&w.f, &w.surgeon, "2025-06-16", None).unwrap();
    }
    let rep = w.device_rep();
    let anonymous = w.fx.orbit.anonymous();
    let g = w.fx.facility("G");
    let (_, outsider) = w.fx.member(&g, "facility_admin", "Otto");
    let kinds = |s: &Scope| {
        [
            s.project_case(&h1).map(|_| ()),
            s.compare_case_financials(&h1).map(|_| ()),
            s.case_financial_summary(&h1).map(|_| ()),
            s.full_day_financials(&w.f, &w.surgeon, "2025-06-16", None).map(|_| ()),
            s.financial_analytics(&w.f, "2025-06-01", "2025-06-30", None, None).map(|_| ()),
        ]
        .map(|r| r.unwrap_err().kind())
    };
    assert_eq!(kinds(&rep), [ErrorKind::PermissionDenied; 5], "device reps never see financials");
    assert_eq!(kinds(&anonymous), [ErrorKind::PermissionDenied; 5]);
    assert_eq!(kinds(&outsider), [ErrorKind::NotFound; 5], "other facilities' rows are not found");
    assert_eq!(w.user.project_case(&orbit_core::values::new_id()).unwrap_err().kind(), ErrorKind::NotFound);
}
