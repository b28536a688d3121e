//! Users (data-model.md §3.1, §6.4): the bootstrap of the first global admin, creation under the user
//! management rules, and scoped reads.

use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::access::{AccessContext, Level, Scope};
use crate::audit::{self, AuditEntry};
use crate::error::{Error, Result};
use crate::store::Orbit;
use crate::values::{self, MAX_NAME_CHARS, MAX_TEXT_CHARS};

/// A new user's fields.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    /// Host-supplied id (its identity-provider subject, a UUID); generated when `None`.
    pub id: Option<String>,
    /// Home facility (members); `None` for global admins and device reps. Defaults to the caller's facility.
    pub facility_id: Option<String>,
    /// Access level: `global_admin`, `facility_admin`, `coordinator`, `user` (default) or `device_rep`.
    pub access_level: Option<String>,
    /// Clinical role name (`surgeon`, `nurse`, …; default `admin`).
    pub role: Option<String>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail (stored lowercased; globally unique).
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
}

/// A user as a reader sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    /// Id.
    pub id: String,
    /// Home facility.
    pub facility_id: Option<String>,
    /// Clinical role name.
    pub role: String,
    /// Access level.
    pub access_level: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Active (not archived).
    pub is_active: bool,
    /// Created (UTC epoch ms).
    pub created_at: i64,
}

const USER_SELECT: &str = "SELECT u.id, u.facility_id, r.name, u.access_level, u.first_name, u.last_name, u.email,
    u.is_active, u.created_at FROM users u JOIN user_roles r ON r.id = u.role_id";

impl User {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<User> {
        Ok(User {
            id: r.get(0)?,
            facility_id: r.get(1)?,
            role: r.get(2)?,
            access_level: r.get(3)?,
            first_name: r.get(4)?,
            last_name: r.get(5)?,
            email: r.get(6)?,
            is_active: r.get::<_, i64>(7)? == 1,
            created_at: r.get(8)?,
        })
    }
}

impl Orbit {
    /// Creates the first global admin, under the system context. Allowed only while no global admin
    /// exists (`PermissionDenied` afterwards).
    pub fn bootstrap_global_admin(&self, user: NewUser) -> Result<User> {
        let user = NewUser { access_level: Some(Level::GlobalAdmin.as_str().into()), facility_id: None, ..user };
        let scope = self.system();
        let id = scope.write("bootstrap_global_admin", |call| {
            let exists: bool = call.tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM users WHERE access_level = 'global_admin')",
                [],
                |r| r.get(0),
            )?;
            if exists {
                return Err(Error::denied("a global admin already exists; bootstrap is closed"));
            }
            insert_user(call, &user)
        })?;
        scope.user(&id)
    }
}

impl Scope {
    /// Creates a user (data-model.md §6.4): global admins create anyone; facility admins create members of
    /// their own facility (facility_admin, coordinator, user). Everyone else → `PermissionDenied`.
    pub fn create_user(&self, user: NewUser) -> Result<User> {
        let id = self.write("create_user", |call| {
            let level: Level = user.access_level.as_deref().unwrap_or("user").parse()?;
            match call.ctx.level {
                Level::System | Level::GlobalAdmin => {}
                // The facility is checked by insert_user: an admin sees only its own.
                Level::FacilityAdmin if level.is_member() => {}
                _ => return Err(Error::denied("this access level cannot create that user")),
            }
            let facility = if level.is_member() {
                Some(call.ctx.target_facility(user.facility_id.as_deref(), "facility_id")?)
            } else {
                None
            };
            insert_user(call, &NewUser { facility_id: facility, ..user.clone() })
        })?;
        self.user(&id)
    }

    /// One user, if visible: global admins see everyone; members the users of their facility; anyone
    /// their own row. Otherwise `NotFound`.
    pub fn user(&self, user_id: &str) -> Result<User> {
        let id = values::parse_uuid("user_id", user_id)?;
        self.read(|conn, ctx| get_visible(conn, ctx, &id)?.ok_or_else(|| Error::not_found("user_id")))
    }
}

fn get_visible(conn: &Connection, ctx: &AccessContext, id: &str) -> Result<Option<User>> {
    let user =
        conn.prepare_cached(&format!("{USER_SELECT} WHERE u.id = ?1"))?.query_row([id], User::from_row).optional()?;
    Ok(user.filter(|u| {
        ctx.user_id.as_deref() == Some(u.id.as_str())
            || ctx.level.spans_facilities()
            || (ctx.level.is_member() && u.facility_id.is_some() && u.facility_id == ctx.facility_id)
    }))
}

/// Validates and inserts a user row (level/facility rules checked by the caller); audits `users.created`.
fn insert_user(call: &crate::access::Call<'_>, user: &NewUser) -> Result<String> {
    let level: Level = user.access_level.as_deref().unwrap_or("user").parse()?;
    let id = match &user.id {
        Some(id) => values::parse_uuid("id", id)?,
        None => values::new_id(),
    };
    let first = values::name("first_name", &user.first_name, MAX_NAME_CHARS)?;
    let last = values::name("last_name", &user.last_name, MAX_NAME_CHARS)?;
    let email = user.email.as_deref().map(|e| values::email("email", e)).transpose()?;
    let phone = values::text("phone", user.phone.as_deref(), MAX_TEXT_CHARS)?;
    let facility = user.facility_id.as_deref().map(|f| values::parse_uuid("facility_id", f)).transpose()?;
    match (level, &facility) {
        (Level::GlobalAdmin, Some(_)) => {
            return Err(Error::invalid("facility_id", "must be empty for a global admin"));
        }
        (Level::DeviceRep, _) => {
            return Err(Error::invalid("access_level", "device reps are created by inviting them to a facility"));
        }
        (l, None) if l.is_member() => {
            return Err(Error::invalid("facility_id", "is required for facility members"));
        }
        _ => {}
    }
    if let Some(f) = &facility {
        let exists: Option<i64> =
            call.tx.query_row("SELECT 1 FROM facilities WHERE id = ?1", [f], |r| r.get(0)).optional()?;
        if exists.is_none() || !call.ctx.sees_facility(f) {
            return Err(Error::not_found("facility_id"));
        }
    }
    let role_name = user.role.as_deref().unwrap_or("admin").trim().to_lowercase();
    let role_id: String = call
        .tx
        .query_row("SELECT id FROM user_roles WHERE name = ?1", [&role_name], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::invalid("role", "must be the name of a user role (surgeon, nurse, …)"))?;
    let taken: bool = call.tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1 OR (?2 IS NOT NULL AND email = ?2))",
        rusqlite::params![id, email],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::conflict("a user with this id or e-mail already exists"));
    }
    call.tx.execute(
        "INSERT INTO users (id, facility_id, role_id, access_level, first_name, last_name, email, phone, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        rusqlite::params![id, facility, role_id, level.as_str(), first, last, email, phone, call.now],
    )?;
    audit::record(
        call,
        AuditEntry {
            action: "users.created".into(),
            target_type: "users",
            target_id: id.clone(),
            target_label: Some(format!("{first} {last}")),
            facility_id: facility.clone(),
            new_values: audit::row_values(call.tx, "users", &id)?,
            ..AuditEntry::default()
        },
    )?;
    Ok(id)
}

impl Orbit {
    /// Records a host-reported sign-in of `user_id` (`last_login_at` and `last_active_at` = now). Not
    /// audited (data-model.md §6.4.4). Unknown ids → `NotFound`.
    pub fn record_sign_in(&self, user_id: &str) -> Result<()> {
        let id = values::parse_uuid("user_id", user_id)?;
        self.system().write("record_sign_in", |call| {
            let n = call.tx.execute(
                "UPDATE users SET last_login_at = ?2, last_active_at = ?2 WHERE id = ?1",
                rusqlite::params![id, call.now],
            )?;
            if n == 0 {
                return Err(Error::not_found("user_id"));
            }
            Ok(())
        })
    }
}
