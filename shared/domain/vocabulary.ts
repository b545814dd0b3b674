/**
 * The words of the domain, once. Each list is the wire value; the label is what the wall shows.
 * Order matters: stages are the five steps of a case's life, tiers go from the village outwards.
 */
export const CASE_STAGES = ['receive', 'assign', 'handle', 'review', 'followup'] as const
export type CaseStage = (typeof CASE_STAGES)[number]
export const CASE_STAGE_LABELS: Record<CaseStage, string> = {
  receive: '签收',
  assign: '审核交办',
  handle: '审核办理',
  review: '办结审核',
  followup: '回访反馈',
}

export const CASE_SOURCES = ['hotline', 'petition', 'grid', 'meeting', 'police', 'other'] as const
export type CaseSource = (typeof CASE_SOURCES)[number]
export const CASE_SOURCE_LABELS: Record<CaseSource, string> = {
  hotline: '12345热线',
  petition: '信访',
  grid: '网格上报',
  meeting: '小队会',
  police: '110联动',
  other: '其他',
}

/** 小事不过夜、大事不满月: the size decides the due time. */
export const CASE_SIZES = ['minor', 'major'] as const
export type CaseSize = (typeof CASE_SIZES)[number]
export const CASE_SIZE_LABELS: Record<CaseSize, string> = { minor: '小事', major: '大事' }

export const BACKLOG_LEVELS = ['national', 'provincial', 'municipal', 'district'] as const
export type BacklogLevel = (typeof BACKLOG_LEVELS)[number]
export const BACKLOG_LEVEL_LABELS: Record<BacklogLevel, string> = {
  national: '国家级',
  provincial: '省级',
  municipal: '市级',
  district: '区级',
}

/** 三道防线: grid leader → village cadres → village secretary; town and district beyond the village. */
export const RESOLUTION_TIERS = ['grid', 'village', 'secretary', 'town', 'district'] as const
export type ResolutionTier = (typeof RESOLUTION_TIERS)[number]
export const RESOLUTION_TIER_LABELS: Record<ResolutionTier, string> = {
  grid: '第一道防线·网格',
  village: '第二道防线·村干部',
  secretary: '第三道防线·村书记',
  town: '乡镇',
  district: '区县',
}
/** Tiers that count as 矛盾不出村 (settled inside the village). */
export const LOCAL_TIERS: readonly ResolutionTier[] = ['grid', 'village', 'secretary']

export const SATISFACTIONS = ['satisfied', 'basic', 'unsatisfied'] as const
export type Satisfaction = (typeof SATISFACTIONS)[number]
export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
}

/** 三色督办. */
export const SUPERVISION_COLORS = ['red', 'yellow', 'green'] as const
export type SupervisionColor = (typeof SUPERVISION_COLORS)[number]
export const SUPERVISION_COLOR_LABELS: Record<SupervisionColor, string> = {
  red: '红色督办',
  yellow: '黄色预警',
  green: '绿色正常',
}

export const RISK_KINDS = ['water', 'fire', 'road', 'geo', 'building', 'other'] as const
export type RiskKind = (typeof RISK_KINDS)[number]
export const RISK_KIND_LABELS: Record<RiskKind, string> = {
  water: '涉水',
  fire: '消防',
  road: '临水临崖道路',
  geo: '地质',
  building: '出租房/三合一',
  other: '其他',
}

export const RISK_STATUSES = ['normal', 'warning', 'alarm', 'rectifying', 'rectified'] as const
export type RiskStatus = (typeof RISK_STATUSES)[number]
export const RISK_STATUS_LABELS: Record<RiskStatus, string> = {
  normal: '正常',
  warning: '预警',
  alarm: '告警',
  rectifying: '整改中',
  rectified: '已整改',
}

export const REGION_LEVELS = ['province', 'city', 'district', 'town', 'village'] as const
export type RegionLevel = (typeof REGION_LEVELS)[number]
export const REGION_LEVEL_LABELS: Record<RegionLevel, string> = {
  province: '省',
  city: '市',
  district: '区县',
  town: '乡镇街道',
  village: '村社区',
}
