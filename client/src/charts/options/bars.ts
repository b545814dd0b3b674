import type { WallOption } from '../echarts'
import { COLORS } from '../theme'
import { axisLabel, base, countLabel, labelSize } from './base'

export interface BarRow {
  name: string
  value: number
  color?: string
}

/**
 * Horizontal bars, largest story first, each labelled with its figure and unit at the bar's end:
 * a wall is read from across the room, so the number is printed, not left to a value axis.
 */
export function horizontalBars(rows: readonly BarRow[], u: number, unit = '件'): WallOption {
  return {
    ...base(u),
    grid: { left: u * 0.3, right: u * 4.6, top: u * 0.3, bottom: u * 0.3, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: { ...base(u).tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisLine: { show: false },
      axisLabel: { ...axisLabel(u), color: COLORS.text, interval: 0 },
    },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.color ?? COLORS.accent } })),
        barMaxWidth: u * 1.1,
        barCategoryGap: '38%',
        showBackground: true,
        backgroundStyle: { color: COLORS.track, borderRadius: u * 0.2 },
        itemStyle: { borderRadius: u * 0.2 },
        label: {
          show: true,
          position: 'right',
          fontSize: labelSize(u),
          color: COLORS.text,
          formatter: (p) => `${countLabel((p as { value: unknown }).value)}${unit}`,
        },
      },
    ],
  }
}
