//! The shared KPI conventions (financials-kpis.md §0.2, §7): numeric helpers, the case set, scheduled start,
//! surgeon done time, the deterministic orders, and the §7.4 result pieces (delta, daily colours, status).
//! No `Connection`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::clock::Millis;
use crate::kpis::model::{ClosingWorkflow, DailyPoint, DeltaType, Direction, KpiCase, KpiColor, KpiResult, KpiStatus};
use crate::scoring::Period;
use crate::values;

pub use crate::flags::metrics::minutes;
pub use crate::flags::rules::{js_round, round1};
pub use crate::scoring::rules::mean;

/// Daily trackers keep at most this many dates (the last ones with data).
pub const DAILY_POINTS: usize = 30;
/// Lower-is-better daily colour: yellow up to this multiple of the target.
pub const YELLOW_ABOVE_TARGET_FACTOR: f64 = 1.2;
/// Higher-is-better daily colour: yellow down to this multiple of the target.
pub const YELLOW_BELOW_TARGET_FACTOR: f64 = 0.8;
/// `kpi_status`: `warn` from this ratio.
pub const STATUS_WARN_RATIO: f64 = 0.7;
/// `kpi_status`: denominators are at least this.
pub const STATUS_MIN_DENOMINATOR: f64 = 0.01;

// ─── Numeric helpers (§0.2) ──────────────────────────────────────────────────────────────────────────────────

/// The unrounded median (odd n: middle value; even n: mean of the two middle values); `None` when empty.
pub fn median(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| crate::scoring::rules::median(v))
}

/// `round_js(x)` as a whole number, `0` for `None` (the "0 when none" of every rounded KPI value).
pub fn rounded_or_zero(x: Option<f64>) -> f64 {
    x.map_or(0.0, js_round)
}

/// round_js(part / whole × 100); 0 when whole is 0.
pub fn percent_rounded(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { js_round(part as f64 / whole as f64 * 100.0) }
}

// ─── Case set (§7.1) ─────────────────────────────────────────────────────────────────────────────────────────

/// The KPI cases of one period (§7.1): non-draft, non-excluded cases with `scheduled_date` in the period,
/// sorted by (date, id); `timeline` is the same without cancelled cases (D-K2).
#[derive(Debug, Clone)]
pub struct CaseSet<'a> {
    /// The set, cancelled cases included (volume and cancellation rate).
    pub cases: Vec<&'a KpiCase>,
    /// The non-cancelled cases (every timeline KPI).
    pub timeline: Vec<&'a KpiCase>,
}

impl<'a> CaseSet<'a> {
    /// The set of `period` among `rows`.
    pub fn of(rows: &'a [KpiCase], period: Period) -> CaseSet<'a> {
        let mut cases: Vec<&KpiCase> =
            rows.iter().filter(|c| !c.is_draft && !c.is_excluded && period.contains(c.scheduled_date)).collect();
        cases.sort_by(|a, b| a.scheduled_date.cmp(&b.scheduled_date).then_with(|| a.id.cmp(&b.id)));
        let timeline = cases.iter().copied().filter(|c| !c.is_cancelled()).collect();
        CaseSet { cases, timeline }
    }
}

// ─── Scheduled start, done time, names (§7.2, §7.3) ─────────────────────────────────────────────────────────

/// The scheduled start `HH:MM[:SS]` of a case as a wall-clock time (seconds kept, for ordering); `None`
/// when missing or when hour and minute do not parse.
pub fn start_time(c: &KpiCase) -> Option<NaiveTime> {
    let text = c.start_time.as_deref()?;
    let mut fields = text.trim().split(':');
    let hour: u32 = fields.next()?.trim().parse().ok()?;
    let minute: u32 = fields.next()?.trim().parse().ok()?;
    let hour_minute = NaiveTime::from_hms_opt(hour, minute, 0)?;
    let second: u32 = fields.next().and_then(|s| s.trim().parse().ok()).unwrap_or(0);
    Some(NaiveTime::from_hms_opt(hour, minute, second).unwrap_or(hour_minute))
}

/// The scheduled start instant (§7.2): `local_instant(scheduled_date, start_time)` with the seconds ignored;
/// `None` without a (parseable) start_time.
pub fn scheduled_start(c: &KpiCase, tz: Tz) -> Option<Millis> {
    let t = start_time(c)?;
    let hm = NaiveTime::from_hms_opt(chrono::Timelike::hour(&t), chrono::Timelike::minute(&t), 0)?;
    Some(values::local_instant(c.scheduled_date, hm, tz))
}

/// The local wall-clock `HH:MM` of an instant.
pub fn local_hhmm(at: Millis, tz: Tz) -> String {
    let mut s = values::local_time(at, tz);
    s.truncate(5);
    s
}

/// `done(case)` (§7.3): surgeon_left (milestone, else `surgeon_left_at`); else for `surgeon_closes` (or no
/// surgeon) closing_complete, else closing; for `pa_closes` closing + `closing_handoff_minutes`.
pub fn done(c: &KpiCase) -> Option<Millis> {
    if let Some(left) = c.milestone("surgeon_left") {
        return Some(left);
    }
    if c.surgeon_id.is_some() && c.closing_workflow == ClosingWorkflow::PaCloses {
        return c.closing.map(|closing| closing + c.closing_handoff_minutes * 60_000);
    }
    c.closing_complete.or(c.closing)
}

/// `Dr. <last>` of the case's surgeon; `None` without a surgeon.
pub fn surgeon_name(c: &KpiCase) -> Option<String> {
    c.surgeon_id.as_ref()?;
    Some(crate::scoring::engine::surgeon_name(c.surgeon_last_name.as_deref().unwrap_or("")))
}

/// The surgeon order of §0.2: last name, first name, then id.
pub fn surgeon_order(a: &KpiCase, b: &KpiCase) -> Ordering {
    (a.surgeon_last_name.as_deref(), a.surgeon_first_name.as_deref(), a.surgeon_id.as_deref()).cmp(&(
        b.surgeon_last_name.as_deref(),
        b.surgeon_first_name.as_deref(),
        b.surgeon_id.as_deref(),
    ))
}

/// The room order of §0.2 (display_order, name, id) of two cases' rooms.
pub fn room_order(a: &KpiCase, b: &KpiCase) -> Ordering {
    (a.room_display_order, a.room_name.as_deref(), a.or_room_id.as_deref()).cmp(&(
        b.room_display_order,
        b.room_name.as_deref(),
        b.or_room_id.as_deref(),
    ))
}

/// The room-day order of §8.2 (shared with the flag engine, D-K4): start_time (missing last), recorded
/// patient_in (missing last), case_number, id. FCOTS's first case is the minimum of this order among cases
/// with a start_time.
pub fn room_day_order(a: &KpiCase, b: &KpiCase) -> Ordering {
    let key = |c: &KpiCase| {
        let start = start_time(c);
        (start.is_none(), start, c.patient_in.is_none(), c.patient_in)
    };
    key(a).cmp(&key(b)).then_with(|| a.case_number.cmp(&b.case_number)).then_with(|| a.id.cmp(&b.id))
}

/// The room timelines of §8.2 step 1: cases with a room grouped by (date, room), each in [`room_day_order`].
pub fn room_timelines<'a>(timeline: &[&'a KpiCase]) -> BTreeMap<(NaiveDate, &'a str), Vec<&'a KpiCase>> {
    let mut groups: BTreeMap<(NaiveDate, &str), Vec<&KpiCase>> = BTreeMap::new();
    for &c in timeline {
        if let Some(room) = c.or_room_id.as_deref() {
            groups.entry((c.scheduled_date, room)).or_default().push(c);
        }
    }
    for group in groups.values_mut() {
        group.sort_by(|a, b| room_day_order(a, b));
    }
    groups
}

/// Cases grouped by (surgeon, date); cases without a surgeon are left out. Groups keep the input order.
pub fn surgeon_days<'a>(cases: &[&'a KpiCase]) -> BTreeMap<(&'a str, NaiveDate), Vec<&'a KpiCase>> {
    let mut groups: BTreeMap<(&str, NaiveDate), Vec<&KpiCase>> = BTreeMap::new();
    for &c in cases {
        if let Some(s) = c.surgeon_id.as_deref() {
            groups.entry((s, c.scheduled_date)).or_default().push(c);
        }
    }
    groups
}

// ─── Result shape (§7.4) ─────────────────────────────────────────────────────────────────────────────────────

/// The change of `current` against `previous` (§7.4): `None` when previous is 0 (or not finite); else
/// (|raw|, type) with raw = round_js((current − previous) / previous × 100), the type flipped for
/// lower-is-better KPIs so that `increase` is an improvement.
pub fn delta(current: f64, previous: f64, direction: Direction) -> Option<(f64, DeltaType)> {
    if previous == 0.0 || !previous.is_finite() {
        return None;
    }
    let raw = js_round((current - previous) / previous * 100.0);
    let up = match direction {
        Direction::HigherIsBetter => raw > 0.0,
        Direction::LowerIsBetter => raw < 0.0,
    };
    let kind = if raw == 0.0 {
        DeltaType::Unchanged
    } else if up {
        DeltaType::Increase
    } else {
        DeltaType::Decrease
    };
    Some((raw.abs(), kind))
}

/// The daily colour of §7.4: lower-is-better green ≤ target, yellow ≤ 1.2 × target; higher-is-better green
/// ≥ target, yellow ≥ 0.8 × target; else red.
pub fn daily_color(value: f64, target: f64, direction: Direction) -> KpiColor {
    match direction {
        Direction::LowerIsBetter if value <= target => KpiColor::Green,
        Direction::LowerIsBetter if value <= YELLOW_ABOVE_TARGET_FACTOR * target => KpiColor::Yellow,
        Direction::HigherIsBetter if value >= target => KpiColor::Green,
        Direction::HigherIsBetter if value >= YELLOW_BELOW_TARGET_FACTOR * target => KpiColor::Yellow,
        _ => KpiColor::Red,
    }
}

/// Two-threshold colour (non-operative time, §8.9): green ≤ warn, yellow ≤ bad, else red.
pub fn band_color(value: f64, warn: f64, bad: f64) -> KpiColor {
    if value <= warn {
        KpiColor::Green
    } else if value <= bad {
        KpiColor::Yellow
    } else {
        KpiColor::Red
    }
}

/// `kpi_status(value, target, inverse)` (§7.4): ratio = value / max(target, 0.01) (inverse: target /
/// max(value, 0.01)); ≥ 1 good, ≥ 0.7 warn, else bad.
pub fn kpi_status(value: f64, target: f64, inverse: bool) -> KpiStatus {
    let ratio =
        if inverse { target / value.max(STATUS_MIN_DENOMINATOR) } else { value / target.max(STATUS_MIN_DENOMINATOR) };
    if ratio >= 1.0 {
        KpiStatus::Good
    } else if ratio >= STATUS_WARN_RATIO {
        KpiStatus::Warn
    } else {
        KpiStatus::Bad
    }
}

/// The last [`DAILY_POINTS`] dates of `values`, ascending, coloured by `color`.
pub fn daily_points(values: &BTreeMap<NaiveDate, f64>, color: impl Fn(f64) -> KpiColor) -> Vec<DailyPoint> {
    let skip = values.len().saturating_sub(DAILY_POINTS);
    values.iter().skip(skip).map(|(&date, &v)| DailyPoint { date, numeric_value: v, color: color(v) }).collect()
}

/// Daily points coloured by [`daily_color`] against `target`.
pub fn daily_vs_target(values: &BTreeMap<NaiveDate, f64>, target: f64, direction: Direction) -> Vec<DailyPoint> {
    daily_points(values, |v| daily_color(v, target, direction))
}

impl KpiResult {
    /// A result without a comparison yet (`previous_value` 0, no delta).
    pub fn new(value: f64, target: f64, target_met: bool, daily: Vec<DailyPoint>) -> KpiResult {
        KpiResult { value, target, target_met, previous_value: 0.0, delta: None, delta_type: None, daily }
    }

    /// Records the previous period's value and the delta against it.
    pub fn compare(&mut self, previous: f64, direction: Direction) {
        self.previous_value = previous;
        let d = delta(self.value, previous, direction);
        self.delta = d.map(|(v, _)| v);
        self.delta_type = d.map(|(_, t)| t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpis::testkit::{CaseBuilder, TZ, day, local};

    #[test]
    fn delta_follows_section_7_4() {
        assert_eq!(delta(60.0, 50.0, Direction::HigherIsBetter), Some((20.0, DeltaType::Increase)));
        assert_eq!(delta(60.0, 50.0, Direction::LowerIsBetter), Some((20.0, DeltaType::Decrease)));
        assert_eq!(delta(40.0, 50.0, Direction::LowerIsBetter), Some((20.0, DeltaType::Increase)));
        assert_eq!(delta(50.2, 50.0, Direction::HigherIsBetter), Some((0.0, DeltaType::Unchanged)));
        assert_eq!(delta(10.0, 0.0, Direction::HigherIsBetter), None, "undefined when p is 0");
        // raw = round_js(−2.5) = −2 (half toward +∞), |raw| = 2.
        assert_eq!(delta(97.5, 100.0, Direction::HigherIsBetter), Some((2.0, DeltaType::Decrease)));
    }

    #[test]
    fn colours_and_status() {
        use KpiColor::*;
        assert_eq!(daily_color(30.0, 30.0, Direction::LowerIsBetter), Green);
        assert_eq!(daily_color(36.0, 30.0, Direction::LowerIsBetter), Yellow);
        assert_eq!(daily_color(36.1, 30.0, Direction::LowerIsBetter), Red);
        assert_eq!(daily_color(85.0, 85.0, Direction::HigherIsBetter), Green);
        assert_eq!(daily_color(68.0, 85.0, Direction::HigherIsBetter), Yellow);
        assert_eq!(daily_color(67.9, 85.0, Direction::HigherIsBetter), Red);
        assert_eq!(band_color(20.0, 20.0, 30.0), Green);
        assert_eq!(band_color(30.0, 20.0, 30.0), Yellow);
        assert_eq!(band_color(30.5, 20.0, 30.0), Red);
        assert_eq!(kpi_status(85.0, 85.0, false), KpiStatus::Good);
        assert_eq!(kpi_status(60.0, 85.0, false), KpiStatus::Warn);
        assert_eq!(kpi_status(50.0, 85.0, false), KpiStatus::Bad);
        assert_eq!(kpi_status(40.0, 30.0, true), KpiStatus::Warn);
        assert_eq!(kpi_status(0.0, 30.0, true), KpiStatus::Good, "value floored at 0.01");
        assert_eq!(kpi_status(5.0, 0.0, false), KpiStatus::Good, "target floored at 0.01");
    }

    #[test]
    fn daily_keeps_the_last_30_dates() {
        let values: BTreeMap<NaiveDate, f64> = (0..40).map(|i| (day(1) + chrono::Duration::days(i), 1.0)).collect();
        let points = daily_points(&values, |_| KpiColor::Green);
        assert_eq!(points.len(), 30);
        assert_eq!(points[0].date, day(1) + chrono::Duration::days(10));
        assert_eq!(points[29].date, day(1) + chrono::Duration::days(39));
    }

    #[test]
    fn scheduled_start_ignores_seconds_and_bad_times() {
        let c = CaseBuilder::new("c1", day(10)).start("07:30:45").build();
        assert_eq!(scheduled_start(&c, TZ), Some(local(day(10), "07:30:00")));
        assert_eq!(start_time(&c), NaiveTime::from_hms_opt(7, 30, 45));
        for bad in ["", "7", "25:00", "07:61", "xx:10"] {
            let c = CaseBuilder::new("c1", day(10)).start(bad).build();
            assert_eq!(scheduled_start(&c, TZ), None, "{bad}");
        }
        let c = CaseBuilder::new("c1", day(10)).start("07:30").build();
        assert_eq!(scheduled_start(&c, TZ), Some(local(day(10), "07:30:00")));
    }

    #[test]
    fn scheduled_start_is_dst_correct() {
        // 2025-03-09 02:30 does not exist in New York (02:00 → 03:00): shifted forward by the gap.
        let c = CaseBuilder::new("c1", day(9)).start("02:30").build();
        assert_eq!(scheduled_start(&c, TZ), Some(local(day(9), "03:30:00")));
        // 2025-03-08 is EST (UTC−5), 03-10 EDT (UTC−4).
        let c = CaseBuilder::new("c1", day(8)).start("07:30").build();
        assert_eq!(scheduled_start(&c, TZ), Some(crate::kpis::testkit::utc(day(8), "12:30:00")));
        let c = CaseBuilder::new("c1", day(10)).start("07:30").build();
        assert_eq!(scheduled_start(&c, TZ), Some(crate::kpis::testkit::utc(day(10), "11:30:00")));
    }

    #[test]
    fn done_follows_section_7_3() {
        let base = CaseBuilder::new("c", day(10)).surgeon("P");
        let closing = local(day(10), "09:00:00");
        let complete = local(day(10), "09:20:00");
        let left = local(day(10), "09:10:00");
        let c = base.clone().at("closing", "09:00:00").at("closing_complete", "09:20:00").build();
        assert_eq!(done(&c), Some(complete));
        let c = base.clone().at("closing", "09:00:00").build();
        assert_eq!(done(&c), Some(closing));
        let mut c = base.clone().at("closing", "09:00:00").build();
        c.surgeon_left_at = Some(left);
        assert_eq!(done(&c), Some(left), "surgeon_left_at supplies surgeon_left");
        c.surgeon_left = Some(left + 60_000);
        assert_eq!(done(&c), Some(left + 60_000), "a recorded milestone wins over the column");
        let c = base.clone().pa_closes(5).at("closing", "09:00:00").at("closing_complete", "09:20:00").build();
        assert_eq!(done(&c), Some(closing + 5 * 60_000));
        let c = base.clone().pa_closes(5).at("closing_complete", "09:20:00").build();
        assert_eq!(done(&c), None, "pa_closes without closing");
        let mut c = CaseBuilder::new("c", day(10)).pa_closes(5).at("closing_complete", "09:20:00").build();
        c.surgeon_id = None;
        assert_eq!(done(&c), Some(complete), "no surgeon: the surgeon_closes rule");
    }

    #[test]
    fn case_set_drops_drafts_excluded_and_other_dates() {
        let rows = vec![
            CaseBuilder::new("b", day(10)).build(),
            CaseBuilder::new("a", day(11)).status("cancelled").build(),
            CaseBuilder::new("d", day(10)).draft().build(),
            CaseBuilder::new("e", day(10)).excluded().build(),
            CaseBuilder::new("f", day(12)).build(),
        ];
        let set = CaseSet::of(&rows, Period::new(day(10), day(11)).unwrap());
        let ids = |v: &[&KpiCase]| v.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&set.cases), ["b", "a"]);
        assert_eq!(ids(&set.timeline), ["b"]);
    }
}
