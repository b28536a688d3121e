//! The transition matrix of lifecycle-and-stats.md §2.1, exhaustively, and a seeded random walk over the
//! lifecycle checking the invariants after every call and that every refused call changes nothing.

mod common;

use common::w::{W, at, obj};
use orbit_core::reference::{ListOptions, RefTable};
use orbit_core::{ErrorKind, NewCase};
use serde_json::{Map, json};

const STATES: [&str; 7] = ["draft", "scheduled", "in_progress", "completed", "delayed", "on_hold", "cancelled"];

fn reason(w: &W) -> String {
    w.admin.list(RefTable::CancellationReasons, &ListOptions::default()).unwrap()[0]["id"].as_str().unwrap().to_string()
}

/// A new case in `state` (times around 2026-02-10T12:00Z, clock at 13:00Z).
fn case_in(w: &W, n: usize, state: &str) -> String {
    w.clock.set(at("2026-02-10T12:00:00Z"));
    let id = if state == "draft" {
        w.user
            .create_case(NewCase {
                case_number: format!("C{n}"),
                scheduled_date: "2026-02-10".into(),
                is_draft: true,
                ..NewCase::default()
            })
            .unwrap()
    } else {
        w.case(&format!("C{n}"), "2026-02-10", "07:00")
    };
    match state {
        "in_progress" => {
            w.record(&id, "patient_in", "2026-02-10T12:00:00Z");
        }
        "completed" => {
            w.record(&id, "patient_in", "2026-02-10T12:00:00Z");
            w.record(&id, "patient_out", "2026-02-10T12:50:00Z");
        }
        "delayed" | "on_hold" => w.user.set_case_status(&id, state).unwrap(),
        "cancelled" => w.user.cancel_case(&id, Some(&reason(w)), None).unwrap(),
        _ => {}
    }
    w.clock.set(at("2026-02-10T13:00:00Z"));
    id
}

/// Every operation the matrix names, applied to a case; Ok(new status) or the error kind.
fn apply(w: &W, case: &str, op: &str) -> Result<String, ErrorKind> {
    let r = match op {
        "finalize_draft" => w.user.finalize_draft(case, &Map::new()),
        "record patient_in" => w.user.record_milestone(case, w.m("patient_in"), None, None).map(|_| ()),
        "record patient_out" => w.user.record_milestone(case, w.m("patient_out"), None, None).map(|_| ()),
        "undo patient_in" => w.user.undo_milestone(case, w.m("patient_in")).map(|_| ()),
        "undo patient_out" => w.user.undo_milestone(case, w.m("patient_out")).map(|_| ()),
        "cancel_case" => w.user.cancel_case(case, Some(&reason(w)), None),
        "restore_case" => w.user.restore_case(case),
        op => w.user.set_case_status(case, op.trim_start_matches("set ")),
    };
    r.map(|_| w.status(case)).map_err(|e| e.kind())
}

#[test]
fn the_transition_matrix_exhaustively() {
    use ErrorKind::*;
    let w = W::new("2026-02-10T12:00:00Z");
    let ok = |s: &str| Ok::<String, ErrorKind>(s.to_string());
    let refused = Err::<String, ErrorKind>;
    // (state, operation, expected outcome) — every state × every operation.
    let table: Vec<(&str, &str, Result<String, ErrorKind>)> = vec![
        ("draft", "finalize_draft", ok("scheduled")),
        ("draft", "record patient_in", refused(CaseIsDraft)),
        ("draft", "record patient_out", refused(CaseIsDraft)),
        ("draft", "undo patient_in", refused(CaseIsDraft)),
        ("draft", "undo patient_out", refused(CaseIsDraft)),
        ("draft", "cancel_case", refused(CaseIsDraft)),
        ("draft", "restore_case", refused(CaseIsDraft)),
        ("scheduled", "finalize_draft", refused(NotADraft)),
        ("scheduled", "record patient_in", ok("in_progress")),
        ("scheduled", "record patient_out", refused(InvalidStatusTransition)),
        ("scheduled", "undo patient_in", refused(MilestoneNotRecorded)),
        ("scheduled", "undo patient_out", refused(MilestoneNotRecorded)),
        ("scheduled", "cancel_case", ok("cancelled")),
        ("scheduled", "restore_case", refused(InvalidStatusTransition)),
        ("in_progress", "finalize_draft", refused(NotADraft)),
        ("in_progress", "record patient_in", ok("in_progress")),
        ("in_progress", "record patient_out", ok("completed")),
        ("in_progress", "undo patient_in", ok("scheduled")),
        ("in_progress", "undo patient_out", refused(MilestoneNotRecorded)),
        ("in_progress", "cancel_case", ok("cancelled")),
        ("in_progress", "restore_case", refused(InvalidStatusTransition)),
        ("completed", "finalize_draft", refused(NotADraft)),
        ("completed", "record patient_in", ok("completed")),
        ("completed", "record patient_out", ok("completed")),
        ("completed", "undo patient_in", refused(InvalidStatusTransition)),
        ("completed", "undo patient_out", ok("in_progress")),
        ("completed", "cancel_case", refused(InvalidStatusTransition)),
        ("completed", "restore_case", refused(InvalidStatusTransition)),
        ("delayed", "finalize_draft", refused(NotADraft)),
        ("delayed", "record patient_in", ok("in_progress")),
        ("delayed", "record patient_out", refused(InvalidStatusTransition)),
        ("delayed", "undo patient_in", refused(MilestoneNotRecorded)),
        ("delayed", "undo patient_out", refused(MilestoneNotRecorded)),
        ("delayed", "cancel_case", ok("cancelled")),
        ("delayed", "restore_case", refused(InvalidStatusTransition)),
        ("on_hold", "finalize_draft", refused(NotADraft)),
        ("on_hold", "record patient_in", ok("in_progress")),
        ("on_hold", "record patient_out", refused(InvalidStatusTransition)),
        ("on_hold", "undo patient_in", refused(MilestoneNotRecorded)),
        ("on_hold", "undo patient_out", refused(MilestoneNotRecorded)),
        ("on_hold", "cancel_case", ok("cancelled")),
        ("on_hold", "restore_case", refused(InvalidStatusTransition)),
        ("cancelled", "finalize_draft", refused(NotADraft)),
        ("cancelled", "record patient_in", refused(CaseCancelled)),
        ("cancelled", "record patient_out", refused(CaseCancelled)),
        ("cancelled", "undo patient_in", refused(CaseCancelled)),
        ("cancelled", "undo patient_out", refused(CaseCancelled)),
        ("cancelled", "cancel_case", refused(InvalidStatusTransition)),
        ("cancelled", "restore_case", ok("scheduled")),
    ];
    let mut n = 0;
    let mut check = |state: &str, op: &str, expected: Result<String, ErrorKind>| {
        n += 1;
        let case = case_in(&w, n, state);
        let before = w.content();
        let got = apply(&w, &case, op);
        assert_eq!(got, expected, "{state} × {op}");
        if got.is_err() {
            w.assert_unchanged(&before, &format!("{state} × {op}"));
        }
    };
    for (state, op, expected) in table {
        check(state, op, expected);
    }
    // set_case_status performs exactly four cells; every other target is refused.
    for state in STATES {
        for to in ["scheduled", "in_progress", "completed", "delayed", "on_hold", "cancelled"] {
            let allowed =
                matches!((state, to), ("scheduled", "delayed" | "on_hold") | ("delayed" | "on_hold", "scheduled"));
            let expected = match (state, allowed) {
                ("draft", _) => refused(CaseIsDraft),
                (_, true) => ok(to),
                _ => refused(InvalidStatusTransition),
            };
            check(state, &format!("set {to}"), expected);
        }
    }
    // The refusal names the allowed operations.
    let c = case_in(&w, 999, "completed");
    let err = w.user.cancel_case(&c, Some(&reason(&w)), None).unwrap_err();
    assert!(err.to_string().contains("allowed from completed: undo patient_out"), "{err}");
}

/// xorshift64*: a tiny deterministic generator (the seed is printed, so a failure can be replayed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The invariants of §2.1, checked on every case.
fn check_invariants(w: &W, seed: u64, step: usize) {
    let raw = w.fx.raw();
    let violations: Vec<(String, String)> = raw
        .prepare(
            "WITH c AS (
               SELECT c.id, s.name AS status, c.is_draft, c.data_validated, c.cancelled_at, c.milestone_template_id,
                 EXISTS (SELECT 1 FROM case_milestones m JOIN facility_milestones f ON f.id = m.facility_milestone_id
                         WHERE m.case_id = c.id AND f.name = 'patient_in' AND m.recorded_at IS NOT NULL) AS pi,
                 EXISTS (SELECT 1 FROM case_milestones m JOIN facility_milestones f ON f.id = m.facility_milestone_id
                         WHERE m.case_id = c.id AND f.name = 'patient_out' AND m.recorded_at IS NOT NULL) AS po,
                 (SELECT count(*) FROM case_milestones m WHERE m.case_id = c.id) AS rows,
                 (SELECT count(*) FROM patient_checkins k WHERE k.case_id = c.id) AS checkins
               FROM cases c JOIN case_statuses s ON s.id = c.status_id)
             SELECT id, 'completed without pi and po' FROM c WHERE status = 'completed' AND NOT (pi AND po)
             UNION ALL SELECT id, 'validated but not completed' FROM c WHERE data_validated = 1 AND status <> 'completed'
             UNION ALL SELECT id, 'in_progress without pi' FROM c WHERE status = 'in_progress' AND NOT pi
             UNION ALL SELECT id, 'cancelled ⇔ cancelled_at' FROM c WHERE (status = 'cancelled') <> (cancelled_at IS NOT NULL)
             UNION ALL SELECT id, 'draft with rows, template or check-in' FROM c
               WHERE is_draft = 1 AND (rows > 0 OR milestone_template_id IS NOT NULL OR checkins > 0 OR status <> 'scheduled')
             UNION ALL SELECT id, 'non-draft without exactly one check-in' FROM c WHERE is_draft = 0 AND checkins <> 1
             UNION ALL SELECT c.id, 'stats row ⇔ validated' FROM c
               WHERE (data_validated = 1) <> EXISTS (SELECT 1 FROM case_completion_stats s WHERE s.case_id = c.id)
             UNION ALL SELECT s.case_id, 'stats is_excluded mirrors the case' FROM case_completion_stats s
               JOIN cases k ON k.id = s.case_id WHERE s.is_excluded <> k.is_excluded_from_metrics",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(violations.is_empty(), "seed {seed} step {step}: {violations:?}");
}

#[test]
fn random_lifecycle_walks_keep_the_invariants_and_refusals_write_nothing() {
    let seed: u64 = std::env::var("ORBIT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    println!("random_lifecycle_walks seed = {seed} (replay with ORBIT_SEED={seed})");
    let mut rng = Rng(seed);
    let w = W::new("2026-02-10T11:00:00Z");
    let reason = reason(&w);
    let names = ["patient_in", "anes_start", "incision", "closing", "closing_complete", "patient_out", "room_cleaned"];
    let mut cases: Vec<String> = Vec::new();
    let mut now = at("2026-02-10T11:00:00Z");
    for step in 0..160 {
        now += (rng.below(20) as i64 + 1) * 60_000;
        w.clock.set(now);
        if cases.is_empty() || rng.below(12) == 0 {
            let draft = rng.below(4) == 0;
            let id = w
                .user
                .create_case(NewCase {
                    case_number: format!("R{step}"),
                    scheduled_date: "2026-02-10".into(),
                    start_time: Some("07:30".into()),
                    or_room_id: Some(w.room.clone()),
                    is_draft: draft,
                    ..NewCase::default()
                })
                .unwrap();
            cases.push(id);
            check_invariants(&w, seed, step);
            continue;
        }
        let case = cases[rng.below(cases.len() as u64) as usize].clone();
        let m = w.m(names[rng.below(names.len() as u64) as usize]).to_string();
        let before = w.content();
        let op = rng.below(13);
        let result = match op {
            0..=3 => {
                // Sometimes a little in the past, sometimes too far in the future.
                let offset = match rng.below(6) {
                    0 => 10 * 60_000,
                    n => -(n as i64) * 60_000,
                };
                w.user.record_milestone(&case, &m, Some(now + offset), None).map(|_| ())
            }
            4 => w.user.undo_milestone(&case, &m).map(|_| ()),
            5 => {
                let to =
                    ["scheduled", "delayed", "on_hold", "in_progress", "completed", "cancelled"][rng.below(6) as usize];
                w.user.set_case_status(&case, to)
            }
            6 => w.user.cancel_case(&case, if rng.below(4) == 0 { None } else { Some(reason.as_str()) }, None),
            7 => w.user.restore_case(&case),
            8 => w.user.validate_case(&case),
            9 => w.user.invalidate_case(&case),
            10 => {
                if rng.below(2) == 0 {
                    w.user.exclude_case(&case, Some("random"))
                } else {
                    w.user.unexclude_case(&case)
                }
            }
            11 => w.user.finalize_draft(&case, &Map::new()),
            _ => {
                let t = format!("{:02}:{:02}", 6 + rng.below(10), rng.below(60));
                w.user.update_case(&case, &obj(json!({"start_time": t, "or_room_id": w.room})))
            }
        };
        if let Err(e) = &result {
            assert_ne!(e.kind(), ErrorKind::Storage, "seed {seed} step {step} op {op}: {e}");
            w.assert_unchanged(&before, &format!("seed {seed} step {step} op {op} ({e})"));
        }
        check_invariants(&w, seed, step);
    }
}
