// Type-checked by `tsc -p tsconfig.json` (no emit): the generated declarations describe the API.
import { Store, errorKinds, operations } from '../index.js'

async function firstUse(): Promise<string> {
  const store: Store = Store.open(':memory:')
  const admin = await store.system().call('bootstrap_global_admin', { user: { first_name: 'A', last_name: 'B' } })
  const scope = store.asUser(String(admin.id))
  const result: { columns: string[]; rows: unknown[][] } = await scope.openSqlSession().query('SELECT 1')
  const codes: number[] = errorKinds().map((k) => k.code)
  // @ts-expect-error: the clock is a number of milliseconds
  store.setClockMs('soon')
  return `${result.columns.length} ${codes.length} ${operations().length}`
}

void firstUse
