/**
 * The wall's main-thread work per update, alone: the real server on a fresh store, the wall
 * `/?region=<root>` in headless Chromium at a given size, updates posted at 10 events/s as the
 * soak does (bench/soak.ts), and per update over the measured window: CDP TaskDuration (wall-clock),
 * its script and layout + style parts, the renderer main thread's CPU (/proc) and the renderer
 * process's CPU, under the soak's requestAnimationFrame frame counter (`--no-counter`: without). With `--trace FILE`, a Chromium trace of the window's first 10 s with paint and
 * invalidation categories, summarised by event name, paint rects and script by function.
 *
 *   npx tsx bench/wall-update.ts [--size 1920x1080] [--warmup 20] [--seconds 60] [--trace /tmp/t.json]
 *
 * It serves whatever dist/client holds (build it first).
 */
import fs from 'node:fs'
import os from 'node:os'
import { launchChromium } from '../test/helpers/browser'
import { EventGen } from './lib/events'
import { freshDataDir, login, regions as fetchRegions, startServer } from './lib/server'
import { postUpdates } from './lib/updateStream'
import { round, sleep } from './lib/stats'
import { threadCpuSeconds } from './soak'

const print = (...parts: unknown[]) => process.stdout.write(`${parts.join(' ')}\n`)

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1]! : fallback
}

const [width, height] = arg('size', '1920x1080').split('x').map(Number) as [number, number]
const warmupS = Number(arg('warmup', '20'))
const seconds = Number(arg('seconds', '60'))
const traceFile = process.argv.includes('--trace') ? arg('trace', '') : null
const rate = Number(arg('rate', '10'))

interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  tdur?: number
  pid: number
  tid: number
  args?: Record<string, unknown>
}

function summariseTrace(file: string, updates: number) {
  const trace = JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] }
  const ev = trace.traceEvents
  const main = ev.find((e) => e.name === 'thread_name' && (e.args as { name?: string } | undefined)?.name === 'CrRendererMain')!
  const onMain = ev.filter((e) => e.pid === main.pid && e.tid === main.tid)
  const by = new Map<string, { ms: number; n: number }>()
  let cpuMs = 0
  for (const e of onMain) {
    if (e.ph !== 'X' || !e.dur) continue
    const b = by.get(e.name) ?? { ms: 0, n: 0 }
    b.ms += e.dur / 1000
    b.n++
    by.set(e.name, b)
    if (e.name === 'RunTask') cpuMs += (e.tdur ?? 0) / 1000
  }
  const top = [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30).map(([name, b]) => `${name.padEnd(34)} ${round(b.ms / updates, 3)} ms/update  n=${b.n}`)
  // Paint rects: by layer and size.
  const paints = new Map<string, { n: number; area: number; ms: number }>()
  for (const e of onMain) {
    if (e.name !== 'Paint' || e.ph !== 'X') continue
    const d = (e.args as { data?: { clip?: number[]; nodeId?: number; layerId?: number; frame?: string } }).data
    const clip = d?.clip ?? []
    const xs = clip.filter((_, i) => i % 2 === 0)
    const ys = clip.filter((_, i) => i % 2 === 1)
    const w = xs.length ? Math.max(...xs) - Math.min(...xs) : 0
    const h = ys.length ? Math.max(...ys) - Math.min(...ys) : 0
    const key = `layer ${d?.layerId} node ${d?.nodeId} ${Math.round(w)}x${Math.round(h)} at ${Math.round(Math.min(...xs))},${Math.round(Math.min(...ys))}`
    const p = paints.get(key) ?? { n: 0, area: 0, ms: 0 }
    p.n++
    p.area += w * h
    p.ms += (e.dur ?? 0) / 1000
    paints.set(key, p)
  }
  const paintTop = [...paints].sort((a, b) => b[1].area - a[1].area).slice(0, 25).map(([k, p]) => `${k.padEnd(60)} n=${p.n} ms=${round(p.ms, 1)}`)
  // Style recalcs: elements.
  let styleEls = 0
  let styleN = 0
  for (const e of onMain) {
    if ((e.name === 'UpdateLayoutTree' || e.name === 'RecalcStyles') && e.ph === 'X') {
      styleN++
      styleEls += Number((e.args as { elementCount?: number } | undefined)?.elementCount ?? 0)
    }
  }
  // Layout: dirty objects.
  let layoutDirty = 0
  let layoutN = 0
  for (const e of onMain) {
    if (e.name === 'Layout' && e.ph === 'B') {
      layoutN++
      layoutDirty += Number((e.args as { beginData?: { dirtyObjects?: number } } | undefined)?.beginData?.dirtyObjects ?? 0)
    }
  }
  // Invalidations: reasons and nodes.
  const inval = new Map<string, number>()
  for (const e of onMain) {
    if (!e.name.includes('Invalidat')) continue
    const d = (e.args as { data?: { reason?: string; nodeName?: string } } | undefined)?.data
    const key = `${e.name} | ${d?.reason ?? ''} | ${d?.nodeName ?? ''}`
    inval.set(key, (inval.get(key) ?? 0) + 1)
  }
  const invalTop = [...inval].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, n]) => `${k} n=${n}`)
  // Script by function (self time from the CPU profile chunks).
  const nodes = new Map<number, { fn: string; url: string; line: number }>()
  const self = new Map<number, number>()
  for (const e of ev) {
    if (e.name !== 'ProfileChunk') continue
    const c = (e.args as { data?: { cpuProfile?: { nodes?: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples?: number[] }; timeDeltas?: number[] } }).data
    for (const n of c?.cpuProfile?.nodes ?? []) nodes.set(n.id, { fn: n.callFrame.functionName, url: n.callFrame.url, line: n.callFrame.lineNumber })
    const samples = c?.cpuProfile?.samples ?? []
    const deltas = c?.timeDeltas ?? []
    for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0) / 1000)
  }
  const fnSelf = new Map<string, number>()
  for (const [id, ms] of self) {
    const n = nodes.get(id)
    const key = n ? `${n.fn || '(anon)'} ${(n.url ?? '').split('/').pop()}:${n.line}` : `#${id}`
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + ms)
  }
  const fnTop = [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, ms]) => `${k.padEnd(70)} ${round(ms / updates, 3)} ms/update`)
  return { cpuMsPerUpdate: round(cpuMs / updates, 2), top, paintTop, styleElsPerUpdate: round(styleEls / updates, 1), styleN, layoutDirtyPerUpdate: round(layoutDirty / updates, 1), layoutN, invalTop, fnTop }
}

async function main() {
  const dataDir = freshDataDir()
  const server = await startServer({ dataDir })
  const browser = await launchChromium(['--enable-precise-memory-info'])
  let stopped = false
  let updater: Promise<void> | undefined
  try {
    const token = await login(server.url)
    const tree = await fetchRegions(server.url, token)
    const root = tree.find((r) => r.parent === null)!.code
    const villages = tree.filter((r) => r.level === 'village').map((r) => r.code)
    const gen = new EventGen(villages, `w${Date.now().toString(36)}`)
    const page = await browser.newPage({ viewport: { width, height } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(String(e).slice(0, 200)))
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    // The soak's frame counter (bench/soak.ts): a requestAnimationFrame loop, so the page draws 60 frames a second as there.
    if (!process.argv.includes('--no-counter'))
      await page.addInitScript(`(() => { const tick = () => requestAnimationFrame(tick); requestAnimationFrame(tick) })()`)
    // An experiment's own script before the page's (`--init FILE`).
    if (process.argv.includes('--init')) await page.addInitScript(fs.readFileSync(arg('init', ''), 'utf8'))
    await page.goto(`${server.url}/?region=${root}&token=${token}`)
    await page.locator('[data-metric="cases.total"]').first().waitFor({ state: 'visible', timeout: 30_000 })
    let posted = 0
    updater = postUpdates({ url: server.url, gen, rate: () => rate, stopped: () => stopped, posted: (n) => (posted += n), failed: (err) => console.error(err.message) })
    await sleep(warmupS * 1000)
    const session = await browser.newBrowserCDPSession()
    const proc = async () => {
      const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number; cpuTime: number }> }
      const r = processInfo.filter((p) => p.type === 'renderer').sort((a, b) => b.cpuTime - a.cpuTime)[0]!
      return { pid: r.id, processS: r.cpuTime, mainS: threadCpuSeconds(r.id) ?? NaN }
    }
    const metrics = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }).metrics.map((m) => [m.name, m.value]))
    const load0 = os.loadavg()[0]!
    let traced: ReturnType<typeof summariseTrace> | null = null
    if (traceFile) {
      await browser.startTracing(page, {
        path: traceFile,
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'disabled-by-default-devtools.timeline.frame',
          // Invalidation tracking records a stack at every DOM and style change: it inflates what it traces (`--inval` to add it).
          ...(process.argv.includes('--inval') ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : []),
          'v8.execute',
          'disabled-by-default-v8.cpu_profiler',
          'blink.user_timing',
        ],
      })
      const before = posted
      await sleep(10_000)
      await browser.stopTracing()
      traced = summariseTrace(traceFile, Math.max(1, posted - before))
    }
    const m0 = await metrics()
    const c0 = await proc()
    const p0 = posted
    await sleep(seconds * 1000)
    const m1 = await metrics()
    const c1 = await proc()
    const updates = posted - p0
    const per = (a: number, b: number) => round(((b - a) * 1000) / updates, 2)
    const out = {
      size: `${width}x${height}`,
      updates,
      taskMs: per(m0.TaskDuration!, m1.TaskDuration!),
      scriptMs: per(m0.ScriptDuration!, m1.ScriptDuration!),
      layoutMs: per(m0.LayoutDuration!, m1.LayoutDuration!),
      styleMs: per(m0.RecalcStyleDuration!, m1.RecalcStyleDuration!),
      rendererMainCpuMs: per(c0.mainS, c1.mainS),
      rendererCpuMs: per(c0.processS, c1.processS),
      layouts: round((m1.LayoutCount! - m0.LayoutCount!) / updates, 2),
      styleRecalcs: round((m1.RecalcStyleCount! - m0.RecalcStyleCount!) / updates, 2),
      loadAvg: [round(load0, 2), round(os.loadavg()[0]!, 2)],
      errors,
    }
    print(JSON.stringify(out))
    if (traced) {
      print(`trace: main-thread CPU ${traced.cpuMsPerUpdate} ms/update; style elements/update ${traced.styleElsPerUpdate} (${traced.styleN} recalcs); layout dirty objects/update ${traced.layoutDirtyPerUpdate} (${traced.layoutN})`)
      print('--- events'); print(traced.top.join('\n'))
      print('--- paints (by area)'); print(traced.paintTop.join('\n'))
      print('--- invalidations'); print(traced.invalTop.join('\n'))
      print('--- script self time'); print(traced.fnTop.join('\n'))
    }
    await session.detach().catch(() => undefined)
  } finally {
    stopped = true
    await updater
    await browser.close()
    await server.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

const only = process.argv.indexOf('--summarise')
if (only >= 0) {
  const t = summariseTrace(process.argv[only + 1]!, Number(arg('updates', '100')))
  print(JSON.stringify(t, null, 1))
} else await main()
