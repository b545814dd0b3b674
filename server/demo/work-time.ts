import { HOUR_MS, shanghaiDay, shanghaiDayStart } from '../../shared/time/shanghai'
import { dayKind, type DayKind } from './calendar'
import type { Random } from './random'

/** Opening hours as [from, to) in minutes after local midnight. */
type Hours = ReadonlyArray<readonly [number, number]>
type Spec = Readonly<Record<DayKind, Hours>>

const h = (from: number, to: number) => [from * 60, to * 60] as const

/**
 * Who works when. A step of a case happens only while the people who take it are at work, so
 * nothing is resolved at 1 a.m. and a matter reported at 22:00 waits for the morning.
 */
export const WORK_HOURS = {
  /** The command room (指挥室) and 12345 dispatch: 签收, 交办, 催办, 督办; a duty shift at weekends. */
  desk: { workday: [h(8, 20)], restday: [h(8.5, 17.5)], holiday: [h(9, 17)] },
  /** Departments, towns and villages handling 大事: office hours on working days only. */
  office: { workday: [h(8.5, 12), h(13.5, 17.5)], restday: [], holiday: [] },
  /** 小事不过夜: minor matters are handled on duty at weekends and holidays too, and into the evening. */
  duty: { workday: [h(8.5, 12), h(13.5, 19)], restday: [h(9, 12), h(14, 17)], holiday: [h(9, 12), h(14, 17)] },
  /** 回访: calls back to the reporter, daytime and early evening, Saturday mornings. */
  callback: { workday: [h(9, 12), h(14, 19.5)], restday: [h(9, 12)], holiday: [] },
} as const satisfies Record<string, Spec>

export type WorkHours = keyof typeof WORK_HOURS

const MAX_DAYS = 800

/** Working time on one calendar: find the next open moment, add working hours, pick a moment. */
export class WorkCalendar {
  private readonly days = new Map<number, Array<readonly [number, number]>>()

  constructor(private readonly spec: Spec) {}

  /** Absolute [from, to) windows of a Shanghai day. */
  windows(day: number): ReadonlyArray<readonly [number, number]> {
    let w = this.days.get(day)
    if (!w) {
      const start = shanghaiDayStart(day)
      w = this.spec[dayKind(day)].map(([a, b]) => [start + a * 60_000, start + b * 60_000] as const)
      this.days.set(day, w)
    }
    return w
  }

  isOpen(t: number): boolean {
    return this.windows(shanghaiDay(t)).some(([a, b]) => t >= a && t < b)
  }

  /** The earliest moment at or after `t` when this calendar is at work. */
  nextOpen(t: number): number {
    for (let day = shanghaiDay(t), n = 0; n < MAX_DAYS; day++, n++) {
      for (const [a, b] of this.windows(day)) if (t < b) return Math.max(t, a)
    }
    throw new Error('no working time within two years')
  }

  /** The moment `work` ms of working time after `t` (t itself may lie outside working hours). */
  add(t: number, work: number): number {
    let left = Math.max(0, work)
    for (let day = shanghaiDay(t), n = 0; n < MAX_DAYS; day++, n++) {
      for (const [a, b] of this.windows(day)) {
        if (t >= b) continue
        const from = Math.max(t, a)
        if (from + left < b) return from + left
        left -= b - from
        t = b
      }
    }
    throw new Error('working time beyond two years')
  }

  /** Working time in [from, to). */
  between(from: number, to: number): number {
    let sum = 0
    for (let day = shanghaiDay(from); day <= shanghaiDay(to); day++) {
      for (const [a, b] of this.windows(day)) sum += Math.max(0, Math.min(b, to) - Math.max(a, from))
    }
    return sum
  }

  /** A moment uniformly spread over the working time in [from, to), or undefined if there is none. */
  pick(r: Random, from: number, to: number): number | undefined {
    const total = this.between(from, to)
    if (total <= 0) return undefined
    return Math.min(to - 1, this.add(from, r.float(0, total)))
  }
}

export const CALENDARS: Record<WorkHours, WorkCalendar> = {
  desk: new WorkCalendar(WORK_HOURS.desk),
  office: new WorkCalendar(WORK_HOURS.office),
  duty: new WorkCalendar(WORK_HOURS.duty),
  callback: new WorkCalendar(WORK_HOURS.callback),
}

/** Working hours, for reading durations: `hours(3)` of a calendar's time. */
export const hours = (n: number) => n * HOUR_MS
