/**
 * One palette for the whole wall, shared by CSS (style.css mirrors these) and the charts: calm
 * blues and teals for ordinary series; red, amber and green only where they mean something
 * (overdue, warning, fine).
 */
export const COLORS = {
  text: '#e6eefb',
  muted: '#8ea3c4',
  faint: '#5b6f91',
  line: '#1c3358',
  grid: 'rgba(142, 163, 196, 0.12)',
  panel: '#0b1a30',
  accent: '#38bdf8',
  teal: '#2dd4bf',
  indigo: '#818cf8',
  track: 'rgba(56, 189, 248, 0.16)',
  red: '#f05a5a',
  yellow: '#f2c14e',
  green: '#3ecf8e',
} as const

/** Ordinary categorical series, in the order they are handed out. */
export const SERIES_COLORS = ['#38bdf8', '#2dd4bf', '#818cf8', '#7dd3fc', '#5eead4', '#a5b4fc', '#93c5fd']

export const FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"

export const THEME_NAME = 'yiping'

export const wallTheme = {
  color: SERIES_COLORS,
  backgroundColor: 'transparent',
  textStyle: { color: COLORS.text, fontFamily: FONT_FAMILY },
  title: { textStyle: { color: COLORS.muted, fontWeight: 'normal' } },
  legend: { textStyle: { color: COLORS.muted }, inactiveColor: COLORS.faint },
  tooltip: {
    backgroundColor: 'rgba(11, 26, 48, 0.95)',
    borderColor: COLORS.line,
    textStyle: { color: COLORS.text },
  },
  categoryAxis: {
    axisLine: { show: true, lineStyle: { color: COLORS.line } },
    axisTick: { show: false },
    axisLabel: { color: COLORS.muted },
    splitLine: { show: false },
  },
  valueAxis: {
    axisLine: { show: false },
    axisTick: { show: false },
    axisLabel: { color: COLORS.faint },
    splitLine: { lineStyle: { color: COLORS.grid } },
  },
}
