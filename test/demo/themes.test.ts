import { beforeAll, describe, expect, it } from 'vitest'
import type { YipingEvent } from '../../shared/events/schema'
import { shanghaiDay } from '../../shared/time/shanghai'
import type { DayRange } from '../../shared/time/periods'
import { ThemeTallies } from '../../server/domain/themes/themeFigures'
import { ARTICLE } from '../../server/demo/figures'
import { demoFrame } from '../../server/demo/frame'
import { applyChange, codeOf, generate, stateChanges, tree, validate } from './replay'

const NOW = Date.parse('2026-12-01T10:00:00+08:00')

/** The demo's events through the server's own reducers into the themed pages' tallies. */
function tally(events: readonly YipingEvent[]): ThemeTallies {
  const themes = new ThemeTallies(tree)
  for (const c of stateChanges(events)) applyChange(themes, c)
  return themes
}

describe('the themed pages in the demo at scale 1: the article’s figures', () => {
  const frame = demoFrame(NOW)
  const current: DayRange = { start: shanghaiDay(frame.current.from), end: shanghaiDay(frame.current.to - 1) + 1 }
  let themes: ThemeTallies
  beforeAll(() => {
    const { events } = generate(NOW, 1)
    validate(events, NOW)
    themes = tally(events)
  }, 180_000)

  it('淳安: 740+ water-side points with 800 rescue sets, patrolled monthly; 218 hazards found and fixed', () => {
    const water = themes.waterPage('330127', current)
    expect(water.points).toBeGreaterThanOrEqual(ARTICLE.chunanWaterPoints)
    expect(water.points).toBeLessThan(800)
    expect(water.rescueSets).toBe(ARTICLE.chunanRescueSets)
    expect(water.rescueReady).toBeGreaterThan(0.9 * water.rescueSets)
    expect(water.rescueReady).toBeLessThanOrEqual(water.rescueSets)
    expect(water.patrols).toBeGreaterThan(9 * water.points)
    const fire = themes.firePage('330127', current, { stations: () => 0, coverage: () => null })
    expect(fire.hazards).toBe(ARTICLE.chunanHazards)
    expect(fire.rectified).toBeLessThanOrEqual(ARTICLE.chunanHazards)
    expect(fire.rectified).toBeGreaterThan(0.9 * ARTICLE.chunanHazards)
  })

  it('秀洲: 1,032 inspected sites, 2,041 hazards over 14 rounds', () => {
    const fire = themes.firePage('330411', current, { stations: () => 23, coverage: () => null })
    expect(fire.sites).toBe(ARTICLE.xiuzhouSites)
    expect(fire.hazards).toBe(ARTICLE.xiuzhouHazards)
    expect(fire.rounds).toBe(14)
    expect(fire.rectified).toBeGreaterThan(0.95 * ARTICLE.xiuzhouHazards)
  })

  it('龙岗镇: telecom fraud −44 % and losses −35.3 % year on year, by type and hour', () => {
    const s = themes.safetyPage(codeOf('龙岗镇'), current)
    expect(s.lastYear.cases).toBe(ARTICLE.longgangFraud.previous)
    expect(s.casesChange).toBeCloseTo(-ARTICLE.longgangFraud.fall, 3)
    expect(s.lossChange).toBeCloseTo(-ARTICLE.longgangFraud.lossFall, 3)
    expect(s.byType.reduce((a, t) => a + t.cases, 0)).toBe(s.cases)
    expect(s.byHour.reduce((a, b) => a + b, 0)).toBe(s.cases)
  })

  it('信访: 初访 and 重访, a few 越级访, 积案 with 包案领导 and deadlines, 槎源坞村 among the villages without petitions of concern', () => {
    const p = themes.petitionPage('330111', current, NOW)
    expect(p.firstVisits + p.repeatVisits).toBe(p.petitions)
    expect(p.repeatVisits / p.petitions).toBeGreaterThan(0.2)
    expect(p.overLevel).toBeGreaterThan(0)
    expect(p.overLevel / p.petitions).toBeLessThan(0.06)
    expect(p.backlog.national).toEqual({ total: ARTICLE.fuyangBacklog.national, resolved: ARTICLE.fuyangBacklog.national })
    expect(p.openBacklog.items.every((b) => b.caseLeader && b.clearBy)).toBe(true)
    const wanshi = themes.petitionPage(codeOf('万市镇'), current, NOW)
    expect(wanshi.quietVillages).toBeGreaterThanOrEqual(8)
    expect(themes.petitionPage(codeOf('槎源坞村'), current, NOW).quietVillages).toBe(1)
  })
})
