import { registerTheme, use, type ComposeOption, type EChartsInitOpts } from 'echarts/core'
import {
  BarChart,
  CustomChart,
  EffectScatterChart,
  LineChart,
  MapChart,
  PieChart,
  ScatterChart,
  type BarSeriesOption,
  type CustomSeriesOption,
  type EffectScatterSeriesOption,
  type LineSeriesOption,
  type MapSeriesOption,
  type PieSeriesOption,
  type ScatterSeriesOption,
} from 'echarts/charts'
import {
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  type GeoComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components'
import { LabelLayout } from 'echarts/features'
import { CanvasRenderer } from 'echarts/renderers'
import { THEME_NAME, wallTheme } from './theme'

/**
 * The one place ECharts is assembled: only what the wall draws is bundled (tree-shaken
 * echarts/core), and the theme is registered once, before any chart is created. The map adds the
 * geo component, region fills (map series on the geo), a continuous legend for the metric, points
 * (scatter; effectScatter for alarms that must pulse) and custom shapes (rescue circles).
 */
use([
  CanvasRenderer,
  BarChart,
  LineChart,
  PieChart,
  MapChart,
  ScatterChart,
  EffectScatterChart,
  CustomChart,
  GridComponent,
  GeoComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  LabelLayout,
])
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

export { registerMap } from 'echarts/core'
export { THEME_NAME }
