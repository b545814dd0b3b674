import fs from 'node:fs'
import path from 'node:path'

/**
 * How far the demo load got, kept beside the database (`$YIPING_DATA_DIR/demo-load.json`) by the
 * node that loads it: the dataset is deterministic for its anchor, scale and seed, so a load cut
 * short by a shutdown resumes after the batches already committed.
 */
export interface LoadRecord {
  /** The history's present (ms): the dataset is generated up to it. */
  anchor: number
  scale: number
  seed: number
  batchSize: number
  /** Batches, cases and events committed so far. */
  batches: number
  cases: number
  events: number
  /** Cases the whole dataset reports (null until counted). */
  total: number | null
  done: boolean
}

const FILE = 'demo-load.json'

export function readLoadRecord(dataDir: string): LoadRecord | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as LoadRecord
  } catch {
    return null
  }
}

/** Written after each commit: at worst a restart sends one batch again, and ids make that a no-op. */
export function writeLoadRecord(dataDir: string, record: LoadRecord): void {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, FILE)
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(record))
  fs.renameSync(`${file}.tmp`, file)
}
