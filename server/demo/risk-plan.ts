import type { RiskKind, RiskStatus } from '../../shared/domain/vocabulary'
import type { RiskEvent, RiskRegistered, RiskStatusEvent } from '../../shared/events/schema'
import { themeChecks } from './risk-themes'
import type { DemoFrame } from './frame'
import type { Region } from '../../shared/regions/tree'
import { DAY_MS, HOUR_MS, SHANGHAI_OFFSET_MS, toShanghaiIso } from '../../shared/time/shanghai'
import { ALARM_NOTES, CHUNAN_ROADS, HAZARDS, RISK_GROUPS, WARNING_NOTES, XIUZHOU_SITES, type RiskGroup } from './data/risks'
import type { Random } from './random'
import { findTown, type Territory, type TownInfo } from './territory'

type PointFields = Pick<RiskRegistered, 'inspectionSite' | 'rescueSets'>
type CheckFields = Pick<RiskStatusEvent, 'round' | 'hazard' | 'rectified'>

const sec = (ms: number) => Math.round(ms / 1000) * 1000
const NOTE_FOUND = '巡查发现隐患，已下发整改通知'
const NOTE_FIXED = '整改完成，复查通过'

interface Point {
  riskId: string
  kind: RiskKind
  status: RiskStatus
  lastAt: number
  n: number
}

/** Writes one risk point's events in time order and refuses anything out of order or after now. */
class RiskLog {
  readonly out: Array<{ at: number; event: RiskEvent }> = []
  readonly points: Point[] = []
  private counters = new Map<string, number>()
  private names = new Set<string>()
  constructor(private readonly now: number) {}

  register(district: string, region: Region, kind: RiskKind, name: string, r: Random, at: number, extra: PointFields = {}): Point | undefined {
    if (at > this.now) return undefined
    const k = (this.counters.get(district) ?? 0) + 1
    this.counters.set(district, k)
    let unique = name
    for (let i = 2; this.names.has(unique); i++) unique = `${name}${i}号`
    this.names.add(unique)
    const p: Point = { riskId: `R-${district}-${String(k).padStart(4, '0')}`, kind, status: 'normal', lastAt: at, n: 0 }
    this.out.push({
      at,
      event: {
        id: `demo-${p.riskId}-${p.n++}`,
        type: 'risk.registered',
        at: toShanghaiIso(at),
        riskId: p.riskId,
        regionCode: region.code,
        kind,
        name: unique,
        lng: Math.round(((region.lng ?? 120) + r.float(-0.006, 0.006)) * 1e5) / 1e5,
        lat: Math.round(((region.lat ?? 30) + r.float(-0.005, 0.005)) * 1e5) / 1e5,
        ...extra,
      },
    })
    this.points.push(p)
    return p
  }

  status(p: Point, status: RiskStatus, at: number, note?: string, extra: CheckFields = {}): boolean {
    at = sec(at)
    if (at <= p.lastAt || at > this.now || status === p.status) return false
    p.status = status
    p.lastAt = at
    this.out.push({
      at,
      event: { id: `demo-${p.riskId}-${p.n++}`, type: 'risk.status', at: toShanghaiIso(at), riskId: p.riskId, status, ...(note ? { note } : {}), ...extra },
    })
    return true
  }
}

function townsOf(territory: Territory, group: RiskGroup): Array<readonly [TownInfo, number]> {
  const all = territory.towns.filter((t) => t.district.code === group.district)
  if (group.towns === 'all') return all.map((t) => [t, t.annual] as const)
  return Object.entries(group.towns).flatMap(([name, w]) => {
    const t = findTown(territory, group.district, name)
    return t ? [[t, w] as const] : []
  })
}

const placeIn = (r: Random, t: TownInfo): Region => (t.villages.length ? r.pick(t.villages) : t.town)

/** 梅汛 (mid-June to mid-July) and 台汛 (August–September) of a year, as [first, last] day of the year. */
const FLOOD_SEASONS = [[160, 195], [212, 272]] as const

/**
 * All risk points and their status changes over the history: registered in its first weeks,
 * rectified, warned in the flood seasons of each year, 淳安's 218 hazards found and fixed and
 * 秀洲's 14 inspection rounds in the twelve months to now, and a handful in warning or alarm right
 * now. One list per point, its events in time order, so that a batch carries a point's whole story.
 */
export function planRisks(r: Random, territory: Territory, frame: DemoFrame, scale: number): Array<Array<{ at: number; event: RiskEvent }>> {
  const { from, now } = frame
  const log = new RiskLog(now)
  const regStart = from + DAY_MS
  const regEnd = from + 60 * DAY_MS
  const count = (n: number) => Math.max(3, Math.round(n * scale))
  const between = (a: number, b: number) => sec(b > a ? r.float(a, b) : a)
  const yearOf = (t: number) => new Date(t + SHANGHAI_OFFSET_MS).getUTCFullYear()
  const years: number[] = []
  for (let y = yearOf(from); y <= yearOf(now); y++) years.push(y)
  const season = (year: number) => {
    const [a, b] = r.pick(FLOOD_SEASONS)
    return Date.UTC(year, 0, 1) - SHANGHAI_OFFSET_MS + r.float(a, b) * DAY_MS
  }
  const recent = frame.current

  for (const group of RISK_GROUPS) {
    const towns = townsOf(territory, group)
    if (towns.length === 0) continue
    for (let i = 0; i < count(group.count); i++) {
      const town = r.weighted(towns)
      const region = placeIn(r, town)
      if (group.kind === 'hazard') {
        // Found by the grid during the year, put under rectification at once, fixed within weeks.
        const [what, kind] = r.pick(HAZARDS)
        const found = between(recent.from + 3 * DAY_MS, now - DAY_MS)
        const p = log.register(group.district, region, kind, `${region.name}${what}`, r, found)
        if (p && log.status(p, 'rectifying', found + r.float(1, 24) * HOUR_MS, NOTE_FOUND, { hazard: 1 })) {
          log.status(p, 'rectified', p.lastAt + r.float(2, 30) * DAY_MS, NOTE_FIXED, { rectified: 1 })
        }
        continue
      }
      if (group.kind === 'site') {
        const kind: RiskKind = r.chance(0.6) ? 'building' : 'fire'
        const name = r.pick(XIUZHOU_SITES[kind]).replace('{v}', region.name).replace('{t}', town.town.name)
        const p = log.register(group.district, region, kind, name, r, between(regStart, regEnd), { inspectionSite: true })
        if (p) inspectionRounds(r, log, p, Math.max(regEnd, recent.from), now)
        continue
      }
      const pattern = r.pick(group.names)
      const name = pattern.replace('{v}', region.name).replace('{t}', town.town.name).replace('{road}', r.pick(CHUNAN_ROADS))
      const p = log.register(group.district, region, group.kind, name, r, between(regStart, regEnd))
      if (!p) continue
      if (r.chance(group.rectify)) {
        if (log.status(p, 'rectifying', between(p.lastAt + 5 * DAY_MS, now - DAY_MS), NOTE_FOUND)) {
          log.status(p, 'rectified', p.lastAt + r.float(3, 30) * DAY_MS, NOTE_FIXED)
        }
      }
      // Flood seasons come back every year: a point may warn in each of them.
      for (const year of years) {
        if (!r.chance(group.seasonal)) continue
        if (log.status(p, 'warning', season(year), WARNING_NOTES[p.kind])) {
          if (r.chance(0.1)) log.status(p, 'alarm', p.lastAt + r.float(2, 12) * HOUR_MS, ALARM_NOTES[p.kind])
          log.status(p, 'normal', p.lastAt + r.float(1, 4) * DAY_MS, '险情解除，恢复正常监测')
        }
      }
    }
  }
  currentAlerts(r, log, now, scale)
  const byPoint = new Map<string, Array<{ at: number; event: RiskEvent }>>()
  for (const e of log.out) {
    const list = byPoint.get(e.event.riskId) ?? []
    list.push(e)
    byPoint.set(e.event.riskId, list)
  }
  const stories = [...byPoint.values()]
  themeChecks(stories, frame, scale)
  return stories
}

/** 秀洲's 14 rounds of inspections: each hazard found is put under rectification and re-checked. */
function inspectionRounds(r: Random, log: RiskLog, p: Point, start: number, now: number) {
  const end = now - 3 * DAY_MS
  if (end <= start) return
  const rounds = XIUZHOU_SITES.rounds
  const gap = (end - start) / rounds
  const hazards = r.weighted(XIUZHOU_SITES.hazardsPerSite)
  const chosen = new Set<number>()
  while (chosen.size < Math.min(hazards, rounds)) chosen.add(r.int(0, rounds - 1))
  for (const round of [...chosen].sort((a, b) => a - b)) {
    const at = start + (round + 0.5) * gap + r.float(0, Math.min(5 * DAY_MS, 0.25 * gap))
    const issue = r.pick(XIUZHOU_SITES.issues)
    if (log.status(p, 'rectifying', at, `第${round + 1}轮督查发现隐患：${issue}`, { round: round + 1, hazard: 1 })) {
      log.status(p, 'rectified', p.lastAt + r.float(1, Math.max(1.5, Math.min(12, (0.6 * gap) / DAY_MS))) * DAY_MS, NOTE_FIXED, { round: round + 1, rectified: 1 })
    }
  }
}

/** A handful of points in warning and a few in alarm right now, so the wall has something live. */
function currentAlerts(r: Random, log: RiskLog, now: number, scale: number) {
  const quiet = log.points.filter(
    (p) => (p.status === 'normal' || p.status === 'rectified') && p.lastAt < now - 3 * DAY_MS && p.kind !== 'other',
  )
  const take = () => quiet.splice(r.int(0, quiet.length - 1), 1)[0]
  const warnings = Math.max(2, Math.round(6 * scale))
  const alarms = Math.max(2, Math.round(5 * scale))
  for (let i = 0; i < warnings && quiet.length; i++) {
    const p = take()!
    log.status(p, 'warning', now - r.float(1, 48) * HOUR_MS, WARNING_NOTES[p.kind])
  }
  for (let i = 0; i < alarms && quiet.length; i++) {
    const p = take()!
    log.status(p, 'warning', now - r.float(8, 72) * HOUR_MS, WARNING_NOTES[p.kind])
    log.status(p, 'alarm', now - r.float(0.2, 6) * HOUR_MS, ALARM_NOTES[p.kind])
  }
}
