//! Row and column visibility of every relation for a context — the read half of the RLS equivalent,
//! written once and used by the typed reads (reference data) and the scoped SQL session alike.
//!
//! [`row_filter`] gives an SQL predicate over the relation's own columns (and subqueries over other base
//! tables), with the named parameters `:ctx_facility`, `:ctx_user`, `:ctx_granted` (JSON array of granted
//! facility ids), `:ctx_company` and `:hide_before` (see [`FilterParams`]). [`projection`] gives the columns
//! a context may see when it may not see them all.

use rusqlite::Connection;

use super::matrix::{self, ReadScope, TableClass};
use super::{AccessContext, Level};
use crate::error::Result;

/// Cost categories archived longer than this are invisible to everyone but global admins (§4.3.6).
pub const COST_CATEGORY_HIDE_AFTER_MS: i64 = 30 * 24 * 60 * 60 * 1000;

/// The feature permissions (data-model.md §3.12) that gate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gates {
    /// `scores.view`: without it `surgeon_scorecards` is empty.
    pub scores_view: bool,
    /// `flags.financial`: without it threshold flags of `financial` rules are absent.
    pub flags_financial: bool,
}

impl Gates {
    /// The gates of `ctx`, looked up in `conn`.
    pub fn of(conn: &Connection, ctx: &AccessContext) -> Result<Gates> {
        Ok(Gates {
            scores_view: ctx.has_permission(conn, "scores.view")?,
            flags_financial: ctx.has_permission(conn, "flags.financial")?,
        })
    }
}

/// Values of the named parameters a filter may use.
#[derive(Debug, Clone)]
pub struct FilterParams {
    ctx_facility: Option<String>,
    ctx_user: Option<String>,
    ctx_granted: String,
    ctx_company: Option<String>,
    hide_before: i64,
}

impl FilterParams {
    /// The parameters for `ctx` at `now`.
    pub fn new(ctx: &AccessContext, now: i64) -> FilterParams {
        FilterParams {
            ctx_facility: ctx.facility_id.clone(),
            ctx_user: ctx.user_id.clone(),
            ctx_granted: serde_json::Value::from(ctx.granted_facilities.clone()).to_string(),
            ctx_company: ctx.company_id.clone(),
            hide_before: now - COST_CATEGORY_HIDE_AFTER_MS,
        }
    }

    /// The `(name, value)` pairs used by `sql` (rusqlite refuses unused named parameters).
    pub fn bind<'a>(&'a self, sql: &str) -> Vec<(&'static str, &'a dyn rusqlite::ToSql)> {
        let all: [(&'static str, &'a dyn rusqlite::ToSql); 5] = [
            (":ctx_facility", &self.ctx_facility),
            (":ctx_user", &self.ctx_user),
            (":ctx_granted", &self.ctx_granted),
            (":ctx_company", &self.ctx_company),
            (":hide_before", &self.hide_before),
        ];
        all.into_iter().filter(|(n, _)| sql.contains(n)).collect()
    }
}

const GRANTED: &str = "(SELECT value FROM json_each(:ctx_granted))";
const OWN_COMPANY: &str =
    "(SELECT id FROM implant_companies WHERE id = :ctx_company OR source_company_id = :ctx_company)";

/// Cases a device rep may see: granted facility, not a draft, one of the case's companies is theirs.
fn rep_visible_cases() -> String {
    format!(
        "(SELECT c.id FROM cases c WHERE c.facility_id IN {GRANTED} AND c.is_draft = 0 AND EXISTS
            (SELECT 1 FROM case_implant_companies x WHERE x.case_id = c.id AND x.implant_company_id IN {OWN_COMPANY}))"
    )
}

/// Tables scoped through a parent rather than a `facility_id` column: (table, column, parent query).
const CHILD_SCOPES: &[(&str, &str, &str)] = &[
    ("case_milestones", "case_id", "SELECT id FROM cases WHERE facility_id = :ctx_facility"),
    ("case_staff", "case_id", "SELECT id FROM cases WHERE facility_id = :ctx_facility"),
    ("case_delays", "case_id", "SELECT id FROM cases WHERE facility_id = :ctx_facility"),
    ("case_implant_companies", "case_id", "SELECT id FROM cases WHERE facility_id = :ctx_facility"),
    ("case_device_companies", "case_id", "SELECT id FROM cases WHERE facility_id = :ctx_facility"),
    ("case_complexities", "case_id", "SELECT id FROM cases WHERE facility_id = :ctx_facility"),
    ("milestone_template_items", "template_id", "SELECT id FROM milestone_templates WHERE facility_id = :ctx_facility"),
    ("surgeon_procedure_averages", "surgeon_id", "SELECT id FROM users WHERE facility_id = :ctx_facility"),
    ("surgeon_milestone_averages", "surgeon_id", "SELECT id FROM users WHERE facility_id = :ctx_facility"),
];

/// The row predicate of `table` for `ctx`, or `None` when the relation is invisible to it.
pub fn row_filter(table: &str, ctx: &AccessContext, gates: Gates) -> Option<String> {
    let class = matrix::class_of(table)?;
    let scope = matrix::read_scope(table, ctx.level);
    let filter = match scope {
        ReadScope::None => return None,
        ReadScope::All => "1".to_string(),
        ReadScope::OwnRows => "user_id = :ctx_user".to_string(),
        ReadScope::DeviceRepProjection => match table {
            "cases" => format!("id IN {}", rep_visible_cases()),
            "case_implant_companies" | "case_device_companies" => {
                format!("case_id IN {} AND implant_company_id IN {OWN_COMPANY}", rep_visible_cases())
            }
            "facilities" => format!("id IN {GRANTED}"),
            "users" => format!("(id = :ctx_user OR facility_id IN {GRANTED})"),
            "implant_companies" => format!(
                "(facility_id IS NULL OR (facility_id IN {GRANTED} AND (id = :ctx_company OR source_company_id = :ctx_company)))"
            ),
            _ => format!("facility_id IN {GRANTED}"),
        },
        ReadScope::OwnFacility => match (table, class) {
            ("facilities", _) => "id = :ctx_facility".to_string(),
            ("users", _) => "(facility_id = :ctx_facility OR id = :ctx_user OR id IN (SELECT user_id FROM \
                 facility_device_reps WHERE facility_id = :ctx_facility AND status <> 'revoked'))"
                .to_string(),
            (_, TableClass::HybridVocabulary) => "(facility_id IS NULL OR facility_id = :ctx_facility)".to_string(),
            _ => match CHILD_SCOPES.iter().find(|(t, _, _)| *t == table) {
                Some((_, col, parent)) => format!("{col} IN ({parent})"),
                None => "facility_id = :ctx_facility".to_string(),
            },
        },
    };
    let mut filter = filter;
    let unrestricted = ctx.level.spans_facilities();
    if table == "cost_categories" && !unrestricted {
        filter.push_str(" AND (deleted_at IS NULL OR deleted_at >= :hide_before)");
    }
    if table == "surgeon_scorecards" && !gates.scores_view {
        return Some("0".to_string());
    }
    if table == "case_flags" && !gates.flags_financial {
        filter.push_str(
            " AND NOT (flag_type = 'threshold' AND flag_rule_id IN (SELECT id FROM flag_rules WHERE category = 'financial'))",
        );
    }
    Some(filter)
}

/// The columns of `table` a context may see when it may not see all of them (device reps, §6.5).
pub fn projection(table: &str, ctx: &AccessContext) -> Option<&'static [&'static str]> {
    if ctx.level != Level::DeviceRep {
        return None;
    }
    match table {
        "cases" => Some(&[
            "id",
            "facility_id",
            "case_number",
            "scheduled_date",
            "start_time",
            "or_room_id",
            "procedure_type_id",
            "status_id",
            "surgeon_id",
            "operative_side",
            "rep_required_override",
            "cancelled_at",
            "created_at",
            "updated_at",
        ]),
        "facilities" => Some(&[
            "id",
            "name",
            "address",
            "street_address",
            "street_address_2",
            "city",
            "state",
            "zip_code",
            "country",
            "phone",
            "timezone",
            "logo_url",
            "rep_reminder_hours_before_case",
            "rep_delivery_reminder_hours_before_case",
        ]),
        "or_rooms" => Some(&["id", "facility_id", "name", "display_order", "is_active", "deleted_at"]),
        "procedure_types" => Some(&[
            "id",
            "facility_id",
            "name",
            "body_region_id",
            "procedure_category_id",
            "technique_id",
            "implant_category",
            "requires_rep",
            "requires_operative_side",
            "is_active",
            "deleted_at",
        ]),
        "users" => Some(&["id", "facility_id", "role_id", "first_name", "last_name", "is_active"]),
        _ => None,
    }
}
