//! The audit writer and reader (data-model.md §7.1).
//!
//! Every successful public write appends its rows inside its own transaction, so a failed call leaves none.
//! Values follow §7.1.3: ids as strings, instants as RFC 3339 UTC with milliseconds, booleans as JSON
//! booleans, money as integer cents, JSON columns embedded; `token_hash` never appears. `metadata` always
//! carries `call_id` and `operation`.

use rusqlite::Connection;
use rusqlite::types::ValueRef;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::{AccessContext, Call, Level};
use crate::error::Result;
use crate::values;

/// Columns that never reach an audit row.
const SECRET_COLUMNS: &[&str] = &["token_hash"];

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

/// How a column's stored value is rendered in audit JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnKind {
    Plain,
    Bool,
    Instant,
    Json,
}

/// The kinds of `table`'s columns, read from the schema (bool = `CHECK (c IN (0, 1))`, json =
/// `json_valid(c)`, instant = an INTEGER column named `*_at`).
fn column_kinds(conn: &Connection, table: &str) -> Result<Vec<(String, ColumnKind)>> {
    let sql: String = conn
        .prepare_cached("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1")?
        .query_row([table], |r| r.get(0))?;
    let mut stmt =
        conn.prepare_cached("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")?;
    let cols = stmt
        .query_map([table], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols
        .into_iter()
        .map(|(name, ty)| {
            let kind = if sql.contains(&format!("CHECK ({name} IN (0, 1))")) {
                ColumnKind::Bool
            } else if sql.contains(&format!("json_valid({name})")) {
                ColumnKind::Json
            } else if ty == "INTEGER" && name.ends_with("_at") {
                ColumnKind::Instant
            } else {
                ColumnKind::Plain
            };
            (name, kind)
        })
        .collect())
}

/// The full row `id` of `table` as audit JSON (`None` if absent).
pub(crate) fn row_values(
    conn: &Connection,
    table: &str,
    id: &str,
) -> Result<Option<Map<String, Value>>> {
    let kinds = column_kinds(conn, table)?;
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
    let mut rows = stmt.query([id])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let mut out = Map::new();
    for (i, (name, kind)) in kinds.iter().enumerate() {
        if SECRET_COLUMNS.contains(&name.as_str()) {
            continue;
        }
        out.insert(name.clone(), audit_value(row.get_ref(i)?, *kind));
    }
    Ok(Some(out))
}

fn audit_value(v: ValueRef<'_>, kind: ColumnKind) -> Value {
    match (v, kind) {
        (ValueRef::Null, _) => Value::Null,
        (ValueRef::Integer(i), ColumnKind::Bool) => Value::Bool(i != 0),
        (ValueRef::Integer(i), ColumnKind::Instant) => Value::String(values::rfc3339_ms(i)),
        (ValueRef::Integer(i), _) => Value::from(i),
        (ValueRef::Real(f), _) => Value::from(f),
        (ValueRef::Text(t), ColumnKind::Json) => {
            let s = String::from_utf8_lossy(t);
            serde_json::from_str(&s).unwrap_or(Value::String(s.into_owned()))
        }
        (ValueRef::Text(t), _) => Value::String(String::from_utf8_lossy(t).into_owned()),
        (ValueRef::Blob(_), _) => Value::Null,
    }
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
pub(crate) fn list(
    conn: &Connection,
    ctx: &AccessContext,
    q: &AuditQuery,
) -> Result<Vec<AuditRecord>> {
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
    let rows = stmt.query_map(
        rusqlite::params![scope_arg, q.facility_id, q.action, limit],
        |r| {
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
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
