import fs from 'node:fs'
import path from 'node:path'
import { round } from './stats'

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>
  samples: number[]
  timeDeltas: number[]
  startTime: number
}

export interface LongTurn {
  /** Milliseconds from the profile's start. */
  atMs: number
  /** The same on the monotonic clock (µs; `process.hrtime` agrees on Linux). */
  atUs: number
  ms: number
  /** Of it, garbage collection. */
  gcMs: number
  /** Self time by function within the stretch, the largest first. */
  self: Array<{ fn: string; ms: number }>
  /** Time by the outermost frame of ours (server/, shared/) on each sample's stack. */
  ours: Array<{ fn: string; ms: number }>
}

const name = (n: CpuProfile['nodes'][number]) => {
  const { functionName, url, lineNumber } = n.callFrame
  const file = url ? (/\/((?:server|shared|bench)\/.*)$/.exec(url)?.[1] ?? (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? path.basename(url))) : ''
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`
}

/**
 * The stretches of a CPU profile in which the main thread never went idle (consecutive samples none
 * of which is `(idle)`), longer than `overMs`: the turns of the event loop, or runs of turns with no
 * wait between them, that a timer or a socket would have waited for. Each with its GC time, its
 * heaviest functions by self time, and the outermost functions of server/ or shared/ on its stacks
 * (what started the work).
 */
export function longTurns(file: string, overMs: number, top = 6): { turns: LongTurn[]; busyMs: number; totalMs: number } {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const outerOurs = new Map<number, string>()
  const outer = (id: number): string => {
    const known = outerOurs.get(id)
    if (known !== undefined) return known
    let found = '(none of ours)'
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)!.callFrame.url
      if (/\/(server|shared)\//.test(url) && !url.includes('node_modules')) found = name(byId.get(at)!)
    }
    outerOurs.set(id, found)
    return found
  }
  const turns: LongTurn[] = []
  let t = 0
  let busy = 0
  let start = -1
  let samples: Array<[number, number]> = []
  const close = (end: number) => {
    const ms = (end - start) / 1000
    if (start >= 0 && ms > overMs) {
      const self = new Map<string, number>()
      const ours = new Map<string, number>()
      let gc = 0
      for (const [id, us] of samples) {
        const n = byId.get(id)!
        const k = name(n)
        self.set(k, (self.get(k) ?? 0) + us)
        if (n.callFrame.functionName === '(garbage collector)') gc += us
        else {
          const o = outer(id)
          ours.set(o, (ours.get(o) ?? 0) + us)
        }
      }
      const rank = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, us]) => ({ fn, ms: round(us / 1000, 1) }))
      turns.push({ atMs: round(start / 1000, 0), atUs: p.startTime + start, ms: round(ms, 1), gcMs: round(gc / 1000, 1), self: rank(self), ours: rank(ours) })
    }
    start = -1
    samples = []
  }
  for (let i = 0; i < p.samples.length; i++) {
    const d = p.timeDeltas[i] ?? 0
    t += d
    const id = p.samples[i]!
    const idle = byId.get(id)!.callFrame.functionName === '(idle)'
    if (idle) {
      if (start >= 0) close(t - d)
      continue
    }
    busy += d
    if (start < 0) start = t - d
    samples.push([id, d])
  }
  if (start >= 0) close(t)
  return { turns, busyMs: round(busy / 1000, 0), totalMs: round(t / 1000, 0) }
}

/**
 * What the main thread ran between two instants of the monotonic clock (µs, as `process.hrtime`):
 * self time by function and by the outermost frame of ours, from the profile's samples in it.
 */
export function samplesBetween(file: string, windows: ReadonlyArray<{ fromUs: number; toUs: number }>, top = 6): Array<Pick<LongTurn, 'self' | 'ours' | 'gcMs'>> {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const outer = (id: number): string => {
    let found = '(none of ours)'
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)!.callFrame.url
      if (/\/(server|shared)\//.test(url) && !url.includes('node_modules')) found = name(byId.get(at)!)
    }
    return found
  }
  return windows.map(({ fromUs, toUs }) => {
    const self = new Map<string, number>()
    const ours = new Map<string, number>()
    let gc = 0
    let t = p.startTime
    for (let i = 0; i < p.samples.length; i++) {
      const d = p.timeDeltas[i] ?? 0
      t += d
      if (t < fromUs || t > toUs) continue
      const n = byId.get(p.samples[i]!)!
      if (n.callFrame.functionName === '(idle)') continue
      const k = name(n)
      self.set(k, (self.get(k) ?? 0) + d)
      if (n.callFrame.functionName === '(garbage collector)') gc += d
      else ours.set(outer(n.id), (ours.get(outer(n.id)) ?? 0) + d)
    }
    const rank = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, us]) => ({ fn, ms: round(us / 1000, 1) }))
    return { self: rank(self), ours: rank(ours), gcMs: round(gc / 1000, 1) }
  })
}

/** `tsx bench/lib/longTurns.ts FILE.cpuprofile [OVER_MS]`: the stretches without idle longer than OVER_MS (30). */
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [file, over] = process.argv.slice(2)
  const out = longTurns(file!, Number(over ?? 30))
  process.stdout.write(`busy ${out.busyMs} of ${out.totalMs} ms, ${out.turns.length} stretches over ${over ?? 30} ms\n`)
  for (const turn of out.turns) {
    process.stdout.write(`\n@${turn.atMs} ms: ${turn.ms} ms (GC ${turn.gcMs})\n  self: ${turn.self.map((s) => `${s.fn} ${s.ms}`).join('; ')}\n  from: ${turn.ours.map((s) => `${s.fn} ${s.ms}`).join('; ')}\n`)
  }
}
