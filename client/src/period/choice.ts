import type { PeriodRequest } from '../../../shared/live/protocol'
import { isDay } from '../../../shared/time/calendar'
import { PERIOD_PRESETS, type PeriodPreset } from '../../../shared/time/periods'
import { DAY_MS, SHANGHAI_OFFSET_MS } from '../../../shared/time/shanghai'

/** The named periods the server resolves "to date" by its own clock (GET /api/v1/periods). */
export { PERIOD_PRESETS, type PeriodPreset }

/**
 * What the wall counts over: a named period, or whole Shanghai days from `from` to `to`, both
 * included (YYYY-MM-DD, as a person reads a date range and as the address bar carries it).
 */
export type PeriodChoice = { preset: PeriodPreset } | { from: string; to: string }

/** The wall's period when the address names none: the calendar year so far (v1's only period). */
export const DEFAULT_PERIOD: { preset: PeriodPreset } = { preset: 'year' }

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not); shared with the server's checks. */
export { isDay }

export const isPreset = (p: PeriodChoice): p is { preset: PeriodPreset } => 'preset' in p

/**
 * The period in an address: `?period=month`, or `?from=2026-12-01&to=2026-12-04` (both days
 * included). Anything else (a typo, a range that ends before it starts) falls back to the default,
 * so a mistyped kiosk link still shows a working wall.
 */
export function periodFromUrl(params: URLSearchParams): PeriodChoice {
  const named = params.get('period')
  if (named && (PERIOD_PRESETS as readonly string[]).includes(named)) return { preset: named as PeriodPreset }
  const from = params.get('from')
  const to = params.get('to')
  if (isDay(from) && isDay(to) && from <= to) return { from, to }
  return DEFAULT_PERIOD
}

/** Writes the period into `params` (the default writes nothing, so plain links stay plain). */
export function writePeriod(params: URLSearchParams, p: PeriodChoice): void {
  params.delete('period')
  params.delete('from')
  params.delete('to')
  if (isPreset(p)) {
    if (p.preset !== DEFAULT_PERIOD.preset) params.set('period', p.preset)
  } else {
    params.set('from', p.from)
    params.set('to', p.to)
  }
}

export const samePeriod = (a: PeriodChoice, b: PeriodChoice) =>
  isPreset(a) ? isPreset(b) && a.preset === b.preset : !isPreset(b) && a.from === b.from && a.to === b.to

/** Midnight in Shanghai at the start of `day` (YYYY-MM-DD), as the API writes instants. */
export const dayStartIso = (day: string) => `${day}T00:00:00+08:00`

/** The day after `day` (YYYY-MM-DD). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
}

/** The Shanghai day (YYYY-MM-DD) of an instant. */
export const shanghaiDate = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)

/** A custom range as the API takes it: [first day 00:00, the day after the last 00:00) in +08:00. */
export function customRange(p: { from: string; to: string }): { from: string; to: string } {
  return { from: dayStartIso(p.from), to: dayStartIso(nextDay(p.to)) }
}

/** The period as `subscribe` takes it: a preset's name (re-resolved by the server), or the instants. */
export function subscribePeriod(p: PeriodChoice): PeriodRequest {
  return isPreset(p) ? p.preset : customRange(p)
}
