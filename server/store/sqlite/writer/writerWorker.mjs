// @ts-check
// Plain JavaScript, so that the thread starts without a TypeScript loader: the statements and
// settings come from the store in workerData (sql.ts), the messages are those of protocol.ts.
import { receiveMessageOnPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { caseRowValues } from './rowValues.mjs'

/**
 * The writer thread of the embedded store: it owns the connection that writes the log and the
 * current state, so that the main thread's event loop never waits on a statement or an fsync.
 * Every batch queued when it turns to write goes into one IMMEDIATE transaction (group commit: one
 * fsync for all of them), each batch in a savepoint of its own; the answers go back after COMMIT.
 * A batch that fails rolls back alone, and every batch after it is refused (to be planned again)
 * until the store resets the thread: they were planned on the failed one's states. A batch planned
 * on a snapshot older than another connection's last commit (another store on the same file) is
 * refused the same way: what it read may have changed. Alarm writes made during ingest (raise,
 * clear) and an ingest key's last use share the same commits, each in a savepoint of its own,
 * answered after COMMIT too; no batch is planned on them, so they are never refused.
 */
const { file, port, sql, dutySql, pragmas } = /** @type {import('./protocol').WriterData} */ (workerData)
const db = new Database(file)
for (const p of pragmas) db.pragma(p)
const s = {
  head: db.prepare(sql.head),
  insertEvent: db.prepare(sql.insertEvent),
  insertBatch: db.prepare(sql.insertBatch),
  upsertCase: db.prepare(sql.upsertCase),
  upsertRisk: db.prepare(sql.upsertRisk),
  upsertCamera: db.prepare(sql.upsertCamera),
}
const d = {
  raise: db.prepare(dutySql.raise),
  clear: db.prepare(dutySql.clear),
  close: db.prepare(dutySql.close),
  audit: db.prepare(dutySql.audit),
  byId: db.prepare(dutySql.byId),
  byEpisode: db.prepare(dutySql.byEpisode),
  touchKey: db.prepare(dutySql.touchKey),
}

/** Most batches in one transaction: a long queue is written in several commits rather than one huge one. */
const MAX_GROUP = 32

let poisoned = false
/** For the tests (StopAfterCommitRequest): the next commit holds one batch, and the thread exits after it without answering. */
let stopAfterCommit = false
/** @type {number | null} The head after this thread's last commit (null before its first). */
let ownHead = null
/** The latest head at which another connection's commits were seen: a batch planned before it is stale. */
let foreignAt = 0
/** @type {import('./protocol').WriterRequest[]} */
const queue = []

/** @typedef {{ seq: number, committedAt: number }} Head */

/** One batch's rows at the positions after `head`; returns the new head. */
const writeOne = db.transaction(
  /** @param {import('./protocol').WriteRequest} r @param {Head} head @returns {Head} */
  (r, head) => {
    const committedAt = Math.max(r.committedAt, head.committedAt)
    let seq = head.seq
    for (const e of r.events) s.insertEvent.run(++seq, e[0], e[1], e[2], committedAt, e[3], e[4])
    for (const c of r.cases) s.upsertCase.run(caseRowValues(c))
    for (const k of r.risks) s.upsertRisk.run(k)
    for (const c of r.cameras) s.upsertCamera.run(c)
    s.insertBatch.run(seq, head.seq + 1, committedAt, r.nodeId, r.keyId, r.actor)
    return { seq, committedAt }
  },
)

/** One alarm write (protocol.ts DutyRequest); answers the rows it is about, as they are after it. */
const writeDuty = db.transaction(
  /** @param {import('./protocol').DutyRequest} r @returns {Array<Record<string, unknown>>} */
  (r) => {
    if (r.kind === 'touch-key') {
      d.touchKey.run(r.at, r.keyId)
      return []
    }
    if (r.kind === 'raise') {
      const [episode, , , regionCode, regionPath, title, raisedAt] = r.alarm
      const info = d.raise.run(...r.alarm)
      if (info.changes === 0) return r.resent ? /** @type {Array<Record<string, unknown>>} */ (d.byEpisode.all(episode)) : []
      const id = Number(info.lastInsertRowid)
      d.audit.run(raisedAt, r.actor, r.action, `alarm:${id}`, title, regionCode, regionPath)
      return /** @type {Array<Record<string, unknown>>} */ (d.byId.all(id))
    }
    for (const a of r.rows) {
      if (d.clear.run(r.at, a.id, a.status).changes === 0) continue
      d.audit.run(r.at, r.actor, r.actions.cleared, `alarm:${a.id}`, null, a.regionCode, a.regionPath)
      if (a.closeNote === null) continue
      d.close.run(r.actor, r.at, a.closeNote, a.id)
      d.audit.run(r.at, r.actor, r.actions.closed, `alarm:${a.id}`, a.closeNote, a.regionCode, a.regionPath)
    }
    return r.rows.map((a) => /** @type {Record<string, unknown>} */ (d.byId.get(a.id)))
  },
)

/** @param {unknown} err */
const messageOf = (err) => (err instanceof Error ? err.message : String(err))

const writeGroup = db.transaction(
  /**
   * @param {Array<import('./protocol').WriteRequest | import('./protocol').DutyRequest>} group
   * @returns {Array<import('./protocol').WriteReply | import('./protocol').DutyReply>}
   */
  (group) => {
    const row = /** @type {{ seq: number, committed_at: number } | undefined} */ (s.head.get())
    /** @type {Head} */
    let head = row ? { seq: row.seq, committedAt: row.committed_at } : { seq: 0, committedAt: -Number.MAX_SAFE_INTEGER }
    if (head.seq !== ownHead) foreignAt = head.seq
    const replies = group.map((r) => {
      if (r.kind !== 'write') {
        try {
          return { id: r.id, ok: /** @type {const} */ (true), rows: writeDuty(r) }
        } catch (err) {
          return { id: r.id, ok: /** @type {const} */ (false), message: messageOf(err) }
        }
      }
      if (poisoned) return { id: r.id, ok: /** @type {const} */ (false), retry: true, message: 'planned after a batch that was not written' }
      if (r.basis < foreignAt) {
        poisoned = true
        return { id: r.id, ok: /** @type {const} */ (false), retry: true, message: 'planned on states another connection has changed since' }
      }
      try {
        const before = head
        head = writeOne(r, head)
        return { id: r.id, ok: /** @type {const} */ (true), firstSeq: before.seq + 1, seq: head.seq, committedAt: head.committedAt }
      } catch (err) {
        poisoned = true
        return { id: r.id, ok: /** @type {const} */ (false), retry: false, message: messageOf(err) }
      }
    })
    ownHead = head.seq
    return replies
  },
)

function flush() {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) queue.push(m.message)
  while (queue.length > 0) {
    /** @type {Array<import('./protocol').WriteRequest | import('./protocol').DutyRequest>} */
    const group = []
    while (queue.length > 0 && group.length < MAX_GROUP) {
      const r = /** @type {import('./protocol').WriterRequest} */ (queue[0])
      if (r.kind === 'reset') {
        if (group.length > 0) break
        queue.shift()
        poisoned = false
        continue
      }
      if (r.kind === 'stop-after-commit') {
        if (group.length > 0) break
        queue.shift()
        stopAfterCommit = true
        continue
      }
      group.push(r)
      queue.shift()
      if (stopAfterCommit) break
    }
    if (group.length === 0) continue
    /** @type {Array<import('./protocol').WriteReply | import('./protocol').DutyReply>} */
    let replies
    try {
      replies = writeGroup.immediate(group)
    } catch (err) {
      // BEGIN or COMMIT failed: nothing of the group is written (batches after it were planned on its batches).
      if (group.some((r) => r.kind === 'write')) poisoned = true
      ownHead = null
      const message = messageOf(err)
      replies = group.map((r) => (r.kind === 'write' ? { id: r.id, ok: /** @type {const} */ (false), retry: false, message } : { id: r.id, ok: /** @type {const} */ (false), message }))
    }
    // Committed (or not) and not answered: what a crash at this moment leaves the store to sort out.
    if (stopAfterCommit) process.exit(1)
    for (const reply of replies) port.postMessage(reply)
  }
}

port.on('message', (/** @type {import('./protocol').WriterRequest} */ m) => {
  queue.push(m)
  flush()
})
