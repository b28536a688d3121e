//! Device reps and their facility access (data-model.md §3.1, §6.5): invitations by facility admins,
//! acceptance by the rep, revocation and re-invitation; the effective grants in
//! `device_rep_facility_access` are kept in the same transaction (one row per accepted link). Companies on
//! cases and tray tracking are in [`trays`].

pub mod trays;

use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::access::{AccessContext, Call, Level, Scope};
use crate::audit::{self, AuditEntry};
use crate::error::{Error, ErrorKind, Result};
use crate::values::{self, MAX_NAME_CHARS, MAX_TEXT_CHARS};

/// A new device rep, created together with their first invitation.
#[derive(Debug, Clone, Default)]
pub struct NewDeviceRep {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail (globally unique).
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// The rep's company: a global (`facility_id NULL`) implant company.
    pub implant_company_id: String,
}

/// Whom to invite.
#[derive(Debug, Clone)]
pub enum RepInvitee {
    /// An existing device-rep user (by id).
    Existing(String),
    /// A new device rep.
    New(NewDeviceRep),
}

/// A facility's relationship with a device rep (`facility_device_reps`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceRepLink {
    /// Id.
    pub id: String,
    /// Facility.
    pub facility_id: String,
    /// The rep (`users.id`).
    pub user_id: String,
    /// `pending`, `accepted` or `revoked`.
    pub status: String,
    /// Who invited.
    pub invited_by: Option<String>,
    /// When invited (UTC epoch ms).
    pub invited_at: i64,
    /// When accepted.
    pub accepted_at: Option<i64>,
}

const LINK_SELECT: &str =
    "SELECT id, facility_id, user_id, status, invited_by, invited_at, accepted_at FROM facility_device_reps";

impl DeviceRepLink {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<DeviceRepLink> {
        Ok(DeviceRepLink {
            id: r.get(0)?,
            facility_id: r.get(1)?,
            user_id: r.get(2)?,
            status: r.get(3)?,
            invited_by: r.get(4)?,
            invited_at: r.get(5)?,
            accepted_at: r.get(6)?,
        })
    }
}

fn link(conn: &Connection, facility_id: &str, user_id: &str) -> Result<Option<DeviceRepLink>> {
    Ok(conn
        .prepare_cached(&format!("{LINK_SELECT} WHERE facility_id = ?1 AND user_id = ?2"))?
        .query_row([facility_id, user_id], DeviceRepLink::from_row)
        .optional()?)
}

/// Facility admins (their own facility) and global admins manage reps; visible facilities otherwise
/// answer `PermissionDenied`, invisible ones `NotFound`.
fn check_admin(ctx: &AccessContext, facility_id: &str) -> Result<()> {
    if !ctx.sees_facility(facility_id) {
        return Err(Error::not_found("facility_id"));
    }
    match ctx.level {
        Level::System | Level::GlobalAdmin | Level::FacilityAdmin => Ok(()),
        _ => Err(Error::denied("only facility admins manage device reps")),
    }
}

fn facility_exists(conn: &Connection, facility_id: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM facilities WHERE id = ?1", [facility_id], |r| r.get::<_, i64>(0))
        .optional()?
        .is_some())
}

/// Audits one link change: `old` is the row before the call (`None` for an insert).
fn audit_link(
    call: &Call<'_>,
    action: &str,
    old: Option<serde_json::Map<String, serde_json::Value>>,
    after: &DeviceRepLink,
) -> Result<()> {
    let new = audit::row_values(call.tx, "facility_device_reps", &after.id)?.unwrap_or_default();
    let (old_values, new_values) = match old {
        Some(old) => {
            let (o, n) = crate::rows::changed(&old, &new);
            (Some(o), Some(n))
        }
        None => (None, Some(new)),
    };
    audit::record(
        call,
        AuditEntry {
            action: action.into(),
            target_type: "facility_device_reps",
            target_id: after.id.clone(),
            target_label: Some("Device rep access".into()),
            facility_id: Some(after.facility_id.clone()),
            old_values,
            new_values,
            ..AuditEntry::default()
        },
    )
}

fn link_row(call: &Call<'_>, link: &DeviceRepLink) -> Result<Option<serde_json::Map<String, serde_json::Value>>> {
    audit::row_values(call.tx, "facility_device_reps", &link.id)
}

/// Creates a device-rep user (facility NULL, role `device_rep`, a global company); audits `users.created`.
fn create_rep_user(call: &Call<'_>, rep: &NewDeviceRep) -> Result<String> {
    let first = values::name("first_name", &rep.first_name, MAX_NAME_CHARS)?;
    let last = values::name("last_name", &rep.last_name, MAX_NAME_CHARS)?;
    let email = rep.email.as_deref().map(|e| values::email("email", e)).transpose()?;
    let phone = values::text("phone", rep.phone.as_deref(), MAX_TEXT_CHARS)?;
    let company = values::parse_uuid("implant_company_id", &rep.implant_company_id)?;
    let active: Option<i64> = call
        .tx
        .query_row("SELECT is_active FROM implant_companies WHERE id = ?1 AND facility_id IS NULL", [&company], |r| {
            r.get(0)
        })
        .optional()?;
    match active {
        None => return Err(Error::not_found("implant_company_id")),
        Some(0) => {
            return Err(Error::invalid("implant_company_id", "refers to an archived row"));
        }
        Some(_) => {}
    }
    if let Some(e) = &email {
        let taken: bool =
            call.tx.query_row("SELECT EXISTS (SELECT 1 FROM users WHERE email = ?1)", [e], |r| r.get(0))?;
        if taken {
            return Err(Error::conflict("a user with this e-mail already exists"));
        }
    }
    let id = values::new_id();
    call.tx.execute(
        "INSERT INTO users (id, facility_id, role_id, access_level, first_name, last_name, email, phone,
             implant_company_id, invited_by, invited_at, created_at)
         SELECT ?1, NULL, r.id, 'device_rep', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8 FROM user_roles r WHERE r.name = 'device_rep'",
        rusqlite::params![id, first, last, email, phone, company, call.ctx.user_id, call.now],
    )?;
    audit::record(
        call,
        AuditEntry {
            action: "users.created".into(),
            target_type: "users",
            target_id: id.clone(),
            target_label: Some(format!("{first} {last}")),
            new_values: audit::row_values(call.tx, "users", &id)?,
            ..AuditEntry::default()
        },
    )?;
    Ok(id)
}

impl Scope {
    /// Invites a device rep to a facility (the context's facility when `facility_id` is `None`): creates a
    /// `pending` link, or re-invites a revoked one. Facility admins (own facility) and global admins.
    pub fn invite_device_rep(&self, facility_id: Option<&str>, invitee: RepInvitee) -> Result<DeviceRepLink> {
        let facility = facility_id.map(|f| values::parse_uuid("facility_id", f)).transpose()?;
        let existing = match &invitee {
            RepInvitee::Existing(id) => Some(values::parse_uuid("user_id", id)?),
            RepInvitee::New(_) => None,
        };
        self.write("invite_device_rep", |call| {
            let facility = call.ctx.target_facility(facility.as_deref(), "facility_id")?;
            if !facility_exists(call.tx, &facility)? {
                return Err(Error::not_found("facility_id"));
            }
            check_admin(&call.ctx, &facility)?;
            let user_id = match (&invitee, &existing) {
                (RepInvitee::New(rep), _) => create_rep_user(call, rep)?,
                (RepInvitee::Existing(_), Some(id)) => {
                    let is_rep: Option<i64> = call
                        .tx
                        .query_row(
                            "SELECT is_active FROM users WHERE id = ?1 AND access_level = 'device_rep'",
                            [id],
                            |r| r.get(0),
                        )
                        .optional()?;
                    match is_rep {
                        None => return Err(Error::not_found("user_id")),
                        Some(0) => return Err(Error::invalid("user_id", "refers to an archived user")),
                        Some(_) => id.clone(),
                    }
                }
                (RepInvitee::Existing(_), None) => unreachable!("parsed above"),
            };
            let before = link(call.tx, &facility, &user_id)?;
            let old = match &before {
                Some(l) => link_row(call, l)?,
                None => None,
            };
            match &before {
                Some(l) if l.status != "revoked" => {
                    return Err(Error::conflict(format!("the device rep is already {} at this facility", l.status)));
                }
                Some(l) => {
                    call.tx.execute(
                        "UPDATE facility_device_reps SET status = 'pending', invited_by = ?2, invited_at = ?3,
                             accepted_at = NULL WHERE id = ?1",
                        rusqlite::params![l.id, call.ctx.user_id, call.now],
                    )?;
                }
                None => {
                    call.tx.execute(
                        "INSERT INTO facility_device_reps (id, facility_id, user_id, status, invited_by, invited_at,
                             created_at) VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?5)",
                        rusqlite::params![values::new_id(), facility, user_id, call.ctx.user_id, call.now],
                    )?;
                }
            }
            let after = link(call.tx, &facility, &user_id)?.expect("just written");
            let action = if before.is_some() { "facility_device_reps.updated" } else { "facility_device_reps.created" };
            audit_link(call, action, old, &after)?;
            Ok(after)
        })
    }

    /// The calling device rep accepts their pending invitation to `facility_id`.
    pub fn accept_device_rep_invitation(&self, facility_id: &str) -> Result<DeviceRepLink> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        self.write("accept_device_rep_invitation", |call| {
            if call.ctx.level != Level::DeviceRep {
                return Err(Error::denied("only the invited device rep can accept an invitation"));
            }
            let me = call.ctx.user_id.clone().unwrap_or_default();
            let before = link(call.tx, &facility, &me)?.ok_or_else(|| Error::not_found("facility_id"))?;
            let old = link_row(call, &before)?;
            if before.status != "pending" {
                return Err(Error::new(
                    ErrorKind::InvalidState,
                    format!("the invitation is {}, not pending", before.status),
                ));
            }
            call.tx.execute(
                "UPDATE facility_device_reps SET status = 'accepted', accepted_at = ?2 WHERE id = ?1",
                rusqlite::params![before.id, call.now],
            )?;
            call.tx.execute(
                "INSERT INTO device_rep_facility_access (id, facility_id, user_id, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (user_id, facility_id) DO NOTHING",
                rusqlite::params![values::new_id(), facility, me, call.now],
            )?;
            let after = link(call.tx, &facility, &me)?.expect("just written");
            audit_link(call, "device_rep.access_accepted", old, &after)?;
            Ok(after)
        })
    }

    /// Revokes a rep's pending or accepted access to a facility (facility admins, global admins). The rep
    /// loses access at their next call.
    pub fn revoke_device_rep(&self, facility_id: &str, user_id: &str) -> Result<DeviceRepLink> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let user = values::parse_uuid("user_id", user_id)?;
        self.write("revoke_device_rep", |call| {
            check_admin(&call.ctx, &facility)?;
            let before = link(call.tx, &facility, &user)?.ok_or_else(|| Error::not_found("user_id"))?;
            let old = link_row(call, &before)?;
            if before.status == "revoked" {
                return Err(Error::new(ErrorKind::InvalidState, "the device rep's access is already revoked"));
            }
            call.tx.execute("UPDATE facility_device_reps SET status = 'revoked' WHERE id = ?1", [&before.id])?;
            call.tx.execute(
                "DELETE FROM device_rep_facility_access WHERE facility_id = ?1 AND user_id = ?2",
                [&facility, &user],
            )?;
            let after = link(call.tx, &facility, &user)?.expect("still there");
            audit_link(call, "device_rep.access_revoked", old, &after)?;
            Ok(after)
        })
    }

    /// Device-rep links visible to the context: members see their facility's, reps their own, global
    /// admins all (optionally one facility's).
    pub fn device_rep_links(&self, facility_id: Option<&str>) -> Result<Vec<DeviceRepLink>> {
        let facility = facility_id.map(|f| values::parse_uuid("facility_id", f)).transpose()?;
        self.read(|conn, ctx| {
            let mut stmt = conn.prepare_cached(&format!(
                "{LINK_SELECT} WHERE (?1 IS NULL OR facility_id = ?1) ORDER BY facility_id, invited_at, id"
            ))?;
            let rows = stmt.query_map([&facility], DeviceRepLink::from_row)?;
            let mut out = Vec::new();
            for l in rows {
                let l = l?;
                let visible = match ctx.level {
                    Level::System | Level::GlobalAdmin => true,
                    Level::DeviceRep => ctx.user_id.as_deref() == Some(l.user_id.as_str()),
                    Level::Anonymous => false,
                    _ => ctx.facility_id.as_deref() == Some(l.facility_id.as_str()),
                };
                if visible {
                    out.push(l);
                }
            }
            Ok(out)
        })
    }
}
