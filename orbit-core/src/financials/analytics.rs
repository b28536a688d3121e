//! Financial analytics in the store (financials-kpis.md §6): the loader of a facility's non-excluded stats
//! rows with their surgeon, procedure and payer names, the facility-procedure medians (from the aggregate
//! relation `facility_procedure_stats`, all of the facility's non-excluded rows), and
//! `Scope::financial_analytics`. The arithmetic is the pure engine [`super::rollups`].
//!
//! The loader reads one date range in one pass: from the earlier of the first day of the month before
//! `start` and the previous period's start, to the later of `end` and the previous period's end, narrowed
//! by the filters (the engine applies them again). Access as every financial read (§0.3, see
//! [`super::case_store`]). Unknown filter ids simply select nothing.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde_json::Value;

use crate::access::Scope;
use crate::error::Result;
use crate::financials::case_store::check_financial_read;
use crate::financials::rollups::{
    AnalyticsInput, FinancialAnalytics, FinancialFilter, FinancialRow, ProcedureMedians, data_start,
    financial_analytics,
};
use crate::rows::text;
use crate::scoring::Period;
use crate::stats::aggregates::{self, AggregateQuery};
use crate::values;

const ROWS_SQL: &str =
    "SELECT s.case_id, s.case_date, s.surgeon_id, u.first_name, u.last_name, s.procedure_type_id, p.name,
        s.payer_id, y.name, s.reimbursement, s.total_debits, s.total_credits, s.or_time_cost, s.profit,
        s.total_duration_minutes
 FROM case_completion_stats s
 LEFT JOIN users u ON u.id = s.surgeon_id
 LEFT JOIN procedure_types p ON p.id = s.procedure_type_id
 LEFT JOIN payers y ON y.id = s.payer_id
 WHERE s.facility_id = ?1 AND s.is_excluded = 0 AND s.case_date BETWEEN ?2 AND ?3
   AND (?4 IS NULL OR s.surgeon_id = ?4) AND (?5 IS NULL OR s.procedure_type_id = ?5)";

/// The facility's non-excluded stats rows dated in `dates` that pass `filter`.
fn load_rows(conn: &Connection, facility: &str, dates: Period, filter: &FinancialFilter) -> Result<Vec<FinancialRow>> {
    let mut stmt = conn.prepare_cached(ROWS_SQL)?;
    let mut rows = stmt.query(rusqlite::params![
        facility,
        dates.start.to_string(),
        dates.end.to_string(),
        filter.surgeon_id,
        filter.procedure_type_id
    ])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(FinancialRow {
            case_id: r.get(0)?,
            case_date: values::date("case_date", text(r, 1)?.unwrap_or_default())?,
            surgeon_id: r.get(2)?,
            surgeon_first_name: r.get(3)?,
            surgeon_last_name: r.get(4)?,
            procedure_type_id: r.get(5)?,
            procedure_name: r.get(6)?,
            payer_id: r.get(7)?,
            payer_name: r.get(8)?,
            reimbursement: r.get(9)?,
            total_debits: r.get(10)?,
            total_credits: r.get(11)?,
            or_time_cost: r.get(12)?,
            profit: r.get(13)?,
            duration_minutes: r.get(14)?,
        });
    }
    Ok(out)
}

/// `median_duration` and `median_profit` (dollars) of every procedure of the facility-procedure aggregate.
fn facility_medians(
    conn: &Connection,
    facility: &str,
    procedure: Option<&str>,
) -> Result<BTreeMap<String, ProcedureMedians>> {
    let q = AggregateQuery {
        facility_id: facility.to_string(),
        surgeon_id: None,
        procedure_type_id: procedure.map(str::to_string),
    };
    // facility_procedure_stats has no "last N days" column: no facility-local today is needed.
    let rows = aggregates::read(conn, "facility_procedure_stats", &q, "")?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let id = r.get("procedure_type_id").and_then(Value::as_str)?.to_string();
            let medians = ProcedureMedians {
                median_duration: r.get("median_duration").and_then(Value::as_f64),
                median_profit: r.get("median_profit").and_then(Value::as_f64),
            };
            Some((id, medians))
        })
        .collect())
}

impl Scope {
    /// `financial_analytics(facility, start, end, filter?, previous?)` (financials-kpis.md §6.1–§6.5): the
    /// facility summary, per-surgeon (with procedure breakdown and procedure-adjusted figures) and
    /// per-procedure (with per-surgeon breakdown) roll-ups, payer mix, profit histogram, daily and monthly
    /// trends with sparklines over the facility's non-excluded stats rows, and — when `previous` (start, end)
    /// is given — the comparison of the headline metrics with that period.
    pub fn financial_analytics(
        &self,
        facility_id: &str,
        start_date: &str,
        end_date: &str,
        filter: Option<FinancialFilter>,
        previous: Option<(&str, &str)>,
    ) -> Result<FinancialAnalytics> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let period = Period::parse(start_date, end_date)?;
        let previous = previous.map(|(s, e)| Period::parse(s, e)).transpose()?;
        let filter = filter.unwrap_or_default();
        let filter = FinancialFilter {
            surgeon_id: filter.surgeon_id.as_deref().map(|s| values::parse_uuid("surgeon_id", s)).transpose()?,
            procedure_type_id: filter
                .procedure_type_id
                .as_deref()
                .map(|p| values::parse_uuid("procedure_type_id", p))
                .transpose()?,
        };
        self.read(|conn, ctx| {
            check_financial_read(conn, ctx, &facility, "facility_id")?;
            let mut dates = Period { start: data_start(period.start), end: period.end };
            if let Some(p) = previous {
                dates = Period { start: dates.start.min(p.start), end: dates.end.max(p.end) };
            }
            let rows = load_rows(conn, &facility, dates, &filter)?;
            let medians = facility_medians(conn, &facility, filter.procedure_type_id.as_deref())?;
            let rate: Option<i64> =
                conn.query_row("SELECT or_hourly_rate FROM facilities WHERE id = ?1", [&facility], |r| r.get(0))?;
            Ok(financial_analytics(&AnalyticsInput {
                rows: &rows,
                period,
                previous,
                filter: &filter,
                or_hourly_rate: rate,
                facility_medians: &medians,
            }))
        })
    }
}
