//! The operational KPI engine (financials-kpis.md §7–8): FCOTS, same-room and flip-room turnover, the
//! surgical turnover split, OR utilization vs room available hours, case volume, the same-day cancellation
//! rate, cumulative tardiness, non-operative time, surgeon idle time with callback advice, the time
//! breakdown and average case time, the surgeon leaderboard and the dashboard extras (rooms running behind,
//! the facility score stub).
//!
//! The engine is **pure**: plain data in (flat [`KpiCase`] rows, [`KpiRoom`]s, [`KpiSettings`], the facility's
//! time zone, a [`Period`] and its previous period, a [`KpiFilter`]), plain data out (one struct per KPI,
//! [`FacilityKpis`] for all of them). [`store`] loads those inputs (cases of [`Period::with_previous`] with
//! their milestones, the rooms, the settings row), checks access (§0.3) and offers the query calls
//! (`Scope::facility_kpis`, `Scope::facility_score`). Block and schedule-based room utilization (§8.13) is
//! [`block_utilization`] over the scheduling engine's block occurrences and room open hours ([`BlockInputs`],
//! computed by the caller; `Scope::block_utilization` loads them with the scheduling store's loaders);
//! [`utilization_with_capacity`] takes caller-computed capacity for §8.5.
//!
//! ```
//! use chrono::NaiveDate;
//! use orbit_core::kpis::{KpiInput, KpiSettings, facility_kpis};
//! use orbit_core::scoring::Period;
//! let day = |d| NaiveDate::from_ymd_opt(2025, 3, d).unwrap();
//! let settings = KpiSettings::default();
//! let input = KpiInput::new(&[], &settings, chrono_tz::America::New_York, Period::new(day(3), day(9)).unwrap());
//! let kpis = facility_kpis(&input, &[]);
//! assert_eq!((kpis.fcots.result.value, kpis.room_turnover.result.value), (0.0, 0.0));
//! assert_eq!(kpis.facility_score.score, 50); // u = 0, t = 1, f = 0, c = 1
//! ```
//!
//! # Where the spec lives
//!
//! | spec | code |
//! |---|---|
//! | §0.2 numeric helpers | [`rules`]: `js_round`, `round1` (from `flags::rules`), `mean` (from `scoring::rules`), |
//! | | [`rules::median`], [`rules::minutes`], [`rules::percent_rounded`] |
//! | §1.8 settings (KPI columns) | [`KpiSettings`], `DEFAULT_…` / `…_RANGE` in [`model`], [`KpiSettings::validate`] |
//! | §7.1 case set, filters, previous period | [`rules::CaseSet`], [`KpiFilter`], [`KpiInput`] (`previous`) |
//! | §7.2 milestone map, scheduled start | [`KpiCase::milestone`], [`rules::scheduled_start`] |
//! | §7.3 surgeon done time | [`rules::done`] |
//! | §7.4 result shape, delta, daily, status | [`KpiResult`], [`rules::delta`], [`rules::daily_color`], |
//! | | [`rules::daily_points`], [`rules::kpi_status`] |
//! | §8.1 FCOTS | [`fcots()`], [`fcots::first_cases`], [`fcots::first_case_start`] |
//! | §8.2 same-room turnover | [`room_turnover`], [`turnover::room_gaps`], [`rules::room_day_order`] |
//! | §8.3 flip-room turnover | [`flip_room_turnover`], [`turnover::surgeon_timeline_order`] |
//! | §8.4 surgical turnover split | [`surgical_turnover`] |
//! | §8.5 OR utilization, room hours | [`or_utilization`], [`room_capacities`], [`utilization_with_capacity`] |
//! | §8.6 case volume | [`case_volume`], [`volume::week_start_sunday`] |
//! | §8.7 same-day cancellation rate | [`cancellation_rate`], [`volume::cancellation_timing`] |
//! | §8.8 cumulative tardiness | [`tardiness()`] |
//! | §8.9 non-operative time | [`non_operative_time`] |
//! | §8.10 idle time, callback advice | [`idle_time`], [`idle::callback_status`] |
//! | §8.11 time breakdown, average case time | [`time_breakdown`], [`avg_case_time`] |
//! | §8.12 leaderboard | [`leaderboard()`], [`leaderboard::leaderboard_score`] |
//! | §8.13 block / schedule-based utilization | [`block_utilization`] → [`BlockUtilization`], inputs [`BlockInputs`] |
//! | §8.14 dashboard extras | [`rooms_running_behind`], [`facility_score`] (= `scoring::compute_facility_score`) |
//! | all of §8 at once | [`facility_kpis`] → [`FacilityKpis`] (with [`FacilityScoreInputs`]) |
//! | §9 E6–E12 | the `worked_example_…` tests of [`fcots`](mod@fcots), [`turnover`], [`idle`], [`volume`], [`timing`], |
//! | | [`utilization`], [`blocks`] |
//!
//! # Choices the spec leaves open
//!
//! 1. **Input contract.** The loader may pass every case row of the facility for `previous ∪ period` (or
//!    more) in any order: the engine drops drafts and excluded cases, keeps each period's cases by
//!    `scheduled_date`, removes cancelled cases (status name `cancelled`) from every timeline and sorts with
//!    explicit tie-breaks, so results never depend on row order. `data_validated` is not an input (KPIs do
//!    not require it). The time zone is a separate argument, as in the scoring engine.
//! 2. **start_time** is read as `HH:MM[:SS]`; a value whose hour and minute do not parse is treated as a
//!    missing start_time. Orders compare the parsed time including seconds (as the stored `HH:MM:SS` text
//!    compares); the scheduled instant ignores the seconds (§7.2).
//! 3. **Previous period and deltas.** [`KpiInput::new`] uses [`Period::previous`] (same length, immediately
//!    before); callers may set another. Every KPI is recomputed over the previous period with the same
//!    settings and filters, and `delta` compares the two reported (rounded) `value`s; no delta when the
//!    previous value is 0. Each [`KpiResult`] also carries `previous_value`. The leaderboard and the time
//!    breakdown have no delta (the spec names none).
//! 4. **Filters** (§7.1, D-K10). A case passes when every given list contains its surgeon / room /
//!    procedure (a missing attribute fails). FCOTS keeps a room-day when its first case passes; room and flip
//!    turnovers, surgical-turnover transitions and idle gaps when the later case passes; volume,
//!    cancellations, tardiness, non-op, breakdown and utilization minutes count passing cases. Operating days,
//!    first cases, adjacency and the leaderboard's facility median and max_case_count come from the
//!    unfiltered set. Leaderboard rows: case_count and avg_surgical over the surgeon's passing cases, FCOTS
//!    over his (unfiltered) first cases that pass; surgeons with no passing case are dropped. Idle:
//!    `flip_surgeon_days` counts analysed flip days having at least one passing case; the per-surgeon
//!    `case_count` counts passing cases.
//! 5. **target_met** follows each KPI's stated rule: FCOTS and turnover compliance compare the *rounded*
//!    `value` / `compliance` (§8.1 step 5, §8.2 step 3 say so); utilization, cancellations, tardiness,
//!    non-op, idle and the surgical split compare the unrounded number (§7.4).
//! 6. **Daily trackers**: "dates with data" are the dates having at least one counted item of the KPI (first
//!    case, turnover, gap, case). Idle daily points are the day's mean gap (combined, flip and same-room each
//!    against its own target), surgical split daily points the per-kind median against the kind's target.
//!    Cancellation daily points carry the same-day count as `numeric_value`, coloured by that day's rate.
//! 7. **FCOTS details** keep `delay_minutes` unrounded (max(0, delay)); times are local `HH:MM`. Sort: date,
//!    room name, room id. Turnover details: date, room (display_order, name, id), then position in the room's
//!    timeline; flip details also name the surgeon's previous room (`origin_room_…`).
//! 8. **Utilization.** A room a case names but the room list lacks counts with the default 10 hours (its
//!    name from the case row). The scheduled variant sums expected minutes (> 0) of the counted cases (non-
//!    cancelled, passing the filters, with a capacity room) — like the actual minutes, so minutes are never
//!    counted without capacity. Per-room rows are the capacity rooms with at least one counted case (a
//!    room-day with cases but no positive duration counts as 0 %). `rooms_above_target` compares the rounded
//!    room utilization. `available_hours` is used as stored (the scheduling spec recomputes it when a week is
//!    saved); `using_real_hours` is [`KpiRoom::has_saved_week`].
//! 9. **Cancellation timing.** `prior_day` is any local date before the scheduled date, `other` any later
//!    date (the spec's "(after it)"). The rate is 0 without cases.
//! 10. **Surgical split compliance** is 0 without transitions, like the other compliance values.
//! 11. **Idle.** The per-surgeon summary lists surgeons with at least one gap; `avg_flip_call_delta` is
//!     unrounded (0 without flip gaps); surgeon-day details are sorted by total idle desc, then date, then
//!     surgeon (last, first, id); a day's `cases` are its ordered cases with a start time.
//! 12. **Leaderboard.** The score uses the rounded avg_surgical and FCOTS rate (D-K1); ties after score and
//!     case count go by surgeon last name, first name, id.
//! 13. **Rooms running behind** uses the KPI case set (drafts and excluded cases never count), `today` =
//!     the facility-local date of `now`, and `expected_duration_minutes` as given (the loader resolves
//!     surgeon duration → procedure duration); minutes_behind is unrounded.
//! 14. **Names**: surgeons are shown as `Dr. <last>`; a surgeon's names come from his first case in (date,
//!     id) order. Counts are `i64`, minutes and percentages `f64`, so bindings map them without conversions.
//! 15. **Block utilization (§8.13).** Block days are the *available* occurrences (closed days and blocks cut
//!     away by a partial holiday are not block days; a surgeon's cases on such a day are outside block). A
//!     case without a room matches no block's room in the attach preference. `turnover` and the step-4 gaps are
//!     consecutive pairs in patient_in order (ties: patient_out, id); `used` counts whole case minutes, also
//!     outside the window. Filters: block days (and so per-surgeon totals, weekly trend, summary) by the block's
//!     surgeon and room (a block without a room fails a room filter); cases outside block, "what fits" and
//!     room-day minutes by the case; room rows by the room filter; `block_allocated` counts every available
//!     block day of the room (the room's allocation, whatever the surgeon filter). "What fits" uses all the
//!     surgeon's qualifying cases in range (in or outside block) and compares with the *rounded*
//!     `avg_remaining`; its sort puts a known revenue before a missing one (a total order), then name, id.
//!     `avg_cases_per_block_day` is round1; surgeons tie-break by name, id; rooms by display order, name, id.
//!     Room availability is per active, non-deleted room (the scheduling engine's `available_time`); a room
//!     with several rows for one date sums them. No previous period or delta (the spec names none).

pub mod blocks;
pub mod engine;
pub mod fcots;
pub mod idle;
pub mod leaderboard;
pub mod model;
pub mod rules;
pub mod store;
#[cfg(test)]
pub(crate) mod testkit;
pub mod timing;
pub mod turnover;
pub mod utilization;
pub mod volume;

pub use blocks::block_utilization;
pub use engine::{facility_kpis, facility_score, rooms_running_behind};
pub use fcots::fcots;
pub use idle::idle_time;
pub use leaderboard::leaderboard;
pub use model::{
    AvgCaseTime, BlockDay, BlockInputs, BlockSummary, BlockSurgeon, BlockUtilization, BlockWeek, BlockWhatFits,
    CallbackStatus, CancellationDetail, CancellationTiming, Cancellations, CaseVolume, ClosingWorkflow, DailyPoint,
    DeltaType, Direction, FacilityKpis, FacilityScoreInputs, Fcots, FcotsDetail, FcotsMilestone, IdleCase, IdleGap,
    IdleSurgeonDay, IdleSurgeonSummary, IdleTime, KpiCase, KpiColor, KpiFilter, KpiInput, KpiResult, KpiRoom,
    KpiSettings, KpiStatus, Leaderboard, LeaderboardRow, NonOperative, RoomBehind, RoomCapacity, RoomChange,
    RoomTurnover, RoomUtilization, ScheduleRoomDay, ScheduleRoomUtilization, SurgeonRef, SurgicalTransition,
    SurgicalTurnover, SurgicalTurnoverKind, Tardiness, TimeBreakdown, TurnoverDetail, Utilization, WeeklyCount,
};
pub use timing::{avg_case_time, non_operative_time, tardiness, time_breakdown};
pub use turnover::{flip_room_turnover, room_turnover, surgical_turnover};
pub use utilization::{or_utilization, room_capacities, utilization_with_capacity};
pub use volume::{cancellation_rate, case_volume};

#[doc(no_inline)]
pub use crate::scoring::Period;
