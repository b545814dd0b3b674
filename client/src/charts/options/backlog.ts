import { BACKLOG_LEVELS, BACKLOG_LEVEL_LABELS, type BacklogLevel } from '../../../../shared/domain/vocabulary'
import type { Summary } from '../../../../shared/summary/schema'
import { formatCount } from '../../util/format'
import type { WallOption } from '../echarts'
import { COLORS } from '../theme'
import { axisLabel, base, labelSize } from './base'

/**
 * 积案化解 by level as progress bars: the full bar is the level's backlog, the bright part what has
 * been resolved, and the label reads "resolved / total" so nobody has to judge lengths.
 */
export function backlogOption(backlog: Summary['backlog'], u: number, levelLabel: (l: BacklogLevel) => string = (l) => BACKLOG_LEVEL_LABELS[l]): WallOption {
  const levels = BACKLOG_LEVELS.map((l) => ({ name: `${levelLabel(l)}积案`, ...backlog[l] }))
  const max = Math.max(1, ...levels.map((l) => l.total))
  return {
    ...base(u),
    tooltip: {
      ...base(u).tooltip,
      trigger: 'axis',
      axisPointer: { type: 'none' },
      formatter: (ps: unknown) => {
        const l = levels[(ps as { dataIndex: number }[])[0]?.dataIndex ?? 0]
        return l ? `${l.name}<br/>已化解 ${formatCount(l.resolved)} / 共 ${formatCount(l.total)} 件` : ''
      },
    },
    grid: { left: u * 0.3, right: u * 7.2, top: u * 0.3, bottom: u * 0.3, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', show: false, max },
    yAxis: {
      type: 'category',
      inverse: true,
      data: levels.map((l) => l.name),
      axisLine: { show: false },
      axisLabel: { ...axisLabel(u), color: COLORS.text },
    },
    series: [
      {
        name: '积案总数',
        type: 'bar',
        data: levels.map((l) => l.total),
        barWidth: '46%',
        itemStyle: { color: COLORS.track, borderRadius: u * 0.2 },
        silent: true,
        z: 1,
        label: {
          show: true,
          position: 'right',
          fontSize: labelSize(u),
          formatter: (p) => {
            const l = levels[(p as { dataIndex: number }).dataIndex]
            return l ? `{r|${formatCount(l.resolved)}}{t| / ${formatCount(l.total)}件}` : ''
          },
          rich: {
            r: { fontSize: labelSize(u), color: COLORS.teal, fontWeight: 'bold' },
            t: { fontSize: labelSize(u), color: COLORS.muted },
          },
        },
      },
      {
        name: '已化解',
        type: 'bar',
        data: levels.map((l) => l.resolved),
        barWidth: '46%',
        barGap: '-100%',
        z: 2,
        itemStyle: { color: COLORS.teal, borderRadius: u * 0.2 },
      },
    ],
  }
}
