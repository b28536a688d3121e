//! Access contexts (the RLS equivalent of data-model.md §6).
//!
//! A [`Scope`] is the handle every facility-scoped operation hangs off: it names *who* calls (a user id and
//! optionally a facility, the system context, or the anonymous context). The [`AccessContext`] — the
//! access level and facility — is always built by the library from the `users` row, and re-built at the
//! start of every call inside that call's transaction, so archiving a user, changing a level or revoking a
//! device-rep grant takes effect at the next call of a scope created earlier.

pub mod matrix;
pub mod read;

use crate::store::Cached;
use std::fmt;
use std::str::FromStr;

use rusqlite::{Connection, OptionalExtension};

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::store::Orbit;
use crate::values;

/// An access level. `System` and `Anonymous` are the two special contexts of §6.1.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// Bootstrap, migrations and maintenance jobs: unrestricted; audit `user_id` NULL.
    System,
    /// The escort view only.
    Anonymous,
    /// Reads and writes every facility (still bound by lifecycle and library-only rules).
    GlobalAdmin,
    /// Administers one facility.
    FacilityAdmin,
    /// Member of one facility (scheduling staff).
    Coordinator,
    /// Member of one facility (clinical staff).
    User,
    /// A device company's representative, granted facilities by invitation.
    DeviceRep,
}

impl Level {
    /// Every level.
    pub const ALL: [Level; 7] = [
        Level::System,
        Level::Anonymous,
        Level::GlobalAdmin,
        Level::FacilityAdmin,
        Level::Coordinator,
        Level::User,
        Level::DeviceRep,
    ];

    /// The stored `users.access_level` value (`system` / `anonymous` are never stored).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::System => "system",
            Level::Anonymous => "anonymous",
            Level::GlobalAdmin => "global_admin",
            Level::FacilityAdmin => "facility_admin",
            Level::Coordinator => "coordinator",
            Level::User => "user",
            Level::DeviceRep => "device_rep",
        }
    }

    /// Facility members: facility_admin, coordinator, user.
    pub fn is_member(self) -> bool {
        matches!(self, Level::FacilityAdmin | Level::Coordinator | Level::User)
    }

    /// Unrestricted by facility scoping: system and global_admin.
    pub fn spans_facilities(self) -> bool {
        matches!(self, Level::System | Level::GlobalAdmin)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = Error;
    fn from_str(s: &str) -> Result<Level> {
        match s {
            "global_admin" => Ok(Level::GlobalAdmin),
            "facility_admin" => Ok(Level::FacilityAdmin),
            "coordinator" => Ok(Level::Coordinator),
            "user" => Ok(Level::User),
            "device_rep" => Ok(Level::DeviceRep),
            _ => Err(Error::invalid(
                "access_level",
                "must be one of global_admin, facility_admin, coordinator, user, device_rep",
            )),
        }
    }
}

/// Who is calling, as the host names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The system context.
    System,
    /// The anonymous context.
    Anonymous,
    /// A user, optionally naming a facility (members: their own; device reps: one granted facility;
    /// global admins: an acting facility).
    User {
        /// `users.id`.
        user_id: String,
        /// The facility the caller asks to act in.
        facility_id: Option<String>,
    },
}

/// Optional client metadata carried into audit rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientInfo {
    /// Client IP address.
    pub ip_address: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// "Acting for" user id (host-supplied metadata).
    pub impersonating_user_id: Option<String>,
    /// "Acting for" e-mail (host-supplied metadata).
    pub impersonating_user_email: Option<String>,
}

/// The resolved context of one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessContext {
    /// The acting user (`None` for system and anonymous).
    pub user_id: Option<String>,
    /// `users.email` at resolution time.
    pub user_email: Option<String>,
    /// The level, always taken from the users row.
    pub level: Level,
    /// Members: their facility. Device reps: the named granted facility, if any. Global admins: the acting
    /// facility, if any.
    pub facility_id: Option<String>,
    /// Device reps: the facilities they may see (accepted grants, narrowed to the named facility).
    pub granted_facilities: Vec<String>,
    /// Device reps: their (global) implant company.
    pub company_id: Option<String>,
}

impl AccessContext {
    /// The system context.
    pub fn system() -> AccessContext {
        AccessContext {
            user_id: None,
            user_email: None,
            level: Level::System,
            facility_id: None,
            granted_facilities: Vec::new(),
            company_id: None,
        }
    }

    /// Whether rows of facility `facility_id` are visible to this context (facility-scoped tables).
    pub fn sees_facility(&self, facility_id: &str) -> bool {
        match self.level {
            Level::System | Level::GlobalAdmin => true,
            Level::FacilityAdmin | Level::Coordinator | Level::User => self.facility_id.as_deref() == Some(facility_id),
            Level::DeviceRep => self.granted_facilities.iter().any(|f| f == facility_id),
            Level::Anonymous => false,
        }
    }

    /// The facility of case `case_id` when this context sees it, else `NotFound` naming `case_id`. Device reps
    /// pass only with `reps_too` (their case-level visibility is checked by the caller).
    pub(crate) fn case_facility(&self, conn: &Connection, case_id: &str, reps_too: bool) -> Result<String> {
        let facility: Option<String> = conn
            .prepare_cached("SELECT facility_id FROM cases WHERE id = ?1")?
            .query_row([case_id], |r| r.get(0))
            .optional()?;
        facility
            .filter(|f| self.sees_facility(f) && (reps_too || self.level != Level::DeviceRep))
            .ok_or_else(|| Error::not_found("case_id"))
    }

    /// Checks a facility-level read for facility members: `NotFound` naming `facility_id` for a facility that
    /// does not exist or that this context does not see, `PermissionDenied` (saying `what`) for device reps
    /// and anonymous callers.
    pub(crate) fn check_member_read(&self, conn: &Connection, facility: &str, what: &str) -> Result<()> {
        let exists: Option<i64> = conn
            .prepare_cached("SELECT 1 FROM facilities WHERE id = ?1")?
            .query_row([facility], |r| r.get(0))
            .optional()?;
        if exists.is_none() || !self.sees_facility(facility) {
            return Err(Error::not_found("facility_id"));
        }
        if matches!(self.level, Level::DeviceRep | Level::Anonymous) {
            return Err(Error::denied(format!("{what} are for facility members")));
        }
        Ok(())
    }

    /// The facility a create call writes into: the member's own facility, or the global admin's acting
    /// facility; `InvalidInput` naming `param` when a global admin or the system names none.
    pub fn target_facility(&self, requested: Option<&str>, param: &str) -> Result<String> {
        match (requested, self.facility_id.as_deref()) {
            (Some(f), _) => Ok(f.to_string()),
            (None, Some(f)) => Ok(f.to_string()),
            (None, None) => Err(Error::invalid(param, "is required (no acting facility in this context)")),
        }
    }

    /// Builds the context of `actor` from the database (data-model.md §6.1).
    pub(crate) fn resolve(conn: &Connection, actor: &Actor) -> Result<AccessContext> {
        let (user_id, requested) = match actor {
            Actor::System => return Ok(AccessContext::system()),
            Actor::Anonymous => {
                return Ok(AccessContext { level: Level::Anonymous, ..AccessContext::system() });
            }
            Actor::User { user_id, facility_id } => (user_id, facility_id),
        };
        type UserRow = (String, Option<String>, i64, Option<String>, Option<String>);
        let row: Option<UserRow> = conn
            .prepare_cached(
                "SELECT access_level, facility_id, is_active, email, implant_company_id FROM users WHERE id = ?1",
            )?
            .query_row([user_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .optional()?;
        let Some((level, home, active, email, company)) = row else {
            return Err(Error::denied("the user is unknown or archived"));
        };
        if active != 1 {
            return Err(Error::denied("the user is unknown or archived"));
        }
        let level: Level = level.parse()?;
        let mut ctx = AccessContext {
            user_id: Some(user_id.clone()),
            user_email: email,
            level,
            facility_id: None,
            granted_facilities: Vec::new(),
            company_id: None,
        };
        match level {
            Level::FacilityAdmin | Level::Coordinator | Level::User => {
                if requested.is_some() && requested != &home {
                    return Err(Error::denied("members can act only in their own facility"));
                }
                ctx.facility_id = home;
            }
            Level::DeviceRep => {
                ctx.company_id = company;
                let mut stmt = conn.prepare_cached(
                    "SELECT facility_id FROM facility_device_reps WHERE user_id = ?1 AND status = 'accepted'
                     ORDER BY facility_id",
                )?;
                let granted: Vec<String> = stmt.query_map([user_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                match requested {
                    Some(f) if granted.contains(f) => {
                        ctx.facility_id = Some(f.clone());
                        ctx.granted_facilities = vec![f.clone()];
                    }
                    Some(_) => {
                        return Err(Error::denied("the device rep has no access to that facility"));
                    }
                    None => ctx.granted_facilities = granted,
                }
            }
            Level::GlobalAdmin => {
                if let Some(f) = requested {
                    let exists: Option<i64> = conn
                        .query_row_cached("SELECT 1 FROM facilities WHERE id = ?1", [f], |r| r.get(0))
                        .optional()?;
                    if exists.is_none() {
                        return Err(Error::not_found("facility_id"));
                    }
                    ctx.facility_id = Some(f.clone());
                }
            }
            Level::System | Level::Anonymous => unreachable!("not a stored access level"),
        }
        Ok(ctx)
    }

    /// `has_permission(ctx, key)` of data-model.md §3.12, for the context's facility.
    pub fn has_permission(&self, conn: &Connection, key: &str) -> Result<bool> {
        match self.level {
            Level::System | Level::GlobalAdmin | Level::FacilityAdmin => Ok(true),
            Level::DeviceRep | Level::Anonymous => Ok(false),
            Level::Coordinator | Level::User => {
                let facility: Option<i64> = conn
                    .query_row_cached(
                        "SELECT granted FROM facility_permissions
                         WHERE facility_id = ?1 AND access_level = ?2 AND permission_key = ?3",
                        (&self.facility_id, self.level.as_str(), key),
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(g) = facility {
                    return Ok(g == 1);
                }
                let template: Option<i64> = conn
                    .query_row_cached(
                        "SELECT granted FROM permission_templates WHERE access_level = ?1 AND permission_key = ?2",
                        (self.level.as_str(), key),
                        |r| r.get(0),
                    )
                    .optional()?;
                Ok(template == Some(1))
            }
        }
    }
}

/// The handle facility-scoped operations hang off: a store plus who is calling. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Scope {
    orbit: Orbit,
    actor: Actor,
    client: ClientInfo,
}

/// One public write call in progress: its transaction, resolved context, call id and clock reading.
pub(crate) struct Call<'t> {
    pub tx: &'t Connection,
    pub ctx: AccessContext,
    pub call_id: String,
    pub operation: &'static str,
    pub now: Millis,
    pub client: &'t ClientInfo,
    pub orbit: &'t Orbit,
}

impl Orbit {
    /// The system context: unrestricted, for bootstrap and maintenance jobs (audit `user_id` NULL).
    pub fn system(&self) -> Scope {
        self.scope(Actor::System)
    }

    /// The anonymous context (the escort view only).
    pub fn anonymous(&self) -> Scope {
        self.scope(Actor::Anonymous)
    }

    /// Acts as `user_id` in the user's own facility (members), every granted facility (device reps) or
    /// across facilities (global admins). Refused with `PermissionDenied` if the user is unknown or archived.
    pub fn as_user(&self, user_id: &str) -> Result<Scope> {
        self.user_scope(user_id, None)
    }

    /// Acts as `user_id` in `facility_id`: a member's own facility, one facility a device rep is granted,
    /// or a global admin's acting facility (the default facility of creates).
    pub fn as_user_in(&self, user_id: &str, facility_id: &str) -> Result<Scope> {
        self.user_scope(user_id, Some(facility_id))
    }

    fn user_scope(&self, user_id: &str, facility_id: Option<&str>) -> Result<Scope> {
        let actor = Actor::User {
            user_id: values::parse_uuid("user_id", user_id)?,
            facility_id: facility_id.map(|f| values::parse_uuid("facility_id", f)).transpose()?,
        };
        let scope = self.scope(actor);
        scope.context()?;
        Ok(scope)
    }

    fn scope(&self, actor: Actor) -> Scope {
        Scope { orbit: self.clone(), actor, client: ClientInfo::default() }
    }
}

impl Scope {
    /// The same scope, carrying client metadata into audit rows.
    pub fn with_client_info(mut self, client: ClientInfo) -> Scope {
        self.client = client;
        self
    }

    /// The store.
    pub fn orbit(&self) -> &Orbit {
        &self.orbit
    }

    /// Who this scope acts as.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Resolves the context now (each call resolves it again).
    pub fn context(&self) -> Result<AccessContext> {
        self.orbit.read(|conn| AccessContext::resolve(conn, &self.actor))
    }

    /// Runs a write operation: one transaction, the context resolved inside it, one call id.
    pub(crate) fn write<T>(&self, operation: &'static str, f: impl FnOnce(&mut Call<'_>) -> Result<T>) -> Result<T> {
        let now = self.orbit.now_ms();
        self.orbit.write(|tx| {
            let ctx = AccessContext::resolve(tx, &self.actor)?;
            let mut call =
                Call { tx, ctx, call_id: values::new_id(), operation, now, client: &self.client, orbit: &self.orbit };
            f(&mut call)
        })
    }

    /// Runs `f` with every call of this scope — and of any other scope of the same store on this thread —
    /// inside one transaction: their writes commit together when `f` returns `Ok`, and none of them when it
    /// returns `Err` (or panics). A call that fails inside the batch writes nothing itself (it runs in a
    /// savepoint), so `f` may handle its error and go on. Reads inside the batch see its writes. Other threads
    /// wait until the batch ends; a batch inside a batch is part of the outer one.
    ///
    /// Batching many writes saves one durable commit per call, which dominates a single write's cost.
    pub fn batch<T>(&self, f: impl FnOnce(&Scope) -> Result<T>) -> Result<T> {
        self.orbit.batch(|| f(self))
    }

    /// [`Scope::batch`] for bulk work (imports, generated histories): flag detection of every case the batch's
    /// calls touch runs once, in one pass, just before the batch commits, instead of once per case (each
    /// detection loads the case's 90-day window). The flags are those a re-detection of the batch's cases at
    /// its end gives; reads inside the batch do not see them yet. Inside another batch this is that batch.
    pub fn batch_deferring_detection<T>(&self, f: impl FnOnce(&Scope) -> Result<T>) -> Result<T> {
        self.orbit.batch_deferring_detection(|| f(self))
    }

    /// Runs a read operation in one snapshot, with the context resolved inside it.
    /// The library clock's reading (reads that default to "today" use it).
    pub(crate) fn now_ms(&self) -> Millis {
        self.orbit.now_ms()
    }

    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection, &AccessContext) -> Result<T>) -> Result<T> {
        self.orbit.read(|conn| {
            let ctx = AccessContext::resolve(conn, &self.actor)?;
            f(conn, &ctx)
        })
    }
}

impl Scope {
    /// Audit rows visible to this context, newest first: global admins and the system see all, facility
    /// admins their facility's, everyone else their own rows.
    pub fn audit_log(&self, query: &crate::audit::AuditQuery) -> Result<Vec<crate::audit::AuditRecord>> {
        let facility = query.facility_id.as_deref().map(|f| values::parse_uuid("facility_id", f)).transpose()?;
        let query = crate::audit::AuditQuery { facility_id: facility, ..query.clone() };
        self.read(|conn, ctx| crate::audit::list(conn, ctx, &query))
    }
}
