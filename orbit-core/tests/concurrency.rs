//! Concurrency on one file (docs/RELIABILITY.md §2): separate connections (as separate processes have) and
//! threads sharing one store, recording, validating and reading at once. Every call succeeds or fails with a
//! coded refusal, never a busy (`Storage`) error; no write that returned is lost; the stats and aggregates
//! equal a rebuild; a long write makes the other writers wait (busy timeout) instead of failing.
//!
//! Writers on separate connections pause between calls (ORBIT_THINK × the call's duration, default 2): SQLite
//! serves a waiting connection by polling, not in turn, and flat-out writers (ORBIT_THINK=0) can starve one of
//! them past the 5 s busy timeout (docs/RELIABILITY.md §2, Limits). ORBIT_FUZZ_CASES sets the cases per
//! writer (default 6), ORBIT_FUZZ_SEED replays a case layout.
//!
//! The Python and Node versions (`bindings/python/tests/test_concurrency.py`,
//! `bindings/node/__test__/concurrency.test.mjs`) run the same scenario in separate OS processes.

mod common;

use common::rng::Rng;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::w::{W, at, obj};
use orbit_core::demo::DemoConfig;
use orbit_core::reference::RefTable;
use orbit_core::{AggregateQuery, ErrorKind, ManualClock, NewCase, OpenOptions, Orbit, Scope};
use serde_json::{Value, json};

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

// ---------------------------------------------------------------------------------------------------------
// Full lifecycles from several writers at once (the scenario of the Python and Node tests)

/// Minutes after the case's start at which each milestone of the default template is recorded.
const OFFSETS: [(&str, i64); 10] = [
    ("patient_in", 0),
    ("anes_start", 4),
    ("anes_end", 14),
    ("prep_drape_start", 17),
    ("prep_drape_complete", 25),
    ("incision", 30),
    ("closing", 85),
    ("closing_complete", 95),
    ("patient_out", 104),
    ("room_cleaned", 118),
];
/// The owner's part of a shared case; the editor records the other six.
const MAIN: [&str; 4] = ["patient_in", "incision", "closing", "patient_out"];
const WORKERS: usize = 4;
const SHARED_PER_PAIR: usize = 3;
const RACES: usize = 4;
const ROOMS: usize = 4;
const SLOTS_PER_DAY: usize = 6;
const SLOT_MINUTES: i64 = 130;
const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;
const FIRST_DAY: &str = "2026-01-05T00:00:00Z";

fn offset(m: &str) -> i64 {
    OFFSETS.iter().find(|(n, _)| *n == m).unwrap().1 * MINUTE
}

/// Cases each worker owns (ORBIT_FUZZ_CASES for the long form).
fn cases_per_worker() -> usize {
    std::env::var("ORBIT_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(6)
}

fn seed() -> u64 {
    let seed = std::env::var("ORBIT_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    eprintln!("seed {seed} (ORBIT_FUZZ_SEED={seed} replays the case layout)");
    seed
}

fn ymd(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).unwrap().format("%Y-%m-%d").to_string()
}

#[derive(Debug, Clone)]
struct Planned {
    id: String,
    start: i64,
}

#[derive(Debug, Clone, Default)]
struct Assignment {
    user_id: String,
    owned: Vec<Planned>,
    shared_owner: Vec<Planned>,
    shared_editor: Vec<Planned>,
}

/// The facility (UTC, 4 rooms, 2 surgeons, 2 procedures), the workers' users and their scheduled cases.
struct Plan {
    w: W,
    path: PathBuf,
    now: i64,
    seed: u64,
    days: Vec<String>,
    admin_id: String,
    races: Vec<(NewCase, i64)>,
    workers: Vec<Assignment>,
    /// Milestone name → facility milestone id.
    milestones: BTreeMap<&'static str, String>,
}

fn plan(seed: u64) -> Plan {
    let per_worker = cases_per_worker();
    let total = WORKERS * per_worker + WORKERS / 2 * SHARED_PER_PAIR + RACES;
    let days_needed = total.div_ceil(ROOMS * SLOTS_PER_DAY) as i64;
    let first = at(FIRST_DAY);
    let now = first + days_needed * DAY + 12 * 3_600_000;
    let w = W::new(&chrono::DateTime::from_timestamp_millis(now).unwrap().to_rfc3339());
    w.admin.update(RefTable::Facilities, &w.f, &obj(json!({"timezone": "UTC"}))).unwrap();
    let mut rooms = vec![w.room.clone()];
    for r in 1..ROOMS {
        let room = w.admin.create(RefTable::OrRooms, &obj(json!({"name": format!("OR{}", r + 1)}))).unwrap();
        rooms.push(room["id"].as_str().unwrap().to_string());
    }
    let p2 = w.admin.create(RefTable::ProcedureTypes, &obj(json!({"name": "P2"}))).unwrap();
    let procedures = [w.procedure.clone(), p2["id"].as_str().unwrap().to_string()];
    let surgeons = [w.surgeon.clone(), w.another_surgeon("Sue")];
    // Two coordinators and the two surgeons (users of the facility) drive the cases.
    let users = [
        w.fx.member(&w.f, "coordinator", "Cora").0.id,
        w.fx.member(&w.f, "coordinator", "Cole").0.id,
        surgeons[0].clone(),
        surgeons[1].clone(),
    ];
    let mut grid: Vec<usize> = (0..total).collect();
    let mut rng = Rng(seed);
    for i in (1..grid.len()).rev() {
        grid.swap(i, rng.below(i + 1)); // owners mix in every room and day: neighbours cross workers
    }
    let spec = |k: usize, number: String| -> (NewCase, i64) {
        let day = grid[k] / (ROOMS * SLOTS_PER_DAY);
        let rest = grid[k] % (ROOMS * SLOTS_PER_DAY);
        let start_minutes = 7 * 60 + (rest / ROOMS) as i64 * SLOT_MINUTES;
        let start = first + day as i64 * DAY + start_minutes * MINUTE;
        let case = NewCase {
            case_number: number,
            scheduled_date: ymd(start),
            start_time: Some(format!("{:02}:{:02}", start_minutes / 60, start_minutes % 60)),
            or_room_id: Some(rooms[rest % ROOMS].clone()),
            surgeon_id: Some(surgeons[k % 2].clone()),
            procedure_type_id: Some(procedures[(k / 2) % 2].clone()),
            ..NewCase::default()
        };
        (case, start)
    };
    let races: Vec<(NewCase, i64)> = (0..RACES).map(|r| spec(r, format!("RACE-{r}"))).collect();
    let mut k = RACES;
    let mut schedule = |number: String| -> Planned {
        let (case, start) = spec(k, number);
        k += 1;
        Planned { id: w.user.create_case(case).unwrap(), start }
    };
    let mut workers: Vec<Assignment> =
        users.iter().map(|u| Assignment { user_id: u.clone(), ..Assignment::default() }).collect();
    for (i, a) in workers.iter_mut().enumerate() {
        a.owned = (0..per_worker).map(|j| schedule(format!("W{i}-{j}"))).collect();
    }
    for p in 0..WORKERS / 2 {
        for j in 0..SHARED_PER_PAIR {
            let case = schedule(format!("S{p}-{j}"));
            workers[2 * p].shared_owner.push(case.clone());
            workers[2 * p + 1].shared_editor.push(case);
        }
    }
    let milestones = OFFSETS.iter().map(|(n, _)| (*n, w.m(n).to_string())).collect();
    let days = (0..days_needed).map(|d| ymd(first + d * DAY)).collect();
    Plan {
        path: w.fx.dir.path().join("orbit.db"),
        admin_id: w.fx.admin.id.clone(),
        w,
        now,
        seed,
        days,
        races,
        workers,
        milestones,
    }
}

#[derive(Debug, Clone)]
enum Step {
    Record(String, &'static str, i64),
    Undo(String, &'static str),
    Validate(String),
    /// A validation that may come before the case is completed (`NotCompleted` is then expected).
    TryValidate(String),
}

/// A write that returned normally.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Done {
    Create(String, String),
    Record(String, &'static str, i64),
    Undo(String, &'static str),
    Validate(String),
}

#[derive(Debug, Default)]
struct Report {
    done: Vec<Done>,
    /// `op:kind` → count of expected refusals.
    refused: BTreeMap<String, usize>,
    unexpected: Vec<String>,
    storage: Vec<String>,
    reads: usize,
    snapshots: usize,
    violations: Vec<String>,
    /// How long each write call took, waiting included.
    write_times: Vec<Duration>,
}

impl Report {
    fn merge(&mut self, other: Report) {
        self.done.extend(other.done);
        for (k, v) in other.refused {
            *self.refused.entry(k).or_default() += v;
        }
        self.unexpected.extend(other.unexpected);
        self.storage.extend(other.storage);
        self.reads += other.reads;
        self.snapshots += other.snapshots;
        self.violations.extend(other.violations);
        self.write_times.extend(other.write_times);
    }
}

/// One writer's (or reader's) calls on its scope.
struct Driver<'a> {
    scope: Scope,
    plan: &'a Plan,
    rng: Rng,
    report: Report,
    /// When the call being judged started.
    called: Instant,
    /// Pause after each write: `think` × the write's duration × a random factor in [0, 2] (0: flat out).
    think: u32,
}

impl Driver<'_> {
    fn outcome<T>(&mut self, op: &str, r: orbit_core::Result<T>, expected: &[ErrorKind]) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) if e.kind() == ErrorKind::Storage => {
                let code = match &e {
                    orbit_core::Error::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => f.extended_code,
                    _ => 0,
                };
                let waited = self.called.elapsed().as_millis();
                self.report.storage.push(format!("{op}: {e} (extended code {code}, after {waited} ms)"));
                None
            }
            Err(e) if expected.contains(&e.kind()) => {
                *self.report.refused.entry(format!("{op}:{:?}", e.kind())).or_default() += 1;
                None
            }
            Err(e) => {
                self.report.unexpected.push(format!("{op}: {:?} {e}", e.kind()));
                None
            }
        }
    }

    fn step(&mut self, step: &Step) {
        let ms = &self.plan.milestones;
        match step {
            Step::Record(case, m, when) => {
                self.called = Instant::now();
                let r = self.scope.record_milestone(case, &ms[m], Some(*when), None);
                if self.outcome("record_milestone", r, &[]).is_some() {
                    self.report.done.push(Done::Record(case.clone(), m, *when));
                }
            }
            Step::Undo(case, m) => {
                self.called = Instant::now();
                let r = self.scope.undo_milestone(case, &ms[m]);
                if self.outcome("undo_milestone", r, &[]).is_some() {
                    self.report.done.push(Done::Undo(case.clone(), m));
                }
            }
            Step::Validate(case) | Step::TryValidate(case) => {
                let expected: &[ErrorKind] =
                    if matches!(step, Step::TryValidate(_)) { &[ErrorKind::NotCompleted] } else { &[] };
                self.called = Instant::now();
                let r = self.scope.validate_case(case);
                if self.outcome("validate_case", r, expected).is_some() {
                    self.report.done.push(Done::Validate(case.clone()));
                }
            }
        }
        let took = self.called.elapsed();
        self.report.write_times.push(took);
        if self.think > 0 {
            // A person between two taps: the writers leave the write lock free part of the time.
            thread::sleep(took * self.think * self.rng.below(201) as u32 / 100);
        }
    }

    /// One read a screen of the application would make, through the operation table.
    fn read(&mut self, case_ids: &[String]) {
        let (f, days) = (&self.plan.w.f, &self.plan.days);
        let (first, last) = (days[0].clone(), days[days.len() - 1].clone());
        let day = days[self.rng.below(days.len())].clone();
        let case = case_ids[self.rng.below(case_ids.len())].clone();
        let relation = orbit_core::stats::aggregates::RELATIONS[self.rng.below(5)];
        let (op, args) = match self.rng.below(6) {
            0 => ("facility_kpis", json!({"facility_id": f, "start_date": first, "end_date": last})),
            1 => ("aggregate_stats", json!({"relation": relation, "facility_id": f})),
            2 => ("checkin_board", json!({"facility_id": f, "date": day})),
            3 => ("get_case", json!({"case_id": case})),
            4 => ("case_milestones", json!({"case_id": case})),
            _ => ("case_stats", json!({"case_id": case})),
        };
        self.called = Instant::now();
        let r = orbit_core::api::invoke(&self.scope, op, &args);
        self.outcome(op, r, &[]);
        if self.rng.chance(20) {
            self.called = Instant::now();
            let r = self.scope.open_sql_session().and_then(|mut s| {
                s.query("SELECT case_number FROM cases WHERE scheduled_date = ?1 ORDER BY start_time", &[json!(day)])
            });
            self.outcome("sql_session", r, &[]);
        }
        self.report.reads += 1;
    }
}

/// The tasks of worker `index`: each a sequence of steps on one case, interleaved at random by `drive`.
fn tasks(plan: &Plan, index: usize, created: &[(String, i64)], rng: &mut Rng) -> Vec<Vec<Step>> {
    let a = &plan.workers[index];
    let lifecycle = |id: &str, start: i64| -> Vec<Step> {
        let mut steps: Vec<Step> =
            OFFSETS.iter().map(|(m, _)| Step::Record(id.to_string(), m, start + offset(m))).collect();
        steps.push(Step::Validate(id.to_string()));
        steps
    };
    let mut out: Vec<Vec<Step>> = created.iter().map(|(id, start)| lifecycle(id, *start)).collect();
    out.extend(a.owned.iter().map(|c| lifecycle(&c.id, c.start)));
    for c in &a.shared_owner {
        let mut steps: Vec<Step> = MAIN.iter().map(|m| Step::Record(c.id.clone(), m, c.start + offset(m))).collect();
        // Both writers of a shared case record room_cleaned, at different instants: the last writer wins.
        steps.push(Step::Record(c.id.clone(), "room_cleaned", c.start + offset("room_cleaned") + MINUTE));
        steps.push(Step::Validate(c.id.clone()));
        out.push(steps);
    }
    for c in &a.shared_editor {
        let mut steps = Vec::new();
        for (m, _) in OFFSETS.iter().filter(|(m, _)| !MAIN.contains(m)) {
            steps.push(Step::Record(c.id.clone(), m, c.start + offset(m)));
            if *m == "anes_end" {
                steps.push(Step::Undo(c.id.clone(), m));
                steps.push(Step::Record(c.id.clone(), m, c.start + offset(m)));
            }
        }
        // Early validation attempts: NotCompleted until the owner has recorded patient_out.
        let i = rng.below(steps.len() + 1);
        steps.insert(i, Step::TryValidate(c.id.clone()));
        steps.insert(0, Step::TryValidate(c.id.clone()));
        out.push(steps);
    }
    out
}

fn drive(driver: &mut Driver<'_>, tasks: Vec<Vec<Step>>, case_ids: &[String]) {
    let mut pending: Vec<std::collections::VecDeque<Step>> = tasks.into_iter().map(Into::into).collect();
    while !pending.is_empty() {
        let i = driver.rng.below(pending.len());
        let step = pending[i].pop_front().unwrap();
        if pending[i].is_empty() {
            pending.swap_remove(i);
        }
        driver.step(&step);
        if driver.rng.chance(25) {
            driver.read(case_ids);
        }
    }
}

/// Writer `index`: the create race, then its cases' steps interleaved with reads.
fn worker(scope: Scope, plan: &Plan, index: usize, think: u32, start: &Barrier) -> Report {
    let mut d = Driver {
        scope,
        plan,
        rng: Rng(plan.seed.wrapping_mul(31).wrapping_add(index as u64)),
        report: Report::default(),
        called: Instant::now(),
        think,
    };
    start.wait();
    let mut created = Vec::new();
    for (case, start) in &plan.races {
        d.called = Instant::now();
        let r = d.scope.create_case(case.clone());
        if let Some(id) = d.outcome("create_case", r, &[ErrorKind::Conflict]) {
            d.report.done.push(Done::Create(case.case_number.clone(), id.clone()));
            created.push((id, *start));
        }
    }
    let mut rng = Rng(d.rng.next());
    let tasks = tasks(plan, index, &created, &mut rng);
    let case_ids: Vec<String> = tasks.iter().map(|t| step_case(&t[0]).to_string()).collect();
    drive(&mut d, tasks, &case_ids);
    d.report
}

fn step_case(step: &Step) -> &str {
    match step {
        Step::Record(c, ..) | Step::Undo(c, _) | Step::Validate(c) | Step::TryValidate(c) => c,
    }
}

/// Invariants every committed state satisfies, checked in SQL-session snapshots by the reader.
const SNAPSHOT_CHECKS: [(&str, &str); 4] = [
    (
        "stats rows of unvalidated cases",
        "SELECT count(*) FROM case_completion_stats s JOIN cases c ON c.id = s.case_id WHERE c.data_validated = 0",
    ),
    (
        "validated cases without a stats row",
        "SELECT count(*) FROM cases c WHERE c.data_validated = 1
           AND NOT EXISTS (SELECT 1 FROM case_completion_stats s WHERE s.case_id = c.id)",
    ),
    (
        "validated cases not completed",
        "SELECT count(*) FROM cases c JOIN case_statuses s ON s.id = c.status_id
         WHERE c.data_validated = 1 AND s.name <> 'completed'",
    ),
    (
        "surgeon totals differ from the stats rows",
        "SELECT (SELECT coalesce(sum(total_cases), 0) FROM surgeon_overall_stats)
              - (SELECT count(*) FROM case_completion_stats WHERE is_excluded = 0)",
    ),
];

/// The read-only participant: screens' reads and snapshot invariants until `stop`.
fn reader(scope: Scope, plan: &Plan, start: &Barrier, stop: &AtomicBool) -> Report {
    let mut d = Driver {
        scope,
        plan,
        rng: Rng(plan.seed ^ 0xabcd),
        report: Report::default(),
        called: Instant::now(),
        think: 0,
    };
    let case_ids: Vec<String> = plan.workers.iter().flat_map(|a| a.owned.iter().map(|c| c.id.clone())).collect();
    start.wait();
    while !stop.load(Ordering::SeqCst) {
        d.read(&case_ids);
        d.called = Instant::now();
        let r = d.scope.open_sql_session().and_then(|mut s| {
            SNAPSHOT_CHECKS
                .iter()
                .map(|(what, sql)| Ok((*what, s.query(sql, &[])?.rows[0][0].clone())))
                .collect::<orbit_core::Result<Vec<_>>>()
        });
        if let Some(values) = d.outcome("sql_session", r, &[]) {
            for (what, v) in values {
                if v != json!(0) {
                    d.report.violations.push(format!("{what}: {v}"));
                }
            }
            d.report.snapshots += 1;
        }
    }
    d.report
}

/// How the participants reach the file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Each opens its own store (its own connection), as separate processes do.
    OwnConnections,
    /// All share clones of one store (one connection).
    SharedStore,
}

/// Writers' pause factor (ORBIT_THINK; 0 = flat out, see docs/RELIABILITY.md §2 on write-lock starvation).
fn think() -> u32 {
    std::env::var("ORBIT_THINK").ok().and_then(|v| v.parse().ok()).unwrap_or(2)
}

fn run(mode: Mode) {
    let plan = plan(seed());
    // Separate connections pace their writes like people (a busy waiter polls the lock, first come is not
    // first served); threads of one store queue on its connection and run flat out.
    let think = if mode == Mode::OwnConnections { think() } else { 0 };
    let shared = Orbit::open_with(&plan.path, OpenOptions::default().with_clock(ManualClock::new(plan.now))).unwrap();
    let scope_for = |user: &str| -> Scope {
        match mode {
            Mode::OwnConnections => {
                let clock = ManualClock::new(plan.now);
                Orbit::open_with(&plan.path, OpenOptions::default().with_clock(clock)).unwrap().as_user(user).unwrap()
            }
            Mode::SharedStore => shared.as_user(user).unwrap(),
        }
    };
    let scopes: Vec<Scope> = plan.workers.iter().map(|a| scope_for(&a.user_id)).collect();
    let start = Barrier::new(WORKERS + 2);
    let stop = AtomicBool::new(false);
    let t0 = Instant::now();
    let (reports, read_report, seconds) = thread::scope(|s| {
        let reader = {
            let scope = scope_for(&plan.admin_id);
            let (plan, start, stop) = (&plan, &start, &stop);
            s.spawn(move || reader(scope, plan, start, stop))
        };
        let workers: Vec<_> = (0..WORKERS)
            .map(|i| {
                let scope = scopes[i].clone();
                let (plan, start) = (&plan, &start);
                s.spawn(move || worker(scope, plan, i, think, start))
            })
            .collect();
        start.wait();
        let t1 = Instant::now();
        let reports: Vec<Report> = workers.into_iter().map(|h| h.join().unwrap()).collect();
        let seconds = t1.elapsed().as_secs_f64();
        stop.store(true, Ordering::SeqCst);
        (reports, reader.join().unwrap(), seconds)
    });
    let mut all = Report::default();
    for r in &reports {
        assert!(r.storage.is_empty(), "a writer saw Storage (busy) errors: {:?}", &r.storage[..r.storage.len().min(5)]);
        assert!(r.unexpected.is_empty(), "unexpected errors: {:?}", &r.unexpected[..r.unexpected.len().min(5)]);
    }
    assert!(read_report.storage.is_empty(), "the reader saw Storage errors: {:?}", read_report.storage);
    assert!(read_report.unexpected.is_empty(), "the reader: {:?}", read_report.unexpected);
    assert!(read_report.violations.is_empty(), "snapshot invariants: {:?}", read_report.violations);
    assert!(read_report.snapshots > 0);

    // The race: one create per number won; every other attempt was a Conflict.
    let created: Vec<(String, String)> = reports
        .iter()
        .flat_map(|r| &r.done)
        .filter_map(|d| match d {
            Done::Create(n, id) => Some((n.clone(), id.clone())),
            _ => None,
        })
        .collect();
    let numbers: BTreeSet<&str> = created.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!((created.len(), numbers.len()), (RACES, RACES));
    let conflicts: usize = reports.iter().map(|r| r.refused.get("create_case:Conflict").copied().unwrap_or(0)).sum();
    assert_eq!(conflicts, RACES * (WORKERS - 1));

    let raw = plan.w.fx.raw();
    let query = |sql: &str| -> Vec<Vec<rusqlite::types::Value>> {
        let mut stmt = raw.prepare(sql).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect()).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    };
    let text = |v: &rusqlite::types::Value| match v {
        rusqlite::types::Value::Text(s) => s.clone(),
        rusqlite::types::Value::Null => String::new(),
        other => panic!("not text: {other:?}"),
    };
    let int = |v: &rusqlite::types::Value| match v {
        rusqlite::types::Value::Integer(i) => *i,
        other => panic!("not an integer: {other:?}"),
    };
    let name_of: BTreeMap<String, &'static str> = plan.milestones.iter().map(|(n, id)| (id.clone(), *n)).collect();
    let worker_of: BTreeMap<String, usize> =
        plan.workers.iter().enumerate().map(|(i, a)| (a.user_id.clone(), i)).collect();

    // Every reported record/undo is in the audit trail, as often as it was reported, by the user who made it
    // (each is in the same transaction as its write: a lost write would be a missing row).
    let mut reported: BTreeMap<(usize, String, &str, &str), usize> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        for d in &r.done {
            match d {
                Done::Record(c, m, _) => *reported.entry((i, c.clone(), m, "record")).or_default() += 1,
                Done::Undo(c, m) => *reported.entry((i, c.clone(), m, "undo")).or_default() += 1,
                _ => {}
            }
        }
    }
    let mut audited: BTreeMap<(usize, String, &str, &str), usize> = BTreeMap::new();
    for row in query(
        "SELECT a.user_id, cm.case_id, cm.facility_milestone_id, a.action FROM audit_log a
         JOIN case_milestones cm ON cm.id = a.target_id WHERE a.target_type = 'case_milestones'",
    ) {
        let kind = if text(&row[3]) == "milestone.deleted" { "undo" } else { "record" };
        *audited.entry((worker_of[&text(&row[0])], text(&row[1]), name_of[&text(&row[2])], kind)).or_default() += 1;
    }
    assert_eq!(reported, audited, "reported writes and audit rows differ");

    // The final rows are what the writes say (room_cleaned of a shared case: one of its two writers' times).
    let mut written: BTreeMap<(String, &str), BTreeSet<i64>> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.done) {
        if let Done::Record(c, m, when) = d {
            written.entry((c.clone(), m)).or_default().insert(*when);
        }
    }
    let stored: BTreeMap<(String, &str), i64> =
        query("SELECT case_id, facility_milestone_id, recorded_at FROM case_milestones")
            .iter()
            .map(|r| ((text(&r[0]), name_of[&text(&r[1])]), int(&r[2])))
            .collect();
    let cases: BTreeSet<String> = query("SELECT id FROM cases").iter().map(|r| text(&r[0])).collect();
    assert_eq!(written.len(), cases.len() * OFFSETS.len(), "a milestone was never recorded");
    for (key, times) in &written {
        assert!(times.contains(&stored[key]), "{key:?}: stored {}, written {times:?}", stored[key]);
    }
    let not_done = plan.w.fx.count(
        "SELECT count(*) FROM cases c JOIN case_statuses s ON s.id = c.status_id
         WHERE s.name <> 'completed' OR c.data_validated = 0",
    );
    assert_eq!(not_done, 0, "every case completed and validated");
    let validations = plan.w.fx.count("SELECT count(*) FROM audit_log WHERE action = 'case.validated'");
    assert_eq!(validations as usize, cases.len(), "each case validated exactly once");

    // Stats: what the timings give, and equal to a rebuild (in place: nothing to change; from scratch: the
    // same rows and aggregates).
    let durations = query(
        "SELECT total_duration_minutes, surgical_duration_minutes, anesthesia_duration_minutes
         FROM case_completion_stats",
    );
    assert_eq!(durations.len(), cases.len());
    for d in &durations {
        assert_eq!((int(&d[0]), int(&d[1])), (104, 55));
    }
    let admin = plan.w.fx.global_admin();
    let snapshot = |skip: &[&str]| -> (Vec<String>, Vec<String>, Vec<Value>) {
        let rows = |sql: &str| common::rows_text(&raw, sql, skip);
        let q = AggregateQuery { facility_id: plan.w.f.clone(), ..Default::default() };
        let mut aggregates: Vec<Value> = orbit_core::stats::aggregates::RELATIONS
            .iter()
            .map(|r| admin.aggregate_stats(r, &q).unwrap().into_iter().map(Value::Object).collect())
            .collect();
        let (first, last) = (&plan.days[0], &plan.days[plan.days.len() - 1]);
        let kpis = json!({"facility_id": plan.w.f, "start_date": first, "end_date": last});
        aggregates.push(orbit_core::api::invoke(&admin, "facility_kpis", &kpis).unwrap());
        (
            rows("SELECT * FROM case_completion_stats ORDER BY case_id"),
            rows("SELECT * FROM case_milestone_stats ORDER BY case_id, milestone_type_id"),
            aggregates,
        )
    };
    let live = snapshot(&[]);
    let overall = orbit_core::stats::aggregates::RELATIONS.iter().position(|r| *r == "surgeon_overall_stats").unwrap();
    let totals: i64 = live.2[overall].as_array().unwrap().iter().map(|r| r["total_cases"].as_i64().unwrap()).sum();
    assert_eq!(totals as usize, cases.len(), "surgeon_overall_stats counts every case");
    assert_eq!(admin.refresh_stats(Some(&plan.w.f)).unwrap() as usize, cases.len());
    assert!(snapshot(&[]) == live, "refresh_stats rewrote stats that concurrent writers left consistent");
    // Flags: a connection that wrote during the run (its detection-window cache warm, other connections'
    // commits interleaved) re-detects the whole range; a fresh connection then finds nothing to change.
    // (Flags depend on the order cases were validated in, so they are compared across connections, not
    // against a replay.)
    let (first, last) = (&plan.days[0], &plan.days[plan.days.len() - 1]);
    let warm = scopes[0].orbit().as_user(&plan.admin_id).unwrap();
    warm.redetect_facility_flags(&plan.w.f, first, last).unwrap();
    let fresh = Orbit::open_with(&plan.path, OpenOptions::default().with_clock(ManualClock::new(plan.now))).unwrap();
    let again = fresh.as_user(&plan.admin_id).unwrap().redetect_facility_flags(&plan.w.f, first, last).unwrap();
    assert_eq!(
        (again.inserted, again.updated, again.deleted),
        (0, 0, 0),
        "a warm connection's detection differs from a fresh one's"
    );
    raw.execute_batch("DELETE FROM case_milestone_stats; DELETE FROM case_completion_stats;").unwrap();
    admin.refresh_stats(Some(&plan.w.f)).unwrap();
    let ids = ["id", "created_at", "updated_at"];
    let rebuilt = snapshot(&ids);
    let incremental = {
        // The live snapshot without the row ids and stamps (which a from-scratch rebuild renews).
        let strip = |rows: &Vec<String>| -> Vec<String> {
            rows.iter()
                .map(|r| {
                    r.split(' ')
                        .filter(|kv| !ids.iter().any(|i| kv.starts_with(&format!("{i}="))))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        };
        (strip(&live.0), strip(&live.1), live.2.clone())
    };
    assert_eq!(incremental.0, rebuilt.0, "case_completion_stats differ from a rebuild");
    assert_eq!(incremental.1, rebuilt.1, "case_milestone_stats differ from a rebuild");
    assert_eq!(incremental.2, rebuilt.2, "aggregates differ from a rebuild");
    let integrity: String = raw.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");

    for r in reports {
        all.merge(r);
    }
    let refused: usize = all.refused.values().sum();
    let mut times = all.write_times.clone();
    times.sort();
    let pct = |p: usize| times[(times.len() - 1) * p / 100].as_secs_f64() * 1000.0;
    eprintln!(
        "{} writers + 1 reader, {} cases: {} writes returned ({} expected refusals: {:?}), {} writer reads, \
         reader {} reads + {} snapshots; concurrent phase {seconds:.1} s (think {think}), whole test {:.1} s; \
         write calls p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        WORKERS,
        cases.len(),
        all.done.len(),
        refused,
        all.refused,
        all.reads,
        read_report.reads,
        read_report.snapshots,
        t0.elapsed().as_secs_f64(),
        pct(50),
        pct(99),
        pct(100)
    );
}

#[test]
fn connections_on_one_file_run_full_lifecycles_with_reads_and_races() {
    run(Mode::OwnConnections);
}

#[test]
fn threads_sharing_one_store_run_full_lifecycles_with_reads_and_races() {
    run(Mode::SharedStore);
}

// ---------------------------------------------------------------------------------------------------------
// Long writes and the busy timeout

/// A bulk write (demo generation: one transaction over many cases) in one connection while three other
/// connections record milestones: they wait for it (busy timeout, 5 s by default) and then succeed.
/// ORBIT_LONG_WRITE_DAYS sets the days of history generated (default 1); the generation's time is printed.
#[test]
fn a_long_write_makes_other_connections_wait_instead_of_failing() {
    let days: u32 = std::env::var("ORBIT_LONG_WRITE_DAYS").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let w = W::new("2026-03-10T17:00:00Z");
    let path = w.fx.dir.path().join("orbit.db");
    let demo = w.fx.global_admin().provision_demo_facility(1).unwrap();
    let cases: Vec<String> =
        (0..6).map(|i| w.case(&format!("L{i}"), "2026-03-09", &format!("{:02}:00", 7 + i))).collect();
    let user_id = w.user.context().unwrap().user_id.unwrap();
    let admin_id = w.fx.admin.id.clone();
    let open = || {
        Orbit::open_with(&path, OpenOptions::default().with_clock(ManualClock::new(at("2026-03-10T17:00:00Z"))))
            .unwrap()
    };
    let applied = AtomicUsize::new(0);
    let last_progress = Mutex::new(None::<Instant>);
    let t0 = Instant::now();
    let (report, generation, calls) = thread::scope(|s| {
        let generator = {
            let (orbit, applied, last_progress, demo_f) = (open(), &applied, &last_progress, demo.facility_id.clone());
            let admin_id = admin_id.clone();
            s.spawn(move || {
                let config = DemoConfig { days_of_history: Some(days), days_ahead: Some(1), ..DemoConfig::default() };
                let admin = orbit.as_user(&admin_id).unwrap();
                let started = Instant::now();
                let report = admin
                    .generate_demo_data_with_progress(&demo_f, Some(&config), 7, Some("2026-03-10"), &mut |_| {
                        applied.fetch_add(1, Ordering::SeqCst);
                        *last_progress.lock().unwrap() = Some(Instant::now());
                    })
                    .unwrap();
                (report, started.elapsed())
            })
        };
        let recorders: Vec<_> = (0..3)
            .map(|t| {
                let (orbit, applied) = (open(), &applied);
                let mine: Vec<String> = cases.iter().skip(t).step_by(3).cloned().collect();
                let (user_id, ms) = (user_id.clone(), w.milestones.clone());
                s.spawn(move || {
                    let scope = orbit.as_user(&user_id).unwrap();
                    // Start once the generator holds the write lock (it reports progress inside its transaction).
                    while applied.load(Ordering::SeqCst) == 0 {
                        thread::sleep(Duration::from_millis(1));
                    }
                    let mut calls = Vec::new();
                    for case in &mine {
                        let start = at("2026-03-09T07:00:00Z");
                        for (m, _) in &OFFSETS[..4] {
                            let t = Instant::now();
                            let r = scope.record_milestone(case, &ms[*m], Some(start + offset(m)), None);
                            calls.push((t, Instant::now(), r.map(|_| ()).map_err(|e| (e.kind(), e.to_string()))));
                        }
                    }
                    calls
                })
            })
            .collect();
        let (report, generation) = generator.join().unwrap();
        let calls: Vec<_> = recorders.into_iter().flat_map(|h| h.join().unwrap()).collect();
        (report, generation, calls)
    });
    let failures: Vec<_> = calls.iter().filter_map(|(_, _, r)| r.as_ref().err()).collect();
    assert!(failures.is_empty(), "writers failed during a {generation:?} bulk write: {failures:?}");
    // The first calls waited for the generation's transaction: they returned after its last progress report.
    let last = last_progress.lock().unwrap().unwrap();
    let waited = calls.iter().filter(|(_, end, _)| *end > last).count();
    assert!(waited >= 3, "the recorders' first calls returned while the generation held the write lock");
    let longest = calls.iter().map(|(start, end, _)| *end - *start).max().unwrap();
    let recorded = "SELECT count(*) FROM case_milestones WHERE recorded_at IS NOT NULL
                    AND case_id IN (SELECT id FROM cases WHERE case_number LIKE 'L%')";
    assert_eq!(w.fx.count(recorded), 24, "every recorder call's milestone is stored");
    eprintln!(
        "generation of {days} days: {} cases ({} historical) in one transaction of {:.2} s; {} recorder calls, \
         longest wait {:.2} s; whole test {:.1} s",
        report.cases,
        report.historical,
        generation.as_secs_f64(),
        calls.len(),
        longest.as_secs_f64(),
        t0.elapsed().as_secs_f64()
    );
}

/// The busy timeout is the only bound: a writer whose timeout is shorter than another connection's write
/// fails with `Storage` ("database is locked") and writes nothing; with the default it waits and succeeds.
#[test]
fn a_write_blocked_longer_than_the_busy_timeout_fails_with_storage_and_writes_nothing() {
    let w = W::new("2026-02-10T12:00:00Z");
    let path = w.fx.dir.path().join("orbit.db");
    let case = w.case("B1", "2026-02-10", "07:00");
    let user_id = w.user.context().unwrap().user_id.unwrap();
    let clock = || OpenOptions::default().with_clock(ManualClock::new(at("2026-02-10T12:00:00Z")));
    let impatient =
        Orbit::open_with(&path, OpenOptions { busy_timeout: Duration::from_millis(100), ..clock() }).unwrap();
    let patient = Orbit::open_with(&path, clock()).unwrap();
    let before = w.content();
    let holder = w.fx.raw();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let t = Instant::now();
    let e = impatient.as_user(&user_id).unwrap().record_milestone(&case, w.m("patient_in"), None, None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Storage);
    assert!(e.to_string().contains("locked"), "{e}");
    assert!(t.elapsed() >= Duration::from_millis(100));
    w.assert_unchanged(&before, "a write that timed out");
    let release = thread::spawn(move || {
        thread::sleep(Duration::from_millis(300));
        holder.execute_batch("COMMIT").unwrap();
    });
    let t = Instant::now();
    patient.as_user(&user_id).unwrap().record_milestone(&case, w.m("patient_in"), None, None).unwrap();
    assert!(t.elapsed() >= Duration::from_millis(250), "the default timeout waited for the lock");
    release.join().unwrap();
    assert_eq!(w.status(&case), "in_progress");
}

/// Several processes starting on a new file at once: each open (probe, WAL, migrations) succeeds and the
/// schema is applied once. Bug found by this test (docs/RELIABILITY.md §2): `schema::migrate` decided that
/// migrations were pending before holding the write lock, so a connection that lost the race re-ran V1 and
/// failed with `Storage` ("table facilities already exists") in about one run in five; it now re-reads the
/// applied versions when its run fails. Ten rounds of four openers.
#[test]
fn connections_opening_one_new_file_at_once_all_succeed() {
    for _ in 0..10 {
        four_open_one_new_file_at_once();
    }
}

fn four_open_one_new_file_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orbit.db");
    let start = Barrier::new(4);
    let results: Vec<_> = thread::scope(|s| {
        let hs: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    Orbit::open(&path).map(|o| o.schema_version().unwrap()).map_err(|e| (e.kind(), e.to_string()))
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for r in &results {
        assert_eq!(r, &Ok(orbit_core::schema::latest_version()), "{results:?}");
    }
}
