//! Case staff (scheduling-patientflow.md §8): who worked a case and in which clinical role.
//!
//! Rows are never deleted while the case lives: `remove_staff` stamps `removed_at`/`removed_by`, and adding
//! the same user again restores that row (UNIQUE (case_id, user_id)). Readers list active rows only, oldest
//! first, so a case's anesthesiologist is the first listed row whose role is `anesthesiologist`.
//!
//! Choices the spec leaves open:
//! - Staff changes are untracked columns of the case: audited (`case_staff.added` / `case_staff.removed`), no
//!   case history, stats, detection or neighbours (nothing downstream reads staff).
//! - Staff may be edited on drafts (creation accepts staff on drafts too). Adding staff to a cancelled case
//!   is `CaseCancelled`; removing is allowed (a cancelled case keeps no staff).
//! - Removing a user who is not active staff of the case is `NotFound` (`user_id`), never a silent no-op, so a
//!   caller's stale view shows up; adding a user who is already active staff with the same role is a no-op
//!   (with another role: the role is updated, audited as `case_staff.role_changed`).
//! - Device reps are refused with `InvalidInput` whatever the facility (§8).

use crate::store::Cached;
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::history::CaseState;
use super::{check_case_ref, load_for_write};
use crate::access::{Call, Scope};
use crate::audit::{self, AuditEntry};
use crate::error::{Error, ErrorKind, Result};
use crate::values;

/// One active staff member of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseStaffMember {
    /// `case_staff.id`.
    pub id: String,
    /// Case.
    pub case_id: String,
    /// The user.
    pub user_id: String,
    /// The user's first name.
    pub first_name: String,
    /// The user's last name.
    pub last_name: String,
    /// Clinical role name (`nurse`, `anesthesiologist`, …).
    pub role: String,
    /// When the row was created (ms).
    pub created_at: i64,
}

/// The parameter names a staff write reports errors under (`staff.user_id` inside `create_case`, `user_id`
/// for the staff calls).
pub(super) struct Params {
    pub user: &'static str,
    pub role: &'static str,
}

pub(super) const IN_CREATE: Params = Params { user: "staff.user_id", role: "staff.role" };
const IN_CALLS: Params = Params { user: "user_id", role: "role" };

const STAFF_SELECT: &str = "SELECT s.id, s.case_id, s.user_id, u.first_name, u.last_name, r.name, s.created_at
    FROM case_staff s JOIN users u ON u.id = s.user_id JOIN user_roles r ON r.id = s.role_id";

fn member_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseStaffMember> {
    Ok(CaseStaffMember {
        id: r.get(0)?,
        case_id: r.get(1)?,
        user_id: r.get(2)?,
        first_name: r.get(3)?,
        last_name: r.get(4)?,
        role: r.get(5)?,
        created_at: r.get(6)?,
    })
}

fn active_staff(conn: &rusqlite::Connection, case_id: &str) -> Result<Vec<CaseStaffMember>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{STAFF_SELECT} WHERE s.case_id = ?1 AND s.removed_at IS NULL ORDER BY s.created_at, s.id"
    ))?;
    let rows = stmt.query_map([case_id], member_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn label(state: &CaseState) -> String {
    format!("Case #{}", state.case_number)
}

/// Puts `user_id` on the case's staff with `role` (§8 `add_staff`): an active row with the same role is a no-op
/// (`None`), with another role its role is updated; a removed row is restored; else a row is inserted.
pub(super) fn add(
    call: &Call<'_>,
    case_id: &str,
    state: &CaseState,
    user_id: &str,
    role: &str,
    p: &Params,
) -> Result<Option<AuditEntry>> {
    let user = values::parse_uuid(p.user, user_id)?;
    let is_rep: Option<bool> = call
        .tx
        .query_row_cached("SELECT access_level = 'device_rep' FROM users WHERE id = ?1", [&user], |r| r.get(0))
        .optional()?;
    if is_rep == Some(true) {
        return Err(Error::invalid(p.user, "device reps cannot be case staff"));
    }
    let user = check_case_ref(call.tx, &state.facility_id, p.user, "users", &user)?;
    let role_id: String = call
        .tx
        .query_row_cached("SELECT id FROM user_roles WHERE name = ?1", [role.trim().to_lowercase()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::invalid(p.role, "must be the name of a user role"))?;
    let existing: Option<(String, String, Option<i64>)> = call
        .tx
        .query_row_cached(
            "SELECT id, role_id, removed_at FROM case_staff WHERE case_id = ?1 AND user_id = ?2",
            [case_id, &user],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (id, action, old) = match existing {
        Some((_, ref old_role, None)) if *old_role == role_id => return Ok(None),
        Some((id, _, removed)) => {
            let old = audit::row_values(call.tx, "case_staff", &id)?;
            call.tx.execute_cached(
                "UPDATE case_staff SET removed_at = NULL, removed_by = NULL, role_id = ?2 WHERE id = ?1",
                rusqlite::params![id, role_id],
            )?;
            let action = if removed.is_some() { "case_staff.added" } else { "case_staff.role_changed" };
            (id, action, old)
        }
        None => {
            let id = values::new_id();
            call.tx.execute_cached(
                "INSERT INTO case_staff (id, case_id, user_id, role_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![id, case_id, user, role_id, call.now],
            )?;
            (id, "case_staff.added", None)
        }
    };
    Ok(Some(AuditEntry {
        action: action.into(),
        target_type: "case_staff",
        target_id: id.clone(),
        target_label: Some(label(state)),
        facility_id: Some(state.facility_id.clone()),
        old_values: old,
        new_values: audit::row_values(call.tx, "case_staff", &id)?,
        ..AuditEntry::default()
    }))
}

/// Soft-removes `user_id` from the case's active staff; returns the role it had.
fn remove(call: &Call<'_>, case_id: &str, state: &CaseState, user_id: &str) -> Result<String> {
    let user = values::parse_uuid("user_id", user_id)?;
    let (id, role): (String, String) = call
        .tx
        .query_row_cached(
            "SELECT s.id, r.name FROM case_staff s JOIN user_roles r ON r.id = s.role_id
             WHERE s.case_id = ?1 AND s.user_id = ?2 AND s.removed_at IS NULL",
            [case_id, &user],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("user_id"))?;
    let old = audit::row_values(call.tx, "case_staff", &id)?;
    call.tx.execute_cached(
        "UPDATE case_staff SET removed_at = ?2, removed_by = ?3 WHERE id = ?1",
        rusqlite::params![id, call.now, call.ctx.user_id],
    )?;
    audit::record(
        call,
        AuditEntry {
            action: "case_staff.removed".into(),
            target_type: "case_staff",
            target_id: id.clone(),
            target_label: Some(label(state)),
            facility_id: Some(state.facility_id.clone()),
            old_values: old,
            new_values: audit::row_values(call.tx, "case_staff", &id)?,
            ..AuditEntry::default()
        },
    )?;
    Ok(role)
}

fn add_to(call: &Call<'_>, case_id: &str, state: &CaseState, user_id: &str, role: &str) -> Result<()> {
    if state.status == "cancelled" {
        return Err(Error::new(ErrorKind::CaseCancelled, "the case is cancelled"));
    }
    if let Some(entry) = add(call, case_id, state, user_id, role, &IN_CALLS)? {
        audit::record(call, entry)?;
    }
    Ok(())
}

impl Scope {
    /// `add_staff` (§8): puts a user of the case's facility on its staff in `role` (a `user_roles` name).
    /// Returns the case's active staff.
    pub fn add_staff(&self, case_id: &str, user_id: &str, role: &str) -> Result<Vec<CaseStaffMember>> {
        self.write("add_staff", |call| {
            let (id, state) = load_for_write(call, case_id)?;
            add_to(call, &id, &state, user_id, role)?;
            active_staff(call.tx, &id)
        })
    }

    /// `remove_staff` (§8): soft-removes a user from the case's staff (`NotFound` when not active staff).
    /// Returns the case's active staff.
    pub fn remove_staff(&self, case_id: &str, user_id: &str) -> Result<Vec<CaseStaffMember>> {
        self.write("remove_staff", |call| {
            let (id, state) = load_for_write(call, case_id)?;
            remove(call, &id, &state, user_id)?;
            active_staff(call.tx, &id)
        })
    }

    /// `move_staff` (§8): removes a user from one case's staff and adds them to another's with the same role,
    /// in one transaction. Returns the destination case's active staff.
    pub fn move_staff(&self, from_case_id: &str, to_case_id: &str, user_id: &str) -> Result<Vec<CaseStaffMember>> {
        self.write("move_staff", |call| {
            let (from, from_state) =
                load_for_write(call, from_case_id).map_err(|e| rename_not_found(e, "from_case_id"))?;
            let (to, to_state) = load_for_write(call, to_case_id).map_err(|e| rename_not_found(e, "to_case_id"))?;
            if from == to {
                return Err(Error::invalid("to_case_id", "must differ from from_case_id"));
            }
            let role = remove(call, &from, &from_state, user_id)?;
            add_to(call, &to, &to_state, user_id, &role)?;
            active_staff(call.tx, &to)
        })
    }

    /// The active staff of a case, oldest first (the first `anesthesiologist` is the case's anesthesiologist).
    pub fn case_staff(&self, case_id: &str) -> Result<Vec<CaseStaffMember>> {
        let id = values::parse_uuid("case_id", case_id)?;
        self.read(|conn, ctx| {
            ctx.case_facility(conn, &id, false)?;
            active_staff(conn, &id)
        })
    }
}

fn rename_not_found(e: Error, param: &str) -> Error {
    match e.kind() {
        ErrorKind::NotFound => Error::not_found(param),
        _ => e,
    }
}
