import type { PresenterState } from '../../shared/live/presenter'
import { isWallName, wallOfRoom } from '../../shared/live/wallNames'
import { PERIOD_PRESETS, type PeriodPreset } from '../../shared/time/periods'
import { WALL_PAGES, type WallPage } from '../../shared/themes/pages'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { periodProblem } from '../../shared/api/playlists'

/** What a take shows, as its audit line says it: `330127 · water · month · 回放 2026-12-03T22:00:00+08:00`. */
export type TakeView = Pick<PresenterState, 'region' | 'page' | 'period' | 'asOf'>

const REPLAY = '回放 '

/** The audit note of a take: read by people in the trail, and read back by a node that starts. */
export function describeTake(s: TakeView): string {
  const period = s.period ? (typeof s.period === 'string' ? s.period : `${s.period.from}~${s.period.to}`) : null
  return [s.region, s.page, period, s.asOf ? `${REPLAY}${s.asOf}` : null].filter(Boolean).join(' · ')
}

/** A take's note read back (describeTake's inverse), or null for one that is not a take's. */
export function readTake(note: string | null): TakeView | null {
  const [region, page, ...rest] = (note ?? '').split(' · ')
  if (!region || !WALL_PAGES.includes(page as WallPage)) return null
  const view: TakeView = { region, page: page as WallPage, period: null, asOf: null }
  for (const part of rest) {
    if (part.startsWith(REPLAY) && !Number.isNaN(Date.parse(part.slice(REPLAY.length)))) view.asOf = part.slice(REPLAY.length)
    else if (PERIOD_PRESETS.includes(part as PeriodPreset)) view.period = part as PeriodPreset
    else {
      const [from, to] = part.split('~')
      if (!from || !to || periodProblem({ from, to }) !== null) return null
      view.period = { from, to }
    }
  }
  return view
}

export interface TrailEntry {
  at: number
  actor: string
  action: string
  target: string
  note: string | null
}

/**
 * Which walls a seat holds, from the presenter's audit trail (newest first) of the last idle
 * period: a wall whose newest entry is a take not yet idle is held as that take says. Takes and
 * releases are audited before they are relayed, so the trail is the record a starting node reads.
 */
export function heldFromTrail(entries: readonly TrailEntry[], idleMs: number, now: number): PresenterState[] {
  const seen = new Set<string>()
  const held: PresenterState[] = []
  for (const e of entries) {
    const wall = wallOfRoom(e.target)
    if (wall === null || !isWallName(wall) || seen.has(wall)) continue
    seen.add(wall)
    const view = e.action === 'presenter.take' ? readTake(e.note) : null
    if (!view || e.at + idleMs <= now) continue
    held.push({ wall, ...view, by: e.actor, at: toShanghaiIso(e.at), idleUntil: toShanghaiIso(e.at + idleMs) })
  }
  return held
}
