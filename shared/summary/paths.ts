import { PeriodSummarySchema } from './schema'

interface SchemaNode {
  type?: string | string[]
  properties?: Record<string, SchemaNode>
  anyOf?: SchemaNode[]
}

const NOT_FIGURES = new Set(['region', 'at', 'seq', 'period'])

const NUMERIC = (type: SchemaNode['type']) =>
  Array.isArray(type) ? type.includes('integer') || type.includes('number') : type === 'integer' || type === 'number'

/** A count, or a rate: `type: ['number', 'null']` (or the same as an anyOf). */
function isNumeric(node: SchemaNode): boolean {
  return NUMERIC(node.type) || !!node.anyOf?.some((n) => NUMERIC(n.type))
}

function walk(node: SchemaNode, prefix: string, out: string[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key
    if (!prefix && NOT_FIGURES.has(key)) continue
    if (isNumeric(child)) out.push(path)
    else if (child.properties) walk(child, path, out)
  }
}

/**
 * Every numeric figure of a summary by its path (`cases.total`, `cases.byStage.handle`,
 * `alarms.byKind.case.red.open` …): what a ranking may be by and what `data-metric` names. Read from
 * the schema, so a new figure is rankable the day it is added.
 */
export const SUMMARY_FIGURE_PATHS: readonly string[] = (() => {
  const out: string[] = []
  walk(PeriodSummarySchema as unknown as SchemaNode, '', out)
  return out
})()

const FIGURES = new Set(SUMMARY_FIGURE_PATHS)
export const isSummaryFigure = (path: string) => FIGURES.has(path)

/** The keys to follow for each path, found once: alarm kinds contain a dot ('case.red'). */
const chains = new Map<string, string[]>()

function chainOf(summary: object, path: string): string[] | null {
  const known = chains.get(path)
  if (known) return known
  const chain: string[] = []
  let node: unknown = summary
  let parts = path.split('.')
  while (parts.length) {
    if (!node || typeof node !== 'object') return null
    const obj = node as Record<string, unknown>
    let taken = 0
    for (let n = parts.length; n >= 1; n--) {
      const key = parts.slice(0, n).join('.')
      if (key in obj) {
        chain.push(key)
        node = obj[key]
        taken = n
        break
      }
    }
    if (taken === 0) return null
    parts = parts.slice(taken)
  }
  if (isSummaryFigure(path)) chains.set(path, chain)
  return chain
}

/** The figure at a path of a summary, or null when it has none (a rate without denominator). */
export function figureAt(summary: object, path: string): number | null {
  const chain = chainOf(summary, path)
  if (!chain) return null
  let node: unknown = summary
  for (const key of chain) {
    if (!node || typeof node !== 'object') return null
    node = (node as Record<string, unknown>)[key]
  }
  return typeof node === 'number' ? node : null
}
