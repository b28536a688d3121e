//! Opening a store: new files, reopening, and the refusals that must leave a file untouched.

use orbit_core::{ErrorKind, Orbit, schema};
use rusqlite::Connection;

fn bytes(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn open_creates_a_wal_store_with_foreign_keys_and_every_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orbit.db");
    let orbit = Orbit::open(&path).unwrap();
    assert_eq!(orbit.schema_version().unwrap(), schema::latest_version());
    assert_eq!(orbit.path(), Some(path.as_path()));
    drop(orbit);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(app_id, schema::APPLICATION_ID);
}

#[test]
fn reopening_a_migrated_store_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orbit.db");
    drop(Orbit::open(&path).unwrap());
    let before: i64 =
        Connection::open(&path).unwrap().query_row("SELECT count(*) FROM milestone_types", [], |r| r.get(0)).unwrap();
    let orbit = Orbit::open(&path).unwrap();
    assert_eq!(orbit.schema_version().unwrap(), schema::latest_version());
    drop(orbit);
    let after: i64 =
        Connection::open(&path).unwrap().query_row("SELECT count(*) FROM milestone_types", [], |r| r.get(0)).unwrap();
    assert_eq!((before, after), (10, 10));
}

#[test]
fn an_empty_file_becomes_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    assert_eq!(Orbit::open(&path).unwrap().schema_version().unwrap(), schema::latest_version());
}

/// A file whose creation was cut short (or is under way in another process) after refinery committed its
/// empty history table, before the first migration: it is a new store, not another application's database.
#[test]
fn a_file_holding_only_an_empty_migration_history_becomes_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut_short.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch(&format!(
            "CREATE TABLE {}(version INT4 PRIMARY KEY, name VARCHAR(255), applied_on VARCHAR(255), checksum VARCHAR(255))",
            schema::MIGRATION_TABLE
        ))
        .unwrap();
    assert_eq!(Orbit::open(&path).unwrap().schema_version().unwrap(), schema::latest_version());
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    let content =
        b"this is a plain text file, long enough to have a header-sized prefix.....................".repeat(20);
    std::fs::write(&path, &content).unwrap();
    let err = Orbit::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage, "{err}");
    assert!(err.to_string().contains("cannot be read as an SQLite database"), "{err}");
    assert_eq!(bytes(&path), content);
}

#[test]
fn a_database_of_another_application_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');",
        )
        .unwrap();
    }
    let before = bytes(&path);
    let err = Orbit::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("not an orbit database"), "{err}");
    assert_eq!(bytes(&path), before);
    // Still not in WAL mode, and no refinery table was created.
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete");
    let n: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_database_from_a_newer_orbit_is_refused_naming_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    drop(Orbit::open(&path).unwrap());
    let future = schema::latest_version() + 40;
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (?1, 'future', '', '0')",
            [future],
        )
        .unwrap();
    }
    let before = bytes(&path);
    let err = Orbit::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let msg = err.to_string();
    assert!(msg.contains(&future.to_string()) && msg.contains(&schema::latest_version().to_string()), "{msg}");
    assert_eq!(bytes(&path), before);
}

#[test]
fn in_memory_stores_are_private_and_migrated() {
    let a = Orbit::open_in_memory().unwrap();
    let b = Orbit::open_in_memory().unwrap();
    assert_eq!(a.schema_version().unwrap(), schema::latest_version());
    assert_eq!(b.schema_version().unwrap(), schema::latest_version());
    assert_eq!(a.path(), None);
}

#[test]
fn orbit_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Orbit>();
}
