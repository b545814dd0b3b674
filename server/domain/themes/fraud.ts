import { FRAUD_TYPES, type FraudType } from '../../../shared/events/themeFields'
import type { RegionTree } from '../../../shared/regions/tree'
import type { DayRange } from '../../../shared/time/periods'
import { HOUR_MS, SHANGHAI_OFFSET_MS, shanghaiDay } from '../../../shared/time/shanghai'
import type { CaseState } from '../cases/caseState'
import { DayCounters, type Contribution, type DayCountersDump } from './dayCounters'

/** The category of a telecom fraud case when the report names no `fraudType`. */
export const FRAUD_CATEGORY = '电信诈骗'

const CASES = 0
const LOSS = 1
const HOURS = 2
const TYPES = HOURS + 24
const TYPE_LOSS = TYPES + FRAUD_TYPES.length
const WIDTH = TYPE_LOSS + FRAUD_TYPES.length

export interface FraudFigures {
  cases: number
  /** 损失金额, yuan. */
  loss: number
  /** Reports by Shanghai hour of the day, 0–23. */
  byHour: number[]
  byType: Array<{ type: FraudType; cases: number; loss: number }>
}

export const isFraud = (c: CaseState) => c.category === FRAUD_CATEGORY || c.theme?.fraudType !== undefined

function contribution(c: CaseState): Contribution {
  if (!isFraud(c)) return []
  const type = FRAUD_TYPES.indexOf(c.theme?.fraudType ?? 'other')
  const loss = c.theme?.loss ?? 0
  const hour = Math.floor(((c.reportedAt + SHANGHAI_OFFSET_MS) % (24 * HOUR_MS)) / HOUR_MS)
  return [
    [CASES, 1],
    [LOSS, loss],
    [HOURS + hour, 1],
    [TYPES + type, 1],
    [TYPE_LOSS + type, loss],
  ]
}

/** 平安·反诈: telecom fraud reports by hour and type, and the losses, per report day. */
export class FraudTallies {
  private days: DayCounters

  constructor(tree: RegionTree) {
    this.days = new DayCounters(tree, WIDTH)
  }

  clear(): void {
    this.days.clear()
  }

  apply(prev: CaseState | null, next: CaseState): void {
    const day = shanghaiDay(next.reportedAt)
    if (prev) this.days.add(prev.regionCode, day, contribution(prev), -1)
    this.days.add(next.regionCode, day, contribution(next), 1)
  }

  dump(): DayCountersDump {
    return this.days.dump()
  }

  restore(d: DayCountersDump): void {
    this.days.restore(d)
  }

  figures(code: string, range: DayRange): FraudFigures {
    const s = this.days.sum(code, range)
    return {
      cases: s[CASES]!,
      loss: Math.round(s[LOSS]!),
      byHour: Array.from({ length: 24 }, (_, h) => s[HOURS + h]!),
      byType: FRAUD_TYPES.map((type, k) => ({ type, cases: s[TYPES + k]!, loss: Math.round(s[TYPE_LOSS + k]!) })),
    }
  }
}
