import type { Page } from 'playwright-core'
import type { App } from '../../server/app'
import type { YipingEvent } from '../../shared/events/schema'
import type { Summary } from '../../shared/summary/schema'
import { ingestHeaders } from '../helpers/app'
import { followedUp, reported, resolved, riskRegistered, riskStatus, stage, urged } from '../helpers/events'

/** What the browser tests of the wall share: a varied scenario, and checks read off the page. */

export const WALL_SIZES = [
  [1366, 768],
  [1920, 1080],
  [2560, 1440],
  [3840, 2160],
  [5760, 1080],
  [7680, 2160],
] as const

/**
 * Post a batch, then wait until the alarms its commit raised or cleared are written: an alarm write
 * goes through the store's writer thread (or PostgreSQL) after the batch is answered.
 */
export async function ingest(app: App, events: YipingEvent[]): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events } })
  if (res.statusCode !== 200) throw new Error(`ingest refused: ${res.body}`)
  await app.alarms.settled()
}

/** The REST summary of `region`; `query` adds a period (`period=month`, `from=…&to=…`) or comparisons. */
export async function restSummary(app: App, token: string, region: string, query = ''): Promise<Summary> {
  const res = await app.inject({ url: `/api/v1/summary?region=${region}${query ? `&${query}` : ''}`, headers: { authorization: `Bearer ${token}` } })
  if (res.statusCode !== 200) throw new Error(`summary refused: ${res.body}`)
  return res.json() as Summary
}

/**
 * Cases in every stage, from every source, settled at several tiers, followed up, chased, some
 * backlog, and risk points in each status: every panel has something to draw. Times are recent,
 * so the cases fall in today's hours, the 30-day trend and the current year.
 */
export function scenario(now = Date.now()): YipingEvent[] {
  const t = (minutesAgo: number) => now - minutesAgo * 60_000
  const villages = ['330111001001', '330111001002', '330111002001', '330111002002', '330411001001']
  const sources = ['hotline', 'petition', 'grid', 'meeting', 'police'] as const
  const categories = ['邻里纠纷', '环境卫生', '道路交通', '物业管理']
  const tiers = ['grid', 'village', 'secretary', 'town', 'district'] as const
  const events: YipingEvent[] = []
  for (let i = 0; i < 20; i++) {
    const id = `S${i}`
    const at = t(200 - i * 5)
    events.push(
      reported(id, villages[i % villages.length]!, at, {
        source: sources[i % sources.length]!,
        category: categories[i % categories.length]!,
        size: i % 4 === 0 ? 'major' : 'minor',
        ...(i % 6 === 0 ? { backlogLevel: (['national', 'provincial', 'municipal', 'district'] as const)[(i / 6) % 4]! } : {}),
        ...(i % 3 === 0 ? { reporter: { name: '张三丰', phone: '13812345678' } } : {}),
      }),
    )
    if (i % 5 >= 1) events.push(stage(id, 'assign', at + 60_000))
    if (i % 5 >= 2) events.push(stage(id, 'handle', at + 120_000))
    if (i % 5 >= 3) events.push(stage(id, 'review', at + 180_000))
    if (i % 3 === 0) events.push(urged(id, at + 200_000))
    if (i % 2 === 0) events.push(resolved(id, tiers[(i / 2) % tiers.length]!, at + 240_000))
    if (i % 4 === 0) events.push(followedUp(id, i % 8 === 0 ? 'satisfied' : 'basic', at + 300_000))
  }
  const statuses = ['alarm', 'warning', 'rectifying', 'rectified'] as const
  villages.forEach((v, i) => {
    events.push(riskRegistered(`R${i}`, v, i % 2 ? 'fire' : 'water'))
    if (i < statuses.length) events.push(riskStatus(`R${i}`, statuses[i]!))
  })
  return events
}

/**
 * The value at a `data-metric` path of the summary; keys may hold dots (`alarms.byKind.case.red.open`),
 * so each step takes the longest run of segments that names a key. Undefined when the path leads
 * nowhere (a mismatch, never a silent "no data").
 */
export function valueAt(summary: Summary, path: string): unknown {
  const parts = path.split('.')
  let node: unknown = summary
  for (let i = 0; i < parts.length; ) {
    if (!node || typeof node !== 'object') return undefined
    let j = parts.length
    while (j > i && !(parts.slice(i, j).join('.') in (node as object))) j--
    if (j === i) return undefined
    node = (node as Record<string, unknown>)[parts.slice(i, j).join('.')]
    i = j
  }
  return node
}

/**
 * Every `data-metric` on the page whose text does not show the summary's figure: counts exactly
 * (separators allowed), rates as a percentage to the shown precision, "—" for no data.
 */
export async function metricMismatches(page: Page, summary: Summary): Promise<string[]> {
  const shown = await page.$$eval('[data-metric]', (els) => els.map((e) => [e.getAttribute('data-metric') ?? '', e.textContent ?? '']))
  const bad: string[] = []
  for (const [path, text] of shown) {
    const value = valueAt(summary, path!)
    const ok =
      value === null
        ? text === '—'
        : typeof value !== 'number'
          ? false
          : /Rate$/.test(path!)
            ? Math.abs(Number(text) - value * 100) <= 0.05 + 1e-9
            : Number(text!.replace(/,/g, '')) === value
    if (!ok) bad.push(`${path}: shows "${text}", summary has ${JSON.stringify(value)}`)
  }
  return bad
}
