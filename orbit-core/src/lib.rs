//! # orbit-core
//!
//! orbit is an embedded surgical-analytics engine: the data model of a multi-tenant surgical platform
//! (facilities, users, cases and their milestones, templates, stats, flags, scores, financials, scheduling
//! and patient flow) over one SQLite file. This crate holds all domain logic; the Python, Node and C
//! bindings are thin layers over it.
//!
//! ```
//! use orbit_core::Orbit;
//! let orbit = Orbit::open_in_memory().unwrap();
//! assert!(orbit.schema_version().unwrap() >= 1);
//! ```
//!
//! Every operation runs under an access context: take a [`Scope`] from the store ([`Orbit::system`],
//! [`Orbit::as_user`]) and call operations on it.
//!
//! Layers (see `ARCHITECTURE.md`): [`store`] (the [`Orbit`] handle and transactions), [`access`] (contexts
//! and the read/write matrix), [`audit`], [`facilities`] (provisioning), [`users`], [`schema`]
//! (embedded migrations), [`values`] (encodings and input validation), [`error`] (kinds and stable codes),
//! [`clock`] (the injectable library clock).

#![warn(missing_docs)]

pub mod access;
pub mod api;
pub mod audit;
pub mod cases;
pub mod clock;
pub mod data_quality;
pub mod demo;
pub mod device_reps;
pub mod error;
pub mod facilities;
pub mod financials;
pub mod flags;
pub mod import;
pub mod kpis;
pub mod milestones;
pub mod patient_flow;
pub mod reference;
mod rows;
pub mod scheduling;
pub mod schema;
pub mod scoring;
pub mod sql_session;
pub mod stats;
pub mod store;
pub mod users;
pub mod values;

pub use access::{AccessContext, Actor, ClientInfo, Level, Scope};
pub use audit::{AuditQuery, AuditRecord};
pub use cases::staff::CaseStaffMember;
pub use cases::{CaseMilestone, NewCase, RecordOutcome, StaffInput};
pub use clock::{Clock, ManualClock, Millis, SystemClock};
pub use device_reps::{DeviceRepLink, NewDeviceRep, RepInvitee};
pub use error::{Error, ErrorKind, Result};
pub use facilities::{Facility, FacilityTarget, NewFacility, ProvisionConfig, ProvisionReport};
pub use flags::NewFlagRule;
pub use sql_session::{QueryResult, RelationInfo, SqlSession};
pub use stats::aggregates::AggregateQuery;
pub use stats::medians::{IntervalMedian, PhaseMedian};
pub use stats::pace::CasePace;
pub use store::{OpenOptions, Orbit};
pub use users::{NewUser, User};

/// The library version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
