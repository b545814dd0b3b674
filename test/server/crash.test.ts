import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { INGEST_KEY, ADMIN_PASSWORD, seedRegions, storeEnv, tempDataDir } from '../helpers/app'
import { reported, urged } from '../helpers/events'

/** Starts the real server process on a free port and resolves with its URL once it listens. */
function startServer(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    env: { ...process.env, PORT: '0', ...storeEnv(dataDir), YIPING_DEMO: '0', YIPING_SIM_RATE: '0', YIPING_ADMIN_PASSWORD: ADMIN_PASSWORD, YIPING_INGEST_KEY: INGEST_KEY, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let errors = ''
  child.stderr.on('data', (d: Buffer) => (errors += d.toString()))
  const url = new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /running: (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${errors}`)))
  })
  return { child, url }
}

describe('durability', () => {
  it('keeps every acknowledged batch when the process is killed with SIGKILL right after the ack', async () => {
    const dataDir = tempDataDir()
    await seedRegions(dataDir)
    const first = startServer(dataDir)
    const base = await first.url
    const acked: string[] = []
    for (let b = 0; b < 5; b++) {
      const events = Array.from({ length: 200 }, (_, i) => reported(`K${b}-${i}`, '330111001001'))
      events.push(urged(`K${b}-0`))
      const res = await fetch(`${base}api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      })
      expect(res.status).toBe(200)
      acked.push(...events.map((e) => e.id))
    }
    first.child.kill('SIGKILL')
    await new Promise((r) => first.child.once('exit', r))

    const second = startServer(dataDir)
    const base2 = await second.url
    const login = await fetch(`${base2}api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    })
    const { token } = (await login.json()) as { token: string }
    const summary = (await (await fetch(`${base2}api/v1/summary?region=330000&from=2026-01-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      cases: { total: number; urgedCases: number }
    }
    expect(summary.cases.total).toBe(1000)
    expect(summary.cases.urgedCases).toBe(5)
    // Re-sending everything acknowledged before the crash finds it all already there.
    const again = await fetch(`${base2}api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: Array.from({ length: 200 }, (_, i) => reported(`K0-${i}`, '330111001001')).map((e, i) => ({ ...e, id: acked[i] })) }),
    })
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 200 })
    second.child.kill('SIGTERM')
    await new Promise((r) => second.child.once('exit', r))
  }, 60_000)
})
