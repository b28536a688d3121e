//! Projected financials of a case without stats (financials-kpis.md §3), projection vs actual (§3.1) and the
//! case-drawer helpers (§3.2: hero metrics, margin benchmarks and rating, cost breakdown, data quality) as
//! pure functions over plain data. No `Connection`: [`super::case_store`] loads the inputs (the single cost
//! function `stats::cost_detail`, the aggregate medians, the stats row) and offers the `Scope` calls.
//!
//! Money: single amounts are integer cents (`i64`), percentages unrounded `f64` (§0.2). Aggregate medians of
//! money arrive as REAL dollars and are converted to cents with `round_money` (half away from zero).
//!
//! # Choices the spec leaves open
//!
//! 1. **Projected OR cost** uses the projected duration as a real number of minutes (a median may be
//!    fractional: E3's 92.5 min) in the same `round_money(m × rate / 60)` as stored stats
//!    ([`or_time_cost_cents`]). It is null without a duration or without a rate > 0 (§3 step 2).
//! 2. **Cost lines** are the cost function's lines: one per active category (display_order, name, id) when
//!    the case has a procedure, none without one (every amount is then 0).
//! 3. **Duration labels** print `N = round_js(duration)` as an integer; the surgeon label uses the surgeon's
//!    last name.
//! 4. **Comparison** (§3.1): `Supply Costs` and `Credits` are projected as null when 0, actual values are the
//!    stats row's; a line's delta is `actual − projected` when both are known. Without a stats row every
//!    actual is null.
//! 5. **Drawer**: the hero margin is rated twice, against the facility+procedure benchmark
//!    (`margin_rating`) and against the surgeon benchmark (`surgeon_margin_rating`), each with minimum count
//!    `min(10, N)`. The cost breakdown uses the cost function's category lines and the OR cost of the
//!    hero's source (the stats row's `or_time_cost` when actuals exist, else the projected `or_cost`).
//!    Debit lines are summed per category name; the credit total is one negative `Credits` line (omitted
//!    when 0). `has_costs` / `has_revenue` of the data quality read the projection (§3.2).

use serde::Serialize;

use crate::kpis::rules::{js_round, median};
use crate::stats::CostLine;
use crate::stats::rules::{or_time_cost_cents, round_int};

/// Default of `financial_benchmark_case_count` (§1.8): the number of recent cases a margin benchmark reads.
pub const DEFAULT_BENCHMARK_CASE_COUNT: i64 = 10;
/// The rating's minimum case count is `min(RATING_MIN_CASES, N)` (§3.2, D-F7).
pub const RATING_MIN_CASES: i64 = 10;
/// A margin at or above this fraction of a positive benchmark median is `fair` (§3.2).
pub const FAIR_MARGIN_FACTOR: f64 = 0.9;
/// `medium` confidence needs at least this many surgeon-benchmark margins (§3.2).
pub const MEDIUM_CONFIDENCE_SURGEON_CASES: i64 = 5;
/// Label of the OR time line of the cost breakdown.
pub const OR_TIME_LABEL: &str = "OR Time";
/// Label of the credits line of the cost breakdown.
pub const CREDITS_LABEL: &str = "Credits";

/// Where a projected duration came from (§3 step 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationSource {
    /// The surgeon-procedure aggregate's median.
    SurgeonMedian,
    /// The facility-procedure aggregate's median.
    FacilityMedian,
    /// The surgeon's scheduled duration, else the procedure's expected duration.
    Scheduled,
}

/// Where projected revenue came from (§3 step 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevenueSource {
    /// A payer-specific reimbursement row.
    PayerRate,
    /// The procedure's default reimbursement row.
    ProcedureDefault,
    /// The surgeon-procedure aggregate's median reimbursement.
    SurgeonMedian,
    /// The facility-procedure aggregate's median reimbursement.
    FacilityMedian,
}

/// Everything a projection reads, loaded by the store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectionInputs {
    /// The case.
    pub case_id: String,
    /// Its scheduled date (`YYYY-MM-DD`), the cost function's date.
    pub scheduled_date: String,
    /// The surgeon's last name (duration label).
    pub surgeon_last_name: Option<String>,
    /// `median_duration` of the surgeon-procedure aggregate (minutes).
    pub surgeon_median_duration: Option<f64>,
    /// `median_duration` of the facility-procedure aggregate (minutes).
    pub facility_median_duration: Option<f64>,
    /// Active surgeon_procedure_duration, else the procedure's expected_duration_minutes.
    pub scheduled_duration: Option<f64>,
    /// The cost function's reimbursement (cents; 0 when no row).
    pub configured_reimbursement: i64,
    /// The row that supplied it: `payer_rate` or `procedure_default` (`None` = no row).
    pub reimbursement_source: Option<&'static str>,
    /// `median_reimbursement` of the surgeon-procedure aggregate (REAL dollars).
    pub surgeon_median_reimbursement: Option<f64>,
    /// `median_reimbursement` of the facility-procedure aggregate (REAL dollars).
    pub facility_median_reimbursement: Option<f64>,
    /// Σ debit categories (cents).
    pub total_debits: i64,
    /// Σ credit categories (cents).
    pub total_credits: i64,
    /// `surgeon_override` or `procedure_default`.
    pub cost_source: &'static str,
    /// The facility's OR rate (cents per hour).
    pub or_hourly_rate: Option<i64>,
    /// The cost function's per-category lines.
    pub items: Vec<CostLine>,
}

/// `project_case` (§3).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseProjection {
    /// The case.
    pub case_id: String,
    /// Its scheduled date.
    pub scheduled_date: String,
    /// Projected duration (minutes, unrounded).
    pub projected_duration_minutes: Option<f64>,
    /// Where the duration came from.
    pub duration_source: Option<DurationSource>,
    /// "Based on Dr <Last>'s median of N min", "Facility median: N min" or "Scheduled: N min".
    pub duration_label: Option<String>,
    /// The facility's OR rate (cents per hour).
    pub or_hourly_rate: Option<i64>,
    /// Projected OR time cost (cents); null without a duration or a rate > 0.
    pub or_cost: Option<i64>,
    /// Σ debit categories (cents).
    pub supply_debits: i64,
    /// Σ credit categories (cents).
    pub supply_credits: i64,
    /// `surgeon_override` when an override supplied an amount, else `procedure_default`.
    pub cost_source: &'static str,
    /// Per-category lines (name, type, amount, source).
    pub items: Vec<CostLine>,
    /// Projected revenue (cents): the first value > 0 of the cascade; null when none.
    pub revenue: Option<i64>,
    /// Where the revenue came from.
    pub revenue_source: Option<RevenueSource>,
    /// `revenue − (or_cost ?? 0) − supply_debits + supply_credits` (cents); null without revenue.
    pub profit: Option<i64>,
    /// `profit / revenue × 100` when revenue > 0.
    pub margin_percent: Option<f64>,
    /// Any revenue, OR cost, debit or credit.
    pub has_data: bool,
}

/// `round_money` of an aggregate's REAL dollars, in cents.
pub fn dollars_to_cents(dollars: f64) -> i64 {
    round_int(dollars * 100.0)
}

/// `profit / revenue × 100` when revenue > 0.
pub fn margin(profit: Option<i64>, revenue: Option<i64>) -> Option<f64> {
    match (profit, revenue) {
        (Some(p), Some(r)) if r > 0 => Some(p as f64 / r as f64 * 100.0),
        _ => None,
    }
}

/// The projection of §3 from its inputs.
pub fn project(x: &ProjectionInputs) -> CaseProjection {
    let (duration, duration_source) = if let Some(d) = x.surgeon_median_duration {
        (Some(d), Some(DurationSource::SurgeonMedian))
    } else if let Some(d) = x.facility_median_duration {
        (Some(d), Some(DurationSource::FacilityMedian))
    } else if let Some(d) = x.scheduled_duration {
        (Some(d), Some(DurationSource::Scheduled))
    } else {
        (None, None)
    };
    let duration_label = duration.zip(duration_source).map(|(d, source)| {
        let n = js_round(d) as i64;
        match source {
            DurationSource::SurgeonMedian => {
                format!("Based on Dr {}'s median of {n} min", x.surgeon_last_name.as_deref().unwrap_or(""))
            }
            DurationSource::FacilityMedian => format!("Facility median: {n} min"),
            DurationSource::Scheduled => format!("Scheduled: {n} min"),
        }
    });
    let rate = x.or_hourly_rate.filter(|r| *r > 0);
    let or_cost = duration.zip(rate).map(|(m, r)| or_time_cost_cents(m, Some(r)));
    let configured = (x.configured_reimbursement > 0).then(|| {
        let source = if x.reimbursement_source == Some("payer_rate") {
            RevenueSource::PayerRate
        } else {
            RevenueSource::ProcedureDefault
        };
        (x.configured_reimbursement, source)
    });
    let median_revenue =
        |dollars: Option<f64>, source| dollars.map(dollars_to_cents).filter(|c| *c > 0).map(|c| (c, source));
    let revenue = configured
        .or_else(|| median_revenue(x.surgeon_median_reimbursement, RevenueSource::SurgeonMedian))
        .or_else(|| median_revenue(x.facility_median_reimbursement, RevenueSource::FacilityMedian));
    let profit = revenue.map(|(r, _)| r - or_cost.unwrap_or(0) - x.total_debits + x.total_credits);
    CaseProjection {
        case_id: x.case_id.clone(),
        scheduled_date: x.scheduled_date.clone(),
        projected_duration_minutes: duration,
        duration_source,
        duration_label,
        or_hourly_rate: x.or_hourly_rate,
        or_cost,
        supply_debits: x.total_debits,
        supply_credits: x.total_credits,
        cost_source: x.cost_source,
        items: x.items.clone(),
        revenue: revenue.map(|(r, _)| r),
        revenue_source: revenue.map(|(_, s)| s),
        profit,
        margin_percent: margin(profit, revenue.map(|(r, _)| r)),
        has_data: revenue.is_some() || or_cost.is_some() || x.total_debits > 0 || x.total_credits > 0,
    }
}

/// The financial columns of a case's stats row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ActualFinancials {
    /// Reimbursement (cents).
    pub reimbursement: i64,
    /// Σ debits (cents).
    pub total_debits: i64,
    /// Σ credits (cents).
    pub total_credits: i64,
    /// OR time cost (cents).
    pub or_time_cost: i64,
    /// Profit (cents).
    pub profit: i64,
}

impl ActualFinancials {
    /// `or_time_cost + total_debits − total_credits`.
    pub fn total_costs(&self) -> i64 {
        self.or_time_cost + self.total_debits - self.total_credits
    }
}

/// One line of [`FinancialComparison`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparisonLine {
    /// `Revenue`, `OR Time Cost`, `Supply Costs` or `Credits`.
    pub label: &'static str,
    /// Projected amount (cents).
    pub projected: Option<i64>,
    /// Actual amount (cents).
    pub actual: Option<i64>,
    /// `actual − projected` when both are known.
    pub delta: Option<i64>,
    /// Higher is better (revenue and credits).
    pub is_revenue: bool,
}

/// `compare_case_financials` (§3.1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinancialComparison {
    /// The case.
    pub case_id: String,
    /// Whether the case has a stats row.
    pub has_actuals: bool,
    /// Revenue, OR Time Cost, Supply Costs, Credits.
    pub lines: Vec<ComparisonLine>,
    /// The projection's profit (cents).
    pub projected_profit: Option<i64>,
    /// The stats row's profit (cents).
    pub actual_profit: Option<i64>,
    /// `actual_profit − projected_profit` when both are known.
    pub profit_delta: Option<i64>,
    /// The projection's margin.
    pub projected_margin: Option<f64>,
    /// `actual profit / actual reimbursement × 100` when reimbursement > 0.
    pub actual_margin: Option<f64>,
}

fn line(label: &'static str, projected: Option<i64>, actual: Option<i64>, is_revenue: bool) -> ComparisonLine {
    let delta = projected.zip(actual).map(|(p, a)| a - p);
    ComparisonLine { label, projected, actual, delta, is_revenue }
}

/// The comparison of §3.1.
pub fn compare(p: &CaseProjection, actual: Option<&ActualFinancials>) -> FinancialComparison {
    let nonzero = |v: i64| (v != 0).then_some(v);
    let lines = vec![
        line("Revenue", p.revenue, actual.map(|a| a.reimbursement), true),
        line("OR Time Cost", p.or_cost, actual.map(|a| a.or_time_cost), false),
        line("Supply Costs", nonzero(p.supply_debits), actual.map(|a| a.total_debits), false),
        line("Credits", nonzero(p.supply_credits), actual.map(|a| a.total_credits), true),
    ];
    let actual_profit = actual.map(|a| a.profit);
    FinancialComparison {
        case_id: p.case_id.clone(),
        has_actuals: actual.is_some(),
        lines,
        projected_profit: p.profit,
        actual_profit,
        profit_delta: p.profit.zip(actual_profit).map(|(p, a)| a - p),
        projected_margin: p.margin_percent,
        actual_margin: margin(actual_profit, actual.map(|a| a.reimbursement)),
    }
}

/// Where the hero metrics come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureSource {
    /// The stats row.
    Actual,
    /// The projection.
    Projected,
}

/// The drawer's hero metrics (§3.2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeroMetrics {
    /// Profit (cents).
    pub profit: Option<i64>,
    /// Revenue (cents).
    pub revenue: Option<i64>,
    /// Total costs (cents).
    pub total_costs: i64,
    /// `profit / revenue × 100` when revenue > 0.
    pub margin_percent: Option<f64>,
    /// `actual` or `projected`.
    pub source: FigureSource,
}

/// Actuals when a stats row exists, else the projection.
pub fn hero_metrics(p: &CaseProjection, actual: Option<&ActualFinancials>) -> HeroMetrics {
    match actual {
        Some(a) => HeroMetrics {
            profit: Some(a.profit),
            revenue: Some(a.reimbursement),
            total_costs: a.total_costs(),
            margin_percent: margin(Some(a.profit), Some(a.reimbursement)),
            source: FigureSource::Actual,
        },
        None => HeroMetrics {
            profit: p.profit,
            revenue: p.revenue,
            total_costs: p.or_cost.unwrap_or(0) + p.supply_debits - p.supply_credits,
            margin_percent: p.margin_percent,
            source: FigureSource::Projected,
        },
    }
}

/// A margin benchmark (§3.2): the median margin of the recent cases with reimbursement > 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MarginBenchmark {
    /// Median of the margins (percent); null when there are none.
    pub median_margin: Option<f64>,
    /// Number of margins.
    pub case_count: i64,
}

/// The benchmark of `(profit, reimbursement)` pairs (cents), the N recent cases already selected.
pub fn benchmark(cases: &[(i64, i64)]) -> MarginBenchmark {
    let margins: Vec<f64> = cases.iter().filter(|(_, r)| *r > 0).map(|(p, r)| *p as f64 / *r as f64 * 100.0).collect();
    MarginBenchmark { median_margin: median(&margins), case_count: margins.len() as i64 }
}

/// A margin rating (§3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarginRating {
    /// At or above the benchmark (or non-negative against a benchmark ≤ 0).
    Excellent,
    /// Not rated: no margin, no benchmark, or too few benchmark cases.
    Good,
    /// At least 90 % of a positive benchmark.
    Fair,
    /// Below that (or negative against a benchmark ≤ 0).
    Poor,
}

/// `margin_rating(margin, median, count)` with minimum count `min(10, n)` (n = the benchmark case count).
pub fn margin_rating(margin: Option<f64>, median: Option<f64>, count: i64, n: i64) -> MarginRating {
    let (Some(m), Some(med)) = (margin, median) else { return MarginRating::Good };
    if count < RATING_MIN_CASES.min(n) {
        return MarginRating::Good;
    }
    if med <= 0.0 {
        return if m >= 0.0 { MarginRating::Excellent } else { MarginRating::Poor };
    }
    if m >= med {
        MarginRating::Excellent
    } else if m >= FAIR_MARGIN_FACTOR * med {
        MarginRating::Fair
    } else {
        MarginRating::Poor
    }
}

/// One line of the drawer's cost breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostBreakdownLine {
    /// `OR Time`, a debit category name, or `Credits`.
    pub label: String,
    /// Cents (credits negative).
    pub amount: i64,
    /// `round_js(amount / Σ positive amounts × 100)` for positive lines, 0 for credits.
    pub percentage_of_total: f64,
}

/// The cost breakdown of §3.2 from the cost lines and the OR cost.
pub fn cost_breakdown(items: &[CostLine], or_cost: i64) -> Vec<CostBreakdownLine> {
    let mut lines: Vec<(String, i64)> = Vec::new();
    if or_cost > 0 {
        lines.push((OR_TIME_LABEL.to_string(), or_cost));
    }
    let mut debits: Vec<(String, i64)> = Vec::new();
    let mut credits = 0i64;
    for item in items {
        if item.category_type == "credit" {
            credits += item.amount;
        } else if let Some(d) = debits.iter_mut().find(|(name, _)| *name == item.category_name) {
            d.1 += item.amount;
        } else {
            debits.push((item.category_name.clone(), item.amount));
        }
    }
    lines.extend(debits.into_iter().filter(|(_, amount)| *amount > 0));
    if credits > 0 {
        lines.push((CREDITS_LABEL.to_string(), -credits));
    }
    lines.sort_by(|a, b| b.1.abs().cmp(&a.1.abs()).then_with(|| a.0.cmp(&b.0)));
    let positive: i64 = lines.iter().map(|(_, a)| *a).filter(|a| *a > 0).sum();
    lines
        .into_iter()
        .map(|(label, amount)| {
            let percentage_of_total =
                if amount > 0 && positive > 0 { js_round(amount as f64 / positive as f64 * 100.0) } else { 0.0 };
            CostBreakdownLine { label, amount, percentage_of_total }
        })
        .collect()
}

/// Where the drawer's costs come from (§3.2 data quality).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DataQualitySource {
    /// A stats row exists.
    Actual,
    /// The projection has costs.
    Projected,
    /// Neither.
    None,
}

/// Confidence in the drawer's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Actuals, revenue and costs.
    High,
    /// Revenue and costs, and at least 5 surgeon-benchmark cases.
    Medium,
    /// Anything else.
    Low,
}

/// The drawer's data quality (§3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DataQuality {
    /// `actual`, `projected` or `none`.
    pub cost_source: DataQualitySource,
    /// `high`, `medium` or `low`.
    pub confidence: Confidence,
    /// Projected or_cost > 0 or debits > 0.
    pub has_costs: bool,
    /// Projected revenue > 0.
    pub has_revenue: bool,
}

/// Data quality from the projection, whether actuals exist and the surgeon benchmark's count.
pub fn data_quality(p: &CaseProjection, has_actuals: bool, surgeon_benchmark_count: i64) -> DataQuality {
    let has_costs = p.or_cost.is_some_and(|c| c > 0) || p.supply_debits > 0;
    let has_revenue = p.revenue.is_some_and(|r| r > 0);
    let cost_source = if has_actuals {
        DataQualitySource::Actual
    } else if has_costs {
        DataQualitySource::Projected
    } else {
        DataQualitySource::None
    };
    let confidence = if has_actuals && has_revenue && has_costs {
        Confidence::High
    } else if has_revenue && has_costs && surgeon_benchmark_count >= MEDIUM_CONFIDENCE_SURGEON_CASES {
        Confidence::Medium
    } else {
        Confidence::Low
    };
    DataQuality { cost_source, confidence, has_costs, has_revenue }
}

/// `case_financial_summary`: the case drawer of §3.2.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseFinancialSummary {
    /// The case.
    pub case_id: String,
    /// Hero metrics.
    pub hero: HeroMetrics,
    /// N = `financial_benchmark_case_count`.
    pub benchmark_case_count: i64,
    /// Facility + procedure benchmark (the case itself excluded).
    pub facility_benchmark: MarginBenchmark,
    /// Facility + procedure + surgeon benchmark.
    pub surgeon_benchmark: MarginBenchmark,
    /// The hero margin against the facility benchmark.
    pub margin_rating: MarginRating,
    /// The hero margin against the surgeon benchmark.
    pub surgeon_margin_rating: MarginRating,
    /// Cost breakdown lines.
    pub cost_breakdown: Vec<CostBreakdownLine>,
    /// Data quality.
    pub data_quality: DataQuality,
}

/// The benchmark inputs of one case: N and the `(profit, reimbursement)` of the selected recent cases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BenchmarkCases {
    /// `financial_benchmark_case_count`.
    pub n: i64,
    /// Facility + procedure cases.
    pub facility: Vec<(i64, i64)>,
    /// Facility + procedure + surgeon cases.
    pub surgeon: Vec<(i64, i64)>,
}

/// The drawer of §3.2 from the projection, the stats row and the benchmark cases.
pub fn summary(p: &CaseProjection, actual: Option<&ActualFinancials>, bench: &BenchmarkCases) -> CaseFinancialSummary {
    let hero = hero_metrics(p, actual);
    let facility_benchmark = benchmark(&bench.facility);
    let surgeon_benchmark = benchmark(&bench.surgeon);
    let or_cost = actual.map_or(p.or_cost.unwrap_or(0), |a| a.or_time_cost);
    CaseFinancialSummary {
        case_id: p.case_id.clone(),
        margin_rating: margin_rating(
            hero.margin_percent,
            facility_benchmark.median_margin,
            facility_benchmark.case_count,
            bench.n,
        ),
        surgeon_margin_rating: margin_rating(
            hero.margin_percent,
            surgeon_benchmark.median_margin,
            surgeon_benchmark.case_count,
            bench.n,
        ),
        hero,
        benchmark_case_count: bench.n,
        facility_benchmark,
        surgeon_benchmark,
        cost_breakdown: cost_breakdown(&p.items, or_cost),
        data_quality: data_quality(p, actual.is_some(), surgeon_benchmark.case_count),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn item(name: &str, kind: &str, amount: i64, source: &'static str) -> CostLine {
        CostLine {
            cost_category_id: format!("id-{name}"),
            category_name: name.into(),
            category_type: kind.into(),
            amount,
            source,
        }
    }

    /// E3: Dr A, TKA, Medicare, 2025-07-10, surgeon median 92.5 min, rate 1 500.00/h; debits 4 500 + 500,
    /// credit 200, Medicare rate 11 000.00.
    fn e3() -> ProjectionInputs {
        ProjectionInputs {
            case_id: "x".into(),
            scheduled_date: "2025-07-10".into(),
            surgeon_last_name: Some("A".into()),
            surgeon_median_duration: Some(92.5),
            facility_median_duration: Some(100.0),
            scheduled_duration: Some(120.0),
            configured_reimbursement: 1_100_000,
            reimbursement_source: Some("payer_rate"),
            surgeon_median_reimbursement: Some(9_000.0),
            facility_median_reimbursement: Some(8_000.0),
            total_debits: 500_000,
            total_credits: 20_000,
            cost_source: "surgeon_override",
            or_hourly_rate: Some(150_000),
            items: vec![
                item("Implants", "debit", 450_000, "procedure_default"),
                item("Soft Goods", "debit", 50_000, "surgeon_override"),
                item("Device Rep Rebates", "credit", 20_000, "procedure_default"),
            ],
        }
    }

    #[test]
    fn worked_example_e3_projection() {
        let p = project(&e3());
        assert_eq!(p.or_cost, Some(231_250), "92.5 × 150 000 / 60 = 2 312.50");
        assert_eq!((p.revenue, p.revenue_source), (Some(1_100_000), Some(RevenueSource::PayerRate)));
        assert_eq!(p.profit, Some(388_750), "11 000 − 2 312.50 − 5 000 + 200 = 3 887.50");
        let m = p.margin_percent.unwrap();
        assert!((m - 35.340_909_090_909_09).abs() < 1e-9, "{m}");
        assert_eq!(p.duration_source, Some(DurationSource::SurgeonMedian));
        assert_eq!(p.duration_label.as_deref(), Some("Based on Dr A's median of 93 min"));
        assert!(p.has_data);
    }

    #[test]
    fn duration_cascade_surgeon_then_facility_then_scheduled() {
        let mut x = e3();
        x.surgeon_median_duration = None;
        let p = project(&x);
        assert_eq!(
            (p.projected_duration_minutes, p.duration_source),
            (Some(100.0), Some(DurationSource::FacilityMedian))
        );
        assert_eq!(p.duration_label.as_deref(), Some("Facility median: 100 min"));
        x.facility_median_duration = None;
        let p = project(&x);
        assert_eq!((p.projected_duration_minutes, p.duration_source), (Some(120.0), Some(DurationSource::Scheduled)));
        assert_eq!((p.duration_label.as_deref(), p.or_cost), (Some("Scheduled: 120 min"), Some(300_000)));
        x.scheduled_duration = None;
        let p = project(&x);
        assert_eq!((p.projected_duration_minutes, p.duration_source, p.or_cost), (None, None, None));
        assert_eq!(p.profit, Some(1_100_000 - 500_000 + 20_000), "no OR cost counts as 0");
    }

    #[test]
    fn revenue_cascade_payer_default_surgeon_facility_first_positive() {
        let mut x = e3();
        x.reimbursement_source = Some("procedure_default");
        assert_eq!(project(&x).revenue_source, Some(RevenueSource::ProcedureDefault));
        x.configured_reimbursement = 0;
        x.reimbursement_source = Some("payer_rate");
        let p = project(&x);
        assert_eq!((p.revenue, p.revenue_source), (Some(900_000), Some(RevenueSource::SurgeonMedian)));
        x.surgeon_median_reimbursement = Some(0.0);
        let p = project(&x);
        assert_eq!((p.revenue, p.revenue_source), (Some(800_000), Some(RevenueSource::FacilityMedian)));
        x.facility_median_reimbursement = Some(1_234.565);
        assert_eq!(project(&x).revenue, Some(123_457), "REAL dollars → cents, half away from zero");
        x.facility_median_reimbursement = None;
        let p = project(&x);
        assert_eq!((p.revenue, p.revenue_source, p.profit, p.margin_percent), (None, None, None, None));
        assert!(p.has_data, "costs alone are data");
        let empty = project(&ProjectionInputs { cost_source: "procedure_default", ..ProjectionInputs::default() });
        assert!(!empty.has_data);
    }

    #[test]
    fn a_zero_rate_gives_no_or_cost() {
        let x = ProjectionInputs { or_hourly_rate: Some(0), ..e3() };
        assert_eq!(project(&x).or_cost, None);
        let x = ProjectionInputs { or_hourly_rate: None, ..e3() };
        assert_eq!(project(&x).or_cost, None);
    }

    #[test]
    fn comparison_lines_and_deltas() {
        let p = project(&e3());
        let actual = ActualFinancials {
            reimbursement: 1_100_000,
            total_debits: 500_000,
            total_credits: 20_000,
            or_time_cost: 237_500,
            profit: 382_500,
        };
        let c = compare(&p, Some(&actual));
        let labels: Vec<&str> = c.lines.iter().map(|l| l.label).collect();
        assert_eq!(labels, ["Revenue", "OR Time Cost", "Supply Costs", "Credits"]);
        assert_eq!(c.lines[1].delta, Some(6_250));
        assert!(c.lines[0].is_revenue && c.lines[3].is_revenue && !c.lines[1].is_revenue);
        assert_eq!((c.profit_delta, c.actual_profit), (Some(-6_250), Some(382_500)));
        assert!((c.actual_margin.unwrap() - 34.772_727).abs() < 1e-5);
        let none = compare(&project(&ProjectionInputs { total_credits: 0, ..e3() }), None);
        assert_eq!((none.lines[3].projected, none.lines[3].actual, none.lines[3].delta), (None, None, None));
        assert_eq!((none.has_actuals, none.actual_margin, none.profit_delta), (false, None, None));
    }

    #[test]
    fn hero_uses_actuals_when_a_stats_row_exists() {
        let p = project(&e3());
        let h = hero_metrics(&p, None);
        assert_eq!(
            (h.source, h.total_costs, h.profit),
            (FigureSource::Projected, 231_250 + 500_000 - 20_000, Some(388_750))
        );
        let a =
            ActualFinancials { reimbursement: 0, total_debits: 100, total_credits: 0, or_time_cost: 50, profit: -150 };
        let h = hero_metrics(&p, Some(&a));
        assert_eq!(
            (h.source, h.total_costs, h.profit, h.margin_percent),
            (FigureSource::Actual, 150, Some(-150), None)
        );
    }

    #[test]
    fn benchmarks_skip_cases_without_reimbursement() {
        let b = benchmark(&[(100, 1000), (300, 1000), (5, 0), (200, 1000)]);
        assert_eq!((b.median_margin, b.case_count), (Some(20.0), 3));
        assert_eq!(benchmark(&[]), MarginBenchmark { median_margin: None, case_count: 0 });
    }

    #[test]
    fn margin_rating_rules() {
        use MarginRating::*;
        assert_eq!(margin_rating(None, Some(10.0), 20, 10), Good);
        assert_eq!(margin_rating(Some(5.0), None, 20, 10), Good);
        assert_eq!(margin_rating(Some(5.0), Some(10.0), 9, 10), Good, "count < min(10, N)");
        assert_eq!(margin_rating(Some(5.0), Some(10.0), 5, 5), Poor, "N = 5 lowers the minimum");
        assert_eq!(margin_rating(Some(10.0), Some(10.0), 10, 10), Excellent);
        assert_eq!(margin_rating(Some(9.0), Some(10.0), 10, 10), Fair);
        assert_eq!(margin_rating(Some(8.99), Some(10.0), 10, 10), Poor);
        assert_eq!(margin_rating(Some(0.0), Some(-3.0), 10, 10), Excellent);
        assert_eq!(margin_rating(Some(-0.1), Some(0.0), 10, 10), Poor);
    }

    #[test]
    fn cost_breakdown_lines() {
        let items = vec![
            item("Implants", "debit", 450_000, "procedure_default"),
            item("Soft Goods", "debit", 50_000, "surgeon_override"),
            item("Hard Goods", "debit", 0, "none"),
            item("Device Rep Rebates", "credit", 20_000, "procedure_default"),
            item("Other Rebate", "credit", 5_000, "procedure_default"),
        ];
        let b = cost_breakdown(&items, 231_250);
        let got: Vec<(&str, i64, f64)> =
            b.iter().map(|l| (l.label.as_str(), l.amount, l.percentage_of_total)).collect();
        assert_eq!(
            got,
            [
                ("Implants", 450_000, 62.0),
                ("OR Time", 231_250, 32.0),
                ("Soft Goods", 50_000, 7.0),
                ("Credits", -25_000, 0.0)
            ]
        );
        assert!(cost_breakdown(&[], 0).is_empty());
        // Ties on |amount| go by label.
        let b = cost_breakdown(&[item("B", "debit", 10, "none"), item("A", "debit", 10, "none")], 0);
        assert_eq!(b.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(), ["A", "B"]);
    }

    #[test]
    fn data_quality_levels() {
        let p = project(&e3());
        assert_eq!(data_quality(&p, true, 0).confidence, Confidence::High);
        assert_eq!(data_quality(&p, false, 5).confidence, Confidence::Medium);
        assert_eq!(data_quality(&p, false, 4).confidence, Confidence::Low);
        assert_eq!(data_quality(&p, false, 4).cost_source, DataQualitySource::Projected);
        let bare = project(&ProjectionInputs { cost_source: "procedure_default", ..ProjectionInputs::default() });
        let q = data_quality(&bare, false, 10);
        assert_eq!(
            (q.cost_source, q.confidence, q.has_costs, q.has_revenue),
            (DataQualitySource::None, Confidence::Low, false, false)
        );
    }

    proptest! {
        /// Profit always equals revenue minus every cost, and the margin is its ratio to revenue.
        #[test]
        fn projection_profit_identity(
            reimb in 0i64..5_000_000, debits in 0i64..2_000_000, credits in 0i64..500_000,
            minutes in proptest::option::of(0.0f64..600.0), rate in proptest::option::of(0i64..500_000),
        ) {
            let x = ProjectionInputs {
                configured_reimbursement: reimb,
                reimbursement_source: Some("procedure_default"),
                total_debits: debits,
                total_credits: credits,
                scheduled_duration: minutes,
                or_hourly_rate: rate,
                cost_source: "procedure_default",
                ..ProjectionInputs::default()
            };
            let p = project(&x);
            prop_assert_eq!(p.revenue.is_some(), reimb > 0);
            if let Some(r) = p.revenue {
                prop_assert_eq!(p.profit, Some(r - p.or_cost.unwrap_or(0) - debits + credits));
                prop_assert!((p.margin_percent.unwrap() - p.profit.unwrap() as f64 / r as f64 * 100.0).abs() < 1e-9);
            }
            let h = hero_metrics(&p, None);
            prop_assert_eq!(h.total_costs, p.or_cost.unwrap_or(0) + debits - credits);
        }
    }
}
