import os from 'node:os'
/**
 * Tokens, keys and passwords never reach a log line. Three layers, because logs are read by more
 * people than the admin page is: serializers that never emit a secret-bearing field (a request's
 * URL without its `token=`, a socket handshake without its `auth`), pino's redaction of known
 * secret-bearing paths, and a last pass over every serialized line for anything that still looks
 * like a credential (`token=…`, `Bearer …`, our `st_`/`kt_`/`yk_` secrets, the configured admin
 * password and ingest key), wherever a message or an error's text carried it.
 */
import type { FastifyServerOptions } from 'fastify'

/** Fastify's logger options (pino's, plus `stream`). */
type LoggerOptions = Exclude<NonNullable<FastifyServerOptions['logger']>, boolean>
type LogStream = { write(line: string): void }

export const REDACTED = '[redacted]'

/** Query parameters that carry a credential (`/?token=kt_…` logs a kiosk in). */
const SECRET_PARAM = /([?&;](?:token|access_token|api_key|key|password)=)[^&#\s"'\\]*/gi
const BEARER = /(\b(?:Bearer|Basic)\s+)[^\s"'\\,]+/gi
// newSecret() in server/auth/secrets.ts: a prefix, "_", 43 base64url characters.
const OUR_SECRETS = /\b((?:st|kt|yk)_)[A-Za-z0-9_-]{20,}/g

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A function replacing every credential-like part of a text, plus the given secrets verbatim. */
export function secretRedactor(known: ReadonlyArray<string | null | undefined> = []): (text: string) => string {
  // A secret may appear raw or JSON-escaped inside a serialized line.
  const literals = [...new Set(known.filter((s): s is string => typeof s === 'string' && s.length >= 8).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))]
  const knownPattern = literals.length > 0 ? new RegExp(literals.map(escapeRegExp).join('|'), 'g') : null
  return (text) => {
    let out = text.replace(SECRET_PARAM, `$1${REDACTED}`).replace(BEARER, `$1${REDACTED}`).replace(OUR_SECRETS, `$1${REDACTED}`)
    if (knownPattern) out = out.replace(knownPattern, REDACTED)
    return out
  }
}

const redactText = secretRedactor()

/** A URL as it may be logged: path and harmless parameters, credentials replaced. */
export const redactUrl = (url: string | undefined): string | undefined => (url === undefined ? undefined : redactText(url))

interface RequestLike {
  method?: string
  url?: string
  host?: string
  ip?: string
  socket?: { remotePort?: number }
  headers?: Record<string, unknown>
}
interface HandshakeLike {
  address?: string
  url?: string
  time?: string
  auth?: Record<string, unknown>
}

/** Fastify's request serializer, with the URL redacted (and still no headers). */
export function requestForLog(req: RequestLike) {
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }
}

/** A Socket.IO handshake as it may be logged: who and from where, never what it authenticated with. */
export function handshakeForLog(h: HandshakeLike) {
  return { address: h.address, url: redactUrl(h.url), time: h.time, authFields: h.auth ? Object.keys(h.auth) : [] }
}

/**
 * Paths of fields that may hold a credential in an object someone logs (`*` is any one key); the
 * line pass catches the rest. Matched by the redactor below, compiled once.
 */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
]

/** Where a walk down a logged object stands: censor the field here, or which keys to follow. */
interface RedactState {
  censor: boolean
  /** The keys some path names at this depth. */
  named: ReadonlyMap<string, RedactState>
  /** Any other key (a `*`), or null: nothing further down to look for. */
  other: RedactState | null
}

interface PathTrie {
  id: number
  end: boolean
  keys: Map<string, PathTrie>
  any: PathTrie | null
}

/**
 * The paths as a deterministic automaton, built once: pino's own `redact` (through @pinojs/redact)
 * parses every path again on each call, and with a `*.…` path it calls it for every field of every
 * line and every child logger's bindings (Fastify's per-request `reqId`), which is the cost.
 */
export function compileRedactPaths(paths: readonly string[]): RedactState {
  let ids = 0
  const trie = (): PathTrie => ({ id: ids++, end: false, keys: new Map(), any: null })
  const root = trie()
  for (const path of paths) {
    let at = root
    for (const part of path.split('.')) {
      if (part === '*') at = at.any ??= trie()
      else {
        const next = at.keys.get(part) ?? trie()
        at.keys.set(part, next)
        at = next
      }
    }
    at.end = true
  }
  const states = new Map<string, RedactState>()
  const stateOf = (set: PathTrie[]): RedactState | null => {
    if (set.length === 0) return null
    const key = set.map((t) => t.id).sort((a, b) => a - b).join(',')
    const known = states.get(key)
    if (known) return known
    const named = new Map<string, RedactState>()
    const state: RedactState = { censor: set.some((t) => t.end), named, other: null }
    states.set(key, state)
    const anys = set.flatMap((t) => (t.any ? [t.any] : []))
    state.other = stateOf(anys)
    for (const name of new Set(set.flatMap((t) => [...t.keys.keys()]))) {
      const next = stateOf([...set.flatMap((t) => t.keys.get(name) ?? []), ...anys])
      if (next) named.set(name, next)
    }
    return state
  }
  return stateOf([root])!
}

/** A shallow copy to write a censored field into; an Error stays an Error (its serializer needs message and stack). */
function shallowCopy(value: object): Record<string, unknown> {
  if (Array.isArray(value)) return [...(value as unknown[])] as unknown as Record<string, unknown>
  const proto = Object.getPrototypeOf(value) as object | null
  if (proto === Object.prototype || proto === null) return { ...value }
  return Object.create(proto, Object.getOwnPropertyDescriptors(value)) as Record<string, unknown>
}

/**
 * The value with every field the automaton censors replaced by REDACTED, copying only the objects
 * on the way to one (the caller's objects are never changed; nothing is allocated when nothing
 * matches). Objects with toJSON are left whole: JSON shows what toJSON returns, not their fields.
 */
export function redactFields(value: unknown, at: RedactState, skip?: ReadonlySet<string>): unknown {
  if (typeof value !== 'object' || value === null || typeof (value as { toJSON?: unknown }).toJSON === 'function') return value
  const source = value as Record<string, unknown>
  let copy: Record<string, unknown> | null = null
  for (const key in source) {
    if (!Object.hasOwn(source, key) || skip?.has(key)) continue
    const next = at.named.get(key) ?? at.other
    if (next === null) continue
    const field = source[key]
    const out = next.censor ? (field === undefined ? field : REDACTED) : redactFields(field, next)
    if (out === field) continue
    copy ??= shallowCopy(source)
    copy[key] = out
  }
  return copy ?? value
}

const REDACT = compileRedactPaths(REDACT_PATHS)
/**
 * Fields logged through a serializer of their own, which emits fixed fields and never a credential
 * (requestForLog, handshakeForLog, Fastify's `res`): walking the raw object would only copy it.
 */
const SERIALIZED = new Set(['req', 'res', 'handshake'])

/** The fields of a line (pino's `formatters.log`, before serializers) with credentials censored. */
export const redactLogFields = (fields: Record<string, unknown>): Record<string, unknown> =>
  redactFields(fields, REDACT, SERIALIZED) as Record<string, unknown>

export interface LogSettings {
  level: string
  /** Secrets from the configuration, redacted verbatim wherever they appear. */
  secrets: ReadonlyArray<string | null | undefined>
  /** Where lines go (tests capture them); default stdout. */
  stream?: LogStream
  /** This node's name (YIPING_NODE_ID), on every line so that several nodes' logs can be merged. */
  nodeId?: string
}

/** The logger options of the app (Fastify passes them to pino). */
export function loggerOptions({ level, secrets, stream, nodeId }: LogSettings): LoggerOptions {
  const redactLine = secretRedactor(secrets)
  return {
    level,
    ...(nodeId ? { base: { pid: process.pid, hostname: os.hostname(), nodeId } } : {}),
    ...(stream ? { stream } : {}),
    serializers: { req: requestForLog, handshake: handshakeForLog },
    // Not pino's `redact`: see compileRedactPaths. Child loggers' bindings are not walked (Fastify's
    // bind only `reqId`); the line pass below still covers them.
    formatters: { log: redactLogFields },
    hooks: { streamWrite: redactLine },
  }
}
