//! Data-quality detection as a pure function (lifecycle-and-stats.md §3.2): the facts of one case in, the
//! set of issues it has now out. No `Connection`.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::clock::Millis;
use crate::values;

/// Milliseconds in 24 hours (the `incomplete` rule).
pub const INCOMPLETE_AFTER_MS: i64 = 24 * 60 * 60 * 1000;

/// The case-level facts detection reads.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFacts {
    /// Status name (`scheduled`, `in_progress`, …).
    pub status: String,
    /// A draft.
    pub is_draft: bool,
    /// Scheduled date (facility-local).
    pub scheduled_date: NaiveDate,
    /// Today in the facility's zone.
    pub today: NaiveDate,
    /// The call's clock reading.
    pub now: Millis,
    /// The facility's active patient_in and patient_out milestone ids (for `missing`).
    pub patient_in_id: Option<String>,
    /// See `patient_in_id`.
    pub patient_out_id: Option<String>,
}

/// One case milestone row joined to its (active) facility milestone.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneFacts {
    /// `case_milestones.id`.
    pub row_id: String,
    /// Facility milestone id.
    pub facility_milestone_id: String,
    /// Facility milestone name.
    pub name: String,
    /// When recorded.
    pub recorded_at: Option<Millis>,
    /// Sequence position `pos(m)` (lifecycle-and-stats.md §1.7), if any.
    pub position: Option<i64>,
    /// `duration` or `sequence_gap`.
    pub validation_type: String,
    /// Minimum expected minutes.
    pub min_minutes: i64,
    /// Maximum expected minutes.
    pub max_minutes: i64,
    /// Pair partner (facility milestone id).
    pub pair_with_id: Option<String>,
}

/// One detected issue.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectedIssue {
    /// `missing`, `timeout`, `too_fast`, `impossible`, `stale` or `incomplete`.
    pub issue_type: &'static str,
    /// The milestone the issue is about (`None` for case-level issues).
    pub facility_milestone_id: Option<String>,
    /// The case milestone row.
    pub milestone_row_id: Option<String>,
    /// The measured value.
    pub detected_value: Option<f64>,
    /// Expected minimum.
    pub expected_min: Option<f64>,
    /// Expected maximum.
    pub expected_max: Option<f64>,
    /// Details object.
    pub details: Value,
}

fn minutes(a: Millis, b: Millis) -> f64 {
    (b - a) as f64 / 60_000.0
}

/// The issues case `case` has now, given its rows (only rows of active facility milestones).
pub fn detect(case: &CaseFacts, rows: &[MilestoneFacts]) -> Vec<DetectedIssue> {
    let mut out = Vec::new();
    if case.is_draft || case.status == "cancelled" {
        return out;
    }
    let recorded: Vec<&MilestoneFacts> = rows.iter().filter(|r| r.recorded_at.is_some()).collect();
    if case.status == "completed" {
        for (name, id) in [("patient_in", &case.patient_in_id), ("patient_out", &case.patient_out_id)] {
            if !recorded.iter().any(|r| r.name == name) {
                out.push(DetectedIssue {
                    issue_type: "missing",
                    facility_milestone_id: id.clone(),
                    milestone_row_id: rows.iter().find(|r| r.name == name).map(|r| r.row_id.clone()),
                    detected_value: None,
                    expected_min: None,
                    expected_max: None,
                    details: json!({"required_for": "completed case"}),
                });
            }
        }
    }
    for m in &recorded {
        let at = m.recorded_at.unwrap_or_default();
        let (min, max) = (m.min_minutes as f64, m.max_minutes as f64);
        let bounds = |kind: &'static str, value: f64, details: Value| DetectedIssue {
            issue_type: kind,
            facility_milestone_id: Some(m.facility_milestone_id.clone()),
            milestone_row_id: Some(m.row_id.clone()),
            detected_value: Some(value),
            expected_min: Some(min),
            expected_max: Some(max),
            details,
        };
        if m.validation_type == "duration" {
            let partner = m.pair_with_id.as_ref().and_then(|p| recorded.iter().find(|r| &r.facility_milestone_id == p));
            if let Some(p) = partner {
                let d = minutes(at, p.recorded_at.unwrap_or_default());
                let details = json!({"validation_type": "duration", "pair_milestone": p.name});
                if d > max {
                    out.push(bounds("timeout", d, details));
                } else if d < min {
                    out.push(bounds("too_fast", d, details));
                }
            }
            continue;
        }
        let Some(pos) = m.position else { continue };
        let prev = recorded
            .iter()
            .filter(|r| r.position.is_some_and(|p| p < pos))
            .max_by(|a, b| (a.position, a.recorded_at, &a.row_id).cmp(&(b.position, b.recorded_at, &b.row_id)));
        let Some(prev) = prev else { continue };
        let g = minutes(prev.recorded_at.unwrap_or_default(), at);
        if g < 0.0 {
            out.push(DetectedIssue {
                expected_min: Some(0.0),
                expected_max: None,
                ..bounds(
                    "impossible",
                    g,
                    json!({"validation_type": "sequence_gap", "previous_milestone": prev.name,
                           "message": "Recorded before previous milestone"}),
                )
            });
        } else {
            let details = json!({"validation_type": "sequence_gap", "previous_milestone": prev.name});
            if g > max {
                out.push(bounds("timeout", g, details));
            } else if g < min {
                out.push(bounds("too_fast", g, details));
            }
        }
    }
    if matches!(case.status.as_str(), "scheduled" | "delayed" | "on_hold")
        && case.scheduled_date < case.today
        && recorded.is_empty()
    {
        let days = (case.today - case.scheduled_date).num_days();
        out.push(DetectedIssue {
            issue_type: "stale",
            facility_milestone_id: None,
            milestone_row_id: None,
            detected_value: Some(days as f64),
            expected_min: None,
            expected_max: None,
            details: json!({"scheduled_date": case.scheduled_date.format("%Y-%m-%d").to_string(), "days_overdue": days}),
        });
    }
    if matches!(case.status.as_str(), "in_progress" | "delayed")
        && let Some(latest) = recorded.iter().filter_map(|r| r.recorded_at).max()
        && latest < case.now - INCOMPLETE_AFTER_MS
    {
        out.push(DetectedIssue {
            issue_type: "incomplete",
            facility_milestone_id: None,
            milestone_row_id: None,
            detected_value: Some((case.now - latest) as f64 / 3_600_000.0),
            expected_min: None,
            expected_max: Some(24.0),
            details: json!({"last_recorded_at": values::rfc3339_ms(latest)}),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Millis = 1_770_000_000_000;
    const MIN: Millis = 60_000;

    fn case(status: &str) -> CaseFacts {
        let d = NaiveDate::from_ymd_opt(2026, 2, 10).unwrap();
        CaseFacts {
            status: status.into(),
            is_draft: false,
            scheduled_date: d,
            today: d,
            now: T0 + 600 * MIN,
            patient_in_id: Some("pi".into()),
            patient_out_id: Some("po".into()),
        }
    }

    fn row(name: &str, pos: Option<i64>, at: Option<Millis>) -> MilestoneFacts {
        MilestoneFacts {
            row_id: format!("row-{name}"),
            facility_milestone_id: name.into(),
            name: name.into(),
            recorded_at: at,
            position: pos,
            validation_type: "sequence_gap".into(),
            min_minutes: 1,
            max_minutes: 90,
            pair_with_id: None,
        }
    }

    #[test]
    fn a_clean_case_has_no_issues() {
        let rows = [
            row("patient_in", Some(1), Some(T0)),
            row("incision", Some(6), Some(T0 + 35 * MIN)),
            row("patient_out", Some(12), Some(T0 + 120 * MIN)),
        ];
        assert!(detect(&case("completed"), &rows).is_empty());
    }

    #[test]
    fn out_of_order_recording_is_impossible_w7_5() {
        // incision at 08:00, then patient_in at 08:05: incision's Prev is patient_in, gap −5.
        let rows = [row("patient_in", Some(1), Some(T0 + 5 * MIN)), row("incision", Some(6), Some(T0))];
        let issues = detect(&case("in_progress"), &rows);
        assert_eq!(issues.len(), 1);
        let i = &issues[0];
        assert_eq!(
            (i.issue_type, i.detected_value, i.expected_min, i.expected_max),
            ("impossible", Some(-5.0), Some(0.0), None)
        );
        assert_eq!(i.details["previous_milestone"], "patient_in");
    }

    #[test]
    fn gaps_outside_min_max_time_out_or_are_too_fast() {
        let rows = [
            row("patient_in", Some(1), Some(T0)),
            row("incision", Some(6), Some(T0 + 120 * MIN)),
            row("closing", Some(8), Some(T0 + 120 * MIN)),
        ];
        let kinds: Vec<&str> = detect(&case("in_progress"), &rows).iter().map(|i| i.issue_type).collect();
        assert_eq!(kinds, ["timeout", "too_fast"]);
    }

    #[test]
    fn unrecorded_rows_are_skipped_as_predecessors_and_positionless_rows_get_no_gap() {
        let rows = [
            row("patient_in", Some(1), Some(T0)),
            row("anes_start", Some(2), None),
            row("incision", Some(6), Some(T0 + 30 * MIN)),
            row("ad_hoc", None, Some(T0 - 500 * MIN)),
        ];
        assert!(detect(&case("in_progress"), &rows).is_empty());
    }

    #[test]
    fn duration_pairs_check_only_the_pair() {
        let mut start = row("closing", Some(8), Some(T0 + 200 * MIN));
        start.validation_type = "duration".into();
        start.pair_with_id = Some("closing_complete".into());
        start.max_minutes = 30;
        let rows =
            [row("patient_in", Some(1), Some(T0)), start, row("closing_complete", Some(9), Some(T0 + 190 * MIN))];
        let issues = detect(&case("in_progress"), &rows);
        // closing → closing_complete = −10 min: too_fast (duration); closing_complete's gap from closing is −10: impossible.
        let kinds: Vec<(&str, Option<f64>)> = issues.iter().map(|i| (i.issue_type, i.detected_value)).collect();
        assert_eq!(kinds, [("too_fast", Some(-10.0)), ("impossible", Some(-10.0))]);
        assert_eq!(issues[0].details["pair_milestone"], "closing_complete");
    }

    #[test]
    fn completed_cases_need_patient_in_and_out() {
        let rows = [row("patient_in", Some(1), Some(T0))];
        let issues = detect(&case("completed"), &rows);
        assert_eq!(issues.len(), 1);
        assert_eq!((issues[0].issue_type, issues[0].facility_milestone_id.as_deref()), ("missing", Some("po")));
    }

    #[test]
    fn stale_and_incomplete_are_time_based_w7_5() {
        let mut c = case("scheduled");
        c.scheduled_date = NaiveDate::from_ymd_opt(2026, 2, 9).unwrap();
        c.today = NaiveDate::from_ymd_opt(2026, 2, 11).unwrap();
        let issues = detect(&c, &[row("patient_in", Some(1), None)]);
        assert_eq!(issues.len(), 1);
        assert_eq!((issues[0].issue_type, issues[0].detected_value), ("stale", Some(2.0)));
        assert_eq!(issues[0].details, json!({"scheduled_date": "2026-02-09", "days_overdue": 2}));
        let mut c = case("in_progress");
        c.now = T0 + 30 * 60 * MIN;
        let issues = detect(&c, &[row("patient_in", Some(1), Some(T0))]);
        assert_eq!(
            (issues[0].issue_type, issues[0].detected_value, issues[0].expected_max),
            ("incomplete", Some(30.0), Some(24.0))
        );
    }

    #[test]
    fn drafts_and_cancelled_cases_have_no_issues() {
        let mut c = case("scheduled");
        c.today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        c.is_draft = true;
        assert!(detect(&c, &[]).is_empty());
        assert!(detect(&case("cancelled"), &[]).is_empty());
    }
}
