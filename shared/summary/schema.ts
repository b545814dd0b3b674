import { Type, type Static, type TSchema } from 'typebox'
import {
  BACKLOG_LEVELS,
  CASE_SOURCES,
  CASE_STAGES,
  REGION_LEVELS,
  RESOLUTION_TIERS,
  RISK_KINDS,
  RISK_STATUSES,
  SATISFACTIONS,
  SUPERVISION_COLORS,
} from '../domain/vocabulary'
import { OneOf } from '../events/schema'
import { ALARM_KINDS } from '../api/alarms'
import { COMPARE_KINDS, PERIOD_PRESETS } from '../time/periods'
import { PeriodSchema } from './periods'

const Count = Type.Integer({ minimum: 0 })

/**
 * A number or null as one JSON Schema type list rather than an `anyOf`: the response serialiser
 * (fast-json-stringify) writes a type list after a `typeof` test, but an `anyOf` by running an Ajv
 * validator on every value, and a summary has dozens of rates. OpenAPI shows both alike
 * (`type: number, nullable: true`); the JSON written is the same as JSON.stringify's.
 */
export function NullableNumber(options: { minimum?: number; maximum?: number; description?: string } = {}) {
  return Type.Unsafe<number | null>({ type: ['number', 'null'], ...options })
}
/** A fraction 0..1, null when its denominator is 0. */
export const RateSchema = (description = 'fraction 0..1, null when the denominator is 0') => NullableNumber({ minimum: 0, maximum: 1, description })
const Rate = RateSchema()
function CountsOf<const T extends readonly string[]>(keys: T) {
  return Type.Object(Object.fromEntries(keys.map((k) => [k, Count])) as { [K in T[number]]: typeof Count })
}
const BacklogCounts = Type.Object({ total: Count, resolved: Count })

export const RegionRefSchema = Type.Object({ code: Type.String(), name: Type.String(), level: OneOf(REGION_LEVELS) })

/**
 * Among cases reported in the period: unresolved until `case.resolved`, then awaiting follow-up
 * until `case.followedUp`, then closed. total = open + byStage.followup + closed;
 * open = Σ byStage[receive..review] = Σ byColor; overdue ≤ open; resolved = byStage.followup + closed.
 */
export const CaseFiguresSchema = Type.Object({
  total: Type.Integer({ minimum: 0, description: 'cases reported in the period' }),
  open: Type.Integer({ minimum: 0, description: '在办: unresolved now = receive + assign + handle + review = red + yellow + green' }),
  closed: Type.Integer({ minimum: 0, description: '已回访: followed up (closed)' }),
  overdue: Type.Integer({ minimum: 0, description: 'unresolved and past their due time now' }),
  byStage: Type.Object(Object.fromEntries(CASE_STAGES.map((k) => [k, Count])) as { [K in (typeof CASE_STAGES)[number]]: typeof Count }, {
    description: 'receive…review: unresolved cases at that stage now; followup: resolved cases awaiting follow-up now (never closed ones)',
  }),
  byColor: Type.Object(Object.fromEntries(SUPERVISION_COLORS.map((k) => [k, Count])) as { [K in (typeof SUPERVISION_COLORS)[number]]: typeof Count }, {
    description: '三色督办 of the unresolved cases now',
  }),
  bySource: CountsOf(CASE_SOURCES),
  urgedCases: Count,
  urgeCount: Count,
  urgeRate: Rate,
  resolved: Type.Integer({ minimum: 0, description: '已办结: resolved = awaiting follow-up + closed' }),
  resolvedOnTime: Count,
  resolvedByTier: CountsOf(RESOLUTION_TIERS),
  localResolution: Type.Object(
    {
      categories: Type.Array(Type.String(), { description: 'the categories counted as disputes (矛盾纠纷), from the server configuration' }),
      disputes: Type.Integer({ minimum: 0, description: 'dispute cases resolved' }),
      village: Type.Integer({ minimum: 0, description: 'of those, resolved at the grid, village or secretary tier (不出村)' }),
      town: Type.Integer({ minimum: 0, description: 'of those, resolved at the latest by the town (不出镇街): village + town tier' }),
    },
    { description: '矛盾纠纷 resolved, and where' },
  ),
  localResolutionRate: RateSchema('矛盾不出村: localResolution.village / localResolution.disputes; null without resolved disputes'),
  townResolutionRate: RateSchema('矛盾不出镇街: localResolution.town / localResolution.disputes; null without resolved disputes'),
  followedUp: Count,
  bySatisfaction: CountsOf(SATISFACTIONS),
  followUpRate: Rate,
  satisfactionRate: Rate,
  onTimeRate: Rate,
})

const AlarmCounts = Type.Object({ open: Count, acknowledged: Count })

/** The figures of one region over one period (the shape of a comparison's summary too). */
const summaryFields = {
  region: RegionRefSchema,
  at: Type.String({ description: 'when this summary was computed' }),
  seq: Type.Integer({ description: 'increases with every change the server applied' }),
  period: PeriodSchema,
  cases: CaseFiguresSchema,
  backlog: Type.Object(
    Object.fromEntries(BACKLOG_LEVELS.map((l) => [l, BacklogCounts])) as Record<
      (typeof BACKLOG_LEVELS)[number],
      typeof BacklogCounts
    >,
  ),
  risks: Type.Object({ total: Count, byStatus: CountsOf(RISK_STATUSES), byKind: CountsOf(RISK_KINDS) }, { description: 'risk points now (当前)' }),
  alarms: Type.Object(
    {
      open: Count,
      acknowledged: Count,
      byKind: Type.Object(Object.fromEntries(ALARM_KINDS.map((k) => [k, AlarmCounts])) as Record<(typeof ALARM_KINDS)[number], typeof AlarmCounts>),
    },
    {
      description:
        'alarms (red cases, risk points in alarm) not yet closed, now (当前), whenever their case was reported: ' +
        'open = raised and not yet acknowledged; byKind splits both by kind (open = Σ byKind.*.open)',
    },
  ),
}

export const PeriodSummarySchema = Type.Object(summaryFields)

export const ComparisonSchema = Type.Object({
  period: PeriodSchema,
  summary: PeriodSummarySchema,
})

export const SummarySchema = Type.Object({
  ...summaryFields,
  compare: Type.Optional(
    Type.Object(
      Object.fromEntries(COMPARE_KINDS.map((k) => [k, Type.Optional(ComparisonSchema)])) as Record<
        (typeof COMPARE_KINDS)[number],
        Type.TOptional<typeof ComparisonSchema>
      >,
      {
        description:
          'only with `compare`: the same figures over the compared period (what GET /api/v1/summary answers for that period). ' +
          'previous (环比): the calendar day, week, month, quarter or year before when the period is exactly one, else as many days just before; ' +
          'lastYear (同比): the same dates a year earlier (29 Feb → 28 Feb); previousToDate: for a period that starts a calendar week, month, ' +
          'quarter or year and ends within it, the first as many days of the one before (Dec 1–4 → Nov 1–4), else previous',
      },
    ),
  ),
})
export type Summary = Static<typeof SummarySchema>
export type PeriodSummary = Static<typeof PeriodSummarySchema>
export type Comparison = Static<typeof ComparisonSchema>
export type CaseFigures = Static<typeof CaseFiguresSchema>
export type RegionRef = Static<typeof RegionRefSchema>

const COMPARE_LIST = `(${COMPARE_KINDS.join('|')})`

export const SummaryQuerySchema = Type.Object({
  region: Type.String({ minLength: 1, description: 'region code' }),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'start of the period; the whole Shanghai day it falls in counts' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'end of the period (exclusive); the whole Shanghai day before it counts' })),
  period: Type.Optional(
    OneOf(
      PERIOD_PRESETS,
      'instead of from/to: today, week, month, quarter, year (each from its start up to tomorrow 00:00) or assessment (the 考核期), by the server clock',
    ),
  ),
  compare: Type.Optional(
    Type.String({
      pattern: `^${COMPARE_LIST}(,${COMPARE_LIST})*$`,
      description: `comma-separated, any of ${COMPARE_KINDS.join(', ')}: adds compare.<kind> = { period, summary }`,
    }),
  ),
  asOf: Type.Optional(
    Type.String({
      format: 'date-time',
      description:
        'replay: answer exactly what the server answered at this instant, by its own commit times (stocks as they stood, ' +
        'flows as known then, overdue and colours with this instant as now, presets and the default period of its day, its seq); ' +
        '400 when in the future',
    }),
  ),
})
export type SummaryQuery = Static<typeof SummaryQuerySchema>

export type { TSchema }
