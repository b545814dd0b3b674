import { civil, dayOf, sameDateLastYear } from '../../../shared/time/calendar'
import type { DayRange } from '../../../shared/time/periods'
import type { ActivitySeries } from '../../domain/aggregate/activity'

export interface TrendSlot {
  /** First day of the slot (a day number). */
  start: number
  label: string
  reported: number
  resolved: number
  lastYear: { reported: number; resolved: number }
  /** The slot holds today: not over yet. */
  partial: boolean
}

export interface Trend {
  unit: 'day' | 'month'
  range: DayRange
  slots: TrendSlot[]
}

/** Up to a quarter a day is a point; longer, a calendar month is. */
const DAILY_MAX_DAYS = 92
/** A trend needs a few points: shorter periods show the week that ends with them. */
const MIN_DAYS = 7

/**
 * Cases reported and resolved over the period by the day they happened (the activity series),
 * each slot beside the same calendar days a year before (29 Feb → 28 Feb).
 */
export function trendOf(activity: ActivitySeries | undefined, period: DayRange, today: number): Trend {
  const range = { start: Math.min(period.start, period.end - MIN_DAYS), end: period.end }
  const unit = range.end - range.start > DAILY_MAX_DAYS ? 'month' : 'day'
  const day = (d: number) => activity?.days.get(d) ?? [0, 0]
  const slots: TrendSlot[] = []
  for (let start = range.start; start < range.end; ) {
    const c = civil(start)
    const end = unit === 'day' ? start + 1 : Math.min(dayOf(c.year, c.month + 1), range.end)
    const slot: TrendSlot = {
      start,
      label: unit === 'day' ? `${c.month + 1}/${c.day}` : `${c.year % 100}年${c.month + 1}月`,
      reported: 0,
      resolved: 0,
      lastYear: { reported: 0, resolved: 0 },
      partial: start <= today && today < end,
    }
    for (let d = start; d < end; d++) {
      const [reported, resolved] = day(d)
      const [lyReported, lyResolved] = day(sameDateLastYear(d))
      slot.reported += reported
      slot.resolved += resolved
      slot.lastYear.reported += lyReported
      slot.lastYear.resolved += lyResolved
    }
    slots.push(slot)
    start = end
  }
  return { unit, range, slots }
}
