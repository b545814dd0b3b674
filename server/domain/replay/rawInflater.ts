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

/** Bytes of each block of memory the chunks are inflated into. */
const SLAB_BYTES = 1 << 20
/** Blocks given back (ChunkSlabs.release) kept for the next cold instant, at most (32 MB). */
const POOL_MAX = 32
/** Blocks given back, their pages already mapped: the next instant inflates into them. */
const pool: Uint8Array[] = []

/**
 * Raw deflate streams inflated through the one reused stream into views of blocks of 1 MB, each
 * view at a multiple of 8 bytes (a Float64Array reads it in place), no stream, handle or buffer
 * made per call. `release` gives every block back for the next owner once its views are dropped:
 * a cold instant kept its ~2,900 chunks (26 MB) in fresh memory each time, pages the kernel had to
 * map and zero (a fault each, ~6,500 per instant) and V8 counted as external, set off collections.
 */
export class ChunkSlabs {
  private slabs: Uint8Array[] = []
  private slab: Uint8Array = new Uint8Array(0)
  private used = 0

  /**
   * `stored` inflated, as `inflateRawSync` gives it, when it inflates to exactly `size` bytes; any
   * other outcome (another size, an error, a Node without the expected handle) is left to
   * `inflateRawSync` itself, which gives what it would have given (or throws what it throws).
   * The view is good until `release`.
   */
  inflate(stored: Uint8Array, size: number): Buffer {
    const e = size < OWN_FROM ? theEngine() : null
    if (!e) return fallback(stored, size)
    // A byte to spare: a stream longer than `size` fills it rather than stopping at the brim unnoticed.
    if (this.used + size + 1 > this.slab.length) {
      this.slab = pool.pop() ?? new Uint8Array(SLAB_BYTES)
      this.slabs.push(this.slab)
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

  /** Give every block back (the owner drops every view it was given first): the next `inflate` starts a block again. */
  release(): void {
    for (const s of this.slabs) if (pool.length < POOL_MAX) pool.push(s)
    this.slabs = []
    this.slab = new Uint8Array(0)
    this.used = 0
  }
}

/** What the reused stream did not inflate cleanly, the public way (one buffer of the size it was written with, and a byte to spare). */
function fallback(stored: Uint8Array, size: number): Buffer {
  return inflateRawSync(stored, { chunkSize: Math.max(64, size + 1) })
}
