//! The single dispatcher of case events (lifecycle-and-stats.md §2.2, D4).
//!
//! Every case operation validates first, then performs its own steps 1–2 (primary rows with `updated_at`,
//! the status transition and its derived columns) and hands a [`Steps`] description to [`finish`], which
//! runs the shared steps in the spec's fixed order:
//!
//! 3. data-quality detection, and auto-validation when the call completed the case with zero open issues;
//! 4. history (one row per call) and the call's audit rows;
//! 5. stats of the case and of its neighbours (`stats::on_case_event`), then flags (flag issue);
//! 6. aggregates of the keys step 5 touched (aggregates are computed on read: nothing to refresh);
//! 7. removal on invalidation: the case's stats row, milestone stats and threshold flags;
//! 8. exclusion sync of the stats row;
//! 9. the check-in (creation, expected-arrival refresh, patient-status progression).
//!
//! Steps that do not apply are skipped. Everything runs inside the operation's transaction.

use crate::store::Cached;
use serde_json::{Map, Value, json};

use super::history::{self, CaseState};
use crate::access::Call;
use crate::audit::{self, AuditEntry};
use crate::data_quality;
use crate::error::{Error, Result};
use crate::patient_flow;

/// Exclusion sync (step 8): what the case's stats row should say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExclusionSync {
    /// Excluded, with the reason.
    Exclude(Option<String>),
    /// Included again.
    Include,
}

/// The shared steps a call asks for.
#[derive(Debug, Default)]
pub(crate) struct Steps {
    /// Step 3: run detection (if the case is eligible).
    pub detection: bool,
    /// The call moved the case into `completed` (auto-validation candidate).
    pub completed_now: bool,
    /// Step 4: audit rows of the call's own changes.
    pub audit: Vec<AuditEntry>,
    /// Step 4: write history (false only for calls that change untracked columns alone).
    pub history: bool,
    /// Step 5: a neighbour trigger event (§2.6): recompute the cases sharing the room-day or surgeon-day.
    pub neighbours: bool,
    /// Step 7: the call invalidated the case.
    pub removal: bool,
    /// Step 8.
    pub exclusion_sync: Option<ExclusionSync>,
    /// Step 9: create the check-in if missing.
    pub ensure_checkin: bool,
    /// Step 9: recompute the expected arrival (date, time or procedure changed).
    pub refresh_checkin: bool,
    /// Step 9: the milestone first recorded by this call (patient-status progression).
    pub progress: Option<String>,
}

/// What the shared steps reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Dispatched {
    /// Unresolved issues after detection (`None` when detection did not run).
    pub unresolved_issues: Option<u32>,
    /// Step 3 auto-validated the case.
    pub auto_validated: bool,
}

/// Runs steps 3–9 for case `case_id`; `before` is its state before the call (`None` for a creation).
pub(crate) fn finish(call: &Call<'_>, case_id: &str, before: Option<&CaseState>, steps: Steps) -> Result<Dispatched> {
    let mut out = Dispatched::default();
    let mut audit_rows = steps.audit;

    // Step 3: detection, then auto-validation of a case this call completed.
    if steps.detection {
        out.unresolved_issues = data_quality::run(call.tx, case_id, call.now)?;
        if steps.completed_now && out.unresolved_issues == Some(0) {
            let old = audit::row_values(call.tx, "cases", case_id)?;
            call.tx.execute_cached(
                "UPDATE cases SET data_validated = 1, validated_at = ?2, validated_by = NULL, updated_at = ?2 WHERE id = ?1",
                rusqlite::params![case_id, call.now],
            )?;
            out.auto_validated = true;
            audit_rows.push(case_audit(call, case_id, "case.validated", old, Some(json!({"auto": true})))?);
        }
    }

    // Step 4: history, then audit.
    let after = history::state(call.tx, case_id)?.ok_or_else(|| Error::not_found("case_id"))?;
    if steps.history {
        history::write(call, case_id, before, &after)?;
    }
    for entry in audit_rows {
        audit::record(call, entry)?;
    }

    // Step 5: the case's own stats, then its neighbours' (flags and aggregates plug in here too).
    crate::stats::on_case_event(call, case_id, before, Some(&after), steps.neighbours)?;

    // Step 7: removal on invalidation.
    if steps.removal {
        remove_derived(call, case_id, true)?;
    }

    // Step 8: exclusion sync.
    match &steps.exclusion_sync {
        Some(ExclusionSync::Exclude(reason)) => {
            call.tx.execute_cached(
                "UPDATE case_completion_stats SET is_excluded = 1, excluded_at = ?2, excluded_by = ?3,
                     exclusion_reason = ?4, updated_at = ?2 WHERE case_id = ?1",
                rusqlite::params![
                    case_id,
                    call.now,
                    call.ctx.user_id,
                    reason.clone().unwrap_or_else(|| "Excluded via Data Quality review".into())
                ],
            )?;
            remove_derived(call, case_id, false)?;
        }
        Some(ExclusionSync::Include) => {
            call.tx.execute_cached(
                "UPDATE case_completion_stats SET is_excluded = 0, excluded_at = NULL, excluded_by = NULL,
                     exclusion_reason = NULL, updated_at = ?2 WHERE case_id = ?1 AND is_excluded = 1",
                rusqlite::params![case_id, call.now],
            )?;
        }
        None => {}
    }

    // Step 9: the check-in.
    if !after.is_draft && after.status != "cancelled" && steps.ensure_checkin {
        patient_flow::ensure_checkin(call.tx, case_id, call.now)?;
    }
    if steps.refresh_checkin {
        patient_flow::refresh_checkin(call.tx, case_id, call.now)?;
    }
    if let Some(m) = &steps.progress {
        patient_flow::progress(call.tx, case_id, m, call.ctx.user_id.as_deref(), call.now)?;
    }
    Ok(out)
}

/// Deletes the case's derived rows: milestone stats and threshold flags, and the stats row itself when
/// `stats_row` (invalidation; exclusion keeps the row).
fn remove_derived(call: &Call<'_>, case_id: &str, stats_row: bool) -> Result<()> {
    if stats_row {
        call.tx.execute_cached("DELETE FROM case_completion_stats WHERE case_id = ?1", [case_id])?;
    }
    call.tx.execute_cached("DELETE FROM case_milestone_stats WHERE case_id = ?1", [case_id])?;
    call.tx.execute_cached("DELETE FROM case_flags WHERE case_id = ?1 AND +flag_type = 'threshold'", [case_id])?;
    Ok(())
}

/// An audit row on the case: the columns that changed since `old` (or the full row when `old` is `None`).
pub(crate) fn case_audit(
    call: &Call<'_>,
    case_id: &str,
    action: &str,
    old: Option<Map<String, Value>>,
    metadata: Option<Value>,
) -> Result<AuditEntry> {
    let new = audit::row_values(call.tx, "cases", case_id)?.unwrap_or_default();
    let (old_values, new_values) = match old {
        Some(old) => {
            let (o, n) = crate::rows::changed(&old, &new);
            (Some(o), Some(n))
        }
        None => (None, Some(new.clone())),
    };
    Ok(AuditEntry {
        action: action.into(),
        target_type: "cases",
        target_id: case_id.to_string(),
        target_label: new.get("case_number").and_then(Value::as_str).map(|n| format!("Case #{n}")),
        facility_id: new.get("facility_id").and_then(Value::as_str).map(str::to_string),
        old_values,
        new_values,
        metadata: metadata.and_then(|m| m.as_object().cloned()).unwrap_or_default(),
    })
}
