import type { RiskStatus } from '../../shared/domain/vocabulary'
import type { RiskEvent } from '../../shared/events/schema'
import { shanghaiDayStart, toShanghaiIso } from '../../shared/time/shanghai'
import { localDate } from './calendar'
import type { Random } from './random'
import { CALENDARS } from './work-time'

/** A list with O(1) add, remove and random pick. */
class Bag {
  private items: string[] = []
  private index = new Map<string, number>()
  get size() {
    return this.items.length
  }
  add(id: string) {
    if (this.index.has(id)) return
    this.index.set(id, this.items.length)
    this.items.push(id)
  }
  remove(id: string) {
    const i = this.index.get(id)
    if (i === undefined) return
    const last = this.items.pop()!
    if (i < this.items.length) {
      this.items[i] = last
      this.index.set(last, i)
    }
    this.index.delete(id)
  }
  pick(r: Random): string | undefined {
    return this.items.length ? this.items[Math.floor(r.rng() * this.items.length)] : undefined
  }
}

const NOTES: Partial<Record<RiskStatus, string>> = {
  warning: '监测数据异常，已发布预警',
  alarm: '险情报警，应急力量已出动',
  rectifying: '巡查发现隐患，已下发整改通知',
  rectified: '整改完成，复查通过',
  normal: '险情解除，恢复正常监测',
}
const MAX_ALARMS = 8

/**
 * Risk points' status changes as the history has them over the twelve months to now: about eleven
 * a day over the four districts at scale 1 in winter, nearly twice as many in the flood seasons.
 */
const RISK_CHANGES_PER_DAY = 11
const FLOOD = [1, 1, 1, 1.4, 1.4, 1.8, 1.8, 1.7, 1.9, 1.5, 1.2, 1]
export const riskChangesOn = (day: number) => RISK_CHANGES_PER_DAY * FLOOD[localDate(day).month]!

/**
 * The live risk points: each change is a legal next status. Warnings and alarms come by day or
 * night (gauges and sensors); putting a point under rectification and signing it off happen in
 * office hours, so at night only warnings, alarms and all-clears.
 */
export class SimRisks {
  private status = new Map<string, RiskStatus>()
  private quiet = new Bag()
  private active = new Bag()
  private alarms = 0

  constructor(private readonly r: Random) {}

  set(riskId: string, status: RiskStatus) {
    if (this.status.get(riskId) === 'alarm') this.alarms--
    if (status === 'alarm') this.alarms++
    this.status.set(riskId, status)
    const active = status === 'warning' || status === 'alarm' || status === 'rectifying'
    ;(active ? this.quiet : this.active).remove(riskId)
    ;(active ? this.active : this.quiet).add(riskId)
  }

  /** When the day's changes happen: a little more by day than by night. */
  times(day: number, n: number): number[] {
    const start = shanghaiDayStart(day)
    return Array.from({ length: n }, () => start + (this.r.chance(0.75) ? this.r.float(8, 18) : this.r.float(0, 24)) * 3_600_000)
  }

  change(at: number, id: string): RiskEvent | undefined {
    const r = this.r
    const settle = this.active.size > 0 && r.chance(0.6)
    const riskId = (settle ? this.active : this.quiet).pick(r)
    if (!riskId) return undefined
    const office = CALENDARS.office.isOpen(at)
    const alarmOk = this.alarms < MAX_ALARMS ? 1 : 0
    let next: RiskStatus
    switch (this.status.get(riskId)) {
      case 'warning':
        next = r.weighted<RiskStatus>([['normal', 50], ['alarm', 15 * alarmOk], ['rectifying', office ? 35 : 0]])
        break
      case 'alarm':
        next = office && r.chance(0.6) ? 'rectifying' : 'normal'
        break
      case 'rectifying':
        if (!office) return undefined
        next = 'rectified'
        break
      default:
        next = r.weighted<RiskStatus>([['warning', 75], ['rectifying', office ? 20 : 0], ['alarm', 5 * alarmOk]])
    }
    this.set(riskId, next)
    const note = NOTES[next]
    return { id, type: 'risk.status', at: toShanghaiIso(at), riskId, status: next, ...(note ? { note } : {}) }
  }
}

