import { defineStore } from 'pinia'
import { shallowRef } from 'vue'

export interface RegionRow {
  code: string
  name: string
  level: string
  parent: string | null
  /** Centre (lng, lat) when the tree has one: a village's point on the map. */
  lng?: number
  lat?: number
}

/**
 * The region tree as the account may see it (GET /api/v1/regions), loaded once: it names the
 * breadcrumb above the wall, picks the starting region when the address does not, and tells the
 * map which features are regions of this tree and which risk points lie inside the one shown.
 */
export const useRegionsStore = defineStore('regions', () => {
  const byCode = shallowRef(new Map<string, RegionRow>())

  /** Loads the tree; false when the token is no longer accepted. */
  async function load(token: string): Promise<boolean> {
    const res = await fetch('/api/v1/regions', { headers: { authorization: `Bearer ${token}` } })
    if (res.status === 401) return false
    if (!res.ok) return true
    const list = (await res.json()) as RegionRow[]
    byCode.value = new Map(list.map((r) => [r.code, r]))
    return true
  }

  /** The highest region the account sees: the root, or the top of its scope. */
  function top(): string | null {
    for (const r of byCode.value.values()) if (r.parent === null || !byCode.value.has(r.parent)) return r.code
    return null
  }

  /** Visible ancestors of `code`, root first, `code` excluded. */
  function ancestors(code: string): RegionRow[] {
    const out: RegionRow[] = []
    for (let p = byCode.value.get(code)?.parent; p; p = byCode.value.get(p)?.parent) {
      const r = byCode.value.get(p)
      if (!r) break
      out.unshift(r)
    }
    return out
  }

  /** Whether `code` is `ancestor` or lies below it. */
  function isWithin(code: string, ancestor: string): boolean {
    for (let c: string | null | undefined = code; c; c = byCode.value.get(c)?.parent) if (c === ancestor) return true
    return false
  }

  /** The nearest region at `level` on the way up from `code` (itself included). */
  function upTo(code: string, level: string): RegionRow | undefined {
    for (let r = byCode.value.get(code); r; r = r.parent ? byCode.value.get(r.parent) : undefined) if (r.level === level) return r
    return undefined
  }

  /** The visible regions directly below `code`, in the tree's order. */
  function childrenOf(code: string | null): RegionRow[] {
    return [...byCode.value.values()].filter((r) => r.parent === code)
  }

  return { byCode, load, top, ancestors, isWithin, upTo, childrenOf }
})
