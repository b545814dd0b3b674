import type { AlarmKind } from '../../../shared/api/alarms'
import type { PeriodSummary } from '../../../shared/summary/schema'
import { CASE_COUNTER_COUNT } from '../../../shared/summary/counters'
import type { RegionTree } from '../../../shared/regions/tree'
import { calendarYear, type DayRange } from '../../../shared/time/periods'
import { shanghaiDay } from '../../../shared/time/shanghai'
import { isResolved, type CaseState } from '../cases/caseState'
import { caseContribution, sameContribution } from '../cases/contribution'
import { DEFAULT_DISPUTE_CATEGORIES } from '../cases/disputes'
import { nextClockChange } from '../cases/deadline'
import type { Change } from '../ingest/planBatch'
import type { RiskState } from '../risks/riskState'
import { ThemeTallies, type DeferredThemeTallies, type ThemeTalliesDump } from '../themes/themeFigures'
import { UnitTallies, type UnitTalliesDump } from '../units/unitTallies'
import type { ActivitySeries } from './activity'
import { caseCause, isCountedRed, riskCause, type AlarmCause } from './alarmCauses'
import { CounterDelta } from './counterDelta'
import { MinHeap } from './minHeap'
import { RegionDays, type DeferredRegionDays, type RegionDaysDump } from './regionDays'
import { RegionTallies } from './regionTallies'
import { nextLookAfterRestore } from './restoreSchedule'
import { periodSummary } from './summary'


/** An unresolved case: its figures change with the clock, so what was counted is remembered. */
interface Watched {
  state: CaseState
  applied: number[]
}

/**
 * The figures as plain data (snapshots, domain/replay): everything the figures depend on except
 * the alarms, which are stored rows with a life of their own (counted from the store at start-up,
 * read per instant in a replay). Open cases per unit and open 积案 are not in it: they are the
 * unresolved cases of `watched`.
 */
export interface AggregatorDump {
  seq: number
  days: RegionDaysDump
  risks: Array<[string, Int32Array]>
  /** Unresolved cases with what they counted at the dump's instant. */
  watched: Array<{ state: CaseState; applied: number[] }>
  /** The instant the dump was taken at (this aggregator's `now`). */
  at?: number
  units: UnitTalliesDump
  themes: ThemeTalliesDump
}

/**
 * A dump whose day-keyed figures are decoded region by region when first read, and its themed
 * tallies when a themed page is first read (a replay's, domain/replay/snapshotCodec.ts).
 */
export type DeferredAggregatorDump = Omit<AggregatorDump, 'days' | 'themes' | 'watched'> & {
  deferredDays: DeferredRegionDays
  themes: ThemeTalliesDump | DeferredThemeTallies
  watched: LazyOpenCases
}

/**
 * A dump's unresolved cases, each decoded when asked for (domain/replay/openCasesCodec.ts), with
 * when a restore at `at` must first look at each (restoreSchedule.ts), known without decoding it.
 */
export interface LazyOpenCases {
  readonly count: number
  /** The instant the looks were computed at (null: unknown, every case is decoded on restore). */
  readonly at: number | null
  id(i: number): string
  look(i: number): number | null
  /** The case with the `k`-th earliest look (those that have none last). */
  byLookAt(k: number): number
  /** The place of the case with this id, -1 if none. */
  find(id: string): number
  read(i: number): Watched
  all(): Watched[]
}

/** Cases of a restored dump not decoded yet: decoded (and watched) when first asked for. */
interface Pending {
  cases: LazyOpenCases
  /**
   * Per case: 0 still encoded; 1 decoded before the drain reached it, held in `early` (or resolved
   * since and not yet known as such); 2 in `watched` at its place, or resolved: the drain passes over it.
   */
  taken: Uint8Array
  left: number
  /** Where `decodeSome` goes on from: every case before it is 2. */
  next: number
}

/**
 * The looks of a restored snapshot's cases the clock has not reached yet, in the order of their
 * instants: the heap holds only what the clock has reached (a cold instant looks at a few
 * thousand of 140,000 cases; pushing all of them was most of its restore), the rest is read from
 * here as the clock moves on, which gives `tick` the same entries at the same instants.
 */
interface Looks {
  cases: LazyOpenCases
  /** The next case's place in the order of the looks. */
  next: number
  /** Its look (the cursor is dropped when no case with a look is left). */
  at: number
}

export type ChangeListener = (regions: ReadonlySet<string>, seq: number) => void

export type CauseListener = (cause: AlarmCause) => void

export interface AggregatorOptions {
  /** 矛盾纠纷 categories (see cases/disputes.ts). */
  disputeCategories?: readonly string[]
}

/** Cases a lazy restart's drain decodes per turn (`decodeInTurns`): a few ms of the loop each. */
const DRAIN_SLICE = 2000
/** Unresolved cases looked at per turn by a walk of the red ones (`forEachRed`): a few ms. */
const RED_SLICE = 20_000

/**
 * In-memory, incremental figures for every region: a case change costs O(depth × fields), a
 * period's sum is O(log days) over one region's day buckets (any period, so comparisons too), and
 * the clock only wakes at the next due or yellow time kept in a heap. The store stays the truth;
 * `rebuild` recomputes all of this from it.
 */
export class Aggregator {
  private days: RegionDays
  private tallies: RegionTallies
  private watched = new Map<string, Watched>()
  /** A restored snapshot's unresolved cases not decoded yet, part of `watched` as far as anything else can tell. */
  private pending: Pending | null = null
  /**
   * After a lazy restore, until the drain is done: the cases watched out of the eager order — the
   * snapshot's decoded before the drain reached them (the tail, the clock's looks) and those
   * reported since, in the order they came. The drain moves the former into `watched` at their
   * place and then appends the latter, so `watched` ends in an eager restore's order without one
   * turn rebuilding it.
   */
  private early: Map<string, Watched> | null = null
  private deadlines = new MinHeap()
  private looks: Looks | null = null
  /** The drain of `decodeInTurns` under way. */
  private draining: Promise<void> | null = null
  /** Reused for every case change: the counters it moves (see CounterDelta). */
  private readonly delta = new CounterDelta(CASE_COUNTER_COUNT)
  private listeners = new Set<ChangeListener>()
  private causeListeners = new Set<CauseListener>()
  seq = 0
  /** 承办单位 figures, kept beside the regions' (summary/units). */
  readonly units: UnitTallies
  /** The themed pages' figures (routes/themes), kept the same way. */
  readonly themes: ThemeTallies
  readonly disputeCategories: readonly string[]
  private readonly disputes: ReadonlySet<string>

  constructor(
    readonly tree: RegionTree,
    readonly now: () => number = Date.now,
    options: AggregatorOptions = {},
  ) {
    this.tallies = new RegionTallies(tree)
    this.days = new RegionDays(tree)
    this.units = new UnitTallies(tree)
    this.themes = new ThemeTallies(tree)
    this.disputeCategories = [...(options.disputeCategories ?? DEFAULT_DISPUTE_CATEGORIES)]
    this.disputes = new Set(this.disputeCategories)
  }

  onChange(fn: ChangeListener): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  onAlarmCause(fn: CauseListener): () => void {
    this.causeListeners.add(fn)
    return () => this.causeListeners.delete(fn)
  }

  /**
   * Each unresolved case that is red (to reconcile alarms at start-up), after the restore's drain,
   * RED_SLICE cases looked at per turn (`turn` between): at 300,000 unresolved cases one walk is
   * tens of ms, which live pushes should not wait for. A case that turns red or stops being red
   * meanwhile says so through `onAlarmCause` as ever; the walk sees it or not.
   */
  async forEachRed(fn: (c: CaseState) => void, turn: () => Promise<void>): Promise<void> {
    await this.decodeInTurns(turn)
    let looked = 0
    for (const w of this.watched.values()) {
      if (isCountedRed(w.applied)) fn(w.state)
      if (++looked % RED_SLICE === 0) await turn()
    }
  }

  /** An alarm of a region changed state; counts roll up to every ancestor and are pushed. */
  adjustAlarms(regionCode: string, kind: AlarmKind, dRaised: number, dAcknowledged: number): void {
    if (dRaised === 0 && dAcknowledged === 0) return
    const dirty = new Set<string>()
    this.tallies.adjustAlarms(regionCode, kind, dRaised, dAcknowledged, dirty)
    this.emit(dirty)
  }

  /** Forget everything and count again from the store's current state. */
  reset(seq: number): void {
    this.days.clear()
    this.tallies.clear()
    this.watched.clear()
    this.pending = null
    this.early = null
    this.deadlines.clear()
    this.looks = null
    this.units.clear()
    this.themes.clear()
    this.seq = seq
  }

  /** Count one case as it is now (used by rebuild). */
  addCase(c: CaseState): void {
    this.applyCase(null, c, this.now(), new Set())
  }

  addRisk(r: RiskState): void {
    this.applyRisk(null, r, this.now(), new Set())
  }

  /**
   * Apply the net changes of one committed batch, then tell listeners which regions moved. `seq`
   * is the batch's log position: the figures are those of the log up to there (a tick of the clock
   * changes figures, never the position).
   */
  applyBatch(cases: Iterable<Change<CaseState>>, risks: Iterable<Change<RiskState>>, seq: number): void {
    const now = this.now()
    const dirty = new Set<string>()
    // The day counters' changes summed per region and day, then taken up the lineages once (RegionDays.gather).
    this.days.gather()
    try {
      for (const ch of cases) this.applyCase(ch.prev, ch.next, now, dirty)
    } finally {
      this.days.flush()
    }
    for (const ch of risks) this.applyRisk(ch.prev, ch.next, now, dirty)
    this.seq = seq
    this.emit(dirty)
  }

  /** Apply every clock-driven change due by now (overdue, yellow). Returns the next wake-up time. */
  tick(): number | undefined {
    const now = this.now()
    const dirty = new Set<string>()
    for (;;) {
      const t = this.deadlines.peekTime()
      const l = this.looks
      let key: string
      let w: Watched | undefined
      if (l && l.at <= now && !(t !== undefined && t < l.at)) {
        const i = l.cases.byLookAt(l.next)
        key = l.cases.id(i)
        w = this.openCase(l.cases, i, key)
        this.advanceLooks(l)
      } else if (t !== undefined && t <= now) {
        key = this.deadlines.pop()!.key
        w = this.watchedOf(key)
      } else break
      if (!w) continue
      const fresh = caseContribution(w.state, now, this.disputes)
      if (!sameContribution(fresh, w.applied)) {
        this.days.shift(w.state, this.delta.between(w.applied, fresh), dirty)
        this.cause(caseCause(w.state, w.applied, fresh, now))
        w.applied = fresh
      }
      const next = nextClockChange(w.state, now)
      if (next !== null) this.deadlines.push(next, key)
    }
    if (dirty.size > 0) this.emit(dirty)
    return this.nextWakeAt()
  }

  nextWakeAt(): number | undefined {
    const t = this.deadlines.peekTime()
    const l = this.looks
    return l && (t === undefined || l.at < t) ? l.at : t
  }

  /** The next of a restored snapshot's looks; the cursor dropped after the last. */
  private advanceLooks(l: Looks): void {
    l.next++
    const look = l.next < l.cases.count ? l.cases.look(l.cases.byLookAt(l.next)) : null
    if (look === null) this.looks = null
    else l.at = look
  }

  /** A restored snapshot's unresolved cases not decoded yet (a lazy restore's; 0 otherwise). */
  get encodedCount(): number {
    return this.pending?.left ?? 0
  }

  get watchedCount(): number {
    return this.watched.size + (this.early?.size ?? 0) + (this.pending?.left ?? 0)
  }

  /** Figures of a region and everything below it; cases reported in the whole Shanghai days overlapping [from, to), the current calendar year by default. */
  summary(code: string, from?: number, to?: number): PeriodSummary {
    return periodSummary(this, code, this.range(from, to))
  }

  /** Whole Shanghai days overlapping [from, to); a missing bound is that of the current calendar year. */
  range(from?: number, to?: number): DayRange {
    const year = calendarYear(shanghaiDay(this.now()))
    return {
      start: from === undefined ? year.start : shanghaiDay(from),
      end: to === undefined ? year.end : shanghaiDay(to - 1) + 1,
    }
  }

  /** Summed case counters of a region over the days of `range`. */
  caseCounts(code: string, range: DayRange): Int32Array {
    return this.days.caseCounts(code, range)
  }

  /**
   * The same into `out` (CASE_COUNTER_COUNT long), overwritten: a ranking sums every child over
   * every compared period and reads a few counters of each, so one scratch vector serves them all.
   */
  caseCountsInto(code: string, range: DayRange, out: Int32Array): Int32Array {
    return this.days.caseCountsInto(code, range, out)
  }

  categoryCounts(code: string, range: DayRange): Map<string, number> {
    return this.days.categoryCounts(code, range)
  }

  alarmCounts(code: string): PeriodSummary['alarms'] {
    return this.tallies.alarmCounts(code)
  }

  riskCounts(code: string): Int32Array {
    return this.tallies.riskCounts(code)
  }

  activityOf(code: string): ActivitySeries | undefined {
    return this.days.activityOf(code)
  }

  /** Drop hourly activity older than two days (called now and then; days are kept). */
  pruneActivity(): void {
    this.days.prune(this.now())
  }

  /** Raw counters per region and day, for checking a rebuild against live figures. */
  snapshot(): Map<string, Map<number, number[]>> {
    const out = this.days.snapshot()
    for (const [code, r] of this.tallies.riskEntries()) {
      if (r.some((v) => v !== 0)) (out.get(code) ?? out.set(code, new Map()).get(code)!).set(-1, [...r])
    }
    return out
  }

  /** An unresolved case as counted (replay reads prior states from here before asking the log). */
  watchedState(id: string): CaseState | undefined {
    return this.watchedOf(id)?.state
  }

  /**
   * A case watched, decoded first when it is still one of a restored snapshot's. `isNew`: the case has no state before this change (a report), so it is not among a restored
   * snapshot's cases and their ids are not searched (a search that found nothing for most of a
   * replay's tail).
   */
  private watchedOf(id: string, isNew = false): Watched | undefined {
    const w = this.watched.get(id) ?? this.early?.get(id)
    const p = this.pending
    if (w || !p || isNew) return w
    const i = p.cases.find(id)
    return i < 0 ? undefined : this.openCase(p.cases, i, id)
  }

  /** Case `i` of a restored snapshot as watched: decoded if it still has to be, else as it is now (undefined: resolved since). */
  private openCase(cases: LazyOpenCases, i: number, id: string): Watched | undefined {
    const p = this.pending
    if (!p || p.cases !== cases || p.taken[i] !== 0) return this.watched.get(id) ?? this.early?.get(id)
    // Ahead of the drain (every case before `next` is taken): held aside until it reaches it.
    p.taken[i] = 1
    const decoded = cases.read(i)
    this.early!.set(id, decoded)
    p.left--
    return decoded
  }

  /**
   * Every case a restored snapshot left encoded decoded into `watched`, DRAIN_SLICE of them per
   * turn (`turn` between): a live server after a lazy restart, so that no later read (a walk of the
   * red cases, the units' page) decodes them all in one turn. Callers share one drain.
   */
  decodeInTurns(turn: () => Promise<void>): Promise<void> {
    this.draining ??= (async () => {
      while (this.decodeSome(DRAIN_SLICE)) await turn()
    })().finally(() => {
      this.draining = null
    })
    return this.draining
  }

  /**
   * Up to `n` more steps of the drain; false once it is done. A step places the snapshot's next
   * case in `watched` (decoded now, or moved from `early`), then, when none is left, moves the
   * next of the cases reported since the restore: `watched` grows in an eager restore's order (the
   * snapshot's cases still unresolved in theirs, then the others as they came), so that a dump
   * and a walk of the red cases come out the same, and ingest between two steps changes either
   * map in place.
   */
  decodeSome(n: number): boolean {
    const p = this.pending
    let k = 0
    if (p) {
      const early = this.early!
      for (; k < n && p.next < p.cases.count; p.next++) {
        const i = p.next
        const taken = p.taken[i]
        if (taken === 2) continue
        p.taken[i] = 2
        k++
        if (taken === 0) {
          const decoded = p.cases.read(i)
          this.watched.set(decoded.state.id, decoded)
          p.left--
        } else {
          const id = p.cases.id(i)
          const w = early.get(id)
          if (w) {
            early.delete(id)
            this.watched.set(id, w)
          }
        }
      }
      if (p.next < p.cases.count) return true
      this.pending = null
    }
    const early = this.early
    if (!early) return false
    // Deleting the entry an iteration is at is safe for a Map; those added between turns come last.
    for (const [id, w] of early) {
      if (k++ >= n) return true
      early.delete(id)
      this.watched.set(id, w)
    }
    this.early = null
    return false
  }

  /** The drain finished in this turn (a dump, a walk of the red cases before it is done). */
  private decodeAll(): void {
    while (this.decodeSome(Infinity));
  }

  dump(): AggregatorDump {
    this.decodeAll()
    return {
      at: this.now(),
      seq: this.seq,
      days: this.days.dump(),
      risks: [...this.tallies.riskEntries()].map(([code, r]) => [code, Int32Array.from(r)]),
      watched: [...this.watched.values()].map((w) => ({ state: w.state, applied: w.applied })),
      units: this.units.dump(),
      themes: this.themes.dump(),
    }
  }

  /**
   * Take a dump back, evaluated at `evaluatedAt`: every unresolved case is due for a look at its
   * next clock change after that instant (restoreSchedule.ts), so the next `tick` counts as it
   * stands at this aggregator's `now` (overdue, colours) every case the clock moved since, and
   * only those; hourly activity older than `now` keeps is dropped, as a rebuild at `now` would
   * never have counted it.
   */
  restore(d: AggregatorDump | DeferredAggregatorDump, evaluatedAt: number): void {
    this.reset(d.seq)
    if ('deferredDays' in d) this.days.restoreDeferred(d.deferredDays)
    else this.days.restore(d.days)
    this.tallies.restoreRisks(d.risks)
    const open = d.watched
    if (!Array.isArray(open) && open.at === evaluatedAt) {
      // Each case's look was computed when it was encoded, and the cases ordered by it: none is
      // decoded or pushed here, `tick` reads the looks in their order as far as the clock goes.
      if (open.count > 0) {
        this.pending = { cases: open, taken: new Uint8Array(open.count), left: open.count, next: 0 }
        this.early = new Map()
        const first = open.look(open.byLookAt(0))
        if (first !== null) this.looks = { cases: open, next: 0, at: first }
      }
      // Read at the units' or the petitions' first read: every case decoded once into `watched`
      // and shared (decoding copies for each kept two more of every case alive after a restart).
      const unresolved = () => {
        this.decodeAll()
        return [...this.watched.values()].map((w) => w.state)
      }
      this.units.restore(d.units, unresolved)
      this.themes.restore(d.themes, unresolved)
    } else {
      const list = Array.isArray(open) ? open : open.all()
      for (const w of list) {
        this.watched.set(w.state.id, { state: w.state, applied: w.applied })
        const look = nextLookAfterRestore(w.state, w.applied, evaluatedAt)
        if (look !== null) this.deadlines.push(look, w.state.id)
      }
      const unresolved = list.map((w) => w.state)
      this.units.restore(d.units, unresolved)
      this.themes.restore(d.themes, unresolved)
    }
    this.days.prune(this.now())
  }

  private applyCase(prev: CaseState | null, next: CaseState, now: number, dirty: Set<string>): void {
    const w = this.watchedOf(next.id, prev === null)
    const before = w ? w.applied : prev ? caseContribution(prev, now, this.disputes) : []
    const after = caseContribution(next, now, this.disputes)
    if (!sameContribution(before, after)) this.days.shift(next, this.delta.between(before, after), dirty)
    this.days.track(prev, next, now)
    this.units.apply(prev, next)
    this.themes.applyCase(prev, next)
    this.cause(caseCause(next, before, after, now))
    if (isResolved(next)) {
      if (w && !this.watched.delete(next.id) && this.early?.delete(next.id)) this.passOver(next.id)
      return
    }
    // Updated in place: one lookup rather than two for a case already watched (most changes).
    if (w) {
      w.state = next
      w.applied = after
    } else (this.early ?? this.watched).set(next.id, { state: next, applied: after })
    const wake = nextClockChange(next, now)
    if (wake !== null) this.deadlines.push(wake, next.id)
  }

  /**
   * A case resolved before the drain reached it: the drain passes over its place, so that if it
   * is reported unresolved again it stays where an eager restore has it, among the cases since.
   */
  private passOver(id: string): void {
    const p = this.pending
    if (!p) return
    const i = p.cases.find(id)
    if (i >= 0) p.taken[i] = 2
  }

  private cause(cause: AlarmCause | null): void {
    if (cause) for (const fn of this.causeListeners) fn(cause)
  }

  private applyRisk(prev: RiskState | null, next: RiskState, now: number, dirty: Set<string>): void {
    this.tallies.applyRisk(prev, next, dirty)
    this.themes.applyRisk(prev, next)
    this.cause(riskCause(prev, next, now))
  }

  private emit(dirty: Set<string>): void {
    for (const fn of this.listeners) fn(dirty, this.seq)
  }
}
