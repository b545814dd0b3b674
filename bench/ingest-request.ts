/**
 * `npx tsx bench/ingest-request.ts [--batches N] [--rounds R]`: CPU ms per 1,000 events of the
 * request-side steps of an ingest batch, each alone on the main thread, on N generated live
 * batches of 1,000 (the bench's generator): decoding the body's UTF-8 (its titles are Chinese, so
 * the text is not ASCII), JSON.parse, the route's validation (validateIngestBody), one structured
 * clone of the 1,000 event objects through a MessagePort (what posting them to a thread costs the
 * sender), and JSON.stringify of each event. It sizes a change to that path before it is made: a
 * step that costs 1 ms per 1,000 events cannot move the 130–200 ms the whole ingest costs. Not
 * part of `run.ts`.
 */
import { MessageChannel } from 'node:worker_threads'
import { validateIngestBody } from '../server/ingest/validateBatch'
import { arg } from './lib/args'
import { EventGen } from './lib/events'

const batches = Number(arg('batches') ?? 40)
const rounds = Number(arg('rounds') ?? 5)

// Village codes of the demo tree's shape; validation checks the schema, not the tree.
const villages = Array.from({ length: 200 }, (_, i) => `3301${String(i).padStart(8, '0')}`)
const gen = new EventGen(villages, 'request')
const texts = Array.from({ length: batches }, () => {
  const { no, events } = gen.batch(1000, { mode: 'live' })
  gen.commit(no)
  return JSON.stringify({ events })
})
const buffers = texts.map((t) => Buffer.from(t))
const parsed = texts.map((t) => JSON.parse(t) as { events: unknown[] })

let sink: unknown
/** CPU ms per batch of 1,000 events of `step` over every batch, once per round. */
const cpu = (step: () => void): number[] => {
  const out: number[] = []
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage()
    step()
    const c = process.cpuUsage(c0)
    out.push(Math.round(((c.user + c.system) / 1000 / batches) * 100) / 100)
  }
  return out
}

const { port1, port2 } = new MessageChannel()
port2.on('message', () => {})
const result = {
  bodyKB: Math.round(buffers[0]!.length / 1024),
  ascii: buffers[0]!.length === texts[0]!.length,
  msPer1000: {
    utf8Decode: cpu(() => {
      for (const b of buffers) sink = b.toString('utf8')
    }),
    jsonParse: cpu(() => {
      for (const t of texts) sink = JSON.parse(t)
    }),
    validate: cpu(() => {
      for (const p of parsed) if (validateIngestBody(p).length > 0) throw new Error('a generated batch failed validation')
    }),
    structuredClone: cpu(() => {
      for (const p of parsed) port1.postMessage(p.events)
    }),
    stringifyEach: cpu(() => {
      for (const p of parsed) for (const e of p.events) sink = JSON.stringify(e)
    }),
  },
}
port1.close()
void sink
process.stdout.write(`${JSON.stringify(result)}\n`)
