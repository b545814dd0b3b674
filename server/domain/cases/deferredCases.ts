import type { CaseState } from './caseState'

/**
 * States held in order before they are folded into each case's latest: more than a replay's tail
 * of 20,000 events changes (a fold is a map's set per state, what the log saves), few enough to
 * bound what a replay moved forward for hours keeps (references; the states are the cases').
 */
export const CHANGES_HELD_MAX = 50_000

/**
 * The unresolved cases a tally tracks one by one (open 积案, open cases by unit), taken in at once
 * or, from a snapshot restored lazily, at the tally's first read: a replay decodes only the cases
 * it needs and most replays never read these lists. Until then each case changed is held at its
 * latest state and tracked after the snapshot's, so the result is that of a restore with every
 * case at once (a case's latest state decides; the order of tracking is not seen by the tallies).
 */
export class DeferredCases {
  /**
   * The snapshot's cases, and the states changed since: appended in order (a replay's tail changes
   * 15,000 cases and reads neither list: a map's set per change, twice, was 4% of a cold instant),
   * folded into `latest` (each case's latest state, in the order first changed) at the first read
   * or past CHANGES_HELD_MAX.
   */
  private pending: { unresolved: () => Iterable<CaseState>; latest: Map<string, CaseState>; log: CaseState[] } | null = null

  constructor(private readonly track: (c: CaseState) => void) {}

  clear(): void {
    this.pending = null
  }

  /** The snapshot's unresolved cases: tracked now, or (a function) at the first `load`. */
  restore(unresolved: Iterable<CaseState> | (() => Iterable<CaseState>)): void {
    if (typeof unresolved === 'function') this.pending = { unresolved, latest: new Map(), log: [] }
    else for (const c of unresolved) this.track(c)
  }

  /** A case's new state: tracked now, or held until the snapshot's cases are. */
  change(next: CaseState): void {
    const p = this.pending
    if (!p) return this.track(next)
    p.log.push(next)
    if (p.log.length >= CHANGES_HELD_MAX) fold(p)
  }

  /** Before a read: the snapshot's cases not changed since, then the changed ones at their latest state. */
  load(): void {
    const p = this.pending
    if (!p) return
    this.pending = null
    fold(p)
    for (const c of p.unresolved()) if (!p.latest.has(c.id)) this.track(c)
    for (const c of p.latest.values()) this.track(c)
  }
}

/** The states appended since the last fold, each taken as its case's latest (a case keeps its place of first change). */
function fold(p: { latest: Map<string, CaseState>; log: CaseState[] }): void {
  for (const c of p.log) p.latest.set(c.id, c)
  p.log.length = 0
}
