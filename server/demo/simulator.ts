import { setImmediate as turn } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { CASE_STAGES, type RiskStatus } from '../../shared/domain/vocabulary'
import { regionPath as regionPathOf } from '../../shared/regions/tree'
import { DAY_MS } from '../../shared/time/shanghai'
import { MAX_BATCH, type YipingEvent } from '../../shared/events/schema'
import { SimulatorPlan, type OpenCase } from './simulator-plan'

export interface SimulatorPace {
  /** Explicit events per second (YIPING_SIM_RATE), or null: the history's own pace times `speed`. */
  rate: number | null
  speed: number
  /** The demo's scale, whose pace the simulator keeps. */
  scale: number
}

const PAGE = 1000
/** Resolved cases awaiting 回访 are at most this old (older ones were never called back). */
const FOLLOWUP_WINDOW_MS = 120 * DAY_MS

/**
 * The cases still open (unresolved, or resolved and awaiting 回访), page by page with a turn of the
 * event loop between pages: after a load of 120,000 cases, a full scan would freeze the wall.
 */
async function openCases(app: FastifyInstance): Promise<OpenCase[]> {
  const regionPath = regionPathOf(app.regions, app.regions.root.code)
  const now = app.clock()
  const out: OpenCase[] = []
  for (const stage of CASE_STAGES) {
    let cursor: string | undefined
    do {
      const page = await app.store.listCases({ regionPath, stage, sort: 'newest', now, limit: PAGE, ...(cursor ? { cursor } : {}) })
      for (const c of page.items) if (c.followedUpAt === null) out.push(c)
      const oldest = page.items.at(-1)?.reportedAt ?? 0
      cursor = stage === 'followup' && oldest < now - FOLLOWUP_WINDOW_MS ? undefined : (page.nextCursor ?? undefined)
      await turn()
    } while (cursor)
  }
  return out
}

/**
 * Feeds the simulator's events through the ingest path: at the history's pace (checked every
 * second, each event at its own time), or at an explicit rate in small batches every 100 ms.
 */
export async function startSimulator(app: FastifyInstance, pace: SimulatorPace) {
  const plan = new SimulatorPlan({ regions: app.regions.list(), now: app.clock(), scale: pace.scale, speed: pace.speed })
  const open = await openCases(app)
  const risks: Array<{ riskId: string; status: RiskStatus }> = []
  await app.store.forEachRisk((r) => risks.push({ riskId: r.id, status: r.status }))
  plan.seed(open, risks)

  const tickMs = pace.rate === null ? 1000 : 100
  let credit = 0
  let running: Promise<unknown> | null = null
  const send = (events: YipingEvent[]) => {
    running = (async () => {
      for (let i = 0; i < events.length; i += MAX_BATCH) {
        const outcome = await app.ingest.submit(events.slice(i, i + MAX_BATCH))
        if (!outcome.ok) app.log.warn({ details: outcome.details.slice(0, 3) }, 'simulator event refused')
      }
    })()
      .catch((err: unknown) => app.log.error({ err }, 'simulator ingest failed'))
      .finally(() => (running = null))
  }
  const timer = setInterval(() => {
    if (running) return
    const now = app.clock()
    if (pace.rate === null) {
      const events = plan.due(now)
      if (events.length > 0) send(events)
      return
    }
    credit += (pace.rate * tickMs) / 1000
    const n = Math.floor(credit)
    if (n === 0) return
    credit -= n
    send(plan.take(n, now))
  }, tickMs)
  timer.unref()
  app.log.info(pace.rate === null ? { speed: pace.speed, scale: pace.scale } : { rate: pace.rate }, 'live simulator running')
  return {
    /** Stops the clock and waits for a batch under way, so the store can close after it. */
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
