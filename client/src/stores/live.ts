import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { FeedItem } from '../../../shared/live/protocol'
import type { Summary } from '../../../shared/summary/schema'
import { openLiveSocket, type LiveSocket } from '../live/socket'

export type LinkState = 'connecting' | 'live' | 'offline' | 'denied'

const FEED_CAP = 40

/**
 * The wall's live data. Figures arrive by push only; after any (re)connect the region is
 * subscribed again and the snapshot in the ack replaces everything, so nothing that happened
 * during an outage is missed. Summaries are replaced whole (shallowRef), never deep-mutated.
 */
export const useLiveStore = defineStore('live', () => {
  const link = ref<LinkState>('connecting')
  const region = ref<string>('')
  const summary = shallowRef<Summary | null>(null)
  const feed = shallowRef<FeedItem[]>([])
  /** Browser time of the last data received, for "数据更新于 …" and the offline banner. */
  const receivedAt = ref<number | null>(null)
  const problem = ref<string | null>(null)
  let socket: LiveSocket | null = null

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
    problem.value = null
    summary.value = ack.summary
    feed.value = ack.feed.slice(0, FEED_CAP)
    receivedAt.value = Date.now()
    link.value = 'live'
  }

  function start(token: string, code: string, onDenied: () => void) {
    stop()
    region.value = code
    link.value = 'connecting'
    const s = openLiveSocket(token)
    socket = s
    s.on('connect', () => void resubscribe())
    s.on('disconnect', () => (link.value = 'offline'))
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
      receivedAt.value = Date.now()
    })
    s.on('feed:items', (push) => {
      if (push.region !== region.value) return
      feed.value = [...push.items, ...feed.value].slice(0, FEED_CAP)
    })
  }

  /** Follow another region: leave the old room, take the new one's snapshot. */
  function setRegion(code: string) {
    if (code === region.value) return
    const old = region.value
    region.value = code
    summary.value = null
    feed.value = []
    if (socket?.connected) {
      if (old) socket.emit('unsubscribe', { region: old })
      void resubscribe()
    }
  }

  function stop() {
    socket?.removeAllListeners()
    socket?.disconnect()
    socket = null
  }

  return { link, region, summary, feed, receivedAt, problem, start, setRegion, stop }
})
