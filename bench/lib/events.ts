import type { YipingEvent } from '../../shared/events/schema'
import { mulberry32 } from '../../server/demo/random'
import { toShanghaiIso } from '../../shared/time/shanghai'

const CATEGORIES = ['邻里纠纷', '物业管理', '环境卫生', '劳资纠纷', '道路交通', '噪声扰民', '违章搭建', '婚姻家庭', '土地承包', '消防安全']
const SOURCES = ['hotline', 'petition', 'grid', 'meeting', 'police', 'other'] as const
const TIERS = ['grid', 'village', 'secretary', 'town', 'district'] as const
const SATISFACTIONS = ['satisfied', 'satisfied', 'basic', 'unsatisfied'] as const
const TITLES = ['楼道堆放杂物', '夜间施工噪声', '路灯损坏', '宅基地边界争议', '拖欠工资', '河道垃圾', '小区停车纠纷', '违建占道']


interface OpenCase {
  caseId: string
  at: number
  step: number
}

/**
 * Valid event streams for the bench: new cases reported in the villages at times in this year, and
 * follow-on events (stage, urge, resolution, follow-up) for cases whose report was already
 * acknowledged. Follow-ons only name committed cases, so concurrent batches never refer to a case
 * that an earlier, still in-flight batch creates.
 */
export class EventGen {
  private n = 0
  private readonly random: () => number
  private readonly committed: OpenCase[] = []
  private readonly pending = new Map<number, OpenCase[]>()
  private batchNo = 0

  constructor(
    private readonly villages: readonly string[],
    private readonly tag: string,
    seed = 1,
    private readonly from = Date.UTC(new Date().getUTCFullYear(), 0, 1, 0, 0) - 8 * 3600_000 + 3600_000,
  ) {
    // Deterministic (mulberry32): runs are comparable from one day to the next.
    this.random = mulberry32(seed)
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!
  }

  private id(): string {
    return `${this.tag}-${++this.n}`
  }

  /** A new case reported at `region` (default a random village) at `at` (default a random time this year). */
  reported(opts: { region?: string; at?: number; batch?: number } = {}): YipingEvent {
    const now = Date.now()
    const at = opts.at ?? this.from + Math.floor(this.random() * Math.max(1, now - 3600_000 - this.from))
    const caseId = `${this.tag}-c${this.n + 1}`
    const event: YipingEvent = {
      id: this.id(),
      type: 'case.reported',
      at: toShanghaiIso(at),
      caseId,
      regionCode: opts.region ?? this.pick(this.villages),
      source: this.pick(SOURCES),
      category: this.pick(CATEGORIES),
      size: this.random() < 0.85 ? 'minor' : 'major',
      title: this.pick(TITLES),
    }
    if (opts.batch !== undefined) this.hold(opts.batch, { caseId, at, step: 0 })
    return event
  }

  /**
   * The next step of a committed open case, or null when none is available. The case leaves the
   * pool until the batch carrying this step is acknowledged, so its steps never race each other.
   */
  followOn(batch: number): YipingEvent | null {
    if (this.committed.length === 0) return null
    const i = Math.floor(this.random() * this.committed.length)
    const c = this.committed[i]!
    this.committed[i] = this.committed[this.committed.length - 1]!
    this.committed.pop()
    const at = toShanghaiIso(Math.min(Date.now() - 1000, c.at + (c.step + 1) * 600_000))
    const base = { id: this.id(), at, caseId: c.caseId }
    let event: YipingEvent
    switch (c.step) {
      case 0:
        event = { ...base, type: 'case.stage', stage: 'assign' }
        break
      case 1:
        event = this.random() < 0.3 ? { ...base, type: 'case.urged' } : { ...base, type: 'case.stage', stage: 'handle' }
        break
      case 2:
        event = { ...base, type: 'case.resolved', tier: this.pick(TIERS) }
        break
      default:
        event = { ...base, type: 'case.followedUp', satisfaction: this.pick(SATISFACTIONS) }
    }
    c.step++
    if (c.step < 4) this.hold(batch, c)
    return event
  }

  private hold(batch: number, c: OpenCase): void {
    let list = this.pending.get(batch)
    if (!list) this.pending.set(batch, (list = []))
    list.push(c)
  }

  /**
   * A batch of about `size` events.
   * - `live`: new cases reported in the last six hours (not yet due) and, for about `followShare`
   *   of the events, the next step of a committed open case: the steady feed of a running district.
   * - `history`: a backfill of cases reported over this year, most of them with their resolution and
   *   follow-up in the same batch (97% of cases older than 30 days, 85% older than 3 days, half of
   *   the rest), so that few old cases are left open and overdue, as in a real year of data.
   */
  batch(size: number, opts: { followShare?: number; mode?: 'live' | 'history'; reportAt?: () => number } = {}): { no: number; events: YipingEvent[] } {
    const no = ++this.batchNo
    const events: YipingEvent[] = []
    const now = Date.now()
    const followShare = opts.mode === 'history' ? 0 : (opts.followShare ?? 0.25)
    while (events.length < size) {
      const e = this.random() < followShare ? this.followOn(no) : null
      if (e) {
        events.push(e)
        continue
      }
      if (opts.mode !== 'history') {
        events.push(this.reported({ batch: no, at: opts.reportAt ? opts.reportAt() : now - Math.floor(this.random() * 6 * 3600_000) - 1000 }))
        continue
      }
      const at = this.from + Math.floor(this.random() * Math.max(1, now - 3600_000 - this.from))
      const age = now - at
      const resolvedShare = age > 30 * 86_400_000 ? 0.97 : age > 3 * 86_400_000 ? 0.85 : 0.5
      if (this.random() >= resolvedShare) {
        events.push(this.reported({ batch: no, at }))
        continue
      }
      const reported = this.reported({ at })
      events.push(reported)
      const caseId = (reported as { caseId: string }).caseId
      const resolvedAt = Math.min(now - 2000, at + Math.floor(this.random() * 2 * 86_400_000))
      events.push({ id: this.id(), type: 'case.resolved', at: toShanghaiIso(resolvedAt), caseId, tier: this.pick(TIERS) })
      if (this.random() < 0.3)
        events.push({ id: this.id(), type: 'case.followedUp', at: toShanghaiIso(Math.min(now - 1000, resolvedAt + 86_400_000)), caseId, satisfaction: this.pick(SATISFACTIONS) })
    }
    return { no, events }
  }

  /** The batch was acknowledged: its new cases may now get follow-ons. */
  commit(no: number): void {
    const list = this.pending.get(no)
    this.pending.delete(no)
    if (!list) return
    for (const c of list) if (this.committed.length < 200_000) this.committed.push(c)
  }
}
