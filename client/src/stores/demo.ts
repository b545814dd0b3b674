import { defineStore } from 'pinia'
import { onBeforeUnmount, onMounted, shallowRef } from 'vue'
import type { DemoStatus, Meta } from '../../../shared/api/meta'

/** Often while the demo loads (the progress moves), rarely after; a little slower after a failure. */
const EVERY_MS = { loading: 1500, idle: 60_000, failed: 5000 }

/**
 * Whether the store holds demo data and how far its loading is (GET /api/v1/meta, no token): the
 * 演示数据 badge and the loading overlay read it. Polled only while a component watches it.
 */
export const useDemoStore = defineStore('demo', () => {
  const status = shallowRef<DemoStatus | null>(null)
  let watchers = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  async function poll() {
    let wait = EVERY_MS.failed
    try {
      const res = await fetch('/api/v1/meta')
      if (res.ok) {
        status.value = ((await res.json()) as Meta).demo
        wait = status.value.loading ? EVERY_MS.loading : EVERY_MS.idle
      }
    } catch {
      // The server is away: the live link says so; try again shortly.
    }
    if (watchers > 0) timer = setTimeout(() => void poll(), wait)
  }

  function watch() {
    if (watchers++ === 0) void poll()
  }
  function unwatch() {
    if (--watchers === 0) clearTimeout(timer)
  }

  return { status, watch, unwatch }
})

/** The demo status for a component, polled for as long as it is mounted. */
export function useDemoStatus() {
  const demo = useDemoStore()
  onMounted(demo.watch)
  onBeforeUnmount(demo.unwatch)
  return demo
}
