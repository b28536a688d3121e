//! The read/write matrix of data-model.md §6.3, as data.
//!
//! Every base table belongs to exactly one [`TableClass`]; [`read_scope`] and [`write_scope`] give what an
//! access level may do with a class. Reference-data calls and the scoped SQL session both consult these two
//! functions, so the matrix is written down once. Row-level details that are not a property of the class
//! (device-rep projections of §6.5, a user's own audit rows) are named by the scope values.

use super::Level;

/// How a table is shared between tenants and who maintains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableClass {
    /// case_statuses, patient_statuses, issue_types, resolution_types: global_admin edits display columns only.
    SystemVocabulary,
    /// user_roles, body_regions, procedure_categories, procedure_techniques: global, everyone reads.
    GlobalCatalog,
    /// Provisioning templates and the milestone catalogue: global_admin writes, members read, reps never.
    GlobalTemplate,
    /// delay_types, implant_companies, complexities, flag_rules: global rows (templates) plus facility rows.
    HybridVocabulary,
    /// The tenant root.
    Facilities,
    /// People (special rules of §6.4).
    Users,
    /// Facility configuration: facility_admin writes its own, members read.
    FacilityConfig,
    /// Financial configuration: facility_admin writes its own, members read, reps never.
    FinancialConfig,
    /// Case data: every member writes its own facility's rows; reps read visible cases.
    CaseData,
    /// Library-written rows: read-only for everyone.
    Derived,
    /// The audit log: read-only; scope depends on the level.
    Audit,
    /// permission_templates: global_admin writes.
    PermissionTemplates,
    /// facility_permissions: facility_admin writes its own.
    FacilityPermissions,
    /// facility_device_reps: admins invite and revoke, reps accept their own.
    DeviceReps,
    /// device_rep_facility_access: library-maintained grants.
    DeviceRepGrants,
}

/// Which rows of a class a level may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadScope {
    /// Invisible: the relation is absent for this context.
    None,
    /// Every row (global tables; global_admin everywhere).
    All,
    /// Rows of the context's facility (and, for hybrid tables, the global rows).
    OwnFacility,
    /// Rows whose `user_id` is the context user (audit log of members and reps).
    OwnRows,
    /// The device-rep projection of data-model.md §6.5 (rows and columns).
    DeviceRepProjection,
}

/// What a level may write in a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteScope {
    /// Nothing.
    None,
    /// Any row (global_admin; the system context).
    All,
    /// Rows of the context's facility.
    OwnFacility,
    /// Display columns only (system vocabularies, seeded milestone types).
    DisplayColumns,
    /// The row-specific rules of the class (users §6.4, device reps §6.5, tray columns).
    Special,
}

/// Every base table and its class (data-model.md §6.3). A test checks it covers the schema exactly.
pub const TABLE_CLASSES: &[(&str, TableClass)] = &[
    ("case_statuses", TableClass::SystemVocabulary),
    ("patient_statuses", TableClass::SystemVocabulary),
    ("issue_types", TableClass::SystemVocabulary),
    ("resolution_types", TableClass::SystemVocabulary),
    ("user_roles", TableClass::GlobalCatalog),
    ("body_regions", TableClass::GlobalCatalog),
    ("procedure_categories", TableClass::GlobalCatalog),
    ("procedure_techniques", TableClass::GlobalCatalog),
    ("milestone_types", TableClass::GlobalTemplate),
    ("phase_templates", TableClass::GlobalTemplate),
    ("milestone_template_types", TableClass::GlobalTemplate),
    ("milestone_template_type_items", TableClass::GlobalTemplate),
    ("procedure_type_templates", TableClass::GlobalTemplate),
    ("cost_category_templates", TableClass::GlobalTemplate),
    ("payer_templates", TableClass::GlobalTemplate),
    ("complexity_templates", TableClass::GlobalTemplate),
    ("cancellation_reason_templates", TableClass::GlobalTemplate),
    ("preop_checklist_field_templates", TableClass::GlobalTemplate),
    ("analytics_settings_template", TableClass::GlobalTemplate),
    ("delay_types", TableClass::HybridVocabulary),
    ("implant_companies", TableClass::HybridVocabulary),
    ("complexities", TableClass::HybridVocabulary),
    ("flag_rules", TableClass::HybridVocabulary),
    ("facilities", TableClass::Facilities),
    ("users", TableClass::Users),
    ("facility_milestones", TableClass::FacilityConfig),
    ("facility_phases", TableClass::FacilityConfig),
    ("milestone_templates", TableClass::FacilityConfig),
    ("milestone_template_items", TableClass::FacilityConfig),
    ("surgeon_template_overrides", TableClass::FacilityConfig),
    ("procedure_types", TableClass::FacilityConfig),
    ("surgeon_procedure_duration", TableClass::FacilityConfig),
    ("or_rooms", TableClass::FacilityConfig),
    ("room_schedules", TableClass::FacilityConfig),
    ("block_schedules", TableClass::FacilityConfig),
    ("facility_closures", TableClass::FacilityConfig),
    ("facility_holidays", TableClass::FacilityConfig),
    ("cancellation_reasons", TableClass::FacilityConfig),
    ("preop_checklist_fields", TableClass::FacilityConfig),
    ("facility_analytics_settings", TableClass::FacilityConfig),
    ("cost_categories", TableClass::FinancialConfig),
    ("payers", TableClass::FinancialConfig),
    ("procedure_cost_items", TableClass::FinancialConfig),
    ("surgeon_cost_items", TableClass::FinancialConfig),
    ("procedure_reimbursements", TableClass::FinancialConfig),
    ("financial_targets", TableClass::FinancialConfig),
    ("cases", TableClass::CaseData),
    ("case_milestones", TableClass::CaseData),
    ("case_staff", TableClass::CaseData),
    ("case_delays", TableClass::CaseData),
    ("case_flags", TableClass::CaseData),
    ("case_implant_companies", TableClass::CaseData),
    ("case_device_companies", TableClass::CaseData),
    ("case_complexities", TableClass::CaseData),
    ("patients", TableClass::CaseData),
    ("patient_checkins", TableClass::CaseData),
    ("escort_status_links", TableClass::CaseData),
    ("case_completion_stats", TableClass::Derived),
    ("case_milestone_stats", TableClass::Derived),
    ("metric_issues", TableClass::Derived),
    ("surgeon_scorecards", TableClass::Derived),
    ("case_history", TableClass::Derived),
    ("surgeon_procedure_averages", TableClass::Derived),
    ("surgeon_milestone_averages", TableClass::Derived),
    ("audit_log", TableClass::Audit),
    ("permission_templates", TableClass::PermissionTemplates),
    ("facility_permissions", TableClass::FacilityPermissions),
    ("facility_device_reps", TableClass::DeviceReps),
    ("device_rep_facility_access", TableClass::DeviceRepGrants),
];

/// Relations a device rep can read at all (§6.5); everything else is invisible to reps.
pub const DEVICE_REP_RELATIONS: &[&str] = &[
    "cases",
    "case_implant_companies",
    "case_device_companies",
    "facilities",
    "or_rooms",
    "procedure_types",
    "users",
    "implant_companies",
    "case_statuses",
    "user_roles",
    "body_regions",
    "procedure_categories",
    "procedure_techniques",
    "facility_device_reps",
    "device_rep_facility_access",
    "audit_log",
];

/// The class of `table`, if it is a base table.
pub fn class_of(table: &str) -> Option<TableClass> {
    TABLE_CLASSES.iter().find(|(t, _)| *t == table).map(|(_, c)| *c)
}

/// Which rows of `table` a context of `level` may read.
pub fn read_scope(table: &str, level: Level) -> ReadScope {
    use ReadScope as R;
    use TableClass as C;
    let Some(class) = class_of(table) else {
        return R::None;
    };
    match level {
        Level::System | Level::GlobalAdmin => R::All,
        Level::Anonymous => R::None,
        Level::DeviceRep => {
            if !DEVICE_REP_RELATIONS.contains(&table) {
                R::None
            } else if matches!(class, C::SystemVocabulary | C::GlobalCatalog) {
                R::All
            } else if matches!(class, C::Audit | C::DeviceReps | C::DeviceRepGrants) {
                R::OwnRows
            } else {
                R::DeviceRepProjection
            }
        }
        Level::FacilityAdmin | Level::Coordinator | Level::User => match class {
            C::SystemVocabulary | C::GlobalCatalog | C::GlobalTemplate | C::PermissionTemplates => R::All,
            C::Audit if level != Level::FacilityAdmin => R::OwnRows,
            _ => R::OwnFacility,
        },
    }
}

/// What a context of `level` may write in `table` through public calls (never a library-written table).
pub fn write_scope(table: &str, level: Level) -> WriteScope {
    use TableClass as C;
    use WriteScope as W;
    let Some(class) = class_of(table) else {
        return W::None;
    };
    if matches!(class, C::Derived | C::Audit | C::DeviceRepGrants) {
        return W::None;
    }
    match level {
        Level::Anonymous => W::None,
        Level::System | Level::GlobalAdmin => match class {
            C::SystemVocabulary => W::DisplayColumns,
            _ => W::All,
        },
        Level::FacilityAdmin => match class {
            C::FacilityConfig | C::FinancialConfig | C::CaseData | C::FacilityPermissions | C::HybridVocabulary => {
                W::OwnFacility
            }
            C::Facilities | C::Users | C::DeviceReps => W::Special,
            _ => W::None,
        },
        Level::Coordinator | Level::User => match class {
            C::CaseData => W::OwnFacility,
            C::Users => W::Special,
            _ => W::None,
        },
        Level::DeviceRep => match class {
            C::CaseData | C::Users | C::DeviceReps => W::Special,
            _ => W::None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_entry_is_unique() {
        let mut names: Vec<&str> = TABLE_CLASSES.iter().map(|(t, _)| *t).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TABLE_CLASSES.len());
        assert_eq!(TABLE_CLASSES.len(), 69);
    }

    #[test]
    fn library_written_tables_are_never_writable() {
        for (table, class) in TABLE_CLASSES {
            if matches!(class, TableClass::Derived | TableClass::Audit | TableClass::DeviceRepGrants) {
                for level in Level::ALL {
                    assert_eq!(write_scope(table, level), WriteScope::None, "{table} {level:?}");
                }
            }
        }
    }

    #[test]
    fn matrix_spot_checks_from_the_spec() {
        use Level::*;
        assert_eq!(read_scope("cases", Coordinator), ReadScope::OwnFacility);
        assert_eq!(write_scope("or_rooms", User), WriteScope::None); // W6
        assert_eq!(write_scope("or_rooms", FacilityAdmin), WriteScope::OwnFacility);
        assert_eq!(read_scope("payers", DeviceRep), ReadScope::None);
        assert_eq!(read_scope("cases", DeviceRep), ReadScope::DeviceRepProjection);
        assert_eq!(read_scope("milestone_types", DeviceRep), ReadScope::None);
        assert_eq!(read_scope("audit_log", User), ReadScope::OwnRows);
        assert_eq!(read_scope("audit_log", FacilityAdmin), ReadScope::OwnFacility);
        assert_eq!(write_scope("case_statuses", GlobalAdmin), WriteScope::DisplayColumns);
        assert_eq!(write_scope("financial_targets", Coordinator), WriteScope::None);
        assert_eq!(read_scope("financial_targets", Coordinator), ReadScope::OwnFacility);
    }
}
