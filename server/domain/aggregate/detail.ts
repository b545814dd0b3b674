import { C, R } from '../../../shared/summary/counters'
import type { ActivitySlot, ChildFigures, RegionDetail } from '../../../shared/summary/detail'
import { satisfactionRate, urgeRate } from '../../../shared/summary/metrics'
import { HOUR_MS, shanghaiDay, shanghaiDayStart, toShanghaiIso } from '../../../shared/time/shanghai'
import type { Aggregator } from './aggregator'

const DAYS_SHOWN = 30
const TOP_CATEGORIES = 12

/** The panels' figures for one region: children, activity over time, categories. */
export function regionDetail(agg: Aggregator, code: string): RegionDetail {
  const node = agg.tree.get(code)
  if (!node) throw new Error(`unknown region ${code}`)
  const now = agg.now()
  const { firstDay, lastDay } = agg.period()

  const children: ChildFigures[] = node.children.map((childCode) => {
    const child = agg.tree.get(childCode)!
    const c = agg.caseCounts(childCode, firstDay, lastDay)
    const total = c[C.total]!
    return {
      code: child.code,
      name: child.name,
      level: child.level,
      total,
      open: total - c[C.closed]!,
      overdue: c[C.overdue]!,
      urgeRate: urgeRate(c[C.urged]!, total),
      satisfactionRate: satisfactionRate(c[C['satisfaction.satisfied']]!, c[C['satisfaction.basic']]!, c[C.followedUp]!),
      riskAlarms: agg.riskCounts(childCode)[R['status.alarm']]!,
    }
  })

  const activity = agg.activityOf(code)
  const today = shanghaiDay(now)
  const todayStart = shanghaiDayStart(today)
  const hourly: ActivitySlot[] = []
  for (let t = todayStart; t <= now; t += HOUR_MS) {
    const slot = activity?.hours.get(Math.floor(t / HOUR_MS)) ?? [0, 0]
    hourly.push({ at: toShanghaiIso(t), reported: slot[0], resolved: slot[1] })
  }
  const daily: ActivitySlot[] = []
  for (let d = today - DAYS_SHOWN + 1; d <= today; d++) {
    const slot = activity?.days.get(d) ?? [0, 0]
    daily.push({ at: toShanghaiIso(shanghaiDayStart(d)), reported: slot[0], resolved: slot[1] })
  }

  const byCategory = [...agg.categoryCounts(code, firstDay, lastDay)]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
    .slice(0, TOP_CATEGORIES)
    .map(([category, count]) => ({ category, count }))

  return { region: code, seq: agg.seq, children, hourly, daily, byCategory }
}
