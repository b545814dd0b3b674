import { describe, expect, it } from 'vitest'
import { planBatch } from '../../../server/domain/ingest/planBatch'
import { feedItem, lastFeedItems } from '../../../server/ingest/feedItem'
import { isCaseEvent } from '../../../shared/events/schema'
import { RegionTree } from '../../../shared/regions/tree'
import { TEST_REGIONS } from '../../helpers/regions'
import { reported, riskRegistered, riskStatus, T0, urged } from '../../helpers/events'

const regions = new RegionTree(TEST_REGIONS)

/** A committed batch as the store returns it: the plan's accepted events with their positions. */
function committed(n: number) {
  const events = []
  for (let i = 0; i < n; i++) {
    events.push(reported(`C${i}`, '330111001001'))
    if (i % 3 === 0) events.push(urged(`C${i}`))
    if (i % 7 === 0) events.push(riskRegistered(`R${i}`, '330111001001'), riskStatus(`R${i}`, 'warning'))
  }
  const plan = planBatch(events, { seenEventIds: new Set(), cases: new Map(), risks: new Map() }, { regions, now: T0 + 3600_000 })
  if (!plan.ok) throw new Error(JSON.stringify(plan.details))
  return { ...plan, accepted: plan.accepted.map((a, i) => ({ ...a, seq: 100 + i })) }
}

/** What the ticker sent before: every case event's line, then the last `keep` of them. */
function everyLineThenLast(c: ReturnType<typeof committed>, keep: number) {
  const items = []
  for (const { event, at, seq } of c.accepted) {
    if (!isCaseEvent(event)) continue
    const state = c.cases.get(event.caseId)?.next
    if (state) items.push(feedItem(seq, event, at, state, regions))
  }
  return items.slice(-keep)
}

describe('lastFeedItems', () => {
  it('gives the last lines of a batch in log order, the same as building all of them and keeping the last', () => {
    const c = committed(80)
    const lines = lastFeedItems(c.accepted, c.cases, regions)
    expect(lines).toHaveLength(60)
    expect(lines).toEqual(everyLineThenLast(c, 60))
    expect(lines.map((l) => l.seq)).toEqual([...lines.map((l) => l.seq)].sort((a, b) => a - b))
  })

  it('gives every line of a batch with fewer case events than kept, and none for a batch of risk events only', () => {
    const c = committed(5)
    expect(lastFeedItems(c.accepted, c.cases, regions, 60)).toEqual(everyLineThenLast(c, 60))
    const risksOnly = { ...c, accepted: c.accepted.filter((a) => !isCaseEvent(a.event)) }
    expect(risksOnly.accepted.length).toBeGreaterThan(0)
    expect(lastFeedItems(risksOnly.accepted, c.cases, regions)).toEqual([])
  })
})
