import { describe, expect, it } from 'vitest'
import { playStream, type HlsClass, type HlsLike } from '../../client/src/cameras/attach'
import { chooseSource } from '../../client/src/cameras/source'

const chromium = { mse: true, nativeHls: false }
const oldIPhone = { mse: false, nativeHls: true }
const neither = { mse: false, nativeHls: false }
const hls = { kind: 'hls' as const, streamUrl: 'https://v.example.gov.cn/live/c1/index.m3u8', platformUrl: 'https://v.example.gov.cn/platform?cam=c1' }
const link = { kind: 'link' as const, streamUrl: 'https://gw.example.gov.cn/c2.flv', platformUrl: null }

describe('how a camera opens', () => {
  it('plays an HLS stream with hls.js where Media Source Extensions exist, natively where only the browser can, else links out', () => {
    expect(chooseSource(hls, chromium)).toEqual({ kind: 'hls', url: hls.streamUrl })
    expect(chooseSource(hls, { mse: true, nativeHls: true })).toEqual({ kind: 'hls', url: hls.streamUrl })
    expect(chooseSource(hls, oldIPhone)).toEqual({ kind: 'native', url: hls.streamUrl })
    expect(chooseSource(hls, neither)).toEqual({ kind: 'link', url: hls.platformUrl })
  })

  it('opens a platform camera (or a stream the page cannot play) as a link: the platform page first, else the stream', () => {
    expect(chooseSource({ kind: 'link', streamUrl: 'https://v.example/1.flv', platformUrl: 'https://v.example/cam/1' }, chromium)).toEqual({ kind: 'link', url: 'https://v.example/cam/1' })
    expect(chooseSource(link, chromium)).toEqual({ kind: 'link', url: link.streamUrl })
    expect(chooseSource({ kind: 'link', streamUrl: null, platformUrl: null }, chromium)).toEqual({ kind: 'none' })
  })
})

/** A video element as far as the player touches it. */
function fakeVideo() {
  const calls: string[] = []
  const listeners = new Map<string, () => void>()
  const v = {
    muted: false,
    defaultMuted: false,
    src: '',
    removeAttribute: (name: string) => {
      calls.push(`removeAttribute:${name}`)
      v.src = ''
    },
    load: () => calls.push('load'),
    addEventListener: (type: string, fn: () => void) => listeners.set(type, fn),
    removeEventListener: (type: string) => listeners.delete(type),
  }
  return { video: v as unknown as HTMLVideoElement, v, calls, listeners }
}

/** hls.js as far as the player uses it, recording what was asked of it. */
function fakeHls() {
  const made: Array<{ config: Record<string, unknown>; log: string[]; error?: (e: string, d: { fatal?: boolean; details?: string }) => void }> = []
  class Fake implements HlsLike {
    rec: (typeof made)[number]
    constructor(config: Record<string, unknown>) {
      this.rec = { config, log: [] }
      made.push(this.rec)
    }
    loadSource(url: string) {
      this.rec.log.push(`load:${url}`)
    }
    attachMedia() {
      this.rec.log.push('attach')
    }
    on(_event: 'hlsError', fn: (e: string, d: { fatal?: boolean; details?: string }) => void) {
      this.rec.error = fn
    }
    destroy() {
      this.rec.log.push('destroy')
    }
  }
  return { made, load: async (): Promise<HlsClass> => Fake }
}

describe('the camera player', () => {
  it('plays muted through hls.js without its worker, and on close destroys it and empties the element', async () => {
    const { video, v, calls } = fakeVideo()
    const hlsjs = fakeHls()
    const failures: string[] = []
    const p = playStream(video, { kind: 'hls', url: hls.streamUrl }, (why) => failures.push(why), hlsjs.load)
    await p.ready
    expect(v.muted).toBe(true)
    expect(v.defaultMuted).toBe(true)
    expect(hlsjs.made).toHaveLength(1)
    expect(hlsjs.made[0]!.config).toMatchObject({ enableWorker: false })
    expect(hlsjs.made[0]!.log).toEqual([`load:${hls.streamUrl}`, 'attach'])

    hlsjs.made[0]!.error!('hlsError', { fatal: false, details: 'fragLoadTimeOut' })
    expect(failures).toEqual([])
    hlsjs.made[0]!.error!('hlsError', { fatal: true, details: 'manifestLoadError' })
    hlsjs.made[0]!.error!('hlsError', { fatal: true, details: 'manifestLoadError' })
    expect(failures).toEqual(['manifestLoadError'])

    p.stop()
    p.stop()
    expect(hlsjs.made[0]!.log.filter((l) => l === 'destroy')).toHaveLength(1)
    expect(calls).toEqual(['removeAttribute:src', 'load'])
  })

  it('closed before hls.js has arrived: never starts it', async () => {
    const { video } = fakeVideo()
    const hlsjs = fakeHls()
    const p = playStream(video, { kind: 'hls', url: hls.streamUrl }, () => undefined, hlsjs.load)
    p.stop()
    await p.ready
    expect(hlsjs.made).toEqual([])
  })

  it('hands the playlist to the element where the browser plays HLS itself, and unloads it on close', async () => {
    const { video, v, calls, listeners } = fakeVideo()
    const hlsjs = fakeHls()
    const failures: string[] = []
    const p = playStream(video, { kind: 'native', url: hls.streamUrl }, (why) => failures.push(why), hlsjs.load)
    await p.ready
    expect(hlsjs.made).toEqual([])
    expect(v.src).toBe(hls.streamUrl)
    expect(v.muted).toBe(true)
    listeners.get('error')!()
    expect(failures).toEqual(['media'])
    p.stop()
    expect(v.src).toBe('')
    expect(listeners.has('error')).toBe(false)
    expect(calls).toEqual(['removeAttribute:src', 'load'])
  })

  it('says so when hls.js cannot be loaded', async () => {
    const { video } = fakeVideo()
    const failures: string[] = []
    const p = playStream(video, { kind: 'hls', url: hls.streamUrl }, (why) => failures.push(why), () => Promise.reject(new Error('chunk')))
    await p.ready
    expect(failures).toEqual(['load'])
  })
})
