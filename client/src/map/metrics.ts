import type { ChildFigures } from '../../../shared/summary/detail'
import { formatCount, formatRate } from '../util/format'

/** The figures the map can fill its regions by. */
export const MAP_METRICS = ['total', 'overdue', 'urgeRate', 'riskAlarms'] as const
export type MapMetric = (typeof MAP_METRICS)[number]

export interface MapMetricInfo {
  label: string
  unit: string
  /** The value drawn (rates as percentages); null when there is nothing to rate. */
  value: (c: ChildFigures) => number | null
  format: (v: number) => string
  /** Low to high. Dark navy at zero for all of them, so a quiet region looks quiet whatever the metric. */
  ramp: string[]
}

const count = (v: number) => formatCount(v)

export const MAP_METRIC_INFO: Record<MapMetric, MapMetricInfo> = {
  total: { label: '受理量', unit: '件', value: (c) => c.total, format: count, ramp: ['#15304f', '#1f4f7e', '#2f74ad', '#4f9ad6'] },
  overdue: { label: '超期', unit: '件', value: (c) => c.overdue, format: count, ramp: ['#15304f', '#4f4a3c', '#9a7a34', '#e0b348'] },
  urgeRate: {
    label: '催办率',
    unit: '%',
    value: (c) => (c.urgeRate === null ? null : Math.round(c.urgeRate * 1000) / 10),
    format: (v) => formatRate(v / 100),
    ramp: ['#15304f', '#2c3f78', '#4a57a8', '#7480e6'],
  },
  riskAlarms: { label: '风险告警', unit: '个', value: (c) => c.riskAlarms, format: count, ramp: ['#15304f', '#5a2f43', '#a3424c', '#e25555'] },
}

/**
 * Round ends for the metric's legend: the top at least 1 (an all-zero map still has a scale), the
 * bottom the round figure below the smallest value, so nine towns between 1,000 and 2,000 cases
 * do not all wear the same blue. Zero stays zero when any region is near it.
 */
export function niceRange(values: readonly (number | null)[]): { min: number; max: number } {
  const present = values.filter((v): v is number => v !== null)
  const top = Math.max(0, ...present)
  if (top <= 1) return { min: 0, max: 1 }
  const step = 10 ** Math.floor(Math.log10(top))
  const max = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * step).find((v) => v >= top) ?? 10 * step
  const low = Math.min(...present)
  const min = Math.floor(low / (step / 2)) * (step / 2)
  return { min: min < max / 4 ? 0 : min, max }
}
