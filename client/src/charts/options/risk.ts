import { RISK_STATUSES, RISK_STATUS_LABELS, type RiskStatus } from '../../../../shared/domain/vocabulary'
import type { Summary } from '../../../../shared/summary/schema'
import { formatCount } from '../../util/format'
import type { WallOption } from '../echarts'
import { COLORS } from '../theme'
import { base, labelSize } from './base'

/** Status colours carry meaning: red alarm, amber warning, blue being fixed, muted otherwise. */
export const STATUS_COLORS: Record<RiskStatus, string> = {
  normal: '#3b6e8f',
  warning: COLORS.yellow,
  alarm: COLORS.red,
  rectifying: COLORS.accent,
  rectified: COLORS.green,
}

/**
 * Risk points by status as a ring with its legend (count beside each status). The kinds are listed
 * beside it by the panel itself (text, not bars): six kinds do not fit as bars in the height a
 * 1366×768 screen gives the panel, and a list never cuts a figure.
 */
export function riskOption(risks: Summary['risks'], u: number): WallOption {
  return {
    ...base(u),
    tooltip: { ...base(u).tooltip, trigger: 'item' },
    legend: {
      orient: 'vertical',
      left: '52%',
      top: 'middle',
      itemWidth: u * 0.6,
      itemHeight: u * 0.6,
      itemGap: u * 0.35,
      icon: 'circle',
      textStyle: { fontSize: labelSize(u), color: COLORS.muted },
      formatter: (name: string) => {
        const s = RISK_STATUSES.find((k) => RISK_STATUS_LABELS[k] === name)
        return s ? `${name} ${formatCount(risks.byStatus[s])}` : name
      },
    },
    series: [
      {
        type: 'pie',
        radius: ['50%', '78%'],
        center: ['25%', '50%'],
        label: { show: false },
        itemStyle: { borderColor: COLORS.panel, borderWidth: Math.max(1, u * 0.1) },
        emphasis: { scale: false },
        data: RISK_STATUSES.map((s) => ({ name: RISK_STATUS_LABELS[s], value: risks.byStatus[s], itemStyle: { color: STATUS_COLORS[s] } })),
      },
    ],
  }
}
