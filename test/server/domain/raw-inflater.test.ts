import { deflateRawSync, inflateRawSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { inflateToScratch } from '../../../server/domain/replay/rawInflater'

/** What the codec did before the reused stream: one inflateRawSync per stream, into a buffer of its size and a byte. */
const reference = (stored: Uint8Array, size: number) => inflateRawSync(stored, { chunkSize: Math.max(64, size + 1) })
const outcome = (f: () => Buffer): { bytes: string } | { error: string } => {
  try {
    return { bytes: f().toString('hex') }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

// A snapshot's chunks are inflated through one zlib stream reset between them, into memory shared
// by every call: each must give exactly what inflateRawSync gave, whatever came before it on that stream.
describe('raw streams inflated through one reused stream', () => {
  const raw = fc.uint8Array({ maxLength: 12_000 }).chain((bytes) =>
    fc.constantFrom(bytes, Uint8Array.from(bytes, (b) => b & 7), new Uint8Array(bytes.length).fill(bytes[0] ?? 1)),
  )
  const deflateOpts = fc.record({ level: fc.integer({ min: 0, max: 9 }), windowBits: fc.integer({ min: 9, max: 15 }), memLevel: fc.integer({ min: 1, max: 9 }) })

  it('gives the bytes inflateRawSync gives, at the start of the shared memory (aligned for a Float64Array)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(raw, deflateOpts), { minLength: 1, maxLength: 40 }), (streams) => {
        let shared: ArrayBufferLike | null = null
        for (const [bytes, opts] of streams) {
          const got = inflateToScratch(deflateRawSync(bytes, opts), bytes.length)
          expect(Buffer.compare(got, Buffer.from(bytes))).toBe(0)
          expect(got.byteOffset).toBe(0)
          // Inflated by the reused stream into the shared memory (grown at most once here), not by the way back.
          if (bytes.length > 4096) {
            if (shared && got.buffer !== shared) expect(got.buffer.byteLength).toBeGreaterThan(shared.byteLength)
            shared = got.buffer
          }
        }
      }),
      { numRuns: 60 },
    )
  })

  it('inflates into the same memory each time rather than a buffer per call', () => {
    const a = Buffer.alloc(9_000, 'a')
    const b = Buffer.alloc(9_000, 'b')
    const first = inflateToScratch(deflateRawSync(a), a.length)
    expect(first.equals(a)).toBe(true)
    const second = inflateToScratch(deflateRawSync(b), b.length)
    expect(second.equals(b)).toBe(true)
    expect(second.buffer).toBe(first.buffer)
  })

  it('a stream cut short, damaged or of another size gives what inflateRawSync gives (or throws as it throws), and the next stream is right', () => {
    fc.assert(
      fc.property(
        raw.filter((b) => b.length > 0),
        fc.constantFrom('cut', 'flip', 'larger', 'smaller', 'trailing'),
        fc.nat(),
        (bytes, damage, at) => {
          const good = deflateRawSync(bytes, { level: 3 })
          let stored: Uint8Array = Buffer.from(good)
          let size = bytes.length
          if (damage === 'cut') stored = stored.subarray(0, at % stored.length)
          else if (damage === 'flip') stored[at % stored.length]! ^= 0xff
          else if (damage === 'larger') size += 1 + (at % 100)
          else if (damage === 'smaller') size = at % size
          else stored = Buffer.concat([stored, Buffer.from([1, 2, 3])])
          expect(outcome(() => inflateToScratch(stored, size))).toEqual(outcome(() => reference(stored, size)))
          expect(inflateToScratch(good, bytes.length).equals(Buffer.from(bytes))).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('a stream larger than the shared memory is meant for is inflated on its own, the same way', () => {
    const bytes = Buffer.alloc(600_000, 'yiping ')
    expect(inflateToScratch(deflateRawSync(bytes), bytes.length).equals(bytes)).toBe(true)
  })
})
