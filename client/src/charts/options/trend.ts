import type { ActivitySlot, DailySlot } from '../../../../shared/summary/detail'
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

/** A day as an older server sent it, without last year's figures. */
type DaySlot = ActivitySlot & Partial<Pick<DailySlot, 'lastYear' | 'partial'>>

/**
 * The last 30 days, oldest first, in a fixed buffer of 30 slots labelled 12-01 …, over the same
 * days a year before (a dashed line, 去年同期). Today is still running: its bar is drawn hollow
 * and its label says 今日, so a half-day never reads as a slump (nor a busy morning as a record).
 */
export function dailyOption(slots: readonly DaySlot[], u: number): WallOption {
  const recent = slots.slice(-DAYS_SHOWN)
  const pad = DAYS_SHOWN - recent.length
  const labels = [...new Array<string>(pad).fill(''), ...recent.map((s) => (s.partial ? '今日' : s.at.slice(5, 10)))]
  const reported = [
    ...new Array<BarDatum>(pad).fill(null),
    ...recent.map((s): BarDatum => (s.partial ? { value: s.reported, itemStyle: PARTIAL(u) } : s.reported)),
  ]
  const resolved = [...new Array<number | null>(pad).fill(null), ...recent.map((s) => s.resolved)]
  const lastYear = recent.some((s) => s.lastYear) ? [...new Array<number | null>(pad).fill(null), ...recent.map((s) => s.lastYear?.reported ?? null)] : null
  const option = activityOption(labels, reported, resolved, u, 4, true)
  if (lastYear) (option.series as unknown[]).push(lastYearSeries(lastYear, u))
  return option
}

type BarDatum = number | null | { value: number; itemStyle: object }

/** Today's bar: an outline with a faint fill, the day not over yet. */
const PARTIAL = (u: number) => ({ color: 'rgba(56, 189, 248, 0.22)', borderColor: COLORS.accent, borderWidth: Math.max(1, u * 0.1), borderType: 'dashed' })

function lastYearSeries(data: (number | null)[], u: number) {
  return {
    name: '去年同期受理',
    type: 'line' as const,
    data,
    smooth: 0.35,
    smoothMonotone: 'x' as const,
    symbol: 'none',
    z: 1,
    lineStyle: { width: Math.max(1.5, u * 0.11), color: COLORS.muted, type: 'dashed' as const, opacity: 0.8 },
    itemStyle: { color: COLORS.muted },
  }
}

/** Axis labels every `every` slots, counted from the last slot when `fromEnd` (so 今日 is always labelled). */
function activityOption(labels: string[], reported: BarDatum[], resolved: (number | null)[], u: number, every: number, fromEnd = false): WallOption {
  const shown = fromEnd ? (i: number) => (labels.length - 1 - i) % every === 0 : (i: number) => i % every === 0
  return {
    ...base(u),
    legend: { top: 0, right: 0, itemWidth: u, itemHeight: u * 0.6, textStyle: { fontSize: Math.round(u * 0.85) } },
    grid: { left: u * 0.3, right: u * 0.6, top: u * 2, bottom: u * 0.2, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: { ...base(u).tooltip, trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: labels,
      axisLabel: { ...axisLabel(u), interval: shown, hideOverlap: true },
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
