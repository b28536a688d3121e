-- V3: indexes for the stats pipeline (performance only; the data model's columns are unchanged).
-- The legacy averages rebuild one (surgeon, procedure) key on every completion (lifecycle-and-stats.md
-- §5.4). Both indexes cover that read, so it touches index pages only: the key's cases (with the exclusion
-- flag and id), then each case's recorded milestones.
CREATE INDEX cases_surgeon_id_procedure_type_id_idx ON cases (surgeon_id, procedure_type_id, is_excluded_from_metrics, id);
CREATE INDEX case_milestones_case_id_facility_milestone_id_recorded_at_idx ON case_milestones (case_id, facility_milestone_id, recorded_at);
