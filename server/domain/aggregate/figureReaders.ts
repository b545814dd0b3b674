import {
  BACKLOG_LEVELS,
  CASE_SOURCES,
  CASE_STAGES,
  RESOLUTION_TIERS,
  SATISFACTIONS,
  SUPERVISION_COLORS,
} from '../../../shared/domain/vocabulary'
import { C, type CaseCounter } from '../../../shared/summary/counters'
import { localResolutionRate, onTimeRate, satisfactionRate, townResolutionRate, urgeRate, followUpRate } from '../../../shared/summary/metrics'

/** One figure of a period's summary from the period's summed case counters. */
export type CountersReader = (c: ArrayLike<number>) => number | null

const UNRESOLVED = CASE_STAGES.filter((s) => s !== 'followup').map((s) => C[`stage.${s}`])

/** Open cases: every unresolved stage, summed in the order caseFigures sums them. */
export function openOf(c: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < UNRESOLVED.length; i++) sum += c[UNRESOLVED[i]!]!
  return sum
}

const counter = (name: CaseCounter): CountersReader => {
  const i = C[name]
  return (c) => c[i]!
}

/**
 * The `cases.*` and `backlog.*` figures of a summary by path, each read straight from the summed
 * counters with the same formula caseFigures and backlogFigures use (shared/summary/build.ts): a
 * ranking needs one figure per child and compared period, not a whole CaseFigures for each.
 * test/server/ranking-equivalence.test.ts holds every such path of the schema to figureAt over
 * caseFigures, so a figure added to the summary without a reader here fails there (and a ranking
 * by it falls back to building the section: `figureReader` answers undefined).
 */
const READERS = new Map<string, CountersReader>([
  ['cases.total', counter('total')],
  ['cases.open', openOf],
  ['cases.closed', counter('closed')],
  ['cases.overdue', counter('overdue')],
  ...CASE_STAGES.map((s) => [`cases.byStage.${s}`, counter(`stage.${s}`)] as const),
  ...SUPERVISION_COLORS.map((k) => [`cases.byColor.${k}`, counter(`color.${k}`)] as const),
  ...CASE_SOURCES.map((s) => [`cases.bySource.${s}`, counter(`source.${s}`)] as const),
  ['cases.urgedCases', counter('urged')],
  ['cases.urgeCount', counter('urgeCount')],
  ['cases.urgeRate', (c) => urgeRate(c[C.urged]!, c[C.total]!)],
  ['cases.resolved', counter('resolved')],
  ['cases.resolvedOnTime', counter('resolvedOnTime')],
  ...RESOLUTION_TIERS.map((t) => [`cases.resolvedByTier.${t}`, counter(`tier.${t}`)] as const),
  ['cases.localResolution.disputes', counter('dispute.resolved')],
  ['cases.localResolution.village', counter('dispute.village')],
  ['cases.localResolution.town', counter('dispute.town')],
  ['cases.localResolutionRate', (c) => localResolutionRate(c[C['dispute.village']]!, c[C['dispute.resolved']]!)],
  ['cases.townResolutionRate', (c) => townResolutionRate(c[C['dispute.town']]!, c[C['dispute.resolved']]!)],
  ['cases.followedUp', counter('followedUp')],
  ...SATISFACTIONS.map((s) => [`cases.bySatisfaction.${s}`, counter(`satisfaction.${s}`)] as const),
  ['cases.followUpRate', (c) => followUpRate(c[C.followedUp]!, c[C.resolved]!)],
  ['cases.satisfactionRate', (c) => satisfactionRate(c[C['satisfaction.satisfied']]!, c[C['satisfaction.basic']]!, c[C.followedUp]!)],
  ['cases.onTimeRate', (c) => onTimeRate(c[C.resolvedOnTime]!, c[C.resolved]!)],
  ...BACKLOG_LEVELS.flatMap((l) => [
    [`backlog.${l}.total`, counter(`backlog.${l}.total`)] as const,
    [`backlog.${l}.resolved`, counter(`backlog.${l}.resolved`)] as const,
  ]),
])

/** The reader of a period-dependent figure (`cases.*`, `backlog.*`), or undefined for any other path. */
export const figureReader = (path: string): CountersReader | undefined => READERS.get(path)

/** Every path with a reader (for the test that holds them to the summary). */
export const READER_PATHS: readonly string[] = [...READERS.keys()]
