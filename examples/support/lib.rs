//! Helpers shared by the runnable examples and the benches of the orbit workspace.

/// The embedded default database file the examples use when no path is given.
pub const DEFAULT_DB: &str = "orbit-demo.db";

/// The database path from the first command-line argument, or [`DEFAULT_DB`].
pub fn db_path_from_args() -> std::path::PathBuf {
    std::env::args_os().nth(1).map(Into::into).unwrap_or_else(|| DEFAULT_DB.into())
}
