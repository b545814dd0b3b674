import { registerTheme, use, type ComposeOption, type EChartsInitOpts } from 'echarts/core'
import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import { LabelLayout } from 'echarts/features'
import { CanvasRenderer } from 'echarts/renderers'
import { THEME_NAME, wallTheme } from './theme'

/**
 * The one place ECharts is assembled: only what the wall draws is bundled (tree-shaken
 * echarts/core), and the theme is registered once, before any chart is created.
 */
use([CanvasRenderer, BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, LabelLayout])
registerTheme(THEME_NAME, wallTheme)

export type WallOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption | TooltipComponentOption
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
