import fs from 'node:fs'
import http from 'node:http'
import type { YipingEvent } from '../shared/events/schema'
import type { Region } from '../shared/regions/tree'
import { toShanghaiIso } from '../shared/time/shanghai'
import { request } from './lib/http'
import { progress } from './lib/progress'
import { freshDataDir, INGEST_KEY, login, regions as fetchRegions, startServer, type ServerHandle } from './lib/server'
import { dist, round, type Dist } from './lib/stats'

export interface FileRun {
  label: string
  url: string
  rows: number
  bytes: number
  seconds: number
  rowsPerSec: number
  /** Server RSS just before the request, and its peak while the file was written (sampled every 20 ms). */
  rssBeforeMB: number
  rssPeakMB: number
}

export interface ExportsResult {
  casesStored: number
  briefing: Array<{ label: string; url: string; ms: Dist; bytes: number; pages: number }>
  xlsx: FileRun[]
  /** The same 100,000 rows as a background job: start to `done`, then the file fetched. */
  job: { rows: number; secondsToDone: number; secondsToFile: number } | null
}

const DAY = 86_400_000
const MB = 2 ** 20

/**
 * A year of cases (reported and resolved in the same batch, a few left open) so the store holds
 * exactly `cases`; every one with a reporter, so masking is on the path measured.
 */
async function load(server: ServerHandle, villages: string[], cases: number): Promise<void> {
  const now = Date.now()
  const tag = now.toString(36)
  const categories = ['邻里纠纷', '噪声扰民', '环境卫生', '道路交通', '物业管理', '劳动争议']
  for (let i = 0; i < cases; i += 500) {
    const events: YipingEvent[] = []
    for (let k = i; k < Math.min(cases, i + 500); k++) {
      const reportedAt = Math.round((now - DAY - ((k * 7919) % 997) / 997 * 360 * DAY) / 1000) * 1000
      const caseId = `XP${tag}${k}`
      events.push({
        id: `xp-${tag}-${k}`,
        type: 'case.reported',
        at: toShanghaiIso(reportedAt),
        caseId,
        regionCode: villages[k % villages.length]!,
        source: 'hotline',
        category: categories[k % categories.length]!,
        size: 'major',
        title: `第${k}号诉求：小区门口路灯不亮，夜间出行不便`,
        reporter: { name: '王小明', phone: `139${String(k).padStart(8, '0')}` },
      })
      if (k % 100 !== 0) events.push({ id: `xp-${tag}-${k}-r`, type: 'case.resolved', at: toShanghaiIso(reportedAt + 5 * 3600_000), caseId, tier: 'village' })
    }
    const res = await request('POST', `${server.url}/api/v1/events`, { token: INGEST_KEY, json: { events } })
    if (res.status !== 200) throw new Error(`load refused (${res.status}): ${res.body.slice(0, 300)}`)
    progress.update(`${Math.min(cases, i + 500).toLocaleString('en')} cases`)
  }
}

/** GET a file, reading and counting its bytes without keeping them, while sampling the server's RSS. */
function fetchFile(server: ServerHandle, url: string, token: string): Promise<{ status: number; bytes: number; seconds: number; rssBefore: number; rssPeak: number; rows: number }> {
  return new Promise((resolve, reject) => {
    const rssBefore = server.rssBytes()
    let rssPeak = rssBefore
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, server.rssBytes())), 20)
    const started = performance.now()
    http
      .get(url, { headers: { authorization: `Bearer ${token}` }, timeout: 600_000 }, (res) => {
        let bytes = 0
        res.on('data', (c: Buffer) => (bytes += c.length))
        res.on('end', () => {
          clearInterval(sampler)
          rssPeak = Math.max(rssPeak, server.rssBytes())
          resolve({ status: res.statusCode ?? 0, bytes, seconds: (performance.now() - started) / 1000, rssBefore, rssPeak, rows: Number(res.headers['x-export-rows'] ?? NaN) })
        })
        res.on('error', reject)
      })
      .on('error', (err) => {
        clearInterval(sampler)
        reject(err)
      })
  })
}

/**
 * 7. Exports on a fresh store of `cases` cases: the 研判简报 PDF (sequential requests, timed from
 * request to last byte) and the XLSX case list of 100,000 rows (streamed; time and the server's
 * peak RSS against a smaller export, which shows whether memory grows with the rows).
 */
export async function runExports(opts: { cases: number; briefings: number }): Promise<ExportsResult> {
  const dataDir = freshDataDir()
  const server = await startServer({ dataDir })
  try {
    const token = await login(server.url)
    const tree: Region[] = await fetchRegions(server.url, token)
    const root = tree.find((r) => r.parent === null)!.code
    const district = tree.find((r) => r.level === 'district')!.code
    const villages = tree.filter((r) => r.level === 'village').map((r) => r.code)
    progress.setPhase(`7/7 loading ${opts.cases.toLocaleString('en')} cases`)
    await load(server, villages, opts.cases)

    const briefing: ExportsResult['briefing'] = []
    for (const [label, qs] of [
      ['province, year to date', `region=${root}&period=year`],
      ['district, month to date', `region=${district}&period=month`],
    ] as const) {
      progress.setPhase(`7/7 briefing PDF, ${label}`)
      const url = `${server.url}/api/v1/reports/briefing?${qs}&format=pdf`
      const times: number[] = []
      let bytes = 0
      let pages = 0
      for (let i = 0; i < opts.briefings + 3; i++) {
        const t0 = performance.now()
        const res = await fetchBody(url, token)
        if (res.status !== 200) throw new Error(`briefing ${qs}: ${res.status}`)
        if (i >= 3) times.push(performance.now() - t0)
        bytes = res.body.length
        pages = (res.body.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length
      }
      briefing.push({ label, url: `/api/v1/reports/briefing?${qs}`, ms: dist(times), bytes, pages })
    }

    const xlsx: FileRun[] = []
    for (const [label, qs] of [
      ['one district', `region=${district}`],
      [`the province (${opts.cases.toLocaleString('en')} cases)`, `region=${root}`],
    ] as const) {
      progress.setPhase(`7/7 XLSX, ${label}`)
      const r = await fetchFile(server, `${server.url}/api/v1/cases/export?${qs}&format=xlsx`, token)
      if (r.status !== 200) throw new Error(`export ${qs}: ${r.status}`)
      xlsx.push({ label, url: `/api/v1/cases/export?${qs}`, rows: r.rows, bytes: r.bytes, seconds: round(r.seconds, 2), rowsPerSec: Math.round(r.rows / r.seconds), rssBeforeMB: round(r.rssBefore / MB, 1), rssPeakMB: round(r.rssPeak / MB, 1) })
    }

    progress.setPhase('7/7 XLSX as a background job')
    return { casesStored: opts.cases, briefing, xlsx, job: await asJob(server, token, root) }
  } finally {
    await server.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

/** POST /api/v1/exports for the whole store, followed as the desk follows it, then the file fetched. */
async function asJob(server: ServerHandle, token: string, root: string): Promise<ExportsResult['job']> {
  const started = performance.now()
  const created = await request('POST', `${server.url}/api/v1/exports`, { token, json: { kind: 'cases', region: root } })
  if (created.status !== 202) throw new Error(`job: ${created.status} ${created.body.slice(0, 200)}`)
  let job = JSON.parse(created.body) as { id: string; status: string; rows: number }
  while (job.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 200))
    job = JSON.parse((await request('GET', `${server.url}/api/v1/exports/${job.id}`, { token })).body) as typeof job
  }
  const secondsToDone = (performance.now() - started) / 1000
  const file = await fetchBody(`${server.url}/api/v1/exports/${job.id}/file`, token)
  if (job.status !== 'done' || file.status !== 200) throw new Error(`job ended ${job.status}, file ${file.status}`)
  return { rows: job.rows, secondsToDone: round(secondsToDone, 2), secondsToFile: round((performance.now() - started) / 1000, 2) }
}

function fetchBody(url: string, token: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Bearer ${token}` }, timeout: 600_000 }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      })
      .on('error', reject)
  })
}
