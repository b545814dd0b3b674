/**
 * A tiny seeded PRNG for the demo: the same seed gives the same dataset on every machine, so
 * event ids stay stable and a reload of the demo is idempotent.
 */
export interface Random {
  /** Uniform in [0, 1). */
  rng(): number
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number
  /** Uniform in [min, max). */
  float(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  /** One value, with probability proportional to its weight. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T
  chance(p: number): boolean
  /** Roughly normal (sum of three uniforms), clamped to [min, max]. */
  normalish(mean: number, sd: number, min?: number, max?: number): number
}

/** mulberry32: 32 bits of state, fast, and good enough for synthetic data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a over the parts, so a region or a purpose can have its own stable stream. */
export function hashSeed(...parts: Array<string | number>): number {
  let h = 0x811c9dc5
  for (const ch of parts.join('|')) {
    h ^= ch.codePointAt(0)!
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed)
  const r: Random = {
    rng: next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    float: (min, max) => min + next() * (max - min),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)]!
    },
    weighted: (entries) => {
      let total = 0
      for (const [, w] of entries) total += w
      let x = next() * total
      for (const [value, w] of entries) {
        x -= w
        if (x < 0) return value
      }
      return entries[entries.length - 1]![0]
    },
    chance: (p) => next() < p,
    normalish: (mean, sd, min = -Infinity, max = Infinity) => {
      // Sum of three uniforms has variance 1/4; scale to sd.
      const z = (next() + next() + next() - 1.5) * 2
      return Math.min(max, Math.max(min, mean + z * sd))
    },
  }
  return r
}

/** A weighted choice over a fixed table, by binary search: for the hot loops of the generator. */
export function weightedTable<T>(entries: ReadonlyArray<readonly [T, number]>): (u: number) => T {
  const values = entries.map(([v]) => v)
  const cumulative: number[] = []
  let total = 0
  for (const [, w] of entries) cumulative.push((total += w))
  return (u) => {
    const x = u * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! > x) hi = mid
      else lo = mid + 1
    }
    return values[lo]!
  }
}
