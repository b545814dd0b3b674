import type { ChildFigures } from '../../../../shared/summary/detail'
import { formatCount, formatRate } from '../../util/format'
import type { WallOption } from '../echarts'
import { COLORS } from '../theme'
import { axisLabel, base, labelSize, textWidth, valueOf } from './base'

interface Column {
  title: string
  color: string
  /** Share of the width after the names. */
  weight: number
  value: (c: ChildFigures) => number
  label: (v: number) => string
}

const COLUMNS: Column[] = [
  { title: '受理量', color: COLORS.accent, weight: 1.25, value: (c) => c.total, label: (v) => `${formatCount(v)}件` },
  { title: '超期', color: COLORS.yellow, weight: 0.8, value: (c) => c.overdue, label: (v) => `${formatCount(v)}件` },
  { title: '催办率', color: COLORS.indigo, weight: 0.95, value: (c) => c.urgeRate ?? 0, label: (v) => `${formatRate(v)}%` },
]

/**
 * The child regions as a league table: one row per child (most cases first), three bar columns
 * (cases, overdue, urge rate) sharing the names on the left. One chart, so rows always line up.
 * Laid out in px for the chart's real size: each column keeps room for its longest label, and
 * few rows are centred at a comfortable height instead of being stretched apart.
 */
export function rankingOption(children: readonly ChildFigures[], rows: number, u: number, width: number, height: number): WallOption {
  const top = [...children].sort((a, b) => b.total - a.total || a.code.localeCompare(b.code)).slice(0, rows)
  const names = top.map((c) => c.name)
  const headerH = u * 1.7
  // Few rows (a province's cities) get taller rows, thicker bars and bigger type, not a thin
  // strip lost in an empty panel.
  const rowH = Math.min(u * 4.2, (height - headerH) / Math.max(1, top.length))
  const size = Math.round(labelSize(u) * (rowH > u * 3 ? 1.25 : 1))
  const nameWidth = Math.max(...names.map((n) => textWidth(n, size))) + u * 0.8
  const gap = u * 0.8
  const weights = COLUMNS.reduce((n, c) => n + c.weight, 0)
  const free = Math.max(0, width - nameWidth - gap * COLUMNS.length)
  const blockTop = headerH + Math.max(0, (height - headerH - rowH * top.length) / 2)

  let x = nameWidth
  const layout = COLUMNS.map((col) => {
    const colWidth = (free * col.weight) / weights
    const labelRoom = Math.max(...top.map((c) => textWidth(col.label(col.value(c)), size))) + u * 0.4
    const left = x + gap
    x = left + colWidth
    return { col, left, colWidth, barWidth: Math.max(u, colWidth - labelRoom) }
  })

  return {
    ...base(u),
    title: layout.map(({ col, left }) => ({
      text: col.title,
      left,
      top: Math.max(0, blockTop - headerH),
      textStyle: { fontSize: size, color: COLORS.muted, fontWeight: 'normal' },
    })),
    grid: layout.map(({ left, barWidth }) => ({
      left,
      width: barWidth,
      top: blockTop,
      height: rowH * top.length,
      outerBoundsMode: 'none',
    })),
    xAxis: layout.map((_, i) => ({ type: 'value', gridIndex: i, show: false, max: (e: { max: number }) => Math.max(e.max, 1e-9) })),
    yAxis: layout.map((_, i) => ({
      type: 'category',
      gridIndex: i,
      inverse: true,
      data: names,
      axisLine: { show: false },
      axisLabel: i === 0 ? { ...axisLabel(u), fontSize: size, color: COLORS.text, margin: u * 0.6 } : { show: false },
    })),
    series: layout.map(({ col }, i) => ({
      type: 'bar',
      xAxisIndex: i,
      yAxisIndex: i,
      data: top.map(col.value),
      barMaxWidth: Math.min(u * 1.6, rowH * 0.42),
      barCategoryGap: '38%',
      itemStyle: { color: col.color, borderRadius: u * 0.2 },
      label: { show: true, position: 'right', fontSize: size, color: COLORS.text, formatter: (p) => col.label(valueOf(p)) },
    })),
  }
}
