//! Effective-dated pricing (financials-kpis.md §1.3–§1.5, §2.1, §2.4, §2.5; D-F1–D-F3, D-F10): procedure
//! cost items, surgeon overrides and reimbursements, their version writes, the pricing conveniences, the
//! pricing reads, and the re-pricing of the affected validated cases in the same transaction.
//!
//! [`rules`] holds the pure version rules (no `Connection`), unit- and property-tested; the rest of this
//! file checks access, validates, writes inside the call's transaction, audits and re-prices.
//!
//! Rules and choices:
//! - **Keys.** A cost item key is (procedure, category); an override key (surgeon, procedure, category); a
//!   reimbursement key (procedure, payer or NULL = default). The facility is the procedure's.
//! - **`set_*_version`** (§2.5): a row of the key starting later → `Conflict`; a row starting on the same day
//!   is updated in place (an ended cost item/override is re-opened); otherwise a new row is inserted and, for
//!   cost items/overrides, the row still open or ending on/after the start ends the day before. Setting the
//!   amount a row already has (and that row is open) changes nothing: no write, no audit row, action
//!   `unchanged`. Default start: facility-local today by the library clock.
//! - **`end_*_version`**: only cost items and overrides end. Already ended → `InvalidState` (checked
//!   first); `end_date` before the row's start → `InvalidInput`. Default end: facility-local today − 1 day.
//!   Ending needs no active procedure/category/surgeon (a row of an archived category may still be ended).
//! - **Conveniences.** `set_procedure_pricing` / `set_surgeon_overrides` check every key they touch for a
//!   later version before writing anything (`Conflict`, nothing written). "Omitted" categories are the
//!   facility's **active** categories not named in the call (rows of archived categories are left alone:
//!   they do not price anything, and restoring the category brings its pricing back unchanged). For an
//!   omitted (or, for procedures, zero) category, the row covering the start or a later date ends the day
//!   before the start; a procedure row starting exactly at the start gets amount 0 instead, while an
//!   override row starting exactly at the start is a `Conflict` (give 0 explicitly for "uses none"). A given
//!   amount is always a `set_version` at the start, so re-giving an unchanged amount from a new start adds a
//!   version row (history records when the price was confirmed); reimbursements are touched only when given.
//!   In the operation table the maps are objects `{id: cents}` or arrays `[{"id", "amount"}]`
//!   ([`amounts_from_json`]).
//! - **Validation.** Procedure, categories, payers and the surgeon must belong to the procedure's facility
//!   (`NotFound` naming the parameter) and be active (`InvalidInput`); the surgeon is an active user of the
//!   facility (the `cases.surgeon_id` rule). Amounts are integer cents in `0..=`[`MAX_AMOUNT_CENTS`].
//! - **Re-pricing** (§2.4): after a write that changed rows, `compute_case_stats` (then flag detection)
//!   runs for the validated cases of the procedure — and of the surgeon, for overrides — dated on or after
//!   the first date whose resolved value can change: the start for a set, `end_date + 1` for an end. The
//!   number of stats rows that changed is returned as `repriced_cases`. The conveniences re-price once, from
//!   the start (closing or zeroing rows never changes a date before it). A call that changes no row
//!   re-prices nothing.
//! - **Access** (§0.3): reads by global admins and members of the facility; device reps and anonymous
//!   callers get `PermissionDenied` (other facilities: `NotFound`). Writes by facility admins (own facility),
//!   global admins and the system. Every changed row is audited as `<table>.created|updated|ended`.
//! - **Reads.** [`Scope::procedure_pricing`] resolves every active category on a date (with a surgeon: their
//!   overrides first), the default and the per-payer reimbursements, with the same resolution order as the
//!   cost function (greatest start, then latest `created_at`, then greatest id).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

use crate::access::matrix::{self, ReadScope, WriteScope};
use crate::access::{AccessContext, Call, Level, Scope};
use crate::audit;
use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::values;

/// The largest amount (cents) a pricing row or target accepts: 10 000 000 000.00.
pub const MAX_AMOUNT_CENTS: i64 = 1_000_000_000_000;

/// Pure version rules of §2.5: no `Connection`, plain data in and out.
pub mod rules {
    use chrono::NaiveDate;

    use crate::error::{Error, Result};

    /// One effective-dated row of a key.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Version {
        /// Row id.
        pub id: String,
        /// `effective_from` / `effective_date`.
        pub start: NaiveDate,
        /// `effective_to` (inclusive); always `None` for reimbursements.
        pub end: Option<NaiveDate>,
        /// Amount in cents.
        pub amount: i64,
    }

    /// How a key's rows stop applying.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Ending {
        /// Cost items and overrides: an inclusive end date.
        Dated,
        /// Reimbursements: superseded by the next row of the key.
        Superseded,
    }

    /// What `set_version` does.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum SetPlan {
        /// The row starting on that day already holds the amount and is open.
        Unchanged {
            /// The row.
            id: String,
        },
        /// Update the row starting on that day (re-opening it when it had ended).
        Update {
            /// The row.
            id: String,
            /// Whether it had an end date.
            reopen: bool,
        },
        /// Insert a new row after ending these rows on the given day (the day before the start).
        Insert {
            /// `(row id, new effective_to)`.
            close: Vec<(String, NaiveDate)>,
        },
    }

    /// What a pricing convenience does with a key it clears (an omitted or zero category).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum ClearPlan {
        /// No row covers the start or a later date (or the covering row already holds 0).
        Nothing,
        /// The row starting exactly at the start gets amount 0.
        Zero {
            /// The row.
            id: String,
        },
        /// The covering row ends the day before the start.
        End {
            /// The row.
            id: String,
            /// Its new `effective_to`.
            end: NaiveDate,
        },
    }

    /// The first row of the key starting after `start`, if any (§2.5 rule 1).
    pub fn later_version(rows: &[Version], start: NaiveDate) -> Option<&Version> {
        rows.iter().filter(|r| r.start > start).min_by_key(|r| r.start)
    }

    fn conflict(later: &Version) -> Error {
        Error::conflict(format!("a later version exists (from {}); add versions in date order", later.start))
    }

    fn day_before(start: NaiveDate) -> Result<NaiveDate> {
        start.pred_opt().ok_or_else(|| Error::invalid("effective_from", "is out of range"))
    }

    /// `set_version(key, amount, start)` of §2.5.
    pub fn plan_set(rows: &[Version], start: NaiveDate, amount: i64, ending: Ending) -> Result<SetPlan> {
        if let Some(later) = later_version(rows, start) {
            return Err(conflict(later));
        }
        if let Some(row) = rows.iter().find(|r| r.start == start) {
            let reopen = row.end.is_some();
            return Ok(if row.amount == amount && !reopen {
                SetPlan::Unchanged { id: row.id.clone() }
            } else {
                SetPlan::Update { id: row.id.clone(), reopen }
            });
        }
        let close = match ending {
            Ending::Superseded => Vec::new(),
            Ending::Dated => {
                let before = day_before(start)?;
                rows.iter().filter(|r| r.end.is_none_or(|e| e >= start)).map(|r| (r.id.clone(), before)).collect()
            }
        };
        Ok(SetPlan::Insert { close })
    }

    /// `end_version(row, end)` of §2.5: the new `effective_to`. Already ended → `InvalidState`; `end` before
    /// the start → `InvalidInput` naming `end_date`.
    pub fn plan_end(row: &Version, end: NaiveDate) -> Result<NaiveDate> {
        if let Some(e) = row.end {
            return Err(Error::new(
                crate::error::ErrorKind::InvalidState,
                format!("the version has already ended (on {e}); set a new version instead"),
            ));
        }
        if end < row.start {
            return Err(Error::invalid("end_date", format!("must not be before the version's start {}", row.start)));
        }
        Ok(end)
    }

    /// A key a pricing convenience clears from `start`: a later version → `Conflict`; the row covering
    /// `start` or a later date ends the day before, or — when it starts exactly at `start` — gets amount 0
    /// (`zero_at_start`, procedure items) or is a `Conflict` (overrides: a zero override is not "none").
    pub fn plan_clear(rows: &[Version], start: NaiveDate, zero_at_start: bool) -> Result<ClearPlan> {
        if let Some(later) = later_version(rows, start) {
            return Err(conflict(later));
        }
        let Some(row) = rows.iter().find(|r| r.end.is_none_or(|e| e >= start)) else {
            return Ok(ClearPlan::Nothing);
        };
        if row.start == start {
            return match (zero_at_start, row.amount) {
                (true, 0) => Ok(ClearPlan::Nothing),
                (true, _) => Ok(ClearPlan::Zero { id: row.id.clone() }),
                (false, _) => Err(Error::conflict(format!(
                    "an override starts on {start}: name its category (0 = uses none) instead of omitting it"
                ))),
            };
        }
        Ok(ClearPlan::End { id: row.id.clone(), end: day_before(start)? })
    }

    /// The row active on `d` (§2.1): start ≤ d ≤ end (open rows have no end), greatest start.
    pub fn resolve(rows: &[Version], d: NaiveDate) -> Option<&Version> {
        rows.iter().filter(|r| r.start <= d && r.end.is_none_or(|e| d <= e)).max_by_key(|r| r.start)
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::error::ErrorKind;
        use proptest::prelude::*;

        fn d(s: &str) -> NaiveDate {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
        }

        fn v(id: &str, start: &str, end: Option<&str>, amount: i64) -> Version {
            Version { id: id.into(), start: d(start), end: end.map(d), amount }
        }

        #[test]
        fn set_refuses_a_start_before_a_later_version() {
            let rows = [v("a", "2025-01-01", None, 10)];
            let e = plan_set(&rows, d("2024-12-31"), 5, Ending::Dated).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Conflict);
            assert_eq!(
                plan_set(&rows, d("2024-12-31"), 5, Ending::Superseded).unwrap_err().kind(),
                ErrorKind::Conflict
            );
        }

        #[test]
        fn set_on_the_same_start_updates_and_reopens() {
            let open = [v("a", "2025-01-01", None, 10)];
            assert_eq!(
                plan_set(&open, d("2025-01-01"), 10, Ending::Dated).unwrap(),
                SetPlan::Unchanged { id: "a".into() }
            );
            assert_eq!(
                plan_set(&open, d("2025-01-01"), 11, Ending::Dated).unwrap(),
                SetPlan::Update { id: "a".into(), reopen: false }
            );
            let ended = [v("a", "2025-01-01", Some("2025-02-01"), 10)];
            assert_eq!(
                plan_set(&ended, d("2025-01-01"), 10, Ending::Dated).unwrap(),
                SetPlan::Update { id: "a".into(), reopen: true }
            );
        }

        #[test]
        fn set_after_closes_the_covering_row_only_for_dated_keys() {
            let rows = [v("a", "2025-01-01", Some("2025-01-31"), 1), v("b", "2025-02-01", None, 2)];
            assert_eq!(
                plan_set(&rows, d("2025-03-01"), 3, Ending::Dated).unwrap(),
                SetPlan::Insert { close: vec![("b".into(), d("2025-02-28"))] }
            );
            let ended = [v("a", "2025-01-01", Some("2025-05-31"), 1)];
            assert_eq!(
                plan_set(&ended, d("2025-03-01"), 3, Ending::Dated).unwrap(),
                SetPlan::Insert { close: vec![("a".into(), d("2025-02-28"))] }
            );
            let gone = [v("a", "2025-01-01", Some("2025-01-31"), 1)];
            assert_eq!(plan_set(&gone, d("2025-03-01"), 3, Ending::Dated).unwrap(), SetPlan::Insert { close: vec![] });
            let reimb = [v("a", "2025-01-01", None, 1)];
            assert_eq!(
                plan_set(&reimb, d("2025-03-01"), 3, Ending::Superseded).unwrap(),
                SetPlan::Insert { close: vec![] }
            );
        }

        #[test]
        fn end_checks_state_then_date() {
            let open = v("a", "2025-01-01", None, 1);
            assert_eq!(plan_end(&open, d("2025-01-01")).unwrap(), d("2025-01-01"));
            assert_eq!(plan_end(&open, d("2024-12-31")).unwrap_err().kind(), ErrorKind::InvalidInput);
            let ended = v("a", "2025-01-01", Some("2025-02-01"), 1);
            assert_eq!(plan_end(&ended, d("2024-12-31")).unwrap_err().kind(), ErrorKind::InvalidState);
        }

        #[test]
        fn clear_ends_zeroes_or_conflicts() {
            let rows = [v("a", "2025-01-01", None, 5)];
            assert_eq!(
                plan_clear(&rows, d("2025-03-01"), true).unwrap(),
                ClearPlan::End { id: "a".into(), end: d("2025-02-28") }
            );
            assert_eq!(plan_clear(&rows, d("2025-01-01"), true).unwrap(), ClearPlan::Zero { id: "a".into() });
            assert_eq!(plan_clear(&rows, d("2025-01-01"), false).unwrap_err().kind(), ErrorKind::Conflict);
            assert_eq!(plan_clear(&rows, d("2024-01-01"), true).unwrap_err().kind(), ErrorKind::Conflict);
            let ended = [v("a", "2025-01-01", Some("2025-01-31"), 5)];
            assert_eq!(plan_clear(&ended, d("2025-03-01"), true).unwrap(), ClearPlan::Nothing);
            assert_eq!(
                plan_clear(&[v("a", "2025-01-01", None, 0)], d("2025-01-01"), true).unwrap(),
                ClearPlan::Nothing
            );
        }

        #[test]
        fn resolution_w9() {
            let rows = [v("a", "2025-01-01", Some("2025-06-30"), 40_000), v("b", "2025-07-01", None, 45_000)];
            assert_eq!(resolve(&rows, d("2025-06-30")).map(|r| r.amount), Some(40_000));
            assert_eq!(resolve(&rows, d("2025-07-01")).map(|r| r.amount), Some(45_000));
            assert_eq!(resolve(&rows, d("2024-12-31")), None);
        }

        /// Applies a plan to in-memory rows the way the store does.
        fn apply_set(rows: &mut Vec<Version>, plan: SetPlan, start: NaiveDate, amount: i64, n: usize) {
            match plan {
                SetPlan::Unchanged { .. } => {}
                SetPlan::Update { id, .. } => {
                    let r = rows.iter_mut().find(|r| r.id == id).unwrap();
                    r.amount = amount;
                    r.end = None;
                }
                SetPlan::Insert { close } => {
                    for (id, end) in close {
                        rows.iter_mut().find(|r| r.id == id).unwrap().end = Some(end);
                    }
                    rows.push(Version { id: format!("r{n}"), start, end: None, amount });
                }
            }
        }

        #[derive(Debug, Clone)]
        enum Op {
            Set(u8, i64),
            End(usize, u8),
            Clear(u8),
        }

        fn op() -> impl Strategy<Value = Op> {
            prop_oneof![
                (0u8..40, 0i64..5).prop_map(|(s, a)| Op::Set(s, a)),
                (0usize..6, 0u8..40).prop_map(|(i, e)| Op::End(i, e)),
                (0u8..40).prop_map(Op::Clear),
            ]
        }

        proptest! {
            /// Random set/end/clear sequences on one dated key: rows never overlap, and the resolved amount on
            /// every day equals a naive per-day model.
            #[test]
            fn versions_never_overlap_and_resolve_like_a_day_model(ops in proptest::collection::vec(op(), 1..25)) {
                let day0 = d("2025-01-01");
                let day = |i: u8| day0 + chrono::Days::new(u64::from(i));
                let mut rows: Vec<Version> = Vec::new();
                let mut model: Vec<Option<i64>> = vec![None; 50];
                for (n, op) in ops.into_iter().enumerate() {
                    match op {
                        Op::Set(s, a) => {
                            let latest = rows.iter().map(|r| r.start).max();
                            match plan_set(&rows, day(s), a, Ending::Dated) {
                                Ok(plan) => {
                                    prop_assert!(latest.is_none_or(|l| l <= day(s)));
                                    apply_set(&mut rows, plan, day(s), a, n);
                                    for m in model.iter_mut().skip(usize::from(s)) { *m = Some(a); }
                                }
                                Err(e) => {
                                    prop_assert_eq!(e.kind(), ErrorKind::Conflict);
                                    prop_assert!(latest.is_some_and(|l| l > day(s)));
                                }
                            }
                        }
                        Op::End(i, e) => {
                            if rows.is_empty() { continue; }
                            let i = i % rows.len();
                            match plan_end(&rows[i], day(e)) {
                                Ok(end) => {
                                    rows[i].end = Some(end);
                                    for m in model.iter_mut().skip(usize::from(e) + 1) { *m = None; }
                                }
                                Err(err) => prop_assert!(matches!(err.kind(), ErrorKind::InvalidState | ErrorKind::InvalidInput)),
                            }
                        }
                        Op::Clear(s) => match plan_clear(&rows, day(s), true) {
                            Ok(ClearPlan::Nothing) => {
                                for m in model.iter_mut().skip(usize::from(s)) { prop_assert!(m.is_none_or(|a| a == 0)); }
                                for m in model.iter_mut().skip(usize::from(s)) { if m.is_some() { *m = Some(0); } }
                            }
                            Ok(ClearPlan::Zero { id }) => {
                                rows.iter_mut().find(|r| r.id == id).unwrap().amount = 0;
                                for m in model.iter_mut().skip(usize::from(s)) { if m.is_some() { *m = Some(0); } }
                            }
                            Ok(ClearPlan::End { id, end }) => {
                                rows.iter_mut().find(|r| r.id == id).unwrap().end = Some(end);
                                for m in model.iter_mut().skip(usize::from(s)) { *m = None; }
                            }
                            Err(e) => prop_assert_eq!(e.kind(), ErrorKind::Conflict),
                        },
                    }
                    for a in &rows {
                        for b in &rows {
                            if a.id != b.id {
                                let overlap = a.start <= b.end.unwrap_or(NaiveDate::MAX) && b.start <= a.end.unwrap_or(NaiveDate::MAX);
                                prop_assert!(!overlap, "{:?} overlaps {:?}", a, b);
                            }
                        }
                    }
                    for (i, m) in model.iter().enumerate() {
                        let got = resolve(&rows, day0 + chrono::Days::new(i as u64)).map(|r| r.amount);
                        prop_assert_eq!(got, *m, "day {}", i);
                    }
                }
            }
        }
    }
}

use rules::{ClearPlan, Ending, SetPlan, Version};

// ---------------------------------------------------------------------------------------------------------
// Records

/// A `procedure_cost_items` or `surgeon_cost_items` row (`surgeon_id` is `None` for procedure items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostItem {
    /// Row id.
    pub id: String,
    /// Facility.
    pub facility_id: String,
    /// Procedure.
    pub procedure_type_id: String,
    /// Cost category.
    pub cost_category_id: String,
    /// The surgeon of an override; `None` for a procedure default.
    pub surgeon_id: Option<String>,
    /// Cents.
    pub amount: i64,
    /// First day it applies.
    pub effective_from: String,
    /// Last day it applies (inclusive); `None` = open-ended.
    pub effective_to: Option<String>,
    /// Created (epoch ms).
    pub created_at: Millis,
    /// Last changed (epoch ms).
    pub updated_at: Millis,
}

/// A `procedure_reimbursements` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reimbursement {
    /// Row id.
    pub id: String,
    /// Facility.
    pub facility_id: String,
    /// Procedure.
    pub procedure_type_id: String,
    /// The payer; `None` = the default rate for every payer.
    pub payer_id: Option<String>,
    /// Cents.
    pub reimbursement: i64,
    /// First day it applies (until the key's next row).
    pub effective_date: String,
    /// Created (epoch ms).
    pub created_at: Millis,
    /// Last changed (epoch ms).
    pub updated_at: Millis,
}

/// The result of a cost item / override version write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostItemWrite {
    /// `created`, `updated` (same-start update or re-open), `unchanged` or `ended`.
    pub action: String,
    /// The row as stored now.
    pub item: CostItem,
    /// Rows of the key that this write ended the day before the new start.
    pub closed_item_ids: Vec<String>,
    /// Stats rows of validated cases that changed (§2.4).
    pub repriced_cases: u64,
}

/// The result of a reimbursement version write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReimbursementWrite {
    /// `created`, `updated` or `unchanged`.
    pub action: String,
    /// The row as stored now.
    pub reimbursement: Reimbursement,
    /// Stats rows of validated cases that changed (§2.4).
    pub repriced_cases: u64,
}

/// One active category of the facility, resolved on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryPrice {
    /// Cost category.
    pub cost_category_id: String,
    /// Its name.
    pub name: String,
    /// `debit` or `credit`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Cents (0 when no row applies).
    pub amount: i64,
    /// `surgeon_override`, `procedure_default` or `none`.
    pub source: String,
    /// The row that supplied the amount.
    pub item_id: Option<String>,
    /// That row's start.
    pub effective_from: Option<String>,
    /// That row's end.
    pub effective_to: Option<String>,
}

/// A reimbursement row resolved on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayerPrice {
    /// Row id.
    pub id: String,
    /// The payer (`None`: the default rate).
    pub payer_id: Option<String>,
    /// The payer's name.
    pub payer_name: Option<String>,
    /// Cents.
    pub reimbursement: i64,
    /// The row's start.
    pub effective_date: String,
}

/// A procedure's pricing resolved on one date (optionally for one surgeon).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcedurePricing {
    /// Procedure.
    pub procedure_type_id: String,
    /// Its name.
    pub procedure_name: String,
    /// The surgeon whose overrides were applied, if any.
    pub surgeon_id: Option<String>,
    /// The date resolved.
    pub date: String,
    /// Every active category of the facility (display order, name, id).
    pub categories: Vec<CategoryPrice>,
    /// Σ debit amounts.
    pub total_debits: i64,
    /// Σ credit amounts.
    pub total_credits: i64,
    /// `total_debits − total_credits`.
    pub net_cost: i64,
    /// The default reimbursement active on the date.
    pub default_reimbursement: Option<PayerPrice>,
    /// Per-payer reimbursements active on the date (payer name, id).
    pub payer_reimbursements: Vec<PayerPrice>,
}

/// Every pricing row of a procedure (history included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PricingHistory {
    /// Procedure.
    pub procedure_type_id: String,
    /// Cost items by category (display order, name, id), then start.
    pub cost_items: Vec<CostItem>,
    /// Reimbursements: the default key first, then payers by name and id; each by start.
    pub reimbursements: Vec<Reimbursement>,
}

/// The result of `set_procedure_pricing` / `set_surgeon_overrides`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PricingSave {
    /// The start used.
    pub effective_from: String,
    /// Rows inserted or changed.
    pub rows_written: u64,
    /// Stats rows of validated cases that changed (§2.4).
    pub repriced_cases: u64,
    /// The pricing resolved on the start (with the surgeon's overrides for `set_surgeon_overrides`).
    pub pricing: ProcedurePricing,
}

/// Input of [`Scope::set_procedure_pricing`].
#[derive(Debug, Clone, Default)]
pub struct ProcedurePricingInput {
    /// Procedure.
    pub procedure_type_id: String,
    /// Start (default: facility-local today).
    pub effective_from: Option<String>,
    /// Category id → cents; active categories not named (or 0) stop being priced from the start.
    pub costs: BTreeMap<String, i64>,
    /// The default reimbursement from the start, when given.
    pub default_reimbursement: Option<i64>,
    /// Payer id → cents, set when given.
    pub payer_reimbursements: BTreeMap<String, i64>,
}

/// Input of [`Scope::set_surgeon_overrides`].
#[derive(Debug, Clone, Default)]
pub struct SurgeonOverridesInput {
    /// Surgeon (an active user of the procedure's facility).
    pub surgeon_id: String,
    /// Procedure.
    pub procedure_type_id: String,
    /// Start (default: facility-local today).
    pub effective_from: Option<String>,
    /// Category id → cents (0 = "uses none"); active categories not named stop being overridden.
    pub overrides: BTreeMap<String, i64>,
}

/// Reads a pricing map argument of the operation table: either an object `{id: cents}` or an array
/// `[{"id": id, "amount": cents}]` (the array form lets callers build it from ids they hold in variables, as
/// the conformance scenarios do). Absent or null = empty.
pub fn amounts_from_json(param: &str, value: Option<&Value>) -> Result<BTreeMap<String, i64>> {
    let shape = || Error::invalid(param, "must be an object {id: cents} or an array of {\"id\", \"amount\"}");
    let cents = |v: Option<&Value>| {
        v.and_then(values::json_i64).ok_or_else(|| Error::invalid(param, "amounts must be integers (cents)"))
    };
    let mut out = BTreeMap::new();
    let mut put = |id: &str, amount: i64| {
        if out.insert(id.to_string(), amount).is_some() {
            return Err(Error::invalid(param, "names the same id twice"));
        }
        Ok(())
    };
    match value {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => {
            for (k, v) in m {
                put(k, cents(Some(v))?)?;
            }
        }
        Some(Value::Array(items)) => {
            for item in items {
                let id = item.get("id").and_then(Value::as_str).ok_or_else(shape)?;
                put(id, cents(item.get("amount"))?)?;
            }
        }
        Some(_) => return Err(shape()),
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------------------
// Validation and access

/// Checks an amount in cents.
pub(crate) fn amount(param: &str, cents: i64) -> Result<i64> {
    if (0..=MAX_AMOUNT_CENTS).contains(&cents) {
        Ok(cents)
    } else {
        Err(Error::invalid(param, format!("must be an integer amount in cents between 0 and {MAX_AMOUNT_CENTS}")))
    }
}

fn opt_date(param: &str, value: Option<&str>) -> Result<Option<NaiveDate>> {
    value.map(|v| values::date(param, v)).transpose()
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Error::invalid("date", "stored date is malformed"))
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Facility-local today by the library clock.
pub(crate) fn local_today(conn: &Connection, facility: &str, now: Millis) -> Result<NaiveDate> {
    let today = crate::stats::aggregates::facility_today(conn, facility, now)?
        .ok_or_else(|| Error::not_found("facility_id"))?;
    values::date("today", &today)
}

/// Anonymous callers never reach financial configuration (`PermissionDenied`, before any lookup).
fn deny_anonymous(ctx: &AccessContext) -> Result<()> {
    if ctx.level == Level::Anonymous {
        return Err(Error::denied("financial configuration is for facility members"));
    }
    Ok(())
}

/// A financial read of `facility` (§0.3): anonymous callers and device reps → `PermissionDenied`, other
/// facilities → `NotFound` naming `param`.
pub(crate) fn check_read(ctx: &AccessContext, facility: &str, param: &str) -> Result<()> {
    deny_anonymous(ctx)?;
    if !ctx.sees_facility(facility) {
        return Err(Error::not_found(param));
    }
    if matrix::read_scope("procedure_cost_items", ctx.level) == ReadScope::None {
        return Err(Error::denied("financial configuration is for facility members"));
    }
    Ok(())
}

/// A financial configuration write to `facility` (§0.3): facility admins of it, global admins, the system.
pub(crate) fn check_write(ctx: &AccessContext, facility: &str, param: &str) -> Result<()> {
    deny_anonymous(ctx)?;
    if !ctx.sees_facility(facility) {
        return Err(Error::not_found(param));
    }
    match matrix::write_scope("procedure_cost_items", ctx.level) {
        WriteScope::All => Ok(()),
        WriteScope::OwnFacility if ctx.facility_id.as_deref() == Some(facility) => Ok(()),
        _ => Err(Error::denied("financial configuration is written by facility admins and global admins")),
    }
}

/// A procedure: `(facility, name, active)`; `NotFound` when absent or invisible.
fn procedure(conn: &Connection, ctx: &AccessContext, id: &str) -> Result<(String, String, bool)> {
    let row: Option<(String, String, bool)> = conn
        .prepare_cached("SELECT facility_id, name, is_active = 1 FROM procedure_types WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    deny_anonymous(ctx)?;
    row.filter(|r| ctx.sees_facility(&r.0)).ok_or_else(|| Error::not_found("procedure_type_id"))
}

/// A procedure for a write: visible, written by this context, active. Returns `(facility, name)`.
fn procedure_for_write(call: &Call<'_>, id: &str) -> Result<(String, String)> {
    let (facility, name, active) = procedure(call.tx, &call.ctx, id)?;
    check_write(&call.ctx, &facility, "procedure_type_id")?;
    if !active {
        return Err(Error::invalid("procedure_type_id", "refers to an archived row"));
    }
    Ok((facility, name))
}

/// A soft-deletable row of `table` in `facility`: its name; `NotFound` naming `param` when absent or of
/// another facility, `InvalidInput` when archived (unless `archived_ok`).
fn facility_row(conn: &Connection, table: &str, facility: &str, id: &str, param: &str) -> Result<String> {
    let row: Option<(String, bool)> = conn
        .prepare_cached(&format!(
            "SELECT name, is_active = 1 AND deleted_at IS NULL FROM {table} WHERE id = ?1 AND facility_id = ?2"
        ))?
        .query_row([id, facility], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Err(Error::not_found(param)),
        Some((_, false)) => Err(Error::invalid(param, "refers to an archived row")),
        Some((name, true)) => Ok(name),
    }
}

/// A surgeon of `facility` (the `cases.surgeon_id` rule: a user of the facility, active unless
/// `archived_ok`).
fn surgeon(conn: &Connection, facility: &str, id: &str, archived_ok: bool) -> Result<()> {
    let active: Option<bool> = conn
        .prepare_cached("SELECT is_active = 1 FROM users WHERE id = ?1 AND facility_id = ?2")?
        .query_row([id, facility], |r| r.get(0))
        .optional()?;
    match active {
        None => Err(Error::not_found("surgeon_id")),
        Some(false) if !archived_ok => Err(Error::invalid("surgeon_id", "refers to an archived user")),
        Some(_) => Ok(()),
    }
}

/// Parses the keys of an `{id: cents}` map (lowercased ids; duplicates refused) and checks the amounts.
fn id_amounts(param: &str, map: &BTreeMap<String, i64>) -> Result<BTreeMap<String, i64>> {
    let mut out = BTreeMap::new();
    for (k, v) in map {
        let id = values::parse_uuid(param, k)?;
        if out.insert(id, amount(param, *v)?).is_some() {
            return Err(Error::invalid(param, "names the same id twice"));
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------------------
// Keys and their rows

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    ProcedureCost,
    SurgeonCost,
    Reimbursement,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::ProcedureCost => "procedure_cost_items",
            Table::SurgeonCost => "surgeon_cost_items",
            Table::Reimbursement => "procedure_reimbursements",
        }
    }

    fn ending(self) -> Ending {
        if self == Table::Reimbursement { Ending::Superseded } else { Ending::Dated }
    }
}

/// One pricing key. `slot` is the category (cost items, overrides) or the payer (`None` = default).
#[derive(Debug, Clone)]
struct Key {
    table: Table,
    facility: String,
    procedure: String,
    surgeon: Option<String>,
    slot: Option<String>,
    /// Audit label (procedure and category/payer names).
    label: String,
}

impl Key {
    fn load(&self, conn: &Connection) -> Result<Vec<Version>> {
        let map = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(String, String, Option<String>, i64)> {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        };
        let rows: Vec<(String, String, Option<String>, i64)> = match self.table {
            Table::ProcedureCost => conn
                .prepare_cached(
                    "SELECT id, effective_from, effective_to, amount FROM procedure_cost_items
                     WHERE facility_id = ?1 AND procedure_type_id = ?2 AND cost_category_id = ?3 ORDER BY effective_from",
                )?
                .query_map(rusqlite::params![self.facility, self.procedure, self.slot], map)?
                .collect::<rusqlite::Result<_>>()?,
            Table::SurgeonCost => conn
                .prepare_cached(
                    "SELECT id, effective_from, effective_to, amount FROM surgeon_cost_items
                     WHERE facility_id = ?1 AND procedure_type_id = ?2 AND cost_category_id = ?3 AND surgeon_id = ?4
                     ORDER BY effective_from",
                )?
                .query_map(rusqlite::params![self.facility, self.procedure, self.slot, self.surgeon], map)?
                .collect::<rusqlite::Result<_>>()?,
            Table::Reimbursement => conn
                .prepare_cached(
                    "SELECT id, effective_date, NULL, reimbursement FROM procedure_reimbursements
                     WHERE facility_id = ?1 AND procedure_type_id = ?2 AND payer_id IS ?3 ORDER BY effective_date",
                )?
                .query_map(rusqlite::params![self.facility, self.procedure, self.slot], map)?
                .collect::<rusqlite::Result<_>>()?,
        };
        rows.into_iter()
            .map(|(id, start, end, amount)| {
                Ok(Version { id, start: parse_date(&start)?, end: end.as_deref().map(parse_date).transpose()?, amount })
            })
            .collect()
    }

    fn amount_col(&self) -> &'static str {
        if self.table == Table::Reimbursement { "reimbursement" } else { "amount" }
    }

    fn audit(&self, call: &Call<'_>, verb: &str, id: &str, old: Option<serde_json::Map<String, Value>>) -> Result<()> {
        audit::row_change(call, self.table.name(), verb, id, Some(self.label.clone()), Some(self.facility.clone()), old)
    }

    /// Updates columns of row `id` (`sets` = "col = ?2, …", bound after the id), stamps `updated_at` and
    /// audits the change as `verb`.
    fn update(&self, call: &Call<'_>, id: &str, verb: &str, sets: &str, value: rusqlite::types::Value) -> Result<()> {
        let table = self.table.name();
        let old = audit::row_values(call.tx, table, id)?;
        call.tx.execute(
            &format!("UPDATE {table} SET {sets}, updated_at = ?3 WHERE id = ?1"),
            rusqlite::params![id, value, call.now],
        )?;
        self.audit(call, verb, id, old)
    }

    fn insert(&self, call: &Call<'_>, start: NaiveDate, amount: i64) -> Result<String> {
        let id = values::new_id();
        let start = ymd(start);
        match self.table {
            Table::ProcedureCost => call.tx.execute(
                "INSERT INTO procedure_cost_items (id, facility_id, procedure_type_id, cost_category_id, amount,
                     effective_from, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                rusqlite::params![id, self.facility, self.procedure, self.slot, amount, start, call.now],
            )?,
            Table::SurgeonCost => call.tx.execute(
                "INSERT INTO surgeon_cost_items (id, facility_id, surgeon_id, procedure_type_id, cost_category_id,
                     amount, effective_from, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                rusqlite::params![id, self.facility, self.surgeon, self.procedure, self.slot, amount, start, call.now],
            )?,
            Table::Reimbursement => call.tx.execute(
                "INSERT INTO procedure_reimbursements (id, facility_id, procedure_type_id, payer_id, reimbursement,
                     effective_date, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                rusqlite::params![id, self.facility, self.procedure, self.slot, amount, start, call.now],
            )?,
        };
        self.audit(call, "created", &id, None)?;
        Ok(id)
    }

    /// `set_version` (§2.5) in the call's transaction: `(action, row id, closed row ids)`.
    fn set(&self, call: &Call<'_>, start: NaiveDate, cents: i64) -> Result<(&'static str, String, Vec<String>)> {
        let plan = rules::plan_set(&self.load(call.tx)?, start, cents, self.table.ending())?;
        match plan {
            SetPlan::Unchanged { id } => Ok(("unchanged", id, Vec::new())),
            SetPlan::Update { id, reopen } => {
                let sets = if reopen {
                    format!("{} = ?2, effective_to = NULL", self.amount_col())
                } else {
                    format!("{} = ?2", self.amount_col())
                };
                self.update(call, &id, "updated", &sets, cents.into())?;
                Ok(("updated", id, Vec::new()))
            }
            SetPlan::Insert { close } => {
                let mut closed = Vec::new();
                for (id, end) in close {
                    self.update(call, &id, "updated", "effective_to = ?2", ymd(end).into())?;
                    closed.push(id);
                }
                Ok(("created", self.insert(call, start, cents)?, closed))
            }
        }
    }

    /// Clears the key from `start` (pricing conveniences); whether a row changed.
    fn clear(&self, call: &Call<'_>, start: NaiveDate, zero_at_start: bool) -> Result<bool> {
        match rules::plan_clear(&self.load(call.tx)?, start, zero_at_start)? {
            ClearPlan::Nothing => Ok(false),
            ClearPlan::Zero { id } => {
                self.update(call, &id, "updated", &format!("{} = ?2", self.amount_col()), 0i64.into())?;
                Ok(true)
            }
            ClearPlan::End { id, end } => {
                self.update(call, &id, "updated", "effective_to = ?2", ymd(end).into())?;
                Ok(true)
            }
        }
    }

    /// `Conflict` when a row of the key starts after `start` (the conveniences' pre-check).
    fn check_no_later(&self, conn: &Connection, start: NaiveDate) -> Result<()> {
        if let Some(later) = rules::later_version(&self.load(conn)?, start) {
            return Err(Error::conflict(format!(
                "{} ({}): a later version exists (from {}); nothing was written",
                self.table.name(),
                self.label,
                later.start
            )));
        }
        Ok(())
    }
}

const COST_ITEM_COLS: &str = "id, facility_id, procedure_type_id, cost_category_id, amount, effective_from, effective_to, created_at, updated_at";

fn cost_item_from_row(r: &rusqlite::Row<'_>, surgeon: bool) -> rusqlite::Result<CostItem> {
    Ok(CostItem {
        id: r.get(0)?,
        facility_id: r.get(1)?,
        procedure_type_id: r.get(2)?,
        cost_category_id: r.get(3)?,
        amount: r.get(4)?,
        effective_from: r.get(5)?,
        effective_to: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        surgeon_id: if surgeon { r.get(9)? } else { None },
    })
}

fn cost_item(conn: &Connection, table: Table, id: &str) -> Result<Option<CostItem>> {
    let surgeon = table == Table::SurgeonCost;
    let cols = if surgeon { format!("{COST_ITEM_COLS}, surgeon_id") } else { COST_ITEM_COLS.to_string() };
    Ok(conn
        .prepare_cached(&format!("SELECT {cols} FROM {} WHERE id = ?1", table.name()))?
        .query_row([id], |r| cost_item_from_row(r, surgeon))
        .optional()?)
}

const REIMBURSEMENT_COLS: &str = "r.id, r.facility_id, r.procedure_type_id, r.payer_id, r.reimbursement, r.effective_date, r.created_at, r.updated_at";

fn reimbursement_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Reimbursement> {
    Ok(Reimbursement {
        id: r.get(0)?,
        facility_id: r.get(1)?,
        procedure_type_id: r.get(2)?,
        payer_id: r.get(3)?,
        reimbursement: r.get(4)?,
        effective_date: r.get(5)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

fn reimbursement(conn: &Connection, id: &str) -> Result<Reimbursement> {
    Ok(conn
        .prepare_cached(&format!("SELECT {REIMBURSEMENT_COLS} FROM procedure_reimbursements r WHERE r.id = ?1"))?
        .query_row([id], reimbursement_from_row)?)
}

/// Re-prices after a write (§2.4) when it changed rows: the validated cases of the procedure (and surgeon)
/// dated on or after `from`.
fn reprice(call: &Call<'_>, key: &Key, from: NaiveDate, changed: bool) -> Result<u64> {
    if !changed {
        return Ok(0);
    }
    crate::stats::recompute_priced_cases(call, &key.facility, &key.procedure, key.surgeon.as_deref(), &ymd(from))
}

// ---------------------------------------------------------------------------------------------------------
// Reads

/// A row resolved on a date: `(id, amount, effective_from, effective_to)`.
type ResolvedItem = (String, i64, String, Option<String>);

fn resolve_category(
    conn: &Connection,
    table: Table,
    key: (&str, &str, Option<&str>, &str),
    date: &str,
) -> Result<Option<ResolvedItem>> {
    let (facility, procedure, surgeon, category) = key;
    let sql = match table {
        Table::SurgeonCost => {
            "SELECT id, amount, effective_from, effective_to FROM surgeon_cost_items
             WHERE facility_id = ?1 AND procedure_type_id = ?2 AND surgeon_id = ?3 AND cost_category_id = ?4
               AND effective_from <= ?5 AND (effective_to IS NULL OR effective_to >= ?5)
             ORDER BY effective_from DESC, created_at DESC, id DESC LIMIT 1"
        }
        _ => {
            "SELECT id, amount, effective_from, effective_to FROM procedure_cost_items
             WHERE facility_id = ?1 AND procedure_type_id = ?2 AND ?3 IS NULL AND cost_category_id = ?4
               AND effective_from <= ?5 AND (effective_to IS NULL OR effective_to >= ?5)
             ORDER BY effective_from DESC, created_at DESC, id DESC LIMIT 1"
        }
    };
    let surgeon = if table == Table::SurgeonCost { surgeon } else { None };
    Ok(conn
        .prepare_cached(sql)?
        .query_row(rusqlite::params![facility, procedure, surgeon, category, date], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?)
}

/// The pricing of `procedure` of `facility` on `date` (with `surgeon`'s overrides when given).
fn pricing_on(
    conn: &Connection,
    facility: &str,
    (procedure, name): (&str, &str),
    surgeon: Option<&str>,
    date: &str,
) -> Result<ProcedurePricing> {
    let categories: Vec<(String, String, String)> = conn
        .prepare_cached(
            "SELECT id, name, type FROM cost_categories WHERE facility_id = ?1 AND is_active = 1 AND deleted_at IS NULL
             ORDER BY display_order, name, id",
        )?
        .query_map([facility], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(categories.len());
    let (mut debits, mut credits) = (0i64, 0i64);
    for (id, cname, kind) in categories {
        let key = (facility, procedure, surgeon, id.as_str());
        let own = match surgeon {
            Some(_) => resolve_category(conn, Table::SurgeonCost, key, date)?.map(|r| (r, "surgeon_override")),
            None => None,
        };
        let found = match own {
            Some(x) => Some(x),
            None => resolve_category(conn, Table::ProcedureCost, key, date)?.map(|r| (r, "procedure_default")),
        };
        let (item_id, cents, from, to, source) = match found {
            Some(((item, cents, from, to), source)) => (Some(item), cents, Some(from), to, source),
            None => (None, 0, None, None, "none"),
        };
        if kind == "credit" {
            credits += cents;
        } else {
            debits += cents;
        }
        out.push(CategoryPrice {
            cost_category_id: id,
            name: cname,
            kind,
            amount: cents,
            source: source.to_string(),
            item_id,
            effective_from: from,
            effective_to: to,
        });
    }
    let payers: Vec<PayerPrice> = conn
        .prepare_cached(
            "SELECT r.id, r.payer_id, p.name, r.reimbursement, r.effective_date
             FROM procedure_reimbursements r LEFT JOIN payers p ON p.id = r.payer_id
             WHERE r.facility_id = ?1 AND r.procedure_type_id = ?2 AND r.effective_date <= ?3
               AND r.id = (SELECT x.id FROM procedure_reimbursements x
                           WHERE x.facility_id = r.facility_id AND x.procedure_type_id = r.procedure_type_id
                             AND x.payer_id IS r.payer_id AND x.effective_date <= ?3
                           ORDER BY x.effective_date DESC, x.created_at DESC, x.id DESC LIMIT 1)
             ORDER BY r.payer_id IS NOT NULL, p.name, r.payer_id",
        )?
        .query_map(rusqlite::params![facility, procedure, date], |r| {
            Ok(PayerPrice {
                id: r.get(0)?,
                payer_id: r.get(1)?,
                payer_name: r.get(2)?,
                reimbursement: r.get(3)?,
                effective_date: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (default, by_payer): (Vec<PayerPrice>, Vec<PayerPrice>) =
        payers.into_iter().partition(|p| p.payer_id.is_none());
    Ok(ProcedurePricing {
        procedure_type_id: procedure.to_string(),
        procedure_name: name.to_string(),
        surgeon_id: surgeon.map(str::to_string),
        date: date.to_string(),
        categories: out,
        total_debits: debits,
        total_credits: credits,
        net_cost: debits - credits,
        default_reimbursement: default.into_iter().next(),
        payer_reimbursements: by_payer,
    })
}

// ---------------------------------------------------------------------------------------------------------
// Operations

/// The key of a cost item / override write, after validating its parts.
fn cost_key(call: &Call<'_>, procedure: &str, category: &str, surgeon_id: Option<&str>) -> Result<Key> {
    let (facility, pname) = procedure_for_write(call, procedure)?;
    if let Some(s) = surgeon_id {
        surgeon(call.tx, &facility, s, false)?;
    }
    let cname = facility_row(call.tx, "cost_categories", &facility, category, "cost_category_id")?;
    Ok(Key {
        table: if surgeon_id.is_some() { Table::SurgeonCost } else { Table::ProcedureCost },
        facility,
        procedure: procedure.to_string(),
        surgeon: surgeon_id.map(str::to_string),
        slot: Some(category.to_string()),
        label: format!("{pname} / {cname}"),
    })
}

/// The row of an end call: `(key, version)`; `NotFound` naming `item_id` when absent or invisible.
fn key_of_item(call: &Call<'_>, table: Table, id: &str) -> Result<(Key, Version)> {
    deny_anonymous(&call.ctx)?;
    let item = cost_item(call.tx, table, id)?
        .filter(|i| call.ctx.sees_facility(&i.facility_id))
        .ok_or_else(|| Error::not_found("item_id"))?;
    check_write(&call.ctx, &item.facility_id, "item_id")?;
    let label: String = call.tx.query_row(
        "SELECT p.name || ' / ' || c.name FROM procedure_types p, cost_categories c WHERE p.id = ?1 AND c.id = ?2",
        [&item.procedure_type_id, &item.cost_category_id],
        |r| r.get(0),
    )?;
    let version = Version {
        id: item.id.clone(),
        start: parse_date(&item.effective_from)?,
        end: item.effective_to.as_deref().map(parse_date).transpose()?,
        amount: item.amount,
    };
    let key = Key {
        table,
        facility: item.facility_id,
        procedure: item.procedure_type_id,
        surgeon: item.surgeon_id,
        slot: Some(item.cost_category_id),
        label,
    };
    Ok((key, version))
}

impl Scope {
    fn set_cost_version(
        &self,
        op: &'static str,
        surgeon_id: Option<&str>,
        (procedure_type_id, cost_category_id): (&str, &str),
        cents: i64,
        effective_from: Option<&str>,
    ) -> Result<CostItemWrite> {
        let surgeon = surgeon_id.map(|s| values::parse_uuid("surgeon_id", s)).transpose()?;
        let procedure = values::parse_uuid("procedure_type_id", procedure_type_id)?;
        let category = values::parse_uuid("cost_category_id", cost_category_id)?;
        let cents = amount("amount", cents)?;
        let start = opt_date("effective_from", effective_from)?;
        self.write(op, |call| {
            let key = cost_key(call, &procedure, &category, surgeon.as_deref())?;
            let start = match start {
                Some(s) => s,
                None => local_today(call.tx, &key.facility, call.now)?,
            };
            let (action, id, closed_item_ids) = key.set(call, start, cents)?;
            let repriced_cases = reprice(call, &key, start, action != "unchanged")?;
            let item = cost_item(call.tx, key.table, &id)?.ok_or_else(|| Error::not_found("item_id"))?;
            Ok(CostItemWrite { action: action.to_string(), item, closed_item_ids, repriced_cases })
        })
    }

    /// Sets the procedure default amount of a cost category from `effective_from` (default: facility-local
    /// today), §2.5 `set_version`, and re-prices the procedure's validated cases from that day (§2.4).
    pub fn set_cost_item_version(
        &self,
        procedure_type_id: &str,
        cost_category_id: &str,
        amount: i64,
        effective_from: Option<&str>,
    ) -> Result<CostItemWrite> {
        self.set_cost_version(
            "set_cost_item_version",
            None,
            (procedure_type_id, cost_category_id),
            amount,
            effective_from,
        )
    }

    /// Sets a surgeon's override of a cost category for a procedure from `effective_from` (default:
    /// facility-local today), §2.5 `set_version`; 0 is a real override. Re-prices the surgeon's validated
    /// cases of the procedure from that day.
    pub fn set_surgeon_cost_version(
        &self,
        surgeon_id: &str,
        procedure_type_id: &str,
        cost_category_id: &str,
        amount: i64,
        effective_from: Option<&str>,
    ) -> Result<CostItemWrite> {
        self.set_cost_version(
            "set_surgeon_cost_version",
            Some(surgeon_id),
            (procedure_type_id, cost_category_id),
            amount,
            effective_from,
        )
    }

    /// Sets a procedure's reimbursement — the default (`payer_id` `None`) or one payer's — from
    /// `effective_date` (default: facility-local today), §2.5 `set_version` (no end dates: the newer row
    /// wins). Re-prices the procedure's validated cases from that day.
    pub fn set_reimbursement_version(
        &self,
        procedure_type_id: &str,
        payer_id: Option<&str>,
        amount: i64,
        effective_date: Option<&str>,
    ) -> Result<ReimbursementWrite> {
        let procedure = values::parse_uuid("procedure_type_id", procedure_type_id)?;
        let payer = payer_id.map(|p| values::parse_uuid("payer_id", p)).transpose()?;
        let cents = self::amount("amount", amount)?;
        let start = opt_date("effective_date", effective_date)?;
        self.write("set_reimbursement_version", |call| {
            let (facility, pname) = procedure_for_write(call, &procedure)?;
            let slot_name = match &payer {
                Some(p) => facility_row(call.tx, "payers", &facility, p, "payer_id")?,
                None => "default".to_string(),
            };
            let key = Key {
                table: Table::Reimbursement,
                facility,
                procedure: procedure.clone(),
                surgeon: None,
                slot: payer.clone(),
                label: format!("{pname} / {slot_name}"),
            };
            let start = match start {
                Some(s) => s,
                None => local_today(call.tx, &key.facility, call.now)?,
            };
            let (action, id, _) = key.set(call, start, cents)?;
            let repriced_cases = reprice(call, &key, start, action != "unchanged")?;
            Ok(ReimbursementWrite {
                action: action.to_string(),
                reimbursement: reimbursement(call.tx, &id)?,
                repriced_cases,
            })
        })
    }

    fn end_cost_version(
        &self,
        op: &'static str,
        table: Table,
        item_id: &str,
        end_date: Option<&str>,
    ) -> Result<CostItemWrite> {
        let id = values::parse_uuid("item_id", item_id)?;
        let end = opt_date("end_date", end_date)?;
        self.write(op, |call| {
            let (key, version) = key_of_item(call, table, &id)?;
            let end = match end {
                Some(e) => e,
                None => local_today(call.tx, &key.facility, call.now)?
                    .pred_opt()
                    .ok_or_else(|| Error::invalid("end_date", "is out of range"))?,
            };
            let end = rules::plan_end(&version, end)?;
            key.update(call, &id, "ended", "effective_to = ?2", ymd(end).into())?;
            let from = end.succ_opt().ok_or_else(|| Error::invalid("end_date", "is out of range"))?;
            let repriced_cases = reprice(call, &key, from, true)?;
            let item = cost_item(call.tx, table, &id)?.ok_or_else(|| Error::not_found("item_id"))?;
            Ok(CostItemWrite { action: "ended".into(), item, closed_item_ids: Vec::new(), repriced_cases })
        })
    }

    /// Ends an open procedure cost item on `end_date` (default: facility-local today − 1 day), §2.5
    /// `end_version`: already ended → `InvalidState`, before its start → `InvalidInput`. Re-prices the
    /// procedure's validated cases from the day after.
    pub fn end_cost_item_version(&self, item_id: &str, end_date: Option<&str>) -> Result<CostItemWrite> {
        self.end_cost_version("end_cost_item_version", Table::ProcedureCost, item_id, end_date)
    }

    /// Ends an open surgeon override on `end_date` (default: facility-local today − 1 day), as
    /// [`Scope::end_cost_item_version`]; re-prices the surgeon's validated cases of the procedure.
    pub fn end_surgeon_cost_version(&self, item_id: &str, end_date: Option<&str>) -> Result<CostItemWrite> {
        self.end_cost_version("end_surgeon_cost_version", Table::SurgeonCost, item_id, end_date)
    }

    /// `set_procedure_pricing` (§2.5): one transaction that first refuses (`Conflict`, nothing written) when
    /// any key it touches has a later version, then sets every given amount > 0, clears the facility's active
    /// categories omitted or given 0 from the start, and sets the reimbursements given. Re-prices the
    /// procedure's validated cases from the start.
    pub fn set_procedure_pricing(&self, input: &ProcedurePricingInput) -> Result<PricingSave> {
        let procedure = values::parse_uuid("procedure_type_id", &input.procedure_type_id)?;
        let start = opt_date("effective_from", input.effective_from.as_deref())?;
        let costs = id_amounts("costs", &input.costs)?;
        let payers = id_amounts("payer_reimbursements", &input.payer_reimbursements)?;
        let default = input.default_reimbursement.map(|c| amount("default_reimbursement", c)).transpose()?;
        self.write("set_procedure_pricing", |call| {
            let (facility, pname) = procedure_for_write(call, &procedure)?;
            let start = match start {
                Some(s) => s,
                None => local_today(call.tx, &facility, call.now)?,
            };
            let base = Key {
                table: Table::ProcedureCost,
                facility: facility.clone(),
                procedure: procedure.clone(),
                surgeon: None,
                slot: None,
                label: String::new(),
            };
            // Every key the call touches, with the amount to set (None: clear).
            let mut keys: Vec<(Key, Option<i64>)> = Vec::new();
            for (id, cents) in &costs {
                let cname = facility_row(call.tx, "cost_categories", &facility, id, "costs")?;
                let key = Key { slot: Some(id.clone()), label: format!("{pname} / {cname}"), ..base.clone() };
                keys.push((key, (*cents > 0).then_some(*cents)));
            }
            for (id, cname) in active_categories(call.tx, &facility)? {
                if !costs.contains_key(&id) {
                    let key = Key { slot: Some(id), label: format!("{pname} / {cname}"), ..base.clone() };
                    keys.push((key, None));
                }
            }
            if let Some(cents) = default {
                let key = Key { table: Table::Reimbursement, label: format!("{pname} / default"), ..base.clone() };
                keys.push((key, Some(cents)));
            }
            for (id, cents) in &payers {
                let name = facility_row(call.tx, "payers", &facility, id, "payer_reimbursements")?;
                let key = Key {
                    table: Table::Reimbursement,
                    slot: Some(id.clone()),
                    label: format!("{pname} / {name}"),
                    ..base.clone()
                };
                keys.push((key, Some(*cents)));
            }
            for (key, _) in &keys {
                key.check_no_later(call.tx, start)?;
            }
            let mut written = 0u64;
            for (key, cents) in &keys {
                let changed = match cents {
                    Some(c) => {
                        let (action, _, closed) = key.set(call, start, *c)?;
                        written += closed.len() as u64;
                        action != "unchanged"
                    }
                    None => key.clear(call, start, true)?,
                };
                written += u64::from(changed);
            }
            let repriced_cases = reprice(call, &base, start, written > 0)?;
            let pricing = pricing_on(call.tx, &facility, (&procedure, &pname), None, &ymd(start))?;
            Ok(PricingSave { effective_from: ymd(start), rows_written: written, repriced_cases, pricing })
        })
    }

    /// `set_surgeon_overrides` (§2.5): like [`Scope::set_procedure_pricing`] for one surgeon's overrides of
    /// one procedure, except that every given amount — 0 included — is set, and an omitted active category
    /// whose override starts exactly at the start is a `Conflict`. Re-prices the surgeon's validated cases of
    /// the procedure from the start.
    pub fn set_surgeon_overrides(&self, input: &SurgeonOverridesInput) -> Result<PricingSave> {
        let surgeon_id = values::parse_uuid("surgeon_id", &input.surgeon_id)?;
        let procedure = values::parse_uuid("procedure_type_id", &input.procedure_type_id)?;
        let start = opt_date("effective_from", input.effective_from.as_deref())?;
        let overrides = id_amounts("overrides", &input.overrides)?;
        self.write("set_surgeon_overrides", |call| {
            let (facility, pname) = procedure_for_write(call, &procedure)?;
            surgeon(call.tx, &facility, &surgeon_id, false)?;
            let start = match start {
                Some(s) => s,
                None => local_today(call.tx, &facility, call.now)?,
            };
            let base = Key {
                table: Table::SurgeonCost,
                facility: facility.clone(),
                procedure: procedure.clone(),
                surgeon: Some(surgeon_id.clone()),
                slot: None,
                label: String::new(),
            };
            let mut keys: Vec<(Key, Option<i64>)> = Vec::new();
            for (id, cents) in &overrides {
                let cname = facility_row(call.tx, "cost_categories", &facility, id, "overrides")?;
                keys.push((
                    Key { slot: Some(id.clone()), label: format!("{pname} / {cname}"), ..base.clone() },
                    Some(*cents),
                ));
            }
            for (id, cname) in active_categories(call.tx, &facility)? {
                if !overrides.contains_key(&id) {
                    keys.push((Key { slot: Some(id), label: format!("{pname} / {cname}"), ..base.clone() }, None));
                }
            }
            // All-or-nothing: later versions, and omitted overrides starting exactly at the start.
            for (key, cents) in &keys {
                key.check_no_later(call.tx, start)?;
                if cents.is_none() {
                    rules::plan_clear(&key.load(call.tx)?, start, false)?;
                }
            }
            let mut written = 0u64;
            for (key, cents) in &keys {
                let changed = match cents {
                    Some(c) => {
                        let (action, _, closed) = key.set(call, start, *c)?;
                        written += closed.len() as u64;
                        action != "unchanged"
                    }
                    None => key.clear(call, start, false)?,
                };
                written += u64::from(changed);
            }
            let repriced_cases = reprice(call, &base, start, written > 0)?;
            let pricing = pricing_on(call.tx, &facility, (&procedure, &pname), Some(&surgeon_id), &ymd(start))?;
            Ok(PricingSave { effective_from: ymd(start), rows_written: written, repriced_cases, pricing })
        })
    }

    /// A procedure's pricing resolved on `date` (default: facility-local today), with `surgeon_id`'s
    /// overrides applied when given: every active category (amount and source), the default and per-payer
    /// reimbursements.
    pub fn procedure_pricing(
        &self,
        procedure_type_id: &str,
        date: Option<&str>,
        surgeon_id: Option<&str>,
    ) -> Result<ProcedurePricing> {
        let procedure = values::parse_uuid("procedure_type_id", procedure_type_id)?;
        let date = opt_date("date", date)?;
        let surgeon_id = surgeon_id.map(|s| values::parse_uuid("surgeon_id", s)).transpose()?;
        let now = self.now_ms();
        self.read(|conn, ctx| {
            let (facility, name, _) = self::procedure(conn, ctx, &procedure)?;
            check_read(ctx, &facility, "procedure_type_id")?;
            if let Some(s) = &surgeon_id {
                surgeon(conn, &facility, s, true)?;
            }
            let date = match date {
                Some(d) => d,
                None => local_today(conn, &facility, now)?,
            };
            pricing_on(conn, &facility, (&procedure, &name), surgeon_id.as_deref(), &ymd(date))
        })
    }

    /// Every pricing row of a procedure (procedure cost items and reimbursements, history included).
    pub fn procedure_pricing_history(&self, procedure_type_id: &str) -> Result<PricingHistory> {
        let procedure = values::parse_uuid("procedure_type_id", procedure_type_id)?;
        self.read(|conn, ctx| {
            let (facility, _, _) = self::procedure(conn, ctx, &procedure)?;
            check_read(ctx, &facility, "procedure_type_id")?;
            let cols = COST_ITEM_COLS.split(", ").map(|c| format!("i.{c}")).collect::<Vec<_>>().join(", ");
            let cost_items = conn
                .prepare_cached(&format!(
                    "SELECT {cols} FROM procedure_cost_items i JOIN cost_categories c ON c.id = i.cost_category_id
                     WHERE i.facility_id = ?1 AND i.procedure_type_id = ?2
                     ORDER BY c.display_order, c.name, c.id, i.effective_from"
                ))?
                .query_map([&facility, &procedure], |r| cost_item_from_row(r, false))?
                .collect::<rusqlite::Result<_>>()?;
            let reimbursements = conn
                .prepare_cached(&format!(
                    "SELECT {REIMBURSEMENT_COLS} FROM procedure_reimbursements r LEFT JOIN payers p ON p.id = r.payer_id
                     WHERE r.facility_id = ?1 AND r.procedure_type_id = ?2
                     ORDER BY r.payer_id IS NOT NULL, p.name, r.payer_id, r.effective_date"
                ))?
                .query_map([&facility, &procedure], reimbursement_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(PricingHistory { procedure_type_id: procedure.clone(), cost_items, reimbursements })
        })
    }

    /// Every override row of a surgeon (history included), optionally of one procedure; ordered by
    /// procedure name, category order and start.
    pub fn surgeon_overrides(&self, surgeon_id: &str, procedure_type_id: Option<&str>) -> Result<Vec<CostItem>> {
        let surgeon_id = values::parse_uuid("surgeon_id", surgeon_id)?;
        let procedure = procedure_type_id.map(|p| values::parse_uuid("procedure_type_id", p)).transpose()?;
        self.read(|conn, ctx| {
            deny_anonymous(ctx)?;
            let facility: Option<String> = conn
                .prepare_cached("SELECT facility_id FROM users WHERE id = ?1")?
                .query_row([&surgeon_id], |r| r.get(0))
                .optional()?
                .flatten();
            let facility = facility.filter(|f| ctx.sees_facility(f)).ok_or_else(|| Error::not_found("surgeon_id"))?;
            check_read(ctx, &facility, "surgeon_id")?;
            let cols = COST_ITEM_COLS.split(", ").map(|c| format!("i.{c}")).collect::<Vec<_>>().join(", ");
            let rows = conn
                .prepare_cached(&format!(
                    "SELECT {cols}, i.surgeon_id FROM surgeon_cost_items i
                     JOIN procedure_types p ON p.id = i.procedure_type_id
                     JOIN cost_categories c ON c.id = i.cost_category_id
                     WHERE i.facility_id = ?1 AND i.surgeon_id = ?2 AND (?3 IS NULL OR i.procedure_type_id = ?3)
                     ORDER BY p.name, p.id, c.display_order, c.name, c.id, i.effective_from"
                ))?
                .query_map(rusqlite::params![facility, surgeon_id, procedure], |r| cost_item_from_row(r, true))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }
}

/// The facility's active categories: `(id, name)`.
fn active_categories(conn: &Connection, facility: &str) -> Result<Vec<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, name FROM cost_categories WHERE facility_id = ?1 AND is_active = 1 AND deleted_at IS NULL
             ORDER BY display_order, name, id",
        )?
        .query_map([facility], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    #[test]
    fn pricing_maps_accept_objects_and_id_amount_arrays() {
        let want: BTreeMap<String, i64> = [("a".to_string(), 1), ("b".to_string(), 0)].into();
        assert_eq!(amounts_from_json("costs", Some(&json!({"a": 1, "b": 0.0}))).unwrap(), want);
        assert_eq!(
            amounts_from_json("costs", Some(&json!([{"id": "a", "amount": 1}, {"id": "b", "amount": 0}]))).unwrap(),
            want
        );
        assert!(amounts_from_json("costs", None).unwrap().is_empty());
        assert!(amounts_from_json("costs", Some(&Value::Null)).unwrap().is_empty());
        for bad in [
            json!("a"),
            json!({"a": 1.5}),
            json!([{"id": "a"}]),
            json!([{"id": "a", "amount": 1}, {"id": "a", "amount": 2}]),
        ] {
            assert_eq!(amounts_from_json("costs", Some(&bad)).unwrap_err().kind(), ErrorKind::InvalidInput, "{bad}");
        }
        assert_eq!(amount("amount", -1).unwrap_err().kind(), ErrorKind::InvalidInput);
        assert_eq!(amount("amount", MAX_AMOUNT_CENTS).unwrap(), MAX_AMOUNT_CENTS);
    }
}
