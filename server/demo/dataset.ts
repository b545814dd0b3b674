import { MAX_BATCH, type YipingEvent } from '../../shared/events/schema'
import type { Region } from '../../shared/regions/tree'
import { HOUR_MS, shanghaiDay, shanghaiDayStart } from '../../shared/time/shanghai'
import { localDate } from './calendar'
import { UrgeLedger, caseEvents, markDay, planSteps, type PlanContext } from './case-plan'
import { draftCase } from './content'
import { demoCameras } from './cameras'
import { demoFrame, type DemoFrame } from './frame'
import { plannedReports, type PlannedReport } from './planned'
import { createRandom, hashSeed } from './random'
import { planRisks } from './risk-plan'
import { buildTerritory, type Territory, type TownInfo } from './territory'
import { meanReportFactor, Volume } from './volume'

export { FIRE_STATIONS, type FireStation } from './fire-stations'

export interface DemoOptions {
  regions: readonly Region[]
  /** The demo's present: the history ends here, nothing happens after it. */
  now: number
  /** 1 = the full demo (about 60,000 cases a year over the four districts); tests use 0.01–0.05. */
  scale?: number
  seed?: number
  /** Events per batch (at most MAX_BATCH). */
  batchSize?: number
}

/** The days loaded last, in order, so that the live ticker ends on them. */
const RECENT_DAYS = 3

interface Setup {
  frame: DemoFrame
  territory: Territory
  scale: number
  seed: number
  firstDay: number
  volume: Volume
  planned: Map<number, PlannedReport[]>
}

function setup(opts: DemoOptions): Setup {
  const scale = opts.scale ?? 1
  const seed = opts.seed ?? 1
  const frame = demoFrame(opts.now)
  const territory = buildTerritory(opts.regions)
  const firstDay = shanghaiDay(frame.from)
  const planned = new Map<number, PlannedReport[]>()
  for (const p of plannedReports(createRandom(hashSeed('planned', seed)), territory, frame, scale)) {
    if (p.reportedAt > frame.now) continue
    const day = shanghaiDay(p.reportedAt)
    planned.set(day, [...(planned.get(day) ?? []), p])
  }
  const volume = new Volume(territory, firstDay, scale / meanReportFactor(firstDay, frame.today), seed)
  return { frame, territory, scale, seed, firstDay, volume, planned }
}

/** Every report of one day of the history, in order of reporting. */
function reportsOf(s: Setup, day: number): PlannedReport[] {
  const reports: PlannedReport[] = s.volume.reports(day).filter((c) => c.reportedAt <= s.frame.now)
  reports.push(...(s.planned.get(day) ?? []))
  return reports.sort((a, b) => a.reportedAt - b.reportedAt)
}

/** Cases reported on `day` (cheap before today: no report is drawn). */
function countOf(s: Setup, day: number): number {
  if (day === s.frame.today) return reportsOf(s, day).length
  return s.volume.counts(day).reduce((a, b) => a + b, 0) + (s.planned.get(day)?.length ?? 0)
}

/** The cases `demoEvents` reports, day by day from the first: cheap (no case is drafted or planned). */
export function* demoCasesByDay(opts: DemoOptions): Generator<number> {
  const s = setup(opts)
  for (let day = s.firstDay; day <= s.frame.today; day++) yield countOf(s, day)
}

/** How many cases `demoEvents` reports for these options. */
export function countDemoCases(opts: DemoOptions): number {
  let n = 0
  for (const day of demoCasesByDay(opts)) n += day
  return n
}

/**
 * The demo's history: two full years of cases up to `now` (see frame.ts), each with its life so far,
 * and risk points with their status history. Batches of whole stories: a risk point's or a case's
 * events are never split across batches, as a system handing over its records would send them,
 * so the figures never see a settled case of last year as open and overdue halfway through.
 * Risk points first, then the cases of each day from three days ago back to the first, and the
 * last three days in order at the end (the live ticker keeps the latest lines it is given): a wall
 * watching the load fills in the last thirty days and this year first. Every day is generated on its own (its own random streams), so
 * the order changes nothing in the data. Pure and deterministic for a
 * given seed, scale, tree and `now`.
 */
export function* demoEvents(opts: DemoOptions): Generator<YipingEvent[]> {
  const s = setup(opts)
  const { now, today } = s.frame
  const size = Math.min(MAX_BATCH, opts.batchSize ?? MAX_BATCH)
  // Case numbers follow the order of reporting within each year, as a real register's would.
  const firstNumber = new Map<number, number>()
  const perYear = new Map<number, number>()
  for (let day = s.firstDay; day <= today; day++) {
    const year = localDate(day).year
    firstNumber.set(day, (perYear.get(year) ?? 0) + 1)
    perYear.set(year, (perYear.get(year) ?? 0) + countOf(s, day))
  }

  // Each town's cases before a day, for its 催办率 and 满意率 (planned ones by their own count).
  const townIndex = new Map(s.territory.towns.map((t, i) => [t, i]))
  const plannedDays = new Map<TownInfo, number[]>()
  for (const [day, list] of s.planned) for (const p of list) plannedDays.set(p.town, [...(plannedDays.get(p.town) ?? []), day])
  const plannedBefore = (town: TownInfo, day: number) => (plannedDays.get(town) ?? []).filter((d) => d < day).length

  let batch: YipingEvent[] = []
  let full: YipingEvent[] | undefined
  // A story that does not fit in the batch starts the next one.
  const add = (events: readonly YipingEvent[]) => {
    if (batch.length > 0 && batch.length + events.length > size) {
      full = batch
      batch = []
    }
    for (const e of events) batch.push(e)
  }

  // The cameras first, in a batch of their own, as an installation registers them before use.
  const cams = demoCameras(s.territory, shanghaiDayStart(s.firstDay) + 9 * HOUR_MS)
  if (cams.length > 0) yield cams
  for (const point of planRisks(createRandom(hashSeed('risks', s.seed)), s.territory, s.frame, s.scale)) {
    add(point.map((p) => p.event))
    if (full) yield full
    full = undefined
  }
  const story: YipingEvent[] = []
  // Back from three days ago to the first day, then the last three days in order: the live ticker
  // keeps the last lines it was given, and they should be the latest.
  const last = Math.max(s.firstDay, today - RECENT_DAYS + 1)
  const days = [...Array.from({ length: last - s.firstDay }, (_, i) => last - 1 - i), ...Array.from({ length: today - last + 1 }, (_, i) => last + i)]
  for (const day of days) {
    const r = createRandom(hashSeed('cases', s.seed, day))
    const ctx: PlanContext = { urges: new UrgeLedger(), idPrefix: (caseId) => `demo-${caseId}`, until: now }
    const year = localDate(day).year
    let seq = firstNumber.get(day)!
    const steps = reportsOf(s, day).map((report) => {
      const { town, region, source, reportedAt } = report
      const draft = draftCase(r, town, region, source, reportedAt, report)
      return planSteps(r, { ...report, caseId: `C${year}${String(seq++).padStart(6, '0')}`, draft }, ctx)
    })
    const marks = markDay(r, steps, (town) => s.volume.before(day, townIndex.get(town)!) + plannedBefore(town, day))
    for (let i = 0; i < steps.length; i++) {
      story.length = 0
      for (const p of caseEvents(r, steps[i]!, ctx, marks.urged[i]!, marks.unsatisfied[i])) if (p.at <= now) story.push(p.event)
      add(story)
      if (full) yield full
      full = undefined
    }
  }
  if (batch.length > 0) yield batch
}
