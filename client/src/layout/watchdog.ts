import { onBeforeUnmount, onMounted } from 'vue'

/**
 * A wall runs for weeks. Should its JS heap ever grow past what it needs (a leak in a library, a
 * browser quirk), the watchdog reloads the page where it stands (the address holds the region,
 * the period and the ranking; the token is kept by the session store), but only when the server
 * answers: a reload while the server is away would trade a working, if heavy, wall for an error
 * page. One reading over the limit is not enough (garbage may simply not be collected yet); it
 * must stay over for `strikes` checks in a row.
 */
export interface WatchdogDeps {
  /** Bytes of JS heap in use, or null where the browser does not say (then the watchdog does nothing). */
  heapBytes: () => number | null
  /** Whether the server answers /healthz now. */
  serverAnswers: () => Promise<boolean>
  /** The wall's place: the address to come back to. */
  href: () => string
  reload: (href: string) => void
  every: (fn: () => void, ms: number) => () => void
}

export interface WatchdogOptions {
  limitBytes: number
  everyMs: number
  strikes: number
}

/** A wall uses about 15–25 MB of heap; 256 MB is far past any honest need, well short of a tab's limit. */
export const WATCHDOG_DEFAULTS: WatchdogOptions = { limitBytes: 256 * 2 ** 20, everyMs: 60_000, strikes: 3 }

/** Starts checking; answers the way to stop. */
export function startWatchdog(deps: WatchdogDeps, opts: WatchdogOptions = WATCHDOG_DEFAULTS): () => void {
  let over = 0
  let busy = false
  let stopped = false
  const check = async () => {
    if (busy || stopped) return
    const heap = deps.heapBytes()
    if (heap === null || heap <= opts.limitBytes) {
      over = 0
      return
    }
    if (++over < opts.strikes) return
    busy = true
    try {
      const ok = await deps.serverAnswers().catch(() => false)
      if (ok && !stopped) deps.reload(deps.href())
    } finally {
      busy = false
    }
  }
  const cancel = deps.every(() => void check(), opts.everyMs)
  return () => {
    stopped = true
    cancel()
  }
}

/** The browser's side: Chromium's performance.memory, GET /healthz, location. */
export function browserWatchdogDeps(): WatchdogDeps {
  return {
    heapBytes: () => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null,
    serverAnswers: async () => {
      const res = await fetch('/healthz', { cache: 'no-store', signal: AbortSignal.timeout(10_000) })
      return res.ok
    },
    href: () => window.location.href,
    reload: (href) => window.location.replace(href),
    every: (fn, ms) => {
      const timer = setInterval(fn, ms)
      return () => clearInterval(timer)
    },
  }
}

/** The wall's watchdog, for as long as the calling component is mounted. */
export function useWatchdog(): void {
  let stop: (() => void) | undefined
  onMounted(() => (stop = startWatchdog(browserWatchdogDeps())))
  onBeforeUnmount(() => stop?.())
}
