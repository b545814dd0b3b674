import { constants, InflateRaw, inflateRawSync } from 'node:zlib'

/** What Node's zlib stream keeps of its native handle (lib/zlib.js): not a public API, so every use is checked and has a way back. */
interface NativeInflate {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void
}
interface EngineInside {
  _handle?: NativeInflate | null
  _writeState?: Uint32Array
}

/** An output larger than this is inflated the public way, into memory of its own (a snapshot's chunk is a few KB raw, 9.8 at most at 340,000 cases). */
const OWN_FROM = 1 << 18

/**
 * One process-wide zlib stream for raw deflate streams inflated one after another, reset between
 * them. `inflateRawSync` makes a stream and its native handle per call and frees them after
 * (zlib's state and its 32 KB window, reported to V8 as external memory): a cold `asOf` instant
 * inflates ~2,900 of a snapshot's chunks, ~130 MB of such memory made and freed, which set off
 * many of its collections, and the stream's JS object made per call was 2–3% of the instant.
 */
let engine: (InflateRaw & EngineInside) | null = null
/** Set when Node's stream does not hold the handle this file expects: every call then takes `inflateRawSync`. */
let unusable = false

function theEngine(): (InflateRaw & EngineInside) | null {
  if (unusable) return null
  if (engine && !engine.destroyed) return engine
  const e = new InflateRaw() as InflateRaw & EngineInside
  // An error destroys the stream and emits 'error' on the next tick: caught here, the bytes are then inflated again the public way.
  e.on('error', () => undefined)
  if (typeof e._handle?.writeSync !== 'function' || !(e._writeState instanceof Uint32Array)) {
    unusable = true
    return null
  }
  return (engine = e)
}

/** The memory `inflateToScratch` writes into, grown as needed: touched once by the process, not per chunk. */
let scratch = new Uint8Array(1 << 16)

/**
 * `stored` inflated, as `inflateRawSync` gives it, into memory shared by every call: the view is
 * good until the next call only (its reader copies out what it decodes before then). A cold
 * instant reads ~5,000 cases from ~2,900 chunks: each chunk's 9 KB kept in fresh memory was
 * 26 MB of pages the kernel had to map and zero (a fault each, 6,500 per instant) and V8 counted
 * as external, where inflating a chunk again for the next case of it costs less.
 */
export function inflateToScratch(stored: Uint8Array, size: number): Buffer {
  const e = size < OWN_FROM ? theEngine() : null
  if (!e) return fallback(stored, size)
  if (size + 1 > scratch.length) scratch = new Uint8Array(Math.max(size + 1, scratch.length * 2))
  e._handle!.writeSync(constants.Z_FINISH, stored, 0, stored.length, scratch, 0, size + 1)
  const [outLeft, inLeft] = e._writeState!
  const ok = !e.destroyed && outLeft === 1 && inLeft === 0
  if (e.destroyed) engine = null
  else e.reset()
  return ok ? Buffer.from(scratch.buffer, 0, size) : fallback(stored, size)
}

/** What the reused stream did not inflate cleanly, the public way (one buffer of the size it was written with, and a byte to spare). */
function fallback(stored: Uint8Array, size: number): Buffer {
  return inflateRawSync(stored, { chunkSize: Math.max(64, size + 1) })
}
