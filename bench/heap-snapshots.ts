/**
 * `npx tsx bench/heap-snapshots.ts [--out DIR] [--warmup S] [--rate R] [--burst-rate B] [--at S1,S2,…]`
 *
 * The soak's setting (the real server on a fresh store, the wall at 1920×1080 on the root, the
 * live feed posted at R events/s during the warm-up, then B events/s in 20 batches a second)
 * with CDP heap snapshots after forced GC at the given seconds of the burst, written to DIR as
 * `wall-<seconds>s.heapsnapshot`. Node ids are stable within one page, so
 * `bench/heap-diff.ts` can tell which objects the later snapshot holds that the earlier did not.
 * Not part of `run.ts`; needs `npm run build`.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { CDPSession } from 'playwright-core'
import { launchChromium } from '../test/helpers/browser'
import { arg } from './lib/args'
import { EventGen } from './lib/events'
import { freshDataDir, login, regions as fetchRegions, startServer } from './lib/server'
import { sleep } from './lib/stats'
import { postUpdates } from './lib/updateStream'

const outDir = path.resolve(arg('out') ?? 'bench/results/heap')
const warmupS = Number(arg('warmup') ?? 60)
const warmRate = Number(arg('rate') ?? 10)
const burstRate = Number(arg('burst-rate') ?? 200)
const at = (arg('at') ?? '30,150,270').split(',').map(Number)

const say = (line: string) => process.stdout.write(`${line}\n`)

/** JS heap and Blink's heap (DOM, layout, canvas text caches) after forced GC, then the snapshot; MB. */
async function snapshot(cdp: CDPSession, file: string): Promise<{ js: number; blink: number }> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize, embedderHeapUsedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number }
  const out = fs.createWriteStream(file)
  const onChunk = (e: { chunk: string }) => out.write(e.chunk)
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
  await new Promise<void>((resolve) => out.end(resolve))
  return { js: usedSize / 2 ** 20, blink: (embedderHeapUsedSize ?? NaN) / 2 ** 20 }
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true })
  const server = await startServer({ dataDir: freshDataDir() })
  const browser = await launchChromium()
  let stopped = false
  try {
    const token = await login(server.url)
    const tree = await fetchRegions(server.url, token)
    const root = tree.find((r) => r.parent === null)!.code
    const gen = new EventGen(
      tree.filter((r) => r.level === 'village').map((r) => r.code),
      `s${Date.now().toString(36)}`,
    )
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    page.on('pageerror', (e) => console.error(`page error: ${String(e).slice(0, 300)}`))
    await page.goto(`${server.url}/?region=${root}&token=${token}`)
    await page.locator('[data-metric="cases.total"]').first().waitFor({ timeout: 30_000 })
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('HeapProfiler.enable')

    // The soak's update stream, at the warm-up's rate, then the burst's.
    let rate = warmRate
    let posted = 0
    const updater = postUpdates({
      url: server.url,
      gen,
      rate: () => rate,
      stopped: () => stopped,
      posted: (n) => (posted += n),
      failed: (err) => console.error(String(err)),
    })

    await sleep(warmupS * 1000)
    rate = burstRate
    const t0 = performance.now()
    for (const s of at) {
      await sleep(Math.max(0, t0 + s * 1000 - performance.now()))
      const file = path.join(outDir, `wall-${s}s.heapsnapshot`)
      const mb = await snapshot(cdp, file)
      say(`${s} s into the burst: ${posted} events posted, after GC JS heap ${mb.js.toFixed(3)} MB, Blink's heap ${mb.blink.toFixed(3)} MB → ${file}`)
    }
    stopped = true
    await updater
  } finally {
    stopped = true
    await browser.close()
    await server.stop()
  }
}

await main()
