import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeOpenCases, encodeOpenCases, lastEncodeHeld } from '../../../server/domain/replay/openCasesCodec'
import type { AggregatorDump } from '../../../server/domain/aggregate/aggregator'

type Watched = AggregatorDump['watched']

const T0 = Date.UTC(2026, 10, 1)

/** Strings the states share (regions, stages, titles), some non-ASCII, one a lone surrogate. */
const words = ['r1', 'r2', 'receive', 'assign', '劳动争议', '案', 'x\uD800', '', 'C7', 'title']
const word = fc.constantFrom(...words)
const leaf = fc.oneof(word, fc.integer({ min: -5, max: 1e9 }), fc.constantFrom(0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, null, true, false, undefined))
/** A state's value: leaves, lists and objects of a few keys (optional ones undefined: other shapes). */
const valueArb = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, leaf, tie('list'), tie('object')),
  list: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'stageAt', 'theme', 'k'), tie('value'), { maxKeys: 3 }),
})).value
const stateArb = (id: string) =>
  fc.record({ regionCode: word, title: word, extra: valueArb, other: fc.option(valueArb, { nil: undefined }) }).map((r) => ({ id, ...r }))

/**
 * One step of the cases between two encodes: states replaced (a new object), what cases counted
 * replaced with their state kept (the clock moved them), cases gone, cases added, the order moved.
 */
type Step = { replace: number[]; recount: number[]; drop: number[]; add: number; rotate: number }
const stepArb = fc.record({
  replace: fc.array(fc.nat(40), { maxLength: 8 }),
  recount: fc.array(fc.nat(40), { maxLength: 8 }),
  drop: fc.array(fc.nat(40), { maxLength: 6 }),
  add: fc.nat(6),
  rotate: fc.nat(3),
})

/** An encode with nothing to copy: the cases deep-copied (no state the encoder has seen), after an empty encode. */
const uncached = (w: Watched, at: number) => {
  encodeOpenCases([])
  return encodeOpenCases(structuredClone(w), at)
}

describe('the open cases\' encoder copying unchanged states from its last encode', () => {
  it('writes exactly the bytes of an encode without anything to copy, across sequences of replaced, dropped, added and moved cases', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), fc.array(stepArb, { minLength: 1, maxLength: 5 }), (seed, steps) => {
        let next = 0
        const make = (k: number) => fc.sample(stateArb(`C${next++}`), { numRuns: 1, seed: seed + k })[0]!
        let cases: Watched = Array.from({ length: 30 }, (_, i) => ({ state: make(i) as never, applied: [i % 4] }))
        const sequence: Watched[] = [cases]
        steps.forEach((s: Step, k) => {
          const kept = cases.filter((_, i) => !s.drop.includes(i))
          // A replaced case keeps its id; its state is another object, its values drawn again.
          const changed = kept.map((w, i) => ({
            state: s.replace.includes(i) ? ({ ...(make(1000 * k + i) as object), id: w.state.id } as never) : w.state,
            applied: s.recount.includes(i) ? [...w.applied, 9, k] : w.applied,
          }))
          const added = Array.from({ length: s.add }, (_, i) => ({ state: make(5000 * k + i) as never, applied: [i] }))
          const all = [...changed, ...added]
          cases = [...all.slice(s.rotate % Math.max(1, all.length)), ...all.slice(0, s.rotate % Math.max(1, all.length))]
          sequence.push(cases)
        })
        const at = T0 + 3_600_000
        const expected = sequence.map((w) => uncached(w, at))
        encodeOpenCases([])
        sequence.forEach((w, i) => {
          const bytes = encodeOpenCases(w, at)
          expect(Buffer.compare(bytes, expected[i]!)).toBe(0)
          // The first encode copies nothing; each later one copies every state it met at the last.
          const before = i === 0 ? new Set() : new Set(sequence[i - 1]!.map((x) => x.state))
          expect(lastEncodeHeld().reused).toBe(w.filter((x) => before.has(x.state)).length)
        })
      }),
      { numRuns: 60 },
    )
  })

  it('never gives back a replaced state\'s old values, even when its id, its keys and the size of its values stay the same', () => {
    const cases = (n: number) => Array.from({ length: n }, (_, i) => ({ state: { id: `K${i}`, stage: 'receive', stageAt: { receive: T0 + i }, urgeCount: 0 } as never, applied: [1, 2] }))
    const first = cases(200)
    encodeOpenCases([])
    encodeOpenCases(first, T0)
    // Case 70 changed (a new object, as reduceCase makes one): another stage and another count.
    const second = first.map((w, i) => (i === 70 ? { state: { ...(w.state as object), stage: 'assign', urgeCount: 3 } as never, applied: w.applied } : w))
    const bytes = encodeOpenCases(second, T0)
    expect(lastEncodeHeld().reused).toBe(199)
    const back = decodeOpenCases(bytes)
    expect(back[70]!.state).toMatchObject({ id: 'K70', stage: 'assign', urgeCount: 3 })
    expect(back).toEqual(JSON.parse(JSON.stringify(second)))
    expect(Buffer.compare(bytes, uncached(second, T0))).toBe(0)
  })

  it('holds what its last encode wrote and nothing older: the held bytes follow the last encode\'s cases', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ state: { id: `M${i}`, title: `t${i}`, n: [i, i + 0.5, -i] } as never, applied: [i % 7] }))
    encodeOpenCases(many, T0)
    const big = lastEncodeHeld()
    expect(big.cases).toBe(20_000)
    encodeOpenCases(many.slice(0, 10), T0)
    const small = lastEncodeHeld()
    expect(small.cases).toBe(10)
    expect(small.reused).toBe(10)
    // Ten cases hold the writers' first memory (64 KB of run, 32 KB of float64), not the 20,000's.
    expect(small.bytes).toBeLessThan(big.bytes / 4)
    expect(small.bytes).toBeLessThan(128 * 1024)
    // Ids come and go (a live feed's cases resolved and reported): the strings kept numbered stay within twice the last table's and a few thousand.
    let compacted = 0
    let before = lastEncodeHeld().interned
    for (let k = 1; k <= 12; k++) {
      encodeOpenCases(many.slice(k * 1000, k * 1000 + 5000), T0)
      const held = lastEncodeHeld()
      expect(held.interned).toBeLessThanOrEqual(2 * held.strings + 4096)
      if (held.interned < before) compacted++
      before = held.interned
    }
    expect(compacted).toBeGreaterThan(0)
    // After the table was started again, copied states still give the bytes of an encode with nothing to copy.
    const after = many.slice(12_500, 18_000)
    const bytes = encodeOpenCases(after, T0)
    expect(lastEncodeHeld().reused).toBe(4_500)
    expect(Buffer.compare(bytes, uncached(after, T0))).toBe(0)
    encodeOpenCases([])
    expect(lastEncodeHeld().cases).toBe(0)
    expect(lastEncodeHeld().interned).toBe(0)
    // After an empty encode there is nothing to copy: every state walked again.
    encodeOpenCases(many.slice(0, 10), T0)
    expect(lastEncodeHeld().reused).toBe(0)
  })
})

