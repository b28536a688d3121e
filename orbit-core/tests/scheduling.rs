//! Scheduling through the public API (scheduling-patientflow.md §1–§4, §12): blocks, closures and holidays
//! written with the generic reference calls (validated by the scheduling engine), and the read calls
//! `day_status`, `block_occurrences`, `available_time`.

mod common;

use common::w::{W, obj};
use orbit_core::ErrorKind;
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::scheduling::store::RoomDayInput;
use serde_json::{Value, json};

fn rows(w: &W) -> i64 {
    w.fx.count(
        "SELECT (SELECT count(*) FROM block_schedules) + (SELECT count(*) FROM facility_holidays) \
         + (SELECT count(*) FROM facility_closures) + (SELECT count(*) FROM audit_log)",
    )
}

fn block(w: &W, fields: Value) -> String {
    let mut input = obj(json!({"surgeon_id": w.surgeon, "day_of_week": 1, "start_time": "07:00",
                               "end_time": "15:00", "effective_start": "2025-01-01"}));
    input.extend(obj(fields));
    w.admin.create(RefTable::BlockSchedules, &input).unwrap()["id"].as_str().unwrap().to_string()
}

fn refused(w: &W, table: RefTable, input: Value, param: &str) {
    let before = rows(w);
    let err = w.admin.create(table, &obj(input)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{param}: {err}");
    assert!(err.to_string().contains(param), "{param}: {err}");
    assert_eq!(rows(w), before, "{param}: nothing written");
}

#[test]
fn impossible_scheduling_rows_are_refused_with_coded_errors_and_nothing_is_written() {
    let w = W::new("2025-02-10T15:00:00Z");
    let s = w.surgeon.clone();
    let b = |extra: Value| {
        let mut v = obj(json!({"surgeon_id": s, "day_of_week": 1, "start_time": "07:00", "end_time": "15:00",
                               "effective_start": "2025-01-01"}));
        v.extend(obj(extra));
        Value::Object(v)
    };
    refused(&w, RefTable::BlockSchedules, b(json!({"recurrence_type": "sixth_only"})), "recurrence_type");
    refused(&w, RefTable::BlockSchedules, b(json!({"end_time": "07:00"})), "end_time");
    refused(&w, RefTable::BlockSchedules, b(json!({"start_time": "07:00:30"})), "start_time");
    refused(&w, RefTable::BlockSchedules, b(json!({"day_of_week": 7})), "day_of_week");
    refused(&w, RefTable::BlockSchedules, b(json!({"effective_end": "2024-12-31"})), "effective_end");
    refused(&w, RefTable::BlockSchedules, b(json!({"exception_dates": ["2025-02-30"]})), "exception_dates");
    let h = |extra: Value| {
        let mut v = obj(json!({"name": "Thanksgiving", "month": 11}));
        v.extend(obj(extra));
        Value::Object(v)
    };
    refused(&w, RefTable::FacilityHolidays, h(json!({"week_of_month": 6, "day_of_week": 4})), "week_of_month");
    refused(&w, RefTable::FacilityHolidays, h(json!({"day": 27, "week_of_month": 4, "day_of_week": 4})), "");
    refused(&w, RefTable::FacilityHolidays, h(json!({"day": 31})), "day");
    refused(&w, RefTable::FacilityHolidays, h(json!({"day": 27, "is_partial": true})), "partial_close_time");
    refused(&w, RefTable::FacilityHolidays, h(json!({"day": 27, "partial_close_time": "12:00"})), "partial_close_time");
    refused(&w, RefTable::FacilityClosures, json!({"closure_date": "2025-02-30"}), "closure_date");
    // An update is checked on the row as it would be stored.
    let id = block(&w, json!({}));
    let before = rows(&w);
    let err = w.admin.update(RefTable::BlockSchedules, &id, &obj(json!({"end_time": "06:00"}))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains("end_time"));
    assert_eq!(rows(&w), before);
    // Members other than facility admins do not write schedules.
    let err = w.user.create(RefTable::FacilityClosures, &obj(json!({"closure_date": "2025-03-17"}))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    // Exception dates are stored sorted and de-duplicated, times as HH:MM:SS.
    let row = w
        .admin
        .update(
            RefTable::BlockSchedules,
            &id,
            &obj(json!({"exception_dates": ["2025-03-17", "2025-03-03", "2025-03-17"]})),
        )
        .unwrap();
    assert_eq!(row["exception_dates"], json!(["2025-03-03", "2025-03-17"]));
    assert_eq!(row["start_time"], json!("07:00:00"));
}

#[test]
fn blocks_created_through_the_api_expand_as_worked_example_1() {
    let w = W::new("2025-02-10T15:00:00Z");
    let cases = [
        (json!({"recurrence_type": "weekly"}), vec![3, 10, 17, 24, 31]),
        (json!({"recurrence_type": "first_third_fifth"}), vec![3, 17, 31]),
        (json!({"recurrence_type": "second_fourth"}), vec![10, 24]),
        (json!({"recurrence_type": "fourth_only"}), vec![24]),
        (json!({"recurrence_type": "last_only"}), vec![31]),
        (json!({"recurrence_type": "biweekly", "effective_start": "2025-03-03"}), vec![3, 17, 31]),
        (json!({"exception_dates": ["2025-03-17"]}), vec![3, 10, 24, 31]),
    ];
    let ids: Vec<String> = cases.iter().map(|(fields, _)| block(&w, fields.clone())).collect();
    let occurrences = w.user.block_occurrences(&w.f, "2025-03-01", "2025-03-31", None, None).unwrap();
    for (id, (fields, days)) in ids.iter().zip(&cases) {
        let got: Vec<u32> =
            occurrences.iter().filter(|o| &o.block_id == id).map(|o| chrono::Datelike::day(&o.date)).collect();
        assert_eq!(&got, days, "{fields}");
    }
    assert!(occurrences.iter().all(|o| o.is_available && o.duration_minutes == 480));
    // Ordered by date, start time, then surgeon name: Amy Surgeon's block comes before Sam Surgeon's.
    let amy = w.another_surgeon("Amy");
    let amy_block = block(&w, json!({"surgeon_id": amy}));
    let day = w.user.block_occurrences(&w.f, "2025-03-03", "2025-03-03", None, None).unwrap();
    assert_eq!(day[0].block_id, amy_block);
    assert_eq!(day.len(), 5);
    // Filters: one surgeon, one room.
    let only_amy = w.user.block_occurrences(&w.f, "2025-03-01", "2025-03-31", Some(&amy), None).unwrap();
    assert_eq!(only_amy.len(), 5);
    assert!(w.user.block_occurrences(&w.f, "2025-03-01", "2025-03-31", None, Some(&w.room)).unwrap().is_empty());
    // Through the operation table, with the same shape.
    let via_api = orbit_core::api::invoke(
        &w.user,
        "block_occurrences",
        &json!({"facility_id": w.f, "start_date": "2025-03-24", "end_date": "2025-03-24", "surgeon_id": amy}),
    )
    .unwrap();
    assert_eq!(via_api[0]["start_time"], json!("07:00:00"));
    assert_eq!(via_api[0]["duration_minutes"], json!(480));
}

#[test]
fn a_closure_and_a_partial_holiday_change_day_status_and_available_time_as_worked_example_2() {
    let w = W::new("2025-02-10T15:00:00Z");
    let morning = block(&w, json!({"or_room_id": w.room}));
    let afternoon = block(&w, json!({"start_time": "13:00", "end_time": "17:00"}));
    let holiday = |fields: Value| w.admin.create(RefTable::FacilityHolidays, &obj(fields)).unwrap();
    holiday(json!({"name": "Half day", "month": 3, "day": 10, "is_partial": true, "partial_close_time": "12:00"}));
    holiday(json!({"name": "Thanksgiving", "month": 11, "week_of_month": 4, "day_of_week": 4}));
    holiday(json!({"name": "Memorial Day", "month": 5, "week_of_month": 5, "day_of_week": 1}));
    w.admin.create(RefTable::FacilityClosures, &obj(json!({"closure_date": "2025-03-17", "reason": "Flood"}))).unwrap();

    let thanksgiving = w.user.day_status(&w.f, "2025-11-27").unwrap();
    assert!(thanksgiving.is_closed && thanksgiving.holiday_name.as_deref() == Some("Thanksgiving"));
    assert_eq!(w.user.day_status(&w.f, "2025-05-26").unwrap().holiday_name.as_deref(), Some("Memorial Day"));
    assert!(!w.user.day_status(&w.f, "2025-05-19").unwrap().is_closed);

    let half = w.user.day_status(&w.f, "2025-03-10").unwrap();
    assert!(!half.is_closed && half.is_partial_holiday);
    assert_eq!(half.partial_close_time.unwrap().to_string(), "12:00:00");
    let occ = w.user.block_occurrences(&w.f, "2025-03-10", "2025-03-10", None, None).unwrap();
    let by_id = |id: &str| occ.iter().find(|o| o.block_id == id).unwrap();
    assert_eq!(by_id(&morning).duration_minutes, 300);
    assert_eq!(by_id(&morning).effective_end_time.unwrap().to_string(), "12:00:00");
    assert!(!by_id(&afternoon).is_available && by_id(&afternoon).duration_minutes == 0);

    let days = w.user.available_time(&w.f, "2025-03-10", "2025-03-17").unwrap();
    assert_eq!(days.len(), 8);
    let monday = &days[0];
    assert_eq!((monday.room_minutes, monday.block_minutes, monday.unblocked_minutes), (300, 300, 0));
    assert_eq!(monday.rooms[0].or_room_id, w.room);
    assert_eq!(monday.rooms[0].close_time.unwrap().to_string(), "12:00:00");
    assert_eq!(monday.surgeons[0].block_minutes, 300);
    // A regular Tuesday: the default week (07:00–17:00), no block.
    assert_eq!((days[1].room_minutes, days[1].block_minutes, days[1].unblocked_minutes), (600, 0, 600));
    // Saturday: the default week is closed.
    assert_eq!(days[5].room_minutes, 0);
    // The closure: no time at all, and the reason reported.
    let closed = &days[7];
    assert!(closed.day_status.is_closed);
    assert_eq!(closed.day_status.closure_reason.as_deref(), Some("Flood"));
    assert_eq!((closed.room_minutes, closed.block_minutes), (0, 0));
    // The holidays are listed through the generic reference calls.
    let rows = w.admin.list(RefTable::FacilityHolidays, &ListOptions::default()).unwrap();
    assert_eq!(rows.len(), 3);
}

#[test]
fn other_facilities_are_invisible_and_device_reps_are_refused() {
    let w = W::new("2025-02-10T15:00:00Z");
    block(&w, json!({}));
    let other = w.fx.facility("Other");
    let (_, outsider) = w.fx.member(&other, "facility_admin", "Otto");
    assert_eq!(outsider.day_status(&w.f, "2025-03-03").unwrap_err().kind(), ErrorKind::NotFound);
    let err = outsider.block_occurrences(&w.f, "2025-03-01", "2025-03-31", None, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(outsider.available_time(&w.f, "2025-03-01", "2025-03-31").unwrap_err().kind(), ErrorKind::NotFound);
    // Global admins read every facility; bad ranges are InvalidInput.
    let g = w.fx.global_admin();
    assert_eq!(g.block_occurrences(&w.f, "2025-03-01", "2025-03-31", None, None).unwrap().len(), 5);
    assert_eq!(g.available_time(&w.f, "2025-03-31", "2025-03-01").unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!(g.available_time(&w.f, "2025-01-01", "2026-12-31").unwrap_err().kind(), ErrorKind::InvalidInput);

    let rep = w.device_rep();
    assert_eq!(rep.day_status(&w.f, "2025-03-03").unwrap_err().kind(), ErrorKind::PermissionDenied);
    let err = rep.block_occurrences(&w.f, "2025-03-01", "2025-03-31", None, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert_eq!(rep.available_time(&w.f, "2025-03-01", "2025-03-02").unwrap_err().kind(), ErrorKind::PermissionDenied);
}

fn week(open: &str, close: &str, friday_close: &str) -> Vec<RoomDayInput> {
    (0..7)
        .map(|d| RoomDayInput {
            day_of_week: d,
            is_closed: d == 0 || d == 6,
            open_time: Some(open.into()),
            close_time: Some(if d == 5 { friday_close } else { close }.into()),
        })
        .collect()
}

#[test]
fn room_weeks_are_versioned_as_worked_example_3() {
    let w = W::new("2025-02-10T15:00:00Z");
    let v1 = w.admin.set_room_week(&w.room, &week("07:00", "17:00", "13:00"), Some("2025-01-01")).unwrap();
    assert_eq!((v1.action.as_str(), v1.available_hours), ("new_version", 9.2));
    let v2 = w.admin.set_room_week(&w.room, &week("07:30", "15:30", "15:30"), Some("2025-04-01")).unwrap();
    assert_eq!((v2.action.as_str(), v2.available_hours), ("new_version", 8.0));
    let minutes = |d: &str| w.user.available_time(&w.f, d, d).unwrap()[0].room_minutes;
    assert_eq!((minutes("2025-03-31"), minutes("2025-04-07")), (600, 480));
    // The same start again: updated in place (no new rows); a start before v2: Conflict, nothing written.
    let again = w.admin.set_room_week(&w.room, &week("08:00", "16:00", "16:00"), Some("2025-04-01")).unwrap();
    assert_eq!(again.action, "update_in_place");
    assert_eq!(w.fx.count("SELECT count(*) FROM room_schedules"), 14);
    assert_eq!(minutes("2025-04-07"), 480);
    assert_eq!(w.fx.count("SELECT count(*) FROM room_schedules WHERE effective_end = '2025-03-31'"), 7);
    let before = rows(&w);
    let err = w.admin.set_room_week(&w.room, &week("07:00", "17:00", "17:00"), Some("2025-03-01")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let mut bad = week("07:00", "17:00", "17:00");
    bad[3].close_time = Some("06:00".into());
    let err = w.admin.set_room_week(&w.room, &bad, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("days[3].close_time"), "{err}");
    assert_eq!(
        w.user.set_room_week(&w.room, &week("07:00", "17:00", "17:00"), None).unwrap_err().kind(),
        ErrorKind::PermissionDenied
    );
    assert_eq!(rows(&w), before);
    let hours: f64 =
        w.fx.raw().query_row("SELECT available_hours FROM or_rooms WHERE id = ?1", [&w.room], |r| r.get(0)).unwrap();
    assert_eq!(hours, 8.0);
    // Default start: facility-local today (2025-02-10 in New York) is before v2 → Conflict.
    let err = w.admin.set_room_week(&w.room, &week("07:00", "17:00", "17:00"), None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
}

#[test]
fn blocks_are_soft_deleted_and_restored_exceptions_toggle_and_calendar_rows_are_deleted() {
    let w = W::new("2025-02-10T15:00:00Z");
    let id = block(&w, json!({}));
    // Available occurrences (a closed day keeps its occurrence, unavailable).
    let count = |w: &W| {
        let all = w.user.block_occurrences(&w.f, "2025-03-01", "2025-03-31", None, None).unwrap();
        all.iter().filter(|o| o.is_available).count()
    };
    assert_eq!(count(&w), 5);
    let row = w.admin.add_block_exception(&id, "2025-03-10").unwrap();
    assert_eq!(row["exception_dates"], json!(["2025-03-10"]));
    w.admin.add_block_exception(&id, "2025-03-10").unwrap();
    w.admin.add_block_exception(&id, "2025-03-11").unwrap(); // not an occurrence: no effect on the count
    assert_eq!(count(&w), 4);
    let row = w.admin.remove_block_exception(&id, "2025-03-10").unwrap();
    assert_eq!(row["exception_dates"], json!(["2025-03-11"]));
    assert_eq!(count(&w), 5);
    let deleted = w.admin.delete_block(&id).unwrap();
    assert!(deleted["deleted_at"].is_i64());
    assert_eq!(count(&w), 0);
    assert!(w.admin.list(RefTable::BlockSchedules, &ListOptions::default()).unwrap().is_empty());
    w.admin.restore_block(&id).unwrap();
    assert_eq!(count(&w), 5);
    assert_eq!(w.user.delete_block(&id).unwrap_err().kind(), ErrorKind::PermissionDenied);

    let h = w.admin.create(RefTable::FacilityHolidays, &obj(json!({"name": "Spring", "month": 3, "day": 3}))).unwrap();
    let hid = h["id"].as_str().unwrap();
    assert_eq!(count(&w), 4);
    // Switched off (a toggle, not an archive), then on again.
    let off = w.admin.update(RefTable::FacilityHolidays, hid, &obj(json!({"is_active": false}))).unwrap();
    assert_eq!(off["is_active"], json!(false));
    assert_eq!(count(&w), 5);
    w.admin.update(RefTable::FacilityHolidays, hid, &obj(json!({"is_active": true}))).unwrap();
    assert!(w.user.day_status(&w.f, "2025-03-03").unwrap().is_closed);
    w.admin.delete_holiday(hid).unwrap();
    assert!(!w.user.day_status(&w.f, "2025-03-03").unwrap().is_closed);
    let c = w.admin.create(RefTable::FacilityClosures, &obj(json!({"closure_date": "2025-03-03"}))).unwrap();
    assert!(w.user.day_status(&w.f, "2025-03-03").unwrap().is_closed);
    assert_eq!(w.user.delete_closure(c["id"].as_str().unwrap()).unwrap_err().kind(), ErrorKind::PermissionDenied);
    w.admin.delete_closure(c["id"].as_str().unwrap()).unwrap();
    assert!(!w.user.day_status(&w.f, "2025-03-03").unwrap().is_closed);
    assert_eq!(w.admin.delete_closure(c["id"].as_str().unwrap()).unwrap_err().kind(), ErrorKind::NotFound);
    let actions: Vec<String> =
        w.fx.global_admin()
            .audit_log(&orbit_core::AuditQuery { limit: Some(100), ..Default::default() })
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .filter(|a| a.starts_with("block_schedules") || a.starts_with("facility_"))
            .collect();
    for a in [
        "block_schedules.archived",
        "block_schedules.restored",
        "facility_holidays.deleted",
        "facility_closures.deleted",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}
