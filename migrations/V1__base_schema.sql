-- orbit base schema, version 1 (data-model.md §1–§7): the 69 base tables, their indexes and triggers.
-- The five aggregate relations of §3.11 come with the stats migration. Every table is STRICT.
-- Conventions: ids are lowercase hyphenated UUID text; instants are INTEGER UTC epoch ms; dates are
-- 'YYYY-MM-DD' and times 'HH:MM:SS' facility-local text; money is INTEGER cents; booleans are 0/1.
-- updated_at and every "=now" column are written by the library (one clock), never by a SQL default.

PRAGMA application_id = 1330790996; -- 0x4F524254 "ORBT": marks the file as an orbit database

-- facilities [tenant root]
-- No updated_at: facilities carries no upd tag (§2 catalogue: "tenant root"), and data-model.md §1.3.3 says
-- "Only tables tagged upd have the column; other tables get none even if their rows change."
CREATE TABLE facilities (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    address TEXT,
    street_address TEXT,
    street_address_2 TEXT,
    city TEXT,
    state TEXT,
    zip_code TEXT,
    phone TEXT,
    facility_type TEXT,
    logo_url TEXT,
    case_number_prefix TEXT,
    country TEXT NOT NULL DEFAULT 'US',
    timezone TEXT NOT NULL DEFAULT 'America/New_York',
    or_hourly_rate INTEGER CHECK (or_hourly_rate >= 0),
    default_arrival_lead_time_minutes INTEGER NOT NULL DEFAULT 90 CHECK (default_arrival_lead_time_minutes >= 0),
    rep_reminder_hours_before_case INTEGER NOT NULL DEFAULT 24 CHECK (rep_reminder_hours_before_case >= 0),
    rep_delivery_reminder_hours_before_case INTEGER NOT NULL DEFAULT 4 CHECK (rep_delivery_reminder_hours_before_case >= 0),
    is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    subscription_status TEXT NOT NULL DEFAULT 'trial' CHECK (subscription_status IN ('trial', 'active', 'past_due', 'cancelled', 'disabled')),
    trial_ends_at INTEGER,
    subscription_started_at INTEGER,
    subscription_ends_at INTEGER,
    stripe_customer_id TEXT,
    created_at INTEGER NOT NULL
) STRICT;

-- users [F?, SD]
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT REFERENCES facilities(id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES user_roles(id),
    access_level TEXT NOT NULL DEFAULT 'user' CHECK (access_level IN ('global_admin', 'facility_admin', 'coordinator', 'user', 'device_rep')),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    profile_image_url TEXT,
    implant_company_id TEXT REFERENCES implant_companies(id) ON DELETE SET NULL,
    closing_workflow TEXT NOT NULL DEFAULT 'surgeon_closes' CHECK (closing_workflow IN ('surgeon_closes', 'pa_closes')),
    closing_handoff_minutes INTEGER NOT NULL DEFAULT 0 CHECK (closing_handoff_minutes >= 0),
    invited_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    invited_at INTEGER,
    last_login_at INTEGER,
    last_active_at INTEGER,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    CHECK ((access_level IN ('facility_admin', 'coordinator', 'user') AND facility_id IS NOT NULL)
        OR (access_level = 'device_rep' AND facility_id IS NULL AND implant_company_id IS NOT NULL)
        OR access_level = 'global_admin')
) STRICT;
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_facility_id_idx ON users (facility_id);
CREATE INDEX users_role_id_idx ON users (role_id);
CREATE INDEX users_implant_company_id_idx ON users (implant_company_id);

-- user_roles [G]
CREATE TABLE user_roles (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX user_roles_name_key ON user_roles (name);

-- facility_device_reps [F]
CREATE TABLE facility_device_reps (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'revoked')),
    invited_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    invited_at INTEGER NOT NULL,
    accepted_at INTEGER,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX facility_device_reps_facility_id_user_id_key ON facility_device_reps (facility_id, user_id);
CREATE INDEX facility_device_reps_user_id_idx ON facility_device_reps (user_id);
CREATE INDEX facility_device_reps_status_idx ON facility_device_reps (status);

-- device_rep_facility_access [F, L]
CREATE TABLE device_rep_facility_access (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX device_rep_facility_access_user_id_facility_id_key ON device_rep_facility_access (user_id, facility_id);
CREATE INDEX device_rep_facility_access_facility_id_idx ON device_rep_facility_access (facility_id);

-- case_statuses [G]
CREATE TABLE case_statuses (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX case_statuses_name_key ON case_statuses (name);

-- patient_statuses [G]
CREATE TABLE patient_statuses (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    description TEXT,
    color TEXT,
    icon TEXT,
    show_on_escort_page INTEGER NOT NULL DEFAULT 1 CHECK (show_on_escort_page IN (0, 1)),
    display_order INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX patient_statuses_name_key ON patient_statuses (name);

-- issue_types [G]
CREATE TABLE issue_types (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    description TEXT,
    severity TEXT NOT NULL DEFAULT 'warning' CHECK (severity IN ('info', 'warning', 'error')),
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX issue_types_name_key ON issue_types (name);

-- resolution_types [G]
CREATE TABLE resolution_types (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    description TEXT,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX resolution_types_name_key ON resolution_types (name);

-- body_regions [G, SD]
CREATE TABLE body_regions (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL CHECK (length(name) <= 50),
    display_name TEXT NOT NULL CHECK (length(display_name) <= 100),
    display_order INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX body_regions_name_key ON body_regions (name);

-- procedure_categories [G, SD, upd]
CREATE TABLE procedure_categories (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    body_region_id TEXT REFERENCES body_regions(id) ON DELETE SET NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX procedure_categories_name_key ON procedure_categories (name);
CREATE INDEX procedure_categories_body_region_id_idx ON procedure_categories (body_region_id);
CREATE INDEX procedure_categories_display_order_idx ON procedure_categories (display_order);

-- procedure_techniques [G]
CREATE TABLE procedure_techniques (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL CHECK (length(name) <= 50),
    display_name TEXT NOT NULL CHECK (length(display_name) <= 100),
    display_order INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX procedure_techniques_name_key ON procedure_techniques (name);

-- milestone_types [G, SD]
CREATE TABLE milestone_types (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    pair_with_id TEXT REFERENCES milestone_types(id),
    pair_position TEXT CHECK (pair_position IN ('start', 'end')),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    CHECK ((pair_with_id IS NULL) = (pair_position IS NULL))
) STRICT;
CREATE UNIQUE INDEX milestone_types_name_key ON milestone_types (name);
CREATE INDEX milestone_types_pair_with_id_idx ON milestone_types (pair_with_id);

-- phase_templates [G]
CREATE TABLE phase_templates (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    color_key TEXT,
    display_order INTEGER NOT NULL DEFAULT 0,
    parent_phase_template_id TEXT REFERENCES phase_templates(id) ON DELETE SET NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX phase_templates_name_key ON phase_templates (name);
CREATE INDEX phase_templates_parent_phase_template_id_idx ON phase_templates (parent_phase_template_id);

-- milestone_template_types [G]
CREATE TABLE milestone_template_types (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    description TEXT,
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    block_order TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(block_order)),
    sub_phase_map TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(sub_phase_map)),
    created_at INTEGER NOT NULL,
    CHECK (is_default = 0 OR is_active = 1)
) STRICT;
CREATE UNIQUE INDEX milestone_template_types_name_key ON milestone_template_types (name);
-- at most one global default template type
CREATE UNIQUE INDEX milestone_template_types_is_default_key ON milestone_template_types (is_default) WHERE is_default = 1;

-- milestone_template_type_items [G, T]
CREATE TABLE milestone_template_type_items (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    template_type_id TEXT NOT NULL REFERENCES milestone_template_types(id) ON DELETE CASCADE,
    milestone_type_id TEXT NOT NULL REFERENCES milestone_types(id) ON DELETE CASCADE,
    phase_template_id TEXT REFERENCES phase_templates(id) ON DELETE SET NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX milestone_template_type_items_template_type_id_idx ON milestone_template_type_items (template_type_id);
CREATE INDEX milestone_template_type_items_milestone_type_id_idx ON milestone_template_type_items (milestone_type_id);
CREATE INDEX milestone_template_type_items_phase_template_id_idx ON milestone_template_type_items (phase_template_id);

-- procedure_type_templates [G, SD]
CREATE TABLE procedure_type_templates (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    body_region_id TEXT REFERENCES body_regions(id) ON DELETE SET NULL,
    procedure_category_id TEXT REFERENCES procedure_categories(id) ON DELETE SET NULL,
    implant_category TEXT CHECK (implant_category IN ('total_hip', 'total_knee')),
    milestone_template_type_id TEXT REFERENCES milestone_template_types(id) ON DELETE SET NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX procedure_type_templates_name_key ON procedure_type_templates (name);
CREATE INDEX procedure_type_templates_body_region_id_idx ON procedure_type_templates (body_region_id);
CREATE INDEX procedure_type_templates_procedure_category_id_idx ON procedure_type_templates (procedure_category_id);
CREATE INDEX procedure_type_templates_milestone_template_type_id_idx ON procedure_type_templates (milestone_template_type_id);

-- cost_category_templates [G, SD, upd]
CREATE TABLE cost_category_templates (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('debit', 'credit')),
    description TEXT,
    display_order INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX cost_category_templates_name_key ON cost_category_templates (name);

-- payer_templates [G, SD, upd]
CREATE TABLE payer_templates (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX payer_templates_name_key ON payer_templates (name);

-- complexity_templates [G, SD, upd]
CREATE TABLE complexity_templates (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL CHECK (length(name) <= 100),
    display_name TEXT NOT NULL CHECK (length(display_name) <= 150),
    description TEXT,
    procedure_category_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(procedure_category_ids)),
    display_order INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX complexity_templates_name_key ON complexity_templates (name);

-- cancellation_reason_templates [G, SD]
CREATE TABLE cancellation_reason_templates (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('system', 'patient', 'scheduling', 'clinical', 'external')),
    display_order INTEGER NOT NULL DEFAULT 0,
    is_system INTEGER NOT NULL DEFAULT 0 CHECK (is_system IN (0, 1)),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX cancellation_reason_templates_name_key ON cancellation_reason_templates (name);

-- preop_checklist_field_templates [G, SD, upd]
CREATE TABLE preop_checklist_field_templates (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    field_key TEXT NOT NULL CHECK (field_key GLOB '[a-z]*' AND field_key NOT GLOB '*[^a-z0-9_]*'),
    display_label TEXT NOT NULL,
    field_type TEXT NOT NULL DEFAULT 'toggle' CHECK (field_type IN ('toggle', 'dropdown', 'text', 'number', 'time', 'contact', 'date')),
    -- nullable json columns allow NULL explicitly: json_valid(NULL) is 0 on SQLite < 3.45
    options TEXT CHECK (options IS NULL OR json_valid(options)),
    default_value TEXT,
    placeholder TEXT,
    is_required INTEGER NOT NULL DEFAULT 0 CHECK (is_required IN (0, 1)),
    show_on_escort_page INTEGER NOT NULL DEFAULT 0 CHECK (show_on_escort_page IN (0, 1)),
    display_order INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((field_type = 'dropdown') = (options IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX preop_checklist_field_templates_field_key_key ON preop_checklist_field_templates (field_key);

-- analytics_settings_template [G, upd]
-- Exactly one row (seeded, §5.3); the 25 settings columns are identical to facility_analytics_settings (§3.6).
CREATE TABLE analytics_settings_template (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    fcots_milestone TEXT NOT NULL DEFAULT 'patient_in' CHECK (fcots_milestone IN ('patient_in', 'incision')),
    fcots_grace_minutes REAL NOT NULL DEFAULT 2 CHECK (fcots_grace_minutes BETWEEN 0 AND 30),
    fcots_target_percent REAL NOT NULL DEFAULT 85 CHECK (fcots_target_percent BETWEEN 0 AND 100),
    turnover_target_same_surgeon REAL NOT NULL DEFAULT 45 CHECK (turnover_target_same_surgeon >= 0),
    turnover_target_flip_room REAL NOT NULL DEFAULT 15 CHECK (turnover_target_flip_room >= 0),
    utilization_target_percent REAL NOT NULL DEFAULT 75 CHECK (utilization_target_percent BETWEEN 0 AND 100),
    cancellation_target_percent REAL NOT NULL DEFAULT 5 CHECK (cancellation_target_percent BETWEEN 0 AND 100),
    start_time_milestone TEXT NOT NULL DEFAULT 'patient_in' CHECK (start_time_milestone IN ('patient_in', 'incision')),
    start_time_grace_minutes INTEGER NOT NULL DEFAULT 3 CHECK (start_time_grace_minutes BETWEEN 0 AND 15),
    start_time_floor_minutes INTEGER NOT NULL DEFAULT 20 CHECK (start_time_floor_minutes BETWEEN 5 AND 60),
    waiting_on_surgeon_minutes INTEGER NOT NULL DEFAULT 3 CHECK (waiting_on_surgeon_minutes BETWEEN 0 AND 15),
    waiting_on_surgeon_floor_minutes INTEGER NOT NULL DEFAULT 10 CHECK (waiting_on_surgeon_floor_minutes BETWEEN 3 AND 30),
    min_procedure_cases INTEGER NOT NULL DEFAULT 3 CHECK (min_procedure_cases BETWEEN 1 AND 10),
    turnover_threshold_minutes REAL NOT NULL DEFAULT 30 CHECK (turnover_threshold_minutes BETWEEN 5 AND 120),
    turnover_compliance_target_percent REAL NOT NULL DEFAULT 80 CHECK (turnover_compliance_target_percent BETWEEN 0 AND 100),
    tardiness_target_minutes REAL NOT NULL DEFAULT 45 CHECK (tardiness_target_minutes BETWEEN 5 AND 120),
    idle_combined_target_minutes REAL NOT NULL DEFAULT 10 CHECK (idle_combined_target_minutes BETWEEN 1 AND 60),
    idle_flip_target_minutes REAL NOT NULL DEFAULT 5 CHECK (idle_flip_target_minutes BETWEEN 1 AND 60),
    idle_same_room_target_minutes REAL NOT NULL DEFAULT 10 CHECK (idle_same_room_target_minutes BETWEEN 1 AND 60),
    non_op_warn_minutes REAL NOT NULL DEFAULT 20 CHECK (non_op_warn_minutes BETWEEN 5 AND 120),
    non_op_bad_minutes REAL NOT NULL DEFAULT 30 CHECK (non_op_bad_minutes BETWEEN 5 AND 120),
    operating_days_per_year INTEGER NOT NULL DEFAULT 250 CHECK (operating_days_per_year BETWEEN 1 AND 365),
    financial_benchmark_case_count INTEGER NOT NULL DEFAULT 10 CHECK (financial_benchmark_case_count BETWEEN 5 AND 100),
    behind_schedule_grace_minutes INTEGER NOT NULL DEFAULT 15 CHECK (behind_schedule_grace_minutes BETWEEN 0 AND 60),
    min_case_threshold INTEGER NOT NULL DEFAULT 15 CHECK (min_case_threshold BETWEEN 1 AND 100),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- facility_milestones [F, SD]
CREATE TABLE facility_milestones (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    pair_with_id TEXT REFERENCES facility_milestones(id),
    pair_position TEXT CHECK (pair_position IN ('start', 'end')),
    source_milestone_type_id TEXT REFERENCES milestone_types(id) ON DELETE SET NULL,
    min_minutes INTEGER NOT NULL DEFAULT 1,
    max_minutes INTEGER NOT NULL DEFAULT 90,
    validation_type TEXT NOT NULL DEFAULT 'sequence_gap' CHECK (validation_type IN ('duration', 'sequence_gap')),
    phase_group TEXT CHECK (phase_group IN ('pre_op', 'surgical', 'closing', 'post_op')),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    CHECK ((pair_with_id IS NULL) = (pair_position IS NULL)),
    CHECK (min_minutes >= 0 AND max_minutes >= min_minutes)
) STRICT;
CREATE UNIQUE INDEX facility_milestones_facility_id_name_key ON facility_milestones (facility_id, name);
CREATE INDEX facility_milestones_facility_id_display_order_idx ON facility_milestones (facility_id, display_order);
CREATE INDEX facility_milestones_pair_with_id_idx ON facility_milestones (pair_with_id);
CREATE INDEX facility_milestones_source_milestone_type_id_idx ON facility_milestones (source_milestone_type_id);

-- facility_phases [F, SD]
CREATE TABLE facility_phases (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    color_key TEXT,
    display_order INTEGER NOT NULL DEFAULT 0,
    parent_phase_id TEXT REFERENCES facility_phases(id) ON DELETE SET NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX facility_phases_facility_id_name_key ON facility_phases (facility_id, name) WHERE is_active = 1;
-- FK index (§1.4.4): the partial unique key above (WHERE is_active = 1) cannot serve the facility_id FK lookup.
CREATE INDEX facility_phases_facility_id_idx ON facility_phases (facility_id);
CREATE INDEX facility_phases_parent_phase_id_idx ON facility_phases (parent_phase_id);

-- milestone_templates [F, SD]
CREATE TABLE milestone_templates (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    block_order TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(block_order)),
    sub_phase_map TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(sub_phase_map)),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    CHECK (is_default = 0 OR is_active = 1)
) STRICT;
CREATE UNIQUE INDEX milestone_templates_facility_id_name_key ON milestone_templates (facility_id, name) WHERE is_active = 1;
-- one default template per facility (the one-default key)
CREATE UNIQUE INDEX milestone_templates_facility_id_key ON milestone_templates (facility_id) WHERE is_default = 1;
-- FK index (§1.4.4): both facility_id-led indexes above are partial (is_active / is_default) and cannot serve the FK.
CREATE INDEX milestone_templates_facility_id_idx ON milestone_templates (facility_id);

-- milestone_template_items [T]
CREATE TABLE milestone_template_items (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    template_id TEXT NOT NULL REFERENCES milestone_templates(id) ON DELETE CASCADE,
    facility_milestone_id TEXT NOT NULL REFERENCES facility_milestones(id) ON DELETE CASCADE,
    facility_phase_id TEXT REFERENCES facility_phases(id) ON DELETE SET NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX milestone_template_items_template_id_facility_milestone_id_facility_phase_id_key ON milestone_template_items (template_id, facility_milestone_id, COALESCE(facility_phase_id, ''));
CREATE INDEX milestone_template_items_template_id_display_order_idx ON milestone_template_items (template_id, display_order);
CREATE INDEX milestone_template_items_facility_milestone_id_idx ON milestone_template_items (facility_milestone_id);
CREATE INDEX milestone_template_items_facility_phase_id_idx ON milestone_template_items (facility_phase_id);

-- surgeon_template_overrides [F]
CREATE TABLE surgeon_template_overrides (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    surgeon_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    procedure_type_id TEXT NOT NULL REFERENCES procedure_types(id) ON DELETE CASCADE,
    milestone_template_id TEXT NOT NULL REFERENCES milestone_templates(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX surgeon_template_overrides_facility_id_surgeon_id_procedure_type_id_key ON surgeon_template_overrides (facility_id, surgeon_id, procedure_type_id);
CREATE INDEX surgeon_template_overrides_surgeon_id_procedure_type_id_idx ON surgeon_template_overrides (surgeon_id, procedure_type_id);
CREATE INDEX surgeon_template_overrides_milestone_template_id_idx ON surgeon_template_overrides (milestone_template_id);
CREATE INDEX surgeon_template_overrides_procedure_type_id_idx ON surgeon_template_overrides (procedure_type_id);

-- procedure_types [F, SD]
CREATE TABLE procedure_types (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    body_region_id TEXT REFERENCES body_regions(id) ON DELETE SET NULL,
    technique_id TEXT REFERENCES procedure_techniques(id) ON DELETE SET NULL,
    procedure_category_id TEXT REFERENCES procedure_categories(id) ON DELETE SET NULL,
    source_template_id TEXT REFERENCES procedure_type_templates(id) ON DELETE SET NULL,
    implant_category TEXT CHECK (implant_category IN ('total_hip', 'total_knee')),
    requires_rep INTEGER NOT NULL DEFAULT 0 CHECK (requires_rep IN (0, 1)),
    requires_operative_side INTEGER NOT NULL DEFAULT 0 CHECK (requires_operative_side IN (0, 1)),
    arrival_lead_time_minutes INTEGER CHECK (arrival_lead_time_minutes >= 0),
    expected_duration_minutes INTEGER CHECK (expected_duration_minutes > 0),
    milestone_template_id TEXT REFERENCES milestone_templates(id) ON DELETE SET NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX procedure_types_facility_id_name_key ON procedure_types (facility_id, name);
CREATE INDEX procedure_types_facility_id_is_active_idx ON procedure_types (facility_id, is_active) WHERE deleted_at IS NULL;
CREATE INDEX procedure_types_body_region_id_idx ON procedure_types (body_region_id);
CREATE INDEX procedure_types_technique_id_idx ON procedure_types (technique_id);
CREATE INDEX procedure_types_procedure_category_id_idx ON procedure_types (procedure_category_id);
CREATE INDEX procedure_types_source_template_id_idx ON procedure_types (source_template_id);
CREATE INDEX procedure_types_milestone_template_id_idx ON procedure_types (milestone_template_id);

-- surgeon_procedure_duration [F, SD, upd]
CREATE TABLE surgeon_procedure_duration (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    surgeon_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    procedure_type_id TEXT NOT NULL REFERENCES procedure_types(id) ON DELETE CASCADE,
    expected_duration_minutes INTEGER NOT NULL CHECK (expected_duration_minutes > 0),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX surgeon_procedure_duration_facility_id_surgeon_id_procedure_type_id_key ON surgeon_procedure_duration (facility_id, surgeon_id, procedure_type_id);
CREATE INDEX surgeon_procedure_duration_facility_id_procedure_type_id_idx ON surgeon_procedure_duration (facility_id, procedure_type_id);
CREATE INDEX surgeon_procedure_duration_surgeon_id_idx ON surgeon_procedure_duration (surgeon_id);
CREATE INDEX surgeon_procedure_duration_procedure_type_id_idx ON surgeon_procedure_duration (procedure_type_id);

-- or_rooms [F, SD]
CREATE TABLE or_rooms (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    available_hours REAL NOT NULL DEFAULT 10 CHECK (available_hours > 0 AND available_hours <= 24),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX or_rooms_facility_id_name_key ON or_rooms (facility_id, name);
CREATE INDEX or_rooms_facility_id_display_order_idx ON or_rooms (facility_id, display_order);
CREATE INDEX or_rooms_facility_id_is_active_idx ON or_rooms (facility_id, is_active) WHERE deleted_at IS NULL;

-- room_schedules [F, upd]
CREATE TABLE room_schedules (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    or_room_id TEXT NOT NULL REFERENCES or_rooms(id) ON DELETE CASCADE,
    day_of_week INTEGER NOT NULL CHECK (day_of_week BETWEEN 0 AND 6),
    open_time TEXT NOT NULL DEFAULT '07:00:00' CHECK (time(open_time, '+0 seconds') IS open_time),
    close_time TEXT NOT NULL DEFAULT '17:00:00' CHECK (time(close_time, '+0 seconds') IS close_time),
    is_closed INTEGER NOT NULL DEFAULT 0 CHECK (is_closed IN (0, 1)),
    effective_start TEXT NOT NULL CHECK (date(effective_start, '+0 days') IS effective_start),
    effective_end TEXT CHECK (date(effective_end, '+0 days') IS effective_end),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (effective_end IS NULL OR effective_end >= effective_start),
    CHECK (is_closed = 1 OR close_time > open_time)
) STRICT;
CREATE INDEX room_schedules_or_room_id_day_of_week_effective_start_effective_end_idx ON room_schedules (or_room_id, day_of_week, effective_start, effective_end);
CREATE INDEX room_schedules_facility_id_idx ON room_schedules (facility_id);

-- block_schedules [F, upd] (deleted_at/deleted_by only: not SD, no is_active, no sync trigger)
CREATE TABLE block_schedules (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    surgeon_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    or_room_id TEXT REFERENCES or_rooms(id) ON DELETE SET NULL,
    day_of_week INTEGER NOT NULL CHECK (day_of_week BETWEEN 0 AND 6),
    start_time TEXT NOT NULL CHECK (time(start_time, '+0 seconds') IS start_time),
    end_time TEXT NOT NULL CHECK (time(end_time, '+0 seconds') IS end_time),
    recurrence_type TEXT NOT NULL DEFAULT 'weekly' CHECK (recurrence_type IN ('weekly', 'biweekly', 'first_third_fifth', 'second_fourth', 'first_only', 'second_only', 'third_only', 'fourth_only', 'last_only')),
    effective_start TEXT NOT NULL CHECK (date(effective_start, '+0 days') IS effective_start),
    effective_end TEXT CHECK (date(effective_end, '+0 days') IS effective_end),
    exception_dates TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(exception_dates)),
    notes TEXT,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (end_time > start_time),
    CHECK (effective_end IS NULL OR effective_end >= effective_start)
) STRICT;
CREATE INDEX block_schedules_facility_id_day_of_week_idx ON block_schedules (facility_id, day_of_week) WHERE deleted_at IS NULL;
CREATE INDEX block_schedules_surgeon_id_idx ON block_schedules (surgeon_id);
-- FK index (§1.4.4): the facility_id-led index above is partial (deleted_at IS NULL) and cannot serve the FK.
CREATE INDEX block_schedules_facility_id_idx ON block_schedules (facility_id);
CREATE INDEX block_schedules_or_room_id_idx ON block_schedules (or_room_id);

-- facility_closures [F]
CREATE TABLE facility_closures (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    closure_date TEXT NOT NULL CHECK (date(closure_date, '+0 days') IS closure_date),
    reason TEXT CHECK (length(reason) <= 200),
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX facility_closures_facility_id_closure_date_key ON facility_closures (facility_id, closure_date);
CREATE INDEX facility_closures_closure_date_idx ON facility_closures (closure_date);

-- facility_holidays [F, upd] (is_active is an on/off toggle, not a soft delete)
CREATE TABLE facility_holidays (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) <= 100),
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    day INTEGER CHECK (day BETWEEN 1 AND 31),
    week_of_month INTEGER CHECK (week_of_month BETWEEN 1 AND 5),
    day_of_week INTEGER CHECK (day_of_week BETWEEN 0 AND 6),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    is_partial INTEGER NOT NULL DEFAULT 0 CHECK (is_partial IN (0, 1)),
    partial_close_time TEXT CHECK (time(partial_close_time, '+0 seconds') IS partial_close_time),
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((day IS NOT NULL AND month IS NOT NULL) OR (week_of_month IS NOT NULL AND day_of_week IS NOT NULL AND month IS NOT NULL)),
    CHECK ((is_partial = 0 AND partial_close_time IS NULL) OR (is_partial = 1 AND partial_close_time IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX facility_holidays_facility_id_name_key ON facility_holidays (facility_id, name);

-- cancellation_reasons [F, SD]
CREATE TABLE cancellation_reasons (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    source_template_id TEXT REFERENCES cancellation_reason_templates(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('system', 'patient', 'scheduling', 'clinical', 'external')),
    display_order INTEGER NOT NULL DEFAULT 0,
    is_system INTEGER NOT NULL DEFAULT 0 CHECK (is_system IN (0, 1)),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX cancellation_reasons_facility_id_name_key ON cancellation_reasons (facility_id, name);
CREATE INDEX cancellation_reasons_source_template_id_idx ON cancellation_reasons (source_template_id);
CREATE INDEX cancellation_reasons_facility_id_is_active_idx ON cancellation_reasons (facility_id, is_active) WHERE is_active = 1 AND deleted_at IS NULL;
CREATE TRIGGER cancellation_reasons_protect_system_trigger
BEFORE UPDATE ON cancellation_reasons
FOR EACH ROW
WHEN OLD.is_system = 1 AND (NEW.is_active = 0 OR NEW.deleted_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'cancellation_reasons: a system cancellation reason cannot be archived');
END;

-- complexities [F?, SD, upd]
CREATE TABLE complexities (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT REFERENCES facilities(id) ON DELETE CASCADE,
    source_template_id TEXT REFERENCES complexity_templates(id) ON DELETE SET NULL,
    name TEXT NOT NULL CHECK (length(name) <= 100),
    display_name TEXT NOT NULL CHECK (length(display_name) <= 100),
    description TEXT,
    procedure_category_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(procedure_category_ids)),
    display_order INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX complexities_facility_id_name_key ON complexities (facility_id, name) WHERE facility_id IS NOT NULL;
CREATE UNIQUE INDEX complexities_name_key ON complexities (name) WHERE facility_id IS NULL;
CREATE INDEX complexities_source_template_id_idx ON complexities (source_template_id);

-- delay_types [F?, SD]
CREATE TABLE delay_types (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT REFERENCES facilities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX delay_types_facility_id_name_key ON delay_types (facility_id, name) WHERE facility_id IS NOT NULL;
CREATE UNIQUE INDEX delay_types_name_key ON delay_types (name) WHERE facility_id IS NULL;

-- implant_companies [F?, SD, upd]
CREATE TABLE implant_companies (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT REFERENCES facilities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    source_company_id TEXT REFERENCES implant_companies(id) ON DELETE SET NULL,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX implant_companies_facility_id_name_key ON implant_companies (facility_id, name) WHERE facility_id IS NOT NULL;
CREATE UNIQUE INDEX implant_companies_name_key ON implant_companies (name) WHERE facility_id IS NULL;
CREATE INDEX implant_companies_source_company_id_idx ON implant_companies (source_company_id);

-- preop_checklist_fields [F, SD, upd]
CREATE TABLE preop_checklist_fields (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    field_key TEXT NOT NULL CHECK (field_key GLOB '[a-z]*' AND field_key NOT GLOB '*[^a-z0-9_]*'),
    display_label TEXT NOT NULL,
    field_type TEXT NOT NULL DEFAULT 'toggle' CHECK (field_type IN ('toggle', 'dropdown', 'text', 'number', 'time', 'contact', 'date')),
    options TEXT CHECK (options IS NULL OR json_valid(options)),
    default_value TEXT,
    placeholder TEXT,
    is_required INTEGER NOT NULL DEFAULT 0 CHECK (is_required IN (0, 1)),
    show_on_escort_page INTEGER NOT NULL DEFAULT 0 CHECK (show_on_escort_page IN (0, 1)),
    display_order INTEGER NOT NULL DEFAULT 0,
    source_template_id TEXT REFERENCES preop_checklist_field_templates(id) ON DELETE SET NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((field_type = 'dropdown') = (options IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX preop_checklist_fields_facility_id_field_key_key ON preop_checklist_fields (facility_id, field_key);
CREATE INDEX preop_checklist_fields_source_template_id_idx ON preop_checklist_fields (source_template_id);
CREATE INDEX preop_checklist_fields_facility_id_is_active_idx ON preop_checklist_fields (facility_id, is_active) WHERE is_active = 1 AND deleted_at IS NULL;

-- flag_rules [F?, SD, upd]
CREATE TABLE flag_rules (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT REFERENCES facilities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    category TEXT NOT NULL DEFAULT 'timing' CHECK (category IN ('timing', 'efficiency', 'financial', 'quality', 'anesthesia', 'recovery')),
    metric TEXT NOT NULL,
    start_milestone TEXT,
    end_milestone TEXT,
    operator TEXT NOT NULL DEFAULT 'gt' CHECK (operator IN ('gt', 'gte', 'lt', 'lte')),
    threshold_type TEXT NOT NULL DEFAULT 'median_plus_sd' CHECK (threshold_type IN ('median_plus_sd', 'median_plus_offset', 'absolute', 'percentage_of_median', 'percentile', 'between')),
    threshold_value REAL NOT NULL DEFAULT 1.0,
    threshold_value_max REAL,
    comparison_scope TEXT NOT NULL DEFAULT 'facility' CHECK (comparison_scope IN ('facility', 'personal')),
    severity TEXT NOT NULL DEFAULT 'warning' CHECK (severity IN ('info', 'warning', 'critical')),
    display_order INTEGER NOT NULL DEFAULT 0,
    is_built_in INTEGER NOT NULL DEFAULT 0 CHECK (is_built_in IN (0, 1)),
    is_enabled INTEGER NOT NULL DEFAULT 1 CHECK (is_enabled IN (0, 1)),
    source_rule_id TEXT REFERENCES flag_rules(id) ON DELETE SET NULL,
    cost_category_id TEXT REFERENCES cost_categories(id) ON DELETE SET NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX flag_rules_facility_id_source_rule_id_key ON flag_rules (facility_id, source_rule_id) WHERE facility_id IS NOT NULL AND source_rule_id IS NOT NULL;
CREATE INDEX flag_rules_facility_id_idx ON flag_rules (facility_id);
CREATE INDEX flag_rules_metric_idx ON flag_rules (metric);
CREATE INDEX flag_rules_cost_category_id_idx ON flag_rules (cost_category_id);
CREATE INDEX flag_rules_source_rule_id_idx ON flag_rules (source_rule_id);

-- facility_analytics_settings [F, upd]
CREATE TABLE facility_analytics_settings (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    fcots_milestone TEXT NOT NULL DEFAULT 'patient_in' CHECK (fcots_milestone IN ('patient_in', 'incision')),
    fcots_grace_minutes REAL NOT NULL DEFAULT 2 CHECK (fcots_grace_minutes BETWEEN 0 AND 30),
    fcots_target_percent REAL NOT NULL DEFAULT 85 CHECK (fcots_target_percent BETWEEN 0 AND 100),
    turnover_target_same_surgeon REAL NOT NULL DEFAULT 45 CHECK (turnover_target_same_surgeon >= 0),
    turnover_target_flip_room REAL NOT NULL DEFAULT 15 CHECK (turnover_target_flip_room >= 0),
    utilization_target_percent REAL NOT NULL DEFAULT 75 CHECK (utilization_target_percent BETWEEN 0 AND 100),
    cancellation_target_percent REAL NOT NULL DEFAULT 5 CHECK (cancellation_target_percent BETWEEN 0 AND 100),
    start_time_milestone TEXT NOT NULL DEFAULT 'patient_in' CHECK (start_time_milestone IN ('patient_in', 'incision')),
    start_time_grace_minutes INTEGER NOT NULL DEFAULT 3 CHECK (start_time_grace_minutes BETWEEN 0 AND 15),
    start_time_floor_minutes INTEGER NOT NULL DEFAULT 20 CHECK (start_time_floor_minutes BETWEEN 5 AND 60),
    waiting_on_surgeon_minutes INTEGER NOT NULL DEFAULT 3 CHECK (waiting_on_surgeon_minutes BETWEEN 0 AND 15),
    waiting_on_surgeon_floor_minutes INTEGER NOT NULL DEFAULT 10 CHECK (waiting_on_surgeon_floor_minutes BETWEEN 3 AND 30),
    min_procedure_cases INTEGER NOT NULL DEFAULT 3 CHECK (min_procedure_cases BETWEEN 1 AND 10),
    turnover_threshold_minutes REAL NOT NULL DEFAULT 30 CHECK (turnover_threshold_minutes BETWEEN 5 AND 120),
    turnover_compliance_target_percent REAL NOT NULL DEFAULT 80 CHECK (turnover_compliance_target_percent BETWEEN 0 AND 100),
    tardiness_target_minutes REAL NOT NULL DEFAULT 45 CHECK (tardiness_target_minutes BETWEEN 5 AND 120),
    idle_combined_target_minutes REAL NOT NULL DEFAULT 10 CHECK (idle_combined_target_minutes BETWEEN 1 AND 60),
    idle_flip_target_minutes REAL NOT NULL DEFAULT 5 CHECK (idle_flip_target_minutes BETWEEN 1 AND 60),
    idle_same_room_target_minutes REAL NOT NULL DEFAULT 10 CHECK (idle_same_room_target_minutes BETWEEN 1 AND 60),
    non_op_warn_minutes REAL NOT NULL DEFAULT 20 CHECK (non_op_warn_minutes BETWEEN 5 AND 120),
    non_op_bad_minutes REAL NOT NULL DEFAULT 30 CHECK (non_op_bad_minutes BETWEEN 5 AND 120),
    operating_days_per_year INTEGER NOT NULL DEFAULT 250 CHECK (operating_days_per_year BETWEEN 1 AND 365),
    financial_benchmark_case_count INTEGER NOT NULL DEFAULT 10 CHECK (financial_benchmark_case_count BETWEEN 5 AND 100),
    behind_schedule_grace_minutes INTEGER NOT NULL DEFAULT 15 CHECK (behind_schedule_grace_minutes BETWEEN 0 AND 60),
    min_case_threshold INTEGER NOT NULL DEFAULT 15 CHECK (min_case_threshold BETWEEN 1 AND 100),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX facility_analytics_settings_facility_id_key ON facility_analytics_settings (facility_id);

-- cost_categories [F, SD, upd]
CREATE TABLE cost_categories (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('debit', 'credit')),
    description TEXT,
    display_order INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX cost_categories_facility_id_name_key ON cost_categories (facility_id, name);

-- payers [F, SD]
CREATE TABLE payers (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    source_template_id TEXT REFERENCES payer_templates(id) ON DELETE SET NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX payers_facility_id_name_key ON payers (facility_id, name);
CREATE INDEX payers_source_template_id_idx ON payers (source_template_id);
CREATE INDEX payers_facility_id_is_active_idx ON payers (facility_id, is_active) WHERE deleted_at IS NULL;

-- procedure_cost_items [F, upd]
CREATE TABLE procedure_cost_items (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    procedure_type_id TEXT NOT NULL REFERENCES procedure_types(id) ON DELETE CASCADE,
    cost_category_id TEXT NOT NULL REFERENCES cost_categories(id) ON DELETE CASCADE,
    amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
    effective_from TEXT NOT NULL CHECK (date(effective_from, '+0 days') IS effective_from),
    effective_to TEXT CHECK (date(effective_to, '+0 days') IS effective_to),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (effective_to IS NULL OR effective_to >= effective_from)
) STRICT;
CREATE UNIQUE INDEX procedure_cost_items_procedure_type_id_cost_category_id_effective_from_key ON procedure_cost_items (procedure_type_id, cost_category_id, effective_from);
CREATE INDEX procedure_cost_items_facility_id_procedure_type_id_cost_category_id_effective_from_idx ON procedure_cost_items (facility_id, procedure_type_id, cost_category_id, effective_from);
CREATE INDEX procedure_cost_items_facility_id_procedure_type_id_cost_category_id_idx ON procedure_cost_items (facility_id, procedure_type_id, cost_category_id) WHERE effective_to IS NULL;
CREATE INDEX procedure_cost_items_cost_category_id_idx ON procedure_cost_items (cost_category_id);

-- surgeon_cost_items [F, upd]
CREATE TABLE surgeon_cost_items (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    procedure_type_id TEXT NOT NULL REFERENCES procedure_types(id) ON DELETE CASCADE,
    cost_category_id TEXT NOT NULL REFERENCES cost_categories(id) ON DELETE CASCADE,
    amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
    effective_from TEXT NOT NULL CHECK (date(effective_from, '+0 days') IS effective_from),
    effective_to TEXT CHECK (date(effective_to, '+0 days') IS effective_to),
    surgeon_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (effective_to IS NULL OR effective_to >= effective_from)
) STRICT;
CREATE UNIQUE INDEX surgeon_cost_items_surgeon_id_procedure_type_id_cost_category_id_effective_from_key ON surgeon_cost_items (surgeon_id, procedure_type_id, cost_category_id, effective_from);
CREATE INDEX surgeon_cost_items_facility_id_surgeon_id_procedure_type_id_cost_category_id_effective_from_idx ON surgeon_cost_items (facility_id, surgeon_id, procedure_type_id, cost_category_id, effective_from);
CREATE INDEX surgeon_cost_items_facility_id_surgeon_id_procedure_type_id_idx ON surgeon_cost_items (facility_id, surgeon_id, procedure_type_id) WHERE effective_to IS NULL;
CREATE INDEX surgeon_cost_items_procedure_type_id_idx ON surgeon_cost_items (procedure_type_id);
CREATE INDEX surgeon_cost_items_cost_category_id_idx ON surgeon_cost_items (cost_category_id);

-- procedure_reimbursements [F, upd]
CREATE TABLE procedure_reimbursements (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    procedure_type_id TEXT NOT NULL REFERENCES procedure_types(id) ON DELETE CASCADE,
    payer_id TEXT REFERENCES payers(id) ON DELETE CASCADE,
    reimbursement INTEGER NOT NULL DEFAULT 0 CHECK (reimbursement >= 0),
    effective_date TEXT NOT NULL CHECK (date(effective_date, '+0 days') IS effective_date),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX procedure_reimbursements_procedure_type_id_payer_id_effective_date_key ON procedure_reimbursements (procedure_type_id, COALESCE(payer_id, ''), effective_date);
CREATE INDEX procedure_reimbursements_facility_id_procedure_type_id_payer_id_effective_date_idx ON procedure_reimbursements (facility_id, procedure_type_id, payer_id, effective_date);
CREATE INDEX procedure_reimbursements_payer_id_idx ON procedure_reimbursements (payer_id);

-- financial_targets [F, upd]
CREATE TABLE financial_targets (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 2020 AND 2099),
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    profit_target INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX financial_targets_facility_id_year_month_key ON financial_targets (facility_id, year, month);

-- cases [F, upd]
CREATE TABLE cases (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    case_number TEXT NOT NULL,
    scheduled_date TEXT NOT NULL CHECK (date(scheduled_date, '+0 days') IS scheduled_date),
    start_time TEXT CHECK (time(start_time, '+0 seconds') IS start_time),
    status_id TEXT NOT NULL REFERENCES case_statuses(id),
    is_draft INTEGER NOT NULL DEFAULT 0 CHECK (is_draft IN (0, 1)),
    or_room_id TEXT REFERENCES or_rooms(id) ON DELETE SET NULL,
    procedure_type_id TEXT REFERENCES procedure_types(id) ON DELETE SET NULL,
    surgeon_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    payer_id TEXT REFERENCES payers(id) ON DELETE SET NULL,
    patient_id TEXT REFERENCES patients(id) ON DELETE SET NULL,
    milestone_template_id TEXT REFERENCES milestone_templates(id) ON DELETE SET NULL,
    operative_side TEXT CHECK (operative_side IN ('left', 'right', 'bilateral', 'n/a')),
    notes TEXT,
    call_time INTEGER,
    call_time_recorded_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    called_next_case_id TEXT REFERENCES cases(id) ON DELETE SET NULL,
    called_back_at INTEGER,
    called_back_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    surgeon_left_at INTEGER,
    rep_required_override INTEGER CHECK (rep_required_override IN (0, 1)),
    data_validated INTEGER NOT NULL DEFAULT 0 CHECK (data_validated IN (0, 1)),
    validated_at INTEGER,
    validated_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    is_excluded_from_metrics INTEGER NOT NULL DEFAULT 0 CHECK (is_excluded_from_metrics IN (0, 1)),
    cancelled_at INTEGER,
    cancelled_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    cancellation_reason_id TEXT REFERENCES cancellation_reasons(id),
    cancellation_notes TEXT,
    source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'epic', 'cerner')),
    external_case_id TEXT,
    external_system TEXT,
    import_source TEXT,
    primary_diagnosis_code TEXT,
    primary_diagnosis_desc TEXT,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (cancelled_at IS NULL OR cancellation_reason_id IS NOT NULL),
    CHECK (data_validated = 0 OR validated_at IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX cases_facility_id_case_number_key ON cases (facility_id, case_number);
CREATE INDEX cases_facility_id_scheduled_date_idx ON cases (facility_id, scheduled_date);
CREATE INDEX cases_facility_id_status_id_scheduled_date_idx ON cases (facility_id, status_id, scheduled_date);
CREATE INDEX cases_or_room_id_scheduled_date_idx ON cases (or_room_id, scheduled_date);
CREATE INDEX cases_surgeon_id_scheduled_date_idx ON cases (surgeon_id, scheduled_date) WHERE surgeon_id IS NOT NULL;
CREATE INDEX cases_scheduled_date_idx ON cases (scheduled_date);
CREATE INDEX cases_status_id_idx ON cases (status_id);
CREATE INDEX cases_procedure_type_id_idx ON cases (procedure_type_id);
CREATE INDEX cases_patient_id_idx ON cases (patient_id);
CREATE INDEX cases_payer_id_idx ON cases (payer_id);
CREATE INDEX cases_milestone_template_id_idx ON cases (milestone_template_id);
CREATE INDEX cases_cancellation_reason_id_idx ON cases (cancellation_reason_id);
CREATE INDEX cases_called_next_case_id_idx ON cases (called_next_case_id);
CREATE INDEX cases_data_validated_is_excluded_from_metrics_idx ON cases (data_validated, is_excluded_from_metrics);
CREATE INDEX cases_called_back_at_idx ON cases (called_back_at) WHERE called_back_at IS NOT NULL;
CREATE INDEX cases_source_idx ON cases (source) WHERE source <> 'manual';
CREATE INDEX cases_external_case_id_external_system_facility_id_idx ON cases (external_case_id, external_system, facility_id) WHERE external_case_id IS NOT NULL;

-- case_milestones [C, upd]
CREATE TABLE case_milestones (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    facility_milestone_id TEXT NOT NULL REFERENCES facility_milestones(id),
    recorded_at INTEGER,
    recorded_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'voice')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX case_milestones_case_id_facility_milestone_id_key ON case_milestones (case_id, facility_milestone_id);
CREATE INDEX case_milestones_facility_milestone_id_idx ON case_milestones (facility_milestone_id);
CREATE INDEX case_milestones_recorded_at_idx ON case_milestones (recorded_at);
CREATE INDEX case_milestones_source_idx ON case_milestones (source);

-- case_staff [C]
CREATE TABLE case_staff (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES user_roles(id),
    removed_at INTEGER,
    removed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX case_staff_case_id_user_id_key ON case_staff (case_id, user_id);
CREATE INDEX case_staff_user_id_idx ON case_staff (user_id);
CREATE INDEX case_staff_role_id_idx ON case_staff (role_id);

-- case_delays [C]
CREATE TABLE case_delays (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    delay_type_id TEXT NOT NULL REFERENCES delay_types(id),
    notes TEXT,
    duration_minutes INTEGER CHECK (duration_minutes >= 0),
    recorded_at INTEGER NOT NULL,
    recorded_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX case_delays_case_id_idx ON case_delays (case_id);
CREATE INDEX case_delays_delay_type_id_idx ON case_delays (delay_type_id);

-- case_flags [F]
CREATE TABLE case_flags (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    flag_type TEXT NOT NULL CHECK (flag_type IN ('threshold', 'delay')),
    flag_rule_id TEXT REFERENCES flag_rules(id) ON DELETE SET NULL,
    metric_value REAL,
    threshold_value REAL,
    comparison_scope TEXT,
    delay_type_id TEXT REFERENCES delay_types(id) ON DELETE SET NULL,
    case_delay_id TEXT REFERENCES case_delays(id) ON DELETE CASCADE,
    duration_minutes INTEGER CHECK (duration_minutes >= 0),
    facility_milestone_id TEXT REFERENCES facility_milestones(id) ON DELETE SET NULL,
    severity TEXT NOT NULL DEFAULT 'warning' CHECK (severity IN ('info', 'warning', 'critical')),
    note TEXT,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    CHECK (flag_type = 'threshold' OR flag_rule_id IS NULL),
    CHECK (flag_type = 'delay' OR (delay_type_id IS NULL AND case_delay_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX case_flags_case_id_flag_rule_id_key ON case_flags (case_id, flag_rule_id) WHERE flag_type = 'threshold' AND flag_rule_id IS NOT NULL;
CREATE UNIQUE INDEX case_flags_case_delay_id_key ON case_flags (case_delay_id) WHERE case_delay_id IS NOT NULL;
CREATE INDEX case_flags_case_id_idx ON case_flags (case_id);
CREATE INDEX case_flags_facility_id_severity_created_at_idx ON case_flags (facility_id, severity, created_at DESC);
CREATE INDEX case_flags_created_at_idx ON case_flags (created_at DESC);
CREATE INDEX case_flags_flag_rule_id_idx ON case_flags (flag_rule_id);
CREATE INDEX case_flags_delay_type_id_idx ON case_flags (delay_type_id);
CREATE INDEX case_flags_flag_type_idx ON case_flags (flag_type);
CREATE INDEX case_flags_facility_milestone_id_idx ON case_flags (facility_milestone_id) WHERE facility_milestone_id IS NOT NULL;

-- case_implant_companies [C]
CREATE TABLE case_implant_companies (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    implant_company_id TEXT NOT NULL REFERENCES implant_companies(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX case_implant_companies_case_id_implant_company_id_key ON case_implant_companies (case_id, implant_company_id);
CREATE INDEX case_implant_companies_implant_company_id_idx ON case_implant_companies (implant_company_id);

-- case_device_companies [C, upd]
CREATE TABLE case_device_companies (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    implant_company_id TEXT NOT NULL REFERENCES implant_companies(id),
    tray_status TEXT NOT NULL DEFAULT 'pending' CHECK (tray_status IN ('pending', 'consignment', 'loaners_confirmed', 'delivered')),
    loaner_tray_count INTEGER CHECK (loaner_tray_count >= 0),
    delivered_tray_count INTEGER CHECK (delivered_tray_count >= 0),
    confirmed_at INTEGER,
    confirmed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    delivered_at INTEGER,
    delivered_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    rep_notes TEXT CHECK (length(rep_notes) <= 2000),
    last_modified_platform TEXT NOT NULL DEFAULT 'web',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX case_device_companies_case_id_implant_company_id_key ON case_device_companies (case_id, implant_company_id);
CREATE INDEX case_device_companies_implant_company_id_idx ON case_device_companies (implant_company_id);
CREATE INDEX case_device_companies_tray_status_idx ON case_device_companies (tray_status);
-- partial twin of case_device_companies_tray_status_idx; name given by the spec (§3.8)
CREATE INDEX case_device_companies_tray_status_pending_idx ON case_device_companies (tray_status) WHERE tray_status = 'pending';

-- case_complexities [C]
CREATE TABLE case_complexities (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    complexity_id TEXT NOT NULL REFERENCES complexities(id) ON DELETE CASCADE,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX case_complexities_case_id_complexity_id_key ON case_complexities (case_id, complexity_id);
CREATE INDEX case_complexities_complexity_id_idx ON case_complexities (complexity_id);

-- patients [F, SD, upd]
CREATE TABLE patients (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    identifier TEXT,
    first_name TEXT,
    last_name TEXT,
    mrn TEXT,
    phone TEXT,
    email TEXT,
    emergency_contact_name TEXT,
    emergency_contact_phone TEXT,
    emergency_contact_relationship TEXT,
    notes TEXT,
    external_patient_id TEXT,
    date_of_birth TEXT CHECK (date(date_of_birth, '+0 days') IS date_of_birth),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    deleted_at INTEGER,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX patients_mrn_facility_id_idx ON patients (mrn, facility_id) WHERE mrn IS NOT NULL;
CREATE INDEX patients_external_patient_id_facility_id_idx ON patients (external_patient_id, facility_id) WHERE external_patient_id IS NOT NULL;
CREATE INDEX patients_facility_id_idx ON patients (facility_id);

-- patient_checkins [F, upd]
CREATE TABLE patient_checkins (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    patient_id TEXT REFERENCES patients(id) ON DELETE SET NULL,
    patient_status_id TEXT NOT NULL REFERENCES patient_statuses(id),
    status_updated_at INTEGER NOT NULL,
    status_updated_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    expected_arrival_time INTEGER,
    actual_arrival_time INTEGER,
    checked_in_at INTEGER,
    checked_in_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    checklist_responses TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(checklist_responses)),
    checklist_completed_at INTEGER,
    checklist_completed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    escort_name TEXT,
    escort_phone TEXT,
    escort_relationship TEXT,
    notes TEXT,
    escort_notified_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX patient_checkins_case_id_key ON patient_checkins (case_id);
CREATE INDEX patient_checkins_facility_id_expected_arrival_time_idx ON patient_checkins (facility_id, expected_arrival_time);
CREATE INDEX patient_checkins_patient_id_idx ON patient_checkins (patient_id);
CREATE INDEX patient_checkins_patient_status_id_idx ON patient_checkins (patient_status_id);

-- escort_status_links [F]
CREATE TABLE escort_status_links (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    checkin_id TEXT NOT NULL REFERENCES patient_checkins(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    revoked_at INTEGER,
    view_count INTEGER NOT NULL DEFAULT 0,
    last_viewed_at INTEGER,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX escort_status_links_token_hash_key ON escort_status_links (token_hash);
CREATE INDEX escort_status_links_checkin_id_idx ON escort_status_links (checkin_id);
CREATE INDEX escort_status_links_facility_id_idx ON escort_status_links (facility_id);

-- case_completion_stats [F, L, upd]
CREATE TABLE case_completion_stats (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    case_number TEXT NOT NULL,
    surgeon_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    procedure_type_id TEXT REFERENCES procedure_types(id) ON DELETE SET NULL,
    payer_id TEXT REFERENCES payers(id) ON DELETE SET NULL,
    or_room_id TEXT REFERENCES or_rooms(id) ON DELETE SET NULL,
    case_date TEXT NOT NULL CHECK (date(case_date, '+0 days') IS case_date),
    scheduled_start_time TEXT CHECK (time(scheduled_start_time, '+0 seconds') IS scheduled_start_time),
    actual_start_time TEXT CHECK (time(actual_start_time, '+0 seconds') IS actual_start_time),
    total_duration_minutes INTEGER,
    surgical_duration_minutes INTEGER,
    anesthesia_duration_minutes REAL,
    call_to_patient_in_minutes REAL,
    schedule_variance_minutes REAL,
    room_turnover_minutes REAL,
    surgical_turnover_minutes REAL,
    is_first_case_of_day_room INTEGER NOT NULL DEFAULT 0 CHECK (is_first_case_of_day_room IN (0, 1)),
    is_first_case_of_day_surgeon INTEGER NOT NULL DEFAULT 0 CHECK (is_first_case_of_day_surgeon IN (0, 1)),
    surgeon_room_count INTEGER,
    surgeon_case_sequence INTEGER,
    room_case_sequence INTEGER,
    reimbursement INTEGER NOT NULL DEFAULT 0,
    total_debits INTEGER NOT NULL DEFAULT 0,
    total_credits INTEGER NOT NULL DEFAULT 0,
    net_cost INTEGER NOT NULL DEFAULT 0,
    or_time_cost INTEGER NOT NULL DEFAULT 0,
    profit INTEGER NOT NULL DEFAULT 0,
    soft_goods_cost INTEGER NOT NULL DEFAULT 0,
    hard_goods_cost INTEGER NOT NULL DEFAULT 0,
    or_cost INTEGER NOT NULL DEFAULT 0,
    or_hourly_rate INTEGER,
    cost_source TEXT CHECK (cost_source IN ('surgeon_override', 'procedure_default')),
    data_validated INTEGER NOT NULL DEFAULT 1 CHECK (data_validated IN (0, 1)),
    is_excluded INTEGER NOT NULL DEFAULT 0 CHECK (is_excluded IN (0, 1)),
    excluded_at INTEGER,
    excluded_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    exclusion_reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX case_completion_stats_case_id_key ON case_completion_stats (case_id);
CREATE INDEX case_completion_stats_facility_id_case_date_idx ON case_completion_stats (facility_id, case_date) WHERE is_excluded = 0;
CREATE INDEX case_completion_stats_case_date_idx ON case_completion_stats (case_date);
CREATE INDEX case_completion_stats_facility_id_procedure_type_id_idx ON case_completion_stats (facility_id, procedure_type_id);
CREATE INDEX case_completion_stats_facility_id_surgeon_id_procedure_type_id_idx ON case_completion_stats (facility_id, surgeon_id, procedure_type_id);
CREATE INDEX case_completion_stats_surgeon_id_idx ON case_completion_stats (surgeon_id) WHERE surgeon_id IS NOT NULL;
CREATE INDEX case_completion_stats_or_room_id_idx ON case_completion_stats (or_room_id);
CREATE INDEX case_completion_stats_payer_id_idx ON case_completion_stats (payer_id);
CREATE INDEX case_completion_stats_procedure_type_id_idx ON case_completion_stats (procedure_type_id);

-- case_milestone_stats [F, L]
CREATE TABLE case_milestone_stats (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    surgeon_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    procedure_type_id TEXT REFERENCES procedure_types(id) ON DELETE SET NULL,
    milestone_type_id TEXT NOT NULL REFERENCES milestone_types(id) ON DELETE CASCADE,
    case_date TEXT NOT NULL CHECK (date(case_date, '+0 days') IS case_date),
    minutes_from_start REAL NOT NULL,
    recorded_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX case_milestone_stats_case_id_milestone_type_id_key ON case_milestone_stats (case_id, milestone_type_id);
CREATE INDEX case_milestone_stats_facility_id_procedure_type_id_milestone_type_id_idx ON case_milestone_stats (facility_id, procedure_type_id, milestone_type_id);
CREATE INDEX case_milestone_stats_surgeon_id_procedure_type_id_milestone_type_id_idx ON case_milestone_stats (surgeon_id, procedure_type_id, milestone_type_id);
CREATE INDEX case_milestone_stats_procedure_type_id_idx ON case_milestone_stats (procedure_type_id);
CREATE INDEX case_milestone_stats_milestone_type_id_idx ON case_milestone_stats (milestone_type_id);

-- metric_issues [F, L]
CREATE TABLE metric_issues (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    issue_type_id TEXT NOT NULL REFERENCES issue_types(id),
    facility_milestone_id TEXT REFERENCES facility_milestones(id) ON DELETE SET NULL,
    milestone_id TEXT REFERENCES case_milestones(id) ON DELETE SET NULL,
    detected_value REAL,
    expected_min REAL,
    expected_max REAL,
    details TEXT CHECK (details IS NULL OR json_valid(details)),
    resolution_type_id TEXT REFERENCES resolution_types(id),
    resolved_at INTEGER,
    resolved_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    resolution_notes TEXT,
    detected_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX metric_issues_case_id_facility_milestone_id_issue_type_id_key ON metric_issues (case_id, COALESCE(facility_milestone_id, ''), issue_type_id);
CREATE INDEX metric_issues_facility_id_resolved_at_idx ON metric_issues (facility_id, resolved_at) WHERE resolved_at IS NULL;
CREATE INDEX metric_issues_expires_at_idx ON metric_issues (expires_at) WHERE resolved_at IS NULL;
CREATE INDEX metric_issues_issue_type_id_idx ON metric_issues (issue_type_id);
CREATE INDEX metric_issues_milestone_id_idx ON metric_issues (milestone_id);
CREATE INDEX metric_issues_resolution_type_id_idx ON metric_issues (resolution_type_id);
-- FK index (§1.4.4): the only facility_id-led index above is partial on resolved_at IS NULL, which does not count
CREATE INDEX metric_issues_facility_id_idx ON metric_issues (facility_id);
CREATE INDEX metric_issues_facility_milestone_id_idx ON metric_issues (facility_milestone_id);

-- surgeon_scorecards [F, L, upd]
CREATE TABLE surgeon_scorecards (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    surgeon_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    period_start TEXT NOT NULL CHECK (date(period_start, '+0 days') IS period_start),
    period_end TEXT NOT NULL CHECK (date(period_end, '+0 days') IS period_end),
    composite_score INTEGER NOT NULL,
    profitability_score INTEGER,
    consistency_score INTEGER,
    sched_adherence_score INTEGER,
    availability_score INTEGER,
    case_count INTEGER NOT NULL DEFAULT 0,
    trend TEXT CHECK (trend IN ('up', 'down', 'stable', 'new')),
    previous_composite INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (period_end >= period_start)
) STRICT;
CREATE UNIQUE INDEX surgeon_scorecards_facility_id_surgeon_id_period_start_period_end_key ON surgeon_scorecards (facility_id, surgeon_id, period_start, period_end);
CREATE INDEX surgeon_scorecards_facility_id_surgeon_id_updated_at_idx ON surgeon_scorecards (facility_id, surgeon_id, updated_at DESC);
CREATE INDEX surgeon_scorecards_surgeon_id_idx ON surgeon_scorecards (surgeon_id);

-- surgeon_procedure_averages [L, upd]
CREATE TABLE surgeon_procedure_averages (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    surgeon_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    procedure_type_id TEXT NOT NULL REFERENCES procedure_types(id) ON DELETE CASCADE,
    avg_total_minutes REAL NOT NULL,
    sample_size INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX surgeon_procedure_averages_surgeon_id_procedure_type_id_key ON surgeon_procedure_averages (surgeon_id, procedure_type_id);
CREATE INDEX surgeon_procedure_averages_procedure_type_id_idx ON surgeon_procedure_averages (procedure_type_id);

-- surgeon_milestone_averages [L, upd]
CREATE TABLE surgeon_milestone_averages (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    surgeon_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    procedure_type_id TEXT NOT NULL REFERENCES procedure_types(id) ON DELETE CASCADE,
    milestone_type_id TEXT NOT NULL REFERENCES milestone_types(id) ON DELETE CASCADE,
    avg_minutes_from_start REAL NOT NULL,
    sample_size INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX surgeon_milestone_averages_surgeon_id_procedure_type_id_milestone_type_id_key ON surgeon_milestone_averages (surgeon_id, procedure_type_id, milestone_type_id);
CREATE INDEX surgeon_milestone_averages_procedure_type_id_idx ON surgeon_milestone_averages (procedure_type_id);
CREATE INDEX surgeon_milestone_averages_milestone_type_id_idx ON surgeon_milestone_averages (milestone_type_id);

-- permission_templates [G, upd]
CREATE TABLE permission_templates (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    access_level TEXT NOT NULL CHECK (access_level IN ('coordinator', 'user')),
    permission_key TEXT NOT NULL,
    granted INTEGER NOT NULL DEFAULT 0 CHECK (granted IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX permission_templates_access_level_permission_key_key ON permission_templates (access_level, permission_key);

-- facility_permissions [F, upd]
CREATE TABLE facility_permissions (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    access_level TEXT NOT NULL CHECK (access_level IN ('coordinator', 'user')),
    permission_key TEXT NOT NULL,
    granted INTEGER NOT NULL DEFAULT 0 CHECK (granted IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX facility_permissions_facility_id_access_level_permission_key_key ON facility_permissions (facility_id, access_level, permission_key);

-- audit_log [F?, L]
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT REFERENCES facilities(id) ON DELETE SET NULL,
    user_id TEXT,
    user_email TEXT,
    impersonating_user_id TEXT,
    impersonating_user_email TEXT,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    target_label TEXT,
    old_values TEXT CHECK (old_values IS NULL OR json_valid(old_values)),
    new_values TEXT CHECK (new_values IS NULL OR json_valid(new_values)),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    success INTEGER NOT NULL DEFAULT 1 CHECK (success IN (0, 1)),
    error_message TEXT,
    ip_address TEXT,
    user_agent TEXT,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_log_created_at_idx ON audit_log (created_at DESC);
CREATE INDEX audit_log_facility_id_created_at_idx ON audit_log (facility_id, created_at DESC);
CREATE INDEX audit_log_facility_id_action_created_at_idx ON audit_log (facility_id, action, created_at DESC);
CREATE INDEX audit_log_target_type_target_id_idx ON audit_log (target_type, target_id);
CREATE INDEX audit_log_user_id_created_at_idx ON audit_log (user_id, created_at DESC);

-- case_history [F, L]
CREATE TABLE case_history (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    change_type TEXT NOT NULL CHECK (change_type IN ('created', 'updated', 'cancelled', 'status_change')),
    changed_fields TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(changed_fields)),
    change_source TEXT NOT NULL DEFAULT 'manual' CHECK (change_source IN ('manual', 'epic_hl7v2', 'cerner_hl7v2', 'meditech_hl7v2', 'system')),
    changed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    ehr_integration_log_id TEXT,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX case_history_case_id_created_at_idx ON case_history (case_id, created_at DESC);
CREATE INDEX case_history_facility_id_idx ON case_history (facility_id);

-- Soft-delete sync triggers (data-model.md §4.2), one per table of the soft-delete family (§4.1).
-- a1 = the is_active after rules 1-2; d1 = the deleted_at after rules 3-4. recursive_triggers is OFF,
-- so the trigger's own UPDATE does not fire it again.

CREATE TRIGGER body_regions_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON body_regions
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE body_regions
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER cancellation_reason_templates_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON cancellation_reason_templates
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE cancellation_reason_templates
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER cancellation_reasons_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON cancellation_reasons
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE cancellation_reasons
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER complexities_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON complexities
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE complexities
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER complexity_templates_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON complexity_templates
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE complexity_templates
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER cost_categories_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON cost_categories
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE cost_categories
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER cost_category_templates_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON cost_category_templates
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE cost_category_templates
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER delay_types_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON delay_types
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE delay_types
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER facility_milestones_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON facility_milestones
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE facility_milestones
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER facility_phases_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON facility_phases
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE facility_phases
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER flag_rules_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON flag_rules
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE flag_rules
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER implant_companies_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON implant_companies
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE implant_companies
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER milestone_templates_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON milestone_templates
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE milestone_templates
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER milestone_types_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON milestone_types
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE milestone_types
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER or_rooms_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON or_rooms
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE or_rooms
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER patients_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON patients
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE patients
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER payer_templates_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON payer_templates
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE payer_templates
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER payers_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON payers
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE payers
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER preop_checklist_field_templates_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON preop_checklist_field_templates
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE preop_checklist_field_templates
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER preop_checklist_fields_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON preop_checklist_fields
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE preop_checklist_fields
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER procedure_categories_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON procedure_categories
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE procedure_categories
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER procedure_type_templates_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON procedure_type_templates
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE procedure_type_templates
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER procedure_types_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON procedure_types
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE procedure_types
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER surgeon_procedure_duration_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON surgeon_procedure_duration
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE surgeon_procedure_duration
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;

CREATE TRIGGER users_soft_delete_sync_trigger
AFTER UPDATE OF is_active, deleted_at ON users
WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) IS NOT NEW.is_active
  OR (CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END) IS NOT NEW.deleted_at
BEGIN
    UPDATE users
    SET is_active = CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END,
        deleted_at = CASE WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 0 AND OLD.is_active = 1 AND NEW.deleted_at IS NULL THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHEN (CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 0 WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 1 ELSE NEW.is_active END) = 1 AND OLD.is_active = 0 AND NEW.deleted_at IS NOT NULL THEN NULL ELSE NEW.deleted_at END
    WHERE id = NEW.id;
END;
