//! Rows as JSON objects, with each column rendered by its logical type (read from the schema): booleans
//! as JSON booleans, JSON columns embedded, instants as epoch ms (records) or RFC 3339 UTC with
//! milliseconds (audit values, data-model.md §7.1.3). Secret columns (`token_hash`) are never rendered.

use rusqlite::Connection;
use rusqlite::types::ValueRef;
use serde_json::{Map, Value};

use crate::error::Result;
use crate::values;

/// Columns that never leave the library.
pub(crate) const SECRET_COLUMNS: &[&str] = &["token_hash"];

/// How instants are rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Instants {
    /// UTC epoch milliseconds (the API's encoding).
    Millis,
    /// RFC 3339 UTC with milliseconds (audit values, history).
    Rfc3339,
}

/// The logical kind of a stored column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnKind {
    Plain,
    Bool,
    Instant,
    Json,
}

type Kinds = std::sync::Arc<Vec<(String, ColumnKind)>>;

/// `table`'s columns in order, with their kinds (bool = `CHECK (c IN (0, 1))`, json = `json_valid(c)`,
/// instant = an INTEGER column named `*_at`). Cached per table: every store this library opens is migrated
/// to the same embedded schema.
fn column_kinds(conn: &Connection, table: &str) -> Result<Kinds> {
    use std::collections::HashMap;
    use std::sync::{OnceLock, RwLock};
    static CACHE: OnceLock<RwLock<HashMap<String, Kinds>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(k) = cache.read().unwrap_or_else(|p| p.into_inner()).get(table) {
        return Ok(k.clone());
    }
    let kinds: Kinds = std::sync::Arc::new(read_column_kinds(conn, table)?);
    cache.write().unwrap_or_else(|p| p.into_inner()).insert(table.to_string(), kinds.clone());
    Ok(kinds)
}

fn read_column_kinds(conn: &Connection, table: &str) -> Result<Vec<(String, ColumnKind)>> {
    let sql: String = conn
        .prepare_cached("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1")?
        .query_row([table], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")?;
    let cols = stmt
        .query_map([table], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
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

/// Rows of `table` matching `where_sql` (bound to `params`), as JSON objects of the columns in
/// `projection` (all when `None`), ordered by `order_by`.
pub(crate) fn select(
    conn: &Connection,
    table: &str,
    projection: Option<&[&str]>,
    where_sql: &str,
    order_by: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
    instants: Instants,
) -> Result<Vec<Map<String, Value>>> {
    let kinds: Vec<(String, ColumnKind)> = column_kinds(conn, table)?
        .iter()
        .filter(|(c, _)| !SECRET_COLUMNS.contains(&c.as_str()))
        .filter(|(c, _)| projection.is_none_or(|p| p.contains(&c.as_str())))
        .cloned()
        .collect();
    let cols: Vec<&str> = kinds.iter().map(|(c, _)| c.as_str()).collect();
    let sql = format!("SELECT {} FROM {table} WHERE {where_sql} ORDER BY {order_by}", cols.join(", "));
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut obj = Map::new();
        for (i, (name, kind)) in kinds.iter().enumerate() {
            obj.insert(name.clone(), render(row.get_ref(i)?, *kind, instants));
        }
        out.push(obj);
    }
    Ok(out)
}

/// The full row `id` of `table` as audit JSON (`None` if absent).
pub(crate) fn audit_row(conn: &Connection, table: &str, id: &str) -> Result<Option<Map<String, Value>>> {
    Ok(select(conn, table, None, "id = :id", "id", &[(":id", &id)], Instants::Rfc3339)?.into_iter().next())
}

fn render(v: ValueRef<'_>, kind: ColumnKind, instants: Instants) -> Value {
    match (v, kind) {
        (ValueRef::Null, _) => Value::Null,
        (ValueRef::Integer(i), ColumnKind::Bool) => Value::Bool(i != 0),
        (ValueRef::Integer(i), ColumnKind::Instant) if instants == Instants::Rfc3339 => {
            Value::String(values::rfc3339_ms(i))
        }
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

/// Only the keys whose values differ between `old` and `new` (update audit rows), `updated_at` excluded.
pub(crate) fn changed(old: &Map<String, Value>, new: &Map<String, Value>) -> (Map<String, Value>, Map<String, Value>) {
    let mut o = Map::new();
    let mut n = Map::new();
    for (k, nv) in new {
        if k == "updated_at" {
            continue;
        }
        let ov = old.get(k).cloned().unwrap_or(Value::Null);
        if &ov != nv {
            o.insert(k.clone(), ov);
            n.insert(k.clone(), nv.clone());
        }
    }
    (o, n)
}

/// Column `i` of a row as borrowed text (no copy), `None` for NULL: for loaders that compare or look up a
/// value before deciding to keep it.
pub(crate) fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    r.get_ref(i)?
        .as_str_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}
