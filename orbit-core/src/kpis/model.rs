//! Plain-data inputs and outputs of the operational KPI engine (financials-kpis.md §7–8): one flat row per
//! case, the rooms whose hours form OR-utilization capacity, the KPI settings with their defaults and ranges,
//! the filter, the §7.4 common result shape and one output struct per KPI. No `Connection`.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::scheduling::{BlockOccurrence, RoomAvailability};
use crate::scoring::{FacilityScore, Period};

// ─── Settings (§1.8) ─────────────────────────────────────────────────────────────────────────────────────────

/// Which recorded milestone is a first case's actual start for FCOTS (§8.1 step 3, `fcots_milestone`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FcotsMilestone {
    /// `patient_in` ("wheels-in", the default).
    #[default]
    PatientIn,
    /// `incision`.
    Incision,
}

impl FcotsMilestone {
    /// Every value, in stored order.
    pub const ALL: [FcotsMilestone; 2] = [FcotsMilestone::PatientIn, FcotsMilestone::Incision];

    /// The stored value (`patient_in`, `incision`).
    pub fn as_str(self) -> &'static str {
        match self {
            FcotsMilestone::PatientIn => "patient_in",
            FcotsMilestone::Incision => "incision",
        }
    }

    /// The label FCOTS reports (`wheels-in`, `incision`).
    pub fn label(self) -> &'static str {
        match self {
            FcotsMilestone::PatientIn => "wheels-in",
            FcotsMilestone::Incision => "incision",
        }
    }
}

impl fmt::Display for FcotsMilestone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FcotsMilestone {
    type Err = Error;

    /// Parses a stored value; anything else is `InvalidInput` on `fcots_milestone`.
    fn from_str(s: &str) -> Result<Self> {
        FcotsMilestone::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| Error::invalid("fcots_milestone", "must be one of patient_in, incision"))
    }
}

/// The KPI columns of `facility_analytics_settings` (financials-kpis.md §1.8; data-model.md §3.6). Values are
/// used exactly as stored (no "0 → default" fallbacks); a facility without a settings row uses
/// [`KpiSettings::default`]. The facility's time zone is passed separately ([`KpiInput::tz`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiSettings {
    /// The FCOTS actual-start milestone (§8.1, leaderboard §8.12).
    pub fcots_milestone: FcotsMilestone,
    /// Minutes late a first case may start and still be on time ([`FCOTS_GRACE_MINUTES_RANGE`]).
    pub fcots_grace_minutes: f64,
    /// FCOTS target on-time % ([`PERCENT_RANGE`]).
    pub fcots_target_percent: f64,
    /// A room or flip turnover at most this long is compliant ([`TURNOVER_THRESHOLD_MINUTES_RANGE`]).
    pub turnover_threshold_minutes: f64,
    /// Target % of compliant room / flip turnovers ([`PERCENT_RANGE`]).
    pub turnover_compliance_target_percent: f64,
    /// Same-room surgical turnover target minutes (§8.4; ≥ 0).
    pub turnover_target_same_surgeon: f64,
    /// Flip-room surgical turnover target minutes (§8.4; ≥ 0).
    pub turnover_target_flip_room: f64,
    /// OR utilization target % (§8.5; [`PERCENT_RANGE`]).
    pub utilization_target_percent: f64,
    /// Same-day cancellation rate target % (§8.7; [`PERCENT_RANGE`]).
    pub cancellation_target_percent: f64,
    /// Cumulative tardiness target minutes per day (§8.8; [`TARDINESS_TARGET_MINUTES_RANGE`]).
    pub tardiness_target_minutes: f64,
    /// Non-operative minutes up to which the KPI is green; also its target (§8.9; [`NON_OP_MINUTES_RANGE`]).
    pub non_op_warn_minutes: f64,
    /// Non-operative minutes up to which the KPI is yellow (§8.9; [`NON_OP_MINUTES_RANGE`]).
    pub non_op_bad_minutes: f64,
    /// Combined idle target minutes (§8.10; [`IDLE_TARGET_MINUTES_RANGE`]).
    pub idle_combined_target_minutes: f64,
    /// Flip idle target minutes (§8.10; [`IDLE_TARGET_MINUTES_RANGE`]).
    pub idle_flip_target_minutes: f64,
    /// Same-room idle target minutes (§8.10; [`IDLE_TARGET_MINUTES_RANGE`]).
    pub idle_same_room_target_minutes: f64,
    /// Minutes past the expected end before a room counts as running behind (§8.14;
    /// [`BEHIND_SCHEDULE_GRACE_MINUTES_RANGE`]).
    pub behind_schedule_grace_minutes: i64,
}

/// Default of [`KpiSettings::fcots_milestone`]: `patient_in`.
pub const DEFAULT_FCOTS_MILESTONE: FcotsMilestone = FcotsMilestone::PatientIn;
/// Default of [`KpiSettings::fcots_grace_minutes`].
pub const DEFAULT_FCOTS_GRACE_MINUTES: f64 = 2.0;
/// Default of [`KpiSettings::fcots_target_percent`].
pub const DEFAULT_FCOTS_TARGET_PERCENT: f64 = 85.0;
/// Default of [`KpiSettings::turnover_threshold_minutes`].
pub const DEFAULT_TURNOVER_THRESHOLD_MINUTES: f64 = 30.0;
/// Default of [`KpiSettings::turnover_compliance_target_percent`].
pub const DEFAULT_TURNOVER_COMPLIANCE_TARGET_PERCENT: f64 = 80.0;
/// Default of [`KpiSettings::turnover_target_same_surgeon`] (the template's stale 30 is not used).
pub const DEFAULT_TURNOVER_TARGET_SAME_SURGEON: f64 = 45.0;
/// Default of [`KpiSettings::turnover_target_flip_room`].
pub const DEFAULT_TURNOVER_TARGET_FLIP_ROOM: f64 = 15.0;
/// Default of [`KpiSettings::utilization_target_percent`].
pub const DEFAULT_UTILIZATION_TARGET_PERCENT: f64 = 75.0;
/// Default of [`KpiSettings::cancellation_target_percent`].
pub const DEFAULT_CANCELLATION_TARGET_PERCENT: f64 = 5.0;
/// Default of [`KpiSettings::tardiness_target_minutes`].
pub const DEFAULT_TARDINESS_TARGET_MINUTES: f64 = 45.0;
/// Default of [`KpiSettings::non_op_warn_minutes`].
pub const DEFAULT_NON_OP_WARN_MINUTES: f64 = 20.0;
/// Default of [`KpiSettings::non_op_bad_minutes`].
pub const DEFAULT_NON_OP_BAD_MINUTES: f64 = 30.0;
/// Default of [`KpiSettings::idle_combined_target_minutes`].
pub const DEFAULT_IDLE_COMBINED_TARGET_MINUTES: f64 = 10.0;
/// Default of [`KpiSettings::idle_flip_target_minutes`].
pub const DEFAULT_IDLE_FLIP_TARGET_MINUTES: f64 = 5.0;
/// Default of [`KpiSettings::idle_same_room_target_minutes`].
pub const DEFAULT_IDLE_SAME_ROOM_TARGET_MINUTES: f64 = 10.0;
/// Default of [`KpiSettings::behind_schedule_grace_minutes`].
pub const DEFAULT_BEHIND_SCHEDULE_GRACE_MINUTES: i64 = 15;

/// Allowed percentages (inclusive): the FCOTS, compliance, utilization and cancellation targets.
pub const PERCENT_RANGE: RangeInclusive<f64> = 0.0..=100.0;
/// Allowed [`KpiSettings::fcots_grace_minutes`] (inclusive).
pub const FCOTS_GRACE_MINUTES_RANGE: RangeInclusive<f64> = 0.0..=30.0;
/// Allowed [`KpiSettings::turnover_threshold_minutes`] (inclusive).
pub const TURNOVER_THRESHOLD_MINUTES_RANGE: RangeInclusive<f64> = 5.0..=120.0;
/// Allowed surgical turnover targets (inclusive; the column CHECK is only ≥ 0).
pub const TURNOVER_TARGET_RANGE: RangeInclusive<f64> = 0.0..=f64::MAX;
/// Allowed [`KpiSettings::tardiness_target_minutes`] (inclusive).
pub const TARDINESS_TARGET_MINUTES_RANGE: RangeInclusive<f64> = 5.0..=120.0;
/// Allowed non-operative thresholds (inclusive).
pub const NON_OP_MINUTES_RANGE: RangeInclusive<f64> = 5.0..=120.0;
/// Allowed idle targets (inclusive).
pub const IDLE_TARGET_MINUTES_RANGE: RangeInclusive<f64> = 1.0..=60.0;
/// Allowed [`KpiSettings::behind_schedule_grace_minutes`] (inclusive).
pub const BEHIND_SCHEDULE_GRACE_MINUTES_RANGE: RangeInclusive<i64> = 0..=60;

impl Default for KpiSettings {
    /// The column defaults of §1.8 (also the values of `analytics_settings_template`).
    fn default() -> Self {
        KpiSettings {
            fcots_milestone: DEFAULT_FCOTS_MILESTONE,
            fcots_grace_minutes: DEFAULT_FCOTS_GRACE_MINUTES,
            fcots_target_percent: DEFAULT_FCOTS_TARGET_PERCENT,
            turnover_threshold_minutes: DEFAULT_TURNOVER_THRESHOLD_MINUTES,
            turnover_compliance_target_percent: DEFAULT_TURNOVER_COMPLIANCE_TARGET_PERCENT,
            turnover_target_same_surgeon: DEFAULT_TURNOVER_TARGET_SAME_SURGEON,
            turnover_target_flip_room: DEFAULT_TURNOVER_TARGET_FLIP_ROOM,
            utilization_target_percent: DEFAULT_UTILIZATION_TARGET_PERCENT,
            cancellation_target_percent: DEFAULT_CANCELLATION_TARGET_PERCENT,
            tardiness_target_minutes: DEFAULT_TARDINESS_TARGET_MINUTES,
            non_op_warn_minutes: DEFAULT_NON_OP_WARN_MINUTES,
            non_op_bad_minutes: DEFAULT_NON_OP_BAD_MINUTES,
            idle_combined_target_minutes: DEFAULT_IDLE_COMBINED_TARGET_MINUTES,
            idle_flip_target_minutes: DEFAULT_IDLE_FLIP_TARGET_MINUTES,
            idle_same_room_target_minutes: DEFAULT_IDLE_SAME_ROOM_TARGET_MINUTES,
            behind_schedule_grace_minutes: DEFAULT_BEHIND_SCHEDULE_GRACE_MINUTES,
        }
    }
}

/// `InvalidInput` on `param` unless `value` is finite and lies in `range`.
fn real_in(param: &str, value: f64, range: &RangeInclusive<f64>) -> Result<()> {
    if value.is_finite() && range.contains(&value) {
        Ok(())
    } else if *range.end() == f64::MAX {
        Err(Error::invalid(param, format!("must be a finite number ≥ {}", range.start())))
    } else {
        Err(Error::invalid(param, format!("must be between {} and {}", range.start(), range.end())))
    }
}

impl KpiSettings {
    /// Checks every field against its column CHECK (`InvalidInput` naming the first field out of range).
    pub fn validate(&self) -> Result<()> {
        real_in("fcots_grace_minutes", self.fcots_grace_minutes, &FCOTS_GRACE_MINUTES_RANGE)?;
        real_in("fcots_target_percent", self.fcots_target_percent, &PERCENT_RANGE)?;
        real_in("turnover_threshold_minutes", self.turnover_threshold_minutes, &TURNOVER_THRESHOLD_MINUTES_RANGE)?;
        real_in("turnover_compliance_target_percent", self.turnover_compliance_target_percent, &PERCENT_RANGE)?;
        real_in("turnover_target_same_surgeon", self.turnover_target_same_surgeon, &TURNOVER_TARGET_RANGE)?;
        real_in("turnover_target_flip_room", self.turnover_target_flip_room, &TURNOVER_TARGET_RANGE)?;
        real_in("utilization_target_percent", self.utilization_target_percent, &PERCENT_RANGE)?;
        real_in("cancellation_target_percent", self.cancellation_target_percent, &PERCENT_RANGE)?;
        real_in("tardiness_target_minutes", self.tardiness_target_minutes, &TARDINESS_TARGET_MINUTES_RANGE)?;
        real_in("non_op_warn_minutes", self.non_op_warn_minutes, &NON_OP_MINUTES_RANGE)?;
        real_in("non_op_bad_minutes", self.non_op_bad_minutes, &NON_OP_MINUTES_RANGE)?;
        real_in("idle_combined_target_minutes", self.idle_combined_target_minutes, &IDLE_TARGET_MINUTES_RANGE)?;
        real_in("idle_flip_target_minutes", self.idle_flip_target_minutes, &IDLE_TARGET_MINUTES_RANGE)?;
        real_in("idle_same_room_target_minutes", self.idle_same_room_target_minutes, &IDLE_TARGET_MINUTES_RANGE)?;
        if !BEHIND_SCHEDULE_GRACE_MINUTES_RANGE.contains(&self.behind_schedule_grace_minutes) {
            return Err(Error::invalid("behind_schedule_grace_minutes", "must be between 0 and 60"));
        }
        Ok(())
    }
}

// ─── Inputs (§7.1–7.3) ───────────────────────────────────────────────────────────────────────────────────────

/// The status name of a cancelled case.
pub const STATUS_CANCELLED: &str = "cancelled";
/// The status name of a completed case (leaderboard, §8.12).
pub const STATUS_COMPLETED: &str = "completed";
/// The status name of a case in progress (rooms running behind, §8.14).
pub const STATUS_IN_PROGRESS: &str = "in_progress";

/// Who finishes a case for the surgeon (`users.closing_workflow`, §7.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosingWorkflow {
    /// The surgeon closes: done at closing_complete, else closing (the default).
    #[default]
    SurgeonCloses,
    /// A PA closes: done at closing + `closing_handoff_minutes`.
    PaCloses,
}

impl ClosingWorkflow {
    /// Every value, in stored order.
    pub const ALL: [ClosingWorkflow; 2] = [ClosingWorkflow::SurgeonCloses, ClosingWorkflow::PaCloses];

    /// The stored value (`surgeon_closes`, `pa_closes`).
    pub fn as_str(self) -> &'static str {
        match self {
            ClosingWorkflow::SurgeonCloses => "surgeon_closes",
            ClosingWorkflow::PaCloses => "pa_closes",
        }
    }
}

impl fmt::Display for ClosingWorkflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ClosingWorkflow {
    type Err = Error;

    /// Parses a stored value; anything else is `InvalidInput` on `closing_workflow`.
    fn from_str(s: &str) -> Result<Self> {
        ClosingWorkflow::ALL
            .into_iter()
            .find(|w| w.as_str() == s)
            .ok_or_else(|| Error::invalid("closing_workflow", "must be one of surgeon_closes, pa_closes"))
    }
}

/// The milestone names of the §7.2 map, in [`KpiCase`] field order.
pub const MILESTONE_NAMES: [&str; 10] = [
    "patient_in",
    "anes_start",
    "anes_end",
    "prep_drape_complete",
    "incision",
    "closing",
    "closing_complete",
    "surgeon_left",
    "patient_out",
    "room_cleaned",
];

/// One case of the facility, flat so a loader fills it from one SQL row (cases ⋈ users ⋈ or_rooms ⋈
/// procedure_types ⋈ case_statuses, plus the recorded milestones pivoted by facility-milestone name).
///
/// The loader may pass every case of the facility whose `scheduled_date` lies in the current or previous
/// period, in any order: the engine itself drops drafts and excluded cases (§7.1), keeps each period's cases
/// by `scheduled_date`, removes cancelled cases from every timeline KPI and sorts with explicit tie-breaks.
/// Milestone instants are UTC epoch ms of the recorded (non-NULL) rows; an unrecorded milestone is `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KpiCase {
    /// Case id (last tie-break everywhere).
    pub id: String,
    /// Case number (tie-break before the id).
    pub case_number: String,
    /// Facility-local scheduled date.
    pub scheduled_date: NaiveDate,
    /// Facility-local scheduled start `HH:MM[:SS]`; seconds are ignored for the scheduled instant. A value
    /// whose hour and minute do not parse is treated as missing.
    pub start_time: Option<String>,
    /// The case status name (`scheduled`, `in_progress`, `completed`, `delayed`, `on_hold`, `cancelled`).
    pub status: String,
    /// `cases.is_draft`: drafts are never in the KPI set.
    pub is_draft: bool,
    /// `cases.is_excluded_from_metrics`: excluded cases are never in the KPI set.
    pub is_excluded: bool,
    /// The OR room.
    pub or_room_id: Option<String>,
    /// `or_rooms.name` (display and the FCOTS detail order).
    pub room_name: Option<String>,
    /// `or_rooms.display_order` (room tie-breaks, §0.2); 0 without a room.
    pub room_display_order: i64,
    /// The surgeon.
    pub surgeon_id: Option<String>,
    /// Surgeon first name.
    pub surgeon_first_name: Option<String>,
    /// Surgeon last name (shown as `Dr. <last>`).
    pub surgeon_last_name: Option<String>,
    /// The surgeon's `closing_workflow` (the default without a surgeon).
    pub closing_workflow: ClosingWorkflow,
    /// The surgeon's `closing_handoff_minutes` (`pa_closes` only).
    pub closing_handoff_minutes: i64,
    /// The procedure type.
    pub procedure_type_id: Option<String>,
    /// `procedure_types.name`.
    pub procedure_name: Option<String>,
    /// Expected minutes: the active `surgeon_procedure_duration` of (surgeon, procedure), else
    /// `procedure_types.expected_duration_minutes` (`COALESCE` of the two); `None` when neither exists.
    pub expected_duration_minutes: Option<f64>,
    /// `patient_in` ("wheels-in").
    pub patient_in: Option<Millis>,
    /// `anes_start`.
    pub anes_start: Option<Millis>,
    /// `anes_end`.
    pub anes_end: Option<Millis>,
    /// `prep_drape_complete`.
    pub prep_drape_complete: Option<Millis>,
    /// `incision`.
    pub incision: Option<Millis>,
    /// `closing`.
    pub closing: Option<Millis>,
    /// `closing_complete`.
    pub closing_complete: Option<Millis>,
    /// A recorded `surgeon_left` milestone (when the facility has one); see [`KpiCase::surgeon_left_at`].
    pub surgeon_left: Option<Millis>,
    /// `patient_out` ("wheels-out").
    pub patient_out: Option<Millis>,
    /// `room_cleaned`.
    pub room_cleaned: Option<Millis>,
    /// `cases.surgeon_left_at`: supplies `surgeon_left` when no milestone of that name is recorded (§7.2).
    pub surgeon_left_at: Option<Millis>,
    /// `cases.cancelled_at` (§8.7).
    pub cancelled_at: Option<Millis>,
}

impl KpiCase {
    /// Whether the status is `cancelled`.
    pub fn is_cancelled(&self) -> bool {
        self.status == STATUS_CANCELLED
    }

    /// The §7.2 milestone map: the recorded instant of a milestone name ([`MILESTONE_NAMES`]); `surgeon_left`
    /// falls back to [`KpiCase::surgeon_left_at`]. Unknown names are `None`.
    pub fn milestone(&self, name: &str) -> Option<Millis> {
        match name {
            "patient_in" => self.patient_in,
            "anes_start" => self.anes_start,
            "anes_end" => self.anes_end,
            "prep_drape_complete" => self.prep_drape_complete,
            "incision" => self.incision,
            "closing" => self.closing,
            "closing_complete" => self.closing_complete,
            "surgeon_left" => self.surgeon_left.or(self.surgeon_left_at),
            "patient_out" => self.patient_out,
            "room_cleaned" => self.room_cleaned,
            _ => None,
        }
    }

    /// Records `at` for a milestone name of [`MILESTONE_NAMES`] (for loaders reading one row per milestone);
    /// returns false, changing nothing, for any other name.
    pub fn set_milestone(&mut self, name: &str, at: Option<Millis>) -> bool {
        let slot = match name {
            "patient_in" => &mut self.patient_in,
            "anes_start" => &mut self.anes_start,
            "anes_end" => &mut self.anes_end,
            "prep_drape_complete" => &mut self.prep_drape_complete,
            "incision" => &mut self.incision,
            "closing" => &mut self.closing,
            "closing_complete" => &mut self.closing_complete,
            "surgeon_left" => &mut self.surgeon_left,
            "patient_out" => &mut self.patient_out,
            "room_cleaned" => &mut self.room_cleaned,
            _ => return false,
        };
        *slot = at;
        true
    }
}

/// A room of the facility for OR-utilization capacity (§8.5), flat from `or_rooms`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KpiRoom {
    /// Room id.
    pub id: String,
    /// Room name.
    pub name: String,
    /// `display_order`.
    pub display_order: i64,
    /// `or_rooms.available_hours` (the legacy daily capacity; NOT NULL, > 0).
    pub available_hours: f64,
    /// `is_active = 1 AND deleted_at IS NULL`: such rooms always form capacity; others only when they had a
    /// case in the period.
    pub is_active: bool,
    /// Whether the room has at least one `room_schedules` row (`EXISTS`): reported as `using_real_hours`.
    pub has_saved_week: bool,
}

/// The daily capacity of one room in an OR-utilization computation: the §8.5 derivation from
/// [`KpiRoom`] ([`crate::kpis::room_capacities`]), or any other source a caller computes (the extension point
/// for schedule-based capacity, §8.13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomCapacity {
    /// Room id.
    pub room_id: String,
    /// Room name.
    pub room_name: String,
    /// `display_order`.
    pub display_order: i64,
    /// Hours per day, as reported.
    pub available_hours: f64,
    /// Minutes per operating day used in every ratio (`available_hours × 60` in §8.5).
    pub available_minutes_per_day: f64,
    /// Whether the hours come from a saved week.
    pub using_real_hours: bool,
}

/// Optional filters of §7.1: they select which results are reported, never a timeline. `None` = no filter;
/// `Some(ids)` keeps a subject whose id is in the list (a subject without that attribute fails).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiFilter {
    /// Surgeon ids.
    pub surgeon_ids: Option<Vec<String>>,
    /// Room ids (also restricts OR-utilization capacity).
    pub room_ids: Option<Vec<String>>,
    /// Procedure type ids.
    pub procedure_ids: Option<Vec<String>>,
}

impl KpiFilter {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.surgeon_ids.is_none() && self.room_ids.is_none() && self.procedure_ids.is_none()
    }

    /// Whether a room id passes the room filter.
    pub fn passes_room(&self, room_id: Option<&str>) -> bool {
        passes(&self.room_ids, room_id)
    }

    /// Whether a surgeon id passes the surgeon filter.
    pub fn passes_surgeon(&self, surgeon_id: Option<&str>) -> bool {
        passes(&self.surgeon_ids, surgeon_id)
    }

    /// Whether a case passes every filter (surgeon, room, procedure).
    pub fn passes(&self, c: &KpiCase) -> bool {
        passes(&self.surgeon_ids, c.surgeon_id.as_deref())
            && passes(&self.room_ids, c.or_room_id.as_deref())
            && passes(&self.procedure_ids, c.procedure_type_id.as_deref())
    }
}

fn passes(ids: &Option<Vec<String>>, id: Option<&str>) -> bool {
    match ids {
        None => true,
        Some(ids) => id.is_some_and(|id| ids.iter().any(|x| x == id)),
    }
}

/// Everything a period KPI reads besides the rooms: the case rows, settings, zone, periods and filter.
#[derive(Debug, Clone)]
pub struct KpiInput<'a> {
    /// Case rows covering at least `previous` and `period` (others are ignored).
    pub cases: &'a [KpiCase],
    /// The facility's KPI settings.
    pub settings: &'a KpiSettings,
    /// The facility's time zone.
    pub tz: Tz,
    /// The reported period.
    pub period: Period,
    /// The period deltas compare with (§7.1; [`KpiInput::new`] uses [`Period::previous`]).
    pub previous: Period,
    /// Filters.
    pub filter: KpiFilter,
}

impl<'a> KpiInput<'a> {
    /// The input for `period` with the default previous period (same length, immediately before) and no
    /// filter.
    pub fn new(cases: &'a [KpiCase], settings: &'a KpiSettings, tz: Tz, period: Period) -> Self {
        KpiInput { cases, settings, tz, period, previous: period.previous(), filter: KpiFilter::default() }
    }

    /// The same input with a caller-supplied previous period.
    pub fn with_previous(mut self, previous: Period) -> Self {
        self.previous = previous;
        self
    }

    /// The same input with filters.
    pub fn with_filter(mut self, filter: KpiFilter) -> Self {
        self.filter = filter;
        self
    }
}

// ─── Common result shape (§7.4) ──────────────────────────────────────────────────────────────────────────────

/// Whether a larger KPI value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better (FCOTS, utilization, volume).
    HigherIsBetter,
    /// Lower is better (turnovers, cancellations, tardiness, non-op, idle, case time).
    LowerIsBetter,
}

/// The change against the previous period; `increase` always means an improvement (§7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeltaType {
    /// Improved.
    Increase,
    /// Worsened.
    Decrease,
    /// Rounds to no change.
    Unchanged,
}

/// A traffic-light colour (daily points, non-operative status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiColor {
    /// On target.
    Green,
    /// Near the target.
    Yellow,
    /// Off target.
    Red,
}

/// `kpi_status` of §7.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiStatus {
    /// ratio ≥ 1.
    Good,
    /// ratio ≥ 0.7.
    Warn,
    /// Otherwise.
    Bad,
}

/// One point of a daily tracker (§7.4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DailyPoint {
    /// Facility-local date.
    pub date: NaiveDate,
    /// The day's unrounded value (D-K1).
    pub numeric_value: f64,
    /// The day's colour.
    pub color: KpiColor,
}

/// The §7.4 fields every KPI with a target returns (flattened into the KPI's output when serialized).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiResult {
    /// The reported value (rounded as the KPI states).
    pub value: f64,
    /// The target from the settings.
    pub target: f64,
    /// Whether the target is met (by the KPI's own rule).
    pub target_met: bool,
    /// The previous period's reported value.
    pub previous_value: f64,
    /// |round_js((value − previous) / previous × 100)|; `None` when the previous value is 0.
    pub delta: Option<f64>,
    /// Direction of the change (flipped for lower-is-better KPIs); `None` with `delta`.
    pub delta_type: Option<DeltaType>,
    /// Up to the last 30 dates with data, ascending.
    pub daily: Vec<DailyPoint>,
}

// ─── 8.1 FCOTS ───────────────────────────────────────────────────────────────────────────────────────────────

/// A room-day's first case (§8.1 step 6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FcotsDetail {
    /// Case id.
    pub case_id: String,
    /// Case number.
    pub case_number: String,
    /// Scheduled date.
    pub date: NaiveDate,
    /// Room id.
    pub room_id: String,
    /// Room name.
    pub room_name: Option<String>,
    /// Surgeon id.
    pub surgeon_id: Option<String>,
    /// `Dr. <last>`.
    pub surgeon_name: Option<String>,
    /// Scheduled start, local `HH:MM`.
    pub scheduled_start: String,
    /// Actual start (the FCOTS milestone), local `HH:MM`.
    pub actual_start: String,
    /// max(0, delay) in unrounded minutes.
    pub delay_minutes: f64,
    /// delay ≤ grace.
    pub is_on_time: bool,
}

/// First case on-time start (§8.1; higher is better).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fcots {
    /// value = round_js(on-time %), 0 without first cases; target_met = value ≥ target.
    #[serde(flatten)]
    pub result: KpiResult,
    /// First cases on time.
    pub on_time_count: i64,
    /// First cases late.
    pub late_count: i64,
    /// Room-days counted (first cases with an actual start).
    pub first_case_count: i64,
    /// `wheels-in` or `incision`.
    pub milestone_label: String,
    /// The grace minutes used.
    pub grace_minutes: f64,
    /// One row per counted first case, by date, room name, room id.
    pub details: Vec<FcotsDetail>,
}

// ─── 8.2 / 8.3 Room and flip-room turnover ───────────────────────────────────────────────────────────────────

/// One kept turnover (§8.2 step 4, §8.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnoverDetail {
    /// Scheduled date.
    pub date: NaiveDate,
    /// The room of the turnover (flip: the destination room).
    pub room_id: String,
    /// Its name.
    pub room_name: Option<String>,
    /// Flip only: the room of the surgeon's previous case.
    pub origin_room_id: Option<String>,
    /// Flip only: that room's name.
    pub origin_room_name: Option<String>,
    /// The outgoing case (the room predecessor).
    pub from_case_id: String,
    /// Its number.
    pub from_case_number: String,
    /// Its surgeon, `Dr. <last>`.
    pub from_surgeon_name: Option<String>,
    /// The incoming case.
    pub to_case_id: String,
    /// Its number.
    pub to_case_number: String,
    /// Its surgeon, `Dr. <last>`.
    pub to_surgeon_name: Option<String>,
    /// round_js(t).
    pub turnover_minutes: f64,
    /// t ≤ turnover_threshold_minutes (unrounded t).
    pub is_compliant: bool,
}

/// Same-room (§8.2) or flip-room (§8.3) turnover (lower is better).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomTurnover {
    /// value = round_js(median t), 0 when none; target = compliance target; target_met = compliance ≥ target.
    /// Daily: per-date median against the threshold.
    #[serde(flatten)]
    pub result: KpiResult,
    /// The unrounded median; `None` when there is no turnover.
    pub median_minutes: Option<f64>,
    /// round_js(% of turnovers ≤ threshold), 0 when none.
    pub compliance_percent: f64,
    /// turnover_threshold_minutes.
    pub threshold_minutes: f64,
    /// Turnovers ≤ threshold.
    pub compliant_count: i64,
    /// Turnovers > threshold.
    pub non_compliant_count: i64,
    /// Kept turnovers by date, room (display_order, name, id), then timeline position.
    pub details: Vec<TurnoverDetail>,
}

// ─── 8.4 Surgical turnover split ─────────────────────────────────────────────────────────────────────────────

/// Whether consecutive cases of a surgeon stay in one room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoomChange {
    /// Same room.
    SameRoom,
    /// Different rooms (both known).
    Flip,
}

/// One surgeon transition of §8.4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurgicalTransition {
    /// Scheduled date.
    pub date: NaiveDate,
    /// Surgeon id.
    pub surgeon_id: String,
    /// `Dr. <last>`.
    pub surgeon_name: String,
    /// Case A.
    pub from_case_id: String,
    /// Case A's number.
    pub from_case_number: String,
    /// Case A's room.
    pub from_room_id: String,
    /// Case B.
    pub to_case_id: String,
    /// Case B's number.
    pub to_case_number: String,
    /// Case B's room.
    pub to_room_id: String,
    /// max(0, minutes(done(A) → B.incision)), unrounded.
    pub minutes: f64,
    /// Same room or flip.
    pub kind: RoomChange,
}

/// One kind of §8.4 surgical turnover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurgicalTurnoverKind {
    /// value = round_js(median), 0 when none; target_met = unrounded median ≤ target (true when none).
    /// Daily: per-date medians.
    #[serde(flatten)]
    pub result: KpiResult,
    /// Unrounded median; `None` when none.
    pub median_minutes: Option<f64>,
    /// round_js(% of t ≤ target), 0 when none.
    pub compliance_percent: f64,
    /// Transitions of this kind.
    pub count: i64,
}

/// Surgical turnover split (§8.4; lower is better).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurgicalTurnover {
    /// Same-room transitions (target `turnover_target_same_surgeon`).
    pub same_room: SurgicalTurnoverKind,
    /// Flip transitions (target `turnover_target_flip_room`).
    pub flip_room: SurgicalTurnoverKind,
    /// Both kinds.
    pub total_transitions: i64,
    /// Every kept transition by date, surgeon (last, first, id), B's incision.
    pub details: Vec<SurgicalTransition>,
}

// ─── 8.5 OR utilization ──────────────────────────────────────────────────────────────────────────────────────

/// One room of §8.5 step 5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomUtilization {
    /// Room id.
    pub room_id: String,
    /// Room name.
    pub room_name: String,
    /// `display_order`.
    pub display_order: i64,
    /// round_js(mean of room-day %), each room-day capped at 150.
    pub utilization: f64,
    /// round_js(Σ minutes).
    pub used_minutes: f64,
    /// Counted cases in the room.
    pub case_count: i64,
    /// Dates with counted cases.
    pub days_active: i64,
    /// Hours per day.
    pub available_hours: f64,
    /// Whether the hours come from a saved week.
    pub using_real_hours: bool,
    /// Same-room turnover median (§8.2 rule, unrounded); `None` when none.
    pub turnover_median_minutes: Option<f64>,
    /// Same-room turnovers.
    pub turnover_count: i64,
}

/// OR utilization vs room available hours (§8.5; higher is better, capped).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Utilization {
    /// value = round_js(actual_value); target_met = actual_value ≥ target. Daily: day minutes / available
    /// per day × 100, capped.
    #[serde(flatten)]
    pub result: KpiResult,
    /// min(actual / available × 100, 150), 0 without capacity.
    pub actual_value: f64,
    /// Σ positive patient_in → patient_out minutes.
    pub actual_minutes: f64,
    /// available_per_day × operating_days.
    pub available_minutes: f64,
    /// Σ room minutes per day.
    pub available_minutes_per_day: f64,
    /// Distinct dates of non-cancelled cases (unfiltered), at least 1.
    pub operating_days: i64,
    /// round1(min(Σ expected minutes / available × 100, 150)).
    pub scheduled_value: f64,
    /// Σ expected minutes (> 0) counted by the scheduled variant.
    pub scheduled_minutes: f64,
    /// Rooms forming capacity.
    pub room_count: i64,
    /// Rooms with utilization ≥ target.
    pub rooms_above_target: i64,
    /// Rooms that had counted cases, by utilization ascending (display_order, name, id).
    pub rooms: Vec<RoomUtilization>,
}

// ─── 8.6 Volume ──────────────────────────────────────────────────────────────────────────────────────────────

/// Cases of one week (§8.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyCount {
    /// The Sunday that starts the week (local date).
    pub week_start: NaiveDate,
    /// Cases scheduled in the week.
    pub count: i64,
}

/// Case volume (§8.6; higher is better, no target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseVolume {
    /// Cases in the set (every status, cancelled included).
    pub value: i64,
    /// The previous period's count.
    pub previous_value: i64,
    /// |round_js(% change)| when the previous count > 0.
    pub delta: Option<f64>,
    /// Direction of the change.
    pub delta_type: Option<DeltaType>,
    /// Weeks with cases, ascending.
    pub weekly: Vec<WeeklyCount>,
}

// ─── 8.7 Cancellations ───────────────────────────────────────────────────────────────────────────────────────

/// When a case was cancelled relative to its scheduled date (§8.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancellationTiming {
    /// On the scheduled date (local), or cancelled_at unknown.
    SameDay,
    /// On an earlier local date.
    PriorDay,
    /// On a later local date.
    Other,
}

/// One cancelled case (§8.7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CancellationDetail {
    /// Case id.
    pub case_id: String,
    /// Case number.
    pub case_number: String,
    /// Scheduled date.
    pub date: NaiveDate,
    /// `cancelled_at`.
    pub cancelled_at: Option<Millis>,
    /// Its facility-local date.
    pub cancelled_date: Option<NaiveDate>,
    /// Timing class.
    pub timing: CancellationTiming,
    /// Surgeon, `Dr. <last>`.
    pub surgeon_name: Option<String>,
    /// Room name.
    pub room_name: Option<String>,
}

/// Same-day cancellation rate (§8.7; lower is better).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cancellations {
    /// value = round1(rate) in percent; target_met = rate ≤ target. Daily: numeric value = the day's
    /// same-day count, colour from the day's rate.
    #[serde(flatten)]
    pub result: KpiResult,
    /// Unrounded same_day / total × 100 (0 without cases).
    pub rate: f64,
    /// Same-day cancellations.
    pub same_day_count: i64,
    /// All cancellations.
    pub cancelled_count: i64,
    /// Cases in the set (the denominator).
    pub total_cases: i64,
    /// Cancelled cases by date, case number, id.
    pub details: Vec<CancellationDetail>,
}

// ─── 8.8 Tardiness ───────────────────────────────────────────────────────────────────────────────────────────

/// Cumulative tardiness (§8.8; lower is better).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tardiness {
    /// value = round_js(mean daily Σ positive delays), 0 without measured days; target_met = mean ≤ target.
    /// Daily: the day's sum.
    #[serde(flatten)]
    pub result: KpiResult,
    /// Unrounded mean over measured days.
    pub mean_minutes: f64,
    /// Dates with at least one measured case.
    pub measured_days: i64,
    /// Measured cases.
    pub measured_cases: i64,
    /// Measured cases with a positive delay.
    pub late_cases: i64,
}

// ─── 8.9 Non-operative time ──────────────────────────────────────────────────────────────────────────────────

/// Non-operative time (§8.9; lower is better).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NonOperative {
    /// value = round_js(mean non_op), 0 without cases; target = warn; target_met = mean ≤ warn. Daily colours
    /// use the warn and bad thresholds.
    #[serde(flatten)]
    pub result: KpiResult,
    /// Unrounded mean non_op.
    pub mean_minutes: f64,
    /// Unrounded mean pre (patient_in → incision).
    pub mean_pre_minutes: f64,
    /// Unrounded mean post (closing_complete → patient_out, 0 when missing or negative).
    pub mean_post_minutes: f64,
    /// round_js(mean non_op / mean total × 100), 0 without a total.
    pub share_percent: f64,
    /// Green ≤ warn, yellow ≤ bad, else red (of the unrounded mean).
    pub status: KpiColor,
    /// non_op_warn_minutes.
    pub warn_minutes: f64,
    /// non_op_bad_minutes.
    pub bad_minutes: f64,
    /// Cases measured.
    pub case_count: i64,
}

// ─── 8.10 Idle time ──────────────────────────────────────────────────────────────────────────────────────────

/// A surgeon reference (sorted by last name, first name, id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurgeonRef {
    /// Surgeon id.
    pub surgeon_id: String,
    /// `Dr. <last>`.
    pub surgeon_name: String,
}

/// A case of an idle surgeon-day (§8.10 step 4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdleCase {
    /// Case id.
    pub case_id: String,
    /// Case number.
    pub case_number: String,
    /// Room id.
    pub room_id: Option<String>,
    /// Room name.
    pub room_name: Option<String>,
    /// Scheduled start as stored.
    pub scheduled_start: String,
    /// patient_in.
    pub patient_in: Option<Millis>,
    /// patient_out.
    pub patient_out: Option<Millis>,
}

/// One idle gap (§8.10 step 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdleGap {
    /// Case A.
    pub from_case_id: String,
    /// Case A's number.
    pub from_case_number: String,
    /// Case B.
    pub to_case_id: String,
    /// Case B's number.
    pub to_case_number: String,
    /// Case A's room.
    pub from_room_id: Option<String>,
    /// Case B's room.
    pub to_room_id: Option<String>,
    /// minutes(done(A) → next_start), > 0, unrounded.
    pub idle_minutes: f64,
    /// max(0, idle − buffer).
    pub optimal_call_delta: f64,
    /// `flip` or `same_room`.
    pub gap_type: RoomChange,
}

/// A surgeon-day with at least one gap (§8.10 step 4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdleSurgeonDay {
    /// Surgeon id.
    pub surgeon_id: String,
    /// `Dr. <last>`.
    pub surgeon_name: String,
    /// Scheduled date.
    pub date: NaiveDate,
    /// The surgeon used ≥ 2 rooms that day.
    pub is_flip_day: bool,
    /// The day's ordered cases with a start time.
    pub cases: Vec<IdleCase>,
    /// The day's kept gaps.
    pub gaps: Vec<IdleGap>,
    /// Mean idle of the gaps.
    pub avg_idle_minutes: f64,
    /// Σ idle of the gaps.
    pub total_idle_minutes: f64,
}

/// Callback advice of a surgeon (§8.10 step 5), in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallbackStatus {
    /// Median flip idle > 5 and median callback delta > 3: call the next room sooner.
    CallSooner,
    /// Median flip idle ≤ 2: the next room could be called later.
    CallLater,
    /// Otherwise.
    OnTrack,
    /// No flip gaps.
    TurnoverOnly,
}

/// One surgeon of the callback summary (§8.10 step 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdleSurgeonSummary {
    /// Surgeon id.
    pub surgeon_id: String,
    /// `Dr. <last>`.
    pub surgeon_name: String,
    /// All gaps.
    pub gap_count: i64,
    /// Flip gaps.
    pub flip_gap_count: i64,
    /// Same-room gaps.
    pub same_room_gap_count: i64,
    /// Unrounded median of all gaps (0 when none).
    pub median_idle_minutes: f64,
    /// Unrounded median of flip gaps (0 when none).
    pub median_flip_idle_minutes: f64,
    /// Unrounded median of same-room gaps (0 when none).
    pub median_same_room_idle_minutes: f64,
    /// Unrounded median of flip optimal_call_deltas (0 when none).
    pub median_call_delta_minutes: f64,
    /// Non-cancelled cases of the surgeon in the set (passing the filters).
    pub case_count: i64,
    /// Advice.
    pub status: CallbackStatus,
}

/// Surgeon idle time and callback advice (§8.10; lower is better).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdleTime {
    /// Mean of all gaps; target `idle_combined_target_minutes`, met iff mean ≤ target. Daily: the day's mean
    /// gap.
    pub combined: KpiResult,
    /// Mean of flip gaps; met iff ≤ target or no flip gaps.
    pub flip: KpiResult,
    /// Mean of same-room gaps; met iff ≤ target or none.
    pub same_room: KpiResult,
    /// Surgeon-days with ≥ 1 gap.
    pub surgeon_days_with_gaps: i64,
    /// All gaps.
    pub gap_count: i64,
    /// Flip gaps.
    pub flip_gap_count: i64,
    /// Same-room gaps.
    pub same_room_gap_count: i64,
    /// Analysed surgeon-days that used ≥ 2 rooms.
    pub flip_surgeon_days: i64,
    /// Unrounded mean optimal_call_delta of flip gaps (0 when none).
    pub avg_flip_call_delta: f64,
    /// Surgeons with a same-room gap > 15 minutes.
    pub surgeons_with_long_same_room_gaps: Vec<SurgeonRef>,
    /// Surgeon-days with gaps, by total idle desc (date, surgeon name, id).
    pub days: Vec<IdleSurgeonDay>,
    /// Surgeons with gaps in the §8.10 step 5 order.
    pub surgeons: Vec<IdleSurgeonSummary>,
}

// ─── 8.11 Time breakdown ─────────────────────────────────────────────────────────────────────────────────────

/// Mean phase durations (§8.11): unrounded means of the positive values, 0 when none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeBreakdown {
    /// patient_in → patient_out.
    pub total: f64,
    /// incision → closing.
    pub surgical: f64,
    /// patient_in → incision.
    pub pre_op: f64,
    /// anes_start → anes_end.
    pub anesthesia: f64,
    /// closing → closing_complete (→ patient_out without closing_complete).
    pub closing: f64,
    /// closing_complete → patient_out.
    pub emergence: f64,
    /// pre_op + closing + emergence.
    pub breakdown_non_operative: f64,
    /// Cases with patient_in and patient_out.
    pub case_count: i64,
}

/// Average case time (§8.11; lower is better, no target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvgCaseTime {
    /// round_js(mean positive total minutes), 0 when none.
    pub value: f64,
    /// Cases with both patient_in and patient_out.
    pub completed_cases: i64,
    /// The previous period's value.
    pub previous_value: f64,
    /// |round_js(% change)|.
    pub delta: Option<f64>,
    /// Direction (lower is better).
    pub delta_type: Option<DeltaType>,
}

// ─── 8.12 Leaderboard ────────────────────────────────────────────────────────────────────────────────────────

/// One surgeon of the leaderboard (§8.12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaderboardRow {
    /// Surgeon id.
    pub surgeon_id: String,
    /// `Dr. <last>`.
    pub surgeon_name: String,
    /// Completed cases.
    pub case_count: i64,
    /// round_js(mean incision → closing, 0 < t < 600); `None` when none.
    pub avg_surgical_minutes: Option<f64>,
    /// round_js(on-time % of his first cases), 0 when none.
    pub fcots_rate: f64,
    /// Counted first cases.
    pub first_case_count: i64,
    /// 0..=100.
    pub score: f64,
}

/// Surgeon leaderboard (§8.12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Leaderboard {
    /// Unrounded facility median surgical minutes (90 when none).
    pub facility_median_surgical_minutes: f64,
    /// The largest surgeon case count (unfiltered set; 0 when none).
    pub max_case_count: i64,
    /// Rows by score desc, case_count desc, name (last, first), id.
    pub rows: Vec<LeaderboardRow>,
}

// ─── 8.14 Dashboard extras ───────────────────────────────────────────────────────────────────────────────────

/// A room whose in-progress case has run past its expected end (§8.14).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomBehind {
    /// Case id.
    pub case_id: String,
    /// Case number.
    pub case_number: String,
    /// Room id.
    pub room_id: Option<String>,
    /// Room name.
    pub room_name: Option<String>,
    /// `Dr. <last>`.
    pub surgeon_name: Option<String>,
    /// patient_in.
    pub patient_in: Millis,
    /// patient_in + expected minutes + grace.
    pub expected_end: Millis,
    /// (now − expected_end) in unrounded minutes (> 0).
    pub minutes_behind: f64,
}

/// The four KPI values the facility score reads (scoring.md §8), exactly as the KPI functions return them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FacilityScoreInputs {
    /// OR utilization % ([`Utilization`] value, whole number).
    pub utilization_pct: f64,
    /// Median same-room turnover in whole minutes, 0 when none ([`RoomTurnover`] value).
    pub median_turnover_minutes: f64,
    /// FCOTS on-time %, 0 without first cases ([`Fcots`] value).
    pub fcots_pct: f64,
    /// Same-day cancellation rate in percent, 1 dp ([`Cancellations`] value).
    pub cancellation_rate_pct: f64,
}

/// Every period KPI of §8 (except block utilization, §8.13) and the facility score stub (§8.14).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacilityKpis {
    /// §8.1.
    pub fcots: Fcots,
    /// §8.2.
    pub room_turnover: RoomTurnover,
    /// §8.3.
    pub flip_room_turnover: RoomTurnover,
    /// §8.4.
    pub surgical_turnover: SurgicalTurnover,
    /// §8.5.
    pub utilization: Utilization,
    /// §8.6.
    pub volume: CaseVolume,
    /// §8.7.
    pub cancellations: Cancellations,
    /// §8.8.
    pub tardiness: Tardiness,
    /// §8.9.
    pub non_operative: NonOperative,
    /// §8.10.
    pub idle: IdleTime,
    /// §8.11.
    pub time_breakdown: TimeBreakdown,
    /// §8.11.
    pub avg_case_time: AvgCaseTime,
    /// §8.12.
    pub leaderboard: Leaderboard,
    /// The four values the facility score reads.
    pub score_inputs: FacilityScoreInputs,
    /// §8.14 facility score stub (scoring.md §8).
    pub facility_score: FacilityScore,
}

// ─── 8.13 Block and schedule-based room utilization ──────────────────────────────────────────────────────────

/// The scheduling inputs of §8.13, computed by the caller with the scheduling engine for the reported period:
/// the block occurrences (after closures, full holidays and partial-holiday truncation; unavailable ones are
/// ignored) and each room-day's open hours, plus the money inputs of "what fits" and the summary.
#[derive(Debug, Clone, Default)]
pub struct BlockInputs<'a> {
    /// `expand_blocks` over the period (every surgeon, every room).
    pub occurrences: &'a [BlockOccurrence],
    /// One row per (room, date) of the period, as `room_availability` returns them (active rooms).
    pub room_days: &'a [RoomAvailability],
    /// Room names and display order (rooms missing here are named by their id).
    pub rooms: &'a [KpiRoom],
    /// Surgeon names (`Dr. <last>`), for surgeons with block days but no case in the rows.
    pub surgeon_names: &'a [SurgeonRef],
    /// Procedure id → default reimbursement (payer NULL) in cents active on the range end.
    pub default_reimbursements: &'a [(String, i64)],
    /// `facilities.or_hourly_rate` in cents per hour.
    pub or_hourly_rate: Option<i64>,
}

/// One block day (§8.13 step 2): an available block occurrence with the cases attached to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockDay {
    /// The block.
    pub block_id: String,
    /// The block's surgeon.
    pub surgeon_id: String,
    /// The block's room, if any.
    pub or_room_id: Option<String>,
    /// The date.
    pub date: NaiveDate,
    /// `local_instant(date, block start)`.
    pub block_start: Millis,
    /// `local_instant(date, effective block end)`.
    pub block_end: Millis,
    /// Real minutes of the window.
    pub duration_minutes: f64,
    /// Σ minutes of the attached cases.
    pub used_minutes: f64,
    /// Σ positive gaps between consecutive attached cases (patient_in order).
    pub turnover_minutes: f64,
    /// Attached cases.
    pub case_count: i64,
    /// Earliest patient_in of the attached cases.
    pub first_start: Option<Millis>,
    /// Latest patient_out of the attached cases.
    pub last_end: Option<Millis>,
    /// `max(0, block_end − max(last_end, block_start))`, at most the duration.
    pub remaining_minutes: f64,
    /// `max(0, last_end − block_end)`.
    pub overrun_minutes: f64,
    /// `round_js(used / duration × 100)`, uncapped; 0 when the duration is 0.
    pub utilization_pct: f64,
    /// The attached case ids, by patient_in.
    pub case_ids: Vec<String>,
}

/// A procedure that may fit in a surgeon's average remaining block time (§8.13 step 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockWhatFits {
    /// Procedure type id.
    pub procedure_type_id: String,
    /// Procedure name.
    pub procedure_name: Option<String>,
    /// The surgeon's qualifying cases of the procedure in range (≥ 2).
    pub case_count: i64,
    /// Median patient_in → patient_out minutes (unrounded).
    pub median_total_minutes: f64,
    /// Median incision → closing minutes (> 0 only; 0 when none).
    pub median_surgical_minutes: f64,
    /// `median_total + median_turnover`.
    pub total_needed_minutes: f64,
    /// `total_needed ≤ avg_remaining`.
    pub fits: bool,
    /// Default reimbursement (cents) active on the range end.
    pub estimated_revenue: Option<i64>,
}

/// One surgeon's block utilization (§8.13 steps 3–5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockSurgeon {
    /// Surgeon id.
    pub surgeon_id: String,
    /// `Dr. <last>` when known.
    pub surgeon_name: Option<String>,
    /// Block days in range.
    pub block_day_count: i64,
    /// Σ block minutes.
    pub block_minutes: f64,
    /// Σ used minutes.
    pub used_minutes: f64,
    /// Σ remaining minutes.
    pub remaining_minutes: f64,
    /// Σ attached cases.
    pub case_count: i64,
    /// Σ overrun minutes.
    pub overrun_minutes: f64,
    /// Block days with overrun > 0.
    pub overrun_day_count: i64,
    /// `round_js(Σused / Σblock × 100)`.
    pub avg_utilization_pct: f64,
    /// `round_js(Σremaining / block days)`.
    pub avg_remaining_minutes: f64,
    /// `case_count / block days`, round1.
    pub avg_cases_per_block_day: f64,
    /// The surgeon's qualifying cases attached to no block day.
    pub cases_outside_block: i64,
    /// Distinct dates of those cases.
    pub outside_block_dates: Vec<NaiveDate>,
    /// Median of the gaps 0 < gap < 120 inside his block days (unrounded); 30 without any.
    pub median_turnover_minutes: f64,
    /// "What fits" rows, fits first.
    pub what_fits: Vec<BlockWhatFits>,
}

/// Block utilization of one Monday-start week (§8.13 step 6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockWeek {
    /// The Monday.
    pub week_start: NaiveDate,
    /// `round_js(Σused / Σblock × 100)`.
    pub utilization_pct: f64,
    /// Σblock / 60, round1.
    pub block_hours: f64,
    /// Σused / 60, round1.
    pub used_hours: f64,
    /// Block days of the week.
    pub block_day_count: i64,
}

/// Totals over the reported block days (§8.13 step 7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockSummary {
    /// Block days.
    pub block_day_count: i64,
    /// Surgeons with block days.
    pub surgeon_count: i64,
    /// Σ block minutes.
    pub block_minutes: f64,
    /// Σ used minutes.
    pub used_minutes: f64,
    /// Σ remaining minutes.
    pub remaining_minutes: f64,
    /// Σ attached cases.
    pub case_count: i64,
    /// `round_js(Σused / Σblock × 100)`.
    pub avg_util: f64,
    /// Σ overrun minutes.
    pub overrun_minutes: f64,
    /// Block days with overrun > 0.
    pub overrun_day_count: i64,
    /// `round_money(Σremaining / 60 × or_hourly_rate)` in cents; null without a rate.
    pub unused_block_cost: Option<i64>,
}

/// One open room-day of schedule-based room utilization (§8.13 step 8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleRoomDay {
    /// The date.
    pub date: NaiveDate,
    /// Real minutes open → close.
    pub available_minutes: f64,
    /// Σ minutes of the completed cases of the room with that scheduled_date.
    pub used_minutes: f64,
    /// Those cases.
    pub case_count: i64,
    /// Earliest patient_in.
    pub first_start: Option<Millis>,
    /// Latest patient_out.
    pub last_end: Option<Millis>,
    /// `round_js(used / available × 100)`.
    pub utilization_pct: f64,
    /// `max(0, available − used)`.
    pub idle_minutes: f64,
    /// Σ durations of the date's block days in this room.
    pub block_allocated_minutes: f64,
}

/// One room of schedule-based room utilization (§8.13 step 8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleRoomUtilization {
    /// Room id.
    pub room_id: String,
    /// Room name.
    pub room_name: String,
    /// Display order.
    pub display_order: i64,
    /// Σ available minutes.
    pub available_minutes: f64,
    /// Σ used minutes.
    pub used_minutes: f64,
    /// Σ block-allocated minutes.
    pub block_minutes: f64,
    /// Σ cases.
    pub case_count: i64,
    /// `round_js(Σused / Σavailable × 100)`.
    pub avg_utilization_pct: f64,
    /// Open days with cases.
    pub days_active: i64,
    /// Open days.
    pub open_days: i64,
    /// `round_js(Σblock / Σavailable × 100)`.
    pub block_allocation_pct: f64,
    /// `max(0, Σavailable − Σblock)`.
    pub unblocked_minutes: f64,
    /// The open days, by date.
    pub days: Vec<ScheduleRoomDay>,
}

/// Block utilization and schedule-based room utilization (§8.13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockUtilization {
    /// Step 7.
    pub summary: BlockSummary,
    /// Steps 3–5, by utilization ascending.
    pub surgeons: Vec<BlockSurgeon>,
    /// Step 2, by date, block start, then the occurrences' order.
    pub block_days: Vec<BlockDay>,
    /// Step 6, ascending.
    pub weekly: Vec<BlockWeek>,
    /// Step 8, by avg utilization ascending.
    pub rooms: Vec<ScheduleRoomUtilization>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn defaults_match_the_spec_and_validate() {
        let s = KpiSettings::default();
        assert!(s.validate().is_ok());
        assert_eq!(
            (s.fcots_milestone, s.fcots_grace_minutes, s.fcots_target_percent),
            (FcotsMilestone::PatientIn, 2.0, 85.0)
        );
        assert_eq!((s.turnover_threshold_minutes, s.turnover_compliance_target_percent), (30.0, 80.0));
        assert_eq!((s.turnover_target_same_surgeon, s.turnover_target_flip_room), (45.0, 15.0));
        assert_eq!((s.utilization_target_percent, s.cancellation_target_percent), (75.0, 5.0));
        assert_eq!((s.tardiness_target_minutes, s.non_op_warn_minutes, s.non_op_bad_minutes), (45.0, 20.0, 30.0));
        assert_eq!(
            (s.idle_combined_target_minutes, s.idle_flip_target_minutes, s.idle_same_room_target_minutes),
            (10.0, 5.0, 10.0)
        );
        assert_eq!(s.behind_schedule_grace_minutes, 15);
    }

    #[test]
    fn settings_out_of_range_are_refused() {
        let bad = [
            KpiSettings { fcots_grace_minutes: 30.5, ..KpiSettings::default() },
            KpiSettings { fcots_target_percent: -1.0, ..KpiSettings::default() },
            KpiSettings { turnover_threshold_minutes: 4.0, ..KpiSettings::default() },
            KpiSettings { turnover_target_flip_room: -0.1, ..KpiSettings::default() },
            KpiSettings { turnover_target_same_surgeon: f64::INFINITY, ..KpiSettings::default() },
            KpiSettings { utilization_target_percent: 100.5, ..KpiSettings::default() },
            KpiSettings { tardiness_target_minutes: f64::NAN, ..KpiSettings::default() },
            KpiSettings { non_op_bad_minutes: 121.0, ..KpiSettings::default() },
            KpiSettings { idle_flip_target_minutes: 0.5, ..KpiSettings::default() },
            KpiSettings { behind_schedule_grace_minutes: 61, ..KpiSettings::default() },
        ];
        for s in bad {
            assert_eq!(s.validate().unwrap_err().kind(), ErrorKind::InvalidInput, "{s:?}");
        }
        let edge = KpiSettings { fcots_grace_minutes: 0.0, idle_flip_target_minutes: 60.0, ..KpiSettings::default() };
        assert!(edge.validate().is_ok());
    }

    #[test]
    fn stored_values_parse() {
        assert_eq!("incision".parse::<FcotsMilestone>().unwrap(), FcotsMilestone::Incision);
        assert_eq!("wheels_in".parse::<FcotsMilestone>().unwrap_err().kind(), ErrorKind::InvalidInput);
        assert_eq!("pa_closes".parse::<ClosingWorkflow>().unwrap(), ClosingWorkflow::PaCloses);
        assert_eq!(ClosingWorkflow::SurgeonCloses.to_string(), "surgeon_closes");
        assert_eq!("".parse::<ClosingWorkflow>().unwrap_err().kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn milestone_map_and_filters() {
        let mut c = KpiCase { surgeon_left_at: Some(5), ..Default::default() };
        for (i, name) in MILESTONE_NAMES.iter().enumerate() {
            assert_eq!(c.milestone(name), (*name == "surgeon_left").then_some(5));
            assert!(c.set_milestone(name, Some(100 + i as i64)));
            assert_eq!(c.milestone(name), Some(100 + i as i64));
        }
        assert!(!c.set_milestone("wheels_in", Some(1)));
        assert_eq!(c.milestone("wheels_in"), None);
        let f = KpiFilter { surgeon_ids: Some(vec!["s".into()]), ..Default::default() };
        assert!(!f.passes(&c), "no surgeon fails a surgeon filter");
        c.surgeon_id = Some("s".into());
        assert!(f.passes(&c) && !f.is_empty() && KpiFilter::default().is_empty());
        assert!(KpiFilter::default().passes(&KpiCase::default()));
    }
}
