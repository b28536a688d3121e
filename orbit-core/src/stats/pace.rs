//! Pace tracking (lifecycle-and-stats.md §5.5): where a case in progress stands against its surgeon's
//! history for the procedure. Read-only; the medians come from the aggregate relations, so a pace read
//! reflects exactly the committed stats rows.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::access::Scope;
use crate::cases::history;
use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::stats::aggregates::{self, AggregateQuery};
use crate::values;

/// Samples needed on both sides (procedure and milestone) before a pace is trustworthy.
pub const MIN_PACE_SAMPLES: i64 = 10;

/// Where a case stands (§5.5). Minutes are unrounded; positive pace = ahead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CasePace {
    /// The latest recorded milestone (highest position).
    pub current_milestone: String,
    /// Expected total minutes (the surgeon's median for the procedure) and its p25..p75 range.
    pub expected_total_minutes: f64,
    /// p25 of the total.
    pub expected_total_p25: Option<f64>,
    /// p75 of the total.
    pub expected_total_p75: Option<f64>,
    /// Expected minutes from patient_in to the current milestone and its p25..p75 range.
    pub expected_to_milestone_minutes: f64,
    /// p25 to the milestone.
    pub expected_to_milestone_p25: Option<f64>,
    /// p75 to the milestone.
    pub expected_to_milestone_p75: Option<f64>,
    /// Cases behind the procedure median.
    pub procedure_samples: i64,
    /// Cases behind the milestone median.
    pub milestone_samples: i64,
    /// min(procedure_samples, milestone_samples) ≥ [`MIN_PACE_SAMPLES`].
    pub has_enough_data: bool,
    /// min(expected_to_milestone / expected_total, 1); 0 when the total is ≤ 0.
    pub progress: f64,
    /// minutes(now, start + expected_to_milestone); `None` without a scheduled start.
    pub pace_minutes: Option<f64>,
    /// The status of `pace_minutes`.
    pub pace_status: Option<&'static str>,
    /// Case-detail variant: expected_to_milestone − minutes(patient_in, current milestone).
    pub detail_pace_minutes: Option<f64>,
    /// The status of `detail_pace_minutes`.
    pub detail_pace_status: Option<&'static str>,
}

/// ≥ 5 ahead, ≥ −5 on_pace, ≥ −15 slightly_behind, else behind.
pub fn pace_status(minutes: f64) -> &'static str {
    match minutes {
        m if m >= 5.0 => "ahead",
        m if m >= -5.0 => "on_pace",
        m if m >= -15.0 => "slightly_behind",
        _ => "behind",
    }
}

fn minutes(a: Millis, b: Millis) -> f64 {
    (b - a) as f64 / 60_000.0
}

fn num(r: &crate::reference::Record, k: &str) -> Option<f64> {
    r.get(k).and_then(serde_json::Value::as_f64)
}

/// The latest recorded milestone with a position: (name, source type, recorded_at).
fn current(conn: &Connection, case_id: &str) -> Result<Option<(String, Option<String>, Millis)>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT fm.name, fm.source_milestone_type_id, cm.recorded_at, {} AS pos
             FROM case_milestones cm JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
             JOIN cases c ON c.id = cm.case_id
             WHERE cm.case_id = ?1 AND cm.recorded_at IS NOT NULL AND pos IS NOT NULL
             ORDER BY pos DESC, cm.recorded_at DESC LIMIT 1",
            crate::cases::MILESTONE_POSITION
        ))?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

impl Scope {
    /// `case_pace(case, now)` (§5.5): `None` when there is no pace (no surgeon/procedure stats row, no
    /// recorded milestone with a position, or no milestone stats row for it). `now` defaults to the
    /// library clock.
    pub fn case_pace(&self, case_id: &str, now: Option<Millis>) -> Result<Option<CasePace>> {
        let id = values::parse_uuid("case_id", case_id)?;
        let now = now.unwrap_or_else(|| self.orbit().now_ms());
        self.read(|conn, ctx| {
            let s = history::state(conn, &id)?
                .filter(|s| crate::cases::visible(ctx, s))
                .ok_or_else(|| Error::not_found("case_id"))?;
            let (Some(surgeon), Some(procedure)) = (s.surgeon_id.clone(), s.procedure_type_id.clone()) else {
                return Ok(None);
            };
            let tz: String =
                conn.query_row("SELECT timezone FROM facilities WHERE id = ?1", [&s.facility_id], |r| r.get(0))?;
            let tz = values::timezone("timezone", &tz)?;
            let today = values::local_date(now, tz).format("%Y-%m-%d").to_string();
            let q = AggregateQuery {
                facility_id: s.facility_id.clone(),
                surgeon_id: Some(surgeon),
                procedure_type_id: Some(procedure),
            };
            let Some(p) = aggregates::read(conn, "surgeon_procedure_stats", &q, &today)?.into_iter().next() else {
                return Ok(None);
            };
            let Some((name, source, at)) = current(conn, &id)? else { return Ok(None) };
            let total = num(&p, "median_duration").unwrap_or(0.0);
            let n_p = p["sample_size"].as_i64().unwrap_or(0);
            let (expected, p25, p75, n_m) = if name == "patient_in" {
                (0.0, Some(0.0), Some(0.0), n_p)
            } else {
                let milestone = match source {
                    None => None,
                    Some(t) => aggregates::read(conn, "surgeon_milestone_stats", &q, &today)?
                        .into_iter()
                        .find(|m| m["milestone_type_id"].as_str() == Some(t.as_str())),
                };
                let Some(m) = milestone else { return Ok(None) };
                (
                    num(&m, "median_minutes_from_start").unwrap_or(0.0),
                    num(&m, "p25_minutes_from_start"),
                    num(&m, "p75_minutes_from_start"),
                    m["sample_size"].as_i64().unwrap_or(0),
                )
            };
            let start = s.start_time.as_deref().and_then(|t| {
                let date = NaiveDate::parse_from_str(&s.scheduled_date, "%Y-%m-%d").ok()?;
                Some(values::local_instant(date, NaiveTime::parse_from_str(t, "%H:%M:%S").ok()?, tz))
            });
            let pace = start.map(|st| minutes(now, st + (expected * 60_000.0).round() as Millis));
            let pi = super::key_times(conn, &id)?.get("patient_in").copied();
            let detail = pi.map(|pi| expected - minutes(pi, at));
            Ok(Some(CasePace {
                current_milestone: name,
                expected_total_minutes: total,
                expected_total_p25: num(&p, "p25_duration"),
                expected_total_p75: num(&p, "p75_duration"),
                expected_to_milestone_minutes: expected,
                expected_to_milestone_p25: p25,
                expected_to_milestone_p75: p75,
                procedure_samples: n_p,
                milestone_samples: n_m,
                has_enough_data: n_p.min(n_m) >= MIN_PACE_SAMPLES,
                progress: if total <= 0.0 { 0.0 } else { (expected / total).min(1.0) },
                pace_minutes: pace,
                pace_status: pace.map(pace_status),
                detail_pace_minutes: detail,
                detail_pace_status: detail.map(pace_status),
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_bands_are_inclusive_at_their_lower_edge() {
        let cases = [(5.0, "ahead"), (4.99, "on_pace"), (-5.0, "on_pace"), (-5.01, "slightly_behind")];
        for (m, want) in cases.into_iter().chain([(-15.0, "slightly_behind"), (-15.01, "behind")]) {
            assert_eq!(pace_status(m), want, "{m}");
        }
    }
}
