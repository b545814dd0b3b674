import type { CaseState } from '../../domain/cases/caseState'
import { ALWAYS, caseMarks } from '../../domain/cases/marks'
import { idsOfBatch, type KnownState } from '../../domain/ingest/planBatch'
import type { RiskState } from '../../domain/risks/riskState'
import { groupByBatch, lastFirstSeq } from '../common/batches'
import type { BatchMeta, CommittedEvent, IngestBatch, IngestOutcome, LoggedBatch, LoggedEvent, StoreOptions, StoredEvent } from '../types'
import { isUniqueViolation, type Conn, type Db } from './db'

/** Key of the advisory lock every commit to the log holds (advisory locks are per database). */
export const LOG_LOCK = 0x5969_706c_6f67
/** The channel told of every commit (payload: the batch's position), to wake tailing nodes. */
export const LOG_CHANNEL = 'yiping_log'

interface EventRow {
  seq: number
  id: string
  type: LoggedEvent['type']
  at: number
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
const byId = <T extends { id: string }>(rows: Array<{ state: string }>) => new Map(rows.map((r) => JSON.parse(r.state) as T).map((x) => [x.id, x]))

// Whole batches go in as arrays, one statement per table (no per-event round trip); named
// statements are parsed and planned once per connection.
const Q = {
  seen: { name: 'yiping.seen', text: `SELECT id FROM events WHERE id = ANY($1::text[])` },
  cases: { name: 'yiping.cases', text: `SELECT state FROM cases WHERE id = ANY($1::text[])` },
  risks: { name: 'yiping.risks', text: `SELECT state FROM risks WHERE id = ANY($1::text[])` },
  head: { name: 'yiping.head', text: `SELECT seq, committed_at FROM batches ORDER BY seq DESC LIMIT 1` },
  events: {
    name: 'yiping.events',
    text: `INSERT INTO events (seq, id, type, at, subject, body)
      SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[])`,
  },
  upsertCases: {
    name: 'yiping.upsertCases',
    text: `INSERT INTO cases (id, region_code, region_path, stage, title, category, reported_at, due_at, resolved_at,
        followed_up_at, supervised_color, updated_at, overdue_from, green_from, yellow_from, red_from, state)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
        $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::bigint[], $13::bigint[], $14::bigint[],
        $15::bigint[], $16::bigint[], $17::text[])
      ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, due_at = excluded.due_at, resolved_at = excluded.resolved_at,
        followed_up_at = excluded.followed_up_at, supervised_color = excluded.supervised_color,
        updated_at = excluded.updated_at, overdue_from = excluded.overdue_from, green_from = excluded.green_from,
        yellow_from = excluded.yellow_from, red_from = excluded.red_from, state = excluded.state`,
  },
  upsertRisks: {
    name: 'yiping.upsertRisks',
    text: `INSERT INTO risks (id, region_code, region_path, status, state)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
      ON CONFLICT (id) DO UPDATE SET status = excluded.status, state = excluded.state`,
  },
  batch: {
    name: 'yiping.batch',
    text: `WITH b AS (INSERT INTO batches (seq, first_seq, committed_at, node_id, key_id, actor)
        VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq)
      SELECT pg_notify('${LOG_CHANNEL}', seq::text) FROM b`,
  },
}

/** Column arrays of the cases a batch changed, in the order of Q.upsertCases. */
function caseColumns(cases: Iterable<CaseState>, pathOf: (code: string) => string): unknown[][] {
  const cols: unknown[][] = Array.from({ length: 17 }, () => [])
  for (const c of cases) {
    const m = caseMarks(c)
    const row = [c.id, c.regionCode, pathOf(c.regionCode), c.stage, c.title, c.category, c.reportedAt, c.dueAt, c.resolvedAt,
      c.followedUpAt, c.supervisedColor, c.updatedAt, m.overdueFrom, m.greenFrom, m.yellowFrom, m.redFrom, JSON.stringify(c)]
    row.forEach((v, i) => cols[i]!.push(v))
  }
  return cols
}

/**
 * The event log in PostgreSQL. A commit takes a transaction-scoped advisory lock first, so commits
 * of every node are serialised: under it the head is read, the rows the batch mentions are read
 * as every earlier commit left them, the batch is planned and appended at head + 1, and the lock
 * goes with COMMIT. Positions are therefore gapless and in commit order; a sequence would leave
 * gaps on rollback and hand out numbers in start order, not commit order.
 */
export class PgLog {
  constructor(
    private readonly db: Db,
    private readonly opts: StoreOptions,
  ) {}

  async ingest(b: IngestBatch): Promise<IngestOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tryIngest(b)
      } catch (err) {
        // Under the lock no other commit can insert an id between our read and our write; this is
        // the guard for a writer that does not take it: plan again, the id is then a duplicate.
        if (attempt < 2 && isUniqueViolation(err, 'events_id_unique')) continue
        throw err
      }
    }
  }

  private async tryIngest(b: IngestBatch): Promise<IngestOutcome> {
    const c = await this.db.connect()
    let open = true
    try {
      await c.query(`BEGIN; SELECT pg_advisory_xact_lock(${LOG_LOCK})`)
      const known = await this.known(c, b)
      const decided = b.plan(known)
      if (!decided.ok || decided.accepted.length === 0) {
        await c.query('ROLLBACK')
        open = false
        return decided.ok ? { ...decided, accepted: [], batch: null } : decided
      }
      const head = (await c.query<{ seq: number; committed_at: number }>(Q.head)).rows[0] ?? { seq: 0, committed_at: ALWAYS }
      const committedAt = Math.max(this.opts.clock(), head.committed_at)
      let seq = head.seq
      const cols: unknown[][] = [[], [], [], [], [], []]
      const accepted: CommittedEvent[] = decided.accepted.map((a) => {
        seq += 1
        const e = a.event
        const row = [seq, e.id, e.type, a.at, 'caseId' in e ? e.caseId : e.riskId, JSON.stringify(e)]
        row.forEach((v, i) => cols[i]!.push(v))
        return { ...a, seq }
      })
      await c.query({ ...Q.events, values: cols })
      if (decided.cases.size > 0) await c.query({ ...Q.upsertCases, values: caseColumns([...decided.cases.values()].map((ch) => ch.next), b.pathOf) })
      if (decided.risks.size > 0) {
        const risks = [...decided.risks.values()].map((ch) => ch.next)
        await c.query({
          ...Q.upsertRisks,
          values: [risks.map((r) => r.id), risks.map((r) => r.regionCode), risks.map((r) => b.pathOf(r.regionCode)), risks.map((r) => r.status), risks.map((r) => JSON.stringify(r))],
        })
      }
      const batch: BatchMeta = { seq, firstSeq: head.seq + 1, committedAt, nodeId: this.opts.nodeId, origin: { ...b.origin } }
      await c.query({ ...Q.batch, values: [batch.seq, batch.firstSeq, committedAt, batch.nodeId, b.origin.keyId, b.origin.actor] })
      await c.query('COMMIT')
      open = false
      return { ...decided, accepted, batch }
    } catch (err) {
      if (open) await c.query('ROLLBACK').catch(() => undefined)
      throw err
    } finally {
      c.release()
    }
  }

  /** The rows a batch mentions, read under the log's lock. */
  private async known(c: Conn, b: IngestBatch): Promise<KnownState> {
    const ids = idsOfBatch(b.events)
    const seen = await c.query<{ id: string }>({ ...Q.seen, values: [ids.eventIds] })
    const cases = ids.caseIds.length ? (await c.query<{ state: string }>({ ...Q.cases, values: [ids.caseIds] })).rows : []
    const risks = ids.riskIds.length ? (await c.query<{ state: string }>({ ...Q.risks, values: [ids.riskIds] })).rows : []
    return { seenEventIds: new Set(seen.rows.map((r) => r.id)), cases: byId<CaseState>(cases), risks: byId<RiskState>(risks) }
  }

  async lastSeq(): Promise<number> {
    return (await this.db.query<{ seq: number }>(Q.head)).rows[0]?.seq ?? 0
  }

  async readBatches(afterSeq: number, maxEvents: number): Promise<LoggedBatch[]> {
    // One snapshot for both reads: a batch and its events are committed together.
    const c = await this.db.connect()
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      const metas = (await c.query<BatchRow>(`SELECT * FROM batches WHERE seq > $1 AND first_seq <= $2 ORDER BY seq`, [afterSeq, lastFirstSeq(afterSeq, maxEvents)])).rows
      const events = metas.length
        ? (await c.query<EventRow>(`SELECT seq, id, type, at, body FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq`, [afterSeq, metas.at(-1)!.seq])).rows
        : []
      await c.query('COMMIT')
      return groupByBatch(metas.map(toMeta), events.map(toLogged))
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined)
      throw err
    } finally {
      c.release()
    }
  }

  async seqAt(t: number): Promise<number> {
    return (await this.db.query<{ seq: number | null }>(`SELECT max(seq) AS seq FROM batches WHERE committed_at <= $1`, [t])).rows[0]?.seq ?? 0
  }

  async eventsOf(subjectId: string): Promise<StoredEvent[]> {
    const { rows } = await this.db.query<EventRow & { committed_at: number; key_id: string | null; actor: string | null }>(
      `SELECT e.seq, e.id, e.type, e.at, e.body, b.committed_at, b.key_id, b.actor FROM events e
        JOIN LATERAL (SELECT committed_at, key_id, actor FROM batches WHERE batches.seq >= e.seq ORDER BY batches.seq LIMIT 1) b ON true
        WHERE e.subject = $1 ORDER BY e.seq`,
      [subjectId],
    )
    return rows.map((r) => ({ ...toLogged(r), committedAt: r.committed_at, origin: { keyId: r.key_id, actor: r.actor } }))
  }
}
