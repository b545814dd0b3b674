/** Command-line options of `npm run bench` (USAGE below). */
export const PHASES = ['ingest', 'push', 'reads', 'restart', 'soak', 'deadlines', 'exports', 'cluster'] as const
export type Phase = (typeof PHASES)[number]

export interface BenchOptions {
  mode: 'quick' | 'full'
  ingest: {
    sizes: Array<{ batch: number; seconds: number; mode: 'live' | 'history' }>
    /** The same on a second server whose store is PostgreSQL (the machine's, a database of its own). */
    postgresSizes: Array<{ batch: number; seconds: number; mode: 'live' | 'history' }>
    stores: Set<'sqlite' | 'postgres'>
    warmupSeconds: number
    concurrency: number
  }
  push: { counts: number[]; markers: number; warmup: number; ratePerSec: number; floorLikeReal?: boolean }
  /**
   * `liveOpenCases`: when the ingest phase does not run (`--only reads`), the reads phase first
   * posts the live feed until the store holds this many unresolved cases, as the ingest phase
   * leaves them in a full run (`--reads-live-open N`; 0: a backfill only).
   */
  reads: { cases: number; requests: number; liveOpenCases: number }
  /** Store size for the restart phase (filled up to it when the reads phase did not). */
  restart: { cases: number }
  /** `burst`: after the warm-up, R events/s for M minutes instead of the usual rate for `minutes` (issue 12: 200/s for 10 min). */
  soak: { minutes: number; ratePerSec: number; heapEverySeconds: number; warmupSeconds: number; burst?: { ratePerSec: number; minutes: number } }
  only: Set<Phase>
  /** Idle windows of `windowSeconds` until two agree, at most `maxWindowSeconds` of them per series (deadlines.ts). */
  deadlines: { openCases: number; windowSeconds: number; maxWindowSeconds: number }
  exports: { cases: number; briefings: number }
  /** Two nodes on PostgreSQL + Redis: ingest on both, push from A to sockets on B. */
  cluster: { ingestSeconds: number; warmupSeconds: number; sockets: number; markers: number; warmup: number; ratePerSec: number }
  profile: boolean
}

/** What `--help` prints, and an unknown option's error after its name. */
export const USAGE = `npm run bench -- [--quick] [--minutes N] [--warmup S] [--burst-rate R [--burst-minutes M]] [--heap-every S] [--cases N] [--reads-live-open N] [--sockets a,b] [--only ${PHASES.join(',')}] [--ingest-stores sqlite,postgres] [--profile] [--floor-like-real]
  (no option: the full run, about 30 minutes; --quick about 10; bench/README.md says what each phase measures)`

const FLAGS = ['quick', 'profile', 'floor-like-real']
const VALUES = ['minutes', 'warmup', 'burst-rate', 'burst-minutes', 'heap-every', 'cases', 'reads-live-open', 'sockets', 'only', 'ingest-stores']

/** Thrown for `--help`: the caller prints USAGE and starts nothing. */
export class HelpAsked extends Error {}

export function parseOptions(argv: string[]): BenchOptions {
  // A mistyped or unknown option refused before anything starts: a run of half an hour is not
  // started on options it would ignore (`--help` among them once).
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, '').split('=')[0]!
    if (name === 'help' || argv[i] === '-h') throw new HelpAsked(USAGE)
    if (FLAGS.includes(name)) continue
    if (VALUES.includes(name)) {
      if (!argv[i]!.includes('=')) i++
      continue
    }
    throw new Error(`unknown option ${argv[i]}\n${USAGE}`)
  }
  const flag = (name: string) => argv.includes(`--${name}`)
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`)
    if (i >= 0) return argv[i + 1]
    return argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  }
  const quick = flag('quick')
  const o: BenchOptions = quick
    ? {
        mode: 'quick',
        ingest: {
          sizes: [{ batch: 1, seconds: 4, mode: 'live' }, { batch: 100, seconds: 4, mode: 'live' }, { batch: 1000, seconds: 8, mode: 'live' }, { batch: 1000, seconds: 6, mode: 'history' }],
          postgresSizes: [{ batch: 1000, seconds: 8, mode: 'live' }, { batch: 1000, seconds: 6, mode: 'history' }],
          stores: new Set(['sqlite', 'postgres']),
          warmupSeconds: 1,
          concurrency: 2,
        },
        push: { counts: [1, 100, 1000, 5000], markers: 30, warmup: 5, ratePerSec: 10 },
        reads: { cases: 100_000, requests: 2000, liveOpenCases: 0 },
        restart: { cases: 100_000 },
        soak: { minutes: 1, ratePerSec: 10, heapEverySeconds: 15, warmupSeconds: 20 },
        deadlines: { openCases: 100_000, windowSeconds: 10, maxWindowSeconds: 120 },
        exports: { cases: 100_000, briefings: 10 },
        cluster: { ingestSeconds: 6, warmupSeconds: 1, sockets: 1000, markers: 30, warmup: 5, ratePerSec: 10 },
        only: new Set(PHASES),
        profile: false,
      }
    : {
        mode: 'full',
        ingest: {
          sizes: [{ batch: 1, seconds: 15, mode: 'live' }, { batch: 100, seconds: 15, mode: 'live' }, { batch: 1000, seconds: 30, mode: 'live' }, { batch: 1000, seconds: 20, mode: 'history' }],
          postgresSizes: [{ batch: 1000, seconds: 30, mode: 'live' }, { batch: 1000, seconds: 20, mode: 'history' }],
          stores: new Set(['sqlite', 'postgres']),
          warmupSeconds: 3,
          concurrency: 2,
        },
        push: { counts: [1, 100, 1000, 5000], markers: 150, warmup: 10, ratePerSec: 10 },
        reads: { cases: 1_000_000, requests: 10_000, liveOpenCases: 340_000 },
        restart: { cases: 1_000_000 },
        // Heap growth is read after a 5-minute warm-up (issue 12: < 1 MB after it).
        soak: { minutes: 10, ratePerSec: 10, heapEverySeconds: 60, warmupSeconds: 300 },
        deadlines: { openCases: 100_000, windowSeconds: 10, maxWindowSeconds: 300 },
        exports: { cases: 100_000, briefings: 30 },
        cluster: { ingestSeconds: 20, warmupSeconds: 3, sockets: 1000, markers: 150, warmup: 10, ratePerSec: 10 },
        only: new Set(PHASES),
        profile: false,
      }
  const minutes = value('minutes')
  if (minutes) o.soak.minutes = Number(minutes)
  const warmup = value('warmup')
  if (warmup) o.soak.warmupSeconds = Number(warmup)
  const burstRate = value('burst-rate')
  if (burstRate) {
    o.soak.burst = { ratePerSec: Number(burstRate), minutes: Number(value('burst-minutes') ?? 10) }
    // A burst's growth is judged by a line fitted through its samples as well as by its ends: more of them.
    o.soak.heapEverySeconds = Math.min(o.soak.heapEverySeconds, 30)
  } else if (value('burst-minutes')) throw new Error('--burst-minutes needs --burst-rate')
  const heapEvery = value('heap-every')
  if (heapEvery) o.soak.heapEverySeconds = Number(heapEvery)
  const cases = value('cases')
  if (cases) o.reads.cases = o.restart.cases = Number(cases)
  const liveOpen = value('reads-live-open')
  if (liveOpen !== undefined) o.reads.liveOpenCases = Number(liveOpen)
  const sockets = value('sockets')
  if (sockets) o.push.counts = sockets.split(',').map(Number)
  const only = value('only')
  if (only) {
    const phases = only.split(',')
    const unknown = phases.filter((p) => !(PHASES as readonly string[]).includes(p))
    if (unknown.length > 0) throw new Error(`unknown phase ${unknown.join(', ')} in --only (${PHASES.join(', ')})`)
    o.only = new Set(phases as Phase[])
  }
  const stores = value('ingest-stores')
  if (stores) o.ingest.stores = new Set(stores.split(',') as Array<'sqlite' | 'postgres'>)
  o.profile = flag('profile')
  if (flag('floor-like-real')) o.push.floorLikeReal = true
  for (const n of [o.soak.minutes, o.soak.warmupSeconds + 1, o.soak.heapEverySeconds, ...(o.soak.burst ? [o.soak.burst.ratePerSec, o.soak.burst.minutes] : []), o.reads.cases, o.restart.cases, ...o.push.counts])
    if (!Number.isFinite(n) || n <= 0) throw new Error(`bad option value ${n}`)
  if (!(o.reads.liveOpenCases >= 0)) throw new Error(`bad option value ${o.reads.liveOpenCases}`)
  return o
}
