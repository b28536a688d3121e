//! `case_history` (data-model.md §7.2): at most one row per call per case, listing exactly the tracked
//! columns whose text forms changed.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

use crate::access::{Call, Level};
use crate::error::Result;
use crate::values;

/// The 24 tracked columns, in the order `changed_fields` lists them.
pub const TRACKED_COLUMNS: [&str; 24] = [
    "case_number",
    "scheduled_date",
    "start_time",
    "status_id",
    "or_room_id",
    "procedure_type_id",
    "surgeon_id",
    "patient_id",
    "payer_id",
    "operative_side",
    "notes",
    "primary_diagnosis_code",
    "primary_diagnosis_desc",
    "source",
    "external_case_id",
    "external_system",
    "import_source",
    "data_validated",
    "is_excluded_from_metrics",
    "cancelled_at",
    "cancellation_reason_id",
    "cancellation_notes",
    "milestone_template_id",
    "is_draft",
];

const BOOL_COLUMNS: [&str; 3] = ["data_validated", "is_excluded_from_metrics", "is_draft"];

/// A case as the dispatcher sees it before and after a call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CaseState {
    /// Text forms of the tracked columns, in [`TRACKED_COLUMNS`] order.
    pub tracked: Vec<Option<String>>,
    pub facility_id: String,
    pub case_number: String,
    pub status: String,
    pub is_draft: bool,
    pub data_validated: bool,
    pub excluded: bool,
    pub or_room_id: Option<String>,
    pub surgeon_id: Option<String>,
    pub scheduled_date: String,
    pub start_time: Option<String>,
    pub procedure_type_id: Option<String>,
    pub patient_id: Option<String>,
}

impl CaseState {
    /// The text form of tracked column `column`.
    pub fn tracked(&self, column: &str) -> Option<&str> {
        let i = TRACKED_COLUMNS.iter().position(|c| *c == column)?;
        self.tracked[i].as_deref()
    }
}

fn text_form(column: &str, v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Null => None,
        ValueRef::Integer(i) if BOOL_COLUMNS.contains(&column) => Some(if i != 0 { "true" } else { "false" }.into()),
        ValueRef::Integer(i) if column == "cancelled_at" => Some(values::rfc3339_ms(i)),
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(_) => None,
    }
}

/// The case's state, or `None` if it does not exist.
pub(crate) fn state(conn: &Connection, case_id: &str) -> Result<Option<CaseState>> {
    let cols = TRACKED_COLUMNS.iter().map(|c| format!("c.{c}")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT {cols}, c.facility_id, s.name FROM cases c JOIN case_statuses s ON s.id = c.status_id WHERE c.id = ?1"
    );
    let n = TRACKED_COLUMNS.len();
    let row = conn
        .prepare_cached(&sql)?
        .query_row([case_id], |r| {
            let mut tracked = Vec::with_capacity(n);
            for (i, c) in TRACKED_COLUMNS.iter().enumerate() {
                tracked.push(text_form(c, r.get_ref(i)?));
            }
            Ok((tracked, r.get::<_, String>(n)?, r.get::<_, String>(n + 1)?))
        })
        .optional()?;
    Ok(row.map(|(tracked, facility_id, status)| {
        let get = |c: &str| {
            let i = TRACKED_COLUMNS.iter().position(|x| *x == c).expect("tracked");
            tracked[i].clone()
        };
        CaseState {
            facility_id,
            case_number: get("case_number").unwrap_or_default(),
            status,
            is_draft: get("is_draft").as_deref() == Some("true"),
            data_validated: get("data_validated").as_deref() == Some("true"),
            excluded: get("is_excluded_from_metrics").as_deref() == Some("true"),
            or_room_id: get("or_room_id"),
            surgeon_id: get("surgeon_id"),
            scheduled_date: get("scheduled_date").unwrap_or_default(),
            start_time: get("start_time"),
            procedure_type_id: get("procedure_type_id"),
            patient_id: get("patient_id"),
            tracked,
        }
    }))
}

/// Writes the call's history row for a case: `created` (with `{}`) when `before` is `None`; otherwise one
/// row listing the tracked columns that differ, or nothing when none do.
pub(crate) fn write(call: &Call<'_>, case_id: &str, before: Option<&CaseState>, after: &CaseState) -> Result<()> {
    let (change_type, fields) = match before {
        None => ("created", Map::new()),
        Some(b) => {
            let mut fields = Map::new();
            for (i, c) in TRACKED_COLUMNS.iter().enumerate() {
                if b.tracked[i] != after.tracked[i] {
                    let mut pair = Map::new();
                    pair.insert("old".into(), b.tracked[i].clone().map_or(Value::Null, Value::String));
                    pair.insert("new".into(), after.tracked[i].clone().map_or(Value::Null, Value::String));
                    fields.insert((*c).to_string(), Value::Object(pair));
                }
            }
            if fields.is_empty() {
                return Ok(());
            }
            let kind = if b.tracked("cancelled_at").is_none() && after.tracked("cancelled_at").is_some() {
                "cancelled"
            } else if fields.contains_key("status_id") {
                "status_change"
            } else {
                "updated"
            };
            (kind, fields)
        }
    };
    let source = if call.ctx.level == Level::System { "system" } else { "manual" };
    call.tx
        .prepare_cached(
            "INSERT INTO case_history (id, case_id, facility_id, change_type, changed_fields, change_source, changed_by,
                 created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(rusqlite::params![
            values::new_id(),
            case_id,
            after.facility_id,
            change_type,
            Value::Object(fields).to_string(),
            source,
            call.ctx.user_id,
            call.now,
        ])?;
    Ok(())
}
