import type { CameraSource } from './source'

/** The little of hls.js the player uses (so tests can hand in a stand-in). */
export interface HlsLike {
  loadSource(url: string): void
  attachMedia(media: HTMLMediaElement): void
  on(event: 'hlsError', listener: (event: string, data: { fatal?: boolean; details?: string }) => void): void
  destroy(): void
}
export type HlsClass = new (config: Record<string, unknown>) => HlsLike

/**
 * hls.js (its light build: no subtitles, alternate audio or DRM, which cameras do not use) is a
 * chunk of its own, fetched the first time a stream is opened: the wall's own script never carries it.
 */
export const loadHls = async (): Promise<HlsClass> => (await import('hls.js/light')).default as unknown as HlsClass

/** A stream being played; `stop` may be called at any time, also before hls.js has arrived, and twice. */
export interface Playback {
  /** Settles once the stream is handed to the element (or given up). */
  ready: Promise<void>
  stop(): void
}

/**
 * Plays `source` in `video`, always muted (a wall never starts making sound by itself). hls.js runs
 * without its worker: the page's CSP allows workers from this server only, and one camera at a
 * time is light work. On a fatal error (network, unplayable stream) `onFailed` is called once.
 * `stop` destroys hls.js (its loaders, timers and MediaSource) and unloads the element, so that a
 * wall that opens and closes cameras for weeks keeps nothing of them.
 */
export function playStream(video: HTMLVideoElement, source: CameraSource, onFailed: (why: string) => void, load: () => Promise<HlsClass> = loadHls): Playback {
  video.muted = true
  video.defaultMuted = true
  let hls: HlsLike | null = null
  let stopped = false
  let failed = false
  const fail = (why: string) => {
    if (failed || stopped) return
    failed = true
    onFailed(why)
  }
  const onMediaError = () => fail('media')
  const stop = () => {
    if (stopped) return
    stopped = true
    hls?.destroy()
    hls = null
    video.removeEventListener('error', onMediaError)
    video.removeAttribute('src')
    video.load()
  }
  const start = async () => {
    if (source.kind === 'native') {
      video.addEventListener('error', onMediaError)
      video.src = source.url
      return
    }
    if (source.kind !== 'hls') return
    const Hls = await load()
    if (stopped) return
    hls = new Hls({ enableWorker: false, lowLatencyMode: false, backBufferLength: 30 })
    hls.on('hlsError', (_e, data) => data.fatal && fail(data.details ?? 'error'))
    hls.loadSource(source.url)
    hls.attachMedia(video)
  }
  const ready = start().catch(() => fail('load'))
  return { ready, stop }
}
