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

/** pino paths that may hold a credential in an object someone logs; the line pass catches the rest. */
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
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: { streamWrite: redactLine },
  }
}
