//! Device companies on cases and tray tracking (scheduling-patientflow.md §9, device-rep rules of §10).
//!
//! [`rules`] holds the pure logic — the tray transition table, `requires_rep`, the case tray status and the
//! reminder windows — and is unit-tested without SQLite; the rest of this file loads rows, checks access,
//! writes inside the call's transaction and audits.
//!
//! Access: assigning and removing companies are case writes (global_admin, facility_admin, coordinator,
//! user of the case's facility). Tray actions and rep notes: device reps of the company on visible cases,
//! facility admins (own facility) and global admins; other members get `PermissionDenied`. Reads: members
//! of the facility, global admins, and device reps over their matching rows of visible cases only.

use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::access::matrix::{self, WriteScope};
use crate::access::{AccessContext, Call, Level, Scope};
use crate::audit::{self, AuditEntry};
use crate::clock::Millis;
use crate::error::{Error, ErrorKind, Result};
use crate::values::{self, MAX_NAME_CHARS};

/// Pure tray rules: no `Connection`, plain data in and out.
pub mod rules {
    use std::fmt;
    use std::str::FromStr;

    use serde::Serialize;

    use crate::clock::Millis;
    use crate::error::{Error, ErrorKind, Result};

    /// Default `facilities.rep_reminder_hours_before_case`: pending trays are reminded this close to the start.
    pub const DEFAULT_REP_REMINDER_HOURS: i64 = 24;
    /// Default `facilities.rep_delivery_reminder_hours_before_case`: confirmed loaners not yet delivered are
    /// reminded this close to the start.
    pub const DEFAULT_DELIVERY_REMINDER_HOURS: i64 = 4;
    /// The case start used when a case has no `start_time` (§9.2).
    pub const DEFAULT_CASE_START: &str = "07:00:00";
    /// `case_device_companies.rep_notes` limit.
    pub const MAX_REP_NOTES_CHARS: usize = 2000;
    /// `last_modified_platform` when the caller names none.
    pub const DEFAULT_PLATFORM: &str = "web";

    const HOUR_MS: i64 = 60 * 60 * 1000;

    /// `case_device_companies.tray_status`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum TrayStatus {
        /// Waiting for the rep's answer.
        Pending,
        /// The company's consignment stock covers the case.
        Consignment,
        /// Loaner trays confirmed, not yet delivered.
        LoanersConfirmed,
        /// Loaner trays delivered.
        Delivered,
    }

    impl TrayStatus {
        /// The stored value.
        pub fn as_str(self) -> &'static str {
            match self {
                TrayStatus::Pending => "pending",
                TrayStatus::Consignment => "consignment",
                TrayStatus::LoanersConfirmed => "loaners_confirmed",
                TrayStatus::Delivered => "delivered",
            }
        }
    }

    impl fmt::Display for TrayStatus {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.as_str())
        }
    }

    impl FromStr for TrayStatus {
        type Err = Error;
        fn from_str(s: &str) -> Result<TrayStatus> {
            match s {
                "pending" => Ok(TrayStatus::Pending),
                "consignment" => Ok(TrayStatus::Consignment),
                "loaners_confirmed" => Ok(TrayStatus::LoanersConfirmed),
                "delivered" => Ok(TrayStatus::Delivered),
                _ => Err(Error::invalid(
                    "tray_status",
                    "must be one of pending, consignment, loaners_confirmed, delivered",
                )),
            }
        }
    }

    /// A tray action of the §9.2 table.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum TrayAction {
        /// pending → consignment.
        ConfirmConsignment,
        /// pending / loaners_confirmed → loaners_confirmed with a loaner count ≥ 1.
        ConfirmLoaners,
        /// loaners_confirmed → delivered with a delivered count ≥ 1 (default: the loaner count).
        Deliver,
        /// consignment / loaners_confirmed / delivered → pending, clearing counts and stamps.
        Reset,
    }

    impl TrayAction {
        /// The action's name in the API.
        pub fn as_str(self) -> &'static str {
            match self {
                TrayAction::ConfirmConsignment => "confirm_consignment",
                TrayAction::ConfirmLoaners => "confirm_loaners",
                TrayAction::Deliver => "deliver",
                TrayAction::Reset => "reset",
            }
        }

        /// The audit action written for it (§9.2).
        pub fn audit_action(self) -> &'static str {
            match self {
                TrayAction::ConfirmConsignment => "device_rep.tray_consignment_confirmed",
                TrayAction::ConfirmLoaners => "device_rep.tray_loaners_confirmed",
                TrayAction::Deliver => "device_rep.trays_delivered",
                TrayAction::Reset => "device_rep.tray_status_reset",
            }
        }

        /// The statuses it may start from.
        pub fn allowed_from(self) -> &'static [TrayStatus] {
            use TrayStatus::*;
            match self {
                TrayAction::ConfirmConsignment => &[Pending],
                TrayAction::ConfirmLoaners => &[Pending, LoanersConfirmed],
                TrayAction::Deliver => &[LoanersConfirmed],
                TrayAction::Reset => &[Consignment, LoanersConfirmed, Delivered],
            }
        }
    }

    impl FromStr for TrayAction {
        type Err = Error;
        fn from_str(s: &str) -> Result<TrayAction> {
            match s {
                "confirm_consignment" => Ok(TrayAction::ConfirmConsignment),
                "confirm_loaners" => Ok(TrayAction::ConfirmLoaners),
                "deliver" => Ok(TrayAction::Deliver),
                "reset" => Ok(TrayAction::Reset),
                _ => {
                    Err(Error::invalid("action", "must be one of confirm_consignment, confirm_loaners, deliver, reset"))
                }
            }
        }
    }

    /// What happens to a stamp pair (`confirmed_at/by`, `delivered_at/by`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Stamp {
        /// Left as is.
        Keep,
        /// Set to now and the caller.
        Set,
        /// Cleared.
        Clear,
    }

    /// The tray columns as a transition sees them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Tray {
        /// Current status.
        pub status: TrayStatus,
        /// `loaner_tray_count`.
        pub loaner_tray_count: Option<i64>,
        /// `delivered_tray_count`.
        pub delivered_tray_count: Option<i64>,
    }

    /// The result of a valid transition: the new columns and what to do with the stamps.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct TrayChange {
        /// New status and counts.
        pub tray: Tray,
        /// `confirmed_at/by`.
        pub confirmed: Stamp,
        /// `delivered_at/by`.
        pub delivered: Stamp,
    }

    /// Checks the count argument of `action` (`InvalidInput` naming `count`): required ≥ 1 for
    /// `confirm_loaners`, optional ≥ 1 for `deliver`, absent otherwise.
    pub fn check_count(action: TrayAction, count: Option<i64>) -> Result<()> {
        match (action, count) {
            (TrayAction::ConfirmLoaners, None) => Err(Error::invalid("count", "is required for confirm_loaners")),
            (TrayAction::ConfirmLoaners | TrayAction::Deliver, Some(n)) if n < 1 => {
                Err(Error::invalid("count", "must be at least 1"))
            }
            (TrayAction::ConfirmConsignment | TrayAction::Reset, Some(_)) => {
                Err(Error::invalid("count", "is accepted only by confirm_loaners and deliver"))
            }
            _ => Ok(()),
        }
    }

    /// Applies `action` to `tray` (§9.2 table). `InvalidInput` for a bad count, `InvalidState` for a
    /// transition not in the table.
    pub fn transition(tray: Tray, action: TrayAction, count: Option<i64>) -> Result<TrayChange> {
        check_count(action, count)?;
        if !action.allowed_from().contains(&tray.status) {
            let from: Vec<&str> = action.allowed_from().iter().map(|s| s.as_str()).collect();
            return Err(Error::new(
                ErrorKind::InvalidState,
                format!(
                    "{} is not allowed from tray status {}; allowed from: {}",
                    action.as_str(),
                    tray.status,
                    from.join(", ")
                ),
            ));
        }
        let change = match action {
            TrayAction::ConfirmConsignment => TrayChange {
                tray: Tray { status: TrayStatus::Consignment, ..tray },
                confirmed: Stamp::Set,
                delivered: Stamp::Keep,
            },
            TrayAction::ConfirmLoaners => TrayChange {
                tray: Tray { status: TrayStatus::LoanersConfirmed, loaner_tray_count: count, ..tray },
                confirmed: Stamp::Set,
                delivered: Stamp::Keep,
            },
            TrayAction::Deliver => TrayChange {
                tray: Tray {
                    status: TrayStatus::Delivered,
                    delivered_tray_count: count.or(tray.loaner_tray_count).or(Some(1)),
                    ..tray
                },
                confirmed: Stamp::Keep,
                delivered: Stamp::Set,
            },
            TrayAction::Reset => TrayChange {
                tray: Tray { status: TrayStatus::Pending, loaner_tray_count: None, delivered_tray_count: None },
                confirmed: Stamp::Clear,
                delivered: Stamp::Clear,
            },
        };
        Ok(change)
    }

    /// `requires_rep(case)`: the case override if set, else the procedure's flag, else false.
    pub fn requires_rep(override_flag: Option<bool>, procedure_requires_rep: Option<bool>) -> bool {
        override_flag.or(procedure_requires_rep).unwrap_or(false)
    }

    /// The derived tray status of a case (§9.3).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CaseTrayStatus {
        /// The case does not require a rep.
        NoRepNeeded,
        /// No company assigned.
        NoCompanyAssigned,
        /// A company has not answered (pending, or no tray row).
        AwaitingResponse,
        /// Loaners confirmed, not delivered.
        AwaitingDelivery,
        /// Every company answered and delivered (or uses consignment).
        Ready,
    }

    impl CaseTrayStatus {
        /// The API value.
        pub fn as_str(self) -> &'static str {
            match self {
                CaseTrayStatus::NoRepNeeded => "no_rep_needed",
                CaseTrayStatus::NoCompanyAssigned => "no_company_assigned",
                CaseTrayStatus::AwaitingResponse => "awaiting_response",
                CaseTrayStatus::AwaitingDelivery => "awaiting_delivery",
                CaseTrayStatus::Ready => "ready",
            }
        }
    }

    /// `case_tray_status` over the assigned companies' tray statuses (`None` = assigned without a tray row,
    /// which counts as pending).
    pub fn case_tray_status(requires_rep: bool, assigned: &[Option<TrayStatus>]) -> CaseTrayStatus {
        if !requires_rep {
            return CaseTrayStatus::NoRepNeeded;
        }
        if assigned.is_empty() {
            return CaseTrayStatus::NoCompanyAssigned;
        }
        if assigned.iter().any(|s| matches!(s, None | Some(TrayStatus::Pending))) {
            return CaseTrayStatus::AwaitingResponse;
        }
        if assigned.contains(&Some(TrayStatus::LoanersConfirmed)) {
            return CaseTrayStatus::AwaitingDelivery;
        }
        CaseTrayStatus::Ready
    }

    /// A facility's reminder windows (hours before the case start).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct ReminderSettings {
        /// Pending trays: `rep_reminder_hours_before_case` ([`DEFAULT_REP_REMINDER_HOURS`]).
        pub pending_hours: i64,
        /// Confirmed loaners: `rep_delivery_reminder_hours_before_case` ([`DEFAULT_DELIVERY_REMINDER_HOURS`]).
        pub delivery_hours: i64,
    }

    impl Default for ReminderSettings {
        fn default() -> Self {
            ReminderSettings {
                pending_hours: DEFAULT_REP_REMINDER_HOURS,
                delivery_hours: DEFAULT_DELIVERY_REMINDER_HOURS,
            }
        }
    }

    /// Which reminder a tray needs.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ReminderKind {
        /// A pending tray: the rep has not answered.
        Response,
        /// Confirmed loaners: not yet delivered.
        Delivery,
    }

    impl ReminderKind {
        /// The API value.
        pub fn as_str(self) -> &'static str {
            match self {
                ReminderKind::Response => "response",
                ReminderKind::Delivery => "delivery",
            }
        }
    }

    /// The reminder a tray in `status` needs at `now` for a case starting at `start`: pending when the start
    /// is ahead by more than 0 and at most `pending_hours`; loaners_confirmed when ahead by more than 0 and at
    /// most `delivery_hours`; otherwise none.
    pub fn reminder_due(
        status: TrayStatus,
        start: Millis,
        now: Millis,
        settings: ReminderSettings,
    ) -> Option<ReminderKind> {
        let ahead = start - now;
        if ahead <= 0 {
            return None;
        }
        match status {
            TrayStatus::Pending if ahead <= settings.pending_hours * HOUR_MS => Some(ReminderKind::Response),
            TrayStatus::LoanersConfirmed if ahead <= settings.delivery_hours * HOUR_MS => Some(ReminderKind::Delivery),
            _ => None,
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use TrayAction::*;
        use TrayStatus::*;

        fn tray(status: TrayStatus, loaners: Option<i64>, delivered: Option<i64>) -> Tray {
            Tray { status, loaner_tray_count: loaners, delivered_tray_count: delivered }
        }

        const ALL: [TrayStatus; 4] = [Pending, Consignment, LoanersConfirmed, Delivered];
        const ACTIONS: [TrayAction; 4] = [ConfirmConsignment, ConfirmLoaners, Deliver, Reset];

        #[test]
        fn transition_table_allows_exactly_the_spec_rows() {
            let allowed = [
                (Pending, ConfirmConsignment),
                (Pending, ConfirmLoaners),
                (LoanersConfirmed, ConfirmLoaners),
                (LoanersConfirmed, Deliver),
                (Consignment, Reset),
                (LoanersConfirmed, Reset),
                (Delivered, Reset),
            ];
            for from in ALL {
                for action in ACTIONS {
                    let count = if action == ConfirmLoaners { Some(2) } else { None };
                    let r = transition(tray(from, Some(2), None), action, count);
                    if allowed.contains(&(from, action)) {
                        assert!(r.is_ok(), "{from} {action:?}");
                    } else {
                        assert_eq!(r.unwrap_err().kind(), ErrorKind::InvalidState, "{from} {action:?}");
                    }
                }
            }
        }

        #[test]
        fn transition_sets_counts_and_stamps() {
            let c = transition(tray(Pending, None, None), ConfirmConsignment, None).unwrap();
            assert_eq!((c.tray.status, c.confirmed, c.delivered), (Consignment, Stamp::Set, Stamp::Keep));
            let c = transition(tray(Pending, None, None), ConfirmLoaners, Some(3)).unwrap();
            assert_eq!(c.tray, tray(LoanersConfirmed, Some(3), None));
            assert_eq!(c.confirmed, Stamp::Set);
            let c = transition(tray(LoanersConfirmed, Some(3), None), Deliver, None).unwrap();
            assert_eq!(c.tray, tray(Delivered, Some(3), Some(3)));
            assert_eq!((c.confirmed, c.delivered), (Stamp::Keep, Stamp::Set));
            let c = transition(tray(LoanersConfirmed, Some(3), None), Deliver, Some(2)).unwrap();
            assert_eq!(c.tray.delivered_tray_count, Some(2));
            let c = transition(tray(Delivered, Some(3), Some(2)), Reset, None).unwrap();
            assert_eq!(c.tray, tray(Pending, None, None));
            assert_eq!((c.confirmed, c.delivered), (Stamp::Clear, Stamp::Clear));
        }

        #[test]
        fn transition_checks_counts_before_state() {
            let e = |r: Result<TrayChange>| r.unwrap_err().kind();
            assert_eq!(e(transition(tray(Pending, None, None), ConfirmLoaners, None)), ErrorKind::InvalidInput);
            assert_eq!(e(transition(tray(Pending, None, None), ConfirmLoaners, Some(0))), ErrorKind::InvalidInput);
            assert_eq!(e(transition(tray(LoanersConfirmed, Some(1), None), Deliver, Some(0))), ErrorKind::InvalidInput);
            assert_eq!(e(transition(tray(Pending, None, None), ConfirmConsignment, Some(1))), ErrorKind::InvalidInput);
            assert_eq!(e(transition(tray(Consignment, None, None), Deliver, None)), ErrorKind::InvalidState);
        }

        #[test]
        fn names_round_trip() {
            for s in ALL {
                assert_eq!(s.as_str().parse::<TrayStatus>().unwrap(), s);
            }
            for a in ACTIONS {
                assert_eq!(a.as_str().parse::<TrayAction>().unwrap(), a);
                assert!(a.audit_action().starts_with("device_rep."));
            }
            assert!("ship".parse::<TrayAction>().is_err());
        }

        #[test]
        fn requires_rep_prefers_the_override() {
            assert!(!requires_rep(None, None));
            assert!(requires_rep(None, Some(true)));
            assert!(!requires_rep(Some(false), Some(true)));
            assert!(requires_rep(Some(true), Some(false)));
            assert!(requires_rep(Some(true), None));
        }

        #[test]
        fn case_tray_status_derivation() {
            use CaseTrayStatus as S;
            assert_eq!(case_tray_status(false, &[Some(Pending)]), S::NoRepNeeded);
            assert_eq!(case_tray_status(true, &[]), S::NoCompanyAssigned);
            assert_eq!(case_tray_status(true, &[None, Some(Delivered)]), S::AwaitingResponse);
            assert_eq!(case_tray_status(true, &[Some(LoanersConfirmed), Some(Pending)]), S::AwaitingResponse);
            assert_eq!(case_tray_status(true, &[Some(LoanersConfirmed), Some(Consignment)]), S::AwaitingDelivery);
            assert_eq!(case_tray_status(true, &[Some(Delivered), Some(Consignment)]), S::Ready);
        }

        #[test]
        fn reminder_windows() {
            let s = ReminderSettings::default();
            let h = HOUR_MS;
            assert_eq!(reminder_due(Pending, 24 * h, 0, s), Some(ReminderKind::Response));
            assert_eq!(reminder_due(Pending, 24 * h + 1, 0, s), None);
            assert_eq!(reminder_due(Pending, 0, 0, s), None);
            assert_eq!(reminder_due(Pending, 1, 0, s), Some(ReminderKind::Response));
            assert_eq!(reminder_due(LoanersConfirmed, 4 * h, 0, s), Some(ReminderKind::Delivery));
            assert_eq!(reminder_due(LoanersConfirmed, 4 * h + 1, 0, s), None);
            assert_eq!(reminder_due(LoanersConfirmed, -1, 0, s), None);
            assert_eq!(reminder_due(Consignment, h, 0, s), None);
            assert_eq!(reminder_due(Delivered, h, 0, s), None);
            let zero = ReminderSettings { pending_hours: 0, delivery_hours: 0 };
            assert_eq!(reminder_due(Pending, 1, 0, zero), None);
        }
    }
}

use rules::{ReminderSettings, Stamp, Tray, TrayAction, TrayStatus};

// ---------------------------------------------------------------------------------------------------------
// Records

/// One company assigned to a case, with its tray row when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseCompanyTray {
    /// `case_implant_companies.id`.
    pub assignment_id: String,
    /// The company.
    pub implant_company_id: String,
    /// Its name.
    pub company_name: String,
    /// `case_device_companies.id` (`None`: no tray row, the case did not require a rep).
    pub tray_id: Option<String>,
    /// `pending`, `consignment`, `loaners_confirmed`, `delivered` (`None` without a tray row).
    pub tray_status: Option<String>,
    /// Loaner trays confirmed.
    pub loaner_tray_count: Option<i64>,
    /// Trays delivered.
    pub delivered_tray_count: Option<i64>,
    /// When confirmed (epoch ms).
    pub confirmed_at: Option<Millis>,
    /// Who confirmed.
    pub confirmed_by: Option<String>,
    /// When delivered.
    pub delivered_at: Option<Millis>,
    /// Who delivered.
    pub delivered_by: Option<String>,
    /// The rep's notes.
    pub rep_notes: Option<String>,
    /// Platform of the last change.
    pub last_modified_platform: Option<String>,
    /// Last tray change.
    pub updated_at: Option<Millis>,
}

/// `case_tray_status(case)`: the derived status and the rows it was derived from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseTrays {
    /// The case.
    pub case_id: String,
    /// `requires_rep(case)`.
    pub requires_rep: bool,
    /// `no_rep_needed`, `no_company_assigned`, `awaiting_response`, `awaiting_delivery` or `ready`.
    pub tray_status: String,
    /// The assigned companies (a device rep sees his matching ones only), by company name.
    pub companies: Vec<CaseCompanyTray>,
}

/// One case of `spd_case_summary`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpdCaseSummary {
    /// The case.
    pub case_id: String,
    /// Its number.
    pub case_number: String,
    /// Scheduled date.
    pub scheduled_date: String,
    /// Start time.
    pub start_time: Option<String>,
    /// Room.
    pub or_room_id: Option<String>,
    /// Surgeon.
    pub surgeon_id: Option<String>,
    /// Procedure.
    pub procedure_type_id: Option<String>,
    /// `requires_rep(case)`.
    pub requires_rep: bool,
    /// The derived case tray status.
    pub tray_status: String,
    /// Σ loaner_tray_count over loaners_confirmed/delivered rows.
    pub total_expected_trays: i64,
    /// Σ delivered_tray_count over delivered rows.
    pub total_delivered_trays: i64,
    /// Assigned companies.
    pub company_count: i64,
    /// Assigned companies whose tray is pending (or missing while the case requires a rep).
    pub pending_count: i64,
}

/// One tray of `trays_needing_reminder`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrayReminder {
    /// The case.
    pub case_id: String,
    /// Its number.
    pub case_number: String,
    /// Scheduled date.
    pub scheduled_date: String,
    /// Start time (`None`: the reminder used 07:00).
    pub start_time: Option<String>,
    /// The case start instant (epoch ms).
    pub case_start: Millis,
    /// The tray row.
    pub tray_id: String,
    /// The company.
    pub implant_company_id: String,
    /// Its name.
    pub company_name: String,
    /// `pending` or `loaners_confirmed`.
    pub tray_status: String,
    /// `response` (pending) or `delivery` (loaners confirmed).
    pub reminder: String,
}

// ---------------------------------------------------------------------------------------------------------
// Access helpers

/// Whether `company` matches the device rep's company `K` (§10 `company_matches`).
fn company_matches(conn: &Connection, ctx: &AccessContext, company: &str) -> Result<bool> {
    let Some(k) = ctx.company_id.as_deref() else { return Ok(false) };
    Ok(conn
        .prepare_cached("SELECT 1 FROM implant_companies WHERE id = ?1 AND (id = ?2 OR source_company_id = ?2)")?
        .query_row([company, k], |r| r.get::<_, i64>(0))
        .optional()?
        .is_some())
}

/// Whether a device rep sees the case: granted facility (checked by `case_facility`), not a draft, one of
/// its companies matches.
fn rep_sees_case(conn: &Connection, ctx: &AccessContext, case_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM cases c WHERE c.id = ?1 AND c.is_draft = 0 AND EXISTS (
                 SELECT 1 FROM case_implant_companies x JOIN implant_companies ic ON ic.id = x.implant_company_id
                 WHERE x.case_id = c.id AND (ic.id = ?2 OR ic.source_company_id = ?2))",
        )?
        .query_row(rusqlite::params![case_id, ctx.company_id], |r| r.get::<_, i64>(0))
        .optional()?
        .is_some())
}

/// The case's facility if the context sees the case (device reps: §10 visibility), else `NotFound`.
fn visible_case_facility(conn: &Connection, ctx: &AccessContext, case_id: &str) -> Result<String> {
    let facility = ctx.case_facility(conn, case_id, true)?;
    if ctx.level == Level::DeviceRep && !rep_sees_case(conn, ctx, case_id)? {
        return Err(Error::not_found("case_id"));
    }
    Ok(facility)
}

/// A read of one facility's trays: the facility exists and is visible (`NotFound`), anonymous callers are
/// refused.
fn check_facility_read(conn: &Connection, ctx: &AccessContext, facility: &str) -> Result<()> {
    let exists: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM facilities WHERE id = ?1")?
        .query_row([facility], |r| r.get(0))
        .optional()?;
    if exists.is_none() || !ctx.sees_facility(facility) {
        return Err(Error::not_found("facility_id"));
    }
    if ctx.level == Level::Anonymous {
        return Err(Error::denied("tray reads are for facility members and device reps"));
    }
    Ok(())
}

fn case_number(conn: &Connection, case_id: &str) -> Result<String> {
    Ok(conn.prepare_cached("SELECT case_number FROM cases WHERE id = ?1")?.query_row([case_id], |r| r.get(0))?)
}

/// `requires_rep` of a stored case.
fn case_requires_rep(conn: &Connection, case_id: &str) -> Result<bool> {
    let (o, p): (Option<bool>, Option<bool>) = conn
        .prepare_cached(
            "SELECT c.rep_required_override, p.requires_rep FROM cases c
             LEFT JOIN procedure_types p ON p.id = c.procedure_type_id WHERE c.id = ?1",
        )?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rules::requires_rep(o, p))
}

fn platform(p: Option<&str>) -> Result<String> {
    Ok(values::text("platform", p, MAX_NAME_CHARS)?.unwrap_or_else(|| rules::DEFAULT_PLATFORM.to_string()))
}

// ---------------------------------------------------------------------------------------------------------
// Rows

const COMPANY_TRAY_SELECT: &str = "SELECT a.id, a.implant_company_id, ic.name, d.id, d.tray_status,
        d.loaner_tray_count, d.delivered_tray_count, d.confirmed_at, d.confirmed_by, d.delivered_at, d.delivered_by,
        d.rep_notes, d.last_modified_platform, d.updated_at
    FROM case_implant_companies a
    JOIN implant_companies ic ON ic.id = a.implant_company_id
    LEFT JOIN case_device_companies d ON d.case_id = a.case_id AND d.implant_company_id = a.implant_company_id";

impl CaseCompanyTray {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<CaseCompanyTray> {
        Ok(CaseCompanyTray {
            assignment_id: r.get(0)?,
            implant_company_id: r.get(1)?,
            company_name: r.get(2)?,
            tray_id: r.get(3)?,
            tray_status: r.get(4)?,
            loaner_tray_count: r.get(5)?,
            delivered_tray_count: r.get(6)?,
            confirmed_at: r.get(7)?,
            confirmed_by: r.get(8)?,
            delivered_at: r.get(9)?,
            delivered_by: r.get(10)?,
            rep_notes: r.get(11)?,
            last_modified_platform: r.get(12)?,
            updated_at: r.get(13)?,
        })
    }

    fn status(&self) -> Result<Option<TrayStatus>> {
        self.tray_status.as_deref().map(str::parse).transpose()
    }
}

/// The case's assigned companies visible to `ctx` (device reps: matching ones only), by name.
fn case_companies(conn: &Connection, ctx: &AccessContext, case_id: &str) -> Result<Vec<CaseCompanyTray>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{COMPANY_TRAY_SELECT} WHERE a.case_id = ?1 AND (?2 IS NULL OR ic.id = ?2 OR ic.source_company_id = ?2)
         ORDER BY ic.name, a.implant_company_id"
    ))?;
    let rep_company = if ctx.level == Level::DeviceRep { ctx.company_id.clone() } else { None };
    let rows = stmt.query_map(rusqlite::params![case_id, rep_company], CaseCompanyTray::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn case_trays(conn: &Connection, ctx: &AccessContext, case_id: &str) -> Result<CaseTrays> {
    let requires_rep = case_requires_rep(conn, case_id)?;
    let companies = case_companies(conn, ctx, case_id)?;
    let statuses = companies.iter().map(CaseCompanyTray::status).collect::<Result<Vec<_>>>()?;
    Ok(CaseTrays {
        case_id: case_id.to_string(),
        requires_rep,
        tray_status: rules::case_tray_status(requires_rep, &statuses).as_str().to_string(),
        companies,
    })
}

/// The assignment row for (case, company), if any.
fn assignment(conn: &Connection, case_id: &str, company: &str) -> Result<Option<CaseCompanyTray>> {
    Ok(conn
        .prepare_cached(&format!("{COMPANY_TRAY_SELECT} WHERE a.case_id = ?1 AND a.implant_company_id = ?2"))?
        .query_row([case_id, company], CaseCompanyTray::from_row)
        .optional()?)
}

// ---------------------------------------------------------------------------------------------------------
// Writes

/// Case writes: members of the case's facility and global admins; device reps may not assign companies.
fn check_case_writer(ctx: &AccessContext) -> Result<()> {
    if ctx.level == Level::DeviceRep {
        return Err(Error::denied("device reps cannot assign or remove companies"));
    }
    match matrix::write_scope("cases", ctx.level) {
        WriteScope::All | WriteScope::OwnFacility => Ok(()),
        _ => Err(Error::denied("this access level cannot change cases")),
    }
}

/// Tray writers (§9.2): device reps of the company, facility admins, global admins.
fn check_tray_writer(conn: &Connection, ctx: &AccessContext, company: &str) -> Result<()> {
    match ctx.level {
        Level::System | Level::GlobalAdmin | Level::FacilityAdmin => Ok(()),
        Level::DeviceRep if company_matches(conn, ctx, company)? => Ok(()),
        Level::DeviceRep => Err(Error::denied("device reps act only on their own company's trays")),
        _ => Err(Error::denied("tray actions are for the company's device reps and facility admins")),
    }
}

/// Loads the tray row of (case, company) for a tray write, checking access (`NotFound` for an invisible
/// case or an unassigned company, `PermissionDenied`, `InvalidState` when the case has no tray row).
fn load_tray_for_write(call: &Call<'_>, case_id: &str, company: &str) -> Result<(String, CaseCompanyTray)> {
    let facility = visible_case_facility(call.tx, &call.ctx, case_id)?;
    check_tray_writer(call.tx, &call.ctx, company)?;
    let row = assignment(call.tx, case_id, company)?.ok_or_else(|| Error::not_found("implant_company_id"))?;
    if row.tray_id.is_none() {
        return Err(Error::new(
            ErrorKind::InvalidState,
            "the company has no tray row on this case (the case does not require a rep)",
        ));
    }
    Ok((facility, row))
}

/// Audits one tray-row change (§9.2): target `case_device_company`, changed columns, metadata
/// `{platform, case_id, implant_company_id}`.
fn audit_tray(
    call: &Call<'_>,
    action: &str,
    facility: &str,
    before: Map<String, Value>,
    row: &CaseCompanyTray,
) -> Result<()> {
    let tray_id = row.tray_id.clone().unwrap_or_default();
    let after = audit::row_values(call.tx, "case_device_companies", &tray_id)?.unwrap_or_default();
    let (old, new) = crate::rows::changed(&before, &after);
    let mut metadata = Map::new();
    metadata.insert("platform".into(), after.get("last_modified_platform").cloned().unwrap_or(Value::Null));
    metadata.insert("case_id".into(), Value::String(case_id_of(&after)));
    metadata.insert("implant_company_id".into(), Value::String(row.implant_company_id.clone()));
    audit::record(
        call,
        AuditEntry {
            action: action.into(),
            target_type: "case_device_company",
            target_id: tray_id,
            target_label: Some(row.company_name.clone()),
            facility_id: Some(facility.to_string()),
            old_values: Some(old),
            new_values: Some(new),
            metadata,
        },
    )
}

fn case_id_of(row: &Map<String, Value>) -> String {
    row.get("case_id").and_then(Value::as_str).unwrap_or_default().to_string()
}

/// A procedure type started requiring a rep (§9.2, D-S12): its non-draft cases that are neither cancelled
/// nor completed and follow the procedure (no override) get pending tray rows for their assigned companies
/// that have none. Runs in the caller's transaction; returns the rows created.
pub(crate) fn sync_procedure_trays(call: &Call<'_>, procedure_type_id: &str) -> Result<usize> {
    Ok(call.tx.execute(
        "INSERT INTO case_device_companies (id, case_id, implant_company_id, created_at, updated_at)
         SELECT orbit_new_id(), a.case_id, a.implant_company_id, ?2, ?2
         FROM case_implant_companies a
         JOIN cases c ON c.id = a.case_id
         JOIN case_statuses s ON s.id = c.status_id
         JOIN procedure_types p ON p.id = c.procedure_type_id
         WHERE p.id = ?1 AND p.requires_rep = 1 AND c.rep_required_override IS NULL AND c.is_draft = 0
           AND s.name NOT IN ('cancelled', 'completed')
           AND NOT EXISTS (SELECT 1 FROM case_device_companies d
                           WHERE d.case_id = a.case_id AND d.implant_company_id = a.implant_company_id)",
        rusqlite::params![procedure_type_id, call.now],
    )?)
}

impl Scope {
    /// Assigns implant company `implant_company_id` (the facility's or a global one, active) to a case, with
    /// a `pending` tray row when the case requires a rep (§9.2). Case writers; audited
    /// `case.implant_company_added`. `Conflict` when already assigned.
    pub fn assign_company(&self, case_id: &str, implant_company_id: &str) -> Result<CaseTrays> {
        let case = values::parse_uuid("case_id", case_id)?;
        let company = values::parse_uuid("implant_company_id", implant_company_id)?;
        self.write("assign_company", |call| {
            let facility = visible_case_facility(call.tx, &call.ctx, &case)?;
            check_case_writer(&call.ctx)?;
            let active: Option<i64> = call
                .tx
                .query_row(
                    "SELECT is_active FROM implant_companies WHERE id = ?1 AND (facility_id = ?2 OR facility_id IS NULL)",
                    [&company, &facility],
                    |r| r.get(0),
                )
                .optional()?;
            match active {
                None => return Err(Error::not_found("implant_company_id")),
                Some(0) => return Err(Error::invalid("implant_company_id", "refers to an archived row")),
                Some(_) => {}
            }
            let label = format!("Case #{}", case_number(call.tx, &case)?);
            let mut entry = crate::cases::assign_company(call, &case, &company, &label)?;
            entry.facility_id = Some(facility);
            entry.metadata.insert("case_id".into(), Value::String(case.clone()));
            audit::record(call, entry)?;
            case_trays(call.tx, &call.ctx, &case)
        })
    }

    /// Removes company `implant_company_id` from a case: its assignment and tray rows (§9.2). Case writers;
    /// audited `case.implant_company_removed`. `NotFound` when not assigned.
    pub fn remove_company(&self, case_id: &str, implant_company_id: &str) -> Result<CaseTrays> {
        let case = values::parse_uuid("case_id", case_id)?;
        let company = values::parse_uuid("implant_company_id", implant_company_id)?;
        self.write("remove_company", |call| {
            let facility = visible_case_facility(call.tx, &call.ctx, &case)?;
            check_case_writer(&call.ctx)?;
            let row = assignment(call.tx, &case, &company)?.ok_or_else(|| Error::not_found("implant_company_id"))?;
            call.tx.execute(
                "DELETE FROM case_device_companies WHERE case_id = ?1 AND implant_company_id = ?2",
                [&case, &company],
            )?;
            call.tx.execute("DELETE FROM case_implant_companies WHERE id = ?1", [&row.assignment_id])?;
            let label = format!("Case #{}", case_number(call.tx, &case)?);
            let mut metadata = Map::new();
            metadata.insert("case_id".into(), Value::String(case.clone()));
            audit::record(
                call,
                AuditEntry {
                    action: "case.implant_company_removed".into(),
                    target_type: "case_implant_companies",
                    target_id: row.assignment_id.clone(),
                    target_label: Some(label),
                    facility_id: Some(facility),
                    old_values: json!({"implant_company_id": company, "name": row.company_name}).as_object().cloned(),
                    new_values: None,
                    metadata,
                },
            )?;
            case_trays(call.tx, &call.ctx, &case)
        })
    }

    /// Applies tray action `action` (`confirm_consignment`, `confirm_loaners`, `deliver`, `reset`) to the
    /// tray row of (case, company) per the §9.2 table; `count` is the loaner count (`confirm_loaners`, ≥ 1)
    /// or the delivered count (`deliver`, ≥ 1, default the loaner count). `platform` defaults to `web`.
    pub fn tray_action(
        &self,
        case_id: &str,
        implant_company_id: &str,
        action: &str,
        count: Option<i64>,
        platform: Option<&str>,
    ) -> Result<CaseCompanyTray> {
        let case = values::parse_uuid("case_id", case_id)?;
        let company = values::parse_uuid("implant_company_id", implant_company_id)?;
        let action: TrayAction = action.parse()?;
        rules::check_count(action, count)?;
        let platform = self::platform(platform)?;
        self.write("tray_action", |call| {
            let (facility, row) = load_tray_for_write(call, &case, &company)?;
            let tray_id = row.tray_id.clone().unwrap_or_default();
            let current = Tray {
                status: row.status()?.unwrap_or(TrayStatus::Pending),
                loaner_tray_count: row.loaner_tray_count,
                delivered_tray_count: row.delivered_tray_count,
            };
            let change = rules::transition(current, action, count)?;
            let before = audit::row_values(call.tx, "case_device_companies", &tray_id)?.unwrap_or_default();
            let stamp = |stamp: Stamp, at: Option<Millis>, by: Option<String>| match stamp {
                Stamp::Keep => (at, by),
                Stamp::Set => (Some(call.now), call.ctx.user_id.clone()),
                Stamp::Clear => (None, None),
            };
            let (confirmed_at, confirmed_by) = stamp(change.confirmed, row.confirmed_at, row.confirmed_by.clone());
            let (delivered_at, delivered_by) = stamp(change.delivered, row.delivered_at, row.delivered_by.clone());
            call.tx.execute(
                "UPDATE case_device_companies SET tray_status = ?2, loaner_tray_count = ?3, delivered_tray_count = ?4,
                     confirmed_at = ?5, confirmed_by = ?6, delivered_at = ?7, delivered_by = ?8,
                     last_modified_platform = ?9, updated_at = ?10 WHERE id = ?1",
                rusqlite::params![
                    tray_id,
                    change.tray.status.as_str(),
                    change.tray.loaner_tray_count,
                    change.tray.delivered_tray_count,
                    confirmed_at,
                    confirmed_by,
                    delivered_at,
                    delivered_by,
                    platform,
                    call.now
                ],
            )?;
            let after = assignment(call.tx, &case, &company)?.expect("just written");
            audit_tray(call, action.audit_action(), &facility, before, &after)?;
            Ok(after)
        })
    }

    /// Sets the rep notes (≤ 2000 characters; empty clears) of the tray row of (case, company), in any
    /// status. Same callers as [`Scope::tray_action`]; audited `device_rep.notes_updated`.
    pub fn set_rep_notes(
        &self,
        case_id: &str,
        implant_company_id: &str,
        notes: Option<&str>,
        platform: Option<&str>,
    ) -> Result<CaseCompanyTray> {
        let case = values::parse_uuid("case_id", case_id)?;
        let company = values::parse_uuid("implant_company_id", implant_company_id)?;
        let notes = values::text("notes", notes, rules::MAX_REP_NOTES_CHARS)?;
        let platform = self::platform(platform)?;
        self.write("set_rep_notes", |call| {
            let (facility, row) = load_tray_for_write(call, &case, &company)?;
            let tray_id = row.tray_id.clone().unwrap_or_default();
            let before = audit::row_values(call.tx, "case_device_companies", &tray_id)?.unwrap_or_default();
            call.tx.execute(
                "UPDATE case_device_companies SET rep_notes = ?2, last_modified_platform = ?3, updated_at = ?4
                 WHERE id = ?1",
                rusqlite::params![tray_id, notes, platform, call.now],
            )?;
            let after = assignment(call.tx, &case, &company)?.expect("just written");
            audit_tray(call, "device_rep.notes_updated", &facility, before, &after)?;
            Ok(after)
        })
    }

    // -----------------------------------------------------------------------------------------------------
    // Reads

    /// `case_tray_status(case)` (§9.3) with the assigned companies and their tray rows; a device rep sees
    /// and is counted over his matching companies only (§10).
    pub fn case_tray_status(&self, case_id: &str) -> Result<CaseTrays> {
        let case = values::parse_uuid("case_id", case_id)?;
        self.read(|conn, ctx| {
            visible_case_facility(conn, ctx, &case)?;
            case_trays(conn, ctx, &case)
        })
    }

    /// `spd_case_summary(facility, start_date, end_date)` (§9.3): the non-draft, non-cancelled cases of those
    /// dates (inclusive), by date, start time and case number. Device reps: their visible cases, counted over
    /// their matching rows only.
    pub fn spd_case_summary(&self, facility_id: &str, start_date: &str, end_date: &str) -> Result<Vec<SpdCaseSummary>> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let start = values::date("start_date", start_date)?;
        let end = values::date("end_date", end_date)?;
        if end < start {
            return Err(Error::invalid("end_date", "must not be before start_date"));
        }
        self.read(|conn, ctx| {
            check_facility_read(conn, ctx, &facility)?;
            let mut stmt = conn.prepare_cached(
                "SELECT c.id, c.case_number, c.scheduled_date, c.start_time, c.or_room_id, c.surgeon_id,
                        c.procedure_type_id
                 FROM cases c JOIN case_statuses s ON s.id = c.status_id
                 WHERE c.facility_id = ?1 AND c.scheduled_date BETWEEN ?2 AND ?3 AND c.is_draft = 0
                   AND s.name <> 'cancelled'
                 ORDER BY c.scheduled_date, c.start_time IS NULL, c.start_time, c.case_number",
            )?;
            let cases: Vec<SpdCaseSummary> = stmt
                .query_map(rusqlite::params![facility, start.to_string(), end.to_string()], |r| {
                    Ok(SpdCaseSummary {
                        case_id: r.get(0)?,
                        case_number: r.get(1)?,
                        scheduled_date: r.get(2)?,
                        start_time: r.get(3)?,
                        or_room_id: r.get(4)?,
                        surgeon_id: r.get(5)?,
                        procedure_type_id: r.get(6)?,
                        requires_rep: false,
                        tray_status: String::new(),
                        total_expected_trays: 0,
                        total_delivered_trays: 0,
                        company_count: 0,
                        pending_count: 0,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::with_capacity(cases.len());
            for mut c in cases {
                if ctx.level == Level::DeviceRep && !rep_sees_case(conn, ctx, &c.case_id)? {
                    continue;
                }
                let trays = case_trays(conn, ctx, &c.case_id)?;
                c.requires_rep = trays.requires_rep;
                c.tray_status = trays.tray_status;
                for t in &trays.companies {
                    let status = t.status()?;
                    if matches!(status, Some(TrayStatus::LoanersConfirmed | TrayStatus::Delivered)) {
                        c.total_expected_trays += t.loaner_tray_count.unwrap_or(0);
                    }
                    if status == Some(TrayStatus::Delivered) {
                        c.total_delivered_trays += t.delivered_tray_count.unwrap_or(0);
                    }
                    if status == Some(TrayStatus::Pending) || (status.is_none() && c.requires_rep) {
                        c.pending_count += 1;
                    }
                }
                c.company_count = trays.companies.len() as i64;
                out.push(c);
            }
            Ok(out)
        })
    }

    /// `trays_needing_reminder(facility, now)` (§9.2) at the library clock: pending trays of cases starting
    /// within `rep_reminder_hours_before_case` hours, confirmed loaners of cases starting within
    /// `rep_delivery_reminder_hours_before_case` hours, over non-draft, non-cancelled cases that require a
    /// rep; ordered by case start, case number and company name. Device reps: their matching rows only.
    pub fn trays_needing_reminder(&self, facility_id: &str) -> Result<Vec<TrayReminder>> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let now = self.now_ms();
        self.read(|conn, ctx| {
            check_facility_read(conn, ctx, &facility)?;
            let (tz, pending_hours, delivery_hours): (String, i64, i64) = conn.query_row(
                "SELECT timezone, rep_reminder_hours_before_case, rep_delivery_reminder_hours_before_case
                 FROM facilities WHERE id = ?1",
                [&facility],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let tz = values::timezone("timezone", &tz)?;
            let settings = ReminderSettings { pending_hours, delivery_hours };
            let rep_company = if ctx.level == Level::DeviceRep { ctx.company_id.clone() } else { None };
            let mut stmt = conn.prepare_cached(
                "SELECT c.id, c.case_number, c.scheduled_date, c.start_time, d.id, d.implant_company_id, ic.name,
                        d.tray_status, c.rep_required_override, p.requires_rep
                 FROM case_device_companies d
                 JOIN case_implant_companies a ON a.case_id = d.case_id AND a.implant_company_id = d.implant_company_id
                 JOIN cases c ON c.id = d.case_id
                 JOIN case_statuses s ON s.id = c.status_id
                 JOIN implant_companies ic ON ic.id = d.implant_company_id
                 LEFT JOIN procedure_types p ON p.id = c.procedure_type_id
                 WHERE c.facility_id = ?1 AND c.is_draft = 0 AND s.name <> 'cancelled'
                   AND d.tray_status IN ('pending', 'loaners_confirmed')
                   AND (?2 IS NULL OR ic.id = ?2 OR ic.source_company_id = ?2)",
            )?;
            let mut out = Vec::new();
            let mut rows = stmt.query(rusqlite::params![facility, rep_company])?;
            while let Some(r) = rows.next()? {
                let requires = rules::requires_rep(r.get(8)?, r.get(9)?);
                if !requires {
                    continue;
                }
                let date: String = r.get(2)?;
                let start_time: Option<String> = r.get(3)?;
                let day = values::date("scheduled_date", &date)?;
                let time = chrono::NaiveTime::parse_from_str(
                    start_time.as_deref().unwrap_or(rules::DEFAULT_CASE_START),
                    "%H:%M:%S",
                )
                .map_err(|_| Error::invalid("start_time", "must be HH:MM:SS"))?;
                let start = values::local_instant(day, time, tz);
                let status: TrayStatus = r.get::<_, String>(7)?.parse()?;
                let Some(kind) = rules::reminder_due(status, start, now, settings) else { continue };
                out.push(TrayReminder {
                    case_id: r.get(0)?,
                    case_number: r.get(1)?,
                    scheduled_date: date,
                    start_time,
                    case_start: start,
                    tray_id: r.get(4)?,
                    implant_company_id: r.get(5)?,
                    company_name: r.get(6)?,
                    tray_status: status.as_str().to_string(),
                    reminder: kind.as_str().to_string(),
                });
            }
            out.sort_by(|a, b| {
                (a.case_start, &a.case_number, &a.company_name).cmp(&(b.case_start, &b.case_number, &b.company_name))
            });
            Ok(out)
        })
    }
}
