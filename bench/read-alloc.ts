/**
 * `npx tsx bench/read-alloc.ts --dir D [--requests N] [--rounds R] [--only root,village,compare,detail]
 * [--heap-profile FILE] [--profile FILE]`: what one summary read costs the server in garbage and CPU,
 * not in wall time. Not part of `run.ts`.
 *
 * D is a store filled by `npx tsx bench/asof-cold.ts --fill 100000 --dir D`. The app is built on it
 * in this process as the bench's server runs (logger on at `warn`, output dropped), listens on
 * 127.0.0.1, and a session token is taken by logging in as admin. A forked client process (its own
 * heap and CPU, outside the figures) sends sequential keep-alive GETs, as `reads.ts` does: the
 * summary of the root and of a village, the root's year to date with `compare=previous,lastYear`,
 * and the detail of the district with the most children ranked by `cases.onTimeRate` with both
 * comparisons. Each read is warmed up, then measured over R rounds of N requests (interleaved by
 * round), and per request the script prints:
 * - KB allocated on the JS heap: Σ over the garbage collections of (heap used before it − heap used
 *   after the one before), plus the growth after the last (v8.GCProfiler);
 * - scavenges (young-generation collections) per 1,000 requests, the pauses behind the p99, and
 *   their mean length in µs (GCProfiler's `cost`: wall time, so it grows with the machine's load);
 * - CPU µs of this process (user + system; the client is another process).
 * `--heap-profile FILE` samples allocations (objects freed by scavenges included) over one more
 * round of each read and prints the functions allocating most; `--profile FILE` writes a CPU profile
 * of the measured rounds and prints its summary.
 */
import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import v8 from 'node:v8'
import { fileURLToPath } from 'node:url'
import { Session } from 'node:inspector/promises'
import { request } from './lib/http'
import { summariseProfile } from './lib/profile'
import { round } from './lib/stats'
import { arg } from './lib/args'

interface Job {
  url: string
  token: string
  n: number
}

// The client: sequential GETs on one keep-alive connection, told what to send by the parent.
if (process.argv.includes('--client')) {
  process.on('message', (job: Job) => {
    void (async () => {
      let bytes = 0
      for (let i = 0; i < job.n; i++) {
        const res = await request('GET', job.url, { token: job.token })
        if (res.status !== 200) throw new Error(`${job.url}: ${res.status} ${res.body.slice(0, 200)}`)
        bytes += res.body.length
      }
      process.send!({ bytes })
    })().catch((err: unknown) => {
      process.stderr.write(`${String(err)}\n`)
      process.exit(1)
    })
  })
} else {
  await main()
}

async function main() {
  const dataDir = arg('dir')
  if (!dataDir) throw new Error('--dir D: a store filled by bench/asof-cold.ts --fill')
  const n = Number(arg('requests') ?? 2000)
  const rounds = Number(arg('rounds') ?? 3)
  const heapProfile = arg('heap-profile')
  const cpuProfile = arg('profile')
  const only = arg('only')?.split(',')

  // Loaded here, not above: the forked client runs this file too, without the server.
  const { buildBenchApp, BENCH_ADMIN_PASSWORD } = await import('./lib/inProcess')
  // As the bench's server runs: a logger at warn (a child logger per request), lines dropped.
  const app = await buildBenchApp(dataDir, { logLevel: 'warn' }, { level: 'warn', stream: { write: () => {} } })
  await app.ready()
  await app.demo.ready()
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'admin', password: BENCH_ADMIN_PASSWORD } })
  if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`)
  const token = (JSON.parse(login.body) as { token: string }).token

  const tree = app.regions.list()
  const root = tree.find((r) => r.parent === null)!.code
  const villages = tree.filter((r) => r.level === 'village').map((r) => r.code)
  const village = villages.includes('330111005001') ? '330111005001' : villages[0]!
  const childCount = (code: string) => tree.filter((r) => r.parent === code).length
  const district = tree.filter((r) => r.level === 'district').reduce((a, b) => (childCount(b.code) > childCount(a.code) ? b : a)).code
  const compare = 'period=year&compare=previous,lastYear'
  const reads = [
    { name: 'root', path: `/api/v1/summary?region=${root}` },
    { name: 'village', path: `/api/v1/summary?region=${village}` },
    { name: 'compare', path: `/api/v1/summary?region=${root}&${compare}` },
    { name: 'detail', path: `/api/v1/summary/detail?region=${district}&${compare}&rankBy=cases.onTimeRate&order=asc` },
  ].filter((r) => !only || only.includes(r.name))

  const client: ChildProcess = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const send = (path: string, count: number) =>
    new Promise<number>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`client exited (${code})`))
      client.once('exit', exited)
      client.once('message', (m: { bytes: number }) => {
        client.off('exit', exited)
        resolve(m.bytes)
      })
      client.send({ url: `${base}${path}`, token, n: count } satisfies Job)
    })

  /** One round of `count` reads: heap allocation, scavenges and CPU of this process. */
  const measure = async (path: string, count: number) => {
    const gc = new v8.GCProfiler()
    const usedBefore = v8.getHeapStatistics().used_heap_size
    const cpu0 = process.cpuUsage()
    gc.start()
    const bytes = await send(path, count)
    const usedAfter = v8.getHeapStatistics().used_heap_size
    const cpu = process.cpuUsage(cpu0)
    const { statistics } = gc.stop()
    let allocated = 0
    let last = usedBefore
    let scavenges = 0
    let scavengeUs = 0
    let marks = 0
    for (const s of statistics) {
      allocated += s.beforeGC.heapStatistics.usedHeapSize - last
      last = s.afterGC.heapStatistics.usedHeapSize
      if (s.gcType === 'Scavenge') {
        scavenges++
        scavengeUs += s.cost
      } else marks++
    }
    allocated += usedAfter - last
    return { allocated, scavenges, scavengeUs, marks, cpuUs: cpu.user + cpu.system, bytes }
  }

  const session = cpuProfile || heapProfile ? new Session() : null
  session?.connect()

  for (const r of reads) await send(r.path, 500)
  if (session && cpuProfile) {
    await session.post('Profiler.enable')
    await session.post('Profiler.start')
  }
  const results = new Map<string, Array<Awaited<ReturnType<typeof measure>>>>()
  for (let i = 0; i < rounds; i++)
    for (const r of reads) {
      const list = results.get(r.name) ?? []
      list.push(await measure(r.path, n))
      results.set(r.name, list)
    }
  if (session && cpuProfile) {
    const { profile } = await session.post('Profiler.stop')
    fs.writeFileSync(cpuProfile, JSON.stringify(profile))
  }

  const out: Record<string, unknown> = { requests: n, rounds, loadavg: os.loadavg().map((l) => round(l, 2)), node: process.version }
  for (const r of reads) {
    const list = results.get(r.name)!
    const per = (f: (m: Awaited<ReturnType<typeof measure>>) => number) => list.map(f)
    out[r.name] = {
      path: r.path,
      responseBytes: Math.round(list[0]!.bytes / n),
      kbPerRequest: per((m) => round(m.allocated / n / 1024, 1)),
      scavengesPer1000: per((m) => round((m.scavenges * 1000) / n, 2)),
      scavengeMeanUs: per((m) => (m.scavenges ? Math.round(m.scavengeUs / m.scavenges) : 0)),
      markCompacts: per((m) => m.marks),
      cpuUsPerRequest: per((m) => Math.round(m.cpuUs / n)),
    }
  }
  // One line per read: each figure's value in every round.
  process.stdout.write(`{\n${Object.entries(out).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}\n`)
  if (cpuProfile) process.stdout.write(`${JSON.stringify(summariseProfile(cpuProfile, 25), null, 1)}\n`)

  if (session && heapProfile) {
    await session.post('HeapProfiler.enable')
    // Objects freed by scavenges are what a read's garbage is: keep them in the samples.
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 512,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never)
    for (const r of reads) await send(r.path, n)
    const { profile } = await session.post('HeapProfiler.stopSampling')
    fs.writeFileSync(heapProfile, JSON.stringify(profile))
    process.stdout.write(`${JSON.stringify(summariseHeap(profile as unknown as Parameters<typeof summariseHeap>[0], n * reads.length), null, 1)}\n`)
  }
  client.kill()
  await app.close()
  process.exit(0)
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number }
  selfSize: number
  id: number
  children: HeapNode[]
}

/** Sampled bytes per request by allocating function and by place (package or file), largest first. */
function summariseHeap(profile: { head: HeapNode; samples: Array<{ size: number; nodeId: number }> }, requests: number) {
  const byId = new Map<number, HeapNode>()
  const walk = (node: HeapNode) => {
    byId.set(node.id, node)
    node.children.forEach(walk)
  }
  walk(profile.head)
  const fns = new Map<string, number>()
  const places = new Map<string, number>()
  let total = 0
  for (const s of profile.samples) {
    const node = byId.get(s.nodeId)
    if (!node) continue
    const { functionName, url, lineNumber } = node.callFrame
    const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
    const ours = /\/(server|shared|bench)\/(.*)$/.exec(url)
    const place = nm ? nm[1]! : ours ? `${ours[1]}/${ours[2]}` : url.startsWith('node:') ? 'node:internals' : url || '(native)'
    const fn = `${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`
    fns.set(fn, (fns.get(fn) ?? 0) + s.size)
    places.set(place, (places.get(place) ?? 0) + s.size)
    total += s.size
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([what, bytes]) => ({ what, bytesPerRequest: Math.round(bytes / requests) }))
  return { sampledBytesPerRequest: Math.round(total / requests), byPlace: top(places, 15), byFunction: top(fns, 30) }
}
