//! Facility provisioning (data-model.md §5.4): one call copies every per-facility part from the global
//! templates, in one transaction, idempotently.
//!
//! Each part is one `INSERT … SELECT` that skips rows whose facility-unique key or `source_*` link already
//! exists (archived rows included), so a re-run adds only what is missing. Only active, non-archived template
//! rows are copied. Milestone pairs and template items are translated to the facility's copies.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, named_params};
use serde_json::{Map, Value};

use crate::clock::Millis;
use crate::error::{Error, Result};

/// Which parts to provision; every part defaults to `true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProvisionConfig {
    /// Facility milestones from the milestone catalogue (pairs translated).
    pub milestones: bool,
    /// Facility phases from the phase templates.
    pub facility_phases: bool,
    /// Milestone templates and items from the global template types (needs milestones and phases).
    pub milestone_templates: bool,
    /// Procedure types from the procedure-type templates.
    pub procedures: bool,
    /// The built-in flag rules.
    pub flag_rules: bool,
    /// The analytics settings row.
    pub analytics_settings: bool,
    /// Payers.
    pub payers: bool,
    /// Global delay types.
    pub delay_types: bool,
    /// Cost categories.
    pub cost_categories: bool,
    /// Global implant companies.
    pub implant_companies: bool,
    /// Complexities.
    pub complexities: bool,
    /// Cancellation reasons.
    pub cancellation_reasons: bool,
    /// Pre-op checklist fields.
    pub preop_checklist_fields: bool,
    /// Feature permissions.
    pub permissions: bool,
}

impl Default for ProvisionConfig {
    fn default() -> Self {
        ProvisionConfig {
            milestones: true,
            facility_phases: true,
            milestone_templates: true,
            procedures: true,
            flag_rules: true,
            analytics_settings: true,
            payers: true,
            delay_types: true,
            cost_categories: true,
            implant_companies: true,
            complexities: true,
            cancellation_reasons: true,
            preop_checklist_fields: true,
            permissions: true,
        }
    }
}

/// Rows inserted per part, in the spec's order (`milestone_template_items` counted separately).
pub type PartCounts = Vec<(&'static str, u64)>;

/// A copy of global template rows into facility rows: one `INSERT … SELECT` with `:f` and `:now`.
struct CopyPart {
    key: &'static str,
    sql: &'static str,
}

const PHASES: CopyPart = CopyPart {
    key: "facility_phases",
    sql: "INSERT INTO facility_phases (id, facility_id, name, display_name, color_key, display_order, created_at)
          SELECT orbit_new_id(), :f, t.name, t.display_name, t.color_key, t.display_order, :now
          FROM phase_templates t
          WHERE t.is_active = 1
            AND NOT EXISTS (SELECT 1 FROM facility_phases x WHERE x.facility_id = :f AND x.name = t.name)
          ORDER BY t.display_order, t.name",
};

/// Parts after the milestone templates, in the spec's order (5–14).
const LATER_PARTS: [CopyPart; 9] = [
    CopyPart {
        key: "flag_rules",
        sql: "INSERT INTO flag_rules (id, facility_id, name, description, category, metric, start_milestone,
                  end_milestone, operator, threshold_type, threshold_value, threshold_value_max, comparison_scope,
                  severity, display_order, is_built_in, is_enabled, source_rule_id, created_at, updated_at)
              SELECT orbit_new_id(), :f, t.name, t.description, t.category, t.metric, t.start_milestone,
                  t.end_milestone, t.operator, t.threshold_type, t.threshold_value, t.threshold_value_max,
                  t.comparison_scope, t.severity, t.display_order, 1, t.is_enabled, t.id, :now, :now
              FROM flag_rules t
              WHERE t.facility_id IS NULL AND t.is_built_in = 1 AND t.is_active = 1 AND t.deleted_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM flag_rules x WHERE x.facility_id = :f AND x.source_rule_id = t.id)
              ORDER BY t.display_order, t.name",
    },
    CopyPart {
        key: "analytics_settings",
        sql: "", // built from the template's columns, see analytics_settings_sql()
    },
    CopyPart {
        key: "payers",
        sql: "INSERT INTO payers (id, facility_id, name, source_template_id, created_at)
              SELECT orbit_new_id(), :f, t.name, t.id, :now FROM payer_templates t
              WHERE t.is_active = 1 AND t.deleted_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM payers x WHERE x.facility_id = :f
                                AND (x.name = t.name OR x.source_template_id = t.id))
              ORDER BY t.display_order, t.name",
    },
    CopyPart {
        key: "delay_types",
        sql: "INSERT INTO delay_types (id, facility_id, name, display_name, display_order, created_at)
              SELECT orbit_new_id(), :f, t.name, t.display_name, t.display_order, :now FROM delay_types t
              WHERE t.facility_id IS NULL AND t.is_active = 1 AND t.deleted_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM delay_types x WHERE x.facility_id = :f AND x.name = t.name)
              ORDER BY t.display_order, t.display_name",
    },
    CopyPart {
        key: "cost_categories",
        sql: "INSERT INTO cost_categories (id, facility_id, name, type, description, display_order, created_at,
                  updated_at)
              SELECT orbit_new_id(), :f, t.name, t.type, t.description, t.display_order, :now, :now
              FROM cost_category_templates t
              WHERE t.is_active = 1 AND t.deleted_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM cost_categories x WHERE x.facility_id = :f AND x.name = t.name)
              ORDER BY t.display_order, t.name",
    },
    CopyPart {
        key: "implant_companies",
        sql: "INSERT INTO implant_companies (id, facility_id, name, source_company_id, created_at, updated_at)
              SELECT orbit_new_id(), :f, t.name, t.id, :now, :now FROM implant_companies t
              WHERE t.facility_id IS NULL AND t.is_active = 1 AND t.deleted_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM implant_companies x WHERE x.facility_id = :f
                                AND (x.name = t.name OR x.source_company_id = t.id))
              ORDER BY t.name",
    },
    CopyPart {
        key: "complexities",
        sql: "INSERT INTO complexities (id, facility_id, source_template_id, name, display_name, description,
                  procedure_category_ids, display_order, created_at, updated_at)
              SELECT orbit_new_id(), :f, t.id, t.name, t.display_name, t.description, t.procedure_category_ids,
                  t.display_order, :now, :now
              FROM complexity_templates t
              WHERE t.is_active = 1 AND t.deleted_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM complexities x WHERE x.facility_id = :f
                                AND (x.name = t.name OR x.source_template_id = t.id))
              ORDER BY t.display_order, t.name",
    },
    CopyPart {
        key: "cancellation_reasons",
        sql: "INSERT INTO cancellation_reasons (id, facility_id, source_template_id, name, display_name, category,
                  display_order, is_system, created_at)
              SELECT orbit_new_id(), :f, t.id, t.name, t.display_name, t.category, t.display_order, t.is_system,
                  :now
              FROM cancellation_reason_templates t
              WHERE t.is_active = 1 AND t.deleted_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM cancellation_reasons x WHERE x.facility_id = :f
                                AND (x.name = t.name OR x.source_template_id = t.id))
              ORDER BY t.display_order, t.name",
    },
    CopyPart {
        key: "preop_checklist_fields",
        sql: "INSERT INTO preop_checklist_fields (id, facility_id, field_key, display_label, field_type, options,
                  default_value, placeholder, is_required, show_on_escort_page, display_order, source_template_id,
                  created_at, updated_at)
              SELECT orbit_new_id(), :f, t.field_key, t.display_label, t.field_type, t.options, t.default_value,
                  t.placeholder, t.is_required, t.show_on_escort_page, t.display_order, t.id, :now, :now
              FROM preop_checklist_field_templates t
              WHERE t.is_active = 1 AND t.deleted_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM preop_checklist_fields x WHERE x.facility_id = :f
                                AND (x.field_key = t.field_key OR x.source_template_id = t.id))
              ORDER BY t.display_order, t.field_key",
    },
];

const PERMISSIONS: CopyPart = CopyPart {
    key: "permissions",
    sql: "INSERT INTO facility_permissions (id, facility_id, access_level, permission_key, granted, created_at,
              updated_at)
          SELECT orbit_new_id(), :f, t.access_level, t.permission_key, t.granted, :now, :now
          FROM permission_templates t
          WHERE NOT EXISTS (SELECT 1 FROM facility_permissions x WHERE x.facility_id = :f
                            AND x.access_level = t.access_level AND x.permission_key = t.permission_key)
          ORDER BY t.access_level, t.permission_key",
};

/// Copies the active built-in flag rule templates the facility has no copy of (flags.md §9.2); the new ids.
pub(crate) fn copy_flag_rules(tx: &Connection, facility_id: &str, now: Millis) -> Result<Vec<String>> {
    run_copy(tx, LATER_PARTS[0].sql, facility_id, now)
}

fn run_copy(tx: &Connection, sql: &str, facility_id: &str, now: Millis) -> Result<Vec<String>> {
    let mut stmt = tx.prepare(&format!("{sql} RETURNING id"))?;
    let ids = stmt
        .query_map(named_params! {":f": facility_id, ":now": now}, |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// The analytics-settings copy, built from the template's columns (the 25 settings).
fn analytics_settings_sql(tx: &Connection) -> Result<String> {
    let mut stmt = tx.prepare(
        "SELECT name FROM pragma_table_info('analytics_settings_template')
         WHERE name NOT IN ('id', 'created_at', 'updated_at') ORDER BY cid",
    )?;
    let cols: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let list = cols.join(", ");
    Ok(format!(
        "INSERT INTO facility_analytics_settings (id, facility_id, {list}, created_at, updated_at)
         SELECT orbit_new_id(), :f, {list}, :now, :now FROM analytics_settings_template
         WHERE NOT EXISTS (SELECT 1 FROM facility_analytics_settings x WHERE x.facility_id = :f)
         ORDER BY id LIMIT 1"
    ))
}

/// Runs every enabled part for `facility_id`; returns the rows inserted per part.
pub(crate) fn provision_parts(
    tx: &Connection,
    facility_id: &str,
    config: &ProvisionConfig,
    now: Millis,
) -> Result<PartCounts> {
    if config.milestone_templates && !(config.milestones && config.facility_phases) {
        return Err(Error::invalid(
            "config.milestone_templates",
            "requires config.milestones and config.facility_phases",
        ));
    }
    let mut counts: PartCounts = Vec::new();
    if config.milestones {
        counts.push(("milestones", copy_milestones(tx, facility_id, now)?));
    }
    if config.facility_phases {
        counts.push((PHASES.key, run_copy(tx, PHASES.sql, facility_id, now)?.len() as u64));
    }
    let procedures = if config.procedures {
        let ids = run_copy(tx, PROCEDURES_SQL, facility_id, now)?;
        counts.push(("procedures", ids.len() as u64));
        ids
    } else {
        Vec::new()
    };
    if config.milestone_templates {
        let (templates, items) = copy_milestone_templates(tx, facility_id, &procedures, now)?;
        counts.push(("milestone_templates", templates));
        counts.push(("milestone_template_items", items));
    }
    let enabled = [
        config.flag_rules,
        config.analytics_settings,
        config.payers,
        config.delay_types,
        config.cost_categories,
        config.implant_companies,
        config.complexities,
        config.cancellation_reasons,
        config.preop_checklist_fields,
    ];
    for (part, on) in LATER_PARTS.iter().zip(enabled) {
        if !on {
            continue;
        }
        let n = if part.key == "analytics_settings" {
            run_copy(tx, &analytics_settings_sql(tx)?, facility_id, now)?.len()
        } else {
            run_copy(tx, part.sql, facility_id, now)?.len()
        };
        counts.push((part.key, n as u64));
    }
    if config.permissions {
        counts.push((PERMISSIONS.key, run_copy(tx, PERMISSIONS.sql, facility_id, now)?.len() as u64));
    }
    Ok(counts)
}

const PROCEDURES_SQL: &str =
    "INSERT INTO procedure_types (id, facility_id, name, body_region_id, procedure_category_id,
        implant_category, source_template_id, created_at)
    SELECT orbit_new_id(), :f, t.name, t.body_region_id, t.procedure_category_id, t.implant_category, t.id, :now
    FROM procedure_type_templates t
    WHERE t.is_active = 1 AND t.deleted_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM procedure_types x WHERE x.facility_id = :f
                      AND (x.name = t.name OR x.source_template_id = t.id))
    ORDER BY t.display_order, t.name";

/// Part 1: milestone types → facility milestones, then the pairs of the rows inserted by this run.
fn copy_milestones(tx: &Connection, facility_id: &str, now: Millis) -> Result<u64> {
    let inserted = run_copy(
        tx,
        "INSERT INTO facility_milestones (id, facility_id, name, display_name, display_order,
             source_milestone_type_id, min_minutes, max_minutes, validation_type, phase_group, created_at)
         SELECT orbit_new_id(), :f, t.name, t.display_name, t.display_order, t.id, 1, 90, 'sequence_gap',
             orbit_phase_group(t.name), :now
         FROM milestone_types t
         WHERE t.is_active = 1 AND t.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM facility_milestones x WHERE x.facility_id = :f
                           AND (x.name = t.name OR x.source_milestone_type_id = t.id))
         ORDER BY t.display_order, t.name",
        facility_id,
        now,
    )?;
    let inserted_json = Value::from(inserted.clone()).to_string();
    // Pair a copy with its partner's copy only when both were inserted now, so pairs stay symmetric and a
    // pair the facility undid is not re-created by a re-run.
    tx.execute(
        "UPDATE facility_milestones AS fm
         SET pair_with_id = (SELECT p.id FROM milestone_types t
                             JOIN facility_milestones p ON p.source_milestone_type_id = t.pair_with_id
                                                       AND p.facility_id = fm.facility_id
                             WHERE t.id = fm.source_milestone_type_id),
             pair_position = (SELECT t.pair_position FROM milestone_types t WHERE t.id = fm.source_milestone_type_id)
         WHERE fm.id IN (SELECT value FROM json_each(?1))
           AND EXISTS (SELECT 1 FROM milestone_types t
                       JOIN facility_milestones p ON p.source_milestone_type_id = t.pair_with_id
                                                 AND p.facility_id = fm.facility_id
                       WHERE t.id = fm.source_milestone_type_id AND t.pair_position IS NOT NULL
                         AND p.id IN (SELECT value FROM json_each(?1)))",
        [&inserted_json],
    )?;
    Ok(inserted.len() as u64)
}

/// Part 4: global template types → facility templates and items (milestones and phases translated), then
/// the template of each procedure inserted by this run.
fn copy_milestone_templates(
    tx: &Connection,
    facility_id: &str,
    new_procedures: &[String],
    now: Millis,
) -> Result<(u64, u64)> {
    // phase_template id → facility phase id (active phases, by name)
    let mut phase_map: HashMap<String, String> = HashMap::new();
    {
        let mut stmt = tx.prepare(
            "SELECT t.id, p.id FROM phase_templates t
             JOIN facility_phases p ON p.name = t.name AND p.facility_id = ?1 AND p.is_active = 1",
        )?;
        for row in stmt.query_map([facility_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (t, p) = row?;
            phase_map.insert(t, p);
        }
    }
    let types: Vec<(String, String, Option<String>, bool, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, name, description, is_default, sub_phase_map FROM milestone_template_types
             WHERE is_active = 1 ORDER BY name",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? == 1, r.get(4)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut template_of_type: HashMap<String, String> = HashMap::new();
    let (mut templates, mut items) = (0u64, 0u64);
    for (type_id, name, description, is_default, sub_phase_map) in types {
        let existing: Option<String> = tx
            .query_row(
                "SELECT id FROM milestone_templates WHERE facility_id = ?1 AND name = ?2
                 ORDER BY is_active DESC, created_at LIMIT 1",
                [facility_id, &name],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            template_of_type.insert(type_id, id);
            continue;
        }
        let has_default: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM milestone_templates WHERE facility_id = ?1 AND is_default = 1)",
            [facility_id],
            |r| r.get(0),
        )?;
        let translated = translate_sub_phase_map(&sub_phase_map, &phase_map);
        let template_id = crate::values::new_id();
        tx.execute(
            "INSERT INTO milestone_templates (id, facility_id, name, description, is_default, block_order,
                 sub_phase_map, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, '{}', ?6, ?7)",
            rusqlite::params![template_id, facility_id, name, description, is_default && !has_default, translated, now],
        )?;
        templates += 1;
        let inserted = tx.execute(
            "INSERT INTO milestone_template_items (id, template_id, facility_milestone_id, facility_phase_id,
                 display_order, created_at)
             SELECT orbit_new_id(), ?1, fm.id, fp.id,
                    row_number() OVER (ORDER BY i.display_order, i.id), ?4
             FROM milestone_template_type_items i
             JOIN facility_milestones fm ON fm.source_milestone_type_id = i.milestone_type_id
                                        AND fm.facility_id = ?2 AND fm.is_active = 1
             LEFT JOIN phase_templates pt ON pt.id = i.phase_template_id
             LEFT JOIN facility_phases fp ON fp.name = pt.name AND fp.facility_id = ?2 AND fp.is_active = 1
             WHERE i.template_type_id = ?3
             ORDER BY i.display_order, i.id",
            rusqlite::params![template_id, facility_id, type_id, now],
        )?;
        items += inserted as u64;
        template_of_type.insert(type_id, template_id);
    }
    for procedure_id in new_procedures {
        let type_id: Option<String> = tx.query_row(
            "SELECT t.milestone_template_type_id FROM procedure_types p
             JOIN procedure_type_templates t ON t.id = p.source_template_id WHERE p.id = ?1",
            [procedure_id],
            |r| r.get(0),
        )?;
        if let Some(template_id) = type_id.and_then(|t| template_of_type.get(&t)) {
            tx.execute(
                "UPDATE procedure_types SET milestone_template_id = ?2 WHERE id = ?1",
                [procedure_id, template_id],
            )?;
        }
    }
    Ok((templates, items))
}

/// `{"<childPhaseTemplateId>": "<parentPhaseTemplateId>"}` → the same map over the facility's phase ids;
/// entries whose phases have no facility copy are dropped.
fn translate_sub_phase_map(map: &str, phase_map: &HashMap<String, String>) -> String {
    let parsed: Map<String, Value> = serde_json::from_str(map).unwrap_or_default();
    let out: Map<String, Value> = parsed
        .into_iter()
        .filter_map(|(child, parent)| {
            let child = phase_map.get(&child)?;
            let parent = phase_map.get(parent.as_str()?)?;
            Some((child.clone(), Value::String(parent.clone())))
        })
        .collect();
    Value::Object(out).to_string()
}
