import { periodProblem, type PlaylistPeriod } from '../../../shared/api/playlists'
import { SHANGHAI_OFFSET_MS } from '../../../shared/time/shanghai'
import { PRESET_LABELS } from '../period/labels'
import type { PeriodPreset } from '../period/choice'

/** The seat's period: the wall's own (null), a preset, or 自定义 (a range of days, both included). */
export type SeatPeriod = PeriodPreset | 'custom' | null

export interface DayRange {
  from: string
  to: string
}

/** 自定义 starts as this month up to today (Shanghai days), the range a briefing asks for most. */
export function defaultRange(now: number): DayRange {
  const today = new Date(now + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
  return { from: `${today.slice(0, 8)}01`, to: today }
}

/**
 * The take's period, or why 自定义 cannot be sent, in the seat's words: the server's rule for a
 * playlist item's and a take's period (periodProblem: real days, not ending before it starts).
 */
export function takePeriod(choice: SeatPeriod, range: DayRange): { ok: true; period: PlaylistPeriod | undefined } | { ok: false; problem: string } {
  if (choice === null) return { ok: true, period: undefined }
  if (choice !== 'custom') return { ok: true, period: choice }
  if (!range.from || !range.to) return { ok: false, problem: '自定义周期需填写开始和结束日期' }
  const period = { from: range.from, to: range.to }
  const problem = periodProblem(period)
  if (problem === 'not a calendar day') return { ok: false, problem: '日期无效：请填写真实存在的日期' }
  if (problem) return { ok: false, problem: '结束日期不能早于开始日期' }
  return { ok: true, period }
}

/** A take's period in the seat's status line: 本月, 2026-11-01 至 2026-11-30, or 大屏默认. */
export function periodText(p: PlaylistPeriod | null | undefined): string {
  if (p === null || p === undefined) return '大屏默认周期'
  return typeof p === 'string' ? PRESET_LABELS[p] : p.from === p.to ? p.from : `${p.from} 至 ${p.to}`
}
