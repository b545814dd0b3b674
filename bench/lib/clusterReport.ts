import type { BenchResults, Verdict } from './report'
import { countText, fixedText, round } from './stats'

const n = countText
const ms = (x: number | undefined) => fixedText(x)
/** two nodes ÷ one node, when both were measured in this run. */
const ratio = (two: number, one: number | undefined) => (one !== undefined && Number.isFinite(one) && one > 0 ? `${round(two / one, 2).toFixed(2)}×` : '–')

/** The single-node figures of the same run the two-node ones are set beside. */
function oneNode(r: BenchResults) {
  const ingest = (store: 'sqlite' | 'postgres') => r.ingest?.find((x) => (x.store ?? 'sqlite') === store && x.batch === 1000 && x.mode === 'live')?.eventsPerSec
  const push = r.push?.real.find((p) => p.sockets === 1000)
  return { sqlite: ingest('sqlite'), postgres: ingest('postgres'), push }
}

/** Section 8 of the table: two nodes beside one, as ratios. */
export function renderCluster(r: BenchResults): string[] {
  const c = r.cluster
  if (!c) return []
  const one = oneNode(r)
  const rows: string[][] = [
    ['ingest events/s, batches of 1,000', n(c.ingest.eventsPerSec), n(one.sqlite), ratio(c.ingest.eventsPerSec, one.sqlite), n(one.postgres), ratio(c.ingest.eventsPerSec, one.postgres)],
    [`push all p50 ms, ${n(c.push.sockets)} sockets`, ms(c.push.all.p50), ms(one.push?.all.p50), ratio(c.push.all.p50, one.push?.all.p50), '–', '–'],
    [`push all p99 ms, ${n(c.push.sockets)} sockets`, ms(c.push.all.p99), ms(one.push?.all.p99), ratio(c.push.all.p99, one.push?.all.p99), '–', '–'],
    [`push first p99 ms`, ms(c.push.first.p99), ms(one.push?.first.p99), ratio(c.push.first.p99, one.push?.first.p99), '–', '–'],
  ]
  const head = ['', 'two nodes (PostgreSQL + Redis)', 'one node, SQLite', 'ratio', 'one node, PostgreSQL', 'ratio']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) => `  ${cells.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ')}`
  return [
    `\n8. Two nodes on PostgreSQL + Redis beside one node (same run): ingest with ${c.ingest.perNode} request in flight on each node; push from a POST on node A to the sockets of node B`,
    [line(head), `  ${widths.map((w) => '─'.repeat(w)).join('  ')}`, ...rows.map(line)].join('\n'),
    `  (two nodes: ${n(c.ingest.events)} events in ${c.ingest.seconds} s, request p50 ${ms(c.ingest.requestMs.p50)} ms, p99 ${ms(c.ingest.requestMs.p99)} ms; both nodes at the log's head ${ms(c.ingest.catchUpMs)} ms after the last answer;` +
      ` push lost ${c.push.lost}, ${n(c.push.messagesPerMarker)} summary frames per event, node B CPU ${Math.round(c.push.server.cpuShare * 100)}%;` +
      ` one node: POST → its own sockets; "–": not measured in this run)`,
  ]
}

export function clusterVerdict(r: BenchResults): Verdict {
  const goal = '8. two nodes: ingest and push across nodes beside one node (no goal of their own)'
  const c = r.cluster
  if (!c) return { goal, status: 'not measured', figure: r.errors.cluster ?? '' }
  const one = oneNode(r)
  return {
    goal,
    status: 'no goal',
    figure:
      `ingest ${n(c.ingest.eventsPerSec)} events/s (${ratio(c.ingest.eventsPerSec, one.sqlite)} one node on SQLite, ${ratio(c.ingest.eventsPerSec, one.postgres)} on PostgreSQL); ` +
      `push A → ${n(c.push.sockets)} sockets on B p50 ${ms(c.push.all.p50)} ms, p99 ${ms(c.push.all.p99)} ms (${ratio(c.push.all.p99, one.push?.all.p99)} one node's p99), lost ${c.push.lost}`,
  }
}
