/**
 * `tsx bench/first-figures-trace.ts [--root DIR] [--runs 3] [--sizes 1920x1080,3840x2160] [--trace out.json]`:
 * where the wall's first figures spend their time. A server on a fresh demo store (as
 * first-figures-ab.ts), then per size and run a fresh browser context navigated to the wall (as
 * firstFigures.ts) with a Chromium trace, and, from the page itself, when each resource was fetched,
 * when the socket was created, opened, and its frames came (the subscribe's ack carries the first
 * figures), when the first figure was filled and painted. Prints, per run, one line of milestones
 * (ms from navigation start) and the main thread's busy time between them by kind (script compile,
 * script run, style/layout, paint, GC). `--root` is the checkout whose server and dist run (this one by default).
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { launchChromium } from '../test/helpers/browser'
import { arg } from './lib/args'
import { DONE, INIT_SCRIPT, type Marks } from './firstFigures'

const root = path.resolve(arg('root') ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..'))
const runs = Number(arg('runs') ?? 3)
const sizes = (arg('sizes') ?? '1920x1080,3840x2160').split(',').map((s) => s.split('x').map(Number) as [number, number])
const traceOut = arg('trace')

/** The bench's marks and the trace's own, as read from the page. */
type TraceMarks = Marks & { ws: Array<{ created: number; open: number; frames: Array<[number, string, number]> }>; marks: Array<[string, number]> }

/**
 * What the trace adds to the bench's own marks (firstFigures.ts INIT_SCRIPT, the same definition of
 * the first figure, painted and charts): when the socket was made, opened and got its first frames,
 * and when the app first rendered into #app.
 */
const INIT = `(() => {
  const r = { ws: [], marks: [] }
  window.__ff = r
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(...a) {
      super(...a)
      const w = { created: performance.now(), open: 0, frames: [] }
      r.ws.push(w)
      this.addEventListener('open', () => { w.open = performance.now() })
      this.addEventListener('message', (e) => { if (w.frames.length < 6) w.frames.push([performance.now(), String(e.data).slice(0, 24), String(e.data).length]) })
    }
  }
  const observer = new MutationObserver(() => {
    if (document.querySelector('#app > *')) { r.marks.push(['app-rendered', performance.now()]); observer.disconnect() }
  })
  const start = () => observer.observe(document.documentElement, { subtree: true, childList: true })
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start)
})()`

interface Ev {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: Record<string, unknown>
}

const KIND: Array<[RegExp, string]> = [
  [/^(v8\.compile|v8\.compileModule|V8\.CompileCode|v8\.parseOnBackground|V8\.ScriptCompiler|CompileScript|v8\.produceModuleCache|v8\.deserializeOnBackground)/, 'compile'],
  [/^(EvaluateScript|v8\.evaluateModule|FunctionCall|v8\.run|V8\.Execute|RunMicrotasks|TimerFire|FireAnimationFrame|EventDispatch|v8\.callFunction)$/, 'script'],
  [/^(UpdateLayoutTree|Layout|RecalculateStyles|ScheduleStyleRecalculation|InvalidateLayout|HitTest|UpdateLayerTree|PrePaint|Layerize)$/, 'style+layout'],
  [/^(Paint|PaintImage|CompositeLayers|Commit|RasterTask|Decode Image)$/, 'paint'],
  [/^(MinorGC|MajorGC|V8\.GCScavenger|V8\.GCFinalizeMC|BlinkGC\.AtomicPhase|V8\.GC_MC_BACKGROUND_MARKING)$/, 'gc'],
  [/^(ParseHTML|ParseAuthorStyleSheet)$/, 'parse html/css'],
]
const kindOf = (n: string) => KIND.find(([re]) => re.test(n))?.[1]

/** Main-thread time by kind in [from, to) ms, counting only outermost-of-kind slices (no double count of nesting). */
function busyByKind(events: Ev[], mainTid: number, pid: number, t0: number, from: number, to: number): Record<string, number> {
  const out: Record<string, number> = {}
  const xs = events.filter((e) => e.ph === 'X' && e.tid === mainTid && e.pid === pid && e.dur !== undefined).sort((a, b) => a.ts - b.ts)
  // Outermost classified slice wins: the top-level task's leaf kinds are what it did; nested ones of another kind are subtracted from their parent.
  const self = new Map<Ev, number>()
  const stack: Ev[] = []
  for (const e of xs) {
    while (stack.length && stack[stack.length - 1]!.ts + stack[stack.length - 1]!.dur! <= e.ts) stack.pop()
    const k = kindOf(e.name)
    if (k) {
      self.set(e, e.dur!)
      const parent = [...stack].reverse().find((p) => kindOf(p.name))
      if (parent) self.set(parent, self.get(parent)! - e.dur!)
    }
    stack.push(e)
  }
  for (const [e, d] of self) {
    const start = (e.ts - t0) / 1000
    if (start < from || start >= to) continue
    const k = kindOf(e.name)!
    out[k] = (out[k] ?? 0) + d / 1000
  }
  for (const k of Object.keys(out)) out[k] = Math.round(out[k]!)
  return out
}

const server = await import(pathToFileURL(path.join(root, 'bench/lib/server.ts')).href)
const handle = await server.startServer({ dataDir: server.freshDataDir() })
try {
  const token: string = await server.login(handle.url)
  const tree: Array<{ code: string; parent: string | null }> = await server.regions(handle.url, token)
  const region = tree.find((r) => r.parent === null)!.code
  const url = `${handle.url}/?region=${region}&token=${token}`
  const browser = await launchChromium()
  try {
    let first = true
    for (const [width, height] of [[1920, 1080] as [number, number], ...sizes]) {
      for (let i = 0; i < (first ? 1 : runs); i++) {
        const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 })
        const page = await context.newPage()
        await page.addInitScript(INIT_SCRIPT)
        await page.addInitScript(INIT)
        const cats = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'blink.user_timing', 'loading', 'navigation', 'disabled-by-default-v8.compile', ...(process.env.FF_PROFILE ? ['disabled-by-default-v8.cpu_profiler'] : [])]
        if (!first) await browser.startTracing(page, { categories: cats })
        // Not waitForFunction: Playwright's injected script would run in the page while it loads.
        const done = page.waitForEvent('console', { predicate: (m) => m.text() === DONE, timeout: 60_000 })
        await page.goto(url)
        await done
        const ff = await page.evaluate(() => {
          const w = window as unknown as { __ff: object; __firstFigures: object }
          const r = { ...w.__ff, ...w.__firstFigures }
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
          const res = performance.getEntriesByType('resource').map((e) => {
            const t = e as PerformanceResourceTiming
            return { name: t.name.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*/, ''), start: t.startTime, reqStart: t.requestStart, resStart: t.responseStart, end: t.responseEnd, size: t.encodedBodySize }
          })
          const paints = performance.getEntriesByType('paint').map((p) => [p.name, p.startTime])
          return { r, nav: { resStart: nav.responseStart, resEnd: nav.responseEnd, domInteractive: nav.domInteractive, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd }, res, paints }
        })
        let breakdown = ''
        if (!first) {
          const buf = await browser.stopTracing()
          if (traceOut && i === 0) fs.writeFileSync(traceOut.replace(/\.json$/, `-${width}x${height}.json`), buf)
          const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: Ev[] }).traceEvents
          const navStart = events.find((e) => e.name === 'navigationStart' && String((e.args as { data?: { documentLoaderURL?: string } })?.data?.documentLoaderURL ?? '').includes('region='))
          const main = navStart ? { pid: navStart.pid, tid: navStart.tid } : undefined
          if (main && navStart) {
            const r = ff.r as TraceMarks
            const ws = r.ws[0]
            const firstAck = ws?.frames.find((f) => f[1].startsWith('43'))?.[0] ?? r.figure
            const cuts: Array<[string, number]> = [
              ['html', ff.nav.resEnd],
              ['ws created', ws?.created ?? 0],
              ['ws open', ws?.open ?? 0],
              ['ack', firstAck],
              ['figure', r.figure],
            ]
            let prev = 0
            breakdown = cuts
              .map(([name, t]) => {
                const b = busyByKind(events, main.tid, main.pid, navStart.ts, prev, t)
                const s = `  ${Math.round(prev)}→${Math.round(t)} (${name}): ${Object.entries(b).map(([k, v]) => `${k} ${v}`).join(', ')}`
                prev = Math.max(prev, t)
                return s
              })
              .join('\n')
            const inside = (t: Ev, c: Ev) => c.ts >= t.ts && c.ts < t.ts + t.dur!
            const mine = events.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur !== undefined)
            const long = mine
              .filter((e) => e.name === 'RunTask' && e.dur! > 8000 && (e.ts - navStart.ts) / 1000 < r.figure + 5 && e.ts >= navStart.ts)
              .map((e) => {
                const kids = mine.filter((c) => c !== e && inside(e, c) && kindOf(c.name))
                const label = kids
                  .filter((c) => !kids.some((p) => p !== c && inside(p, c) && p.dur! >= c.dur!))
                  .sort((a, b) => b.dur! - a.dur!)
                  .slice(0, 3)
                  .map((c) => {
                    const d = (c.args as { data?: { url?: string; functionName?: string; type?: string } } | undefined)?.data
                    return `${c.name}${d?.url ? `(${path.basename(d.url)})` : d?.functionName ? `(${d.functionName})` : d?.type ? `(${d.type})` : ''} ${Math.round(c.dur! / 1000)}`
                  })
                return `${Math.round((e.ts - navStart.ts) / 1000)}+${Math.round(e.dur! / 1000)} [${label.join('; ')}]`
              })
            if (process.env.FF_PROFILE) {
              // Self time by function (ms) between two instants, from the trace's CPU profile (same clock).
              const prof = events.filter((e) => (e.name === 'Profile' || e.name === 'ProfileChunk') && e.pid === main.pid)
              const nodes = new Map<number, { name: string; url: string; line: number }>()
              let t = 0
              const samples: Array<[number, number]> = []
              for (const e of prof) {
                const d = (e.args as { data?: { startTime?: number; cpuProfile?: { nodes?: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples?: number[] }; timeDeltas?: number[] } }).data
                if (!d) continue
                if (d.startTime !== undefined) t = d.startTime
                for (const n of d.cpuProfile?.nodes ?? []) nodes.set(n.id, { name: n.callFrame.functionName || '(anon)', url: path.basename(n.callFrame.url ?? ''), line: n.callFrame.lineNumber })
                const ss = d.cpuProfile?.samples ?? []
                const dt = d.timeDeltas ?? []
                for (let k = 0; k < ss.length; k++) {
                  t += dt[k] ?? 0
                  samples.push([t, ss[k]!])
                }
              }
              /** Self time (ms) by function between two instants (ms from navigation start), largest first. */
              const selfTime = (from: number, to: number): Array<[string, number]> => {
                const m = new Map<string, number>()
                let pt = 0
                for (const [ts, id] of samples) {
                  const rel = (ts - navStart.ts) / 1000
                  const dtm = pt ? (ts - pt) / 1000 : 0
                  pt = ts
                  if (rel < from || rel > to) continue
                  const n = nodes.get(id)
                  const key = n ? `${n.name} ${n.url}:${n.line}` : String(id)
                  m.set(key, (m.get(key) ?? 0) + dtm)
                }
                return [...m].sort((x, y) => y[1] - x[1])
              }
              const win = (process.env.FF_PROFILE ?? '0-99999').split('-').map(Number)
              const winEnd = Math.min(win[1]!, r.figure)
              for (const e of mine.filter((e) => e.name === 'RunTask' && e.dur! > 30000 && e.ts >= navStart.ts && (e.ts - navStart.ts) / 1000 < r.figure + 5)) {
                const a = (e.ts - navStart.ts) / 1000
                breakdown += `\n  task ${Math.round(a)}+${Math.round(e.dur! / 1000)}: ${selfTime(a, a + e.dur! / 1000).slice(0, 8).map(([key, v]) => `${v.toFixed(0)} ${key}`).join('; ')}`
              }
              breakdown += `\n  self time by function ${win[0]}–${winEnd} ms:\n    ${selfTime(win[0]!, winEnd).slice(0, 30).map(([k, v]) => `${v.toFixed(1)} ${k}`).join('\n    ')}`
            }
            breakdown += `\n  main-thread tasks > 8 ms before the figure:\n    ${long.join('\n    ')}`
          } else breakdown = '  (no main thread / navigationStart in the trace)'
        }
        await context.close()
        if (first) {
          first = false
          continue
        }
        const r = ff.r as TraceMarks
        const ms = (x: number) => Math.round(x)
        process.stdout.write(
          `${width}×${height} run ${i + 1}: html ${ms(ff.nav.resStart)}–${ms(ff.nav.resEnd)}, ` +
            ff.res.filter((x) => /\.(js|css|woff2?)$/.test(x.name)).map((x) => `${path.basename(x.name)} ${ms(x.start)}–${ms(x.end)} (${Math.round(x.size / 1024)}k)`).join(', ') +
            `; domInteractive ${ms(ff.nav.domInteractive)}, DCL ${ms(ff.nav.dcl)}; ` +
            `ws new ${ms(r.ws[0]?.created ?? NaN)} open ${ms(r.ws[0]?.open ?? NaN)} frames ${(r.ws[0]?.frames ?? []).map((f) => `${ms(f[0])}:${f[1].slice(0, 4)}(${Math.round(f[2] / 1024)}k)`).join(' ')}; ` +
            `${r.marks.map(([n, t]) => `${n} ${ms(t)}`).join(', ')}; FP/FCP ${ff.paints.map((p) => ms(p[1] as number)).join('/')}; ` +
            `figure ${ms(r.figure)} painted ${ms(r.painted)} charts ${ms(r.charts)}; other: ${ff.res.filter((x) => !/\.(js|css|woff2?)$/.test(x.name)).map((x) => `${x.name} ${ms(x.start)}–${ms(x.end)}`).join(', ')}\n${breakdown}\n`,
        )
      }
    }
  } finally {
    await browser.close()
  }
} finally {
  await handle.stop()
  fs.rmSync(handle.dataDir, { recursive: true, force: true })
}
