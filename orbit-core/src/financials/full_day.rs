//! A surgeon's full-day financials (financials-kpis.md §4): one row per non-draft case of the surgeon on a
//! date at a facility — actuals from the stats row, else a projection (§3), else nothing — and the day's
//! totals. [`full_day`] is the pure part; `Scope::full_day_financials` loads the cases (and, per case, the
//! stats row or the projection through [`super::case_store`]).
//!
//! # Choices the spec leaves open
//!
//! 1. **Order**: start_time ascending with missing start times last, then case_number, then case id.
//! 2. **Projected rows** carry the projection's revenue (null without one), `total_costs = (or_cost ?? 0) +
//!    debits − credits` (always known) and profit (null without revenue). A projected row counts in
//!    `projected_count` even when the projection found nothing.
//! 3. **The surgeon** must be a user of the facility (`NotFound` naming `surgeon_id` otherwise); an
//!    archived surgeon's past days stay readable. Access as every financial read (§0.3, see
//!    [`super::case_store`]).

use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::access::Scope;
use crate::error::{Error, Result};
use crate::financials::case_store::{HEAD_SQL, MedianCache, actuals, check_financial_read, head_from_row, projection};
use crate::financials::projection::{ActualFinancials, CaseProjection, margin};
use crate::values;

/// Where a row's figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayRowSource {
    /// The case's stats row.
    Actual,
    /// A projection (§3).
    Projected,
    /// Nothing (cancelled, or projections not asked for): UIs show "TBD".
    None,
}

/// One case of the day, as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct DayCase {
    /// The case.
    pub case_id: String,
    /// Its number.
    pub case_number: String,
    /// Procedure name (null without a procedure).
    pub procedure_name: Option<String>,
    /// Status name.
    pub status: String,
    /// Scheduled start `HH:MM:SS`.
    pub start_time: Option<String>,
    /// The stats row's financials.
    pub actual: Option<ActualFinancials>,
    /// The projection (loaded only without a stats row, for a non-cancelled case, when asked).
    pub projection: Option<CaseProjection>,
}

/// One row of [`FullDayFinancials`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FullDayRow {
    /// The case.
    pub case_id: String,
    /// Its number.
    pub case_number: String,
    /// Procedure name.
    pub procedure_name: Option<String>,
    /// Status name.
    pub status: String,
    /// Scheduled start.
    pub start_time: Option<String>,
    /// `actual`, `projected` or `none`.
    pub source: DayRowSource,
    /// Revenue (cents).
    pub revenue: Option<i64>,
    /// Total costs (cents).
    pub total_costs: Option<i64>,
    /// Profit (cents).
    pub profit: Option<i64>,
    /// `profit / revenue × 100` when revenue > 0 and profit is known.
    pub margin_pct: Option<f64>,
}

/// `full_day_financials` (§4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FullDayFinancials {
    /// The facility.
    pub facility_id: String,
    /// The surgeon.
    pub surgeon_id: String,
    /// The date.
    pub date: String,
    /// Rows ordered by start_time (nulls last), case_number, id.
    pub rows: Vec<FullDayRow>,
    /// Σ revenue (nulls as 0), cents.
    pub total_revenue: i64,
    /// Σ total costs (nulls as 0), cents.
    pub total_costs: i64,
    /// Σ profit (nulls as 0), cents.
    pub total_profit: i64,
    /// `total_profit / total_revenue × 100` when total_revenue > 0.
    pub total_margin: Option<f64>,
    /// Rows with `source = actual`.
    pub actual_count: i64,
    /// Rows with `source = projected`.
    pub projected_count: i64,
}

/// The row of one case.
fn row(c: &DayCase) -> FullDayRow {
    let (source, revenue, total_costs, profit) = match (&c.actual, &c.projection) {
        (Some(a), _) => (DayRowSource::Actual, Some(a.reimbursement), Some(a.total_costs()), Some(a.profit)),
        (None, Some(p)) => (
            DayRowSource::Projected,
            p.revenue,
            Some(p.or_cost.unwrap_or(0) + p.supply_debits - p.supply_credits),
            p.profit,
        ),
        (None, None) => (DayRowSource::None, None, None, None),
    };
    FullDayRow {
        case_id: c.case_id.clone(),
        case_number: c.case_number.clone(),
        procedure_name: c.procedure_name.clone(),
        status: c.status.clone(),
        start_time: c.start_time.clone(),
        source,
        revenue,
        total_costs,
        profit,
        margin_pct: margin(profit, revenue),
    }
}

/// The day of §4 from its cases (any order).
pub fn full_day(facility_id: &str, surgeon_id: &str, date: &str, cases: &[DayCase]) -> FullDayFinancials {
    let mut ordered: Vec<&DayCase> = cases.iter().collect();
    ordered.sort_by(|a, b| {
        (a.start_time.is_none(), &a.start_time, &a.case_number, &a.case_id).cmp(&(
            b.start_time.is_none(),
            &b.start_time,
            &b.case_number,
            &b.case_id,
        ))
    });
    let rows: Vec<FullDayRow> = ordered.into_iter().map(row).collect();
    let sum = |f: fn(&FullDayRow) -> Option<i64>| rows.iter().filter_map(f).sum::<i64>();
    let (total_revenue, total_costs, total_profit) = (sum(|r| r.revenue), sum(|r| r.total_costs), sum(|r| r.profit));
    let count = |s: DayRowSource| rows.iter().filter(|r| r.source == s).count() as i64;
    FullDayFinancials {
        facility_id: facility_id.to_string(),
        surgeon_id: surgeon_id.to_string(),
        date: date.to_string(),
        total_margin: margin(Some(total_profit), Some(total_revenue)),
        actual_count: count(DayRowSource::Actual),
        projected_count: count(DayRowSource::Projected),
        rows,
        total_revenue,
        total_costs,
        total_profit,
    }
}

impl Scope {
    /// `full_day_financials(facility, surgeon, date, project = true)` (financials-kpis.md §4): every non-draft
    /// case of the surgeon on that date at the facility, with actuals (stats row), a projection (not
    /// cancelled and `project`) or nothing, and the day's totals.
    pub fn full_day_financials(
        &self,
        facility_id: &str,
        surgeon_id: &str,
        date: &str,
        project: Option<bool>,
    ) -> Result<FullDayFinancials> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let surgeon = values::parse_uuid("surgeon_id", surgeon_id)?;
        let day = values::date("date", date)?.to_string();
        let project = project.unwrap_or(true);
        self.read(|conn, ctx| {
            check_financial_read(conn, ctx, &facility, "facility_id")?;
            let member: Option<i64> = conn
                .prepare_cached("SELECT 1 FROM users WHERE id = ?1 AND facility_id = ?2")?
                .query_row([&surgeon, &facility], |r| r.get(0))
                .optional()?;
            if member.is_none() {
                return Err(Error::not_found("surgeon_id"));
            }
            let heads = conn
                .prepare_cached(&format!(
                    "{HEAD_SQL} WHERE c.facility_id = ?1 AND c.surgeon_id = ?2 AND c.scheduled_date = ?3 AND c.is_draft = 0"
                ))?
                .query_map([&facility, &surgeon, &day], head_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut medians = MedianCache::default();
            let mut cases = Vec::with_capacity(heads.len());
            for head in heads {
                let actual = actuals(conn, &head.id)?;
                let projection = match actual {
                    None if project && !head.is_cancelled() => Some(projection(conn, &head, &mut medians)?),
                    _ => None,
                };
                cases.push(DayCase {
                    case_id: head.id,
                    case_number: head.case_number,
                    procedure_name: head.procedure_name,
                    status: head.status,
                    start_time: head.start_time,
                    actual,
                    projection,
                });
            }
            Ok(full_day(&facility, &surgeon, &day, &cases))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(number: &str, start: Option<&str>) -> DayCase {
        DayCase {
            case_id: format!("id-{number}"),
            case_number: number.into(),
            procedure_name: None,
            status: "scheduled".into(),
            start_time: start.map(str::to_string),
            actual: None,
            projection: None,
        }
    }

    fn projected(revenue: Option<i64>, or_cost: Option<i64>, debits: i64, credits: i64) -> CaseProjection {
        let profit = revenue.map(|r| r - or_cost.unwrap_or(0) - debits + credits);
        CaseProjection {
            case_id: String::new(),
            scheduled_date: String::new(),
            projected_duration_minutes: None,
            duration_source: None,
            duration_label: None,
            or_hourly_rate: None,
            or_cost,
            supply_debits: debits,
            supply_credits: credits,
            cost_source: "procedure_default",
            items: Vec::new(),
            revenue,
            revenue_source: None,
            profit,
            margin_percent: margin(profit, revenue),
            has_data: true,
        }
    }

    #[test]
    fn rows_in_start_order_with_sources_and_totals() {
        let mut a = case("C-3", Some("07:30:00"));
        a.actual = Some(ActualFinancials {
            reimbursement: 1_000_000,
            total_debits: 300_000,
            total_credits: 10_000,
            or_time_cost: 100_000,
            profit: 610_000,
        });
        let mut b = case("C-1", Some("09:00:00"));
        b.projection = Some(projected(Some(500_000), Some(50_000), 100_000, 0));
        let mut c = case("C-2", Some("09:00:00"));
        c.projection = Some(projected(None, None, 20_000, 0));
        let d = case("C-0", None);
        let day = full_day("f", "s", "2025-07-10", &[d, c, b, a]);
        let order: Vec<&str> = day.rows.iter().map(|r| r.case_number.as_str()).collect();
        assert_eq!(order, ["C-3", "C-1", "C-2", "C-0"], "start_time (nulls last), then case_number");
        let r = &day.rows;
        assert_eq!((r[0].source, r[0].total_costs, r[0].profit), (DayRowSource::Actual, Some(390_000), Some(610_000)));
        assert_eq!(
            (r[1].source, r[1].total_costs, r[1].profit),
            (DayRowSource::Projected, Some(150_000), Some(350_000))
        );
        assert_eq!((r[1].margin_pct, r[2].margin_pct), (Some(70.0), None));
        assert_eq!((r[2].revenue, r[2].total_costs, r[2].profit), (None, Some(20_000), None));
        assert_eq!((r[3].source, r[3].revenue, r[3].total_costs), (DayRowSource::None, None, None));
        assert_eq!((day.total_revenue, day.total_costs, day.total_profit), (1_500_000, 560_000, 960_000));
        assert_eq!((day.total_margin, day.actual_count, day.projected_count), (Some(64.0), 1, 2));
        let empty = full_day("f", "s", "2025-07-10", &[]);
        assert_eq!((empty.total_margin, empty.rows.len()), (None, 0));
    }
}
