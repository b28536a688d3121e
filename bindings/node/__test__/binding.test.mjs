// The Node binding's own concerns: conversions, error codes, promises, lifetimes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const orbit = require('../index.js')

async function adminScope(store) {
  const admin = await store.system().call('bootstrap_global_admin', { user: { first_name: 'Grace', last_name: 'Hopper' } })
  return store.asUser(admin.id)
}

test('errors carry the stable numeric code and the kind name', async () => {
  const store = orbit.Store.open(':memory:')
  await assert.rejects(store.system().call('facility', { facility_id: 'not-a-uuid' }), (err) => {
    assert.ok(err instanceof Error)
    assert.equal(err.code, 3)
    assert.equal(err.kind, 'InvalidInput')
    assert.match(err.message, /facility_id/)
    return true
  })
  assert.throws(() => store.asUser('0195f3c2-0000-7000-8000-0000000000ff'), (err) => err.code === 2)
  assert.deepEqual(orbit.errorKinds()[5], { name: 'InvalidStatusTransition', code: 6 })
})

test('wrong types are coded errors, never crashes', async () => {
  const store = orbit.Store.open(':memory:')
  const scope = store.system()
  await assert.rejects(scope.call('facility', { facility_id: 42 }), (err) => err.code === 3)
  await assert.rejects(scope.call('no_such_operation'), (err) => err.code === 3)
  await assert.rejects(scope.call('facilities', [1, 2]), (err) => err.code === 3)
  assert.throws(() => scope.call(42), (err) => err instanceof Error && err.code !== undefined)
})

test('calls return promises with plain objects', async () => {
  const store = orbit.Store.open(':memory:', 1_770_000_000_000)
  const scope = await adminScope(store)
  const pending = scope.call('provision_facility', { facility: { name: 'Clínica São José — 東京' } })
  assert.ok(pending instanceof Promise)
  const report = await pending
  const facility = await scope.call('facility', { facility_id: report.facility_id })
  assert.equal(facility.name, 'Clínica São José — 東京')
  assert.equal(facility.is_demo, false)
  assert.equal(facility.created_at, 1_770_000_000_000)
  assert.ok(orbit.operations().some((o) => o.name === 'create_case'))
  assert.equal(orbit.version(), '0.1.0')
})

test('a closed store rejects with InvalidState', async () => {
  const store = orbit.Store.open(':memory:')
  const scope = store.system()
  const session = scope.openSqlSession()
  store.close()
  assert.equal(store.closed, true)
  await assert.rejects(scope.call('facilities'), (err) => err.code === 5)
  await assert.rejects(session.query('SELECT 1'), (err) => err.code === 5)
  assert.throws(() => store.system(), (err) => err.code === 5)
})

test('SQL sessions query and refuse writes', async () => {
  const store = orbit.Store.open(':memory:')
  const session = (await adminScope(store)).openSqlSession()
  assert.deepEqual(await session.query('SELECT name FROM case_statuses WHERE display_order = ?', [1]), { columns: ['name'], rows: [['scheduled']] })
  assert.ok(session.relations().some((r) => r.name === 'cases'))
  await assert.rejects(session.query('DELETE FROM cases'), (err) => err.code === 2)
  session.close()
  await assert.rejects(session.query('SELECT 1'), (err) => err.code === 5)
})

test('concurrent calls do not block the event loop', async () => {
  const store = orbit.Store.open(':memory:')
  const scope = await adminScope(store)
  let ticks = 0
  const timer = setInterval(() => ticks++, 0)
  await Promise.all(Array.from({ length: 20 }, (_, i) => scope.call('provision_facility', { facility: { name: `F${i}` } })))
  clearInterval(timer)
  assert.equal((await scope.call('facilities')).length, 20)
})
