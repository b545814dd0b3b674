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

const Count = Type.Integer({ minimum: 0 })
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
  description: 'fraction 0..1, null when the denominator is 0',
})
function CountsOf<const T extends readonly string[]>(keys: T) {
  return Type.Object(Object.fromEntries(keys.map((k) => [k, Count])) as { [K in T[number]]: typeof Count })
}
const BacklogCounts = Type.Object({ total: Count, resolved: Count })

export const RegionRefSchema = Type.Object({ code: Type.String(), name: Type.String(), level: OneOf(REGION_LEVELS) })

export const CaseFiguresSchema = Type.Object({
  total: Count,
  open: Count,
  closed: Count,
  overdue: Count,
  byStage: CountsOf(CASE_STAGES),
  byColor: CountsOf(SUPERVISION_COLORS),
  bySource: CountsOf(CASE_SOURCES),
  urgedCases: Count,
  urgeCount: Count,
  urgeRate: Rate,
  resolved: Count,
  resolvedOnTime: Count,
  resolvedByTier: CountsOf(RESOLUTION_TIERS),
  localResolutionRate: Rate,
  followedUp: Count,
  bySatisfaction: CountsOf(SATISFACTIONS),
  followUpRate: Rate,
  satisfactionRate: Rate,
  onTimeRate: Rate,
})

export const SummarySchema = Type.Object({
  region: RegionRefSchema,
  at: Type.String({ description: 'when this summary was computed' }),
  seq: Type.Integer({ description: 'increases with every change the server applied' }),
  period: Type.Object(
    { from: Type.String(), to: Type.String() },
    { description: 'the whole Shanghai days counted: [from, to)' },
  ),
  cases: CaseFiguresSchema,
  backlog: Type.Object(
    Object.fromEntries(BACKLOG_LEVELS.map((l) => [l, BacklogCounts])) as Record<
      (typeof BACKLOG_LEVELS)[number],
      typeof BacklogCounts
    >,
  ),
  risks: Type.Object({ total: Count, byStatus: CountsOf(RISK_STATUSES), byKind: CountsOf(RISK_KINDS) }),
  alarms: Type.Object(
    { open: Count, acknowledged: Count },
    { description: 'alarms (red cases, risk points in alarm) not yet closed: open = raised and not yet acknowledged' },
  ),
})
export type Summary = Static<typeof SummarySchema>
export type CaseFigures = Static<typeof CaseFiguresSchema>
export type RegionRef = Static<typeof RegionRefSchema>

export const SummaryQuerySchema = Type.Object({
  region: Type.String({ minLength: 1, description: 'region code' }),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
})
export type SummaryQuery = Static<typeof SummaryQuerySchema>

export type { TSchema }
