import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cadence, WALL_CADENCE_MS } from '../../client/src/live/cadence'
import { mergeHeld, type HeldPush } from '../../client/src/live/held'
import type { FeedItem } from '../../shared/live/protocol'
import type { Summary } from '../../shared/summary/schema'

/** The wall applies live pushes at its cadence: the first at once, the rest together, the latest always. */
describe('cadence', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }))
  afterEach(() => vi.useRealTimers())

  const sum = (a: number, b: number) => a + b
  const latest = (_a: number, b: number) => b

  it('applies the first push at once and holds the next ones until the cadence is up', () => {
    const applied: number[] = []
    const c = cadence((n: number) => applied.push(n), latest, 400)
    c.offer(1)
    expect(applied).toEqual([1])
    vi.advanceTimersByTime(100)
    c.offer(2)
    vi.advanceTimersByTime(100)
    c.offer(3)
    expect(applied).toEqual([1])
    expect(c.holding).toBe(true)
    vi.advanceTimersByTime(199)
    expect(applied).toEqual([1])
    vi.advanceTimersByTime(1)
    expect(applied).toEqual([1, 3])
    expect(c.holding).toBe(false)
  })

  it('at ten pushes a second applies a few times a second, each push within the cadence of its arrival, the last one always', () => {
    const applied: Array<{ n: number; at: number }> = []
    const c = cadence((n: number) => applied.push({ n, at: Date.now() }), latest, WALL_CADENCE_MS)
    const start = Date.now()
    const arrived = new Map<number, number>()
    for (let i = 1; i <= 50; i++) {
      arrived.set(i, Date.now())
      c.offer(i)
      vi.advanceTimersByTime(100)
    }
    vi.advanceTimersByTime(WALL_CADENCE_MS)
    expect(applied.at(-1)!.n).toBe(50)
    expect(applied.length).toBeLessThanOrEqual(Math.ceil((Date.now() - start) / WALL_CADENCE_MS) + 1)
    expect(applied.length).toBeGreaterThanOrEqual(10)
    // Every push is shown, or overtaken by a newer one, within the cadence of its arrival.
    for (const [n, at] of arrived) {
      const shown = applied.find((a) => a.n >= n)!
      expect(shown.at - at).toBeLessThanOrEqual(WALL_CADENCE_MS)
    }
    expect(WALL_CADENCE_MS).toBeLessThanOrEqual(500)
  })

  it('merges what it holds, loses nothing, and a quiet spell lets the next push through at once', () => {
    const applied: number[] = []
    const c = cadence((n: number) => applied.push(n), sum, 400)
    c.offer(1)
    c.offer(2)
    c.offer(3)
    vi.advanceTimersByTime(400)
    expect(applied).toEqual([1, 5])
    vi.advanceTimersByTime(1000)
    c.offer(7)
    expect(applied).toEqual([1, 5, 7])
  })

  it('forgets what it holds when dropped (a snapshot replaced it), and flush applies at once', () => {
    const applied: number[] = []
    const c = cadence((n: number) => applied.push(n), sum, 400)
    c.offer(1)
    c.offer(2)
    c.drop()
    vi.advanceTimersByTime(1000)
    expect(applied).toEqual([1])
    c.offer(3)
    expect(applied).toEqual([1, 3])
    c.offer(4)
    c.flush()
    expect(applied).toEqual([1, 3, 4])
    vi.advanceTimersByTime(1000)
    expect(applied).toEqual([1, 3, 4])
  })
})

/**
 * A rider: part of each push (here the letters, as the ticker's lines) applied at most every
 * 800 ms, with an application of the rest (the numbers, as the figures) when there is one.
 */
describe('cadence with a rider', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }))
  afterEach(() => vi.useRealTimers())

  type P = { n: number | null; letters: string }
  const merge = (a: P, b: P): P => ({ n: b.n ?? a.n, letters: a.letters + b.letters })
  const split = (p: P) => (p.letters ? { now: { n: p.n, letters: '' }, rider: { n: null, letters: p.letters } } : { now: p })
  const start = () => {
    const applied: Array<P & { at: number }> = []
    const t0 = Date.now()
    const c = cadence((p: P) => applied.push({ ...p, at: Date.now() - t0 }), merge, 400, Date.now, { everyMs: 800, graceMs: 400, split })
    return { c, applied }
  }

  it('applies the rider with the first application, then at most every 800 ms, each time with the rest, nothing lost', () => {
    const { c, applied } = start()
    // A push every 100 ms for 3 s, each with a number and a letter.
    const letters = 'abcdefghijklmnopqrstuvwxyz1234'
    for (let i = 0; i < 30; i++) {
      c.offer({ n: i, letters: letters[i]! })
      vi.advanceTimersByTime(100)
    }
    vi.advanceTimersByTime(2000)
    const withLetters = applied.filter((a) => a.letters)
    expect(withLetters[0]).toMatchObject({ n: 0, letters: 'a', at: 0 })
    for (let i = 1; i < withLetters.length; i++) expect(withLetters[i]!.at - withLetters[i - 1]!.at).toBeGreaterThanOrEqual(800)
    // Each time with figures, except the last lines when the pushes stopped (their own timer).
    expect(withLetters.slice(0, -1).every((a) => a.n !== null)).toBe(true)
    expect(withLetters.map((a) => a.letters).join('')).toBe(letters)
    // The numbers kept the faster cadence meanwhile, and the last one always came.
    expect(applied.filter((a) => a.n !== null).length).toBeGreaterThanOrEqual(7)
    expect(applied.findLast((a) => a.n !== null)!.n).toBe(29)
  })

  it('holds the rider for the next application, and applies it alone when none comes in time', () => {
    const { c, applied } = start()
    c.offer({ n: 1, letters: 'a' })
    vi.advanceTimersByTime(400)
    c.offer({ n: 2, letters: 'b' })
    // Applied at once (400 ms since the last), the letter held: 800 ms have not passed.
    expect(applied.map((a) => [a.n, a.letters])).toEqual([
      [1, 'a'],
      [2, ''],
    ])
    vi.advanceTimersByTime(400)
    c.offer({ n: 3, letters: '' })
    // 800 ms: it rides on that application.
    expect(applied.at(-1)).toMatchObject({ n: 3, letters: 'b', at: 800 })
    vi.advanceTimersByTime(100)
    c.offer({ n: 4, letters: 'c' })
    vi.advanceTimersByTime(399)
    expect(applied.at(-1)).toMatchObject({ n: 4, letters: '' })
    // No push follows: 'c' comes on its own 800 + 400 ms after the last letters.
    vi.advanceTimersByTime(700)
    expect(applied.at(-1)!.letters).toBe('')
    vi.advanceTimersByTime(1)
    expect(applied.at(-1)).toMatchObject({ n: null, letters: 'c', at: 2000 })
  })

  it('forgets the rider when dropped, unless asked to keep it, and a drop lets the next one through at once', () => {
    const { c, applied } = start()
    c.offer({ n: 1, letters: 'a' })
    c.offer({ n: 2, letters: 'b' })
    vi.advanceTimersByTime(400)
    expect(applied.at(-1)).toMatchObject({ n: 2, letters: '' })
    // A new ranking: the figures held go, the lines held stay.
    c.offer({ n: 3, letters: 'c' })
    c.drop({ keepRider: true })
    vi.advanceTimersByTime(5000)
    expect(applied.map((a) => a.letters).join('')).toBe('ab')
    expect(applied.some((a) => a.n === 3)).toBe(false)
    c.offer({ n: 4, letters: 'd' })
    expect(applied.at(-1)).toMatchObject({ n: 4, letters: 'd' })
    // A snapshot: everything held goes, and the next lines are not held back by the last ones.
    vi.advanceTimersByTime(400)
    c.offer({ n: 5, letters: 'e' })
    c.drop()
    vi.advanceTimersByTime(5000)
    expect(applied.map((a) => a.letters).join('')).toBe('abd')
    vi.advanceTimersByTime(100)
    const t = applied.length
    c.offer({ n: 6, letters: 'f' })
    c.offer({ n: 7, letters: 'g' })
    vi.advanceTimersByTime(400)
    expect(applied.slice(t).map((a) => [a.n, a.letters])).toEqual([
      [6, 'f'],
      [7, ''],
    ])
  })
})

describe('mergeHeld', () => {
  const figures = (seq: number) => ({ summary: { seq } as unknown as Summary, detail: null })
  const line = (seq: number) => ({ seq }) as unknown as FeedItem
  const push = (p: Partial<HeldPush>): HeldPush => ({ feed: [], ...p })

  it('keeps the later figures by sequence, every line newest first up to the cap, and the latest time', () => {
    const a = push({ figures: figures(5), feed: [line(2), line(1)], receivedAt: 100 })
    const b = push({ figures: figures(6), feed: [line(4), line(3)], receivedAt: 200 })
    const m = mergeHeld(a, b, 30)
    expect(m.figures!.summary.seq).toBe(6)
    expect(m.feed.map((l) => l.seq)).toEqual([4, 3, 2, 1])
    expect(m.receivedAt).toBe(200)
    expect(mergeHeld(a, b, 3).feed.map((l) => l.seq)).toEqual([4, 3, 2])
  })

  it('never lets an older summary replace a newer one, and keeps figures when only lines follow', () => {
    const newer = push({ figures: figures(9), receivedAt: 100 })
    expect(mergeHeld(newer, push({ figures: figures(8), receivedAt: 150 }), 30).figures!.summary.seq).toBe(9)
    const linesOnly = mergeHeld(newer, push({ feed: [line(1)] }), 30)
    expect(linesOnly.figures!.summary.seq).toBe(9)
    expect(linesOnly.feed).toHaveLength(1)
    expect(linesOnly.receivedAt).toBe(100)
    expect(mergeHeld(push({ feed: [line(1)] }), push({ feed: [line(2)] }), 30).receivedAt).toBeUndefined()
  })
})
