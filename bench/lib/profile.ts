import fs from 'node:fs'
import path from 'node:path'
import { Session } from 'node:inspector/promises'
import { round } from './stats'

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

export interface ProfileSummary {
  file: string
  totalMs: number
  /** Self time by where the code lives: a package, a file of ours, node internals, GC, idle. */
  byPlace: Array<{ place: string; ms: number; share: number }>
  /** Self time by function. */
  byFunction: Array<{ fn: string; ms: number; share: number }>
}

function place(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)'
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (nm) return nm[1]!
  if (url.startsWith('node:')) return 'node:internals'
  const ours = /\/(server|shared|bench|client)\/(.*)$/.exec(url)
  if (ours) return `${ours[1]}/${ours[2]}`
  return path.basename(url)
}

/** Self time per sampled node, grouped two ways; enough to say where a phase's CPU went. */
export function summariseProfile(file: string, top = 12): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)))
  const places = new Map<string, number>()
  const fns = new Map<string, number>()
  let total = 0
  for (const [id, us] of self) {
    const n = byId.get(id)!
    const { functionName, url, lineNumber } = n.callFrame
    const where = place(url, functionName)
    places.set(where, (places.get(where) ?? 0) + us)
    const fn = `${functionName || '(anonymous)'} ${url ? `${where}:${lineNumber + 1}` : ''}`.trim()
    fns.set(fn, (fns.get(fn) ?? 0) + us)
    total += us
  }
  const ranked = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => ({ k, ms: round(us / 1000, 1), share: round(us / total, 3) }))
  return {
    file,
    totalMs: round(total / 1000, 0),
    byPlace: ranked(places).map(({ k, ms, share }) => ({ place: k, ms, share })),
    byFunction: ranked(fns).map(({ k, ms, share }) => ({ fn: k, ms, share })),
  }
}

/** `tsx bench/lib/profile.ts FILE.cpuprofile…`: print the summary of saved profiles. */
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  for (const f of process.argv.slice(2)) process.stdout.write(`${JSON.stringify(summariseProfile(f), null, 2)}\n`)
}

/**
 * This process's CPU profiler (inspector), to profile only the part a bench counts: `start()` and
 * `stop()` (which writes `file`) around it, as often as wanted; `close()` at the end. Does nothing
 * without a file.
 */
export async function inProcessProfiler(file: string | undefined) {
  const session = file ? new Session() : null
  if (session) {
    session.connect()
    await session.post('Profiler.enable')
  }
  return {
    start: async () => {
      if (session) await session.post('Profiler.start')
    },
    stop: async () => {
      if (session && file) fs.writeFileSync(file, JSON.stringify((await session.post('Profiler.stop')).profile))
    },
    close: () => session?.disconnect(),
  }
}
