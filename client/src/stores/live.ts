import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RiskView } from '../../../shared/api/cases'
import type { FeedItem } from '../../../shared/live/protocol'
import type { RegionDetail } from '../../../shared/summary/detail'
import type { Summary } from '../../../shared/summary/schema'
import { openLiveSocket, type LiveSocket } from '../live/socket'

export type LinkState = 'connecting' | 'live' | 'offline' | 'denied'

/** Lines kept for the ticker: the wall runs for weeks, so the list never grows past this. */
export const FEED_CAP = 30
/** When the server itself hangs up (a restart), Socket.IO does not retry on its own; we do. */
const REDIAL_MS = 1500

/**
 * The wall's live data. Figures arrive by push only; after any (re)connect the region is
 * subscribed again and the snapshot in the ack replaces everything, so nothing that happened
 * during an outage is missed. Data is replaced whole (shallowRef), never deep-mutated, and each
 * part keeps the time it was true, so every panel can say how fresh it is.
 */
export const useLiveStore = defineStore('live', () => {
  const link = ref<LinkState>('connecting')
  const region = ref<string>('')
  const summary = shallowRef<Summary | null>(null)
  /** Children, activity and categories; null until the server sends it (older servers never do). */
  const detail = shallowRef<RegionDetail | null>(null)
  const feed = shallowRef<FeedItem[]>([])
  /** Browser times (ms) at which each part last arrived, for "数据更新于 …". */
  const summaryAt = ref<number | null>(null)
  const detailAt = ref<number | null>(null)
  const feedAt = ref<number | null>(null)
  /** Browser time of the last data of any kind, for the offline banner. */
  const receivedAt = ref<number | null>(null)
  const problem = ref<string | null>(null)
  /** Counts the snapshots taken (each (re)subscribe): what else a panel fetches is refetched then. */
  const snapshots = ref(0)
  /** Who wants risk-point changes (`risk:changed`, sent to every room on the point's lineage). */
  const riskListeners = new Set<(risk: RiskView) => void>()
  let socket: LiveSocket | null = null
  let redial: ReturnType<typeof setTimeout> | undefined

  async function resubscribe() {
    const s = socket
    if (!s || !region.value) return
    const code = region.value
    const ack = await s.timeout(10_000).emitWithAck('subscribe', { region: code }).catch(() => null)
    if (!ack || s !== socket || code !== region.value) return
    if (!ack.ok) {
      problem.value = ack.error
      return
    }
    const now = Date.now()
    problem.value = null
    summary.value = ack.summary
    summaryAt.value = now
    if (ack.detail) {
      detail.value = ack.detail
      detailAt.value = now
    }
    feed.value = (ack.feed ?? []).slice(0, FEED_CAP)
    feedAt.value = now
    receivedAt.value = now
    link.value = 'live'
    snapshots.value++
  }

  function start(token: string, code: string, onDenied: () => void) {
    stop()
    region.value = code
    link.value = 'connecting'
    const s = openLiveSocket(token)
    socket = s
    s.on('connect', () => void resubscribe())
    s.on('disconnect', (reason) => {
      link.value = 'offline'
      if (reason === 'io server disconnect') {
        clearTimeout(redial)
        redial = setTimeout(() => s === socket && s.connect(), REDIAL_MS)
      }
    })
    s.on('connect_error', (err) => {
      if (/unauthorized/.test(err.message)) {
        link.value = 'denied'
        stop()
        onDenied()
      } else link.value = 'offline'
    })
    s.on('summary', (push) => {
      if (push.region !== region.value) return
      if (summary.value && push.seq < summary.value.seq) return
      summary.value = push.summary
      summaryAt.value = receivedAt.value = Date.now()
    })
    s.on('detail', (push) => {
      if (push.region !== region.value) return
      if (detail.value && push.seq < detail.value.seq) return
      detail.value = push.detail
      detailAt.value = receivedAt.value = Date.now()
    })
    s.on('feed:items', (push) => {
      if (push.region !== region.value) return
      feed.value = [...push.items, ...feed.value].slice(0, FEED_CAP)
      feedAt.value = receivedAt.value = Date.now()
    })
    s.on('risk:changed', (push) => {
      for (const listener of riskListeners) listener(push.risk)
    })
  }

  /** Calls `listener` with every risk-point change pushed; returns the way to stop. */
  function onRiskChanged(listener: (risk: RiskView) => void): () => void {
    riskListeners.add(listener)
    return () => riskListeners.delete(listener)
  }

  /** Follow another region: leave the old room, take the new one's snapshot. */
  function setRegion(code: string) {
    if (code === region.value) return
    const old = region.value
    region.value = code
    summary.value = null
    detail.value = null
    feed.value = []
    if (socket?.connected) {
      if (old) socket.emit('unsubscribe', { region: old })
      void resubscribe()
    }
  }

  function stop() {
    clearTimeout(redial)
    socket?.removeAllListeners()
    socket?.disconnect()
    socket = null
  }

  return { link, region, summary, detail, feed, summaryAt, detailAt, feedAt, receivedAt, problem, snapshots, start, setRegion, stop, onRiskChanged }
})
