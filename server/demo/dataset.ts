import type { BacklogLevel, CaseSource } from '../../shared/domain/vocabulary'
import { MAX_BATCH, type YipingEvent } from '../../shared/events/schema'
import type { Region } from '../../shared/regions/tree'
import { DAY_MS, HOUR_MS, SHANGHAI_OFFSET_MS, shanghaiDay, shanghaiDayStart, shanghaiYear } from '../../shared/time/shanghai'
import { planCase, type CaseSpec } from './case-plan'
import { PLACES, draftCase, pickCaseRegion } from './content'
import { EventQueue } from './event-queue'
import { createRandom, hashSeed, weightedTable, type Random } from './random'
import { planRisks } from './risk-plan'
import { DISTRICT, buildTerritory, type Territory, type TownInfo } from './territory'

export { FIRE_STATIONS, type FireStation } from './fire-stations'

export interface DemoOptions {
  regions: Region[]
  /** The demo's present: nothing happens after it. */
  now: number
  /** 1 = the full demo (about 55,000 cases by December); tests use 0.01–0.02. */
  scale?: number
  seed?: number
}

/** Seasons by month (Spring Festival dip in February, busy summers) and weekdays (Sunday first). */
const SEASON = [0.85, 0.72, 0.95, 1.0, 1.05, 1.1, 1.18, 1.15, 1.05, 0.98, 1.0, 0.97]
const WEEKDAY = [0.72, 1.15, 1.08, 1.05, 1.05, 1.02, 0.8]

function dayFactor(day: number): number {
  const local = new Date(shanghaiDayStart(day) + SHANGHAI_OFFSET_MS)
  return SEASON[local.getUTCMonth()]! * WEEKDAY[local.getUTCDay()]!
}

/** Hour-of-day profiles: offices work by day, 小队会 meet in the evening, police round the clock. */
const hours = (w: number[]) => weightedTable(w.map((weight, hour) => [hour, weight] as const))
const DAYTIME = [0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 1, 3, 7, 10, 10, 9, 6, 7, 9, 9, 8, 7, 5, 5, 4, 3, 2, 1]
const HOURS: Record<CaseSource, (u: number) => number> = {
  hotline: hours(DAYTIME),
  other: hours(DAYTIME),
  grid: hours([0, 0, 0, 0, 0, 0, 0.5, 2, 8, 10, 10, 8, 4, 6, 9, 9, 8, 5, 2, 1, 0.5, 0, 0, 0]),
  petition: hours([0, 0, 0, 0, 0, 0, 0, 0.5, 6, 10, 10, 8, 2, 5, 9, 9, 6, 1, 0, 0, 0, 0, 0, 0]),
  meeting: hours([0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.3, 0.3, 0.5, 0.5, 0.5, 0.5, 0.5, 2, 8, 10, 6, 1, 0]),
  police: hours([3, 2.5, 2, 1.5, 1, 1, 2, 3, 5, 6, 6, 6, 5, 5, 6, 6, 6, 6, 7, 8, 8, 7, 5, 4]),
}
const timeOfDay = (r: Random, source: CaseSource) => HOURS[source](r.rng()) * HOUR_MS + r.int(0, 3599) * 1000

interface BacklogCase {
  reportedAt: number
  town: TownInfo
  region: Region
  level: BacklogLevel
  fate: 'resolved' | 'open'
}
const BACKLOG_CATEGORIES = [['征地拆迁', 4], ['土地承包', 3], ['劳动争议', 2], ['邻里纠纷', 1], ['婚姻家庭', 1], ['违章建筑', 1]] as const

/**
 * 积案 reported this year: 富阳's 125 national, 154 provincial and 5 municipal all resolved; a few
 * dozen district-level ones elsewhere, mostly resolved. 万市镇's first eight villages (彭家村 and
 * 槎源坞村 among them) are 无信访村 and have none.
 */
function planBacklog(r: Random, territory: Territory, from: number, now: number, scale: number): Map<number, BacklogCase[]> {
  const byDay = new Map<number, BacklogCase[]>()
  const span = now - from
  const add = (towns: TownInfo[], level: BacklogLevel, n: number, resolvedShare: number, latestBefore: number) => {
    if (towns.length === 0) return
    const weights = towns.map((t) => [t, t.annual] as const)
    for (let i = 0; i < Math.max(level === 'district' ? 2 : 1, Math.round(n * scale)); i++) {
      let town = r.weighted(weights)
      let region = pickCaseRegion(r, town)
      for (let k = 0; k < 20 && town.town.name === PLACES.wanshi && town.villages.indexOf(region) < 8; k++) {
        town = r.weighted(weights)
        region = pickCaseRegion(r, town)
      }
      const latest = span > latestBefore * 1.5 ? now - latestBefore : from + 0.3 * span
      const day = shanghaiDay(r.float(from, latest))
      const reportedAt = shanghaiDayStart(day) + r.float(8.5, 16.5) * HOUR_MS
      const list = byDay.get(day) ?? []
      list.push({ reportedAt: Math.round(reportedAt / 1000) * 1000, town, region, level, fate: r.chance(resolvedShare) ? 'resolved' : 'open' })
      byDay.set(day, list)
    }
  }
  const fuyang = territory.towns.filter((t) => t.district.code === DISTRICT.fuyang)
  add(fuyang, 'national', 125, 1, 75 * DAY_MS)
  add(fuyang, 'provincial', 154, 1, 75 * DAY_MS)
  add(fuyang, 'municipal', 5, 1, 75 * DAY_MS)
  const elsewhere = territory.towns.filter((t) => t.district.code !== DISTRICT.fuyang)
  add(elsewhere, 'district', 36, 0.85, 20 * DAY_MS)
  return byDay
}

/**
 * The year-to-date demo: cases reported from 1 January (Asia/Shanghai) up to `now`, each with its
 * life so far, and risk points with their status history. Yields batches of at most MAX_BATCH
 * events, in time order across batches. Pure and deterministic for a given seed, scale and now.
 */
export function* demoEvents(opts: DemoOptions): Generator<YipingEvent[]> {
  const { now } = opts
  const scale = opts.scale ?? 1
  const seed = opts.seed ?? 1
  const territory = buildTerritory(opts.regions)
  const { from, to } = shanghaiYear(now)
  const year = new Date(from + SHANGHAI_OFFSET_MS).getUTCFullYear()
  const firstDay = shanghaiDay(from)
  let yearWeight = 0
  for (let d = firstDay; d < shanghaiDay(to); d++) yearWeight += dayFactor(d)

  const queue = new EventQueue()
  for (const { at, event } of planRisks(createRandom(hashSeed('risks', seed)), territory, from, now, scale)) {
    queue.push(at, event)
  }
  const backlog = planBacklog(createRandom(hashSeed('backlog', seed)), territory, from, now, scale)
  const r = createRandom(hashSeed('cases', seed))
  const carry = new Float64Array(territory.towns.length)
  let seq = 0
  const plan = (spec: Omit<CaseSpec, 'caseId'>) => {
    const caseId = `C${year}${String(++seq).padStart(6, '0')}`
    for (const { at, event } of planCase(r, { ...spec, caseId }, now)) queue.push(at, event)
  }

  let batch: YipingEvent[] = []
  for (let day = firstDay; day <= shanghaiDay(now); day++) {
    const dayStart = shanghaiDayStart(day)
    const share = (scale * dayFactor(day)) / yearWeight
    const today: Array<Omit<CaseSpec, 'caseId'>> = []
    territory.towns.forEach((town, i) => {
      // Expected volume with day-to-day noise; the carry keeps the yearly total on target.
      carry[i]! += town.annual * share * r.float(0.75, 1.25)
      const n = Math.floor(carry[i]!)
      carry[i]! -= n
      for (let k = 0; k < n; k++) {
        const region = pickCaseRegion(r, town)
        const draft = draftCase(r, town, region)
        const reportedAt = dayStart + timeOfDay(r, draft.source)
        if (reportedAt <= now) today.push({ town, region, draft, reportedAt })
      }
    })
    for (const b of backlog.get(day) ?? []) {
      if (b.reportedAt > now) continue
      const source: CaseSource = r.chance(0.75) ? 'petition' : 'hotline'
      const draft = draftCase(r, b.town, b.region, { source, category: r.weighted(BACKLOG_CATEGORIES), size: 'major' })
      const tier = r.weighted([['town', 40], ['district', 30], ['secretary', 15], ['village', 15]] as const)
      today.push({ town: b.town, region: b.region, draft, reportedAt: b.reportedAt, backlogLevel: b.level, fate: b.fate, tier })
    }
    // Case numbers follow the order of reporting, as a real register's would.
    today.sort((a, b) => a.reportedAt - b.reportedAt)
    for (const spec of today) plan(spec)
    // Every case still to be generated is reported after this day, so what lies before is final.
    const horizon = shanghaiDayStart(day + 1)
    while (queue.peekAt() < horizon) {
      batch.push(queue.pop()!)
      if (batch.length >= MAX_BATCH) {
        yield batch
        batch = []
      }
    }
  }
  while (queue.size > 0) {
    batch.push(queue.pop()!)
    if (batch.length >= MAX_BATCH) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}
