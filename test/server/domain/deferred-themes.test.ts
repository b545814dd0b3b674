import { describe, expect, it } from 'vitest'
import { shanghaiDay } from '../../../shared/time/shanghai'
import type { CaseState } from '../../../server/domain/cases/caseState'
import { THEME_CHANGES_MAX, ThemeTallies } from '../../../server/domain/themes/themeFigures'
import { isResolved } from '../../../server/domain/cases/caseState'
import { applyChange as apply, generate, stateChanges as changesOf, type StateChange, tree } from '../../demo/replay'

const NOW = Date.parse('2026-12-01T10:00:00+08:00')

/** Every figure of every themed page, for each region. */
function pages(t: ThemeTallies): unknown {
  const range = { start: shanghaiDay(NOW) - 400, end: shanghaiDay(NOW) + 1 }
  return tree.list().map((r) => [
    r.code,
    t.petitionPage(r.code, range, NOW),
    t.safetyPage(r.code, range),
    t.firePage(r.code, range, { stations: () => 0, coverage: () => null }),
    t.waterPage(r.code, range),
  ])
}

// A replay restores a snapshot's themed tallies deferred: their changes are queued (as numbers and
// states, no closure) until a themed page is read or the queue is full, and must then give exactly
// the figures of tallies restored at once and changed one by one.
describe('deferred themed tallies', () => {
  const { events } = generate(NOW, 0.05, 7)
  const all = events.filter((e) => e.type.startsWith('case.') || e.type.startsWith('risk.'))
  const half = Math.floor(all.length / 2)
  const changes = changesOf(all)
  const base = new ThemeTallies(tree)
  const open = new Map<string, CaseState>()
  for (const c of changes.slice(0, half)) {
    apply(base, c)
    if (!c.risk) {
      if (isResolved(c.next)) open.delete(c.next.id)
      else open.set(c.next.id, c.next)
    }
  }
  const dump = JSON.parse(JSON.stringify(base.dump())) as ReturnType<ThemeTallies['dump']>
  const unresolved = [...open.values()]
  const rest = changes.slice(half)

  const eager = () => {
    const t = new ThemeTallies(tree)
    t.restore(JSON.parse(JSON.stringify(dump)), unresolved)
    return t
  }
  const deferred = () => {
    const t = new ThemeTallies(tree)
    let loads = 0
    t.restore(
      () => {
        loads++
        return JSON.parse(JSON.stringify(dump))
      },
      () => unresolved,
    )
    return { t, loads: () => loads }
  }

  it('queues the changes until a themed page is read, then gives the figures of tallies restored at once', () => {
    expect(rest.length).toBeGreaterThan(100)
    expect(rest.length).toBeLessThan(THEME_CHANGES_MAX)
    const ref = eager()
    const d = deferred()
    for (const c of rest) {
      apply(ref, c)
      apply(d.t, c)
    }
    expect(d.loads()).toBe(0)
    expect(pages(d.t)).toEqual(pages(ref))
    expect(d.loads()).toBe(1)
    expect(d.t.dump()).toEqual(ref.dump())
  })

  it('decodes and applies the queue once it is full, in order, and goes on with the changes after it', () => {
    // The tail again and again, then back (a case's states handed over in a loop): past the bound.
    const loop: StateChange[] = []
    while (loop.length <= THEME_CHANGES_MAX + 500) {
      loop.push(...rest)
      for (let i = rest.length - 1; i >= 0; i--) {
        const c = rest[i]!
        if (c.prev !== null) loop.push(c.risk ? { risk: true, prev: c.next, next: c.prev } : { risk: false, prev: c.next, next: c.prev })
      }
    }
    const ref = eager()
    const d = deferred()
    for (const [i, c] of loop.entries()) {
      apply(ref, c)
      apply(d.t, c)
      if (i === THEME_CHANGES_MAX - 2) expect(d.loads()).toBe(0)
    }
    expect(d.loads()).toBe(1)
    expect(d.t.dump()).toEqual(ref.dump())
    expect(pages(d.t)).toEqual(pages(ref))
  })
})
