import { setImmediate as turn } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { shanghaiDay, shanghaiDayStart } from '../../shared/time/shanghai'
import { timedBatches } from './commit-times'
import { demoCasesByDay, demoEvents, type DemoOptions } from './dataset'
import { readLoadRecord, writeLoadRecord, type LoadRecord } from './load-record'

/** The demo dataset's events carry ids `demo-…`; the simulator's `sim-…`. */
const isDemoEventId = (id: string) => id.startsWith('demo-')

export interface DemoProgress {
  cases: number
  events: number
  total: number | null
}

const LOG_EVERY_MS = 2000
/**
 * Events per batch: big enough that the load runs near the ingest's full speed, small enough that
 * one batch (a synchronous SQLite transaction) holds the event loop for a fraction of a second.
 * 5,000 (the API's most) was no faster and blocked the loop three times as long.
 */
const BATCH = 2000
/** The last seven days (the wall's replay time bar) are committed at their own times (replay has a past to show), a batch per ten minutes of them. */
const REPLAYABLE_DAYS = 7
const RECENT_WINDOW_MS = 10 * 60_000

/** The dataset's case count, a month at a time with a turn of the event loop between. */
async function countCases(dataset: DemoOptions): Promise<number> {
  let n = 0
  let days = 0
  for (const cases of demoCasesByDay(dataset)) {
    n += cases
    if (++days % 30 === 0) await turn()
  }
  return n
}

/**
 * What there is to load: the whole dataset on a store whose log is empty, the rest of it when a
 * load was cut short (the log starts with demo events and the record is not done), else nothing.
 */
export async function planDemoLoad(app: FastifyInstance): Promise<LoadRecord | null> {
  const first = (await app.store.readBatches(0, 1))[0]?.events[0]
  const record = readLoadRecord(app.config.dataDir)
  if (first) return isDemoEventId(first.id) && record && !record.done ? record : null
  if (app.config.demoScale <= 0) return null
  const fresh: LoadRecord = {
    anchor: app.clock(),
    scale: app.config.demoScale,
    seed: 1,
    batchSize: BATCH,
    batches: 0,
    cases: 0,
    events: 0,
    total: null,
    done: false,
  }
  writeLoadRecord(app.config.dataDir, fresh)
  return fresh
}

/**
 * Loads the demo history through the ingest path (the one path by which events enter), in big
 * batches, yielding to the event loop between them so the server keeps answering; progress goes
 * to `onProgress` and the log. Stops after the batch under way when `signal` aborts (a shutdown)
 * and resumes from its record at the next start. A plain function of the app, so that a build with
 * several nodes can run it on one of them.
 */
export async function loadDemo(
  app: FastifyInstance,
  signal: AbortSignal,
  opts: { plan?: LoadRecord | null; onProgress?: (p: DemoProgress) => void } = {},
): Promise<{ completed: boolean } & DemoProgress> {
  const plan = opts.plan === undefined ? await planDemoLoad(app) : opts.plan
  if (!plan) return { completed: false, cases: 0, events: 0, total: null }
  const record: LoadRecord = { ...plan }
  const dataset = { regions: app.regions.list(), now: record.anchor, scale: record.scale, seed: record.seed, batchSize: record.batchSize }
  const started = performance.now()
  let logged = started
  const report = () => opts.onProgress?.({ cases: record.cases, events: record.events, total: record.total })
  if (record.total === null) record.total = await countCases(dataset)
  report()
  app.log.info({ total: record.total, resumeAfter: record.batches || undefined }, 'loading the demo dataset…')

  let index = 0
  const recentFrom = shanghaiDayStart(shanghaiDay(record.anchor) - REPLAYABLE_DAYS + 1)
  for (const { events: batch, committedAt } of timedBatches(demoEvents(dataset), recentFrom, RECENT_WINDOW_MS, BATCH)) {
    if (signal.aborted) break
    if (index++ < plan.batches) continue
    const outcome = await app.ingest.submit(batch, undefined, { committedAt })
    if (!outcome.ok) throw new Error(`demo dataset refused: ${JSON.stringify(outcome.details.slice(0, 3))}`)
    record.batches = index
    record.events += batch.length
    for (const e of batch) if (e.type === 'case.reported') record.cases++
    writeLoadRecord(app.config.dataDir, record)
    report()
    if (performance.now() - logged > LOG_EVERY_MS) {
      logged = performance.now()
      const percent = Math.round((100 * record.cases) / Math.max(1, record.total))
      app.log.info({ cases: record.cases, total: record.total, events: record.events, percent }, 'loading the demo dataset…')
    }
    // Alarm records the batch caused, then a turn of the event loop for requests and sockets.
    await app.alarms.settled()
    await turn()
  }
  const completed = !signal.aborted
  record.done = completed
  writeLoadRecord(app.config.dataDir, record)
  const seconds = +((performance.now() - started) / 1000).toFixed(1)
  if (completed) app.log.info({ cases: record.cases, events: record.events, seconds }, 'demo dataset loaded')
  else app.log.info({ cases: record.cases, total: record.total, seconds }, 'demo load interrupted; it resumes at the next start')
  return { completed, cases: record.cases, events: record.events, total: record.total }
}
