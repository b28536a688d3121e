//! Case-level financial reads in the store (financials-kpis.md §0.3, §3, §3.1, §3.2): the loaders of a
//! projection's inputs, of a stats row's actuals and of the margin-benchmark cases, the financial access check
//! shared by every financial read, and the calls `Scope::project_case`, `Scope::compare_case_financials` and
//! `Scope::case_financial_summary`. The arithmetic is in [`super::projection`].
//!
//! Sources (one definition each, reused): costs and configured revenue from the single cost function
//! (`stats::cost_detail`, the case's scheduled_date); median durations and median reimbursements from the
//! aggregate relations (`surgeon_procedure_stats` for (F, S, P), `facility_procedure_stats` for (F, P)),
//! which are computed on read from the committed stats rows (excluded cases left out). The median of a case
//! that already has a stats row includes that row (the aggregates are what the spec names).
//!
//! Access (§0.3): global admins, facility admins, coordinators and users of the case's facility read
//! financial data — exactly the levels the read/write matrix lets read the financial configuration class
//! ([`crate::access::matrix`]); `flags.financial` gates only financial *flags* (data-model.md §3.12) and is
//! not consulted. Device reps get `PermissionDenied` for a facility they are granted (`NotFound` for
//! others), anonymous callers `PermissionDenied`; a case or facility outside the caller's scope is `NotFound`.
//! A cancelled case is never projected: `project_case`, `compare_case_financials` and
//! `case_financial_summary` of a cancelled case are `CaseCancelled`.

use rusqlite::{Connection, OptionalExtension};
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

use crate::access::matrix::{ReadScope, read_scope};
use crate::access::{AccessContext, Level, Scope};
use crate::error::{Error, ErrorKind, Result};
use crate::financials::projection::{
    ActualFinancials, BenchmarkCases, CaseFinancialSummary, CaseProjection, DEFAULT_BENCHMARK_CASE_COUNT,
    FinancialComparison, ProjectionInputs, compare, project, summary,
};
use crate::stats::aggregates::{self, AggregateQuery};
use crate::values;

/// A table of the financial configuration class: whoever may read it may read financial data (§0.3).
const FINANCIAL_CLASS_TABLE: &str = "procedure_reimbursements";

/// The financial read check of §0.3 for `facility`: `NotFound` naming `param` for a facility that does not
/// exist or that the caller does not see, `PermissionDenied` for device reps (of a granted facility) and
/// anonymous callers.
pub(crate) fn check_financial_read(conn: &Connection, ctx: &AccessContext, facility: &str, param: &str) -> Result<()> {
    let exists: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM facilities WHERE id = ?1")?
        .query_row([facility], |r| r.get(0))
        .optional()?;
    let capable = read_scope(FINANCIAL_CLASS_TABLE, ctx.level) != ReadScope::None;
    if !capable && ctx.level == Level::Anonymous {
        return Err(Error::denied("financial data is for facility members"));
    }
    if exists.is_none() || !ctx.sees_facility(facility) {
        return Err(Error::not_found(param));
    }
    if !capable {
        return Err(Error::denied("financial data is for facility members"));
    }
    Ok(())
}

/// The columns of a case a financial read needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CaseHead {
    pub id: String,
    pub facility_id: String,
    pub case_number: String,
    pub scheduled_date: String,
    pub start_time: Option<String>,
    pub status: String,
    pub surgeon_id: Option<String>,
    pub surgeon_last_name: Option<String>,
    pub procedure_type_id: Option<String>,
    pub procedure_name: Option<String>,
    pub payer_id: Option<String>,
}

impl CaseHead {
    pub fn is_cancelled(&self) -> bool {
        self.status == "cancelled"
    }
}

/// Selects [`CaseHead`] columns; callers append the WHERE clause.
pub(crate) const HEAD_SQL: &str =
    "SELECT c.id, c.facility_id, c.case_number, c.scheduled_date, c.start_time, s.name, c.surgeon_id, u.last_name,
            c.procedure_type_id, p.name, c.payer_id
     FROM cases c JOIN case_statuses s ON s.id = c.status_id
     LEFT JOIN users u ON u.id = c.surgeon_id
     LEFT JOIN procedure_types p ON p.id = c.procedure_type_id";

pub(crate) fn head_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseHead> {
    Ok(CaseHead {
        id: r.get(0)?,
        facility_id: r.get(1)?,
        case_number: r.get(2)?,
        scheduled_date: r.get(3)?,
        start_time: r.get(4)?,
        status: r.get(5)?,
        surgeon_id: r.get(6)?,
        surgeon_last_name: r.get(7)?,
        procedure_type_id: r.get(8)?,
        procedure_name: r.get(9)?,
        payer_id: r.get(10)?,
    })
}

/// The case, after the financial access check (`NotFound` naming `case_id` when it is not visible).
fn case_head(conn: &Connection, ctx: &AccessContext, case_id: &str) -> Result<CaseHead> {
    let head = conn
        .prepare_cached(&format!("{HEAD_SQL} WHERE c.id = ?1"))?
        .query_row([case_id], head_from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("case_id"))?;
    check_financial_read(conn, ctx, &head.facility_id, "case_id")?;
    Ok(head)
}

/// `CaseCancelled` for a cancelled case (never projected, D-F9).
fn not_cancelled(head: &CaseHead) -> Result<()> {
    if head.is_cancelled() {
        return Err(Error::new(ErrorKind::CaseCancelled, "the case is cancelled; cancelled cases are not projected"));
    }
    Ok(())
}

/// Aggregate medians (duration minutes, reimbursement dollars) per (procedure, surgeon-or-facility), read
/// once per key within one call.
#[derive(Debug, Default)]
pub(crate) struct MedianCache {
    cache: HashMap<MedianKey, Medians>,
}

/// (procedure, surgeon — `None` for the facility aggregate).
type MedianKey = (String, Option<String>);
/// (median duration minutes, median reimbursement dollars).
type Medians = (Option<f64>, Option<f64>);

impl MedianCache {
    /// `median_duration` and `median_reimbursement` of the surgeon-procedure aggregate (`surgeon` given) or
    /// of the facility-procedure aggregate.
    fn get(&mut self, conn: &Connection, facility: &str, surgeon: Option<&str>, procedure: &str) -> Result<Medians> {
        let key = (procedure.to_string(), surgeon.map(str::to_string));
        if let Some(v) = self.cache.get(&key) {
            return Ok(*v);
        }
        let relation = if surgeon.is_some() { "surgeon_procedure_stats" } else { "facility_procedure_stats" };
        let q = AggregateQuery {
            facility_id: facility.to_string(),
            surgeon_id: surgeon.map(str::to_string),
            procedure_type_id: Some(procedure.to_string()),
        };
        // These relations have no "last N days" columns, so no facility-local today is needed.
        let rows = aggregates::read(conn, relation, &q, "")?;
        let value = rows.first().map_or((None, None), |r| {
            (r.get("median_duration").and_then(Value::as_f64), r.get("median_reimbursement").and_then(Value::as_f64))
        });
        self.cache.insert(key, value);
        Ok(value)
    }
}

/// The scheduled duration of (F, S, P): the active surgeon_procedure_duration, else the procedure's
/// expected_duration_minutes.
fn scheduled_duration(
    conn: &Connection,
    facility: &str,
    surgeon: Option<&str>,
    procedure: &str,
) -> Result<Option<f64>> {
    if let Some(s) = surgeon {
        let own: Option<i64> = conn
            .prepare_cached(
                "SELECT expected_duration_minutes FROM surgeon_procedure_duration
                 WHERE facility_id = ?1 AND surgeon_id = ?2 AND procedure_type_id = ?3 AND is_active = 1 AND deleted_at IS NULL",
            )?
            .query_row([facility, s, procedure], |r| r.get(0))
            .optional()?;
        if let Some(m) = own {
            return Ok(Some(m as f64));
        }
    }
    let expected: Option<Option<i64>> = conn
        .prepare_cached("SELECT expected_duration_minutes FROM procedure_types WHERE id = ?1")?
        .query_row([procedure], |r| r.get(0))
        .optional()?;
    Ok(expected.flatten().map(|m| m as f64))
}

/// Loads the projection inputs of a case (§3).
pub(crate) fn projection_inputs(
    conn: &Connection,
    head: &CaseHead,
    medians: &mut MedianCache,
) -> Result<ProjectionInputs> {
    let f = head.facility_id.as_str();
    let (surgeon, procedure) = (head.surgeon_id.as_deref(), head.procedure_type_id.as_deref());
    let detail =
        crate::stats::cost_detail(conn, f, surgeon, procedure, head.payer_id.as_deref(), &head.scheduled_date)?;
    let (mut x, money) = (ProjectionInputs::default(), detail.money);
    if let Some(p) = procedure {
        if let Some(s) = surgeon {
            (x.surgeon_median_duration, x.surgeon_median_reimbursement) = medians.get(conn, f, Some(s), p)?;
        }
        (x.facility_median_duration, x.facility_median_reimbursement) = medians.get(conn, f, None, p)?;
        x.scheduled_duration = scheduled_duration(conn, f, surgeon, p)?;
    }
    Ok(ProjectionInputs {
        case_id: head.id.clone(),
        scheduled_date: head.scheduled_date.clone(),
        surgeon_last_name: head.surgeon_last_name.clone(),
        configured_reimbursement: money.reimbursement,
        reimbursement_source: detail.reimbursement_source,
        total_debits: money.total_debits,
        total_credits: money.total_credits,
        cost_source: money.cost_source,
        or_hourly_rate: money.or_hourly_rate,
        items: detail.lines,
        ..x
    })
}

/// The projection of a case (§3).
pub(crate) fn projection(conn: &Connection, head: &CaseHead, medians: &mut MedianCache) -> Result<CaseProjection> {
    Ok(project(&projection_inputs(conn, head, medians)?))
}

/// The financial columns of the case's stats row (excluded rows too: the case happened).
pub(crate) fn actuals(conn: &Connection, case_id: &str) -> Result<Option<ActualFinancials>> {
    Ok(conn
        .prepare_cached(
            "SELECT reimbursement, total_debits, total_credits, or_time_cost, profit FROM case_completion_stats WHERE case_id = ?1",
        )?
        .query_row([case_id], |r| {
            Ok(ActualFinancials {
                reimbursement: r.get(0)?,
                total_debits: r.get(1)?,
                total_credits: r.get(2)?,
                or_time_cost: r.get(3)?,
                profit: r.get(4)?,
            })
        })
        .optional()?)
}

/// `financial_benchmark_case_count` of the facility (§1.8), else the default.
fn benchmark_case_count(conn: &Connection, facility: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT financial_benchmark_case_count FROM facility_analytics_settings WHERE facility_id = ?1",
        )?
        .query_row([facility], |r| r.get(0))
        .optional()?
        .unwrap_or(DEFAULT_BENCHMARK_CASE_COUNT))
}

/// `(profit, reimbursement)` of the N most recent validated, non-excluded cases of (F, P[, S]) other than the
/// case (by scheduled_date desc, case_number desc, id).
fn recent_cases(conn: &Connection, head: &CaseHead, surgeon: Option<&str>, n: i64) -> Result<Vec<(i64, i64)>> {
    let Some(procedure) = head.procedure_type_id.as_deref() else { return Ok(Vec::new()) };
    let sql = format!(
        "SELECT s.profit, s.reimbursement FROM case_completion_stats s JOIN cases c ON c.id = s.case_id
         WHERE s.facility_id = ?1 AND s.procedure_type_id = ?2 AND s.is_excluded = 0 AND c.data_validated = 1
           AND s.case_id <> ?3{}
         ORDER BY c.scheduled_date DESC, c.case_number DESC, c.id DESC LIMIT ?4",
        if surgeon.is_some() { " AND s.surgeon_id = ?5" } else { "" }
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let params: Vec<&dyn rusqlite::ToSql> = match &surgeon {
        Some(s) => vec![&head.facility_id, &procedure, &head.id, &n, s],
        None => vec![&head.facility_id, &procedure, &head.id, &n],
    };
    Ok(stmt.query_map(params.as_slice(), |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?)
}

/// The benchmark cases of §3.2 for the case.
fn benchmark_cases(conn: &Connection, head: &CaseHead) -> Result<BenchmarkCases> {
    let n = benchmark_case_count(conn, &head.facility_id)?;
    let facility = recent_cases(conn, head, None, n)?;
    let surgeon = match head.surgeon_id.as_deref() {
        Some(s) => recent_cases(conn, head, Some(s), n)?,
        None => Vec::new(),
    };
    Ok(BenchmarkCases { n, facility, surgeon })
}

impl Scope {
    /// `project_case(case_id)` (financials-kpis.md §3): the projected duration, costs, revenue, profit and
    /// margin of a non-cancelled case from the cost function and the aggregate medians. `CaseCancelled` for
    /// a cancelled case.
    pub fn project_case(&self, case_id: &str) -> Result<CaseProjection> {
        let id = values::parse_uuid("case_id", case_id)?;
        self.read(|conn, ctx| {
            let head = case_head(conn, ctx, &id)?;
            not_cancelled(&head)?;
            projection(conn, &head, &mut MedianCache::default())
        })
    }

    /// `compare_case_financials(case_id)` (§3.1): the projection against the case's stats row (actuals null
    /// until the case is validated).
    pub fn compare_case_financials(&self, case_id: &str) -> Result<FinancialComparison> {
        let id = values::parse_uuid("case_id", case_id)?;
        self.read(|conn, ctx| {
            let head = case_head(conn, ctx, &id)?;
            not_cancelled(&head)?;
            let p = projection(conn, &head, &mut MedianCache::default())?;
            Ok(compare(&p, actuals(conn, &id)?.as_ref()))
        })
    }

    /// `case_financial_summary(case_id)`: the case drawer of §3.2 — hero metrics (actuals when a stats row
    /// exists, else the projection), margin benchmarks (facility + procedure, and + surgeon) with the margin
    /// ratings, the cost breakdown and the data quality.
    pub fn case_financial_summary(&self, case_id: &str) -> Result<CaseFinancialSummary> {
        let id = values::parse_uuid("case_id", case_id)?;
        self.read(|conn, ctx| {
            let head = case_head(conn, ctx, &id)?;
            not_cancelled(&head)?;
            let p = projection(conn, &head, &mut MedianCache::default())?;
            let actual = actuals(conn, &id)?;
            Ok(summary(&p, actual.as_ref(), &benchmark_cases(conn, &head)?))
        })
    }
}
