/**
 * `node --expose-gc --import tsx bench/decode-open.ts --dir D [--old DIR --old-dir D2] [--rounds R] [--finds K]`: the CPU
 * time of a cold restore's first steps on the latest snapshot of a store filled by `asof-cold.ts
 * --fill`: decodeSnapshotDeferred (the header, the unresolved cases' head inflated: ids, looks,
 * orders, strings), then K ids found by their id and K cases decoded, evenly spaced (from format 11 each inflates
 * its chunk of cases first; K at least the count reads them all, as a lazy restart's drain does). With `--old` (a `git archive` of an
 * earlier commit's `server` and `shared`, `node_modules` linked) and `--old-dir` (the same log with
 * that code's snapshots), both run alternately in one process.
 */
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { arg } from './lib/args'
import type * as SnapshotCodec from '../server/domain/replay/snapshotCodec'

type Codec = typeof SnapshotCodec
const rounds = Number(arg('rounds') ?? 10)
const finds = Number(arg('finds') ?? 2000)
// The snapshot file of this code's stores, or the store's own file of an older version's.
const latest = (dir: string) =>
  (new Database(path.join(dir, fs.existsSync(path.join(dir, 'snapshots.sqlite')) ? 'snapshots.sqlite' : 'yiping.sqlite'), { readonly: true }).prepare('SELECT body FROM snapshots ORDER BY seq DESC LIMIT 1').get() as { body: Buffer }).body
const versions: Array<{ name: string; codec: Codec; body: Buffer }> = [
  { name: 'this', codec: await import('../server/domain/replay/snapshotCodec'), body: latest(arg('dir')!) },
]
const oldDir = arg('old')
if (oldDir) versions.push({ name: 'old', codec: (await import(path.resolve(oldDir, 'server/domain/replay/snapshotCodec.ts'))) as Codec, body: latest(arg('old-dir')!) })
const cpu = () => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1000
}
const out: Record<string, { decodeMs: number[]; findMs: number[]; readMs: number[]; bodyBytes: number; openCases: number }> = {}
for (let r = 0; r < rounds; r++)
  for (const v of r % 2 ? [...versions].reverse() : versions) {
    // The other version's garbage collected first, not in this one's figures (run with --expose-gc).
    ;(globalThis as { gc?: () => void }).gc?.()
    const c0 = cpu()
    const d = await v.codec.decodeSnapshotDeferred(v.body)
    const c1 = cpu()
    const open = d.watched
    const step = Math.max(1, Math.floor(open.count / finds))
    const ids: string[] = []
    for (let i = 0; i < open.count; i += step) ids.push(`${open.id(i)}`)
    const c2 = cpu()
    let found = 0
    for (const id of ids) found += open.find(id) >= 0 ? 1 : 0
    const c3 = cpu()
    for (let i = 0; i < open.count; i += step) open.read(i)
    const c4 = cpu()
    if (found !== ids.length) throw new Error(`${v.name}: ${ids.length - found} ids not found`)
    const o = (out[v.name] ??= { decodeMs: [], findMs: [], readMs: [], bodyBytes: v.body.length, openCases: open.count })
    o.decodeMs.push(Math.round(c1 - c0))
    o.findMs.push(Math.round((c3 - c2) * 10) / 10)
    o.readMs.push(Math.round(c4 - c3))
  }
process.stdout.write(`${JSON.stringify({ ...out, loadavg: os.loadavg().map((l) => Math.round(l * 10) / 10) })}\n`)
