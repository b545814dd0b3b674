import { Type, type Static } from 'typebox'
import { PERIOD_PRESETS } from '../time/periods'
import { OneOf } from '../events/schema'

const Rate = (description: string) => Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description })

/** What the 承办单位 ranking may be ordered by. */
export const UNIT_RANK_FIGURES = ['onTimeRate', 'overdue', 'returnRate', 'resolved', 'assigned', 'open'] as const
export type UnitRankFigure = (typeof UNIT_RANK_FIGURES)[number]

export const UnitFiguresSchema = Type.Object({
  unit: Type.String({ description: '承办单位' }),
  assigned: Type.Integer({ description: 'times it was given a case (on report or by 转派)' }),
  returned: Type.Integer({ description: 'times it gave one back (退回)' }),
  returnRate: Rate('退单率 = returned ÷ assigned (null: never assigned)'),
  resolved: Type.Integer({ description: 'cases it resolved' }),
  resolvedOnTime: Type.Integer(),
  onTimeRate: Rate('按期办结率 = resolved on time ÷ resolved (null: none resolved)'),
  open: Type.Integer({ description: 'unresolved cases with it now' }),
  overdue: Type.Integer({ description: '超期: unresolved cases with it now that are past due' }),
})
export type UnitFiguresView = Static<typeof UnitFiguresSchema>

export const UnitsQuerySchema = Type.Object({
  region: Type.String({ minLength: 1 }),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  period: Type.Optional(OneOf(PERIOD_PRESETS, 'instead of from/to, as for the summary')),
  rankBy: Type.Optional(OneOf(UNIT_RANK_FIGURES, 'default onTimeRate')),
  order: Type.Optional(OneOf(['asc', 'desc'] as const, 'default desc; nulls last either way')),
})

export const UnitsAnswerSchema = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  rankBy: OneOf(UNIT_RANK_FIGURES),
  order: OneOf(['asc', 'desc'] as const),
  units: Type.Array(UnitFiguresSchema),
})
export type UnitsAnswer = Static<typeof UnitsAnswerSchema>
