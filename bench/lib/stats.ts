/** Order statistics of a sample; nearest-rank percentiles (p99 of 100 samples is the 99th value). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export interface Dist {
  n: number
  p50: number
  p99: number
  max: number
  mean: number
}

export function dist(values: readonly number[]): Dist {
  const s = [...values].sort((a, b) => a - b)
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s.length ? s[s.length - 1]! : NaN, mean }
}

/** Least-squares slope of y over x (units of y per unit of x). */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length
  if (n < 2) return NaN
  let sx = 0
  let sy = 0
  for (const [x, y] of points) {
    sx += x
    sy += y
  }
  const mx = sx / n
  const my = sy / n
  let num = 0
  let den = 0
  for (const [x, y] of points) {
    num += (x - mx) * (y - my)
    den += (x - mx) ** 2
  }
  return den === 0 ? NaN : num / den
}

export const round = (x: number, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x)

/** A count for the reports: whole, grouped ("1,234"); "–" when absent or not finite. */
export const countText = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? Math.round(x).toLocaleString('en') : '–')
/** A figure for the reports with `d` decimals; "–" when absent or not finite. */
export const fixedText = (x: number | undefined, d = 1) => (x !== undefined && Number.isFinite(x) ? round(x, d).toFixed(d) : '–')

/** Wall-clock milliseconds comparable across processes on one machine (sub-millisecond). */
export const wallNow = () => performance.timeOrigin + performance.now()

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
