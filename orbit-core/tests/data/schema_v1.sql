-- Frozen orbit database at the first schema (migrations V1 + V2), with representative rows written
-- through the public API. Loaded by orbit-core/tests/migration_data.rs. Do not edit by hand; see that
-- file's docs before regenerating (the point of this file is that it does not change).
-- escort_token: oYR8vRbt0u8EwbXTPZn9dz6ayHW17ZH8
PRAGMA application_id = 1330790996;
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE refinery_schema_history(
             version int4 PRIMARY KEY,
             name VARCHAR(255),
             applied_on VARCHAR(255),
             checksum VARCHAR(255));
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
CREATE TABLE user_roles (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
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
CREATE TABLE device_rep_facility_access (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE case_statuses (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
) STRICT;
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
CREATE TABLE issue_types (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    description TEXT,
    severity TEXT NOT NULL DEFAULT 'warning' CHECK (severity IN ('info', 'warning', 'error')),
    created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE resolution_types (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    description TEXT,
    created_at INTEGER NOT NULL
) STRICT;
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
CREATE TABLE procedure_techniques (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    name TEXT NOT NULL CHECK (length(name) <= 50),
    display_name TEXT NOT NULL CHECK (length(display_name) <= 100),
    display_order INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
) STRICT;
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
CREATE TABLE milestone_template_type_items (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    template_type_id TEXT NOT NULL REFERENCES milestone_template_types(id) ON DELETE CASCADE,
    milestone_type_id TEXT NOT NULL REFERENCES milestone_types(id) ON DELETE CASCADE,
    phase_template_id TEXT REFERENCES phase_templates(id) ON DELETE SET NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
) STRICT;
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
CREATE TABLE milestone_template_items (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    template_id TEXT NOT NULL REFERENCES milestone_templates(id) ON DELETE CASCADE,
    facility_milestone_id TEXT NOT NULL REFERENCES facility_milestones(id) ON DELETE CASCADE,
    facility_phase_id TEXT REFERENCES facility_phases(id) ON DELETE SET NULL,
    display_order INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE surgeon_template_overrides (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    surgeon_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    procedure_type_id TEXT NOT NULL REFERENCES procedure_types(id) ON DELETE CASCADE,
    milestone_template_id TEXT NOT NULL REFERENCES milestone_templates(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
) STRICT;
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
CREATE TABLE facility_closures (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    closure_date TEXT NOT NULL CHECK (date(closure_date, '+0 days') IS closure_date),
    reason TEXT CHECK (length(reason) <= 200),
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
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
CREATE TABLE financial_targets (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 2020 AND 2099),
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    profit_target INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
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
CREATE TABLE case_staff (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES user_roles(id),
    removed_at INTEGER,
    removed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
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
CREATE TABLE case_implant_companies (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    implant_company_id TEXT NOT NULL REFERENCES implant_companies(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
) STRICT;
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
CREATE TABLE case_complexities (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    complexity_id TEXT NOT NULL REFERENCES complexities(id) ON DELETE CASCADE,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
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
CREATE TABLE surgeon_procedure_averages (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    surgeon_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    procedure_type_id TEXT NOT NULL REFERENCES procedure_types(id) ON DELETE CASCADE,
    avg_total_minutes REAL NOT NULL,
    sample_size INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
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
CREATE TABLE permission_templates (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    access_level TEXT NOT NULL CHECK (access_level IN ('coordinator', 'user')),
    permission_key TEXT NOT NULL,
    granted INTEGER NOT NULL DEFAULT 0 CHECK (granted IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE TABLE facility_permissions (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36 AND id = lower(id)),
    facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
    access_level TEXT NOT NULL CHECK (access_level IN ('coordinator', 'user')),
    permission_key TEXT NOT NULL,
    granted INTEGER NOT NULL DEFAULT 0 CHECK (granted IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
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
INSERT INTO "refinery_schema_history" ("version", "name", "applied_on", "checksum") VALUES (1, 'base_schema', '2026-11-26T07:45:27.296990804Z', '5656538270863974291');
INSERT INTO "refinery_schema_history" ("version", "name", "applied_on", "checksum") VALUES (2, 'seeds', '2026-11-26T07:45:27.297126437Z', '14445133183973026288');
INSERT INTO "facilities" ("id", "name", "address", "street_address", "street_address_2", "city", "state", "zip_code", "phone", "facility_type", "logo_url", "case_number_prefix", "country", "timezone", "or_hourly_rate", "default_arrival_lead_time_minutes", "rep_reminder_hours_before_case", "rep_delivery_reminder_hours_before_case", "is_demo", "subscription_status", "trial_ends_at", "subscription_started_at", "subscription_ends_at", "stripe_customer_id", "created_at") VALUES ('01a216d1-0608-753a-9b18-a4aba38094c2', 'F', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'US', 'America/New_York', NULL, 90, 24, 4, 0, 'trial', NULL, NULL, NULL, NULL, 1770649200000);
INSERT INTO "facilities" ("id", "name", "address", "street_address", "street_address_2", "city", "state", "zip_code", "phone", "facility_type", "logo_url", "case_number_prefix", "country", "timezone", "or_hourly_rate", "default_arrival_lead_time_minutes", "rep_reminder_hours_before_case", "rep_delivery_reminder_hours_before_case", "is_demo", "subscription_status", "trial_ends_at", "subscription_started_at", "subscription_ends_at", "stripe_customer_id", "created_at") VALUES ('01a216d1-06d3-72d3-9d19-73fb66a49568', 'G', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'US', 'America/New_York', NULL, 90, 24, 4, 0, 'trial', NULL, NULL, NULL, NULL, 1770822000000);
INSERT INTO "users" ("id", "facility_id", "role_id", "access_level", "first_name", "last_name", "email", "phone", "profile_image_url", "implant_company_id", "closing_workflow", "closing_handoff_minutes", "invited_by", "invited_at", "last_login_at", "last_active_at", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0605-7613-8087-24dbce1c2577', NULL, '5eed0003-0000-8000-8000-000000000008', 'global_admin', 'Grace', 'Admin', 'grace@orbit.test', NULL, NULL, NULL, 'surgeon_closes', 0, NULL, NULL, NULL, NULL, 1, NULL, NULL, 1770649200000);
INSERT INTO "users" ("id", "facility_id", "role_id", "access_level", "first_name", "last_name", "email", "phone", "profile_image_url", "implant_company_id", "closing_workflow", "closing_handoff_minutes", "invited_by", "invited_at", "last_login_at", "last_active_at", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-061d-7158-accd-8f218361dbb6', '01a216d1-0608-753a-9b18-a4aba38094c2', '5eed0003-0000-8000-8000-000000000004', 'facility_admin', 'Ada', 'Tester', NULL, NULL, NULL, NULL, 'surgeon_closes', 0, NULL, NULL, NULL, NULL, 1, NULL, NULL, 1770649200000);
INSERT INTO "users" ("id", "facility_id", "role_id", "access_level", "first_name", "last_name", "email", "phone", "profile_image_url", "implant_company_id", "closing_workflow", "closing_handoff_minutes", "invited_by", "invited_at", "last_login_at", "last_active_at", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-061e-72b7-b258-a6a690b553b9', '01a216d1-0608-753a-9b18-a4aba38094c2', '5eed0003-0000-8000-8000-000000000004', 'user', 'Uma', 'Tester', NULL, NULL, NULL, NULL, 'surgeon_closes', 0, NULL, NULL, NULL, NULL, 1, NULL, NULL, 1770649200000);
INSERT INTO "users" ("id", "facility_id", "role_id", "access_level", "first_name", "last_name", "email", "phone", "profile_image_url", "implant_company_id", "closing_workflow", "closing_handoff_minutes", "invited_by", "invited_at", "last_login_at", "last_active_at", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0608-753a-9b18-a4aba38094c2', '5eed0003-0000-8000-8000-000000000001', 'user', 'Sam', 'Surgeon', NULL, NULL, NULL, NULL, 'surgeon_closes', 0, NULL, NULL, NULL, NULL, 1, NULL, NULL, 1770649200000);
INSERT INTO "users" ("id", "facility_id", "role_id", "access_level", "first_name", "last_name", "email", "phone", "profile_image_url", "implant_company_id", "closing_workflow", "closing_handoff_minutes", "invited_by", "invited_at", "last_login_at", "last_active_at", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-062b-75d0-9bd9-6b2c72aac87d', '01a216d1-0608-753a-9b18-a4aba38094c2', '5eed0003-0000-8000-8000-000000000004', 'coordinator', 'Cora', 'Tester', NULL, NULL, NULL, NULL, 'surgeon_closes', 0, NULL, NULL, NULL, NULL, 1, NULL, NULL, 1770649200000);
INSERT INTO "users" ("id", "facility_id", "role_id", "access_level", "first_name", "last_name", "email", "phone", "profile_image_url", "implant_company_id", "closing_workflow", "closing_handoff_minutes", "invited_by", "invited_at", "last_login_at", "last_active_at", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0632-7428-8160-83e3fa67a966', NULL, '5eed0003-0000-8000-8000-000000000009', 'device_rep', 'Rey', 'Rep', NULL, NULL, NULL, '01a216d1-0630-7705-9a11-17d6e7cc0fd0', 'surgeon_closes', 0, '01a216d1-061d-7158-accd-8f218361dbb6', 1770649200000, NULL, NULL, 1, NULL, NULL, 1770649200000);
INSERT INTO "users" ("id", "facility_id", "role_id", "access_level", "first_name", "last_name", "email", "phone", "profile_image_url", "implant_company_id", "closing_workflow", "closing_handoff_minutes", "invited_by", "invited_at", "last_login_at", "last_active_at", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0639-7273-a09d-d14ac42c8e1a', '01a216d1-0608-753a-9b18-a4aba38094c2', '5eed0003-0000-8000-8000-000000000004', 'user', 'Nia', 'Tester', NULL, NULL, NULL, NULL, 'surgeon_closes', 0, NULL, NULL, NULL, NULL, 1, NULL, NULL, 1770649200000);
INSERT INTO "users" ("id", "facility_id", "role_id", "access_level", "first_name", "last_name", "email", "phone", "profile_image_url", "implant_company_id", "closing_workflow", "closing_handoff_minutes", "invited_by", "invited_at", "last_login_at", "last_active_at", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06e0-75ea-b81e-22ca3ccc298e', '01a216d1-06d3-72d3-9d19-73fb66a49568', '5eed0003-0000-8000-8000-000000000004', 'facility_admin', 'Gil', 'Tester', NULL, NULL, NULL, NULL, 'surgeon_closes', 0, NULL, NULL, NULL, NULL, 1, NULL, NULL, 1770822000000);
INSERT INTO "users" ("id", "facility_id", "role_id", "access_level", "first_name", "last_name", "email", "phone", "profile_image_url", "implant_company_id", "closing_workflow", "closing_handoff_minutes", "invited_by", "invited_at", "last_login_at", "last_active_at", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06e1-7523-8cc5-cad77163f16a', '01a216d1-06d3-72d3-9d19-73fb66a49568', '5eed0003-0000-8000-8000-000000000004', 'user', 'Gus', 'Tester', NULL, NULL, NULL, NULL, 'surgeon_closes', 0, NULL, NULL, NULL, NULL, 1, NULL, NULL, 1770822000000);
INSERT INTO "user_roles" ("id", "name", "created_at") VALUES ('5eed0003-0000-8000-8000-000000000001', 'surgeon', 1767225600000);
INSERT INTO "user_roles" ("id", "name", "created_at") VALUES ('5eed0003-0000-8000-8000-000000000002', 'anesthesiologist', 1767225600000);
INSERT INTO "user_roles" ("id", "name", "created_at") VALUES ('5eed0003-0000-8000-8000-000000000003', 'crna', 1767225600000);
INSERT INTO "user_roles" ("id", "name", "created_at") VALUES ('5eed0003-0000-8000-8000-000000000004', 'nurse', 1767225600000);
INSERT INTO "user_roles" ("id", "name", "created_at") VALUES ('5eed0003-0000-8000-8000-000000000005', 'tech', 1767225600000);
INSERT INTO "user_roles" ("id", "name", "created_at") VALUES ('5eed0003-0000-8000-8000-000000000006', 'pa', 1767225600000);
INSERT INTO "user_roles" ("id", "name", "created_at") VALUES ('5eed0003-0000-8000-8000-000000000007', 'first_assist', 1767225600000);
INSERT INTO "user_roles" ("id", "name", "created_at") VALUES ('5eed0003-0000-8000-8000-000000000008', 'admin', 1767225600000);
INSERT INTO "user_roles" ("id", "name", "created_at") VALUES ('5eed0003-0000-8000-8000-000000000009', 'device_rep', 1767225600000);
INSERT INTO "facility_device_reps" ("id", "facility_id", "user_id", "status", "invited_by", "invited_at", "accepted_at", "created_at") VALUES ('01a216d1-0633-7676-93a6-30c34f4c9f63', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0632-7428-8160-83e3fa67a966', 'accepted', '01a216d1-061d-7158-accd-8f218361dbb6', 1770649200000, 1770649200000, 1770649200000);
INSERT INTO "device_rep_facility_access" ("id", "facility_id", "user_id", "created_at") VALUES ('01a216d1-0638-72c1-898e-2cf726acef02', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0632-7428-8160-83e3fa67a966', 1770649200000);
INSERT INTO "case_statuses" ("id", "name", "display_order", "created_at") VALUES ('5eed0001-0000-8000-8000-000000000001', 'scheduled', 1, 1767225600000);
INSERT INTO "case_statuses" ("id", "name", "display_order", "created_at") VALUES ('5eed0001-0000-8000-8000-000000000002', 'in_progress', 2, 1767225600000);
INSERT INTO "case_statuses" ("id", "name", "display_order", "created_at") VALUES ('5eed0001-0000-8000-8000-000000000003', 'completed', 3, 1767225600000);
INSERT INTO "case_statuses" ("id", "name", "display_order", "created_at") VALUES ('5eed0001-0000-8000-8000-000000000004', 'delayed', 4, 1767225600000);
INSERT INTO "case_statuses" ("id", "name", "display_order", "created_at") VALUES ('5eed0001-0000-8000-8000-000000000005', 'on_hold', 5, 1767225600000);
INSERT INTO "case_statuses" ("id", "name", "display_order", "created_at") VALUES ('5eed0001-0000-8000-8000-000000000006', 'cancelled', 6, 1767225600000);
INSERT INTO "patient_statuses" ("id", "name", "display_name", "description", "color", "icon", "show_on_escort_page", "display_order", "is_active", "created_at") VALUES ('5eed0002-0000-8000-8000-000000000001', 'expected', 'Expected', 'Patient is expected to arrive', 'slate', 'clock', 1, 1, 1, 1767225600000);
INSERT INTO "patient_statuses" ("id", "name", "display_name", "description", "color", "icon", "show_on_escort_page", "display_order", "is_active", "created_at") VALUES ('5eed0002-0000-8000-8000-000000000002', 'checked_in', 'Checked In', 'Patient has arrived and checked in', 'blue', 'check-circle', 1, 2, 1, 1767225600000);
INSERT INTO "patient_statuses" ("id", "name", "display_name", "description", "color", "icon", "show_on_escort_page", "display_order", "is_active", "created_at") VALUES ('5eed0002-0000-8000-8000-000000000003', 'in_pre_op', 'In Pre-Op', 'Patient is being prepared for surgery', 'amber', 'clipboard-list', 1, 3, 1, 1767225600000);
INSERT INTO "patient_statuses" ("id", "name", "display_name", "description", "color", "icon", "show_on_escort_page", "display_order", "is_active", "created_at") VALUES ('5eed0002-0000-8000-8000-000000000004', 'ready_for_or', 'Ready for OR', 'Patient is ready for the operating room', 'green', 'check-badge', 1, 4, 1, 1767225600000);
INSERT INTO "patient_statuses" ("id", "name", "display_name", "description", "color", "icon", "show_on_escort_page", "display_order", "is_active", "created_at") VALUES ('5eed0002-0000-8000-8000-000000000005', 'in_surgery', 'In Surgery', 'Surgery is in progress', 'purple', 'activity', 1, 5, 1, 1767225600000);
INSERT INTO "patient_statuses" ("id", "name", "display_name", "description", "color", "icon", "show_on_escort_page", "display_order", "is_active", "created_at") VALUES ('5eed0002-0000-8000-8000-000000000006', 'in_recovery', 'In Recovery', 'Surgery is complete; patient is in recovery', 'cyan', 'heart-pulse', 1, 6, 1, 1767225600000);
INSERT INTO "patient_statuses" ("id", "name", "display_name", "description", "color", "icon", "show_on_escort_page", "display_order", "is_active", "created_at") VALUES ('5eed0002-0000-8000-8000-000000000007', 'ready_for_discharge', 'Ready for Discharge', 'Patient is ready to go home', 'green', 'home', 1, 7, 1, 1767225600000);
INSERT INTO "patient_statuses" ("id", "name", "display_name", "description", "color", "icon", "show_on_escort_page", "display_order", "is_active", "created_at") VALUES ('5eed0002-0000-8000-8000-000000000008', 'discharged', 'Discharged', 'Patient has been discharged', 'gray', 'log-out', 1, 8, 1, 1767225600000);
INSERT INTO "patient_statuses" ("id", "name", "display_name", "description", "color", "icon", "show_on_escort_page", "display_order", "is_active", "created_at") VALUES ('5eed0002-0000-8000-8000-000000000009', 'no_show', 'No Show', 'Patient did not arrive', 'red', 'x-circle', 0, 0, 1, 1767225600000);
INSERT INTO "issue_types" ("id", "name", "display_name", "description", "severity", "created_at") VALUES ('5eed0004-0000-8000-8000-000000000001', 'missing', 'Missing Milestone', 'A required milestone was not recorded', 'error', 1767225600000);
INSERT INTO "issue_types" ("id", "name", "display_name", "description", "severity", "created_at") VALUES ('5eed0004-0000-8000-8000-000000000002', 'timeout', 'Timeout', 'Interval longer than the milestone''s maximum', 'warning', 1767225600000);
INSERT INTO "issue_types" ("id", "name", "display_name", "description", "severity", "created_at") VALUES ('5eed0004-0000-8000-8000-000000000003', 'too_fast', 'Too Fast', 'Interval shorter than the milestone''s minimum', 'warning', 1767225600000);
INSERT INTO "issue_types" ("id", "name", "display_name", "description", "severity", "created_at") VALUES ('5eed0004-0000-8000-8000-000000000004', 'impossible', 'Impossible Sequence', 'Recorded before the previous milestone', 'error', 1767225600000);
INSERT INTO "issue_types" ("id", "name", "display_name", "description", "severity", "created_at") VALUES ('5eed0004-0000-8000-8000-000000000005', 'stale', 'Stale Case', 'Scheduled case past its date with nothing recorded', 'warning', 1767225600000);
INSERT INTO "issue_types" ("id", "name", "display_name", "description", "severity", "created_at") VALUES ('5eed0004-0000-8000-8000-000000000006', 'incomplete', 'Incomplete Case', 'Case in progress with no milestone for 24 hours', 'warning', 1767225600000);
INSERT INTO "resolution_types" ("id", "name", "display_name", "description", "created_at") VALUES ('5eed0005-0000-8000-8000-000000000001', 'approved', 'Approved', NULL, 1767225600000);
INSERT INTO "resolution_types" ("id", "name", "display_name", "description", "created_at") VALUES ('5eed0005-0000-8000-8000-000000000002', 'excluded', 'Excluded', NULL, 1767225600000);
INSERT INTO "resolution_types" ("id", "name", "display_name", "description", "created_at") VALUES ('5eed0005-0000-8000-8000-000000000003', 'corrected', 'Corrected', NULL, 1767225600000);
INSERT INTO "resolution_types" ("id", "name", "display_name", "description", "created_at") VALUES ('5eed0005-0000-8000-8000-000000000004', 'expired', 'Expired', NULL, 1767225600000);
INSERT INTO "milestone_types" ("id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('10ea55e5-5efa-4b78-bb8f-6872f1cfcec7', 'patient_in', 'Patient In Room', 1, NULL, NULL, 1, NULL, NULL, 1767225600000);
INSERT INTO "milestone_types" ("id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('3d4a1d36-c3cb-45d6-bc89-fbe220025ae5', 'anes_start', 'Anesthesia Start', 2, '12cd072b-4267-4245-9dde-8d4938d20adc', 'start', 1, NULL, NULL, 1767225600000);
INSERT INTO "milestone_types" ("id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('12cd072b-4267-4245-9dde-8d4938d20adc', 'anes_end', 'Anesthesia End', 3, '3d4a1d36-c3cb-45d6-bc89-fbe220025ae5', 'end', 1, NULL, NULL, 1767225600000);
INSERT INTO "milestone_types" ("id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('b1f8e842-4220-419c-958f-5c1fbe9e8121', 'prep_drape_start', 'Prep/Drape Start', 4, '96b1a5df-6290-4e07-a78b-74287f7e39cc', 'start', 1, NULL, NULL, 1767225600000);
INSERT INTO "milestone_types" ("id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('96b1a5df-6290-4e07-a78b-74287f7e39cc', 'prep_drape_complete', 'Prep/Drape Complete', 5, 'b1f8e842-4220-419c-958f-5c1fbe9e8121', 'end', 1, NULL, NULL, 1767225600000);
INSERT INTO "milestone_types" ("id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('3a2cf767-9097-4c2c-b8ff-199bac76aeca', 'incision', 'Incision', 6, NULL, NULL, 1, NULL, NULL, 1767225600000);
INSERT INTO "milestone_types" ("id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('9eeb46c2-8eca-4d1d-9939-126a19e32ff6', 'closing', 'Closing', 7, '92eb3618-34c5-4eed-8d50-d466352c8397', 'start', 1, NULL, NULL, 1767225600000);
INSERT INTO "milestone_types" ("id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('92eb3618-34c5-4eed-8d50-d466352c8397', 'closing_complete', 'Closing Complete', 8, '9eeb46c2-8eca-4d1d-9939-126a19e32ff6', 'end', 1, NULL, NULL, 1767225600000);
INSERT INTO "milestone_types" ("id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('9ac9e6d5-4b12-4d37-a958-8b48378c9ab5', 'patient_out', 'Patient Out', 9, NULL, NULL, 1, NULL, NULL, 1767225600000);
INSERT INTO "milestone_types" ("id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('fd83c540-bf38-4404-be11-9547f3be1f3e', 'room_cleaned', 'Room Cleaned', 10, NULL, NULL, 1, NULL, NULL, 1767225600000);
INSERT INTO "phase_templates" ("id", "name", "display_name", "color_key", "display_order", "parent_phase_template_id", "is_active", "created_at") VALUES ('5eed0008-0000-8000-8000-000000000001', 'pre_op', 'Pre-Op', 'blue', 1, NULL, 1, 1767225600000);
INSERT INTO "phase_templates" ("id", "name", "display_name", "color_key", "display_order", "parent_phase_template_id", "is_active", "created_at") VALUES ('5eed0008-0000-8000-8000-000000000002', 'surgical', 'Surgical', 'green', 2, NULL, 1, 1767225600000);
INSERT INTO "phase_templates" ("id", "name", "display_name", "color_key", "display_order", "parent_phase_template_id", "is_active", "created_at") VALUES ('5eed0008-0000-8000-8000-000000000003', 'closing', 'Closing', 'amber', 3, NULL, 1, 1767225600000);
INSERT INTO "phase_templates" ("id", "name", "display_name", "color_key", "display_order", "parent_phase_template_id", "is_active", "created_at") VALUES ('5eed0008-0000-8000-8000-000000000004', 'post_op', 'Post-Op', 'purple', 4, NULL, 1, 1767225600000);
INSERT INTO "milestone_template_types" ("id", "name", "description", "is_default", "is_active", "block_order", "sub_phase_map", "created_at") VALUES ('5eed0009-0000-8000-8000-000000000001', 'Default', 'Standard milestone template with all milestones', 1, 1, '{}', '{}', 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000001', '5eed0009-0000-8000-8000-000000000001', '10ea55e5-5efa-4b78-bb8f-6872f1cfcec7', '5eed0008-0000-8000-8000-000000000001', 1, 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000002', '5eed0009-0000-8000-8000-000000000001', '3d4a1d36-c3cb-45d6-bc89-fbe220025ae5', '5eed0008-0000-8000-8000-000000000001', 2, 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000003', '5eed0009-0000-8000-8000-000000000001', '12cd072b-4267-4245-9dde-8d4938d20adc', '5eed0008-0000-8000-8000-000000000001', 3, 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000004', '5eed0009-0000-8000-8000-000000000001', 'b1f8e842-4220-419c-958f-5c1fbe9e8121', '5eed0008-0000-8000-8000-000000000001', 4, 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000005', '5eed0009-0000-8000-8000-000000000001', '96b1a5df-6290-4e07-a78b-74287f7e39cc', '5eed0008-0000-8000-8000-000000000001', 5, 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000006', '5eed0009-0000-8000-8000-000000000001', '3a2cf767-9097-4c2c-b8ff-199bac76aeca', '5eed0008-0000-8000-8000-000000000001', 6, 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000007', '5eed0009-0000-8000-8000-000000000001', '3a2cf767-9097-4c2c-b8ff-199bac76aeca', '5eed0008-0000-8000-8000-000000000002', 7, 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000008', '5eed0009-0000-8000-8000-000000000001', '9eeb46c2-8eca-4d1d-9939-126a19e32ff6', '5eed0008-0000-8000-8000-000000000002', 8, 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000009', '5eed0009-0000-8000-8000-000000000001', '9eeb46c2-8eca-4d1d-9939-126a19e32ff6', '5eed0008-0000-8000-8000-000000000003', 9, 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000010', '5eed0009-0000-8000-8000-000000000001', '92eb3618-34c5-4eed-8d50-d466352c8397', '5eed0008-0000-8000-8000-000000000003', 10, 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000011', '5eed0009-0000-8000-8000-000000000001', '92eb3618-34c5-4eed-8d50-d466352c8397', '5eed0008-0000-8000-8000-000000000004', 11, 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000012', '5eed0009-0000-8000-8000-000000000001', '9ac9e6d5-4b12-4d37-a958-8b48378c9ab5', '5eed0008-0000-8000-8000-000000000004', 12, 1767225600000);
INSERT INTO "milestone_template_type_items" ("id", "template_type_id", "milestone_type_id", "phase_template_id", "display_order", "created_at") VALUES ('5eed0010-0000-8000-8000-000000000013', '5eed0009-0000-8000-8000-000000000001', 'fd83c540-bf38-4404-be11-9547f3be1f3e', NULL, 13, 1767225600000);
INSERT INTO "cost_category_templates" ("id", "name", "type", "description", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0012-0000-8000-8000-000000000001', 'Soft Goods', 'debit', 'Disposable supplies used in the case', 1, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "cost_category_templates" ("id", "name", "type", "description", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0012-0000-8000-8000-000000000002', 'Hard Goods', 'debit', 'Reusable instruments, equipment and tray processing', 2, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "cost_category_templates" ("id", "name", "type", "description", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0012-0000-8000-8000-000000000003', 'Implants', 'debit', 'Implants and devices billed to the case', 3, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "cost_category_templates" ("id", "name", "type", "description", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0012-0000-8000-8000-000000000004', 'Device Rep Rebates', 'credit', 'Rebates and credits from device companies', 4, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "payer_templates" ("id", "name", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0011-0000-8000-8000-000000000001', 'Medicare', 1, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "payer_templates" ("id", "name", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0011-0000-8000-8000-000000000002', 'Medicaid', 2, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "payer_templates" ("id", "name", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0011-0000-8000-8000-000000000003', 'Private Insurance', 3, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "payer_templates" ("id", "name", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0011-0000-8000-8000-000000000004', 'Workers Compensation', 4, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "payer_templates" ("id", "name", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0011-0000-8000-8000-000000000005', 'Self-Pay', 5, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "cancellation_reason_templates" ("id", "name", "display_name", "category", "display_order", "is_system", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('5eed0013-0000-8000-8000-000000000001', 'ehr_system_cancellation', 'EHR System Cancellation', 'system', 0, 1, 1, NULL, NULL, 1767225600000);
INSERT INTO "analytics_settings_template" ("id", "fcots_milestone", "fcots_grace_minutes", "fcots_target_percent", "turnover_target_same_surgeon", "turnover_target_flip_room", "utilization_target_percent", "cancellation_target_percent", "start_time_milestone", "start_time_grace_minutes", "start_time_floor_minutes", "waiting_on_surgeon_minutes", "waiting_on_surgeon_floor_minutes", "min_procedure_cases", "turnover_threshold_minutes", "turnover_compliance_target_percent", "tardiness_target_minutes", "idle_combined_target_minutes", "idle_flip_target_minutes", "idle_same_room_target_minutes", "non_op_warn_minutes", "non_op_bad_minutes", "operating_days_per_year", "financial_benchmark_case_count", "behind_schedule_grace_minutes", "min_case_threshold", "created_at", "updated_at") VALUES ('5eed0014-0000-8000-8000-000000000001', 'patient_in', 2e0, 8.5e1, 4.5e1, 1.5e1, 7.5e1, 5e0, 'patient_in', 3, 20, 3, 10, 3, 3e1, 8e1, 4.5e1, 1e1, 5e0, 1e1, 2e1, 3e1, 250, 10, 15, 15, 1767225600000, 1767225600000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0608-753a-9b18-a4ac3e69bf55', '01a216d1-0608-753a-9b18-a4aba38094c2', 'patient_in', 'Patient In Room', 1, NULL, NULL, '10ea55e5-5efa-4b78-bb8f-6872f1cfcec7', 1, 90, 'sequence_gap', 'pre_op', 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0608-753a-9b18-a4ad4ab412f1', '01a216d1-0608-753a-9b18-a4aba38094c2', 'anes_start', 'Anesthesia Start', 2, '01a216d1-0608-753a-9b18-a4aef9e52f91', 'start', '3d4a1d36-c3cb-45d6-bc89-fbe220025ae5', 1, 90, 'sequence_gap', 'pre_op', 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0608-753a-9b18-a4aef9e52f91', '01a216d1-0608-753a-9b18-a4aba38094c2', 'anes_end', 'Anesthesia End', 3, '01a216d1-0608-753a-9b18-a4ad4ab412f1', 'end', '12cd072b-4267-4245-9dde-8d4938d20adc', 1, 90, 'sequence_gap', 'pre_op', 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0608-753a-9b18-a4af2d972fe7', '01a216d1-0608-753a-9b18-a4aba38094c2', 'prep_drape_start', 'Prep/Drape Start', 4, '01a216d1-0608-753a-9b18-a4b0c4cf7d09', 'start', 'b1f8e842-4220-419c-958f-5c1fbe9e8121', 1, 90, 'sequence_gap', 'pre_op', 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0608-753a-9b18-a4b0c4cf7d09', '01a216d1-0608-753a-9b18-a4aba38094c2', 'prep_drape_complete', 'Prep/Drape Complete', 5, '01a216d1-0608-753a-9b18-a4af2d972fe7', 'end', '96b1a5df-6290-4e07-a78b-74287f7e39cc', 1, 90, 'sequence_gap', 'pre_op', 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0608-753a-9b18-a4b1f6f5b2ef', '01a216d1-0608-753a-9b18-a4aba38094c2', 'incision', 'Incision', 6, NULL, NULL, '3a2cf767-9097-4c2c-b8ff-199bac76aeca', 1, 90, 'sequence_gap', 'surgical', 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0608-753a-9b18-a4b201d5a43a', '01a216d1-0608-753a-9b18-a4aba38094c2', 'closing', 'Closing', 7, '01a216d1-0608-753a-9b18-a4b39938cb18', 'start', '9eeb46c2-8eca-4d1d-9939-126a19e32ff6', 1, 90, 'sequence_gap', 'closing', 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0608-753a-9b18-a4b39938cb18', '01a216d1-0608-753a-9b18-a4aba38094c2', 'closing_complete', 'Closing Complete', 8, '01a216d1-0608-753a-9b18-a4b201d5a43a', 'end', '92eb3618-34c5-4eed-8d50-d466352c8397', 1, 90, 'sequence_gap', 'closing', 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0608-753a-9b18-a4b48747fcd8', '01a216d1-0608-753a-9b18-a4aba38094c2', 'patient_out', 'Patient Out', 9, NULL, NULL, '9ac9e6d5-4b12-4d37-a958-8b48378c9ab5', 1, 90, 'sequence_gap', 'post_op', 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0608-753a-9b18-a4b5e2c28432', '01a216d1-0608-753a-9b18-a4aba38094c2', 'room_cleaned', 'Room Cleaned', 10, NULL, NULL, 'fd83c540-bf38-4404-be11-9547f3be1f3e', 1, 90, 'sequence_gap', 'post_op', 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d4-7215-9ef6-04a66cdf9843', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'patient_in', 'Patient In Room', 1, NULL, NULL, '10ea55e5-5efa-4b78-bb8f-6872f1cfcec7', 1, 90, 'sequence_gap', 'pre_op', 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d4-7215-9ef6-04a72f04e3ca', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'anes_start', 'Anesthesia Start', 2, '01a216d1-06d4-7215-9ef6-04a896163fa6', 'start', '3d4a1d36-c3cb-45d6-bc89-fbe220025ae5', 1, 90, 'sequence_gap', 'pre_op', 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d4-7215-9ef6-04a896163fa6', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'anes_end', 'Anesthesia End', 3, '01a216d1-06d4-7215-9ef6-04a72f04e3ca', 'end', '12cd072b-4267-4245-9dde-8d4938d20adc', 1, 90, 'sequence_gap', 'pre_op', 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d4-7215-9ef6-04a94c3afef6', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'prep_drape_start', 'Prep/Drape Start', 4, '01a216d1-06d4-7215-9ef6-04aae33a5dfa', 'start', 'b1f8e842-4220-419c-958f-5c1fbe9e8121', 1, 90, 'sequence_gap', 'pre_op', 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d4-7215-9ef6-04aae33a5dfa', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'prep_drape_complete', 'Prep/Drape Complete', 5, '01a216d1-06d4-7215-9ef6-04a94c3afef6', 'end', '96b1a5df-6290-4e07-a78b-74287f7e39cc', 1, 90, 'sequence_gap', 'pre_op', 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d4-7215-9ef6-04abdc6202ae', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'incision', 'Incision', 6, NULL, NULL, '3a2cf767-9097-4c2c-b8ff-199bac76aeca', 1, 90, 'sequence_gap', 'surgical', 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d4-7215-9ef6-04acf2691516', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'closing', 'Closing', 7, '01a216d1-06d4-7215-9ef6-04ad7c27972c', 'start', '9eeb46c2-8eca-4d1d-9939-126a19e32ff6', 1, 90, 'sequence_gap', 'closing', 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d4-7215-9ef6-04ad7c27972c', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'closing_complete', 'Closing Complete', 8, '01a216d1-06d4-7215-9ef6-04acf2691516', 'end', '92eb3618-34c5-4eed-8d50-d466352c8397', 1, 90, 'sequence_gap', 'closing', 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d4-7215-9ef6-04aea48cc091', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'patient_out', 'Patient Out', 9, NULL, NULL, '9ac9e6d5-4b12-4d37-a958-8b48378c9ab5', 1, 90, 'sequence_gap', 'post_op', 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_milestones" ("id", "facility_id", "name", "display_name", "display_order", "pair_with_id", "pair_position", "source_milestone_type_id", "min_minutes", "max_minutes", "validation_type", "phase_group", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d4-7215-9ef6-04af3db3eff2', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'room_cleaned', 'Room Cleaned', 10, NULL, NULL, 'fd83c540-bf38-4404-be11-9547f3be1f3e', 1, 90, 'sequence_gap', 'post_op', 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_phases" ("id", "facility_id", "name", "display_name", "color_key", "display_order", "parent_phase_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0609-74b0-b230-930ce5f699e9', '01a216d1-0608-753a-9b18-a4aba38094c2', 'pre_op', 'Pre-Op', 'blue', 1, NULL, 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_phases" ("id", "facility_id", "name", "display_name", "color_key", "display_order", "parent_phase_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0609-74b0-b230-930d3f534636', '01a216d1-0608-753a-9b18-a4aba38094c2', 'surgical', 'Surgical', 'green', 2, NULL, 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_phases" ("id", "facility_id", "name", "display_name", "color_key", "display_order", "parent_phase_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0609-74b0-b230-930e70425b33', '01a216d1-0608-753a-9b18-a4aba38094c2', 'closing', 'Closing', 'amber', 3, NULL, 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_phases" ("id", "facility_id", "name", "display_name", "color_key", "display_order", "parent_phase_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0609-74b0-b230-930f5add3ff3', '01a216d1-0608-753a-9b18-a4aba38094c2', 'post_op', 'Post-Op', 'purple', 4, NULL, 1, NULL, NULL, 1770649200000);
INSERT INTO "facility_phases" ("id", "facility_id", "name", "display_name", "color_key", "display_order", "parent_phase_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d5-758a-9a98-c139d3ebc239', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'pre_op', 'Pre-Op', 'blue', 1, NULL, 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_phases" ("id", "facility_id", "name", "display_name", "color_key", "display_order", "parent_phase_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d5-758a-9a98-c13a3ea8b227', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'surgical', 'Surgical', 'green', 2, NULL, 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_phases" ("id", "facility_id", "name", "display_name", "color_key", "display_order", "parent_phase_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d5-758a-9a98-c13b2e3c2196', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'closing', 'Closing', 'amber', 3, NULL, 1, NULL, NULL, 1770822000000);
INSERT INTO "facility_phases" ("id", "facility_id", "name", "display_name", "color_key", "display_order", "parent_phase_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d5-758a-9a98-c13c90d745c5', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'post_op', 'Post-Op', 'purple', 4, NULL, 1, NULL, NULL, 1770822000000);
INSERT INTO "milestone_templates" ("id", "facility_id", "name", "description", "is_default", "block_order", "sub_phase_map", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Default', 'Standard milestone template with all milestones', 1, '{}', '{}', 1, NULL, NULL, 1770649200000);
INSERT INTO "milestone_templates" ("id", "facility_id", "name", "description", "is_default", "block_order", "sub_phase_map", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Default', 'Standard milestone template with all milestones', 1, '{}', '{}', 1, NULL, NULL, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-574baf660513', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4ac3e69bf55', '01a216d1-0609-74b0-b230-930ce5f699e9', 1, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-574caf5390ec', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4ad4ab412f1', '01a216d1-0609-74b0-b230-930ce5f699e9', 2, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-574dd5d2e17b', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4aef9e52f91', '01a216d1-0609-74b0-b230-930ce5f699e9', 3, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-574e68973417', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4af2d972fe7', '01a216d1-0609-74b0-b230-930ce5f699e9', 4, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-574f59764edd', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4b0c4cf7d09', '01a216d1-0609-74b0-b230-930ce5f699e9', 5, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-57506133463c', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4b1f6f5b2ef', '01a216d1-0609-74b0-b230-930ce5f699e9', 6, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-5751fb2bb822', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4b1f6f5b2ef', '01a216d1-0609-74b0-b230-930d3f534636', 7, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-5752c819a280', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4b201d5a43a', '01a216d1-0609-74b0-b230-930d3f534636', 8, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-5753dd441311', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4b201d5a43a', '01a216d1-0609-74b0-b230-930e70425b33', 9, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-5754fd101832', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4b39938cb18', '01a216d1-0609-74b0-b230-930e70425b33', 10, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-5755ae427c07', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4b39938cb18', '01a216d1-0609-74b0-b230-930f5add3ff3', 11, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-575666ab3dcc', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4b48747fcd8', '01a216d1-0609-74b0-b230-930f5add3ff3', 12, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-060a-7361-ac80-57574476e488', '01a216d1-060a-7361-ac80-574a0991b04d', '01a216d1-0608-753a-9b18-a4b5e2c28432', NULL, 13, 1770649200000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f812068575d9', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04a66cdf9843', '01a216d1-06d5-758a-9a98-c139d3ebc239', 1, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f81345b145f5', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04a72f04e3ca', '01a216d1-06d5-758a-9a98-c139d3ebc239', 2, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f814bc9d8516', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04a896163fa6', '01a216d1-06d5-758a-9a98-c139d3ebc239', 3, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f8157c6ae0f5', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04a94c3afef6', '01a216d1-06d5-758a-9a98-c139d3ebc239', 4, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f816de347d59', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04aae33a5dfa', '01a216d1-06d5-758a-9a98-c139d3ebc239', 5, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f8177c1bc69f', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04abdc6202ae', '01a216d1-06d5-758a-9a98-c139d3ebc239', 6, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f818eed6282a', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04abdc6202ae', '01a216d1-06d5-758a-9a98-c13a3ea8b227', 7, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f8190e5bc58c', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04acf2691516', '01a216d1-06d5-758a-9a98-c13a3ea8b227', 8, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f81a9feea972', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04acf2691516', '01a216d1-06d5-758a-9a98-c13b2e3c2196', 9, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f81b006eaa05', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04ad7c27972c', '01a216d1-06d5-758a-9a98-c13b2e3c2196', 10, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f81c345504d9', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04ad7c27972c', '01a216d1-06d5-758a-9a98-c13c90d745c5', 11, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f81d2a9fecd9', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04aea48cc091', '01a216d1-06d5-758a-9a98-c13c90d745c5', 12, 1770822000000);
INSERT INTO "milestone_template_items" ("id", "template_id", "facility_milestone_id", "facility_phase_id", "display_order", "created_at") VALUES ('01a216d1-06d6-7784-982d-f81e23cba61d', '01a216d1-06d5-758a-9a98-c13dbd923f3d', '01a216d1-06d4-7215-9ef6-04af3db3eff2', NULL, 13, 1770822000000);
INSERT INTO "procedure_types" ("id", "facility_id", "name", "body_region_id", "technique_id", "procedure_category_id", "source_template_id", "implant_category", "requires_rep", "requires_operative_side", "arrival_lead_time_minutes", "expected_duration_minutes", "milestone_template_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '01a216d1-0608-753a-9b18-a4aba38094c2', 'P', NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, 1, NULL, NULL, 1770649200000);
INSERT INTO "or_rooms" ("id", "facility_id", "name", "display_order", "available_hours", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0620-709a-906b-5341d3e80799', '01a216d1-0608-753a-9b18-a4aba38094c2', 'OR1', 1, 1e1, 1, NULL, NULL, 1770649200000);
INSERT INTO "or_rooms" ("id", "facility_id", "name", "display_order", "available_hours", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06e2-77a7-864f-2723d56214ae', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'G-OR1', 1, 1e1, 1, NULL, NULL, 1770822000000);
INSERT INTO "block_schedules" ("id", "facility_id", "surgeon_id", "or_room_id", "day_of_week", "start_time", "end_time", "recurrence_type", "effective_start", "effective_end", "exception_dates", "notes", "created_by", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06c7-774b-b0ab-cf9b038a45c4', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0620-709a-906b-5341d3e80799', 2, '07:00:00', '15:00:00', 'weekly', '2026-01-01', NULL, '[]', NULL, '01a216d1-061d-7158-accd-8f218361dbb6', NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "facility_holidays" ("id", "facility_id", "name", "month", "day", "week_of_month", "day_of_week", "is_active", "is_partial", "partial_close_time", "created_by", "created_at", "updated_at") VALUES ('01a216d1-06c9-7797-965b-e533972c0a3d', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Founders', 7, 4, NULL, NULL, 1, 0, NULL, '01a216d1-061d-7158-accd-8f218361dbb6', 1770822000000, 1770822000000);
INSERT INTO "cancellation_reasons" ("id", "facility_id", "source_template_id", "name", "display_name", "category", "display_order", "is_system", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0615-7408-9a85-331d0faeee18', '01a216d1-0608-753a-9b18-a4aba38094c2', '5eed0013-0000-8000-8000-000000000001', 'ehr_system_cancellation', 'EHR System Cancellation', 'system', 0, 1, 1, NULL, NULL, 1770649200000);
INSERT INTO "cancellation_reasons" ("id", "facility_id", "source_template_id", "name", "display_name", "category", "display_order", "is_system", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d9-766d-a2ba-14348684dac8', '01a216d1-06d3-72d3-9d19-73fb66a49568', '5eed0013-0000-8000-8000-000000000001', 'ehr_system_cancellation', 'EHR System Cancellation', 'system', 0, 1, 1, NULL, NULL, 1770822000000);
INSERT INTO "delay_types" ("id", "facility_id", "name", "display_name", "display_order", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-068c-773c-a6e6-2565d2e2488b', '01a216d1-0608-753a-9b18-a4aba38094c2', 'late_start', 'Late start', 0, 1, NULL, NULL, 1770748800000);
INSERT INTO "implant_companies" ("id", "facility_id", "name", "source_company_id", "created_by", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-0630-7705-9a11-17d6e7cc0fd0', NULL, 'Stryker', NULL, '01a216d1-0605-7613-8087-24dbce1c2577', 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "implant_companies" ("id", "facility_id", "name", "source_company_id", "created_by", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d8-70a0-809b-449f97f63e09', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Stryker', '01a216d1-0630-7705-9a11-17d6e7cc0fd0', NULL, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "preop_checklist_fields" ("id", "facility_id", "field_key", "display_label", "field_type", "options", "default_value", "placeholder", "is_required", "show_on_escort_page", "display_order", "source_template_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06b7-7375-bbf8-8bcebcd9d2e8', '01a216d1-0608-753a-9b18-a4aba38094c2', 'ride', 'Ride', 'text', NULL, NULL, NULL, 0, 0, 0, NULL, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0015-0000-8000-8000-000000000001', NULL, 'Long Total Case Time', 'Duration from patient in to patient out', 'timing', 'total_case_time', 'patient_in', 'patient_out', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'warning', 10, 1, 1, NULL, NULL, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0015-0000-8000-8000-000000000002', NULL, 'Long Total Case Time (Personal)', 'Duration from patient in to patient out', 'timing', 'total_case_time', 'patient_in', 'patient_out', 'gt', 'median_plus_sd', 1e0, NULL, 'personal', 'info', 20, 1, 1, NULL, NULL, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0015-0000-8000-8000-000000000003', NULL, 'Long Surgical Time', 'Duration from incision to closing', 'timing', 'surgical_time', 'incision', 'closing', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'warning', 30, 1, 1, NULL, NULL, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0015-0000-8000-8000-000000000004', NULL, 'Long Pre-Op Time', 'Duration from patient in to incision', 'timing', 'pre_op_time', 'patient_in', 'incision', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'info', 40, 1, 1, NULL, NULL, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0015-0000-8000-8000-000000000005', NULL, 'Surgeon Readiness Gap', 'Time between prep/drape complete and incision — measures how long the OR team waits for the surgeon to begin', 'efficiency', 'surgeon_readiness_gap', 'prep_drape_complete', 'incision', 'gt', 'median_plus_sd', 1.5e0, NULL, 'personal', 'warning', 45, 1, 1, NULL, NULL, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0015-0000-8000-8000-000000000006', NULL, 'Slow Room Turnover', 'Time between patient out (prev case) and patient in (next case) in same room', 'efficiency', 'turnover_time', NULL, NULL, 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'warning', 50, 1, 1, NULL, NULL, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0015-0000-8000-8000-000000000007', NULL, 'Late First Case Start', 'Minutes late for first case of the day', 'efficiency', 'fcots_delay', NULL, NULL, 'gt', 'absolute', 1.5e1, NULL, 'facility', 'warning', 60, 1, 1, NULL, NULL, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0015-0000-8000-8000-000000000008', NULL, 'Long Anesthesia Induction', 'Duration from anesthesia start to anesthesia end', 'timing', 'anesthesia_time', 'anes_start', 'anes_end', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'info', 70, 1, 1, NULL, NULL, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('5eed0015-0000-8000-8000-000000000009', NULL, 'Long Closing Time', 'Duration from closing start to closing complete', 'timing', 'closing_time', 'closing', 'closing_complete', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'info', 80, 1, 1, NULL, NULL, 1, NULL, NULL, 1767225600000, 1767225600000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-060b-744a-a9ff-ab7c330e2e17', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Long Total Case Time', 'Duration from patient in to patient out', 'timing', 'total_case_time', 'patient_in', 'patient_out', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'warning', 10, 1, 1, '5eed0015-0000-8000-8000-000000000001', NULL, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-060b-744a-a9ff-ab7d65350e7d', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Long Total Case Time (Personal)', 'Duration from patient in to patient out', 'timing', 'total_case_time', 'patient_in', 'patient_out', 'gt', 'median_plus_sd', 1e0, NULL, 'personal', 'info', 20, 1, 1, '5eed0015-0000-8000-8000-000000000002', NULL, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-060b-744a-a9ff-ab7eb6685acf', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Long Surgical Time', 'Duration from incision to closing', 'timing', 'surgical_time', 'incision', 'closing', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'warning', 30, 1, 1, '5eed0015-0000-8000-8000-000000000003', NULL, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-060b-744a-a9ff-ab7f3255dc70', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Long Pre-Op Time', 'Duration from patient in to incision', 'timing', 'pre_op_time', 'patient_in', 'incision', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'info', 40, 1, 1, '5eed0015-0000-8000-8000-000000000004', NULL, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-060b-744a-a9ff-ab807ff81367', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Surgeon Readiness Gap', 'Time between prep/drape complete and incision — measures how long the OR team waits for the surgeon to begin', 'efficiency', 'surgeon_readiness_gap', 'prep_drape_complete', 'incision', 'gt', 'median_plus_sd', 1.5e0, NULL, 'personal', 'warning', 45, 1, 1, '5eed0015-0000-8000-8000-000000000005', NULL, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-060b-744a-a9ff-ab814cbc4a7c', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Slow Room Turnover', 'Time between patient out (prev case) and patient in (next case) in same room', 'efficiency', 'turnover_time', NULL, NULL, 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'warning', 50, 1, 1, '5eed0015-0000-8000-8000-000000000006', NULL, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-060b-744a-a9ff-ab82b467c0ed', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Late First Case Start', 'Minutes late for first case of the day', 'efficiency', 'fcots_delay', NULL, NULL, 'gt', 'absolute', 1.5e1, NULL, 'facility', 'warning', 60, 1, 1, '5eed0015-0000-8000-8000-000000000007', NULL, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-060b-744a-a9ff-ab83d7fab3a8', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Long Anesthesia Induction', 'Duration from anesthesia start to anesthesia end', 'timing', 'anesthesia_time', 'anes_start', 'anes_end', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'info', 70, 1, 1, '5eed0015-0000-8000-8000-000000000008', NULL, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-060b-744a-a9ff-ab84d273b32d', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Long Closing Time', 'Duration from closing start to closing complete', 'timing', 'closing_time', 'closing', 'closing_complete', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'info', 80, 1, 1, '5eed0015-0000-8000-8000-000000000009', NULL, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06cb-7101-8fba-f829a22e187d', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Long case', NULL, 'timing', 'total_case_time', 'patient_in', 'patient_out', 'gt', 'absolute', 1.8e2, NULL, 'facility', 'warning', 81, 0, 1, NULL, NULL, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d6-7784-982d-f81ffe3188d8', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Long Total Case Time', 'Duration from patient in to patient out', 'timing', 'total_case_time', 'patient_in', 'patient_out', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'warning', 10, 1, 1, '5eed0015-0000-8000-8000-000000000001', NULL, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d6-7784-982d-f8203d8ed429', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Long Total Case Time (Personal)', 'Duration from patient in to patient out', 'timing', 'total_case_time', 'patient_in', 'patient_out', 'gt', 'median_plus_sd', 1e0, NULL, 'personal', 'info', 20, 1, 1, '5eed0015-0000-8000-8000-000000000002', NULL, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d6-7784-982d-f821e4a13710', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Long Surgical Time', 'Duration from incision to closing', 'timing', 'surgical_time', 'incision', 'closing', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'warning', 30, 1, 1, '5eed0015-0000-8000-8000-000000000003', NULL, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d6-7784-982d-f822878b93f0', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Long Pre-Op Time', 'Duration from patient in to incision', 'timing', 'pre_op_time', 'patient_in', 'incision', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'info', 40, 1, 1, '5eed0015-0000-8000-8000-000000000004', NULL, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d6-7784-982d-f823b4e3ad1d', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Surgeon Readiness Gap', 'Time between prep/drape complete and incision — measures how long the OR team waits for the surgeon to begin', 'efficiency', 'surgeon_readiness_gap', 'prep_drape_complete', 'incision', 'gt', 'median_plus_sd', 1.5e0, NULL, 'personal', 'warning', 45, 1, 1, '5eed0015-0000-8000-8000-000000000005', NULL, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d6-7784-982d-f8243034fa17', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Slow Room Turnover', 'Time between patient out (prev case) and patient in (next case) in same room', 'efficiency', 'turnover_time', NULL, NULL, 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'warning', 50, 1, 1, '5eed0015-0000-8000-8000-000000000006', NULL, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d6-7784-982d-f82521c2a815', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Late First Case Start', 'Minutes late for first case of the day', 'efficiency', 'fcots_delay', NULL, NULL, 'gt', 'absolute', 1.5e1, NULL, 'facility', 'warning', 60, 1, 1, '5eed0015-0000-8000-8000-000000000007', NULL, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d6-7784-982d-f826dd5fe8b9', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Long Anesthesia Induction', 'Duration from anesthesia start to anesthesia end', 'timing', 'anesthesia_time', 'anes_start', 'anes_end', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'info', 70, 1, 1, '5eed0015-0000-8000-8000-000000000008', NULL, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "flag_rules" ("id", "facility_id", "name", "description", "category", "metric", "start_milestone", "end_milestone", "operator", "threshold_type", "threshold_value", "threshold_value_max", "comparison_scope", "severity", "display_order", "is_built_in", "is_enabled", "source_rule_id", "cost_category_id", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d6-7784-982d-f827955c6fde', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Long Closing Time', 'Duration from closing start to closing complete', 'timing', 'closing_time', 'closing', 'closing_complete', 'gt', 'median_plus_sd', 1e0, NULL, 'facility', 'info', 80, 1, 1, '5eed0015-0000-8000-8000-000000000009', NULL, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "facility_analytics_settings" ("id", "facility_id", "fcots_milestone", "fcots_grace_minutes", "fcots_target_percent", "turnover_target_same_surgeon", "turnover_target_flip_room", "utilization_target_percent", "cancellation_target_percent", "start_time_milestone", "start_time_grace_minutes", "start_time_floor_minutes", "waiting_on_surgeon_minutes", "waiting_on_surgeon_floor_minutes", "min_procedure_cases", "turnover_threshold_minutes", "turnover_compliance_target_percent", "tardiness_target_minutes", "idle_combined_target_minutes", "idle_flip_target_minutes", "idle_same_room_target_minutes", "non_op_warn_minutes", "non_op_bad_minutes", "operating_days_per_year", "financial_benchmark_case_count", "behind_schedule_grace_minutes", "min_case_threshold", "created_at", "updated_at") VALUES ('01a216d1-0614-7429-917e-c11f9a09c28b', '01a216d1-0608-753a-9b18-a4aba38094c2', 'patient_in', 2e0, 8.5e1, 4.5e1, 1.5e1, 7.5e1, 5e0, 'patient_in', 3, 20, 3, 10, 3, 3e1, 8e1, 4.5e1, 1e1, 5e0, 1e1, 2e1, 3e1, 250, 10, 15, 15, 1770649200000, 1770649200000);
INSERT INTO "facility_analytics_settings" ("id", "facility_id", "fcots_milestone", "fcots_grace_minutes", "fcots_target_percent", "turnover_target_same_surgeon", "turnover_target_flip_room", "utilization_target_percent", "cancellation_target_percent", "start_time_milestone", "start_time_grace_minutes", "start_time_floor_minutes", "waiting_on_surgeon_minutes", "waiting_on_surgeon_floor_minutes", "min_procedure_cases", "turnover_threshold_minutes", "turnover_compliance_target_percent", "tardiness_target_minutes", "idle_combined_target_minutes", "idle_flip_target_minutes", "idle_same_room_target_minutes", "non_op_warn_minutes", "non_op_bad_minutes", "operating_days_per_year", "financial_benchmark_case_count", "behind_schedule_grace_minutes", "min_case_threshold", "created_at", "updated_at") VALUES ('01a216d1-06d7-7692-abaf-66d44c6210e7', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'patient_in', 2e0, 8.5e1, 4.5e1, 1.5e1, 7.5e1, 5e0, 'patient_in', 3, 20, 3, 10, 3, 3e1, 8e1, 4.5e1, 1e1, 5e0, 1e1, 2e1, 3e1, 250, 10, 15, 15, 1770822000000, 1770822000000);
INSERT INTO "cost_categories" ("id", "facility_id", "name", "type", "description", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-0615-7408-9a85-331978ed3a64', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Soft Goods', 'debit', 'Disposable supplies used in the case', 1, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "cost_categories" ("id", "facility_id", "name", "type", "description", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-0615-7408-9a85-331aa9034ddd', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Hard Goods', 'debit', 'Reusable instruments, equipment and tray processing', 2, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "cost_categories" ("id", "facility_id", "name", "type", "description", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-0615-7408-9a85-331b85638c2a', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Implants', 'debit', 'Implants and devices billed to the case', 3, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "cost_categories" ("id", "facility_id", "name", "type", "description", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-0615-7408-9a85-331c9e536e77', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Device Rep Rebates', 'credit', 'Rebates and credits from device companies', 4, 1, NULL, NULL, 1770649200000, 1770649200000);
INSERT INTO "cost_categories" ("id", "facility_id", "name", "type", "description", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d8-70a0-809b-449b7c22ed02', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Soft Goods', 'debit', 'Disposable supplies used in the case', 1, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "cost_categories" ("id", "facility_id", "name", "type", "description", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d8-70a0-809b-449cf418102b', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Hard Goods', 'debit', 'Reusable instruments, equipment and tray processing', 2, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "cost_categories" ("id", "facility_id", "name", "type", "description", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d8-70a0-809b-449dc82afe60', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Implants', 'debit', 'Implants and devices billed to the case', 3, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "cost_categories" ("id", "facility_id", "name", "type", "description", "display_order", "is_active", "deleted_at", "deleted_by", "created_at", "updated_at") VALUES ('01a216d1-06d8-70a0-809b-449e6ab8ae22', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Device Rep Rebates', 'credit', 'Rebates and credits from device companies', 4, 1, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "payers" ("id", "facility_id", "name", "source_template_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0614-7429-917e-c1207b069cae', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Medicare', '5eed0011-0000-8000-8000-000000000001', 1, NULL, NULL, 1770649200000);
INSERT INTO "payers" ("id", "facility_id", "name", "source_template_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0614-7429-917e-c121944df5bf', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Medicaid', '5eed0011-0000-8000-8000-000000000002', 1, NULL, NULL, 1770649200000);
INSERT INTO "payers" ("id", "facility_id", "name", "source_template_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0614-7429-917e-c122da16a5fa', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Private Insurance', '5eed0011-0000-8000-8000-000000000003', 1, NULL, NULL, 1770649200000);
INSERT INTO "payers" ("id", "facility_id", "name", "source_template_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0614-7429-917e-c123c574d366', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Workers Compensation', '5eed0011-0000-8000-8000-000000000004', 1, NULL, NULL, 1770649200000);
INSERT INTO "payers" ("id", "facility_id", "name", "source_template_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-0614-7429-917e-c1249e2dfef5', '01a216d1-0608-753a-9b18-a4aba38094c2', 'Self-Pay', '5eed0011-0000-8000-8000-000000000005', 1, NULL, NULL, 1770649200000);
INSERT INTO "payers" ("id", "facility_id", "name", "source_template_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d8-70a0-809b-44966edbfde9', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Medicare', '5eed0011-0000-8000-8000-000000000001', 1, NULL, NULL, 1770822000000);
INSERT INTO "payers" ("id", "facility_id", "name", "source_template_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d8-70a0-809b-449720d3aeff', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Medicaid', '5eed0011-0000-8000-8000-000000000002', 1, NULL, NULL, 1770822000000);
INSERT INTO "payers" ("id", "facility_id", "name", "source_template_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d8-70a0-809b-44987ee8e80c', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Private Insurance', '5eed0011-0000-8000-8000-000000000003', 1, NULL, NULL, 1770822000000);
INSERT INTO "payers" ("id", "facility_id", "name", "source_template_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d8-70a0-809b-4499b001087a', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Workers Compensation', '5eed0011-0000-8000-8000-000000000004', 1, NULL, NULL, 1770822000000);
INSERT INTO "payers" ("id", "facility_id", "name", "source_template_id", "is_active", "deleted_at", "deleted_by", "created_at") VALUES ('01a216d1-06d8-70a0-809b-449a85027ac6', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'Self-Pay', '5eed0011-0000-8000-8000-000000000005', 1, NULL, NULL, 1770822000000);
INSERT INTO "cases" ("id", "facility_id", "case_number", "scheduled_date", "start_time", "status_id", "is_draft", "or_room_id", "procedure_type_id", "surgeon_id", "payer_id", "patient_id", "milestone_template_id", "operative_side", "notes", "call_time", "call_time_recorded_by", "called_next_case_id", "called_back_at", "called_back_by", "surgeon_left_at", "rep_required_override", "data_validated", "validated_at", "validated_by", "is_excluded_from_metrics", "cancelled_at", "cancelled_by", "cancellation_reason_id", "cancellation_notes", "source", "external_case_id", "external_system", "import_source", "primary_diagnosis_code", "primary_diagnosis_desc", "created_by", "created_at", "updated_at") VALUES ('01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0608-753a-9b18-a4aba38094c2', '1001', '2026-02-10', '07:30:00', '5eed0001-0000-8000-8000-000000000003', 0, '01a216d1-0620-709a-906b-5341d3e80799', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '01a216d1-0623-757b-b3c0-e17e25849701', NULL, NULL, '01a216d1-060a-7361-ac80-574a0991b04d', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, 1770734450000, NULL, 0, NULL, NULL, NULL, NULL, 'manual', NULL, NULL, NULL, NULL, NULL, '01a216d1-061e-72b7-b258-a6a690b553b9', 1770649200000, 1770734450000);
INSERT INTO "cases" ("id", "facility_id", "case_number", "scheduled_date", "start_time", "status_id", "is_draft", "or_room_id", "procedure_type_id", "surgeon_id", "payer_id", "patient_id", "milestone_template_id", "operative_side", "notes", "call_time", "call_time_recorded_by", "called_next_case_id", "called_back_at", "called_back_by", "surgeon_left_at", "rep_required_override", "data_validated", "validated_at", "validated_by", "is_excluded_from_metrics", "cancelled_at", "cancelled_by", "cancellation_reason_id", "cancellation_notes", "source", "external_case_id", "external_system", "import_source", "primary_diagnosis_code", "primary_diagnosis_desc", "created_by", "created_at", "updated_at") VALUES ('01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0608-753a-9b18-a4aba38094c2', '1002', '2026-02-10', '10:00:00', '5eed0001-0000-8000-8000-000000000003', 0, '01a216d1-0620-709a-906b-5341d3e80799', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '01a216d1-0623-757b-b3c0-e17e25849701', NULL, NULL, '01a216d1-060a-7361-ac80-574a0991b04d', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, 1770748800000, NULL, 0, NULL, NULL, NULL, NULL, 'manual', NULL, NULL, NULL, NULL, NULL, '01a216d1-061e-72b7-b258-a6a690b553b9', 1770734450000, 1770748800000);
INSERT INTO "cases" ("id", "facility_id", "case_number", "scheduled_date", "start_time", "status_id", "is_draft", "or_room_id", "procedure_type_id", "surgeon_id", "payer_id", "patient_id", "milestone_template_id", "operative_side", "notes", "call_time", "call_time_recorded_by", "called_next_case_id", "called_back_at", "called_back_by", "surgeon_left_at", "rep_required_override", "data_validated", "validated_at", "validated_by", "is_excluded_from_metrics", "cancelled_at", "cancelled_by", "cancellation_reason_id", "cancellation_notes", "source", "external_case_id", "external_system", "import_source", "primary_diagnosis_code", "primary_diagnosis_desc", "created_by", "created_at", "updated_at") VALUES ('01a216d1-0696-71e5-b476-16ea29b8e27f', '01a216d1-0608-753a-9b18-a4aba38094c2', '1003', '2026-02-12', '08:00:00', '5eed0001-0000-8000-8000-000000000006', 0, '01a216d1-0620-709a-906b-5341d3e80799', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '01a216d1-0623-757b-b3c0-e17e25849701', NULL, NULL, '01a216d1-060a-7361-ac80-574a0991b04d', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, 1770822000000, '01a216d1-062b-75d0-9bd9-6b2c72aac87d', '01a216d1-0615-7408-9a85-331d0faeee18', NULL, 'manual', NULL, NULL, NULL, NULL, NULL, '01a216d1-061e-72b7-b258-a6a690b553b9', 1770822000000, 1770822000000);
INSERT INTO "cases" ("id", "facility_id", "case_number", "scheduled_date", "start_time", "status_id", "is_draft", "or_room_id", "procedure_type_id", "surgeon_id", "payer_id", "patient_id", "milestone_template_id", "operative_side", "notes", "call_time", "call_time_recorded_by", "called_next_case_id", "called_back_at", "called_back_by", "surgeon_left_at", "rep_required_override", "data_validated", "validated_at", "validated_by", "is_excluded_from_metrics", "cancelled_at", "cancelled_by", "cancellation_reason_id", "cancellation_notes", "source", "external_case_id", "external_system", "import_source", "primary_diagnosis_code", "primary_diagnosis_desc", "created_by", "created_at", "updated_at") VALUES ('01a216d1-06a5-7030-85d9-468e84857a31', '01a216d1-0608-753a-9b18-a4aba38094c2', '1004', '2026-02-12', '09:00:00', '5eed0001-0000-8000-8000-000000000001', 0, '01a216d1-0620-709a-906b-5341d3e80799', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '01a216d1-0623-757b-b3c0-e17e25849701', NULL, NULL, '01a216d1-060a-7361-ac80-574a0991b04d', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, 'manual', NULL, NULL, NULL, NULL, NULL, '01a216d1-061e-72b7-b258-a6a690b553b9', 1770822000000, 1770822000000);
INSERT INTO "cases" ("id", "facility_id", "case_number", "scheduled_date", "start_time", "status_id", "is_draft", "or_room_id", "procedure_type_id", "surgeon_id", "payer_id", "patient_id", "milestone_template_id", "operative_side", "notes", "call_time", "call_time_recorded_by", "called_next_case_id", "called_back_at", "called_back_by", "surgeon_left_at", "rep_required_override", "data_validated", "validated_at", "validated_by", "is_excluded_from_metrics", "cancelled_at", "cancelled_by", "cancellation_reason_id", "cancellation_notes", "source", "external_case_id", "external_system", "import_source", "primary_diagnosis_code", "primary_diagnosis_desc", "created_by", "created_at", "updated_at") VALUES ('01a216d1-06e3-770f-aca8-1a3fea1dd72c', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'G-1', '2026-02-13', '08:00:00', '5eed0001-0000-8000-8000-000000000001', 0, '01a216d1-06e2-77a7-864f-2723d56214ae', NULL, NULL, NULL, NULL, '01a216d1-06d5-758a-9a98-c13dbd923f3d', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, 'manual', NULL, NULL, NULL, NULL, NULL, '01a216d1-06e1-7523-8cc5-cad77163f16a', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0640-77a2-a48a-89508bceba39', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0608-753a-9b18-a4ac3e69bf55', 1770726920000, '01a216d1-061e-72b7-b258-a6a690b553b9', 'manual', 1770649200000, 1770726920000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0640-77a2-a48a-89515cf6f1b2', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0608-753a-9b18-a4ad4ab412f1', NULL, NULL, 'manual', 1770649200000, 1770649200000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0640-77a2-a48a-895294662078', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0608-753a-9b18-a4aef9e52f91', NULL, NULL, 'manual', 1770649200000, 1770649200000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0640-77a2-a48a-89535e042907', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0608-753a-9b18-a4af2d972fe7', NULL, NULL, 'manual', 1770649200000, 1770649200000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0640-77a2-a48a-89541aa85525', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0608-753a-9b18-a4b0c4cf7d09', NULL, NULL, 'manual', 1770649200000, 1770649200000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0640-77a2-a48a-895519b55709', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0608-753a-9b18-a4b1f6f5b2ef', 1770729000000, '01a216d1-061e-72b7-b258-a6a690b553b9', 'manual', 1770649200000, 1770729000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0640-77a2-a48a-89565a7a0042', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0608-753a-9b18-a4b201d5a43a', 1770733240000, '01a216d1-061e-72b7-b258-a6a690b553b9', 'manual', 1770649200000, 1770733240000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0640-77a2-a48a-8957f017b53d', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0608-753a-9b18-a4b39938cb18', NULL, NULL, 'manual', 1770649200000, 1770649200000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0640-77a2-a48a-8958716450f5', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0608-753a-9b18-a4b48747fcd8', 1770734450000, '01a216d1-061e-72b7-b258-a6a690b553b9', 'manual', 1770649200000, 1770734450000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0640-77a2-a48a-895937e89769', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0608-753a-9b18-a4b5e2c28432', NULL, NULL, 'manual', 1770649200000, 1770649200000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-066d-73c7-b659-d79bddc36a22', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0608-753a-9b18-a4ac3e69bf55', 1770735900000, '01a216d1-061e-72b7-b258-a6a690b553b9', 'manual', 1770734450000, 1770735900000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-066d-73c7-b659-d79c33da0bf5', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0608-753a-9b18-a4ad4ab412f1', NULL, NULL, 'manual', 1770734450000, 1770734450000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-066d-73c7-b659-d79daccdef23', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0608-753a-9b18-a4aef9e52f91', NULL, NULL, 'manual', 1770734450000, 1770734450000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-066d-73c7-b659-d79e21a5f9de', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0608-753a-9b18-a4af2d972fe7', NULL, NULL, 'manual', 1770734450000, 1770734450000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-066d-73c7-b659-d79fd6cad7af', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0608-753a-9b18-a4b0c4cf7d09', NULL, NULL, 'manual', 1770734450000, 1770734450000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-066d-73c7-b659-d7a0ddeb599a', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0608-753a-9b18-a4b1f6f5b2ef', 1770741000000, '01a216d1-061e-72b7-b258-a6a690b553b9', 'manual', 1770734450000, 1770741000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-066d-73c7-b659-d7a1ca147f4c', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0608-753a-9b18-a4b201d5a43a', 1770746400000, '01a216d1-061e-72b7-b258-a6a690b553b9', 'manual', 1770734450000, 1770746400000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-066d-73c7-b659-d7a2f90daa8c', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0608-753a-9b18-a4b39938cb18', NULL, NULL, 'manual', 1770734450000, 1770734450000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-066d-73c7-b659-d7a39f884a16', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0608-753a-9b18-a4b48747fcd8', 1770748800000, '01a216d1-061e-72b7-b258-a6a690b553b9', 'manual', 1770734450000, 1770748800000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-066d-73c7-b659-d7a4a64b86cc', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0608-753a-9b18-a4b5e2c28432', NULL, NULL, 'manual', 1770734450000, 1770734450000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0696-71e5-b476-16ebc72af581', '01a216d1-0696-71e5-b476-16ea29b8e27f', '01a216d1-0608-753a-9b18-a4ac3e69bf55', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0696-71e5-b476-16ec200e1aed', '01a216d1-0696-71e5-b476-16ea29b8e27f', '01a216d1-0608-753a-9b18-a4ad4ab412f1', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0696-71e5-b476-16ed5a6a7fbc', '01a216d1-0696-71e5-b476-16ea29b8e27f', '01a216d1-0608-753a-9b18-a4aef9e52f91', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0696-71e5-b476-16ee113624bd', '01a216d1-0696-71e5-b476-16ea29b8e27f', '01a216d1-0608-753a-9b18-a4af2d972fe7', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0696-71e5-b476-16ef319b26ea', '01a216d1-0696-71e5-b476-16ea29b8e27f', '01a216d1-0608-753a-9b18-a4b0c4cf7d09', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0696-71e5-b476-16f014555aec', '01a216d1-0696-71e5-b476-16ea29b8e27f', '01a216d1-0608-753a-9b18-a4b1f6f5b2ef', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0696-71e5-b476-16f19fa851b5', '01a216d1-0696-71e5-b476-16ea29b8e27f', '01a216d1-0608-753a-9b18-a4b201d5a43a', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0696-71e5-b476-16f2e0168962', '01a216d1-0696-71e5-b476-16ea29b8e27f', '01a216d1-0608-753a-9b18-a4b39938cb18', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0696-71e5-b476-16f3452d84f8', '01a216d1-0696-71e5-b476-16ea29b8e27f', '01a216d1-0608-753a-9b18-a4b48747fcd8', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-0696-71e5-b476-16f43e730401', '01a216d1-0696-71e5-b476-16ea29b8e27f', '01a216d1-0608-753a-9b18-a4b5e2c28432', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06a5-7030-85d9-468f00dee8b2', '01a216d1-06a5-7030-85d9-468e84857a31', '01a216d1-0608-753a-9b18-a4ac3e69bf55', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06a5-7030-85d9-4690ffc98238', '01a216d1-06a5-7030-85d9-468e84857a31', '01a216d1-0608-753a-9b18-a4ad4ab412f1', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06a6-7334-80e1-25a6774af1c8', '01a216d1-06a5-7030-85d9-468e84857a31', '01a216d1-0608-753a-9b18-a4aef9e52f91', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06a6-7334-80e1-25a7bd23a81b', '01a216d1-06a5-7030-85d9-468e84857a31', '01a216d1-0608-753a-9b18-a4af2d972fe7', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06a6-7334-80e1-25a8a0deb61e', '01a216d1-06a5-7030-85d9-468e84857a31', '01a216d1-0608-753a-9b18-a4b0c4cf7d09', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06a6-7334-80e1-25a9c1a2e3e5', '01a216d1-06a5-7030-85d9-468e84857a31', '01a216d1-0608-753a-9b18-a4b1f6f5b2ef', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06a6-7334-80e1-25aaeabf71cd', '01a216d1-06a5-7030-85d9-468e84857a31', '01a216d1-0608-753a-9b18-a4b201d5a43a', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06a6-7334-80e1-25ab9e47aca0', '01a216d1-06a5-7030-85d9-468e84857a31', '01a216d1-0608-753a-9b18-a4b39938cb18', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06a6-7334-80e1-25ac535e0e79', '01a216d1-06a5-7030-85d9-468e84857a31', '01a216d1-0608-753a-9b18-a4b48747fcd8', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06a6-7334-80e1-25ad088affcb', '01a216d1-06a5-7030-85d9-468e84857a31', '01a216d1-0608-753a-9b18-a4b5e2c28432', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06e3-770f-aca8-1a404eb6c33f', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', '01a216d1-06d4-7215-9ef6-04a66cdf9843', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06e3-770f-aca8-1a4195f6eb49', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', '01a216d1-06d4-7215-9ef6-04a72f04e3ca', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06e3-770f-aca8-1a423eed763b', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', '01a216d1-06d4-7215-9ef6-04a896163fa6', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06e3-770f-aca8-1a4314410b7b', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', '01a216d1-06d4-7215-9ef6-04a94c3afef6', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06e3-770f-aca8-1a4492797463', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', '01a216d1-06d4-7215-9ef6-04aae33a5dfa', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06e3-770f-aca8-1a454b625909', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', '01a216d1-06d4-7215-9ef6-04abdc6202ae', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06e3-770f-aca8-1a46a979263e', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', '01a216d1-06d4-7215-9ef6-04acf2691516', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06e3-770f-aca8-1a47659e4e94', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', '01a216d1-06d4-7215-9ef6-04ad7c27972c', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06e3-770f-aca8-1a48273c7299', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', '01a216d1-06d4-7215-9ef6-04aea48cc091', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_milestones" ("id", "case_id", "facility_milestone_id", "recorded_at", "recorded_by", "source", "created_at", "updated_at") VALUES ('01a216d1-06e3-770f-aca8-1a4919b33058', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', '01a216d1-06d4-7215-9ef6-04af3db3eff2', NULL, NULL, 'manual', 1770822000000, 1770822000000);
INSERT INTO "case_staff" ("id", "case_id", "user_id", "role_id", "removed_at", "removed_by", "created_at") VALUES ('01a216d1-064c-7688-8c16-21e0887ce68e', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0639-7273-a09d-d14ac42c8e1a', '5eed0003-0000-8000-8000-000000000004', NULL, NULL, 1770649200000);
INSERT INTO "case_delays" ("id", "case_id", "delay_type_id", "notes", "duration_minutes", "recorded_at", "recorded_by", "created_at") VALUES ('01a216d1-068d-71ec-a92a-b690c6b294dd', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-068c-773c-a6e6-2565d2e2488b', NULL, 15, 1770748800000, '01a216d1-061e-72b7-b258-a6a690b553b9', 1770748800000);
INSERT INTO "case_flags" ("id", "facility_id", "case_id", "flag_type", "flag_rule_id", "metric_value", "threshold_value", "comparison_scope", "delay_type_id", "case_delay_id", "duration_minutes", "facility_milestone_id", "severity", "note", "created_by", "created_at") VALUES ('01a216d1-068e-764a-9e32-c44526fc45bb', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-066c-71ff-981e-8cb70830c5f9', 'delay', NULL, NULL, NULL, NULL, '01a216d1-068c-773c-a6e6-2565d2e2488b', '01a216d1-068d-71ec-a92a-b690c6b294dd', 15, NULL, 'warning', NULL, '01a216d1-061e-72b7-b258-a6a690b553b9', 1770748800000);
INSERT INTO "patient_checkins" ("id", "facility_id", "case_id", "patient_id", "patient_status_id", "status_updated_at", "status_updated_by", "expected_arrival_time", "actual_arrival_time", "checked_in_at", "checked_in_by", "checklist_responses", "checklist_completed_at", "checklist_completed_by", "escort_name", "escort_phone", "escort_relationship", "notes", "escort_notified_at", "created_at", "updated_at") VALUES ('01a216d1-064a-77d6-90de-bdeae28fdd06', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0640-77a2-a48a-894f97f1c30a', NULL, '5eed0002-0000-8000-8000-000000000006', 1770734450000, '01a216d1-061e-72b7-b258-a6a690b553b9', 1770721200000, NULL, NULL, NULL, '{}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1770649200000, 1770734450000);
INSERT INTO "patient_checkins" ("id", "facility_id", "case_id", "patient_id", "patient_status_id", "status_updated_at", "status_updated_by", "expected_arrival_time", "actual_arrival_time", "checked_in_at", "checked_in_by", "checklist_responses", "checklist_completed_at", "checklist_completed_by", "escort_name", "escort_phone", "escort_relationship", "notes", "escort_notified_at", "created_at", "updated_at") VALUES ('01a216d1-066f-72b2-825c-c5e99dff2f64', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-066c-71ff-981e-8cb70830c5f9', NULL, '5eed0002-0000-8000-8000-000000000006', 1770748800000, '01a216d1-061e-72b7-b258-a6a690b553b9', 1770730200000, NULL, NULL, NULL, '{}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1770734450000, 1770748800000);
INSERT INTO "patient_checkins" ("id", "facility_id", "case_id", "patient_id", "patient_status_id", "status_updated_at", "status_updated_by", "expected_arrival_time", "actual_arrival_time", "checked_in_at", "checked_in_by", "checklist_responses", "checklist_completed_at", "checklist_completed_by", "escort_name", "escort_phone", "escort_relationship", "notes", "escort_notified_at", "created_at", "updated_at") VALUES ('01a216d1-0698-7298-8fd7-66cdf647adc5', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0696-71e5-b476-16ea29b8e27f', NULL, '5eed0002-0000-8000-8000-000000000001', 1770822000000, NULL, 1770895800000, NULL, NULL, NULL, '{}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "patient_checkins" ("id", "facility_id", "case_id", "patient_id", "patient_status_id", "status_updated_at", "status_updated_by", "expected_arrival_time", "actual_arrival_time", "checked_in_at", "checked_in_by", "checklist_responses", "checklist_completed_at", "checklist_completed_by", "escort_name", "escort_phone", "escort_relationship", "notes", "escort_notified_at", "created_at", "updated_at") VALUES ('01a216d1-06a7-73c8-a4e3-b6c8c696932c', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-06a5-7030-85d9-468e84857a31', NULL, '5eed0002-0000-8000-8000-000000000002', 1770822000000, '01a216d1-061e-72b7-b258-a6a690b553b9', 1770899400000, 1770822000000, 1770822000000, '01a216d1-061e-72b7-b258-a6a690b553b9', '{"ride":"Bus"}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "patient_checkins" ("id", "facility_id", "case_id", "patient_id", "patient_status_id", "status_updated_at", "status_updated_by", "expected_arrival_time", "actual_arrival_time", "checked_in_at", "checked_in_by", "checklist_responses", "checklist_completed_at", "checklist_completed_by", "escort_name", "escort_phone", "escort_relationship", "notes", "escort_notified_at", "created_at", "updated_at") VALUES ('01a216d1-06e4-766d-a8ad-dc557ba3d00f', '01a216d1-06d3-72d3-9d19-73fb66a49568', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', NULL, '5eed0002-0000-8000-8000-000000000001', 1770822000000, NULL, 1770982200000, NULL, NULL, NULL, '{}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1770822000000, 1770822000000);
INSERT INTO "escort_status_links" ("id", "facility_id", "checkin_id", "token_hash", "expires_at", "is_active", "revoked_at", "view_count", "last_viewed_at", "created_by", "created_at") VALUES ('01a216d1-06c5-7110-89f2-21f59430ac28', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-06a7-73c8-a4e3-b6c8c696932c', 'd541a92826287c88fe16092a772dfc3ca27d8c131ffcd7f36f8fb06dba213083', 4070908800000, 1, NULL, 0, NULL, '01a216d1-061e-72b7-b258-a6a690b553b9', 1770822000000);
INSERT INTO "case_completion_stats" ("id", "facility_id", "case_id", "case_number", "surgeon_id", "procedure_type_id", "payer_id", "or_room_id", "case_date", "scheduled_start_time", "actual_start_time", "total_duration_minutes", "surgical_duration_minutes", "anesthesia_duration_minutes", "call_to_patient_in_minutes", "schedule_variance_minutes", "room_turnover_minutes", "surgical_turnover_minutes", "is_first_case_of_day_room", "is_first_case_of_day_surgeon", "surgeon_room_count", "surgeon_case_sequence", "room_case_sequence", "reimbursement", "total_debits", "total_credits", "net_cost", "or_time_cost", "profit", "soft_goods_cost", "hard_goods_cost", "or_cost", "or_hourly_rate", "cost_source", "data_validated", "is_excluded", "excluded_at", "excluded_by", "exclusion_reason", "created_at", "updated_at") VALUES ('01a216d1-0664-7465-bfa0-bcab24673cb5', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0640-77a2-a48a-894f97f1c30a', '1001', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', NULL, '01a216d1-0620-709a-906b-5341d3e80799', '2026-02-10', '07:30:00', '07:35:20', 126, 71, NULL, NULL, 5.333333333333333e0, NULL, NULL, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 'procedure_default', 1, 0, NULL, NULL, NULL, 1770734450000, 1770734450000);
INSERT INTO "case_completion_stats" ("id", "facility_id", "case_id", "case_number", "surgeon_id", "procedure_type_id", "payer_id", "or_room_id", "case_date", "scheduled_start_time", "actual_start_time", "total_duration_minutes", "surgical_duration_minutes", "anesthesia_duration_minutes", "call_to_patient_in_minutes", "schedule_variance_minutes", "room_turnover_minutes", "surgical_turnover_minutes", "is_first_case_of_day_room", "is_first_case_of_day_surgeon", "surgeon_room_count", "surgeon_case_sequence", "room_case_sequence", "reimbursement", "total_debits", "total_credits", "net_cost", "or_time_cost", "profit", "soft_goods_cost", "hard_goods_cost", "or_cost", "or_hourly_rate", "cost_source", "data_validated", "is_excluded", "excluded_at", "excluded_by", "exclusion_reason", "created_at", "updated_at") VALUES ('01a216d1-0686-7151-83b7-7c88fbf6eb4a', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-066c-71ff-981e-8cb70830c5f9', '1002', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', NULL, '01a216d1-0620-709a-906b-5341d3e80799', '2026-02-10', '10:00:00', '10:05:00', 215, 90, NULL, NULL, 5e0, 2.4166666666666668e1, 1.2933333333333334e2, 0, 0, 1, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 'procedure_default', 1, 0, NULL, NULL, NULL, 1770748800000, 1770748800000);
INSERT INTO "case_milestone_stats" ("id", "facility_id", "case_id", "surgeon_id", "procedure_type_id", "milestone_type_id", "case_date", "minutes_from_start", "recorded_at", "created_at") VALUES ('01a216d1-0665-7679-b210-be617f176f83', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '3a2cf767-9097-4c2c-b8ff-199bac76aeca', '2026-02-10', 3.4666666666666664e1, 1770729000000, 1770734450000);
INSERT INTO "case_milestone_stats" ("id", "facility_id", "case_id", "surgeon_id", "procedure_type_id", "milestone_type_id", "case_date", "minutes_from_start", "recorded_at", "created_at") VALUES ('01a216d1-0665-7679-b210-be621646afc1', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '9eeb46c2-8eca-4d1d-9939-126a19e32ff6', '2026-02-10', 1.0533333333333333e2, 1770733240000, 1770734450000);
INSERT INTO "case_milestone_stats" ("id", "facility_id", "case_id", "surgeon_id", "procedure_type_id", "milestone_type_id", "case_date", "minutes_from_start", "recorded_at", "created_at") VALUES ('01a216d1-0665-7679-b210-be63d2eb8487', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0640-77a2-a48a-894f97f1c30a', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '9ac9e6d5-4b12-4d37-a958-8b48378c9ab5', '2026-02-10', 1.255e2, 1770734450000, 1770734450000);
INSERT INTO "case_milestone_stats" ("id", "facility_id", "case_id", "surgeon_id", "procedure_type_id", "milestone_type_id", "case_date", "minutes_from_start", "recorded_at", "created_at") VALUES ('01a216d1-0687-7409-84d5-16eda25eacb9', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '3a2cf767-9097-4c2c-b8ff-199bac76aeca', '2026-02-10', 8.5e1, 1770741000000, 1770748800000);
INSERT INTO "case_milestone_stats" ("id", "facility_id", "case_id", "surgeon_id", "procedure_type_id", "milestone_type_id", "case_date", "minutes_from_start", "recorded_at", "created_at") VALUES ('01a216d1-0687-7409-84d5-16ee7886b701', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '9eeb46c2-8eca-4d1d-9939-126a19e32ff6', '2026-02-10', 1.75e2, 1770746400000, 1770748800000);
INSERT INTO "case_milestone_stats" ("id", "facility_id", "case_id", "surgeon_id", "procedure_type_id", "milestone_type_id", "case_date", "minutes_from_start", "recorded_at", "created_at") VALUES ('01a216d1-0687-7409-84d5-16ef74cae5db', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-066c-71ff-981e-8cb70830c5f9', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '9ac9e6d5-4b12-4d37-a958-8b48378c9ab5', '2026-02-10', 2.15e2, 1770748800000, 1770748800000);
INSERT INTO "surgeon_procedure_averages" ("id", "surgeon_id", "procedure_type_id", "avg_total_minutes", "sample_size", "created_at", "updated_at") VALUES ('01a216d1-0665-7679-b210-be64ffde9604', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', 1.703e2, 2, 1770734450000, 1770748800000);
INSERT INTO "surgeon_milestone_averages" ("id", "surgeon_id", "procedure_type_id", "milestone_type_id", "avg_minutes_from_start", "sample_size", "created_at", "updated_at") VALUES ('01a216d1-0666-7202-a109-d15d197bff50', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '3a2cf767-9097-4c2c-b8ff-199bac76aeca', 5.98e1, 2, 1770734450000, 1770748800000);
INSERT INTO "surgeon_milestone_averages" ("id", "surgeon_id", "procedure_type_id", "milestone_type_id", "avg_minutes_from_start", "sample_size", "created_at", "updated_at") VALUES ('01a216d1-0666-7202-a109-d15eb3102e5f', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '9ac9e6d5-4b12-4d37-a958-8b48378c9ab5', 1.703e2, 2, 1770734450000, 1770748800000);
INSERT INTO "surgeon_milestone_averages" ("id", "surgeon_id", "procedure_type_id", "milestone_type_id", "avg_minutes_from_start", "sample_size", "created_at", "updated_at") VALUES ('01a216d1-0666-7202-a109-d15f761e79b3', '01a216d1-0623-757b-b3c0-e17e25849701', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', '9eeb46c2-8eca-4d1d-9939-126a19e32ff6', 1.402e2, 2, 1770734450000, 1770748800000);
INSERT INTO "permission_templates" ("id", "access_level", "permission_key", "granted", "created_at", "updated_at") VALUES ('5eed0006-0000-8000-8000-000000000001', 'coordinator', 'scores.view', 0, 1767225600000, 1767225600000);
INSERT INTO "permission_templates" ("id", "access_level", "permission_key", "granted", "created_at", "updated_at") VALUES ('5eed0006-0000-8000-8000-000000000002', 'user', 'scores.view', 0, 1767225600000, 1767225600000);
INSERT INTO "permission_templates" ("id", "access_level", "permission_key", "granted", "created_at", "updated_at") VALUES ('5eed0006-0000-8000-8000-000000000003', 'coordinator', 'flags.financial', 0, 1767225600000, 1767225600000);
INSERT INTO "permission_templates" ("id", "access_level", "permission_key", "granted", "created_at", "updated_at") VALUES ('5eed0006-0000-8000-8000-000000000004', 'user', 'flags.financial', 0, 1767225600000, 1767225600000);
INSERT INTO "facility_permissions" ("id", "facility_id", "access_level", "permission_key", "granted", "created_at", "updated_at") VALUES ('01a216d1-0616-71aa-8dd7-e162c9c4dc04', '01a216d1-0608-753a-9b18-a4aba38094c2', 'coordinator', 'flags.financial', 0, 1770649200000, 1770649200000);
INSERT INTO "facility_permissions" ("id", "facility_id", "access_level", "permission_key", "granted", "created_at", "updated_at") VALUES ('01a216d1-0616-71aa-8dd7-e163306cd221', '01a216d1-0608-753a-9b18-a4aba38094c2', 'coordinator', 'scores.view', 0, 1770649200000, 1770649200000);
INSERT INTO "facility_permissions" ("id", "facility_id", "access_level", "permission_key", "granted", "created_at", "updated_at") VALUES ('01a216d1-0616-71aa-8dd7-e16414d824f3', '01a216d1-0608-753a-9b18-a4aba38094c2', 'user', 'flags.financial', 0, 1770649200000, 1770649200000);
INSERT INTO "facility_permissions" ("id", "facility_id", "access_level", "permission_key", "granted", "created_at", "updated_at") VALUES ('01a216d1-0616-71aa-8dd7-e1651a3e356a', '01a216d1-0608-753a-9b18-a4aba38094c2', 'user', 'scores.view', 0, 1770649200000, 1770649200000);
INSERT INTO "facility_permissions" ("id", "facility_id", "access_level", "permission_key", "granted", "created_at", "updated_at") VALUES ('01a216d1-06d9-766d-a2ba-14357b0ebeef', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'coordinator', 'flags.financial', 0, 1770822000000, 1770822000000);
INSERT INTO "facility_permissions" ("id", "facility_id", "access_level", "permission_key", "granted", "created_at", "updated_at") VALUES ('01a216d1-06d9-766d-a2ba-1436226a960c', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'coordinator', 'scores.view', 0, 1770822000000, 1770822000000);
INSERT INTO "facility_permissions" ("id", "facility_id", "access_level", "permission_key", "granted", "created_at", "updated_at") VALUES ('01a216d1-06d9-766d-a2ba-14375fe7b025', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'user', 'flags.financial', 0, 1770822000000, 1770822000000);
INSERT INTO "facility_permissions" ("id", "facility_id", "access_level", "permission_key", "granted", "created_at", "updated_at") VALUES ('01a216d1-06d9-766d-a2ba-1438f4318fb2', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'user', 'scores.view', 0, 1770822000000, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0607-734c-a643-7b18d0ec4a07', NULL, NULL, NULL, NULL, NULL, 'users.created', 'users', '01a216d1-0605-7613-8087-24dbce1c2577', 'Grace Admin', NULL, '{"id":"01a216d1-0605-7613-8087-24dbce1c2577","facility_id":null,"role_id":"5eed0003-0000-8000-8000-000000000008","access_level":"global_admin","first_name":"Grace","last_name":"Admin","email":"grace@orbit.test","phone":null,"profile_image_url":null,"implant_company_id":null,"closing_workflow":"surgeon_closes","closing_handoff_minutes":0,"invited_by":null,"invited_at":null,"last_login_at":null,"last_active_at":null,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-0605-7613-8087-24daa7f9a87f","operation":"bootstrap_global_admin"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0617-76fb-b50f-a554886772ed', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0605-7613-8087-24dbce1c2577', 'grace@orbit.test', NULL, NULL, 'facilities.provisioned', 'facilities', '01a216d1-0608-753a-9b18-a4aba38094c2', 'F', NULL, '{"id":"01a216d1-0608-753a-9b18-a4aba38094c2","name":"F","address":null,"street_address":null,"street_address_2":null,"city":null,"state":null,"zip_code":null,"phone":null,"facility_type":null,"logo_url":null,"case_number_prefix":null,"country":"US","timezone":"America/New_York","or_hourly_rate":null,"default_arrival_lead_time_minutes":90,"rep_reminder_hours_before_case":24,"rep_delivery_reminder_hours_before_case":4,"is_demo":false,"subscription_status":"trial","trial_ends_at":null,"subscription_started_at":null,"subscription_ends_at":null,"stripe_customer_id":null,"created_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-0608-753a-9b18-a4aabc8e1520","operation":"provision_facility","parts":{"milestones":10,"facility_phases":4,"procedures":0,"milestone_templates":1,"milestone_template_items":13,"flag_rules":9,"analytics_settings":1,"payers":5,"delay_types":0,"cost_categories":4,"implant_companies":0,"complexities":0,"cancellation_reasons":1,"preop_checklist_fields":0,"permissions":4}}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-061d-7158-accd-8f22e1281993', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0605-7613-8087-24dbce1c2577', 'grace@orbit.test', NULL, NULL, 'users.created', 'users', '01a216d1-061d-7158-accd-8f218361dbb6', 'Ada Tester', NULL, '{"id":"01a216d1-061d-7158-accd-8f218361dbb6","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","role_id":"5eed0003-0000-8000-8000-000000000004","access_level":"facility_admin","first_name":"Ada","last_name":"Tester","email":null,"phone":null,"profile_image_url":null,"implant_company_id":null,"closing_workflow":"surgeon_closes","closing_handoff_minutes":0,"invited_by":null,"invited_at":null,"last_login_at":null,"last_active_at":null,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-061d-7158-accd-8f201760668c","operation":"create_user"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-061f-7104-b47b-b6095ebf6b06', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0605-7613-8087-24dbce1c2577', 'grace@orbit.test', NULL, NULL, 'users.created', 'users', '01a216d1-061e-72b7-b258-a6a690b553b9', 'Uma Tester', NULL, '{"id":"01a216d1-061e-72b7-b258-a6a690b553b9","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","role_id":"5eed0003-0000-8000-8000-000000000004","access_level":"user","first_name":"Uma","last_name":"Tester","email":null,"phone":null,"profile_image_url":null,"implant_company_id":null,"closing_workflow":"surgeon_closes","closing_handoff_minutes":0,"invited_by":null,"invited_at":null,"last_login_at":null,"last_active_at":null,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-061e-72b7-b258-a6a54a1533e2","operation":"create_user"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0621-7535-821a-0ea6d1e8de44', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061d-7158-accd-8f218361dbb6', NULL, NULL, NULL, 'or_rooms.created', 'or_rooms', '01a216d1-0620-709a-906b-5341d3e80799', 'OR1', NULL, '{"id":"01a216d1-0620-709a-906b-5341d3e80799","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","name":"OR1","display_order":1,"available_hours":10.0,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-0620-709a-906b-5340e6630d35","operation":"create"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0624-738b-82c5-60ca43008ca6', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0605-7613-8087-24dbce1c2577', 'grace@orbit.test', NULL, NULL, 'users.created', 'users', '01a216d1-0623-757b-b3c0-e17e25849701', 'Sam Surgeon', NULL, '{"id":"01a216d1-0623-757b-b3c0-e17e25849701","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","role_id":"5eed0003-0000-8000-8000-000000000001","access_level":"user","first_name":"Sam","last_name":"Surgeon","email":null,"phone":null,"profile_image_url":null,"implant_company_id":null,"closing_workflow":"surgeon_closes","closing_handoff_minutes":0,"invited_by":null,"invited_at":null,"last_login_at":null,"last_active_at":null,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-0623-757b-b3c0-e17d6dcc9264","operation":"create_user"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0629-7176-b922-9aeb87c320e9', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061d-7158-accd-8f218361dbb6', NULL, NULL, NULL, 'procedure_types.created', 'procedure_types', '01a216d1-0628-74e8-9794-c5ea2ba1e0ff', 'P', NULL, '{"id":"01a216d1-0628-74e8-9794-c5ea2ba1e0ff","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","name":"P","body_region_id":null,"technique_id":null,"procedure_category_id":null,"source_template_id":null,"implant_category":null,"requires_rep":false,"requires_operative_side":false,"arrival_lead_time_minutes":null,"expected_duration_minutes":null,"milestone_template_id":null,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-0628-74e8-9794-c5e930f6fe37","operation":"create"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-062c-77bc-880a-6082b267a54e', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0605-7613-8087-24dbce1c2577', 'grace@orbit.test', NULL, NULL, 'users.created', 'users', '01a216d1-062b-75d0-9bd9-6b2c72aac87d', 'Cora Tester', NULL, '{"id":"01a216d1-062b-75d0-9bd9-6b2c72aac87d","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","role_id":"5eed0003-0000-8000-8000-000000000004","access_level":"coordinator","first_name":"Cora","last_name":"Tester","email":null,"phone":null,"profile_image_url":null,"implant_company_id":null,"closing_workflow":"surgeon_closes","closing_handoff_minutes":0,"invited_by":null,"invited_at":null,"last_login_at":null,"last_active_at":null,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-062b-75d0-9bd9-6b2b8723397f","operation":"create_user"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0631-737a-9687-161719f871c5', NULL, '01a216d1-0605-7613-8087-24dbce1c2577', 'grace@orbit.test', NULL, NULL, 'implant_companies.created', 'implant_companies', '01a216d1-0630-7705-9a11-17d6e7cc0fd0', 'Stryker', NULL, '{"id":"01a216d1-0630-7705-9a11-17d6e7cc0fd0","facility_id":null,"name":"Stryker","source_company_id":null,"created_by":"01a216d1-0605-7613-8087-24dbce1c2577","is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-09T15:00:00.000Z","updated_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-0630-7705-9a11-17d5e809063f","operation":"create"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0633-7676-93a6-30c23034ab74', NULL, '01a216d1-061d-7158-accd-8f218361dbb6', NULL, NULL, NULL, 'users.created', 'users', '01a216d1-0632-7428-8160-83e3fa67a966', 'Rey Rep', NULL, '{"id":"01a216d1-0632-7428-8160-83e3fa67a966","facility_id":null,"role_id":"5eed0003-0000-8000-8000-000000000009","access_level":"device_rep","first_name":"Rey","last_name":"Rep","email":null,"phone":null,"profile_image_url":null,"implant_company_id":"01a216d1-0630-7705-9a11-17d6e7cc0fd0","closing_workflow":"surgeon_closes","closing_handoff_minutes":0,"invited_by":"01a216d1-061d-7158-accd-8f218361dbb6","invited_at":"2026-02-09T15:00:00.000Z","last_login_at":null,"last_active_at":null,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-0632-7428-8160-83e2d360b37a","operation":"invite_device_rep"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0633-7676-93a6-30c491601c39', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061d-7158-accd-8f218361dbb6', NULL, NULL, NULL, 'facility_device_reps.created', 'facility_device_reps', '01a216d1-0633-7676-93a6-30c34f4c9f63', 'Device rep access', NULL, '{"id":"01a216d1-0633-7676-93a6-30c34f4c9f63","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","user_id":"01a216d1-0632-7428-8160-83e3fa67a966","status":"pending","invited_by":"01a216d1-061d-7158-accd-8f218361dbb6","invited_at":"2026-02-09T15:00:00.000Z","accepted_at":null,"created_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-0632-7428-8160-83e2d360b37a","operation":"invite_device_rep"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0639-7273-a09d-d148c370feeb', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0632-7428-8160-83e3fa67a966', NULL, NULL, NULL, 'device_rep.access_accepted', 'facility_device_reps', '01a216d1-0633-7676-93a6-30c34f4c9f63', 'Device rep access', '{"status":"pending","accepted_at":null}', '{"status":"accepted","accepted_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-0638-72c1-898e-2cf6fee4dc3b","operation":"accept_device_rep_invitation"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-063a-7536-866b-7ad6cbf32c10', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0605-7613-8087-24dbce1c2577', 'grace@orbit.test', NULL, NULL, 'users.created', 'users', '01a216d1-0639-7273-a09d-d14ac42c8e1a', 'Nia Tester', NULL, '{"id":"01a216d1-0639-7273-a09d-d14ac42c8e1a","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","role_id":"5eed0003-0000-8000-8000-000000000004","access_level":"user","first_name":"Nia","last_name":"Tester","email":null,"phone":null,"profile_image_url":null,"implant_company_id":null,"closing_workflow":"surgeon_closes","closing_handoff_minutes":0,"invited_by":null,"invited_at":null,"last_login_at":null,"last_active_at":null,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-0639-7273-a09d-d149f21116ae","operation":"create_user"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0648-7115-96a2-41c50a8035cf', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'case.created', 'cases', '01a216d1-0640-77a2-a48a-894f97f1c30a', 'Case #1001', NULL, '{"id":"01a216d1-0640-77a2-a48a-894f97f1c30a","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","case_number":"1001","scheduled_date":"2026-02-10","start_time":"07:30:00","status_id":"5eed0001-0000-8000-8000-000000000001","is_draft":false,"or_room_id":"01a216d1-0620-709a-906b-5341d3e80799","procedure_type_id":"01a216d1-0628-74e8-9794-c5ea2ba1e0ff","surgeon_id":"01a216d1-0623-757b-b3c0-e17e25849701","payer_id":null,"patient_id":null,"milestone_template_id":"01a216d1-060a-7361-ac80-574a0991b04d","operative_side":null,"notes":null,"call_time":null,"call_time_recorded_by":null,"called_next_case_id":null,"called_back_at":null,"called_back_by":null,"surgeon_left_at":null,"rep_required_override":null,"data_validated":false,"validated_at":null,"validated_by":null,"is_excluded_from_metrics":false,"cancelled_at":null,"cancelled_by":null,"cancellation_reason_id":null,"cancellation_notes":null,"source":"manual","external_case_id":null,"external_system":null,"import_source":null,"primary_diagnosis_code":null,"primary_diagnosis_desc":null,"created_by":"01a216d1-061e-72b7-b258-a6a690b553b9","created_at":"2026-02-09T15:00:00.000Z","updated_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-063f-70f6-bfe0-963b81038bce","operation":"create_case","milestone_count":10}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-064c-7688-8c16-21e1c66846f7', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'case_staff.added', 'case_staff', '01a216d1-064c-7688-8c16-21e0887ce68e', 'Case #1001', NULL, '{"id":"01a216d1-064c-7688-8c16-21e0887ce68e","case_id":"01a216d1-0640-77a2-a48a-894f97f1c30a","user_id":"01a216d1-0639-7273-a09d-d14ac42c8e1a","role_id":"5eed0003-0000-8000-8000-000000000004","removed_at":null,"removed_by":null,"created_at":"2026-02-09T15:00:00.000Z"}', '{"call_id":"01a216d1-064b-723e-b43d-abb6bac8f65a","operation":"add_staff"}', 1, NULL, NULL, NULL, 1770649200000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0654-75d7-9ae9-3ef865610ab8', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'milestone.recorded', 'case_milestones', '01a216d1-0640-77a2-a48a-89508bceba39', 'Patient In Room on Case #1001', NULL, '{"milestone":"patient_in","recorded_at":"2026-02-10T12:35:20.000Z"}', '{"call_id":"01a216d1-064d-7375-82fe-1e4cd605147e","operation":"record_milestone"}', 1, NULL, NULL, NULL, 1770726920000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0654-75d7-9ae9-3ef9255ce9cb', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'case.status_changed', 'cases', '01a216d1-0640-77a2-a48a-894f97f1c30a', 'Case #1001', '{"status":"scheduled"}', '{"status":"in_progress"}', '{"call_id":"01a216d1-064d-7375-82fe-1e4cd605147e","operation":"record_milestone"}', 1, NULL, NULL, NULL, 1770726920000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0657-7089-8842-fbd16aa12238', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'milestone.recorded', 'case_milestones', '01a216d1-0640-77a2-a48a-895519b55709', 'Incision on Case #1001', NULL, '{"milestone":"incision","recorded_at":"2026-02-10T13:10:00.000Z"}', '{"call_id":"01a216d1-0656-7750-9a48-e2791d153d02","operation":"record_milestone"}', 1, NULL, NULL, NULL, 1770729000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-065a-776c-b826-05a6ba7aff04', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'milestone.recorded', 'case_milestones', '01a216d1-0640-77a2-a48a-89565a7a0042', 'Closing on Case #1001', NULL, '{"milestone":"closing","recorded_at":"2026-02-10T14:20:40.000Z"}', '{"call_id":"01a216d1-0658-7184-b24a-55f516ffe387","operation":"record_milestone"}', 1, NULL, NULL, NULL, 1770733240000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0662-77a5-aef1-d6f033edb869', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'milestone.recorded', 'case_milestones', '01a216d1-0640-77a2-a48a-8958716450f5', 'Patient Out on Case #1001', NULL, '{"milestone":"patient_out","recorded_at":"2026-02-10T14:40:50.000Z"}', '{"call_id":"01a216d1-0660-7562-9835-b51bf2f947f7","operation":"record_milestone"}', 1, NULL, NULL, NULL, 1770734450000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0662-77a5-aef1-d6f1451f52aa', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'case.status_changed', 'cases', '01a216d1-0640-77a2-a48a-894f97f1c30a', 'Case #1001', '{"status":"in_progress"}', '{"status":"completed"}', '{"call_id":"01a216d1-0660-7562-9835-b51bf2f947f7","operation":"record_milestone"}', 1, NULL, NULL, NULL, 1770734450000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0662-77a5-aef1-d6f2ca310d76', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'case.validated', 'cases', '01a216d1-0640-77a2-a48a-894f97f1c30a', 'Case #1001', '{"data_validated":false,"validated_at":null}', '{"data_validated":true,"validated_at":"2026-02-10T14:40:50.000Z"}', '{"call_id":"01a216d1-0660-7562-9835-b51bf2f947f7","operation":"record_milestone","auto":true}', 1, NULL, NULL, NULL, 1770734450000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-066e-746f-a4a6-bd6ca45025c0', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'case.created', 'cases', '01a216d1-066c-71ff-981e-8cb70830c5f9', 'Case #1002', NULL, '{"id":"01a216d1-066c-71ff-981e-8cb70830c5f9","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","case_number":"1002","scheduled_date":"2026-02-10","start_time":"10:00:00","status_id":"5eed0001-0000-8000-8000-000000000001","is_draft":false,"or_room_id":"01a216d1-0620-709a-906b-5341d3e80799","procedure_type_id":"01a216d1-0628-74e8-9794-c5ea2ba1e0ff","surgeon_id":"01a216d1-0623-757b-b3c0-e17e25849701","payer_id":null,"patient_id":null,"milestone_template_id":"01a216d1-060a-7361-ac80-574a0991b04d","operative_side":null,"notes":null,"call_time":null,"call_time_recorded_by":null,"called_next_case_id":null,"called_back_at":null,"called_back_by":null,"surgeon_left_at":null,"rep_required_override":null,"data_validated":false,"validated_at":null,"validated_by":null,"is_excluded_from_metrics":false,"cancelled_at":null,"cancelled_by":null,"cancellation_reason_id":null,"cancellation_notes":null,"source":"manual","external_case_id":null,"external_system":null,"import_source":null,"primary_diagnosis_code":null,"primary_diagnosis_desc":null,"created_by":"01a216d1-061e-72b7-b258-a6a690b553b9","created_at":"2026-02-10T14:40:50.000Z","updated_at":"2026-02-10T14:40:50.000Z"}', '{"call_id":"01a216d1-066b-76eb-9f9b-ef9ebb1b3a55","operation":"create_case","milestone_count":10}', 1, NULL, NULL, NULL, 1770734450000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0674-714d-a580-a29b108185f3', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'milestone.recorded', 'case_milestones', '01a216d1-066d-73c7-b659-d79bddc36a22', 'Patient In Room on Case #1002', NULL, '{"milestone":"patient_in","recorded_at":"2026-02-10T15:05:00.000Z"}', '{"call_id":"01a216d1-0672-7336-b524-c461343a74a8","operation":"record_milestone"}', 1, NULL, NULL, NULL, 1770735900000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0674-714d-a580-a29c6b3a4bf2', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'case.status_changed', 'cases', '01a216d1-066c-71ff-981e-8cb70830c5f9', 'Case #1002', '{"status":"scheduled"}', '{"status":"in_progress"}', '{"call_id":"01a216d1-0672-7336-b524-c461343a74a8","operation":"record_milestone"}', 1, NULL, NULL, NULL, 1770735900000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0678-70ba-bbf3-6663726b8767', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'milestone.recorded', 'case_milestones', '01a216d1-066d-73c7-b659-d7a0ddeb599a', 'Incision on Case #1002', NULL, '{"milestone":"incision","recorded_at":"2026-02-10T16:30:00.000Z"}', '{"call_id":"01a216d1-0677-7014-b37e-0549628e241b","operation":"record_milestone"}', 1, NULL, NULL, NULL, 1770741000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-067d-77e0-ac7f-ead8ba05b4bd', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'milestone.recorded', 'case_milestones', '01a216d1-066d-73c7-b659-d7a1ca147f4c', 'Closing on Case #1002', NULL, '{"milestone":"closing","recorded_at":"2026-02-10T18:00:00.000Z"}', '{"call_id":"01a216d1-067b-7258-b1fc-92e5f2305a0b","operation":"record_milestone"}', 1, NULL, NULL, NULL, 1770746400000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0686-7151-83b7-7c85f6549958', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'milestone.recorded', 'case_milestones', '01a216d1-066d-73c7-b659-d7a39f884a16', 'Patient Out on Case #1002', NULL, '{"milestone":"patient_out","recorded_at":"2026-02-10T18:40:00.000Z"}', '{"call_id":"01a216d1-0683-7606-8938-dbdc2979bb93","operation":"record_milestone"}', 1, NULL, NULL, NULL, 1770748800000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0686-7151-83b7-7c8654ba9b5b', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'case.status_changed', 'cases', '01a216d1-066c-71ff-981e-8cb70830c5f9', 'Case #1002', '{"status":"in_progress"}', '{"status":"completed"}', '{"call_id":"01a216d1-0683-7606-8938-dbdc2979bb93","operation":"record_milestone"}', 1, NULL, NULL, NULL, 1770748800000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0686-7151-83b7-7c870325780e', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'case.validated', 'cases', '01a216d1-066c-71ff-981e-8cb70830c5f9', 'Case #1002', '{"data_validated":false,"validated_at":null}', '{"data_validated":true,"validated_at":"2026-02-10T18:40:00.000Z"}', '{"call_id":"01a216d1-0683-7606-8938-dbdc2979bb93","operation":"record_milestone","auto":true}', 1, NULL, NULL, NULL, 1770748800000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-068c-773c-a6e6-25664a30bd5c', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061d-7158-accd-8f218361dbb6', NULL, NULL, NULL, 'delay_types.created', 'delay_types', '01a216d1-068c-773c-a6e6-2565d2e2488b', 'late_start', NULL, '{"id":"01a216d1-068c-773c-a6e6-2565d2e2488b","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","name":"late_start","display_name":"Late start","display_order":0,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-10T18:40:00.000Z"}', '{"call_id":"01a216d1-068c-773c-a6e6-2564b12dfe5d","operation":"create"}', 1, NULL, NULL, NULL, 1770748800000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-068e-764a-9e32-c4467aba3ddc', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'delay.added', 'case_delays', '01a216d1-068d-71ec-a92a-b690c6b294dd', 'Delay on Case #1002', NULL, '{"id":"01a216d1-068d-71ec-a92a-b690c6b294dd","case_id":"01a216d1-066c-71ff-981e-8cb70830c5f9","delay_type_id":"01a216d1-068c-773c-a6e6-2565d2e2488b","notes":null,"duration_minutes":15,"recorded_at":"2026-02-10T18:40:00.000Z","recorded_by":"01a216d1-061e-72b7-b258-a6a690b553b9","created_at":"2026-02-10T18:40:00.000Z"}', '{"call_id":"01a216d1-068d-71ec-a92a-b68fc618fad9","operation":"report_case_delay"}', 1, NULL, NULL, NULL, 1770748800000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-0697-736c-86c7-3e38a880524c', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'case.created', 'cases', '01a216d1-0696-71e5-b476-16ea29b8e27f', 'Case #1003', NULL, '{"id":"01a216d1-0696-71e5-b476-16ea29b8e27f","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","case_number":"1003","scheduled_date":"2026-02-12","start_time":"08:00:00","status_id":"5eed0001-0000-8000-8000-000000000001","is_draft":false,"or_room_id":"01a216d1-0620-709a-906b-5341d3e80799","procedure_type_id":"01a216d1-0628-74e8-9794-c5ea2ba1e0ff","surgeon_id":"01a216d1-0623-757b-b3c0-e17e25849701","payer_id":null,"patient_id":null,"milestone_template_id":"01a216d1-060a-7361-ac80-574a0991b04d","operative_side":null,"notes":null,"call_time":null,"call_time_recorded_by":null,"called_next_case_id":null,"called_back_at":null,"called_back_by":null,"surgeon_left_at":null,"rep_required_override":null,"data_validated":false,"validated_at":null,"validated_by":null,"is_excluded_from_metrics":false,"cancelled_at":null,"cancelled_by":null,"cancellation_reason_id":null,"cancellation_notes":null,"source":"manual","external_case_id":null,"external_system":null,"import_source":null,"primary_diagnosis_code":null,"primary_diagnosis_desc":null,"created_by":"01a216d1-061e-72b7-b258-a6a690b553b9","created_at":"2026-02-11T15:00:00.000Z","updated_at":"2026-02-11T15:00:00.000Z"}', '{"call_id":"01a216d1-0695-7393-9f0f-171b33207346","operation":"create_case","milestone_count":10}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-06a2-749d-b2af-ac6ba14ef942', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-062b-75d0-9bd9-6b2c72aac87d', NULL, NULL, NULL, 'case.cancelled', 'cases', '01a216d1-0696-71e5-b476-16ea29b8e27f', 'Case #1003', '{"status":"scheduled"}', '{"status":"cancelled","cancellation_reason":"ehr_system_cancellation","cancellation_category":"system","had_milestones":false,"milestone_count":0,"cancellation_notes":null}', '{"call_id":"01a216d1-06a0-70d2-ba96-4861e510f749","operation":"cancel_case"}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-06a6-7334-80e1-25affe2384a6', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'case.created', 'cases', '01a216d1-06a5-7030-85d9-468e84857a31', 'Case #1004', NULL, '{"id":"01a216d1-06a5-7030-85d9-468e84857a31","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","case_number":"1004","scheduled_date":"2026-02-12","start_time":"09:00:00","status_id":"5eed0001-0000-8000-8000-000000000001","is_draft":false,"or_room_id":"01a216d1-0620-709a-906b-5341d3e80799","procedure_type_id":"01a216d1-0628-74e8-9794-c5ea2ba1e0ff","surgeon_id":"01a216d1-0623-757b-b3c0-e17e25849701","payer_id":null,"patient_id":null,"milestone_template_id":"01a216d1-060a-7361-ac80-574a0991b04d","operative_side":null,"notes":null,"call_time":null,"call_time_recorded_by":null,"called_next_case_id":null,"called_back_at":null,"called_back_by":null,"surgeon_left_at":null,"rep_required_override":null,"data_validated":false,"validated_at":null,"validated_by":null,"is_excluded_from_metrics":false,"cancelled_at":null,"cancelled_by":null,"cancellation_reason_id":null,"cancellation_notes":null,"source":"manual","external_case_id":null,"external_system":null,"import_source":null,"primary_diagnosis_code":null,"primary_diagnosis_desc":null,"created_by":"01a216d1-061e-72b7-b258-a6a690b553b9","created_at":"2026-02-11T15:00:00.000Z","updated_at":"2026-02-11T15:00:00.000Z"}', '{"call_id":"01a216d1-06a4-75ba-8cb3-c5a466cc648d","operation":"create_case","milestone_count":10}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-06b9-734d-878f-f7b98e890392', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061d-7158-accd-8f218361dbb6', NULL, NULL, NULL, 'preop_checklist_fields.created', 'preop_checklist_fields', '01a216d1-06b7-7375-bbf8-8bcebcd9d2e8', 'ride', NULL, '{"id":"01a216d1-06b7-7375-bbf8-8bcebcd9d2e8","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","field_key":"ride","display_label":"Ride","field_type":"text","options":null,"default_value":null,"placeholder":null,"is_required":false,"show_on_escort_page":false,"display_order":0,"source_template_id":null,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-11T15:00:00.000Z","updated_at":"2026-02-11T15:00:00.000Z"}', '{"call_id":"01a216d1-06b7-7375-bbf8-8bcd45a32385","operation":"create"}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-06c6-74ba-bc0d-e6c81a49eb0b', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, NULL, NULL, 'checkin.escort_link_generated', 'escort_status_links', '01a216d1-06c5-7110-89f2-21f59430ac28', '1004', NULL, '{"checkin_id":"01a216d1-06a7-73c8-a4e3-b6c8c696932c","expires_at":"2099-01-01T00:00:00.000Z","is_active":true,"revoked_at":null}', '{"call_id":"01a216d1-06c5-7110-89f2-21f40b8fc0a6","operation":"generate_escort_link"}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-06c8-7727-9847-70933409fabf', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061d-7158-accd-8f218361dbb6', NULL, NULL, NULL, 'block_schedules.created', 'block_schedules', '01a216d1-06c7-774b-b0ab-cf9b038a45c4', 'block schedules', NULL, '{"id":"01a216d1-06c7-774b-b0ab-cf9b038a45c4","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","surgeon_id":"01a216d1-0623-757b-b3c0-e17e25849701","or_room_id":"01a216d1-0620-709a-906b-5341d3e80799","day_of_week":2,"start_time":"07:00:00","end_time":"15:00:00","recurrence_type":"weekly","effective_start":"2026-01-01","effective_end":null,"exception_dates":[],"notes":null,"created_by":"01a216d1-061d-7158-accd-8f218361dbb6","deleted_at":null,"deleted_by":null,"created_at":"2026-02-11T15:00:00.000Z","updated_at":"2026-02-11T15:00:00.000Z"}', '{"call_id":"01a216d1-06c6-74ba-bc0d-e6c9b7030bb9","operation":"create"}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-06ca-7348-81bc-092cdfce58fc', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061d-7158-accd-8f218361dbb6', NULL, NULL, NULL, 'facility_holidays.created', 'facility_holidays', '01a216d1-06c9-7797-965b-e533972c0a3d', 'Founders', NULL, '{"id":"01a216d1-06c9-7797-965b-e533972c0a3d","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","name":"Founders","month":7,"day":4,"week_of_month":null,"day_of_week":null,"is_active":true,"is_partial":false,"partial_close_time":null,"created_by":"01a216d1-061d-7158-accd-8f218361dbb6","created_at":"2026-02-11T15:00:00.000Z","updated_at":"2026-02-11T15:00:00.000Z"}', '{"call_id":"01a216d1-06c9-7797-965b-e53233035f8c","operation":"create"}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-06cf-77f0-9866-b3f12a388593', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-061d-7158-accd-8f218361dbb6', NULL, NULL, NULL, 'flag_rules.created', 'flag_rules', '01a216d1-06cb-7101-8fba-f829a22e187d', 'Long case', NULL, '{"id":"01a216d1-06cb-7101-8fba-f829a22e187d","facility_id":"01a216d1-0608-753a-9b18-a4aba38094c2","name":"Long case","description":null,"category":"timing","metric":"total_case_time","start_milestone":"patient_in","end_milestone":"patient_out","operator":"gt","threshold_type":"absolute","threshold_value":180.0,"threshold_value_max":null,"comparison_scope":"facility","severity":"warning","display_order":81,"is_built_in":false,"is_enabled":true,"source_rule_id":null,"cost_category_id":null,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-11T15:00:00.000Z","updated_at":"2026-02-11T15:00:00.000Z"}', '{"call_id":"01a216d1-06cb-7101-8fba-f828110bcde8","operation":"create_flag_rule"}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-06d9-766d-a2ba-1439b9ee1a53', '01a216d1-06d3-72d3-9d19-73fb66a49568', '01a216d1-0605-7613-8087-24dbce1c2577', 'grace@orbit.test', NULL, NULL, 'facilities.provisioned', 'facilities', '01a216d1-06d3-72d3-9d19-73fb66a49568', 'G', NULL, '{"id":"01a216d1-06d3-72d3-9d19-73fb66a49568","name":"G","address":null,"street_address":null,"street_address_2":null,"city":null,"state":null,"zip_code":null,"phone":null,"facility_type":null,"logo_url":null,"case_number_prefix":null,"country":"US","timezone":"America/New_York","or_hourly_rate":null,"default_arrival_lead_time_minutes":90,"rep_reminder_hours_before_case":24,"rep_delivery_reminder_hours_before_case":4,"is_demo":false,"subscription_status":"trial","trial_ends_at":null,"subscription_started_at":null,"subscription_ends_at":null,"stripe_customer_id":null,"created_at":"2026-02-11T15:00:00.000Z"}', '{"call_id":"01a216d1-06d3-72d3-9d19-73fac85fcebd","operation":"provision_facility","parts":{"milestones":10,"facility_phases":4,"procedures":0,"milestone_templates":1,"milestone_template_items":13,"flag_rules":9,"analytics_settings":1,"payers":5,"delay_types":0,"cost_categories":4,"implant_companies":1,"complexities":0,"cancellation_reasons":1,"preop_checklist_fields":0,"permissions":4}}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-06e0-75ea-b81e-22cb03449fa4', '01a216d1-06d3-72d3-9d19-73fb66a49568', '01a216d1-0605-7613-8087-24dbce1c2577', 'grace@orbit.test', NULL, NULL, 'users.created', 'users', '01a216d1-06e0-75ea-b81e-22ca3ccc298e', 'Gil Tester', NULL, '{"id":"01a216d1-06e0-75ea-b81e-22ca3ccc298e","facility_id":"01a216d1-06d3-72d3-9d19-73fb66a49568","role_id":"5eed0003-0000-8000-8000-000000000004","access_level":"facility_admin","first_name":"Gil","last_name":"Tester","email":null,"phone":null,"profile_image_url":null,"implant_company_id":null,"closing_workflow":"surgeon_closes","closing_handoff_minutes":0,"invited_by":null,"invited_at":null,"last_login_at":null,"last_active_at":null,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-11T15:00:00.000Z"}', '{"call_id":"01a216d1-06e0-75ea-b81e-22c988adf50e","operation":"create_user"}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-06e1-7523-8cc5-cad8e54d39d3', '01a216d1-06d3-72d3-9d19-73fb66a49568', '01a216d1-0605-7613-8087-24dbce1c2577', 'grace@orbit.test', NULL, NULL, 'users.created', 'users', '01a216d1-06e1-7523-8cc5-cad77163f16a', 'Gus Tester', NULL, '{"id":"01a216d1-06e1-7523-8cc5-cad77163f16a","facility_id":"01a216d1-06d3-72d3-9d19-73fb66a49568","role_id":"5eed0003-0000-8000-8000-000000000004","access_level":"user","first_name":"Gus","last_name":"Tester","email":null,"phone":null,"profile_image_url":null,"implant_company_id":null,"closing_workflow":"surgeon_closes","closing_handoff_minutes":0,"invited_by":null,"invited_at":null,"last_login_at":null,"last_active_at":null,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-11T15:00:00.000Z"}', '{"call_id":"01a216d1-06e1-7523-8cc5-cad6fef0c750","operation":"create_user"}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-06e2-77a7-864f-2724ac50671b', '01a216d1-06d3-72d3-9d19-73fb66a49568', '01a216d1-06e0-75ea-b81e-22ca3ccc298e', NULL, NULL, NULL, 'or_rooms.created', 'or_rooms', '01a216d1-06e2-77a7-864f-2723d56214ae', 'G-OR1', NULL, '{"id":"01a216d1-06e2-77a7-864f-2723d56214ae","facility_id":"01a216d1-06d3-72d3-9d19-73fb66a49568","name":"G-OR1","display_order":1,"available_hours":10.0,"is_active":true,"deleted_at":null,"deleted_by":null,"created_at":"2026-02-11T15:00:00.000Z"}', '{"call_id":"01a216d1-06e2-77a7-864f-27221cd0c066","operation":"create"}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "audit_log" ("id", "facility_id", "user_id", "user_email", "impersonating_user_id", "impersonating_user_email", "action", "target_type", "target_id", "target_label", "old_values", "new_values", "metadata", "success", "error_message", "ip_address", "user_agent", "created_at") VALUES ('01a216d1-06e4-766d-a8ad-dc54fb830b1b', '01a216d1-06d3-72d3-9d19-73fb66a49568', '01a216d1-06e1-7523-8cc5-cad77163f16a', NULL, NULL, NULL, 'case.created', 'cases', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', 'Case #G-1', NULL, '{"id":"01a216d1-06e3-770f-aca8-1a3fea1dd72c","facility_id":"01a216d1-06d3-72d3-9d19-73fb66a49568","case_number":"G-1","scheduled_date":"2026-02-13","start_time":"08:00:00","status_id":"5eed0001-0000-8000-8000-000000000001","is_draft":false,"or_room_id":"01a216d1-06e2-77a7-864f-2723d56214ae","procedure_type_id":null,"surgeon_id":null,"payer_id":null,"patient_id":null,"milestone_template_id":"01a216d1-06d5-758a-9a98-c13dbd923f3d","operative_side":null,"notes":null,"call_time":null,"call_time_recorded_by":null,"called_next_case_id":null,"called_back_at":null,"called_back_by":null,"surgeon_left_at":null,"rep_required_override":null,"data_validated":false,"validated_at":null,"validated_by":null,"is_excluded_from_metrics":false,"cancelled_at":null,"cancelled_by":null,"cancellation_reason_id":null,"cancellation_notes":null,"source":"manual","external_case_id":null,"external_system":null,"import_source":null,"primary_diagnosis_code":null,"primary_diagnosis_desc":null,"created_by":"01a216d1-06e1-7523-8cc5-cad77163f16a","created_at":"2026-02-11T15:00:00.000Z","updated_at":"2026-02-11T15:00:00.000Z"}', '{"call_id":"01a216d1-06e2-77a7-864f-2725c7fddc62","operation":"create_case","milestone_count":10}', 1, NULL, NULL, NULL, 1770822000000);
INSERT INTO "case_history" ("id", "facility_id", "case_id", "change_type", "changed_fields", "change_source", "changed_by", "ehr_integration_log_id", "created_at") VALUES ('01a216d1-0648-7115-96a2-41c44f8e653d', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0640-77a2-a48a-894f97f1c30a', 'created', '{}', 'manual', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, 1770649200000);
INSERT INTO "case_history" ("id", "facility_id", "case_id", "change_type", "changed_fields", "change_source", "changed_by", "ehr_integration_log_id", "created_at") VALUES ('01a216d1-0653-703b-98ea-4e972c7e9b2c', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0640-77a2-a48a-894f97f1c30a', 'status_change', '{"status_id":{"old":"5eed0001-0000-8000-8000-000000000001","new":"5eed0001-0000-8000-8000-000000000002"}}', 'manual', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, 1770726920000);
INSERT INTO "case_history" ("id", "facility_id", "case_id", "change_type", "changed_fields", "change_source", "changed_by", "ehr_integration_log_id", "created_at") VALUES ('01a216d1-0662-77a5-aef1-d6ef4c9d3540', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0640-77a2-a48a-894f97f1c30a', 'status_change', '{"status_id":{"old":"5eed0001-0000-8000-8000-000000000002","new":"5eed0001-0000-8000-8000-000000000003"},"data_validated":{"old":"false","new":"true"}}', 'manual', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, 1770734450000);
INSERT INTO "case_history" ("id", "facility_id", "case_id", "change_type", "changed_fields", "change_source", "changed_by", "ehr_integration_log_id", "created_at") VALUES ('01a216d1-066d-73c7-b659-d7a5bc5a7f12', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-066c-71ff-981e-8cb70830c5f9', 'created', '{}', 'manual', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, 1770734450000);
INSERT INTO "case_history" ("id", "facility_id", "case_id", "change_type", "changed_fields", "change_source", "changed_by", "ehr_integration_log_id", "created_at") VALUES ('01a216d1-0673-7262-976c-da55986f2fc3', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-066c-71ff-981e-8cb70830c5f9', 'status_change', '{"status_id":{"old":"5eed0001-0000-8000-8000-000000000001","new":"5eed0001-0000-8000-8000-000000000002"}}', 'manual', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, 1770735900000);
INSERT INTO "case_history" ("id", "facility_id", "case_id", "change_type", "changed_fields", "change_source", "changed_by", "ehr_integration_log_id", "created_at") VALUES ('01a216d1-0686-7151-83b7-7c849ef7311d', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-066c-71ff-981e-8cb70830c5f9', 'status_change', '{"status_id":{"old":"5eed0001-0000-8000-8000-000000000002","new":"5eed0001-0000-8000-8000-000000000003"},"data_validated":{"old":"false","new":"true"}}', 'manual', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, 1770748800000);
INSERT INTO "case_history" ("id", "facility_id", "case_id", "change_type", "changed_fields", "change_source", "changed_by", "ehr_integration_log_id", "created_at") VALUES ('01a216d1-0697-736c-86c7-3e37c472e31b', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0696-71e5-b476-16ea29b8e27f', 'created', '{}', 'manual', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, 1770822000000);
INSERT INTO "case_history" ("id", "facility_id", "case_id", "change_type", "changed_fields", "change_source", "changed_by", "ehr_integration_log_id", "created_at") VALUES ('01a216d1-06a2-749d-b2af-ac6a1a1af873', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-0696-71e5-b476-16ea29b8e27f', 'cancelled', '{"status_id":{"old":"5eed0001-0000-8000-8000-000000000001","new":"5eed0001-0000-8000-8000-000000000006"},"cancelled_at":{"old":null,"new":"2026-02-11T15:00:00.000Z"},"cancellation_reason_id":{"old":null,"new":"01a216d1-0615-7408-9a85-331d0faeee18"}}', 'manual', '01a216d1-062b-75d0-9bd9-6b2c72aac87d', NULL, 1770822000000);
INSERT INTO "case_history" ("id", "facility_id", "case_id", "change_type", "changed_fields", "change_source", "changed_by", "ehr_integration_log_id", "created_at") VALUES ('01a216d1-06a6-7334-80e1-25ae86956898', '01a216d1-0608-753a-9b18-a4aba38094c2', '01a216d1-06a5-7030-85d9-468e84857a31', 'created', '{}', 'manual', '01a216d1-061e-72b7-b258-a6a690b553b9', NULL, 1770822000000);
INSERT INTO "case_history" ("id", "facility_id", "case_id", "change_type", "changed_fields", "change_source", "changed_by", "ehr_integration_log_id", "created_at") VALUES ('01a216d1-06e4-766d-a8ad-dc538b91a8da', '01a216d1-06d3-72d3-9d19-73fb66a49568', '01a216d1-06e3-770f-aca8-1a3fea1dd72c', 'created', '{}', 'manual', '01a216d1-06e1-7523-8cc5-cad77163f16a', NULL, 1770822000000);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_facility_id_idx ON users (facility_id);
CREATE INDEX users_role_id_idx ON users (role_id);
CREATE INDEX users_implant_company_id_idx ON users (implant_company_id);
CREATE UNIQUE INDEX user_roles_name_key ON user_roles (name);
CREATE UNIQUE INDEX facility_device_reps_facility_id_user_id_key ON facility_device_reps (facility_id, user_id);
CREATE INDEX facility_device_reps_user_id_idx ON facility_device_reps (user_id);
CREATE INDEX facility_device_reps_status_idx ON facility_device_reps (status);
CREATE UNIQUE INDEX device_rep_facility_access_user_id_facility_id_key ON device_rep_facility_access (user_id, facility_id);
CREATE INDEX device_rep_facility_access_facility_id_idx ON device_rep_facility_access (facility_id);
CREATE UNIQUE INDEX case_statuses_name_key ON case_statuses (name);
CREATE UNIQUE INDEX patient_statuses_name_key ON patient_statuses (name);
CREATE UNIQUE INDEX issue_types_name_key ON issue_types (name);
CREATE UNIQUE INDEX resolution_types_name_key ON resolution_types (name);
CREATE UNIQUE INDEX body_regions_name_key ON body_regions (name);
CREATE UNIQUE INDEX procedure_categories_name_key ON procedure_categories (name);
CREATE INDEX procedure_categories_body_region_id_idx ON procedure_categories (body_region_id);
CREATE INDEX procedure_categories_display_order_idx ON procedure_categories (display_order);
CREATE UNIQUE INDEX procedure_techniques_name_key ON procedure_techniques (name);
CREATE UNIQUE INDEX milestone_types_name_key ON milestone_types (name);
CREATE INDEX milestone_types_pair_with_id_idx ON milestone_types (pair_with_id);
CREATE UNIQUE INDEX phase_templates_name_key ON phase_templates (name);
CREATE INDEX phase_templates_parent_phase_template_id_idx ON phase_templates (parent_phase_template_id);
CREATE UNIQUE INDEX milestone_template_types_name_key ON milestone_template_types (name);
CREATE UNIQUE INDEX milestone_template_types_is_default_key ON milestone_template_types (is_default) WHERE is_default = 1;
CREATE INDEX milestone_template_type_items_template_type_id_idx ON milestone_template_type_items (template_type_id);
CREATE INDEX milestone_template_type_items_milestone_type_id_idx ON milestone_template_type_items (milestone_type_id);
CREATE INDEX milestone_template_type_items_phase_template_id_idx ON milestone_template_type_items (phase_template_id);
CREATE UNIQUE INDEX procedure_type_templates_name_key ON procedure_type_templates (name);
CREATE INDEX procedure_type_templates_body_region_id_idx ON procedure_type_templates (body_region_id);
CREATE INDEX procedure_type_templates_procedure_category_id_idx ON procedure_type_templates (procedure_category_id);
CREATE INDEX procedure_type_templates_milestone_template_type_id_idx ON procedure_type_templates (milestone_template_type_id);
CREATE UNIQUE INDEX cost_category_templates_name_key ON cost_category_templates (name);
CREATE UNIQUE INDEX payer_templates_name_key ON payer_templates (name);
CREATE UNIQUE INDEX complexity_templates_name_key ON complexity_templates (name);
CREATE UNIQUE INDEX cancellation_reason_templates_name_key ON cancellation_reason_templates (name);
CREATE UNIQUE INDEX preop_checklist_field_templates_field_key_key ON preop_checklist_field_templates (field_key);
CREATE UNIQUE INDEX facility_milestones_facility_id_name_key ON facility_milestones (facility_id, name);
CREATE INDEX facility_milestones_facility_id_display_order_idx ON facility_milestones (facility_id, display_order);
CREATE INDEX facility_milestones_pair_with_id_idx ON facility_milestones (pair_with_id);
CREATE INDEX facility_milestones_source_milestone_type_id_idx ON facility_milestones (source_milestone_type_id);
CREATE UNIQUE INDEX facility_phases_facility_id_name_key ON facility_phases (facility_id, name) WHERE is_active = 1;
CREATE INDEX facility_phases_facility_id_idx ON facility_phases (facility_id);
CREATE INDEX facility_phases_parent_phase_id_idx ON facility_phases (parent_phase_id);
CREATE UNIQUE INDEX milestone_templates_facility_id_name_key ON milestone_templates (facility_id, name) WHERE is_active = 1;
CREATE UNIQUE INDEX milestone_templates_facility_id_key ON milestone_templates (facility_id) WHERE is_default = 1;
CREATE INDEX milestone_templates_facility_id_idx ON milestone_templates (facility_id);
CREATE UNIQUE INDEX milestone_template_items_template_id_facility_milestone_id_facility_phase_id_key ON milestone_template_items (template_id, facility_milestone_id, COALESCE(facility_phase_id, ''));
CREATE INDEX milestone_template_items_template_id_display_order_idx ON milestone_template_items (template_id, display_order);
CREATE INDEX milestone_template_items_facility_milestone_id_idx ON milestone_template_items (facility_milestone_id);
CREATE INDEX milestone_template_items_facility_phase_id_idx ON milestone_template_items (facility_phase_id);
CREATE UNIQUE INDEX surgeon_template_overrides_facility_id_surgeon_id_procedure_type_id_key ON surgeon_template_overrides (facility_id, surgeon_id, procedure_type_id);
CREATE INDEX surgeon_template_overrides_surgeon_id_procedure_type_id_idx ON surgeon_template_overrides (surgeon_id, procedure_type_id);
CREATE INDEX surgeon_template_overrides_milestone_template_id_idx ON surgeon_template_overrides (milestone_template_id);
CREATE INDEX surgeon_template_overrides_procedure_type_id_idx ON surgeon_template_overrides (procedure_type_id);
CREATE UNIQUE INDEX procedure_types_facility_id_name_key ON procedure_types (facility_id, name);
CREATE INDEX procedure_types_facility_id_is_active_idx ON procedure_types (facility_id, is_active) WHERE deleted_at IS NULL;
CREATE INDEX procedure_types_body_region_id_idx ON procedure_types (body_region_id);
CREATE INDEX procedure_types_technique_id_idx ON procedure_types (technique_id);
CREATE INDEX procedure_types_procedure_category_id_idx ON procedure_types (procedure_category_id);
CREATE INDEX procedure_types_source_template_id_idx ON procedure_types (source_template_id);
CREATE INDEX procedure_types_milestone_template_id_idx ON procedure_types (milestone_template_id);
CREATE UNIQUE INDEX surgeon_procedure_duration_facility_id_surgeon_id_procedure_type_id_key ON surgeon_procedure_duration (facility_id, surgeon_id, procedure_type_id);
CREATE INDEX surgeon_procedure_duration_facility_id_procedure_type_id_idx ON surgeon_procedure_duration (facility_id, procedure_type_id);
CREATE INDEX surgeon_procedure_duration_surgeon_id_idx ON surgeon_procedure_duration (surgeon_id);
CREATE INDEX surgeon_procedure_duration_procedure_type_id_idx ON surgeon_procedure_duration (procedure_type_id);
CREATE UNIQUE INDEX or_rooms_facility_id_name_key ON or_rooms (facility_id, name);
CREATE INDEX or_rooms_facility_id_display_order_idx ON or_rooms (facility_id, display_order);
CREATE INDEX or_rooms_facility_id_is_active_idx ON or_rooms (facility_id, is_active) WHERE deleted_at IS NULL;
CREATE INDEX room_schedules_or_room_id_day_of_week_effective_start_effective_end_idx ON room_schedules (or_room_id, day_of_week, effective_start, effective_end);
CREATE INDEX room_schedules_facility_id_idx ON room_schedules (facility_id);
CREATE INDEX block_schedules_facility_id_day_of_week_idx ON block_schedules (facility_id, day_of_week) WHERE deleted_at IS NULL;
CREATE INDEX block_schedules_surgeon_id_idx ON block_schedules (surgeon_id);
CREATE INDEX block_schedules_facility_id_idx ON block_schedules (facility_id);
CREATE INDEX block_schedules_or_room_id_idx ON block_schedules (or_room_id);
CREATE UNIQUE INDEX facility_closures_facility_id_closure_date_key ON facility_closures (facility_id, closure_date);
CREATE INDEX facility_closures_closure_date_idx ON facility_closures (closure_date);
CREATE UNIQUE INDEX facility_holidays_facility_id_name_key ON facility_holidays (facility_id, name);
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
CREATE UNIQUE INDEX complexities_facility_id_name_key ON complexities (facility_id, name) WHERE facility_id IS NOT NULL;
CREATE UNIQUE INDEX complexities_name_key ON complexities (name) WHERE facility_id IS NULL;
CREATE INDEX complexities_source_template_id_idx ON complexities (source_template_id);
CREATE UNIQUE INDEX delay_types_facility_id_name_key ON delay_types (facility_id, name) WHERE facility_id IS NOT NULL;
CREATE UNIQUE INDEX delay_types_name_key ON delay_types (name) WHERE facility_id IS NULL;
CREATE UNIQUE INDEX implant_companies_facility_id_name_key ON implant_companies (facility_id, name) WHERE facility_id IS NOT NULL;
CREATE UNIQUE INDEX implant_companies_name_key ON implant_companies (name) WHERE facility_id IS NULL;
CREATE INDEX implant_companies_source_company_id_idx ON implant_companies (source_company_id);
CREATE UNIQUE INDEX preop_checklist_fields_facility_id_field_key_key ON preop_checklist_fields (facility_id, field_key);
CREATE INDEX preop_checklist_fields_source_template_id_idx ON preop_checklist_fields (source_template_id);
CREATE INDEX preop_checklist_fields_facility_id_is_active_idx ON preop_checklist_fields (facility_id, is_active) WHERE is_active = 1 AND deleted_at IS NULL;
CREATE UNIQUE INDEX flag_rules_facility_id_source_rule_id_key ON flag_rules (facility_id, source_rule_id) WHERE facility_id IS NOT NULL AND source_rule_id IS NOT NULL;
CREATE INDEX flag_rules_facility_id_idx ON flag_rules (facility_id);
CREATE INDEX flag_rules_metric_idx ON flag_rules (metric);
CREATE INDEX flag_rules_cost_category_id_idx ON flag_rules (cost_category_id);
CREATE INDEX flag_rules_source_rule_id_idx ON flag_rules (source_rule_id);
CREATE UNIQUE INDEX facility_analytics_settings_facility_id_key ON facility_analytics_settings (facility_id);
CREATE UNIQUE INDEX cost_categories_facility_id_name_key ON cost_categories (facility_id, name);
CREATE UNIQUE INDEX payers_facility_id_name_key ON payers (facility_id, name);
CREATE INDEX payers_source_template_id_idx ON payers (source_template_id);
CREATE INDEX payers_facility_id_is_active_idx ON payers (facility_id, is_active) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX procedure_cost_items_procedure_type_id_cost_category_id_effective_from_key ON procedure_cost_items (procedure_type_id, cost_category_id, effective_from);
CREATE INDEX procedure_cost_items_facility_id_procedure_type_id_cost_category_id_effective_from_idx ON procedure_cost_items (facility_id, procedure_type_id, cost_category_id, effective_from);
CREATE INDEX procedure_cost_items_facility_id_procedure_type_id_cost_category_id_idx ON procedure_cost_items (facility_id, procedure_type_id, cost_category_id) WHERE effective_to IS NULL;
CREATE INDEX procedure_cost_items_cost_category_id_idx ON procedure_cost_items (cost_category_id);
CREATE UNIQUE INDEX surgeon_cost_items_surgeon_id_procedure_type_id_cost_category_id_effective_from_key ON surgeon_cost_items (surgeon_id, procedure_type_id, cost_category_id, effective_from);
CREATE INDEX surgeon_cost_items_facility_id_surgeon_id_procedure_type_id_cost_category_id_effective_from_idx ON surgeon_cost_items (facility_id, surgeon_id, procedure_type_id, cost_category_id, effective_from);
CREATE INDEX surgeon_cost_items_facility_id_surgeon_id_procedure_type_id_idx ON surgeon_cost_items (facility_id, surgeon_id, procedure_type_id) WHERE effective_to IS NULL;
CREATE INDEX surgeon_cost_items_procedure_type_id_idx ON surgeon_cost_items (procedure_type_id);
CREATE INDEX surgeon_cost_items_cost_category_id_idx ON surgeon_cost_items (cost_category_id);
CREATE UNIQUE INDEX procedure_reimbursements_procedure_type_id_payer_id_effective_date_key ON procedure_reimbursements (procedure_type_id, COALESCE(payer_id, ''), effective_date);
CREATE INDEX procedure_reimbursements_facility_id_procedure_type_id_payer_id_effective_date_idx ON procedure_reimbursements (facility_id, procedure_type_id, payer_id, effective_date);
CREATE INDEX procedure_reimbursements_payer_id_idx ON procedure_reimbursements (payer_id);
CREATE UNIQUE INDEX financial_targets_facility_id_year_month_key ON financial_targets (facility_id, year, month);
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
CREATE UNIQUE INDEX case_milestones_case_id_facility_milestone_id_key ON case_milestones (case_id, facility_milestone_id);
CREATE INDEX case_milestones_facility_milestone_id_idx ON case_milestones (facility_milestone_id);
CREATE INDEX case_milestones_recorded_at_idx ON case_milestones (recorded_at);
CREATE INDEX case_milestones_source_idx ON case_milestones (source);
CREATE UNIQUE INDEX case_staff_case_id_user_id_key ON case_staff (case_id, user_id);
CREATE INDEX case_staff_user_id_idx ON case_staff (user_id);
CREATE INDEX case_staff_role_id_idx ON case_staff (role_id);
CREATE INDEX case_delays_case_id_idx ON case_delays (case_id);
CREATE INDEX case_delays_delay_type_id_idx ON case_delays (delay_type_id);
CREATE UNIQUE INDEX case_flags_case_id_flag_rule_id_key ON case_flags (case_id, flag_rule_id) WHERE flag_type = 'threshold' AND flag_rule_id IS NOT NULL;
CREATE UNIQUE INDEX case_flags_case_delay_id_key ON case_flags (case_delay_id) WHERE case_delay_id IS NOT NULL;
CREATE INDEX case_flags_case_id_idx ON case_flags (case_id);
CREATE INDEX case_flags_facility_id_severity_created_at_idx ON case_flags (facility_id, severity, created_at DESC);
CREATE INDEX case_flags_created_at_idx ON case_flags (created_at DESC);
CREATE INDEX case_flags_flag_rule_id_idx ON case_flags (flag_rule_id);
CREATE INDEX case_flags_delay_type_id_idx ON case_flags (delay_type_id);
CREATE INDEX case_flags_flag_type_idx ON case_flags (flag_type);
CREATE INDEX case_flags_facility_milestone_id_idx ON case_flags (facility_milestone_id) WHERE facility_milestone_id IS NOT NULL;
CREATE UNIQUE INDEX case_implant_companies_case_id_implant_company_id_key ON case_implant_companies (case_id, implant_company_id);
CREATE INDEX case_implant_companies_implant_company_id_idx ON case_implant_companies (implant_company_id);
CREATE UNIQUE INDEX case_device_companies_case_id_implant_company_id_key ON case_device_companies (case_id, implant_company_id);
CREATE INDEX case_device_companies_implant_company_id_idx ON case_device_companies (implant_company_id);
CREATE INDEX case_device_companies_tray_status_idx ON case_device_companies (tray_status);
CREATE INDEX case_device_companies_tray_status_pending_idx ON case_device_companies (tray_status) WHERE tray_status = 'pending';
CREATE UNIQUE INDEX case_complexities_case_id_complexity_id_key ON case_complexities (case_id, complexity_id);
CREATE INDEX case_complexities_complexity_id_idx ON case_complexities (complexity_id);
CREATE INDEX patients_mrn_facility_id_idx ON patients (mrn, facility_id) WHERE mrn IS NOT NULL;
CREATE INDEX patients_external_patient_id_facility_id_idx ON patients (external_patient_id, facility_id) WHERE external_patient_id IS NOT NULL;
CREATE INDEX patients_facility_id_idx ON patients (facility_id);
CREATE UNIQUE INDEX patient_checkins_case_id_key ON patient_checkins (case_id);
CREATE INDEX patient_checkins_facility_id_expected_arrival_time_idx ON patient_checkins (facility_id, expected_arrival_time);
CREATE INDEX patient_checkins_patient_id_idx ON patient_checkins (patient_id);
CREATE INDEX patient_checkins_patient_status_id_idx ON patient_checkins (patient_status_id);
CREATE UNIQUE INDEX escort_status_links_token_hash_key ON escort_status_links (token_hash);
CREATE INDEX escort_status_links_checkin_id_idx ON escort_status_links (checkin_id);
CREATE INDEX escort_status_links_facility_id_idx ON escort_status_links (facility_id);
CREATE UNIQUE INDEX case_completion_stats_case_id_key ON case_completion_stats (case_id);
CREATE INDEX case_completion_stats_facility_id_case_date_idx ON case_completion_stats (facility_id, case_date) WHERE is_excluded = 0;
CREATE INDEX case_completion_stats_case_date_idx ON case_completion_stats (case_date);
CREATE INDEX case_completion_stats_facility_id_procedure_type_id_idx ON case_completion_stats (facility_id, procedure_type_id);
CREATE INDEX case_completion_stats_facility_id_surgeon_id_procedure_type_id_idx ON case_completion_stats (facility_id, surgeon_id, procedure_type_id);
CREATE INDEX case_completion_stats_surgeon_id_idx ON case_completion_stats (surgeon_id) WHERE surgeon_id IS NOT NULL;
CREATE INDEX case_completion_stats_or_room_id_idx ON case_completion_stats (or_room_id);
CREATE INDEX case_completion_stats_payer_id_idx ON case_completion_stats (payer_id);
CREATE INDEX case_completion_stats_procedure_type_id_idx ON case_completion_stats (procedure_type_id);
CREATE UNIQUE INDEX case_milestone_stats_case_id_milestone_type_id_key ON case_milestone_stats (case_id, milestone_type_id);
CREATE INDEX case_milestone_stats_facility_id_procedure_type_id_milestone_type_id_idx ON case_milestone_stats (facility_id, procedure_type_id, milestone_type_id);
CREATE INDEX case_milestone_stats_surgeon_id_procedure_type_id_milestone_type_id_idx ON case_milestone_stats (surgeon_id, procedure_type_id, milestone_type_id);
CREATE INDEX case_milestone_stats_procedure_type_id_idx ON case_milestone_stats (procedure_type_id);
CREATE INDEX case_milestone_stats_milestone_type_id_idx ON case_milestone_stats (milestone_type_id);
CREATE UNIQUE INDEX metric_issues_case_id_facility_milestone_id_issue_type_id_key ON metric_issues (case_id, COALESCE(facility_milestone_id, ''), issue_type_id);
CREATE INDEX metric_issues_facility_id_resolved_at_idx ON metric_issues (facility_id, resolved_at) WHERE resolved_at IS NULL;
CREATE INDEX metric_issues_expires_at_idx ON metric_issues (expires_at) WHERE resolved_at IS NULL;
CREATE INDEX metric_issues_issue_type_id_idx ON metric_issues (issue_type_id);
CREATE INDEX metric_issues_milestone_id_idx ON metric_issues (milestone_id);
CREATE INDEX metric_issues_resolution_type_id_idx ON metric_issues (resolution_type_id);
CREATE INDEX metric_issues_facility_id_idx ON metric_issues (facility_id);
CREATE INDEX metric_issues_facility_milestone_id_idx ON metric_issues (facility_milestone_id);
CREATE UNIQUE INDEX surgeon_scorecards_facility_id_surgeon_id_period_start_period_end_key ON surgeon_scorecards (facility_id, surgeon_id, period_start, period_end);
CREATE INDEX surgeon_scorecards_facility_id_surgeon_id_updated_at_idx ON surgeon_scorecards (facility_id, surgeon_id, updated_at DESC);
CREATE INDEX surgeon_scorecards_surgeon_id_idx ON surgeon_scorecards (surgeon_id);
CREATE UNIQUE INDEX surgeon_procedure_averages_surgeon_id_procedure_type_id_key ON surgeon_procedure_averages (surgeon_id, procedure_type_id);
CREATE INDEX surgeon_procedure_averages_procedure_type_id_idx ON surgeon_procedure_averages (procedure_type_id);
CREATE UNIQUE INDEX surgeon_milestone_averages_surgeon_id_procedure_type_id_milestone_type_id_key ON surgeon_milestone_averages (surgeon_id, procedure_type_id, milestone_type_id);
CREATE INDEX surgeon_milestone_averages_procedure_type_id_idx ON surgeon_milestone_averages (procedure_type_id);
CREATE INDEX surgeon_milestone_averages_milestone_type_id_idx ON surgeon_milestone_averages (milestone_type_id);
CREATE UNIQUE INDEX permission_templates_access_level_permission_key_key ON permission_templates (access_level, permission_key);
CREATE UNIQUE INDEX facility_permissions_facility_id_access_level_permission_key_key ON facility_permissions (facility_id, access_level, permission_key);
CREATE INDEX audit_log_created_at_idx ON audit_log (created_at DESC);
CREATE INDEX audit_log_facility_id_created_at_idx ON audit_log (facility_id, created_at DESC);
CREATE INDEX audit_log_facility_id_action_created_at_idx ON audit_log (facility_id, action, created_at DESC);
CREATE INDEX audit_log_target_type_target_id_idx ON audit_log (target_type, target_id);
CREATE INDEX audit_log_user_id_created_at_idx ON audit_log (user_id, created_at DESC);
CREATE INDEX case_history_case_id_created_at_idx ON case_history (case_id, created_at DESC);
CREATE INDEX case_history_facility_id_idx ON case_history (facility_id);
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
COMMIT;
