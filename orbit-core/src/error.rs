//! Errors: a rich internal [`Error`] and the small public [`ErrorKind`] with its stable numeric codes.
//!
//! Every binding maps [`ErrorKind::code`] one-to-one (Python exception `.code`, Node `err.code`, C return
//! status). The codes are the 1-based positions of the kinds in `lifecycle-and-stats.md` §0 C7: new kinds are
//! appended, never renumbered. `error_codes_are_pinned` in this module's tests fixes the table.
//!
//! Messages say what was wrong and what is allowed. They name parameters and rules, never values of patient
//! columns.

use std::fmt;

/// The public category of an error. Stable: match on it, or on its numeric [`code`](ErrorKind::code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum ErrorKind {
    /// The row does not exist, or is outside the caller's access context (indistinguishable on purpose).
    NotFound = 1,
    /// The caller may see the row or relation but not perform this operation.
    PermissionDenied = 2,
    /// A parameter is malformed, out of range, archived, or violates a constraint.
    InvalidInput = 3,
    /// A unique key is already taken, or the change conflicts with existing rows.
    Conflict = 4,
    /// The operation does not apply to the current state of the row.
    InvalidState = 5,
    /// The case status transition is not in the transition matrix.
    InvalidStatusTransition = 6,
    /// The case is a draft.
    CaseIsDraft = 7,
    /// The case is cancelled.
    CaseCancelled = 8,
    /// The case is not a draft.
    NotADraft = 9,
    /// The case is not completed.
    NotCompleted = 10,
    /// The milestone is not part of the case.
    MilestoneNotFound = 11,
    /// The milestone has not been recorded.
    MilestoneNotRecorded = 12,
    /// A timestamp lies in the future.
    FutureTimestamp = 13,
    /// Cancelling needs a cancellation reason.
    CancellationReasonRequired = 14,
    /// The person is already on the case's staff.
    DuplicateStaff = 15,
    /// No milestone template applies to the case.
    NoMilestoneTemplate = 16,
    /// The milestone template has no milestones.
    EmptyTemplate = 17,
    /// The milestone template breaks a structure rule.
    InvalidTemplateStructure = 18,
    /// The default milestone template cannot be archived.
    TemplateIsDefault = 19,
    /// The milestone template is used by an active procedure type.
    TemplateInUse = 20,
    /// Not enough cases for the requested computation.
    InsufficientCases = 21,
    /// A statement was stopped by the SQL-session time limit.
    Interrupted = 22,
    /// The database failed: busy timeout, I/O, corruption, or any other SQLite error.
    Storage = 23,
}

impl ErrorKind {
    /// Every kind, in code order.
    pub const ALL: [ErrorKind; 23] = [
        ErrorKind::NotFound,
        ErrorKind::PermissionDenied,
        ErrorKind::InvalidInput,
        ErrorKind::Conflict,
        ErrorKind::InvalidState,
        ErrorKind::InvalidStatusTransition,
        ErrorKind::CaseIsDraft,
        ErrorKind::CaseCancelled,
        ErrorKind::NotADraft,
        ErrorKind::NotCompleted,
        ErrorKind::MilestoneNotFound,
        ErrorKind::MilestoneNotRecorded,
        ErrorKind::FutureTimestamp,
        ErrorKind::CancellationReasonRequired,
        ErrorKind::DuplicateStaff,
        ErrorKind::NoMilestoneTemplate,
        ErrorKind::EmptyTemplate,
        ErrorKind::InvalidTemplateStructure,
        ErrorKind::TemplateIsDefault,
        ErrorKind::TemplateInUse,
        ErrorKind::InsufficientCases,
        ErrorKind::Interrupted,
        ErrorKind::Storage,
    ];

    /// The stable numeric code shared by every language.
    pub fn code(self) -> i32 {
        self as i32
    }

    /// The kind with this code, if any.
    pub fn from_code(code: i32) -> Option<ErrorKind> {
        ErrorKind::ALL.get(usize::try_from(code).ok()?.checked_sub(1)?).copied()
    }

    /// The kind's name as written in the specification (`"NotFound"`, …); bindings use it for class names.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "NotFound",
            ErrorKind::PermissionDenied => "PermissionDenied",
            ErrorKind::InvalidInput => "InvalidInput",
            ErrorKind::Conflict => "Conflict",
            ErrorKind::InvalidState => "InvalidState",
            ErrorKind::InvalidStatusTransition => "InvalidStatusTransition",
            ErrorKind::CaseIsDraft => "CaseIsDraft",
            ErrorKind::CaseCancelled => "CaseCancelled",
            ErrorKind::NotADraft => "NotADraft",
            ErrorKind::NotCompleted => "NotCompleted",
            ErrorKind::MilestoneNotFound => "MilestoneNotFound",
            ErrorKind::MilestoneNotRecorded => "MilestoneNotRecorded",
            ErrorKind::FutureTimestamp => "FutureTimestamp",
            ErrorKind::CancellationReasonRequired => "CancellationReasonRequired",
            ErrorKind::DuplicateStaff => "DuplicateStaff",
            ErrorKind::NoMilestoneTemplate => "NoMilestoneTemplate",
            ErrorKind::EmptyTemplate => "EmptyTemplate",
            ErrorKind::InvalidTemplateStructure => "InvalidTemplateStructure",
            ErrorKind::TemplateIsDefault => "TemplateIsDefault",
            ErrorKind::TemplateInUse => "TemplateInUse",
            ErrorKind::InsufficientCases => "InsufficientCases",
            ErrorKind::Interrupted => "Interrupted",
            ErrorKind::Storage => "Storage",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The library's error: a kind plus a message, or a wrapped lower-level failure that maps to a kind.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A domain error raised by orbit's own checks.
    #[error("{message}")]
    Domain {
        /// Public category.
        kind: ErrorKind,
        /// What was wrong and what is allowed (never patient data).
        message: String,
    },
    /// SQLite reported an error (constraint failures map to domain kinds, see [`Error::kind`]).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Applying the embedded migrations failed.
    #[error("migration failed: {0}")]
    Migration(#[from] refinery::Error),
    /// A JSON value could not be encoded or decoded.
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Result alias used throughout orbit.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A domain error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error::Domain { kind, message: message.into() }
    }

    /// `NotFound` for parameter `param`: the message never says whether the row exists elsewhere.
    pub fn not_found(param: &str) -> Self {
        Error::new(ErrorKind::NotFound, format!("{param}: not found"))
    }

    /// `InvalidInput` for parameter `param` breaking `rule`.
    pub fn invalid(param: &str, rule: impl fmt::Display) -> Self {
        Error::new(ErrorKind::InvalidInput, format!("{param}: {rule}"))
    }

    /// `PermissionDenied` with a reason.
    pub fn denied(reason: impl Into<String>) -> Self {
        Error::new(ErrorKind::PermissionDenied, reason)
    }

    /// `Conflict` with a reason.
    pub fn conflict(reason: impl Into<String>) -> Self {
        Error::new(ErrorKind::Conflict, reason)
    }

    /// The public kind. Constraint failures that reach SQLite despite the library's checks map as
    /// data-model.md §6.2.6 says: UNIQUE/PRIMARY KEY → `Conflict`; CHECK, NOT NULL, datatype and trigger
    /// aborts → `InvalidInput`; FOREIGN KEY → `NotFound`; an interrupted statement → `Interrupted`;
    /// everything else → `Storage`.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Domain { kind, .. } => *kind,
            Error::Sqlite(e) => sqlite_kind(e),
            Error::Migration(_) => ErrorKind::Storage,
            Error::Json(_) => ErrorKind::InvalidInput,
        }
    }

    /// The stable numeric code of [`kind`](Error::kind).
    pub fn code(&self) -> i32 {
        self.kind().code()
    }

    /// Whether SQLite refused for a lock another connection held (busy, locked), with no wait left.
    pub(crate) fn is_busy(&self) -> bool {
        use rusqlite::ffi::ErrorCode;
        matches!(self, Error::Sqlite(rusqlite::Error::SqliteFailure(err, _))
            if matches!(err.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
    }
}

fn sqlite_kind(e: &rusqlite::Error) -> ErrorKind {
    use rusqlite::ffi;
    match e {
        rusqlite::Error::SqliteFailure(err, _) => match err.extended_code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => ErrorKind::Conflict,
            ffi::SQLITE_CONSTRAINT_CHECK
            | ffi::SQLITE_CONSTRAINT_NOTNULL
            | ffi::SQLITE_CONSTRAINT_DATATYPE
            | ffi::SQLITE_CONSTRAINT_TRIGGER => ErrorKind::InvalidInput,
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::NotFound,
            _ if err.code == ffi::ErrorCode::OperationInterrupted => ErrorKind::Interrupted,
            _ => ErrorKind::Storage,
        },
        rusqlite::Error::ToSqlConversionFailure(_)
        | rusqlite::Error::InvalidParameterName(_)
        | rusqlite::Error::InvalidParameterCount(..) => ErrorKind::InvalidInput,
        _ => ErrorKind::Storage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_pinned() {
        // The table of lifecycle-and-stats.md §0 C7. Changing a line here breaks every binding's users.
        let expected = [
            (1, "NotFound"),
            (2, "PermissionDenied"),
            (3, "InvalidInput"),
            (4, "Conflict"),
            (5, "InvalidState"),
            (6, "InvalidStatusTransition"),
            (7, "CaseIsDraft"),
            (8, "CaseCancelled"),
            (9, "NotADraft"),
            (10, "NotCompleted"),
            (11, "MilestoneNotFound"),
            (12, "MilestoneNotRecorded"),
            (13, "FutureTimestamp"),
            (14, "CancellationReasonRequired"),
            (15, "DuplicateStaff"),
            (16, "NoMilestoneTemplate"),
            (17, "EmptyTemplate"),
            (18, "InvalidTemplateStructure"),
            (19, "TemplateIsDefault"),
            (20, "TemplateInUse"),
            (21, "InsufficientCases"),
            (22, "Interrupted"),
            (23, "Storage"),
        ];
        let actual: Vec<(i32, &str)> = ErrorKind::ALL.iter().map(|k| (k.code(), k.name())).collect();
        assert_eq!(actual, expected);
        for (code, _) in expected {
            assert_eq!(ErrorKind::from_code(code).unwrap().code(), code);
        }
        assert_eq!(ErrorKind::from_code(0), None);
        assert_eq!(ErrorKind::from_code(24), None);
        assert_eq!(ErrorKind::from_code(-1), None);
    }

    #[test]
    fn constraint_failures_map_to_kinds() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             CREATE TABLE p (id TEXT PRIMARY KEY) STRICT;
             CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL CHECK (n > 0),
                             p TEXT REFERENCES p(id)) STRICT;
             INSERT INTO t VALUES ('a', 1, NULL);",
        )
        .unwrap();
        let kind = |sql: &str| Error::from(conn.execute(sql, []).unwrap_err()).kind();
        assert_eq!(kind("INSERT INTO t VALUES ('a', 1, NULL)"), ErrorKind::Conflict);
        assert_eq!(kind("INSERT INTO t VALUES ('b', 0, NULL)"), ErrorKind::InvalidInput);
        assert_eq!(kind("INSERT INTO t VALUES ('b', NULL, NULL)"), ErrorKind::InvalidInput);
        assert_eq!(kind("INSERT INTO t VALUES ('b', 'x', NULL)"), ErrorKind::InvalidInput);
        assert_eq!(kind("INSERT INTO t VALUES ('b', 1, 'nope')"), ErrorKind::NotFound);
        assert_eq!(kind("INSERT INTO nosuch VALUES (1)"), ErrorKind::Storage);
    }
}
