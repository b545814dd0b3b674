import type { BacklogLevel, CaseSize, CaseSource, ResolutionTier } from '../../shared/domain/vocabulary'
import type { Region } from '../../shared/regions/tree'
import { DAY_MS, HOUR_MS, shanghaiDay, shanghaiDayStart } from '../../shared/time/shanghai'
import { dayKind, labourFactor, reportFactor } from './calendar'
import { PLACES, pickCaseRegion } from './content'
import { ARTICLE } from './figures'
import { placementOf, type DemoFrame, type Span } from './frame'
import type { Random } from './random'
import { DISTRICT, findTown, type Territory, type TownInfo } from './territory'
import { drawFraud, type PlannedFraud } from './theme-fields'
import { timeOfDay } from './volume'
import { CALENDARS } from './work-time'

/** A report the demo plans by count rather than by volume: 积案 and the year-on-year falls. */
export interface PlannedReport {
  town: TownInfo
  region: Region
  source: CaseSource
  reportedAt: number
  category?: string
  size?: CaseSize
  backlogLevel?: BacklogLevel
  fate?: 'resolved' | 'open'
  resolveBy?: number
  tier?: ResolutionTier
  fraud?: PlannedFraud
}

const BACKLOG_CATEGORIES = [['征地拆迁', 4], ['土地纠纷', 3], ['劳动争议', 2], ['邻里纠纷', 1], ['婚姻家庭', 1], ['违章建筑', 1]] as const
const BACKLOG_TIERS = [['town', 40], ['district', 30], ['secretary', 15], ['village', 15]] as const

/** A day of the span, likelier on busy days (by `weight`, at most 2.5). */
function pickDay(r: Random, span: Span, weight: (day: number) => number): number {
  const first = shanghaiDay(span.from)
  const last = shanghaiDay(span.to - 1)
  for (;;) {
    const day = r.int(first, last)
    if (r.chance(weight(day) / 2.5)) return day
  }
}

/** Exact counts of a kind of report in a span: a planned count is what a query of the span finds. */
function spread(r: Random, n: number, span: Span, weight: (day: number) => number, make: (day: number) => PlannedReport | undefined) {
  const out: PlannedReport[] = []
  for (let i = 0; i < n; i++) {
    const p = make(pickDay(r, span, weight))
    if (p) out.push(p)
  }
  return out
}

/** Petitions are received on working days only. */
const officeDay = (day: number) => (dayKind(day) === 'workday' ? reportFactor(day) : 0)

const scaled = (n: number, scale: number, floor: number) => Math.max(floor, Math.round(n * scale))

/**
 * 积案: 富阳's 125 national, 154 provincial and 5 municipal cases reported in the twelve months to
 * now, every one resolved (动态清零), a few more the year before; a few dozen district-level ones
 * elsewhere each year, most resolved. Petitions in office hours. 万市镇's first eight villages
 * (彭家村 and 槎源坞村 among them) are 无信访村 and get none.
 */
function backlog(r: Random, territory: Territory, frame: DemoFrame, scale: number): PlannedReport[] {
  const out: PlannedReport[] = []
  const add = (district: string, inside: boolean, level: BacklogLevel, count: number, span: Span, resolvedShare: number) => {
    const towns = territory.towns.filter((t) => (t.district.code === district) === inside)
    if (towns.length === 0) return
    const weights = towns.map((t) => [t, t.annual] as const)
    out.push(
      ...spread(r, count, span, officeDay, (day) => {
        let town = r.weighted(weights)
        let region = pickCaseRegion(r, town)
        for (let k = 0; k < 20 && town.town.name === PLACES.wanshi && town.villages.indexOf(region) < 8; k++) {
          town = r.weighted(weights)
          region = pickCaseRegion(r, town)
        }
        const reportedAt = CALENDARS.office.nextOpen(shanghaiDayStart(day) + r.float(8.5, 16.5) * HOUR_MS)
        const resolved = r.chance(resolvedShare)
        // 淳安's labour disputes are planned by count (below): its 积案 are about other matters.
        let category: string = r.weighted(BACKLOG_CATEGORIES)
        if (category === '劳动争议' && town.district.code === DISTRICT.chunan) category = '征地拆迁'
        return {
          town, region, reportedAt, backlogLevel: level,
          source: r.chance(0.75) ? 'petition' : 'hotline',
          category,
          size: 'major',
          tier: r.weighted(BACKLOG_TIERS),
          fate: resolved ? 'resolved' : 'open',
          resolveBy: resolved ? frame.now - DAY_MS : frame.now,
        }
      }),
    )
  }
  const current = placementOf(frame.current)
  // Reported at least 75 days ago, so that settling them all by now is believable.
  const recent = { from: current.from, to: Math.max(current.from + DAY_MS, Math.min(current.to, frame.now - 75 * DAY_MS)) }
  const previous = placementOf(frame.previous)
  for (const level of ['national', 'provincial', 'municipal'] as const) {
    add(DISTRICT.fuyang, true, level, scaled(ARTICLE.fuyangBacklog[level], scale, 1), recent, 1)
    add(DISTRICT.fuyang, true, level, scaled(ARTICLE.fuyangBacklogBefore[level], scale, 1), previous, 1)
  }
  add(DISTRICT.fuyang, false, 'district', scaled(36, scale, 2), current, 0.85)
  add(DISTRICT.fuyang, false, 'district', scaled(40, scale, 2), previous, 1)
  return out
}

/** A fall year on year: `previous` cases in the year before, `(1 − fall)` as many in the twelve months to now. */
function falling(r: Random, frame: DemoFrame, previous: number, fall: number, make: (day: number) => PlannedReport | undefined, weight = reportFactor) {
  const now = Math.round(previous * (1 - fall))
  return [...spread(r, previous, placementOf(frame.previous), weight, make), ...spread(r, now, placementOf(frame.current), weight, make)]
}

/**
 * 淳安's labour disputes down 37.8 % (more of them in the weeks before 春节, when wages fall due)
 * and 龙岗镇's telecom fraud reported by 110 down 44 %, in the twelve months to now against the
 * twelve before.
 */
function trends(r: Random, territory: Territory, frame: DemoFrame, scale: number): PlannedReport[] {
  const out: PlannedReport[] = []
  const chunan = territory.towns.filter((t) => t.district.code === DISTRICT.chunan)
  if (chunan.length > 0) {
    const weights = chunan.map((t) => [t, t.annual] as const)
    const labour = ARTICLE.chunanLabour
    const make = (day: number): PlannedReport => {
      const town = r.weighted(weights)
      const source = r.weighted([['petition', 40], ['hotline', 40], ['grid', 15], ['meeting', 5]] as const)
      return { town, region: pickCaseRegion(r, town), source, reportedAt: shanghaiDayStart(day) + timeOfDay(r, source), category: '劳动争议' }
    }
    out.push(...falling(r, frame, scaled(labour.previous, scale, 40), labour.fall, make, (d) => reportFactor(d) * labourFactor(d)))
  }
  const longgang = findTown(territory, DISTRICT.linan, PLACES.longgang)
  if (longgang) {
    const fraud = ARTICLE.longgangFraud
    const make = (day: number): PlannedReport => ({
      town: longgang,
      region: pickCaseRegion(r, longgang),
      source: 'police',
      reportedAt: shanghaiDayStart(day) + timeOfDay(r, 'police'),
      category: '电信诈骗',
    })
    const reports = falling(r, frame, scaled(fraud.previous, scale, 25), fraud.fall, make)
    withLosses(r, reports, frame, fraud.lossFall)
    out.push(...reports)
  }
  return out
}

/** Typical loss of a fraud case the year before, yuan: sets the scale of 龙岗镇's losses. */
const FRAUD_LOSS_BEFORE = 36_000

/**
 * Types and losses of 龙岗镇's fraud reports, the losses of the twelve months to now `lossFall`
 * below those of the twelve before (in whole hundreds of yuan, exactly).
 */
function withLosses(r: Random, reports: PlannedReport[], frame: DemoFrame, lossFall: number) {
  const spans = [frame.previous, frame.current]
  const groups = spans.map((s) => reports.filter((p) => p.reportedAt >= s.from && p.reportedAt < s.to))
  const before = groups[0]!.length * FRAUD_LOSS_BEFORE
  const totals = [before, Math.round(before * (1 - lossFall))]
  groups.forEach((list, k) => {
    const drawn = list.map(() => drawFraud(r))
    const weight = drawn.reduce((a, d) => a + d.loss, 0) || 1
    let left = totals[k]!
    list.forEach((p, i) => {
      const loss = i === list.length - 1 ? left : Math.round((totals[k]! * drawn[i]!.loss) / weight / 100) * 100
      left -= loss
      p.fraud = { fraudType: drawn[i]!.fraudType, loss: Math.max(0, loss) }
    })
  })
}

/** Every planned report of the history (any order); all lie before today. */
export function plannedReports(r: Random, territory: Territory, frame: DemoFrame, scale: number): PlannedReport[] {
  return [...backlog(r, territory, frame, scale), ...trends(r, territory, frame, scale)]
}
