//! The generator's store layer: access checks, the facility snapshot a plan is drawn from, the purge, the
//! application of a plan through the normal lifecycle operations, and the default fixture.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value, json};

use super::model::*;
use super::plan::{self, Plan, PlanInput, PlanSurgeon, ProcedureInfo, StaffMember, StaffPool};
use super::rng::round_js;
use crate::access::{Call, Level, Scope};
use crate::audit::{self, AuditEntry};
use crate::cases::{NewCase, StaffInput};
use crate::error::{Error, Result};
use crate::facilities::{FacilityTarget, NewFacility, ProvisionConfig};
use crate::financials::pricing::ProcedurePricingInput;
use crate::reference::RefTable;
use crate::values;

// ---------------------------------------------------------------------------------------------------------
// Access

/// Generate and purge (§11): facility admins of the facility, global admins and the system; an invisible or
/// unknown facility is `NotFound`.
fn check_admin(call: &Call<'_>, facility: &str) -> Result<()> {
    let exists: Option<i64> =
        call.tx.query_row("SELECT 1 FROM facilities WHERE id = ?1", [facility], |r| r.get(0)).optional()?;
    if exists.is_none() || !call.ctx.sees_facility(facility) {
        return Err(Error::not_found("facility_id"));
    }
    if !matches!(call.ctx.level, Level::System | Level::GlobalAdmin | Level::FacilityAdmin) {
        return Err(Error::denied("only facility admins and global admins generate or purge demo data"));
    }
    Ok(())
}

fn facility_zone(conn: &Connection, facility: &str) -> Result<(Tz, Option<String>, String)> {
    let (tz, prefix, name): (String, Option<String>, String) =
        conn.query_row("SELECT timezone, case_number_prefix, name FROM facilities WHERE id = ?1", [facility], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    Ok((values::timezone("timezone", &tz)?, prefix, name))
}

fn map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Purge (§11.1)

/// Hard-deletes the facility's cases (their children cascade) and surgeon template overrides, then rebuilds
/// the legacy averages of the facility's surgeons; one `demo.purged` audit row.
fn purge(call: &Call<'_>, facility: &str) -> Result<PurgeReport> {
    let count = |sql: &str| -> Result<u64> { Ok(call.tx.query_row(sql, [facility], |r| r.get::<_, i64>(0))? as u64) };
    let report = PurgeReport {
        cases: count("SELECT count(*) FROM cases WHERE facility_id = ?1")?,
        milestones: count(
            "SELECT count(*) FROM case_milestones WHERE case_id IN (SELECT id FROM cases WHERE facility_id = ?1)",
        )?,
        flags: count("SELECT count(*) FROM case_flags WHERE facility_id = ?1")?,
        template_overrides: count("SELECT count(*) FROM surgeon_template_overrides WHERE facility_id = ?1")?,
    };
    // Links between the facility's cases first, so the cascade does not update rows it deletes next.
    call.tx.execute(
        "UPDATE cases SET called_next_case_id = NULL WHERE facility_id = ?1 AND called_next_case_id IS NOT NULL",
        [facility],
    )?;
    call.tx.execute("DELETE FROM cases WHERE facility_id = ?1", [facility])?;
    call.tx.execute("DELETE FROM surgeon_template_overrides WHERE facility_id = ?1", [facility])?;
    // Aggregates: the stats relations are computed on read; the legacy averages are rows, rebuilt per key
    // (every key of the facility's surgeons now has no samples, so its rows go).
    let keys: Vec<(String, String)> = call
        .tx
        .prepare(
            "SELECT a.surgeon_id, a.procedure_type_id FROM surgeon_procedure_averages a
               JOIN users u ON u.id = a.surgeon_id WHERE u.facility_id = ?1
             UNION
             SELECT a.surgeon_id, a.procedure_type_id FROM surgeon_milestone_averages a
               JOIN users u ON u.id = a.surgeon_id WHERE u.facility_id = ?1
             ORDER BY 1, 2",
        )?
        .query_map([facility], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (s, p) in &keys {
        crate::stats::legacy::rebuild_key(call.tx, call.now, s, p)?;
    }
    let (_, _, name) = facility_zone(call.tx, facility)?;
    audit::record(
        call,
        AuditEntry {
            action: "demo.purged".into(),
            target_type: "facilities",
            target_id: facility.to_string(),
            target_label: Some(name),
            facility_id: Some(facility.to_string()),
            metadata: map(json!({"deleted": report})),
            ..AuditEntry::default()
        },
    )?;
    Ok(report)
}

// ---------------------------------------------------------------------------------------------------------
// The facility snapshot a plan is drawn from

fn ids(conn: &Connection, sql: &str, facility: &str) -> Result<Vec<String>> {
    Ok(conn.prepare(sql)?.query_map([facility], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

fn pairs(conn: &Connection, sql: &str, facility: &str) -> Result<Vec<(String, String)>> {
    Ok(conn.prepare(sql)?.query_map([facility], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?)
}

/// The §11.8 roster of the facility: its surgeons found by last name, rooms and procedures by name.
fn roster_config(conn: &Connection, facility: &str) -> Result<Vec<SurgeonConfig>> {
    let lookup = |sql: &str, name: &str| -> Result<Option<String>> {
        Ok(conn.query_row(sql, [facility, name], |r| r.get(0)).optional()?)
    };
    let mut out = Vec::new();
    for s in DEMO_SURGEONS {
        let surgeon = lookup(
            "SELECT u.id FROM users u JOIN user_roles r ON r.id = u.role_id
             WHERE u.facility_id = ?1 AND u.last_name = ?2 AND r.name = 'surgeon' AND u.is_active = 1
             ORDER BY u.created_at, u.id LIMIT 1",
            s.last_name,
        )?
        .ok_or_else(|| {
            Error::invalid(
                "config.surgeons",
                "is required: the facility has no demo roster (provision_demo_facility creates one)",
            )
        })?;
        let mut c = SurgeonConfig::new(&surgeon, s.speed, s.specialty);
        for (day, rooms) in s.days {
            c.operating_days.push(*day);
            let mut room_ids = Vec::new();
            for r in *rooms {
                let id = lookup("SELECT id FROM or_rooms WHERE facility_id = ?1 AND name = ?2 AND is_active = 1", r)?
                    .ok_or_else(|| Error::invalid("config.surgeons", "is required: a demo room is missing"))?;
                room_ids.push(id);
            }
            c.day_rooms.insert(*day, room_ids);
        }
        for p in DEMO_PROCEDURES.iter().filter(|p| p.specialty == s.specialty) {
            if let Some(id) =
                lookup("SELECT id FROM procedure_types WHERE facility_id = ?1 AND name = ?2 AND is_active = 1", p.name)?
            {
                c.procedure_type_ids.push(id);
            }
        }
        c.preferred_vendor = s.vendor.map(str::to_string);
        for (kind, frequency) in s.outliers {
            let o = Outlier::on(*kind, *frequency);
            match kind {
                OutlierKind::LateStarts => c.outliers.late_starts = o,
                OutlierKind::LongTurnovers => c.outliers.long_turnovers = o,
                OutlierKind::ExtendedPhases => c.outliers.extended_phases = o,
                OutlierKind::CallbackDelays => c.outliers.callback_delays = o,
                OutlierKind::FastCases => c.outliers.fast_cases = o,
            }
        }
        c.bad_days_per_month = s.bad_days_per_month;
        if c.procedure_type_ids.is_empty() {
            return Err(Error::invalid("config.surgeons", "is required: the demo procedures are missing"));
        }
        out.push(c);
    }
    Ok(out)
}

/// Resolves one configured surgeon against the facility (`NotFound` naming the config key).
fn plan_surgeon(conn: &Connection, facility: &str, c: &SurgeonConfig, param: &str) -> Result<PlanSurgeon> {
    let surgeon = values::parse_uuid(&format!("{param}.surgeon_id"), &c.surgeon_id)?;
    let user: Option<(String, i64)> = conn
        .query_row(
            "SELECT closing_workflow, closing_handoff_minutes FROM users
             WHERE id = ?1 AND facility_id = ?2 AND is_active = 1",
            [&surgeon, facility],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (workflow, handoff) = user.ok_or_else(|| Error::not_found(&format!("{param}.surgeon_id")))?;
    let mut config = c.clone();
    config.surgeon_id = surgeon.clone();
    for (day, rooms) in config.day_rooms.iter_mut() {
        for r in rooms.iter_mut() {
            let p = format!("{param}.day_rooms.{day}");
            *r = values::parse_uuid(&p, r)?;
            let ok: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM or_rooms WHERE id = ?1 AND facility_id = ?2 AND is_active = 1)",
                [&*r, facility],
                |x| x.get(0),
            )?;
            if !ok {
                return Err(Error::not_found(&p));
            }
        }
    }
    let mut procedures = Vec::new();
    for p in config.procedure_type_ids.iter_mut() {
        let param = format!("{param}.procedure_type_ids");
        *p = values::parse_uuid(&param, p)?;
        let row: Option<(String, Option<i64>)> = conn
            .query_row(
                "SELECT name, expected_duration_minutes FROM procedure_types
                 WHERE id = ?1 AND facility_id = ?2 AND is_active = 1",
                [&*p, facility],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (name, expected_minutes) = row.ok_or_else(|| Error::not_found(&param))?;
        let surgeon_expected_minutes: Option<i64> = conn
            .query_row(
                "SELECT expected_duration_minutes FROM surgeon_procedure_duration
                 WHERE surgeon_id = ?1 AND procedure_type_id = ?2 AND is_active = 1",
                [&surgeon, &*p],
                |r| r.get(0),
            )
            .optional()?;
        procedures.push(ProcedureInfo { id: p.clone(), name, expected_minutes, surgeon_expected_minutes });
    }
    let vendor_company_id = match &config.preferred_vendor {
        None => None,
        Some(v) => conn
            .query_row(
                "SELECT id FROM implant_companies WHERE name = ?2 AND is_active = 1
                   AND (facility_id = ?1 OR facility_id IS NULL)
                 ORDER BY facility_id IS NULL, id LIMIT 1",
                [facility, v.as_str()],
                |r| r.get(0),
            )
            .optional()?,
    };
    Ok(PlanSurgeon {
        config,
        procedures,
        pa_closes_handoff: (workflow == "pa_closes").then_some(handoff),
        vendor_company_id,
    })
}

fn staff_pool(conn: &Connection, facility: &str) -> Result<StaffPool> {
    let mut stmt = conn.prepare(
        "SELECT u.id, r.name FROM users u JOIN user_roles r ON r.id = u.role_id
         WHERE u.facility_id = ?1 AND u.is_active = 1 AND r.name IN ('nurse', 'tech', 'anesthesiologist', 'crna')
         ORDER BY r.name = 'crna', u.last_name, u.first_name, u.id",
    )?;
    let rows: Vec<(String, String)> =
        stmt.query_map([facility], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut pool = StaffPool::default();
    for (user_id, role) in rows {
        let member = StaffMember { user_id, role: role.clone() };
        match role.as_str() {
            "nurse" => pool.nurses.push(member),
            "tech" => pool.techs.push(member),
            _ => pool.anesthesia.push(member),
        }
    }
    Ok(pool)
}

/// The next case-number sequence for `prefix`: 1 + the largest `<prefix>-<digits>` number of the facility.
fn next_sequence(conn: &Connection, facility: &str, prefix: &str) -> Result<u64> {
    let numbers = ids(conn, "SELECT case_number FROM cases WHERE facility_id = ?1", facility)?;
    let head = format!("{prefix}-");
    let max = numbers
        .iter()
        .filter_map(|n| n.strip_prefix(&head))
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|d| d.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    Ok(max + 1)
}

struct Snapshot {
    input: PlanInput,
    name: String,
}

fn snapshot(conn: &Connection, facility: &str, config: &DemoConfig, today: NaiveDate, tz: Tz) -> Result<Snapshot> {
    let (_, prefix, name) = facility_zone(conn, facility)?;
    let prefix = prefix.filter(|p| !p.trim().is_empty()).unwrap_or_else(|| DEMO_PREFIX.to_string());
    let (start, end) = plan::calendar(today, config);
    let closures = crate::scheduling::store::load_closures(conn, facility)?;
    let holidays = crate::scheduling::store::load_holidays(conn, facility)?;
    let closed: BTreeSet<NaiveDate> = start
        .iter_days()
        .take_while(|d| *d <= end)
        .filter(|d| crate::scheduling::holidays::is_facility_closed(&closures, &holidays, *d))
        .collect();
    let configs = match &config.surgeons {
        Some(list) => list.clone(),
        None => roster_config(conn, facility)?,
    };
    let surgeons = configs
        .iter()
        .enumerate()
        .map(|(i, c)| plan_surgeon(conn, facility, c, &format!("config.surgeons[{i}]")))
        .collect::<Result<Vec<_>>>()?;
    let input = PlanInput {
        tz,
        today,
        start,
        end,
        closed,
        first_sequence: next_sequence(conn, facility, &prefix)?,
        case_prefix: prefix,
        surgeons,
        payers: pairs(
            conn,
            "SELECT id, name FROM payers WHERE facility_id = ?1 AND is_active = 1 ORDER BY name, id",
            facility,
        )?,
        // System reasons (the EHR cancellation) are reserved for integrations: never drawn.
        cancellation_reasons: ids(
            conn,
            "SELECT id FROM cancellation_reasons WHERE facility_id = ?1 AND is_active = 1 AND is_system = 0
             ORDER BY name, id",
            facility,
        )?,
        delay_types: ids(
            conn,
            "SELECT id FROM delay_types WHERE (facility_id = ?1 OR facility_id IS NULL) AND is_active = 1
             ORDER BY name, facility_id IS NULL, id",
            facility,
        )?,
        complexities: pairs(
            conn,
            "SELECT id, name FROM complexities WHERE (facility_id = ?1 OR facility_id IS NULL) AND is_active = 1
             ORDER BY facility_id IS NULL, display_order, name, id",
            facility,
        )?,
        templates: ids(
            conn,
            "SELECT id FROM milestone_templates WHERE facility_id = ?1 AND is_active = 1 AND is_default = 0
             ORDER BY name, id",
            facility,
        )?,
        staff: staff_pool(conn, facility)?,
    };
    Ok(Snapshot { input, name })
}

/// The latest planned instant of a historical case (it must not be after the library clock).
fn latest_instant(plan: &Plan) -> Option<i64> {
    plan.cases
        .iter()
        .flat_map(|c| {
            c.milestones.iter().map(|(_, t)| *t).chain(c.call_time).chain(c.called_back_at).chain(c.surgeon_left_at)
        })
        .max()
}

// ---------------------------------------------------------------------------------------------------------
// Application

/// What the application wrote, for the fix-ups and the summary.
#[derive(Default)]
struct Applied {
    case_ids: Vec<Option<String>>,
    delay_ids: Vec<(String, i64)>,
    report: GenerationReport,
}

/// Creates case `i` as scheduled (and cancels it when planned so): the booking step.
fn create(s: &Scope, plan: &Plan, i: usize, out: &mut Applied) -> Result<()> {
    let c = &plan.cases[i];
    let id = s.create_case(NewCase {
        facility_id: Some(out.report.facility_id.clone()),
        case_number: c.case_number.clone(),
        scheduled_date: c.date.format("%Y-%m-%d").to_string(),
        start_time: Some(plan::hhmm(c.start_minute)),
        or_room_id: Some(c.room_id.clone()),
        procedure_type_id: Some(c.procedure_id.clone()),
        surgeon_id: Some(c.surgeon_id.clone()),
        payer_id: c.payer_id.clone(),
        operative_side: Some(c.operative_side.to_string()),
        staff: c.staff.iter().map(|m| StaffInput { user_id: m.user_id.clone(), role: m.role.clone() }).collect(),
        implant_company_ids: c.implant_company_id.iter().cloned().collect(),
        ..NewCase::default()
    })?;
    out.report.cases += 1;
    if c.historical {
        out.report.historical += 1;
    } else {
        out.report.scheduled += 1;
    }
    if let Some(cancel) = &c.cancellation {
        s.cancel_case(&id, Some(&cancel.reason_id), None)?;
        out.report.cancelled += 1;
    }
    out.case_ids[i] = Some(id);
    Ok(())
}

/// Replays the day of historical case `i` (created already): call, callback and flip link, milestones in
/// order with the surgeon-left stamp at its instant, the delay, then validation.
fn replay(s: &Scope, input: &PlanInput, plan: &Plan, i: usize, out: &mut Applied) -> Result<()> {
    let c = &plan.cases[i];
    let Some(id) = out.case_ids[i].clone() else { return Ok(()) };
    let mut patch = Map::new();
    if let Some(t) = c.call_time {
        patch.insert("call_time".into(), Value::from(t));
    }
    if let Some(t) = c.called_back_at {
        patch.insert("called_back_at".into(), Value::from(t));
    }
    if let Some(next) = c.called_next.and_then(|n| out.case_ids[n].clone()) {
        patch.insert("called_next_case_id".into(), Value::String(next));
    }
    if !patch.is_empty() {
        s.update_case(&id, &patch)?;
    }
    let rows: BTreeMap<String, String> =
        s.case_milestones(&id)?.into_iter().map(|m| (m.name, m.facility_milestone_id)).collect();
    // A pa_closes surgeon's left time is stamped by the lifecycle when closing is recorded.
    let auto_left = input.surgeons[c.surgeon].pa_closes_handoff.is_some() && rows.contains_key("closing");
    let mut left = c.surgeon_left_at.filter(|_| !auto_left);
    let (mut completed, mut validated) = (false, false);
    for (name, at) in &c.milestones {
        let Some(m) = rows.get(*name) else { continue };
        if let Some(t) = left.filter(|t| t < at) {
            s.set_surgeon_left(&id, Some(t))?;
            left = None;
        }
        let outcome = s.record_milestone(&id, m, Some(*at), None)?;
        out.report.milestones += 1;
        completed = outcome.status == "completed";
        validated |= outcome.auto_validated;
    }
    if let Some(t) = left {
        s.set_surgeon_left(&id, Some(t))?;
    }
    if let Some(d) = &c.delay {
        let delay = s.report_case_delay(&id, &d.delay_type_id, Some(d.minutes), None, None)?;
        out.delay_ids.push((delay.id, d.recorded_at));
        out.report.delays += 1;
    }
    if completed {
        out.report.completed += 1;
        if c.leave_unvalidated && validated {
            s.invalidate_case(&id)?;
        } else if !c.leave_unvalidated && !validated {
            s.validate_case(&id)?;
        }
        if c.leave_unvalidated {
            out.report.unvalidated += 1;
        }
    }
    Ok(())
}

/// The fix-ups the lifecycle cannot express (it stamps "now"), the complexities (no operation writes
/// them), and the audit summary that replaces the per-step rows written since `watermark`.
fn finish(call: &Call<'_>, facility: &str, name: &str, plan: &Plan, applied: &Applied, watermark: i64) -> Result<()> {
    let mut cancelled = call.tx.prepare_cached("UPDATE cases SET cancelled_at = ?2 WHERE id = ?1")?;
    let mut complexity = call.tx.prepare_cached(
        "INSERT INTO case_complexities (id, case_id, complexity_id, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (c, id) in plan.cases.iter().zip(&applied.case_ids) {
        let Some(id) = id else { continue };
        if let Some(cancel) = &c.cancellation {
            cancelled.execute(rusqlite::params![id, cancel.cancelled_at])?;
        }
        for k in &c.complexity_ids {
            complexity.execute(rusqlite::params![values::new_id(), id, k, call.ctx.user_id, call.now])?;
        }
    }
    let mut delay = call.tx.prepare_cached("UPDATE case_delays SET recorded_at = ?2 WHERE id = ?1")?;
    for (id, at) in &applied.delay_ids {
        delay.execute(rusqlite::params![id, at])?;
    }
    call.tx.execute("DELETE FROM audit_log WHERE rowid > ?1", [watermark])?;
    let report = &applied.report;
    audit::record(
        call,
        AuditEntry {
            action: "demo.generated".into(),
            target_type: "facilities",
            target_id: facility.to_string(),
            target_label: Some(name.to_string()),
            facility_id: Some(facility.to_string()),
            metadata: map(json!({
                "seed": report.seed, "today": report.today, "start_date": report.start_date,
                "end_date": report.end_date, "cases": report.cases, "historical": report.historical,
                "scheduled": report.scheduled, "completed": report.completed, "cancelled": report.cancelled,
                "unvalidated": report.unvalidated, "delays": report.delays, "milestones": report.milestones,
                "template_overrides": report.template_overrides,
            })),
            ..AuditEntry::default()
        },
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Operations

impl Scope {
    /// `purge_case_data(facility)` (scheduling-patientflow.md §11.1): hard-deletes the facility's cases with
    /// everything that hangs off them (flags, complexities, tray rows, case companies, milestones and their
    /// stats, data-quality issues, staff, delays, check-ins and escort links, case history) and its surgeon
    /// template overrides, then rebuilds the legacy surgeon averages. Users and configuration are kept.
    /// Facility admins (own facility), global admins and the system; one `demo.purged` audit row.
    pub fn purge_case_data(&self, facility_id: &str) -> Result<PurgeReport> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        self.write("purge_case_data", |call| {
            check_admin(call, &facility)?;
            purge(call, &facility)
        })
    }

    /// `generate_demo_data(facility, config, seed, today)` (§11): plans a history and schedule from the
    /// stream of `seed` and replays it through the lifecycle. `config: None` = every default and the §11.8
    /// roster; `today: None` = the library clock's date in the facility's zone (a later `today` is
    /// `InvalidInput`: historical milestones cannot be recorded in the future). Same seed, config, today and
    /// starting database ⇒ the same content (ids and "now" stamps aside). One transaction: a failure writes
    /// nothing.
    pub fn generate_demo_data(
        &self,
        facility_id: &str,
        config: Option<&DemoConfig>,
        seed: u64,
        today: Option<&str>,
    ) -> Result<GenerationReport> {
        self.generate_demo_data_with_progress(facility_id, config, seed, today, &mut |_| {})
    }

    /// [`Scope::generate_demo_data`], calling `progress` after each applied case.
    pub fn generate_demo_data_with_progress(
        &self,
        facility_id: &str,
        config: Option<&DemoConfig>,
        seed: u64,
        today: Option<&str>,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<GenerationReport> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let today = today.map(|t| values::date("today", t)).transpose()?;
        let config = config.cloned().unwrap_or_default();
        // Bulk work: flag detection runs once over every generated case when the batch ends (ADR 0006).
        self.batch_deferring_detection(|s| {
            let (purged, snap) = s.write("generate_demo_data", |call| {
                check_admin(call, &facility)?;
                let (tz, _, _) = facility_zone(call.tx, &facility)?;
                let clock_today = values::local_date(call.now, tz);
                let today = today.unwrap_or(clock_today);
                if today > clock_today {
                    return Err(Error::invalid(
                        "today",
                        "must not be after the library clock's date in the facility's zone",
                    ));
                }
                let purged = if config.purge_first { Some(purge(call, &facility)?) } else { None };
                Ok((purged, snapshot(call.tx, &facility, &config, today, tz)?))
            })?;
            let plan = plan::plan(&snap.input, seed);
            if latest_instant(&plan).is_some_and(|t| t > s.orbit().now_ms() + crate::cases::FUTURE_LIMIT_MS) {
                return Err(Error::invalid(
                    "today",
                    "the generated history would end after the library clock's now; pass an earlier today",
                ));
            }
            let watermark: i64 = s
                .orbit()
                .read(|conn| Ok(conn.query_row("SELECT coalesce(max(rowid), 0) FROM audit_log", [], |r| r.get(0))?))?;
            let mut applied = Applied { case_ids: vec![None; plan.cases.len()], ..Applied::default() };
            applied.report = GenerationReport {
                facility_id: facility.clone(),
                seed,
                today: snap.input.today.to_string(),
                start_date: snap.input.start.to_string(),
                end_date: snap.input.end.to_string(),
                purged,
                ..GenerationReport::default()
            };
            for o in &plan.overrides {
                s.set_surgeon_template_override(&o.surgeon_id, &o.procedure_id, &o.template_id)?;
                applied.report.template_overrides += 1;
            }
            // Day by day: the date's cases are booked first (as a facility schedules ahead), then its
            // events are replayed, each in chronological order (scheduled start, then case number).
            let order = plan.chronological();
            let mut done = 0;
            for day in order.chunk_by(|a, b| plan.cases[*a].date == plan.cases[*b].date) {
                let date = plan.cases[day[0]].date.to_string();
                for &i in day {
                    create(s, &plan, i, &mut applied)?;
                    let c = &plan.cases[i];
                    if !c.historical || c.cancellation.is_some() {
                        done += 1;
                        progress(Progress { done, total: order.len(), date: &date });
                    }
                }
                for &i in day {
                    let c = &plan.cases[i];
                    if c.historical && c.cancellation.is_none() {
                        replay(s, &snap.input, &plan, i, &mut applied)?;
                        done += 1;
                        progress(Progress { done, total: order.len(), date: &date });
                    }
                }
            }
            s.write("generate_demo_data", |call| finish(call, &facility, &snap.name, &plan, &applied, watermark))?;
            Ok(applied.report)
        })
    }

    /// `provision_demo_facility(seed)` (§11.8): the default fixture — facility "Demo Surgery Center"
    /// (America/New_York, prefix DEMO, OR rate 1 500.00/h, a demo facility) with everything provisioning
    /// copies, rooms OR 1–4 on the default week, the extra payers, implant companies, cancellation reasons,
    /// delay types and complexities, the 14 procedures with their pricing (effective 2000-01-01), the six
    /// roster surgeons and 19 staff. Idempotent: an existing facility of that name (the oldest) is reused as
    /// is. Global admins and the system. The fixture is fully authored: `seed` draws nothing and is accepted
    /// for the spec's signature.
    pub fn provision_demo_facility(&self, seed: u64) -> Result<DemoFacility> {
        let _ = seed;
        self.batch(|s| {
            let ctx = s.context()?;
            if !matches!(ctx.level, Level::System | Level::GlobalAdmin) {
                return Err(Error::denied("only global admins provision the demo facility"));
            }
            let existing: Option<String> = s.orbit().read(|conn| {
                Ok(conn
                    .query_row(
                        "SELECT id FROM facilities WHERE name = ?1 ORDER BY created_at, id LIMIT 1",
                        [DEMO_FACILITY_NAME],
                        |r| r.get(0),
                    )
                    .optional()?)
            })?;
            if let Some(f) = existing {
                let surgeon_ids = s.orbit().read(|conn| Ok(roster_config(conn, &f).unwrap_or_default()))?;
                return Ok(DemoFacility {
                    facility_id: f,
                    created: false,
                    surgeon_ids: surgeon_ids.into_iter().map(|c| c.surgeon_id).collect(),
                });
            }
            provision_new(s)
        })
    }
}

fn record_id(r: crate::reference::Record) -> String {
    r.get("id").and_then(Value::as_str).unwrap_or_default().to_string()
}

/// Creates the fixture (inside the caller's batch).
fn provision_new(s: &Scope) -> Result<DemoFacility> {
    let report = s.provision_facility(
        FacilityTarget::New(NewFacility {
            name: DEMO_FACILITY_NAME.into(),
            timezone: Some(DEMO_TIMEZONE.into()),
            case_number_prefix: Some(DEMO_PREFIX.into()),
            or_hourly_rate_cents: Some(DEMO_OR_HOURLY_RATE_CENTS),
            is_demo: true,
            ..NewFacility::default()
        }),
        ProvisionConfig::default(),
    )?;
    let f = report.facility_id;
    let create = |table: RefTable, fields: Value| -> Result<String> {
        let mut m = map(fields);
        m.insert("facility_id".into(), Value::String(f.clone()));
        Ok(record_id(s.create(table, &m)?))
    };
    for name in DEMO_ROOMS {
        create(RefTable::OrRooms, json!({"name": name}))?;
    }
    for name in DEMO_PAYERS {
        create(RefTable::Payers, json!({"name": name}))?;
    }
    for name in VENDORS {
        create(RefTable::ImplantCompanies, json!({"name": name}))?;
    }
    for (name, category) in DEMO_CANCELLATION_REASONS {
        create(
            RefTable::CancellationReasons,
            json!({"name": name, "display_name": display_name(name), "category": category}),
        )?;
    }
    for name in DEMO_DELAY_TYPES {
        create(RefTable::DelayTypes, json!({"name": name, "display_name": display_name(name)}))?;
    }
    for (name, display) in DEMO_COMPLEXITIES {
        create(RefTable::Complexities, json!({"name": name, "display_name": display}))?;
    }
    let mut procedures = Vec::new();
    for p in DEMO_PROCEDURES {
        let mut fields = json!({"name": p.name});
        if let Some(e) = p.expected_minutes {
            fields["expected_duration_minutes"] = json!(e);
        }
        procedures.push((create(RefTable::ProcedureTypes, fields)?, p));
    }
    seed_pricing(s, &f, &procedures)?;
    let user = |role: &str, first: &str, last: &str| -> Result<String> {
        Ok(s.create_user(crate::NewUser {
            facility_id: Some(f.clone()),
            access_level: Some("user".into()),
            role: Some(role.into()),
            first_name: first.into(),
            last_name: last.into(),
            ..crate::NewUser::default()
        })?
        .id)
    };
    let mut surgeon_ids = Vec::new();
    for d in DEMO_SURGEONS {
        let id = user("surgeon", d.first_name, d.last_name)?;
        if let Some(h) = d.pa_closes_handoff {
            s.update(
                RefTable::Users,
                &id,
                &map(json!({"closing_workflow": "pa_closes", "closing_handoff_minutes": h})),
            )?;
        }
        surgeon_ids.push(id);
    }
    for (role, first, last) in DEMO_STAFF {
        user(role, first, last)?;
    }
    Ok(DemoFacility { facility_id: f, created: true, surgeon_ids })
}

/// The §11.8 prices through the financials pricing write, effective 2000-01-01: the default reimbursement
/// (payer NULL), Medicare at 80 % rounded to whole dollars, and one cost per non-zero amount.
fn seed_pricing(s: &Scope, facility: &str, procedures: &[(String, DemoProcedure)]) -> Result<()> {
    let ids: BTreeMap<String, String> = s.orbit().read(|conn| {
        let mut out = BTreeMap::new();
        for (k, v) in
            pairs(conn, "SELECT name, id FROM cost_categories WHERE facility_id = ?1 AND is_active = 1", facility)?
        {
            out.insert(k, v);
        }
        for (k, v) in
            pairs(conn, "SELECT 'payer:' || name, id FROM payers WHERE facility_id = ?1 AND is_active = 1", facility)?
        {
            out.insert(k, v);
        }
        Ok(out)
    })?;
    for (id, p) in procedures {
        let mut costs = BTreeMap::new();
        for (name, dollars) in p.costs() {
            if let Some(category) = ids.get(name).filter(|_| dollars > 0) {
                costs.insert(category.clone(), dollars * 100);
            }
        }
        let mut payer_reimbursements = BTreeMap::new();
        if let Some(medicare) = ids.get("payer:Medicare") {
            let dollars = round_js(p.reimbursement as f64 * DEMO_MEDICARE_PERCENT as f64 / 100.0);
            payer_reimbursements.insert(medicare.clone(), dollars * 100);
        }
        s.set_procedure_pricing(&ProcedurePricingInput {
            procedure_type_id: id.clone(),
            effective_from: Some(DEMO_PRICING_EFFECTIVE.to_string()),
            costs,
            default_reimbursement: Some(p.reimbursement * 100),
            payer_reimbursements,
        })?;
    }
    Ok(())
}
