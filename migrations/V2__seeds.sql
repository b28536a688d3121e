-- orbit seeds, version 2 (data-model.md §5.1–5.3; flags.md §9.1): global vocabularies, the milestone
-- catalogue, phases, the default template, provisioning templates and the nine built-in flag-rule templates.

-- orbit seed data (data-model.md §5.1–§5.3, flags.md §3 and §9.1).
--
-- Seed-row id scheme (fixed literals, RFC 4122 layout, version 8 / variant 10xx, lowercase):
--     5eed00TT-0000-8000-8000-000000000NNN
--   TT  = table number (decimal digits, in §5.1–§5.3 order, see below)
--   NNN = 1-based ordinal of the row within its table, in the order the spec lists the rows
--         (decimal digits; flag_rules in display_order).
--   01 case_statuses                 06 permission_templates          11 payer_templates
--   02 patient_statuses              07 milestone_types (unused: the   12 cost_category_templates
--   03 user_roles                       original's fixed ids, §5.2)    13 cancellation_reason_templates
--   04 issue_types                   08 phase_templates               14 analytics_settings_template
--   05 resolution_types              09 milestone_template_types      15 flag_rules (global templates)
--                                    10 milestone_template_type_items
-- Code resolves seed rows by name, never by these literals (§1.4.1), except the milestone-type ids.
--
-- created_at (and updated_at where the table has one) = 1767225600000 (2026-01-01T00:00:00Z) for every row.

-- case_statuses
INSERT INTO case_statuses (id, name, display_order, created_at) VALUES
    ('5eed0001-0000-8000-8000-000000000001', 'scheduled', 1, 1767225600000),
    ('5eed0001-0000-8000-8000-000000000002', 'in_progress', 2, 1767225600000),
    ('5eed0001-0000-8000-8000-000000000003', 'completed', 3, 1767225600000),
    ('5eed0001-0000-8000-8000-000000000004', 'delayed', 4, 1767225600000),
    ('5eed0001-0000-8000-8000-000000000005', 'on_hold', 5, 1767225600000),
    ('5eed0001-0000-8000-8000-000000000006', 'cancelled', 6, 1767225600000);

-- patient_statuses
INSERT INTO patient_statuses (id, name, display_name, description, color, icon, show_on_escort_page, display_order, is_active, created_at) VALUES
    ('5eed0002-0000-8000-8000-000000000001', 'expected', 'Expected', 'Patient is expected to arrive', 'slate', 'clock', 1, 1, 1, 1767225600000),
    ('5eed0002-0000-8000-8000-000000000002', 'checked_in', 'Checked In', 'Patient has arrived and checked in', 'blue', 'check-circle', 1, 2, 1, 1767225600000),
    ('5eed0002-0000-8000-8000-000000000003', 'in_pre_op', 'In Pre-Op', 'Patient is being prepared for surgery', 'amber', 'clipboard-list', 1, 3, 1, 1767225600000),
    ('5eed0002-0000-8000-8000-000000000004', 'ready_for_or', 'Ready for OR', 'Patient is ready for the operating room', 'green', 'check-badge', 1, 4, 1, 1767225600000),
    ('5eed0002-0000-8000-8000-000000000005', 'in_surgery', 'In Surgery', 'Surgery is in progress', 'purple', 'activity', 1, 5, 1, 1767225600000),
    ('5eed0002-0000-8000-8000-000000000006', 'in_recovery', 'In Recovery', 'Surgery is complete; patient is in recovery', 'cyan', 'heart-pulse', 1, 6, 1, 1767225600000),
    ('5eed0002-0000-8000-8000-000000000007', 'ready_for_discharge', 'Ready for Discharge', 'Patient is ready to go home', 'green', 'home', 1, 7, 1, 1767225600000),
    ('5eed0002-0000-8000-8000-000000000008', 'discharged', 'Discharged', 'Patient has been discharged', 'gray', 'log-out', 1, 8, 1, 1767225600000),
    ('5eed0002-0000-8000-8000-000000000009', 'no_show', 'No Show', 'Patient did not arrive', 'red', 'x-circle', 0, 0, 1, 1767225600000);

-- user_roles
INSERT INTO user_roles (id, name, created_at) VALUES
    ('5eed0003-0000-8000-8000-000000000001', 'surgeon', 1767225600000),
    ('5eed0003-0000-8000-8000-000000000002', 'anesthesiologist', 1767225600000),
    ('5eed0003-0000-8000-8000-000000000003', 'crna', 1767225600000),
    ('5eed0003-0000-8000-8000-000000000004', 'nurse', 1767225600000),
    ('5eed0003-0000-8000-8000-000000000005', 'tech', 1767225600000),
    ('5eed0003-0000-8000-8000-000000000006', 'pa', 1767225600000),
    ('5eed0003-0000-8000-8000-000000000007', 'first_assist', 1767225600000),
    ('5eed0003-0000-8000-8000-000000000008', 'admin', 1767225600000),
    ('5eed0003-0000-8000-8000-000000000009', 'device_rep', 1767225600000);

-- issue_types
INSERT INTO issue_types (id, name, display_name, description, severity, created_at) VALUES
    ('5eed0004-0000-8000-8000-000000000001', 'missing', 'Missing Milestone', 'A required milestone was not recorded', 'error', 1767225600000),
    ('5eed0004-0000-8000-8000-000000000002', 'timeout', 'Timeout', 'Interval longer than the milestone''s maximum', 'warning', 1767225600000),
    ('5eed0004-0000-8000-8000-000000000003', 'too_fast', 'Too Fast', 'Interval shorter than the milestone''s minimum', 'warning', 1767225600000),
    ('5eed0004-0000-8000-8000-000000000004', 'impossible', 'Impossible Sequence', 'Recorded before the previous milestone', 'error', 1767225600000),
    ('5eed0004-0000-8000-8000-000000000005', 'stale', 'Stale Case', 'Scheduled case past its date with nothing recorded', 'warning', 1767225600000),
    ('5eed0004-0000-8000-8000-000000000006', 'incomplete', 'Incomplete Case', 'Case in progress with no milestone for 24 hours', 'warning', 1767225600000);

-- resolution_types
INSERT INTO resolution_types (id, name, display_name, description, created_at) VALUES
    ('5eed0005-0000-8000-8000-000000000001', 'approved', 'Approved', NULL, 1767225600000),
    ('5eed0005-0000-8000-8000-000000000002', 'excluded', 'Excluded', NULL, 1767225600000),
    ('5eed0005-0000-8000-8000-000000000003', 'corrected', 'Corrected', NULL, 1767225600000),
    ('5eed0005-0000-8000-8000-000000000004', 'expired', 'Expired', NULL, 1767225600000);

-- permission_templates
INSERT INTO permission_templates (id, access_level, permission_key, granted, created_at, updated_at) VALUES
    ('5eed0006-0000-8000-8000-000000000001', 'coordinator', 'scores.view', 0, 1767225600000, 1767225600000),
    ('5eed0006-0000-8000-8000-000000000002', 'user', 'scores.view', 0, 1767225600000, 1767225600000),
    ('5eed0006-0000-8000-8000-000000000003', 'coordinator', 'flags.financial', 0, 1767225600000, 1767225600000),
    ('5eed0006-0000-8000-8000-000000000004', 'user', 'flags.financial', 0, 1767225600000, 1767225600000);

-- milestone_types
-- Fixed ids of the original (§5.2). Rows are inserted unpaired (the CHECK requires pair_with_id and
-- pair_position to be NULL together), then each pair is linked symmetrically by the UPDATEs below.
INSERT INTO milestone_types (id, name, display_name, display_order, pair_with_id, pair_position, is_active, created_at) VALUES
    ('10ea55e5-5efa-4b78-bb8f-6872f1cfcec7', 'patient_in', 'Patient In Room', 1, NULL, NULL, 1, 1767225600000),
    ('3d4a1d36-c3cb-45d6-bc89-fbe220025ae5', 'anes_start', 'Anesthesia Start', 2, NULL, NULL, 1, 1767225600000),
    ('12cd072b-4267-4245-9dde-8d4938d20adc', 'anes_end', 'Anesthesia End', 3, NULL, NULL, 1, 1767225600000),
    ('b1f8e842-4220-419c-958f-5c1fbe9e8121', 'prep_drape_start', 'Prep/Drape Start', 4, NULL, NULL, 1, 1767225600000),
    ('96b1a5df-6290-4e07-a78b-74287f7e39cc', 'prep_drape_complete', 'Prep/Drape Complete', 5, NULL, NULL, 1, 1767225600000),
    ('3a2cf767-9097-4c2c-b8ff-199bac76aeca', 'incision', 'Incision', 6, NULL, NULL, 1, 1767225600000),
    ('9eeb46c2-8eca-4d1d-9939-126a19e32ff6', 'closing', 'Closing', 7, NULL, NULL, 1, 1767225600000),
    ('92eb3618-34c5-4eed-8d50-d466352c8397', 'closing_complete', 'Closing Complete', 8, NULL, NULL, 1, 1767225600000),
    ('9ac9e6d5-4b12-4d37-a958-8b48378c9ab5', 'patient_out', 'Patient Out', 9, NULL, NULL, 1, 1767225600000),
    ('fd83c540-bf38-4404-be11-9547f3be1f3e', 'room_cleaned', 'Room Cleaned', 10, NULL, NULL, 1, 1767225600000);
-- anes_start (start) <-> anes_end (end)
UPDATE milestone_types SET pair_with_id = '12cd072b-4267-4245-9dde-8d4938d20adc', pair_position = 'start' WHERE id = '3d4a1d36-c3cb-45d6-bc89-fbe220025ae5';
UPDATE milestone_types SET pair_with_id = '3d4a1d36-c3cb-45d6-bc89-fbe220025ae5', pair_position = 'end' WHERE id = '12cd072b-4267-4245-9dde-8d4938d20adc';
-- prep_drape_start (start) <-> prep_drape_complete (end)
UPDATE milestone_types SET pair_with_id = '96b1a5df-6290-4e07-a78b-74287f7e39cc', pair_position = 'start' WHERE id = 'b1f8e842-4220-419c-958f-5c1fbe9e8121';
UPDATE milestone_types SET pair_with_id = 'b1f8e842-4220-419c-958f-5c1fbe9e8121', pair_position = 'end' WHERE id = '96b1a5df-6290-4e07-a78b-74287f7e39cc';
-- closing (start) <-> closing_complete (end)
UPDATE milestone_types SET pair_with_id = '92eb3618-34c5-4eed-8d50-d466352c8397', pair_position = 'start' WHERE id = '9eeb46c2-8eca-4d1d-9939-126a19e32ff6';
UPDATE milestone_types SET pair_with_id = '9eeb46c2-8eca-4d1d-9939-126a19e32ff6', pair_position = 'end' WHERE id = '92eb3618-34c5-4eed-8d50-d466352c8397';

-- phase_templates
INSERT INTO phase_templates (id, name, display_name, color_key, display_order, parent_phase_template_id, is_active, created_at) VALUES
    ('5eed0008-0000-8000-8000-000000000001', 'pre_op', 'Pre-Op', 'blue', 1, NULL, 1, 1767225600000),
    ('5eed0008-0000-8000-8000-000000000002', 'surgical', 'Surgical', 'green', 2, NULL, 1, 1767225600000),
    ('5eed0008-0000-8000-8000-000000000003', 'closing', 'Closing', 'amber', 3, NULL, 1, 1767225600000),
    ('5eed0008-0000-8000-8000-000000000004', 'post_op', 'Post-Op', 'purple', 4, NULL, 1, 1767225600000);

-- milestone_template_types
INSERT INTO milestone_template_types (id, name, description, is_default, is_active, block_order, sub_phase_map, created_at) VALUES
    ('5eed0009-0000-8000-8000-000000000001', 'Default', 'Standard milestone template with all milestones', 1, 1, '{}', '{}', 1767225600000);

-- milestone_template_type_items
-- template Default = 5eed0009-...-001; phase_templates 5eed0008-...-001 pre_op, -002 surgical, -003 closing,
-- -004 post_op; milestone types by their fixed ids (name noted per row).
INSERT INTO milestone_template_type_items (id, template_type_id, milestone_type_id, phase_template_id, display_order, created_at) VALUES
    ('5eed0010-0000-8000-8000-000000000001', '5eed0009-0000-8000-8000-000000000001', '10ea55e5-5efa-4b78-bb8f-6872f1cfcec7', '5eed0008-0000-8000-8000-000000000001', 1, 1767225600000),  -- patient_in, pre_op
    ('5eed0010-0000-8000-8000-000000000002', '5eed0009-0000-8000-8000-000000000001', '3d4a1d36-c3cb-45d6-bc89-fbe220025ae5', '5eed0008-0000-8000-8000-000000000001', 2, 1767225600000),  -- anes_start, pre_op
    ('5eed0010-0000-8000-8000-000000000003', '5eed0009-0000-8000-8000-000000000001', '12cd072b-4267-4245-9dde-8d4938d20adc', '5eed0008-0000-8000-8000-000000000001', 3, 1767225600000),  -- anes_end, pre_op
    ('5eed0010-0000-8000-8000-000000000004', '5eed0009-0000-8000-8000-000000000001', 'b1f8e842-4220-419c-958f-5c1fbe9e8121', '5eed0008-0000-8000-8000-000000000001', 4, 1767225600000),  -- prep_drape_start, pre_op
    ('5eed0010-0000-8000-8000-000000000005', '5eed0009-0000-8000-8000-000000000001', '96b1a5df-6290-4e07-a78b-74287f7e39cc', '5eed0008-0000-8000-8000-000000000001', 5, 1767225600000),  -- prep_drape_complete, pre_op
    ('5eed0010-0000-8000-8000-000000000006', '5eed0009-0000-8000-8000-000000000001', '3a2cf767-9097-4c2c-b8ff-199bac76aeca', '5eed0008-0000-8000-8000-000000000001', 6, 1767225600000),  -- incision, pre_op
    ('5eed0010-0000-8000-8000-000000000007', '5eed0009-0000-8000-8000-000000000001', '3a2cf767-9097-4c2c-b8ff-199bac76aeca', '5eed0008-0000-8000-8000-000000000002', 7, 1767225600000),  -- incision, surgical
    ('5eed0010-0000-8000-8000-000000000008', '5eed0009-0000-8000-8000-000000000001', '9eeb46c2-8eca-4d1d-9939-126a19e32ff6', '5eed0008-0000-8000-8000-000000000002', 8, 1767225600000),  -- closing, surgical
    ('5eed0010-0000-8000-8000-000000000009', '5eed0009-0000-8000-8000-000000000001', '9eeb46c2-8eca-4d1d-9939-126a19e32ff6', '5eed0008-0000-8000-8000-000000000003', 9, 1767225600000),  -- closing, closing
    ('5eed0010-0000-8000-8000-000000000010', '5eed0009-0000-8000-8000-000000000001', '92eb3618-34c5-4eed-8d50-d466352c8397', '5eed0008-0000-8000-8000-000000000003', 10, 1767225600000), -- closing_complete, closing
    ('5eed0010-0000-8000-8000-000000000011', '5eed0009-0000-8000-8000-000000000001', '92eb3618-34c5-4eed-8d50-d466352c8397', '5eed0008-0000-8000-8000-000000000004', 11, 1767225600000), -- closing_complete, post_op
    ('5eed0010-0000-8000-8000-000000000012', '5eed0009-0000-8000-8000-000000000001', '9ac9e6d5-4b12-4d37-a958-8b48378c9ab5', '5eed0008-0000-8000-8000-000000000004', 12, 1767225600000), -- patient_out, post_op
    ('5eed0010-0000-8000-8000-000000000013', '5eed0009-0000-8000-8000-000000000001', 'fd83c540-bf38-4404-be11-9547f3be1f3e', NULL, 13, 1767225600000);                                   -- room_cleaned, no phase

-- payer_templates
INSERT INTO payer_templates (id, name, display_order, is_active, created_at, updated_at) VALUES
    ('5eed0011-0000-8000-8000-000000000001', 'Medicare', 1, 1, 1767225600000, 1767225600000),
    ('5eed0011-0000-8000-8000-000000000002', 'Medicaid', 2, 1, 1767225600000, 1767225600000),
    ('5eed0011-0000-8000-8000-000000000003', 'Private Insurance', 3, 1, 1767225600000, 1767225600000),
    ('5eed0011-0000-8000-8000-000000000004', 'Workers Compensation', 4, 1, 1767225600000, 1767225600000),
    ('5eed0011-0000-8000-8000-000000000005', 'Self-Pay', 5, 1, 1767225600000, 1767225600000);

-- cost_category_templates
INSERT INTO cost_category_templates (id, name, type, description, display_order, is_active, created_at, updated_at) VALUES
    ('5eed0012-0000-8000-8000-000000000001', 'Soft Goods', 'debit', 'Disposable supplies used in the case', 1, 1, 1767225600000, 1767225600000),
    ('5eed0012-0000-8000-8000-000000000002', 'Hard Goods', 'debit', 'Reusable instruments, equipment and tray processing', 2, 1, 1767225600000, 1767225600000),
    ('5eed0012-0000-8000-8000-000000000003', 'Implants', 'debit', 'Implants and devices billed to the case', 3, 1, 1767225600000, 1767225600000),
    ('5eed0012-0000-8000-8000-000000000004', 'Device Rep Rebates', 'credit', 'Rebates and credits from device companies', 4, 1, 1767225600000, 1767225600000);

-- cancellation_reason_templates
INSERT INTO cancellation_reason_templates (id, name, display_name, category, display_order, is_system, is_active, created_at) VALUES
    ('5eed0013-0000-8000-8000-000000000001', 'ehr_system_cancellation', 'EHR System Cancellation', 'system', 0, 1, 1, 1767225600000);

-- analytics_settings_template
-- One row; all 25 settings take their column defaults (§3.6).
INSERT INTO analytics_settings_template (id, created_at, updated_at) VALUES
    ('5eed0014-0000-8000-8000-000000000001', 1767225600000, 1767225600000);

-- flag_rules
-- The nine global built-in templates of flags.md §9.1 (facility_id NULL, is_built_in 1, is_enabled 1).
-- Descriptions = the metric's catalog description (flags.md §3), except Surgeon Readiness Gap (§9.1).
-- start/end milestone = the catalog pair; turnover_time and fcots_delay have none.
INSERT INTO flag_rules (id, facility_id, name, description, category, metric, start_milestone, end_milestone, operator, threshold_type, threshold_value, threshold_value_max, comparison_scope, severity, display_order, is_built_in, is_enabled, source_rule_id, cost_category_id, is_active, created_at, updated_at) VALUES
    ('5eed0015-0000-8000-8000-000000000001', NULL, 'Long Total Case Time', 'Duration from patient in to patient out', 'timing', 'total_case_time', 'patient_in', 'patient_out', 'gt', 'median_plus_sd', 1.0, NULL, 'facility', 'warning', 10, 1, 1, NULL, NULL, 1, 1767225600000, 1767225600000),
    ('5eed0015-0000-8000-8000-000000000002', NULL, 'Long Total Case Time (Personal)', 'Duration from patient in to patient out', 'timing', 'total_case_time', 'patient_in', 'patient_out', 'gt', 'median_plus_sd', 1.0, NULL, 'personal', 'info', 20, 1, 1, NULL, NULL, 1, 1767225600000, 1767225600000),
    ('5eed0015-0000-8000-8000-000000000003', NULL, 'Long Surgical Time', 'Duration from incision to closing', 'timing', 'surgical_time', 'incision', 'closing', 'gt', 'median_plus_sd', 1.0, NULL, 'facility', 'warning', 30, 1, 1, NULL, NULL, 1, 1767225600000, 1767225600000),
    ('5eed0015-0000-8000-8000-000000000004', NULL, 'Long Pre-Op Time', 'Duration from patient in to incision', 'timing', 'pre_op_time', 'patient_in', 'incision', 'gt', 'median_plus_sd', 1.0, NULL, 'facility', 'info', 40, 1, 1, NULL, NULL, 1, 1767225600000, 1767225600000),
    ('5eed0015-0000-8000-8000-000000000005', NULL, 'Surgeon Readiness Gap', 'Time between prep/drape complete and incision — measures how long the OR team waits for the surgeon to begin', 'efficiency', 'surgeon_readiness_gap', 'prep_drape_complete', 'incision', 'gt', 'median_plus_sd', 1.5, NULL, 'personal', 'warning', 45, 1, 1, NULL, NULL, 1, 1767225600000, 1767225600000),
    ('5eed0015-0000-8000-8000-000000000006', NULL, 'Slow Room Turnover', 'Time between patient out (prev case) and patient in (next case) in same room', 'efficiency', 'turnover_time', NULL, NULL, 'gt', 'median_plus_sd', 1.0, NULL, 'facility', 'warning', 50, 1, 1, NULL, NULL, 1, 1767225600000, 1767225600000),
    ('5eed0015-0000-8000-8000-000000000007', NULL, 'Late First Case Start', 'Minutes late for first case of the day', 'efficiency', 'fcots_delay', NULL, NULL, 'gt', 'absolute', 15.0, NULL, 'facility', 'warning', 60, 1, 1, NULL, NULL, 1, 1767225600000, 1767225600000),
    ('5eed0015-0000-8000-8000-000000000008', NULL, 'Long Anesthesia Induction', 'Duration from anesthesia start to anesthesia end', 'timing', 'anesthesia_time', 'anes_start', 'anes_end', 'gt', 'median_plus_sd', 1.0, NULL, 'facility', 'info', 70, 1, 1, NULL, NULL, 1, 1767225600000, 1767225600000),
    ('5eed0015-0000-8000-8000-000000000009', NULL, 'Long Closing Time', 'Duration from closing start to closing complete', 'timing', 'closing_time', 'closing', 'closing_complete', 'gt', 'median_plus_sd', 1.0, NULL, 'facility', 'info', 80, 1, 1, NULL, NULL, 1, 1767225600000, 1767225600000);
