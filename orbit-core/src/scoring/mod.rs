//! The ORbit Score v2.2 engine (scoring.md): rates each surgeon of a facility over a period on four pillars
//! (Profitability, Consistency, Schedule Adherence, Availability; 10–100 each), combines them into a weighted
//! composite, grades it A–D and compares it with the previous period of the same length; plus the
//! facility-level score and the improvement plan.
//!
//! The engine is **pure** (`model`, `rules`, `engine`, `plan`): plain data in ([`ScoreSettings`], the facility's time zone, flat
//! [`ScoreCase`] rows, a [`Period`]), plain data out ([`OrbitScores`], [`FacilityScore`], [`ImprovementPlan`]).
//! No SQL, no I/O. [`store`] builds on it: the loader of scored cases, the query calls on `Scope`, and the
//! `surgeon_scorecards` persistence (§6); settings are the facility's `facility_analytics_settings` row (§7),
//! edited through the reference-data API.
//!
//! ```
//! use chrono::NaiveDate;
//! use orbit_core::scoring::{Period, ScoreSettings, score_facility};
//! let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! let period = Period::new(day(2026, 1, 1), day(2026, 3, 31)).unwrap();
//! // The loader reads the scored cases of `period.with_previous()` (here: none).
//! let tz = chrono_tz::America::New_York;
//! let scores = score_facility(&ScoreSettings::default(), tz, &[], period, false).unwrap();
//! assert!(scores.scorecards.is_empty() && scores.insufficient.is_empty());
//! assert_eq!(period.previous().start, day(2025, 10, 3));
//! ```
//!
//! # Where the spec lives
//!
//! | spec | code |
//! |---|---|
//! | §1.1–1.2 scored cases | [`ScoreCase`] (the loader applies the filter), [`rules::case_order`] |
//! | §1.3, §7 settings | [`ScoreSettings`], `DEFAULT_…` / `…_RANGE` in [`model`], [`ScoreSettings::validate`] |
//! | §1.4 periods | [`Period`] (`previous`, `default_ending`, `with_previous`) |
//! | §2 primitives, constants | [`rules`]: `minutes_between`, `mean`, `sample_stddev`, `cv`, `median`, `mad`, … |
//! | §3 kernel, cohort rule | [`rules::mad_score`], [`rules::PeerCohorts`] |
//! | §4 pipeline, §4.6 trend, §5 | [`engine::score_facility`], [`engine::surgeon_scorecard`] |
//! | §4.1–4.4 pillars, diagnostics | [`rules::profitability`], [`rules::consistency`], [`rules::sched_adherence`], |
//! | | [`rules::availability`] |
//! | §4.5 composite, grade | [`rules::composite`], [`rules::grade`], [`PILLARS`] (labels, weights, colours) |
//! | §8 facility score | [`rules::compute_facility_score`] |
//! | §9 improvement plan | [`plan::improvement_plan`], [`plan::to_fixed`] (JavaScript `toFixed`) |
//! | §10 edge cases, §12 examples | the tests of [`rules`], [`engine`], [`plan`] (`worked_example_…`) |
//! | §11 rounding | [`rules::js_round`] (half toward +∞), [`rules::round_dp`] |
//!
//! # Choices the spec leaves open
//!
//! 1. **Input contract.** The loader applies the §1.1 filter; the engine takes the cases of
//!    [`Period::with_previous`] (or more) in any order, keeps each period's cases by `scheduled_date`, and
//!    sorts them into the §1.1 order itself (start_time compared as text, as SQLite does). The time zone is a
//!    separate argument, not part of [`ScoreSettings`], because it is stored on the facility.
//! 2. **Skipped cohorts** in diagnostics carry zeros in every computed field, but `valid_cases` and
//!    `total_cases` keep the surgeon's real counts (as the original did), so the numbers match the reason text.
//! 3. **Insufficient order ties** ("by case_count desc then name"): the name is `Dr. ` + last name, so ties
//!    go by last name, then first name, then surgeon id (the scorecard tie-break).
//! 4. **Names** (surgeon first/last name, a cohort's procedure name) come from the first case in §1.1 order.
//! 5. **start_time** is read as `HH:MM[:SS]`; a value whose hour and minute do not parse (never produced by
//!    the library's own validation) is treated like a missing start_time: the case is not scored for adherence.
//! 6. [`Trend`] has only `up`, `down`, `stable`: the library never writes `new`.
//! 7. **`surgeon_scorecard`** for a surgeon with no scored case at all reports `InsufficientCases` with a
//!    count of 0.
//! 8. **[`PlanConfig`] ranges** (not in the spec): cost finite and ≥ 0; `annual_case_multiplier` a whole
//!    number 1–366 (periods per year, a period lasting at least a day; whole so that the adherence and
//!    availability minutes, which the spec does not round, stay integers); `improvement_threshold` 0–100.
//!    `current_grade` is the scorecard's grade.
//! 9. **`to_fixed`** follows JavaScript for every value the plan can produce; ≥ 1e21 and non-finite values
//!    (JavaScript's exponent and `NaN` forms) fall back to Rust's shortest formatting.
//! 10. Output counts are `i64` and money/percent values `f64`, so bindings map them without conversions.

pub mod engine;
pub mod model;
pub mod plan;
pub mod rules;
pub mod store;

pub use engine::{score_facility, surgeon_scorecard};
pub use model::{
    AdherenceDiagnostics, AvailabilityDiagnostics, ConsistencyCohort, ConsistencyDiagnostics, Diagnostics,
    FacilityComponents, FacilityScore, Grade, ImprovementPlan, InsufficientSurgeon, OrbitScores, PILLARS, Period,
    PillarInfo, PillarKey, Pillars, PlanConfig, ProcedureCount, ProfitabilityCohort, ProfitabilityDiagnostics,
    Recommendation, ScoreCase, ScoreSettings, Scorecard, StartTimeMilestone, Strength, Trend,
};
pub use plan::improvement_plan;
pub use rules::{composite, compute_facility_score, grade, mad_score};
pub use store::{FacilityRefresh, StoredScorecard};
