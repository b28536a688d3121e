//! Descriptors of the reference-data tables: which columns a caller may set, how each is validated, and
//! how the table is owned. One generic implementation (`reference/mod.rs`) serves every table listed here.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// How rows of a table belong to tenants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ownership {
    /// No tenant (global catalogue or provisioning template).
    Global,
    /// `facility_id NOT NULL`.
    Facility,
    /// `facility_id NULL` = a global row, else a facility row.
    Hybrid,
    /// The tenant root itself (`facilities`): a row's facility is its own id.
    Tenant,
    /// `users`: a member's facility, or none (global admins, device reps).
    People,
}

/// How a settable column is validated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Trimmed, non-empty, at most n characters.
    Name(usize),
    /// Free text, at most n characters (empty → NULL).
    Text(usize),
    /// Integer in an inclusive range.
    Int(i64, i64),
    /// Real in an inclusive range; `min_exclusive` makes the lower bound exclusive.
    Real {
        /// Lower bound.
        min: f64,
        /// Upper bound (inclusive).
        max: f64,
        /// The lower bound itself is not allowed.
        min_exclusive: bool,
    },
    /// Boolean.
    Bool,
    /// One of the listed values.
    Enum(&'static [&'static str]),
    /// A reference (uuid) to a row of the named table, under the same-facility rule.
    Ref(&'static str),
    /// A JSON array of ids of rows of the named table.
    RefArray(&'static str),
    /// A JSON array of non-empty strings (dropdown options).
    StringArray,
    /// A calendar date `YYYY-MM-DD`.
    Date,
    /// A whole-minute wall-clock time `HH:MM` or `HH:MM:SS`, stored `HH:MM:SS` (scheduling §0).
    Time,
    /// A JSON array of `YYYY-MM-DD` dates, stored sorted and de-duplicated (block exception dates).
    DateArray,
    /// A checklist field key: starts with a-z, then a-z, 0-9 and `_`.
    FieldKey,
    /// An e-mail address (lowercased).
    Email,
    /// An IANA time-zone name.
    Timezone,
    /// An instant, UTC epoch milliseconds.
    Instant,
}

/// One settable column.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Column name (also the key in input and output records).
    pub column: &'static str,
    /// Validation.
    pub kind: Kind,
    /// Must be given on create (and cannot be set to null).
    pub required: bool,
}

const fn req(column: &'static str, kind: Kind) -> Field {
    Field { column, kind, required: true }
}

const fn opt(column: &'static str, kind: Kind) -> Field {
    Field { column, kind, required: false }
}

const NAME: Kind = Kind::Name(200);
const TEXT: Kind = Kind::Text(10_000);
const ORDER: Kind = Kind::Int(0, 1_000_000);
const MINUTES: Kind = Kind::Int(0, 100_000);

/// A reference-data table.
#[derive(Debug)]
pub struct TableSpec {
    /// Which table.
    pub table: RefTable,
    /// Tenant ownership.
    pub ownership: Ownership,
    /// The soft-delete family (archive/restore instead of delete).
    pub soft_delete: bool,
    /// The table has `updated_at`.
    pub has_updated_at: bool,
    /// Columns a caller may set.
    pub fields: &'static [Field],
    /// The column that labels a row in audit (`None`: a generic label, e.g. patients).
    pub label: Option<&'static str>,
    /// Listing order.
    pub order_by: &'static str,
    /// An insert with `display_order` 0 (or none) gets 1 + the facility's max (or_rooms).
    pub auto_display_order: bool,
    /// The table has a `created_by` actor column the library stamps.
    pub stamps_created_by: bool,
    /// Rows are created by the generic `create` (facilities come from provisioning, users from
    /// `create_user`).
    pub creatable: bool,
    /// Columns only a global admin (or the system) may change (facility billing metadata).
    pub global_admin_fields: &'static [&'static str],
    /// Columns a user may change on their own row ("profile", data-model.md §6.4.3).
    pub self_fields: &'static [&'static str],
    /// Columns set at creation and never changed afterwards (internal keys such as milestone names).
    pub immutable_fields: &'static [&'static str],
}

macro_rules! ref_tables {
    ($($variant:ident => $name:literal),* $(,)?) => {
        /// The reference-data tables with generic create/read/list/update/archive/restore.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RefTable { $(#[doc = $name] $variant),* }

        impl RefTable {
            /// Every reference table.
            pub const ALL: &'static [RefTable] = &[$(RefTable::$variant),*];

            /// The table name.
            pub fn as_str(self) -> &'static str {
                match self { $(RefTable::$variant => $name),* }
            }
        }

        impl FromStr for RefTable {
            type Err = Error;
            fn from_str(s: &str) -> Result<RefTable> {
                match s {
                    $($name => Ok(RefTable::$variant),)*
                    _ => Err(Error::invalid("table", "is not a reference-data table")),
                }
            }
        }
    };
}

ref_tables! {
    Facilities => "facilities",
    Users => "users",
    BodyRegions => "body_regions",
    ProcedureCategories => "procedure_categories",
    ProcedureTechniques => "procedure_techniques",
    UserRoles => "user_roles",
    ProcedureTypeTemplates => "procedure_type_templates",
    CostCategoryTemplates => "cost_category_templates",
    PayerTemplates => "payer_templates",
    ComplexityTemplates => "complexity_templates",
    CancellationReasonTemplates => "cancellation_reason_templates",
    PreopChecklistFieldTemplates => "preop_checklist_field_templates",
    OrRooms => "or_rooms",
    ProcedureTypes => "procedure_types",
    Payers => "payers",
    CostCategories => "cost_categories",
    CancellationReasons => "cancellation_reasons",
    PreopChecklistFields => "preop_checklist_fields",
    Complexities => "complexities",
    DelayTypes => "delay_types",
    ImplantCompanies => "implant_companies",
    Patients => "patients",
    FacilityPermissions => "facility_permissions",
    PermissionTemplates => "permission_templates",
    FacilityMilestones => "facility_milestones",
    FacilityPhases => "facility_phases",
    MilestoneTemplates => "milestone_templates",
    CaseStatuses => "case_statuses",
    PatientStatuses => "patient_statuses",
    IssueTypes => "issue_types",
    ResolutionTypes => "resolution_types",
    AnalyticsSettingsTemplate => "analytics_settings_template",
    FacilityAnalyticsSettings => "facility_analytics_settings",
    BlockSchedules => "block_schedules",
    FacilityClosures => "facility_closures",
    FacilityHolidays => "facility_holidays",
}

impl fmt::Display for RefTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Phase colour keys (unknown or NULL renders slate).
pub const PALETTE: &[&str] = &["blue", "green", "amber", "purple", "teal", "indigo", "rose", "slate"];

const IMPLANT_CATEGORY: Kind = Kind::Enum(&["total_hip", "total_knee"]);
const COST_TYPE: Kind = Kind::Enum(&["debit", "credit"]);
const REASON_CATEGORY: Kind = Kind::Enum(&["system", "patient", "scheduling", "clinical", "external"]);
/// `block_schedules.recurrence_type` (scheduling-patientflow.md §2.2; the engine's `Recurrence`).
const RECURRENCE: Kind = Kind::Enum(&[
    "weekly",
    "biweekly",
    "first_third_fifth",
    "second_fourth",
    "first_only",
    "second_only",
    "third_only",
    "fourth_only",
    "last_only",
]);
const FIELD_TYPE: Kind = Kind::Enum(&["toggle", "dropdown", "text", "number", "time", "contact", "date"]);

const CHECKLIST_FIELDS: &[Field] = &[
    req("field_key", Kind::FieldKey),
    req("display_label", NAME),
    opt("field_type", FIELD_TYPE),
    opt("options", Kind::StringArray),
    opt("default_value", TEXT),
    opt("placeholder", TEXT),
    opt("is_required", Kind::Bool),
    opt("show_on_escort_page", Kind::Bool),
    opt("display_order", ORDER),
];

const fn spec(
    table: RefTable,
    ownership: Ownership,
    soft_delete: bool,
    has_updated_at: bool,
    fields: &'static [Field],
) -> TableSpec {
    TableSpec {
        table,
        ownership,
        soft_delete,
        has_updated_at,
        fields,
        label: Some("name"),
        order_by: "display_order, name, id",
        auto_display_order: false,
        stamps_created_by: false,
        immutable_fields: &[],
        creatable: true,
        global_admin_fields: &[],
        self_fields: &[],
    }
}

/// The descriptor of every reference table (data-model.md §3).
pub static SPECS: &[TableSpec] = &[
    TableSpec {
        order_by: "name, id",
        creatable: false,
        global_admin_fields: &[
            "subscription_status",
            "trial_ends_at",
            "subscription_started_at",
            "subscription_ends_at",
            "stripe_customer_id",
            "is_demo",
        ],
        ..spec(
            RefTable::Facilities,
            Ownership::Tenant,
            false,
            false,
            &[
                req("name", NAME),
                opt("address", TEXT),
                opt("street_address", TEXT),
                opt("street_address_2", TEXT),
                opt("city", TEXT),
                opt("state", TEXT),
                opt("zip_code", TEXT),
                opt("phone", TEXT),
                opt("facility_type", TEXT),
                opt("logo_url", TEXT),
                opt("case_number_prefix", TEXT),
                req("country", Kind::Name(100)),
                req("timezone", Kind::Timezone),
                opt("or_hourly_rate", Kind::Int(0, 100_000_000)),
                req("default_arrival_lead_time_minutes", Kind::Int(0, 1440)),
                req("rep_reminder_hours_before_case", Kind::Int(0, 720)),
                req("rep_delivery_reminder_hours_before_case", Kind::Int(0, 720)),
                req("is_demo", Kind::Bool),
                req("subscription_status", Kind::Enum(&["trial", "active", "past_due", "cancelled", "disabled"])),
                opt("trial_ends_at", Kind::Instant),
                opt("subscription_started_at", Kind::Instant),
                opt("subscription_ends_at", Kind::Instant),
                opt("stripe_customer_id", TEXT),
            ],
        )
    },
    TableSpec {
        label: None,
        order_by: "last_name, first_name, id",
        creatable: false,
        global_admin_fields: &["facility_id"],
        self_fields: &["first_name", "last_name", "phone", "profile_image_url"],
        ..spec(
            RefTable::Users,
            Ownership::People,
            true,
            false,
            &[
                req("first_name", NAME),
                req("last_name", NAME),
                opt("email", Kind::Email),
                opt("phone", TEXT),
                opt("profile_image_url", TEXT),
                req("role_id", Kind::Ref("user_roles")),
                req(
                    "access_level",
                    Kind::Enum(&["global_admin", "facility_admin", "coordinator", "user", "device_rep"]),
                ),
                req("closing_workflow", Kind::Enum(&["surgeon_closes", "pa_closes"])),
                req("closing_handoff_minutes", Kind::Int(0, 1440)),
                opt("facility_id", Kind::Ref("facilities")),
            ],
        )
    },
    spec(
        RefTable::BodyRegions,
        Ownership::Global,
        true,
        false,
        &[req("name", Kind::Name(50)), req("display_name", Kind::Name(100)), opt("display_order", ORDER)],
    ),
    spec(
        RefTable::ProcedureCategories,
        Ownership::Global,
        true,
        true,
        &[
            req("name", NAME),
            req("display_name", NAME),
            opt("display_order", ORDER),
            opt("body_region_id", Kind::Ref("body_regions")),
        ],
    ),
    spec(
        RefTable::ProcedureTechniques,
        Ownership::Global,
        false,
        false,
        &[req("name", Kind::Name(50)), req("display_name", Kind::Name(100)), opt("display_order", ORDER)],
    ),
    TableSpec {
        order_by: "name, id",
        ..spec(RefTable::UserRoles, Ownership::Global, false, false, &[req("name", NAME)])
    },
    spec(
        RefTable::ProcedureTypeTemplates,
        Ownership::Global,
        true,
        false,
        &[
            req("name", NAME),
            opt("body_region_id", Kind::Ref("body_regions")),
            opt("procedure_category_id", Kind::Ref("procedure_categories")),
            opt("implant_category", IMPLANT_CATEGORY),
            opt("milestone_template_type_id", Kind::Ref("milestone_template_types")),
            opt("display_order", ORDER),
        ],
    ),
    spec(
        RefTable::CostCategoryTemplates,
        Ownership::Global,
        true,
        true,
        &[req("name", NAME), req("type", COST_TYPE), opt("description", TEXT), opt("display_order", ORDER)],
    ),
    spec(RefTable::PayerTemplates, Ownership::Global, true, true, &[req("name", NAME), opt("display_order", ORDER)]),
    spec(
        RefTable::ComplexityTemplates,
        Ownership::Global,
        true,
        true,
        &[
            req("name", Kind::Name(100)),
            req("display_name", Kind::Name(150)),
            opt("description", TEXT),
            opt("procedure_category_ids", Kind::RefArray("procedure_categories")),
            opt("display_order", ORDER),
        ],
    ),
    spec(
        RefTable::CancellationReasonTemplates,
        Ownership::Global,
        true,
        false,
        &[
            req("name", NAME),
            req("display_name", NAME),
            req("category", REASON_CATEGORY),
            opt("display_order", ORDER),
            opt("is_system", Kind::Bool),
        ],
    ),
    TableSpec {
        label: Some("field_key"),
        order_by: "display_order, field_key, id",
        ..spec(RefTable::PreopChecklistFieldTemplates, Ownership::Global, true, true, CHECKLIST_FIELDS)
    },
    TableSpec {
        auto_display_order: true,
        ..spec(
            RefTable::OrRooms,
            Ownership::Facility,
            true,
            false,
            &[
                req("name", NAME),
                opt("display_order", ORDER),
                opt("available_hours", Kind::Real { min: 0.0, max: 24.0, min_exclusive: true }),
            ],
        )
    },
    TableSpec {
        order_by: "name, id",
        ..spec(
            RefTable::ProcedureTypes,
            Ownership::Facility,
            true,
            false,
            &[
                req("name", NAME),
                opt("body_region_id", Kind::Ref("body_regions")),
                opt("technique_id", Kind::Ref("procedure_techniques")),
                opt("procedure_category_id", Kind::Ref("procedure_categories")),
                opt("implant_category", IMPLANT_CATEGORY),
                opt("requires_rep", Kind::Bool),
                opt("requires_operative_side", Kind::Bool),
                opt("arrival_lead_time_minutes", MINUTES),
                opt("expected_duration_minutes", Kind::Int(1, 100_000)),
                opt("milestone_template_id", Kind::Ref("milestone_templates")),
            ],
        )
    },
    TableSpec {
        order_by: "name, id",
        ..spec(RefTable::Payers, Ownership::Facility, true, false, &[req("name", NAME)])
    },
    spec(
        RefTable::CostCategories,
        Ownership::Facility,
        true,
        true,
        &[req("name", NAME), req("type", COST_TYPE), opt("description", TEXT), opt("display_order", ORDER)],
    ),
    spec(
        RefTable::CancellationReasons,
        Ownership::Facility,
        true,
        false,
        &[req("name", NAME), req("display_name", NAME), req("category", REASON_CATEGORY), opt("display_order", ORDER)],
    ),
    TableSpec {
        label: Some("field_key"),
        order_by: "display_order, field_key, id",
        ..spec(RefTable::PreopChecklistFields, Ownership::Facility, true, true, CHECKLIST_FIELDS)
    },
    spec(
        RefTable::Complexities,
        Ownership::Hybrid,
        true,
        true,
        &[
            req("name", Kind::Name(100)),
            req("display_name", Kind::Name(100)),
            opt("description", TEXT),
            opt("procedure_category_ids", Kind::RefArray("procedure_categories")),
            opt("display_order", ORDER),
        ],
    ),
    spec(
        RefTable::DelayTypes,
        Ownership::Hybrid,
        true,
        false,
        &[req("name", NAME), req("display_name", NAME), opt("display_order", ORDER)],
    ),
    TableSpec {
        order_by: "name, id",
        stamps_created_by: true,
        ..spec(RefTable::ImplantCompanies, Ownership::Hybrid, true, true, &[req("name", NAME)])
    },
    TableSpec {
        label: None,
        order_by: "created_at, id",
        ..spec(
            RefTable::Patients,
            Ownership::Facility,
            true,
            true,
            &[
                opt("identifier", TEXT),
                opt("first_name", NAME),
                opt("last_name", NAME),
                opt("mrn", TEXT),
                opt("phone", TEXT),
                opt("email", Kind::Email),
                opt("emergency_contact_name", TEXT),
                opt("emergency_contact_phone", TEXT),
                opt("emergency_contact_relationship", TEXT),
                opt("notes", TEXT),
                opt("external_patient_id", TEXT),
                opt("date_of_birth", Kind::Date),
            ],
        )
    },
    TableSpec {
        label: Some("permission_key"),
        order_by: "access_level, permission_key, id",
        ..spec(RefTable::FacilityPermissions, Ownership::Facility, false, true, PERMISSION_FIELDS)
    },
    TableSpec {
        label: Some("permission_key"),
        order_by: "access_level, permission_key, id",
        ..spec(RefTable::PermissionTemplates, Ownership::Global, false, true, PERMISSION_FIELDS)
    },
    TableSpec {
        auto_display_order: true,
        immutable_fields: &["name"],
        ..spec(
            RefTable::FacilityMilestones,
            Ownership::Facility,
            true,
            false,
            &[
                req("name", Kind::Name(100)),
                req("display_name", NAME),
                opt("phase_group", Kind::Enum(&["pre_op", "surgical", "closing", "post_op"])),
                opt("min_minutes", Kind::Int(0, 100_000)),
                opt("max_minutes", Kind::Int(0, 100_000)),
            ],
        )
    },
    TableSpec {
        auto_display_order: true,
        immutable_fields: &["name"],
        ..spec(
            RefTable::FacilityPhases,
            Ownership::Facility,
            true,
            false,
            &[
                req("name", Kind::Name(100)),
                req("display_name", NAME),
                opt("color_key", Kind::Enum(PALETTE)),
                opt("display_order", ORDER),
            ],
        )
    },
    TableSpec {
        creatable: false,
        order_by: "name, id",
        ..spec(
            RefTable::MilestoneTemplates,
            Ownership::Facility,
            true,
            false,
            &[req("name", NAME), opt("description", TEXT)],
        )
    },
    vocabulary(RefTable::CaseStatuses, &[opt("display_order", ORDER)]),
    vocabulary(
        RefTable::PatientStatuses,
        &[
            opt("display_name", NAME),
            opt("description", TEXT),
            opt("color", Kind::Text(50)),
            opt("icon", Kind::Text(50)),
            opt("show_on_escort_page", Kind::Bool),
            opt("display_order", ORDER),
        ],
    ),
    // issue_types and resolution_types have no display_order column: list them by name.
    TableSpec {
        order_by: "name, id",
        ..vocabulary(
            RefTable::IssueTypes,
            &[
                opt("display_name", NAME),
                opt("description", TEXT),
                opt("severity", Kind::Enum(&["info", "warning", "error"])),
            ],
        )
    },
    TableSpec {
        order_by: "name, id",
        ..vocabulary(RefTable::ResolutionTypes, &[opt("display_name", NAME), opt("description", TEXT)])
    },
    settings(RefTable::AnalyticsSettingsTemplate, Ownership::Global),
    settings(RefTable::FacilityAnalyticsSettings, Ownership::Facility),
    // Scheduling (scheduling-patientflow.md §2.1, §3.1, §3.2): the cross-field rules are the scheduling
    // engine's `validate_…` helpers, run by the reference calls' row hook before anything is written. Blocks
    // have no `is_active` (soft delete through deleted_at only) and closures and holidays are hard-deleted,
    // so none of them is a soft-delete table here.
    TableSpec {
        label: None,
        order_by: "day_of_week, start_time, id",
        stamps_created_by: true,
        ..spec(
            RefTable::BlockSchedules,
            Ownership::Facility,
            false,
            true,
            &[
                req("surgeon_id", Kind::Ref("users")),
                opt("or_room_id", Kind::Ref("or_rooms")),
                req("day_of_week", Kind::Int(0, 6)),
                req("start_time", Kind::Time),
                req("end_time", Kind::Time),
                opt("recurrence_type", RECURRENCE),
                req("effective_start", Kind::Date),
                opt("effective_end", Kind::Date),
                opt("exception_dates", Kind::DateArray),
                opt("notes", TEXT),
            ],
        )
    },
    TableSpec {
        label: Some("closure_date"),
        order_by: "closure_date, id",
        stamps_created_by: true,
        ..spec(
            RefTable::FacilityClosures,
            Ownership::Facility,
            false,
            false,
            &[req("closure_date", Kind::Date), opt("reason", Kind::Text(200))],
        )
    },
    TableSpec {
        order_by: "month, name, id",
        stamps_created_by: true,
        ..spec(
            RefTable::FacilityHolidays,
            Ownership::Facility,
            false,
            true,
            &[
                req("name", Kind::Name(100)),
                req("month", Kind::Int(1, 12)),
                // Ranges and the one-kind rule are checked by `scheduling::validate_holiday` (the row hook).
                opt("day", Kind::Int(0, 255)),
                opt("week_of_month", Kind::Int(0, 255)),
                opt("day_of_week", Kind::Int(0, 255)),
                opt("is_active", Kind::Bool),
                opt("is_partial", Kind::Bool),
                opt("partial_close_time", Kind::Time),
            ],
        )
    },
];

/// The 25 analytics settings (data-model.md §3.6), identical in the template and the facility rows.
const ANALYTICS_SETTINGS: &[Field] = &[
    opt("fcots_milestone", Kind::Enum(&["patient_in", "incision"])),
    opt("fcots_grace_minutes", real(0.0, 30.0)),
    opt("fcots_target_percent", real(0.0, 100.0)),
    opt("turnover_target_same_surgeon", real(0.0, 100_000.0)),
    opt("turnover_target_flip_room", real(0.0, 100_000.0)),
    opt("utilization_target_percent", real(0.0, 100.0)),
    opt("cancellation_target_percent", real(0.0, 100.0)),
    opt("start_time_milestone", Kind::Enum(&["patient_in", "incision"])),
    opt("start_time_grace_minutes", Kind::Int(0, 15)),
    opt("start_time_floor_minutes", Kind::Int(5, 60)),
    opt("waiting_on_surgeon_minutes", Kind::Int(0, 15)),
    opt("waiting_on_surgeon_floor_minutes", Kind::Int(3, 30)),
    opt("min_procedure_cases", Kind::Int(1, 10)),
    opt("turnover_threshold_minutes", real(5.0, 120.0)),
    opt("turnover_compliance_target_percent", real(0.0, 100.0)),
    opt("tardiness_target_minutes", real(5.0, 120.0)),
    opt("idle_combined_target_minutes", real(1.0, 60.0)),
    opt("idle_flip_target_minutes", real(1.0, 60.0)),
    opt("idle_same_room_target_minutes", real(1.0, 60.0)),
    opt("non_op_warn_minutes", real(5.0, 120.0)),
    opt("non_op_bad_minutes", real(5.0, 120.0)),
    opt("operating_days_per_year", Kind::Int(1, 365)),
    opt("financial_benchmark_case_count", Kind::Int(5, 100)),
    opt("behind_schedule_grace_minutes", Kind::Int(0, 60)),
    opt("min_case_threshold", Kind::Int(1, 100)),
];

const fn real(min: f64, max: f64) -> Kind {
    Kind::Real { min, max, min_exclusive: false }
}

/// A one-row-per-owner settings table: read and updated, never created or archived through the API.
const fn settings(table: RefTable, ownership: Ownership) -> TableSpec {
    TableSpec {
        label: None,
        order_by: "id",
        creatable: false,
        ..spec(table, ownership, false, true, ANALYTICS_SETTINGS)
    }
}

/// A system vocabulary: only its display columns are editable, by global admins (data-model.md §6.3).
const fn vocabulary(table: RefTable, fields: &'static [Field]) -> TableSpec {
    TableSpec { creatable: false, ..spec(table, Ownership::Global, false, false, fields) }
}

/// Feature permissions (data-model.md §3.12): per access level, a key and whether it is granted.
const PERMISSION_FIELDS: &[Field] = &[
    req("access_level", Kind::Enum(&["coordinator", "user"])),
    req("permission_key", Kind::Name(100)),
    opt("granted", Kind::Bool),
];

impl RefTable {
    /// This table's descriptor.
    pub fn spec(self) -> &'static TableSpec {
        SPECS.iter().find(|s| s.table == self).expect("every RefTable has a spec")
    }
}

impl TableSpec {
    /// The settable field named `column`.
    pub fn field(&self, column: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.column == column)
    }

    /// The settable columns, comma-separated (for messages).
    pub fn field_names(&self) -> String {
        self.fields.iter().map(|f| f.column).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ref_table_has_exactly_one_spec() {
        for t in RefTable::ALL {
            assert_eq!(SPECS.iter().filter(|s| s.table == *t).count(), 1, "{t}");
            assert_eq!(t.as_str().parse::<RefTable>().unwrap(), *t);
        }
        assert_eq!(SPECS.len(), RefTable::ALL.len());
    }
}
