import { constants, InflateRaw, inflateRawSync } from 'node:zlib'

/** What Node's zlib stream keeps of its native handle (lib/zlib.js): not a public API, so every use is checked and has a way back. */
interface NativeInflate {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void
}
interface EngineInside {
  _handle?: NativeInflate | null
  _writeState?: Uint32Array
}

/** Bytes of each block of memory the outputs are cut from (a snapshot's chunk is a few KB raw, 9.8 at most at 340,000 cases). */
const SLAB_BYTES = 1 << 20
/** An output larger than this gets memory of its own rather than a slab's. */
const OWN_FROM = SLAB_BYTES >> 2

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

/**
 * Raw deflate streams inflated to their known size into views of a few large blocks of memory
 * (each view starting at a multiple of 8 bytes, so a Float64Array or Int32Array reads it in place),
 * through the one reused stream: no stream, handle or buffer made per call. The views keep their
 * block alive: an owner (one snapshot's unresolved cases) holds one of these for as long as it
 * holds what it inflated.
 */
export class SlabInflater {
  private slab = new Uint8Array(0)
  private used = 0

  /**
   * `stored` inflated, as `inflateRawSync` gives it, when it inflates to exactly `size` bytes; any
   * other outcome (another size, an error, a Node without the expected handle) is left to
   * `inflateRawSync` itself, which gives what it would have given (or throws what it throws).
   */
  inflate(stored: Uint8Array, size: number): Buffer {
    const e = size < OWN_FROM ? theEngine() : null
    if (!e) return fallback(stored, size)
    // A byte to spare: a stream longer than `size` fills it rather than stopping at the brim unnoticed.
    if (this.used + size + 1 > this.slab.length) {
      this.slab = new Uint8Array(SLAB_BYTES)
      this.used = 0
    }
    const at = this.used
    e._handle!.writeSync(constants.Z_FINISH, stored, 0, stored.length, this.slab, at, size + 1)
    const [outLeft, inLeft] = e._writeState!
    const ok = !e.destroyed && outLeft === 1 && inLeft === 0
    if (e.destroyed) engine = null
    else e.reset()
    if (!ok) return fallback(stored, size)
    this.used = (at + size + 7) & ~7
    return Buffer.from(this.slab.buffer, at, size)
  }
}

/** What the reused stream did not inflate cleanly, the public way (one buffer of the size it was written with, and a byte to spare). */
function fallback(stored: Uint8Array, size: number): Buffer {
  return inflateRawSync(stored, { chunkSize: Math.max(64, size + 1) })
}
