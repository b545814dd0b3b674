import { describe, expect, it } from 'vitest'
import { shallowRef } from 'vue'
import { activeItems, withinWindow } from '../../shared/playlists/schedule'
import { usePlaylistCycle, type Timers } from '../../client/src/playlist/cycle'
import { clockText, refusalText } from '../../client/src/presenter/seatWords'

/** Timers on a clock the test moves: `advance(ms)` runs what falls due, in order. */
function fakeTimers() {
  let now = 0
  let id = 0
  const due = new Map<number, { at: number; fn: () => void }>()
  const timers: Timers = {
    set: (fn, ms) => {
      due.set(++id, { at: now + ms, fn })
      return id as unknown as ReturnType<typeof setTimeout>
    },
    clear: (t) => void due.delete(t as unknown as number),
  }
  function advance(ms: number) {
    const end = now + ms
    for (;;) {
      const next = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0]
      if (!next || next[1].at > end) break
      due.delete(next[0])
      now = next[1].at
      next[1].fn()
    }
    now = end
  }
  return { timers, advance, now: () => now }
}

const at = (hhmm: string) => Date.parse(`2026-06-16T${hhmm}:00+08:00`)

describe('daily windows (Shanghai time)', () => {
  it('includes the start, excludes the end, and runs across midnight when the end comes first', () => {
    const day = { from: '08:00', to: '20:00' }
    expect([withinWindow(day, at('07:59')), withinWindow(day, at('08:00')), withinWindow(day, at('19:59')), withinWindow(day, at('20:00'))]).toEqual([false, true, true, false])
    const night = { from: '20:00', to: '08:00' }
    expect([withinWindow(night, at('23:00')), withinWindow(night, at('03:00')), withinWindow(night, at('12:00'))]).toEqual([true, true, false])
    expect(withinWindow(null, at('12:00'))).toBe(true)
    const p = { schedule: day, items: [{}, { schedule: { from: '09:00', to: '10:00' } }, {}] }
    expect(activeItems(p, at('09:30'))).toEqual([0, 1, 2])
    expect(activeItems(p, at('11:00'))).toEqual([0, 2])
    expect(activeItems(p, at('21:00'))).toEqual([])
  })

  it('tells the seat the hand-back time, with the day when it is not today', () => {
    expect(clockText('2026-06-16T09:35:00.000+08:00', at('09:30'))).toBe('09:35')
    expect(clockText('2026-06-17T00:05:00.000+08:00', at('23:59'))).toBe('06-17 00:05')
  })

  it('says the server’s refusals in Chinese', () => {
    expect(refusalText("region 330411 is outside this account's scope")).toBe('该区域不在本账号的范围内，不能主控')
    expect(refusalText('a display (kiosk) token may only watch; log in to act')).toBe('大屏令牌只能查看，不能主控')
    expect(refusalText('the viewer role may not do this (present)')).toBe('此账号的角色不能主控大屏')
    expect(refusalText(null)).toBeNull()
  })
})

describe('usePlaylistCycle', () => {
  const setup = (dwells: number[], active: (ms: number) => number[] = () => dwells.map((_, i) => i)) => {
    const t = fakeTimers()
    const shown: number[] = []
    let laps = 0
    const items = shallowRef(dwells.map((dwell) => ({ dwell })))
    const cycle = usePlaylistCycle({ items, activeAt: active, now: t.now, show: (_, i) => shown.push(i), onLap: () => laps++, timers: t.timers, idleMs: 60_000 })
    return { t, shown, cycle, items, laps: () => laps }
  }

  it('shows each item for its own dwell, in order, forever, telling each lap', () => {
    const { t, shown, cycle, laps } = setup([10, 5, 20])
    cycle.start()
    expect(shown).toEqual([0])
    t.advance(9_999)
    expect(shown).toEqual([0])
    t.advance(1)
    expect(shown).toEqual([0, 1])
    t.advance(5_000 + 20_000 + 10_000)
    expect(shown).toEqual([0, 1, 2, 0, 1])
    expect(laps()).toBe(1)
  })

  it('skips items outside their schedules and waits quietly when none is inside', () => {
    let allowed = [0, 2]
    const { t, shown, cycle } = setup([10, 10, 10], () => allowed)
    cycle.start()
    t.advance(10_000)
    expect(shown).toEqual([0, 2])
    allowed = []
    t.advance(10_000)
    expect(cycle.index.value).toBe(-1)
    allowed = [1]
    t.advance(60_000)
    expect(shown).toEqual([0, 2, 1])
  })

  it('pauses on a touch and goes on with the next item after a minute without one', () => {
    const { t, shown, cycle } = setup([10, 10, 10])
    cycle.start()
    t.advance(5_000)
    cycle.interact()
    expect(cycle.paused.value).toBe(true)
    t.advance(50_000)
    cycle.interact()
    t.advance(59_999)
    expect(shown).toEqual([0])
    t.advance(1)
    expect(cycle.paused.value).toBe(false)
    expect(shown).toEqual([0, 1])
  })

  it('waits while a presenter drives the wall, then shows again the item it was on', () => {
    const { t, shown, cycle } = setup([10, 10])
    cycle.start()
    t.advance(5_000)
    cycle.interact()
    cycle.suspend()
    expect(cycle.paused.value).toBe(false)
    cycle.interact()
    t.advance(600_000)
    expect(shown).toEqual([0])
    cycle.resume()
    expect(shown).toEqual([0, 0])
    t.advance(10_000)
    expect(shown).toEqual([0, 0, 1])
  })

  it('follows a playlist read again with fewer items', () => {
    const { t, shown, cycle, items } = setup([10, 10, 10])
    cycle.start()
    t.advance(20_000)
    items.value = [{ dwell: 10 }]
    t.advance(10_000)
    expect(shown).toEqual([0, 1, 2, 0])
  })
})
