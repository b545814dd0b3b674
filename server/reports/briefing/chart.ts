import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { createDoc, type Doc } from './pdf/doc'
import { FONT } from './pdf/fonts'
import type { Trend } from './trend'

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer])

/**
 * ECharts lays labels out by their width; without a canvas it would guess. The PDF's own font
 * measures them instead, so axis labels and the legend sit where the PDF draws them.
 */
let measurer: Doc | null = null
echarts.setPlatformAPI({
  measureText(text: string, font?: string) {
    measurer ??= createDoc({ title: '', subject: '' })
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12)
    const bold = /\bbold\b|\b[6-9]00\b/.test(font ?? '')
    return { width: measurer.font(bold ? FONT.bold : FONT.regular).fontSize(size).widthOfString(text) }
  },
})

const SERIES = {
  reported: { name: '本期受理', color: '#2f5d8a' },
  resolved: { name: '本期办结', color: '#2e8b57' },
  lyReported: { name: '去年同期受理', color: '#9aa4b1' },
  lyResolved: { name: '去年同期办结', color: '#9fcdb0' },
}

/** The trend as an SVG string (server-side ECharts, no browser): bars this period, lines beside last year's. */
export function trendSvg(trend: Trend, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  const line = (s: { name: string; color: string }, data: number[], dashed: boolean) => ({
    type: 'line' as const,
    name: s.name,
    data,
    symbol: trend.slots.length > 31 ? 'none' : 'circle',
    symbolSize: 3,
    lineStyle: { color: s.color, width: dashed ? 1.2 : 1.6, type: dashed ? ('dashed' as const) : ('solid' as const) },
    itemStyle: { color: s.color },
    z: dashed ? 2 : 3,
  })
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT.regular, fontSize: 9, color: '#5b6472' },
    grid: { left: 8, right: 8, top: 28, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: {
      top: 0,
      right: 0,
      itemWidth: 14,
      itemHeight: 7,
      itemGap: 12,
      textStyle: { fontSize: 9, color: '#5b6472' },
      data: [SERIES.reported.name, SERIES.resolved.name, SERIES.lyReported.name, SERIES.lyResolved.name],
    },
    xAxis: {
      type: 'category',
      data: trend.slots.map((s) => s.label),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#c8cfd8' } },
      axisLabel: { fontSize: 8, color: '#5b6472', hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitNumber: 4,
      axisLabel: { fontSize: 8, color: '#8a93a0' },
      splitLine: { lineStyle: { color: '#e3e7ec' } },
    },
    series: [
      {
        type: 'bar',
        name: SERIES.reported.name,
        data: trend.slots.map((s) => ({ value: s.reported, itemStyle: { color: SERIES.reported.color, opacity: s.partial ? 0.45 : 0.9 } })),
        barMaxWidth: 16,
        itemStyle: { color: SERIES.reported.color },
        z: 1,
      },
      line(SERIES.resolved, trend.slots.map((s) => s.resolved), false),
      line(SERIES.lyReported, trend.slots.map((s) => s.lastYear.reported), true),
      line(SERIES.lyResolved, trend.slots.map((s) => s.lastYear.resolved), true),
    ],
  })
  const svg = chart.renderToSVGString()
  chart.dispose()
  return svg
}
