import { HOUR_MS } from '../../../shared/time/shanghai'
import { shanghaiDay } from '../../../shared/time/shanghai'

/** [reported, resolved] in one slot. */
export type Slot = [number, number]

const HOURS_KEPT = 48

/**
 * Cases reported and resolved per hour (recent hours only) and per Shanghai day, by the time the
 * thing happened — unlike the day buckets, which file everything under the day of report.
 */
export class ActivitySeries {
  readonly hours = new Map<number, Slot>()
  readonly days = new Map<number, Slot>()

  add(at: number, field: 0 | 1, delta: number, now: number): void {
    const hour = Math.floor(at / HOUR_MS)
    if (hour >= Math.floor(now / HOUR_MS) - HOURS_KEPT) bump(this.hours, hour, field, delta)
    bump(this.days, shanghaiDay(at), field, delta)
  }

  prune(now: number): void {
    const oldest = Math.floor(now / HOUR_MS) - HOURS_KEPT
    for (const hour of this.hours.keys()) if (hour < oldest) this.hours.delete(hour)
  }
}

function bump(map: Map<number, Slot>, key: number, field: 0 | 1, delta: number) {
  let slot = map.get(key)
  if (!slot) map.set(key, (slot = [0, 0]))
  slot[field] += delta
}
