import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'
import type { WriteReply, WriteRequest, WriterData } from './protocol'
import { CONNECTION_PRAGMAS, WRITE_SQL } from './sql'

type Done = { firstSeq: number; seq: number; committedAt: number }

/** A batch the thread did not write because it was planned on states that changed: plan it again. */
export class StalePlan extends Error {}

/**
 * The store's end of its writer thread (writerWorker.mjs). Requests are answered in the order they
 * were sent; a write that fails rejects with the thread's message. A thread that stops fails what
 * it had in hand and is started again at the next write; the failed batches were rolled back with
 * its connection.
 */
export class WriterThread {
  private worker: Worker | null = null
  private port: MessagePort | null = null
  private readonly pending = new Map<number, { resolve: (d: Done) => void; reject: (e: Error) => void }>()
  private idle: Array<() => void> = []

  constructor(private readonly file: string) {}

  /** Resolves once the batch is committed (on disk), with its positions and commit time. */
  write(req: WriteRequest): Promise<Done> {
    const port = this.port ?? this.start()
    // Waiting for an answer keeps the process alive; an idle thread does not.
    if (this.pending.size === 0) port.ref()
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject })
      port.postMessage(req)
    })
  }

  /** Accept batches again after a failure (see writerWorker.mjs). */
  reset(): void {
    this.port?.postMessage({ kind: 'reset' })
  }

  /** Every batch sent has been answered. */
  drained(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve()
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
    if (this.pending.size > 0) return
    this.port?.unref()
    for (const fn of this.idle.splice(0)) fn()
  }

  private start(): MessagePort {
    const { port1, port2 } = new MessageChannel()
    const data: WriterData = { file: this.file, port: port2, sql: WRITE_SQL, pragmas: CONNECTION_PRAGMAS }
    // Plain JavaScript: none of the process's loaders or preloads (--import …) is wanted in the thread.
    const worker = new Worker(new URL('./writerWorker.mjs', import.meta.url), { workerData: data, transferList: [port2], execArgv: [] })
    // It never keeps the process alive on its own: the server's sockets and timers do.
    worker.unref()
    port1.unref()
    port1.on('message', (r: WriteReply) => {
      if (r.ok) this.settle(r.id, { ok: true, done: { firstSeq: r.firstSeq, seq: r.seq, committedAt: r.committedAt } })
      else this.settle(r.id, { ok: false, err: r.retry ? new StalePlan(r.message) : new Error(`the batch was not written: ${r.message}`) })
    })
    const fail = (err: Error) => {
      if (this.worker !== worker) return
      this.worker = null
      this.port = null
      port1.close()
      for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, err })
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`the writer thread stopped (exit code ${code})`)))
    this.worker = worker
    this.port = port1
    return port1
  }
}
