//! The scoped read-only SQL session (data-model.md §6.7): arbitrary `SELECT`s over exactly what a context
//! may read.
//!
//! Mechanism: the session is a private connection whose only database is in-memory; it never has the real
//! file attached. Opening creates each relation the context may read as an empty table with the same name
//! and the visible columns. A statement is first checked on its tokens (one `SELECT`/`WITH`, no `EXPLAIN`,
//! no `main.`/`temp.` names), then prepared under a recording authorizer to learn which relations it reads;
//! those not yet copied are filled from the store (rows and columns filtered by `access::read`), and the
//! statement runs under an enforcing allow-list authorizer (SELECT, RECURSIVE, reads of the session's own
//! tables and of `json_each`/`json_tree`, and the core scalar, aggregate, window, date/time, JSON and math
//! functions). Every copy of one session comes from one read transaction, held on a dedicated read-only
//! connection of a file store until the session is dropped or refreshed, so the session is a consistent
//! snapshot (sessions are meant to be short-lived: WAL checkpoints cannot pass an open snapshot). An
//! in-memory store has no second connection: its session copies every relation when it opens.
//!
//! The five aggregate relations (lifecycle-and-stats.md §5.2) are relations of the session too, for contexts
//! that read stats rows: their rows are computed by the library from the same snapshot, for every facility
//! the context sees, so a statement over them needs no library function.

mod tokens;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use serde_json::Value;

use crate::access::matrix::TABLE_CLASSES;
use crate::access::read::{self, FilterParams, Gates};
use crate::access::{AccessContext, Scope};
use crate::clock::Millis;
use crate::error::{Error, ErrorKind, Result};
use crate::rows::SECRET_COLUMNS;
use crate::stats::aggregates;

/// Default per-statement time limit.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(30);

/// Functions a session statement may call: SQLite's core scalar, aggregate, window, date/time, JSON and
/// math functions (the math set exists when SQLite is built with `SQLITE_ENABLE_MATH_FUNCTIONS`).
pub const ALLOWED_FUNCTIONS: &[&str] = &[
    // core scalar
    "abs",
    "char",
    "coalesce",
    "concat",
    "concat_ws",
    "format",
    "glob",
    "hex",
    "if",
    "ifnull",
    "iif",
    "instr",
    "length",
    "like",
    "likelihood",
    "likely",
    "lower",
    "ltrim",
    "max",
    "min",
    "nullif",
    "octet_length",
    "printf",
    "quote",
    "random",
    "randomblob",
    "replace",
    "round",
    "rtrim",
    "sign",
    "soundex",
    "substr",
    "substring",
    "trim",
    "typeof",
    "unhex",
    "unicode",
    "unlikely",
    "upper",
    "zeroblob",
    "unistr",
    "unistr_quote",
    // aggregate
    "avg",
    "count",
    "group_concat",
    "string_agg",
    "sum",
    "total",
    "median",
    "percentile",
    "percentile_cont",
    "percentile_disc",
    // window
    "row_number",
    "rank",
    "dense_rank",
    "percent_rank",
    "cume_dist",
    "ntile",
    "lag",
    "lead",
    "first_value",
    "last_value",
    "nth_value",
    // date and time
    "date",
    "time",
    "datetime",
    "julianday",
    "unixepoch",
    "strftime",
    "timediff",
    "current_date",
    "current_time",
    "current_timestamp",
    // JSON
    "json",
    "jsonb",
    "json_array",
    "jsonb_array",
    "json_array_length",
    "json_error_position",
    "json_extract",
    "jsonb_extract",
    "->",
    "->>",
    "json_insert",
    "jsonb_insert",
    "json_object",
    "jsonb_object",
    "json_patch",
    "jsonb_patch",
    "json_pretty",
    "json_remove",
    "jsonb_remove",
    "json_replace",
    "jsonb_replace",
    "json_set",
    "jsonb_set",
    "json_type",
    "json_valid",
    "json_quote",
    "json_group_array",
    "jsonb_group_array",
    "json_group_object",
    "jsonb_group_object",
    // math
    "acos",
    "acosh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "ceil",
    "ceiling",
    "cos",
    "cosh",
    "degrees",
    "exp",
    "floor",
    "ln",
    "log",
    "log10",
    "log2",
    "mod",
    "pi",
    "pow",
    "power",
    "radians",
    "sin",
    "sinh",
    "sqrt",
    "tan",
    "tanh",
    "trunc",
];

/// Table-valued functions a statement may read.
const ALLOWED_TABLE_FUNCTIONS: &[&str] = &["json_each", "json_tree"];

/// One relation of a session: its name and columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelationInfo {
    /// The base-table name.
    pub name: String,
    /// The visible columns, in table order.
    pub columns: Vec<String>,
}

/// The result of a statement: column names and rows of JSON values (integers, reals, text, null; blobs
/// as lowercase hex text).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryResult {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Value>>,
}

#[derive(Debug)]
struct Relation {
    columns: Vec<String>,
    rows: Rows,
}

/// Where a relation's rows come from.
#[derive(Debug)]
enum Rows {
    /// The base table's rows passing this `WHERE` condition.
    Table(String),
    /// An aggregate relation (lifecycle-and-stats.md §5.2): rows computed by the library for every facility
    /// whose aggregates the context reads, from the session's snapshot.
    Aggregate,
}

/// A scoped read-only SQL session. Not shared between threads; open one per thread.
pub struct SqlSession {
    conn: Connection,
    source: Option<Connection>,
    relations: BTreeMap<String, Relation>,
    copied: BTreeSet<String>,
    params: FilterParams,
    ctx: AccessContext,
    now: Millis,
    time_limit: Duration,
    deadline: Arc<AtomicI64>,
    started: Instant,
    scope: Scope,
}

impl std::fmt::Debug for SqlSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlSession")
            .field("relations", &self.relations.keys().collect::<Vec<_>>())
            .field("copied", &self.copied)
            .field("time_limit", &self.time_limit)
            .finish()
    }
}

impl Scope {
    /// Opens a scoped read-only SQL session over exactly what this context may read.
    pub fn open_sql_session(&self) -> Result<SqlSession> {
        SqlSession::open(self.clone())
    }
}

impl SqlSession {
    fn open(scope: Scope) -> Result<SqlSession> {
        let now = scope.orbit().now_ms();
        // Resolve the context and its relations from one snapshot of the store.
        let (ctx, gates) = scope.read(|conn, ctx| Ok((ctx.clone(), Gates::of(conn, ctx)?)))?;
        let conn = Connection::open_in_memory()?;
        // Their first use performs an internal schema write that the enforcing authorizer would refuse.
        conn.execute_batch("SELECT * FROM json_each('[]'); SELECT * FROM json_tree('[]');")?;
        let source = match scope.orbit().path() {
            Some(path) => {
                let src = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                src.busy_timeout(Duration::from_secs(5))?;
                src.execute_batch("BEGIN; SELECT count(*) FROM sqlite_schema;")?;
                Some(src)
            }
            None => None,
        };
        let mut session = SqlSession {
            conn,
            source,
            relations: BTreeMap::new(),
            copied: BTreeSet::new(),
            params: FilterParams::new(&ctx, now),
            ctx: ctx.clone(),
            now,
            time_limit: DEFAULT_TIME_LIMIT,
            deadline: Arc::new(AtomicI64::new(i64::MAX)),
            started: Instant::now(),
            scope,
        };
        session.define_relations(&ctx, gates)?;
        if session.source.is_none() {
            let all: Vec<String> = session.relations.keys().cloned().collect();
            let scope = session.scope.clone();
            scope.orbit().read(|src| session.copy(src, &all))?;
        }
        session.install_progress_handler()?;
        Ok(session)
    }

    fn define_relations(&mut self, ctx: &AccessContext, gates: Gates) -> Result<()> {
        let scope = self.scope.clone();
        let relations = scope.orbit().read(|src| {
            let mut out = BTreeMap::new();
            for (table, _) in TABLE_CLASSES {
                let Some(filter) = read::row_filter(table, ctx, gates) else {
                    continue;
                };
                let all: Vec<String> = src
                    .prepare_cached("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
                    .query_map([table], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let columns: Vec<String> = all
                    .into_iter()
                    .filter(|c| !SECRET_COLUMNS.contains(&c.as_str()))
                    .filter(|c| read::projection(table, ctx).is_none_or(|p| p.contains(&c.as_str())))
                    .collect();
                out.insert(table.to_string(), Relation { columns, rows: Rows::Table(filter) });
            }
            // The aggregate relations, for contexts that read the stats rows they derive from.
            if read::row_filter("case_completion_stats", ctx, gates).is_some() {
                for name in aggregates::RELATIONS {
                    let columns = aggregates::columns(name)?.into_iter().map(str::to_string).collect();
                    out.insert(name.to_string(), Relation { columns, rows: Rows::Aggregate });
                }
            }
            Ok(out)
        })?;
        for (name, rel) in &relations {
            let cols: Vec<String> = rel.columns.iter().map(|c| format!("\"{c}\"")).collect();
            self.conn.execute_batch(&format!("CREATE TABLE \"{name}\" ({})", cols.join(", ")))?;
        }
        self.relations = relations;
        Ok(())
    }

    /// Copies the visible rows of `tables` from `src` into the session.
    fn copy(&mut self, src: &Connection, tables: &[String]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for table in tables {
            if self.copied.contains(table) {
                continue;
            }
            let Some(rel) = self.relations.get(table) else {
                continue;
            };
            let cols = rel.columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
            let placeholders = vec!["?"; rel.columns.len()].join(", ");
            let mut insert = tx.prepare(&format!("INSERT INTO \"{table}\" ({cols}) VALUES ({placeholders})"))?;
            match &rel.rows {
                Rows::Table(filter) => {
                    let select = format!("SELECT {cols} FROM main.\"{table}\" WHERE {filter}");
                    let mut read = src.prepare(&select)?;
                    let mut rows = read.query(self.params.bind(&select).as_slice())?;
                    while let Some(row) = rows.next()? {
                        let values: Vec<SqlValue> = (0..rel.columns.len())
                            .map(|i| row.get::<_, SqlValue>(i))
                            .collect::<rusqlite::Result<_>>()?;
                        insert.execute(rusqlite::params_from_iter(values))?;
                    }
                }
                Rows::Aggregate => {
                    let facilities: Vec<String> = src
                        .prepare_cached("SELECT id FROM facilities ORDER BY id")?
                        .query_map([], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?;
                    for facility in facilities.into_iter().filter(|f| aggregates::may_read(&self.ctx, f)) {
                        let Some(today) = aggregates::facility_today(src, &facility, self.now)? else {
                            continue;
                        };
                        let q = aggregates::AggregateQuery { facility_id: facility, ..Default::default() };
                        for record in aggregates::read(src, table, &q, &today)? {
                            let values: Vec<SqlValue> = rel
                                .columns
                                .iter()
                                .map(|c| json_to_sql(record.get(c).unwrap_or(&Value::Null)))
                                .collect::<Result<_>>()?;
                            insert.execute(rusqlite::params_from_iter(values))?;
                        }
                    }
                }
            }
            self.copied.insert(table.clone());
        }
        tx.commit()?;
        Ok(())
    }

    fn install_progress_handler(&mut self) -> Result<()> {
        let deadline = Arc::clone(&self.deadline);
        let started = self.started;
        self.conn.progress_handler(
            1_000,
            Some(move || started.elapsed().as_millis() as i64 > deadline.load(Ordering::Relaxed)),
        )?;
        Ok(())
    }

    /// The session's relations and their columns.
    pub fn relations(&self) -> Vec<RelationInfo> {
        self.relations.iter().map(|(name, r)| RelationInfo { name: name.clone(), columns: r.columns.clone() }).collect()
    }

    /// Sets the per-statement time limit (default 30 s); a statement running longer stops with
    /// `Interrupted`.
    pub fn set_time_limit(&mut self, limit: Duration) {
        self.time_limit = limit;
    }

    /// Runs one read-only statement (`SELECT` or `WITH … SELECT`) with optional positional parameters.
    /// Anything else — writes, DDL, ATTACH, PRAGMA, transaction control, `EXPLAIN`, several statements,
    /// `main.`/`temp.` names, `sqlite_schema`, other virtual tables or functions — is `PermissionDenied`.
    pub fn query(&mut self, sql: &str, params: &[Value]) -> Result<QueryResult> {
        tokens::check(sql)?;
        // Pass 1: learn which relations the statement reads.
        let reads = Arc::new(Mutex::new(BTreeSet::<String>::new()));
        let seen = Arc::clone(&reads);
        self.conn.authorizer(Some(move |ctx: AuthContext<'_>| {
            if let AuthAction::Read { table_name, .. } = ctx.action {
                seen.lock().unwrap_or_else(|p| p.into_inner()).insert(table_name.to_string());
            }
            Authorization::Allow
        }))?;
        let prepared = self.conn.prepare(sql).map(|_| ());
        self.conn.authorizer(None::<fn(AuthContext<'_>) -> Authorization>)?;
        prepared.map_err(statement_error)?;
        let wanted: Vec<String> = reads
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter(|t| self.relations.contains_key(*t) && !self.copied.contains(*t))
            .cloned()
            .collect();
        if !wanted.is_empty()
            && let Some(src) = self.source.take()
        {
            let copied = self.copy(&src, &wanted);
            self.source = Some(src);
            copied?;
        }
        // Pass 2: run under the allow-list (the session's relations, the statement's own CTEs).
        let mut allowed: BTreeSet<String> = self.relations.keys().cloned().collect();
        allowed.extend(tokens::cte_names(sql));
        let denied = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&denied);
        self.conn.authorizer(Some(move |ctx: AuthContext<'_>| {
            let verdict = enforce(&allowed, &ctx);
            if verdict == Authorization::Deny {
                flag.store(true, Ordering::Relaxed);
            }
            verdict
        }))?;
        let limit_ms = self.started.elapsed().as_millis() as i64 + self.time_limit.as_millis() as i64;
        self.deadline.store(limit_ms, Ordering::Relaxed);
        let result = run(&self.conn, sql, params);
        self.deadline.store(i64::MAX, Ordering::Relaxed);
        self.conn.authorizer(None::<fn(AuthContext<'_>) -> Authorization>)?;
        match result {
            Err(_) if denied.load(Ordering::Relaxed) => {
                Err(Error::denied("the statement uses something an SQL session does not allow"))
            }
            other => other,
        }
    }

    /// Re-opens the session from a new snapshot of the store (and re-validates the context).
    pub fn refresh(&mut self) -> Result<()> {
        let limit = self.time_limit;
        *self = SqlSession::open(self.scope.clone())?;
        self.time_limit = limit;
        Ok(())
    }
}

/// The enforcing authorizer: an allow-list.
fn enforce(relations: &BTreeSet<String>, ctx: &AuthContext<'_>) -> Authorization {
    match ctx.action {
        AuthAction::Select | AuthAction::Recursive => Authorization::Allow,
        AuthAction::Read { table_name, .. }
            if relations.contains(table_name) || ALLOWED_TABLE_FUNCTIONS.contains(&table_name) =>
        {
            Authorization::Allow
        }
        AuthAction::Function { function_name }
            if ALLOWED_FUNCTIONS.contains(&function_name.to_ascii_lowercase().as_str()) =>
        {
            Authorization::Allow
        }
        _ => Authorization::Deny,
    }
}

fn run(conn: &Connection, sql: &str, params: &[Value]) -> Result<QueryResult> {
    let mut stmt = conn.prepare(sql).map_err(statement_error)?;
    if !stmt.readonly() {
        return Err(Error::denied("only read-only statements run in an SQL session"));
    }
    let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let bound: Vec<SqlValue> = params.iter().map(json_to_sql).collect::<Result<_>>()?;
    if bound.len() != stmt.parameter_count() {
        return Err(Error::invalid(
            "params",
            format!("the statement takes {} parameters, {} given", stmt.parameter_count(), bound.len()),
        ));
    }
    let mut rows = stmt.query(rusqlite::params_from_iter(bound)).map_err(statement_error)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(statement_error)? {
        let mut values = Vec::with_capacity(columns.len());
        for i in 0..columns.len() {
            values.push(match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(f) => Value::from(f),
                ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Value::String(b.iter().map(|x| format!("{x:02x}")).collect()),
            });
        }
        out.push(values);
    }
    Ok(QueryResult { columns, rows: out })
}

fn json_to_sql(v: &Value) -> Result<SqlValue> {
    Ok(match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        Value::Array(_) | Value::Object(_) => SqlValue::Text(v.to_string()),
    })
}

/// Maps a statement failure: refused by the authorizer → `PermissionDenied`; interrupted → `Interrupted`;
/// a malformed statement → `InvalidInput` (SQLite's message names no data).
fn statement_error(e: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode;
    let (code, msg) = match &e {
        rusqlite::Error::SqliteFailure(err, msg) => (Some(err.code), msg.clone()),
        rusqlite::Error::SqlInputError { error, msg, .. } => (Some(error.code), Some(msg.clone())),
        rusqlite::Error::MultipleStatement => {
            return Error::denied("an SQL session runs one statement at a time");
        }
        _ => (None, None),
    };
    match (code, msg) {
        (Some(ErrorCode::AuthorizationForStatementDenied), _) => {
            Error::denied("the statement uses something an SQL session does not allow")
        }
        (Some(ErrorCode::OperationInterrupted), _) => {
            Error::new(ErrorKind::Interrupted, "the statement ran past the session's time limit")
        }
        (Some(_), Some(msg)) => Error::invalid("sql", msg),
        _ => Error::from(e),
    }
}
