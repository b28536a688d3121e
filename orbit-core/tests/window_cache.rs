//! The window cache (flags/window_cache.rs) never changes a flag: the same seeded sequence of writes runs on
//! two stores, one keeping its connection (and so its cache) throughout, the other reopened before every step
//! (so every detection loads its window from the file). After every step both hold the same flags.
//!
//! After each step both stores also re-detect every case (`redetect_facility_flags`), so a stale cached day
//! shows in any case whose window holds it, not only in the cases the step touched.
//!
//! The steps cover each way the cache is invalidated: milestone edits of validated cases (their day and
//! their neighbours), a case moved to another date, exclusion, a batch abandoned after its detection ran (a
//! rollback), a write by another connection on the same file, and a rule change (another table).

mod common;

use common::rng::Rng;
use common::w::{W, obj};
use orbit_core::{NewCase, Orbit, Scope};
use serde_json::json;

#[derive(Debug, Clone)]
enum Step {
    /// Creates case `k` on `day` and records its four milestones (completing and validating it).
    Case { k: usize, day: u32, slot: u32, surgeon: usize, total: i64 },
    /// Moves one recorded milestone of case `k` by `minutes`.
    Edit { k: usize, milestone: usize, minutes: i64 },
    /// Moves case `k` to another day.
    Move { k: usize, day: u32 },
    /// Excludes case `k` from metrics.
    Exclude { k: usize },
    /// Edits case `k` in a batch that is then abandoned.
    Abandoned { k: usize, minutes: i64 },
    /// Edits case `k` through a second connection to the same file.
    Elsewhere { k: usize, minutes: i64 },
    /// Changes the threshold of the first relative rule.
    Rule { value: f64 },
}

const MILESTONES: [&str; 4] = ["patient_in", "incision", "closing", "patient_out"];

fn steps(seed: u64, n: usize) -> Vec<Step> {
    let mut r = Rng(seed);
    let mut out = Vec::new();
    let mut made = 0;
    for i in 0..n {
        let pick = if made < 6 { 0 } else { r.below(10) };
        out.push(match pick {
            0..=3 => {
                made += 1;
                Step::Case {
                    k: made - 1,
                    day: r.below(12) as u32,
                    slot: r.below(4) as u32,
                    surgeon: r.below(2),
                    total: 35 + r.below(40) as i64,
                }
            }
            4 | 5 => Step::Edit { k: r.below(made), milestone: r.below(4), minutes: r.below(11) as i64 - 5 },
            6 => Step::Move { k: r.below(made), day: r.below(12) as u32 },
            7 if i % 3 == 0 => Step::Exclude { k: r.below(made) },
            7 => Step::Rule { value: 5.0 + r.below(20) as f64 },
            8 => Step::Abandoned { k: r.below(made), minutes: 7 + r.below(9) as i64 },
            _ => Step::Elsewhere { k: r.below(made), minutes: r.below(7) as i64 - 3 },
        });
    }
    out
}

/// A stored threshold flag: case number, rule name, metric value, threshold, severity.
type Flag = (String, String, Option<f64>, Option<f64>, String);

/// One of the two stores: the world, a second surgeon, and what the steps made.
struct Run {
    w: W,
    surgeons: [String; 2],
    user_id: String,
    admin_id: String,
    cases: Vec<String>,
    /// Recorded instants of each case's four milestones.
    times: Vec<[i64; 4]>,
}

impl Run {
    fn new() -> Run {
        let w = W::new("2026-03-01T12:00:00Z");
        let second = w.another_surgeon("Sol");
        let id = |name: &str| -> String {
            w.fx.raw().query_row("SELECT id FROM users WHERE first_name = ?1", [name], |r| r.get(0)).unwrap()
        };
        let (user_id, admin_id) = (id("Uma"), id("Ada"));
        Run { surgeons: [w.surgeon.clone(), second], w, user_id, admin_id, cases: Vec::new(), times: Vec::new() }
    }

    fn date(day: u32) -> String {
        format!("2026-02-{:02}", day + 1)
    }

    fn apply(&mut self, s: &Scope, step: &Step) {
        let w = &self.w;
        match *step {
            Step::Case { k, day, slot, surgeon, total } => {
                let date = Run::date(day);
                let case = s
                    .create_case(NewCase {
                        case_number: format!("K{k}"),
                        scheduled_date: date.clone(),
                        start_time: Some(format!("{:02}:30", 7 + slot * 2)),
                        or_room_id: Some(w.room.clone()),
                        surgeon_id: Some(self.surgeons[surgeon].clone()),
                        procedure_type_id: Some(w.procedure.clone()),
                        ..NewCase::default()
                    })
                    .unwrap();
                let pi = common::w::at(&format!("{date}T12:35:00Z")) + slot as i64 * 120 * 60_000;
                let times = [pi, pi + 20 * 60_000, pi + (total - 10) * 60_000, pi + total * 60_000];
                for (m, t) in MILESTONES.iter().zip(times) {
                    s.record_milestone(&case, w.m(m), Some(t), None).unwrap();
                }
                self.cases.push(case);
                self.times.push(times);
            }
            Step::Edit { k, milestone, minutes } => {
                // Keep the order of the milestones: patient_in and patient_out move outwards only.
                let minutes = match milestone {
                    0 => -minutes.abs(),
                    3 => minutes.abs(),
                    _ => minutes.clamp(-3, 3),
                };
                let t = self.times[k][milestone] + minutes * 60_000;
                if s.record_milestone(&self.cases[k], w.m(MILESTONES[milestone]), Some(t), None).is_ok() {
                    self.times[k][milestone] = t;
                }
            }
            Step::Move { k, day } => {
                // A refusal (e.g. the case is excluded) is part of the sequence on both stores alike.
                let _ = s.update_case(&self.cases[k], &obj(json!({"scheduled_date": Run::date(day)})));
            }
            Step::Exclude { k } => {
                let _ = s.exclude_case(&self.cases[k], Some("test"));
            }
            Step::Abandoned { k, minutes } => {
                let t = self.times[k][3] + minutes * 60_000;
                let err = s
                    .batch(|b| {
                        b.record_milestone(&self.cases[k], w.m("patient_out"), Some(t), None)?;
                        Err::<(), _>(orbit_core::Error::invalid("test", "abandon the batch"))
                    })
                    .unwrap_err();
                assert_eq!(err.kind(), orbit_core::ErrorKind::InvalidInput);
            }
            Step::Elsewhere { k, minutes } => {
                let other = Orbit::open(w.fx.dir.path().join("orbit.db")).unwrap();
                let t = self.times[k][2] + minutes * 60_000;
                let scope = other.as_user(&self.user_id).unwrap();
                if scope.record_milestone(&self.cases[k], w.m("closing"), Some(t), None).is_ok() {
                    self.times[k][2] = t;
                }
            }
            Step::Rule { value } => {
                let rules = w.admin.flag_rules(Some(&w.f), false).unwrap();
                let rule = rules.iter().find(|r| r["name"] == "Long Total Case Time").unwrap();
                w.admin
                    .update_flag_rule(rule["id"].as_str().unwrap(), &obj(json!({"threshold_value": value})))
                    .unwrap();
            }
        }
    }

    /// Every threshold flag by case number and rule name, with its values.
    fn flags(&self) -> Vec<Flag> {
        let raw = self.w.fx.raw();
        let mut stmt = raw
            .prepare(
                "SELECT c.case_number, r.name, f.metric_value, f.threshold_value, f.severity
                 FROM case_flags f JOIN cases c ON c.id = f.case_id JOIN flag_rules r ON r.id = f.flag_rule_id
                 WHERE f.flag_type = 'threshold' ORDER BY 1, 2",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
}

#[test]
fn the_window_cache_gives_the_flags_of_a_cold_load_after_every_step() {
    let seed = std::env::var("ORBIT_CACHE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20_261_126);
    let n = std::env::var("ORBIT_CACHE_STEPS").ok().and_then(|s| s.parse().ok()).unwrap_or(70);
    let (mut warm, mut cold) = (Run::new(), Run::new());
    let warm_scope = warm.w.user.clone();
    let mut flagged = 0;
    for (i, step) in steps(seed, n).iter().enumerate() {
        warm.apply(&warm_scope, step);
        // A new store on the same file: an empty cache, so this step's detections load from the file.
        let fresh = Orbit::open(cold.w.fx.dir.path().join("orbit.db")).unwrap();
        let scope = fresh.as_user(&cold.user_id).unwrap();
        cold.apply(&scope, step);
        let (a, b) = (warm.flags(), cold.flags());
        assert_eq!(a, b, "step {i} ({step:?}) of seed {seed}");
        let every = |s: &Scope, f: &str| s.redetect_facility_flags(f, "2026-01-01", "2026-03-31").unwrap();
        let counts = every(&warm.w.admin, &warm.w.f);
        let fresh = Orbit::open(cold.w.fx.dir.path().join("orbit.db")).unwrap();
        assert_eq!(counts, every(&fresh.as_user(&cold.admin_id).unwrap(), &cold.w.f), "step {i}: re-detection");
        assert_eq!(warm.flags(), cold.flags(), "step {i} ({step:?}) of seed {seed}: re-detection");
        flagged = flagged.max(a.len());
    }
    assert!(flagged >= 5, "the sequence must raise flags for the comparison to mean something ({flagged})");
}
