import { Type, type Static } from 'typebox'
import { REGION_LEVELS, type RegionLevel } from '../domain/vocabulary'
import { OneOf } from '../events/schema'

export const RegionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: OneOf(REGION_LEVELS),
  parent: Type.Union([Type.String(), Type.Null()]),
  /** Centre of the region (lng, lat), for placing labels and demo points; optional. */
  lng: Type.Optional(Type.Number()),
  lat: Type.Optional(Type.Number()),
})
export type Region = Static<typeof RegionSchema>

export interface RegionNode extends Region {
  /** This region and every ancestor, self first, root last. */
  lineage: string[]
  children: string[]
}

/**
 * The administrative tree indexed for O(depth) walks: every case event touches its region and
 * ancestors, and every scope check asks whether one code lies under another.
 */
export class RegionTree {
  readonly nodes = new Map<string, RegionNode>()
  readonly root: RegionNode

  constructor(regions: readonly Region[]) {
    for (const r of regions) this.nodes.set(r.code, { ...r, lineage: [], children: [] })
    let root: RegionNode | undefined
    for (const node of this.nodes.values()) {
      if (node.parent === null) {
        if (root) throw new Error(`region tree has two roots: ${root.code} and ${node.code}`)
        root = node
        continue
      }
      const parent = this.nodes.get(node.parent)
      if (!parent) throw new Error(`region ${node.code} names unknown parent ${node.parent}`)
      parent.children.push(node.code)
    }
    if (!root) throw new Error('region tree has no root')
    this.root = root
    for (const node of this.nodes.values()) {
      const lineage: string[] = []
      for (let cur: RegionNode | undefined = node; cur; cur = cur.parent ? this.nodes.get(cur.parent) : undefined) {
        if (lineage.length > REGION_LEVELS.length * 2) throw new Error(`region ${node.code} is in a cycle`)
        lineage.push(cur.code)
      }
      node.lineage = lineage
    }
  }

  get(code: string): RegionNode | undefined {
    return this.nodes.get(code)
  }

  has(code: string): boolean {
    return this.nodes.has(code)
  }

  /** True when `code` is `ancestor` or lies below it. */
  isWithin(code: string, ancestor: string): boolean {
    return this.nodes.get(code)?.lineage.includes(ancestor) ?? false
  }

  /** Root-first path, e.g. for a breadcrumb and for the materialised path stored with cases. */
  path(code: string): string[] {
    return [...(this.nodes.get(code)?.lineage ?? [])].reverse()
  }

  list(): Region[] {
    return [...this.nodes.values()].map(({ code, name, level, parent, lng, lat }) => ({
      code,
      name,
      level,
      parent,
      ...(lng !== undefined ? { lng } : {}),
      ...(lat !== undefined ? { lat } : {}),
    }))
  }

  levelOf(code: string): RegionLevel | undefined {
    return this.nodes.get(code)?.level
  }
}

/** The materialised path stored with cases and risks so a subtree is one index range. */
export function regionPath(tree: RegionTree, code: string): string {
  return `/${tree.path(code).join('/')}/`
}
