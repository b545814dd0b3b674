import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { Meta } from '../../shared/api/meta'
import type { Summary } from '../../shared/summary/schema'
import { countDemoCases, demoEvents } from '../../server/demo/dataset'
import { demoFrame } from '../../server/demo/frame'
import { readLoadRecord } from '../../server/demo/load-record'
import { demoRegions } from '../../server/demo/regions'
import { ADMIN_PASSWORD, tempDataDir, testApp } from '../helpers/app'

const PILOTS = ['富阳区', '临安区', '淳安县', '秀洲区']

/**
 * The real server process in demo mode on a free port; `lines` are its log and start-up lines,
 * `next(re)` resolves with the first line (already seen or still to come) that matches.
 */
function startDemoServer(dataDir: string, scale: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    env: { ...process.env, PORT: '0', YIPING_DATA_DIR: dataDir, YIPING_DEMO: '1', YIPING_DEMO_SCALE: scale, YIPING_SIM_RATE: '0', YIPING_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const waiting: Array<{ re: RegExp; resolve: (line: string) => void }> = []
  let buffer = ''
  let errors = ''
  child.stderr.on('data', (d: Buffer) => (errors += d.toString()))
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString()
    const parts = buffer.split('\n')
    buffer = parts.pop()!
    for (const line of parts) {
      lines.push(line)
      for (const w of waiting.filter((x) => x.re.test(line))) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve(line)
      }
    }
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const next = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((l) => re.test(l))
      if (seen) return resolve(seen)
      waiting.push({ re, resolve })
      void exited.then((code) => reject(new Error(`server exited ${code} before ${re}: ${errors}`)))
    })
  return { child, next, exited }
}

const json = async <T>(res: Response): Promise<T> => {
  expect(res.status).toBe(200)
  return (await res.json()) as T
}

describe('demo mode', () => {
  it('answers HTTP before the demo has loaded, shows the progress in /api/v1/meta, then runs with all of it', async () => {
    const server = startDemoServer(tempDataDir(), '0.03')
    const base = /running: (http:\/\/\S+)\//.exec(await server.next(/running: http/))![1]!
    // Listening comes first: the dataset loads behind a server that already answers.
    const listening = await server.next(/Server listening/)
    const loadedLine = server.next(/demo dataset loaded/)
    expect(server.child.exitCode).toBeNull()
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    const during = await json<Meta>(await fetch(`${base}/api/v1/meta`))
    expect(during.demo).toMatchObject({ active: true, loading: true })
    expect(during.demo.coverage?.map((d) => d.name)).toEqual(PILOTS)
    expect(during.nodeId).toBeNull()

    const loaded = JSON.parse(await loadedLine) as { cases: number; events: number; time: number }
    expect(loaded.time).toBeGreaterThan((JSON.parse(listening) as { time: number }).time)
    const after = await json<Meta>(await fetch(`${base}/api/v1/meta`))
    expect(after.demo).toMatchObject({ active: true, loading: false, loaded: loaded.cases, total: loaded.cases })
    // Two years at 3 % of the real volume: about 2 × 60,000 × 0.03 cases.
    expect(loaded.cases).toBeGreaterThan(3000)
    expect(loaded.cases).toBeLessThan(4500)

    // Every case of the history counts in the figures: the whole two years, read over REST.
    const { token } = await json<{ token: string }>(
      await fetch(`${base}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) }),
    )
    const frame = demoFrame(Date.now())
    const range = `from=${encodeURIComponent(new Date(frame.from - 2 * 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(frame.current.to + 86_400_000).toISOString())}`
    const summary = await json<Summary>(await fetch(`${base}/api/v1/summary?region=330000&${range}`, { headers: { authorization: `Bearer ${token}` } }))
    expect(summary.cases.total).toBe(loaded.cases)

    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
  }, 120_000)

  it('stops cleanly when shut down while loading, and resumes where it stopped at the next start', async () => {
    const dataDir = tempDataDir()
    const config = { demo: true, demoScale: 0.02, simRate: 0 }
    const first = await testApp({ dataDir, config })
    expect(first.app.demo.status()).toMatchObject({ active: true, loading: true })
    // Close as soon as the first batch is in: the load is under way, far from done.
    await new Promise<void>((resolve) => first.app.ingest.onCommit(() => resolve()))
    await first.app.close()
    const record = readLoadRecord(dataDir)!
    expect(record.done).toBe(false)
    expect(record.batches).toBeGreaterThan(0)

    const second = await testApp({ dataDir, config })
    expect(second.app.demo.status()).toMatchObject({ active: true, loading: true, loaded: record.cases })
    await second.app.demo.ready()
    const dataset = { regions: demoRegions(), now: record.anchor, scale: record.scale }
    const total = countDemoCases(dataset)
    expect(second.app.demo.status()).toMatchObject({ active: true, loading: false, loaded: total, total })
    // Nothing lost and nothing twice: the log holds exactly the dataset's events.
    let events = 0
    for (const batch of demoEvents(dataset)) events += batch.length
    expect(await second.app.store.lastSeq()).toBe(events)
    expect(readLoadRecord(dataDir)!.done).toBe(true)
    await second.app.close()

    // A third start finds the demo in the store and loads nothing.
    const third = await testApp({ dataDir, config })
    expect(third.app.demo.status()).toMatchObject({ active: true, loading: false })
    expect(await third.app.store.lastSeq()).toBe(events)
    await third.app.close()
  }, 120_000)

  it('carries the history on at its own pace once loaded, through the ingest path', async () => {
    // A Tuesday morning; the server's clock is the test's.
    let now = Date.parse('2026-11-24T09:00:00+08:00')
    const { app } = await testApp({ dataDir: tempDataDir(), clock: () => now, config: { demo: true, demoScale: 0.05, simRate: null, simSpeed: 1 } })
    await app.demo.ready()
    const loaded = await app.store.lastSeq()
    const simulated = new Promise<string[]>((resolve) =>
      app.ingest.onCommit((c) => resolve(c.accepted.map((a) => `${a.event.id} ${a.event.type} ${a.event.at}`))),
    )
    // Two hours pass: what happened in them (reports, cases moving on) arrives at the next tick.
    now += 2 * 3_600_000
    const events = await simulated
    expect(events.length).toBeGreaterThan(0)
    for (const line of events) {
      const [id, , at] = line.split(' ')
      expect(id).toMatch(/^sim-/)
      expect(Date.parse(at!)).toBeGreaterThan(now - 2 * 3_600_000)
      expect(Date.parse(at!)).toBeLessThanOrEqual(now)
    }
    expect(await app.store.lastSeq()).toBe(loaded + events.length)
    await app.close()
  }, 120_000)

  it('says there is no demo data on a store without it, to anyone', async () => {
    const { app } = await testApp()
    const res = await app.inject({ url: '/api/v1/meta' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ demo: { active: false, loading: false, loaded: 0, total: null, coverage: null }, nodeId: null })
    await app.close()
  })
})
