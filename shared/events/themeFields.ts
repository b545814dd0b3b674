import { Type } from 'typebox'

/**
 * Optional event fields the themed pages (信访积案, 平安·反诈, 消防安全, 涉水安全) count. All optional:
 * batches written before them stay valid, and an integrator that has none of them sends none.
 */

/** 初访 (a first visit) or 重访 (the same matter again). */
export const PETITION_VISITS = ['first', 'repeat'] as const
export type PetitionVisit = (typeof PETITION_VISITS)[number]
export const PETITION_VISIT_LABELS: Record<PetitionVisit, string> = { first: '初访', repeat: '重访' }

/** 电信网络诈骗 by the police's usual types. */
export const FRAUD_TYPES = ['rebate', 'investment', 'impersonation', 'loan', 'service', 'romance', 'other'] as const
export type FraudType = (typeof FRAUD_TYPES)[number]
export const FRAUD_TYPE_LABELS: Record<FraudType, string> = {
  rebate: '刷单返利',
  investment: '虚假投资理财',
  impersonation: '冒充公检法',
  loan: '虚假网络贷款',
  service: '冒充电商客服',
  romance: '网络交友',
  other: '其他',
}

const Count = (description: string) => Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description }))

/** On `case.reported` from the petition system (信访). */
export const PETITION_FIELDS = {
  visit: Type.Optional(Type.Enum<['first', 'repeat']>(['first', 'repeat'], { description: '信访: first 初访 · repeat 重访' })),
  overLevel: Type.Optional(Type.Boolean({ description: '越级访: the petitioner skipped the level that should hear it' })),
  caseLeader: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '包案领导: the leader answerable for a backlog case (积案)' })),
  clearBy: Type.Optional(Type.String({ format: 'date-time', description: '积案 clearance deadline (化解时限)' })),
}

/** On `case.reported` of a telecom fraud (电信诈骗) case. */
export const FRAUD_FIELDS = {
  fraudType: Type.Optional(
    Type.Enum<[...typeof FRAUD_TYPES]>([...FRAUD_TYPES], { description: '电诈类型: rebate 刷单返利 · investment 虚假投资理财 · impersonation 冒充公检法 · loan 虚假网络贷款 · service 冒充电商客服 · romance 网络交友 · other' }),
  ),
  loss: Type.Optional(Type.Number({ minimum: 0, maximum: 1e10, description: '损失金额 (yuan)' })),
}

/** On `risk.registered`: what the point is for the fire and water pages. */
export const RISK_POINT_FIELDS = {
  inspectionSite: Type.Optional(Type.Boolean({ description: '消防检查点位: a site under the rounds of fire inspection (出租房, 三合一, 作坊 …)' })),
  rescueSets: Count('救援器材: rescue equipment sets kept at this (water-side) point'),
}

/**
 * On `risk.status`: what an inspection or patrol found. The status may stay the same (a patrol
 * that found nothing is `normal` again, with `patrol: true`).
 */
export const RISK_CHECK_FIELDS = {
  round: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: '检查轮次: the inspection round this check belongs to' })),
  hazard: Count('隐患: hidden hazards found by this check'),
  rectified: Count('整改: hazards rectified (re-checked and closed) by this step'),
  rescueReady: Count('救援器材完好: rescue equipment sets found ready (the rest are missing or broken)'),
  patrol: Type.Optional(Type.Boolean({ description: '巡查: this status is a patrol’s report' })),
}
