//! Importer inputs and outputs: the column mapping, the options, the per-row issues and the report.

use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};

/// Rows per transaction by default ([`ImportOptions::batch_size`]).
pub const DEFAULT_BATCH_SIZE: usize = 200;

/// Largest accepted [`ImportOptions::batch_size`].
pub const MAX_BATCH_SIZE: usize = 10_000;

/// `cases.import_source` of imported cases by default.
pub const DEFAULT_IMPORT_SOURCE: &str = "csv";

/// First name of a synthetic per-service surgeon (its last name is the service, so KPI details read
/// `Dr. <service>`).
pub const SYNTHETIC_SURGEON_FIRST_NAME: &str = "Service";

/// One milestone column: a CSV column holding the instant of a facility milestone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneColumn {
    /// CSV header name.
    pub column: String,
    /// Facility milestone name (`patient_in`, `incision`, …).
    pub milestone: String,
}

impl MilestoneColumn {
    /// `column` → `milestone`.
    pub fn new(column: &str, milestone: &str) -> MilestoneColumn {
        MilestoneColumn { column: column.to_string(), milestone: milestone.to_string() }
    }
}

/// Which CSV column holds which case field. Column names match the header exactly, else ignoring
/// surrounding spaces and case (so `date` finds the data set's `date ` column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportMapping {
    /// Case number (required; unique per facility).
    pub case_number: String,
    /// Scheduled date `YYYY-MM-DD` (required; a date-time cell contributes its date).
    pub scheduled_date: String,
    /// OR room name (a bare number `n` also finds or creates `OR n`).
    pub room: Option<String>,
    /// Procedure code (e.g. CPT).
    pub procedure_code: Option<String>,
    /// Procedure description.
    pub procedure_description: Option<String>,
    /// Service / specialty: the synthetic surgeon's name when no surgeon column is mapped.
    pub service: Option<String>,
    /// Surgeon full name (`First Last`).
    pub surgeon: Option<String>,
    /// Booked minutes (positive integer): the median per procedure becomes a created procedure type's
    /// expected duration.
    pub booked_duration: Option<String>,
    /// Scheduled start: `HH:MM[:SS]`, or a date-time on the scheduled date.
    pub scheduled_start: Option<String>,
    /// Milestone columns (each milestone at most once).
    pub milestones: Vec<MilestoneColumn>,
}

impl Default for ImportMapping {
    /// The layout of the public "Operating Room Utilization" data set (`or_utilization_q1_2022.csv`).
    fn default() -> Self {
        ImportMapping {
            case_number: "encounter_id".into(),
            scheduled_date: "date".into(),
            room: Some("or_suite".into()),
            procedure_code: Some("cpt_code".into()),
            procedure_description: Some("cpt_desc".into()),
            service: Some("service".into()),
            surgeon: None,
            booked_duration: Some("booked_dur".into()),
            scheduled_start: Some("or_sched".into()),
            milestones: vec![
                MilestoneColumn::new("wheels_in", "patient_in"),
                MilestoneColumn::new("start_time", "incision"),
                MilestoneColumn::new("end_time", "closing"),
                MilestoneColumn::new("wheels_out", "patient_out"),
            ],
        }
    }
}

fn opt_string(m: &Map<String, Value>, key: &str) -> Result<Option<String>> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::invalid(&format!("mapping.{key}"), "must be a column name or null")),
    }
}

impl ImportMapping {
    /// A mapping from its JSON form: `{case_number, scheduled_date, room?, procedure_code?,
    /// procedure_description?, service?, surgeon?, booked_duration?, scheduled_start?, milestones?}` where
    /// `milestones` is `{column: milestone, …}` or `[{column, milestone}, …]`. Keys left out keep the
    /// [`Default`] layout; a key set to null unmaps the column.
    pub fn from_json(m: &Map<String, Value>) -> Result<ImportMapping> {
        let mut mapping = ImportMapping::default();
        for (key, value) in m {
            let slot = match key.as_str() {
                "case_number" | "scheduled_date" => {
                    let v = opt_string(m, key)?
                        .ok_or_else(|| Error::invalid(&format!("mapping.{key}"), "must be a column name"))?;
                    if key == "case_number" {
                        mapping.case_number = v;
                    } else {
                        mapping.scheduled_date = v;
                    }
                    continue;
                }
                "room" => &mut mapping.room,
                "procedure_code" => &mut mapping.procedure_code,
                "procedure_description" => &mut mapping.procedure_description,
                "service" => &mut mapping.service,
                "surgeon" => &mut mapping.surgeon,
                "booked_duration" => &mut mapping.booked_duration,
                "scheduled_start" => &mut mapping.scheduled_start,
                "milestones" => {
                    mapping.milestones = milestones_from_json(value)?;
                    continue;
                }
                _ => {
                    return Err(Error::invalid(
                        &format!("mapping.{key}"),
                        "is not a mapping key (case_number, scheduled_date, room, procedure_code, \
                         procedure_description, service, surgeon, booked_duration, scheduled_start, milestones)",
                    ));
                }
            };
            *slot = opt_string(m, key)?;
        }
        Ok(mapping)
    }

    /// Checks the mapping's own rules: non-empty column names, each milestone at most once.
    pub fn check(&self) -> Result<()> {
        let mut named = vec![("case_number", Some(&self.case_number)), ("scheduled_date", Some(&self.scheduled_date))];
        named.extend([
            ("room", self.room.as_ref()),
            ("procedure_code", self.procedure_code.as_ref()),
            ("procedure_description", self.procedure_description.as_ref()),
            ("service", self.service.as_ref()),
            ("surgeon", self.surgeon.as_ref()),
            ("booked_duration", self.booked_duration.as_ref()),
            ("scheduled_start", self.scheduled_start.as_ref()),
        ]);
        for (key, column) in named {
            if column.is_some_and(|c| c.trim().is_empty()) {
                return Err(Error::invalid(&format!("mapping.{key}"), "must be a non-empty column name"));
            }
        }
        for (i, m) in self.milestones.iter().enumerate() {
            if m.column.trim().is_empty() || m.milestone.trim().is_empty() {
                return Err(Error::invalid("mapping.milestones", "column and milestone names must be non-empty"));
            }
            if self.milestones[..i].iter().any(|o| o.milestone == m.milestone) {
                return Err(Error::invalid("mapping.milestones", "maps a milestone twice"));
            }
        }
        Ok(())
    }
}

fn milestones_from_json(v: &Value) -> Result<Vec<MilestoneColumn>> {
    let bad = || Error::invalid("mapping.milestones", "must be {column: milestone} or [{column, milestone}]");
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Object(m) => {
            m.iter().map(|(c, v)| v.as_str().map(|name| MilestoneColumn::new(c, name)).ok_or_else(bad)).collect()
        }
        Value::Array(items) => items
            .iter()
            .map(|item| {
                let column = item.get("column").and_then(Value::as_str).ok_or_else(bad)?;
                let milestone = item.get("milestone").and_then(Value::as_str).ok_or_else(bad)?;
                Ok(MilestoneColumn::new(column, milestone))
            })
            .collect(),
        _ => Err(bad()),
    }
}

/// How the import runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// IANA zone the CSV's wall-clock times are in (default: the facility's).
    pub timezone: Option<String>,
    /// Create OR rooms the facility lacks (default false: such rows are rejected `UnknownRoom`).
    pub create_rooms: bool,
    /// Create procedure types the facility lacks (default false: `UnknownProcedure`).
    pub create_procedures: bool,
    /// Create surgeons the facility lacks (default false: `UnknownSurgeon`).
    pub create_surgeons: bool,
    /// Validate each imported case (default true); a row that does not complete its case is then rejected
    /// `NotCompleted`.
    pub validate: bool,
    /// Run everything, report, and roll back (default false).
    pub dry_run: bool,
    /// Rows per transaction (default [`DEFAULT_BATCH_SIZE`], 1–[`MAX_BATCH_SIZE`]); a transaction closes at
    /// the first scheduled-date change after this many rows.
    pub batch_size: usize,
    /// `cases.import_source` (default [`DEFAULT_IMPORT_SOURCE`]).
    pub import_source: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            timezone: None,
            create_rooms: false,
            create_procedures: false,
            create_surgeons: false,
            validate: true,
            dry_run: false,
            batch_size: DEFAULT_BATCH_SIZE,
            import_source: None,
        }
    }
}

impl ImportOptions {
    /// Every `create_*` option on.
    pub fn creating_missing(mut self) -> Self {
        self.create_rooms = true;
        self.create_procedures = true;
        self.create_surgeons = true;
        self
    }

    /// Options from their JSON form: `{timezone?, create_missing?, create_rooms?, create_procedures?,
    /// create_surgeons?, validate?, dry_run?, batch_size?, import_source?}` (`create_missing` sets the three
    /// `create_*` flags; a specific flag given too wins).
    pub fn from_json(m: &Map<String, Value>) -> Result<ImportOptions> {
        let mut o = ImportOptions::default();
        let flag = |key: &str| -> Result<Option<bool>> {
            match m.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Bool(b)) => Ok(Some(*b)),
                Some(_) => Err(Error::invalid(&format!("options.{key}"), "must be true or false")),
            }
        };
        for key in m.keys() {
            if !matches!(
                key.as_str(),
                "timezone"
                    | "create_missing"
                    | "create_rooms"
                    | "create_procedures"
                    | "create_surgeons"
                    | "validate"
                    | "dry_run"
                    | "batch_size"
                    | "import_source"
            ) {
                return Err(Error::invalid(&format!("options.{key}"), "is not an import option"));
            }
        }
        if let Some(all) = flag("create_missing")? {
            o.create_rooms = all;
            o.create_procedures = all;
            o.create_surgeons = all;
        }
        o.create_rooms = flag("create_rooms")?.unwrap_or(o.create_rooms);
        o.create_procedures = flag("create_procedures")?.unwrap_or(o.create_procedures);
        o.create_surgeons = flag("create_surgeons")?.unwrap_or(o.create_surgeons);
        o.validate = flag("validate")?.unwrap_or(o.validate);
        o.dry_run = flag("dry_run")?.unwrap_or(o.dry_run);
        o.timezone = opt_option_string(m, "timezone")?;
        o.import_source = opt_option_string(m, "import_source")?;
        if let Some(v) = m.get("batch_size").filter(|v| !v.is_null()) {
            let n =
                crate::values::json_i64(v).ok_or_else(|| Error::invalid("options.batch_size", "must be an integer"))?;
            o.batch_size = usize::try_from(n).unwrap_or(0);
        }
        Ok(o)
    }

    /// Checks the options' ranges.
    pub fn check(&self) -> Result<()> {
        if !(1..=MAX_BATCH_SIZE).contains(&self.batch_size) {
            return Err(Error::invalid("options.batch_size", format!("must be between 1 and {MAX_BATCH_SIZE}")));
        }
        Ok(())
    }
}

fn opt_option_string(m: &Map<String, Value>, key: &str) -> Result<Option<String>> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::invalid(&format!("options.{key}"), "must be a string")),
    }
}

/// Why a row was rejected or skipped. Stable names (serialized as the variant name; lifecycle refusals as
/// the error kind's name, e.g. `FutureTimestamp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowCode {
    /// The record cannot be read as CSV, or has another number of fields than the header.
    MalformedRow,
    /// A mapped cell is not valid UTF-8.
    InvalidEncoding,
    /// A required cell (case number, scheduled date) is empty.
    MissingValue,
    /// The scheduled date is not a calendar date.
    InvalidDate,
    /// A time or date-time cell cannot be read.
    InvalidTime,
    /// The booked duration is not a positive whole number of minutes.
    InvalidNumber,
    /// The scheduled start's date, or a milestone's local date, is not the scheduled date (milestones: or
    /// the next day).
    DateMismatch,
    /// Milestone instants go backwards in the facility's milestone order.
    MilestonesOutOfOrder,
    /// An earlier row of the file has the same case number (the first valid row wins).
    DuplicateInFile,
    /// The facility already has a case with this number (a skip, not a rejection: re-imports are safe).
    AlreadyImported,
    /// The room is not in the facility and `create_rooms` is off (or creating it failed).
    UnknownRoom,
    /// The procedure is not in the facility and `create_procedures` is off (or creating it failed).
    UnknownProcedure,
    /// The surgeon is not in the facility and `create_surgeons` is off (or creating it failed).
    UnknownSurgeon,
    /// A lifecycle call refused the row (create, record, validate): its error kind.
    Refused(ErrorKind),
}

impl RowCode {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            RowCode::MalformedRow => "MalformedRow",
            RowCode::InvalidEncoding => "InvalidEncoding",
            RowCode::MissingValue => "MissingValue",
            RowCode::InvalidDate => "InvalidDate",
            RowCode::InvalidTime => "InvalidTime",
            RowCode::InvalidNumber => "InvalidNumber",
            RowCode::DateMismatch => "DateMismatch",
            RowCode::MilestonesOutOfOrder => "MilestonesOutOfOrder",
            RowCode::DuplicateInFile => "DuplicateInFile",
            RowCode::AlreadyImported => "AlreadyImported",
            RowCode::UnknownRoom => "UnknownRoom",
            RowCode::UnknownProcedure => "UnknownProcedure",
            RowCode::UnknownSurgeon => "UnknownSurgeon",
            RowCode::Refused(kind) => kind.name(),
        }
    }
}

impl fmt::Display for RowCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RowCode {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One rejected or skipped row. `reason` names columns and rules, never cell values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowIssue {
    /// 1-based data row (the header is row 0).
    pub row: u64,
    /// 1-based line of the file where the row starts.
    pub line: u64,
    /// The row's case number, when it could be read.
    pub case_number: Option<String>,
    /// Why.
    pub code: RowCode,
    /// What was wrong and what is allowed.
    pub reason: String,
}

/// A reference row the import created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreatedRow {
    /// Its id.
    pub id: String,
    /// Its name (surgeons: `First Last`).
    pub name: String,
}

/// Reference rows the import created.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreatedReferences {
    /// OR rooms.
    pub rooms: Vec<CreatedRow>,
    /// Procedure types.
    pub procedure_types: Vec<CreatedRow>,
    /// Surgeons (users with the `surgeon` role).
    pub surgeons: Vec<CreatedRow>,
}

/// The result of `import_cases`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    /// The facility.
    pub facility_id: String,
    /// The zone the wall-clock times were read in.
    pub timezone: String,
    /// The run was rolled back.
    pub dry_run: bool,
    /// Data rows read (header excluded).
    pub rows: u64,
    /// Rows that became cases.
    pub imported: u64,
    /// Imported cases that are validated (explicitly, or by the lifecycle's auto-validation).
    pub validated: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Rows skipped (already imported).
    pub skipped: u64,
    /// Reference rows created.
    pub created: CreatedReferences,
    /// The rejected rows, in file order.
    pub rejected_rows: Vec<RowIssue>,
    /// The skipped rows, in file order.
    pub skipped_rows: Vec<RowIssue>,
    /// Wall-clock duration of the call.
    pub elapsed_ms: u64,
    /// Data rows per second over the whole call.
    pub rows_per_second: f64,
}
