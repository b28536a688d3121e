// Replays the golden conformance scenarios (conformance/README.md) through the Node binding.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const orbit = require('../index.js')
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'conformance')

const ms = (instant) => Date.parse(instant)

function substitute(value, saved) {
  if (typeof value === 'string' && value.startsWith('$')) {
    let current = saved
    for (const part of value.slice(1).split('.')) current = Array.isArray(current) ? current[Number(part)] : current?.[part]
    return current ?? null
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, saved))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, saved)]))
  return value
}

function matches(expected, actual) {
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => matches(e, actual[i]))
  if (expected && typeof expected === 'object') return !!actual && typeof actual === 'object' && !Array.isArray(actual) && Object.entries(expected).every(([k, v]) => k in actual && matches(v, actual[k]))
  return expected === actual
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  test(`conformance ${file}`, async () => {
    const scenario = JSON.parse(readFileSync(join(dir, file), 'utf8'))
    const store = orbit.Store.open(':memory:', ms(scenario.clock))
    const saved = {}
    for (const [i, step] of scenario.steps.entries()) {
      if (step.clock) store.setClockMs(ms(step.clock))
      const actor = substitute(step.as, saved)
      const args = substitute(step.args ?? null, saved)
      const expect = step.expect ?? {}
      let result
      try {
        const scope =
          actor === 'system' ? store.system() : actor === 'anonymous' ? store.anonymous() : store.asUser(actor)
        result = await scope.call(step.op, args)
      } catch (err) {
        assert.ok('error' in expect, `${file} step ${i} (${step.op}) failed: ${err.message}`)
        assert.equal(err.code, expect.error, `${file} step ${i} (${step.op}): ${err.kind} ${err.message}`)
        continue
      }
      assert.ok(!('error' in expect), `${file} step ${i} (${step.op}): expected error ${expect.error}`)
      if ('result' in expect) assert.ok(matches(expect.result, result), `${file} step ${i} (${step.op}): ${JSON.stringify(result)}`)
      if (step.save) saved[step.save] = step.index_by ? Object.fromEntries(result.map((r) => [r[step.index_by], r])) : result
    }
    store.close()
  })
}
