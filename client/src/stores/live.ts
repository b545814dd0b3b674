import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RiskView } from '../../../shared/api/cases'
import type { FeedItem } from '../../../shared/live/protocol'
import type { RegionDetail } from '../../../shared/summary/detail'
import type { Summary } from '../../../shared/summary/schema'
import { cadence, FEED_CADENCE_MS, WALL_CADENCE_MS } from '../live/cadence'
import { mergeHeld, type HeldPush } from '../live/held'
import { openLiveSocket, takeEarlyLine, type LiveLine, type LiveSocket } from '../live/socket'
import { DEFAULT_PERIOD, samePeriod, subscribePeriod, type PeriodChoice } from '../period/choice'
import { bestFirstOrder } from '../../../shared/figures/polarity'
import { WALL_COMPARE } from '../live/view'
import { RANK_GRANDCHILDREN_BELOW } from '../../../shared/summary/rankScope'
import { DEFAULT_RANK_BY } from '../../../shared/summary/detail'
import { receiveDetail } from '../../../shared/live/detailPatch'

export type LinkState = 'connecting' | 'live' | 'offline' | 'denied'

/** Lines kept for the ticker: the wall runs for weeks, so the list never grows past this. */
export const FEED_CAP = 30

/**
 * The wall's live data. Figures arrive by push only; after any (re)connect, and whenever the view
 * changes (region, period, ranking), the wall subscribes again and the snapshot in the ack
 * replaces everything, so nothing that happened during an outage is missed. The server computes
 * one summary per view and tags its pushes with it: pushes of any other view (the one just left,
 * still in flight) are dropped. Data is replaced whole (shallowRef), never deep-mutated.
 * Pushes are applied at the wall's cadence (live/cadence.ts): the first at once, those within
 * WALL_CADENCE_MS of it together, so that ten pushes a second do not render the wall ten times.
 * A push's panels may come as what changed (detailPatch): applied on arrival to the detail last
 * received, so the cadence only ever holds whole details; one that does not apply resubscribes.
 */
export const useLiveStore = defineStore('live', () => {
  const link = ref<LinkState>('connecting')
  const region = ref<string>('')
  const period = ref<PeriodChoice>(DEFAULT_PERIOD)
  const rankBy = ref<string>(DEFAULT_RANK_BY)
  const summary = shallowRef<Summary | null>(null)
  /** Children, activity and categories; null until the server sends it. */
  const detail = shallowRef<RegionDetail | null>(null)
  const feed = shallowRef<FeedItem[]>([])
  /** Browser time (ms) of the last data of any kind: the wall's one "as of", and the offline banner's. */
  const receivedAt = ref<number | null>(null)
  const problem = ref<string | null>(null)
  /** Counts the snapshots taken (each (re)subscribe): what else a panel fetches is refetched then. */
  const snapshots = ref(0)
  /** Who wants risk-point changes (`risk:changed`, sent to every room on the point's lineage). */
  const riskListeners = new Set<(risk: RiskView) => void>()
  let socket: LiveSocket | null = null
  // The line's close() cancels its redial: only the current socket is ever dialled again.
  let line: LiveLine | null = null
  /** The server's key of the view subscribed to; undefined while a subscribe is in flight. */
  let view: string | undefined
  /** Bumped on every subscribe, so a late ack of an older one is ignored. */
  let attempt = 0
  /**
   * The view's panel figures as last received (the ack's, then each push's), which a push's patch
   * applies to: ahead of `detail`, which shows them at the wall's cadence.
   */
  let received: RegionDetail | null = null
  /**
   * Pushes of the view shown, held until the cadence applies them (dropped when a snapshot or
   * another view replaces them). The ticker's new lines ride on the applications at most every
   * FEED_CADENCE_MS (live/cadence.ts), in the same frame as figures; lines taken sooner after the
   * last ones wait for a later application, or, when none comes (the pushes stopped), for the
   * cadence's own timer.
   */
  const held = cadence<HeldPush>(
    (push) => {
      if (push.feed.length > 0) feed.value = [...push.feed, ...feed.value].slice(0, FEED_CAP)
      if (push.figures) {
        summary.value = push.figures.summary
        detail.value = push.figures.detail
      }
      if (push.receivedAt !== undefined) receivedAt.value = push.receivedAt
    },
    (older, newer) => mergeHeld(older, newer, FEED_CAP),
    WALL_CADENCE_MS,
    Date.now,
    { everyMs: FEED_CADENCE_MS, graceMs: WALL_CADENCE_MS, split: (push) => (push.feed.length > 0 ? { now: { ...push, feed: [] }, rider: { feed: push.feed } } : { now: push }) },
  )

  async function resubscribe() {
    const s = socket
    if (!s || !region.value) return
    const mine = ++attempt
    view = undefined
    const request = {
      region: region.value,
      period: subscribePeriod(period.value),
      compare: [...WALL_COMPARE],
      rankBy: rankBy.value,
      order: bestFirstOrder(rankBy.value),
      // A province of two cities ranks its districts (panels/ranking/scope.ts).
      grandchildrenBelow: RANK_GRANDCHILDREN_BELOW,
    }
    const ack = await s.timeout(10_000).emitWithAck('subscribe', request).catch(() => null)
    if (!ack || s !== socket || mine !== attempt) return
    if (!ack.ok) {
      problem.value = ack.error
      return
    }
    view = ack.view
    received = ack.detail ?? null
    problem.value = null
    // What was held is older than the snapshot, which replaces the figures and the ticker whole.
    held.drop()
    summary.value = ack.summary
    detail.value = ack.detail ?? null
    feed.value = (ack.feed ?? []).slice(0, FEED_CAP)
    receivedAt.value = Date.now()
    link.value = 'live'
    snapshots.value++
  }

  /** A push belongs to what is shown: its region, and the view of the last snapshot. */
  const current = (push: { region: string; view: string }) => push.region === region.value && view !== undefined && push.view === view

  function start(token: string, initial: { region: string; period: PeriodChoice; rankBy?: string | null }, onDenied: () => void) {
    stop()
    region.value = initial.region
    period.value = initial.period
    rankBy.value = initial.rankBy ?? DEFAULT_RANK_BY
    link.value = 'connecting'
    // The line the page dialled as it loaded (live/early.ts), when it is this token's.
    const early = takeEarlyLine(token)
    line = early ?? openLiveSocket(token)
    const s = line.socket
    socket = s
    s.on('connect', () => void resubscribe())
    s.on('disconnect', () => {
      link.value = 'offline'
    })
    s.on('connect_error', (err) => {
      if (/unauthorized/.test(err.message)) {
        link.value = 'denied'
        stop()
        onDenied()
      } else link.value = 'offline'
    })
    // One frame per application: the figures, the panels and the ticker's new lines together.
    s.on('summary', (push) => {
      const feed = push.feed && push.region === region.value ? push.feed : []
      let figures: HeldPush['figures']
      if (current(push)) {
        // Patched at once, in order of arrival: what is held and merged below is always whole.
        const d = receiveDetail(received, push)
        // A frame was missed (or the patch does not fit): the whole state again, never a guess.
        if (d === 'resync') void resubscribe()
        else if (d !== 'stale') {
          received = d
          if (!(summary.value && push.seq < summary.value.seq)) figures = { summary: push.summary, detail: d }
        }
      }
      if (figures) held.offer({ figures, feed, receivedAt: Date.now() })
      // The region's lines ride on figures of a view not (or no longer) shown: the lines are shown, the time is not.
      else if (feed.length > 0) held.offer({ feed })
    })
    s.on('feed:items', (push) => {
      if (push.region !== region.value) return
      held.offer({ feed: push.items, receivedAt: Date.now() })
    })
    s.on('risk:changed', (push) => {
      for (const listener of riskListeners) listener(push.risk)
    })
    // An early line may have connected before the store started (the region tree came first).
    if (early?.socket.connected) void resubscribe()
  }

  /** Calls `listener` with every risk-point change pushed; returns the way to stop. */
  function onRiskChanged(listener: (risk: RiskView) => void): () => void {
    riskListeners.add(listener)
    return () => riskListeners.delete(listener)
  }

  /**
   * Show another view. A new region or period clears what is shown (a figure must never stand
   * under a label it does not belong to); a new ranking keeps the figures until its snapshot.
   */
  function setView(next: { region?: string; period?: PeriodChoice; rankBy?: string }) {
    const regionChanged = next.region !== undefined && next.region !== region.value
    const periodChanged = next.period !== undefined && !samePeriod(next.period, period.value)
    const rankChanged = next.rankBy !== undefined && next.rankBy !== rankBy.value
    if (!regionChanged && !periodChanged && !rankChanged) return
    const old = region.value
    if (next.region !== undefined) region.value = next.region
    if (next.period !== undefined) period.value = next.period
    if (next.rankBy !== undefined) rankBy.value = next.rankBy
    view = undefined
    // The region's lines held for the ticker stay for a new period or ranking, as the ticker does.
    held.drop({ keepRider: !regionChanged })
    if (regionChanged || periodChanged) {
      summary.value = null
      detail.value = null
    }
    if (regionChanged) feed.value = []
    if (socket?.connected) {
      if (regionChanged && old) socket.emit('unsubscribe', { region: old })
      void resubscribe()
    }
  }

  function stop() {
    held.drop()
    line?.close()
    line = null
    socket = null
  }

  return { link, region, period, rankBy, summary, detail, feed, receivedAt, problem, snapshots, start, setView, stop, onRiskChanged }
})
