import type { Region } from '../../shared/regions/tree'
import type { CaseSize, CaseSource, ResolutionTier, Satisfaction } from '../../shared/domain/vocabulary'
import { CATEGORIES, PERSON_PARTS, PLACE_BIAS, SOURCE_BIAS } from './data/cases'
import { shanghaiDay } from '../../shared/time/shanghai'
import { CATEGORY_SEASON, localDate } from './calendar'
import { DEMO_DISPUTES } from './figures'
import { hashSeed, weightedTable, type Random } from './random'
import { DISTRICT, type TownInfo } from './territory'

/** Places the source article singles out; their figures are reproduced in the demo's shape. */
export const PLACES = {
  yinhu: '银湖街道',
  chunjiang: '春江街道',
  wanshi: '万市镇',
  chayuanwu: '槎源坞村',
  longgang: '龙岗镇',
} as const

export interface CaseDraft {
  regionCode: string
  source: CaseSource
  category: string
  size: CaseSize
  title: string
  reporter?: { name: string; phone: string }
}

type SourceTable = ReadonlyArray<readonly [CaseSource, number]>
const SOURCES: Record<'rural' | 'street' | 'yinhu' | 'chunjiang', SourceTable> = {
  rural: [['hotline', 50], ['grid', 24], ['petition', 10], ['meeting', 7], ['police', 6], ['other', 3]],
  street: [['hotline', 60], ['grid', 15], ['petition', 9], ['meeting', 3], ['police', 10], ['other', 3]],
  // Almost everything in 银湖 arrives through the 12345 hotline.
  yinhu: [['hotline', 92], ['grid', 3], ['petition', 2], ['meeting', 0.5], ['police', 2], ['other', 0.5]],
  // 春江 is where the evening 小队会 began; many matters surface there.
  chunjiang: [['hotline', 38], ['grid', 18], ['petition', 6], ['meeting', 30], ['police', 5], ['other', 3]],
}
// 槎源坞村 is a 无信访村: no petitions at all.
const NO_PETITION = (t: SourceTable): SourceTable => t.filter(([s]) => s !== 'petition')

function sourceTable(town: TownInfo, region: Region): SourceTable {
  const name = town.town.name
  const base =
    name === PLACES.yinhu ? SOURCES.yinhu : name === PLACES.chunjiang ? SOURCES.chunjiang : town.street ? SOURCES.street : SOURCES.rural
  return region.name === PLACES.chayuanwu ? NO_PETITION(base) : base
}

/** The channel a report comes by, as it is in that kind of place. */
export const pickSource = (r: Random, town: TownInfo, region: Region): CaseSource => r.weighted(sourceTable(town, region))

/**
 * Categories planned on their own (planned.ts), with exact counts a year, left out of the regular
 * mix there: 淳安's labour disputes and 龙岗镇's telecom fraud.
 */
function plannedElsewhere(town: TownInfo): string | undefined {
  if (town.district.code === DISTRICT.chunan) return '劳动争议'
  if (town.town.name === PLACES.longgang) return '电信诈骗'
  return undefined
}

const categoryCache = new Map<string, (u: number) => string>()
function categoryPicker(town: TownInfo, source: CaseSource, month: number): (u: number) => string {
  const place = town.street ? 'street' : 'rural'
  const district = town.district.code
  const left = plannedElsewhere(town)
  const key = `${place}|${district}|${source}|${month}|${left ?? ''}`
  let picker = categoryCache.get(key)
  if (!picker) {
    const entries = Object.entries(CATEGORIES).map(([name, spec]) => {
      let w = spec.weight * (PLACE_BIAS[place][name] ?? 1) * (SOURCE_BIAS[source]?.[name] ?? 1) * (CATEGORY_SEASON[name]?.[month] ?? 1)
      if (district === DISTRICT.xiuzhou) w *= PLACE_BIAS.xiuzhou[name] ?? 1
      if (district === DISTRICT.chunan) w *= PLACE_BIAS.chunan[name] ?? 1
      if (name === left) w = 0
      return [name, w] as const
    })
    picker = weightedTable(entries)
    categoryCache.set(key, picker)
  }
  return picker
}

const villagePickers = new WeakMap<TownInfo, (u: number) => Region>()
/** Where a case is reported: mostly a village, occasionally the town itself. */
export function pickCaseRegion(r: Random, town: TownInfo): Region {
  if (town.villages.length === 0 || r.chance(0.06)) return town.town
  let picker = villagePickers.get(town)
  if (!picker) {
    // Villages differ in size: a stable weight per village from its code.
    picker = weightedTable(town.villages.map((v) => [v, 0.5 + (hashSeed(v.code) % 1000) / 1000] as const))
    villagePickers.set(town, picker)
  }
  return picker(r.rng())
}

export function syntheticReporter(r: Random): { name: string; phone: string } {
  const given = r.pick(PERSON_PARTS.given) + (r.chance(0.7) ? r.pick(PERSON_PARTS.given) : '')
  let digits = ''
  for (let i = 0; i < 9; i++) digits += r.int(0, 9)
  return { name: r.pick(PERSON_PARTS.surname) + given, phone: r.pick(PERSON_PARTS.mobilePrefix) + digits }
}

/** A new case's content: category, size and a concrete title; a third carry a reporter. */
export function draftCase(
  r: Random,
  town: TownInfo,
  region: Region,
  source: CaseSource,
  reportedAt: number,
  force: { category?: string; size?: CaseSize } = {},
): CaseDraft {
  const category = force.category ?? categoryPicker(town, source, localDate(shanghaiDay(reportedAt)).month)(r.rng())
  const spec = CATEGORIES[category]!
  const size = force.size ?? (r.chance(spec.minor) ? 'minor' : 'major')
  const title = r.pick(spec.titles).replace('{v}', region.name)
  const draft: CaseDraft = { regionCode: region.code, source, category, size, title }
  if (r.chance(1 / 3)) draft.reporter = syntheticReporter(r)
  return draft
}

const DISPUTES = new Set(DEMO_DISPUTES)

/**
 * 三道防线: disputes (矛盾纠纷) mostly end with the grid leader, the village cadres or the
 * secretary (矛盾不出村, ~90 %); other matters (a street lamp, a pipe) more often need the town or
 * a district department. A case reported at the town itself is settled there more often.
 */
export function pickTier(r: Random, town: TownInfo, region: Region, size: CaseSize, category: string): ResolutionTier {
  let local: number
  if (DISPUTES.has(category)) {
    local = town.town.name === PLACES.wanshi ? 0.975 : 0.945
    if (region.level !== 'village') local = 0.62
    local += size === 'minor' ? 0.02 : -0.04
  } else {
    local = region.level === 'village' ? 0.62 : 0.3
    local += size === 'minor' ? 0.08 : -0.15
  }
  if (r.chance(local)) return r.weighted([['grid', 45], ['village', 35], ['secretary', 20]] as const)
  return r.chance(0.8) ? 'town' : 'district'
}

/** Share of follow-ups that end unsatisfied: 满意率 98.93 % in 淳安, about 97 % elsewhere. */
export const unsatisfiedShare = (town: TownInfo) => (town.district.code === DISTRICT.chunan ? 0.0107 : 0.03)

/** A follow-up's answer; `unsatisfied` when given decides that part, else it is drawn. */
export function pickSatisfaction(r: Random, town: TownInfo, unsatisfied?: boolean): Satisfaction {
  const share = unsatisfiedShare(town)
  const u = r.rng()
  if (unsatisfied ?? u < share) return 'unsatisfied'
  return r.rng() < 0.18 / (1 - share) ? 'basic' : 'satisfied'
}

/** Share of cases chased at least once (催办率); 银湖 reproduces its 16.63 %. */
export function urgeShare(town: TownInfo): number {
  if (town.town.name === PLACES.yinhu) return 0.1663
  return town.street ? 0.13 : 0.09
}
