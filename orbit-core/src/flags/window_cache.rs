//! The window cache: a connection's loaded detection facts, day by day, kept between detection passes.
//!
//! Detection (flags.md §7) evaluates a case against the 90 days before its date. Loading that window (every
//! case of the facility in it, with its milestones and money) was most of the cost of a lifecycle call, and
//! consecutive calls load nearly the same days. This cache keeps, per facility and date, the loaded cases
//! ([`Day`]) and, derived from them for given settings and baseline metrics, their day values (turnovers,
//! first-case delays) and baseline values; a pass reloads only the days that changed.
//!
//! **Invalidation.** SQLite's update hook reports every row this connection inserts, updates or deletes
//! (triggers included). A row of `cases`, `case_milestones` or `case_completion_stats` invalidates the day
//! its case was on when it was cached (rowids of cached rows are remembered) and the day it is on now. A row
//! of a table whose contents a day never reads (audit, history, flags, issues, milestone stats, averages,
//! patient flow, staff…: [`IGNORED`]) changes nothing. A row of any other table (settings, rules, templates,
//! milestones, prices, cost categories, anything added later) empties the whole cache. So do a commit by
//! another connection (`PRAGMA data_version` moves), a rollback (the rollback hook for transactions, the
//! store's own undo path for a call's savepoint, which SQLite reports to no hook), and more than
//! [`MAX_PENDING`] row changes between two passes. A day's derived values are keyed by the settings and
//! metrics they were computed for.
//!
//! **Memory.** At most [`MAX_CASES`] cases stay cached after a pass; a pass over a larger range (a facility's
//! whole history) uses its days and then keeps none of them.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use parking_lot::Mutex;
use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::flags::engine::{self, CaseValues};
use crate::flags::metrics::{self, CaseFacts, DayValues, Settings};
use crate::store::Cached;

/// Tables whose rows a cached day never reads: writes to them keep the cache.
pub(crate) const IGNORED: &[&str] = &[
    "audit_log",
    "case_history",
    "case_flags",
    "metric_issues",
    "case_milestone_stats",
    "surgeon_procedure_averages",
    "surgeon_milestone_averages",
    "surgeon_scorecards",
    "case_staff",
    "case_delays",
    "case_implant_companies",
    "case_device_companies",
    "case_complexities",
    "patients",
    "patient_checkins",
    "escort_status_links",
    "financial_targets",
];

/// Row changes remembered between two passes; past this the next pass starts from an empty cache.
pub(crate) const MAX_PENDING: usize = 20_000;

/// Cases kept cached after a pass (about 1–2 KB each).
pub(crate) const MAX_CASES: usize = 40_000;

/// The tables whose rows a cached day is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Tracked {
    Case,
    Milestone,
    Stats,
}

/// The rows (table, rowid) a case or a day is made of.
pub(crate) type RowIds = Vec<(Tracked, i64)>;

/// Row changes reported by the hooks since the last pass.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    flush: bool,
    rows: RowIds,
}

impl Pending {
    /// Everything cached is stale (a rollback, another table's write).
    pub(crate) fn flush(&mut self) {
        self.flush = true;
        self.rows = Vec::new();
    }

    fn row(&mut self, table: &str, rowid: i64) {
        let tracked = match table {
            "cases" => Tracked::Case,
            "case_milestones" => Tracked::Milestone,
            "case_completion_stats" => Tracked::Stats,
            t if IGNORED.contains(&t) => return,
            _ => return self.flush(),
        };
        if self.flush {
            return;
        }
        if self.rows.len() >= MAX_PENDING {
            return self.flush();
        }
        self.rows.push((tracked, rowid));
    }
}

/// A loaded case: its facts and whether it is eligible (§0).
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) facts: CaseFacts,
    pub(crate) eligible: bool,
}

/// The rows [`Day`]s are made of, as the loader returns them: each case with the rowids of its rows.
#[derive(Debug)]
pub(crate) struct LoadedRows {
    pub(crate) cases: Vec<Loaded>,
    /// Per case (same order): its `cases`, recorded `case_milestones` and `case_completion_stats` rowids.
    pub(crate) rowids: Vec<RowIds>,
}

/// Values derived from a day's cases for given settings and baseline metrics.
#[derive(Debug)]
pub(crate) struct Derived {
    key: DerivedKey,
    turnovers: HashMap<String, f64>,
    firsts: HashMap<String, f64>,
    /// Baseline values per case (empty for ineligible cases), in the day's case order.
    pub(crate) values: Vec<CaseValues>,
}

impl Derived {
    /// The day values of one of the day's cases.
    pub(crate) fn day_values(&self, id: &str) -> DayValues {
        DayValues { turnover: self.turnovers.get(id).copied(), fcots: self.firsts.get(id).copied() }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct DerivedKey {
    fcots_milestone: String,
    turnover_threshold_bits: u64,
    tz: String,
    metrics: Vec<String>,
}

/// One date of a facility: its cases neither cancelled nor drafts.
#[derive(Debug)]
pub(crate) struct Day {
    pub(crate) date: NaiveDate,
    pub(crate) cases: Vec<Loaded>,
    rows: RowIds,
    derived: Mutex<Option<Arc<Derived>>>,
}

impl Day {
    /// The day's derived values for `settings` and `metrics`, computed once per key.
    pub(crate) fn derived(&self, metrics: &[String], settings: &Settings) -> Arc<Derived> {
        let key = DerivedKey {
            fcots_milestone: settings.fcots_milestone.clone(),
            turnover_threshold_bits: settings.turnover_threshold_minutes.to_bits(),
            tz: settings.tz.name().to_string(),
            metrics: metrics.to_vec(),
        };
        let mut slot = self.derived.lock();
        if let Some(d) = slot.as_ref().filter(|d| d.key == key) {
            return d.clone();
        }
        let facts = || self.cases.iter().map(|l| &l.facts);
        let turnovers = metrics::turnovers(facts());
        let firsts = metrics::first_case_delays(facts(), settings);
        let mut derived = Derived { key, turnovers, firsts, values: Vec::with_capacity(self.cases.len()) };
        for l in &self.cases {
            derived.values.push(match l.eligible {
                true => engine::case_values(metrics, &l.facts, derived.day_values(&l.facts.id), settings),
                false => CaseValues::default(),
            });
        }
        let derived = Arc::new(derived);
        *slot = Some(derived.clone());
        derived
    }

    /// The index of case `id` in the day, if it is there.
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.cases.iter().position(|l| l.facts.id == id)
    }
}

/// What a facility's cached days were loaded with (the loader reads cost categories and standard
/// reimbursements only when rules use them).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct LoadInputs {
    pub(crate) categories: Vec<String>,
    pub(crate) wants_standard: bool,
}

#[derive(Debug, Default)]
struct FacilityDays {
    inputs: LoadInputs,
    days: BTreeMap<NaiveDate, Arc<Day>>,
}

/// The cache of one connection (see the module docs).
#[derive(Debug, Default)]
pub(crate) struct WindowCache {
    pending: Arc<Mutex<Pending>>,
    data_version: Option<i64>,
    facilities: HashMap<String, FacilityDays>,
    /// Rowid → (facility, date) of every cached row.
    rows: HashMap<(Tracked, i64), (String, NaiveDate)>,
    cases: usize,
}

impl WindowCache {
    /// Installs the update and rollback hooks that feed this cache on `conn`.
    pub(crate) fn install(&self, conn: &mut Connection) -> Result<()> {
        let pending = self.pending.clone();
        conn.update_hook(Some(move |_: rusqlite::hooks::Action, db: &str, table: &str, rowid: i64| {
            if db == "main" {
                pending.lock().row(table, rowid);
            }
        }))?;
        let pending = self.pending.clone();
        conn.rollback_hook(Some(move || pending.lock().flush()))?;
        Ok(())
    }

    /// The row changes not yet applied, shared: the store marks a savepoint's rollback there without taking
    /// the cache's lock.
    pub(crate) fn pending(&self) -> Arc<Mutex<Pending>> {
        self.pending.clone()
    }

    fn clear(&mut self) {
        self.facilities.clear();
        self.rows.clear();
        self.cases = 0;
    }

    fn drop_day(&mut self, facility: &str, date: NaiveDate) {
        let Some(day) = self.facilities.get_mut(facility).and_then(|f| f.days.remove(&date)) else { return };
        for row in &day.rows {
            self.rows.remove(row);
        }
        self.cases -= day.cases.len();
    }

    /// Applies the changes reported since the last pass.
    fn sync(&mut self, conn: &Connection) -> Result<()> {
        let version: i64 = conn.query_row_cached("PRAGMA data_version", [], |r| r.get(0))?;
        let Pending { flush, rows } = std::mem::take(&mut *self.pending.lock());
        if flush || self.data_version != Some(version) {
            self.clear();
            self.data_version = Some(version);
            return Ok(());
        }
        for (table, rowid) in rows {
            if let Some((facility, date)) = self.rows.get(&(table, rowid)).cloned() {
                self.drop_day(&facility, date);
            }
            let sql = match table {
                Tracked::Case => "SELECT facility_id, scheduled_date FROM cases WHERE rowid = ?1",
                Tracked::Milestone => {
                    "SELECT c.facility_id, c.scheduled_date FROM case_milestones cm JOIN cases c ON c.id = cm.case_id
                     WHERE cm.rowid = ?1"
                }
                Tracked::Stats => {
                    "SELECT c.facility_id, c.scheduled_date FROM case_completion_stats s JOIN cases c ON c.id = s.case_id
                     WHERE s.rowid = ?1"
                }
            };
            let now: Option<(String, String)> =
                conn.query_row_cached(sql, [rowid], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
            if let Some((facility, date)) = now
                && let Ok(date) = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            {
                self.drop_day(&facility, date);
            }
        }
        Ok(())
    }

    /// The days [from, to] of `facility` (every date, empty ones included), reloading what changed:
    /// `load(from, to)` reads the rows of a range of dates.
    pub(crate) fn window(
        &mut self,
        conn: &Connection,
        facility: &str,
        (from, to): (NaiveDate, NaiveDate),
        inputs: LoadInputs,
        mut load: impl FnMut(NaiveDate, NaiveDate) -> Result<LoadedRows>,
    ) -> Result<Vec<Arc<Day>>> {
        self.sync(conn)?;
        if self.facilities.get(facility).is_some_and(|f| f.inputs != inputs) {
            let dates: Vec<NaiveDate> = self.facilities[facility].days.keys().copied().collect();
            for date in dates {
                self.drop_day(facility, date);
            }
        }
        self.facilities.entry(facility.to_string()).or_default().inputs = inputs;
        // Missing dates, loaded in contiguous runs.
        let mut date = from;
        while date <= to {
            if self.facilities[facility].days.contains_key(&date) {
                date = date.succ_opt().expect("date in range");
                continue;
            }
            let mut end = date;
            while let Some(next) =
                end.succ_opt().filter(|n| *n <= to && !self.facilities[facility].days.contains_key(n))
            {
                end = next;
            }
            self.insert_days(facility, date, end, load(date, end)?);
            date = end.succ_opt().expect("date in range");
        }
        let days: Vec<Arc<Day>> = self.facilities[facility].days.range(from..=to).map(|(_, d)| d.clone()).collect();
        if self.cases > MAX_CASES {
            // Keep this facility's window if it fits, else nothing.
            let others: Vec<(String, NaiveDate)> = self
                .facilities
                .iter()
                .flat_map(|(f, fd)| fd.days.keys().map(move |d| (f.clone(), *d)))
                .filter(|(f, d)| f != facility || *d < from || *d > to)
                .collect();
            for (f, d) in others {
                self.drop_day(&f, d);
            }
            if self.cases > MAX_CASES {
                self.clear();
            }
        }
        Ok(days)
    }

    fn insert_days(&mut self, facility: &str, from: NaiveDate, to: NaiveDate, loaded: LoadedRows) {
        let mut by_date: BTreeMap<NaiveDate, (Vec<Loaded>, RowIds)> = BTreeMap::new();
        for (l, rows) in loaded.cases.into_iter().zip(loaded.rowids) {
            let slot = by_date.entry(l.facts.scheduled_date).or_default();
            slot.0.push(l);
            slot.1.extend(rows);
        }
        let mut date = from;
        while date <= to {
            let (cases, rows) = by_date.remove(&date).unwrap_or_default();
            for row in &rows {
                self.rows.insert(*row, (facility.to_string(), date));
            }
            self.cases += cases.len();
            let day = Day { date, cases, rows, derived: Mutex::new(None) };
            self.facilities.get_mut(facility).expect("entry made").days.insert(date, Arc::new(day));
            date = date.succ_opt().expect("date in range");
        }
    }
}
