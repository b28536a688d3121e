-- V3: indexes for the stats pipeline (not part of the data model's column set; performance only).
-- The legacy averages rebuild one (surgeon, procedure) key on every completion (lifecycle-and-stats.md
-- §5.4): this index reads just that key's cases.
CREATE INDEX cases_surgeon_id_procedure_type_id_idx ON cases (surgeon_id, procedure_type_id);
