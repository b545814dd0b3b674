import { BACKLOG_LEVEL_LABELS, RESOLUTION_TIER_LABELS, type BacklogLevel, type ResolutionTier } from '../../../shared/domain/vocabulary'

/**
 * Words that follow the place shown, as an official there says them: the district-level backlog is
 * 县级积案 in a 县 and 区级积案 in a 区 (区县级 above them, where both kinds are counted); a 社区
 * has 居民, 社区干部 and 社区书记 where a village has 村民, 村干部 and 村书记.
 */
export interface Place {
  /** The shown region's name and level. */
  name: string
  level: string
  /** The name of the district (区/县/县级市) it lies in, or is; null above district level. */
  district: string | null
}

/** 区级 / 县级 / 区县级 for the district level; the other levels as the vocabulary says. */
export function backlogLevelLabel(level: BacklogLevel, place: Place | null): string {
  if (level !== 'district') return BACKLOG_LEVEL_LABELS[level]
  const d = place?.district
  if (!d) return place ? '区县级' : BACKLOG_LEVEL_LABELS.district
  return /区$/.test(d) ? '区级' : '县级'
}

/** Whether the place is an urban community rather than a village. */
export const isCommunity = (place: Place | null) => !!place && place.level === 'village' && /社区$/.test(place.name)

/** 村 or 社区: what "the village" is called where the wall stands. */
export const villageWord = (place: Place | null) => (isCommunity(place) ? '社区' : '村')

/** The resolution tiers' labels, in a 社区 with its own cadres. */
export function tierLabel(tier: ResolutionTier, place: Place | null): string {
  const label = RESOLUTION_TIER_LABELS[tier]
  return isCommunity(place) ? label.replace('村干部', '社区干部').replace('村书记', '社区书记') : label
}
