//! `Scope::batch`: many calls, one transaction.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::w::{W, at, obj};
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{ErrorKind, NewCase};
use serde_json::json;

fn new_case(w: &W, number: &str) -> NewCase {
    NewCase {
        case_number: number.into(),
        scheduled_date: "2026-02-10".into(),
        start_time: Some("07:30".into()),
        or_room_id: Some(w.room.clone()),
        surgeon_id: Some(w.surgeon.clone()),
        procedure_type_id: Some(w.procedure.clone()),
        ..NewCase::default()
    }
}

fn rooms(w: &W) -> usize {
    w.admin.list(RefTable::OrRooms, &ListOptions::default()).unwrap().len()
}

#[test]
fn a_batch_commits_a_whole_lifecycle_at_once_and_reads_inside_see_it() {
    let w = W::new("2026-02-10T20:00:00Z");
    let case = w
        .user
        .batch(|s| {
            let case = s.create_case(new_case(&w, "B-1"))?;
            for (m, t) in ["patient_in", "incision", "closing", "patient_out"].iter().zip([
                "2026-02-10T12:35:00Z",
                "2026-02-10T13:00:00Z",
                "2026-02-10T14:00:00Z",
                "2026-02-10T14:20:00Z",
            ]) {
                s.record_milestone(&case, w.m(m), Some(at(t)), None)?;
            }
            // Inside the batch, reads see its writes (stats included).
            assert!(s.case_stats(&case)?.is_some(), "completed and auto-validated inside the batch");
            Ok(case)
        })
        .unwrap();
    assert_eq!(w.status(&case), "completed");
    assert_eq!(w.user.case_stats(&case).unwrap().unwrap()["total_duration_minutes"], json!(105));
}

#[test]
fn an_error_rolls_back_every_call_of_the_batch() {
    let w = W::new("2026-02-10T20:00:00Z");
    let before = w.content();
    let err = w
        .admin
        .batch(|s| {
            s.create(RefTable::OrRooms, &obj(json!({"name": "OR2"})))?;
            s.create_case(new_case(&w, "B-1"))?;
            s.create(RefTable::OrRooms, &obj(json!({"name": "OR1"}))) // a name conflict
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    w.assert_unchanged(&before, "a failed batch");
    // The store is usable afterwards.
    w.admin.create(RefTable::OrRooms, &obj(json!({"name": "OR2"}))).unwrap();
}

#[test]
fn a_refused_call_inside_a_batch_writes_nothing_and_the_batch_may_go_on() {
    let w = W::new("2026-02-10T20:00:00Z");
    let n = rooms(&w);
    w.admin
        .batch(|s| {
            s.create(RefTable::OrRooms, &obj(json!({"name": "OR2"})))?;
            let refused = s.create(RefTable::OrRooms, &obj(json!({"name": "OR1"})));
            assert_eq!(refused.unwrap_err().kind(), ErrorKind::Conflict);
            s.create(RefTable::OrRooms, &obj(json!({"name": "OR3"})))?;
            // A batch inside a batch is part of it.
            s.batch(|inner| inner.create(RefTable::OrRooms, &obj(json!({"name": "OR4"}))))?;
            Ok(())
        })
        .unwrap();
    assert_eq!(rooms(&w), n + 3);
}

#[test]
fn a_panic_inside_a_batch_rolls_it_back() {
    let w = W::new("2026-02-10T20:00:00Z");
    let before = w.content();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = w.admin.batch(|s| -> orbit_core::Result<()> {
            s.create(RefTable::OrRooms, &obj(json!({"name": "OR2"})))?;
            panic!("a caller bug");
        });
    }));
    assert!(caught.is_err());
    w.assert_unchanged(&before, "a panicked batch");
    w.admin.create(RefTable::OrRooms, &obj(json!({"name": "OR2"}))).unwrap();
}

#[test]
fn other_threads_wait_for_the_batch() {
    let w = W::new("2026-02-10T20:00:00Z");
    let n = rooms(&w);
    let done = Arc::new(AtomicBool::new(false));
    let handle = w
        .admin
        .batch(|s| {
            s.create(RefTable::OrRooms, &obj(json!({"name": "OR2"})))?;
            let (flag, other) = (Arc::clone(&done), w.admin.clone());
            let handle = std::thread::spawn(move || {
                let r = other.create(RefTable::OrRooms, &obj(json!({"name": "OR3"}))).map(|_| ());
                flag.store(true, Ordering::SeqCst);
                r
            });
            std::thread::sleep(std::time::Duration::from_millis(100));
            assert!(!done.load(Ordering::SeqCst), "the other thread's call waits for the batch");
            Ok(handle)
        })
        .unwrap();
    handle.join().unwrap().unwrap();
    assert_eq!(rooms(&w), n + 2);
}
