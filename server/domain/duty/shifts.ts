import { DAY_MS, shanghaiDay, shanghaiDayStart, toShanghaiIso } from '../../../shared/time/shanghai'
import type { Shift } from '../../../shared/api/duty'

/** A shift of the day: minutes after Shanghai midnight it starts and ends (end ≤ start: it ends the next day). */
export interface ShiftDef {
  label: string
  startMin: number
  endMin: number
}

export const DEFAULT_SHIFTS = '08:00-20:00,20:00-08:00'

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/
const minutes = (s: string) => {
  const m = HHMM.exec(s.trim())
  if (!m) throw new Error(`YIPING_SHIFTS: ${s} is not a time HH:MM`)
  return Number(m[1]) * 60 + Number(m[2])
}

/**
 * `08:00-20:00,20:00-08:00` → the shifts of a day. They must cover the 24 hours exactly once, one
 * after another (each starts where the one before ends), so that every instant has one shift.
 */
export function parseShifts(spec: string): ShiftDef[] {
  const defs = spec.split(',').map((part) => {
    const [a, b, extra] = part.split('-')
    if (a === undefined || b === undefined || extra !== undefined) throw new Error(`YIPING_SHIFTS: ${part} is not HH:MM-HH:MM`)
    const startMin = minutes(a)
    const endMin = minutes(b)
    return { label: `${a.trim()}-${b.trim()}`, startMin, endMin }
  })
  const length = (d: ShiftDef) => (d.endMin - d.startMin + 1440) % 1440 || 1440
  defs.forEach((d, i) => {
    const next = defs[(i + 1) % defs.length]!
    if (d.endMin !== next.startMin) throw new Error(`YIPING_SHIFTS: ${d.label} must end where ${next.label} starts`)
  })
  if (defs.reduce((n, d) => n + length(d), 0) !== 1440) throw new Error('YIPING_SHIFTS: the shifts must cover 24 hours exactly once')
  return defs
}

export const dayString = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)
export const dayNumber = (s: string) => Math.floor(Date.parse(`${s}T00:00:00Z`) / DAY_MS)

/** [start, end) of shift `index` of Shanghai day `day` (a night shift ends the next morning). */
export function shiftOf(defs: readonly ShiftDef[], day: number, index: number): Shift & { startMs: number; endMs: number } {
  const d = defs[index]!
  const startMs = shanghaiDayStart(day) + d.startMin * 60_000
  const endMs = startMs + (((d.endMin - d.startMin + 1440) % 1440 || 1440) * 60_000)
  return { index, label: d.label, day: dayString(day), start: toShanghaiIso(startMs), end: toShanghaiIso(endMs), startMs, endMs }
}

/** The shift that holds the instant `ms`. */
export function shiftAt(defs: readonly ShiftDef[], ms: number): ReturnType<typeof shiftOf> {
  const today = shanghaiDay(ms)
  for (const day of [today, today - 1])
    for (let i = 0; i < defs.length; i++) {
      const s = shiftOf(defs, day, i)
      if (s.startMs <= ms && ms < s.endMs) return s
    }
  throw new Error('no shift holds this instant (YIPING_SHIFTS was checked at start-up)')
}

/** A shift named by index or label; undefined when there is none such. */
export function shiftIndex(defs: readonly ShiftDef[], shift: number | string): number | undefined {
  if (typeof shift === 'number') return shift < defs.length ? shift : undefined
  if (/^\d+$/.test(shift)) return Number(shift) < defs.length ? Number(shift) : undefined
  const i = defs.findIndex((d) => d.label === shift)
  return i < 0 ? undefined : i
}
