import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import type { ClearRequest, DutyReply, DutyRequest, RaiseRequest, TouchKeyRequest, WriteReply, WriteRequest, WriterData } from './protocol'
import { CONNECTION_PRAGMAS, DUTY_SQL, WRITE_SQL } from './sql'

export type Done = { firstSeq: number; seq: number; committedAt: number }
/** The alarm rows an alarm write answers (every column of `alarms`). */
export type DutyRows = Array<Record<string, unknown>>

/** Threads an alarm write is sent to at most: one that stops a thread each time is not sent again. */
const MAX_SENDS = 5

/** A batch the thread did not write because it was planned on states that changed: plan it again. */
export class StalePlan extends Error {}

/** A batch the thread had in hand when it stopped, and that the log does not hold: plan it again. */
export class ThreadStopped extends StalePlan {}

/**
 * What the store makes of the batches a stopped thread had in hand and never answered: those the
 * log holds (committed before the thread stopped), by request id, with their positions and commit
 * time as they are in the log. Synchronous, so that nothing is planned before they are settled.
 */
export type FindCommitted = (unanswered: readonly WriteRequest[]) => Map<number, Done>

/**
 * The store's end of its writer thread (writerWorker.mjs). Requests are answered in the order they
 * were sent; a write that fails rejects with the thread's message. A thread can stop (a crash, out
 * of memory, terminated) between a COMMIT and its answer: then the batches it had in hand are
 * settled from the log (`findCommitted`): those committed resolve with their real positions, the
 * others reject with ThreadStopped (nothing of them was written: the connection rolled back with
 * the thread) to be planned again. The next write starts a new thread. Alarm writes (`duty`) are
 * idempotent (an episode is raised once, a row cleared only if still open), so a stopped thread's
 * are simply sent again to the next one.
 */
export class WriterThread {
  private worker: Worker | null = null
  private port: MessagePort | null = null
  private readonly pending = new Map<number, { req: WriteRequest; resolve: (d: Done) => void; reject: (e: Error) => void }>()
  private readonly pendingDuty = new Map<number, { req: DutyRequest; sent: number; resolve: (rows: DutyRows) => void; reject: (e: Error) => void }>()
  private idle: Array<() => void> = []
  private ids = 0
  /** Threads that stopped with requests in hand, unasked (a crash): for the logs and the tests. */
  stops = 0

  constructor(
    private readonly file: string,
    private readonly findCommitted: FindCommitted,
  ) {}

  /** The id of the next request: a batch's ticket (log.ts), or an alarm write's. */
  nextId(): number {
    return ++this.ids
  }

  /** Resolves once the batch is committed (on disk), with its positions and commit time. */
  write(req: WriteRequest): Promise<Done> {
    const port = this.busy()
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { req, resolve, reject })
      port.postMessage(req)
    })
  }

  /** An alarm write or a key's last use, in the next commit with the batches queued meanwhile; resolves after that COMMIT with its rows. */
  duty(req: Omit<RaiseRequest, 'id'> | Omit<ClearRequest, 'id'> | Omit<TouchKeyRequest, 'id'>): Promise<DutyRows> {
    return new Promise((resolve, reject) => this.sendDuty({ ...req, id: this.nextId() } as DutyRequest, 1, resolve, reject))
  }

  private sendDuty(req: DutyRequest, sent: number, resolve: (rows: DutyRows) => void, reject: (e: Error) => void): void {
    const port = this.busy()
    this.pendingDuty.set(req.id, { req, sent, resolve, reject })
    port.postMessage(req)
  }

  /** The thread's port, started if need be; waiting for an answer keeps the process alive, an idle thread does not. */
  private busy(): MessagePort {
    const port = this.port ?? this.start()
    port.ref()
    return port
  }

  /** Accept batches again after a failure (see writerWorker.mjs). */
  reset(): void {
    this.port?.postMessage({ kind: 'reset' })
  }

  /**
   * For the tests: the thread stops (exit code 1) right after its next COMMIT, which holds only the
   * next request, before answering it: the worst moment for a crash. Requests after it stay unwritten.
   */
  stopAfterNextCommit(): void {
    ;(this.port ?? this.start()).postMessage({ kind: 'stop-after-commit' })
  }

  /** Every batch sent has been answered. */
  drained(): Promise<void> {
    if (this.pending.size === 0 && this.pendingDuty.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  async close(): Promise<void> {
    await this.drained()
    const worker = this.worker
    this.worker = null
    this.port?.close()
    this.port = null
    if (worker) await worker.terminate()
  }

  private settle(id: number, outcome: { ok: true; done: Done } | { ok: false; err: Error }): void {
    const p = this.pending.get(id)
    if (!p) return
    this.pending.delete(id)
    if (outcome.ok) p.resolve(outcome.done)
    else p.reject(outcome.err)
    this.settled()
  }

  private settled(): void {
    if (this.pending.size > 0 || this.pendingDuty.size > 0) return
    this.port?.unref()
    for (const fn of this.idle.splice(0)) fn()
  }

  private answer(r: WriteReply | DutyReply): void {
    const duty = this.pendingDuty.get(r.id)
    if (duty) {
      this.pendingDuty.delete(r.id)
      if (r.ok && 'rows' in r) duty.resolve(r.rows)
      else duty.reject(new Error(`the ${duty.req.kind} write was not made: ${'message' in r ? r.message : 'no rows'}`))
      return this.settled()
    }
    this.answerWrite(r as WriteReply)
  }

  private answerWrite(r: WriteReply): void {
    if (r.ok) this.settle(r.id, { ok: true, done: { firstSeq: r.firstSeq, seq: r.seq, committedAt: r.committedAt } })
    else this.settle(r.id, { ok: false, err: r.retry ? new StalePlan(r.message) : new Error(`the batch was not written: ${r.message}`) })
  }

  /**
   * The thread is gone, and its connection with it (what it had not committed is rolled back).
   * Answers it sent are taken first; then the log says which of the others it committed.
   */
  private stopped(port: MessagePort, why: string): void {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) this.answer(m.message as WriteReply | DutyReply)
    port.close()
    // Alarm writes are idempotent: sent again, first, to a new thread.
    const duties = [...this.pendingDuty.values()]
    this.pendingDuty.clear()
    for (const { req, sent, resolve, reject } of duties) {
      if (sent >= MAX_SENDS) reject(new Error(`${why}, the ${sent}th with this alarm write in hand`))
      else this.sendDuty(req.kind === 'raise' ? { ...req, resent: true } : req, sent + 1, resolve, reject)
    }
    this.settled()
    const unanswered = [...this.pending.values()].map((p) => p.req)
    if (duties.length > 0 || unanswered.length > 0) this.stops++
    if (unanswered.length === 0) return
    let committed: Map<number, Done>
    try {
      committed = this.findCommitted(unanswered)
    } catch (err) {
      // The log cannot be read: nobody can tell, so nothing is claimed written or planned again.
      const message = err instanceof Error ? err.message : String(err)
      for (const r of unanswered) this.settle(r.id, { ok: false, err: new Error(`${why}; whether the batch was written is unknown: ${message}`) })
      return
    }
    for (const r of unanswered) {
      const done = committed.get(r.id)
      this.settle(r.id, done ? { ok: true, done } : { ok: false, err: new ThreadStopped(`${why} before writing the batch`) })
    }
  }

  private start(): MessagePort {
    const { port1, port2 } = new MessageChannel()
    const data: WriterData = { file: this.file, port: port2, sql: WRITE_SQL, dutySql: DUTY_SQL, pragmas: CONNECTION_PRAGMAS }
    // Plain JavaScript: none of the process's loaders or preloads (--import …) is wanted in the thread.
    const worker = new Worker(new URL('./writerWorker.mjs', import.meta.url), { workerData: data, transferList: [port2], execArgv: [] })
    // It never keeps the process alive on its own: the server's sockets and timers do.
    worker.unref()
    port1.unref()
    port1.on('message', (r: WriteReply | DutyReply) => this.answer(r))
    let error: Error | null = null
    // An error is always followed by 'exit', once the thread and its connection are gone.
    worker.on('error', (err) => (error = err))
    worker.on('exit', (code) => {
      if (this.worker !== worker) return
      this.worker = null
      this.port = null
      this.stopped(port1, `the writer thread stopped (exit code ${code}${error ? `: ${error.message}` : ''})`)
    })
    this.worker = worker
    this.port = port1
    return port1
  }
}
