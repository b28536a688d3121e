#!/usr/bin/env python3
"""Regenerates bindings/python/python/orbit_surgical/_native.pyi from the operation table of
orbit-core/src/api.rs and the error kinds of orbit-core/src/error.rs (CI fails when the committed file
differs)."""

import re
from pathlib import Path

root = Path(__file__).resolve().parents[1]
api = (root / "orbit-core/src/api.rs").read_text(encoding="utf-8")
errors = (root / "orbit-core/src/error.rs").read_text(encoding="utf-8")
ops = re.findall(r'^\s+"(\w+)" => \[', api, re.M)
kinds = re.findall(r"^    (\w+) = (\d+),$", errors, re.M)
literal = ",\n    ".join(f'"{o}"' for o in ops)

# Result types of the operations (the Rust return types of orbit-core, serialized as JSON).
RECORDS = """
class User(TypedDict):
    id: str
    facility_id: str | None
    role: str
    access_level: str
    first_name: str
    last_name: str
    email: str | None
    is_active: bool
    created_at: int

class Facility(TypedDict):
    id: str
    name: str
    timezone: str
    address: str | None
    street_address: str | None
    city: str | None
    state: str | None
    zip_code: str | None
    country: str
    phone: str | None
    case_number_prefix: str | None
    or_hourly_rate_cents: int | None
    default_arrival_lead_time_minutes: int | None
    is_demo: bool | None
    subscription_status: str | None
    created_at: int | None

class ProvisionReport(TypedDict):
    facility_id: str
    created: bool
    parts: list[tuple[str, int]]

class AccessContext(TypedDict):
    user_id: str | None
    access_level: str
    facility_id: str | None
    granted_facilities: list[str]

class IntervalMedian(TypedDict):
    milestone_name: str
    facility_milestone_id: str
    display_order: int
    phase_group: str | None
    surgeon_median_minutes: float | None
    surgeon_case_count: int
    facility_median_minutes: float | None
    facility_case_count: int

class PhaseMedian(TypedDict):
    phase_id: str
    phase_name: str
    phase_display_name: str
    color_key: str | None
    display_order: int
    parent_phase_id: str | None
    surgeon_median_minutes: float | None
    surgeon_n: int
    facility_median_minutes: float | None
    facility_n: int

class CatalogEntry(TypedDict):
    id: str
    name: str
    description: str
    category: str
    data_type: Literal["minutes", "currency", "percentage", "count"]
    unit: str
    start_milestone: str | None
    end_milestone: str | None
    supports_median: bool
    domain: Literal["pos", "any"]
    cost_category_id: str | None

class DetectCounts(TypedDict):
    evaluated: int
    inserted: int
    updated: int
    deleted: int

class CaseFlag(TypedDict):
    id: str
    flag_type: Literal["threshold", "delay"]
    label: str
    category: str
    severity: Literal["info", "warning", "critical"]
    flag_rule_id: str | None
    metric_value: float | None
    threshold_value: float | None
    comparison_scope: str | None
    delay_type_id: str | None
    duration_minutes: int | None
    note: str | None
    facility_milestone_id: str | None
    created_by: str | None
    created_at: int

class FlagSummary(TypedDict):
    total_cases: int
    flagged_cases: int
    flag_rate: float
    flag_rate_trend: float
    delayed_cases: int
    delay_rate: float
    delay_rate_trend: float
    critical_count: int
    warning_count: int
    info_count: int
    total_flags: int
    avg_flags_per_case: float

class Sparkline(TypedDict):
    flag_rate: list[float]
    delay_rate: list[float]

class WeekFlags(TypedDict):
    week: str
    threshold: int
    delay: int
    total: int

class DayOfWeekFlags(TypedDict):
    day: str
    day_num: int
    fcots: int
    timing: int
    turnover: int
    delay: int
    financial: int
    quality: int
    total: int

class RuleBreakdown(TypedDict):
    name: str
    count: int
    severity: Literal["info", "warning", "critical"]
    category: str
    pct: float

class DelayBreakdown(TypedDict):
    name: str
    count: int
    pct: float
    avg_duration: int | None

class SurgeonFlags(TypedDict):
    name: str
    surgeon_id: str
    cases: int
    flagged_cases: int
    flags: int
    rate: float
    prev_rate: float | None
    trend: float
    top_flag: str

class RoomFlags(TypedDict):
    room: str
    room_id: str
    cases: int
    flags: int
    rate: float
    top_issue: str
    top_delay: str

RecentFlag = TypedDict("RecentFlag", {"type": Literal["threshold", "delay"], "name": str, "severity": str, "category": str})

class RecentFlaggedCase(TypedDict):
    case_id: str
    case_number: str
    date: str
    surgeon: str
    room_id: str | None
    procedure: str
    flags: list[RecentFlag]

Pattern = TypedDict(
    "Pattern",
    {"type": str, "title": str, "desc": str, "severity": Literal["critical", "warning", "good"], "metric": str},
)

class FlagAnalytics(TypedDict):
    summary: FlagSummary
    sparkline_data: Sparkline
    weekly_trend: list[WeekFlags]
    day_of_week_heatmap: list[DayOfWeekFlags]
    flag_rule_breakdown: list[RuleBreakdown]
    delay_type_breakdown: list[DelayBreakdown]
    surgeon_flags: list[SurgeonFlags]
    room_flags: list[RoomFlags]
    recent_flagged_cases: list[RecentFlaggedCase]
    patterns: list[Pattern]

Indicator = TypedDict("Indicator", {"type": str, "severity": str, "label": str, "detail": str})

class CaseDayIndicators(TypedDict):
    case_id: str
    case_number: str
    or_room_id: str | None
    procedure_type_id: str | None
    patient_in: int
    patient_out: int
    indicators: list[Indicator]

class Grade(TypedDict):
    letter: Literal["A", "B", "C", "D"]
    label: str
    text: str
    bg: str

class Pillars(TypedDict):
    profitability: int
    consistency: int
    sched_adherence: int
    availability: int

class ProcedureCount(TypedDict):
    name: str
    count: int

class Scorecard(TypedDict):
    surgeon_id: str
    surgeon_name: str
    first_name: str
    last_name: str
    case_count: int
    procedure_breakdown: list[ProcedureCount]
    procedures: list[str]
    flip_room: bool
    pillars: Pillars
    composite: int
    grade: Grade
    trend: Literal["up", "down", "stable"]
    previous_composite: int | None
    diagnostics: dict[str, Any] | None  # per pillar, only when requested (scoring.md section 5)

class InsufficientSurgeon(TypedDict):
    surgeon_id: str
    surgeon_name: str
    case_count: int

class OrbitScores(TypedDict):
    scorecards: list[Scorecard]
    insufficient: list[InsufficientSurgeon]

class StoredScorecard(TypedDict):
    id: str
    facility_id: str
    surgeon_id: str
    period_start: str
    period_end: str
    composite_score: int
    profitability_score: int | None
    consistency_score: int | None
    sched_adherence_score: int | None
    availability_score: int | None
    case_count: int
    trend: str | None
    previous_composite: int | None
    created_at: int
    updated_at: int
    grade: Grade

class FacilityRefresh(TypedDict):
    facility_id: str
    period_start: str
    period_end: str
    scorecards: int

class Recommendation(TypedDict):
    pillar: Literal["profitability", "consistency", "sched_adherence", "availability"]
    pillar_label: str
    pillar_color: str
    priority: int
    current_score: int
    target_score: int
    composite_impact: int
    headline: str
    insight: str
    actions: list[str]
    projected_minutes_saved: int
    projected_annual_hours: float
    projected_annual_dollars: int

class Strength(TypedDict):
    pillar_label: str
    score: int
    message: str

class ImprovementPlan(TypedDict):
    surgeon_name: str
    current_composite: int
    current_grade: Grade
    projected_composite: int
    projected_grade: Grade
    total_projected_hours: float
    total_projected_dollars: int
    recommendations: list[Recommendation]
    strengths: list[Strength]

class FacilityComponents(TypedDict):
    utilization: int
    turnover: int
    fcots: int
    cancellation: int

class FacilityScore(TypedDict):
    score: int
    grade: Grade
    components: FacilityComponents

class AuditRecord(TypedDict):
    id: str
    created_at: int
    user_id: str | None
    facility_id: str | None
    action: str
    target_type: str
    target_id: str
    target_label: str | None
    old_values: dict[str, Any] | None
    new_values: dict[str, Any] | None
    metadata: dict[str, Any] | None

class DeviceRepLink(TypedDict):
    id: str
    facility_id: str
    user_id: str
    status: Literal["pending", "accepted", "revoked"]
    invited_by: str | None
    invited_at: int
    accepted_at: int | None

class TemplateItem(TypedDict):
    id: str
    facility_milestone_id: str
    milestone_name: str
    facility_phase_id: str | None
    phase_name: str | None
    display_order: int

class TemplateOutcome(TypedDict):
    template: dict[str, Any]
    items: list[TemplateItem]
    warnings: list[str]

class PhaseBoundary(TypedDict):
    phase_id: str
    phase_name: str
    phase_display_name: str
    color_key: str | None
    display_order: int
    parent_phase_id: str | None
    start_milestone_id: str
    start_milestone_name: str
    start_milestone_display_name: str
    start_milestone_display_order: int
    end_milestone_id: str
    end_milestone_name: str
    end_milestone_display_name: str
    end_milestone_display_order: int

class CasePhaseDuration(TypedDict):
    phase: PhaseBoundary
    start_at: int | None
    end_at: int | None
    duration_seconds: float | None
    offset_seconds: float | None

class CaseMilestone(TypedDict):
    id: str
    case_id: str
    facility_milestone_id: str
    name: str
    display_name: str
    recorded_at: int | None
    recorded_by: str | None
    source: str
    position: int | None

class RecordOutcome(TypedDict):
    milestone: CaseMilestone
    status: str
    skipped_predecessors: int
    unresolved_issues: int
    auto_validated: bool

class CaseDelay(TypedDict):
    id: str
    flag_id: str
    case_id: str
    delay_type_id: str
    label: str
    duration_minutes: int | None
    note: str | None
    facility_milestone_id: str | None
    recorded_at: int

class CaseStaffMember(TypedDict):
    id: str
    case_id: str
    user_id: str
    first_name: str
    last_name: str
    role: str
    created_at: int

class Issue(TypedDict):
    id: str
    case_id: str
    issue_type: str
    facility_milestone_id: str | None
    detected_value: float | None
    expected_min: float | None
    expected_max: float | None
    details: dict[str, Any] | None
    resolution_type: str | None
    resolved_at: int | None
    detected_at: int
    expires_at: int

class DayStatus(TypedDict):
    date: str
    is_closed: bool
    closure_reason: str | None
    holiday_name: str | None
    is_partial_holiday: bool
    partial_close_time: str | None

class BlockOccurrence(TypedDict):
    block_id: str
    surgeon_id: str
    or_room_id: str | None
    date: str
    start_time: str
    end_time: str
    effective_end_time: str | None
    duration_minutes: int
    is_closed: bool
    closure_reason: str | None
    holiday_name: str | None
    is_partial_holiday: bool
    partial_close_time: str | None
    is_available: bool

class RoomTime(TypedDict):
    or_room_id: str
    open_time: str | None
    close_time: str | None
    available_minutes: int
    block_minutes: int
    unblocked_minutes: int

class SurgeonBlockTime(TypedDict):
    surgeon_id: str
    block_minutes: int

class AvailableTime(TypedDict):
    date: str
    day_status: DayStatus
    room_minutes: int
    block_minutes: int
    unblocked_minutes: int
    rooms: list[RoomTime]
    surgeons: list[SurgeonBlockTime]

class RoomDayHours(TypedDict):
    day_of_week: int
    is_closed: bool
    open_time: str
    close_time: str

class RoomWeek(TypedDict):
    or_room_id: str
    effective_start: str
    action: Literal["update_in_place", "new_version"]
    days: list[RoomDayHours]
    available_hours: float

class SweepReport(TypedDict):
    cases_examined: int
    unresolved_by_type: dict[str, int]

class Checkin(TypedDict):
    id: str
    case_id: str
    patient_status: str
    expected_arrival_time: int | None
    status_updated_at: int

class CheckinRecord(TypedDict):
    id: str
    case_id: str
    facility_id: str
    patient_id: str | None
    patient_status: str
    status_updated_at: int
    status_updated_by: str | None
    expected_arrival_time: int | None
    actual_arrival_time: int | None
    checked_in_at: int | None
    checked_in_by: str | None
    checklist_responses: dict[str, Any]
    checklist_completed_at: int | None
    checklist_completed_by: str | None
    escort_name: str | None
    escort_phone: str | None
    escort_relationship: str | None
    escort_notified_at: int | None
    notes: str | None
    created_at: int
    updated_at: int

class CheckinBoardRow(TypedDict):
    case_id: str
    case_number: str
    scheduled_date: str
    start_time: str | None
    or_room_id: str | None
    surgeon_id: str | None
    procedure_type_id: str | None
    checkin_id: str | None
    patient_status: str | None
    expected_arrival_time: int | None
    actual_arrival_time: int | None
    checked_in_at: int | None
    checklist_completed_at: int | None
    daily_status: Literal["no_record", "complete", "checked_in", "pending"]
    is_late: bool

class EscortLinkCreated(TypedDict):
    id: str
    token: str
    expires_at: int

class EscortLink(TypedDict):
    id: str
    checkin_id: str
    created_at: int
    created_by: str | None
    expires_at: int
    is_active: bool
    revoked_at: int | None
    view_count: int
    last_viewed_at: int | None

class EscortPatientStatus(TypedDict):
    name: str
    display_name: str
    description: str | None
    color: str | None
    icon: str | None

class EscortField(TypedDict):
    field_key: str
    display_label: str
    value: Json

class EscortStatus(TypedDict):
    facility_name: str
    facility_logo: str | None
    case_number: str
    procedure_name: str | None
    surgeon_name: str | None
    scheduled_date: str
    scheduled_time: str | None
    patient_status: EscortPatientStatus | None
    status_updated_at: int | None
    expected_arrival_time: int | None
    actual_arrival_time: int | None
    escort_fields: list[EscortField]

class CaseCompanyTray(TypedDict):
    assignment_id: str
    implant_company_id: str
    company_name: str
    tray_id: str | None
    tray_status: Literal["pending", "consignment", "loaners_confirmed", "delivered"] | None
    loaner_tray_count: int | None
    delivered_tray_count: int | None
    confirmed_at: int | None
    confirmed_by: str | None
    delivered_at: int | None
    delivered_by: str | None
    rep_notes: str | None
    last_modified_platform: str | None
    updated_at: int | None

class CaseTrays(TypedDict):
    case_id: str
    requires_rep: bool
    tray_status: Literal["no_rep_needed", "no_company_assigned", "awaiting_response", "awaiting_delivery", "ready"]
    companies: list[CaseCompanyTray]

class SpdCaseSummary(TypedDict):
    case_id: str
    case_number: str
    scheduled_date: str
    start_time: str | None
    or_room_id: str | None
    surgeon_id: str | None
    procedure_type_id: str | None
    requires_rep: bool
    tray_status: Literal["no_rep_needed", "no_company_assigned", "awaiting_response", "awaiting_delivery", "ready"]
    total_expected_trays: int
    total_delivered_trays: int
    company_count: int
    pending_count: int

class TrayReminder(TypedDict):
    case_id: str
    case_number: str
    scheduled_date: str
    start_time: str | None
    case_start: int
    tray_id: str
    implant_company_id: str
    company_name: str
    tray_status: Literal["pending", "loaners_confirmed"]
    reminder: Literal["response", "delivery"]

class CostItem(TypedDict):
    id: str
    facility_id: str
    procedure_type_id: str
    cost_category_id: str
    surgeon_id: str | None
    amount: int
    effective_from: str
    effective_to: str | None
    created_at: int
    updated_at: int

class Reimbursement(TypedDict):
    id: str
    facility_id: str
    procedure_type_id: str
    payer_id: str | None
    reimbursement: int
    effective_date: str
    created_at: int
    updated_at: int

class CostItemWrite(TypedDict):
    action: Literal["created", "updated", "unchanged", "ended"]
    item: CostItem
    closed_item_ids: list[str]
    repriced_cases: int

class ReimbursementWrite(TypedDict):
    action: Literal["created", "updated", "unchanged"]
    reimbursement: Reimbursement
    repriced_cases: int

class CategoryPrice(TypedDict):
    cost_category_id: str
    name: str
    type: Literal["debit", "credit"]
    amount: int
    source: Literal["surgeon_override", "procedure_default", "none"]
    item_id: str | None
    effective_from: str | None
    effective_to: str | None

class PayerPrice(TypedDict):
    id: str
    payer_id: str | None
    payer_name: str | None
    reimbursement: int
    effective_date: str

class ProcedurePricing(TypedDict):
    procedure_type_id: str
    procedure_name: str
    surgeon_id: str | None
    date: str
    categories: list[CategoryPrice]
    total_debits: int
    total_credits: int
    net_cost: int
    default_reimbursement: PayerPrice | None
    payer_reimbursements: list[PayerPrice]

class PricingHistory(TypedDict):
    procedure_type_id: str
    cost_items: list[CostItem]
    reimbursements: list[Reimbursement]

class PricingSave(TypedDict):
    effective_from: str
    rows_written: int
    repriced_cases: int
    pricing: ProcedurePricing

class FinancialTarget(TypedDict):
    id: str
    facility_id: str
    year: int
    month: int
    profit_target: int
    created_at: int
    updated_at: int

class TargetProgress(TypedDict):
    year: int
    month: int
    as_of: str
    target: int | None
    month_profit: int
    month_reimbursement: int
    progress_percent: float | None
    remaining: int | None
    days_remaining: int
    operating_days_left: int
    needed_per_operating_day: int
    target_margin_percent: float | None

class CostLine(TypedDict):
    cost_category_id: str
    category_name: str
    category_type: Literal["debit", "credit"]
    amount: int
    source: Literal["surgeon_override", "procedure_default", "none"]

class CaseProjection(TypedDict):
    case_id: str
    scheduled_date: str
    projected_duration_minutes: float | None
    duration_source: Literal["surgeon_median", "facility_median", "scheduled"] | None
    duration_label: str | None
    or_hourly_rate: int | None
    or_cost: int | None
    supply_debits: int
    supply_credits: int
    cost_source: Literal["surgeon_override", "procedure_default"]
    items: list[CostLine]
    revenue: int | None
    revenue_source: Literal["payer_rate", "procedure_default", "surgeon_median", "facility_median"] | None
    profit: int | None
    margin_percent: float | None
    has_data: bool

class ComparisonLine(TypedDict):
    label: Literal["Revenue", "OR Time Cost", "Supply Costs", "Credits"]
    projected: int | None
    actual: int | None
    delta: int | None
    is_revenue: bool

class FinancialComparison(TypedDict):
    case_id: str
    has_actuals: bool
    lines: list[ComparisonLine]
    projected_profit: int | None
    actual_profit: int | None
    profit_delta: int | None
    projected_margin: float | None
    actual_margin: float | None

class HeroMetrics(TypedDict):
    profit: int | None
    revenue: int | None
    total_costs: int
    margin_percent: float | None
    source: Literal["actual", "projected"]

class MarginBenchmark(TypedDict):
    median_margin: float | None
    case_count: int

class CostBreakdownLine(TypedDict):
    label: str
    amount: int
    percentage_of_total: float

class FinancialDataQuality(TypedDict):
    cost_source: Literal["actual", "projected", "none"]
    confidence: Literal["high", "medium", "low"]
    has_costs: bool
    has_revenue: bool

class CaseFinancialSummary(TypedDict):
    case_id: str
    hero: HeroMetrics
    benchmark_case_count: int
    facility_benchmark: MarginBenchmark
    surgeon_benchmark: MarginBenchmark
    margin_rating: Literal["excellent", "good", "fair", "poor"]
    surgeon_margin_rating: Literal["excellent", "good", "fair", "poor"]
    cost_breakdown: list[CostBreakdownLine]
    data_quality: FinancialDataQuality

class FullDayRow(TypedDict):
    case_id: str
    case_number: str
    procedure_name: str | None
    status: str
    start_time: str | None
    source: Literal["actual", "projected", "none"]
    revenue: int | None
    total_costs: int | None
    profit: int | None
    margin_pct: float | None

class FullDayFinancials(TypedDict):
    facility_id: str
    surgeon_id: str
    date: str
    rows: list[FullDayRow]
    total_revenue: int
    total_costs: int
    total_profit: int
    total_margin: float | None
    actual_count: int
    projected_count: int

class ImportRowIssue(TypedDict):
    row: int
    line: int
    case_number: str | None
    code: str
    reason: str

class ImportCreatedRow(TypedDict):
    id: str
    name: str

class ImportCreated(TypedDict):
    rooms: list[ImportCreatedRow]
    procedure_types: list[ImportCreatedRow]
    surgeons: list[ImportCreatedRow]

class ImportReport(TypedDict):
    facility_id: str
    timezone: str
    dry_run: bool
    rows: int
    imported: int
    validated: int
    rejected: int
    skipped: int
    created: ImportCreated
    rejected_rows: list[ImportRowIssue]
    skipped_rows: list[ImportRowIssue]
    elapsed_ms: int
    rows_per_second: float

class DemoFacility(TypedDict):
    facility_id: str
    created: bool
    surgeon_ids: list[str]

class PurgeReport(TypedDict):
    cases: int
    milestones: int
    flags: int
    template_overrides: int

class GenerationReport(TypedDict):
    facility_id: str
    seed: int
    today: str
    start_date: str
    end_date: str
    cases: int
    historical: int
    scheduled: int
    completed: int
    cancelled: int
    unvalidated: int
    delays: int
    milestones: int
    template_overrides: int
    purged: PurgeReport | None
"""

RESULTS = {
    "context": "AccessContext", "schema_version": "int", "bootstrap_global_admin": "User", "create_user": "User",
    "user": "User", "provision_facility": "ProvisionReport", "facility": "Facility", "facilities": "list[Facility]",
    "audit_log": "list[AuditRecord]", "create": "Record", "get": "Record", "list": "list[Record]", "update": "Record",
    "archive": "Record", "restore": "Record", "invite_device_rep": "DeviceRepLink",
    "accept_device_rep_invitation": "DeviceRepLink", "revoke_device_rep": "DeviceRepLink",
    "device_rep_links": "list[DeviceRepLink]", "pair_milestones": "list[Record]", "create_template": "TemplateOutcome",
    "set_template_structure": "TemplateOutcome", "duplicate_template": "TemplateOutcome",
    "set_default_template": "Record", "template_items": "list[TemplateItem]",
    "template_phase_boundaries": "list[PhaseBoundary]", "case_phase_durations": "list[CasePhaseDuration]",
    "set_surgeon_template_override": 'Literal["Set", "Removed"]', "remove_surgeon_template_override": "bool",
    "resolve_template": "str", "create_case": "str", "record_milestone": "RecordOutcome", "undo_milestone": "str",
    "get_case": "Record", "case_milestones": "list[CaseMilestone]", "report_case_delay": "CaseDelay",
    "update_case_delay_note": "CaseDelay", "case_delays": "list[CaseDelay]",
    "add_staff": "list[CaseStaffMember]", "remove_staff": "list[CaseStaffMember]",
    "move_staff": "list[CaseStaffMember]", "case_staff": "list[CaseStaffMember]", "run_data_quality_sweep": "SweepReport",
    "resolve_issue": "Issue", "case_issues": "list[Issue]", "case_checkin": "Checkin | None",
    "ensure_checkin_records": "int", "generate_escort_link": "EscortLinkCreated",
    "revoke_escort_link": "EscortLink", "list_escort_links": "list[EscortLink]", "escort_status": "EscortStatus",
    "set_patient_status": "CheckinRecord", "update_checkin": "CheckinRecord",
    "set_checklist_responses": "CheckinRecord", "complete_checklist": "CheckinRecord",
    "checkin_board": "list[CheckinBoardRow]",
    "assign_company": "CaseTrays", "remove_company": "CaseTrays", "tray_action": "CaseCompanyTray",
    "set_rep_notes": "CaseCompanyTray", "case_tray_status": "CaseTrays", "spd_case_summary": "list[SpdCaseSummary]",
    "trays_needing_reminder": "list[TrayReminder]",
    "refresh_stats": "int", "case_stats": "Record | None",
    "aggregate_stats": "list[Record]", "case_pace": "Record | None",
    "recalculate_surgeon_averages": "int", "milestone_interval_medians": "list[IntervalMedian]",
    "phase_medians": "list[PhaseMedian]", "batch": "list[Any]", "metric_catalog": "list[CatalogEntry]",
    "flag_rules": "list[Record]", "create_flag_rule": "Record", "update_flag_rule": "Record",
    "archive_flag_rule": "Record", "restore_flag_rule": "Record", "seed_facility_flag_rules": "int",
    "redetect_case_flags": "DetectCounts", "redetect_facility_flags": "DetectCounts", "case_flags": "list[CaseFlag]",
    "flag_analytics": "FlagAnalytics", "surgeon_day_indicators": "list[CaseDayIndicators]",
    "compute_orbit_scores": "OrbitScores", "compute_surgeon_scorecard": "Scorecard",
    "surgeon_improvement_plan": "ImprovementPlan", "refresh_surgeon_scorecards": "list[StoredScorecard]",
    "refresh_all_surgeon_scorecards": "list[FacilityRefresh]",
    "refresh_surgeon_scorecard": "StoredScorecard | None", "latest_surgeon_scorecards": "list[StoredScorecard]",
    "compute_facility_score": "FacilityScore", "facility_kpis": "dict[str, Any]", "facility_score": "FacilityScore",
    "block_utilization": "dict[str, Any]",
    "day_status": "DayStatus", "block_occurrences": "list[BlockOccurrence]", "available_time": "list[AvailableTime]",
    "set_room_week": "RoomWeek", "delete_block": "Record", "restore_block": "Record",
    "add_block_exception": "Record", "remove_block_exception": "Record",
    "set_cost_item_version": "CostItemWrite", "set_surgeon_cost_version": "CostItemWrite",
    "set_reimbursement_version": "ReimbursementWrite", "end_cost_item_version": "CostItemWrite",
    "end_surgeon_cost_version": "CostItemWrite", "set_procedure_pricing": "PricingSave",
    "set_surgeon_overrides": "PricingSave", "procedure_pricing": "ProcedurePricing",
    "procedure_pricing_history": "PricingHistory", "surgeon_overrides": "list[CostItem]",
    "set_financial_target": "FinancialTarget", "clear_financial_target": "bool",
    "financial_targets": "list[FinancialTarget | None]", "target_progress": "TargetProgress",
    "project_case": "CaseProjection", "compare_case_financials": "FinancialComparison",
    "case_financial_summary": "CaseFinancialSummary", "full_day_financials": "FullDayFinancials",
    "financial_analytics": "dict[str, Any]",
    "import_cases": "ImportReport",
    "provision_demo_facility": "DemoFacility", "generate_demo_data": "GenerationReport",
    "purge_case_data": "PurgeReport",
}
unknown = set(RESULTS) - set(ops)
assert not unknown, f"result types name unknown operations: {unknown}"
overloads = "\n".join(
    f"    @overload\n    def call(self, op: Literal[\"{o}\"], args: dict[str, Any] | None = None) -> {RESULTS.get(o, 'None')}: ..."
    for o in ops
)
exceptions = "\n".join(f"class {k}(OrbitError):\n    code: ClassVar[int]  # {c}\n" for k, c in kinds)
stub = f'''"""Type stubs of the native module of orbit_surgical (generated by scripts/gen-python-stubs.py)."""

from types import TracebackType
from typing import Any, ClassVar, Literal, TypeAlias, TypedDict, overload

__version__: str

Json: TypeAlias = dict[str, Any] | list[Any] | str | int | float | bool | None
Record: TypeAlias = dict[str, Any]
"""A row of a reference-data table or a case: column name → value (ids str, instants epoch ms, bools)."""
{RECORDS}
Operation = Literal[
    {literal},
]

class OrbitError(Exception):
    """Base class of orbit errors; ``code`` is the stable numeric code shared by every language."""

    code: ClassVar[int]

{exceptions}
class Store:
    """An orbit store: one SQLite file, or ``":memory:"``. A context manager (closes on exit)."""

    @staticmethod
    def open(path: str, clock_ms: int | None = None) -> Store: ...
    def set_clock_ms(self, ms: int) -> None: ...
    def system(self) -> Scope: ...
    def anonymous(self) -> Scope: ...
    def as_user(self, user_id: str, facility_id: str | None = None) -> Scope: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...
    def __enter__(self) -> Store: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool: ...

class Scope:
    """Who is calling; every operation runs on a scope."""

{overloads}
    def open_sql_session(self) -> SqlSession: ...

class SqlSession:
    """A scoped read-only SQL session over exactly what the scope may read (a snapshot)."""

    def query(self, sql: str, params: list[Any] | None = None) -> dict[str, Any]: ...
    def relations(self) -> list[dict[str, Any]]: ...
    def close(self) -> None: ...

def operations() -> list[dict[str, Any]]: ...
'''
(root / "bindings/python/python/orbit_surgical/_native.pyi").write_text(stub, encoding="utf-8")
