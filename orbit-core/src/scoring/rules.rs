//! The pure rules of the ORbit Score (scoring.md §2–4, §8, §11): the primitives, the relative kernel
//! [`mad_score`], the four pillars over one surgeon's cases, the composite, grade and trend, and the
//! facility-level score. No `Connection`. Every floating-point expression keeps the spec's operation order.

use rustc_hash::FxHashMap as HashMap;
use std::cmp::Ordering;

use chrono::{TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::clock::Millis;
use crate::scoring::model::{
    AdherenceDiagnostics, AvailabilityDiagnostics, ConsistencyCohort, ConsistencyDiagnostics, FacilityComponents,
    FacilityScore, Grade, PILLARS, Pillars, ProfitabilityCohort, ProfitabilityDiagnostics, ScoreCase, ScoreSettings,
    StartTimeMilestone, Trend,
};

pub use crate::flags::rules::js_round;

// ─── Constants (§2) ──────────────────────────────────────────────────────────────────────────────────────────

/// MADs from the median that reach the ends of the scale.
pub const MAD_BAND: f64 = 3.0;
/// Points per effective MAD: 50 / 3 (= 16.666666666666668).
pub const MAD_MULTIPLIER: f64 = 50.0 / MAD_BAND;
/// The effective MAD is at least this share of |cohort median| (both relative pillars).
pub const MIN_MAD_PERCENT: f64 = 0.05;
/// The effective MAD of Consistency is at least this CV.
pub const MIN_ABSOLUTE_MAD_CV: f64 = 0.01;
/// The effective MAD floor of Profitability (none).
pub const MIN_ABSOLUTE_MAD_PROFIT: f64 = 0.0;
/// Lowest pillar (and kernel) score.
pub const MIN_PILLAR_SCORE: i64 = 10;
/// Highest pillar (and kernel) score.
pub const MAX_PILLAR_SCORE: i64 = 100;
/// The score of "no data" and of the median performer.
pub const NEUTRAL_SCORE: i64 = 50;
/// Gap cases needed for a gap sub-score other than [`NEUTRAL_SCORE`].
pub const MIN_GAP_CASES: usize = 3;
/// Delay sub-score points lost per percentage point of delay rate.
pub const DELAY_SLOPE: f64 = 2.0;
/// Share of the gap sub-score in Availability.
pub const AVAILABILITY_GAP_SHARE: f64 = 0.5;
/// Share of the delay sub-score in Availability.
pub const AVAILABILITY_DELAY_SHARE: f64 = 0.5;
/// The display name of cases without a procedure.
pub const UNKNOWN_PROCEDURE: &str = "Unknown";
/// Minutes per day in the adherence delta.
const MINUTES_PER_DAY: i64 = 1440;

/// Grade bands (§4.5), best first: minimum score, letter, label, text colour, background.
pub const GRADE_BANDS: [(i64, &str, &str, &str, &str); 4] = [
    (80, "A", "Elite", "#059669", "#ECFDF5"),
    (65, "B", "Strong", "#2563EB", "#EFF6FF"),
    (50, "C", "Developing", "#D97706", "#FFFBEB"),
    (i64::MIN, "D", "Needs Improvement", "#DC2626", "#FEF2F2"),
];

// ─── Primitives (§2) ─────────────────────────────────────────────────────────────────────────────────────────

/// JS round of x × 10^k, over 10^k (diagnostics, §11); −0 becomes 0.
pub fn round_dp(x: f64, k: i32) -> f64 {
    let scale = 10f64.powi(k);
    let r = js_round(x * scale) / scale;
    if r == 0.0 { 0.0 } else { r }
}

/// (b − a) / 60 000 in fractional minutes; `None` if either is missing or the result is ≤ 0.
pub fn minutes_between(a: Option<Millis>, b: Option<Millis>) -> Option<f64> {
    let m = (i128::from(b?) - i128::from(a?)) as f64 / 60_000.0;
    (m > 0.0).then_some(m)
}

/// patient_in → patient_out in minutes.
pub fn duration(c: &ScoreCase) -> Option<f64> {
    minutes_between(c.patient_in, c.patient_out)
}

/// prep_drape_complete → incision in minutes.
pub fn gap(c: &ScoreCase) -> Option<f64> {
    minutes_between(c.prep_drape_complete, c.incision)
}

/// Left-to-right sum from 0.
fn sum(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |acc, x| acc + x)
}

/// Left-to-right sum from 0, over n; 0 if empty.
pub fn mean(v: &[f64]) -> f64 {
    if v.is_empty() { 0.0 } else { sum(v) / v.len() as f64 }
}

/// Sample standard deviation √(Σ(v − mean)² / (n − 1)); 0 if n < 2.
pub fn sample_stddev(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let m = mean(v);
    let squares = v.iter().fold(0.0, |acc, x| acc + (x - m) * (x - m));
    (squares / (v.len() - 1) as f64).sqrt()
}

/// Coefficient of variation stddev / mean; 0 if n < 2 or mean = 0.
pub fn cv(v: &[f64]) -> f64 {
    let m = mean(v);
    if v.len() < 2 || m == 0.0 { 0.0 } else { sample_stddev(v) / m }
}

/// The unrounded median: middle value, or the mean of the two middle values; 0 if empty.
pub fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2.0 }
}

/// The raw median absolute deviation (no 1.4826 factor); 0 if n < 2.
pub fn mad(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let m = median(v);
    let deviations: Vec<f64> = v.iter().map(|x| (x - m).abs()).collect();
    median(&deviations)
}

/// min(hi, max(lo, x)).
pub fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    hi.min(lo.max(x))
}

/// 1.0 if over ≤ 0; 0.0 if over ≥ floor; else 1.0 − over / floor.
pub fn graduated(over: f64, floor: f64) -> f64 {
    if over <= 0.0 {
        1.0
    } else if over >= floor {
        0.0
    } else {
        1.0 - over / floor
    }
}

/// clamp(JS round(s), 10, 100) as an integer score.
fn bounded_score(s: f64) -> i64 {
    clamp(js_round(s), MIN_PILLAR_SCORE as f64, MAX_PILLAR_SCORE as f64) as i64
}

// ─── Relative kernel (§3) ────────────────────────────────────────────────────────────────────────────────────

/// max(mad, |median| × 0.05, abs_min_mad) of a cohort (also reported for a cohort of one).
pub fn effective_mad(cohort: &[f64], abs_min_mad: f64) -> f64 {
    mad(cohort).max(median(cohort).abs() * MIN_MAD_PERCENT).max(abs_min_mad)
}

/// `mad_score(value, cohort, higher_is_better, abs_min_mad)` (§3): 50 at the cohort median, ±16.67 per
/// effective MAD, clamped to 10..=100; a single-value cohort scores by ratio, a zero-spread cohort around 0
/// by its range, an empty one 50.
pub fn mad_score(value: f64, cohort: &[f64], higher_is_better: bool, abs_min_mad: f64) -> i64 {
    let from_neutral = |delta: f64| {
        if higher_is_better { NEUTRAL_SCORE as f64 + delta } else { NEUTRAL_SCORE as f64 - delta }
    };
    match cohort {
        [] => NEUTRAL_SCORE,
        [p] => {
            if *p == 0.0 {
                return NEUTRAL_SCORE;
            }
            let r = value / p;
            bounded_score(from_neutral((r - 1.0) * 100.0))
        }
        _ => {
            let m = median(cohort);
            let eff = effective_mad(cohort, abs_min_mad);
            if eff == 0.0 {
                let lo = cohort.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = cohort.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if lo == hi {
                    return NEUTRAL_SCORE;
                }
                let pos = (value - lo) / (hi - lo);
                let s = if higher_is_better { pos * 100.0 } else { (1.0 - pos) * 100.0 };
                return bounded_score(s);
            }
            let z = (value - m) / eff;
            bounded_score(from_neutral(z * MAD_MULTIPLIER))
        }
    }
}

// ─── Case order and grouping (§1.1, §4) ──────────────────────────────────────────────────────────────────────

/// The §1.1 order: scheduled_date, start_time (NULL last), case_number, id.
pub fn case_order(a: &ScoreCase, b: &ScoreCase) -> Ordering {
    let start = match (&a.start_time, &b.start_time) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    a.scheduled_date
        .cmp(&b.scheduled_date)
        .then(start)
        .then_with(|| a.case_number.cmp(&b.case_number))
        .then_with(|| a.id.cmp(&b.id))
}

/// The display name of a case's procedure (`Unknown` without one).
pub fn procedure_name(c: &ScoreCase) -> &str {
    c.procedure_name.as_deref().unwrap_or(UNKNOWN_PROCEDURE)
}

/// Groups `items` by `key` in first-appearance order; items without a key are left out.
pub(crate) fn group_by<'a, T: ?Sized + 'a, K: Eq + std::hash::Hash + Clone>(
    items: impl IntoIterator<Item = &'a T>,
    key: impl Fn(&'a T) -> Option<K>,
) -> Vec<(K, Vec<&'a T>)> {
    let mut index: HashMap<K, usize> = HashMap::default();
    let mut out: Vec<(K, Vec<&'a T>)> = Vec::new();
    for item in items {
        let Some(k) = key(item) else { continue };
        match index.get(&k) {
            Some(&i) => out[i].1.push(item),
            None => {
                index.insert(k.clone(), out.len());
                out.push((k, vec![item]));
            }
        }
    }
    out
}

/// A surgeon's procedure cohorts: their cases grouped by procedure in first-appearance order (cases without a
/// procedure join none).
fn cohorts<'a>(cases: &[&'a ScoreCase]) -> Vec<(&'a str, Vec<&'a ScoreCase>)> {
    group_by(cases.iter().copied(), |c: &'a ScoreCase| c.procedure_type_id.as_deref())
}

/// profit / duration, when both exist (dollars per OR minute).
fn mpm(c: &ScoreCase) -> Option<f64> {
    Some(c.profit? / duration(c)?)
}

// ─── Peer cohorts (§3 cohort rule) ───────────────────────────────────────────────────────────────────────────

/// The peer values of every procedure over one period's scored cases (§3): for each surgeon with at least
/// `min_procedure_cases` values in the procedure (self and surgeons below `min_case_threshold` included),
/// the median of their MPMs (Profitability) and the CV of their durations (Consistency).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeerCohorts {
    mpm: HashMap<String, Vec<f64>>,
    cv: HashMap<String, Vec<f64>>,
}

impl PeerCohorts {
    /// Builds the peers from the period's scored cases, given in the §1.1 order ([`case_order`]).
    pub fn build<'a>(cases: impl IntoIterator<Item = &'a ScoreCase>, min_procedure_cases: usize) -> PeerCohorts {
        let groups =
            group_by(cases, |c: &'a ScoreCase| c.procedure_type_id.as_deref().map(|p| (p, c.surgeon_id.as_str())));
        let mut peers = PeerCohorts::default();
        for ((procedure, _surgeon), cases) in groups {
            let mpms: Vec<f64> = cases.iter().filter_map(|c| mpm(c)).collect();
            if mpms.len() >= min_procedure_cases {
                peers.mpm.entry(procedure.to_string()).or_default().push(median(&mpms));
            }
            let durations: Vec<f64> = cases.iter().filter_map(|c| duration(c)).collect();
            if durations.len() >= min_procedure_cases {
                peers.cv.entry(procedure.to_string()).or_default().push(cv(&durations));
            }
        }
        peers
    }

    /// The peers' median MPMs for a procedure (empty when none qualifies).
    pub fn mpm_peers(&self, procedure_type_id: &str) -> &[f64] {
        self.mpm.get(procedure_type_id).map_or(&[], Vec::as_slice)
    }

    /// The peers' duration CVs for a procedure (empty when none qualifies).
    pub fn cv_peers(&self, procedure_type_id: &str) -> &[f64] {
        self.cv.get(procedure_type_id).map_or(&[], Vec::as_slice)
    }
}

// ─── Relative pillars (§4.1, §4.2) ───────────────────────────────────────────────────────────────────────────

/// Method of a relative pillar with no scored cohort.
pub const METHOD_DEFAULT: &str = "default (no valid procedure cohorts)";
/// Method of a relative pillar with one scored cohort.
pub const METHOD_SINGLE: &str = "single cohort";

/// The volume-weighted blend of scored cohorts (score, volume): JS round(Σ score × (vol / V)) summed left to
/// right from 0, or 50 without cohorts; with the method text.
pub fn blend(scored: &[(i64, usize)]) -> (i64, String) {
    if scored.is_empty() {
        return (NEUTRAL_SCORE, METHOD_DEFAULT.to_string());
    }
    let total = scored.iter().map(|(_, vol)| vol).sum::<usize>() as f64;
    let s = scored.iter().fold(0.0, |acc, (score, vol)| acc + *score as f64 * (*vol as f64 / total));
    let method = match scored.len() {
        1 => METHOD_SINGLE.to_string(),
        k => format!("volume-weighted across {k} cohorts"),
    };
    (js_round(s) as i64, method)
}

/// Profitability (§4.1) of one surgeon's cases (in §1.1 order): per procedure cohort with at least
/// `min_procedure_cases` MPMs, the kernel of the surgeon's median MPM among the peers (higher is better),
/// blended by volume. The pillar is `final_score`.
pub fn profitability(
    cases: &[&ScoreCase],
    peers: &PeerCohorts,
    min_procedure_cases: usize,
) -> ProfitabilityDiagnostics {
    let mut procedure_cohorts = Vec::new();
    let mut scored = Vec::new();
    for (procedure, group) in cohorts(cases) {
        let with_financials = group.iter().filter(|c| c.profit.is_some()).count();
        let mpms: Vec<f64> = group.iter().filter_map(|c| mpm(c)).collect();
        let mut entry = ProfitabilityCohort {
            procedure_id: procedure.to_string(),
            procedure_name: procedure_name(group[0]).to_string(),
            surgeon_median_mpm: 0.0,
            cohort_median: 0.0,
            cohort_mad: 0.0,
            effective_mad: 0.0,
            cohort_size: 0,
            valid_cases: mpms.len() as i64,
            total_cases: group.len() as i64,
            raw_score: 0,
            skipped_reason: None,
        };
        if mpms.len() < min_procedure_cases {
            entry.skipped_reason = Some(format!(
                "Only {} valid cases (need {min_procedure_cases}). {} total, {with_financials} with financials, {} \
                 with duration.",
                mpms.len(),
                group.len(),
                mpms.len()
            ));
            procedure_cohorts.push(entry);
            continue;
        }
        let value = median(&mpms);
        let cohort = peers.mpm_peers(procedure);
        let score = mad_score(value, cohort, true, MIN_ABSOLUTE_MAD_PROFIT);
        scored.push((score, mpms.len()));
        entry.surgeon_median_mpm = round_dp(value, 2);
        entry.cohort_median = round_dp(median(cohort), 2);
        entry.cohort_mad = round_dp(mad(cohort), 2);
        entry.effective_mad = round_dp(effective_mad(cohort, MIN_ABSOLUTE_MAD_PROFIT), 2);
        entry.cohort_size = cohort.len() as i64;
        entry.raw_score = score;
        procedure_cohorts.push(entry);
    }
    let (final_score, method) = blend(&scored);
    ProfitabilityDiagnostics { procedure_cohorts, final_score, method }
}

/// Consistency (§4.2) of one surgeon's cases (in §1.1 order): per procedure cohort with at least
/// `min_procedure_cases` durations, the kernel of the surgeon's duration CV among the peers (lower is better,
/// effective MAD at least 0.01), blended by volume. The pillar is `final_score`.
pub fn consistency(cases: &[&ScoreCase], peers: &PeerCohorts, min_procedure_cases: usize) -> ConsistencyDiagnostics {
    let mut procedure_cohorts = Vec::new();
    let mut scored = Vec::new();
    for (procedure, group) in cohorts(cases) {
        let durations: Vec<f64> = group.iter().filter_map(|c| duration(c)).collect();
        let mut entry = ConsistencyCohort {
            procedure_id: procedure.to_string(),
            procedure_name: procedure_name(group[0]).to_string(),
            surgeon_cv: 0.0,
            cohort_median: 0.0,
            cohort_mad: 0.0,
            effective_mad: 0.0,
            cohort_size: 0,
            valid_cases: durations.len() as i64,
            raw_score: 0,
            skipped_reason: None,
        };
        if durations.len() < min_procedure_cases {
            entry.skipped_reason =
                Some(format!("Only {} valid durations (need {min_procedure_cases})", durations.len()));
            procedure_cohorts.push(entry);
            continue;
        }
        let value = cv(&durations);
        let cohort = peers.cv_peers(procedure);
        let score = mad_score(value, cohort, false, MIN_ABSOLUTE_MAD_CV);
        scored.push((score, durations.len()));
        entry.surgeon_cv = round_dp(value, 3);
        entry.cohort_median = round_dp(median(cohort), 3);
        entry.cohort_mad = round_dp(mad(cohort), 3);
        entry.effective_mad = round_dp(effective_mad(cohort, MIN_ABSOLUTE_MAD_CV), 3);
        entry.cohort_size = cohort.len() as i64;
        entry.raw_score = score;
        procedure_cohorts.push(entry);
    }
    let (final_score, method) = blend(&scored);
    ConsistencyDiagnostics { procedure_cohorts, final_score, method }
}

// ─── Schedule Adherence (§4.3) ───────────────────────────────────────────────────────────────────────────────

/// Hour and minute of a scheduled start `HH:MM[:SS]` (seconds ignored); `None` if it does not parse.
fn start_minutes(start_time: &str) -> Option<i64> {
    let mut fields = start_time.trim().split(':');
    let hour: i64 = fields.next()?.trim().parse().ok()?;
    let minute: i64 = fields.next()?.trim().parse().ok()?;
    ((0..24).contains(&hour) && (0..60).contains(&minute)).then_some(hour * 60 + minute)
}

/// The whole-minute start delta of a case (§4.3 step 2): days between the actual start's local date and the
/// scheduled date × 1440, plus the local hour × 60 + minute of the actual start (seconds truncated), minus the
/// scheduled hour × 60 + minute. `None` without the actual start or a (parseable) start_time.
pub fn start_delta_minutes(c: &ScoreCase, milestone: StartTimeMilestone, tz: Tz) -> Option<i64> {
    let actual = match milestone {
        StartTimeMilestone::PatientIn => c.patient_in,
        StartTimeMilestone::Incision => c.incision,
    }?;
    let scheduled = start_minutes(c.start_time.as_deref()?)?;
    let local = Utc.timestamp_millis_opt(actual).single()?.with_timezone(&tz);
    let days = (local.date_naive() - c.scheduled_date).num_days();
    Some(days * MINUTES_PER_DAY + i64::from(local.hour()) * 60 + i64::from(local.minute()) - scheduled)
}

/// A case's adherence score: graduated(max(0, delta − grace), floor).
pub fn adherence_case_score(delta_minutes: i64, settings: &ScoreSettings) -> f64 {
    let over = (delta_minutes - settings.start_time_grace_minutes).max(0);
    graduated(over as f64, settings.start_time_floor_minutes as f64)
}

/// Schedule Adherence (§4.3) of one surgeon's cases (in §1.1 order): clamp(JS round(mean case score × 100),
/// 10, 100) over the cases with an actual and a scheduled start; 50 without any. The pillar is `final_score`.
pub fn sched_adherence(cases: &[&ScoreCase], settings: &ScoreSettings, tz: Tz) -> AdherenceDiagnostics {
    let scores: Vec<f64> = cases
        .iter()
        .filter_map(|c| start_delta_minutes(c, settings.start_time_milestone, tz))
        .map(|delta| adherence_case_score(delta, settings))
        .collect();
    if scores.is_empty() {
        return AdherenceDiagnostics {
            total_cases_scored: 0,
            avg_case_score: 0.0,
            cases_within_grace: 0,
            cases_at_zero: 0,
            final_score: NEUTRAL_SCORE,
        };
    }
    let avg = mean(&scores);
    AdherenceDiagnostics {
        total_cases_scored: scores.len() as i64,
        avg_case_score: round_dp(avg, 3),
        cases_within_grace: scores.iter().filter(|s| **s == 1.0).count() as i64,
        cases_at_zero: scores.iter().filter(|s| **s == 0.0).count() as i64,
        final_score: bounded_score(avg * 100.0),
    }
}

// ─── Availability (§4.4) ─────────────────────────────────────────────────────────────────────────────────────

/// A gap's score: graduated(max(0, gap − waiting), waiting floor).
pub fn gap_case_score(gap_minutes: f64, settings: &ScoreSettings) -> f64 {
    let over = (gap_minutes - settings.waiting_on_surgeon_minutes as f64).max(0.0);
    graduated(over, settings.waiting_on_surgeon_floor_minutes as f64)
}

/// Delay flags per 100 cases ((flags / cases) × 100; may exceed 100); 0 without cases.
pub fn delay_rate(delay_flags: u64, cases: usize) -> f64 {
    if cases == 0 { 0.0 } else { (delay_flags as f64 / cases as f64) * 100.0 }
}

/// The delay sub-score: clamp(JS round(100 − rate × 2), 10, 100).
pub fn delay_score(delay_rate: f64) -> i64 {
    bounded_score(100.0 - delay_rate * DELAY_SLOPE)
}

/// The Availability blend: clamp(JS round(gap × 0.5 + delay × 0.5), 10, 100).
pub fn availability_score(gap_score: i64, delay_score: i64) -> i64 {
    bounded_score(gap_score as f64 * AVAILABILITY_GAP_SHARE + delay_score as f64 * AVAILABILITY_DELAY_SHARE)
}

/// Availability (§4.4) of one surgeon's cases (in §1.1 order): the gap sub-score (50 under three gaps) and
/// the delay sub-score, blended 50/50. The pillar is `final_score`.
pub fn availability(cases: &[&ScoreCase], settings: &ScoreSettings) -> AvailabilityDiagnostics {
    let gaps: Vec<f64> = cases.iter().filter_map(|c| gap(c)).map(|g| gap_case_score(g, settings)).collect();
    let avg_gap = mean(&gaps);
    let gap_score = if gaps.len() >= MIN_GAP_CASES { bounded_score(avg_gap * 100.0) } else { NEUTRAL_SCORE };
    let flags: u64 = cases.iter().map(|c| u64::from(c.delay_flag_count)).sum();
    let rate = delay_rate(flags, cases.len());
    let delay = delay_score(rate);
    AvailabilityDiagnostics {
        gap_cases_scored: gaps.len() as i64,
        avg_gap_score: if gaps.is_empty() { 0.0 } else { round_dp(avg_gap, 3) },
        delay_rate: round_dp(rate, 1),
        gap_pillar_score: gap_score,
        delay_pillar_score: delay,
        final_score: availability_score(gap_score, delay),
    }
}

// ─── Composite, grade, trend (§4.5, §4.6) ────────────────────────────────────────────────────────────────────

/// JS round((((0 + P × 0.30) + C × 0.25) + S × 0.25) + A × 0.20), in exactly this f64 order; not clamped.
pub fn composite(pillars: &Pillars) -> i64 {
    let total = PILLARS.iter().fold(0.0, |acc, p| acc + pillars.get(p.key) as f64 * p.weight);
    js_round(total) as i64
}

/// The grade of a score: A ≥ 80, B ≥ 65, C ≥ 50, else D.
pub fn grade(score: i64) -> Grade {
    let (_, letter, label, text, bg) =
        GRADE_BANDS.iter().find(|band| score >= band.0).copied().unwrap_or(GRADE_BANDS[GRADE_BANDS.len() - 1]);
    Grade { letter: letter.into(), label: label.into(), text: text.into(), bg: bg.into() }
}

/// `up` / `down` against the previous composite; `stable` when equal or when there is none.
pub fn trend(composite: i64, previous: Option<i64>) -> Trend {
    match previous.map(|p| composite.cmp(&p)) {
        Some(Ordering::Greater) => Trend::Up,
        Some(Ordering::Less) => Trend::Down,
        _ => Trend::Stable,
    }
}

// ─── Facility score (§8) ─────────────────────────────────────────────────────────────────────────────────────

/// Minutes of median turnover that zero the turnover component.
pub const FACILITY_TURNOVER_ZERO_MINUTES: f64 = 60.0;

/// `compute_facility_score` (§8) from the period's KPIs as the KPI functions return them: OR utilization %,
/// median same-room turnover minutes (0 when none), FCOTS on-time % (0 when no first cases) and same-day
/// cancellation rate in **percent**. score = JS round(((u + t + f + c) / 4) × 100).
pub fn compute_facility_score(
    utilization_pct: f64,
    median_turnover_minutes: f64,
    fcots_pct: f64,
    cancellation_rate_pct: f64,
) -> FacilityScore {
    let u = clamp(utilization_pct / 100.0, 0.0, 1.0);
    let t = clamp(1.0 - median_turnover_minutes / FACILITY_TURNOVER_ZERO_MINUTES, 0.0, 1.0);
    let f = clamp(fcots_pct / 100.0, 0.0, 1.0);
    let c = clamp(1.0 - cancellation_rate_pct / 100.0, 0.0, 1.0);
    let score = js_round((u + t + f + c) / 4.0 * 100.0) as i64;
    let component = |x: f64| js_round(x * 100.0) as i64;
    FacilityScore {
        score,
        grade: grade(score),
        components: FacilityComponents {
            utilization: component(u),
            turnover: component(t),
            fcots: component(f),
            cancellation: component(c),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::model::PillarKey;
    use chrono::{NaiveDate, NaiveTime};
    use proptest::prelude::*;

    const NY: Tz = chrono_tz::America::New_York;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn local(d: NaiveDate, hms: &str) -> Millis {
        crate::values::local_instant(d, NaiveTime::parse_from_str(hms, "%H:%M:%S").unwrap(), NY)
    }

    fn pillars(p: i64, c: i64, s: i64, a: i64) -> Pillars {
        Pillars { profitability: p, consistency: c, sched_adherence: s, availability: a }
    }

    #[test]
    fn js_round_is_half_toward_positive_infinity() {
        assert_eq!(js_round(2.5), 3.0);
        assert_eq!(js_round(-2.5), -2.0);
        assert_eq!(js_round(52.49999999999999), 52.0);
        assert_eq!(round_dp(0.5625, 3), 0.563);
        assert_eq!(round_dp(1.3625, 2), 1.36);
        let z = round_dp(-0.0001, 2);
        assert!(z == 0.0 && z.is_sign_positive());
    }

    #[test]
    fn primitives_follow_section_2() {
        assert_eq!(minutes_between(Some(0), Some(90_000)), Some(1.5));
        assert_eq!(minutes_between(Some(0), Some(0)), None, "≤ 0 is null");
        assert_eq!(minutes_between(Some(10), Some(0)), None);
        assert_eq!(minutes_between(None, Some(1)), None);
        assert_eq!(mean(&[]), 0.0);
        assert_eq!(mean(&[1.0, 2.0]), 1.5);
        assert_eq!(sample_stddev(&[5.0]), 0.0);
        assert_eq!(sample_stddev(&[60.0, 70.0, 80.0]), 10.0);
        assert_eq!(cv(&[42.0]), 0.0, "one duration ⇒ CV 0");
        assert_eq!(cv(&[0.0, 0.0]), 0.0, "mean 0 ⇒ CV 0");
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[1.0, 2.0]), 1.5, "unrounded midpoint");
        assert_eq!(mad(&[7.0]), 0.0);
        assert_eq!(mad(&[100.0, 101.0]), 0.5);
        assert_eq!(clamp(-3.0, 10.0, 100.0), 10.0);
        assert_eq!(graduated(0.0, 20.0), 1.0);
        assert_eq!(graduated(-5.0, 20.0), 1.0);
        assert_eq!(graduated(7.0, 20.0), 0.65);
        assert_eq!(graduated(20.0, 20.0), 0.0);
        assert_eq!(MAD_MULTIPLIER, 16.666666666666668);
    }

    #[test]
    fn worked_example_1_kernel() {
        assert_eq!(mad_score(20.0, &[20.0, 10.0], true, 0.0), 67);
        assert_eq!(mad_score(10.0, &[20.0, 10.0], true, 0.0), 33);
        // Floor 5 % of 100.5 = 5.025 dominates the MAD 0.5.
        assert_eq!(mad_score(101.0, &[100.0, 101.0], true, 0.0), 52);
        assert_eq!(mad_score(100.0, &[100.0, 101.0], true, 0.0), 48);
        // Median 0, MAD 0: range interpolation.
        assert_eq!(mad_score(0.0, &[0.0, 0.0, 500.0], true, 0.0), 10);
        assert_eq!(mad_score(500.0, &[0.0, 0.0, 500.0], true, 0.0), 100);
        // Consistency with the 0.01 absolute floor.
        let cvs = [0.05, 0.06, 0.10];
        assert_eq!(mad_score(0.05, &cvs, false, MIN_ABSOLUTE_MAD_CV), 67);
        assert_eq!(mad_score(0.06, &cvs, false, MIN_ABSOLUTE_MAD_CV), 50);
        assert_eq!(mad_score(0.10, &cvs, false, MIN_ABSOLUTE_MAD_CV), 10);
        assert_eq!(effective_mad(&cvs, MIN_ABSOLUTE_MAD_CV), 0.01);
    }

    #[test]
    fn kernel_fallbacks_and_bands() {
        assert_eq!(mad_score(123.0, &[], true, 0.0), 50, "no cohort");
        assert_eq!(mad_score(7.0, &[7.0], true, 0.0), 50, "alone in the cohort");
        assert_eq!(mad_score(7.0, &[7.0], false, 0.01), 50);
        assert_eq!(mad_score(3.0, &[0.0], true, 0.0), 50, "single peer 0");
        assert_eq!(mad_score(12.0, &[10.0], true, 0.0), 70, "ratio 1.2");
        assert_eq!(mad_score(12.0, &[10.0], false, 0.0), 30);
        // Identical values with median ≠ 0: eff = 5 % of |median| → 50.
        assert_eq!(mad_score(40.0, &[40.0, 40.0, 40.0], true, 0.0), 50);
        // All-zero profitability cohort: lo = hi → 50.
        assert_eq!(mad_score(0.0, &[0.0, 0.0], true, 0.0), 50);
        // All CVs 0: eff = 0.01 → 50.
        assert_eq!(mad_score(0.0, &[0.0, 0.0, 0.0], false, MIN_ABSOLUTE_MAD_CV), 50);
        // 2 MAD → 83 / 17, 3 MAD → 100 / 10.
        let cohort = [0.0, 10.0, 20.0, 30.0, 40.0];
        assert_eq!(mad(&cohort), 10.0);
        assert_eq!(mad_score(40.0, &cohort, true, 0.0), 83);
        assert_eq!(mad_score(0.0, &cohort, true, 0.0), 17);
        assert_eq!(mad_score(50.0, &cohort, true, 0.0), 100);
        assert_eq!(mad_score(-10.0, &cohort, true, 0.0), 10);
        // Negative medians use |median| for the floor.
        assert_eq!(effective_mad(&[-100.0, -100.0], 0.0), 5.0);
    }

    #[test]
    fn worked_example_2_composite_float_order() {
        assert_eq!(57.0 * 0.30 + 50.0 * 0.25 + 50.0 * 0.25 + 52.0 * 0.20, 52.49999999999999);
        assert_eq!(composite(&pillars(57, 50, 50, 52)), 52, "not 53");
        assert_eq!(grade(52).letter, "C");
        assert_eq!(composite(&pillars(61, 53, 75, 64)), 63);
        assert_eq!(availability_score(91, 80), 86, "85.5 rounds up");
    }

    #[test]
    fn grades_and_trend() {
        let g = grade(80);
        assert_eq!(
            (g.letter.as_str(), g.label.as_str(), g.text.as_str(), g.bg.as_str()),
            ("A", "Elite", "#059669", "#ECFDF5")
        );
        assert_eq!(grade(79).letter, "B");
        assert_eq!(grade(65).label, "Strong");
        assert_eq!(grade(64).label, "Developing");
        assert_eq!(grade(50).letter, "C");
        let d = grade(49);
        assert_eq!(
            (d.letter.as_str(), d.label.as_str(), d.text.as_str(), d.bg.as_str()),
            ("D", "Needs Improvement", "#DC2626", "#FEF2F2")
        );
        assert_eq!(trend(60, Some(59)), Trend::Up);
        assert_eq!(trend(60, Some(61)), Trend::Down);
        assert_eq!(trend(60, Some(60)), Trend::Stable);
        assert_eq!(trend(60, None), Trend::Stable);
        let weights: Vec<(PillarKey, f64)> = PILLARS.iter().map(|p| (p.key, p.weight)).collect();
        assert_eq!(
            weights,
            [
                (PillarKey::Profitability, 0.30),
                (PillarKey::Consistency, 0.25),
                (PillarKey::SchedAdherence, 0.25),
                (PillarKey::Availability, 0.20)
            ]
        );
        assert_eq!(PillarKey::SchedAdherence.info().label, "Schedule Adherence");
        assert_eq!(PillarKey::Availability.info().color, "#7C3AED");
    }

    fn adherence_case(d: NaiveDate, start: &str, actual: Millis) -> ScoreCase {
        ScoreCase {
            id: "x".into(),
            scheduled_date: d,
            start_time: Some(start.into()),
            patient_in: Some(actual),
            ..Default::default()
        }
    }

    #[test]
    fn worked_example_5_adherence_time_handling() {
        let settings = ScoreSettings::default();
        let pi = StartTimeMilestone::PatientIn;
        // EDT: 11:35:20Z is 07:35 local.
        let instant = Utc.with_ymd_and_hms(2026, 3, 9, 11, 35, 20).unwrap().timestamp_millis();
        let c = adherence_case(date(2026, 3, 9), "07:30", instant);
        assert_eq!(start_delta_minutes(&c, pi, NY), Some(5));
        assert_eq!(adherence_case_score(5, &settings), 0.9);
        // After local midnight: 1440 + 15 − 1430 = 25 → over 22 ≥ 20 → 0.
        let c = adherence_case(date(2026, 3, 2), "23:50", local(date(2026, 3, 3), "00:15:00"));
        assert_eq!(start_delta_minutes(&c, pi, NY), Some(25));
        assert_eq!(adherence_case_score(25, &settings), 0.0);
        // Seconds of the slot are ignored, seconds of the instant truncated.
        let c = adherence_case(date(2026, 3, 2), "07:30:59", local(date(2026, 3, 2), "07:30:59"));
        assert_eq!(start_delta_minutes(&c, pi, NY), Some(0));
        // DST day (2026-03-08, 02:00 → 03:00): the local wall clock counts.
        let c = adherence_case(date(2026, 3, 8), "07:30", local(date(2026, 3, 8), "07:31:00"));
        assert_eq!(start_delta_minutes(&c, pi, NY), Some(1));
        // Early starts and the other milestone.
        let early = adherence_case(date(2026, 3, 2), "07:30", local(date(2026, 3, 2), "07:25:00"));
        assert_eq!(start_delta_minutes(&early, pi, NY), Some(-5));
        assert_eq!(adherence_case_score(-5, &settings), 1.0);
        assert_eq!(start_delta_minutes(&early, StartTimeMilestone::Incision, NY), None, "no incision");
        let mut no_slot = early.clone();
        no_slot.start_time = None;
        assert_eq!(start_delta_minutes(&no_slot, pi, NY), None);
        no_slot.start_time = Some("garbage".into());
        assert_eq!(start_delta_minutes(&no_slot, pi, NY), None);
    }

    #[test]
    fn worked_example_6_delay_rate_over_100_percent() {
        let rate = delay_rate(4, 3);
        assert!((rate - 133.333).abs() < 0.001);
        assert_eq!(delay_score(rate), 10);
        assert_eq!(delay_score(0.0), 100);
        assert_eq!(delay_score(25.0), 50);
        assert_eq!(delay_score(45.0), 10);
        assert_eq!(delay_rate(0, 0), 0.0);
        // No delay flags: delay 100, so availability ≥ 55 whatever the gaps.
        assert_eq!(availability_score(10, 100), 55);
    }

    #[test]
    fn worked_example_7_facility_score() {
        let s = compute_facility_score(70.0, 30.0, 80.0, 2.1);
        assert_eq!(s.score, 74);
        assert_eq!(s.grade.letter, "B");
        assert_eq!(s.components, FacilityComponents { utilization: 70, turnover: 50, fcots: 80, cancellation: 98 });
        // Inputs beyond the scale clamp; no turnovers (0 min) → 100.
        let s = compute_facility_score(150.0, 0.0, -5.0, 200.0);
        assert_eq!(s.components, FacilityComponents { utilization: 100, turnover: 100, fcots: 0, cancellation: 0 });
        assert_eq!(s.score, 50);
    }

    #[test]
    fn availability_sub_scores() {
        let settings = ScoreSettings::default();
        let d = date(2026, 3, 2);
        let with_gap = |minutes: i64, flags: u32| ScoreCase {
            incision: Some(local(d, "08:00:00") + minutes * 60_000),
            prep_drape_complete: Some(local(d, "08:00:00")),
            delay_flag_count: flags,
            scheduled_date: d,
            ..Default::default()
        };
        // Two gaps only → gap sub-score 50; 2 flags on 4 cases → 50 % → 10.
        let cases = [with_gap(6, 0), with_gap(3, 2), with_gap(-1, 0), ScoreCase::default()];
        let refs: Vec<&ScoreCase> = cases.iter().collect();
        let a = availability(&refs, &settings);
        assert_eq!((a.gap_cases_scored, a.avg_gap_score, a.gap_pillar_score), (2, 0.85, 50));
        assert_eq!((a.delay_rate, a.delay_pillar_score, a.final_score), (50.0, 10, 30));
        // Three gaps → scored; fractional over.
        let cases = [with_gap(2, 0), with_gap(5, 0), with_gap(13, 0), with_gap(4, 1), ScoreCase::default()];
        let refs: Vec<&ScoreCase> = cases.iter().collect();
        let a = availability(&refs, &settings);
        assert_eq!((a.gap_cases_scored, a.gap_pillar_score, a.delay_pillar_score, a.final_score), (4, 68, 60, 64));
        assert_eq!(gap_case_score(3.5, &settings), 0.95);
    }

    #[test]
    fn blend_is_volume_weighted_left_to_right() {
        assert_eq!(blend(&[]), (50, METHOD_DEFAULT.to_string()));
        assert_eq!(blend(&[(33, 3)]), (33, METHOD_SINGLE.to_string()));
        assert_eq!(blend(&[(67, 3), (53, 2)]), (61, "volume-weighted across 2 cohorts".to_string()));
        assert_eq!(blend(&[(67, 3), (33, 2)]).0, 53, "53.4");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn kernel_stays_in_bounds(
            value in -1.0e6f64..1.0e6,
            cohort in prop::collection::vec(-1.0e6f64..1.0e6, 0..8),
            higher in any::<bool>(),
            abs_min in prop::sample::select(vec![0.0, MIN_ABSOLUTE_MAD_CV]),
        ) {
            let s = mad_score(value, &cohort, higher, abs_min);
            prop_assert!((MIN_PILLAR_SCORE..=MAX_PILLAR_SCORE).contains(&s));
            // The kernel only sees the cohort as a multiset.
            let mut reversed = cohort.clone();
            reversed.reverse();
            prop_assert_eq!(s, mad_score(value, &reversed, higher, abs_min));
        }

        #[test]
        fn the_cohort_median_scores_50(cohort in prop::collection::vec(0.5f64..1.0e4, 1..8), higher in any::<bool>()) {
            prop_assert_eq!(mad_score(median(&cohort), &cohort, higher, 0.0), 50);
        }

        #[test]
        fn composite_of_bounded_pillars_is_bounded(
            p in 10i64..=100,
            c in 10i64..=100,
            s in 10i64..=100,
            a in 10i64..=100,
        ) {
            let x = composite(&pillars(p, c, s, a));
            prop_assert!((10..=100).contains(&x));
            prop_assert!(x >= p.min(c).min(s).min(a) && x <= p.max(c).max(s).max(a));
        }

        #[test]
        fn facility_score_is_bounded(
            u in -50.0f64..200.0,
            t in -10.0f64..200.0,
            f in -50.0f64..200.0,
            c in -50.0f64..200.0,
        ) {
            let s = compute_facility_score(u, t, f, c);
            prop_assert!((0..=100).contains(&s.score));
        }
    }
}
