//! The importer's store half: access checks, reference resolution (and creation), and one lifecycle run per
//! row inside a per-row savepoint, many rows per transaction.

use std::collections::HashMap;
use std::time::Instant;

use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value, json};

use crate::access::matrix::{self, WriteScope};
use crate::access::{AccessContext, Level, Scope};
use crate::audit::{self, AuditEntry};
use crate::cases::NewCase;
use crate::error::{Error, ErrorKind, Result};
use crate::import::model::{
    CreatedReferences, CreatedRow, DEFAULT_IMPORT_SOURCE, ImportMapping, ImportOptions, ImportReport, RowCode,
    RowIssue, SYNTHETIC_SURGEON_FIRST_NAME,
};
use crate::import::parse::{self, ParsedRow, RowResult};
use crate::reference::RefTable;
use crate::users::NewUser;
use crate::values::{self, MAX_NAME_CHARS};

/// The facility as the import needs it.
struct Target {
    facility: String,
    timezone: String,
    /// Active facility milestones: name → (id, display_order).
    milestones: HashMap<String, (String, i64)>,
}

/// Checks that the context may import cases into `facility` and loads its zone and milestones.
fn target(conn: &Connection, ctx: &AccessContext, facility: &str, mapping: &ImportMapping) -> Result<Target> {
    let timezone: Option<String> =
        conn.query_row("SELECT timezone FROM facilities WHERE id = ?1", [facility], |r| r.get(0)).optional()?;
    let timezone = timezone
        .filter(|_| ctx.sees_facility(facility) && ctx.level != Level::DeviceRep)
        .ok_or_else(|| Error::not_found("facility_id"))?;
    if !matches!(matrix::write_scope("cases", ctx.level), WriteScope::All | WriteScope::OwnFacility) {
        return Err(Error::denied("this access level cannot import cases"));
    }
    let milestones: HashMap<String, (String, i64)> = conn
        .prepare_cached(
            "SELECT name, id, display_order FROM facility_milestones WHERE facility_id = ?1 AND is_active = 1",
        )?
        .query_map([facility], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some(m) = mapping.milestones.iter().find(|m| !milestones.contains_key(m.milestone.trim())) {
        return Err(Error::new(
            ErrorKind::MilestoneNotFound,
            format!("mapping.milestones: {:?} is not an active milestone of the facility", m.milestone),
        ));
    }
    Ok(Target { facility: facility.to_string(), timezone, milestones })
}

/// A reference cell's resolution: the row id, or why rows naming it are rejected.
type Resolved = std::result::Result<String, (RowCode, String)>;

/// The reference rows the file names, resolved once per distinct value.
#[derive(Default)]
struct References {
    rooms: HashMap<String, Resolved>,
    procedures: HashMap<(Option<String>, Option<String>), Resolved>,
    surgeons: HashMap<String, Resolved>,
    created: CreatedReferences,
}

/// How a row names its surgeon: the surgeon column, else (synthetic) the service column.
fn surgeon_key<'r>(mapping: &ImportMapping, row: &'r ParsedRow) -> Option<&'r str> {
    if mapping.surgeon.is_some() { row.surgeon.as_deref() } else { row.service.as_deref() }
}

fn procedure_key(row: &ParsedRow) -> Option<(Option<String>, Option<String>)> {
    (row.procedure_code.is_some() || row.procedure_description.is_some())
        .then(|| (row.procedure_code.clone(), row.procedure_description.clone()))
}

/// A procedure type's name: `description (code)`, or whichever of the two is present.
fn procedure_name(code: Option<&str>, description: Option<&str>) -> String {
    match (code, description) {
        (Some(c), Some(d)) => format!("{d} ({c})"),
        (Some(x), None) | (None, Some(x)) => x.to_string(),
        (None, None) => String::new(),
    }
}

/// Names a room cell may match (the cell itself; for a bare number `n` also `OR n`) and the name a created
/// room gets (`OR n` for a bare number).
fn room_names(cell: &str) -> (Vec<String>, String) {
    if cell.bytes().all(|b| b.is_ascii_digit()) {
        let or = format!("OR {cell}");
        (vec![cell.to_string(), or.clone()], or)
    } else {
        (vec![cell.to_string()], cell.to_string())
    }
}

/// A surgeon cell: names it may match (`first last`) and the first/last names a created surgeon gets.
fn surgeon_names(cell: &str, synthetic: bool) -> (Vec<String>, String, String) {
    if synthetic {
        let first = SYNTHETIC_SURGEON_FIRST_NAME.to_string();
        return (vec![format!("{first} {cell}")], first, cell.to_string());
    }
    match cell.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (vec![cell.to_string()], first.trim().to_string(), last.trim().to_string()),
        None => (vec![cell.to_string(), format!("Surgeon {cell}")], "Surgeon".into(), cell.to_string()),
    }
}

fn find_id(conn: &Connection, sql: &str, facility: &str, names: &[String]) -> Result<Option<String>> {
    for name in names {
        let id: Option<String> =
            conn.prepare_cached(sql)?.query_row([facility, name.as_str()], |r| r.get(0)).optional()?;
        if id.is_some() {
            return Ok(id);
        }
    }
    Ok(None)
}

const FIND_ROOM: &str = "SELECT id FROM or_rooms WHERE facility_id = ?1 AND lower(name) = lower(?2)
    ORDER BY is_active DESC, created_at, id LIMIT 1";
const FIND_PROCEDURE: &str = "SELECT id FROM procedure_types WHERE facility_id = ?1 AND lower(name) = lower(?2)
    ORDER BY is_active DESC, created_at, id LIMIT 1";
const FIND_SURGEON: &str = "SELECT u.id FROM users u JOIN user_roles r ON r.id = u.role_id
    WHERE u.facility_id = ?1 AND r.name = 'surgeon' AND lower(u.first_name || ' ' || u.last_name) = lower(?2)
    ORDER BY u.is_active DESC, u.created_at, u.id LIMIT 1";

/// Why a reference could not be created, for the rows naming it (storage failures abort the import).
fn creation_failed(code: RowCode, column: &str, what: &str, e: Error) -> Result<Resolved> {
    if e.kind() == ErrorKind::Storage {
        return Err(e);
    }
    Ok(Err((code, format!("{column}: the {what} could not be created ({}: {e})", e.kind()))))
}

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// The median of `values` rounded to whole minutes (`None` when empty).
fn median_minutes(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    let m = if n % 2 == 1 { values[n / 2] as f64 } else { (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0 };
    Some(m.round() as i64)
}

impl References {
    /// Resolves every distinct room, procedure and surgeon of the valid rows, creating missing ones when the
    /// options allow (each creation is its own call: a refused one writes nothing and rejects only the rows
    /// naming it).
    fn resolve(
        s: &Scope,
        t: &Target,
        mapping: &ImportMapping,
        rows: &[RowResult],
        options: &ImportOptions,
    ) -> Result<References> {
        let mut refs = References::default();
        let valid = || rows.iter().filter_map(|r| r.as_ref().ok());
        let lookup = |sql: &str, names: &[String]| s.orbit().read(|conn| find_id(conn, sql, &t.facility, names));
        let room_column = mapping.room.as_deref().unwrap_or("room");
        for cell in valid().filter_map(|r| r.room.as_deref()) {
            if refs.rooms.contains_key(cell) {
                continue;
            }
            let (names, new_name) = room_names(cell);
            let resolved = match lookup(FIND_ROOM, &names)? {
                Some(id) => Ok(id),
                None if options.create_rooms => {
                    match s.create(RefTable::OrRooms, &fields(json!({"facility_id": t.facility, "name": new_name}))) {
                        Ok(rec) => {
                            let id = rec.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
                            refs.created.rooms.push(CreatedRow { id: id.clone(), name: new_name });
                            Ok(id)
                        }
                        Err(e) => creation_failed(RowCode::UnknownRoom, room_column, "OR room", e)?,
                    }
                }
                None => Err((
                    RowCode::UnknownRoom,
                    format!("{room_column}: no such OR room in the facility (create_rooms is off)"),
                )),
            };
            refs.rooms.insert(cell.to_string(), resolved);
        }
        let procedure_column = mapping.procedure_code.as_deref().or(mapping.procedure_description.as_deref());
        let procedure_column = procedure_column.unwrap_or("procedure");
        for key in valid().filter_map(procedure_key) {
            if refs.procedures.contains_key(&key) {
                continue;
            }
            let (code, description) = (key.0.as_deref(), key.1.as_deref());
            let name = procedure_name(code, description);
            let mut names = vec![name.clone()];
            names.extend(description.map(str::to_string));
            names.extend(code.map(str::to_string));
            names.dedup();
            let resolved = match lookup(FIND_PROCEDURE, &names)? {
                Some(id) => Ok(id),
                None if options.create_procedures => {
                    let mut booked: Vec<i64> = valid()
                        .filter(|r| procedure_key(r).as_ref() == Some(&key))
                        .filter_map(|r| r.booked_minutes)
                        .collect();
                    let mut f = fields(json!({"facility_id": t.facility, "name": name}));
                    if let Some(m) = median_minutes(&mut booked) {
                        f.insert("expected_duration_minutes".into(), m.into());
                    }
                    match s.create(RefTable::ProcedureTypes, &f) {
                        Ok(rec) => {
                            let id = rec.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
                            refs.created.procedure_types.push(CreatedRow { id: id.clone(), name });
                            Ok(id)
                        }
                        Err(e) => creation_failed(RowCode::UnknownProcedure, procedure_column, "procedure type", e)?,
                    }
                }
                None => Err((
                    RowCode::UnknownProcedure,
                    format!("{procedure_column}: no such procedure type in the facility (create_procedures is off)"),
                )),
            };
            refs.procedures.insert(key, resolved);
        }
        let synthetic = mapping.surgeon.is_none();
        let surgeon_column = mapping.surgeon.as_deref().or(mapping.service.as_deref()).unwrap_or("surgeon");
        for cell in valid().filter_map(|r| surgeon_key(mapping, r)) {
            if refs.surgeons.contains_key(cell) {
                continue;
            }
            let (names, first, last) = surgeon_names(cell, synthetic);
            let resolved = match lookup(FIND_SURGEON, &names)? {
                Some(id) => Ok(id),
                None if options.create_surgeons => {
                    let new = NewUser {
                        facility_id: Some(t.facility.clone()),
                        access_level: Some("user".into()),
                        role: Some("surgeon".into()),
                        first_name: first.clone(),
                        last_name: last.clone(),
                        ..NewUser::default()
                    };
                    match s.create_user(new) {
                        Ok(u) => {
                            refs.created
                                .surgeons
                                .push(CreatedRow { id: u.id.clone(), name: format!("{first} {last}") });
                            Ok(u.id)
                        }
                        Err(e) => creation_failed(RowCode::UnknownSurgeon, surgeon_column, "surgeon", e)?,
                    }
                }
                None => Err((
                    RowCode::UnknownSurgeon,
                    format!("{surgeon_column}: no such surgeon in the facility (create_surgeons is off)"),
                )),
            };
            refs.surgeons.insert(cell.to_string(), resolved);
        }
        Ok(refs)
    }
}

/// Splits `rows` into transactions of at least `size` rows that never split a run of rows with the same
/// scheduled date (a batch closes at the first date change after `size` rows), so the deferred detection at
/// a batch's end sees each date's cases together (rows without a date stay with their neighbours).
fn batches(rows: &[RowResult], size: usize) -> Vec<&[RowResult]> {
    let date = |r: &RowResult| r.as_ref().ok().map(|p| p.scheduled_date);
    let mut out = Vec::new();
    let mut start = 0;
    let mut last = None;
    for (i, r) in rows.iter().enumerate() {
        let d = date(r);
        if i - start >= size && d.is_some() && last.is_some() && d != last {
            out.push(&rows[start..i]);
            start = i;
        }
        if d.is_some() {
            last = d;
        }
    }
    if start < rows.len() {
        out.push(&rows[start..]);
    }
    out
}

/// What happened to one valid row.
enum RowOutcome {
    Imported { validated: bool },
    Skipped(RowIssue),
    Rejected(RowIssue),
}

fn issue(row: &ParsedRow, code: RowCode, reason: String) -> RowIssue {
    RowIssue { row: row.row, line: row.line, case_number: Some(row.case_number.clone()), code, reason }
}

/// The id a reference cell resolved to, or the row's rejection.
fn pick<K: std::hash::Hash + Eq>(
    map: &HashMap<K, Resolved>,
    key: Option<K>,
    row: &ParsedRow,
) -> std::result::Result<Option<String>, RowIssue> {
    match key.map(|k| map.get(&k)) {
        None => Ok(None),
        Some(Some(Ok(id))) => Ok(Some(id.clone())),
        Some(Some(Err((code, reason)))) => Err(issue(row, *code, reason.clone())),
        Some(None) => Err(issue(row, RowCode::MalformedRow, "a reference cell was not resolved".into())),
    }
}

/// Everything one run needs besides the rows.
struct Run<'a> {
    target: &'a Target,
    mapping: &'a ImportMapping,
    options: &'a ImportOptions,
    import_source: &'a str,
}

impl Run<'_> {
    /// One row: the case, its milestones in time order, its validation — in one savepoint, so a refused call
    /// leaves nothing of the row behind. A case number the facility already has is a skip.
    fn import_row(&self, s: &Scope, refs: &References, row: &ParsedRow) -> Result<RowOutcome> {
        let refs_of_row = (|| {
            Ok::<_, RowIssue>((
                pick(&refs.rooms, row.room.clone(), row)?,
                pick(&refs.procedures, procedure_key(row), row)?,
                pick(&refs.surgeons, surgeon_key(self.mapping, row).map(str::to_string), row)?,
            ))
        })();
        let (room, procedure, surgeon) = match refs_of_row {
            Ok(ids) => ids,
            Err(issue) => return Ok(RowOutcome::Rejected(issue)),
        };
        let facility = &self.target.facility;
        let result = s.orbit().write(|conn| {
            let taken: bool = conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM cases WHERE facility_id = ?1 AND case_number = ?2)")?
                .query_row([facility, &row.case_number], |r| r.get(0))?;
            if taken {
                return Ok(None);
            }
            let case = s.create_case(NewCase {
                facility_id: Some(facility.clone()),
                case_number: row.case_number.clone(),
                scheduled_date: row.scheduled_date.format("%Y-%m-%d").to_string(),
                start_time: row.start_time.clone(),
                or_room_id: room,
                procedure_type_id: procedure,
                surgeon_id: surgeon,
                import_source: Some(self.import_source.to_string()),
                ..NewCase::default()
            })?;
            // Time order; equal instants keep the facility's milestone order (the parser's order).
            let mut milestones: Vec<_> = row.milestones.iter().collect();
            milestones.sort_by_key(|m| m.at);
            for m in milestones {
                let (id, _) = &self.target.milestones[&m.milestone];
                s.record_milestone(&case, id, Some(m.at), None)?;
            }
            let (status, validated): (String, bool) = conn.query_row(
                "SELECT s.name, c.data_validated FROM cases c JOIN case_statuses s ON s.id = c.status_id WHERE c.id = ?1",
                [&case],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if self.options.validate && !validated {
                if status != "completed" {
                    return Err(Error::new(
                        ErrorKind::NotCompleted,
                        "validate is on but the row does not complete its case (patient_in and patient_out are needed)",
                    ));
                }
                s.validate_case(&case)?;
                return Ok(Some(true));
            }
            Ok(Some(validated))
        });
        Ok(match result {
            Ok(Some(validated)) => RowOutcome::Imported { validated },
            Ok(None) => RowOutcome::Skipped(issue(
                row,
                RowCode::AlreadyImported,
                format!("{}: the facility already has a case with this number", self.mapping.case_number),
            )),
            Err(e) if e.kind() == ErrorKind::Storage => return Err(e),
            Err(e) => RowOutcome::Rejected(issue(row, RowCode::Refused(e.kind()), e.to_string())),
        })
    }

    /// Resolves the references, then imports the rows `batch_size` per transaction (each a
    /// [`Scope::batch_deferring_detection`]: the flag detection of the batch's cases runs once before it
    /// commits); returns the report without its timing.
    fn run(&self, scope: &Scope, rows: &[RowResult]) -> Result<ImportReport> {
        let mut report = ImportReport {
            facility_id: self.target.facility.clone(),
            rows: rows.len() as u64,
            ..ImportReport::default()
        };
        let refs = scope.batch(|s| References::resolve(s, self.target, self.mapping, rows, self.options))?;
        for chunk in batches(rows, self.options.batch_size) {
            scope.batch_deferring_detection(|s| {
                for r in chunk {
                    let row = match r {
                        Ok(row) => row,
                        Err(issue) => {
                            report.rejected_rows.push(issue.clone());
                            continue;
                        }
                    };
                    match self.import_row(s, &refs, row)? {
                        RowOutcome::Imported { validated } => {
                            report.imported += 1;
                            report.validated += u64::from(validated);
                        }
                        RowOutcome::Skipped(issue) => report.skipped_rows.push(issue),
                        RowOutcome::Rejected(issue) => report.rejected_rows.push(issue),
                    }
                }
                Ok(())
            })?;
        }
        report.rejected = report.rejected_rows.len() as u64;
        report.skipped = report.skipped_rows.len() as u64;
        report.created = refs.created;
        let counts = json!({
            "rows": report.rows, "imported": report.imported, "validated": report.validated,
            "rejected": report.rejected, "skipped": report.skipped, "import_source": self.import_source,
            "created_rooms": report.created.rooms.len(), "created_procedure_types": report.created.procedure_types.len(),
            "created_surgeons": report.created.surgeons.len(),
        });
        scope.write("import_cases", |call| {
            audit::record(
                call,
                AuditEntry {
                    action: "cases.imported".into(),
                    target_type: "facilities",
                    target_id: self.target.facility.clone(),
                    facility_id: Some(self.target.facility.clone()),
                    new_values: counts.as_object().cloned(),
                    ..AuditEntry::default()
                },
            )
        })?;
        Ok(report)
    }
}

impl Scope {
    /// Imports historical cases from CSV text into `facility_id` (see the [module docs](crate::import)): one
    /// case per valid row with its recorded milestones, run through the normal lifecycle and validated;
    /// bad rows are reported with a code and never stop the import or leave part of a case behind; case
    /// numbers the facility already has are skipped, so re-importing a file is safe.
    ///
    /// Refused as a whole: an unknown or invisible facility (`NotFound`), a caller who may not write cases
    /// (`PermissionDenied`), a bad mapping, option, time zone or header (`InvalidInput`), a mapped milestone
    /// the facility lacks (`MilestoneNotFound`). A storage failure stops the import; the transactions already
    /// committed (whole rows only) stay.
    pub fn import_cases(
        &self,
        facility_id: &str,
        csv_text: &str,
        mapping: &ImportMapping,
        options: &ImportOptions,
    ) -> Result<ImportReport> {
        let started = Instant::now();
        let facility = values::parse_uuid("facility_id", facility_id)?;
        mapping.check()?;
        options.check()?;
        let import_source = values::name(
            "options.import_source",
            options.import_source.as_deref().unwrap_or(DEFAULT_IMPORT_SOURCE),
            MAX_NAME_CHARS,
        )?;
        let target = self.read(|conn, ctx| target(conn, ctx, &facility, mapping))?;
        let zone = options.timezone.as_deref().unwrap_or(&target.timezone).trim().to_string();
        let tz: Tz = values::timezone("options.timezone", &zone)?;
        // Milestone columns in the facility's milestone order, so the parser's order check follows it.
        let mut ordered = mapping.clone();
        for m in &mut ordered.milestones {
            m.milestone = m.milestone.trim().to_string();
        }
        ordered.milestones.sort_by_key(|m| target.milestones[&m.milestone].1);
        let rows = parse::parse_csv(csv_text.as_bytes(), &ordered, tz)?;
        let run = Run { target: &target, mapping: &ordered, options, import_source: &import_source };
        let mut report = if options.dry_run {
            let mut out = None;
            let rolled_back = self.orbit().write(|_| {
                out = Some(run.run(self, &rows)?);
                Err::<(), _>(Error::new(ErrorKind::InvalidState, "dry run"))
            });
            match out {
                Some(report) => report,
                None => return Err(rolled_back.err().unwrap_or_else(|| Error::new(ErrorKind::Storage, "dry run"))),
            }
        } else {
            run.run(self, &rows)?
        };
        report.timezone = zone;
        report.dry_run = options.dry_run;
        let elapsed = started.elapsed();
        report.elapsed_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
        report.rows_per_second =
            if elapsed.as_secs_f64() > 0.0 { report.rows as f64 / elapsed.as_secs_f64() } else { 0.0 };
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_names_follow_the_documented_rules() {
        assert_eq!(room_names("3"), (vec!["3".to_string(), "OR 3".to_string()], "OR 3".to_string()));
        assert_eq!(room_names("Cath Lab"), (vec!["Cath Lab".to_string()], "Cath Lab".to_string()));
        assert_eq!(procedure_name(Some("28110"), Some("Bunionectomy")), "Bunionectomy (28110)");
        assert_eq!(procedure_name(None, Some("Bunionectomy")), "Bunionectomy");
        assert_eq!(surgeon_names("ENT", true), (vec!["Service ENT".to_string()], "Service".into(), "ENT".into()));
        assert_eq!(
            surgeon_names("Mary Ann Jones", false),
            (vec!["Mary Ann Jones".to_string()], "Mary Ann".into(), "Jones".into())
        );
        assert_eq!(median_minutes(&mut [90, 30, 60, 120]), Some(75));
        assert_eq!(median_minutes(&mut []), None);
    }

    #[test]
    fn batches_close_at_a_date_change() {
        let row = |n: u64, day: u32| -> RowResult {
            Ok(ParsedRow {
                row: n,
                line: n + 1,
                case_number: n.to_string(),
                scheduled_date: chrono::NaiveDate::from_ymd_opt(2022, 1, day).unwrap(),
                start_time: None,
                room: None,
                procedure_code: None,
                procedure_description: None,
                service: None,
                surgeon: None,
                booked_minutes: None,
                milestones: Vec::new(),
            })
        };
        let bad = |n: u64| -> RowResult {
            Err(RowIssue { row: n, line: n + 1, case_number: None, code: RowCode::MissingValue, reason: "x".into() })
        };
        let rows = vec![row(1, 3), row(2, 3), row(3, 3), bad(4), row(5, 4), row(6, 5), row(7, 5)];
        let sizes = |size| batches(&rows, size).iter().map(|b| b.len()).collect::<Vec<_>>();
        assert_eq!(sizes(2), [4, 3]);
        assert_eq!(sizes(1), [4, 1, 2]);
        assert_eq!(sizes(5), [5, 2]);
        assert_eq!(sizes(100), [7]);
        assert!(batches(&[], 3).is_empty());
    }
}
