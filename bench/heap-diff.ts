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
import { count, heapKinds, parseSnapshot, type Snapshot } from './lib/heapSnapshot'

const load = (file: string): Snapshot => parseSnapshot(fs.readFileSync(file, 'utf8'))


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
  const [sa, sb] = [heapKinds(a), heapKinds(b)]
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
