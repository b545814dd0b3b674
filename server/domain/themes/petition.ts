import { BACKLOG_LEVELS, type BacklogLevel } from '../../../shared/domain/vocabulary'
import type { RegionTree } from '../../../shared/regions/tree'
import type { DayRange } from '../../../shared/time/periods'
import { shanghaiDay } from '../../../shared/time/shanghai'
import { isResolved, type CaseState } from '../cases/caseState'
import { DeferredCases } from '../cases/deferredCases'
import { DayCounters, type Contribution, type DayCountersDump } from './dayCounters'

const PETITIONS = 0
const FIRST = 1
const REPEAT = 2
const OVER_LEVEL = 3
/** Per backlog level: reported, then resolved. */
const BACKLOG = 4
const WIDTH = BACKLOG + 2 * BACKLOG_LEVELS.length

/** An unresolved 积案 with who answers for it and by when it must be cleared. */
export interface OpenBacklog {
  caseId: string
  title: string
  regionCode: string
  level: BacklogLevel
  caseLeader: string | null
  clearBy: number | null
  reportedAt: number
}

export interface PetitionFigures {
  petitions: number
  firstVisits: number
  repeatVisits: number
  overLevel: number
  backlog: Record<BacklogLevel, { total: number; resolved: number }>
  /** Villages of the subtree, and those with neither a 积案 nor a 越级访 in the period (无信访村). */
  villages: number
  quietVillages: number
}

function contribution(c: CaseState): Contribution {
  const out: Array<[number, number]> = []
  if (c.source === 'petition') {
    out.push([PETITIONS, 1])
    if (c.theme?.visit === 'first') out.push([FIRST, 1])
    if (c.theme?.visit === 'repeat') out.push([REPEAT, 1])
  }
  if (c.theme?.overLevel) out.push([OVER_LEVEL, 1])
  if (c.backlogLevel) {
    const i = BACKLOG + 2 * BACKLOG_LEVELS.indexOf(c.backlogLevel)
    out.push([i, 1])
    if (isResolved(c)) out.push([i + 1, 1])
  }
  return out
}

/** 信访积案: petitions by visit, 越级访, 积案 by level, 无信访村, and the open 积案 with 包案领导. */
export class PetitionTallies {
  private days: DayCounters
  private open = new Map<string, OpenBacklog>()
  /** The open 积案 of a lazily restored snapshot wait for their first read (the list is sorted, the count a count). */
  private deferred = new DeferredCases((c) => this.track(c))
  private villages = new Map<string, string[]>()

  constructor(private readonly tree: RegionTree) {
    this.days = new DayCounters(tree, WIDTH)
  }

  clear(): void {
    this.days.clear()
    this.open.clear()
    this.deferred.clear()
  }

  apply(prev: CaseState | null, next: CaseState): void {
    const day = shanghaiDay(next.reportedAt)
    if (prev) this.days.add(prev.regionCode, day, contribution(prev), -1)
    this.days.add(next.regionCode, day, contribution(next), 1)
    this.deferred.change(next)
  }

  /** The day counters as plain data; the open 积案 are not in it (they are unresolved cases, restored from those). */
  dump(): DayCountersDump {
    return this.days.dump()
  }

  /** Take a dump back (after `clear`), with every unresolved case. */
  restore(d: DayCountersDump, unresolved: Iterable<CaseState> | (() => Iterable<CaseState>)): void {
    this.days.restore(d)
    this.deferred.restore(unresolved)
  }

  private track(next: CaseState): void {
    if (next.backlogLevel && !isResolved(next)) {
      this.open.set(next.id, {
        caseId: next.id,
        title: next.title,
        regionCode: next.regionCode,
        level: next.backlogLevel,
        caseLeader: next.theme?.caseLeader ?? null,
        clearBy: next.theme?.clearBy ?? null,
        reportedAt: next.reportedAt,
      })
    } else this.open.delete(next.id)
  }

  /** The period's counts without the walk over the subtree's villages (comparisons, child rows). */
  counts(code: string, range: DayRange): Omit<PetitionFigures, 'villages' | 'quietVillages'> {
    const s = this.days.sum(code, range)
    const backlog = Object.fromEntries(
      BACKLOG_LEVELS.map((l, k) => [l, { total: s[BACKLOG + 2 * k]!, resolved: s[BACKLOG + 2 * k + 1]! }]),
    ) as PetitionFigures['backlog']
    return { petitions: s[PETITIONS]!, firstVisits: s[FIRST]!, repeatVisits: s[REPEAT]!, overLevel: s[OVER_LEVEL]!, backlog }
  }

  figures(code: string, range: DayRange): PetitionFigures {
    const villages = this.villagesOf(code)
    let quiet = 0
    for (const v of villages) {
      const c = this.days.sum(v, range)
      let marks = c[OVER_LEVEL]!
      for (let k = 0; k < BACKLOG_LEVELS.length; k++) marks += c[BACKLOG + 2 * k]!
      if (marks === 0) quiet++
    }
    return { ...this.counts(code, range), villages: villages.length, quietVillages: quiet }
  }

  /** Open 积案 of the subtree now, the nearest clearance deadline first (none last). */
  openBacklog(code: string, limit: number): { total: number; items: OpenBacklog[] } {
    this.deferred.load()
    const all = [...this.open.values()].filter((b) => this.tree.isWithin(b.regionCode, code))
    // Ties by id: the same list whatever order the cases were counted in (a rebuild, a snapshot).
    all.sort((a, b) => (a.clearBy ?? Infinity) - (b.clearBy ?? Infinity) || a.reportedAt - b.reportedAt || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))
    return { total: all.length, items: all.slice(0, limit) }
  }

  /** How many open 积案 the subtree has now (a child row: no list, so no sort). */
  openCount(code: string): number {
    this.deferred.load()
    let n = 0
    for (const b of this.open.values()) if (this.tree.isWithin(b.regionCode, code)) n++
    return n
  }

  private villagesOf(code: string): string[] {
    let list = this.villages.get(code)
    if (!list) {
      list = []
      const walk = (c: string) => {
        const n = this.tree.get(c)
        if (!n) return
        if (n.level === 'village') list!.push(c)
        for (const k of n.children) walk(k)
      }
      walk(code)
      this.villages.set(code, list)
    }
    return list
  }
}
