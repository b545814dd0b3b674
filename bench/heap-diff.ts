/**
 * `npx tsx bench/heap-diff.ts A.heapsnapshot B.heapsnapshot [--top N] [--depth D] [--group KEY] [--full-names]`
 *
 * Compares two V8 heap snapshots of the same page (Chromium's `.heapsnapshot` JSON, e.g. from
 * `bench/heap-snapshots.ts`):
 * 1. count and self size per constructor (type:name) in A and in B, the largest changes first;
 * 2. the objects B holds that A did not (node ids are stable within one page), by constructor,
 *    each group with its most frequent retainer chains (D steps up, weak edges skipped), which is
 *    where a growth is kept from. `--group KEY` prints the chains of that group only.
 * Before both: each snapshot's self size split into JS objects, V8's code (optimised code apart) and
 * Blink's objects.
 * Detached DOM nodes are counted in both.
 */
import fs from 'node:fs'
import { arg } from './lib/args'

interface Snapshot {
  types: string[]
  edgeTypes: string[]
  strings: string[]
  nodes: Uint32Array | number[]
  edges: number[]
  nodeFields: number
  edgeFields: number
  /** First edge index (into `edges`, in fields) of each node. */
  firstEdge: Uint32Array
  /** Reverse edges: for node i, retainers[retainerStart[i] .. retainerStart[i+1]) are edge indexes. */
  retainerStart: Uint32Array
  retainerEdge: Uint32Array
  retainerNode: Uint32Array
  f: { type: number; name: number; id: number; size: number; edgeCount: number; detachedness: number }
  e: { type: number; name: number; to: number }
}

function load(file: string): Snapshot {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } }
    nodes: number[]
    edges: number[]
    strings: string[]
  }
  const meta = raw.snapshot.meta
  const nf = meta.node_fields
  const ef = meta.edge_fields
  const f = {
    type: nf.indexOf('type'),
    name: nf.indexOf('name'),
    id: nf.indexOf('id'),
    size: nf.indexOf('self_size'),
    edgeCount: nf.indexOf('edge_count'),
    detachedness: nf.indexOf('detachedness'),
  }
  const e = { type: ef.indexOf('type'), name: ef.indexOf('name_or_index'), to: ef.indexOf('to_node') }
  const nodeFields = nf.length
  const edgeFields = ef.length
  const n = raw.nodes.length / nodeFields
  const firstEdge = new Uint32Array(n + 1)
  for (let i = 0, edge = 0; i < n; i++) {
    firstEdge[i] = edge
    edge += raw.nodes[i * nodeFields + f.edgeCount]! * edgeFields
  }
  firstEdge[n] = raw.edges.length
  const edgeTypes = meta.edge_types[0]
  const weak = edgeTypes.indexOf('weak')
  const counts = new Uint32Array(n + 1)
  for (let k = 0; k < raw.edges.length; k += edgeFields) {
    if (raw.edges[k + e.type] === weak) continue
    counts[raw.edges[k + e.to]! / nodeFields]!++
  }
  const retainerStart = new Uint32Array(n + 1)
  for (let i = 0; i < n; i++) retainerStart[i + 1] = retainerStart[i]! + counts[i]!
  const fill = retainerStart.slice(0, n)
  const retainerEdge = new Uint32Array(retainerStart[n]!)
  const retainerNode = new Uint32Array(retainerStart[n]!)
  for (let i = 0; i < n; i++)
    for (let k = firstEdge[i]!; k < firstEdge[i + 1]!; k += edgeFields) {
      if (raw.edges[k + e.type] === weak) continue
      const to = raw.edges[k + e.to]! / nodeFields
      const slot = fill[to]!++
      retainerEdge[slot] = k
      retainerNode[slot] = i
    }
  return {
    types: meta.node_types[0],
    edgeTypes,
    strings: raw.strings,
    nodes: raw.nodes,
    edges: raw.edges,
    nodeFields,
    edgeFields,
    firstEdge,
    retainerStart,
    retainerEdge,
    retainerNode,
    f,
    e,
  }
}

function count(s: Snapshot): number {
  return s.nodes.length / s.nodeFields
}

/** The group a node is counted in: its type and, for objects, closures and the like, its constructor or function name. */
/** `--full-names`: native nodes by their whole name (a DOM node's attributes tell which canvas it is). */
const FULL_NAMES = process.argv.includes('--full-names')

function key(s: Snapshot, i: number): string {
  const type = s.types[s.nodes[i * s.nodeFields + s.f.type]!]!
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'number' || type === 'bigint') return `(${type})`
  const name = s.strings[s.nodes[i * s.nodeFields + s.f.name]!]!
  // Native DOM nodes carry their attributes in the name ("HTMLDivElement class=…"); the tag is enough.
  return `${type}:${type === 'native' && !FULL_NAMES ? name.split(' ')[0] : name.slice(0, 80)}`
}

function edgeLabel(s: Snapshot, k: number): string {
  const type = s.edgeTypes[s.edges[k + s.e.type]!]!
  const v = s.edges[k + s.e.name]!
  if (type === 'element' || type === 'hidden') return `[${type === 'hidden' ? 'h' : ''}${v > 9 ? 'n' : v}]`
  return `.${String(s.strings[v]).slice(0, 40)}`
}

/** The first non-weak retainer chain of node i, `depth` steps up, skipping retainers already on the chain. */
function chain(s: Snapshot, i: number, depth: number): string {
  const parts: string[] = []
  const seen = new Set<number>([i])
  let node = i
  for (let d = 0; d < depth; d++) {
    let next = -1
    let label = ''
    for (let r = s.retainerStart[node]!; r < s.retainerStart[node + 1]!; r++) {
      const from = s.retainerNode[r]!
      if (seen.has(from)) continue
      next = from
      label = edgeLabel(s, s.retainerEdge[r]!)
      break
    }
    if (next < 0) break
    parts.push(`${label} ← ${key(s, next)}`)
    seen.add(next)
    node = next
  }
  return parts.join(' ')
}

function totals(s: Snapshot): Map<string, { n: number; size: number }> {
  const by = new Map<string, { n: number; size: number }>()
  for (let i = 0; i < count(s); i++) {
    const k = key(s, i)
    const t = by.get(k) ?? { n: 0, size: 0 }
    t.n++
    t.size += s.nodes[i * s.nodeFields + s.f.size]!
    by.set(k, t)
  }
  return by
}

function detached(s: Snapshot): number {
  if (s.f.detachedness < 0) return 0
  let n = 0
  for (let i = 0; i < count(s); i++) if (s.nodes[i * s.nodeFields + s.f.detachedness] === 2) n++
  return n
}

/**
 * Where a snapshot's self size is: Blink's objects (`native`), V8's code and its metadata
 * (`code`: bytecode, feedback, machine code), and of that the optimised machine code (a `Code`
 * with deoptimisation data, with its instructions and that data); everything else is the page's
 * JS objects. Optimised code is what V8 keeps adding over a long run: it optimises a function once
 * its calls add up, however slowly they come, so the functions the page runs (those with a
 * feedback vector) bound it, one optimised code each.
 */
function split(s: Snapshot) {
  const out = { native: 0, code: 0, js: 0, optimised: 0, optimisedBytes: 0, feedbackVectors: 0 }
  const edgeName = (k: number) => {
    const t = s.edgeTypes[s.edges[k + s.e.type]!]
    return t === 'element' || t === 'hidden' ? '' : s.strings[s.edges[k + s.e.name]!]
  }
  const size = (i: number) => s.nodes[i * s.nodeFields + s.f.size]!
  for (let i = 0; i < count(s); i++) {
    const type = s.types[s.nodes[i * s.nodeFields + s.f.type]!]
    const name = s.strings[s.nodes[i * s.nodeFields + s.f.name]!]
    if (type === 'native') out.native += size(i)
    else if (type === 'code') out.code += size(i)
    else out.js += size(i)
    if (type !== 'code') continue
    if (name === 'system / FeedbackVector') out.feedbackVectors++
    if (name !== 'system / Code') continue
    let optimised = false
    for (let k = s.firstEdge[i]!; k < s.firstEdge[i + 1]!; k += s.edgeFields) if (edgeName(k) === 'deoptimization_data') optimised = true
    if (!optimised) continue
    out.optimised++
    // The code object, its instructions, relocation, source positions and deoptimisation data (two steps down).
    const own = new Set<number>([i])
    const walk = (j: number, depth: number) => {
      for (let k = s.firstEdge[j]!; k < s.firstEdge[j + 1]!; k += s.edgeFields) {
        const to = s.edges[k + s.e.to]! / s.nodeFields
        if (own.has(to) || !/^system \/ (InstructionStream|ProtectedFixedArray|Trusted)/.test(s.strings[s.nodes[to * s.nodeFields + s.f.name]!]!)) continue
        own.add(to)
        if (depth > 0) walk(to, depth - 1)
      }
    }
    walk(i, 1)
    for (const j of own) out.optimisedBytes += size(j)
  }
  return out
}

const say = (line: string) => process.stdout.write(`${line}\n`)
const kb = (b: number) => (b / 1024).toFixed(1).padStart(9)

function main() {
  const [fileA, fileB] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !['--top', '--depth', '--group'].includes(all[i - 1] ?? ''))
  if (!fileA || !fileB) throw new Error('usage: heap-diff.ts A.heapsnapshot B.heapsnapshot [--top N] [--depth D] [--group KEY]')
  const top = Number(arg('top') ?? 25)
  const depth = Number(arg('depth') ?? 6)
  const only = arg('group')
  const a = load(fileA)
  const b = load(fileB)
  const ta = totals(a)
  const tb = totals(b)
  const sum = (t: Map<string, { size: number }>) => [...t.values()].reduce((x, y) => x + y.size, 0)
  say(`A ${fileA}: ${count(a)} nodes, ${kb(sum(ta))} KB self; detached DOM nodes ${detached(a)}`)
  say(`B ${fileB}: ${count(b)} nodes, ${kb(sum(tb))} KB self; detached DOM nodes ${detached(b)}`)
  const [sa, sb] = [split(a), split(b)]
  const line = (what: string, x: number, y: number) => say(`${what.padEnd(42)} ${kb(x)} → ${kb(y)} KB (${y - x >= 0 ? '+' : ''}${((y - x) / 1024).toFixed(1)})`)
  say('\nself size by kind, A → B')
  line('JS objects (code aside)', sa.js, sb.js)
  line('V8 code and its metadata', sa.code, sb.code)
  line(`  of it optimised code (${sa.optimised} → ${sb.optimised})`, sa.optimisedBytes, sb.optimisedBytes)
  line('Blink (native)', sa.native, sb.native)
  say(`functions with feedback vectors (what optimised code is bounded by): ${sa.feedbackVectors} → ${sb.feedbackVectors}`)

  if (!only) {
    say(`\nby constructor, largest change in self size first (KB; counts)`)
    const keys = new Set([...ta.keys(), ...tb.keys()])
    const rows = [...keys].map((k) => {
      const x = ta.get(k) ?? { n: 0, size: 0 }
      const y = tb.get(k) ?? { n: 0, size: 0 }
      return { k, dn: y.n - x.n, ds: y.size - x.size, n: y.n, size: y.size }
    })
    rows.sort((p, q) => Math.abs(q.ds) - Math.abs(p.ds))
    for (const r of rows.slice(0, top))
      say(`${kb(r.ds)} KB ${String(r.dn >= 0 ? `+${r.dn}` : r.dn).padStart(8)}   (B: ${kb(r.size)} KB ${String(r.n).padStart(8)})  ${r.k}`)
  }

  // Objects in B that A did not hold.
  const idsA = new Set<number>()
  for (let i = 0; i < count(a); i++) idsA.add(a.nodes[i * a.nodeFields + a.f.id]!)
  const fresh = new Map<string, { n: number; size: number; chains: Map<string, number> }>()
  for (let i = 0; i < count(b); i++) {
    if (idsA.has(b.nodes[i * b.nodeFields + b.f.id]!)) continue
    const k = key(b, i)
    if (only && k !== only) continue
    const g = fresh.get(k) ?? { n: 0, size: 0, chains: new Map<string, number>() }
    g.n++
    g.size += b.nodes[i * b.nodeFields + b.f.size]!
    const c = chain(b, i, depth)
    g.chains.set(c, (g.chains.get(c) ?? 0) + 1)
    fresh.set(k, g)
  }
  const groups = [...fresh].sort((p, q) => q[1].size - p[1].size)
  const freshTotal = groups.reduce((x, [, g]) => x + g.size, 0)
  say(`\nobjects in B not in A: ${groups.reduce((x, [, g]) => x + g.n, 0)}, ${kb(freshTotal).trim()} KB self; by constructor, with their commonest retainer chains`)
  for (const [k, g] of groups.slice(0, only ? 1 : top)) {
    say(`${kb(g.size)} KB ${String(g.n).padStart(8)}  ${k}`)
    for (const [c, n] of [...g.chains].sort((p, q) => q[1] - p[1]).slice(0, only ? 10 : 3)) say(`      ${String(n).padStart(7)}× ${c}`)
  }
}

main()
