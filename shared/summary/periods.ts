import { Type, type Static } from 'typebox'
import { OneOf } from '../events/schema'
import { COMPARE_KINDS, PERIOD_PRESETS } from '../time/periods'

/** Whole Shanghai days [from, to), written as instants in +08:00. */
export const PeriodSchema = Type.Object(
  {
    from: Type.String({ description: 'first instant counted: 00:00 of a Shanghai day, ISO-8601 +08:00' }),
    to: Type.String({ description: 'first instant no longer counted: 00:00 of a Shanghai day, ISO-8601 +08:00' }),
  },
  { description: 'the whole Shanghai days counted: [from, to)' },
)

export const PeriodPresetSchema = OneOf(PERIOD_PRESETS, 'a period relative to today, resolved by the server clock')
export const CompareKindSchema = OneOf(COMPARE_KINDS)

export const LabelledPeriodSchema = Type.Object({ ...PeriodSchema.properties, label: Type.String({ description: '今日, 本周 … or the 考核期 name' }) })
export type LabelledPeriod = Static<typeof LabelledPeriodSchema>

/** GET /api/v1/periods: the presets as the server resolves them now ("to date": up to tomorrow 00:00). */
export const PeriodsSchema = Type.Object({
  now: Type.String({ description: 'the server clock, ISO-8601 +08:00' }),
  presets: Type.Object(
    Object.fromEntries(PERIOD_PRESETS.map((p) => [p, LabelledPeriodSchema])) as Record<(typeof PERIOD_PRESETS)[number], typeof LabelledPeriodSchema>,
  ),
})
export type Periods = Static<typeof PeriodsSchema>
