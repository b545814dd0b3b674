import { Worker } from 'node:worker_threads'
import type { AggregatorDump } from '../../aggregate/aggregator'
import { snapshotWorkerEntry } from './entry'
import type { SnapshotReply, SnapshotRequest, SnapshotWorkerData } from './protocol'

/** Unresolved cases per message of a live dump (`writeDump`): a few ms of the event loop to serialise each. */
export const DUMP_SLICE = 2000

/**
 * The main thread's end of the snapshot thread (snapshotWorker.ts): a request per snapshot, which
 * the thread builds, encodes and stores, and one to thin them; only sizes and counts come back.
 * Started at the first request, so a server that never writes a snapshot never starts it; a thread
 * that dies fails what it had in hand and is started again at the next request.
 */
export class SnapshotThread {
  private worker: Worker | null = null
  private readonly pending = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>()
  private nextId = 0
  /** The unresolved cases of the last live dump the thread stored (and holds), by id; null when it holds none. */
  private held: { id: number; watched: AggregatorDump['watched']; index: Map<string, number> } | null = null

  /**
   * @param entry the module the thread starts from: by default the bundle `npm run build` made, if
   * it is current, else bootstrap.mjs (entry.ts); chosen once, when the server starts.
   */
  constructor(
    private readonly data: SnapshotWorkerData,
    readonly entry: URL = snapshotWorkerEntry(),
  ) {}

  /** Store the snapshot of the log up to batch `seq`, committed (and evaluated) at `at`; resolves with its size in bytes. */
  write(seq: number, at: number): Promise<number> {
    return this.ask({ id: ++this.nextId, kind: 'write', seq, at })
  }

  /** Drop the snapshots of other versions and those retention does not keep at `now`; resolves with how many went. */
  thin(now: number): Promise<number> {
    return this.ask({ id: ++this.nextId, kind: 'thin', now })
  }

  /**
   * Store a live aggregator's dump (taken at a batch's commit, evaluated at its `at`), encoded by
   * the thread. Its counters go in one message (their typed arrays moved, not copied); of its
   * unresolved cases, only those whose state or counted figures changed since the last dump the
   * thread stored (compared by reference: neither is ever changed in place) are serialised, the
   * others named by their place in it, and those sent go DUMP_SLICE per message with `between`
   * awaited after each (a turn of the event loop): serialising the 45,000 open cases of a live
   * feed cost 180–200 ms CPU, as much again for the thread to read them. The dump is not used
   * after: its arrays are the thread's. Resolves with the size of the row written.
   */
  async writeDump(dump: AggregatorDump & { at: number }, between: () => Promise<unknown>): Promise<number> {
    const id = ++this.nextId
    const { watched, ...rest } = dump
    const base = this.worker ? this.held : null
    const order = new Int32Array(watched.length)
    const sent: AggregatorDump['watched'] = []
    for (let i = 0; i < watched.length; i++) {
      const w = watched[i]!
      const at = base?.index.get(w.state.id)
      const before = at === undefined ? undefined : base!.watched[at]
      if (before && before.state === w.state && before.applied === w.applied) order[i] = at!
      else order[i] = -sent.push(w) // -1 - its place among those sent
    }
    this.held = null
    const moved = new Set<ArrayBuffer>([order.buffer])
    for (const [, b] of rest.days.cases) moved.add(b.days.buffer as ArrayBuffer).add(b.rows.buffer as ArrayBuffer)
    for (const [, r] of rest.risks) moved.add(r.buffer as ArrayBuffer)
    const written = this.ask({ id, kind: 'dumpHead', head: { ...rest, base: base?.id ?? null, order, sent: sent.length } }, [...moved])
    // The thread's failure ends the slices early (the promise above is rejected meanwhile).
    let failed = false
    written.catch(() => (failed = true))
    const worker = this.worker
    for (let i = 0; i < sent.length && !failed; i += DUMP_SLICE) {
      worker?.postMessage({ id, kind: 'dumpCases', cases: sent.slice(i, i + DUMP_SLICE) } satisfies SnapshotRequest)
      await between()
    }
    worker?.postMessage({ id, kind: 'dumpEnd' } satisfies SnapshotRequest)
    const bytes = await written
    // What the thread now holds, for the next dump to refer to (a thread started since holds nothing).
    if (this.worker === worker) this.held = { id, watched, index: new Map(watched.map((w, i) => [w.state.id, i])) }
    return bytes
  }

  private ask(req: SnapshotRequest, transfer: ArrayBuffer[] = []): Promise<number> {
    const worker = (this.worker ??= this.start())
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject })
      worker.postMessage(req, transfer)
    })
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
  }

  private start(): Worker {
    // A new thread holds no earlier dump.
    this.held = null
    // No flags of the parent's command line (execArgv): the bundle needs no loader, bootstrap.mjs
    // registers the one it needs, and a parent's other `--import` (a preloaded probe, say) failed to
    // load in the thread, which then died at its first request and left every snapshot to the main thread.
    const worker = new Worker(this.entry, { workerData: this.data, execArgv: [] })
    // It never keeps the process alive on its own: the server's sockets and timers do.
    worker.unref()
    worker.on('message', (r: SnapshotReply) => {
      const p = this.pending.get(r.id)
      if (!p) return
      this.pending.delete(r.id)
      if (r.ok) p.resolve(r.value)
      else p.reject(new Error(r.message))
    })
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null
      for (const p of this.pending.values()) p.reject(err)
      this.pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`the snapshot thread stopped (exit code ${code})`)))
    return worker
  }
}
