/**
 * `node --expose-gc --import tsx bench/raw-layout.ts [--batches 1000] [--window 25] [--variants base,ps8192,…] [--at 300,1000]`:
 * the raw SQLite limit of the ingest rows (batches of 1,000 of the live feed, planned by the
 * server's planner, written by the server's statements with its connection pragmas, one IMMEDIATE
 * transaction per batch, synchronous=FULL) under storage layouts a new store could be created with,
 * as the file grows. Every variant's file is open at once and gets the same rows: the batches are
 * made a window at a time and each window is written into every variant in turn (the order reversed
 * every window), so the variants are interleaved A B B A … on the same machine load. Per window and
 * variant: events/s, CPU ms per 1,000 events (user + system of this process), and the frames the
 * write-ahead log took per batch (read from the log's frame headers after each commit, outside the
 * timing). Variant `split`: a case update that keeps the urgency index's columns by UPDATE_CASE
 * (the cases tables are compared with the base variant's at the end). With `--at`, after the
 * window ending at that many batches, which b-trees the last batch's frames belong to (SQLite's
 * dbstat), per variant. Not part of `run.ts`.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { demoRegions } from '../server/demo/regions'
import { RegionTree, regionPath } from '../shared/regions/tree'
import { subjectOf } from '../shared/events/schema'
import type { CaseState } from '../server/domain/cases/caseState'
import { planBatch } from '../server/domain/ingest/planBatch'
import { migrate } from '../server/store/sqlite/migrations'
import { CONNECTION_PRAGMAS, WRITE_SQL } from '../server/store/sqlite/writer/sql'
import { CASE_COLUMNS, caseParams } from '../server/store/sqlite/rows'
import { caseMarks } from '../server/domain/cases/marks'
import { EventGen } from './lib/events'
import { arg } from './lib/args'

interface Variant {
  /** Pragmas before the first table is created (page_size). */
  create?: string[]
  /** SQL run once on the migrated, empty store (a layout change). */
  layout?: string
  /** Batches per transaction. */
  group?: number
  /** Pragmas after the server's own. */
  after?: string[]
  /** An update of a case that leaves the urgency index's columns alone by UPDATE_CASE, the other rows by the upsert. */
  split?: boolean
}

const EVENTS_COLUMNS = `seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, at INTEGER NOT NULL,
  received_at INTEGER NOT NULL, body TEXT NOT NULL, subject TEXT, origin_key TEXT, origin_actor TEXT`

const VARIANTS: Record<string, Variant> = {
  base: {},
  ps1024: { create: ['page_size = 1024'] },
  ps2048: { create: ['page_size = 2048'] },
  ps8192: { create: ['page_size = 8192'] },
  ps16384: { create: ['page_size = 16384'] },
  // events.seq without AUTOINCREMENT: no sqlite_sequence row written per insert.
  noautoinc: {
    layout: `DROP TABLE events; CREATE TABLE events (${EVENTS_COLUMNS}); CREATE INDEX events_by_subject ON events (subject, seq);`,
  },
  // No events_by_subject index (what it costs; not a candidate as such: case timelines read it).
  nosubject: { layout: `DROP INDEX events_by_subject;` },
  // No UNIQUE index on events.id (what it costs).
  noidindex: {
    layout: `DROP TABLE events; CREATE TABLE events (${EVENTS_COLUMNS.replace(' UNIQUE', '')}); CREATE INDEX events_by_subject ON events (subject, seq);`,
  },
  // Without one of the case indexes (what each costs; both serve the wall's reads).
  nopathindex: { layout: `DROP INDEX cases_by_path;` },
  nourgency: { layout: `DROP INDEX cases_open_by_urgency;` },
  // A 256 MB page cache instead of 64 MB.
  cache256: { after: ['cache_size = -262144'] },
  group2: { group: 2 },
  group4: { group: 4 },
  // An existing case whose overdue_from and resolved_at did not change: UPDATE of the other columns only.
  split: { split: true },
}

/**
 * The split variant's statement for a case row that exists and whose overdue_from and resolved_at
 * (the columns of cases_open_by_urgency and of its WHERE) keep their values: the upsert's other
 * columns only. SQLite rewrites an index on UPDATE when one of its columns is in the SET list,
 * whatever the values, so the server's upsert moves that index's entry on every case update.
 */
const UPDATE_COLUMNS = ['stage', 'due_at', 'followed_up_at', 'supervised_color', 'updated_at', 'green_from', 'yellow_from', 'red_from', 'state'] as const
const UPDATE_CASE = `UPDATE cases SET ${UPDATE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`
const UPDATE_POSITIONS = [...UPDATE_COLUMNS, 'id' as const].map((c) => CASE_COLUMNS.indexOf(c))
/** UPDATE_CASE's parameters from a case row's values (caseParams). */
const updateCaseValues = (row: unknown[]): unknown[] => UPDATE_POSITIONS.map((i) => row[i])
/** Whether the case existed before the batch and its row keeps overdue_from and resolved_at. */
const caseKeepsUrgency = (prev: CaseState | null, next: CaseState): boolean =>
  prev !== null && prev.resolvedAt === next.resolvedAt && caseMarks(prev).overdueFrom === caseMarks(next).overdueFrom

const total = Number(arg('batches') ?? 1000)
const window = Number(arg('window') ?? 25)
const names = (arg('variants') ?? 'base,ps8192').split(',')
const attributeAt = new Set((arg('at') ?? '').split(',').filter(Boolean).map(Number))
for (const n of names) if (!VARIANTS[n]) throw new Error(`unknown variant ${n}`)

const regions = demoRegions()
const tree = new RegionTree(regions)
const villages = regions.filter((r) => r.level === 'village').map((r) => r.code)
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-raw-layout-'))

/** Frames of the write-ahead log since the last call: the frames after `pos` whose salt is the log header's. */
class WalCounter {
  private pos = 0
  private salt = ''
  private fd: number | null = null
  constructor(private readonly file: string, private readonly pageSize: number) {}
  /** The frames written since the last call and their page numbers. */
  take(): { frames: number; pages: number[] } {
    if (this.fd === null) this.fd = fs.openSync(this.file, 'r')
    const head = Buffer.alloc(32)
    fs.readSync(this.fd, head, 0, 32, 0)
    const salt = head.subarray(16, 24).toString('hex')
    if (salt !== this.salt) {
      this.salt = salt
      this.pos = 0
    }
    const size = this.pageSize + 24
    const end = fs.fstatSync(this.fd).size
    const bytes = Math.max(0, end - (32 + this.pos * size))
    const buf = Buffer.alloc(bytes)
    fs.readSync(this.fd, buf, 0, bytes, 32 + this.pos * size)
    const pages: number[] = []
    for (let off = 0; off + size <= bytes; off += size) {
      if (buf.subarray(off + 8, off + 16).toString('hex') !== salt) break
      pages.push(buf.readUInt32BE(off))
    }
    this.pos += pages.length
    return { frames: pages.length, pages }
  }
}

interface Open {
  name: string
  v: Variant
  db: Database.Database
  s: Record<'insertEvent' | 'upsertCase' | 'updateCase' | 'insertBatch', Database.Statement>
  wal: WalCounter
  pageSize: number
}

function open(name: string): Open {
  const v = VARIANTS[name]!
  const dir = path.join(root, name)
  fs.mkdirSync(dir)
  const file = path.join(dir, 'yiping.sqlite')
  const db = new Database(file)
  for (const p of v.create ?? []) db.pragma(p)
  // As SqliteStore opens its file (sqliteStore.ts), then the writer thread's settings (sql.ts).
  db.pragma('journal_mode = WAL')
  for (const p of CONNECTION_PRAGMAS) db.pragma(p)
  for (const p of v.after ?? []) db.pragma(p)
  migrate(db)
  if (v.layout) db.exec(v.layout)
  const s = { insertEvent: db.prepare(WRITE_SQL.insertEvent), upsertCase: db.prepare(WRITE_SQL.upsertCase), updateCase: db.prepare(UPDATE_CASE), insertBatch: db.prepare(WRITE_SQL.insertBatch) }
  db.pragma('wal_checkpoint(TRUNCATE)')
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const wal = new WalCounter(`${file}-wal`, pageSize)
  return { name, v, db, s, wal, pageSize }
}

const dbs = names.map(open)

interface Rows {
  events: unknown[][]
  cases: unknown[][]
  /** Per case row: an update that leaves the urgency index's columns as they were (caseKeepsUrgency). */
  keeps: boolean[]
  batch: unknown[]
}

const gen = new EventGen(villages, `lay${Date.now().toString(36)}`)
const known = new Map<string, CaseState>()
let seq = 0
const committedAt = Date.now()
/** Case rows written: all, new, and updates that keep the urgency index's columns (the split variant's updateCase). */
const caseRows = { all: 0, new: 0, keep: 0 }
/** The next batch's rows, planned by the server's planner on the states every earlier batch left. */
function nextBatch(): Rows {
  const { no, events } = gen.batch(1000, { mode: 'live' })
  // Follow-ons name cases of batches at least two before, as with two requests in flight.
  if (no > 2) gen.commit(no - 2)
  const plan = planBatch(events, { seenEventIds: new Set(), cases: known, risks: new Map() }, { regions: tree, now: Date.now() + 3600_000 })
  if (!plan.ok) throw new Error(`planner refused a batch: ${JSON.stringify(plan.details.slice(0, 2))}`)
  const cases: CaseState[] = []
  const keeps: boolean[] = []
  for (const [id, ch] of plan.cases) {
    keeps.push(caseKeepsUrgency(ch.prev, ch.next))
    caseRows.all++
    if (ch.prev === null) caseRows.new++
    else if (keeps.at(-1)) caseRows.keep++
    // A followed-up case gets no more events: forgotten, to bound this process's memory.
    if (ch.next.followedUpAt !== null) known.delete(id)
    else known.set(id, ch.next)
    cases.push(ch.next)
  }
  const first = seq + 1
  const rows = plan.accepted.map(({ event: e, at }) => [++seq, e.id, e.type, at, committedAt, JSON.stringify(e), subjectOf(e)])
  return { events: rows, cases: cases.map((c) => caseParams(c, regionPath(tree, c.regionCode))), keeps, batch: [seq, first, committedAt, 'bench-raw', null, null] }
}

/**
 * Forgets the states of cases that can get no more follow-ons (the generator's pool of open cases
 * is bounded): this process's heap stays small, so that its collections do not weigh on the timing.
 */
function forget(): void {
  const g = gen as unknown as { committed: Array<{ caseId: string }>; pending: Map<number, Array<{ caseId: string }>> }
  const live = new Set(g.committed.map((c) => c.caseId))
  for (const list of g.pending.values()) for (const c of list) live.add(c.caseId)
  for (const id of known.keys()) if (!live.has(id)) known.delete(id)
}
/** A full collection outside the timing, where `node --expose-gc` allows it. */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {})

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d
const sums = new Map<string, { events: number; ms: number; cpu: number; frames: number; batches: number }>()

for (let done = 0, w = 0; done < total; w++) {
  const n = Math.min(window, total - done)
  const rows = Array.from({ length: n }, nextBatch)
  done += n
  forget()
  const order = w % 2 === 0 ? dbs : [...dbs].reverse()
  for (const o of order) {
    const group = o.v.group ?? 1
    let ms = 0
    let cpu = 0
    let sys = 0
    let frames = 0
    let lastPages: number[] = []
    let events = 0
    collect()
    for (let i = 0; i < rows.length; i += group) {
      const part = rows.slice(i, i + group)
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      o.db
        .transaction(() => {
          for (const b of part) {
            for (const e of b.events) o.s.insertEvent.run(...e)
            if (o.v.split) b.cases.forEach((c, i) => (b.keeps[i] ? o.s.updateCase.run(...updateCaseValues(c)) : o.s.upsertCase.run(...c)))
            else for (const c of b.cases) o.s.upsertCase.run(...c)
            o.s.insertBatch.run(...b.batch)
          }
        })
        .immediate()
      ms += performance.now() - t0
      const c = process.cpuUsage(cpu0)
      cpu += (c.user + c.system) / 1000
      sys += c.system / 1000
      for (const b of part) events += b.events.length
      const taken = o.wal.take()
      frames += taken.frames
      lastPages = taken.pages
    }
    const line = {
      variant: o.name, batches: done, eventsPerSec: Math.round((events / ms) * 1000), cpuMsPer1000: round((cpu / events) * 1000),
      sysMsPer1000: round((sys / events) * 1000),
      wallMsPer1000: round((ms / events) * 1000), walFramesPerBatch: Math.round(frames / n), walMBPerBatch: round((frames * (o.pageSize + 24)) / n / 2 ** 20, 2),
      fileMB: Math.round(fs.statSync(path.join(root, o.name, 'yiping.sqlite')).size / 2 ** 20), loadavg: os.loadavg().map((l) => round(l)),
    }
    process.stdout.write(`${JSON.stringify(line)}\n`)
    const sum = sums.get(`${o.name}@${Math.ceil(done / 100) * 100}`) ?? { events: 0, ms: 0, cpu: 0, frames: 0, batches: 0 }
    sums.set(`${o.name}@${Math.ceil(done / 100) * 100}`, { events: sum.events + events, ms: sum.ms + ms, cpu: sum.cpu + cpu, frames: sum.frames + frames, batches: sum.batches + n })
    if (attributeAt.has(done)) {
      // Which b-tree each page of the last transaction's frames belongs to.
      const names = new Map((o.db.prepare('SELECT pageno, name FROM dbstat').all() as Array<{ pageno: number; name: string }>).map((r) => [r.pageno, r.name]))
      const by = new Map<string, number>()
      for (const p of new Set(lastPages)) by.set(names.get(p) ?? '(header/free)', (by.get(names.get(p) ?? '(header/free)') ?? 0) + 1)
      process.stdout.write(`${JSON.stringify({ variant: o.name, batches: done, lastTransactionPagesByBtree: Object.fromEntries([...by].sort((a, b) => b[1] - a[1])) })}\n`)
    }
  }
}

process.stdout.write('\nper 100 batches (the batches in (k-100, k]):\n')
for (const [key, s] of sums)
  process.stdout.write(
    `${key.padEnd(18)} ${String(Math.round((s.events / s.ms) * 1000)).padStart(7)} events/s  ${String(round((s.cpu / s.events) * 1000)).padStart(6)} CPU ms/1000  ${String(Math.round(s.frames / s.batches)).padStart(5)} WAL frames/batch\n`,
  )
// The split variant's cases table must equal the upsert's.
const digest = (o: Open) => {
  const h = createHash('sha1')
  for (const r of o.db.prepare(`SELECT ${CASE_COLUMNS.join(', ')} FROM cases ORDER BY id`).raw().iterate()) h.update(JSON.stringify(r))
  return h.digest('hex')
}
const baseDb = dbs.find((o) => !o.v.split && !o.v.layout)
for (const o of dbs) if (o.v.split && baseDb) process.stdout.write(`cases of ${o.name} ${digest(o) === digest(baseDb) ? 'equal' : 'DIFFER FROM'} those of ${baseDb.name}\n`)
process.stdout.write(`case rows: ${caseRows.all}, new ${caseRows.new}, updates keeping overdue_from and resolved_at ${caseRows.keep}\n`)
for (const o of dbs) o.db.close()
fs.rmSync(root, { recursive: true, force: true })
