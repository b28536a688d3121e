//! Per-case timing KPIs (financials-kpis.md §8.8 cumulative tardiness, §8.9 non-operative time, §8.11 time
//! breakdown and average case time). No `Connection`.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::clock::Millis;
use crate::kpis::model::{
    AvgCaseTime, Direction, KpiCase, KpiInput, KpiResult, NonOperative, Tardiness, TimeBreakdown,
};
use crate::kpis::rules::{
    CaseSet, band_color, daily_points, daily_vs_target, delta, js_round, mean, minutes, scheduled_start,
};

/// The non-cancelled cases of a set that pass the filters.
fn measured<'a>(set: &CaseSet<'a>, input: &KpiInput) -> Vec<&'a KpiCase> {
    set.timeline.iter().copied().filter(|c| input.filter.passes(c)).collect()
}

/// minutes(a → b) when both exist and the value is > 0.
fn positive(a: Option<Millis>, b: Option<Millis>) -> Option<f64> {
    let m = minutes(a?, b?);
    (m > 0.0).then_some(m)
}

// ─── 8.8 Tardiness ───────────────────────────────────────────────────────────────────────────────────────────

/// Cumulative tardiness of one period's set, without the comparison.
pub(crate) fn tardiness_in(set: &CaseSet, input: &KpiInput) -> Tardiness {
    let mut per_day: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    let (mut cases, mut late) = (0, 0);
    for c in measured(set, input) {
        let (Some(scheduled), Some(patient_in)) = (scheduled_start(c, input.tz), c.patient_in) else { continue };
        let delay = minutes(scheduled, patient_in);
        let day = per_day.entry(c.scheduled_date).or_default();
        cases += 1;
        if delay > 0.0 {
            *day += delay;
            late += 1;
        }
    }
    let sums: Vec<f64> = per_day.values().copied().collect();
    let m = mean(&sums);
    let target = input.settings.tardiness_target_minutes;
    Tardiness {
        result: KpiResult::new(
            js_round(m),
            target,
            m <= target,
            daily_vs_target(&per_day, target, Direction::LowerIsBetter),
        ),
        mean_minutes: m,
        measured_days: sums.len() as i64,
        measured_cases: cases,
        late_cases: late,
    }
}

/// Cumulative tardiness (§8.8; lower is better; D-K3: days without lateness count as 0) of `input.period`,
/// compared with `input.previous`.
pub fn tardiness(input: &KpiInput) -> Tardiness {
    let mut out = tardiness_in(&CaseSet::of(input.cases, input.period), input);
    let previous = tardiness_in(&CaseSet::of(input.cases, input.previous), input);
    out.result.compare(previous.result.value, Direction::LowerIsBetter);
    out
}

// ─── 8.9 Non-operative time ──────────────────────────────────────────────────────────────────────────────────

/// Non-operative time of one period's set, without the comparison.
pub(crate) fn non_operative_in(set: &CaseSet, input: &KpiInput) -> NonOperative {
    let (warn, bad) = (input.settings.non_op_warn_minutes, input.settings.non_op_bad_minutes);
    let (mut pres, mut posts, mut non_ops, mut totals) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut per_day: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
    for c in measured(set, input) {
        let (Some(patient_in), Some(incision)) = (c.patient_in, c.incision) else { continue };
        let pre = minutes(patient_in, incision);
        if pre < 0.0 {
            continue;
        }
        let post = match (c.closing_complete, c.patient_out) {
            (Some(a), Some(b)) if minutes(a, b) >= 0.0 => minutes(a, b),
            _ => 0.0,
        };
        let non_op = pre + post;
        pres.push(pre);
        posts.push(post);
        non_ops.push(non_op);
        per_day.entry(c.scheduled_date).or_default().push(non_op);
        if let Some(total) = positive(c.patient_in, c.patient_out) {
            totals.push(total);
        }
    }
    let m = mean(&non_ops);
    let share = if totals.is_empty() { 0.0 } else { js_round(m / mean(&totals) * 100.0) };
    let daily: BTreeMap<NaiveDate, f64> = per_day.iter().map(|(&d, v)| (d, mean(v))).collect();
    NonOperative {
        result: KpiResult::new(js_round(m), warn, m <= warn, daily_points(&daily, |v| band_color(v, warn, bad))),
        mean_minutes: m,
        mean_pre_minutes: mean(&pres),
        mean_post_minutes: mean(&posts),
        share_percent: share,
        status: band_color(m, warn, bad),
        warn_minutes: warn,
        bad_minutes: bad,
        case_count: non_ops.len() as i64,
    }
}

/// Non-operative time (§8.9; lower is better) of `input.period`, compared with `input.previous`.
pub fn non_operative_time(input: &KpiInput) -> NonOperative {
    let mut out = non_operative_in(&CaseSet::of(input.cases, input.period), input);
    let previous = non_operative_in(&CaseSet::of(input.cases, input.previous), input);
    out.result.compare(previous.result.value, Direction::LowerIsBetter);
    out
}

// ─── 8.11 Time breakdown, average case time ──────────────────────────────────────────────────────────────────

/// The positive component values of §8.11, per component.
#[derive(Default)]
struct Components {
    total: Vec<f64>,
    surgical: Vec<f64>,
    pre_op: Vec<f64>,
    anesthesia: Vec<f64>,
    closing: Vec<f64>,
    emergence: Vec<f64>,
    cases: i64,
}

/// The components over the non-cancelled cases with patient_in and patient_out (D-K6: positive values only).
fn components(set: &CaseSet, input: &KpiInput) -> Components {
    let mut out = Components::default();
    for c in measured(set, input) {
        if c.patient_in.is_none() || c.patient_out.is_none() {
            continue;
        }
        out.cases += 1;
        let add = |v: &mut Vec<f64>, x: Option<f64>| v.extend(x);
        add(&mut out.total, positive(c.patient_in, c.patient_out));
        add(&mut out.surgical, positive(c.incision, c.closing));
        add(&mut out.pre_op, positive(c.patient_in, c.incision));
        add(&mut out.anesthesia, positive(c.anes_start, c.anes_end));
        add(&mut out.closing, positive(c.closing, c.closing_complete.or(c.patient_out)));
        add(&mut out.emergence, positive(c.closing_complete, c.patient_out));
    }
    out
}

/// Time breakdown of one period's set.
pub(crate) fn time_breakdown_in(set: &CaseSet, input: &KpiInput) -> TimeBreakdown {
    let c = components(set, input);
    let (pre_op, closing, emergence) = (mean(&c.pre_op), mean(&c.closing), mean(&c.emergence));
    TimeBreakdown {
        total: mean(&c.total),
        surgical: mean(&c.surgical),
        pre_op,
        anesthesia: mean(&c.anesthesia),
        closing,
        emergence,
        breakdown_non_operative: pre_op + closing + emergence,
        case_count: c.cases,
    }
}

/// Time breakdown (§8.11) of `input.period`: unrounded means of the positive component values, 0 when none.
pub fn time_breakdown(input: &KpiInput) -> TimeBreakdown {
    time_breakdown_in(&CaseSet::of(input.cases, input.period), input)
}

/// Average case time of one period's set, without the comparison.
pub(crate) fn avg_case_time_in(set: &CaseSet, input: &KpiInput) -> AvgCaseTime {
    let c = components(set, input);
    AvgCaseTime {
        value: js_round(mean(&c.total)),
        completed_cases: c.cases,
        previous_value: 0.0,
        delta: None,
        delta_type: None,
    }
}

/// Average case time (§8.11; lower is better) of `input.period`, compared with `input.previous`.
pub fn avg_case_time(input: &KpiInput) -> AvgCaseTime {
    let mut out = avg_case_time_in(&CaseSet::of(input.cases, input.period), input);
    let previous = avg_case_time_in(&CaseSet::of(input.cases, input.previous), input).value;
    let d = delta(out.value, previous, Direction::LowerIsBetter);
    out.previous_value = previous;
    out.delta = d.map(|(v, _)| v);
    out.delta_type = d.map(|(_, t)| t);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpis::model::{DeltaType, KpiColor, KpiSettings};
    use crate::kpis::testkit::{CaseBuilder, day, input, period};

    #[test]
    fn worked_example_10_tardiness() {
        // Day 1 delays +10, −3, +5 → 15; day 2 delays −2, 0 → 0; mean 7.5 → 8.
        let case = |id: &str, d: u32, start: &str, pin: &str| {
            CaseBuilder::new(id, day(d)).room("OR1").start(start).at("patient_in", pin).build()
        };
        let rows = vec![
            case("a", 10, "07:30", "07:40:00"),
            case("b", 10, "09:00", "08:57:00"),
            case("c", 10, "11:00", "11:05:00"),
            case("d", 11, "07:30", "07:28:00"),
            case("e", 11, "09:00", "09:00:00"),
            // Not measured: no start time, no patient_in, cancelled.
            CaseBuilder::new("f", day(11)).at("patient_in", "10:00:00").build(),
            CaseBuilder::new("g", day(11)).start("10:00").build(),
            CaseBuilder::new("h", day(11)).start("10:00").at("patient_in", "12:00:00").status("cancelled").build(),
        ];
        let settings = KpiSettings::default();
        let out = tardiness(&input(&rows, &settings, period(10, 11)));
        assert_eq!(out.mean_minutes, 7.5);
        assert_eq!(out.result.value, 8.0);
        assert_eq!((out.measured_days, out.measured_cases, out.late_cases), (2, 5, 2));
        assert!(out.result.target_met);
        let daily: Vec<f64> = out.result.daily.iter().map(|p| p.numeric_value).collect();
        assert_eq!(daily, [15.0, 0.0]);
        let none = tardiness(&input(&[], &settings, period(10, 11)));
        assert_eq!((none.result.value, none.measured_days), (0.0, 0));
    }

    #[test]
    fn non_operative_time_pre_post_and_share() {
        let d = day(10);
        let rows = vec![
            // pre 15, post 10 → 25; total 120.
            CaseBuilder::new("a", d)
                .at("patient_in", "07:00:00")
                .at("incision", "07:15:00")
                .at("closing_complete", "08:50:00")
                .at("patient_out", "09:00:00")
                .build(),
            // pre 20, closing_complete after patient_out → post 0 → 20; total 100.
            CaseBuilder::new("b", d)
                .at("patient_in", "10:00:00")
                .at("incision", "10:20:00")
                .at("closing_complete", "11:45:00")
                .at("patient_out", "11:40:00")
                .build(),
            // Negative pre: not measured.
            CaseBuilder::new("c", d).at("patient_in", "12:00:00").at("incision", "11:50:00").build(),
            // pre 40 without patient_out: measured, no total.
            CaseBuilder::new("e", d).at("patient_in", "13:00:00").at("incision", "13:40:00").build(),
        ];
        let settings = KpiSettings::default();
        let out = non_operative_time(&input(&rows, &settings, period(10, 10)));
        assert_eq!(out.case_count, 3);
        assert!((out.mean_minutes - 85.0 / 3.0).abs() < 1e-9);
        assert_eq!(out.result.value, 28.0);
        // mean non_op 28.33 / mean total 110 → 25.76 % → 26.
        assert_eq!(out.share_percent, 26.0);
        assert_eq!(out.status, KpiColor::Yellow);
        assert!(!out.result.target_met);
        assert_eq!(out.result.target, 20.0);
        assert_eq!(out.result.daily[0].color, KpiColor::Yellow);
        let none = non_operative_time(&input(&[], &settings, period(10, 10)));
        assert_eq!((none.result.value, none.share_percent, none.status), (0.0, 0.0, KpiColor::Green));
    }

    #[test]
    fn time_breakdown_counts_positive_components_only() {
        let d = day(10);
        let rows = vec![
            CaseBuilder::new("a", d)
                .at("patient_in", "07:00:00")
                .at("anes_start", "07:05:00")
                .at("anes_end", "08:45:00")
                .at("incision", "07:30:00")
                .at("closing", "08:30:00")
                .at("closing_complete", "08:50:00")
                .at("patient_out", "09:00:00")
                .build(),
            // No closing_complete: closing runs to patient_out; anesthesia negative → not counted.
            CaseBuilder::new("b", d)
                .at("patient_in", "10:00:00")
                .at("anes_start", "10:10:00")
                .at("anes_end", "10:05:00")
                .at("incision", "10:20:00")
                .at("closing", "11:00:00")
                .at("patient_out", "11:30:00")
                .build(),
            // No patient_out: not in the breakdown at all.
            CaseBuilder::new("c", d).at("patient_in", "12:00:00").at("incision", "12:10:00").build(),
        ];
        let settings = KpiSettings::default();
        let b = time_breakdown(&input(&rows, &settings, period(10, 10)));
        assert_eq!(b.case_count, 2);
        assert_eq!(b.total, 105.0);
        assert_eq!(b.surgical, 50.0);
        assert_eq!(b.pre_op, 25.0);
        assert_eq!(b.anesthesia, 100.0);
        assert_eq!(b.closing, 25.0);
        assert_eq!(b.emergence, 10.0);
        assert_eq!(b.breakdown_non_operative, 60.0);
        let mut rows2 = rows.clone();
        rows2.push(CaseBuilder::new("p", day(9)).at("patient_in", "07:00:00").at("patient_out", "09:00:00").build());
        let t = avg_case_time(&input(&rows2, &settings, period(10, 10)));
        assert_eq!((t.value, t.completed_cases, t.previous_value), (105.0, 2, 120.0));
        // raw = round_js(−12.5) = −12 (half toward +∞); shorter is better.
        assert_eq!((t.delta, t.delta_type), (Some(12.0), Some(DeltaType::Increase)));
    }
}
