//! The ORbit Score in the store (scoring.md §1, §5–§7, §9): the loader of scored cases, the query calls, and
//! `surgeon_scorecards` persistence.
//!
//! Access: computing and refreshing a facility need read access to it and `scores.view` (global and facility
//! admins always hold it); device reps and escort links never. `refresh_all_surgeon_scorecards` is for global
//! admins and the system context (a nightly job). Nothing refreshes automatically.
//!
//! Choices the spec leaves open (written down here): "today" for default periods is the library clock's
//! facility-local date; `refresh_all_surgeon_scorecards` covers every facility that is not soft-deleted;
//! `latest_surgeon_scorecards` keeps surgeons whose user row still exists, by composite desc then surgeon id.

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::{AccessContext, Level, Scope};
use crate::audit;
use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::rows::text;
use crate::scoring::model::{
    FacilityScore, Grade, ImprovementPlan, OrbitScores, Period, PlanConfig, ScoreCase, ScoreSettings, Scorecard,
    StartTimeMilestone,
};
use crate::scoring::{engine, plan, rules};
use crate::values;

/// A stored `surgeon_scorecards` row (§6) with the grade of its composite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredScorecard {
    /// Row id.
    pub id: String,
    /// The facility.
    pub facility_id: String,
    /// The surgeon.
    pub surgeon_id: String,
    /// First day of the period.
    pub period_start: String,
    /// Last day of the period.
    pub period_end: String,
    /// Composite (10–100).
    pub composite_score: i64,
    /// Profitability pillar.
    pub profitability_score: Option<i64>,
    /// Consistency pillar.
    pub consistency_score: Option<i64>,
    /// Schedule adherence pillar.
    pub sched_adherence_score: Option<i64>,
    /// Availability pillar.
    pub availability_score: Option<i64>,
    /// Scored cases.
    pub case_count: i64,
    /// `up`, `down` or `stable`.
    pub trend: Option<String>,
    /// The previous period's composite.
    pub previous_composite: Option<i64>,
    /// First insert.
    pub created_at: Millis,
    /// Last refresh.
    pub updated_at: Millis,
    /// The grade of `composite_score`.
    pub grade: Grade,
}

/// What `refresh_all_surgeon_scorecards` did for one facility.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacilityRefresh {
    /// The facility.
    pub facility_id: String,
    /// Its default period's first day.
    pub period_start: String,
    /// Its default period's last day (facility-local today).
    pub period_end: String,
    /// Scorecards written.
    pub scorecards: u64,
}

// ---------------------------------------------------------------------------------------------------------
// Loading

/// The facility's time zone.
fn timezone(conn: &Connection, facility: &str) -> Result<Tz> {
    let tz: String = conn.query_row("SELECT timezone FROM facilities WHERE id = ?1", [facility], |r| r.get(0))?;
    values::timezone("timezone", &tz)
}

/// The facility's score settings (§1.3): its `facility_analytics_settings` row, else the defaults.
pub(crate) fn settings(conn: &Connection, facility: &str) -> Result<ScoreSettings> {
    let row = conn
        .prepare_cached(
            "SELECT start_time_milestone, start_time_grace_minutes, start_time_floor_minutes, waiting_on_surgeon_minutes,
                    waiting_on_surgeon_floor_minutes, min_procedure_cases, min_case_threshold
             FROM facility_analytics_settings WHERE facility_id = ?1",
        )?
        .query_row([facility], |r| {
            Ok((
                r.get::<_, String>(0)?,
                [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get::<_, i64>(6)?],
            ))
        })
        .optional()?;
    let Some((milestone, [grace, floor, waiting, waiting_floor, min_procedure, min_cases])) = row else {
        return Ok(ScoreSettings::default());
    };
    Ok(ScoreSettings {
        start_time_milestone: milestone.parse::<StartTimeMilestone>()?,
        start_time_grace_minutes: grace,
        start_time_floor_minutes: floor,
        waiting_on_surgeon_minutes: waiting,
        waiting_on_surgeon_floor_minutes: waiting_floor,
        min_procedure_cases: min_procedure,
        min_case_threshold: min_cases,
    })
}

/// The milestones §1.2 reads, by name.
const MILESTONES: [&str; 4] = ["patient_in", "incision", "prep_drape_complete", "patient_out"];

/// The scored cases of `facility` dated in `dates` (§1.1–1.2), in no particular order.
///
/// One pass over the period's cases (by the facility/status/date index) with their recorded milestones (the
/// case's rows of the covering milestone index, the four names picked by id); profits come from one range of
/// the stats' (facility, date) index, names and delay-flag counts from small side reads. The cost is B-tree
/// descents on uuid keys: this shape makes two per case where a join per attribute made eight
/// (benches/RESULTS.md).
pub(crate) fn load_cases(conn: &Connection, facility: &str, dates: Period) -> Result<Vec<ScoreCase>> {
    let names = |sql: &str| -> Result<HashMap<String, (String, String)>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_map([facility], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?)
    };
    let surgeons = names("SELECT id, first_name, last_name FROM users WHERE facility_id = ?1")?;
    let procedures = names("SELECT id, name, '' FROM procedure_types WHERE facility_id = ?1")?;
    let mut milestone_ids: HashMap<String, usize> = HashMap::default();
    for (i, name) in MILESTONES.iter().enumerate() {
        let id: Option<String> = conn
            .prepare_cached("SELECT id FROM facility_milestones WHERE facility_id = ?1 AND name = ?2")?
            .query_row([facility, name], |r| r.get(0))
            .optional()?;
        milestone_ids.extend(id.map(|id| (id, i)));
    }
    let mut delays: HashMap<String, u32> = HashMap::default();
    let mut stmt =
        conn.prepare_cached("SELECT case_id FROM case_flags WHERE facility_id = ?1 AND flag_type = 'delay'")?;
    let mut rows = stmt.query([facility])?;
    while let Some(r) = rows.next()? {
        *delays.entry(r.get(0)?).or_default() += 1;
    }

    // Profits by a range of the stats' (facility, date) index: a rowid lookup each, not a uuid-key descent.
    let (from, to) = (dates.start.to_string(), dates.end.to_string());
    let mut profits: HashMap<String, i64> = HashMap::default();
    let mut stmt = conn.prepare_cached(
        "SELECT case_id, profit FROM case_completion_stats
         WHERE facility_id = ?1 AND case_date BETWEEN ?2 AND ?3 AND is_excluded = 0",
    )?;
    let mut rows = stmt.query([facility, &from, &to])?;
    while let Some(r) = rows.next()? {
        profits.insert(r.get(0)?, r.get(1)?);
    }

    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.case_number, c.surgeon_id, c.procedure_type_id, c.or_room_id, c.scheduled_date, c.start_time,
                cm.facility_milestone_id, cm.recorded_at
         FROM cases c JOIN case_statuses s ON s.id = c.status_id
         LEFT JOIN case_milestones cm ON cm.case_id = c.id AND cm.recorded_at IS NOT NULL
         WHERE c.facility_id = ?1 AND c.scheduled_date BETWEEN ?2 AND ?3 AND s.name = 'completed'
           AND c.data_validated = 1 AND c.is_excluded_from_metrics = 0 AND c.is_draft = 0 AND c.surgeon_id IS NOT NULL
         ORDER BY c.scheduled_date, c.rowid",
    )?;
    let mut rows = stmt.query([facility, &from, &to])?;
    let mut cases: Vec<ScoreCase> = Vec::new();
    // The order (the index's own, no sort) keeps the rows of one case together.
    let mut date = (String::new(), NaiveDate::default());
    while let Some(r) = rows.next()? {
        let id = text(r, 0)?.unwrap_or_default();
        if cases.last().is_none_or(|last| last.id != id) {
            let surgeon_id: String = r.get(2)?;
            let procedure_type_id: Option<String> = r.get(3)?;
            let (first, last) = surgeons.get(&surgeon_id).cloned().unwrap_or_default();
            let day = text(r, 5)?.unwrap_or_default();
            if date.0 != day {
                date = (day.to_string(), values::date("scheduled_date", day)?);
            }
            cases.push(ScoreCase {
                id: id.to_string(),
                case_number: r.get(1)?,
                surgeon_first_name: first,
                surgeon_last_name: last,
                procedure_name: procedure_type_id.as_ref().and_then(|p| procedures.get(p)).map(|n| n.0.clone()),
                surgeon_id,
                procedure_type_id,
                or_room_id: r.get(4)?,
                scheduled_date: date.1,
                start_time: r.get(6)?,
                profit: profits.get(id).map(|&cents| cents as f64 / 100.0),
                delay_flag_count: delays.get(id).copied().unwrap_or(0),
                ..ScoreCase::default()
            });
        }
        let Some(milestone) = text(r, 7)?.and_then(|m| milestone_ids.get(m)) else { continue };
        let instant: Millis = r.get(8)?;
        let Some(c) = cases.last_mut() else { continue };
        let slot = match milestone {
            0 => &mut c.patient_in,
            1 => &mut c.incision,
            2 => &mut c.prep_drape_complete,
            _ => &mut c.patient_out,
        };
        // Several rows of one name: the latest instant (§1.2).
        *slot = Some(slot.map_or(instant, |prev: Millis| prev.max(instant)));
    }
    Ok(cases)
}

/// Scores `facility` over `period` (its previous period loaded too).
fn score(conn: &Connection, facility: &str, period: Period, diagnostics: bool) -> Result<(OrbitScores, ScoreSettings)> {
    let settings = settings(conn, facility)?;
    let tz = timezone(conn, facility)?;
    let cases = load_cases(conn, facility, period.with_previous())?;
    Ok((engine::score_facility(&settings, tz, &cases, period, diagnostics)?, settings))
}

/// Checks that `ctx` may score `facility` (§6 access): `NotFound` for a facility it does not see (or none),
/// `PermissionDenied` without `scores.view`.
fn check_scorer(conn: &Connection, ctx: &AccessContext, facility: &str) -> Result<()> {
    ctx.check_member_read(conn, facility, "scores")?;
    if !ctx.has_permission(conn, "scores.view")? {
        return Err(Error::denied("scores need the scores.view permission"));
    }
    Ok(())
}

/// The given period, or the default one (§1.4) ending on the facility-local date of `now`.
fn period_or_default(
    conn: &Connection,
    facility: &str,
    start_date: Option<&str>,
    end_date: Option<&str>,
    now: Millis,
) -> Result<Period> {
    match (start_date, end_date) {
        (Some(s), Some(e)) => Period::parse(s, e),
        (None, None) => Ok(Period::default_ending(values::local_date(now, timezone(conn, facility)?))),
        _ => Err(Error::invalid("start_date", "give both start_date and end_date, or neither")),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Persistence

const STORED_COLUMNS: &str =
    "id, facility_id, surgeon_id, period_start, period_end, composite_score, profitability_score,
    consistency_score, sched_adherence_score, availability_score, case_count, trend, previous_composite, created_at,
    updated_at";

fn stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredScorecard> {
    let composite: i64 = r.get(5)?;
    Ok(StoredScorecard {
        id: r.get(0)?,
        facility_id: r.get(1)?,
        surgeon_id: r.get(2)?,
        period_start: r.get(3)?,
        period_end: r.get(4)?,
        composite_score: composite,
        profitability_score: r.get(6)?,
        consistency_score: r.get(7)?,
        sched_adherence_score: r.get(8)?,
        availability_score: r.get(9)?,
        case_count: r.get(10)?,
        trend: r.get(11)?,
        previous_composite: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
        grade: rules::grade(composite),
    })
}

/// Upserts the facility's scorecards of `period` and deletes the period's rows of surgeons without one (§6);
/// with `only`, just that surgeon's row.
fn persist(
    conn: &Connection,
    facility: &str,
    period: Period,
    cards: &[Scorecard],
    only: Option<&str>,
    now: Millis,
) -> Result<()> {
    let (start, end) = (period.start.to_string(), period.end.to_string());
    let mut upsert = conn.prepare_cached(
        "INSERT INTO surgeon_scorecards (id, facility_id, surgeon_id, period_start, period_end, composite_score,
             profitability_score, consistency_score, sched_adherence_score, availability_score, case_count, trend,
             previous_composite, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)
         ON CONFLICT (facility_id, surgeon_id, period_start, period_end) DO UPDATE SET
             composite_score = excluded.composite_score, profitability_score = excluded.profitability_score,
             consistency_score = excluded.consistency_score, sched_adherence_score = excluded.sched_adherence_score,
             availability_score = excluded.availability_score, case_count = excluded.case_count,
             trend = excluded.trend, previous_composite = excluded.previous_composite, updated_at = excluded.updated_at",
    )?;
    for c in cards.iter().filter(|c| only.is_none_or(|s| s == c.surgeon_id)) {
        upsert.execute(rusqlite::params![
            values::new_id(),
            facility,
            c.surgeon_id,
            start,
            end,
            c.composite,
            c.pillars.profitability,
            c.pillars.consistency,
            c.pillars.sched_adherence,
            c.pillars.availability,
            c.case_count,
            c.trend.as_str(),
            c.previous_composite,
            now
        ])?;
    }
    let kept = Value::from(cards.iter().map(|c| Value::from(c.surgeon_id.clone())).collect::<Vec<_>>()).to_string();
    conn.prepare_cached(
        "DELETE FROM surgeon_scorecards WHERE facility_id = ?1 AND period_start = ?2 AND period_end = ?3
           AND surgeon_id NOT IN (SELECT value FROM json_each(?4)) AND (?5 IS NULL OR surgeon_id = ?5)",
    )?
    .execute(rusqlite::params![facility, start, end, kept, only])?;
    Ok(())
}

fn period_rows(conn: &Connection, facility: &str, period: Period) -> Result<Vec<StoredScorecard>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {STORED_COLUMNS} FROM surgeon_scorecards WHERE facility_id = ?1 AND period_start = ?2
               AND period_end = ?3 ORDER BY composite_score DESC, surgeon_id"
        ))?
        .query_map(rusqlite::params![facility, period.start.to_string(), period.end.to_string()], stored)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Refreshes one facility's period (or one surgeon's row of it) in the call's transaction, with its audit row.
fn refresh(
    call: &crate::access::Call<'_>,
    facility: &str,
    period: Period,
    only: Option<&str>,
) -> Result<Vec<StoredScorecard>> {
    let (scores, _) = score(call.tx, facility, period, false)?;
    persist(call.tx, facility, period, &scores.scorecards, only, call.now)?;
    audit::record(
        call,
        audit::AuditEntry {
            action: "surgeon_scorecards.refreshed".into(),
            target_type: "facilities",
            target_id: facility.to_string(),
            facility_id: Some(facility.to_string()),
            new_values: Some(Map::from_iter([
                ("period_start".to_string(), Value::from(period.start.to_string())),
                ("period_end".to_string(), Value::from(period.end.to_string())),
                ("scorecards".to_string(), Value::from(scores.scorecards.len())),
                ("surgeon_id".to_string(), Value::from(only)),
            ])),
            ..Default::default()
        },
    )?;
    let rows = period_rows(call.tx, facility, period)?;
    Ok(rows.into_iter().filter(|r| only.is_none_or(|s| s == r.surgeon_id)).collect())
}

impl Scope {
    /// `compute_orbit_scores(facility, start, end, diagnostics)` (scoring.md §5): every surgeon's scorecard for
    /// the period, with the trend against the previous period, and the surgeons below `min_case_threshold`.
    /// Computed on demand; nothing is stored.
    pub fn compute_orbit_scores(
        &self,
        facility_id: &str,
        start_date: &str,
        end_date: &str,
        diagnostics: bool,
    ) -> Result<OrbitScores> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let period = Period::parse(start_date, end_date)?;
        self.read(|conn, ctx| {
            check_scorer(conn, ctx, &facility)?;
            Ok(score(conn, &facility, period, diagnostics)?.0)
        })
    }

    /// `compute_surgeon_scorecard(facility, surgeon, start?, end?)` (§5): the surgeon's card with diagnostics,
    /// scored within the whole facility; without dates, the default period ending facility-local today.
    /// `InsufficientCases` below `min_case_threshold`.
    pub fn compute_surgeon_scorecard(
        &self,
        facility_id: &str,
        surgeon_id: &str,
        start_date: Option<&str>,
        end_date: Option<&str>,
    ) -> Result<Scorecard> {
        Ok(self.surgeon_card(facility_id, surgeon_id, start_date, end_date)?.0)
    }

    /// `improvement_plan` (§9) for a surgeon's scorecard of the period (default: ending facility-local today),
    /// with `config` (default: §9's 60 / 4 / 65). Not stored.
    pub fn surgeon_improvement_plan(
        &self,
        facility_id: &str,
        surgeon_id: &str,
        start_date: Option<&str>,
        end_date: Option<&str>,
        config: Option<PlanConfig>,
    ) -> Result<ImprovementPlan> {
        let config = config.unwrap_or_default();
        config.validate()?;
        let (card, settings) = self.surgeon_card(facility_id, surgeon_id, start_date, end_date)?;
        plan::improvement_plan(&card, &settings, &config)
    }

    /// A surgeon's card with diagnostics (scored within the facility) and the settings it was scored with.
    fn surgeon_card(
        &self,
        facility_id: &str,
        surgeon_id: &str,
        start_date: Option<&str>,
        end_date: Option<&str>,
    ) -> Result<(Scorecard, ScoreSettings)> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let surgeon = values::parse_uuid("surgeon_id", surgeon_id)?;
        let now = self.now_ms();
        self.read(|conn, ctx| {
            check_scorer(conn, ctx, &facility)?;
            let period = period_or_default(conn, &facility, start_date, end_date, now)?;
            let (scores, settings) = score(conn, &facility, period, true)?;
            Ok((engine::surgeon_scorecard(&scores, &surgeon, &settings)?, settings))
        })
    }

    /// `refresh_surgeon_scorecards(facility, start, end)` (§6): scores the period and upserts one row per
    /// scored surgeon (id and created_at kept), deleting the period's rows of surgeons that no longer get a
    /// scorecard; one transaction, one audit row. Returns the period's rows.
    pub fn refresh_surgeon_scorecards(
        &self,
        facility_id: &str,
        start_date: &str,
        end_date: &str,
    ) -> Result<Vec<StoredScorecard>> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let period = Period::parse(start_date, end_date)?;
        self.write("refresh_surgeon_scorecards", |call| {
            check_scorer(call.tx, &call.ctx, &facility)?;
            refresh(call, &facility, period, None)
        })
    }

    /// `refresh_surgeon_scorecard(facility, surgeon, start?, end?)` (§6): the surgeon's row of the period
    /// (default: ending facility-local today), scored within the whole facility; `None` (and the period's row
    /// removed) when the surgeon no longer gets a scorecard. One transaction, one audit row.
    pub fn refresh_surgeon_scorecard(
        &self,
        facility_id: &str,
        surgeon_id: &str,
        start_date: Option<&str>,
        end_date: Option<&str>,
    ) -> Result<Option<StoredScorecard>> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let surgeon = values::parse_uuid("surgeon_id", surgeon_id)?;
        self.write("refresh_surgeon_scorecard", |call| {
            check_scorer(call.tx, &call.ctx, &facility)?;
            let period = period_or_default(call.tx, &facility, start_date, end_date, call.now)?;
            Ok(refresh(call, &facility, period, Some(&surgeon))?.pop())
        })
    }

    /// `refresh_all_surgeon_scorecards()` (§6): every facility, each over its default period ending on its
    /// local date of the library clock's now. Global admins and the system context only (a nightly job).
    pub fn refresh_all_surgeon_scorecards(&self) -> Result<Vec<FacilityRefresh>> {
        self.write("refresh_all_surgeon_scorecards", |call| {
            if !matches!(call.ctx.level, Level::System | Level::GlobalAdmin) {
                return Err(Error::denied("only global admins refresh every facility's scorecards"));
            }
            let facilities: Vec<String> = call
                .tx
                .prepare_cached("SELECT id FROM facilities ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::with_capacity(facilities.len());
            for facility in facilities {
                let period = Period::default_ending(values::local_date(call.now, timezone(call.tx, &facility)?));
                let rows = refresh(call, &facility, period, None)?;
                out.push(FacilityRefresh {
                    facility_id: facility,
                    period_start: period.start.to_string(),
                    period_end: period.end.to_string(),
                    scorecards: rows.len() as u64,
                });
            }
            Ok(out)
        })
    }

    /// `latest_surgeon_scorecards(facility)` (§6): per surgeon, the stored row with the greatest period_end,
    /// then updated_at; by composite desc, then surgeon id.
    pub fn latest_surgeon_scorecards(&self, facility_id: &str) -> Result<Vec<StoredScorecard>> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        self.read(|conn, ctx| {
            check_scorer(conn, ctx, &facility)?;
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT {STORED_COLUMNS} FROM (
                         SELECT *, row_number() OVER (PARTITION BY surgeon_id
                                                      ORDER BY period_end DESC, updated_at DESC, id DESC) AS n
                         FROM surgeon_scorecards WHERE facility_id = ?1)
                     WHERE n = 1 ORDER BY composite_score DESC, surgeon_id"
                ))?
                .query_map([&facility], stored)?
                .collect::<rusqlite::Result<_>>()?)
        })
    }

    /// `compute_facility_score(utilization %, median turnover minutes, FCOTS %, cancellation rate %)` (§8):
    /// pure; the KPI values as the facility KPI functions return them.
    pub fn compute_facility_score(
        &self,
        utilization_pct: f64,
        median_turnover_minutes: f64,
        fcots_pct: f64,
        cancellation_rate_pct: f64,
    ) -> Result<FacilityScore> {
        for (name, v) in [
            ("utilization_pct", utilization_pct),
            ("median_turnover_minutes", median_turnover_minutes),
            ("fcots_pct", fcots_pct),
            ("cancellation_rate_pct", cancellation_rate_pct),
        ] {
            if !v.is_finite() {
                return Err(Error::invalid(name, "must be a finite number"));
            }
        }
        Ok(rules::compute_facility_score(utilization_pct, median_turnover_minutes, fcots_pct, cancellation_rate_pct))
    }
}
