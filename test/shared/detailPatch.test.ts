import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyDetailPatch, buildDetailPatch, detailFrame, receiveDetail, type DetailPatch } from '../../shared/live/detailPatch'
import type { ActivitySlot, ChildFigures, DailySlot, RegionDetail } from '../../shared/summary/detail'

const CODES = ['330101', '330102', '330103']

function child(code: string, total: number, open = 0, riskAlarms = 0): ChildFigures {
  return {
    code,
    name: `区${code}`,
    level: 'district',
    total,
    open,
    overdue: 0,
    resolved: total - open,
    urgeRate: null,
    onTimeRate: total > 0 ? 0.5 : null,
    satisfactionRate: null,
    localResolutionRate: null,
    townResolutionRate: null,
    riskAlarms,
    value: total,
    compare: {},
  }
}
const hour = (i: number, reported: number): ActivitySlot => ({ at: `2026-06-15T${String(i).padStart(2, '0')}:00:00.000+08:00`, reported, resolved: 0 })
const day = (i: number, reported: number, partial = false): DailySlot => ({
  at: `2026-06-${String(i + 1).padStart(2, '0')}T00:00:00.000+08:00`,
  reported,
  resolved: 0,
  lastYear: { reported: 1, resolved: 0 },
  ...(partial ? { partial: true as const } : {}),
})

function detail(seq: number, over: Partial<RegionDetail> = {}): RegionDetail {
  return {
    region: '330100',
    seq,
    period: { from: '2026-01-01T00:00:00.000+08:00', to: '2027-01-01T00:00:00.000+08:00' },
    rankBy: 'cases.total',
    order: 'desc',
    comparePeriods: {},
    children: CODES.map((c, i) => child(c, 10 - i)),
    hourly: [hour(0, 1), hour(1, 2), hour(2, 3)],
    daily: [day(0, 5), day(1, 6), day(2, 7, true)],
    byCategory: [
      { category: '邻里纠纷', count: 9 },
      { category: '环境卫生', count: 4 },
    ],
    ...over,
  }
}

/** What goes over the wire: undefined fields dropped. */
const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

describe('a view’s detail as what changed', () => {
  it('carries one case’s change as one child, the last slots and the categories, and applies to the detail before', () => {
    const prev = detail(7)
    const next = detail(8, {
      children: [child('330101', 11, 1), child('330102', 9), child('330103', 8)],
      hourly: [hour(0, 1), hour(1, 2), hour(2, 4)],
      daily: [day(0, 5), day(1, 6), day(2, 8, true)],
      byCategory: [
        { category: '邻里纠纷', count: 10 },
        { category: '环境卫生', count: 4 },
      ],
    })
    const patch = buildDetailPatch([prev], next)!
    expect(patch).toEqual({
      since: 7,
      seq: 8,
      children: [child('330101', 11, 1)],
      hourly: { from: 2, slots: [hour(2, 4)] },
      daily: { from: 2, slots: [day(2, 8, true)] },
      byCategory: next.byCategory,
    })
    expect(applyDetailPatch(prev, wire(patch))).toEqual(next)
    expect(JSON.stringify(patch).length).toBeLessThan(JSON.stringify(next).length / 2)
    expect(detailFrame([prev], next)).toEqual({ detailPatch: patch })
  })

  it('sends the detail whole when the children are in another order, when nothing was pushed, or when the patch is no smaller', () => {
    const prev = detail(7)
    const reordered = detail(8, { children: [child('330102', 12), child('330101', 10), child('330103', 8)] })
    expect(buildDetailPatch([prev], reordered)).toBeNull()
    expect(detailFrame([prev], reordered)).toEqual({ detail: reordered })
    expect(detailFrame([], prev)).toEqual({ detail: prev })
    // A new period: every figure and slot moved.
    const rolled = detail(8, {
      period: { from: '2026-01-02T00:00:00.000+08:00', to: '2027-01-02T00:00:00.000+08:00' },
      children: CODES.map((c, i) => child(c, 9 - i)),
      hourly: [hour(0, 0)],
      daily: [day(1, 6), day(2, 7), day(3, 0, true)],
      byCategory: [{ category: '其他', count: 1 }],
    })
    expect(buildDetailPatch([prev], rolled)).not.toBeNull()
    expect(detailFrame([prev], rolled)).toEqual({ detail: rolled })
  })

  it('carries the grandchildren that changed the same way, and sends the detail whole when they come, go or reorder', () => {
    const grand = (code: string, total: number, open = 0) => ({ ...child(code, total, open), parent: '330101', parentName: '区330101' })
    const prev = detail(7, { grandchildren: [grand('330101001', 5), grand('330101002', 4)] })
    const next = detail(8, { grandchildren: [grand('330101001', 5, 1), grand('330101002', 4)] })
    const patch = buildDetailPatch([prev], next)!
    expect(patch).toEqual({ since: 7, seq: 8, grandchildren: [grand('330101001', 5, 1)] })
    expect(applyDetailPatch(prev, wire(patch))).toEqual(next)
    // A patch of grandchildren never applies to a detail without them: the screen subscribes again.
    expect(applyDetailPatch(detail(7), wire(patch))).toBeNull()
    expect(buildDetailPatch([prev], detail(8))).toBeNull()
    expect(buildDetailPatch([detail(7)], next)).toBeNull()
    expect(buildDetailPatch([prev], detail(8, { grandchildren: [grand('330101002', 6), grand('330101001', 5)] }))).toBeNull()
  })

  it('is not enough against the last push alone when a figure moved and moved back since a snapshot: the snapshot must be a base', () => {
    const pushed = detail(7)
    // A screen subscribed while a risk point of 330102 was in alarm; it is normal again at the next push.
    const snapshot = detail(8, { children: [child('330101', 10), child('330102', 9, 0, 1), child('330103', 8)] })
    const next = detail(9, { hourly: [hour(0, 1), hour(1, 2), hour(2, 5)] })
    const fromPushed = buildDetailPatch([pushed], next)!
    expect(applyDetailPatch(snapshot, fromPushed)).not.toEqual(next)
    const fromBoth = buildDetailPatch([pushed, snapshot], next)!
    expect(fromBoth.since).toBe(7)
    expect(applyDetailPatch(pushed, fromBoth)).toEqual(next)
    expect(applyDetailPatch(snapshot, fromBoth)).toEqual(next)
  })

  it('tells a screen to subscribe again when what it holds is older than the patch, and keeps what it holds on an older frame', () => {
    const patch: DetailPatch = { since: 7, seq: 9, hourly: { from: 3, slots: [hour(3, 1)] } }
    expect(receiveDetail(null, { detailPatch: patch })).toBe('resync')
    expect(receiveDetail(detail(6), { detailPatch: patch })).toBe('resync')
    expect(receiveDetail(detail(10), { detailPatch: patch })).toBe('stale')
    expect(receiveDetail(detail(7), { detailPatch: patch })).toEqual(detail(9, { hourly: [...detail(7).hourly, hour(3, 1)] }))
    // A series with a gap, a child not there: it does not fit.
    expect(receiveDetail(detail(7), { detailPatch: { since: 7, seq: 9, hourly: { from: 5, slots: [] } } })).toBe('resync')
    expect(receiveDetail(detail(7), { detailPatch: { since: 7, seq: 9, children: [child('339999', 1)] } })).toBe('resync')
    expect(receiveDetail(detail(9), { detail: detail(8) })).toBe('stale')
    expect(receiveDetail(null, { detail: detail(8) })).toEqual(detail(8))
  })
})

// Small figures, so that the same value comes back (a figure that moves and moves back).
const small = fc.integer({ min: 0, max: 2 })
const detailArb = (seq: number): fc.Arbitrary<RegionDetail> =>
  fc
    .record({
      order: fc.constantFrom(CODES, CODES, CODES, [CODES[1]!, CODES[0]!, CODES[2]!]),
      figures: fc.array(fc.tuple(small, small, small), { minLength: 3, maxLength: 3 }),
      hourly: fc.array(small, { maxLength: 5 }),
      daily: fc.array(small, { minLength: 2, maxLength: 3 }),
      partial: fc.boolean(),
      categories: fc.array(fc.record({ category: fc.constantFrom('邻里纠纷', '环境卫生', '劳动保障'), count: small }), { maxLength: 3 }),
      rankBy: fc.constantFrom('cases.total', 'cases.total', 'cases.open'),
      fromDay: fc.constantFrom('01', '01', '02'),
    })
    .map((r) =>
      detail(seq, {
        children: r.order.map((code, i) => child(code, r.figures[i]![0], r.figures[i]![1], r.figures[i]![2])),
        hourly: r.hourly.map((n, i) => hour(i, n)),
        daily: r.daily.map((n, i) => day(i, n, r.partial && i === r.daily.length - 1)),
        byCategory: r.categories,
        rankBy: r.rankBy,
        period: { from: `2026-01-${r.fromDay}T00:00:00.000+08:00`, to: '2027-01-01T00:00:00.000+08:00' },
      }),
    )

/** d0 … dn with seq never going down (a time-driven push keeps it), and which of d1 … dn-1 a screen got as a snapshot. */
const sequence = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.boolean()), { minLength: 1, maxLength: 6 })
  .chain((steps) => {
    let seq = 5
    const seqs = [seq, ...steps.map(([d]) => (seq += d))]
    return fc.tuple(fc.tuple(...seqs.map(detailArb)), fc.constant(steps.map(([, snap]) => snap)))
  })

describe('detail patches, for any sequence of details', () => {
  it('turn the last pushed detail and every snapshot since into the next one, on the wire too', () => {
    fc.assert(
      fc.property(sequence, ([details, snaps]) => {
        const pushed = details[0]!
        const next = details[details.length - 1]!
        const between = details.slice(1, -1).filter((_, i) => snaps[i])
        const bases = [pushed, ...between]
        const patch = buildDetailPatch(bases, next)
        if (!patch) {
          expect(bases.some((b) => b.children.map((c) => c.code).join() !== next.children.map((c) => c.code).join())).toBe(true)
          return
        }
        for (const b of bases) {
          expect(applyDetailPatch(b, wire(patch))).toEqual(next)
          expect(receiveDetail(wire(b), { detailPatch: wire(patch) })).toEqual(next)
        }
        const frame = detailFrame(bases, next)
        const got = 'detail' in frame ? frame.detail : applyDetailPatch(pushed, wire(frame.detailPatch))
        expect(got).toEqual(next)
      }),
      { seed: 20261205, numRuns: 500 },
    )
  })

  it('chained push after push, turn the first detail into the last', () => {
    fc.assert(
      fc.property(sequence, ([details]) => {
        let held = details[0]!
        for (let i = 1; i < details.length; i++) {
          const frame = wire(detailFrame([details[i - 1]!], details[i]!))
          const d = receiveDetail(held, frame)
          if (typeof d === 'string') throw new Error(d)
          held = d
        }
        expect(held).toEqual(details[details.length - 1])
      }),
      { seed: 20261206, numRuns: 300 },
    )
  })
})
