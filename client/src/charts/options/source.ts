import { CASE_SOURCES, CASE_SOURCE_LABELS } from '../../../../shared/domain/vocabulary'
import type { CaseFigures } from '../../../../shared/summary/schema'
import { formatCount } from '../../util/format'
import type { WallOption } from '../echarts'
import { SERIES_COLORS } from '../theme'
import { base } from './base'

/**
 * Cases by source as a ring, with a legend that prints each figure and its share: at a distance a
 * ring tells the proportions, the legend tells the numbers. Sources that never occurred still
 * appear (as 0) so the legend does not reshuffle when the first one arrives.
 */
export function sourceOption(bySource: CaseFigures['bySource'], u: number): WallOption {
  const total = CASE_SOURCES.reduce((n, s) => n + bySource[s], 0)
  const rows = CASE_SOURCES.map((s, i) => ({
    name: CASE_SOURCE_LABELS[s],
    value: bySource[s],
    itemStyle: { color: SERIES_COLORS[i % SERIES_COLORS.length] },
  })).filter((r) => r.value > 0 || r.name !== CASE_SOURCE_LABELS.other)
  const byName = new Map(rows.map((r) => [r.name, r.value]))
  const share = (v: number) => (total > 0 ? `${((v / total) * 100).toFixed(1)}%` : '—')
  return {
    ...base(u),
    tooltip: { ...base(u).tooltip, trigger: 'item', formatter: '{b}<br/>{c} 件（{d}%）' },
    // The legend hangs from the right edge at a fixed width, so its figures and shares are never
    // cut on a narrow screen (1366×768); the ring takes the room left of it.
    legend: {
      orient: 'vertical',
      right: u * 0.2,
      top: 'middle',
      itemWidth: u * 0.7,
      itemHeight: u * 0.7,
      itemGap: u * 0.55,
      icon: 'circle',
      formatter: (name: string) => {
        const v = byName.get(name) ?? 0
        return `{n|${name}}{v|${formatCount(v)}件}{p|${share(v)}}`
      },
      textStyle: {
        rich: {
          n: { width: u * 5.2, fontSize: Math.round(u * 0.9), color: '#c9d6ea' },
          v: { width: u * 4.6, align: 'right', fontSize: Math.round(u * 0.95), color: '#e6eefb', fontWeight: 'bold' },
          p: { width: u * 3.5, align: 'right', fontSize: Math.round(u * 0.85), color: '#8ea3c4' },
        },
      },
    },
    series: [
      {
        type: 'pie',
        radius: ['52%', '80%'],
        center: ['21%', '50%'],
        data: rows,
        label: { show: false },
        itemStyle: { borderColor: '#0b1a30', borderWidth: Math.max(1, u * 0.12) },
        emphasis: { scale: false },
      },
    ],
  }
}
