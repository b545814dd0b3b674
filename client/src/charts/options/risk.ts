import { RISK_KINDS, RISK_KIND_LABELS, RISK_STATUSES, RISK_STATUS_LABELS, type RiskStatus } from '../../../../shared/domain/vocabulary'
import type { Summary } from '../../../../shared/summary/schema'
import { formatCount } from '../../util/format'
import type { WallOption } from '../echarts'
import { COLORS } from '../theme'
import { axisLabel, base, labelSize, textWidth, valueOf } from './base'

/** Status colours carry meaning: red alarm, amber warning, blue being fixed, muted otherwise. */
export const STATUS_COLORS: Record<RiskStatus, string> = {
  normal: '#3b6e8f',
  warning: COLORS.yellow,
  alarm: COLORS.red,
  rectifying: COLORS.accent,
  rectified: COLORS.green,
}

/** Risk points: a ring of statuses (left) beside bars of kinds (right), in one canvas. */
export function riskOption(risks: Summary['risks'], u: number): WallOption {
  const kinds = RISK_KINDS.filter((k) => k !== 'other' || risks.byKind.other > 0)
  // Room at the bars' end for the longest figure, so 1,103个 is never cut at the panel's edge.
  const valueRoom = Math.max(...kinds.map((k) => textWidth(`${formatCount(risks.byKind[k])}个`, labelSize(u)))) + u * 0.6
  return {
    ...base(u),
    tooltip: { ...base(u).tooltip, trigger: 'item' },
    legend: {
      orient: 'vertical',
      left: '31%',
      top: 'middle',
      itemWidth: u * 0.6,
      itemHeight: u * 0.6,
      itemGap: u * 0.45,
      icon: 'circle',
      textStyle: { fontSize: labelSize(u), color: COLORS.muted },
      formatter: (name: string) => {
        const s = RISK_STATUSES.find((k) => RISK_STATUS_LABELS[k] === name)
        return s ? `${name} ${formatCount(risks.byStatus[s])}` : name
      },
    },
    grid: { left: '55%', right: valueRoom, top: u * 0.3, bottom: u * 0.3, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: kinds.map((k) => RISK_KIND_LABELS[k]),
      axisLine: { show: false },
      axisLabel: { ...axisLabel(u), color: COLORS.text, width: u * 6, overflow: 'truncate', interval: 0 },
    },
    series: [
      {
        type: 'pie',
        radius: ['44%', '68%'],
        center: ['15%', '50%'],
        label: { show: false },
        itemStyle: { borderColor: COLORS.panel, borderWidth: Math.max(1, u * 0.1) },
        emphasis: { scale: false },
        data: RISK_STATUSES.map((s) => ({ name: RISK_STATUS_LABELS[s], value: risks.byStatus[s], itemStyle: { color: STATUS_COLORS[s] } })),
      },
      {
        type: 'bar',
        data: kinds.map((k) => risks.byKind[k]),
        barMaxWidth: u * 0.9,
        barCategoryGap: '35%',
        itemStyle: { color: COLORS.indigo, borderRadius: u * 0.2 },
        label: { show: true, position: 'right', fontSize: labelSize(u), color: COLORS.text, formatter: (p) => `${formatCount(valueOf(p))}个` },
      },
    ],
  }
}
