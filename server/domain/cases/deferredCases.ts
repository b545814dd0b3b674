import type { CaseState } from './caseState'

/**
 * The unresolved cases a tally tracks one by one (open 积案, open cases by unit), taken in at once
 * or, from a snapshot restored lazily, at the tally's first read: a replay decodes only the cases
 * it needs and most replays never read these lists. Until then each case changed is held at its
 * latest state and tracked after the snapshot's, so the result is that of a restore with every
 * case at once (a case's latest state decides; the order of tracking is not seen by the tallies).
 */
export class DeferredCases {
  private pending: { unresolved: () => Iterable<CaseState>; changed: Map<string, CaseState> } | null = null

  constructor(private readonly track: (c: CaseState) => void) {}

  clear(): void {
    this.pending = null
  }

  /** The snapshot's unresolved cases: tracked now, or (a function) at the first `load`. */
  restore(unresolved: Iterable<CaseState> | (() => Iterable<CaseState>)): void {
    if (typeof unresolved === 'function') this.pending = { unresolved, changed: new Map() }
    else for (const c of unresolved) this.track(c)
  }

  /** A case's new state: tracked now, or held until the snapshot's cases are. */
  change(next: CaseState): void {
    if (this.pending) this.pending.changed.set(next.id, next)
    else this.track(next)
  }

  /** Before a read: the snapshot's cases not changed since, then the changed ones at their latest state. */
  load(): void {
    const p = this.pending
    if (!p) return
    this.pending = null
    for (const c of p.unresolved()) if (!p.changed.has(c.id)) this.track(c)
    for (const c of p.changed.values()) this.track(c)
  }
}
