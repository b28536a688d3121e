//! The pure half of the importer: CSV bytes + mapping + time zone → one record or one coded issue per data
//! row. No `Connection`; nothing here panics on any input (a property test feeds it arbitrary bytes).
//!
//! Cell rules (every cell is trimmed; an empty cell is "no value"):
//! - date-times: `YYYY-MM-DD HH:MM[:SS[.fff]]` (or with `T`) as wall-clock time in the import zone
//!   ([`values::local_instant`]: a spring-forward gap time uses the offset before the gap, an ambiguous
//!   fall-back time the earlier instant); an RFC 3339 instant with an offset or `Z` as that instant; a bare
//!   `HH:MM[:SS]` on the scheduled date;
//! - a milestone's local date must be the scheduled date or the next day (overnight cases);
//! - milestone instants must not go backwards in the mapping's order (the importer orders the mapping by the
//!   facility's milestone order); an empty milestone cell is simply not recorded.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::import::model::{ImportMapping, RowCode, RowIssue};
use crate::values;

/// Longest accepted booked duration, in minutes (the procedure types' `expected_duration_minutes` bound).
pub const MAX_BOOKED_MINUTES: i64 = 100_000;

/// A milestone instant read from a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowMilestone {
    /// Facility milestone name.
    pub milestone: String,
    /// The instant.
    pub at: Millis,
}

/// A data row that passed every row rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRow {
    /// 1-based data row.
    pub row: u64,
    /// 1-based line where the row starts.
    pub line: u64,
    /// Case number.
    pub case_number: String,
    /// Scheduled date.
    pub scheduled_date: NaiveDate,
    /// Scheduled start `HH:MM:SS`.
    pub start_time: Option<String>,
    /// Room cell.
    pub room: Option<String>,
    /// Procedure code cell.
    pub procedure_code: Option<String>,
    /// Procedure description cell.
    pub procedure_description: Option<String>,
    /// Service cell.
    pub service: Option<String>,
    /// Surgeon cell.
    pub surgeon: Option<String>,
    /// Booked minutes.
    pub booked_minutes: Option<i64>,
    /// Recorded milestones, in the mapping's order.
    pub milestones: Vec<RowMilestone>,
}

/// One data row's outcome.
pub type RowResult = std::result::Result<ParsedRow, RowIssue>;

/// Header positions of the mapped columns.
struct Columns<'m> {
    width: usize,
    case_number: (usize, &'m str),
    scheduled_date: (usize, &'m str),
    room: Option<(usize, &'m str)>,
    procedure_code: Option<(usize, &'m str)>,
    procedure_description: Option<(usize, &'m str)>,
    service: Option<(usize, &'m str)>,
    surgeon: Option<(usize, &'m str)>,
    booked_duration: Option<(usize, &'m str)>,
    scheduled_start: Option<(usize, &'m str)>,
    milestones: Vec<(usize, &'m str, &'m str)>,
}

/// The header position of `wanted`: an exact match, else a match ignoring surrounding spaces and ASCII case.
fn find(header: &[String], key: &str, wanted: &str) -> Result<usize> {
    header
        .iter()
        .position(|h| h == wanted)
        .or_else(|| header.iter().position(|h| h.trim().eq_ignore_ascii_case(wanted.trim())))
        .ok_or_else(|| Error::invalid(&format!("mapping.{key}"), format!("column {wanted:?} is not in the CSV header")))
}

impl<'m> Columns<'m> {
    fn resolve(header: &[String], m: &'m ImportMapping) -> Result<Columns<'m>> {
        let opt = |key: &str, c: &'m Option<String>| -> Result<Option<(usize, &'m str)>> {
            c.as_deref().map(|c| find(header, key, c).map(|i| (i, c))).transpose()
        };
        Ok(Columns {
            width: header.len(),
            case_number: (find(header, "case_number", &m.case_number)?, &m.case_number),
            scheduled_date: (find(header, "scheduled_date", &m.scheduled_date)?, &m.scheduled_date),
            room: opt("room", &m.room)?,
            procedure_code: opt("procedure_code", &m.procedure_code)?,
            procedure_description: opt("procedure_description", &m.procedure_description)?,
            service: opt("service", &m.service)?,
            surgeon: opt("surgeon", &m.surgeon)?,
            booked_duration: opt("booked_duration", &m.booked_duration)?,
            scheduled_start: opt("scheduled_start", &m.scheduled_start)?,
            milestones: m
                .milestones
                .iter()
                .map(|mc| Ok((find(header, "milestones", &mc.column)?, mc.column.as_str(), mc.milestone.as_str())))
                .collect::<Result<_>>()?,
        })
    }
}

/// Parses `input` (CSV with a header row) with `mapping`, reading wall-clock times in `tz`. A missing header or
/// a mapped column absent from it is an `InvalidInput` error of the whole call; everything else is per row,
/// in file order. In-file duplicates: the first valid row with a case number wins, later ones are
/// `DuplicateInFile`.
pub fn parse_csv(input: &[u8], mapping: &ImportMapping, tz: Tz) -> Result<Vec<RowResult>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
    let mut records = reader.byte_records();
    let header: Vec<String> = match records.next() {
        None => return Err(Error::invalid("csv_text", "has no header row")),
        Some(Err(_)) => return Err(Error::invalid("csv_text", "the header row cannot be read as CSV")),
        Some(Ok(h)) => h
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let s = String::from_utf8_lossy(f);
                if i == 0 { s.trim_start_matches('\u{feff}').to_string() } else { s.into_owned() }
            })
            .collect(),
    };
    let columns = Columns::resolve(&header, mapping)?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for (i, record) in records.enumerate() {
        let row = i as u64 + 1;
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                let result = parse_row(&record, row, line, &columns, tz);
                out.push(match result {
                    Ok(parsed) if !seen.insert(parsed.case_number.clone()) => Err(RowIssue {
                        row,
                        line,
                        case_number: Some(parsed.case_number),
                        code: RowCode::DuplicateInFile,
                        reason: format!("{}: an earlier row of the file has this case number", columns.case_number.1),
                    }),
                    other => other,
                });
            }
            Err(e) => {
                // The reader cannot resynchronise reliably after an error: report it and stop.
                out.push(Err(RowIssue {
                    row,
                    line: e.position().map_or(0, |p| p.line()),
                    case_number: None,
                    code: RowCode::MalformedRow,
                    reason: "the record cannot be read as CSV; the rest of the file was not read".into(),
                }));
                break;
            }
        }
    }
    Ok(out)
}

/// Builds row issues for one record.
struct Issue<'a> {
    row: u64,
    line: u64,
    case_number: Option<&'a str>,
}

impl Issue<'_> {
    fn at(&self, code: RowCode, reason: impl Into<String>) -> RowIssue {
        RowIssue {
            row: self.row,
            line: self.line,
            case_number: self.case_number.map(str::to_string),
            code,
            reason: reason.into(),
        }
    }
}

fn parse_row(record: &csv::ByteRecord, row: u64, line: u64, c: &Columns<'_>, tz: Tz) -> RowResult {
    let mut issue = Issue { row, line, case_number: None };
    if record.len() != c.width {
        return Err(issue.at(RowCode::MalformedRow, format!("has {} fields; the header has {}", record.len(), c.width)));
    }
    let cell = |(i, column): (usize, &str), issue: &Issue<'_>| -> std::result::Result<Option<&str>, RowIssue> {
        let bytes = record.get(i).unwrap_or_default();
        let text = std::str::from_utf8(bytes)
            .map_err(|_| issue.at(RowCode::InvalidEncoding, format!("{column}: is not valid UTF-8")))?;
        let text = text.trim();
        Ok((!text.is_empty()).then_some(text))
    };
    let opt = |col: Option<(usize, &str)>, issue: &Issue<'_>| -> std::result::Result<Option<String>, RowIssue> {
        Ok(match col {
            Some(col) => cell(col, issue)?.map(str::to_string),
            None => None,
        })
    };
    let case_number = cell(c.case_number, &issue)?
        .ok_or_else(|| issue.at(RowCode::MissingValue, format!("{}: the case number is empty", c.case_number.1)))?;
    issue.case_number = Some(case_number);
    let date_column = c.scheduled_date.1;
    let date_cell = cell(c.scheduled_date, &issue)?
        .ok_or_else(|| issue.at(RowCode::MissingValue, format!("{date_column}: the scheduled date is empty")))?;
    let scheduled_date = read_date(date_cell)
        .ok_or_else(|| issue.at(RowCode::InvalidDate, format!("{date_column}: must be a date YYYY-MM-DD")))?;
    let start_time = match c.scheduled_start {
        None => None,
        Some(col) => match cell(col, &issue)? {
            None => None,
            Some(v) => {
                let local = read_stamp(v, scheduled_date)
                    .ok_or_else(|| issue.at(RowCode::InvalidTime, time_rule(col.1)))?
                    .local(tz);
                if local.date() != scheduled_date {
                    return Err(issue.at(RowCode::DateMismatch, format!("{}: is not on the scheduled date", col.1)));
                }
                Some(local.time().format("%H:%M:%S").to_string())
            }
        },
    };
    let booked_minutes = match c.booked_duration {
        None => None,
        Some(col) => match cell(col, &issue)? {
            None => None,
            Some(v) => Some(read_minutes(v).ok_or_else(|| {
                issue.at(
                    RowCode::InvalidNumber,
                    format!("{}: must be a whole number of minutes between 1 and {MAX_BOOKED_MINUTES}", col.1),
                )
            })?),
        },
    };
    let mut milestones: Vec<RowMilestone> = Vec::with_capacity(c.milestones.len());
    let mut previous: Option<(&str, &str, Millis)> = None;
    let next_day = scheduled_date.succ_opt().unwrap_or(scheduled_date);
    for &(i, column, milestone) in &c.milestones {
        let Some(v) = cell((i, column), &issue)? else { continue };
        let at =
            read_stamp(v, scheduled_date).ok_or_else(|| issue.at(RowCode::InvalidTime, time_rule(column)))?.millis(tz);
        let local_date = values::local_date(at, tz);
        if local_date != scheduled_date && local_date != next_day {
            return Err(
                issue.at(RowCode::DateMismatch, format!("{column}: must fall on the scheduled date or the day after"))
            );
        }
        if let Some((p_column, p_milestone, p_at)) = previous
            && at < p_at
        {
            return Err(issue.at(
                RowCode::MilestonesOutOfOrder,
                format!("{column} ({milestone}) is before {p_column} ({p_milestone})"),
            ));
        }
        previous = Some((column, milestone, at));
        milestones.push(RowMilestone { milestone: milestone.to_string(), at });
    }
    Ok(ParsedRow {
        row,
        line,
        case_number: case_number.to_string(),
        scheduled_date,
        start_time,
        room: opt(c.room, &issue)?,
        procedure_code: opt(c.procedure_code, &issue)?,
        procedure_description: opt(c.procedure_description, &issue)?,
        service: opt(c.service, &issue)?,
        surgeon: opt(c.surgeon, &issue)?,
        booked_minutes,
        milestones,
    })
}

fn time_rule(column: &str) -> String {
    format!("{column}: must be a date-time YYYY-MM-DD HH:MM[:SS], an RFC 3339 instant, or a time HH:MM[:SS]")
}

/// A date cell: `YYYY-MM-DD`, or the date of a date-time cell.
fn read_date(v: &str) -> Option<NaiveDate> {
    let date = match v.as_bytes().get(10) {
        Some(b' ' | b'T') => v.get(..10)?,
        _ => v,
    };
    values::date("scheduled_date", date).ok()
}

/// A whole number of minutes in 1..=MAX_BOOKED_MINUTES (`90` or `90.0`).
fn read_minutes(v: &str) -> Option<i64> {
    let n = match v.parse::<i64>() {
        Ok(n) => n,
        Err(_) => {
            let f = v.parse::<f64>().ok().filter(|f| f.is_finite() && f.fract() == 0.0)?;
            if f.abs() > MAX_BOOKED_MINUTES as f64 {
                return None;
            }
            f as i64
        }
    };
    (1..=MAX_BOOKED_MINUTES).contains(&n).then_some(n)
}

/// A time cell as read: wall-clock (local to the import zone) or an absolute instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// Wall-clock date and time.
    Local(NaiveDateTime),
    /// An instant (the cell carried an offset).
    Instant(Millis),
}

impl Stamp {
    /// The instant, reading wall-clock times in `tz` ([`values::local_instant`]).
    pub fn millis(self, tz: Tz) -> Millis {
        match self {
            Stamp::Local(t) => values::local_instant(t.date(), t.time(), tz),
            Stamp::Instant(ms) => ms,
        }
    }

    /// The wall-clock date and time in `tz`.
    pub fn local(self, tz: Tz) -> NaiveDateTime {
        match self {
            Stamp::Local(t) => t,
            Stamp::Instant(ms) => {
                DateTime::from_timestamp_millis(ms).unwrap_or_default().with_timezone(&tz).naive_local()
            }
        }
    }
}

/// Reads a time cell (see the module docs); a bare time is on `date`.
pub fn read_stamp(v: &str, date: NaiveDate) -> Option<Stamp> {
    const DATE_TIMES: [&str; 4] = ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"];
    const TIMES: [&str; 2] = ["%H:%M:%S%.f", "%H:%M"];
    if v.len() > 40 {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Some(Stamp::Instant(t.timestamp_millis()));
    }
    if let Some(t) = DATE_TIMES.iter().find_map(|f| NaiveDateTime::parse_from_str(v, f).ok()) {
        return Some(Stamp::Local(t));
    }
    TIMES.iter().find_map(|f| NaiveTime::parse_from_str(v, f).ok()).map(|t| Stamp::Local(date.and_time(t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::MilestoneColumn;
    use proptest::prelude::*;

    const NY: Tz = chrono_tz::America::New_York;
    const HEADER: &str = "index,encounter_id,date ,or_suite,service,cpt_code,cpt_desc,booked_dur,or_sched,wheels_in,start_time,end_time,wheels_out,actual_dur,timing\n";
    const GOOD: &str = "0,10001,2022-01-03,1,Podiatry,28110,\"Partial ostectomy, fifth metatarsal head\",90,2022-01-03 07:00:00,2022-01-03 07:05:00,2022-01-03 07:32:00,2022-01-03 09:05:00,2022-01-03 09:17:00,132,42\n";

    fn utc(s: &str) -> Millis {
        values::parse_rfc3339("t", s).unwrap()
    }

    fn parse(body: &str) -> Vec<RowResult> {
        parse_csv(format!("{HEADER}{body}").as_bytes(), &ImportMapping::default(), NY).unwrap()
    }

    fn code(r: &RowResult) -> RowCode {
        r.as_ref().unwrap_err().code
    }

    #[test]
    fn parse_reads_the_data_set_layout() {
        let rows = parse(GOOD);
        assert_eq!(rows.len(), 1);
        let r = rows[0].as_ref().unwrap();
        assert_eq!((r.row, r.line), (1, 2));
        assert_eq!(r.case_number, "10001");
        assert_eq!(r.scheduled_date, NaiveDate::from_ymd_opt(2022, 1, 3).unwrap());
        assert_eq!(r.start_time.as_deref(), Some("07:00:00"));
        assert_eq!(r.room.as_deref(), Some("1"));
        assert_eq!(r.procedure_code.as_deref(), Some("28110"));
        assert_eq!(r.procedure_description.as_deref(), Some("Partial ostectomy, fifth metatarsal head"));
        assert_eq!(r.service.as_deref(), Some("Podiatry"));
        assert_eq!(r.booked_minutes, Some(90));
        let names: Vec<&str> = r.milestones.iter().map(|m| m.milestone.as_str()).collect();
        assert_eq!(names, ["patient_in", "incision", "closing", "patient_out"]);
        // January: EST (UTC−5).
        assert_eq!(r.milestones[0].at, utc("2022-01-03T12:05:00Z"));
    }

    #[test]
    fn parse_applies_the_zone_across_the_dst_change() {
        // 2022-03-13: New York moves from UTC−5 to UTC−4.
        let body = "0,A,2022-03-11,1,S,1,P,60,2022-03-11 07:00,2022-03-11 07:00,,,2022-03-11 08:00,,\n\
                    1,B,2022-03-14,1,S,1,P,60,2022-03-14 07:00,2022-03-14 07:00,,,2022-03-14 08:00,,\n\
                    2,C,2022-03-13,1,S,1,P,60,02:30,02:30,,,03:40,,\n\
                    3,D,2022-11-06,1,S,1,P,60,01:30,01:30,,,02:10,,\n";
        let rows = parse(body);
        let at = |i: usize| rows[i].as_ref().unwrap().milestones[0].at;
        assert_eq!(at(0), utc("2022-03-11T12:00:00Z"));
        assert_eq!(at(1), utc("2022-03-14T11:00:00Z"));
        // In the spring-forward gap: the offset before the gap (02:30 EST = 03:30 EDT).
        assert_eq!(at(2), utc("2022-03-13T07:30:00Z"));
        assert_eq!(rows[2].as_ref().unwrap().milestones[1].at, utc("2022-03-13T07:40:00Z"));
        // Ambiguous fall-back time: the earlier instant (EDT).
        assert_eq!(at(3), utc("2022-11-06T05:30:00Z"));
    }

    #[test]
    fn parse_reports_each_bad_row_with_a_code() {
        let body = [
            "0,E1,2022-01-03,1,S,1,P,90,2022-01-03 07:00:00,not a time,,,,,\n",
            "1,E2,2022-01-03,1,S,1,P,90,2022-01-03 07:00:00,2022-01-03 09:00,2022-01-03 08:00,,,,\n",
            "2,,2022-01-03,1,S,1,P,90,,,,,,,\n",
            "3,E4,2022-02-30,1,S,1,P,90,,,,,,,\n",
            "4,E5,2022-01-03,1,S,1,P,ninety,,,,,,,\n",
            "5,E6,2022-01-03,1,S,1,P,90\n",
            "6,E7,2022-01-03,1,S,1,P,90,2022-01-04 07:00,,,,,,\n",
            "7,E8,2022-01-03,1,S,1,P,90,,2022-01-05 07:00,,,,,\n",
            "8,E9,2022-01-03,1,S,1,P,0,,,,,,,\n",
            "9,E9,2022-01-03,1,S,1,P,,,,,,,,\n",
            "10,E9,2022-01-03,1,S,1,P,,,,,,,,\n",
        ]
        .concat();
        let rows = parse(&body);
        let codes: Vec<Option<RowCode>> = rows.iter().map(|r| r.as_ref().err().map(|e| e.code)).collect();
        assert_eq!(
            codes,
            [
                Some(RowCode::InvalidTime),
                Some(RowCode::MilestonesOutOfOrder),
                Some(RowCode::MissingValue),
                Some(RowCode::InvalidDate),
                Some(RowCode::InvalidNumber),
                Some(RowCode::MalformedRow),
                Some(RowCode::DateMismatch),
                Some(RowCode::DateMismatch),
                Some(RowCode::InvalidNumber),
                None, // the first E9 parses
                Some(RowCode::DuplicateInFile),
            ]
        );
        let e = rows[1].as_ref().unwrap_err();
        assert_eq!(e.reason, "start_time (incision) is before wheels_in (patient_in)");
        assert_eq!(e.case_number.as_deref(), Some("E2"));
        assert_eq!((e.row, e.line), (2, 3));
        assert_eq!(rows[2].as_ref().unwrap_err().case_number, None);
        // Reasons name columns and rules, never the cell values.
        assert!(!rows[0].as_ref().unwrap_err().reason.contains("not a time"));
        assert!(!rows[4].as_ref().unwrap_err().reason.contains("ninety"));
    }

    #[test]
    fn parse_accepts_the_other_time_shapes() {
        let d = NaiveDate::from_ymd_opt(2022, 1, 3).unwrap();
        let local = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(read_stamp("2022-01-03T07:05", d), Some(Stamp::Local(local("2022-01-03 07:05:00"))));
        assert_eq!(
            read_stamp("2022-01-03 07:05:30.250", d).map(|s| s.millis(NY)),
            Some(utc("2022-01-03T12:05:30.250Z"))
        );
        assert_eq!(read_stamp("07:05", d), Some(Stamp::Local(local("2022-01-03 07:05:00"))));
        assert_eq!(read_stamp("2022-01-03T12:05:00Z", d), Some(Stamp::Instant(utc("2022-01-03T12:05:00Z"))));
        assert_eq!(read_stamp("2022-01-03T07:05:00-05:00", d).map(|s| s.local(NY)), Some(local("2022-01-03 07:05:00")));
        assert_eq!(read_stamp("yesterday", d), None);
        assert_eq!(read_stamp("25:00", d), None);
        assert_eq!(read_minutes("90.0"), Some(90));
        assert_eq!(read_minutes("90.5"), None);
        assert_eq!(read_minutes("-5"), None);
        assert_eq!(read_minutes("1e300"), None);
        assert_eq!(read_date("2022-01-03 00:00:00"), d.into());
    }

    #[test]
    fn parse_refuses_a_bad_header_as_a_whole() {
        let m = ImportMapping::default();
        assert_eq!(parse_csv(b"", &m, NY).unwrap_err().kind(), crate::ErrorKind::InvalidInput);
        let e = parse_csv(b"encounter_id,date\n1,2022-01-03\n", &m, NY).unwrap_err();
        assert!(e.to_string().contains("mapping.room"), "{e}");
        // A BOM and case/space differences in the header are tolerated.
        let m = ImportMapping {
            room: None,
            procedure_code: None,
            procedure_description: None,
            service: None,
            booked_duration: None,
            scheduled_start: None,
            milestones: vec![MilestoneColumn::new("In", "patient_in")],
            ..ImportMapping::default()
        };
        let rows = parse_csv("\u{feff}Encounter_ID, DATE ,in\n7,2022-01-03,07:00\n".as_bytes(), &m, NY).unwrap();
        assert_eq!(rows[0].as_ref().unwrap().milestones[0].at, utc("2022-01-03T12:00:00Z"));
    }

    #[test]
    fn parse_reports_invalid_utf8_per_row() {
        let mut input = HEADER.as_bytes().to_vec();
        input.extend_from_slice(b"0,X1,2022-01-03,1,S\xff,1,P,90,,,,,,,\n");
        input.extend_from_slice(GOOD.as_bytes());
        let rows = parse_csv(&input, &ImportMapping::default(), NY).unwrap();
        assert_eq!(code(&rows[0]), RowCode::InvalidEncoding);
        assert!(rows[1].is_ok());
    }

    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            "[ -~]{0,12}",
            Just(String::new()),
            Just("\"a,b\"".to_string()),
            Just("2022-01-03 07:00".to_string()),
            Just("07:30".to_string()),
            Just("2022-03-13 02:30".to_string()),
            Just("90".to_string()),
            any::<String>(),
        ]
    }

    proptest! {
        #[test]
        fn parse_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse_csv(&bytes, &ImportMapping::default(), NY);
            let mut with_header = HEADER.as_bytes().to_vec();
            with_header.extend_from_slice(&bytes);
            if let Ok(rows) = parse_csv(&with_header, &ImportMapping::default(), NY) {
                for (i, r) in rows.iter().enumerate() {
                    if let Err(e) = r {
                        prop_assert_eq!(e.row, i as u64 + 1);
                        prop_assert!(!e.reason.is_empty());
                    }
                }
            }
        }

        #[test]
        fn parse_codes_every_garbage_row(rows in proptest::collection::vec(proptest::collection::vec(field(), 0..17), 0..20)) {
            let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
            w.write_record(HEADER.trim_end().split(',')).unwrap();
            let mut n = 0;
            for r in &rows {
                if r.is_empty() {
                    continue;
                }
                w.write_record(r).unwrap();
                n += 1;
            }
            let input = w.into_inner().unwrap();
            let parsed = parse_csv(&input, &ImportMapping::default(), NY).unwrap();
            prop_assert!(parsed.len() <= n);
            for (i, r) in parsed.iter().enumerate() {
                match r {
                    Ok(p) => {
                        prop_assert_eq!(p.row, i as u64 + 1);
                        prop_assert!(p.milestones.windows(2).all(|w| w[0].at <= w[1].at));
                    }
                    Err(e) => {
                        prop_assert_eq!(e.row, i as u64 + 1);
                        prop_assert!(!e.reason.is_empty());
                        prop_assert!(!matches!(e.code, RowCode::Refused(_) | RowCode::AlreadyImported));
                    }
                }
            }
        }

        #[test]
        fn parse_reads_back_generated_rows(
            day in 0u32..365,
            start in 0u32..(20 * 60),
            gaps in proptest::collection::vec(0u32..120, 4),
        ) {
            let date = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Duration::days(i64::from(day));
            let mut t = date.and_hms_opt(0, 0, 0).unwrap() + chrono::Duration::minutes(i64::from(start));
            let mut cells = Vec::new();
            for g in &gaps {
                t += chrono::Duration::minutes(i64::from(*g));
                cells.push(t);
            }
            let fmt = |t: NaiveDateTime| t.format("%Y-%m-%d %H:%M:%S").to_string();
            let line = format!(
                "0,C1,{date},2,ENT,1,P,60,{},{},{},{},{},0,0\n",
                fmt(cells[0]), fmt(cells[0]), fmt(cells[1]), fmt(cells[2]), fmt(cells[3])
            );
            let rows = parse(&line);
            match &rows[0] {
                Ok(r) => {
                    prop_assert_eq!(r.milestones.len(), 4);
                    for (m, t) in r.milestones.iter().zip(&cells[..]) {
                        prop_assert_eq!(m.at, values::local_instant(t.date(), t.time(), NY));
                    }
                }
                // Only a wall-clock time pushed into the DST gap may reorder instants or leave the date.
                Err(e) => prop_assert!(matches!(e.code, RowCode::MilestonesOutOfOrder | RowCode::DateMismatch), "{e:?}"),
            }
        }
    }
}
