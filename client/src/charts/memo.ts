import { computed, type ComputedRef } from 'vue'

/**
 * Whether two values hold the same data: primitives by value (NaN equals NaN), arrays, Maps and
 * plain objects by content, anything else (a scene, a function) by identity. For the small inputs
 * of a chart (a summary's few figures, 24 hourly slots), far cheaper than a redraw.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false
    return true
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false
    for (const [k, v] of a) if (!b.has(k) || !sameData(v, b.get(k))) return false
    return true
  }
  const pa = Object.getPrototypeOf(a) as unknown
  if ((pa !== Object.prototype && pa !== null) || Object.getPrototypeOf(b) !== pa || Array.isArray(b) || b instanceof Map) return false
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  for (const k of ka) if (!Object.hasOwn(b, k) || !sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
  return true
}

/**
 * A chart's option, built again only when the data it is built from changes. A push replaces the
 * whole summary, but most panels read a few of its figures: when those are equal, the previous
 * option object is returned, so the computed does not trigger and the chart is not set again
 * (no setOption, no repaint of an unchanged chart).
 */
export function memoOption<I, O>(inputs: () => I, build: (inputs: I) => O): ComputedRef<O> {
  let last: { inputs: I; out: O } | undefined
  return computed(() => {
    const next = inputs()
    if (last && sameData(last.inputs, next)) return last.out
    const out = build(next)
    last = { inputs: next, out }
    return out
  })
}

/**
 * The option's shape: every key it sets, outside `data` arrays (which ECharts replaces whole).
 * Two options of one shape can be merged (`notMerge: false`); a key that disappears would
 * survive a merge, so a new shape is set from scratch.
 */
export function optionShape(option: unknown): string {
  return JSON.stringify(option, (key, v: unknown) => (key === 'data' ? 0 : typeof v === 'object' && v !== null ? v : typeof v))
}

/**
 * For a chart whose option is set by hand: called with each new option, whether it can be merged
 * into the one set before it (the same shape, optionShape); remembers it for the next.
 */
export function mergesWithLast(first: unknown): (next: unknown) => boolean {
  let shape = optionShape(first)
  return (next) => {
    const was = shape
    shape = optionShape(next)
    return shape === was
  }
}

const isPlain = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && [Object.prototype, null].includes(Object.getPrototypeOf(x) as object | null)

/**
 * `next`, with every part that holds the same data as the part at its place in `prev` replaced by
 * that part (`prev` itself when all of it is the same): a component handed an unchanged part as a
 * prop is not rendered again, and a computed returning it does not trigger. For the few figures a
 * push changes among a board's tiles.
 */
export function reuse<T>(prev: unknown, next: T): T {
  if (sameData(prev, next)) return prev as T
  if (Array.isArray(next) && Array.isArray(prev)) return next.map((x: unknown, i) => reuse(prev[i], x)) as T
  if (isPlain(next) && isPlain(prev)) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(next)) out[k] = reuse(prev[k], next[k])
    return out as T
  }
  return next
}

/**
 * `next`, with each item that holds the same data as the item of the same key in `prev` replaced
 * by that item: a list re-sorted or grown by a push hands its unchanged rows on as the same
 * objects, so their components are not rendered again. `prev` itself when nothing changed.
 */
export function reuseByKey<T>(prev: readonly T[], next: T[], key: (item: T) => string): T[] {
  const before = new Map(prev.map((item) => [key(item), item]))
  const out = next.map((item) => {
    const old = before.get(key(item))
    return old !== undefined && sameData(old, item) ? old : item
  })
  return out.length === prev.length && out.every((item, i) => item === prev[i]) ? (prev as T[]) : out
}
