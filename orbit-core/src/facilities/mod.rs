//! Facilities, the tenant root: creation only through provisioning (data-model.md §5.4), reads scoped by
//! the access model.

pub mod provision;

use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::{AccessContext, Level, Scope};
use crate::audit::{self, AuditEntry};
use crate::error::{Error, Result};
use crate::values::{self, MAX_NAME_CHARS, MAX_TEXT_CHARS};

pub use provision::{PartCounts, ProvisionConfig};

/// A new facility's fields. Unset fields take the column defaults.
#[derive(Debug, Clone, Default)]
pub struct NewFacility {
    /// Display name (required, 1–200 characters).
    pub name: String,
    /// IANA time zone (default `America/New_York`).
    pub timezone: Option<String>,
    /// Legacy one-line address.
    pub address: Option<String>,
    /// Street address.
    pub street_address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State or region.
    pub state: Option<String>,
    /// Postal code.
    pub zip_code: Option<String>,
    /// Country code (default `US`).
    pub country: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Free-form facility type.
    pub facility_type: Option<String>,
    /// Prefix of generated case numbers.
    pub case_number_prefix: Option<String>,
    /// OR cost per hour, in cents (`None` = not configured).
    pub or_hourly_rate_cents: Option<i64>,
    /// Default minutes between patient arrival and scheduled start (default 90).
    pub default_arrival_lead_time_minutes: Option<i64>,
    /// A demo facility (synthetic data).
    pub is_demo: bool,
}

/// What to provision: a new facility, or an existing one (to add missing parts).
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // a one-shot call argument, never stored
pub enum FacilityTarget {
    /// Create this facility, then copy the templates.
    New(NewFacility),
    /// Copy the missing templates into this existing facility.
    Existing(String),
}

/// The outcome of [`Scope::provision_facility`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvisionReport {
    /// The facility.
    pub facility_id: String,
    /// Whether this call created the facility row.
    pub created: bool,
    /// Rows inserted per part, in the spec's order.
    pub parts: PartCounts,
}

impl ProvisionReport {
    /// Rows inserted by `part` (0 if the part did not run).
    pub fn count(&self, part: &str) -> u64 {
        self.parts.iter().find(|(k, _)| *k == part).map_or(0, |(_, n)| *n)
    }

    /// Total rows inserted (the facility row excluded).
    pub fn total(&self) -> u64 {
        self.parts.iter().map(|(_, n)| n).sum()
    }
}

/// A facility as a reader sees it (device reps get only the §6.5 projection: billing and configuration
/// fields are `None` for them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facility {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// IANA time zone.
    pub timezone: String,
    /// Legacy one-line address.
    pub address: Option<String>,
    /// Street address.
    pub street_address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State.
    pub state: Option<String>,
    /// Postal code.
    pub zip_code: Option<String>,
    /// Country.
    pub country: String,
    /// Phone.
    pub phone: Option<String>,
    /// Case-number prefix (`None` for device reps).
    pub case_number_prefix: Option<String>,
    /// OR hourly rate in cents (`None` when not configured, and for device reps).
    pub or_hourly_rate_cents: Option<i64>,
    /// Default arrival lead time (`None` for device reps).
    pub default_arrival_lead_time_minutes: Option<i64>,
    /// Demo facility flag (`None` for device reps).
    pub is_demo: Option<bool>,
    /// Billing status (`None` for device reps).
    pub subscription_status: Option<String>,
    /// Created (UTC epoch ms; `None` for device reps).
    pub created_at: Option<i64>,
}

const FACILITY_COLUMNS: &str = "id, name, timezone, address, street_address, city, state, zip_code, country, phone,
    case_number_prefix, or_hourly_rate, default_arrival_lead_time_minutes, is_demo, subscription_status, created_at";

impl Facility {
    fn from_row(r: &Row<'_>, projected: bool) -> rusqlite::Result<Facility> {
        let full = |v: Option<i64>| if projected { None } else { v };
        Ok(Facility {
            id: r.get(0)?,
            name: r.get(1)?,
            timezone: r.get(2)?,
            address: r.get(3)?,
            street_address: r.get(4)?,
            city: r.get(5)?,
            state: r.get(6)?,
            zip_code: r.get(7)?,
            country: r.get(8)?,
            phone: r.get(9)?,
            case_number_prefix: if projected { None } else { r.get(10)? },
            or_hourly_rate_cents: full(r.get(11)?),
            default_arrival_lead_time_minutes: full(r.get(12)?),
            is_demo: if projected { None } else { Some(r.get::<_, i64>(13)? == 1) },
            subscription_status: if projected { None } else { r.get(14)? },
            created_at: full(r.get(15)?),
        })
    }
}

fn validate_new_facility(f: &NewFacility) -> Result<NewFacility> {
    let text = |p: &str, v: &Option<String>, n: usize| values::text(p, v.as_deref(), n);
    if let Some(rate) = f.or_hourly_rate_cents
        && rate < 0
    {
        return Err(Error::invalid("or_hourly_rate_cents", "must be ≥ 0"));
    }
    if let Some(m) = f.default_arrival_lead_time_minutes
        && !(0..=24 * 60).contains(&m)
    {
        return Err(Error::invalid("default_arrival_lead_time_minutes", "must be between 0 and 1440"));
    }
    Ok(NewFacility {
        name: values::name("name", &f.name, MAX_NAME_CHARS)?,
        timezone: Some(
            values::timezone("timezone", f.timezone.as_deref().unwrap_or("America/New_York"))?.name().to_string(),
        ),
        address: text("address", &f.address, MAX_TEXT_CHARS)?,
        street_address: text("street_address", &f.street_address, MAX_TEXT_CHARS)?,
        city: text("city", &f.city, MAX_TEXT_CHARS)?,
        state: text("state", &f.state, MAX_TEXT_CHARS)?,
        zip_code: text("zip_code", &f.zip_code, MAX_TEXT_CHARS)?,
        country: Some(values::name("country", f.country.as_deref().unwrap_or("US"), MAX_NAME_CHARS)?),
        phone: text("phone", &f.phone, MAX_TEXT_CHARS)?,
        facility_type: text("facility_type", &f.facility_type, MAX_TEXT_CHARS)?,
        case_number_prefix: text("case_number_prefix", &f.case_number_prefix, MAX_NAME_CHARS)?,
        or_hourly_rate_cents: f.or_hourly_rate_cents,
        default_arrival_lead_time_minutes: f.default_arrival_lead_time_minutes,
        is_demo: f.is_demo,
    })
}

impl Scope {
    /// Provisions a facility (global admin or system only): creates it if `target` is new, then copies every
    /// enabled part of `config` from the global templates, in one transaction. Re-running on an existing
    /// facility adds only missing rows. Audited as one `facilities.provisioned` row (none if nothing was
    /// inserted).
    pub fn provision_facility(&self, target: FacilityTarget, config: ProvisionConfig) -> Result<ProvisionReport> {
        let target = match target {
            FacilityTarget::New(f) => FacilityTarget::New(validate_new_facility(&f)?),
            FacilityTarget::Existing(id) => FacilityTarget::Existing(values::parse_uuid("facility_id", &id)?),
        };
        self.write("provision_facility", |call| {
            if !call.ctx.level.spans_facilities() {
                return Err(Error::denied("only a global admin or the system context can provision facilities"));
            }
            let (facility_id, created) = match &target {
                FacilityTarget::New(f) => {
                    let id = values::new_id();
                    call.tx.execute(
                        "INSERT INTO facilities (id, name, timezone, address, street_address, city, state, zip_code,
                             country, phone, facility_type, case_number_prefix, or_hourly_rate,
                             default_arrival_lead_time_minutes, is_demo, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, coalesce(?14, 90), ?15, ?16)",
                        rusqlite::params![
                            id,
                            f.name,
                            f.timezone,
                            f.address,
                            f.street_address,
                            f.city,
                            f.state,
                            f.zip_code,
                            f.country,
                            f.phone,
                            f.facility_type,
                            f.case_number_prefix,
                            f.or_hourly_rate_cents,
                            f.default_arrival_lead_time_minutes,
                            f.is_demo,
                            call.now,
                        ],
                    )?;
                    (id, true)
                }
                FacilityTarget::Existing(id) => {
                    let exists: Option<i64> =
                        call.tx.query_row("SELECT 1 FROM facilities WHERE id = ?1", [id], |r| r.get(0)).optional()?;
                    if exists.is_none() {
                        return Err(Error::not_found("facility_id"));
                    }
                    (id.clone(), false)
                }
            };
            let parts = provision::provision_parts(call.tx, &facility_id, &config, call.now)?;
            let report = ProvisionReport { facility_id: facility_id.clone(), created, parts };
            if created || report.total() > 0 {
                let mut metadata = Map::new();
                let parts: Map<String, Value> =
                    report.parts.iter().map(|(k, n)| (k.to_string(), Value::from(*n))).collect();
                metadata.insert("parts".into(), Value::Object(parts));
                let name: String =
                    call.tx.query_row("SELECT name FROM facilities WHERE id = ?1", [&facility_id], |r| r.get(0))?;
                audit::record(
                    call,
                    AuditEntry {
                        action: "facilities.provisioned".into(),
                        target_type: "facilities",
                        target_id: facility_id.clone(),
                        target_label: Some(name),
                        facility_id: Some(facility_id.clone()),
                        new_values: if created {
                            audit::row_values(call.tx, "facilities", &facility_id)?
                        } else {
                            None
                        },
                        metadata,
                        ..AuditEntry::default()
                    },
                )?;
            }
            Ok(report)
        })
    }

    /// One facility, if the context may see it (members: their own; device reps: granted ones, projected;
    /// global admins: any). Otherwise `NotFound`, exactly as for a nonexistent id.
    pub fn facility(&self, facility_id: &str) -> Result<Facility> {
        let id = values::parse_uuid("facility_id", facility_id)?;
        self.read(|conn, ctx| {
            if !ctx.sees_facility(&id) {
                return Err(Error::not_found("facility_id"));
            }
            get(conn, &id, ctx)?.ok_or_else(|| Error::not_found("facility_id"))
        })
    }

    /// The facilities the context may see, by name.
    pub fn facilities(&self) -> Result<Vec<Facility>> {
        self.read(|conn, ctx| {
            let mut stmt =
                conn.prepare_cached(&format!("SELECT {FACILITY_COLUMNS} FROM facilities ORDER BY name, id"))?;
            let projected = ctx.level == Level::DeviceRep;
            let rows = stmt.query_map([], |r| Facility::from_row(r, projected))?;
            let mut out = Vec::new();
            for f in rows {
                let f = f?;
                if ctx.sees_facility(&f.id) {
                    out.push(f);
                }
            }
            Ok(out)
        })
    }
}

fn get(conn: &Connection, id: &str, ctx: &AccessContext) -> Result<Option<Facility>> {
    let projected = ctx.level == Level::DeviceRep;
    Ok(conn
        .prepare_cached(&format!("SELECT {FACILITY_COLUMNS} FROM facilities WHERE id = ?1"))?
        .query_row([id], |r| Facility::from_row(r, projected))
        .optional()?)
}

/// Child tables counted in the `facilities.deleted` audit row (rows removed by the cascade).
const DELETION_COUNTS: &[&str] = &[
    "users",
    "cases",
    "patients",
    "or_rooms",
    "procedure_types",
    "facility_milestones",
    "milestone_templates",
    "payers",
    "cost_categories",
    "flag_rules",
];

impl Scope {
    /// Deletes a facility and, by cascade, every row it owns (global admins only; members of the facility
    /// get `PermissionDenied`, others `NotFound`). Audited as one `facilities.deleted` row holding the old
    /// facility row and the number of rows removed per main table.
    pub fn delete_facility(&self, facility_id: &str) -> Result<()> {
        let id = values::parse_uuid("facility_id", facility_id)?;
        self.write("delete_facility", |call| {
            let exists: Option<i64> =
                call.tx.query_row("SELECT 1 FROM facilities WHERE id = ?1", [&id], |r| r.get(0)).optional()?;
            if exists.is_none() || !call.ctx.sees_facility(&id) {
                return Err(Error::not_found("facility_id"));
            }
            if !call.ctx.level.spans_facilities() {
                return Err(Error::denied("only a global admin can delete a facility"));
            }
            let old = audit::row_values(call.tx, "facilities", &id)?;
            let mut counts = Map::new();
            for table in DELETION_COUNTS {
                let n: i64 =
                    call.tx.query_row(&format!("SELECT count(*) FROM {table} WHERE facility_id = ?1"), [&id], |r| {
                        r.get(0)
                    })?;
                counts.insert((*table).to_string(), Value::from(n));
            }
            let name: String = call.tx.query_row("SELECT name FROM facilities WHERE id = ?1", [&id], |r| r.get(0))?;
            call.tx.execute("DELETE FROM facilities WHERE id = ?1", [&id])?;
            let mut metadata = Map::new();
            metadata.insert("deleted_rows".into(), Value::Object(counts));
            audit::record(
                call,
                AuditEntry {
                    action: "facilities.deleted".into(),
                    target_type: "facilities",
                    target_id: id.clone(),
                    target_label: Some(name),
                    facility_id: None,
                    old_values: old,
                    metadata,
                    ..AuditEntry::default()
                },
            )
        })
    }
}
