import { deflateRawSync, inflateRawSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ChunkSlabs } from '../../../server/domain/replay/rawInflater'

/** What the codec did before the reused stream: one inflateRawSync per stream, into a buffer of its size and a byte. */
const reference = (stored: Uint8Array, size: number) => inflateRawSync(stored, { chunkSize: Math.max(64, size + 1) })
const outcome = (f: () => Buffer): { bytes: string } | { error: string } => {
  try {
    return { bytes: f().toString('hex') }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

// A snapshot's chunks are inflated through one zlib stream reset between them, into blocks of memory
// handed from one cold instant to the next: each must give exactly what inflateRawSync gave, whatever
// came before it on that stream or in that memory.
describe('raw streams inflated through one reused stream', () => {
  const raw = fc.uint8Array({ maxLength: 12_000 }).chain((bytes) =>
    fc.constantFrom(bytes, Uint8Array.from(bytes, (b) => b & 7), new Uint8Array(bytes.length).fill(bytes[0] ?? 1)),
  )
  const deflateOpts = fc.record({ level: fc.integer({ min: 0, max: 9 }), windowBits: fc.integer({ min: 9, max: 15 }), memLevel: fc.integer({ min: 1, max: 9 }) })

  it('gives the bytes inflateRawSync gives, each view at a multiple of 8 bytes, none written over by a later one', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(raw, deflateOpts), { minLength: 1, maxLength: 40 }), (streams) => {
        const slabs = new ChunkSlabs()
        const out = streams.map(([bytes, opts]) => ({ bytes, got: slabs.inflate(deflateRawSync(bytes, opts), bytes.length) }))
        for (const { bytes, got } of out) {
          expect(Buffer.compare(got, Buffer.from(bytes))).toBe(0)
          expect(got.byteOffset % 8).toBe(0)
          // Inflated by the reused stream into the one block (under 0.5 MB in all), not by the way back.
          expect(got.buffer).toBe(out[0]!.got.buffer)
        }
        slabs.release()
      }),
      { numRuns: 60 },
    )
  })

  it('gives its blocks back on release: the next owner inflates into the same memory, exactly', () => {
    const a = Buffer.alloc(9_000, 'a')
    const b = Buffer.from(Array.from({ length: 7_000 }, (_, i) => (i * 31) % 251))
    const first = new ChunkSlabs()
    const before = first.inflate(deflateRawSync(a), a.length)
    expect(before.equals(a)).toBe(true)
    first.release()
    const next = new ChunkSlabs()
    const after = next.inflate(deflateRawSync(b), b.length)
    expect(after.equals(b)).toBe(true)
    expect(after.buffer).toBe(before.buffer)
    // The first owner inflates again into a block of its own.
    expect(first.inflate(deflateRawSync(a), a.length).equals(a)).toBe(true)
    expect(after.equals(b)).toBe(true)
    next.release()
    first.release()
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
          const slabs = new ChunkSlabs()
          expect(outcome(() => slabs.inflate(stored, size))).toEqual(outcome(() => reference(stored, size)))
          expect(slabs.inflate(good, bytes.length).equals(Buffer.from(bytes))).toBe(true)
          slabs.release()
        },
      ),
      { numRuns: 200 },
    )
  })

  it('a stream larger than a block is inflated on its own, the same way', () => {
    const bytes = Buffer.alloc(600_000, 'yiping ')
    expect(new ChunkSlabs().inflate(deflateRawSync(bytes), bytes.length).equals(bytes)).toBe(true)
  })
})
