import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

/**
 * The wall's initial JavaScript (the entry and what index.html preloads) stays under 300 kB gzip:
 * ECharts, the map, the desk, the camera player and hls.js are chunks fetched later. Reads the
 * build (`npm run build`; `npm test` builds first); without one there is nothing to measure.
 */
const DIST = path.resolve('dist/client')
const built = fs.existsSync(path.join(DIST, 'index.html'))

describe('the initial bundle', () => {
  it.skipIf(!built)('is under 300 kB gzip and carries neither hls.js nor the camera player', () => {
    const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8')
    const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!)
    expect(scripts.length).toBeGreaterThan(0)
    const gzipKB = scripts.reduce((n, f) => n + gzipSync(fs.readFileSync(path.join(DIST, f))).length, 0) / 1024
    expect(gzipKB).toBeLessThan(300)
    expect(scripts.some((f) => /hls|CameraPlayer/.test(f))).toBe(false)
    // …and it is there to be fetched when a camera is opened.
    expect(fs.readdirSync(path.join(DIST, 'assets')).some((f) => /^hls\.light-.*\.js$/.test(f))).toBe(true)
  })
})
