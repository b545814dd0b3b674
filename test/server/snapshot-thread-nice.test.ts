import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { YipingEvent } from '../../shared/events/schema'
import { ingestHeaders, testApp } from '../helpers/app'
import { reported, T0 } from '../helpers/events'

/** The ids of this process's threads (Linux: /proc/self/task). */
const threadIds = () => fs.readdirSync('/proc/self/task').map(Number)

/** The niceness of each thread of this process (Linux: field 19 of /proc/self/task/<tid>/stat). */
function niceness(): Map<number, number> {
  const out = new Map<number, number>()
  for (const tid of threadIds()) {
    try {
      out.set(tid, Number(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]))
    } catch {
      // Ended since the listing.
    }
  }
  return out
}

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

// The snapshot thread builds and encodes snapshots behind the log; on a machine short of cores it
// took them from the event loop and the writer thread during a burst of ingest. It runs at the
// niceness YIPING_SNAPSHOT_NICE (default 10), which the thread sets on itself alone as it starts.
describe.runIf(process.platform === 'linux')('the snapshot thread at a lower priority', () => {
  it.each([
    [10, 1],
    [0, 0],
  ])('with YIPING_SNAPSHOT_NICE=%i, the server that writes a snapshot has %i thread(s) above the process niceness', async (nice, expected) => {
    const before = niceness()
    const base = before.get(process.pid)!
    ;({ app } = await testApp({ config: { snapshotEvery: 5, snapshotBurstEvery: 5, snapshotNice: nice } }))
    const niced = () => [...niceness().values()].filter((n) => n > base).length
    expect(niced()).toBe(0)
    const events: YipingEvent[] = Array.from({ length: 6 }, (_, i) => reported(`N${i}`, '330111001001', T0 + i * 1000))
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
    expect(res.statusCode, res.body).toBe(200)
    await app.replay.snapshotNow()
    expect((await app.store.replay.listSnapshots()).length).toBeGreaterThan(0)
    expect(niced()).toBe(expected)
    // The threads already there (the event loop's among them) keep theirs.
    const after = niceness()
    for (const [tid, n] of before) if (after.has(tid)) expect(after.get(tid)).toBe(n)
  })
})
