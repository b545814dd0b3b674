/**
 * V8 heap snapshots of a page (Chromium's `.heapsnapshot` JSON) read for the bench: the nodes with
 * their retainers (bench/heap-diff.ts) and where the self size lies (heapKinds), which tells a
 * page keeping objects from V8 compiling code for functions that run often (bench/soak.ts).
 */

export interface Snapshot {
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

/** A snapshot's JSON (Chromium's `.heapsnapshot`) with its retainers indexed. */
export function parseSnapshot(text: string): Snapshot {
  const raw = JSON.parse(text) as {
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

export function count(s: Snapshot): number {
  return s.nodes.length / s.nodeFields
}

/** Self sizes (bytes) by kind, see heapKinds. */
export interface HeapKinds {
  /** Blink's objects (`native`). */
  native: number
  /** V8's code and its metadata (bytecode, feedback, machine code). */
  code: number
  /** Everything else: the page's JS objects. */
  js: number
  /** Optimised code objects, and their bytes with their instructions and deoptimisation data. */
  optimised: number
  optimisedBytes: number
  /** Functions that have run (with a feedback vector): what optimised code is bounded by. */
  feedbackVectors: number
}

/**
 * Where a snapshot's self size is: Blink's objects (`native`), V8's code and its metadata
 * (`code`: bytecode, feedback, machine code), and of that the optimised machine code (a `Code`
 * with deoptimisation data, with its instructions and that data); everything else is the page's
 * JS objects. Optimised code is what V8 keeps adding over a long run: it optimises a function once
 * its calls add up, however slowly they come, so the functions the page runs (those with a
 * feedback vector) bound it, one optimised code each.
 */
export function heapKinds(s: Snapshot): HeapKinds {
  const out: HeapKinds = { native: 0, code: 0, js: 0, optimised: 0, optimisedBytes: 0, feedbackVectors: 0 }
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

