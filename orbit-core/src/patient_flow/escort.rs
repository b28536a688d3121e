//! Escort status links (scheduling-patientflow.md §7, D15/D-S8): a random token, handed to a patient's escort
//! once, opens an anonymous read-only view of the patient's progress.
//!
//! Only the token's SHA-256 hash is stored (`escort_status_links.token_hash`); the token itself is never
//! stored, logged, audited or put in an error message. A lookup hashes whatever string it is given and finds
//! the row by the unique hash index, so unknown, revoked, expired and malformed tokens all end in the same
//! [`LINK_NOT_FOUND`] error.
//!
//! Access: facility members and global admins generate, revoke and list (device reps and anonymous callers
//! never); [`Scope::escort_status`] is open to any context, the anonymous one included: the token is the
//! credential.

use chrono::{Days, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::access::matrix::{self, WriteScope};
use crate::access::{AccessContext, Call, Level, Scope};
use crate::audit::{self, AuditEntry};
use crate::clock::Millis;
use crate::error::{Error, ErrorKind, Result};
use crate::values;

/// Random bytes in a token (192 bits; 32 base64url characters).
pub const TOKEN_BYTES: usize = 24;

/// The default expiry: this long after the local midnight that ends the case's scheduled day (12:00 the next
/// day on an ordinary day; elapsed time, so a DST change that night moves the wall-clock hour).
pub const DEFAULT_EXPIRY_AFTER_MIDNIGHT_MS: i64 = 12 * 60 * 60 * 1000;

/// The one message of every failed [`Scope::escort_status`] lookup (never contains the token).
pub const LINK_NOT_FOUND: &str = "Link not found or expired";

/// What [`Scope::generate_escort_link`] returns: the token, shown this once and never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscortLinkCreated {
    /// Link id (for revoking and listing).
    pub id: String,
    /// The token: 32 base64url characters. Not stored anywhere; hand it to the escort now.
    pub token: String,
    /// When the link stops working (UTC epoch ms).
    pub expires_at: Millis,
}

/// A link's metadata as members list it (never the token or its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscortLink {
    /// Link id.
    pub id: String,
    /// The check-in the link shows.
    pub checkin_id: String,
    /// When it was generated (UTC epoch ms).
    pub created_at: Millis,
    /// Who generated it (`None` for the system context or a deleted user).
    pub created_by: Option<String>,
    /// When it stops working (UTC epoch ms).
    pub expires_at: Millis,
    /// False once revoked or replaced by a newer link (expiry does not clear it).
    pub is_active: bool,
    /// When it was revoked or replaced.
    pub revoked_at: Option<Millis>,
    /// Successful anonymous views.
    pub view_count: i64,
    /// The last successful view.
    pub last_viewed_at: Option<Millis>,
}

/// A patient status as the escort sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscortPatientStatus {
    /// Stable name (`in_surgery`, …).
    pub name: String,
    /// Display name.
    pub display_name: String,
    /// Description.
    pub description: Option<String>,
    /// Colour token.
    pub color: Option<String>,
    /// Icon token.
    pub icon: Option<String>,
}

/// One checklist answer shown to the escort.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EscortField {
    /// The field's key.
    pub field_key: String,
    /// The field's label.
    pub display_label: String,
    /// The response, or null when unanswered.
    pub value: Value,
}

/// The anonymous escort view (§7.3): exactly these fields, nothing about the patient's identity, the escort,
/// staff, room, payer, money, milestones or the link itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EscortStatus {
    /// `facilities.name`.
    pub facility_name: String,
    /// `facilities.logo_url`.
    pub facility_logo: Option<String>,
    /// The case number.
    pub case_number: String,
    /// The procedure type's name.
    pub procedure_name: Option<String>,
    /// `"Dr. " + last name` of the surgeon.
    pub surgeon_name: Option<String>,
    /// Facility-local `YYYY-MM-DD`.
    pub scheduled_date: String,
    /// `HH:MM` start time.
    pub scheduled_time: Option<String>,
    /// The current status; null when the status is hidden from escorts (`show_on_escort_page` = 0, e.g.
    /// no_show).
    pub patient_status: Option<EscortPatientStatus>,
    /// When the status last changed (null when `patient_status` is null).
    pub status_updated_at: Option<Millis>,
    /// Expected arrival (UTC epoch ms).
    pub expected_arrival_time: Option<Millis>,
    /// Actual arrival (UTC epoch ms).
    pub actual_arrival_time: Option<Millis>,
    /// Checklist answers of the facility's active, escort-visible, non-contact fields, by display order then
    /// key.
    pub escort_fields: Vec<EscortField>,
}

/// Lowercase hex SHA-256 of the token's UTF-8 bytes: the stored `token_hash`.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Unpadded base64url (RFC 4648 §5) of `bytes`.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// A fresh token: [`TOKEN_BYTES`] bytes from the OS CSPRNG, base64url without padding.
fn new_token() -> Result<String> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|_| Error::new(ErrorKind::Storage, "the operating system's random number generator failed"))?;
    Ok(base64url(&bytes))
}

/// The default expiry of a link to a case scheduled on `date` in `tz`: the (gap-shifted) local midnight after
/// the case day plus [`DEFAULT_EXPIRY_AFTER_MIDNIGHT_MS`].
pub fn default_expiry(date: NaiveDate, tz: Tz) -> Millis {
    let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
    values::local_instant(next, NaiveTime::MIN, tz) + DEFAULT_EXPIRY_AFTER_MIDNIGHT_MS
}

/// Deactivates the still-active links of case `case_id`'s check-in (cancelling a case; same transaction).
pub(crate) fn revoke_case_links(conn: &Connection, case_id: &str, now: Millis) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE escort_status_links SET is_active = 0, revoked_at = ?2
             WHERE is_active = 1 AND checkin_id IN (SELECT id FROM patient_checkins WHERE case_id = ?1)",
        )?
        .execute(rusqlite::params![case_id, now])?)
}

const LINK_COLUMNS: &str =
    "id, checkin_id, created_at, created_by, expires_at, is_active, revoked_at, view_count, last_viewed_at";

fn link_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EscortLink> {
    Ok(EscortLink {
        id: r.get(0)?,
        checkin_id: r.get(1)?,
        created_at: r.get(2)?,
        created_by: r.get(3)?,
        expires_at: r.get(4)?,
        is_active: r.get(5)?,
        revoked_at: r.get(6)?,
        view_count: r.get(7)?,
        last_viewed_at: r.get(8)?,
    })
}

fn load_link(conn: &Connection, id: &str) -> Result<Option<EscortLink>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {LINK_COLUMNS} FROM escort_status_links WHERE id = ?1"))?
        .query_row([id], link_from_row)
        .optional()?)
}

/// Refuses device reps and anonymous callers (after the facility check, so other facilities stay NotFound).
fn check_member(ctx: &AccessContext, write: bool) -> Result<()> {
    let allowed = if write {
        matches!(matrix::write_scope("escort_status_links", ctx.level), WriteScope::All | WriteScope::OwnFacility)
    } else {
        !matches!(ctx.level, Level::DeviceRep | Level::Anonymous)
    };
    if allowed { Ok(()) } else { Err(Error::denied("escort links are for facility members")) }
}

/// The check-in's facility and case when `ctx` may see it, else `NotFound` naming `checkin_id`.
fn visible_checkin(conn: &Connection, ctx: &AccessContext, checkin_id: &str) -> Result<(String, String)> {
    if ctx.level == Level::Anonymous {
        return Err(Error::denied("escort links are for facility members"));
    }
    conn.prepare_cached("SELECT facility_id, case_id FROM patient_checkins WHERE id = ?1")?
        .query_row([checkin_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .optional()?
        .filter(|(f, _)| ctx.sees_facility(f))
        .ok_or_else(|| Error::not_found("checkin_id"))
}

fn case_label(conn: &Connection, case_id: &str) -> Result<String> {
    Ok(conn.prepare_cached("SELECT case_number FROM cases WHERE id = ?1")?.query_row([case_id], |r| r.get(0))?)
}

fn audit_entry(call: &Call<'_>, action: &str, link: &EscortLink, facility: &str, case_id: &str) -> Result<AuditEntry> {
    let object = |v: Value| v.as_object().cloned().unwrap_or_default();
    Ok(AuditEntry {
        action: action.into(),
        target_type: "escort_status_links",
        target_id: link.id.clone(),
        target_label: Some(case_label(call.tx, case_id)?),
        facility_id: Some(facility.to_string()),
        new_values: Some(object(json!({
            "checkin_id": link.checkin_id,
            "expires_at": values::rfc3339_ms(link.expires_at),
            "is_active": link.is_active,
            "revoked_at": link.revoked_at.map(values::rfc3339_ms),
        }))),
        metadata: Map::new(),
        ..AuditEntry::default()
    })
}

/// One row of the escort view query, before the hidden-status and checklist rules are applied.
struct ViewRow {
    link_id: String,
    facility_id: String,
    status: EscortStatus,
    show_status: bool,
    responses: String,
}

const VIEW_SQL: &str = "SELECT l.id, k.facility_id, f.name, f.logo_url, c.case_number, p.name, u.last_name,
        c.scheduled_date, c.start_time, s.name, s.display_name, s.description, s.color, s.icon,
        s.show_on_escort_page, k.status_updated_at, k.expected_arrival_time, k.actual_arrival_time,
        k.checklist_responses
    FROM escort_status_links l
    JOIN patient_checkins k ON k.id = l.checkin_id
    JOIN cases c ON c.id = k.case_id
    JOIN facilities f ON f.id = k.facility_id
    JOIN patient_statuses s ON s.id = k.patient_status_id
    LEFT JOIN procedure_types p ON p.id = c.procedure_type_id
    LEFT JOIN users u ON u.id = c.surgeon_id
    WHERE l.token_hash = ?1 AND l.is_active = 1 AND l.expires_at > ?2";

fn view_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ViewRow> {
    let start: Option<String> = r.get(8)?;
    Ok(ViewRow {
        link_id: r.get(0)?,
        facility_id: r.get(1)?,
        status: EscortStatus {
            facility_name: r.get(2)?,
            facility_logo: r.get(3)?,
            case_number: r.get(4)?,
            procedure_name: r.get(5)?,
            surgeon_name: r.get::<_, Option<String>>(6)?.map(|last| format!("Dr. {last}")),
            scheduled_date: r.get(7)?,
            scheduled_time: start.map(|t| t.chars().take(5).collect()),
            patient_status: Some(EscortPatientStatus {
                name: r.get(9)?,
                display_name: r.get(10)?,
                description: r.get(11)?,
                color: r.get(12)?,
                icon: r.get(13)?,
            }),
            status_updated_at: r.get(15)?,
            expected_arrival_time: r.get(16)?,
            actual_arrival_time: r.get(17)?,
            escort_fields: Vec::new(),
        },
        show_status: r.get(14)?,
        responses: r.get(18)?,
    })
}

fn escort_fields(conn: &Connection, facility_id: &str, responses: &str) -> Result<Vec<EscortField>> {
    let responses: Map<String, Value> = serde_json::from_str(responses).unwrap_or_default();
    let mut stmt = conn.prepare_cached(
        "SELECT field_key, display_label FROM preop_checklist_fields
         WHERE facility_id = ?1 AND is_active = 1 AND deleted_at IS NULL AND show_on_escort_page = 1
           AND field_type <> 'contact'
         ORDER BY display_order, field_key",
    )?;
    let rows = stmt.query_map([facility_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|row| {
        let (field_key, display_label) = row?;
        let value = responses.get(&field_key).cloned().unwrap_or(Value::Null);
        Ok(EscortField { field_key, display_label, value })
    })
    .collect()
}

impl Scope {
    /// Generates a new escort link for check-in `checkin_id` and returns its token (the only time it is
    /// visible). `expires_at` defaults to [`default_expiry`] of the case day (`InvalidState` when that has
    /// already passed: pass one); an explicit one must lie in the future (`InvalidInput`). The check-in's
    /// other active links are deactivated. `CaseCancelled` for a cancelled case. Audited as
    /// `checkin.escort_link_generated` (without the token).
    pub fn generate_escort_link(&self, checkin_id: &str, expires_at: Option<Millis>) -> Result<EscortLinkCreated> {
        let checkin = values::parse_uuid("checkin_id", checkin_id)?;
        self.write("generate_escort_link", |call| {
            let (facility, case_id) = visible_checkin(call.tx, &call.ctx, &checkin)?;
            check_member(&call.ctx, true)?;
            let (status, date, tz): (String, String, String) = call.tx.query_row(
                "SELECT s.name, c.scheduled_date, f.timezone FROM cases c
                 JOIN case_statuses s ON s.id = c.status_id JOIN facilities f ON f.id = c.facility_id
                 WHERE c.id = ?1",
                [&case_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            if status == "cancelled" {
                return Err(Error::new(ErrorKind::CaseCancelled, "the case is cancelled: its check-in gets no links"));
            }
            let expires_at = match expires_at {
                Some(at) if at <= call.now => return Err(Error::invalid("expires_at", "must lie in the future")),
                Some(at) => at,
                None => {
                    let at = default_expiry(values::date("scheduled_date", &date)?, values::timezone("timezone", &tz)?);
                    if at <= call.now {
                        return Err(Error::new(
                            ErrorKind::InvalidState,
                            "the default expiry (12 hours after the midnight ending the case day) has passed: \
                             pass expires_at",
                        ));
                    }
                    at
                }
            };
            call.tx
                .prepare_cached(
                    "UPDATE escort_status_links SET is_active = 0, revoked_at = ?2 WHERE checkin_id = ?1 AND is_active = 1",
                )?
                .execute(rusqlite::params![checkin, call.now])?;
            let token = new_token()?;
            let id = values::new_id();
            call.tx
                .prepare_cached(
                    "INSERT INTO escort_status_links (id, facility_id, checkin_id, token_hash, expires_at, created_by,
                         created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(rusqlite::params![
                    id,
                    facility,
                    checkin,
                    token_hash(&token),
                    expires_at,
                    call.ctx.user_id,
                    call.now
                ])?;
            let link = load_link(call.tx, &id)?.ok_or_else(|| Error::not_found("link_id"))?;
            let entry = audit_entry(call, "checkin.escort_link_generated", &link, &facility, &case_id)?;
            audit::record(call, entry)?;
            Ok(EscortLinkCreated { id, token, expires_at })
        })
    }

    /// Revokes link `link_id` (is_active = 0, revoked_at = now; audited as `checkin.escort_link_revoked`) and
    /// returns its metadata. A link that is already inactive is returned unchanged, nothing written.
    pub fn revoke_escort_link(&self, link_id: &str) -> Result<EscortLink> {
        let id = values::parse_uuid("link_id", link_id)?;
        self.write("revoke_escort_link", |call| {
            let link = load_link(call.tx, &id)?.ok_or_else(|| Error::not_found("link_id"))?;
            let (facility, case_id) =
                visible_checkin(call.tx, &call.ctx, &link.checkin_id).map_err(|e| match e.kind() {
                    ErrorKind::NotFound => Error::not_found("link_id"),
                    _ => e,
                })?;
            check_member(&call.ctx, true)?;
            if !link.is_active {
                return Ok(link);
            }
            call.tx
                .prepare_cached("UPDATE escort_status_links SET is_active = 0, revoked_at = ?2 WHERE id = ?1")?
                .execute(rusqlite::params![id, call.now])?;
            let link = load_link(call.tx, &id)?.ok_or_else(|| Error::not_found("link_id"))?;
            let entry = audit_entry(call, "checkin.escort_link_revoked", &link, &facility, &case_id)?;
            audit::record(call, entry)?;
            Ok(link)
        })
    }

    /// The links of check-in `checkin_id`, newest first: metadata only (members of the facility and global
    /// admins).
    pub fn list_escort_links(&self, checkin_id: &str) -> Result<Vec<EscortLink>> {
        let checkin = values::parse_uuid("checkin_id", checkin_id)?;
        self.read(|conn, ctx| {
            visible_checkin(conn, ctx, &checkin)?;
            check_member(ctx, false)?;
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {LINK_COLUMNS} FROM escort_status_links WHERE checkin_id = ?1
                 ORDER BY created_at DESC, rowid DESC"
            ))?;
            Ok(stmt.query_map([&checkin], link_from_row)?.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The anonymous escort view of the link whose token is `token` (§7.3); counts the view. Any string that
    /// is not the token of an active, unexpired link — malformed or empty included — gives `NotFound` with
    /// [`LINK_NOT_FOUND`]. Open to every context (the anonymous one included); not audited.
    pub fn escort_status(&self, token: &str) -> Result<EscortStatus> {
        let hash = token_hash(token);
        self.write("escort_status", |call| {
            let row = call
                .tx
                .prepare_cached(VIEW_SQL)?
                .query_row(rusqlite::params![hash, call.now], view_row)
                .optional()?
                .ok_or_else(|| Error::new(ErrorKind::NotFound, LINK_NOT_FOUND))?;
            call.tx
                .prepare_cached(
                    "UPDATE escort_status_links SET view_count = view_count + 1, last_viewed_at = ?2 WHERE id = ?1",
                )?
                .execute(rusqlite::params![row.link_id, call.now])?;
            let mut status = row.status;
            if !row.show_status {
                status.patient_status = None;
                status.status_updated_at = None;
            }
            status.escort_fields = escort_fields(call.tx, &row.facility_id, &row.responses)?;
            Ok(status)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_the_rfc_4648_vectors_without_padding() {
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64url(input.as_bytes()), expected, "{input:?}");
        }
        // The URL-safe alphabet: 62 → '-', 63 → '_'.
        assert_eq!(base64url(&[0xfb, 0xff, 0xbf]), "-_-_");
        assert_eq!(base64url(&[0u8; 24]), "A".repeat(32));
    }

    #[test]
    fn token_hash_is_lowercase_hex_sha256() {
        assert_eq!(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(token_hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn new_token_is_32_url_safe_characters_and_fresh() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'), "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn default_expiry_follows_the_worked_examples() {
        let at = |s: &str| values::parse_rfc3339("t", s).unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let ny: Tz = "America/New_York".parse().unwrap();
        let santiago: Tz = "America/Santiago".parse().unwrap();
        assert_eq!(default_expiry(d("2025-03-10"), ny), at("2025-03-11T16:00:00Z"));
        assert_eq!(default_expiry(d("2025-11-01"), ny), at("2025-11-02T16:00:00Z"));
        // Midnight does not exist there that night: shifted to 01:00 −03.
        assert_eq!(default_expiry(d("2025-09-06"), santiago), at("2025-09-07T16:00:00Z"));
    }
}
