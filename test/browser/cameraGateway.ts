import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext } from 'playwright-core'

const CLIP = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/camera')
/** One three-second fMP4 segment of a test card (fixtures/make-camera-clip.ts), whatever camera is asked for. */
const PLAYLIST = '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:3\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:3.0,\nseg0.m4s\n#EXT-X-ENDLIST\n'

/**
 * A video gateway at `gateway` answered inside the browser context (the machine is offline): any
 * `.m3u8` is the playlist above, `init.mp4` and `seg0.m4s` its segments, anything else 404. Answers
 * the list of what the page asked, in order.
 */
export async function withGateway(context: BrowserContext, gateway: string): Promise<string[]> {
  const asked: string[] = []
  const cors = { 'access-control-allow-origin': '*' }
  await context.route(`${gateway}/**`, async (route) => {
    const url = new URL(route.request().url())
    asked.push(url.href)
    if (url.pathname.endsWith('.m3u8')) return route.fulfill({ status: 200, headers: { ...cors, 'content-type': 'application/vnd.apple.mpegurl' }, body: PLAYLIST })
    const file = path.join(CLIP, path.basename(url.pathname))
    if (fs.existsSync(file)) return route.fulfill({ status: 200, headers: { ...cors, 'content-type': 'video/mp4' }, body: fs.readFileSync(file) })
    return route.fulfill({ status: 404, headers: cors, body: '' })
  })
  return asked
}
