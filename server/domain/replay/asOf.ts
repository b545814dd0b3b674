import type { Parsed } from '../aggregate/view'

/** `asOf` of a query: absent (live), an instant not after `now`, or a refusal with its path. */
export function parseAsOf(asOf: string | undefined, now: number): Parsed<number> | null {
  if (asOf === undefined) return null
  const t = Date.parse(asOf)
  const refuse = (message: string): Parsed<number> => ({ ok: false, error: `invalid request: ${message}`, details: [{ path: '/querystring/asOf', message }] })
  if (Number.isNaN(t)) return refuse('is not an ISO-8601 date-time')
  if (t > now) return refuse('lies in the future: a replay shows what the server had at a past instant')
  return { ok: true, value: t }
}
