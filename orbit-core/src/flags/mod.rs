//! The flag engine (flags.md): the metric catalog, rule management and its validation (here), metric values
//! (`metrics`), baselines and evaluation (`engine`, `rules`), detection in the store (`detect`), facility
//! analytics (`analytics`) with their patterns (`patterns`), and surgeon-day indicators (`indicators`).
//!
//! Rules live in `flag_rules`: rows with a facility are that facility's rules; rows without are the global
//! templates (global admins edit them; they never evaluate). Facility admins write their facility's rules,
//! members read them and the templates; device reps read none. Built-in rules (the nine templates and their
//! facility copies) keep their name, metric, category and milestones, and are disabled rather than archived.

pub mod analytics;
pub mod catalog;
pub mod detect;
pub mod engine;
pub mod indicators;
pub mod metrics;
pub mod patterns;
pub mod rules;
pub(crate) mod window_cache;

use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::{AccessContext, Level, Scope};
use crate::audit;
use crate::error::{Error, Result};
use crate::reference::Record;
use crate::values::{self, MAX_NAME_CHARS, MAX_TEXT_CHARS};

pub use catalog::CatalogEntry;
pub use detect::DetectCounts;

/// A new custom flag rule (flags.md §9.3). Unset threshold fields take the column defaults (median + 1 SD,
/// `gt`, facility scope, warning).
#[derive(Debug, Clone, Default)]
pub struct NewFlagRule {
    /// The facility (default: the context's). Ignored for a template.
    pub facility_id: Option<String>,
    /// A global template instead of a facility rule (global admins only).
    pub template: bool,
    /// Display name (required).
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// A static catalog id, or `cost_category_<uuid>` of an active cost category of the facility.
    pub metric: String,
    /// `gt`, `gte`, `lt` or `lte`.
    pub operator: Option<String>,
    /// One of [`rules::THRESHOLD_TYPES`].
    pub threshold_type: Option<String>,
    /// v.
    pub threshold_value: Option<f64>,
    /// v_max (`between`).
    pub threshold_value_max: Option<f64>,
    /// `facility` or `personal`.
    pub comparison_scope: Option<String>,
    /// `info`, `warning` or `critical`.
    pub severity: Option<String>,
    /// Engine on/off (default on).
    pub is_enabled: Option<bool>,
}

/// The editable fields of a built-in rule; custom rules may also change `name`, `metric` and `display_order`.
const BUILT_IN_EDITABLE: &[&str] = &[
    "is_enabled",
    "severity",
    "comparison_scope",
    "operator",
    "threshold_type",
    "threshold_value",
    "threshold_value_max",
    "description",
];
const CUSTOM_EDITABLE: &[&str] = &["name", "metric", "display_order"];

/// A resolved metric: what a rule row stores for it.
struct MetricChoice {
    id: String,
    category: &'static str,
    start: Option<&'static str>,
    end: Option<&'static str>,
    supports_median: bool,
    cost_category_id: Option<String>,
}

/// Resolves a metric id for a rule of `facility` (`None` = a template, which cannot use cost categories).
fn choose_metric(conn: &Connection, facility: Option<&str>, metric: &str) -> Result<MetricChoice> {
    if let Some(m) = catalog::metric(metric) {
        return Ok(MetricChoice {
            id: m.id.to_string(),
            category: m.category,
            start: m.pair.map(|p| p.0),
            end: m.pair.map(|p| p.1),
            supports_median: m.supports_median,
            cost_category_id: None,
        });
    }
    let category = metric
        .strip_prefix(catalog::COST_CATEGORY_PREFIX)
        .and_then(|id| values::parse_uuid("metric", id).ok())
        .ok_or_else(|| Error::invalid("metric", "must be a catalog metric id or cost_category_<uuid>"))?;
    let active: Option<i64> = match facility {
        Some(f) => conn
            .query_row_cached(
                "SELECT 1 FROM cost_categories WHERE id = ?1 AND facility_id = ?2 AND is_active = 1 AND deleted_at IS NULL",
                [&category, f],
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    if active.is_none() {
        return Err(Error::invalid("metric", "names no active cost category of the rule's facility"));
    }
    Ok(MetricChoice {
        id: format!("{}{category}", catalog::COST_CATEGORY_PREFIX),
        category: "financial",
        start: None,
        end: None,
        supports_median: true,
        cost_category_id: Some(category),
    })
}

fn check_choice(param: &str, value: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(Error::invalid(param, format!("must be one of {}", allowed.join(", "))))
    }
}

/// Whether `ctx` may write rules of `facility` (`None` = the templates).
fn check_writer(ctx: &AccessContext, facility: Option<&str>) -> Result<()> {
    match (facility, ctx.level) {
        (_, Level::System | Level::GlobalAdmin) => Ok(()),
        (Some(f), Level::FacilityAdmin) if ctx.facility_id.as_deref() == Some(f) => Ok(()),
        (None, _) => Err(Error::denied("only global admins edit the flag rule templates")),
        _ => Err(Error::denied("only facility admins edit the facility's flag rules")),
    }
}

/// Whether `ctx` reads rules of `facility` (`None` = the templates): members of the facility and admins.
fn may_read(ctx: &AccessContext, facility: Option<&str>) -> bool {
    match facility {
        _ if ctx.level == Level::DeviceRep || ctx.level == Level::Anonymous => false,
        Some(f) => ctx.sees_facility(f),
        None => true,
    }
}

struct RuleRow {
    facility_id: Option<String>,
    name: String,
    is_built_in: bool,
    metric: String,
    threshold: rules::Threshold,
}

/// A rule the context may see (`NotFound` otherwise).
fn rule(conn: &Connection, ctx: &AccessContext, id: &str) -> Result<RuleRow> {
    let row = conn
        .query_row_cached(
            "SELECT facility_id, name, is_built_in, metric, operator, threshold_type, threshold_value, threshold_value_max
             FROM flag_rules WHERE id = ?1",
            [id],
            |r| {
                Ok(RuleRow {
                    facility_id: r.get(0)?,
                    name: r.get(1)?,
                    is_built_in: r.get(2)?,
                    metric: r.get(3)?,
                    threshold: rules::Threshold {
                        operator: r.get(4)?,
                        threshold_type: r.get(5)?,
                        value: r.get(6)?,
                        value_max: r.get(7)?,
                    },
                })
            },
        )
        .optional()?;
    row.filter(|r| may_read(ctx, r.facility_id.as_deref())).ok_or_else(|| Error::not_found("rule_id"))
}

fn read_rule(conn: &Connection, id: &str) -> Result<Record> {
    audit::row_values(conn, "flag_rules", id)?.ok_or_else(|| Error::not_found("rule_id"))
}

fn text_field(param: &str, v: Option<&str>, max: usize, required: bool) -> Result<Option<String>> {
    match v.map(str::trim) {
        None | Some("") if required => Err(Error::invalid(param, "is required")),
        None | Some("") => Ok(None),
        Some(s) if s.chars().count() > max => Err(Error::invalid(param, format!("is longer than {max} characters"))),
        Some(s) => Ok(Some(s.to_string())),
    }
}

impl Scope {
    /// The metric catalog for a facility (flags.md §3): the 21 static metrics, then one entry per active
    /// cost category of the facility, by name.
    pub fn metric_catalog(&self, facility_id: Option<&str>) -> Result<Vec<CatalogEntry>> {
        let requested = facility_id.map(|f| values::parse_uuid("facility_id", f)).transpose()?;
        self.read(|conn, ctx| {
            let facility = ctx.target_facility(requested.as_deref(), "facility_id")?;
            if !may_read(ctx, Some(&facility)) {
                return Err(Error::not_found("facility_id"));
            }
            let mut out: Vec<CatalogEntry> = catalog::STATIC.iter().map(CatalogEntry::from).collect();
            let categories: Vec<(String, String)> = conn
                .prepare_cached(
                    "SELECT id, name FROM cost_categories WHERE facility_id = ?1 AND is_active = 1 AND deleted_at IS NULL
                     ORDER BY name, id",
                )?
                .query_map([&facility], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            out.extend(categories.iter().map(|(id, name)| catalog::cost_category_metric(id, name)));
            Ok(out)
        })
    }

    /// The flag rules of a facility (`None` = the global templates), by display order, then creation;
    /// archived rules only with `include_archived`.
    pub fn flag_rules(&self, facility_id: Option<&str>, include_archived: bool) -> Result<Vec<Record>> {
        let facility = facility_id.map(|f| values::parse_uuid("facility_id", f)).transpose()?;
        self.read(|conn, ctx| {
            if !may_read(ctx, facility.as_deref()) {
                return Err(Error::not_found("facility_id"));
            }
            let ids: Vec<String> = conn
                .prepare_cached(
                    "SELECT id FROM flag_rules WHERE facility_id IS ?1 AND (?2 OR is_active = 1)
                     ORDER BY display_order, created_at, id",
                )?
                .query_map(rusqlite::params![facility, include_archived], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            ids.iter().map(|id| read_rule(conn, id)).collect()
        })
    }

    /// Creates a custom flag rule (flags.md §9.3): the category and milestones come from the catalog, the
    /// display order after the facility's (or the templates') last rule; the threshold is validated (§4).
    pub fn create_flag_rule(&self, new: NewFlagRule) -> Result<Record> {
        let requested = new.facility_id.as_deref().map(|f| values::parse_uuid("facility_id", f)).transpose()?;
        self.write("create_flag_rule", |call| {
            let facility = match new.template {
                true => None,
                false => Some(call.ctx.target_facility(requested.as_deref(), "facility_id")?),
            };
            if let Some(f) = &facility {
                let exists: Option<i64> =
                    call.tx.query_row_cached("SELECT 1 FROM facilities WHERE id = ?1", [f], |r| r.get(0)).optional()?;
                if exists.is_none() || !call.ctx.sees_facility(f) {
                    return Err(Error::not_found("facility_id"));
                }
            }
            check_writer(&call.ctx, facility.as_deref())?;
            let name = text_field("name", Some(&new.name), MAX_NAME_CHARS, true)?.expect("required");
            let description = text_field("description", new.description.as_deref(), MAX_TEXT_CHARS, false)?;
            let metric = choose_metric(call.tx, facility.as_deref(), new.metric.trim())?;
            let threshold = rules::validate(
                &rules::Threshold {
                    operator: new.operator.clone().unwrap_or_else(|| "gt".into()),
                    threshold_type: new.threshold_type.clone().unwrap_or_else(|| "median_plus_sd".into()),
                    value: new.threshold_value.unwrap_or(1.0),
                    value_max: new.threshold_value_max,
                },
                metric.supports_median,
            )?;
            let scope = new.comparison_scope.clone().unwrap_or_else(|| "facility".into());
            check_choice("comparison_scope", &scope, rules::SCOPES)?;
            let severity = new.severity.clone().unwrap_or_else(|| "warning".into());
            check_choice("severity", &severity, rules::SEVERITIES)?;
            let id = values::new_id();
            call.tx.execute_cached(
                "INSERT INTO flag_rules (id, facility_id, name, description, category, metric, start_milestone,
                     end_milestone, operator, threshold_type, threshold_value, threshold_value_max, comparison_scope,
                     severity, display_order, is_built_in, is_enabled, cost_category_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
                     1 + coalesce((SELECT max(display_order) FROM flag_rules WHERE facility_id IS ?2), 0),
                     0, ?15, ?16, ?17, ?17)",
                rusqlite::params![
                    id,
                    facility,
                    name,
                    description,
                    metric.category,
                    metric.id,
                    metric.start,
                    metric.end,
                    threshold.operator,
                    threshold.threshold_type,
                    threshold.value,
                    threshold.value_max,
                    scope,
                    severity,
                    new.is_enabled.unwrap_or(true),
                    metric.cost_category_id,
                    call.now
                ],
            )?;
            audit::row_change(call, "flag_rules", "created", &id, Some(name), facility, None)?;
            read_rule(call.tx, &id)
        })
    }

    /// Updates a rule (flags.md §9.3). Built-in rules accept only is_enabled, severity, comparison_scope,
    /// operator, threshold_type, threshold_value, threshold_value_max and description; custom rules also
    /// name, metric and display_order. The resulting threshold is validated as on create.
    pub fn update_flag_rule(&self, rule_id: &str, patch: &Map<String, Value>) -> Result<Record> {
        let id = values::parse_uuid("rule_id", rule_id)?;
        self.write("update_flag_rule", |call| {
            let current = rule(call.tx, &call.ctx, &id)?;
            check_writer(&call.ctx, current.facility_id.as_deref())?;
            for key in patch.keys() {
                let editable = BUILT_IN_EDITABLE.contains(&key.as_str())
                    || (!current.is_built_in && CUSTOM_EDITABLE.contains(&key.as_str()));
                if !editable {
                    let why = if CUSTOM_EDITABLE.contains(&key.as_str()) || key == "category" {
                        "is read-only on built-in rules"
                    } else {
                        "is not an editable flag rule field"
                    };
                    return Err(Error::invalid(key, why));
                }
            }
            let str_of = |key: &str| -> Result<Option<Option<&str>>> {
                match patch.get(key) {
                    None => Ok(None),
                    Some(Value::Null) => Ok(Some(None)),
                    Some(Value::String(s)) => Ok(Some(Some(s.as_str()))),
                    Some(_) => Err(Error::invalid(key, "must be a string")),
                }
            };
            let num_of = |key: &str| -> Result<Option<Option<f64>>> {
                match patch.get(key) {
                    None => Ok(None),
                    Some(Value::Null) => Ok(Some(None)),
                    Some(v) => v.as_f64().map(|f| Some(Some(f))).ok_or_else(|| Error::invalid(key, "must be a number")),
                }
            };
            let metric = match str_of("metric")? {
                None => {
                    choose_metric(call.tx, current.facility_id.as_deref(), &current.metric).ok().map(|m| (m, false))
                }
                Some(Some(m)) => Some((choose_metric(call.tx, current.facility_id.as_deref(), m.trim())?, true)),
                Some(None) => return Err(Error::invalid("metric", "is required")),
            };
            let supports_median = metric.as_ref().is_none_or(|(m, _)| m.supports_median);
            let t = &current.threshold;
            let threshold = rules::validate(
                &rules::Threshold {
                    operator: str_of("operator")?.flatten().map_or(t.operator.clone(), str::to_string),
                    threshold_type: str_of("threshold_type")?
                        .flatten()
                        .map_or(t.threshold_type.clone(), str::to_string),
                    value: match num_of("threshold_value")? {
                        None => t.value,
                        Some(v) => v.ok_or_else(|| Error::invalid("threshold_value", "is required"))?,
                    },
                    value_max: num_of("threshold_value_max")?.unwrap_or(t.value_max),
                },
                supports_median,
            )?;
            let old = audit::row_values(call.tx, "flag_rules", &id)?;
            let mut sets: Vec<(&str, rusqlite::types::Value)> = vec![
                ("operator", threshold.operator.into()),
                ("threshold_type", threshold.threshold_type.into()),
                ("threshold_value", threshold.value.into()),
                ("threshold_value_max", threshold.value_max.map_or(rusqlite::types::Value::Null, Into::into)),
            ];
            if let Some((m, true)) = metric {
                sets.push(("metric", m.id.into()));
                sets.push(("category", m.category.to_string().into()));
                sets.push(("start_milestone", m.start.map_or(rusqlite::types::Value::Null, |s| s.to_string().into())));
                sets.push(("end_milestone", m.end.map_or(rusqlite::types::Value::Null, |s| s.to_string().into())));
                sets.push(("cost_category_id", m.cost_category_id.map_or(rusqlite::types::Value::Null, Into::into)));
            }
            if let Some(s) = str_of("comparison_scope")? {
                let s = s.ok_or_else(|| Error::invalid("comparison_scope", "is required"))?;
                check_choice("comparison_scope", s, rules::SCOPES)?;
                sets.push(("comparison_scope", s.to_string().into()));
            }
            if let Some(s) = str_of("severity")? {
                let s = s.ok_or_else(|| Error::invalid("severity", "is required"))?;
                check_choice("severity", s, rules::SEVERITIES)?;
                sets.push(("severity", s.to_string().into()));
            }
            if let Some(d) = str_of("description")? {
                let d = text_field("description", d, MAX_TEXT_CHARS, false)?;
                sets.push(("description", d.map_or(rusqlite::types::Value::Null, Into::into)));
            }
            if let Some(n) = str_of("name")? {
                let n = text_field("name", n, MAX_NAME_CHARS, true)?.expect("required");
                sets.push(("name", n.into()));
            }
            if let Some(v) = patch.get("is_enabled") {
                let b = v.as_bool().ok_or_else(|| Error::invalid("is_enabled", "must be a boolean"))?;
                sets.push(("is_enabled", i64::from(b).into()));
            }
            if let Some(v) = patch.get("display_order") {
                let o = v.as_i64().ok_or_else(|| Error::invalid("display_order", "must be an integer"))?;
                sets.push(("display_order", o.into()));
            }
            let assignments: Vec<String> =
                sets.iter().enumerate().map(|(i, (c, _))| format!("{c} = ?{}", i + 3)).collect();
            let mut params: Vec<rusqlite::types::Value> = vec![id.clone().into(), call.now.into()];
            params.extend(sets.into_iter().map(|(_, v)| v));
            call.tx.execute(
                &format!("UPDATE flag_rules SET {}, updated_at = ?2 WHERE id = ?1", assignments.join(", ")),
                rusqlite::params_from_iter(params),
            )?;
            audit::row_change(call, "flag_rules", "updated", &id, Some(current.name), current.facility_id, old)?;
            read_rule(call.tx, &id)
        })
    }

    /// Archives a custom rule (built-in rules are disabled instead: `InvalidInput`).
    pub fn archive_flag_rule(&self, rule_id: &str) -> Result<Record> {
        self.set_rule_active(rule_id, false)
    }

    /// Restores an archived custom rule.
    pub fn restore_flag_rule(&self, rule_id: &str) -> Result<Record> {
        self.set_rule_active(rule_id, true)
    }

    fn set_rule_active(&self, rule_id: &str, active: bool) -> Result<Record> {
        let id = values::parse_uuid("rule_id", rule_id)?;
        let operation = if active { "restore_flag_rule" } else { "archive_flag_rule" };
        self.write(operation, |call| {
            let current = rule(call.tx, &call.ctx, &id)?;
            check_writer(&call.ctx, current.facility_id.as_deref())?;
            if current.is_built_in {
                return Err(Error::invalid("rule_id", "built-in rules cannot be archived; disable them instead"));
            }
            let old = audit::row_values(call.tx, "flag_rules", &id)?;
            // The soft-delete sync trigger stamps or clears deleted_at; deleted_by is the library's.
            let changed = call.tx.execute_cached(
                "UPDATE flag_rules SET is_active = ?2, deleted_by = CASE WHEN ?2 THEN NULL ELSE ?3 END, updated_at = ?4
                 WHERE id = ?1 AND is_active <> ?2",
                rusqlite::params![id, active, call.ctx.user_id, call.now],
            )?;
            if changed > 0 {
                let verb = if active { "restored" } else { "archived" };
                audit::row_change(call, "flag_rules", verb, &id, Some(current.name), current.facility_id, old)?;
            }
            read_rule(call.tx, &id)
        })
    }

    /// `seed_facility_flag_rules(facility)` (flags.md §9.2): copies the active built-in templates the
    /// facility has no copy of; returns how many were inserted. Idempotent.
    pub fn seed_facility_flag_rules(&self, facility_id: &str) -> Result<u64> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        self.write("seed_facility_flag_rules", |call| {
            let exists: Option<i64> = call
                .tx
                .query_row_cached("SELECT 1 FROM facilities WHERE id = ?1", [&facility], |r| r.get(0))
                .optional()?;
            if exists.is_none() || !call.ctx.sees_facility(&facility) {
                return Err(Error::not_found("facility_id"));
            }
            check_writer(&call.ctx, Some(&facility))?;
            let ids = crate::facilities::provision::copy_flag_rules(call.tx, &facility, call.now)?;
            if !ids.is_empty() {
                audit::record(
                    call,
                    audit::AuditEntry {
                        action: "flag_rules.seeded".into(),
                        target_type: "facilities",
                        target_id: facility.clone(),
                        facility_id: Some(facility.clone()),
                        new_values: Some(Map::from_iter([("inserted".to_string(), Value::from(ids.len()))])),
                        ..Default::default()
                    },
                )?;
            }
            Ok(ids.len() as u64)
        })
    }
}

/// A flag of a case as read (flags.md §10).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseFlag {
    /// Flag id.
    pub id: String,
    /// `threshold` or `delay`.
    pub flag_type: String,
    /// Rule name, delay type display name, or `Unknown`.
    pub label: String,
    /// The rule's category, or `delay`.
    pub category: String,
    /// `info`, `warning` or `critical`.
    pub severity: String,
    /// Threshold flags: the rule.
    pub flag_rule_id: Option<String>,
    /// Threshold flags: round1(observed value).
    pub metric_value: Option<f64>,
    /// Threshold flags: round1(threshold).
    pub threshold_value: Option<f64>,
    /// Threshold flags: the rule's scope.
    pub comparison_scope: Option<String>,
    /// Delay flags: the type.
    pub delay_type_id: Option<String>,
    /// Delay flags: minutes.
    pub duration_minutes: Option<i64>,
    /// Delay flags: the note.
    pub note: Option<String>,
    /// Delay flags: the timeline milestone.
    pub facility_milestone_id: Option<String>,
    /// Delay flags: who reported it.
    pub created_by: Option<String>,
    /// First detection / report time.
    pub created_at: i64,
}

/// Whether `ctx` may run detection on `facility`: its facility admins, global admins and the system.
fn check_detector(ctx: &AccessContext, facility: &str) -> Result<()> {
    if !ctx.sees_facility(facility) {
        return Err(Error::not_found("facility_id"));
    }
    match ctx.level {
        Level::System | Level::GlobalAdmin | Level::FacilityAdmin => Ok(()),
        _ => Err(Error::denied("only facility admins re-run flag detection")),
    }
}

impl Scope {
    /// `redetect_case_flags(case)` (flags.md §7.4): evaluates one case against its window now.
    pub fn redetect_case_flags(&self, case_id: &str) -> Result<detect::DetectCounts> {
        let id = values::parse_uuid("case_id", case_id)?;
        self.write("redetect_case_flags", |call| {
            let facility = call.ctx.case_facility(call.tx, &id, true)?;
            check_detector(&call.ctx, &facility)?;
            detect::detect_cases(call.tx, call.orbit.window_cache(), std::slice::from_ref(&id), call.now)
        })
    }

    /// `redetect_facility_flags(facility, from, to)` (flags.md §7.4): every case of the facility dated in
    /// [from, to] (local dates, inclusive), each against its own window; ineligible cases lose their threshold
    /// flags. Baselines are built once per date, not per case.
    pub fn redetect_facility_flags(
        &self,
        facility_id: &str,
        from_date: &str,
        to_date: &str,
    ) -> Result<detect::DetectCounts> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let from = values::date("from_date", from_date)?;
        let to = values::date("to_date", to_date)?;
        if to < from {
            return Err(Error::invalid("to_date", "must not be before from_date"));
        }
        self.write("redetect_facility_flags", |call| {
            let exists: Option<i64> = call
                .tx
                .query_row_cached("SELECT 1 FROM facilities WHERE id = ?1", [&facility], |r| r.get(0))
                .optional()?;
            if exists.is_none() {
                return Err(Error::not_found("facility_id"));
            }
            check_detector(&call.ctx, &facility)?;
            let ids: Vec<String> = call
                .tx
                .prepare_cached(
                    "SELECT id FROM cases WHERE facility_id = ?1 AND scheduled_date BETWEEN ?2 AND ?3
                     ORDER BY scheduled_date, id",
                )?
                .query_map(rusqlite::params![facility, from.to_string(), to.to_string()], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            detect::detect_cases(call.tx, call.orbit.window_cache(), &ids, call.now)
        })
    }

    /// The flags of a case (flags.md §10): by severity (critical first), then creation and id, with their
    /// labels. Without `flags.financial`, flags of financial rules are absent; device reps see none.
    pub fn case_flags(&self, case_id: &str) -> Result<Vec<CaseFlag>> {
        let id = values::parse_uuid("case_id", case_id)?;
        self.read(|conn, ctx| {
            let facility = ctx.case_facility(conn, &id, true)?;
            if !may_read(ctx, Some(&facility)) {
                return Ok(Vec::new());
            }
            let financial = ctx.has_permission(conn, "flags.financial")?;
            let flags: Vec<CaseFlag> = conn
                .prepare_cached(
                    "SELECT f.id, f.flag_type,
                            CASE f.flag_type WHEN 'delay' THEN coalesce(d.display_name, 'Unknown') ELSE coalesce(r.name, 'Unknown') END,
                            CASE f.flag_type WHEN 'delay' THEN 'delay' ELSE coalesce(r.category, 'Unknown') END,
                            f.severity, f.flag_rule_id, f.metric_value, f.threshold_value, f.comparison_scope, f.delay_type_id,
                            f.duration_minutes, f.note, f.facility_milestone_id, f.created_by, f.created_at
                     FROM case_flags f LEFT JOIN flag_rules r ON r.id = f.flag_rule_id
                     LEFT JOIN delay_types d ON d.id = f.delay_type_id
                     WHERE f.case_id = ?1
                     ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.created_at, f.id",
                )?
                .query_map([&id], |r| {
                    Ok(CaseFlag {
                        id: r.get(0)?,
                        flag_type: r.get(1)?,
                        label: r.get(2)?,
                        category: r.get(3)?,
                        severity: r.get(4)?,
                        flag_rule_id: r.get(5)?,
                        metric_value: r.get(6)?,
                        threshold_value: r.get(7)?,
                        comparison_scope: r.get(8)?,
                        delay_type_id: r.get(9)?,
                        duration_minutes: r.get(10)?,
                        note: r.get(11)?,
                        facility_milestone_id: r.get(12)?,
                        created_by: r.get(13)?,
                        created_at: r.get(14)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(flags.into_iter().filter(|f| financial || f.flag_type == "delay" || f.category != "financial").collect())
        })
    }
}
