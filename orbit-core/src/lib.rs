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
//! Layers (see `ARCHITECTURE.md`): [`store`] (the [`Orbit`] handle and transactions), [`schema`]
//! (embedded migrations), [`values`] (encodings and input validation), [`error`] (kinds and stable codes),
//! [`clock`] (the injectable library clock).

#![warn(missing_docs)]

pub mod clock;
pub mod error;
pub mod schema;
pub mod store;
pub mod values;

pub use clock::{Clock, ManualClock, Millis, SystemClock};
pub use error::{Error, ErrorKind, Result};
pub use store::{OpenOptions, Orbit};

/// The library version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
