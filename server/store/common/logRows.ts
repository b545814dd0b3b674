import type { BatchMeta, LoggedEvent } from '../types'

/** A row of `events` as the log is read back: the same columns in both stores. */
export interface EventRow {
  seq: number
  id: string
  type: LoggedEvent['type']
  at: number
  body: string
}
/** A row of `batches`: the same columns in both stores. */
export interface BatchRow {
  seq: number
  first_seq: number
  committed_at: number
  node_id: string
  key_id: string | null
  actor: string | null
}

export const toLogged = (r: EventRow): LoggedEvent => ({ seq: r.seq, id: r.id, type: r.type, at: r.at, event: JSON.parse(r.body) })
export const toMeta = (r: BatchRow): BatchMeta => ({
  seq: r.seq,
  firstSeq: r.first_seq,
  committedAt: r.committed_at,
  nodeId: r.node_id,
  origin: { keyId: r.key_id, actor: r.actor },
})
