//! Monthly profit targets and progress (financials-kpis.md §1.7, §5; D-F9).
//!
//! [`rules::progress`] is the pure §5 computation (unit-tested with worked example E5); the rest loads the
//! target and the month's stats rows, checks access, writes and audits.
//!
//! Choices:
//! - `profit_target` is integer cents in `0..=`[`super::pricing::MAX_AMOUNT_CENTS`] (a profit target below 0
//!   has no meaning for "progress"); `year` 2020..2099, `month` 1..12 (`InvalidInput` naming the argument).
//! - `set_financial_target` upserts (`financial_targets.created` / `.updated`); setting the stored value again
//!   writes nothing. `clear_financial_target` deletes the row (`financial_targets.deleted`) and returns whether
//!   one existed; clearing a missing month is not an error.
//! - `target_progress` sums the facility's **non-excluded** stats rows whose `case_date` is in the month
//!   (month to date at any `as_of`: stats exist only for recorded cases). `progress_percent` and
//!   `target_margin_percent` are computed as `(a × 100) / b` (one rounding step, so 32 500 / 50 000 gives
//!   exactly 65.0). Without a target, `remaining`, `progress_percent` and `target_margin_percent` are null
//!   and `needed_per_operating_day` is 0 (the spec's "else 0"). `days_remaining` is reported too: the
//!   month's last day − `as_of`'s day in the month, the month's length before it, 0 after it.
//! - Access (§0.3): reads by global admins and members of the facility (device reps and anonymous callers
//!   `PermissionDenied`, other facilities `NotFound`); writes by its facility admins, global admins and the
//!   system.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::access::Scope;
use crate::audit;
use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::values;

use super::pricing::{check_read, check_write, local_today};

/// The first and last year a target may name (the table's CHECK).
pub const TARGET_YEARS: (i32, i32) = (2020, 2099);

/// Pure §5 computation.
pub mod rules {
    use chrono::{Datelike, NaiveDate};
    use serde::Serialize;

    /// `target_progress` of §5.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct TargetProgress {
        /// Year.
        pub year: i32,
        /// Month 1..12.
        pub month: u32,
        /// The reference day.
        pub as_of: String,
        /// The month's profit target (cents), null without one.
        pub target: Option<i64>,
        /// Σ profit of the month's non-excluded stats rows (cents).
        pub month_profit: i64,
        /// Σ reimbursement of the same rows (cents).
        pub month_reimbursement: i64,
        /// min(profit / target × 100, 100) when target > 0 (may be negative).
        pub progress_percent: Option<f64>,
        /// target − month_profit (cents).
        pub remaining: Option<i64>,
        /// Days left in the month after `as_of` (see the module docs outside the month).
        pub days_remaining: i64,
        /// max(1, ceil(days_remaining × 5 / 7)); 1 after the month.
        pub operating_days_left: i64,
        /// ceil(remaining / operating_days_left) cents when remaining > 0, else 0.
        pub needed_per_operating_day: i64,
        /// target / month_reimbursement × 100 (null when no target or no reimbursement).
        pub target_margin_percent: Option<f64>,
    }

    /// The days of `month` of `year`.
    pub fn days_in_month(year: i32, month: u32) -> u32 {
        crate::scheduling::rules::days_in_month(year, month)
    }

    /// §5 for one month of targets and sums, on `as_of`.
    pub fn progress(
        (year, month): (i32, u32),
        target: Option<i64>,
        (month_profit, month_reimbursement): (i64, i64),
        as_of: NaiveDate,
    ) -> TargetProgress {
        let length = i64::from(days_in_month(year, month));
        let in_month = as_of.year() == year && as_of.month() == month;
        let after = (as_of.year(), as_of.month()) > (year, month);
        let days_remaining = match (in_month, after) {
            (true, _) => length - i64::from(as_of.day()),
            (false, true) => 0,
            (false, false) => length,
        };
        let operating_days_left = if after && !in_month { 1 } else { ((days_remaining * 5 + 6) / 7).max(1) };
        let remaining = target.map(|t| t - month_profit);
        let needed_per_operating_day = match remaining {
            Some(r) if r > 0 => (r + operating_days_left - 1) / operating_days_left,
            _ => 0,
        };
        let pct = |a: i64, b: i64| (a as f64 * 100.0) / b as f64;
        TargetProgress {
            year,
            month,
            as_of: as_of.format("%Y-%m-%d").to_string(),
            target,
            month_profit,
            month_reimbursement,
            progress_percent: target.filter(|t| *t > 0).map(|t| pct(month_profit, t).min(100.0)),
            remaining,
            days_remaining,
            operating_days_left,
            needed_per_operating_day,
            target_margin_percent: target.filter(|_| month_reimbursement != 0).map(|t| pct(t, month_reimbursement)),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn d(s: &str) -> NaiveDate {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
        }

        #[test]
        fn worked_example_e5() {
            let p = progress((2025, 6), Some(5_000_000), (3_250_000, 10_000_000), d("2025-06-18"));
            assert_eq!(p.progress_percent, Some(65.0));
            assert_eq!(p.remaining, Some(1_750_000));
            assert_eq!((p.days_remaining, p.operating_days_left), (12, 9));
            assert_eq!(p.needed_per_operating_day, 194_445);
            assert_eq!(p.target_margin_percent, Some(50.0));
        }

        #[test]
        fn outside_the_month_and_edges() {
            let after = progress((2025, 6), Some(100), (0, 0), d("2025-07-02"));
            assert_eq!((after.days_remaining, after.operating_days_left, after.needed_per_operating_day), (0, 1, 100));
            assert_eq!(after.target_margin_percent, None);
            let before = progress((2025, 6), Some(100), (0, 0), d("2025-05-31"));
            assert_eq!((before.days_remaining, before.operating_days_left), (30, 22));
            let last = progress((2025, 2), Some(100), (0, 0), d("2025-02-28"));
            assert_eq!((last.days_remaining, last.operating_days_left), (0, 1));
            let next_year = progress((2025, 12), None, (5, 0), d("2026-01-01"));
            assert_eq!(
                (next_year.operating_days_left, next_year.remaining, next_year.progress_percent),
                (1, None, None)
            );
            assert_eq!(next_year.needed_per_operating_day, 0);
        }

        #[test]
        fn progress_is_capped_but_may_be_negative() {
            let over = progress((2025, 6), Some(100), (250, 1000), d("2025-06-01"));
            assert_eq!(
                (over.progress_percent, over.remaining, over.needed_per_operating_day),
                (Some(100.0), Some(-150), 0)
            );
            let loss = progress((2025, 6), Some(100), (-50, 1000), d("2025-06-01"));
            assert_eq!(loss.progress_percent, Some(-50.0));
            let zero = progress((2025, 6), Some(0), (10, 1000), d("2025-06-01"));
            assert_eq!((zero.progress_percent, zero.remaining), (None, Some(-10)));
        }
    }
}

pub use rules::TargetProgress;

/// A `financial_targets` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinancialTarget {
    /// Row id.
    pub id: String,
    /// Facility.
    pub facility_id: String,
    /// Year.
    pub year: i32,
    /// Month 1..12.
    pub month: u32,
    /// Cents.
    pub profit_target: i64,
    /// Created (epoch ms).
    pub created_at: Millis,
    /// Last changed (epoch ms).
    pub updated_at: Millis,
}

fn year(year: i64) -> Result<i32> {
    let (lo, hi) = TARGET_YEARS;
    if !(i64::from(lo)..=i64::from(hi)).contains(&year) {
        return Err(Error::invalid("year", format!("must be between {lo} and {hi}")));
    }
    Ok(year as i32)
}

fn year_month(y: i64, month: i64) -> Result<(i32, u32)> {
    let y = year(y)?;
    if !(1..=12).contains(&month) {
        return Err(Error::invalid("month", "must be between 1 and 12"));
    }
    Ok((y, month as u32))
}

/// Access to a facility's targets: anonymous → `PermissionDenied`, invisible or unknown → `NotFound`.
fn check_facility(conn: &Connection, ctx: &crate::AccessContext, facility: &str, write: bool) -> Result<()> {
    let exists = facility_exists(conn, facility)?;
    if write {
        check_write(ctx, facility, "facility_id")?;
    } else {
        check_read(ctx, facility, "facility_id")?;
    }
    if exists { Ok(()) } else { Err(Error::not_found("facility_id")) }
}

fn facility_exists(conn: &Connection, facility: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM facilities WHERE id = ?1")?
        .query_row([facility], |r| r.get::<_, i64>(0))
        .optional()?
        .is_some())
}

fn target(conn: &Connection, facility: &str, year: i32, month: u32) -> Result<Option<FinancialTarget>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, facility_id, year, month, profit_target, created_at, updated_at FROM financial_targets
             WHERE facility_id = ?1 AND year = ?2 AND month = ?3",
        )?
        .query_row(rusqlite::params![facility, year, month], |r| {
            Ok(FinancialTarget {
                id: r.get(0)?,
                facility_id: r.get(1)?,
                year: r.get(2)?,
                month: r.get(3)?,
                profit_target: r.get(4)?,
                created_at: r.get(5)?,
                updated_at: r.get(6)?,
            })
        })
        .optional()?)
}

fn label(year: i32, month: u32) -> String {
    format!("{year}-{month:02} profit target")
}

impl Scope {
    /// Sets (upserts) the profit target of one month of a facility (§1.7).
    pub fn set_financial_target(
        &self,
        facility_id: &str,
        year: i64,
        month: i64,
        profit_target: i64,
    ) -> Result<FinancialTarget> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let (year, month) = year_month(year, month)?;
        let cents = super::pricing::amount("profit_target", profit_target)?;
        self.write("set_financial_target", |call| {
            check_facility(call.tx, &call.ctx, &facility, true)?;
            match target(call.tx, &facility, year, month)? {
                Some(t) if t.profit_target == cents => return Ok(t),
                Some(t) => {
                    let old = audit::row_values(call.tx, "financial_targets", &t.id)?;
                    call.tx.execute(
                        "UPDATE financial_targets SET profit_target = ?2, updated_at = ?3 WHERE id = ?1",
                        rusqlite::params![t.id, cents, call.now],
                    )?;
                    audit::row_change(call, "financial_targets", "updated", &t.id, Some(label(year, month)), Some(facility.clone()), old)?;
                }
                None => {
                    let id = values::new_id();
                    call.tx.execute(
                        "INSERT INTO financial_targets (id, facility_id, year, month, profit_target, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                        rusqlite::params![id, facility, year, month, cents, call.now],
                    )?;
                    audit::row_change(call, "financial_targets", "created", &id, Some(label(year, month)), Some(facility.clone()), None)?;
                }
            }
            target(call.tx, &facility, year, month)?.ok_or_else(|| Error::not_found("financial_target"))
        })
    }

    /// Clears (deletes) the profit target of one month; whether there was one.
    pub fn clear_financial_target(&self, facility_id: &str, year: i64, month: i64) -> Result<bool> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let (year, month) = year_month(year, month)?;
        self.write("clear_financial_target", |call| {
            check_facility(call.tx, &call.ctx, &facility, true)?;
            let Some(t) = target(call.tx, &facility, year, month)? else {
                return Ok(false);
            };
            let old = audit::row_values(call.tx, "financial_targets", &t.id)?;
            call.tx.execute("DELETE FROM financial_targets WHERE id = ?1", [&t.id])?;
            audit::row_change(
                call,
                "financial_targets",
                "deleted",
                &t.id,
                Some(label(year, month)),
                Some(facility.clone()),
                old,
            )?;
            Ok(true)
        })
    }

    /// The twelve months of a year (January first), `None` where no target is set.
    pub fn financial_targets(&self, facility_id: &str, year: i64) -> Result<Vec<Option<FinancialTarget>>> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let year = self::year(year)?;
        self.read(|conn, ctx| {
            check_facility(conn, ctx, &facility, false)?;
            (1..=12).map(|m| target(conn, &facility, year, m)).collect()
        })
    }

    /// §5 progress of one month's target on `as_of` (default: facility-local today).
    pub fn target_progress(
        &self,
        facility_id: &str,
        year: i64,
        month: i64,
        as_of: Option<&str>,
    ) -> Result<TargetProgress> {
        let facility = values::parse_uuid("facility_id", facility_id)?;
        let (year, month) = year_month(year, month)?;
        let as_of = as_of.map(|d| values::date("as_of", d)).transpose()?;
        let now = self.now_ms();
        self.read(|conn, ctx| {
            check_facility(conn, ctx, &facility, false)?;
            let as_of = match as_of {
                Some(d) => d,
                None => local_today(conn, &facility, now)?,
            };
            let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| Error::invalid("month", "is invalid"))?;
            let last = first.with_day(rules::days_in_month(year, month)).unwrap_or(first);
            let sums: (i64, i64) = conn
                .prepare_cached(
                    "SELECT coalesce(sum(profit), 0), coalesce(sum(reimbursement), 0) FROM case_completion_stats
                     WHERE facility_id = ?1 AND is_excluded = 0 AND case_date BETWEEN ?2 AND ?3",
                )?
                .query_row(
                    rusqlite::params![
                        facility,
                        first.format("%Y-%m-%d").to_string(),
                        last.format("%Y-%m-%d").to_string()
                    ],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
            let target = target(conn, &facility, year, month)?.map(|t| t.profit_target);
            Ok(rules::progress((year, month), target, sums, as_of))
        })
    }
}
