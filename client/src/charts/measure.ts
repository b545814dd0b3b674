/**
 * Text measuring for ECharts (`setPlatformAPI({ measureText })`) on a canvas that is replaced
 * after MEASURES_PER_CANVAS measures.
 *
 * Why: zrender measures every label it lays out on one canvas of its own that is never drawn.
 * Chromium keeps the shaping of every string measured on a canvas (its FrameShapeCache, about
 * 1.6 KB a string, in Blink's heap) until the canvas finishes a frame, which that canvas never
 * does, and only trims it past 32,768 strings per font. On a wall whose labels carry live figures
 * ("1,234", "96.5%", the time) every new figure is a new string: heap snapshots of a 200 events/s
 * burst showed 6–8 strings a second kept that way, 0.5–1 MB every two minutes, the only memory
 * the wall kept without bound. A new canvas lets the old one go with its cache. zrender keeps its own LRU of
 * widths in front of this (500 strings per font), so what reaches here is mostly strings it has
 * not measured lately: a new canvas every 256 of them costs a few reshapes of labels still shown,
 * and bounds what Chromium keeps to 256 strings per font.
 */
export const MEASURES_PER_CANVAS = 256

export interface Measured {
  width: number
}

/** Where measures go; `null` when no canvas can be had (no DOM), then widths are estimated. */
export type MeasuringContext = Pick<CanvasRenderingContext2D, 'font' | 'measureText'>

function createMeasuringContext(): MeasuringContext | null {
  return typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
}

/** zrender's own estimate without a canvas: each character one font size wide. */
function estimate(text: string, font: string): Measured {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12)
  return { width: size * text.length }
}

/**
 * A `measureText(text, font)` for ECharts' platform API that takes a fresh context from `create`
 * after `every` measures.
 */
export function rotatingMeasurer(create: () => MeasuringContext | null = createMeasuringContext, every = MEASURES_PER_CANVAS) {
  let ctx: MeasuringContext | null = null
  let font: string | undefined
  let used = every
  return (text: string, textFont?: string): Measured => {
    const f = textFont || '12px sans-serif'
    if (used >= every) {
      ctx = create()
      font = undefined
      used = 0
    }
    if (!ctx) return estimate(text, f)
    used++
    if (font !== f) ctx.font = font = f
    return ctx.measureText(text)
  }
}
