// A first use of orbit from Node: bootstrap an admin, provision a facility, run a case through the lifecycle.
// Run: node examples/node/first_use.mjs (after `npx napi build --platform` in bindings/node)
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const orbit = require('../../bindings/node/index.js')

const store = orbit.Store.open(':memory:')
const admin = await store.system().call('bootstrap_global_admin', { user: { first_name: 'Grace', last_name: 'Hopper' } })
const facility = await store.asUser(admin.id).call('provision_facility', { facility: { name: 'Riverside ASC' } })
const scope = store.asUser(admin.id, facility.facility_id)
const milestones = Object.fromEntries((await scope.call('list', { table: 'facility_milestones' })).map((m) => [m.name, m.id]))
const caseId = await scope.call('create_case', { case: { case_number: '1042', scheduled_date: '2030-01-15' } })
try {
  await scope.call('record_milestone', { case_id: caseId, facility_milestone_id: milestones.patient_out })
} catch (err) {
  console.log(`refused as expected (code ${err.code}, ${err.kind})`)
}
const outcome = await scope.call('record_milestone', { case_id: caseId, facility_milestone_id: milestones.patient_in })
console.log(`case ${caseId} is ${outcome.status}`)
store.close()
