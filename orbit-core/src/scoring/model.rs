//! Plain-data inputs and outputs of the ORbit Score engine (scoring.md §1, §5, §7–9): the settings with
//! their defaults and ranges, one flat row per scored case, the period, and the scorecards, diagnostics,
//! facility score and improvement plan the engine returns. No `Connection`.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::error::{Error, Result};

// ─── Settings (§1.3, §7) ─────────────────────────────────────────────────────────────────────────────────────

/// Which recorded milestone is a case's actual start for Schedule Adherence (§4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartTimeMilestone {
    /// `patient_in` (the default).
    #[default]
    PatientIn,
    /// `incision`.
    Incision,
}

impl StartTimeMilestone {
    /// Every value, in stored order.
    pub const ALL: [StartTimeMilestone; 2] = [StartTimeMilestone::PatientIn, StartTimeMilestone::Incision];

    /// The stored value (`patient_in`, `incision`).
    pub fn as_str(self) -> &'static str {
        match self {
            StartTimeMilestone::PatientIn => "patient_in",
            StartTimeMilestone::Incision => "incision",
        }
    }
}

impl fmt::Display for StartTimeMilestone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StartTimeMilestone {
    type Err = Error;

    /// Parses a stored value; anything else is `InvalidInput` on `start_time_milestone`.
    fn from_str(s: &str) -> Result<Self> {
        StartTimeMilestone::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| Error::invalid("start_time_milestone", "must be one of patient_in, incision"))
    }
}

/// The facility settings the score reads (§1.3; the scoring columns of `facility_analytics_settings`, §7).
/// Values are used exactly as stored: 0 means 0 (there are no "0 → default" fallbacks). A facility without a
/// settings row uses [`ScoreSettings::default`]. The facility's time zone is passed to the engine separately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreSettings {
    /// The actual-start milestone of Schedule Adherence.
    pub start_time_milestone: StartTimeMilestone,
    /// Minutes late a start may be and still score 1.0 ([`START_TIME_GRACE_MINUTES_RANGE`]).
    pub start_time_grace_minutes: i64,
    /// Minutes past the grace at which a start scores 0.0 ([`START_TIME_FLOOR_MINUTES_RANGE`]).
    pub start_time_floor_minutes: i64,
    /// Expected prep→incision wait in minutes ([`WAITING_ON_SURGEON_MINUTES_RANGE`]).
    pub waiting_on_surgeon_minutes: i64,
    /// Minutes past the expected wait at which a gap scores 0.0 ([`WAITING_ON_SURGEON_FLOOR_MINUTES_RANGE`]).
    pub waiting_on_surgeon_floor_minutes: i64,
    /// Values a surgeon needs in a procedure to be scored there and to be a peer
    /// ([`MIN_PROCEDURE_CASES_RANGE`]).
    pub min_procedure_cases: i64,
    /// Scored cases a surgeon needs for a scorecard ([`MIN_CASE_THRESHOLD_RANGE`]).
    pub min_case_threshold: i64,
}

/// Default of [`ScoreSettings::start_time_milestone`]: `patient_in`.
pub const DEFAULT_START_TIME_MILESTONE: StartTimeMilestone = StartTimeMilestone::PatientIn;
/// Default of [`ScoreSettings::start_time_grace_minutes`].
pub const DEFAULT_START_TIME_GRACE_MINUTES: i64 = 3;
/// Default of [`ScoreSettings::start_time_floor_minutes`].
pub const DEFAULT_START_TIME_FLOOR_MINUTES: i64 = 20;
/// Default of [`ScoreSettings::waiting_on_surgeon_minutes`].
pub const DEFAULT_WAITING_ON_SURGEON_MINUTES: i64 = 3;
/// Default of [`ScoreSettings::waiting_on_surgeon_floor_minutes`].
pub const DEFAULT_WAITING_ON_SURGEON_FLOOR_MINUTES: i64 = 10;
/// Default of [`ScoreSettings::min_procedure_cases`].
pub const DEFAULT_MIN_PROCEDURE_CASES: i64 = 3;
/// Default of [`ScoreSettings::min_case_threshold`].
pub const DEFAULT_MIN_CASE_THRESHOLD: i64 = 15;

/// Allowed [`ScoreSettings::start_time_grace_minutes`] (inclusive).
pub const START_TIME_GRACE_MINUTES_RANGE: RangeInclusive<i64> = 0..=15;
/// Allowed [`ScoreSettings::start_time_floor_minutes`] (inclusive).
pub const START_TIME_FLOOR_MINUTES_RANGE: RangeInclusive<i64> = 5..=60;
/// Allowed [`ScoreSettings::waiting_on_surgeon_minutes`] (inclusive).
pub const WAITING_ON_SURGEON_MINUTES_RANGE: RangeInclusive<i64> = 0..=15;
/// Allowed [`ScoreSettings::waiting_on_surgeon_floor_minutes`] (inclusive).
pub const WAITING_ON_SURGEON_FLOOR_MINUTES_RANGE: RangeInclusive<i64> = 3..=30;
/// Allowed [`ScoreSettings::min_procedure_cases`] (inclusive).
pub const MIN_PROCEDURE_CASES_RANGE: RangeInclusive<i64> = 1..=10;
/// Allowed [`ScoreSettings::min_case_threshold`] (inclusive).
pub const MIN_CASE_THRESHOLD_RANGE: RangeInclusive<i64> = 1..=100;

impl Default for ScoreSettings {
    /// The column defaults of §7 (also the values of `analytics_settings_template`).
    fn default() -> Self {
        ScoreSettings {
            start_time_milestone: DEFAULT_START_TIME_MILESTONE,
            start_time_grace_minutes: DEFAULT_START_TIME_GRACE_MINUTES,
            start_time_floor_minutes: DEFAULT_START_TIME_FLOOR_MINUTES,
            waiting_on_surgeon_minutes: DEFAULT_WAITING_ON_SURGEON_MINUTES,
            waiting_on_surgeon_floor_minutes: DEFAULT_WAITING_ON_SURGEON_FLOOR_MINUTES,
            min_procedure_cases: DEFAULT_MIN_PROCEDURE_CASES,
            min_case_threshold: DEFAULT_MIN_CASE_THRESHOLD,
        }
    }
}

/// `InvalidInput` on `param` unless `value` lies in `range`.
fn in_range(param: &str, value: i64, range: &RangeInclusive<i64>) -> Result<()> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(Error::invalid(param, format!("must be between {} and {}", range.start(), range.end())))
    }
}

impl ScoreSettings {
    /// Checks every field against its §7 range (`InvalidInput` naming the first field out of range).
    pub fn validate(&self) -> Result<()> {
        in_range("start_time_grace_minutes", self.start_time_grace_minutes, &START_TIME_GRACE_MINUTES_RANGE)?;
        in_range("start_time_floor_minutes", self.start_time_floor_minutes, &START_TIME_FLOOR_MINUTES_RANGE)?;
        in_range("waiting_on_surgeon_minutes", self.waiting_on_surgeon_minutes, &WAITING_ON_SURGEON_MINUTES_RANGE)?;
        in_range(
            "waiting_on_surgeon_floor_minutes",
            self.waiting_on_surgeon_floor_minutes,
            &WAITING_ON_SURGEON_FLOOR_MINUTES_RANGE,
        )?;
        in_range("min_procedure_cases", self.min_procedure_cases, &MIN_PROCEDURE_CASES_RANGE)?;
        in_range("min_case_threshold", self.min_case_threshold, &MIN_CASE_THRESHOLD_RANGE)?;
        Ok(())
    }
}

// ─── Inputs (§1.1, §1.2) ─────────────────────────────────────────────────────────────────────────────────────

/// One scored case (§1.1) with its fields of §1.2, flat so a loader fills it from one SQL row.
///
/// The loader applies the §1.1 filter (facility, status `completed`, `data_validated = 1`,
/// `is_excluded_from_metrics = 0`, `is_draft = 0`, surgeon not NULL); the engine picks the cases of each period
/// by `scheduled_date` and orders them itself, so rows may arrive in any order and may include cases of other
/// dates (they are ignored).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreCase {
    /// Case id (last ordering key).
    pub id: String,
    /// Case number (ordering key after the start time).
    pub case_number: String,
    /// The surgeon.
    pub surgeon_id: String,
    /// Surgeon first name (`''` when unknown).
    pub surgeon_first_name: String,
    /// Surgeon last name (`''` when unknown).
    pub surgeon_last_name: String,
    /// The procedure type; `None` joins no cohort.
    pub procedure_type_id: Option<String>,
    /// `procedure_types.name`; `None` (no procedure) shows as `Unknown`.
    pub procedure_name: Option<String>,
    /// The OR room (`None` counts as a room of its own for `flip_room`).
    pub or_room_id: Option<String>,
    /// Facility-local scheduled date.
    pub scheduled_date: NaiveDate,
    /// Facility-local scheduled start `HH:MM[:SS]` (seconds ignored); `None` skips the case for adherence.
    pub start_time: Option<String>,
    /// Latest recorded `patient_in` instant (epoch ms).
    pub patient_in: Option<Millis>,
    /// Latest recorded `incision` instant.
    pub incision: Option<Millis>,
    /// Latest recorded `prep_drape_complete` instant.
    pub prep_drape_complete: Option<Millis>,
    /// Latest recorded `patient_out` instant.
    pub patient_out: Option<Millis>,
    /// `case_completion_stats.profit` in dollars (cents / 100.0); `None` without a stats row. 0 is a value.
    pub profit: Option<f64>,
    /// Number of `case_flags` rows of type `delay` on the case (every row counts).
    pub delay_flag_count: u32,
}

// ─── Periods (§1.4) ──────────────────────────────────────────────────────────────────────────────────────────

/// An inclusive range of facility-local dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day (≥ start).
    pub end: NaiveDate,
}

/// Days between the start and the end of the default period (§1.4).
pub const DEFAULT_PERIOD_DAYS: i64 = 90;

impl Period {
    /// The period [start, end]; `InvalidInput` on `period_end` when end < start.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Period> {
        let p = Period { start, end };
        p.validate()?;
        Ok(p)
    }

    /// The period of two `YYYY-MM-DD` call arguments named `start_date` and `end_date` (`InvalidInput` naming
    /// the bad one, or `end_date` when it is before `start_date`).
    pub fn parse(start_date: &str, end_date: &str) -> Result<Period> {
        let start = crate::values::date("start_date", start_date)?;
        let end = crate::values::date("end_date", end_date)?;
        if end < start {
            return Err(Error::invalid("end_date", "must not be before start_date"));
        }
        Ok(Period { start, end })
    }

    /// `InvalidInput` on `period_end` when end < start.
    pub fn validate(&self) -> Result<()> {
        if self.end < self.start {
            return Err(Error::invalid("period_end", "must not be before period_start"));
        }
        Ok(())
    }

    /// The default period ending on facility-local `today`: [today − 90 days, today].
    pub fn default_ending(today: NaiveDate) -> Period {
        Period { start: today - Duration::days(DEFAULT_PERIOD_DAYS), end: today }
    }

    /// Whether `date` lies in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The trend period: the same length, ending the day before `start`.
    pub fn previous(&self) -> Period {
        let end = self.start - Duration::days(1);
        Period { start: end - (self.end - self.start), end }
    }

    /// The dates a loader must read for one scoring call: the previous period through this one.
    pub fn with_previous(&self) -> Period {
        Period { start: self.previous().start, end: self.end }
    }
}

// ─── Scorecards (§4, §5) ─────────────────────────────────────────────────────────────────────────────────────

/// The four pillars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PillarKey {
    /// Margin per OR minute (relative).
    Profitability,
    /// Case duration predictability (relative).
    Consistency,
    /// Cases starting on time (absolute).
    SchedAdherence,
    /// Surgeon readiness (absolute).
    Availability,
}

impl PillarKey {
    /// The pillars in their fixed order.
    pub const ALL: [PillarKey; 4] =
        [PillarKey::Profitability, PillarKey::Consistency, PillarKey::SchedAdherence, PillarKey::Availability];

    /// The key as serialized (`profitability`, `consistency`, `sched_adherence`, `availability`).
    pub fn as_str(self) -> &'static str {
        match self {
            PillarKey::Profitability => "profitability",
            PillarKey::Consistency => "consistency",
            PillarKey::SchedAdherence => "sched_adherence",
            PillarKey::Availability => "availability",
        }
    }

    /// The pillar's metadata (§4.5).
    pub fn info(self) -> &'static PillarInfo {
        match self {
            PillarKey::Profitability => &PILLARS[0],
            PillarKey::Consistency => &PILLARS[1],
            PillarKey::SchedAdherence => &PILLARS[2],
            PillarKey::Availability => &PILLARS[3],
        }
    }
}

/// A pillar's metadata (§4.5): label, composite weight, colour and description.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PillarInfo {
    /// The pillar.
    pub key: PillarKey,
    /// Display label.
    pub label: &'static str,
    /// Weight in the composite (the four sum to 1).
    pub weight: f64,
    /// Display colour.
    pub color: &'static str,
    /// One-line description.
    pub description: &'static str,
}

/// The pillars in composite order, with their weights (profitability 0.30, consistency 0.25, schedule
/// adherence 0.25, availability 0.20).
pub const PILLARS: [PillarInfo; 4] = [
    PillarInfo {
        key: PillarKey::Profitability,
        label: "Profitability",
        weight: 0.30,
        color: "#2563EB",
        description: "Margin per OR minute",
    },
    PillarInfo {
        key: PillarKey::Consistency,
        label: "Consistency",
        weight: 0.25,
        color: "#059669",
        description: "Case duration predictability",
    },
    PillarInfo {
        key: PillarKey::SchedAdherence,
        label: "Schedule Adherence",
        weight: 0.25,
        color: "#DB2777",
        description: "Cases starting on time",
    },
    PillarInfo {
        key: PillarKey::Availability,
        label: "Availability",
        weight: 0.20,
        color: "#7C3AED",
        description: "Surgeon readiness",
    },
];

/// The four integer pillar scores (each 10..=100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pillars {
    /// Profitability (weight 0.30).
    pub profitability: i64,
    /// Consistency (weight 0.25).
    pub consistency: i64,
    /// Schedule Adherence (weight 0.25).
    pub sched_adherence: i64,
    /// Availability (weight 0.20).
    pub availability: i64,
}

impl Pillars {
    /// The score of one pillar.
    pub fn get(&self, key: PillarKey) -> i64 {
        match key {
            PillarKey::Profitability => self.profitability,
            PillarKey::Consistency => self.consistency,
            PillarKey::SchedAdherence => self.sched_adherence,
            PillarKey::Availability => self.availability,
        }
    }

    /// Replaces the score of one pillar.
    pub fn set(&mut self, key: PillarKey, score: i64) {
        match key {
            PillarKey::Profitability => self.profitability = score,
            PillarKey::Consistency => self.consistency = score,
            PillarKey::SchedAdherence => self.sched_adherence = score,
            PillarKey::Availability => self.availability = score,
        }
    }
}

/// A letter grade with its display label and colours (§4.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    /// `A`, `B`, `C` or `D`.
    pub letter: String,
    /// `Elite`, `Strong`, `Developing` or `Needs Improvement`.
    pub label: String,
    /// Text colour (`#RRGGBB`).
    pub text: String,
    /// Background colour (`#RRGGBB`).
    pub bg: String,
}

/// The composite against the previous period (§4.6). The stored CHECK also allows `new`, which the library
/// never writes (consumers show "new" when `previous_composite` is null).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// composite > previous.
    Up,
    /// composite < previous.
    Down,
    /// Equal, or no previous composite.
    Stable,
}

impl Trend {
    /// The stored value (`up`, `down`, `stable`).
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Up => "up",
            Trend::Down => "down",
            Trend::Stable => "stable",
        }
    }
}

impl fmt::Display for Trend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Cases of one procedure name in a scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureCount {
    /// Procedure name (`Unknown` for cases without a procedure).
    pub name: String,
    /// Scored cases with that name.
    pub count: i64,
}

/// One surgeon's ORbit Score for a period (§5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    /// The surgeon.
    pub surgeon_id: String,
    /// `Dr. ` + last name.
    pub surgeon_name: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Scored cases in the period.
    pub case_count: i64,
    /// Cases per procedure name: count desc, ties in first-appearance order.
    pub procedure_breakdown: Vec<ProcedureCount>,
    /// The names of `procedure_breakdown`, in its order.
    pub procedures: Vec<String>,
    /// Whether on some scheduled date the surgeon's cases used more than one room (NULL counts as a room).
    pub flip_room: bool,
    /// The four pillar scores.
    pub pillars: Pillars,
    /// The weighted composite (§4.5).
    pub composite: i64,
    /// The grade of `composite`.
    pub grade: Grade,
    /// Against the previous period.
    pub trend: Trend,
    /// The previous period's composite, when the surgeon had a scorecard there.
    pub previous_composite: Option<i64>,
    /// Intermediate values, only when requested.
    pub diagnostics: Option<Diagnostics>,
}

/// A surgeon with scored cases but fewer than `min_case_threshold` of them (no scorecard).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsufficientSurgeon {
    /// The surgeon.
    pub surgeon_id: String,
    /// `Dr. ` + last name.
    pub surgeon_name: String,
    /// Scored cases in the period (≥ 1).
    pub case_count: i64,
}

/// The score of a facility's surgeons for one period (`compute_orbit_scores`, §5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrbitScores {
    /// Scorecards by composite desc, then last name, first name, surgeon id.
    pub scorecards: Vec<Scorecard>,
    /// Surgeons below the threshold, by case count desc, then last name, first name, surgeon id.
    pub insufficient: Vec<InsufficientSurgeon>,
}

// ─── Diagnostics (§5) ────────────────────────────────────────────────────────────────────────────────────────

/// All pillars' intermediate values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostics {
    /// Profitability.
    pub profitability: ProfitabilityDiagnostics,
    /// Consistency.
    pub consistency: ConsistencyDiagnostics,
    /// Schedule Adherence.
    pub sched_adherence: AdherenceDiagnostics,
    /// Availability.
    pub availability: AvailabilityDiagnostics,
}

/// One procedure cohort of the surgeon in the Profitability pillar (values rounded to 2 dp).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfitabilityCohort {
    /// The procedure.
    pub procedure_id: String,
    /// Its name.
    pub procedure_name: String,
    /// The surgeon's median dollars per OR minute (0 when skipped).
    pub surgeon_median_mpm: f64,
    /// Median of the peers' values (0 when skipped).
    pub cohort_median: f64,
    /// Raw MAD of the peers' values (0 when skipped).
    pub cohort_mad: f64,
    /// max(cohort MAD, 5 % of |cohort median|) (0 when skipped).
    pub effective_mad: f64,
    /// Number of peers (0 when skipped).
    pub cohort_size: i64,
    /// The surgeon's MPM values in the procedure.
    pub valid_cases: i64,
    /// The surgeon's scored cases in the procedure.
    pub total_cases: i64,
    /// The cohort's integer score (0 when skipped).
    pub raw_score: i64,
    /// Why the cohort was not scored.
    pub skipped_reason: Option<String>,
}

/// One procedure cohort of the surgeon in the Consistency pillar (values rounded to 3 dp).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsistencyCohort {
    /// The procedure.
    pub procedure_id: String,
    /// Its name.
    pub procedure_name: String,
    /// The surgeon's coefficient of variation of durations (0 when skipped).
    pub surgeon_cv: f64,
    /// Median of the peers' CVs (0 when skipped).
    pub cohort_median: f64,
    /// Raw MAD of the peers' CVs (0 when skipped).
    pub cohort_mad: f64,
    /// max(cohort MAD, 5 % of |cohort median|, 0.01) (0 when skipped).
    pub effective_mad: f64,
    /// Number of peers (0 when skipped).
    pub cohort_size: i64,
    /// The surgeon's durations in the procedure.
    pub valid_cases: i64,
    /// The cohort's integer score (0 when skipped).
    pub raw_score: i64,
    /// Why the cohort was not scored.
    pub skipped_reason: Option<String>,
}

/// Profitability intermediate values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfitabilityDiagnostics {
    /// The surgeon's procedure cohorts in first-appearance order (skipped ones included).
    pub procedure_cohorts: Vec<ProfitabilityCohort>,
    /// The pillar score.
    pub final_score: i64,
    /// `single cohort`, `volume-weighted across {k} cohorts` or `default (no valid procedure cohorts)`.
    pub method: String,
}

/// Consistency intermediate values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsistencyDiagnostics {
    /// The surgeon's procedure cohorts in first-appearance order (skipped ones included).
    pub procedure_cohorts: Vec<ConsistencyCohort>,
    /// The pillar score.
    pub final_score: i64,
    /// `single cohort`, `volume-weighted across {k} cohorts` or `default (no valid procedure cohorts)`.
    pub method: String,
}

/// Schedule Adherence intermediate values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdherenceDiagnostics {
    /// Cases with an actual start and a scheduled start.
    pub total_cases_scored: i64,
    /// Mean case score, 3 dp (0 when none).
    pub avg_case_score: f64,
    /// Cases scoring exactly 1.0 (early starts included).
    pub cases_within_grace: i64,
    /// Cases scoring 0.0.
    pub cases_at_zero: i64,
    /// The pillar score.
    pub final_score: i64,
}

/// Availability intermediate values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityDiagnostics {
    /// Cases with a prep→incision gap.
    pub gap_cases_scored: i64,
    /// Mean gap case score, 3 dp (0 when none).
    pub avg_gap_score: f64,
    /// Delay flags per 100 scored cases, 1 dp.
    pub delay_rate: f64,
    /// The gap sub-score.
    pub gap_pillar_score: i64,
    /// The delay sub-score.
    pub delay_pillar_score: i64,
    /// The pillar score.
    pub final_score: i64,
}

// ─── Facility score (§8) ─────────────────────────────────────────────────────────────────────────────────────

/// The four KPI components of the facility score, each JS-rounded × 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FacilityComponents {
    /// clamp(utilization % / 100, 0, 1) × 100.
    pub utilization: i64,
    /// clamp(1 − median turnover / 60, 0, 1) × 100.
    pub turnover: i64,
    /// clamp(FCOTS % / 100, 0, 1) × 100.
    pub fcots: i64,
    /// clamp(1 − cancellation % / 100, 0, 1) × 100.
    pub cancellation: i64,
}

/// The facility-level score (§8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacilityScore {
    /// 0..=100.
    pub score: i64,
    /// The §4.5 grade of `score`.
    pub grade: Grade,
    /// The components.
    pub components: FacilityComponents,
}

// ─── Improvement plan (§9) ───────────────────────────────────────────────────────────────────────────────────

/// Parameters of the improvement plan (§9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanConfig {
    /// Dollars per OR minute ([`DEFAULT_OR_COST_PER_MINUTE`]; finite, ≥ 0).
    pub or_cost_per_minute: f64,
    /// Scoring periods per year ([`DEFAULT_ANNUAL_CASE_MULTIPLIER`]; [`ANNUAL_CASE_MULTIPLIER_RANGE`]).
    pub annual_case_multiplier: i64,
    /// Pillars below this score get a recommendation ([`DEFAULT_IMPROVEMENT_THRESHOLD`]; 0..=100).
    pub improvement_threshold: i64,
}

/// Default of [`PlanConfig::or_cost_per_minute`].
pub const DEFAULT_OR_COST_PER_MINUTE: f64 = 60.0;
/// Default of [`PlanConfig::annual_case_multiplier`] (quarterly periods).
pub const DEFAULT_ANNUAL_CASE_MULTIPLIER: i64 = 4;
/// Default of [`PlanConfig::improvement_threshold`] (the B grade).
pub const DEFAULT_IMPROVEMENT_THRESHOLD: i64 = 65;
/// Allowed [`PlanConfig::annual_case_multiplier`]: a period lasts at least one day.
pub const ANNUAL_CASE_MULTIPLIER_RANGE: RangeInclusive<i64> = 1..=366;
/// Allowed [`PlanConfig::improvement_threshold`].
pub const IMPROVEMENT_THRESHOLD_RANGE: RangeInclusive<i64> = 0..=100;

impl Default for PlanConfig {
    /// $60 per minute, quarterly periods, threshold 65.
    fn default() -> Self {
        PlanConfig {
            or_cost_per_minute: DEFAULT_OR_COST_PER_MINUTE,
            annual_case_multiplier: DEFAULT_ANNUAL_CASE_MULTIPLIER,
            improvement_threshold: DEFAULT_IMPROVEMENT_THRESHOLD,
        }
    }
}

impl PlanConfig {
    /// `InvalidInput` for a negative or non-finite cost, or a multiplier or threshold out of range.
    pub fn validate(&self) -> Result<()> {
        if !(self.or_cost_per_minute.is_finite() && self.or_cost_per_minute >= 0.0) {
            return Err(Error::invalid("or_cost_per_minute", "must be a finite number ≥ 0"));
        }
        in_range("annual_case_multiplier", self.annual_case_multiplier, &ANNUAL_CASE_MULTIPLIER_RANGE)?;
        in_range("improvement_threshold", self.improvement_threshold, &IMPROVEMENT_THRESHOLD_RANGE)?;
        Ok(())
    }
}

/// One pillar below the threshold, with what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// The pillar.
    pub pillar: PillarKey,
    /// Its label.
    pub pillar_label: String,
    /// Its colour.
    pub pillar_color: String,
    /// Rank by composite impact, from 1.
    pub priority: i64,
    /// The pillar score.
    pub current_score: i64,
    /// 75 when the score is ≥ 55, else the threshold.
    pub target_score: i64,
    /// JS round((target − score) × weight).
    pub composite_impact: i64,
    /// One line.
    pub headline: String,
    /// A few sentences.
    pub insight: String,
    /// Suggested actions.
    pub actions: Vec<String>,
    /// Estimated OR minutes saved per year.
    pub projected_minutes_saved: i64,
    /// The minutes in hours, 1 dp.
    pub projected_annual_hours: f64,
    /// The minutes at the OR cost per minute.
    pub projected_annual_dollars: i64,
}

/// A pillar at or above the threshold and at least 75.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strength {
    /// The pillar's label.
    pub pillar_label: String,
    /// Its score.
    pub score: i64,
    /// Praise.
    pub message: String,
}

/// A surgeon's improvement plan (§9; computed, never stored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImprovementPlan {
    /// The scorecard's surgeon name.
    pub surgeon_name: String,
    /// The scorecard's composite.
    pub current_composite: i64,
    /// Its grade.
    pub current_grade: Grade,
    /// The composite with every recommended pillar at its target.
    pub projected_composite: i64,
    /// Its grade.
    pub projected_grade: Grade,
    /// Σ hours, 1 dp.
    pub total_projected_hours: f64,
    /// Σ dollars.
    pub total_projected_dollars: i64,
    /// By composite impact desc (ties in pillar order).
    pub recommendations: Vec<Recommendation>,
    /// Pillars worth praising, in pillar order.
    pub strengths: Vec<Strength>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn defaults_match_section_7() {
        let s = ScoreSettings::default();
        assert_eq!(s.start_time_milestone.as_str(), "patient_in");
        assert_eq!(
            (
                s.start_time_grace_minutes,
                s.start_time_floor_minutes,
                s.waiting_on_surgeon_minutes,
                s.waiting_on_surgeon_floor_minutes,
                s.min_procedure_cases,
                s.min_case_threshold
            ),
            (3, 20, 3, 10, 3, 15)
        );
        assert!(s.validate().is_ok());
        let c = PlanConfig::default();
        assert_eq!((c.or_cost_per_minute, c.annual_case_multiplier, c.improvement_threshold), (60.0, 4, 65));
        assert!(c.validate().is_ok());
    }

    #[test]
    fn enums_have_stable_stored_values() {
        for m in StartTimeMilestone::ALL {
            assert_eq!(m.as_str().parse::<StartTimeMilestone>().unwrap(), m);
        }
        assert_eq!("Incision".parse::<StartTimeMilestone>().unwrap_err().kind(), ErrorKind::InvalidInput);
        let keys: Vec<&str> = PillarKey::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(keys, ["profitability", "consistency", "sched_adherence", "availability"]);
        for k in PillarKey::ALL {
            assert_eq!(k.info().key, k);
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for t in [Trend::Up, Trend::Down, Trend::Stable] {
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        assert_eq!(serde_json::to_value(StartTimeMilestone::Incision).unwrap(), "incision");
        let weights = PILLARS.iter().fold(0.0, |acc, p| acc + p.weight);
        assert!((weights - 1.0).abs() < 1e-12);
    }

    #[test]
    fn flat_json_shapes() {
        let period =
            Period::new(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), NaiveDate::from_ymd_opt(2026, 3, 6).unwrap())
                .unwrap();
        assert_eq!(serde_json::to_string(&period).unwrap(), r#"{"start":"2026-03-02","end":"2026-03-06"}"#);
        let case = ScoreCase { id: "c".into(), profit: Some(0.0), ..Default::default() };
        let back: ScoreCase = serde_json::from_value(serde_json::to_value(&case).unwrap()).unwrap();
        assert_eq!(back, case);
        let mut pillars = Pillars { profitability: 1, consistency: 2, sched_adherence: 3, availability: 4 };
        pillars.set(PillarKey::SchedAdherence, 30);
        assert_eq!(pillars.get(PillarKey::SchedAdherence), 30);
        assert_eq!(
            serde_json::to_string(&pillars).unwrap(),
            r#"{"profitability":1,"consistency":2,"sched_adherence":30,"availability":4}"#
        );
    }
}
