import { registerTheme, setPlatformAPI, use, type ComposeOption, type EChartsInitOpts } from 'echarts/core'
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
import { rotatingMeasurer } from './measure'
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
// Labels are measured on a canvas replaced every few hundred strings: see measure.ts.
setPlatformAPI({ measureText: rotatingMeasurer() })

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

export { THEME_NAME }
