//! Facility flag analytics (flags.md §11): `flag_analytics(facility, start_date, end_date)`.
//!
//! The computation is pure ([`analyze`] over [`AnalyticsCase`]s); the read ([`Scope::flag_analytics`]) loads
//! the qualifying cases of the period and of the previous period with their visible flags. Rates, pp trends,
//! shares and averages are exact rational arithmetic rounded once, to 1 decimal half away from zero
//! ([`rate`], [`pp_trend`]), so 6.25 → 6.3 and −6.25 → −6.3 where JavaScript would print −6.2.
//!
//! Choices the spec leaves open (written down here): "flags" of a surgeon or room count every visible flag
//! of its cases; a threshold flag "with an existing rule" is one whose `flag_rule_id` still names a row
//! (archived rules included); ties left after the spec's orderings are broken by id, so output never depends
//! on row order; a device rep is refused (`PermissionDenied`), as analytics of flags they may not see would
//! be empty by construction.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::access::Scope;
use crate::error::Result;
use crate::flags::patterns::{self, Pattern};
use crate::scoring::Period;
use crate::values;

/// Metrics counted in the heatmap's `timing` column.
const TIMING_METRICS: &[&str] = &["total_case_time", "surgical_time", "pre_op_time"];

/// A flag of a qualifying case, as the analytics see it.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalyticsFlag {
    /// Flag id (tie-break of the §10 order).
    pub id: String,
    /// `threshold` or `delay`.
    pub flag_type: String,
    /// The flag's own severity.
    pub severity: String,
    /// Creation time (the §10 order).
    pub created_at: i64,
    /// Threshold flags whose rule still exists: the rule's current attributes.
    pub rule: Option<RuleAttributes>,
    /// Delay flags with a type: its display name.
    pub delay_type: Option<String>,
    /// Delay flags: reported minutes.
    pub duration_minutes: Option<i64>,
}

/// The current attributes of a flag's rule.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleAttributes {
    /// Rule name.
    pub name: String,
    /// Rule severity.
    pub severity: String,
    /// Rule category.
    pub category: String,
    /// Rule metric.
    pub metric: String,
}

impl AnalyticsFlag {
    fn is_delay(&self) -> bool {
        self.flag_type == "delay"
    }

    /// The §10 label: rule name, delay type display name, or `Unknown`.
    pub fn label(&self) -> &str {
        let label =
            if self.is_delay() { self.delay_type.as_deref() } else { self.rule.as_ref().map(|r| r.name.as_str()) };
        label.unwrap_or("Unknown")
    }

    /// The rule category, `delay` for delays, `Unknown` for a threshold flag whose rule is gone.
    pub fn category(&self) -> &str {
        match (&self.rule, self.is_delay()) {
            (_, true) => "delay",
            (Some(r), false) => &r.category,
            (None, false) => "Unknown",
        }
    }
}

/// A qualifying case (completed, validated, not a draft, not excluded) with its visible flags.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalyticsCase {
    /// Case id.
    pub id: String,
    /// Case number.
    pub case_number: String,
    /// Scheduled date.
    pub date: NaiveDate,
    /// Surgeon.
    pub surgeon_id: Option<String>,
    /// "First Last".
    pub surgeon_name: Option<String>,
    /// Room.
    pub room_id: Option<String>,
    /// Room name.
    pub room_name: Option<String>,
    /// Procedure name.
    pub procedure: Option<String>,
    /// Visible flags of the case.
    pub flags: Vec<AnalyticsFlag>,
}

impl AnalyticsCase {
    fn flagged(&self) -> bool {
        !self.flags.is_empty()
    }

    fn delayed(&self) -> bool {
        self.flags.iter().any(AnalyticsFlag::is_delay)
    }
}

/// §11.1.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FlagSummary {
    /// Qualifying cases.
    pub total_cases: u64,
    /// Cases with at least one flag.
    pub flagged_cases: u64,
    /// flagged / total × 100.
    pub flag_rate: f64,
    /// pp against the previous period (0 unless both have cases).
    pub flag_rate_trend: f64,
    /// Cases with a delay flag.
    pub delayed_cases: u64,
    /// delayed / total × 100.
    pub delay_rate: f64,
    /// pp against the previous period.
    pub delay_rate_trend: f64,
    /// Flags of severity critical.
    pub critical_count: u64,
    /// Flags of severity warning.
    pub warning_count: u64,
    /// Flags of severity info.
    pub info_count: u64,
    /// All flags.
    pub total_flags: u64,
    /// total_flags / flagged_cases.
    pub avg_flags_per_case: f64,
}

/// §11.2: one value per week with qualifying cases, ascending.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Sparkline {
    /// % of the week's cases with any flag.
    pub flag_rate: Vec<f64>,
    /// % of the week's cases with a delay flag.
    pub delay_rate: Vec<f64>,
}

/// §11.3: flag counts of a week that has flags.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekFlags {
    /// "Mon DD" of the week's Monday, e.g. "Mar 02".
    pub week: String,
    /// Threshold flags.
    pub threshold: u64,
    /// Delay flags.
    pub delay: u64,
    /// All flags.
    pub total: u64,
}

/// §11.4: flag counts of an ISO weekday that has flags.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DayOfWeekFlags {
    /// "Mon" … "Sun".
    pub day: String,
    /// 1 = Monday … 7 = Sunday.
    pub day_num: u32,
    /// Threshold flags of rules on `fcots_delay`.
    pub fcots: u64,
    /// Threshold flags of rules on total_case_time, surgical_time or pre_op_time.
    pub timing: u64,
    /// Threshold flags of rules on turnover_time.
    pub turnover: u64,
    /// Delay flags.
    pub delay: u64,
    /// Threshold flags of financial rules.
    pub financial: u64,
    /// Threshold flags of quality rules.
    pub quality: u64,
    /// All flags.
    pub total: u64,
}

/// §11.5: threshold flags of one (rule name, severity, category).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleBreakdown {
    /// Rule name.
    pub name: String,
    /// Flags.
    pub count: u64,
    /// Rule severity.
    pub severity: String,
    /// Rule category.
    pub category: String,
    /// Share of threshold flags with a rule, %.
    pub pct: f64,
}

/// §11.6: delay flags of one type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DelayBreakdown {
    /// Delay type display name.
    pub name: String,
    /// Flags.
    pub count: u64,
    /// Share of delay flags with a type, %.
    pub pct: f64,
    /// Mean reported minutes, rounded half away from zero; null without any.
    pub avg_duration: Option<i64>,
}

/// §11.7: a surgeon with flags in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurgeonFlags {
    /// "First Last".
    pub name: String,
    /// Surgeon id.
    pub surgeon_id: String,
    /// Qualifying cases.
    pub cases: u64,
    /// Cases with a flag.
    pub flagged_cases: u64,
    /// Flags.
    pub flags: u64,
    /// flagged / cases × 100.
    pub rate: f64,
    /// The previous period's rate (null without qualifying cases there).
    pub prev_rate: Option<f64>,
    /// pp (0 unless the surgeon has cases in both periods).
    pub trend: f64,
    /// Most frequent label ('N/A' if none).
    pub top_flag: String,
}

/// §11.8: a room with qualifying cases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoomFlags {
    /// Room name.
    pub room: String,
    /// Room id.
    pub room_id: String,
    /// Qualifying cases.
    pub cases: u64,
    /// Flags.
    pub flags: u64,
    /// flagged / cases × 100.
    pub rate: f64,
    /// Most frequent threshold rule name, or 'N/A'.
    pub top_issue: String,
    /// Most frequent delay type, or 'N/A'.
    pub top_delay: String,
}

/// §11.9: one flag of a recent case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecentFlag {
    /// `threshold` or `delay`.
    #[serde(rename = "type")]
    pub flag_type: String,
    /// Label.
    pub name: String,
    /// The flag's severity.
    pub severity: String,
    /// Rule category, or `delay`.
    pub category: String,
}

/// §11.9: a flagged qualifying case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecentFlaggedCase {
    /// Case id.
    pub case_id: String,
    /// Case number.
    pub case_number: String,
    /// Scheduled date.
    pub date: String,
    /// "First Last" or 'Unknown'.
    pub surgeon: String,
    /// Room.
    pub room_id: Option<String>,
    /// Procedure name or 'Unknown'.
    pub procedure: String,
    /// Flags in §10 order.
    pub flags: Vec<RecentFlag>,
}

/// `flag_analytics` (flags.md §11).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FlagAnalytics {
    /// §11.1.
    pub summary: FlagSummary,
    /// §11.2.
    pub sparkline_data: Sparkline,
    /// §11.3.
    pub weekly_trend: Vec<WeekFlags>,
    /// §11.4.
    pub day_of_week_heatmap: Vec<DayOfWeekFlags>,
    /// §11.5.
    pub flag_rule_breakdown: Vec<RuleBreakdown>,
    /// §11.6.
    pub delay_type_breakdown: Vec<DelayBreakdown>,
    /// §11.7.
    pub surgeon_flags: Vec<SurgeonFlags>,
    /// §11.8.
    pub room_flags: Vec<RoomFlags>,
    /// §11.9.
    pub recent_flagged_cases: Vec<RecentFlaggedCase>,
    /// §12.
    pub patterns: Vec<Pattern>,
}

// ---------------------------------------------------------------------------------------------------------
// Exact arithmetic

/// num / den rounded to an integer half away from zero (den > 0).
fn div_round(num: i128, den: i128) -> i128 {
    let (q, r) = (num.abs() / den, num.abs() % den);
    let q = if 2 * r >= den { q + 1 } else { q };
    if num < 0 { -q } else { q }
}

/// a / b to 1 decimal, half away from zero; 0 when b = 0.
pub fn ratio1(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { div_round(a as i128 * 10, b as i128) as f64 / 10.0 }
}

/// *Rate* (§11): a / b × 100, exact, 1 decimal half away from zero; 0 when b = 0.
pub fn rate(a: u64, b: u64) -> f64 {
    ratio1(a * 100, b)
}

/// *pp trend* (§11): (a/b − c/d) × 100, exact, 1 decimal half away from zero; 0 unless b and d are non-zero.
pub fn pp_trend(a: u64, b: u64, c: u64, d: u64) -> f64 {
    if b == 0 || d == 0 {
        return 0.0;
    }
    let num = (a as i128 * d as i128 - c as i128 * b as i128) * 1000;
    let tenths = div_round(num, b as i128 * d as i128);
    if tenths == 0 { 0.0 } else { tenths as f64 / 10.0 }
}

/// The previous period of [start, end] (§11): it ends the day before `start` and has the same length.
pub fn previous_period(start: NaiveDate, end: NaiveDate) -> (NaiveDate, NaiveDate) {
    let prev_end = start - Duration::days(1);
    (prev_end - (end - start), prev_end)
}

/// The Monday of a date's week.
fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// The most frequent label, ties alphabetically first; `N/A` without any.
fn most_frequent<'a>(labels: impl IntoIterator<Item = &'a str>) -> String {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for l in labels {
        *counts.entry(l).or_default() += 1;
    }
    // BTreeMap iterates alphabetically; keep the first of the maximal counts.
    let mut best: Option<(&str, u64)> = None;
    for (label, n) in counts {
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((label, n));
        }
    }
    best.map_or_else(|| "N/A".to_owned(), |(l, _)| l.to_owned())
}

/// Orders by a/b descending, exactly.
fn by_ratio_desc(a: (u64, u64), b: (u64, u64)) -> std::cmp::Ordering {
    (b.0 as u128 * a.1 as u128).cmp(&(a.0 as u128 * b.1 as u128))
}

const SEVERITY_ORDER: [&str; 3] = ["critical", "warning", "info"];

fn severity_rank(s: &str) -> usize {
    SEVERITY_ORDER.iter().position(|x| *x == s).unwrap_or(SEVERITY_ORDER.len())
}

// ---------------------------------------------------------------------------------------------------------
// The computation

#[derive(Default)]
struct Tally {
    cases: u64,
    flagged: u64,
    delayed: u64,
    flags: u64,
}

impl Tally {
    fn add(&mut self, c: &AnalyticsCase) {
        self.cases += 1;
        self.flagged += u64::from(c.flagged());
        self.delayed += u64::from(c.delayed());
        self.flags += c.flags.len() as u64;
    }
}

/// §11 over the qualifying cases of the period and of the previous period, patterns (§12) included.
pub fn analyze(current: &[AnalyticsCase], previous: &[AnalyticsCase]) -> FlagAnalytics {
    let mut now = Tally::default();
    let mut before = Tally::default();
    current.iter().for_each(|c| now.add(c));
    previous.iter().for_each(|c| before.add(c));
    let flags = || current.iter().flat_map(|c| c.flags.iter().map(move |f| (c, f)));
    let severity_count = |s: &str| flags().filter(|(_, f)| f.severity == s).count() as u64;
    let summary = FlagSummary {
        total_cases: now.cases,
        flagged_cases: now.flagged,
        flag_rate: rate(now.flagged, now.cases),
        flag_rate_trend: pp_trend(now.flagged, now.cases, before.flagged, before.cases),
        delayed_cases: now.delayed,
        delay_rate: rate(now.delayed, now.cases),
        delay_rate_trend: pp_trend(now.delayed, now.cases, before.delayed, before.cases),
        critical_count: severity_count("critical"),
        warning_count: severity_count("warning"),
        info_count: severity_count("info"),
        total_flags: now.flags,
        avg_flags_per_case: ratio1(now.flags, now.flagged),
    };

    let mut weeks: BTreeMap<NaiveDate, (Tally, WeekFlags)> = BTreeMap::new();
    let mut days: BTreeMap<u32, DayOfWeekFlags> = BTreeMap::new();
    for c in current {
        let week = monday(c.date);
        let (tally, counts) = weeks.entry(week).or_insert_with(|| {
            (Tally::default(), WeekFlags { week: week.format("%b %d").to_string(), threshold: 0, delay: 0, total: 0 })
        });
        tally.add(c);
        for f in &c.flags {
            counts.total += 1;
            if f.is_delay() {
                counts.delay += 1
            } else {
                counts.threshold += 1
            }
            let day_num = c.date.weekday().number_from_monday();
            let row = days.entry(day_num).or_insert_with(|| DayOfWeekFlags {
                day: c.date.format("%a").to_string(),
                day_num,
                ..DayOfWeekFlags::default()
            });
            row.total += 1;
            if f.is_delay() {
                row.delay += 1;
            } else if let Some(rule) = &f.rule {
                let metric = rule.metric.as_str();
                row.fcots += u64::from(metric == "fcots_delay");
                row.timing += u64::from(TIMING_METRICS.contains(&metric));
                row.turnover += u64::from(metric == "turnover_time");
                row.financial += u64::from(rule.category == "financial");
                row.quality += u64::from(rule.category == "quality");
            }
        }
    }
    let sparkline_data = Sparkline {
        flag_rate: weeks.values().map(|(t, _)| rate(t.flagged, t.cases)).collect(),
        delay_rate: weeks.values().map(|(t, _)| rate(t.delayed, t.cases)).collect(),
    };
    let weekly_trend = weeks.into_values().filter(|(_, w)| w.total > 0).map(|(_, w)| w).collect();

    let mut rules: BTreeMap<(&str, &str, &str), u64> = BTreeMap::new();
    for (_, f) in flags() {
        if let (false, Some(r)) = (f.is_delay(), &f.rule) {
            *rules.entry((&r.name, &r.severity, &r.category)).or_default() += 1;
        }
    }
    let ruled: u64 = rules.values().sum();
    let mut flag_rule_breakdown: Vec<RuleBreakdown> = rules
        .into_iter()
        .map(|((name, severity, category), count)| RuleBreakdown {
            name: name.into(),
            count,
            severity: severity.into(),
            category: category.into(),
            pct: rate(count, ruled),
        })
        .collect();
    flag_rule_breakdown.sort_by_key(|r| std::cmp::Reverse(r.count));

    let mut delays: BTreeMap<&str, (u64, i64, i64)> = BTreeMap::new();
    for (_, f) in flags() {
        if let (true, Some(name)) = (f.is_delay(), f.delay_type.as_deref()) {
            let e = delays.entry(name).or_default();
            e.0 += 1;
            if let Some(d) = f.duration_minutes {
                e.1 += d;
                e.2 += 1;
            }
        }
    }
    let typed: u64 = delays.values().map(|e| e.0).sum();
    let mut delay_type_breakdown: Vec<DelayBreakdown> = delays
        .into_iter()
        .map(|(name, (count, sum, n))| DelayBreakdown {
            name: name.into(),
            count,
            pct: rate(count, typed),
            avg_duration: (n > 0).then(|| div_round(sum.into(), n.into()) as i64),
        })
        .collect();
    delay_type_breakdown.sort_by_key(|r| std::cmp::Reverse(r.count));

    let surgeon_flags = surgeon_rows(current, previous);
    let room_flags = room_rows(current);

    let mut recent: Vec<&AnalyticsCase> = current.iter().filter(|c| c.flagged()).collect();
    recent.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.case_number.cmp(&a.case_number)).then(b.id.cmp(&a.id)));
    let recent_flagged_cases = recent
        .into_iter()
        .map(|c| {
            let mut fs: Vec<&AnalyticsFlag> = c.flags.iter().collect();
            fs.sort_by(|a, b| {
                (severity_rank(&a.severity), a.created_at, &a.id).cmp(&(
                    severity_rank(&b.severity),
                    b.created_at,
                    &b.id,
                ))
            });
            RecentFlaggedCase {
                case_id: c.id.clone(),
                case_number: c.case_number.clone(),
                date: c.date.to_string(),
                surgeon: c.surgeon_name.clone().unwrap_or_else(|| "Unknown".into()),
                room_id: c.room_id.clone(),
                procedure: c.procedure.clone().unwrap_or_else(|| "Unknown".into()),
                flags: fs
                    .into_iter()
                    .map(|f| RecentFlag {
                        flag_type: f.flag_type.clone(),
                        name: f.label().into(),
                        severity: f.severity.clone(),
                        category: f.category().into(),
                    })
                    .collect(),
            }
        })
        .collect();

    let mut out = FlagAnalytics {
        summary,
        sparkline_data,
        weekly_trend,
        day_of_week_heatmap: days.into_values().collect(),
        flag_rule_breakdown,
        delay_type_breakdown,
        surgeon_flags,
        room_flags,
        recent_flagged_cases,
        patterns: Vec::new(),
    };
    out.patterns = patterns::detect(&out);
    out
}

fn surgeon_rows(current: &[AnalyticsCase], previous: &[AnalyticsCase]) -> Vec<SurgeonFlags> {
    let mut now: BTreeMap<&str, (Tally, Vec<&AnalyticsCase>)> = BTreeMap::new();
    for c in current {
        if let Some(s) = c.surgeon_id.as_deref() {
            let e = now.entry(s).or_default();
            e.0.add(c);
            e.1.push(c);
        }
    }
    let mut before: BTreeMap<&str, Tally> = BTreeMap::new();
    for c in previous {
        if let Some(s) = c.surgeon_id.as_deref() {
            before.entry(s).or_default().add(c);
        }
    }
    let mut rows: Vec<SurgeonFlags> = now
        .into_iter()
        .filter(|(_, (t, _))| t.flags > 0)
        .map(|(id, (t, cases))| {
            let prev = before.get(id);
            SurgeonFlags {
                name: cases[0].surgeon_name.clone().unwrap_or_else(|| "Unknown".into()),
                surgeon_id: id.into(),
                cases: t.cases,
                flagged_cases: t.flagged,
                flags: t.flags,
                rate: rate(t.flagged, t.cases),
                prev_rate: prev.map(|p| rate(p.flagged, p.cases)),
                trend: prev.map_or(0.0, |p| pp_trend(t.flagged, t.cases, p.flagged, p.cases)),
                top_flag: most_frequent(cases.iter().flat_map(|c| c.flags.iter().map(AnalyticsFlag::label))),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        by_ratio_desc((a.flagged_cases, a.cases), (b.flagged_cases, b.cases))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.surgeon_id.cmp(&b.surgeon_id))
    });
    rows
}

fn room_rows(current: &[AnalyticsCase]) -> Vec<RoomFlags> {
    let mut rooms: BTreeMap<&str, (Tally, Vec<&AnalyticsCase>)> = BTreeMap::new();
    for c in current {
        if let Some(r) = c.room_id.as_deref() {
            let e = rooms.entry(r).or_default();
            e.0.add(c);
            e.1.push(c);
        }
    }
    let mut rows: Vec<(u64, RoomFlags)> = rooms
        .into_iter()
        .map(|(id, (t, cases))| {
            let flags = || cases.iter().flat_map(|c| c.flags.iter());
            let row = RoomFlags {
                room: cases[0].room_name.clone().unwrap_or_else(|| "Unknown".into()),
                room_id: id.into(),
                cases: t.cases,
                flags: t.flags,
                rate: rate(t.flagged, t.cases),
                top_issue: most_frequent(
                    flags().filter(|f| !f.is_delay()).filter_map(|f| f.rule.as_ref()).map(|r| r.name.as_str()),
                ),
                top_delay: most_frequent(flags().filter(|f| f.is_delay()).filter_map(|f| f.delay_type.as_deref())),
            };
            (t.flagged, row)
        })
        .collect();
    rows.sort_by(|(fa, a), (fb, b)| {
        by_ratio_desc((*fa, a.cases), (*fb, b.cases))
            .then_with(|| a.room.cmp(&b.room))
            .then_with(|| a.room_id.cmp(&b.room_id))
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

// ---------------------------------------------------------------------------------------------------------
// The read

const CASES: &str = "SELECT c.id, c.case_number, c.scheduled_date, c.surgeon_id, u.first_name || ' ' || u.last_name,
        c.or_room_id, r.name, p.name
    FROM cases c JOIN case_statuses s ON s.id = c.status_id
    LEFT JOIN users u ON u.id = c.surgeon_id LEFT JOIN or_rooms r ON r.id = c.or_room_id
    LEFT JOIN procedure_types p ON p.id = c.procedure_type_id
    WHERE c.facility_id = ?1 AND c.scheduled_date BETWEEN ?2 AND ?3 AND s.name = 'completed'
      AND c.data_validated = 1 AND c.is_draft = 0 AND c.is_excluded_from_metrics = 0";

const FLAGS: &str =
    "SELECT f.case_id, f.id, f.flag_type, f.severity, f.created_at, r.id IS NOT NULL, r.name, r.severity,
        r.category, r.metric, d.display_name, f.duration_minutes
    FROM cases c JOIN case_statuses s ON s.id = c.status_id
    JOIN case_flags f ON f.case_id = c.id AND f.facility_id = c.facility_id
    LEFT JOIN flag_rules r ON r.id = f.flag_rule_id LEFT JOIN delay_types d ON d.id = f.delay_type_id
    WHERE c.facility_id = ?1 AND c.scheduled_date BETWEEN ?2 AND ?3 AND s.name = 'completed'
      AND c.data_validated = 1 AND c.is_draft = 0 AND c.is_excluded_from_metrics = 0";

/// The qualifying cases of [start, end] with their flags; without `financial`, flags of financial rules are
/// left out.
fn load(
    conn: &Connection,
    facility: &str,
    start: NaiveDate,
    end: NaiveDate,
    financial: bool,
) -> Result<Vec<AnalyticsCase>> {
    let params = rusqlite::params![facility, start.to_string(), end.to_string()];
    let mut cases: Vec<AnalyticsCase> = conn
        .prepare_cached(CASES)?
        .query_map(params, |r| {
            let date: String = r.get(2)?;
            Ok(AnalyticsCase {
                id: r.get(0)?,
                case_number: r.get(1)?,
                date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or_default(),
                surgeon_id: r.get(3)?,
                surgeon_name: r.get(4)?,
                room_id: r.get(5)?,
                room_name: r.get(6)?,
                procedure: r.get(7)?,
                flags: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: BTreeMap<String, usize> = cases.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
    let mut stmt = conn.prepare_cached(FLAGS)?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        let case_id: String = r.get(0)?;
        let rule = if r.get::<_, bool>(5)? {
            Some(RuleAttributes { name: r.get(6)?, severity: r.get(7)?, category: r.get(8)?, metric: r.get(9)? })
        } else {
            None
        };
        if !financial && rule.as_ref().is_some_and(|r| r.category == "financial") {
            continue;
        }
        let flag = AnalyticsFlag {
            id: r.get(1)?,
            flag_type: r.get(2)?,
            severity: r.get(3)?,
            created_at: r.get(4)?,
            rule,
            delay_type: r.get(10)?,
            duration_minutes: r.get(11)?,
        };
        if let Some(&i) = index.get(&case_id) {
            cases[i].flags.push(flag);
        }
    }
    Ok(cases)
}

impl Scope {
    /// `flag_analytics(facility, start_date, end_date)` (flags.md §11–12): the facility's qualifying cases
    /// dated in [start, end] (inclusive) and their visible flags, against the previous period of the same
    /// length. Without `flags.financial`, financial flags are left out entirely.
    pub fn flag_analytics(&self, facility_id: &str, start_date: &str, end_date: &str) -> Result<FlagAnalytics> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let Period { start, end } = Period::parse(start_date, end_date)?;
        self.read(|conn, ctx| {
            ctx.check_member_read(conn, &facility, "flag analytics")?;
            let financial = ctx.has_permission(conn, "flags.financial")?;
            let (prev_start, prev_end) = previous_period(start, end);
            let current = load(conn, &facility, start, end, financial)?;
            let previous = load(conn, &facility, prev_start, prev_end, financial)?;
            Ok(analyze(&current, &previous))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rule(name: &str, metric: &str, category: &str) -> Option<RuleAttributes> {
        Some(RuleAttributes {
            name: name.into(),
            severity: "warning".into(),
            category: category.into(),
            metric: metric.into(),
        })
    }

    fn threshold(id: &str, severity: &str, rule: Option<RuleAttributes>) -> AnalyticsFlag {
        AnalyticsFlag {
            id: id.into(),
            flag_type: "threshold".into(),
            severity: severity.into(),
            created_at: 1,
            rule,
            delay_type: None,
            duration_minutes: None,
        }
    }

    fn delay(id: &str, name: Option<&str>, minutes: Option<i64>) -> AnalyticsFlag {
        AnalyticsFlag {
            id: id.into(),
            flag_type: "delay".into(),
            severity: "warning".into(),
            created_at: 2,
            rule: None,
            delay_type: name.map(Into::into),
            duration_minutes: minutes,
        }
    }

    fn case(
        id: &str,
        date: &str,
        surgeon: Option<&str>,
        room: Option<&str>,
        flags: Vec<AnalyticsFlag>,
    ) -> AnalyticsCase {
        AnalyticsCase {
            id: id.into(),
            case_number: id.into(),
            date: d(date),
            surgeon_id: surgeon.map(Into::into),
            surgeon_name: surgeon.map(|s| format!("Dr {s}")),
            room_id: room.map(Into::into),
            room_name: room.map(|r| format!("OR-{r}")),
            procedure: None,
            flags,
        }
    }

    #[test]
    fn worked_example_16_rounding_and_previous_period() {
        assert_eq!(rate(1, 16), 6.3);
        assert_eq!(pp_trend(1, 16, 2, 16), -6.3, "half away from zero, where JS gives -6.2");
        assert_eq!(previous_period(d("2026-03-02"), d("2026-03-08")), (d("2026-02-23"), d("2026-03-01")));
        assert_eq!((rate(5, 20), ratio1(8, 5)), (25.0, 1.6));
        assert_eq!((rate(0, 0), pp_trend(1, 2, 0, 0), ratio1(0, 0)), (0.0, 0.0, 0.0));
        assert_eq!(rate(2, 3), 66.7);
        assert_eq!(pp_trend(1, 3, 2, 3), -33.3);
        // 20 cases, 5 flagged with 8 flags.
        let current: Vec<AnalyticsCase> = (0..20)
            .map(|i| {
                let flags = match i {
                    0..3 => {
                        vec![threshold(&format!("a{i}"), "info", None), threshold(&format!("b{i}"), "critical", None)]
                    }
                    3..5 => vec![threshold(&format!("a{i}"), "warning", None)],
                    _ => Vec::new(),
                };
                case(&format!("c{i:02}"), "2026-03-03", None, None, flags)
            })
            .collect();
        let previous = vec![case("p1", "2026-02-24", None, None, vec![threshold("x", "info", None)])];
        let s = analyze(&current, &previous).summary;
        assert_eq!((s.total_cases, s.flagged_cases, s.total_flags), (20, 5, 8));
        assert_eq!((s.flag_rate, s.avg_flags_per_case, s.flag_rate_trend), (25.0, 1.6, -75.0));
        assert_eq!((s.critical_count, s.warning_count, s.info_count), (3, 2, 3));
        assert_eq!((s.delayed_cases, s.delay_rate, s.delay_rate_trend), (0, 0.0, 0.0));
    }

    #[test]
    fn empty_period_is_all_zeros_and_empty_sections() {
        let a = analyze(&[], &[]);
        assert_eq!(a, FlagAnalytics::default());
    }

    #[test]
    fn every_section_of_a_small_period() {
        let fcots = rule("Late First Case Start", "fcots_delay", "timing");
        let long = rule("Long Total Case Time", "total_case_time", "efficiency");
        let cost = rule("Over Budget", "total_case_cost", "financial");
        let current = vec![
            // Monday 2026-03-02 (week of Mar 02)
            case("c1", "2026-03-02", Some("s1"), Some("1"), vec![threshold("f1", "warning", fcots.clone())]),
            case(
                "c2",
                "2026-03-02",
                Some("s1"),
                Some("1"),
                vec![
                    threshold("f2", "critical", long.clone()),
                    delay("f3", Some("Equipment Delay"), Some(10)),
                    delay("f4", Some("Equipment Delay"), Some(15)),
                ],
            ),
            case("c3", "2026-03-02", Some("s2"), Some("2"), vec![]),
            // Tuesday 2026-03-10 (week of Mar 09)
            case(
                "c4",
                "2026-03-10",
                Some("s2"),
                Some("2"),
                vec![threshold("f5", "info", cost), threshold("f6", "info", None)],
            ),
            case("c5", "2026-03-10", None, None, vec![delay("f7", None, None)]),
        ];
        let previous = vec![case("p1", "2026-02-20", Some("s1"), Some("1"), vec![])];
        let a = analyze(&current, &previous);
        assert_eq!((a.summary.total_cases, a.summary.flagged_cases, a.summary.total_flags), (5, 4, 7));
        assert_eq!((a.summary.delayed_cases, a.summary.delay_rate, a.summary.delay_rate_trend), (2, 40.0, 40.0));
        assert_eq!(a.sparkline_data, Sparkline { flag_rate: vec![66.7, 100.0], delay_rate: vec![33.3, 50.0] });
        let weeks: Vec<(&str, u64, u64, u64)> =
            a.weekly_trend.iter().map(|w| (w.week.as_str(), w.threshold, w.delay, w.total)).collect();
        assert_eq!(weeks, [("Mar 02", 2, 2, 4), ("Mar 09", 2, 1, 3)]);
        let mon = &a.day_of_week_heatmap[0];
        assert_eq!(
            (mon.day.as_str(), mon.day_num, mon.fcots, mon.timing, mon.delay, mon.total),
            ("Mon", 1, 1, 1, 2, 4)
        );
        let tue = &a.day_of_week_heatmap[1];
        assert_eq!(
            (tue.day.as_str(), tue.financial, tue.delay, tue.total),
            ("Tue", 1, 1, 3),
            "a gone rule counts in total only"
        );
        let rules: Vec<(&str, u64, f64)> =
            a.flag_rule_breakdown.iter().map(|r| (r.name.as_str(), r.count, r.pct)).collect();
        assert_eq!(
            rules,
            [("Late First Case Start", 1, 33.3), ("Long Total Case Time", 1, 33.3), ("Over Budget", 1, 33.3)]
        );
        assert_eq!(
            a.delay_type_breakdown,
            [DelayBreakdown { name: "Equipment Delay".into(), count: 2, pct: 100.0, avg_duration: Some(13) }],
            "12.5 rounds half away from zero"
        );
        let surgeon = |id: &str, counts: [u64; 3], rates: (f64, Option<f64>, f64), top: &str| SurgeonFlags {
            name: format!("Dr {id}"),
            surgeon_id: id.into(),
            cases: counts[0],
            flagged_cases: counts[1],
            flags: counts[2],
            rate: rates.0,
            prev_rate: rates.1,
            trend: rates.2,
            top_flag: top.into(),
        };
        assert_eq!(
            a.surgeon_flags,
            [
                surgeon("s1", [2, 2, 4], (100.0, Some(0.0), 100.0), "Equipment Delay"),
                surgeon("s2", [2, 1, 2], (50.0, None, 0.0), "Over Budget"),
            ],
            "top flag: the most frequent label; ties alphabetical ('Over Budget' < 'Unknown')"
        );
        let rooms: Vec<(&str, u64, u64, f64, &str, &str)> = a
            .room_flags
            .iter()
            .map(|r| (r.room.as_str(), r.cases, r.flags, r.rate, r.top_issue.as_str(), r.top_delay.as_str()))
            .collect();
        assert_eq!(
            rooms,
            [
                ("OR-1", 2, 4, 100.0, "Late First Case Start", "Equipment Delay"),
                ("OR-2", 2, 2, 50.0, "Over Budget", "N/A"),
            ]
        );
        let recent: Vec<&str> = a.recent_flagged_cases.iter().map(|c| c.case_id.as_str()).collect();
        assert_eq!(recent, ["c5", "c4", "c2", "c1"]);
        let c2 = &a.recent_flagged_cases[2];
        assert_eq!((c2.surgeon.as_str(), c2.procedure.as_str()), ("Dr s1", "Unknown"));
        let c2_flags: Vec<(&str, &str, &str, &str)> = c2
            .flags
            .iter()
            .map(|f| (f.flag_type.as_str(), f.name.as_str(), f.severity.as_str(), f.category.as_str()))
            .collect();
        assert_eq!(
            c2_flags,
            [
                ("threshold", "Long Total Case Time", "critical", "efficiency"),
                ("delay", "Equipment Delay", "warning", "delay"),
                ("delay", "Equipment Delay", "warning", "delay"),
            ]
        );
        assert_eq!(a.recent_flagged_cases[0].flags[0].name, "Unknown");
        // 7 flags over 4 flagged cases = 1.75 per case with 2 equipment delays: a cascade.
        assert!(a.patterns.iter().any(|p| p.pattern_type == "equipment_cascade" && p.metric == "1.8x"));
    }
}
