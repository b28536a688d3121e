//! Per-case statistics (lifecycle-and-stats.md §4 and §5.1): `compute_case_stats`, the single cost function,
//! neighbour recomputation (§2.6) and the full rebuild. Step 5 of the case dispatcher calls
//! [`on_case_event`].

pub mod aggregates;
pub mod legacy;
pub mod medians;
pub mod pace;
pub mod rules;

use crate::store::Cached;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension};

use crate::access::{Call, Level, Scope};
use crate::cases::history::CaseState;
use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::values;

use rules::{CaseInput, Money, Peer};

/// The exclusion reason written when a case is excluded before its stats row exists.
pub const DEFAULT_EXCLUSION_REASON: &str = "Case excluded from metrics";

/// One active cost category's amount as the cost function resolved it (financials-kpis.md §2.2 step 1).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CostLine {
    /// `cost_categories.id`.
    pub cost_category_id: String,
    /// The category's name.
    pub category_name: String,
    /// `debit` or `credit`.
    pub category_type: String,
    /// Cents.
    pub amount: i64,
    /// `surgeon_override`, `procedure_default`, or `none` (the 0 fallback).
    pub source: &'static str,
}

/// The cost function's full answer: the money inputs of the stats row, every active category's line (ordered
/// by display_order, name, id) and which row supplied the reimbursement (`payer_rate`, `procedure_default`,
/// or `None` for the 0 fallback).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CostDetail {
    pub money: Money,
    pub lines: Vec<CostLine>,
    pub reimbursement_source: Option<&'static str>,
}

/// The single cost function (§4.2): category amounts (surgeon override, else procedure default), the
/// reimbursement (payer, else default) and the OR rate, for facility `f` on date `d`.
pub(crate) fn cost(
    conn: &Connection,
    f: &str,
    surgeon: Option<&str>,
    procedure: Option<&str>,
    payer: Option<&str>,
    d: &str,
) -> Result<Money> {
    Ok(cost_detail(conn, f, surgeon, procedure, payer, d)?.money)
}

/// [`cost`] with its per-category lines and the reimbursement's source (projections and the case drawer,
/// financials-kpis.md §3).
pub(crate) fn cost_detail(
    conn: &Connection,
    f: &str,
    surgeon: Option<&str>,
    procedure: Option<&str>,
    payer: Option<&str>,
    d: &str,
) -> Result<CostDetail> {
    let rate: Option<i64> =
        conn.prepare_cached("SELECT or_hourly_rate FROM facilities WHERE id = ?1")?.query_row([f], |r| r.get(0))?;
    let (mut debits, mut credits, mut source) = (0i64, 0i64, "procedure_default");
    let mut lines = Vec::new();
    if let Some(p) = procedure {
        let categories: Vec<(String, String, String)> = conn
            .prepare_cached(
                "SELECT id, type, name FROM cost_categories WHERE facility_id = ?1 AND is_active = 1 AND deleted_at IS NULL
                 ORDER BY display_order, name, id",
            )?
            .query_map([f], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (category, kind, name) in categories {
            let surgeon_amount: Option<i64> = match surgeon {
                None => None,
                Some(s) => conn
                    .prepare_cached(
                        "SELECT amount FROM surgeon_cost_items
                         WHERE facility_id = ?1 AND surgeon_id = ?2 AND procedure_type_id = ?3 AND cost_category_id = ?4
                           AND effective_from <= ?5 AND (effective_to IS NULL OR effective_to >= ?5)
                         ORDER BY effective_from DESC, created_at DESC, id DESC LIMIT 1",
                    )?
                    .query_row(rusqlite::params![f, s, p, category, d], |r| r.get(0))
                    .optional()?,
            };
            let (amount, line_source) = match surgeon_amount {
                Some(a) => {
                    source = "surgeon_override";
                    (a, "surgeon_override")
                }
                None => conn
                    .prepare_cached(
                        "SELECT amount FROM procedure_cost_items
                         WHERE facility_id = ?1 AND procedure_type_id = ?2 AND cost_category_id = ?3
                           AND effective_from <= ?4 AND (effective_to IS NULL OR effective_to >= ?4)
                         ORDER BY effective_from DESC, created_at DESC, id DESC LIMIT 1",
                    )?
                    .query_row(rusqlite::params![f, p, category, d], |r| r.get(0))
                    .optional()?
                    .map_or((0, "none"), |a| (a, "procedure_default")),
            };
            if kind == "credit" {
                credits += amount;
            } else {
                debits += amount;
            }
            lines.push(CostLine {
                cost_category_id: category,
                category_name: name,
                category_type: kind,
                amount,
                source: line_source,
            });
        }
    }
    let (reimbursement, reimbursement_source) = match procedure {
        None => (0, None),
        Some(p) => {
            let latest = |payer_sql: &str, payer: Option<&str>| -> Result<Option<i64>> {
                Ok(conn
                    .prepare_cached(&format!(
                        "SELECT reimbursement FROM procedure_reimbursements
                         WHERE facility_id = ?1 AND procedure_type_id = ?2 AND {payer_sql} AND effective_date <= ?4
                         ORDER BY effective_date DESC, created_at DESC, id DESC LIMIT 1"
                    ))?
                    .query_row(rusqlite::params![f, p, payer, d], |r| r.get(0))
                    .optional()?)
            };
            let by_payer = match payer {
                Some(y) => latest("payer_id = ?3", Some(y))?,
                None => None,
            };
            match by_payer {
                Some(r) => (r, Some("payer_rate")),
                None => match latest("payer_id IS NULL AND ?3 IS NULL", None)? {
                    Some(r) => (r, Some("procedure_default")),
                    None => (0, None),
                },
            }
        }
    };
    Ok(CostDetail {
        money: Money {
            reimbursement,
            total_debits: debits,
            total_credits: credits,
            or_hourly_rate: rate,
            cost_source: source,
        },
        lines,
        reimbursement_source,
    })
}

/// The recorded instant of each of the case's key milestones.
fn key_times(conn: &Connection, case_id: &str) -> Result<std::collections::HashMap<String, Millis>> {
    let mut stmt = conn.prepare_cached(
        "SELECT fm.name, cm.recorded_at FROM case_milestones cm JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
         WHERE cm.case_id = ?1 AND cm.recorded_at IS NOT NULL
           AND fm.name IN ('patient_in', 'patient_out', 'incision', 'closing', 'anes_start', 'anes_end')",
    )?;
    let rows = stmt.query_map([case_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const PEERS_SQL: &str = "SELECT c.or_room_id, c.surgeon_id,
    (SELECT cm.recorded_at FROM case_milestones cm JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
      WHERE cm.case_id = c.id AND fm.name = 'patient_in'),
    (SELECT cm.recorded_at FROM case_milestones cm JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
      WHERE cm.case_id = c.id AND fm.name = 'patient_out'),
    (SELECT cm.recorded_at FROM case_milestones cm JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
      WHERE cm.case_id = c.id AND fm.name = 'closing')
  FROM cases c JOIN case_statuses s ON s.id = c.status_id
  WHERE c.facility_id = ?1 AND c.scheduled_date = ?2 AND c.is_draft = 0 AND s.name <> 'cancelled' AND c.id <> ?3
    AND ((?4 IS NOT NULL AND c.or_room_id = ?4) OR (?5 IS NOT NULL AND c.surgeon_id = ?5))";

type CaseRow = (String, String, Option<String>, Option<String>, Option<String>, Option<String>, String);

/// `compute_case_stats(X)` (§4.3): writes, refreshes or deletes the case's stats row and reconciles its
/// milestone stats. A row whose values are unchanged is not written. Returns whether the stats row changed
/// (written, or deleted).
pub(crate) fn compute_case_stats(call: &Call<'_>, case_id: &str) -> Result<bool> {
    let conn = call.tx;
    type Head = (String, i64, i64, i64, String, Option<String>, Option<i64>, String);
    let head: Option<Head> = conn
        .prepare_cached(
            "SELECT c.facility_id, c.data_validated, c.is_draft, c.is_excluded_from_metrics, c.scheduled_date, c.start_time,
                    c.call_time, f.timezone
             FROM cases c JOIN facilities f ON f.id = c.facility_id WHERE c.id = ?1",
        )?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)))
        .optional()?;
    let Some((facility, validated, draft, excluded, date, start, call_time, tz)) = head else {
        return Ok(false);
    };
    let times = key_times(conn, case_id)?;
    let (Some(&pi), Some(&po)) = (times.get("patient_in"), times.get("patient_out")) else {
        return remove(conn, case_id);
    };
    if validated != 1 || draft == 1 {
        return remove(conn, case_id);
    }
    let ids: CaseRow = conn.query_row_cached(
        "SELECT case_number, facility_id, surgeon_id, procedure_type_id, payer_id, or_room_id, scheduled_date FROM cases WHERE id = ?1",
        [case_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
    )?;
    let (case_number, _, surgeon, procedure, payer, room, _) = ids;
    let peers: Vec<Peer> = conn
        .prepare_cached(PEERS_SQL)?
        .query_map(rusqlite::params![facility, date, case_id, room, surgeon], |r| {
            Ok(Peer { or_room_id: r.get(0)?, surgeon_id: r.get(1)?, pi: r.get(2)?, po: r.get(3)?, cl: r.get(4)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let input = CaseInput {
        case_date: NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .map_err(|_| Error::invalid("scheduled_date", "invalid"))?,
        start_time: start.as_deref().and_then(|t| NaiveTime::parse_from_str(t, "%H:%M:%S").ok()),
        tz: values::timezone("timezone", &tz)?,
        or_room_id: room.clone(),
        surgeon_id: surgeon.clone(),
        call_time,
        pi,
        po,
        inc: times.get("incision").copied(),
        cl: times.get("closing").copied(),
        anes_start: times.get("anes_start").copied(),
        anes_end: times.get("anes_end").copied(),
    };
    let money = cost(conn, &facility, surgeon.as_deref(), procedure.as_deref(), payer.as_deref(), &date)?;
    let s = rules::compute(&input, &peers, &money);
    // Exclusion fields (§4.3 step 3).
    type Exclusion = (i64, Option<i64>, Option<String>, Option<String>);
    let previous: Option<Exclusion> = conn
        .prepare_cached("SELECT is_excluded, excluded_at, excluded_by, exclusion_reason FROM case_completion_stats WHERE case_id = ?1")?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let (excluded_at, excluded_by, reason) = match (excluded == 1, &previous) {
        (true, Some((1, at, by, reason))) => (*at, by.clone(), reason.clone()),
        (true, _) => (Some(call.now), None, Some(DEFAULT_EXCLUSION_REASON.to_string())),
        (false, _) => (None, None, None),
    };
    let text = |v: Option<String>| v.map_or(SqlValue::Null, SqlValue::Text);
    let int = |v: Option<i64>| v.map_or(SqlValue::Null, SqlValue::Integer);
    let real = |v: Option<f64>| v.map_or(SqlValue::Null, SqlValue::Real);
    let cols: Vec<(&str, SqlValue)> = vec![
        ("case_number", SqlValue::Text(case_number)),
        ("facility_id", SqlValue::Text(facility.clone())),
        ("surgeon_id", text(surgeon.clone())),
        ("procedure_type_id", text(procedure.clone())),
        ("payer_id", text(payer)),
        ("or_room_id", text(room)),
        ("case_date", SqlValue::Text(date.clone())),
        ("scheduled_start_time", text(start)),
        ("actual_start_time", SqlValue::Text(s.actual_start_time)),
        ("total_duration_minutes", SqlValue::Integer(s.total_duration_minutes)),
        ("surgical_duration_minutes", int(s.surgical_duration_minutes)),
        ("anesthesia_duration_minutes", real(s.anesthesia_duration_minutes)),
        ("call_to_patient_in_minutes", real(s.call_to_patient_in_minutes)),
        ("schedule_variance_minutes", real(s.schedule_variance_minutes)),
        ("room_turnover_minutes", real(s.room_turnover_minutes)),
        ("surgical_turnover_minutes", real(s.surgical_turnover_minutes)),
        ("is_first_case_of_day_room", SqlValue::Integer(i64::from(s.is_first_case_of_day_room))),
        ("is_first_case_of_day_surgeon", SqlValue::Integer(i64::from(s.is_first_case_of_day_surgeon))),
        ("surgeon_room_count", SqlValue::Integer(s.surgeon_room_count)),
        ("surgeon_case_sequence", SqlValue::Integer(s.surgeon_case_sequence)),
        ("room_case_sequence", SqlValue::Integer(s.room_case_sequence)),
        ("reimbursement", SqlValue::Integer(s.reimbursement)),
        ("soft_goods_cost", SqlValue::Integer(s.total_debits)),
        ("hard_goods_cost", SqlValue::Integer(s.total_credits)),
        ("or_cost", SqlValue::Integer(s.or_time_cost)),
        ("profit", SqlValue::Integer(s.profit)),
        ("or_hourly_rate", int(s.or_hourly_rate)),
        ("total_debits", SqlValue::Integer(s.total_debits)),
        ("total_credits", SqlValue::Integer(s.total_credits)),
        ("net_cost", SqlValue::Integer(s.net_cost)),
        ("or_time_cost", SqlValue::Integer(s.or_time_cost)),
        ("is_excluded", SqlValue::Integer(excluded)),
        ("excluded_at", int(excluded_at)),
        ("excluded_by", text(excluded_by)),
        ("exclusion_reason", text(reason)),
        ("cost_source", SqlValue::Text(s.cost_source.to_string())),
    ];
    let names: Vec<&str> = cols.iter().map(|(c, _)| *c).collect();
    let current: Option<Vec<SqlValue>> = conn
        .prepare_cached(&format!("SELECT {} FROM case_completion_stats WHERE case_id = ?1", names.join(", ")))?
        .query_row([case_id], |r| (0..names.len()).map(|i| r.get::<_, SqlValue>(i)).collect())
        .optional()?;
    let desired: Vec<SqlValue> = cols.iter().map(|(_, v)| v.clone()).collect();
    let changed = current.as_ref() != Some(&desired);
    if changed {
        let placeholders: Vec<String> = (0..names.len()).map(|i| format!("?{}", i + 4)).collect();
        let updates: Vec<String> = names.iter().map(|c| format!("{c} = excluded.{c}")).collect();
        let sql = format!(
            "INSERT INTO case_completion_stats (id, case_id, created_at, updated_at, {}) VALUES (?1, ?2, ?3, ?3, {})
             ON CONFLICT (case_id) DO UPDATE SET {}, updated_at = excluded.updated_at",
            names.join(", "),
            placeholders.join(", "),
            updates.join(", ")
        );
        let mut params: Vec<SqlValue> =
            vec![SqlValue::Text(values::new_id()), SqlValue::Text(case_id.to_string()), SqlValue::Integer(call.now)];
        params.extend(desired);
        conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(params))?;
    }
    reconcile_milestone_stats(conn, case_id, &facility, excluded == 1, pi, call.now)?;
    if excluded == 1 {
        conn.prepare_cached("DELETE FROM case_flags WHERE case_id = ?1 AND +flag_type = 'threshold'")?
            .execute([case_id])?;
    }
    Ok(changed)
}

/// Deletes the case's stats row, milestone stats and threshold flags (§4.3 step 1); whether a stats row was
/// deleted.
fn remove(conn: &Connection, case_id: &str) -> Result<bool> {
    let removed = conn.prepare_cached("DELETE FROM case_completion_stats WHERE case_id = ?1")?.execute([case_id])?;
    conn.prepare_cached("DELETE FROM case_milestone_stats WHERE case_id = ?1")?.execute([case_id])?;
    conn.prepare_cached("DELETE FROM case_flags WHERE case_id = ?1 AND +flag_type = 'threshold'")?
        .execute([case_id])?;
    Ok(removed > 0)
}

/// §5.1: one row per recorded catalogue milestone (not patient_in) at or after patient_in, none when excluded.
fn reconcile_milestone_stats(
    conn: &Connection,
    case_id: &str,
    facility: &str,
    excluded: bool,
    pi: Millis,
    now: Millis,
) -> Result<()> {
    type Want = (String, f64, i64);
    let desired: Vec<Want> = if excluded {
        Vec::new()
    } else {
        conn.prepare_cached(
            "SELECT fm.source_milestone_type_id, cm.recorded_at FROM case_milestones cm
             JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
             WHERE cm.case_id = ?1 AND cm.recorded_at IS NOT NULL AND fm.name <> 'patient_in'
               AND fm.source_milestone_type_id IS NOT NULL AND cm.recorded_at >= ?2",
        )?
        .query_map(rusqlite::params![case_id, pi], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .map(|row| row.map(|(t, at)| (t, rules::minutes(pi, at), at)))
        .collect::<rusqlite::Result<_>>()?
    };
    // Identity columns follow the case too (a surgeon, procedure or date change rewrites every row).
    type Identity = (Option<String>, Option<String>, String);
    let identity: Identity = conn
        .prepare_cached("SELECT surgeon_id, procedure_type_id, scheduled_date FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let existing: Vec<(String, f64, i64, Identity)> = conn
        .prepare_cached(
            "SELECT milestone_type_id, minutes_from_start, recorded_at, surgeon_id, procedure_type_id, case_date
             FROM case_milestone_stats WHERE case_id = ?1",
        )?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, (r.get(3)?, r.get(4)?, r.get(5)?))))?
        .collect::<rusqlite::Result<_>>()?;
    for (t, ..) in existing.iter().filter(|(t, ..)| !desired.iter().any(|(d, _, _)| d == t)) {
        conn.prepare_cached("DELETE FROM case_milestone_stats WHERE case_id = ?1 AND milestone_type_id = ?2")?
            .execute([case_id, t])?;
    }
    for (t, minutes, at) in &desired {
        if existing.iter().any(|(e, m, a, id)| e == t && m == minutes && a == at && *id == identity) {
            continue;
        }
        conn.prepare_cached(
            "INSERT INTO case_milestone_stats (id, facility_id, case_id, surgeon_id, procedure_type_id, milestone_type_id, case_date,
                 minutes_from_start, recorded_at, created_at)
             SELECT ?1, ?2, c.id, c.surgeon_id, c.procedure_type_id, ?4, c.scheduled_date, ?5, ?6, ?7 FROM cases c WHERE c.id = ?3
             ON CONFLICT (case_id, milestone_type_id) DO UPDATE SET minutes_from_start = excluded.minutes_from_start,
                 recorded_at = excluded.recorded_at, surgeon_id = excluded.surgeon_id,
                 procedure_type_id = excluded.procedure_type_id, case_date = excluded.case_date",
        )?
        .execute(rusqlite::params![values::new_id(), facility, case_id, t, minutes, at, now])?;
    }
    Ok(())
}

/// A(X) of §2.6: the validated cases other than X sharing (room, date) or (surgeon, date) with X before or
/// after the call, ordered by (date, patient_in, id).
fn neighbours(conn: &Connection, case_id: &str, states: &[&CaseState]) -> Result<Vec<String>> {
    let mut out: Vec<(String, String, Option<i64>)> = Vec::new();
    for s in states.iter().filter(|s| !s.is_draft && s.status != "cancelled") {
        let mut stmt = conn.prepare_cached(
            "SELECT c.id, c.scheduled_date,
                    (SELECT cm.recorded_at FROM case_milestones cm JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
                      WHERE cm.case_id = c.id AND fm.name = 'patient_in')
             FROM cases c
             WHERE c.facility_id = ?1 AND c.scheduled_date = ?2 AND c.data_validated = 1 AND c.id <> ?3
               AND ((?4 IS NOT NULL AND c.or_room_id = ?4) OR (?5 IS NOT NULL AND c.surgeon_id = ?5))",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![s.facility_id, s.scheduled_date, case_id, s.or_room_id, s.surgeon_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        for row in rows {
            let row = row?;
            if !out.iter().any(|(id, _, _)| *id == row.0) {
                out.push(row);
            }
        }
    }
    out.sort_by(|a, b| (&a.1, a.2, &a.0).cmp(&(&b.1, b.2, &b.0)));
    Ok(out.into_iter().map(|(id, _, _)| id).collect())
}

/// Step 5 of the dispatcher: the case's own stats, then (for a neighbour trigger event) its neighbours',
/// taken from the case's state before and after the call. A case that no longer exists (deleted) only
/// triggers its neighbours.
pub(crate) fn on_case_event(
    call: &Call<'_>,
    case_id: &str,
    before: Option<&CaseState>,
    after: Option<&CaseState>,
    neighbour_trigger: bool,
) -> Result<()> {
    let mut recomputed: Vec<String> = Vec::new();
    if after.is_some() {
        compute_case_stats(call, case_id)?;
        recomputed.push(case_id.to_string());
    }
    // The legacy averages of the case's key, when this call completed it (§5.4).
    let completed_now = after.filter(|a| a.status == "completed" && before.is_none_or(|b| b.status != "completed"));
    if let Some((Some(s), Some(p))) = completed_now.map(|a| (&a.surgeon_id, &a.procedure_type_id))
        && !call.orbit.defer_legacy_key(s, p)
    {
        legacy::rebuild_key(call.tx, call.now, s, p)?;
    }
    if neighbour_trigger {
        let states: Vec<&CaseState> = before.into_iter().chain(after).collect();
        for y in neighbours(call.tx, case_id, &states)? {
            if compute_case_stats(call, &y)? {
                recomputed.push(y);
            }
        }
    }
    // Flag detection (flags.md §7), once every stats row is written: the event's case, and the neighbours
    // whose stats changed. A neighbour whose row is unchanged has unchanged values, and baseline drift caused
    // by other cases is not re-detected automatically (§7: use the explicit calls), so it is skipped.
    crate::flags::detect::after_write(call, &recomputed)?;
    Ok(())
}

/// Configuration inputs of §2.6 (the OR rate, the time zone, any cost category): recomputes every
/// validated case of the facility in the caller's transaction (unchanged rows are not written).
pub(crate) fn recompute_facility(call: &Call<'_>, facility: &str) -> Result<()> {
    let ids: Vec<String> = call
        .tx
        .prepare_cached(
            "SELECT id FROM cases WHERE facility_id = ?1 AND data_validated = 1 ORDER BY scheduled_date, id",
        )?
        .query_map([facility], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = Vec::new();
    for id in ids {
        if compute_case_stats(call, &id)? {
            changed.push(id);
        }
    }
    crate::flags::detect::after_write(call, &changed)?;
    Ok(())
}

/// Pricing inputs of §2.6 (financials-kpis.md §2.4): recomputes the validated cases of `procedure` in
/// `facility` — only `surgeon`'s, when given — dated on or after `from`, in the caller's transaction, then
/// re-detects the flags of the cases whose stats changed. Returns how many stats rows changed.
pub(crate) fn recompute_priced_cases(
    call: &Call<'_>,
    facility: &str,
    procedure: &str,
    surgeon: Option<&str>,
    from: &str,
) -> Result<u64> {
    let ids: Vec<String> = call
        .tx
        .prepare_cached(
            "SELECT id FROM cases WHERE facility_id = ?1 AND procedure_type_id = ?2 AND data_validated = 1
               AND (?3 IS NULL OR surgeon_id = ?3) AND scheduled_date >= ?4 ORDER BY scheduled_date, id",
        )?
        .query_map(rusqlite::params![facility, procedure, surgeon, from], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = Vec::new();
    for id in ids {
        if compute_case_stats(call, &id)? {
            changed.push(id);
        }
    }
    crate::flags::detect::after_write(call, &changed)?;
    Ok(changed.len() as u64)
}

impl Scope {
    /// Full rebuild of the per-case stats (§4.3 `refresh_stats`): every validated case of the facility (or of
    /// every facility, for global admins and the system) recomputed, rows of non-validated cases deleted. A
    /// consistent store writes nothing. Returns the number of cases examined.
    pub fn refresh_stats(&self, facility_id: Option<&str>) -> Result<u64> {
        let facility = facility_id.map(|f| values::parse_uuid("facility_id", f)).transpose()?;
        self.write("refresh_stats", |call| {
            let scope = match (&facility, call.ctx.level) {
                (Some(f), _) if !call.ctx.sees_facility(f) => return Err(Error::not_found("facility_id")),
                (_, Level::System | Level::GlobalAdmin) => facility.clone(),
                (Some(f), Level::FacilityAdmin) => Some(f.clone()),
                (None, Level::FacilityAdmin) => call.ctx.facility_id.clone(),
                _ => return Err(Error::denied("only facility admins rebuild the stats")),
            };
            call.tx.execute_cached(
                "DELETE FROM case_completion_stats WHERE (?1 IS NULL OR facility_id = ?1)
                   AND case_id IN (SELECT id FROM cases WHERE data_validated = 0 OR is_draft = 1)",
                [&scope],
            )?;
            let ids: Vec<String> = call
                .tx
                .prepare("SELECT id FROM cases WHERE (?1 IS NULL OR facility_id = ?1) AND data_validated = 1 ORDER BY scheduled_date, id")?
                .query_map([&scope], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut changed = Vec::new();
            for id in &ids {
                if compute_case_stats(call, id)? {
                    changed.push(id.clone());
                }
            }
            // Re-priced cases are re-detected; `redetect_facility_flags` re-detects everything.
            crate::flags::detect::after_write(call, &changed)?;
            Ok(ids.len() as u64)
        })
    }

    /// The stats row of a case (`None` until the case is validated).
    pub fn case_stats(&self, case_id: &str) -> Result<Option<crate::reference::Record>> {
        let id = values::parse_uuid("case_id", case_id)?;
        self.read(|conn, ctx| {
            ctx.case_facility(conn, &id, false)?;
            Ok(crate::rows::select(
                conn,
                "case_completion_stats",
                None,
                "case_id = :id",
                "id",
                &[(":id", &id)],
                crate::rows::Instants::Millis,
            )?
            .into_iter()
            .next())
        })
    }
}
