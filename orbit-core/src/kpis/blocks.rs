//! Block utilization and schedule-based room utilization (financials-kpis.md §8.13, D-K7, D-K12). The block
//! occurrences and room open hours come from the scheduling engine, computed by the caller
//! ([`BlockInputs`]); this module attaches cases to block days and aggregates. Every duration is real minutes
//! between instants (a block day's window and a room-day's open hours through
//! [`crate::scheduling::Window`]). No `Connection`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, Duration, NaiveDate};

use crate::clock::Millis;
use crate::kpis::model::{
    BlockDay, BlockInputs, BlockSummary, BlockSurgeon, BlockUtilization, BlockWeek, BlockWhatFits, KpiCase, KpiInput,
    ScheduleRoomDay, ScheduleRoomUtilization,
};
use crate::kpis::rules::{CaseSet, js_round, median, minutes, round1, surgeon_name};
use crate::scheduling::{BlockOccurrence, Window};

/// The status name of the cases §8.13 counts.
pub const COMPLETED_STATUS: &str = "completed";
/// Median block turnover when a surgeon has no qualifying gap (§8.13 step 4).
pub const DEFAULT_BLOCK_TURNOVER_MINUTES: f64 = 30.0;
/// Gaps inside block days count towards the median turnover when 0 < gap < this (§8.13 step 4).
pub const MAX_BLOCK_TURNOVER_GAP_MINUTES: f64 = 120.0;
/// "What fits" lists procedures with at least this many of the surgeon's qualifying cases (§8.13 step 5).
pub const MIN_WHAT_FITS_CASES: usize = 2;
/// Minutes per hour.
const MINUTES_PER_HOUR: f64 = 60.0;

/// A qualifying case (§8.13): completed, in the set, with patient_in < patient_out.
#[derive(Debug, Clone, Copy)]
struct Qual<'a> {
    case: &'a KpiCase,
    pi: Millis,
    po: Millis,
}

impl Qual<'_> {
    fn minutes(&self) -> f64 {
        minutes(self.pi, self.po)
    }
}

/// An available block occurrence of the period with its window.
struct Slot<'a> {
    occ: &'a BlockOccurrence,
    window: Window,
}

/// round_js(part / whole × 100); 0 when whole ≤ 0.
fn pct(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { js_round(part / whole * 100.0) } else { 0.0 }
}

/// The Monday that starts `date`'s week.
pub fn week_start_monday(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// The qualifying cases of the period, by (date, id).
fn qualifying<'a>(input: &KpiInput<'a>) -> Vec<Qual<'a>> {
    CaseSet::of(input.cases, input.period)
        .cases
        .into_iter()
        .filter(|c| c.status == COMPLETED_STATUS)
        .filter_map(|c| match (c.patient_in, c.patient_out) {
            (Some(pi), Some(po)) if po > pi => Some(Qual { case: c, pi, po }),
            _ => None,
        })
        .collect()
}

/// Milliseconds of `[a0, a1] ∩ [b0, b1]`.
fn overlap(a0: Millis, a1: Millis, b0: Millis, b1: Millis) -> Millis {
    (a1.min(b1) - a0.max(b0)).max(0)
}

/// Step 1: the index of the block day each qualifying case attaches to (same surgeon and date; prefer the
/// case's room, then the largest overlap, the earliest block start, the block id).
fn attach(cases: &[Qual], slots: &[Slot]) -> Vec<Option<usize>> {
    let mut by_key: HashMap<(&str, NaiveDate), Vec<usize>> = HashMap::new();
    for (i, s) in slots.iter().enumerate() {
        by_key.entry((s.occ.surgeon_id.as_str(), s.occ.date)).or_default().push(i);
    }
    cases
        .iter()
        .map(|q| {
            let surgeon = q.case.surgeon_id.as_deref()?;
            let candidates = by_key.get(&(surgeon, q.case.scheduled_date))?;
            candidates.iter().copied().min_by_key(|&i| {
                let s = &slots[i];
                let other_room = q.case.or_room_id.is_none() || s.occ.or_room_id != q.case.or_room_id;
                let shared = overlap(q.pi, q.po, s.window.start, s.window.end);
                (other_room, -shared, s.window.start, s.occ.block_id.as_str())
            })
        })
        .collect()
}

/// Step 2 for one block day; also returns its gaps (next in − previous out) for step 4.
fn block_day(slot: &Slot, mut cases: Vec<Qual>) -> (BlockDay, Vec<f64>) {
    cases.sort_by(|a, b| (a.pi, a.po, &a.case.id).cmp(&(b.pi, b.po, &b.case.id)));
    let (start, end) = (slot.window.start, slot.window.end);
    let duration = slot.window.real_minutes().max(0.0);
    let used: f64 = cases.iter().map(Qual::minutes).sum();
    let gaps: Vec<f64> = cases.windows(2).map(|w| minutes(w[0].po, w[1].pi)).collect();
    let first_start = cases.iter().map(|q| q.pi).min();
    let last_end = cases.iter().map(|q| q.po).max();
    let remaining = match last_end {
        None => duration,
        Some(last) => minutes(last.max(start), end).clamp(0.0, duration),
    };
    let day = BlockDay {
        block_id: slot.occ.block_id.clone(),
        surgeon_id: slot.occ.surgeon_id.clone(),
        or_room_id: slot.occ.or_room_id.clone(),
        date: slot.occ.date,
        block_start: start,
        block_end: end,
        duration_minutes: duration,
        used_minutes: used,
        turnover_minutes: gaps.iter().filter(|g| **g > 0.0).sum(),
        case_count: cases.len() as i64,
        first_start,
        last_end,
        remaining_minutes: remaining,
        overrun_minutes: last_end.map_or(0.0, |last| minutes(end, last).max(0.0)),
        utilization_pct: pct(used, duration),
        case_ids: cases.iter().map(|q| q.case.id.clone()).collect(),
    };
    (day, gaps)
}

/// Step 5 for one surgeon: procedures with ≥ 2 qualifying cases, fits first, then revenue desc (a missing
/// revenue after any known one), case count desc, procedure name, id.
fn what_fits(
    cases: &[Qual],
    median_turnover: f64,
    avg_remaining: f64,
    revenue: &HashMap<&str, i64>,
) -> Vec<BlockWhatFits> {
    let mut by_procedure: BTreeMap<&str, Vec<&Qual>> = BTreeMap::new();
    for q in cases {
        if let Some(p) = q.case.procedure_type_id.as_deref() {
            by_procedure.entry(p).or_default().push(q);
        }
    }
    let mut rows: Vec<BlockWhatFits> = by_procedure
        .into_iter()
        .filter(|(_, qs)| qs.len() >= MIN_WHAT_FITS_CASES)
        .map(|(p, qs)| {
            let totals: Vec<f64> = qs.iter().map(|q| q.minutes()).collect();
            let surgical: Vec<f64> = qs
                .iter()
                .filter_map(|q| Some(minutes(q.case.incision?, q.case.closing?)))
                .filter(|m| *m > 0.0)
                .collect();
            let median_total = median(&totals).unwrap_or(0.0);
            let total_needed = median_total + median_turnover;
            BlockWhatFits {
                procedure_type_id: p.to_string(),
                procedure_name: qs[0].case.procedure_name.clone(),
                case_count: qs.len() as i64,
                median_total_minutes: median_total,
                median_surgical_minutes: median(&surgical).unwrap_or(0.0),
                total_needed_minutes: total_needed,
                fits: total_needed <= avg_remaining,
                estimated_revenue: revenue.get(p).copied(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.fits
            .cmp(&a.fits)
            .then_with(|| a.estimated_revenue.is_none().cmp(&b.estimated_revenue.is_none()))
            .then_with(|| b.estimated_revenue.cmp(&a.estimated_revenue))
            .then_with(|| b.case_count.cmp(&a.case_count))
            .then_with(|| (&a.procedure_name, &a.procedure_type_id).cmp(&(&b.procedure_name, &b.procedure_type_id)))
    });
    rows
}

/// §8.13 over the input's period: block days with their attached cases, per-surgeon totals with the median
/// turnover and "what fits", the Monday-start weekly trend, the summary and schedule-based room utilization.
/// Filters (§7.1): block days by the block's surgeon and room; per-case values (cases outside block, what
/// fits, room minutes) by the case; rooms by the room filter. Attachment uses the unfiltered cases and
/// block days.
pub fn block_utilization(input: &KpiInput, blocks: &BlockInputs) -> BlockUtilization {
    let tz = input.tz;
    let filter = &input.filter;
    let cases = qualifying(input);
    let mut slots: Vec<Slot> = blocks
        .occurrences
        .iter()
        .filter(|o| o.is_available && input.period.contains(o.date))
        .filter_map(|o| Some(Slot { occ: o, window: o.window(tz)? }))
        .collect();
    slots.sort_by_key(|s| (s.occ.date, s.window.start));
    let attached = attach(&cases, &slots);
    let mut per_slot: Vec<Vec<Qual>> = vec![Vec::new(); slots.len()];
    for (q, slot) in cases.iter().zip(&attached) {
        if let Some(i) = slot {
            per_slot[*i].push(*q);
        }
    }
    let days: Vec<(BlockDay, Vec<f64>)> = slots.iter().zip(per_slot).map(|(slot, qs)| block_day(slot, qs)).collect();

    // Every available block day, unfiltered: room allocation (step 8).
    let mut allocated: HashMap<(&str, NaiveDate), f64> = HashMap::new();
    for (d, _) in &days {
        if let Some(room) = d.or_room_id.as_deref() {
            *allocated.entry((room, d.date)).or_default() += d.duration_minutes;
        }
    }

    let reported: Vec<&(BlockDay, Vec<f64>)> = days
        .iter()
        .filter(|(d, _)| filter.passes_surgeon(Some(&d.surgeon_id)) && filter.passes_room(d.or_room_id.as_deref()))
        .collect();

    // Step 3–5: per surgeon.
    let revenue: HashMap<&str, i64> = blocks.default_reimbursements.iter().map(|(p, r)| (p.as_str(), *r)).collect();
    let mut names: HashMap<&str, String> =
        blocks.surgeon_names.iter().map(|s| (s.surgeon_id.as_str(), s.surgeon_name.clone())).collect();
    for q in &cases {
        if let (Some(id), Some(name)) = (q.case.surgeon_id.as_deref(), surgeon_name(q.case)) {
            names.entry(id).or_insert(name);
        }
    }
    let mut by_surgeon: BTreeMap<&str, Vec<&(BlockDay, Vec<f64>)>> = BTreeMap::new();
    for d in &reported {
        by_surgeon.entry(d.0.surgeon_id.as_str()).or_default().push(d);
    }
    let mut surgeons: Vec<BlockSurgeon> = by_surgeon
        .into_iter()
        .map(|(id, ds)| {
            let n = ds.len() as f64;
            let block: f64 = ds.iter().map(|d| d.0.duration_minutes).sum();
            let used: f64 = ds.iter().map(|d| d.0.used_minutes).sum();
            let remaining: f64 = ds.iter().map(|d| d.0.remaining_minutes).sum();
            let case_count: i64 = ds.iter().map(|d| d.0.case_count).sum();
            let gaps: Vec<f64> = ds
                .iter()
                .flat_map(|d| d.1.iter().copied())
                .filter(|g| *g > 0.0 && *g < MAX_BLOCK_TURNOVER_GAP_MINUTES)
                .collect();
            let median_turnover = median(&gaps).unwrap_or(DEFAULT_BLOCK_TURNOVER_MINUTES);
            let avg_remaining = js_round(remaining / n);
            let own: Vec<(Qual, Option<usize>)> = cases
                .iter()
                .zip(&attached)
                .filter(|(q, _)| q.case.surgeon_id.as_deref() == Some(id) && filter.passes(q.case))
                .map(|(q, a)| (*q, *a))
                .collect();
            let outside: Vec<&Qual> = own.iter().filter(|(_, a)| a.is_none()).map(|(q, _)| q).collect();
            let outside_dates: BTreeSet<NaiveDate> = outside.iter().map(|q| q.case.scheduled_date).collect();
            let own_cases: Vec<Qual> = own.iter().map(|(q, _)| *q).collect();
            BlockSurgeon {
                surgeon_id: id.to_string(),
                surgeon_name: names.get(id).cloned(),
                block_day_count: ds.len() as i64,
                block_minutes: block,
                used_minutes: used,
                remaining_minutes: remaining,
                case_count,
                overrun_minutes: ds.iter().map(|d| d.0.overrun_minutes).sum(),
                overrun_day_count: ds.iter().filter(|d| d.0.overrun_minutes > 0.0).count() as i64,
                avg_utilization_pct: pct(used, block),
                avg_remaining_minutes: avg_remaining,
                avg_cases_per_block_day: round1(case_count as f64 / n),
                cases_outside_block: outside.len() as i64,
                outside_block_dates: outside_dates.into_iter().collect(),
                median_turnover_minutes: median_turnover,
                what_fits: what_fits(&own_cases, median_turnover, avg_remaining, &revenue),
            }
        })
        .collect();
    surgeons.sort_by(|a, b| {
        a.avg_utilization_pct
            .total_cmp(&b.avg_utilization_pct)
            .then_with(|| (&a.surgeon_name, &a.surgeon_id).cmp(&(&b.surgeon_name, &b.surgeon_id)))
    });

    // Step 6: weekly trend.
    let mut weeks: BTreeMap<NaiveDate, (f64, f64, i64)> = BTreeMap::new();
    for (d, _) in &reported {
        let w = weeks.entry(week_start_monday(d.date)).or_default();
        w.0 += d.duration_minutes;
        w.1 += d.used_minutes;
        w.2 += 1;
    }
    let weekly = weeks
        .into_iter()
        .map(|(week_start, (block, used, n))| BlockWeek {
            week_start,
            utilization_pct: pct(used, block),
            block_hours: round1(block / MINUTES_PER_HOUR),
            used_hours: round1(used / MINUTES_PER_HOUR),
            block_day_count: n,
        })
        .collect();

    // Step 7: summary.
    let block: f64 = reported.iter().map(|d| d.0.duration_minutes).sum();
    let used: f64 = reported.iter().map(|d| d.0.used_minutes).sum();
    let remaining: f64 = reported.iter().map(|d| d.0.remaining_minutes).sum();
    let summary = BlockSummary {
        block_day_count: reported.len() as i64,
        surgeon_count: surgeons.len() as i64,
        block_minutes: block,
        used_minutes: used,
        remaining_minutes: remaining,
        case_count: reported.iter().map(|d| d.0.case_count).sum(),
        avg_util: pct(used, block),
        overrun_minutes: reported.iter().map(|d| d.0.overrun_minutes).sum(),
        overrun_day_count: reported.iter().filter(|d| d.0.overrun_minutes > 0.0).count() as i64,
        // round_money: half away from zero (D-F1).
        unused_block_cost: blocks
            .or_hourly_rate
            .map(|rate| (remaining / MINUTES_PER_HOUR * rate as f64).round() as i64),
    };

    let rooms = room_utilization(input, blocks, &cases, &allocated);
    BlockUtilization {
        summary,
        surgeons,
        block_days: reported.into_iter().map(|d| d.0.clone()).collect(),
        weekly,
        rooms,
    }
}

/// Step 8: schedule-based room utilization over the open room-days of the period.
fn room_utilization(
    input: &KpiInput,
    blocks: &BlockInputs,
    cases: &[Qual],
    allocated: &HashMap<(&str, NaiveDate), f64>,
) -> Vec<ScheduleRoomUtilization> {
    let mut by_room_day: HashMap<(&str, NaiveDate), Vec<&Qual>> = HashMap::new();
    for q in cases.iter().filter(|q| input.filter.passes(q.case)) {
        if let Some(room) = q.case.or_room_id.as_deref() {
            by_room_day.entry((room, q.case.scheduled_date)).or_default().push(q);
        }
    }
    let mut open: BTreeMap<&str, BTreeMap<NaiveDate, f64>> = BTreeMap::new();
    for a in blocks.room_days {
        if !input.period.contains(a.date) || !input.filter.passes_room(Some(&a.or_room_id)) {
            continue;
        }
        let Some(window) = a.window(input.tz) else { continue };
        let available = window.real_minutes();
        if available > 0.0 {
            *open.entry(a.or_room_id.as_str()).or_default().entry(a.date).or_default() += available;
        }
    }
    let mut rooms: Vec<ScheduleRoomUtilization> = open
        .into_iter()
        .map(|(room, dates)| {
            let days: Vec<ScheduleRoomDay> = dates
                .into_iter()
                .map(|(date, available)| {
                    let qs = by_room_day.get(&(room, date)).map_or(&[][..], Vec::as_slice);
                    let used: f64 = qs.iter().map(|q| q.minutes()).sum();
                    ScheduleRoomDay {
                        date,
                        available_minutes: available,
                        used_minutes: used,
                        case_count: qs.len() as i64,
                        first_start: qs.iter().map(|q| q.pi).min(),
                        last_end: qs.iter().map(|q| q.po).max(),
                        utilization_pct: pct(used, available),
                        idle_minutes: (available - used).max(0.0),
                        block_allocated_minutes: allocated.get(&(room, date)).copied().unwrap_or(0.0),
                    }
                })
                .collect();
            let available: f64 = days.iter().map(|d| d.available_minutes).sum();
            let used: f64 = days.iter().map(|d| d.used_minutes).sum();
            let block: f64 = days.iter().map(|d| d.block_allocated_minutes).sum();
            let meta = blocks.rooms.iter().find(|r| r.id == room);
            ScheduleRoomUtilization {
                room_id: room.to_string(),
                room_name: meta.map_or_else(|| room.to_string(), |r| r.name.clone()),
                display_order: meta.map_or(0, |r| r.display_order),
                available_minutes: available,
                used_minutes: used,
                block_minutes: block,
                case_count: days.iter().map(|d| d.case_count).sum(),
                avg_utilization_pct: pct(used, available),
                days_active: days.iter().filter(|d| d.case_count > 0).count() as i64,
                open_days: days.len() as i64,
                block_allocation_pct: pct(block, available),
                unblocked_minutes: (available - block).max(0.0),
                days,
            }
        })
        .collect();
    rooms.sort_by(|a, b| {
        a.avg_utilization_pct
            .total_cmp(&b.avg_utilization_pct)
            .then_with(|| (a.display_order, &a.room_name, &a.room_id).cmp(&(b.display_order, &b.room_name, &b.room_id)))
    });
    rooms
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;
    use proptest::prelude::*;

    use super::*;
    use crate::kpis::model::{KpiFilter, KpiSettings, SurgeonRef};
    use crate::kpis::testkit::{CaseBuilder, day, input, local, period, room};
    use crate::scheduling::{RoomAvailability, wall_minutes};

    fn t(hhmm: &str) -> NaiveTime {
        NaiveTime::parse_from_str(hhmm, "%H:%M").unwrap()
    }

    /// An available block occurrence.
    fn occ(id: &str, surgeon: &str, room: Option<&str>, date: NaiveDate, start: &str, end: &str) -> BlockOccurrence {
        BlockOccurrence {
            block_id: id.into(),
            surgeon_id: surgeon.into(),
            or_room_id: room.map(Into::into),
            date,
            start_time: t(start),
            end_time: t(end),
            effective_end_time: Some(t(end)),
            duration_minutes: wall_minutes(t(start), t(end)),
            is_closed: false,
            closure_reason: None,
            holiday_name: None,
            is_partial_holiday: false,
            partial_close_time: None,
            is_available: true,
        }
    }

    fn open(room: &str, date: NaiveDate, from: &str, to: &str) -> RoomAvailability {
        RoomAvailability {
            or_room_id: room.into(),
            date,
            open_time: Some(t(from)),
            close_time: Some(t(to)),
            available_minutes: wall_minutes(t(from), t(to)),
        }
    }

    /// A completed case of surgeon `s` in room `r` from `pi` to `po` (local HH:MM:SS).
    fn case(id: &str, date: NaiveDate, s: &str, r: &str, pi: &str, po: &str) -> CaseBuilder {
        CaseBuilder::new(id, date).status("completed").surgeon(s).room(r).at("patient_in", pi).at("patient_out", po)
    }

    fn run(cases: &[KpiCase], blocks: &BlockInputs, filter: KpiFilter) -> BlockUtilization {
        let settings = KpiSettings::default();
        block_utilization(&input(cases, &settings, period(10, 16)).with_filter(filter), blocks)
    }

    fn e12() -> (Vec<KpiCase>, Vec<BlockOccurrence>) {
        let d = day(10);
        let cases = vec![
            case("a", d, "S", "OR1", "07:10:00", "09:00:00").build(),
            case("b", d, "S", "OR1", "09:30:00", "11:45:00").build(),
            case("c", d, "S", "OR1", "12:05:00", "13:00:00").build(),
        ];
        (cases, vec![occ("B1", "S", Some("OR1"), d, "07:00", "15:00")])
    }

    #[test]
    fn worked_example_e12_block_day() {
        let (cases, occurrences) = e12();
        let out = run(&cases, &BlockInputs { occurrences: &occurrences, ..Default::default() }, KpiFilter::default());
        let d = &out.block_days[0];
        assert_eq!(d.duration_minutes, 480.0);
        assert_eq!((d.used_minutes, d.turnover_minutes, d.remaining_minutes), (300.0, 50.0, 120.0));
        assert_eq!((d.overrun_minutes, d.utilization_pct, d.case_count), (0.0, 63.0, 3));
        assert_eq!(d.case_ids, ["a", "b", "c"]);
        let s = &out.surgeons[0];
        assert_eq!((s.avg_utilization_pct, s.avg_remaining_minutes, s.median_turnover_minutes), (63.0, 120.0, 25.0));
        assert_eq!((s.cases_outside_block, s.avg_cases_per_block_day), (0, 3.0));
        assert_eq!((out.summary.avg_util, out.summary.unused_block_cost), (63.0, None));
        assert_eq!(out.weekly.len(), 1);
        assert_eq!(
            (out.weekly[0].week_start, out.weekly[0].block_hours, out.weekly[0].used_hours),
            (day(10), 8.0, 5.0)
        );
    }

    #[test]
    fn cases_attach_to_the_block_of_their_room_then_the_largest_overlap() {
        let d = day(11);
        let occurrences = vec![
            occ("B1", "S", Some("OR1"), d, "07:00", "12:00"),
            occ("B2", "S", Some("OR2"), d, "12:00", "17:00"),
            occ("B3", "S", None, d, "07:00", "12:00"),
        ];
        let cases = vec![
            // OR2's block although it lies in B1's window.
            case("a", d, "S", "OR2", "08:00:00", "09:00:00").build(),
            // No block in OR3: the largest overlap (B2), not the earliest start.
            case("b", d, "S", "OR3", "11:30:00", "14:00:00").build(),
            // Another surgeon, and a cancelled / not completed case never count.
            case("c", d, "T", "OR1", "08:00:00", "09:00:00").build(),
            case("d", d, "S", "OR1", "09:00:00", "10:00:00").status("in_progress").build(),
        ];
        let out = run(&cases, &BlockInputs { occurrences: &occurrences, ..Default::default() }, KpiFilter::default());
        let ids: Vec<(&str, Vec<String>)> =
            out.block_days.iter().map(|d| (d.block_id.as_str(), d.case_ids.clone())).collect();
        assert_eq!(ids, [("B1", vec![]), ("B3", vec![]), ("B2", vec!["a".to_string(), "b".to_string()])]);
        // B2: cases from 08:00 to 14:00 → remaining 3 h, no overrun; B1 and B3 are entirely remaining.
        let b2 = &out.block_days[2];
        assert_eq!((b2.used_minutes, b2.remaining_minutes, b2.overrun_minutes), (210.0, 180.0, 0.0));
        assert_eq!(out.summary.remaining_minutes, 300.0 + 300.0 + 180.0);
        assert_eq!(out.surgeons.len(), 1, "T has no block day");
    }

    #[test]
    fn remaining_never_exceeds_the_duration_and_overrun_counts_past_the_end() {
        let d = day(12);
        let occurrences = vec![occ("B1", "S", Some("OR1"), d, "10:00", "12:00")];
        let early = vec![case("a", d, "S", "OR1", "07:00:00", "08:00:00").build()];
        let out = run(&early, &BlockInputs { occurrences: &occurrences, ..Default::default() }, KpiFilter::default());
        assert_eq!((out.block_days[0].remaining_minutes, out.block_days[0].case_count), (120.0, 1));
        let late = vec![case("a", d, "S", "OR1", "10:30:00", "12:45:00").build()];
        let blocks = BlockInputs { occurrences: &occurrences, or_hourly_rate: Some(60_000), ..Default::default() };
        let out = run(&late, &blocks, KpiFilter::default());
        let b = &out.block_days[0];
        assert_eq!((b.remaining_minutes, b.overrun_minutes, b.utilization_pct), (0.0, 45.0, 113.0));
        assert_eq!((out.summary.overrun_day_count, out.summary.unused_block_cost), (1, Some(0)));
    }

    #[test]
    fn dst_day_windows_use_real_minutes_d_k12() {
        // 2025-03-09 in New York: 02:00 → 03:00, so 01:00–05:00 lasts 180 real minutes (240 wall-clock).
        let d = day(9);
        let occurrences = vec![occ("B1", "S", Some("OR1"), d, "01:00", "05:00")];
        let cases = vec![case("a", d, "S", "OR1", "01:00:00", "04:00:00").build()];
        let room_days = vec![open("OR1", d, "01:00", "05:00")];
        let blocks = BlockInputs { occurrences: &occurrences, room_days: &room_days, ..Default::default() };
        let settings = KpiSettings::default();
        let out = block_utilization(&input(&cases, &settings, period(9, 9)), &blocks);
        let b = &out.block_days[0];
        assert_eq!(
            (b.duration_minutes, b.used_minutes, b.remaining_minutes, b.utilization_pct),
            (180.0, 120.0, 60.0, 67.0)
        );
        let r = &out.rooms[0];
        assert_eq!((r.available_minutes, r.avg_utilization_pct, r.block_allocation_pct), (180.0, 67.0, 100.0));
    }

    #[test]
    fn filters_select_block_days_by_surgeon_and_room_and_cases_by_themselves() {
        let d = day(10);
        let occurrences =
            vec![occ("B1", "S", Some("OR1"), d, "07:00", "15:00"), occ("B2", "T", Some("OR2"), d, "07:00", "15:00")];
        let cases = vec![
            case("a", d, "S", "OR1", "07:00:00", "08:00:00").build(),
            case("b", day(13), "S", "OR1", "07:00:00", "08:00:00").build(),
            case("c", d, "T", "OR2", "07:00:00", "09:00:00").build(),
        ];
        let blocks = BlockInputs { occurrences: &occurrences, ..Default::default() };
        let all = run(&cases, &blocks, KpiFilter::default());
        assert_eq!(all.summary.block_day_count, 2);
        let s = all.surgeons.iter().find(|s| s.surgeon_id == "S").unwrap();
        assert_eq!((s.cases_outside_block, s.outside_block_dates.clone()), (1, vec![day(13)]));
        assert_eq!(all.surgeons[0].surgeon_id, "S", "lower utilization first (13 % < 25 %)");
        let only_t = KpiFilter { surgeon_ids: Some(vec!["T".into()]), ..Default::default() };
        let out = run(&cases, &blocks, only_t);
        assert_eq!((out.summary.block_day_count, out.summary.used_minutes), (1, 120.0));
        let or1 = KpiFilter { room_ids: Some(vec!["OR1".into()]), ..Default::default() };
        let out = run(&cases, &blocks, or1);
        assert_eq!(out.block_days.iter().map(|d| d.block_id.as_str()).collect::<Vec<_>>(), ["B1"]);
    }

    #[test]
    fn what_fits_uses_the_median_turnover_and_average_remaining_time() {
        let occurrences: Vec<BlockOccurrence> =
            [10, 11].iter().map(|&n| occ(&format!("B{n}"), "S", Some("OR1"), day(n), "07:00", "15:00")).collect();
        let mut cases = Vec::new();
        for n in [10, 11] {
            let d = day(n);
            cases.push(case(&format!("k{n}"), d, "S", "OR1", "07:00:00", "09:00:00").procedure("knee").build());
            cases.push(
                case(&format!("h{n}"), d, "S", "OR1", "09:20:00", "12:00:00")
                    .procedure("hip")
                    .at("incision", "09:40:00")
                    .at("closing", "11:40:00")
                    .build(),
            );
        }
        let reimbursements = vec![("knee".to_string(), 900_000)];
        let names = vec![SurgeonRef { surgeon_id: "S".into(), surgeon_name: "Dr. Smith".into() }];
        let rooms = vec![room("OR1", 10.0)];
        let blocks = BlockInputs {
            occurrences: &occurrences,
            default_reimbursements: &reimbursements,
            surgeon_names: &names,
            rooms: &rooms,
            or_hourly_rate: Some(120_000),
            ..Default::default()
        };
        let out = run(&cases, &blocks, KpiFilter::default());
        let s = &out.surgeons[0];
        assert_eq!(s.surgeon_name.as_deref(), Some("Dr. Smith"));
        // Remaining 12:00 → 15:00 each day; gaps of 20 minutes.
        assert_eq!((s.avg_remaining_minutes, s.median_turnover_minutes, s.avg_utilization_pct), (180.0, 20.0, 58.0));
        let rows: Vec<(&str, f64, bool, Option<i64>)> = s
            .what_fits
            .iter()
            .map(|w| (w.procedure_type_id.as_str(), w.total_needed_minutes, w.fits, w.estimated_revenue))
            .collect();
        assert_eq!(rows, [("knee", 140.0, true, Some(900_000)), ("hip", 180.0, true, None)]);
        assert_eq!(s.what_fits[1].median_surgical_minutes, 120.0);
        // 360 remaining minutes at 1 200.00 / h.
        assert_eq!(out.summary.unused_block_cost, Some(720_000));
    }

    #[test]
    fn room_utilization_is_keyed_by_scheduled_date_with_block_allocation() {
        let d = day(10);
        let occurrences = vec![occ("B1", "S", Some("OR1"), d, "07:00", "11:00")];
        let cases = vec![
            case("a", d, "S", "OR1", "07:00:00", "09:00:00").build(),
            case("b", d, "T", "OR2", "08:00:00", "14:00:00").build(),
        ];
        let room_days = vec![
            open("OR1", d, "07:00", "15:00"),
            open("OR1", day(11), "07:00", "15:00"),
            open("OR2", d, "07:00", "15:00"),
            RoomAvailability {
                or_room_id: "OR3".into(),
                date: d,
                open_time: None,
                close_time: None,
                available_minutes: 0,
            },
        ];
        let rooms = vec![room("OR1", 8.0), room("OR2", 8.0)];
        let blocks =
            BlockInputs { occurrences: &occurrences, room_days: &room_days, rooms: &rooms, ..Default::default() };
        let out = run(&cases, &blocks, KpiFilter::default());
        let ids: Vec<&str> = out.rooms.iter().map(|r| r.room_id.as_str()).collect();
        assert_eq!(ids, ["OR1", "OR2"], "OR3 has no open day; ascending utilization (13 % < 75 %)");
        let or1 = &out.rooms[0];
        assert_eq!((or1.available_minutes, or1.used_minutes, or1.avg_utilization_pct), (960.0, 120.0, 13.0));
        assert_eq!(
            (or1.days_active, or1.open_days, or1.block_allocation_pct, or1.unblocked_minutes),
            (1, 2, 25.0, 720.0)
        );
        assert_eq!(
            (or1.days[0].utilization_pct, or1.days[0].idle_minutes, or1.days[0].block_allocated_minutes),
            (25.0, 360.0, 240.0)
        );
        assert_eq!(out.rooms[1].avg_utilization_pct, 75.0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Every qualifying case lands in at most one block day; a block day's remaining time lies in
        /// [0, duration]; used minutes split exactly between block days and cases outside blocks.
        #[test]
        fn attachment_partitions_the_cases(spans in proptest::collection::vec((0u32..3, 0i64..600, 1i64..240, 0u32..2), 0..12)) {
            let surgeons = ["S", "T", "U"];
            let occurrences = vec![
                occ("B1", "S", Some("OR1"), day(10), "07:00", "12:00"),
                occ("B2", "S", Some("OR2"), day(10), "10:00", "16:00"),
                occ("B3", "T", None, day(10), "08:00", "09:00"),
            ];
            let base = local(day(10), "06:00:00");
            let cases: Vec<KpiCase> = spans
                .iter()
                .enumerate()
                .map(|(i, &(s, start, len, r))| {
                    let mut c = CaseBuilder::new(&format!("c{i:02}"), day(10))
                        .status("completed")
                        .surgeon(surgeons[s as usize])
                        .room(["OR1", "OR2"][r as usize])
                        .build();
                    c.patient_in = Some(base + start * 60_000);
                    c.patient_out = Some(base + (start + len) * 60_000);
                    c
                })
                .collect();
            let out = run(&cases, &BlockInputs { occurrences: &occurrences, ..Default::default() }, KpiFilter::default());
            let mut seen = BTreeSet::new();
            for d in &out.block_days {
                prop_assert!(d.remaining_minutes >= 0.0 && d.remaining_minutes <= d.duration_minutes);
                for id in &d.case_ids {
                    prop_assert!(seen.insert(id.clone()));
                }
            }
            let inside: f64 = out.block_days.iter().map(|d| d.used_minutes).sum();
            let outside: usize = out.surgeons.iter().map(|s| s.cases_outside_block as usize).sum();
            let of_block_surgeons = cases.iter().filter(|c| c.surgeon_id.as_deref() != Some("U")).count();
            prop_assert_eq!(seen.len() + outside, of_block_surgeons);
            let total: f64 = cases
                .iter()
                .filter(|c| seen.contains(&c.id))
                .map(|c| minutes(c.patient_in.unwrap(), c.patient_out.unwrap()))
                .sum();
            prop_assert!((inside - total).abs() < 1e-9);
        }
    }
}
