import type { YipingEvent } from '../../shared/events/schema'
import { followedUp, reported, resolved, stage, T0, urged } from './events'
import { VILLAGES } from './regions'

/** A seeded random stream of legal case events: reports, moves, urges, resolutions, follow-ups. */
export function randomStream(seed: number, count: number): YipingEvent[] {
  let s = seed
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!
  const open: string[] = []
  const awaitingFollowUp: string[] = []
  const out: YipingEvent[] = []
  let t = T0 - 40 * 24 * 3600_000
  for (let i = 0; out.length < count; i++) {
    t += Math.floor(rnd() * 1800_000)
    const r = rnd()
    if (r < 0.35 || open.length === 0) {
      const id = `C${seed}-${i}`
      out.push(
        reported(id, pick(VILLAGES), t, {
          size: rnd() < 0.8 ? 'minor' : 'major',
          source: pick(['hotline', 'petition', 'grid', 'meeting', 'police'] as const),
          ...(rnd() < 0.1 ? { backlogLevel: pick(['national', 'provincial', 'municipal', 'district'] as const) } : {}),
        }),
      )
      open.push(id)
    } else if (r < 0.55) out.push(stage(pick(open), pick(['assign', 'handle', 'review'] as const), t))
    else if (r < 0.7) out.push(urged(pick(open), t))
    else if (r < 0.85) {
      const id = open.splice(Math.floor(rnd() * open.length), 1)[0]!
      out.push(resolved(id, pick(['grid', 'village', 'secretary', 'town', 'district'] as const), t))
      awaitingFollowUp.push(id)
    } else if (awaitingFollowUp.length > 0) {
      const id = awaitingFollowUp.splice(Math.floor(rnd() * awaitingFollowUp.length), 1)[0]!
      out.push(followedUp(id, pick(['satisfied', 'basic', 'unsatisfied'] as const), t))
    }
  }
  return out
}
