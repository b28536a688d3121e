//! The financial analytics roll-ups (financials-kpis.md §6.1–§6.5) as a pure engine: flat stats rows in
//! ([`FinancialRow`]), plus the facility-procedure medians and the OR rate; the facility summary, per-surgeon
//! and per-procedure breakdowns, payer mix, profit histogram, daily and monthly trends with sparklines and
//! the period comparison out ([`FinancialAnalytics`]). No `Connection`: `Scope::financial_analytics`
//! ([`super::analytics`]) loads the rows.
//!
//! Numeric helpers are the shared ones (§0.2): `percentile_cont` (median, p25, p75: linear interpolation),
//! `stddev_samp` (sample SD, D-F8) and `mean` of `stats::aggregates`. Exact sums stay integer cents;
//! averages, medians, percentiles, SDs, profit per OR hour, cost per minute, excess time cost and profit
//! impact are f64 dollars; durations are minutes; percentages are unrounded.
//!
//! # Choices the spec leaves open
//!
//! 1. **Input contract.** Rows may come in any order and may cover more dates than needed: the engine keeps
//!    rows passing the filter with a profit and a duration (`all_valid`) dated in [first day of the month
//!    before `start`, end], `valid` = those dated ≥ start, and processes them in (case_date, case_id) order,
//!    so every output (floating-point sums included) is independent of row order. Excluded rows must not be
//!    passed (the loader reads `is_excluded = 0`, D-F8).
//! 2. **Filters** (surgeon, procedure) select rows for every section, the monthly trend and the previous
//!    period included. The facility-procedure medians are the facility's (all surgeons), as §6 names them.
//! 3. **Shared figures.** The summary, each surgeon, each procedure and each procedure's surgeon carry the
//!    same [`FinancialTotals`] (flattened): the §6.1 sums and ratios plus `avg_reimbursement`, duration
//!    SD and quartiles. `avg_margin` is 0 when reimbursement is 0 (§6.1); `profit_per_or_hour` null when
//!    there are no minutes.
//! 4. **Names and ties.** Surgeons are `Dr. <last_name>`; ties after the named sort keys go by surgeon last
//!    name, first name, id; procedures and payers by name, id (§0.2). The procedure breakdown of a surgeon is
//!    sorted by case count desc.
//! 5. **Procedure-adjusted figures** of a surgeon average over the procedures having the facility median in
//!    question (any non-null value); the per-procedure `_pct` values are null when the facility median is
//!    missing or 0.
//! 6. **Histogram** bins are listed from the first to the last bin, empty bins included; bounds are cents
//!    (floor division, so negative profits fall in the right bin). No rows → no bins.
//! 7. **Monthly trend** lists every calendar month from the month before `start` to the month of `end`,
//!    empty months with zeros (and null median duration / profit per OR hour), so that the six sparkline
//!    points are evenly spaced. Sparklines take the last six months (nulls as 0; profit in cents).
//! 8. **Period comparison** (only when a previous period is given) compares the headline metrics of the two
//!    summaries: total_cases, total_reimbursement, total_costs, total_profit (cents), avg_profit,
//!    median_profit, profit_per_or_hour (dollars), avg_margin (percent), avg_duration, total_or_minutes
//!    (minutes). `delta` needs both values; `delta_pct = delta / |previous| × 100`, null when previous is 0 or
//!    missing.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::scoring::Period;
use crate::stats::aggregates::{mean, percentile_cont, stddev_samp};

/// Profit histogram bin width: 500.00 (§6.5).
pub const HISTOGRAM_BIN_CENTS: i64 = 50_000;
/// Sparklines cover this many months (§6.5).
pub const SPARKLINE_MONTHS: usize = 6;
/// Consistency: CV below this is `high` (§6.2).
pub const CONSISTENCY_HIGH_CV: f64 = 0.15;
/// Consistency: CV below this is `medium` (§6.2).
pub const CONSISTENCY_MEDIUM_CV: f64 = 0.30;
/// The payer-mix key of cases without a payer (§6.4).
pub const UNKNOWN_PAYER_ID: &str = "unknown";
/// The payer-mix name of cases without a payer (§6.4).
pub const UNKNOWN_PAYER_NAME: &str = "Unknown Payer";

/// One non-excluded stats row with its names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FinancialRow {
    /// The case.
    pub case_id: String,
    /// `case_date`.
    pub case_date: NaiveDate,
    /// Surgeon.
    pub surgeon_id: Option<String>,
    /// Surgeon's first name.
    pub surgeon_first_name: Option<String>,
    /// Surgeon's last name.
    pub surgeon_last_name: Option<String>,
    /// Procedure.
    pub procedure_type_id: Option<String>,
    /// Procedure name.
    pub procedure_name: Option<String>,
    /// Payer.
    pub payer_id: Option<String>,
    /// Payer name.
    pub payer_name: Option<String>,
    /// Reimbursement (cents).
    pub reimbursement: i64,
    /// Σ debits (cents).
    pub total_debits: i64,
    /// Σ credits (cents).
    pub total_credits: i64,
    /// OR time cost (cents).
    pub or_time_cost: i64,
    /// Profit (cents).
    pub profit: Option<i64>,
    /// `total_duration_minutes`.
    pub duration_minutes: Option<i64>,
}

/// Optional row filters (§6 input).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FinancialFilter {
    /// Only this surgeon's rows.
    pub surgeon_id: Option<String>,
    /// Only this procedure's rows.
    pub procedure_type_id: Option<String>,
}

impl FinancialFilter {
    fn passes(&self, r: &FinancialRow) -> bool {
        let ok = |want: &Option<String>, got: &Option<String>| want.is_none() || want == got;
        ok(&self.surgeon_id, &r.surgeon_id) && ok(&self.procedure_type_id, &r.procedure_type_id)
    }
}

/// The facility-procedure aggregate's medians of one procedure.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ProcedureMedians {
    /// `median_duration` (minutes).
    pub median_duration: Option<f64>,
    /// `median_profit` (dollars).
    pub median_profit: Option<f64>,
}

/// Everything the roll-ups read.
#[derive(Debug, Clone)]
pub struct AnalyticsInput<'a> {
    /// Stats rows (any order; see the module docs).
    pub rows: &'a [FinancialRow],
    /// The reported period.
    pub period: Period,
    /// The period to compare with, if any.
    pub previous: Option<Period>,
    /// Row filters.
    pub filter: &'a FinancialFilter,
    /// `facilities.or_hourly_rate` (cents per hour).
    pub or_hourly_rate: Option<i64>,
    /// Facility-procedure medians by procedure id.
    pub facility_medians: &'a BTreeMap<String, ProcedureMedians>,
}

/// The first day of the month before `start`: the earliest date the roll-ups read (§6).
pub fn data_start(start: NaiveDate) -> NaiveDate {
    let first = start.with_day(1).expect("day 1 exists");
    first.checked_sub_months(Months::new(1)).unwrap_or(first)
}

/// Sums and ratios of a set of cases (§6.1, shared by §6.2 and §6.3).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinancialTotals {
    /// Number of cases.
    pub total_cases: i64,
    /// Σ reimbursement (cents).
    pub total_reimbursement: i64,
    /// Σ debits (cents).
    pub total_debits: i64,
    /// Σ credits (cents).
    pub total_credits: i64,
    /// Σ OR time cost (cents).
    pub total_or_cost: i64,
    /// Σ (debits − credits + or_cost) (cents).
    pub total_costs: i64,
    /// Σ profit (cents).
    pub total_profit: i64,
    /// Mean reimbursement (dollars; 0 when none).
    pub avg_reimbursement: f64,
    /// total_profit / n (dollars; 0 when none).
    pub avg_profit: f64,
    /// Median profit (dollars).
    pub median_profit: Option<f64>,
    /// Sample SD of profit (dollars; null below 2 cases).
    pub stddev_profit: Option<f64>,
    /// 25th percentile of profit (dollars).
    pub profit_p25: Option<f64>,
    /// 75th percentile of profit (dollars).
    pub profit_p75: Option<f64>,
    /// total_profit / total_reimbursement × 100 (0 when reimbursement is 0).
    pub avg_margin: f64,
    /// total_profit / (Σ duration / 60) (dollars; null without minutes).
    pub profit_per_or_hour: Option<f64>,
    /// Σ duration (minutes).
    pub total_or_minutes: i64,
    /// Mean duration (0 when none).
    pub avg_duration: f64,
    /// Median duration.
    pub median_duration: Option<f64>,
    /// Sample SD of duration.
    pub stddev_duration: Option<f64>,
    /// 25th percentile of duration.
    pub duration_p25: Option<f64>,
    /// 75th percentile of duration.
    pub duration_p75: Option<f64>,
}

/// §6.1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinancialSummary {
    /// Sums and ratios.
    #[serde(flatten)]
    pub totals: FinancialTotals,
    /// or_hourly_rate / 60 (dollars per minute; 0 without a rate).
    pub cost_per_minute: f64,
    /// Σ max(0, duration − facility median) × cost_per_minute over cases whose procedure has a facility
    /// median > 0 (dollars).
    pub excess_time_cost: f64,
}

/// §6.2 consistency rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Consistency {
    /// CV < 0.15.
    High,
    /// CV < 0.30.
    Medium,
    /// Otherwise.
    Low,
}

/// `consistency_rating(median, sd)`: CV = sd / median; null when either is null or the median is 0.
pub fn consistency_rating(median: Option<f64>, sd: Option<f64>) -> Option<Consistency> {
    let (m, s) = (median?, sd?);
    if m == 0.0 {
        return None;
    }
    let cv = s / m;
    Some(if cv < CONSISTENCY_HIGH_CV {
        Consistency::High
    } else if cv < CONSISTENCY_MEDIUM_CV {
        Consistency::Medium
    } else {
        Consistency::Low
    })
}

/// A surgeon's figures on one procedure (§6.2 procedure breakdown).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurgeonProcedure {
    /// Procedure.
    pub procedure_type_id: String,
    /// Its name.
    pub procedure_name: Option<String>,
    /// Cases.
    pub case_count: i64,
    /// The surgeon's median duration.
    pub median_duration: Option<f64>,
    /// The surgeon's median profit (dollars).
    pub median_profit: Option<f64>,
    /// Σ profit (cents).
    pub total_profit: i64,
    /// Facility-procedure median duration.
    pub facility_median_duration: Option<f64>,
    /// Facility-procedure median profit (dollars).
    pub facility_median_profit: Option<f64>,
    /// Surgeon median − facility median (0 when either is missing).
    pub duration_vs_facility: f64,
    /// Likewise for profit (dollars).
    pub profit_vs_facility: f64,
    /// duration_vs_facility / facility median × 100 (null when the facility median is missing or 0).
    pub duration_vs_facility_pct: Option<f64>,
    /// Likewise for profit.
    pub profit_vs_facility_pct: Option<f64>,
}

/// A surgeon's procedure-adjusted comparison (§6.2).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProcedureAdjusted {
    /// Σ(duration diff × case_count) / Σ case_count over procedures with a facility median duration.
    pub duration_vs_facility_minutes: f64,
    /// Σ(profit diff × case_count) / Σ case_count over procedures with a facility median profit (dollars).
    pub profit_vs_facility: f64,
    /// −duration_vs_facility_minutes × cost_per_minute (dollars).
    pub profit_impact: f64,
}

/// §6.2: one surgeon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurgeonFinancials {
    /// Surgeon.
    pub surgeon_id: String,
    /// `Dr. <last_name>`.
    pub surgeon_name: String,
    /// Sums and ratios.
    #[serde(flatten)]
    pub totals: FinancialTotals,
    /// From median and SD of duration.
    pub consistency_rating: Option<Consistency>,
    /// Per procedure, by case count desc.
    pub procedures: Vec<SurgeonProcedure>,
    /// Procedure-adjusted figures.
    pub procedure_adjusted: ProcedureAdjusted,
}

/// §6.3: one surgeon within a procedure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureSurgeon {
    /// Surgeon.
    pub surgeon_id: String,
    /// `Dr. <last_name>`.
    pub surgeon_name: String,
    /// Sums and ratios over the surgeon's cases of the procedure.
    #[serde(flatten)]
    pub totals: FinancialTotals,
    /// From median and SD of duration.
    pub consistency_rating: Option<Consistency>,
    /// Surgeon median − facility median duration of the procedure (0 when missing).
    pub duration_vs_facility: f64,
    /// Likewise for profit (dollars).
    pub profit_vs_facility: f64,
    /// −duration_vs_facility × cost_per_minute (dollars).
    pub profit_impact: f64,
}

/// §6.3: one procedure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureFinancials {
    /// Procedure.
    pub procedure_type_id: String,
    /// Its name.
    pub procedure_name: Option<String>,
    /// Sums and ratios.
    #[serde(flatten)]
    pub totals: FinancialTotals,
    /// Distinct surgeons.
    pub surgeon_count: i64,
    /// Facility-procedure median duration.
    pub facility_median_duration: Option<f64>,
    /// Facility-procedure median profit (dollars).
    pub facility_median_profit: Option<f64>,
    /// Per surgeon, by total profit desc.
    pub surgeons: Vec<ProcedureSurgeon>,
}

/// §6.4: one payer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayerMix {
    /// Payer id, or `unknown`.
    pub payer_id: String,
    /// Payer name, or `Unknown Payer`.
    pub payer_name: String,
    /// Cases.
    pub case_count: i64,
    /// Σ reimbursement (cents).
    pub total_reimbursement: i64,
    /// Mean reimbursement (dollars).
    pub avg_reimbursement: f64,
    /// Σ profit (cents).
    pub total_profit: i64,
    /// Mean profit (dollars).
    pub avg_profit: f64,
    /// profit / reimbursement × 100 (0 when reimbursement is 0).
    pub margin: f64,
    /// count / n × 100.
    pub share_of_cases: f64,
}

/// §6.5: one histogram bin [start, end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HistogramBin {
    /// Inclusive lower bound (cents).
    pub start: i64,
    /// Exclusive upper bound (cents).
    pub end: i64,
    /// Cases with start ≤ profit < end.
    pub count: i64,
}

/// §6.5: one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DailyProfit {
    /// case_date.
    pub date: NaiveDate,
    /// Cases.
    pub case_count: i64,
    /// Σ profit (cents).
    pub total_profit: i64,
}

/// §6.5: one calendar month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthlyFinancials {
    /// `YYYY-MM`.
    pub month: String,
    /// Cases.
    pub case_count: i64,
    /// Σ profit (cents).
    pub total_profit: i64,
    /// Mean profit (dollars; 0 when none).
    pub avg_profit: f64,
    /// Σ reimbursement (cents).
    pub total_reimbursement: i64,
    /// Σ debits (cents).
    pub total_debits: i64,
    /// Σ credits (cents).
    pub total_credits: i64,
    /// Σ OR cost (cents).
    pub total_or_cost: i64,
    /// debits − credits + or_cost (cents).
    pub total_costs: i64,
    /// profit / reimbursement × 100 (0 when reimbursement is 0).
    pub margin: f64,
    /// Median duration.
    pub median_duration: Option<f64>,
    /// Profit per OR hour (dollars).
    pub profit_per_or_hour: Option<f64>,
}

/// §6.5: the last six months of the monthly trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sparklines {
    /// `YYYY-MM` of each point.
    pub months: Vec<String>,
    /// Σ profit (cents).
    pub profit: Vec<i64>,
    /// Margin (percent).
    pub margin: Vec<f64>,
    /// Median duration (0 when null).
    pub median_duration: Vec<f64>,
    /// Profit per OR hour (dollars; 0 when null).
    pub profit_per_or_hour: Vec<f64>,
    /// Case counts.
    pub volume: Vec<i64>,
}

/// One headline metric of the period comparison.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MetricDelta {
    /// This period's value.
    pub current: Option<f64>,
    /// The previous period's value.
    pub previous: Option<f64>,
    /// current − previous.
    pub delta: Option<f64>,
    /// delta / |previous| × 100 (null when previous is 0 or missing).
    pub delta_pct: Option<f64>,
}

impl MetricDelta {
    fn of(current: Option<f64>, previous: Option<f64>) -> MetricDelta {
        let delta = current.zip(previous).map(|(c, p)| c - p);
        let delta_pct = delta.zip(previous).filter(|(_, p)| *p != 0.0).map(|(d, p)| d / p.abs() * 100.0);
        MetricDelta { current, previous, delta, delta_pct }
    }
}

/// §6.5 period comparison of the headline metrics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodComparison {
    /// The previous period.
    pub previous_period: Period,
    /// Case count.
    pub total_cases: MetricDelta,
    /// Σ reimbursement (cents).
    pub total_reimbursement: MetricDelta,
    /// Σ costs (cents).
    pub total_costs: MetricDelta,
    /// Σ profit (cents).
    pub total_profit: MetricDelta,
    /// Mean profit (dollars).
    pub avg_profit: MetricDelta,
    /// Median profit (dollars).
    pub median_profit: MetricDelta,
    /// Margin (percent).
    pub avg_margin: MetricDelta,
    /// Profit per OR hour (dollars).
    pub profit_per_or_hour: MetricDelta,
    /// Mean duration (minutes).
    pub avg_duration: MetricDelta,
    /// Σ duration (minutes).
    pub total_or_minutes: MetricDelta,
}

/// `financial_analytics` (§6).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinancialAnalytics {
    /// The reported period.
    pub period: Period,
    /// The first date read (first day of the month before start).
    pub data_start_date: NaiveDate,
    /// §6.1 over `valid`.
    pub summary: FinancialSummary,
    /// §6.2, by total profit desc.
    pub surgeons: Vec<SurgeonFinancials>,
    /// §6.3, by total profit desc.
    pub procedures: Vec<ProcedureFinancials>,
    /// §6.4, by case count desc.
    pub payer_mix: Vec<PayerMix>,
    /// §6.5 profit histogram.
    pub profit_histogram: Vec<HistogramBin>,
    /// §6.5 daily trend (`valid`), ascending.
    pub daily_trend: Vec<DailyProfit>,
    /// §6.5 monthly trend (`all_valid`), ascending.
    pub monthly_trend: Vec<MonthlyFinancials>,
    /// The last six months.
    pub sparklines: Sparklines,
    /// Against the previous period, when one was given.
    pub comparison: Option<PeriodComparison>,
}

/// A row with its profit and duration known.
#[derive(Debug, Clone, Copy)]
struct Case<'a> {
    row: &'a FinancialRow,
    profit: i64,
    duration: i64,
}

fn dollars(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// profit / reimbursement × 100; 0 when reimbursement is 0.
fn ratio_margin(profit: i64, reimbursement: i64) -> f64 {
    if reimbursement == 0 { 0.0 } else { profit as f64 / reimbursement as f64 * 100.0 }
}

/// total_profit / (Σ minutes / 60) in dollars; null without minutes.
fn per_or_hour(profit: i64, minutes: i64) -> Option<f64> {
    (minutes != 0).then(|| dollars(profit) / (minutes as f64 / 60.0))
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

fn as_case(r: &FinancialRow) -> Option<Case<'_>> {
    Some(Case { row: r, profit: r.profit?, duration: r.duration_minutes? })
}

fn totals(cases: &[Case<'_>]) -> FinancialTotals {
    let n = cases.len() as i64;
    let sum = |f: fn(&Case<'_>) -> i64| cases.iter().map(f).sum::<i64>();
    let (reimbursement, debits, credits) =
        (sum(|c| c.row.reimbursement), sum(|c| c.row.total_debits), sum(|c| c.row.total_credits));
    let (or_cost, profit, minutes) = (sum(|c| c.row.or_time_cost), sum(|c| c.profit), sum(|c| c.duration));
    let profits = sorted(cases.iter().map(|c| dollars(c.profit)).collect());
    let durations = sorted(cases.iter().map(|c| c.duration as f64).collect());
    let reimbursements = sorted(cases.iter().map(|c| dollars(c.row.reimbursement)).collect());
    FinancialTotals {
        total_cases: n,
        total_reimbursement: reimbursement,
        total_debits: debits,
        total_credits: credits,
        total_or_cost: or_cost,
        total_costs: debits - credits + or_cost,
        total_profit: profit,
        avg_reimbursement: mean(&reimbursements).unwrap_or(0.0),
        avg_profit: if n == 0 { 0.0 } else { dollars(profit) / n as f64 },
        median_profit: percentile_cont(&profits, 0.5),
        stddev_profit: stddev_samp(&profits),
        profit_p25: percentile_cont(&profits, 0.25),
        profit_p75: percentile_cont(&profits, 0.75),
        avg_margin: ratio_margin(profit, reimbursement),
        profit_per_or_hour: per_or_hour(profit, minutes),
        total_or_minutes: minutes,
        avg_duration: mean(&durations).unwrap_or(0.0),
        median_duration: percentile_cont(&durations, 0.5),
        stddev_duration: stddev_samp(&durations),
        duration_p25: percentile_cont(&durations, 0.25),
        duration_p75: percentile_cont(&durations, 0.75),
    }
}

/// Surgeon order key: last name, first name, id.
fn surgeon_key(r: &FinancialRow) -> (Option<&str>, Option<&str>, Option<&str>) {
    (r.surgeon_last_name.as_deref(), r.surgeon_first_name.as_deref(), r.surgeon_id.as_deref())
}

fn surgeon_name(r: &FinancialRow) -> String {
    crate::scoring::engine::surgeon_name(r.surgeon_last_name.as_deref().unwrap_or(""))
}

/// Groups `cases` by `key` (None keys dropped), each group in input order.
fn group_by<'a>(cases: &[Case<'a>], key: impl Fn(&Case<'a>) -> Option<&'a str>) -> BTreeMap<&'a str, Vec<Case<'a>>> {
    let mut groups: BTreeMap<&str, Vec<Case<'a>>> = BTreeMap::new();
    for c in cases {
        if let Some(k) = key(c) {
            groups.entry(k).or_default().push(*c);
        }
    }
    groups
}

/// a − b when both are known, else 0.
fn diff(a: Option<f64>, b: Option<f64>) -> f64 {
    a.zip(b).map_or(0.0, |(a, b)| a - b)
}

/// diff / base × 100; null when base is missing or 0.
fn diff_pct(diff: f64, base: Option<f64>) -> Option<f64> {
    base.filter(|b| *b != 0.0).map(|b| diff / b * 100.0)
}

/// Weighted mean of `(diff, count)` pairs; 0 when none.
fn weighted(pairs: impl Iterator<Item = (f64, i64)>) -> f64 {
    let (mut sum, mut n) = (0.0, 0i64);
    for (d, c) in pairs {
        sum += d * c as f64;
        n += c;
    }
    if n == 0 { 0.0 } else { sum / n as f64 }
}

struct Context<'a> {
    medians: &'a BTreeMap<String, ProcedureMedians>,
    cost_per_minute: f64,
}

impl Context<'_> {
    fn medians(&self, procedure: &str) -> ProcedureMedians {
        self.medians.get(procedure).copied().unwrap_or_default()
    }
}

fn surgeons(cases: &[Case<'_>], cx: &Context<'_>) -> Vec<SurgeonFinancials> {
    let mut out: Vec<(SurgeonFinancials, &FinancialRow)> = group_by(cases, |c| c.row.surgeon_id.as_deref())
        .into_iter()
        .map(|(id, group)| {
            let first = group[0].row;
            let t = totals(&group);
            let mut procedures: Vec<SurgeonProcedure> = group_by(&group, |c| c.row.procedure_type_id.as_deref())
                .into_iter()
                .map(|(p, cases)| {
                    let own = totals(&cases);
                    let facility = cx.medians(p);
                    let duration_vs_facility = diff(own.median_duration, facility.median_duration);
                    let profit_vs_facility = diff(own.median_profit, facility.median_profit);
                    SurgeonProcedure {
                        procedure_type_id: p.to_string(),
                        procedure_name: cases[0].row.procedure_name.clone(),
                        case_count: own.total_cases,
                        median_duration: own.median_duration,
                        median_profit: own.median_profit,
                        total_profit: own.total_profit,
                        facility_median_duration: facility.median_duration,
                        facility_median_profit: facility.median_profit,
                        duration_vs_facility,
                        profit_vs_facility,
                        duration_vs_facility_pct: diff_pct(duration_vs_facility, facility.median_duration),
                        profit_vs_facility_pct: diff_pct(profit_vs_facility, facility.median_profit),
                    }
                })
                .collect();
            procedures.sort_by(|a, b| {
                b.case_count
                    .cmp(&a.case_count)
                    .then_with(|| a.procedure_name.cmp(&b.procedure_name))
                    .then_with(|| a.procedure_type_id.cmp(&b.procedure_type_id))
            });
            let duration_adj = weighted(
                procedures
                    .iter()
                    .filter(|p| p.facility_median_duration.is_some())
                    .map(|p| (p.duration_vs_facility, p.case_count)),
            );
            let profit_adj = weighted(
                procedures
                    .iter()
                    .filter(|p| p.facility_median_profit.is_some())
                    .map(|p| (p.profit_vs_facility, p.case_count)),
            );
            let s = SurgeonFinancials {
                surgeon_id: id.to_string(),
                surgeon_name: surgeon_name(first),
                consistency_rating: consistency_rating(t.median_duration, t.stddev_duration),
                totals: t,
                procedures,
                procedure_adjusted: ProcedureAdjusted {
                    duration_vs_facility_minutes: duration_adj,
                    profit_vs_facility: profit_adj,
                    profit_impact: 0.0 - duration_adj * cx.cost_per_minute,
                },
            };
            (s, first)
        })
        .collect();
    out.sort_by(|(a, ra), (b, rb)| {
        b.totals.total_profit.cmp(&a.totals.total_profit).then_with(|| surgeon_key(ra).cmp(&surgeon_key(rb)))
    });
    out.into_iter().map(|(s, _)| s).collect()
}

fn procedures(cases: &[Case<'_>], cx: &Context<'_>) -> Vec<ProcedureFinancials> {
    let mut out: Vec<ProcedureFinancials> = group_by(cases, |c| c.row.procedure_type_id.as_deref())
        .into_iter()
        .map(|(p, group)| {
            let facility = cx.medians(p);
            let mut surgeons: Vec<(ProcedureSurgeon, &FinancialRow)> =
                group_by(&group, |c| c.row.surgeon_id.as_deref())
                    .into_iter()
                    .map(|(s, cases)| {
                        let t = totals(&cases);
                        let duration_vs_facility = diff(t.median_duration, facility.median_duration);
                        let row = ProcedureSurgeon {
                            surgeon_id: s.to_string(),
                            surgeon_name: surgeon_name(cases[0].row),
                            consistency_rating: consistency_rating(t.median_duration, t.stddev_duration),
                            duration_vs_facility,
                            profit_vs_facility: diff(t.median_profit, facility.median_profit),
                            profit_impact: 0.0 - duration_vs_facility * cx.cost_per_minute,
                            totals: t,
                        };
                        (row, cases[0].row)
                    })
                    .collect();
            surgeons.sort_by(|(a, ra), (b, rb)| {
                b.totals.total_profit.cmp(&a.totals.total_profit).then_with(|| surgeon_key(ra).cmp(&surgeon_key(rb)))
            });
            let surgeon_count = surgeons.len() as i64;
            ProcedureFinancials {
                procedure_type_id: p.to_string(),
                procedure_name: group[0].row.procedure_name.clone(),
                totals: totals(&group),
                surgeon_count,
                facility_median_duration: facility.median_duration,
                facility_median_profit: facility.median_profit,
                surgeons: surgeons.into_iter().map(|(s, _)| s).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.totals
            .total_profit
            .cmp(&a.totals.total_profit)
            .then_with(|| a.procedure_name.cmp(&b.procedure_name))
            .then_with(|| a.procedure_type_id.cmp(&b.procedure_type_id))
    });
    out
}

fn payer_mix(cases: &[Case<'_>]) -> Vec<PayerMix> {
    let n = cases.len();
    let groups = group_by(cases, |c| Some(c.row.payer_id.as_deref().unwrap_or(UNKNOWN_PAYER_ID)));
    let mut out: Vec<PayerMix> = groups
        .into_iter()
        .map(|(id, group)| {
            let count = group.len() as i64;
            let reimbursement: i64 = group.iter().map(|c| c.row.reimbursement).sum();
            let profit: i64 = group.iter().map(|c| c.profit).sum();
            let name = match group[0].row.payer_id {
                None => UNKNOWN_PAYER_NAME.to_string(),
                Some(_) => group[0].row.payer_name.clone().unwrap_or_default(),
            };
            PayerMix {
                payer_id: id.to_string(),
                payer_name: name,
                case_count: count,
                total_reimbursement: reimbursement,
                avg_reimbursement: dollars(reimbursement) / count as f64,
                total_profit: profit,
                avg_profit: dollars(profit) / count as f64,
                margin: ratio_margin(profit, reimbursement),
                share_of_cases: count as f64 / n as f64 * 100.0,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.case_count
            .cmp(&a.case_count)
            .then_with(|| a.payer_name.cmp(&b.payer_name))
            .then_with(|| a.payer_id.cmp(&b.payer_id))
    });
    out
}

/// The §6.5 histogram of profits (cents): bins of [`HISTOGRAM_BIN_CENTS`] from floor(min) to past the max.
pub fn profit_histogram(profits: &[i64]) -> Vec<HistogramBin> {
    let (Some(&min), Some(&max)) = (profits.iter().min(), profits.iter().max()) else { return Vec::new() };
    let w = HISTOGRAM_BIN_CENTS;
    let first = min.div_euclid(w) * w;
    let last_end = (max.div_euclid(w) + 1) * w;
    let mut bins: Vec<HistogramBin> = (0..(last_end - first) / w)
        .map(|i| HistogramBin { start: first + i * w, end: first + (i + 1) * w, count: 0 })
        .collect();
    for p in profits {
        bins[((p - first).div_euclid(w)) as usize].count += 1;
    }
    bins
}

fn daily(cases: &[Case<'_>]) -> Vec<DailyProfit> {
    let mut days: BTreeMap<NaiveDate, DailyProfit> = BTreeMap::new();
    for c in cases {
        let d = days.entry(c.row.case_date).or_insert(DailyProfit {
            date: c.row.case_date,
            case_count: 0,
            total_profit: 0,
        });
        d.case_count += 1;
        d.total_profit += c.profit;
    }
    days.into_values().collect()
}

fn month_key(d: NaiveDate) -> (i32, u32) {
    (d.year(), d.month())
}

fn monthly(cases: &[Case<'_>], from: NaiveDate, to: NaiveDate) -> Vec<MonthlyFinancials> {
    let mut months: BTreeMap<(i32, u32), Vec<Case<'_>>> = BTreeMap::new();
    let mut m = from.with_day(1).expect("day 1 exists");
    while m <= to {
        months.insert(month_key(m), Vec::new());
        m = match m.checked_add_months(Months::new(1)) {
            Some(next) => next,
            None => break,
        };
    }
    for c in cases {
        months.entry(month_key(c.row.case_date)).or_default().push(*c);
    }
    months
        .into_iter()
        .map(|((year, month), group)| {
            let t = totals(&group);
            MonthlyFinancials {
                month: format!("{year:04}-{month:02}"),
                case_count: t.total_cases,
                total_profit: t.total_profit,
                avg_profit: t.avg_profit,
                total_reimbursement: t.total_reimbursement,
                total_debits: t.total_debits,
                total_credits: t.total_credits,
                total_or_cost: t.total_or_cost,
                total_costs: t.total_costs,
                margin: t.avg_margin,
                median_duration: t.median_duration,
                profit_per_or_hour: t.profit_per_or_hour,
            }
        })
        .collect()
}

fn sparklines(months: &[MonthlyFinancials]) -> Sparklines {
    let last = &months[months.len().saturating_sub(SPARKLINE_MONTHS)..];
    Sparklines {
        months: last.iter().map(|m| m.month.clone()).collect(),
        profit: last.iter().map(|m| m.total_profit).collect(),
        margin: last.iter().map(|m| m.margin).collect(),
        median_duration: last.iter().map(|m| m.median_duration.unwrap_or(0.0)).collect(),
        profit_per_or_hour: last.iter().map(|m| m.profit_per_or_hour.unwrap_or(0.0)).collect(),
        volume: last.iter().map(|m| m.case_count).collect(),
    }
}

fn summary(cases: &[Case<'_>], cx: &Context<'_>) -> FinancialSummary {
    let excess_minutes: f64 = cases
        .iter()
        .filter_map(|c| {
            let median = cx.medians(c.row.procedure_type_id.as_deref()?).median_duration.filter(|m| *m > 0.0)?;
            Some((c.duration as f64 - median).max(0.0))
        })
        .sum();
    FinancialSummary {
        totals: totals(cases),
        cost_per_minute: cx.cost_per_minute,
        excess_time_cost: excess_minutes * cx.cost_per_minute,
    }
}

fn comparison(previous_period: Period, current: &FinancialTotals, previous: &FinancialTotals) -> PeriodComparison {
    let m = |f: fn(&FinancialTotals) -> Option<f64>| MetricDelta::of(f(current), f(previous));
    PeriodComparison {
        previous_period,
        total_cases: m(|t| Some(t.total_cases as f64)),
        total_reimbursement: m(|t| Some(t.total_reimbursement as f64)),
        total_costs: m(|t| Some(t.total_costs as f64)),
        total_profit: m(|t| Some(t.total_profit as f64)),
        avg_profit: m(|t| Some(t.avg_profit)),
        median_profit: m(|t| t.median_profit),
        avg_margin: m(|t| Some(t.avg_margin)),
        profit_per_or_hour: m(|t| t.profit_per_or_hour),
        avg_duration: m(|t| Some(t.avg_duration)),
        total_or_minutes: m(|t| Some(t.total_or_minutes as f64)),
    }
}

/// The rows passing the filter with profit and duration, dated in `[from, to]`, in (case_date, case_id) order.
fn select<'a>(input: &AnalyticsInput<'a>, from: NaiveDate, to: NaiveDate) -> Vec<Case<'a>> {
    let mut cases: Vec<Case<'a>> = input
        .rows
        .iter()
        .filter(|r| input.filter.passes(r) && from <= r.case_date && r.case_date <= to)
        .filter_map(as_case)
        .collect();
    cases.sort_by(|a, b| (a.row.case_date, &a.row.case_id).cmp(&(b.row.case_date, &b.row.case_id)));
    cases
}

/// Every roll-up of §6.1–§6.5.
pub fn financial_analytics(input: &AnalyticsInput<'_>) -> FinancialAnalytics {
    let period = input.period;
    let from = data_start(period.start);
    let all_valid = select(input, from, period.end);
    let valid: Vec<Case<'_>> = all_valid.iter().copied().filter(|c| c.row.case_date >= period.start).collect();
    let cx = Context {
        medians: input.facility_medians,
        cost_per_minute: input.or_hourly_rate.map_or(0.0, |r| dollars(r) / 60.0),
    };
    let summary = summary(&valid, &cx);
    let monthly_trend = monthly(&all_valid, from, period.end);
    let comparison = input.previous.map(|prev| {
        let previous = totals(&select(input, prev.start, prev.end));
        comparison(prev, &summary.totals, &previous)
    });
    let profits: Vec<i64> = valid.iter().map(|c| c.profit).collect();
    FinancialAnalytics {
        period,
        data_start_date: from,
        surgeons: surgeons(&valid, &cx),
        procedures: procedures(&valid, &cx),
        payer_mix: payer_mix(&valid),
        profit_histogram: profit_histogram(&profits),
        daily_trend: daily(&valid),
        sparklines: sparklines(&monthly_trend),
        monthly_trend,
        summary,
        comparison,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn row(id: &str, date: &str, profit: i64, reimbursement: i64, duration: i64) -> FinancialRow {
        FinancialRow {
            case_id: id.into(),
            case_date: d(date),
            reimbursement,
            profit: Some(profit),
            duration_minutes: Some(duration),
            ..FinancialRow::default()
        }
    }

    fn with(mut r: FinancialRow, surgeon: &str, procedure: &str, payer: Option<&str>) -> FinancialRow {
        r.surgeon_id = Some(format!("s-{surgeon}"));
        r.surgeon_last_name = Some(surgeon.into());
        r.procedure_type_id = Some(format!("p-{procedure}"));
        r.procedure_name = Some(procedure.into());
        r.payer_id = payer.map(|p| format!("y-{p}"));
        r.payer_name = payer.map(str::to_string);
        r
    }

    fn analyze(rows: &[FinancialRow], start: &str, end: &str) -> FinancialAnalytics {
        let medians = BTreeMap::new();
        let filter = FinancialFilter::default();
        financial_analytics(&AnalyticsInput {
            rows,
            period: Period::new(d(start), d(end)).unwrap(),
            previous: None,
            filter: &filter,
            or_hourly_rate: None,
            facility_medians: &medians,
        })
    }

    /// E4: profit [3 325, 5 710, −500, 1 200], reimbursement [10 500, 12 000, 2 000, 6 000], duration [95, 97,
    /// 60, 120].
    fn e4() -> Vec<FinancialRow> {
        vec![
            row("a", "2025-06-15", 332_500, 1_050_000, 95),
            row("b", "2025-05-20", 571_000, 1_200_000, 97),
            row("c", "2025-06-02", -50_000, 200_000, 60),
            row("d", "2025-06-20", 120_000, 600_000, 120),
        ]
    }

    fn close(a: f64, b: f64, eps: f64) -> bool {
        (a - b).abs() < eps
    }

    #[test]
    fn worked_example_e4_rollup() {
        let a = analyze(&e4(), "2025-05-01", "2025-06-30");
        let s = &a.summary.totals;
        assert_eq!((s.total_cases, s.total_profit, s.total_reimbursement), (4, 973_500, 3_050_000));
        assert!(close(s.avg_margin, 31.918, 1e-3), "{}", s.avg_margin);
        assert!(close(s.profit_per_or_hour.unwrap(), 1_570.16, 5e-3), "{:?}", s.profit_per_or_hour);
        assert_eq!((s.median_profit, s.profit_p25, s.profit_p75), (Some(2_262.5), Some(775.0), Some(3_921.25)));
        assert!(close(s.stddev_profit.unwrap(), 2_686.83, 5e-3), "{:?}", s.stddev_profit);
        assert_eq!((s.avg_profit, s.total_or_minutes, s.median_duration), (2_433.75, 372, Some(96.0)));
        let h = &a.profit_histogram;
        assert_eq!(h.len(), 13);
        assert_eq!((h[0].start, h[12].end), (-50_000, 600_000));
        let filled: Vec<(i64, i64)> = h.iter().filter(|b| b.count > 0).map(|b| (b.start, b.count)).collect();
        assert_eq!(filled, [(-50_000, 1), (100_000, 1), (300_000, 1), (550_000, 1)]);
    }

    #[test]
    fn histogram_last_bin_holds_the_maximum_on_a_boundary() {
        let h = profit_histogram(&[0, 50_000]);
        assert_eq!(h.len(), 2);
        assert_eq!((h[1].start, h[1].end, h[1].count), (50_000, 100_000, 1));
        let h = profit_histogram(&[-1]);
        assert_eq!((h[0].start, h[0].end, h[0].count), (-50_000, 0, 1));
        assert!(profit_histogram(&[]).is_empty());
    }

    #[test]
    fn empty_period_is_zeros_not_errors() {
        let a = analyze(&[], "2025-06-01", "2025-06-30");
        let s = &a.summary.totals;
        assert_eq!((s.total_cases, s.avg_profit, s.avg_margin, s.avg_duration), (0, 0.0, 0.0, 0.0));
        assert_eq!((s.median_profit, s.profit_per_or_hour, s.stddev_profit), (None, None, None));
        assert!(a.surgeons.is_empty() && a.payer_mix.is_empty() && a.profit_histogram.is_empty());
        let months: Vec<&str> = a.monthly_trend.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(months, ["2025-05", "2025-06"], "the month before start is always included");
        assert_eq!(a.sparklines.volume, [0, 0]);
    }

    #[test]
    fn valid_rows_need_profit_and_duration_and_the_period() {
        let mut rows = e4();
        rows[0].duration_minutes = None;
        rows.push(row("early", "2025-04-30", 1, 1, 1));
        let a = analyze(&rows, "2025-06-01", "2025-06-30");
        assert_eq!(a.summary.totals.total_cases, 2, "c and d; a has no duration, b is in May");
        let may = a.monthly_trend.iter().find(|m| m.month == "2025-05").unwrap();
        assert_eq!((may.case_count, may.total_profit), (1, 571_000), "the month before counts in the trend");
        assert_eq!(a.monthly_trend.len(), 2, "April is before the data start");
        assert_eq!(a.data_start_date, d("2025-05-01"));
        assert_eq!(a.daily_trend.iter().map(|x| x.date).collect::<Vec<_>>(), [d("2025-06-02"), d("2025-06-20")]);
    }

    #[test]
    fn surgeons_procedures_and_adjusted_figures() {
        let rows = vec![
            with(row("1", "2025-06-02", 100_000, 500_000, 100), "Alpha", "TKA", Some("Medicare")),
            with(row("2", "2025-06-03", 200_000, 500_000, 120), "Alpha", "TKA", Some("Medicare")),
            with(row("3", "2025-06-04", 50_000, 300_000, 60), "Alpha", "ACL", None),
            with(row("4", "2025-06-05", 400_000, 900_000, 90), "Beta", "TKA", Some("Aetna")),
        ];
        let mut medians = BTreeMap::new();
        medians.insert(
            "p-TKA".to_string(),
            ProcedureMedians { median_duration: Some(100.0), median_profit: Some(2_000.0) },
        );
        let filter = FinancialFilter::default();
        let a = financial_analytics(&AnalyticsInput {
            rows: &rows,
            period: Period::new(d("2025-06-01"), d("2025-06-30")).unwrap(),
            previous: None,
            filter: &filter,
            or_hourly_rate: Some(6_000),
            facility_medians: &medians,
        });
        assert_eq!(a.summary.cost_per_minute, 1.0);
        assert_eq!(a.summary.excess_time_cost, 20.0, "only case 2 exceeds the TKA median, by 20 min; ACL has none");
        let names: Vec<&str> = a.surgeons.iter().map(|s| s.surgeon_name.as_str()).collect();
        assert_eq!(names, ["Dr. Beta", "Dr. Alpha"], "by total profit desc");
        let alpha = &a.surgeons[1];
        assert_eq!(alpha.totals.total_cases, 3);
        let p: Vec<(&str, i64)> =
            alpha.procedures.iter().map(|p| (p.procedure_type_id.as_str(), p.case_count)).collect();
        assert_eq!(p, [("p-TKA", 2), ("p-ACL", 1)]);
        let tka = &alpha.procedures[0];
        assert_eq!(
            (tka.median_duration, tka.duration_vs_facility, tka.duration_vs_facility_pct),
            (Some(110.0), 10.0, Some(10.0))
        );
        assert_eq!(
            (tka.median_profit, tka.profit_vs_facility, tka.profit_vs_facility_pct),
            (Some(1_500.0), -500.0, Some(-25.0))
        );
        let acl = &alpha.procedures[1];
        assert_eq!((acl.duration_vs_facility, acl.duration_vs_facility_pct), (0.0, None));
        let adj = alpha.procedure_adjusted;
        assert_eq!(
            (adj.duration_vs_facility_minutes, adj.profit_vs_facility, adj.profit_impact),
            (10.0, -500.0, -10.0)
        );
        let tka_row = a.procedures.iter().find(|p| p.procedure_type_id == "p-TKA").unwrap();
        assert_eq!((tka_row.surgeon_count, tka_row.totals.total_cases), (2, 3));
        let by: Vec<(&str, f64)> =
            tka_row.surgeons.iter().map(|s| (s.surgeon_name.as_str(), s.profit_impact)).collect();
        assert_eq!(by, [("Dr. Beta", 10.0), ("Dr. Alpha", -10.0)]);
        let payers: Vec<(&str, i64)> = a.payer_mix.iter().map(|p| (p.payer_name.as_str(), p.case_count)).collect();
        assert_eq!(payers, [("Medicare", 2), ("Aetna", 1), ("Unknown Payer", 1)]);
        assert_eq!(a.payer_mix[2].payer_id, UNKNOWN_PAYER_ID);
        assert_eq!(a.payer_mix[0].share_of_cases, 50.0);
    }

    #[test]
    fn consistency_thresholds() {
        assert_eq!(consistency_rating(Some(100.0), Some(14.9)), Some(Consistency::High));
        assert_eq!(consistency_rating(Some(100.0), Some(15.0)), Some(Consistency::Medium));
        assert_eq!(consistency_rating(Some(100.0), Some(30.0)), Some(Consistency::Low));
        assert_eq!(consistency_rating(Some(0.0), Some(1.0)), None);
        assert_eq!(consistency_rating(Some(10.0), None), None);
    }

    #[test]
    fn filters_and_period_comparison() {
        let rows = vec![
            with(row("1", "2025-06-02", 100_000, 500_000, 100), "Alpha", "TKA", None),
            with(row("2", "2025-06-03", 300_000, 500_000, 120), "Beta", "TKA", None),
            with(row("3", "2025-05-03", 50_000, 500_000, 60), "Alpha", "TKA", None),
        ];
        let medians = BTreeMap::new();
        let filter = FinancialFilter { surgeon_id: Some("s-Alpha".into()), procedure_type_id: None };
        let a = financial_analytics(&AnalyticsInput {
            rows: &rows,
            period: Period::new(d("2025-06-01"), d("2025-06-30")).unwrap(),
            previous: Some(Period::new(d("2025-05-01"), d("2025-05-31")).unwrap()),
            filter: &filter,
            or_hourly_rate: None,
            facility_medians: &medians,
        });
        assert_eq!(a.summary.totals.total_cases, 1);
        let c = a.comparison.unwrap();
        assert_eq!(
            (c.total_profit.current, c.total_profit.previous, c.total_profit.delta),
            (Some(100_000.0), Some(50_000.0), Some(50_000.0))
        );
        assert_eq!(c.total_profit.delta_pct, Some(100.0));
        assert_eq!(MetricDelta::of(Some(1.0), Some(0.0)).delta_pct, None);
        assert_eq!(MetricDelta::of(Some(-1.0), Some(-2.0)).delta_pct, Some(50.0), "over |previous|");
        assert_eq!(MetricDelta::of(None, Some(2.0)).delta, None);
    }

    #[test]
    fn sparklines_take_the_last_six_months() {
        let rows: Vec<FinancialRow> =
            (1..=9).map(|m| row(&format!("{m}"), &format!("2025-{m:02}-10"), m * 100, 1_000, 60)).collect();
        let a = analyze(&rows, "2025-02-01", "2025-09-30");
        assert_eq!(a.monthly_trend.len(), 9);
        assert_eq!(a.sparklines.months, ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09"]);
        assert_eq!(a.sparklines.profit, [400, 500, 600, 700, 800, 900]);
        assert_eq!(a.sparklines.median_duration, [60.0; 6]);
    }

    fn arb_rows() -> impl Strategy<Value = Vec<FinancialRow>> {
        let one =
            (0usize..40, 0u32..60, -200_000i64..800_000, 0i64..1_000_000, 1i64..300, 0usize..3, 0usize..3, 0usize..3);
        proptest::collection::vec(one, 0..40).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (_, day, profit, reimb, dur, s, p, y))| {
                    let date = d("2025-05-01") + chrono::Duration::days(i64::from(day));
                    let payer = ["Medicare", "Aetna", "none"][y];
                    with(
                        row(&format!("c{i:03}"), &date.to_string(), profit, reimb, dur),
                        ["A", "B", "C"][s],
                        ["TKA", "THA", "ACL"][p],
                        (payer != "none").then_some(payer),
                    )
                })
                .collect()
        })
    }

    proptest! {
        /// Totals equal the sums over surgeons, procedures, payers and days; histogram counts sum to n.
        #[test]
        fn totals_equal_the_sum_over_groups(rows in arb_rows()) {
            let a = analyze(&rows, "2025-06-01", "2025-06-30");
            let s = &a.summary.totals;
            let by = |v: &[i64]| v.iter().sum::<i64>();
            prop_assert_eq!(by(&a.surgeons.iter().map(|x| x.totals.total_profit).collect::<Vec<_>>()), s.total_profit);
            prop_assert_eq!(by(&a.surgeons.iter().map(|x| x.totals.total_cases).collect::<Vec<_>>()), s.total_cases);
            prop_assert_eq!(by(&a.procedures.iter().map(|x| x.totals.total_reimbursement).collect::<Vec<_>>()), s.total_reimbursement);
            prop_assert_eq!(by(&a.procedures.iter().map(|x| x.totals.total_costs).collect::<Vec<_>>()), s.total_costs);
            prop_assert_eq!(by(&a.payer_mix.iter().map(|x| x.case_count).collect::<Vec<_>>()), s.total_cases);
            prop_assert_eq!(by(&a.payer_mix.iter().map(|x| x.total_profit).collect::<Vec<_>>()), s.total_profit);
            prop_assert_eq!(by(&a.daily_trend.iter().map(|x| x.total_profit).collect::<Vec<_>>()), s.total_profit);
            prop_assert_eq!(by(&a.profit_histogram.iter().map(|x| x.count).collect::<Vec<_>>()), s.total_cases);
            for p in &a.procedures {
                prop_assert_eq!(by(&p.surgeons.iter().map(|x| x.totals.total_profit).collect::<Vec<_>>()), p.totals.total_profit);
            }
            for x in &a.surgeons {
                prop_assert_eq!(by(&x.procedures.iter().map(|p| p.case_count).collect::<Vec<_>>()), x.totals.total_cases);
            }
            let june = a.monthly_trend.iter().find(|m| m.month == "2025-06").unwrap();
            prop_assert_eq!(june.total_profit, s.total_profit);
            if let Some(max) = rows.iter().filter(|r| r.case_date >= d("2025-06-01") && r.case_date <= d("2025-06-30")).filter_map(|r| r.profit).max() {
                let last = a.profit_histogram.last().unwrap();
                prop_assert!(last.start <= max && max < last.end && last.count >= 1);
            }
        }

        /// The result does not depend on the order of the rows.
        #[test]
        fn case_order_invariance(rows in arb_rows().prop_shuffle(), seed in 0usize..1000) {
            let a = analyze(&rows, "2025-06-01", "2025-06-30");
            let mut other = rows.clone();
            other.reverse();
            if !other.is_empty() {
                let k = seed % other.len();
                other.rotate_left(k);
            }
            prop_assert_eq!(a, analyze(&other, "2025-06-01", "2025-06-30"));
        }
    }
}
