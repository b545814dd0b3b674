import fp from 'fastify-plugin'
import { regionPath } from '../../../shared/regions/tree'
import { raiseForCase, raiseForRisk, type AlarmCause } from '../../domain/aggregate/alarmCauses'
import type { AlarmRecord } from '../../domain/alarms/alarmRecord'
import { alarmView, countDelta } from '../../domain/alarms/alarmView'

export interface AlarmService {
  acknowledge(id: number, actor: string, note: string | null): Promise<AlarmRecord | 'missing' | 'conflict'>
  close(id: number, actor: string, note: string | null): Promise<AlarmRecord | 'missing' | 'conflict'>
  /** Resolves when every alarm cause seen so far has been written (tests and shutdown). */
  settled(): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    alarms: AlarmService
  }
}

/**
 * Turns alarm causes from the aggregator (a case turned red, by the clock or by supervision; a risk
 * point went to alarm) into stored alarms with a life, keeps the per-region counts, and pushes
 * every change to the screens of the region at once.
 */
export default fp(
  async (app) => {
    const { store, aggregator, regions, live, clock } = app
    // Causes arrive synchronously from the aggregator; their writes are applied one after another.
    let queue: Promise<unknown> = Promise.resolve()
    const enqueue = <T>(work: () => Promise<T>) => {
      const run = queue.then(work)
      queue = run.catch((err: unknown) => app.log.error({ err }, 'alarm update failed'))
      return run
    }

    const changed = (before: AlarmRecord['status'] | null, a: AlarmRecord) => {
      const [dr, da] = countDelta(before, a.status)
      aggregator.adjustAlarms(a.regionCode, a.kind, dr, da)
      live.pushAlarm(alarmView(a, regions))
    }

    const onCause = (cause: AlarmCause) =>
      enqueue(async () => {
        if (cause.type === 'raise') {
          const a = await store.duty.raise({ ...cause, raisedAt: cause.at }, regionPath(regions, cause.regionCode))
          if (a) changed(null, a)
        } else {
          for (const { before, alarm } of await store.duty.clear(cause.kind, cause.subjectId, cause.at, cause.endedAt)) changed(before, alarm)
        }
      })

    // Start-up: count the stored open alarms, then raise what the rebuilt figures say is due
    // (a case that turned red while the server was down) and clear what ended.
    const stillOpen: AlarmRecord[] = []
    await store.duty.forEachOpen((a) => {
      aggregator.adjustAlarms(a.regionCode, a.kind, a.status === 'raised' ? 1 : 0, a.status === 'acknowledged' ? 1 : 0)
      if (a.clearedAt === null) stillOpen.push(a)
    })
    const now = clock()
    const red = new Set<string>()
    for (const c of aggregator.redCases()) {
      red.add(c.id)
      void onCause(raiseForCase(c, now))
    }
    const inAlarm = new Set<string>()
    await store.forEachRisk((r) => {
      if (r.status !== 'alarm') return
      inAlarm.add(r.id)
      void onCause(raiseForRisk(r, now))
    })
    // When the cause ended while the server was down is unknown: such alarms stay for a seat.
    for (const a of stillOpen)
      if (!(a.kind === 'case.red' ? red : inAlarm).has(a.subjectId)) void onCause({ type: 'clear', kind: a.kind, subjectId: a.subjectId, at: now, endedAt: Math.max(now, a.raisedAt) })
    aggregator.onAlarmCause((cause) => void onCause(cause))

    const act = (action: 'acknowledge' | 'close') => (id: number, actor: string, note: string | null) =>
      enqueue(async () => {
        const before = await store.duty.get(id)
        const result = await store.duty.update(id, { action, actor, note, at: clock() })
        if (typeof result === 'object' && before) changed(before.status, result)
        return result
      })

    app.decorate('alarms', {
      acknowledge: act('acknowledge'),
      close: act('close'),
      settled: () => queue.then(() => undefined),
    })
    app.addHook('preClose', async () => {
      await queue
    })
  },
  { name: 'alarms', dependencies: ['store', 'aggregator', 'regions', 'live'] },
)
