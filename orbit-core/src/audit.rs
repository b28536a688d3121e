//! The audit writer and reader (data-model.md §7.1).
//!
//! Every successful public write appends its rows inside its own transaction, so a failed call leaves none.
//! Values follow §7.1.3: ids as strings, instants as RFC 3339 UTC with milliseconds, booleans as JSON
//! booleans, money as integer cents, JSON columns embedded; `token_hash` never appears. `metadata` always
//! carries `call_id` and `operation`.

pub(crate) use crate::rows::audit_row as row_values;

use rusqlite::Connection;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::{AccessContext, Call, Level};
use crate::error::Result;
use crate::values;

/// One audit row to append.
#[derive(Debug, Default)]
pub(crate) struct AuditEntry {
    pub action: String,
    pub target_type: &'static str,
    pub target_id: String,
    pub target_label: Option<String>,
    pub facility_id: Option<String>,
    pub old_values: Option<Map<String, Value>>,
    pub new_values: Option<Map<String, Value>>,
    pub metadata: Map<String, Value>,
}

/// Appends `entry` in the call's transaction.
pub(crate) fn record(call: &Call<'_>, entry: AuditEntry) -> Result<()> {
    let mut metadata = Map::new();
    metadata.insert("call_id".into(), Value::String(call.call_id.clone()));
    metadata.insert("operation".into(), Value::String(call.operation.into()));
    metadata.extend(entry.metadata);
    let json = |m: Option<Map<String, Value>>| m.map(|m| Value::Object(m).to_string());
    call.tx
        .prepare_cached(
            "INSERT INTO audit_log (id, facility_id, user_id, user_email, impersonating_user_id,
                impersonating_user_email, action, target_type, target_id, target_label, old_values,
                new_values, metadata, success, ip_address, user_agent, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, ?14, ?15, ?16)",
        )?
        .execute(rusqlite::params![
            values::new_id(),
            entry.facility_id,
            call.ctx.user_id,
            call.ctx.user_email,
            call.client.impersonating_user_id,
            call.client.impersonating_user_email,
            entry.action,
            entry.target_type,
            entry.target_id,
            entry.target_label,
            json(entry.old_values),
            json(entry.new_values),
            Value::Object(metadata).to_string(),
            call.client.ip_address,
            call.client.user_agent,
            call.now,
        ])?;
    Ok(())
}

/// Audits one row change of `table` with the generic action `<table>.<verb>`: `created` stores the new
/// row, `deleted` the old one (`old` must be given), anything else the columns that differ between `old`
/// and the row as it is now.
pub(crate) fn row_change(
    call: &Call<'_>,
    table: &'static str,
    verb: &str,
    id: &str,
    label: Option<String>,
    facility_id: Option<String>,
    old: Option<Map<String, Value>>,
) -> Result<()> {
    let (old_values, new_values) = match (verb, old) {
        ("deleted", old) => (old, None),
        (_, None) => (None, row_values(call.tx, table, id)?),
        (_, Some(old)) => {
            let new = row_values(call.tx, table, id)?.unwrap_or_default();
            let (o, n) = crate::rows::changed(&old, &new);
            (Some(o), Some(n))
        }
    };
    record(
        call,
        AuditEntry {
            action: format!("{table}.{verb}"),
            target_type: table,
            target_id: id.to_string(),
            target_label: label,
            facility_id,
            old_values,
            new_values,
            ..AuditEntry::default()
        },
    )
}

/// One audit row as a reader sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRecord {
    /// Row id.
    pub id: String,
    /// When (UTC epoch ms).
    pub created_at: i64,
    /// Acting user (`None` = system).
    pub user_id: Option<String>,
    /// Facility of the target row.
    pub facility_id: Option<String>,
    /// `<table>.<verb>` or a named action.
    pub action: String,
    /// Target table.
    pub target_type: String,
    /// Target row id.
    pub target_id: String,
    /// Human label (never patient data).
    pub target_label: Option<String>,
    /// Changed or deleted values.
    pub old_values: Option<Value>,
    /// Inserted or changed values.
    pub new_values: Option<Value>,
    /// `call_id`, `operation` and action-specific fields.
    pub metadata: Option<Value>,
}

/// Filter for [`Scope::audit_log`](crate::access::Scope::audit_log).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only rows of this facility.
    pub facility_id: Option<String>,
    /// Only rows with this action.
    pub action: Option<String>,
    /// At most this many rows, newest first (default 100, at most 10 000).
    pub limit: Option<u32>,
}

/// Reads audit rows visible to `ctx`: global admin and system all; facility admin its facility; everyone
/// else their own rows (data-model.md §6.3).
pub(crate) fn list(conn: &Connection, ctx: &AccessContext, q: &AuditQuery) -> Result<Vec<AuditRecord>> {
    let (scope_sql, scope_arg): (&str, Option<String>) = match ctx.level {
        Level::System | Level::GlobalAdmin => ("1 = 1 OR ?1 IS NULL", None),
        Level::FacilityAdmin => ("facility_id = ?1", ctx.facility_id.clone()),
        Level::Anonymous => return Ok(Vec::new()),
        _ => ("user_id = ?1", ctx.user_id.clone()),
    };
    let limit = q.limit.unwrap_or(100).min(10_000);
    let sql = format!(
        "SELECT id, created_at, user_id, facility_id, action, target_type, target_id, target_label,
                old_values, new_values, metadata
         FROM audit_log
         WHERE ({scope_sql}) AND (?2 IS NULL OR facility_id = ?2) AND (?3 IS NULL OR action = ?3)
         ORDER BY created_at DESC, id DESC LIMIT ?4"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str::<Value>(&s).ok());
    let rows = stmt.query_map(rusqlite::params![scope_arg, q.facility_id, q.action, limit], |r| {
        Ok(AuditRecord {
            id: r.get(0)?,
            created_at: r.get(1)?,
            user_id: r.get(2)?,
            facility_id: r.get(3)?,
            action: r.get(4)?,
            target_type: r.get(5)?,
            target_id: r.get(6)?,
            target_label: r.get(7)?,
            old_values: parse(r.get(8)?),
            new_values: parse(r.get(9)?),
            metadata: parse(r.get(10)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
