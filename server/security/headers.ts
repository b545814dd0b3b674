/**
 * The security headers of every response: one Content-Security-Policy the wall, the duty desk and
 * their assets run under, and the plain headers (nosniff, referrer) that also go on Socket.IO's own
 * HTTP answers. Pure: configuration in, header values out.
 */

/** `'self'` unless a hosting portal is named (YIPING_FRAME_ANCESTORS). */
export const DEFAULT_FRAME_ANCESTORS = ["'self'"] as const

const KEYWORDS: Record<string, string> = { self: "'self'", "'self'": "'self'", none: "'none'", "'none'": "'none'" }
// scheme://host[:port], the host possibly starting with "*." (CSP host-source); no paths, no quotes.
const ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?\/?$/i

/**
 * `YIPING_FRAME_ANCESTORS`: who may show the wall in a frame, as CSP sources separated by spaces
 * or commas (`'self' https://portal.example.gov.cn`). Anything else is refused at start-up rather
 * than put into a header, where a stray `;` would add a directive.
 */
export function parseFrameAncestors(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [...DEFAULT_FRAME_ANCESTORS]
  const sources = raw.split(/[\s,]+/).filter(Boolean)
  const bad = sources.filter((s) => !KEYWORDS[s.toLowerCase()] && !ORIGIN.test(s))
  if (bad.length > 0)
    throw new Error(
      `invalid configuration: YIPING_FRAME_ANCESTORS: ${bad.map((s) => JSON.stringify(s)).join(', ')} ` +
        "is not 'self', 'none' or an origin like https://portal.example.gov.cn",
    )
  const out = [...new Set(sources.map((s) => KEYWORDS[s.toLowerCase()] ?? s.replace(/\/$/, '')))]
  if (out.includes("'none'") && out.length > 1) throw new Error("invalid configuration: YIPING_FRAME_ANCESTORS: 'none' cannot be combined with other sources")
  return out
}

/**
 * `YIPING_VIDEO_ORIGINS`: the video gateways whose HLS streams the desk and the wall may play in
 * the page (origins separated by spaces or commas, `https://video.example.gov.cn:8443`). hls.js
 * fetches the playlist and segments itself (connect-src) and Safari plays the playlist natively
 * (media-src); a stream elsewhere is refused by the browser, and its camera opens as a link instead.
 * Empty by default: only streams of this server's own origin (a gateway proxied under it) play.
 */
export function parseVideoOrigins(raw: string | undefined): string[] {
  const sources = (raw ?? '').split(/[\s,]+/).filter(Boolean)
  const bad = sources.filter((s) => !ORIGIN.test(s))
  if (bad.length > 0)
    throw new Error(`invalid configuration: YIPING_VIDEO_ORIGINS: ${bad.map((s) => JSON.stringify(s)).join(', ')} is not an origin like https://video.example.gov.cn`)
  return [...new Set(sources.map((s) => s.replace(/\/$/, '')))]
}

/**
 * The wall's policy. Everything comes from this server: the built script and stylesheet
 * (Vite emits no inline script), map files, the Socket.IO connection ('self' covers ws:/wss: of the
 * same host). No `upgrade-insecure-requests`: command rooms often serve the wall over plain HTTP on
 * an intranet address, where upgrading every request to https would break it; TLS is the reverse
 * proxy's business (docs/security.md).
 */
export function wallCsp(frameAncestors: readonly string[], videoOrigins: readonly string[] = []): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'style-src-elem': ["'self'"],
    // The one relaxation: ECharts builds its tooltips as HTML strings with style="" attributes (our
    // map tooltips and its own axis tooltips alike) and sets them with innerHTML. Attributes only:
    // no <style> element, no stylesheet from elsewhere, and nothing here can run script.
    'style-src-attr': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...videoOrigins],
    // hls.js hands the video element a MediaSource as a blob: URL; Safari plays the gateway's playlist itself.
    'media-src': ["'self'", 'blob:', ...videoOrigins],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': [...frameAncestors],
  }
}

/**
 * /docs (Swagger UI) runs under the wall's policy plus one thing: the Swagger logo in its top bar is
 * an inline SVG carrying a <style> of two fill colours. Allowed by that text's hash, not by
 * 'unsafe-inline' (test/browser/csp.test.ts fails with the new hash if an upgrade changes it).
 */
export const SWAGGER_LOGO_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"

export function docsCsp(frameAncestors: readonly string[]): Record<string, string[]> {
  // Swagger UI plays no video: the wall's policy without the video gateways.
  const wall = wallCsp(frameAncestors)
  return { ...wall, 'style-src-elem': [...wall['style-src-elem']!, SWAGGER_LOGO_STYLE_HASH] }
}

export const serializeCsp = (directives: Record<string, string[]>): string =>
  Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ')

/** Tokens travel once in `/?token=…`: no page of ours ever sends its address anywhere. */
export const REFERRER_POLICY = 'no-referrer' as const

/** For answers that do not pass through Fastify's hooks (Socket.IO's long-polling transport). */
export const PLAIN_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': REFERRER_POLICY,
}
