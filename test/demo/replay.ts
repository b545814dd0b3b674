import { subjectOf } from '../../shared/events/schema'
import { expect } from 'vitest'
import { Compile } from 'typebox/compile'
import { CASE_STAGES, type CaseStage } from '../../shared/domain/vocabulary'
import { EVENT_SCHEMAS, MAX_BATCH, type YipingEvent } from '../../shared/events/schema'
import { RegionTree } from '../../shared/regions/tree'
import { demoEvents } from '../../server/demo/dataset'
import { demoRegions } from '../../server/demo/regions'
import type { OpenCase } from '../../server/demo/simulator-plan'
import type { CaseState } from '../../server/domain/cases/caseState'
import { reduceCase } from '../../server/domain/cases/reduceCase'
import { reduceRisk, type RiskState } from '../../server/domain/risks/riskState'
import type { ThemeTallies } from '../../server/domain/themes/themeFigures'

/** What the demo tests share: the tree, a replay that enforces a case's life, and checks of events. */

export const regions = demoRegions()
export const tree = new RegionTree(regions)
export const codeOf = (name: string) => regions.find((r) => r.name === name)!.code
const checkers = Object.fromEntries(Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [type, Compile(schema)]))

export interface CaseLife {
  e: Extract<YipingEvent, { type: 'case.reported' }>
  stage: CaseStage
  resolved: boolean
  closed: boolean
  reportedAt: number
  lastAt: number
  stageAt: number
  resolvedAt?: number
  tier?: string
  urged: boolean
  satisfaction?: string
}
export interface RiskLife {
  kind: string
  status: string
  regionCode: string
  registeredAt: number
}

/** Replays events in order and throws at the first illegal one: the state rules of a case's life. */
export function replay(events: readonly YipingEvent[], cases = new Map<string, CaseLife>(), risks = new Map<string, RiskLife>()) {
  for (const e of events) {
    const at = Date.parse(e.at)
    const fail = (why: string): never => {
      throw new Error(`${why}: ${JSON.stringify(e)}`)
    }
    if (e.type === 'risk.registered') {
      if (risks.has(e.riskId)) fail('risk registered twice')
      risks.set(e.riskId, { kind: e.kind, status: 'normal', regionCode: e.regionCode, registeredAt: at })
      continue
    }
    if (e.type === 'risk.status') {
      const r = risks.get(e.riskId) ?? fail('unknown risk')
      r.status = e.status
      continue
    }
    if (e.type === 'camera.registered') continue
    if (e.type === 'case.reported') {
      if (cases.has(e.caseId)) fail('reported twice')
      cases.set(e.caseId, { e, stage: 'receive', resolved: false, closed: false, reportedAt: at, lastAt: at, stageAt: at, urged: false })
      continue
    }
    const c = cases.get(e.caseId) ?? fail('unknown case')
    if (at < c.lastAt) fail('out of order within its case')
    if (c.closed) fail('event after follow-up')
    switch (e.type) {
      case 'case.stage':
        if (e.stage === 'followup') fail('stage followup emitted')
        if (c.resolved) fail('stage after resolved')
        if (CASE_STAGES.indexOf(e.stage) !== CASE_STAGES.indexOf(c.stage) + 1) fail(`stage ${c.stage} → ${e.stage}`)
        if (at <= c.stageAt) fail('stage not later than the previous one')
        Object.assign(c, { stage: e.stage, lastAt: at, stageAt: at })
        break
      case 'case.urged':
      case 'case.supervised':
        if (c.resolved) fail(`${e.type} after resolved`)
        if (e.type === 'case.urged') c.urged = true
        c.lastAt = Math.max(c.lastAt, at)
        break
      case 'case.resolved':
        if (c.resolved) fail('resolved twice')
        if (c.stage !== 'review') fail('resolved before review')
        if (at <= c.stageAt) fail('resolved not after review')
        Object.assign(c, { resolved: true, stage: 'followup', resolvedAt: at, lastAt: at, tier: e.tier })
        break
      case 'case.followedUp':
        if (!c.resolved) fail('follow-up before resolved')
        if (at <= c.resolvedAt!) fail('follow-up not after resolved')
        Object.assign(c, { closed: true, satisfaction: e.satisfaction, lastAt: at })
        break
    }
  }
  return { cases, risks }
}

const allowedKeys = Object.fromEntries(
  Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [type, new Set(Object.keys((schema as unknown as { properties: object }).properties))]),
)

/** Schema, no stray keys, +08:00 times not after `now`, unique ids, known regions. */
export function validate(events: readonly YipingEvent[], now: number, ids = new Set<string>()) {
  for (const e of events) {
    const fail = (why: string) => {
      throw new Error(`${why}: ${JSON.stringify(e)}`)
    }
    const checker = checkers[e.type]!
    if (!checker.Check(e)) fail(`invalid ${JSON.stringify([...checker.Errors(e)][0])}`)
    if (Object.keys(e).some((k) => !allowedKeys[e.type]!.has(k))) fail('stray key')
    if (!e.at.endsWith('+08:00')) fail('not +08:00')
    if (Date.parse(e.at) > now) fail('after now')
    if (ids.has(e.id)) fail('duplicate id')
    ids.add(e.id)
    if ('regionCode' in e && !tree.has(e.regionCode)) fail('unknown region')
  }
}

/** The dataset's batches, checked for size and for never splitting a case's or a point's story. */
export function generate(now: number, scale: number, seed?: number) {
  const batches = [...demoEvents({ regions, now, scale, seed })]
  const batchOf = new Map<string, number>()
  batches.forEach((b, i) => {
    expect(b.length).toBeGreaterThan(0)
    expect(b.length).toBeLessThanOrEqual(MAX_BATCH)
    for (const e of b) {
      const subject = subjectOf(e)
      if ((batchOf.get(subject) ?? i) !== i) throw new Error(`${subject} split across batches`)
      batchOf.set(subject, i)
    }
  })
  return { batches, events: batches.flat() }
}

/** The open cases of a replayed history, as the simulator takes them over from the store. */
export function openCases(cases: Map<string, CaseLife>): OpenCase[] {
  return [...cases.entries()]
    .filter(([, c]) => !c.closed)
    .map(([id, c]) => ({
      id,
      regionCode: c.e.regionCode,
      category: c.e.category,
      size: c.e.size,
      stage: c.stage,
      reportedAt: c.reportedAt,
      dueAt: c.reportedAt + (c.e.size === 'minor' ? 1 : 30) * 86_400_000,
      resolvedAt: c.resolvedAt ?? null,
      followedUpAt: null,
      updatedAt: c.lastAt,
    }))
}

export const pct = (a: number, b: number) => (100 * a) / b
export const localHour = (ms: number) => new Date(ms + 8 * 3_600_000).getUTCHours() + new Date(ms).getUTCMinutes() / 60

/** One change of a case or a risk point, as the aggregator hands it to the themed tallies. */
export type StateChange = { risk: false; prev: CaseState | null; next: CaseState } | { risk: true; prev: RiskState | null; next: RiskState }

/** The demo's events through the server's own reducers, as the changes the aggregator hands the themed tallies. */
export function stateChanges(events: readonly YipingEvent[]): StateChange[] {
  const cases = new Map<string, CaseState>()
  const risks = new Map<string, RiskState>()
  const changes: StateChange[] = []
  for (const e of events) {
    const at = Date.parse(e.at)
    if (e.type.startsWith('risk.')) {
      const id = (e as { riskId: string }).riskId
      const r = reduceRisk(risks.get(id), e as Parameters<typeof reduceRisk>[1], at)
      if (!r.ok) throw new Error(r.message)
      changes.push({ risk: true, prev: risks.get(id) ?? null, next: r.state })
      risks.set(id, r.state)
    } else if (e.type.startsWith('case.')) {
      const id = (e as { caseId: string }).caseId
      const r = reduceCase(cases.get(id), e as Parameters<typeof reduceCase>[1], at)
      if (!r.ok) throw new Error(r.message)
      changes.push({ risk: false, prev: cases.get(id) ?? null, next: r.state })
      cases.set(id, r.state)
    }
  }
  return changes
}

/** One change applied to themed tallies, as the aggregator applies it. */
export const applyChange = (t: ThemeTallies, c: StateChange) => (c.risk ? t.applyRisk(c.prev, c.next) : t.applyCase(c.prev, c.next))
