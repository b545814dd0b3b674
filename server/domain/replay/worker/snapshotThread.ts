import { Worker } from 'node:worker_threads'
import type { SnapshotReply, SnapshotRequest, SnapshotWorkerData } from './protocol'

/**
 * The main thread's end of the snapshot thread (snapshotWorker.ts): a request per snapshot, the
 * gzipped body back without a copy. Started at the first request, so a server that never writes a
 * snapshot never starts it; a thread that dies fails what it had in hand and is started again at
 * the next request.
 */
export class SnapshotThread {
  private worker: Worker | null = null
  private readonly pending = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>()
  private nextId = 0

  constructor(private readonly data: SnapshotWorkerData) {}

  /** The body of the snapshot of the log up to batch `seq`, committed (and evaluated) at `at`. */
  encode(seq: number, at: number): Promise<Buffer> {
    const worker = (this.worker ??= this.start())
    const req: SnapshotRequest = { id: ++this.nextId, seq, at }
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject })
      worker.postMessage(req)
    })
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
  }

  private start(): Worker {
    const worker = new Worker(new URL('./bootstrap.mjs', import.meta.url), { workerData: this.data })
    // It never keeps the process alive on its own: the server's sockets and timers do.
    worker.unref()
    worker.on('message', (r: SnapshotReply) => {
      const p = this.pending.get(r.id)
      if (!p) return
      this.pending.delete(r.id)
      if (r.ok) p.resolve(Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength))
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
