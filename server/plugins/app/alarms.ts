import { setImmediate as turn } from 'node:timers/promises'
import fp from 'fastify-plugin'
import { regionPath } from '../../../shared/regions/tree'
import { raiseForCase, raiseForRisk, type AlarmCause } from '../../domain/aggregate/alarmCauses'
import type { AlarmRecord } from '../../domain/alarms/alarmRecord'
import { alarmView, countDelta } from '../../domain/alarms/alarmView'
import { ESCALATED, escalationNote, leadersOf, nextEscalation } from '../../domain/alarms/escalation'
import { SYSTEM_ACTOR } from '../../domain/alarms/alarmRecord'
import { ALARM_CHANNEL } from '../../cluster/pgLink'

export interface AlarmService {
  acknowledge(id: number, actor: string, note: string | null): Promise<AlarmRecord | 'missing' | 'conflict'>
  close(id: number, actor: string, note: string | null): Promise<AlarmRecord | 'missing' | 'conflict'>
  /**
   * Acknowledge several raised alarms with one note, all or nothing: `missing` lists ids unknown or
   * outside what `mayAct` allows, `notRaised` those no longer waiting for a seat; nothing is written
   * unless both are empty. Checked and written in the alarm queue, so no step of this node slips in
   * between.
   */
  acknowledgeMany(
    ids: readonly number[],
    actor: string,
    note: string | null,
    mayAct: (a: AlarmRecord) => boolean,
  ): Promise<{ ok: true; alarms: AlarmRecord[] } | { ok: false; missing: number[]; notRaised: number[] }>
  /**
   * Escalate every alarm left raised (unacknowledged) for YIPING_ALARM_ESCALATE_MINUTES by the app
   * clock to the region's leaders: an `alarm.escalated` step in its trail naming them, pushed. Runs
   * by itself on a timer armed for the next one due and whenever the figures move; callable after
   * moving a test clock. Resolves when done.
   */
  escalateDue(): Promise<number>
  /** When an alarm escalated, or null. */
  escalatedAt(id: number): number | null
  /**
   * A cause from another service (an instruction past its due time, or fed back): raised or cleared
   * like the aggregator's, in the same queue (by the leader); raising is idempotent by episode.
   */
  submitCause(cause: AlarmCause): Promise<void>
  /** Resolves when every alarm cause seen so far has been written (tests and shutdown). */
  settled(): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    alarms: AlarmService
  }
}

/**
 * Raises handed to the store at once: the embedded store's writer thread writes up to 32 requests
 * in one commit, and PostgreSQL's pool is not flooded by a backfill turning hundreds of cases red.
 */
const RAISES_AT_ONCE = 32

/** How often a node on a shared store reads the open alarms again, in case a notice was lost. */
const RESYNC_MS = 5000

/**
 * Turns alarm causes from the aggregator (a case turned red, by the clock or by supervision; a risk
 * point went to alarm) into stored alarms with a life, keeps the per-region counts, and pushes
 * every change to the screens of the region at once.
 */
export default fp(
  async (app) => {
    const { store, aggregator, regions, live, clock, cluster } = app
    // Causes arrive synchronously from the aggregator; their writes are applied one after another.
    let queue: Promise<unknown> = Promise.resolve()
    const enqueue = <T>(work: () => Promise<T>) => {
      // Called with no argument: the previous job's result is not the next job's business.
      const run = queue.then(() => work())
      queue = run.catch((err: unknown) => app.log.error({ err }, 'alarm update failed'))
      return run
    }

    // Escalation: raised alarms not yet escalated (id → raisedAt), and when each escalated.
    const escalateMs = app.config.alarmEscalateMinutes * 60_000
    const waiting = new Map<number, number>()
    const escalated = new Map<number, number>()
    const view = (a: AlarmRecord) => alarmView(a, regions, escalated.get(a.id) ?? null)
    const track = (a: AlarmRecord) => {
      if (a.status === 'raised' && !escalated.has(a.id)) waiting.set(a.id, a.raisedAt)
      else waiting.delete(a.id)
    }

    // The alarms as this node counts them: each alarm's last seen step, whoever wrote it. A step is
    // counted and pushed (to this node's own sockets) once, when this node first sees it: from its
    // own write, or from another node's notice, or from a read of the open alarms.
    const seen = new Map<number, { status: AlarmRecord['status']; step: string }>()
    const project = (a: AlarmRecord) => {
      const step = `${a.status}|${a.clearedAt ?? ''}|${escalated.get(a.id) ?? ''}`
      const before = seen.get(a.id)
      if (before?.step === step) return
      const [dr, da] = countDelta(before?.status ?? null, a.status)
      aggregator.adjustAlarms(a.regionCode, a.kind, dr, da)
      seen.set(a.id, { status: a.status, step })
      track(a)
      if (a.status === 'raised') arm()
      live.pushAlarm(view(a))
    }
    /** A step this node wrote: counted here, and other nodes are told to read it. */
    const changed = (a: AlarmRecord) => {
      project(a)
      void cluster.notify(ALARM_CHANNEL, String(a.id))
    }

    let timer: NodeJS.Timeout | undefined
    let armedFor = Infinity
    let closing = false
    // Escalation happens once: on the leader.
    function arm() {
      const next = nextEscalation(waiting, escalateMs)
      if (closing || !cluster.isLeader() || next === undefined || next >= armedFor) return
      clearTimeout(timer)
      armedFor = next
      timer = setTimeout(() => {
        armedFor = Infinity
        void escalateDue()
      }, Math.min(Math.max(0, next - clock()), 2 ** 31 - 1))
      timer.unref()
    }

    function escalateDue(): Promise<number> {
      return enqueue(async () => {
        if (!cluster.isLeader()) return 0
        const now = clock()
        const due = [...waiting].filter(([, raisedAt]) => raisedAt + escalateMs <= now).map(([id]) => id)
        if (due.length === 0) return 0
        const accounts = await store.access.listAccounts()
        let n = 0
        for (const id of due) {
          waiting.delete(id)
          const a = await store.duty.get(id)
          if (!a || a.status !== 'raised' || escalated.has(id)) continue
          const note = escalationNote(app.config.alarmEscalateMinutes, leadersOf(accounts, a.regionCode, regions))
          await store.duty.appendAudit(
            { at: now, actor: SYSTEM_ACTOR, action: ESCALATED, target: `alarm:${id}`, note, region: a.regionCode },
            regionPath(regions, a.regionCode),
          )
          escalated.set(id, now)
          project(a)
          void cluster.notify(ALARM_CHANNEL, `e${id}:${now}`)
          n++
        }
        return n
      }).finally(() => arm())
    }

    // Which alarms escalated already (the trail says), before any is tracked as waiting.
    for (let cursor: string | undefined, page; (page = await store.duty.queryAudit({ action: ESCALATED, limit: 1000, ...(cursor ? { cursor } : {}) })); ) {
      for (const e of page.items) escalated.set(Number(e.target.slice('alarm:'.length)), e.at)
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }

    // Raising and clearing happen once: the leader turns causes into alarms; every node projects them.
    // Causes wait here for the queue and are written together: the raises of one batch of events (a
    // backfill turns many old cases red at once) are handed to the store at once, so the embedded
    // store's writer thread writes them in one commit instead of one commit and fsync each.
    let causes: Array<{ cause: AlarmCause; resolve: () => void; reject: (err: unknown) => void }> = []
    const onCause = (cause: AlarmCause): Promise<void> => {
      const done = new Promise<void>((resolve, reject) => {
        causes.push({ cause, resolve, reject })
        if (causes.length === 1) void enqueue(writeCauses)
      })
      // Logged where it fails; a caller that awaits it (submitCause) still sees the error.
      done.catch(() => undefined)
      return done
    }
    /** Write the causes waiting, in order: a run of raises at once, each clear after what came before it. */
    async function writeCauses(): Promise<void> {
      const list = causes
      causes = []
      if (!cluster.isLeader()) return list.forEach((w) => w.resolve())
      const failed = (w: (typeof list)[number], err: unknown) => {
        app.log.error({ err }, 'alarm update failed')
        w.reject(err)
      }
      for (let i = 0; i < list.length; ) {
        let j = i
        while (j < list.length && j - i < RAISES_AT_ONCE && list[j]!.cause.type === 'raise') j++
        if (j > i) {
          const run = list.slice(i, j)
          i = j
          // The episode's unique key: a race (a leader that has just lost the lead) never raises two.
          const raised = await Promise.allSettled(
            run.map(async ({ cause: c }) => (c.type === 'raise' ? store.duty.raise({ ...c, raisedAt: c.at }, regionPath(regions, c.regionCode)) : null)),
          )
          run.forEach((w, k) => {
            const r = raised[k]!
            if (r.status === 'rejected') return failed(w, r.reason)
            try {
              if (r.value) changed(r.value)
              w.resolve()
            } catch (err) {
              failed(w, err)
            }
          })
          continue
        }
        const w = list[i++]!
        const c = w.cause
        try {
          if (c.type === 'clear') for (const { alarm } of await store.duty.clear(c.kind, c.subjectId, c.at, c.endedAt)) changed(alarm)
          w.resolve()
        } catch (err) {
          failed(w, err)
        }
      }
    }

    // Every node counts the stored open alarms.
    await store.duty.forEachOpen(project)

    /**
     * On taking the lead (at start-up for the embedded store): raise what the figures say is due (a
     * case that turned red while no leader watched) and clear what ended.
     */
    const reconcile = async () => {
      const stillOpen: AlarmRecord[] = []
      await store.duty.forEachOpen((a) => {
        if (a.clearedAt === null) stillOpen.push(a)
      })
      const now = clock()
      const red = new Set<string>()
      // After a lazy restart the cases still encoded are decoded first (the drain the aggregator
      // started), and the walk goes a slice per turn too, so that start-up answers between slices.
      await aggregator.forEachRed((c) => {
        red.add(c.id)
        void onCause(raiseForCase(c, now))
      }, turn)
      const inAlarm = new Set<string>()
      const risk = (r: { id: string; status: string }) => {
        if (r.status !== 'alarm') return
        inAlarm.add(r.id)
        void onCause(raiseForRisk(r as Parameters<typeof raiseForRisk>[0], now))
      }
      if (app.states) for (const r of app.states.risks.values()) risk(r)
      else await store.forEachRisk(risk)
      // When the cause ended while no leader watched is unknown: such alarms stay for a seat.
      // (Instruction alarms are the instructions service's: it clears them from the instructions it loads.)
      for (const a of stillOpen)
        if ((a.kind === 'case.red' || a.kind === 'risk.alarm') && !(a.kind === 'case.red' ? red : inAlarm).has(a.subjectId)) void onCause({ type: 'clear', kind: a.kind, subjectId: a.subjectId, at: now, endedAt: Math.max(now, a.raisedAt) })
      arm()
    }
    aggregator.onAlarmCause((cause) => void onCause(cause))
    // The clock that turns cases red also brings escalations due: checked whenever figures move.
    aggregator.onChange(() => {
      const next = nextEscalation(waiting, escalateMs)
      if (next !== undefined && next <= clock() && cluster.isLeader()) void escalateDue()
    })
    cluster.onLeader((leader) => {
      if (leader) return void enqueue(reconcile)
      clearTimeout(timer)
      armedFor = Infinity
    })

    // Other nodes' steps: read the alarm named, count and push what is new here.
    const readOne = (id: number) =>
      enqueue(async () => {
        const a = await store.duty.get(id)
        if (a) project(a)
      })
    cluster.onNotice(ALARM_CHANNEL, (payload) => {
      const m = /^(e?)(\d+)(?::(\d+))?$/.exec(payload)
      if (!m) return
      const id = Number(m[2])
      if (m[1] === 'e' && !escalated.has(id)) escalated.set(id, Number(m[3]))
      void readOne(id)
    })
    /** Read every open alarm again, and those this node still counts as open (a lost notice). */
    const resync = () =>
      enqueue(async () => {
        const open = new Set<number>()
        await store.duty.forEachOpen((a) => {
          open.add(a.id)
          project(a)
        })
        for (const [id, s] of seen) {
          if (s.status === 'closed' || open.has(id)) continue
          const a = await store.duty.get(id)
          if (a) project(a)
        }
      })
    const resyncTimer = cluster.shared ? setInterval(() => void resync(), RESYNC_MS).unref() : undefined
    cluster.onListening(() => void resync())

    const act = (action: 'acknowledge' | 'close') => (id: number, actor: string, note: string | null) =>
      enqueue(async () => {
        const result = await store.duty.update(id, { action, actor, note, at: clock() })
        if (typeof result === 'object') changed(result)
        return result
      })

    const acknowledgeMany: AlarmService['acknowledgeMany'] = (ids, actor, note, mayAct) =>
      enqueue(async () => {
        const found = await Promise.all(ids.map(async (id) => ({ id, alarm: await store.duty.get(id) })))
        const missing = found.filter((f) => !f.alarm || !mayAct(f.alarm)).map((f) => f.id)
        const notRaised = found.filter((f) => f.alarm && mayAct(f.alarm) && f.alarm.status !== 'raised').map((f) => f.id)
        if (missing.length > 0 || notRaised.length > 0) return { ok: false as const, missing, notRaised }
        const alarms: AlarmRecord[] = []
        const at = clock()
        for (const { id } of found) {
          const result = await store.duty.update(id, { action: 'acknowledge', actor, note, at })
          if (typeof result !== 'object') throw new Error(`alarm ${id} changed under the queue`)
          changed(result)
          alarms.push(result)
        }
        return { ok: true as const, alarms }
      })

    app.decorate('alarms', {
      acknowledgeMany,
      escalateDue,
      submitCause: (cause: AlarmCause) => onCause(cause).then(() => undefined),
      escalatedAt: (id: number) => escalated.get(id) ?? null,
      acknowledge: act('acknowledge'),
      close: act('close'),
      // Work may enqueue more work (a reconciliation raises): wait until the queue stays put.
      async settled() {
        for (let q = queue; ; q = queue) {
          await q
          if (q === queue) return
        }
      },
    })
    app.addHook('preClose', async () => {
      closing = true
      clearTimeout(timer)
      clearInterval(resyncTimer)
      await queue
    })
  },
  { name: 'alarms', dependencies: ['store', 'aggregator', 'regions', 'live', 'cluster'] },
)
