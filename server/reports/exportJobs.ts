import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Writable } from 'node:stream'
import type { ExportJob, ExportStatus } from '../../shared/api/exports'
import { toShanghaiIso } from '../../shared/time/shanghai'

/** How long a finished file waits to be fetched. */
export const KEEP_MS = 15 * 60_000

interface Job {
  id: string
  owner: number
  status: ExportStatus
  rows: number
  total: number
  fileName: string
  asciiName: string
  createdAt: number
  expiresAt: number | null
  error: string | null
  file: string
  abort: AbortController
  expiry?: NodeJS.Timeout
}

export type WriteJob = (out: Writable, signal: AbortSignal, progress: (rows: number) => void) => Promise<number>

/**
 * Files written in the background into `dir` (in the data directory, private, emptied at start): a job
 * reports rows written out of rows expected while it runs, keeps its file for KEEP_MS once done,
 * and belongs to the account that started it. Jobs live in this process's memory.
 */
export class ExportJobs {
  private jobs = new Map<string, Job>()
  private closed = false

  constructor(
    readonly dir: string,
    private readonly clock: () => number,
    private readonly onError: (err: unknown) => void,
  ) {
    // Files of a previous run are never fetched again. The directory is made with the first job.
    fs.rmSync(dir, { recursive: true, force: true })
  }

  get running(): number {
    let n = 0
    for (const j of this.jobs.values()) if (j.status === 'running') n++
    return n
  }

  start(owner: number, spec: { total: number; fileName: string; asciiName: string }, write: WriteJob, finished: () => void): ExportJob {
    const id = crypto.randomBytes(12).toString('base64url')
    const job: Job = {
      id,
      owner,
      status: 'running',
      rows: 0,
      total: spec.total,
      fileName: spec.fileName,
      asciiName: spec.asciiName,
      createdAt: this.clock(),
      expiresAt: null,
      error: null,
      file: path.join(this.dir, `${id}.part`),
      abort: new AbortController(),
    }
    this.jobs.set(id, job)
    // Case lists are personal data: private to the server like the rest of the data directory.
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    fs.chmodSync(this.dir, 0o700)
    const out = fs.createWriteStream(job.file, { mode: 0o600 })
    const closed = new Promise<void>((resolve) => out.once('close', () => resolve()))
    write(out, job.abort.signal, (rows) => (job.rows = rows))
      .then(async (rows) => {
        await closed
        job.rows = rows
        job.status = 'done'
      })
      .catch((err: unknown) => {
        out.destroy()
        job.status = 'failed'
        job.error = job.abort.signal.aborted ? 'the export was stopped' : 'the file could not be written'
        if (!job.abort.signal.aborted) this.onError(err)
      })
      .finally(() => {
        finished()
        if (this.closed) return
        if (job.status === 'failed') fs.rm(job.file, { force: true }, () => {})
        job.expiresAt = this.clock() + KEEP_MS
        job.expiry = setTimeout(() => this.drop(job), KEEP_MS).unref()
      })
    return this.view(job)
  }

  /** The job as its owner sees it; null for anyone else and after it expired. */
  get(id: string, owner: number): ExportJob | null {
    const job = this.jobs.get(id)
    return job && job.owner === owner ? this.view(job) : null
  }

  /** The finished file's path; 'running' while it is written; null when unknown, failed or not the owner's. */
  file(id: string, owner: number): { path: string; fileName: string; asciiName: string } | 'running' | null {
    const job = this.jobs.get(id)
    if (!job || job.owner !== owner || job.status === 'failed') return null
    return job.status === 'running' ? 'running' : { path: job.file, fileName: job.fileName, asciiName: job.asciiName }
  }

  close(): void {
    this.closed = true
    for (const job of this.jobs.values()) {
      job.abort.abort()
      clearTimeout(job.expiry)
    }
    this.jobs.clear()
    fs.rmSync(this.dir, { recursive: true, force: true })
  }

  private drop(job: Job): void {
    this.jobs.delete(job.id)
    fs.rm(job.file, { force: true }, () => {})
  }

  private view(j: Job): ExportJob {
    return {
      id: j.id,
      kind: 'cases',
      status: j.status,
      rows: j.rows,
      total: j.total,
      fileName: j.fileName,
      createdAt: toShanghaiIso(j.createdAt),
      expiresAt: j.expiresAt === null ? null : toShanghaiIso(j.expiresAt),
      error: j.error,
    }
  }
}
