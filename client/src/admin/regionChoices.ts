import type { RegionRow } from '../stores/regions'

export interface RegionChoice {
  code: string
  name: string
  /** Steps below the top shown, for indenting. */
  depth: number
}

/**
 * The regions a scope or a wall may be set to, in tree order under `top` (the admin's own scope, or
 * the root): every level above the village; villages are too many to pick from a list and rarely
 * get an account or a wall of their own.
 */
export function regionChoices(byCode: ReadonlyMap<string, RegionRow>, top: string | null): RegionChoice[] {
  const children = new Map<string | null, RegionRow[]>()
  for (const r of byCode.values()) {
    const parent = r.parent !== null && byCode.has(r.parent) ? r.parent : null
    const list = children.get(parent) ?? []
    list.push(r)
    children.set(parent, list)
  }
  const out: RegionChoice[] = []
  const walk = (r: RegionRow, depth: number) => {
    if (r.level === 'village') return
    out.push({ code: r.code, name: r.name, depth })
    for (const c of children.get(r.code) ?? []) walk(c, depth + 1)
  }
  const start = top !== null && byCode.has(top) ? [byCode.get(top)!] : (children.get(null) ?? [])
  for (const r of start) walk(r, 0)
  return out
}

/** The option text: indented with full-width spaces so the tree reads in a plain <select>. */
export const choiceText = (c: RegionChoice) => `${'\u3000'.repeat(c.depth)}${c.name}`

/** `2026-12-04T13:05:09+08:00` → `2026-12-04 13:05` (the server's instants are already in Shanghai time). */
export const shortTime = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—')
