//! Detection in the store (flags.md §6–7): loads the facts of a facility's cases around the evaluated dates,
//! builds each date's baselines once, evaluates the cases and reconciles their threshold flags.
//!
//! One pass serves any set of cases: the dispatcher's (a case and its neighbours), a re-priced facility, and
//! `redetect_facility_flags`. Cases are grouped by date; a date's window ([D − 90 days, D]) baselines are built
//! once and shared by every case of that date.
//!
//! Index choice: without statistics SQLite may take a low-selectivity index; `+flag_type` (here and in the
//! stats removal) and `is_excluded = 0` on the stats read keep these statements on the case and
//! (facility, date) indexes.

use crate::store::Cached;
use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::clock::Millis;
use crate::error::{ErrorKind, Result};
use crate::flags::catalog;
use crate::flags::engine::{self, NewFlag, RuleSpec};
use crate::flags::metrics::{CaseFacts, Settings, StatsFacts};
use crate::flags::rules::Threshold;
use crate::flags::window_cache::{LoadInputs, Loaded, LoadedRows, RowIds, Tracked, WindowCache};
use crate::milestones;
use crate::values;

/// Days before the evaluated date that its baselines include.
pub const WINDOW_DAYS: i64 = 90;

/// What a detection pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DetectCounts {
    /// Eligible cases evaluated.
    pub evaluated: u64,
    /// Flags inserted.
    pub inserted: u64,
    /// Flags whose values changed.
    pub updated: u64,
    /// Flags deleted.
    pub deleted: u64,
}

impl DetectCounts {
    fn add(&mut self, o: DetectCounts) {
        self.evaluated += o.evaluated;
        self.inserted += o.inserted;
        self.updated += o.updated;
        self.deleted += o.deleted;
    }
}

/// The facility's settings (§2.5).
fn settings(conn: &Connection, facility: &str) -> Result<Settings> {
    let tz: String =
        conn.query_row_cached("SELECT timezone FROM facilities WHERE id = ?1", [facility], |r| r.get(0))?;
    let (fcots, turnover): (Option<String>, Option<f64>) = conn
        .prepare_cached(
            "SELECT fcots_milestone, turnover_threshold_minutes FROM facility_analytics_settings WHERE facility_id = ?1",
        )?
        .query_row([facility], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((None, None));
    Ok(Settings {
        fcots_milestone: fcots.unwrap_or_else(|| "patient_in".into()),
        turnover_threshold_minutes: turnover.unwrap_or(30.0),
        tz: values::timezone("timezone", &tz)?,
    })
}

/// The facility's evaluating rules: active, enabled, by display order, creation, id (§6.2).
fn rules(conn: &Connection, facility: &str) -> Result<Vec<RuleSpec>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, metric, operator, threshold_type, threshold_value, threshold_value_max, comparison_scope, severity
             FROM flag_rules WHERE facility_id = ?1 AND is_active = 1 AND deleted_at IS NULL AND is_enabled = 1
             ORDER BY display_order, created_at, id",
        )?
        .query_map([facility], |r| {
            Ok(RuleSpec {
                id: r.get(0)?,
                metric: r.get(1)?,
                threshold: Threshold {
                    operator: r.get(2)?,
                    threshold_type: r.get(3)?,
                    value: r.get(4)?,
                    value_max: r.get(5)?,
                },
                comparison_scope: r.get(6)?,
                severity: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// What the loader reads besides the cases: the active cost categories when a rule uses one, and whether a
/// rule needs standard reimbursements.
fn load_inputs(conn: &Connection, facility: &str, rules: &[RuleSpec]) -> Result<LoadInputs> {
    let categories: Vec<String> = if rules.iter().any(|r| r.metric.starts_with(catalog::COST_CATEGORY_PREFIX)) {
        conn.prepare_cached(
            "SELECT id FROM cost_categories WHERE facility_id = ?1 AND is_active = 1 AND deleted_at IS NULL",
        )?
        .query_map([facility], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?
    } else {
        Vec::new()
    };
    Ok(LoadInputs { categories, wants_standard: rules.iter().any(|r| r.metric == "reimbursement_variance") })
}

/// The neighbour cases (not cancelled, not drafts) of `facility` dated in [from, to], with their facts.
/// Money, cost categories and standard reimbursements are loaded for eligible cases, the last two only when
/// `inputs` ask for them. Each case comes with the rowids of its rows (for the window cache).
fn load(conn: &Connection, facility: &str, from: NaiveDate, to: NaiveDate, inputs: &LoadInputs) -> Result<LoadedRows> {
    let (from_s, to_s) = (from.format("%Y-%m-%d").to_string(), to.format("%Y-%m-%d").to_string());
    type Row = (String, String, String, Option<String>, Option<String>, Option<String>, Option<String>);
    type Row2 = (Option<Millis>, Option<Millis>, Option<String>, String, bool, bool, i64);
    let rows: Vec<(Row, Row2)> = conn
        .prepare_cached(
            "SELECT c.id, c.case_number, c.scheduled_date, c.start_time, c.or_room_id, c.surgeon_id, c.procedure_type_id,
                    c.called_back_at, c.surgeon_left_at, c.milestone_template_id, s.name, c.data_validated,
                    c.is_excluded_from_metrics, c.rowid
             FROM cases c JOIN case_statuses s ON s.id = c.status_id
             WHERE c.facility_id = ?1 AND c.scheduled_date BETWEEN ?2 AND ?3 AND c.is_draft = 0 AND s.name <> 'cancelled'",
        )?
        .query_map([facility, &from_s, &to_s], |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?),
                (r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut marks: HashMap<String, HashMap<String, Millis>> = HashMap::new();
    let mut rowids: HashMap<String, RowIds> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT cm.case_id, fm.name, cm.recorded_at, cm.rowid FROM cases c
         JOIN case_milestones cm ON cm.case_id = c.id JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
         WHERE c.facility_id = ?1 AND c.scheduled_date BETWEEN ?2 AND ?3 AND c.is_draft = 0 AND cm.recorded_at IS NOT NULL",
    )?;
    let mut q = stmt.query([facility, &from_s, &to_s])?;
    while let Some(r) = q.next()? {
        let (case, name, at, rowid): (String, String, Millis, i64) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        rowids.entry(case.clone()).or_default().push((Tracked::Milestone, rowid));
        let slot = marks.entry(case).or_default().entry(name).or_insert(at);
        *slot = (*slot).max(at);
    }
    let money: HashMap<String, (StatsFacts, i64)> = conn
        .prepare_cached(
            "SELECT case_id, profit, reimbursement, total_debits, or_time_cost, total_duration_minutes, or_hourly_rate,
                    rowid
             FROM case_completion_stats WHERE facility_id = ?1 AND case_date BETWEEN ?2 AND ?3 AND is_excluded = 0",
        )?
        .query_map([facility, &from_s, &to_s], |r| {
            let dollars = |i: usize| -> rusqlite::Result<Option<f64>> {
                Ok(r.get::<_, Option<i64>>(i)?.map(|c| c as f64 / 100.0))
            };
            Ok((
                r.get::<_, String>(0)?,
                (
                    StatsFacts {
                        profit: dollars(1)?,
                        reimbursement: dollars(2)?,
                        total_debits: dollars(3)?,
                        or_time_cost: dollars(4)?,
                        total_duration_minutes: r.get::<_, Option<i64>>(5)?.map(|m| m as f64),
                        or_hourly_rate: dollars(6)?,
                    },
                    r.get::<_, i64>(7)?,
                ),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (categories, wants_standard) = (&inputs.categories, inputs.wants_standard);
    let mut templates: HashMap<(Option<String>, Option<String>), Option<String>> = HashMap::new();
    let mut lists: HashMap<String, Vec<String>> = HashMap::new();
    let mut out = LoadedRows { cases: Vec::with_capacity(rows.len()), rowids: Vec::with_capacity(rows.len()) };
    for (
        (id, number, date, start, room, surgeon, procedure),
        (called, left, stamped, status, validated, excluded, rowid),
    ) in rows
    {
        let mut case_rows = rowids.remove(&id).unwrap_or_default();
        case_rows.push((Tracked::Case, rowid));
        let stats = money.get(&id).map(|(facts, rowid)| {
            case_rows.push((Tracked::Stats, *rowid));
            facts.clone()
        });
        let mut milestones = marks.remove(&id).unwrap_or_default();
        if let Some(left) = left {
            milestones.entry("surgeon_left".into()).or_insert(left);
        }
        let template = match stamped {
            Some(t) => Some(t),
            None => {
                let key = (surgeon.clone(), procedure.clone());
                if !templates.contains_key(&key) {
                    let t =
                        match milestones::resolve_template_id(conn, facility, surgeon.as_deref(), procedure.as_deref())
                        {
                            Ok(t) => Some(t),
                            Err(e) if e.kind() == ErrorKind::NoMilestoneTemplate => None,
                            Err(e) => return Err(e),
                        };
                    templates.insert(key.clone(), t);
                }
                templates[&key].clone()
            }
        };
        let expected = match template {
            None => None,
            Some(t) => {
                if !lists.contains_key(&t) {
                    lists.insert(t.clone(), expected_list(conn, &t)?);
                }
                Some(lists[&t].clone())
            }
        };
        let scheduled_date = values::date("scheduled_date", &date)?;
        let eligible = status == "completed" && validated && !excluded;
        let mut facts = CaseFacts {
            stats,
            id,
            case_number: number,
            scheduled_date,
            start_time: start,
            or_room_id: room,
            surgeon_id: surgeon,
            procedure_type_id: procedure,
            called_back_at: called,
            milestones,
            expected,
            ..CaseFacts::default()
        };
        if eligible && let Some(p) = facts.procedure_type_id.clone() {
            for category in categories {
                if let Some(amount) = category_amount(conn, facility, facts.surgeon_id.as_deref(), &p, category, &date)?
                {
                    facts.cost_categories.insert(category.clone(), amount as f64 / 100.0);
                }
            }
            if wants_standard {
                facts.standard_reimbursement = conn
                    .prepare_cached(
                        "SELECT reimbursement FROM procedure_reimbursements
                         WHERE facility_id = ?1 AND procedure_type_id = ?2 AND payer_id IS NULL AND effective_date <= ?3
                         ORDER BY effective_date DESC, created_at DESC, id DESC LIMIT 1",
                    )?
                    .query_row([facility, &p, &date], |r| r.get::<_, i64>(0))
                    .optional()?
                    .map(|c| c as f64 / 100.0);
            }
        }
        out.cases.push(Loaded { facts, eligible });
        out.rowids.push(case_rows);
    }
    Ok(out)
}

/// The expected milestone names of a template (§2.2): items by display order then id, first occurrence kept.
fn expected_list(conn: &Connection, template: &str) -> Result<Vec<String>> {
    let names: Vec<String> = conn
        .prepare_cached(
            "SELECT fm.name FROM milestone_template_items i JOIN facility_milestones fm ON fm.id = i.facility_milestone_id
             WHERE i.template_id = ?1 ORDER BY i.display_order, i.id",
        )?
        .query_map([template], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    Ok(out)
}

/// A cost category's effective amount (cents) by the single cost function: the surgeon's override, else the
/// procedure's item, effective on `date`.
fn category_amount(
    conn: &Connection,
    facility: &str,
    surgeon: Option<&str>,
    procedure: &str,
    category: &str,
    date: &str,
) -> Result<Option<i64>> {
    if let Some(s) = surgeon {
        let own: Option<i64> = conn
            .prepare_cached(
                "SELECT amount FROM surgeon_cost_items
                 WHERE facility_id = ?1 AND surgeon_id = ?2 AND procedure_type_id = ?3 AND cost_category_id = ?4
                   AND effective_from <= ?5 AND (effective_to IS NULL OR effective_to >= ?5)
                 ORDER BY effective_from DESC, created_at DESC, id DESC LIMIT 1",
            )?
            .query_row([facility, s, procedure, category, date], |r| r.get(0))
            .optional()?;
        if own.is_some() {
            return Ok(own);
        }
    }
    Ok(conn
        .prepare_cached(
            "SELECT amount FROM procedure_cost_items
             WHERE facility_id = ?1 AND procedure_type_id = ?2 AND cost_category_id = ?3
               AND effective_from <= ?4 AND (effective_to IS NULL OR effective_to >= ?4)
             ORDER BY effective_from DESC, created_at DESC, id DESC LIMIT 1",
        )?
        .query_row([facility, procedure, category, date], |r| r.get(0))
        .optional()?)
}

/// Writes `flags` as the case's threshold flags (§6.6): changed rows updated in place (id and created_at
/// kept), new ones inserted, the others deleted. Delay flags are never touched.
fn reconcile(conn: &Connection, facility: &str, case_id: &str, flags: &[NewFlag], now: Millis) -> Result<DetectCounts> {
    type Existing = (String, Option<String>, Option<f64>, Option<f64>, Option<String>, String);
    let existing: Vec<Existing> = conn
        .prepare_cached(
            "SELECT id, flag_rule_id, metric_value, threshold_value, comparison_scope, severity FROM case_flags
             WHERE case_id = ?1 AND +flag_type = 'threshold'",
        )?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut counts = DetectCounts::default();
    for (id, rule, ..) in &existing {
        if !flags.iter().any(|f| Some(&f.rule_id) == rule.as_ref()) {
            conn.prepare_cached("DELETE FROM case_flags WHERE id = ?1")?.execute([id])?;
            counts.deleted += 1;
        }
    }
    for f in flags {
        match existing.iter().find(|e| e.1.as_ref() == Some(&f.rule_id)) {
            Some((id, _, mv, tv, scope, severity)) => {
                let same = *mv == Some(f.metric_value)
                    && *tv == Some(f.threshold_value)
                    && scope.as_deref() == Some(f.comparison_scope.as_str())
                    && *severity == f.severity;
                if !same {
                    conn.prepare_cached(
                        "UPDATE case_flags SET metric_value = ?2, threshold_value = ?3, comparison_scope = ?4, severity = ?5
                         WHERE id = ?1",
                    )?
                    .execute(rusqlite::params![id, f.metric_value, f.threshold_value, f.comparison_scope, f.severity])?;
                    counts.updated += 1;
                }
            }
            None => {
                conn.prepare_cached(
                    "INSERT INTO case_flags (id, facility_id, case_id, flag_type, flag_rule_id, metric_value, threshold_value,
                         comparison_scope, severity, created_at)
                     VALUES (?1, ?2, ?3, 'threshold', ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(rusqlite::params![
                    values::new_id(),
                    facility,
                    case_id,
                    f.rule_id,
                    f.metric_value,
                    f.threshold_value,
                    f.comparison_scope,
                    f.severity,
                    now
                ])?;
                counts.inserted += 1;
            }
        }
    }
    Ok(counts)
}

/// Detection after a write changed these cases' stats (the dispatcher, re-pricing): now, or at the end of the
/// enclosing [`Scope::batch_deferring_detection`](crate::Scope::batch_deferring_detection).
pub(crate) fn after_write(call: &crate::access::Call<'_>, case_ids: &[String]) -> Result<()> {
    if !call.orbit.defer_detection(case_ids) {
        detect_cases(call.tx, call.orbit.window_cache(), case_ids, call.now)?;
    }
    Ok(())
}

/// Detects the flags of `case_ids` (§7): eligible cases are evaluated against their date's window; the
/// others lose their threshold flags. Unknown ids are skipped. The window's facts come from the connection's
/// window cache, which reloads only the days that changed since its last pass.
pub(crate) fn detect_cases(
    conn: &Connection,
    cache: &parking_lot::Mutex<WindowCache>,
    case_ids: &[String],
    now: Millis,
) -> Result<DetectCounts> {
    // Eligible cases by facility and date; the others only lose their threshold flags (no window to load).
    let mut targets: BTreeMap<String, BTreeMap<NaiveDate, Vec<String>>> = BTreeMap::new();
    let mut counts = DetectCounts::default();
    for id in case_ids {
        let row: Option<(String, String, bool)> = conn
            .prepare_cached(
                "SELECT c.facility_id, c.scheduled_date,
                        s.name = 'completed' AND c.data_validated = 1 AND c.is_excluded_from_metrics = 0 AND c.is_draft = 0
                 FROM cases c JOIN case_statuses s ON s.id = c.status_id WHERE c.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        match row {
            None => {}
            Some((facility, date, true)) => {
                let cases =
                    targets.entry(facility).or_default().entry(values::date("scheduled_date", &date)?).or_default();
                if !cases.contains(id) {
                    cases.push(id.clone());
                }
            }
            Some((facility, ..)) => counts.add(reconcile(conn, &facility, id, &[], now)?),
        }
    }
    for (facility, dates) in targets {
        let rules = rules(conn, &facility)?;
        if rules.is_empty() {
            for id in dates.values().flatten() {
                counts.add(reconcile(conn, &facility, id, &[], now)?);
            }
            continue;
        }
        let settings = settings(conn, &facility)?;
        let (first, last) = (*dates.keys().next().expect("non-empty"), *dates.keys().last().expect("non-empty"));
        let inputs = load_inputs(conn, &facility, &rules)?;
        let range = (first - Duration::days(WINDOW_DAYS), last);
        let days = cache
            .lock()
            .window(conn, &facility, range, inputs.clone(), |from, to| load(conn, &facility, from, to, &inputs))?;
        // Each day's day values and baseline values, computed once per day (and kept while the day is cached).
        let wanted = engine::baseline_metrics(&rules);
        let derived: Vec<_> = days.iter().map(|d| d.derived(&wanted, &settings)).collect();
        // The evaluated cases of each date, and every baseline key they look up.
        type Evaluated<'a> = Vec<(&'a String, Option<&'a Loaded>)>;
        let evaluated: Vec<(NaiveDate, usize, Evaluated)> = dates
            .iter()
            .map(|(date, ids)| {
                let at = days.binary_search_by_key(date, |d| d.date).expect("the window holds every date of the pass");
                let cases = ids
                    .iter()
                    .map(|id| (id, days[at].position(id).map(|j| &days[at].cases[j]).filter(|l| l.eligible)))
                    .collect();
                (*date, at, cases)
            })
            .collect();
        let keys = |cases: &Evaluated| -> Vec<String> {
            cases.iter().filter_map(|(_, l)| *l).flat_map(|l| engine::lookup_keys(&rules, &l.facts)).collect()
        };
        let mut window = engine::Window::for_keys(evaluated.iter().flat_map(|(.., cases)| keys(cases)));
        // The window slides over the dates in order: each day enters and leaves it once.
        let (mut entered, mut left) = (0, 0);
        for (date, at, cases) in &evaluated {
            while let Some(day) = days.get(entered).filter(|d| d.date <= *date) {
                for (l, values) in day.cases.iter().zip(&derived[entered].values) {
                    if l.eligible {
                        window.add(values);
                    }
                }
                entered += 1;
            }
            let from = *date - Duration::days(WINDOW_DAYS);
            while let Some(day) = days[..entered].get(left).filter(|d| d.date < from) {
                for (l, values) in day.cases.iter().zip(&derived[left].values) {
                    if l.eligible {
                        window.remove(values);
                    }
                }
                left += 1;
            }
            let baselines = window.baselines(keys(cases));
            for (id, case) in cases {
                let flags = match case {
                    Some(l) => {
                        counts.evaluated += 1;
                        engine::evaluate(&l.facts, derived[*at].day_values(id), &rules, &baselines, &settings)
                    }
                    None => Vec::new(),
                };
                counts.add(reconcile(conn, &facility, id, &flags, now)?);
            }
        }
    }
    Ok(counts)
}
