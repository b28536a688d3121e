// Several processes on one WAL file at once, through the Node binding (docs/RELIABILITY.md §2).
//
// The test process provisions a facility and schedules the cases; WORKERS child processes
// (child_process.fork of this same file, each with its own Store.open of the file) then drive them through
// the lifecycle as different users, each on two concurrent lanes of promises sharing its one Store, with
// reads between writes; one more child only reads and checks snapshot invariants. Contention: every worker
// creates the same RACES case numbers (one create wins, the others get Conflict, code 4); workers 0 and 1
// share SHARED cases (the owner records patient_in/incision/closing/patient_out and validates, the editor
// records the other six milestones, undoes and re-records one and tries to validate early, NotCompleted
// until the case is completed; both record room_cleaned at different instants: last writer wins); cases of
// different workers are neighbours in the same rooms and days. Lanes pause after each write (ORBIT_THINK ×
// its duration, default 2): flat-out writers on separate connections can starve one of them past the 5 s busy
// timeout (docs/RELIABILITY.md §2, Limits). The parent then checks: no Storage (23) or
// busy error anywhere, no error other than those refusals; every reported write is in the audit trail, per
// user; the final rows are what the writes say; the stats rows and aggregates equal what refresh_stats (the
// full recompute) gives. (PRAGMA integrity_check is run by the Python and Rust versions: Node 20 has no
// SQLite of its own.)
import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const orbit = require('../index.js')

const WORKERS = 3
const CASES_PER_WORKER = Number(process.env.ORBIT_FUZZ_CASES ?? 8)
// After each write a lane pauses THINK × the write's duration × a random factor in [0, 2], as people do between
// two taps; 0 runs the writers flat out (docs/RELIABILITY.md §2: write-lock starvation).
const THINK = Number(process.env.ORBIT_THINK ?? 2)
const SHARED = 4
const RACES = 3
const ROOMS = 3
const SLOTS_PER_DAY = 6
const SLOT_MINUTES = 130
const FIRST_DAY = Date.UTC(2026, 0, 5)
const OFFSETS = {
  patient_in: 0,
  anes_start: 4,
  anes_end: 14,
  prep_drape_start: 17,
  prep_drape_complete: 25,
  incision: 30,
  closing: 85,
  closing_complete: 95,
  patient_out: 104,
  room_cleaned: 118,
}
const MAIN = ['patient_in', 'incision', 'closing', 'patient_out']
const SIDE = Object.keys(OFFSETS).filter((m) => !MAIN.includes(m))
const STORAGE = 23
const CONFLICT = 4
const NOT_COMPLETED = 10
const RELATIONS = ['surgeon_overall_stats', 'surgeon_procedure_stats', 'facility_procedure_stats', 'surgeon_milestone_stats', 'facility_milestone_stats']
const DAY_MS = 86_400_000
const MIN_MS = 60_000

/** A small seeded generator (mulberry32), so a layout can be replayed. */
function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10)
const isBusy = (e) => e?.code === STORAGE || /busy|locked/i.test(String(e?.message))

/** Grid position → date, HH:MM, room index and start instant (the facility is in UTC). */
function slotTime(index) {
  const day = Math.floor(index / (ROOMS * SLOTS_PER_DAY))
  const rest = index % (ROOMS * SLOTS_PER_DAY)
  const slot = Math.floor(rest / ROOMS)
  const start = FIRST_DAY + day * DAY_MS + (7 * 60 + slot * SLOT_MINUTES) * MIN_MS
  return { date: isoDate(start), hhmm: new Date(start).toISOString().slice(11, 16), room: rest % ROOMS, start }
}

/** A driver: runs calls, logs the writes that resolved, counts refusals and busy errors. */
class Driver {
  constructor(store, userId, plan, seed) {
    this.scope = store.asUser(userId)
    this.plan = plan
    this.random = rng(seed)
    this.log = []
    this.refused = {}
    this.unexpected = []
    this.busy = []
    this.reads = 0
    this.writeMs = []
  }

  async call(op, args, expected = []) {
    try {
      return { ok: true, value: await this.scope.call(op, args) }
    } catch (e) {
      if (isBusy(e)) this.busy.push(`${op}: [${e.code}] ${e.message}`)
      else if (expected.includes(e.code)) this.refused[`${op}:${e.code}`] = (this.refused[`${op}:${e.code}`] ?? 0) + 1
      else this.unexpected.push(`${op} ${JSON.stringify(args)}: [${e.code}] ${e.message}`)
      return { ok: false }
    }
  }

  async step(step, random) {
    const started = performance.now()
    await this.write(step)
    const took = performance.now() - started
    this.writeMs.push(took)
    if (THINK > 0) await new Promise((resolve) => setTimeout(resolve, took * THINK * 2 * random()))
  }

  async write([kind, caseId, m, at]) {
    const ms = this.plan.milestones
    if (kind === 'record') {
      const r = await this.call('record_milestone', { case_id: caseId, facility_milestone_id: ms[m], recorded_at: at })
      if (r.ok) this.log.push(['record', caseId, m, at])
    } else if (kind === 'undo') {
      const r = await this.call('undo_milestone', { case_id: caseId, facility_milestone_id: ms[m] })
      if (r.ok) this.log.push(['undo', caseId, m])
    } else {
      const r = await this.call('validate_case', { case_id: caseId }, kind === 'try_validate' ? [NOT_COMPLETED] : [])
      if (r.ok) this.log.push(['validate', caseId])
    }
  }

  async read(caseIds) {
    const f = this.plan.facilityId
    const days = this.plan.days
    const pick = (xs) => xs[Math.floor(this.random() * xs.length)]
    switch (Math.floor(this.random() * 5)) {
      case 0:
        await this.call('facility_kpis', { facility_id: f, start_date: days[0], end_date: days[days.length - 1] })
        break
      case 1:
        await this.call('aggregate_stats', { relation: pick(RELATIONS), facility_id: f })
        break
      case 2:
        await this.call('checkin_board', { facility_id: f, date: pick(days) })
        break
      case 3:
        await this.call('get_case', { case_id: pick(caseIds) })
        await this.call('case_milestones', { case_id: pick(caseIds) })
        break
      default:
        try {
          const session = this.scope.openSqlSession()
          try {
            await session.query('SELECT c.case_number FROM cases c WHERE c.scheduled_date = ? ORDER BY c.start_time', [pick(days)])
          } finally {
            session.close()
          }
        } catch (e) {
          ;(isBusy(e) ? this.busy : this.unexpected).push(`sql session: [${e.code}] ${e.message}`)
        }
    }
    this.reads++
  }
}

async function workerMain(index, plan) {
  const store = orbit.Store.open(plan.path, plan.clockMs)
  const me = plan.workers[index]
  const d = new Driver(store, me.userId, plan, plan.seed * 31 + index)
  const t0 = performance.now()
  const tasks = []
  const lifecycle = (id, start) => [...Object.keys(OFFSETS).map((m) => ['record', id, m, start + OFFSETS[m] * MIN_MS]), ['validate', id]]
  for (const race of plan.races) {
    const r = await d.call('create_case', { case: race.case }, [CONFLICT])
    if (r.ok) {
      d.log.push(['create', race.case.case_number, r.value])
      tasks.push(lifecycle(r.value, race.start))
    }
  }
  for (const c of me.owned) tasks.push(lifecycle(c.id, c.start))
  for (const c of me.sharedOwner) {
    tasks.push([
      ...MAIN.map((m) => ['record', c.id, m, c.start + OFFSETS[m] * MIN_MS]),
      ['record', c.id, 'room_cleaned', c.start + (OFFSETS.room_cleaned + 1) * MIN_MS],
      ['validate', c.id],
    ])
  }
  for (const c of me.sharedEditor) {
    const steps = []
    for (const m of SIDE) {
      steps.push(['record', c.id, m, c.start + OFFSETS[m] * MIN_MS])
      if (m === 'anes_end') steps.push(['undo', c.id, m], ['record', c.id, m, c.start + OFFSETS[m] * MIN_MS])
    }
    // Early validation attempts: NotCompleted until the owner has recorded patient_out.
    steps.splice(Math.floor(d.random() * (steps.length + 1)), 0, ['try_validate', c.id])
    steps.unshift(['try_validate', c.id])
    tasks.push(steps)
  }
  const caseIds = tasks.map((t) => t[0][1])
  // Two lanes of promises share the one Store (its calls run on the libuv pool, serialized on its connection).
  const lane = async (mine, random) => {
    const pending = mine.map((t) => [...t])
    while (pending.length > 0) {
      const i = Math.floor(random() * pending.length)
      const step = pending[i].shift()
      if (pending[i].length === 0) pending.splice(i, 1)
      await d.step(step, random)
      if (random() < 0.25) await d.read(caseIds)
    }
  }
  await Promise.all([0, 1].map((l) => lane(tasks.filter((_, i) => i % 2 === l), rng(plan.seed + 7 * index + l))))
  store.close()
  return {
    index,
    log: d.log,
    refused: d.refused,
    unexpected: d.unexpected,
    busy: d.busy,
    reads: d.reads,
    writeMs: d.writeMs,
    seconds: (performance.now() - t0) / 1000,
  }
}

const SNAPSHOT_CHECKS = {
  'stats rows of unvalidated cases': 'SELECT count(*) FROM case_completion_stats s JOIN cases c ON c.id = s.case_id WHERE c.data_validated = 0',
  'validated cases without a stats row':
    'SELECT count(*) FROM cases c WHERE c.data_validated = 1 AND NOT EXISTS (SELECT 1 FROM case_completion_stats s WHERE s.case_id = c.id)',
  'surgeon totals differ from the stats rows':
    'SELECT (SELECT coalesce(sum(total_cases), 0) FROM surgeon_overall_stats) - (SELECT count(*) FROM case_completion_stats WHERE is_excluded = 0)',
}

async function readerMain(plan) {
  const store = orbit.Store.open(plan.path, plan.clockMs)
  const d = new Driver(store, plan.adminId, plan, plan.seed)
  const caseIds = plan.workers.flatMap((w) => [...w.owned, ...w.sharedOwner].map((c) => c.id))
  const violations = []
  let snapshots = 0
  let stop = false
  process.on('message', (m) => {
    if (m === 'stop') stop = true
  })
  process.send('ready')
  while (!stop) {
    await d.read(caseIds)
    try {
      const session = d.scope.openSqlSession()
      try {
        for (const [what, sql] of Object.entries(SNAPSHOT_CHECKS)) {
          const value = (await session.query(sql)).rows[0][0]
          if (value !== 0) violations.push(`${what}: ${value}`)
        }
        snapshots++
      } finally {
        session.close()
      }
    } catch (e) {
      ;(isBusy(e) ? d.busy : d.unexpected).push(`sql session: [${e.code}] ${e.message}`)
    }
  }
  store.close()
  return { index: 'reader', reads: d.reads, snapshots, violations, unexpected: d.unexpected, busy: d.busy }
}

async function setup(path, seed) {
  const total = WORKERS * CASES_PER_WORKER + SHARED + RACES
  const daysNeeded = Math.ceil(total / (ROOMS * SLOTS_PER_DAY))
  const days = Array.from({ length: daysNeeded }, (_, i) => isoDate(FIRST_DAY + i * DAY_MS))
  const clockMs = FIRST_DAY + daysNeeded * DAY_MS + 12 * 3_600_000
  const store = orbit.Store.open(path, clockMs)
  const adminId = (await store.system().call('bootstrap_global_admin', { user: { first_name: 'Grace', last_name: 'A' } })).id
  const admin = store.asUser(adminId)
  const f = (await admin.call('provision_facility', { facility: { name: 'Concurrency ASC', timezone: 'UTC' } })).facility_id
  const people = [
    ['coordinator', 'nurse', 'Cora'],
    ['user', 'surgeon', 'Sam'],
    ['user', 'surgeon', 'Sue'],
  ]
  const users = []
  for (const [level, role, name] of people) {
    users.push((await admin.call('create_user', { user: { facility_id: f, access_level: level, role, first_name: name, last_name: 'T' } })).id)
  }
  const surgeons = users.slice(1)
  const rooms = []
  for (let r = 0; r < ROOMS; r++) rooms.push((await admin.call('create', { table: 'or_rooms', fields: { facility_id: f, name: `OR${r + 1}` } })).id)
  const procedures = []
  for (let p = 0; p < 2; p++) procedures.push((await admin.call('create', { table: 'procedure_types', fields: { facility_id: f, name: `P${p}` } })).id)
  const coordinator = store.asUser(users[0])
  const milestones = Object.fromEntries((await coordinator.call('list', { table: 'facility_milestones' })).map((m) => [m.name, m.id]))
  // Shuffled grid: owners mix in every room and day, so neighbour recomputation crosses workers.
  const random = rng(seed)
  const grid = Array.from({ length: total }, (_, i) => i)
  for (let i = grid.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[grid[i], grid[j]] = [grid[j], grid[i]]
  }
  let k = 0
  const spec = (number) => {
    const { date, hhmm, room, start } = slotTime(grid[k])
    const c = { case_number: number, scheduled_date: date, start_time: hhmm, or_room_id: rooms[room], surgeon_id: surgeons[k % 2], procedure_type_id: procedures[Math.floor(k / 2) % 2] }
    k++
    return { case: c, start }
  }
  const races = Array.from({ length: RACES }, (_, r) => spec(`RACE-${r}`))
  const scheduled = async (number) => {
    const s = spec(number)
    return { id: await coordinator.call('create_case', { case: s.case }), start: s.start }
  }
  const workers = users.map((userId) => ({ userId, owned: [], sharedOwner: [], sharedEditor: [] }))
  for (let i = 0; i < WORKERS; i++) for (let j = 0; j < CASES_PER_WORKER; j++) workers[i].owned.push(await scheduled(`W${i}-${j}`))
  for (let j = 0; j < SHARED; j++) {
    const c = await scheduled(`S-${j}`)
    workers[0].sharedOwner.push(c)
    workers[1].sharedEditor.push(c)
  }
  store.close()
  return { path, clockMs, seed, adminId, facilityId: f, days, milestones, races, workers }
}

async function statsSnapshot(scope, plan) {
  const session = scope.openSqlSession()
  const snap = {}
  try {
    snap.case_completion_stats = (await session.query('SELECT * FROM case_completion_stats ORDER BY case_id')).rows
    snap.case_milestone_stats = (await session.query('SELECT * FROM case_milestone_stats ORDER BY case_id, milestone_type_id')).rows
  } finally {
    session.close()
  }
  for (const r of RELATIONS) snap[r] = await scope.call('aggregate_stats', { relation: r, facility_id: plan.facilityId })
  snap.facility_kpis = await scope.call('facility_kpis', { facility_id: plan.facilityId, start_date: plan.days[0], end_date: plan.days[plan.days.length - 1] })
  return snap
}

/** Forks this file in a role; resolves with the child's result message. */
function child(role, index, plan, onReady) {
  const env = { ...process.env, ORBIT_CONCURRENCY_ROLE: role, ORBIT_CONCURRENCY_INDEX: String(index) }
  delete env.NODE_TEST_CONTEXT // the child is not a test file of the runner
  const proc = fork(fileURLToPath(import.meta.url), [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  proc.send(plan)
  const done = new Promise((resolve, reject) => {
    let result
    proc.on('message', (m) => {
      if (m === 'ready') onReady?.()
      else result = m
    })
    proc.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`${role} ${index} exited with ${code}`))))
  })
  return { proc, done }
}

const role = process.env.ORBIT_CONCURRENCY_ROLE
if (role) {
  // A child process: wait for the plan, run, send the result, exit.
  process.once('message', async (plan) => {
    try {
      const result = role === 'reader' ? await readerMain(plan) : await workerMain(Number(process.env.ORBIT_CONCURRENCY_INDEX), plan)
      process.send(result, () => process.exit(0))
    } catch (e) {
      process.send({ index: role, crash: String(e?.stack ?? e) }, () => process.exit(0))
    }
  })
} else {
  const { test } = await import('node:test')
  const { default: assert } = await import('node:assert/strict')

  test('processes record, validate and read one file at once', { timeout: 120_000 }, async () => {
    const seed = Number(process.env.ORBIT_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32))
    console.log(`seed ${seed} (ORBIT_FUZZ_SEED=${seed} replays the case layout)`)
    const dir = mkdtempSync(join(tmpdir(), 'orbit-concurrency-'))
    try {
      const t0 = performance.now()
      const plan = await setup(join(dir, 'orbit.db'), seed)
      const tSetup = (performance.now() - t0) / 1000
      let readerReady
      const ready = new Promise((r) => (readerReady = r))
      const reader = child('reader', 0, plan, readerReady)
      await ready
      const t1 = performance.now()
      const workers = Array.from({ length: WORKERS }, (_, i) => child('worker', i, plan))
      const results = await Promise.all(workers.map((w) => w.done))
      const tWork = (performance.now() - t1) / 1000
      reader.proc.send('stop')
      const readerResult = await reader.done

      for (const r of [...results, readerResult]) {
        assert.equal(r.crash, undefined, `process ${r.index}: ${r.crash}`)
        assert.deepEqual(r.busy, [], `process ${r.index} saw busy/Storage errors`)
        assert.deepEqual(r.unexpected, [], `process ${r.index}`)
      }
      assert.deepEqual(readerResult.violations, [])
      assert.ok(readerResult.snapshots > 0)
      const logs = results.map((r) => r.log)
      const created = logs.flat().filter((e) => e[0] === 'create')
      assert.deepEqual(created.map((e) => e[1]).sort(), Array.from({ length: RACES }, (_, r) => `RACE-${r}`))
      const conflicts = results.reduce((n, r) => n + (r.refused[`create_case:${CONFLICT}`] ?? 0), 0)
      assert.equal(conflicts, RACES * (WORKERS - 1))

      const store = orbit.Store.open(plan.path, plan.clockMs)
      const admin = store.asUser(plan.adminId)
      const session = admin.openSqlSession()
      const nameOf = Object.fromEntries(Object.entries(plan.milestones).map(([k, v]) => [v, k]))
      const userIndex = Object.fromEntries(plan.workers.map((w, i) => [w.userId, i]))
      const final = new Map()
      for (const [c, m, at] of (await session.query('SELECT case_id, facility_milestone_id, recorded_at FROM case_milestones')).rows) final.set(`${c}|${nameOf[m]}`, at)
      const audited = {}
      const auditRows = await session.query(
        "SELECT a.user_id, cm.case_id, cm.facility_milestone_id, a.action FROM audit_log a JOIN case_milestones cm ON cm.id = a.target_id WHERE a.target_type = 'case_milestones'",
      )
      for (const [user, c, m, action] of auditRows.rows) {
        const key = `${userIndex[user]}|${c}|${nameOf[m]}|${action === 'milestone.deleted' ? 'undo' : 'record'}`
        audited[key] = (audited[key] ?? 0) + 1
      }
      const validatedAudit = {}
      for (const [c] of (await session.query("SELECT target_id FROM audit_log WHERE action = 'case.validated'")).rows) validatedAudit[c] = (validatedAudit[c] ?? 0) + 1
      const cases = (await session.query('SELECT c.id, s.name, c.data_validated FROM cases c JOIN case_statuses s ON s.id = c.status_id')).rows
      const durations = (await session.query('SELECT total_duration_minutes, surgical_duration_minutes, anesthesia_duration_minutes FROM case_completion_stats')).rows
      session.close()

      // Every reported write is in the audit trail, as often as reported, by the user who made it.
      const reported = {}
      logs.forEach((log, i) => {
        for (const e of log) {
          if (e[0] === 'record' || e[0] === 'undo') {
            const key = `${i}|${e[1]}|${e[2]}|${e[0]}`
            reported[key] = (reported[key] ?? 0) + 1
          }
        }
      })
      assert.deepEqual(audited, reported, 'reported writes and audit rows differ')
      // The final rows are what the writes say (room_cleaned of a shared case: one of its writers' times).
      const written = new Map()
      for (const e of logs.flat()) {
        if (e[0] !== 'record') continue
        const key = `${e[1]}|${e[2]}`
        written.set(key, [...new Set([...(written.get(key) ?? []), e[3]])])
      }
      const expectedCases = new Set([...created.map((e) => e[2]), ...plan.workers.flatMap((w) => [...w.owned, ...w.sharedOwner].map((c) => c.id))])
      assert.deepEqual(new Set(cases.map((c) => c[0])), expectedCases)
      assert.equal(written.size, expectedCases.size * Object.keys(OFFSETS).length, 'a milestone was never recorded')
      for (const [key, times] of written) assert.ok(times.includes(final.get(key)), `${key}: stored ${final.get(key)}, written ${times}`)
      for (const [id, status, validated] of cases) {
        assert.equal(status, 'completed', id)
        assert.equal(validated, 1, id)
        assert.equal(validatedAudit[id], 1, `${id} validated exactly once`)
      }
      assert.equal(durations.length, cases.length)
      for (const d of durations) assert.deepEqual(d, [104, 55, 10])

      // Stats rows and aggregates equal a full recompute.
      const before = await statsSnapshot(admin, plan)
      const total = before.surgeon_overall_stats.reduce((n, r) => n + r.total_cases, 0)
      assert.equal(total, cases.length)
      assert.equal(await admin.call('refresh_stats', { facility_id: plan.facilityId }), cases.length)
      const after = await statsSnapshot(admin, plan)
      for (const key of Object.keys(before)) assert.deepEqual(after[key], before[key], `${key} differs from a full recompute (refresh_stats)`)
      store.close()

      const writes = logs.reduce((n, l) => n + l.length, 0) + results.reduce((n, r) => n + Object.values(r.refused).reduce((a, b) => a + b, 0), 0)
      const notCompleted = results.reduce((n, r) => n + (r.refused[`validate_case:${NOT_COMPLETED}`] ?? 0), 0)
      const times = results.flatMap((r) => r.writeMs).sort((a, b) => a - b)
      const pct = (p) => times[Math.floor(((times.length - 1) * p) / 100)].toFixed(0)
      console.log(
        `${WORKERS} workers + 1 reader, ${cases.length} cases: ${writes} writes (${conflicts} Conflict, ${notCompleted} NotCompleted), ` +
          `${results.reduce((n, r) => n + r.reads, 0)} worker reads, reader ${readerResult.reads} reads + ${readerResult.snapshots} snapshots; ` +
          `setup ${tSetup.toFixed(1)} s, concurrent phase ${tWork.toFixed(1)} s (workers ${results.map((r) => r.seconds.toFixed(1)).join(', ')} s, think ${THINK}); ` +
          `write calls p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${pct(100)} ms`,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
}
