//! Planning (scheduling-patientflow.md §11.3–§11.5): every random value of a generation, drawn from one
//! [`Stream`] in a fixed order, from plain data. No `Connection`: the store resolves the facility into a
//! [`PlanInput`] and applies the returned [`Plan`] through the lifecycle.
//!
//! Draw order (the contract that makes a seed reproducible):
//! 1. Per surgeon in config order:
//!    a. bad days: per calendar month ascending, `min(bad_days_per_month, n)` of the surgeon's n historical
//!    operating dates of that month (partial Fisher–Yates, `U` draws);
//!    b. per operating date ascending: `N = U(cases_per_day)`; on a historical date with lateStarts enabled,
//!    the firing draw (none on a bad day) and `L = U(range)`;
//!    c. per case i of the day: the late-start cascade (i > 0 on a late-start day); procedure (`choice`);
//!    payer (`weighted`); operative side (joint: `chance(0.08)` bilateral, then `chance(0.5)` left/right;
//!    hand: `chance(0.5)`; spine: no draw); then, historical cases only: surgical time (tier 1/2 noise or
//!    tier-3 range, k, extendedPhases firing and percent, else fastCases firing and percent), start
//!    variance, call lead, the three milestone outliers (each `chance(0.15)`, then its `U`), seconds of
//!    each milestone in recording order (patient_in first), on flip days with i > 0 the callback percent and
//!    callbackDelays firing and minutes, then the next-start gap (flip `U(3, 8)`; single room longTurnovers
//!    firing, then its range or `U(15, 25)`); future flip-day cases draw only the `U(3, 8)` gap; last, on
//!    hand_wrist cases, `chance(0.3)` that the anesthesia provider is absent.
//! 2. Post-processing (§11.5) over all cases: cancellations (sample, then per pick reason `choice` and
//!    `U(6, 18)` hours); delays (r, sample, per pick type `choice` and `U(5, 45)` minutes); complexities (per
//!    case in plan order); template overrides (per surgeon `chance(0.3)`, per procedure `chance(0.5)` and
//!    `choice`); cases left unvalidated (sample).
//!
//! Choices the spec leaves open (library choices):
//! - Outliers (firing, bad days, the late-start cascade) apply to historical dates only: a future case has no
//!   actual times for them to change, and its scheduled start keeps the plain day plan.
//! - Future cases draw no surgical time, variance or seconds; their running start follows §11.4 step 7's
//!   "without patient_out / surgeon_left_at" rules.
//! - Running starts are whole minutes of the day computed from the milestones' minute offsets (seconds are
//!   ignored); a case whose running start would reach 24:00 is not planned (the rest of that day is dropped).
//! - patient_in also gets `U(0, 59)` seconds (the "seconds are added" rule applied to every recorded
//!   milestone); this is what makes §11.6's FCOTS ≈ 35 % (grace 2: `delay ≤ 2` with seconds kept).
//! - The flip-room callback of case i uses the previous case's incision and S: staff call the next room when
//!   the surgeon is that far into the previous case.
//! - Cancelled cases keep their complexities (like any case attribute) but lose milestones, staff, implant
//!   companies, call/callback/surgeon-left times; a flip link through a cancelled case is dropped on both
//!   sides (the previous case's `called_next_case_id`, and the next case's callback computed from it).
//! - Complexities go to every joint and spine case, future ones included; the second joint complexity is a
//!   `choice` among the facility's other active complexities.
//! - Staff per room-day: the active rooms of a weekday are the rooms any configured surgeon uses that weekday
//!   (surgeons in config order, their rooms in order), whether or not the surgeon operates that date; the
//!   k-th room gets nurse k, techs 2k and 2k + 1 and anesthesia provider k (anesthesiologists first, then
//!   CRNAs) while the lists last.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Months, NaiveDate, NaiveTime};
use chrono_tz::Tz;

use super::model::*;
use super::rng::{Stream, round_js};
use crate::clock::Millis;
use crate::scheduling::holidays::is_us_holiday;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;

/// A procedure as the plan sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureInfo {
    /// Procedure id.
    pub id: String,
    /// Name (tier-3 ranges are matched by name).
    pub name: String,
    /// `procedure_types.expected_duration_minutes` (tier 2).
    pub expected_minutes: Option<i64>,
    /// The surgeon's active `surgeon_procedure_duration` (tier 1).
    pub surgeon_expected_minutes: Option<i64>,
}

impl ProcedureInfo {
    /// The expected duration: tier 1, else tier 2.
    pub fn expected(&self) -> Option<i64> {
        self.surgeon_expected_minutes.or(self.expected_minutes)
    }
}

/// A configured surgeon with the facility rows the plan needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSurgeon {
    /// The validated settings.
    pub config: SurgeonConfig,
    /// The surgeon's procedures, in config order.
    pub procedures: Vec<ProcedureInfo>,
    /// `Some(handoff minutes)` for a `pa_closes` surgeon.
    pub pa_closes_handoff: Option<i64>,
    /// The implant company of the preferred vendor, if the facility has one of that name.
    pub vendor_company_id: Option<String>,
}

/// A staff member put on cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// User id.
    pub user_id: String,
    /// Role name (`nurse`, `tech`, `anesthesiologist`, `crna`).
    pub role: String,
}

/// The facility's staff by role, each list in a stable order (the store sorts by name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffPool {
    /// Nurses.
    pub nurses: Vec<StaffMember>,
    /// Techs.
    pub techs: Vec<StaffMember>,
    /// Anesthesia providers: anesthesiologists, then CRNAs.
    pub anesthesia: Vec<StaffMember>,
}

/// Everything planning reads.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanInput {
    /// The facility's zone.
    pub tz: Tz,
    /// Today: earlier dates are historical.
    pub today: NaiveDate,
    /// First calendar date (inclusive).
    pub start: NaiveDate,
    /// Last calendar date (inclusive).
    pub end: NaiveDate,
    /// Facility closures and full-day holidays in `[start, end]` (US federal holidays are added by the plan).
    pub closed: BTreeSet<NaiveDate>,
    /// Case-number prefix.
    pub case_prefix: String,
    /// The first case-number sequence.
    pub first_sequence: u64,
    /// Surgeons in config order.
    pub surgeons: Vec<PlanSurgeon>,
    /// Active payers (id, name) in a stable order.
    pub payers: Vec<(String, String)>,
    /// Active cancellation reasons.
    pub cancellation_reasons: Vec<String>,
    /// Active delay types.
    pub delay_types: Vec<String>,
    /// Active complexities (id, name).
    pub complexities: Vec<(String, String)>,
    /// Active non-default milestone templates.
    pub templates: Vec<String>,
    /// Staff.
    pub staff: StaffPool,
}

/// A planned cancellation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancellation {
    /// Reason.
    pub reason_id: String,
    /// `cancelled_at`.
    pub cancelled_at: Millis,
}

/// A planned delay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedDelay {
    /// Delay type.
    pub delay_type_id: String,
    /// Minutes.
    pub minutes: i64,
    /// `recorded_at` (the scheduled start).
    pub recorded_at: Millis,
}

/// One planned case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedCase {
    /// Case number.
    pub case_number: String,
    /// Index of its surgeon in [`PlanInput::surgeons`].
    pub surgeon: usize,
    /// Surgeon id.
    pub surgeon_id: String,
    /// Scheduled date.
    pub date: NaiveDate,
    /// Scheduled start, minutes after local midnight.
    pub start_minute: i64,
    /// Scheduled start instant.
    pub scheduled_start: Millis,
    /// Room.
    pub room_id: String,
    /// Procedure.
    pub procedure_id: String,
    /// Payer (`None` when the facility has no active payer).
    pub payer_id: Option<String>,
    /// `left`, `right`, `bilateral` or `n/a`.
    pub operative_side: &'static str,
    /// Before today.
    pub historical: bool,
    /// Surgical time S (historical cases).
    pub surgical_minutes: Option<i64>,
    /// Milestones to record, patient_in first (historical, non-cancelled); only those in the case's template
    /// are recorded.
    pub milestones: Vec<(&'static str, Millis)>,
    /// `call_time`.
    pub call_time: Option<Millis>,
    /// `surgeon_left_at`.
    pub surgeon_left_at: Option<Millis>,
    /// `called_back_at`.
    pub called_back_at: Option<Millis>,
    /// Index of the case this one's `called_next_case_id` points to.
    pub called_next: Option<usize>,
    /// Staff.
    pub staff: Vec<StaffMember>,
    /// Implant company (preferred vendor of a joint surgeon).
    pub implant_company_id: Option<String>,
    /// Complexities.
    pub complexity_ids: Vec<String>,
    /// Cancellation.
    pub cancellation: Option<Cancellation>,
    /// Delay.
    pub delay: Option<PlannedDelay>,
    /// Left unvalidated (data-quality queue).
    pub leave_unvalidated: bool,
}

impl PlannedCase {
    /// The planned instant of `milestone`.
    pub fn at(&self, milestone: &str) -> Option<Millis> {
        self.milestones.iter().find(|(n, _)| *n == milestone).map(|(_, t)| *t)
    }
}

/// A surgeon template override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateOverride {
    /// Surgeon.
    pub surgeon_id: String,
    /// Procedure.
    pub procedure_id: String,
    /// Template.
    pub template_id: String,
}

/// The plan of a generation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Cases in plan order (surgeon, date, case of the day).
    pub cases: Vec<PlannedCase>,
    /// Template overrides, applied before any case is created.
    pub overrides: Vec<TemplateOverride>,
}

impl Plan {
    /// Case indices in application order: scheduled start instant, then case number.
    pub fn chronological(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.cases.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.cases[a], &self.cases[b]);
            (x.scheduled_start, &x.case_number).cmp(&(y.scheduled_start, &y.case_number))
        });
        order
    }

    /// Historical cases.
    pub fn historical(&self) -> usize {
        self.cases.iter().filter(|c| c.historical).count()
    }
}

// ---------------------------------------------------------------------------------------------------------
// Pure rules (also the worked example of §11.7)

/// The calendar of §11.3: `[start, end]` from `today`, `history` (months, or days when `days` is set) and
/// the scheduled span (`days_ahead`, default one month); month arithmetic clamps the day of month.
pub fn calendar(today: NaiveDate, config: &DemoConfig) -> (NaiveDate, NaiveDate) {
    let start = match config.days_of_history {
        Some(d) => today - chrono::Days::new(u64::from(d)),
        None => today.checked_sub_months(Months::new(config.months_of_history)).unwrap_or(today),
    };
    let end = match config.days_ahead {
        Some(d) => today + chrono::Days::new(u64::from(d)),
        None => today.checked_add_months(Months::new(DEFAULT_MONTHS_AHEAD)).unwrap_or(today),
    };
    (start, end)
}

/// Whether the generator may schedule on `d`: a weekday that is not a US federal holiday nor in `closed`.
pub fn is_operating_date(d: NaiveDate, closed: &BTreeSet<NaiveDate>) -> bool {
    d.weekday().number_from_monday() <= 5 && !is_us_holiday(d) && !closed.contains(&d)
}

/// The late-start cascade range: `U(max(2, round_js(0.2 × range_min)), max(5, round_js(0.35 × range_max)))`.
pub fn cascade_range(late_starts: &Outlier) -> (i64, i64) {
    (2.max(round_js(0.2 * late_starts.range_min as f64)), 5.max(round_js(0.35 * late_starts.range_max as f64)))
}

/// The surgical time before k for an expected duration `e` (tiers 1 and 2) and a noise draw:
/// `max(15, e − overhead) + noise`.
pub fn expected_surgical_minutes(e: i64, specialty: Specialty, noise: i64) -> i64 {
    MIN_SURGICAL_MINUTES.max(e - specialty.overhead_minutes()) + noise
}

/// The milestone offsets (minutes after patient_in) before outliers: fixed offsets scaled by `k` and
/// `round_js`-ed, formula offsets = incision base + S + d.
pub fn milestone_offsets(specialty: Specialty, s: i64, k: f64) -> Vec<(&'static str, i64)> {
    specialty
        .offsets()
        .iter()
        .map(|(name, off)| {
            let minutes = match *off {
                Offset::Fixed(m) => round_js(m as f64 * k),
                Offset::AfterIncision(d) => specialty.incision_base() + s + d,
            };
            (*name, minutes)
        })
        .collect()
}

/// `HH:MM:00` of a minute of the day.
pub fn hhmm(minute: i64) -> String {
    format!("{:02}:{:02}:00", minute / 60, minute % 60)
}

fn fires(stream: &mut Stream, o: &Outlier, bad_day: bool) -> bool {
    o.enabled && (bad_day || stream.chance(f64::from(o.frequency) / 100.0))
}

fn percent(stream: &mut Stream, lo: i64, hi: i64) -> f64 {
    stream.uniform(lo, hi) as f64 / 100.0
}

/// Room staff per weekday (1..5): the active rooms of the weekday and the staff of each.
fn room_staff(input: &PlanInput) -> BTreeMap<(u8, String), Vec<StaffMember>> {
    let mut out = BTreeMap::new();
    for weekday in 1..=5u8 {
        let mut rooms: Vec<&String> = Vec::new();
        for s in &input.surgeons {
            for r in s.config.day_rooms.get(&weekday).into_iter().flatten() {
                if !rooms.contains(&r) {
                    rooms.push(r);
                }
            }
        }
        for (k, room) in rooms.into_iter().enumerate() {
            let mut staff = Vec::new();
            staff.extend(input.staff.nurses.get(k).cloned());
            staff.extend(input.staff.techs.get(2 * k).cloned());
            staff.extend(input.staff.techs.get(2 * k + 1).cloned());
            staff.extend(input.staff.anesthesia.get(k).cloned());
            out.insert((weekday, room.clone()), staff);
        }
    }
    out
}

fn find_complexity<'a>(list: &'a [(String, String)], word: &str) -> Option<&'a String> {
    list.iter().find(|(_, name)| name.to_lowercase().contains(word)).map(|(id, _)| id)
}

// ---------------------------------------------------------------------------------------------------------
// The plan

/// Draws the whole plan of `input` from the stream of `seed`.
pub fn plan(input: &PlanInput, seed: u64) -> Plan {
    let mut stream = Stream::new(seed);
    let mut out = Plan::default();
    let staff = room_staff(input);
    let payer_weights: Vec<f64> = input
        .payers
        .iter()
        .map(|(_, name)| PAYER_WEIGHTS.iter().find(|(n, _)| n == name).map_or(OTHER_PAYER_WEIGHT, |(_, w)| *w))
        .collect();
    let mut sequence = input.first_sequence;
    for (si, surgeon) in input.surgeons.iter().enumerate() {
        let c = &surgeon.config;
        let dates: Vec<NaiveDate> = input
            .start
            .iter_days()
            .take_while(|d| *d <= input.end)
            .filter(|d| {
                let wd = d.weekday().number_from_monday() as u8;
                c.operating_days.contains(&wd) && c.day_rooms.contains_key(&wd) && is_operating_date(*d, &input.closed)
            })
            .collect();
        // a. Bad days, per calendar month of the history.
        let mut bad: BTreeSet<NaiveDate> = BTreeSet::new();
        if c.bad_days_per_month > 0 {
            let mut months: BTreeMap<(i32, u32), Vec<NaiveDate>> = BTreeMap::new();
            for d in dates.iter().filter(|d| **d < input.today) {
                months.entry((d.year(), d.month())).or_default().push(*d);
            }
            for month_dates in months.values() {
                for i in stream.sample(month_dates.len(), c.bad_days_per_month as usize) {
                    bad.insert(month_dates[i]);
                }
            }
        }
        // b. Operating dates.
        for date in dates {
            let historical = date < input.today;
            let bad_day = bad.contains(&date);
            let weekday = date.weekday().number_from_monday() as u8;
            let rooms = &c.day_rooms[&weekday];
            let flip = rooms.len() == 2;
            let n = stream.uniform(c.cases_per_day.min, c.cases_per_day.max);
            let late = &c.outliers.late_starts;
            let late_minutes = (historical && fires(&mut stream, late, bad_day))
                .then(|| stream.uniform(late.range_min, late.range_max));
            let mut running = if c.specialty == Specialty::Joint && c.speed_profile == SpeedProfile::Fast {
                FAST_JOINT_FIRST_START
            } else {
                FIRST_START
            };
            let mut prev: Option<usize> = None;
            for i in 0..n {
                if i > 0 && late_minutes.is_some() {
                    running += stream.uniform_in(cascade_range(late));
                }
                if running > LAST_START_MINUTE {
                    break;
                }
                let room = rooms[(i as usize) % rooms.len()].clone();
                let mut case = plan_case(&mut stream, input, si, &payer_weights, date, running, room);
                case.case_number = format!("{}-{:05}", input.case_prefix, sequence);
                sequence += 1;
                let index = out.cases.len();
                if historical {
                    let timing = historical_times(&mut stream, surgeon, &mut case, i, late_minutes, bad_day);
                    // Flip-room callback: staff call this room when the surgeon is pct into the previous case.
                    if flip && i > 0 {
                        let (lo, hi) = c.speed_profile.callback_percent();
                        let pct = percent(&mut stream, lo, hi);
                        let cb = &c.outliers.callback_delays;
                        let extra = if fires(&mut stream, cb, bad_day) {
                            stream.uniform(cb.range_min, cb.range_max)
                        } else {
                            0
                        };
                        if let Some(p) = prev {
                            let previous: &mut PlannedCase = &mut out.cases[p];
                            if let (Some(incision), Some(s)) = (previous.at("incision"), previous.surgical_minutes) {
                                case.called_back_at = Some(incision + (round_js(s as f64 * pct) + extra) * MINUTE_MS);
                                previous.called_next = Some(index);
                            }
                        }
                    }
                    running = if flip {
                        timing.patient_in_minute + timing.surgeon_left_offset + stream.uniform_in(FLIP_GAP)
                    } else {
                        let lt = &c.outliers.long_turnovers;
                        let turnover = if fires(&mut stream, lt, bad_day) {
                            stream.uniform(lt.range_min, lt.range_max)
                        } else {
                            stream.uniform_in(TURNOVER)
                        };
                        timing.patient_in_minute + timing.patient_out_offset + turnover
                    };
                } else if flip {
                    let expected = surgeon
                        .procedures
                        .iter()
                        .find(|p| p.id == case.procedure_id)
                        .and_then(ProcedureInfo::expected)
                        .unwrap_or_else(|| c.speed_profile.flip_fallback_minutes());
                    running += expected + stream.uniform_in(FLIP_GAP);
                } else {
                    running += NO_PATIENT_OUT_MINUTES;
                }
                // Staff of the room-day; the anesthesia provider skips 30 % of hand cases.
                let mut members = staff.get(&(weekday, case.room_id.clone())).cloned().unwrap_or_default();
                if c.specialty == Specialty::HandWrist && stream.chance(HAND_NO_ANESTHESIA_PROBABILITY) {
                    members.retain(|m| m.role != "anesthesiologist" && m.role != "crna");
                }
                case.staff = members;
                if c.specialty == Specialty::Joint {
                    case.implant_company_id = surgeon.vendor_company_id.clone();
                }
                out.cases.push(case);
                prev = Some(index);
            }
        }
    }
    post_process(&mut stream, input, &mut out);
    out
}

/// Step 1 of §11.4 and the scheduled start: a case without its times.
fn plan_case(
    stream: &mut Stream,
    input: &PlanInput,
    si: usize,
    payer_weights: &[f64],
    date: NaiveDate,
    start_minute: i64,
    room_id: String,
) -> PlannedCase {
    let surgeon = &input.surgeons[si];
    let procedure =
        stream.choice(surgeon.procedures.len()).map(|i| surgeon.procedures[i].id.clone()).unwrap_or_default();
    let payer_id = stream.weighted(payer_weights).map(|i| input.payers[i].0.clone());
    let operative_side = match surgeon.config.specialty {
        Specialty::Spine => "n/a",
        Specialty::HandWrist => {
            if stream.chance(0.5) {
                "left"
            } else {
                "right"
            }
        }
        Specialty::Joint => {
            if stream.chance(BILATERAL_PROBABILITY) {
                "bilateral"
            } else if stream.chance(0.5) {
                "left"
            } else {
                "right"
            }
        }
    };
    let time = NaiveTime::from_hms_opt((start_minute / 60) as u32, (start_minute % 60) as u32, 0).unwrap_or_default();
    PlannedCase {
        case_number: String::new(),
        surgeon: si,
        surgeon_id: surgeon.config.surgeon_id.clone(),
        date,
        start_minute,
        scheduled_start: crate::values::local_instant(date, time, input.tz),
        room_id,
        procedure_id: procedure,
        payer_id,
        operative_side,
        historical: date < input.today,
        surgical_minutes: None,
        milestones: Vec::new(),
        call_time: None,
        surgeon_left_at: None,
        called_back_at: None,
        called_next: None,
        staff: Vec::new(),
        implant_company_id: None,
        complexity_ids: Vec::new(),
        cancellation: None,
        delay: None,
        leave_unvalidated: false,
    }
}

/// Minute offsets the next running start is computed from.
struct Timing {
    patient_in_minute: i64,
    patient_out_offset: i64,
    surgeon_left_offset: i64,
}

/// Steps 2–5 of §11.4 for a historical case: S, the start variance, call time, milestones, surgeon left.
fn historical_times(
    stream: &mut Stream,
    surgeon: &PlanSurgeon,
    case: &mut PlannedCase,
    i: i64,
    late_minutes: Option<i64>,
    bad_day: bool,
) -> Timing {
    let c = &surgeon.config;
    // 2. Surgical time.
    let procedure = surgeon.procedures.iter().find(|p| p.id == case.procedure_id);
    let base = match procedure.and_then(ProcedureInfo::expected) {
        Some(e) => expected_surgical_minutes(e, c.specialty, stream.uniform_in(EXPECTED_NOISE)),
        None => {
            let named = procedure.and_then(|p| TIER3_BY_NAME.iter().find(|(n, ..)| *n == p.name));
            match named {
                Some((_, lo, hi)) => stream.uniform(*lo, *hi),
                None => stream.uniform_in(c.speed_profile.tier3_minutes()),
            }
        }
    };
    let k = percent(stream, c.speed_multiplier_range.min, c.speed_multiplier_range.max);
    let mut s = round_js(base as f64 * k);
    let ext = &c.outliers.extended_phases;
    let fast = &c.outliers.fast_cases;
    if fires(stream, ext, bad_day) {
        s = round_js(s as f64 * (1.0 + percent(stream, ext.range_min, ext.range_max)));
    } else if fires(stream, fast, bad_day) {
        s = round_js(s as f64 * (1.0 - percent(stream, fast.range_min, fast.range_max)));
    }
    let s = s.max(1);
    case.surgical_minutes = Some(s);
    // 3. Start variance and call time.
    let v = match late_minutes {
        Some(l) if i == 0 => l + stream.uniform_in(LATE_DAY_EXTRA),
        _ => {
            if stream.chance(ON_TIME_BAND_PROBABILITY) {
                stream.uniform_in(USUAL_VARIANCE)
            } else {
                stream.uniform_in(LATE_VARIANCE)
            }
        }
    };
    let lead = stream.uniform_in(if i == 0 { FIRST_CALL_LEAD } else { CALL_LEAD });
    case.call_time = Some(case.scheduled_start - lead * MINUTE_MS);
    // 4. Milestones: offsets, outliers, at least one minute apart, seconds.
    let mut offsets = milestone_offsets(c.specialty, s, k);
    for (name, band) in
        [("anes_end", ANES_END_OUTLIER), ("closing", CLOSING_OUTLIER), ("closing_complete", CLOSING_COMPLETE_OUTLIER)]
    {
        if let Some(slot) = offsets.iter_mut().find(|(n, _)| *n == name)
            && stream.chance(MILESTONE_OUTLIER_PROBABILITY)
        {
            slot.1 = stream.uniform(slot.1 + band.0, slot.1 + band.1);
        }
    }
    let mut previous = 0;
    for slot in &mut offsets {
        slot.1 = slot.1.max(previous + 1);
        previous = slot.1;
    }
    let patient_in = case.scheduled_start + v * MINUTE_MS;
    let mut milestones = vec![("patient_in", patient_in + stream.uniform_in(SECONDS) * 1000)];
    for (name, off) in &offsets {
        milestones.push((*name, patient_in + off * MINUTE_MS + stream.uniform_in(SECONDS) * 1000));
    }
    let offset = |name: &str| offsets.iter().find(|(n, _)| *n == name).map_or(0, |(_, o)| *o);
    // 5. Surgeon left: closing + handoff (PA closes), else closing complete.
    let (left_offset, left_at) = match surgeon.pa_closes_handoff {
        Some(h) => {
            (offset("closing") + h, milestones.iter().find(|(n, _)| *n == "closing").map(|(_, t)| t + h * MINUTE_MS))
        }
        None => {
            (offset("closing_complete"), milestones.iter().find(|(n, _)| *n == "closing_complete").map(|(_, t)| *t))
        }
    };
    case.surgeon_left_at = left_at;
    case.milestones = milestones;
    Timing {
        patient_in_minute: case.start_minute + v,
        patient_out_offset: offset("patient_out"),
        surgeon_left_offset: left_offset,
    }
}

/// §11.5 post-processing.
fn post_process(stream: &mut Stream, input: &PlanInput, plan: &mut Plan) {
    let historical: Vec<usize> = (0..plan.cases.len()).filter(|&i| plan.cases[i].historical).collect();
    // Cancellations.
    if !input.cancellation_reasons.is_empty() {
        let m = round_js(CANCELLATION_SHARE * historical.len() as f64).max(0) as usize;
        for pick in stream.sample(historical.len(), m) {
            let i = historical[pick];
            let reason = stream.choice(input.cancellation_reasons.len()).unwrap_or(0);
            let hours = stream.uniform_in(CANCELLATION_LEAD_HOURS);
            let case = &mut plan.cases[i];
            case.cancellation = Some(Cancellation {
                reason_id: input.cancellation_reasons[reason].clone(),
                cancelled_at: case.scheduled_start - hours * HOUR_MS,
            });
        }
        let cancelled: Vec<usize> =
            historical.iter().copied().filter(|&i| plan.cases[i].cancellation.is_some()).collect();
        for i in cancelled {
            let next = plan.cases[i].called_next.take();
            if let Some(n) = next {
                plan.cases[n].called_back_at = None;
            }
            for c in plan.cases.iter_mut().filter(|c| c.called_next == Some(i)) {
                c.called_next = None;
            }
            let case = &mut plan.cases[i];
            case.milestones.clear();
            case.staff.clear();
            case.implant_company_id = None;
            case.call_time = None;
            case.called_back_at = None;
            case.surgeon_left_at = None;
        }
    }
    let kept: Vec<usize> = historical.iter().copied().filter(|&i| plan.cases[i].cancellation.is_none()).collect();
    // Delays.
    if !input.delay_types.is_empty() {
        let r = DELAY_SHARE.0 + stream.unit() * (DELAY_SHARE.1 - DELAY_SHARE.0);
        let m = round_js(kept.len() as f64 * r).max(0) as usize;
        for pick in stream.sample(kept.len(), m) {
            let t = stream.choice(input.delay_types.len()).unwrap_or(0);
            let minutes = stream.uniform_in(DELAY_MINUTES);
            let case = &mut plan.cases[kept[pick]];
            case.delay = Some(PlannedDelay {
                delay_type_id: input.delay_types[t].clone(),
                minutes,
                recorded_at: case.scheduled_start,
            });
        }
    }
    // Complexities.
    let standard = find_complexity(&input.complexities, "standard");
    let complex = find_complexity(&input.complexities, "complex");
    for case in &mut plan.cases {
        match input.surgeons[case.surgeon].config.specialty {
            Specialty::Joint => {
                let first = if stream.chance(JOINT_STANDARD_PROBABILITY) { standard } else { complex };
                let mut ids: Vec<String> = first.cloned().into_iter().collect();
                if stream.chance(SECOND_COMPLEXITY_PROBABILITY) {
                    let others: Vec<&String> =
                        input.complexities.iter().map(|(id, _)| id).filter(|id| Some(*id) != first).collect();
                    if let Some(j) = stream.choice(others.len()) {
                        ids.push(others[j].clone());
                    }
                }
                case.complexity_ids = ids;
            }
            Specialty::Spine => case.complexity_ids = complex.cloned().into_iter().collect(),
            Specialty::HandWrist => {}
        }
    }
    // Template variety.
    if !input.templates.is_empty() {
        for s in &input.surgeons {
            if !stream.chance(TEMPLATE_SURGEON_PROBABILITY) {
                continue;
            }
            for p in &s.procedures {
                if stream.chance(TEMPLATE_PROCEDURE_PROBABILITY) {
                    let t = stream.choice(input.templates.len()).unwrap_or(0);
                    plan.overrides.push(TemplateOverride {
                        surgeon_id: s.config.surgeon_id.clone(),
                        procedure_id: p.id.clone(),
                        template_id: input.templates[t].clone(),
                    });
                }
            }
        }
    }
    // Cases left unvalidated.
    let m = round_js(UNVALIDATED_SHARE * kept.len() as f64).max(0) as usize;
    for pick in stream.sample(kept.len(), m) {
        plan.cases[kept[pick]].leave_unvalidated = true;
    }
}
