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
  /**
   * The slots last bumped, by key: live traffic lands in the same hour and day event after event,
   * at every level of a lineage, so most bumps skip the lookup. A pruned hour forgets its slot.
   */
  private lastHour = NaN
  private lastHourSlot: Slot | null = null
  private lastDay = NaN
  private lastDaySlot: Slot | null = null

  add(at: number, field: 0 | 1, delta: number, now: number): void {
    const hour = Math.floor(at / HOUR_MS)
    if (hour >= Math.floor(now / HOUR_MS) - HOURS_KEPT) {
      if (hour !== this.lastHour) {
        this.lastHourSlot = slotOf(this.hours, hour)
        this.lastHour = hour
      }
      this.lastHourSlot![field] += delta
    }
    const day = shanghaiDay(at)
    if (day !== this.lastDay) {
      this.lastDaySlot = slotOf(this.days, day)
      this.lastDay = day
    }
    this.lastDaySlot![field] += delta
  }

  prune(now: number): void {
    const oldest = Math.floor(now / HOUR_MS) - HOURS_KEPT
    for (const hour of this.hours.keys()) if (hour < oldest) this.hours.delete(hour)
    if (this.lastHour < oldest) {
      this.lastHour = NaN
      this.lastHourSlot = null
    }
  }
}

function slotOf(map: Map<number, Slot>, key: number): Slot {
  let slot = map.get(key)
  if (!slot) map.set(key, (slot = [0, 0]))
  return slot
}
