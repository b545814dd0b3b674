import os from 'node:os'
import path from 'node:path'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import { DEFAULT_TIME_LIMITS, type TimeLimitRules } from './domain/cases/deadline'
import { parseFrameAncestors, parseVideoOrigins } from './security/headers'
import { DEFAULT_DISPUTE_CATEGORIES } from './domain/cases/disputes'
import { DEFAULT_SHIFTS, parseShifts } from './domain/duty/shifts'
import { rangeOverlapping, type AssessmentConfig } from '../shared/time/periods'

const Hours = Type.Number({ exclusiveMinimum: 0, maximum: 24 * 366 })
const SizeHours = Type.Object({ minor: Type.Optional(Hours), major: Type.Optional(Hours) }, { additionalProperties: false })
const TimeLimitRulesSchema = Type.Object(
  {
    default: Type.Object({ minor: Hours, major: Hours }, { additionalProperties: false }),
    bySource: Type.Optional(Type.Record(Type.String(), SizeHours)),
    byCategory: Type.Optional(Type.Record(Type.String(), SizeHours)),
  },
  { additionalProperties: false },
)

function parseTrustProxy(raw: string | undefined): boolean | string {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false
  if (raw === 'true' || raw === '1') return true
  return raw
}

function parseTimeLimits(raw: string | undefined): unknown {
  if (!raw) return DEFAULT_TIME_LIMITS
  try {
    const given = JSON.parse(raw) as { default?: object }
    return { ...given, default: { ...DEFAULT_TIME_LIMITS.default, ...given.default } }
  } catch {
    throw new Error('invalid configuration: YIPING_TIME_LIMITS is not JSON')
  }
}

function parseJson(name: string, raw: string | undefined, fallback: unknown): unknown {
  if (!raw) return fallback
  try {
    return JSON.parse(raw)
  } catch {
    throw new Error(`invalid configuration: ${name} is not JSON`)
  }
}

/** A date (`2026-01-01`, a Shanghai day) or an ISO-8601 date-time. */
const DateOrInstant = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}([T ].+)?$' })
const AssessmentPeriodSchema = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: 40 }), from: DateOrInstant, to: DateOrInstant },
  { additionalProperties: false },
)

/** The process's settings, from the environment variables of API.md (and a few of our own). */
export const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String(),
  dataDir: Type.String(),
  /** postgres://… selects the PostgreSQL store; null: the embedded SQLite file in dataDir. */
  databaseUrl: Type.Union([Type.String({ pattern: '^postgres(ql)?://' }), Type.Null()]),
  /** This node's name in the log, logs and /healthz. */
  nodeId: Type.String({ minLength: 1, maxLength: 100 }),
  redisUrl: Type.Union([Type.String(), Type.Null()]),
  /**
   * Prefix of every Redis key and stream of this deployment (YIPING_REDIS_PREFIX): nodes of one
   * deployment share it, deployments sharing a Redis keep apart. Default: `yiping:<database name>`.
   */
  redisPrefix: Type.String({ minLength: 1, maxLength: 200 }),
  demo: Type.Boolean(),
  /** Simulator events per second when set (0 = off); null: the demo history's own pace times simSpeed. */
  simRate: Type.Union([Type.Number({ minimum: 0, maximum: 10_000 }), Type.Null()]),
  /** Multiplies the simulator's pace (the history's): reports come and cases move this many times faster; 0 = off. */
  simSpeed: Type.Number({ minimum: 0, maximum: 10_000 }),
  adminPassword: Type.Union([Type.String({ minLength: 10 }), Type.Null()]),
  ingestKey: Type.Union([Type.String({ minLength: 16 }), Type.Null()]),
  /** Ingest requests per minute per key before 429. */
  ingestRateLimit: Type.Integer({ minimum: 1 }),
  /** Minutes an alarm may stay unacknowledged before it escalates to the region's leaders (YIPING_ALARM_ESCALATE_MINUTES). */
  alarmEscalateMinutes: Type.Number({ exclusiveMinimum: 0, maximum: 10_080 }),
  /** Minutes a seat may leave a wall it drives unchanged before the wall goes back to its playlist (YIPING_PRESENTER_IDLE_MINUTES). */
  presenterIdleMinutes: Type.Number({ exclusiveMinimum: 0, maximum: 1440 }),
  /** The duty room's shifts of a day (YIPING_SHIFTS), `HH:MM-HH:MM` each, covering 24 hours one after another. */
  shifts: Type.String({ minLength: 11 }),
  /** Share of the full demo dataset to load (1 = the four pilot districts' real volume, two years of it). */
  demoScale: Type.Number({ minimum: 0, maximum: 10 }),
  /** Events of the log between two snapshots of the aggregates (replay as of); 0 = none, replays start from the log's start. */
  snapshotEvery: Type.Integer({ minimum: 0 }),
  /**
   * Start from the latest snapshot of the current version plus the log after it, rather than a
   * recount of every case (YIPING_SNAPSHOT_RESTART, default on; `0` always recounts). The embedded
   * store only, and only while snapshots are written (snapshotEvery > 0).
   */
  snapshotRestart: Type.Boolean(),
  /**
   * Niceness of the snapshot thread (YIPING_SNAPSHOT_NICE, 0–19, default 10; Linux): its work runs
   * behind the log, so when the cores are short the event loop and the writer thread go first.
   * 0 = as the rest of the process.
   */
  snapshotNice: Type.Integer({ minimum: 0, maximum: 19 }),
  /**
   * Milliseconds without a commit after which the log counts as quiet (YIPING_SNAPSHOT_FILL_QUIET_MS,
   * default 30,000): a catch-up more than one snapshot behind writes the snapshot of the log's head
   * only, and the snapshots it skipped are written once the log is quiet (plugins/app/replay.ts).
   */
  snapshotFillQuietMs: Type.Integer({ minimum: 0 }),
  /**
   * Milliseconds after which skipped snapshots are filled even though the log never fell quiet, as
   * long as it only trickles (YIPING_SNAPSHOT_FILL_DEFER_MS, default 600,000): paced, one snapshot
   * then a pause three times as long (plugins/app/replay.ts).
   */
  snapshotFillDeferMs: Type.Integer({ minimum: 0 }),
  /**
   * Events of the log between two snapshots during a burst of ingest (YIPING_SNAPSHOT_BURST_EVERY,
   * 0, the default: 5 × snapshotEvery): the ones between are filled in after it (plugins/app/replay.ts).
   */
  snapshotBurstEvery: Type.Integer({ minimum: 0 }),
  /**
   * Milliseconds the snapshot thread, and the replay reads thread, wait for their next request
   * before they end (YIPING_SNAPSHOT_THREAD_IDLE_MS, default 60,000; 0 = never): each keeps an
   * aggregator of every unresolved case built, as much memory as the live figures
   * (domain/replay/worker/snapshotThread.ts); the next request starts the thread again.
   */
  snapshotThreadIdleMs: Type.Integer({ minimum: 0 }),
  /** Coalescing window of live pushes per region, ms. */
  pushWindowMs: Type.Integer({ minimum: 0, maximum: 5000 }),
  logLevel: Type.String(),
  /** Most rows one case-list export may hold; a larger selection is refused before writing. */
  exportMaxRows: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  /** Hours allowed per case size, by default, source and category (see domain/cases/deadline.ts). */
  timeLimits: TimeLimitRulesSchema,
  /** CSP frame-ancestors sources: who may show the wall in a frame (YIPING_FRAME_ANCESTORS). */
  frameAncestors: Type.Array(Type.String(), { minItems: 1 }),
  /** Video gateways whose HLS streams the pages may play (YIPING_VIDEO_ORIGINS; CSP connect-src and media-src). */
  videoOrigins: Type.Array(Type.String()),
  /** 矛盾纠纷 categories: their resolutions count towards 不出村 and 不出镇街 (see domain/cases/disputes.ts). */
  disputeCategories: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 200 }),
  /** The 考核期 (assessment period) offered beside 今日 … 本年: [from, to) in whole Shanghai days; null = the year. */
  assessmentPeriod: Type.Union([AssessmentPeriodSchema, Type.Null()]),
  /**
   * Fastify's `trustProxy`: false (default: the socket's address is the client), true (trust every
   * hop), or a comma-separated list of the proxies' addresses/CIDRs (`loopback`, `10.0.0.0/8`, …).
   */
  trustProxy: Type.Union([Type.Boolean(), Type.String({ minLength: 1 })]),
})
export type Config = Static<typeof ConfigSchema>

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const num = (v: string | undefined, d: number) => (v === undefined || v === '' ? d : Number(v))
  const str = (v: string | undefined) => (v === undefined || v === '' ? null : v)
  const config = {
    port: num(env.PORT, 3000),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.YIPING_DATA_DIR || './data'),
    databaseUrl: str(env.YIPING_DATABASE_URL),
    nodeId: env.YIPING_NODE_ID || `${os.hostname()}-${process.pid}`,
    redisUrl: str(env.YIPING_REDIS_URL),
    redisPrefix: env.YIPING_REDIS_PREFIX || defaultRedisPrefix(str(env.YIPING_DATABASE_URL)),
    demo: env.YIPING_DEMO === '1',
    simRate: env.YIPING_SIM_RATE === undefined || env.YIPING_SIM_RATE === '' ? null : Number(env.YIPING_SIM_RATE),
    simSpeed: num(env.YIPING_SIM_SPEED, 1),
    adminPassword: str(env.YIPING_ADMIN_PASSWORD),
    ingestKey: str(env.YIPING_INGEST_KEY),
    ingestRateLimit: num(env.YIPING_INGEST_RATE_LIMIT, 6000),
    alarmEscalateMinutes: num(env.YIPING_ALARM_ESCALATE_MINUTES, 10),
    presenterIdleMinutes: num(env.YIPING_PRESENTER_IDLE_MINUTES, 5),
    shifts: env.YIPING_SHIFTS || DEFAULT_SHIFTS,
    demoScale: num(env.YIPING_DEMO_SCALE, 1),
    pushWindowMs: num(env.YIPING_PUSH_WINDOW_MS, 100),
    snapshotEvery: num(env.YIPING_SNAPSHOT_EVERY, 20_000),
    snapshotRestart: env.YIPING_SNAPSHOT_RESTART !== '0',
    snapshotNice: num(env.YIPING_SNAPSHOT_NICE, 10),
    snapshotFillQuietMs: num(env.YIPING_SNAPSHOT_FILL_QUIET_MS, 30_000),
    snapshotFillDeferMs: num(env.YIPING_SNAPSHOT_FILL_DEFER_MS, 600_000),
    snapshotBurstEvery: num(env.YIPING_SNAPSHOT_BURST_EVERY, 0),
    snapshotThreadIdleMs: num(env.YIPING_SNAPSHOT_THREAD_IDLE_MS, 60_000),
    logLevel: env.LOG_LEVEL || 'info',
    exportMaxRows: num(env.YIPING_EXPORT_MAX_ROWS, 100_000),
    timeLimits: parseTimeLimits(env.YIPING_TIME_LIMITS) as TimeLimitRules,
    frameAncestors: parseFrameAncestors(env.YIPING_FRAME_ANCESTORS),
    videoOrigins: parseVideoOrigins(env.YIPING_VIDEO_ORIGINS),
    disputeCategories: parseJson('YIPING_DISPUTE_CATEGORIES', env.YIPING_DISPUTE_CATEGORIES, DEFAULT_DISPUTE_CATEGORIES) as string[],
    assessmentPeriod: parseJson('YIPING_ASSESSMENT_PERIOD', env.YIPING_ASSESSMENT_PERIOD, null) as Config['assessmentPeriod'],
    trustProxy: parseTrustProxy(env.YIPING_TRUST_PROXY),
  }
  const errors = [...Value.Errors(ConfigSchema, config)]
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.instancePath || '/'} ${e.message}`)
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  parseShifts(config.shifts)
  if (config.assessmentPeriod) {
    const r = assessmentRange(config.assessmentPeriod)
    if (!r) throw new Error('invalid configuration: YIPING_ASSESSMENT_PERIOD needs dates with `from` before `to`')
  }
  return config
}

/** `yiping:<database name>`: the nodes sharing a database share their Redis keys. */
function defaultRedisPrefix(databaseUrl: string | null): string {
  if (!databaseUrl) return 'yiping'
  try {
    return `yiping:${decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || 'postgres'}`
  } catch {
    return 'yiping'
  }
}

/** An instant from a date (00:00 in Shanghai) or a date-time. */
function instantOf(s: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00+08:00`) : Date.parse(s)
}

/** The configured 考核期 as whole Shanghai days, or null when there is none (or it is not a range). */
export function assessmentRange(p: Config['assessmentPeriod']): AssessmentConfig | null {
  if (!p) return null
  const from = instantOf(p.from)
  const to = instantOf(p.to)
  if (Number.isNaN(from) || Number.isNaN(to) || from >= to) return null
  return { label: p.label, range: rangeOverlapping(from, to) }
}
