import { beforeAll, describe, it, expect } from 'vitest'
import { Compile } from 'typebox/compile'
import { CASE_STAGES, LOCAL_TIERS, RISK_KINDS, type CaseStage } from '../../shared/domain/vocabulary'
import { EVENT_SCHEMAS, MAX_BATCH, type YipingEvent } from '../../shared/events/schema'
import { RegionTree } from '../../shared/regions/tree'
import { demoRegions } from '../../server/demo/regions'
import { demoEvents, FIRE_STATIONS } from '../../server/demo/dataset'
import { SimulatorPlan } from '../../server/demo/simulator-plan'

const NOW = Date.parse('2026-12-01T10:00:00+08:00')
const regions = demoRegions()
const tree = new RegionTree(regions)
const codeOf = (name: string) => regions.find((r) => r.name === name)!.code
const checkers = Object.fromEntries(Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [type, Compile(schema)]))

interface CaseState {
  e: Extract<YipingEvent, { type: 'case.reported' }>
  stage: CaseStage
  resolved: boolean
  closed: boolean
  reportedAt: number
  lastAt: number
  resolvedAt?: number
  tier?: string
  urged: boolean
  satisfaction?: string
}

/** Replays events in order and throws at the first illegal one: the state rules of a case's life. */
function replay(events: YipingEvent[], cases = new Map<string, CaseState>(), risks = new Map<string, { kind: string; status: string; regionCode: string }>()) {
  for (const e of events) {
    const at = Date.parse(e.at)
    const fail = (why: string) => {
      throw new Error(`${why}: ${JSON.stringify(e)}`)
    }
    if (e.type === 'risk.registered') {
      if (risks.has(e.riskId)) fail('risk registered twice')
      risks.set(e.riskId, { kind: e.kind, status: 'normal', regionCode: e.regionCode })
      continue
    }
    if (e.type === 'risk.status') {
      const r = risks.get(e.riskId) ?? fail('unknown risk')
      r.status = e.status
      continue
    }
    if (e.type === 'case.reported') {
      if (cases.has(e.caseId)) fail('reported twice')
      cases.set(e.caseId, { e, stage: 'receive', resolved: false, closed: false, reportedAt: at, lastAt: at, urged: false })
      continue
    }
    const c = cases.get(e.caseId) ?? fail('unknown case')
    if (at < c.reportedAt) fail('before reported')
    if (c.closed) fail('event after follow-up')
    switch (e.type) {
      case 'case.stage':
        if (e.stage === 'followup') fail('stage followup emitted')
        if (c.resolved) fail('stage after resolved')
        if (CASE_STAGES.indexOf(e.stage) !== CASE_STAGES.indexOf(c.stage) + 1) fail(`stage ${c.stage} → ${e.stage}`)
        if (at <= c.lastAt) fail('stage not later than previous')
        c.stage = e.stage
        c.lastAt = at
        break
      case 'case.urged':
      case 'case.supervised':
        if (c.resolved) fail(`${e.type} after resolved`)
        if (e.type === 'case.urged') c.urged = true
        break
      case 'case.resolved':
        if (c.resolved) fail('resolved twice')
        if (c.stage !== 'review') fail('resolved before review')
        if (at <= c.lastAt) fail('resolved not after review')
        Object.assign(c, { resolved: true, stage: 'followup', resolvedAt: at, lastAt: at, tier: e.tier })
        break
      case 'case.followedUp':
        if (!c.resolved) fail('follow-up before resolved')
        if (at <= c.resolvedAt!) fail('follow-up not after resolved')
        Object.assign(c, { closed: true, satisfaction: e.satisfaction })
        break
    }
  }
  return { cases, risks }
}

const allowedKeys = Object.fromEntries(
  Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [type, new Set(Object.keys((schema as unknown as { properties: object }).properties))]),
)

/** Schema, no stray keys, +08:00 times not after now, unique ids, known regions. */
function validate(events: YipingEvent[], now: number) {
  const ids = new Set<string>()
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

function generate(now: number, scale: number, seed?: number) {
  const batches = [...demoEvents({ regions, now, scale, seed })]
  let last = -Infinity
  for (const b of batches) {
    expect(b.length).toBeGreaterThan(0)
    expect(b.length).toBeLessThanOrEqual(MAX_BATCH)
    for (const e of b) {
      const at = Date.parse(e.at)
      if (at < last) throw new Error(`out of order at ${e.id}`)
      last = at
    }
  }
  return { batches, events: batches.flat() }
}

const pct = (a: number, b: number) => (100 * a) / b

describe('demo regions', () => {
  it('is a tree with unique codes, the real codes and names unique among siblings', () => {
    expect(new Set(regions.map((r) => r.code)).size).toBe(regions.length)
    const real = { '330000': '浙江省', '330100': '杭州市', '330400': '嘉兴市', '330111': '富阳区', '330112': '临安区', '330127': '淳安县', '330411': '秀洲区' }
    for (const [code, name] of Object.entries(real)) expect(tree.get(code)?.name).toBe(name)
    expect(tree.root.code).toBe('330000')
    for (const node of tree.nodes.values()) {
      const names = node.children.map((c) => tree.get(c)!.name)
      expect(new Set(names).size).toBe(names.length)
      if (node.level === 'town') expect(node.children.length).toBeGreaterThanOrEqual(6)
      if (node.level === 'town') expect(node.children.length).toBeLessThanOrEqual(14)
      if (node.parent && ['town', 'village'].includes(node.level)) expect(node.code).toMatch(new RegExp(`^${node.parent}\\d{3}$`))
      expect(node.lng).toBeTypeOf('number')
      expect(node.lat).toBeTypeOf('number')
      if (node.level === 'village') {
        const town = tree.get(node.parent!)!
        expect(Math.hypot(node.lng! - town.lng!, node.lat! - town.lat!)).toBeLessThan(0.04)
      }
    }
    expect(regions.filter((r) => r.level === 'town')).toHaveLength(74)
    expect(tree.get('330111001')?.name).toBe('富春街道')
    expect(tree.get('330411009')?.name).toBe('油车港镇')
    const under = (town: string) => tree.get(codeOf(town))!.children.map((c) => tree.get(c)!.name)
    expect(under('春江街道')).toEqual(expect.arrayContaining(['春江村', '中沙村', '太平村']))
    expect(under('万市镇')).toEqual(expect.arrayContaining(['彭家村', '槎源坞村']))
    expect(under('龙岗镇')).toEqual(expect.arrayContaining(['仙人塘村', '汤家湾村']))
    expect(demoRegions()).toEqual(regions)
  })

  it('places 23 fire stations in 秀洲', () => {
    expect(FIRE_STATIONS).toHaveLength(23)
    expect(new Set(FIRE_STATIONS.map((s) => s.name)).size).toBe(23)
    for (const s of FIRE_STATIONS) {
      expect(tree.isWithin(s.townCode, '330411')).toBe(true)
      expect(Math.hypot(s.lng - 120.71, s.lat - 30.76)).toBeLessThan(0.3)
    }
  })
})

describe('demo dataset (scale 0.02)', () => {
  for (const now of [NOW, Date.parse('2026-01-02T09:30:00+08:00'), Date.parse('2026-06-15T15:00:00+08:00')]) {
    it(`is valid, ordered and obeys the case rules up to ${new Date(now).toISOString()}`, () => {
      const { events } = generate(now, 0.02)
      validate(events, now)
      const { cases, risks } = replay(events)
      expect(cases.size).toBeGreaterThan(now === NOW ? 800 : 0)
      if (now === NOW) {
        expect(new Set([...risks.values()].map((r) => r.kind))).toEqual(new Set(RISK_KINDS))
        expect(new Set([...cases.values()].map((c) => c.e.backlogLevel).filter(Boolean)).size).toBe(4)
        expect(new Set([...cases.values()].map((c) => c.e.source)).size).toBe(6)
        expect([...risks.values()].some((r) => r.status === 'alarm')).toBe(true)
      }
    })
  }

  it('is deterministic for a seed and differs between seeds', () => {
    const a = generate(NOW, 0.02, 7).events
    expect(JSON.stringify(generate(NOW, 0.02, 7).events)).toBe(JSON.stringify(a))
    expect(JSON.stringify(generate(NOW, 0.02, 8).events)).not.toBe(JSON.stringify(a))
  })
})

describe('demo dataset shape (scale 1)', () => {
  let ms = 0
  let events: YipingEvent[] = []
  let risks: ReturnType<typeof replay>['risks']
  let all: CaseState[] = []
  beforeAll(() => {
    const t0 = performance.now()
    events = generate(NOW, 1).events
    ms = performance.now() - t0
    const state = replay(events)
    risks = state.risks
    all = [...state.cases.values()]
  })
  const within = (code: string) => all.filter((c) => tree.isWithin(c.e.regionCode, code))
  const rates = (list: CaseState[]) => {
    const resolved = list.filter((c) => c.resolved)
    const followed = list.filter((c) => c.closed)
    const due = (c: CaseState) => c.reportedAt + (c.e.size === 'minor' ? 1 : 30) * 86_400_000
    return {
      urge: pct(list.filter((c) => c.urged).length, list.length),
      local: pct(resolved.filter((c) => LOCAL_TIERS.includes(c.tier as never)).length, resolved.length),
      followUp: pct(followed.length, resolved.length),
      satisfaction: pct(followed.filter((c) => c.satisfaction !== 'unsatisfied').length, followed.length),
      onTime: pct(resolved.filter((c) => c.resolvedAt! <= due(c)).length, resolved.length),
      hotline: pct(list.filter((c) => c.e.source === 'hotline').length, list.length),
    }
  }

  it('generates a year to date quickly and validly', () => {
    expect(ms).toBeLessThan(10_000)
    validate(events, NOW)
    expect(all.length).toBeGreaterThan(45_000)
    expect(all.length).toBeLessThan(60_000)
  })

  it('reproduces the source figures', () => {
    const total = rates(all)
    expect(Math.abs(total.local - 90)).toBeLessThan(5)
    expect(Math.abs(total.followUp - 95)).toBeLessThan(3)
    expect(Math.abs(total.onTime - 93)).toBeLessThan(3)
    expect(Math.abs(total.hotline - 55)).toBeLessThan(5)
    const yinhu = within(codeOf('银湖街道'))
    expect(Math.abs(rates(yinhu).urge - 16.63)).toBeLessThan(3)
    expect(Math.abs(yinhu.filter((c) => c.e.source === 'hotline').length - 3280)).toBeLessThan(330)
    expect(Math.abs(rates(within('330127')).satisfaction - 98.9)).toBeLessThan(0.8)
    expect(Math.abs(rates(within('330411')).satisfaction - 97)).toBeLessThan(1.5)
    expect(rates(within(codeOf('万市镇'))).local).toBeGreaterThan(90)
    const chayuanwu = within(codeOf('槎源坞村'))
    expect(chayuanwu.length).toBeGreaterThan(0)
    expect(chayuanwu.filter((c) => c.e.source === 'petition' || c.e.backlogLevel)).toHaveLength(0)
    const backlog = (level: string, code: string) => within(code).filter((c) => c.e.backlogLevel === level)
    expect(backlog('national', '330111').filter((c) => c.resolved)).toHaveLength(125)
    expect(backlog('provincial', '330111').filter((c) => c.resolved)).toHaveLength(154)
    expect(backlog('municipal', '330111').filter((c) => c.resolved)).toHaveLength(5)
    expect(all.filter((c) => c.e.backlogLevel && !c.resolved).every((c) => c.e.backlogLevel === 'district')).toBe(true)
    const meetings = (code: string) => pct(within(code).filter((c) => c.e.source === 'meeting').length, within(code).length)
    expect(meetings(codeOf('春江街道'))).toBeGreaterThan(3 * meetings('330111'))
    const reporters = all.filter((c) => c.e.reporter)
    expect(Math.abs(pct(reporters.length, all.length) - 33.3)).toBeLessThan(3)
    expect(reporters.every((c) => /^1\d{10}$/.test(c.e.reporter!.phone))).toBe(true)
  })

  it('leaves recent cases open at every stage, some overdue, and risks in every state', () => {
    const open = all.filter((c) => !c.closed)
    for (const stage of CASE_STAGES) expect(open.filter((c) => c.stage === stage).length).toBeGreaterThan(0)
    expect(open.filter((c) => c.e.size === 'minor' && !c.resolved && c.reportedAt + 86_400_000 < NOW).length).toBeGreaterThan(0)
    const riskList = [...risks.values()]
    const count = (f: (r: (typeof riskList)[number]) => boolean) => riskList.filter(f).length
    expect(Math.abs(count((r) => r.kind === 'water' && r.regionCode.startsWith('330127')) - 750)).toBeLessThan(40)
    expect(Math.abs(count((r) => ['fire', 'building'].includes(r.kind) && r.regionCode.startsWith('330411')) - 1032)).toBeLessThan(5)
    expect(count((r) => r.kind === 'geo' && r.regionCode.startsWith('330112'))).toBeGreaterThan(200)
    expect(count((r) => r.status === 'alarm')).toBeGreaterThanOrEqual(3)
    expect(count((r) => r.status === 'alarm')).toBeLessThanOrEqual(8)
    expect(count((r) => r.status === 'warning')).toBeGreaterThan(0)
    expect(count((r) => r.status === 'rectifying')).toBeGreaterThanOrEqual(12)
  })
})

describe('SimulatorPlan', () => {
  it('produces 2,000 legal events from a seeded state, and a restart does not reuse ids', () => {
    const { events } = generate(NOW, 0.02)
    const { cases, risks } = replay(events)
    const open = [...cases.entries()]
      .filter(([, c]) => !c.closed)
      .map(([caseId, c]) => ({ caseId, regionCode: c.e.regionCode, stage: c.stage, resolved: c.resolved, reportedAt: c.reportedAt }))
    const riskIds = [...risks.entries()].map(([riskId, r]) => ({ riskId, status: r.status }))
    const seen = new Set(events.map((e) => e.id))
    const run = (start: number, steps: number) => {
      const sim = new SimulatorPlan({ regions, seed: 3 })
      sim.seed(open, riskIds)
      const out: YipingEvent[] = []
      let now = start
      for (let i = 0; i < steps; i++) {
        // The live loop asks for a few events at the same instant on each tick.
        if (i % 3 === 0) now += 200 + ((i * 7919) % 1300)
        out.push(sim.next(now))
      }
      return out
    }
    const out = run(NOW + 60_000, 2000)
    validate(out, Infinity)
    replay(out, cases, risks)
    for (const e of out) {
      expect(seen.has(e.id)).toBe(false)
      seen.add(e.id)
    }
    const share = (type: string) => out.filter((e) => e.type === type).length / out.length
    expect(share('case.reported')).toBeGreaterThan(0.15)
    for (const type of ['case.stage', 'case.resolved', 'case.followedUp', 'case.urged', 'risk.status']) expect(share(type)).toBeGreaterThan(0)
    // A restart with the same seed later on: fresh ids.
    for (const e of run(NOW + 3_600_000, 300)) expect(seen.has(e.id)).toBe(false)
  })
})
