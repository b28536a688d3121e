//! Surgeon-day indicators (flags.md §13): computed on read, never stored.
//!
//! `surgeon_day_indicators(surgeon, date)` lists the surgeon's completed cases of the day that have both
//! patient_in and patient_out, by patient_in, each with its indicators in the spec's order: late start (first
//! case only), long turnover, extended phases and sub-phases (phase display order), fast case. Medians are
//! the §5.3 median (even n: JS-rounded midpoint) over the surgeon's completed, non-excluded cases dated
//! [date − 30 days, date], per procedure × phase and per procedure (patient_in → patient_out).
//!
//! Choices the spec leaves open (written down here): phase spans are the ones of `case_phase_durations`
//! (each case's stamped template, else the resolution cascade; a case without a template has no phases) —
//! one mechanism for both views, so a sub-phase is clipped to its parent as there; the day's list includes
//! cases excluded from metrics (they happened), while only non-excluded cases feed the medians; a case
//! without a procedure gets no median-based indicator; the scheduled start ignores seconds and follows the
//! facility's zone (§3.3).

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::access::{Level, Scope};
use crate::clock::Millis;
use crate::error::{Error, ErrorKind, Result};
use crate::flags::rules::{Baseline, js_round};
use crate::milestones::{self, PhaseBoundary};
use crate::values;

/// Days before the date that the medians include.
pub const MEDIAN_DAYS: i64 = 30;
/// Late start: warning above this many minutes…
pub const LATE_START_WARNING_MINUTES: f64 = 10.0;
/// …info above this many.
pub const LATE_START_INFO_MINUTES: f64 = 1.0;
/// Long turnover above this many minutes.
pub const LONG_TURNOVER_MINUTES: f64 = 30.0;
/// A parent phase is extended above this ratio over its median…
pub const EXTENDED_PHASE_RATIO: f64 = 0.4;
/// …a sub-phase above this one.
pub const EXTENDED_SUBPHASE_RATIO: f64 = 0.3;
/// A case is fast below its procedure median by more than this ratio.
pub const FAST_CASE_RATIO: f64 = 0.15;

/// One indicator of a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// `late_start`, `long_turnover`, `extended_phase`, `extended_subphase` or `fast_case`.
    #[serde(rename = "type")]
    pub indicator_type: String,
    /// `warning`, `info`, `caution` or `positive`.
    pub severity: String,
    /// Label, e.g. "Late Start".
    pub label: String,
    /// Detail, e.g. "+12m vs scheduled".
    pub detail: String,
}

/// A case of the surgeon's day with its indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseDayIndicators {
    /// Case id.
    pub case_id: String,
    /// Case number.
    pub case_number: String,
    /// Room.
    pub or_room_id: Option<String>,
    /// Procedure.
    pub procedure_type_id: Option<String>,
    /// patient_in (ms since epoch).
    pub patient_in: Millis,
    /// patient_out.
    pub patient_out: Millis,
    /// Indicators in §13 order.
    pub indicators: Vec<Indicator>,
}

/// A measured phase of a case (seconds).
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseSeconds {
    /// Phase id.
    pub phase_id: String,
    /// Phase display name.
    pub display_name: String,
    /// A sub-phase.
    pub is_sub_phase: bool,
    /// Duration, > 0.
    pub seconds: f64,
}

/// A completed case with the facts §13 uses.
#[derive(Debug, Clone, PartialEq)]
pub struct DayCase {
    /// Case id.
    pub id: String,
    /// Case number.
    pub case_number: String,
    /// Scheduled date.
    pub date: NaiveDate,
    /// Scheduled start ("HH:MM" or "HH:MM:SS").
    pub start_time: Option<String>,
    /// Room.
    pub room_id: Option<String>,
    /// Procedure.
    pub procedure_id: Option<String>,
    /// Excluded from metrics (listed, but not in the medians).
    pub excluded: bool,
    /// patient_in.
    pub patient_in: Option<Millis>,
    /// patient_out.
    pub patient_out: Option<Millis>,
    /// Measured phases (> 0 s) in phase display order.
    pub phases: Vec<PhaseSeconds>,
}

/// The surgeon's medians (seconds) over a population of cases.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Medians {
    /// (procedure, phase) → median phase seconds.
    pub phase: HashMap<(String, String), f64>,
    /// procedure → median patient_in → patient_out seconds.
    pub total: HashMap<String, f64>,
}

impl Medians {
    /// Medians over the non-excluded cases of `population` (positive durations only).
    pub fn of<'a>(population: impl IntoIterator<Item = &'a DayCase>) -> Medians {
        let mut phase: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
        let mut total: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for c in population.into_iter().filter(|c| !c.excluded) {
            let Some(procedure) = &c.procedure_id else { continue };
            for p in &c.phases {
                phase.entry((procedure.clone(), p.phase_id.clone())).or_default().push(p.seconds);
            }
            if let Some(t) = c.total_seconds() {
                total.entry(procedure.clone()).or_default().push(t);
            }
        }
        let median = |v: Vec<f64>| Baseline::of(v).map(|b| b.median);
        Medians {
            phase: phase.into_iter().filter_map(|(k, v)| Some((k, median(v)?))).collect(),
            total: total.into_iter().filter_map(|(k, v)| Some((k, median(v)?))).collect(),
        }
    }
}

impl DayCase {
    fn total_seconds(&self) -> Option<f64> {
        let s = (self.patient_out? - self.patient_in?) as f64 / 1000.0;
        (s > 0.0).then_some(s)
    }
}

fn js(x: f64) -> String {
    let r = js_round(x);
    format!("{}", if r == 0.0 { 0.0 } else { r })
}

fn indicator(t: &str, severity: &str, label: String, detail: String) -> Indicator {
    Indicator { indicator_type: t.into(), severity: severity.into(), label, detail }
}

/// §13 over the day's cases of one surgeon (any order; those without patient_in and patient_out are left
/// out) with the surgeon's medians.
pub fn day_indicators(day: &[DayCase], medians: &Medians, tz: Tz) -> Vec<CaseDayIndicators> {
    let mut list: Vec<(&DayCase, Millis, Millis)> =
        day.iter().filter_map(|c| Some((c, c.patient_in?, c.patient_out?))).collect();
    list.sort_by(|a, b| (a.1, &a.0.case_number, &a.0.id).cmp(&(b.1, &b.0.case_number, &b.0.id)));
    let minutes = |a: Millis, b: Millis| (b - a) as f64 / 60_000.0;
    let mut out = Vec::with_capacity(list.len());
    for (i, &(c, patient_in, patient_out)) in list.iter().enumerate() {
        let mut found = Vec::new();
        if i == 0 {
            let scheduled = c.start_time.as_deref().and_then(|s| NaiveTime::parse_from_str(s.get(..5)?, "%H:%M").ok());
            if let Some(t) = scheduled {
                let d = minutes(values::local_instant(c.date, t, tz), patient_in);
                let severity = if d > LATE_START_WARNING_MINUTES { "warning" } else { "info" };
                if d > LATE_START_INFO_MINUTES {
                    found.push(indicator(
                        "late_start",
                        severity,
                        "Late Start".into(),
                        format!("+{}m vs scheduled", js(d)),
                    ));
                }
            }
        }
        let previous = c.room_id.as_ref().and_then(|room| {
            list[..i].iter().rev().find(|(p, p_in, _)| p.room_id.as_ref() == Some(room) && *p_in < patient_in)
        });
        if let Some(&(_, _, prev_out)) = previous {
            let gap = minutes(prev_out, patient_in);
            if gap > LONG_TURNOVER_MINUTES {
                found.push(indicator(
                    "long_turnover",
                    "warning",
                    "Long Turnover".into(),
                    format!("{}m between cases", js(gap)),
                ));
            }
        }
        if let Some(procedure) = &c.procedure_id {
            for p in &c.phases {
                let Some(&m) = medians.phase.get(&(procedure.clone(), p.phase_id.clone())) else { continue };
                if m == 0.0 {
                    continue;
                }
                let ratio = (p.seconds - m) / m;
                let (kind, limit) = match p.is_sub_phase {
                    true => ("extended_subphase", EXTENDED_SUBPHASE_RATIO),
                    false => ("extended_phase", EXTENDED_PHASE_RATIO),
                };
                if ratio > limit {
                    found.push(indicator(
                        kind,
                        "caution",
                        format!("Extended {}", p.display_name),
                        format!("{}m vs {}m med (+{}%)", js(p.seconds / 60.0), js(m / 60.0), js(ratio * 100.0)),
                    ));
                }
            }
            let total = (patient_out - patient_in) as f64 / 1000.0;
            if let Some(&m) = medians.total.get(procedure)
                && m > 0.0
            {
                let ratio = (m - total) / m;
                if ratio > FAST_CASE_RATIO {
                    found.push(indicator(
                        "fast_case",
                        "positive",
                        "Fast Case".into(),
                        format!("{}m vs {}m med (-{}%)", js(total / 60.0), js(m / 60.0), js(ratio * 100.0)),
                    ));
                }
            }
        }
        out.push(CaseDayIndicators {
            case_id: c.id.clone(),
            case_number: c.case_number.clone(),
            or_room_id: c.room_id.clone(),
            procedure_type_id: c.procedure_id.clone(),
            patient_in,
            patient_out,
            indicators: found,
        });
    }
    out
}

/// The surgeon's completed cases of `facility` dated [from, to] with their facts.
fn load(conn: &Connection, facility: &str, surgeon: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayCase>> {
    type Row = (String, String, String, Option<String>, Option<String>, Option<String>, Option<String>, bool);
    let params = rusqlite::params![facility, surgeon, from.to_string(), to.to_string()];
    let rows: Vec<Row> = conn
        .prepare_cached(
            "SELECT c.id, c.case_number, c.scheduled_date, c.start_time, c.or_room_id, c.procedure_type_id,
                    c.milestone_template_id, c.is_excluded_from_metrics
             FROM cases c JOIN case_statuses s ON s.id = c.status_id
             WHERE c.surgeon_id = ?2 AND c.scheduled_date BETWEEN ?3 AND ?4 AND c.facility_id = ?1
               AND s.name = 'completed' AND c.is_draft = 0
             ORDER BY c.scheduled_date, c.id",
        )?
        .query_map(params, |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    type Instants = HashMap<String, Millis>;
    // Per case: instants by facility milestone id (phases) and by name (patient_in / patient_out).
    let mut recorded: HashMap<String, (Instants, Instants)> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT cm.case_id, cm.facility_milestone_id, fm.name, cm.recorded_at
         FROM cases c JOIN case_milestones cm ON cm.case_id = c.id JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
         WHERE c.surgeon_id = ?2 AND c.scheduled_date BETWEEN ?3 AND ?4 AND c.facility_id = ?1 AND cm.recorded_at IS NOT NULL",
    )?;
    let mut q = stmt.query(params)?;
    while let Some(r) = q.next()? {
        let e = recorded.entry(r.get(0)?).or_default();
        let at: Millis = r.get(3)?;
        e.0.insert(r.get(1)?, at);
        e.1.insert(r.get(2)?, at);
    }
    let mut templates: HashMap<String, Vec<PhaseBoundary>> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for (id, case_number, date, start_time, room_id, procedure_id, stamped, excluded) in rows {
        let template = match stamped {
            Some(t) => Some(t),
            None => match milestones::resolve_template_id(conn, facility, Some(surgeon), procedure_id.as_deref()) {
                Ok(t) => Some(t),
                Err(e) if e.kind() == ErrorKind::NoMilestoneTemplate => None,
                Err(e) => return Err(e),
            },
        };
        let (by_id, by_name) = recorded.remove(&id).unwrap_or_default();
        let phases = match template {
            Some(t) => {
                if !templates.contains_key(&t) {
                    templates.insert(t.clone(), milestones::phase_boundaries(conn, &t)?);
                }
                milestones::measure_phases(&templates[&t], |m| by_id.get(m).copied())
                    .into_iter()
                    .filter_map(|d| {
                        Some(PhaseSeconds {
                            is_sub_phase: d.phase.parent_phase_id.is_some(),
                            phase_id: d.phase.phase_id,
                            display_name: d.phase.phase_display_name,
                            seconds: d.duration_seconds.filter(|s| *s > 0.0)?,
                        })
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        out.push(DayCase {
            id,
            case_number,
            date: values::date("scheduled_date", &date)?,
            start_time,
            room_id,
            procedure_id,
            excluded,
            patient_in: by_name.get("patient_in").copied(),
            patient_out: by_name.get("patient_out").copied(),
            phases,
        });
    }
    Ok(out)
}

impl Scope {
    /// `surgeon_day_indicators(surgeon, date)` (flags.md §13): the surgeon's completed cases of the day with
    /// patient_in and patient_out, by patient_in, each with its indicators. Computed on read.
    pub fn surgeon_day_indicators(&self, surgeon_id: &str, date: &str) -> Result<Vec<CaseDayIndicators>> {
        let surgeon = values::parse_uuid("surgeon_id", surgeon_id)?;
        let date = values::date("date", date)?;
        self.read(|conn, ctx| {
            let facility: Option<Option<String>> =
                conn.query_row("SELECT facility_id FROM users WHERE id = ?1", [&surgeon], |r| r.get(0)).optional()?;
            let Some(facility) = facility.flatten().filter(|f| ctx.sees_facility(f)) else {
                return Err(Error::not_found("surgeon_id"));
            };
            if matches!(ctx.level, Level::DeviceRep | Level::Anonymous) {
                return Err(Error::denied("surgeon-day indicators are for facility members"));
            }
            let tz: String =
                conn.query_row("SELECT timezone FROM facilities WHERE id = ?1", [&facility], |r| r.get(0))?;
            let population = load(conn, &facility, &surgeon, date - Duration::days(MEDIAN_DAYS), date)?;
            let medians = Medians::of(&population);
            let day: Vec<DayCase> = population.into_iter().filter(|c| c.date == date).collect();
            Ok(day_indicators(&day, &medians, values::timezone("timezone", &tz)?))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Millis {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis()
    }

    fn case(id: &str, start: &str, room: &str, p_in: &str, p_out: &str, phases: &[(&str, bool, f64)]) -> DayCase {
        DayCase {
            id: id.into(),
            case_number: id.into(),
            date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            start_time: Some(start.into()),
            room_id: Some(room.into()),
            procedure_id: Some("P".into()),
            excluded: false,
            patient_in: Some(at(p_in)),
            patient_out: Some(at(p_out)),
            phases: phases
                .iter()
                .map(|(p, sub, s)| PhaseSeconds {
                    phase_id: (*p).into(),
                    display_name: p.to_uppercase(),
                    is_sub_phase: *sub,
                    seconds: *s,
                })
                .collect(),
        }
    }

    fn kinds(c: &CaseDayIndicators) -> Vec<(&str, &str, &str)> {
        c.indicators.iter().map(|i| (i.indicator_type.as_str(), i.severity.as_str(), i.detail.as_str())).collect()
    }

    #[test]
    fn a_day_with_every_indicator() {
        let tz: Tz = "America/New_York".parse().unwrap();
        // 07:30 EST = 12:30Z; in at 12:42:30Z → 12.5 min late → warning "+13m" (JS round).
        let c1 = case("c1", "07:30:45", "R", "2026-03-02T12:42:30Z", "2026-03-02T14:00:00Z", &[("pre", false, 1800.0)]);
        // Same room, 45 min after c1's out; a sub-phase 50% over its median.
        let c2 = case("c2", "09:00", "R", "2026-03-02T14:45:00Z", "2026-03-02T15:30:00Z", &[("sub", true, 900.0)]);
        // Other room: no turnover with c2, and the first case rule applies only to c1.
        let c3 = case("c3", "07:00", "S", "2026-03-02T15:00:00Z", "2026-03-02T16:00:00Z", &[]);
        let medians = Medians {
            phase: [(("P".into(), "pre".into()), 1200.0), (("P".into(), "sub".into()), 600.0)].into(),
            total: [("P".into(), 3600.0)].into(),
        };
        let out = day_indicators(&[c3.clone(), c2.clone(), c1.clone()], &medians, tz);
        assert_eq!(out.iter().map(|c| c.case_id.as_str()).collect::<Vec<_>>(), ["c1", "c2", "c3"]);
        // c1 takes 77.5 min, above its procedure median: not fast.
        assert_eq!(
            kinds(&out[0]),
            [("late_start", "warning", "+13m vs scheduled"), ("extended_phase", "caution", "30m vs 20m med (+50%)")]
        );
        assert_eq!(out[0].indicators[1].label, "Extended PRE");
        assert_eq!(
            kinds(&out[1]),
            [
                ("long_turnover", "warning", "45m between cases"),
                ("extended_subphase", "caution", "15m vs 10m med (+50%)"),
                ("fast_case", "positive", "45m vs 60m med (-25%)"),
            ]
        );
        assert!(kinds(&out[2]).is_empty(), "c3 takes exactly its median");
    }

    #[test]
    fn boundaries_are_strict() {
        let tz: Tz = "America/New_York".parse().unwrap();
        // Exactly 1 minute late: nothing; 1.5: info. Exactly 30 min turnover: nothing.
        let c1 = case("c1", "07:30", "R", "2026-03-02T12:31:00Z", "2026-03-02T13:00:00Z", &[("pre", false, 1400.0)]);
        let c2 = case("c2", "08:00", "R", "2026-03-02T13:30:00Z", "2026-03-02T14:00:00Z", &[("pre", false, 1401.0)]);
        let medians = Medians { phase: [(("P".into(), "pre".into()), 1000.0)].into(), total: HashMap::new() };
        let out = day_indicators(&[c1.clone(), c2], &medians, tz);
        assert!(kinds(&out[0]).is_empty(), "ratio 0.4 is not above 0.4: {:?}", kinds(&out[0]));
        assert_eq!(kinds(&out[1]), [("extended_phase", "caution", "23m vs 17m med (+40%)")]);
        let mut late = c1;
        late.patient_in = Some(at("2026-03-02T12:31:30Z"));
        let out = day_indicators(&[late], &medians, tz);
        assert_eq!(out[0].indicators[0].severity, "info");
        assert_eq!(out[0].indicators[0].detail, "+2m vs scheduled");
    }

    #[test]
    fn medians_use_the_flag_engine_median_and_skip_excluded_cases() {
        let mut cases: Vec<DayCase> = [1000.0, 1500.0, 2000.0, 2500.0]
            .iter()
            .enumerate()
            .map(|(i, s)| {
                case(
                    &format!("c{i}"),
                    "07:00",
                    "R",
                    "2026-03-02T12:00:00Z",
                    "2026-03-02T13:00:00Z",
                    &[("pre", false, *s)],
                )
            })
            .collect();
        assert_eq!(Medians::of(&cases).phase[&("P".into(), "pre".into())], 1750.0);
        cases[3].excluded = true;
        assert_eq!(Medians::of(&cases).phase[&("P".into(), "pre".into())], 1500.0);
        cases[3].excluded = false;
        cases[2].phases[0].seconds = 2001.0;
        // Even n: JS-rounded midpoint (1750.5 → 1751).
        assert_eq!(Medians::of(&cases).phase[&("P".into(), "pre".into())], 1751.0);
        assert_eq!(Medians::of(&cases).total[&"P".to_string()], 3600.0);
    }
}
