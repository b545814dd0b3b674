import { FIRE_STATION_ROLE_LABELS, type FireStationView } from '../../../../shared/api/fireStations'
import type { RiskView } from '../../../../shared/api/cases'
import { RISK_KIND_LABELS, RISK_STATUS_LABELS } from '../../../../shared/domain/vocabulary'
import type { ChildFigures } from '../../../../shared/summary/detail'
import { formatCount, formatRate } from '../../util/format'
import { escapeHtml } from '../../util/html'
import { COLORS } from '../theme'

/** The map's tooltips: a title line, then "label figure unit" rows, in the wall's words. */
const title = (text: string) => `<div style="font-weight:600;margin-bottom:0.3em">${escapeHtml(text)}</div>`
const row = (label: string, value: string, unit = '') =>
  `<div><span style="color:${COLORS.muted}">${label}</span>&nbsp;<b>${value}</b>${unit ? `&nbsp;${unit}` : ''}</div>`

export function regionTooltip(name: string, c: ChildFigures | undefined): string {
  if (!c) return `${title(name)}<div style="color:${COLORS.muted}">暂无数据</div>`
  return (
    title(name) +
    row('受理量', formatCount(c.total), '件') +
    row('在办', formatCount(c.open), '件') +
    row('超期', formatCount(c.overdue), '件') +
    row('催办率', formatRate(c.urgeRate), '%') +
    row('满意率', formatRate(c.satisfactionRate), '%') +
    row('风险告警', formatCount(c.riskAlarms), '个')
  )
}

export function riskTooltip(r: RiskView): string {
  return (
    title(r.name) +
    row('类别', RISK_KIND_LABELS[r.kind]) +
    row('状态', RISK_STATUS_LABELS[r.status]) +
    row('所在', escapeHtml(r.regionName)) +
    (r.note ? row('说明', escapeHtml(r.note)) : '') +
    // The API writes Shanghai time (+08:00): month, day and minute are read off the string.
    row('更新', r.updatedAt.slice(5, 16).replace('T', ' '))
  )
}

export function stationTooltip(s: FireStationView): string {
  return (
    title(s.name) +
    row('类型', FIRE_STATION_ROLE_LABELS[s.role]) +
    row('服务', escapeHtml(s.regionName)) +
    row('五分钟救援圈', `半径 ${(s.rescueRadiusM / 1000).toFixed(1)}`, '公里')
  )
}
