import { subjectOf } from '../../../shared/events/schema'
import { camerasOf } from '../common/deskRows'
import type Database from 'better-sqlite3'
import type { CaseState } from '../../domain/cases/caseState'
import { ALWAYS } from '../../domain/cases/marks'
import type { KnownState } from '../../domain/ingest/planBatch'
import { idsOfBatch } from '../../domain/ingest/planBatch'
import type { RiskState } from '../../domain/risks/riskState'
import type { BatchMeta, CommittedEvent, IngestBatch, IngestOutcome, LoggedBatch, LoggedEvent, StoreOptions, StoredEvent } from '../types'
import { commitTime, groupByBatch, lastFirstSeq } from '../common/batches'
import { CASE_COLUMNS, caseParams, parseState, riskParams, type CaseRow } from './rows'

interface EventRow {
  seq: number
  id: string
  type: LoggedEvent['type']
  at: number
  received_at: number
  body: string
}
interface BatchRow {
  seq: number
  first_seq: number
  committed_at: number
  node_id: string
  key_id: string | null
  actor: string | null
}

const toLogged = (r: EventRow): LoggedEvent => ({ seq: r.seq, id: r.id, type: r.type, at: r.at, event: JSON.parse(r.body) })
const toMeta = (r: BatchRow): BatchMeta => ({
  seq: r.seq,
  firstSeq: r.first_seq,
  committedAt: r.committed_at,
  nodeId: r.node_id,
  origin: { keyId: r.key_id, actor: r.actor },
})
const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]))

/**
 * The event log in SQLite: `events` (one row per event, its position `seq`) and `batches` (one row
 * per commit: position, commit time, node, origin). A batch is written in one IMMEDIATE transaction,
 * which takes the database's write lock before the first read: whoever holds it reads the head,
 * plans against the rows as they are, and appends at head + 1, so positions are gapless and in
 * commit order even with several processes on one file.
 */
export class SqliteLog {
  private readonly s

  constructor(
    private readonly db: Database.Database,
    private readonly opts: StoreOptions,
  ) {
    this.s = {
      seenEvents: db.prepare<[string], { id: string }>(`SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))`),
      casesById: db.prepare<[string], CaseRow>(`SELECT state FROM cases WHERE id IN (SELECT value FROM json_each(?))`),
      risksById: db.prepare<[string], CaseRow>(`SELECT state FROM risks WHERE id IN (SELECT value FROM json_each(?))`),
      head: db.prepare<[], { seq: number; committed_at: number }>(`SELECT seq, committed_at FROM batches ORDER BY seq DESC LIMIT 1`),
      insertEvent: db.prepare(`INSERT INTO events (seq, id, type, at, received_at, body, subject) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      insertBatch: db.prepare(`INSERT INTO batches (seq, first_seq, committed_at, node_id, key_id, actor) VALUES (?, ?, ?, ?, ?, ?)`),
      upsertCase: db.prepare(`INSERT INTO cases (${CASE_COLUMNS.join(', ')}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')})
        ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, due_at = excluded.due_at, resolved_at = excluded.resolved_at,
          followed_up_at = excluded.followed_up_at, supervised_color = excluded.supervised_color, updated_at = excluded.updated_at,
          overdue_from = excluded.overdue_from, green_from = excluded.green_from, yellow_from = excluded.yellow_from,
          red_from = excluded.red_from, state = excluded.state`),
      upsertCamera: db.prepare(`INSERT INTO cameras (id, name, region_code, region_path, lng, lat, stream_url, platform_url, registered_at)
        VALUES (@id, @name, @regionCode, @path, @lng, @lat, @streamUrl, @platformUrl, @registeredAt)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, region_code = excluded.region_code, region_path = excluded.region_path,
          lng = excluded.lng, lat = excluded.lat, stream_url = excluded.stream_url, platform_url = excluded.platform_url,
          registered_at = excluded.registered_at`),
      upsertRisk: db.prepare(`INSERT INTO risks (id, region_code, region_path, status, state) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, state = excluded.state`),
      batchesAfter: db.prepare<[number, number], BatchRow>(`SELECT * FROM batches WHERE seq > ? AND first_seq <= ? ORDER BY seq`),
      eventsBetween: db.prepare<[number, number], EventRow>(`SELECT seq, id, type, at, received_at, body FROM events WHERE seq > ? AND seq <= ? ORDER BY seq`),
      seqAt: db.prepare<[number], { seq: number | null }>(`SELECT max(seq) AS seq FROM batches WHERE committed_at <= ?`),
      // Each event with its batch: the first batch whose position is at or after the event's.
      eventsOf: db.prepare<[string], EventRow & { key_id: string | null; actor: string | null }>(`SELECT e.seq, e.id, e.type, e.at,
          e.received_at, e.body, b.key_id, b.actor FROM events e JOIN batches b ON b.seq = (SELECT min(seq) FROM batches WHERE seq >= e.seq)
        WHERE e.subject = ? ORDER BY e.seq`),
    }
  }

  ingest(b: IngestBatch): IngestOutcome {
    const s = this.s
    const run = this.db.transaction((): IngestOutcome => {
      const ids = idsOfBatch(b.events)
      const known: KnownState = {
        seenEventIds: new Set(s.seenEvents.all(JSON.stringify(ids.eventIds)).map((r) => r.id)),
        cases: byId(ids.caseIds.length ? s.casesById.all(JSON.stringify(ids.caseIds)).map((r) => parseState<CaseState>(r)) : []),
        risks: byId(ids.riskIds.length ? s.risksById.all(JSON.stringify(ids.riskIds)).map((r) => parseState<RiskState>(r)) : []),
      }
      const decided = b.plan(known)
      if (!decided.ok) return decided
      if (decided.accepted.length === 0) return { ...decided, accepted: [], batch: null }
      const head = s.head.get() ?? { seq: 0, committed_at: ALWAYS }
      // Commit times never go back in the log, whatever the clocks of several nodes say.
      const committedAt = Math.max(commitTime(this.opts.clock(), b.committedAt), head.committed_at)
      let seq = head.seq
      const accepted: CommittedEvent[] = decided.accepted.map((a) => {
        seq += 1
        const e = a.event
        s.insertEvent.run(seq, e.id, e.type, a.at, committedAt, JSON.stringify(e), subjectOf(e))
        return { ...a, seq }
      })
      for (const { next } of decided.cases.values()) s.upsertCase.run(...caseParams(next, b.pathOf(next.regionCode)))
      for (const { next } of decided.risks.values()) s.upsertRisk.run(...riskParams(next, b.pathOf(next.regionCode)))
      for (const c of camerasOf(decided.accepted)) s.upsertCamera.run({ ...c, path: b.pathOf(c.regionCode) })
      const batch: BatchMeta = { seq, firstSeq: head.seq + 1, committedAt, nodeId: this.opts.nodeId, origin: { ...b.origin } }
      s.insertBatch.run(batch.seq, batch.firstSeq, committedAt, batch.nodeId, b.origin.keyId, b.origin.actor)
      return { ...decided, accepted, batch }
    })
    // IMMEDIATE takes the write lock up front, so another process cannot slip in between read and write.
    return run.immediate()
  }

  lastSeq(): number {
    return this.s.head.get()?.seq ?? 0
  }

  readBatches(afterSeq: number, maxEvents: number): LoggedBatch[] {
    const read = this.db.transaction(() => {
      const metas = this.s.batchesAfter.all(afterSeq, lastFirstSeq(afterSeq, maxEvents))
      if (metas.length === 0) return []
      const events = this.s.eventsBetween.all(afterSeq, metas.at(-1)!.seq)
      return groupByBatch(metas.map(toMeta), events.map(toLogged))
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
