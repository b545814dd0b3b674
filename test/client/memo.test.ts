import { describe, expect, it } from 'vitest'
import { nextTick, shallowRef, watch } from 'vue'
import { memoOption, mergesWithLast, optionShape, reuse, reuseByKey, sameData } from '../../client/src/charts/memo'

/** A chart's option is built again only when its data changed, and merged only when its shape did not. */
describe('sameData', () => {
  it('compares primitives, arrays, Maps and plain objects by content', () => {
    expect(sameData(1, 1)).toBe(true)
    expect(sameData(NaN, NaN)).toBe(true)
    expect(sameData(1, 2)).toBe(false)
    expect(sameData(null, undefined)).toBe(false)
    expect(sameData({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true)
    expect(sameData({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] })).toBe(false)
    expect(sameData([1, 2], [1, 2, 3])).toBe(false)
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(sameData(new Map([['k', { n: 1 }]]), new Map([['k', { n: 1 }]]))).toBe(true)
    expect(sameData(new Map([['k', { n: 1 }]]), new Map([['k', { n: 2 }]]))).toBe(false)
    expect(sameData(new Map([['k', 1]]), new Map([['j', 1]]))).toBe(false)
    expect(sameData([1], { 0: 1, length: 1 })).toBe(false)
  })

  it('compares anything but plain data by identity', () => {
    class Scene {
      constructor(readonly code: string) {}
    }
    const s = new Scene('330000')
    expect(sameData(s, s)).toBe(true)
    expect(sameData(new Scene('330000'), new Scene('330000'))).toBe(false)
    const f = () => 1
    expect(sameData({ f }, { f })).toBe(true)
    expect(sameData({ f }, { f: () => 1 })).toBe(false)
  })
})

describe('memoOption', () => {
  type Summary = { seq: number; cases: { total: number; bySource: { hotline: number; grid: number } } }
  const summary = (seq: number, total: number, hotline: number): Summary => ({ seq, cases: { total, bySource: { hotline, grid: 2 } } })

  it('returns the same option, without building it, when a new summary leaves its inputs equal', async () => {
    const live = shallowRef(summary(1, 10, 4))
    let builds = 0
    const option = memoOption(
      () => live.value.cases.bySource,
      (bySource) => {
        builds++
        return { series: [{ type: 'pie', data: [bySource.hotline, bySource.grid] }] }
      },
    )
    const seen: unknown[] = []
    watch(option, (o) => seen.push(o))
    const first = option.value
    expect(builds).toBe(1)

    // Another case elsewhere: the total moves, the sources do not. Nothing is built, nothing set.
    live.value = summary(2, 11, 4)
    await nextTick()
    expect(option.value).toBe(first)
    expect(builds).toBe(1)
    expect(seen).toEqual([])

    // A hotline case: a new option, and the chart is told.
    live.value = summary(3, 12, 5)
    await nextTick()
    expect(option.value).not.toBe(first)
    expect(option.value.series[0]!.data).toEqual([5, 2])
    expect(builds).toBe(2)
    expect(seen).toHaveLength(1)
  })

  it('builds again when a size input changes, with the same data', () => {
    const u = shallowRef(16)
    const data = shallowRef([1, 2, 3])
    const option = memoOption(
      () => ({ data: data.value, u: u.value }),
      ({ data, u }) => ({ fontSize: u, data }),
    )
    const first = option.value
    data.value = [1, 2, 3]
    expect(option.value).toBe(first)
    u.value = 32
    expect(option.value).not.toBe(first)
    expect(option.value.fontSize).toBe(32)
  })
})

describe('optionShape', () => {
  it('is the same for options that differ only in values and data', () => {
    const a = { legend: { right: 3 }, series: [{ type: 'bar', data: [1, 2], label: { show: true } }] }
    const b = { legend: { right: 5 }, series: [{ type: 'bar', data: [{ value: 7, itemStyle: {} }], label: { show: false } }] }
    expect(optionShape(a)).toBe(optionShape(b))
  })

  it('differs when a key or a series appears or disappears (a merge would keep the old one)', () => {
    const a = { series: [{ type: 'bar', data: [1] }] }
    expect(optionShape({ series: [{ type: 'bar', data: [1], markLine: {} }] })).not.toBe(optionShape(a))
    expect(optionShape({ series: [{ type: 'bar', data: [1] }, { type: 'line', data: [] }] })).not.toBe(optionShape(a))
    expect(optionShape({ series: [{ type: 'line', data: [1] }] })).toBe(optionShape({ series: [{ type: 'line', data: [2] }] }))
  })
})

/** A board's tiles: the parts a push left as they were stay the same objects, so their components are not rendered again. */
describe('reuse', () => {
  const tile = (metric: string, value: number, change: number) => ({ metric, value, changes: [{ kind: 'lastYear', change: { ratio: change } }] })

  it('returns the previous value itself when nothing changed', () => {
    const prev = [tile('cases.total', 10, 0.1), tile('cases.open', 4, 0)]
    expect(reuse(prev, [tile('cases.total', 10, 0.1), tile('cases.open', 4, 0)])).toBe(prev)
  })

  it('keeps every unchanged part and takes the changed ones', () => {
    const prev = [tile('cases.total', 10, 0.1), tile('cases.open', 4, 0)]
    const next = reuse(prev, [tile('cases.total', 11, 0.1), tile('cases.open', 4, 0)])
    expect(next).not.toBe(prev)
    expect(next[1]).toBe(prev[1])
    expect(next[0]).not.toBe(prev[0])
    expect(next[0]!.value).toBe(11)
    expect(next[0]!.changes).toBe(prev[0]!.changes)
    expect(next).toEqual([tile('cases.total', 11, 0.1), tile('cases.open', 4, 0)])
  })

  it('takes the new value whole where there was nothing before or the kind differs', () => {
    const next = [tile('cases.total', 1, 0)]
    expect(reuse(undefined, next)).toBe(next)
    expect(reuse([tile('cases.total', 1, 0)], [tile('cases.total', 1, 0), tile('cases.open', 2, 0)])[1]).toEqual(tile('cases.open', 2, 0))
    const m = new Map([['a', 1]])
    expect(reuse({ m: new Map([['a', 2]]) }, { m }).m).toBe(m)
  })
})

/** The ranking's rows: a push re-sorts them; a row whose data did not change must stay the same object. */
describe('reuseByKey', () => {
  const row = (code: string, value: number, change: number | null = null) => ({ code, value, change })
  const byCode = (r: { code: string }) => r.code

  it('hands on unchanged rows as the same objects, by key, wherever they moved', () => {
    const prev = [row('a', 9), row('b', 5, 0.1), row('c', 3)]
    const next = [row('b', 5, 0.1), row('a', 10), row('c', 3), row('d', 1)]
    const out = reuseByKey(prev, next, byCode)
    expect(out).not.toBe(prev)
    expect(out.map(byCode)).toEqual(['b', 'a', 'c', 'd'])
    expect(out[0]).toBe(prev[1])
    expect(out[1]).toBe(next[1])
    expect(out[1]!.value).toBe(10)
    expect(out[2]).toBe(prev[2])
    expect(out[3]).toBe(next[3])
  })

  it('returns the previous list itself when every row is unchanged and in place', () => {
    const prev = [row('a', 9), row('b', 5)]
    expect(reuseByKey(prev, [row('a', 9), row('b', 5)], byCode)).toBe(prev)
  })

  it('returns a new list when rows only changed places or one dropped out', () => {
    const prev = [row('a', 9), row('b', 5)]
    const swapped = reuseByKey(prev, [row('b', 5), row('a', 9)], byCode)
    expect(swapped).not.toBe(prev)
    expect(swapped).toEqual([prev[1], prev[0]])
    const shorter = reuseByKey(prev, [row('a', 9)], byCode)
    expect(shorter).not.toBe(prev)
    expect(shorter[0]).toBe(prev[0])
  })

  it('takes the new row when only its change moved', () => {
    const prev = [row('a', 9, 0.1)]
    const next = [row('a', 9, 0.2)]
    expect(reuseByKey(prev, next, byCode)[0]).toBe(next[0])
  })
})

describe('mergesWithLast', () => {
  it('merges an option of the last one’s shape, and sets one of another shape from scratch', () => {
    const bars = (data: number[]) => ({ series: [{ type: 'bar', data }] })
    const merges = mergesWithLast(bars([1]))
    expect(merges(bars([2, 3]))).toBe(true)
    // A series came: from scratch; the next of that new shape merges again.
    const withLine = { series: [{ type: 'bar', data: [1] }, { type: 'line', data: [] }] }
    expect(merges(withLine)).toBe(false)
    expect(merges({ series: [{ type: 'bar', data: [4] }, { type: 'line', data: [5] }] })).toBe(true)
    expect(merges(bars([1]))).toBe(false)
  })
})
