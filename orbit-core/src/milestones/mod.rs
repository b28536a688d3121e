//! The milestone system v2.0 (lifecycle-and-stats.md §1): facility milestones and phases (generic
//! reference-data calls with the hooks below), milestone pairs, templates and their items, derived phase
//! boundaries, surgeon template overrides and the template resolution cascade.

pub mod rules;

use crate::store::Cached;
use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::matrix::{self, WriteScope};
use crate::access::{AccessContext, Call, Scope};
use crate::audit;
use crate::error::{Error, ErrorKind, Result};
use crate::reference::{Record, RefTable};
use crate::values::{self, MAX_NAME_CHARS, MAX_TEXT_CHARS};

pub use rules::Placement;

/// One placement to write: a facility milestone and, optionally, the phase it sits in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateItemInput {
    /// Facility milestone id.
    pub milestone_id: String,
    /// Facility phase id (`None` = unphased).
    pub phase_id: Option<String>,
}

/// A stored template item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateItem {
    /// Item id.
    pub id: String,
    /// Facility milestone id.
    pub facility_milestone_id: String,
    /// Milestone name.
    pub milestone_name: String,
    /// Facility phase id.
    pub facility_phase_id: Option<String>,
    /// Phase name.
    pub phase_name: Option<String>,
    /// 1..n in list order.
    pub display_order: i64,
}

/// A new milestone template.
#[derive(Debug, Clone, Default)]
pub struct NewTemplate {
    /// Facility (default: the context's).
    pub facility_id: Option<String>,
    /// Name, unique among the facility's active templates.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Placements in order.
    pub items: Vec<TemplateItemInput>,
    /// `{child phase id: parent phase id}`.
    pub sub_phase_map: BTreeMap<String, String>,
}

/// A template after a write, with its items and the advisory warnings (never blocking).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateOutcome {
    /// The template row.
    pub template: Record,
    /// Its items in order.
    pub items: Vec<TemplateItem>,
    /// Advisory warnings (pair order, required structure missing).
    pub warnings: Vec<String>,
}

/// A derived phase boundary of a template (lifecycle-and-stats.md §1.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseBoundary {
    /// Phase id.
    pub phase_id: String,
    /// Phase name.
    pub phase_name: String,
    /// Phase display name.
    pub phase_display_name: String,
    /// Colour key.
    pub color_key: Option<String>,
    /// Phase display order.
    pub display_order: i64,
    /// Parent phase (sub-phases).
    pub parent_phase_id: Option<String>,
    /// First milestone of the phase.
    pub start_milestone_id: String,
    /// Its name.
    pub start_milestone_name: String,
    /// Its display name.
    pub start_milestone_display_name: String,
    /// Its item display order.
    pub start_milestone_display_order: i64,
    /// Last milestone of the phase.
    pub end_milestone_id: String,
    /// Its name.
    pub end_milestone_name: String,
    /// Its display name.
    pub end_milestone_display_name: String,
    /// Its item display order.
    pub end_milestone_display_order: i64,
}

/// A phase's measured span on a case (`case_phase_durations`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CasePhaseDuration {
    /// The phase and its boundaries.
    pub phase: PhaseBoundary,
    /// Start instant used (own, or the fallback for top-level phases).
    pub start_at: Option<i64>,
    /// End instant used.
    pub end_at: Option<i64>,
    /// Seconds, when both ends exist and end > start (sub-phases clipped to their parent).
    pub duration_seconds: Option<f64>,
    /// Sub-phases: seconds from the parent's start.
    pub offset_seconds: Option<f64>,
}

/// What `set_surgeon_template_override` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum OverrideOutcome {
    /// The override was created or changed.
    Set,
    /// The template equals the procedure's effective template: the override was removed.
    Removed,
}

// ---------------------------------------------------------------------------------------------------------
// Hooks of the generic reference calls

/// Completes a new facility milestone: refuses the reserved catalogue names, and fills `phase_group` from
/// the PG-map when the caller gave none.
pub(crate) fn complete_new_milestone(
    fields: &Map<String, Value>,
    cols: &mut Vec<(&'static str, SqlValue)>,
) -> Result<()> {
    let name = fields.get("name").and_then(Value::as_str).unwrap_or_default().trim().to_lowercase();
    if rules::RESERVED_MILESTONE_NAMES.contains(&name.as_str()) {
        return Err(Error::invalid("name", "is reserved for the milestone catalogue (provisioning copies it)"));
    }
    if !fields.contains_key("phase_group") {
        let group = rules::phase_group_for(&name).map_or(SqlValue::Null, |g| SqlValue::Text(g.into()));
        cols.push(("phase_group", group));
    }
    Ok(())
}

/// Before a facility milestone is archived: patient_in and patient_out never are (the status machine
/// needs them); a paired milestone is unpaired first, its partner too (both audited).
pub(crate) fn archive_milestone_guard(call: &Call<'_>, row: &Record) -> Result<()> {
    let name = row.get("name").and_then(Value::as_str).unwrap_or_default();
    if name == "patient_in" || name == "patient_out" {
        return Err(Error::invalid("id", "patient_in and patient_out cannot be archived"));
    }
    if let Some(partner) = row.get("pair_with_id").and_then(Value::as_str) {
        let id = row.get("id").and_then(Value::as_str).unwrap_or_default();
        unpair(call, &[partner, id])?;
    }
    Ok(())
}

/// Before a template is archived: never the default (`TemplateIsDefault`), never one an active procedure
/// uses (`TemplateInUse`).
pub(crate) fn archive_template_guard(conn: &Connection, id: &str, row: &Record) -> Result<()> {
    if row.get("is_default").and_then(Value::as_bool) == Some(true) {
        return Err(Error::new(
            ErrorKind::TemplateIsDefault,
            "the facility's default template cannot be archived; make another template the default first",
        ));
    }
    let used: bool = conn.query_row_cached(
        "SELECT EXISTS (SELECT 1 FROM procedure_types WHERE milestone_template_id = ?1 AND is_active = 1)",
        [id],
        |r| r.get(0),
    )?;
    if used {
        return Err(Error::new(
            ErrorKind::TemplateInUse,
            "the template is assigned to an active procedure type; assign another template first",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Shared checks

/// The context may change the configuration of `facility` (facility admins: their own; global admins).
fn check_config_writer(ctx: &AccessContext, facility: &str, param: &str) -> Result<()> {
    if !ctx.sees_facility(facility) {
        return Err(Error::not_found(param));
    }
    match matrix::write_scope("milestone_templates", ctx.level) {
        WriteScope::All => Ok(()),
        WriteScope::OwnFacility if ctx.facility_id.as_deref() == Some(facility) => Ok(()),
        _ => Err(Error::denied("only facility admins change the milestone configuration")),
    }
}

/// A facility milestone as the pairing rules see it.
#[derive(Debug)]
struct MilestoneRow {
    id: String,
    facility_id: String,
    name: String,
    display_order: i64,
    is_active: bool,
    pair_with_id: Option<String>,
}

fn milestone(conn: &Connection, ctx: &AccessContext, id: &str, param: &str) -> Result<MilestoneRow> {
    let id = values::parse_uuid(param, id)?;
    let row = conn
        .prepare_cached(
            "SELECT id, facility_id, name, display_order, is_active, pair_with_id FROM facility_milestones WHERE id = ?1",
        )?
        .query_row([&id], |r| {
            Ok(MilestoneRow {
                id: r.get(0)?,
                facility_id: r.get(1)?,
                name: r.get(2)?,
                display_order: r.get(3)?,
                is_active: r.get::<_, i64>(4)? == 1,
                pair_with_id: r.get(5)?,
            })
        })
        .optional()?;
    row.filter(|m| ctx.sees_facility(&m.facility_id)).ok_or_else(|| Error::not_found(param))
}

/// Unpairs every milestone in `ids` (each audited as an update): pair columns NULL, `sequence_gap`.
fn unpair(call: &Call<'_>, ids: &[&str]) -> Result<()> {
    for id in ids {
        let old = audit::row_values(call.tx, "facility_milestones", id)?;
        let (facility, name): (String, String) =
            call.tx.query_row_cached("SELECT facility_id, name FROM facility_milestones WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        // Both rows of a pair clear together (the per-row CHECK holds: pair_with_id and pair_position are
        // NULL together).
        call.tx.execute_cached(
            "UPDATE facility_milestones SET pair_with_id = NULL, pair_position = NULL, validation_type = 'sequence_gap'
             WHERE id = ?1",
            [id],
        )?;
        audit::row_change(call, "facility_milestones", "updated", id, Some(name), Some(facility), old)?;
    }
    Ok(())
}

/// A template as the structure operations see it.
#[derive(Debug)]
struct TemplateRow {
    id: String,
    facility_id: String,
    name: String,
    is_active: bool,
    is_default: bool,
}

fn template(conn: &Connection, ctx: &AccessContext, id: &str) -> Result<TemplateRow> {
    let id = values::parse_uuid("template_id", id)?;
    let row = conn
        .prepare_cached("SELECT id, facility_id, name, is_active, is_default FROM milestone_templates WHERE id = ?1")?
        .query_row([&id], |r| {
            Ok(TemplateRow {
                id: r.get(0)?,
                facility_id: r.get(1)?,
                name: r.get(2)?,
                is_active: r.get::<_, i64>(3)? == 1,
                is_default: r.get::<_, i64>(4)? == 1,
            })
        })
        .optional()?;
    row.filter(|t| ctx.sees_facility(&t.facility_id)).ok_or_else(|| Error::not_found("template_id"))
}

/// Resolves and checks placements (T1: active milestones of the facility; T2: NULL or active phases of the
/// facility), then T3 and T5.
fn placements(
    conn: &Connection,
    facility: &str,
    items: &[TemplateItemInput],
    sub_phase_map: &BTreeMap<String, String>,
) -> Result<(Vec<Placement>, BTreeMap<String, String>)> {
    let bad = |i: usize, what: &str| Error::new(ErrorKind::InvalidTemplateStructure, format!("items[{i}]: {what}"));
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mid = values::parse_uuid(&format!("items[{i}].milestone_id"), &item.milestone_id)?;
        type M = (String, Option<String>, Option<String>);
        let m: Option<M> = conn
            .prepare_cached(
                "SELECT name, pair_with_id, pair_position FROM facility_milestones
                 WHERE id = ?1 AND facility_id = ?2 AND is_active = 1",
            )?
            .query_row([&mid, facility], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let (name, partner, position) =
            m.ok_or_else(|| bad(i, "not an active milestone of the template's facility"))?;
        let (phase_id, phase_name) = match &item.phase_id {
            None => (None, None),
            Some(p) => {
                let pid = values::parse_uuid(&format!("items[{i}].phase_id"), p)?;
                let n: Option<String> = conn
                    .prepare_cached(
                        "SELECT name FROM facility_phases WHERE id = ?1 AND facility_id = ?2 AND is_active = 1",
                    )?
                    .query_row([&pid, facility], |r| r.get(0))
                    .optional()?;
                let n = n.ok_or_else(|| bad(i, "not an active phase of the template's facility"))?;
                (Some(pid), Some(n))
            }
        };
        out.push(Placement {
            milestone_id: mid,
            milestone_name: name,
            phase_id,
            phase_name,
            pair: partner.zip(position),
        });
    }
    let mut map = BTreeMap::new();
    for (child, parent) in sub_phase_map {
        map.insert(values::parse_uuid("sub_phase_map", child)?, values::parse_uuid("sub_phase_map", parent)?);
    }
    rules::check_structure(&out, &map)?;
    Ok((out, map))
}

/// Replaces a template's items with `placements`, numbered 1..n (T4); every deleted and inserted item
/// row is audited.
fn write_items(call: &Call<'_>, t: &TemplateRow, placements: &[Placement]) -> Result<()> {
    let old: Vec<String> = call
        .tx
        .prepare("SELECT id FROM milestone_template_items WHERE template_id = ?1 ORDER BY display_order, id")?
        .query_map([&t.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in old {
        let before = audit::row_values(call.tx, "milestone_template_items", &id)?;
        call.tx.execute_cached("DELETE FROM milestone_template_items WHERE id = ?1", [&id])?;
        let label = Some(t.name.clone());
        audit::row_change(
            call,
            "milestone_template_items",
            "deleted",
            &id,
            label,
            Some(t.facility_id.clone()),
            before,
        )?;
    }
    for (i, p) in placements.iter().enumerate() {
        let id = values::new_id();
        call.tx.execute_cached(
            "INSERT INTO milestone_template_items (id, template_id, facility_milestone_id, facility_phase_id,
                 display_order, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![id, t.id, p.milestone_id, p.phase_id, i as i64 + 1, call.now],
        )?;
        let label = Some(format!("{} in {}", p.milestone_name, t.name));
        audit::row_change(call, "milestone_template_items", "created", &id, label, Some(t.facility_id.clone()), None)?;
    }
    Ok(())
}

/// The items of template `id`, in order.
fn items_of(conn: &Connection, id: &str) -> Result<Vec<TemplateItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.facility_milestone_id, m.name, i.facility_phase_id, p.name, i.display_order
         FROM milestone_template_items i
         JOIN facility_milestones m ON m.id = i.facility_milestone_id
         LEFT JOIN facility_phases p ON p.id = i.facility_phase_id
         WHERE i.template_id = ?1 ORDER BY i.display_order, i.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(TemplateItem {
            id: r.get(0)?,
            facility_milestone_id: r.get(1)?,
            milestone_name: r.get(2)?,
            facility_phase_id: r.get(3)?,
            phase_name: r.get(4)?,
            display_order: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn outcome(call: &Call<'_>, template_id: &str, placements: &[Placement]) -> Result<TemplateOutcome> {
    Ok(TemplateOutcome {
        template: call.scope_get(RefTable::MilestoneTemplates, template_id)?,
        items: items_of(call.tx, template_id)?,
        warnings: rules::structure_warnings(placements),
    })
}

fn map_json(map: &BTreeMap<String, String>) -> String {
    Value::Object(map.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect()).to_string()
}

impl Call<'_> {
    /// A reference record as the call's context sees it.
    fn scope_get(&self, table: RefTable, id: &str) -> Result<Record> {
        crate::reference::get_in(self.tx, table, &self.ctx, self.now, id)
    }
}

// ---------------------------------------------------------------------------------------------------------
// Operations

impl Scope {
    /// Pairs two facility milestones (both active, unpaired, distinct, of one facility): the lower
    /// `display_order` (the first on a tie) becomes the `start` with `duration` validation, the other the
    /// `end` with `sequence_gap`.
    pub fn pair_milestones(&self, a: &str, b: &str) -> Result<(Record, Record)> {
        self.write("pair_milestones", |call| {
            let ma = milestone(call.tx, &call.ctx, a, "a")?;
            let mb = milestone(call.tx, &call.ctx, b, "b")?;
            check_config_writer(&call.ctx, &ma.facility_id, "a")?;
            if ma.facility_id != mb.facility_id {
                return Err(Error::not_found("b"));
            }
            if ma.id == mb.id {
                return Err(Error::invalid("b", "must be a different milestone"));
            }
            for (m, p) in [(&ma, "a"), (&mb, "b")] {
                if !m.is_active {
                    return Err(Error::invalid(p, "refers to an archived milestone"));
                }
                if m.pair_with_id.is_some() {
                    return Err(Error::invalid(p, "is already paired; unpair it first"));
                }
            }
            let (start, end) = if mb.display_order < ma.display_order { (&mb, &ma) } else { (&ma, &mb) };
            for (m, partner, position, validation) in
                [(start, end, "start", "duration"), (end, start, "end", "sequence_gap")]
            {
                let old = audit::row_values(call.tx, "facility_milestones", &m.id)?;
                call.tx.execute_cached(
                    "UPDATE facility_milestones SET pair_with_id = ?2, pair_position = ?3, validation_type = ?4
                     WHERE id = ?1",
                    rusqlite::params![m.id, partner.id, position, validation],
                )?;
                let label = Some(m.name.clone());
                audit::row_change(
                    call,
                    "facility_milestones",
                    "updated",
                    &m.id,
                    label,
                    Some(m.facility_id.clone()),
                    old,
                )?;
            }
            Ok((
                call.scope_get(RefTable::FacilityMilestones, &ma.id)?,
                call.scope_get(RefTable::FacilityMilestones, &mb.id)?,
            ))
        })
    }

    /// Unpairs a milestone and its partner (both back to `sequence_gap`).
    pub fn unpair_milestones(&self, a: &str) -> Result<()> {
        self.write("unpair_milestones", |call| {
            let m = milestone(call.tx, &call.ctx, a, "a")?;
            check_config_writer(&call.ctx, &m.facility_id, "a")?;
            let partner = m.pair_with_id.clone().ok_or_else(|| Error::invalid("a", "is not paired"))?;
            unpair(call, &[&partner, &m.id])
        })
    }

    /// Creates a (non-default, active) template with its items.
    pub fn create_template(&self, new: NewTemplate) -> Result<TemplateOutcome> {
        let name = values::name("name", &new.name, MAX_NAME_CHARS)?;
        let description = values::text("description", new.description.as_deref(), MAX_TEXT_CHARS)?;
        let requested = new.facility_id.as_deref().map(|f| values::parse_uuid("facility_id", f)).transpose()?;
        self.write("create_template", |call| {
            let facility = call.ctx.target_facility(requested.as_deref(), "facility_id")?;
            check_config_writer(&call.ctx, &facility, "facility_id")?;
            let (placements, map) = placements(call.tx, &facility, &new.items, &new.sub_phase_map)?;
            let id = values::new_id();
            call.tx
                .execute_cached(
                    "INSERT INTO milestone_templates (id, facility_id, name, description, sub_phase_map, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    rusqlite::params![id, facility, name, description, map_json(&map), call.now],
                )
                .map_err(|e| name_conflict(e.into()))?;
            audit::row_change(
                call,
                "milestone_templates",
                "created",
                &id,
                Some(name.clone()),
                Some(facility.clone()),
                None,
            )?;
            let t = TemplateRow {
                id: id.clone(),
                facility_id: facility,
                name: name.clone(),
                is_active: true,
                is_default: false,
            };
            write_items(call, &t, &placements)?;
            outcome(call, &id, &placements)
        })
    }

    /// Replaces a template's items and sub-phase map atomically (cases keep their rows; positions follow
    /// the template's current items).
    pub fn set_template_structure(
        &self,
        template_id: &str,
        items: &[TemplateItemInput],
        sub_phase_map: &BTreeMap<String, String>,
    ) -> Result<TemplateOutcome> {
        self.write("set_template_structure", |call| {
            let t = template(call.tx, &call.ctx, template_id)?;
            check_config_writer(&call.ctx, &t.facility_id, "template_id")?;
            let (placements, map) = placements(call.tx, &t.facility_id, items, sub_phase_map)?;
            let old = audit::row_values(call.tx, "milestone_templates", &t.id)?;
            let changed = call.tx.execute_cached(
                "UPDATE milestone_templates SET sub_phase_map = ?2 WHERE id = ?1 AND sub_phase_map IS NOT ?2",
                rusqlite::params![t.id, map_json(&map)],
            )?;
            if changed > 0 {
                audit::row_change(
                    call,
                    "milestone_templates",
                    "updated",
                    &t.id,
                    Some(t.name.clone()),
                    Some(t.facility_id.clone()),
                    old,
                )?;
            }
            write_items(call, &t, &placements)?;
            outcome(call, &t.id, &placements)
        })
    }

    /// Copies a template (description, block order, sub-phase map, items) under a new name; the copy is
    /// not the default.
    pub fn duplicate_template(&self, template_id: &str, new_name: &str) -> Result<TemplateOutcome> {
        let name = values::name("new_name", new_name, MAX_NAME_CHARS)?;
        self.write("duplicate_template", |call| {
            let src = template(call.tx, &call.ctx, template_id)?;
            check_config_writer(&call.ctx, &src.facility_id, "template_id")?;
            let id = values::new_id();
            call.tx
                .execute_cached(
                    "INSERT INTO milestone_templates (id, facility_id, name, description, block_order, sub_phase_map,
                         created_at)
                     SELECT ?2, facility_id, ?3, description, block_order, sub_phase_map, ?4 FROM milestone_templates
                     WHERE id = ?1",
                    rusqlite::params![src.id, id, name, call.now],
                )
                .map_err(|e| name_conflict(e.into()))?;
            audit::row_change(
                call,
                "milestone_templates",
                "created",
                &id,
                Some(name.clone()),
                Some(src.facility_id.clone()),
                None,
            )?;
            let items: Vec<TemplateItemInput> = items_of(call.tx, &src.id)?
                .into_iter()
                .map(|i| TemplateItemInput { milestone_id: i.facility_milestone_id, phase_id: i.facility_phase_id })
                .collect();
            // Copied as stored: archived milestones or phases of the source stay out of the copy's checks.
            let placements: Vec<Placement> =
                items.iter().map(|i| placement_as_stored(call.tx, i)).collect::<Result<_>>()?;
            let t =
                TemplateRow { id: id.clone(), facility_id: src.facility_id, name, is_active: true, is_default: false };
            write_items(call, &t, &placements)?;
            outcome(call, &id, &placements)
        })
    }

    /// Makes an active template its facility's default (the previous default is cleared first, in the same
    /// transaction). Already the default: no change.
    pub fn set_default_template(&self, template_id: &str) -> Result<Record> {
        self.write("set_default_template", |call| {
            let t = template(call.tx, &call.ctx, template_id)?;
            check_config_writer(&call.ctx, &t.facility_id, "template_id")?;
            if !t.is_active {
                return Err(Error::invalid("template_id", "an archived template cannot be the default"));
            }
            if !t.is_default {
                let previous: Option<(String, String)> = call
                    .tx
                    .query_row_cached(
                        "SELECT id, name FROM milestone_templates WHERE facility_id = ?1 AND is_default = 1",
                        [&t.facility_id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                if let Some((pid, pname)) = previous {
                    let old = audit::row_values(call.tx, "milestone_templates", &pid)?;
                    call.tx.execute_cached("UPDATE milestone_templates SET is_default = 0 WHERE id = ?1", [&pid])?;
                    audit::row_change(
                        call,
                        "milestone_templates",
                        "updated",
                        &pid,
                        Some(pname),
                        Some(t.facility_id.clone()),
                        old,
                    )?;
                }
                let old = audit::row_values(call.tx, "milestone_templates", &t.id)?;
                call.tx.execute_cached("UPDATE milestone_templates SET is_default = 1 WHERE id = ?1", [&t.id])?;
                audit::row_change(
                    call,
                    "milestone_templates",
                    "updated",
                    &t.id,
                    Some(t.name.clone()),
                    Some(t.facility_id.clone()),
                    old,
                )?;
            }
            call.scope_get(RefTable::MilestoneTemplates, &t.id)
        })
    }

    /// The items of a template, in order.
    pub fn template_items(&self, template_id: &str) -> Result<Vec<TemplateItem>> {
        self.read(|conn, ctx| {
            let t = template(conn, ctx, template_id)?;
            items_of(conn, &t.id)
        })
    }

    /// The derived phase boundaries of a template, by phase display order (lifecycle-and-stats.md §1.5).
    pub fn template_phase_boundaries(&self, template_id: &str) -> Result<Vec<PhaseBoundary>> {
        self.read(|conn, ctx| {
            let t = template(conn, ctx, template_id)?;
            phase_boundaries(conn, &t.id)
        })
    }

    /// The phase durations of a case (lifecycle-and-stats.md §1.5) from its stamped template (else the
    /// resolution cascade) and its recorded milestones.
    pub fn case_phase_durations(&self, case_id: &str) -> Result<Vec<CasePhaseDuration>> {
        let id = values::parse_uuid("case_id", case_id)?;
        self.read(|conn, ctx| {
            type C = (String, Option<String>, Option<String>, Option<String>);
            let row: Option<C> = conn
                .query_row_cached(
                    "SELECT facility_id, milestone_template_id, surgeon_id, procedure_type_id FROM cases WHERE id = ?1",
                    [&id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((facility, stamped, surgeon, procedure)) =
                row.filter(|(f, ..)| ctx.sees_facility(f) && ctx.level != crate::access::Level::DeviceRep)
            else {
                return Err(Error::not_found("case_id"));
            };
            let template = match stamped {
                Some(t) => t,
                None => resolve_template_id(conn, &facility, surgeon.as_deref(), procedure.as_deref())?,
            };
            let boundaries = phase_boundaries(conn, &template)?;
            let recorded: BTreeMap<String, i64> = conn
                .prepare_cached(
                    "SELECT facility_milestone_id, recorded_at FROM case_milestones WHERE case_id = ?1 AND recorded_at IS NOT NULL",
                )?
                .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(measure_phases(&boundaries, |m| recorded.get(m).copied()))
        })
    }

    /// Sets surgeon `surgeon_id`'s template for a procedure. If the template equals the procedure's
    /// effective template, the override is removed instead.
    pub fn set_surgeon_template_override(
        &self,
        surgeon_id: &str,
        procedure_type_id: &str,
        template_id: &str,
    ) -> Result<OverrideOutcome> {
        let surgeon = values::parse_uuid("surgeon_id", surgeon_id)?;
        let procedure = values::parse_uuid("procedure_type_id", procedure_type_id)?;
        self.write("set_surgeon_template_override", |call| {
            let t = template(call.tx, &call.ctx, template_id)?;
            check_config_writer(&call.ctx, &t.facility_id, "template_id")?;
            if !t.is_active {
                return Err(Error::invalid("template_id", "refers to an archived template"));
            }
            let facility = t.facility_id.clone();
            check_member(call.tx, "surgeon_id", "users", &surgeon, &facility)?;
            check_member(call.tx, "procedure_type_id", "procedure_types", &procedure, &facility)?;
            let effective = procedure_effective_template(call.tx, &facility, &procedure)?;
            let existing: Option<(String, String)> = call
                .tx
                .query_row_cached(
                    "SELECT id, milestone_template_id FROM surgeon_template_overrides
                     WHERE facility_id = ?1 AND surgeon_id = ?2 AND procedure_type_id = ?3",
                    [&facility, &surgeon, &procedure],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let label = Some(t.name.clone());
            if effective.as_deref() == Some(t.id.as_str()) {
                if let Some((oid, _)) = existing {
                    let old = audit::row_values(call.tx, "surgeon_template_overrides", &oid)?;
                    call.tx.execute_cached("DELETE FROM surgeon_template_overrides WHERE id = ?1", [&oid])?;
                    audit::row_change(call, "surgeon_template_overrides", "deleted", &oid, label, Some(facility), old)?;
                }
                return Ok(OverrideOutcome::Removed);
            }
            match existing {
                Some((_, current)) if current == t.id => {}
                Some((oid, _)) => {
                    let old = audit::row_values(call.tx, "surgeon_template_overrides", &oid)?;
                    call.tx.execute_cached(
                        "UPDATE surgeon_template_overrides SET milestone_template_id = ?2 WHERE id = ?1",
                        [&oid, &t.id],
                    )?;
                    audit::row_change(call, "surgeon_template_overrides", "updated", &oid, label, Some(facility), old)?;
                }
                None => {
                    let oid = values::new_id();
                    call.tx.execute_cached(
                        "INSERT INTO surgeon_template_overrides (id, facility_id, surgeon_id, procedure_type_id,
                             milestone_template_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        rusqlite::params![oid, facility, surgeon, procedure, t.id, call.now],
                    )?;
                    audit::row_change(
                        call,
                        "surgeon_template_overrides",
                        "created",
                        &oid,
                        label,
                        Some(facility),
                        None,
                    )?;
                }
            }
            Ok(OverrideOutcome::Set)
        })
    }

    /// Removes a surgeon's override for a procedure; `false` if there was none.
    pub fn remove_surgeon_template_override(&self, surgeon_id: &str, procedure_type_id: &str) -> Result<bool> {
        let surgeon = values::parse_uuid("surgeon_id", surgeon_id)?;
        let procedure = values::parse_uuid("procedure_type_id", procedure_type_id)?;
        self.write("remove_surgeon_template_override", |call| {
            let row: Option<(String, String)> = call
                .tx
                .query_row_cached(
                    "SELECT id, facility_id FROM surgeon_template_overrides WHERE surgeon_id = ?1 AND procedure_type_id = ?2",
                    [&surgeon, &procedure],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((id, facility)) = row.filter(|(_, f)| call.ctx.sees_facility(f)) else {
                return Ok(false);
            };
            check_config_writer(&call.ctx, &facility, "surgeon_id")?;
            let old = audit::row_values(call.tx, "surgeon_template_overrides", &id)?;
            call.tx.execute_cached("DELETE FROM surgeon_template_overrides WHERE id = ?1", [&id])?;
            audit::row_change(call, "surgeon_template_overrides", "deleted", &id, None, Some(facility), old)?;
            Ok(true)
        })
    }

    /// The template a new case of (facility, surgeon, procedure) gets: the surgeon's override, else the
    /// procedure's template, else the facility default (`NoMilestoneTemplate` when there is none).
    pub fn resolve_template(
        &self,
        facility_id: Option<&str>,
        surgeon_id: Option<&str>,
        procedure_type_id: Option<&str>,
    ) -> Result<String> {
        let requested = facility_id.map(|f| values::parse_uuid("facility_id", f)).transpose()?;
        let surgeon = surgeon_id.map(|s| values::parse_uuid("surgeon_id", s)).transpose()?;
        let procedure = procedure_type_id.map(|p| values::parse_uuid("procedure_type_id", p)).transpose()?;
        self.read(|conn, ctx| {
            let facility = ctx.target_facility(requested.as_deref(), "facility_id")?;
            if !ctx.sees_facility(&facility) {
                return Err(Error::not_found("facility_id"));
            }
            resolve_template_id(conn, &facility, surgeon.as_deref(), procedure.as_deref())
        })
    }
}

fn name_conflict(e: Error) -> Error {
    if e.kind() == ErrorKind::Conflict {
        Error::conflict("milestone_templates: an active template of the facility already has this name")
    } else {
        e
    }
}

fn placement_as_stored(conn: &Connection, item: &TemplateItemInput) -> Result<Placement> {
    let (name, partner, position): (String, Option<String>, Option<String>) = conn.query_row_cached(
        "SELECT name, pair_with_id, pair_position FROM facility_milestones WHERE id = ?1",
        [&item.milestone_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let phase_name: Option<String> = match &item.phase_id {
        Some(p) => {
            conn.query_row_cached("SELECT name FROM facility_phases WHERE id = ?1", [p], |r| r.get(0)).optional()?
        }
        None => None,
    };
    Ok(Placement {
        milestone_id: item.milestone_id.clone(),
        milestone_name: name,
        phase_id: item.phase_id.clone(),
        phase_name,
        pair: partner.zip(position),
    })
}

/// `id` must be an active row of `table` in `facility` (`NotFound` naming `param` otherwise; archived →
/// `InvalidInput`).
fn check_member(conn: &Connection, param: &str, table: &str, id: &str, facility: &str) -> Result<()> {
    let active: Option<i64> = conn
        .query_row(&format!("SELECT is_active FROM {table} WHERE id = ?1 AND facility_id = ?2"), [id, facility], |r| {
            r.get(0)
        })
        .optional()?;
    match active {
        None => Err(Error::not_found(param)),
        Some(0) => Err(Error::invalid(param, "refers to an archived row")),
        Some(_) => Ok(()),
    }
}

/// The procedure's usable template, else the facility default.
fn procedure_effective_template(conn: &Connection, facility: &str, procedure: &str) -> Result<Option<String>> {
    let own: Option<String> = conn
        .query_row_cached(
            "SELECT t.id FROM procedure_types p JOIN milestone_templates t ON t.id = p.milestone_template_id
             WHERE p.id = ?2 AND t.is_active = 1 AND t.deleted_at IS NULL AND t.facility_id = ?1",
            [facility, procedure],
            |r| r.get(0),
        )
        .optional()?;
    match own {
        Some(t) => Ok(Some(t)),
        None => default_template(conn, facility),
    }
}

fn default_template(conn: &Connection, facility: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row_cached(
            "SELECT id FROM milestone_templates WHERE facility_id = ?1 AND is_default = 1 AND is_active = 1",
            [facility],
            |r| r.get(0),
        )
        .optional()?)
}

/// The resolution cascade of lifecycle-and-stats.md §1.6.
pub(crate) fn resolve_template_id(
    conn: &Connection,
    facility: &str,
    surgeon: Option<&str>,
    procedure: Option<&str>,
) -> Result<String> {
    if let (Some(s), Some(p)) = (surgeon, procedure) {
        let t: Option<String> = conn
            .query_row_cached(
                "SELECT t.id FROM surgeon_template_overrides o JOIN milestone_templates t ON t.id = o.milestone_template_id
                 WHERE o.facility_id = ?1 AND o.surgeon_id = ?2 AND o.procedure_type_id = ?3
                   AND t.is_active = 1 AND t.deleted_at IS NULL AND t.facility_id = ?1",
                [facility, s, p],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(t) = t {
            return Ok(t);
        }
    }
    let effective = match procedure {
        Some(p) => procedure_effective_template(conn, facility, p)?,
        None => default_template(conn, facility)?,
    };
    effective.ok_or_else(|| {
        Error::new(
            ErrorKind::NoMilestoneTemplate,
            format!(
                "No milestone template found for procedure {} at facility {facility}. Please assign a template in \
                 Settings > Milestones.",
                procedure.unwrap_or("(none)")
            ),
        )
    })
}

/// The phase durations (§1.5) of a case with `boundaries` (its template's) and its recorded instants.
pub(crate) fn measure_phases(
    boundaries: &[PhaseBoundary],
    recorded: impl Fn(&str) -> Option<i64>,
) -> Vec<CasePhaseDuration> {
    let spans: Vec<rules::PhaseSpan> = boundaries
        .iter()
        .map(|b| rules::PhaseSpan {
            phase_id: b.phase_id.clone(),
            parent_phase_id: b.parent_phase_id.clone(),
            start_milestone_id: b.start_milestone_id.clone(),
            end_milestone_id: b.end_milestone_id.clone(),
        })
        .collect();
    rules::phase_durations(&spans, recorded)
        .into_iter()
        .filter_map(|d| {
            let phase = boundaries.iter().find(|b| b.phase_id == d.phase_id)?.clone();
            Some(CasePhaseDuration {
                phase,
                start_at: d.start_at,
                end_at: d.end_at,
                duration_seconds: d.duration_seconds,
                offset_seconds: d.offset_seconds,
            })
        })
        .collect()
}

/// Derived boundaries: for each active phase with items, its first and last placement; sub-phase parents
/// from the template's map (entries whose phases have no items or are inactive are ignored).
pub(crate) fn phase_boundaries(conn: &Connection, template_id: &str) -> Result<Vec<PhaseBoundary>> {
    let map_text: String =
        conn.query_row_cached("SELECT sub_phase_map FROM milestone_templates WHERE id = ?1", [template_id], |r| {
            r.get(0)
        })?;
    let map: BTreeMap<String, String> = serde_json::from_str::<Map<String, Value>>(&map_text)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_string())))
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, p.display_name, p.color_key, p.display_order,
                s.facility_milestone_id, sm.name, sm.display_name, s.display_order,
                e.facility_milestone_id, em.name, em.display_name, e.display_order
         FROM facility_phases p
         JOIN milestone_template_items s ON s.template_id = ?1 AND s.facility_phase_id = p.id
              AND s.display_order = (SELECT min(display_order) FROM milestone_template_items
                                     WHERE template_id = ?1 AND facility_phase_id = p.id)
         JOIN milestone_template_items e ON e.template_id = ?1 AND e.facility_phase_id = p.id
              AND e.display_order = (SELECT max(display_order) FROM milestone_template_items
                                     WHERE template_id = ?1 AND facility_phase_id = p.id)
         JOIN facility_milestones sm ON sm.id = s.facility_milestone_id
         JOIN facility_milestones em ON em.id = e.facility_milestone_id
         WHERE p.is_active = 1
         ORDER BY p.display_order, p.id",
    )?;
    let rows: Vec<PhaseBoundary> = stmt
        .query_map([template_id], |r| {
            Ok(PhaseBoundary {
                phase_id: r.get(0)?,
                phase_name: r.get(1)?,
                phase_display_name: r.get(2)?,
                color_key: r.get(3)?,
                display_order: r.get(4)?,
                parent_phase_id: None,
                start_milestone_id: r.get(5)?,
                start_milestone_name: r.get(6)?,
                start_milestone_display_name: r.get(7)?,
                start_milestone_display_order: r.get(8)?,
                end_milestone_id: r.get(9)?,
                end_milestone_name: r.get(10)?,
                end_milestone_display_name: r.get(11)?,
                end_milestone_display_order: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let present: Vec<String> = rows.iter().map(|b| b.phase_id.clone()).collect();
    Ok(rows
        .into_iter()
        .map(|mut b| {
            b.parent_phase_id = map.get(&b.phase_id).filter(|p| present.contains(p)).cloned();
            b
        })
        .collect())
}
