"""Several processes on one WAL file at once, through the Python binding (docs/RELIABILITY.md §2).

The parent provisions a facility and schedules the cases; WORKERS processes (the "spawn" context: fresh
interpreters, each with its own `Store.open` of the file, as separate programs would) then drive them through
the lifecycle as different users of the facility (two coordinators, two surgeons), interleaving their cases at
random and reading (KPIs, aggregates, the check-in board, case reads, a SQL session) between writes, while one
more process only reads and checks snapshot invariants. Contention is real:
- every worker tries to create the same RACES case numbers: exactly one create per number wins, the others
  get `Conflict` (code 4), never a busy error;
- each pair of workers shares SHARED_PER_PAIR cases: the owner records patient_in, incision, closing, patient_out and
  validates; the editor records the six other milestones of the same case, undoes and re-records one, and
  tries to validate early (`NotCompleted` until the owner has recorded patient_out); both record room_cleaned
  at different instants (a re-record is an edit: the last writer wins, both writes are audited);
- cases of different workers are neighbours in the same rooms and days, so each write recomputes stats rows
  of other workers' cases;
- the last worker runs its cases on two threads sharing its one `Store`.
Workers pause after each write (ORBIT_THINK × its duration, default 2), as people do between taps: separate
connections wait for the write lock by polling, not in turn, and flat-out writers (ORBIT_THINK=0) can starve
one of them past the 5 s busy timeout (docs/RELIABILITY.md §2, Limits).

Workers report every write that returned normally. The parent then checks: no process saw a Storage error
(code 23) or a busy/locked message, nor any error other than the expected coded refusals; every reported
write is in the audit trail (one `milestone.*` audit row per reported record/undo, per user) and the final
rows are what the writes say; every case is completed and validated with the stats the timings give; the
stats rows and the five aggregates equal what `refresh_stats` (the full recompute) gives; `PRAGMA
integrity_check` is ok. ORBIT_FUZZ_CASES scales the cases per worker (default 8); ORBIT_FUZZ_SEED replays a
case layout.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import sqlite3
import threading
import time
import traceback
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orbit_surgical as orbit

WORKERS = 4
CASES_PER_WORKER = int(os.environ.get("ORBIT_FUZZ_CASES", "8"))
# After each write a worker pauses THINK × the write's duration × a random factor in [0, 2], as people do
# between two taps; 0 runs the workers flat out (docs/RELIABILITY.md §2: write-lock starvation).
THINK = float(os.environ.get("ORBIT_THINK", "2"))
SHARED_PER_PAIR = 4
RACES = 4
ROOMS = 4
SLOTS_PER_DAY = 6
SLOT_MINUTES = 130
FIRST_DAY = datetime(2026, 1, 5, tzinfo=timezone.utc)
# Minutes after the case's start at which each milestone of the default template is recorded.
OFFSETS = {
    "patient_in": 0,
    "anes_start": 4,
    "anes_end": 14,
    "prep_drape_start": 17,
    "prep_drape_complete": 25,
    "incision": 30,
    "closing": 85,
    "closing_complete": 95,
    "patient_out": 104,
    "room_cleaned": 118,
}
MAIN = ["patient_in", "incision", "closing", "patient_out"]  # the owner's part of a shared case
SIDE = [m for m in OFFSETS if m not in MAIN]  # the editor's part
STORAGE = 23
CONFLICT = 4
NOT_COMPLETED = 10
RELATIONS = [
    "surgeon_overall_stats",
    "surgeon_procedure_stats",
    "facility_procedure_stats",
    "surgeon_milestone_stats",
    "facility_milestone_stats",
]


def epoch_ms(d: datetime) -> int:
    return int(d.timestamp() * 1000)


def slot_time(index: int) -> tuple[str, str, int, int]:
    """Grid position `index` → (date, HH:MM start, room index, start instant ms); the facility is in UTC."""
    day, rest = divmod(index, ROOMS * SLOTS_PER_DAY)
    slot, room = divmod(rest, ROOMS)
    start = FIRST_DAY + timedelta(days=day, hours=7, minutes=slot * SLOT_MINUTES)
    return start.strftime("%Y-%m-%d"), start.strftime("%H:%M"), room, epoch_ms(start)


def is_busy(e: BaseException) -> bool:
    text = str(e).lower()
    return getattr(e, "code", None) == STORAGE or "busy" in text or "locked" in text


class Worker:
    """One process's (or thread's) driver: runs steps, logs the writes that returned, counts refusals."""

    def __init__(self, store: orbit.Store, user_id: str, facility_id: str, days: list[str], seed: int) -> None:
        self.store = store
        self.scope = store.as_user(user_id)
        self.facility_id = facility_id
        self.days = days
        self.rng = random.Random(seed)
        self.log: list[list[Any]] = []
        self.refused: dict[str, int] = {}
        self.unexpected: list[str] = []
        self.busy: list[str] = []
        self.reads = 0
        self.write_ms: list[float] = []
        self.lock = threading.Lock()

    def call(self, op: str, args: dict[str, Any], expected: tuple[int, ...] = ()) -> Any:
        try:
            return self.scope.call(op, args)
        except orbit.OrbitError as e:
            with self.lock:
                if is_busy(e):
                    self.busy.append(f"{op}: [{e.code}] {e}")
                elif e.code in expected:
                    key = f"{op}:{e.code}"
                    self.refused[key] = self.refused.get(key, 0) + 1
                else:
                    self.unexpected.append(f"{op} {args}: [{e.code}] {type(e).__name__} {e}")
            return None

    def paced(self, started: float) -> None:
        """Records a write call's duration (waiting included) and pauses after it."""
        took = time.perf_counter() - started
        with self.lock:
            self.write_ms.append(took * 1000)
        if THINK > 0:
            time.sleep(took * THINK * self.rng.uniform(0, 2))

    def _error_count(self) -> int:
        return sum(self.refused.values()) + len(self.unexpected) + len(self.busy)

    def validate(self, case_id: str, expected: tuple[int, ...] = ()) -> None:
        started = time.perf_counter()
        before = self._error_count()
        self.call("validate_case", {"case_id": case_id}, expected)
        if self._error_count() == before:
            with self.lock:
                self.log.append(["validate", case_id])
        self.paced(started)

    def record(self, case_id: str, milestone_id: str, name: str, at: int) -> None:
        started = time.perf_counter()
        args = {"case_id": case_id, "facility_milestone_id": milestone_id, "recorded_at": at}
        if self.call("record_milestone", args) is not None:
            with self.lock:
                self.log.append(["record", case_id, name, at])
        self.paced(started)

    def undo(self, case_id: str, milestone_id: str, name: str) -> None:
        started = time.perf_counter()
        args = {"case_id": case_id, "facility_milestone_id": milestone_id}
        if self.call("undo_milestone", args) is not None:
            with self.lock:
                self.log.append(["undo", case_id, name])
        self.paced(started)

    def read(self, case_ids: list[str]) -> None:
        """One read a screen of the application would make."""
        f = self.facility_id
        kind = self.rng.randrange(6)
        if kind == 0:
            self.call("facility_kpis", {"facility_id": f, "start_date": self.days[0], "end_date": self.days[-1]})
        elif kind == 1:
            self.call("aggregate_stats", {"relation": self.rng.choice(RELATIONS), "facility_id": f})
        elif kind == 2:
            self.call("checkin_board", {"facility_id": f, "date": self.rng.choice(self.days)})
        elif kind == 3:
            case_id = self.rng.choice(case_ids)
            self.call("get_case", {"case_id": case_id})
            self.call("case_milestones", {"case_id": case_id})
        elif kind == 4:
            self.call("case_stats", {"case_id": self.rng.choice(case_ids)})
        else:
            try:
                session = self.scope.open_sql_session()
                try:
                    session.query(
                        "SELECT c.case_number, s.name FROM cases c JOIN case_statuses s ON s.id = c.status_id "
                        "WHERE c.scheduled_date = ? ORDER BY c.start_time",
                        [self.rng.choice(self.days)],
                    )
                finally:
                    session.close()
            except orbit.OrbitError as e:
                with self.lock:
                    (self.busy if is_busy(e) else self.unexpected).append(f"sql session: [{e.code}] {e}")
        with self.lock:
            self.reads += 1


def worker_main(index: int, plan: dict[str, Any], start: Any, results: Any) -> None:
    """A worker process: its own Store on the file, its own user; sends back its log."""
    try:
        store = orbit.Store.open(plan["path"], clock_ms=plan["clock_ms"])
        me = plan["workers"][index]
        w = Worker(store, me["user_id"], plan["facility_id"], plan["days"], plan["seed"] * 31 + index)
        ms = plan["milestones"]
        start.wait()
        t0 = time.perf_counter()
        # The race: every worker creates the same case numbers; one create per number wins.
        tasks: list[list[tuple[str, Any]]] = []
        for race in plan["races"]:
            case_id = w.call("create_case", {"case": race["case"]}, expected=(CONFLICT,))
            if case_id is not None:
                w.log.append(["create", race["case"]["case_number"], case_id])
                tasks.append([("record", (case_id, m, race["start"] + OFFSETS[m] * 60_000)) for m in OFFSETS])
                tasks[-1].append(("validate", (case_id,)))
        for case in me["owned"]:
            tasks.append([("record", (case["id"], m, case["start"] + OFFSETS[m] * 60_000)) for m in OFFSETS])
            tasks[-1].append(("validate", (case["id"],)))
        for case in me["shared_owner"]:
            steps: list[tuple[str, Any]] = [("record", (case["id"], m, case["start"] + OFFSETS[m] * 60_000)) for m in MAIN]
            steps.append(("record", (case["id"], "room_cleaned", case["start"] + (OFFSETS["room_cleaned"] + 1) * 60_000)))
            steps.append(("validate", (case["id"],)))
            tasks.append(steps)
        for case in me["shared_editor"]:
            steps = []
            for m in SIDE:
                steps.append(("record", (case["id"], m, case["start"] + OFFSETS[m] * 60_000)))
                if m == "anes_end":
                    steps.append(("undo", (case["id"], m)))
                    steps.append(("record", (case["id"], m, case["start"] + OFFSETS[m] * 60_000)))
            # Early validation attempts: NotCompleted until the owner has recorded patient_out.
            steps.insert(w.rng.randrange(len(steps) + 1), ("try_validate", (case["id"],)))
            steps.insert(0, ("try_validate", (case["id"],)))
            tasks.append(steps)
        case_ids = [t[0][1][0] for t in tasks]

        def drive(my_tasks: list[list[tuple[str, Any]]], rng: random.Random) -> None:
            pending = [list(t) for t in my_tasks]
            while pending:
                i = rng.randrange(len(pending))
                kind, args = pending[i].pop(0)
                if not pending[i]:
                    pending.pop(i)
                if kind == "record":
                    case_id, m, at = args
                    w.record(case_id, ms[m], m, at)
                elif kind == "undo":
                    w.undo(args[0], ms[args[1]], args[1])
                elif kind == "validate":
                    w.validate(args[0])
                else:
                    w.validate(args[0], expected=(NOT_COMPLETED,))
                if rng.random() < 0.25:
                    w.read(case_ids)

        if me["threads"] == 1:
            drive(tasks, w.rng)
        else:
            # Threads of one process share its Store (one connection, calls serialized, GIL released).
            threads = [
                threading.Thread(target=drive, args=(tasks[t :: me["threads"]], random.Random(w.rng.random())))
                for t in range(me["threads"])
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        store.close()
        results.put(
            {
                "index": index,
                "log": w.log,
                "refused": w.refused,
                "unexpected": w.unexpected,
                "busy": w.busy,
                "reads": w.reads,
                "write_ms": w.write_ms,
                "seconds": time.perf_counter() - t0,
            }
        )
    except BaseException:  # noqa: BLE001
        results.put({"index": index, "crash": traceback.format_exc()})


SNAPSHOT_CHECKS = {
    "stats rows of unvalidated cases": "SELECT count(*) FROM case_completion_stats s JOIN cases c ON c.id = s.case_id "
    "WHERE c.data_validated = 0",
    "validated cases without a stats row": "SELECT count(*) FROM cases c WHERE c.data_validated = 1 AND NOT EXISTS "
    "(SELECT 1 FROM case_completion_stats s WHERE s.case_id = c.id)",
    "validated cases not completed": "SELECT count(*) FROM cases c JOIN case_statuses s ON s.id = c.status_id "
    "WHERE c.data_validated = 1 AND s.name <> 'completed'",
    "surgeon totals differ from the stats rows": "SELECT (SELECT coalesce(sum(total_cases), 0) FROM "
    "surgeon_overall_stats) - (SELECT count(*) FROM case_completion_stats WHERE is_excluded = 0)",
    "milestone audit rows without their row": "SELECT count(*) FROM audit_log a WHERE a.target_type = "
    "'case_milestones' AND NOT EXISTS (SELECT 1 FROM case_milestones m WHERE m.id = a.target_id)",
}


def reader_main(plan: dict[str, Any], start: Any, stop: Any, results: Any) -> None:
    """The read-only process: screens' reads, and invariants that every committed state must satisfy."""
    try:
        store = orbit.Store.open(plan["path"], clock_ms=plan["clock_ms"])
        w = Worker(store, plan["admin_id"], plan["facility_id"], plan["days"], plan["seed"])
        case_ids = [c["id"] for x in plan["workers"] for c in x["owned"] + x["shared_owner"]]
        violations: list[str] = []
        snapshots = 0
        start.wait()
        while not stop.is_set():
            w.read(case_ids)
            try:
                session = w.scope.open_sql_session()
                try:
                    for what, sql in SNAPSHOT_CHECKS.items():
                        value = session.query(sql)["rows"][0][0]
                        if value != 0:
                            violations.append(f"{what}: {value}")
                    snapshots += 1
                finally:
                    session.close()
            except orbit.OrbitError as e:
                (w.busy if is_busy(e) else w.unexpected).append(f"sql session: [{e.code}] {e}")
        store.close()
        results.put(
            {
                "index": "reader",
                "reads": w.reads,
                "snapshots": snapshots,
                "violations": violations,
                "unexpected": w.unexpected,
                "busy": w.busy,
            }
        )
    except BaseException:  # noqa: BLE001
        results.put({"index": "reader", "crash": traceback.format_exc()})


def setup(path: Path, seed: int) -> dict[str, Any]:
    """The facility, its users, rooms and procedures, and the scheduled cases (created by a coordinator)."""
    total = WORKERS * CASES_PER_WORKER + WORKERS // 2 * SHARED_PER_PAIR + RACES
    days_needed = -(-total // (ROOMS * SLOTS_PER_DAY))
    days = [(FIRST_DAY + timedelta(days=d)).strftime("%Y-%m-%d") for d in range(days_needed)]
    clock_ms = epoch_ms(FIRST_DAY + timedelta(days=days_needed, hours=12))
    with orbit.Store.open(str(path), clock_ms=clock_ms) as store:
        admin_id = store.system().call("bootstrap_global_admin", {"user": {"first_name": "Grace", "last_name": "A"}})[
            "id"
        ]
        admin = store.as_user(admin_id)
        f = admin.call("provision_facility", {"facility": {"name": "Concurrency ASC", "timezone": "UTC"}})[
            "facility_id"
        ]
        people = [
            ("coordinator", "nurse", "Cora"),
            ("coordinator", "nurse", "Cole"),
            ("user", "surgeon", "Sam"),
            ("user", "surgeon", "Sue"),
        ]
        users = [
            admin.call(
                "create_user",
                {"user": {"facility_id": f, "access_level": lvl, "role": role, "first_name": n, "last_name": "T"}},
            )["id"]
            for lvl, role, n in people
        ]
        surgeons = users[2:]
        rooms = [
            admin.call("create", {"table": "or_rooms", "fields": {"facility_id": f, "name": f"OR{r + 1}"}})["id"]
            for r in range(ROOMS)
        ]
        procedures = [
            admin.call("create", {"table": "procedure_types", "fields": {"facility_id": f, "name": f"P{p}"}})["id"]
            for p in range(2)
        ]
        coordinator = store.as_user(users[0])
        milestones = {m["name"]: m["id"] for m in coordinator.call("list", {"table": "facility_milestones"})}
        assert set(OFFSETS) <= set(milestones), milestones
        grid = list(range(total))
        random.Random(seed).shuffle(grid)  # owners mix in every room and day: neighbours cross workers

        def case_spec(number: str, k: int) -> dict[str, Any]:
            date, hhmm, room, start = slot_time(grid[k])
            return {
                "case": {
                    "case_number": number,
                    "scheduled_date": date,
                    "start_time": hhmm,
                    "or_room_id": rooms[room],
                    "surgeon_id": surgeons[k % 2],
                    "procedure_type_id": procedures[(k // 2) % 2],
                },
                "start": start,
            }

        k = 0
        races = []
        for r in range(RACES):
            races.append(case_spec(f"RACE-{r}", k))
            k += 1

        def scheduled(number: str) -> dict[str, Any]:
            nonlocal k
            spec = case_spec(number, k)
            k += 1
            return {"id": coordinator.call("create_case", {"case": spec["case"]}), "start": spec["start"]}

        workers: list[dict[str, Any]] = [
            {"user_id": users[i], "owned": [], "shared_owner": [], "shared_editor": [], "threads": 1}
            for i in range(WORKERS)
        ]
        workers[-1]["threads"] = 2
        for i in range(WORKERS):
            workers[i]["owned"] = [scheduled(f"W{i}-{j}") for j in range(CASES_PER_WORKER)]
        for p in range(WORKERS // 2):
            owner, editor = workers[2 * p], workers[2 * p + 1]
            for j in range(SHARED_PER_PAIR):
                case = scheduled(f"S{p}-{j}")
                owner["shared_owner"].append(case)
                editor["shared_editor"].append(case)
    return {
        "path": str(path),
        "clock_ms": clock_ms,
        "seed": seed,
        "admin_id": admin_id,
        "facility_id": f,
        "days": days,
        "milestones": milestones,
        "races": races,
        "workers": workers,
    }


def rows(session: orbit.SqlSession, sql: str) -> list[list[Any]]:
    return session.query(sql)["rows"]


def stats_snapshot(scope: orbit.Scope, plan: dict[str, Any]) -> dict[str, Any]:
    """Every stats row (all columns) and every aggregate relation and the KPIs the facility shows."""
    session = scope.open_sql_session()
    try:
        snap: dict[str, Any] = {
            "case_completion_stats": rows(session, "SELECT * FROM case_completion_stats ORDER BY case_id"),
            "case_milestone_stats": rows(
                session, "SELECT * FROM case_milestone_stats ORDER BY case_id, milestone_type_id"
            ),
        }
    finally:
        session.close()
    f = plan["facility_id"]
    for r in RELATIONS:
        snap[r] = scope.call("aggregate_stats", {"relation": r, "facility_id": f})
    snap["facility_kpis"] = scope.call(
        "facility_kpis", {"facility_id": f, "start_date": plan["days"][0], "end_date": plan["days"][-1]}
    )
    return snap


def test_processes_record_validate_and_read_one_file_at_once(tmp_path: Path) -> None:
    seed = int(os.environ.get("ORBIT_FUZZ_SEED", random.randrange(1 << 32)))
    print(f"seed {seed} (ORBIT_FUZZ_SEED={seed} replays the case layout)")
    t0 = time.perf_counter()
    plan = setup(tmp_path / "orbit.db", seed)
    t_setup = time.perf_counter() - t0

    ctx = mp.get_context("spawn")
    start = ctx.Barrier(WORKERS + 2)
    stop = ctx.Event()
    results = ctx.Queue()
    procs = [ctx.Process(target=worker_main, args=(i, plan, start, results)) for i in range(WORKERS)]
    reader = ctx.Process(target=reader_main, args=(plan, start, stop, results))
    for p in procs + [reader]:
        p.start()
    start.wait(timeout=60)
    t1 = time.perf_counter()
    out: dict[Any, dict[str, Any]] = {}
    for _ in range(WORKERS):
        r = results.get(timeout=120)
        out[r["index"]] = r
    t_work = time.perf_counter() - t1
    stop.set()
    r = results.get(timeout=60)
    out[r["index"]] = r
    for p in procs + [reader]:
        p.join(timeout=30)
        assert p.exitcode == 0, p

    # No process crashed, saw a busy/Storage error, or an error other than the expected refusals.
    for key, r in out.items():
        assert "crash" not in r, f"process {key}: {r.get('crash')}"
        assert r["busy"] == [], f"process {key} saw busy/Storage errors: {r['busy'][:5]}"
        assert r["unexpected"] == [], f"process {key}: {r['unexpected'][:5]}"
    assert out["reader"]["violations"] == [], out["reader"]["violations"][:5]
    assert out["reader"]["snapshots"] > 0

    logs = [out[i]["log"] for i in range(WORKERS)]
    # The race: one create per number, WORKERS - 1 Conflict refusals per number.
    created = [e for log in logs for e in log if e[0] == "create"]
    assert sorted(e[1] for e in created) == [f"RACE-{r}" for r in range(RACES)]
    conflicts = sum(out[i]["refused"].get(f"create_case:{CONFLICT}", 0) for i in range(WORKERS))
    assert conflicts == RACES * (WORKERS - 1)

    with orbit.Store.open(plan["path"], clock_ms=plan["clock_ms"]) as store:
        admin = store.as_user(plan["admin_id"])
        session = admin.open_sql_session()
        name_of = {v: k for k, v in plan["milestones"].items()}
        users = {w["user_id"]: i for i, w in enumerate(plan["workers"])}
        final = {
            (c, name_of[m]): at
            for c, m, at in rows(session, "SELECT case_id, facility_milestone_id, recorded_at FROM case_milestones")
        }
        audited: dict[tuple[Any, ...], int] = {}
        for user, c, m, action in rows(
            session,
            "SELECT a.user_id, cm.case_id, cm.facility_milestone_id, a.action FROM audit_log a "
            "JOIN case_milestones cm ON cm.id = a.target_id WHERE a.target_type = 'case_milestones'",
        ):
            key = (users.get(user), c, name_of[m], "undo" if action == "milestone.deleted" else "record")
            audited[key] = audited.get(key, 0) + 1
        validated_audit: dict[str, int] = {}
        for (c,) in rows(session, "SELECT target_id FROM audit_log WHERE action = 'case.validated'"):
            validated_audit[c] = validated_audit.get(c, 0) + 1
        cases = {
            c: (status, validated)
            for c, status, validated in rows(
                session,
                "SELECT c.id, s.name, c.data_validated FROM cases c JOIN case_statuses s ON s.id = c.status_id",
            )
        }
        session.close()

        # Every reported write is in the audit trail, as often as it was reported, by the user who made it.
        reported: dict[tuple[Any, ...], int] = {}
        for i, log in enumerate(logs):
            for e in log:
                if e[0] in ("record", "undo"):
                    key = (i, e[1], e[2], e[0])
                    reported[key] = reported.get(key, 0) + 1
        assert reported == audited, "reported writes and audit rows differ"
        # The final rows are what the writes say: each milestone's last reported time (room_cleaned of a
        # shared case: one of its two writers' times, the last writer's).
        last: dict[tuple[str, str], list[int]] = {}
        for log in logs:
            for e in log:
                if e[0] == "record":
                    last.setdefault((e[1], e[2]), [])
                    if e[3] not in last[(e[1], e[2])]:
                        last[(e[1], e[2])].append(e[3])
        expected_cases = {e[2] for e in created} | {
            c["id"] for w in plan["workers"] for c in w["owned"] + w["shared_owner"]
        }
        assert set(cases) == expected_cases
        for (c, m), times in last.items():
            assert final[(c, m)] in times, f"case {c} {m}: stored {final[(c, m)]}, written {times}"
        assert len(last) == len(expected_cases) * len(OFFSETS), "a milestone was never recorded"
        assert all(status == "completed" and validated for status, validated in cases.values()), cases
        assert all(validated_audit.get(c) == 1 for c in cases), "every case validated exactly once"
        validates = sum(1 for log in logs for e in log if e[0] == "validate")
        assert validates >= len(cases)

        # The stats: every case's row is what its times give; rows and aggregates equal a full recompute.
        before = stats_snapshot(admin, plan)
        assert len(before["case_completion_stats"]) == len(cases)
        for s in admin.open_sql_session().query(
            "SELECT total_duration_minutes, surgical_duration_minutes, anesthesia_duration_minutes "
            "FROM case_completion_stats"
        )["rows"]:
            assert s == [104, 55, 10.0], s
        totals = {r["surgeon_id"]: r["total_cases"] for r in before["surgeon_overall_stats"]}
        assert sum(totals.values()) == len(cases)
        t2 = time.perf_counter()
        assert admin.call("refresh_stats", {"facility_id": plan["facility_id"]}) == len(cases)
        t_refresh = time.perf_counter() - t2
        after = stats_snapshot(admin, plan)
        for key in before:
            assert before[key] == after[key], f"{key} differs from a full recompute (refresh_stats)"

    check = sqlite3.connect(f"file:{plan['path']}?mode=ro", uri=True)
    try:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert check.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        check.close()

    writes = sum(len(log) for log in logs) + sum(sum(out[i]["refused"].values()) for i in range(WORKERS))
    reads = sum(out[i]["reads"] for i in range(WORKERS))
    not_completed = sum(out[i]["refused"].get(f"validate_case:{NOT_COMPLETED}", 0) for i in range(WORKERS))
    per_worker = ", ".join(f"{out[i]['seconds']:.1f}" for i in range(WORKERS))
    times = sorted(t for i in range(WORKERS) for t in out[i]["write_ms"])
    pct = {p: times[(len(times) - 1) * p // 100] for p in (50, 99, 100)}
    print(
        f"{WORKERS} workers + 1 reader, {len(cases)} cases: {writes} writes ({conflicts} Conflict, "
        f"{not_completed} NotCompleted), {reads} worker reads, reader {out['reader']['reads']} reads + "
        f"{out['reader']['snapshots']} snapshots; setup {t_setup:.1f} s, concurrent phase {t_work:.1f} s "
        f"(workers {per_worker} s, think {THINK:g}), refresh {t_refresh:.2f} s; write calls p50 {pct[50]:.0f} ms, "
        f"p99 {pct[99]:.0f} ms, max {pct[100]:.0f} ms"
    )
