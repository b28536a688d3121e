//! Crash safety (docs/RELIABILITY.md §1): a child process does bulk and ordinary work on a WAL store file and is
//! killed with SIGKILL at a seeded random moment; the parent then reopens the file and checks that it is intact,
//! that every write the child saw commit is there, that nothing is half-written, and that the store keeps
//! working. The same file is used for every kill, so the store grows as a real one does.
//!
//! The child is this test binary itself, re-executed on [`crash_child`] (ignored, and a no-op unless
//! `ORBIT_CRASH_CHILD` is set, so a normal run skips it). Its work kinds:
//! - `lifecycle`: one call per transaction — it first finishes the cases earlier children left half-recorded,
//!   then creates cases and records every milestone of each (`create_case`, `record_milestone` ×n,
//!   `validate_case` when detection did not validate it);
//! - `batch`: the same lifecycle for 2–3 cases inside one `Scope::batch`;
//! - `generate`: `generate_demo_data` over 2 new days of the demo facility (one deferring batch each);
//! - `import`: `import_cases` of the next 20–40 rows of the real Q1 2022 file, 8-row batches (whole days).
//!
//! The child appends to a journal: a `b …` line (not synced) before each unit of work, and a commit line
//! (written, then `sync_all`) after the unit returned `Ok`. So after a kill the journal may lag the store by
//! the last unit, never lead it. Checks after every kill:
//! - `PRAGMA integrity_check` is `ok`, `PRAGMA foreign_key_check` finds nothing;
//! - every journalled commit is in the store, and everything in the store was journalled or is the last begun
//!   unit (lifecycle cases per case number and milestone; demo windows; import rows, which must be a prefix of
//!   the file in each import facility);
//! - no case is half-written (lifecycle-and-stats.md §2.4, §2.5, §6): every non-draft case has one
//!   `case_milestones` row per milestone of its stamped template, exactly one `created` history row (its first),
//!   a history chain of `status_id` and `data_validated` that ends at the case's current values, a status that
//!   agrees with its recorded patient_in/patient_out, a stats row exactly when it is validated, a check-in whose
//!   patient status followed its recorded milestones; lifecycle cases have their `case.created` audit row;
//!   a demo generation is all or nothing (each `demo.generated` audit row's window holds exactly its case
//!   count, and no demo case lies outside a recorded window); every imported case is validated;
//! - the stats equal a fresh rebuild: `refresh_stats` over every facility rewrites nothing;
//! - the store keeps working: reopened with the public API, a new case runs its whole lifecycle, and KPIs and
//!   every aggregate relation of each facility are read.
//!
//! Bounded form: 25 kills. Long form: `ORBIT_CRASH_KILLS=<n>`; `ORBIT_CRASH_SEED=<s>` sets the seed (printed).

mod common;

use common::rng::Rng;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions as FsOpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use orbit_core::demo::DemoConfig;
use orbit_core::import::{ImportMapping, ImportOptions};
use orbit_core::reference::RefTable;
use orbit_core::values::parse_rfc3339;
use orbit_core::{AggregateQuery, FacilityTarget, NewCase, NewFacility, NewUser, Orbit, ProvisionConfig, Scope};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Value, json};

const DATA: &str = include_str!("data/or_utilization_q1_2022.csv");

/// Environment of the child: its work kind (its presence makes [`crash_child`] run), the store, the journal,
/// the seed of its random choices, and the iteration (part of its case numbers).
const ENV_KIND: &str = "ORBIT_CRASH_CHILD";
const ENV_DB: &str = "ORBIT_CRASH_DB";
const ENV_JOURNAL: &str = "ORBIT_CRASH_JOURNAL";
const ENV_SEED: &str = "ORBIT_CRASH_CHILD_SEED";
const ENV_ITER: &str = "ORBIT_CRASH_ITER";

const KINDS: [&str; 4] = ["lifecycle", "batch", "generate", "import"];
const LIFECYCLE_FACILITY: &str = "Crash Lifecycle";
const IMPORT_FACILITY: &str = "Crash Import";
/// The first demo window's "today" (a Wednesday); each generation covers the 2 days after the previous one.
const FIRST_DEMO_TODAY: &str = "2024-01-03";
/// A child gives up after this long (it is normally killed long before).
const CHILD_MAX: Duration = Duration::from_secs(120);

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn epoch_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64
}

/// The ids the parent's setup wrote for the children (`world.json` beside the store).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct World {
    admin: String,
    lifecycle: String,
    rooms: Vec<String>,
    surgeons: Vec<String>,
    procedure: String,
    demo: String,
}

/// The CSV's data rows (lines; the file has no quoted line breaks) and their case numbers (encounter ids).
fn csv_rows() -> (&'static str, Vec<&'static str>, Vec<&'static str>) {
    let mut lines = DATA.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
    let numbers = rows.iter().map(|l| l.split(',').nth(1).unwrap()).collect();
    (header, rows, numbers)
}

/// Lifecycle case numbers are `K<iteration>-<n>` (children) or `P<iteration>` (the parent's check): the case's
/// date and start follow from them, so a later child finishes a case with the instants its creator planned.
fn lifecycle_plan(number: &str) -> (String, i64, usize) {
    let (iter, n) = match number.strip_prefix('K') {
        Some(rest) => {
            let (i, n) = rest.split_once('-').unwrap();
            (i.parse::<i64>().unwrap(), n.parse::<i64>().unwrap())
        }
        None => (number[1..].parse::<i64>().unwrap(), 11),
    };
    let date = chrono::NaiveDate::from_ymd_opt(2023, 1, 2).unwrap() + chrono::Days::new((iter % 700) as u64);
    let date = date.format("%Y-%m-%d").to_string();
    // 12:00Z = 07:00 in New York (winter); four start slots per room, three rooms.
    let start = parse_rfc3339("t", &format!("{date}T12:00:00Z")).unwrap() + (n / 3 % 4) * 2 * 3_600_000;
    (date, start, (n % 3) as usize)
}

// ─── The child ─────────────────────────────────────────────────────────────────────────────────────────────

struct Journal {
    file: File,
}

impl Journal {
    /// A progress line (not synced: a SIGKILL keeps what was written, only power loss would not), in one
    /// `write` so that a kill never leaves half a line.
    fn note(&mut self, line: &str) {
        self.file.write_all(format!("{line} @{}\n", epoch_ms()).as_bytes()).unwrap();
    }

    /// A commit line, after the unit returned `Ok`: written and synced before the next unit starts.
    fn commit(&mut self, line: &str) {
        self.note(line);
        self.file.sync_all().unwrap();
        // A pause between units (a client's think time), so that kills also land between calls.
        std::thread::sleep(Duration::from_millis(epoch_ms() % 7));
    }
}

struct Child {
    world: World,
    db: PathBuf,
    admin: Scope,
    journal: Journal,
    rng: Rng,
    iter: u64,
}

/// The child test: runs only as a child of [`sigkill_at_random_moments_loses_nothing_committed`].
#[test]
#[ignore = "the crash harness's child process; runs only with ORBIT_CRASH_CHILD set"]
fn crash_child() {
    let Ok(kind) = std::env::var(ENV_KIND) else { return };
    let db = PathBuf::from(std::env::var(ENV_DB).unwrap());
    let world: World =
        serde_json::from_str(&std::fs::read_to_string(db.with_file_name("world.json")).unwrap()).unwrap();
    let file = FsOpenOptions::new().create(true).append(true).open(std::env::var(ENV_JOURNAL).unwrap()).unwrap();
    let mut journal = Journal { file };
    journal.note("start");
    let orbit = Orbit::open(&db).unwrap();
    journal.commit("open");
    let admin = orbit.as_user(&world.admin).unwrap();
    let mut child =
        Child { world, db, admin, journal, rng: Rng(env_u64(ENV_SEED).unwrap()), iter: env_u64(ENV_ITER).unwrap() };
    let started = Instant::now();
    let mut n = 0;
    if kind == "lifecycle" || kind == "batch" {
        child.finish_open_cases();
    }
    while started.elapsed() < CHILD_MAX {
        match kind.as_str() {
            "lifecycle" => {
                child.lifecycle_case(n);
                n += 1;
            }
            "batch" => {
                let size = 2 + child.rng.below(2);
                child.lifecycle_batch(n, size);
                n += size;
            }
            "generate" => child.generate(),
            "import" => child.import(),
            other => panic!("unknown work kind {other}"),
        }
    }
}

impl Child {
    fn raw(&self) -> Connection {
        Connection::open(&self.db).unwrap()
    }

    fn new_case(&self, number: &str) -> String {
        let (date, _, slot) = lifecycle_plan(number);
        let w = &self.world;
        self.admin
            .create_case(NewCase {
                facility_id: Some(w.lifecycle.clone()),
                case_number: number.into(),
                scheduled_date: date,
                start_time: Some("07:00".into()),
                or_room_id: Some(w.rooms[slot].clone()),
                surgeon_id: Some(w.surgeons[slot].clone()),
                procedure_type_id: Some(w.procedure.clone()),
                ..NewCase::default()
            })
            .unwrap()
    }

    /// The case's milestone rows in display order: (facility milestone id, name, recorded).
    fn milestones(&self, case: &str) -> Vec<(String, String, bool)> {
        self.admin
            .case_milestones(case)
            .unwrap()
            .into_iter()
            .map(|m| (m.facility_milestone_id, m.name, m.recorded_at.is_some()))
            .collect()
    }

    /// Records milestone `k` of the case's rows at its planned instant; whether the case got validated.
    fn record(&self, case: &str, number: &str, k: usize, milestone: &str) -> bool {
        let (_, start, _) = lifecycle_plan(number);
        let at = start + k as i64 * 12 * 60_000;
        self.admin.record_milestone(case, milestone, Some(at), None).unwrap().auto_validated
    }

    fn validated(&self, case: &str) -> bool {
        let v = &self.admin.get_case(case).unwrap()["data_validated"];
        *v == json!(true) || *v == json!(1)
    }

    /// Finishes, one call per transaction, the lifecycle cases earlier children left incomplete.
    fn finish_open_cases(&mut self) {
        let open: Vec<(String, String)> = self
            .raw()
            .prepare(
                "SELECT id, case_number FROM cases WHERE facility_id = ?1 AND case_number LIKE 'K%'
                   AND (data_validated = 0 OR EXISTS (SELECT 1 FROM case_milestones m WHERE m.case_id = cases.id
                                                       AND m.recorded_at IS NULL))
                 ORDER BY case_number",
            )
            .unwrap()
            .query_map([&self.world.lifecycle], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for (id, number) in open {
            self.complete_case(&id, &number);
        }
    }

    /// Records the case's unrecorded milestones one call each, then validates it if detection did not.
    fn complete_case(&mut self, id: &str, number: &str) {
        for (k, (m, name, recorded)) in self.milestones(id).into_iter().enumerate() {
            if recorded {
                continue;
            }
            self.journal.note(&format!("b M {number} {name}"));
            let v = self.record(id, number, k, &m);
            self.journal.commit(&format!("M {number} {name} {}", u8::from(v)));
        }
        if !self.validated(id) {
            self.journal.note(&format!("b V {number}"));
            self.admin.validate_case(id).unwrap();
            self.journal.commit(&format!("V {number}"));
        }
    }

    fn lifecycle_case(&mut self, n: usize) {
        let number = format!("K{}-{n}", self.iter);
        self.journal.note(&format!("b C {number}"));
        let id = self.new_case(&number);
        self.journal.commit(&format!("C {number}"));
        self.complete_case(&id, &number);
    }

    /// `size` whole lifecycles in one batch (one transaction).
    fn lifecycle_batch(&mut self, n: usize, size: usize) {
        let numbers: Vec<String> = (n..n + size).map(|i| format!("K{}-{i}", self.iter)).collect();
        self.journal.note(&format!("b B {}", numbers.join(" ")));
        self.admin
            .batch(|_| {
                for number in &numbers {
                    let id = self.new_case(number);
                    for (k, (m, _, _)) in self.milestones(&id).into_iter().enumerate() {
                        self.record(&id, number, k, &m);
                    }
                    if !self.validated(&id) {
                        self.admin.validate_case(&id)?;
                    }
                }
                Ok(())
            })
            .unwrap();
        self.journal.commit(&format!("B {}", numbers.join(" ")));
    }

    /// One generation over the 2 days after the last recorded window (`purge_first` off, so the history grows).
    fn generate(&mut self) {
        let last: Option<String> = self
            .raw()
            .query_row(
                "SELECT max(json_extract(metadata, '$.end_date')) FROM audit_log
                 WHERE facility_id = ?1 AND action = 'demo.generated'",
                [&self.world.demo],
                |r| r.get(0),
            )
            .unwrap();
        let today = match last {
            None => FIRST_DEMO_TODAY.to_string(),
            Some(end) => {
                let end = chrono::NaiveDate::parse_from_str(&end, "%Y-%m-%d").unwrap();
                (end + chrono::Days::new(2)).format("%Y-%m-%d").to_string()
            }
        };
        let config =
            DemoConfig { days_of_history: Some(1), days_ahead: Some(0), purge_first: false, ..DemoConfig::default() };
        let seed = self.rng.next();
        self.journal.note(&format!("b G {today}"));
        let report = self.admin.generate_demo_data(&self.world.demo, Some(&config), seed, Some(&today)).unwrap();
        self.journal.commit(&format!("G {today} {}", report.cases));
    }

    /// The next 20–40 rows of the file into the first import facility that does not hold all of it (creating
    /// the facility when needed); the start is the first row the store lacks, so a killed import is re-run.
    fn import(&mut self) {
        let (header, rows, numbers) = csv_rows();
        let raw = self.raw();
        let mut k = 1;
        let (facility, start) = loop {
            let name = format!("{IMPORT_FACILITY} {k}");
            let f: Option<String> =
                raw.query_row("SELECT id FROM facilities WHERE name = ?1", [&name], |r| r.get(0)).optional().unwrap();
            let Some(f) = f else {
                self.journal.note(&format!("b F {k}"));
                let f = self
                    .admin
                    .provision_facility(
                        FacilityTarget::New(NewFacility {
                            name: name.clone(),
                            timezone: Some("America/New_York".into()),
                            ..NewFacility::default()
                        }),
                        ProvisionConfig::default(),
                    )
                    .unwrap()
                    .facility_id;
                self.journal.commit(&format!("F {k}"));
                break (f, 0);
            };
            let have: BTreeSet<String> = raw
                .prepare("SELECT case_number FROM cases WHERE facility_id = ?1")
                .unwrap()
                .query_map([&f], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            match numbers.iter().position(|n| !have.contains(*n)) {
                Some(start) => break (f, start),
                None => k += 1,
            }
        };
        drop(raw);
        let end = (start + 20 + self.rng.below(21)).min(rows.len());
        let text = format!("{header}\n{}\n", rows[start..end].join("\n"));
        let options = ImportOptions { batch_size: 8, ..ImportOptions::default().creating_missing() };
        self.journal.note(&format!("b I {k} {start} {end}"));
        let report = self.admin.import_cases(&facility, &text, &ImportMapping::default(), &options).unwrap();
        assert_eq!(report.rejected, 0, "{:?}", report.rejected_rows);
        self.journal.commit(&format!("I {k} {start} {end}"));
    }
}

// ─── The parent ────────────────────────────────────────────────────────────────────────────────────────────

/// What the journals say was committed to the lifecycle facility, per case number.
#[derive(Debug, Default, Clone)]
struct Known {
    milestones: BTreeSet<String>,
    validated: bool,
    /// Every milestone row recorded and the case validated (a batch or the parent's own case).
    complete: bool,
}

/// A lifecycle case as stored.
#[derive(Debug)]
struct Stored {
    recorded: BTreeSet<String>,
    rows: usize,
    validated: bool,
}

/// The unit of work a child began and did not journal as committed (it may or may not be in the store).
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Create(String),
    Milestone(String, String),
    Validate(String),
    Batch(Vec<String>),
    Generate(String),
    Import(u64, usize, usize),
    Facility(u64),
}

impl Pending {
    fn parse(words: &[&str]) -> Pending {
        match words {
            ["C", n, ..] => Pending::Create(n.to_string()),
            ["M", n, m, ..] => Pending::Milestone(n.to_string(), m.to_string()),
            ["V", n, ..] => Pending::Validate(n.to_string()),
            ["B", rest @ ..] => Pending::Batch(rest.iter().map(|s| s.to_string()).collect()),
            ["G", today, ..] => Pending::Generate(today.to_string()),
            ["I", k, a, b, ..] => Pending::Import(k.parse().unwrap(), a.parse().unwrap(), b.parse().unwrap()),
            ["F", k, ..] => Pending::Facility(k.parse().unwrap()),
            _ => panic!("unparsable journal line {words:?}"),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Pending::Create(_) | Pending::Milestone(..) | Pending::Validate(_) | Pending::Facility(_) => "call",
            Pending::Batch(_) | Pending::Generate(_) => "batch",
            Pending::Import(..) => "import",
        }
    }
}

/// One child's journal, read after the kill.
#[derive(Debug, Default)]
struct Tail {
    opened_at: Option<u64>,
    commits: Vec<Pending>,
    pending: Option<Pending>,
    /// Durations of committed units (begin → commit), ms.
    units: Vec<u64>,
    /// Cases whose journalled `record_milestone` validated them automatically.
    auto_validated: Vec<String>,
    /// When the pending unit began (epoch ms).
    pending_since: Option<u64>,
    /// Journalled generations: (today, cases).
    generated: Vec<(String, i64)>,
}

fn read_journal(path: &Path) -> Tail {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut tail = Tail::default();
    let mut begun: Option<(Pending, u64)> = None;
    for line in text.lines() {
        // A line cut by the kill has no `@time` (each line is one `write`, so this does not happen in practice).
        let Some((body, Ok(at))) = line.rsplit_once(" @").map(|(b, t)| (b, t.parse::<u64>())) else { continue };
        let words: Vec<&str> = body.split_whitespace().collect();
        match words.as_slice() {
            ["start"] => {}
            ["open"] => tail.opened_at = Some(at),
            ["b", rest @ ..] => begun = Some((Pending::parse(rest), at)),
            rest => {
                let unit = Pending::parse(rest);
                match rest {
                    ["M", n, _, "1"] => tail.auto_validated.push(n.to_string()),
                    ["G", today, cases] => tail.generated.push((today.to_string(), cases.parse().unwrap())),
                    _ => {}
                }
                let (b, t) = begun.take().expect("a commit line follows its begin line");
                assert_eq!(b, unit, "journal: commit of another unit than the one begun");
                tail.units.push(at - t);
                tail.commits.push(unit);
            }
        }
    }
    tail.pending_since = begun.as_ref().map(|(_, t)| *t);
    tail.pending = begun.map(|(p, _)| p);
    tail
}

fn rows<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    conn.prepare(sql).unwrap().query_map(params, f).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

fn one<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str) -> T {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every row of both per-case stats tables (for "a rebuild rewrites nothing").
fn stats_fingerprint(conn: &Connection) -> String {
    let mut out = String::new();
    for table in ["case_completion_stats", "case_milestone_stats"] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY id")).unwrap();
        let n = stmt.column_count();
        let mut r = stmt.query([]).unwrap();
        while let Some(row) = r.next().unwrap() {
            for i in 0..n {
                out.push_str(&format!("{:?}|", row.get_ref(i).unwrap()));
            }
            out.push('\n');
        }
    }
    out
}

struct Harness {
    dir: tempfile::TempDir,
    db: PathBuf,
    world: World,
    /// Journalled (or observed, once checked) lifecycle facts, per case number.
    known: BTreeMap<String, Known>,
    /// Journalled demo windows: today → cases.
    generations: BTreeMap<String, i64>,
    /// Journalled import progress: facility index → rows known imported.
    imported: BTreeMap<u64, usize>,
    facilities: BTreeSet<u64>,
    csv_numbers: Vec<&'static str>,
    journalled: Journalled,
}

/// The cases the journals name as committed (for the summary).
#[derive(Debug, Default)]
struct Journalled {
    /// Lifecycle case numbers.
    lifecycle: BTreeSet<String>,
    /// Demo windows ("today") with their case counts.
    generations: BTreeMap<String, i64>,
    /// (import facility, file row).
    rows: BTreeSet<(u64, usize)>,
}

impl Harness {
    fn new() -> Harness {
        let common::Fixture { dir, orbit, admin } = common::Fixture::new();
        let db = dir.path().join("orbit.db");
        let g = orbit.as_user(&admin.id).unwrap();
        let lifecycle = g
            .provision_facility(
                FacilityTarget::New(NewFacility {
                    name: LIFECYCLE_FACILITY.into(),
                    timezone: Some("America/New_York".into()),
                    ..NewFacility::default()
                }),
                ProvisionConfig::default(),
            )
            .unwrap()
            .facility_id;
        let create = |table: RefTable, fields: Value| -> String {
            let mut m = fields.as_object().unwrap().clone();
            m.insert("facility_id".into(), Value::String(lifecycle.clone()));
            g.create(table, &m).unwrap()["id"].as_str().unwrap().to_string()
        };
        let rooms = (1..=3).map(|i| create(RefTable::OrRooms, json!({"name": format!("OR{i}")}))).collect();
        let procedure = create(RefTable::ProcedureTypes, json!({"name": "P"}));
        let surgeons = (1..=3)
            .map(|i| {
                g.create_user(NewUser {
                    facility_id: Some(lifecycle.clone()),
                    role: Some("surgeon".into()),
                    first_name: format!("S{i}"),
                    last_name: "Surgeon".into(),
                    ..NewUser::default()
                })
                .unwrap()
                .id
            })
            .collect();
        let demo = g.provision_demo_facility(1).unwrap().facility_id;
        let world = World { admin: admin.id, lifecycle, rooms, surgeons, procedure, demo };
        std::fs::write(dir.path().join("world.json"), serde_json::to_string(&world).unwrap()).unwrap();
        Harness {
            dir,
            db,
            world,
            known: BTreeMap::new(),
            generations: BTreeMap::new(),
            imported: BTreeMap::new(),
            facilities: BTreeSet::new(),
            csv_numbers: csv_rows().2,
            journalled: Default::default(),
        }
    }

    /// Runs one child of `kind` and kills it `delay` after the spawn; returns its journal.
    fn run_child(&self, iter: u64, kind: &str, seed: u64, delay: Duration) -> (Tail, u64, u64, bool) {
        let journal = self.dir.path().join(format!("journal-{iter}.txt"));
        let stderr = File::create(self.dir.path().join("child-stderr.txt")).unwrap();
        let spawned_at = epoch_ms();
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_child", "--ignored", "--nocapture"])
            .env(ENV_KIND, kind)
            .env(ENV_DB, &self.db)
            .env(ENV_JOURNAL, &journal)
            .env(ENV_SEED, seed.to_string())
            .env(ENV_ITER, iter.to_string())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let deadline = Instant::now() + delay;
        let mut exited = None;
        while Instant::now() < deadline {
            if let Some(status) = child.try_wait().unwrap() {
                exited = Some(status);
                break;
            }
            std::thread::sleep(Duration::from_millis(2).min(deadline.saturating_duration_since(Instant::now())));
        }
        if let Some(status) = exited {
            let err = std::fs::read_to_string(self.dir.path().join("child-stderr.txt")).unwrap_or_default();
            panic!("child {iter} ({kind}) exited by itself before the kill ({status}):\n{err}");
        }
        let killed_at = epoch_ms();
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let killed = {
            use std::os::unix::process::ExitStatusExt;
            status.signal() == Some(9)
        };
        (read_journal(&journal), spawned_at, killed_at, killed)
    }

    /// Every check of the module docs. Returns whether the pending unit was found committed (journal lag).
    fn check(&mut self, iter: u64, tail: &Tail, rebuild: bool) -> bool {
        for unit in &tail.commits {
            match unit {
                Pending::Create(n) => {
                    self.journalled.lifecycle.insert(n.clone());
                }
                Pending::Batch(ns) => self.journalled.lifecycle.extend(ns.iter().cloned()),
                Pending::Import(k, a, b) => self.journalled.rows.extend((*a..*b).map(|r| (*k, r))),
                _ => {}
            }
        }
        self.journalled.generations.extend(tail.generated.iter().cloned());
        let raw = Connection::open(&self.db).unwrap();
        // The store does not change `synchronous`, so its connections run at this build's default: FULL (2),
        // under which WAL mode syncs the log at every commit.
        let synchronous: i64 = one(&raw, "PRAGMA synchronous");
        assert_eq!(synchronous, 2, "PRAGMA synchronous");
        let integrity: String = one(&raw, "PRAGMA integrity_check");
        assert_eq!(integrity, "ok", "iteration {iter}: integrity_check");
        let fk: Vec<String> = rows(&raw, "PRAGMA foreign_key_check", [], |r| r.get::<_, String>(0));
        assert!(fk.is_empty(), "iteration {iter}: foreign_key_check: {fk:?}");
        self.check_cases(iter, &raw);
        let mut lag = self.check_lifecycle(iter, &raw, tail);
        lag |= self.check_generations(iter, &raw, tail);
        lag |= self.check_imports(iter, &raw, tail);
        if rebuild {
            let before = stats_fingerprint(&raw);
            let orbit = Orbit::open(&self.db).unwrap();
            orbit.as_user(&self.world.admin).unwrap().refresh_stats(None).unwrap();
            assert!(stats_fingerprint(&raw) == before, "iteration {iter}: refresh_stats rewrote the stats");
        }
        lag
    }

    /// No case is half-written (any facility).
    fn check_cases(&self, iter: u64, raw: &Connection) {
        let bad: Vec<String> = rows(
            raw,
            "SELECT c.case_number FROM cases c
             WHERE c.is_draft = 0 AND (c.milestone_template_id IS NULL
                OR NOT EXISTS (SELECT 1 FROM case_milestones cm WHERE cm.case_id = c.id)
                OR EXISTS (SELECT 1 FROM milestone_template_items i
                             JOIN facility_milestones m ON m.id = i.facility_milestone_id AND m.is_active = 1
                            WHERE i.template_id = c.milestone_template_id
                              AND NOT EXISTS (SELECT 1 FROM case_milestones cm WHERE cm.case_id = c.id
                                                AND cm.facility_milestone_id = i.facility_milestone_id)))
             LIMIT 5",
            [],
            |r| r.get(0),
        );
        assert!(bad.is_empty(), "iteration {iter}: cases without their template's milestone rows: {bad:?}");
        let bad: Vec<String> = rows(
            raw,
            "SELECT c.case_number FROM cases c
             WHERE (SELECT count(*) FROM case_history h WHERE h.case_id = c.id AND h.change_type = 'created') <> 1
                OR (SELECT h.change_type FROM case_history h WHERE h.case_id = c.id ORDER BY h.rowid LIMIT 1)
                   <> 'created'
             LIMIT 5",
            [],
            |r| r.get(0),
        );
        assert!(bad.is_empty(), "iteration {iter}: cases without exactly one leading `created` history row: {bad:?}");
        // The history chain of status_id and data_validated ends at the case's current values.
        let scheduled: String = one(raw, "SELECT id FROM case_statuses WHERE name = 'scheduled'");
        let current: BTreeMap<String, (String, String, String)> = rows(
            raw,
            "SELECT id, case_number, status_id, CASE data_validated WHEN 1 THEN 'true' ELSE 'false' END FROM cases",
            [],
            |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))),
        )
        .into_iter()
        .collect();
        type Change = (String, Option<String>, Option<String>, Option<String>, Option<String>);
        let changes: Vec<Change> = rows(
            raw,
            "SELECT case_id,
                    json_extract(changed_fields, '$.status_id.old'), json_extract(changed_fields, '$.status_id.new'),
                    json_extract(changed_fields, '$.data_validated.old'),
                    json_extract(changed_fields, '$.data_validated.new')
             FROM case_history
             WHERE json_type(changed_fields, '$.status_id') IS NOT NULL
                OR json_type(changed_fields, '$.data_validated') IS NOT NULL
             ORDER BY case_id, rowid",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        );
        let mut chain: BTreeMap<&str, (String, String)> =
            current.keys().map(|id| (id.as_str(), (scheduled.clone(), "false".to_string()))).collect();
        for (case, s_old, s_new, v_old, v_new) in &changes {
            let Some(state) = chain.get_mut(case.as_str()) else { continue };
            let number = &current[case].0;
            if let Some(new) = s_new {
                assert_eq!(s_old.as_ref(), Some(&state.0), "iteration {iter}: case {number}: status history breaks");
                state.0 = new.clone();
            }
            if let Some(new) = v_new {
                assert_eq!(
                    v_old.as_ref(),
                    Some(&state.1),
                    "iteration {iter}: case {number}: validation history breaks"
                );
                state.1 = new.clone();
            }
        }
        for (id, (number, status, validated)) in &current {
            let (s, v) = &chain[id.as_str()];
            assert!(
                s == status && v == validated,
                "iteration {iter}: case {number}: history ends at ({s}, {v}), the case is ({status}, {validated})"
            );
        }
        // Status, milestones, stats row and check-in agree.
        type Disagreement = (String, String, i64, i64, i64, i64, Option<String>);
        let bad: Vec<Disagreement> = rows(
            raw,
            "WITH k AS (
               SELECT c.case_number AS n, s.name AS status, c.data_validated AS v, c.is_draft AS d,
                 EXISTS (SELECT 1 FROM case_milestones cm
                           JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
                          WHERE cm.case_id = c.id AND fm.name = 'patient_in' AND cm.recorded_at IS NOT NULL) AS pi,
                 EXISTS (SELECT 1 FROM case_milestones cm
                           JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
                          WHERE cm.case_id = c.id AND fm.name = 'patient_out' AND cm.recorded_at IS NOT NULL) AS po,
                 EXISTS (SELECT 1 FROM case_completion_stats x WHERE x.case_id = c.id) AS st,
                 (SELECT ps.name FROM patient_checkins pc JOIN patient_statuses ps ON ps.id = pc.patient_status_id
                   WHERE pc.case_id = c.id) AS ci
               FROM cases c JOIN case_statuses s ON s.id = c.status_id)
             SELECT n, status, v, pi, po, st, ci FROM k
             WHERE pi <> (status IN ('in_progress', 'completed')) OR po <> (status = 'completed')
                OR (v = 1 AND status <> 'completed') OR st <> (v = 1 AND pi AND po AND d = 0)
                OR (d = 0 AND status <> 'cancelled' AND ci IS NULL)
                OR (pi AND ci IN ('expected', 'checked_in'))
                OR (po AND ci NOT IN ('in_recovery', 'ready_for_discharge', 'discharged'))
             LIMIT 5",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        );
        assert!(
            bad.is_empty(),
            "iteration {iter}: cases whose (status, validated, patient_in, patient_out, stats row, check-in) \
             disagree: {bad:?}"
        );
    }

    /// The lifecycle facility against the journals; absorbs the store's state as known afterwards.
    fn check_lifecycle(&mut self, iter: u64, raw: &Connection, tail: &Tail) -> bool {
        for unit in &tail.commits {
            match unit {
                Pending::Create(n) => {
                    self.known.entry(n.clone()).or_default();
                }
                Pending::Milestone(n, m) => {
                    self.known.entry(n.clone()).or_default().milestones.insert(m.clone());
                }
                Pending::Validate(n) => self.known.entry(n.clone()).or_default().validated = true,
                Pending::Batch(ns) => {
                    for n in ns {
                        let k = self.known.entry(n.clone()).or_default();
                        k.validated = true;
                        k.complete = true;
                    }
                }
                _ => {}
            }
        }
        for n in &tail.auto_validated {
            self.known.entry(n.clone()).or_default().validated = true;
        }
        let f = &self.world.lifecycle;
        let mut stored: BTreeMap<String, Stored> = rows(
            raw,
            "SELECT c.case_number, c.data_validated, (SELECT count(*) FROM case_milestones m WHERE m.case_id = c.id)
             FROM cases c WHERE c.facility_id = ?1",
            [f],
            |r| {
                Ok((
                    r.get(0)?,
                    Stored { recorded: BTreeSet::new(), rows: r.get::<_, i64>(2)? as usize, validated: r.get(1)? },
                ))
            },
        )
        .into_iter()
        .collect();
        for (n, m) in rows(
            raw,
            "SELECT c.case_number, fm.name FROM cases c JOIN case_milestones cm ON cm.case_id = c.id
             JOIN facility_milestones fm ON fm.id = cm.facility_milestone_id
             WHERE c.facility_id = ?1 AND cm.recorded_at IS NOT NULL",
            [f],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        ) {
            stored.get_mut(&n).unwrap().recorded.insert(m);
        }
        // Journalled ⊆ stored.
        for (n, k) in &self.known {
            let s = stored.get(n).unwrap_or_else(|| panic!("iteration {iter}: committed case {n} is missing"));
            for m in &k.milestones {
                assert!(s.recorded.contains(m), "iteration {iter}: case {n}: committed milestone {m} is missing");
            }
            assert!(!k.validated || s.validated, "iteration {iter}: case {n}: committed validation is missing");
            assert!(
                !k.complete || (s.recorded.len() == s.rows && s.validated),
                "iteration {iter}: case {n}: committed complete, stored {s:?}"
            );
        }
        // Stored ⊆ journalled ∪ the pending unit (the journal lags by at most that unit).
        let pending = tail.pending.clone();
        let in_batch = |n: &str| matches!(&pending, Some(Pending::Batch(ns)) if ns.iter().any(|x| x == n));
        let mut lag = false;
        for (n, s) in &stored {
            let k = self.known.get(n);
            if k.is_none() {
                assert!(
                    pending == Some(Pending::Create(n.clone())) || in_batch(n),
                    "iteration {iter}: case {n} is stored but was never journalled (pending {pending:?})"
                );
                lag = true;
            }
            let k = k.cloned().unwrap_or_default();
            if k.complete {
                continue;
            }
            for m in s.recorded.difference(&k.milestones) {
                assert!(
                    pending == Some(Pending::Milestone(n.clone(), m.clone())) || in_batch(n),
                    "iteration {iter}: case {n}: milestone {m} stored but never journalled (pending {pending:?})"
                );
                lag = true;
            }
            if s.validated && !k.validated {
                let from_record = matches!(&pending, Some(Pending::Milestone(p, _)) if p == n);
                assert!(
                    pending == Some(Pending::Validate(n.clone())) || from_record || in_batch(n),
                    "iteration {iter}: case {n}: validated but never journalled (pending {pending:?})"
                );
                lag = true;
            }
        }
        // A batch is all or nothing.
        if let Some(Pending::Batch(ns)) = &pending {
            let present = ns.iter().filter(|n| stored.contains_key(*n)).count();
            assert!(present == 0 || present == ns.len(), "iteration {iter}: batch {ns:?} half-written ({present})");
            for n in ns.iter().filter(|n| stored.contains_key(*n)) {
                let s = &stored[n];
                assert!(s.recorded.len() == s.rows && s.validated, "iteration {iter}: batch case {n}: {s:?}");
            }
        }
        // Every lifecycle case has its creation audit row.
        let bad: Vec<String> = rows(
            raw,
            "SELECT c.case_number FROM cases c WHERE c.facility_id = ?1
               AND (SELECT count(*) FROM audit_log a
                     WHERE a.target_type = 'cases' AND a.target_id = c.id AND a.action = 'case.created') <> 1",
            [f],
            |r| r.get(0),
        );
        assert!(bad.is_empty(), "iteration {iter}: lifecycle cases without one case.created audit row: {bad:?}");
        let bad: Vec<String> = rows(
            raw,
            "SELECT c.case_number FROM cases c WHERE c.facility_id = ?1 AND c.data_validated = 1
               AND (SELECT count(*) FROM audit_log a
                     WHERE a.target_type = 'cases' AND a.target_id = c.id AND a.action = 'case.validated') <> 1",
            [f],
            |r| r.get(0),
        );
        assert!(
            bad.is_empty(),
            "iteration {iter}: validated lifecycle cases without one case.validated audit row: {bad:?}"
        );
        // Absorb what is stored (a lagging commit is now known).
        for (n, s) in stored {
            let k = self.known.entry(n).or_default();
            k.milestones = s.recorded;
            k.validated = s.validated;
        }
        lag
    }

    /// Demo generations: all or nothing, and every journalled one present.
    fn check_generations(&mut self, iter: u64, raw: &Connection, tail: &Tail) -> bool {
        for unit in &tail.commits {
            if let Pending::Generate(today) = unit {
                self.generations.insert(today.clone(), 0);
            }
        }
        let windows: Vec<(String, String, String, i64)> = rows(
            raw,
            "SELECT json_extract(metadata, '$.today'), json_extract(metadata, '$.start_date'),
                    json_extract(metadata, '$.end_date'), json_extract(metadata, '$.cases')
             FROM audit_log WHERE facility_id = ?1 AND action = 'demo.generated'",
            [&self.world.demo],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        );
        let mut in_windows = 0;
        for (_, start, end, cases) in &windows {
            let n: i64 = raw
                .query_row(
                    "SELECT count(*) FROM cases WHERE facility_id = ?1 AND scheduled_date BETWEEN ?2 AND ?3",
                    [&self.world.demo, start, end],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                n, *cases,
                "iteration {iter}: demo window {start}..{end} holds {n} cases, its generation made {cases}"
            );
            in_windows += n;
        }
        let all: i64 = raw
            .query_row("SELECT count(*) FROM cases WHERE facility_id = ?1", [&self.world.demo], |r| r.get(0))
            .unwrap();
        assert_eq!(all, in_windows, "iteration {iter}: demo cases outside every committed generation (half a batch)");
        let stored: BTreeMap<&String, i64> = windows.iter().map(|(t, _, _, c)| (t, *c)).collect();
        for today in self.generations.keys() {
            assert!(stored.contains_key(today), "iteration {iter}: committed generation {today} is missing");
        }
        let mut lag = false;
        for (today, cases) in stored {
            if !self.generations.contains_key(today) {
                assert_eq!(
                    tail.pending,
                    Some(Pending::Generate(today.clone())),
                    "iteration {iter}: generation {today} stored but never journalled"
                );
                lag = true;
            }
            self.generations.insert(today.clone(), cases);
        }
        lag
    }

    /// Import facilities hold a prefix of the file, every row a validated case; journalled rows are present.
    fn check_imports(&mut self, iter: u64, raw: &Connection, tail: &Tail) -> bool {
        for unit in &tail.commits {
            match unit {
                Pending::Import(k, _, end) => {
                    let e = self.imported.entry(*k).or_default();
                    *e = (*e).max(*end);
                }
                Pending::Facility(k) => {
                    self.facilities.insert(*k);
                }
                _ => {}
            }
        }
        let facilities: Vec<(String, String)> =
            rows(raw, "SELECT id, name FROM facilities WHERE name LIKE ?1 || ' %'", [IMPORT_FACILITY], |r| {
                Ok((r.get(0)?, r.get(1)?))
            });
        let mut lag = false;
        let mut seen = BTreeSet::new();
        for (f, name) in facilities {
            let k: u64 = name[IMPORT_FACILITY.len() + 1..].parse().unwrap();
            seen.insert(k);
            if !self.facilities.contains(&k) {
                assert_eq!(
                    tail.pending,
                    Some(Pending::Facility(k)),
                    "iteration {iter}: facility {name} never journalled"
                );
                self.facilities.insert(k);
                lag = true;
            }
            let numbers: BTreeSet<String> =
                rows(raw, "SELECT case_number FROM cases WHERE facility_id = ?1", [&f], |r| r.get(0))
                    .into_iter()
                    .collect();
            let m = numbers.len();
            assert!(
                self.csv_numbers[..m].iter().all(|n| numbers.contains(*n)),
                "iteration {iter}: {name}: the imported rows are not a prefix of the file"
            );
            let committed = self.imported.get(&k).copied().unwrap_or(0);
            assert!(m >= committed, "iteration {iter}: {name}: {m} rows stored, {committed} committed");
            if m > committed {
                assert!(
                    matches!(tail.pending, Some(Pending::Import(pk, _, end)) if pk == k && m <= end),
                    "iteration {iter}: {name}: {m} rows stored, {committed} journalled (pending {:?})",
                    tail.pending
                );
                self.imported.insert(k, m);
                lag = true;
            }
            let bad: i64 = raw
                .query_row(
                    "SELECT count(*) FROM cases c JOIN case_statuses s ON s.id = c.status_id
                     WHERE c.facility_id = ?1 AND (s.name <> 'completed' OR c.data_validated = 0)",
                    [&f],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(bad, 0, "iteration {iter}: {name}: imported cases not completed and validated (half a row)");
        }
        for k in &self.facilities {
            assert!(seen.contains(k), "iteration {iter}: committed import facility {k} is missing");
        }
        lag
    }

    /// The store keeps working: reopened with the public API, one more whole lifecycle and the reads.
    fn keep_working(&mut self, iter: u64) {
        let orbit = Orbit::open(&self.db).unwrap();
        let g = orbit.as_user(&self.world.admin).unwrap();
        let number = format!("P{iter}");
        let (date, start, slot) = lifecycle_plan(&number);
        let w = &self.world;
        let id = g
            .create_case(NewCase {
                facility_id: Some(w.lifecycle.clone()),
                case_number: number.clone(),
                scheduled_date: date.clone(),
                start_time: Some("07:00".into()),
                or_room_id: Some(w.rooms[slot].clone()),
                surgeon_id: Some(w.surgeons[slot].clone()),
                procedure_type_id: Some(w.procedure.clone()),
                ..NewCase::default()
            })
            .unwrap();
        let milestones = g.case_milestones(&id).unwrap();
        for (k, m) in milestones.iter().enumerate() {
            g.record_milestone(&id, &m.facility_milestone_id, Some(start + k as i64 * 12 * 60_000), None).unwrap();
        }
        g.validate_case(&id).unwrap();
        assert!(g.case_stats(&id).unwrap().is_some(), "iteration {iter}: the parent's case has no stats row");
        self.journalled.lifecycle.insert(number.clone());
        let k = self.known.entry(number).or_default();
        (k.complete, k.validated) = (true, true);
        k.milestones = milestones.into_iter().map(|m| m.name).collect();
        let raw = Connection::open(&self.db).unwrap();
        let facilities: Vec<String> = rows(&raw, "SELECT id FROM facilities WHERE name <> 'Global'", [], |r| r.get(0));
        for f in facilities {
            g.facility_kpis(&f, "2022-01-01", "2026-12-31", None).unwrap();
            for relation in orbit_core::stats::aggregates::RELATIONS {
                let q = AggregateQuery { facility_id: f.clone(), ..AggregateQuery::default() };
                g.aggregate_stats(relation, &q).unwrap();
            }
        }
    }
}

#[test]
fn sigkill_at_random_moments_loses_nothing_committed() {
    let started = Instant::now();
    let kills = env_u64("ORBIT_CRASH_KILLS").unwrap_or(25);
    let seed = env_u64("ORBIT_CRASH_SEED").unwrap_or(0xC4A5_0001);
    eprintln!(
        "crash harness: seed {seed}, {kills} kills; replay with ORBIT_CRASH_SEED={seed} ORBIT_CRASH_KILLS={kills}"
    );
    let mut rng = Rng(seed);
    let mut h = Harness::new();
    // Running estimates (ms), refined from each child's journal: spawn → open, and one unit of each kind.
    let mut open_ms = 150.0_f64;
    let mut unit_ms: BTreeMap<&str, f64> =
        [("lifecycle", 20.0), ("batch", 200.0), ("generate", 1500.0), ("import", 800.0)].into_iter().collect();
    let mut durations: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    let mut landed: BTreeMap<String, u64> = BTreeMap::new();
    let (mut lags, mut rebuilds, mut order) = (0, 0, Vec::new());
    let rebuild_every = (kills / 25).max(1);
    let verbose = std::env::var_os("ORBIT_CRASH_VERBOSE").is_some();
    for iter in 0..kills {
        if order.is_empty() {
            order = KINDS.to_vec();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
        }
        let kind = order.pop().unwrap();
        // Where to kill: 15% during process start and open (some right at the spawn), the rest over the
        // first two units of work, so kills land inside units and between them.
        let delay = if rng.below(100) < 15 { open_ms * rng.unit() } else { open_ms + 2.0 * unit_ms[kind] * rng.unit() };
        let child_seed = rng.next();
        let (tail, spawned_at, killed_at, killed) =
            h.run_child(iter, kind, child_seed, Duration::from_secs_f64(delay / 1000.0));
        assert!(killed, "iteration {iter}: the child was not killed by SIGKILL");
        if let Some(t) = tail.opened_at {
            open_ms = 0.8 * open_ms + 0.2 * (t.saturating_sub(spawned_at)) as f64;
        }
        let e = unit_ms.get_mut(kind).unwrap();
        if !tail.units.is_empty() {
            let mut u = tail.units.clone();
            u.sort_unstable();
            *e = 0.7 * *e + 0.3 * u[u.len() / 2] as f64;
            durations.entry(kind).or_default().extend(&tail.units);
        }
        // A unit cut by the kill ran at least this long: an estimate below it grows.
        if let Some(t) = tail.pending_since {
            *e = e.max(0.7 * *e + 0.3 * 1.5 * killed_at.saturating_sub(t) as f64);
        }
        let rebuild = iter % rebuild_every == 0 || iter + 1 == kills;
        rebuilds += u64::from(rebuild);
        let checking = Instant::now();
        let lag = h.check(iter, &tail, rebuild);
        lags += u64::from(lag);
        let place = match (&tail.opened_at, &tail.pending) {
            (None, _) => "during start/open".to_string(),
            (Some(_), None) => "between units".to_string(),
            (Some(_), Some(Pending::Import(..))) if lag => "mid-import (some of its batches committed)".to_string(),
            (Some(_), Some(p)) if lag => format!("mid-{} (after its commit)", p.kind()),
            (Some(_), Some(p)) => format!("mid-{}", p.kind()),
        };
        *landed.entry(place.clone()).or_default() += 1;
        h.keep_working(iter);
        if verbose {
            eprintln!(
                "  kill {iter}: {kind} after {delay:.0} ms, {place}, {} units committed; estimates open \
                 {open_ms:.0} ms, unit {:.0} ms; checks and the parent's case {} ms; {:.0} ms so far",
                tail.commits.len(),
                unit_ms[kind],
                checking.elapsed().as_millis(),
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
    // Every journalled fact of every iteration, once more at the end.
    let empty = Tail::default();
    h.check(kills, &empty, false);
    let raw = Connection::open(&h.db).unwrap();
    let found: i64 = one(&raw, "SELECT count(*) FROM cases");
    let j = &h.journalled;
    let committed = (j.lifecycle.len() + j.rows.len()) as i64 + j.generations.values().sum::<i64>();
    if verbose {
        for (kind, d) in &mut durations {
            d.sort_unstable();
            eprintln!("  {kind}: {} units committed, median {} ms, max {} ms", d.len(), d[d.len() / 2], d[d.len() - 1]);
        }
    }
    let mid = |k: &str| landed.iter().filter(|(p, _)| p.starts_with(k)).map(|(_, n)| n).sum::<u64>();
    eprintln!(
        "crash harness: {kills} kills (seed {seed}), {committed} cases journalled as committed, {found} cases \
         found; kills landed: {} during start/open, {} mid-call, {} mid-batch, {} mid-import, {} between units \
         ({lags} found the last unit's commit, whole or for imports in part, before its journal line); \
         {rebuilds} stats rebuilds compared; {:.1} s",
        mid("during"),
        mid("mid-call"),
        mid("mid-batch"),
        mid("mid-import"),
        mid("between"),
        started.elapsed().as_secs_f64()
    );
}
