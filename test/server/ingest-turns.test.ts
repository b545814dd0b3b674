import path from 'node:path'
import { setImmediate as turn } from 'node:timers/promises'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import { testApp } from '../helpers/app'
import { reported, T0 } from '../helpers/events'

const NOW = T0 + 3_600_000
const VILLAGE = '330111001001'

/**
 * One COMMIT of the embedded store's writer thread answers every batch it held at once; the
 * figures of each are applied in a turn of the event loop of its own, so that the loop is never
 * held for all of them together (a timer, a push or a read can run between two batches).
 */
describe('ingest: the batches of one commit applied a turn apart', () => {
  let app: App
  afterEach(async () => {
    await app?.close()
  })

  it('lets a turn of the event loop pass between two batches answered by the same COMMIT, in log order', async () => {
    let dataDir: string
    ;({ app, dataDir } = await testApp({ clock: () => NOW }))
    const applied: Array<{ seq: number; turnPassed: boolean }> = []
    let passed = true
    app.ingest.onCommit((c) => {
      applied.push({ seq: c.batch.seq, turnPassed: passed })
      passed = false
      setImmediate(() => (passed = true))
    })
    // Another connection holds the write lock: the writer thread waits, and the batches queue up
    // behind the first, to be written together once it is released.
    const lock = new Database(path.join(dataDir, 'yiping.sqlite'))
    lock.exec('BEGIN IMMEDIATE')
    const outcomes = [1, 2, 3, 4].map((i) => app.ingest.submit([reported(`T${i}`, VILLAGE, NOW - 60_000)]))
    // Their rows go to the thread a turn after the plans (SqliteLog.handOver), all four in that turn.
    await turn()
    lock.exec('COMMIT')
    lock.close()
    const done = await Promise.all(outcomes)
    expect(done.map((o) => o.ok)).toEqual([true, true, true, true])
    expect(applied.map((a) => a.seq)).toEqual([1, 2, 3, 4])
    expect(applied.every((a) => a.turnPassed)).toBe(true)
    expect(app.aggregator.seq).toBe(4)
  })
})
