import type { FastifyInstance } from 'fastify'
import { SimulatorPlan } from './simulator-plan'

const TICK_MS = 100

/**
 * Feeds the simulator's events through the ingest path at `rate` events per second, in small
 * batches every 100 ms (a rate below 10/s sends one event on some ticks and none on others).
 */
export async function startSimulator(app: FastifyInstance, rate: number) {
  const plan = new SimulatorPlan({ regions: app.regions.list() })
  const openCases: Parameters<SimulatorPlan['seed']>[0] = []
  await app.store.forEachCase((c) => {
    if (c.followedUpAt === null)
      openCases.push({ caseId: c.id, regionCode: c.regionCode, stage: c.stage, resolved: c.resolvedAt !== null, reportedAt: c.reportedAt })
  })
  const risks: Parameters<SimulatorPlan['seed']>[1] = []
  await app.store.forEachRisk((r) => risks.push({ riskId: r.id, status: r.status }))
  plan.seed(openCases, risks)

  let credit = 0
  let running = false
  const timer = setInterval(() => {
    credit += (rate * TICK_MS) / 1000
    const n = Math.floor(credit)
    if (n === 0 || running) return
    credit -= n
    const now = app.clock()
    const batch = Array.from({ length: n }, () => plan.next(now))
    running = true
    app.ingest
      .submit(batch)
      .then((o) => {
        if (!o.ok) app.log.warn({ details: o.details.slice(0, 3) }, 'simulator event refused')
      })
      .catch((err: unknown) => app.log.error({ err }, 'simulator ingest failed'))
      .finally(() => (running = false))
  }, TICK_MS)
  timer.unref()
  app.log.info({ rate }, 'live simulator running')
  return { stop: () => clearInterval(timer) }
}
