//! [`Orbit`], the store: one SQLite file (or an in-memory database), its connection settings, and the
//! transaction helpers every operation goes through.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::{ReentrantMutex, ReentrantMutexGuard};
use rusqlite::Connection;

use crate::clock::{Clock, Millis, SystemClock};
use crate::error::{Error, ErrorKind, Result};
use crate::schema::{self, Probe};

/// Default busy timeout: how long a writer waits for another writer before failing with `Storage`.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_millis(5_000);

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
        let path = path.as_ref();
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
        conn.busy_timeout(options.busy_timeout)?;
        conn.pragma_update(None, "recursive_triggers", false)?;
        schema::migrate(&mut conn)?;
        register_functions(&conn)?;
        Ok(Orbit { inner: Arc::new(Inner { conn: ReentrantMutex::new(conn), clock: options.clock, path }) })
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
            atomically(&conn, "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK", || f(&conn))
        } else {
            atomically(
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
        if conn.is_autocommit() { atomically(&conn, "BEGIN", "COMMIT", "ROLLBACK", || f(&conn)) } else { f(&conn) }
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction that every call of this thread on this store joins until
    /// `f` returns: all of its writes commit together on `Ok`, none on `Err`. Other threads wait. A batch
    /// inside a batch is part of the outer one.
    pub(crate) fn batch<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let conn = self.connection();
        if conn.is_autocommit() { atomically(&conn, "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK", f) } else { f() }
    }
}

/// Runs `begin`, `f`, then `commit` on `Ok`; `rollback` on `Err`, on a failed commit, or when `f` panics.
fn atomically<T>(
    conn: &Connection,
    begin: &str,
    commit: &str,
    rollback: &'static str,
    f: impl FnOnce() -> Result<T>,
) -> Result<T> {
    struct Undo<'a> {
        conn: &'a Connection,
        sql: Option<&'static str>,
    }
    impl Drop for Undo<'_> {
        fn drop(&mut self) {
            if let Some(sql) = self.sql {
                // Best effort: if even the rollback fails, SQLite has already rolled the transaction back.
                let _ = self.conn.execute_batch(sql);
            }
        }
    }
    conn.execute_batch(begin)?;
    let mut undo = Undo { conn, sql: Some(rollback) };
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
