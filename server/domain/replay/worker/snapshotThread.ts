import { Worker } from 'node:worker_threads'
import { snapshotWorkerEntry } from './entry'
import type { ReplayRead, SnapshotReply, SnapshotRequest, SnapshotWorkerData } from './protocol'

/** The thread died or could not start (not a request's own failure, which rejects with the thread's message). */
export class ThreadStopped extends Error {}

/**
 * The main thread's end of the snapshot thread (snapshotWorker.ts): a request per snapshot, which
 * the thread builds, encodes and stores, and one to thin them; only sizes and counts come back.
 * Started at the first request, so a server that never writes a snapshot never starts it; a thread
 * that dies fails what it had in hand and is started again at the next request. A thread asked
 * nothing for `idleMs` ends, and with it all it keeps (the aggregator it moves forward from one
 * snapshot to the next holds every unresolved case, as much as the live figures: +970 MB of RSS
 * at 505,000 of them, bench/README.md, 2026-12-06); the next request starts it again.
 */
export class SnapshotThread {
  private worker: Worker | null = null
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  private nextId = 0
  private idleTimer: NodeJS.Timeout | null = null
  /** Threads started so far (the tests' view of an idle end and a start again). */
  started = 0

  /**
   * @param entry the module the thread starts from: by default the bundle `npm run build` made, if
   * it is current, else bootstrap.mjs (entry.ts); chosen once, when the server starts.
   * @param idleMs how long the thread waits for its next request before it ends (0: never ends).
   */
  constructor(
    private readonly data: SnapshotWorkerData,
    readonly entry: URL = snapshotWorkerEntry(),
    private readonly idleMs = 0,
  ) {}

  /** Whether a thread is running now (started and not ended). */
  get running(): boolean {
    return this.worker !== null
  }

  /** Store the snapshot of the log up to batch `seq`, committed (and evaluated) at `at`; resolves with its size in bytes. */
  write(seq: number, at: number): Promise<number> {
    return this.ask({ id: ++this.nextId, kind: 'write', seq, at }) as Promise<number>
  }

  /** Drop the snapshots of other versions and those retention does not keep at `now`; resolves with how many went. */
  thin(now: number): Promise<number> {
    return this.ask({ id: ++this.nextId, kind: 'thin', now }) as Promise<number>
  }

  /** A replay read's answer (a thread started with `role: 'reads'`). */
  read(read: ReplayRead): Promise<unknown> {
    return this.ask({ id: ++this.nextId, ...read })
  }

  /** Forget the thread's built aggregators and decoded snapshots (Replayer.clear); nothing to do if it is not running. */
  async clear(): Promise<void> {
    if (this.worker) await this.ask({ id: ++this.nextId, kind: 'clear' })
  }

  private ask(req: SnapshotRequest): Promise<unknown> {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    const worker = (this.worker ??= this.start())
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject })
      worker.postMessage(req)
    })
  }

  /** With nothing in hand, the thread ends after `idleMs` unless asked something first. */
  private armIdle(): void {
    if (this.idleMs <= 0 || !this.worker || this.pending.size > 0 || this.idleTimer) return
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null
      if (this.pending.size === 0) void this.close()
    }, this.idleMs)
    this.idleTimer.unref()
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
  }

  private start(): Worker {
    // No flags of the parent's command line (execArgv): the bundle needs no loader, bootstrap.mjs
    // registers the one it needs, and a parent's other `--import` (a preloaded probe, say) failed to
    // load in the thread, which then died at its first request and left every snapshot to the main thread.
    const worker = new Worker(this.entry, { workerData: this.data, execArgv: [] })
    this.started++
    // It never keeps the process alive on its own: the server's sockets and timers do.
    worker.unref()
    worker.on('message', (r: SnapshotReply) => {
      const p = this.pending.get(r.id)
      if (!p) return
      this.pending.delete(r.id)
      if (r.ok) p.resolve(r.value)
      else p.reject(new Error(r.message))
      this.armIdle()
    })
    const fail = (cause: Error) => {
      // A thread that ended idle while its successor already runs: what is in hand is the successor's.
      if (this.worker !== null && this.worker !== worker) return
      this.worker = null
      const err = new ThreadStopped(cause.message, { cause })
      for (const p of this.pending.values()) p.reject(err)
      this.pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`the snapshot thread stopped (exit code ${code})`)))
    return worker
  }
}
