/**
 * 矛盾纠纷: the categories whose resolutions count towards 矛盾不出村 and 不出镇街. Configurable with
 * YIPING_DISPUTE_CATEGORIES (a JSON array); the default names the usual dispute categories of a
 * grassroots register, including those the demo data uses (土地承包, 山林权属 …). Service requests
 * and complaints (路灯, 环境卫生, 物业管理 …) are not disputes.
 */
export const DEFAULT_DISPUTE_CATEGORIES: readonly string[] = [
  '邻里纠纷',
  '婚姻家庭',
  '劳动争议',
  '劳资纠纷',
  '土地纠纷',
  '土地承包',
  '山林权属',
  '征地拆迁',
  '物业纠纷',
]
