import type { Camera } from '../../../shared/api/cameras'

/**
 * How a camera opens in this browser:
 * - `hls`: its .m3u8 stream through hls.js (Media Source Extensions: Chromium, Firefox, desktop Safari);
 * - `native`: the browser plays HLS itself (Safari on iOS before ManagedMediaSource);
 * - `link`: a page of the video platform (or a stream the page cannot play), opened in a new tab;
 * - `none`: the camera was registered without any address.
 */
export type CameraSource = { kind: 'hls' | 'native' | 'link'; url: string } | { kind: 'none' }

/** What the browser can do, asked once (see `browserAbilities`); plain values so the choice is testable. */
export interface PlayAbilities {
  /** MediaSource or ManagedMediaSource exists: hls.js can play. */
  mse: boolean
  /** `video.canPlayType('application/vnd.apple.mpegurl')` answered something. */
  nativeHls: boolean
}

export function chooseSource(c: Pick<Camera, 'kind' | 'streamUrl' | 'platformUrl'>, can: PlayAbilities): CameraSource {
  if (c.kind === 'hls' && c.streamUrl) {
    // hls.js first where it runs: the same player, errors and clean-up on every wall.
    if (can.mse) return { kind: 'hls', url: c.streamUrl }
    if (can.nativeHls) return { kind: 'native', url: c.streamUrl }
  }
  const link = c.platformUrl || c.streamUrl
  return link ? { kind: 'link', url: link } : { kind: 'none' }
}

export function browserAbilities(): PlayAbilities {
  const w = globalThis as { MediaSource?: unknown; ManagedMediaSource?: unknown; document?: Document }
  const video = w.document?.createElement('video')
  return {
    mse: typeof w.MediaSource === 'function' || typeof w.ManagedMediaSource === 'function',
    nativeHls: !!video && video.canPlayType('application/vnd.apple.mpegurl') !== '',
  }
}
