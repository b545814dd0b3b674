/**
 * `npx tsx bench/read-cpu.ts [--cases N] [--old DIR] [--calls K] [--rounds R] [--profile FILE]`:
 * the domain work of the two heaviest live reads, in process and without HTTP: the root's summary
 * of the year with `compare=previous,lastYear`, and the detail of the district with the most
 * children ranked by `cases.onTimeRate` with both comparisons, each followed by the JSON.stringify
 * the routes answer with. Not part of `run.ts`.
 *
 * The figures are an aggregator counting N synthetic cases over two years of the demo's regions
 * (lib/syntheticAggregator.ts), no store. With `--old DIR` (a `git archive` of an earlier commit's
 * `server` and `shared`, with `node_modules` linked) its `summaryOf` and `regionDetail` run on the
 * same aggregator, interleaved with this tree's by round, and every answer of the two is compared
 * byte for byte. Per read and version: CPU µs per call (process.cpuUsage over the K calls), wall
 * p50/p99 per call, and bytes allocated per call (v8.GCProfiler, as read-alloc.ts counts them).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import v8 from 'node:v8'
import { Session } from 'node:inspector/promises'
import { demoRegions } from '../server/demo/regions'
import { regionDetail } from '../server/domain/aggregate/detail'
import { summaryOf } from '../server/domain/aggregate/summary'
import type { Aggregator } from '../server/domain/aggregate/aggregator'
import { resolvePeriod } from '../server/domain/aggregate/view'
import type { CompareKind } from '../shared/time/periods'
import { shanghaiDay } from '../shared/time/shanghai'
import { syntheticAggregator } from './lib/syntheticAggregator'
import { summariseProfile } from './lib/profile'
import { dist, round } from './lib/stats'
import { arg } from './lib/args'

const cases = Number(arg('cases') ?? 1_000_000)
const calls = Number(arg('calls') ?? 2000)
const rounds = Number(arg('rounds') ?? 5)
const oldDir = arg('old')
const cpuProfile = arg('profile')

type Reads = { summaryOf: typeof summaryOf; regionDetail: typeof regionDetail }
const versions: Array<[string, Reads]> = [['new', { summaryOf, regionDetail }]]
if (oldDir) {
  const dir = path.resolve(oldDir)
  const old = {
    summaryOf: ((await import(path.join(dir, 'server/domain/aggregate/summary.ts'))) as { summaryOf: typeof summaryOf }).summaryOf,
    regionDetail: ((await import(path.join(dir, 'server/domain/aggregate/detail.ts'))) as { regionDetail: typeof regionDetail }).regionDetail,
  }
  versions.unshift(['old', old])
}

const now = Date.parse('2026-12-05T10:30:00+08:00')
const regions = demoRegions()
const t0 = performance.now()
const agg: Aggregator = syntheticAggregator(regions, { cases, days: 730, now })
process.stderr.write(`${cases} cases counted in ${Math.round(performance.now() - t0)} ms\n`)
const root = regions.find((r) => r.parent === null)!.code
const childCount = (code: string) => regions.filter((r) => r.parent === code).length
const district = regions.filter((r) => r.level === 'district').reduce((a, b) => (childCount(b.code) > childCount(a.code) ? b : a)).code
const period = resolvePeriod({ preset: 'year' }, shanghaiDay(now), null)
const compare: CompareKind[] = ['previous', 'lastYear']
const view = { region: district, compare, rankBy: 'cases.onTimeRate', order: 'asc' as const }

const reads: Array<[string, (r: Reads) => string]> = [
  ['compare', (r) => JSON.stringify(r.summaryOf(agg, root, period, compare))],
  ['detail', (r) => JSON.stringify(r.regionDetail(agg, { ...view }, period))],
]

// Same answers, byte for byte, before anything is timed.
for (const [name, read] of reads) {
  const answers = versions.map(([, r]) => read(r))
  if (answers.some((a) => a !== answers[0])) throw new Error(`${name}: the versions answer differently`)
}

function measure(read: () => string) {
  const ns: number[] = []
  const gc = new v8.GCProfiler()
  const used0 = v8.getHeapStatistics().used_heap_size
  gc.start()
  const cpu0 = process.cpuUsage()
  for (let i = 0; i < calls; i++) {
    const a = process.hrtime.bigint()
    read()
    ns.push(Number(process.hrtime.bigint() - a))
  }
  const cpu = process.cpuUsage(cpu0)
  const used1 = v8.getHeapStatistics().used_heap_size
  const { statistics } = gc.stop()
  let allocated = 0
  let last = used0
  for (const s of statistics) {
    allocated += s.beforeGC.heapStatistics.usedHeapSize - last
    last = s.afterGC.heapStatistics.usedHeapSize
  }
  allocated += used1 - last
  return { cpuUs: (cpu.user + cpu.system) / calls, ns, bytes: allocated / calls }
}

for (const [, read] of reads) for (const [, r] of versions) for (let i = 0; i < 500; i++) read(r)
const session = cpuProfile ? new Session() : null
if (session) {
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
}
const results = new Map<string, Array<ReturnType<typeof measure>>>()
for (let i = 0; i < rounds; i++)
  for (const [name, read] of reads)
    for (const [version, r] of versions) {
      const key = `${name} ${version}`
      results.set(key, [...(results.get(key) ?? []), measure(() => read(r))])
    }
if (session) {
  const { profile } = await session.post('Profiler.stop')
  fs.writeFileSync(cpuProfile!, JSON.stringify(profile))
}

const out: Record<string, unknown> = { cases, calls, rounds, district, children: childCount(district), loadavg: os.loadavg().map((l) => round(l, 2)), node: process.version }
for (const [key, list] of results) {
  const all = dist(list.flatMap((m) => m.ns.map((n) => n / 1000)))
  out[key] = {
    cpuUsPerCall: list.map((m) => Math.round(m.cpuUs)),
    kbPerCall: list.map((m) => round(m.bytes / 1024, 1)),
    wallUs: { p50: Math.round(all.p50), p99: Math.round(all.p99), max: Math.round(all.max) },
  }
}
process.stdout.write(`{\n${Object.entries(out).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}\n`)
if (cpuProfile) process.stdout.write(`${JSON.stringify(summariseProfile(cpuProfile, 30), null, 1)}\n`)
