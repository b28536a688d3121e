//! Block occurrences with the day's closure state applied (scheduling-patientflow.md §2.3) and the available
//! room and block time of a date (§4). Combines [`rules`](crate::scheduling::rules) (recurrence, room hours)
//! with [`holidays`](crate::scheduling::holidays) (day status). No `Connection`.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::scheduling::model::{
    AvailableTime, BlockOccurrence, BlockSchedule, Calendar, DateRange, DayStatus, FacilitySchedule, Room,
    RoomAvailability, RoomHours, RoomSchedule, RoomTime, SurgeonBlockTime,
};
use crate::scheduling::rules::{expand_block, resolve_hours, wall_minutes};

// ─── Block occurrences (§2.3) ────────────────────────────────────────────────────────────────────────────────

/// The §2.3 row of `block` on `status.date` (a date it occurs on, see [`occurs_on`](super::occurs_on)):
/// - closed day → unavailable, duration 0;
/// - partial holiday closing at C: `start_time ≥ C` → unavailable, duration 0; else `effective_end_time =
///   min(end_time, C)` and the duration is the wall-clock minutes start → effective end;
/// - otherwise `effective_end_time = end_time`, duration = end − start, available.
pub fn block_occurrence(block: &BlockSchedule, status: &DayStatus) -> BlockOccurrence {
    let effective_end_time = if status.is_closed {
        None
    } else {
        match status.partial_close_time.filter(|_| status.is_partial_holiday) {
            Some(close) if block.start_time >= close => None,
            Some(close) => Some(block.end_time.min(close)),
            None => Some(block.end_time),
        }
    };
    let duration_minutes = effective_end_time.map_or(0, |end| wall_minutes(block.start_time, end).max(0));
    BlockOccurrence {
        block_id: block.id.clone(),
        surgeon_id: block.surgeon_id.clone(),
        or_room_id: block.or_room_id.clone(),
        date: status.date,
        start_time: block.start_time,
        end_time: block.end_time,
        effective_end_time: effective_end_time.filter(|_| duration_minutes > 0),
        duration_minutes,
        is_closed: status.is_closed,
        closure_reason: status.closure_reason.clone(),
        holiday_name: status.holiday_name.clone(),
        is_partial_holiday: status.is_partial_holiday,
        partial_close_time: status.partial_close_time,
        is_available: duration_minutes > 0,
    }
}

/// Occurrences of `blocks` in `range` with the day status from `status_of`, ordered by date, start_time, then
/// input order (a stable sort over blocks pushed in input order).
fn occurrences_with(
    blocks: &[BlockSchedule],
    range: DateRange,
    mut status_of: impl FnMut(NaiveDate) -> DayStatus,
) -> Vec<BlockOccurrence> {
    let mut dated: Vec<(NaiveDate, &BlockSchedule)> =
        blocks.iter().flat_map(|b| expand_block(b, range).into_iter().map(move |d| (d, b))).collect();
    dated.sort_by_key(|(d, b)| (*d, b.start_time));
    let mut out = Vec::with_capacity(dated.len());
    let mut current: Option<DayStatus> = None;
    for (d, b) in dated {
        let status = match current.take() {
            Some(s) if s.date == d => s,
            _ => status_of(d),
        };
        out.push(block_occurrence(b, &status));
        current = Some(status);
    }
    out
}

/// `block_occurrences(start, end)` (§2.3) over the given blocks: every occurrence in `range` (dates from
/// [`expand_block`], identical to evaluating [`occurs_on`](super::occurs_on) day by day) with the calendar's
/// closure state applied by [`block_occurrence`]; ordered by date, start_time, then the blocks' input order
/// (pass blocks sorted by surgeon last name, first name, block id for the spec's order). The surgeon and room
/// filters of §2.3 select which blocks are passed.
pub fn expand_blocks(blocks: &[BlockSchedule], calendar: Calendar<'_>, range: DateRange) -> Vec<BlockOccurrence> {
    occurrences_with(blocks, range, |d| calendar.day_status(d))
}

// ─── Room availability (§4.1) ────────────────────────────────────────────────────────────────────────────────

/// §4.1 from the resolved hours.
fn availability_from(room: &Room, hours: &RoomHours, status: &DayStatus) -> RoomAvailability {
    if !room.is_available() || status.is_closed || hours.is_closed {
        return RoomAvailability {
            or_room_id: room.id.clone(),
            date: status.date,
            open_time: None,
            close_time: None,
            available_minutes: 0,
        };
    }
    let close = match status.partial_close_time.filter(|_| status.is_partial_holiday) {
        Some(c) => hours.close_time.min(c),
        None => hours.close_time,
    };
    RoomAvailability {
        or_room_id: room.id.clone(),
        date: status.date,
        open_time: Some(hours.open_time),
        close_time: Some(close),
        available_minutes: wall_minutes(hours.open_time, close).max(0),
    }
}

/// `room_availability(room, d)` (§4.1) for `status.date`: 0 minutes when the room is inactive or deleted, the
/// day is closed, or the resolved weekly schedule (§1.2, default week if none; rows of other rooms in
/// `schedules` are ignored) is closed; with a partial holiday closing at C, close = min(schedule close, C);
/// `available = max(0, close − open)` wall-clock minutes (D-S5).
pub fn room_availability(room: &Room, schedules: &[RoomSchedule], status: &DayStatus) -> RoomAvailability {
    let hours = resolve_hours(schedules.iter().filter(|s| s.or_room_id == room.id), status.date);
    availability_from(room, &hours, status)
}

// ─── Available time (§4.2–4.4) ───────────────────────────────────────────────────────────────────────────────

/// One date's [`AvailableTime`] from its status, its occurrences and the rooms' schedule rows.
fn day_time(
    facility: &FacilitySchedule<'_>,
    schedules_by_room: &HashMap<&str, Vec<&RoomSchedule>>,
    status: DayStatus,
    occurrences: &[BlockOccurrence],
) -> AvailableTime {
    let mut by_room: HashMap<&str, i64> = HashMap::new();
    let mut by_surgeon: BTreeMap<&str, i64> = BTreeMap::new();
    let mut block_minutes = 0;
    for o in occurrences {
        let minutes = if o.is_available { o.duration_minutes } else { 0 };
        *by_surgeon.entry(o.surgeon_id.as_str()).or_default() += minutes;
        if let Some(room) = &o.or_room_id {
            *by_room.entry(room.as_str()).or_default() += minutes;
        }
        block_minutes += minutes;
    }
    let rooms: Vec<RoomTime> = facility
        .rooms
        .iter()
        .map(|room| {
            let rows = schedules_by_room.get(room.id.as_str()).into_iter().flatten().copied();
            let a = availability_from(room, &resolve_hours(rows, status.date), &status);
            let blocked = by_room.get(room.id.as_str()).copied().unwrap_or(0);
            RoomTime {
                or_room_id: a.or_room_id,
                open_time: a.open_time,
                close_time: a.close_time,
                available_minutes: a.available_minutes,
                block_minutes: blocked,
                unblocked_minutes: (a.available_minutes - blocked).max(0),
            }
        })
        .collect();
    AvailableTime {
        date: status.date,
        room_minutes: rooms.iter().map(|r| r.available_minutes).sum(),
        block_minutes,
        unblocked_minutes: rooms.iter().map(|r| r.unblocked_minutes).sum(),
        rooms,
        surgeons: by_surgeon
            .into_iter()
            .map(|(id, minutes)| SurgeonBlockTime { surgeon_id: id.to_string(), block_minutes: minutes })
            .collect(),
        day_status: status,
    }
}

/// `available_time(facility, start, end)` (§4.4): for every date of `range`, ascending, the day status, each
/// room's availability with its block and unblocked minutes, and each surgeon's block minutes. Block time
/// counts available block days only (§2.3); a block's minutes go to its room's line when that room is listed
/// in `facility.rooms`, and always to its surgeon and to the day's total.
pub fn available_time(facility: &FacilitySchedule<'_>, range: DateRange) -> Vec<AvailableTime> {
    let mut schedules_by_room: HashMap<&str, Vec<&RoomSchedule>> = HashMap::new();
    for row in facility.room_schedules {
        schedules_by_room.entry(row.or_room_id.as_str()).or_default().push(row);
    }
    let statuses: Vec<DayStatus> = range.days().map(|d| facility.calendar.day_status(d)).collect();
    let status_at = |d: NaiveDate| statuses[(d - range.start).num_days() as usize].clone();
    let occurrences = occurrences_with(facility.blocks, range, status_at);
    let mut rest = occurrences.as_slice();
    statuses
        .iter()
        .map(|status| {
            let n = rest.iter().take_while(|o| o.date == status.date).count();
            let (today, later) = rest.split_at(n);
            rest = later;
            day_time(facility, &schedules_by_room, status.clone(), today)
        })
        .collect()
}

/// [`available_time`] of the single date `d`.
pub fn available_time_on(facility: &FacilitySchedule<'_>, d: NaiveDate) -> AvailableTime {
    available_time(facility, DateRange::day(d)).into_iter().next().expect("a one-day range has one day")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduling::fixtures::*;
    use crate::scheduling::model::{Closure, Holiday, Recurrence, Window, add_days};
    use crate::scheduling::occurs_on;
    use chrono_tz::Tz;
    use proptest::prelude::*;

    const NY: Tz = chrono_tz::America::New_York;

    fn partial_day() -> (Vec<Holiday>, NaiveDate) {
        // A partial holiday closing at 12:00 on Wednesday 2025-12-24.
        (vec![partial(fixed_holiday("Christmas Eve", 12, 24), "12:00")], d("2025-12-24"))
    }

    #[test]
    fn worked_example_2_partial_holiday_truncates_blocks_and_rooms() {
        let (holidays, day) = partial_day();
        let calendar = Calendar { closures: &[], holidays: &holidays };
        let status = calendar.day_status(day);
        let morning = timed(block("morning", 3, Recurrence::Weekly, "2025-01-01"), "07:00", "15:00");
        let afternoon = timed(block("afternoon", 3, Recurrence::Weekly, "2025-01-01"), "13:00", "17:00");

        let o = block_occurrence(&morning, &status);
        assert_eq!((o.effective_end_time, o.duration_minutes, o.is_available), (Some(t("12:00")), 300, true));
        assert!(o.is_partial_holiday && !o.is_closed);
        assert_eq!((o.holiday_name.as_deref(), o.partial_close_time), (Some("Christmas Eve"), Some(t("12:00"))));
        let o = block_occurrence(&afternoon, &status);
        assert_eq!((o.effective_end_time, o.duration_minutes, o.is_available), (None, 0, false));

        let room = room("or1");
        let a = room_availability(&room, &[], &status);
        assert_eq!((a.open_time, a.close_time, a.available_minutes), (Some(t("07:00")), Some(t("12:00")), 300));

        // The same through available_time.
        let blocks = [in_room(morning, "or1"), in_room(afternoon, "or1")];
        let rooms = [room];
        let facility = FacilitySchedule { calendar, rooms: &rooms, room_schedules: &[], blocks: &blocks };
        let at = available_time_on(&facility, day);
        assert_eq!((at.room_minutes, at.block_minutes, at.unblocked_minutes), (300, 300, 0));
        let surgeons: Vec<(&str, i64)> = at.surgeons.iter().map(|s| (s.surgeon_id.as_str(), s.block_minutes)).collect();
        assert_eq!(surgeons, [("s-afternoon", 0), ("s-morning", 300)], "by surgeon id; unavailable blocks count 0");
    }

    #[test]
    fn partial_close_at_the_block_start_is_unavailable_and_an_early_close_keeps_the_end() {
        let (holidays, day) = partial_day();
        let status = day_status_of(&[], &holidays, day);
        let at_noon = timed(block("b", 3, Recurrence::Weekly, "2025-01-01"), "12:00", "14:00");
        assert!(!block_occurrence(&at_noon, &status).is_available, "start_time ≥ C");
        let short = timed(block("b", 3, Recurrence::Weekly, "2025-01-01"), "08:00", "10:00");
        let o = block_occurrence(&short, &status);
        assert_eq!((o.effective_end_time, o.duration_minutes), (Some(t("10:00")), 120), "min(end, C) = end");
        // A partial holiday closing before the room opens leaves the room 0 minutes.
        let dawn = [partial(fixed_holiday("Dawn", 12, 24), "06:00")];
        let a = room_availability(&room("r"), &[], &day_status_of(&[], &dawn, day));
        assert_eq!((a.close_time, a.available_minutes), (Some(t("06:00")), 0));
        assert!(a.window(NY).is_none());
    }

    #[test]
    fn closed_days_zero_rooms_and_blocks() {
        let closures = [closure("2025-03-10", Some("Power outage"))];
        let calendar = Calendar { closures: &closures, holidays: &[] };
        let blocks = [in_room(block("b", 1, Recurrence::Weekly, "2025-01-01"), "or1")];
        let range = DateRange::new(d("2025-03-03"), d("2025-03-17")).unwrap();
        let occ = expand_blocks(&blocks, calendar, range);
        assert_eq!(
            occ.iter().map(|o| (o.date, o.is_available, o.duration_minutes)).collect::<Vec<_>>(),
            [(d("2025-03-03"), true, 600), (d("2025-03-10"), false, 0), (d("2025-03-17"), true, 600)]
        );
        assert_eq!(
            (occ[1].is_closed, occ[1].closure_reason.as_deref(), occ[1].effective_end_time),
            (true, Some("Power outage"), None)
        );
        let rooms = [room("or1")];
        let facility = FacilitySchedule { calendar, rooms: &rooms, room_schedules: &[], blocks: &blocks };
        let days = available_time(&facility, range);
        assert_eq!(days.len(), 15);
        let closed = &days[7];
        assert_eq!(closed.date, d("2025-03-10"));
        assert!(closed.day_status.is_closed);
        assert_eq!((closed.room_minutes, closed.block_minutes, closed.unblocked_minutes), (0, 0, 0));
        assert_eq!(closed.rooms[0].open_time, None);
        assert_eq!(closed.surgeons, [SurgeonBlockTime { surgeon_id: "s-b".into(), block_minutes: 0 }]);
        assert_eq!((days[0].room_minutes, days[0].block_minutes, days[0].unblocked_minutes), (600, 600, 0));
        // Weekend: default week closed.
        assert_eq!(days[5].room_minutes, 0);
        assert!(days[5].surgeons.is_empty());
    }

    #[test]
    fn worked_example_3_room_schedule_minutes() {
        let rows = [
            room_row("v1", "or1", 1, ("07:00", "17:00"), "2025-01-01", 1),
            room_row("v2", "or1", 1, ("07:30", "15:30"), "2025-04-01", 2),
        ];
        let r = room("or1");
        let minutes = |day: &str| room_availability(&r, &rows, &day_status_of(&[], &[], d(day))).available_minutes;
        assert_eq!(minutes("2025-03-31"), 600);
        assert_eq!(minutes("2025-04-07"), 480);
    }

    #[test]
    fn inactive_and_deleted_rooms_have_no_time_and_closed_weekdays_neither() {
        let status = day_status_of(&[], &[], d("2025-03-03"));
        let mut inactive = room("r");
        inactive.is_active = false;
        assert_eq!(room_availability(&inactive, &[], &status).available_minutes, 0);
        let mut deleted = room("r");
        deleted.deleted_at = Some(5);
        assert_eq!(room_availability(&deleted, &[], &status).available_minutes, 0);
        let mut closed = room_row("c", "r", 1, ("07:00", "17:00"), "2025-01-01", 1);
        closed.is_closed = true;
        let a = room_availability(&room("r"), &[closed], &status);
        assert_eq!((a.open_time, a.available_minutes), (None, 0));
    }

    #[test]
    fn per_room_and_per_surgeon_block_time() {
        // Monday 2025-03-03: or1 07:00–17:00 (600); or2 open 08:00–12:00 (240).
        let rows = [room_row("x", "or2", 1, ("08:00", "12:00"), "2025-01-01", 1)];
        let blocks = [
            in_room(timed(block("a1", 1, Recurrence::Weekly, "2025-01-01"), "07:00", "11:00"), "or1"),
            in_room(timed(block("b1", 1, Recurrence::Weekly, "2025-01-01"), "11:00", "13:00"), "or1"),
            in_room(timed(block("b2", 1, Recurrence::Weekly, "2025-01-01"), "07:00", "13:00"), "or2"),
            timed(block("c1", 1, Recurrence::Weekly, "2025-01-01"), "09:00", "10:30"),
            in_room(timed(block("d1", 1, Recurrence::Weekly, "2025-01-01"), "07:00", "08:00"), "gone"),
        ];
        let mut blocks = blocks.to_vec();
        blocks[2].surgeon_id = "s-b1".into();
        let rooms = [room("or1"), room("or2")];
        let facility =
            FacilitySchedule { calendar: Calendar::default(), rooms: &rooms, room_schedules: &rows, blocks: &blocks };
        let at = available_time_on(&facility, d("2025-03-03"));
        let line = |r: &RoomTime| (r.or_room_id.clone(), r.available_minutes, r.block_minutes, r.unblocked_minutes);
        assert_eq!(
            at.rooms.iter().map(line).collect::<Vec<_>>(),
            [("or1".to_string(), 600, 360, 240), ("or2".to_string(), 240, 360, 0)]
        );
        assert_eq!((at.room_minutes, at.unblocked_minutes), (840, 240));
        assert_eq!(at.block_minutes, 240 + 120 + 360 + 90 + 60, "blocks without a (listed) room count too");
        let surgeons: Vec<(&str, i64)> = at.surgeons.iter().map(|s| (s.surgeon_id.as_str(), s.block_minutes)).collect();
        assert_eq!(surgeons, [("s-a1", 240), ("s-b1", 480), ("s-c1", 90), ("s-d1", 60)]);
    }

    #[test]
    fn occurrences_order_by_date_start_then_input_order() {
        let blocks = [
            timed(block("late", 1, Recurrence::Weekly, "2025-01-01"), "12:00", "13:00"),
            timed(block("z", 1, Recurrence::Weekly, "2025-01-01"), "07:00", "08:00"),
            timed(block("a", 1, Recurrence::Weekly, "2025-01-01"), "07:00", "09:00"),
            timed(block("tue", 2, Recurrence::Weekly, "2025-01-01"), "06:00", "07:00"),
        ];
        let range = DateRange::new(d("2025-03-03"), d("2025-03-04")).unwrap();
        let occ = expand_blocks(&blocks, Calendar::default(), range);
        let ids: Vec<&str> = occ.iter().map(|o| o.block_id.as_str()).collect();
        assert_eq!(ids, ["z", "a", "late", "tue"]);
    }

    #[test]
    fn dst_days_keep_wall_clock_minutes_and_windows_give_real_minutes() {
        // D-S5. Sunday 2025-03-09 (spring forward at 02:00 in New York): a 01:00–05:00 block is 240 wall-clock
        // minutes but 180 real ones; Sunday 2025-11-02 (fall back): 300 real minutes.
        let spring = day_status_of(&[], &[], d("2025-03-09"));
        let night = timed(block("n", 0, Recurrence::Weekly, "2025-01-01"), "01:00", "05:00");
        let o = block_occurrence(&night, &spring);
        assert_eq!(o.duration_minutes, 240);
        assert_eq!(o.window(NY).unwrap().real_minutes(), 180.0);
        let fall = block_occurrence(&night, &day_status_of(&[], &[], d("2025-11-02")));
        assert_eq!((fall.duration_minutes, fall.window(NY).unwrap().real_minutes()), (240, 300.0));
        // A room open 00:00–12:00 on the spring-forward Sunday: 720 wall-clock minutes, 660 real.
        let rows = [room_row("s", "r", 0, ("00:00", "12:00"), "2025-01-01", 1)];
        let a = room_availability(&room("r"), &rows, &spring);
        assert_eq!((a.available_minutes, a.window(NY).unwrap().real_minutes()), (720, 660.0));
        // An ordinary window is the same either way.
        let w = Window::local(d("2025-03-10"), t("07:00"), t("17:00"), NY);
        assert_eq!(w.real_minutes(), 600.0);
        assert!(
            block_occurrence(&night, &day_status_of(&[closure("2025-03-09", None)], &[], d("2025-03-09")))
                .window(NY)
                .is_none()
        );
    }

    // ─── Properties ───────────────────────────────────────────────────────────────────────────────────────

    fn arb_blocks() -> impl Strategy<Value = Vec<BlockSchedule>> {
        let one = (
            0u8..7,
            prop::sample::select(Recurrence::ALL.to_vec()),
            0i64..400,
            (6u32..18, 1u32..10),
            prop::option::of(0usize..3),
            0usize..3,
        )
            .prop_map(|(day, recurrence, start, (hour, len), room_ix, surgeon)| {
                let mut b = block("b", day, recurrence, "2025-01-01");
                b.effective_start = add_days(d("2024-10-01"), start).unwrap();
                b.start_time = hm(hour, 0);
                b.end_time = hm((hour + len).min(23), 30);
                b.or_room_id = room_ix.map(|i| format!("or{i}"));
                b.surgeon_id = format!("s{surgeon}");
                b
            });
        prop::collection::vec(one, 0..6).prop_map(|mut v| {
            for (i, b) in v.iter_mut().enumerate() {
                b.id = format!("b{i}");
            }
            v
        })
    }

    fn arb_calendar() -> impl Strategy<Value = (Vec<Closure>, Vec<Holiday>)> {
        let closures = prop::collection::vec(0i64..365, 0..8).prop_map(|days| {
            let mut days = days;
            days.sort();
            days.dedup();
            days.into_iter().map(|n| closure(&add_days(d("2025-01-01"), n).unwrap().to_string(), None)).collect()
        });
        let holiday = (1u8..13, 1u8..29, prop::option::of((1u8..6, 0u8..7)), prop::option::of(5u32..20));
        let holidays = prop::collection::vec(holiday, 0..5).prop_map(|hs| {
            hs.into_iter()
                .enumerate()
                .map(|(i, (month, day, weekday, close))| {
                    let mut h = fixed_holiday(&format!("h{i}"), month, day);
                    if let Some((w, dow)) = weekday {
                        h.day = None;
                        h.week_of_month = Some(w);
                        h.day_of_week = Some(dow);
                    }
                    if let Some(c) = close {
                        h = partial(h, &format!("{c:02}:00"));
                    }
                    h
                })
                .collect()
        });
        (closures, holidays)
    }

    fn year_2025() -> DateRange {
        DateRange::new(d("2025-01-01"), d("2025-12-31")).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// expand_blocks over a year = the occurrence of every block on every day where occurs_on holds.
        #[test]
        fn expand_blocks_equals_day_by_day(blocks in arb_blocks(), (closures, holidays) in arb_calendar()) {
            let calendar = Calendar { closures: &closures, holidays: &holidays };
            let mut per_day = Vec::new();
            for day in year_2025().days() {
                let status = calendar.day_status(day);
                let mut today: Vec<BlockOccurrence> =
                    blocks.iter().filter(|b| occurs_on(b, day)).map(|b| block_occurrence(b, &status)).collect();
                today.sort_by_key(|o| o.start_time);
                per_day.extend(today);
            }
            prop_assert_eq!(expand_blocks(&blocks, calendar, year_2025()), per_day);
        }

        /// Closures and holidays only ever reduce available time.
        #[test]
        fn closures_and_holidays_only_reduce_time(blocks in arb_blocks(), (closures, holidays) in arb_calendar()) {
            let rooms = [room("or0"), room("or1")];
            let rows = [room_row("w", "or1", 6, ("08:00", "12:00"), "2025-01-01", 1)];
            let open = FacilitySchedule { calendar: Calendar::default(), rooms: &rooms, room_schedules: &rows, blocks: &blocks };
            let calendar = Calendar { closures: &closures, holidays: &holidays };
            let shut = FacilitySchedule { calendar, ..open };
            for (a, b) in available_time(&open, year_2025()).iter().zip(available_time(&shut, year_2025()).iter()) {
                prop_assert_eq!(a.date, b.date);
                prop_assert!(b.room_minutes <= a.room_minutes && b.block_minutes <= a.block_minutes);
                for (ra, rb) in a.rooms.iter().zip(&b.rooms) {
                    prop_assert!(rb.available_minutes <= ra.available_minutes && rb.block_minutes <= ra.block_minutes);
                }
                for sb in &b.surgeons {
                    let sa = a.surgeons.iter().find(|s| s.surgeon_id == sb.surgeon_id).unwrap();
                    prop_assert!(sb.block_minutes <= sa.block_minutes);
                }
                if b.day_status.is_closed {
                    prop_assert_eq!((b.room_minutes, b.block_minutes), (0, 0));
                }
                prop_assert!(b.unblocked_minutes <= b.room_minutes);
            }
        }
    }
}
