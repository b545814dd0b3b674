import type { ResolutionTier } from '../../shared/domain/vocabulary'

/** Which department takes a category when the village cannot settle it (承办单位 of the demo). */
const BY_CATEGORY: Record<string, string> = {
  违章建筑: '住建',
  出租房管理: '住建',
  物业管理: '住建',
  征地拆迁: '自然资源和规划',
  土地纠纷: '自然资源和规划',
  山林权属: '自然资源和规划',
  环境卫生: '城管',
  噪声扰民: '城管',
  停车管理: '城管',
  市政设施: '城管',
  消费维权: '市场监管',
  企业服务: '市场监管',
  劳动争议: '人力社保',
  社会保障: '人力社保',
  道路交通: '交警',
  电信诈骗: '派出所',
  生态环境: '生态环境',
  农业农村: '农业农村',
  消防安全: '消防救援',
  涉水安全: '水利',
  水电气: '供电供水',
  医疗教育: '卫健教育',
}

/**
 * The handling unit a demo case is reported with, from its category and the tier that will settle
 * it: the village's own (村委会) for the three lines of defence, the town's 综治中心 for disputes that
 * go beyond, the department of the category otherwise. Deterministic, so the demo's random draws
 * and figures stay as they were.
 */
export function demoUnit(category: string, tier: ResolutionTier): string {
  if (tier === 'grid' || tier === 'village' || tier === 'secretary') return '村委会'
  return BY_CATEGORY[category] ?? '街道综治中心'
}
