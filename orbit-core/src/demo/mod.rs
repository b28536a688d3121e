//! The synthetic data generator (scheduling-patientflow.md §11): fills a configured facility with a realistic
//! history and schedule for demos, tests and benchmarks, and the default demo fixture.
//!
//! - [`model`]: the configuration (§11.2) with its documented defaults, the constants of the planning
//!   rules, the §11.8 fixture, the result records.
//! - [`rng`]: the one ChaCha8 stream and the spec's draws (`U`, `chance`, `choice`, `weighted`) over
//!   `next_u64`.
//! - [`plan`]: **planning**, pure: every random value, in a documented draw order, from plain data.
//! - `store`: the operations on [`crate::Scope`] — [`Scope::provision_demo_facility`],
//!   [`Scope::generate_demo_data`] and [`Scope::purge_case_data`] — the facility snapshot, and the
//!   **application** of a plan through the normal lifecycle operations.
//!
//! Choices the spec leaves open (see also [`plan`]'s module docs):
//! - Application replays the plan through the public lifecycle calls, all inside one [`Scope::batch`] (a
//!   generation is one transaction: a failure writes nothing), date by date: first the date's cases are
//!   booked in chronological order (scheduled start, then case number) with `create_case` (room, procedure,
//!   surgeon, payer, side, staff, the vendor's implant company) and, when planned, `cancel_case` — a
//!   facility schedules ahead, and a cancellation precedes the day; then each historical case's day is
//!   replayed in the same order: `update_case` (call time, callback time, and its `called_next_case_id`,
//!   which needs the next case booked), `record_milestone` for each planned milestone of the case's template
//!   with `set_surgeon_left` at its instant (unless the `pa_closes` workflow stamps it on closing),
//!   `report_case_delay`, then `validate_case` when detection did not auto-validate (or `invalidate_case`
//!   for a case chosen to stay unvalidated that was auto-validated). Booking the day first also lets the
//!   flip link and the surgeon-left stamp land before the case completes, so flag detection runs once per
//!   case (at validation) instead of again for each later edit.
//! - What the lifecycle cannot express is written directly at the end of the same transaction: the
//!   cancellation instant (`cancel_case` stamps "now"; the plan's is `U(6, 18)` hours before the start), the
//!   delay's `recorded_at` (the scheduled start), and `case_complexities` (no operation writes them).
//! - Audit: the lifecycle's per-step rows written by the generation are replaced by one `demo.generated`
//!   row (counts in metadata); a purge writes one `demo.purged` row (also when `purge_first` runs it);
//!   case history is kept as the lifecycle wrote it.
//! - `today` defaults to the library clock's date in the facility's zone and may not be later (historical
//!   milestones are recorded through the lifecycle, which refuses instants in the future).
//! - System cancellation reasons (the provisioned "EHR System Cancellation") are never drawn.
//! - A purge leaves surgeon scorecards (dated snapshots) alone; the stats relations are computed on read,
//!   and the legacy surgeon averages are rebuilt.
//! - Access: generate and purge — facility admins of the facility, global admins and the system
//!   (`PermissionDenied` for other members, `NotFound` for a facility the caller does not see);
//!   `provision_demo_facility` — global admins and the system.

pub mod model;
pub mod plan;
pub mod rng;
mod store;

#[cfg(test)]
mod tests;

pub use model::{
    DemoConfig, DemoFacility, GenerationReport, Outlier, OutlierKind, Outliers, Progress, PurgeReport, Specialty,
    SpeedProfile, SurgeonConfig,
};
