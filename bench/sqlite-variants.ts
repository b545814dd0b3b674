/**
 * `npx tsx bench/sqlite-variants.ts [batches]`: the raw SQLite limit of the ingest rows (as in
 * `npm run bench`, batches of 1,000 of the live feed) under store settings the server could choose,
 * to size what a change of pragmas would buy before proposing it. Not part of `npm run bench`.
 */
import { demoRegions } from '../server/demo/regions'
import { RegionTree } from '../shared/regions/tree'
import { rawSqlite } from './raw/sqlite'
import type { Recorded } from './raw/rows'
import { EventGen } from './lib/events'

const count = Number(process.argv[2] ?? 100)
const regions = demoRegions()
const tree = new RegionTree(regions)
const villages = regions.filter((r) => r.level === 'village').map((r) => r.code)

function batches(tag: string): Recorded[] {
  const gen = new EventGen(villages, tag)
  const out: Recorded[] = []
  for (let i = 0; i < count; i++) {
    const { no, events } = gen.batch(1000, { mode: 'live' })
    gen.commit(no)
    out.push({ events })
  }
  return out
}

const variants: Array<[string, string[]]> = [
  ['as the server (WAL, synchronous=FULL)', []],
  ['synchronous=NORMAL', ['synchronous = NORMAL']],
  ['cache_size=64 MB', ['cache_size = -65536']],
  ['wal_autocheckpoint=10000 pages', ['wal_autocheckpoint = 10000']],
  ['all three', ['synchronous = NORMAL', 'cache_size = -65536', 'wal_autocheckpoint = 10000']],
]
for (const [label, pragmas] of variants) {
  const r = rawSqlite(batches(`v${Math.random().toString(36).slice(2, 6)}`), tree, pragmas)
  process.stdout.write(`${label.padEnd(40)} ${String(r.eventsPerSec).padStart(7)} events/s (${r.events} events in ${r.seconds.toFixed(2)} s)\n`)
}
