//! The five aggregate relations (lifecycle-and-stats.md §5.2–5.4), computed on read from the committed
//! stats rows, so every read after a commit reflects exactly those rows (D9, the recommended option).
//!
//! Each relation is a declaration: its source, grouping keys, row filter and an ordered list of columns,
//! each an aggregate over one input with an optional filter. One engine evaluates them all.
//!
//! Encodings (ADR 0002): statistics over money (avg, median, stddev, p25, p75 of `profit`/`reimbursement`)
//! are REAL dollars; `total_profit` stays INTEGER cents; min/max keep their input's type (so `min_duration`
//! is an integer and `first_case_date` a date).

use chrono::Duration;
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

use crate::access::{AccessContext, Level, Scope};
use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::reference::Record;
use crate::values;

/// The aggregate relations, by name.
pub const RELATIONS: &[&str] = &[
    "surgeon_procedure_stats",
    "facility_procedure_stats",
    "surgeon_overall_stats",
    "surgeon_milestone_stats",
    "facility_milestone_stats",
];

#[derive(Debug, Clone, Copy)]
enum Agg {
    /// `count(*)` over the filtered rows.
    Count,
    /// count(distinct non-NULL input).
    Distinct,
    Avg,
    Median,
    Stddev,
    P25,
    P75,
    Min,
    Max,
    Sum,
    /// The input's value in the group (constant per group: a name joined to a key).
    Same,
}

#[derive(Debug, Clone, Copy)]
enum Filter {
    All,
    /// The boolean input is 1.
    Is(&'static str),
    /// The boolean input is 0.
    Not(&'static str),
    /// The input is greater than the number.
    Above(&'static str, f64),
    /// `case_date ≥ today(F) − n days`.
    SinceDays(i64),
}

#[derive(Debug, Clone, Copy)]
struct Col {
    name: &'static str,
    agg: Agg,
    input: &'static str,
    filter: Filter,
}

const fn col(name: &'static str, agg: Agg, input: &'static str) -> Col {
    Col { name, agg, input, filter: Filter::All }
}

const fn only(name: &'static str, agg: Agg, input: &'static str, filter: Filter) -> Col {
    Col { name, agg, input, filter }
}

use Agg::*;

const TOTAL: &str = "total_duration_minutes";
const FIRST_ROOM: &str = "is_first_case_of_day_room";

/// surgeon_procedure_stats from `avg_duration` to `first_case_date` (shared with facility_procedure_stats).
const PROCEDURE_COLS: &[Col] = &[
    col("avg_duration", Avg, TOTAL),
    col("median_duration", Median, TOTAL),
    col("stddev_duration", Stddev, TOTAL),
    col("p25_duration", P25, TOTAL),
    col("p75_duration", P75, TOTAL),
    col("min_duration", Min, TOTAL),
    col("max_duration", Max, TOTAL),
    col("avg_surgical_duration", Avg, "surgical_duration_minutes"),
    col("median_surgical_duration", Median, "surgical_duration_minutes"),
    col("stddev_surgical_duration", Stddev, "surgical_duration_minutes"),
    col("avg_anesthesia_duration", Avg, "anesthesia_duration_minutes"),
    col("median_anesthesia_duration", Median, "anesthesia_duration_minutes"),
    col("avg_call_to_patient_in", Avg, "call_to_patient_in_minutes"),
    col("median_call_to_patient_in", Median, "call_to_patient_in_minutes"),
    col("stddev_call_to_patient_in", Stddev, "call_to_patient_in_minutes"),
    col("avg_schedule_variance", Avg, "schedule_variance_minutes"),
    col("median_schedule_variance", Median, "schedule_variance_minutes"),
    only("avg_room_turnover", Avg, "room_turnover_minutes", Filter::Not(FIRST_ROOM)),
    only("median_room_turnover", Median, "room_turnover_minutes", Filter::Not(FIRST_ROOM)),
    only("stddev_room_turnover", Stddev, "room_turnover_minutes", Filter::Not(FIRST_ROOM)),
    only("avg_surgical_turnover", Avg, "surgical_turnover_minutes", Filter::Not("is_first_case_of_day_surgeon")),
    only("median_surgical_turnover", Median, "surgical_turnover_minutes", Filter::Not("is_first_case_of_day_surgeon")),
    only("stddev_surgical_turnover", Stddev, "surgical_turnover_minutes", Filter::Not("is_first_case_of_day_surgeon")),
    only("avg_first_case_delay", Avg, "schedule_variance_minutes", Filter::Is(FIRST_ROOM)),
    only("median_first_case_delay", Median, "schedule_variance_minutes", Filter::Is(FIRST_ROOM)),
    only("first_case_count", Count, FIRST_ROOM, Filter::Is(FIRST_ROOM)),
    col("avg_profit", Avg, "profit"),
    col("median_profit", Median, "profit"),
    col("stddev_profit", Stddev, "profit"),
    col("p25_profit", P25, "profit"),
    col("p75_profit", P75, "profit"),
    col("total_profit", Sum, "profit"),
    col("avg_reimbursement", Avg, "reimbursement"),
    col("median_reimbursement", Median, "reimbursement"),
    col("last_case_date", Max, "case_date"),
    col("first_case_date", Min, "case_date"),
];

const OVERALL_COLS: &[Col] = &[
    col("total_cases", Count, "surgeon_id"),
    col("procedure_type_count", Distinct, "procedure_type_id"),
    col("days_worked", Distinct, "case_date"),
    col("avg_duration", Avg, TOTAL),
    col("median_duration", Median, TOTAL),
    col("stddev_duration", Stddev, TOTAL),
    col("avg_surgical_duration", Avg, "surgical_duration_minutes"),
    col("median_surgical_duration", Median, "surgical_duration_minutes"),
    only("avg_surgical_turnover", Avg, "surgical_turnover_minutes", Filter::Not("is_first_case_of_day_surgeon")),
    only("median_surgical_turnover", Median, "surgical_turnover_minutes", Filter::Not("is_first_case_of_day_surgeon")),
    col("avg_rooms_per_day", Avg, "surgeon_room_count"),
    col("max_rooms_per_day", Max, "surgeon_room_count"),
    only("multi_room_case_count", Count, "surgeon_room_count", Filter::Above("surgeon_room_count", 1.0)),
    col("total_profit", Sum, "profit"),
    col("avg_profit", Avg, "profit"),
    col("median_profit", Median, "profit"),
    col("stddev_profit", Stddev, "profit"),
    col("last_case_date", Max, "case_date"),
    col("first_case_date", Min, "case_date"),
    only("cases_last_30_days", Count, "case_date", Filter::SinceDays(30)),
    only("cases_last_90_days", Count, "case_date", Filter::SinceDays(90)),
];

const MILESTONE_COLS: &[Col] = &[
    col("sample_size", Count, "minutes_from_start"),
    col("avg_minutes_from_start", Avg, "minutes_from_start"),
    col("median_minutes_from_start", Median, "minutes_from_start"),
    col("stddev_minutes_from_start", Stddev, "minutes_from_start"),
    col("p25_minutes_from_start", P25, "minutes_from_start"),
    col("p75_minutes_from_start", P75, "minutes_from_start"),
    col("min_minutes_from_start", Min, "minutes_from_start"),
    col("max_minutes_from_start", Max, "minutes_from_start"),
];

const MILESTONE_NAMES: &[Col] =
    &[col("milestone_name", Same, "milestone_name"), col("milestone_display_name", Same, "milestone_display_name")];

/// Where a relation's rows come from.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// `case_completion_stats` with `is_excluded = 0`.
    Cases,
    /// `case_milestone_stats` joined to `milestone_types` for the names.
    Milestones,
}

struct Relation {
    source: Source,
    keys: &'static [&'static str],
    /// Inputs that must be non-NULL for a row to count.
    required: &'static [&'static str],
    cols: Vec<Col>,
}

fn relation(name: &str) -> Result<Relation> {
    let cat = |parts: &[&[Col]]| parts.concat();
    Ok(match name {
        "surgeon_procedure_stats" => Relation {
            source: Source::Cases,
            keys: &["facility_id", "surgeon_id", "procedure_type_id"],
            required: &["surgeon_id", "procedure_type_id", TOTAL],
            cols: cat(&[&[col("sample_size", Count, TOTAL)], PROCEDURE_COLS]),
        },
        "facility_procedure_stats" => Relation {
            source: Source::Cases,
            keys: &["facility_id", "procedure_type_id"],
            required: &["procedure_type_id", TOTAL],
            cols: cat(&[
                &[col("sample_size", Count, TOTAL), col("surgeon_count", Distinct, "surgeon_id")],
                PROCEDURE_COLS,
            ]),
        },
        "surgeon_overall_stats" => Relation {
            source: Source::Cases,
            keys: &["facility_id", "surgeon_id"],
            required: &["surgeon_id"],
            cols: OVERALL_COLS.to_vec(),
        },
        "surgeon_milestone_stats" => Relation {
            source: Source::Milestones,
            keys: &["facility_id", "surgeon_id", "procedure_type_id", "milestone_type_id"],
            required: &["surgeon_id", "procedure_type_id"],
            cols: cat(&[MILESTONE_NAMES, MILESTONE_COLS]),
        },
        "facility_milestone_stats" => Relation {
            source: Source::Milestones,
            keys: &["facility_id", "procedure_type_id", "milestone_type_id"],
            required: &["procedure_type_id"],
            cols: cat(&[MILESTONE_NAMES, &[col("surgeon_count", Distinct, "surgeon_id")], MILESTONE_COLS]),
        },
        _ => return Err(Error::invalid("relation", format!("must be one of {}", RELATIONS.join(", ")))),
    })
}

/// Which groups to read: the facility, and optionally one surgeon and/or one procedure (each only for the
/// relations keyed by it).
#[derive(Debug, Clone, Default)]
pub struct AggregateQuery {
    /// The facility whose stats rows are aggregated.
    pub facility_id: String,
    /// Only this surgeon's groups (relations keyed by surgeon).
    pub surgeon_id: Option<String>,
    /// Only this procedure's groups (relations keyed by procedure).
    pub procedure_type_id: Option<String>,
}

/// The column names of `relation`, keys first, in the spec's order.
pub(crate) fn columns(relation_name: &str) -> Result<Vec<&'static str>> {
    let rel = relation(relation_name)?;
    Ok(rel.keys.iter().copied().chain(rel.cols.iter().map(|c| c.name)).collect())
}

/// Today in facility `facility`'s zone at `now` (`YYYY-MM-DD`), or `None` for an unknown facility.
pub(crate) fn facility_today(conn: &Connection, facility: &str, now: Millis) -> Result<Option<String>> {
    let tz: Option<String> =
        conn.query_row("SELECT timezone FROM facilities WHERE id = ?1", [facility], |r| r.get(0)).optional()?;
    tz.map(|tz| Ok(values::local_date(now, values::timezone("timezone", &tz)?).format("%Y-%m-%d").to_string()))
        .transpose()
}

/// The rows of `relation` for the query's groups, ordered by their keys.
pub(crate) fn read(conn: &Connection, relation_name: &str, q: &AggregateQuery, today: &str) -> Result<Vec<Record>> {
    let rel = relation(relation_name)?;
    for (param, given) in [("surgeon_id", &q.surgeon_id), ("procedure_type_id", &q.procedure_type_id)] {
        if given.is_some() && !rel.keys.contains(&param) {
            return Err(Error::invalid(param, format!("{relation_name} is not grouped by {param}")));
        }
    }
    let mut inputs: Vec<&str> = rel.keys.to_vec();
    for c in &rel.cols {
        for i in [c.input, filter_input(c.filter)] {
            if !i.is_empty() && !inputs.contains(&i) {
                inputs.push(i);
            }
        }
    }
    let (from, prefix) = match rel.source {
        Source::Cases => ("case_completion_stats s", "s.is_excluded = 0"),
        Source::Milestones => ("case_milestone_stats s JOIN milestone_types mt ON mt.id = s.milestone_type_id", "1"),
    };
    let column = |i: &str| match i {
        "milestone_name" => "mt.name".to_string(),
        "milestone_display_name" => "mt.display_name".to_string(),
        other => format!("s.{other}"),
    };
    let select = inputs.iter().map(|i| column(i)).collect::<Vec<_>>().join(", ");
    let required = rel.required.iter().map(|r| format!(" AND s.{r} IS NOT NULL")).collect::<String>();
    let order = rel.keys.iter().map(|k| format!("s.{k}")).collect::<Vec<_>>().join(", ");
    // Only the given filters appear in the statement, so that the (facility, surgeon, procedure) indexes serve
    // a narrowed read (an `?2 IS NULL OR …` term would scan the whole facility).
    let mut params: Vec<&str> = vec![&q.facility_id];
    let mut narrow = String::new();
    for (column, given) in [("surgeon_id", &q.surgeon_id), ("procedure_type_id", &q.procedure_type_id)] {
        if let Some(v) = given {
            params.push(v);
            narrow.push_str(&format!(" AND s.{column} = ?{}", params.len()));
        }
    }
    let sql =
        format!("SELECT {select} FROM {from} WHERE {prefix} AND s.facility_id = ?1{required}{narrow} ORDER BY {order}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows: Vec<Vec<Sql>> = stmt
        .query_map(rusqlite::params_from_iter(params), |r| (0..inputs.len()).map(|i| r.get::<_, Sql>(i)).collect())?
        .collect::<rusqlite::Result<_>>()?;
    let at = |name: &str| inputs.iter().position(|i| *i == name).expect("declared input");
    // Each column compiled once: its input's position and its filter with positions (and the date cutoff).
    let plans: Vec<(&Col, usize, Keep)> =
        rel.cols.iter().map(|c| (c, at(c.input), Keep::compile(c.filter, &at, today))).collect();
    let key_len = rel.keys.len();
    let mut out = Vec::new();
    for group in rows.chunk_by(|a, b| a[..key_len] == b[..key_len]) {
        let mut record = Map::new();
        for (k, key) in rel.keys.iter().enumerate() {
            record.insert((*key).to_string(), sql_json(&group[0][k]));
        }
        // The kept values of one (input, filter), with their numbers sorted ascending: shared by the
        // columns that aggregate the same input under the same filter (avg, median, stddev, p25, p75…).
        let mut inputs_seen: Vec<(usize, &Keep, Vec<&Sql>, Vec<f64>)> = Vec::new();
        for (c, input, filter) in &plans {
            let position = match inputs_seen.iter().position(|(i, f, ..)| i == input && *f == filter) {
                Some(p) => p,
                None => {
                    let values: Vec<&Sql> =
                        group.iter().filter(|row| filter.keeps(row)).map(|row| &row[*input]).collect();
                    let scale = if is_money(c.input) { 100.0 } else { 1.0 };
                    let mut numbers: Vec<f64> = values.iter().filter_map(|v| number(v)).map(|x| x / scale).collect();
                    numbers.sort_by(f64::total_cmp);
                    inputs_seen.push((*input, filter, values, numbers));
                    inputs_seen.len() - 1
                }
            };
            let (_, _, values, sorted) = &inputs_seen[position];
            record.insert(c.name.to_string(), aggregate(c, values, sorted));
        }
        out.push(record);
    }
    Ok(out)
}

fn filter_input(f: Filter) -> &'static str {
    match f {
        Filter::All => "",
        Filter::Is(i) | Filter::Not(i) | Filter::Above(i, _) => i,
        Filter::SinceDays(_) => "case_date",
    }
}

/// A [`Filter`] resolved against one read: input positions, and `SinceDays` as its cutoff date.
#[derive(Debug, Clone, PartialEq)]
enum Keep {
    All,
    Is(usize),
    Not(usize),
    Above(usize, f64),
    /// case_date (at the position) ≥ the cutoff; no cutoff when today is not a date.
    Since(usize, Option<String>),
}

impl Keep {
    fn compile(f: Filter, at: &impl Fn(&str) -> usize, today: &str) -> Keep {
        match f {
            Filter::All => Keep::All,
            Filter::Is(i) => Keep::Is(at(i)),
            Filter::Not(i) => Keep::Not(at(i)),
            Filter::Above(i, v) => Keep::Above(at(i), v),
            Filter::SinceDays(n) => Keep::Since(
                at("case_date"),
                chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d")
                    .ok()
                    .map(|t| (t - Duration::days(n)).format("%Y-%m-%d").to_string()),
            ),
        }
    }

    fn keeps(&self, row: &[Sql]) -> bool {
        match self {
            Keep::All => true,
            Keep::Is(i) => number(&row[*i]) == Some(1.0),
            Keep::Not(i) => number(&row[*i]) == Some(0.0),
            Keep::Above(i, v) => number(&row[*i]).is_some_and(|x| x > *v),
            Keep::Since(i, cutoff) => match (&row[*i], cutoff) {
                (Sql::Text(d), Some(c)) => d.as_str() >= c.as_str(),
                _ => false,
            },
        }
    }
}

fn number(v: &Sql) -> Option<f64> {
    match v {
        Sql::Integer(i) => Some(*i as f64),
        Sql::Real(r) => Some(*r),
        _ => None,
    }
}

fn sql_json(v: &Sql) -> Value {
    match v {
        Sql::Null | Sql::Blob(_) => Value::Null,
        Sql::Integer(i) => Value::from(*i),
        Sql::Real(r) => Value::from(*r),
        Sql::Text(t) => Value::from(t.as_str()),
    }
}

/// Money inputs: their statistics are REAL dollars.
fn is_money(input: &str) -> bool {
    matches!(input, "profit" | "reimbursement")
}

/// One column's value from its kept input values and their numbers sorted ascending (money in dollars).
fn aggregate(c: &Col, values: &[&Sql], sorted: &[f64]) -> Value {
    let present = || values.iter().copied().filter(|v| !matches!(v, Sql::Null));
    let stat = |x: Option<f64>| x.map_or(Value::Null, Value::from);
    match c.agg {
        Count => Value::from(values.len()),
        Distinct => {
            let mut seen: Vec<Value> = present().map(sql_json).collect();
            seen.sort_by_key(|v| v.to_string());
            seen.dedup();
            Value::from(seen.len())
        }
        Avg => stat(mean(sorted)),
        Stddev => stat(stddev_samp(sorted)),
        Median => stat(percentile_cont(sorted, 0.5)),
        P25 => stat(percentile_cont(sorted, 0.25)),
        P75 => stat(percentile_cont(sorted, 0.75)),
        Min | Max => {
            let pick = present().reduce(|a, b| {
                let b_first = compare(b, a).is_lt();
                if b_first == matches!(c.agg, Min) { b } else { a }
            });
            pick.map_or(Value::Null, sql_json)
        }
        Sum => match present().next() {
            None => Value::Null,
            Some(_) => Value::from(
                present().filter_map(|v| if let Sql::Integer(i) = v { Some(*i) } else { None }).sum::<i64>(),
            ),
        },
        Same => present().next().map_or(Value::Null, sql_json),
    }
}

fn compare(a: &Sql, b: &Sql) -> std::cmp::Ordering {
    match (a, b) {
        (Sql::Text(x), Sql::Text(y)) => x.cmp(y),
        _ => number(a).unwrap_or(f64::NAN).total_cmp(&number(b).unwrap_or(f64::NAN)),
    }
}

/// The arithmetic mean; `None` for no values.
pub fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// Sample standard deviation; `None` when fewer than two values.
pub fn stddev_samp(v: &[f64]) -> Option<f64> {
    if v.len() < 2 {
        return None;
    }
    let m = mean(v)?;
    Some((v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt())
}

/// `percentile_cont(q)` over values sorted ascending (§5.2): linear interpolation at q(n−1); `None` for none.
pub fn percentile_cont(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    Some(sorted[lo] + (pos - pos.floor()) * (sorted[hi] - sorted[lo]))
}

/// Whether this context reads a facility's aggregates: anyone who sees the facility, except device reps.
pub(crate) fn may_read(ctx: &AccessContext, facility: &str) -> bool {
    ctx.sees_facility(facility) && ctx.level != Level::DeviceRep
}

impl Scope {
    /// The rows of one aggregate relation (§5.3–5.4; `relation` is one of [`RELATIONS`]) for a facility,
    /// optionally narrowed to one surgeon and/or procedure, computed from the committed stats rows.
    /// `cases_last_*` count from today in the facility's zone, by the library clock.
    pub fn aggregate_stats(&self, relation_name: &str, query: &AggregateQuery) -> Result<Vec<Record>> {
        let q = AggregateQuery {
            facility_id: values::parse_uuid("facility_id", &query.facility_id)?,
            surgeon_id: query.surgeon_id.as_deref().map(|s| values::parse_uuid("surgeon_id", s)).transpose()?,
            procedure_type_id: query
                .procedure_type_id
                .as_deref()
                .map(|p| values::parse_uuid("procedure_type_id", p))
                .transpose()?,
        };
        relation(relation_name)?;
        let now = self.orbit().now_ms();
        self.read(|conn, ctx| {
            let today = facility_today(conn, &q.facility_id, now)?.filter(|_| may_read(ctx, &q.facility_id));
            let Some(today) = today else {
                return Err(Error::not_found("facility_id"));
            };
            read(conn, relation_name, &q, &today)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_cont_interpolates_like_postgres() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile_cont(&v, 0.5), Some(2.5));
        assert_eq!(percentile_cont(&v, 0.25), Some(1.75));
        assert_eq!(percentile_cont(&v, 0.75), Some(3.25));
        assert_eq!(percentile_cont(&[7.0], 0.25), Some(7.0));
        assert_eq!(percentile_cont(&[], 0.5), None);
    }

    #[test]
    fn stddev_is_the_sample_deviation_and_needs_two_values() {
        assert_eq!(stddev_samp(&[5.0]), None);
        let s = stddev_samp(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
        assert!((s - 2.138_089_935_299_395).abs() < 1e-12, "{s}");
    }

    #[test]
    fn every_relation_is_declared_and_unknown_names_are_refused() {
        for r in RELATIONS {
            let rel = relation(r).unwrap();
            let mut names: Vec<&str> = rel.keys.iter().copied().chain(rel.cols.iter().map(|c| c.name)).collect();
            let n = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), n, "{r} declares a column twice");
        }
        assert_eq!(relation("cases").err().unwrap().kind(), crate::error::ErrorKind::InvalidInput);
    }
}
