/**
 * How much a chart moves between two options of one shape, so that a live tick is drawn once
 * and only a change of view slides. An ECharts transition repaints the chart's whole canvas on
 * every frame it lasts, and the charts take a new option every second: the transitions were
 * about a third of the wall's main-thread CPU per update (measured in headless Chromium at
 * 1920×1080, 10 updates/s, interleaved builds). A live tick adds a case or a few to bars of tens
 * to thousands; a new period or a case moved between categories in bulk moves bars by far more.
 */

/**
 * Below this share of a series' largest value a datum's change is drawn at once (a fifth: one
 * case more in a bar of 20 is 5 %; today against this year moves most bars by more than half).
 */
export const STILL_SHARE = 0.2

type Datum = number | null | undefined | string | { value?: unknown } | unknown[]

/** A datum's figure: a number, `{ value }`, or the last entry of `[x, y, value]`; NaN when none. */
function figure(d: Datum): number {
  const v = Array.isArray(d) ? d[d.length - 1] : d !== null && typeof d === 'object' ? (d as { value?: unknown }).value : d
  const n = Array.isArray(v) ? v[v.length - 1] : v
  return typeof n === 'number' ? n : NaN
}

/** What a datum shows besides its figure (a name, a colour, a point's place), compared as text. */
function rest(d: Datum): string {
  if (d === null || typeof d !== 'object') return typeof d === 'number' ? '' : String(d)
  if (Array.isArray(d)) return JSON.stringify(d.slice(0, -1))
  const { value: _value, ...others } = d as Record<string, unknown>
  return JSON.stringify(others)
}

function list<T>(x: T | T[] | undefined): T[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x]
}

/** The share by which one series' data moves: 1 when a datum appears, goes or changes other than in its figure. */
function seriesMotion(a: readonly Datum[], b: readonly Datum[]): number {
  if (a.length !== b.length) return 1
  let scale = 0
  for (const d of [...a, ...b]) {
    const v = figure(d)
    if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v))
  }
  let moved = 0
  for (let i = 0; i < a.length; i++) {
    const x = figure(a[i])
    const y = figure(b[i])
    if (Number.isNaN(x) !== Number.isNaN(y) || rest(a[i]) !== rest(b[i])) return 1
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue
    moved = Math.max(moved, scale > 0 ? Math.abs(y - x) / scale : 1)
  }
  return moved
}

interface Shaped {
  series?: unknown
  xAxis?: unknown
  yAxis?: unknown
}

/**
 * The largest move between `prev` and `next` (options of one shape, see memo.ts optionShape), as
 * a share of the moving series' largest value; 1 when anything other than a figure changed (a
 * category label, a row, a series), which always animates.
 */
export function dataMotion(prev: Shaped, next: Shaped): number {
  const axes = (o: Shaped) => [...list(o.xAxis as { data?: unknown[] } | Array<{ data?: unknown[] }>), ...list(o.yAxis as { data?: unknown[] } | Array<{ data?: unknown[] }>)]
  const ax = axes(prev)
  const bx = axes(next)
  if (ax.length !== bx.length) return 1
  for (let i = 0; i < ax.length; i++) if (JSON.stringify(ax[i]?.data ?? null) !== JSON.stringify(bx[i]?.data ?? null)) return 1
  const as = list(prev.series as { data?: Datum[] } | Array<{ data?: Datum[] }>)
  const bs = list(next.series as { data?: Datum[] } | Array<{ data?: Datum[] }>)
  if (as.length !== bs.length) return 1
  let moved = 0
  for (let i = 0; i < as.length; i++) {
    moved = Math.max(moved, seriesMotion(as[i]?.data ?? [], bs[i]?.data ?? []))
    if (moved >= 1) return 1
  }
  return moved
}

/** Whether going from `prev` to `next` moves the chart enough to slide rather than be drawn at once. */
export const movesVisibly = (prev: Shaped, next: Shaped) => dataMotion(prev, next) >= STILL_SHARE
