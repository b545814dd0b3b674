import type { Browser } from 'playwright-core'
import { launchChromium } from '../test/helpers/browser'
import { progress } from './lib/progress'
import type { ServerHandle } from './lib/server'
import { round } from './lib/stats'

export interface FirstFiguresRun {
  width: number
  height: number
  /** Runs, each in a fresh browser context (cold HTTP cache). */
  runs: number
  /** Navigation start → the first `[data-metric]` showing a figure (not "—"), ms; median and each run. */
  firstFigureMs: number
  firstFigureRunsMs: number[]
  /** Navigation start → the first frame painted after it (the next rAF), ms, median. */
  firstFigurePaintedMs: number
  /** Navigation start → every chart on the page has its canvas, ms, median (NaN if never). */
  chartsMs: number
  /** Script bytes the page loaded before the first figure (transfer size, uncompressed if the server does not compress), kB. */
  scriptKBBeforeFigure: number
}

/** What the page logs once it has all its marks. */
export const DONE = '__firstFigures:done'

/**
 * Records, inside the page, when the first headline figure is filled, when it is painted, and when
 * the charts have canvases. Times are performance.now(), which counts from navigation start. Says
 * it is done on the console: the bench waits for that rather than polling the page with
 * `waitForFunction`, whose script Playwright injects into the page as soon as it is called, that is
 * while the wall loads (40 to 110 ms of the page's main thread on a slow CPU, in the first figures'
 * way, which no real wall has).
 */
export const INIT_SCRIPT = `(() => {
  const r = { figure: 0, painted: 0, charts: 0, scriptBytes: 0 }
  const finish = () => { if (r.painted && r.charts) console.debug('${DONE}') }
  window.__firstFigures = r
  const filled = () => [...document.querySelectorAll('[data-metric]')].some((e) => { const t = (e.textContent || '').trim(); return t !== '' && t !== '—' })
  const chartsDone = () => { const c = document.querySelectorAll('[data-chart]'); return c.length > 0 && [...c].every((e) => e.querySelector('canvas')) }
  const check = () => {
    if (!r.figure && filled()) {
      r.figure = performance.now()
      r.scriptBytes = performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js')).reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0)
      requestAnimationFrame(() => { r.painted = performance.now(); finish() })
    }
    if (r.figure && !r.charts && chartsDone()) { r.charts = performance.now(); finish() }
    if (r.figure && r.charts) observer.disconnect()
  }
  const observer = new MutationObserver(check)
  const start = () => observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true })
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start)
})()`

export interface Marks {
  figure: number
  painted: number
  charts: number
  scriptBytes: number
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN
}

async function once(browser: Browser, url: string, width: number, height: number): Promise<Marks> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 })
  try {
    const page = await context.newPage()
    await page.addInitScript(INIT_SCRIPT)
    const done = page.waitForEvent('console', { predicate: (m) => m.text() === DONE, timeout: 60_000 })
    await page.goto(url)
    await done
    return await page.evaluate(() => ({ ...(window as unknown as { __firstFigures: Marks }).__firstFigures }))
  } finally {
    await context.close()
  }
}

/**
 * The wall's first figures at 1920×1080 and 3840×2160: a fresh context per run (nothing cached),
 * one throwaway run first so the server's own first-request costs are not counted.
 */
export async function runFirstFigures(opts: { server: ServerHandle; token: string; region: string; runs: number }): Promise<FirstFiguresRun[]> {
  progress.setPhase('4/5 wall first figures')
  const browser = await launchChromium()
  const url = `${opts.server.url}/?region=${opts.region}&token=${opts.token}`
  const out: FirstFiguresRun[] = []
  try {
    await once(browser, url, 1920, 1080)
    for (const [width, height] of [
      [1920, 1080],
      [3840, 2160],
    ] as const) {
      const marks: Marks[] = []
      for (let i = 0; i < opts.runs; i++) {
        progress.update(`${width}×${height}, run ${i + 1}/${opts.runs}`)
        marks.push(await once(browser, url, width, height))
      }
      out.push({
        width,
        height,
        runs: marks.length,
        firstFigureMs: round(median(marks.map((m) => m.figure))),
        firstFigureRunsMs: marks.map((m) => round(m.figure)),
        firstFigurePaintedMs: round(median(marks.map((m) => m.painted))),
        chartsMs: round(median(marks.map((m) => m.charts || NaN))),
        scriptKBBeforeFigure: round(median(marks.map((m) => m.scriptBytes / 1024))),
      })
    }
    return out
  } finally {
    await browser.close()
  }
}
