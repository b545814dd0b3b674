import { subjectOf } from '../../../shared/events/schema'
import { camerasOf } from '../common/deskRows'
import type { CaseState } from '../../domain/cases/caseState'
import { ALWAYS, caseMarks } from '../../domain/cases/marks'
import { idsOfBatch, type KnownState } from '../../domain/ingest/planBatch'
import type { RiskState } from '../../domain/risks/riskState'
import { commitTime, groupByBatch, lastFirstSeq } from '../common/batches'
import { toLogged, toMeta, type BatchRow, type EventRow } from '../common/logRows'
import type { BatchMeta, CommittedEvent, IngestBatch, IngestOutcome, LoggedBatch, StoreOptions, StoredEvent } from '../types'
import { isUniqueViolation, type Db } from './db'

/** Key of the advisory lock every commit to the log holds (advisory locks are per database). */
export const LOG_LOCK = 0x5969_706c_6f67
/** The channel told of every commit (payload: the batch's position), to wake tailing nodes. */
export const LOG_CHANNEL = 'yiping_log'

const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]))

/** The one read of a commit: ids already logged, prior states (parsed as one JSON document), the head. */
interface KnownRow {
  seen: string[] | null
  cases: CaseState[] | null
  risks: RiskState[] | null
  seq: number | null
  committed_at: number | null
}

const CASE_COLUMNS = `id, region_code, region_path, stage, title, category, reported_at, due_at, resolved_at,
  followed_up_at, supervised_color, updated_at, overdue_from, green_from, yellow_from, red_from, state`
const CASE_ARRAYS = (n: number) =>
  [...'ttttttbbbbtbbbbbt'].map((t, i) => `$${n + i}::${t === 't' ? 'text' : 'bigint'}[]`).join(', ')

// A commit is four round trips whatever the batch's size: BEGIN and the lock; one read of all the
// batch needs (the states come back as one JSON document); one write of all it changes (each table
// one multi-row insert from arrays, in data-modifying CTEs, with the NOTIFY); COMMIT. Named
// statements are parsed and planned once per connection. Exported for the bench's raw baseline.
export const Q = {
  head: { name: 'yiping.head', text: `SELECT seq, committed_at FROM batches ORDER BY seq DESC LIMIT 1` },
  known: {
    name: 'yiping.known',
    text: `SELECT
        (SELECT json_agg(id) FROM events WHERE id = ANY($1::text[])) AS seen,
        (SELECT json_agg(state::json) FROM cases WHERE id = ANY($2::text[])) AS cases,
        (SELECT json_agg(state::json) FROM risks WHERE id = ANY($3::text[])) AS risks,
        h.seq, h.committed_at
      FROM (SELECT 1) AS one LEFT JOIN (SELECT seq, committed_at FROM batches ORDER BY seq DESC LIMIT 1) AS h ON true`,
  },
  append: {
    name: 'yiping.append',
    text: `WITH e AS (
        INSERT INTO events (seq, id, type, at, subject, body)
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[])
      ), c AS (
        INSERT INTO cases (${CASE_COLUMNS})
        SELECT * FROM unnest(${CASE_ARRAYS(7)})
        ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, due_at = excluded.due_at, resolved_at = excluded.resolved_at,
          followed_up_at = excluded.followed_up_at, supervised_color = excluded.supervised_color,
          updated_at = excluded.updated_at, overdue_from = excluded.overdue_from, green_from = excluded.green_from,
          yellow_from = excluded.yellow_from, red_from = excluded.red_from, state = excluded.state
      ), r AS (
        INSERT INTO risks (id, region_code, region_path, status, state)
        SELECT * FROM unnest($24::text[], $25::text[], $26::text[], $27::text[], $28::text[])
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, state = excluded.state
      ), b AS (
        INSERT INTO batches (seq, first_seq, committed_at, node_id, key_id, actor)
        VALUES ($29, $30, $31, $32, $33, $34) RETURNING seq
      )
      SELECT pg_notify('${LOG_CHANNEL}', seq::text) FROM b`,
  },
  /** Cases alone, never overwriting (the bench seeds the cases that existed before its run). */
  seedCases: { name: 'yiping.seedCases', text: `INSERT INTO cases (${CASE_COLUMNS}) SELECT * FROM unnest(${CASE_ARRAYS(1)}) ON CONFLICT (id) DO NOTHING` },
}

/** The parameters of Q.append: a batch's events, changed cases and risks, and its own row. */
export function appendValues(accepted: readonly CommittedEvent[], cases: readonly CaseState[], risks: readonly RiskState[], batch: BatchMeta, pathOf: (code: string) => string): unknown[] {
  const riskCols = [risks.map((r) => r.id), risks.map((r) => r.regionCode), risks.map((r) => pathOf(r.regionCode)), risks.map((r) => r.status), risks.map((r) => JSON.stringify(r))]
  const b = [batch.seq, batch.firstSeq, batch.committedAt, batch.nodeId, batch.origin.keyId, batch.origin.actor]
  return [...eventColumns(accepted), ...caseColumns(cases, pathOf), ...riskCols, ...b]
}

/** Column arrays of a batch's events, in the order of Q.events. */
export function eventColumns(accepted: readonly CommittedEvent[]): unknown[][] {
  const cols: unknown[][] = [[], [], [], [], [], []]
  for (const { event: e, at, seq } of accepted) {
    const row = [seq, e.id, e.type, at, subjectOf(e), JSON.stringify(e)]
    row.forEach((v, i) => cols[i]!.push(v))
  }
  return cols
}

/** Column arrays of the cases a batch changed, in the order of Q.upsertCases. */
export function caseColumns(cases: Iterable<CaseState>, pathOf: (code: string) => string): unknown[][] {
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
      // After the lock, in a statement of its own: its snapshot sees every commit before ours.
      const ids = idsOfBatch(b.events)
      const k = (await c.query<KnownRow>({ ...Q.known, values: [ids.eventIds, ids.caseIds, ids.riskIds] })).rows[0]!
      const known: KnownState = { seenEventIds: new Set(k.seen ?? []), cases: byId(k.cases ?? []), risks: byId(k.risks ?? []) }
      const decided = b.plan(known)
      if (!decided.ok || decided.accepted.length === 0) {
        await c.query('ROLLBACK')
        open = false
        return decided.ok ? { ...decided, accepted: [], batch: null } : decided
      }
      const head = { seq: k.seq ?? 0, committedAt: k.committed_at ?? ALWAYS }
      const accepted: CommittedEvent[] = decided.accepted.map((a, i) => ({ ...a, seq: head.seq + 1 + i }))
      const batch: BatchMeta = {
        seq: head.seq + accepted.length,
        firstSeq: head.seq + 1,
        // Commit times never go back in the log, whatever the clocks of several nodes say.
        committedAt: Math.max(commitTime(this.opts.clock(), b.committedAt), head.committedAt),
        nodeId: this.opts.nodeId,
        origin: { ...b.origin },
      }
      const cases = [...decided.cases.values()].map((ch) => ch.next)
      const risks = [...decided.risks.values()].map((ch) => ch.next)
      await c.query({ ...Q.append, values: appendValues(accepted, cases, risks, batch, b.pathOf) })
      // Cameras are rare in a batch: their own statement, only when there are some.
      const cameras = camerasOf(decided.accepted)
      if (cameras.length > 0)
        await c.query(
          `INSERT INTO cameras (id, name, region_code, region_path, lng, lat, stream_url, platform_url, registered_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[], $8::text[], $9::bigint[])
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, region_code = excluded.region_code, region_path = excluded.region_path,
              lng = excluded.lng, lat = excluded.lat, stream_url = excluded.stream_url, platform_url = excluded.platform_url,
              registered_at = excluded.registered_at`,
          [
            cameras.map((x) => x.id),
            cameras.map((x) => x.name),
            cameras.map((x) => x.regionCode),
            cameras.map((x) => b.pathOf(x.regionCode)),
            cameras.map((x) => x.lng),
            cameras.map((x) => x.lat),
            cameras.map((x) => x.streamUrl),
            cameras.map((x) => x.platformUrl),
            cameras.map((x) => x.registeredAt),
          ],
        )
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
