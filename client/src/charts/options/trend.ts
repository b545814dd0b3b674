import type { ActivitySlot } from '../../../../shared/summary/detail'
import type { WallOption } from '../echarts'
import { COLORS } from '../theme'
import { axisLabel, base } from './base'

const HOURS = Array.from({ length: 24 }, (_, h) => `${h}时`)
const DAYS_SHOWN = 30

/** "2026-12-01T19:00:00.000+08:00" → 19; the slots are written in Shanghai time already. */
const hourOf = (at: string) => Number(at.slice(11, 13))

/**
 * Today by hour, in a fixed buffer of 24 slots: hours still to come are empty, not missing, so the
 * axis never shifts and an update animates bar heights only.
 */
export function hourlyOption(slots: readonly ActivitySlot[], u: number): WallOption {
  const reported: (number | null)[] = new Array(24).fill(null)
  const resolved: (number | null)[] = new Array(24).fill(null)
  for (const s of slots) {
    const h = hourOf(s.at)
    if (h >= 0 && h < 24) {
      reported[h] = s.reported
      resolved[h] = s.resolved
    }
  }
  return activityOption(HOURS, reported, resolved, u, 3)
}

/** The last 30 days, oldest first, in a fixed buffer of 30 slots labelled 12-01 …. */
export function dailyOption(slots: readonly ActivitySlot[], u: number): WallOption {
  const recent = slots.slice(-DAYS_SHOWN)
  const pad = DAYS_SHOWN - recent.length
  const labels = [...new Array<string>(pad).fill(''), ...recent.map((s) => s.at.slice(5, 10))]
  const reported = [...new Array<number | null>(pad).fill(null), ...recent.map((s) => s.reported)]
  const resolved = [...new Array<number | null>(pad).fill(null), ...recent.map((s) => s.resolved)]
  return activityOption(labels, reported, resolved, u, 4)
}

function activityOption(labels: string[], reported: (number | null)[], resolved: (number | null)[], u: number, every: number): WallOption {
  return {
    ...base(u),
    legend: { top: 0, right: 0, itemWidth: u, itemHeight: u * 0.6, textStyle: { fontSize: Math.round(u * 0.85) } },
    grid: { left: u * 0.3, right: u * 0.6, top: u * 2, bottom: u * 0.2, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: { ...base(u).tooltip, trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: labels,
      axisLabel: { ...axisLabel(u), interval: every - 1, hideOverlap: true },
    },
    yAxis: { type: 'value', minInterval: 1, splitNumber: 3, axisLabel: axisLabel(u) },
    series: [
      {
        name: '受理',
        type: 'bar',
        data: reported,
        barMaxWidth: u * 1.2,
        itemStyle: { color: COLORS.accent, borderRadius: [u * 0.15, u * 0.15, 0, 0] },
      },
      {
        name: '办结',
        type: 'line',
        data: resolved,
        // Monotone smoothing: a curve must never dip below zero between two real counts.
        smooth: 0.35,
        smoothMonotone: 'x',
        symbol: 'circle',
        symbolSize: u * 0.35,
        lineStyle: { width: Math.max(2, u * 0.14), color: COLORS.teal },
        itemStyle: { color: COLORS.teal },
      },
    ],
  }
}
