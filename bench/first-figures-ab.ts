/**
 * `tsx bench/first-figures-ab.ts --roots A,B [--pairs 2] [--runs 3]`: the wall's first figures
 * (`firstFigures.ts`, as the bench measures them: 1920×1080 then 3840×2160, a fresh browser context
 * per run, one throwaway run first) of two checkouts in turn, A B A B …, each its own server
 * (its `server/` and `dist/`, built beforehand) on a fresh store, both measured by the
 * `firstFigures.ts` of the checkout this script runs from (the same measure for both). Each run
 * prints the medians and the runs, the load average at its start and the machine's busy CPU time
 * during it (/proc/stat, all cores: what else ran shows there).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { arg } from './lib/args'
import { runFirstFigures } from './firstFigures'

const roots = (arg('roots') ?? '').split(',').filter(Boolean).map((r) => path.resolve(r))
if (roots.length < 2) throw new Error('--roots A,B: two checkouts, each built (npm run build)')
const pairs = Number(arg('pairs') ?? 2)
const runs = Number(arg('runs') ?? 3)

/** Busy (not idle, not iowait) CPU ms of the whole machine so far. */
function busyMs(): number {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const idle = cpu[3]! + cpu[4]!
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0)
  return ((total - idle) * 1000) / 100
}

interface Row {
  root: string
  load: number
  busyMs: number
  sizes: Array<{ size: string; figure: number; runs: number[]; painted: number; charts: number; scriptKB: number }>
}
const rows: Row[] = []
for (let p = 0; p < pairs; p++) {
  for (const root of roots) {
    const server = await import(pathToFileURL(path.join(root, 'bench/lib/server.ts')).href)
    const handle = await server.startServer({ dataDir: server.freshDataDir() })
    try {
      const token: string = await server.login(handle.url)
      const tree: Array<{ code: string; parent: string | null }> = await server.regions(handle.url, token)
      const region = tree.find((r) => r.parent === null)!.code
      const load = os.loadavg()[0]!
      const busy = busyMs()
      const out = await runFirstFigures({ server: handle, token, region, runs })
      const row: Row = {
        root,
        load,
        busyMs: Math.round(busyMs() - busy),
        sizes: out.map((r: { width: number; height: number; firstFigureMs: number; firstFigureRunsMs: number[]; firstFigurePaintedMs: number; chartsMs: number; scriptKBBeforeFigure: number }) => ({
          size: `${r.width}×${r.height}`,
          figure: r.firstFigureMs,
          runs: r.firstFigureRunsMs,
          painted: r.firstFigurePaintedMs,
          charts: r.chartsMs,
          scriptKB: r.scriptKBBeforeFigure,
        })),
      }
      rows.push(row)
      process.stdout.write(`${JSON.stringify(row)}\n`)
    } finally {
      await handle.stop()
      fs.rmSync(handle.dataDir, { recursive: true, force: true })
    }
  }
}
for (const r of rows)
  process.stdout.write(
    `${path.basename(r.root).padEnd(16)} load ${r.load.toFixed(2)} busy CPU ${(r.busyMs / 1000).toFixed(1)} s | ` +
      r.sizes.map((s) => `${s.size}: figure ${s.figure} ms (${s.runs.join(', ')}), painted ${s.painted}, charts ${s.charts}, script ${s.scriptKB} kB`).join(' | ') +
      '\n',
  )
