import { verdictOf } from './polarity'

/**
 * A figure against the same figure in a comparison period (同比 against last year, 环比 against
 * the period before). Rates (paths ending in `Rate`, fractions 0..1) move in percentage points
 * (个百分点): 16.6% → 15.1% is "down 1.5 points", not "down 9%". Counts move in per cent of the
 * base; a base of 0 has no per cent, so the change is unknown rather than infinite.
 */
export interface FigureChange {
  /** Percentage points for rates, per cent for counts; null when it cannot be said. */
  delta: number | null
  basis: 'points' | 'percent'
  direction: 'up' | 'down' | 'flat' | null
  verdict: 'better' | 'worse' | 'neutral' | null
}

export const isRatePath = (path: string) => /Rate$/.test(path)

/** Changes that round to 0.0 are "flat": an arrow must never point at a difference nobody can read. */
const FLAT = 0.05

export function figureChange(path: string, current: number | null | undefined, base: number | null | undefined): FigureChange {
  const basis = isRatePath(path) ? 'points' : 'percent'
  let delta: number | null = null
  if (current !== null && current !== undefined && base !== null && base !== undefined) {
    if (basis === 'points') delta = (current - base) * 100
    else if (base !== 0) delta = ((current - base) / base) * 100
    else if (current === 0) delta = 0
  }
  if (delta === null) return { delta, basis, direction: null, verdict: null }
  const direction = Math.abs(delta) < FLAT ? 'flat' : delta > 0 ? 'up' : 'down'
  return { delta, basis, direction, verdict: verdictOf(path, direction) }
}

export interface ChangeText {
  /** ▲ up, ▼ down, empty when flat or unknown. */
  arrow: '▲' | '▼' | ''
  /** "3.2%", "1.5个百分点", "持平", or "—" when unknown. */
  text: string
}

/** How a change reads on the wall; `short` drops 个百分点 where a column header says it instead. */
export function changeText(change: FigureChange, short = false): ChangeText {
  if (change.delta === null || change.direction === null) return { arrow: '', text: '—' }
  if (change.direction === 'flat') return { arrow: '', text: '持平' }
  const size = Math.abs(change.delta)
  const digits = size >= 100 && change.basis === 'percent' ? 0 : 1
  const number = size.toFixed(digits)
  const unit = change.basis === 'points' ? (short ? '' : '个百分点') : '%'
  return { arrow: change.direction === 'up' ? '▲' : '▼', text: `${number}${unit}` }
}
