//! The operation table: every public operation of a [`Scope`] by name, with JSON arguments and a JSON
//! result. The Python, Node and C bindings call [`invoke`] (one core call per binding call, no business
//! logic in a binding), and the golden conformance suite replays scenarios through it in every language.
//!
//! Arguments are a JSON object; each operation names its keys below ([`OPERATIONS`]). A missing or
//! mistyped argument is `InvalidInput` naming the key. Results are the operations' return values
//! serialized with serde (records as objects, ids as strings, instants as epoch ms).

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::access::{AccessContext, Scope};
use crate::audit::AuditQuery;
use crate::cases::{NewCase, StaffInput};
use crate::device_reps::{NewDeviceRep, RepInvitee};
use crate::error::{Error, Result};
use crate::facilities::{FacilityTarget, NewFacility, ProvisionConfig};
use crate::financials::pricing::{ProcedurePricingInput, SurgeonOverridesInput, amounts_from_json};
use crate::flags::NewFlagRule;
use crate::milestones::{NewTemplate, TemplateItemInput};
use crate::reference::{ListOptions, RefTable};
use crate::users::NewUser;

/// One operation of the table: its name and argument keys (`?` marks optional ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Operation {
    /// The operation name (the Rust method name).
    pub name: &'static str,
    /// Argument keys; a trailing `?` marks an optional one.
    pub args: &'static [&'static str],
}

macro_rules! ops {
    ($($name:literal => [$($arg:literal),*]),* $(,)?) => {
        /// Every operation [`invoke`] accepts.
        pub const OPERATIONS: &[Operation] = &[$(Operation { name: $name, args: &[$($arg),*] }),*];
    };
}

ops! {
    "context" => [],
    "schema_version" => [],
    "bootstrap_global_admin" => ["user"],
    "record_sign_in" => ["user_id"],
    "provision_facility" => ["facility?", "facility_id?", "config?"],
    "facility" => ["facility_id"],
    "facilities" => [],
    "delete_facility" => ["facility_id"],
    "create_user" => ["user"],
    "user" => ["user_id"],
    "audit_log" => ["facility_id?", "action?", "limit?"],
    "create" => ["table", "fields"],
    "get" => ["table", "id"],
    "list" => ["table", "include_archived?", "facility_id?", "include_global?"],
    "update" => ["table", "id", "fields"],
    "archive" => ["table", "id"],
    "restore" => ["table", "id"],
    "invite_device_rep" => ["facility_id?", "user_id?", "rep?"],
    "accept_device_rep_invitation" => ["facility_id"],
    "revoke_device_rep" => ["facility_id", "user_id"],
    "device_rep_links" => ["facility_id?"],
    "pair_milestones" => ["a", "b"],
    "unpair_milestones" => ["a"],
    "create_template" => ["facility_id?", "name", "description?", "items?", "sub_phase_map?"],
    "set_template_structure" => ["template_id", "items", "sub_phase_map?"],
    "duplicate_template" => ["template_id", "new_name"],
    "set_default_template" => ["template_id"],
    "template_items" => ["template_id"],
    "template_phase_boundaries" => ["template_id"],
    "case_phase_durations" => ["case_id"],
    "set_surgeon_template_override" => ["surgeon_id", "procedure_type_id", "template_id"],
    "remove_surgeon_template_override" => ["surgeon_id", "procedure_type_id"],
    "resolve_template" => ["facility_id?", "surgeon_id?", "procedure_type_id?"],
    "create_case" => ["case"],
    "finalize_draft" => ["case_id", "fields?"],
    "record_milestone" => ["case_id", "facility_milestone_id", "recorded_at?", "source?"],
    "undo_milestone" => ["case_id", "facility_milestone_id"],
    "set_case_status" => ["case_id", "to"],
    "cancel_case" => ["case_id", "cancellation_reason_id?", "notes?"],
    "restore_case" => ["case_id"],
    "validate_case" => ["case_id"],
    "invalidate_case" => ["case_id"],
    "exclude_case" => ["case_id", "reason?"],
    "unexclude_case" => ["case_id"],
    "update_case" => ["case_id", "patch"],
    "set_surgeon_left" => ["case_id", "at?"],
    "delete_case" => ["case_id"],
    "get_case" => ["case_id"],
    "case_milestones" => ["case_id"],
    "report_case_delay" => ["case_id", "delay_type_id", "duration_minutes?", "note?", "facility_milestone_id?"],
    "update_case_delay_note" => ["delay_id", "note?"],
    "delete_case_delay" => ["delay_id"],
    "case_delays" => ["case_id"],
    "add_staff" => ["case_id", "user_id", "role"],
    "remove_staff" => ["case_id", "user_id"],
    "move_staff" => ["from_case_id", "to_case_id", "user_id"],
    "case_staff" => ["case_id"],
    "run_data_quality_sweep" => ["facility_id?"],
    "resolve_issue" => ["issue_id", "resolution_type?", "notes?"],
    "case_issues" => ["case_id"],
    "case_checkin" => ["case_id"],
    "ensure_checkin_records" => ["facility_id", "date"],
    "generate_escort_link" => ["checkin_id", "expires_at?"],
    "revoke_escort_link" => ["link_id"],
    "list_escort_links" => ["checkin_id"],
    "escort_status" => ["token"],
    "set_patient_status" => ["checkin_id", "status"],
    "update_checkin" => ["checkin_id", "fields"],
    "set_checklist_responses" => ["checkin_id", "responses"],
    "complete_checklist" => ["checkin_id"],
    "checkin_board" => ["facility_id", "date", "filter?"],
    "assign_company" => ["case_id", "implant_company_id"],
    "remove_company" => ["case_id", "implant_company_id"],
    "tray_action" => ["case_id", "implant_company_id", "action", "count?", "platform?"],
    "set_rep_notes" => ["case_id", "implant_company_id", "notes?", "platform?"],
    "case_tray_status" => ["case_id"],
    "spd_case_summary" => ["facility_id", "start_date", "end_date"],
    "trays_needing_reminder" => ["facility_id"],
    "set_cost_item_version" => ["procedure_type_id", "cost_category_id", "amount", "effective_from?"],
    "set_surgeon_cost_version" => ["surgeon_id", "procedure_type_id", "cost_category_id", "amount", "effective_from?"],
    "set_reimbursement_version" => ["procedure_type_id", "payer_id?", "amount", "effective_date?"],
    "end_cost_item_version" => ["item_id", "end_date?"],
    "end_surgeon_cost_version" => ["item_id", "end_date?"],
    "set_procedure_pricing" => [
        "procedure_type_id", "effective_from?", "costs?", "default_reimbursement?", "payer_reimbursements?"
    ],
    "set_surgeon_overrides" => ["surgeon_id", "procedure_type_id", "effective_from?", "overrides?"],
    "procedure_pricing" => ["procedure_type_id", "date?", "surgeon_id?"],
    "procedure_pricing_history" => ["procedure_type_id"],
    "surgeon_overrides" => ["surgeon_id", "procedure_type_id?"],
    "set_financial_target" => ["facility_id", "year", "month", "profit_target"],
    "clear_financial_target" => ["facility_id", "year", "month"],
    "financial_targets" => ["facility_id", "year"],
    "target_progress" => ["facility_id", "year", "month", "as_of?"],
    "project_case" => ["case_id"],
    "compare_case_financials" => ["case_id"],
    "case_financial_summary" => ["case_id"],
    "full_day_financials" => ["facility_id", "surgeon_id", "date", "project?"],
    "financial_analytics" => ["facility_id", "start_date", "end_date", "filter?", "previous?"],
    "refresh_stats" => ["facility_id?"],
    "case_stats" => ["case_id"],
    "aggregate_stats" => ["relation", "facility_id", "surgeon_id?", "procedure_type_id?"],
    "case_pace" => ["case_id", "now?"],
    "recalculate_surgeon_averages" => ["facility_id"],
    "milestone_interval_medians" => ["surgeon_id?", "procedure_type_id", "facility_id"],
    "phase_medians" => ["facility_id", "procedure_type_id", "surgeon_id?", "template_id?"],
    "metric_catalog" => ["facility_id?"],
    "flag_rules" => ["facility_id?", "include_archived?"],
    "create_flag_rule" => ["rule"],
    "update_flag_rule" => ["rule_id", "fields"],
    "archive_flag_rule" => ["rule_id"],
    "restore_flag_rule" => ["rule_id"],
    "seed_facility_flag_rules" => ["facility_id"],
    "redetect_case_flags" => ["case_id"],
    "redetect_facility_flags" => ["facility_id", "from_date", "to_date"],
    "case_flags" => ["case_id"],
    "flag_analytics" => ["facility_id", "start_date", "end_date"],
    "surgeon_day_indicators" => ["surgeon_id", "date"],
    "compute_orbit_scores" => ["facility_id", "start_date", "end_date", "diagnostics?"],
    "compute_surgeon_scorecard" => ["facility_id", "surgeon_id", "start_date?", "end_date?"],
    "surgeon_improvement_plan" => ["facility_id", "surgeon_id", "start_date?", "end_date?", "config?"],
    "refresh_surgeon_scorecards" => ["facility_id", "start_date", "end_date"],
    "refresh_surgeon_scorecard" => ["facility_id", "surgeon_id", "start_date?", "end_date?"],
    "refresh_all_surgeon_scorecards" => [],
    "latest_surgeon_scorecards" => ["facility_id"],
    "compute_facility_score" => ["utilization_pct", "median_turnover_minutes", "fcots_pct", "cancellation_rate_pct"],
    "facility_kpis" => ["facility_id", "start_date", "end_date", "filter?"],
    "facility_score" => ["facility_id", "start_date", "end_date"],
    "block_utilization" => ["facility_id", "start_date", "end_date", "filter?"],
    "day_status" => ["facility_id", "date"],
    "block_occurrences" => ["facility_id", "start_date", "end_date", "surgeon_id?", "or_room_id?"],
    "available_time" => ["facility_id", "start_date", "end_date"],
    "set_room_week" => ["or_room_id", "days", "effective_start?"],
    "delete_block" => ["block_id"],
    "restore_block" => ["block_id"],
    "add_block_exception" => ["block_id", "date"],
    "remove_block_exception" => ["block_id", "date"],
    "delete_closure" => ["closure_id"],
    "delete_holiday" => ["holiday_id"],
    "provision_demo_facility" => ["seed?"],
    "generate_demo_data" => ["facility_id", "config?", "seed", "today?"],
    "purge_case_data" => ["facility_id"],
    "import_cases" => ["facility_id", "csv_text", "mapping?", "options?"],
    "batch" => ["calls", "defer_detection?"],
}

/// Argument access with `InvalidInput` errors naming the key.
struct Args<'a>(&'a Map<String, Value>);

impl<'a> Args<'a> {
    fn value(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }
    fn str(&self, key: &str) -> Result<&'a str> {
        self.opt_str(key)?.ok_or_else(|| Error::invalid(key, "is required"))
    }
    fn opt_str(&self, key: &str) -> Result<Option<&'a str>> {
        match self.value(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(Error::invalid(key, "must be a string")),
        }
    }
    fn opt_i64(&self, key: &str) -> Result<Option<i64>> {
        match self.value(key) {
            None => Ok(None),
            Some(v) => crate::values::json_i64(v).map(Some).ok_or_else(|| Error::invalid(key, "must be an integer")),
        }
    }
    fn opt_f64(&self, key: &str) -> Result<Option<f64>> {
        match self.value(key) {
            None => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| Error::invalid(key, "must be a number")),
        }
    }
    fn f64(&self, key: &str) -> Result<f64> {
        self.opt_f64(key)?.ok_or_else(|| Error::invalid(key, "is required"))
    }
    fn opt_bool(&self, key: &str) -> Result<Option<bool>> {
        match self.value(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(Error::invalid(key, "must be true or false")),
        }
    }
    fn object(&self, key: &str) -> Result<&'a Map<String, Value>> {
        self.opt_object(key)?.ok_or_else(|| Error::invalid(key, "is required"))
    }
    fn opt_object(&self, key: &str) -> Result<Option<&'a Map<String, Value>>> {
        match self.value(key) {
            None => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m)),
            Some(_) => Err(Error::invalid(key, "must be an object")),
        }
    }
    fn table(&self) -> Result<RefTable> {
        self.str("table")?.parse()
    }
    fn nested(&self, key: &str) -> Result<Args<'a>> {
        Ok(Args(self.object(key)?))
    }
    fn strings(&self, key: &str) -> Result<Vec<String>> {
        match self.value(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str().map(str::to_string).ok_or_else(|| Error::invalid(key, "must be an array of strings"))
                })
                .collect(),
            Some(_) => Err(Error::invalid(key, "must be an array of strings")),
        }
    }
}

/// A required integer argument (`InvalidInput` naming the key when missing or not an integer).
fn required_i64(a: &Args<'_>, key: &str) -> Result<i64> {
    a.opt_i64(key)?.ok_or_else(|| Error::invalid(key, "is required"))
}

/// A generator seed: a non-negative integer.
fn seed(a: &Args<'_>, key: &str) -> Result<Option<u64>> {
    a.opt_i64(key)?
        .map(|s| u64::try_from(s).map_err(|_| Error::invalid(key, "must be a non-negative integer")))
        .transpose()
}

fn owned(v: Option<&str>) -> Option<String> {
    v.map(str::to_string)
}

fn to_json<T: Serialize>(v: T) -> Result<Value> {
    Ok(serde_json::to_value(v)?)
}

fn new_user(a: &Args<'_>) -> Result<NewUser> {
    Ok(NewUser {
        id: owned(a.opt_str("id")?),
        facility_id: owned(a.opt_str("facility_id")?),
        access_level: owned(a.opt_str("access_level")?),
        role: owned(a.opt_str("role")?),
        first_name: a.str("first_name")?.to_string(),
        last_name: a.str("last_name")?.to_string(),
        email: owned(a.opt_str("email")?),
        phone: owned(a.opt_str("phone")?),
    })
}

fn new_flag_rule(a: &Args<'_>) -> Result<NewFlagRule> {
    Ok(NewFlagRule {
        facility_id: owned(a.opt_str("facility_id")?),
        template: a.opt_bool("template")?.unwrap_or(false),
        name: a.str("name")?.to_string(),
        description: owned(a.opt_str("description")?),
        metric: a.str("metric")?.to_string(),
        operator: owned(a.opt_str("operator")?),
        threshold_type: owned(a.opt_str("threshold_type")?),
        threshold_value: a.opt_f64("threshold_value")?,
        threshold_value_max: a.opt_f64("threshold_value_max")?,
        comparison_scope: owned(a.opt_str("comparison_scope")?),
        severity: owned(a.opt_str("severity")?),
        is_enabled: a.opt_bool("is_enabled")?,
    })
}

/// KPI filters: each list optional (financials-kpis.md §7.1).
fn kpi_filter(a: &Args<'_>) -> Result<crate::kpis::model::KpiFilter> {
    let list = |key: &str| a.value(key).map(|_| a.strings(key)).transpose();
    Ok(crate::kpis::model::KpiFilter {
        surgeon_ids: list("surgeon_ids")?,
        room_ids: list("room_ids")?,
        procedure_ids: list("procedure_ids")?,
    })
}

/// An improvement-plan config: unset fields take the §9 defaults.
fn plan_config(a: &Args<'_>) -> Result<crate::scoring::PlanConfig> {
    let d = crate::scoring::PlanConfig::default();
    Ok(crate::scoring::PlanConfig {
        or_cost_per_minute: a.opt_f64("or_cost_per_minute")?.unwrap_or(d.or_cost_per_minute),
        annual_case_multiplier: a.opt_i64("annual_case_multiplier")?.unwrap_or(d.annual_case_multiplier),
        improvement_threshold: a.opt_i64("improvement_threshold")?.unwrap_or(d.improvement_threshold),
    })
}

fn new_facility(a: &Args<'_>) -> Result<NewFacility> {
    Ok(NewFacility {
        name: a.str("name")?.to_string(),
        timezone: owned(a.opt_str("timezone")?),
        address: owned(a.opt_str("address")?),
        street_address: owned(a.opt_str("street_address")?),
        city: owned(a.opt_str("city")?),
        state: owned(a.opt_str("state")?),
        zip_code: owned(a.opt_str("zip_code")?),
        country: owned(a.opt_str("country")?),
        phone: owned(a.opt_str("phone")?),
        facility_type: owned(a.opt_str("facility_type")?),
        case_number_prefix: owned(a.opt_str("case_number_prefix")?),
        or_hourly_rate_cents: a.opt_i64("or_hourly_rate_cents")?,
        default_arrival_lead_time_minutes: a.opt_i64("default_arrival_lead_time_minutes")?,
        is_demo: a.opt_bool("is_demo")?.unwrap_or(false),
    })
}

fn provision_config(a: Option<Args<'_>>) -> Result<ProvisionConfig> {
    let mut c = ProvisionConfig::default();
    let Some(a) = a else { return Ok(c) };
    for (key, value) in a.0 {
        let on = value.as_bool().ok_or_else(|| Error::invalid(key, "must be true or false"))?;
        let slot = match key.as_str() {
            "milestones" => &mut c.milestones,
            "facility_phases" => &mut c.facility_phases,
            "milestone_templates" => &mut c.milestone_templates,
            "procedures" => &mut c.procedures,
            "flag_rules" => &mut c.flag_rules,
            "analytics_settings" => &mut c.analytics_settings,
            "payers" => &mut c.payers,
            "delay_types" => &mut c.delay_types,
            "cost_categories" => &mut c.cost_categories,
            "implant_companies" => &mut c.implant_companies,
            "complexities" => &mut c.complexities,
            "cancellation_reasons" => &mut c.cancellation_reasons,
            "preop_checklist_fields" => &mut c.preop_checklist_fields,
            "permissions" => &mut c.permissions,
            _ => return Err(Error::invalid(key, "is not a provisioning part")),
        };
        *slot = on;
    }
    Ok(c)
}

fn items(a: &Args<'_>, key: &str) -> Result<Vec<TemplateItemInput>> {
    match a.value(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(list)) => list
            .iter()
            .map(|v| {
                let m = v.as_object().ok_or_else(|| Error::invalid(key, "must be an array of objects"))?;
                let i = Args(m);
                Ok(TemplateItemInput {
                    milestone_id: i.str("milestone_id")?.to_string(),
                    phase_id: owned(i.opt_str("phase_id")?),
                })
            })
            .collect(),
        Some(_) => Err(Error::invalid(key, "must be an array")),
    }
}

fn sub_phase_map(a: &Args<'_>) -> Result<std::collections::BTreeMap<String, String>> {
    match a.opt_object("sub_phase_map")? {
        None => Ok(Default::default()),
        Some(m) => m
            .iter()
            .map(|(k, v)| {
                v.as_str()
                    .map(|v| (k.clone(), v.to_string()))
                    .ok_or_else(|| Error::invalid("sub_phase_map", "values must be ids"))
            })
            .collect(),
    }
}

fn new_case(a: &Args<'_>) -> Result<NewCase> {
    let staff = match a.value("staff") {
        None => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|v| {
                let s = Args(v.as_object().ok_or_else(|| Error::invalid("staff", "must be an array of objects"))?);
                Ok(StaffInput { user_id: s.str("user_id")?.to_string(), role: s.str("role")?.to_string() })
            })
            .collect::<Result<_>>()?,
        Some(_) => return Err(Error::invalid("staff", "must be an array")),
    };
    Ok(NewCase {
        facility_id: owned(a.opt_str("facility_id")?),
        case_number: a.str("case_number")?.to_string(),
        scheduled_date: a.str("scheduled_date")?.to_string(),
        start_time: owned(a.opt_str("start_time")?),
        or_room_id: owned(a.opt_str("or_room_id")?),
        procedure_type_id: owned(a.opt_str("procedure_type_id")?),
        surgeon_id: owned(a.opt_str("surgeon_id")?),
        payer_id: owned(a.opt_str("payer_id")?),
        patient_id: owned(a.opt_str("patient_id")?),
        operative_side: owned(a.opt_str("operative_side")?),
        notes: owned(a.opt_str("notes")?),
        rep_required_override: a.opt_bool("rep_required_override")?,
        is_draft: a.opt_bool("is_draft")?.unwrap_or(false),
        staff,
        implant_company_ids: a.strings("implant_company_ids")?,
        source: owned(a.opt_str("source")?),
        external_case_id: owned(a.opt_str("external_case_id")?),
        external_system: owned(a.opt_str("external_system")?),
        import_source: owned(a.opt_str("import_source")?),
        primary_diagnosis_code: owned(a.opt_str("primary_diagnosis_code")?),
        primary_diagnosis_desc: owned(a.opt_str("primary_diagnosis_desc")?),
    })
}

fn context_json(ctx: &AccessContext) -> Value {
    json!({
        "user_id": ctx.user_id,
        "access_level": ctx.level.as_str(),
        "facility_id": ctx.facility_id,
        "granted_facilities": ctx.granted_facilities,
    })
}

/// Runs operation `op` of `scope` with `args` (a JSON object, or null for none).
pub fn invoke(scope: &Scope, op: &str, args: &Value) -> Result<Value> {
    let empty = Map::new();
    let map = match args {
        Value::Null => &empty,
        Value::Object(m) => m,
        _ => return Err(Error::invalid("args", "must be a JSON object")),
    };
    let a = Args(map);
    if !OPERATIONS.iter().any(|o| o.name == op) {
        return Err(Error::invalid("op", "is not an orbit operation (see api::OPERATIONS)"));
    }
    let none = Value::Null;
    match op {
        "context" => Ok(context_json(&scope.context()?)),
        "schema_version" => to_json(scope.orbit().schema_version()?),
        "bootstrap_global_admin" => to_json(scope.orbit().bootstrap_global_admin(new_user(&a.nested("user")?)?)?),
        "record_sign_in" => scope.orbit().record_sign_in(a.str("user_id")?).map(|_| none),
        "provision_facility" => {
            let target = match (a.opt_object("facility")?, a.opt_str("facility_id")?) {
                (Some(f), None) => FacilityTarget::New(new_facility(&Args(f))?),
                (None, Some(id)) => FacilityTarget::Existing(id.to_string()),
                _ => return Err(Error::invalid("facility", "give either facility (a new one) or facility_id")),
            };
            let config = provision_config(a.opt_object("config")?.map(Args))?;
            to_json(scope.provision_facility(target, config)?)
        }
        "facility" => to_json(scope.facility(a.str("facility_id")?)?),
        "facilities" => to_json(scope.facilities()?),
        "delete_facility" => scope.delete_facility(a.str("facility_id")?).map(|_| none),
        "create_user" => to_json(scope.create_user(new_user(&a.nested("user")?)?)?),
        "user" => to_json(scope.user(a.str("user_id")?)?),
        "audit_log" => {
            let limit = a.opt_i64("limit")?.map(|l| u32::try_from(l.clamp(0, 10_000)).unwrap_or(100));
            let q = AuditQuery {
                facility_id: owned(a.opt_str("facility_id")?),
                action: owned(a.opt_str("action")?),
                limit,
            };
            to_json(scope.audit_log(&q)?)
        }
        "create" => to_json(scope.create(a.table()?, a.object("fields")?)?),
        "get" => to_json(scope.get(a.table()?, a.str("id")?)?),
        "list" => {
            let options = ListOptions {
                include_archived: a.opt_bool("include_archived")?.unwrap_or(false),
                facility_id: owned(a.opt_str("facility_id")?),
                include_global: a.opt_bool("include_global")?,
            };
            to_json(scope.list(a.table()?, &options)?)
        }
        "update" => to_json(scope.update(a.table()?, a.str("id")?, a.object("fields")?)?),
        "archive" => to_json(scope.archive(a.table()?, a.str("id")?)?),
        "restore" => to_json(scope.restore(a.table()?, a.str("id")?)?),
        "invite_device_rep" => {
            let invitee = match (a.opt_str("user_id")?, a.opt_object("rep")?) {
                (Some(id), None) => RepInvitee::Existing(id.to_string()),
                (None, Some(r)) => {
                    let r = Args(r);
                    RepInvitee::New(NewDeviceRep {
                        first_name: r.str("first_name")?.to_string(),
                        last_name: r.str("last_name")?.to_string(),
                        email: owned(r.opt_str("email")?),
                        phone: owned(r.opt_str("phone")?),
                        implant_company_id: r.str("implant_company_id")?.to_string(),
                    })
                }
                _ => return Err(Error::invalid("rep", "give either user_id (an existing rep) or rep (a new one)")),
            };
            to_json(scope.invite_device_rep(a.opt_str("facility_id")?, invitee)?)
        }
        "accept_device_rep_invitation" => to_json(scope.accept_device_rep_invitation(a.str("facility_id")?)?),
        "revoke_device_rep" => to_json(scope.revoke_device_rep(a.str("facility_id")?, a.str("user_id")?)?),
        "device_rep_links" => to_json(scope.device_rep_links(a.opt_str("facility_id")?)?),
        "pair_milestones" => to_json(scope.pair_milestones(a.str("a")?, a.str("b")?)?),
        "unpair_milestones" => scope.unpair_milestones(a.str("a")?).map(|_| none),
        "create_template" => to_json(scope.create_template(NewTemplate {
            facility_id: owned(a.opt_str("facility_id")?),
            name: a.str("name")?.to_string(),
            description: owned(a.opt_str("description")?),
            items: items(&a, "items")?,
            sub_phase_map: sub_phase_map(&a)?,
        })?),
        "set_template_structure" => {
            to_json(scope.set_template_structure(a.str("template_id")?, &items(&a, "items")?, &sub_phase_map(&a)?)?)
        }
        "duplicate_template" => to_json(scope.duplicate_template(a.str("template_id")?, a.str("new_name")?)?),
        "set_default_template" => to_json(scope.set_default_template(a.str("template_id")?)?),
        "template_items" => to_json(scope.template_items(a.str("template_id")?)?),
        "template_phase_boundaries" => to_json(scope.template_phase_boundaries(a.str("template_id")?)?),
        "case_phase_durations" => to_json(scope.case_phase_durations(a.str("case_id")?)?),
        "set_surgeon_template_override" => to_json(scope.set_surgeon_template_override(
            a.str("surgeon_id")?,
            a.str("procedure_type_id")?,
            a.str("template_id")?,
        )?),
        "remove_surgeon_template_override" => {
            to_json(scope.remove_surgeon_template_override(a.str("surgeon_id")?, a.str("procedure_type_id")?)?)
        }
        "resolve_template" => to_json(scope.resolve_template(
            a.opt_str("facility_id")?,
            a.opt_str("surgeon_id")?,
            a.opt_str("procedure_type_id")?,
        )?),
        "create_case" => to_json(scope.create_case(new_case(&a.nested("case")?)?)?),
        "finalize_draft" => {
            scope.finalize_draft(a.str("case_id")?, a.opt_object("fields")?.unwrap_or(&empty)).map(|_| none)
        }
        "record_milestone" => to_json(scope.record_milestone(
            a.str("case_id")?,
            a.str("facility_milestone_id")?,
            a.opt_i64("recorded_at")?,
            a.opt_str("source")?,
        )?),
        "undo_milestone" => to_json(scope.undo_milestone(a.str("case_id")?, a.str("facility_milestone_id")?)?),
        "set_case_status" => scope.set_case_status(a.str("case_id")?, a.str("to")?).map(|_| none),
        "cancel_case" => scope
            .cancel_case(a.str("case_id")?, a.opt_str("cancellation_reason_id")?, a.opt_str("notes")?)
            .map(|_| none),
        "restore_case" => scope.restore_case(a.str("case_id")?).map(|_| none),
        "validate_case" => scope.validate_case(a.str("case_id")?).map(|_| none),
        "invalidate_case" => scope.invalidate_case(a.str("case_id")?).map(|_| none),
        "exclude_case" => scope.exclude_case(a.str("case_id")?, a.opt_str("reason")?).map(|_| none),
        "unexclude_case" => scope.unexclude_case(a.str("case_id")?).map(|_| none),
        "update_case" => scope.update_case(a.str("case_id")?, a.object("patch")?).map(|_| none),
        "set_surgeon_left" => scope.set_surgeon_left(a.str("case_id")?, a.opt_i64("at")?).map(|_| none),
        "delete_case" => scope.delete_case(a.str("case_id")?).map(|_| none),
        "get_case" => to_json(scope.get_case(a.str("case_id")?)?),
        "case_milestones" => to_json(scope.case_milestones(a.str("case_id")?)?),
        "report_case_delay" => to_json(scope.report_case_delay(
            a.str("case_id")?,
            a.str("delay_type_id")?,
            a.opt_i64("duration_minutes")?,
            a.opt_str("note")?,
            a.opt_str("facility_milestone_id")?,
        )?),
        "update_case_delay_note" => to_json(scope.update_case_delay_note(a.str("delay_id")?, a.opt_str("note")?)?),
        "delete_case_delay" => scope.delete_case_delay(a.str("delay_id")?).map(|_| none),
        "case_delays" => to_json(scope.case_delays(a.str("case_id")?)?),
        "add_staff" => to_json(scope.add_staff(a.str("case_id")?, a.str("user_id")?, a.str("role")?)?),
        "remove_staff" => to_json(scope.remove_staff(a.str("case_id")?, a.str("user_id")?)?),
        "move_staff" => to_json(scope.move_staff(a.str("from_case_id")?, a.str("to_case_id")?, a.str("user_id")?)?),
        "case_staff" => to_json(scope.case_staff(a.str("case_id")?)?),
        "run_data_quality_sweep" => to_json(scope.run_data_quality_sweep(a.opt_str("facility_id")?)?),
        "resolve_issue" => {
            to_json(scope.resolve_issue(a.str("issue_id")?, a.opt_str("resolution_type")?, a.opt_str("notes")?)?)
        }
        "case_issues" => to_json(scope.case_issues(a.str("case_id")?)?),
        "case_checkin" => to_json(scope.case_checkin(a.str("case_id")?)?),
        "ensure_checkin_records" => to_json(scope.ensure_checkin_records(a.str("facility_id")?, a.str("date")?)?),
        "generate_escort_link" => to_json(scope.generate_escort_link(a.str("checkin_id")?, a.opt_i64("expires_at")?)?),
        "revoke_escort_link" => to_json(scope.revoke_escort_link(a.str("link_id")?)?),
        "list_escort_links" => to_json(scope.list_escort_links(a.str("checkin_id")?)?),
        "escort_status" => to_json(scope.escort_status(a.opt_str("token")?.unwrap_or_default())?),
        "set_patient_status" => to_json(scope.set_patient_status(a.str("checkin_id")?, a.str("status")?)?),
        "update_checkin" => to_json(scope.update_checkin(a.str("checkin_id")?, a.object("fields")?)?),
        "set_checklist_responses" => {
            to_json(scope.set_checklist_responses(a.str("checkin_id")?, a.0.get("responses").unwrap_or(&Value::Null))?)
        }
        "complete_checklist" => to_json(scope.complete_checklist(a.str("checkin_id")?)?),
        "checkin_board" => to_json(scope.checkin_board(a.str("facility_id")?, a.str("date")?, a.opt_str("filter")?)?),
        "assign_company" => to_json(scope.assign_company(a.str("case_id")?, a.str("implant_company_id")?)?),
        "remove_company" => to_json(scope.remove_company(a.str("case_id")?, a.str("implant_company_id")?)?),
        "tray_action" => to_json(scope.tray_action(
            a.str("case_id")?,
            a.str("implant_company_id")?,
            a.str("action")?,
            a.opt_i64("count")?,
            a.opt_str("platform")?,
        )?),
        "set_rep_notes" => to_json(scope.set_rep_notes(
            a.str("case_id")?,
            a.str("implant_company_id")?,
            a.opt_str("notes")?,
            a.opt_str("platform")?,
        )?),
        "case_tray_status" => to_json(scope.case_tray_status(a.str("case_id")?)?),
        "spd_case_summary" => {
            to_json(scope.spd_case_summary(a.str("facility_id")?, a.str("start_date")?, a.str("end_date")?)?)
        }
        "trays_needing_reminder" => to_json(scope.trays_needing_reminder(a.str("facility_id")?)?),
        "set_cost_item_version" => to_json(scope.set_cost_item_version(
            a.str("procedure_type_id")?,
            a.str("cost_category_id")?,
            required_i64(&a, "amount")?,
            a.opt_str("effective_from")?,
        )?),
        "set_surgeon_cost_version" => to_json(scope.set_surgeon_cost_version(
            a.str("surgeon_id")?,
            a.str("procedure_type_id")?,
            a.str("cost_category_id")?,
            required_i64(&a, "amount")?,
            a.opt_str("effective_from")?,
        )?),
        "set_reimbursement_version" => to_json(scope.set_reimbursement_version(
            a.str("procedure_type_id")?,
            a.opt_str("payer_id")?,
            required_i64(&a, "amount")?,
            a.opt_str("effective_date")?,
        )?),
        "end_cost_item_version" => to_json(scope.end_cost_item_version(a.str("item_id")?, a.opt_str("end_date")?)?),
        "end_surgeon_cost_version" => {
            to_json(scope.end_surgeon_cost_version(a.str("item_id")?, a.opt_str("end_date")?)?)
        }
        "set_procedure_pricing" => to_json(scope.set_procedure_pricing(&ProcedurePricingInput {
            procedure_type_id: a.str("procedure_type_id")?.to_string(),
            effective_from: owned(a.opt_str("effective_from")?),
            costs: amounts_from_json("costs", a.value("costs"))?,
            default_reimbursement: a.opt_i64("default_reimbursement")?,
            payer_reimbursements: amounts_from_json("payer_reimbursements", a.value("payer_reimbursements"))?,
        })?),
        "set_surgeon_overrides" => to_json(scope.set_surgeon_overrides(&SurgeonOverridesInput {
            surgeon_id: a.str("surgeon_id")?.to_string(),
            procedure_type_id: a.str("procedure_type_id")?.to_string(),
            effective_from: owned(a.opt_str("effective_from")?),
            overrides: amounts_from_json("overrides", a.value("overrides"))?,
        })?),
        "procedure_pricing" => to_json(scope.procedure_pricing(
            a.str("procedure_type_id")?,
            a.opt_str("date")?,
            a.opt_str("surgeon_id")?,
        )?),
        "procedure_pricing_history" => to_json(scope.procedure_pricing_history(a.str("procedure_type_id")?)?),
        "surgeon_overrides" => to_json(scope.surgeon_overrides(a.str("surgeon_id")?, a.opt_str("procedure_type_id")?)?),
        "set_financial_target" => to_json(scope.set_financial_target(
            a.str("facility_id")?,
            required_i64(&a, "year")?,
            required_i64(&a, "month")?,
            required_i64(&a, "profit_target")?,
        )?),
        "clear_financial_target" => to_json(scope.clear_financial_target(
            a.str("facility_id")?,
            required_i64(&a, "year")?,
            required_i64(&a, "month")?,
        )?),
        "financial_targets" => to_json(scope.financial_targets(a.str("facility_id")?, required_i64(&a, "year")?)?),
        "target_progress" => to_json(scope.target_progress(
            a.str("facility_id")?,
            required_i64(&a, "year")?,
            required_i64(&a, "month")?,
            a.opt_str("as_of")?,
        )?),
        "project_case" => to_json(scope.project_case(a.str("case_id")?)?),
        "compare_case_financials" => to_json(scope.compare_case_financials(a.str("case_id")?)?),
        "case_financial_summary" => to_json(scope.case_financial_summary(a.str("case_id")?)?),
        "full_day_financials" => to_json(scope.full_day_financials(
            a.str("facility_id")?,
            a.str("surgeon_id")?,
            a.str("date")?,
            a.opt_bool("project")?,
        )?),
        "financial_analytics" => {
            let filter = a.opt_object("filter")?.map(Args).map(|f| -> Result<_> {
                Ok(crate::financials::rollups::FinancialFilter {
                    surgeon_id: owned(f.opt_str("surgeon_id")?),
                    procedure_type_id: owned(f.opt_str("procedure_type_id")?),
                })
            });
            let previous = a.opt_object("previous")?.map(Args);
            let previous = previous.as_ref().map(|p| Ok::<_, Error>((p.str("start_date")?, p.str("end_date")?)));
            to_json(scope.financial_analytics(
                a.str("facility_id")?,
                a.str("start_date")?,
                a.str("end_date")?,
                filter.transpose()?,
                previous.transpose()?,
            )?)
        }
        "refresh_stats" => to_json(scope.refresh_stats(a.opt_str("facility_id")?)?),
        "case_stats" => to_json(scope.case_stats(a.str("case_id")?)?),
        "aggregate_stats" => {
            let query = crate::AggregateQuery {
                facility_id: a.str("facility_id")?.to_string(),
                surgeon_id: a.opt_str("surgeon_id")?.map(str::to_string),
                procedure_type_id: a.opt_str("procedure_type_id")?.map(str::to_string),
            };
            to_json(scope.aggregate_stats(a.str("relation")?, &query)?)
        }
        "case_pace" => to_json(scope.case_pace(a.str("case_id")?, a.opt_i64("now")?)?),
        "recalculate_surgeon_averages" => to_json(scope.recalculate_surgeon_averages(a.str("facility_id")?)?),
        "milestone_interval_medians" => to_json(scope.milestone_interval_medians(
            a.opt_str("surgeon_id")?,
            a.str("procedure_type_id")?,
            a.str("facility_id")?,
        )?),
        "phase_medians" => to_json(scope.phase_medians(
            a.str("facility_id")?,
            a.str("procedure_type_id")?,
            a.opt_str("surgeon_id")?,
            a.opt_str("template_id")?,
        )?),
        "metric_catalog" => to_json(scope.metric_catalog(a.opt_str("facility_id")?)?),
        "flag_rules" => {
            to_json(scope.flag_rules(a.opt_str("facility_id")?, a.opt_bool("include_archived")?.unwrap_or(false))?)
        }
        "create_flag_rule" => to_json(scope.create_flag_rule(new_flag_rule(&a.nested("rule")?)?)?),
        "update_flag_rule" => to_json(scope.update_flag_rule(a.str("rule_id")?, a.object("fields")?)?),
        "archive_flag_rule" => to_json(scope.archive_flag_rule(a.str("rule_id")?)?),
        "restore_flag_rule" => to_json(scope.restore_flag_rule(a.str("rule_id")?)?),
        "seed_facility_flag_rules" => to_json(scope.seed_facility_flag_rules(a.str("facility_id")?)?),
        "redetect_case_flags" => to_json(scope.redetect_case_flags(a.str("case_id")?)?),
        "redetect_facility_flags" => {
            to_json(scope.redetect_facility_flags(a.str("facility_id")?, a.str("from_date")?, a.str("to_date")?)?)
        }
        "case_flags" => to_json(scope.case_flags(a.str("case_id")?)?),
        "flag_analytics" => {
            to_json(scope.flag_analytics(a.str("facility_id")?, a.str("start_date")?, a.str("end_date")?)?)
        }
        "surgeon_day_indicators" => to_json(scope.surgeon_day_indicators(a.str("surgeon_id")?, a.str("date")?)?),
        "compute_orbit_scores" => to_json(scope.compute_orbit_scores(
            a.str("facility_id")?,
            a.str("start_date")?,
            a.str("end_date")?,
            a.opt_bool("diagnostics")?.unwrap_or(false),
        )?),
        "compute_surgeon_scorecard" => to_json(scope.compute_surgeon_scorecard(
            a.str("facility_id")?,
            a.str("surgeon_id")?,
            a.opt_str("start_date")?,
            a.opt_str("end_date")?,
        )?),
        "surgeon_improvement_plan" => to_json(scope.surgeon_improvement_plan(
            a.str("facility_id")?,
            a.str("surgeon_id")?,
            a.opt_str("start_date")?,
            a.opt_str("end_date")?,
            a.opt_object("config")?.map(|c| plan_config(&Args(c))).transpose()?,
        )?),
        "refresh_surgeon_scorecards" => to_json(scope.refresh_surgeon_scorecards(
            a.str("facility_id")?,
            a.str("start_date")?,
            a.str("end_date")?,
        )?),
        "refresh_surgeon_scorecard" => to_json(scope.refresh_surgeon_scorecard(
            a.str("facility_id")?,
            a.str("surgeon_id")?,
            a.opt_str("start_date")?,
            a.opt_str("end_date")?,
        )?),
        "refresh_all_surgeon_scorecards" => to_json(scope.refresh_all_surgeon_scorecards()?),
        "latest_surgeon_scorecards" => to_json(scope.latest_surgeon_scorecards(a.str("facility_id")?)?),
        "facility_kpis" => to_json(scope.facility_kpis(
            a.str("facility_id")?,
            a.str("start_date")?,
            a.str("end_date")?,
            a.opt_object("filter")?.map(|f| kpi_filter(&Args(f))).transpose()?,
        )?),
        "block_utilization" => to_json(scope.block_utilization(
            a.str("facility_id")?,
            a.str("start_date")?,
            a.str("end_date")?,
            a.opt_object("filter")?.map(|f| kpi_filter(&Args(f))).transpose()?,
        )?),
        "facility_score" => {
            to_json(scope.facility_score(a.str("facility_id")?, a.str("start_date")?, a.str("end_date")?)?)
        }
        "day_status" => to_json(scope.day_status(a.str("facility_id")?, a.str("date")?)?),
        "block_occurrences" => to_json(scope.block_occurrences(
            a.str("facility_id")?,
            a.str("start_date")?,
            a.str("end_date")?,
            a.opt_str("surgeon_id")?,
            a.opt_str("or_room_id")?,
        )?),
        "available_time" => {
            to_json(scope.available_time(a.str("facility_id")?, a.str("start_date")?, a.str("end_date")?)?)
        }
        "set_room_week" => to_json(scope.set_room_week(
            a.str("or_room_id")?,
            &crate::scheduling::store::room_days_from_json(a.value("days"))?,
            a.opt_str("effective_start")?,
        )?),
        "delete_block" => to_json(scope.delete_block(a.str("block_id")?)?),
        "restore_block" => to_json(scope.restore_block(a.str("block_id")?)?),
        "add_block_exception" => to_json(scope.add_block_exception(a.str("block_id")?, a.str("date")?)?),
        "remove_block_exception" => to_json(scope.remove_block_exception(a.str("block_id")?, a.str("date")?)?),
        "delete_closure" => to_json(scope.delete_closure(a.str("closure_id")?)?),
        "delete_holiday" => to_json(scope.delete_holiday(a.str("holiday_id")?)?),
        "provision_demo_facility" => to_json(scope.provision_demo_facility(seed(&a, "seed")?.unwrap_or(0))?),
        "generate_demo_data" => to_json(scope.generate_demo_data(
            a.str("facility_id")?,
            Some(&crate::demo::DemoConfig::from_json(a.opt_object("config")?)?),
            seed(&a, "seed")?.ok_or_else(|| Error::invalid("seed", "is required"))?,
            a.opt_str("today")?,
        )?),
        "purge_case_data" => to_json(scope.purge_case_data(a.str("facility_id")?)?),
        "import_cases" => to_json(scope.import_cases(
            a.str("facility_id")?,
            a.str("csv_text")?,
            &a.opt_object("mapping")?.map(crate::import::ImportMapping::from_json).transpose()?.unwrap_or_default(),
            &a.opt_object("options")?.map(crate::import::ImportOptions::from_json).transpose()?.unwrap_or_default(),
        )?),
        "compute_facility_score" => to_json(scope.compute_facility_score(
            a.f64("utilization_pct")?,
            a.f64("median_turnover_minutes")?,
            a.f64("fcots_pct")?,
            a.f64("cancellation_rate_pct")?,
        )?),
        "batch" => batch(scope, map.get("calls"), a.opt_bool("defer_detection")?.unwrap_or(false)),
        other => Err(Error::invalid("op", format!("{other} has no dispatch arm"))),
    }
}

/// `batch(calls, defer_detection?)`: `[{"op", "args"}, …]` invoked in order inside one [`Scope::batch`] (or
/// [`Scope::batch_deferring_detection`]); the results in order, or the first failure (same kind, its message
/// prefixed with `calls[i] (op)`) with nothing written.
fn batch(scope: &Scope, calls: Option<&Value>, defer_detection: bool) -> Result<Value> {
    let Some(Value::Array(calls)) = calls else {
        return Err(Error::invalid("calls", "must be an array of {\"op\", \"args\"} objects"));
    };
    let run = |s: &Scope| {
        let mut results = Vec::with_capacity(calls.len());
        for (i, call) in calls.iter().enumerate() {
            let op = call
                .get("op")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::invalid(&format!("calls[{i}].op"), "must be an operation name"))?;
            let args = call.get("args").unwrap_or(&Value::Null);
            let result = invoke(s, op, args).map_err(|e| Error::new(e.kind(), format!("calls[{i}] ({op}): {e}")))?;
            results.push(result);
        }
        Ok(Value::Array(results))
    };
    if defer_detection { scope.batch_deferring_detection(run) } else { scope.batch(run) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_dispatched() {
        let orbit = crate::Orbit::open_in_memory().unwrap();
        let scope = orbit.system();
        for op in OPERATIONS {
            // Empty arguments: either the operation runs, or it names a missing argument — never "no arm".
            if let Err(e) = invoke(&scope, op.name, &Value::Null) {
                assert!(!e.to_string().contains("no dispatch arm"), "{}: {e}", op.name);
            }
        }
        assert_eq!(invoke(&scope, "nope", &Value::Null).unwrap_err().kind(), crate::ErrorKind::InvalidInput);
        assert_eq!(invoke(&scope, "facilities", &json!([1])).unwrap_err().kind(), crate::ErrorKind::InvalidInput);
    }
}
