import { subjectOf } from '../../../shared/events/schema'
import { camerasOf } from '../common/deskRows'
import type Database from 'better-sqlite3'
import type { CaseState } from '../../domain/cases/caseState'
import type { KnownState } from '../../domain/ingest/planBatch'
import { idsOfBatch } from '../../domain/ingest/planBatch'
import type { RiskState } from '../../domain/risks/riskState'
import type { BatchMeta, CommittedEvent, IngestBatch, IngestOutcome, LoggedBatch, LoggedEvent, StoreOptions, StoredEvent } from '../types'
import { commitTime, groupByBatch, lastFirstSeq } from '../common/batches'
import { toLogged, toMeta, type BatchRow, type EventRow as LogEventRow } from '../common/logRows'
import { caseWire, parseState, riskParams, type CaseRow } from './rows'
import { PendingIds, StateOverlay } from './writer/overlay'
import type { WriteRequest } from './writer/protocol'
import { WRITE_SQL } from './writer/sql'
import { StalePlan, WriterThread, type Done } from './writer/writerThread'

/** The log's events as SQLite reads them back, with the time each was received. */
type EventRow = LogEventRow & { received_at: number }
/** A row of the log read as an array (readBatches): seq, id, type, at, body. */
type EventTuple = [number, string, LoggedEvent['type'], number, string]
type Written = Awaited<ReturnType<WriterThread['write']>>

/** A planned batch on its way to the writer thread. */
interface Handover {
  ticket: number
  /** Make its rows and hand them to the thread. */
  send(): Promise<Written>
  resolve(done: Written): void
  reject(err: unknown): void
}

/** Committed states kept in memory for planning the batches after them (per kind). */
const RECENT_STATES = 50_000
/** Times a batch is planned again when the states it was planned on changed before it was written. */
const MAX_ATTEMPTS = 20

/**
 * The event log in SQLite: `events` (one row per event, its position `seq`) and `batches` (one row
 * per commit: position, commit time, node, origin). The main thread plans each batch and a writer
 * thread with a connection of its own writes it (writer/writerWorker.mjs): several batches queued
 * meanwhile share one IMMEDIATE transaction and one fsync, each answered after that COMMIT. The
 * thread reads the head inside the transaction and appends at head + 1, so positions are gapless
 * and in commit order. Batches are planned on the states of every batch handed over before them
 * (writer/overlay.ts), which holds while this process is the only one writing the file. A thread
 * that stops (a crash) between a COMMIT and its answers leaves the log to say what it wrote: those
 * batches are answered as committed, once, and the others it had in hand are planned again.
 */
export class SqliteLog {
  private readonly s
  /** The thread that writes the log, and the alarm writes made during ingest (dutyStore.ts). */
  readonly writer: WriterThread
  private readonly pendingEvents = new PendingIds()
  private readonly cases = new StateOverlay<CaseState>(RECENT_STATES)
  private readonly risks = new StateOverlay<RiskState>(RECENT_STATES)
  private tickets = 0
  /** Batches up to this one were handed over before the last reset: they fail with the batch that failed. */
  private resetAfter = 0
  /**
   * Planned batches whose rows are made and handed to the thread at the next turn of the event
   * loop, in the order they were planned: a batch of 1,000 events is planned in one turn and its
   * rows made and posted in the next, so neither waits for the other on the event loop.
   */
  private queued: Handover[] = []
  private turn: NodeJS.Immediate | null = null
  /** Tickets handed to the thread and not answered yet. */
  private readonly inFlight = new Set<number>()
  /** Run once every ticket up to `upTo` handed to the thread is answered. */
  private waiters: Array<{ upTo: number; fn: () => void }> = []
  /** Planned after a batch that failed, not handed over: refused (to be planned again) once the batches before them are answered. */
  private held = 0
  /** A batch whose rows could not be made waits for its turn to fail; nothing after it is handed over meanwhile. */
  private stuck = false

  constructor(
    private readonly db: Database.Database,
    private readonly opts: StoreOptions,
  ) {
    this.writer = new WriterThread(db.name, (unanswered) => this.findCommitted(unanswered))
    this.s = {
      seenEvents: db.prepare<[string], { id: string }>(`SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))`),
      casesById: db.prepare<[string], CaseRow>(`SELECT state FROM cases WHERE id IN (SELECT value FROM json_each(?))`),
      risksById: db.prepare<[string], CaseRow>(`SELECT state FROM risks WHERE id IN (SELECT value FROM json_each(?))`),
      head: db.prepare<[], { seq: number; committed_at: number }>(WRITE_SQL.head),
      // The write statements are the writer thread's; prepared here too for the bench's raw-SQL limit (bench/raw).
      insertEvent: db.prepare(WRITE_SQL.insertEvent),
      insertBatch: db.prepare(WRITE_SQL.insertBatch),
      upsertCase: db.prepare(WRITE_SQL.upsertCase),
      upsertRisk: db.prepare(WRITE_SQL.upsertRisk),
      upsertCamera: db.prepare(WRITE_SQL.upsertCamera),
      batchesAfter: db.prepare<[number, number], BatchRow>(`SELECT * FROM batches WHERE seq > ? AND first_seq <= ? ORDER BY seq`),
      // As arrays, only the columns a LoggedEvent holds: a replay's tail reads 20,000 rows, and
      // an object per row (with the unused received_at), then another per event, was a third of its reading.
      eventsBetween: db
        .prepare<[number, number], EventRow>(`SELECT seq, id, type, at, body FROM events WHERE seq > ? AND seq <= ? ORDER BY seq`)
        .raw(true) as unknown as Database.Statement<[number, number], EventTuple>,
      seqOfEvent: db.prepare<[string], { seq: number }>(`SELECT seq FROM events WHERE id = ?`),
      batchAt: db.prepare<[number], BatchRow>(`SELECT * FROM batches WHERE seq >= ? ORDER BY seq LIMIT 1`),
      idsBetween: db.prepare<[number, number], { id: string }>(`SELECT id FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq`),
      seqAt: db.prepare<[number], { seq: number | null }>(`SELECT max(seq) AS seq FROM batches WHERE committed_at <= ?`),
      // Each event with its batch: the first batch whose position is at or after the event's.
      eventsOf: db.prepare<[string], EventRow & { key_id: string | null; actor: string | null }>(`SELECT e.seq, e.id, e.type, e.at,
          e.received_at, e.body, b.key_id, b.actor FROM events e JOIN batches b ON b.seq = (SELECT min(seq) FROM batches WHERE seq >= e.seq)
        WHERE e.subject = ? ORDER BY e.seq`),
    }
  }

  /**
   * Plan the batch now, on the rows as every batch handed over before it leaves them (StateOverlay),
   * and hand its rows to the writer thread at the next turn of the event loop (handOver); resolves
   * once they are committed. The planning is synchronous and the hand-over in plan order, so
   * batches are planned, written and answered in the order of the calls. A batch
   * the thread finds planned on changed states (another store committed to the file since, or an
   * earlier batch failed) is planned again, as it would have been under the lock.
   */
  ingest(b: IngestBatch, attempt = 1): Promise<IngestOutcome> {
    const s = this.s
    const ids = idsOfBatch(b.events)
    // One snapshot for the head and the rows, so the thread can tell whether it is still the file's.
    const { basis, known } = this.db.transaction(() => {
      const basis = s.head.get()?.seq ?? 0
      const seenEventIds = new Set(s.seenEvents.all(JSON.stringify(ids.eventIds)).map((r) => r.id))
      if (this.pendingEvents.size > 0) for (const id of ids.eventIds) if (this.pendingEvents.has(id)) seenEventIds.add(id)
      const known: KnownState = {
        seenEventIds,
        cases: this.known(ids.caseIds, this.cases, s.casesById),
        risks: this.known(ids.riskIds, this.risks, s.risksById),
      }
      return { basis, known }
    }).deferred()
    const decided = b.plan(known)
    if (!decided.ok) return Promise.resolve(decided)
    if (decided.accepted.length === 0) return Promise.resolve({ ...decided, accepted: [], batch: null })
    // Ids come from the thread's end: alarm writes share its id space.
    const ticket = (this.tickets = this.writer.nextId())
    const caseStates: CaseState[] = []
    for (const { next } of decided.cases.values()) caseStates.push(next)
    const riskStates: RiskState[] = []
    for (const { next } of decided.risks.values()) riskStates.push(next)
    const eventIds = decided.accepted.map((a) => a.event.id)
    this.pendingEvents.planned(ticket, eventIds)
    this.cases.planned(ticket, caseStates)
    this.risks.planned(ticket, riskStates)
    const committedAt = commitTime(this.opts.clock(), b.committedAt)
    const send = (): Promise<Written> => {
      const req: WriteRequest = {
        kind: 'write',
        id: ticket,
        basis,
        committedAt,
        nodeId: this.opts.nodeId,
        keyId: b.origin.keyId,
        actor: b.origin.actor,
        events: decided.accepted.map(({ event: e, at }) => [e.id, e.type, at, JSON.stringify(e), subjectOf(e)]),
        cases: caseStates.map((c) => caseWire(c, b.pathOf(c.regionCode))),
        risks: riskStates.map((r) => riskParams(r, b.pathOf(r.regionCode))),
        cameras: camerasOf(decided.accepted).map((c) => ({ ...c, path: b.pathOf(c.regionCode) })),
      }
      return this.writer.write(req)
    }
    const origin = { ...b.origin }
    const written = new Promise<Written>((resolve, reject) => {
      this.queued.push({ ticket, send, resolve, reject })
      this.turn ??= setImmediate(() => this.handOver())
    })
    return written.then(
      (done): IngestOutcome => {
        this.pendingEvents.committed(ticket, eventIds)
        this.cases.committed(ticket, decided.cases.keys())
        this.risks.committed(ticket, decided.risks.keys())
        let seq = done.firstSeq - 1
        const accepted: CommittedEvent[] = decided.accepted.map((a) => ({ ...a, seq: ++seq }))
        const batch: BatchMeta = { seq: done.seq, firstSeq: done.firstSeq, committedAt: done.committedAt, nodeId: this.opts.nodeId, origin }
        return { ...decided, accepted, batch }
      },
      (err: unknown) => {
        // The first refusal since the last reset: every batch handed over after it is refused too
        // (the thread waits for the reset), so everything planned is forgotten at once.
        if (ticket > this.resetAfter) {
          this.resetAfter = this.tickets
          this.pendingEvents.clear()
          this.cases.clear()
          this.risks.clear()
          this.writer.reset()
          // Planned on what was just forgotten and not handed over: refused as the thread refuses
          // those it holds, after them, so that every one is planned again in the order of the calls.
          const held = this.queued.splice(0)
          this.held += held.length
          if (held.length > 0)
            this.whenAnswered(this.resetAfter, () => {
              this.held -= held.length
              for (const h of held) h.reject(new StalePlan('planned after a batch that was not written'))
            })
        }
        // Planned again at once, so that the batches refused after it are planned again after it.
        if (err instanceof StalePlan && attempt < MAX_ATTEMPTS) return this.ingest(b, attempt + 1)
        throw err
      },
    )
  }

  /** Make the rows of the batches planned since the last turn and hand them to the thread, in order. */
  private handOver(): void {
    if (this.turn) clearImmediate(this.turn)
    this.turn = null
    while (this.queued.length > 0 && !this.stuck) {
      const h = this.queued.shift()!
      let sent: Promise<Written>
      try {
        sent = h.send()
      } catch (err) {
        // Nothing of it reached the thread: it fails in its turn, once the batches handed over
        // before it are answered, as a write refused by the thread would.
        this.stuck = true
        this.whenAnswered(h.ticket, () => {
          this.stuck = false
          h.reject(err)
        })
        return
      }
      this.inFlight.add(h.ticket)
      sent.then(
        (done) => {
          this.inFlight.delete(h.ticket)
          h.resolve(done)
          this.answered()
        },
        (err: unknown) => {
          this.inFlight.delete(h.ticket)
          h.reject(err)
          this.answered()
        },
      )
    }
  }

  private whenAnswered(upTo: number, fn: () => void): void {
    this.waiters.push({ upTo, fn })
    this.answered()
  }

  /** Run the waiters whose tickets are all answered. */
  private answered(): void {
    if (this.waiters.length === 0) return
    let lowest = Infinity
    for (const t of this.inFlight) lowest = Math.min(lowest, t)
    const ready = this.waiters.filter((w) => w.upTo < lowest)
    if (ready.length === 0) return
    this.waiters = this.waiters.filter((w) => w.upTo >= lowest)
    for (const w of ready) w.fn()
  }

  /**
   * Of the batches a writer thread had in hand when it stopped, those the log holds: a batch is in
   * the log when its events are, exactly and in its order, the events of one logged batch of this
   * node and origin (event ids are unique in the log, and no two batches in flight since the last
   * reset plan the same one). Batches handed over before the last reset are left out: the thread
   * was refusing them. The others are answered as the thread would have answered them; the
   * aggregator and listeners then see them once, through the same path as any commit.
   */
  private findCommitted(unanswered: readonly WriteRequest[]): Map<number, Done> {
    const found = new Map<number, Done>()
    const s = this.s
    this.db
      .transaction(() => {
        for (const r of unanswered) {
          if (r.id <= this.resetAfter || r.events.length === 0) continue
          const first = s.seqOfEvent.get(r.events[0]![0])
          if (!first) continue
          const b = s.batchAt.get(first.seq)
          if (!b || b.first_seq !== first.seq || b.seq - b.first_seq + 1 !== r.events.length) continue
          if (b.node_id !== r.nodeId || b.key_id !== r.keyId || b.actor !== r.actor) continue
          const ids = s.idsBetween.all(b.first_seq, b.seq)
          if (ids.some((row, i) => row.id !== r.events[i]![0])) continue
          found.set(r.id, { firstSeq: b.first_seq, seq: b.seq, committedAt: b.committed_at })
        }
      })
      .deferred()
    return found
  }

  /** States of these ids before the batch: planned or recently written ones from memory, the others from their rows. */
  private known<S extends { id: string }>(ids: string[], overlay: StateOverlay<S>, byIds: Database.Statement<[string], CaseRow>): Map<string, S> {
    const out = new Map<string, S>()
    const missing: string[] = []
    for (const id of ids) {
      const state = overlay.get(id)
      if (state) out.set(id, state)
      else missing.push(id)
    }
    if (missing.length > 0) for (const row of byIds.all(JSON.stringify(missing))) {
      const state = parseState<S>(row)
      out.set(state.id, state)
    }
    return out
  }

  /** For the tests: the writer thread stops right after its next COMMIT, before answering (WriterThread). */
  stopWriterAfterNextCommit(): void {
    this.writer.stopAfterNextCommit()
  }

  /** How many writer threads stopped with batches in hand (each such batch settled from the log). */
  get writerStops(): number {
    return this.writer.stops
  }

  /** Every batch planned is answered (committed or failed), those planned again meanwhile too. */
  async drained(): Promise<void> {
    for (;;) {
      this.handOver()
      await this.writer.drained()
      // The answers' handlers run (a refused batch is planned again) before the next look.
      await new Promise((resolve) => setImmediate(resolve))
      if (this.queued.length === 0 && this.held === 0 && this.inFlight.size === 0 && !this.stuck) return
    }
  }

  async close(): Promise<void> {
    await this.drained()
    return this.writer.close()
  }

  lastSeq(): number {
    return this.s.head.get()?.seq ?? 0
  }

  readBatches(afterSeq: number, maxEvents: number): LoggedBatch[] {
    const read = this.db.transaction(() => {
      const metas = this.s.batchesAfter.all(afterSeq, lastFirstSeq(afterSeq, maxEvents))
      if (metas.length === 0) return []
      const rows = this.s.eventsBetween.all(afterSeq, metas.at(-1)!.seq)
      const events = rows.map(([seq, id, type, at, body]): LoggedEvent => ({ seq, id, type, at, event: JSON.parse(body) as LoggedEvent['event'] }))
      return groupByBatch(metas.map(toMeta), events)
    })
    return read.deferred()
  }

  seqAt(t: number): number {
    return this.s.seqAt.get(t)?.seq ?? 0
  }

  eventsOf(subjectId: string): StoredEvent[] {
    return this.s.eventsOf.all(subjectId).map((r) => ({ ...toLogged(r), committedAt: r.received_at, origin: { keyId: r.key_id, actor: r.actor } }))
  }
}
