//! Two writers on one file (separate connections, as two processes have) and threads sharing one store:
//! every call succeeds or fails cleanly, nothing is half-written.

mod common;

use std::sync::Arc;
use std::thread;

use common::w::W;
use orbit_core::{NewCase, Orbit};

#[test]
fn two_connections_record_milestones_on_one_file_at_once() {
    let w = W::new("2026-02-10T12:00:00Z");
    let cases: Vec<String> = (0..20).map(|i| w.case(&format!("C{i}"), "2026-02-10", "07:30")).collect();
    let path = w.fx.dir.path().join("orbit.db");
    let user_id: String =
        w.fx.raw().query_row("SELECT id FROM users WHERE first_name = 'Uma'", [], |r| r.get(0)).unwrap();
    let patient_in = w.m("patient_in").to_string();
    let handles: Vec<_> = [0usize, 1]
        .into_iter()
        .map(|half| {
            let (path, user_id, patient_in) = (path.clone(), user_id.clone(), patient_in.clone());
            let mine: Vec<String> = cases.iter().skip(half).step_by(2).cloned().collect();
            thread::spawn(move || {
                // A second store on the same file: its own connection, like another process.
                let orbit = Orbit::open(&path).unwrap();
                let scope = orbit.as_user(&user_id).unwrap();
                for case in mine {
                    scope.record_milestone(&case, &patient_in, None, None).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let started = w
        .fx
        .count("SELECT count(*) FROM cases c JOIN case_statuses s ON s.id = c.status_id WHERE s.name = 'in_progress'");
    assert_eq!(started, 20);
    let history = w.fx.count("SELECT count(*) FROM case_history WHERE change_type = 'status_change'");
    assert_eq!(history, 20, "one history row per call, none lost");
}

#[test]
fn threads_share_one_store() {
    let w = W::new("2026-02-10T12:00:00Z");
    let user = Arc::new(w.user.clone());
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let user = Arc::clone(&user);
            thread::spawn(move || {
                for i in 0..10 {
                    user.create_case(NewCase {
                        case_number: format!("T{t}-{i}"),
                        scheduled_date: "2026-02-11".into(),
                        ..NewCase::default()
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(w.fx.count("SELECT count(*) FROM cases"), 40);
    assert_eq!(w.fx.count("SELECT count(*) FROM patient_checkins"), 40);
}
