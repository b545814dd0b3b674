import { Type, type Static } from 'typebox'
import { BACKLOG_LEVELS, REGION_LEVELS, RISK_STATUSES } from '../domain/vocabulary'
import { OneOf } from '../events/schema'
import { FRAUD_TYPES } from '../events/themeFields'
import { PeriodSchema, PeriodPresetSchema } from '../summary/periods'
import { RegionRefSchema, SummaryQuerySchema } from '../summary/schema'
import { THEME_PAGES } from '../themes/pages'

const Count = (description?: string) => Type.Number(description ? { description } : {})
const Change = (description: string) => Type.Union([Type.Number(), Type.Null()], { description })

export const ThemeQuerySchema = Type.Object({
  region: Type.String({ minLength: 1 }),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  period: Type.Optional(PeriodPresetSchema),
  asOf: SummaryQuerySchema.properties.asOf,
})
export const ThemeParamsSchema = Type.Object({ page: OneOf(THEME_PAGES, 'petition 信访积案 · safety 平安·反诈 · fire 消防安全 · water 涉水安全') })

const LevelCount = Type.Object({ total: Count('积案 reported in the period'), resolved: Count('of them resolved now') })

export const PetitionThemeSchema = Type.Object({
  petitions: Count('信访 cases (source petition) reported in the period'),
  firstVisits: Count('初访'),
  repeatVisits: Count('重访'),
  overLevel: Count('越级访 (any source)'),
  backlog: Type.Object(Object.fromEntries(BACKLOG_LEVELS.map((l) => [l, LevelCount])) as Record<(typeof BACKLOG_LEVELS)[number], typeof LevelCount>),
  villages: Count('villages of the subtree'),
  quietVillages: Count('无信访村: villages with neither a 积案 nor a 越级访 reported in the period'),
  openBacklog: Type.Object({
    total: Count('unresolved 积案 of the subtree now'),
    items: Type.Array(
      Type.Object({
        caseId: Type.String(),
        title: Type.String(),
        regionName: Type.String(),
        level: OneOf(BACKLOG_LEVELS),
        caseLeader: Type.Union([Type.String(), Type.Null()], { description: '包案领导' }),
        clearBy: Type.Union([Type.String(), Type.Null()], { description: '化解时限, ISO +08:00' }),
        overdue: Type.Boolean({ description: 'past its clearance deadline now' }),
      }),
      { description: 'the nearest clearance deadlines first (at most 8)' },
    ),
  }),
  lastYear: Type.Object({ petitions: Count(), overLevel: Count(), repeatVisits: Count() }),
})

const FraudTypeCount = Type.Object({ type: OneOf(FRAUD_TYPES), label: Type.String(), cases: Count(), loss: Count('yuan') })
export const SafetyThemeSchema = Type.Object({
  cases: Count('电信诈骗 cases reported in the period (category 电信诈骗 or a fraudType)'),
  loss: Count('损失, yuan'),
  byHour: Type.Array(Count(), { description: 'reports by Shanghai hour of the day, 0–23' }),
  byType: Type.Array(FraudTypeCount),
  lastYear: Type.Object({ cases: Count(), loss: Count() }),
  casesChange: Change('同比 of cases: (this − last year) ÷ last year; null without last year'),
  lossChange: Change('同比 of losses'),
})

export const FireThemeSchema = Type.Object({
  sites: Count('消防检查点位 now (risk points registered with inspectionSite)'),
  sitesRectifying: Count('of them with a hazard under rectification now'),
  firePoints: Count('fire risk points now'),
  rectifying: Count('risk points of any kind under rectification now'),
  inspections: Count('checks belonging to an inspection round in the period'),
  hazards: Count('hazards found in the period (all kinds of points)'),
  rectified: Count('hazards rectified in the period'),
  rounds: Count('distinct inspection rounds in the period'),
  lastRound: Type.Union([Type.Number(), Type.Null()]),
  stations: Count('fire stations in the subtree'),
  coverage: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
    description: 'share of the area inside some station’s five-minute rescue circle (五分钟救援圈); null where no station or no map is known',
  }),
})

export const WaterThemeSchema = Type.Object({
  points: Count('water-side risk points now'),
  byStatus: Type.Object(Object.fromEntries(RISK_STATUSES.map((s) => [s, Count()])) as Record<(typeof RISK_STATUSES)[number], ReturnType<typeof Count>>),
  rescueSets: Count('rescue equipment sets at water-side points now'),
  rescueReady: Count('of them found ready by the last check'),
  patrols: Count('patrol reports in the period'),
  hazards: Count('hazards found at water-side points in the period'),
  lastYear: Type.Object({ patrols: Count(), hazards: Count() }),
})

export const ThemeChildSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: OneOf(REGION_LEVELS),
  figures: Type.Record(Type.String(), Type.Number(), {
    description:
      'the page’s main figures of this child’s subtree, as the page counts them: petition {petitions, openBacklog}; ' +
      'safety {cases, loss}; fire {hazards, rectified, sites}; water {points, alarm, patrols, rescueSets}',
  }),
})

export const ThemeAnswerSchema = Type.Object({
  page: OneOf(THEME_PAGES),
  region: RegionRefSchema,
  period: PeriodSchema,
  lastYearPeriod: PeriodSchema,
  at: Type.String({ description: 'server clock, ISO +08:00' }),
  seq: Type.Integer(),
  petition: Type.Optional(PetitionThemeSchema),
  safety: Type.Optional(SafetyThemeSchema),
  fire: Type.Optional(FireThemeSchema),
  water: Type.Optional(WaterThemeSchema),
  children: Type.Array(ThemeChildSchema, { description: 'the region’s children (towns of a county …), in the tree’s order, for the page’s ranking' }),
})
export type ThemeAnswer = Static<typeof ThemeAnswerSchema>
export type ThemeChild = Static<typeof ThemeChildSchema>
export type PetitionTheme = Static<typeof PetitionThemeSchema>
export type SafetyTheme = Static<typeof SafetyThemeSchema>
export type FireTheme = Static<typeof FireThemeSchema>
export type WaterTheme = Static<typeof WaterThemeSchema>
