//! Reference data: lookup and configuration tables and the global templates provisioning copies
//! (data-model.md §3), through one generic set of operations driven by the descriptors in [`spec`].
//!
//! Records travel as JSON objects keyed by column name (ids as strings, instants as epoch ms, booleans as
//! booleans, JSON columns embedded), the same shape in every binding. Every operation:
//! - validates its input against the table's descriptor before writing (`InvalidInput` naming the field);
//! - applies the access matrix: rows outside the context are `NotFound`, visible rows the context may not
//!   write are `PermissionDenied`;
//! - applies the same-facility rule to references (`NotFound` naming the field; archived targets are
//!   `InvalidInput`);
//! - soft-deletes (archive/restore) instead of deleting, and audits every row it writes.

pub mod spec;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

use crate::access::matrix::{self, WriteScope};
use crate::access::read::{self, FilterParams, Gates};
use crate::access::{AccessContext, Call, Level, Scope};
use crate::audit::{self, AuditEntry};
use crate::error::{Error, ErrorKind, Result};
use crate::rows::{self, Instants};
use crate::values;

pub use spec::{Field, Kind, Ownership, RefTable, TableSpec};

/// A row as a JSON object keyed by column name.
pub type Record = Map<String, Value>;

/// The nine seeded user roles, which cannot be renamed (code resolves them by name).
pub const SEEDED_ROLES: [&str; 9] =
    ["surgeon", "anesthesiologist", "crna", "nurse", "tech", "pa", "first_assist", "admin", "device_rep"];

/// Options of [`Scope::list`].
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// Include archived rows (soft-delete tables).
    pub include_archived: bool,
    /// Only rows of this facility (hybrid tables: plus the global rows when `include_global`).
    pub facility_id: Option<String>,
    /// Hybrid tables: include the global rows (default true when no facility filter is given).
    pub include_global: Option<bool>,
}

/// Selects rows of `spec` visible to `ctx` (the access module's row filter and projection) that also match
/// `extra` (SQL over the table's columns, with `:id` and `:facility` bound).
fn select_visible(
    conn: &Connection,
    spec: &TableSpec,
    ctx: &AccessContext,
    now: i64,
    extra: &str,
    id: Option<&str>,
    facility: Option<&str>,
) -> Result<Vec<Record>> {
    let table = spec.table.as_str();
    // Reference tables are not gated by feature permissions.
    let gates = Gates { scores_view: true, flags_financial: true };
    let Some(filter) = read::row_filter(table, ctx, gates) else {
        return Ok(Vec::new());
    };
    let where_sql = format!("({filter}) AND ({extra})");
    let ctx_params = FilterParams::new(ctx, now);
    let mut params = ctx_params.bind(&where_sql);
    if where_sql.contains(":id") {
        params.push((":id", &id));
    }
    if where_sql.contains(":facility") {
        params.push((":facility", &facility));
    }
    rows::select(conn, table, read::projection(table, ctx), &where_sql, spec.order_by, &params, Instants::Millis)
}

/// One row of `table` as `ctx` sees it (for other modules' calls).
pub(crate) fn get_in(conn: &Connection, table: RefTable, ctx: &AccessContext, now: i64, id: &str) -> Result<Record> {
    get_visible(conn, table.spec(), ctx, now, id)
}

fn get_visible(conn: &Connection, spec: &TableSpec, ctx: &AccessContext, now: i64, id: &str) -> Result<Record> {
    select_visible(conn, spec, ctx, now, "id = :id", Some(id), None)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found("id"))
}

/// The facility a row belongs to (`None`: a global row).
fn row_facility(spec: &TableSpec, record: &Record) -> Option<String> {
    let column = if spec.ownership == Ownership::Tenant { "id" } else { "facility_id" };
    record.get(column).and_then(Value::as_str).map(str::to_string)
}

/// Checks that `ctx` may write a row of `spec` belonging to `facility` (the row is already known to be
/// visible, or is about to be created). `target` is the stored row (updates, archives) and `fields` the
/// columns the call sets.
fn authorize(
    spec: &TableSpec,
    ctx: &AccessContext,
    facility: Option<&str>,
    target: Option<&Record>,
    fields: &[&str],
    archive: bool,
) -> Result<()> {
    let denied = || Error::denied(format!("this access level cannot make that change to {}", spec.table));
    let own_facility = facility.is_some() && ctx.facility_id.as_deref() == facility;
    let is_self =
        target.and_then(|r| r.get("id")).and_then(Value::as_str) == ctx.user_id.as_deref() && ctx.user_id.is_some();
    if !ctx.level.spans_facilities() && fields.iter().any(|f| spec.global_admin_fields.contains(f)) {
        return Err(denied());
    }
    match matrix::write_scope(spec.table.as_str(), ctx.level) {
        WriteScope::All => Ok(()),
        WriteScope::OwnFacility if own_facility => {
            // Members write case data, but archiving patients is for facility admins (§6.3 note 4).
            if archive && spec.table == RefTable::Patients && ctx.level != Level::FacilityAdmin {
                Err(denied())
            } else {
                Ok(())
            }
        }
        // Only the descriptor's display columns are settable on system vocabularies.
        WriteScope::DisplayColumns if !archive => Ok(()),
        WriteScope::Special => match spec.table {
            // A facility admin edits its own facility (billing columns excluded above).
            RefTable::Facilities if ctx.level == Level::FacilityAdmin && own_facility && !archive => Ok(()),
            RefTable::Users => authorize_user_change(ctx, target, fields, archive, is_self).map_err(|_| denied()),
            _ => Err(denied()),
        },
        _ => Err(denied()),
    }
}

/// data-model.md §6.4: profile fields on one's own row; facility admins manage their facility's members
/// (never raising anyone to global admin or device rep, never changing their own level).
fn authorize_user_change(
    ctx: &AccessContext,
    target: Option<&Record>,
    fields: &[&str],
    archive: bool,
    is_self: bool,
) -> Result<()> {
    let profile = RefTable::Users.spec().self_fields;
    if is_self {
        return if !archive && fields.iter().all(|f| profile.contains(f)) { Ok(()) } else { Err(Error::denied("")) };
    }
    let target = target.ok_or_else(|| Error::denied(""))?;
    let member_of_own = ctx.level == Level::FacilityAdmin
        && target.get("facility_id").and_then(Value::as_str) == ctx.facility_id.as_deref()
        && target
            .get("access_level")
            .and_then(Value::as_str)
            .is_some_and(|l| matches!(l, "facility_admin" | "coordinator" | "user"));
    if member_of_own { Ok(()) } else { Err(Error::denied("")) }
}

/// Validates one input value of `field`; returns the value to store.
fn validate(field: &Field, value: &Value) -> Result<SqlValue> {
    let p = field.column;
    if value.is_null() {
        return if field.required { Err(Error::invalid(p, "is required")) } else { Ok(SqlValue::Null) };
    }
    let wrong = |what: &str| Error::invalid(p, format!("must be {what}"));
    Ok(match field.kind {
        Kind::Name(n) => SqlValue::Text(values::name(p, value.as_str().ok_or_else(|| wrong("a string"))?, n)?),
        Kind::Text(n) => match values::text(p, Some(value.as_str().ok_or_else(|| wrong("a string"))?), n)? {
            Some(t) => SqlValue::Text(t),
            None if field.required => return Err(Error::invalid(p, "must not be empty")),
            None => SqlValue::Null,
        },
        Kind::Int(min, max) => {
            let v = values::json_i64(value).ok_or_else(|| wrong("an integer"))?;
            if !(min..=max).contains(&v) {
                return Err(Error::invalid(p, format!("must be between {min} and {max}")));
            }
            SqlValue::Integer(v)
        }
        Kind::Real { min, max, min_exclusive } => {
            let v = value.as_f64().filter(|v| v.is_finite()).ok_or_else(|| wrong("a number"))?;
            let low_ok = if min_exclusive { v > min } else { v >= min };
            if !low_ok || v > max {
                let low = if min_exclusive { ">" } else { "≥" };
                return Err(Error::invalid(p, format!("must be {low} {min} and ≤ {max}")));
            }
            SqlValue::Real(v)
        }
        Kind::Bool => SqlValue::Integer(i64::from(value.as_bool().ok_or_else(|| wrong("true or false"))?)),
        Kind::Enum(allowed) => {
            let v = value.as_str().ok_or_else(|| wrong("a string"))?;
            if !allowed.contains(&v) {
                return Err(Error::invalid(p, format!("must be one of {}", allowed.join(", "))));
            }
            SqlValue::Text(v.to_string())
        }
        Kind::Ref(_) => SqlValue::Text(values::parse_uuid(p, value.as_str().ok_or_else(|| wrong("an id"))?)?),
        Kind::RefArray(_) => {
            let items = value.as_array().ok_or_else(|| wrong("an array of ids"))?;
            let mut ids: Vec<String> = Vec::with_capacity(items.len());
            for item in items {
                let id = values::parse_uuid(p, item.as_str().ok_or_else(|| wrong("an array of ids"))?)?;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            SqlValue::Text(Value::from(ids).to_string())
        }
        Kind::StringArray => {
            let items = value.as_array().ok_or_else(|| wrong("an array of strings"))?;
            let mut out: Vec<String> = Vec::with_capacity(items.len());
            for item in items {
                out.push(values::name(p, item.as_str().ok_or_else(|| wrong("an array of strings"))?, 200)?);
            }
            if out.is_empty() {
                return Err(Error::invalid(p, "must list at least one choice"));
            }
            SqlValue::Text(Value::from(out).to_string())
        }
        Kind::Date => {
            let d = values::date(p, value.as_str().ok_or_else(|| wrong("a date YYYY-MM-DD"))?)?;
            SqlValue::Text(d.format("%Y-%m-%d").to_string())
        }
        Kind::Time => {
            let t = crate::scheduling::schedule_time(p, value.as_str().ok_or_else(|| wrong("a time HH:MM"))?)?;
            SqlValue::Text(t.format("%H:%M:%S").to_string())
        }
        Kind::DateArray => {
            let items = value.as_array().ok_or_else(|| wrong("an array of dates YYYY-MM-DD"))?;
            let mut dates = Vec::with_capacity(items.len());
            for item in items {
                dates.push(values::date(p, item.as_str().ok_or_else(|| wrong("an array of dates YYYY-MM-DD"))?)?);
            }
            SqlValue::Text(crate::scheduling::exception_dates_json(&dates))
        }
        Kind::FieldKey => {
            let v = value.as_str().ok_or_else(|| wrong("a string"))?.trim();
            let ok = v.len() <= 100
                && v.starts_with(|c: char| c.is_ascii_lowercase())
                && v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !ok {
                return Err(Error::invalid(
                    p,
                    "must start with a-z and contain only a-z, 0-9 and _ (at most 100 characters)",
                ));
            }
            SqlValue::Text(v.to_string())
        }
        Kind::Timezone => SqlValue::Text(
            values::timezone(p, value.as_str().ok_or_else(|| wrong("an IANA time zone name"))?)?.name().to_string(),
        ),
        Kind::Instant => {
            SqlValue::Integer(values::json_i64(value).ok_or_else(|| wrong("an instant in epoch milliseconds"))?)
        }
        Kind::Email => SqlValue::Text(values::email(p, value.as_str().ok_or_else(|| wrong("a string"))?)?),
    })
}

/// Checks the reference `id` in column `param` to a row of `target` under the same-facility rule, for a
/// row that belongs to `facility` (`None`: a global row).
fn check_reference(conn: &Connection, param: &str, target: &str, id: &str, facility: Option<&str>) -> Result<()> {
    let cols: Vec<String> = conn
        .prepare_cached("SELECT name FROM pragma_table_info(?1)")?
        .query_map([target], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let has = |c: &str| cols.iter().any(|x| x == c);
    let facility_sql = if has("facility_id") { "facility_id" } else { "NULL" };
    let active_sql = if has("is_active") { "is_active" } else { "1" };
    let row: Option<(Option<String>, i64)> = conn
        .query_row(&format!("SELECT {facility_sql}, {active_sql} FROM {target} WHERE id = ?1"), [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((owner, active)) = row else {
        return Err(Error::not_found(param));
    };
    if let Some(owner) = owner
        && Some(owner.as_str()) != facility
    {
        return Err(Error::not_found(param));
    }
    if active != 1 {
        return Err(Error::invalid(param, "refers to an archived row"));
    }
    Ok(())
}

/// Validates an input object against `spec` (keys must be settable fields); returns the columns to write.
fn validate_fields(
    conn: &Connection,
    spec: &TableSpec,
    input: &Map<String, Value>,
    facility: Option<&str>,
) -> Result<Vec<(&'static str, SqlValue)>> {
    let mut out = Vec::new();
    for (key, value) in input {
        if (key == "facility_id" && spec.field("facility_id").is_none())
            || (key == "is_active" && spec.field("is_active").is_none())
        {
            continue; // handled by the caller
        }
        let field = spec.field(key).ok_or_else(|| {
            Error::invalid(key, format!("is not a settable field of {} (settable: {})", spec.table, spec.field_names()))
        })?;
        let v = validate(field, value)?;
        if let SqlValue::Text(id) = &v {
            match field.kind {
                Kind::Ref(target) => check_reference(conn, field.column, target, id, facility)?,
                Kind::RefArray(target) => {
                    for id in serde_json::from_str::<Vec<String>>(id)? {
                        check_reference(conn, field.column, target, &id, facility)?;
                    }
                }
                _ => {}
            }
        }
        out.push((field.column, v));
    }
    Ok(out)
}

/// Cross-field rules of a row as it will be stored.
fn check_row_rules(spec: &TableSpec, row: &Record) -> Result<()> {
    if matches!(spec.table, RefTable::BlockSchedules | RefTable::FacilityClosures | RefTable::FacilityHolidays) {
        crate::scheduling::store::check_reference_row(spec.table, row)?;
    }
    if spec.table == RefTable::FacilityMilestones {
        let min = row.get("min_minutes").and_then(Value::as_i64).unwrap_or(1);
        let max = row.get("max_minutes").and_then(Value::as_i64).unwrap_or(90);
        if min > max {
            return Err(Error::invalid("min_minutes", "must be ≤ max_minutes"));
        }
    }
    if matches!(spec.table, RefTable::PreopChecklistFields | RefTable::PreopChecklistFieldTemplates) {
        let dropdown = row.get("field_type").and_then(Value::as_str) == Some("dropdown");
        let has_options = row.get("options").is_some_and(|v| !v.is_null());
        if dropdown != has_options {
            return Err(Error::invalid("options", "are required for a dropdown field and allowed only there"));
        }
    }
    Ok(())
}

/// The label of a row in audit (never patient data).
fn label(spec: &TableSpec, row: &Record) -> Option<String> {
    let text = |c: &str| row.get(c).and_then(Value::as_str).unwrap_or_default().to_string();
    match (spec.label, spec.table) {
        (Some(col), _) => row.get(col).and_then(Value::as_str).map(str::to_string),
        (None, RefTable::Users) => Some(format!("{} {}", text("first_name"), text("last_name"))),
        (None, RefTable::Patients) => Some("Patient".to_string()),
        (None, _) => Some(spec.table.as_str().replace('_', " ")),
    }
}

/// Maps a UNIQUE failure to a `Conflict` that names the table (SQLite's message names columns only).
fn conflict_message(spec: &TableSpec, e: Error) -> Error {
    if e.kind() == ErrorKind::Conflict
        && let Error::Sqlite(rusqlite::Error::SqliteFailure(_, Some(msg))) = &e
    {
        let cols = msg.trim_start_matches("UNIQUE constraint failed: ");
        return Error::conflict(format!("{}: another row already has the same {cols}", spec.table));
    }
    e
}

/// Appends the audit row of one reference-row change: `(old, new)` values as data-model.md §7.1.3 says.
fn audit_row(
    call: &Call<'_>,
    spec: &TableSpec,
    verb: &str,
    row: &Record,
    facility: Option<String>,
    (old_values, new_values): (Option<Record>, Option<Record>),
) -> Result<()> {
    let id = row.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    audit::record(
        call,
        AuditEntry {
            action: format!("{}.{verb}", spec.table),
            target_type: spec.table.as_str(),
            target_id: id,
            target_label: label(spec, row),
            facility_id: facility,
            old_values,
            new_values,
            ..AuditEntry::default()
        },
    )
}

impl Scope {
    /// Creates a row of `table` from `fields` (settable columns; `facility_id` for facility and hybrid
    /// tables, defaulting to the context's facility). Returns the stored record.
    pub fn create(&self, table: RefTable, fields: &Map<String, Value>) -> Result<Record> {
        let spec = table.spec();
        if !spec.creatable {
            return Err(Error::invalid(
                "table",
                format!("{table} rows are created by their own call (provision_facility, create_user)"),
            ));
        }
        let requested = match fields.get("facility_id") {
            None => None,
            Some(Value::Null) => Some(None),
            Some(Value::String(f)) => Some(Some(values::parse_uuid("facility_id", f)?)),
            Some(_) => return Err(Error::invalid("facility_id", "must be an id or null")),
        };
        if fields.contains_key("is_active") && spec.field("is_active").is_none() {
            return Err(Error::invalid("is_active", "new rows are active; archive them afterwards"));
        }
        for f in spec.fields.iter().filter(|f| f.required) {
            if !fields.contains_key(f.column) {
                return Err(Error::invalid(f.column, "is required"));
            }
        }
        self.write("create", |call| {
            let facility: Option<String> = match (spec.ownership, requested.clone()) {
                (Ownership::Global, None | Some(None)) => None,
                (Ownership::Global, Some(Some(_))) => {
                    return Err(Error::invalid("facility_id", format!("{table} rows are global")));
                }
                (Ownership::Facility, Some(None)) => return Err(Error::invalid("facility_id", "is required")),
                (Ownership::Facility, r) => Some(call.ctx.target_facility(r.flatten().as_deref(), "facility_id")?),
                (Ownership::Hybrid, Some(r)) => r,
                (Ownership::Hybrid, None) => call.ctx.facility_id.clone(),
                (Ownership::Tenant | Ownership::People, _) => unreachable!("not creatable through create()"),
            };
            if let Some(f) = &facility {
                let exists: Option<i64> =
                    call.tx.query_row("SELECT 1 FROM facilities WHERE id = ?1", [f], |r| r.get(0)).optional()?;
                if exists.is_none() || !call.ctx.sees_facility(f) {
                    return Err(Error::not_found("facility_id"));
                }
            }
            let setting: Vec<&str> = fields.keys().map(String::as_str).collect();
            authorize(spec, &call.ctx, facility.as_deref(), None, &setting, false)?;
            let mut cols = validate_fields(call.tx, spec, fields, facility.as_deref())?;
            check_row_rules(spec, fields)?;
            let id = values::new_id();
            if spec.auto_display_order
                && !cols.iter().any(|(c, v)| *c == "display_order" && *v != SqlValue::Integer(0))
            {
                cols.retain(|(c, _)| *c != "display_order");
                let next: i64 = call.tx.query_row(
                    &format!(
                        "SELECT coalesce(max(display_order), 0) + 1 FROM {table} WHERE facility_id = ?1 AND deleted_at IS NULL"
                    ),
                    [&facility],
                    |r| r.get(0),
                )?;
                cols.push(("display_order", SqlValue::Integer(next)));
            }
            if table == RefTable::FacilityMilestones {
                crate::milestones::complete_new_milestone(fields, &mut cols)?;
            }
            let mut names: Vec<&str> = vec!["id", "created_at"];
            let mut vals: Vec<SqlValue> = vec![SqlValue::Text(id.clone()), SqlValue::Integer(call.now)];
            if spec.ownership != Ownership::Global {
                names.push("facility_id");
                vals.push(facility.clone().map_or(SqlValue::Null, SqlValue::Text));
            }
            if spec.has_updated_at {
                names.push("updated_at");
                vals.push(SqlValue::Integer(call.now));
            }
            if spec.stamps_created_by {
                names.push("created_by");
                vals.push(call.ctx.user_id.clone().map_or(SqlValue::Null, SqlValue::Text));
            }
            for (c, v) in cols {
                names.push(c);
                vals.push(v);
            }
            let placeholders = vec!["?"; names.len()].join(", ");
            call.tx
                .execute(
                    &format!("INSERT INTO {table} ({}) VALUES ({placeholders})", names.join(", ")),
                    rusqlite::params_from_iter(vals),
                )
                .map_err(|e| conflict_message(spec, e.into()))?;
            let row = get_visible(call.tx, spec, &AccessContext::system(), call.now, &id)?;
            let audit_values = audit::row_values(call.tx, table.as_str(), &id)?;
            audit_row(call, spec, "created", &row, facility.clone(), (None, audit_values))?;
            if table == RefTable::CostCategories && let Some(f) = &facility {
                crate::stats::recompute_facility(call, f)?;
            }
            get_visible(call.tx, spec, &call.ctx, call.now, &id)
        })
    }

    /// One row of `table` (archived rows included), if visible; otherwise `NotFound`.
    pub fn get(&self, table: RefTable, id: &str) -> Result<Record> {
        let id = values::parse_uuid("id", id)?;
        let now = self.orbit().now_ms();
        self.read(|conn, ctx| get_visible(conn, table.spec(), ctx, now, &id))
    }

    /// The visible rows of `table`, archived ones only when asked.
    pub fn list(&self, table: RefTable, options: &ListOptions) -> Result<Vec<Record>> {
        let spec = table.spec();
        let facility = options.facility_id.as_deref().map(|f| values::parse_uuid("facility_id", f)).transpose()?;
        let now = self.orbit().now_ms();
        let mut extra = String::from("1");
        if spec.soft_delete && !options.include_archived {
            extra.push_str(" AND is_active = 1");
        }
        if table == RefTable::BlockSchedules && !options.include_archived {
            extra.push_str(" AND deleted_at IS NULL"); // soft-deleted through `delete_block`
        }
        if facility.is_some() {
            match spec.ownership {
                Ownership::Global => {
                    return Err(Error::invalid("facility_id", format!("{table} rows are global")));
                }
                Ownership::Tenant => extra.push_str(" AND id = :facility"),
                Ownership::Facility | Ownership::People => extra.push_str(" AND facility_id = :facility"),
                Ownership::Hybrid if options.include_global.unwrap_or(true) => {
                    extra.push_str(" AND (facility_id = :facility OR facility_id IS NULL)")
                }
                Ownership::Hybrid => extra.push_str(" AND facility_id = :facility"),
            }
        } else if spec.ownership == Ownership::Hybrid && options.include_global == Some(false) {
            extra.push_str(" AND facility_id IS NOT NULL");
        }
        self.read(|conn, ctx| select_visible(conn, spec, ctx, now, &extra, None, facility.as_deref()))
    }

    /// Updates settable columns of a row. Setting `is_active` archives or restores it. A call that
    /// changes nothing writes nothing.
    pub fn update(&self, table: RefTable, id: &str, fields: &Map<String, Value>) -> Result<Record> {
        let spec = table.spec();
        let id = values::parse_uuid("id", id)?;
        if fields.contains_key("facility_id") && spec.field("facility_id").is_none() {
            return Err(Error::invalid("facility_id", "cannot be changed"));
        }
        let activate = match fields.get("is_active") {
            None => None,
            // A plain on/off column (facility_holidays), not the soft-delete family.
            Some(_) if spec.field("is_active").is_some() => None,
            Some(Value::Bool(b)) if spec.soft_delete => Some(*b),
            Some(_) if !spec.soft_delete => {
                return Err(Error::invalid("is_active", format!("{table} rows cannot be archived")));
            }
            Some(_) => return Err(Error::invalid("is_active", "must be true or false")),
        };
        self.write("update", |call| {
            let current = get_visible(call.tx, spec, &call.ctx, call.now, &id)?;
            let facility = row_facility(spec, &current);
            let setting: Vec<&str> = fields.keys().map(String::as_str).filter(|k| *k != "is_active").collect();
            authorize(spec, &call.ctx, facility.as_deref(), Some(&current), &setting, false)?;
            if table == RefTable::Users
                && !call.ctx.level.spans_facilities()
                && fields
                    .get("access_level")
                    .and_then(Value::as_str)
                    .is_some_and(|l| !matches!(l, "facility_admin" | "coordinator" | "user"))
            {
                return Err(Error::denied("only a global admin grants that access level"));
            }
            if let Some(f) = fields.keys().find(|k| spec.immutable_fields.contains(&k.as_str())) {
                return Err(Error::invalid(f, "cannot be changed after creation"));
            }
            let cols = validate_fields(call.tx, spec, fields, facility.as_deref())?;
            let mut merged = current.clone();
            merged.extend(fields.clone());
            check_row_rules(spec, &merged)?;
            if table == RefTable::UserRoles
                && let Some(old) = current.get("name").and_then(Value::as_str)
                && SEEDED_ROLES.contains(&old)
                && cols.iter().any(|(c, v)| *c == "name" && *v != SqlValue::Text(old.to_string()))
            {
                return Err(Error::invalid("name", "the seeded user roles cannot be renamed"));
            }
            let old = audit::row_values(call.tx, table.as_str(), &id)?.unwrap_or_default();
            if !cols.is_empty() {
                let sets: Vec<String> = cols.iter().map(|(c, _)| format!("{c} = ?")).collect();
                let mut vals: Vec<SqlValue> = cols.into_iter().map(|(_, v)| v).collect();
                vals.push(SqlValue::Text(id.clone()));
                call.tx
                    .execute(
                        &format!("UPDATE {table} SET {} WHERE id = ?", sets.join(", ")),
                        rusqlite::params_from_iter(vals),
                    )
                    .map_err(|e| conflict_message(spec, e.into()))?;
                let new = audit::row_values(call.tx, table.as_str(), &id)?.unwrap_or_default();
                let (o, n) = rows::changed(&old, &new);
                // Values identical to the stored ones change nothing: no updated_at, no audit row.
                if !n.is_empty() {
                    if spec.has_updated_at {
                        call.tx.execute(
                            &format!("UPDATE {table} SET updated_at = ?1 WHERE id = ?2"),
                            rusqlite::params![call.now, id],
                        )?;
                    }
                    let row = get_visible(call.tx, spec, &AccessContext::system(), call.now, &id)?;
                    let repriced = table == RefTable::CostCategories
                        || (table == RefTable::Facilities
                            && (n.contains_key("or_hourly_rate") || n.contains_key("timezone")));
                    let rep_flag_changed = table == RefTable::ProcedureTypes && n.contains_key("requires_rep");
                    audit_row(call, spec, "updated", &row, facility.clone(), (Some(o), Some(n)))?;
                    if rep_flag_changed {
                        crate::device_reps::trays::sync_procedure_trays(call, &id)?;
                    }
                    if repriced && let Some(f) = &facility {
                        crate::stats::recompute_facility(call, f)?;
                    }
                }
            }
            if let Some(active) = activate {
                set_archived(call, spec, &id, !active)?;
            }
            get_visible(call.tx, spec, &call.ctx, call.now, &id)
        })
    }

    /// Archives a row of a soft-delete table (never a hard delete). Archiving an archived row is a no-op.
    pub fn archive(&self, table: RefTable, id: &str) -> Result<Record> {
        self.set_archived_call(table, id, true)
    }

    /// Restores an archived row. Restoring an active row is a no-op.
    pub fn restore(&self, table: RefTable, id: &str) -> Result<Record> {
        self.set_archived_call(table, id, false)
    }

    fn set_archived_call(&self, table: RefTable, id: &str, archived: bool) -> Result<Record> {
        let spec = table.spec();
        let id = values::parse_uuid("id", id)?;
        if !spec.soft_delete {
            return Err(Error::invalid("table", format!("{table} rows cannot be archived")));
        }
        self.write(if archived { "archive" } else { "restore" }, |call| {
            get_visible(call.tx, spec, &call.ctx, call.now, &id)?;
            set_archived(call, spec, &id, archived)?;
            get_visible(call.tx, spec, &call.ctx, call.now, &id)
        })
    }
}

/// Archives or restores one visible row, with the guards and side effects of data-model.md §4.3.
fn set_archived(call: &Call<'_>, spec: &TableSpec, id: &str, archived: bool) -> Result<()> {
    let table = spec.table;
    let current = get_visible(call.tx, spec, &AccessContext::system(), call.now, id)?;
    let facility = row_facility(spec, &current);
    if table == RefTable::Users && archived && call.ctx.user_id.as_deref() == Some(id) {
        return Err(Error::invalid("id", "you cannot archive your own account"));
    }
    authorize(spec, &call.ctx, facility.as_deref(), Some(&current), &[], true)?;
    let is_active = current.get("is_active").and_then(Value::as_bool).unwrap_or(true);
    if is_active != archived {
        return Ok(()); // already in the asked state
    }
    if archived {
        archive_guard(call, table, &current)?;
    }
    let old = audit::row_values(call.tx, table.as_str(), id)?.unwrap_or_default();
    if archived {
        call.tx.execute(
            &format!("UPDATE {table} SET is_active = 0, deleted_at = ?1, deleted_by = ?2 WHERE id = ?3"),
            rusqlite::params![call.now, call.ctx.user_id, id],
        )?;
    } else {
        call.tx.execute(
            &format!("UPDATE {table} SET is_active = 1, deleted_at = NULL, deleted_by = NULL WHERE id = ?1"),
            [id],
        )?;
    }
    if spec.has_updated_at {
        call.tx
            .execute(&format!("UPDATE {table} SET updated_at = ?1 WHERE id = ?2"), rusqlite::params![call.now, id])?;
    }
    let new = audit::row_values(call.tx, table.as_str(), id)?.unwrap_or_default();
    let (o, n) = rows::changed(&old, &new);
    let verb = if archived { "archived" } else { "restored" };
    audit_row(call, spec, verb, &current, facility.clone(), (Some(o), Some(n)))?;
    if archived && table == RefTable::CostCategories {
        archive_cost_category_rules(call, id, facility.clone())?;
    }
    // §2.6 configuration inputs: any cost-category change re-prices the facility's validated cases.
    if table == RefTable::CostCategories
        && let Some(f) = &facility
    {
        crate::stats::recompute_facility(call, f)?;
    }
    Ok(())
}

/// Refusals of data-model.md §4.3.7 and lifecycle-and-stats.md §1 that depend on the row being archived.
fn archive_guard(call: &Call<'_>, table: RefTable, row: &Record) -> Result<()> {
    let text = |c: &str| row.get(c).and_then(Value::as_str).unwrap_or_default().to_string();
    match table {
        RefTable::CancellationReasons if row.get("is_system").and_then(Value::as_bool) == Some(true) => {
            Err(Error::invalid("id", "a system cancellation reason cannot be archived"))
        }
        RefTable::FacilityMilestones => crate::milestones::archive_milestone_guard(call, row),
        RefTable::MilestoneTemplates => crate::milestones::archive_template_guard(call.tx, &text("id"), row),
        _ => Ok(()),
    }
}

/// Archiving a cost category archives the facility's active flag rules on it (audited; §3.7).
fn archive_cost_category_rules(call: &Call<'_>, category_id: &str, facility: Option<String>) -> Result<()> {
    let rules: Vec<(String, String)> = call
        .tx
        .prepare("SELECT id, name FROM flag_rules WHERE cost_category_id = ?1 AND is_active = 1")?
        .query_map([category_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (rule_id, name) in rules {
        let old = audit::row_values(call.tx, "flag_rules", &rule_id)?.unwrap_or_default();
        call.tx.execute(
            "UPDATE flag_rules SET is_active = 0, deleted_at = ?1, deleted_by = ?2, updated_at = ?1 WHERE id = ?3",
            rusqlite::params![call.now, call.ctx.user_id, rule_id],
        )?;
        let new = audit::row_values(call.tx, "flag_rules", &rule_id)?.unwrap_or_default();
        let (o, n) = rows::changed(&old, &new);
        audit::record(
            call,
            AuditEntry {
                action: "flag_rules.archived".into(),
                target_type: "flag_rules",
                target_id: rule_id.clone(),
                target_label: Some(name),
                facility_id: facility.clone(),
                old_values: Some(o),
                new_values: Some(n),
                ..AuditEntry::default()
            },
        )?;
    }
    Ok(())
}
