import { registerTheme, use, type ComposeOption, type EChartsInitOpts } from 'echarts/core'
import {
  BarChart,
  LineChart,
  PieChart,
  type BarSeriesOption,
  type CustomSeriesOption,
  type EffectScatterSeriesOption,
  type LineSeriesOption,
  type MapSeriesOption,
  type PieSeriesOption,
  type ScatterSeriesOption,
} from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GeoComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import { THEME_NAME, wallTheme } from './theme'

/**
 * The one place ECharts is assembled for the panels: only what they draw is bundled (tree-shaken
 * echarts/core: bars, lines, rings, their grid, legend and tooltip), and the theme is registered
 * once, before any chart is created. This module is only reached from lazily loaded chunks
 * (`ChartCanvas.vue`, the map), so the wall's first figures never wait for ECharts; what only
 * the map draws is added by `echartsMap.ts` in the map's own chunk.
 */
use([CanvasRenderer, BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent])
registerTheme(THEME_NAME, wallTheme)

export type WallOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | MapSeriesOption
  | ScatterSeriesOption
  | EffectScatterSeriesOption
  | CustomSeriesOption
  | GridComponentOption
  | GeoComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>

/**
 * Canvas at the screen's own pixel density, so a 4K wall gets 4K charts; never a scaled 1080p
 * canvas (that blurs and misplaces pointer hits). One frozen object: vue-echarts re-creates the
 * chart whenever its init options change.
 */
export const INIT_OPTIONS: EChartsInitOpts = Object.freeze({
  renderer: 'canvas',
  devicePixelRatio: typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1,
})

/**
 * A panel chart of bars only also repaints only the parts of its canvas that changed
 * (`useDirtyRect`): a live update moves a bar or two and their labels, and each frame of its
 * 400 ms transition otherwise cleared and drew the whole chart again (axes, every label, every
 * other bar). Not for lines (their entry animation reveals the line by a clip path, which the
 * dirty rectangles miss: a line stayed drawn in part), rings (a changed share moves every arc and
 * legend figure, and the arcs' edges at a rectangle's border come out a shade different from a
 * full paint), nor the map (drawn at most once a second; its pulsing alarms have a canvas layer of
 * their own).
 */
export const DIRTY_RECT_INIT_OPTIONS: EChartsInitOpts = Object.freeze({ ...INIT_OPTIONS, useDirtyRect: true })

/** The init options for a chart of this option: dirty rectangles when it draws bars only. */
export function initOptionsFor(option: WallOption): EChartsInitOpts {
  const series = option.series === undefined ? [] : Array.isArray(option.series) ? option.series : [option.series]
  return series.length > 0 && series.every((s) => s.type === 'bar') ? DIRTY_RECT_INIT_OPTIONS : INIT_OPTIONS
}

export { THEME_NAME }
