//! [`Orbit`], the store: one SQLite file (or an in-memory database), its connection settings, and the
//! transaction helpers every operation goes through.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::{ReentrantMutex, ReentrantMutexGuard};
use rusqlite::Connection;

use crate::clock::{Clock, Millis, SystemClock};
use crate::error::{Error, ErrorKind, Result};
use crate::flags::window_cache::{Pending, WindowCache};
use crate::schema::{self, Probe};

/// Default busy timeout: how long a writer waits for another writer before failing with `Storage`.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_millis(5_000);

/// Prepared statements kept per connection (every statement the library runs fits).
const STATEMENT_CACHE_CAPACITY: usize = 1024;

/// Page cache per connection, in KiB (as a negative `cache_size`).
const PAGE_CACHE_KIB: i64 = -65_536;

/// Options for opening a store.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// The library clock (default: the system clock).
    pub clock: Arc<dyn Clock>,
    /// SQLite busy timeout (default [`DEFAULT_BUSY_TIMEOUT`]).
    pub busy_timeout: Duration,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions { clock: Arc::new(SystemClock), busy_timeout: DEFAULT_BUSY_TIMEOUT }
    }
}

impl OpenOptions {
    /// Uses `clock` as the library clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }
}

/// An open orbit store. Cheap to clone (clones share one connection) and `Send + Sync`: calls are
/// serialized on its connection, and separate processes coordinate through SQLite's WAL locking.
#[derive(Debug, Clone)]
pub struct Orbit {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// Re-entrant so that the calls inside a [`Scope::batch`](crate::Scope::batch) run on the thread that
    /// holds it, in the batch's transaction.
    conn: ReentrantMutex<Connection>,
    clock: Arc<dyn Clock>,
    path: Option<PathBuf>,
    /// Inside [`Orbit::batch_deferring_detection`]: the cases whose flag detection waits for the batch's end.
    /// Only the thread holding `conn` touches it (every write holds the connection).
    deferred: parking_lot::Mutex<Option<Deferred>>,
    /// Flag detection's window facts, kept between calls (fed by the connection's hooks).
    window_cache: parking_lot::Mutex<WindowCache>,
    /// The cache's pending row changes: a rolled-back savepoint empties the cache through it.
    pending: Arc<parking_lot::Mutex<Pending>>,
}

impl Orbit {
    /// Opens (or creates) the store at `path`, applying pending migrations.
    ///
    /// A file SQLite cannot read → `Storage`; a database of another application, or one written by a
    /// newer orbit → `InvalidInput`. In those cases the file is left byte-for-byte unchanged.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let orbit = orbit_core::Orbit::open(dir.path().join("orbit.db")).unwrap();
    /// assert_eq!(orbit.schema_version().unwrap(), orbit_core::schema::latest_version());
    /// ```
    pub fn open(path: impl AsRef<Path>) -> Result<Orbit> {
        Orbit::open_with(path, OpenOptions::default())
    }

    /// [`Orbit::open`] with options.
    pub fn open_with(path: impl AsRef<Path>, options: OpenOptions) -> Result<Orbit> {
        // Several processes creating one new file at once: the WAL switch and the migrations of all but one
        // of them can meet the others' locks in ways SQLite's busy handler does not wait for (a stale
        // snapshot, a journal-mode change). Such an open starts again, until the busy timeout, and then finds
        // the file made (tests/concurrency.rs).
        let started = std::time::Instant::now();
        loop {
            match Orbit::open_once(path.as_ref(), options.clone()) {
                Err(e) if e.is_busy() && started.elapsed() < options.busy_timeout => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path, options: OpenOptions) -> Result<Orbit> {
        let probe = schema::probe(path)?;
        let conn = Connection::open(path)?;
        if probe == Probe::New {
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::new(
                    ErrorKind::Storage,
                    format!("the file system refused WAL mode (journal_mode is {mode})"),
                ));
            }
        }
        Orbit::finish_open(conn, options, Some(path.to_path_buf()))
    }

    /// A new, private in-memory store (no WAL; everything else as for a file).
    pub fn open_in_memory() -> Result<Orbit> {
        Orbit::open_in_memory_with(OpenOptions::default())
    }

    /// [`Orbit::open_in_memory`] with options.
    pub fn open_in_memory_with(options: OpenOptions) -> Result<Orbit> {
        Orbit::finish_open(Connection::open_in_memory()?, options, None)
    }

    fn finish_open(mut conn: Connection, options: OpenOptions, path: Option<PathBuf>) -> Result<Orbit> {
        conn.busy_handler(Some(busy_handler(options.busy_timeout)))?;
        // One lifecycle call runs well over rusqlite's default 16 distinct statements; with that cache every
        // call re-parsed and re-planned most of them.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE_CAPACITY);
        // Query-planner stability: plans never depend on bound values. Without it, this SQLite build (STAT4)
        // marks statements comparing a parameter with an indexed column, or with a partial index's
        // condition, to be re-prepared whenever that parameter changes: nearly every cached statement was
        // parsed and planned again on every call.
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        // A 64 MiB page cache (SQLite's default is 2 MiB): the stats steps read a day's and a key's rows.
        conn.pragma_update(None, "cache_size", PAGE_CACHE_KIB)?;
        conn.pragma_update(None, "recursive_triggers", false)?;
        // Savepoint and statement journals in memory: inside a batch every call is a savepoint, and with the
        // default (a temporary file past 64 KiB) about 12 % of a batched lifecycle went to writing that file.
        // They hold only the pages one call changes, and are dropped when it ends.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        schema::migrate(&mut conn)?;
        register_functions(&conn)?;
        let window_cache = WindowCache::default();
        window_cache.install(&mut conn)?;
        let pending = window_cache.pending();
        Ok(Orbit {
            inner: Arc::new(Inner {
                conn: ReentrantMutex::new(conn),
                clock: options.clock,
                path,
                deferred: parking_lot::Mutex::new(None),
                window_cache: parking_lot::Mutex::new(window_cache),
                pending,
            }),
        })
    }

    /// The file this store lives in (`None` for an in-memory store).
    pub fn path(&self) -> Option<&Path> {
        self.inner.path.as_deref()
    }

    /// The store's newest applied migration version.
    pub fn schema_version(&self) -> Result<i64> {
        self.read(|conn| Ok(schema::applied_versions(conn)?.last().copied().unwrap_or(0)))
    }

    /// The library clock's current reading.
    pub fn now_ms(&self) -> Millis {
        self.inner.clock.now_ms()
    }

    fn connection(&self) -> ReentrantMutexGuard<'_, Connection> {
        self.inner.conn.lock()
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: commits on `Ok`, rolls back on `Err` (or a panic).
    /// Inside a batch the call is a savepoint of the batch's transaction instead, so a failed call still
    /// writes nothing and the batch decides whether to go on.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.connection();
        if conn.is_autocommit() {
            atomically(&self.inner.pending, &conn, "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK", || f(&conn))
        } else {
            atomically(
                &self.inner.pending,
                &conn,
                "SAVEPOINT orbit_call",
                "RELEASE orbit_call",
                "ROLLBACK TO orbit_call; RELEASE orbit_call",
                || f(&conn),
            )
        }
    }

    /// Runs `f` in one read transaction (a consistent snapshot); inside a batch, in the batch's transaction
    /// (so it sees the batch's writes).
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.connection();
        if conn.is_autocommit() {
            atomically(&self.inner.pending, &conn, "BEGIN", "COMMIT", "ROLLBACK", || f(&conn))
        } else {
            f(&conn)
        }
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction that every call of this thread on this store joins until
    /// `f` returns: all of its writes commit together on `Ok`, none on `Err`. Other threads wait. A batch
    /// inside a batch is part of the outer one.
    pub(crate) fn batch<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let conn = self.connection();
        if conn.is_autocommit() {
            atomically(&self.inner.pending, &conn, "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK", f)
        } else {
            f()
        }
    }

    /// [`Orbit::batch`] for bulk work: flag detection of the cases the batch's calls touch runs once, over all
    /// of them, just before the batch commits — one pass with one window per date instead of one window load
    /// per case (ADR 0006). Inside a batch that does not defer, detection is not deferred.
    pub(crate) fn batch_deferring_detection<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let conn = self.connection();
        if !conn.is_autocommit() {
            return f();
        }
        struct Reset<'a>(&'a parking_lot::Mutex<Option<Deferred>>);
        impl Drop for Reset<'_> {
            fn drop(&mut self) {
                *self.0.lock() = None;
            }
        }
        *self.inner.deferred.lock() = Some(Deferred::default());
        let _reset = Reset(&self.inner.deferred);
        atomically(&self.inner.pending, &conn, "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK", || {
            let out = f()?;
            let Deferred { mut cases, mut keys } = self.inner.deferred.lock().take().unwrap_or_default();
            let now = self.now_ms();
            keys.sort_unstable();
            keys.dedup();
            for (surgeon, procedure) in &keys {
                crate::stats::legacy::rebuild_key(&conn, now, surgeon, procedure)?;
            }
            cases.sort_unstable();
            cases.dedup();
            crate::flags::detect::detect_cases(&conn, &self.inner.window_cache, &cases, now)?;
            Ok(out)
        })
    }

    /// The connection's flag-detection window cache.
    pub(crate) fn window_cache(&self) -> &parking_lot::Mutex<WindowCache> {
        &self.inner.window_cache
    }

    /// Inside [`Orbit::batch_deferring_detection`], queues `ids` for the batch's detection pass and returns
    /// `true`; elsewhere returns `false` (the caller detects now).
    pub(crate) fn defer_detection(&self, ids: &[String]) -> bool {
        match self.inner.deferred.lock().as_mut() {
            Some(queue) => {
                queue.cases.extend_from_slice(ids);
                true
            }
            None => false,
        }
    }

    /// Inside [`Orbit::batch_deferring_detection`], queues the legacy averages key (surgeon, procedure) for a
    /// rebuild when the batch ends and returns `true`; elsewhere returns `false` (the caller rebuilds now).
    pub(crate) fn defer_legacy_key(&self, surgeon: &str, procedure: &str) -> bool {
        match self.inner.deferred.lock().as_mut() {
            Some(queue) => {
                queue.keys.push((surgeon.to_string(), procedure.to_string()));
                true
            }
            None => false,
        }
    }
}

/// Work a [`Orbit::batch_deferring_detection`] batch runs once, when its calls are done: the legacy averages
/// keys its calls completed cases of, then flag detection of the cases whose stats they changed.
#[derive(Debug, Default)]
struct Deferred {
    cases: Vec<String>,
    keys: Vec<(String, String)>,
}

/// Runs `begin`, `f`, then `commit` on `Ok`; `rollback` on `Err`, on a failed commit, or when `f` panics.
/// A rollback also empties the window cache (SQLite reports a savepoint's rollback to no hook).
fn atomically<T>(
    pending: &parking_lot::Mutex<Pending>,
    conn: &Connection,
    begin: &str,
    commit: &str,
    rollback: &'static str,
    f: impl FnOnce() -> Result<T>,
) -> Result<T> {
    struct Undo<'a> {
        conn: &'a Connection,
        pending: &'a parking_lot::Mutex<Pending>,
        sql: Option<&'static str>,
    }
    impl Drop for Undo<'_> {
        fn drop(&mut self) {
            if let Some(sql) = self.sql {
                // Best effort: if even the rollback fails, SQLite has already rolled the transaction back.
                let _ = self.conn.execute_batch(sql);
                self.pending.lock().flush();
            }
        }
    }
    conn.execute_batch(begin)?;
    let mut undo = Undo { conn, pending, sql: Some(rollback) };
    let out = f()?;
    conn.execute_batch(commit)?;
    undo.sql = None;
    Ok(out)
}

/// SQL functions the library's own statements use, so that `INSERT … SELECT` copies (provisioning) run
/// the same Rust rules without a round trip per row: `orbit_new_id()` returns a new UUIDv7 text id;
/// `orbit_phase_group(name)` is [`phase_group_for`](crate::milestones::rules::phase_group_for).
fn register_functions(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function("orbit_new_id", 0, FunctionFlags::SQLITE_UTF8, |_| Ok(crate::values::new_id()))?;
    conn.create_scalar_function(
        "orbit_phase_group",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let name: Option<String> = ctx.get(0)?;
            Ok(name.and_then(|n| crate::milestones::rules::phase_group_for(&n)))
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(orbit: &Orbit) -> i64 {
        orbit.read(|c| Ok(c.query_row("SELECT count(*) FROM user_roles", [], |r| r.get(0))?)).unwrap()
    }

    #[test]
    fn write_commits_on_ok_and_rolls_back_on_err() {
        let orbit = Orbit::open_in_memory().unwrap();
        let insert = |tx: &Connection, name: &str| -> Result<()> {
            tx.execute(
                "INSERT INTO user_roles (id, name, created_at) VALUES (?1, ?2, 0)",
                [crate::values::new_id(), name.to_string()],
            )?;
            Ok(())
        };
        let before = count(&orbit);
        orbit.write(|tx| insert(tx, "scrub_nurse")).unwrap();
        assert_eq!(count(&orbit), before + 1);
        let err = orbit
            .write(|tx| {
                insert(tx, "perfusionist")?;
                Err::<(), _>(Error::invalid("name", "refused on purpose"))
            })
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert_eq!(count(&orbit), before + 1, "the failed call wrote nothing");
    }
}

#[cfg(test)]
mod statement_cache_tests {
    use super::*;
    use crate::reference::{ListOptions, RefTable};

    /// Statements of a few complete lifecycles (stats, neighbours, legacy averages included) are prepared
    /// once and then reused: none is re-prepared when its parameters change (QPSG), and the cache holds them
    /// all.
    #[test]
    fn lifecycle_statements_are_prepared_once() {
        let orbit = Orbit::open_in_memory().unwrap();
        let ga = orbit
            .bootstrap_global_admin(crate::NewUser {
                first_name: "G".into(),
                last_name: "A".into(),
                ..Default::default()
            })
            .unwrap();
        let g = orbit.as_user(&ga.id).unwrap();
        let nf = crate::NewFacility { name: "F".into(), ..Default::default() };
        let f = g.provision_facility(crate::FacilityTarget::New(nf), Default::default()).unwrap().facility_id;
        let fields = serde_json::json!({"facility_id": f, "name": "P"}).as_object().unwrap().clone();
        let procedure = g.create(RefTable::ProcedureTypes, &fields).unwrap()["id"].as_str().unwrap().to_string();
        let options = ListOptions { facility_id: Some(f.clone()), ..Default::default() };
        let ms = g.list(RefTable::FacilityMilestones, &options).unwrap();
        let id = |n: &str| ms.iter().find(|m| m["name"] == n).unwrap()["id"].as_str().unwrap().to_string();
        for i in 0..6 {
            let case = g
                .create_case(crate::NewCase {
                    facility_id: Some(f.clone()),
                    case_number: format!("C{i}"),
                    scheduled_date: "2020-02-10".into(),
                    start_time: Some("07:00".into()),
                    procedure_type_id: Some(procedure.clone()),
                    ..Default::default()
                })
                .unwrap();
            let start = 1_581_336_000_000 + i * 3 * 3_600_000;
            for (k, m) in ["patient_in", "incision", "closing", "patient_out"].iter().enumerate() {
                g.record_milestone(&case, &id(m), Some(start + k as i64 * 20 * 60_000), None).unwrap();
            }
        }
        let conn = orbit.connection();
        let (mut statements, mut reprepared) = (0, Vec::new());
        // SAFETY: the handle is this live connection's; sqlite3_next_stmt only walks its statement list, and
        // nothing else uses the connection while the lock is held.
        unsafe {
            use rusqlite::ffi;
            let db = conn.handle();
            let mut stmt = ffi::sqlite3_next_stmt(db, std::ptr::null_mut());
            while !stmt.is_null() {
                statements += 1;
                if ffi::sqlite3_stmt_status(stmt, ffi::SQLITE_STMTSTATUS_REPREPARE, 0) > 0 {
                    reprepared.push(std::ffi::CStr::from_ptr(ffi::sqlite3_sql(stmt)).to_string_lossy().into_owned());
                }
                stmt = ffi::sqlite3_next_stmt(db, stmt);
            }
        }
        assert!(reprepared.is_empty(), "re-prepared statements: {reprepared:#?}");
        assert!(statements < STATEMENT_CACHE_CAPACITY / 2, "{statements} statements: raise the cache capacity");
    }
}

/// The connection's busy handler: waits for another connection's write lock in short, jittered sleeps (1–2 ms)
/// until `timeout` has passed since the first try, then gives up (`Storage`). SQLite has no queue for the
/// write lock, and its own timeout handler backs off to 100 ms sleeps: under back-to-back writes from several
/// processes, a waiting writer kept losing the lock to the others until its timeout ran out
/// (`tests/concurrency.rs`, docs/RELIABILITY.md §2).
fn busy_handler(timeout: Duration) -> impl FnMut(i32) -> bool + Send + 'static {
    let mut started = std::time::Instant::now();
    let mut jitter = u64::from(std::process::id()) ^ 0x9E37_79B9_7F4A_7C15;
    move |tries| {
        if tries == 0 {
            started = std::time::Instant::now();
        }
        if started.elapsed() >= timeout {
            return false;
        }
        jitter ^= jitter << 13;
        jitter ^= jitter >> 7;
        jitter ^= jitter << 17;
        std::thread::sleep(Duration::from_micros(1_000 + jitter % 1_000));
        true
    }
}

/// `query_row` and `execute` through the connection's statement cache: the library's SQL is fixed text, so a
/// statement is parsed and planned once per connection instead of once per call (parsing was a tenth of a
/// lifecycle call). Dynamic SQL (built with `format!`) keeps the plain methods.
pub(crate) trait Cached {
    /// [`Connection::query_row`], cached.
    fn query_row_cached<T, P: rusqlite::Params, F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T>;
    /// [`Connection::execute`], cached.
    fn execute_cached<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;
}

impl Cached for Connection {
    fn query_row_cached<T, P: rusqlite::Params, F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    fn execute_cached<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }
}
