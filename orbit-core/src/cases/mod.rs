//! The case lifecycle (lifecycle-and-stats.md §2): one transaction per operation, validations first, then
//! the operation's own steps 1–2 and the shared steps 3–9 of [`dispatch`].

pub mod delays;
mod dispatch;
pub mod history;
pub mod model;
pub mod staff;

use crate::store::Cached;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value, json};

use crate::access::matrix::{self, WriteScope};
use crate::access::read::{self, FilterParams, Gates};
use crate::access::{AccessContext, Call, Level, Scope};
use crate::audit::{self, AuditEntry};
use crate::clock::Millis;
use crate::error::{Error, ErrorKind, Result};
use crate::reference::Record;
use crate::rows::{self, Instants};
use crate::values::{self, MAX_NAME_CHARS, MAX_TEXT_CHARS};

pub use delays::CaseDelay;
use dispatch::{ExclusionSync, Steps, case_audit};
use history::CaseState;
pub use model::{CaseMilestone, NewCase, RecordOutcome, StaffInput};

/// Timestamps other than schedule fields may be at most this far after `now` (`FutureTimestamp`).
pub const FUTURE_LIMIT_MS: i64 = 5 * 60 * 1000;

/// The case statuses, by their seeded names.
pub const STATUSES: [&str; 6] = ["scheduled", "in_progress", "completed", "delayed", "on_hold", "cancelled"];

/// Milestones whose record or undo changes other cases' sequences and turnovers (§2.6).
pub const KEY_MILESTONES: [&str; 4] = ["patient_in", "patient_out", "incision", "closing"];

// ---------------------------------------------------------------------------------------------------------
// Shared checks

/// Case writes: members of the case's facility and global admins (`PermissionDenied` otherwise).
fn check_writer(ctx: &AccessContext) -> Result<()> {
    match matrix::write_scope("cases", ctx.level) {
        WriteScope::All | WriteScope::OwnFacility => Ok(()),
        _ => Err(Error::denied("this access level cannot change cases")),
    }
}

/// The case's state if the context may see it (`NotFound` otherwise), checking write access.
fn load_for_write(call: &Call<'_>, case_id: &str) -> Result<(String, CaseState)> {
    let id = values::parse_uuid("case_id", case_id)?;
    let state =
        history::state(call.tx, &id)?.filter(|s| visible(&call.ctx, s)).ok_or_else(|| Error::not_found("case_id"))?;
    check_writer(&call.ctx)?;
    Ok((id, state))
}

/// A case milestone's sequence position (§1.7) in a query over `case_milestones cm` joined to
/// `facility_milestones fm` and `cases c`: its template placement, or its facility order without a template;
/// NULL for a milestone outside the case's template.
pub(crate) const MILESTONE_POSITION: &str = "CASE WHEN c.milestone_template_id IS NULL THEN fm.display_order
    ELSE (SELECT min(i.display_order) FROM milestone_template_items i
          WHERE i.template_id = c.milestone_template_id AND i.facility_milestone_id = fm.id) END";

pub(crate) fn visible(ctx: &AccessContext, s: &CaseState) -> bool {
    ctx.sees_facility(&s.facility_id) && ctx.level != Level::DeviceRep
}

fn status_id(conn: &Connection, name: &str) -> Result<String> {
    Ok(conn.prepare_cached("SELECT id FROM case_statuses WHERE name = ?1")?.query_row([name], |r| r.get(0))?)
}

fn set_status(call: &Call<'_>, case_id: &str, name: &str) -> Result<()> {
    let sid = status_id(call.tx, name)?;
    call.tx
        .prepare_cached("UPDATE cases SET status_id = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(rusqlite::params![case_id, sid, call.now])?;
    Ok(())
}

/// The operations the transition matrix allows from `from` (for error messages).
fn allowed_from(from: &str) -> &'static str {
    match from {
        "draft" => "finalize_draft",
        "scheduled" => "record patient_in, set_case_status delayed/on_hold, cancel_case",
        "in_progress" => "record patient_out, undo patient_in, cancel_case",
        "completed" => "undo patient_out",
        "delayed" | "on_hold" => "record patient_in, set_case_status scheduled, cancel_case",
        "cancelled" => "restore_case",
        _ => "none",
    }
}

fn transition_error(from: &str, to: &str) -> Error {
    Error::new(
        ErrorKind::InvalidStatusTransition,
        format!("a case cannot go from {from} to {to}; allowed from {from}: {}", allowed_from(from)),
    )
}

fn check_not_future(param: &str, at: Millis, now: Millis) -> Result<()> {
    if at > now + FUTURE_LIMIT_MS {
        return Err(Error::new(ErrorKind::FutureTimestamp, format!("{param}: may be at most 5 minutes after now")));
    }
    Ok(())
}

/// A reference from a case to a facility row (§2.3): exists in the facility (`NotFound` naming the
/// parameter) and is not archived (`InvalidInput`).
fn check_case_ref(conn: &Connection, facility: &str, param: &str, table: &str, id: &str) -> Result<String> {
    let id = values::parse_uuid(param, id)?;
    let facility_sql = match table {
        // Hybrid vocabularies: the facility's rows or the global ones.
        "delay_types" | "implant_companies" => "(facility_id = ?2 OR facility_id IS NULL)",
        _ => "facility_id = ?2",
    };
    let active: Option<i64> = conn
        .query_row(&format!("SELECT is_active FROM {table} WHERE id = ?1 AND {facility_sql}"), [&id, facility], |r| {
            r.get(0)
        })
        .optional()?;
    match active {
        None => Err(Error::not_found(param)),
        Some(0) => Err(Error::invalid(param, "refers to an archived row")),
        Some(_) => Ok(id),
    }
}

fn operative_side(v: Option<&str>) -> Result<Option<String>> {
    match v {
        None => Ok(None),
        Some(s @ ("left" | "right" | "bilateral" | "n/a")) => Ok(Some(s.to_string())),
        Some(_) => Err(Error::invalid("operative_side", "must be one of left, right, bilateral, n/a")),
    }
}

/// The milestone rows a case of template `template` gets: one per distinct active milestone of its items,
/// in order of each milestone's first placement (`EmptyTemplate` when none).
fn template_milestones(conn: &Connection, template: &str) -> Result<Vec<String>> {
    let ids: Vec<String> = conn
        .prepare_cached(
            "SELECT i.facility_milestone_id FROM milestone_template_items i
             JOIN facility_milestones m ON m.id = i.facility_milestone_id AND m.is_active = 1
             WHERE i.template_id = ?1 GROUP BY i.facility_milestone_id ORDER BY min(i.display_order), i.facility_milestone_id",
        )?
        .query_map([template], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if ids.is_empty() {
        return Err(Error::new(ErrorKind::EmptyTemplate, format!("No milestones found in template {template}")));
    }
    Ok(ids)
}

fn insert_milestone_rows(call: &Call<'_>, case_id: &str, milestones: &[String]) -> Result<()> {
    let mut stmt = call.tx.prepare_cached(
        "INSERT INTO case_milestones (id, case_id, facility_milestone_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
    )?;
    for m in milestones {
        stmt.execute(rusqlite::params![values::new_id(), case_id, m, call.now])?;
    }
    Ok(())
}

/// Whether the case requires a device rep (override, else its procedure's flag).
fn requires_rep(conn: &Connection, case_id: &str) -> Result<bool> {
    Ok(conn.query_row_cached(
        "SELECT coalesce(c.rep_required_override, p.requires_rep, 0) FROM cases c
         LEFT JOIN procedure_types p ON p.id = c.procedure_type_id WHERE c.id = ?1",
        [case_id],
        |r| r.get::<_, i64>(0),
    )? == 1)
}

/// `assign_company`: the assignment row, and a pending tray row when the case requires a rep.
pub(crate) fn assign_company(call: &Call<'_>, case_id: &str, company: &str, label: &str) -> Result<AuditEntry> {
    let id = values::new_id();
    call.tx
        .execute_cached(
            "INSERT INTO case_implant_companies (id, case_id, implant_company_id, created_at) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![id, case_id, company, call.now],
        )
        .map_err(|e| match Error::from(e) {
            e if e.kind() == ErrorKind::Conflict => Error::conflict("the company is already assigned to the case"),
            e => e,
        })?;
    if requires_rep(call.tx, case_id)? {
        call.tx.execute_cached(
            "INSERT INTO case_device_companies (id, case_id, implant_company_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (case_id, implant_company_id) DO NOTHING",
            rusqlite::params![values::new_id(), case_id, company, call.now],
        )?;
    }
    let name: String =
        call.tx.query_row_cached("SELECT name FROM implant_companies WHERE id = ?1", [company], |r| r.get(0))?;
    Ok(AuditEntry {
        action: "case.implant_company_added".into(),
        target_type: "case_implant_companies",
        target_id: id,
        target_label: Some(label.to_string()),
        new_values: Some(json!({"implant_company_id": company, "name": name}).as_object().cloned().unwrap_or_default()),
        ..AuditEntry::default()
    })
}

/// The columns a case row is written from, validated against its facility.
struct CaseFields {
    cols: Vec<(&'static str, SqlValue)>,
}

/// Validates the patchable/creatable fields present in `input` (§2.3) for a case of `facility`.
fn validate_fields(
    conn: &Connection,
    facility: &str,
    input: &Map<String, Value>,
    case_id: Option<&str>,
) -> Result<CaseFields> {
    let mut cols = Vec::new();
    let text = |k: &str, v: &Value, max: usize| -> Result<SqlValue> {
        match v {
            Value::Null => Ok(SqlValue::Null),
            Value::String(s) => Ok(values::text(k, Some(s), max)?.map_or(SqlValue::Null, SqlValue::Text)),
            _ => Err(Error::invalid(k, "must be a string or null")),
        }
    };
    let opt_str = |k: &str, v: &Value| -> Result<Option<String>> {
        match v {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            _ => Err(Error::invalid(k, "must be a string or null")),
        }
    };
    for (key, v) in input {
        let k = key.as_str();
        let value = match k {
            "case_number" => SqlValue::Text(values::name(
                k,
                v.as_str().ok_or_else(|| Error::invalid(k, "must be a string"))?,
                MAX_NAME_CHARS,
            )?),
            "scheduled_date" => SqlValue::Text(
                values::date(k, v.as_str().ok_or_else(|| Error::invalid(k, "must be a date YYYY-MM-DD"))?)?
                    .format("%Y-%m-%d")
                    .to_string(),
            ),
            "start_time" => match opt_str(k, v)? {
                None => SqlValue::Null,
                Some(t) => SqlValue::Text(values::time(k, &t)?),
            },
            "or_room_id" | "procedure_type_id" | "payer_id" | "patient_id" | "surgeon_id" => match opt_str(k, v)? {
                None => SqlValue::Null,
                Some(id) => {
                    let table = match k {
                        "or_room_id" => "or_rooms",
                        "procedure_type_id" => "procedure_types",
                        "payer_id" => "payers",
                        "patient_id" => "patients",
                        _ => "users",
                    };
                    SqlValue::Text(check_case_ref(conn, facility, k, table, &id)?)
                }
            },
            "called_next_case_id" => match opt_str(k, v)? {
                None => SqlValue::Null,
                Some(id) => {
                    let id = values::parse_uuid(k, &id)?;
                    let ok: bool = conn.query_row_cached(
                        "SELECT EXISTS (SELECT 1 FROM cases WHERE id = ?1 AND facility_id = ?2)",
                        [&id, facility],
                        |r| r.get(0),
                    )?;
                    if !ok {
                        return Err(Error::not_found(k));
                    }
                    if Some(id.as_str()) == case_id {
                        return Err(Error::invalid(k, "must be another case"));
                    }
                    SqlValue::Text(id)
                }
            },
            "operative_side" => operative_side(opt_str(k, v)?.as_deref())?.map_or(SqlValue::Null, SqlValue::Text),
            "notes" | "primary_diagnosis_desc" => text(k, v, MAX_TEXT_CHARS)?,
            "primary_diagnosis_code" | "external_case_id" | "external_system" | "import_source" => {
                text(k, v, MAX_NAME_CHARS)?
            }
            "rep_required_override" => match v {
                Value::Null => SqlValue::Null,
                Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
                _ => return Err(Error::invalid(k, "must be true, false or null")),
            },
            "call_time" | "called_back_at" => match v {
                Value::Null => SqlValue::Null,
                v => SqlValue::Integer(
                    values::json_i64(v).ok_or_else(|| Error::invalid(k, "must be an instant in epoch ms"))?,
                ),
            },
            _ => {
                return Err(Error::invalid(
                    k,
                    "is not a patchable case field (case_number, scheduled_date, start_time, or_room_id, surgeon_id, \
                     procedure_type_id, payer_id, patient_id, call_time, called_back_at, called_next_case_id, \
                     operative_side, notes, rep_required_override, primary_diagnosis_code, primary_diagnosis_desc, \
                     external_case_id, external_system, import_source)",
                ));
            }
        };
        let name = STATIC_FIELDS.iter().find(|f| **f == k).copied().expect("matched above");
        cols.push((name, value));
    }
    Ok(CaseFields { cols })
}

const STATIC_FIELDS: [&str; 19] = [
    "case_number",
    "scheduled_date",
    "start_time",
    "or_room_id",
    "surgeon_id",
    "procedure_type_id",
    "payer_id",
    "patient_id",
    "call_time",
    "called_back_at",
    "called_next_case_id",
    "operative_side",
    "notes",
    "rep_required_override",
    "primary_diagnosis_code",
    "primary_diagnosis_desc",
    "external_case_id",
    "external_system",
    "import_source",
];

fn case_number_taken(conn: &Connection, facility: &str, number: &str, except: Option<&str>) -> Result<bool> {
    Ok(conn.query_row_cached(
        "SELECT EXISTS (SELECT 1 FROM cases WHERE facility_id = ?1 AND case_number = ?2 AND id IS NOT ?3)",
        rusqlite::params![facility, number, except],
        |r| r.get(0),
    )?)
}

fn new_case_input(new: &NewCase) -> Map<String, Value> {
    let mut m = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            m.insert(k.into(), v);
        }
    };
    put("case_number", Some(Value::String(new.case_number.clone())));
    put("scheduled_date", Some(Value::String(new.scheduled_date.clone())));
    put("start_time", new.start_time.clone().map(Value::String));
    put("or_room_id", new.or_room_id.clone().map(Value::String));
    put("procedure_type_id", new.procedure_type_id.clone().map(Value::String));
    put("surgeon_id", new.surgeon_id.clone().map(Value::String));
    put("payer_id", new.payer_id.clone().map(Value::String));
    put("patient_id", new.patient_id.clone().map(Value::String));
    put("operative_side", new.operative_side.clone().map(Value::String));
    put("notes", new.notes.clone().map(Value::String));
    put("rep_required_override", new.rep_required_override.map(Value::Bool));
    put("external_case_id", new.external_case_id.clone().map(Value::String));
    put("external_system", new.external_system.clone().map(Value::String));
    put("import_source", new.import_source.clone().map(Value::String));
    put("primary_diagnosis_code", new.primary_diagnosis_code.clone().map(Value::String));
    put("primary_diagnosis_desc", new.primary_diagnosis_desc.clone().map(Value::String));
    m
}

fn col<'a>(fields: &'a CaseFields, name: &str) -> Option<&'a SqlValue> {
    fields.cols.iter().find(|(c, _)| *c == name).map(|(_, v)| v)
}

fn sql_text(v: Option<&SqlValue>) -> Option<String> {
    match v {
        Some(SqlValue::Text(t)) => Some(t.clone()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------------------
// Milestone rows and positions

fn milestone_row(conn: &Connection, case_id: &str, facility_milestone_id: &str) -> Result<Option<CaseMilestone>> {
    Ok(conn
        .prepare_cached(
            "SELECT cm.id, cm.case_id, fm.id, fm.name, fm.display_name, cm.recorded_at, cm.recorded_by, cm.source,
                    CASE WHEN c.milestone_template_id IS NULL THEN fm.display_order
                         ELSE (SELECT min(i.display_order) FROM milestone_template_items i
                               WHERE i.template_id = c.milestone_template_id AND i.facility_milestone_id = fm.id) END
             FROM case_milestones cm JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
             JOIN cases c ON c.id = cm.case_id
             WHERE cm.case_id = ?1 AND cm.facility_milestone_id = ?2",
        )?
        .query_row([case_id, facility_milestone_id], milestone_from_row)
        .optional()?)
}

fn milestone_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseMilestone> {
    Ok(CaseMilestone {
        id: r.get(0)?,
        case_id: r.get(1)?,
        facility_milestone_id: r.get(2)?,
        name: r.get(3)?,
        display_name: r.get(4)?,
        recorded_at: r.get(5)?,
        recorded_by: r.get(6)?,
        source: r.get(7)?,
        position: r.get(8)?,
    })
}

/// Predecessors of the milestone at `position` still unrecorded (§1.7): active milestones with a smaller
/// position placed in the template (or, without one, the facility's active milestones).
fn skipped_predecessors(conn: &Connection, case_id: &str, position: Option<i64>) -> Result<u32> {
    let Some(pos) = position else { return Ok(0) };
    Ok(conn.query_row_cached(
        "WITH c AS (SELECT facility_id, milestone_template_id AS t FROM cases WHERE id = ?1),
              preds AS (
                SELECT fm.id FROM facility_milestones fm, c
                WHERE fm.facility_id = c.facility_id AND fm.is_active = 1 AND (
                  (c.t IS NULL AND fm.display_order < ?2) OR
                  (c.t IS NOT NULL AND (SELECT min(i.display_order) FROM milestone_template_items i
                                        WHERE i.template_id = c.t AND i.facility_milestone_id = fm.id) < ?2)))
         SELECT count(*) FROM preds p
         WHERE NOT EXISTS (SELECT 1 FROM case_milestones cm WHERE cm.case_id = ?1 AND cm.facility_milestone_id = p.id
                           AND cm.recorded_at IS NOT NULL)",
        rusqlite::params![case_id, pos],
        |r| r.get(0),
    )?)
}

// ---------------------------------------------------------------------------------------------------------
// Operations

impl Scope {
    /// Creates a case (lifecycle-and-stats.md §2.4): the template is resolved (override → procedure →
    /// facility default), one pending milestone row per template milestone is inserted, with staff, device
    /// companies and (non-drafts) a check-in. Returns the case id.
    pub fn create_case(&self, new: NewCase) -> Result<String> {
        let requested = new.facility_id.as_deref().map(|f| values::parse_uuid("facility_id", f)).transpose()?;
        let source = match new.source.as_deref().unwrap_or("manual") {
            s @ ("manual" | "epic" | "cerner") => s.to_string(),
            _ => return Err(Error::invalid("source", "must be one of manual, epic, cerner")),
        };
        self.write("create_case", |call| {
            let facility = call.ctx.target_facility(requested.as_deref(), "facility_id")?;
            let exists: bool = call.tx.query_row_cached(
                "SELECT EXISTS (SELECT 1 FROM facilities WHERE id = ?1)",
                [&facility],
                |r| r.get(0),
            )?;
            if !exists || !call.ctx.sees_facility(&facility) || call.ctx.level == Level::DeviceRep {
                return Err(Error::not_found("facility_id"));
            }
            check_writer(&call.ctx)?;
            let fields = validate_fields(call.tx, &facility, &new_case_input(&new), None)?;
            let number = sql_text(col(&fields, "case_number")).unwrap_or_default();
            if case_number_taken(call.tx, &facility, &number, None)? {
                return Err(Error::conflict("case_number: already used by another case of the facility"));
            }
            let mut seen = Vec::new();
            for s in &new.staff {
                let u = values::parse_uuid("staff.user_id", &s.user_id)?;
                if seen.contains(&u) {
                    return Err(Error::new(ErrorKind::DuplicateStaff, "staff.user_id: listed twice"));
                }
                seen.push(u);
            }
            let companies: Vec<String> = new
                .implant_company_ids
                .iter()
                .map(|c| check_case_ref(call.tx, &facility, "implant_company_ids", "implant_companies", c))
                .collect::<Result<_>>()?;
            let (template, milestones) = if new.is_draft {
                (None, Vec::new())
            } else {
                let t = crate::milestones::resolve_template_id(
                    call.tx,
                    &facility,
                    sql_text(col(&fields, "surgeon_id")).as_deref(),
                    sql_text(col(&fields, "procedure_type_id")).as_deref(),
                )?;
                let m = template_milestones(call.tx, &t)?;
                (Some(t), m)
            };
            // Step 1: the case row and its children.
            let id = values::new_id();
            let mut names: Vec<&str> = vec![
                "id",
                "facility_id",
                "status_id",
                "is_draft",
                "milestone_template_id",
                "source",
                "created_by",
                "created_at",
                "updated_at",
            ];
            let mut vals: Vec<SqlValue> = vec![
                SqlValue::Text(id.clone()),
                SqlValue::Text(facility.clone()),
                SqlValue::Text(status_id(call.tx, "scheduled")?),
                SqlValue::Integer(i64::from(new.is_draft)),
                template.clone().map_or(SqlValue::Null, SqlValue::Text),
                SqlValue::Text(source.clone()),
                call.ctx.user_id.clone().map_or(SqlValue::Null, SqlValue::Text),
                SqlValue::Integer(call.now),
                SqlValue::Integer(call.now),
            ];
            for (c, v) in &fields.cols {
                names.push(c);
                vals.push(v.clone());
            }
            let placeholders = vec!["?"; names.len()].join(", ");
            call.tx.execute(
                &format!("INSERT INTO cases ({}) VALUES ({placeholders})", names.join(", ")),
                rusqlite::params_from_iter(vals),
            )?;
            insert_milestone_rows(call, &id, &milestones)?;
            let label = format!("Case #{number}");
            let mut audit_rows =
                vec![case_audit(call, &id, "case.created", None, Some(json!({"milestone_count": milestones.len()})))?];
            if !new.staff.is_empty() {
                let state = history::state(call.tx, &id)?.ok_or_else(|| Error::not_found("case_id"))?;
                for s in &new.staff {
                    let added = staff::add(call, &id, &state, &s.user_id, &s.role, &staff::IN_CREATE)?;
                    audit_rows.extend(added);
                }
            }
            for c in &companies {
                let mut e = assign_company(call, &id, c, &label)?;
                e.facility_id = Some(facility.clone());
                audit_rows.push(e);
            }
            dispatch::finish(
                call,
                &id,
                None,
                Steps {
                    detection: !new.is_draft,
                    audit: audit_rows,
                    history: true,
                    neighbours: !new.is_draft,
                    ensure_checkin: !new.is_draft,
                    ..Steps::default()
                },
            )?;
            Ok(id)
        })
    }

    /// Finalizes a draft (§2.4): applies `fields` (the create fields except facility, draft, source and
    /// staff), resolves and stamps the template, inserts the milestone rows, then detection, history,
    /// audit `case.finalized` and the check-in.
    pub fn finalize_draft(&self, case_id: &str, fields: &Map<String, Value>) -> Result<()> {
        self.write("finalize_draft", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            if !before.is_draft {
                return Err(Error::new(ErrorKind::NotADraft, "the case is not a draft"));
            }
            let f = validate_fields(call.tx, &before.facility_id, fields, Some(&id))?;
            if let Some(n) = sql_text(col(&f, "case_number"))
                && case_number_taken(call.tx, &before.facility_id, &n, Some(&id))?
            {
                return Err(Error::conflict("case_number: already used by another case of the facility"));
            }
            let old = audit::row_values(call.tx, "cases", &id)?;
            apply(call, &id, &f)?;
            let after = history::state(call.tx, &id)?.ok_or_else(|| Error::not_found("case_id"))?;
            let template = crate::milestones::resolve_template_id(
                call.tx,
                &before.facility_id,
                after.surgeon_id.as_deref(),
                after.procedure_type_id.as_deref(),
            )?;
            let milestones = template_milestones(call.tx, &template)?;
            call.tx.execute_cached("DELETE FROM case_milestones WHERE case_id = ?1", [&id])?;
            call.tx.execute_cached(
                "UPDATE cases SET is_draft = 0, milestone_template_id = ?2, updated_at = ?3 WHERE id = ?1",
                rusqlite::params![id, template, call.now],
            )?;
            insert_milestone_rows(call, &id, &milestones)?;
            let entry = case_audit(call, &id, "case.finalized", old, None)?;
            dispatch::finish(
                call,
                &id,
                Some(&before),
                Steps {
                    detection: true,
                    audit: vec![entry],
                    history: true,
                    neighbours: true,
                    ensure_checkin: true,
                    ..Steps::default()
                },
            )?;
            Ok(())
        })
    }

    /// Records (or re-records) a milestone of a case at `recorded_at` (default now) — the case "trigger":
    /// status effects, detection, auto-validation on completion, history, audit, check-in progression.
    pub fn record_milestone(
        &self,
        case_id: &str,
        facility_milestone_id: &str,
        recorded_at: Option<Millis>,
        source: Option<&str>,
    ) -> Result<RecordOutcome> {
        let source = match source.unwrap_or("manual") {
            s @ ("manual" | "voice") => s.to_string(),
            _ => return Err(Error::invalid("source", "must be manual or voice")),
        };
        let milestone_id = values::parse_uuid("facility_milestone_id", facility_milestone_id)?;
        self.write("record_milestone", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            if before.is_draft {
                return Err(Error::new(ErrorKind::CaseIsDraft, "the case is a draft; finalize it first"));
            }
            if before.status == "cancelled" {
                return Err(Error::new(ErrorKind::CaseCancelled, "the case is cancelled; restore it first"));
            }
            let existing = milestone_row(call.tx, &id, &milestone_id)?;
            let name: String = match &existing {
                Some(m) => m.name.clone(),
                None => call
                    .tx
                    .query_row_cached(
                        "SELECT name FROM facility_milestones WHERE id = ?1 AND facility_id = ?2 AND is_active = 1",
                        [&milestone_id, &before.facility_id],
                        |r| r.get(0),
                    )
                    .optional()?
                    .ok_or_else(|| {
                        Error::new(
                            ErrorKind::MilestoneNotFound,
                            "facility_milestone_id: not a milestone of the case or an active milestone of its facility",
                        )
                    })?,
            };
            let at = recorded_at.unwrap_or(call.now);
            check_not_future("recorded_at", at, call.now)?;
            let to = match (name.as_str(), before.status.as_str()) {
                ("patient_in", "scheduled" | "delayed" | "on_hold") => Some("in_progress"),
                ("patient_out", "in_progress") => Some("completed"),
                ("patient_out", "scheduled" | "delayed" | "on_hold") => {
                    return Err(transition_error(&before.status, "completed"));
                }
                _ => None,
            };
            let first_record = existing.as_ref().is_none_or(|m| m.recorded_at.is_none());
            if let Some(m) = &existing
                && m.recorded_at == Some(at)
                && m.source == source
                && to.is_none()
            {
                // Re-recording the stored instant: nothing to write.
                return outcome(call, &id, &milestone_id, false, None);
            }
            // Step 1: the row.
            let old_row = match &existing {
                Some(m) => audit::row_values(call.tx, "case_milestones", &m.id)?,
                None => None,
            };
            let row_id = match &existing {
                Some(m) => {
                    call.tx.execute_cached(
                        "UPDATE case_milestones SET recorded_at = ?2, recorded_by = ?3, source = ?4, updated_at = ?5 WHERE id = ?1",
                        rusqlite::params![m.id, at, call.ctx.user_id, source, call.now],
                    )?;
                    m.id.clone()
                }
                None => {
                    let rid = values::new_id();
                    call.tx.execute_cached(
                        "INSERT INTO case_milestones (id, case_id, facility_milestone_id, recorded_at, recorded_by, source,
                             created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                        rusqlite::params![rid, id, milestone_id, at, call.ctx.user_id, source, call.now],
                    )?;
                    rid
                }
            };
            let label = format!("{} on Case #{}", display_name(call.tx, &milestone_id)?, before.case_number);
            let mut audit_rows = vec![milestone_audit(&row_id, &label, &before, &name, old_row.as_ref(), at, first_record)?];
            // Step 2: status and derived columns.
            let case_old = audit::row_values(call.tx, "cases", &id)?;
            if let Some(to) = to {
                set_status(call, &id, to)?;
                audit_rows.push(status_audit(call, &id, &before.status, to, case_old.clone())?);
            }
            if name == "closing" && let Some(entry) = surgeon_left_on_closing(call, &id, at)? {
                audit_rows.push(entry);
            }
            let dispatched = dispatch::finish(
                call,
                &id,
                Some(&before),
                Steps {
                    detection: true,
                    completed_now: to == Some("completed"),
                    audit: audit_rows,
                    history: true,
                    neighbours: KEY_MILESTONES.contains(&name.as_str()),
                    progress: first_record.then(|| name.clone()),
                    ..Steps::default()
                },
            )?;
            outcome(call, &id, &milestone_id, dispatched.auto_validated, dispatched.unresolved_issues)
        })
    }

    /// Undoes a recorded milestone (the row is kept, its time cleared): status effects (auto-invalidation
    /// when leaving completed), detection, history, audit. The patient status is never reverted.
    pub fn undo_milestone(&self, case_id: &str, facility_milestone_id: &str) -> Result<String> {
        let milestone_id = values::parse_uuid("facility_milestone_id", facility_milestone_id)?;
        self.write("undo_milestone", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            if before.is_draft {
                return Err(Error::new(ErrorKind::CaseIsDraft, "the case is a draft"));
            }
            if before.status == "cancelled" {
                return Err(Error::new(ErrorKind::CaseCancelled, "the case is cancelled; restore it first"));
            }
            let m = milestone_row(call.tx, &id, &milestone_id)?
                .filter(|m| m.recorded_at.is_some())
                .ok_or_else(|| Error::new(ErrorKind::MilestoneNotRecorded, "facility_milestone_id: not recorded on the case"))?;
            let to = match (m.name.as_str(), before.status.as_str()) {
                ("patient_in", "in_progress") => Some("scheduled"),
                ("patient_in", "completed") => return Err(transition_error("completed", "scheduled")),
                ("patient_out", "completed") => Some("in_progress"),
                _ => None,
            };
            let old_row = audit::row_values(call.tx, "case_milestones", &m.id)?;
            call.tx.execute_cached(
                "UPDATE case_milestones SET recorded_at = NULL, recorded_by = NULL, updated_at = ?2 WHERE id = ?1",
                rusqlite::params![m.id, call.now],
            )?;
            let label = format!("{} on Case #{}", m.display_name, before.case_number);
            let mut audit_rows = vec![AuditEntry {
                action: "milestone.deleted".into(),
                target_type: "case_milestones",
                target_id: m.id.clone(),
                target_label: Some(label),
                facility_id: Some(before.facility_id.clone()),
                old_values: old_row.map(|r| {
                    let mut o = Map::new();
                    o.insert("recorded_at".into(), r.get("recorded_at").cloned().unwrap_or(Value::Null));
                    o
                }),
                ..AuditEntry::default()
            }];
            let case_old = audit::row_values(call.tx, "cases", &id)?;
            let mut invalidated = false;
            if let Some(to) = to {
                set_status(call, &id, to)?;
                audit_rows.push(status_audit(call, &id, &before.status, to, case_old.clone())?);
                if before.status == "completed" && before.data_validated {
                    call.tx.execute_cached(
                        "UPDATE cases SET data_validated = 0, validated_at = NULL, validated_by = NULL WHERE id = ?1",
                        [&id],
                    )?;
                    invalidated = true;
                    audit_rows.push(case_audit(call, &id, "case.invalidated", case_old.clone(), Some(json!({"auto": true})))?);
                }
            }
            if m.name == "closing" {
                let old = audit::row_values(call.tx, "cases", &id)?;
                let n = call.tx.execute_cached(
                    "UPDATE cases SET surgeon_left_at = NULL, updated_at = ?2 WHERE id = ?1 AND surgeon_left_at IS NOT NULL",
                    rusqlite::params![id, call.now],
                )?;
                if n > 0 {
                    audit_rows.push(case_audit(call, &id, "case.updated", old, None)?);
                }
            }
            dispatch::finish(
                call,
                &id,
                Some(&before),
                Steps {
                    detection: true,
                    audit: audit_rows,
                    history: true,
                    neighbours: KEY_MILESTONES.contains(&m.name.as_str()),
                    removal: invalidated,
                    ..Steps::default()
                },
            )?;
            current_status(call.tx, &id)
        })
    }

    /// Moves a case between scheduled and delayed / on hold (the only transitions this call performs).
    pub fn set_case_status(&self, case_id: &str, to: &str) -> Result<()> {
        self.write("set_case_status", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            if before.is_draft {
                return Err(Error::new(ErrorKind::CaseIsDraft, "the case is a draft"));
            }
            if !STATUSES.contains(&to) {
                return Err(Error::invalid("to", format!("must be a case status ({})", STATUSES.join(", "))));
            }
            let allowed = matches!(
                (before.status.as_str(), to),
                ("scheduled", "delayed" | "on_hold") | ("delayed" | "on_hold", "scheduled")
            );
            if !allowed {
                return Err(transition_error(&before.status, to));
            }
            let old = audit::row_values(call.tx, "cases", &id)?;
            set_status(call, &id, to)?;
            let entry = status_audit(call, &id, &before.status, to, old)?;
            dispatch::finish(
                call,
                &id,
                Some(&before),
                Steps {
                    detection: true,
                    audit: vec![entry],
                    history: true,
                    ensure_checkin: to == "scheduled",
                    ..Steps::default()
                },
            )?;
            Ok(())
        })
    }

    /// Cancels a case with a reason of its facility (milestones are kept; the check-in's escort links are
    /// revoked).
    pub fn cancel_case(&self, case_id: &str, cancellation_reason_id: Option<&str>, notes: Option<&str>) -> Result<()> {
        let notes = values::text("notes", notes, MAX_TEXT_CHARS)?;
        self.write("cancel_case", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            if before.is_draft {
                return Err(Error::new(ErrorKind::CaseIsDraft, "the case is a draft"));
            }
            if !matches!(before.status.as_str(), "scheduled" | "in_progress" | "delayed" | "on_hold") {
                return Err(transition_error(&before.status, "cancelled"));
            }
            let reason = cancellation_reason_id.ok_or_else(|| {
                Error::new(ErrorKind::CancellationReasonRequired, "cancellation_reason_id: a reason is required")
            })?;
            let reason =
                check_case_ref(call.tx, &before.facility_id, "cancellation_reason_id", "cancellation_reasons", reason)?;
            let old = audit::row_values(call.tx, "cases", &id)?;
            call.tx.execute_cached(
                "UPDATE cases SET status_id = ?2, cancelled_at = ?3, cancelled_by = ?4, cancellation_reason_id = ?5,
                     cancellation_notes = ?6, updated_at = ?3 WHERE id = ?1",
                rusqlite::params![id, status_id(call.tx, "cancelled")?, call.now, call.ctx.user_id, reason, notes],
            )?;
            crate::patient_flow::escort::revoke_case_links(call.tx, &id, call.now)?;
            let (reason_name, category): (String, String) = call.tx.query_row_cached(
                "SELECT name, category FROM cancellation_reasons WHERE id = ?1",
                [&reason],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let recorded: i64 = call.tx.query_row_cached(
                "SELECT count(*) FROM case_milestones WHERE case_id = ?1 AND recorded_at IS NOT NULL",
                [&id],
                |r| r.get(0),
            )?;
            let mut entry = case_audit(call, &id, "case.cancelled", old, None)?;
            entry.old_values = Some(json!({"status": before.status}).as_object().cloned().unwrap_or_default());
            entry.new_values = json!({
                "status": "cancelled", "cancellation_reason": reason_name, "cancellation_category": category,
                "had_milestones": recorded > 0, "milestone_count": recorded, "cancellation_notes": notes,
            })
            .as_object()
            .cloned();
            dispatch::finish(
                call,
                &id,
                Some(&before),
                Steps { detection: true, audit: vec![entry], history: true, neighbours: true, ..Steps::default() },
            )?;
            Ok(())
        })
    }

    /// Restores a cancelled case to scheduled (cancellation columns cleared; milestones kept).
    pub fn restore_case(&self, case_id: &str) -> Result<()> {
        self.write("restore_case", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            if before.is_draft {
                return Err(Error::new(ErrorKind::CaseIsDraft, "the case is a draft"));
            }
            if before.status != "cancelled" {
                return Err(transition_error(&before.status, "scheduled"));
            }
            call.tx.execute_cached(
                "UPDATE cases SET status_id = ?2, cancelled_at = NULL, cancelled_by = NULL, cancellation_reason_id = NULL,
                     cancellation_notes = NULL, updated_at = ?3 WHERE id = ?1",
                rusqlite::params![id, status_id(call.tx, "scheduled")?, call.now],
            )?;
            let mut entry = case_audit(call, &id, "case.restored", None, None)?;
            entry.old_values = json!({"status": "cancelled"}).as_object().cloned();
            entry.new_values = json!({"status": "scheduled"}).as_object().cloned();
            dispatch::finish(
                call,
                &id,
                Some(&before),
                Steps {
                    detection: true,
                    audit: vec![entry],
                    history: true,
                    neighbours: true,
                    ensure_checkin: true,
                    ..Steps::default()
                },
            )?;
            Ok(())
        })
    }

    /// Validates a completed case (patient_in and patient_out recorded); already validated: no change.
    pub fn validate_case(&self, case_id: &str) -> Result<()> {
        self.write("validate_case", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            let complete: bool = call.tx.query_row_cached(
                "SELECT count(DISTINCT fm.name) = 2 FROM case_milestones cm
                 JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
                 WHERE cm.case_id = ?1 AND cm.recorded_at IS NOT NULL AND fm.name IN ('patient_in', 'patient_out')",
                [&id],
                |r| r.get(0),
            )?;
            if before.status != "completed" || !complete {
                return Err(Error::new(ErrorKind::NotCompleted, "only a completed case with patient_in and patient_out can be validated"));
            }
            if before.data_validated {
                return Ok(());
            }
            let old = audit::row_values(call.tx, "cases", &id)?;
            call.tx.execute_cached(
                "UPDATE cases SET data_validated = 1, validated_at = ?2, validated_by = ?3, updated_at = ?2 WHERE id = ?1",
                rusqlite::params![id, call.now, call.ctx.user_id],
            )?;
            let entry = case_audit(call, &id, "case.validated", old, None)?;
            dispatch::finish(call, &id, Some(&before), Steps { audit: vec![entry], history: true, ..Steps::default() })?;
            Ok(())
        })
    }

    /// Invalidates a case (its stats, milestone stats and threshold flags are removed); not validated: no
    /// change.
    pub fn invalidate_case(&self, case_id: &str) -> Result<()> {
        self.write("invalidate_case", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            if !before.data_validated {
                return Ok(());
            }
            let old = audit::row_values(call.tx, "cases", &id)?;
            call.tx.execute_cached(
                "UPDATE cases SET data_validated = 0, validated_at = NULL, validated_by = NULL, updated_at = ?2 WHERE id = ?1",
                rusqlite::params![id, call.now],
            )?;
            let entry = case_audit(call, &id, "case.invalidated", old, None)?;
            dispatch::finish(
                call,
                &id,
                Some(&before),
                Steps { detection: true, audit: vec![entry], history: true, removal: true, ..Steps::default() },
            )?;
            Ok(())
        })
    }

    /// Excludes a case from metrics (detection stops; its stats row is marked excluded); already excluded:
    /// no change.
    pub fn exclude_case(&self, case_id: &str, reason: Option<&str>) -> Result<()> {
        let reason = values::text("reason", reason, MAX_TEXT_CHARS)?;
        self.write("exclude_case", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            if before.is_draft {
                return Err(Error::new(ErrorKind::CaseIsDraft, "the case is a draft"));
            }
            if before.excluded {
                return Ok(());
            }
            let old = audit::row_values(call.tx, "cases", &id)?;
            call.tx.execute_cached(
                "UPDATE cases SET is_excluded_from_metrics = 1, updated_at = ?2 WHERE id = ?1",
                rusqlite::params![id, call.now],
            )?;
            let entry = case_audit(call, &id, "case.excluded", old, Some(json!({"reason": reason})))?;
            dispatch::finish(
                call,
                &id,
                Some(&before),
                Steps {
                    audit: vec![entry],
                    history: true,
                    exclusion_sync: Some(ExclusionSync::Exclude(reason.clone())),
                    ..Steps::default()
                },
            )?;
            Ok(())
        })
    }

    /// Includes an excluded case in metrics again; not excluded: no change.
    pub fn unexclude_case(&self, case_id: &str) -> Result<()> {
        self.write("unexclude_case", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            if !before.excluded {
                return Ok(());
            }
            let old = audit::row_values(call.tx, "cases", &id)?;
            call.tx.execute_cached(
                "UPDATE cases SET is_excluded_from_metrics = 0, updated_at = ?2 WHERE id = ?1",
                rusqlite::params![id, call.now],
            )?;
            let entry = case_audit(call, &id, "case.unexcluded", old, None)?;
            dispatch::finish(
                call,
                &id,
                Some(&before),
                Steps {
                    detection: !before.data_validated,
                    audit: vec![entry],
                    history: true,
                    exclusion_sync: Some(ExclusionSync::Include),
                    ..Steps::default()
                },
            )?;
            Ok(())
        })
    }

    /// Edits case fields (§2.4 `update_case`): an absent field is unchanged, an explicit null clears a
    /// nullable column, a patch that changes nothing writes nothing. Surgeon or procedure changes re-resolve
    /// the template while nothing is recorded; date, time and procedure changes refresh the check-in.
    pub fn update_case(&self, case_id: &str, patch: &Map<String, Value>) -> Result<()> {
        self.write("update_case", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            let mut f = validate_fields(call.tx, &before.facility_id, patch, Some(&id))?;
            for (name, v) in &f.cols {
                if matches!(*name, "call_time" | "called_back_at")
                    && let SqlValue::Integer(at) = v
                {
                    check_not_future(name, *at, call.now)?;
                }
            }
            if let Some(n) = sql_text(col(&f, "case_number"))
                && case_number_taken(call.tx, &before.facility_id, &n, Some(&id))?
            {
                return Err(Error::conflict("case_number: already used by another case of the facility"));
            }
            for (stamp, source) in [("call_time_recorded_by", "call_time"), ("called_back_by", "called_back_at")] {
                if let Some(v) = col(&f, source) {
                    let by = if *v == SqlValue::Null {
                        SqlValue::Null
                    } else {
                        call.ctx.user_id.clone().map_or(SqlValue::Null, SqlValue::Text)
                    };
                    f.cols.push((stamp, by));
                }
            }
            let old = audit::row_values(call.tx, "cases", &id)?.unwrap_or_default();
            apply(call, &id, &f)?;
            let new = audit::row_values(call.tx, "cases", &id)?.unwrap_or_default();
            let (o, n) = rows::changed(&old, &new);
            if n.is_empty() {
                return Ok(());
            }
            let changed = |c: &str| n.contains_key(c);
            // Template re-resolution: non-drafts with nothing recorded.
            if !before.is_draft && (changed("surgeon_id") || changed("procedure_type_id")) {
                let recorded: bool = call.tx.query_row_cached(
                    "SELECT EXISTS (SELECT 1 FROM case_milestones WHERE case_id = ?1 AND recorded_at IS NOT NULL)",
                    [&id],
                    |r| r.get(0),
                )?;
                if !recorded {
                    let after = history::state(call.tx, &id)?.ok_or_else(|| Error::not_found("case_id"))?;
                    let t = crate::milestones::resolve_template_id(
                        call.tx,
                        &before.facility_id,
                        after.surgeon_id.as_deref(),
                        after.procedure_type_id.as_deref(),
                    )?;
                    if before.tracked("milestone_template_id") != Some(t.as_str()) {
                        let milestones = template_milestones(call.tx, &t)?;
                        call.tx.execute_cached("DELETE FROM case_milestones WHERE case_id = ?1", [&id])?;
                        call.tx.execute_cached(
                            "UPDATE cases SET milestone_template_id = ?2 WHERE id = ?1",
                            rusqlite::params![id, t],
                        )?;
                        insert_milestone_rows(call, &id, &milestones)?;
                    }
                }
            }
            call.tx.execute_cached("UPDATE cases SET updated_at = ?2 WHERE id = ?1", rusqlite::params![id, call.now])?;
            // A case that now requires a rep gets pending tray rows for its assigned companies (scheduling §9.2).
            if (changed("rep_required_override") || changed("procedure_type_id")) && requires_rep(call.tx, &id)? {
                call.tx.execute_cached(
                    "INSERT INTO case_device_companies (id, case_id, implant_company_id, created_at, updated_at)
                     SELECT orbit_new_id(), a.case_id, a.implant_company_id, ?2, ?2 FROM case_implant_companies a
                     WHERE a.case_id = ?1 AND NOT EXISTS (SELECT 1 FROM case_device_companies d
                                                         WHERE d.case_id = a.case_id AND d.implant_company_id = a.implant_company_id)",
                    rusqlite::params![id, call.now],
                )?;
            }
            let mut entry = case_audit(call, &id, "case.updated", None, None)?;
            entry.old_values = Some(o);
            entry.new_values = Some(n.clone());
            let refresh = !before.is_draft
                && (changed("scheduled_date")
                    || changed("start_time")
                    || changed("procedure_type_id")
                    || changed("patient_id"));
            dispatch::finish(
                call,
                &id,
                Some(&before),
                Steps {
                    detection: !(n.len() == 1 && changed("patient_id")),
                    audit: vec![entry],
                    history: true,
                    neighbours: ["or_room_id", "surgeon_id", "scheduled_date", "start_time"].iter().any(|c| changed(c)),
                    refresh_checkin: refresh,
                    ..Steps::default()
                },
            )?;
            Ok(())
        })
    }

    /// Sets or clears the explicit "surgeon done" time (untracked: audit only, no history, no stats).
    pub fn set_surgeon_left(&self, case_id: &str, at: Option<Millis>) -> Result<()> {
        self.write("set_surgeon_left", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            if let Some(at) = at {
                check_not_future("at", at, call.now)?;
            }
            if before.is_draft {
                return Err(Error::new(ErrorKind::CaseIsDraft, "the case is a draft"));
            }
            if before.status == "cancelled" {
                return Err(Error::new(ErrorKind::CaseCancelled, "the case is cancelled"));
            }
            let old = audit::row_values(call.tx, "cases", &id)?;
            let n = call.tx.execute_cached(
                "UPDATE cases SET surgeon_left_at = ?2, updated_at = ?3 WHERE id = ?1 AND surgeon_left_at IS NOT ?2",
                rusqlite::params![id, at, call.now],
            )?;
            if n == 0 {
                return Ok(());
            }
            let entry = case_audit(call, &id, "case.updated", old, None)?;
            dispatch::finish(call, &id, Some(&before), Steps { audit: vec![entry], ..Steps::default() })?;
            Ok(())
        })
    }

    /// Hard-deletes a case and its children (facility admins and global admins).
    pub fn delete_case(&self, case_id: &str) -> Result<()> {
        self.write("delete_case", |call| {
            let (id, before) = load_for_write(call, case_id)?;
            if !matches!(call.ctx.level, Level::FacilityAdmin | Level::GlobalAdmin | Level::System) {
                return Err(Error::denied("only facility admins delete cases"));
            }
            let old = audit::row_values(call.tx, "cases", &id)?;
            let mut counts = Map::new();
            for table in ["case_milestones", "case_staff", "case_delays", "case_flags", "case_history", "metric_issues"]
            {
                let n: i64 =
                    call.tx
                        .query_row(&format!("SELECT count(*) FROM {table} WHERE case_id = ?1"), [&id], |r| r.get(0))?;
                counts.insert(table.into(), Value::from(n));
            }
            call.tx.execute_cached("DELETE FROM cases WHERE id = ?1", [&id])?;
            // Neighbours use the deleted row's room, surgeon and date.
            crate::stats::on_case_event(call, &id, Some(&before), None, true)?;
            audit::record(
                call,
                AuditEntry {
                    action: "case.deleted".into(),
                    target_type: "cases",
                    target_id: id.clone(),
                    target_label: Some(format!("Case #{}", before.case_number)),
                    facility_id: Some(before.facility_id.clone()),
                    old_values: old,
                    metadata: json!({"deleted_rows": counts}).as_object().cloned().unwrap_or_default(),
                    ..AuditEntry::default()
                },
            )?;
            Ok(())
        })
    }

    /// One case as a record of its columns (device reps: the §6.5 projection of a visible case).
    pub fn get_case(&self, case_id: &str) -> Result<Record> {
        let id = values::parse_uuid("case_id", case_id)?;
        let now = self.orbit().now_ms();
        self.read(|conn, ctx| {
            let all = Gates { scores_view: true, flags_financial: true };
            let filter = read::row_filter("cases", ctx, all).ok_or_else(|| Error::not_found("case_id"))?;
            let where_sql = format!("({filter}) AND id = :id");
            let p = FilterParams::new(ctx, now);
            let mut params = p.bind(&where_sql);
            params.push((":id", &id));
            rows::select(conn, "cases", read::projection("cases", ctx), &where_sql, "id", &params, Instants::Millis)?
                .into_iter()
                .next()
                .ok_or_else(|| Error::not_found("case_id"))
        })
    }

    /// A case's milestone rows in display order (position, then facility order).
    pub fn case_milestones(&self, case_id: &str) -> Result<Vec<CaseMilestone>> {
        let id = values::parse_uuid("case_id", case_id)?;
        self.read(|conn, ctx| {
            history::state(conn, &id)?.filter(|s| visible(ctx, s)).ok_or_else(|| Error::not_found("case_id"))?;
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT cm.id, cm.case_id, fm.id, fm.name, fm.display_name, cm.recorded_at, cm.recorded_by, cm.source,
                        {MILESTONE_POSITION} AS pos
                 FROM case_milestones cm JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
                 JOIN cases c ON c.id = cm.case_id WHERE cm.case_id = ?1
                 ORDER BY pos IS NULL, pos, fm.display_order, cm.id"
            ))?;
            let rows = stmt.query_map([&id], milestone_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

fn apply(call: &Call<'_>, id: &str, f: &CaseFields) -> Result<()> {
    if f.cols.is_empty() {
        return Ok(());
    }
    let sets: Vec<String> = f.cols.iter().map(|(c, _)| format!("{c} = ?")).collect();
    let mut vals: Vec<SqlValue> = f.cols.iter().map(|(_, v)| v.clone()).collect();
    vals.push(SqlValue::Text(id.to_string()));
    call.tx.execute(&format!("UPDATE cases SET {} WHERE id = ?", sets.join(", ")), rusqlite::params_from_iter(vals))?;
    Ok(())
}

fn current_status(conn: &Connection, case_id: &str) -> Result<String> {
    Ok(conn.query_row_cached(
        "SELECT s.name FROM cases c JOIN case_statuses s ON s.id = c.status_id WHERE c.id = ?1",
        [case_id],
        |r| r.get(0),
    )?)
}

fn display_name(conn: &Connection, milestone: &str) -> Result<String> {
    Ok(conn.query_row_cached("SELECT display_name FROM facility_milestones WHERE id = ?1", [milestone], |r| r.get(0))?)
}

fn outcome(
    call: &Call<'_>,
    case_id: &str,
    milestone: &str,
    auto_validated: bool,
    unresolved: Option<u32>,
) -> Result<RecordOutcome> {
    let m = milestone_row(call.tx, case_id, milestone)?.ok_or_else(|| Error::not_found("facility_milestone_id"))?;
    let unresolved = match unresolved {
        Some(n) => n,
        None => call.tx.query_row_cached(
            "SELECT count(*) FROM metric_issues WHERE case_id = ?1 AND resolved_at IS NULL",
            [case_id],
            |r| r.get(0),
        )?,
    };
    Ok(RecordOutcome {
        skipped_predecessors: skipped_predecessors(call.tx, case_id, m.position)?,
        milestone: m,
        status: current_status(call.tx, case_id)?,
        unresolved_issues: unresolved,
        auto_validated,
    })
}

fn milestone_audit(
    row_id: &str,
    label: &str,
    case: &CaseState,
    name: &str,
    old_row: Option<&Map<String, Value>>,
    at: Millis,
    first_record: bool,
) -> Result<AuditEntry> {
    let new_at = Value::String(values::rfc3339_ms(at));
    let (action, old_values) = if first_record {
        ("milestone.recorded", None)
    } else {
        let old_at = old_row.and_then(|r| r.get("recorded_at").cloned()).unwrap_or(Value::Null);
        ("milestone.updated", json!({"milestone": name, "recorded_at": old_at}).as_object().cloned())
    };
    Ok(AuditEntry {
        action: action.into(),
        target_type: "case_milestones",
        target_id: row_id.to_string(),
        target_label: Some(label.to_string()),
        facility_id: Some(case.facility_id.clone()),
        old_values,
        new_values: json!({"milestone": name, "recorded_at": new_at}).as_object().cloned(),
        ..AuditEntry::default()
    })
}

fn status_audit(
    call: &Call<'_>,
    case_id: &str,
    from: &str,
    to: &str,
    old: Option<Map<String, Value>>,
) -> Result<AuditEntry> {
    let mut entry = case_audit(call, case_id, "case.status_changed", old, None)?;
    entry.old_values = json!({"status": from}).as_object().cloned();
    entry.new_values = json!({"status": to}).as_object().cloned();
    Ok(entry)
}

/// Recording `closing` for a surgeon whose PA closes sets `surgeon_left_at` = closing + handoff minutes.
fn surgeon_left_on_closing(call: &Call<'_>, case_id: &str, at: Millis) -> Result<Option<AuditEntry>> {
    let old = audit::row_values(call.tx, "cases", case_id)?;
    let n = call.tx.execute_cached(
        "UPDATE cases SET surgeon_left_at = ?2 + 60000 * (SELECT u.closing_handoff_minutes FROM users u WHERE u.id = cases.surgeon_id),
             updated_at = ?3
         WHERE id = ?1 AND surgeon_left_at IS NULL
           AND (SELECT u.closing_workflow FROM users u WHERE u.id = cases.surgeon_id) = 'pa_closes'",
        rusqlite::params![case_id, at, call.now],
    )?;
    if n == 0 {
        return Ok(None);
    }
    Ok(Some(case_audit(call, case_id, "case.updated", old, None)?))
}
