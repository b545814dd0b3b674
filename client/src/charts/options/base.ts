import { formatCount } from '../../util/format'
import { COLORS } from '../theme'

/**
 * What every chart shares: type sized from the wall unit `u` (px), ECharts' own transitions so
 * a new view slides rather than jumps, and tooltips sized for the wall. An update's transition is
 * short: it repaints the chart's whole canvas on every frame it lasts, and a busy region's charts
 * take a new figure every second (ChartCanvas.vue; live ticks are drawn at once, motion.ts).
 */
export function base(u: number) {
  return {
    animationDuration: 700,
    animationDurationUpdate: 250,
    animationEasingUpdate: 'cubicOut' as const,
    textStyle: { fontSize: Math.round(u * 0.85) },
    tooltip: {
      textStyle: { fontSize: Math.round(u * 0.9) },
      padding: [u * 0.4, u * 0.6],
      confine: true,
      // Inside the chart's own box, as by default, but named: without a container ECharts reads
      // the chart's computed style on every option set (TooltipHTMLContent.update), a forced
      // style recalculation of the page per chart update. The chart's box is a containing block
      // (`contain: strict`, ChartCanvas.vue), so the tooltip is placed as before.
      appendTo: (chart: HTMLElement) => chart,
    },
  }
}

export const labelSize = (u: number) => Math.round(u * 0.85)

export const axisLabel = (u: number) => ({ fontSize: labelSize(u), color: COLORS.muted })

export const countLabel = (value: unknown) => formatCount(typeof value === 'number' ? value : Number(value))

/** The value a series label or formatter receives, whatever shape ECharts hands it in. */
export function valueOf(p: unknown): number {
  const v = (p as { value?: unknown }).value
  const n = Array.isArray(v) ? v[v.length - 1] : v
  return typeof n === 'number' ? n : Number(n ?? 0)
}

/** Rough width of a label in px: CJK characters a full em, digits and Latin ~0.58em. */
export const textWidth = (text: string, size: number) => [...text].reduce((w, ch) => w + (/[\u4e00-\u9fff]/.test(ch) ? 1 : 0.58) * size, 0)
