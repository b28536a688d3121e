//! Pattern detection (flags.md §12) over the values of [`FlagAnalytics`] as returned (rates already rounded to
//! 1 decimal). Pure; the constants are fixed by the spec. Percent strings use JS `Math.round`; multipliers and
//! rate text use JavaScript `toFixed` (`flags::rules::to_fixed`), whose ties go to the larger magnitude.

use serde::Serialize;

use crate::flags::analytics::FlagAnalytics;
use crate::flags::rules::{js_round, to_fixed};

/// No patterns below this many flags.
pub const MIN_FLAGS: u64 = 3;
/// A day spikes when its excess over the daily average is above this.
pub const DAY_SPIKE_EXCESS: f64 = 0.5;
/// A spike above this excess is critical.
pub const DAY_SPIKE_CRITICAL_EXCESS: f64 = 1.0;
/// Relative change of the weekly means that makes a trend.
pub const TREND_CHANGE: f64 = 0.2;
/// Weeks a trend needs.
pub const TREND_MIN_WEEKS: usize = 3;
/// A room concentrates flags above this share of flags…
pub const ROOM_FLAG_SHARE: f64 = 0.35;
/// …while handling less than this share of cases.
pub const ROOM_CASE_SHARE: f64 = 0.3;
/// A surgeon recurs above this multiple of the facility flag rate.
pub const SURGEON_RATE_MULTIPLE: f64 = 2.0;
/// An equipment cascade needs this many equipment delays…
pub const CASCADE_MIN_DELAYS: u64 = 2;
/// …and more than this many flags per flagged case.
pub const CASCADE_FLAGS_PER_CASE: f64 = 1.5;
/// Delay type names (case-insensitive substrings) that are equipment-related.
pub const EQUIPMENT_WORDS: &[&str] = &["equipment", "supply", "instrument", "device", "implant"];

/// A detected pattern (§12).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pattern {
    /// `day_spike`, `trend_improvement`, `trend_deterioration`, `room_concentration`, `recurring_surgeon` or
    /// `equipment_cascade`.
    #[serde(rename = "type")]
    pub pattern_type: String,
    /// Title.
    pub title: String,
    /// Description.
    pub desc: String,
    /// `critical`, `warning` or `good`.
    pub severity: String,
    /// The headline figure, e.g. "+80%" or "2.1x".
    pub metric: String,
}

fn pattern(pattern_type: &str, title: String, desc: String, severity: &str, metric: String) -> Pattern {
    Pattern { pattern_type: pattern_type.into(), title, desc, severity: severity.into(), metric }
}

/// JS `Math.round(x)` printed as JavaScript prints the integer (−0 prints "0").
fn js_int(x: f64) -> String {
    let r = js_round(x);
    format!("{}", if r == 0.0 { 0.0 } else { r })
}

/// §12 over the analytics: detectors 1–5 in order, then a stable sort by severity (critical, warning, good).
pub fn detect(a: &FlagAnalytics) -> Vec<Pattern> {
    if a.summary.total_flags < MIN_FLAGS {
        return Vec::new();
    }
    let mut out = Vec::new();
    day_spikes(a, &mut out);
    trends(a, &mut out);
    room_concentration(a, &mut out);
    recurring_surgeons(a, &mut out);
    equipment_cascade(a, &mut out);
    let rank = |s: &str| match s {
        "critical" => 0,
        "warning" => 1,
        _ => 2,
    };
    out.sort_by_key(|p| rank(&p.severity));
    out
}

fn day_spikes(a: &FlagAnalytics, out: &mut Vec<Pattern>) {
    let rows = &a.day_of_week_heatmap;
    if rows.is_empty() {
        return;
    }
    let avg = rows.iter().map(|r| r.total as f64).sum::<f64>() / rows.len() as f64;
    if avg == 0.0 {
        return;
    }
    for r in rows {
        let excess = (r.total as f64 - avg) / avg;
        if excess <= DAY_SPIKE_EXCESS || r.total < MIN_FLAGS {
            continue;
        }
        let mut top = ("FCOTS", r.fcots);
        for candidate in [("Timing", r.timing), ("Turnover", r.turnover), ("Delay", r.delay)] {
            if candidate.1 > top.1 {
                top = candidate;
            }
        }
        let pct = format!("+{}%", js_int(excess * 100.0));
        out.push(pattern(
            "day_spike",
            format!("{} Spike", r.day),
            format!(
                "{}s average {pct} more flags than other days. {} of {} flags are {}.",
                r.day, top.1, r.total, top.0
            ),
            if excess > DAY_SPIKE_CRITICAL_EXCESS { "critical" } else { "warning" },
            pct,
        ));
    }
}

fn trends(a: &FlagAnalytics, out: &mut Vec<Pattern>) {
    let n = a.weekly_trend.len();
    if n < TREND_MIN_WEEKS {
        return;
    }
    let mid = n / 2;
    let mean = |v: &[u64]| v.iter().map(|x| *x as f64).sum::<f64>() / v.len() as f64;
    let series: [(Vec<u64>, [&str; 4]); 2] = [
        (
            a.weekly_trend.iter().map(|w| w.threshold).collect(),
            [
                "Threshold Flags Declining",
                "Auto-detected flags down {p} over recent weeks. Threshold-based alerts are improving.",
                "Threshold Flags Increasing",
                "Auto-detected flags up {p} over recent weeks. Review flag rules for emerging issues.",
            ],
        ),
        (
            a.weekly_trend.iter().map(|w| w.delay).collect(),
            [
                "Reported Delays Declining",
                "User-reported delays down {p} over recent weeks. Operational improvements are working.",
                "Reported Delays Increasing",
                "User-reported delays up {p} over recent weeks. Investigate root causes.",
            ],
        ),
    ];
    for (counts, [good_title, good_desc, bad_title, bad_desc]) in series {
        let (first, second) = (mean(&counts[..mid]), mean(&counts[mid..]));
        if first <= 0.0 {
            continue;
        }
        let change = (second - first) / first;
        if change < -TREND_CHANGE {
            let p = format!("{}%", js_int(change * 100.0));
            out.push(pattern("trend_improvement", good_title.into(), good_desc.replace("{p}", &p), "good", p));
        } else if change > TREND_CHANGE {
            let p = format!("+{}%", js_int(change * 100.0));
            out.push(pattern("trend_deterioration", bad_title.into(), bad_desc.replace("{p}", &p), "warning", p));
        }
    }
}

fn room_concentration(a: &FlagAnalytics, out: &mut Vec<Pattern>) {
    let (cases, flags) = (a.summary.total_cases, a.summary.total_flags);
    if a.room_flags.is_empty() || cases == 0 || flags == 0 {
        return;
    }
    for r in &a.room_flags {
        let fs = r.flags as f64 / flags as f64;
        let cs = r.cases as f64 / cases as f64;
        if fs > ROOM_FLAG_SHARE && cs < ROOM_CASE_SHARE {
            let (f, c) = (format!("{}%", js_int(fs * 100.0)), format!("{}%", js_int(cs * 100.0)));
            out.push(pattern(
                "room_concentration",
                format!("{} Flag Concentration", r.room),
                format!(
                    "{} accounts for {f} of all flags despite handling {c} of cases. Top issue: {}.",
                    r.room, r.top_issue
                ),
                "critical",
                f,
            ));
        }
    }
}

fn recurring_surgeons(a: &FlagAnalytics, out: &mut Vec<Pattern>) {
    let facility = a.summary.flag_rate;
    if facility == 0.0 {
        return;
    }
    for s in &a.surgeon_flags {
        if s.rate > SURGEON_RATE_MULTIPLE * facility && s.flags >= MIN_FLAGS {
            let k = to_fixed(s.rate / facility, 1);
            out.push(pattern(
                "recurring_surgeon",
                format!("{} Flag Pattern", s.name),
                format!(
                    "{} has a {}% flag rate ({k}x facility average). Top flag: {}.",
                    s.name,
                    to_fixed(s.rate, 0),
                    s.top_flag
                ),
                "warning",
                format!("{k}x"),
            ));
        }
    }
}

fn equipment_cascade(a: &FlagAnalytics, out: &mut Vec<Pattern>) {
    let n: u64 = a
        .delay_type_breakdown
        .iter()
        .filter(|d| {
            let name = d.name.to_lowercase();
            EQUIPMENT_WORDS.iter().any(|w| name.contains(w))
        })
        .map(|d| d.count)
        .sum();
    let avg = a.summary.avg_flags_per_case;
    if n >= CASCADE_MIN_DELAYS && avg > CASCADE_FLAGS_PER_CASE {
        let r = to_fixed(avg, 1);
        out.push(pattern(
            "equipment_cascade",
            "Equipment → Cascade Pattern".into(),
            format!(
                "{n} equipment-related delays detected. Cases average {r} flags each, suggesting equipment issues \
                 cascade into additional threshold flags."
            ),
            "critical",
            format!("{r}x"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::analytics::{DayOfWeekFlags, DelayBreakdown, FlagSummary, RoomFlags, SurgeonFlags, WeekFlags};

    fn day(name: &str, num: u32, counts: [u64; 4], total: u64) -> DayOfWeekFlags {
        let [fcots, timing, turnover, delay] = counts;
        DayOfWeekFlags { day: name.into(), day_num: num, fcots, timing, turnover, delay, total, ..Default::default() }
    }

    fn week(threshold: u64, delay: u64) -> WeekFlags {
        WeekFlags { week: "Mar 02".into(), threshold, delay, total: threshold + delay }
    }

    /// Worked example 17, every detector at once.
    fn example_17() -> FlagAnalytics {
        FlagAnalytics {
            summary: FlagSummary {
                total_cases: 50,
                flagged_cases: 10,
                flag_rate: 20.0,
                total_flags: 20,
                avg_flags_per_case: 1.6,
                ..Default::default()
            },
            day_of_week_heatmap: vec![
                day("Mon", 1, [1, 5, 2, 1], 9),
                day("Tue", 2, [0; 4], 3),
                day("Wed", 3, [0; 4], 3),
            ],
            weekly_trend: vec![week(4, 0), week(4, 0), week(2, 0), week(2, 0)],
            room_flags: vec![RoomFlags {
                room: "OR-3".into(),
                room_id: "r3".into(),
                cases: 10,
                flags: 8,
                rate: 50.0,
                top_issue: "Long Total Case Time".into(),
                top_delay: "N/A".into(),
            }],
            surgeon_flags: vec![SurgeonFlags {
                name: "Ana Diaz".into(),
                surgeon_id: "s1".into(),
                cases: 40,
                flagged_cases: 17,
                flags: 6,
                rate: 42.5,
                prev_rate: None,
                trend: 0.0,
                top_flag: "Late First Case Start".into(),
            }],
            delay_type_breakdown: vec![
                DelayBreakdown { name: "Equipment Delay".into(), count: 2, pct: 66.7, avg_duration: None },
                DelayBreakdown { name: "Implant / Device Delay".into(), count: 1, pct: 33.3, avg_duration: None },
            ],
            ..Default::default()
        }
    }

    #[test]
    fn worked_example_17_patterns() {
        let p = detect(&example_17());
        let kinds: Vec<(&str, &str)> = p.iter().map(|p| (p.pattern_type.as_str(), p.severity.as_str())).collect();
        assert_eq!(
            kinds,
            [
                ("room_concentration", "critical"),
                ("equipment_cascade", "critical"),
                ("day_spike", "warning"),
                ("recurring_surgeon", "warning"),
                ("trend_improvement", "good"),
            ]
        );
        let spike = &p[2];
        assert_eq!((spike.title.as_str(), spike.metric.as_str()), ("Mon Spike", "+80%"));
        assert_eq!(spike.desc, "Mons average +80% more flags than other days. 5 of 9 flags are Timing.");
        assert_eq!((p[4].title.as_str(), p[4].metric.as_str()), ("Threshold Flags Declining", "-50%"));
        assert_eq!(p[4].desc, "Auto-detected flags down -50% over recent weeks. Threshold-based alerts are improving.");
        assert_eq!((p[0].title.as_str(), p[0].metric.as_str()), ("OR-3 Flag Concentration", "40%"));
        assert_eq!(
            p[0].desc,
            "OR-3 accounts for 40% of all flags despite handling 20% of cases. Top issue: Long Total Case Time."
        );
        assert_eq!(p[3].metric, "2.1x");
        assert_eq!(p[3].desc, "Ana Diaz has a 43% flag rate (2.1x facility average). Top flag: Late First Case Start.");
        assert_eq!(p[1].metric, "1.6x");
        assert_eq!(p[1].title, "Equipment → Cascade Pattern");
        assert!(p[1].desc.starts_with("3 equipment-related delays detected. Cases average 1.6 flags each"));
    }

    #[test]
    fn fewer_than_three_flags_give_no_patterns() {
        let mut a = example_17();
        a.summary.total_flags = 2;
        assert!(detect(&a).is_empty());
    }

    #[test]
    fn thresholds_are_strict() {
        // Excess exactly 0.5 is no spike; a critical spike needs excess > 1.
        let mut a = example_17();
        a.day_of_week_heatmap = vec![day("Mon", 1, [0; 4], 6), day("Tue", 2, [0; 4], 2)];
        assert!(detect(&a).iter().all(|p| p.pattern_type != "day_spike"));
        a.day_of_week_heatmap =
            vec![day("Mon", 1, [3, 3, 0, 0], 9), day("Tue", 2, [0; 4], 1), day("Wed", 3, [0; 4], 2)];
        let spike = detect(&a).into_iter().find(|p| p.pattern_type == "day_spike").unwrap();
        assert_eq!((spike.severity.as_str(), spike.metric.as_str()), ("critical", "+125%"));
        assert!(spike.desc.ends_with("3 of 9 flags are FCOTS."), "first maximum wins ties: {}", spike.desc);
        // Exactly twice the facility rate is not recurring; deteriorating delays are a warning.
        a.surgeon_flags[0].rate = 40.0;
        a.weekly_trend = vec![week(1, 1), week(1, 2), week(1, 2)];
        let p = detect(&a);
        assert!(p.iter().all(|p| p.pattern_type != "recurring_surgeon"));
        let t = p.iter().find(|p| p.pattern_type == "trend_deterioration").unwrap();
        assert_eq!((t.title.as_str(), t.metric.as_str()), ("Reported Delays Increasing", "+100%"));
        // Room case share of exactly 0.3 does not concentrate.
        a.room_flags[0].cases = 15;
        assert!(detect(&a).iter().all(|p| p.pattern_type != "room_concentration"));
    }
}
