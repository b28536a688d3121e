//! Case inputs and outputs.

use serde::Serialize;

/// A staff member to put on a case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffInput {
    /// The user (a user of the case's facility).
    pub user_id: String,
    /// Clinical role name (`nurse`, `anesthesiologist`, …).
    pub role: String,
}

/// A new case (`create_case`).
#[derive(Debug, Clone, Default)]
pub struct NewCase {
    /// Facility (default: the context's).
    pub facility_id: Option<String>,
    /// Case number, unique per facility.
    pub case_number: String,
    /// Scheduled date `YYYY-MM-DD` (facility-local).
    pub scheduled_date: String,
    /// Scheduled start `HH:MM[:SS]` (facility-local).
    pub start_time: Option<String>,
    /// OR room.
    pub or_room_id: Option<String>,
    /// Procedure type.
    pub procedure_type_id: Option<String>,
    /// Surgeon (an active user of the facility).
    pub surgeon_id: Option<String>,
    /// Payer.
    pub payer_id: Option<String>,
    /// Patient.
    pub patient_id: Option<String>,
    /// `left`, `right`, `bilateral` or `n/a`.
    pub operative_side: Option<String>,
    /// Free text.
    pub notes: Option<String>,
    /// Overrides the procedure's `requires_rep`.
    pub rep_required_override: Option<bool>,
    /// A draft: no template, milestones, detection or check-in until finalized.
    pub is_draft: bool,
    /// Staff.
    pub staff: Vec<StaffInput>,
    /// Device companies assigned to the case.
    pub implant_company_ids: Vec<String>,
    /// `manual` (default), `epic` or `cerner`.
    pub source: Option<String>,
    /// External system case id.
    pub external_case_id: Option<String>,
    /// External system name.
    pub external_system: Option<String>,
    /// Import source.
    pub import_source: Option<String>,
    /// Primary diagnosis code.
    pub primary_diagnosis_code: Option<String>,
    /// Primary diagnosis description.
    pub primary_diagnosis_desc: Option<String>,
}

/// A case milestone row as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseMilestone {
    /// Row id.
    pub id: String,
    /// Case.
    pub case_id: String,
    /// Facility milestone.
    pub facility_milestone_id: String,
    /// Milestone name.
    pub name: String,
    /// Milestone display name.
    pub display_name: String,
    /// When recorded (`None` = pending).
    pub recorded_at: Option<i64>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// `manual` or `voice`.
    pub source: String,
    /// Sequence position (lifecycle-and-stats.md §1.7), if any.
    pub position: Option<i64>,
}

/// The result of `record_milestone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordOutcome {
    /// The milestone row.
    pub milestone: CaseMilestone,
    /// The case status after the call.
    pub status: String,
    /// Predecessors of the milestone still unrecorded (a warning; never blocks).
    pub skipped_predecessors: u32,
    /// Unresolved data-quality issues of the case after the call.
    pub unresolved_issues: u32,
    /// The call completed the case and validated it automatically.
    pub auto_validated: bool,
}
