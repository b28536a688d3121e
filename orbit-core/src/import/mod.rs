//! The historical-case importer: CSV text in, cases with recorded milestones out
//! ([`Scope::import_cases`](crate::Scope::import_cases), op `import_cases`).
//!
//! [`parse`] is pure (bytes + [`ImportMapping`] + zone → one [`ParsedRow`](parse::ParsedRow) or one coded
//! [`RowIssue`] per data row); `store` applies the valid rows through the normal case lifecycle.
//!
//! Choices (the specification has no importer section; these are this module's decisions):
//! - **One case per row, through the lifecycle.** `create_case`, then `record_milestone` for each non-empty
//!   milestone cell in time order (ties: facility milestone order), then `validate_case` when the lifecycle
//!   did not auto-validate it. Stats, flags, history and audit therefore follow exactly as for cases recorded
//!   live. The row's calls run in one savepoint: any refusal rolls the whole row back (no half-written case)
//!   and the row is reported with the refusal's kind as its code (`NotCompleted`, `FutureTimestamp`, …).
//! - **Batching.** Rows run about [`ImportOptions::batch_size`] (default 200) per transaction — a batch closes
//!   at the first scheduled-date change after that many rows, so no date is split (a later batch would change
//!   the baselines of an earlier batch's same-day cases after their detection) — each a
//!   [`Scope::batch_deferring_detection`](crate::Scope::batch_deferring_detection) (ADR 0006): one durable
//!   commit per batch instead of ~6 per row, and the flag detection of the batch's cases in one pass before
//!   it commits instead of one 90-day window load per case and event. A storage failure stops the import;
//!   committed batches stay (whole rows only), and re-running the file completes it. Inside a caller's batch
//!   (and in a dry run) the rows join that transaction and detection runs per call.
//! - **Validation** (default on): a row whose case does not end `completed` (patient_in and patient_out) is
//!   rejected `NotCompleted`. With validation off such rows are imported as the lifecycle leaves them, and
//!   the lifecycle's own auto-validation of completed cases still applies.
//! - **Duplicates.** A case number the facility already has → skipped (`AlreadyImported`, nothing written),
//!   so re-importing a file doubles nothing. A case number repeated inside the file → the first valid row
//!   wins, later ones are rejected `DuplicateInFile`.
//! - **Time zone.** Wall-clock cells are read in [`ImportOptions::timezone`], default the facility's zone,
//!   with the library's rule for DST edges (a spring-forward gap time uses the offset before the gap, an
//!   ambiguous fall-back time the earlier instant). Cells carrying an offset (RFC 3339) are taken as is.
//! - **Order and dates.** Milestone instants must not go backwards in the facility's milestone order
//!   (`MilestonesOutOfOrder`) and must fall on the scheduled date or the day after (`DateMismatch`).
//! - **References.** Rooms match by name ignoring ASCII case; a bare number `n` also matches `OR n`, and a
//!   created room for it is named `OR n` (default 10 available hours). Procedure types match `description
//!   (code)`, then the description, then the code; a created one is named `description (code)` with the
//!   median booked duration of its rows as `expected_duration_minutes`. Missing rows are created only with
//!   `create_rooms` / `create_procedures` / `create_surgeons`, each once, by the caller's own create calls
//!   (so the caller needs the rights: a member who may not create rooms gets those rows rejected
//!   `UnknownRoom` with the refusal in the reason). References are created before the rows run and stay
//!   even when every row naming them is later rejected.
//! - **Surgeons.** With a `surgeon` column, a surgeon matches by `First Last` (a single word `w` also matches
//!   `Surgeon w`, the name a created one gets). Without one, the data names no surgeons: **one synthetic
//!   surgeon per service** (first name `Service`, last name the service, so KPI details read
//!   `Dr. Podiatry`), so per-surgeon KPIs (leaderboard, filters) are per-service figures. Per (service, room,
//!   day) was rejected: ~500 one-day surgeons would make surgeon-level KPIs meaningless. Map `service` to null
//!   to import cases without a surgeon.
//! - **Report.** Counts (rows, imported, validated, rejected, skipped), created reference rows, the rejected
//!   and skipped rows `{row, line, case_number, code, reason}` (reasons name columns and rules, never cell
//!   values), elapsed ms and rows/s. One `cases.imported` audit row carries the counts.
//! - **Dry run** runs everything inside one transaction and rolls it back: the report (ids of created rows
//!   included) says what a real run would do.
//! - **Whole-call refusals:** unknown/invisible facility (`NotFound`), a caller who may not write cases
//!   (`PermissionDenied`), a bad mapping, option, zone, or a header missing a mapped column (`InvalidInput`),
//!   a mapped milestone the facility lacks (`MilestoneNotFound`).

pub mod model;
pub mod parse;
mod store;

pub use model::{
    CreatedReferences, CreatedRow, ImportMapping, ImportOptions, ImportReport, MilestoneColumn, RowCode, RowIssue,
};
