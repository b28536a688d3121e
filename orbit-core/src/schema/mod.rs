//! The embedded schema: refinery migrations from `migrations/`, the probe that runs before anything is
//! written, and constants the rest of the crate keys on.
//!
//! Opening order (data-model.md §1.1): probe the file read-only (a foreign or newer file is refused and left
//! byte-for-byte unchanged), then switch to WAL, then apply pending migrations with `foreign_keys=OFF`, check
//! `PRAGMA foreign_key_check`, and turn foreign keys back on.

use std::collections::BTreeSet;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::error::{Error, ErrorKind, Result};

mod embedded {
    refinery::embed_migrations!("../migrations");
}

/// `PRAGMA application_id` of an orbit database: 0x4F524254, "ORBT" (set by the first migration).
pub const APPLICATION_ID: i32 = 0x4F52_4254;

/// Name of refinery's bookkeeping table (exempt from orbit's conventions, never a session relation).
pub const MIGRATION_TABLE: &str = "refinery_schema_history";

/// The 25 tables of the soft-delete family (data-model.md §4.1): each has `is_active`, `deleted_at`,
/// `deleted_by` and a `<table>_soft_delete_sync_trigger`.
pub const SOFT_DELETE_TABLES: [&str; 25] = [
    "body_regions",
    "cancellation_reason_templates",
    "cancellation_reasons",
    "complexities",
    "complexity_templates",
    "cost_categories",
    "cost_category_templates",
    "delay_types",
    "facility_milestones",
    "facility_phases",
    "flag_rules",
    "implant_companies",
    "milestone_templates",
    "milestone_types",
    "or_rooms",
    "patients",
    "payer_templates",
    "payers",
    "preop_checklist_field_templates",
    "preop_checklist_fields",
    "procedure_categories",
    "procedure_type_templates",
    "procedure_types",
    "surgeon_procedure_duration",
    "users",
];

/// Versions of the migrations compiled into this library, ascending.
pub fn embedded_versions() -> Vec<i64> {
    let mut v: Vec<i64> =
        embedded::migrations::runner().get_migrations().iter().map(|m| i64::from(m.version())).collect();
    v.sort_unstable();
    v
}

/// The newest schema version this library knows.
pub fn latest_version() -> i64 {
    embedded_versions().last().copied().unwrap_or(0)
}

/// What the read-only probe found at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Probe {
    /// No file, an empty file, or a database without tables: becomes a new store.
    New,
    /// An orbit database with these applied migration versions (all known to this library).
    Orbit { applied: Vec<i64> },
}

/// Inspects `path` without writing to it.
pub(crate) fn probe(path: &Path) -> Result<Probe> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Probe::New),
        Err(e) => {
            return Err(Error::new(ErrorKind::Storage, format!("cannot read the database file: {e}")));
        }
        Ok(m) if m.is_dir() => {
            return Err(Error::invalid("path", "is a directory, not a database file"));
        }
        Ok(m) if m.len() == 0 => return Ok(Probe::New),
        Ok(_) => {}
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(not_a_database)?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).map_err(not_a_database)?;
    if tables == 0 {
        return Ok(Probe::New);
    }
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    // refinery commits its (empty) history table before the first migration's transaction: a file holding
    // only that table is one whose creation is under way in another connection, or was cut short.
    let others: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE name <> ?1 AND name NOT LIKE 'sqlite_%'",
        [MIGRATION_TABLE],
        |r| r.get(0),
    )?;
    if app_id == 0 && others == 0 && applied_versions(&conn)?.is_empty() {
        return Ok(Probe::New);
    }
    if app_id != APPLICATION_ID {
        return Err(Error::invalid(
            "path",
            format!("not an orbit database (application_id {app_id}, expected {APPLICATION_ID})"),
        ));
    }
    let applied = applied_versions(&conn)?;
    let known: BTreeSet<i64> = embedded_versions().into_iter().collect();
    if let Some(unknown) = applied.iter().copied().filter(|v| !known.contains(v)).max() {
        return Err(Error::invalid(
            "path",
            format!(
                "the database has schema version {unknown}, but this library knows versions up to {}; \
                 open it with a newer orbit",
                latest_version()
            ),
        ));
    }
    Ok(Probe::Orbit { applied })
}

fn not_a_database(e: rusqlite::Error) -> Error {
    Error::new(ErrorKind::Storage, format!("the file cannot be read as an SQLite database ({e})"))
}

/// Applied migration versions (empty if refinery's table does not exist yet).
pub(crate) fn applied_versions(conn: &Connection) -> Result<Vec<i64>> {
    let has_table: Option<i64> = conn
        .query_row("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1", [MIGRATION_TABLE], |r| r.get(0))
        .optional()?;
    if has_table.is_none() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare("SELECT version FROM refinery_schema_history ORDER BY version")?;
    let rows = stmt.query_map([], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Applies every pending migration in one transaction, with foreign keys off during the run and a
/// `foreign_key_check` after it (data-model.md §1.1.5). Leaves `foreign_keys=ON`.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let pending = {
        let applied: BTreeSet<i64> = applied_versions(conn)?.into_iter().collect();
        embedded_versions().into_iter().any(|v| !applied.contains(&v))
    };
    if pending {
        conn.pragma_update(None, "foreign_keys", false)?;
        let run = embedded::migrations::runner().set_grouped(true).run(conn);
        let fk_violations: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        if let Err(e) = run {
            // Two processes opening a new file at once both see the migrations pending; the one that loses the
            // race fails (its snapshot is stale, or the tables now exist). Once the winner has committed
            // (taking the write lock waits for it), every migration may be applied: then there is nothing
            // left to do.
            conn.execute_batch("BEGIN IMMEDIATE")?;
            let applied = applied_versions(conn);
            conn.execute_batch("ROLLBACK")?;
            let applied: BTreeSet<i64> = applied?.into_iter().collect();
            if !embedded_versions().into_iter().all(|v| applied.contains(&v)) {
                return Err(e.into());
            }
            return Ok(());
        }
        if fk_violations > 0 {
            return Err(Error::new(
                ErrorKind::Storage,
                format!("migration left {fk_violations} foreign-key violations"),
            ));
        }
    }
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

#[cfg(test)]
mod tests;
