import type { WallOption } from '../charts/echarts'
import { COLORS } from '../charts/theme'
import { axisLabel, base, labelSize } from '../charts/options/base'

/** Reports by hour of the day as columns, the busiest hours brighter; labels every three hours. */
export function hoursOption(values: readonly number[], u: number): WallOption {
  const top = Math.max(1, ...values)
  return {
    ...base(u),
    grid: { left: u * 2.6, right: u * 0.8, top: u * 1.6, bottom: u * 2.2 },
    tooltip: { ...base(u).tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: values.map((_, h) => `${h}时`),
      axisLabel: { ...axisLabel(u), interval: 2 },
      axisTick: { show: false },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { ...axisLabel(u) }, splitLine: { lineStyle: { color: COLORS.grid } } },
    series: [
      {
        type: 'bar',
        barCategoryGap: '25%',
        data: values.map((v) => ({ value: v, itemStyle: { color: v >= 0.7 * top ? COLORS.yellow : COLORS.accent, borderRadius: u * 0.15 } })),
        label: { show: true, position: 'top', fontSize: labelSize(u) * 0.8, color: COLORS.muted, formatter: (p) => ((p as { value: number }).value >= 0.7 * top ? String((p as { value: number }).value) : '') },
      },
    ],
  }
}
