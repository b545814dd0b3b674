import { Worker } from 'node:worker_threads'
import type { GeoImportJob, GeoImportOutcome } from './protocol'

export type WorkerFailure = { kind: 'failed'; reason: 'timeout' | 'memory' | 'crash'; message: string }

export interface WorkerLimits {
  /** Give up (and stop the thread) after this long. */
  timeoutMs: number
  /** The worker's heap: an input that needs more is refused, the server itself unharmed. */
  maxHeapMb: number
}

// An 11 MB survey-grade import needs between 128 and 512 MB of heap while it is parsed and
// simplified; the 20 MB the route accepts, about twice that. The thread exists only during an import.
export const DEFAULT_LIMITS: WorkerLimits = { timeoutMs: 120_000, maxHeapMb: 1024 }

/** Run one import job in a fresh worker thread; the event loop only copies the body over and the result back. */
export function runInWorker(job: GeoImportJob, limits: WorkerLimits = DEFAULT_LIMITS): Promise<GeoImportOutcome | WorkerFailure> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./bootstrap.mjs', import.meta.url), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
      stdout: false,
      stderr: false,
    })
    let settled = false
    const settle = (outcome: GeoImportOutcome | WorkerFailure) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    const timer = setTimeout(() => {
      settle({ kind: 'failed', reason: 'timeout', message: `processing took longer than ${Math.round(limits.timeoutMs / 1000)} s` })
      void worker.terminate()
    }, limits.timeoutMs)
    worker.once('message', (outcome: GeoImportOutcome) => settle(outcome))
    worker.once('error', (err: Error & { code?: string }) =>
      settle(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { kind: 'failed', reason: 'memory', message: `processing needs more than ${limits.maxHeapMb} MB of memory` }
          : { kind: 'failed', reason: 'crash', message: err.message },
      ),
    )
    worker.once('exit', (code) => settle({ kind: 'failed', reason: 'crash', message: `the import worker stopped (exit code ${code}) without an answer` }))
  })
}
