//! Metric values of flags.md §2–3 as pure functions: a case's facts (and its room-day for turnover and first
//! case) in, the value of a catalog metric out. No `Connection`.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::clock::Millis;
use crate::flags::catalog::{self, Domain};
use crate::values;

/// The core sequence the quality metrics use when a case has no expected list (§2.2).
pub const CORE_SEQUENCE: [&str; 8] = [
    "patient_in",
    "anes_start",
    "anes_end",
    "prep_drape_complete",
    "incision",
    "closing",
    "closing_complete",
    "patient_out",
];

/// Money and durations from the case's stats row, in dollars (§2.3).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsFacts {
    /// Profit.
    pub profit: Option<f64>,
    /// Reimbursement.
    pub reimbursement: Option<f64>,
    /// Total debits.
    pub total_debits: Option<f64>,
    /// OR time cost.
    pub or_time_cost: Option<f64>,
    /// Whole minutes.
    pub total_duration_minutes: Option<f64>,
    /// Dollars per hour.
    pub or_hourly_rate: Option<f64>,
}

/// What the engine knows of one case (§2).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseFacts {
    /// Case id.
    pub id: String,
    /// Case number.
    pub case_number: String,
    /// Scheduled date (local).
    pub scheduled_date: NaiveDate,
    /// Scheduled start, normalised "HH:MM:SS".
    pub start_time: Option<String>,
    /// OR room.
    pub or_room_id: Option<String>,
    /// Surgeon.
    pub surgeon_id: Option<String>,
    /// Procedure.
    pub procedure_type_id: Option<String>,
    /// When the room was called back for the case.
    pub called_back_at: Option<Millis>,
    /// Milestone name → instant (the later one wins; `surgeon_left` from the case column when unrecorded).
    pub milestones: HashMap<String, Millis>,
    /// The expected milestone names (template order), `None` when no template resolves.
    pub expected: Option<Vec<String>>,
    /// The stats row, when there is one.
    pub stats: Option<StatsFacts>,
    /// Effective amount (dollars) per active cost category, by the single cost function.
    pub cost_categories: HashMap<String, f64>,
    /// The procedure's default reimbursement effective on the case date (dollars).
    pub standard_reimbursement: Option<f64>,
}

impl CaseFacts {
    fn at(&self, name: &str) -> Option<Millis> {
        self.milestones.get(name).copied()
    }

    /// Whether the template guard lets a metric through (§3): its prerequisites are in the expected list,
    /// or there is no list.
    pub fn passes_guard(&self, metric: &str, fcots_milestone: &str) -> bool {
        let Some(list) = &self.expected else {
            return true;
        };
        let prereq: Vec<&str> = match catalog::metric(metric) {
            Some(m) if m.id == "fcots_delay" => vec![fcots_milestone],
            Some(m) => m.prereq.to_vec(),
            None => Vec::new(),
        };
        prereq.iter().all(|p| list.iter().any(|n| n == p))
    }
}

/// Facility settings the metrics use (§2.5).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `patient_in` or `incision`.
    pub fcots_milestone: String,
    /// Minutes of standard turnover.
    pub turnover_threshold_minutes: f64,
    /// The facility's zone.
    pub tz: Tz,
}

/// Minutes between two instants (fractional).
pub fn minutes(a: Millis, b: Millis) -> f64 {
    (b - a) as f64 / 60_000.0
}

/// The room-day order of §3.2: start_time (NULL last), patient_in (missing last), case_number, id.
fn room_day_order(a: &CaseFacts, b: &CaseFacts) -> std::cmp::Ordering {
    let key = |c: &CaseFacts| {
        (c.start_time.is_none(), c.start_time.clone(), c.at("patient_in").is_none(), c.at("patient_in"))
    };
    key(a).cmp(&key(b)).then_with(|| a.case_number.cmp(&b.case_number)).then_with(|| a.id.cmp(&b.id))
}

/// Turnover (§3.2) of every case of `neighbours` (cases of the facility neither cancelled nor drafts):
/// minutes from the room-day predecessor's patient_out to the case's patient_in, kept when 0 < t < 180.
pub fn turnovers<'a>(neighbours: impl IntoIterator<Item = &'a CaseFacts>) -> HashMap<String, f64> {
    let mut groups: HashMap<(NaiveDate, &str), Vec<&CaseFacts>> = HashMap::new();
    for c in neighbours {
        if let Some(room) = c.or_room_id.as_deref() {
            groups.entry((c.scheduled_date, room)).or_default().push(c);
        }
    }
    let mut out = HashMap::new();
    for group in groups.values_mut() {
        group.sort_by(|a, b| room_day_order(a, b));
        for pair in group.windows(2) {
            if let (Some(out_at), Some(in_at)) = (pair[0].at("patient_out"), pair[1].at("patient_in")) {
                let t = minutes(out_at, in_at);
                if t > 0.0 && t < 180.0 {
                    out.insert(pair[1].id.clone(), t);
                }
            }
        }
    }
    out
}

/// First-case delays (§3.3) of `neighbours`: for each room-day, the case with the smallest start_time (ties:
/// patient_in, case_number, id) gets minutes from its scheduled start (seconds ignored, local, DST-correct)
/// to its FCOTS milestone, if recorded.
pub fn first_case_delays<'a>(
    neighbours: impl IntoIterator<Item = &'a CaseFacts>,
    settings: &Settings,
) -> HashMap<String, f64> {
    let mut firsts: HashMap<(NaiveDate, &str), &CaseFacts> = HashMap::new();
    for c in neighbours.into_iter().filter(|c| c.start_time.is_some()) {
        let Some(room) = c.or_room_id.as_deref() else { continue };
        let slot = firsts.entry((c.scheduled_date, room)).or_insert(c);
        if room_day_order(c, slot).is_lt() {
            *slot = c;
        }
    }
    let mut out = HashMap::new();
    for c in firsts.values() {
        let (Some(start), Some(actual)) = (c.start_time.as_deref(), c.at(&settings.fcots_milestone)) else {
            continue;
        };
        let Ok(t) = NaiveTime::parse_from_str(&start[..5.min(start.len())], "%H:%M") else { continue };
        let scheduled = values::local_instant(c.scheduled_date, t, settings.tz);
        out.insert(c.id.clone(), minutes(scheduled, actual));
    }
    out
}

/// The day-level values of a case (from [`turnovers`] and [`first_case_delays`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DayValues {
    /// Turnover minutes.
    pub turnover: Option<f64>,
    /// First-case delay minutes.
    pub fcots: Option<f64>,
}

/// The raw value of `metric` for a case (§3), before the domain filter; `excess_median` is the case's
/// facility-scope total_case_time baseline median (for excess_time_cost).
pub fn raw_value(
    metric: &str,
    c: &CaseFacts,
    day: DayValues,
    settings: &Settings,
    excess_median: Option<f64>,
) -> Option<f64> {
    if let Some((start, end)) = catalog::metric(metric).and_then(|m| m.pair) {
        return Some(minutes(c.at(start)?, c.at(end)?));
    }
    let s = c.stats.as_ref();
    match metric {
        "turnover_time" => day.turnover,
        "room_idle_gap" => day.turnover.map(|t| t - settings.turnover_threshold_minutes).filter(|g| *g > 0.0),
        "fcots_delay" => day.fcots,
        "callback_delay" => Some(minutes(c.called_back_at?, c.at("incision")?)),
        "case_profit" => s?.profit,
        "or_time_cost" => s?.or_time_cost,
        "case_margin" => {
            let (p, r) = (s?.profit?, s?.reimbursement?);
            (r != 0.0).then(|| (p / r) * 100.0)
        }
        "profit_per_minute" => {
            let (p, d) = (s?.profit?, s?.total_duration_minutes?);
            (d != 0.0).then(|| p / d)
        }
        "total_case_cost" => {
            let s = s?;
            match (s.total_debits, s.or_time_cost) {
                (None, None) => None,
                (d, o) => Some(d.unwrap_or(0.0) + o.unwrap_or(0.0)),
            }
        }
        "reimbursement_variance" => {
            let (r, standard) = (s?.reimbursement?, c.standard_reimbursement?);
            (standard != 0.0).then(|| ((r - standard) / standard) * 100.0)
        }
        "excess_time_cost" => {
            let s = s?;
            let (d, rate) = (s.total_duration_minutes.filter(|d| *d != 0.0)?, s.or_hourly_rate.filter(|r| *r != 0.0)?);
            let m = excess_median?;
            Some(((d - m).max(0.0) * rate) / 60.0)
        }
        "missing_milestones" => {
            let list = expected_or_core(c);
            Some(list.iter().filter(|n| c.at(n).is_none()).count() as f64)
        }
        "milestone_out_of_order" => {
            let list = expected_or_core(c);
            let kept: Vec<Millis> = list.iter().filter_map(|n| c.at(n)).collect();
            Some(kept.windows(2).filter(|w| w[1] < w[0]).count() as f64)
        }
        other => {
            let id = other.strip_prefix(catalog::COST_CATEGORY_PREFIX)?;
            c.cost_categories.get(id).copied()
        }
    }
}

fn expected_or_core(c: &CaseFacts) -> Vec<String> {
    match &c.expected {
        Some(list) => list.clone(),
        None => CORE_SEQUENCE.iter().map(|s| s.to_string()).collect(),
    }
}

/// The value the engine uses: [`raw_value`] without NaN, and without values ≤ 0 for `pos` metrics.
pub fn value(
    metric: &str,
    c: &CaseFacts,
    day: DayValues,
    settings: &Settings,
    excess_median: Option<f64>,
) -> Option<f64> {
    let x = raw_value(metric, c, day, settings, excess_median)?;
    let domain = catalog::metric(metric).map_or(Domain::Any, |m| m.domain);
    (!x.is_nan() && (domain == Domain::Any || x > 0.0)).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::parse_rfc3339;

    fn at(s: &str) -> Millis {
        parse_rfc3339("t", s).unwrap()
    }

    fn settings() -> Settings {
        Settings {
            fcots_milestone: "patient_in".into(),
            turnover_threshold_minutes: 30.0,
            tz: chrono_tz::America::New_York,
        }
    }

    fn case(id: &str, date: &str, start: &str, marks: &[(&str, &str)]) -> CaseFacts {
        CaseFacts {
            id: id.into(),
            case_number: id.into(),
            scheduled_date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            start_time: Some(start.into()),
            or_room_id: Some("R".into()),
            milestones: marks.iter().map(|(n, t)| (n.to_string(), at(t))).collect(),
            ..CaseFacts::default()
        }
    }

    #[test]
    fn worked_example_10_turnover_and_idle_gap() {
        let day = [
            case(
                "C1",
                "2026-03-02",
                "07:30:00",
                &[("patient_in", "2026-03-02T12:40:00Z"), ("patient_out", "2026-03-02T14:02:00Z")],
            ),
            case(
                "C2",
                "2026-03-02",
                "09:30:00",
                &[("patient_in", "2026-03-02T14:27:30Z"), ("patient_out", "2026-03-02T15:30:00Z")],
            ),
            case(
                "C3",
                "2026-03-02",
                "11:00:00",
                &[("patient_in", "2026-03-02T17:40:00Z"), ("patient_out", "2026-03-02T18:00:00Z")],
            ),
            case("C4", "2026-03-02", "14:00:00", &[("patient_in", "2026-03-02T21:00:00Z")]),
        ];
        let t = turnovers(&day);
        assert_eq!(t.get("C2"), Some(&25.5));
        assert_eq!(t.get("C3"), Some(&130.0));
        assert_eq!(t.get("C4"), None, "180 is not < 180");
        assert_eq!(t.get("C1"), None, "first of the room-day");
        let s = settings();
        let idle = |id: &str| {
            raw_value("room_idle_gap", &day[0], DayValues { turnover: t.get(id).copied(), fcots: None }, &s, None)
        };
        assert_eq!(idle("C2"), None, "25.5 − 30 is not a gap");
        assert_eq!(idle("C3"), Some(100.0));
    }

    #[test]
    fn worked_example_11_first_case_delay_is_dst_correct() {
        let s = settings();
        let est = [case("C1", "2026-03-02", "07:30:00", &[("patient_in", "2026-03-02T12:46:00Z")])];
        assert_eq!(first_case_delays(&est, &s).get("C1"), Some(&16.0));
        let edt = [case("C1", "2026-03-09", "07:30:45", &[("patient_in", "2026-03-09T11:44:30Z")])];
        assert_eq!(first_case_delays(&edt, &s).get("C1"), Some(&14.5), "seconds of the start ignored");
        let early = [
            case("C1", "2026-03-02", "07:30:00", &[("patient_in", "2026-03-02T12:25:00Z")]),
            case("C0", "2026-03-02", "09:00:00", &[("patient_in", "2026-03-02T12:00:00Z")]),
        ];
        let d = first_case_delays(&early, &s);
        assert_eq!((d.get("C1"), d.get("C0")), (Some(&-5.0), None), "only the earliest start; early is negative");
    }

    #[test]
    fn worked_examples_12_to_15_callback_money_and_quality() {
        let s = settings();
        let mut c = case("C", "2026-03-02", "07:30:00", &[("incision", "2026-03-02T14:47:30Z")]);
        c.called_back_at = Some(at("2026-03-02T14:05:00Z"));
        assert_eq!(value("callback_delay", &c, DayValues::default(), &s, None), Some(42.5));
        c.stats = Some(StatsFacts {
            total_duration_minutes: Some(150.0),
            or_hourly_rate: Some(1200.0),
            reimbursement: Some(4500.0),
            ..StatsFacts::default()
        });
        assert_eq!(value("excess_time_cost", &c, DayValues::default(), &s, Some(120.0)), Some(600.0));
        assert_eq!(value("excess_time_cost", &c, DayValues::default(), &s, None), None, "no baseline");
        c.standard_reimbursement = Some(5000.0);
        assert_eq!(value("reimbursement_variance", &c, DayValues::default(), &s, None), Some(-10.0));
        assert_eq!(value("case_margin", &c, DayValues::default(), &s, None), None, "no profit");
        let mut q = case("Q", "2026-03-02", "07:30:00", &[]);
        q.expected = Some(["patient_in", "anes_start", "anes_end", "incision"].map(String::from).to_vec());
        for (name, min) in [("patient_in", 1), ("anes_start", 2), ("incision", 3)] {
            q.milestones.insert(name.into(), min * 60_000);
        }
        q.milestones.insert("anes_end".into(), 30_000);
        assert_eq!(value("milestone_out_of_order", &q, DayValues::default(), &s, None), Some(1.0));
        assert_eq!(value("missing_milestones", &q, DayValues::default(), &s, None), Some(0.0));
        q.milestones.remove("anes_start");
        assert_eq!(value("missing_milestones", &q, DayValues::default(), &s, None), Some(1.0));
        // The template guard: incision must be expected for surgical_time.
        assert!(!q.passes_guard("surgical_time", "patient_in"));
        assert!(q.passes_guard("pre_op_time", "patient_in"));
        // pos metrics drop values ≤ 0.
        let backwards = case(
            "B",
            "2026-03-02",
            "07:30:00",
            &[("patient_in", "2026-03-02T13:00:00Z"), ("patient_out", "2026-03-02T12:00:00Z")],
        );
        assert_eq!(value("total_case_time", &backwards, DayValues::default(), &s, None), None);
    }
}
