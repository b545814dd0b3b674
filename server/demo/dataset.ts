import { MAX_BATCH, type YipingEvent } from '../../shared/events/schema'
import type { Region } from '../../shared/regions/tree'
import { SHANGHAI_OFFSET_MS, shanghaiDay } from '../../shared/time/shanghai'
import { UrgeLedger, planCase, type PlanContext } from './case-plan'
import { draftCase } from './content'
import { demoFrame, type DemoFrame } from './frame'
import { plannedReports, type PlannedReport } from './planned'
import { createRandom, hashSeed } from './random'
import { planRisks } from './risk-plan'
import { buildTerritory, type Territory } from './territory'
import { dayReports, meanReportFactor, startCarry } from './volume'

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

interface Setup {
  frame: DemoFrame
  territory: Territory
  scale: number
  seed: number
  firstDay: number
  perMeanDay: number
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
  return { frame, territory, scale, seed, firstDay, perMeanDay: scale / meanReportFactor(firstDay, frame.today), planned }
}

/** Every report of the history, day by day, in order of reporting (the volume stream only). */
function* reportsByDay(s: Setup): Generator<PlannedReport[]> {
  const r = createRandom(hashSeed('volume', s.seed))
  const carry = startCarry(r, s.territory)
  for (let day = s.firstDay; day <= s.frame.today; day++) {
    const today: PlannedReport[] = dayReports(r, s.territory, day, s.perMeanDay, carry).filter((c) => c.reportedAt <= s.frame.now)
    today.push(...(s.planned.get(day) ?? []))
    yield today.sort((a, b) => a.reportedAt - b.reportedAt)
  }
}

/** How many cases `demoEvents` reports for these options: cheap (no case is drafted or planned). */
export function countDemoCases(opts: DemoOptions): number {
  let n = 0
  for (const day of reportsByDay(setup(opts))) n += day.length
  return n
}

/**
 * The demo's history: two full years of cases up to `now` (see frame.ts), each with its life so far,
 * and risk points with their status history. Batches of whole stories: a risk point's or a case's
 * events are never split across batches, as a system handing over its records would send them,
 * so the figures never see a settled case of last year as open and overdue halfway through.
 * Risk points first, then cases in order of reporting. Pure and deterministic for a given seed,
 * scale, tree and `now`.
 */
export function* demoEvents(opts: DemoOptions): Generator<YipingEvent[]> {
  const s = setup(opts)
  const { now } = s.frame
  const size = Math.min(MAX_BATCH, opts.batchSize ?? MAX_BATCH)
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

  for (const point of planRisks(createRandom(hashSeed('risks', s.seed)), s.territory, s.frame, s.scale)) {
    add(point.map((p) => p.event))
    if (full) yield full
    full = undefined
  }
  const r = createRandom(hashSeed('cases', s.seed))
  const ctx: PlanContext = { urges: new UrgeLedger(), idPrefix: (caseId) => `demo-${caseId}`, until: now }
  const numbers = new Map<number, number>()
  const story: YipingEvent[] = []
  for (const day of reportsByDay(s)) {
    for (const report of day) {
      const { town, region, source, reportedAt } = report
      // Case numbers follow the order of reporting within each year, as a real register's would.
      const year = new Date(reportedAt + SHANGHAI_OFFSET_MS).getUTCFullYear()
      const seq = (numbers.get(year) ?? 0) + 1
      numbers.set(year, seq)
      const draft = draftCase(r, town, region, source, reportedAt, report)
      const spec = { ...report, caseId: `C${year}${String(seq).padStart(6, '0')}`, draft }
      story.length = 0
      for (const p of planCase(r, spec, ctx)) if (p.at <= now) story.push(p.event)
      add(story)
      if (full) yield full
      full = undefined
    }
  }
  if (batch.length > 0) yield batch
}
