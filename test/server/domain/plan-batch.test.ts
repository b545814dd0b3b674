import { describe, expect, it } from 'vitest'
import { planBatch, type KnownState } from '../../../server/domain/ingest/planBatch'
import type { YipingEvent } from '../../../shared/events/schema'
import { RegionTree } from '../../../shared/regions/tree'
import { TEST_REGIONS } from '../../helpers/regions'

const H = 3600_000
const NOW = Date.parse('2026-06-15T12:00:00+08:00')
const iso = (ms: number) => new Date(ms).toISOString()
const regions = new RegionTree(TEST_REGIONS)
const empty = (): KnownState => ({ seenEventIds: new Set(), cases: new Map(), risks: new Map() })

const report = (id: string, caseId: string, at: number, regionCode = '330111001001'): YipingEvent => ({
  id, type: 'case.reported', at: iso(at), caseId, regionCode, source: 'hotline', category: '邻里纠纷', size: 'minor', title: '楼道堆物',
})
const urge = (id: string, caseId: string, at: number): YipingEvent => ({ id, type: 'case.urged', at: iso(at), caseId })
const resolve = (id: string, caseId: string, at: number): YipingEvent => ({ id, type: 'case.resolved', at: iso(at), caseId, tier: 'village' })

describe('planBatch', () => {
  it('applies a batch in order, so one batch may report a case and move it on; prev is the state before the batch', () => {
    const plan = planBatch([report('e1', 'C1', NOW - 3 * H), urge('e2', 'C1', NOW - 2 * H), resolve('e3', 'C1', NOW - H)], empty(), { regions, now: NOW })
    expect(plan.ok).toBe(true)
    if (!plan.ok) return
    expect(plan.accepted.map((a) => a.event.id)).toEqual(['e1', 'e2', 'e3'])
    expect(plan.accepted[1]!.at).toBe(NOW - 2 * H)
    const change = plan.cases.get('C1')!
    expect(change.prev).toBeNull()
    expect(change.next).toMatchObject({ urgeCount: 1, stage: 'followup', resolvedAt: NOW - H })
  })

  it('sets aside duplicates, within the batch and already stored, without refusing the batch', () => {
    const first = planBatch([report('e1', 'C1', NOW - H)], empty(), { regions, now: NOW })
    if (!first.ok) throw new Error('refused')
    const known: KnownState = { seenEventIds: new Set(['e1']), cases: new Map([['C1', first.cases.get('C1')!.next]]), risks: new Map() }
    const plan = planBatch([report('e1', 'C1', NOW - H), urge('e2', 'C1', NOW), urge('e2', 'C1', NOW)], known, { regions, now: NOW })
    expect(plan.ok && plan.duplicates).toBe(2)
    expect(plan.ok && plan.accepted.map((a) => a.event.id)).toEqual(['e2'])
    expect(plan.ok && plan.cases.get('C1')!.prev).toMatchObject({ urgeCount: 0 })
  })

  it('refuses the whole batch with every bad event’s index and field: unknown region, future time, an event that makes no sense', () => {
    const plan = planBatch(
      [
        report('e1', 'C1', NOW - H),
        report('e2', 'C2', NOW - H, '990000'),
        urge('e3', 'C1', NOW + H),
        resolve('e4', 'C9', NOW - H),
      ],
      empty(),
      { regions, now: NOW },
    )
    expect(plan.ok).toBe(false)
    if (plan.ok) return
    expect(plan.details.map((d) => [d.index, d.path])).toEqual([
      [1, '/events/1/regionCode'],
      [2, '/events/2/at'],
      [3, '/events/3/caseId'],
    ])
  })

  it('allows the configured clock skew into the future and no more', () => {
    const ok = planBatch([report('e1', 'C1', NOW + 4 * 60_000)], empty(), { regions, now: NOW })
    expect(ok.ok).toBe(true)
    const skewed = planBatch([report('e1', 'C1', NOW + 4 * 60_000)], empty(), { regions, now: NOW, maxFutureMs: 60_000 })
    expect(skewed.ok).toBe(false)
  })
})
